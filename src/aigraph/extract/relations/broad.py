"""Broad candidates: every pair of named things in a sentence, or in a sentence
and the one before, whose classes fit a property's domain and range in
``ontology/aigraph.ttl``. The relation model (:mod:`..decide`) accepts or
rejects them; without a model they are dropped."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ...model import Claim
from ...ontology import candidate_properties, property_domains
from .context import Party, SentenceContext, group_parties, parties, path_between, risk_parties
from .registry import pattern


def sentence_things(ctx: SentenceContext) -> list[Party]:
    """The named things of the sentence that a fact may join: mentions, risks
    and the countries a group phrase stands for."""
    things = parties(ctx) + risk_parties(ctx)
    return things + [g for g in group_parties(ctx) if g.key not in {t.key for t in things}]


def fitting_pairs(subjects: list[Party], objects: list[Party]) -> Iterator[tuple[Party, str, Party]]:
    """(subject, property, object) for every pair whose classes fit a property's
    domain and range (``ontology/aigraph.ttl``), each triple of keys once."""
    seen = set()
    domains = property_domains()
    for prop in candidate_properties():
        domain, rng = domains[prop]
        for s in subjects:
            if s.cls not in domain:
                continue
            for o in objects:
                if o.key != s.key and o.cls in rng and (s.key, prop, o.key) not in seen:
                    seen.add((s.key, prop, o.key))
                    yield s, prop, o


@pattern("cooccurrence")
def cooccurrence_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """Every pair of named things in the sentence that fits a property: broad
    candidates that no hand-written pattern found, for the relation model to
    accept or reject."""
    things = sentence_things(ctx)
    for s, prop, o in fitting_pairs(things, things):
        yield ctx.claim(s.key, prop, o.key, 0.3, path_between(ctx, s.root, o.root))


@pattern("neighbour")
def neighbour_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """Pairs with one end in this sentence and the other in the sentence before
    ("The declaration was adopted on Monday. Japan and Canada signed it."),
    with both sentences as evidence."""
    if ctx.previous_sent is None:
        return
    here = sentence_things(ctx)
    before = parties(ctx, ctx.previous) + risk_parties(ctx, ctx.previous_risks)
    present = {t.key for t in here}
    before = [b for b in before if b.key not in present]   # pairs inside one sentence are done
    evidence = " ".join(f"{ctx.previous_sent.text} {ctx.sent.text}".split())
    for s, prop, o in list(fitting_pairs(here, before)) + list(fitting_pairs(before, here)):
        claim = ctx.claim(s.key, prop, o.key, 0.3)
        yield replace(claim, evidence=evidence, signals=claim.signals | {"window:previous"})
