"""Metadata in the byline area: title, date and publisher at the top of a text."""


from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..dates import parse_date

# ---------------------------------------------------------------------------
# Metadata in the byline area: title, date, publisher
# ---------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_HEADLINE_SCAN = 8          # non-empty lines searched for the headline
_BYLINE_SCAN = 6            # non-empty lines after the headline searched for date/publisher
_MASTHEAD_MAX_WORDS = 15    # longer lines before a headline are prose, not masthead


def _looks_like_headline(line: str) -> bool:
    """Short, starts like a title, does not end like a sentence or a lead-in.

    Scripts without letter case or spaces (Thai, Chinese) only get the length test.
    """
    if re.search(r"[.,;:]$", line) or len(line) > 200 or parse_date(line) is not None:
        return False
    if not _is_cased_script(line):
        return True
    if "|" in line or len([w for w in line.split() if any(c.isalpha() for c in w)]) < 3:
        return False  # a section label ("World | Technology", "Markets & Policy")
    return (3 <= len(line.split()) <= 30
            and (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘"))


def _is_cased_script(text: str) -> bool:
    """True when most letters have case (Latin, Greek, Cyrillic), so that
    capitals and sentence punctuation carry meaning."""
    letters = [c for c in text if c.isalpha()]
    cased = sum(1 for c in letters if c.isupper() or c.islower())
    return not letters or cased >= 0.5 * len(letters)


def _looks_like_name(line: str, title: str | None) -> bool:
    """2-4 capitalised words, e.g. an outlet name in a byline."""
    words = line.split()
    if not 2 <= len(words) <= 4 or line == title or _SENTENCE_END.search(line):
        return False
    if words[0].lower() == "by" or any(w.isdigit() for w in words):
        return False
    connectors = {"of", "the", "and", "for", "&", "de", "la"}
    return (words[0][0].isupper() and words[-1][0].isupper()
            and all(w[0].isupper() or w.lower() in connectors for w in words))


@dataclass
class _Head:
    """What the top of a text says about itself."""

    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    drop: set[int] = field(default_factory=set)   # line indexes consumed as metadata/masthead


def _read_head(lines: list[str], known_title: str | None) -> _Head:
    """Find the headline, masthead lines before it, and a byline date/publisher after it."""
    head = _Head(title=known_title)
    filled = [i for i, line in enumerate(lines) if line]
    top = filled[:_HEADLINE_SCAN]
    title_at = None
    if known_title is None:
        for i in top:
            if _looks_like_headline(lines[i]):
                title_at = i
                break
            if len(lines[i].split()) > _MASTHEAD_MAX_WORDS:
                break
        if title_at is not None:
            head.title = lines[title_at]
            head.drop.update(i for i in filled if i < title_at)
    start = filled.index(title_at) + 1 if title_at is not None else 0
    byline = [i for i in filled if i < (title_at or 0)] + filled[start:start + _BYLINE_SCAN]
    _read_byline(lines, byline, head)
    return head


_BYLINE_SEPARATORS = re.compile(r"\s+[|·•]\s+|\s+[|·•]|[|·•]\s+")


def _byline_date(line: str) -> str | None:
    """A date alone on a line, or as one part of a byline such as
    "By our correspondent | July 11, 2025" or "9 March 2025 · 4 min read"."""
    date = parse_date(line)
    if date is None:
        for part in _BYLINE_SEPARATORS.split(line):
            date = parse_date(part)
            if date:
                break
    return date


def _read_byline(lines: list[str], byline: list[int], head: _Head) -> None:
    """A date alone on a line (or in a byline), and a name-like line next to it."""
    for pos, i in enumerate(byline):
        date = _byline_date(lines[i])
        if date is None:
            continue
        head.date = date
        head.drop.add(i)
        for j in (pos - 1, pos + 1):
            if 0 <= j < len(byline) and _looks_like_name(lines[byline[j]], head.title):
                head.publisher = lines[byline[j]]
                head.drop.add(byline[j])
                break
        return


