"""Contradictions between sources, each with both sides' evidence.

Three kinds, over the claims that reach the confidence bar
(:func:`aigraph.history.read_corpus`):

- **negated**: one article asserts a fact, another denies it (a claim with
  ``aig:Negated``), e.g. "X signed the accord" against "X did not sign it";
- **stance**: ``supports`` and ``opposes`` between the same actor and object;
- **date**: two different ``aig:date`` values for the same thing, where
  neither contains the other (``2026`` and ``2026-03-03`` agree;
  ``2026-03-03`` and ``2026-03-05`` do not).

- **role**: two different ``aig:role`` titles for the same person in two
  articles, where neither contains the other ("Secretary" and "Commerce
  Secretary" agree) and neither is marked as past or temporary ("former",
  "acting": a person's past and present titles do not contradict each other).
  A real change of post also shows here; the articles' dates tell which.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from .history import STANCES, ClaimRow, Corpus, Evidence, evidence_of

CONFLICT_KINDS = ("negated", "stance", "date", "role")

#: Words that mark a title as past or temporary: it contradicts no other title.
PAST_OR_TEMPORARY = frozenset({"former", "ex", "then", "previous", "outgoing", "incoming",
                               "acting", "interim", "later", "onetime", "one-time"})


@dataclass
class Conflict:
    kind: str                 # one of CONFLICT_KINDS
    subject: str
    predicate: str
    object: str
    one_side: str             # what each side says, e.g. "partyTo" / "not partyTo"
    other_side: str
    one: list[Evidence] = field(default_factory=list)
    other: list[Evidence] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.subject} {self.predicate} {self.object}".strip()


def conflicts(corpus: Corpus) -> list[Conflict]:
    found = _negations(corpus) + _stances(corpus) + _dates(corpus) + _roles(corpus)
    order = {k: n for n, k in enumerate(CONFLICT_KINDS)}
    return sorted(found, key=lambda c: (order[c.kind], c.subject.lower(), c.predicate,
                                        c.object.lower(), c.one_side, c.other_side))


def _negations(corpus: Corpus) -> list[Conflict]:
    said: dict[tuple, list[ClaimRow]] = defaultdict(list)
    denied: dict[tuple, list[ClaimRow]] = defaultdict(list)
    for claim in corpus.claims:
        (denied if claim.negated else said)[claim.fact].append(claim)
    out = []
    for fact in set(said) & set(denied):
        yes, no = said[fact], denied[fact]
        if len({c.article for c in yes + no}) == 1:
            continue          # one article saying both is no disagreement between sources
        s, p, o = fact
        out.append(Conflict("negated", corpus.label(s), p, corpus.label(o), p, f"not {p}",
                            evidence_of(yes), evidence_of(no)))
    return out


def _stances(corpus: Corpus) -> list[Conflict]:
    by_pair: dict[tuple[str, str], dict[str, list[ClaimRow]]] = defaultdict(lambda: defaultdict(list))
    for claim in corpus.claims:
        if claim.predicate in STANCES and not claim.negated:
            by_pair[(claim.subject, claim.object)][claim.predicate].append(claim)
    out = []
    for (actor, target), sides in by_pair.items():
        if len(sides) == 2:
            out.append(Conflict("stance", corpus.label(actor), "supports/opposes",
                                corpus.label(target), "supports", "opposes",
                                evidence_of(sides["supports"]), evidence_of(sides["opposes"])))
    return out


def _dates(corpus: Corpus) -> list[Conflict]:
    # one is only more precise than the other: "2026" and "2026-03-03" agree
    return _differing_values(corpus, "date", lambda first, second, _: (
        second.startswith(first) or first.startswith(second)))


def _roles(corpus: Corpus) -> list[Conflict]:
    def agree(first: str, second: str, rows: dict[str, list[ClaimRow]]) -> bool:
        a, b = first.lower(), second.lower()
        articles = {c.article for c in rows[first]}
        # "Secretary" and "Commerce Secretary" agree; one article giving two
        # titles is no disagreement between sources
        return a in b or b in a or (articles == {c.article for c in rows[second]}
                                     and len(articles) == 1)

    return _differing_values(corpus, "role", agree, keep=lambda role: not is_past_or_temporary(role))


def _differing_values(corpus: Corpus, predicate: str,
                      agree: Callable[[str, str, dict[str, list[ClaimRow]]], bool],
                      keep: Callable[[str], bool] = lambda value: True) -> list[Conflict]:
    """Two values of a literal property (a date, a title) for one thing that do not agree."""
    by_thing: dict[str, dict[str, list[ClaimRow]]] = defaultdict(lambda: defaultdict(list))
    for claim in corpus.claims:
        if claim.predicate == predicate and not claim.negated and keep(claim.object):
            by_thing[claim.subject][claim.object].append(claim)
    out = []
    for thing, rows in by_thing.items():
        values = sorted(rows)
        for i, first in enumerate(values):
            for second in values[i + 1:]:
                if not agree(first, second, rows):
                    out.append(Conflict(predicate, corpus.label(thing), predicate, "", first,
                                        second, evidence_of(rows[first]), evidence_of(rows[second])))
    return out


def is_past_or_temporary(role: str) -> bool:
    return any(word in PAST_OR_TEMPORARY for word in role.lower().replace("-", " ").split()) \
        or role.lower().startswith("ex-")


def conflicts_text(found: list[Conflict]) -> str:
    if not found:
        return "No conflicts: no fact is both asserted and denied, no actor both supports " \
               "and opposes the same thing, no thing has two different dates and no person " \
               "two different titles.\n"
    lines = [f"{len(found)} conflict(s):"]
    for c in found:
        lines.append("")
        lines.append(f"[{c.kind}] {c.summary()}")
        for side, evidence in ((c.one_side, c.one), (c.other_side, c.other)):
            lines.append(f"  {side}:")
            lines += [f"    {e.line()}" for e in evidence]
    return "\n".join(lines) + "\n"


def conflicts_json(found: list[Conflict]) -> str:
    return json.dumps([asdict(c) for c in found], indent=2, sort_keys=True, ensure_ascii=False)
