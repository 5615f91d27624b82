"""The build cache (``exports/cache/``): parsed articles and the build manifest.

Entity resolution in :func:`aigraph.extract.extract` is global across the
batch (a bare surname in one article joins a full name in another; labels are
chosen across all articles), so per-article graphs cannot simply be merged.
What is cached is each article's per-article work, keyed on exactly what
shapes it, and resolution then runs again over the names of all articles,
cached or new, so a build from the cache equals a build from scratch:

- ``docs/<key>.doc``: one parsed article, zlib-compressed: its
  :class:`~spacy.tokens.Doc` (including the ``doc.spans`` that aigraph's
  components write) as ``Doc.to_bytes()``, and its names (mentions) with the
  :func:`extractor_fingerprint` they were found under. The key hashes the
  article text with the :func:`parse_fingerprint` (the spaCy pipeline and the
  ontology files it is built from), so a changed text, ontology file,
  pipeline module or spaCy/model version misses it, and an edited mention
  pass or relation pattern does not (the names are found again from the Doc).
- ``claims/<key>.claims``: one article's claims, keyed on its Doc, the
  extractor and all that its claims read after resolution (its resolved
  mentions, the classes of the entities they name): an update re-reads only
  the articles whose context changed.
- ``manifest.json``: the source files of the last build, with their sha256
  and article records, so ``aigraph build --update NEW`` knows the articles
  already in the graph (and keeps those whose file has since disappeared).

The cache is a disposable speed-up: an entry that cannot be read is reported
as a warning and the article is parsed again.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import tempfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import srsly

from .entrypoints import group_entry_points
from .errors import OutputError
from .lazynames import Counter, LazyNames, Summary, pack_json, summary_of, unpack_json
from .model import Article, Warning_

# srsly's msgpack (Doc bytes, cache files) looks its hooks up through catalogue on
# every call, each lookup a scan of the installed entry points: once per group
group_entry_points()

CACHE_DIR = "cache"
MANIFEST = "manifest.json"
DOCS_DIR = "docs"
DOC_SUFFIX = ".doc"
CLAIMS_DIR = "claims"
CLAIMS_SUFFIX = ".claims"
#: The decided claims of the last build's articles, in shards by the first
#: :data:`SHARD_CHARS` characters of their claims key (see :meth:`ParseCache.decided`):
#: read a shard at a time instead of an entry per article, and an update rewrites
#: only the shards whose records changed.
DECIDED_DIR = "decided"
SHARD_CHARS = 2
SHARD_SUFFIX = ".msgpack"
#: Where the decided claims were kept in one file before they were sharded:
#: removed by the next build (a shard missed is read again from its entries).
LEGACY_DECIDED_FILE = "decided.msgpack"
#: Every Doc entry's names and the size and mtime its file had (see
#: :meth:`ParseCache.load`): an update need not decompress each Doc to find its names.
#: The names' JSON is kept packed (:func:`aigraph.lazynames.pack_json`), as the
#: build holds it; an index of an older build kept the text, read as well.
NAMES_FILE = "names.msgpack"
MANIFEST_FORMAT = 1


def cache_dir(out_dir: Path | str) -> Path:
    """Where a build writing to ``out_dir`` keeps its cache."""
    return Path(out_dir) / CACHE_DIR


# ---------------------------------------------------------------------------
# Fingerprints: what shapes a parse, and what shapes everything else
# ---------------------------------------------------------------------------

#: Modules outside ``extract/`` whose code the extractor depends on (the month
#: table of the tokenizer rules, the name normaliser, the ontology reader).
SHARED_MODULES = ("dates.py", "names.py", "ontology.py")

#: The modules that build and run the spaCy pipeline (the components, the
#: rules and date tables they are configured from, the cutting of long texts):
#: a parse depends on these and on the ontology files, nothing else of aigraph.
PIPELINE_MODULES = ("extract/nlp.py", "extract/pieces.py", "extract/rules.py",
                    "extract/dates.py", "dates.py", "ontology.py")


def extractor_fingerprint() -> str:
    """A hash of everything an article's names and claims depend on besides its
    text: the ontology files, the source of the extract package (any edit
    invalidates, erring on the safe side), and the versions of aigraph, spaCy
    and the model."""
    from .ontology import ontology_dir

    return _fingerprint(ontology_dir())


def ingest_fingerprint() -> str:
    """A hash of what turns a file into articles: the ingest package, the date
    parser, aigraph's version."""
    package = Path(__file__).parent
    digest = hashlib.sha256(f"ingest\n{_package_version('aigraph')}\n".encode())
    for path in sorted((package / "ingest").rglob("*.py")):
        _add_file(digest, path, path.relative_to(package).as_posix())
    for name in ("dates.py", "model.py"):
        _add_file(digest, package / name, name)
    return digest.hexdigest()


def parse_fingerprint() -> str:
    """A hash of what shapes a cached parse: the spaCy pipeline (spaCy, the
    model, aigraph's component modules) and the ontology files it is built
    from. Editing a mention pass or a relation pattern keeps the parses."""
    from .ontology import ontology_dir

    return _pipeline_fingerprint(ontology_dir())


def _versions(digest) -> None:
    import spacy

    from .extract.nlp import MODEL

    for part in (_package_version("aigraph"), spacy.__version__, MODEL, _model_version(MODEL)):
        digest.update(f"{part}\n".encode())


def _add_file(digest, path: Path, name: str) -> None:
    digest.update(f"{name}\n".encode())
    digest.update(hashlib.sha256(path.read_bytes()).digest())


def _add_ontology(digest, ontology: Path) -> None:
    # the relation model decides claims after parsing: retraining it keeps every entry
    for path in sorted(p for p in ontology.rglob("*")
                       if p.is_file() and p.name != "relation-model.json"):
        _add_file(digest, path, path.relative_to(ontology).as_posix())


@lru_cache(maxsize=8)
def _fingerprint(ontology: Path) -> str:
    """Computed once per process and ontology folder, like the pipeline and the
    ontology data themselves: a file edited while a process runs must not make
    the code and rules already loaded write entries under the new fingerprint."""
    digest = hashlib.sha256()
    _versions(digest)
    _add_ontology(digest, ontology)
    package = Path(__file__).parent
    for path in sorted(p for p in (package / "extract").rglob("*.py") if p.is_file()):
        _add_file(digest, path, path.relative_to(package / "extract").as_posix())
    for name in SHARED_MODULES:   # code the components import from outside extract/
        _add_file(digest, package / name, name)
    return digest.hexdigest()


@lru_cache(maxsize=8)
def _pipeline_fingerprint(ontology: Path) -> str:
    digest = hashlib.sha256(b"parse\n")
    _versions(digest)
    _add_ontology(digest, ontology)
    package = Path(__file__).parent
    for name in PIPELINE_MODULES:
        _add_file(digest, package / name, name)
    return digest.hexdigest()


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def _model_meta(model: str) -> dict:
    import spacy.util

    return spacy.util.get_model_meta(spacy.util.get_package_path(model))


def _model_version(model: str) -> str:
    meta = _model_meta(model)
    return f"{meta.get('lang')}_{meta.get('name')} {meta.get('version')}"


@lru_cache(maxsize=1)
def blank_vocab():
    """A blank vocabulary of the model's language, to read cached Docs into.

    Reading does not need the trained pipeline (slow to load): a cached Doc
    carries its strings and every token attribute, and the lexical attributes
    (``like_num``, ``is_punct``...) come from the language's rules."""
    import spacy

    from .extract.nlp import MODEL

    return spacy.blank(_model_meta(MODEL)["lang"]).vocab


# ---------------------------------------------------------------------------
# Parsed articles, their names and their claims
# ---------------------------------------------------------------------------

#: zlib level of cache entries: level 1 is several times faster than the
#: default and within a fifth of its size on parsed Docs.
COMPRESSION_LEVEL = 1


class ParseCache:
    """What extraction computed of each article, by article id.

    On disk (``folder`` = ``<cache>/docs``), one entry per article,
    ``docs/<key>.doc``: its Doc bytes (see :mod:`aigraph.extract.perarticle`),
    the sha256 of its text, and its :class:`~aigraph.extract.perarticle.Names`
    tagged with the extractor fingerprint they were found under. The key
    hashes the text with the parse fingerprint, so a new mention pass keeps
    the parse and finds the names again. Claims live in ``<cache>/claims/``,
    keyed by the article's Doc and everything its claims read (its resolved
    names, the classes of the entities they name): an article whose context
    did not change keeps its claims. ``folder=None`` keeps the Docs in memory
    and caches no claims (a build without the cache).

    :meth:`load` reads the entries of a batch (the Docs stay on disk until
    their claims are due); ``from_cache`` lists the ids found there."""

    def __init__(self, folder: Path | str | None, fingerprint: str,
                 extractor: str | None = None) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.fingerprint = fingerprint
        self.extractor = extractor if extractor is not None else fingerprint
        self.from_cache: set[str] = set()
        self.warnings: list[Warning_] = []
        #: per article id: its names' JSON, packed (see aigraph.lazynames.pack_json)
        self._names: dict[str, bytes] = {}
        #: per article id: the summary of its names (see aigraph.lazynames), when known
        self._summaries: dict[str, list] = {}
        #: how many articles' names were decoded (an update decodes only what it must)
        self.decoding = Counter()
        self._memory: dict[str, bytes] = {}   # Doc bytes, without a folder
        self._on_disk: set[str] = set()
        self._keys: dict[str, str] = {}
        self._claim_keys: set[str] = set()
        #: the last build's decided records of the shard read last (one shard
        #: held at a time: see DecidedSpill), and the keys of every shard read
        self._decided: dict[str, dict[str, list]] = {}
        self._shard_keys: dict[str, frozenset[str]] = {}
        #: this build's records by claims key (see write_records()): the decision
        #: key of a record kept as the last build's shard holds it, or where a
        #: record decided now is in the spill file
        self._decided_now: dict[str, str | tuple[str, int, int]] = {}
        self._spill: DecidedSpill | None = None
        self._decided_fresh: set[str] = set()          # shards with a record decided now
        #: decided records read from the shards, and written to them (an update
        #: reads the shards its articles' keys are in, writes those that changed)
        self.decided_read = 0
        self.decided_written = 0
        #: Doc key -> [size, mtime, fingerprint, names (packed), summary]
        self._index_now: dict[str, list] = {}
        self.claims_read = 0   # articles whose claims were read again (not from here)
        #: which decided claims each article got (set by aigraph.incremental.extract)
        self.identities = None
        self.keys_from_text = 0   # claims keys made from their context's text (not the table)
        #: articles whose claims a worker could not decide (see aigraph.workerclaims)
        self.decided_here = 0
        #: how much of the batch was resolved again (set by aigraph.resolution)
        self.resolution = None
        self._records_written = False   # see write_records

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.fingerprint}\n{text}".encode()).hexdigest()

    def doc_key(self, article_id: str) -> str:
        """The cache key of the article's Doc (its text under the parse fingerprint)."""
        return self._keys[article_id]

    def path(self, article_id: str) -> Path:
        return self.folder / f"{self._keys[article_id]}{DOC_SUFFIX}"

    @property
    def claims_folder(self) -> Path | None:
        return self.folder.parent / CLAIMS_DIR if self.folder is not None else None

    def load(self, articles: Iterable[Article]) -> None:
        """Read the cached entry of each article, where there is a usable one.

        An entry whose file has the size and mtime the names index recorded
        (as ``make`` and git's index trust a file's stat) is taken from the
        index without reading it; any other entry is read and checked."""
        index = self._read_index() if self.folder is not None else {}
        for article in articles:
            key = self._keys[article.id] = self.key(article.text)
            if self.folder is None:
                continue
            path = self.path(article.id)
            try:
                stat = path.stat()
            except OSError:
                continue
            record = index.get(key)
            summary = None
            if record is not None and record[:2] == [stat.st_size, stat.st_mtime_ns]:
                fingerprint, json_names = record[2], record[3]
                summary = record[4] if len(record) > 4 else None
            else:
                entry = self._read(path, article)
                if entry is None:
                    continue
                names = entry.get("names") or {}
                fingerprint, json_names = names.get("fingerprint"), names.get("json")
            self._on_disk.add(article.id)
            self.from_cache.add(article.id)
            if isinstance(json_names, str):   # an entry's text (or an older index's): packed
                json_names = pack_json(json_names)
            self._index_now[key] = [stat.st_size, stat.st_mtime_ns, fingerprint, json_names,
                                    summary]
            if fingerprint == self.extractor and json_names is not None:
                self._names[article.id] = json_names
                if summary is not None:
                    self._summaries[article.id] = summary

    def _read_index(self) -> dict[str, list]:
        return self._read_consolidated(self.folder.parent / NAMES_FILE, "entry")

    def _read_consolidated(self, path: Path | None, what: str) -> dict[str, list]:
        """A consolidated cache file (a dict); {} with a warning when damaged:
        the per-article entries it summarises remain."""
        if path is None or not path.is_file():
            return {}
        try:
            records = srsly.msgpack_loads(zlib.decompress(path.read_bytes()))
            if not isinstance(records, dict):
                raise TypeError("not a consolidated cache file")
            return records
        except Exception as exc:  # noqa: BLE001 - untrusted bytes: the entries themselves remain
            self.warnings.append(Warning_(str(path), f"unreadable build cache file ({type(exc).__name__}: "
                                                     f"{exc}); reading each article's {what}"))
            return {}

    def _write_index(self) -> None:
        """The names index of this build's entries (written by :meth:`write_records`)."""
        if self.folder is None or not self.folder.is_dir():
            return
        keys = {self._keys[a] for a in self._on_disk}
        index = {k: v for k, v in sorted(self._index_now.items()) if k in keys}
        _write_atomically(self.folder.parent / NAMES_FILE,
                          zlib.compress(srsly.msgpack_dumps(index), COMPRESSION_LEVEL))

    def _indexed(self, article_id: str, json_names: bytes | None) -> None:
        """Record an entry just written into the names index (``json_names``
        packed, see :func:`~aigraph.lazynames.pack_json`)."""
        stat = self.path(article_id).stat()
        self._index_now[self._keys[article_id]] = [stat.st_size, stat.st_mtime_ns,
                                                   self.extractor if json_names else None,
                                                   json_names,
                                                   self._summaries.get(article_id) if json_names
                                                   else None]

    def _read(self, path: Path, article: Article) -> dict | None:
        try:
            entry = srsly.msgpack_loads(zlib.decompress(path.read_bytes()))
            text_sha, data = entry["text"], entry["doc"]
            if not isinstance(data, bytes):
                raise TypeError("no parsed Doc in the entry")
        except Exception as exc:  # noqa: BLE001 - untrusted bytes: any failure means re-parse
            self._warn(path, article, f"{type(exc).__name__}: {exc}")
            return None
        if text_sha != _sha256(article.text):
            self._warn(path, article, "it holds another text")
            return None
        return entry

    def _warn(self, path: Path, article: Article, why: str) -> None:
        self.warnings.append(Warning_(
            str(path), f"unreadable build cache entry for article {article.id} ({why}); "
                       "parsing the article again"))

    # --- Docs -----------------------------------------------------------------

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._memory or article_id in self._on_disk

    def __len__(self) -> int:
        return len(self._memory) + len(self._on_disk)

    def doc_bytes(self, article_id: str) -> bytes:
        """The article's Doc as ``Doc.to_bytes()``, read from disk each time
        (Docs are not held: a build's memory stays flat in its size)."""
        if article_id in self._memory:
            return self._memory[article_id]
        return self._entry(article_id)["doc"]

    def entry_bytes(self, article_id: str) -> tuple[bytes, bool]:
        """The article's cache entry as stored (compressed: a worker unpacks
        it) and True, or its Doc bytes and False when the Doc is held in memory."""
        if article_id in self._memory:
            return self._memory[article_id], False
        return self.path(article_id).read_bytes(), True

    def _entry(self, article_id: str) -> dict:
        return srsly.msgpack_loads(zlib.decompress(self.path(article_id).read_bytes()))

    def __getitem__(self, article_id: str):
        from .extract.perarticle import read_doc

        if article_id not in self:
            raise KeyError(article_id)
        return read_doc(self.doc_bytes(article_id))

    def __setitem__(self, article_id: str, doc) -> None:
        """Keep a freshly parsed Doc (its names are found when asked for)."""
        from .extract.perarticle import doc_bytes

        self.put(article_id, doc.text, doc_bytes(doc), None)

    def put(self, article_id: str, text: str, data: bytes, names) -> None:
        """Store an article's Doc bytes and names (written to disk at once)."""
        if article_id not in self._keys:  # an article not given to load(): key it now
            self._keys[article_id] = self.key(text)
        self.from_cache.discard(article_id)
        json_names = None
        if names is not None:
            from .extract.perarticle import names_to_json

            json_names = names_to_json(names)
            self._names[article_id] = pack_json(json_names)
            self._summaries[article_id] = summary_of(names).to_list()
        if self.folder is None:
            self._memory[article_id] = data
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        self._write_entry(article_id, text, data, json_names)
        self._on_disk.add(article_id)

    def _write_entry(self, article_id: str, text: str, data: bytes, json_names: str | None) -> None:
        entry = {"text": _sha256(text), "doc": data,
                 "names": {"fingerprint": self.extractor, "json": json_names} if json_names else None}
        _write_atomically(self.path(article_id),
                          zlib.compress(srsly.msgpack_dumps(entry), COMPRESSION_LEVEL))
        self._indexed(article_id, self._names[article_id] if json_names else None)

    # --- names ----------------------------------------------------------------

    def names(self, article_id: str):
        """The article's names as found under this extractor; None if not known.
        A fresh copy each time: resolution sets keys and classes on them."""
        from .extract.perarticle import names_from_json

        text = self._names.get(article_id)
        if text is None:
            return None
        self.decoding.decoded += 1
        return names_from_json(unpack_json(text))

    def lazy_names(self, article_id: str):
        """:meth:`names`, kept encoded until read (a
        :class:`~aigraph.lazynames.LazyNames`) when their summary is known."""
        text = self._names.get(article_id)
        summary = Summary.from_list(self._summaries.get(article_id))
        if text is None or summary is None:
            return self.names(article_id)
        return LazyNames(text, summary, self.decoding)

    def put_names(self, article_id: str, names) -> None:
        """Names found now for a cached Doc (an edited mention pass): stored with it."""
        from .extract.perarticle import names_to_json

        text = names_to_json(names)
        self._names[article_id] = pack_json(text)
        self._summaries[article_id] = summary_of(names).to_list()
        if self.folder is not None and article_id in self._on_disk:
            entry = self._entry(article_id)
            entry["names"] = {"fingerprint": self.extractor, "json": text}
            _write_atomically(self.path(article_id),
                              zlib.compress(srsly.msgpack_dumps(entry), COMPRESSION_LEVEL))
            self._indexed(article_id, self._names[article_id])

    # --- claims ---------------------------------------------------------------

    def claims_key(self, article_id: str, context: str) -> str:
        """The key of an article's claims: its Doc, the extractor, and the
        context (:func:`~aigraph.extract.perarticle.context_json`)."""
        key = hashlib.sha256(f"{self.extractor}\n{self._keys[article_id]}\n{context}".encode())
        return key.hexdigest()

    def claims(self, key: str) -> dict | None:
        """The claims entry stored under ``key`` (``{"raw": rows, "decided":
        {decision key: rows}}``); None when there is none (or no folder)."""
        folder = self.claims_folder
        if folder is None:
            return None
        self._claim_keys.add(key)
        path = folder / f"{key}{CLAIMS_SUFFIX}"
        if not path.is_file():
            return None
        try:
            entry = json.loads(zlib.decompress(path.read_bytes()).decode("utf-8"))
            if not isinstance(entry, dict) or not isinstance(entry.get("raw"), list):
                raise ValueError("no claims in the entry")
            return entry
        except Exception as exc:  # noqa: BLE001 - untrusted bytes: any failure means re-read
            self.warnings.append(Warning_(str(path), f"unreadable build cache entry ({type(exc).__name__}: "
                                                     f"{exc}); reading the article's claims again"))
            return None

    def put_claims(self, key: str, entry: dict) -> None:
        folder = self.claims_folder
        if folder is None:
            return
        self._claim_keys.add(key)
        folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps(entry, sort_keys=True, ensure_ascii=False).encode("utf-8")
        _write_atomically(folder / f"{key}{CLAIMS_SUFFIX}", zlib.compress(data, COMPRESSION_LEVEL))

    def put_claims_data(self, key: str, data: bytes) -> None:
        """Store a claims entry already encoded as :meth:`put_claims` encodes it
        (JSON with sorted keys, compressed at the cache's level)."""
        folder = self.claims_folder
        if folder is None:
            return
        self._claim_keys.add(key)
        folder.mkdir(parents=True, exist_ok=True)
        _write_atomically(folder / f"{key}{CLAIMS_SUFFIX}", data)

    # --- decided claims, compact -------------------------------------------------

    @property
    def decided_folder(self) -> Path | None:
        return self.folder.parent / DECIDED_DIR if self.folder is not None else None

    def decided(self, key: str) -> list | None:
        """The decided claims kept under a claims key by the last build, as
        ``[named, decision key, rows]`` (rows: :func:`~aigraph.extract.perarticle.compact_rows`);
        None when there are none. Kept in shards of many articles' (no
        features): an update reads a shard once instead of an entry per article
        (in shard order, see :func:`shard_order`, it holds one shard at a time)."""
        record = self.previous_decided(key)
        if record is not None:
            self._claim_keys.add(key)   # its full entry stays: a new decision reads it
            self._decided_now[key] = record[1]   # kept: the shard's record, not held here
        return record

    def decision_now(self, key: str) -> str | None:
        """The decision key of the claims this build decided or kept under ``key``."""
        record = self._decided_now.get(key)
        if record is None:
            return None
        return record if isinstance(record, str) else record[0]

    def decided_now(self) -> dict[str, list]:
        """This build's decided records by claims key (read back: tests compare them)."""
        return {key: self._record_now(key) for key in self._decided_now}

    def _record_now(self, key: str) -> list:
        record = self._decided_now[key]
        if isinstance(record, str):
            return self.previous_decided(key)
        return self._spill.read(record[1], record[2])

    def previous_decided(self, key: str) -> list | None:
        """The last build's decided record under ``key`` (see :meth:`decided`),
        without keeping it for this build."""
        shard = key[:SHARD_CHARS]
        records = self._decided.get(shard)
        if records is None:
            records = self._read_shard(shard)
            self._decided = {shard: records}   # the shard read last only
        return records.get(key)

    def put_decided(self, key: str, named: list[str], decision: str, rows: list) -> None:
        if self.folder is not None:
            if self._spill is None:
                self._spill = DecidedSpill(self.folder.parent if self.folder.parent.is_dir()
                                           else None)
            self._decided_now[key] = (decision, *self._spill.add([named, decision, rows]))
            self._decided_fresh.add(key[:SHARD_CHARS])

    def _read_shard(self, shard: str) -> dict[str, list]:
        folder = self.decided_folder
        if folder is None:
            return {}
        first = shard not in self._shard_keys
        warnings = self.warnings if first else []   # a damaged shard is told once
        before, self.warnings = self.warnings, warnings
        try:
            records = self._read_consolidated(folder / f"{shard}{SHARD_SUFFIX}", "claims entry")
        finally:
            self.warnings = before
        if first:
            self._shard_keys[shard] = frozenset(records)
            self.decided_read += len(records)
        return records

    def _write_decided(self) -> None:
        """Write the shards whose records differ from the last build's: a shard
        read, with no record decided now and the same keys kept, is as it was.
        A shard is written from the records decided now (read back from the
        spill file) and those kept (read again from the shard)."""
        folder = self.decided_folder
        if folder is None:
            return
        (folder.parent / LEGACY_DECIDED_FILE).unlink(missing_ok=True)
        now: dict[str, list[str]] = {}
        for key in sorted(self._decided_now):
            now.setdefault(key[:SHARD_CHARS], []).append(key)
        on_disk = {name[:-len(SHARD_SUFFIX)] for name in _listdir(folder)
                   if name.endswith(SHARD_SUFFIX)}
        for shard in sorted(on_disk | now.keys()):
            keys = now.get(shard, [])
            before = self._shard_keys.get(shard)
            if (shard in on_disk and before is not None and shard not in self._decided_fresh
                    and before == frozenset(keys)):
                continue
            path = folder / f"{shard}{SHARD_SUFFIX}"
            if not keys:
                path.unlink(missing_ok=True)
                continue
            records = {key: self._record_now(key) for key in keys}
            folder.mkdir(parents=True, exist_ok=True)
            _write_atomically(path, zlib.compress(srsly.msgpack_dumps(records), COMPRESSION_LEVEL))
            self.decided_written += len(records)

    def write_records(self) -> None:
        """Write this build's decided claims (:meth:`decided`) and names index,
        and let go of them and of every article's names: a build calls it once
        extraction and the graph's plan are done (nothing reads them after), so
        the graph's writing and the store's load do not run beside every
        article's names and decided rows. :meth:`prune` writes them otherwise."""
        if self._records_written:
            return
        self._write_decided()
        self._write_index()
        self._records_written = True
        self._decided, self._decided_now = {}, {}
        if self._spill is not None:
            self._spill.close()
            self._spill = None
        self._names, self._summaries, self._index_now = {}, {}, {}

    def prune(self) -> int:
        """Delete the entries of articles not in this build, and the claims it
        did not use; returns how many. The cache then holds exactly the current
        graph's articles, so it does not grow with every edit of an article or
        of the extractor. Writes this build's decided claims (:meth:`decided`)
        and names index, unless :meth:`write_records` has."""
        self.write_records()
        removed = 0
        for folder, keep in ((self.folder, {f"{k}{DOC_SUFFIX}" for k in self._keys.values()}),
                             (self.claims_folder, {f"{k}{CLAIMS_SUFFIX}" for k in self._claim_keys})):
            if folder is not None and folder.is_dir():
                # names first: a stat of each of 10,000s of kept entries was most of it
                for name in sorted(os.listdir(folder)):
                    path = folder / name
                    if name not in keep and path.is_file():
                        path.unlink()
                        removed += 1
        return removed


def shard_order(keys: list[str]) -> list[int]:
    """The indexes of ``keys`` (claims keys) by shard, in order within each:
    looked up in that order, :meth:`ParseCache.decided` reads each shard once
    and holds one at a time."""
    return sorted(range(len(keys)), key=lambda i: keys[i][:SHARD_CHARS])


class DecidedSpill:
    """The decided records of a build, in an unnamed temporary file until the
    shards are written: held in memory they grew with the batch (every
    article's compact rows)."""

    def __init__(self, folder: Path | None) -> None:
        self._file = tempfile.TemporaryFile(dir=folder, prefix=".decided.")
        self._fd = self._file.fileno()
        self._end = 0

    def add(self, record: list) -> tuple[int, int]:
        data = marshal.dumps(record, 4)
        os.pwrite(self._fd, data, self._end)
        span = (self._end, len(data))
        self._end += len(data)
        return span

    def read(self, offset: int, length: int) -> list:
        return marshal.loads(os.pread(self._fd, length, offset))

    def close(self) -> None:
        self._file.close()


def _listdir(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except FileNotFoundError:
        return []


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file and a rename: an interrupted build leaves no half entry."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:   # a full disk: name the file (the error itself does not)
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------------------
# The manifest of the last build
# ---------------------------------------------------------------------------

@dataclass
class SourceFile:
    """One input file of a build and the articles it gave."""

    path: str                   # absolute
    sha256: str
    articles: list[Article] = field(default_factory=list)


@dataclass
class Manifest:
    fingerprint: str
    files: list[SourceFile] = field(default_factory=list)
    #: :func:`ingest_fingerprint` of the build: an unchanged file's articles
    #: are taken from here, not read again, only under the same ingest code
    ingest: str = ""


class ManifestError(ValueError):
    """The manifest file exists but cannot be read."""


def manifest_path(folder: Path | str) -> Path:
    return Path(folder) / MANIFEST


def write_manifest(folder: Path | str, manifest: Manifest) -> Path:
    path = manifest_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "format": MANIFEST_FORMAT,
        "fingerprint": manifest.fingerprint,
        "ingest": manifest.ingest,
        "files": [{"path": f.path, "sha256": f.sha256,
                   "articles": [_article_fields(a) for a in sorted(f.articles, key=lambda a: a.id)]}
                  for f in sorted(manifest.files, key=lambda f: f.path)],
    }
    # one file per line; no indent inside: json's indent runs its pure-Python
    # encoder, which took seconds for 10,000 articles' texts on every update
    text = "".join(_manifest_lines(data)) + "\n"
    _write_atomically(path, text.encode("utf-8"))
    return path


_ARTICLE_FIELDS = tuple(f.name for f in fields(Article))


def _article_fields(article: Article) -> dict:
    """An article's fields (``asdict`` deep-copies each value)."""
    return {name: getattr(article, name) for name in _ARTICLE_FIELDS}


def _manifest_lines(data: dict):
    """The manifest's JSON text, each source file on a line of its own."""
    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    head = {k: v for k, v in data.items() if k != "files"}
    yield "{" + dump(head)[1:-1] + ', "files": ['
    for n, record in enumerate(data["files"]):
        yield ("," if n else "") + "\n " + dump(record)
    yield "\n]}"


def read_manifest(folder: Path | str) -> Manifest | None:
    """The manifest in ``folder``; None when there is none, :class:`ManifestError` when it is damaged."""
    path = manifest_path(folder)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != MANIFEST_FORMAT:
            raise ManifestError(f"unknown manifest format {data.get('format')!r}")
        names = {f.name for f in fields(Article)}
        files = [SourceFile(path=str(f["path"]), sha256=str(f["sha256"]),
                            articles=[Article(**{k: v for k, v in a.items() if k in names})
                                      for a in f["articles"]])
                 for f in data["files"]]
        return Manifest(fingerprint=str(data.get("fingerprint", "")), files=files,
                        ingest=str(data.get("ingest", "")))
    except ManifestError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ManifestError(f"{type(exc).__name__}: {exc}") from exc
