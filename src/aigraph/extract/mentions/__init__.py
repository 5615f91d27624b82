"""Mentions: the spans of one spaCy ``Doc`` that name an entity or a risk.

Three sources, most specific first: names built on a form word
(``aig_named``), the gazetteer (``aig_gazetteer``) and spaCy's NER. Overlaps
are resolved in that order; a gazetteer or person span inside a longer event
name is kept as an *inner* mention (it feeds relations such as "the
US-China talks" -> both countries take part) without becoming a separate
mention of its own.

:func:`find_mentions` runs the registered mention passes in turn
(:mod:`.registry`, built-in passes in :mod:`.passes`); what each pass finds,
drops or retypes is in :mod:`.core`. Register a pass of your own with
``@mention_pass("name")``: it runs after the built-in ones.
"""

from .core import (Mention, RiskMention, clean_label, find_risks, gazetteer_forms,
                   gazetteer_index, head_word_classes, lower_role_titles, overlaps,
                   role_title_words, role_words,
                   sentence_index, singular_title, strip_titles)
from .passes import MentionState, find_mentions
from .registry import (ORDER, MentionPass, MentionPassError, mention_pass, registered_passes,
                       unregister)

__all__ = ["ORDER", "Mention", "MentionPass", "MentionPassError", "MentionState", "RiskMention",
           "clean_label", "find_mentions", "find_risks", "gazetteer_forms", "gazetteer_index",
           "head_word_classes", "lower_role_titles", "mention_pass", "overlaps", "registered_passes", "role_title_words",
           "role_words", "sentence_index", "singular_title", "strip_titles", "unregister"]
