"""Normalise dates written in text to xsd:date, xsd:gYearMonth or xsd:gYear.

Relative expressions ("three years ago", "this week", "last month") are
resolved against the article's own date; without one they are left out
rather than guessed.
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
