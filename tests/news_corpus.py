"""A small corpus of dated AI-governance news, made up for the time features,
delivered the ways news arrives: an RSS feed, a web archive (WARC.gz) and a
Markdown file. Its answers are known (see KNOWN below and the tests).

- 4 March, Coast Wire (feed): Canada and France sign the Lisbon Accord on
  Frontier AI, signed "on 3 March 2026"; Brazil welcomes it.
- 6 March, Harbour Daily (Markdown): Canada and Germany signed it.
- 12 March, Coast Wire (feed summary, and the full page in the archive: one
  article): Mexico signs; Canada has signed; it was signed "on 5 March 2026".
- 14 March, Valley Times (archive): Brazil opposes it; Germany did not sign it.
- 15 March, Valley Times (archive): the Helsinki AI Summit will be held in
  Helsinki on 12 May 2026; Japan will attend.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

SIGNED = ("Canada signed the Lisbon Accord on Frontier AI.",
          "France signed the Lisbon Accord on Frontier AI as well.",
          "The Lisbon Accord on Frontier AI was signed on 3 March 2026.",
          "Brazil welcomed the Lisbon Accord on Frontier AI.")
REACTION = ("Canada signed the Lisbon Accord on Frontier AI after months of talks.",
            "Germany signed the Lisbon Accord on Frontier AI, officials in Berlin confirmed.")
MEXICO = ("Mexico signed the Lisbon Accord on Frontier AI.",
          "Canada has signed the Lisbon Accord on Frontier AI, a spokesperson recalled.",
          "The Lisbon Accord on Frontier AI was signed on 5 March 2026.")
BRAZIL = ("Brazil opposed the Lisbon Accord on Frontier AI.",
          "The Lisbon Accord on Frontier AI was not signed by Germany.")
HELSINKI = ("The Helsinki AI Summit will be held in Helsinki on 12 May 2026.",
            "Japan will attend the Helsinki AI Summit.")

COAST = "https://coastwire.example"
VALLEY = "https://valleytimes.example"


def paragraphs(sentences) -> str:
    return "".join(f"<p>{html.escape(s)}</p>" for s in sentences)


def feed() -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Coast Wire</title><link>{COAST}/</link>
<item><title>Canada and France sign a frontier AI accord</title>
  <link>{COAST}/lisbon-signed</link><pubDate>Wed, 04 Mar 2026 08:00:00 GMT</pubDate>
  <description>Two countries sign.</description>
  <content:encoded><![CDATA[{paragraphs(SIGNED)}]]></content:encoded></item>
<item><title>Mexico joins the accord</title>
  <link>{COAST}/mexico?utm_source=rss</link><pubDate>Thu, 12 Mar 2026 08:00:00 GMT</pubDate>
  <description>{html.escape(MEXICO[0])}</description></item>
</channel></rss>
"""


def page(title: str, sentences, date: str, site: str) -> bytes:
    return (f"<html><head><title>{html.escape(title)}</title>"
            f'<meta property="og:site_name" content="{site}">'
            f'<meta property="article:published_time" content="{date}T07:00:00Z"></head>'
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>"
            f"{paragraphs(sentences)}</article></body></html>").encode("utf-8")


def archive(path: Path) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)

    def response(uri: str, payload: bytes, content_type: str, crawled: str):
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            uri, "response", payload=io.BytesIO(payload), http_headers=headers,
            warc_headers_dict={"WARC-Date": f"{crawled}T12:00:00Z"}))

    response(f"{COAST}/mexico", page("Mexico joins the accord", MEXICO, "2026-03-12", "Coast Wire"),
             "text/html; charset=utf-8", "2026-03-16")
    response(f"{VALLEY}/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(32), "image/png", "2026-03-16")
    response(f"{VALLEY}/brazil", page("Brazil turns against the accord", BRAZIL, "2026-03-14",
                                      "Valley Times"), "text/html; charset=utf-8", "2026-03-16")
    response(f"{VALLEY}/helsinki", page("Helsinki to host AI summit", HELSINKI, "2026-03-15",
                                        "Valley Times"), "text/html", "2026-03-16")
    path.write_bytes(buffer.getvalue())
    return path


def markdown() -> str:
    return ("---\ntitle: Ottawa defends its accord pledge\ndate: 2026-03-06\n"
            "publisher: Harbour Daily\nurl: https://harbourdaily.example/ottawa\n---\n\n"
            + "\n\n".join(REACTION) + "\n")


def write_corpus(folder: Path) -> Path:
    """The corpus as files in ``folder`` (created); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "coastwire.rss").write_text(feed(), encoding="utf-8")
    (folder / "reaction.md").write_text(markdown(), encoding="utf-8")
    archive(folder / "valley.warc.gz")
    return folder


#: (article id, publication date, publisher, URL) of the articles a build keeps.
ARTICLES = [
    ("coastwire-001", "2026-03-04", "Coast Wire", f"{COAST}/lisbon-signed"),
    ("reaction", "2026-03-06", "Harbour Daily", "https://harbourdaily.example/ottawa"),
    ("valley-001", "2026-03-12", "Coast Wire", f"{COAST}/mexico"),
    ("valley-003", "2026-03-14", "Valley Times", f"{VALLEY}/brazil"),
    ("valley-004", "2026-03-15", "Valley Times", f"{VALLEY}/helsinki"),
]


_BUILDS: dict[str, Path] = {}


def news_build(tmp_path_factory, as_of: str | None = None) -> Path:
    """The graph.ttl of the corpus built once per session (per ``as_of``), with
    the hand-written patterns alone: the answers pinned here test diff, timeline
    and conflicts, and must not move each time the relation model is retrained."""
    key = as_of or "all"
    if key not in _BUILDS:
        from aigraph.build import build
        from conftest import patterns_only

        root = tmp_path_factory.mktemp(f"news-{key}")
        with patterns_only():
            report = build([write_corpus(root / "in")], root / "out", as_of=as_of)
        _BUILDS[key] = report.outputs[0]
    return _BUILDS[key]
