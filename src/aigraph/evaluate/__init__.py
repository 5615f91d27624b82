"""Score a graph against gold annotations.

Implements "How an evaluation scores a graph" of the knowledge model
(../shared/knowledge-model.md) exactly:

- each gold file describes one article; the article's part of the graph is
  the entities with ``aig:mentionedIn`` its article node (found by
  ``dcterms:source``) and the fact triples, asserted in the graph, of the
  non-negated ``aig:Claim`` nodes ``prov:wasDerivedFrom`` it (a claim below
  the graph's confidence threshold is no fact);
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

One module per part: :mod:`.gold` (loading the annotations), :mod:`.index`
(the graph side), :mod:`.matching` (one-to-one matching and scoring),
:mod:`.scores` (counts and the reliability of claim confidence) and
:mod:`.report` (text). Nothing here prints.
"""

from __future__ import annotations

from ..names import normalise  # the one name normaliser (evaluate.normalise stays importable)
from .gold import (Gold, GoldEntity, GoldError, GoldRelation, RISK_ID_PREFIX, check_reference, load_gold, parse_entity, parse_gold, parse_relation, read_gold_file, risk_iri)
from .scores import (ArticleScore, Counts, Evaluation, Reliability, ReliabilityBin, ratio, reliability)
from .index import (Fact, GraphIndex, _CORE_CLASS_IRIS, ancestors, broader_from_mapping, broader_in_graph, broader_in_ontology, claim_confidence, expand_risk, is_risk_node, literal_matches, parent_map, short_property)
from .matching import (ArticleMatcher, best_matching, counts_of, describe_fact, describe_node, describe_relation, missing_article, score_article, score_entities, score_facts, score_graph, unique_relations)
from .report import (_MEASURES, format_reliability, format_table, score_row)

__all__ = ["ArticleMatcher", "ArticleScore", "Counts", "Evaluation", "Fact", "Gold", "GoldEntity", "GoldError", "GoldRelation", "GraphIndex", "RISK_ID_PREFIX", "Reliability", "ReliabilityBin", "ancestors", "best_matching", "broader_from_mapping", "broader_in_graph", "broader_in_ontology", "check_reference", "claim_confidence", "counts_of", "describe_fact", "describe_node", "describe_relation", "expand_risk", "format_reliability", "format_table", "is_risk_node", "literal_matches", "load_gold", "missing_article", "normalise", "parent_map", "parse_entity", "parse_gold", "parse_relation", "ratio", "read_gold_file", "reliability", "risk_iri", "score_article", "score_entities", "score_facts", "score_graph", "score_row", "short_property", "unique_relations"]
