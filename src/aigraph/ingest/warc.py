"""Web archives (WARC, WARC.gz): every HTML response record becomes an article.

The archive is streamed record by record with warcio, so memory stays flat
in the archive's size (only the articles' cleaned text is kept). For each
``response`` record whose HTTP ``Content-Type`` is HTML:

- the payload is decoded with the charset the HTTP header declares when it
  decodes cleanly, else by :func:`~aigraph.ingest.decoding.decode_bytes`;
- the page goes through the same HTML stage as a saved page;
- its URL is the record's ``WARC-Target-URI``, its date the page's own
  publication date, else the crawl date (``WARC-Date``).

Every other record (requests, metadata, images, PDFs, redirects without a
page) is skipped and counted in one note. A record cut short (fewer bytes
than its ``Content-Length``) is warned about and skipped; when the archive
is damaged (unreadable bytes, a broken gzip member) the reader warns and
resumes at the next record it can find, so the records after the damage are
not lost.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .decoding import decode_bytes
from .formats import _html_record, _Record

WARC_SUFFIXES = (".warc", ".warc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Where a record starts, to resume after damage: a gzip member or a WARC header line.
_GZIP_START = b"\x1f\x8b\x08"
_WARC_START = re.compile(rb"(?:^|\n)WARC/1\.[01]\r?\n")
_CHUNK = 1 << 20


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def file_sha256(path: Path) -> str:
    """The file's digest, read in chunks (archives can be large)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@dataclass
class _Page:
    number: int          # the record's position in the archive, from 1
    uri: str
    crawl_date: str | None
    payload: bytes
    charset: str | None


def warc_records(path: Path, max_bytes: int, notes: list[str]) -> Iterator[_Record]:
    """The HTML pages of the archive as records, in archive order; problems go
    into ``notes``. Raises :class:`InputError` when nothing in it is a record."""
    skipped: Counter[str] = Counter()
    found = 0
    for page in _pages(path, max_bytes, notes, skipped):
        where = f"record {page.number} ({page.uri})"
        try:
            text = _decode(page.payload, page.charset, path)
            record = _html_record(text, path)
        except InputError as exc:
            notes.append(f"{where}: {exc.reason}; skipped that record")
            continue
        record.url = page.uri or record.url
        record.date = record.date or page.crawl_date
        record.number = page.number
        found += 1
        yield record
    if skipped:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(skipped.items()))
        notes.append(f"skipped {sum(skipped.values())} non-HTML record(s): {kinds}")
    if not found:
        raise InputError(path, "holds no readable HTML response record"
                         + (f" ({'; '.join(notes)})" if notes else ""),
                         "check that the archive holds crawled web pages")


def _pages(path: Path, max_bytes: int, notes: list[str],
           skipped: Counter[str]) -> Iterator[_Page]:
    """HTML response records, resuming after damage at the next record start."""
    from warcio.archiveiterator import ArchiveIterator

    size = path.stat().st_size
    gzipped = path.name.lower().endswith(".gz")
    number = 0
    start = 0
    with path.open("rb") as handle:
        while start < size:
            handle.seek(start)
            records = ArchiveIterator(handle)
            end = start
            try:
                for record in records:
                    number += 1
                    page = _page(record, number, max_bytes, notes, skipped)
                    records.read_to_end(record)
                    end = start + records.get_record_offset() + records.get_record_length()
                    if page is not None:
                        yield page
                damage = None if size - end <= 4 else "the bytes after it are not a record"
            except Exception as exc:  # noqa: BLE001 - a damaged archive; resume below
                damage = f"{type(exc).__name__}: {' '.join(str(exc).split())[:120]}"
            if damage is None:
                return
            resume = _next_record_start(handle, end + 1, gzipped)
            lost = f"resumed at byte {resume}" if resume is not None else "nothing readable after it"
            notes.append(f"damaged or truncated data after byte {end} ({damage}); {lost}")
            if resume is None:
                return
            start = resume


def _page(record, number: int, max_bytes: int, notes: list[str],
          skipped: Counter[str]) -> _Page | None:
    """The record as a page when it is an HTML response, else None (counted)."""
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if record.rec_type != "response":
        skipped[record.rec_type or "unknown"] += 1
        return None
    content_type = (record.http_headers.get_header("Content-Type") or ""
                    if record.http_headers else "")
    media = content_type.split(";")[0].strip().lower()
    if media not in _HTML_TYPES:
        skipped[media or "untyped response"] += 1
        return None
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        notes.append(f"record {number} ({uri}): page is over the limit of {max_bytes} bytes; "
                     "skipped that record (raise the size limit to read it)")
        return None
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        notes.append(f"record {number} ({uri}): truncated ({missing} byte(s) of the record "
                     "missing); skipped that record, kept the others")
        return None
    crawl = record.rec_headers.get_header("WARC-Date") or ""
    return _Page(number, uri, crawl[:10] if re.match(r"\d{4}-\d\d-\d\d", crawl) else None,
                 payload, _charset(content_type))


def _charset(content_type: str) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def _decode(payload: bytes, charset: str | None, path: Path) -> str:
    """The HTTP header's charset when it decodes the page cleanly, else the
    file decoder's guess."""
    if charset:
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(payload, path)


def _next_record_start(handle, offset: int, gzipped: bool) -> int | None:
    """The offset of the next gzip member or WARC header at or after ``offset``."""
    handle.seek(offset)
    position = offset
    tail = b""
    while True:
        chunk = handle.read(_CHUNK)
        if not chunk:
            return None
        data = tail + chunk
        base = position - len(tail)
        if gzipped:
            found = data.find(_GZIP_START)
            if found >= 0:
                return base + found
        else:
            match = _WARC_START.search(data)
            if match:
                return base + match.end() - len(match.group().lstrip(b"\n"))
        tail = data[-16:]
        position += len(chunk)
