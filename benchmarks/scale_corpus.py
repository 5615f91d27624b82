"""A made-up corpus of N distinct AI-governance news articles, for benchmarks/scale.py.

Every name is invented here from syllables (people, organisations, agreements,
summits, AI systems); countries and cities are generic world knowledge. Each
article picks its cast from pools that grow with N (so the number of entities
grows with the corpus, and nearby articles share some of them, as news does),
shifts its date, and shuffles its middle paragraphs. Nothing is copied from any
real article. Deterministic: the same N and seed give the same files.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

_ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
           "br", "dr", "kr", "pl", "st", "tr", "vel", "mor", "cal", "den"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ou", "ea"]
_CODAS = ["", "n", "r", "s", "l", "m", "nd", "rt", "x", "th"]

COUNTRIES = ["France", "Germany", "Japan", "Canada", "Brazil", "India", "Kenya", "Mexico",
             "Norway", "Spain", "Italy", "Chile", "Ghana", "Vietnam", "Poland", "Egypt"]
CITIES = ["Paris", "Berlin", "Tokyo", "Ottawa", "Lisbon", "Nairobi", "Madrid", "Rome",
          "Oslo", "Santiago", "Accra", "Hanoi", "Warsaw", "Cairo", "Geneva", "Seoul"]
ORG_FORMS = ["Institute", "Foundation", "Labs", "Council", "Agency", "Group", "Centre"]
ROLES = ["chief executive", "director", "chair", "chief scientist", "head of policy"]
RISKS = ["deepfakes", "misinformation", "algorithmic bias", "privacy violations",
         "cyberattacks", "job displacement", "surveillance"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                   for _ in range(syllables)).capitalize()


class Pool:
    """Distinct invented names, drawn on demand; index i is always the same name."""

    def __init__(self, seed: int, make) -> None:
        self.rng = random.Random(seed)
        self.make = make
        self.names: list[str] = []
        self.seen: set[str] = set()

    def __getitem__(self, i: int) -> str:
        while len(self.names) <= i:
            name = self.make(self.rng)
            if name.lower() not in self.seen:
                self.seen.add(name.lower())
                self.names.append(name)
        return self.names[i]


def _person(rng):
    return f"{word(rng, 2)} {word(rng, 2)}"


def _org(rng):
    return f"{word(rng, 2)} {rng.choice(ORG_FORMS)}"


def _system(rng):
    return f"{word(rng, 2)}-{rng.randint(2, 9)}"


def _accord(rng):
    return f"{word(rng, 2)} Accord"


def _summit(rng):
    return f"{word(rng, 2)} Summit"


PEOPLE, ORGS, SYSTEMS = Pool(1, _person), Pool(2, _org), Pool(3, _system)
ACCORDS, SUMMITS = Pool(4, _accord), Pool(5, _summit)


def _pick(rng: random.Random, i: int, spread: int) -> int:
    """An index near article i's place in a pool that grows with the corpus."""
    return max(0, i // 2 + rng.randint(-spread, spread))


def article(i: int, seed: int = 0) -> tuple[str, str]:
    """(file name, text) of article i."""
    rng = random.Random(seed * 1_000_003 + i)
    p1, p2, p3 = (PEOPLE[_pick(rng, i, 6) * 3 + k] for k in range(3))
    o1, o2 = ORGS[_pick(rng, i, 4) * 2], ORGS[_pick(rng, i, 4) * 2 + 1]
    system = SYSTEMS[_pick(rng, i, 3)]
    accord, summit = ACCORDS[i // 5], SUMMITS[i // 7]
    c1, c2 = rng.sample(COUNTRIES, 2)
    city = rng.choice(CITIES)
    role1, role2 = rng.sample(ROLES, 2)
    risk1, risk2 = rng.sample(RISKS, 2)
    date = dt.date(2023, 1, 1) + dt.timedelta(days=(i * 3 + rng.randint(0, 2)) % 900)
    when = f"{date.day} {MONTHS[date.month - 1]} {date.year}"
    surname1, surname2 = p1.split()[-1], p2.split()[-1]
    title = f"{c1} and {c2} sign the {accord} at the {summit}"
    middle = [
        f"{p1}, the {role1} of {o1}, said the {accord} would set common tests for "
        f"advanced models. \"We cannot wait for {risk1} to spread before we act,\" "
        f"{surname1} said.",
        f"{o2} released {system} last month. Its {role2}, {p2}, warned that systems "
        f"like {system} could make {risk2} cheaper and faster.",
        f"Delegates from {c1} and {c2} met in {city} for two days of talks. "
        f"{p3} of {o1} chaired the closing session.",
        f"{surname2} told reporters that {o2} supports the {accord} and will "
        f"publish its safety evaluations. Critics said the text says little about {risk1}.",
        f"The {summit} follows an earlier round of talks, where officials from {c2} "
        f"called for an international register of large models.",
    ]
    rng.shuffle(middle)
    body = "\n\n".join([
        f"{c1} and {c2} signed the {accord} on {when} at the {summit} in {city}, "
        f"committing both governments to shared rules on the testing of AI systems.",
        *middle,
        f"The next meeting is planned for {MONTHS[(date.month + 5) % 12]} in {rng.choice(CITIES)}.",
    ])
    return f"article-{i:06d}.md", f"# {title}\n\n{when}\n\n{body}\n"


def write_corpus(folder: Path, n: int, start: int = 0, seed: int = 0) -> list[Path]:
    """Write articles start..start+n-1 into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        name, text = article(i, seed)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
