"""Exports written straight from the Oxigraph store, by its own (Rust) writers.

rdflib's writers need an in-memory copy of the graph and spend most of a
large build's export time computing prefixed names triple by triple. A graph
built by :mod:`aigraph.graph` lives in a pyoxigraph store, so N-Triples,
N-Quads and Turtle are written from its triples: sorted once (the order that
makes exports deterministic), then serialised by pyoxigraph.

- N-Triples and N-Quads: one statement a line, lines sorted, as before.
- Turtle: triples sorted by subject, predicate, object, grouped by subject,
  with aigraph's prefixes (entity IRIs stay whole: their paths hold ``/``).
- N-Quads: each article's node and claims in the article's named graph,
  entities and facts in the default graph (see :func:`aigraph.graph.to_dataset`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Graph

from .store import ox_triples
from .vocab import PREFIXES

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_ARTICLE = ox.NamedNode("https://w3id.org/aigraph/ontology#Article")
_DERIVED_FROM = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")

#: Prefixes written in Turtle: all of aigraph's but ``aigr:`` (its local names
#: would need ``\\/`` escapes), in name order.
TURTLE_PREFIXES = {prefix: str(iri) for prefix, iri in sorted(PREFIXES.items())
                   if prefix != "aigr"}

FAST_FORMATS = ("ttl", "nt", "nq")


def sorted_triples(graph: Graph | ox.Store) -> list[ox.Triple]:
    """The graph's triples in the exports' order (by subject, predicate, object)."""
    return sorted(ox_triples(graph), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def article_graphs(triples: Iterable[ox.Triple]) -> dict:
    """Subject -> the article whose named graph its triples go into: an article
    itself, a claim the article it was derived from."""
    names = {}
    for t in triples:
        if t.predicate == _DERIVED_FROM and isinstance(t.object, ox.NamedNode):
            names.setdefault(t.subject, t.object)
        elif t.predicate == _RDF_TYPE and t.object == _ARTICLE:
            names.setdefault(t.subject, t.subject)
    return names


def quads(triples: list[ox.Triple]) -> Iterator[ox.Quad]:
    names = article_graphs(triples)
    for t in triples:
        name = names.get(t.subject)
        yield ox.Quad(t.subject, t.predicate, t.object,
                      name if name is not None else ox.DefaultGraph())


def sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(line for line in data.splitlines() if line.strip()))
    return b"\n".join(lines) + b"\n"


def serialize_fast(graph: Graph | ox.Store, fmt: str) -> bytes:
    """``fmt`` (one of :data:`FAST_FORMATS`) of the graph, deterministic."""
    triples = sorted_triples(graph)
    if fmt == "ttl":
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)
    if fmt == "nt":
        return sorted_lines(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    if fmt == "nq":
        return sorted_lines(ox.serialize(quads(triples), format=ox.RdfFormat.N_QUADS))
    raise ValueError(f"no fast writer for {fmt!r}")
