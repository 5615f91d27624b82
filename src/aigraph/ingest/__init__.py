"""Ingest: turn source files into clean :class:`~aigraph.model.Article` records.

Supported inputs are plain text (``.txt``), Markdown (``.md``), HTML
(``.html``/``.htm``), JSON (``.json``: one object or a list; ``.jsonl``:
one object per line), RSS/Atom feeds (``.rss``/``.atom``/``.xml``: one
article per entry, :mod:`.feeds`) and web archives (``.warc``/``.warc.gz``:
one article per HTML response record, streamed, :mod:`.warc`). Each file
goes through the same stages:

1. **decode** the raw bytes: UTF-8 (with or without BOM), UTF-16/32 with BOM,
   otherwise a legacy charset, preferring what decodes cleanly over what a
   file declares. Undecodable or binary files are rejected, never silently
   truncated.
2. **repair** mojibake: UTF-8 read as Thai cp874/TIS-620 (which ftfy does not
   undo), then ftfy for the common Latin cases; a few damaged-punctuation
   patterns.
3. **normalise** Unicode (NFC), spaces and line endings.
4. **strip page furniture** by general layout rules (newsletter boxes, share
   and follow lines, comment forms, teaser lists of other stories, tag lists,
   captchas, reading-time badges, mastheads) and **find metadata** (title,
   date, publisher) in the byline area.

The stages live in one module each: :mod:`.decoding`, :mod:`.mojibake`,
:mod:`.furniture`, :mod:`.bylines` (title, date, publisher) and
:mod:`.formats` (body assembly, text, Markdown, HTML, JSON); this package
reads files and batches, and exports what the rest of aigraph uses.

:func:`read_article` raises :class:`~aigraph.errors.InputError` for a file it
cannot use; :func:`ingest` turns every such problem into one
:class:`~aigraph.model.Warning_` and carries on with the rest of the batch.
Finally the batch is folded so that the same URL or the same (or nearly
the same) text is one article (:mod:`.duplicates`). Each file is read inside one error boundary: any other exception raised while
reading it (a bug, a parser's ``RecursionError``, an OS error) becomes a
warning naming the file too, never the end of the batch. Files a folder walk
skips (PDF, DOCX, any unsupported type, broken links and link loops) each get
a warning naming them; hidden files and folders are ignored.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..dates import parse_date
from ..errors import InputError
from ..model import Article, Warning_
from .decoding import decode_bytes
from .formats import _html_record, _json_records, _plain_record, _Record
from .duplicates import deduplicate
from .feeds import FEED_SUFFIXES, feed_records
from .furniture import is_furniture
from .warc import WARC_SUFFIXES, file_sha256, is_warc, warc_records
from .mojibake import normalise_text, repair_mojibake, repair_thai_mojibake


# trafilatura logs through the stdlib; without a handler Python's last-resort
# handler would print to stderr, and nothing below the CLI may print.
for _name in ("trafilatura", "htmldate", "charset_normalizer"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

__all__ = [
    "MAX_BYTES", "SUPPORTED_SUFFIXES", "IngestResult", "ingest", "read_article", "walk_folder",
    "decode_bytes", "repair_mojibake", "repair_thai_mojibake", "normalise_text", "is_furniture",
    "parse_date",
]

#: Default per-file size limit in bytes.
MAX_BYTES = 5 * 1024 * 1024

TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl",)
SUPPORTED_SUFFIXES = (
    TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES + JSONL_SUFFIXES
    + FEED_SUFFIXES + WARC_SUFFIXES
)


@dataclass
class IngestResult:
    """What a batch of inputs produced.

    ``skipped`` counts inputs (files, or named paths) that produced no article;
    each of them has a warning, and so has each unsupported file met while
    walking a folder (counted too). Hidden files and folders are ignored.
    """

    articles: list[Article] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    skipped: int = 0


# ---------------------------------------------------------------------------
# Batch ingest
# ---------------------------------------------------------------------------

def ingest(paths: Iterable[Path | str], max_bytes: int = MAX_BYTES,
           exclude: Iterable[Path | str] = ()) -> IngestResult:
    """Read every article under ``paths``; problems become warnings, not exceptions.

    ``exclude``: folders never read (the build's own output folder, when it
    lies inside a source folder)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    result = IngestResult()
    seen_files: set[Path] = set()
    by_id: dict[str, Article] = {}
    excluded = {_resolved(Path(e)) for e in exclude}
    for given in paths:
        for path in _expand(Path(given), result, excluded):
            with _boundary(path, result):
                key = _resolved(path)
                if key in seen_files:      # the same file named twice is not a conflict
                    continue
                seen_files.add(key)
                _ingest_file(path, max_bytes, by_id, result)
    result.articles, duplicates = deduplicate([by_id[k] for k in sorted(by_id)])
    result.warnings += duplicates
    return result


def _resolved(path: Path) -> Path:
    """``path`` made absolute with links followed as far as they go (a link loop
    makes :meth:`Path.resolve` raise on some Pythons)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


class _boundary:
    """The per-file error boundary: an exception in one file becomes one warning.

    :class:`InputError` carries its own reason and hint; anything else is
    reported by its type and message, with a hint to report it, since it is a
    fault of aigraph's rather than of the file."""

    def __init__(self, path: Path, result: IngestResult) -> None:
        self.path, self.result = path, result

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> bool:
        if exc is None or not isinstance(exc, Exception):
            return False          # KeyboardInterrupt and SystemExit go through
        if isinstance(exc, InputError):
            _warn(self.result, self.path, exc.reason, exc.hint)
        else:
            _warn(self.result, self.path, describe_failure(exc),
                  "the file was skipped; the rest of the batch was built")
        return True


def describe_failure(exc: BaseException) -> str:
    """One line for an unexpected exception: its kind and the start of its message."""
    if isinstance(exc, RecursionError):
        return "nested too deeply to process (RecursionError)"
    message = " ".join(str(exc).split())
    if len(message) > 200:
        message = message[:200] + "..."
    return f"could not be processed: {type(exc).__name__}" + (f": {message}" if message else "")


def _expand(path: Path, result: IngestResult, excluded: set[Path] = frozenset()) -> list[Path]:
    """The files a named path stands for; records a warning when there are none."""
    try:
        if path.is_dir():
            files, skipped = _walk(path, excluded)
            for file, reason, hint in skipped:
                _warn(result, file, reason, hint)
            if not files and not skipped:
                _warn(result, path, "folder contains no article files",
                      f"supported types: {', '.join(SUPPORTED_SUFFIXES)}")
            return files
        if path.is_file():
            return [path]
        reason = _link_problem(path)
        if reason:
            _warn(result, path, reason, "fix or remove the link")
        else:
            _warn(result, path, "no such file or folder", "check the path")
    except Exception as exc:  # noqa: BLE001 - the boundary of one named path
        _warn(result, path, describe_failure(exc), "check the path")
    return []


def walk_folder(folder: Path) -> list[Path]:
    """Supported, non-hidden files below ``folder``, recursively, in sorted order."""
    return _walk(folder)[0]


def _walk(folder: Path, excluded: set[Path] = frozenset()
          ) -> tuple[list[Path], list[tuple[Path, str, str]]]:
    """The article files below ``folder`` and the files skipped, each with
    why and what to do. Folder links are not followed (they could loop)."""
    found: list[Path] = []
    skipped: list[tuple[Path, str, str]] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        kept_dirs = []
        for d in sorted(dirs):
            here = Path(root) / d
            if d.startswith(".") or (excluded and _resolved(here) in excluded):
                continue
            if here.is_symlink():
                skipped.append((here, "link to a folder, not followed",
                                "name the folder itself to read it"))
                continue
            kept_dirs.append(d)
        dirs[:] = kept_dirs
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            problem = _link_problem(path)
            if problem:
                skipped.append((path, problem, "fix or remove the link"))
            elif _suffix(path) in SUPPORTED_SUFFIXES:
                found.append(path)
            else:
                skipped.append((path, *_unsupported(path)))
    return sorted(found), sorted(skipped)


def _link_problem(path: Path) -> str | None:
    """Why a symbolic link cannot be read (a loop, a missing target), else None."""
    if not path.is_symlink():
        return None
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        return "broken symbolic link (its target does not exist)"
    return None


def _suffix(path: Path) -> str:
    """The suffix that names the format (``.warc.gz`` counts as one)."""
    return ".warc.gz" if path.name.lower().endswith(".warc.gz") else path.suffix.lower()


def _unsupported(path: Path) -> tuple[str, str]:
    suffix = path.suffix.lower()
    kind = {".pdf": "PDF", ".docx": "Word", ".doc": "Word", ".odt": "OpenDocument",
            ".rtf": "RTF"}.get(suffix)
    reason = (f"{kind} files are not read" if kind
              else f"unsupported file type {suffix or '(no suffix)'!r}")
    return reason, f"save it as text or HTML first; aigraph reads {', '.join(SUPPORTED_SUFFIXES)}"


def _ingest_file(path: Path, max_bytes: int, by_id: dict[str, Article],
                 result: IngestResult) -> None:
    """Read one file into ``by_id``; a failure or id clash becomes a warning."""
    notes: list[str] = []
    articles = _read_file(path, max_bytes, notes)
    clashes = [a.id for a in articles if a.id in by_id]
    if clashes:
        first = by_id[clashes[0]].source
        _warn(result, path, f"article id {clashes[0]!r} is already used by {first}; skipped",
              "rename one of the files so every file stem is unique")
        return
    for note in notes:   # records skipped inside a file that gave articles
        result.warnings.append(Warning_(source=str(path), message=note))
    for article in articles:
        by_id[article.id] = article


def _warn(result: IngestResult, path: Path, reason: str, hint: str = "") -> None:
    message = f"{reason} ({hint})" if hint else reason
    result.warnings.append(Warning_(source=str(path), message=message))
    result.skipped += 1


# ---------------------------------------------------------------------------
# One file
# ---------------------------------------------------------------------------

def read_article(path: Path | str, max_bytes: int = MAX_BYTES) -> list[Article]:
    """Read one file as one or more articles, or raise :class:`InputError`.
    (Malformed lines of a JSON Lines file are skipped when other lines are good.)"""
    return _read_file(Path(path), max_bytes, [])


def _read_file(path: Path, max_bytes: int, notes: list[str]) -> list[Article]:
    """:func:`read_article`, with a note in ``notes`` for each record skipped."""
    suffix = _suffix(path)
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(path, *_unsupported(path))
    if is_warc(path):   # streamed: the size limit applies to each page, not the archive
        return _to_articles(list(warc_records(path, max_bytes, notes)), path,
                            file_sha256(path), numbered=True)
    raw = _read_bytes(path, max_bytes)
    digest = hashlib.sha256(raw).hexdigest()
    if suffix in FEED_SUFFIXES:   # feedparser reads the XML's own encoding declaration
        return _to_articles(feed_records(raw, path, notes), path, digest)
    text = decode_bytes(raw, path)
    if suffix in HTML_SUFFIXES:
        records = [_html_record(text, path)]
    elif suffix in JSON_SUFFIXES + JSONL_SUFFIXES:
        records = _json_records(text, path, lines=suffix in JSONL_SUFFIXES, skipped=notes)
    else:
        records = [_plain_record(text, path, markdown=suffix in MARKDOWN_SUFFIXES)]
    return _to_articles(records, path, digest)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The raw bytes, after the size, emptiness and binary checks."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(path, f"file is {size} bytes, over the limit of {max_bytes}",
                             "split it or raise the size limit")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}",
                         "check the file's permissions") from exc
    if len(raw) > max_bytes:
        raise InputError(path, f"file is {len(raw)} bytes, over the limit of {max_bytes}",
                         "split it or raise the size limit")
    if not raw:
        raise InputError(path, "file is empty", "remove it or add the article text")
    return raw


def _to_articles(records: list[_Record], path: Path, digest: str,
                 numbered: bool = False) -> list[Article]:
    """Number the records: ``<stem>`` for one, ``<stem>-001`` ... for several
    (always numbered for an archive, whose records come and go)."""
    stem = path.name[:-len(".warc.gz")] if _suffix(path) == ".warc.gz" else path.stem
    several = len(records) > 1 or numbered
    return [
        Article(id=f"{stem}-{r.number or n:03d}" if several or r.number else stem,
                source=path.name, text=r.text, title=r.title, date=r.date,
                publisher=r.publisher, url=r.url, sha256=digest, summary_only=r.summary_only)
        for n, r in enumerate(records, start=1)
    ]


