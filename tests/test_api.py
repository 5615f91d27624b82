"""The library facade: aigraph.build, KnowledgeGraph, and the README's examples."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import aigraph
from aigraph.errors import AigraphError

from conftest import GOLDEN_ARTICLE, ROOT


def test_all_is_short_and_every_name_resolves():
    assert len(aigraph.__all__) <= 12
    for name in aigraph.__all__:
        assert getattr(aigraph, name) is not None
    assert issubclass(aigraph.EntityNotFoundError, aigraph.AigraphError)


def test_import_is_quick_and_loads_no_extractor():
    code = "import aigraph, sys; print('spacy' in sys.modules, 'rdflib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_build_is_both_the_call_and_the_module():
    from aigraph.build import BuildReport

    assert callable(aigraph.build)
    assert aigraph.build.BuildReport is BuildReport   # the submodule is still reachable


def test_build_writes_what_the_cli_writes(golden_build, tmp_path):
    from click.testing import CliRunner

    from aigraph.cli import cli

    result = CliRunner().invoke(cli, ["build", str(GOLDEN_ARTICLE), "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.ttl").read_bytes() == (golden_build / "graph.ttl").read_bytes()
    assert (golden_build / "store" / "CURRENT").is_file()


def test_build_returns_the_graph_and_its_report(tmp_path):
    kg = aigraph.build(GOLDEN_ARTICLE, out=tmp_path, store=False, cache=False, formats=["nt"])
    assert kg.report.claims > 0 and not kg.report.warnings
    assert (tmp_path / "graph.nt").is_file() and not (tmp_path / "store").exists()
    assert len(kg) == len(kg.graph) > 100
    assert kg.store is None and kg.path == tmp_path / "graph.ttl"


def test_build_of_nothing_raises_with_its_message(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(aigraph.NothingToBuildError, match="file is empty"):
        aigraph.build([empty], out=tmp_path / "out")


def test_open_a_folder_or_a_file(golden_build):
    from_folder = aigraph.KnowledgeGraph.open(golden_build)
    assert from_folder.store == golden_build / "store"
    from_file = aigraph.KnowledgeGraph.open(golden_build / "graph.ttl")
    assert from_file.store is None
    assert len(from_folder) == len(from_file)


def test_open_nothing_raises(tmp_path):
    with pytest.raises(aigraph.GraphLoadError, match="run 'aigraph build' first"):
        aigraph.KnowledgeGraph.open(tmp_path)
    with pytest.raises(aigraph.GraphLoadError):
        aigraph.KnowledgeGraph.open(tmp_path / "missing.ttl")


@pytest.fixture(scope="module")
def kg(golden_build):
    return aigraph.KnowledgeGraph.open(golden_build)


def test_query_text_saved_and_params(kg, golden_build):
    roles = kg.query("SELECT ?p ?role WHERE { ?p aig:role ?role }")
    assert roles.variables == ["p", "role"] and len(roles) >= 1
    mentioning = kg.query("articles-mentioning", entity="Finland")
    assert mentioning.values("article")
    in_memory = aigraph.KnowledgeGraph.open(golden_build / "graph.ttl")
    assert in_memory.query("articles-mentioning", entity="finland").rows == mentioning.rows
    assert kg.query("ASK { ?s a aig:Country }").boolean is True
    with pytest.raises(aigraph.QueryError):
        kg.query("SELECT ?x WHERE {")


def test_network_analysis_and_lookups(kg):
    G = kg.to_networkx()
    assert isinstance(G, nx.MultiDiGraph) and G is kg.to_networkx()
    assert kg.analyse(top=3).nodes == G.number_of_nodes()
    finland = kg.find("FINLAND")
    assert finland.endswith("country/finland")
    assert any(n.label == "Tromso Declaration" for n in kg.neighbours("Finland", depth=2))
    assert kg.paths("Finland", "Tromso Declaration")
    with pytest.raises(aigraph.EntityNotFoundError):
        kg.find("Atlantis")


def test_explain_validate_render(kg, tmp_path):
    claims = kg.explain("Finland", "partyTo", "Tromso Declaration")
    assert claims and claims[0].evidence.startswith("Norway and Finland signed")
    assert kg.validate().conforms
    page = kg.render(tmp_path / "graph.html", focus="Finland", depth=1)
    assert "Finland" in page.read_text(encoding="utf-8")


def test_repr_and_notebook_html(kg):
    text = repr(kg)
    assert text.startswith("<KnowledgeGraph ") and "triples" in text and "1 articles" in text
    page = kg._repr_html_()
    assert page.startswith("<table>") and "Country" in page and "<script" not in page


def test_every_error_is_an_aigraph_error_with_a_sentence():
    with pytest.raises(AigraphError) as info:
        aigraph.KnowledgeGraph()
    assert str(info.value)


# ---------------------------------------------------------------------------
# README


def readme_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_readme_has_python_examples():
    blocks = readme_examples()
    assert len(blocks) >= 3
    assert any("aigraph.build(" in block for block in blocks)


@pytest.mark.slow
def test_readme_examples_run(samples_build, tmp_path, monkeypatch, capsys):
    """The README's examples, in order, in a project folder whose exports/
    starts as a copy of a build of sources/ (so its build is a cached rebuild)."""
    (tmp_path / "sources").symlink_to(ROOT / "sources")
    shutil.copytree(samples_build, tmp_path / "exports")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in readme_examples():
        exec(compile(block, "README.md", "exec"), namespace)
    out = capsys.readouterr().out
    assert "<KnowledgeGraph 'exports/graph.ttl'" in out and "5 articles>" in out
    assert "no entity is labelled 'Atlantis'" in out
    assert (tmp_path / "exports" / "graph.html").is_file()
    assert (tmp_path / "exports" / "graph.ttl").read_bytes() == \
        (samples_build / "graph.ttl").read_bytes()
    assert os.path.samefile(Path.cwd(), tmp_path)
