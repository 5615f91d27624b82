"""A new entity class and a new relation come in through data and one
registration: the ontology's Turtle and one ``@pattern`` family."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from aigraph import ontology
from aigraph.build import build
from aigraph.extract.relations import ORDER, PatternError, pattern, registered_patterns, unregister
from aigraph.vocab import entity_iri

ROOT = Path(__file__).resolve().parents[1]

TOY_CLASS = """
aig:Chip a owl:Class ;
    rdfs:label "Chip"@en ;
    rdfs:comment "A named AI accelerator (toy class of tests/test_extension.py)."@en .

aig:restrictsExportOf a owl:ObjectProperty ;
    rdfs:label "restricts export of"@en ;
    rdfs:domain aig:Country ;
    rdfs:range aig:Chip .
"""

TOY_ENTRY = """
<https://w3id.org/aigraph/id/chip/zx-9000> a aig:Chip ;
    rdfs:label "ZX-9000" .
"""


@pytest.fixture
def toy_ontology(tmp_path, monkeypatch):
    folder = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", folder)
    with (folder / "aigraph.ttl").open("a", encoding="utf-8") as f:
        f.write(TOY_CLASS)
    with (folder / "gazetteer.ttl").open("a", encoding="utf-8") as f:
        f.write(TOY_ENTRY)
    monkeypatch.setenv(ontology.ENV_VAR, str(folder))
    monkeypatch.setenv("AIGRAPH_RELATION_MODEL", "none")   # the toy family's own confidence
    ontology.clear_cache()

    @pattern("toy_export_ban")
    def toy_export_ban(ctx):
        """'<country> banned exports of <chip>'."""
        countries = [m for m in ctx.mentions if m.cls == "Country" and m.key]
        chips = [m for m in ctx.mentions if m.cls == "Chip" and m.key]
        if any(t.lemma_ == "ban" for t in ctx.sent):
            for country in countries:
                for chip in chips:
                    yield ctx.claim(country.key, "restrictsExportOf", chip.key, 0.8)

    yield folder
    unregister("toy_export_ban")
    ontology.clear_cache()


def test_a_toy_class_and_property_reach_the_graph(toy_ontology, tmp_path):
    article = tmp_path / "in" / "ban.txt"
    article.parent.mkdir()
    article.write_text("Japan banned exports of the ZX-9000 on Monday.\n", encoding="utf-8")
    report = build([article.parent], tmp_path / "out", use_cache=False)
    graph = Graph().parse(report.outputs[0])
    chip = entity_iri("chip/zx-9000")
    assert (chip, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("ZX-9000")) in graph
    japan = entity_iri("country/japan")
    assert (japan, ontology.term("restrictsExportOf"), chip) in graph
    assert report.facts_per_property == {"restrictsExportOf": 1}
    assert (chip, RDF.type, ontology.term("Chip")) in graph


def test_a_registered_family_runs_after_the_built_in_ones(toy_ontology):
    names = [name for name, _ in registered_patterns()]
    assert names[:len(ORDER)] == [n for n in ORDER if n in names]
    assert names[-1] == "toy_export_ban"


def test_registering_another_family_under_a_taken_name_fails():
    with pytest.raises(PatternError, match="'title' is registered twice"):
        pattern("title")(lambda ctx: iter(()))


def test_a_term_neither_defined_nor_declared_is_a_typo():
    assert ontology.term("partyTo") == URIRef("https://w3id.org/aigraph/ontology#partyTo")
    with pytest.raises(AttributeError, match="'partyto' is neither in the aigraph vocabulary"):
        ontology.term("partyto")
