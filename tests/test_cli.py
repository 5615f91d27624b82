"""The core commands through click's CliRunner, with exact output where it is ours."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import patterns_only
from click.testing import CliRunner

from aigraph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sources"
GOLDEN = Path(__file__).parent / "data" / "golden" / "summit.txt"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("built")
    with patterns_only():   # the claims' confidences below are the patterns' own
        result = CliRunner().invoke(cli, ["build", str(GOLDEN), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out / "graph.ttl"


def test_build_summary(runner, tmp_path):
    result = runner.invoke(cli, ["build", str(GOLDEN), "-o", str(tmp_path), "--no-store"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Read 1 article(s), skipped 0."
    assert lines[1].startswith("Entities: Agreement ")
    assert lines[2].startswith("Facts: addressesRisk ")
    assert lines[-1] == f"Wrote {tmp_path / 'graph.ttl'}"


def test_build_with_nothing_readable_fails_naming_the_file(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(cli, ["build", str(empty), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no article could be read ({empty}: file is empty "
        "(remove it or add the article text))\n")


def test_build_missing_path(runner, tmp_path):
    missing = tmp_path / "nope.txt"
    result = runner.invoke(cli, ["build", str(missing), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no article could be read ({missing}: no such file or folder (check the path))\n")


def test_one_bad_file_does_not_lose_the_batch(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(GOLDEN, folder / "good.txt")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "empty.md").write_text("   \n")
    result = runner.invoke(cli, ["build", str(folder), "-o", str(tmp_path / "out"), "--no-store"])
    assert result.exit_code == 0
    assert "Read 1 article(s), skipped 2." in result.output
    assert f"Warning: {folder / 'binary.txt'}: " in result.output
    assert f"Warning: {folder / 'empty.md'}: " in result.output
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_build_writes_each_format(runner, tmp_path):
    result = runner.invoke(cli, ["build", str(GOLDEN), "-o", str(tmp_path), "-q", "--no-store",
                                 "-f", "nq", "-f", "jsonld"])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "graph.jsonld", "graph.nq", "graph.ttl"]


def test_validate_clean_graph(runner, built):
    result = runner.invoke(cli, ["validate", str(built)])
    assert result.exit_code == 0
    assert result.output == f"{built}: conforms to the aigraph shapes.\n"


def test_validate_reports_violations(runner, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix aig: <https://w3id.org/aigraph/ontology#> .\n"
        "<https://w3id.org/aigraph/id/person/x> a aig:Person .\n")
    result = runner.invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1
    assert result.output.endswith(" violation(s).\n")


def test_validate_missing_graph(runner, tmp_path):
    result = runner.invoke(cli, ["validate", str(tmp_path / "none.ttl")])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'none.ttl'}: no such graph file (run 'aigraph build' first)\n"


def test_explain_prints_every_claim(runner, built):
    result = runner.invoke(cli, ["explain", "Norway", "partyTo", "Tromso Declaration",
                                 "--graph", str(built)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Norway partyTo Tromso Declaration\n"
        "  Asserted, confidence 0.70, in Nordic Ministers Back AI Safety Pact (summit.txt)\n"
        "  backed by 1 article from 1 publisher; single source\n"
        "  \"Norway and Finland signed the Tromso Declaration on Thursday, committing both "
        "countries to joint testing of frontier AI models.\"\n")


def test_explain_unknown_entity(runner, built):
    result = runner.invoke(cli, ["explain", "Atlantis", "partyTo", "--graph", str(built)])
    assert result.exit_code == 1
    assert result.output == "Error: no entity is labelled 'Atlantis'\n"


def test_explain_no_such_claim(runner, built):
    result = runner.invoke(cli, ["explain", "Norway", "opposes", "--graph", str(built)])
    assert result.exit_code == 1
    assert result.output == f"Error: no claim in {built} says Norway opposes\n"


def test_explain_unknown_property(runner, built):
    result = runner.invoke(cli, ["explain", "Norway", "likes", "--graph", str(built)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown property 'likes'; use one of: affiliatedWith")


def test_evaluate_json(runner):
    gold = Path(__file__).parent / "gold" / "samples"
    result = runner.invoke(cli, ["evaluate", "--gold", str(gold), str(SAMPLES), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["articles"]) == 5


def test_output_option_is_spelled_alike_on_build_and_render():
    # "-o", "--out" and "--output" name the destination on both commands
    from aigraph.cli import cli
    from aigraph.cli_explore import COMMANDS
    render = next(c for c in COMMANDS if c.name == "render")
    build = cli.commands["build"]
    for command in (build, render):
        option = next(p for p in command.params if "-o" in p.opts)
        assert {"-o", "--out", "--output"} <= set(option.opts)
