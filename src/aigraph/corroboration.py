"""Time and corroboration on claims: when each claim was reported, and how many
articles and publishers back its fact.

Every claim gets

- ``aig:reportedDate``: its article's publication date (when known), so the
  time a fact was *reported* stays apart from ``aig:date``, the time of the
  event or document the fact is *about*;
- ``aig:sourceCount``: the distinct articles backing its fact (subject,
  predicate, object): those with a non-negated claim of it at or above the
  build's confidence threshold, i.e. the articles that make it a fact;
- ``aig:publisherCount``: the distinct publishers among those articles. An
  article with no publisher counts by its URL's host, else on its own.

A fact with ``aig:sourceCount 1`` is single-source. Duplicates were folded by
ingest (:mod:`aigraph.ingest.duplicates`), so a syndicated copy does not
corroborate itself.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

from rdflib import XSD, Graph, Literal

from .model import Article, Claim, Extraction
from .vocab import AIG

Fact = tuple[str, str, str]


def publisher_key(article: Article) -> str:
    """Who published ``article``, comparable across articles."""
    if article.publisher and article.publisher.strip():
        return "name:" + " ".join(article.publisher.lower().split())
    host = (urlsplit(article.url).hostname or "") if article.url else ""
    if host:
        return "host:" + host.lower().removeprefix("www.")
    return "article:" + article.id


def backing(extraction: Extraction, min_confidence: float) -> dict[Fact, set[str]]:
    """For each fact, the ids of the articles whose claims assert it."""
    from .graph import asserts, is_fact

    articles: dict[Fact, set[str]] = defaultdict(set)
    rows = getattr(extraction.claims, "fact_rows", None)   # claims on disk: read as rows
    if rows is not None:
        for subject, predicate, obj, article, modality, review, confidence in rows():
            if asserts(modality, review, confidence, min_confidence):
                articles[(subject, predicate, obj)].add(article)
        return articles
    for claim in extraction.claims:
        if is_fact(claim, min_confidence):
            articles[_fact(claim)].add(claim.article)
    return articles


def annotate_claims(graph: Graph, extraction: Extraction, min_confidence: float) -> None:
    """Add the reported date and the source and publisher counts to every claim."""
    from .graph import claim_iri

    by_id = {a.id: a for a in extraction.articles}
    backers = backing(extraction, min_confidence)
    for claim in extraction.claims:
        node = claim_iri(claim)
        article = by_id.get(claim.article)
        if article is not None and article.date:
            graph.add((node, AIG.reportedDate, Literal(article.date, datatype=XSD.date)))
        sources = backers.get(_fact(claim), set())
        publishers = {publisher_key(by_id[a]) if a in by_id else "article:" + a for a in sources}
        graph.add((node, AIG.sourceCount, Literal(len(sources), datatype=XSD.integer)))
        graph.add((node, AIG.publisherCount, Literal(len(publishers), datatype=XSD.integer)))


def _fact(claim: Claim) -> Fact:
    return (claim.subject, claim.predicate, claim.object)
