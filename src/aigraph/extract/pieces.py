"""Parse texts longer than spaCy's ``max_length`` in pieces.

spaCy refuses a text over ``nlp.max_length`` characters (1,000,000 by default,
error E088) because the parser and the named-entity recogniser need memory in
proportion to it. Such an article is cut into pieces of at most
:data:`PIECE_CHARS` characters at paragraph breaks (else line breaks, sentence
ends, spaces), each piece is parsed, and the pieces' Docs are joined into one
Doc whose text is the article's text, character for character, with the
entities, sentences and ``doc.spans`` of its pieces. The cut depends only on
the text, so the result is deterministic. Texts within the limit are parsed
exactly as before, in one ``nlp.pipe`` call.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

#: The largest piece of a long text given to the pipeline at once.
PIECE_CHARS = 100_000

#: Where a piece may end, best first: after a paragraph, a line, a sentence, a space.
_BREAKS = ("\n\n", "\n", ". ", " ")


def split_text(text: str, size: int | None = None) -> list[str]:
    """Consecutive pieces of ``text``, each at most ``size`` characters, that
    join back to ``text``; each piece ends at the best break in its window.
    ``size``: :data:`PIECE_CHARS` by default."""
    size = size or PIECE_CHARS
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = end
        for brk in _BREAKS:
            found = text.rfind(brk, start + 1, end)
            if found > start:
                cut = found + len(brk)
                break
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def pipe_texts(nlp: Language, texts: Iterable[str], batch_size: int | None = None) -> Iterator[Doc]:
    """``nlp.pipe(texts, batch_size=batch_size)``, except that a text over
    ``nlp.max_length`` is parsed in pieces and joined (see the module's docstring)."""
    texts = list(texts)
    if all(len(t) <= nlp.max_length for t in texts):
        yield from nlp.pipe(texts, batch_size=batch_size)
        return
    short: list[str] = []
    for text in texts:
        if len(text) <= nlp.max_length:
            short.append(text)
            continue
        yield from nlp.pipe(short, batch_size=batch_size)
        short = []
        yield join_docs(list(nlp.pipe(split_text(text, min(PIECE_CHARS, nlp.max_length)))))
    yield from nlp.pipe(short, batch_size=batch_size)


def join_docs(docs: list[Doc]) -> Doc:
    """One Doc of consecutive pieces; the text is their exact concatenation."""
    return Doc.from_docs(docs, ensure_whitespace=False)
