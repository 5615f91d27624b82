"""Ingest: turn source files into clean :class:`~aigraph.model.Article` records.

Supported inputs are plain text (``.txt``), Markdown (``.md``), HTML
(``.html``/``.htm``) and JSON (``.json``: one object or a list; ``.jsonl``:
one object per line). Each file goes through the same stages:

1. **decode** the raw bytes: UTF-8 (with or without BOM), UTF-16/32 with BOM,
   otherwise a legacy charset, preferring what decodes cleanly over what a
   file declares. Undecodable or binary files are rejected, never silently
   truncated.
2. **repair** mojibake: UTF-8 read as Thai cp874/TIS-620 (which ftfy does not
   undo), then ftfy for the common Latin cases; a few damaged-punctuation
   patterns.
3. **normalise** Unicode (NFC), spaces and line endings.
4. **strip page furniture** by general layout rules (newsletter boxes, share
   and follow lines, comment forms, teaser lists of other stories, tag lists,
   captchas, reading-time badges, mastheads) and **find metadata** (title,
   date, publisher) in the byline area.

:func:`read_article` raises :class:`~aigraph.errors.InputError` for a file it
cannot use; :func:`ingest` turns every such problem into one
:class:`~aigraph.model.Warning_` and carries on with the rest of the batch.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import ftfy

from .dates import parse_date
from .errors import InputError
from .model import Article, Warning_

# trafilatura logs through the stdlib; without a handler Python's last-resort
# handler would print to stderr, and nothing below the CLI may print.
for _name in ("trafilatura", "htmldate", "charset_normalizer"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

#: Default per-file size limit in bytes.
MAX_BYTES = 5 * 1024 * 1024

TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl",)
SUPPORTED_SUFFIXES = (
    TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES + JSONL_SUFFIXES
)


@dataclass
class IngestResult:
    """What a batch of inputs produced.

    ``skipped`` counts inputs (files, or named paths) that produced no article;
    each of them has a warning. Unsupported files met while walking a folder
    are ignored without a warning and are not counted.
    """

    articles: list[Article] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    skipped: int = 0


# ---------------------------------------------------------------------------
# Batch ingest
# ---------------------------------------------------------------------------

def ingest(paths: Iterable[Path | str], max_bytes: int = MAX_BYTES) -> IngestResult:
    """Read every article under ``paths``; problems become warnings, not exceptions."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    result = IngestResult()
    seen_files: set[Path] = set()
    by_id: dict[str, Article] = {}
    for given in paths:
        for path in _expand(Path(given), result):
            key = path.resolve()
            if key in seen_files:      # the same file named twice is not a conflict
                continue
            seen_files.add(key)
            _ingest_file(path, max_bytes, by_id, result)
    result.articles = [by_id[k] for k in sorted(by_id)]
    return result


def _expand(path: Path, result: IngestResult) -> list[Path]:
    """The files a named path stands for; records a warning when there are none."""
    if path.is_dir():
        files = walk_folder(path)
        if not files:
            _warn(result, path, "folder contains no article files",
                  f"supported types: {', '.join(SUPPORTED_SUFFIXES)}")
        return files
    if path.is_file():
        return [path]
    _warn(result, path, "no such file or folder", "check the path")
    return []


def walk_folder(folder: Path) -> list[Path]:
    """Supported, non-hidden files below ``folder``, recursively, in sorted order."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(Path(root) / name)
    return sorted(found)


def _ingest_file(path: Path, max_bytes: int, by_id: dict[str, Article],
                 result: IngestResult) -> None:
    """Read one file into ``by_id``; a failure or id clash becomes a warning."""
    try:
        articles = read_article(path, max_bytes)
    except InputError as exc:
        _warn(result, path, exc.reason, exc.hint)
        return
    clashes = [a.id for a in articles if a.id in by_id]
    if clashes:
        first = by_id[clashes[0]].source
        _warn(result, path, f"article id {clashes[0]!r} is already used by {first}; skipped",
              "rename one of the files so every file stem is unique")
        return
    for article in articles:
        by_id[article.id] = article


def _warn(result: IngestResult, path: Path, reason: str, hint: str = "") -> None:
    message = f"{reason} ({hint})" if hint else reason
    result.warnings.append(Warning_(source=str(path), message=message))
    result.skipped += 1


# ---------------------------------------------------------------------------
# One file
# ---------------------------------------------------------------------------

def read_article(path: Path | str, max_bytes: int = MAX_BYTES) -> list[Article]:
    """Read one file as one or more articles, or raise :class:`InputError`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(path, f"unsupported file type {suffix or '(no suffix)'!r}",
                         f"use one of {', '.join(SUPPORTED_SUFFIXES)}")
    raw = _read_bytes(path, max_bytes)
    text = decode_bytes(raw, path)
    digest = hashlib.sha256(raw).hexdigest()
    if suffix in HTML_SUFFIXES:
        records = [_html_record(text, path)]
    elif suffix in JSON_SUFFIXES + JSONL_SUFFIXES:
        records = _json_records(text, path, lines=suffix in JSONL_SUFFIXES)
    else:
        records = [_plain_record(text, path, markdown=suffix in MARKDOWN_SUFFIXES)]
    return _to_articles(records, path, digest)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The raw bytes, after the size, emptiness and binary checks."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(path, f"file is {size} bytes, over the limit of {max_bytes}",
                             "split it or raise the size limit")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}",
                         "check the file's permissions") from exc
    if len(raw) > max_bytes:
        raise InputError(path, f"file is {len(raw)} bytes, over the limit of {max_bytes}",
                         "split it or raise the size limit")
    if not raw:
        raise InputError(path, "file is empty", "remove it or add the article text")
    return raw


@dataclass
class _Record:
    """One article's cleaned fields before it gets its id."""

    text: str
    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    url: str | None = None


def _to_articles(records: list[_Record], path: Path, digest: str) -> list[Article]:
    """Number the records: ``<stem>`` for one, ``<stem>-001`` ... for several."""
    stem = path.stem
    several = len(records) > 1
    return [
        Article(id=f"{stem}-{n:03d}" if several else stem, source=path.name,
                text=r.text, title=r.title, date=r.date, publisher=r.publisher,
                url=r.url, sha256=digest)
        for n, r in enumerate(records, start=1)
    ]


# ---------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(raw: bytes, path: Path | str = "<bytes>") -> str:
    """Decode a file's bytes to text, or raise :class:`InputError`.

    Order: byte-order mark; strict UTF-8; BOM-less UTF-16; a Western legacy
    code page when the result reads like Western text; otherwise charset
    detection. Any charset declared inside the file is not trusted.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return _check_textual(raw.decode(encoding), path)
            except UnicodeDecodeError as exc:
                raise InputError(path, f"starts with a {encoding} byte-order mark but is "
                                 "not valid in that encoding", "re-save the file as UTF-8") from exc
    try:
        return _check_textual(raw.decode("utf-8"), path)
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw:
        text = _decode_bomless_utf16(raw)
        if text is None:
            raise InputError(path, "looks like a binary file (it contains NUL bytes)",
                             "only text, Markdown, HTML and JSON articles can be read")
        return _check_textual(text, path)
    text = _decode_western(raw)
    if text is None:
        text = _decode_detected(raw)
    if text is None:
        raise InputError(path, "cannot be decoded: not UTF-8 and no known character set fits",
                         "re-save the file as UTF-8")
    return _check_textual(text, path)


def _decode_bomless_utf16(raw: bytes) -> str | None:
    """UTF-16 without a BOM: NULs in every other byte of mostly-ASCII text."""
    if len(raw) % 2:
        return None
    for encoding, nul_half in (("utf-16-le", raw[1::2]), ("utf-16-be", raw[0::2])):
        if nul_half.count(0) >= 0.9 * len(nul_half):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _decode_western(raw: bytes) -> str | None:
    """cp1252 (a superset of Latin-1's printable range) when the text reads as Western.

    Charset detectors often misjudge short Western texts (e.g. as cp1250), so
    try this first. Western languages use few non-ASCII letters; a Cyrillic or
    Greek file decoded as cp1252 is nearly all non-ASCII letters, so it fails
    the check and goes to detection instead.
    """
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    non_ascii = sum(1 for c in letters if ord(c) > 127)
    return text if non_ascii / len(letters) < 0.3 else None


def _decode_detected(raw: bytes) -> str | None:
    """Charset detection with charset-normalizer; None when nothing fits."""
    from charset_normalizer import from_bytes

    best = from_bytes(raw, preemptive_behaviour=False).best()
    if best is None:
        return None
    text = str(best)
    return text if _control_ratio(text) < 0.01 else None


def _control_ratio(text: str) -> float:
    """Share of characters that are control, unassigned or private-use code points."""
    if not text:
        return 0.0
    bad = sum(1 for c in text
              if c not in "\t\n\r\f\v" and unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs"))
    return bad / len(text)


def _check_textual(text: str, path: Path | str) -> str:
    """Reject decoded text that is mostly control characters (a binary file)."""
    if _control_ratio(text) > 0.05:
        raise InputError(path, "looks like a binary file (mostly non-text bytes)",
                         "only text, Markdown, HTML and JSON articles can be read")
    return text


# ---------------------------------------------------------------------------
# Mojibake repair and normalisation
# ---------------------------------------------------------------------------

def _build_cp874_map() -> dict[str, int]:
    """Character -> byte for Thai cp874, with the cp1252/Latin-1 fallbacks that
    sloppy decoders use for the byte positions cp874 leaves undefined."""
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        for encoding in ("cp874", "cp1252", "latin-1"):
            try:
                char = bytes([byte]).decode(encoding)
            except UnicodeDecodeError:
                continue
            table.setdefault(char, byte)
            break
    return table


_CP874 = _build_cp874_map()
_THAI = re.compile(r"[\u0E01-\u0E5B]")
# A maximal run of non-ASCII characters that cp874 can encode: the only places
# where UTF-8 read as cp874 can hide (UTF-8 multi-byte sequences are all >= 0x80).
_CP874_RUN = re.compile("[" + "".join(re.escape(c) for c in sorted(_CP874)) + "]+")
_THAI_O_NGAM = "\u0E42"   # the cp874 reading of 0xE2, the lead byte of U+2000-U+2FFF
_LOST = "\uFFFD"          # marks bytes lost for good; removed after furniture stripping


def repair_mojibake(text: str, *, html_escapes: bool = True) -> str:
    """Undo UTF-8-read-as-cp874 damage, then let ftfy fix the Latin cases."""
    text = repair_thai_mojibake(text)
    return ftfy.fix_text(text, uncurl_quotes=False,
                         unescape_html="auto" if html_escapes else False)


def repair_thai_mojibake(text: str) -> str:
    """Repair UTF-8 bytes that were decoded as Thai cp874 (e.g. "โ€”" for "—").

    Each run of cp874-encodable characters containing Thai letters is mapped
    back to bytes and decoded as UTF-8. In a document that holds genuine Thai
    (a long run that is not UTF-8 in disguise) only unambiguous runs, those
    containing cp874 punctuation, are repaired. In other documents, truncated
    sequences are repaired or dropped: a lone U+0E42 between spaces was an em
    dash (the other two bytes lost); other leftovers become U+FFFD.
    """
    if not _THAI.search(text):
        return text
    genuine = _has_genuine_thai(text)

    def fix(match: re.Match[str]) -> str:
        run = match.group(0)
        if not _THAI.search(run):
            return run
        raw = bytes(_CP874[c] for c in run)
        whole = _clean_utf8(raw)
        if whole is not None and (not genuine or any(not _THAI.match(c) for c in run)):
            return whole
        if genuine:
            return run
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if run == _THAI_O_NGAM and before == " " and after == " ":
            return "\u2014"
        return _decode_piecewise(run, raw)

    return _CP874_RUN.sub(fix, text)


def _has_genuine_thai(text: str) -> bool:
    """True when some run of 4+ Thai letters is not UTF-8 in disguise (real Thai)."""
    for match in _CP874_RUN.finditer(text):
        run = match.group(0)
        if len(_THAI.findall(run)) >= 4 and _clean_utf8(bytes(_CP874[c] for c in run)) is None:
            return True
    return False


def _clean_utf8(raw: bytes) -> str | None:
    """``raw`` decoded as UTF-8 when that gives no control or unassigned characters."""
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return decoded if _control_ratio(decoded) == 0 else None


def _decode_piecewise(run: str, raw: bytes) -> str:
    """Decode the complete UTF-8 sequences in ``raw``; lost fragments become U+FFFD."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        size = _utf8_length(raw[i])
        piece = _clean_utf8(raw[i:i + size]) if size else None
        if piece is not None:
            out.append(piece)
            i += size
            continue
        char = run[i]
        if _THAI.match(char):
            if not out or out[-1] != _LOST:
                out.append(_LOST)
        else:
            out.append(char)
        i += 1
    return "".join(out)


def _utf8_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


_SPACES = re.compile(r"[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]")
_INVISIBLE = re.compile(r"[\u00AD\u200B\u2060\uFEFF]")


def normalise_text(text: str) -> str:
    """NFC, ``\\n`` line endings, plain spaces, no trailing spaces, <= 2 blank lines."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\r\n?|[\u2028\u2029\x85]", "\n", text)
    text = _SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    text = text.replace("\t", " ")
    text = re.sub(r" {2,}", " ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return re.sub(r"\n{4,}", "\n\n\n", text).strip("\n")


_DOUBLED_STOP = re.compile(r"(?<=[^\s.])\.\.(?=\s|$)")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr inc ltd corp co no vs etc approx dept gov sen rep gen "
    "col lt sgt capt fig vol eg ie al".split())


def repair_doubled_stops(text: str) -> str:
    """Repair a known scraper damage: every "." doubled to ".." and commas turned to ".".

    Only when a text shows the pattern repeatedly (normal prose never ends a
    word with exactly two dots): ". lowercase" becomes ", lowercase" (unless
    after an abbreviation), then ".." becomes ".".
    """
    if len(_DOUBLED_STOP.findall(text)) < 3:
        return text

    def comma(match: re.Match[str]) -> str:
        word = match.group(1)
        if len(word) == 1 or word.lower() in _ABBREVIATIONS:
            return match.group(0)
        return f"{word},"

    text = re.sub(r"(?<![.\w])([\w'’-]+)\.(?= [a-z])", comma, text)
    return _DOUBLED_STOP.sub(".", text)


# ---------------------------------------------------------------------------
# Page furniture: general layout rules, one family per entry
# ---------------------------------------------------------------------------

_I = re.IGNORECASE

#: Headings that introduce teaser lists of *other* stories. When one sits in
#: the second half of a text, it and everything after it are dropped.
TEASER_HEADINGS = re.compile(
    r"(?:related(?: articles| stories| posts| news| content| reading| coverage)?"
    r"|read (?:more|next|also)|also read|keep reading|what to read next"
    r"|more (?:from|on|in|stories|news|articles|like this)\b.{0,40}"
    r"|you (?:may|might) also (?:like|enjoy)|recommended(?: for you| reading| articles| stories)?"
    r"|further reading|trending(?: now| stories)?|popular (?:posts|stories|articles)"
    r"|latest (?:news|stories|articles|posts)|most (?:read|popular))\s*:?", _I)

_LONG, _SHORT, _BANNER = 25, 15, 45   # word limits: anchored rules, keyword rules, banners


def _rule(max_words: int, pattern: str, flags: int = _I) -> tuple[int, re.Pattern[str]]:
    return max_words, re.compile(pattern, flags)


#: Line-level furniture as ``(max_words, regex)``: a rule only fires on lines
#: of at most ``max_words`` words, so prose that mentions the same words survives.
#: Rules anchored at the line start may see longer lines than rules that look
#: for a keyword anywhere.
FURNITURE_RULES: tuple[tuple[int, re.Pattern[str]], ...] = (
    # Reading-time and status badges: "3 min read", "Reading time: 4 minutes",
    # a bare "Breaking"/"Exclusive"/"Sponsored" label.
    _rule(_SHORT, r"\b\d+\s*-?\s*(?:min|mins|minute|minutes)\.?\s+(?:read|reading)\b"),
    _rule(_SHORT, r"^reading time\b"),
    _rule(_SHORT, r"^(?:breaking(?: news)?|exclusive|sponsored(?: content)?|advertisement|"
                  r"advertising|ad|promoted|just in|live|featured|updated)\s*:?$"),
    # Navigation: "← Back to News", "Skip to content", bare menu words.
    _rule(_SHORT, r"^[←⟵«‹]\s*\w", 0),
    _rule(_SHORT, r"^(?:back to|return to|go back)\b.{0,40}$"),
    _rule(_SHORT, r"^(?:skip to (?:main )?content|main menu|menu|search|sign in|log in|"
                  r"login|register|home|next|previous|next (?:article|post|story)|"
                  r"previous (?:article|post|story))$"),
    # Newsletter and subscription boxes.
    _rule(_LONG, r"^(?:subscribe|sign up|signup|join (?:our|the|over|\d)|don'?t miss|"
                 r"get (?:our|the|free)\b.*(?:newsletter|inbox|updates))\b"),
    _rule(_SHORT, r"\b(?:newsletter|mailing list)\b"),
    _rule(_SHORT, r"\bsubscribe (?:to|for|now|today|here)\b"),
    # Social: follow and share lines.
    _rule(_SHORT, r"\bfollow (?:us|me)\b"),
    _rule(_SHORT, r"\bfollow @\w+"),
    _rule(_SHORT, r"^share (?:this|on|via|with|to)\b"),
    _rule(_SHORT, r"^(?:share|tweet|email|print|copy link|facebook|twitter|x|linkedin|reddit|"
                  r"whatsapp|telegram|pinterest)(?:\s*[|/·•,]?\s*(?:share|tweet|email|print|"
                  r"copy link|facebook|twitter|x|linkedin|reddit|whatsapp|telegram|pinterest))*$"),
    # Comment sections and comment forms.
    _rule(_SHORT, r"^(?:leave a (?:reply|comment)|post a comment|add a comment|\d+\s+comments?|"
                  r"comments?(?:\s*\(\d+\))?|no comments(?: yet)?|view comments|show comments|"
                  r"join the (?:conversation|discussion)|be the first to comment\b.*|"
                  r"cancel reply|post comment|submit comment)\s*:?$"),
    _rule(_SHORT, r"\byour email address will not be published\b"),
    _rule(_SHORT, r"\brequired fields are marked\b"),
    # Bot checks and captchas.
    _rule(_SHORT, r"\b(?:are you (?:a )?(?:human|robot)|verify (?:that )?you(?:'re| are) "
                  r"(?:a )?human|press (?:and|&) hold|captcha|i'?m not a robot|"
                  r"checking your browser|enable javascript)\b"),
    # Support / donation appeals.
    _rule(_SHORT, r"\b(?:support (?:the|our|this) (?:author|writer|creator|site|work|journalism)|"
                  r"buy me a coffee|donate (?:now|today|here)|become a (?:patron|member|supporter)|"
                  r"tip jar|patreon|enjoy(?:ed)? this (?:article|post|story)\b)"),
    # Tag lists: a line of #hashtags, or "Tags: a, b, c".
    _rule(_LONG, r"^(?:#[\w-]+[\s,]*)+$", 0),
    _rule(_LONG, r"^(?:tags?|topics?|tagged(?: with)?|filed under|categories|category|"
                 r"keywords)\s*:"),
    # Cookie banners (often a few sentences long).
    _rule(_BANNER, r"\b(?:we use cookies|(?:this|our) (?:web)?site uses cookies|"
                   r"accept (?:all )?cookies|cookie (?:policy|settings|preferences|consent)|"
                   r"manage (?:cookies|consent))\b"),
    # Footer legalese.
    _rule(_SHORT, r"^(?:©|\(c\)\s|copyright\b)"),
    _rule(_SHORT, r"\ball rights reserved\b"),
    _rule(_SHORT, r"^(?:privacy policy|terms of (?:use|service)|contact us|about us)"
                  r"(?:\s*[|·•]\s*.*)?$"),
    # Teaser links inside the text: "Read more: ...", "Click here ...".
    _rule(_SHORT, r"^(?:read more|continue reading|read the full (?:story|article)|"
                  r"click here|see also)\b"),
)

#: Words that make an emoji-led short line a promotion ("📬 Want more ...?").
_PROMO_CUES = re.compile(
    r"\b(?:want more|subscribe|newsletter|sign up|join (?:us|our|the)|follow (?:us|me|@)|"
    r"download|click|check out|learn more|get (?:the|our|free)|don'?t miss|"
    r"enjoy(?:ed)? this|support (?:us|the|our))\b", _I)


def is_furniture(line: str) -> bool:
    """True for a line that is page furniture rather than article text."""
    line = line.strip()
    if not line:
        return False
    if TEASER_HEADINGS.fullmatch(line) or _is_emoji_promo(line):
        return True
    words = len(line.split())
    return any(words <= limit and rule.search(line) for limit, rule in FURNITURE_RULES)


def _is_emoji_promo(line: str) -> bool:
    """A short line led by an emoji (or lost bytes) that advertises or asks."""
    if unicodedata.category(line[0]) != "So" and line[0] != _LOST:
        return False
    rest = line.lstrip(line[0]).strip()
    return len(rest.split()) <= 15 and (
        rest.endswith(("?", "!", "→")) or bool(_PROMO_CUES.search(rest)))


def _teaser_cut(lines: list[str]) -> int:
    """Index where a closing teaser list of other stories begins (or ``len(lines)``).

    A teaser heading counts when it is in the second half of the text, either
    alone on its line or glued to the end of another furniture line (scrapers
    often lose the line break before it).
    """
    total = sum(len(line) for line in lines) or 1
    seen = 0
    for i, line in enumerate(lines):
        if seen >= total / 2 and _ends_with_teaser_heading(line):
            return i
        seen += len(line)
    return len(lines)


def _ends_with_teaser_heading(line: str) -> bool:
    if TEASER_HEADINGS.fullmatch(line):
        return True
    for match in re.finditer(r"(?<![\w'’])[A-Z]", line):
        head = line[match.start():]
        if match.start() and TEASER_HEADINGS.fullmatch(head):
            before = line[:match.start()].replace(_LOST, "").strip()
            return not before or is_furniture(before)
    return False


# ---------------------------------------------------------------------------
# Metadata in the byline area: title, date, publisher
# ---------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_HEADLINE_SCAN = 8          # non-empty lines searched for the headline
_BYLINE_SCAN = 6            # non-empty lines after the headline searched for date/publisher
_MASTHEAD_MAX_WORDS = 15    # longer lines before a headline are prose, not masthead


def _looks_like_headline(line: str) -> bool:
    """Short, starts like a title, does not end like a sentence or a lead-in.

    Scripts without letter case or spaces (Thai, Chinese) only get the length test.
    """
    if re.search(r"[.,;:]$", line) or len(line) > 200 or parse_date(line) is not None:
        return False
    if not _is_cased_script(line):
        return True
    if "|" in line or len([w for w in line.split() if any(c.isalpha() for c in w)]) < 3:
        return False  # a section label ("World | Technology", "Markets & Policy")
    return (3 <= len(line.split()) <= 30
            and (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘"))


def _is_cased_script(text: str) -> bool:
    """True when most letters have case (Latin, Greek, Cyrillic), so that
    capitals and sentence punctuation carry meaning."""
    letters = [c for c in text if c.isalpha()]
    cased = sum(1 for c in letters if c.isupper() or c.islower())
    return not letters or cased >= 0.5 * len(letters)


def _looks_like_name(line: str, title: str | None) -> bool:
    """2-4 capitalised words, e.g. an outlet name in a byline."""
    words = line.split()
    if not 2 <= len(words) <= 4 or line == title or _SENTENCE_END.search(line):
        return False
    if words[0].lower() == "by" or any(w.isdigit() for w in words):
        return False
    connectors = {"of", "the", "and", "for", "&", "de", "la"}
    return (words[0][0].isupper() and words[-1][0].isupper()
            and all(w[0].isupper() or w.lower() in connectors for w in words))


@dataclass
class _Head:
    """What the top of a text says about itself."""

    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    drop: set[int] = field(default_factory=set)   # line indexes consumed as metadata/masthead


def _read_head(lines: list[str], known_title: str | None) -> _Head:
    """Find the headline, masthead lines before it, and a byline date/publisher after it."""
    head = _Head(title=known_title)
    filled = [i for i, line in enumerate(lines) if line]
    top = filled[:_HEADLINE_SCAN]
    title_at = None
    if known_title is None:
        for i in top:
            if _looks_like_headline(lines[i]):
                title_at = i
                break
            if len(lines[i].split()) > _MASTHEAD_MAX_WORDS:
                break
        if title_at is not None:
            head.title = lines[title_at]
            head.drop.update(i for i in filled if i < title_at)
    start = filled.index(title_at) + 1 if title_at is not None else 0
    byline = [i for i in filled if i < (title_at or 0)] + filled[start:start + _BYLINE_SCAN]
    _read_byline(lines, byline, head)
    return head


_BYLINE_SEPARATORS = re.compile(r"\s+[|·•]\s+|\s+[|·•]|[|·•]\s+")


def _byline_date(line: str) -> str | None:
    """A date alone on a line, or as one part of a byline such as
    "By our correspondent | July 11, 2025" or "9 March 2025 · 4 min read"."""
    date = parse_date(line)
    if date is None:
        for part in _BYLINE_SEPARATORS.split(line):
            date = parse_date(part)
            if date:
                break
    return date


def _read_byline(lines: list[str], byline: list[int], head: _Head) -> None:
    """A date alone on a line (or in a byline), and a name-like line next to it."""
    for pos, i in enumerate(byline):
        date = _byline_date(lines[i])
        if date is None:
            continue
        head.date = date
        head.drop.add(i)
        for j in (pos - 1, pos + 1):
            if 0 <= j < len(byline) and _looks_like_name(lines[byline[j]], head.title):
                head.publisher = lines[byline[j]]
                head.drop.add(byline[j])
                break
        return


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
    if not body.strip():
        raise InputError(path, "no readable text found (the HTML may be malformed or hold "
                         "only scripts and navigation)", "check that the page opens in a browser")
    meta = _html_metadata(doc) if doc is not None else {}
    fix = (lambda s: _clean_text(s, html_escapes=False).replace("\n", " ") if s else None)
    title = fix(meta.get("title"))
    return _finish(path, _clean_text(body, html_escapes=False), title,
                   date=parse_date(meta.get("date") or "", whole=False),
                   publisher=fix(meta.get("publisher")), url=meta.get("url"))


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


def _json_records(text: str, path: Path, *, lines: bool) -> list[_Record]:
    if not text.strip():
        raise InputError(path, "contains only whitespace", "add the article records")
    objects = _jsonl_objects(text, path) if lines else _json_objects(text, path)
    if not objects:
        raise InputError(path, "holds no article records", "add at least one record")
    return [_json_record(obj, n, path) for n, obj in enumerate(objects, start=1)]


def _json_objects(text: str, path: Path) -> list:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"invalid JSON at line {exc.lineno}, column {exc.colno}: "
                         f"{exc.msg}", "fix the JSON syntax") from exc
    return data if isinstance(data, list) else [data]


def _jsonl_objects(text: str, path: Path) -> list:
    objects = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            objects.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InputError(path, f"invalid JSON on line {number}: {exc.msg}",
                             "each line must hold one JSON object") from exc
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
