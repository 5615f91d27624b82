"""A batch's decided claims held on disk, article by article.

A build's decided claims were a list of :class:`~aigraph.model.Claim`
objects (``Extraction.claims``), every article's at once, from the end of
extraction to the end of the build: about 45 claims an article, the largest
part of a build's memory that grew with the batch. :class:`DiskClaims`
holds them instead as each article's compact rows
(:func:`aigraph.extract.perarticle.compact_rows`, marshalled) in an unnamed
temporary file, and makes an article's claims when they are read. The
readers of a build (the graph's plan and writer, see :mod:`aigraph.graph`
and :mod:`aigraph.graphdelta`) take them an article at a time; it is a
read-only sequence for every other reader (``len``, iteration, indexing,
slices, ``==`` with a list).

The claims are in the order :func:`aigraph.extract.in_claim_order` gives a
list (by article, subject, predicate and object, stably): the articles come
in order and each article's rows are sorted (stably) when they are not.
"""

from __future__ import annotations

import marshal
import os
import tempfile
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path

from .model import Claim


def _rows_order(row: list) -> tuple:
    return (row[0], row[1], row[2])


class DiskClaims(Sequence):
    """The decided claims of the articles ``article_ids`` (in the batch's
    order), each article's put once (:meth:`put`), in any order; read back in
    article order. The file has no name (it is gone when this object is,
    or when the process ends, however it ends)."""

    def __init__(self, article_ids: list[str], folder: Path | str | None = None) -> None:
        self.ids = list(article_ids)
        self._position = {a: i for i, a in enumerate(self.ids)}
        self._file = tempfile.TemporaryFile(dir=folder, prefix=".claims.")
        self._fd = self._file.fileno()
        self._spans: list[tuple[int, int, int] | None] = [None] * len(self.ids)
        self._end = 0
        self._count = 0
        self._starts: list[int] | None = None   # claims before each article, when indexed

    # --- writing ------------------------------------------------------------------

    def put(self, i: int, rows: list[list]) -> None:
        """Article ``i``'s decided claims, as compact rows (see the module doc)."""
        article = self.ids[i]
        if any(row[3] != article for row in rows):
            raise ValueError(f"a claim of article {article!r} names another article")
        if any(_rows_order(a) > _rows_order(b) for a, b in zip(rows, rows[1:])):
            rows = sorted(rows, key=_rows_order)   # stable: as in_claim_order sorts
        data = marshal.dumps(rows, 4) if rows else b""
        if data:
            os.pwrite(self._fd, data, self._end)
        previous = self._spans[i]
        self._count += len(rows) - (previous[2] if previous is not None else 0)
        self._spans[i] = (self._end, len(data), len(rows))
        self._end += len(data)
        self._starts = None

    # --- reading ------------------------------------------------------------------

    def rows(self, i: int) -> list[list]:
        """Article ``i``'s compact rows (none when nothing was put)."""
        span = self._spans[i]
        if span is None or not span[1]:
            return []
        return marshal.loads(os.pread(self._fd, span[1], span[0]))

    def claims(self, i: int) -> list[Claim]:
        """Article ``i``'s claims (made now; nothing is kept)."""
        from .extract.perarticle import claims_from_compact

        rows = self.rows(i)
        return claims_from_compact(rows) if rows else []

    def of(self, article_id: str) -> list[Claim]:
        """The claims of the article ``article_id`` ([] for an article not in the batch)."""
        i = self._position.get(article_id)
        return self.claims(i) if i is not None else []

    def fact_rows(self) -> Iterator[tuple]:
        """Each claim's ``(subject, predicate, object, article, modality, review,
        confidence)``, in order, without making the claims (what a fact's
        backers are counted from, see :func:`aigraph.corroboration.backing`)."""
        pick = _picker("subject", "predicate", "object", "article", "modality", "review",
                       "confidence")
        for i in range(len(self.ids)):
            yield from map(pick, self.rows(i))

    def facts(self, i: int) -> list[tuple[str, str, str]]:
        """Article ``i``'s claims' facts ``(subject, predicate, object)``, in order."""
        return [(r[0], r[1], r[2]) for r in self.rows(i)]

    def about(self, subjects) -> Iterator[Claim]:
        """The claims whose subject is in ``subjects``, in order (the rows of
        the others are passed over without making their claims)."""
        from .extract.perarticle import claims_from_compact

        for i in range(len(self.ids)):
            rows = [r for r in self.rows(i) if r[0] in subjects]
            if rows:
                yield from claims_from_compact(rows)

    def by_article(self) -> Iterator[tuple[str, list[Claim]]]:
        """Each article's id and claims, in order."""
        for i, article in enumerate(self.ids):
            yield article, self.claims(i)

    def __iter__(self) -> Iterator[Claim]:
        for i in range(len(self.ids)):
            yield from self.claims(i)

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            if step != 1:
                return list(self)[index]
            return list(islice(self._from(start), max(0, stop - start)))
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("claim index out of range")
        return next(self._from(index))

    def _from(self, index: int) -> Iterator[Claim]:
        """The claims from the ``index``-th on."""
        if self._starts is None:
            starts, total = [], 0
            for span in self._spans:
                starts.append(total)
                total += span[2] if span is not None else 0
            self._starts = starts
        i = max(0, bisect_right(self._starts, index) - 1)
        while i < len(self.ids) and (self._spans[i] is None or not self._spans[i][2]):
            i += 1
        if i >= len(self.ids):
            return
        yield from self.claims(i)[index - self._starts[i]:]
        for j in range(i + 1, len(self.ids)):
            yield from self.claims(j)

    def __eq__(self, other) -> bool:
        if isinstance(other, (DiskClaims, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"DiskClaims({self._count} claims of {len(self.ids)} articles)"

    def close(self) -> None:
        self._file.close()


def _picker(*names: str):
    """A getter of the named fields of a compact row, as a tuple."""
    from operator import itemgetter

    from .extract.perarticle import _COMPACT_FIELDS   # the rows' layout

    return itemgetter(*(_COMPACT_FIELDS.index(name) for name in names))


def facts_by_article(claims) -> "callable":
    """``article id -> its claims' facts (subject, predicate, object), in order``:
    from the rows for :class:`DiskClaims` (no claim made), else from the claims."""
    if isinstance(claims, DiskClaims):
        position = claims._position
        return lambda article_id: (claims.facts(position[article_id])
                                   if article_id in position else [])
    of = claims_by_article(claims)
    return lambda article_id: [(c.subject, c.predicate, c.object) for c in of(article_id)]


def claims_about(claims, subjects) -> Iterator[Claim]:
    """The claims whose subject is in ``subjects``, in order."""
    if isinstance(claims, DiskClaims):
        return claims.about(subjects)
    return (c for c in claims if c.subject in subjects)


def claims_by_article(claims) -> "callable":
    """``article id -> its claims, in order`` for a batch's claims: read from
    the file for :class:`DiskClaims`, grouped once for a list."""
    if isinstance(claims, DiskClaims):
        return claims.of
    grouped: dict[str, list[Claim]] = {}
    for claim in claims:
        grouped.setdefault(claim.article, []).append(claim)
    return lambda article_id: grouped.get(article_id, [])
