"""Matching graph items to gold items one to one, and scoring each article."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx
from rdflib import RDFS, Graph, Literal, URIRef

from ..names import normalise
from ..vocab import AIG
from .gold import RISK_ID_PREFIX, Gold, GoldEntity, GoldRelation, risk_iri
from .index import Fact, GraphIndex, is_risk_node, literal_matches, short_property
from .scores import ArticleScore, Counts, Evaluation

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
