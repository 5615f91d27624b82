"""One article per story: the same URL or the same text seen twice is one article.

A feed entry and the archived page it links to, or a wire story syndicated
by several sites, would otherwise count twice (and corroborate itself).
Two articles are duplicates when

1. their **URLs** are the same after normalisation: scheme, ``www.``, the
   fragment, a trailing slash, default ports and tracking parameters
   (``utm_*``, ``fbclid``, ``gclid``...) are ignored, the host is lower-cased
   and the remaining query parameters are sorted; or
2. their **normalised text** is the same: lower-cased, punctuation dropped,
   whitespace collapsed; or
3. their texts are **near-duplicates**: the Jaccard similarity of their sets
   of word 5-grams ("shingles") is at least :data:`NEAR_DUPLICATE` (0.7). Candidate
   pairs come from MinHash signatures (64 hash functions, 16 bands of 4: pairs
   with similarity around 0.5 and above meet in a band) so the work is linear
   in the number of articles; every candidate pair is then checked exactly.

Of a group of duplicates the article kept is the one with the full text
(not a feed's summary), then the earliest publication date, then the
smallest id; it takes any title, date, publisher or URL it lacks from the
others. Every dropped article is named in a warning.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import zlib
from urllib.parse import parse_qsl, urlencode, urlsplit

from ..model import Article, Warning_

#: Shingle-set Jaccard similarity at or above which two texts are one story.
NEAR_DUPLICATE = 0.7
SHINGLE = 5
_BANDS, _ROWS = 16, 4
_PRIME = (1 << 61) - 1
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|ref|smid)$", re.I)


def normalise_url(url: str) -> str:
    """The comparable form of a URL (see the module docstring)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port if parts.port not in (None, 80, 443) else None
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not _TRACKING.match(k))
    path = parts.path.rstrip("/") or ""
    return f"{host}{f':{port}' if port else ''}{path}" + (f"?{urlencode(query)}" if query else "")


def normalise_text(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def shingles(words: list[str]) -> set[int]:
    if len(words) < SHINGLE:
        return {zlib.crc32(" ".join(words).encode())}
    return {zlib.crc32(" ".join(words[i:i + SHINGLE]).encode())
            for i in range(len(words) - SHINGLE + 1)}


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def deduplicate(articles: list[Article]) -> tuple[list[Article], list[Warning_]]:
    """The articles with every duplicate folded into the one kept, and a
    warning per article dropped. Order is kept; the result is deterministic."""
    ordered = sorted(articles, key=_preference)
    groups = _UnionFind(len(ordered))
    why: dict[int, str] = {}
    first_by: dict[str, int] = {}
    # one article's text and shingles at a time (held for every article they
    # were about 13 KB an article): the texts by digest, the shingles by their
    # MinHash signature, a pair's shingle sets made again when compared
    signatures = _Signatures(len(ordered))
    for i, article in enumerate(ordered):
        text = normalise_text(article.text)
        keys = ([f"url:{normalise_url(article.url)}"] if article.url else []) + [
            "text:" + hashlib.sha256(text.encode("utf-8")).hexdigest()]
        for key in keys:
            if key in first_by:
                if groups.union(first_by[key], i):
                    why.setdefault(i, "the same URL" if key.startswith("url:") else "the same text")
            else:
                first_by[key] = i
        signatures.add(i, shingles(text.split()))
    sets: dict[int, set[int]] = {}

    def shingles_of(i: int) -> set[int]:
        found = sets.get(i)
        if found is None:
            found = sets[i] = shingles(normalise_text(ordered[i].text).split())
        return found

    for i, j in signatures.candidate_pairs():
        similarity = jaccard(shingles_of(i), shingles_of(j))
        if similarity >= NEAR_DUPLICATE and groups.union(i, j):
            why.setdefault(max(i, j), f"near-duplicate text ({similarity:.2f} of 5-word "
                                      "shingles shared)")
    members: dict[int, list[int]] = {}
    for i in range(len(ordered)):
        members.setdefault(groups.find(i), []).append(i)
    kept: dict[str, Article] = {}
    warnings: list[Warning_] = []
    for group in members.values():
        head = min(group)          # ordered by preference, so the smallest index wins
        article = ordered[head]
        for other in sorted(group):
            if other == head:
                continue
            article = _fill_missing(article, ordered[other])
            dropped = ordered[other]
            warnings.append(Warning_(dropped.source, (
                f"article {dropped.id} is a duplicate of {ordered[head].id} "
                f"({why.get(other, 'the same story')}); kept {ordered[head].id} only")))
        kept[article.id] = article
    result = [kept[a.id] for a in articles if a.id in kept]
    return result, sorted(warnings, key=lambda w: (w.source, w.message))


def _preference(article: Article) -> tuple:
    return (article.summary_only, article.date is None, article.date or "", article.id)


def _fill_missing(article: Article, other: Article) -> Article:
    changes = {name: getattr(other, name) for name in ("title", "date", "publisher", "url")
               if getattr(article, name) is None and getattr(other, name) is not None}
    return dataclasses.replace(article, **changes) if changes else article


def _candidate_pairs(sets: list[set[int]]) -> list[tuple[int, int]]:
    """Pairs of indexes whose MinHash signatures agree on a whole band."""
    signatures = _Signatures(len(sets))
    for index, values in enumerate(sets):
        signatures.add(index, values)
    return signatures.candidate_pairs()


class _Signatures:
    """The MinHash signatures of ``size`` shingle sets, in one array (64
    integers a set), and the pairs whose signatures agree on a whole band,
    found a band at a time (a table of every band's keys held at once was
    about 6 KB an article)."""

    def __init__(self, size: int) -> None:
        import numpy as np

        rng = np.random.default_rng(20260101)           # fixed: the same pairs on every run
        self.a = rng.integers(1, _PRIME, size=_BANDS * _ROWS, dtype=np.uint64)
        self.b = rng.integers(0, _PRIME, size=_BANDS * _ROWS, dtype=np.uint64)
        self.values = np.zeros((size, _BANDS * _ROWS), dtype=np.uint64)

    def add(self, index: int, values: set[int]) -> None:
        import numpy as np

        if len(self.values) < 2:
            return   # no pair to find
        x = np.fromiter(values, dtype=np.uint64, count=len(values))
        # (a*x + b) mod 2^64 is a good enough universal hash for crc32 inputs
        a, b = self.a, self.b
        self.values[index] = ((a[:, None] * x[None, :] + b[:, None]) >> np.uint64(11)).min(axis=1)

    def candidate_pairs(self) -> list[tuple[int, int]]:
        if len(self.values) < 2:
            return []
        pairs: set[tuple[int, int]] = set()
        for band in range(_BANDS):
            # equal bytes, equal values: the band's rows as one key
            rows = self.values[:, band * _ROWS:(band + 1) * _ROWS]
            buckets: dict[bytes, int | list[int]] = {}
            for index in range(len(rows)):
                key = rows[index].tobytes()
                found = buckets.get(key)
                if found is None:
                    buckets[key] = index
                elif type(found) is int:
                    buckets[key] = [found, index]
                else:
                    found.append(index)
            for members in buckets.values():
                if type(members) is int:
                    continue
                for n, i in enumerate(members):
                    for j in members[n + 1:]:
                        pairs.add((i, j))
        return sorted(pairs)


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        """Join the groups of ``i`` and ``j``; False when they already were one.
        The group's root is its smallest index (the preferred article)."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return False
        low, high = min(ri, rj), max(ri, rj)
        self.parent[high] = low
        return True
