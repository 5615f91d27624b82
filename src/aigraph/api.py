"""aigraph as a library: :func:`build` and the :class:`KnowledgeGraph` facade.

A thin layer over the modules the CLI uses (``aigraph.build``, ``query``,
``analyse``, ``render``, ``explain``, ``validate``): it adds no behaviour of
its own, so a graph built here is byte-identical to ``aigraph build``'s, and
every failure is an :class:`~aigraph.errors.AigraphError` whose ``str()`` is
a complete sentence.

    >>> import aigraph
    >>> kg = aigraph.build(["sources/"], out="exports")          # doctest: +SKIP
    >>> kg.query("SELECT ?p ?role WHERE { ?p aig:role ?role }")  # doctest: +SKIP

Heavy dependencies (spaCy, networkx, pyshacl, pyvis) are imported by the
methods that need them, so ``import aigraph`` stays quick.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import GraphLoadError

if TYPE_CHECKING:  # imported for annotations only: these modules are slow to load
    import networkx as nx
    from rdflib import Graph

    from .analyse import Analysis, Neighbour
    from .analyse import Path as GraphPath
    from .build import BuildReport
    from .explain import Explanation
    from .query import QueryResult
    from .validate import ValidationReport

__all__ = ["KnowledgeGraph", "build"]

#: What ``aigraph build`` writes into its output folder.
GRAPH_FILE = "graph.ttl"
STORE_DIR = "store"


def build(sources: Iterable[Path | str] | Path | str, out: Path | str = "exports", *,
          formats: Iterable[str] = ("ttl",), update: bool = False, cache: bool = True,
          store: bool = True, max_bytes: int | None = None,
          min_confidence: float | None = None, as_of: str | None = None,
          curation: Path | str | None = None, workers: int | None = 1,
          executor: str = "local", scheduler: str | None = None,
          remove: Iterable[Path | str] = ()) -> KnowledgeGraph:
    """Build the knowledge graph of ``sources`` (files or folders) into ``out``.

    Does what ``aigraph build`` does, with the same exports byte for byte:
    ``out/graph.ttl`` (plus any other ``formats``: ``nt``, ``nq``, ``trig``,
    ``jsonld``), the parse cache in ``out/cache/`` (``cache=False``: neither
    read nor written), and the SPARQL store in ``out/store/`` (``store=False``:
    not written). ``update=True`` adds ``sources`` to the previous build in
    ``out``. ``min_confidence``: facts are asserted for claims at or above it
    (default: the relation model's threshold); every claim is kept. ``as_of``:
    only articles published on or before this date (``aigraph build --as-of``).
    ``curation``: the analysts' decisions applied (default: ``out/curation.ttl`` when there; what
    they did is in ``kg.report.curation``).
    ``workers``/``executor``/``scheduler``: where the per-article work runs
    (``workers=None``: one process per core; see :mod:`aigraph.executors`);
    ``remove``: with ``update``, files whose articles leave the graph.
    Bad inputs are warnings in ``kg.report.warnings``; when no
    article at all can be read, :class:`~aigraph.errors.NothingToBuildError`
    is raised.

    Returns the graph, its build report in :attr:`KnowledgeGraph.report`.
    """
    from .build import build as run_build
    from .ingest import MAX_BYTES
    from .outdir import output_lock, remove_store, save_output_store
    from .store import release_disk_graph

    if isinstance(sources, (str, Path)):
        sources = [sources]
    out = Path(out)
    formats = tuple(dict.fromkeys(("ttl", *formats)))
    with output_lock(out):
        report = run_build(list(sources), out, formats,
                           max_bytes=MAX_BYTES if max_bytes is None else max_bytes,
                           update=update, use_cache=cache, min_confidence=min_confidence,
                           as_of=as_of, curation=curation, workers=workers,
                           executor=executor, scheduler=scheduler, remove=remove)
        store_dir = save_output_store(report.graph, out) if store else None
        if not store:
            release_disk_graph(report.graph)
            remove_store(out)
    return KnowledgeGraph(report.graph, path=out / GRAPH_FILE, store=store_dir, report=report)


class KnowledgeGraph:
    """An aigraph knowledge graph: the RDF graph with its questions.

    Make one with :func:`build` or :meth:`open`, or wrap an rdflib ``Graph``
    you already have. The RDF graph is :attr:`graph` (parsed when first
    needed); SPARQL runs on the on-disk store when there is one.
    """

    def __init__(self, graph: Graph | None = None, *, path: Path | str | None = None,
                 store: Path | str | None = None, report: BuildReport | None = None) -> None:
        if graph is None and path is None and store is None:
            raise GraphLoadError("a KnowledgeGraph needs an RDF graph, a graph file or a store")
        if graph is not None:
            self.__dict__["graph"] = graph     # fills the cached property
        self.path = Path(path) if path is not None else None
        self.store = Path(store) if store is not None else None
        #: The :class:`~aigraph.build.BuildReport` when this graph was just built.
        self.report = report

    # -- making one -----------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str) -> KnowledgeGraph:
        """Open a graph file (``graph.ttl`` or any RDF file by suffix) or an
        exports folder (its ``graph.ttl``, and its ``store/`` for queries).

        Raises :class:`~aigraph.errors.GraphLoadError` when there is neither."""
        from .store import is_store

        path = Path(path)
        if path.is_dir():
            graph_file = path / GRAPH_FILE
            store = path / STORE_DIR if is_store(path / STORE_DIR) else None
            if is_store(path):
                store = path
                graph_file = None
            if store is None and not graph_file.is_file():
                raise GraphLoadError(f"{path}: no {GRAPH_FILE} or {STORE_DIR}/ here "
                                     "(run 'aigraph build' first)")
            return cls(path=graph_file, store=store)
        if not path.is_file():
            raise GraphLoadError(f"{path}: no such graph file or folder (run 'aigraph build' first)")
        return cls(path=path)

    @cached_property
    def graph(self) -> Graph:
        """The RDF graph (rdflib, on Oxigraph), parsed from the file or store when first used."""
        if self.path is not None and self.path.is_file():
            from .graph import load_graph

            return load_graph(self.path)
        from .store import store_graph

        return store_graph(self.store)

    # -- asking it questions --------------------------------------------------

    def query(self, sparql: str, /, *, timeout: float | None = None, **params: str) -> QueryResult:
        """Run SPARQL text, a ``.rq`` file or a saved query's name (see
        ``aigraph query --list``); ``params`` bind variables through the engine
        (``kg.query("articles-mentioning", entity="United Nations")``), a value
        naming an entity by label or alias binds that entity.

        The prefixes ``aig: aigr: risk: rdfs: skos: prov: dcterms: ...`` are
        predeclared. Returns a :class:`~aigraph.query.QueryResult`
        (``.rows``, ``.values(var)``, ``.boolean``, ``.triples``,
        ``.serialize(fmt)``). Raises :class:`~aigraph.errors.QueryError`."""
        from .query import resolve_query, run_query

        return run_query(self._query_source, resolve_query(sparql), params, timeout=timeout)

    @cached_property
    def _query_source(self):
        """The store folder when there is one, else the graph loaded once into Oxigraph."""
        if self.store is not None:
            return self.store
        from .query import open_source

        return open_source(self.graph)

    def to_networkx(self) -> nx.MultiDiGraph:
        """The entity network: entities as nodes, one edge per fact (see
        :func:`aigraph.analyse.to_networkx` for the attributes)."""
        return self._network

    @cached_property
    def _network(self) -> nx.MultiDiGraph:
        from .analyse import to_networkx

        return to_networkx(self.graph)

    def analyse(self, top: int = 10, seed: int = 42) -> Analysis:
        """Sizes, importance (who matters, hubs first), PageRank, betweenness,
        degree, communities, components and brokers (what ``aigraph analyze``
        prints)."""
        from .analyse import analyse

        return analyse(self._network, top=top, seed=seed)

    def find(self, name: str) -> str:
        """The IRI of the entity a label, alias or IRI names (labels win, then
        the best connected); :class:`~aigraph.errors.EntityNotFoundError` with
        suggestions otherwise."""
        from .analyse import find_entity

        return find_entity(self._network, name)

    def paths(self, source: str, target: str, max_paths: int = 3) -> list[GraphPath]:
        """Shortest connections between two entities, each hop with its evidence."""
        from .analyse import shortest_paths

        return shortest_paths(self._network, source, target, max_paths=max_paths)

    def neighbours(self, name: str, depth: int = 2) -> list[Neighbour]:
        """Entities within ``depth`` hops of ``name``, nearest first."""
        from .analyse import neighbours

        return neighbours(self._network, name, depth=depth)

    def explain(self, subject: str, property: str, object: str | None = None) -> list[Explanation]:
        """Every claim behind ``subject property [object]`` (labels, aliases or
        IRIs): article, sentence, modality and confidence, best first."""
        from .explain import explain

        return explain(self.graph, subject, property, object)

    def validate(self) -> ValidationReport:
        """Check the graph against the SHACL shapes (``report.conforms``,
        ``report.violations``)."""
        from .validate import validate

        return validate(self.graph)

    def render(self, path: Path | str, *, focus: str | None = None, depth: int = 1,
               classes: Iterable[str] | None = None, title: str = "aigraph explorer") -> Path:
        """Write the offline interactive HTML explorer to ``path`` (optionally
        the subgraph ``depth`` hops around ``focus``, or of some ``classes``)."""
        from .render import render_html

        return render_html(self._network, path, focus=focus, depth=depth,
                           classes=list(classes) if classes is not None else None, title=title)

    # -- looking at it --------------------------------------------------------

    def __len__(self) -> int:
        """The number of triples."""
        return len(self.graph)

    def entity_counts(self) -> dict[str, int]:
        """Entities per core class (``{"Country": 4, "Person": 7, ...}``)."""
        counts = Counter(data["core"] for _, data in self._network.nodes(data=True))
        return dict(sorted(counts.items()))

    def _where(self) -> str:
        return str(self.path if self.path is not None else self.store or "in memory")

    def __repr__(self) -> str:
        network = self._network
        return (f"<KnowledgeGraph {self._where()!r}: {len(self.graph)} triples, "
                f"{network.number_of_nodes()} entities, {network.number_of_edges()} facts, "
                f"{len(network.graph.get('articles', {}))} articles>")

    def _repr_html_(self) -> str:
        """A small table for notebooks: where it lives, sizes, entities per class."""
        network = self._network
        rows = [("source", self._where()), ("triples", len(self.graph)),
                ("articles", len(network.graph.get("articles", {}))),
                ("entities", network.number_of_nodes()), ("facts", network.number_of_edges())]
        rows += [(f"&nbsp;&nbsp;{html.escape(cls)}", n) for cls, n in self.entity_counts().items()]
        body = "".join(f"<tr><th style='text-align:left'>{name if name.startswith('&nbsp;') else html.escape(name)}"
                       f"</th><td style='text-align:right'>{html.escape(str(value))}</td></tr>"
                       for name, value in rows)
        return f"<table><caption>aigraph KnowledgeGraph</caption>{body}</table>"
