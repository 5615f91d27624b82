"""Training the relation model, its calibration figures and the evaluate/train commands."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from aigraph.cli import cli
from aigraph.evaluate import format_reliability, reliability
from aigraph.extract.decide import RelationModel
from aigraph.train import (CurvePoint, GoldSet, TrainingError, choose_threshold, default_sets, fit,
                           train)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sources"
SAMPLE_GOLD = ROOT / "tests" / "gold" / "samples"
KGEVAL = ROOT.parent / "shared" / "tools" / "kgeval.py"
POINTS = [(0.95, True), (0.95, False), (0.15, False), (0.55, True)]


def test_reliability_bins_and_expected_calibration_error():
    table = reliability(POINTS)
    assert [(b.low, b.count) for b in table.bins] == [(0.1, 1), (0.5, 1), (0.9, 2)]
    assert table.bins[-1].precision == 0.5
    # |0.15 - 0| + |0.55 - 1| + 2 * |0.95 - 0.5|, over four facts
    assert table.ece == pytest.approx((0.15 + 0.45 + 0.9) / 4)
    assert "Expected calibration error: 0.375" in format_reliability(table)
    assert reliability([]).ece is None


@pytest.mark.skipif(not KGEVAL.is_file(), reason="the reference scorer is in ../shared/tools")
def test_reliability_agrees_with_the_reference_scorer():
    spec = importlib.util.spec_from_file_location("kgeval", KGEVAL)
    kgeval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(kgeval)
    points = [(n / 37, n % 3 == 0) for n in range(37)] + POINTS
    reference, _ = kgeval.ece(points)
    assert reliability(points).ece == pytest.approx(reference)


def test_fit_learns_which_feature_marks_right_candidates():
    examples = [(frozenset({"good", "common"}), True)] * 6 + \
               [(frozenset({"bad", "common"}), False)] * 6 + [(frozenset({"rare"}), True)] * 2
    weights, intercept = fit(examples, c=1.0)
    model = RelationModel(weights, intercept, threshold=0.5)
    assert weights["good"] > 0 > weights["bad"]
    assert "rare" not in weights                   # seen on fewer than MIN_COUNT candidates
    assert model.probability({"good", "common"}) > 0.5 > model.probability({"bad", "common"})


def test_the_threshold_is_the_lowest_reaching_the_target_precision():
    curve = [CurvePoint(0.3, 0.6, 0.5, 0.55, 40), CurvePoint(0.5, 0.81, 0.4, 0.5, 20),
             CurvePoint(0.7, 0.9, 0.2, 0.3, 8)]
    assert choose_threshold(curve, 0.8) == 0.5
    assert choose_threshold(curve, 0.95) == 0.7    # none reaches it: the strictest tried


@pytest.mark.slow
def test_training_is_deterministic_and_writes_plain_data(tmp_path):
    sets = [GoldSet("samples", SAMPLES, SAMPLE_GOLD, reference=True)]
    first = train(sets, out=tmp_path / "a.json", folds=2)
    second = train(sets, out=tmp_path / "b.json", folds=2)
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert data["format"] == "aigraph-relation-model/1"
    assert data["meta"]["trained_on"] == {"samples": 5}
    assert 0 < data["threshold"] < 1 and data["weights"]
    [report] = first.sets
    assert report.articles == 5 and report.evaluation.facts.tp > 0
    assert [p.threshold for p in report.curve][:3] == [0.05, 0.1, 0.15]
    assert second.model.threshold == first.model.threshold


def test_evaluate_prints_reliability_and_facts_by_threshold(tmp_path):
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(SAMPLE_GOLD), str(SAMPLES),
                                      "--plot", str(tmp_path / "charts")])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Claim confidence against precision (facts in the graph):" in out
    assert "Expected calibration error: " in out
    assert "Facts by threshold:" in out and "<- threshold" in out
    png = tmp_path / "charts" / "precision-recall.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.strip().endswith(f"Wrote {png}")


def test_evaluate_json_reports_the_threshold_and_reliability():
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(SAMPLE_GOLD), str(SAMPLES),
                                      "--json", "--min-confidence", "0.2"])
    assert result.exit_code == 0, result.output
    overall = json.loads(result.output)["overall"]
    assert overall["min_confidence"] == 0.2
    assert overall["reliability"]["facts"] == overall["facts"]["tp"] + overall["facts"]["fp"]


def test_a_lower_threshold_asserts_more_facts():
    def facts(threshold: str) -> int:
        result = CliRunner().invoke(cli, ["evaluate", "--gold", str(SAMPLE_GOLD), str(SAMPLES),
                                          "--json", "--min-confidence", threshold])
        counts = json.loads(result.output)["overall"]["facts"]
        return counts["tp"] + counts["fp"]
    assert facts("0.1") > facts("0.9")


def test_a_negated_or_second_match_of_one_gold_relation_is_not_right():
    from aigraph.evaluate import ArticleMatcher, GraphIndex, parse_gold
    from aigraph.graph import build_graph
    from aigraph.model import Article, Claim, Entity, Extraction
    from aigraph.train import label_article
    gold = parse_gold({"article": "a1.txt", "entities": [
        {"id": "no", "type": "Country", "label": "Norway"},
        {"id": "td", "type": "Agreement", "label": "Tromso Declaration"}],
        "relations": [{"s": "no", "p": "partyTo", "o": "td"}]})
    entities = {k: Entity(k, cls, label, articles={"a1"}) for k, cls, label in (
        ("country/norway", "Country", "Norway"), ("country/kingdom-of-norway", "Country", "Norway"),
        ("agreement/tromso-declaration", "Agreement", "Tromso Declaration"))}
    claims = [Claim("country/norway", "partyTo", "agreement/tromso-declaration", "a1", "s"),
              Claim("country/kingdom-of-norway", "partyTo", "agreement/tromso-declaration", "a1", "s"),
              Claim("country/norway", "partyTo", "agreement/tromso-declaration", "a1", "s",
                    modality="Negated")]
    graph = build_graph(Extraction([Article("a1", "a1.txt", "x")], entities, claims[:2]), 0.0)
    labels = label_article(ArticleMatcher(GraphIndex(graph), gold), claims)
    assert sorted(labels[:2]) == [False, True]     # one gold relation, one right fact
    assert labels[2] is False                      # negated: never asserted, never right


def test_cross_validation_trains_each_fold_without_its_articles(monkeypatch):
    from aigraph import train as training
    from aigraph.model import Claim, Extraction
    from aigraph.train import Collected, cross_validate

    def collected(name: str, articles: int) -> Collected:
        claims = [Claim("s", "partyTo", "o", f"a{n}", "e", signals=frozenset({f"x{n % 2}"}))
                  for n in range(articles)]
        return Collected(GoldSet(name, Path(name), Path(name)), Extraction(claims=claims), {},
                         [n % 2 == 0 for n in range(articles)])
    seen: list[set[str]] = []
    real_fit = training.fit

    def recording_fit(examples, c=training.C):
        seen.append({f for features, _ in examples for f in features})
        return real_fit(examples, c)
    monkeypatch.setattr(training, "fit", recording_fit)
    target = collected("target", 10)
    # mark each target article with a feature of its own, to see where it went
    target.extraction.claims = [Claim(c.subject, c.predicate, c.object, c.article, c.evidence,
                                      signals=c.signals | {f"only-{c.article}"} | {"x"})
                                for c in target.extraction.claims]
    monkeypatch.setattr(training, "MIN_COUNT", 1)
    cross_validate(target, [collected("other", 6)], folds=5)
    folds = training.folds_of(target, 5)
    assert len(seen) == 5
    for k, features in enumerate(seen):
        held = {a.split("/")[1] for a, f in folds.items() if f == k}
        assert held and not {f"only-{a}" for a in held} & features


def test_the_reference_sets_candidates_count_more_in_training():
    from aigraph.model import Claim, Extraction
    from aigraph.train import REFERENCE_WEIGHT, Collected, examples_of

    def collected(name: str, reference: bool) -> Collected:
        claims = [Claim("s", "partyTo", "o", "a1", "e", signals=frozenset({name}))]
        return Collected(GoldSet(name, Path(name), Path(name), reference=reference),
                         Extraction(claims=claims), {}, [True])
    examples = examples_of([collected("real", True), collected("composed", False)])
    assert REFERENCE_WEIGHT > 1
    assert [sorted(f)[0] for f, _ in examples] == ["real"] * REFERENCE_WEIGHT + ["composed"]


@pytest.mark.slow
def test_cross_validated_evaluation_never_scores_an_article_with_its_own_model(monkeypatch):
    monkeypatch.setenv("AIGRAPH_DEV_CORPUS", "none")  # keep the run short:
    monkeypatch.setenv("AIGRAPH_GOLD_SETS", "old-blind")  # a small background set
    result = CliRunner().invoke(cli, ["evaluate", "--gold", str(SAMPLE_GOLD), str(SAMPLES),
                                      "--cross-validate", "2", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{"):])
    assert data["overall"]["cross_validated_folds"] == 2
    assert data["overall"]["articles_found"] == 5


def test_gold_sets_variable_keeps_only_the_sets_it_names(monkeypatch):
    monkeypatch.setenv("AIGRAPH_DEV_CORPUS", "none")
    monkeypatch.setenv("AIGRAPH_GOLD_SETS", "samples, old-blind")
    assert [s.name for s in default_sets()] == ["samples", "old-blind"]


def test_gold_sets_variable_naming_an_unknown_set_says_which_sets_exist(monkeypatch):
    monkeypatch.setenv("AIGRAPH_DEV_CORPUS", "none")
    monkeypatch.setenv("AIGRAPH_GOLD_SETS", "samples,blind")
    with pytest.raises(TrainingError) as error:
        default_sets()
    assert str(error.value) == ("$AIGRAPH_GOLD_SETS names blind; the gold sets here are "
                                "samples, development, old-blind")
