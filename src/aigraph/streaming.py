"""Exports written straight from the Oxigraph store, by its own (Rust) writers.

rdflib's writers need an in-memory copy of the graph and spend most of a
large build's export time computing prefixed names triple by triple. A graph
built by :mod:`aigraph.graph` lives in a pyoxigraph store, so N-Triples,
N-Quads and Turtle are written from its triples: sorted once (the order that
makes exports deterministic), then serialised by pyoxigraph.

- N-Triples and N-Quads: one statement a line, lines sorted, as before.
- Turtle: triples sorted by subject, predicate, object, grouped by subject,
  with aigraph's prefixes (entity IRIs stay whole: their paths hold ``/``).
- N-Quads: each article's node and claims in the article's named graph,
  entities and facts in the default graph (see :func:`aigraph.graph.to_dataset`).

:func:`write_fast` streams: the store's triples are written unsorted as
N-Triples, sorted on disk by ``sort`` (bytewise, ``LC_ALL=C``, in bounded
memory), and Turtle and N-Quads are written from the sorted file, so no
format holds a copy of the graph in Python. The result is byte for byte
:func:`serialize_fast`'s.
"""

from __future__ import annotations

import mmap
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .errors import OutputError
from .store import _inner_store, graph_name, ox_triples
from .vocab import PREFIXES

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_ARTICLE = ox.NamedNode("https://w3id.org/aigraph/ontology#Article")
_DERIVED_FROM = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")

#: Prefixes written in Turtle: all of aigraph's but ``aigr:`` (its local names
#: would need ``\\/`` escapes), in name order.
TURTLE_PREFIXES = {prefix: str(iri) for prefix, iri in sorted(PREFIXES.items())
                   if prefix != "aigr"}

FAST_FORMATS = ("ttl", "nt", "nq")


def sorted_triples(graph: Graph | ox.Store) -> list[ox.Triple]:
    """The graph's triples in the exports' order (by subject, predicate, object)."""
    return sorted(ox_triples(graph), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def article_graphs(triples: Iterable[ox.Triple]) -> dict:
    """Subject -> the article whose named graph its triples go into: an article
    itself, a claim the article it was derived from."""
    names = {}
    for t in triples:
        if t.predicate == _DERIVED_FROM and isinstance(t.object, ox.NamedNode):
            names.setdefault(t.subject, t.object)
        elif t.predicate == _RDF_TYPE and t.object == _ARTICLE:
            names.setdefault(t.subject, t.subject)
    return names


def quads(triples: list[ox.Triple]) -> Iterator[ox.Quad]:
    return _named(triples, article_graphs(triples))


def sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(line for line in data.splitlines() if line.strip()))
    return b"\n".join(lines) + b"\n"


def serialize_fast(graph: Graph | ox.Store, fmt: str) -> bytes:
    """``fmt`` (one of :data:`FAST_FORMATS`) of the graph, deterministic."""
    triples = sorted_triples(graph)
    if fmt == "ttl":
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)
    if fmt == "nt":
        return sorted_lines(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    if fmt == "nq":
        return sorted_lines(ox.serialize(quads(triples), format=ox.RdfFormat.N_QUADS))
    raise ValueError(f"no fast writer for {fmt!r}")


#: Memory ``sort`` may use before it spills to temporary files.
SORT_MEMORY = "256M"


def write_fast(graph: Graph | ox.Store, fmt: str, path: Path) -> None:
    """Write ``fmt`` of the graph to ``path`` (atomically), streaming."""
    write_fast_many(graph, {fmt: Path(path)})


def write_fast_many(graph: Graph | ox.Store, paths: dict[str, Path],
                    sorted_nt: Path | None = None) -> None:
    """Write each format of ``paths`` (format -> file) of the graph, atomically
    and streaming; the sorted N-Triples they are all written from is made once
    (``sorted_nt``: the graph's, already sorted by :func:`sort_file`; it is left
    in place)."""
    try:
        _write_fast_many(graph, {fmt: Path(path) for fmt, path in paths.items()}, sorted_nt)
    except OSError as exc:   # a full disk: name the file (the engine's error does not)
        where = exc.filename or next(iter(paths.values()))
        raise OutputError(f"cannot write {where}: {exc.strerror or exc}") from exc


def _write_fast_many(graph: Graph | ox.Store, paths: dict[str, Path],
                     sorted_nt: Path | None = None) -> None:
    for fmt in paths:
        if fmt not in FAST_FORMATS:
            raise ValueError(f"no fast writer for {fmt!r}")
    if not paths:
        return
    folder = next(iter(paths.values())).parent
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".graph.") as tmp:
        raw, nt = Path(tmp) / "raw.nt", Path(tmp) / "sorted.nt"
        if sorted_nt is None:
            _dump_unsorted(graph, raw)
            sort_file(raw, nt)
            raw.unlink()
        else:
            _link_or_copy(sorted_nt, nt)   # the caller's file stays where it is
        # N-Triples last: the sorted file itself is renamed into place
        for fmt in sorted(paths, key=lambda f: f == "nt"):
            path = paths[fmt]
            done = Path(tmp) / f"out.{fmt}"
            if fmt == "nt":
                done = nt
            elif fmt == "ttl":
                ox.serialize(ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES), output=str(done),
                             format=ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)
            elif fmt == "nq":
                _write_quads(graph, nt, raw)
                sort_file(raw, done)
                raw.unlink()
            os.chmod(done, 0o644)   # exports are meant to be shared
            os.replace(done, path)


class _Ambiguous(Exception):
    """A subject derived from more than one article: its graph is the store's pick."""


def _write_quads(graph: Graph | ox.Store, nt: Path, target: Path) -> None:
    """The quads of the sorted N-Triples ``nt`` (unsorted) in ``target``, each
    in its named graph (see :func:`article_graphs`). A subject's triples are
    consecutive lines of the sorted file (a line is its subject, a space, the
    rest, and no subject holds a space), so each subject's graph is found from
    its own lines as they stream by, without a table of every subject's graph
    (a claim's, for every claim: at 10,000 articles the largest thing an
    export held). Should a subject be derived from two articles (none is,
    one claim node per article), the graphs are taken from the store as before."""
    try:
        ox.serialize(_quads_by_subject(ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES)),
                     output=str(target), format=ox.RdfFormat.N_QUADS)
    except _Ambiguous:
        names = article_graphs(_unsorted(graph, (_DERIVED_FROM, _RDF_TYPE)))
        ox.serialize(_named(ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES), names),
                     output=str(target), format=ox.RdfFormat.N_QUADS)


def _quads_by_subject(triples: Iterable[ox.Triple]) -> Iterator[ox.Quad]:
    """:func:`_named` of ``triples`` (a subject's consecutive) with
    :func:`article_graphs`' graph of each subject, found from its own triples:
    the article it was derived from, else itself if it is an article."""
    block: list[ox.Triple] = []
    for t in triples:
        if block and t.subject != block[0].subject:
            yield from _block_quads(block)
            block = []
        block.append(t)
    if block:
        yield from _block_quads(block)


def _block_quads(block: list[ox.Triple]) -> Iterator[ox.Quad]:
    """One subject's quads, named as :func:`article_graphs` names them."""
    derived = {t.object for t in block
               if t.predicate == _DERIVED_FROM and isinstance(t.object, ox.NamedNode)}
    if len(derived) > 1:
        raise _Ambiguous(block[0].subject)
    return _named(block, article_graphs(block))


def _dump_unsorted(graph: Graph | ox.Store, target: Path) -> None:
    """The graph's triples as N-Triples, in the store's order: dumped by the
    store itself when the graph is one of its graphs (no Python object per
    triple), else serialised triple by triple."""
    inner = graph if isinstance(graph, ox.Store) else _inner_store(graph)
    if inner is not None and not isinstance(graph, ox.Store):
        inner.dump(output=str(target), format=ox.RdfFormat.N_TRIPLES, from_graph=graph_name(graph))
        return
    ox.serialize(_unsorted(graph), output=str(target), format=ox.RdfFormat.N_TRIPLES)


def _unsorted(graph: Graph | ox.Store, predicates: tuple = (None,)) -> Iterator[ox.Triple]:
    """The graph's triples in the store's order (only those of ``predicates``)."""
    inner = graph if isinstance(graph, ox.Store) else _inner_store(graph)
    if inner is None:
        yield from (t for t in ox_triples(graph)
                    if predicates == (None,) or t.predicate in predicates)
        return
    name = None if isinstance(graph, ox.Store) else graph_name(graph)
    for predicate in predicates:
        for quad in inner.quads_for_pattern(None, predicate, None, name):
            yield quad.triple


def _named(triples: Iterable, names: dict) -> Iterator[ox.Quad]:
    for t in triples:
        name = names.get(t.subject)
        yield ox.Quad(t.subject, t.predicate, t.object,
                      name if name is not None else ox.DefaultGraph())


def sort_file(source: Path, target: Path) -> None:
    """Sort lines bytewise and drop repeats, in bounded memory (GNU sort when
    there is one, else in memory)."""
    if shutil.which("sort"):
        subprocess.run(["sort", "-u", "-S", SORT_MEMORY, "-T", str(target.parent),
                        "-o", str(target), str(source)],
                       env={**os.environ, "LC_ALL": "C"}, check=True)
        return
    target.write_bytes(sorted_lines(source.read_bytes()))  # pragma: no cover - no sort(1)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:   # another file system, or no hard links
        shutil.copyfile(source, target)


# ---------------------------------------------------------------------------
# Turtle by merge: an update rewrites only the subjects whose triples changed
# ---------------------------------------------------------------------------

def merge_turtle(previous: Path, sorted_nt: Path, removed: Path, added: Path,
                 target: Path) -> bool:
    """Write to ``target`` the Turtle of the sorted N-Triples ``sorted_nt``, given
    ``previous`` (the Turtle :func:`write_fast_many` wrote of the old sorted
    file) and the lines ``removed`` from and ``added`` to it: the blocks of the
    subjects no changed line names are copied, the others serialised again from
    their lines in ``sorted_nt`` (contiguous there, found by bisection). The
    result is byte for byte the Turtle written from scratch: a block holds one
    subject's triples only, in the sorted file's order. Returns False (and
    writes nothing usable) when a file holds what this does not handle (blank
    nodes, an escaped prefixed name): the caller then writes it whole."""
    subjects = _subjects_of(removed) | _subjects_of(added)
    if None in subjects:
        return False
    pending = sorted(subjects)
    with open(sorted_nt, "rb") as handle:
        fresh = _turtle_blocks(_lines_of_subjects(handle, pending))
    if fresh is None:
        return False
    with open(previous, "rb") as old, open(target, "wb") as out:
        size = os.fstat(old.fileno()).st_size
        if size == 0:
            return False
        # the old blocks are found by bisection and the rest copied by the
        # kernel: a pass over every line in Python was most of the merge
        with mmap.mmap(old.fileno(), 0, access=mmap.ACCESS_READ) as data:
            first = _first_block(data, size)
            at = 0
            for key in pending:
                start = _block_from(data, key, first, size)
                if start is None:
                    return False
                end = start
                if start < size:
                    subject = _turtle_subject(_line_at(data, start, size))
                    if subject == key:
                        end = _next_block(data, start, size)
                _copy_range(old, out, at, start)
                out.write(fresh.get(key, b""))
                at = first = end
            _copy_range(old, out, at, size)
    return True


def _line_at(data, start: int, size: int) -> bytes:
    end = data.find(b"\n", start)
    return data[start:size if end < 0 else end + 1]


def _next_line(data, start: int, size: int) -> int:
    end = data.find(b"\n", start)
    return size if end < 0 else end + 1


def _next_block(data, start: int, size: int) -> int:
    """The start of the block after the one starting at ``start`` (its
    continuation lines start with a tab)."""
    at = _next_line(data, start, size)
    while at < size and data[at:at + 1] == b"\t":
        at = _next_line(data, at, size)
    return at


def _first_block(data, size: int) -> int:
    """The start of the first subject block (after the ``@prefix`` lines)."""
    at = 0
    while at < size and data[at:at + 8] == b"@prefix ":
        at = _next_line(data, at, size)
    return at


def _block_at_or_after(data, at: int, size: int) -> int:
    if at > 0 and data[at - 1:at] != b"\n":
        at = _next_line(data, at, size)
    while at < size and data[at:at + 1] == b"\t":
        at = _next_line(data, at, size)
    return at


def _block_from(data, key: bytes, low: int, size: int) -> int | None:
    """The start of the first block from ``low`` on whose subject does not sort
    before ``key`` (blocks are in the sorted N-Triples' order of subjects);
    None when a subject cannot be read."""
    high = size   # low and high are block starts (or the end)
    while low < high:
        middle = _block_at_or_after(data, (low + high) // 2, size)
        probe = middle if middle < high else low
        subject = _turtle_subject(_line_at(data, probe, size))
        if subject is None:
            return None
        if subject < key:
            low = _next_block(data, probe, size)
        else:
            high = probe
    return low


def _copy_range(source, out, start: int, end: int) -> None:
    """Bytes ``start..end`` of the file ``source`` into ``out``."""
    if end <= start:
        return
    out.flush()
    offset, left = start, end - start
    try:
        while left > 0:
            sent = os.sendfile(out.fileno(), source.fileno(), offset, left)
            if sent == 0:
                break
            offset, left = offset + sent, left - sent
    except OSError:   # no sendfile between these files: copied through Python
        pass
    source.seek(offset)
    while left > 0:
        chunk = source.read(min(left, 1 << 20))
        if not chunk:
            break
        out.write(chunk)
        left -= len(chunk)


def _subjects_of(path: Path) -> set[bytes | None]:
    """The subjects (``<iri>``) of an N-Triples file's lines; None for a blank node."""
    found: set[bytes | None] = set()
    with open(path, "rb") as handle:
        for line in handle:
            end = line.find(b"> ")
            found.add(line[:end + 1] if line.startswith(b"<") and end > 0 else None)
    return found


def _lines_of_subjects(handle, subjects: list[bytes]) -> list[bytes]:
    """The lines of the sorted N-Triples file ``handle`` whose subject is one of
    ``subjects`` (sorted), in the file's order."""
    if os.fstat(handle.fileno()).st_size == 0:
        return []
    lines: list[bytes] = []
    with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for subject in subjects:
            key = subject + b" "
            at = _first_line_from(data, key)
            while at < len(data) and data[at:at + len(key)] == key:
                end = data.find(b"\n", at)
                end = len(data) if end < 0 else end + 1
                lines.append(data[at:end])
                at = end
    return lines


def _first_line_from(data, key: bytes) -> int:
    """The offset of the first line not sorting before ``key`` in the sorted
    lines ``data`` (bytewise, as ``LC_ALL=C sort`` orders them)."""
    low, high = 0, len(data)   # both always at the start of a line (or the end)
    while low < high:
        middle = (low + high) // 2
        start = data.rfind(b"\n", 0, middle) + 1
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        if data[start:end] < key:
            low = end + 1
        else:
            high = start
    return min(low, len(data))


def _turtle_blocks(lines: list[bytes]) -> dict[bytes, bytes] | None:
    """Subject -> its Turtle block, serialised as :func:`write_fast_many` does."""
    if not lines:
        return {}
    text = ox.serialize(ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES),
                        format=ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)
    blocks: dict[bytes, bytes] = {}
    key = None
    for line in text.splitlines(keepends=True):
        if line.startswith(b"@prefix "):
            continue
        if line[:1] != b"\t":
            key = _turtle_subject(line)
            if key is None or key in blocks:
                return None
            blocks[key] = b""
        elif key is None:
            return None
        blocks[key] += line
    return blocks


_EXPANSIONS = {prefix.encode(): iri.encode() for prefix, iri in TURTLE_PREFIXES.items()}


def _turtle_subject(line: bytes) -> bytes | None:
    """The subject of a Turtle block's first line as N-Triples writes it
    (``<iri>``, a prefixed name expanded); None for anything else."""
    token = line.split(b" ", 1)[0]
    if token.startswith(b"<") and token.endswith(b">"):
        return token
    prefix, colon, local = token.partition(b":")
    if not colon or prefix not in _EXPANSIONS or b"\\" in local or not local:
        return None
    return b"<" + _EXPANSIONS[prefix] + local + b">"
