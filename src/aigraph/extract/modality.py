"""Modality of a claim (asserted, reported, proposed, planned, hedged, negated)
and the confidence that follows from its pattern and modality."""

from __future__ import annotations

import functools

from spacy.tokens import Span, Token

from .rules import MODALITY_ORDER, load_rules

#: How much a modality lowers the confidence of the pattern that found the fact.
MODALITY_FACTOR = {"Asserted": 1.0, "Reported": 0.9, "Planned": 0.85, "Proposed": 0.8,
                   "Hedged": 0.7, "Negated": 0.9}
SCOPE_DEPS = {"aux", "auxpass", "neg", "advmod", "mark", "prt", "det", "xcomp", "amod"}


def cue_tokens(path: list[Token], barred: frozenset[int] = frozenset()) -> list[Token]:
    """The path between actor and target, with the auxiliaries and adverbs on it
    (and on the verb a complement clause hangs from, unless ``barred``)."""
    tokens = list(path)
    for token in path:
        tokens += [c for c in token.children if c.dep_ in SCOPE_DEPS]
        if (token.dep_ in ("xcomp", "ccomp") and token.head.i not in {t.i for t in tokens}
                and token.head.i not in barred):
            tokens.append(token.head)
            tokens += [c for c in token.head.children if c.dep_ in SCOPE_DEPS]
    return tokens


@functools.lru_cache(maxsize=2)   # the article at hand only: a doc is large
def lowered(doc, start: int, end: int) -> str:
    """A sentence's text in lower case between spaces: read once per sentence,
    not once per fact (a very long sentence holds many)."""
    return f" {doc[start:end].text.lower()} "


def modality_of(sentence: Span, path: list[Token] | None = None,
                predicate: str | None = None, barred: frozenset[int] = frozenset()) -> str:
    """The first modality (strongest first) whose cues stand on the path, or that the
    sentence reports ("according to", "reportedly"). Cues on ``barred`` tokens
    (a clause that is not the actor's) do not count."""
    rules = load_rules()
    text = lowered(sentence.doc, sentence.start, sentence.end)
    cues = cue_tokens(path, barred) if path else []
    words = {t.lower_ for t in cues} | {t.lemma_.lower() for t in cues}
    if predicate == "opposes":
        # "rejected", "refused" state the opposition itself, not its negation
        words -= rules.triggers.get("opposes", frozenset())
    for modality in MODALITY_ORDER:
        for cue in rules.modality_cues[modality]:
            if " " in cue:
                if path is not None and f" {cue} " in text:
                    return modality
            elif cue in words:
                return modality
    for cue in rules.modality_cues["Reported"]:
        if (" " in cue and f" {cue} " in text) or (cue == "reportedly" and " reportedly " in text):
            return "Reported"
    return "Asserted"


def confidence(base: float, modality: str) -> float:
    return round(min(0.99, base * MODALITY_FACTOR[modality]), 2)
