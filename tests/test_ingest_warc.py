"""Web archives: real WARC files written here with warcio, read by ingest."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from aigraph.ingest import ingest

PAGE = """<html><head><title>{title}</title>{meta}</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
<p>{body}</p>
<p>Officials said further talks would follow in the coming weeks.</p>
</article></body></html>"""


def page(title: str, body: str, meta: str = "") -> str:
    return PAGE.format(title=title, body=body, meta=meta)


def response(writer: WARCWriter, uri: str, payload: bytes, content_type: str,
             date: str = "2026-05-04T12:00:00Z"):
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    return writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                     http_headers=headers,
                                     warc_headers_dict={"WARC-Date": date})


def write_warc(path: Path, *, gzip: bool, truncate_last: bool = False,
               garbage_after: int | None = None) -> Path:
    """Three HTML pages (one in windows-1252, declared only by HTTP), an image
    and a request record; optionally the last page cut short, or junk bytes
    after the record numbered ``garbage_after``."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    records = [
        response(writer, "https://daily.example.com/a/ghana-sandbox",
                 page("Ghana opens a regulatory sandbox",
                      "Ghana opened a sandbox where start-ups can test medical AI tools "
                      "under supervision.",
                      '<meta property="article:published_time" content="2026-05-01">'
                      ).encode("utf-8"), "text/html; charset=utf-8"),
        response(writer, "https://daily.example.com/a/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64),
                 "image/png"),
        writer.create_warc_record("https://daily.example.com/a/peru-registry", "request",
                                  payload=io.BytesIO(b"GET /a/peru-registry HTTP/1.1\r\n\r\n")),
        response(writer, "https://daily.example.com/a/peru-registry",
                 page("Peru creates a registry of public algorithms",
                      "Peru's digital agency created a registry listing every algorithm "
                      "used by ministries, from benefit checks to café inspections."
                      ).encode("cp1252"), "text/html; charset=windows-1252",
                 date="2026-05-06T07:15:00Z"),
        response(writer, "https://daily.example.com/a/iceland-council",
                 page("Iceland names an AI advisory council",
                      "Iceland named a council of researchers to advise parliament on "
                      "frontier AI models and their risks.").encode("utf-8"),
                 "text/html", date="2026-05-07T09:00:00Z"),
    ]
    for n, record in enumerate(records, start=1):
        writer.write_record(record)
        if garbage_after == n:
            buffer.write(b"\x00garbage that is no record\x00" * 8)
    data = buffer.getvalue()
    if truncate_last:
        data = data[:-120]
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_html_responses_become_articles_with_uri_and_crawl_date(tmp_path, gzip):
    path = write_warc(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), gzip=gzip)
    result = ingest([path])
    got = [(a.id, a.url, a.date, a.title) for a in result.articles]
    assert got == [
        ("crawl-001", "https://daily.example.com/a/ghana-sandbox", "2026-05-01",
         "Ghana opens a regulatory sandbox"),     # the page's own date wins over the crawl date
        ("crawl-004", "https://daily.example.com/a/peru-registry", "2026-05-06",
         "Peru creates a registry of public algorithms"),
        ("crawl-005", "https://daily.example.com/a/iceland-council", "2026-05-07",
         "Iceland names an AI advisory council"),
    ]
    # the HTTP header's charset (windows-1252) decoded the page
    assert "café inspections" in result.articles[1].text
    assert "Home" not in result.articles[0].text
    assert [w.message for w in result.warnings] == [
        "skipped 2 non-HTML record(s): 1 image/png, 1 request"]
    assert result.skipped == 0


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_truncated_last_record_is_warned_and_the_rest_kept(tmp_path, gzip):
    path = write_warc(tmp_path / ("cut.warc.gz" if gzip else "cut.warc"), gzip=gzip,
                      truncate_last=True)
    result = ingest([path])
    assert [a.id for a in result.articles] == ["cut-001", "cut-004"]
    messages = " | ".join(w.message for w in result.warnings)
    assert ("record 5 (https://daily.example.com/a/iceland-council): truncated" in messages
            or "damaged or truncated data after byte" in messages), messages


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_damage_in_the_middle_is_skipped_and_reading_resumes(tmp_path, gzip):
    path = write_warc(tmp_path / ("junk.warc.gz" if gzip else "junk.warc"), gzip=gzip,
                      garbage_after=1)
    result = ingest([path])
    assert [a.url for a in result.articles] == [
        "https://daily.example.com/a/ghana-sandbox", "https://daily.example.com/a/peru-registry",
        "https://daily.example.com/a/iceland-council"]
    assert any(w.message.startswith("damaged or truncated data after byte")
               and "resumed at byte" in w.message for w in result.warnings), result.warnings


def test_archive_with_no_html_is_skipped_with_a_warning(tmp_path):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    writer.write_record(response(writer, "https://x.example/doc.pdf", b"%PDF-1.4", "application/pdf"))
    (tmp_path / "pdf.warc").write_bytes(buffer.getvalue())
    result = ingest([tmp_path / "pdf.warc"])
    assert result.articles == [] and result.skipped == 1
    assert "holds no readable HTML response record" in result.warnings[0].message


def test_gzip_content_encoding_and_latin1_charset_are_decoded(tmp_path):
    import gzip as gz

    body = page("Malta reviews its chatbot rules",
                "Malta's regulator reviewed the rules for chatbots in public services, "
                "señalando the need for clearer notices.").encode("latin-1")
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=ISO-8859-1"),
                                          ("Content-Encoding", "gzip")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        "https://daily.example.com/a/malta", "response", payload=io.BytesIO(gz.compress(body)),
        http_headers=headers, warc_headers_dict={"WARC-Date": "2026-05-09T10:00:00Z"}))
    (tmp_path / "enc.warc").write_bytes(buffer.getvalue())
    [article] = ingest([tmp_path / "enc.warc"]).articles
    assert (article.date, article.url) == ("2026-05-09", "https://daily.example.com/a/malta")
    assert "señalando the need for clearer notices" in article.text
