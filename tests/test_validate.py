"""SHACL validation of built graphs (aigraph.validate with ontology/shapes.ttl)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from aigraph.graph import article_iri, build_graph, claim_iri
from aigraph.model import Article, Claim, Entity, Extraction
from aigraph.validate import ValidationReport, Violation, validate
from aigraph.vocab import AIG, AIG_IRI, entity_iri

ARTICLE = Article(id="001_demo", source="001_demo.txt", text="Hand-made text.", title="Demo")


def entities() -> dict[str, Entity]:
    """Hand-made entities of several classes, one of them an ontology subclass."""
    made = [
        Entity("country/freedonia", "Country", "Freedonia", {"FD"}),
        Entity("person/ada-example", "Person", "Ada Example"),
        Entity("organization/example-policy-institute", "ThinkTank", "Example Policy Institute"),
        Entity("organization/ministry-of-examples", "Government", "Ministry of Examples"),
        Entity("event/example-summit", "Event", "Example Summit"),
        Entity("place/sampleton", "Place", "Sampleton"),
        Entity("agreement/sampleton-declaration", "Agreement", "Sampleton Declaration"),
        Entity("policy/example-action-plan", "Policy", "Example Action Plan"),
        Entity("document/example-report", "Document", "Example Report"),
        Entity("aisystem/examplebot", "AISystem", "ExampleBot"),
        Entity("risk/CyberOffense", "Risk", "Cyber offense"),
    ]
    for entity in made:
        entity.articles.add(ARTICLE.id)
    return {entity.key: entity for entity in made}


def claim(subject: str, predicate: str, obj: str, **extra) -> Claim:
    extra.setdefault("evidence", f"{subject} {predicate} {obj}.")
    return Claim(subject, predicate, obj, ARTICLE.id, **extra)


def valid_claims() -> list[Claim]:
    return [
        claim("person/ada-example", "affiliatedWith", "organization/example-policy-institute"),
        claim("person/ada-example", "leads", "event/example-summit"),
        claim("person/ada-example", "role", "Senior Fellow"),
        claim("country/freedonia", "memberOf", "organization/ministry-of-examples"),
        claim("country/freedonia", "partyTo", "agreement/sampleton-declaration", modality="Reported"),
        claim("policy/example-action-plan", "issuedBy", "organization/ministry-of-examples"),
        claim("country/freedonia", "participatesIn", "event/example-summit", modality="Planned"),
        claim("event/example-summit", "heldIn", "place/sampleton"),
        claim("event/example-summit", "heldIn", "country/freedonia"),
        claim("agreement/sampleton-declaration", "addressesRisk", "risk/CyberOffense"),
        claim("organization/example-policy-institute", "concernedAbout", "risk/CyberOffense",
              confidence=0.95),
        claim("country/freedonia", "supports", "policy/example-action-plan", modality="Hedged"),
        claim("person/ada-example", "opposes", "agreement/sampleton-declaration", modality="Negated"),
        claim("aisystem/examplebot", "developedBy", "organization/example-policy-institute"),
        claim("event/example-summit", "date", "2025-02-10", datatype="date"),
        claim("document/example-report", "date", "2025-02", datatype="gYearMonth"),
        claim("policy/example-action-plan", "date", "2024", datatype="gYear"),
    ]


def graph_with(claims: list[Claim], entity_map: dict[str, Entity] | None = None) -> Graph:
    return build_graph(Extraction([ARTICLE], entity_map or entities(), claims))


def paths_and_messages(report: ValidationReport) -> set[tuple[str, str, str]]:
    return {(violation.focus, violation.path, violation.message) for violation in report.violations}


def test_valid_graph_conforms():
    report = validate(graph_with(valid_claims()))
    assert report.violations == []
    assert report.conforms is True


def test_plain_in_memory_graph_is_accepted_too():
    built = graph_with(valid_claims())
    plain = Graph()
    for triple in built:
        plain.add(triple)
    assert validate(plain).conforms


def test_claim_without_evidence_is_reported():
    bad = claim("person/ada-example", "affiliatedWith", "country/freedonia", evidence="")
    report = validate(graph_with(valid_claims() + [bad]))
    assert not report.conforms
    focus = "aigr:" + str(claim_iri(bad)).rsplit("/id/", 1)[1]
    assert paths_and_messages(report) == {
        (focus, "aig:evidence", "an aig:Claim must have exactly one aig:evidence, a non-empty string"),
    }


def test_held_in_pointing_to_a_person_is_reported():
    bad = claim("event/example-summit", "heldIn", "person/ada-example")
    report = validate(graph_with(valid_claims() + [bad]))
    assert not report.conforms
    assert len(report.violations) == 1
    violation = report.violations[0]
    assert violation.focus == "aigr:event/example-summit"
    assert violation.path == "aig:heldIn"
    assert violation.message == "aig:heldIn must point to an instance of aig:Place or aig:Country"
    assert violation.value == "aigr:person/ada-example"
    assert violation.severity == "Violation"


def test_wrong_subject_class_is_reported():
    bad = claim("country/freedonia", "affiliatedWith", "organization/ministry-of-examples")
    report = validate(graph_with(valid_claims() + [bad]))
    assert ("aigr:country/freedonia", "",
            "the subject of aig:affiliatedWith must be an instance of aig:Person") in paths_and_messages(report)


def test_subclass_instances_count_for_their_core_class():
    """A ThinkTank is an Organization: affiliatedWith may point to it (see the valid graph),
    but an Event may not be affiliated with anything."""
    bad = claim("person/ada-example", "affiliatedWith", "event/example-summit")
    report = validate(graph_with(valid_claims() + [bad]))
    assert [v.path for v in report.violations] == ["aig:affiliatedWith"]


def test_untyped_date_is_reported():
    bad = claim("event/example-summit", "date", "next spring")
    report = validate(graph_with(valid_claims() + [bad]))
    assert ("aigr:event/example-summit", "aig:date",
            "aig:date must be an xsd:date, xsd:gYearMonth or xsd:gYear literal") in paths_and_messages(report)


def test_confidence_above_one_is_reported():
    bad = claim("country/freedonia", "partyTo", "agreement/sampleton-declaration", confidence=1.5,
                evidence="Freedonia signed it, surely.")
    report = validate(graph_with(valid_claims() + [bad]))
    assert [v.path for v in report.violations] == ["aig:confidence"]


def test_entity_without_article_or_with_two_labels_is_reported():
    entity_map = entities()
    entity_map["place/sampleton"].articles.clear()
    graph = graph_with(valid_claims(), entity_map)
    graph.add((entity_iri("country/freedonia"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
               Literal("Grand Duchy of Freedonia")))
    found = paths_and_messages(validate(graph))
    assert found == {
        ("aigr:place/sampleton", "aig:mentionedIn",
         "an entity must be aig:mentionedIn at least one aig:Article"),
        ("aigr:country/freedonia", "rdfs:label",
         "an entity must have exactly one rdfs:label (its canonical name)"),
    }


def test_unknown_modality_and_missing_source_are_reported():
    graph = graph_with(valid_claims())
    node = claim_iri(valid_claims()[0])
    graph.remove((node, AIG.modality, None))
    graph.add((node, AIG.modality, URIRef(AIG_IRI + "Rumoured")))
    graph.remove((article_iri(ARTICLE.id), DCTERMS.source, None))
    found = {(v.path, v.value) for v in validate(graph).violations}
    assert found == {("aig:modality", "aig:Rumoured"), ("dcterms:source", "")}


def test_claim_missing_parts_is_reported():
    graph = graph_with(valid_claims())
    node = claim_iri(valid_claims()[0])
    graph.remove((node, RDF.subject, None))
    graph.add((node, AIG.confidence, Literal(Decimal("0.5"))))  # a second (typed xsd:decimal)
    paths = sorted(v.path for v in validate(graph).violations)
    assert paths == ["aig:confidence", "rdf:subject"]


def test_violations_are_sorted_and_deterministic():
    bad = [claim("event/example-summit", "heldIn", "person/ada-example"),
           claim("person/ada-example", "affiliatedWith", "country/freedonia", evidence=" "),
           claim("country/freedonia", "affiliatedWith", "organization/ministry-of-examples")]
    first = validate(graph_with(valid_claims() + bad))
    second = validate(graph_with(valid_claims() + list(reversed(bad))))
    assert first.violations == sorted(first.violations)
    assert first == second
    assert all(isinstance(v, Violation) and str(v).startswith("Violation: ") for v in first.violations)
    assert len(first.violations) == 3
