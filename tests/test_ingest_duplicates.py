"""One article per story: duplicate URLs and same or near-same texts."""

from __future__ import annotations

import json

from aigraph.ingest import ingest
from aigraph.ingest.duplicates import deduplicate, normalise_url
from aigraph.model import Article

STORY = ("Portugal and Morocco agreed on Friday to set up a joint panel on the safety of "
         "AI systems used in ports and shipping. The panel will meet twice a year and "
         "publish its findings, the two transport ministries said in a statement. Officials "
         "said the first meeting would take place in Lisbon before the end of the summer.")


def test_url_normalisation_ignores_scheme_www_tracking_and_slash():
    assert normalise_url("https://www.Example.org/news/item/?utm_source=rss&id=4#top") == \
        normalise_url("http://example.org/news/item?id=4")
    assert normalise_url("https://example.org/a?id=4") != normalise_url("https://example.org/a?id=5")


def test_same_url_keeps_the_full_text_over_a_feed_summary():
    summary = Article("feed-001", "feed.rss", "Short teaser.", url="https://x.example/s?utm_medium=x",
                      date="2026-06-02", publisher="Feed Desk", summary_only=True)
    page = Article("crawl-003", "crawl.warc", STORY, url="https://www.x.example/s/")
    kept, warnings = deduplicate([page, summary])
    assert kept == [Article("crawl-003", "crawl.warc", STORY, url="https://www.x.example/s/",
                            date="2026-06-02", publisher="Feed Desk")]
    assert [str(w) for w in warnings] == [
        "feed.rss: article feed-001 is a duplicate of crawl-003 (the same URL); kept crawl-003 only"]


def test_syndicated_copy_with_small_edits_is_a_near_duplicate(tmp_path):
    copy = STORY.replace("on Friday", "on Friday, 4 July,") + " (Reporting by a wire desk.)"
    other = ("Norway's data protection authority fined a retailer for using face recognition "
             "in its shops without telling customers, the authority said on Monday.")
    rows = [{"text": STORY, "date": "2026-07-04", "publisher": "Coast Wire", "url": "https://a.example/1"},
            {"text": copy, "date": "2026-07-05", "publisher": "Harbour Daily", "url": "https://b.example/9"},
            {"text": other, "date": "2026-07-05", "publisher": "Harbour Daily"}]
    (tmp_path / "batch.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = ingest([tmp_path / "batch.jsonl"])
    assert [(a.id, a.publisher) for a in result.articles] == [
        ("batch-001", "Coast Wire"), ("batch-003", "Harbour Daily")]
    [warning] = [w.message for w in result.warnings]
    assert warning.startswith("article batch-002 is a duplicate of batch-001 (near-duplicate text (0.")


def test_same_text_in_two_files_is_one_article(tmp_path):
    (tmp_path / "one.txt").write_text("Wire copy\n\n" + STORY, encoding="utf-8")
    (tmp_path / "two.txt").write_text("Wire copy\n\n" + STORY.upper().lower(), encoding="utf-8")
    result = ingest([tmp_path])
    assert [a.id for a in result.articles] == ["one"]
    assert "(the same text)" in result.warnings[0].message
