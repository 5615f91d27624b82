"""catalogue's lookups of installed entry points, grouped once per process.

``catalogue`` (spaCy's registries, srsly's msgpack hooks) asks the process's
installed entry points for a registry's group on every lookup: a scan of
every entry point of every installed package each time. Loading the pipeline
does it thousands of times (about a second of each worker's start), and
srsly does it on every msgpack call (130 microseconds each instead of 3: a
Doc's bytes, every cache file). The entry points do not change while a build
runs, so each group's are selected once and kept.

srsly's msgpack asks its two hook registries for all their functions on
every call besides (:meth:`catalogue.Registry.get_all` copies and scans
catalogue's whole table of registered functions, thousands of spaCy's, for
the one numpy hook): 2 % of a cold build's CPU, most of it from the Doc's
span groups (a msgpack call each). Those two registries' ``get_all`` are
held too, and made again when catalogue's table changes (a function added,
or one of theirs replaced).
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


class HeldFunctions:
    """A registry's :meth:`~catalogue.Registry.get_all`, kept while catalogue's
    table keeps its size and the registry's own functions (entry points are
    grouped once anyway, see :class:`GroupedEntryPoints`)."""

    def __init__(self, registry) -> None:
        self.registry = registry
        self._plain = registry.get_all   # the bound method of the class
        self._size = -1
        self._held: dict = {}
        self._own: list[tuple[tuple, object]] = []

    def __call__(self) -> dict:
        table = catalogue.REGISTRY
        if len(table) != self._size or any(table.get(key) is not fn for key, fn in self._own):
            size = len(table)
            self._held = self._plain()
            namespace = tuple(self.registry.namespace)
            self._own = [(namespace + (name,), fn) for name, fn in self._held.items()
                         if table.get(namespace + (name,)) is fn]
            self._size = size
        return dict(self._held)   # a new dict, as catalogue's


def group_entry_points() -> None:
    """Have ``catalogue`` (spaCy's registries) read entry points by group from
    a table built once, and srsly's msgpack hooks be looked up once (a no-op
    after the first call)."""
    available = catalogue.AVAILABLE_ENTRY_POINTS
    if hasattr(available, "select") and not isinstance(available, GroupedEntryPoints):
        catalogue.AVAILABLE_ENTRY_POINTS = GroupedEntryPoints(available)
    hold_msgpack_hooks()


def hold_msgpack_hooks() -> None:
    """srsly's msgpack encoders and decoders looked up as :class:`HeldFunctions`."""
    try:
        from srsly import msgpack
    except ImportError:   # pragma: no cover - srsly comes with spaCy
        return
    for registry in (msgpack.msgpack_encoders, msgpack.msgpack_decoders):
        if not isinstance(registry.__dict__.get("get_all"), HeldFunctions):
            registry.get_all = HeldFunctions(registry)
