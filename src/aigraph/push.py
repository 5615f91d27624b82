"""Upload the graph to an external triple store (SPARQL 1.1 Graph Store HTTP Protocol).

What Oxigraph server, Apache Jena Fuseki, GraphDB and Virtuoso speak: the
first batch is ``PUT`` (replacing the target graph, so pushing twice does not
duplicate anything), the others are ``POST`` (adding to it). The target is
the named graph ``?graph=IRI``, or the default graph (``?default``).

Blank nodes are scoped to one request by the protocol, so every triple that
touches a blank node goes into the first batch, keeping them connected.
(aigraph's own graphs have none; ontologies may.)

Standard library only (urllib), with basic or bearer authentication.
"""

from __future__ import annotations

import base64
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import PushError
from .store import ox_triples
from .vocab import PREFIXES

DEFAULT_BATCH = 50_000
PAYLOADS = {"nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
            "ttl": ("text/turtle", ox.RdfFormat.TURTLE)}


@dataclass(frozen=True)
class PushReport:
    """What was uploaded where."""

    url: str
    triples: int
    batches: int


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


def push(graph, endpoint: str, graph_iri: str | None = None, user: str | None = None,
         password: str | None = None, token: str | None = None,
         batch_triples: int = DEFAULT_BATCH, payload: str = "nt",
         timeout: float = 120.0) -> PushReport:
    """Upload ``graph`` (an rdflib Graph or a pyoxigraph Store) to ``endpoint``,
    replacing the target graph. Raises :class:`PushError` when the server
    refuses (with its HTTP status and the start of its answer) or cannot be
    reached."""
    if payload not in PAYLOADS:
        raise PushError(f"unknown payload format '{payload}' (choose from {', '.join(PAYLOADS)})")
    url = graph_store_url(endpoint, graph_iri)
    authorization = auth_header(user, password, token)
    content_type, rdf_format = PAYLOADS[payload]
    all_batches = list(batches(ox_triples(graph), batch_triples))
    sent = 0
    for number, batch in enumerate(all_batches, start=1):
        prefixes = PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None
        body = ox.serialize(batch, format=rdf_format, prefixes=prefixes) if batch else b""
        method = "PUT" if number == 1 else "POST"
        send(url, method, body, content_type, authorization, timeout,
             where=f"batch {number} of {len(all_batches)}")
        sent += len(batch)
    return PushReport(url=url, triples=sent, batches=len(all_batches))


def send(url: str, method: str, body: bytes, content_type: str, authorization: str | None,
         timeout: float, where: str = "") -> int:
    """One Graph Store request; returns the HTTP status or raises PushError."""
    headers = {"Content-Type": content_type}
    if authorization:
        headers["Authorization"] = authorization
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        raise PushError(refusal_message(url, method, exc, where)) from exc
    except urllib.error.URLError as exc:
        raise PushError(f"cannot reach {url}: {exc.reason} (is the triple store running, "
                        "and is the URL right?)") from exc
    except (socket.timeout, TimeoutError) as exc:
        raise PushError(f"{url} did not answer within {timeout:g} s ({where})") from exc
    except OSError as exc:
        raise PushError(f"cannot reach {url}: {exc}") from exc


def refusal_message(url: str, method: str, error: urllib.error.HTTPError, where: str) -> str:
    try:
        body = error.read().decode("utf-8", errors="replace")
    except OSError:
        body = ""
    excerpt = " ".join(body.split())[:300]
    hint = ""
    if error.code in (401, 403):
        hint = " (check --user/--password or --token)"
    elif error.code in (404, 405):
        hint = (" (is this the Graph Store endpoint? e.g. /store on Oxigraph, "
                "/<dataset>/data on Fuseki, /repositories/<id>/rdf-graphs/service on GraphDB)")
    message = f"{url} refused the upload ({method}, {where}): HTTP {error.code} {error.reason}"
    if excerpt:
        message += f": {excerpt}"
    return message + hint
