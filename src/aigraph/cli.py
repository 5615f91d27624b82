"""The ``aigraph`` command line: thin click commands over the library.

One error boundary (:class:`AigraphGroup`) turns library exceptions into
``Error: ...`` and exit code 1; nothing below this module prints.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import AigraphError, describe_os_error

DEFAULT_SOURCES = "sources"
DEFAULT_OUT = "exports"
DEFAULT_GRAPH = "exports/graph.ttl"


class AigraphGroup(click.Group):
    """A click group whose commands report library errors as ``Error: ...``."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AigraphError as exc:
            raise click.ClickException(str(exc)) from exc
        except BrokenPipeError:   # the reader went away (| head): not an error of ours
            raise
        except OSError as exc:   # a full disk, a read-only folder: one line, not a traceback
            raise click.ClickException(describe_os_error(exc)) from exc


@click.group(cls=AigraphGroup)
@click.version_option(package_name="aigraph")
def cli() -> None:
    """Build, explore and query knowledge graphs of AI-governance news.

    \b
    Example:
        aigraph build sources/ -o exports/
        aigraph query risks-both-concerned
    """


def _progress_bar(enabled: bool):
    """A rich progress bar on stderr for multi-article runs (silent when not a terminal)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    return Progress(TextColumn("parsing"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[cached]}"), TextColumn("{task.description}"),
                    console=console, transient=True,
                    disable=not enabled or not console.is_terminal)


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", "--output", "out_dir", default=DEFAULT_OUT, show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder to write exports to.")
@click.option("-f", "--format", "formats", multiple=True, default=("ttl",), show_default=True,
              type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld"]),
              help="Export format(s); graph.ttl is always written.")
@click.option("--max-bytes", default=5 * 1024 * 1024, show_default=True,
              help="Skip input files larger than this.")
@click.option("--update", is_flag=True,
              help="Add SOURCES to the previous build in OUT: its articles (re-read where "
                   "changed) plus SOURCES; unchanged articles are not parsed again.")
@click.option("--remove", "remove", multiple=True, type=click.Path(path_type=Path),
              help="With --update: take this source file's articles out of the graph "
                   "(repeatable; a deleted file's articles are otherwise kept).")
@click.option("--no-cache", is_flag=True,
              help="Neither use nor write the build cache (OUT/cache/).")
@click.option("--no-store", is_flag=True, help="Do not write the on-disk SPARQL store.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Assert the facts of claims at or above this confidence; every claim is "
                   "kept [default: the relation model's threshold].")
@click.option("--as-of", "as_of", metavar="DATE", default=None,
              help="Build only from articles published on or before DATE (YYYY[-MM[-DD]]): "
                   "the graph as it stood then; undated articles are left out.")
@click.option("--curation", type=click.Path(dir_okay=False, path_type=Path),
              help="The analysts' decisions to apply [default: OUT/curation.ttl, when there].")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes for the per-article work (parsing, names, relation reading) "
                   "[default: the number of cores]; the graph is the same for any number.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: worker processes on this machine; dask: tasks on a Dask "
                   "distributed cluster (--scheduler, or a local cluster of --workers).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="A running Dask scheduler for --executor dask, e.g. tcp://host:8786.")
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")
def build(sources, out_dir, formats, max_bytes, update, remove, no_cache, no_store,
          min_confidence, as_of, curation, workers, executor, scheduler, quiet):
    """Build the knowledge graph of SOURCES (files or folders; default: sources/).

    Each article's parse is cached in OUT/cache/, keyed on its text and on the
    extractor (ontology files, extractor code, spaCy and model versions): a
    rebuild parses only new or changed articles, and the graph is the same as
    a build from scratch. With --update, SOURCES are added to the articles of
    the previous build in OUT (an error if OUT holds no build).

    The per-article work runs in --workers processes (one per core by
    default) or on a Dask cluster; resolution and the graph stay exact.

    \b
    Example:
        aigraph build sources/ -o exports/ -f ttl -f nq
        aigraph build --update new-article.html -o exports/
        aigraph build feeds/ crawl.warc.gz --as-of 2026-03-31 -o exports-march/
        aigraph build --update --remove sources/retracted.txt -o exports/
        aigraph build sources/ --workers 2
        aigraph build sources/ --executor dask --scheduler tcp://10.0.0.5:8786
    """
    from .build import build as run_build
    from .outdir import output_lock

    if update and no_cache:
        raise click.UsageError("--update needs the build cache; drop --no-cache")
    if remove and not update:
        raise click.UsageError("--remove needs --update")
    sources = list(sources) or ([] if update else [Path(DEFAULT_SOURCES)])
    formats = ("ttl", *formats)
    with output_lock(out_dir), _progress_bar(not quiet) as bar:
        task = bar.add_task("", total=None, cached="")

        def start(todo: int, cached: int) -> None:
            bar.update(task, total=todo, cached=f"({cached} from the cache)" if cached else "")

        report = run_build(
            sources, out_dir, formats, max_bytes=max_bytes, update=update,
            use_cache=not no_cache, on_start=start, min_confidence=min_confidence, as_of=as_of,
            curation=curation, workers=workers, executor=executor, scheduler=scheduler,
            remove=remove,
            on_article=lambda a: bar.update(task, advance=1, description=a.source),
        )
        _save_store(report.graph, out_dir, not no_store)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    from .cli_review import curation_summary, curation_warnings
    for warning in curation_warnings(report.curation):
        click.echo(f"Warning: {warning}", err=True)
    if quiet:
        return
    click.echo(f"Read {len(report.articles)} article(s), skipped {report.skipped}.")
    entities = ", ".join(f"{k} {v}" for k, v in report.entities_per_class.items()) or "none"
    facts = ", ".join(f"{k} {v}" for k, v in report.facts_per_property.items()) or "none"
    click.echo(f"Entities: {entities}")
    click.echo(f"Facts: {facts}")
    click.echo(f"Claims: {report.claims} (facts asserted at confidence >= "
               f"{report.min_confidence:.2f}); warnings: {len(report.warnings)}")
    if report.cache is not None:
        click.echo(_cache_summary(report))
    if report.curation is not None and report.curation.path is not None:
        click.echo(curation_summary(report.curation))
    for path in report.outputs:
        click.echo(f"Wrote {path}")


def _cache_summary(report) -> str:
    """How many articles the build cache saved from parsing."""
    kept = f"; {report.kept} kept from files no longer on disk" if report.kept else ""
    return (f"Build cache {report.cache}: {report.cached} article(s) from the cache, "
            f"{report.parsed} parsed{kept}.")


def _save_store(graph, out_dir: Path, wanted: bool) -> None:
    """The build's store (or none: then an earlier one must not outlive its graph)."""
    from .faults import checkpoint
    from .outdir import remove_store, save_output_store
    from .store import release_disk_graph

    checkpoint("exports-written")
    if wanted:
        save_output_store(graph, out_dir)
    else:
        release_disk_graph(graph)
        remove_store(out_dir)


@cli.command()
@click.argument("graph", default=DEFAULT_GRAPH, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def validate(graph, as_json):
    """Check GRAPH against the SHACL shapes in ontology/shapes.ttl.

    Exits 1 when there are violations.

    \b
    Example:
        aigraph validate exports/graph.ttl
    """
    from .graph import load_graph
    from .validate import validate as run_validate

    report = run_validate(load_graph(graph))
    if as_json:
        click.echo(json.dumps({"conforms": report.conforms,
                               "violations": [v.__dict__ for v in report.violations]}, indent=2))
    elif report.conforms:
        click.echo(f"{graph}: conforms to the aigraph shapes.")
    else:
        for v in report.violations:
            click.echo(f"{v.severity}: {v.focus} {v.path}: {v.message}")
        click.echo(f"{graph}: {len(report.violations)} violation(s).")
    if not report.conforms:
        sys.exit(1)


@cli.command()
@click.argument("subject")
@click.argument("prop", metavar="PROPERTY")
@click.argument("obj", metavar="[OBJECT]", required=False)
@click.option("--graph", "graph_path", default=DEFAULT_GRAPH, show_default=True,
              type=click.Path(path_type=Path))
def explain(subject, prop, obj, graph_path):
    """Show every claim behind a fact: article, sentence, modality, confidence.

    SUBJECT and OBJECT are labels, aliases or IRIs.

    \b
    Example:
        aigraph explain "United States" concernedAbout "Biological weapons"
    """
    from .explain import explain as run_explain
    from .graph import load_graph

    found = run_explain(load_graph(graph_path), subject, prop, obj)
    if not found:
        target = f" {obj}" if obj else ""
        raise click.ClickException(f"no claim in {graph_path} says {subject} {prop}{target}")
    for e in found:
        click.echo(f"{e.subject} {e.property} {e.object}")
        reviewed = f", {e.review} by an analyst" if e.review else ""
        click.echo(f"  {e.modality}, confidence {e.confidence:.2f}{reviewed}, "
                   f"in {e.article} ({e.source})")
        if e.corroboration():
            click.echo(f"  {e.corroboration()}")
        click.echo(f"  \"{e.evidence}\"")


def _register_feature_commands() -> None:
    """Commands of the explorer and SPARQL features live in their own modules."""
    from . import cli_explore, cli_learn, cli_query, cli_review, cli_time

    for command in (*cli_explore.COMMANDS, *cli_query.COMMANDS, *cli_learn.COMMANDS,
                    *cli_time.COMMANDS, *cli_review.COMMANDS):
        cli.add_command(command)


_register_feature_commands()
