"""SPARQL over the graph: run queries, bind parameters, format results, saved queries.

Engine: pyoxigraph, over the persistent store (``exports/store``) when there is
one, else over a graph file parsed into an in-memory store.

Parameters (``--param NAME=VALUE``) are bound through the engine's
substitutions (SEP-0007: the variable is replaced by the term before
evaluation), never pasted into the query text. pyoxigraph only substitutes a
variable the query returns; any other is bound by a trailing ``VALUES`` block
whose terms pyoxigraph itself writes (so they are escaped).

Timeouts: pyoxigraph cannot interrupt a running query, so a query with a
timeout runs in a child process (``multiprocessing`` "forkserver": a clean,
single-threaded parent to fork from, with this module preloaded) that opens
the store read-only; when time is up the child is killed, which really stops
the work (a thread could only be abandoned, still burning CPU). Without a
timeout the query runs in-process.

Whatever runs the query returns bytes, so results cross the process boundary
cheaply and in standard forms: SPARQL 1.1 Query Results JSON for SELECT and
ASK, N-Triples for CONSTRUCT and DESCRIBE. :class:`QueryResult` turns those
into every output format.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from ._data import QUERIES, data_dir
from .errors import AigraphError, GraphLoadError, QueryError, QueryTimeoutError
from .names import lookup
from .store import DEFAULT_STORE, is_store, load_file_store, open_store, ox_triples
from .vocab import PREFIXES

DEFAULT_GRAPH = Path("exports/graph.ttl")

#: Output formats: results of SELECT/ASK, and of CONSTRUCT/DESCRIBE.
RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("ttl", "nt", "xml", "jsonld")
FORMATS = ("table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld")

_RESULTS_FORMAT = {
    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
}
_RDF_FORMAT = {
    "ttl": ox.RdfFormat.TURTLE, "table": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD,
}

_LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
_PREF_LABEL = ox.NamedNode(PREFIXES["skos"] + "prefLabel")

# ---------------------------------------------------------------------------
# Saved queries


@dataclass(frozen=True)
class Param:
    """A parameter a saved query declares in its header."""

    name: str
    meaning: str = ""
    default: str | None = None


@dataclass(frozen=True)
class SavedQuery:
    """A query with its comment header (``# title:``, ``# description:``, ``# param:``)."""

    text: str
    name: str | None = None
    path: Path | None = None
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()

    def defaults(self) -> dict[str, str]:
        return {p.name: p.default for p in self.params if p.default is not None}

    def bind(self, params: dict[str, str] | None) -> dict[str, str]:
        """The given parameters over the declared defaults."""
        return {**self.defaults(), **(params or {})}


def queries_dir() -> Path:
    """Where saved queries live: ``$AIGRAPH_QUERIES`` or the ``queries/`` shipped
    with the package (the top-level folder in a checkout)."""
    env = os.environ.get("AIGRAPH_QUERIES")
    if env:
        return Path(env)
    return data_dir(QUERIES)


_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$", re.IGNORECASE)
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*(?:[—–:-]+\s*(?P<meaning>.*))?$")
_DEFAULT = re.compile(r"\(\s*default\s*:\s*(?P<value>[^)]*)\)\s*$", re.IGNORECASE)


def parse_header(text: str) -> tuple[str, str, tuple[Param, ...]]:
    """Title, description and parameters from the leading ``#`` comment lines.

    A comment line that is not a ``key:`` line continues the previous field."""
    title, description, params = "", "", []
    current = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if match:
            current = match.group(1).lower()
            value = match.group(2).strip()
            if current == "title":
                title = value
            elif current == "description":
                description = value
            else:
                params.append(_parse_param(value))
        elif current == "description":
            description = f"{description} {stripped.lstrip('#').strip()}".strip()
    return title, description, tuple(params)


def _parse_param(value: str) -> Param:
    default = None
    found = _DEFAULT.search(value)
    if found:
        default = found.group("value").strip()
        value = value[:found.start()].rstrip()
    match = _PARAM.match(value)
    if not match:
        raise QueryError(f"bad '# param:' line {value!r} (expected 'name — meaning')")
    return Param(match.group("name"), (match.group("meaning") or "").strip(), default)


def load_saved(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    title, description, params = parse_header(text)
    return SavedQuery(text=text, name=path.stem, path=path, title=title,
                      description=description, params=params)


def list_saved(directory: Path | None = None) -> list[SavedQuery]:
    """All saved queries, sorted by name."""
    directory = directory or queries_dir()
    if not directory.is_dir():
        return []
    return [load_saved(path) for path in sorted(directory.glob("*.rq"))]


_NAME = re.compile(r"^[A-Za-z0-9][\w-]*$")


def _is_file(text: str) -> bool:
    """Whether one line of text names an existing file (a long SPARQL query on
    one line is too long a name for the system: not a file either)."""
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False


def resolve_query(query: str, directory: Path | None = None) -> SavedQuery:
    """SPARQL text, a ``.rq`` file, or the name of a saved query, as a SavedQuery."""
    candidate = query.strip()
    if candidate.endswith(".rq") or ("\n" not in candidate and _is_file(candidate)):
        path = Path(candidate)
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        return load_saved(path)
    if _NAME.match(candidate):
        return saved_by_name(candidate, directory)
    title, description, params = parse_header(query)
    return SavedQuery(text=query, title=title, description=description, params=params)


def saved_by_name(name: str, directory: Path | None = None) -> SavedQuery:
    saved = {q.name: q for q in list_saved(directory)}
    if name in saved:
        return saved[name]
    available = ", ".join(sorted(saved)) or "none"
    raise QueryError(f"no saved query named '{name}' (available: {available})")


# ---------------------------------------------------------------------------
# Results


@dataclass
class QueryResult:
    """A query's answer, kept as standard bytes (see the module docstring)."""

    kind: str                     # "select", "ask" or "graph"
    data: bytes                   # results JSON (select/ask) or N-Triples (graph)
    labels: dict[str, str] = field(default_factory=dict)   # IRI -> rdfs:label

    @cached_property
    def variables(self) -> list[str]:
        if self.kind != "select":
            return []
        return [v.value for v in self._solutions().variables]

    @cached_property
    def rows(self) -> list[tuple]:
        """SELECT rows as tuples of pyoxigraph terms (None when unbound)."""
        if self.kind != "select":
            return []
        solutions = self._solutions()
        names = [v.value for v in solutions.variables]
        return [tuple(solution[name] for name in names) for solution in solutions]

    @property
    def boolean(self) -> bool | None:
        return bool(self._solutions()) if self.kind == "ask" else None

    @property
    def triples(self) -> list[ox.Triple]:
        if self.kind != "graph":
            return []
        return sorted(ox.parse(self.data, format=ox.RdfFormat.N_TRIPLES), key=str)

    def __len__(self) -> int:
        if self.kind == "select":
            return len(self.rows)
        if self.kind == "graph":
            return len(self.triples)
        return 1

    def _solutions(self):
        return ox.parse_query_results(self.data, format=ox.QueryResultsFormat.JSON)

    def values(self, variable: str) -> list[str]:
        """The lexical values (IRI or literal text) bound to ``variable``, in order."""
        index = self.variables.index(variable)
        return [row[index].value if row[index] is not None else None for row in self.rows]

    def serialize(self, fmt: str = "json") -> bytes:
        """The result in ``fmt`` (see :data:`FORMATS`); ``table`` is plain text."""
        if fmt not in FORMATS:
            raise QueryError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
        if self.kind == "graph":
            return self._serialize_graph(fmt)
        if fmt == "table":
            return render_text(self).encode("utf-8")
        if fmt not in _RESULTS_FORMAT:
            raise QueryError(f"a {self.kind.upper()} query gives a results table, not a graph: "
                             f"use --format {', '.join(RESULT_FORMATS)}")
        if fmt == "json":
            return self.data
        return self._solutions().serialize(format=_RESULTS_FORMAT[fmt])

    def _serialize_graph(self, fmt: str) -> bytes:
        if fmt not in _RDF_FORMAT:
            raise QueryError(f"a CONSTRUCT or DESCRIBE query gives a graph: use --format "
                             f"{', '.join(GRAPH_FORMATS)}")
        rdf_format = _RDF_FORMAT[fmt]
        prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        return ox.serialize(self.triples, format=rdf_format, prefixes=prefixes)


def compact_iri(iri: str) -> str:
    """``aigr:country/united-states`` for a full IRI under a known prefix."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def display_term(term, labels: dict[str, str]) -> str:
    """A term as an analyst wants to read it: labels for IRIs, text for literals."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return labels.get(term.value) or compact_iri(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def result_table(result: QueryResult):
    """A rich Table of a SELECT or ASK result (labels instead of bare IRIs)."""
    from rich.table import Table

    if result.kind == "ask":
        table = Table(show_header=True)
        table.add_column("answer")
        table.add_row("yes" if result.boolean else "no")
        return table
    rows = result.rows
    table = Table(show_header=True, header_style="bold",
                  caption=f"{len(rows)} result{'s' if len(rows) != 1 else ''}")
    for name in result.variables:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(display_term(term, result.labels) for term in row))
    return table


def render_text(result: QueryResult, width: int = 120) -> str:
    """The table as plain text (no colours), for files and pipes."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False,
                      legacy_windows=False)
    console.print(result_table(result))
    return buffer.getvalue()


def with_prefixes(text: str) -> str:
    """The query with PREFIX lines for the predeclared prefixes it does not
    declare itself, so it runs on any SPARQL endpoint (e.g. after ``push``)."""
    declared = {m.lower() for m in re.findall(r"PREFIX\s+([\w.-]*):", text, re.IGNORECASE)}
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p.lower() not in declared]
    return "\n".join(lines + [text])


# ---------------------------------------------------------------------------
# Running a query


def choose_source(graph: Path | str | None = None, store: Path | str | None = None) -> Path:
    """The store or graph file to query: an explicit choice, else the default
    store when it exists, else the default Turtle export."""
    from .outdir import settle   # repairs what a killed build left, before reading

    settle(Path(store if store is not None else graph if graph is not None
                else DEFAULT_STORE).parent)
    if store is not None:
        if not is_store(store):
            raise GraphLoadError(f"{store}: no Oxigraph store here (run 'aigraph build' first)")
        return Path(store)
    if graph is not None:
        return Path(graph)
    if is_store(DEFAULT_STORE):
        return DEFAULT_STORE
    if DEFAULT_GRAPH.is_file():
        return DEFAULT_GRAPH
    raise GraphLoadError(f"no graph to query: neither {DEFAULT_STORE}/ nor {DEFAULT_GRAPH} "
                         "exists (run 'aigraph build' first, or pass --graph/--store)")


def run_query(source, query: str | SavedQuery, params: dict[str, str] | None = None,
              timeout: float | None = None, labels: bool = True) -> QueryResult:
    """Run a SPARQL query.

    ``source``: a store directory, a graph file, an rdflib Graph or a pyoxigraph
    Store. ``query``: SPARQL text or a :class:`SavedQuery` (its declared
    defaults fill parameters not given). ``labels``: look up ``rdfs:label`` of
    the IRIs in the result (for the table format)."""
    if isinstance(query, SavedQuery):
        params = query.bind(params)
        text = query.text
    else:
        text = query
    params = dict(params or {})
    if looks_like_update(text):
        raise QueryError("SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is not supported: "
                         "queries only read the graph (rebuild it to change it)")
    if timeout is not None and timeout <= 0:
        raise QueryError("--timeout must be a positive number of seconds")
    if timeout is None:
        return execute(open_source(source), text, params, labels)
    return _run_in_worker(source_spec(source), text, params, labels, timeout)


_UPDATE_KEYWORDS = re.compile(
    r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_PROLOGUE = re.compile(r"^\s*(#[^\n]*\n|PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)",
                       re.IGNORECASE)


def looks_like_update(text: str) -> bool:
    """True when the text, after comments and PREFIX/BASE lines, starts like SPARQL Update."""
    while True:
        stripped = _PROLOGUE.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return bool(_UPDATE_KEYWORDS.match(text))


def source_spec(source) -> tuple[str, object]:
    """A picklable description of the source, for the worker process."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        return ("store", str(path)) if path.is_dir() else ("file", str(path))
    data = ox.serialize(ox_triples(source), format=ox.RdfFormat.N_TRIPLES)
    return ("ntriples", data)


def open_source(source) -> ox.Store:
    """A pyoxigraph store to query for any kind of source."""
    if isinstance(source, ox.Store):
        return source
    if isinstance(source, tuple):
        kind, value = source
        if kind == "ntriples":
            store = ox.Store()
            store.bulk_load(value, format=ox.RdfFormat.N_TRIPLES)
            return store
        source = value
    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.is_dir():
            return open_store(path)
        return load_file_store(path)
    store = ox.Store()  # an rdflib Graph
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in ox_triples(source))
    return store


def execute(store: ox.Store, text: str, params: dict[str, str], want_labels: bool) -> QueryResult:
    """Run the query on an open store and keep the answer as bytes."""
    _check_param_names(params)
    substitutions = {ox.Variable(name): parse_value(store, value)
                     for name, value in sorted(params.items())}
    try:
        try:
            answer = store.query(text, prefixes=PREFIXES, substitutions=substitutions or None)
        except RuntimeError as exc:
            if not substitutions or "SELECT projection" not in str(exc):
                raise
            # the engine substitutes only returned variables: bind the others with
            # a trailing VALUES block (SPARQL 1.1), the terms written by the engine
            try:
                answer = store.query(text + values_clause(substitutions), prefixes=PREFIXES)
            except SyntaxError:
                raise QueryError(runtime_message(str(exc), params)) from exc
        if isinstance(answer, ox.QuerySolutions):
            result = QueryResult("select", answer.serialize(format=ox.QueryResultsFormat.JSON))
        elif isinstance(answer, ox.QueryBoolean):
            result = QueryResult("ask", answer.serialize(format=ox.QueryResultsFormat.JSON))
        else:
            result = QueryResult("graph", answer.serialize(format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        raise QueryError(syntax_message(text, str(exc))) from exc
    except RuntimeError as exc:
        raise QueryError(runtime_message(str(exc), params)) from exc
    except (OSError, ValueError) as exc:
        raise QueryError(f"the query failed: {exc}") from exc
    if want_labels:
        result.labels = labels_for(store, iris_in(result))
    return result


def values_clause(substitutions: dict) -> str:
    """``VALUES (?a ?b) { (<x> "y") }``: the query's trailing bindings, each term
    serialised by pyoxigraph (so escaped), never pasted from the user's text."""
    names = " ".join(str(variable) for variable in substitutions)
    terms = " ".join(str(term) for term in substitutions.values())
    return f"\nVALUES ({names}) {{ ({terms}) }}\n"


def _check_param_names(params: dict[str, str]) -> None:
    for name in params:
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise QueryError(f"bad parameter name '{name}' (expected a SPARQL variable name, "
                             "without '?')")


def runtime_message(message: str, params: dict[str, str]) -> str:
    found = re.search(r"variable \?(\w+) in its SELECT projection", message)
    if found:
        return (f"parameter '{found.group(1)}' cannot be bound in this query (it already "
                f"ends with a VALUES block); return ?{found.group(1)} in the SELECT clause")
    return f"the query failed: {message}"


_ERROR_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def syntax_message(text: str, message: str) -> str:
    """'line L, column C, near TOKEN: what was expected', with the line and a caret."""
    found = _ERROR_AT.search(message)
    if not found:
        return f"SPARQL syntax error: {message}"
    line_no, column, expected = int(found.group(1)), int(found.group(2)), found.group(3)
    lines = text.splitlines() or [""]
    line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    token = offending_token(line, column)
    if "Prefix not found" in expected:
        prefixed = re.search(r"([A-Za-z][\w.-]*)?:", token)
        name = prefixed.group(0) if prefixed else token
        detail = (f"unknown prefix '{name}' (predeclared: "
                  f"{', '.join(p + ':' for p in PREFIXES)}; or add a PREFIX line)")
    else:
        expected = " ".join(expected.split())
        if len(expected) > 160:
            expected = expected[:157] + "..."
        detail = expected
    detail += slash_hint(text)
    near = f" near '{token}'" if token else " at the end of the query"
    caret = " " * max(column - 1, 0) + "^"
    return (f"SPARQL syntax error at line {line_no}, column {column}{near}: {detail}\n"
            f"  {line}\n  {caret}")


_SLASHED_NAME = re.compile(r"(?<![\w?$:<])((?:[A-Za-z][\w.-]*)?):([\w.-]+(?:/[\w.-]+)+)(?![\w.-]*:)")


def slash_hint(text: str) -> str:
    """A hint when the query writes a prefixed name with '/' in it (as --param
    values may): in SPARQL the '/' is a property path, so it must be escaped."""
    found = _SLASHED_NAME.search(re.sub(r"<[^<>\s]*>|\"[^\"\n]*\"|#[^\n]*", " ", text))
    if not found or found.group(1) not in PREFIXES:
        return ""
    prefix, local = found.groups()
    return (f" ('{prefix}:{local}' is not one name in SPARQL, where '/' is a path: write "
            f"{prefix}:{local.replace('/', chr(92) + '/')} or <{PREFIXES[prefix]}{local}>)")


def offending_token(line: str, column: int) -> str:
    """The token at (or just before) a 1-based column of a line."""
    index = min(max(column - 1, 0), len(line))
    start = index
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    end = index
    while end < len(line) and not line[end].isspace():
        end += 1
    token = line[start:end]
    if not token and index > 0:
        return offending_token(line, index - 1) if line[:index].strip() else ""
    return token


# ---------------------------------------------------------------------------
# Parameter values

_PREFIXED = re.compile(r"^(?P<prefix>[A-Za-z][\w.-]*)?:(?P<local>\S*)$")
_QUOTED = re.compile(r'^"(?P<text>.*)"(?:@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(?P<type>\S+))?$',
                     re.DOTALL)


def parse_value(store: ox.Store, value: str):
    """A --param value as an RDF term.

    ``<iri>``, a bare ``http(s)://`` IRI or a prefixed name (``aigr:country/china``)
    is an IRI; ``"text"``, ``"text"@en`` or ``"2024"^^xsd:gYear`` is that literal;
    anything else is the entity it names (its label or an alias, any case)
    when it names exactly one, else a plain literal."""
    value = value.strip()
    try:
        if value.startswith("<") and value.endswith(">"):
            return ox.NamedNode(value[1:-1])
        if re.match(r"^https?://\S+$", value):
            return ox.NamedNode(value)
        quoted = _QUOTED.match(value)
        if quoted:
            return _literal(quoted)
        prefixed = _PREFIXED.match(value)
        if prefixed and (prefixed.group("prefix") or "") in PREFIXES:
            return ox.NamedNode(PREFIXES[prefixed.group("prefix") or ""]
                                + re.sub(r"\\(.)", r"\1", prefixed.group("local")))
    except ValueError as exc:
        raise QueryError(f"bad parameter value {value!r}: {exc}") from exc
    matches = entities_named(store, value)
    if len(matches) == 1:
        return matches[0]
    return ox.Literal(value)


def _literal(match: re.Match):
    text, lang, datatype = match.group("text"), match.group("lang"), match.group("type")
    if lang:
        return ox.Literal(text, language=lang)
    if datatype:
        if datatype.startswith("<") and datatype.endswith(">"):
            return ox.Literal(text, datatype=ox.NamedNode(datatype[1:-1]))
        prefix, _, local = datatype.partition(":")
        if prefix not in PREFIXES:
            raise QueryError(f"unknown datatype prefix in {datatype!r}")
        return ox.Literal(text, datatype=ox.NamedNode(PREFIXES[prefix] + local))
    return ox.Literal(text)


_NAMES = """
SELECT ?entity ?name ?alias WHERE {
  { ?entity rdfs:label ?name } UNION { ?entity skos:prefLabel ?name }
  UNION { ?entity skos:altLabel ?name BIND(true AS ?alias) }
  FILTER(isIRI(?entity))
  FILTER NOT EXISTS { ?entity a aig:Article }
  FILTER NOT EXISTS { ?entity a aig:Claim }
}"""


def entities_named(store: ox.Store, name: str) -> list[ox.NamedNode]:
    """Entities whose label or alias is ``name`` (:func:`aigraph.names.lookup`:
    labels win over aliases), sorted."""
    solutions = store.query(_NAMES, prefixes=PREFIXES)
    names = ((s["entity"], s["name"].value, s["alias"] is None) for s in solutions)
    return sorted(lookup(name, names), key=lambda node: node.value)


# ---------------------------------------------------------------------------
# Labels


def iris_in(result: QueryResult) -> set[str]:
    if result.kind == "select":
        return {term.value for row in result.rows for term in row
                if isinstance(term, ox.NamedNode)}
    return set()


def labels_for(store: ox.Store, iris: set[str]) -> dict[str, str]:
    """The label of each IRI that has one (rdfs:label, else skos:prefLabel;
    the smallest when there are several, so output is stable)."""
    labels = {}
    for iri in sorted(iris):
        node = ox.NamedNode(iri)
        for predicate in (_LABEL, _PREF_LABEL):
            found = sorted(q.object.value for q in store.quads_for_pattern(node, predicate, None)
                           if isinstance(q.object, ox.Literal))
            if found:
                labels[iri] = found[0]
                break
    return labels


# ---------------------------------------------------------------------------
# The worker process (timeouts)

_FORKSERVER_READY = False


def worker_context():
    """The forkserver context, preloading this module (and the main script) once.

    Children forked from the forkserver would otherwise each re-run the main
    script (multiprocessing's "main fixup"); preloading it in the forkserver
    lets them skip that."""
    global _FORKSERVER_READY
    context = multiprocessing.get_context("forkserver")
    if not _FORKSERVER_READY:
        main_file = getattr(sys.modules.get("__main__"), "__file__", None)
        preload = ["__main__"] if main_file and os.path.isfile(main_file) else []
        context.set_forkserver_preload(preload + [__name__])
        _FORKSERVER_READY = True
    return context


def worker_outcome(source, text, params, want_labels) -> tuple[str, object]:
    """What a worker process sends back: ("ok", result) or ("error", exception).
    ``source``: an open store, or anything :func:`open_source` opens."""
    try:
        result = execute(open_source(source), text, params, want_labels)
        for cached in ("rows", "variables"):   # the bytes are enough; send less
            result.__dict__.pop(cached, None)
        return ("ok", result)
    except AigraphError as exc:
        return ("error", exc)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, never lost
        return ("error", QueryError(f"the query failed: {type(exc).__name__}: {exc}"))


def _worker_main(connection, spec, text, params, want_labels) -> None:
    outcome = worker_outcome(spec, text, params, want_labels)
    try:
        connection.send(outcome)
    finally:
        connection.close()


def _run_in_worker(spec, text, params, want_labels, timeout: float) -> QueryResult:
    context = worker_context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_worker_main, daemon=True,
                              args=(sender, spec, text, params, want_labels))
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryTimeoutError(
                f"the query ran longer than {timeout:g} s and was stopped "
                "(raise --timeout, or narrow the query with LIMIT or more specific patterns)")
        try:
            status, payload = receiver.recv()
        except EOFError:
            raise QueryError("the query worker died without an answer "
                             f"(exit code {process.exitcode})") from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()
    if status == "error":
        raise payload
    return payload
