"""The build cache (``exports/cache/``): parsed articles and the build manifest.

Entity resolution in :func:`aigraph.extract.extract` is global across the
batch (a bare surname in one article joins a full name in another; labels are
chosen across all articles), so per-article graphs cannot simply be merged.
What is cached is the expensive, purely per-article step, the spaCy parse:
each article's :class:`~spacy.tokens.Doc` (including the ``doc.spans`` that
aigraph's components write) is stored as ``Doc.to_bytes()``; resolution and
relations then run again over all articles, cached or new, so a build from
the cache equals a build from scratch.

- ``docs/<key>.doc``: one parsed article, zlib-compressed. The key hashes the
  article text with the :func:`extractor_fingerprint`, so a changed text,
  ontology file, extractor module or spaCy/model version misses the cache.
- ``manifest.json``: the source files of the last build, with their sha256
  and article records, so ``aigraph build --update NEW`` knows the articles
  already in the graph (and keeps those whose file has since disappeared).

The cache is a disposable speed-up: an entry that cannot be read is reported
as a warning and the article is parsed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zlib
from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .model import Article, Warning_

CACHE_DIR = "cache"
MANIFEST = "manifest.json"
DOCS_DIR = "docs"
DOC_SUFFIX = ".doc"
MANIFEST_FORMAT = 1

#: Doc parts the extractor never reads. The tensor (tok2vec output) is three
#: quarters of a serialised Doc and only feeds ``token.vector``.
_EXCLUDE = ["tensor"]


def cache_dir(out_dir: Path | str) -> Path:
    """Where a build writing to ``out_dir`` keeps its cache."""
    return Path(out_dir) / CACHE_DIR


# ---------------------------------------------------------------------------
# Fingerprint of the extractor
# ---------------------------------------------------------------------------

#: Modules outside ``extract/`` whose code a parse depends on (the month
#: table of the tokenizer rules, the name normaliser).
SHARED_MODULES = ("dates.py", "names.py")


def extractor_fingerprint() -> str:
    """A hash of everything a parse depends on besides the text.

    The ontology files (gazetteer, risk vocabulary, rules: the spaCy
    components are built from them), the source of the extract package (the
    components' code; any edit invalidates, erring on the safe side), and
    the versions of aigraph, spaCy and the model."""
    from .ontology import ontology_dir

    return _fingerprint(ontology_dir())


@lru_cache(maxsize=8)
def _fingerprint(ontology: Path) -> str:
    """Computed once per process and ontology folder, like the pipeline and the
    ontology data themselves: a file edited while a process runs must not make
    the code and rules already loaded write entries under the new fingerprint."""
    import spacy

    from .extract.nlp import MODEL

    digest = hashlib.sha256()
    for part in (_package_version("aigraph"), spacy.__version__, MODEL, _model_version(MODEL)):
        digest.update(f"{part}\n".encode())
    package = Path(__file__).parent
    for folder, pattern in ((ontology, "*"), (package / "extract", "*.py")):
        # the relation model decides claims after parsing: retraining it keeps the parses
        for path in sorted(p for p in folder.rglob(pattern)
                           if p.is_file() and p.name != "relation-model.json"):
            digest.update(f"{path.relative_to(folder).as_posix()}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in SHARED_MODULES:   # code the components import from outside extract/
        digest.update(f"{name}\n".encode())
        digest.update(hashlib.sha256((package / name).read_bytes()).digest())
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
def _vocab():
    """A blank vocabulary of the model's language, to read cached Docs into.

    Reading does not need the trained pipeline (slow to load): a cached Doc
    carries its strings and every token attribute, and the lexical attributes
    (``like_num``, ``is_punct``...) come from the language's rules."""
    import spacy

    from .extract.nlp import MODEL

    return spacy.blank(_model_meta(MODEL)["lang"]).vocab


# ---------------------------------------------------------------------------
# Parsed articles
# ---------------------------------------------------------------------------

class ParseCache(MutableMapping):
    """Parsed Docs by article id, backed by ``docs/<key>.doc`` files.

    :meth:`load` reads the entries of a batch of articles; the extractor then
    finds them here and skips their parse, and stores each new Doc (written
    to disk at once). ``from_cache`` lists the ids that came from disk."""

    def __init__(self, folder: Path | str, fingerprint: str) -> None:
        self.folder = Path(folder)
        self.fingerprint = fingerprint
        self.from_cache: set[str] = set()
        self.warnings: list[Warning_] = []
        self._docs: dict = {}
        self._keys: dict[str, str] = {}
        self._texts: dict[str, str] = {}

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.fingerprint}\n{text}".encode()).hexdigest()

    def path(self, article_id: str) -> Path:
        return self.folder / f"{self._keys[article_id]}{DOC_SUFFIX}"

    def load(self, articles: Iterable[Article]) -> None:
        """Read the cached parse of each article, where there is a usable one."""
        for article in articles:
            self._keys[article.id] = self.key(article.text)
            self._texts[article.id] = article.text
            path = self.path(article.id)
            if not path.is_file():
                continue
            doc = self._read(path, article)
            if doc is not None:
                self._docs[article.id] = doc
                self.from_cache.add(article.id)

    def _read(self, path: Path, article: Article):
        from spacy.tokens import Doc

        try:
            doc = Doc(_vocab()).from_bytes(zlib.decompress(path.read_bytes()))
        except Exception as exc:  # noqa: BLE001 - untrusted bytes: any failure means re-parse
            self._warn(path, article, f"{type(exc).__name__}: {exc}")
            return None
        if doc.text != article.text:
            self._warn(path, article, "it holds another text")
            return None
        return doc

    def _warn(self, path: Path, article: Article, why: str) -> None:
        self.warnings.append(Warning_(
            str(path), f"unreadable build cache entry for article {article.id} ({why}); "
                       "parsing the article again"))

    def __getitem__(self, article_id: str):
        return self._docs[article_id]

    def __setitem__(self, article_id: str, doc) -> None:
        """Keep a freshly parsed Doc, and write it to the cache at once."""
        if article_id not in self._keys:  # an article not given to load(): key it now
            self._keys[article_id] = self.key(doc.text)
        self._docs[article_id] = doc
        self.from_cache.discard(article_id)
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_atomically(self.path(article_id), zlib.compress(doc.to_bytes(exclude=_EXCLUDE)))

    def __delitem__(self, article_id: str) -> None:
        del self._docs[article_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._docs)

    def __len__(self) -> int:
        return len(self._docs)

    def prune(self) -> int:
        """Delete the entries of articles not in this build; returns how many.

        The cache then holds exactly the current graph's articles, so it does
        not grow with every edit of an article or of the extractor."""
        keep = {f"{key}{DOC_SUFFIX}" for key in self._keys.values()}
        removed = 0
        if self.folder.is_dir():
            for path in sorted(self.folder.iterdir()):
                if path.is_file() and path.name not in keep:
                    path.unlink()
                    removed += 1
        return removed


def _write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file and a rename: an interrupted build leaves no half entry."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
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
        "files": [{"path": f.path, "sha256": f.sha256,
                   "articles": [asdict(a) for a in sorted(f.articles, key=lambda a: a.id)]}
                  for f in sorted(manifest.files, key=lambda f: f.path)],
    }
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    _write_atomically(path, text.encode("utf-8"))
    return path


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
        return Manifest(fingerprint=str(data.get("fingerprint", "")), files=files)
    except ManifestError:
        raise
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ManifestError(f"{type(exc).__name__}: {exc}") from exc
