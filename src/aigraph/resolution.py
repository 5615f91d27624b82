"""Entity resolution proportional to what changed: the last build's reused.

:func:`aigraph.extract.resolve.resolve` clusters every located name of the
batch. An update of one article onto 10,000 changes few clusters, but
shared entities (a country) join nearly every article, so the batch's
connected components are the whole batch. This module finds instead the
*dirty* part: the names whose resolution may change, and resolves them with
the same function, keeping the rest from the last build.

Every decision :func:`~aigraph.extract.resolve.resolve` makes for a name
reads only names that share a *blocking key* with it (the keys below mirror
its passes) or that are in the cluster of such a name. So the dirty part
starts from the names of the articles that changed (and the last build's
clusters of the articles that changed or went) and grows by two rules until
nothing is added:

* a cluster of the last build with a dirty name is dirty whole (and so is
  every name in it, but see below);
* a name sharing a key with a dirty name is dirty.

A shared entity with a fixed gazetteer key (a country) is in nearly every
article, so the first rule made an update decode and resolve again every
article naming it. A clean name with a fixed key resolves to that key
whatever else changes, and every decision it takes part in is taken the same
way by an identical name earlier in the batch (the same fields, positions
aside: the same key, forms, class): the first name of a form, of a key and
of a cluster is never the later one. So such a name is left out when an
identical *stand-in* precedes it among the dirty names (its article is then
added to the entity afterwards; its aliases are the stand-in's), unless its
article's local groups reach it, or the entity takes a person's name (the
pass joining bare surnames reads which clusters an article's names are in):
then it is dirty as before. Each name's identity for this (a digest of its
fields, "" for a name without a fixed key) is kept in the state.

Keys are *global* (looked up across the batch: a fixed gazetteer key, a
normalised form or label, the words of people's names) or *local* (within
one article: the short-name and long-form passes); the local ones are kept
as each article's groups of names joined by them. Some global keys have two
sides: the words of a full person name matter only to a bare name that
looks them up ("Quellen" -> "Marta Quellen"), so two full names sharing a
word are not joined through it unless such a bare name is dirty. The dirty
names are resolved alone (in batch order, as the batch would); no decision
about them reads a clean name and no decision about a clean name reads a
dirty one, so each side comes out as in a full resolution. Two clusters that
end up with the same entity key share one entity: a dirty one that takes a
clean one's key makes it dirty, and the dirty part is resolved again.

The state (``OUT/cache/resolution.msgpack``, under the extractor's
fingerprint) holds, per article, a fingerprint of its located names (the
caller's: its Doc key and what the batch's known surnames change in it),
the entity key of each of its names and its local groups; per entity, its
fields, its first name's place and its global keys. It maps inputs to a
result through pure functions, so it can be used by any later build.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import srsly

from .entrypoints import group_entry_points
from .model import Article, Entity

if TYPE_CHECKING:
    from .cache import ParseCache
    from .extract.mentions import Mention
    from .extract.perarticle import Names
    from .extract.resolve import Located

# srsly's msgpack (Doc bytes, cache files) looks its hooks up through catalogue on
# every call, each lookup a scan of the installed entry points: once per group
group_entry_points()

#: In the cache folder: the last build's resolution (see the module doc).
STATE_FILE = "resolution.msgpack"
#: Changes when what the state holds, or how keys are made, changes.
_FORMAT = 3
_LEVEL = 1

#: The partner of each side of a global key: "s" keys join their own kind,
#: an "o" key (a full name offers a word) joins the "k" keys that seek it.
_PARTNER = {"s": "s", "o": "k", "k": "o"}
#: Joins the lists of strings the state holds as one string each (keys,
#: article ids): one string decodes much faster than thousands, and most are
#: never split.
SEP = "\x1f"


@dataclass
class State:
    """The last build's resolution (see the module doc)."""

    extractor: str = ""
    #: article id -> [fingerprint, entity key of each located name (joined by
    #:                SEP), local group of each, stand-in digest of each (joined)]
    articles: dict[str, list] = field(default_factory=dict)
    #: entity key -> [cls, label, aliases, articles (joined), same_as, first
    #:                article, first name's index in it, global keys of its names (joined)]
    entities: dict[str, list] = field(default_factory=dict)


@dataclass
class Stats:
    """How much of the batch was resolved again."""

    names: int = 0        # located names in the batch
    resolved: int = 0     # names resolved again (the dirty part)
    rounds: int = 0       # resolutions run (more than one: an entity key was taken)
    #: clean names with a fixed key left out of the dirty part: an identical
    #: name before them stood in (see the module doc)
    stood_in: int = 0
    #: entity keys whose record may differ from the last build's (dirty, new or gone)
    changed: set[str] = field(default_factory=set)
    #: articles whose names kept the last build's keys without being decoded,
    #: with those keys
    encoded: dict[str, list[str]] = field(default_factory=dict)


# --- keys --------------------------------------------------------------------

def global_keys(mention: Mention) -> list[str]:
    """The keys by which this name's resolution meets names of other articles,
    each prefixed by its side ("s", "o" or "k", see :data:`_PARTNER`)."""
    from .extract.resolve import norm

    label = mention.label
    keys = [f"s|l|{norm(label)}"]             # same chosen labels join (join_same_labels)
    if mention.key:
        keys.append(f"s|g|{mention.key}")     # one gazetteer entry, one cluster
    for form in {label, *mention.aliases}:    # identical names join (resolve's first pass)
        n = norm(form)
        if n:
            keys.append(f"s|f|{n}")
    if mention.cls == "Person":
        words = label.split()
        if len(words) >= 2:   # a full name: a bare first or last name may join it
            keys += [f"o|w|{words[0]}", f"o|w|{words[-1]}"]
            keys += [f"o|p|{w}" for w in label.lower().split()]
        elif len(words) == 1:   # a bare name looks the full names up
            keys += [f"k|w|{label}", f"k|p|{label.lower()}"]
    return keys


def local_groups(mentions: list[Mention]) -> list[int]:
    """Each name's group among one article's names: names joined, directly or
    not, by a key the article-local passes read (article-scoped forms, the
    short-name index, long forms); a superset of what those passes join."""
    from .extract.resolve import NAMED_CLASSES, UnionFind, inverted, is_bare_head, norm

    groups = UnionFind()
    first: dict[tuple, int] = {}

    def join(i: int, key: tuple) -> None:
        groups.union(i, first.setdefault(key, i))

    for i, m in enumerate(mentions):
        for form in {m.label, *m.aliases}:    # "the Senate": its article's own
            if not m.key and (is_bare_head(form) or m.described):
                join(i, ("f", norm(form)))
        words = m.label.lower().split()
        if words and m.cls in NAMED_CLASSES and not m.inner:   # join_short_org_names' index
            other = inverted(words)
            for w in (words, other):
                join(i, ("3", m.cls, "first", w[0]))
                join(i, ("3", m.cls, "last", w[-1]))
            join(i, ("3", m.cls, "all", tuple(other)))
        if words and (m.cls in NAMED_CLASSES or (m.cls == "Person" and len(words) == 1)):
            cls = m.cls if m.cls != "Person" else "Organization"   # ... and its look-ups
            join(i, ("3", cls, "first", words[0]))
            join(i, ("3", cls, "last", words[-1]))
            join(i, ("3", cls, "all", tuple(words)))
        name = inverted(words)   # join_long_forms: the name, its endings, the forms it seeks
        join(i, ("4", " ".join(name)))
        for k in range(1, len(name)):
            join(i, ("4s", " ".join(name[k:])))
        for f in m.long_forms:
            form = " ".join(inverted(f.lower().split()))
            join(i, ("4", form))
            join(i, ("4s", form))
    return [groups.find(i) for i in range(len(mentions))]


def stand_in_digest(mention: Mention) -> str:
    """What a name with a fixed key brings to every decision of resolution
    (all its fields but its place), "" for a name another may not stand in
    for: one without a fixed key, or a person's."""
    if not mention.key or mention.cls == "Person":
        return ""
    values = (mention.text, mention.cls, mention.label, mention.key, mention.year, mention.inner,
              mention.titles, mention.same_as, sorted(mention.aliases), mention.kind,
              mention.country, sorted(mention.long_forms), mention.described)
    return hashlib.blake2b(repr(values).encode("utf-8"), digest_size=8).hexdigest()


# --- resolution --------------------------------------------------------------

@dataclass
class _Span:
    article: str
    start: int
    end: int


def _spans(located: list[Located]) -> list[_Span]:
    """Each article's run of located names (the batch lists them article by article)."""
    spans: list[_Span] = []
    for i, loc in enumerate(located):
        if spans and spans[-1].article == loc.article:
            spans[-1].end = i + 1
        else:
            spans.append(_Span(loc.article, i, i + 1))
    return spans


def resolve_located(located: list[Located], fingerprints: dict[str, str],
                    previous: State | None, extractor: str = "",
                    names: Placed | None = None) -> tuple[dict[str, Entity], State, Stats]:
    """:func:`aigraph.extract.resolve.resolve` of ``located`` (the same entities,
    in the same order, and the same keys set on every name), reusing what of
    ``previous`` still holds. ``fingerprints``: per article id, a value that
    changes whenever its located names may (an article without one is
    resolved again). ``names``: how the places of still encoded names
    (``mention`` None, see :func:`place_names`) are filled when a rule reaches
    them. Returns the entities, the state to keep and the stats."""
    from .extract.resolve import resolve

    spans = _spans(located)
    if previous is None or previous.extractor != extractor:
        previous = State(extractor)
    by_article = {s.article: s for s in spans}
    old = previous.articles
    unchanged = {s.article for s in spans if s.article in old
                 and fingerprints.get(s.article) is not None
                 and old[s.article][0] == fingerprints[s.article]
                 and len(old[s.article][2]) == s.end - s.start}   # (a state that fits)
    dirty = _Dirty(located, spans, by_article, unchanged, previous, names or Placed())
    groups = {}   # the changed articles' local groups, made before resolution sets keys
    for s in spans:
        if s.article not in unchanged:
            mentions = [loc.mention for loc in located[s.start:s.end]]
            groups[s.article] = local_groups(mentions)
            dirty.digests[s.article] = [stand_in_digest(m) for m in mentions]
            dirty.add_article(s)
    for article, record in old.items():
        if article not in unchanged:   # changed or gone: its last clusters are dirty
            dirty.entities_to_visit.extend(record[1].split(SEP))
    stats = Stats(names=len(located))
    while True:
        dirty.settle()
        positions = sorted(dirty.positions)
        fixed = [located[p].mention.key for p in positions]
        entities = resolve([located[p] for p in positions])
        stats.rounds += 1
        taken = [k for k in entities if k in previous.entities and k not in dirty.entities]
        # a stood-in name of an entity with a person's name: the bare-surname
        # pass reads its article's clusters, so it takes part after all
        personal = {located[p].mention.key for p in positions
                    if located[p].mention.cls == "Person"}
        late = [p for p in dirty.stood_in() if dirty.entity_of(p) in personal]
        if not taken and not late:
            break
        # a dirty cluster took a clean entity's key: they are one entity, resolve again
        for p, key in zip(positions, fixed):
            located[p].mention.key = key
        dirty.entities_to_visit.extend(taken)
        for p in late:
            dirty.add_position(p)
    for p in dirty.stood_in():   # the stand-in brought its fields; the article is its own
        entities[dirty.entity_of(p)].articles.add(located[p].article)
        stats.stood_in += 1
    stats.resolved = len(positions)
    stats.changed = _changed(dirty.entities | entities.keys(), entities, previous)
    state = State(extractor)
    ordered = _assemble(located, spans, previous, dirty, entities, positions, state)
    stats.encoded = dirty.placed.kept
    for s in spans:
        if s.article in unchanged:
            record = old[s.article]
            state.articles[s.article] = [record[0], SEP.join(state.articles[s.article]), record[2],
                                         record[3]]
        else:
            state.articles[s.article] = [fingerprints.get(s.article), SEP.join(state.articles[s.article]),
                                         groups[s.article], SEP.join(dirty.digests[s.article])]
    return ordered, state, stats


def _changed(keys: set[str], entities: dict[str, Entity], previous: State) -> set[str]:
    """The entity keys whose class or label may differ from the last build's
    (new or gone ones too): what an article's claims read of an entity."""
    changed = set()
    for key in keys:
        entity, record = entities.get(key), previous.entities.get(key)
        if entity is None or record is None or (entity.cls, entity.label) != (record[0], record[1]):
            changed.add(key)
    return changed


class _Dirty:
    """The dirty names (by place in the batch) and the last build's dirty entities."""

    def __init__(self, located: list[Located], spans: list[_Span], by_article: dict[str, _Span],
                 unchanged: set[str], previous: State, names: Placed) -> None:
        self.located = located
        self.placed = names
        self.spans = by_article
        self.unchanged = unchanged
        self.previous = previous
        self.positions: set[int] = set()
        self.keys: dict[int, list[str]] = {}   # global keys of each dirty name, before resolution
        #: each distinct global key held once: the names of one entity across
        #: the batch make the same keys (a cold build makes them for every name)
        self._held: dict[str, str] = {}
        self.entities: set[str] = set()
        self.entities_to_visit: list[str] = []
        self.positions_to_visit: list[int] = []
        self._index: dict[str, list[str]] | None = None
        self._groups: dict[str, dict[int, list[int]]] = {}
        self._names: dict[str, list[str]] = {}
        #: stand-in digests of each name: a changed article's made now, an
        #: unchanged one's from the state (split when first asked)
        self.digests: dict[str, list[str]] = {}
        #: clean names with a fixed key reached only through their dirty
        #: cluster: left out while an identical dirty name precedes them
        self.waiting: set[int] = set()

    def index(self) -> dict[str, list[str]]:
        """Global key -> the last build's entities with a name under it."""
        if self._index is None:
            self._index = defaultdict(list)
            for key, record in self.previous.entities.items():
                for k in record[7].split(SEP):
                    self._index[k].append(key)
        return self._index

    def add_article(self, span: _Span) -> None:
        for p in range(span.start, span.end):
            self.add_position(p)

    def add_position(self, p: int) -> None:
        self.waiting.discard(p)
        if p not in self.positions:
            if self.located[p].mention is None:   # an encoded article's: decode it now
                self.placed.fill(self.located, self.spans[self.located[p].article])
            self.positions.add(p)
            held = self._held.setdefault
            self.keys[p] = [held(k, k) for k in global_keys(self.located[p].mention)]
            self.positions_to_visit.append(p)

    def close(self) -> None:
        """Add what the two rules of the module doc add, until nothing is."""
        index = None
        while self.entities_to_visit or self.positions_to_visit:
            while self.positions_to_visit:
                p = self.positions_to_visit.pop()
                article = self.located[p].article
                if article in self.unchanged:
                    span = self.spans[article]
                    record = self.previous.articles[article]
                    self.entities_to_visit.append(self.names_of(article)[p - span.start])
                    for q in self._group(article, record)[record[2][p - span.start]]:
                        self.add_position(span.start + q)
                else:   # a name the last build did not have: look its keys up
                    index = index or self.index()
                    for key in self.keys[p]:
                        self.entities_to_visit.extend(index.get(_partner(key), ()))
            while self.entities_to_visit:
                entity = self.entities_to_visit.pop()
                if entity in self.entities:
                    continue
                self.entities.add(entity)
                record = self.previous.entities.get(entity)
                if record is None:
                    continue
                index = index or self.index()
                for key in record[7].split(SEP):
                    self.entities_to_visit.extend(index.get(_partner(key), ()))
                for article in record[3].split(SEP):
                    if article in self.unchanged:
                        span = self.spans[article]
                        digests = self.digests_of(article)
                        for q, other in enumerate(self.names_of(article)):
                            if other != entity:
                                continue
                            if digests[q] and span.start + q not in self.positions:
                                self.waiting.add(span.start + q)   # a stand-in may do
                            else:
                                self.add_position(span.start + q)

    def settle(self) -> None:
        """:meth:`close`, then each waiting name without an identical dirty
        name before it is dirty after all, until none is."""
        while True:
            self.close()
            first: dict[str, int] = {}
            for p in self.positions:
                digest = self.digest(p)
                if digest and first.get(digest, p + 1) > p:
                    first[digest] = p
            late = False
            for p in sorted(self.waiting):   # in batch order: one added stands in for the next
                digest = self.digest(p)
                if first.get(digest, p) >= p:
                    self.add_position(p)
                    first[digest] = p
                    late = True
            if not late:
                return

    def stood_in(self) -> list[int]:
        """The waiting names left out (an identical dirty name before each):
        a name made dirty leaves the waiting ones."""
        return sorted(self.waiting)

    def entity_of(self, p: int) -> str:
        """The last build's entity key of an unchanged article's name."""
        article = self.located[p].article
        return self.names_of(article)[p - self.spans[article].start]

    def digest(self, p: int) -> str:
        article = self.located[p].article
        return self.digests_of(article)[p - self.spans[article].start]

    def digests_of(self, article: str) -> list[str]:
        digests = self.digests.get(article)
        if digests is None:
            digests = self.digests[article] = self.previous.articles[article][3].split(SEP)
        return digests

    def names_of(self, article: str) -> list[str]:
        """The last build's entity key of each of an unchanged article's names."""
        keys = self._names.get(article)
        if keys is None:
            keys = self._names[article] = self.previous.articles[article][1].split(SEP)
        return keys

    def _group(self, article: str, record: list) -> dict[int, list[int]]:
        groups = self._groups.get(article)
        if groups is None:
            groups = self._groups[article] = defaultdict(list)
            for q, g in enumerate(record[2]):
                groups[g].append(q)
        return groups


def _partner(key: str) -> str:
    return _PARTNER[key[0]] + key[1:]


def _assemble(located: list[Located], spans: list[_Span], previous: State, dirty: _Dirty,
              resolved: dict[str, Entity], positions: list[int], state: State) -> dict[str, Entity]:
    """The batch's entities in a full resolution's order (by their first name)
    with the keys of the clean names set; fills ``state``'s entities, and its
    articles with the entity key of each name."""
    first: dict[str, int] = {}
    for p in positions:
        first.setdefault(located[p].mention.key, p)
    span_of = {s.article: s for s in spans}
    entities: dict[str, Entity] = {}
    for key, record in previous.entities.items():
        if key in dirty.entities:
            continue
        cls, label, aliases, articles, same_as, article, index, _ = record
        entities[key] = Entity(key, cls, label, set(aliases), set(articles.split(SEP)), same_as)
        first[key] = span_of[article].start + index
        state.entities[key] = record
    entities.update(resolved)
    ordered = dict(sorted(entities.items(), key=lambda kv: first[kv[0]]))
    keys_of: dict[str, set[str]] = defaultdict(set)
    for p in positions:
        keys_of[located[p].mention.key].update(dirty.keys[p])
    for key, e in resolved.items():
        p = first[key]
        state.entities[key] = [e.cls, e.label, sorted(e.aliases), SEP.join(sorted(e.articles)),
                               e.same_as, located[p].article,
                               p - span_of[located[p].article].start, SEP.join(sorted(keys_of[key]))]
    for s in spans:
        if located[s.start].mention is None:   # still encoded: no name of it is dirty
            record = dirty.names_of(s.article)
            dirty.placed.keep_keys(s.article, record)
            state.articles[s.article] = list(record)
            continue
        if s.article in dirty.unchanged:
            record = dirty.names_of(s.article)
            for p in range(s.start, s.end):
                if p not in dirty.positions:
                    located[p].mention.key = record[p - s.start]
        state.articles[s.article] = [loc.mention.key for loc in located[s.start:s.end]]
    return ordered


# --- the build's hook ----------------------------------------------------------

def resolver_for(store: ParseCache):
    """The resolver :func:`aigraph.extract.extract` takes: resolution with the
    state kept beside the build cache ``store``; the stats go to ``store.resolution``."""
    def resolve_batch(articles: list[Article], names: list[Names]) -> dict[str, Entity]:
        path = Path(store.folder).parent / STATE_FILE
        fingerprints = article_fingerprints(articles, names, store)
        previous = read_state(path)
        if previous is not None and previous.extractor != store.extractor:
            previous = None
        located, placed = place_names(articles, names, fingerprints, previous)
        entities, state, stats = resolve_located(located, fingerprints, previous, store.extractor,
                                                 placed)
        write_state(path, state)
        store.resolution = stats
        return entities

    return resolve_batch


def article_fingerprints(articles: list[Article], names: list[Names],
                         store: ParseCache) -> dict[str, str]:
    """What each article's located names are made of: its names (a function of
    its Doc under the extractor: the Doc's key) and which of the batch's known
    surnames its names and proper nouns are (``add_known_surnames`` reads
    only that)."""
    from .lazynames import surnames as surnames_of, words

    # from the names' summaries (the surnames added to an article's names are
    # among its proper nouns already): encoded names stay encoded
    surnames = {word for n in names for word in surnames_of(n)}
    found = {}
    for article, n in zip(articles, names):
        known = sorted(surnames.intersection(words(n)))
        found[article.id] = SEP.join([store.doc_key(article.id), *known])
    return found


class Placed:
    """The encoded names of a batch whose places :func:`place_names` left empty."""

    def __init__(self, names: dict[str, Names] | None = None) -> None:
        self.names = names or {}
        self.kept: dict[str, list[str]] = {}   # article -> the keys it kept, still encoded

    def fill(self, located: list[Located], span: _Span) -> None:
        """Decode an article's names and put them in their places."""
        from .extract import located_names

        found = located_names(span.article, self.names[span.article])
        if len(found) != span.end - span.start:   # the state said otherwise: a bug, not bad input
            raise AssertionError(f"article {span.article}: {len(found)} names, "
                                 f"the resolution state has {span.end - span.start}")
        located[span.start:span.end] = found

    def keep_keys(self, article: str, keys: list[str]) -> None:
        """Give an encoded article's names the last build's keys when decoded."""
        from .extract import located_names

        def set_keys(decoded) -> None:
            for loc, key in zip(located_names(article, decoded), keys):
                loc.mention.key = key

        self.names[article].later(set_keys)
        self.kept[article] = keys


def place_names(articles: list[Article], names: list[Names], fingerprints: dict[str, str],
                previous: State | None) -> tuple[list[Located], Placed]:
    """The batch's located names, article by article; an article whose names
    are still encoded and whose fingerprint is the last build's gets as many
    empty places as it had names (its names cannot have changed: they are
    decoded only when a rule of the module doc reaches one of them)."""
    from .extract import located_names
    from .extract.resolve import Located as Place
    from .lazynames import is_encoded

    located: list[Located] = []
    placed = Placed()
    old = previous.articles if previous is not None else {}
    for article, n in zip(articles, names):
        record = old.get(article.id)
        if (is_encoded(n) and record is not None and fingerprints.get(article.id) is not None
                and record[0] == fingerprints[article.id]):
            placed.names[article.id] = n
            located.extend(Place(article.id, None) for _ in record[2])
        else:
            located.extend(located_names(article.id, n))
    return located, placed


def read_state(path: Path) -> State | None:
    """The state kept at ``path``; None when there is none or it cannot be read
    (everything is then resolved, as in a full build)."""
    try:
        data = srsly.msgpack_loads(zlib.decompress(path.read_bytes()))
        if data["format"] != _FORMAT:
            return None
        state = State(data["extractor"], data["articles"], data["entities"])
        if not (all(len(r) == 4 and r[1].count(SEP) + 1 == len(r[2]) == r[3].count(SEP) + 1
                    for r in state.articles.values())
                and all(len(r) == 8 for r in state.entities.values())):
            return None
        return state
    except Exception:  # noqa: BLE001 - a disposable speed-up: any damage means "resolve all"
        return None


def write_state(path: Path, state: State) -> None:
    from .cache import _write_atomically

    if not path.parent.is_dir():
        return
    data = {"format": _FORMAT, "extractor": state.extractor,
            "articles": state.articles, "entities": state.entities}
    _write_atomically(path, zlib.compress(srsly.msgpack_dumps(data), _LEVEL))

