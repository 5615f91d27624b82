"""Benchmark: how a build grows with the corpus, side by side with bare spaCy.

For each N it writes N distinct made-up articles (benchmarks/scale_corpus.py:
invented names from growing pools, shifted dates, shuffled paragraphs) and
times, each in a fresh process (``python -m aigraph build``):

* ``cold``: a build with an empty cache;
* ``cached``: the same build again (every article from the cache);
* ``update 1`` / ``update 10``: ``--update`` with 1, then 10 new articles;
* ``spaCy``: bare ``nlp.pipe`` of the same texts with as many processes.

For each it prints wall and CPU seconds (the process and its workers), peak
RSS (the largest process), and for the cold build the triples, entities and
words per second next to bare spaCy's. Finally the growth exponent of each
step, fitted over the N given (time ~ N^k; 1.0 is linear).

Usage::

    python benchmarks/scale.py                       # N = 100 300 1000, 2 workers
    python benchmarks/scale.py --sizes 100 300 --workers 1
    python benchmarks/scale.py --sizes 10000 --keep /tmp/scale-10k
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from scale_corpus import write_corpus  # noqa: E402

STEPS = ("cold", "cached", "update 1", "update 10", "spaCy")


def measure(cmd: list[str], env: dict) -> dict:
    """Run ``cmd`` in a child of a fresh process, so its rusage is its own."""
    probe = ("import json, resource, subprocess, sys, time\n"
             "t = time.perf_counter()\n"
             "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "wall = time.perf_counter() - t\n"
             "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
             "print(json.dumps({'rc': p.returncode, 'wall': wall, 'cpu': r.ru_utime + r.ru_stime,\n"
             "                  'rss': r.ru_maxrss / 1024, 'out': p.stdout, 'err': p.stderr[-2000:]}))\n")
    done = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True,
                          env=env, check=True)
    result = json.loads(done.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result['err']}")
    return result


BARE_SPACY = """
import sys, json
from pathlib import Path
import spacy
from aigraph.extract.nlp import MODEL
from aigraph.ingest import ingest
texts = [a.text for a in ingest([Path(sys.argv[1])]).articles]
nlp = spacy.load(MODEL)
workers = int(sys.argv[2])
count = sum(1 for _ in nlp.pipe(texts, n_process=workers, batch_size=64))
print(json.dumps({"docs": count, "words": sum(len(t.split()) for t in texts)}))
"""


def build_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "aigraph", "build", *args]


def entities(output: str) -> int:
    line = next((x for x in output.splitlines() if x.startswith("Entities: ")), "")
    return sum(int(part.rsplit(" ", 1)[1]) for part in line[len("Entities: "):].split(", ") if part)


def run_size(n: int, workers: int, work: Path, env: dict) -> dict:
    corpus, extra, out = work / f"corpus-{n}", work / f"extra-{n}", work / f"out-{n}"
    for folder in (corpus, extra, out):
        shutil.rmtree(folder, ignore_errors=True)
    write_corpus(corpus, n)
    new = write_corpus(extra, 11, start=n)
    common = ["-o", str(out), "-f", "nt", "--workers", str(workers)]
    rows = {}
    rows["cold"] = measure(build_cmd(str(corpus), *common), env)
    rows["cached"] = measure(build_cmd(str(corpus), *common), env)
    rows["update 1"] = measure(build_cmd("--update", str(new[0]), *common), env)
    rows["update 10"] = measure(build_cmd("--update", *map(str, new[1:]), *common), env)
    spacy_run = measure([sys.executable, "-c", BARE_SPACY, str(corpus), str(workers)], env)
    rows["spaCy"] = spacy_run
    words = json.loads(spacy_run["out"])["words"]
    with open(out / "graph.nt", "rb") as fh:
        triples = sum(1 for _ in fh)
    return {"rows": rows, "words": words, "entities": entities(rows["cold"]["out"]),
            "triples": triples}


def exponent(ns: list[int], values: list[float]) -> float | None:
    """The least-squares slope of log(value) on log(N)."""
    points = [(math.log(n), math.log(v)) for n, v in zip(ns, values) if v > 0]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else None


def report(results: dict[int, dict], workers: int) -> None:
    print(f"\nworkers: {workers}; CPU = the build process and its workers; RSS = largest process\n")
    print("| N | step | wall s | CPU s | peak RSS MB | triples | entities | words/s wall | "
          "words/CPU-s | vs bare spaCy (wall) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n, res in results.items():
        spacy_rate = res["words"] / res["rows"]["spaCy"]["wall"]
        for step in STEPS:
            row = res["rows"][step]
            extra = ["", "", "", "", ""]
            if step in ("cold", "spaCy"):
                rate = res["words"] / row["wall"]
                extra = [f"{res['triples']:,}" if step == "cold" else "",
                         f"{res['entities']:,}" if step == "cold" else "",
                         f"{rate:,.0f}", f"{res['words'] / row['cpu']:,.0f}",
                         f"{rate / spacy_rate:.2f}x" if step == "cold" else "1.00x"]
            print(f"| {n:,} | {step} | {row['wall']:.1f} | {row['cpu']:.1f} | {row['rss']:,.0f} | "
                  + " | ".join(extra) + " |")
    ns = sorted(results)
    if len(ns) >= 2:
        print("\nGrowth exponents (time ~ N^k, fitted over N = "
              + ", ".join(f"{n:,}" for n in ns) + "):\n")
        print("| step | k (wall) | k (CPU) | k (peak RSS) |")
        print("|---|---|---|---|")
        for step in STEPS:
            ks = [exponent(ns, [results[n]["rows"][step][m] for n in ns]) for m in ("wall", "cpu", "rss")]
            print(f"| {step} | " + " | ".join(f"{k:.2f}" if k is not None else "-" for k in ks) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None,
                        help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    work = args.keep or Path(tempfile.mkdtemp(prefix="aigraph-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    results = {}
    try:
        for n in args.sizes:
            started = time.perf_counter()
            results[n] = run_size(n, args.workers, work, env)
            print(f"N = {n:,}: done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            # each size's figures as soon as they are known: a long run stopped later keeps them
            print(json.dumps({"n": n, "words": results[n]["words"], "triples": results[n]["triples"],
                              "entities": results[n]["entities"],
                              "rows": {step: {k: v for k, v in row.items() if k in ("wall", "cpu", "rss")}
                                       for step, row in results[n]["rows"].items()}}),
                  file=sys.stderr, flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    report(results, args.workers)


if __name__ == "__main__":
    main()
