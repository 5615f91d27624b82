"""``aigraph review export|import`` and ``aigraph merge|split|relabel|retype``:
analysts' corrections, recorded in the curation file beside the exports.

Register with ``for command in COMMANDS: cli.add_command(command)``.
"""

from __future__ import annotations

from pathlib import Path

import click

DEFAULT_GRAPH = "exports/graph.ttl"


def _curation_of(graph_path: Path, curation: Path | None) -> Path:
    from .curation import curation_path
    return curation or curation_path(Path(graph_path).parent)


def _next_build(curation: Path) -> str:
    return (f"They apply from the next build: aigraph build --update -o {curation.parent}")


def curation_warnings(report) -> list[str]:
    """Decisions whose effect a build lost (a rejection that matched nothing lost nothing)."""
    if report is None or report.path is None:
        return []
    return [f"{report.path}: {d.describe()} matched nothing in this build (its article, "
            "entity or sentence is gone); kept for later builds"
            for d in report.unmatched if d.kind != "reject"]


def curation_summary(report) -> str:
    """The build's account of the curation file (``aigraph build``)."""
    return (f"Curation {report.path}: {len(report.applied)} decision(s) applied, "
            f"{len(report.unmatched)} matched nothing in this build.")


def _common_options(function):
    function = click.option("--graph", "graph_path", default=DEFAULT_GRAPH, show_default=True,
                            type=click.Path(path_type=Path),
                            help="The built graph the names refer to.")(function)
    function = click.option("--curation", type=click.Path(dir_okay=False, path_type=Path),
                            help="The curation file [default: curation.ttl beside "
                                 "the graph].")(function)
    function = click.option("--reviewer", help="Who decides [default: your user name].")(function)
    return function


@click.group()
def review() -> None:
    """Review claims in a spreadsheet: export a queue, import the decisions.

    \b
    Example:
        aigraph review export -o review.csv --max-confidence 0.6
        aigraph review import review.csv --reviewer alice
    """


@review.command("export")
@click.option("-o", "--out", "out", default="review.csv", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="The CSV to write.")
@click.option("--graph", "graph_path", default=DEFAULT_GRAPH, show_default=True,
              type=click.Path(path_type=Path))
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Only claims at or above it.")
@click.option("--max-confidence", type=click.FloatRange(0, 1), help="Only claims at or below it.")
@click.option("--property", "prop", help="Only claims of this property (e.g. partyTo).")
@click.option("--entity",
              help="Only claims whose subject or object this names (label, alias or IRI).")
@click.option("--all", "include_reviewed", is_flag=True, help="Include claims already reviewed.")
def export_queue(out, graph_path, min_confidence, max_confidence, prop, entity, include_reviewed):
    """Write the claims to review as a CSV for a spreadsheet.

    Lowest confidence first, then fewest sources (articles stating the fact).
    Fill in the `decision` column (accept, reject or fix; a fix also fills
    corrected_subject, corrected_property and/or corrected_object) and `note`,
    then run `aigraph review import`.

    \b
    Example:
        aigraph review export -o review.csv --property partyTo --max-confidence 0.7
    """
    from .graph import load_graph
    from .reviews import review_queue, write_sheet

    rows = review_queue(load_graph(graph_path), min_confidence, max_confidence, prop, entity,
                        include_reviewed)
    write_sheet(out, rows)
    click.echo(f"Wrote {len(rows)} claim(s) to review to {out}.")


@review.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_common_options
@click.option("--dry-run", is_flag=True, help="Check and report; record nothing.")
def import_decisions(files, graph_path, curation, reviewer, dry_run):
    """Record the decisions of filled-in review sheets (and other analysts'
    curation files) in the curation file.

    FILES are CSV sheets from `aigraph review export` (columns in any order,
    saved by any spreadsheet) or curation.ttl files to merge. A bad row (an
    unknown claim id, a bad decision or value) records nothing from any file;
    every bad row is named. Decisions that disagree between the files are
    listed as conflicts and not recorded.

    \b
    Example:
        aigraph review import review.csv --reviewer alice
        aigraph review import alice.csv bob.csv ../bob/exports/curation.ttl
    """
    from .graph import load_graph
    from .reviews import import_reviews

    target = _curation_of(graph_path, curation)
    report = import_reviews(files, load_graph(graph_path), target, reviewer, dry_run=dry_run)
    for d in report.recorded:
        replaced = [before for new, before in report.replaced if new is d]
        extra = (f" (replaces {replaced[0].kind} by {replaced[0].reviewer})" if replaced else "")
        click.echo(f"{d.origin}: {d.describe()}{extra}")
    for conflict in report.conflicts:
        click.echo(f"Conflict: {conflict}; not recorded")
    verb = "Would record" if dry_run else "Recorded"
    click.echo(f"{verb} {len(report.recorded)} decision(s) in {target}; "
               f"{report.repeated} already there, {report.undecided} row(s) without a decision, "
               f"{len(report.conflicts)} conflict(s).")
    if report.recorded and not dry_run:
        click.echo(_next_build(target))


def _entity_command(kind: str, graph_path, curation, entity, **options) -> None:
    from .graph import load_graph
    from .reviews import record_entity_decision

    target = _curation_of(graph_path, curation)
    decision = record_entity_decision(load_graph(graph_path), target, kind, entity, **options)
    click.echo(f"Recorded in {target}: {decision.describe()}.")
    click.echo(_next_build(target))


_why = click.option("--why", "note", default="", help="Why (kept with the decision).")


@click.command()
@click.argument("keep")
@click.argument("other")
@click.option("--label", help="The label to keep [default: KEEP's label].")
@_common_options
@_why
def merge(keep, other, label, graph_path, curation, reviewer, note):
    """Record that KEEP and OTHER are one real entity: OTHER is folded into KEEP.

    Holds in every later build, for new articles naming either one too. KEEP
    and OTHER are labels, aliases or IRIs of the built graph.

    \b
    Example:
        aigraph merge "Ministry of Examples" "Examples Ministry" --label "Ministry of Examples"
    """
    _entity_command("merge", graph_path, curation, keep, other=other, label=label,
                    reviewer=reviewer, note=note)


@click.command()
@click.argument("entity")
@click.argument("name")
@click.option("--label", help="The new entity's label [default: NAME].")
@click.option("--type", "cls", help="The new entity's class [default: ENTITY's].")
@_common_options
@_why
def split(entity, name, label, cls, graph_path, curation, reviewer, note):
    """Record that NAME, one of ENTITY's names, stands for another entity.

    The new entity takes NAME and the facts whose sentence uses NAME and none
    of ENTITY's other names.

    \b
    Example:
        aigraph split "Jordan" "Jordan Vale" --type Person
    """
    _entity_command("split", graph_path, curation, entity, name=name, label=label, cls=cls,
                    reviewer=reviewer, note=note)


@click.command()
@click.argument("entity")
@click.argument("label")
@_common_options
@_why
def relabel(entity, label, graph_path, curation, reviewer, note):
    """Record a new canonical label for ENTITY (the old one stays an alias; the IRI stays).

    \b
    Example:
        aigraph relabel "Dept. of Examples" "Department of Examples"
    """
    _entity_command("relabel", graph_path, curation, entity, label=label, reviewer=reviewer,
                    note=note)


@click.command()
@click.argument("entity")
@click.argument("cls", metavar="CLASS")
@_common_options
@_why
def retype(entity, cls, graph_path, curation, reviewer, note):
    """Record a new class for ENTITY, such as ThinkTank or Person; the IRI stays.

    \b
    Example:
        aigraph retype "Example Institute" ThinkTank
    """
    _entity_command("retype", graph_path, curation, entity, cls=cls, reviewer=reviewer,
                    note=note)


COMMANDS = (review, merge, split, relabel, retype)
