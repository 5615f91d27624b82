"""Ingest: turn source files into clean :class:`~aigraph.model.Article` records.

Supported inputs are plain text (``.txt``), Markdown (``.md``), HTML
(``.html``/``.htm``) and JSON (``.json``: one object or a list; ``.jsonl``:
one object per line). Each file goes through the same stages:

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
"""

from __future__ import annotations

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
from .furniture import is_furniture
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
)


@dataclass
class IngestResult:
    """What a batch of inputs produced.

    ``skipped`` counts inputs (files, or named paths) that produced no article;
    each of them has a warning. Unsupported files met while walking a folder
    are ignored without a warning and are not counted.
    """

    articles: list[Article] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    skipped: int = 0


# ---------------------------------------------------------------------------
# Batch ingest
# ---------------------------------------------------------------------------

def ingest(paths: Iterable[Path | str], max_bytes: int = MAX_BYTES) -> IngestResult:
    """Read every article under ``paths``; problems become warnings, not exceptions."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    result = IngestResult()
    seen_files: set[Path] = set()
    by_id: dict[str, Article] = {}
    for given in paths:
        for path in _expand(Path(given), result):
            key = path.resolve()
            if key in seen_files:      # the same file named twice is not a conflict
                continue
            seen_files.add(key)
            _ingest_file(path, max_bytes, by_id, result)
    result.articles = [by_id[k] for k in sorted(by_id)]
    return result


def _expand(path: Path, result: IngestResult) -> list[Path]:
    """The files a named path stands for; records a warning when there are none."""
    if path.is_dir():
        files = walk_folder(path)
        if not files:
            _warn(result, path, "folder contains no article files",
                  f"supported types: {', '.join(SUPPORTED_SUFFIXES)}")
        return files
    if path.is_file():
        return [path]
    _warn(result, path, "no such file or folder", "check the path")
    return []


def walk_folder(folder: Path) -> list[Path]:
    """Supported, non-hidden files below ``folder``, recursively, in sorted order."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(Path(root) / name)
    return sorted(found)


def _ingest_file(path: Path, max_bytes: int, by_id: dict[str, Article],
                 result: IngestResult) -> None:
    """Read one file into ``by_id``; a failure or id clash becomes a warning."""
    try:
        articles = read_article(path, max_bytes)
    except InputError as exc:
        _warn(result, path, exc.reason, exc.hint)
        return
    clashes = [a.id for a in articles if a.id in by_id]
    if clashes:
        first = by_id[clashes[0]].source
        _warn(result, path, f"article id {clashes[0]!r} is already used by {first}; skipped",
              "rename one of the files so every file stem is unique")
        return
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
    """Read one file as one or more articles, or raise :class:`InputError`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(path, f"unsupported file type {suffix or '(no suffix)'!r}",
                         f"use one of {', '.join(SUPPORTED_SUFFIXES)}")
    raw = _read_bytes(path, max_bytes)
    text = decode_bytes(raw, path)
    digest = hashlib.sha256(raw).hexdigest()
    if suffix in HTML_SUFFIXES:
        records = [_html_record(text, path)]
    elif suffix in JSON_SUFFIXES + JSONL_SUFFIXES:
        records = _json_records(text, path, lines=suffix in JSONL_SUFFIXES)
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


def _to_articles(records: list[_Record], path: Path, digest: str) -> list[Article]:
    """Number the records: ``<stem>`` for one, ``<stem>-001`` ... for several."""
    stem = path.stem
    several = len(records) > 1
    return [
        Article(id=f"{stem}-{n:03d}" if several else stem, source=path.name,
                text=r.text, title=r.title, date=r.date, publisher=r.publisher,
                url=r.url, sha256=digest)
        for n, r in enumerate(records, start=1)
    ]


