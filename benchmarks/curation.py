"""Benchmark: what the analysts' decisions cost a build.

Builds a synthetic extraction shaped like aigraph's (entities of every class,
claims between them, each from an article), records ``--decisions`` decisions
(claim reviews, merges, relabels and retypes in the same proportions as a
review session might: mostly claim reviews) and times reading the curation
file and applying it (:func:`aigraph.curation.load_and_apply`), next to
building the RDF graph of the same extraction for scale.

    .venv/bin/python benchmarks/curation.py --claims 50000 --decisions 2000
"""

from __future__ import annotations

import argparse
import copy
import random
import tempfile
import time
from pathlib import Path

from aigraph.curation import Decision, load_and_apply, write_curation
from aigraph.graph import build_graph, claim_iri
from aigraph.model import Article, Claim, Entity, Extraction

CLASSES = ("Person", "Organization", "Country", "Event", "Agreement")
PROPERTIES = {("Person", "Organization"): "affiliatedWith", ("Country", "Agreement"): "partyTo",
              ("Organization", "Event"): "participatesIn", ("Person", "Event"): "participatesIn",
              ("Organization", "Agreement"): "supports"}


def synthetic(claims: int, seed: int = 7) -> Extraction:
    rng = random.Random(seed)
    articles = [Article(f"a{n}", f"a{n}.txt", f"Text of article {n}.") for n in range(claims // 25 + 1)]
    entities: dict[str, Entity] = {}
    for n in range(claims // 4 + 10):
        cls = CLASSES[n % len(CLASSES)]
        key = f"{cls.lower()}/e{n}"
        entities[key] = Entity(key, cls, f"E{n}", {f"E{n} alias"}, {rng.choice(articles).id})
    by_class: dict[str, list[str]] = {}
    for key, e in entities.items():
        by_class.setdefault(e.cls, []).append(key)
    out = []
    pairs = list(PROPERTIES.items())
    for n in range(claims):
        (s_cls, o_cls), prop = rng.choice(pairs)
        article = rng.choice(articles).id
        out.append(Claim(rng.choice(by_class[s_cls]), prop, rng.choice(by_class[o_cls]), article,
                         f"Sentence {n} of {article}.", confidence=round(rng.random(), 2)))
    return Extraction(articles=articles, entities=entities, claims=out)


def decisions_for(extraction: Extraction, count: int, seed: int = 11) -> list[Decision]:
    from aigraph.curation import ClaimRecord

    rng = random.Random(seed)
    keys = sorted(extraction.entities)
    made = []
    for n in range(count):
        time_ = f"2026-01-01T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}+00:00"
        kind = rng.choices(("accept", "reject", "merge", "relabel", "retype"), (40, 40, 10, 5, 5))[0]
        if kind in ("accept", "reject"):
            c = rng.choice(extraction.claims)
            record = ClaimRecord(str(claim_iri(c)), c.subject, c.predicate, c.object, c.article,
                                 c.evidence)
            made.append(Decision(kind, "bench", time_, claim=record))
        elif kind == "merge":
            a, b = rng.sample(keys, 2)
            if extraction.entities[a].cls == extraction.entities[b].cls:
                made.append(Decision("merge", "bench", time_, entity=a, other=b, label=f"M{n}"))
        elif kind == "relabel":
            made.append(Decision("relabel", "bench", time_, entity=rng.choice(keys), label=f"R{n}"))
        else:
            made.append(Decision("retype", "bench", time_, entity=rng.choice(keys), cls="Organization"))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--decisions", type=int, default=2000)
    args = parser.parse_args()
    print(f"{'claims':>8} {'decisions':>9} {'file KB':>8} {'apply s':>8} {'build_graph s':>14}")
    for size in args.claims:
        extraction = synthetic(size)
        decisions = decisions_for(extraction, args.decisions)
        with tempfile.TemporaryDirectory() as folder:
            path = write_curation(Path(folder) / "curation.ttl", decisions)
            work = copy.deepcopy(extraction)
            start = time.perf_counter()
            report = load_and_apply(work, path)
            applied = time.perf_counter() - start
            start = time.perf_counter()
            build_graph(work, 0.5)
            graph_time = time.perf_counter() - start
            print(f"{size:>8} {len(decisions):>9} {path.stat().st_size / 1024:>8.0f} "
                  f"{applied:>8.2f} {graph_time:>14.2f}   ({len(report.applied)} applied)")


if __name__ == "__main__":
    main()
