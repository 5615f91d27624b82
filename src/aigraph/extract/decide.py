"""The decision stage: which candidate facts are claims, and how sure we are.

The relation patterns and the co-occurrence generator of :mod:`.relations`
propose candidate facts, each with the signals its sentence showed (the
pattern family, the dependency path, trigger words, modality, ...). Here the
candidates of one fact in one article are merged into one claim, described by
features (the union of their signals, the classes of both ends, how many
sentences state it), and a logistic-regression model trained on gold
annotations (``ontology/relation-model.json``, rebuilt by ``aigraph train``)
turns the features into the probability that the fact is right. That
probability is the claim's ``aig:confidence``; the graph asserts a fact only
when a claim reaches the model's threshold (see :func:`default_threshold`).

The model is plain data (feature weights, an intercept, a threshold), read
without scikit-learn, so a build needs no training library and gives the
same numbers on every machine.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ..errors import AigraphError
from ..model import Claim, Entity
from ..ontology import core_class, ontology_dir

MODEL_FILE = "relation-model.json"
#: Without a model (before the first ``aigraph train``), only claims of the
#: hand-written patterns are kept, with their hand-set confidences.
FALLBACK_THRESHOLD = 0.0
#: The rule name of candidates proposed by co-occurrence alone.
COOCCURRENCE = "rule:cooccurrence"
NEIGHBOUR = "rule:neighbour"
#: Rules that propose every pair that fits, leaving the decision to the model.
BROAD = frozenset({COOCCURRENCE, NEIGHBOUR})


class ModelError(AigraphError):
    """The relation model file cannot be read."""


@dataclass(frozen=True)
class RelationModel:
    """A logistic-regression model over binary features."""

    weights: Mapping[str, float]
    intercept: float
    threshold: float              # the default --min-confidence: facts at or above are asserted
    floor: float = 0.05           # candidates below are not kept as claims at all
    meta: Mapping[str, object] = field(default_factory=dict)

    def probability(self, features: Iterable[str]) -> float:
        # summed exactly (fsum rounds the exact sum once, whatever the order: a
        # set's order follows the hash seed, and a last-bit difference could
        # round a confidence the other way); features without a weight add nothing
        z = math.fsum([self.intercept, *filter(None, map(self.weights.get, features))])
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def to_json(self) -> str:
        data = {"format": "aigraph-relation-model/1", "intercept": round(self.intercept, 6),
                "threshold": self.threshold, "floor": self.floor, "meta": dict(self.meta),
                "weights": {k: round(v, 6) for k, v in sorted(self.weights.items())
                            if round(v, 6) != 0.0}}
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, origin: str = MODEL_FILE) -> RelationModel:
        try:
            data = json.loads(text)
            return cls(weights={str(k): float(v) for k, v in data["weights"].items()},
                       intercept=float(data["intercept"]), threshold=float(data["threshold"]),
                       floor=float(data.get("floor", 0.05)), meta=data.get("meta", {}))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ModelError(f"{origin}: not a relation model ({exc}); "
                             "rebuild it with 'aigraph train'") from exc


#: Keeps every candidate (probability 0.5) with its features: what training needs.
ALL_CANDIDATES = RelationModel(weights={}, intercept=0.0, threshold=0.0, floor=0.0)


#: Names another model file, or "none" for the hand-written patterns alone
#: (tests that pin the patterns' output use it).
ENV_VAR = "AIGRAPH_RELATION_MODEL"


def model_path() -> Path:
    """The shipped model (``ontology/relation-model.json``) or ``$AIGRAPH_RELATION_MODEL``."""
    override = os.environ.get(ENV_VAR)
    if override and override.lower() != "none":
        return Path(override)
    return ontology_dir() / MODEL_FILE


@lru_cache(maxsize=4)
def _load(path: str, stamp: tuple[int, int]) -> RelationModel:
    return RelationModel.from_json(Path(path).read_text(encoding="utf-8"), path)


def load_model() -> RelationModel | None:
    """The shipped relation model, or None when there is none yet (or
    ``$AIGRAPH_RELATION_MODEL`` is "none"). A model named by the variable
    must exist: a typo there must not silently build without the model."""
    override = os.environ.get(ENV_VAR, "")
    if override.lower() == "none":
        return None
    path = model_path()
    if not path.is_file():
        if override:
            raise ModelError(f"{path}: no relation model there (${ENV_VAR} names it); "
                             f"give a model file, or 'none' for the patterns alone")
        return None
    stat = path.stat()
    return _load(str(path), (stat.st_mtime_ns, stat.st_size))


def default_threshold() -> float:
    """The confidence a claim needs for its fact to be asserted by default:
    the model's threshold, chosen by ``aigraph train`` so that cross-validated
    fact precision on the development corpus is at least 0.80."""
    model = load_model()
    return model.threshold if model is not None else FALLBACK_THRESHOLD


#: What marks the key of a thing an article describes but never names
#: (:func:`aigraph.extract.mentions.core.described_things`).
DESCRIBED_KEY = "--"


def fact_features(candidates: list[Claim], entities: Mapping[str, Entity]) -> frozenset[str]:
    """The features of one fact in one article, from all its candidates. Each
    feature also appears joined to the property, so the model learns both what
    holds for every property and what holds for one."""
    first = candidates[0]
    p = first.predicate
    base: set[str] = set()
    for c in candidates:
        base |= c.signals
    rules = {s for s in base if s.startswith("rule:")}
    if rules <= BROAD:
        base.add("only-broad")
        if COOCCURRENCE not in rules:
            base.add("only-neighbour")
    base.add(f"rules:{min(len(rules - BROAD), 3)}")
    base.add(f"sentences:{min(len({c.evidence for c in candidates}), 3)}")
    base.add(f"scls:{class_of(first.subject, entities)}")
    if not first.is_literal:
        base.add(f"ocls:{class_of(first.object, entities)}")
    # the finer class where there is one ("a country is a member of an alliance,
    # not of a company"): the model learns which kinds of ends a property takes
    base |= {f"{end}sub:{entities[key].cls}" for end, key in (("s", first.subject), ("o", first.object))
             if key in entities and entities[key].cls != core_class(entities[key].cls)}
    # an end the article describes rather than names ("the draft deal") is less sure
    base |= {f"{end}:described" for end, key in (("s", first.subject), ("o", first.object))
             if DESCRIBED_KEY in key}
    features = {f"p:{p}"} | base | {f"{p}|{f}" for f in base}
    if "only-broad" in base:
        # pairs no pattern vouches for are a population of their own (about 3 %
        # right against about 40 %): their own weights, so they do not blur the
        # patterns' (cross-validated: more recall at precision 0.8)
        features = {f"broad|{f}" for f in features}
    return frozenset(features)


def class_of(key: str, entities: Mapping[str, Entity]) -> str:
    entity = entities.get(key)
    return core_class(entity.cls) if entity is not None else "-"


def representative(candidates: list[Claim]) -> Claim:
    """The candidate whose sentence best shows the fact: a hand-written pattern's
    over co-occurrence's, the most confident, then the earliest in the article
    (the candidates come in sentence order, and ``max`` keeps the first)."""
    return max(candidates, key=lambda c: (not c.signals & BROAD, NEIGHBOUR not in c.signals,
                                          c.confidence))


def decide(claims: Iterable[Claim], entities: Mapping[str, Entity],
           model: RelationModel | None) -> list[Claim]:
    """One claim per fact and article, its confidence the model's probability
    (or, without a model, the best hand-set one of the patterns' candidates;
    the broad rules alone propose nothing then). Candidates the model puts
    under its floor are dropped: they are not claims."""
    groups: dict[tuple, list[Claim]] = {}
    for claim in claims:
        groups.setdefault((claim.article, claim.subject, claim.predicate, claim.object),
                          []).append(claim)
    decided = []
    for key in sorted(groups):
        candidates = groups[key]
        best = representative(candidates)
        features = fact_features(candidates, entities)
        if model is None:
            if "broad|only-broad" in features:
                continue
            decided.append(replace(best, signals=features))
            continue
        probability = model.probability(features)
        if probability < model.floor:
            continue
        decided.append(replace(best, confidence=round(probability, 2), signals=features))
    return decided
