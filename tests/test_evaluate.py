"""Tests for aigraph.evaluate: scoring hand-built graphs against hand-computed numbers,
and the consistency of every gold file shipped in tests/gold."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import RDFS
from rdflib.namespace import SKOS

from aigraph.evaluate import (
    Counts, Evaluation, GoldError, format_table, literal_matches, load_gold, normalise,
    parse_gold, score_graph,
)
from aigraph.graph import build_graph, new_graph
from aigraph.model import Article, Claim, Entity, Extraction
from aigraph.vocab import AIG, RISK

GOLD_DIR = Path(__file__).parent / "gold"
SHARED_GOLD = Path("/work/shared/gold")
RISK_TREE = {"risk:SelfReplication": "risk:LossOfControl",
             "risk:LossOfControl": "risk:Malfunction"}


# -- helpers -----------------------------------------------------------------


def article(stem: str) -> Article:
    return Article(id=stem, source=f"{stem}.txt", text="...")


def entity(key: str, cls: str, label: str, *aliases: str, articles=("a",)) -> Entity:
    return Entity(key=key, cls=cls, label=label, aliases=set(aliases), articles=set(articles))


def claim(s: str, p: str, o: str, art: str = "a", modality: str = "Asserted",
          datatype: str | None = None) -> Claim:
    return Claim(subject=s, predicate=p, object=o, article=art, evidence=f"{s} {p} {o}",
                 modality=modality, datatype=datatype)


def graph_of(entities: list[Entity], claims: list[Claim] = (), stems=("a",)):
    return build_graph(Extraction(articles=[article(s) for s in stems],
                                  entities={e.key: e for e in entities}, claims=list(claims)))


def gold_of(entities: list[dict], relations: list[dict] = (), name: str = "a.txt"):
    return {name: parse_gold({"article": name, "entities": entities,
                              "relations": list(relations)})}


US = {"id": "us", "type": "Country", "label": "United States", "aliases": ["US", "U.S."]}
BLETCHLEY = {"id": "bletchley", "type": "Agreement", "label": "Bletchley Declaration"}
US_PARTY = {"s": "us", "p": "partyTo", "o": "bletchley", "evidence": "signed"}


def counts(c: Counts) -> tuple[int, int, int]:
    return (c.tp, c.fp, c.fn)


# -- normalisation -------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("The U.S.", "us"), ("US", "us"), ("the  United-States", "unitedstates"),
    ("Theatre Royal", "theatreroyal"), ("People's Republic of China", "peoplesrepublicofchina"),
    ("  AI Seoul Summit ", "aiseoulsummit"),
])
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_literal_containment_both_ways_and_not_empty():
    assert literal_matches("former National Security Advisor", "National Security Advisor")
    assert literal_matches("2024-11", "2024-11-05")
    assert not literal_matches("2023", "2024-11")
    assert not literal_matches("", "President")


# -- entity and fact scoring ---------------------------------------------------


def test_exact_match_is_perfect():
    graph = graph_of([entity("country/united-states", "Country", "United States"),
                      entity("agreement/bletchley-declaration", "Agreement",
                             "Bletchley Declaration")],
                     [claim("country/united-states", "partyTo", "agreement/bletchley-declaration")])
    result = score_graph(graph, gold_of([US, BLETCHLEY], [US_PARTY]), broader={})
    score = result.articles[0]
    assert score.found
    assert counts(score.entities) == (2, 0, 0)
    assert counts(score.typed) == (2, 0, 0)
    assert counts(score.facts) == (1, 0, 0)
    assert (result.facts.precision, result.facts.recall, result.facts.f1) == (1.0, 1.0, 1.0)


def test_alias_normalisation_matches_the_us_to_us():
    graph = graph_of([entity("country/x", "Country", "The U.S.")])
    gold = gold_of([{"id": "us", "type": "Country", "label": "United States", "aliases": ["US"]}])
    assert counts(score_graph(graph, gold, broader={}).entities) == (1, 0, 0)


def test_alt_label_matches_gold_label():
    graph = graph_of([entity("country/x", "Country", "America", "United States")])
    assert counts(score_graph(graph, gold_of([US]), broader={}).entities) == (1, 0, 0)


def test_unmatched_graph_entity_is_fp_and_missed_gold_is_fn():
    graph = graph_of([entity("place/geneva", "Place", "Geneva")])
    score = score_graph(graph, gold_of([US]), broader={}).articles[0]
    assert counts(score.entities) == (0, 1, 1)
    assert score.missed_entities == ["United States [Country] (us)"]
    assert score.spurious_entities == ["Geneva [Place]"]


def test_duplicate_graph_entities_second_is_fp():
    graph = graph_of([entity("country/united-states", "Country", "United States"),
                      entity("country/us", "Country", "US")])
    score = score_graph(graph, gold_of([US]), broader={}).articles[0]
    assert counts(score.entities) == (1, 1, 0)
    assert len(score.spurious_entities) == 1
    assert "duplicate of us" in score.spurious_entities[0]


def test_duplicate_facts_from_duplicate_entities_second_is_fp():
    graph = graph_of([entity("country/united-states", "Country", "United States"),
                      entity("country/us", "Country", "US"),
                      entity("agreement/b", "Agreement", "Bletchley Declaration")],
                     [claim("country/united-states", "partyTo", "agreement/b"),
                      claim("country/us", "partyTo", "agreement/b")])
    score = score_graph(graph, gold_of([US, BLETCHLEY], [US_PARTY]), broader={}).articles[0]
    assert counts(score.facts) == (1, 1, 0)


def test_one_graph_entity_matches_at_most_one_gold_entity():
    # "Beijing" is both the Place and an alias of the Country: one graph node
    # cannot score twice, and the typed matching picks the agreeing class.
    gold = gold_of([{"id": "china", "type": "Country", "label": "China", "aliases": ["Beijing"]},
                    {"id": "beijing", "type": "Place", "label": "Beijing"}])
    graph = graph_of([entity("place/beijing", "Place", "Beijing")])
    score = score_graph(graph, gold, broader={}).articles[0]
    assert counts(score.entities) == (1, 0, 1)
    assert counts(score.typed) == (1, 0, 1)


def test_typed_mismatch_counts_untyped_but_not_typed():
    graph = graph_of([entity("country/geneva", "Country", "Geneva")])
    gold = gold_of([{"id": "geneva", "type": "Place", "label": "Geneva"}])
    score = score_graph(graph, gold, broader={}).articles[0]
    assert counts(score.entities) == (1, 0, 0)
    assert counts(score.typed) == (0, 1, 1)
    assert score.mistyped_entities == ["Geneva: graph Country, gold Place (geneva)"]


def test_typed_match_walks_subclass_of_in_the_graph():
    graph = graph_of([entity("org/atlantic-council", "ThinkTank", "Atlantic Council")])
    graph.remove((AIG.ThinkTank, RDFS.subClassOf, None))  # the builder may add the axiom
    gold = gold_of([{"id": "ac", "type": "Organization", "label": "Atlantic Council"}])
    assert counts(score_graph(graph, gold, broader={}).typed) == (0, 1, 1)
    graph.add((AIG.ThinkTank, RDFS.subClassOf, AIG.Organization))
    assert counts(score_graph(graph, gold, broader={}).typed) == (1, 0, 0)


def test_narrower_risk_matches_broader_transitively_but_not_the_reverse():
    graph = graph_of([entity("risk/SelfReplication", "Risk", "SelfReplication"),
                      entity("country/united-states", "Country", "United States")],
                     [claim("country/united-states", "concernedAbout", "risk/SelfReplication")])
    broad = gold_of([US, {"id": "risk:LossOfControl", "type": "Risk"}],
                    [{"s": "us", "p": "concernedAbout", "o": "risk:LossOfControl"}])
    result = score_graph(graph, broad, broader=RISK_TREE)
    assert counts(result.entities) == (2, 0, 0)
    assert counts(result.facts) == (1, 0, 0)

    top = gold_of([{"id": "risk:Malfunction", "type": "Risk"}])
    assert counts(score_graph(graph, top, broader=RISK_TREE).entities) == (1, 1, 0)

    reverse = graph_of([entity("risk/LossOfControl", "Risk", "LossOfControl")])
    narrow = gold_of([{"id": "risk:SelfReplication", "type": "Risk"}])
    assert counts(score_graph(reverse, narrow, broader=RISK_TREE).entities) == (0, 1, 1)


def test_risk_hierarchy_is_read_from_the_graph_when_present():
    graph = graph_of([entity("risk/SelfReplication", "Risk", "SelfReplication")])
    gold = gold_of([{"id": "risk:LossOfControl", "type": "Risk"}])
    assert counts(score_graph(graph, gold, broader={}).entities) == (0, 1, 1)
    graph.add((RISK.SelfReplication, SKOS.broader, RISK.LossOfControl))
    assert counts(score_graph(graph, gold).entities) == (1, 0, 0)


def test_risk_hierarchy_falls_back_to_the_project_ontology():
    graph = graph_of([entity("risk/SelfReplication", "Risk", "SelfReplication")])
    gold = gold_of([{"id": "risk:Malfunction", "type": "Risk"}])
    assert counts(score_graph(graph, gold).entities) == (1, 0, 0)


def test_risk_matches_by_iri_not_by_label():
    graph = graph_of([entity("risk/CyberOffense", "Risk", "Loss of control")])
    gold = gold_of([{"id": "risk:LossOfControl", "type": "Risk"}])
    assert counts(score_graph(graph, gold, broader=RISK_TREE).entities) == (0, 1, 1)


def test_optional_missed_is_ignored_and_optional_found_counts():
    summit = {"id": "summit", "type": "Event", "label": "the summit", "optional": True}
    relation = {"s": "us", "p": "participatesIn", "o": "summit"}
    gold = gold_of([US, summit], [relation])
    missed = score_graph(graph_of([entity("country/us", "Country", "US")]), gold, broader={})
    assert counts(missed.entities) == (1, 0, 0)
    assert counts(missed.facts) == (0, 0, 0)

    found = graph_of([entity("country/us", "Country", "US"), entity("event/s", "Event", "Summit")],
                     [claim("country/us", "participatesIn", "event/s")])
    result = score_graph(found, gold, broader={})
    assert counts(result.entities) == (2, 0, 0)
    assert counts(result.facts) == (1, 0, 0)


TURTLE = """
@prefix aig: <https://w3id.org/aigraph/ontology#> .
@prefix ex: <https://example.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

ex:chairs rdfs:subPropertyOf ex:heads .
ex:heads rdfs:subPropertyOf aig:leads .
<https://w3id.org/aigraph/id/article/a> a aig:Article ; dcterms:source "sources/a.txt" .
ex:ana a aig:Person ; rdfs:label "Ana Costa" ;
    aig:mentionedIn <https://w3id.org/aigraph/id/article/a> .
ex:board a aig:Organization ; rdfs:label "Oversight Board" ;
    aig:mentionedIn <https://w3id.org/aigraph/id/article/a> .
ex:ana ex:chairs ex:board .
ex:c1 a aig:Claim ; rdf:subject ex:ana ; rdf:predicate ex:chairs ; rdf:object ex:board ;
    aig:modality aig:Asserted ; prov:wasDerivedFrom <https://w3id.org/aigraph/id/article/a> .
"""


def test_subproperty_matches_gold_property_through_the_graph_hierarchy():
    graph = new_graph()
    graph.parse(data=TURTLE, format="turtle")
    gold = gold_of([{"id": "ana", "type": "Person", "label": "Ana Costa"},
                    {"id": "board", "type": "Organization", "label": "Oversight Board"}],
                   [{"s": "ana", "p": "leads", "o": "board"}])
    score = score_graph(graph, gold, broader={}).articles[0]
    assert score.found  # dcterms:source given as a path still finds the article
    assert counts(score.entities) == (2, 0, 0)
    assert counts(score.facts) == (1, 0, 0)
    # but a superproperty does not match a gold subproperty-free property
    other = gold_of([{"id": "ana", "type": "Person", "label": "Ana Costa"},
                     {"id": "board", "type": "Organization", "label": "Oversight Board"}],
                    [{"s": "ana", "p": "affiliatedWith", "o": "board"}])
    assert counts(score_graph(graph, other, broader={}).facts) == (0, 1, 1)


def test_role_and_date_literals_match_by_containment():
    people = [entity("person/jake", "Person", "Jake Sullivan"),
              entity("agreement/deal", "Agreement", "Deal")]
    gold = gold_of([{"id": "jake", "type": "Person", "label": "Jake Sullivan"},
                    {"id": "deal", "type": "Agreement", "label": "Deal"}],
                   [{"s": "jake", "p": "role", "o": {"literal": "National Security Advisor"}},
                    {"s": "deal", "p": "date", "o": {"literal": "2024-11"}}])
    good = graph_of(people, [claim("person/jake", "role", "former National Security Advisor"),
                             claim("agreement/deal", "date", "2024-11-16", datatype="date")])
    assert counts(score_graph(good, gold, broader={}).facts) == (2, 0, 0)
    wrong = graph_of(people, [claim("person/jake", "role", "Ambassador"),
                              claim("agreement/deal", "date", "2023", datatype="gYear")])
    assert counts(score_graph(wrong, gold, broader={}).facts) == (0, 2, 2)


def test_negated_claims_are_not_counted():
    graph = graph_of([entity("country/us", "Country", "US"),
                      entity("agreement/b", "Agreement", "Bletchley Declaration")],
                     [claim("country/us", "partyTo", "agreement/b", modality="Negated")])
    score = score_graph(graph, gold_of([US, BLETCHLEY], [US_PARTY]), broader={}).articles[0]
    assert counts(score.facts) == (0, 0, 1)
    assert score.missed_facts == ["United States partyTo Bletchley Declaration"]


def test_other_modalities_are_counted():
    graph = graph_of([entity("country/us", "Country", "US"),
                      entity("agreement/b", "Agreement", "Bletchley Declaration")],
                     [claim("country/us", "partyTo", "agreement/b", modality="Reported")])
    assert counts(score_graph(graph, gold_of([US, BLETCHLEY], [US_PARTY]), broader={}).facts) \
        == (1, 0, 0)


def test_only_the_articles_own_entities_and_facts_count():
    graph = graph_of([entity("country/us", "Country", "US", articles=("a",)),
                      entity("place/paris", "Place", "Paris", articles=("b",)),
                      entity("agreement/b", "Agreement", "Bletchley Declaration", articles=("a",))],
                     [claim("country/us", "partyTo", "agreement/b", art="b")],
                     stems=("a", "b"))
    result = score_graph(graph, gold_of([US, BLETCHLEY], [US_PARTY]), broader={})
    assert [s.article for s in result.articles] == ["a.txt"]  # b has no gold: ignored
    assert counts(result.entities) == (2, 0, 0)
    assert counts(result.facts) == (0, 0, 1)


def test_article_missing_from_graph_is_all_false_negatives():
    gold = gold_of([US, BLETCHLEY, {"id": "x", "type": "Event", "label": "X", "optional": True}],
                   [US_PARTY], name="b.txt")
    result = score_graph(graph_of([entity("country/us", "Country", "US")]), gold, broader={})
    score = result.articles[0]
    assert not score.found
    assert counts(score.entities) == (0, 0, 2)
    assert counts(score.typed) == (0, 0, 2)
    assert counts(score.facts) == (0, 0, 1)
    assert "(absent)" in format_table(result)


def test_micro_average_over_two_articles():
    graph = graph_of([entity("country/us", "Country", "US", articles=("a", "b")),
                      entity("agreement/b", "Agreement", "Bletchley Declaration", articles=("a",)),
                      entity("place/rome", "Place", "Rome", articles=("b",))],
                     stems=("a", "b"))
    china = {"id": "china", "type": "Country", "label": "China"}
    gold = {**gold_of([US, BLETCHLEY]), **gold_of([US, BLETCHLEY, china], name="b.txt")}
    result = score_graph(graph, gold, broader={})
    assert [counts(s.entities) for s in result.articles] == [(2, 0, 0), (1, 1, 2)]
    assert counts(result.entities) == (3, 1, 2)
    assert result.entities.precision == pytest.approx(0.75)
    assert result.entities.recall == pytest.approx(0.6)  # macro recall would be 0.667
    assert result.entities.f1 == pytest.approx(6 / 9)


def test_to_dict_is_json_and_table_lists_every_article():
    graph = graph_of([entity("country/us", "Country", "US")])
    result = score_graph(graph, gold_of([US, BLETCHLEY]), broader={})
    data = json.loads(json.dumps(result.to_dict()))
    assert data["overall"]["entities"] == {"tp": 1, "fp": 0, "fn": 1, "precision": 1.0,
                                           "recall": 0.5, "f1": 0.6667}
    assert data["articles"][0]["missed_entities"] == [
        "Bletchley Declaration [Agreement] (bletchley)"]
    table = format_table(result)
    assert "a.txt" in table and "micro average" in table
    assert "tp=1 fp=0 fn=1" in table


def test_empty_evaluation_scores_zero():
    assert counts(Evaluation().entities) == (0, 0, 0)
    assert Evaluation().facts.f1 == 0.0


# -- gold loading ---------------------------------------------------------------


def test_load_gold_rejects_dangling_references(tmp_path):
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"article": "a.txt", "entities": [US],
                                "relations": [{"s": "us", "p": "partyTo", "o": "nowhere"}]}))
    with pytest.raises(GoldError, match="nowhere"):
        load_gold(path)


def test_load_gold_rejects_missing_path_and_bad_type(tmp_path):
    with pytest.raises(GoldError, match="no such gold"):
        load_gold(tmp_path / "missing")
    (tmp_path / "g.json").write_text(json.dumps(
        {"article": "a.txt", "entities": [{"id": "x", "type": "Thing", "label": "X"}]}))
    with pytest.raises(GoldError, match="unknown type"):
        load_gold(tmp_path)


def test_relation_touching_optional_entity_is_optional():
    gold = gold_of([US, {**BLETCHLEY, "optional": True}], [US_PARTY])["a.txt"]
    assert gold.relations[0].optional
    assert not gold.entity("us").optional


def all_gold_files() -> list[Path]:
    return sorted(GOLD_DIR.rglob("*.json"))


def test_gold_directory_has_samples_and_at_least_six_heldout_articles():
    golds = load_gold(GOLD_DIR)
    assert len(list((GOLD_DIR / "samples").glob("*.json"))) == 5
    heldout = sorted((GOLD_DIR / "heldout").glob("*.json"))
    assert len(heldout) >= 6
    assert len(golds) == len(all_gold_files())


@pytest.mark.parametrize("path", all_gold_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_gold_file_loads_and_references_resolve(path):
    gold = load_gold(path)[json.loads(path.read_text())["article"]]
    declared = {e.id for e in gold.entities}
    for relation in gold.relations:
        assert relation.s in declared or relation.s.startswith("risk:"), relation
        if not relation.literal:
            assert relation.o in declared or relation.o.startswith("risk:"), relation
    if path.parent.name == "heldout":
        assert gold.article == path.stem + ".txt"
        text = (GOLD_DIR / "articles" / gold.article).read_text(encoding="utf-8")
        assert 250 <= len(re.findall(r"\S+", text)) <= 700
        for relation in gold.relations:  # evidence is quoted from the article
            assert relation.evidence and relation.evidence in text, relation


@pytest.mark.skipif(not SHARED_GOLD.is_dir(), reason="shared gold not available")
def test_samples_are_byte_identical_to_shared_gold():
    for shared in sorted(SHARED_GOLD.glob("*.json")):
        assert (GOLD_DIR / "samples" / shared.name).read_bytes() == shared.read_bytes()


# -- a graph built from the gold itself scores perfectly -----------------------


def date_type(text: str) -> str:
    return {10: "date", 7: "gYearMonth", 4: "gYear"}[len(text)]


def graph_from_gold(gold) -> tuple:
    stem = gold.article.removesuffix(".txt")
    key = {e.id: (f"risk/{e.id[5:]}" if e.id.startswith("risk:") else f"thing/{stem}/{e.id}")
           for e in gold.entities}
    entities = [Entity(key=key[e.id], cls=e.type, label=e.label or e.id[5:],
                       aliases=set(e.aliases), articles={stem}) for e in gold.entities]
    claims = [Claim(subject=key[r.s], predicate=r.p,
                    object=r.o if r.literal else key.get(r.o, f"risk/{r.o[5:]}"),
                    article=stem, evidence=r.evidence or f"{r.s} {r.p} {r.o}",
                    datatype=date_type(r.o) if r.p == "date" else None)
              for r in gold.relations]
    return build_graph(Extraction(articles=[Article(id=stem, source=gold.article, text="")],
                                  entities={e.key: e for e in entities}, claims=claims))


@pytest.mark.parametrize("path", all_gold_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_graph_built_from_gold_scores_perfectly(path):
    golds = load_gold(path)
    (gold,) = golds.values()
    result = score_graph(graph_from_gold(gold), golds, broader={})
    for measure in (result.entities, result.typed, result.facts):
        assert (measure.fp, measure.fn) == (0, 0), result.articles[0].to_dict()
    assert result.entities.tp == len(gold.entities)


def test_ties_between_facts_prefer_the_exactly_named_ends():
    # The EU node also carries "Brussels", an alias of the Commission: both
    # (code issuedBy EU) and (code issuedBy Commission) could match the gold
    # fact; the one naming the Commission itself must win.
    graph = graph_of([entity("org/eu", "Organization", "European Union", "Brussels"),
                      entity("org/ec", "Organization", "European Commission"),
                      entity("agreement/code", "Agreement", "Code of Practice"),
                      entity("policy/act", "Policy", "AI Act")],
                     [claim("agreement/code", "issuedBy", "org/eu"),
                      claim("agreement/code", "issuedBy", "org/ec"),
                      claim("policy/act", "issuedBy", "org/eu")])
    gold = gold_of([{"id": "ec", "type": "Organization", "label": "European Commission",
                     "aliases": ["Brussels"]},
                    {"id": "eu", "type": "Organization", "label": "European Union"},
                    {"id": "code", "type": "Agreement", "label": "Code of Practice"},
                    {"id": "act", "type": "Policy", "label": "AI Act"}],
                   [{"s": "code", "p": "issuedBy", "o": "ec"},
                    {"s": "act", "p": "issuedBy", "o": "eu"}])
    score = score_graph(graph, gold, broader={}).articles[0]
    assert counts(score.facts) == (2, 1, 0)
    assert score.spurious_facts == ["Code of Practice issuedBy European Union"]


KGEVAL = Path(__file__).resolve().parents[1].parent / "shared" / "tools" / "kgeval.py"


@pytest.mark.skipif(not KGEVAL.is_file(), reason="the reference scorer is in ../shared/tools")
def test_scores_agree_with_the_reference_scorer_within_a_point(samples_build):
    """aigraph's scorer and ../shared/tools/kgeval.py on the same graph (the
    samples, built with the shipped model at its threshold)."""
    import re
    import subprocess
    import sys

    from aigraph.evaluate import load_gold, score_graph
    from aigraph.graph import load_graph

    graph_file = samples_build / "graph.ttl"
    gold = Path(__file__).parent / "gold" / "samples"
    run = subprocess.run([sys.executable, str(KGEVAL), str(graph_file), str(gold), "--calibration"],
                         capture_output=True, text=True, check=True)
    reference = dict(re.findall(r"(entityF1|typedF1|factF1)=([0-9.]+)", run.stdout.splitlines()[-1]))
    reference_ece = float(re.search(r"ECE=([0-9.]+)", run.stdout).group(1))
    ours = score_graph(load_graph(graph_file), load_gold(gold))
    assert ours.entities.f1 == pytest.approx(float(reference["entityF1"]), abs=0.01)
    assert ours.typed.f1 == pytest.approx(float(reference["typedF1"]), abs=0.01)
    assert ours.facts.f1 == pytest.approx(float(reference["factF1"]), abs=0.01)
    assert ours.reliability().ece == pytest.approx(reference_ece, abs=0.02)
