"""The decision stage: candidates merged per fact, scored by the relation model,
asserted at the threshold, every claim kept."""

from __future__ import annotations

import json
import math

import pytest
from rdflib import RDF

from aigraph.extract import extract
from aigraph.extract.decide import (ALL_CANDIDATES, ENV_VAR, ModelError,
                                    RelationModel, decide, default_threshold, fact_features,
                                    load_model, model_path)
from aigraph.graph import build_graph
from aigraph.model import Article, Claim, Entity, Extraction
from aigraph.vocab import AIG, entity_iri

ENTITIES = {
    "country/norway": Entity("country/norway", "Country", "Norway"),
    "agreement/tromso-declaration": Entity("agreement/tromso-declaration", "Agreement",
                                           "Tromso Declaration"),
}


def candidate(rule: str, evidence: str = "Norway signed the Tromso Declaration.",
              confidence: float = 0.7, modality: str = "Asserted") -> Claim:
    return Claim("country/norway", "partyTo", "agreement/tromso-declaration", "a1", evidence,
                 modality=modality, confidence=confidence,
                 signals=frozenset({f"rule:{rule}", f"mod:{modality}"}))


def test_probability_is_the_logistic_of_the_weights():
    model = RelationModel({"a": 1.0, "b": -0.5}, intercept=0.25, threshold=0.5)
    assert model.probability(["a", "b", "unknown"]) == pytest.approx(1 / (1 + math.exp(-0.75)))
    assert model.probability([]) == pytest.approx(1 / (1 + math.exp(-0.25)))


def test_model_json_round_trips_and_sorts_its_weights():
    model = RelationModel({"z": 0.5, "a": -1.25, "zero": 0.0}, intercept=-2.0, threshold=0.7,
                          floor=0.05, meta={"C": 0.1})
    text = model.to_json()
    data = json.loads(text)
    assert list(data["weights"]) == ["a", "z"]          # sorted, zero weights dropped
    again = RelationModel.from_json(text)
    assert (again.weights, again.intercept, again.threshold, again.floor) == (
        {"a": -1.25, "z": 0.5}, -2.0, 0.7, 0.05)
    assert again.to_json() == text


def test_a_damaged_model_file_names_itself_and_the_fix():
    with pytest.raises(ModelError, match=r"m\.json: not a relation model .*aigraph train"):
        RelationModel.from_json('{"weights": 3}', "m.json")


def test_candidates_of_one_fact_in_one_article_become_one_claim():
    claims = [candidate("cooccurrence", "Norway was there. It signed.", 0.3),
              candidate("path", "Norway signed the Tromso Declaration.", 0.7),
              candidate("path", "Later, Norway signed it again.", 0.6)]
    model = RelationModel({"partyTo|rule:path": 2.0}, intercept=-1.0, threshold=0.5)
    [claim] = decide(claims, ENTITIES, model)
    # the pattern's most confident sentence is the evidence, the model's probability the confidence
    assert claim.evidence == "Norway signed the Tromso Declaration."
    assert claim.confidence == round(1 / (1 + math.exp(-1.0)), 2)
    assert {"sentences:3", "rules:1", "scls:Country", "ocls:Agreement", "p:partyTo",
            "partyTo|rule:path"} <= claim.signals


def test_candidates_under_the_model_floor_are_no_claims():
    model = RelationModel({}, intercept=-5.0, threshold=0.5, floor=0.05)
    assert decide([candidate("path")], ENTITIES, model) == []


def test_without_a_model_only_the_patterns_propose_claims():
    decided = decide([candidate("cooccurrence", confidence=0.3)], ENTITIES, None)
    assert decided == []
    [kept] = decide([candidate("path", confidence=0.7)], ENTITIES, None)
    assert kept.confidence == 0.7


def test_every_candidate_is_kept_for_training():
    [claim] = decide([candidate("neighbour", confidence=0.3)], ENTITIES, ALL_CANDIDATES)
    assert claim.confidence == 0.5 and "broad|only-broad" in claim.signals
    assert "broad|only-neighbour" in claim.signals
    assert "broad|partyTo|rule:neighbour" in claim.signals   # broad pairs: weights of their own


def test_features_are_joined_to_the_property():
    features = fact_features([candidate("title")], ENTITIES)
    assert {"rule:title", "partyTo|rule:title", "mod:Asserted", "partyTo|mod:Asserted"} <= features


def graph_of(claims: list[Claim], min_confidence: float | None):
    extraction = Extraction(articles=[Article("a1", "a1.txt", "x")], entities=ENTITIES,
                            claims=claims)
    return build_graph(extraction, min_confidence)


def test_a_claim_below_the_threshold_stays_a_claim_without_its_fact():
    triple = (entity_iri("country/norway"), AIG.partyTo, entity_iri("agreement/tromso-declaration"))
    low = [candidate("path", confidence=0.4)]
    graph = graph_of(low, 0.5)
    assert triple not in graph
    assert len(list(graph.subjects(RDF.type, AIG.Claim))) == 1
    assert triple in graph_of(low, 0.4)          # lowering the threshold brings the fact back


def test_a_negated_claim_never_asserts_its_fact():
    triple = (entity_iri("country/norway"), AIG.partyTo, entity_iri("agreement/tromso-declaration"))
    assert triple not in graph_of([candidate("path", confidence=0.9, modality="Negated")], 0.0)


def test_the_shipped_model_is_found_and_sets_the_default_threshold():
    model = load_model()
    assert model is not None, f"no relation model at {model_path()}: run 'aigraph train'"
    assert default_threshold() == model.threshold
    assert 0.0 < model.threshold < 1.0 and model.weights


def test_the_environment_switches_the_model_off_or_to_another_file(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, "none")
    assert load_model() is None and default_threshold() == 0.0
    other = tmp_path / "m.json"
    other.write_text(RelationModel({"x": 1.0}, 0.0, threshold=0.42).to_json(), encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(other))
    assert load_model().threshold == 0.42


def test_shipped_model_confidences_are_its_probabilities():
    text = ("Norway and Finland signed the Tromso Declaration on Thursday. "
            "The declaration commits both countries to joint testing of AI models.")
    extraction = extract([Article("a1", "a1.txt", text)])
    model = load_model()
    assert extraction.claims
    for claim in extraction.claims:
        assert claim.confidence == round(model.probability(claim.signals), 2)
        assert model.floor <= claim.confidence <= 1.0
    # the model ranks the signatories' facts above every other candidate of
    # the sentence (whether they pass the threshold is the calibration's call:
    # on real news, signing sentences give wrong parties often enough)
    parties = {c.subject: c.confidence for c in extraction.claims if c.predicate == "partyTo"}
    others = [c.confidence for c in extraction.claims if c.predicate != "partyTo"]
    assert set(parties) == {"country/norway", "country/finland"}
    assert not others or min(parties.values()) > max(others)


def test_a_model_named_by_the_environment_must_exist(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "missing.json"))
    with pytest.raises(ModelError, match=r"missing\.json: no relation model there"):
        load_model()


def test_probabilities_do_not_depend_on_the_hash_seed(tmp_path):
    """Sets iterate in hash-seed order; the model must sum in a fixed one."""
    import subprocess
    import sys
    code = ("from aigraph.extract.decide import RelationModel\n"
            "m = RelationModel({f'f{i}': (-1) ** i * 0.1 * (i % 7) + 1e-9 * i for i in range(300)},"
            " 0.3, 0.5)\n"
            "print(repr(m.probability(frozenset(f'f{i}' for i in range(0, 300, 3)))))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={**__import__("os").environ, "PYTHONHASHSEED": seed},
                              check=True).stdout for seed in ("1", "2", "3", "4")}
    assert len(outputs) == 1, outputs


def test_the_finer_class_of_an_end_is_a_feature_of_its_own():
    # "a country is a member of an alliance, not of a company": the model sees the subclass
    entities = {"country/norway": Entity("country/norway", "Country", "Norway"),
                "organization/brightfield": Entity("organization/brightfield", "Company",
                                                   "Brightfield")}
    claim = Claim("country/norway", "memberOf", "organization/brightfield", "a1", "x",
                  signals=frozenset({"rule:dependency"}))
    features = fact_features([claim], entities)
    assert {"osub:Company", "memberOf|osub:Company", "ocls:Organization"} <= features
    assert not any(f.startswith("ssub:") for f in features)   # Country has no finer class
