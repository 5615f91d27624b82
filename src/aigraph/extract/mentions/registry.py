"""The mention passes, registered by name.

:func:`~.passes.find_mentions` is a loop over these passes: each takes the
doc's :class:`~.passes.MentionState` (its sentence index, the mentions
accepted so far, the inner ones) and returns the next. A pass is registered
with ``@mention_pass("name")``, as the relation families are with
``@pattern``; :data:`ORDER` states once the order the built-in passes run in,
and a pass registered elsewhere (a plugin, a test) runs after them, by name,
with no other change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..registry import Registry

if TYPE_CHECKING:
    from .passes import MentionState

MentionPass = Callable[["MentionState"], "MentionState"]

#: The built-in passes in the order they run. Order matters: names by form word
#: are accepted before the gazetteer's and NER's spans, mentions are added
#: before the passes that filter them, and the retyping passes see the final spans.
ORDER = ("gazetteer", "quoted_titles", "named_mentions", "accept_names", "ner",
         "accept_longest", "hyphenated_given_names", "organisations_before_titles",
         "speaker_mentions", "listed_people",
         "hyphenated_surnames",
         "compose_national_bodies", "acronym_definitions", "acronym_mentions", "drop_overlapped_and_datelines",
         "long_titles", "party_suffixes", "credits", "retype_by_apposition",
         "retype_companies_read_as_people", "retype_by_signers", "names_inside_events",
         "country_prefixes", "form_words_not_people", "mark_national_bodies",
         "spelled_acronyms", "described_things")

class MentionPassError(ValueError):
    """A mention pass registered twice under one name."""


PASSES: Registry[MentionPass] = Registry("mention pass", ORDER, MentionPassError)
#: ``@mention_pass("name")`` registers a pass.
mention_pass = PASSES.register
unregister = PASSES.unregister
registered_passes = PASSES.ordered
