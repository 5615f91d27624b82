"""Hand-made extractions for the time features (no spaCy): articles with
dates and publishers, and claims whose answers are known."""

from __future__ import annotations

from aigraph.graph import build_graph
from aigraph.history import read_corpus
from aigraph.model import Article, Claim, Entity, Extraction

BAR = 0.5


def article(id_, date=None, publisher=None, url=None):
    return Article(id=id_, source=f"{id_}.txt", text="...", title=f"Story {id_}", date=date,
                   publisher=publisher, url=url)


def claim(s, p, o, art, evidence, modality="Asserted", confidence=0.8, datatype=None):
    return Claim(s, p, o, art, evidence, modality=modality, confidence=confidence,
                 datatype=datatype)


def entity(key, cls, label, articles):
    return Entity(key, cls, label, set(), set(articles))


def extraction(articles, entities, claims) -> Extraction:
    return Extraction(articles=articles, entities={e.key: e for e in entities}, claims=claims)


def corpus_of(ex: Extraction, bar: float = BAR):
    return read_corpus(build_graph(ex, BAR), bar)
