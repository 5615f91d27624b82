"""An update's graph lines: only the subjects whose triples may have changed.

A build writes its graph as sorted N-Triples (:mod:`aigraph.storediff`).
Each subject's lines are contiguous in that file (all lines starting with
``<s> `` sort together), and every subject's lines come from one part of
the extraction:

- an article node: the article's record;
- a claim node: its claim, its article's date, and how many articles and
  publishers back its fact (see :mod:`aigraph.corroboration`);
- an entity node: the entity's record, and the facts it is the subject of
  (a fact is there when any claim of it is asserted);
- a non-core class: the subclass axioms of the classes present.

So the build keeps, beside the store's sorted lines, a fingerprint of each
article's part (its record, its claims and their counts) and of each
entity's record (``OUT/cache/graph-units.msgpack``). An update compares the
new fingerprints with the kept ones, and the *touched subjects* are: the
nodes of the articles whose fingerprint changed (or that came or went), of
their claims before and after, of the entities their claims (before and
after) are the subject of, of the entities whose record changed, and the
classes when the set of classes changed. Facts change only through claims
of articles that changed, so no other subject's lines can differ. The new
sorted file is the old one with the touched subjects' blocks replaced by
their lines written now; the store's difference is the difference of those
blocks (no pass over the whole file with ``comm``). The result is byte for
byte the full build's: ``tests/test_graphdelta.py`` compares them.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import srsly

from .cache import _write_atomically
from .diskclaims import claims_about, claims_by_article, facts_by_article
from .model import Article, Claim, Entity, Extraction

#: In the cache folder: the fingerprints of the graph's parts (see the module doc).
UNITS_FILE = "graph-units.msgpack"
_LEVEL = 1


@dataclass
class Units:
    """What a build's graph was made of: ``context`` (the threshold and the code
    and ontology writing the lines), per article ``[fingerprint, its claims'
    node digests, the entity keys its claims are about, the identity of its
    decided claims, its record's digest]`` (the last two let the next update
    keep the unit unhashed, see :class:`Reuse`), per entity its fingerprint,
    and the classes of the entities (for the subclass axioms)."""

    context: str
    articles: dict[str, list] = field(default_factory=dict)
    entities: dict[str, str] = field(default_factory=dict)
    classes: list[str] = field(default_factory=list)
    #: the graph digest of the store the units describe (see storediff)
    digest: str = ""


@lru_cache(maxsize=4)
def _code_fingerprint() -> str:
    from .cache import _add_file, _add_ontology, _package_version
    from .ontology import ontology_dir

    digest = hashlib.sha256(f"graph\n{_package_version('aigraph')}\n".encode())
    package = Path(__file__).parent
    for name in ("graph.py", "corroboration.py", "vocab.py", "store.py", "graphdelta.py",
                 "ontology.py"):
        _add_file(digest, package / name, name)
    _add_ontology(digest, ontology_dir())
    return digest.hexdigest()


def context_of(threshold: float) -> str:
    """What every line depends on besides the extraction."""
    return f"{_code_fingerprint()} {threshold!r}"


def _hash(value) -> str:
    """A digest of plain values (lists, strings, numbers): of their ``repr``,
    which is stable (a fingerprint that differs only costs a rewrite), and
    much cheaper per call than a serialiser that looks up its extensions."""
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=12).hexdigest()


def _article_record(article: Article) -> list:
    return [article.id, article.source, article.title, article.date, article.publisher,
            article.url, article.summary_only]


def _claims_record(claims: list[Claim], backed) -> list[tuple]:
    """What an article's claims' lines are made of: each claim's fields (its
    article is the unit's) and the counts of its fact's backers."""
    return [(c.subject, c.predicate, c.object, c.evidence, c.modality, c.confidence, c.datatype,
             c.review, backed((c.subject, c.predicate, c.object))) for c in claims]


def entity_fingerprint(entity: Entity) -> str:
    return _hash([entity.key, entity.cls, entity.label, sorted(entity.aliases),
                  sorted(entity.articles), entity.same_as])


#: The claims of each article, in the extraction's order (a function of the article id).
ClaimsOf = Callable[[str], list[Claim]]


@dataclass
class Reuse:
    """What lets an update skip an article's fingerprint: ``identities``, which
    decided claims each article got (see :mod:`aigraph.incremental`; equal
    identities, equal claims), and ``facts_of``, the facts of the claims of
    an identity of the last build (None when they are not known)."""

    identities: dict[str, str]
    facts_of: Callable[[str], set | None]

    @classmethod
    def of(cls, identities, docs) -> Reuse | None:
        """From the build's :class:`aigraph.incremental.ClaimIdentities` and its cache."""
        if identities is None or docs is None:
            return None
        return cls(identities.now, lambda identity: _previous_facts(docs, identity))

    def unchanged(self, articles: list[Article], grouped: ClaimsOf,
                  old: dict[str, list],
                  facts_in: Callable[[str], list] | None = None) -> set[str]:
        """The articles whose part of the graph is the last build's: the same
        record and claims, and no fact backed by an article that changed, came
        or went (only those change a fact's counts of articles and publishers)."""
        suspects: list[str] = []
        same: list[str] = []
        for article in articles:
            kept = old.get(article.id)
            identity = self.identities.get(article.id)
            if (kept is None or len(kept) < 5 or not identity or kept[3] != identity
                    or kept[4] != _hash(_article_record(article))):
                suspects.append(article.id)
            else:
                same.append(article.id)
        dirty = {_fact(c) for a in suspects for c in grouped(a)}
        present = {a.id for a in articles}
        for gone in suspects + sorted(old.keys() - present):
            kept = old.get(gone)
            if kept is None:
                continue
            facts = self.facts_of(kept[3]) if len(kept) >= 5 and kept[3] else None
            if facts is None:   # what it backed before is not known: fingerprint everything
                return set()
            dirty |= facts
        # one pass over the claims, a subject looked up before its fact: most are not dirty
        subjects = {s for s, _, _ in dirty}
        # ``facts_in``: an article's facts, read without making its claims when they are on disk
        facts_in = facts_in or (lambda a: [_fact(c) for c in grouped(a)])
        backing_dirty = {a for a in same
                         if any(f[0] in subjects and f in dirty for f in facts_in(a))}
        return set(same) - backing_dirty


def _fact(claim: Claim) -> tuple[str, str, str]:
    return (claim.subject, claim.predicate, claim.object)


def _previous_facts(docs, identity: str) -> set | None:
    from .extract.perarticle import claims_from_compact

    key, _, decision = identity.partition(" ")
    record = docs.previous_decided(key)
    if record is None or record[1] != decision:
        return None
    return {_fact(c) for c in claims_from_compact(record[2])}


def units_of(extraction: Extraction, threshold: float, writer, grouped: ClaimsOf,
             previous: Units | None, reuse: Reuse | None = None) -> tuple[Units, set[str]]:
    """The units of ``extraction`` and the ids of the articles whose part changed
    since ``previous`` (every article when there is none). ``writer``: the
    :class:`aigraph.graph.NativeClaims` of the build (its counts of backers).
    ``reuse``: the articles it finds unchanged keep their unit unhashed."""
    units = Units(context_of(threshold))
    changed: set[str] = set()
    old = previous.articles if previous is not None else {}
    same = (reuse.unchanged(extraction.articles, grouped, old, facts_by_article(extraction.claims))
            if reuse and old else set())
    identities = reuse.identities if reuse else {}
    for article in extraction.articles:
        if article.id in same:
            units.articles[article.id] = old[article.id]
            continue
        claims = grouped(article.id)
        record = _article_record(article)
        fingerprint = _hash([record, _claims_record(claims, writer.backed)])
        # kept with the unit: whether the next build may skip it (see Reuse)
        reusable = [identities.get(article.id, ""), _hash(record)]
        kept = old.get(article.id)
        if kept is not None and kept[0] == fingerprint:
            units.articles[article.id] = kept[:3] + reusable
            continue
        changed.add(article.id)
        units.articles[article.id] = [fingerprint, " ".join(_digests(claims)),
                                      "\x1f".join(sorted({c.subject for c in claims}))] + reusable
    units.entities = {key: entity_fingerprint(e) for key, e in extraction.entities.items()}
    units.classes = sorted({e.cls for e in extraction.entities.values()})
    return units, changed


def _digests(claims: list[Claim]) -> list[str]:
    from .graph import claim_digest

    return [claim_digest(c) for c in claims]


# ---------------------------------------------------------------------------
# Reading and keeping the units
# ---------------------------------------------------------------------------

def read_units(cache: Path, digest: str) -> Units | None:
    """The units kept in ``cache`` for the store stamped ``digest``; None when
    there are none, they are damaged, or they describe another store."""
    try:
        data = srsly.msgpack_loads(zlib.decompress((cache / UNITS_FILE).read_bytes()))
        units = Units(data["context"], data["articles"], data["entities"], data["classes"],
                      data["digest"])
    except (OSError, ValueError, KeyError, TypeError, zlib.error):
        return None
    return units if units.digest == digest else None


def keep_units(cache: Path, units: Units, digest: str) -> None:
    units.digest = digest
    data = {"context": units.context, "articles": units.articles, "entities": units.entities,
            "classes": units.classes, "digest": digest}
    _write_atomically(cache / UNITS_FILE, zlib.compress(srsly.msgpack_dumps(data), _LEVEL))


def forget_units(cache: Path) -> None:
    (cache / UNITS_FILE).unlink(missing_ok=True)


# ---------------------------------------------------------------------------
# The touched subjects and their lines
# ---------------------------------------------------------------------------

@dataclass
class Delta:
    """The blocks an update rewrites: ``subjects`` (N-Triples terms, as bytes
    with the space that ends them), and the new lines of those subjects."""

    subjects: list[bytes]
    lines: list[bytes]


def touched(units: Units, previous: Units,
            changed: set[str]) -> tuple[set[str], set[str], set[str], bool]:
    """The touched articles (changed, come or gone), claim digests, entity keys,
    and whether the classes changed."""
    articles = changed | (previous.articles.keys() - units.articles.keys())
    claims: set[str] = set()
    entities: set[str] = set()
    for article in articles:
        for record in (previous.articles.get(article), units.articles.get(article)):
            if record is not None:
                claims.update(d for d in record[1].split(" ") if d)
                entities.update(k for k in record[2].split("\x1f") if k)
    old, new = previous.entities, units.entities
    entities |= {k for k in new if old.get(k) != new[k]} | (old.keys() - new.keys())
    return articles, claims, entities, previous.classes != units.classes


def delta_lines(extraction: Extraction, writer, grouped: ClaimsOf,
                previous: Units, units: Units, changed: set[str]) -> Delta:
    """The touched subjects and all their lines in the new graph."""
    from . import ontology
    from .graph import BulkAdder, add_article, add_entity, add_subclass_axioms, article_iri, is_fact
    from .store import ntriples_term
    from .vocab import AIGR_IRI, entity_iri

    articles, claims, entities, classes = touched(units, previous, changed)
    subjects = {ntriples_term(article_iri(a)) for a in articles}
    subjects |= {f"<{AIGR_IRI}claim/{d}>" for d in claims}
    subjects |= {writer.term("entity", k, entity_iri) for k in entities}
    if classes:
        subjects |= {ntriples_term(ontology.term(c)) for c in previous.classes + units.classes}
    lines: list[str] = []
    adder = BulkAdder(_ListSink(lines))
    if classes:
        add_subclass_axioms(adder, set(units.classes))
    by_id = {a.id: a for a in extraction.articles}
    for article in sorted(articles & by_id.keys()):
        add_article(adder, by_id[article])
    for key in sorted(entities & extraction.entities.keys()):
        add_entity(adder, extraction.entities[key])
    adder.flush()
    for article in sorted(articles & by_id.keys()):
        lines.extend(writer.lines(c) for c in grouped(article))
    threshold = writer.min_confidence
    lines.extend(writer.fact_line(claim)   # the touched entities' facts
                 for claim in claims_about(extraction.claims, entities)
                 if is_fact(claim, threshold))
    keys = {s.encode("utf-8") + b" " for s in subjects}
    found = set()
    for text in lines:
        # split at newlines only, as sort(1) does: a literal may hold U+2028 or U+0085
        for line in text.encode("utf-8").split(b"\n"):
            if line and line[:line.find(b" ") + 1] in keys:
                found.add(line + b"\n")
    return Delta(sorted(keys), sorted(found))


class _ListSink:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def write(self, lines: list[str]) -> None:
        self.lines.extend(lines)


# ---------------------------------------------------------------------------
# The new sorted file from the old one and the delta
# ---------------------------------------------------------------------------

def splice(old: Path, delta: Delta, target: Path, removed: Path, added: Path) -> tuple[int, int]:
    """Write to ``target`` the sorted lines of ``old`` with the blocks of
    ``delta.subjects`` replaced by ``delta.lines``; the lines only in the old
    blocks into ``removed``, those only in the new into ``added`` (both
    sorted). Returns how many lines were removed and added."""
    from .streaming import _copy_range, _first_line_from

    new_blocks: dict[bytes, list[bytes]] = {}
    for line in delta.lines:
        new_blocks.setdefault(line[:line.find(b" ") + 1], []).append(line)
    gone: list[bytes] = []
    with open(old, "rb") as source, open(target, "wb") as out:
        size = os.fstat(source.fileno()).st_size
        data = mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        try:
            at = 0
            for key in delta.subjects:
                start = _first_line_from(data, key) if size else 0
                end = start
                while end < size and data[end:end + len(key)] == key:
                    stop = data.find(b"\n", end)
                    end = size if stop < 0 else stop + 1
                _copy_range(source, out, at, start)
                if end > start:   # newlines only split lines (see delta_lines)
                    gone.extend(line + b"\n" for line in data[start:end - 1].split(b"\n"))
                out.writelines(new_blocks.get(key, ()))
                at = max(at, end)
            _copy_range(source, out, at, size)
        finally:
            if size:
                data.close()
    before, after = set(gone), set(delta.lines)
    removed_lines, added_lines = sorted(before - after), sorted(after - before)
    removed.write_bytes(b"".join(removed_lines))
    added.write_bytes(b"".join(added_lines))
    return len(removed_lines), len(added_lines)


# ---------------------------------------------------------------------------
# The plan of a build's graph lines
# ---------------------------------------------------------------------------

@dataclass
class Plan:
    """How a build writes its graph's lines: ``writer`` (the build's
    :class:`aigraph.graph.NativeClaims`), the ``units`` to keep for the next
    build, and ``delta`` when only the touched blocks of the previous sorted
    file are rewritten (None: the whole graph is written)."""

    writer: object
    units: Units
    delta: Delta | None = None


def plan(extraction: Extraction, threshold: float, cache: Path | None,
         previous_lines: Path | None, previous_digest: str | None,
         reuse: Reuse | None = None) -> Plan:
    """The :class:`Plan` of a build: a delta when the cache has the units of the
    previous store (``previous_lines``, stamped ``previous_digest``) under the
    same threshold and code."""
    from .graph import NativeClaims

    writer = NativeClaims(extraction, threshold)
    grouped = claims_by_article(extraction.claims)
    previous = None
    if cache is not None and previous_lines is not None and previous_digest:
        previous = read_units(cache, previous_digest)
        if previous is not None and previous.context != context_of(threshold):
            previous = None
    units, changed = units_of(extraction, threshold, writer, grouped, previous, reuse)
    if previous is None:
        return Plan(writer, units)
    return Plan(writer, units, delta_lines(extraction, writer, grouped, previous, units, changed))
