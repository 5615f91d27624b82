"""The query, serve and push commands, through the real ``aigraph`` CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from aigraph.cli import cli
from aigraph.cli_query import QUERY_FORMATS
from aigraph.graph import build_graph, export
from aigraph.query import FORMATS
from aigraph.store import save_store
from test_query import CHINA, UK, US, sample_extraction

COUNTRIES = "SELECT ?c WHERE { ?c a aig:Country } ORDER BY ?c"


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """A project folder with exports/graph.ttl and exports/store, like after a build."""
    root = tmp_path_factory.mktemp("project")
    graph = build_graph(sample_extraction())
    export(graph, root / "exports", "ttl")
    save_store(graph, root / "exports" / "store")
    return root


def run(args, cwd: Path):
    runner = CliRunner()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(cli, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def test_formats_agree_with_the_library():
    assert QUERY_FORMATS == FORMATS


def test_query_defaults_to_the_store_and_a_table(exports):
    result = run(["query", COUNTRIES], exports)
    assert result.exit_code == 0, result.output
    assert "United Kingdom" in result.output and "3 results" in result.output


def test_query_csv_from_graph_file(exports):
    result = run(["query", "--graph", "exports/graph.ttl", "-f", "csv", COUNTRIES], exports)
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows == [["c"], [CHINA], [UK], [US]]


def test_saved_query_with_params_json(exports):
    result = run(["query", "agreements-by-country", "--param", "country=uk", "-f", "json"],
                 exports)
    bindings = json.loads(result.output)["results"]["bindings"]
    assert [b["country"]["value"] for b in bindings] == [UK]


def test_query_from_rq_file_and_timeout(exports, tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("# title: Mine\nASK { ?s aig:role ?r }\n")
    result = run(["query", str(path), "--timeout", "30", "-f", "json"], exports)
    assert json.loads(result.output)["boolean"] is True


def test_construct_prints_turtle(exports):
    result = run(["query", "CONSTRUCT WHERE { ?p aig:role ?r }"], exports)
    assert result.exit_code == 0 and "@prefix aig:" in result.output


def test_list(exports):
    result = run(["query", "--list"], exports)
    assert result.exit_code == 0
    assert "risks-both-concerned" in result.output and "--param a=" in result.output
    assert "(default: United States)" in result.output


def test_errors_go_through_the_boundary(exports):
    unknown = run(["query", "no-such-question"], exports)
    assert unknown.exit_code == 1 and "Error: no saved query named" in unknown.output
    assert "timeline" in unknown.output
    syntax = run(["query", "SELECT ?x WHERE { ?x ?y }"], exports)
    assert syntax.exit_code == 1 and "line 1, column" in syntax.output
    runaway = run(["query", "--timeout", "0.5", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . "
                   "?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"], exports)
    assert runaway.exit_code == 1 and "was stopped" in runaway.output
    bad_param = run(["query", COUNTRIES, "--param", "novalue"], exports)
    assert bad_param.exit_code == 2 and "NAME=VALUE" in bad_param.output
    missing = run(["query"], exports)
    assert missing.exit_code == 2 and "--list" in missing.output


@pytest.mark.parametrize("fmt, ending", [
    ("csv", f"{US}\r\n"), ("tsv", f"<{US}>\n"), ("json", "]}}\n"), ("xml", "</sparql>\n")])
def test_machine_formats_end_with_one_newline(exports, fmt, ending):
    result = run(["query", COUNTRIES, "-f", fmt], exports)
    assert result.exit_code == 0 and result.stdout_bytes.decode().endswith(ending)


def test_updates_are_not_supported(exports):
    result = run(["query", "PREFIX ex: <urn:ex:>\nINSERT DATA { ex:a ex:b ex:c }"], exports)
    assert result.exit_code == 1
    assert result.output == ("Error: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is not "
                             "supported: queries only read the graph (rebuild it to change it)\n")


def test_a_prefixed_name_with_a_slash_gets_a_hint_and_the_escaped_form_works(exports):
    slashed = run(["query", "ASK { aigr:country/china a aig:Country }"], exports)
    assert slashed.exit_code == 1
    assert ("('aigr:country/china' is not one name in SPARQL, where '/' is a path: write "
            "aigr:country\\/china or <https://w3id.org/aigraph/id/country/china>)"
            in slashed.output)
    escaped = run(["query", "ASK { aigr:country\\/china a aig:Country }", "-f", "json"],
                  exports)
    assert escaped.exit_code == 0 and json.loads(escaped.output)["boolean"] is True
    path = run(["query", "SELECT ?l WHERE { ?p aig:affiliatedWith/rdfs:label ?l } LIMIT 1",
                "-f", "csv"], exports)
    assert path.exit_code == 0, path.output   # a real property path is left alone


def test_no_graph_anywhere(tmp_path):
    result = run(["query", COUNTRIES], tmp_path)
    assert result.exit_code == 1 and "aigraph build" in result.output


def test_push_unreachable_is_an_error(exports):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run(["push", "--endpoint", f"http://127.0.0.1:{port}/store"], exports)
    assert result.exit_code == 1 and "Error: cannot reach" in result.output


def test_push_timeout_option(exports):
    """A server that accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/store"
        result = run(["push", "--endpoint", url, "--timeout", "0.3"], exports)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {url.replace('/store', '/update')} did not answer "
                                    "within 0.3 s (checking the update endpoint)")


def aigraph_executable() -> list[str]:
    script = Path(sys.executable).parent / "aigraph"
    return [str(script)] if script.exists() else [sys.executable, "-m", "aigraph.cli"]


def test_serve_command_over_http(exports):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(aigraph_executable() + ["serve", "--port", str(port)],
                               cwd=exports, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": COUNTRIES})
        request = urllib.request.Request(url, headers={"Accept": "text/csv"})
        body = None
        deadline = time.monotonic() + 60
        while body is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    body = response.read().decode()
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None, process.stdout.read().decode()
                time.sleep(0.2)
        assert body is not None and body.splitlines()[1:] == [CHINA, UK, US]
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert b"SPARQL endpoint: http://127.0.0.1:" in process.stdout.read()


def test_push_command_to_real_oxigraph(exports, tmp_path):
    from test_push import oxigraph_binary, remote_count, wait_until_up
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(tmp_path / "ox"),
                               "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server)
        result = run(["push", "--endpoint", base + "/store", "--graph-iri", "urn:aigraph",
                      "--batch", "100"], exports)
        assert result.exit_code == 0, result.output
        pushed = int(result.output.split()[1])
        batches = -(-pushed // 100)
        assert result.output == (f"Pushed {pushed} triples in {batches} batches to "
                                 f"{base}/store?graph=urn%3Aaigraph\n")   # staged: no warning
        assert remote_count(base, "urn:aigraph") == pushed > 100
        from_file = run(["push", "exports/graph.ttl", "--endpoint", base + "/store",
                         "--graph-iri", "urn:aigraph"], exports)
        assert from_file.exit_code == 0 and remote_count(base, "urn:aigraph") == pushed
    finally:
        server.terminate()
        server.wait(timeout=10)
