"""Dates: the one month table and every date parser aigraph has.

- :func:`normalise_date` reads a date written in running text ("12 February
  2026", "last month", "on Monday") as an xsd:date, xsd:gYearMonth or
  xsd:gYear lexical form. Relative expressions are resolved against the
  article's own date; without one they are left out rather than guessed.
- :func:`parse_date` reads the date of an article's metadata (a byline,
  ``<meta>``, a JSON field: "Published: July 11, 2025", "2026-03-02T09:00Z")
  as an ISO ``YYYY-MM-DD``.
- :func:`lexical_to_date` turns a lexical form back into a
  :class:`datetime.date` (for timelines).
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], start=1)}
MONTHS |= {m[:3]: i for m, i in list(MONTHS.items())}
MONTHS["sept"] = 9
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1}

ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:\s*[-–]\s*\d{1,2})?(?:st|nd|rd|th)?,?\s+(\d{4})\b")
DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:\s*[-–]\s*\d{1,2})?\b")
# "12 and 13 February", "12-13 February 2026": the first day
DAY_RANGE_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s*(?:and|to|-|–)\s*\d{1,2}(?:st|nd|rd|th)?\s+"
                             r"([A-Za-z]{3,9})\.?(?:,?\s+(\d{4}))?\b")
DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\b")
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
AGO = re.compile(r"\b(\w+)\s+(year|month)s?\s+ago\b", re.I)


def _month(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


def normalise_date(text: str, article_date: str | None = None) -> tuple[str, str] | None:
    """``(lexical form, datatype)`` with datatype "date", "gYearMonth" or "gYear"; else None."""
    ref = dt.date.fromisoformat(article_date) if article_date else None
    if m := ISO.search(text):
        y, mo, d = map(int, m.groups())
        return (f"{y:04d}-{mo:02d}-{d:02d}", "date") if _valid(y, mo, d) else None
    if (m := MONTH_DAY_YEAR.search(text)) and _month(m.group(1)):
        y, mo, d = int(m.group(3)), _month(m.group(1)), int(m.group(2))
        if _valid(y, mo, d):
            return f"{y:04d}-{mo:02d}-{d:02d}", "date"
    if (m := DAY_RANGE_MONTH.search(text)) and _month(m.group(2)) and (m.group(3) or ref):
        y, mo, d = int(m.group(3)) if m.group(3) else ref.year, _month(m.group(2)), int(m.group(1))
        if _valid(y, mo, d):
            return f"{y:04d}-{mo:02d}-{d:02d}", "date"
    if (m := DAY_MONTH_YEAR.search(text)) and _month(m.group(2)):
        y, mo, d = int(m.group(3)), _month(m.group(2)), int(m.group(1))
        if _valid(y, mo, d):
            return f"{y:04d}-{mo:02d}-{d:02d}", "date"
    if (m := MONTH_YEAR.search(text)) and _month(m.group(1)):
        return f"{int(m.group(2)):04d}-{_month(m.group(1)):02d}", "gYearMonth"
    for pattern, month_group, day_group in ((MONTH_DAY, 1, 2), (DAY_MONTH, 2, 1)):
        if (m := pattern.search(text)) and _month(m.group(month_group)) and ref:
            mo, d = _month(m.group(month_group)), int(m.group(day_group))
            if _valid(ref.year, mo, d):
                return f"{ref.year:04d}-{mo:02d}-{d:02d}", "date"
    if m := YEAR.search(text):
        return m.group(1), "gYear"
    if ref is None:
        return None
    return relative_date(text, ref)


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def relative_date(text: str, ref: dt.date) -> tuple[str, str] | None:
    lowered = text.lower()
    for n, day in enumerate(WEEKDAYS):
        if re.search(rf"\b{day}\b", lowered):
            # News says "on Monday" for the latest Monday up to the article's date.
            back = (ref.weekday() - n) % 7
            if "next" in lowered:
                return (ref + dt.timedelta(days=(n - ref.weekday()) % 7 or 7)).isoformat(), "date"
            if "last" in lowered and back == 0:
                back = 7
            return (ref - dt.timedelta(days=back)).isoformat(), "date"
    if m := AGO.search(lowered):
        n = NUMBERS.get(m.group(1), int(m.group(1)) if m.group(1).isdigit() else None)
        if n is None:
            return None
        if m.group(2) == "year":
            return f"{ref.year - n:04d}", "gYear"
        months = ref.year * 12 + ref.month - 1 - n
        return f"{months // 12:04d}-{months % 12 + 1:02d}", "gYearMonth"
    if any(w in lowered for w in ("this week", "today", "this weekend")):
        return ref.isoformat(), "date"
    if "yesterday" in lowered:
        return (ref - dt.timedelta(days=1)).isoformat(), "date"
    if "this month" in lowered:
        return f"{ref.year:04d}-{ref.month:02d}", "gYearMonth"
    if "last week" in lowered:   # as precise as the text: the month of a week ago
        week_ago = ref - dt.timedelta(days=7)
        return f"{week_ago.year:04d}-{week_ago.month:02d}", "gYearMonth"
    if "last month" in lowered:
        months = ref.year * 12 + ref.month - 2
        return f"{months // 12:04d}-{months % 12 + 1:02d}", "gYearMonth"
    if "this year" in lowered:
        return f"{ref.year:04d}", "gYear"
    if "last year" in lowered:
        return f"{ref.year - 1:04d}", "gYear"
    if "next year" in lowered:
        return f"{ref.year + 1:04d}", "gYear"
    return None


# ---------------------------------------------------------------------------
# Metadata dates (ingest): a date written alone, or leading a value
# ---------------------------------------------------------------------------

_I = re.IGNORECASE
_MONTH_RE = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
             r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE_PREFIX = (r"(?:(?:published|posted|updated|last updated|date|on)\b\s*:?\s*)*"
                r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?")
_DATE_FORMS = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?", _I),
    re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})"),
    re.compile(_MONTH_RE + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})", _I),
    re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+(?P<y>\d{4})", _I),
)


def parse_date(value: str, *, whole: bool = True) -> str | None:
    """An ISO ``YYYY-MM-DD`` for a date written alone (``whole``) or leading ``value``."""
    value = value.strip()
    prefix = re.match(_DATE_PREFIX, value, _I)
    rest = value[prefix.end():] if prefix else value
    for form in _DATE_FORMS:
        match = form.fullmatch(rest) if whole else form.match(rest)
        if match:
            return _iso_date(match)
    return None


def _iso_date(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    month = int(parts["m"]) if parts.get("m") else _month(parts["mon"])
    try:
        return dt.date(int(parts["y"]), month, int(parts["d"])).isoformat()
    except (ValueError, TypeError):
        return None


# ---------------------------------------------------------------------------
# Lexical forms back to dates (analysis)
# ---------------------------------------------------------------------------

_LEXICAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def lexical_to_date(text: str) -> dt.date | None:
    """An xsd:date, gYearMonth or gYear lexical form as a datetime.date (a
    missing month or day is the first)."""
    match = _LEXICAL.match(text)
    if not match:
        return None
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def lexical_span(text: str) -> tuple[dt.date, dt.date, str] | None:
    """The first and last day an xsd:date, gYearMonth or gYear lexical form
    covers, and its precision (``day``, ``month`` or ``year``): "2023" is
    all of 2023, not 1 January, so timelines and date filters treat it as a span."""
    match = _LEXICAL.match(text)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if day:
            start = dt.date(int(year), int(month), int(day))
            return start, start, "day"
        if month:
            start = dt.date(int(year), int(month), 1)
            following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
            return start, following - dt.timedelta(days=1), "month"
        return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31), "year"
    except ValueError:
        return None
