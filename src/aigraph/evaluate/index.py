"""The graph side of scoring: names, classes, hierarchies and the facts of each article."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from ..model import CORE_CLASSES
from ..names import normalise
from ..vocab import AIG, AIG_IRI, RISK_IRI
from .gold import RISK_ID_PREFIX, risk_iri

_CORE_CLASS_IRIS = {AIG[name]: name for name in CORE_CLASSES}

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
    from .. import ontology

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
