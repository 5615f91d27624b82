"""The read-only SPARQL endpoint, over real HTTP on loopback (urllib and SPARQLWrapper)."""

from __future__ import annotations

import csv
import re
import socket
import time
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

from aigraph.graph import build_graph, export
from aigraph.serve import looks_like_update, make_server, negotiate, parse_accept
from aigraph.store import save_store
from test_query import CHINA, UK, US, sample_extraction

COUNTRIES = "SELECT ?c WHERE { ?c a aig:Country } ORDER BY ?c"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"


def start(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


def stop(server, thread):
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def graph():
    return build_graph(sample_extraction())


@pytest.fixture(scope="module")
def endpoint(graph, tmp_path_factory):
    store_dir = save_store(graph, tmp_path_factory.mktemp("serve") / "store")
    server = make_server(store_dir, "127.0.0.1", 0, timeout=20)
    thread = start(server)
    try:
        yield server.url
    finally:
        stop(server, thread)


def fetch(url, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type"), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type"), exc.read()


def get(endpoint, query, accept=None, **extra):
    url = endpoint + "?" + urllib.parse.urlencode({"query": query, **extra})
    return fetch(url, headers={"Accept": accept} if accept else {})


# ---------------------------------------------------------------------------
# urllib


def test_get_defaults_to_sparql_results_json(endpoint):
    status, content_type, body = get(endpoint, COUNTRIES)
    assert status == 200 and content_type.startswith("application/sparql-results+json")
    bindings = json.loads(body)["results"]["bindings"]
    assert [b["c"]["value"] for b in bindings] == sorted([US, CHINA, UK])


def test_post_form_and_raw_query(endpoint):
    form = urllib.parse.urlencode({"query": COUNTRIES}).encode()
    status, _, body = fetch(endpoint, form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3
    status, _, body = fetch(endpoint, COUNTRIES.encode(),
                            {"Content-Type": "application/sparql-query",
                             "Accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert status == 200 and rows[0] == ["c"] and len(rows) == 4


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html;q=0.9, text/csv;q=0.5", "text/csv"),
    ("*/*", "application/sparql-results+json"),
])
def test_content_negotiation_for_results(endpoint, accept, media):
    status, content_type, body = get(endpoint, COUNTRIES, accept)
    assert status == 200 and content_type.split(";")[0] == media
    assert CHINA in body.decode()


def test_xml_results_parse(endpoint):
    _, _, body = get(endpoint, COUNTRIES, "application/sparql-results+xml")
    root = ET.fromstring(body)
    assert len(root.findall(f"{RESULTS_NS}results/{RESULTS_NS}result")) == 3


def test_construct_as_turtle_and_ntriples(endpoint):
    query = "CONSTRUCT { ?p aig:role ?r } WHERE { ?p aig:role ?r }"
    status, content_type, body = get(endpoint, query)
    assert status == 200 and content_type.startswith("text/turtle")
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == 4
    status, content_type, body = get(endpoint, query, "application/n-triples")
    assert content_type.startswith("application/n-triples") and body.count(b" .\n") == 4


def test_ask(endpoint):
    status, _, body = get(endpoint, f"ASK {{ <{UK}> aig:partyTo ?x }}")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_format_parameter_overrides_accept(endpoint):
    status, content_type, _ = get(endpoint, COUNTRIES, "application/json", format="csv")
    assert status == 200 and content_type.startswith("text/csv")


def test_not_acceptable(endpoint):
    status, _, body = get(endpoint, COUNTRIES, "image/png")
    assert status == 406 and b"text/csv" in body


def test_syntax_error_is_400_with_position(endpoint):
    status, _, body = get(endpoint, "SELECT ?s WHERE { ?s ?p }")
    assert status == 400 and b"line 1, column" in body


@pytest.mark.parametrize("request_kwargs", [
    {"data": urllib.parse.urlencode({"update": "INSERT DATA { <x:a> <x:b> <x:c> }"}).encode(),
     "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
    {"data": b"INSERT DATA { <x:a> <x:b> <x:c> }",
     "headers": {"Content-Type": "application/sparql-update"}},
    {"data": b"PREFIX ex: <x:>\nDELETE WHERE { ?s ?p ?o }",
     "headers": {"Content-Type": "application/sparql-query"}},
    {"data": b"<x:a> <x:b> <x:c> .", "headers": {"Content-Type": "text/turtle"},
     "method": "PUT"},
])
def test_updates_are_forbidden(endpoint, request_kwargs):
    status, _, body = fetch(endpoint, **request_kwargs)
    assert status == 403 and b"read-only" in body
    # ... and the data is untouched
    _, _, after = get(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    count = int(json.loads(after)["results"]["bindings"][0]["n"]["value"])
    assert count > 100


def test_update_in_get_is_forbidden(endpoint):
    url = endpoint + "?" + urllib.parse.urlencode({"update": "CLEAR ALL"})
    assert fetch(url)[0] == 403


def test_html_page(endpoint):
    root = endpoint.rsplit("/", 1)[0] + "/"
    status, content_type, body = fetch(root)
    page = body.decode()
    assert status == 200 and content_type.startswith("text/html")
    assert "<textarea" in page and "risks-both-concerned" in page
    assert "http://" not in page.replace("http://www.w3.org", "")   # no external assets
    assert fetch(root + "nowhere")[0] == 404


def test_missing_query_is_400(endpoint):
    assert fetch(endpoint)[0] == 400


def test_timeout_gives_503(graph, tmp_path):
    store_dir = save_store(graph, tmp_path / "store")
    server = make_server(store_dir, "127.0.0.1", 0, timeout=0.5)
    thread = start(server)
    try:
        status, _, body = get(server.url, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . "
                                          "?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }")
        assert status == 503 and b"was stopped" in body
    finally:
        stop(server, thread)


def test_serving_a_graph_file(graph, tmp_path):
    path = export(graph, tmp_path, "ttl")
    server = make_server(path, "127.0.0.1", 0, timeout=20)
    thread = start(server)
    try:
        status, _, body = get(server.url, COUNTRIES)
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3
    finally:
        stop(server, thread)
    assert not server.store_dir.exists()     # the temporary store is removed


def test_binds_to_loopback_by_default(graph, tmp_path):
    store_dir = save_store(graph, tmp_path / "store")
    server = make_server(store_dir, port=0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


# ---------------------------------------------------------------------------
# SPARQLWrapper, a standard client


def wrapper(endpoint, query, fmt, method=None):
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(method)
    return client


def test_sparqlwrapper_json(endpoint):
    result = wrapper(endpoint, "PREFIX aig: <https://w3id.org/aigraph/ontology#>\n" + COUNTRIES,
                     JSON).queryAndConvert()
    assert [b["c"]["value"] for b in result["results"]["bindings"]] == sorted([US, CHINA, UK])


def test_sparqlwrapper_json_post(endpoint):
    result = wrapper(endpoint, COUNTRIES, JSON, POST).queryAndConvert()
    assert len(result["results"]["bindings"]) == 3


def test_sparqlwrapper_xml(endpoint):
    document = wrapper(endpoint, COUNTRIES, XML).queryAndConvert()
    values = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert values == sorted([US, CHINA, UK])


def test_sparqlwrapper_csv(endpoint):
    body = wrapper(endpoint, COUNTRIES, CSV).queryAndConvert()
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows == [["c"], [CHINA], [UK], [US]]


def test_sparqlwrapper_construct_turtle(endpoint):
    body = wrapper(endpoint, "CONSTRUCT WHERE { ?p aig:role ?r }", TURTLE).queryAndConvert()
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == 4


def test_sparqlwrapper_update_is_refused(endpoint):
    client = SPARQLWrapper(endpoint)
    client.setQuery("INSERT DATA { <x:a> <x:b> <x:c> }")
    client.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as caught:
        client.query()
    assert caught.value.code == 403


# ---------------------------------------------------------------------------
# Helpers


def test_parse_accept_orders_by_quality():
    assert parse_accept("text/csv;q=0.2, application/json, text/turtle;q=0") == [
        "application/json", "text/csv"]


def test_negotiate():
    assert negotiate("select", None) == ("application/sparql-results+json", "json")
    assert negotiate("graph", "text/*") == ("text/turtle", "ttl")
    assert negotiate("select", "text/turtle") is None


def test_looks_like_update():
    assert looks_like_update("# c\nPREFIX a: <x:>\n insert data {}")
    assert looks_like_update("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert not looks_like_update("PREFIX a: <x:> SELECT * { ?s ?p ?o }")
    assert not looks_like_update("SELECT ?insert WHERE { ?insert ?p ?o }")


# ---------------------------------------------------------------------------
# The query page in a real headless browser


@pytest.mark.browser
def test_query_page_runs_a_query_in_chromium(endpoint):
    import shutil
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.skip("chromium and chromedriver are needed")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    try:
        driver.get(endpoint.rsplit("/", 1)[0] + "/")
        box = driver.find_element(By.ID, "query")
        box.clear()
        box.send_keys("SELECT ?l WHERE { ?c a aig:Country ; rdfs:label ?l } ORDER BY ?l")
        driver.find_element(By.ID, "run").click()
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "table"))
        cells = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "#table td")]
        assert cells == ["China", "United Kingdom", "United States"]
        box.clear()
        box.send_keys("SELECT WHERE")
        driver.find_element(By.ID, "run").click()
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "error"))
        assert "syntax error" in driver.find_element(By.ID, "error").text
    finally:
        driver.quit()


# ---------------------------------------------------------------------------
# Abuse: federated queries, Host, odd methods and lengths, slow clients,
# runaway and abandoned queries (real HTTP on loopback)

RUNAWAY = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
           "?m ?n2 ?o . ?p ?q ?r }")


def address(endpoint) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(endpoint)
    return parts.hostname, parts.port


def raw(endpoint, request: bytes, timeout: float = 30) -> bytes:
    """Send raw bytes, read the whole answer (the server closes or we stop at
    the first complete response)."""
    with socket.create_connection(address(endpoint), timeout=timeout) as connection:
        connection.sendall(request)
        data = b""
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                return data
            data += chunk
            head, sep, body = data.partition(b"\r\n\r\n")
            if sep:
                length = re.search(rb"(?i)content-length: *(\d+)", head)
                if length and len(body) >= int(length.group(1)):
                    return data


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def request_with(endpoint, method="GET", path=None, host=None, headers=(), body=b"") -> bytes:
    host = host if host is not None else "%s:%d" % address(endpoint)
    lines = [f"{method} {path or '/sparql?' + urllib.parse.urlencode({'query': COUNTRIES})} "
             "HTTP/1.1"]
    if host:
        lines.append(f"Host: {host}")
    lines += [*headers, "Connection: close"]
    return raw(endpoint, ("\r\n".join(lines) + "\r\n\r\n").encode() + body)


def test_federated_queries_are_refused_and_nothing_is_contacted(endpoint):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(1)
        target = f"http://127.0.0.1:{listener.getsockname()[1]}/x"
        status, _, body = get(endpoint, f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}")
        assert status == 400 and body == (b"federated queries (SERVICE) are refused: this "
                                          b"endpoint only queries its own graph\n")
        with pytest.raises(socket.timeout):
            listener.accept()
    form = urllib.parse.urlencode({"query": "ASK { service silent ?x { ?s ?p ?o } }"}).encode()
    assert fetch(endpoint, form, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 400
    # the word elsewhere is fine
    assert get(endpoint, 'SELECT ?service WHERE { ?service ?p "SERVICE" } LIMIT 1')[0] == 200


@pytest.mark.parametrize("host, expected", [
    ("localhost:{port}", 200), ("127.0.0.1:{port}", 200), ("[::1]:{port}", 200),
    ("LOCALHOST", 200), ("attacker.example:{port}", 400), ("attacker.example", 400),
    ("127.0.0.1:1", 400), ("", 400),
])
def test_host_header_must_name_this_server(endpoint, host, expected):
    answer = request_with(endpoint, host=host.format(port=address(endpoint)[1]))
    assert status_of(answer) == expected
    if expected == 400:
        assert b"the Host header does not name this server" in answer


def test_head_and_options(endpoint):
    head = request_with(endpoint, "HEAD")
    assert status_of(head) == 200 and head.endswith(b"\r\n\r\n")   # headers only
    assert re.search(rb"Content-Length: [1-9]", head)
    options = request_with(endpoint, "OPTIONS", path="/sparql")
    assert status_of(options) == 204 and b"Allow: GET, HEAD, POST, OPTIONS" in options


@pytest.mark.parametrize("length", ["abc", "-1", "1e3", ""])
def test_bad_content_length_is_400_and_never_blocks(endpoint, length):
    answer = request_with(endpoint, "POST", path="/sparql",
                          headers=("Content-Type: application/sparql-query",
                                   f"Content-Length: {length}"), body=b"ASK {}")
    assert status_of(answer) == 400 and b"Content-Length must be a number" in answer
    assert get(endpoint, COUNTRIES)[0] == 200


def test_chunked_body_asks_for_a_length(endpoint):
    answer = request_with(endpoint, "POST", path="/sparql",
                          headers=("Content-Type: application/sparql-query",
                                   "Transfer-Encoding: chunked"), body=b"6\r\nASK {}\r\n0\r\n\r\n")
    assert status_of(answer) == 411


#: The query cases of the W3C SPARQL 1.1 Protocol tests
#: (https://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/), as
#: (name, method, query string, content type, body, expected status).
_ASK = "ASK {}"
W3C_QUERY_CASES = [
    ("query_get", "GET", {"query": _ASK}, None, None, 200),
    ("query_post_form", "POST", {}, "application/x-www-form-urlencoded",
     urllib.parse.urlencode({"query": _ASK}), 200),
    ("query_post_direct", "POST", {}, "application/sparql-query", _ASK, 200),
    ("query_dataset_default_graph", "GET",
     {"query": _ASK, "default-graph-uri": "http://example.org/g"}, None, None, 200),
    ("query_content_type_select", "GET", {"query": "SELECT (1 AS ?x) {}"}, None, None, 200),
    ("query_content_type_construct", "GET", {"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
     None, None, 200),
    ("bad_query_method", "PUT", {"query": _ASK}, None, None, 403),
    ("bad_multiple_queries", "GET", [("query", _ASK), ("query", "ASK { ?s ?p ?o }")],
     None, None, 400),
    ("bad_multiple_queries_post_form", "POST", {}, "application/x-www-form-urlencoded",
     urllib.parse.urlencode([("query", _ASK), ("query", _ASK)]), 400),
    ("bad_query_wrong_media_type", "POST", {}, "text/plain", _ASK, 415),
    ("bad_query_missing_form_type", "POST", {}, None, urllib.parse.urlencode({"query": _ASK}),
     400),
    ("bad_query_missing_direct_type", "POST", {}, None, _ASK, 400),
    ("bad_query_non_utf8", "POST", {}, "application/sparql-query; charset=utf-8",
     "ASK { ?s ?p \"\xe9\" }".encode("latin-1"), 400),
    ("bad_query_syntax", "GET", {"query": "ASK {"}, None, None, 400),
    ("bad_update_get", "GET", {"update": "CLEAR ALL"}, None, None, 403),
]


@pytest.mark.parametrize("name, method, query, content_type, body, expected", W3C_QUERY_CASES,
                         ids=[case[0] for case in W3C_QUERY_CASES])
def test_w3c_protocol_query_cases(endpoint, name, method, query, content_type, body, expected):
    path = "/sparql" + ("?" + urllib.parse.urlencode(query) if query else "")
    headers = [f"Content-Type: {content_type}"] if content_type else []
    data = body.encode("utf-8") if isinstance(body, str) else (body or b"")
    if method != "GET":
        headers.append(f"Content-Length: {len(data)}")
    answer = request_with(endpoint, method, path=path, headers=headers, body=data)
    assert status_of(answer) == expected, answer[:300]


def test_slow_clients_are_dropped_and_others_answered(graph, tmp_path):
    store_dir = save_store(graph, tmp_path / "store")
    server = make_server(store_dir, "127.0.0.1", 0, timeout=20, client_timeout=1)
    thread = start(server)
    slow = []
    try:
        for _ in range(60):   # half-sent requests that never finish
            connection = socket.create_connection(server.server_address, timeout=30)
            connection.sendall(b"GET /sparql?query=ASK HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            slow.append(connection)
        status, _, body = get(server.url, COUNTRIES)
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3
        for connection in slow:   # each is closed by the server (recv sees EOF)
            assert connection.recv(1024) == b""
    finally:
        for connection in slow:
            connection.close()
        stop(server, thread)


def test_cheap_query_answers_while_two_runaways_run(graph, tmp_path):
    store_dir = save_store(graph, tmp_path / "store")
    server = make_server(store_dir, "127.0.0.1", 0, timeout=6)
    thread = start(server)
    runaway_status = []
    try:
        runaways = [threading.Thread(target=lambda: runaway_status.append(
            get(server.url, RUNAWAY)[0])) for _ in range(2)]
        for runaway in runaways:
            runaway.start()
        busy = lambda: server.pool._idle.qsize() <= 2   # noqa: E731
        deadline = time.monotonic() + 30
        while not busy() and time.monotonic() < deadline:
            time.sleep(0.02)
        status, _, body = get(server.url, COUNTRIES)
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3
        assert all(runaway.is_alive() for runaway in runaways)   # answered before they ended
        for runaway in runaways:
            runaway.join(timeout=60)
        assert runaway_status == [503, 503]
    finally:
        stop(server, thread)


def test_a_query_whose_client_hangs_up_is_stopped_even_without_timeout(graph, tmp_path):
    store_dir = save_store(graph, tmp_path / "store")
    server = make_server(store_dir, "127.0.0.1", 0, timeout=None, workers=2)
    thread = start(server)
    try:
        before = {worker.process.pid for worker in server.pool._all}
        connection = socket.create_connection(server.server_address, timeout=30)
        path = "/sparql?" + urllib.parse.urlencode({"query": RUNAWAY})
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        deadline = time.monotonic() + 30
        while server.pool._idle.qsize() == 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        connection.close()
        replaced = lambda: len({w.process.pid for w in server.pool._all} - before) == 1  # noqa
        deadline = time.monotonic() + 30
        while not replaced() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert replaced()   # the worker running it was killed and a new one took its place
        assert get(server.url, COUNTRIES)[0] == 200
    finally:
        stop(server, thread)


def test_answers_stay_whole_while_builds_swap_the_store(graph, tmp_path):
    """The server reads its own snapshot: swapping the store under it (as a
    build does) never breaks a query, and replacement workers open it fine."""
    store_dir = save_store(graph, tmp_path / "store")
    server = make_server(store_dir, "127.0.0.1", 0, timeout=0.5, workers=2)
    thread = start(server)
    try:
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        expected = json.loads(get(server.url, count)[2])
        for _ in range(3):
            save_store(graph, store_dir)                  # a build swaps the store
            assert get(server.url, RUNAWAY)[0] == 503     # a worker is killed and replaced
            status, _, body = get(server.url, count)
            assert status == 200 and json.loads(body) == expected
        assert server.store_dir != store_dir and server.store_dir.is_dir()
    finally:
        stop(server, thread)
    assert not server.store_dir.exists()      # the snapshot is removed with the server


def test_a_new_build_is_served_without_a_restart(graph, tmp_path):
    """A build swapping the store in is picked up (a fresh snapshot and
    workers); the old snapshot goes once its workers are done."""
    from aigraph.model import Extraction
    store_dir = save_store(graph, tmp_path / "store")
    server = make_server(store_dir, "127.0.0.1", 0, timeout=20, workers=2)
    thread = start(server)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def served() -> int:
        status, _, body = get(server.url, count)
        assert status == 200
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    try:
        first_snapshot = server.store_dir
        assert served() == len(graph)
        smaller = build_graph(Extraction(articles=sample_extraction().articles))
        save_store(smaller, store_dir)                       # what a build does
        deadline = time.monotonic() + 30
        while served() != len(smaller) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert served() == len(smaller) < len(graph)
        while first_snapshot.exists() and time.monotonic() < deadline:
            served()                                         # requests sweep old snapshots
            time.sleep(0.2)
        assert not first_snapshot.exists() and server.store_dir.is_dir()
    finally:
        stop(server, thread)
    assert not server.store_dir.exists()
