"""The relation stage's candidates: pattern families that propose claims.

Every family works on one sentence of one parsed article (a
:class:`SentenceContext`) whose mentions already carry their entity keys, and
is registered by name (:mod:`.registry`, which states their order once):

- :mod:`.titles`: role, affiliatedWith, leads from titles, appositions and
  offices ("US Treasury Secretary X", "X, the director of Y", "Its co-founder, Y,")
- :mod:`.patterns`: an actor and a target joined through a trigger lemma from
  ``ontology/extraction-rules.ttl`` (partyTo, issuedBy, participatesIn, supports,
  opposes, concernedAbout, addressesRisk, developedBy, leads, memberOf);
  possessives ("China's action plan"); names inside names ("the US-China
  talks"); signatory lists; where-clauses; places and dates of events and texts
- :mod:`.dependency`: structural patterns as data (spaCy DependencyMatcher
  patterns in ``ontology/dependency-patterns.jsonl``: votes, vetoes, adoptions,
  refusals to sign)
- :mod:`..known`: facts the gazetteer knows (an AI system's developer)
- :mod:`.broad`: every pair that fits a property's domain and range, in the
  sentence or across it and the one before

Each claim carries the signals of its sentence (:mod:`.context`); the
decision stage (:mod:`..decide`) merges the candidates of a fact and lets the
relation model decide. :mod:`.tree` holds the dependency-tree utilities.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ...model import Claim
from . import broad, dependency, patterns, titles  # noqa: F401  (registers the built-in families)
from .context import Party, SentenceContext, claim_signals, pair_signals
from .patterns import opens_quotation, sentence_speaker
from .registry import ORDER, PatternError, pattern, registered_patterns, unregister
from .tree import dependency_path, is_hyphen_pair
from .. import known  # noqa: F401,E402  (registers the gazetteer's family)

__all__ = ["ORDER", "Party", "PatternError", "SentenceContext", "claim_signals",
           "dependency_path", "is_hyphen_pair", "opens_quotation", "pair_signals", "pattern",
           "registered_patterns", "sentence_claims", "sentence_speaker", "unregister"]


def sentence_claims(ctx: SentenceContext) -> Iterator[Claim]:
    """The candidate facts of a sentence, each tagged with the family that
    proposed it (the ``rule:<name>`` feature of the relation model)."""
    for name, family in registered_patterns():
        rule = f"rule:{name}"
        for claim in family(ctx):
            yield replace(claim, signals=claim.signals | {rule})
