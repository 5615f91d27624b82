"""Relations known from the gazetteer rather than read from the sentence.

A well-known AI system in ``ontology/gazetteer.ttl`` names the company that
develops it (``aig:developedBy``). When an article names both the system and
that company, the system is ``developedBy`` the company: stated with the
sentence that names the system together with the company when there is one,
else with the system's first mention. Like the office holders' affiliations
(general knowledge, not the sentence's reading), the claim is asserted
whatever the sentence's modality.
"""

from __future__ import annotations

import functools

from collections.abc import Iterator

from rdflib import URIRef

from .. import ontology
from ..model import Claim
from ..ontology import derived
from ..vocab import AIG, key_of_iri
from .relations.registry import pattern


@derived
def developers() -> dict[str, tuple[str, ...]]:
    """Gazetteer AI system key -> keys of the companies that develop it."""
    graph = ontology._parsed(ontology.ontology_dir() / ontology.GAZETTEER_FILE)
    found: dict[str, set[str]] = {}
    for system, developer in graph.subject_objects(AIG.developedBy):
        if isinstance(system, URIRef) and isinstance(developer, URIRef):
            found.setdefault(key_of_iri(str(system)), set()).add(
                key_of_iri(str(developer)))
    return {key: tuple(sorted(keys)) for key, keys in found.items()}


@pattern("known_developer")
def known_developer_relations(ctx) -> Iterator[Claim]:
    """'ChatGPT' in an article that also names OpenAI: ChatGPT developedBy OpenAI."""
    known = developers()
    here = {m.key for m in ctx.mentions if m.key}
    first = first_named(ctx.doc)
    for m in ctx.mentions:
        for developer in known.get(m.key or "", ()):
            if developer not in first and developer not in here:
                continue
            together = developer in here
            if together or first.get(m.key) == m.start:
                yield ctx.known_claim(m.key, "developedBy", developer, 0.8 if together else 0.7)


@functools.lru_cache(maxsize=1)   # the article at hand only: a doc is large
def first_named(doc) -> dict[str, int]:
    """Gazetteer key -> where the article first names it: read once per article,
    not once per sentence (a long article has thousands)."""
    first: dict[str, int] = {}
    for span in doc.spans.get("aig_gazetteer", []):
        first.setdefault(span.label_, span.start)
    return first
