"""Extraction with the build cache, keyed cheaply: what an update reuses.

:func:`aigraph.extract.extract` keys each article's cached claims on the text
of everything they read (:func:`~aigraph.extract.perarticle.context_json`:
the article's record, its resolved names as JSON, the classes and labels of
the entities they name): an update of one article made that text, and its
sha256, for every article of the graph (2.4 s of CPU at 10,000 articles).

:func:`extract` here is the same extraction (it calls the same steps, in the
same order; ``tests/test_incremental.py`` compares the two) with one
difference: each article's claims key is looked up in a table of the last
build (``OUT/cache/claim-keys.msgpack``, article id -> ``[signature, claims
key]``) under a *signature* of the same inputs, a digest of plain values
(the extractor, the Doc's cache key, the article's record, every field of
its resolved mentions, the entities and leaders it reads) that costs a
fraction of the JSON text. A signature that is not in the table (new
article, changed context, another extractor) gets its key from the context's
text as before. The table maps inputs to a key through a pure function, so
an entry can never be stale: at worst it is missed.

Its resolution is :mod:`aigraph.resolution`'s: the last build's, with only
the names the change can reach resolved again (the same entities).

It also records, per article, which decided claims it got (the claims key
and the decision key, :attr:`ClaimIdentities.now`): the graph's units
(:mod:`aigraph.graphdelta`) need not fingerprint again an article whose
claims and record did not change and whose facts no changed article backs.
"""

from __future__ import annotations

import hashlib
import marshal
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import srsly

from .diskclaims import DiskClaims
from .entrypoints import group_entry_points
from .model import Article, Claim, Entity, Extraction

if TYPE_CHECKING:
    from .cache import ParseCache
    from .executors import Executor
    from .extract.decide import RelationModel
    from .extract.perarticle import Names

# srsly's msgpack (Doc bytes, cache files) looks its hooks up through catalogue on
# every call, each lookup a scan of the installed entry points: once per group
group_entry_points()

#: In the cache folder: article id -> [signature, claims key] of the last build.
KEYS_FILE = "claim-keys.msgpack"
_LEVEL = 1


@dataclass
class ClaimIdentities:
    """Which decided claims each article of a build got: ``"<claims key>
    <decision key>"`` by article id (equal identities, equal claims)."""

    now: dict[str, str] = field(default_factory=dict)


def extract(articles: list[Article], progress: Callable[[Article], None] | None = None,
            docs: ParseCache | None = None,
            model: RelationModel | None | Literal["shipped"] = "shipped",
            executor: Executor | None = None, signals: bool = True) -> Extraction:
    """:func:`aigraph.extract.extract`, with the claims keys of the build cache
    ``docs`` looked up by signature (see the module doc). Without a cache
    folder it is that function."""
    from . import extract as stage
    from .resolution import resolver_for

    cached = docs is not None and docs.folder is not None
    if not cached:
        return stage.extract(articles, progress=progress, docs=docs, model=model,
                             executor=executor, signals=signals)
    # the claims on disk (a DiskClaims) are kept by extract() as they are: in order already
    return stage.extract(articles, progress=progress, docs=docs, model=model,
                         executor=executor, signals=signals, claims_of=claims_all,
                         resolver=resolver_for(docs))


def claims_all(articles: list[Article], names: list[Names], entities: dict[str, Entity],
               leaders: dict[str, str], store: ParseCache, executor: Executor,
               model: RelationModel | None, signals: bool) -> list[Claim] | DiskClaims:
    """:func:`aigraph.extract.article_claims_all` with the keys from the table.
    Without the relation model's features, the claims go to a
    :class:`~aigraph.diskclaims.DiskClaims` (in the cache folder), which is returned."""
    from .extract import Decision
    from .workerclaims import claims_by_key   # decided and encoded in the workers
    from .extract.perarticle import ClaimTask, claims_context, context_json

    table = KeyTable(store)
    table.leaders = leaders
    unchanged = Unchanged(store.resolution, table)
    keys: list[str] = []
    for article, n in zip(articles, names):
        record = _hash_record(article)
        kept = unchanged.kept(article, n, record)
        if kept is not None:   # its context is the last build's: its names stay encoded
            table.put(article.id, kept[0], kept[1], record)
            keys.append(kept[1])
            continue
        subset, lead = claims_context(article, n, entities, leaders)
        signature = table.signature(article, n, subset, lead)
        key = table.key(article.id, signature)
        if key is None:   # a new context: its key from its text, as extract() makes it
            key = store.claims_key(article.id, context_json(ClaimTask(article, b"", n, subset,
                                                                      lead)))
            store.keys_from_text += 1
        table.put(article.id, signature, key, record)
        keys.append(key)
    table.write()
    tasks = ClaimTasks(articles, names, entities, leaders)
    folder = Path(store.folder).parent
    sink = None if signals else DiskClaims([a.id for a in articles],
                                           folder if folder.is_dir() else None)
    claims = claims_by_key(articles, tasks, keys, store, executor,
                           Decision(entities, model, signals), sink)
    # every article's names are released by now (see ClaimTasks.done): nothing reads them again
    store.identities = ClaimIdentities({a.id: f"{key} {store.decision_now(key)}"
                                        for a, key in zip(articles, keys)})
    return claims


class ClaimTasks:
    """Each article's claims task, made when asked for: an article's task holds
    a copy of every entity its mentions name, and kept for the whole batch
    they were the largest part of a build's memory that grew with the batch
    (an update asks for a few; a cold build for a window of tasks at a time).

    The batch's ``names`` list is consumed: once an article's claims are
    decided (:meth:`done`) its entry is set to None, so a cold build does not
    hold every article's decoded names (its mentions as objects, about as
    large as its decided claims) while the claims of the last articles are
    read: the names of the articles done make room for their claims."""

    def __init__(self, articles: list[Article], names: list[Names], entities: dict[str, Entity],
                 leaders: dict[str, str]) -> None:
        self.articles, self.names, self.entities, self.leaders = articles, names, entities, leaders

    def __len__(self) -> int:
        return len(self.articles)

    def done(self, i: int) -> None:
        """Article ``i``'s claims are decided: its names are not read again."""
        self.names[i] = None

    def __getitem__(self, i: int):
        from .extract.perarticle import ClaimTask, claims_context

        article, names = self.articles[i], self.names[i]
        return ClaimTask(article, b"", names, *claims_context(article, names, self.entities,
                                                               self.leaders))


class Unchanged:
    """Which articles' claims contexts are the last build's, known without
    decoding their names: the names still encoded (so resolution placed none
    of them again, :mod:`aigraph.resolution`), the same record, and none of
    the entities they name (keys kept from the last build, the keys its inner
    names carry) changed record or leader. Everything the signature reads is
    then as it was, so its signature and key are the table's."""

    def __init__(self, stats, table: KeyTable) -> None:
        self.encoded = stats.encoded if stats is not None else {}
        self.changed = stats.changed if stats is not None else set()
        self.table = table

    def kept(self, article: Article, names, record: str) -> list[str] | None:
        """The last build's [signature, key] of the article, when they hold."""
        from .lazynames import is_encoded

        keys = self.encoded.get(article.id)
        previous = self.table.previous.get(article.id)
        if (keys is None or not is_encoded(names) or previous is None or len(previous) < 3
                or previous[2] != record or self.table.previous_leaders is None):
            return None
        named = set(keys).union(names.summary.inner_keys)
        named.discard(None)
        if not self.changed.isdisjoint(named):
            return None
        now, before = self.table.leaders, self.table.previous_leaders
        if any(now.get(k) != before.get(k) for k in named):
            return None
        return previous[:2]


class KeyTable:
    """The claims keys of the last build by article and signature, and this
    build's, written beside the other consolidated cache files."""

    def __init__(self, store: ParseCache) -> None:
        self.store = store
        self.path = Path(store.folder).parent / KEYS_FILE
        self.previous, self.previous_leaders = _read(self.path, store.extractor)
        self.now: dict[str, list[str]] = {}
        #: this build's leaders (see aigraph.extract.leaders_by_name), kept with the keys
        self.leaders: dict[str, str] = {}

    def signature(self, article: Article, names: Names, subset: dict[str, Entity],
                  leaders: dict[str, str]) -> str:
        """A digest of what the context's text is made of (see the module doc).
        The Doc's cache key stands for the names' parts resolution does not
        touch (risks, proper nouns, hyphen pairs: found in the Doc under this
        extractor); every field of every mention after resolution is in."""
        values = (self.store.extractor, self.store.doc_key(article.id), _record(article),
                  _mentions_values(names.mentions), _mentions_values(names.inner),
                  [(k, e.cls, e.label) for k, e in sorted(subset.items())],
                  sorted(leaders.items()))
        try:   # marshal's format 0: no refs, no interning flags, so equal values give equal bytes
            data = marshal.dumps(values, 0)
        except ValueError:   # a value marshal cannot write (a field of another type)
            data = repr(values).encode("utf-8")
        return hashlib.blake2b(data, digest_size=16).hexdigest()

    def key(self, article_id: str, signature: str) -> str | None:
        record = self.previous.get(article_id)
        return record[1] if record is not None and record[0] == signature else None

    def put(self, article_id: str, signature: str, key: str, record: str) -> None:
        self.now[article_id] = [signature, key, record]

    def write(self) -> None:
        from .cache import _write_atomically

        if not self.path.parent.is_dir():
            return
        data = {"extractor": self.store.extractor, "keys": dict(sorted(self.now.items())),
                "leaders": dict(sorted(self.leaders.items()))}
        _write_atomically(self.path, zlib.compress(srsly.msgpack_dumps(data), _LEVEL))


def _read(path: Path, extractor: str) -> tuple[dict[str, list[str]], dict[str, str] | None]:
    """The table kept at ``path`` under this extractor and the leaders of its
    build; {} and None when there is none or it cannot be read (every key is
    then made from its context's text)."""
    try:
        data = srsly.msgpack_loads(zlib.decompress(path.read_bytes()))
        if data["extractor"] != extractor or not isinstance(data["keys"], dict):
            return {}, None
        leaders = data.get("leaders")
        return data["keys"], leaders if isinstance(leaders, dict) else None
    except Exception:  # noqa: BLE001 - a disposable speed-up: any damage means "not known"
        return {}, None


_ARTICLE_FIELDS = tuple(f.name for f in fields(Article) if f.name != "text")


def _record(article: Article) -> tuple:
    """The article's fields that its context reads (all but its text: the Doc key covers it)."""
    return tuple(getattr(article, name) for name in _ARTICLE_FIELDS)


def _hash_record(article: Article) -> str:
    return hashlib.blake2b(repr(_record(article)).encode("utf-8"), digest_size=12).hexdigest()


def _mentions_values(mentions: list) -> list[tuple]:
    """Every field of each mention, its sets sorted (their order differs between processes)."""
    if not mentions:
        return []
    plain, sets = _getters(type(mentions[0]))
    return [(plain(m), tuple(map(sorted, sets(m)))) for m in mentions]


@lru_cache(maxsize=4)
def _getters(cls: type) -> tuple[Callable, Callable]:
    """Two getters, of a dataclass's plain fields and of its set fields, each
    returning a tuple (made in C: a generator per mention cost more than the
    context's JSON did)."""
    names = [f.name for f in fields(cls)]
    set_names = [f.name for f in fields(cls) if f.default_factory in (set, frozenset)]
    plain_names = [n for n in names if n not in set_names]

    def getter(selected: list[str]) -> Callable:
        if len(selected) == 1:   # attrgetter of one name returns the value itself
            only = attrgetter(selected[0])
            return lambda obj: (only(obj),)
        return attrgetter(*selected) if selected else (lambda obj: ())

    return getter(plain_names), getter(set_names)
