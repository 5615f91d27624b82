"""Turn an :class:`~aigraph.model.Extraction` into RDF, and read/write graph files.

The graph lives in rdflib on the Oxigraph store (oxrdflib). Exports are
deterministic: the same extraction gives byte-identical files, because
IRIs are minted from content and the serialisers' output is sorted.
"""

from __future__ import annotations

import json

import hashlib
import os
import tempfile
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from . import ontology
from .corroboration import annotate_claims
from .errors import GraphLoadError, OutputError
from .extract.decide import default_threshold
from .model import Article, Claim, Entity, Extraction
from .vocab import AIG, AIGR, AIGR_IRI, PREFIXES, SCHEMA, entity_iri, iri_segment, safe_iri

FORMATS = {
    "ttl": ("turtle", "graph.ttl"),
    "nt": ("nt", "graph.nt"),
    "nq": ("nquads", "graph.nq"),
    "trig": ("trig", "graph.trig"),
    "jsonld": ("json-ld", "graph.jsonld"),
}

_DATATYPES = {"date": XSD.date, "gYearMonth": XSD.gYearMonth, "gYear": XSD.gYear}


def new_graph() -> Graph:
    """An empty graph on the Oxigraph store with aigraph's prefixes bound."""
    graph = Graph(store="Oxigraph")
    bind_prefixes(graph)
    return graph


def bind_prefixes(graph: Graph) -> None:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


def article_iri(article_id: str) -> URIRef:
    """An article's IRI; its id comes from a file name, which may hold any
    character (space, ``>``, a newline), so it is percent-encoded where needed."""
    return AIGR[f"article/{iri_segment(article_id)}"]


def claim_iri(claim: Claim) -> URIRef:
    """Deterministic: the same fact from the same sentence of the same article."""
    return AIGR[f"claim/{claim_digest(claim)}"]


def claim_digest(claim: Claim) -> str:
    return hashlib.sha1(
        "\x1f".join((claim.article, claim.subject, claim.predicate, claim.object,
                     claim.evidence)).encode("utf-8")
    ).hexdigest()[:16]


def fact_object(claim: Claim) -> URIRef | Literal:
    if claim.is_literal:
        datatype = _DATATYPES.get(claim.datatype or "")
        return Literal(claim.object, datatype=datatype)
    return entity_iri(claim.object)


def add_article(graph: Graph, article: Article) -> None:
    node = article_iri(article.id)
    graph.add((node, RDF.type, AIG.Article))
    graph.add((node, DCTERMS.source, Literal(article.source)))
    if article.title:
        graph.add((node, DCTERMS.title, Literal(article.title)))
        graph.add((node, RDFS.label, Literal(article.title)))
    if article.date:
        graph.add((node, DCTERMS.date, Literal(article.date, datatype=XSD.date)))
    if article.publisher:
        graph.add((node, DCTERMS.publisher, Literal(article.publisher)))
    url = safe_iri(article.url) if article.url else None
    if url:
        graph.add((node, PROV.hadPrimarySource, URIRef(url)))
        graph.add((node, SCHEMA.url, URIRef(url)))
    if article.summary_only:
        graph.add((node, AIG.summaryOnly, Literal(True)))


def add_entity(graph: Graph, entity: Entity) -> None:
    node = entity_iri(entity.key)
    graph.add((node, RDF.type, ontology.term(entity.cls)))
    if entity.cls == "Risk":
        # Risk concepts are described by the scheme in ontology/; a build only
        # records which articles mention them.
        graph.add((node, RDF.type, SKOS.Concept))
    graph.add((node, RDFS.label, Literal(entity.label)))
    for alias in sorted(entity.aliases - {entity.label}):
        graph.add((node, SKOS.altLabel, Literal(alias)))
    for article_id in sorted(entity.articles):
        graph.add((node, AIG.mentionedIn, article_iri(article_id)))
    if entity.same_as:
        graph.add((node, OWL.sameAs, URIRef(entity.same_as)))


def add_claim(graph: Graph, claim: Claim, min_confidence: float = 0.0) -> None:
    """The claim node, and its fact when the claim is not negated and reaches
    ``min_confidence`` (a claim below it stays, so a lower threshold brings the
    fact back)."""
    node = claim_iri(claim)
    subject, predicate, obj = entity_iri(claim.subject), ontology.term(claim.predicate), fact_object(claim)
    graph.add((node, RDF.type, AIG.Claim))
    graph.add((node, RDF.subject, subject))
    graph.add((node, RDF.predicate, predicate))
    graph.add((node, RDF.object, obj))
    graph.add((node, AIG.modality, AIG[claim.modality]))
    graph.add((node, AIG.confidence,
               Literal(Decimal(f"{claim.confidence:.2f}"), datatype=XSD.decimal)))
    graph.add((node, AIG.evidence, Literal(claim.evidence)))
    graph.add((node, PROV.wasDerivedFrom, article_iri(claim.article)))
    if claim.review:
        graph.add((node, AIG.reviewStatus, AIG[claim.review]))
    if is_fact(claim, min_confidence):
        graph.add((subject, predicate, obj))


def is_fact(claim: Claim, min_confidence: float) -> bool:
    """Whether a claim asserts its fact in the graph: an analyst's verdict
    (see :mod:`aigraph.curation`) outranks the confidence threshold."""
    return asserts(claim.modality, claim.review, claim.confidence, min_confidence)


def asserts(modality: str, review: str | None, confidence: float, min_confidence: float) -> bool:
    """:func:`is_fact` of a claim's fields (read from its compact row)."""
    if modality == "Negated" or review in ("Rejected", "Corrected"):
        return False
    return review == "Accepted" or round(confidence, 2) >= min_confidence


def add_subclass_axioms(graph: Graph, classes: set[str]) -> None:
    """State where each non-core class sits, so a reader of the export alone
    (an evaluator, a SPARQL user) can walk rdfs:subClassOf to the core class."""
    for cls in sorted(classes):
        core = ontology.core_class(cls)
        if core != cls:
            graph.add((ontology.term(cls), RDFS.subClassOf, ontology.term(core)))


def build_graph(extraction: Extraction, min_confidence: float | None = None) -> Graph:
    """The RDF graph of an extraction (articles, entities, facts and claims), in memory.

    ``min_confidence``: facts are asserted for claims at or above it; by default
    the relation model's threshold (:func:`aigraph.extract.decide.default_threshold`).
    (A build writes the same triples with :func:`write_graph_lines` into an
    on-disk store instead, see :mod:`aigraph.storediff`.)"""
    if min_confidence is None:
        min_confidence = default_threshold()
    graph = new_graph()
    if _inner_store_of(graph) is None:   # pragma: no cover - new_graph() is on Oxigraph
        _add_all(graph, extraction, min_confidence)
        return graph
    _write_lines(extraction, min_confidence, LineSink(graph))
    return graph


def write_graph_lines(extraction: Extraction, min_confidence: float, path: Path,
                      claims: "NativeClaims | None" = None) -> None:
    """The triples of :func:`build_graph` as N-Triples lines in ``path`` (unsorted,
    typed literals in the store's canonical form), without building a graph.
    ``claims``: the writer of the claims' lines, when the caller has made it."""
    with open(path, "w", encoding="utf-8") as handle:
        _write_lines(extraction, min_confidence, LineSink(None, handle), claims)


def add_articles_and_entities(graph, extraction: Extraction) -> None:
    """The class axioms, articles and entities of an extraction (everything but its claims)."""
    add_subclass_axioms(graph, {e.cls for e in extraction.entities.values()})
    for article in extraction.articles:
        add_article(graph, article)
    for key in sorted(extraction.entities):
        add_entity(graph, extraction.entities[key])


def _write_lines(extraction: Extraction, min_confidence: float, sink: "LineSink",
                 claims: "NativeClaims | None" = None) -> None:
    triples = BulkAdder(sink)   # graph.add is slow per triple: added in bulk
    add_articles_and_entities(triples, extraction)
    triples.flush()
    # claims are most of a graph: written as N-Triples text (see NativeClaims)
    (claims or NativeClaims(extraction, min_confidence)).write(sink)


def _add_all(graph, extraction: Extraction, min_confidence: float) -> None:   # pragma: no cover
    add_articles_and_entities(graph, extraction)
    for claim in extraction.claims:
        add_claim(graph, claim, min_confidence)
    annotate_claims(graph, extraction, min_confidence)


class LineSink:
    """Where a graph's N-Triples lines go: loaded into a graph's store a batch
    at a time, or written to an open file."""

    def __init__(self, graph: Graph | None, handle=None) -> None:
        from .store import graph_name

        self.store = _inner_store_of(graph) if graph is not None else None
        self.name = graph_name(graph) if graph is not None else None
        self.handle = handle

    def write(self, lines: list[str]) -> None:
        if self.handle is not None:
            self.handle.writelines(lines)
        elif lines:
            self.store.bulk_load("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES,
                                 to_graph=self.name)


def _inner_store_of(graph: Graph):
    from .store import _inner_store

    return _inner_store(graph)


class NativeClaims:
    """The triples :func:`add_claim` and :func:`annotate_claims` add, written as
    N-Triples lines: the same triples, without an rdflib term (and a pyoxigraph
    one) per value, which were most of a large build's graph time. Each
    distinct entity, property, object, sentence and date is converted once,
    through the rdflib terms the ``add_*`` functions use, and written as
    pyoxigraph writes it, so the triples are theirs."""

    #: Claims written at a time: bounded memory, few load calls.
    BATCH = 5_000

    def __init__(self, extraction: Extraction, min_confidence: float) -> None:
        from .corroboration import backing, publisher_key

        self.extraction = extraction
        self.min_confidence = min_confidence
        self.articles = {a.id: a for a in extraction.articles}
        self.backers = backing(extraction, min_confidence)
        self.publisher_key = publisher_key
        self.publishers: dict[str, str] = {}
        self.memo: dict = {}
        #: the sentences' terms, of the article being written only (a batch's
        #: claims come article by article; kept for all, they grew with the batch)
        self.texts: dict[str, str] = {}
        self.texts_of: str | None = None
        n = self.term
        self.p = {name: n("iri", str(iri), URIRef) for name, iri in (
            ("type", RDF.type), ("Claim", AIG.Claim), ("subject", RDF.subject),
            ("predicate", RDF.predicate), ("object", RDF.object), ("modality", AIG.modality),
            ("confidence", AIG.confidence), ("evidence", AIG.evidence),
            ("derived", PROV.wasDerivedFrom), ("review", AIG.reviewStatus),
            ("reported", AIG.reportedDate), ("sources", AIG.sourceCount),
            ("publishers", AIG.publisherCount))}

    def term(self, kind: str, value, make) -> str:
        """The N-Triples form of the rdflib term ``make(value)``, made once."""
        key = (kind, value)
        found = self.memo.get(key)
        if found is None:
            from .store import ntriples_term

            found = self.memo[key] = ntriples_term(make(value))
        return found

    def write(self, sink: "LineSink") -> None:
        batch: list[str] = []
        for claim in self.extraction.claims:   # a batch's claims may be on disk: read in order
            batch.append(self.lines(claim))
            if len(batch) == self.BATCH:
                sink.write(batch)
                batch = []
        sink.write(batch)

    def lines(self, claim: Claim) -> str:
        """The claim's lines, as one string."""
        from .corroboration import _fact

        t, p = self.term, self.p
        node = f"<{AIGR_IRI}claim/{claim_digest(claim)}>"
        subject = t("entity", claim.subject, entity_iri)
        predicate = t("property", claim.predicate, ontology.term)
        obj = t("object", (claim.object, claim.datatype, claim.is_literal),
                lambda v: fact_object(claim))
        confidence = t("confidence", f"{claim.confidence:.2f}",
                       lambda v: Literal(Decimal(v), datatype=XSD.decimal))
        sources, publishers = self.backed(_fact(claim))
        text = (f"{node} {p['type']} {p['Claim']} .\n"
                f"{node} {p['subject']} {subject} .\n"
                f"{node} {p['predicate']} {predicate} .\n"
                f"{node} {p['object']} {obj} .\n"
                f"{node} {p['modality']} {t('aig', claim.modality, AIG.__getitem__)} .\n"
                f"{node} {p['confidence']} {confidence} .\n"
                f"{node} {p['evidence']} {self.text(claim)} .\n"
                f"{node} {p['derived']} {t('article', claim.article, article_iri)} .\n"
                # annotate_claims: the sources backing the fact
                f"{node} {p['sources']} {t('count', sources, _integer)} .\n"
                f"{node} {p['publishers']} {t('count', publishers, _integer)} .\n")
        if claim.review:
            text += f"{node} {p['review']} {t('aig', claim.review, AIG.__getitem__)} .\n"
        if is_fact(claim, self.min_confidence):
            text += self.fact_line(claim)
        article = self.articles.get(claim.article)
        if article is not None and article.date:   # annotate_claims: the reported date
            date = t("date", article.date, lambda v: Literal(v, datatype=XSD.date))
            text += f"{node} {p['reported']} {date} .\n"
        return text

    def text(self, claim: Claim) -> str:
        """The N-Triples form of the claim's sentence, made once per article."""
        if claim.article != self.texts_of:
            self.texts, self.texts_of = {}, claim.article
        found = self.texts.get(claim.evidence)
        if found is None:
            from .store import ntriples_term

            found = self.texts[claim.evidence] = ntriples_term(Literal(claim.evidence))
        return found

    def fact_line(self, claim: Claim) -> str:
        """The line of the fact a claim asserts (its subject is the entity's)."""
        t = self.term
        obj = t("object", (claim.object, claim.datatype, claim.is_literal),
                lambda v: fact_object(claim))
        return (f"{t('entity', claim.subject, entity_iri)} "
                f"{t('property', claim.predicate, ontology.term)} {obj} .\n")

    def publisher_of(self, article_id: str) -> str:
        """:func:`aigraph.corroboration.publisher_key` of an article, once per
        article (a fact's backers are counted for every fact it backs)."""
        found = self.publishers.get(article_id)
        if found is None:
            article = self.articles.get(article_id)
            found = self.publishers[article_id] = (self.publisher_key(article) if article
                                                   else "article:" + article_id)
        return found

    def backed(self, fact) -> tuple[int, int]:
        """How many articles and publishers back a fact: once per fact (a fact
        many articles report has as many claims; counting its publishers for
        each was quadratic in its sources)."""
        found = self.backers.get(fact)
        if found is None:
            return (0, 0)
        if type(found) is not tuple:   # its backers' set, replaced by their counts
            found = self.backers[fact] = (len(found), len({self.publisher_of(a) for a in found}))
        return found


def _integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


class BulkAdder:
    """Stands for a graph to the ``add_*`` functions: collects their triples
    and writes them to a :class:`LineSink` as N-Triples lines, a bounded batch
    at a time."""

    BATCH = 50_000

    def __init__(self, sink: LineSink) -> None:
        self.sink = sink
        self.pending: list = []

    def add(self, triple) -> None:
        self.pending.append(triple)
        if len(self.pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        from .store import ntriples_term

        self.sink.write([f"{ntriples_term(s)} {ntriples_term(p)} {ntriples_term(o)} .\n"
                         for s, p, o in self.pending])
        self.pending = []


def article_of_node(graph: Graph, node: URIRef) -> str | None:
    """For N-Quads/TriG: the article a triple belongs to, by its subject."""
    for article in graph.objects(node, PROV.wasDerivedFrom):
        return str(article)
    if (node, RDF.type, AIG.Article) in graph:
        return str(node)
    return None


def to_dataset(graph: Graph) -> Dataset:
    """A dataset with one named graph per article: each article's node and
    claims go into its own graph; entities and fact triples (shared by all
    articles) stay in the default graph."""
    dataset = Dataset(default_union=False)
    for prefix, iri in PREFIXES.items():
        dataset.bind(prefix, iri, override=True, replace=True)
    for triple in graph:
        name = article_of_node(graph, triple[0]) if isinstance(triple[0], URIRef) else None
        target = dataset.graph(URIRef(name)) if name else dataset.default_graph
        target.add(triple)
    return dataset


def plain_term(term):
    """Oxigraph returns simple literals typed xsd:string; write them plain."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def to_memory(graph: Graph) -> Graph:
    """A sorted in-memory copy for serialising (stable, plain literals)."""
    plain = Graph()
    bind_prefixes(plain)
    for s, p, o in sorted(graph):
        plain.add((s, p, plain_term(o)))
    return plain


def serialize(graph: Graph, fmt: str = "ttl") -> bytes:
    """Serialise deterministically. N-Triples/N-Quads lines are sorted; Turtle,
    N-Triples and N-Quads are written from the store by pyoxigraph (see
    :mod:`aigraph.streaming`), TriG and JSON-LD by rdflib."""
    from .streaming import FAST_FORMATS, serialize_fast

    if fmt in FAST_FORMATS:
        return serialize_fast(graph, fmt)
    rdflib_format = FORMATS[fmt][0]
    plain = to_memory(graph)
    if fmt == "trig":
        data = trig_of(serialize(graph, "nq"))
    elif fmt == "nq":
        data = to_dataset(plain).serialize(format=rdflib_format, encoding="utf-8")
    elif fmt == "jsonld":
        data = canonical_json(plain.serialize(format="json-ld", encoding="utf-8", sort_keys=True,
                                              context=dict(PREFIXES)))
    else:
        data = plain.serialize(format=rdflib_format, encoding="utf-8")
    if fmt in ("nt", "nq"):
        lines = sorted(set(line for line in data.splitlines() if line.strip()))
        data = b"\n".join(lines) + b"\n"
    return data


def trig_of(nquads: bytes) -> bytes:
    """TriG written by pyoxigraph from the sorted N-Quads, graph by graph and
    subject by subject (rdflib's TriG writer follows the graph's iteration
    order, which changes from one process to the next)."""
    import pyoxigraph as ox

    from .streaming import TURTLE_PREFIXES

    quads = sorted(ox.parse(nquads, format=ox.RdfFormat.N_QUADS),
                   key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate),
                                  str(q.object)))
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=TURTLE_PREFIXES)


def canonical_json(data: bytes) -> bytes:
    """rdflib writes JSON-LD nodes and values in the graph's iteration order,
    which changes from one process to the next: every array is sorted (JSON-LD
    arrays of values are sets, and aigraph writes no @list), so the same graph
    gives the same bytes."""
    def ordered(value):
        if isinstance(value, dict):
            return {k: ordered(v) for k, v in sorted(value.items())}
        if isinstance(value, list):
            return sorted((ordered(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
        return value

    return (json.dumps(ordered(json.loads(data)), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; exports are meant to be shared
        os.replace(tmp, path)
    except OSError as exc:   # a full disk: name the file (the error itself does not)
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export(graph: Graph, out_dir: Path, fmt: str = "ttl") -> Path:
    """Write the graph in ``fmt`` into ``out_dir``; returns the file written."""
    from .streaming import FAST_FORMATS, write_fast

    path = Path(out_dir) / FORMATS[fmt][1]
    if fmt in FAST_FORMATS:
        write_fast(graph, fmt, path)   # streamed from the store
    else:
        write_atomic(path, serialize(graph, fmt))
    return path


def export_all(graph: Graph, out_dir: Path, formats, sorted_nt: Path | None = None) -> list[Path]:
    """:func:`export` in each of ``formats`` (in order, each once); the formats
    written from the store share one sorted copy of its triples (``sorted_nt``,
    the graph's sorted N-Triples, when the caller has it)."""
    from .streaming import FAST_FORMATS, write_fast_many

    formats = list(dict.fromkeys(formats))
    paths = {fmt: Path(out_dir) / FORMATS[fmt][1] for fmt in formats}
    write_fast_many(graph, {fmt: paths[fmt] for fmt in formats if fmt in FAST_FORMATS},
                    sorted_nt)
    for fmt in formats:
        if fmt not in FAST_FORMATS:
            write_atomic(paths[fmt], serialize(graph, fmt))
    return [paths[fmt] for fmt in formats]


def guess_format(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    return {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig",
            "jsonld": "json-ld", "json": "json-ld", "rdf": "xml", "xml": "xml",
            "owl": "xml"}.get(suffix, "turtle")


def load_graph(path: Path | str) -> Graph:
    """Parse a graph file (any RDF format by suffix) into an Oxigraph-backed graph."""
    path = Path(path)
    if not path.exists():
        raise GraphLoadError(f"{path}: no such graph file (run 'aigraph build' first)")
    fmt = guess_format(path)
    try:
        if fmt in ("nquads", "trig"):
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            graph = new_graph()
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
            return graph
        graph = new_graph()
        graph.parse(path, format=fmt)
        return graph
    except Exception as exc:  # rdflib raises many parser-specific types
        raise GraphLoadError(f"{path}: not valid RDF ({fmt}): {parse_error(exc)} "
                             "(a truncated or damaged file? rebuild it)") from exc


def parse_error(exc: Exception) -> str:
    """A short account of a parser's error: where and why, never the file's text
    (rdflib's Turtle errors quote the whole document)."""
    why = getattr(exc, "_why", None)
    lines = getattr(exc, "lines", None)
    if why is not None and isinstance(lines, int):     # rdflib's notation3 BadSyntax
        text = getattr(exc, "_str", b"")
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        index = getattr(exc, "_i", None)
        where = f"line {lines + 1}"
        if isinstance(index, int) and 0 <= index <= len(text):
            where += f", column {index - text.rfind(chr(10), 0, index)}"
        return f"{where}: {why}"
    message = " ".join(str(exc).split("\n", 1)[0].split())
    return message[:200] + ("..." if len(message) > 200 else "")
