"""Train and cross-validate the relation model (``aigraph train``).

Each gold set (articles + gold annotations) is built once with every
candidate fact kept (:data:`aigraph.extract.decide.ALL_CANDIDATES`). Each
candidate is labelled right when the scorer of :mod:`.evaluate` matches it to
a gold relation of its article, and described by the features of
:func:`aigraph.extract.decide.fact_features`. A logistic regression
(scikit-learn, liblinear, fixed seed) is fitted on all labelled candidates;
its out-of-fold probabilities (folds by article: no article is ever scored by
a model trained on it) give the honest figures: precision, recall and F1 at
each threshold, the reliability table, and the default threshold (the lowest
at which cross-validated fact precision on the development corpus reaches
:data:`TARGET_PRECISION`). The model is written as plain JSON data.

scikit-learn is needed only here (the ``train`` extra); builds read the JSON.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from .build import build_extraction
from .errors import AigraphError
from .evaluate import (ArticleMatcher, Evaluation, Fact, Gold, GraphIndex, best_matching,
                       load_gold, reliability, score_graph, unique_relations)
from .extract.decide import ALL_CANDIDATES, RelationModel, load_model, model_path
from .graph import build_graph, fact_object
from .model import Claim, Extraction
from .ontology import term
from .vocab import entity_iri

#: The precision the default threshold must reach on the development corpus.
TARGET_PRECISION = 0.80
#: Inverse regularisation strength of the logistic regression. Chosen on the
#: real development corpus, cross-validated by article (fact F1 at precision
#: 0.80: 0.671 at C=0.1, 0.680 at 0.05, 0.690 at 0.02), checked on the
#: composed development set (0.648, 0.646, 0.623): 0.05 gains on real news
#: without losing on the rest.
C = 0.05
FOLDS = 5
#: Features seen on fewer candidates than this are left out (noise, and a smaller file).
MIN_COUNT = 3
#: Thresholds tried when the default is chosen and for precision-recall curves.
THRESHOLDS = tuple(round(0.05 * n, 2) for n in range(1, 20))
#: Candidates under this probability are not kept as claims.
FLOOR = 0.05
#: How many times each candidate of the reference set (the real development
#: corpus) counts in training, against once for the composed sets: its real
#: news and its annotators' conventions are what the unseen articles are like.
#: Cross-validated on the dev corpus, fact F1 0.668 at 1, 0.674 at 2, 0.676 at
#: 3, 0.675 at 5; on the composed development set 0.602 at 1 and 0.600 at 3.
REFERENCE_WEIGHT = 3


class TrainingError(AigraphError):
    """Training cannot run (no gold, no scikit-learn, ...)."""


@dataclass(frozen=True)
class GoldSet:
    """Articles (files or folders) with their gold annotations."""

    name: str
    articles: Path | tuple[Path, ...]
    gold: Path
    #: Whether the set is the development corpus the default threshold is chosen on.
    reference: bool = False


#: Names the development corpus folder (articles/ and gold/), or "none".
DEV_CORPUS_VAR = "AIGRAPH_DEV_CORPUS"
#: Comma-separated names of the default gold sets to use (all when unset); a
#: shorter list makes ``evaluate --cross-validate`` and ``train`` quicker.
GOLD_SETS_VAR = "AIGRAPH_GOLD_SETS"


def project_root() -> Path:
    """The checkout the package runs from (its tests/gold), else the current folder."""
    checkout = Path(__file__).resolve().parents[2]
    return checkout if (checkout / "tests" / "gold").is_dir() else Path.cwd().resolve()


def default_sets(root: Path | None = None) -> list[GoldSet]:
    """The gold sets the shipped model is trained on: the real development
    corpus (``../shared/dev-corpus`` beside the checkout, or
    ``$AIGRAPH_DEV_CORPUS``; "none" leaves it out) and the project's own
    samples and development sets. ``tests/gold/unseen`` is never among them.
    ``$AIGRAPH_GOLD_SETS`` (e.g. "samples,old-blind") keeps only the sets it names."""
    root = (root or project_root()).resolve()
    override = os.environ.get(DEV_CORPUS_VAR)
    sets = []
    if override is None or override.lower() != "none":
        shared = Path(override) if override else root.parent / "shared" / "dev-corpus"
        if (shared / "gold").is_dir():
            sets.append(GoldSet("dev-corpus", shared / "articles", shared / "gold", reference=True))
        elif override:
            raise TrainingError(f"{shared}: no development corpus there (${DEV_CORPUS_VAR} "
                                "names it; it needs articles/ and gold/), or set it to 'none'")
    gold = root / "tests" / "gold"
    for name, articles, gold_dir in (("samples", root / "sources", gold / "samples"),
                                     ("development", gold / "articles", gold / "heldout"),
                                     ("old-blind", gold / "blind-articles", gold / "blind")):
        if gold_dir.is_dir() and articles.is_dir():
            sets.append(GoldSet(name, articles, gold_dir))
    return only_chosen(sets, os.environ.get(GOLD_SETS_VAR))


def only_chosen(sets: list[GoldSet], chosen: str | None) -> list[GoldSet]:
    """The sets a comma-separated list of names keeps (all when it is unset)."""
    if not chosen:
        return sets
    names = [n.strip() for n in chosen.split(",") if n.strip()]
    unknown = sorted(set(names) - {s.name for s in sets})
    if unknown:
        raise TrainingError(f"${GOLD_SETS_VAR} names {', '.join(unknown)}; the gold sets here are "
                            f"{', '.join(s.name for s in sets)}")
    return [s for s in sets if s.name in names]


@dataclass
class Collected:
    """A gold set built with every candidate, and its labelled examples."""

    gold_set: GoldSet
    extraction: Extraction
    gold: dict[str, Gold]
    #: per claim of the extraction (same order): whether it matches a gold relation
    labels: list[bool] = field(default_factory=list)

    def article_of(self, claim: Claim) -> str:
        return f"{self.gold_set.name}/{claim.article}"


Progress = Callable[[str], None]


def collect(gold_set: GoldSet, progress: Progress | None = None) -> Collected:
    """Build a gold set with every candidate kept and label each candidate."""
    if progress:
        progress(f"building {gold_set.name} ({gold_set.articles})")
    sources = gold_set.articles if isinstance(gold_set.articles, tuple) else (gold_set.articles,)
    extraction, _ = build_extraction(list(sources), model=ALL_CANDIDATES)
    gold = load_gold(gold_set.gold)
    graph = build_graph(extraction, min_confidence=0.0)
    index = GraphIndex(graph)
    sources = {a.id: a.source for a in extraction.articles}
    # only articles that have gold teach the model
    extraction.claims = [c for c in extraction.claims if sources[c.article] in gold]
    by_article: dict[str, list[int]] = {}
    for i, claim in enumerate(extraction.claims):
        by_article.setdefault(sources[claim.article], []).append(i)
    labels = [False] * len(extraction.claims)
    for source, indices in sorted(by_article.items()):
        right = label_article(ArticleMatcher(index, gold[source]),
                              [extraction.claims[i] for i in indices])
        for i, is_right in zip(indices, right):
            labels[i] = is_right
    return Collected(gold_set, extraction, gold, labels)


def label_article(matcher: ArticleMatcher, claims: list[Claim]) -> list[bool]:
    """Which claims of one article are right, matched one to one to its gold
    relations as the scorer matches facts. A negated claim is never right: its
    fact is not asserted, whatever the truth."""
    facts = [Fact(entity_iri(c.subject), term(c.predicate), fact_object(c)) for c in claims]
    relations = unique_relations(matcher.gold.relations)

    def weight(i: int, j: int) -> int | None:
        if claims[i].modality == "Negated":
            return None
        return matcher.fact_weight(facts[i], relations[j])

    pairs = best_matching(facts, relations, weight)
    return [i in pairs for i in range(len(claims))]


# ---------------------------------------------------------------------------
# Fitting
# ---------------------------------------------------------------------------


def fit(examples: list[tuple[frozenset[str], bool]], c: float = C) -> tuple[dict[str, float], float]:
    """Weights and intercept of a logistic regression on binary features."""
    try:
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise TrainingError("training needs scikit-learn: pip install 'aigraph[train]'") from exc
    if len({label for _, label in examples}) < 2:
        raise TrainingError("training needs both right and wrong candidates in the gold sets")
    counts = Counter(f for features, _ in examples for f in features)
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    column = {name: n for n, name in enumerate(names)}
    rows, cols = [], []
    for i, (features, _) in enumerate(examples):
        for f in sorted(features & column.keys()):
            rows.append(i)
            cols.append(column[f])
    matrix = csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(examples), len(names)))
    # liblinear penalises the intercept like any weight; a large scaling frees it
    model = LogisticRegression(C=c, solver="liblinear", random_state=0, max_iter=1000,
                               intercept_scaling=10.0)
    model.fit(matrix, [int(label) for _, label in examples])
    weights = {name: float(w) for name, w in zip(names, model.coef_[0])}
    return weights, float(model.intercept_[0])


def examples_of(collected: Iterable[Collected],
                skip: Callable[[str], bool] = lambda article: False) -> list[tuple[frozenset[str], bool]]:
    return [(claim.signals, label) for col in collected
            for claim, label in zip(col.extraction.claims, col.labels)
            if not skip(col.article_of(claim))
            for _ in range(REFERENCE_WEIGHT if col.gold_set.reference else 1)]


def folds_of(collected: Collected, folds: int = FOLDS) -> dict[str, int]:
    """Each article of a set -> its fold (articles in name order, dealt round-robin)."""
    names = sorted({collected.article_of(c) for c in collected.extraction.claims})
    return {name: n % folds for n, name in enumerate(names)}


#: A reviewed candidate: (its article, the extractor's features, whether analysts found it right).
Review = tuple[str, frozenset[str], bool]


def cross_validate(target: Collected, others: list[Collected], folds: int = FOLDS,
                   c: float = C, reviews: list[Review] = ()) -> list[float]:
    """Out-of-fold probabilities of ``target``'s candidates: each fold of its
    articles is scored by a model trained on the other folds, on ``others``
    and on ``reviews`` (analysts' verdicts, see :mod:`aigraph.reviews`)."""
    fold = folds_of(target, folds)
    background = examples_of(others) + [(f, y) for _, f, y in reviews]
    probabilities = [0.0] * len(target.extraction.claims)
    for k in range(folds):
        held = {a for a, f in fold.items() if f == k}
        if not held:
            continue
        try:
            weights, intercept = fit(background + examples_of([target], lambda a: a in held), c)
        except TrainingError as exc:
            raise TrainingError(f"{target.gold_set.name}, fold {k + 1} of {folds}: {exc}") from exc
        model = RelationModel(weights, intercept, threshold=0.5)
        for i, claim in enumerate(target.extraction.claims):
            if target.article_of(claim) in held:
                probabilities[i] = model.probability(claim.signals)
    return probabilities


def with_confidences(collected: Collected, probabilities: list[float],
                     floor: float = FLOOR) -> Extraction:
    """The set's extraction with the given probabilities as claim confidences."""
    claims = [replace(c, confidence=round(p, 2))
              for c, p in zip(collected.extraction.claims, probabilities) if p >= floor]
    return replace(collected.extraction, claims=claims)


# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------


@dataclass
class CurvePoint:
    threshold: float
    precision: float
    recall: float
    f1: float
    facts: int


@dataclass
class SetReport:
    """Cross-validated figures of one gold set."""

    name: str
    articles: int
    evaluation: Evaluation          # at the default threshold
    curve: list[CurvePoint]

    def to_dict(self) -> dict:
        ev = self.evaluation
        return {"articles": self.articles, "entities": ev.entities.to_dict(),
                "typed_entities": ev.typed.to_dict(), "facts": ev.facts.to_dict(),
                "reliability": ev.reliability().to_dict(),
                "curve": [vars(p) for p in self.curve]}


def precision_recall_curve(extraction: Extraction, gold: Mapping[str, Gold],
                           thresholds: Iterable[float] = THRESHOLDS) -> list[CurvePoint]:
    """Fact precision, recall and F1 at each threshold, scored as the knowledge model says."""
    curve = []
    for t in thresholds:
        facts = score_graph(build_graph(extraction, min_confidence=t), gold).facts
        curve.append(CurvePoint(t, facts.precision, facts.recall, facts.f1, facts.tp + facts.fp))
    return curve


def choose_threshold(curve: list[CurvePoint], target: float = TARGET_PRECISION) -> float:
    """The lowest threshold whose precision reaches ``target`` (the highest tried if none)."""
    for point in curve:
        if point.precision >= target and point.facts:
            return point.threshold
    return curve[-1].threshold


def refine_threshold(threshold: float, extraction: Extraction, gold: Mapping[str, Gold],
                     target: float = TARGET_PRECISION) -> float:
    """The lowest threshold in hundredths just under the coarse one that still
    reaches ``target`` (the coarse grid steps by 0.05); the coarse one if none."""
    finer = [t for t in (round(threshold - n / 100, 2) for n in (4, 3, 2, 1, 0)) if t > 0]
    return choose_threshold(precision_recall_curve(extraction, gold, finer), target)


def calibrate(logits: list[float], labels: list[bool]) -> tuple[float, float]:
    """Platt scaling: a, b so that sigmoid(a * logit + b) fits the labels."""
    from sklearn.linear_model import LogisticRegression
    model = LogisticRegression(C=1e6, solver="lbfgs", max_iter=1000)
    model.fit([[x] for x in logits], [int(y) for y in labels])
    return float(model.coef_[0][0]), float(model.intercept_[0])


def platt(p: float, a: float, b: float) -> float:
    """A probability rescaled by Platt's sigmoid(a * logit(p) + b)."""
    return 1 / (1 + math.exp(-(a * logit(p) + b)))


def logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


@dataclass
class TrainingReport:
    model: RelationModel
    sets: list[SetReport]
    path: Path | None = None


def cross_validate_reviews(reviews: list[Review], collected: list[Collected],
                           folds: int = FOLDS, c: float = C) -> list[float]:
    """Out-of-fold probabilities of reviewed candidates (folds by article), each
    scored by a model trained on the gold sets and the other folds' reviews."""
    articles = sorted({a for a, _, _ in reviews})
    fold = {a: n % folds for n, a in enumerate(articles)}
    background = examples_of(collected)
    probabilities = [0.0] * len(reviews)
    for k in range(folds):
        held = [i for i, (a, _, _) in enumerate(reviews) if fold[a] == k]
        if not held:
            continue
        weights, intercept = fit(background + [(f, y) for a, f, y in reviews if fold[a] != k], c)
        model = RelationModel(weights, intercept, threshold=0.5)
        for i in held:
            probabilities[i] = model.probability(reviews[i][1])
    return probabilities


def train(sets: list[GoldSet] | None = None, out: Path | None = None, folds: int = FOLDS,
          c: float = C, progress: Progress | None = None,
          reviews: list[Review] = ()) -> TrainingReport:
    """Collect, cross-validate, choose the threshold, fit on everything, write the model.

    ``reviews``: candidates analysts reviewed (:func:`aigraph.reviews.review_examples`),
    added to the training data of every fold and of the final fit, and, scored
    out of fold, to the calibration; the threshold is still chosen on gold."""
    reviews = list(reviews)
    sets = default_sets() if sets is None else sets
    if not sets:
        raise TrainingError("no gold set found (expected ../shared/dev-corpus or tests/gold)")
    collected = [collect(s, progress) for s in sets]
    oof = []
    for n, target in enumerate(collected):
        if progress:
            progress(f"cross-validating {target.gold_set.name} ({folds} folds by article)")
        oof.append(cross_validate(target, collected[:n] + collected[n + 1:], folds, c, reviews))
    reviewed = cross_validate_reviews(reviews, collected, folds, c) if reviews else []
    # Platt scaling keeps the model a logistic regression. It is fitted on the
    # out-of-fold scores of the reference set (real news, like the text graphs
    # are built from) and the analysts' reviews, so that a confidence means what
    # it says on real news rather than on an average with our own fiction.
    reference = next((i for i, s in enumerate(sets) if s.reference), 0)
    a, b = calibrate([logit(p) for p in oof[reference] + reviewed],
                     list(collected[reference].labels) + [y for _, _, y in reviews])
    oof = [[platt(p, a, b) for p in probs] for probs in oof]
    curves = [precision_recall_curve(with_confidences(col, probs), col.gold)
              for col, probs in zip(collected, oof)]
    threshold = refine_threshold(choose_threshold(curves[reference]),
                                 with_confidences(collected[reference], oof[reference]),
                                 collected[reference].gold)
    reports = []
    for col, probs, curve in zip(collected, oof, curves):
        evaluation = score_graph(build_graph(with_confidences(col, probs), threshold), col.gold)
        reports.append(SetReport(col.gold_set.name, len(col.gold), evaluation, curve))
    if progress:
        progress("fitting the model on every set")
    weights, intercept = fit(examples_of(collected) + [(f, y) for _, f, y in reviews], c)
    weights = {k: a * w for k, w in weights.items()}
    meta = {"trained_on": {s.name: len(col.gold) for s, col in zip(sets, collected)},
            "candidates": sum(len(col.labels) for col in collected),
            "right_candidates": sum(sum(col.labels) for col in collected),
            "C": c, "folds": folds, "target_precision": TARGET_PRECISION,
            "reference_weight": REFERENCE_WEIGHT,
            "cross_validated": {r.name: {"precision": round(r.evaluation.facts.precision, 3),
                                         "recall": round(r.evaluation.facts.recall, 3),
                                         "f1": round(r.evaluation.facts.f1, 3),
                                         "ece": _round(r.evaluation.reliability().ece)}
                                for r in reports}}
    if reviews:
        meta["reviews"] = {"candidates": len(reviews), "right": sum(y for _, _, y in reviews)}
    meta["platt"] = [round(a, 6), round(b, 6)]
    meta["threshold_chosen_on"] = sets[reference].name
    model = RelationModel(weights, a * intercept + b, threshold=threshold, floor=FLOOR, meta=meta)
    path = Path(out or model_path())
    write_atomically(path, model.to_json())
    return TrainingReport(model, reports, path)


def write_atomically(path: Path, text: str) -> None:
    """Builds read the model: a reader sees the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def pooled_reliability(reports: list[SetReport]):
    return reliability([p for r in reports for s in r.evaluation.articles for p in s.calibration])


def cross_validated_extraction(sources: list[Path], gold_dir: Path, folds: int = FOLDS,
                               c: float = C, progress: Progress | None = None
                               ) -> tuple[Extraction, dict[str, Gold]]:
    """``sources`` built and decided by models that never saw their articles: each
    fold of them is scored by a model trained on the other folds and on the
    default gold sets (less any set with the same gold, or article names, as
    ``sources``), then calibrated as the shipped model is."""
    reference = any(s.reference and s.gold.resolve() == Path(gold_dir).resolve()
                    for s in default_sets())
    target = collect(GoldSet("evaluated", tuple(sources), gold_dir, reference=reference), progress)
    names = set(target.gold)
    others = [collect(s, progress) for s in default_sets()
              if s.gold.resolve() != Path(gold_dir).resolve()]
    others = [o for o in others if not names & set(o.gold)]
    if progress:
        progress(f"cross-validating ({folds} folds by article)")
    probabilities = cross_validate(target, others, folds, c)
    model = load_model()
    a, b = (model.meta.get("platt", (1.0, 0.0)) if model is not None else (1.0, 0.0))
    probabilities = [platt(p, a, b) for p in probabilities]
    floor = model.floor if model is not None else FLOOR
    return with_confidences(target, probabilities, floor), target.gold


def plot_curve(curve: list[CurvePoint], threshold: float, path: Path) -> Path:
    """The precision-recall curve over thresholds as a PNG, the default marked."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path.parent.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(6, 4.5), dpi=100)
    ax.plot([p.recall for p in curve], [p.precision for p in curve], marker="o", markersize=3)
    for p in curve:
        if abs(p.threshold - threshold) < 1e-9:
            ax.plot([p.recall], [p.precision], marker="*", markersize=14, color="#D55E00",
                    label=f"default threshold {threshold:.2f}")
    ax.set_xlabel("fact recall")
    ax.set_ylabel("fact precision")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.set_title("Facts by claim-confidence threshold")
    ax.legend(loc="lower left")
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
    return path
