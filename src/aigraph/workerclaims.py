"""Each article's claims read, decided and encoded where its parse ran: in the workers.

A cold build used to read an article's relation candidates on a worker and
then, in the build process, decide them with the relation model, write the
claims cache entry (every candidate with its features, as JSON, compressed)
and make the compact rows of the consolidated cache. That was most of the
build process's own work, done beside the workers (a third busy process on
a 2-core machine) and, with more cores than workers or on a cluster, the
step every worker would wait for.

Deciding an article's claims reads only the relation model and the classes
of the entities its candidates name (:func:`aigraph.extract.in_domain`,
:func:`aigraph.extract.decide.decide` and the decision key of
:class:`aigraph.extract.Decision` read nothing else of the batch). So each
task carries, beside the article's claims task, the classes of every entity
its candidates can name (the entities its mentions name, the leaders they
stand for, the article's risks), and the worker returns what the build
process used to make: the decision key, the compact rows, the compressed
claims entry. The build process checks that each named key's class is the
batch's (an entity the task did not carry, named anyway, fails the check),
and decides such an article itself, as before: the claims, their cache
entries and the graph are byte for byte those of deciding in the build
process (``tests/test_workerclaims.py``).

The Doc travels as the cache entry's bytes, still compressed: the worker
unpacks it, so the build process only reads the file. The relation model
travels as its pickle, made once (:class:`ModelParcel`), and each worker
unpickles it once: as a model object in every task it was pickled for each
chunk of 16 articles (1.3 MB, 36,000 weights) and unpickled again in the
worker (20 ms a chunk).
"""

from __future__ import annotations

import json
import pickle
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

import srsly

from .cache import COMPRESSION_LEVEL   # a claims entry is written as the cache writes it
from .model import Article, Claim, Entity

if TYPE_CHECKING:
    from .cache import ParseCache
    from .diskclaims import DiskClaims
    from .executors import Executor
    from .extract import Decision
    from .extract.decide import RelationModel
    from .extract.perarticle import ClaimTask



@dataclass
class DecideTask:
    """One article's claims work for a worker."""

    claims: ClaimTask      # its ``doc`` is empty: the Doc comes in ``entry``
    entry: bytes           # the article's cache entry as stored (compressed), or its Doc bytes
    compressed: bool       # whether ``entry`` is a compressed cache entry
    classes: dict[str, str]  # entity key -> class, of every entity its claims can name
    model: ModelParcel | RelationModel | None   # the relation model (see ModelParcel.open)
    model_key: str         # :func:`aigraph.extract.model_fingerprint` of ``model``
    encode: bool           # make the claims cache entry (the build has a cache folder)
    signals: bool          # return the claims with the relation model's features


class ModelParcel:
    """The relation model for the tasks of a batch: its pickle, made once
    (when the tasks are first sent to a worker: not for tasks run here), and
    the model itself where it was made (not pickled with the parcel). A
    worker unpickles a model once (by its fingerprint, which is all a
    decision reads of it: :func:`aigraph.extract.model_fingerprint`)."""

    def __init__(self, model: RelationModel, key: str) -> None:
        self.key = key
        self.data: bytes | None = None
        self._model: RelationModel | None = model

    def __getstate__(self) -> dict:
        if self.data is None:
            self.data = pickle.dumps(self._model, protocol=pickle.HIGHEST_PROTOCOL)
        return {"key": self.key, "data": self.data, "_model": None}

    def open(self) -> RelationModel:
        if self._model is None:
            model = _OPENED.get(self.key)
            if model is None:
                if len(_OPENED) >= 4:   # a process that saw other models: the newest only
                    _OPENED.clear()
                model = _OPENED[self.key] = pickle.loads(self.data)
            self._model = model
        return self._model


#: The models unpickled in this process, by fingerprint (see ModelParcel).
_OPENED: dict[str, RelationModel] = {}


def _model_of(task: DecideTask) -> RelationModel | None:
    model = task.model
    return model.open() if isinstance(model, ModelParcel) else model


@dataclass
class Decided:
    """What a worker returns for one article."""

    named: list[str]          # the entity keys and literals its candidates name
    decision: str             # the decision key (model and the classes of ``named``)
    rows: list[list]          # the decided claims as compact rows
    entry: bytes | None       # the compressed claims entry, when asked to encode
    full: list[dict] | None   # the decided claims with their features, when asked


def decision_key(model_key: str, named: list[str], entities: dict[str, Entity]) -> str:
    """:meth:`aigraph.extract.Decision.key` (its own code), without the model's
    fingerprint made again in each task (a hash of all its weights)."""
    from .extract import Decision

    judge = object.__new__(Decision)
    judge.model_key, judge.entities = model_key, entities
    return judge.key(named)


def _doc_bytes(task: DecideTask) -> bytes:
    if not task.compressed:
        return task.entry
    return srsly.msgpack_loads(zlib.decompress(task.entry))["doc"]


def decide_one(task: DecideTask) -> Decided:
    """Read, decide and encode one article's claims, as
    :meth:`aigraph.extract.Decision.of` does for a fresh entry."""
    from .extract import merge_claims, in_domain
    from .extract.perarticle import claims_of, compact_rows

    raw = claims_of(replace(task.claims, doc=_doc_bytes(task)))
    rows = _sorted_rows(raw)
    named = sorted({r["subject"] for r in rows} | {r["object"] for r in rows})
    # only .cls of the entities is read by the decision
    entities = {k: Entity(k, task.classes[k], "") for k in named if k in task.classes}
    decision = decision_key(task.model_key, named, entities)
    decided = merge_claims([c for c in raw if in_domain(c, entities)], entities,
                           _model_of(task))
    full = _sorted_rows(decided)
    entry = None
    if task.encode:
        # every dict's keys are in order already: the text sort_keys=True gives
        text = json.dumps({"decided": {decision: full}, "raw": rows}, ensure_ascii=False)
        entry = zlib.compress(text.encode("utf-8"), COMPRESSION_LEVEL)
    return Decided(named, decision, compact_rows(decided), entry, full if task.signals else None)


def _sorted_rows(claims: list[Claim]) -> list[dict]:
    """:func:`aigraph.extract.perarticle.claim_rows`, each row's keys in sorted
    order (JSON with sorted keys is then written without sorting each row)."""
    return [{name: sorted(c.signals) if name == "signals" else getattr(c, name)
             for name in _SORTED_FIELDS} for c in claims]


_SORTED_FIELDS = tuple(sorted(f.name for f in fields(Claim)))


def decide_all(tasks: list[DecideTask]) -> list[Decided]:
    """:func:`decide_one` for a chunk of articles (one executor task)."""
    return [decide_one(task) for task in tasks]


def task_classes(claims: ClaimTask, entities: dict[str, Entity]) -> dict[str, str]:
    """The classes of every entity an article's claims can name: those its
    mentions name (its claims task's), the people its leaders stand for, its risks."""
    classes = {k: e.cls for k, e in claims.entities.items()}
    for person in claims.leaders.values():
        if person in entities:
            classes[person] = entities[person].cls
    for risk in claims.names.risks:
        key = f"risk/{risk.concept}"
        if key in entities:
            classes[key] = entities[key].cls
    return classes


def holds(decided: Decided, entities: dict[str, Entity], classes: dict[str, str]) -> bool:
    """Whether the worker decided with the batch's classes of every named key."""
    for key in decided.named:
        entity = entities.get(key)
        if (entity.cls if entity is not None else "-") != classes.get(key, "-"):
            return False
    return True


def claims_by_key(articles: list[Article], tasks: Sequence[ClaimTask], keys: list[str],
                  store: ParseCache, executor: Executor, decision: Decision,
                  sink: DiskClaims | None = None) -> list[Claim] | DiskClaims:
    """:func:`aigraph.extract.claims_by_key`, with the articles read afresh
    decided and encoded on the executor (see the module doc). With ``sink``
    (and no features asked for) each article's claims go into it as they are
    found, none held as objects, and ``sink`` is returned."""
    from .extract import TASK_ARTICLES, _chunks, _runner, cached_claims
    from .extract.perarticle import claims_from_compact, claims_from_rows, compact_rows

    release = getattr(tasks, "done", None)   # names no longer read (aigraph.incremental.ClaimTasks)
    if sink is not None and not decision.signals:
        found, todo = {}, _cached_into(sink, keys, store, decision, release)
    else:
        sink = None
        found, todo = cached_claims(keys, store, decision)
        if release is not None:
            for i in found:
                release(i)
    classes = {}
    encode = store.claims_folder is not None
    parcel = None   # made when the first task is (a build from the cache makes none)

    def loaded(chunk: list[int]) -> list[DecideTask]:
        nonlocal parcel
        if parcel is None:
            parcel = (ModelParcel(decision.model, decision.model_key)
                      if decision.model is not None else None)
        made = []
        for i in chunk:
            task = tasks[i]   # made when asked for (see aigraph.incremental.ClaimTasks)
            classes[i] = task_classes(task, decision.entities)
            data, compressed = store.entry_bytes(articles[i].id)
            made.append(DecideTask(task, data, compressed, classes[i], parcel,
                                   decision.model_key, encode, decision.signals))
        return made

    store.claims_read += len(todo)
    chunks = _chunks(todo, TASK_ARTICLES)
    results = _runner(executor, chunks).map(decide_all, (loaded(c) for c in chunks))
    for chunk, result in zip(chunks, results):
        for i, done in zip(chunk, result):
            if not holds(done, decision.entities, classes.pop(i)):
                here = _decide_here(articles[i], tasks[i], keys[i], store, decision)
                if sink is not None:
                    sink.put(i, compact_rows(here))
                else:
                    found[i] = here
                continue
            if done.entry is not None:
                store.put_claims_data(keys[i], done.entry)
            store.put_decided(keys[i], done.named, done.decision, done.rows)
            if sink is not None:
                sink.put(i, done.rows)
            else:
                found[i] = (claims_from_rows(done.full) if done.full is not None
                            else claims_from_compact(done.rows, decision.shared))
        if release is not None:
            for i in chunk:
                release(i)
    if sink is not None:
        return sink
    return [c for i in range(len(articles)) for c in found[i]]


def _cached_into(sink: DiskClaims, keys: list[str], store: ParseCache, decision: Decision,
                 release) -> list[int]:
    """:func:`aigraph.extract.cached_claims` into ``sink``: each article whose
    claims the cache holds has them put there (its names released), none kept
    as objects; returns the indexes of the others (their claims must be read).
    A kept record's rows go as they are: :meth:`aigraph.extract.Decision.compact`
    makes claims of the same record (when its decision holds), whose rows they are."""
    from .cache import shard_order
    from .extract.perarticle import compact_rows

    todo = []
    for i in shard_order(keys):   # each shard of the last build's records read once, one held
        key = keys[i]
        record = store.decided(key)   # Decision.compact, without making the claims
        if record is not None and record[1] == decision.key(record[0]):
            sink.put(i, record[2])
        else:
            entry = store.claims(key)
            if entry is None:
                todo.append(i)
                continue
            sink.put(i, compact_rows(decision.of(store, key, entry)))
        if release is not None:
            release(i)
    return sorted(todo)


def _decide_here(article: Article, task: ClaimTask, key: str, store: ParseCache,
                 decision: Decision) -> list[Claim]:
    """An article whose claims named an entity its task did not carry: read
    and decided here, with the batch's entities (what the build did before)."""
    from .extract.perarticle import claim_rows, claims_of

    claims = claims_of(replace(task, doc=store.doc_bytes(article.id)))
    store.decided_here += 1
    return decision.of(store, key, {"raw": claim_rows(claims)}, claims)
