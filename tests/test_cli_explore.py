"""The explorer commands through click's CliRunner, on a real exported graph."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from aigraph.cli_explore import COMMANDS, NO_BROWSER_ENV
from aigraph.graph import build_graph, export
from test_analyse import small_extraction


def explorer_cli() -> click.Group:
    """aigraph's real group when the explorer is registered there, else a
    group with the same error boundary holding just these commands."""
    from aigraph.cli import AigraphGroup, cli

    if all(command.name in cli.commands for command in COMMANDS):
        return cli
    group = AigraphGroup("aigraph")
    for command in COMMANDS:
        group.add_command(command)
    return group


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    return export(build_graph(small_extraction()), tmp_path_factory.mktemp("exports"))


def run(*args, **kwargs):
    result = CliRunner().invoke(explorer_cli(), [str(a) for a in args], **kwargs)
    return result


def test_analyze_prints_tables(graph_file):
    result = run("analyze", graph_file, "--top", 3)
    assert result.exit_code == 0, result.output
    assert "10 entities, 8 facts, 2 connected components" in result.output
    assert "Harbour Summit" in result.output and "Brokers between communities" in result.output
    # "who matters" comes first; the classic centralities stay available
    tables = [result.output.index(title) for title in (
        "Who matters", "PageRank (directed)", "betweenness", "degree (facts)")]
    assert tables == sorted(tables)
    assert "of which (subclasses)" in result.output and "ThinkTank" in result.output


def test_analyze_json_and_plots(graph_file, tmp_path):
    result = run("analyze", graph_file, "--json", "--plot", tmp_path / "charts")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["nodes"] == 10 and data["component_count"] == 2
    assert data["degree"][0]["label"] == "Harbour Summit"
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == [
        "centrality.png", "properties.png", "timeline.png"]


def test_path_explains_hops_with_evidence(graph_file):
    result = run("path", "Bob Sample", "Harbour City", "--graph", graph_file)
    assert result.exit_code == 0, result.output
    assert "Bob Sample - Harbour Summit - Harbour City" in result.output
    assert "Bob Sample --leads--> Harbour Summit" in result.output
    assert '"Bob Sample chairs the summit." (Summit news)' in result.output


def test_path_between_unconnected_entities(graph_file):
    result = run("path", "Alice Example", "Carol Third", "--graph", graph_file)
    assert result.exit_code == 0
    assert "No connection" in result.output


def test_unknown_entity_is_a_clean_error(graph_file):
    result = run("neighbours", "Harbor Summit", "--graph", graph_file)
    assert result.exit_code == 1
    assert "Error: no entity named 'Harbor Summit'" in result.output
    assert "'Harbour Summit'" in result.output


def test_missing_graph_is_a_clean_error(tmp_path):
    result = run("analyze", tmp_path / "nothing.ttl")
    assert result.exit_code == 1 and "Error:" in result.output and "nothing.ttl" in result.output


def test_neighbours_lists_by_depth(graph_file):
    result = run("neighbours", "freedonia", "--depth", 1, "--graph", graph_file)
    assert result.exit_code == 0, result.output
    assert "Harbour Accord" in result.output and "Harbour Summit" in result.output
    assert "Bob Sample" not in result.output


def test_render_focus_and_class(graph_file, tmp_path):
    out = tmp_path / "view.html"
    result = run("render", graph_file, "-o", out, "--focus", "Acme", "--depth", 1,
                 "--class", "person", "--class", "Organization")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Alice Example" in text and "Bob Sample" in text
    assert "Harbour Summit" not in text and "Carol Third" not in text


def test_open_renders_then_skips_the_browser(graph_file, tmp_path):
    out = tmp_path / "open.html"
    result = run("open", graph_file, "-o", out, env={NO_BROWSER_ENV: "1"})
    assert result.exit_code == 0, result.output
    assert out.exists() and f"open {out.resolve().as_uri()}" in result.output
    assert "wrote" in result.output
    again = run("open", graph_file, "-o", out, "--no-browser")
    assert "wrote" not in again.output, "an up-to-date page is not rendered again"


def test_open_without_any_browser_is_an_error(graph_file, tmp_path):
    """No display, no console browser on PATH, and $BROWSER naming nothing."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    out = tmp_path / "open.html"
    empty = tmp_path / "bin"
    empty.mkdir()
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {"PATH": str(empty), "HOME": str(tmp_path), "BROWSER": str(empty / "no-browser"),
           "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    result = subprocess.run([sys.executable, "-c", "from aigraph.cli import cli; cli()", "open",
                             str(graph_file), "-o", str(out)],
                            env=env, capture_output=True, text=True, timeout=300)
    uri = out.resolve().as_uri()
    assert result.returncode == 1 and out.exists()
    assert result.stdout == f"wrote {out}\n"
    assert result.stderr == (f"Error: no web browser could be started to open {uri}; open "
                             "that file yourself (or set $BROWSER, or use --no-browser)\n")
