"""CLI commands for SPARQL: ``query``, ``serve`` and ``push``.

Thin click wrappers over :mod:`aigraph.query`, :mod:`aigraph.serve` and
:mod:`aigraph.push`; ``cli.py`` registers :data:`COMMANDS` and owns the error
boundary (``AigraphError`` -> ``Error: ...``, exit 1). Library modules are
imported inside the commands so that ``aigraph --help`` stays quick.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

#: Same as aigraph.query.FORMATS (kept literal so importing the CLI stays light).
QUERY_FORMATS = ("table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def parse_params(values: tuple[str, ...]) -> dict[str, str]:
    """``NAME=VALUE`` pairs (a leading ``?`` or ``$`` on NAME is dropped)."""
    params = {}
    for item in values:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name:
            raise click.BadParameter(f"'{item}' is not NAME=VALUE", param_hint="--param")
        params[name] = value
    return params


def graph_options(function):
    """--graph and --store, shared by the commands that read the graph."""
    function = click.option(
        "--store", "store_dir", type=click.Path(path_type=Path),
        help="On-disk Oxigraph store to use [default: exports/store when it exists].")(function)
    function = click.option(
        "--graph", "graph_path", type=click.Path(path_type=Path),
        help="Graph file to use instead of the store [default: exports/graph.ttl].")(function)
    return function


@click.command()
@click.argument("query_arg", metavar="[QUERY]", required=False)
@graph_options
@click.option("-f", "--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table",
              show_default=True,
              help="Output: table, csv, tsv, json or xml for SELECT/ASK; ttl, nt, xml or "
                   "jsonld for CONSTRUCT/DESCRIBE (table means Turtle there).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE: an entity's label or alias, <iri>, a prefixed "
                   "name (aigr:country/china), or a quoted literal (\"2024\"^^xsd:gYear). "
                   "Repeatable.")
@click.option("--timeout", type=float, metavar="SECONDS",
              help="Stop the query after this many seconds.")
@click.option("--list", "list_only", is_flag=True, help="List the saved queries and exit.")
def query(query_arg, graph_path, store_dir, fmt, params, timeout, list_only):
    """Run a SPARQL QUERY: SPARQL text, a .rq file, or a saved query's name.

    Prefixes aig: risk: aigr: rdf: rdfs: skos: prov: dcterms: schema: owl:
    xsd: are predeclared. Tables show labels instead of bare IRIs. In SPARQL
    text a '/' in a name must be escaped (aigr:country\\/china), as '/' is a
    property path there; --param values take aigr:country/china as it is.
    Queries only read: SPARQL Update is refused.

    \b
    Examples:
        aigraph query --list
        aigraph query risks-both-concerned
        aigraph query articles-mentioning --param entity="United Nations"
        aigraph query 'SELECT ?p ?role WHERE { ?p aig:role ?role }' -f csv
    """
    from .query import choose_source, list_saved, resolve_query, run_query

    if list_only:
        _print_saved(list_saved())
        return
    if not query_arg:
        raise click.UsageError("give a QUERY (SPARQL text, a .rq file or a saved query's "
                               "name), or --list to see the saved ones")
    saved = resolve_query(query_arg)
    source = choose_source(graph_path, store_dir)
    result = run_query(source, saved, parse_params(params), timeout=timeout,
                       labels=(fmt == "table"))
    _print_result(result, fmt)


def _print_result(result, fmt: str) -> None:
    from .query import render_text, result_table

    if fmt == "table" and result.kind != "graph":
        if sys.stdout.isatty():
            from rich.console import Console
            Console().print(result_table(result))
        else:
            click.echo(render_text(result, width=160), nl=False)
        return
    data = result.serialize(fmt)
    if data and not data.endswith(b"\n"):   # a text file (and the shell prompt) wants one
        data += b"\n"
    click.echo(data, nl=False)  # bytes go to the binary stream as they are


def _print_saved(queries) -> None:
    if not queries:
        click.echo("No saved queries (queries/*.rq).")
        return
    for saved in queries:
        click.echo(f"{saved.name}")
        click.echo(f"    {saved.title}")
        for param in saved.params:
            default = f" (default: {param.default})" if param.default is not None else ""
            click.echo(f"    --param {param.name}=...  {param.meaning}{default}")


@click.command()
@graph_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback only unless you change it).")
@click.option("--port", default=7878, show_default=True, type=int)
@click.option("--timeout", default=30.0, show_default=True, type=float, metavar="SECONDS",
              help="Stop each query after this many seconds (0: no limit; a query whose "
                   "client hangs up is always stopped).")
@click.option("--workers", default=4, show_default=True, type=click.IntRange(min=1),
              help="Query worker processes (each keeps the store open).")
@click.option("--allow-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Another name clients may use in the Host header (besides the bound "
                   "address). Repeatable.")
def serve(graph_path, store_dir, host, port, timeout, workers, allowed_hosts):
    """Serve the graph as a read-only SPARQL 1.1 endpoint (with a query page at /).

    Updates get 403, federated (SERVICE) queries 400, requests whose Host
    header names another server 400.

    \b
    Example:
        aigraph serve --port 7878
        curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql' \\
             --data-urlencode 'query=SELECT * WHERE { ?s aig:role ?r }'
    """
    from .query import choose_source
    from .serve import make_server

    server = make_server(choose_source(graph_path, store_dir), host, port,
                         timeout if timeout > 0 else None, workers=workers,
                         allowed_hosts=allowed_hosts)
    bound_host, bound_port = server.server_address[:2]
    if host not in LOOPBACK:
        click.echo(f"Warning: listening on {host}: anyone who can reach this machine can "
                   "query the graph.", err=True)
    click.echo(f"SPARQL endpoint: {server.url} (read-only)")
    click.echo(f"Query page:      http://{bound_host}:{bound_port}/   (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@click.command()
@click.argument("graph", required=False, type=click.Path(path_type=Path))
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store endpoint, e.g. http://localhost:7878/store (Oxigraph), "
                   "http://localhost:3030/ds/data (Fuseki).")
@click.option("--graph-iri", metavar="IRI",
              help="Named graph to replace [default: the default graph].")
@click.option("--user", help="User for basic authentication.")
@click.option("--password", envvar="AIGRAPH_PUSH_PASSWORD",
              help="Password for basic authentication [env: AIGRAPH_PUSH_PASSWORD].")
@click.option("--token", envvar="AIGRAPH_PUSH_TOKEN",
              help="Bearer token [env: AIGRAPH_PUSH_TOKEN].")
@click.option("--batch", default=50_000, show_default=True, type=click.IntRange(min=1),
              help="Triples per request.")
@click.option("--payload", type=click.Choice(("nt", "ttl")), default="nt", show_default=True,
              help="Upload as N-Triples or Turtle.")
@click.option("--update-endpoint", metavar="URL",
              help="SPARQL Update endpoint used to make the push all-or-nothing "
                   "[default: guessed, e.g. /store -> /update].")
@click.option("--timeout", default=120.0, show_default=True, type=click.FloatRange(min=0.001),
              metavar="SECONDS", help="Give up when the server does not answer a request "
                                      "within this many seconds.")
def push(graph, endpoint, graph_iri, user, password, token, batch, payload, update_endpoint,
         timeout):
    """Upload GRAPH (a store or a graph file) to a triple store, replacing the target graph.

    GRAPH defaults to exports/store, or exports/graph.ttl when there is no store.
    Uses the SPARQL 1.1 Graph Store HTTP Protocol (Oxigraph, Fuseki, GraphDB,
    Virtuoso...). All-or-nothing when the server has a SPARQL Update endpoint:
    the batches go to a staging graph that one MOVE puts over the target, so a
    failure leaves the target as it was. Otherwise the first batch is PUT to
    the target, the rest POSTed, and a failure says what the target holds.

    \b
    Example (a triple store such as 'oxigraph serve', not 'aigraph serve',
    which is read-only):
        aigraph push --endpoint http://localhost:7878/store --graph-iri https://example.org/ai
    """
    from .push import push as run_push
    from .query import choose_source
    from .store import is_store, load_file_store, open_store

    if user and password is None:
        password = click.prompt(f"Password for {user}", hide_input=True)
    source = graph if graph is not None else choose_source()
    data = open_store(source) if is_store(source) else load_file_store(source)
    report = run_push(data, endpoint, graph_iri=graph_iri, user=user, password=password,
                      token=token, batch_triples=batch, payload=payload, timeout=timeout,
                      update_endpoint=update_endpoint)
    plural = "es" if report.batches != 1 else ""
    click.echo(f"Pushed {report.triples} triples in {report.batches} batch{plural} to {report.url}")
    if report.update_url is None:
        click.echo("Warning: no SPARQL Update endpoint answered, so the batches went straight "
                   "into the target (not all-or-nothing; see --update-endpoint).", err=True)


COMMANDS = [query, serve, push]
