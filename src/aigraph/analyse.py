"""Graph analysis: project the RDF graph to networkx and measure it.

The projection keeps what a reader means by "the network": entities (risk
concepts included) as nodes keyed by IRI, and one directed edge per fact
triple carrying its property name and how many claims support it. Types,
labels, claims and articles stay attributes, never edges, because edges to
shared hubs such as a class or an article would swamp every centrality.

Everything is deterministic: nodes and edges are inserted in sorted order,
community detection and sampled betweenness are seeded.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
import pathlib

import networkx as nx
import numpy as np
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from .dates import lexical_span
from .errors import EntityNotFoundError
from .model import CORE_CLASSES, FACT_PROPERTIES, LITERAL_PROPERTIES
from .names import lookup, normalise
from .vocab import AIG, AIG_IRI, RISK_IRI

#: aig: classes that are bookkeeping, not entities.
NON_ENTITY_CLASSES = ("Article", "Claim", "Modality")

#: Evidence sentences kept per fact (tooltips and paths show a few).
MAX_EVIDENCE = 3

#: Above this many nodes betweenness is estimated from a seeded sample of
#: pivots: exact betweenness is O(n*m) and takes minutes at 5,000 nodes.
EXACT_BETWEENNESS_LIMIT = 1500
BETWEENNESS_SAMPLE = 400

_ENTITY_PROPERTIES = tuple(p for p in FACT_PROPERTIES if p not in LITERAL_PROPERTIES)


# --------------------------------------------------------------------------
# records


@dataclass(frozen=True)
class Evidence:
    """One sentence backing a fact, with the title of its article."""

    sentence: str
    article: str          # article title (or its IRI when untitled)
    modality: str = "Asserted"
    confidence: float = 0.0
    review: str = ""      # "Accepted" when an analyst confirmed the claim (aig:reviewStatus)
    source: str = ""      # article IRI (the explorer links facts to their articles)


@dataclass(frozen=True)
class Fact:
    """One fact edge seen from a hop: ``subject property object``."""

    subject: str          # IRI
    property: str
    object: str           # IRI
    claims: int
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Hop:
    """One step of a path; ``direction`` is ``forward`` when the fact reads
    from ``source`` to ``target`` and ``backward`` when it reads the other way."""

    source: str
    target: str
    source_label: str
    target_label: str
    facts: tuple[Fact, ...]

    @property
    def fact(self) -> Fact:
        return self.facts[0]

    @property
    def direction(self) -> str:
        return "forward" if self.fact.subject == self.source else "backward"

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return self.fact.evidence

    # Last: inside the class body this name shadows the builtin decorator.
    @property
    def property(self) -> str:
        return self.fact.property


@dataclass(frozen=True)
class Path:
    """A shortest connection between two entities."""

    nodes: tuple[str, ...]
    labels: tuple[str, ...]
    hops: tuple[Hop, ...]

    def __len__(self) -> int:
        return len(self.hops)


@dataclass(frozen=True)
class Neighbour:
    """An entity within ``distance`` hops, reached through ``via``."""

    iri: str
    label: str
    cls: str
    distance: int
    via: str              # label of the entity one hop closer
    property: str
    direction: str        # of the fact, seen from ``via``


@dataclass(frozen=True)
class Ranked:
    iri: str
    label: str
    cls: str
    score: float


@dataclass(frozen=True)
class Community:
    index: int
    size: int
    members: tuple[str, ...]     # labels of the most central members
    classes: dict[str, int]


@dataclass(frozen=True)
class Component:
    size: int
    members: tuple[str, ...]     # labels of the most central members


@dataclass(frozen=True)
class Broker:
    """An entity whose facts reach into several communities."""

    iri: str
    label: str
    cls: str
    communities: tuple[int, ...]
    betweenness: float


@dataclass
class Analysis:
    """What ``aigraph analyze`` reports."""

    nodes: int
    edges: int
    classes: dict[str, int]           # per core class, as ``build`` and the explorer count
    properties: dict[str, int]
    subclasses: dict[str, int] = field(default_factory=dict)  # specific classes inside them
    importance: list[Ranked] = field(default_factory=list)    # who matters: hubs first
    pagerank: list[Ranked] = field(default_factory=list)
    betweenness: list[Ranked] = field(default_factory=list)
    degree: list[Ranked] = field(default_factory=list)
    communities: list[Community] = field(default_factory=list)
    community_count: int = 0
    components: list[Component] = field(default_factory=list)
    component_count: int = 0
    brokers: list[Broker] = field(default_factory=list)
    dated: list[tuple[str, str, str]] = field(default_factory=list)  # (date, label, cls)

    def to_dict(self) -> dict:
        return asdict(self)


# --------------------------------------------------------------------------
# RDF -> networkx


def local_name(iri: str) -> str:
    return re.split(r"[#/]", str(iri))[-1]


def ontology_superclasses() -> dict[str, str]:
    """aig class -> its aig superclass, from the ontology aigraph loads
    (:func:`aigraph.ontology.superclasses`: parsed once, errors raised)."""
    from . import ontology

    return ontology.superclasses()


def core_class(cls: str, parents: dict[str, str]) -> str:
    """The core class of ``cls`` (e.g. Organization for ThinkTank)."""
    seen = set()
    while cls not in CORE_CLASSES and cls in parents and cls not in seen:
        seen.add(cls)
        cls = parents[cls]
    return cls


def _entity_class(types: set[str]) -> str:
    """The most specific aig class of a node (a subclass beats its core class)."""
    specific = sorted(t for t in types if t not in CORE_CLASSES)
    core = sorted(t for t in types if t in CORE_CLASSES)
    return (specific or core or ["Thing"])[0]


class _Collector:
    """Buckets the triples of an RDF graph in one pass."""

    def __init__(self) -> None:
        self.types: dict[str, set[str]] = defaultdict(set)
        self.labels: dict[str, str] = {}
        self.aliases: dict[str, set[str]] = defaultdict(set)
        self.mentions: dict[str, set[str]] = defaultdict(set)
        self.literals: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.facts: set[tuple[str, str, str]] = set()
        self.claims: dict[str, dict[str, object]] = defaultdict(dict)
        self.titles: dict[str, str] = {}
        self.published: dict[str, str] = {}    # article IRI -> dcterms:date
        self.sources: dict[str, str] = {}      # article IRI -> dcterms:source
        self.urls: dict[str, str] = {}         # article IRI -> prov:hadPrimarySource
        self.parents: dict[str, str] = {}

    def add(self, s, p, o) -> None:
        s_str, p_str = str(s), str(p)
        if p == RDF.type:
            if str(o).startswith(AIG_IRI):
                self.types[s_str].add(local_name(o))
        elif p == RDFS.label:
            self.labels.setdefault(s_str, str(o))
            self.labels[s_str] = min(self.labels[s_str], str(o))
        elif p == SKOS.altLabel:
            self.aliases[s_str].add(str(o))
        elif p == DCTERMS.title:
            self.titles[s_str] = str(o)
        elif p == DCTERMS.date:
            self.published[s_str] = str(o)
        elif p == DCTERMS.source:
            self.sources[s_str] = str(o)
        elif p == PROV.hadPrimarySource:
            self.urls[s_str] = str(o)
        elif p == AIG.mentionedIn:
            self.mentions[s_str].add(str(o))
        elif p in (RDF.subject, RDF.predicate, RDF.object, AIG.evidence, AIG.modality,
                   AIG.confidence, PROV.wasDerivedFrom, AIG.sourceCount, AIG.publisherCount,
                   AIG.reviewStatus):
            self.claims[s_str][local_name(p)] = o
        elif p == RDFS.subClassOf:
            if s_str.startswith(AIG_IRI) and str(o).startswith(AIG_IRI):
                self.parents[local_name(s)] = local_name(o)
        elif p_str.startswith(AIG_IRI) and local_name(p) in FACT_PROPERTIES:
            name = local_name(p)
            if name in LITERAL_PROPERTIES or isinstance(o, Literal):
                self.literals[(s_str, name)].add(str(o))
            elif isinstance(o, URIRef):
                self.facts.add((s_str, name, str(o)))


def _evidence_by_fact(collector: _Collector) -> dict[tuple[str, str, str], list[Evidence]]:
    """Supporting (non-negated) claims of each fact triple, best first."""
    found: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    for claim in collector.claims.values():
        if not {"subject", "predicate", "object"} <= claim.keys():
            continue
        modality = local_name(claim.get("modality", "Asserted"))
        review = local_name(claim.get("reviewStatus", ""))
        if modality == "Negated" or review in ("Rejected", "Corrected"):
            continue    # analysts found it wrong: it supports nothing
        key = (str(claim["subject"]), local_name(claim["predicate"]), str(claim["object"]))
        article = str(claim.get("wasDerivedFrom", ""))
        found[key].append(Evidence(
            sentence=str(claim.get("evidence", "")),
            article=collector.titles.get(article, article),
            modality=modality,
            confidence=float(claim.get("confidence", 0) or 0),
            review=review,
            source=article,
        ))
    for items in found.values():
        items.sort(key=lambda e: (-e.confidence, e.sentence, e.article))
    return found


def _corroboration_by_fact(collector: _Collector) -> dict[tuple[str, str, str], tuple[int, int]]:
    """(articles, publishers) backing each fact, as the build counted them
    (``aig:sourceCount``, ``aig:publisherCount`` on its claims)."""
    found: dict[tuple[str, str, str], tuple[int, int]] = {}
    for claim in collector.claims.values():
        if "sourceCount" not in claim or not {"subject", "predicate", "object"} <= claim.keys():
            continue
        key = (str(claim["subject"]), local_name(claim["predicate"]), str(claim["object"]))
        counts = (int(claim["sourceCount"]), int(claim.get("publisherCount", 0)))
        found[key] = max(found.get(key, (0, 0)), counts)
    return found


def _is_entity(types: set[str]) -> bool:
    return bool(types) and not types & set(NON_ENTITY_CLASSES)


def to_networkx(graph: Graph | nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Project an aigraph RDF graph onto a networkx multigraph (see module doc).

    Node attributes: ``label``, ``cls`` (most specific aig class), ``core``
    (its core class), ``aliases``, ``roles``, ``dates``, ``articles`` (IRIs).
    Edge attributes: ``property``, ``claims``, ``evidence`` (best first) and,
    for graphs that record them, ``sources`` and ``publishers`` (articles and
    publishers backing the fact).
    ``G.graph["articles"]`` maps article IRIs to titles, ``article_dates``,
    ``article_sources`` and ``article_urls`` to their ``dcterms:date``,
    ``dcterms:source`` and ``prov:hadPrimarySource``.
    """
    if isinstance(graph, nx.MultiDiGraph):
        return graph
    collector = _Collector()
    for triple in graph:
        collector.add(*triple)
    parents = {**ontology_superclasses(), **collector.parents}
    evidence = _evidence_by_fact(collector)
    corroboration = _corroboration_by_fact(collector)

    # Risk concepts of a merged-in scheme count only when the news uses them.
    nodes = {s for s, types in collector.types.items()
             if _is_entity(types) and (types != {"Risk"} or s in collector.mentions)}
    nodes |= {s for s, _, _ in collector.facts} | {o for _, _, o in collector.facts}
    nodes -= {s for s, types in collector.types.items() if types & set(NON_ENTITY_CLASSES)}

    G = nx.MultiDiGraph()
    G.graph["articles"] = {iri: collector.titles.get(iri, local_name(iri))
                           for iri, types in sorted(collector.types.items())
                           if "Article" in types}
    G.graph["article_dates"] = {iri: collector.published[iri] for iri in G.graph["articles"]
                                if iri in collector.published}
    G.graph["article_sources"] = {iri: collector.sources[iri] for iri in G.graph["articles"]
                                  if iri in collector.sources}
    G.graph["article_urls"] = {iri: collector.urls[iri] for iri in G.graph["articles"]
                               if iri in collector.urls}
    for iri in sorted(nodes):
        cls = _entity_class(collector.types.get(iri, set()))
        if cls == "Thing" and iri.startswith(RISK_IRI):
            cls = "Risk"
        label = collector.labels.get(iri, local_name(iri))
        G.add_node(
            iri, label=label, cls=cls, core=core_class(cls, parents),
            aliases=sorted(collector.aliases.get(iri, set()) - {label}),
            roles=sorted(collector.literals.get((iri, "role"), ())),
            dates=sorted(collector.literals.get((iri, "date"), ())),
            articles=sorted(collector.mentions.get(iri, ())),
        )
    for s, prop, o in sorted(collector.facts):
        if s in nodes and o in nodes:
            support = evidence.get((s, prop, o), [])
            G.add_edge(s, o, key=prop, property=prop, claims=len(support),
                       evidence=tuple(support))
            if (s, prop, o) in corroboration:
                sources, publishers = corroboration[(s, prop, o)]
                G.edges[s, o, prop].update(sources=sources, publishers=publishers)
    return G


def undirected(G: nx.MultiDiGraph) -> nx.Graph:
    """The simple undirected projection, edge ``weight`` = number of facts.
    Built in sorted order so traversals and Louvain are reproducible."""
    U = nx.Graph()
    U.add_nodes_from(sorted(G.nodes))
    weights: Counter = Counter()
    for s, o in G.edges():
        if s != o:
            weights[tuple(sorted((s, o)))] += 1
    for (s, o), weight in sorted(weights.items()):
        U.add_edge(s, o, weight=weight)
    return U


# --------------------------------------------------------------------------
# centrality and structure


def pagerank(G: nx.MultiDiGraph, alpha: float = 0.85, tol: float = 1e-10,
             max_iter: int = 200) -> dict[str, float]:
    """PageRank by power iteration (``nx.pagerank`` needs scipy, which aigraph
    does not depend on). Parallel facts add weight."""
    nodes = sorted(G.nodes)
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[s], index[o]) for s, o in G.edges()]
    return dict(zip(nodes, _power_iteration(len(nodes), edges, None, alpha, tol, max_iter)))


def _power_iteration(n: int, edges: list[tuple[int, int]], teleport, alpha: float,
                     tol: float, max_iter: int) -> list[float]:
    """PageRank over nodes 0..n-1 with numpy; ``teleport`` (summing to 1)
    defaults to uniform, and dangling nodes' rank is spread like it."""
    if n == 0:
        return []
    teleport = np.full(n, 1.0 / n) if teleport is None else np.asarray(teleport, dtype=float)
    pairs = np.array(edges, dtype=np.int64).reshape(-1, 2)
    source, target = pairs[:, 0], pairs[:, 1]
    out_weight = np.bincount(source, minlength=n).astype(float)
    dangling = out_weight == 0
    safe_out = np.where(dangling, 1.0, out_weight)
    rank = teleport.copy() if teleport.sum() else np.full(n, 1.0 / n)
    for _ in range(max_iter):
        flow = np.bincount(target, weights=(rank / safe_out)[source], minlength=n)
        new = alpha * flow + (alpha * rank[dangling].sum() + (1 - alpha)) * teleport
        delta = np.abs(new - rank).sum()
        rank = new
        if delta < n * tol:
            break
    return [float(r) for r in rank]


def importance(G: nx.MultiDiGraph) -> dict[str, float]:
    """Who matters: PageRank on the undirected projection (each fact read
    both ways, parallel facts add weight) whose random jumps land in each
    connected component in proportion to its share of all facts, evenly
    among its entities; that is PageRank per component scaled by its share.

    Directed PageRank rewards sinks, so an isolated pair with one ``memberOf``
    fact outranked countries with dozens of facts; plain undirected PageRank
    still gives each member of that pair as much as a well-connected risk,
    because the random surfer's jumps stay trapped in the pair. Weighting
    the jumps by facts puts the hubs of the big story first, keeps PageRank's
    "connected to whom" order inside each component, and gives orphans zero."""
    nodes = sorted(G.nodes)
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[s], index[o]) for s, o in G.edges() if s != o]
    if not edges:
        return dict.fromkeys(nodes, 0.0)
    teleport = [0.0] * len(nodes)
    for part in components(undirected(G)):
        facts = sum(1 for v in part for s, o in G.out_edges(v) if s != o)
        for v in part:
            teleport[index[v]] = facts / len(edges) / len(part)
    both = edges + [(o, s) for s, o in edges]
    return dict(zip(nodes, _power_iteration(len(nodes), both, teleport, 0.85, 1e-10, 200)))


def importance_order(G: nx.MultiDiGraph, scores: dict[str, float] | None = None) -> list[str]:
    """Entities from most to least important (ties: more facts, then label)."""
    scores = importance(G) if scores is None else scores
    return sorted(G.nodes, key=lambda v: (-scores[v], -G.degree(v), G.nodes[v]["label"], v))


def betweenness(U: nx.Graph, seed: int = 42) -> dict[str, float]:
    if len(U) > EXACT_BETWEENNESS_LIMIT:
        return nx.betweenness_centrality(U, k=BETWEENNESS_SAMPLE, seed=seed)
    return nx.betweenness_centrality(U)


def communities(U: nx.Graph, seed: int = 42) -> list[list[str]]:
    """Louvain communities, largest first, each sorted."""
    if len(U) == 0:
        return []
    found = nx.community.louvain_communities(U, weight="weight", seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def components(U: nx.Graph) -> list[list[str]]:
    return sorted((sorted(c) for c in nx.connected_components(U)),
                  key=lambda c: (-len(c), c[0]))


def _ranked(G: nx.MultiDiGraph, scores: dict[str, float], top: int) -> list[Ranked]:
    order = sorted(scores, key=lambda v: (-scores[v], G.nodes[v]["label"], v))[:top]
    return [Ranked(v, G.nodes[v]["label"], G.nodes[v]["cls"], round(scores[v], 6))
            for v in order]


def _central_labels(G, members, rank, limit=5) -> tuple[str, ...]:
    order = sorted(members, key=lambda v: (-rank[v], G.nodes[v]["label"], v))
    return tuple(G.nodes[v]["label"] for v in order[:limit])


def find_brokers(G: nx.MultiDiGraph, U: nx.Graph, groups: list[list[str]],
                 between: dict[str, float], top: int) -> list[Broker]:
    """Entities with facts into at least one other community than their own,
    ranked by how many communities they touch, then betweenness."""
    membership = {v: i for i, group in enumerate(groups) for v in group}
    brokers = []
    for v in U.nodes:
        touched = {membership[v]} | {membership[u] for u in U.neighbors(v)}
        if len(touched) > 1:
            brokers.append(Broker(v, G.nodes[v]["label"], G.nodes[v]["cls"],
                                  tuple(sorted(touched)), round(between.get(v, 0.0), 6)))
    brokers.sort(key=lambda b: (-len(b.communities), -b.betweenness, b.label, b.iri))
    return brokers[:top]


def class_counts(G: nx.MultiDiGraph) -> dict[str, int]:
    """Entities per core class: subclasses (Government, ThinkTank...) count
    as their core class, the grouping ``build`` reports and the page's legend uses."""
    return dict(sorted(Counter(d["core"] for _, d in G.nodes(data=True)).items()))


def dated_items(G: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    """(date, label, class) of every entity with an ``aig:date``, by date."""
    items = [(date, data["label"], data["core"])
             for _, data in G.nodes(data=True) for date in data["dates"]]
    return sorted(items)


def analyse(graph: Graph | nx.MultiDiGraph, top: int = 10, seed: int = 42) -> Analysis:
    """Sizes, central entities, communities, components and brokers."""
    G = to_networkx(graph)
    U = undirected(G)
    rank = pagerank(G)
    weight = importance(G)
    between = betweenness(U, seed=seed)
    degree = {v: G.degree(v) for v in G.nodes}
    groups = communities(U, seed=seed)
    parts = components(U)
    return Analysis(
        nodes=G.number_of_nodes(),
        edges=G.number_of_edges(),
        classes=class_counts(G),
        subclasses=dict(sorted(Counter(d["cls"] for _, d in G.nodes(data=True)
                                       if d["cls"] != d["core"]).items())),
        properties=dict(sorted(Counter(d["property"] for *_, d in G.edges(data=True)).items())),
        importance=_ranked(G, weight, top),
        pagerank=_ranked(G, rank, top),
        betweenness=_ranked(G, between, top),
        degree=_ranked(G, degree, top),
        communities=[
            Community(i, len(group), _central_labels(G, group, weight),
                      dict(sorted(Counter(G.nodes[v]["core"] for v in group).items())))
            for i, group in enumerate(groups) if i < top
        ],
        community_count=len(groups),
        components=[Component(len(part), _central_labels(G, part, weight))
                    for part in parts[:top]],
        component_count=len(parts),
        brokers=find_brokers(G, U, groups, between, top),
        dated=dated_items(G),
    )


# --------------------------------------------------------------------------
# looking things up


def entity_names(G: nx.MultiDiGraph):
    """``(iri, name, is_label)`` for every label and alias of the projection's
    nodes, the input of :func:`aigraph.names.lookup`."""
    for v, data in G.nodes(data=True):
        yield v, data["label"], True
        for alias in data["aliases"]:
            yield v, alias, False


def find_entity(graph: Graph | nx.MultiDiGraph, text: str) -> str:
    """The IRI of the entity whose IRI, label or alias is ``text`` (compared
    with :func:`aigraph.names.normalise`). Labels win over aliases, then
    better connected entities."""
    G = to_networkx(graph)
    if text in G:
        return text
    candidates = lookup(text, entity_names(G))
    if candidates:
        return min(candidates, key=lambda v: (-G.degree(v), v))
    raise EntityNotFoundError(_not_found_message(G, text))


def _not_found_message(G: nx.MultiDiGraph, text: str) -> str:
    names: dict[str, str] = {}
    for _, data in sorted(G.nodes(data=True)):
        for name in (data["label"], *data["aliases"]):
            names.setdefault(normalise(name), data["label"])
    wanted = normalise(text)
    close = difflib.get_close_matches(wanted, sorted(names), n=5, cutoff=0.6) if wanted else []
    close += sorted(n for n in names if wanted and wanted in n and n not in close)
    suggestions = list(dict.fromkeys(names[n] for n in close))[:5]
    message = f"no entity named '{text}' in the graph"
    if suggestions:
        message += "; did you mean " + ", ".join(f"'{s}'" for s in suggestions) + "?"
    return message


def facts_between(G: nx.MultiDiGraph, a: str, b: str) -> tuple[Fact, ...]:
    """Every fact linking a and b in either direction, best supported first."""
    facts = []
    for s, o in ((a, b), (b, a)):
        for prop, data in sorted((G.get_edge_data(s, o) or {}).items()):
            facts.append(Fact(s, prop, o, data["claims"], data["evidence"][:MAX_EVIDENCE]))
    return tuple(sorted(facts, key=lambda f: (-f.claims, f.property, f.subject)))


def _path_record(G: nx.MultiDiGraph, nodes: list[str]) -> Path:
    hops = tuple(
        Hop(a, b, G.nodes[a]["label"], G.nodes[b]["label"], facts_between(G, a, b))
        for a, b in itertools.pairwise(nodes)
    )
    return Path(tuple(nodes), tuple(G.nodes[v]["label"] for v in nodes), hops)


def shortest_paths(graph: Graph | nx.MultiDiGraph, a: str, b: str,
                   max_paths: int = 3) -> list[Path]:
    """Up to ``max_paths`` shortest connections between two entities (given by
    label, alias or IRI), facts read in either direction; [] when unconnected."""
    G = to_networkx(graph)
    source, target = find_entity(G, a), find_entity(G, b)
    if source == target:
        return [_path_record(G, [source])]
    U = undirected(G)
    try:
        # Enumerating all shortest paths can explode on hubs: look at a bounded
        # number, then sort them so the answer does not depend on visit order.
        found = list(itertools.islice(nx.all_shortest_paths(U, source, target), 200))
    except nx.NetworkXNoPath:
        return []
    found.sort(key=lambda p: ([G.nodes[v]["label"] for v in p], p))
    return [_path_record(G, p) for p in found[:max_paths]]


def neighbours(graph: Graph | nx.MultiDiGraph, a: str, depth: int = 2) -> list[Neighbour]:
    """Entities within ``depth`` hops of ``a``, nearest first."""
    G = to_networkx(graph)
    start = find_entity(G, a)
    U = undirected(G)
    distance = {start: 0}
    found: list[Neighbour] = []
    frontier = [start]
    for level in range(1, depth + 1):
        reached: dict[str, str] = {}
        for via in frontier:
            for v in sorted(U.neighbors(via)):
                if v not in distance and v not in reached:
                    reached[v] = via
        for v, via in sorted(reached.items()):
            distance[v] = level
            fact = facts_between(G, via, v)[0]
            data = G.nodes[v]
            found.append(Neighbour(v, data["label"], data["cls"], level,
                                   G.nodes[via]["label"], fact.property,
                                   "forward" if fact.subject == via else "backward"))
        frontier = sorted(reached)
    return sorted(found, key=lambda n: (n.distance, n.label, n.iri))


# --------------------------------------------------------------------------
# charts


def plot(graph: Graph | nx.MultiDiGraph, out_dir: pathlib.Path | str,
         analysis: Analysis | None = None, top: int = 10,
         seed: int = 42) -> list[pathlib.Path]:
    """Write PNG charts (central entities, facts per property, timeline) into
    ``out_dir``; returns the files written."""
    import matplotlib
    matplotlib.use("Agg")  # headless: no display needed
    from matplotlib import pyplot as plt

    analysis = analysis or analyse(graph, top=top, seed=seed)
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    charts = [
        ("centrality.png", _plot_centrality),
        ("properties.png", _plot_properties),
        ("timeline.png", _plot_timeline),
    ]
    written = []
    for name, draw in charts:
        figure = draw(plt, analysis)
        path = out / name
        # No Software/date metadata: the same graph gives the same bytes.
        figure.savefig(path, dpi=110, metadata={"Software": None})
        plt.close(figure)
        written.append(path)
    return written


def _plot_centrality(plt, analysis: Analysis):
    ranked = list(reversed(analysis.importance))
    figure, axis = plt.subplots(figsize=(8, max(2.5, 0.45 * len(ranked) + 1)))
    axis.barh([r.label for r in ranked], [r.score for r in ranked], color="#332288")
    axis.set_xlabel("importance (PageRank on facts read both ways)")
    axis.set_title("Who matters: most important entities")
    figure.tight_layout()
    return figure


def _plot_properties(plt, analysis: Analysis):
    items = sorted(analysis.properties.items(), key=lambda kv: (kv[1], kv[0]))
    figure, axis = plt.subplots(figsize=(8, max(2.5, 0.4 * len(items) + 1)))
    axis.barh([k for k, _ in items], [v for _, v in items], color="#F58518")
    axis.set_xlabel("facts")
    axis.set_title("Facts per property")
    figure.tight_layout()
    return figure


#: Timeline colours (the explorer's colour-blind-safe palette) per class.
TIMELINE_CLASSES = {"Event": "#CC6677", "Agreement": "#117733", "Policy": "#AA4499",
                    "Document": "#B8A040"}


def _plot_timeline(plt, analysis: Analysis):
    """One row per dated item: a dot for a day, a bar over the month or year
    when the text gives only that (a year-only date is not 1 January)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    items = []
    for text, label, cls in analysis.dated:
        span = lexical_span(text) if cls in TIMELINE_CLASSES else None
        if span is not None:
            items.append((span, text, label, cls))
    figure, axis = plt.subplots(figsize=(9, max(2.5, 0.4 * len(items) + 1.6)))
    if not items:
        axis.text(0.5, 0.5, "no dated events, agreements or policies",
                  ha="center", va="center", transform=axis.transAxes)
        axis.set_axis_off()
    for y, ((start, end, precision), text, label, cls) in enumerate(items):
        colour = TIMELINE_CLASSES[cls]
        if precision == "day":
            axis.scatter([start], [y], color=colour, zorder=3)
        else:
            # The bar covers the whole month or year, hatched for a year.
            axis.barh([y], [(end - start).days + 1], left=start, height=0.5, color=colour,
                      alpha=0.45, edgecolor=colour, hatch="//" if precision == "year" else None)
        axis.annotate(f"{label} ({text}{'' if precision == 'day' else ', ' + precision + ' only'})",
                      (end, y), xytext=(6, -3), textcoords="offset points", fontsize=8)
    if items:
        axis.set_yticks([])
        axis.grid(axis="x", alpha=0.3)
        present = [c for c in TIMELINE_CLASSES if any(item[3] == c for item in items)]
        handles = [Patch(color=TIMELINE_CLASSES[c], label=c) for c in present]
        handles += [Line2D([], [], marker="o", linestyle="", color="#555555", label="exact day"),
                    Patch(facecolor="#bbbbbb", label="month only"),
                    Patch(facecolor="#bbbbbb", hatch="//", label="year only")]
        # Rows go up with the date, so the top left stays free for the legend;
        # room on the right keeps the last labels inside the axes.
        axis.legend(handles=handles, loc="upper left", ncol=2, fontsize=8, framealpha=0.9)
        first = min(item[0][0] for item in items)
        last = max(item[0][1] for item in items)
        span = max((last - first).days, 60)
        axis.set_xlim(first - dt.timedelta(days=span * 0.05), last + dt.timedelta(days=span * 0.6))
        axis.set_ylim(-0.8, len(items) + 1.5)
    axis.set_title("Timeline of dated events, agreements, policies and documents")
    figure.autofmt_xdate()
    figure.tight_layout()
    return figure
