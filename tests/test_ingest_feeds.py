"""RSS and Atom feeds: real feed files written here, read by ingest."""

from __future__ import annotations

from pathlib import Path

from aigraph.ingest import ingest, read_article

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Northwind Policy Wire</title>
  <link>https://news.example.org/</link>
  <item>
    <title>Norway backs a charter on model evaluations</title>
    <link>https://news.example.org/2026/03/charter</link>
    <pubDate>Tue, 03 Mar 2026 09:30:00 GMT</pubDate>
    <description>Short teaser only.</description>
    <content:encoded><![CDATA[<p>Norway signed the Tromso Charter on Model Evaluations on Monday.</p>
      <p>The charter asks developers to publish the results of safety tests before release.</p>]]></content:encoded>
  </item>
  <item>
    <title>Chile weighs rules for public-sector chatbots</title>
    <link>https://news.example.org/2026/03/chatbots?utm_source=rss</link>
    <pubDate>Thu, 05 Mar 2026 23:10:00 -0300</pubDate>
    <description>&lt;p&gt;Chile is drafting guidance on chatbots used by ministries, officials said on Thursday.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Empty item</title>
    <link>https://news.example.org/2026/03/empty</link>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbour Review</title>
  <id>urn:example:harbour</id>
  <updated>2026-04-02T10:00:00Z</updated>
  <entry>
    <title>Kenya announces an AI audit office</title>
    <id>urn:example:harbour:1</id>
    <link href="https://harbour.example.net/kenya-audit"/>
    <published>2026-04-01T08:00:00Z</published>
    <updated>2026-04-02T08:00:00Z</updated>
    <content type="html">&lt;p&gt;Kenya announced an office that will audit algorithms used by public agencies.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_rss_entries_become_articles_with_feed_metadata(tmp_path):
    result = ingest([write(tmp_path / "wire.rss", RSS)])
    assert [a.id for a in result.articles] == ["wire-001", "wire-002"]
    full, summary = result.articles
    assert (full.title, full.date, full.publisher, full.url) == (
        "Norway backs a charter on model evaluations", "2026-03-03", "Northwind Policy Wire",
        "https://news.example.org/2026/03/charter")
    assert "Tromso Charter on Model Evaluations" in full.text and "teaser" not in full.text
    assert not full.summary_only
    # the date is the entry's, converted to UTC: 23:10 at -03:00 is the next day
    assert (summary.date, summary.summary_only) == ("2026-03-06", True)
    assert "drafting guidance on chatbots" in summary.text
    assert [str(w) for w in result.warnings] == [
        f"{tmp_path / 'wire.rss'}: entry 3: has neither content nor summary; "
        "skipped that entry, kept the others"]


def test_atom_entry_is_one_article_dated_by_its_publication(tmp_path):
    [article] = read_article(write(tmp_path / "harbour.atom", ATOM))
    assert (article.id, article.date, article.publisher, article.url) == (
        "harbour", "2026-04-01", "Harbour Review", "https://harbour.example.net/kenya-audit")
    assert "audit algorithms used by public agencies" in article.text


def test_xml_file_that_is_no_feed_is_a_warning(tmp_path):
    write(tmp_path / "sitemap.xml", "<?xml version='1.0'?><urlset><url>x</url></urlset>")
    result = ingest([tmp_path])
    assert result.articles == [] and result.skipped == 1
    assert "is not an RSS or Atom feed" in str(result.warnings[0])
