"""The per-article halves of extraction, as plain functions an executor can run.

Extraction has two kinds of step. Some need one article only: parsing it
with spaCy, finding its mentions (:func:`analyse_texts`), and, once entities
are resolved, reading its relation candidates (:func:`claims_of`). Others
need the whole batch: resolution, the relation model's decision. The
per-article steps are written here as functions of picklable records, so
they run the same in this process, in a pool of processes or as tasks on a
Dask cluster (:mod:`aigraph.executors`), and their results are small:

- :class:`Names`: what resolution needs of a parsed article (its mentions,
  inner mentions, risk mentions and proper-noun tokens), without the Doc;
- the Doc itself travels as ``Doc.to_bytes()`` (without the tensor), the
  form the build cache stores, and is read back only when its claims are due.

:func:`names_to_json` / :func:`claims_to_json` give a stable text form for the
build cache and its keys.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

from spacy.tokens import Doc

from ..entrypoints import group_entry_points
from ..model import Article, Claim, Entity
from .mentions import Mention, RiskMention, find_mentions, find_risks, sentence_index

# srsly's msgpack (Doc bytes, cache files) looks its hooks up through catalogue on
# every call, each lookup a scan of the installed entry points: once per group
group_entry_points()

#: Doc parts the extractor never reads. The tensor (tok2vec output) is three
#: quarters of a serialised Doc and only feeds ``token.vector``.
EXCLUDE = ["tensor"]

#: Texts handed to ``nlp.pipe`` at once: spaCy's default (1,000) holds a
#: thousand parsed Docs in memory for no gain in speed.
PIPE_BATCH = 64


@dataclass
class Names:
    """What cross-article resolution needs of one parsed article."""

    mentions: list[Mention]
    inner: list[Mention]
    risks: list[RiskMention]
    #: the article's proper-noun tokens (index, text, sentence): a bare surname
    #: known from another article is looked for among them
    proper: list[tuple[int, str, int]] = field(default_factory=list)
    #: the inner mentions joined to another name by a hyphen ("US-UK"), by span
    pairs: list[tuple[int, int]] = field(default_factory=list)


def names_of(doc: Doc) -> Names:
    from .relations import is_hyphen_pair

    mentions, inner = find_mentions(doc)
    sents = sentence_index(doc)
    proper = [(t.i, t.text, sents[t.i]) for t in doc if t.pos_ == "PROPN"]
    pairs = [(m.start, m.end) for m in inner if is_hyphen_pair(doc, m)]
    return Names(mentions, inner, find_risks(doc), proper, pairs)


def doc_bytes(doc: Doc) -> bytes:
    return doc.to_bytes(exclude=EXCLUDE)


def read_doc(data: bytes) -> Doc:
    """A Doc from :func:`doc_bytes`, on a blank vocabulary (the trained pipeline
    is not needed to read one back)."""
    from ..cache import blank_vocab

    return Doc(blank_vocab()).from_bytes(data)


def analyse_texts(texts: list[str]) -> list[tuple[bytes, Names]]:
    """Parse texts and find their names: the per-article work before resolution.

    Runs wherever an executor puts it; the pipeline is loaded once per process."""
    from .nlp import load_pipeline
    from .pieces import pipe_texts

    return [(doc_bytes(doc), shared_empty_sets(names_of(doc)))
            for doc in pipe_texts(load_pipeline(), texts, batch_size=PIPE_BATCH)]


def shared_empty_sets(names: Names) -> Names:
    """``names`` with one shared empty set for every mention without aliases or
    long forms (most of them): two empty sets per mention were a quarter of
    the memory a build holds per article. Nothing changes a mention's sets
    after its article's passes found it."""
    for m in names.mentions + names.inner:
        if not m.aliases:
            m.aliases = _NO_NAMES
        if not m.long_forms:
            m.long_forms = _NO_NAMES
    return names


@dataclass
class ClaimTask:
    """One article's relation reading after resolution: the Doc, its resolved
    names, and the few facts about entities it may consult."""

    article: Article
    doc: bytes
    names: Names
    entities: dict[str, Entity]     # the entities its mentions name (key, class, label)
    leaders: dict[str, str]         # "X administration" keys among them -> person X


def claims_of(task: ClaimTask) -> list[Claim]:
    """The article's claims, before the domain check and the relation model."""
    from . import Parsed, article_claims

    names = task.names
    parsed = Parsed(task.article, read_doc(task.doc), names.mentions, names.inner, names.risks)
    return list(article_claims(parsed, task.entities, task.leaders))


def claims_of_all(tasks: list[ClaimTask]) -> list[list[Claim]]:
    """:func:`claims_of` for a chunk of articles (one executor task)."""
    return [claims_of(task) for task in tasks]


def claims_context(article: Article, names: Names, entities: dict[str, Entity],
                   leaders: dict[str, str]) -> tuple[dict[str, Entity], dict[str, str]]:
    """The part of the batch's entities and leaders an article's claims read:
    those its mentions name (so a change elsewhere leaves its claims cached)."""
    keys = sorted({m.key for m in names.mentions + names.inner if m.key})
    subset = {k: Entity(k, entities[k].cls, entities[k].label) for k in keys if k in entities}
    return subset, {k: leaders[k] for k in keys if k in leaders}


# ---------------------------------------------------------------------------
# A stable text form, for the build cache and its keys
# ---------------------------------------------------------------------------

def _fields_of(record) -> dict:
    """A flat dataclass's fields as a dict (``asdict`` deep-copies every value,
    and was most of the cost of an update's claims keys)."""
    names = _FIELD_NAMES.get(type(record))
    if names is None:
        names = _FIELD_NAMES[type(record)] = tuple(f.name for f in fields(record))
    return {name: getattr(record, name) for name in names}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _mention_json(m: Mention) -> dict:
    data = _fields_of(m)
    data["aliases"] = sorted(m.aliases)
    data["long_forms"] = sorted(m.long_forms)
    return data


def _mention(data: dict) -> Mention:
    """A Mention from :func:`_mention_json`'s dict (fresh from ``json.loads``,
    so it becomes the mention's own attributes: an update reads every
    article's names, and the constructor's copy was a third of it)."""
    if data.keys() != _MENTION_KEYS:   # written by another version: the constructor checks it
        data = dict(data, aliases=set(data["aliases"]), long_forms=set(data["long_forms"]))
        return Mention(**data)
    # most mentions have neither: one shared empty set (see shared_empty_sets)
    data["aliases"] = set(data["aliases"]) if data["aliases"] else _NO_NAMES
    data["long_forms"] = set(data["long_forms"]) if data["long_forms"] else _NO_NAMES
    mention = object.__new__(Mention)
    mention.__dict__ = data
    return mention


_MENTION_KEYS = {f.name for f in fields(Mention)}
_NO_NAMES: frozenset[str] = frozenset()


def names_to_json(names: Names) -> str:
    return json.dumps({"mentions": [_mention_json(m) for m in names.mentions],
                       "inner": [_mention_json(m) for m in names.inner],
                       "risks": [_fields_of(r) for r in names.risks],
                       "proper": names.proper, "pairs": names.pairs},
                      sort_keys=True, ensure_ascii=False)


def names_from_json(text: str) -> Names:
    data = json.loads(text)
    return Names([_mention(m) for m in data["mentions"]], [_mention(m) for m in data["inner"]],
                 [RiskMention(**r) for r in data["risks"]],
                 [tuple(p) for p in data["proper"]], [tuple(p) for p in data["pairs"]])


_CLAIM_FIELDS = tuple(f.name for f in fields(Claim))


def claim_rows(claims: list[Claim]) -> list[dict]:
    """Claims as JSON-ready rows (field by field: dataclasses.asdict deep-copies,
    and was most of the cost)."""
    return [{name: getattr(c, name) for name in _CLAIM_FIELDS} | {"signals": sorted(c.signals)}
            for c in claims]


def claims_from_rows(rows: list[dict], signals: bool = True) -> list[Claim]:
    """Claims from :func:`claim_rows`; ``signals=False`` leaves their signals out
    (a build does not export them, and a large batch's would fill the memory).
    Repeated strings (a sentence, a key) are shared, not held once per claim."""
    shared: dict[str, str] = {}
    claims = []
    for row in rows:
        values = {k: shared.setdefault(v, v) if isinstance(v, str) else v for k, v in row.items()}
        values["signals"] = frozenset(row["signals"]) if signals else frozenset()
        claims.append(Claim(**values))
    return claims


#: The fields of a claim a compact row holds: all but the relation model's features.
_COMPACT_FIELDS = tuple(name for name in _CLAIM_FIELDS if name != "signals")
#: The order :func:`claims_from_compact` reads a row in (Claim's own, signals left out).
_POSITIONAL = ("subject", "predicate", "object", "article", "evidence", "modality",
               "confidence", "datatype", "review")


def compact_rows(claims: list[Claim]) -> list[list]:
    """Decided claims as short rows of values (no features, no field names):
    the consolidated cache of an update reads thousands of them."""
    return [[getattr(c, name) for name in _COMPACT_FIELDS] for c in claims]


def claims_from_compact(rows: list[list], shared: dict[str, str] | None = None) -> list[Claim]:
    """Claims from :func:`compact_rows`, without signals. Repeated strings are
    held once (``shared`` may span articles: keys recur across them)."""
    shared = {} if shared is None else shared
    if _COMPACT_FIELDS != _POSITIONAL or _CLAIM_FIELDS != _CLAIM_KEYS:   # pragma: no cover
        return [Claim(**{name: shared.setdefault(v, v) if isinstance(v, str) else v
                         for name, v in zip(_COMPACT_FIELDS, row)})
                for row in rows]
    # positionally, and without the frozen dataclass's __init__ (one
    # object.__setattr__ per field): that was most of an update's claims time
    held = shared.setdefault
    return [_claim(dict(zip(_CLAIM_KEYS, (held(s, s), held(p, p), held(o, o), held(a, a),
                                          held(e, e), held(m, m), confidence, datatype,
                                          _NO_SIGNALS, review))))
            for s, p, o, a, e, m, confidence, datatype, review in rows]


_CLAIM_KEYS = ("subject", "predicate", "object", "article", "evidence", "modality",
               "confidence", "datatype", "signals", "review")
_NO_SIGNALS: frozenset[str] = frozenset()


def _claim(values: dict) -> Claim:
    """A Claim holding ``values`` (every field, in :data:`_CLAIM_KEYS`), made
    without its constructor; equal to ``Claim(**values)``."""
    claim = object.__new__(Claim)
    claim.__dict__.update(values)
    return claim


def context_json(task: ClaimTask) -> str:
    """Everything :func:`claims_of` reads besides the Doc, as stable text."""
    return json.dumps({"article": asdict(task.article) | {"text": None},
                       "names": names_to_json(task.names),
                       "entities": {k: [e.cls, e.label] for k, e in task.entities.items()},
                       "leaders": task.leaders}, sort_keys=True, ensure_ascii=False)
