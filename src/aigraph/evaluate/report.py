"""Plain-text reports of an evaluation."""

from __future__ import annotations

from .scores import Counts, Evaluation, Reliability

def format_reliability(table: Reliability) -> str:
    """The reliability table as text, with the expected calibration error."""
    lines = ["Claim confidence against precision (facts in the graph):",
             f"{'confidence':>12} {'facts':>6} {'mean':>6} {'precision':>9}"]
    for b in table.bins:
        lines.append(f"{b.low:>5.1f}-{b.high:<4.1f}   {b.count:>6} {b.mean_confidence:>6.3f}"
                     f" {b.precision:>9.3f}")
    lines.append("Expected calibration error: "
                 + ("n/a (no facts)" if table.ece is None else f"{table.ece:.3f}"))
    return "\n".join(lines) + "\n"

# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

_MEASURES = (("entities", "Entities"), ("typed", "Typed entities"), ("facts", "Facts"))

def format_table(evaluation: Evaluation) -> str:
    """A plain-text table: P/R/F1 per article and the micro average, then counts."""
    names = [score.article if score.found else f"{score.article} (absent)"
             for score in evaluation.articles]
    width = max([len("article"), len("micro average"), *map(len, names)])
    head = (f"{'':<{width}}  " + "  ".join(f"{title:^20}" for _, title in _MEASURES))
    sub = (f"{'article':<{width}}  " + "  ".join(f"{'P':>6}{'R':>7}{'F1':>7}" for _ in _MEASURES))
    lines = [head, sub, "-" * len(sub)]
    for name, score in zip(names, evaluation.articles):
        lines.append(score_row(name, [getattr(score, m) for m, _ in _MEASURES], width))
    lines.append("-" * len(sub))
    totals = [evaluation.total(m) for m, _ in _MEASURES]
    lines.append(score_row("micro average", totals, width))
    lines.append("")
    for (_, title), counts in zip(_MEASURES, totals):
        lines.append(f"{title + ':':<16} tp={counts.tp} fp={counts.fp} fn={counts.fn}")
    return "\n".join(lines) + "\n"

def score_row(name: str, counts: list[Counts], width: int) -> str:
    cells = "  ".join(f"{c.precision:>6.3f}{c.recall:>7.3f}{c.f1:>7.3f}" for c in counts)
    return f"{name:<{width}}  {cells}"
