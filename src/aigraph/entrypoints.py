"""catalogue's lookups of installed entry points, grouped once per process.

``catalogue`` (spaCy's registries, srsly's msgpack hooks) asks the process's
installed entry points for a registry's group on every lookup: a scan of
every entry point of every installed package each time. Loading the pipeline
does it thousands of times (about a second of each worker's start), and
srsly does it on every msgpack call (130 microseconds each instead of 3: a
Doc's bytes, every cache file). The entry points do not change while a build
runs, so each group's are selected once and kept.
"""

from __future__ import annotations

import catalogue


class GroupedEntryPoints:
    """``importlib.metadata``'s entry points, each group's selected once."""

    def __init__(self, available) -> None:
        self._available = available
        self._groups: dict[str, object] = {}

    def select(self, **params):
        if set(params) != {"group"}:
            return self._available.select(**params)
        group = params["group"]
        if group not in self._groups:
            self._groups[group] = self._available.select(group=group)
        return self._groups[group]

    def __getattr__(self, name: str):
        return getattr(self._available, name)


def group_entry_points() -> None:
    """Have ``catalogue`` (spaCy's registries) read entry points by group from
    a table built once (a no-op after the first call)."""
    available = catalogue.AVAILABLE_ENTRY_POINTS
    if hasattr(available, "select") and not isinstance(available, GroupedEntryPoints):
        catalogue.AVAILABLE_ENTRY_POINTS = GroupedEntryPoints(available)
