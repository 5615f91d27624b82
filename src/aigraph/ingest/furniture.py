"""Page furniture: general layout rules for lines that are not the article (one family per entry)."""


from __future__ import annotations

import re
import unicodedata

from .mojibake import _LOST

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
    _rule(_SHORT, r"^\[?\s*share(?:\s+(?:this|on|via|with|to)\b|\s*:)"),   # "[Share on X]", "Share: ..."
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
    # "Related: <another story's headline>": a link to another story, inline
    _rule(_SHORT, r"^(?:related(?: articles| stories| posts| news| content| reading| coverage)?|"
                  r"read (?:more|next|also)|also read|more on this|recommended|most read|"
                  r"you (?:may|might) also like)\s*[:|]"),
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


