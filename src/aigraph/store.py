"""The persistent on-disk Oxigraph store (``exports/store/`` by default).

``aigraph build`` saves its graph here as well as in Turtle, so ``query``,
``serve`` and ``push`` open a ready index instead of re-parsing a file.

Saving is "atomic enough": the new store is written into a sibling temporary
directory, then the old one is renamed away and the new one renamed into
place, so a reader sees either the old store or the new one, never a half
written one (there is a moment with no store at all between the two renames;
readers then fall back to the Turtle export).

All triples go into the store's default graph.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .errors import GraphLoadError, OutputError
from .faults import checkpoint

DEFAULT_STORE = Path("exports/store")

#: RocksDB writes this file first; a directory without it is not a store.
_STORE_MARKER = "CURRENT"

_BATCH = 100_000

#: The SHA-256 of the graph file a store was built with (see aigraph.outdir);
#: written last, so it also marks the store as complete.
STAMP_NAME = "aigraph-graph.sha256"


def is_store(path: Path | str) -> bool:
    """True when ``path`` is a directory holding an Oxigraph store."""
    path = Path(path)
    return path.is_dir() and (path / _STORE_MARKER).is_file()


def ox_term(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise GraphLoadError(f"cannot store the RDF term {term!r}")


def graph_name(graph: Graph):
    """The pyoxigraph graph name of an rdflib graph on the Oxigraph store (a
    build's graph on disk lives in the store's default graph)."""
    if graph.identifier == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    return ox_term(graph.identifier)


_XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
_PROBE = ox.NamedNode("urn:x-aigraph:probe")
_CANONICAL: dict = {}


def ntriples_term(term) -> str:
    """An rdflib (or pyoxigraph) term as the store writes it in N-Triples: a
    typed literal in the store's canonical form (it keeps ``"0.10"^^xsd:decimal``
    as the number 0.1 and writes ``"0.1"``), anything else as it is."""
    node = term if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)) else ox_term(term)
    if not isinstance(node, ox.Literal) or node.language or node.datatype == _XSD_STRING:
        return str(node)
    found = _CANONICAL.get(node)
    if found is None:   # each distinct typed literal once, through a store
        probe = ox.Store()
        probe.add(ox.Quad(_PROBE, _PROBE, node))
        found = _CANONICAL[node] = str(next(iter(probe)).object)
    return found


def ox_triples(graph: Graph | ox.Store) -> Iterator[ox.Triple]:
    """The triples of an rdflib graph (or a pyoxigraph store) as pyoxigraph triples.

    For a graph on the Oxigraph store the quads are read straight from the
    inner pyoxigraph store (much faster than converting rdflib terms)."""
    if isinstance(graph, ox.Store):
        for quad in graph:
            yield quad.triple
        return
    inner = _inner_store(graph)
    if inner is not None:
        for quad in inner.quads_for_pattern(None, None, None, graph_name(graph)):
            yield quad.triple
        return
    for s, p, o in graph:
        yield ox.Triple(ox_term(s), ox_term(p), ox_term(o))


def _inner_store(graph: Graph) -> ox.Store | None:
    """The pyoxigraph store under an oxrdflib-backed graph, else None."""
    store = getattr(graph, "store", None)
    if type(store).__name__ == "OxigraphStore":
        return store._inner  # oxrdflib keeps it private; stable since 0.3
    return None


def bulk_add(graph: Graph, triples: Iterable) -> None:
    """Add rdflib triples to ``graph``: in one bulk load when it is on the
    Oxigraph store, one by one otherwise."""
    inner = _inner_store(graph)
    if inner is None:
        for triple in triples:
            graph.add(triple)
        return
    name = graph_name(graph)
    inner.bulk_extend(ox.Quad(ox_term(s), ox_term(p), ox_term(o), name) for s, p, o in triples)


def _fill(store: ox.Store, triples: Iterable[ox.Triple]) -> int:
    """Load triples into the store's default graph in batches; returns the count."""
    count = 0
    batch: list[ox.Quad] = []
    for triple in triples:
        batch.append(ox.Quad(triple.subject, triple.predicate, triple.object))
        if len(batch) >= _BATCH:
            store.bulk_extend(batch)
            count += len(batch)
            batch = []
    if batch:
        store.bulk_extend(batch)
        count += len(batch)
    return count


#: The attribute naming the folder of a graph built straight into an on-disk
#: store (:func:`disk_graph_folder`), until that folder becomes the store.
_FOLDER_ATTR = "_aigraph_store_folder"


def new_store_folder(store_dir: Path | str) -> Path:
    """A fresh folder beside ``store_dir`` for a store being written (named as
    :func:`save_store` names its own, so a killed build's folder is recognised
    and cleared by :func:`aigraph.outdir.recover`)."""
    store_dir = Path(store_dir)
    try:
        store_dir.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=store_dir.parent, prefix=f".{store_dir.name}.new-"))
    except OSError as exc:
        raise OutputError(f"cannot write the store {store_dir}: {exc.strerror or exc}") from exc


def disk_graph(folder: Path, optimize: bool = True) -> Graph:
    """An rdflib graph on the default graph of an on-disk Oxigraph store in
    ``folder``: a large build's graph is not held in memory, and
    :func:`save_store` makes that folder the store (no second load).
    ``optimize``: compact the store then (not for a copy of a compacted store
    with a few changes: that would rewrite all of it)."""
    from oxrdflib import OxigraphStore

    from .vocab import PREFIXES

    graph = Graph(store=OxigraphStore(store=ox.Store(str(folder))),
                  identifier=DATASET_DEFAULT_GRAPH_ID)
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    setattr(graph, _FOLDER_ATTR, Path(folder))
    setattr(graph, _OPTIMIZE_ATTR, optimize)
    return graph


_OPTIMIZE_ATTR = "_aigraph_store_optimize"


def disk_graph_folder(graph) -> Path | None:
    """The folder of a graph from :func:`disk_graph` not yet made a store."""
    return getattr(graph, _FOLDER_ATTR, None)


def release_disk_graph(graph) -> None:
    """A graph from :func:`disk_graph` that is not kept as a store: its triples
    move into memory and its folder is removed (``--no-store``)."""
    folder = disk_graph_folder(graph)
    if folder is None:
        return
    memory = ox.Store()
    memory.bulk_extend(graph.store._inner)
    _reopen(graph, memory)
    shutil.rmtree(folder, ignore_errors=True)


def _reopen(graph: Graph, store: ox.Store) -> None:
    """Point ``graph`` at ``store``, dropping (and so closing) its on-disk store."""
    graph.store._store = store
    setattr(graph, _FOLDER_ATTR, None)


def _close_disk_graph(graph: Graph) -> None:
    """Compact (unless told not to) and close a graph's on-disk store."""
    inner = graph.store._inner
    inner.flush()
    if getattr(graph, _OPTIMIZE_ATTR, True):
        inner.optimize()
    graph.store._store = None
    del inner   # closes RocksDB and releases its lock before the rename


def save_store(graph: Graph | ox.Store, store_dir: Path | str = DEFAULT_STORE,
               stamp: str | None = None) -> Path:
    """Replace the store at ``store_dir`` with the triples of ``graph``
    (``stamp``: the digest of the graph file it matches, see aigraph.outdir).
    A graph built in a store folder beside it (:func:`disk_graph`) becomes the
    store itself."""
    store_dir = Path(store_dir)
    if store_dir.exists() and not is_store(store_dir) and any(store_dir.iterdir()):
        raise GraphLoadError(f"{store_dir}: exists and is not an Oxigraph store; not replacing it")
    folder = disk_graph_folder(graph)
    if folder is not None and folder.parent == store_dir.parent:
        _put_in_place(folder, store_dir, stamp, lambda: _close_disk_graph(graph))
        # the build's graph stays readable, now from the store (read-only: it may be swapped away)
        _reopen(graph, ox.Store.read_only(str(store_dir)))
        return store_dir
    fresh = new_store_folder(store_dir)

    def fill() -> None:
        store = ox.Store(str(fresh))
        _fill(store, ox_triples(graph))
        store.flush()
        store.optimize()
        del store  # closes RocksDB and releases its lock before the rename

    _put_in_place(fresh, store_dir, stamp, fill)
    return store_dir


def _put_in_place(folder: Path, store_dir: Path, stamp: str | None, write) -> None:
    """Have ``write()`` leave a closed store in ``folder``, stamp it and swap it
    in for ``store_dir``; on any failure ``folder`` is removed."""
    try:
        write()
        if stamp is not None:
            (folder / STAMP_NAME).write_text(stamp + "\n", encoding="ascii")
        checkpoint("store-written")
        _swap(folder, store_dir)
    except OSError as exc:   # RocksDB's errors carry no file name: say which store
        shutil.rmtree(folder, ignore_errors=True)
        cause = exc.strerror or str(exc).rsplit(": ", 1)[-1].strip()   # RocksDB: "...: why"
        raise OutputError(f"cannot write the store {store_dir}: {cause}") from exc
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _swap(fresh: Path, target: Path) -> None:
    """Rename ``fresh`` to ``target``, moving any previous ``target`` away first."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
        old.rmdir()
        target.rename(old)
        checkpoint("store-moved-away")
    fresh.rename(target)
    checkpoint("store-swapped")
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def snapshot_store(store_dir: Path | str, dest: Path | str, attempts: int = 5) -> Path:
    """A private copy of a store that later builds cannot swap away: its files
    hard-linked (RocksDB never changes a finished file; copied across file
    systems). Retried when a build swaps the store while it is being taken."""
    store_dir, dest = Path(store_dir), Path(dest)
    for attempt in range(attempts):
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        try:
            for path in sorted(store_dir.iterdir()):
                if path.name == "LOCK" or path.name.startswith("LOG"):   # its own
                    continue
                try:
                    os.link(path, dest / path.name)
                except OSError:
                    shutil.copy2(path, dest / path.name)
            if is_store(dest):
                return dest
        except FileNotFoundError:
            pass
        time.sleep(0.1 * (attempt + 1))
    raise GraphLoadError(f"{store_dir}: the store kept changing while being opened; try again")


def open_store(store_dir: Path | str = DEFAULT_STORE, read_only: bool = True) -> ox.Store:
    """Open the store; read-only by default, so many readers can share it."""
    store_dir = Path(store_dir)
    if not is_store(store_dir):
        raise GraphLoadError(f"{store_dir}: no Oxigraph store here (run 'aigraph build' first)")
    try:
        return ox.Store.read_only(str(store_dir)) if read_only else ox.Store(str(store_dir))
    except OSError as exc:
        raise GraphLoadError(f"{store_dir}: cannot open the store: {exc}") from exc


def load_file_store(path: Path | str) -> ox.Store:
    """An in-memory pyoxigraph store holding the triples of a graph file."""
    path = Path(path)
    if not path.is_file():
        raise GraphLoadError(f"{path}: no such graph file (run 'aigraph build' first)")
    fmt = _rdf_format(path)
    store = ox.Store()
    try:
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            # Named graphs (one per article) are merged into the default graph.
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object)
                              for q in ox.parse(path=str(path), format=fmt))
        else:
            store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphLoadError(f"{path}: not valid RDF: {exc}") from exc
    return store


def _rdf_format(path: Path) -> ox.RdfFormat:
    suffix = path.suffix.lower().lstrip(".")
    return {
        "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
        "jsonld": ox.RdfFormat.JSON_LD, "json": ox.RdfFormat.JSON_LD,
        "rdf": ox.RdfFormat.RDF_XML, "xml": ox.RdfFormat.RDF_XML, "owl": ox.RdfFormat.RDF_XML,
    }.get(suffix, ox.RdfFormat.TURTLE)


def store_graph(store_dir: Path | str = DEFAULT_STORE) -> Graph:
    """The store's triples as an rdflib graph (on the Oxigraph store)."""
    from .graph import new_graph  # graph.py imports rdflib plugins; keep store.py light

    store = open_store(store_dir)
    graph = new_graph()
    inner = _inner_store(graph)
    target = ox_term(graph.identifier)
    quads = (ox.Quad(q.subject, q.predicate, q.object, target) for q in store)
    if inner is not None:
        inner.bulk_extend(quads)
    else:  # pragma: no cover - new_graph() always uses Oxigraph
        for quad in store:
            graph.add(_rdflib_triple(quad.triple))
    return graph


def _rdflib_triple(triple: ox.Triple):
    def conv(term):
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        return Literal(term.value, lang=term.language,
                       datatype=URIRef(term.datatype.value) if not term.language else None)
    return conv(triple.subject), conv(triple.predicate), conv(triple.object)


def triple_count(store: ox.Store) -> int:
    return len(store)
