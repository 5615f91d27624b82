"""Upload the graph to an external triple store (SPARQL 1.1 Graph Store HTTP Protocol).

What Oxigraph server, Apache Jena Fuseki, GraphDB and Virtuoso speak: the
first batch is ``PUT`` (replacing the graph, so pushing twice does not
duplicate anything), the others are ``POST`` (adding to it). The target is
the named graph ``?graph=IRI``, or the default graph (``?default``).

All-or-nothing where the server has a SPARQL Update endpoint (given, or
guessed from the Graph Store URL: ``/store`` -> ``/update`` on Oxigraph,
``/data`` -> ``/update`` on Fuseki, ``/rdf-graphs/service`` ->
``/statements`` on GraphDB/RDF4J): the batches go into a staging named graph
and one ``MOVE`` replaces the target with it, so a server that dies or
refuses halfway leaves the target as it was. Without an update endpoint the
batches go straight into the target, and a failure says exactly which
batches arrived and how to resume (push again: the first batch replaces).

Blank nodes are scoped to one request by the protocol, so every triple that
touches a blank node goes into the first batch, keeping them connected.
(aigraph's own graphs have none; ontologies may.)

Standard library only (urllib), with basic or bearer authentication.
"""

from __future__ import annotations

import base64
import hashlib
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import PushError
from .store import ox_triples
from .vocab import PREFIXES

DEFAULT_BATCH = 50_000
DEFAULT_TIMEOUT = 120.0
#: Graph Store path endings and the update endpoint beside them, per server family.
UPDATE_BESIDE = (("/store", "/update"), ("/data", "/update"),
                 ("/rdf-graphs/service", "/statements"), ("/sparql-graph-crud", "/sparql"))
#: Answers of an update endpoint that mean "there is none here".
NO_UPDATE_STATUS = (400, 404, 405, 415, 501)
PAYLOADS = {"nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
            "ttl": ("text/turtle", ox.RdfFormat.TURTLE)}


@dataclass(frozen=True)
class PushReport:
    """What was uploaded where."""

    url: str
    triples: int
    batches: int
    #: The update endpoint that moved the staging graph over the target, or
    #: None when the batches went straight into the target (not all-or-nothing).
    update_url: str | None = None


def graph_store_url(endpoint: str, graph_iri: str | None = None) -> str:
    """The Graph Store Protocol URL of the target graph (``?graph=`` or ``?default``)."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PushError(f"'{endpoint}' is not an http(s) URL of a graph store endpoint "
                        "(e.g. http://localhost:7878/store)")
    target = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default"
    query = f"{parts.query}&{target}" if parts.query else target
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def auth_header(user: str | None = None, password: str | None = None,
                token: str | None = None) -> str | None:
    """The Authorization header value for basic or bearer auth (or None)."""
    if token and (user or password):
        raise PushError("give either a user and password or a token, not both")
    if token:
        return f"Bearer {token}"
    if user or password:
        if not (user and password is not None):
            raise PushError("basic authentication needs both a user and a password")
        credentials = base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
        return f"Basic {credentials}"
    return None


def batches(triples: Iterable[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    """Batches of at most ``size`` triples; all blank-node triples in the first one.

    Always yields at least one (maybe empty) batch, so the PUT clears the target."""
    if size < 1:
        raise PushError("the batch size must be at least 1 triple")
    with_blanks, plain = [], []
    for triple in triples:
        has_blank = isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object,
                                                                           ox.BlankNode)
        (with_blanks if has_blank else plain).append(triple)
    first_size = max(size, len(with_blanks))
    first = with_blanks + plain[:first_size - len(with_blanks)]
    yield first
    for start in range(first_size - len(with_blanks), len(plain), size):
        yield plain[start:start + size]


def guess_update_url(endpoint: str) -> str | None:
    """The SPARQL Update endpoint beside a Graph Store endpoint, or None when unknown."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    for store_end, update_end in UPDATE_BESIDE:
        if path.endswith(store_end):
            new_path = path[:-len(store_end)] + update_end
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))
    return None


def staging_iri(graph_iri: str | None) -> str:
    """The staging graph of a target: fixed per target, so that the next push
    drops what a failed one left there."""
    digest = hashlib.sha256((graph_iri or "default").encode("utf-8")).hexdigest()[:16]
    return f"urn:aigraph:push-staging:{digest}"


def graph_ref(graph_iri: str | None) -> str:
    """The target as SPARQL Update names it."""
    return f"GRAPH <{graph_iri}>" if graph_iri else "DEFAULT"


def push(graph, endpoint: str, graph_iri: str | None = None, user: str | None = None,
         password: str | None = None, token: str | None = None,
         batch_triples: int = DEFAULT_BATCH, payload: str = "nt",
         timeout: float = DEFAULT_TIMEOUT, update_endpoint: str | None = None,
         staged: bool = True, on_batch: Callable[[int, int], None] | None = None) -> PushReport:
    """Upload ``graph`` (an rdflib Graph or a pyoxigraph Store) to ``endpoint``,
    replacing the target graph, all-or-nothing when an update endpoint answers
    (``update_endpoint``, else guessed; ``staged=False`` never stages).
    ``on_batch(number, total)`` is called after each batch arrived. Raises
    :class:`PushError` when the server refuses (with its HTTP status and the
    start of its answer), cannot be reached or does not answer in ``timeout``
    seconds per request; the message says what state the target is in."""
    if payload not in PAYLOADS:
        raise PushError(f"unknown payload format '{payload}' (choose from {', '.join(PAYLOADS)})")
    if timeout <= 0:
        raise PushError("the timeout must be a positive number of seconds")
    target_url = graph_store_url(endpoint, graph_iri)
    authorization = auth_header(user, password, token)
    all_batches = list(batches(ox_triples(graph), batch_triples))
    client = Client(authorization, timeout)
    update_url = (update_endpoint or guess_update_url(endpoint)) if staged else None
    if update_url and not client.has_update_endpoint(update_url, staging_iri(graph_iri)):
        if update_endpoint:
            raise PushError(f"{update_url} does not accept SPARQL Update; nothing was pushed "
                            "(check --update-endpoint, or leave it out to upload directly)")
        update_url = None
    if update_url is None:
        sent = upload_direct(client, all_batches, target_url, payload, on_batch)
        return PushReport(url=target_url, triples=sent, batches=len(all_batches))
    sent = upload_staged(client, all_batches, endpoint, graph_iri, update_url, payload, on_batch)
    return PushReport(url=target_url, triples=sent, batches=len(all_batches),
                      update_url=update_url)


def upload_staged(client: "Client", all_batches: list[list[ox.Triple]], endpoint: str,
                  graph_iri: str | None, update_url: str, payload: str,
                  on_batch: Callable[[int, int], None] | None) -> int:
    """Batches into the staging graph, then one update moves it over the target."""
    staging = staging_iri(graph_iri)
    target = graph_iri or "the default graph"
    staging_url = graph_store_url(endpoint, staging)
    sent = 0
    try:
        for number, batch in enumerate(all_batches, start=1):
            client.send_batch(staging_url, number, len(all_batches), batch, payload)
            sent += len(batch)
            if on_batch:
                on_batch(number, len(all_batches))
    except PushError as exc:
        client.try_update(update_url, f"DROP SILENT GRAPH <{staging}>")
        raise PushError(f"{exc}. Nothing changed: {target} still holds what it held before "
                        f"(the upload went to the staging graph <{staging}>, dropped if the "
                        "server still answers); run the same push again") from exc
    if sent:
        move = f"MOVE GRAPH <{staging}> TO {graph_ref(graph_iri)}"
    else:   # an empty graph may not exist on the server, and MOVE needs its source
        move = f"DROP SILENT GRAPH <{staging}> ; CLEAR SILENT {graph_ref(graph_iri)}"
    try:
        client.send(update_url, "POST", move.encode("utf-8"), "application/sparql-update",
                    where="the final move")
    except PushError as exc:
        raise PushError(f"{exc}. The whole upload is in the staging graph <{staging}> and "
                        f"{target} was probably not changed (the move is one update: check "
                        "with a count); run the same push again") from exc
    return sent


def upload_direct(client: "Client", all_batches: list[list[ox.Triple]], url: str, payload: str,
                  on_batch: Callable[[int, int], None] | None) -> int:
    """Batches straight into the target: the first PUT replaces it, so a failure
    after it leaves the target holding only the batches that arrived."""
    sent = 0
    for number, batch in enumerate(all_batches, start=1):
        try:
            client.send_batch(url, number, len(all_batches), batch, payload)
        except PushError as exc:
            if number == 1:
                state = "the target was not replaced (or was emptied if the server failed " \
                        "while replacing it)"
            else:
                state = (f"the target's previous content is gone and it now holds only "
                         f"batches 1-{number - 1} of {len(all_batches)} ({sent} triples)")
            raise PushError(f"{exc}. No SPARQL Update endpoint was used, so the push was not "
                            f"all-or-nothing: {state}; run the same push again to replace it "
                            "whole (give --update-endpoint to make it all-or-nothing)") from exc
        sent += len(batch)
        if on_batch:
            on_batch(number, len(all_batches))
    return sent


@dataclass(frozen=True)
class Client:
    """HTTP requests with the push's authentication and timeout."""

    authorization: str | None
    timeout: float

    def send_batch(self, url: str, number: int, total: int, batch: list[ox.Triple],
                   payload: str) -> int:
        content_type, rdf_format = PAYLOADS[payload]
        prefixes = PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None
        body = ox.serialize(batch, format=rdf_format, prefixes=prefixes) if batch else b""
        method = "PUT" if number == 1 else "POST"
        return self.send(url, method, body, content_type, where=f"batch {number} of {total}")

    def has_update_endpoint(self, update_url: str, staging: str) -> bool:
        """Whether ``update_url`` runs SPARQL Update: asked with a harmless update
        that also drops what an earlier failed push left in the staging graph."""
        try:
            self.send(update_url, "POST", f"DROP SILENT GRAPH <{staging}>".encode("utf-8"),
                      "application/sparql-update", where="checking the update endpoint")
        except PushError as exc:
            if exc.status in NO_UPDATE_STATUS:
                return False
            raise
        return True

    def try_update(self, update_url: str, update: str) -> bool:
        """An update whose failure does not matter (cleaning up after a failure)."""
        try:
            self.send(update_url, "POST", update.encode("utf-8"), "application/sparql-update",
                      where="cleaning up")
        except PushError:
            return False
        return True

    def send(self, url: str, method: str, body: bytes, content_type: str,
             where: str = "") -> int:
        return send(url, method, body, content_type, self.authorization, self.timeout, where)


def send(url: str, method: str, body: bytes, content_type: str, authorization: str | None,
         timeout: float, where: str = "") -> int:
    """One HTTP request; returns the HTTP status or raises PushError (with
    ``status`` set when the server answered)."""
    headers = {"Content-Type": content_type}
    if authorization:
        headers["Authorization"] = authorization
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        raise PushError(refusal_message(url, method, exc, where), status=exc.code) from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (socket.timeout, TimeoutError)):
            raise PushError(f"{url} did not answer within {timeout:g} s ({where})") from exc
        raise PushError(f"cannot reach {url} ({where}): {exc.reason} (is the triple store "
                        "running, and is the URL right?)") from exc
    except (socket.timeout, TimeoutError) as exc:
        raise PushError(f"{url} did not answer within {timeout:g} s ({where})") from exc
    except OSError as exc:
        raise PushError(f"cannot reach {url} ({where}): {exc}") from exc


def refusal_message(url: str, method: str, error: urllib.error.HTTPError, where: str) -> str:
    try:
        body = error.read().decode("utf-8", errors="replace")
    except OSError:
        body = ""
    excerpt = " ".join(body.split())[:300]
    hint = ""
    if error.code == 401:
        hint = " (check --user/--password or --token)"
    elif error.code == 403:
        hint = (" (the server is read-only or these credentials may not write: an 'aigraph "
                "serve' endpoint never accepts uploads; check --user/--password or --token)")
    elif error.code in (404, 405):
        hint = (" (is this the Graph Store endpoint? e.g. /store on Oxigraph, "
                "/<dataset>/data on Fuseki, /repositories/<id>/rdf-graphs/service on GraphDB)")
    what = "the upload" if where.startswith("batch") else "the update"
    message = f"{url} refused {what} ({method}, {where}): HTTP {error.code} {error.reason}"
    if excerpt:
        message += f": {excerpt}"
    return message + hint
