"""Decoding: raw bytes to text (BOMs, UTF-16 without BOM, legacy charsets), rejecting binary files."""


from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from ..errors import InputError

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

    Order: byte-order mark; strict UTF-8; UTF-8 with stray cp1252 bytes
    (repaired segment by segment); BOM-less UTF-16; a Western legacy
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
    mixed = _decode_mixed_utf8(raw)
    if mixed is not None:
        return _check_textual(mixed, path)
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


#: A well-formed UTF-8 sequence of two to four bytes (a non-ASCII character).
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                            rb"|[\xf0-\xf4][\x80-\xbf]{3}")


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: the bytes UTF-8 cannot decode, read as cp1252
    (Latin-1 for the five bytes cp1252 leaves undefined)."""
    bad = error.object[error.start:error.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad), error.end


codecs.register_error("aigraph-cp1252", _cp1252_fallback)


def _decode_mixed_utf8(raw: bytes) -> str | None:
    """A UTF-8 file with stray bytes of a Western code page (text pasted from
    an older file): the UTF-8 kept, each stray segment read as cp1252, instead
    of guessing one legacy charset for the whole file (which turns every
    UTF-8 letter into two wrong ones). None when the file holds no UTF-8
    sequence at all, or more stray bytes than UTF-8 characters (then it is a
    legacy file, decoded whole below)."""
    utf8 = len(_UTF8_MULTIBYTE.findall(raw))
    if not utf8:
        return None
    stray = sum(1 for b in _UTF8_MULTIBYTE.sub(b"", raw) if b > 0x7F)
    if stray > utf8:
        return None
    return raw.decode("utf-8", errors="aigraph-cp1252")


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


