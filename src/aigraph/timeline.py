"""The timeline of an entity or of the whole graph: dated events, agreements,
policies and documents (by their ``aig:date``, the time of the thing
itself) and stance changes (by the date they were reported), in order, each
with its sources.

An entity's timeline holds the dated things it is or takes part in (any
fact between it and the dated thing, either way round) and the stance
changes where it is the actor or the object. Dates keep the precision the
text gave (``2026``, ``2026-03``, ``2026-03-03``) and sort as text, so a
month comes before the days in it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .history import STANCES, ClaimRow, Corpus, Evidence, evidence_of, latest_stance

#: Classes whose ``aig:date`` puts them on the timeline.
DATED_CLASSES = ("Event", "Agreement", "Policy", "Document")


@dataclass
class Item:
    date: str
    kind: str                 # a class of DATED_CLASSES, or "stance change"
    label: str
    detail: str = ""
    entities: list[str] = field(default_factory=list)    # IRIs involved (for filtering)
    sources: list[Evidence] = field(default_factory=list)
    before: list[Evidence] = field(default_factory=list)  # a stance change's earlier stance


def timeline(corpus: Corpus, entities: set[str] | None = None) -> list[Item]:
    """The items of the whole corpus, or those involving any of ``entities``."""
    items = _dated_things(corpus) + _stance_changes(corpus)
    if entities is not None:
        items = [i for i in items if entities & set(i.entities)]
    return sorted(items, key=lambda i: (i.date, DATED_CLASSES.index(i.kind)
                                        if i.kind in DATED_CLASSES else len(DATED_CLASSES),
                                        i.label.lower(), i.detail))


def _dated_things(corpus: Corpus) -> list[Item]:
    dates: dict[tuple[str, str], list[ClaimRow]] = defaultdict(list)
    related: dict[str, set[str]] = defaultdict(set)
    for claim in corpus.claims:
        if claim.negated:
            continue
        if claim.predicate == "date":
            dates[(claim.subject, claim.object)].append(claim)
        elif claim.predicate != "role":
            related[claim.subject].add(claim.object)
            related[claim.object].add(claim.subject)
    items = []
    for (thing, date), claims in dates.items():
        kind = corpus.classes.get(thing, "")
        if kind not in DATED_CLASSES:
            continue
        others = sorted(related[thing])
        detail = "; ".join(sorted({corpus.label(o) for o in others if o in corpus.labels}))
        items.append(Item(date, kind, corpus.label(thing), detail, [thing, *others],
                          evidence_of(claims)))
    return items


def _stance_changes(corpus: Corpus) -> list[Item]:
    """Each time an actor's reported stance toward an object differs from the
    stance reported before (claims grouped by reported day)."""
    pairs: dict[tuple[str, str], list[ClaimRow]] = defaultdict(list)
    for claim in corpus.claims:
        if claim.predicate in STANCES and not claim.negated and claim.evidence.date:
            pairs[(claim.subject, claim.object)].append(claim)
    items = []
    for (actor, target), claims in pairs.items():
        days = sorted({c.evidence.date for c in claims})
        previous = None
        for day in days:
            upto = [c for c in claims if c.evidence.date <= day]
            stance, latest = latest_stance(upto)
            if previous is not None and stance != previous[0]:
                items.append(Item(day, "stance change", corpus.label(actor),
                                  f"{previous[0]} -> {stance} {corpus.label(target)}",
                                  [actor, target], evidence_of(latest), evidence_of(previous[1])))
            previous = (stance, latest)
    return items


def timeline_text(items: list[Item], title: str) -> str:
    lines = [title, ""]
    if not items:
        lines.append("  (no dated events, agreements, policies or stance changes)")
    for item in items:
        what = f"{item.label}: {item.detail}" if item.kind == "stance change" else (
            f"{item.label}" + (f" (with {item.detail})" if item.detail else ""))
        lines.append(f"{item.date:<10}  {item.kind:<13}  {what}")
        for e in item.before:
            lines.append(f"{'':<10}  {'':<13}    before: {e.line()}")
        for e in item.sources:
            lines.append(f"{'':<10}  {'':<13}    {'now: ' if item.before else ''}{e.line()}")
    return "\n".join(lines) + "\n"


def timeline_json(items: list[Item]) -> str:
    return json.dumps([asdict(i) for i in items], indent=2, sort_keys=True, ensure_ascii=False)


def plot_timeline(items: list[Item], path: Path, title: str) -> Path:
    """The items as a PNG: one row per kind, a point per item at its date."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    kinds = [k for k in (*DATED_CLASSES, "stance change") if any(i.kind == k for i in items)]
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(10, 1.2 + 0.9 * max(len(kinds), 1)), dpi=100)
    for item in items:
        y, x = kinds.index(item.kind), _as_day(item.date)
        if x is None:
            continue
        ax.plot([x], [y], marker="o", color="#0072B2")
        ax.annotate(item.label if item.kind != "stance change" else f"{item.label}: {item.detail}",
                    (x, y), xytext=(4, 6), textcoords="offset points", fontsize=7, rotation=20)
    ax.set_yticks(range(len(kinds)), kinds)
    ax.set_ylim(-0.7, max(len(kinds), 1) - 0.3)
    if not items:
        ax.text(0.5, 0.5, "nothing dated", transform=ax.transAxes, ha="center")
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
    return path


def _as_day(date: str):
    """A partial date placed at its start (``2026-03`` -> 1 March 2026)."""
    import datetime as dt

    try:
        parts = [int(p) for p in date.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return None
