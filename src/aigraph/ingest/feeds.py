"""RSS and Atom feeds: one article per entry, read with feedparser.

Each entry gives its title, publication date (``published``, else
``updated``, in UTC), publisher (the entry's own ``source``/``publisher``,
else the feed's title), link, and its content: the full content
(``content:encoded``, Atom ``content``) where the feed carries it, else the
summary, in which case the article is flagged ``summary_only``. The entry's
HTML goes through the same HTML stage as a saved web page.

feedparser is given the bytes, never a URL, so reading a feed never touches
the network.
"""

from __future__ import annotations

import html
import time
from pathlib import Path

from ..errors import InputError
from .formats import _html_record, _Record

FEED_SUFFIXES = (".rss", ".atom", ".xml")


def feed_records(raw: bytes, path: Path, notes: list[str]) -> list[_Record]:
    """The entries of a feed as records; an entry with no text is described in
    ``notes`` and skipped. Raises :class:`InputError` when ``raw`` is no feed."""
    import feedparser

    parsed = feedparser.parse(raw)
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception")
        raise InputError(path, "is not an RSS or Atom feed"
                         + (f" ({' '.join(str(why).split())[:120]})" if why else ""),
                         "save the feed itself, or the page as .html")
    feed_publisher = _text(parsed.feed.get("title"))
    records: list[_Record] = []
    for number, entry in enumerate(parsed.entries, start=1):
        try:
            record = _entry_record(entry, path, feed_publisher)
        except InputError as exc:
            notes.append(f"entry {number}: {exc.reason}; skipped that entry, kept the others")
            continue
        record.number = number
        records.append(record)
    if not records:
        raise InputError(path, "feed has no entry with text", "check that the feed has items")
    if len(records) == 1 and len(parsed.entries) == 1:
        records[0].number = None
    return records


def _entry_record(entry, path: Path, feed_publisher: str | None) -> _Record:
    body, summary_only = _entry_body(entry)
    if not body.strip():
        raise InputError(path, "has neither content nor summary")
    title = _text(entry.get("title"))
    # the title goes in <title> only: the body is the entry's own text
    page = (f"<html><head><title>{html.escape(title or '')}</title></head>"
            f"<body><article>{body}</article></body></html>")
    record = _html_record(page, path)
    source = entry.get("source") or {}
    record.publisher = (_text(entry.get("publisher")) or _text(source.get("title"))
                        or feed_publisher or record.publisher)
    record.date = _entry_date(entry) or record.date
    record.url = _text(entry.get("link")) or record.url
    record.summary_only = summary_only
    return record


def _entry_body(entry) -> tuple[str, bool]:
    """The entry's HTML: its fullest content, else its summary (flagged)."""
    contents = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if contents:
        best = max(contents, key=lambda c: ("html" in (c.get("type") or ""), len(c["value"])))
        return _as_html(best), False
    detail = entry.get("summary_detail") or {}
    summary = entry.get("summary") or ""
    return _as_html({"value": summary, "type": detail.get("type", "text/html")}), True


def _as_html(content) -> str:
    value = content.get("value") or ""
    if "html" in (content.get("type") or "text/html"):
        return value
    return "".join(f"<p>{html.escape(p)}</p>" for p in value.split("\n\n"))


def _entry_date(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%d", value)
    return None


def _text(value) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None
