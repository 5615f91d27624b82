"""``aigraph diff``, ``aigraph timeline`` and ``aigraph conflicts``: news over time.

Register with ``for command in COMMANDS: cli.add_command(command)``.
"""

from __future__ import annotations

from pathlib import Path

import click

DEFAULT_GRAPH = "exports/graph.ttl"
#: The default confidence bar of ``aigraph conflicts`` (see its --min-confidence).
CONFLICT_CONFIDENCE = 0.5

_MIN_CONFIDENCE = click.option(
    "--min-confidence", type=click.FloatRange(0, 1), default=None,
    help="Count claims at or above this confidence [default: the relation model's threshold, "
         "the bar that makes a claim's fact a graph fact].")


def _corpus(graph, min_confidence: float | None):
    """The claims of ``graph`` (a graph or a graph file) at the confidence bar."""
    from .extract.decide import default_threshold
    from .graph import load_graph
    from .history import read_corpus

    if isinstance(graph, Path):
        graph = load_graph(graph)
    return read_corpus(graph, default_threshold() if min_confidence is None else min_confidence)


@click.command()
@click.argument("graphs", nargs=-1, metavar="[OLD] [NEW]", type=click.Path(path_type=Path))
@click.option("--since", metavar="DATE", help="Compare the articles published before DATE "
              "with those published from DATE on (one graph).")
@click.option("--until", metavar="DATE", help="With --since: end the new window at DATE.")
@click.option("--markdown", "markdown", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the report as Markdown to this file.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@_MIN_CONFIDENCE
def diff(graphs, since, until, markdown, as_json, min_confidence):
    """What changed: between two builds (OLD NEW), or in one build (default:
    exports/graph.ttl) between the articles published before --since and
    those published from --since through --until.

    Lists new and vanished entities, new facts, facts no longer reported,
    changed stances (an actor's latest supports/opposes toward the same
    object flips) and new participants of an agreement already known, each
    with the sentences that show it.

    \b
    Example:
        aigraph diff last-week/graph.ttl exports/graph.ttl --markdown changes.md
        aigraph diff exports/graph.ttl --since 2026-03-01 --until 2026-03-07
    """
    from .history import before_window, check_date, diff as run_diff, diff_json, diff_text
    from .history import whole, window

    if until and not since:
        raise click.UsageError("--until needs --since (the start of the new window)")
    if since:
        if len(graphs) > 1:
            raise click.UsageError("give one graph with --since/--until, or two graphs without")
        start, end = check_date(since), check_date(until) if until else None
        corpus = _corpus(graphs[0] if graphs else Path(DEFAULT_GRAPH), min_confidence)
        result = run_diff(before_window(corpus, start), window(corpus, start, end))
    else:
        if len(graphs) != 2:
            raise click.UsageError("give two graphs (OLD NEW), or one graph with --since")
        old, new = graphs
        result = run_diff(whole(str(old), _corpus(old, min_confidence)),
                          whole(str(new), _corpus(new, min_confidence)))
    if markdown:
        from .graph import write_atomic
        write_atomic(markdown, diff_text(result, markdown=True).encode("utf-8"))
    click.echo(diff_json(result) if as_json else diff_text(result), nl=as_json)
    if markdown:
        click.echo(f"Wrote {markdown}", err=True)


@click.command()
@click.argument("entity", required=False)
@click.option("--graph", "graph_path", default=DEFAULT_GRAPH, show_default=True,
              type=click.Path(path_type=Path))
@click.option("--plot", "plot", type=click.Path(dir_okay=False, path_type=Path),
              help="Also draw the timeline as a PNG to this file.")
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON.")
@_MIN_CONFIDENCE
def timeline(entity, graph_path, plot, as_json, min_confidence):
    """The dated events, agreements, policies and documents (by their own
    date) and stance changes (by the date reported) of ENTITY, or of the whole
    graph, in order, each with its sources.

    \b
    Example:
        aigraph timeline "Lisbon Accord"
        aigraph timeline --plot exports/charts/timeline.png
    """
    from .errors import EntityNotFoundError
    from .explain import resolve_terms
    from .graph import load_graph
    from .timeline import plot_timeline, timeline as run_timeline, timeline_json, timeline_text

    graph = load_graph(graph_path)
    corpus = _corpus(graph, min_confidence)
    entities = None
    if entity is not None:
        entities = {str(node) for node in resolve_terms(graph, entity)}
        if not entities:
            raise EntityNotFoundError(f"no entity is labelled '{entity}'")
    items = run_timeline(corpus, entities)
    title = f"Timeline of {entity}" if entity else "Timeline"
    click.echo(timeline_json(items) if as_json else timeline_text(items, title), nl=as_json)
    if plot:
        click.echo(f"Wrote {plot_timeline(items, plot, title)}", err=True)


@click.command()
@click.option("--graph", "graph_path", default=DEFAULT_GRAPH, show_default=True,
              type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the conflicts as JSON.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=CONFLICT_CONFIDENCE,
              show_default=True,
              help="Count claims at or above this confidence; lower than the fact threshold, "
                   "since a denial ('did not sign') is often extracted with less confidence "
                   "than the assertion it contradicts, and a contradiction is worth a look.")
def conflicts(graph_path, as_json, min_confidence):
    """Where sources disagree: a fact one article asserts and another denies,
    supports and opposes between the same actor and object, two different
    dates for the same thing; each with both sides' sentences and articles.

    \b
    Example:
        aigraph conflicts --graph exports/graph.ttl
        aigraph conflicts --min-confidence 0.5 --json
    """
    from .conflicts import conflicts as find, conflicts_json, conflicts_text

    found = find(_corpus(graph_path, min_confidence))
    click.echo(conflicts_json(found) if as_json else conflicts_text(found), nl=as_json)


COMMANDS = (diff, timeline, conflicts)
