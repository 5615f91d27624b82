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

from ..registry import Registry

if TYPE_CHECKING:
    from ...model import Claim
    from .context import SentenceContext

Pattern = Callable[["SentenceContext"], Iterable["Claim"]]

#: The built-in families in the order they run. The order only decides which
#: sentence is kept as evidence when two families find the same fact with the
#: same confidence (the first).
ORDER = ("title", "mirror_title", "shared_title", "as_title", "implicit_object", "signatory_list",
         "participants_listed", "delegation_at_talks", "stance_group", "will_not_sign",
         "where_clause", "leader_name", "office", "unit", "quote", "possessive", "name", "place", "date",
         "path", "dependency", "person_of", "known_developer", "cooccurrence", "neighbour", "vote_word")

class PatternError(ValueError):
    """A pattern family registered twice under one name."""


PATTERNS: Registry[Pattern] = Registry("pattern family", ORDER, PatternError)
#: ``@pattern("name")`` registers a family.
pattern = PATTERNS.register
unregister = PATTERNS.unregister
registered_patterns = PATTERNS.ordered
