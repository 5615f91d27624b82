"""The output folder stays consistent: one writer at a time, and a graph.ttl +
store pair that always belong to the same build.

* **Lock**: a build holds ``OUT/.aigraph-build.lock`` (holding its pid) from
  reading the sources until the store is in place; a second build into the
  same folder gets an error naming the first one. A lock left by a process
  that no longer runs (a killed build) is taken over.
* **Stamp**: the store carries the SHA-256 of the graph.ttl it was built with
  (``store/aigraph-graph.sha256``), written last, so it also marks a store as
  complete.
* **Recovery**: before a build, and before a command reads the folder (when
  no build holds the lock), :func:`recover` repairs what a kill at any point
  of a build can leave: a store renamed away but the new one not yet in place
  (the complete new one, else the old one, is put back), ``.store.new-*`` and
  ``.store.old-*`` leftovers and the temporary files of atomic writes
  (removed), and a store older than graph.ttl
  (rebuilt from graph.ttl). The next command thus finds graph.ttl and a store
  of the same build.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError, OutputLockedError
from .store import STAMP_NAME, is_store, load_file_store, save_store

LOCK_NAME = ".aigraph-build.lock"
GRAPH_FILE = "graph.ttl"
STORE_DIR = "store"


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # alive, someone else's
        return True
    return True


def _lock_holder(lock: Path) -> int | None:
    """The pid in a lock file, or None when it cannot be read."""
    try:
        return int(lock.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _try_lock(lock: Path) -> bool:
    """Take the lock if it is free or stale; False when a live process holds it."""
    for _ in range(3):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _lock_holder(lock)
            if holder is not None and pid_alive(holder):   # (this process too: not re-entrant)
                return False
            if holder is None and _young(lock):   # being written by its owner right now
                return False
            lock.unlink(missing_ok=True)           # stale: its build was killed
            continue
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(f"{os.getpid()}\n")
        return True
    return False


def _young(path: Path, seconds: float = 5.0) -> bool:
    try:
        return time.time() - path.stat().st_mtime < seconds
    except OSError:
        return False


@contextmanager
def output_lock(out: Path | str) -> Iterator[Path]:
    """Hold the output folder's lock for a build (raises OutputLockedError when
    another live build holds it); repairs the folder first."""
    out = Path(out)
    lock = out / LOCK_NAME
    try:
        out.mkdir(parents=True, exist_ok=True)
        locked = _try_lock(lock)
    except OSError as exc:
        raise OutputError(f"cannot write into {out}: {exc.strerror or exc} (a read-only "
                          "folder? choose another with -o)") from exc
    if not locked:
        holder = _lock_holder(lock)
        who = f"pid {holder}" if holder else "another process"
        raise OutputLockedError(
            f"another aigraph build ({who}) is writing into {out}; wait for it to finish "
            f"(a lock left by a build that no longer runs is taken over: {lock})")
    try:
        recover(out)
        yield lock
    finally:
        if _lock_holder(lock) == os.getpid():
            lock.unlink(missing_ok=True)


def settle(out: Path | str) -> None:
    """Repair the folder before reading it, unless a build is writing it now
    (then the reader uses what is there: an old store stays whole)."""
    out = Path(out)
    if not out.is_dir() or not _needs_recovery(out):
        return
    lock = out / LOCK_NAME
    try:
        if not _try_lock(lock):
            return
    except OSError:     # a read-only folder: nothing can be repaired, nor broken
        return
    try:
        recover(out)
    finally:
        if _lock_holder(lock) == os.getpid():
            lock.unlink(missing_ok=True)


def graph_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def store_stamp(store_dir: Path) -> str | None:
    try:
        return (store_dir / STAMP_NAME).read_text(encoding="ascii").strip()
    except OSError:
        return None


def _leftovers(out: Path) -> list[Path]:
    return sorted([*out.glob(f".{STORE_DIR}.new-*"), *out.glob(f".{STORE_DIR}.old-*"),
                   # a killed build's working folder of sorted triples (aigraph.build)
                   *(p for p in out.glob(".graph.*") if p.is_dir())])


def _temporary_files(out: Path) -> list[Path]:
    """Files a killed atomic write left (exports and cache entries: '.NAME.*.tmp')."""
    return sorted([*out.glob(".*.tmp"), *out.glob("cache/.*.tmp"), *out.glob("cache/*/.*.tmp")])


def _needs_recovery(out: Path) -> bool:
    if _leftovers(out) or _temporary_files(out):
        return True
    store, graph = out / STORE_DIR, out / GRAPH_FILE
    stamp = store_stamp(store) if is_store(store) else None
    if not stamp or not graph.is_file():
        return False
    try:   # quick path: a build writes graph.ttl before the store's stamp
        if graph.stat().st_mtime_ns <= (store / STAMP_NAME).stat().st_mtime_ns:
            return False
    except OSError:
        pass
    return stamp != graph_digest(graph)


def recover(out: Path) -> list[str]:
    """Repair what a killed build left in ``out`` (call with the lock held);
    returns what was done, for tests and logs."""
    done = []
    store, graph = out / STORE_DIR, out / GRAPH_FILE
    leftovers = _leftovers(out)
    if not store.exists():
        # killed between the swap's two renames: the complete new store, else the old one
        complete = [d for d in leftovers if ".new-" in d.name and is_store(d) and store_stamp(d)]
        previous = [d for d in leftovers if ".old-" in d.name and is_store(d)]
        for candidate in complete[:1] or previous[:1]:
            candidate.rename(store)
            done.append(f"put {candidate.name} back as {store.name}")
    for leftover in _leftovers(out):
        shutil.rmtree(leftover, ignore_errors=True)
        done.append(f"removed {leftover.name}")
    for temporary in _temporary_files(out):
        temporary.unlink(missing_ok=True)
        done.append(f"removed {temporary.relative_to(out)}")
    if is_store(store) and graph.is_file():
        digest = graph_digest(graph)
        stamp = store_stamp(store)
        if stamp is not None and stamp != digest:
            save_store(load_file_store(graph), store, stamp=digest)
            done.append(f"rebuilt {store.name} from {graph.name}")
    return done


def save_output_store(graph, out: Path | str) -> Path:
    """Save the build's store beside its graph.ttl, stamped with that file's digest."""
    out = Path(out)
    graph_file = out / GRAPH_FILE
    stamp = graph_digest(graph_file) if graph_file.is_file() else None
    return save_store(graph, out / STORE_DIR, stamp=stamp)


def remove_stale_exports(out: Path | str, written: list[Path], names: list[str]) -> list[Path]:
    """Remove exports (``names``) an earlier build left in ``out`` that this one
    did not write, so no file describes an older graph; returns those removed."""
    out = Path(out)
    fresh = {Path(path).name for path in written}
    removed = []
    for name in names:
        path = out / name
        if name not in fresh and path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def remove_store(out: Path | str) -> bool:
    """Remove an earlier build's store (a build without one must not leave it
    beside its newer graph.ttl); True when there was one."""
    store = Path(out) / STORE_DIR
    if not is_store(store):
        return False
    shutil.rmtree(store)
    return True
