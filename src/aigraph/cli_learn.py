"""``aigraph evaluate`` and ``aigraph train``: scoring against gold and the
relation model that decides which claims become facts.

Register with ``for command in COMMANDS: cli.add_command(command)``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

DEFAULT_SOURCES = "sources"


def _echo_progress(message: str) -> None:
    click.echo(f"... {message}", err=True)


@click.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--gold", "gold_dir", type=click.Path(path_type=Path),
              help="Folder (or file) of gold annotations.")
@click.option("--reviews", "reviews_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Instead of gold, score the extractor on the claims analysts reviewed in "
                   "this exports folder (SOURCES default to the articles of its last build).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--details", is_flag=True, help="List missed and spurious items per article.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Assert facts of claims at or above this confidence "
                   "[default: the relation model's threshold].")
@click.option("--cross-validate", "folds", type=click.IntRange(2, 20), default=None,
              metavar="FOLDS",
              help="Score each article with a relation model trained without it (FOLDS "
                   "folds by article, plus the other gold sets, the dev corpus among them: "
                   "a few minutes; needs scikit-learn, the train extra).")
@click.option("--plot", "plot_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write the precision-recall curve as a PNG into this folder.")
def evaluate(sources, gold_dir, reviews_dir, as_json, details, min_confidence, folds, plot_dir):
    """Build SOURCES (default: sources/) and score the graph against gold annotations.

    Prints precision, recall and F1 of entities, typed entities and facts per
    article and their micro average (the knowledge model's rules), then the
    reliability of claim confidence (10 bins, expected calibration error) and
    fact precision and recall at other thresholds.

    \b
    Example:
        aigraph evaluate --gold ../shared/gold sources/
        aigraph evaluate --gold ../shared/dev-corpus/gold ../shared/dev-corpus/articles \\
            --cross-validate 5 --plot exports/charts
        aigraph evaluate --reviews exports/
    """
    if reviews_dir:
        _evaluate_reviews(reviews_dir, list(sources), min_confidence, as_json)
        return
    if gold_dir is None:
        raise click.UsageError("give --gold (annotations) or --reviews (an exports folder)")
    from .build import build_extraction
    from .evaluate import format_reliability, format_table, load_gold, score_graph
    from .extract.decide import default_threshold
    from .graph import build_graph
    from .train import THRESHOLDS, cross_validated_extraction, precision_recall_curve

    sources = list(sources) or [Path(DEFAULT_SOURCES)]
    if folds:
        extraction, gold = cross_validated_extraction(sources, gold_dir, folds,
                                                      progress=_echo_progress)
    else:
        gold = load_gold(gold_dir)
        extraction, _ = build_extraction(sources)
    for warning in extraction.warnings:
        click.echo(f"Warning: {warning}", err=True)
    threshold = default_threshold() if min_confidence is None else min_confidence
    evaluation = score_graph(build_graph(extraction, threshold), gold)
    thresholds = sorted(set(THRESHOLDS) | {round(threshold, 2)})
    curve = precision_recall_curve(extraction, gold, thresholds) if (plot_dir or not as_json) else []
    if as_json:
        data = evaluation.to_dict()
        data["overall"]["min_confidence"] = threshold
        data["overall"]["reliability"] = evaluation.reliability().to_dict()
        data["overall"]["cross_validated_folds"] = folds
        click.echo(json.dumps(data, indent=2, sort_keys=True))
    else:
        click.echo(format_table(evaluation))
        click.echo(f"Facts asserted at confidence >= {threshold:.2f}"
                   + (f"; {folds}-fold cross-validated by article." if folds else "."))
        click.echo(format_reliability(evaluation.reliability()))
        click.echo(_format_curve(curve, threshold))
    if plot_dir:
        from .train import plot_curve
        path = plot_curve(curve, threshold, Path(plot_dir) / "precision-recall.png")
        click.echo(f"Wrote {path}", err=as_json)
    if details and not as_json:
        for score in evaluation.articles:
            click.echo(f"\n{score.article}")
            for name in ("missed_entities", "spurious_entities", "mistyped_entities",
                         "missed_facts", "spurious_facts"):
                for item in getattr(score, name):
                    click.echo(f"  {name.replace('_', ' ')}: {item}")


def _evaluate_reviews(reviews_dir: Path, sources: list[Path], min_confidence, as_json) -> None:
    from .reviews import score_reviews

    score = score_reviews(reviews_dir, sources or None, min_confidence)
    if as_json:
        click.echo(json.dumps(score.to_dict(), indent=2, sort_keys=True))
        return
    counts = score.reviews
    click.echo(f"Reviewed claims: {sum(counts.values())} ({counts['accept']} accepted, "
               f"{counts['reject']} rejected, {counts['fix']} fixed); facts asserted at "
               f"confidence >= {score.threshold:.2f}.")
    click.echo(f"{'property':<16} {'right':>6} {'wrong':>6} {'missed':>6}")
    for prop, (right, wrong, missed) in score.by_property.items():
        click.echo(f"{prop:<16} {right:>6} {wrong:>6} {missed:>6}")
    click.echo(f"{'all':<16} {score.right:>6} {score.wrong:>6} {score.missed:>6}")
    click.echo(f"Precision {score.precision:.3f}, recall {score.recall:.3f} on the reviewed "
               f"facts; {score.kept_out} rejected fact(s) kept out.")


def _format_curve(curve, threshold: float) -> str:
    lines = ["Facts by threshold:", f"{'min confidence':>14} {'facts':>6} {'P':>6} {'R':>6} {'F1':>6}"]
    for point in curve:
        mark = "  <- threshold" if abs(point.threshold - threshold) < 1e-9 else ""
        lines.append(f"{point.threshold:>14.2f} {point.facts:>6} {point.precision:>6.3f} "
                     f"{point.recall:>6.3f} {point.f1:>6.3f}{mark}")
    return "\n".join(lines) + "\n"


@click.command()
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the model [default: ontology/relation-model.json].")
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True,
              help="Folds (by article) of the cross-validation.")
@click.option("--json", "as_json", is_flag=True, help="Print the cross-validated figures as JSON.")
@click.option("--with-reviews", "reviews_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also learn from the claims analysts reviewed in this exports folder "
                   "(its curation.ttl; its articles found through its build cache).")
def train(out, folds, as_json, reviews_dir):
    """Retrain the relation model on the gold sets and choose its threshold.

    Builds each gold set with every candidate fact kept: the development
    corpus in ../shared/dev-corpus (when present), tests/gold/samples,
    tests/gold/heldout and tests/gold/blind (the blind sets tests/gold/unseen
    to unseen7 are never trained on). Cross-validates by article, picks the
    lowest threshold at which fact precision on the development corpus
    reaches 0.80, fits on everything and writes the model as JSON. The same
    gold gives the same file.

    \b
    Example:
        aigraph train
        aigraph train -o /tmp/model.json --folds 10
        aigraph train --with-reviews exports/
    """
    from .evaluate import format_reliability
    from .train import pooled_reliability, train as run_train

    reviews = []
    if reviews_dir:
        from .reviews import review_examples
        reviews = review_examples(reviews_dir)
        _echo_progress(f"{len(reviews)} reviewed candidate(s) from {reviews_dir}, "
                       f"{sum(y for _, _, y in reviews)} right")
    report = run_train(out=out, folds=folds, progress=_echo_progress, reviews=reviews)
    if as_json:
        click.echo(json.dumps({"threshold": report.model.threshold, "model": str(report.path),
                               "threshold_chosen_on": report.model.meta.get("threshold_chosen_on"),
                               "sets": {r.name: r.to_dict() for r in report.sets}},
                              indent=2, sort_keys=True))
        return
    click.echo(f"{'gold set':<14} {'articles':>8} {'P':>6} {'R':>6} {'F1':>6} {'ECE':>6}  "
               f"(facts, {folds}-fold cross-validated, at {report.model.threshold:.2f})")
    for r in report.sets:
        facts, ece = r.evaluation.facts, r.evaluation.reliability().ece
        click.echo(f"{r.name:<14} {r.articles:>8} {facts.precision:>6.3f} {facts.recall:>6.3f} "
                   f"{facts.f1:>6.3f} {'n/a' if ece is None else f'{ece:.3f}':>6}")
    click.echo(format_reliability(pooled_reliability(report.sets)))
    click.echo(f"Threshold {report.model.threshold:.2f} (the lowest at which cross-validated "
               f"fact precision on {report.model.meta.get('threshold_chosen_on')} reaches "
               f"0.80); {len(report.model.weights)} features. Wrote {report.path}")


COMMANDS = (evaluate, train)
