"""Regression floors for extraction quality, scored as the knowledge model says.

Each set is built with the shipped relation model at its default threshold.
The floors sit just under the current scores, so a change that loses quality
fails here. Which sets say what (README, "How good are the facts?"):

- ``unseen`` to ``unseen7``: the only unseen text. Each written by a helper
  who never read the extractor; never trained on; nobody tuning the extractor
  reads their articles, gold or per-article misses (this test prints
  aggregate counts only).
- ``samples``, ``heldout``, ``blind`` and the dev corpus in ``../shared``:
  development data, read while tuning and used to train the relation model,
  so their scores here are optimistic (their cross-validated scores are in
  the README and in the model file's ``meta``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aigraph.build import build_extraction
from aigraph.evaluate import load_gold, score_graph
from aigraph.extract.decide import load_model
from aigraph.graph import build_graph

ROOT = Path(__file__).resolve().parents[1]
GOLD = Path(__file__).parent / "gold"
DEV_CORPUS = ROOT.parent / "shared" / "dev-corpus"

CASES = {
    # name: (articles, gold, entity F1, typed F1, fact F1, fact precision)
    "samples": (ROOT / "sources", GOLD / "samples", 0.94, 0.94, 0.78, 0.82),
    # heldout holds 309 composed articles (batches 2-33)
    "heldout": (GOLD / "articles", GOLD / "heldout", 0.86, 0.81, 0.64, 0.75),
    "blind": (GOLD / "blind-articles", GOLD / "blind", 0.92, 0.89, 0.64, 0.80),
    "unseen": (GOLD / "unseen" / "articles", GOLD / "unseen" / "gold", 0.89, 0.83, 0.59, 0.71),
    "unseen2": (GOLD / "unseen2" / "articles", GOLD / "unseen2" / "gold", 0.85, 0.80, 0.59, 0.66),
    "unseen3": (GOLD / "unseen3" / "articles", GOLD / "unseen3" / "gold", 0.88, 0.83, 0.68, 0.78),
    "unseen4": (GOLD / "unseen4" / "articles", GOLD / "unseen4" / "gold", 0.89, 0.85, 0.63, 0.79),
    "unseen5": (GOLD / "unseen5" / "articles", GOLD / "unseen5" / "gold", 0.86, 0.80, 0.58, 0.79),
    "unseen6": (GOLD / "unseen6" / "articles", GOLD / "unseen6" / "gold", 0.86, 0.81, 0.62, 0.68),
    "unseen7": (GOLD / "unseen7" / "articles", GOLD / "unseen7" / "gold", 0.88, 0.84, 0.59, 0.71),
    "dev-corpus": (DEV_CORPUS / "articles", DEV_CORPUS / "gold", 0.88, 0.85, 0.77, 0.90),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_scores_stay_above_the_floor(name):
    articles, gold, entity_f1, typed_f1, fact_f1, fact_precision = CASES[name]
    if not gold.is_dir():
        pytest.skip(f"{gold} is not here (../shared lies beside the checkout in CI)")
    extraction, _ = build_extraction([articles])
    evaluation = score_graph(build_graph(extraction), load_gold(gold))
    assert len(evaluation.articles) == len(load_gold(gold))
    assert evaluation.entities.f1 >= entity_f1, evaluation.entities
    assert evaluation.typed.f1 >= typed_f1, evaluation.typed
    assert evaluation.facts.f1 >= fact_f1, evaluation.facts
    assert evaluation.facts.precision >= fact_precision, evaluation.facts


def test_the_shipped_model_meets_the_precision_target_cross_validated():
    """The threshold was chosen so that cross-validated fact precision on the
    development corpus reaches 0.80, with confidences calibrated on it to the
    issue's calibration target of 0.08 (0.063 now, README "How good are the
    facts?"; on the unseen set the error is higher)."""
    meta = load_model().meta
    figures = meta["cross_validated"]["dev-corpus"]
    assert figures["precision"] >= meta["target_precision"] == 0.8
    assert figures["ece"] <= 0.08
    assert meta["trained_on"]["dev-corpus"] == 60
    assert "unseen" not in json.dumps(meta["trained_on"])   # nor "unseen2" to "unseen7"
