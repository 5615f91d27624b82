"""Modality of a claim (asserted, reported, proposed, planned, hedged, negated)
and the confidence that follows from its pattern and modality."""

from __future__ import annotations

import functools

from spacy.tokens import Span, Token

from ..ontology import derived
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
    # a modality holds when one of its cue words is on the path or (with a
    # path) one of its cue phrases is in the sentence: which cue does not matter
    in_text = phrases_in(text)
    for modality, single in cue_words().items():
        if (path is not None and modality in in_text) or not words.isdisjoint(single):
            return modality
    if "Reported" in in_text or (" reportedly " in text and "reportedly" in cue_words()["Reported"]):
        return "Reported"
    return "Asserted"


@derived
def cue_words() -> dict[str, frozenset[str]]:
    """Each modality's one-word cues, strongest modality first."""
    cues = load_rules().modality_cues
    return {m: frozenset(c for c in cues[m] if " " not in c) for m in MODALITY_ORDER}


@derived
def cue_phrases() -> dict[str, tuple[str, ...]]:
    """Each modality's cue phrases (more than one word), as looked for in a
    sentence's :func:`lowered` text."""
    cues = load_rules().modality_cues
    return {m: tuple(f" {c} " for c in cues[m] if " " in c) for m in MODALITY_ORDER}


@functools.lru_cache(maxsize=2)   # the sentence at hand: its claims ask alike
def phrases_in(text: str) -> frozenset[str]:
    """The modalities one of whose cue phrases the sentence's text holds."""
    return frozenset(m for m, phrases in cue_phrases().items() if any(p in text for p in phrases))


def confidence(base: float, modality: str) -> float:
    return round(min(0.99, base * MODALITY_FACTOR[modality]), 2)
