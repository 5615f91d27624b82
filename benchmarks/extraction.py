"""Benchmark: how true the facts are, on every gold set, side by side in one run.

For each gold set it prints entity, typed-entity and fact precision / recall /
F1 and the expected calibration error of claim confidence, scored by the
knowledge model's rules, for three deciders:

* ``cross-validated``: the relation model, each article scored by a model
  trained without it (5 folds by article plus the other gold sets); the
  honest figure for sets the shipped model was trained on;
* ``shipped``: the model in ``ontology/relation-model.json`` at its threshold
  (for ``unseen`` to ``unseen7``, the sets it never saw, this is the
  honest figure);
* ``patterns``: the hand-written patterns alone, every claim asserted.

The dev corpus is read from ``../shared/dev-corpus`` (never copied here).
The unseen sets are scored as a whole only: nothing per article is printed.

Usage::

    python benchmarks/extraction.py                      # every set (about 10 minutes)
    python benchmarks/extraction.py --sets unseen samples
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
SETS = {
    "dev-corpus": (ROOT.parent / "shared" / "dev-corpus" / "articles",
                   ROOT.parent / "shared" / "dev-corpus" / "gold"),
    "samples": (ROOT / "sources", GOLD / "samples"),
    "heldout": (GOLD / "articles", GOLD / "heldout"),
    "old-blind": (GOLD / "blind-articles", GOLD / "blind"),
    "unseen": (GOLD / "unseen" / "articles", GOLD / "unseen" / "gold"),
    "unseen2": (GOLD / "unseen2" / "articles", GOLD / "unseen2" / "gold"),
    "unseen3": (GOLD / "unseen3" / "articles", GOLD / "unseen3" / "gold"),
    "unseen4": (GOLD / "unseen4" / "articles", GOLD / "unseen4" / "gold"),
    "unseen5": (GOLD / "unseen5" / "articles", GOLD / "unseen5" / "gold"),
    "unseen6": (GOLD / "unseen6" / "articles", GOLD / "unseen6" / "gold"),
    "unseen7": (GOLD / "unseen7" / "articles", GOLD / "unseen7" / "gold"),
}
NEVER_TRAINED_ON = {"unseen", "unseen2", "unseen3", "unseen4", "unseen5", "unseen6", "unseen7"}


def score(extraction, gold, threshold):
    from aigraph.evaluate import score_graph
    from aigraph.graph import build_graph
    return score_graph(build_graph(extraction, threshold), gold)


def row(name: str, decider: str, evaluation, seconds: float) -> str:
    def cell(counts) -> str:
        return f"{counts.precision:.3f} / {counts.recall:.3f} / **{counts.f1:.3f}**"
    ece = evaluation.reliability().ece
    return (f"| {name} | {decider} | {cell(evaluation.entities)} | {cell(evaluation.typed)} | "
            f"{cell(evaluation.facts)} | {'n/a' if ece is None else f'{ece:.3f}'} | "
            f"{seconds:.0f} s |")


def run_set(name: str, articles: Path, gold_dir: Path) -> list[str]:
    from aigraph.build import build_extraction
    from aigraph.evaluate import load_gold
    from aigraph.extract.decide import default_threshold
    from aigraph.train import cross_validated_extraction

    gold = load_gold(gold_dir)
    rows = []
    if name not in NEVER_TRAINED_ON:
        start = time.perf_counter()
        extraction, _ = cross_validated_extraction([articles], gold_dir)
        rows.append(row(name, "cross-validated", score(extraction, gold, default_threshold()),
                        time.perf_counter() - start))
    start = time.perf_counter()
    extraction, _ = build_extraction([articles])
    rows.append(row(name, "shipped", score(extraction, gold, default_threshold()),
                    time.perf_counter() - start))
    start = time.perf_counter()
    extraction, _ = build_extraction([articles], model=None)
    rows.append(row(name, "patterns", score(extraction, gold, 0.0), time.perf_counter() - start))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", choices=sorted(SETS), default=list(SETS))
    args = parser.parse_args()
    os.chdir(ROOT)
    from aigraph.extract.decide import default_threshold, load_model

    model = load_model()
    print(f"Relation model threshold {default_threshold():.2f}; trained on "
          f"{', '.join(f'{k} ({v})' for k, v in sorted(model.meta['trained_on'].items()))}.\n")
    print("| set | decider | entities P / R / F1 | typed P / R / F1 | facts P / R / F1 | ECE | time |")
    print("|---|---|---|---|---|---|---|")
    for name in args.sets:
        articles, gold_dir = SETS[name]
        if not gold_dir.is_dir():
            print(f"| {name} | (not here: {gold_dir}) | | | | | |")
            continue
        for line in run_set(name, articles, gold_dir):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
