"""Body assembly and the formats: plain text, Markdown, HTML and JSON/JSON Lines records."""


from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..dates import parse_date
from ..errors import InputError
from .bylines import _SENTENCE_END, _Head, _is_cased_script, _read_head
from .furniture import _teaser_cut, is_furniture
from .mojibake import _LOST, normalise_text, repair_doubled_stops, repair_mojibake


@dataclass
class _Record:
    """One article's cleaned fields before it gets its id."""

    text: str
    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    url: str | None = None
    number: int | None = None   # position in a JSON Lines file, feed or archive (its id suffix)
    summary_only: bool = False  # a feed entry that carried only its summary


# ---------------------------------------------------------------------------
# Body assembly
# ---------------------------------------------------------------------------

def _clean_body(text: str, known_title: str | None = None) -> tuple[_Head, str]:
    """Strip furniture, read the byline area, and rebuild the paragraphs.

    Returns the metadata found and the body text, which starts with the title.
    """
    lines = text.split("\n")
    lines = lines[:_teaser_cut(lines)]
    lines = ["" if is_furniture(line) else line for line in lines]
    head = _read_head(lines, known_title)
    lines = ["" if i in head.drop else line for i, line in enumerate(lines)]
    paragraphs = _paragraphs(lines)
    paragraphs = _drop_repeats(paragraphs, head.title)
    paragraphs = _drop_trailing_fragments(paragraphs)
    paragraphs = [p for p in (_remove_lost(p) for p in paragraphs) if p]
    if head.title:
        head.title = _remove_lost(head.title) or None
    if head.title and (not paragraphs or paragraphs[0] != head.title):
        paragraphs.insert(0, head.title)
    return head, "\n\n".join(paragraphs)


def _remove_lost(text: str) -> str:
    return re.sub(r" {2,}", " ", text.replace(_LOST, "")).strip()


def _paragraphs(lines: list[str]) -> list[str]:
    """Blocks separated by blank lines; a hard-wrapped block is re-joined,
    otherwise each line of a block is its own paragraph."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    paragraphs: list[str] = []
    for block in blocks:
        paragraphs.extend(_unwrap(block))
    return paragraphs


_LIST_ITEM = re.compile(r"[-*•]\s|\d+[.)]\s")


def _unwrap(block: list[str]) -> list[str]:
    """Paragraphs of one block. In a hard-wrapped block (all lines within a
    typical wrap width) a full-width line continues onto the next one, and a
    short line ends its paragraph; otherwise every line is a paragraph."""
    widest = max((len(line) for line in block), default=0)
    if len(block) < 2 or not 40 <= widest <= 100:
        return list(block)
    out: list[str] = []
    current: list[str] = []
    for line in block:
        if _LIST_ITEM.match(line) and current:
            out.append(" ".join(current))
            current = []
        current.append(line)
        if len(line) < 0.6 * widest or _LIST_ITEM.match(line):
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def _comparable(text: str) -> str:
    """Lower-cased, quote- and space-normalised text for repeat detection."""
    text = text.translate(str.maketrans("‘’“”", "''\"\"")).lower()
    return re.sub(r"\s+", " ", text).strip()


def _drop_repeats(paragraphs: list[str], title: str | None) -> list[str]:
    """Drop repeats: the headline again, a paragraph seen before, and a truncated
    excerpt ("... rules of …") of earlier text (a scraped teaser of the article itself)."""
    kept: list[str] = []
    seen_text = ""
    seen: set[str] = set()
    title_key = _comparable(title) if title else None
    for para in paragraphs:
        key = _comparable(para)
        if key == title_key and kept:
            continue
        if key in seen and len(key.split()) >= 5:
            continue
        excerpt = re.sub(r"\s*(?:…|\.\.\.|\[…\]|\[\.\.\.\])$", "", key)
        if excerpt != key and len(excerpt) >= 40 and excerpt in seen_text:
            continue
        kept.append(para)
        seen.add(key)
        seen_text += " " + key
    return kept


def _drop_trailing_fragments(paragraphs: list[str]) -> list[str]:
    """Drop short closing lines that are not sentences (leftover headings,
    keyword lists, link labels), and short closing questions with no answer."""
    while len(paragraphs) > 1:
        last = paragraphs[-1]
        words = len(last.split())
        if _LIST_ITEM.match(last) or words > 20 or not _is_cased_script(last):
            break
        unanswered = last.endswith("?") and words <= 12
        if _SENTENCE_END.search(last) and not unanswered:
            break
        paragraphs = paragraphs[:-1]
    return paragraphs


# ---------------------------------------------------------------------------
# Formats
# ---------------------------------------------------------------------------

def _clean_text(text: str, *, html_escapes: bool = True) -> str:
    text = repair_mojibake(text, html_escapes=html_escapes)
    return repair_doubled_stops(normalise_text(text))


def _finish(path: Path, text: str, known_title: str | None = None, *,
            date: str | None = None, publisher: str | None = None,
            url: str | None = None) -> _Record:
    """Shared tail of every format: furniture, metadata, and the emptiness check."""
    if not text.strip():
        raise InputError(path, "contains only whitespace", "add the article text")
    head, body = _clean_body(text, known_title)
    if not body:
        raise InputError(path, "no article text left after removing page furniture",
                         "check that the file holds an article, not just page navigation")
    return _Record(text=body, title=head.title, date=date or head.date,
                   publisher=publisher or head.publisher, url=url)


def _plain_record(text: str, path: Path, *, markdown: bool) -> _Record:
    if not text.strip():
        raise InputError(path, "contains only whitespace", "add the article text")
    meta: dict[str, str] = {}
    known_title = None
    text = _clean_text(text)
    if markdown:
        meta, text = _split_front_matter(text)
        known_title, text = _strip_markdown(text)
        known_title = meta.get("title") or known_title
    return _finish(path, text, known_title,
                   date=parse_date(meta.get("date", ""), whole=False),
                   publisher=meta.get("publisher") or meta.get("source") or meta.get("site"),
                   url=meta.get("url"))


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple ``key: value`` YAML front matter between ``---`` lines."""
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    if not match:
        return {}, text
    meta = {}
    for line in match.group(1).split("\n"):
        key, sep, value = line.partition(":")
        if sep and value.strip():
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text[match.end():]


def _strip_markdown(text: str) -> tuple[str | None, str]:
    """Plain text from Markdown, and the first heading if it opens the document."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    text = re.sub(r"^ {0,3}(?:[-*_] *){3,}$", "", text, flags=re.MULTILINE)   # rules
    text = re.sub(r"^(.+)\n(?:=+|-+)$", r"# \1", text, flags=re.MULTILINE)    # setext
    text = re.sub(r"^\[[^\]]+\]:\s*\S+.*$", "", text, flags=re.MULTILINE)    # link defs
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)                          # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)                      # links
    text = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", text)                     # ref links
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)", r"\1", text)
    text = re.sub(r"`([^`\n]+)`", r"\1", text)
    text = re.sub(r"^```.*$", "", text, flags=re.MULTILINE)
    text = re.sub(r"^>\s?", "", text, flags=re.MULTILINE)
    first = next((line for line in text.split("\n") if line.strip()), "")
    heading = re.match(r"#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", first)
    text = re.sub(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", r"\1", text, flags=re.MULTILINE)
    return (heading.group(1) if heading else None), normalise_text(text)


# --- HTML ------------------------------------------------------------------

_DATE_META = ("article:published_time", "datepublished", "date", "pubdate", "publishdate",
              "publish-date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created",
              "sailthru.date", "parsely-pub-date", "og:published_time")
_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "aside", "form", "iframe",
              "svg", "button", "select", "object", "embed")
_BLOCK_TAGS = ("p", "div", "section", "article", "main", "li", "h1", "h2", "h3", "h4", "h5",
               "h6", "blockquote", "pre", "tr", "br", "dd", "dt", "figcaption", "table")


def _html_record(html: str, path: Path) -> _Record:
    if not html.strip():
        raise InputError(path, "contains only whitespace", "add the article text")
    doc = _parse_html(html)
    body = _main_text(doc) if doc is not None else ""
    if not body.strip():   # e.g. nested deeper than lxml builds trees (256 levels)
        body = _streamed_text(html)
    if not body.strip():
        raise InputError(path, "no readable text found (the HTML may be malformed or hold "
                         "only scripts and navigation)", "check that the page opens in a browser")
    body = _without_dtd_references(html, body)
    meta = _html_metadata(doc) if doc is not None else {}
    fix = (lambda s: _clean_text(_without_dtd_references(html, s), html_escapes=False)
           .replace("\n", " ") if s else None)
    title = fix(meta.get("title"))
    return _finish(path, _clean_text(body, html_escapes=False), title,
                   date=parse_date(meta.get("date") or "", whole=False),
                   publisher=fix(meta.get("publisher")), url=meta.get("url"))


_DTD_ENTITY = re.compile(r"<!ENTITY\s+%?\s*([A-Za-z_][\w.-]*)")


def _without_dtd_references(html: str, text: str) -> str:
    """The text without references to entities the page's DTD declares: HTML
    parsers never expand them (nor should we: XXE, entity bombs), so
    "&name;" would stay in the text and "name" be read as an organisation."""
    names = set(_DTD_ENTITY.findall(html[:65536]))
    if not names:
        return text
    pattern = re.compile("&(?:" + "|".join(re.escape(n) for n in sorted(names)) + ");")
    return re.sub(r"[ \t]{2,}", " ", pattern.sub("", text))


class _TextCollector(HTMLParser):
    """Text of an HTML page read as a stream of tags: no tree, so no depth limit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in _DROP_TAGS or tag in ("head", "title"):
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in _DROP_TAGS or tag in ("head", "title"):
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        if not self.skipping:
            self.parts.append(data)


def _streamed_text(html: str) -> str:
    """The page's text when no tree can be built: block tags become line breaks."""
    collector = _TextCollector()
    collector.feed(html)   # no close(): it would flush a cut-off last tag as text
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    return "\n\n".join(line for line in lines if line)


def _parse_html(html: str):
    """An lxml document, or None when lxml finds nothing to parse."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        return lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return None


def _main_text(doc) -> str:
    """Main text via trafilatura on the de-cluttered page; lxml block text when
    trafilatura finds none (it gives up on very short pages)."""
    import lxml.html
    import trafilatura

    page = _without_page_chrome(doc)
    text = trafilatura.extract(lxml.html.tostring(page, encoding="unicode"),
                               include_comments=False, include_tables=True,
                               include_images=False, include_links=False,
                               output_format="txt")
    if text and text.strip():
        return text
    return _block_text(page)


def _without_page_chrome(doc):
    """A copy of the page without scripts, styles, forms and site navigation.

    trafilatura falls back to the whole body on short pages, menus included,
    so the obvious chrome goes first. Headers and footers inside an
    ``<article>`` or ``<main>`` belong to the article and stay.
    """
    from copy import deepcopy

    doc = deepcopy(doc)
    doomed = [el for el in doc.iter(*_DROP_TAGS)]
    doomed += [el for el in doc.iter("header", "footer")
               if not any(a.tag in ("article", "main") for a in el.iterancestors())]
    doomed += [el for el in doc.iter() if isinstance(el.tag, str)
               and el.get("role") in ("navigation", "banner", "contentinfo", "complementary")]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    return doc


def _block_text(doc) -> str:
    """The page's text with a line break after every block element."""
    from copy import deepcopy

    doc = deepcopy(doc)
    for el in doc.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
    body = doc.find("body")
    return (body if body is not None else doc).text_content()


def _html_metadata(doc) -> dict[str, str]:
    """Title, date, publisher and URL from meta tags, <title>, <h1> and <time>."""
    def meta(*keys: str) -> str | None:
        for el in doc.iter("meta"):
            name = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
            if name in keys and (el.get("content") or "").strip():
                return el.get("content").strip()
        return None

    def first_text(tag: str) -> str | None:
        el = next(iter(doc.iter(tag)), None)
        text = " ".join(el.text_content().split()) if el is not None else ""
        return text or None

    publisher = meta("og:site_name", "application-name")
    page_title = first_text("title")
    if page_title and publisher:
        page_title = re.sub(r"\s+[|–—-]\s+" + re.escape(publisher) + r"$", "", page_title)
    time_el = next(iter(doc.iter("time")), None)
    time_value = (time_el.get("datetime") or time_el.text_content()) if time_el is not None else None
    canonical = next((el.get("href") for el in doc.iter("link")
                      if (el.get("rel") or "").lower() == "canonical" and el.get("href")), None)
    found = {
        "title": meta("og:title", "twitter:title") or first_text("h1") or page_title,
        "date": meta(*_DATE_META) or time_value,
        "publisher": publisher,
        "url": canonical or meta("og:url"),
    }
    return {k: v for k, v in found.items() if v}


# --- JSON ------------------------------------------------------------------

_TEXT_FIELDS = ("text", "body", "content")
_PUBLISHER_FIELDS = ("publisher", "source")


def _json_records(text: str, path: Path, *, lines: bool,
                  skipped: list[str] | None = None) -> list[_Record]:
    """The records of a JSON document (all or nothing) or of a JSON Lines file,
    where each line stands alone: a malformed line or a record without text is
    described in ``skipped`` and the good records are kept. A JSON Lines file
    with no good record raises for its first bad line."""
    if not text.strip():
        raise InputError(path, "contains only whitespace", "add the article records")
    if not lines:
        objects = _json_objects(text, path)
        if not objects:
            raise InputError(path, "holds no article records", "add at least one record")
        return [_json_record(obj, n, path) for n, obj in enumerate(objects, start=1)]
    records: list[_Record] = []
    problems: list[InputError] = []
    objects = _jsonl_objects(text, path)
    for n, (number, obj) in enumerate(objects, start=1):
        if isinstance(obj, InputError):
            problems.append(obj)
            continue
        try:
            record = _json_record(obj, n, path)
        except InputError as exc:
            problems.append(InputError(path, f"line {number}: {exc.reason}", exc.hint))
            continue
        record.number = n if len(objects) > 1 else None
        records.append(record)
    if not records:
        raise problems[0] if problems else InputError(
            path, "holds no article records", "add at least one record")
    if skipped is not None:
        skipped.extend(f"{p.reason}; skipped that line, kept the other records"
                       + (f" ({p.hint})" if p.hint else "") for p in problems)
    return records


def _json_objects(text: str, path: Path) -> list:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"invalid JSON at line {exc.lineno}, column {exc.colno}: "
                         f"{exc.msg}", "fix the JSON syntax") from exc
    except RecursionError as exc:
        raise InputError(path, "JSON nested too deeply to read",
                         "flatten the structure; an article record needs only a few levels") from exc
    return data if isinstance(data, list) else [data]


def _jsonl_objects(text: str, path: Path) -> list[tuple[int, object]]:
    """(line number, object) for each non-blank line; a line that does not
    parse gives an :class:`InputError` in place of its object."""
    objects: list[tuple[int, object]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            objects.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            objects.append((number, InputError(
                path, f"invalid JSON on line {number}: {exc.msg}",
                "each line must hold one JSON object")))
        except RecursionError:
            objects.append((number, InputError(
                path, f"JSON on line {number} is nested too deeply to read",
                "each line must hold one flat JSON object")))
    return objects


def _json_record(obj, n: int, path: Path) -> _Record:
    if not isinstance(obj, dict):
        raise InputError(path, f"record {n} is not a JSON object",
                         "each record must be an object with a 'text' field")
    body = next((obj[k] for k in _TEXT_FIELDS if isinstance(obj.get(k), str) and obj[k].strip()),
                None)
    if body is None:
        raise InputError(path, f"record {n} has no text",
                         "give each record a non-empty 'text', 'body' or 'content' field")
    title = obj.get("title") if isinstance(obj.get("title"), str) else None
    title = _clean_text(title).replace("\n", " ") if title and title.strip() else None
    publisher = next((obj[k] for k in _PUBLISHER_FIELDS if isinstance(obj.get(k), str)), None)
    date = parse_date(str(obj["date"]), whole=False) if obj.get("date") else None
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    try:
        return _finish(path, _clean_text(body), title, date=date,
                       publisher=publisher.strip() if publisher else None, url=url)
    except InputError as exc:
        raise InputError(path, f"record {n}: {exc.reason}", exc.hint) from exc
