"""Mojibake repair and Unicode normalisation (UTF-8 read as Thai cp874, ftfy, damaged punctuation)."""


from __future__ import annotations

import re
import unicodedata

import ftfy

from .decoding import _control_ratio

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


