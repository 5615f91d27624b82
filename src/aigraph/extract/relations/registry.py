"""The relation pattern families, registered by name.

Each family is a function from one sentence (a
:class:`~.context.SentenceContext`) to candidate claims, registered with
``@pattern("name")``, much as datasette registers its built-in features like
plugins. :data:`ORDER` states once the order the built-in families run in;
a family registered elsewhere (a plugin, a test) runs after them, by name,
with no other change. The name becomes the ``rule:<name>`` feature of the
relation model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...model import Claim
    from .context import SentenceContext

Pattern = Callable[["SentenceContext"], Iterable["Claim"]]

#: The built-in families in the order they run. The order only decides which
#: sentence is kept as evidence when two families find the same fact with the
#: same confidence (the first).
ORDER = ("title", "mirror_title", "implicit_object", "signatory_list", "where_clause",
         "leader_name", "office", "unit", "quote", "possessive", "name", "place", "date",
         "path", "dependency", "known_developer", "cooccurrence", "neighbour")

_PATTERNS: dict[str, Pattern] = {}


class PatternError(ValueError):
    """A pattern family registered twice under one name."""


def pattern(name: str) -> Callable[[Pattern], Pattern]:
    """Register a pattern family under ``name``."""
    def register(function: Pattern) -> Pattern:
        known = _PATTERNS.get(name)
        if known is not None and known is not function:
            raise PatternError(f"pattern family '{name}' is registered twice "
                               f"({known.__module__}.{known.__name__}, "
                               f"{function.__module__}.{function.__name__})")
        _PATTERNS[name] = function
        return function
    return register


def unregister(name: str) -> None:
    """Forget a family (for tests and plugins that replace one)."""
    _PATTERNS.pop(name, None)


def registered_patterns() -> list[tuple[str, Pattern]]:
    """(name, family) in :data:`ORDER`, then the other registered families by name."""
    names = [n for n in ORDER if n in _PATTERNS] + sorted(set(_PATTERNS) - set(ORDER))
    return [(name, _PATTERNS[name]) for name in names]
