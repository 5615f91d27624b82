"""The build's store, written incrementally: only the triples that changed.

A build writes its graph as N-Triples lines (:func:`aigraph.graph.write_graph_lines`),
sorts them (the exports are written from that sorted file) and puts them in a
new store folder beside ``OUT/store``, which then becomes the store
(:func:`aigraph.store.save_store`). Loading a large graph into a store is
most of an update's cost, although an update of a few articles changes few
triples. So the build keeps the sorted N-Triples of the store it wrote in
``OUT/cache/store.nt``, with the digest of the ``graph.ttl`` it was built
with (``store.nt.sha256``, the same digest the store carries as its stamp).
When the next build finds both matching the store, the new store is a copy
of the old one (its immutable table files hard-linked, as RocksDB's own
checkpoints do) with the lines only in the old file removed and the lines
only in the new one added (``comm`` on the two sorted files): the same
triples as a store loaded from scratch. Otherwise the store is bulk-loaded
from the sorted file.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .cache import _write_atomically
from .errors import OutputError
from .store import STAMP_NAME, disk_graph, is_store

#: In the cache folder: the store's sorted N-Triples and the graph digest they match.
STORE_LINES = "store.nt"
STORE_LINES_STAMP = "store.nt.sha256"


@dataclass
class StoreWrite:
    """How the build's store was written: ``incremental`` from the previous
    store (``removed``/``added`` triples), or loaded whole."""

    incremental: bool
    removed: int = 0
    added: int = 0
    #: with ``incremental``: the files of the removed and added lines, and the
    #: graph digest the previous store was stamped with (see :func:`merge_turtle_export`)
    difference: tuple[Path, Path] | None = None
    previous_digest: str | None = None
    turtle_merged: bool = False   # the Turtle export was merged, not written whole
    #: the sorted lines were the previous ones with the touched subjects' blocks
    #: rewritten, and the difference came from those blocks (see aigraph.graphdelta)
    spliced: bool = False


def previous_lines(store_dir: Path, cache: Path | None) -> Path | None:
    """The sorted N-Triples of the store at ``store_dir``, when the cache holds
    them for exactly that store (same digest as the store's stamp)."""
    if cache is None or not is_store(store_dir):
        return None
    lines, stamp = cache / STORE_LINES, cache / STORE_LINES_STAMP
    try:
        mine = stamp.read_text(encoding="ascii").strip()
        theirs = (store_dir / STAMP_NAME).read_text(encoding="ascii").strip()
    except OSError:
        return None
    return lines if mine and mine == theirs and lines.is_file() else None


def write_store(sorted_nt: Path, folder: Path, store_dir: Path, cache: Path | None,
                tmp: Path) -> tuple[Graph, StoreWrite]:
    """The graph of the sorted N-Triples ``sorted_nt`` in a new store in ``folder``
    (empty, beside ``store_dir``): from the previous store and the difference
    when the cache allows it, else loaded whole (``tmp``: a folder for the
    difference). Returns the graph (see :func:`aigraph.store.disk_graph`)."""
    previous = previous_lines(store_dir, cache)
    try:
        if previous is not None:
            clone_store(store_dir, folder)
            graph = disk_graph(folder, optimize=False)
            digest = (previous.parent / STORE_LINES_STAMP).read_text(encoding="ascii").strip()
            removed, added = apply_difference(graph.store._inner, previous, sorted_nt, tmp)
            return graph, StoreWrite(True, removed, added, (tmp / "removed.nt", tmp / "added.nt"),
                                     digest)
        graph = disk_graph(folder)
        return graph, StoreWrite(False, added=load_in_chunks(graph.store._inner, sorted_nt))
    except OSError as exc:
        raise _store_error(store_dir, exc) from exc


def _store_error(store_dir: Path, exc: OSError) -> OutputError:
    """RocksDB's errors carry no file name: say which store."""
    cause = exc.strerror or str(exc).rsplit(": ", 1)[-1].strip()   # RocksDB: "...: why"
    return OutputError(f"cannot write the store {store_dir}: {cause}")


#: Lines of N-Triples given to one bulk load: a whole file at once makes the
#: loader hold about 1 GB per 1.3 million triples. 100,000 lines held about
#: 160 MB (the peak of a cold build's memory, whatever its size); 25,000
#: hold about 55 MB, for about 1.3 s more CPU per million triples (a loader's
#: table files are more and smaller; the store's compaction merges them).
LOAD_LINES = 25_000


def load_in_chunks(store: ox.Store, path: Path) -> int:
    """Bulk-load an N-Triples file a bounded number of lines at a time; returns
    how many lines were loaded."""
    count = 0
    with open(path, "rb") as handle:
        while True:
            chunk = list(itertools.islice(handle, LOAD_LINES))
            if not chunk:
                return count
            store.bulk_load(b"".join(chunk), format=ox.RdfFormat.N_TRIPLES)
            count += len(chunk)


def clone_store(source: Path, target: Path) -> None:
    """A copy of the store at ``source`` in ``target`` that can be written
    without touching ``source``: table files (``*.sst``, never changed once
    written) hard-linked, the rest (manifest, log, options) copied; the lock,
    logs and aigraph's stamp left out."""
    for path in sorted(source.iterdir()):
        if path.name == "LOCK" or path.name.startswith("LOG") or path.name == STAMP_NAME:
            continue
        if path.suffix == ".sst":
            try:
                os.link(path, target / path.name)
                continue
            except OSError:
                pass
        shutil.copy2(path, target / path.name)


def apply_difference(store: ox.Store, old: Path, new: Path, tmp: Path) -> tuple[int, int]:
    """Make ``store`` (holding the triples of the sorted file ``old``) hold
    those of the sorted file ``new``; returns (removed, added)."""
    removed, added = tmp / "removed.nt", tmp / "added.nt"   # kept: the Turtle is merged from them
    difference(old, new, removed, added)
    return apply_files(store, removed, added)


def write_store_difference(folder: Path, store_dir: Path, cache: Path, tmp: Path
                           ) -> tuple[Graph, StoreWrite]:
    """The new store in ``folder``: the previous one (at ``store_dir``, whose lines
    the cache holds) with the lines of ``tmp/removed.nt`` removed and those of
    ``tmp/added.nt`` added, a difference the caller found without comparing
    the whole files (see :mod:`aigraph.graphdelta`)."""
    removed, added = tmp / "removed.nt", tmp / "added.nt"
    try:
        clone_store(store_dir, folder)
        graph = disk_graph(folder, optimize=False)
        gone, new = apply_files(graph.store._inner, removed, added)
        return graph, StoreWrite(True, gone, new, (removed, added), previous_digest(cache),
                                 spliced=True)
    except OSError as exc:
        raise _store_error(store_dir, exc) from exc


def previous_digest(cache: Path) -> str | None:
    """The graph digest the cache's store lines were kept with."""
    try:
        return (cache / STORE_LINES_STAMP).read_text(encoding="ascii").strip() or None
    except OSError:
        return None


def apply_files(store: ox.Store, removed: Path, added: Path) -> tuple[int, int]:
    """Remove the triples of the N-Triples file ``removed`` from ``store`` and
    add those of ``added``; returns how many of each."""
    gone = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
            for t in ox.parse(path=str(removed), format=ox.RdfFormat.N_TRIPLES)]
    for quad in gone:
        store.remove(quad)
    return len(gone), load_in_chunks(store, added)


def difference(old: Path, new: Path, removed: Path, added: Path) -> None:
    """The lines only in ``old`` into ``removed``, those only in ``new`` into
    ``added``: one ``comm -3`` pass over the two files sorted bytewise
    (``LC_ALL=C``, as :func:`aigraph.streaming.sort_file` sorts), not one per
    side (each pass reads both files, a gigabyte each at 10,000 articles).
    ``comm`` marks the second file's lines with a tab, which no N-Triples line
    starts with."""
    if shutil.which("comm"):
        with open(removed, "wb") as gone, open(added, "wb") as new_lines:
            process = subprocess.Popen(["comm", "-3", str(old), str(new)], stdout=subprocess.PIPE,
                                       env={**os.environ, "LC_ALL": "C"})
            for line in process.stdout:
                if line.startswith(b"\t"):
                    new_lines.write(line[1:])
                else:
                    gone.write(line)
            process.stdout.close()
            if process.wait() != 0:
                raise subprocess.CalledProcessError(process.returncode, "comm")
        return
    first, second = set(old.read_bytes().splitlines()), set(new.read_bytes().splitlines())  # pragma: no cover
    removed.write_bytes(b"".join(line + b"\n" for line in sorted(first - second)))  # pragma: no cover
    added.write_bytes(b"".join(line + b"\n" for line in sorted(second - first)))    # pragma: no cover


def merge_turtle_export(ttl: Path, sorted_nt: Path, written: StoreWrite, tmp: Path) -> bool:
    """Write the Turtle export ``ttl`` by merging the store's difference into
    the previous one (:func:`aigraph.streaming.merge_turtle`), when the store
    was written incrementally and ``ttl`` is still the file the previous store
    was stamped with; False when it was not (the caller writes it whole).
    Rewriting the whole Turtle was a sixth of an update at 10,000 articles."""
    from .outdir import graph_digest
    from .streaming import merge_turtle

    if not written.incremental or written.difference is None or not ttl.is_file():
        return False
    if graph_digest(ttl) != written.previous_digest:
        return False
    merged = tmp / "merged.ttl"
    try:
        if not merge_turtle(ttl, sorted_nt, *written.difference, merged):
            merged.unlink(missing_ok=True)
            return False
        os.chmod(merged, 0o644)   # exports are meant to be shared
        os.replace(merged, ttl)
        written.turtle_merged = True
    except OSError as exc:   # a full disk: name the file
        raise OutputError(f"cannot write {ttl}: {exc.strerror or exc}") from exc
    return True


def keep_lines(sorted_nt: Path, cache: Path, digest: str) -> None:
    """Keep the sorted N-Triples of the store this build writes, for the next
    build, with the digest of its graph.ttl (the store's stamp-to-be)."""
    cache.mkdir(parents=True, exist_ok=True)
    (cache / STORE_LINES_STAMP).unlink(missing_ok=True)   # never a stamp beside other lines
    os.replace(sorted_nt, cache / STORE_LINES)
    _write_atomically(cache / STORE_LINES_STAMP, (digest + "\n").encode("ascii"))


def forget_lines(cache: Path) -> None:
    """No store was kept (or the lines are not this store's): drop them."""
    (cache / STORE_LINES_STAMP).unlink(missing_ok=True)
    (cache / STORE_LINES).unlink(missing_ok=True)
