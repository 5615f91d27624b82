"""Explorer commands: ``analyze``, ``path``, ``neighbours``, ``render``, ``open``.

Thin click wrappers over :mod:`aigraph.analyse` and :mod:`aigraph.render`;
library errors propagate to the error boundary of ``aigraph.cli``.
Register with ``for command in COMMANDS: cli.add_command(command)``.
"""

from __future__ import annotations

import json
import os
import webbrowser
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from typing import TYPE_CHECKING

from .errors import AigraphError
from .model import CORE_CLASSES

if TYPE_CHECKING:
    from . import analyse as analysis_lib

# The graph, analysis and render libraries are imported by the commands that
# use them: importing aigraph.graph loads spaCy, which 'aigraph --help', and
# every process that imports the CLI (query workers), should not pay for.


def load_graph(path: Path):
    from .graph import load_graph as load

    return load(path)


def render_html(*args, **kwargs):
    from .render import render_html as render_page

    return render_page(*args, **kwargs)

DEFAULT_GRAPH = "exports/graph.ttl"
DEFAULT_HTML = "exports/graph.html"
#: Set (to anything) to make ``aigraph open`` render without launching a browser.
NO_BROWSER_ENV = "AIGRAPH_NO_BROWSER"

graph_argument = click.argument("graph", required=False, default=DEFAULT_GRAPH,
                                type=click.Path(dir_okay=False, path_type=Path))
graph_option = click.option("--graph", "graph", default=DEFAULT_GRAPH, show_default=True,
                            type=click.Path(dir_okay=False, path_type=Path),
                            help="Graph file to read.")


def console() -> Console:
    # Wide enough that tables do not wrap when output is piped or captured.
    return Console(width=max(120, Console().width), highlight=False)


def ranked_table(title: str, rows) -> Table:
    table = Table(title=title)
    for column in ("#", "entity", "class", "score"):
        table.add_column(column, justify="right" if column in ("#", "score") else "left")
    for number, row in enumerate(rows, 1):
        table.add_row(str(number), escape(row.label), row.cls, f"{row.score:.4g}")
    return table


def counts_table(title: str, counts: dict[str, int], name: str) -> Table:
    table = Table(title=title)
    table.add_column(name)
    table.add_column("count", justify="right")
    for key, value in counts.items():
        table.add_row(escape(key), str(value))
    return table


def print_analysis(result: analysis_lib.Analysis) -> None:
    out = console()
    out.print(f"[bold]{result.nodes}[/] entities, [bold]{result.edges}[/] facts, "
              f"{result.component_count} connected components, "
              f"{result.community_count} communities")
    out.print(counts_table("Entities per class", result.classes, "class"))
    if result.subclasses:
        out.print(counts_table("of which (subclasses)", result.subclasses, "subclass"))
    out.print(counts_table("Facts per property", result.properties, "property"))
    out.print(ranked_table("Who matters: importance (PageRank on facts read both ways)",
                           result.importance))
    out.print(ranked_table("Most central: PageRank (directed)", result.pagerank))
    out.print(ranked_table("Most central: betweenness", result.betweenness))
    out.print(ranked_table("Most central: degree (facts)", result.degree))
    table = Table(title="Communities (Louvain)")
    for column in ("#", "size", "classes", "central members"):
        table.add_column(column)
    for community in result.communities:
        classes = ", ".join(f"{k} {v}" for k, v in community.classes.items())
        table.add_row(str(community.index), str(community.size), classes,
                      escape(", ".join(community.members)))
    out.print(table)
    table = Table(title="Connected components")
    table.add_column("size", justify="right")
    table.add_column("central members")
    for component in result.components:
        table.add_row(str(component.size), escape(", ".join(component.members)))
    out.print(table)
    table = Table(title="Brokers between communities")
    for column in ("entity", "class", "communities", "betweenness"):
        table.add_column(column)
    for broker in result.brokers:
        table.add_row(escape(broker.label), broker.cls, ", ".join(map(str, broker.communities)),
                      f"{broker.betweenness:.4g}")
    out.print(table)


@click.command()
@graph_argument
@click.option("--json", "as_json", is_flag=True, help="Print the analysis as JSON.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1),
              help="How many entities, communities and brokers to list.")
@click.option("--plot", "plot_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write PNG charts into this folder.")
@click.option("--seed", default=42, show_default=True, help="Seed for communities.")
def analyze(graph: Path, as_json: bool, top: int, plot_dir: Path | None, seed: int) -> None:
    """Who matters and how actors cluster: sizes, centrality, communities.

    \b
    Example:
        aigraph analyze exports/graph.ttl --top 5 --plot exports/charts
    """
    from . import analyse as analysis_lib

    rdf = load_graph(graph)
    result = analysis_lib.analyse(rdf, top=top, seed=seed)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print_analysis(result)
    if plot_dir:
        for path in analysis_lib.plot(rdf, plot_dir, analysis=result):
            click.echo(f"wrote {path}", err=as_json)


def print_path(number: int, path: analysis_lib.Path) -> None:
    click.echo(f"Path {number} ({len(path)} hop{'s' if len(path) != 1 else ''}): "
               + " - ".join(path.labels))
    for hop in path.hops:
        arrow = (f"{hop.source_label} --{hop.property}--> {hop.target_label}"
                 if hop.direction == "forward"
                 else f"{hop.source_label} <--{hop.property}-- {hop.target_label}")
        click.echo(f"  {arrow}  ({hop.fact.claims} claim{'s' if hop.fact.claims != 1 else ''})")
        for evidence in hop.evidence:
            click.echo(f"      \"{evidence.sentence}\" ({evidence.article})")


@click.command()
@click.argument("a")
@click.argument("b")
@graph_option
@click.option("--max-paths", default=3, show_default=True, type=click.IntRange(1))
def path(a: str, b: str, graph: Path, max_paths: int) -> None:
    """Explain the shortest connections between entities A and B.

    \b
    Example:
        aigraph path "United States" "United Nations"
    """
    from . import analyse as analysis_lib

    found = analysis_lib.shortest_paths(load_graph(graph), a, b, max_paths=max_paths)
    if not found:
        click.echo(f"No connection between '{a}' and '{b}' in {graph}.")
        return
    for number, item in enumerate(found, 1):
        print_path(number, item)


@click.command()
@click.argument("a")
@click.option("--depth", default=2, show_default=True, type=click.IntRange(1))
@graph_option
def neighbours(a: str, depth: int, graph: Path) -> None:
    """List the entities within DEPTH hops of entity A.

    \b
    Example:
        aigraph neighbours "Xi Jinping" --depth 1
    """
    from . import analyse as analysis_lib

    found = analysis_lib.neighbours(load_graph(graph), a, depth=depth)
    table = Table(title=escape(f"Neighbours of {a} (depth {depth})"))
    for column in ("hops", "entity", "class", "via"):
        table.add_column(column)
    for item in found:
        link = (f"{item.via} --{item.property}--> {item.label}" if item.direction == "forward"
                else f"{item.via} <--{item.property}-- {item.label}")
        table.add_row(str(item.distance), escape(item.label), item.cls, escape(link))
    console().print(table)


class_choice = click.Choice(CORE_CLASSES, case_sensitive=False)


@click.command()
@graph_argument
@click.option("-o", "--output", "--out", "output", default=DEFAULT_HTML, show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="HTML file to write.")
@click.option("--focus", help="Only the neighbourhood of this entity (label, alias or IRI).")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0),
              help="Hops around --focus.")
@click.option("--class", "classes", multiple=True, type=class_choice,
              help="Only entities of this class (repeatable).")
@click.option("--physics/--no-physics", default=None,
              help="Force physics on or off (default: on up to 300 nodes).")
def render(graph: Path, output: Path, focus: str | None, depth: int,
           classes: tuple[str, ...], physics: bool | None) -> None:
    """Write an interactive, self-contained HTML view of the graph.

    \b
    Example:
        aigraph render exports/graph.ttl -o exports/graph.html --focus "China" --depth 2
    """
    written = render_html(load_graph(graph), output, focus=focus, depth=depth,
                          classes=list(classes) or None, physics=physics)
    click.echo(f"wrote {written}")


def needs_render(graph: Path, html_file: Path) -> bool:
    return not html_file.exists() or (graph.exists()
                                      and graph.stat().st_mtime > html_file.stat().st_mtime)


@click.command("open")
@graph_argument
@click.option("-o", "--output", "--out", "output", default=DEFAULT_HTML, show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="HTML file to open.")
@click.option("--no-browser", is_flag=True, envvar=NO_BROWSER_ENV,
              help=f"Render but do not launch a browser (also ${NO_BROWSER_ENV}).")
def open_(graph: Path, output: Path, no_browser: bool) -> None:
    """Render the graph if needed and open it in the default browser.

    \b
    Example:
        aigraph open
    """
    if needs_render(graph, output):
        render_html(load_graph(graph), output)
        click.echo(f"wrote {output}")
    uri = output.resolve().as_uri()
    if no_browser or os.environ.get(NO_BROWSER_ENV):
        click.echo(f"open {uri}")
        return
    if not webbrowser.open(uri):
        raise AigraphError(f"no web browser could be started to open {uri}; open that file "
                           f"yourself (or set $BROWSER, or use --no-browser)")
    click.echo(f"opened {uri}")


COMMANDS = [analyze, path, neighbours, render, open_]
