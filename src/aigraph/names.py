"""Names: the one normaliser and the one label-or-alias lookup.

Every place that compares a name with another (entity resolution, the
evaluation's matching, ``explain``, ``path``/``neighbours``, a query's
``--param`` naming an entity) goes through :func:`normalise`, the knowledge
model's matching rule, so "The U.S.", "the US" and "US" are one name
everywhere. :func:`lookup` is the one rule for which entity a name means:
those it labels win over those it is only an alias of.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable
from typing import TypeVar

__all__ = ["normalise", "same_name", "lookup"]

K = TypeVar("K", bound=Hashable)

_LEADING_THE = re.compile(r"^the\s+")


def normalise(text: str) -> str:
    """Lower-case, drop a leading "the", punctuation and spaces ("The U.S." -> "us").

    Unicode is NFKC-folded first, so full-width and compatibility forms match
    their plain spellings."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = _LEADING_THE.sub("", text)
    return "".join(char for char in text if char.isalnum())


def same_name(left: str, right: str) -> bool:
    """True when two non-empty names normalise to the same form."""
    key = normalise(left)
    return bool(key) and key == normalise(right)


def lookup(text: str, names: Iterable[tuple[K, str, bool]]) -> list[K]:
    """The keys that ``text`` names, from ``(key, name, is_label)`` triples.

    A key matches when one of its names normalises like ``text``. Keys matched
    by a label (``is_label`` true: ``rdfs:label``, ``skos:prefLabel``) win: keys
    matched only by an alias (``skos:altLabel``) are returned only when no
    label matched. Order is first seen, without repeats; [] when nothing
    matches or ``text`` has no letter or digit."""
    wanted = normalise(text)
    if not wanted:
        return []
    by_label: dict[K, None] = {}
    by_alias: dict[K, None] = {}
    for key, name, is_label in names:
        if normalise(name) == wanted:
            (by_label if is_label else by_alias)[key] = None
    return list(by_label or by_alias)
