"""Explain a fact: every claim behind ``subject property object`` with its
article, sentence, modality and confidence."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from .errors import EntityNotFoundError
from .model import FACT_PROPERTIES
from .names import lookup, same_name
from .vocab import AIG, AIG_IRI, PREFIXES


@dataclass(frozen=True)
class Explanation:
    subject: str
    property: str
    object: str
    article: str            # article title, else its source file name
    source: str
    evidence: str
    modality: str
    confidence: float
    review: str | None = None   # "accepted", "rejected", "corrected" (aig:reviewStatus)
    sources: int | None = None      # articles backing the fact (aig:sourceCount)
    publishers: int | None = None   # their distinct publishers (aig:publisherCount)

    def corroboration(self) -> str | None:
        """"backed by 2 articles from 2 publishers", flagged when single-source."""
        if self.sources is None:
            return None
        text = (f"backed by {self.sources} article{'s' if self.sources != 1 else ''}"
                + (f" from {self.publishers} publisher{'s' if self.publishers != 1 else ''}"
                   if self.publishers is not None else ""))
        return text + ("; single source" if self.sources == 1 else "")


def resolve_terms(graph: Graph, text: str) -> set[URIRef]:
    """Entities named by ``text``: an IRI, a prefixed name, else the entities
    :func:`aigraph.names.lookup` finds by label (or, failing that, by alias)."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return {URIRef(text[1:-1])}
    if ":" in text and not text.startswith("http"):
        prefix, _, local = text.partition(":")
        if prefix in PREFIXES and " " not in text:
            return {URIRef(PREFIXES[prefix] + local)}
    if text.startswith(("http://", "https://")):
        return {URIRef(text)}
    return set(lookup(text, graph_names(graph)))


def graph_names(graph: Graph):
    """``(node, name, is_label)`` for every ``rdfs:label``/``skos:prefLabel``
    (labels) and ``skos:altLabel`` (aliases) of an IRI in ``graph``."""
    for predicate, is_label in ((RDFS.label, True), (SKOS.prefLabel, True), (SKOS.altLabel, False)):
        for node, name in graph.subject_objects(predicate):
            if isinstance(node, URIRef):
                yield node, str(name), is_label


def label_of(graph: Graph, node) -> str:
    for predicate in (RDFS.label, SKOS.prefLabel):
        for label in graph.objects(node, predicate):
            return str(label)
    return str(node)


def property_iri(name: str) -> URIRef:
    local = name.removeprefix("aig:").removeprefix(AIG_IRI)
    if local not in FACT_PROPERTIES:
        raise EntityNotFoundError(
            f"unknown property '{name}'; use one of: {', '.join(FACT_PROPERTIES)}")
    return AIG[local]


def explain(graph: Graph, subject: str, prop: str, obj: str | None = None) -> list[Explanation]:
    """Claims whose subject, property (and object, when given) match."""
    predicate = property_iri(prop)
    subjects = resolve_terms(graph, subject)
    if not subjects:
        raise EntityNotFoundError(f"no entity is labelled '{subject}'")
    objects = resolve_terms(graph, obj) if obj is not None else None
    if obj is not None and not objects and predicate not in (AIG.role, AIG.date):
        raise EntityNotFoundError(f"no entity is labelled '{obj}'")
    out = []
    for claim in graph.subjects(RDF.type, AIG.Claim):
        if graph.value(claim, RDF.predicate) != predicate or graph.value(claim, RDF.subject) not in subjects:
            continue
        value = graph.value(claim, RDF.object)
        if obj is not None and value not in (objects or set()) and not same_name(str(value), obj):
            continue
        article = graph.value(claim, PROV.wasDerivedFrom)
        title = graph.value(article, DCTERMS.title)
        source = str(graph.value(article, DCTERMS.source) or article)
        out.append(Explanation(
            subject=label_of(graph, graph.value(claim, RDF.subject)), property=predicate.split("#")[-1],
            object=label_of(graph, value) if isinstance(value, URIRef) else str(value),
            article=str(title or source), source=source,
            evidence=str(graph.value(claim, AIG.evidence)),
            modality=str(graph.value(claim, AIG.modality)).split("#")[-1],
            confidence=float(graph.value(claim, AIG.confidence)),
            sources=_count(graph.value(claim, AIG.sourceCount)),
            publishers=_count(graph.value(claim, AIG.publisherCount)),
            review=_review_status(graph, claim),
        ))
    return sorted(out, key=lambda e: (-e.confidence, e.source, e.evidence))


def _count(value) -> int | None:
    return int(value) if value is not None else None


def _review_status(graph: Graph, claim) -> str | None:
    status = graph.value(claim, AIG.reviewStatus)
    return str(status).removeprefix(AIG_IRI).lower() if status is not None else None
