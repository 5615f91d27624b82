"""Push to a real Oxigraph server (Graph Store HTTP Protocol) started on a free loopback port."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest

from aigraph.errors import PushError
from aigraph.graph import build_graph
from aigraph.model import Extraction
from aigraph.push import (auth_header, batches, graph_store_url, guess_update_url, push,
                          staging_iri)
from aigraph.query import resolve_query, run_query, with_prefixes
from test_query import sample_extraction

GRAPH_IRI = "https://example.org/graphs/aigraph"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.skip("the oxigraph server binary (PyPI package 'oxigraph') is not installed")
    return found


def wait_until_up(base: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise RuntimeError("oxigraph server did not start")


def start_oxigraph(location: Path, port: int) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
    except RuntimeError:
        stop(process)
        raise
    return process, base


def stop(process: subprocess.Popen, kill: bool = False) -> None:
    if process.poll() is None:
        process.kill() if kill else process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """A real Oxigraph server; always terminated."""
    process, base = start_oxigraph(tmp_path_factory.mktemp("oxigraph"), free_port())
    try:
        yield base
    finally:
        stop(process)


@pytest.fixture(scope="module")
def graph():
    return build_graph(sample_extraction())


def remote_select(base: str, query: str, graph_iri: str | None = None) -> dict:
    params = {"query": with_prefixes(query)}
    if graph_iri:
        params["default-graph-uri"] = graph_iri
    request = urllib.request.Request(base + "/query?" + urllib.parse.urlencode(params),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def remote_count(base: str, graph_iri: str | None = None) -> int:
    document = remote_select(base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", graph_iri)
    return int(document["results"]["bindings"][0]["n"]["value"])


def local_rows(graph, query) -> list[list[str]]:
    result = run_query(graph, query)
    return [[term.value if term is not None else None for term in row] for row in result.rows]


def remote_rows(base, query, graph_iri) -> list[list[str]]:
    document = remote_select(base, query.text, graph_iri)
    names = document["head"]["vars"]
    return [[b[n]["value"] if n in b else None for n in names]
            for b in document["results"]["bindings"]]


def test_push_named_graph_gives_same_count_and_answers(oxigraph, graph):
    report = push(graph, oxigraph + "/store", graph_iri=GRAPH_IRI)
    assert report.triples == len(graph) and report.batches == 1
    assert remote_count(oxigraph, GRAPH_IRI) == len(graph)
    for name in ("agreements-by-country", "timeline", "single-source-facts"):
        query = resolve_query(name)
        assert remote_rows(oxigraph, query, GRAPH_IRI) == local_rows(graph, query), name


def test_push_again_replaces_rather_than_duplicates(oxigraph, graph):
    push(graph, oxigraph + "/store", graph_iri=GRAPH_IRI, batch_triples=40)
    report = push(graph, oxigraph + "/store", graph_iri=GRAPH_IRI, batch_triples=40)
    assert report.batches == -(-len(graph) // 40) > 1
    assert remote_count(oxigraph, GRAPH_IRI) == len(graph)
    smaller = Extraction(articles=sample_extraction().articles)
    small_graph = build_graph(smaller)
    push(small_graph, oxigraph + "/store", graph_iri=GRAPH_IRI)
    assert remote_count(oxigraph, GRAPH_IRI) == len(small_graph) < len(graph)


def test_push_default_graph_in_turtle(oxigraph, graph):
    push(graph, oxigraph + "/store", payload="ttl", batch_triples=100)
    assert remote_count(oxigraph) == len(graph)
    query = resolve_query("risks-addressed")
    assert remote_rows(oxigraph, query, None) == local_rows(graph, query)


def test_refused_push_is_clear(oxigraph, graph):
    with pytest.raises(PushError) as caught:
        push(graph, oxigraph + "/no-such-service", graph_iri=GRAPH_IRI)
    message = str(caught.value)
    assert "refused the upload" in message and "HTTP 404" in message
    assert "Graph Store endpoint" in message


def test_unreachable_server_is_clear(graph):
    with pytest.raises(PushError, match="cannot reach"):
        push(graph, f"http://127.0.0.1:{free_port()}/store")


# ---------------------------------------------------------------------------
# Authentication, against a small recording Graph Store server


class Recorder(BaseHTTPRequestHandler):
    """A Graph Store at /store without an update endpoint: accepts PUT/POST when
    the Authorization header matches (and answers 500 to request number
    ``fail_on``); records requests."""

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if not self.path.startswith("/store"):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.server.requests.append((self.command, self.path, self.headers.get("Authorization"),
                                     self.headers.get("Content-Type"), body))
        status = 204 if self.headers.get("Authorization") == self.server.expected else 401
        if len(self.server.requests) == self.server.fail_on:
            status = 500
        self.send_response(status)
        self.send_header("Content-Length", "0" if status == 204 else "12")
        self.end_headers()
        if status != 204:
            self.wfile.write(b"unauthorized")

    do_PUT = do_POST = _handle

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.requests = []
    server.expected = None
    server.fail_on = None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_basic_auth_and_batch_methods(recorder, graph):
    recorder.expected = auth_header(user="ana", password="s3cret")
    url = f"http://127.0.0.1:{recorder.server_address[1]}/store"
    report = push(graph, url, graph_iri=GRAPH_IRI, user="ana", password="s3cret",
                  batch_triples=100)
    methods = [r[0] for r in recorder.requests]
    assert methods[0] == "PUT" and set(methods[1:]) == {"POST"} and len(methods) == report.batches
    assert all(r[2] == "Basic YW5hOnMzY3JldA==" for r in recorder.requests)
    assert recorder.requests[0][1] == "/store?graph=https%3A%2F%2Fexample.org%2Fgraphs%2Faigraph"
    total = sum(len(list(ox.parse(r[4], format=ox.RdfFormat.N_TRIPLES)))
                for r in recorder.requests)
    assert total == len(graph)


def test_bearer_token_and_refusal(recorder, graph):
    recorder.expected = "Bearer tok-123"
    url = f"http://127.0.0.1:{recorder.server_address[1]}/store"
    push(graph, url, token="tok-123")
    assert recorder.requests[0][1] == "/store?default"
    with pytest.raises(PushError) as caught:
        push(graph, url, token="wrong")
    assert "HTTP 401" in str(caught.value) and "unauthorized" in str(caught.value)
    assert "--token" in str(caught.value)


def test_auth_options_are_checked():
    with pytest.raises(PushError, match="not both"):
        auth_header(user="a", password="b", token="t")
    with pytest.raises(PushError, match="both a user and a password"):
        auth_header(user="a")


def test_graph_store_url():
    assert graph_store_url("http://h:1/store") == "http://h:1/store?default"
    assert graph_store_url("http://h:1/ds/data?x=1", "urn:g") == "http://h:1/ds/data?x=1&graph=urn%3Ag"
    with pytest.raises(PushError, match="not an http"):
        graph_store_url("localhost:7878")


def test_blank_nodes_stay_in_the_first_batch():
    node = ox.NamedNode("http://ex/n")
    blank = ox.BlankNode("b1")
    triples = [ox.Triple(node, node, ox.Literal(str(i))) for i in range(5)]
    triples += [ox.Triple(node, node, blank), ox.Triple(blank, node, ox.Literal("x"))]
    chunks = list(batches(triples, 2))
    assert sum(len(c) for c in chunks) == 7
    assert all(not any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
                       for t in chunk) for chunk in chunks[1:])
    assert list(batches([], 10)) == [[]]


# ---------------------------------------------------------------------------
# All-or-nothing: staging graph + one MOVE, against a real server that dies


def named_graphs(base: str) -> set[str]:
    document = remote_select(base, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {b["g"]["value"] for b in document["results"]["bindings"]}


def remote_triples(base: str, graph_iri: str) -> set[tuple[str, str, str]]:
    document = remote_select(base, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", graph_iri)
    return {(b["s"]["value"], b["p"]["value"], b["o"]["value"])
            for b in document["results"]["bindings"]}


def test_staged_push_moves_in_one_update_and_leaves_no_staging_graph(oxigraph, graph):
    report = push(graph, oxigraph + "/store", graph_iri=GRAPH_IRI, batch_triples=25)
    assert report.update_url == oxigraph + "/update" and report.batches > 2
    assert remote_count(oxigraph, GRAPH_IRI) == len(graph)
    assert named_graphs(oxigraph) == {GRAPH_IRI}
    assert staging_iri(GRAPH_IRI) not in named_graphs(oxigraph)


def test_staged_push_of_an_empty_graph_empties_the_target(oxigraph, graph):
    push(graph, oxigraph + "/store", graph_iri=GRAPH_IRI + "/empty")
    report = push(ox.Store(), oxigraph + "/store", graph_iri=GRAPH_IRI + "/empty")
    assert report.update_url and report.triples == 0
    assert remote_count(oxigraph, GRAPH_IRI + "/empty") == 0


def test_server_killed_mid_push_leaves_the_previous_graph(tmp_path, graph):
    """The server is SIGKILLed after the second of many batches: once it is
    back, the target still holds exactly the previous push, and the next push
    replaces it and drops the staging leftovers."""
    location, port = tmp_path / "store", free_port()
    process, base = start_oxigraph(location, port)
    try:
        previous = build_graph(Extraction(articles=sample_extraction().articles))
        push(previous, base + "/store", graph_iri=GRAPH_IRI)
        before = remote_triples(base, GRAPH_IRI)
        assert len(before) == len(previous) < len(graph)

        def kill_after_second(number, total):
            assert total > 4
            if number == 2:
                stop(process, kill=True)

        with pytest.raises(PushError) as caught:
            push(graph, base + "/store", graph_iri=GRAPH_IRI, batch_triples=20, timeout=10,
                 on_batch=kill_after_second)
        message = str(caught.value)
        assert "batch 3 of" in message and "cannot reach" in message
        assert f"Nothing changed: {GRAPH_IRI} still holds what it held before" in message
        assert staging_iri(GRAPH_IRI) in message

        process, base = start_oxigraph(location, port)
        assert remote_triples(base, GRAPH_IRI) == before
        assert staging_iri(GRAPH_IRI) in named_graphs(base)    # the partial upload
        push(graph, base + "/store", graph_iri=GRAPH_IRI, batch_triples=20)
        assert remote_count(base, GRAPH_IRI) == len(graph)
        assert named_graphs(base) == {GRAPH_IRI}
    finally:
        stop(process)


def test_refused_batch_without_update_endpoint_says_what_the_target_holds(recorder, graph):
    recorder.fail_on = 2
    url = f"http://127.0.0.1:{recorder.server_address[1]}/store"
    with pytest.raises(PushError) as caught:
        push(graph, url, graph_iri=GRAPH_IRI, batch_triples=30)
    message = str(caught.value)
    assert "HTTP 500" in message and "(PUT" not in message and "batch 2 of" in message
    assert ("not all-or-nothing: the target's previous content is gone and it now holds only "
            "batches 1-1 of") in message and "(30 triples)" in message
    assert "run the same push again" in message and "--update-endpoint" in message


def test_explicit_update_endpoint_that_refuses_pushes_nothing(recorder, graph):
    url = f"http://127.0.0.1:{recorder.server_address[1]}/store"
    with pytest.raises(PushError, match="does not accept SPARQL Update; nothing was pushed"):
        push(graph, url, update_endpoint=url.replace("/store", "/update"))
    assert recorder.requests == []


def test_hung_server_times_out(graph):
    """A server that accepts the connection and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/store"
        with pytest.raises(PushError, match=r"did not answer within 0\.5 s"):
            push(graph, url, timeout=0.5)


def test_update_endpoint_is_guessed_per_server_family():
    assert guess_update_url("http://h:7878/store") == "http://h:7878/update"
    assert guess_update_url("http://h:3030/ds/data") == "http://h:3030/ds/update"
    assert (guess_update_url("http://h/repositories/r/rdf-graphs/service")
            == "http://h/repositories/r/statements")
    assert guess_update_url("http://h/elsewhere") is None
    assert staging_iri("urn:a") == staging_iri("urn:a") != staging_iri(None)
