"""Tests for the ingest stage: real files on disk, real samples, no mocks."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from aigraph.errors import InputError
from aigraph.ingest import (
    MAX_BYTES,
    IngestResult,
    ingest,
    is_furniture,
    parse_date,
    read_article,
    repair_thai_mojibake,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sources"
FIXTURES = Path(__file__).resolve().parent / "data" / "ingest"
THAI_BLOCK = re.compile(r"[\u0E00-\u0E7F]")

GOOD_TEXT = (
    "Regulators Publish New Testing Guidance\n\n"
    "Regulators in several countries published joint guidance on testing "
    "advanced AI models on Monday.\n\n"
    "The guidance asks developers to report serious incidents within a week.\n"
)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# The real samples
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def samples() -> IngestResult:
    return ingest([SAMPLES])


def sample_files() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


def test_every_sample_ingests_without_warnings(samples):
    assert samples.warnings == []
    assert samples.skipped == 0
    assert [a.id for a in samples.articles] == [p.stem for p in sample_files()]
    assert len(samples.articles) == 5


def test_samples_keep_identity_and_hash(samples):
    for article, path in zip(samples.articles, sample_files()):
        assert article.source == path.name
        assert article.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_samples_have_no_thai_mojibake_left(samples):
    for article in samples.articles:
        assert not THAI_BLOCK.search(article.text), article.id
        assert "\ufffd" not in article.text
        assert "€" not in article.text


def test_samples_em_dashes_restored(samples):
    by_id = {a.id: a for a in samples.articles}
    damaged = [p.stem for p in sample_files() if "\u0e42".encode() in p.read_bytes()]
    assert damaged, "expected at least one sample with cp874 mojibake"
    for stem in damaged:
        assert "—" in by_id[stem].text
        # an em dash repaired from a lone fragment sits between words
        assert " — " in by_id[stem].text


def test_samples_furniture_gone(samples):
    for article in samples.articles:
        lines = article.text.split("\n")
        assert not any(line.startswith("Related Articles") for line in lines), article.id
        assert "Related Articles" not in article.text
        assert "Subscribe" not in article.text
        assert "#ai#" not in article.text
        assert "Follow @" not in article.text
        assert "Leave a Reply" not in article.text
        assert "email address will not be published" not in article.text
        assert "Captcha" not in article.text
        assert not re.search(r"\d+ min(ute)? read", article.text)
        assert "Support the author" not in article.text
        assert not any(line.startswith("←") for line in lines)


def test_samples_faq_sections_are_kept(samples):
    with_faq = [p.stem for p in sample_files() if b"(FAQ)" in p.read_bytes()]
    assert with_faq
    for article in samples.articles:
        if article.id in with_faq:
            assert "(FAQ)" in article.text
            assert re.search(r"^Q\d?: ", article.text, re.MULTILINE)


def test_samples_titles_found_and_lead_the_text(samples):
    for article in samples.articles:
        assert article.title, article.id
        assert 3 <= len(article.title.split()) <= 20
        assert article.text.split("\n\n")[0] == article.title
        # the headline appears once, not repeated by the page template
        assert article.text.count(article.title) == 1


def test_samples_text_ends_with_article_prose(samples):
    for article in samples.articles:
        last = article.text.split("\n\n")[-1]
        assert re.search(r"[.!?][\"”’]?$", last), (article.id, last)
        assert not last.endswith("…")


def test_samples_dates_only_where_given(samples):
    for article, path in zip(samples.articles, sample_files()):
        raw = path.read_text(encoding="utf-8")
        standalone = re.search(r"^\d{4}-\d{2}-\d{2}$", raw, re.MULTILINE)
        if standalone:
            assert article.date == standalone.group(0)
            assert article.publisher and article.publisher in raw
            assert article.publisher not in article.text.split("\n\n")[:3]
        else:
            assert article.date is None


def test_samples_doubled_stops_repaired(samples):
    for article in samples.articles:
        assert not re.search(r"\w\.\.\s", article.text), article.id


def test_samples_paragraphs_separated_by_blank_lines(samples):
    for article in samples.articles:
        assert "\n\n\n" not in article.text
        assert len(article.text.split("\n\n")) >= 8
        assert not any(line != line.strip() for line in article.text.split("\n"))


# ---------------------------------------------------------------------------
# Bad inputs: one warning each, the rest of the batch survives
# ---------------------------------------------------------------------------

BAD_INPUTS = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (b"  \n\t\n   \n", "whitespace"),
    "nul.txt": (b"Some text\x00\x01\x02 with NUL bytes\x00", "binary"),
    "controls.txt": (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 20 + b"a few letters", "binary"),
    "undecodable.txt": (b"Header " + bytes(range(0x80, 0x100)) * 3, "cannot be decoded"),
    "broken.html": (b"<html><body><div><span></div></p></html", "no readable text"),
    "scripts-only.html": (b"<html><head><script>var a = 1;</script></head><body>"
                          b"<script>alert('x')</script></body></html>", "no readable text"),
    "broken.json": (b'{"title": "A", "text": "B",', "invalid JSON"),
    "broken.jsonl": (b'{"text": oops}\n{"text": "no closing quote}\n', "line 1"),
    "notext.json": (b'{"title": "Only a title"}', "no text"),
    "furniture-only.txt": (b"Subscribe to our newsletter\n\nShare this article\n\n"
                           b"Leave a comment\n", "no article text left"),
    "picture.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "unsupported"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gives_one_warning_and_batch_continues(tmp_path, name):
    content, reason = BAD_INPUTS[name]
    bad = write(tmp_path, name, content)
    good = write(tmp_path, "good.txt", GOOD_TEXT)
    result = ingest([bad, good])
    assert [a.id for a in result.articles] == ["good"]
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert warning.source == str(bad)
    assert reason in warning.message
    assert name in str(warning)
    assert result.skipped == 1


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_read_article_raises_input_error(tmp_path, name):
    content, reason = BAD_INPUTS[name]
    bad = write(tmp_path, name, content)
    with pytest.raises(InputError) as info:
        read_article(bad)
    assert reason in info.value.reason
    assert info.value.path == bad
    assert info.value.hint
    assert str(bad) in str(info.value)


def test_over_size_limit(tmp_path):
    big = write(tmp_path, "big.txt", GOOD_TEXT * 20)
    good = write(tmp_path, "small.md", "# Small Note On Policy\n\nShort text.\n")
    result = ingest([big, good], max_bytes=500)
    assert [a.id for a in result.articles] == ["small"]
    assert len(result.warnings) == 1
    assert result.warnings[0].source == str(big)
    assert "over the limit of 500" in result.warnings[0].message
    with pytest.raises(InputError):
        read_article(big, max_bytes=500)
    assert read_article(big, max_bytes=MAX_BYTES)


def test_missing_path_warns(tmp_path):
    good = write(tmp_path, "good.txt", GOOD_TEXT)
    missing = tmp_path / "nowhere" / "gone.txt"
    result = ingest([missing, good])
    assert [a.id for a in result.articles] == ["good"]
    assert len(result.warnings) == 1
    assert result.warnings[0].source == str(missing)
    assert "no such file or folder" in result.warnings[0].message


def test_empty_folder_warns(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    write(tmp_path, "other/notes.csv", "a,b\n1,2\n")
    result = ingest([empty, tmp_path / "other", write(tmp_path, "good.txt", GOOD_TEXT)])
    assert [a.id for a in result.articles] == ["good"]
    # the empty folder is named; a folder of unsupported files names each file
    assert [w.source for w in result.warnings] == [str(empty), str(tmp_path / "other/notes.csv")]
    assert "no article files" in result.warnings[0].message
    assert "unsupported file type '.csv'" in result.warnings[1].message


def test_folder_walk_recursive_sorted_skips_hidden_and_unsupported(tmp_path):
    folder = tmp_path / "in"
    write(folder, "b.txt", GOOD_TEXT)
    write(folder, "sub/a.md", "# Nested Markdown Article Title\n\nBody of the nested note.\n")
    write(folder, ".hidden.txt", GOOD_TEXT)
    write(folder, ".git/c.txt", GOOD_TEXT)
    write(folder, "image.png", b"\x89PNG\x00\x00")
    write(folder, "data.csv", "x,y\n")
    result = ingest([folder])
    assert [a.id for a in result.articles] == ["a", "b"]
    # hidden files are ignored; every other file skipped is named with why
    assert [(Path(w.source).name, w.message.split(" (")[0]) for w in result.warnings] == [
        ("data.csv", "unsupported file type '.csv'"), ("image.png", "unsupported file type '.png'")]
    assert result.skipped == 2


def test_unsupported_file_named_explicitly_warns(tmp_path):
    path = write(tmp_path, "table.csv", "x,y\n1,2\n")
    result = ingest([path])
    assert result.articles == []
    assert len(result.warnings) == 1
    assert "unsupported file type '.csv'" in result.warnings[0].message


def test_duplicate_ids_warn_and_keep_first(tmp_path):
    first = write(tmp_path, "one/story.txt", GOOD_TEXT)
    second = write(tmp_path, "two/story.md", "# Another Story With Same Stem\n\nText.\n")
    result = ingest([first, second])
    assert len(result.articles) == 1
    assert result.articles[0].title == "Regulators Publish New Testing Guidance"
    assert len(result.warnings) == 1
    assert result.warnings[0].source == str(second)
    assert "already used" in result.warnings[0].message


def test_same_file_twice_is_read_once(tmp_path):
    path = write(tmp_path, "good.txt", GOOD_TEXT)
    result = ingest([tmp_path, path])
    assert [a.id for a in result.articles] == ["good"]
    assert result.warnings == []


def test_articles_sorted_by_id(tmp_path):
    texts = ("Auditors in Norway reviewed three chatbots used by tax offices.",   # distinct:
             "A court in Chile heard a case on automated hiring tools.",           # equal texts
             "Engineers in Kenya tested a flood-warning model on river data.")     # are one article
    for name, text in zip(("zeta.txt", "alpha.txt", "mid.txt"), texts):
        write(tmp_path, name, text)
    result = ingest([tmp_path / "zeta.txt", tmp_path / "alpha.txt", tmp_path / "mid.txt"])
    assert [a.id for a in result.articles] == ["alpha", "mid", "zeta"]


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------

WESTERN = ("Café Owners Meet in Zürich\n\n"
           "The “naïve” plan — said the café owner — costs €5 and pleases Ærø.\n")


def test_cp1252_decodes(tmp_path):
    path = write(tmp_path, "win.txt", WESTERN.encode("cp1252"))
    article = read_article(path)[0]
    assert article.title == "Café Owners Meet in Zürich"
    assert "“naïve” plan — said the café owner — costs €5 and pleases Ærø." in article.text


def test_latin1_decodes(tmp_path):
    text = "Réunion à Genève\n\nLes ministres se sont réunis à Genève; très bien, ça marche.\n"
    path = write(tmp_path, "latin.txt", text.encode("latin-1"))
    article = read_article(path)[0]
    assert article.title == "Réunion à Genève"
    assert "réunis à Genève; très bien, ça marche." in article.text


def test_utf16_with_bom_decodes(tmp_path):
    path = write(tmp_path, "wide.txt", WESTERN.encode("utf-16"))
    assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    article = read_article(path)[0]
    assert article.title == "Café Owners Meet in Zürich"
    assert "€5" in article.text


def test_utf8_bom_is_removed(tmp_path):
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + WESTERN.encode("utf-8"))
    article = read_article(path)[0]
    assert article.title == "Café Owners Meet in Zürich"
    assert "\ufeff" not in article.text


def test_cyrillic_legacy_charset_is_detected(tmp_path):
    text = ("Новости искусственного интеллекта\n\n"
            "Правительство объявило новые правила для систем искусственного интеллекта. "
            "Эксперты считают, что правила помогут снизить риски.\n")
    path = write(tmp_path, "ru.txt", text.encode("cp1251"))
    article = read_article(path)[0]
    assert "Правительство объявило новые правила" in article.text


def test_html_with_wrong_declared_charset(tmp_path):
    html = ("<html><head><meta charset='iso-8859-1'><title>Café Summit Ends</title></head>"
            "<body><p>Delegates at the café summit in Zürich agreed on a short statement "
            "about testing — and promised to meet again.</p></body></html>")
    path = write(tmp_path, "page.html", html.encode("utf-8"))
    article = read_article(path)[0]
    assert "Zürich" in article.text and "—" in article.text
    assert "Ã" not in article.text


def test_utf8_with_stray_cp1252_bytes_is_repaired_segment_by_segment(tmp_path):
    """Mostly UTF-8 (dense in accents, so no whole-file guess fits) with a
    line pasted from a cp1252 file: both parts read right."""
    utf8 = ("Zoë Müller à Zürich\n\n"
            + "Zoë Müller, née à Zürich, était déjà là: été très réussi. Ça évoque Åsa Ærø.\n"
            * 3).encode("utf-8")
    path = write(tmp_path, "mixed.txt", utf8 + "Zoë Müller dit: café français.\n".encode("cp1252"))
    article = read_article(path)[0]
    assert article.title == "Zoë Müller à Zürich"
    assert article.text.endswith("Ça évoque Åsa Ærø. Zoë Müller dit: café français.")
    assert "\ufffd" not in article.text


def test_cp1252_file_with_one_utf8_like_pair_stays_cp1252(tmp_path):
    """A legacy file whose bytes happen to form one UTF-8 sequence ("Ã©")."""
    text = "Café Owners Meet\n\nThe café owners of Zürich met; the menu said Ã© by mistake.\n"
    path = write(tmp_path, "legacy.txt", text.encode("cp1252"))
    assert read_article(path)[0].text.startswith("Café Owners Meet\n\nThe café owners of Zürich")


def test_html_nested_deeper_than_any_tree_keeps_its_text(tmp_path):
    prose = ("Delegates from Ostmark and Estravia agreed on Friday to test advanced AI models "
             "together, the foreign ministry of Ostmark said.")
    html = ("<html><head><title>Ostmark and Estravia agree on testing</title></head><body>"
            + "<div>" * 100_000 + f"<p>{prose}</p>" + "</div>" * 100_000 + "</body></html>")
    article = read_article(write(tmp_path, "deep.html", html.encode("utf-8")))[0]
    assert article.title == "Ostmark and Estravia agree on testing"
    assert article.text == f"Ostmark and Estravia agree on testing\n\n{prose}"


def test_dtd_entity_references_do_not_become_text(tmp_path):
    html = ('<?xml version="1.0"?>\n<!DOCTYPE html [\n<!ENTITY corpname "Quillon Labs">\n'
            '<!ENTITY % param "x">\n]>\n<html><head><title>Quillon Labs joins network</title>'
            "</head><body><p>&corpname; said it will join the International Network of AI "
            "Testing Bodies. Its chief executive, Marek Oduya, warned about cyber attacks "
            "enabled by AI systems.</p></body></html>")
    article = read_article(write(tmp_path, "dtd.html", html.encode("utf-8")))[0]
    assert "corpname" not in article.text and "&" not in article.text
    assert "said it will join the International Network" in article.text


# ---------------------------------------------------------------------------
# Mojibake repair
# ---------------------------------------------------------------------------

def test_thai_mojibake_of_utf8_is_repaired():
    # written with escapes: U+0E42 U+20AC U+201D is the em dash's bytes E2 80 94 read
    # as cp874; U+0E50 U+0178 U+201C U+0E0C is an emoji's F0 9F 93 AC
    damaged = ("Talks resumed \u0e42\u20ac\u201d slowly \u0e42\u20ac\u201d today. "
               "News\u0e22\u0e17Brief. \u0e50\u0178\u201c\u0e0c Mail \u0e42\u2020\u2019 here")
    assert repair_thai_mojibake(damaged) == (
        "Talks resumed — slowly — today. News·Brief. 📬 Mail → here")


def test_lone_truncated_fragments():
    # the em dash lost two of its three bytes; an emoji lost two of its four
    assert repair_thai_mojibake("was unproductive โ officials said") == (
        "was unproductive — officials said")
    assert "\u0e50" not in repair_thai_mojibake("๐ฌ Want more?")
    assert not THAI_BLOCK.search(repair_thai_mojibake("press here โNext"))


def test_mojibake_file_end_to_end(tmp_path):
    text = ("Ministers Back Shared Testing Rules\n\n"
            "Ministers agreed on shared rules โ€” a first step โ€” on Friday.\n\n"
            "Officials called it progress โ though critics disagreed.\n\n"
            "๐Ÿ“¬ Want more policy insights?\n\n"
            "๐ฌ Want even more?\n")
    article = read_article(write(tmp_path, "moji.txt", text))[0]
    assert article.text == (
        "Ministers Back Shared Testing Rules\n\n"
        "Ministers agreed on shared rules — a first step — on Friday.\n\n"
        "Officials called it progress — though critics disagreed.")


def test_genuine_thai_text_is_preserved(tmp_path):
    thai = ("ข่าวปัญญาประดิษฐ์\n\n"
            "รัฐบาลไทยประกาศนโยบายปัญญาประดิษฐ์ใหม่ในวันนี้ เพื่อส่งเสริมความปลอดภัย\n\n"
            "ยกเลิก การประชุม โ ที่ กรุงเทพ\n")
    article = read_article(write(tmp_path, "thai.txt", thai))[0]
    assert article.text == thai.strip()
    assert article.title == "ข่าวปัญญาประดิษฐ์"


def test_thai_document_with_unambiguous_mojibake(tmp_path):
    thai = "ข่าวปัญญาประดิษฐ์\n\nรัฐบาลไทยประกาศนโยบายใหม่ โ€” เพื่อความปลอดภัย\n"
    article = read_article(write(tmp_path, "thai2.txt", thai))[0]
    assert "ประกาศนโยบายใหม่ — เพื่อความปลอดภัย" in article.text


def test_latin_mojibake_fixed_by_ftfy(tmp_path):
    text = "Summit Ends Without Deal\n\nThe summitâ€™s host said talks â€” long and hard â€” failed.\n"
    article = read_article(write(tmp_path, "latin-moji.txt", text))[0]
    assert "The summit’s host said talks — long and hard — failed." in article.text


# ---------------------------------------------------------------------------
# Normalisation and structure
# ---------------------------------------------------------------------------

def test_normalisation(tmp_path):
    raw = ("Leaders Meet In Geneva   \r\n\r\n\r\n\r\n\r\n"
           "Leaders\u00a0met in Gene\u0301va on\u00a0Monday.   \r\n\r\n"
           "They agreed\u200b to talk again.\r\n")
    article = read_article(write(tmp_path, "norm.txt", raw.encode("utf-8")))[0]
    assert article.text == ("Leaders Meet In Geneva\n\n"
                            "Leaders met in Genéva on Monday.\n\n"
                            "They agreed to talk again.")


def test_hard_wrapped_paragraphs_are_joined(tmp_path):
    raw = ("Panel Reviews Safety Report\n\n"
           "The panel reviewed the annual safety report on Tuesday and said the\n"
           "findings justified closer cooperation between national institutes and\n"
           "the labs that build frontier models.\n\n"
           "A second meeting is planned.\n")
    article = read_article(write(tmp_path, "wrapped.txt", raw))[0]
    assert article.text.split("\n\n")[1] == (
        "The panel reviewed the annual safety report on Tuesday and said the findings "
        "justified closer cooperation between national institutes and the labs that "
        "build frontier models.")


def test_wrapped_paragraphs_after_headline_in_one_block(tmp_path):
    raw = ("Panel Reviews Safety Report\n"
           "The panel reviewed the annual safety report on Tuesday and said the\n"
           "findings justified closer cooperation between institutes.\n"
           "- first recommendation\n"
           "- second recommendation\n")
    article = read_article(write(tmp_path, "wrapped2.txt", raw))[0]
    assert article.text.split("\n\n") == [
        "Panel Reviews Safety Report",
        "The panel reviewed the annual safety report on Tuesday and said the findings "
        "justified closer cooperation between institutes.",
        "- first recommendation", "- second recommendation"]


def test_emoji_led_article_bullets_survive(tmp_path):
    raw = ("Five Takeaways From The Summit\n\n"
           "The summit ended with several commitments.\n\n"
           "✅ Developers get more time to comply with the testing rules.\n\n"
           "📬 Want more briefings like this?\n")
    article = read_article(write(tmp_path, "emoji.txt", raw))[0]
    assert "✅ Developers get more time to comply with the testing rules." in article.text
    assert "Want more" not in article.text


def test_hostile_text_stays_literal(tmp_path):
    raw = ("Hostile Input Test Title\n\n"
           "Text with <script>alert(1)</script> and <img src=x onerror=alert(2)> inside.\n")
    article = read_article(write(tmp_path, "hostile.txt", raw))[0]
    assert "<script>alert(1)</script>" in article.text
    assert "<img src=x onerror=alert(2)>" in article.text


# ---------------------------------------------------------------------------
# Page furniture (general rules, synthetic pages)
# ---------------------------------------------------------------------------

FURNITURE_PAGE = """Tech Desk
World · 4 min read
Breaking

Council Adopts Framework On Model Testing

By-line Media Group

March 3, 2026

Council Adopts Framework On Model Testing

The council adopted a framework on model testing after two years of talks, officials said.

Share this article
Share on Facebook
Follow us on LinkedIn for more updates.

The framework requires audits of the most capable systems before they are released.

FAQ

Q: Who must comply? A: Developers of the largest models.

We use cookies to improve your experience. Accept all cookies
Tags: testing, audits, council
#policy #safety #audits
✉️ Get the weekly briefing!
Sign up for our newsletter
Buy me a coffee
Are you a robot? Press and hold the button
Leave a comment
3 comments

Related Stories

Another Council Story Headline
A teaser about another story that should not be in the article.

Yet Another Headline Here
Another teaser sentence about something else entirely.
"""


def test_furniture_page_is_cleaned(tmp_path):
    article = read_article(write(tmp_path, "page.txt", FURNITURE_PAGE))[0]
    assert article.title == "Council Adopts Framework On Model Testing"
    assert article.date == "2026-03-03"
    assert article.publisher == "By-line Media Group"
    assert article.text == (
        "Council Adopts Framework On Model Testing\n\n"
        "The council adopted a framework on model testing after two years of talks, "
        "officials said.\n\n"
        "The framework requires audits of the most capable systems before they are "
        "released.\n\n"
        "FAQ\n\n"
        "Q: Who must comply? A: Developers of the largest models.")


@pytest.mark.parametrize("line", [
    "Related Articles", "Related Stories:", "Read more", "More from the newsroom",
    "You may also like", "Recommended for you", "Subscribe to our newsletter",
    "Sign up for the daily briefing", "Follow @somebody for daily insights.",
    "Follow us on Instagram", "Share this article", "Share on X", "Leave a comment",
    "12 comments", "Are you human? Please solve the captcha",
    "Please verify you are human", "Press and hold to confirm", "Support the author",
    "Buy me a coffee", "3 min read", "5 minute read", "Breaking", "← Back to News",
    "#ai#policy#safety", "#ai #policy", "Tags: ai, policy, safety",
    "We use cookies to personalise content.", "🔔 Don't miss our next issue!",
    "Your email address will not be published. Required fields are marked *",
    "[Share on Facebook]  [Share on X]  [Email this story]  [Print]",
    "Share: Facebook | X | LinkedIn | Email",
    "Related: What the New Rules Mean for You",
    "Read more: Senate passes the data bill",
])
def test_furniture_lines_detected(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "The ministry said it would subscribe to the principles of the declaration, "
    "which several allies have endorsed since the summit last year in Paris.",
    "Common Questions (FAQ)",
    "Q1: Why would countries cooperate? A1: Because the risks are shared.",
    "Shares of chip makers rose after the announcement.",
    "Share prices fell on Monday.",
    "Why This Matters Now",
    "The report recommends independent audits.",
    "Related concerns were raised by senators about the bill.",
])
def test_article_lines_not_furniture(line):
    assert not is_furniture(line)


def test_teaser_heading_early_in_text_does_not_cut(tmp_path):
    raw = ("Agency Issues Report On Risks\n\nRelated\n\n"
           + "The agency issued a long report on systemic risks of advanced AI. " * 5
           + "\n\nIt will be debated next month.\n")
    article = read_article(write(tmp_path, "early.txt", raw))[0]
    assert "debated next month" in article.text


def test_truncated_self_excerpt_is_dropped(tmp_path):
    raw = ("Parliament Debates AI Liability\n\n"
           "Parliament’s committee debated a liability regime for AI systems that cause "
           "harm, and members asked for stricter rules on developers.\n\n"
           "The vote is expected in spring.\n\n"
           "Parliament's committee debated a liability regime for AI systems that cause …\n")
    article = read_article(write(tmp_path, "excerpt.txt", raw))[0]
    assert article.text.endswith("The vote is expected in spring.")


# ---------------------------------------------------------------------------
# Metadata
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("value,expected", [
    ("2026-05-08", "2026-05-08"),
    ("May 8, 2026", "2026-05-08"),
    ("8 May 2026", "2026-05-08"),
    ("Published: Sept. 3, 2025", "2025-09-03"),
    ("Friday, January 2, 2026", "2026-01-02"),
    ("2026/02/30", None),
    ("In May 2026 talks began", None),
])
def test_parse_date_standalone(value, expected):
    assert parse_date(value) == expected


def test_parse_date_leading_timestamp():
    assert parse_date("2026-03-02T09:00:00Z", whole=False) == "2026-03-02"


def test_plain_text_without_standalone_date(tmp_path):
    raw = "Talks Planned For Spring\n\nTalks were planned for May 2026, officials said.\n"
    article = read_article(write(tmp_path, "nodate.txt", raw))[0]
    assert article.date is None
    assert article.publisher is None


def test_masthead_before_headline_is_dropped(tmp_path):
    raw = ("Independent reporting on technology since forever.\n"
           "Opinion\n\n"
           "Why Testing Rules Matter For Everyone\n\n"
           "Testing rules matter because failures spread quickly.\n")
    article = read_article(write(tmp_path, "mast.txt", raw))[0]
    assert article.title == "Why Testing Rules Matter For Everyone"
    assert article.text == ("Why Testing Rules Matter For Everyone\n\n"
                            "Testing rules matter because failures spread quickly.")


def test_text_without_headline_keeps_everything(tmp_path):
    raw = ("the committee met on tuesday and agreed that further work was needed on the "
           "question of evaluation, without setting a date for its next meeting.\n")
    article = read_article(write(tmp_path, "nohead.txt", raw))[0]
    assert article.title is None
    assert article.text == raw.strip()


# ---------------------------------------------------------------------------
# Formats
# ---------------------------------------------------------------------------

def test_markdown_is_stripped(tmp_path):
    raw = ("---\ntitle: \"Front Matter Title\"\ndate: 2026-01-15\n---\n\n"
           "# Heading In Markdown\n\n"
           "Some **bold** and *italic* text with a [link](http://example.org) and `code`.\n"
           "![an image](pic.png)\n\n"
           "## Sub heading\n\n"
           "- item one\n- item two\n\n"
           "A snake_case_name stays.\n")
    article = read_article(write(tmp_path, "note.md", raw))[0]
    assert article.title == "Front Matter Title"
    assert article.date == "2026-01-15"
    assert "Some bold and italic text with a link and code." in article.text
    assert "#" not in article.text and "**" not in article.text and "](" not in article.text
    assert "\n\nSub heading\n\n" in article.text
    assert "snake_case_name" in article.text
    assert "- item one" in article.text


def test_markdown_heading_is_title(tmp_path):
    raw = "# Agency Opens Safety Institute\n\nThe agency opened an *institute*.\n"
    article = read_article(write(tmp_path, "plain.md", raw))[0]
    assert article.title == "Agency Opens Safety Institute"
    assert article.text == "Agency Opens Safety Institute\n\nThe agency opened an institute."


def test_html_main_text_only(tmp_path):
    html = FIXTURES / "page.html"
    path = tmp_path / "page.html"
    shutil.copy(html, path)
    article = read_article(path)[0]
    assert article.title == "Ministers Agree On AI Testing Rules"
    assert article.date == "2026-03-02"
    assert article.publisher == "Daily Planet"
    assert article.url == "https://example.org/news/ministers-agree"
    assert article.text.split("\n\n")[0] == article.title
    assert "twelve countries agreed on Tuesday" in article.text
    assert "Critics said the rules lacked enforcement" in article.text
    for junk in ("EVILSCRIPT", "color:", "World News Section", "all the news",
                 "All rights reserved", "Privacy Policy", "onerror", "alert(",
                 "Subscribe", "Great article"):
        assert junk not in article.text, junk


def test_html_fallback_when_trafilatura_finds_nothing(tmp_path):
    html = ("<html><body><nav>Menu Home World</nav><script>steal()</script>"
            "<p>Short note on AI rules.</p><footer>Footer links</footer></body></html>")
    article = read_article(write(tmp_path, "short.htm", html))[0]
    assert "Short note on AI rules." in article.text
    for junk in ("Menu Home", "steal()", "Footer links"):
        assert junk not in article.text


def test_jsonl_records(tmp_path):
    raw = ('{"title": "First Record", "text": "First body text.", "date": "2026-05-01"}\n'
           '\n'
           '{"title": "Second Record", "body": "Second body.", "publisher": "Wire"}\n'
           '{"content": "Third body.", "url": "https://example.org/3", "source": "Feed"}\n')
    path = write(tmp_path, "feed.jsonl", raw)
    articles = read_article(path)
    assert [a.id for a in articles] == ["feed-001", "feed-002", "feed-003"]
    assert [a.title for a in articles] == ["First Record", "Second Record", None]
    assert articles[0].date == "2026-05-01"
    assert articles[0].text == "First Record\n\nFirst body text."
    assert articles[1].publisher == "Wire"
    assert articles[2].url == "https://example.org/3" and articles[2].publisher == "Feed"
    assert all(a.source == "feed.jsonl" for a in articles)
    assert len({a.sha256 for a in articles}) == 1
    assert [a.id for a in read_article(path)] == [a.id for a in articles]


def test_json_single_object_and_list(tmp_path):
    single = read_article(write(tmp_path, "one.json", '{"title": "Solo", "text": "Solo text."}'))
    assert [a.id for a in single] == ["one"]
    listed = read_article(write(tmp_path, "many.json",
                                '[{"text": "A text."}, {"text": "B text."}]'))
    assert [a.id for a in listed] == ["many-001", "many-002"]
    assert [a.text for a in listed] == ["A text.", "B text."]


def test_json_bad_record_names_it(tmp_path):
    path = write(tmp_path, "mixed.json", '[{"text": "Fine."}, 42]')
    with pytest.raises(InputError, match="record 2"):
        read_article(path)


# ---------------------------------------------------------------------------
# Determinism
# ---------------------------------------------------------------------------

def test_ingest_is_deterministic(tmp_path):
    write(tmp_path, "a.txt", FURNITURE_PAGE)
    write(tmp_path, "b.jsonl", '{"text": "x y z."}\n{"text": "q r s."}\n')
    shutil.copy(FIXTURES / "page.html", tmp_path / "c.html")
    first = ingest([tmp_path, SAMPLES])
    second = ingest([SAMPLES, tmp_path])
    assert first == second
    assert first.articles == ingest([tmp_path, SAMPLES]).articles


def test_date_inside_a_byline_with_separators(tmp_path):
    from aigraph.ingest import ingest

    page = tmp_path / "byline.txt"
    page.write_text("World | Technology\n\nLeaders adopt a new pact on AI testing\n\n"
                    "By a staff writer | March 9, 2025\n\nLeaders adopted a pact on Sunday.\n")
    article = ingest([page]).articles[0]
    assert article.date == "2025-03-09"
    assert article.title == "Leaders adopt a new pact on AI testing"
