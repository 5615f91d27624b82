"""The mention passes come in through one registration: a toy pass reaches
the graph with no other change, and a name can be registered only once."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph

from aigraph import ontology
from aigraph.build import build
from aigraph.extract.mentions import (ORDER, Mention, MentionPassError, mention_pass,
                                      registered_passes, unregister)


def zorblax(state):
    """'zorblax', written in lower case, is a (made-up) organisation."""
    found = [Mention(t.i, t.i + 1, t.text, "Organization", "Zorblax", state.sents[t.i])
             for t in state.doc if t.lower_ == "zorblax"]
    taken = {m.start for m in found}
    kept = [m for m in state.accepted if not any(m.start <= i < m.end for i in taken)]
    return state.but(accepted=sorted(kept + found, key=lambda m: m.start))


def organisation_labels(folder, tmp_path, name):
    report = build([folder], tmp_path / name, use_cache=False)
    graph = Graph().parse(report.outputs[0])
    return {str(graph.value(s, RDFS.label)) for s in graph.subjects(RDF.type, ontology.term("Organization"))}


@pytest.fixture
def toy_pass(monkeypatch):
    monkeypatch.setenv("AIGRAPH_RELATION_MODEL", "none")
    mention_pass("toy_zorblax")(zorblax)
    yield zorblax
    unregister("toy_zorblax")
    ontology.clear_cache()


def test_a_registered_pass_runs_after_the_built_in_ones(toy_pass):
    names = [name for name, _ in registered_passes()]
    assert names[:len(ORDER)] == list(ORDER)
    assert names[-1] == "toy_zorblax"


def test_a_registered_pass_reaches_the_graph(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "zorblax.txt").write_text(
        "Japan signed a research agreement with the zorblax on Monday.\n", encoding="utf-8")
    monkeypatch.setenv("AIGRAPH_RELATION_MODEL", "none")
    assert "Zorblax" not in organisation_labels(folder, tmp_path, "before")
    mention_pass("toy_zorblax")(zorblax)
    try:
        assert "Zorblax" in organisation_labels(folder, tmp_path, "after")
    finally:
        unregister("toy_zorblax")


def test_registering_another_pass_under_a_taken_name_fails():
    with pytest.raises(MentionPassError, match="'ner' is registered twice"):
        mention_pass("ner")(lambda state: state)
