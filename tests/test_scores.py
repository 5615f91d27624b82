"""Regression floor for extraction quality, scored as the knowledge model says.

The samples and the blind set must stay above issue 3's targets (the blind
set stands in for unseen articles: written for this repository by someone who
never read the extractor, and nobody here reads its misses). The held-out set
is a development set: its misses were read while writing general rules, so it
guards against rules that only fit the samples.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aigraph.build import build_extraction
from aigraph.evaluate import load_gold, score_graph
from aigraph.graph import build_graph

ROOT = Path(__file__).resolve().parents[1]
GOLD = Path(__file__).parent / "gold"

CASES = {
    # name: (articles, gold, entity F1, typed F1, fact F1)
    # issue 3's targets: samples 0.90 / 0.85 / 0.65; unseen articles entity 0.75, fact 0.45
    "samples": (ROOT / "sources", GOLD / "samples", 0.90, 0.85, 0.65),
    "heldout": (GOLD / "articles", GOLD / "heldout", 0.75, 0.70, 0.45),
    # written without reading the extractor; only its scores are looked at
    "blind": (GOLD / "blind-articles", GOLD / "blind", 0.75, 0.70, 0.45),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_scores_stay_above_the_floor(name):
    articles, gold, entity_f1, typed_f1, fact_f1 = CASES[name]
    extraction, _ = build_extraction([articles])
    evaluation = score_graph(build_graph(extraction), load_gold(gold))
    assert len(evaluation.articles) == len(load_gold(gold))
    assert evaluation.entities.f1 >= entity_f1, evaluation.entities
    assert evaluation.typed.f1 >= typed_f1, evaluation.typed
    assert evaluation.facts.f1 >= fact_f1, evaluation.facts
