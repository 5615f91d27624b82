"""A read-only SPARQL 1.1 Protocol endpoint over the store, on the standard library.

``GET /sparql?query=...`` and ``POST /sparql`` (form-encoded ``query=`` or a
raw ``application/sparql-query`` body); ``/query`` and ``/`` answer the same
way. Results are negotiated from the ``Accept`` header (or a ``format=``
parameter): SPARQL results as JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE
graphs as Turtle, N-Triples, RDF/XML or JSON-LD.

Read-only: SPARQL Update (an ``update=`` form field, an
``application/sparql-update`` body, or an update sent as ``query=``) and any
PUT, DELETE or PATCH get ``403 Forbidden``. Federated queries (``SERVICE``)
get ``400``: the endpoint never sends requests elsewhere on a client's
behalf. Queries run in a pool of worker processes that keep the store open
(:mod:`aigraph.pool`); one past the timeout, or whose client hung up, is
killed (``503``). ``GET /`` without a query serves a small offline HTML page
to type queries in.

A store is served from a private snapshot (hard links), so a build that
swaps the store never pulls files from under a query; the swap is noticed
within ``RELOAD_CHECK_SECONDS`` and the new build served.

Bound to 127.0.0.1 unless told otherwise: the graph is for the analyst at the
keyboard, not the network. The ``Host`` header must name the bound address
(any loopback name when bound to loopback), so a web page cannot reach the
endpoint through DNS rebinding; idle or slow clients are dropped after
``CLIENT_TIMEOUT`` seconds, and at most ``MAX_CONNECTIONS`` are served at once.
"""

from __future__ import annotations

import html
import json
import logging
import re
import select
import shutil
import socket
import tempfile
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs as _parse_qs
from urllib.parse import urlsplit

from .errors import AigraphError, GraphLoadError, QueryError, QueryTimeoutError
from .pool import PoolClosedError, QueryPool
from .query import list_saved, looks_like_update, source_spec
from .store import is_store, load_file_store, save_store, snapshot_store

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
QUERY_PATHS = ("/", "/sparql", "/query")
MAX_BODY = 10 * 1024 * 1024
#: Seconds a client may stay silent (while sending its request, or idle
#: between keep-alive requests) before its connection is dropped.
CLIENT_TIMEOUT = 10.0
MAX_CONNECTIONS = 256
#: Query worker processes (2 runaway queries still leave 2 for everyone else).
DEFAULT_WORKERS = 4
#: How often (at most) a request checks whether a build replaced the store.
RELOAD_CHECK_SECONDS = 1.0
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"

log = logging.getLogger(__name__)

#: Media types per result kind, in the order of preference when the client
#: accepts anything. Each maps to a format name of QueryResult.serialize.
RESULT_TYPES = (
    ("application/sparql-results+json", "json"), ("application/json", "json"),
    ("application/sparql-results+xml", "xml"), ("application/xml", "xml"), ("text/xml", "xml"),
    ("text/csv", "csv"), ("text/tab-separated-values", "tsv"),
)
GRAPH_TYPES = (
    ("text/turtle", "ttl"), ("application/x-turtle", "ttl"), ("application/n-triples", "nt"),
    ("text/plain", "nt"), ("application/rdf+xml", "xml"), ("application/ld+json", "jsonld"),
)
#: ``format=`` / ``output=`` shorthands some clients send instead of Accept.
FORMAT_SHORTHANDS = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv",
                     "turtle": "ttl", "ttl": "ttl", "nt": "nt", "ntriples": "nt",
                     "n-triples": "nt", "rdfxml": "xml", "rdf+xml": "xml",
                     "json-ld": "jsonld", "jsonld": "jsonld"}

#: Comments, IRIs and string literals: where a word SERVICE does not count.
_IGNORED_TEXT = re.compile("|".join((
    r"#[^\n]*", r"<[^<>\s]*>", r"'''[\s\S]*?'''", r'"""[\s\S]*?"""',
    r"'(?:[^'\\\n]|\\.)*'", r'"(?:[^"\\\n]|\\.)*"')))
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:-])", re.IGNORECASE)


def is_federated(text: str) -> bool:
    """True when the query has a SERVICE clause (outside comments, strings and IRIs)."""
    return bool(_SERVICE.search(_IGNORED_TEXT.sub(" ", text)))


def host_allowed(host_header: str | None, bound_host: str, bound_port: int,
                 extra: tuple[str, ...] = ()) -> bool:
    """Whether a Host header names this server: the bound address (any
    loopback name when bound to loopback; anything when bound to all
    addresses) or one of ``extra``, with the bound port if a port is given."""
    if not host_header:
        return False
    name, port = split_host(host_header.strip().lower())
    if port is not None and port != bound_port:
        return False
    bound = bound_host.lower().strip("[]")
    if bound in ("", "0.0.0.0", "::"):
        return True
    allowed = {bound, *(h.lower() for h in extra)}
    if bound in LOOPBACK_NAMES or bound.startswith("127."):
        allowed.update(LOOPBACK_NAMES)
    return name in allowed


def store_generation(store_dir: Path) -> tuple[int, int, int] | None:
    """What changes when a build swaps the store in (the folder's identity and
    RocksDB's CURRENT file); None while there is no complete store."""
    try:
        folder, current = store_dir.stat(), (store_dir / "CURRENT").stat()
    except OSError:
        return None
    return folder.st_dev, folder.st_ino, current.st_mtime_ns


def split_host(value: str) -> tuple[str, int | None]:
    """(name, port) from a Host header value; IPv6 names lose their brackets."""
    if value.startswith("["):
        name, _, rest = value[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else ""
    else:
        name, _, port_text = value.partition(":")
    if not port_text:
        return name, None
    return name, int(port_text) if port_text.isdigit() else -1


class NotUtf8Error(ValueError):
    """A request's query or body is not UTF-8 (SPARQL 1.1 Protocol requires it)."""


def parse_qs(text: str) -> dict[str, list[str]]:
    """Form fields, percent-decoded as UTF-8 strictly (never guessed or replaced)."""
    try:
        return _parse_qs(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise NotUtf8Error(str(exc)) from exc


def parse_accept(header: str | None) -> list[str]:
    """Media types from an Accept header, best first (q=0 dropped; stable order)."""
    if not header:
        return []
    ranked = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        quality = 1.0
        for parameter in fields[1:]:
            if parameter.lower().startswith("q="):
                try:
                    quality = float(parameter[2:])
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media))
    return [media for _, _, media in sorted(ranked)]


def negotiate(kind: str, accept: str | None, shorthand: str | None = None) -> tuple[str, str] | None:
    """(media type, format) for a result kind, or None when nothing acceptable."""
    offers = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    if shorthand:
        wanted = FORMAT_SHORTHANDS.get(shorthand.lower())
        for media, fmt in offers:
            if fmt == wanted or media == shorthand.lower():
                return media, fmt
        return None
    accepted = parse_accept(accept)
    if not accepted:
        return offers[0]
    for media in accepted:
        for offer, fmt in offers:
            if media == offer or media == "*/*" or (
                    media.endswith("/*") and offer.startswith(media[:-1])):
                return offer, fmt
    return None


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server; holds the store to query, the query timeout and the worker pool."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, store_dir: Path, timeout: float | None,
                 cleanup: Path | None = None, max_workers: int | None = None,
                 client_timeout: float = CLIENT_TIMEOUT,
                 allowed_hosts: tuple[str, ...] = (), source_store: Path | None = None) -> None:
        # set before binding: a failed bind calls server_close(), which reads these
        self._cleanup = cleanup
        self.pool = None
        self._retired: list[tuple[QueryPool, Path]] = []
        self.source_store = source_store   # the store builds replace (served as snapshots)
        self._generation = store_generation(source_store) if source_store else None
        self._reload_lock = threading.Lock()
        self._next_check = time.monotonic() + RELOAD_CHECK_SECONDS
        self.store_dir = store_dir
        self.query_timeout = timeout
        self.client_timeout = client_timeout
        self.allowed_hosts = allowed_hosts
        self.connections = threading.BoundedSemaphore(MAX_CONNECTIONS)
        # the workers first: clients that connect once the port is open are answered at once
        self.pool = QueryPool(source_spec(store_dir), max_workers or DEFAULT_WORKERS).start()
        super().__init__(address, SparqlHandler)

    def process_request(self, request, client_address) -> None:
        # A flood of connections gets a quick 503 instead of one thread each.
        if not self.connections.acquire(blocking=False):
            try:
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                                b"Connection: close\r\n\r\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.connections.release()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/sparql"

    def current_pool(self) -> QueryPool:
        """The pool over the newest build: a store a build replaced is picked up
        (a new snapshot and workers) within a second; queries running on the
        old one finish there."""
        if self.source_store is not None and time.monotonic() >= self._next_check:
            with self._reload_lock:
                if time.monotonic() >= self._next_check:
                    self._next_check = time.monotonic() + RELOAD_CHECK_SECONDS
                    self._sweep_retired()
                    generation = store_generation(self.source_store)
                    if generation is not None and generation != self._generation:
                        self._reload(generation)
        return self.pool

    def _reload(self, generation) -> None:
        snapshot = Path(tempfile.mkdtemp(dir=self._cleanup, prefix="store-"))
        try:
            store_dir = snapshot_store(self.source_store, snapshot / "store")
        except (AigraphError, OSError) as exc:   # swapped again meanwhile: next time
            log.warning("cannot reload %s: %s", self.source_store, exc)
            shutil.rmtree(snapshot, ignore_errors=True)
            return
        old_pool, old_dir = self.pool, self.store_dir
        self.pool = QueryPool(source_spec(store_dir), old_pool.size).start()
        self.store_dir, self._generation = store_dir, generation
        old_pool.retire()
        self._retired.append((old_pool, old_dir))

    def _sweep_retired(self) -> None:
        """Remove the snapshots of retired pools whose last query has ended."""
        for pool, store_dir in list(self._retired):
            if pool.drained:
                shutil.rmtree(store_dir.parent if store_dir.parent != self._cleanup
                              else store_dir, ignore_errors=True)
                self._retired.remove((pool, store_dir))

    def server_close(self) -> None:
        super().server_close()
        for pool, _ in self._retired:
            pool.close()
        if self.pool is not None:
            self.pool.close()
        if self._cleanup is not None:
            shutil.rmtree(self._cleanup, ignore_errors=True)


def make_server(source: Path | str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                timeout: float | None = DEFAULT_TIMEOUT, workers: int | None = None,
                client_timeout: float = CLIENT_TIMEOUT,
                allowed_hosts: tuple[str, ...] = ()) -> SparqlServer:
    """A server over a store directory, or over a graph file (loaded into a
    temporary store that is removed when the server closes). Port 0 picks a
    free port (see ``server.server_address``). ``allowed_hosts``: more names
    the Host header may give. Call ``serve_forever()``, then ``server_close()``
    (which stops the query workers)."""
    source = Path(source)
    cleanup = None
    if is_store(source):
        # a private snapshot: a build swapping the store never pulls it from under a query
        cleanup = Path(tempfile.mkdtemp(prefix="aigraph-serve-"))
        try:
            store_dir = snapshot_store(source, cleanup / "store")
        except BaseException:
            shutil.rmtree(cleanup, ignore_errors=True)
            raise
    elif source.is_file():
        cleanup = Path(tempfile.mkdtemp(prefix="aigraph-serve-"))
        store_dir = save_store(load_file_store(source), cleanup / "store")
    else:
        raise GraphLoadError(f"{source}: neither an Oxigraph store nor a graph file "
                             "(run 'aigraph build' first)")
    try:
        if not 0 <= int(port) <= 65535:
            raise OverflowError("a port is a number from 0 to 65535")
        return SparqlServer((host, port), store_dir, timeout, cleanup, workers,
                            client_timeout, tuple(allowed_hosts),
                            source_store=source if is_store(source) else None)
    except (OSError, OverflowError) as exc:   # in use, not permitted, out of range
        if cleanup is not None:
            shutil.rmtree(cleanup, ignore_errors=True)
        why = getattr(exc, "strerror", None) or exc
        raise AigraphError(f"cannot listen on {host}:{port}: {why}") from exc


class SparqlHandler(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol, query operation only."""

    server: SparqlServer
    server_version = "aigraph-sparql"
    protocol_version = "HTTP/1.1"

    # -- connection and request checks -------------------------------------

    def setup(self) -> None:
        self.timeout = self.server.client_timeout   # socket timeout: slow clients are dropped
        super().setup()

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        host, port = self.server.server_address[:2]
        if not host_allowed(self.headers.get("Host"), host, port, self.server.allowed_hosts):
            self.close_connection = True
            self.send_text(HTTPStatus.BAD_REQUEST,
                           "the Host header does not name this server (only requests to "
                           f"{host}:{port} are answered)\n")
            return False
        return True

    def read_body(self) -> bytes | None:
        """The request body, or None after answering 400/411/413 for a bad length."""
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self.send_text(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length\n")
            return None
        header = self.headers.get("Content-Length")
        text = "0" if header is None else header.strip()
        if not text.isdigit():
            self.close_connection = True
            self.send_text(HTTPStatus.BAD_REQUEST,
                           f"Content-Length must be a number of bytes, not '{text[:40]}'\n")
            return None
        length = int(text)
        if length > MAX_BODY:
            self.close_connection = True
            self.send_text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request too large\n")
            return None
        return self.rfile.read(length)

    def client_gone(self) -> bool:
        """True when the client closed its connection (so its query can stop)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            if not readable:
                return False
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    # -- HTTP methods -------------------------------------------------------

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except NotUtf8Error:
            self.close_connection = True
            self.send_text(HTTPStatus.BAD_REQUEST, "the request is not UTF-8\n")

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urlsplit(self.path)
        params = parse_qs(url.query)
        if url.path not in QUERY_PATHS:
            return self.send_text(HTTPStatus.NOT_FOUND, f"no such page: {url.path}\n")
        if "update" in params:
            return self.refuse_update()
        if "query" in params:
            return self.answer(params["query"], params)
        if url.path == "/":
            return self.send_body(HTTPStatus.OK, "text/html; charset=utf-8",
                                  query_page().encode("utf-8"))
        return self.send_text(HTTPStatus.BAD_REQUEST,
                              "missing 'query' parameter (SPARQL 1.1 Protocol)\n")

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path not in QUERY_PATHS:
            return self.send_text(HTTPStatus.NOT_FOUND, f"no such page: {url.path}\n")
        raw = self.read_body()
        if raw is None:
            return None
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NotUtf8Error(str(exc)) from exc
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query)
        if content_type == "application/sparql-update":
            return self.refuse_update()
        if content_type == "application/sparql-query":
            return self.answer(params.get("query", []) + [body], params)
        if content_type == "application/x-www-form-urlencoded":
            for name, values in parse_qs(body).items():
                params[name] = params.get(name, []) + values
            if "update" in params:
                return self.refuse_update()
            if "query" in params:
                return self.answer(params["query"], params)
            return self.send_text(HTTPStatus.BAD_REQUEST, "missing 'query' field\n")
        if not content_type:
            return self.send_text(HTTPStatus.BAD_REQUEST,
                                  "missing Content-Type (use application/sparql-query, or "
                                  "application/x-www-form-urlencoded with a 'query' field)\n")
        return self.send_text(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                              f"unsupported Content-Type '{content_type}' (use "
                              "application/sparql-query or a form with 'query')\n")

    def do_PUT(self) -> None:  # noqa: N802
        self.refuse_update()

    do_DELETE = do_PATCH = do_PUT

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()   # send_body leaves the body out

    def do_OPTIONS(self) -> None:  # noqa: N802
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Allow", ALLOWED_METHODS)
        self.send_header("Content-Length", "0")
        self.end_headers()

    # -- answering ----------------------------------------------------------

    def answer(self, texts: list[str], params: dict[str, list[str]]) -> None:
        if len(texts) != 1:
            return self.send_text(HTTPStatus.BAD_REQUEST,
                                  f"one query per request, not {len(texts)}\n")
        text = texts[0]
        if looks_like_update(text):
            return self.refuse_update()
        if is_federated(text):
            return self.send_text(HTTPStatus.BAD_REQUEST,
                                  "federated queries (SERVICE) are refused: this endpoint "
                                  "only queries its own graph\n")
        shorthand = (params.get("format") or params.get("output") or [None])[0]
        try:
            result = self.run_on_current_pool(text)
        except QueryTimeoutError as exc:
            return self.send_text(HTTPStatus.SERVICE_UNAVAILABLE, f"{exc}\n")
        except QueryError as exc:
            return self.send_text(HTTPStatus.BAD_REQUEST, f"{exc}\n")
        except AigraphError as exc:
            return self.send_text(HTTPStatus.INTERNAL_SERVER_ERROR, f"{exc}\n")
        chosen = negotiate(result.kind, self.headers.get("Accept"), shorthand)
        if chosen is None:
            offers = GRAPH_TYPES if result.kind == "graph" else RESULT_TYPES
            return self.send_text(HTTPStatus.NOT_ACCEPTABLE, "can answer with: " + ", ".join(
                media for media, _ in offers) + "\n")
        media, fmt = chosen
        self.send_body(HTTPStatus.OK, f"{media}; charset=utf-8", result.serialize(fmt))

    def run_on_current_pool(self, text: str):
        for _ in range(3):   # a pool retired for a newer build while we waited: the new one
            try:
                return self.server.current_pool().run(
                    text, timeout=self.server.query_timeout, abandoned=self.client_gone)
            except PoolClosedError:
                continue
        raise QueryError("the graph is being replaced; try again")

    def refuse_update(self) -> None:
        self.send_text(HTTPStatus.FORBIDDEN,
                       "this endpoint is read-only: SPARQL Update is refused\n")

    # -- plumbing -----------------------------------------------------------

    def send_text(self, status: HTTPStatus, text: str) -> None:
        self.send_body(status, "text/plain; charset=utf-8", text.encode("utf-8"))

    def send_body(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - base signature
        log.info("%s - %s", self.address_string(), format % args)


# ---------------------------------------------------------------------------
# The HTML page (no external assets: works offline)

_EXAMPLE = """SELECT ?entity ?class (COUNT(DISTINCT ?article) AS ?articles)
WHERE { ?entity aig:mentionedIn ?article ; a ?class }
GROUP BY ?entity ?class
ORDER BY DESC(?articles)
LIMIT 20"""

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>aigraph SPARQL</title>
<style>
body{{font-family:system-ui,sans-serif;margin:1.5rem;max-width:72rem}}
textarea{{width:100%;height:14rem;font-family:monospace;font-size:.9rem}}
table{{border-collapse:collapse;margin-top:1rem}}
td,th{{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}}
th{{background:#eee}} #status{{margin-left:1rem;color:#555}} pre{{white-space:pre-wrap}}
</style></head>
<body>
<h1>aigraph SPARQL</h1>
<p>Read-only endpoint at <code>/sparql</code>. Prefixes <code>aig: risk: aigr: rdf: rdfs:
skos: prov: dcterms: schema: owl: xsd:</code> are predeclared.</p>
<form id="form" method="get" action="/sparql">
<label>Saved query: <select id="saved"><option value="">(choose)</option>{options}</select></label>
<textarea id="query" name="query" spellcheck="false">{example}</textarea>
<button type="submit" id="run">Run</button><span id="status"></span>
</form>
<div id="results"></div>
<script>
const saved = {saved_json};
document.getElementById('saved').addEventListener('change', e => {{
  if (e.target.value) document.getElementById('query').value = saved[e.target.value];
}});
function cell(term) {{ return term ? term.value : ''; }}
document.getElementById('form').addEventListener('submit', async e => {{
  e.preventDefault();
  const status = document.getElementById('status'), out = document.getElementById('results');
  status.textContent = 'running...'; out.innerHTML = '';
  const response = await fetch('/sparql', {{method: 'POST',
    headers: {{'Content-Type': 'application/sparql-query',
              'Accept': 'application/sparql-results+json, text/turtle;q=0.9'}},
    body: document.getElementById('query').value}});
  const text = await response.text();
  if (!response.ok) {{ status.textContent = 'error ' + response.status;
    const pre = document.createElement('pre'); pre.id = 'error'; pre.textContent = text;
    out.appendChild(pre); return; }}
  if (!(response.headers.get('Content-Type') || '').includes('json')) {{
    const pre = document.createElement('pre'); pre.textContent = text; out.appendChild(pre);
    status.textContent = 'graph'; return; }}
  const data = JSON.parse(text);
  if ('boolean' in data) {{ status.textContent = data.boolean ? 'yes' : 'no'; return; }}
  const table = document.createElement('table'); table.id = 'table';
  const head = table.insertRow();
  for (const v of data.head.vars) {{ const th = document.createElement('th');
    th.textContent = v; head.appendChild(th); }}
  for (const b of data.results.bindings) {{ const row = table.insertRow();
    for (const v of data.head.vars) row.insertCell().textContent = cell(b[v]); }}
  out.appendChild(table);
  status.textContent = data.results.bindings.length + ' results';
}});
</script>
</body></html>
"""


def query_page() -> str:
    """The offline query page, with the saved queries to pick from."""
    queries = list_saved()
    options = "".join(f'<option value="{html.escape(q.name)}">{html.escape(q.title or q.name)}'
                      "</option>" for q in queries)
    saved_json = json.dumps({q.name: q.text for q in queries}).replace("</", "<\\/")
    return _PAGE.format(options=options, example=html.escape(_EXAMPLE), saved_json=saved_json)
