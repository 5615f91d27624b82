"""How extraction time grows with one very long run of capitalised words (the
worst case for name finding: every word may start a name), at 15, 30 and 60 KB.
Prints seconds per size and the fitted growth exponent (1.0 is linear).

    python benchmarks/long_text.py
"""

from __future__ import annotations

import math
import random
import time

from aigraph.extract import extract
from aigraph.extract.nlp import load_pipeline
from aigraph.model import Article

WORDS = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India",
         "Juliet", "Kilo", "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo",
         "Sierra", "Tango"]
SIZES = (15_000, 30_000, 60_000)


def capitalised_text(size: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    words, total = [], 0
    while total < size:
        words.append(rng.choice(WORDS))
        total += len(words[-1]) + 1
    return "Title\n\n" + " ".join(words) + ".\n"


def main() -> None:
    load_pipeline()   # the model loads once, outside the timings
    figures = []
    print(f"{'size':>8}  {'seconds':>8}")
    for size in SIZES:
        text = capitalised_text(size)
        start = time.perf_counter()
        extract([Article("long", "long.txt", text)], model=None)
        figures.append((size, time.perf_counter() - start))
        print(f"{size:>8}  {figures[-1][1]:>8.2f}")
    (s0, t0), (s1, t1) = figures[0], figures[-1]
    print(f"growth exponent {math.log(t1 / t0) / math.log(s1 / s0):.2f} (1.00 is linear)")


if __name__ == "__main__":
    main()
