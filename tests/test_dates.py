"""Date spans: how much time an xsd date lexical form covers."""

from __future__ import annotations

import datetime as dt

from aigraph.dates import lexical_span


def test_a_year_only_date_covers_its_whole_year():
    assert lexical_span("2023") == (dt.date(2023, 1, 1), dt.date(2023, 12, 31), "year")


def test_a_month_covers_its_days_and_a_day_itself():
    assert lexical_span("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29), "month")
    assert lexical_span("2025-12") == (dt.date(2025, 12, 1), dt.date(2025, 12, 31), "month")
    assert lexical_span("2025-03-02") == (dt.date(2025, 3, 2), dt.date(2025, 3, 2), "day")


def test_what_is_not_a_date_has_no_span():
    assert lexical_span("soon") is None
    assert lexical_span("2025-13") is None
