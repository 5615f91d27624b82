"""Dates, windows and the diff of two views, on a hand-made extraction."""

from __future__ import annotations

import pytest

from aigraph.errors import DateError
from aigraph.history import (before_window, check_date, diff, diff_text, on_or_before,
                             published_by, whole, window)

from time_extraction import article, claim, corpus_of, entity, extraction

US, MX, PACT = "country/uruguay", "country/mexico", "agreement/river-pact"


def test_dates_and_partial_bounds():
    assert check_date(" 2026-03 ") == "2026-03"
    with pytest.raises(DateError, match="'2026-13-01' is not a date"):
        check_date("2026-13-01")
    assert on_or_before("2026-03-31", "2026-03") and not on_or_before("2026-04-01", "2026-03")


def test_published_by_leaves_out_later_and_undated_articles():
    kept, notes = published_by([article("a", "2026-01-01"), article("b", "2026-02-01"),
                                article("c")], "2026-01")
    assert [a.id for a in kept] == ["a"]
    assert notes == ["left out 1 article(s) published after 2026-01",
                     "left out 1 article(s) with no publication date (an --as-of build keeps "
                     "only articles it can place in time)"]


def corpus():
    articles = [article("a", "2026-01-05"), article("b", "2026-02-05"), article("u")]
    entities = [entity(US, "Country", "Uruguay", "abu"), entity(MX, "Country", "Mexico", "b"),
                entity(PACT, "Agreement", "River Pact", "ab")]
    claims = [claim(US, "partyTo", PACT, "a", "Uruguay signed the River Pact."),
              claim(US, "supports", PACT, "a", "Uruguay backs it."),
              claim(US, "opposes", PACT, "b", "Uruguay turned against it."),
              claim(MX, "partyTo", PACT, "b", "Mexico signed the River Pact."),
              claim(MX, "partyTo", PACT, "u", "Mexico signed, undated.")]
    return corpus_of(extraction(articles, entities, claims))


def test_windows_place_dated_articles_only():
    c = corpus()
    early, late = before_window(c, "2026-02"), window(c, "2026-02")
    assert (len(early.articles), len(late.articles), late.undated) == (1, 1, 1)
    assert late.name == "articles published from 2026-02 on"
    assert len(whole("all", c).articles) == 3


def test_diff_finds_new_participant_changed_stance_and_dropped_fact():
    c = corpus()
    result = diff(before_window(c, "2026-02"), window(c, "2026-02"))
    assert [(x.kind, x.summary()) for x in result.changes] == [
        ("new entity", "Mexico (Country)"),
        ("fact no longer reported", "Uruguay partyTo River Pact"),
        ("changed stance", "Uruguay opposes River Pact (supports -> opposes)"),
        ("new participant", "Mexico partyTo River Pact (River Pact was already reported in "
                            "articles published before 2026-02)"),
    ]
    assert result.notes == ["articles published before 2026-02: 1 undated article(s) left out",
                            "articles published from 2026-02 on: 1 undated article(s) left out"]
    text = diff_text(result)
    assert "Note: articles published before 2026-02: 1 undated article(s) left out\n" in text
    assert '      before: "Uruguay backs it." (asserted, 2026-01-05, a.txt)\n' in text


def test_diff_of_a_view_with_itself_is_empty():
    c = corpus()
    assert diff(whole("x", c), whole("x", c)).changes == []
