"""An article's names kept encoded until something reads them.

An update of one article onto 10,000 used to decode every article's names
(its mentions as objects, from the JSON the build cache keeps) although
nearly every article's resolved names and claims come out as in the last
build. :class:`LazyNames` holds the JSON and a small :class:`Summary` of what
the batch-wide steps read of every article (the surnames its full person
names offer, the words a known surname is looked for among, its risk
concepts, the keys its inner names carry): those steps read the summary,
and the names are decoded only when a step needs the mentions themselves
(an article whose names resolution must place again, or whose claims key
must be made again, see :mod:`aigraph.resolution` and
:mod:`aigraph.incremental`).

What the batch does to an article's names before they are decoded (the
bare surnames known from other articles, the entity keys the last build's
resolution gave them) is kept as *fixes*, applied in order when they are
decoded: the names come out as if they had been decoded first.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .extract.perarticle import Names


@dataclass(frozen=True)
class Summary:
    """What the batch-wide steps read of an article's names, before resolution."""

    #: the last word of each full (two or more words) person name
    surnames: tuple[str, ...]
    #: its mentions' labels and proper-noun texts (where a known surname may be)
    words: tuple[str, ...]
    #: the concept of each risk mention, in order
    risks: tuple[str, ...]
    #: the keys its inner names carry before resolution
    inner_keys: tuple[str, ...]

    def to_list(self) -> list:
        return [list(self.surnames), list(self.words), list(self.risks), list(self.inner_keys)]

    @classmethod
    def from_list(cls, value) -> Summary | None:
        """From :meth:`to_list`'s form; None when it is not that form."""
        if not (isinstance(value, list) and len(value) == 4
                and all(isinstance(part, list) for part in value)):
            return None
        return cls(*(tuple(part) for part in value))


def summary_of(names: Names) -> Summary:
    return Summary(tuple(sorted(_surnames(names))), tuple(sorted(_words(names))),
                   tuple(r.concept for r in names.risks),
                   tuple(sorted({m.key for m in names.inner if m.key})))


def _surnames(names: Names) -> set[str]:
    return {m.label.split()[-1] for m in names.mentions
            if m.cls == "Person" and len(m.label.split()) >= 2}


def _words(names: Names) -> set[str]:
    return {m.label for m in names.mentions} | {text for _, text, _ in names.proper}


def pack_json(text: str) -> bytes:
    """An article's names' JSON as a build holds it (and the names index keeps
    it): compressed, about a sixth of the text. Held for every article of a
    build (until the graph's plan), the plain text was about 9 KB an article."""
    return zlib.compress(text.encode("utf-8"), 1)


def unpack_json(value: str | bytes) -> str:
    """The JSON text of :func:`pack_json`'s bytes (a text is taken as it is:
    an older names index kept the text)."""
    return value if isinstance(value, str) else zlib.decompress(value).decode("utf-8")


class Counter:
    """How many articles' names a build decoded."""

    def __init__(self) -> None:
        self.decoded = 0


class LazyNames:
    """An article's :class:`~aigraph.extract.perarticle.Names`, decoded from
    its JSON the first time its mentions, inner names, risks, proper nouns or
    pairs are read (see the module doc)."""

    __slots__ = ("_text", "_names", "summary", "_fixes", "_counter")

    def __init__(self, text: str | bytes, summary: Summary, counter: Counter | None = None) -> None:
        self._text = text   # the JSON, or its bytes from pack_json
        self._names: Names | None = None
        self.summary = summary
        self._fixes: list[Callable[[Names], None]] = []
        self._counter = counter

    @property
    def decoded(self) -> bool:
        return self._names is not None

    def later(self, fix: Callable[[Names], None]) -> None:
        """Apply ``fix`` to the names now if they are decoded, else when they are."""
        if self._names is not None:
            fix(self._names)
        else:
            self._fixes.append(fix)

    def get(self) -> Names:
        if self._names is None:
            from .extract.perarticle import names_from_json

            names = names_from_json(unpack_json(self._text))
            for fix in self._fixes:
                fix(names)
            self._names, self._fixes, self._text = names, [], ""
            if self._counter is not None:
                self._counter.decoded += 1
        return self._names

    @property
    def mentions(self):
        return self.get().mentions

    @property
    def inner(self):
        return self.get().inner

    @property
    def risks(self):
        return self.get().risks

    @property
    def proper(self):
        return self.get().proper

    @property
    def pairs(self):
        return self.get().pairs


def is_encoded(names) -> bool:
    """Whether ``names`` is a :class:`LazyNames` not decoded yet."""
    return isinstance(names, LazyNames) and not names.decoded


# What the batch-wide steps read of any names, encoded or not (from the
# summary when there is one: it never decodes them).

def surnames(names) -> Iterable[str]:
    """The last word of each full person name (see :attr:`Summary.surnames`)."""
    return names.summary.surnames if isinstance(names, LazyNames) else _surnames(names)


def words(names) -> Iterable[str]:
    """Its mentions' labels and proper-noun texts (see :attr:`Summary.words`)."""
    return names.summary.words if isinstance(names, LazyNames) else _words(names)


def risk_concepts(names) -> Iterable[str]:
    """The concept of each risk mention, in order."""
    return names.summary.risks if isinstance(names, LazyNames) else [r.concept for r in names.risks]
