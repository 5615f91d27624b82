"""Score a graph against gold annotations.

Implements "How an evaluation scores a graph" of the knowledge model
(../shared/knowledge-model.md) exactly:

- each gold file describes one article; the article's part of the graph is
  the entities with ``aig:mentionedIn`` its article node (found by
  ``dcterms:source``) and the fact triples of the non-negated ``aig:Claim``
  nodes ``prov:wasDerivedFrom`` it;
- a graph entity matches a gold entity when a normalised ``rdfs:label`` /
  ``skos:altLabel`` equals the normalised gold label or an alias; risk
  concepts match by IRI, and a narrower concept matches its broader ones;
- each gold item is matched at most once: a second graph entity (or fact)
  matching the same gold item is a duplicate and counts as a false positive;
- a fact matches when both ends match and the property is the gold one or
  a subproperty of it; ``role``/``date`` literals match by containment;
- optional gold items count when found and are ignored when missed;
- counts are summed over articles (micro average).

The assignment of graph items to gold items is a maximum matching (so the
score never depends on the order triples come out of the store); ties are
broken in favour of required gold items, agreeing classes and exact names.

Nothing here prints: :func:`format_table` returns text, and
:meth:`Evaluation.to_dict` gives a JSON-ready dict.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from .errors import AigraphError
from .model import CORE_CLASSES, FACT_PROPERTIES, LITERAL_PROPERTIES
from .names import normalise  # the one name normaliser (evaluate.normalise stays importable)
from .vocab import AIG, AIG_IRI, RISK_IRI

RISK_ID_PREFIX = "risk:"

_CORE_CLASS_IRIS = {AIG[name]: name for name in CORE_CLASSES}


class GoldError(AigraphError):
    """A gold annotation file is missing or malformed."""


# ---------------------------------------------------------------------------
# Gold annotations
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEntity:
    """One annotated entity, or a risk concept (id ``risk:Name``, no label)."""

    id: str
    type: str
    label: str | None = None
    aliases: tuple[str, ...] = ()
    optional: bool = False

    @property
    def is_risk(self) -> bool:
        return self.id.startswith(RISK_ID_PREFIX)

    @property
    def names(self) -> tuple[str, ...]:
        """Every surface form: the label first, then the aliases."""
        return tuple(name for name in (self.label, *self.aliases) if name)

    def __str__(self) -> str:
        if self.is_risk:
            return self.id
        return f"{self.label} [{self.type}] ({self.id})"


@dataclass(frozen=True)
class GoldRelation:
    """One annotated fact; ``o`` is an entity id, or the literal's text when ``literal``."""

    s: str
    p: str
    o: str
    literal: bool = False
    optional: bool = False
    evidence: str = ""

    @property
    def key(self) -> tuple[str, str, str, bool]:
        return (self.s, self.p, self.o, self.literal)


@dataclass(frozen=True)
class Gold:
    """The gold annotation of one article."""

    article: str
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]
    path: str = ""

    def entity(self, entity_id: str) -> GoldEntity | None:
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        return None

    def describe(self, entity_id: str) -> str:
        """A readable name for an entity id used in a relation."""
        entity = self.entity(entity_id)
        if entity is None or entity.is_risk:
            return entity_id
        return entity.label or entity_id


def risk_iri(risk_id: str) -> URIRef:
    """``risk:CyberOffense`` -> the concept's IRI in the risk scheme."""
    return URIRef(RISK_IRI + risk_id.removeprefix(RISK_ID_PREFIX))


def load_gold(path_or_dir: Path | str) -> dict[str, Gold]:
    """Gold annotations keyed by article file name.

    A directory is searched recursively for ``*.json`` files (so
    ``tests/gold`` yields both ``samples/`` and ``heldout/``).
    """
    path = Path(path_or_dir)
    if path.is_dir():
        files = sorted(path.rglob("*.json"))
        if not files:
            raise GoldError(f"{path}: no gold files (*.json) in this directory")
    elif path.is_file():
        files = [path]
    else:
        raise GoldError(f"{path}: no such gold file or directory")
    golds: dict[str, Gold] = {}
    for file in files:
        gold = read_gold_file(file)
        if gold.article in golds:
            raise GoldError(f"{file}: article {gold.article!r} is already annotated "
                            f"in {golds[gold.article].path}")
        golds[gold.article] = gold
    return dict(sorted(golds.items()))


def read_gold_file(path: Path) -> Gold:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: not a readable JSON gold file: {exc}") from exc
    return parse_gold(data, str(path))


def parse_gold(data: object, origin: str = "<gold>") -> Gold:
    """Validate and type one gold document (the dict read from its JSON)."""
    if not isinstance(data, dict) or not isinstance(data.get("article"), str):
        raise GoldError(f"{origin}: a gold file is an object with an 'article' file name")
    entities = tuple(parse_entity(item, origin) for item in data.get("entities", []))
    by_id: dict[str, GoldEntity] = {}
    for entity in entities:
        if entity.id in by_id:
            raise GoldError(f"{origin}: entity id {entity.id!r} is declared twice")
        by_id[entity.id] = entity
    relations = tuple(parse_relation(item, by_id, origin) for item in data.get("relations", []))
    return Gold(article=data["article"], entities=entities, relations=relations, path=origin)


def parse_entity(item: object, origin: str) -> GoldEntity:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        raise GoldError(f"{origin}: every entity needs a string 'id': {item!r}")
    entity_id, entity_type = item["id"], item.get("type")
    if entity_type not in CORE_CLASSES:
        raise GoldError(f"{origin}: entity {entity_id!r} has unknown type {entity_type!r} "
                        f"(expected one of {', '.join(CORE_CLASSES)})")
    is_risk = entity_id.startswith(RISK_ID_PREFIX)
    if is_risk != (entity_type == "Risk"):
        raise GoldError(f"{origin}: entity {entity_id!r}: risk concepts, and only they, "
                        f"have ids 'risk:Name' and type Risk")
    label = item.get("label")
    if not is_risk and not (isinstance(label, str) and label.strip()):
        raise GoldError(f"{origin}: entity {entity_id!r} needs a 'label'")
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise GoldError(f"{origin}: entity {entity_id!r}: 'aliases' must be a list of strings")
    return GoldEntity(id=entity_id, type=entity_type, label=label, aliases=tuple(aliases),
                      optional=bool(item.get("optional", False)))


def parse_relation(item: object, by_id: Mapping[str, GoldEntity], origin: str) -> GoldRelation:
    if not isinstance(item, dict):
        raise GoldError(f"{origin}: a relation must be an object: {item!r}")
    subject, predicate, obj = item.get("s"), item.get("p"), item.get("o")
    if predicate not in FACT_PROPERTIES:
        raise GoldError(f"{origin}: relation {item!r} has unknown property {predicate!r}")
    check_reference(subject, by_id, origin, item)
    literal = isinstance(obj, dict)
    if literal:
        if predicate not in LITERAL_PROPERTIES or not isinstance(obj.get("literal"), str):
            raise GoldError(f"{origin}: relation {item!r}: only role/date take "
                            f"{{'literal': text}} objects")
        obj = obj["literal"]
    else:
        if predicate in LITERAL_PROPERTIES:
            raise GoldError(f"{origin}: relation {item!r}: {predicate} needs a literal object")
        check_reference(obj, by_id, origin, item)
    optional = bool(item.get("optional", False)) or any(
        ref in by_id and by_id[ref].optional for ref in (subject, None if literal else obj))
    return GoldRelation(s=subject, p=predicate, o=obj, literal=literal, optional=optional,
                        evidence=str(item.get("evidence", "")))


def check_reference(ref: object, by_id: Mapping[str, GoldEntity], origin: str, item: dict) -> None:
    """A relation end is a declared entity id or a risk concept id."""
    if not isinstance(ref, str) or not (ref in by_id or ref.startswith(RISK_ID_PREFIX)):
        raise GoldError(f"{origin}: relation {item!r} refers to undeclared entity {ref!r}")


# ---------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------


def ratio(numerator: int, denominator: int) -> float:
    """0.0 when there is nothing to divide (no predictions / no gold)."""
    return numerator / denominator if denominator else 0.0


@dataclass
class Counts:
    """True positives, false positives and false negatives of one measure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass
class ArticleScore:
    """The scores of one article, with what was missed and what was spurious."""

    article: str
    found: bool                     # the article is in the graph
    entities: Counts = field(default_factory=Counts)
    typed: Counts = field(default_factory=Counts)
    facts: Counts = field(default_factory=Counts)
    missed_entities: list[str] = field(default_factory=list)
    spurious_entities: list[str] = field(default_factory=list)
    mistyped_entities: list[str] = field(default_factory=list)
    missed_facts: list[str] = field(default_factory=list)
    spurious_facts: list[str] = field(default_factory=list)
    #: (confidence, right?) of each fact of the article in the graph
    calibration: list[tuple[float, bool]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "article": self.article, "found": self.found,
            "entities": self.entities.to_dict(), "typed_entities": self.typed.to_dict(),
            "facts": self.facts.to_dict(),
            "missed_entities": self.missed_entities,
            "spurious_entities": self.spurious_entities,
            "mistyped_entities": self.mistyped_entities,
            "missed_facts": self.missed_facts, "spurious_facts": self.spurious_facts,
        }


@dataclass
class Evaluation:
    """Per-article scores and their micro average."""

    articles: list[ArticleScore] = field(default_factory=list)

    def total(self, measure: str) -> Counts:
        """Counts of ``measure`` ("entities", "typed" or "facts") summed over articles."""
        summed = Counts()
        for score in self.articles:
            summed = summed + getattr(score, measure)
        return summed

    @property
    def entities(self) -> Counts:
        return self.total("entities")

    @property
    def typed(self) -> Counts:
        return self.total("typed")

    @property
    def facts(self) -> Counts:
        return self.total("facts")

    def reliability(self, bins: int = 10) -> Reliability:
        """Claim confidence against observed precision, over the facts in the graph."""
        return reliability([point for score in self.articles for point in score.calibration], bins)

    def to_dict(self) -> dict:
        return {
            "overall": {"entities": self.entities.to_dict(),
                        "typed_entities": self.typed.to_dict(),
                        "facts": self.facts.to_dict(),
                        "articles": len(self.articles),
                        "articles_found": sum(score.found for score in self.articles)},
            "articles": [score.to_dict() for score in self.articles],
        }


@dataclass(frozen=True)
class ReliabilityBin:
    low: float
    high: float
    count: int
    mean_confidence: float
    precision: float


@dataclass(frozen=True)
class Reliability:
    """A reliability table: equal-width confidence bins with the share of right facts."""

    bins: tuple[ReliabilityBin, ...]
    ece: float | None       # expected calibration error (None without facts)
    facts: int

    def to_dict(self) -> dict:
        return {"ece": None if self.ece is None else round(self.ece, 4), "facts": self.facts,
                "bins": [{"low": b.low, "high": b.high, "count": b.count,
                          "mean_confidence": round(b.mean_confidence, 4),
                          "precision": round(b.precision, 4)} for b in self.bins]}


def reliability(points: Iterable[tuple[float, bool]], bins: int = 10) -> Reliability:
    """Bin (confidence, right?) pairs into ``bins`` equal-width bins; the expected
    calibration error is the count-weighted mean gap between each bin's mean
    confidence and its precision (as the reference scorer computes it)."""
    points = list(points)
    filled: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for confidence, right in points:
        filled[min(bins - 1, max(0, int(confidence * bins)))].append((confidence, right))
    table, gap = [], 0.0
    for n, members in enumerate(filled):
        if not members:
            continue
        mean = sum(c for c, _ in members) / len(members)
        precision = sum(r for _, r in members) / len(members)
        gap += len(members) * abs(mean - precision)
        table.append(ReliabilityBin(n / bins, (n + 1) / bins, len(members), mean, precision))
    return Reliability(tuple(table), gap / len(points) if points else None, len(points))


def format_reliability(table: Reliability) -> str:
    """The reliability table as text, with the expected calibration error."""
    lines = ["Claim confidence against precision (facts in the graph):",
             f"{'confidence':>12} {'facts':>6} {'mean':>6} {'precision':>9}"]
    for b in table.bins:
        lines.append(f"{b.low:>5.1f}-{b.high:<4.1f}   {b.count:>6} {b.mean_confidence:>6.3f}"
                     f" {b.precision:>9.3f}")
    lines.append("Expected calibration error: "
                 + ("n/a (no facts)" if table.ece is None else f"{table.ece:.3f}"))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Names and hierarchies
# ---------------------------------------------------------------------------


def literal_matches(graph_value: str, gold_value: str) -> bool:
    """``role``/``date`` literals: one, normalised, contains the other."""
    left, right = normalise(graph_value), normalise(gold_value)
    return bool(left and right) and (left in right or right in left)


def ancestors(start: URIRef, parents: Mapping[URIRef, set[URIRef]]) -> set[URIRef]:
    """Every node reachable upwards from ``start`` (not including it); cycle-safe."""
    seen: set[URIRef] = set()
    todo = list(parents.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(parents.get(node, ()))
    return seen


def parent_map(pairs: Iterable[tuple[object, object]]) -> dict[URIRef, set[URIRef]]:
    parents: dict[URIRef, set[URIRef]] = {}
    for child, parent in pairs:
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            parents.setdefault(child, set()).add(parent)
    return parents


def expand_risk(name: str) -> URIRef:
    """Accept ``risk:X``, a bare ``X`` or a full IRI."""
    if name.startswith(RISK_ID_PREFIX):
        return risk_iri(name)
    if "://" in name:
        return URIRef(name)
    return URIRef(RISK_IRI + name)


def broader_from_mapping(broader: Mapping[str, str]) -> dict[URIRef, set[URIRef]]:
    return parent_map((expand_risk(child), expand_risk(parent))
                      for child, parent in broader.items())


def broader_in_graph(graph: Graph) -> dict[URIRef, set[URIRef]]:
    return parent_map((child, parent) for child, parent in graph.subject_objects(SKOS.broader)
                      if str(child).startswith(RISK_IRI))


def broader_in_ontology() -> dict[URIRef, set[URIRef]]:
    """The scheme's hierarchy from the project's ``ontology/risk.ttl``.

    Imported lazily: scoring a graph that carries its own ``skos:broader``
    (or an explicit map) never touches the ontology folder.
    """
    from . import ontology

    return broader_from_mapping({child: parent for child, parent in ontology.risk_broader().items()
                                 if parent})


# ---------------------------------------------------------------------------
# The graph side
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """A fact triple of one article (from a non-negated claim)."""

    s: URIRef
    p: URIRef
    o: URIRef | Literal

    def sort_key(self) -> tuple[str, str, str]:
        return (str(self.s), str(self.p), str(self.o))


class GraphIndex:
    """What scoring needs from a graph, read once: names, classes, hierarchies."""

    def __init__(self, graph: Graph, broader: Mapping[str, str] | None = None) -> None:
        self.graph = graph
        self.subclass_parents = parent_map(graph.subject_objects(RDFS.subClassOf))
        self.subproperty_parents = parent_map(graph.subject_objects(RDFS.subPropertyOf))
        if broader is not None:
            self.broader = broader_from_mapping(broader)
        else:
            self.broader = broader_in_graph(graph) or broader_in_ontology()
        self.articles = self.article_nodes_by_source()
        self._names: dict[URIRef, frozenset[str]] = {}
        self._classes: dict[URIRef, frozenset[str]] = {}

    def article_nodes_by_source(self) -> dict[str, list[URIRef]]:
        """Article nodes by ``dcterms:source`` (also by its base name, for paths)."""
        found: dict[str, set[URIRef]] = {}
        for node in self.graph.subjects(RDF.type, AIG.Article):
            for source in self.graph.objects(node, DCTERMS.source):
                for key in {str(source), Path(str(source)).name}:
                    found.setdefault(key, set()).add(node)
        return {key: sorted(nodes) for key, nodes in found.items()}

    def entities_of(self, article_nodes: list[URIRef]) -> list[URIRef]:
        nodes = {node for article in article_nodes
                 for node in self.graph.subjects(AIG.mentionedIn, article)
                 if isinstance(node, URIRef)}
        return sorted(nodes)

    def facts_of(self, article_nodes: list[URIRef]) -> list[Fact]:
        """Facts of the non-negated claims derived from the article (deduplicated)."""
        return sorted(self.fact_confidences(article_nodes), key=Fact.sort_key)

    def fact_confidences(self, article_nodes: list[URIRef]) -> dict[Fact, float | None]:
        """Each fact of the article with the highest confidence of its claims there."""
        facts: dict[Fact, float | None] = {}
        for article in article_nodes:
            for claim in self.graph.subjects(PROV.wasDerivedFrom, article):
                if (claim, RDF.type, AIG.Claim) not in self.graph:
                    continue
                if self.graph.value(claim, AIG.modality) == AIG.Negated:
                    continue  # a negated claim's fact is not asserted
                s = self.graph.value(claim, RDF.subject)
                p = self.graph.value(claim, RDF.predicate)
                o = self.graph.value(claim, RDF.object)
                if (isinstance(s, URIRef) and isinstance(p, URIRef) and o is not None
                        and (s, p, o) in self.graph):   # below the threshold: a claim, no fact
                    fact = Fact(s, p, o)
                    confidence = claim_confidence(self.graph, claim)
                    if confidence is not None:
                        confidence = max(confidence, facts.get(fact) or 0.0)
                    facts[fact] = facts.get(fact) if confidence is None else confidence
        return facts

    def names(self, node: URIRef) -> frozenset[str]:
        """Normalised labels and alternative labels of a node."""
        if node not in self._names:
            labels = [*self.graph.objects(node, RDFS.label),
                      *self.graph.objects(node, SKOS.altLabel),
                      *self.graph.objects(node, SKOS.prefLabel)]
            self._names[node] = frozenset(filter(None, (normalise(str(label))
                                                        for label in labels)))
        return self._names[node]

    def label(self, node: URIRef | Literal) -> str:
        """A readable name: the rdfs:label, else the IRI's last segment."""
        if isinstance(node, Literal):
            return f'"{node}"'
        if is_risk_node(node):
            return "risk:" + str(node)[len(RISK_IRI):]
        labels = sorted(str(label) for label in self.graph.objects(node, RDFS.label))
        if labels:
            return labels[0]
        return re.split(r"[/#]", str(node).rstrip("/#"))[-1]

    def core_classes(self, node: URIRef) -> frozenset[str]:
        """The core classes of a node, walking ``rdfs:subClassOf`` up from its types."""
        if node not in self._classes:
            found: set[str] = {"Risk"} if is_risk_node(node) else set()
            for cls in self.graph.objects(node, RDF.type):
                for candidate in (cls, *ancestors(cls, self.subclass_parents)):
                    if candidate in _CORE_CLASS_IRIS:
                        found.add(_CORE_CLASS_IRIS[candidate])
            self._classes[node] = frozenset(found)
        return self._classes[node]

    def is_subproperty(self, prop: URIRef, of: URIRef) -> bool:
        return prop == of or of in ancestors(prop, self.subproperty_parents)

    def risk_matches(self, node: URIRef, risk_id: str) -> bool:
        """A concept matches itself and every broader concept."""
        target = risk_iri(risk_id)
        return node == target or target in ancestors(node, self.broader)


def claim_confidence(graph: Graph, claim: URIRef) -> float | None:
    value = graph.value(claim, AIG.confidence)
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def is_risk_node(node: URIRef | Literal) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(RISK_IRI)


def short_property(prop: URIRef) -> str:
    text = str(prop)
    return text[len(AIG_IRI):] if text.startswith(AIG_IRI) else text


# ---------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------


def best_matching(left: list, right: list, weight) -> dict[int, int]:
    """A maximum-cardinality, then maximum-weight, one-to-one matching.

    ``weight(i, j)`` is None when ``left[i]`` cannot match ``right[j]``.
    Returns ``{left index: right index}``. Nodes are inserted in list order
    so the result is deterministic.
    """
    bipartite = nx.Graph()
    bipartite.add_nodes_from(("l", i) for i in range(len(left)))
    bipartite.add_nodes_from(("r", j) for j in range(len(right)))
    for i in range(len(left)):
        for j in range(len(right)):
            value = weight(i, j)
            if value is not None:
                bipartite.add_edge(("l", i), ("r", j), weight=value)
    pairs: dict[int, int] = {}
    for a, b in nx.max_weight_matching(bipartite, maxcardinality=True):
        (side_a, index_a), (_, index_b) = a, b
        if side_a == "l":
            pairs[index_a] = index_b
        else:
            pairs[index_b] = index_a
    return dict(sorted(pairs.items()))


class ArticleMatcher:
    """Decides which graph nodes match which gold ids for one article."""

    def __init__(self, index: GraphIndex, gold: Gold) -> None:
        self.index = index
        self.gold = gold
        self.ids_by_name: dict[str, set[str]] = {}
        for entity in gold.entities:
            if not entity.is_risk:
                for name in entity.names:
                    self.ids_by_name.setdefault(normalise(name), set()).add(entity.id)
        self.ids_by_name.pop("", None)
        self.risk_ids = sorted({e.id for e in gold.entities if e.is_risk}
                               | {ref for r in gold.relations
                                  for ref in (r.s, None if r.literal else r.o)
                                  if ref and ref.startswith(RISK_ID_PREFIX)})
        self._matches: dict[URIRef, frozenset[str]] = {}

    def gold_ids(self, node: URIRef | Literal) -> frozenset[str]:
        """The gold ids (entities or risk concepts) this graph node matches."""
        if not isinstance(node, URIRef):
            return frozenset()
        if node not in self._matches:
            if is_risk_node(node):
                found = {rid for rid in self.risk_ids if self.index.risk_matches(node, rid)}
            else:
                found = set()
                for name in self.index.names(node):
                    found |= self.ids_by_name.get(name, set())
            self._matches[node] = frozenset(found)
        return self._matches[node]

    def exact(self, node: URIRef, entity: GoldEntity) -> bool:
        """The strongest kind of match: same IRI, or the same canonical label."""
        if entity.is_risk:
            return node == risk_iri(entity.id)
        labels = {normalise(str(label)) for label in self.index.graph.objects(node, RDFS.label)}
        return normalise(entity.label or "") in labels

    def type_agrees(self, node: URIRef, entity: GoldEntity) -> bool:
        return entity.type in self.index.core_classes(node)

    def entity_weight(self, node: URIRef, entity: GoldEntity, typed: bool) -> int | None:
        if entity.id not in self.gold_ids(node):
            return None
        agrees = self.type_agrees(node, entity)
        if typed and not agrees:
            return None
        return 8 + 4 * (not entity.optional) + 2 * agrees + self.exact(node, entity)

    def fact_weight(self, fact: Fact, relation: GoldRelation) -> int | None:
        if not self.index.is_subproperty(fact.p, AIG[relation.p]):
            return None
        if relation.s not in self.gold_ids(fact.s):
            return None
        if relation.literal:
            if not (isinstance(fact.o, Literal) and literal_matches(str(fact.o), relation.o)):
                return None
        elif relation.o not in self.gold_ids(fact.o):
            return None
        exact_ends = self.exact_ref(fact.s, relation.s) + (
            not relation.literal and self.exact_ref(fact.o, relation.o))
        return 8 + 4 * (not relation.optional) + (fact.p == AIG[relation.p]) + exact_ends

    def exact_ref(self, node: URIRef | Literal, ref: str) -> bool:
        """Like :meth:`exact`, for a relation end (which may be an undeclared risk id)."""
        entity = self.gold.entity(ref)
        if entity is None:
            return node == risk_iri(ref)
        return isinstance(node, URIRef) and self.exact(node, entity)


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------


def score_graph(graph: Graph, gold: Mapping[str, Gold],
                broader: Mapping[str, str] | None = None) -> Evaluation:
    """Score ``graph`` against the gold of every annotated article.

    ``broader`` maps a risk concept to its broader one (``"risk:X"``, bare
    names or IRIs); by default it is read from the graph's ``skos:broader``,
    else from ``ontology/risk.ttl``. Articles in the gold but not in the
    graph score as all false negatives; graph articles without gold are ignored.
    """
    index = GraphIndex(graph, broader)
    scores = [score_article(index, gold[name]) for name in sorted(gold)]
    return Evaluation(articles=scores)


def score_article(index: GraphIndex, gold: Gold) -> ArticleScore:
    article_nodes = index.articles.get(gold.article, [])
    if not article_nodes:
        return missing_article(gold)
    matcher = ArticleMatcher(index, gold)
    score = ArticleScore(article=gold.article, found=True)
    score_entities(score, matcher, index.entities_of(article_nodes))
    score_facts(score, matcher, index.fact_confidences(article_nodes))
    return score


def missing_article(gold: Gold) -> ArticleScore:
    required_entities = [e for e in gold.entities if not e.optional]
    required_relations = unique_relations(r for r in gold.relations if not r.optional)
    return ArticleScore(
        article=gold.article, found=False,
        entities=Counts(fn=len(required_entities)), typed=Counts(fn=len(required_entities)),
        facts=Counts(fn=len(required_relations)),
        missed_entities=sorted(str(e) for e in required_entities),
        missed_facts=sorted(describe_relation(gold, r) for r in required_relations))


def unique_relations(relations: Iterable[GoldRelation]) -> list[GoldRelation]:
    """Gold relations without repeats (the same fact annotated from two sentences)."""
    unique: dict[tuple, GoldRelation] = {}
    for relation in relations:
        if relation.key not in unique or unique[relation.key].optional > relation.optional:
            unique[relation.key] = relation
    return list(unique.values())


def score_entities(score: ArticleScore, matcher: ArticleMatcher, nodes: list[URIRef]) -> None:
    index, entities = matcher.index, list(matcher.gold.entities)
    untyped = best_matching(nodes, entities,
                            lambda i, j: matcher.entity_weight(nodes[i], entities[j], False))
    typed = best_matching(nodes, entities,
                          lambda i, j: matcher.entity_weight(nodes[i], entities[j], True))
    score.entities = counts_of(untyped, len(nodes), entities)
    score.typed = counts_of(typed, len(nodes), entities)

    matched = set(untyped.values())
    score.missed_entities = sorted(str(e) for j, e in enumerate(entities)
                                   if j not in matched and not e.optional)
    score.spurious_entities = sorted(
        describe_node(index, matcher, nodes[i]) for i in range(len(nodes)) if i not in untyped)
    score.mistyped_entities = sorted(
        f"{index.label(nodes[i])}: graph {'/'.join(sorted(index.core_classes(nodes[i]))) or '-'}"
        f", gold {entities[j].type} ({entities[j].id})"
        for i, j in untyped.items() if not matcher.type_agrees(nodes[i], entities[j]))


def score_facts(score: ArticleScore, matcher: ArticleMatcher,
                confidences: Mapping[Fact, float | None]) -> None:
    facts = sorted(confidences, key=Fact.sort_key)
    relations = unique_relations(matcher.gold.relations)
    pairs = best_matching(facts, relations,
                          lambda i, j: matcher.fact_weight(facts[i], relations[j]))
    score.facts = counts_of(pairs, len(facts), relations)
    matched = set(pairs.values())
    score.missed_facts = sorted(describe_relation(matcher.gold, r) for j, r in enumerate(relations)
                                if j not in matched and not r.optional)
    score.spurious_facts = sorted(describe_fact(matcher.index, f)
                                  for i, f in enumerate(facts) if i not in pairs)
    score.calibration = [(confidences[f], i in pairs) for i, f in enumerate(facts)
                         if confidences[f] is not None]


def counts_of(pairs: Mapping[int, int], predicted: int, gold_items: list) -> Counts:
    """TP = matched pairs; FP = unmatched predictions; FN = unmatched required gold."""
    matched = set(pairs.values())
    missed = sum(1 for j, item in enumerate(gold_items) if j not in matched and not item.optional)
    return Counts(tp=len(pairs), fp=predicted - len(pairs), fn=missed)


def describe_node(index: GraphIndex, matcher: ArticleMatcher, node: URIRef) -> str:
    classes = "/".join(sorted(index.core_classes(node))) or "-"
    text = f"{index.label(node)} [{classes}]"
    duplicates = sorted(matcher.gold_ids(node))
    return f"{text} (duplicate of {', '.join(duplicates)})" if duplicates else text


def describe_fact(index: GraphIndex, fact: Fact) -> str:
    return f"{index.label(fact.s)} {short_property(fact.p)} {index.label(fact.o)}"


def describe_relation(gold: Gold, relation: GoldRelation) -> str:
    obj = f'"{relation.o}"' if relation.literal else gold.describe(relation.o)
    return f"{gold.describe(relation.s)} {relation.p} {obj}"


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

_MEASURES = (("entities", "Entities"), ("typed", "Typed entities"), ("facts", "Facts"))


def format_table(evaluation: Evaluation) -> str:
    """A plain-text table: P/R/F1 per article and the micro average, then counts."""
    names = [score.article if score.found else f"{score.article} (absent)"
             for score in evaluation.articles]
    width = max([len("article"), len("micro average"), *map(len, names)])
    head = (f"{'':<{width}}  " + "  ".join(f"{title:^20}" for _, title in _MEASURES))
    sub = (f"{'article':<{width}}  " + "  ".join(f"{'P':>6}{'R':>7}{'F1':>7}" for _ in _MEASURES))
    lines = [head, sub, "-" * len(sub)]
    for name, score in zip(names, evaluation.articles):
        lines.append(score_row(name, [getattr(score, m) for m, _ in _MEASURES], width))
    lines.append("-" * len(sub))
    totals = [evaluation.total(m) for m, _ in _MEASURES]
    lines.append(score_row("micro average", totals, width))
    lines.append("")
    for (_, title), counts in zip(_MEASURES, totals):
        lines.append(f"{title + ':':<16} tp={counts.tp} fp={counts.fp} fn={counts.fn}")
    return "\n".join(lines) + "\n"


def score_row(name: str, counts: list[Counts], width: int) -> str:
    cells = "  ".join(f"{c.precision:>6.3f}{c.recall:>7.3f}{c.f1:>7.3f}" for c in counts)
    return f"{name:<{width}}  {cells}"
