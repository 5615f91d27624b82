"""Counts, per-article scores, their micro average and the reliability of claim confidence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------

def ratio(numerator: int, denominator: int) -> float:
    """0.0 when there is nothing to divide (no predictions / no gold)."""
    return numerator / denominator if denominator else 0.0

@dataclass
class Counts:
    """True positives, false positives and false negatives of one measure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}

@dataclass
class ArticleScore:
    """The scores of one article, with what was missed and what was spurious."""

    article: str
    found: bool                     # the article is in the graph
    entities: Counts = field(default_factory=Counts)
    typed: Counts = field(default_factory=Counts)
    facts: Counts = field(default_factory=Counts)
    missed_entities: list[str] = field(default_factory=list)
    spurious_entities: list[str] = field(default_factory=list)
    mistyped_entities: list[str] = field(default_factory=list)
    missed_facts: list[str] = field(default_factory=list)
    spurious_facts: list[str] = field(default_factory=list)
    #: (confidence, right?) of each fact of the article in the graph
    calibration: list[tuple[float, bool]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "article": self.article, "found": self.found,
            "entities": self.entities.to_dict(), "typed_entities": self.typed.to_dict(),
            "facts": self.facts.to_dict(),
            "missed_entities": self.missed_entities,
            "spurious_entities": self.spurious_entities,
            "mistyped_entities": self.mistyped_entities,
            "missed_facts": self.missed_facts, "spurious_facts": self.spurious_facts,
        }

@dataclass
class Evaluation:
    """Per-article scores and their micro average."""

    articles: list[ArticleScore] = field(default_factory=list)

    def total(self, measure: str) -> Counts:
        """Counts of ``measure`` ("entities", "typed" or "facts") summed over articles."""
        summed = Counts()
        for score in self.articles:
            summed = summed + getattr(score, measure)
        return summed

    @property
    def entities(self) -> Counts:
        return self.total("entities")

    @property
    def typed(self) -> Counts:
        return self.total("typed")

    @property
    def facts(self) -> Counts:
        return self.total("facts")

    def reliability(self, bins: int = 10) -> Reliability:
        """Claim confidence against observed precision, over the facts in the graph."""
        return reliability([point for score in self.articles for point in score.calibration], bins)

    def to_dict(self) -> dict:
        return {
            "overall": {"entities": self.entities.to_dict(),
                        "typed_entities": self.typed.to_dict(),
                        "facts": self.facts.to_dict(),
                        "articles": len(self.articles),
                        "articles_found": sum(score.found for score in self.articles)},
            "articles": [score.to_dict() for score in self.articles],
        }

@dataclass(frozen=True)
class ReliabilityBin:
    low: float
    high: float
    count: int
    mean_confidence: float
    precision: float

@dataclass(frozen=True)
class Reliability:
    """A reliability table: equal-width confidence bins with the share of right facts."""

    bins: tuple[ReliabilityBin, ...]
    ece: float | None       # expected calibration error (None without facts)
    facts: int

    def to_dict(self) -> dict:
        return {"ece": None if self.ece is None else round(self.ece, 4), "facts": self.facts,
                "bins": [{"low": b.low, "high": b.high, "count": b.count,
                          "mean_confidence": round(b.mean_confidence, 4),
                          "precision": round(b.precision, 4)} for b in self.bins]}

def reliability(points: Iterable[tuple[float, bool]], bins: int = 10) -> Reliability:
    """Bin (confidence, right?) pairs into ``bins`` equal-width bins; the expected
    calibration error is the count-weighted mean gap between each bin's mean
    confidence and its precision (as the reference scorer computes it)."""
    points = list(points)
    filled: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for confidence, right in points:
        filled[min(bins - 1, max(0, int(confidence * bins)))].append((confidence, right))
    table, gap = [], 0.0
    for n, members in enumerate(filled):
        if not members:
            continue
        mean = sum(c for c, _ in members) / len(members)
        precision = sum(r for _, r in members) / len(members)
        gap += len(members) * abs(mean - precision)
        table.append(ReliabilityBin(n / bins, (n + 1) / bins, len(members), mean, precision))
    return Reliability(tuple(table), gap / len(points) if points else None, len(points))
