"""The decided claims of the build cache in shards (:mod:`aigraph.cache`): a
build reads only the shards its articles' claims keys are in and rewrites only
those whose records changed, and an update's graph still equals a full
build's (real files, real caches, real stores; made-up articles)."""

from __future__ import annotations

from pathlib import Path

from conftest import UPDATE_EXPORTS as EXPORTS
from conftest import UPDATE_FORMATS as FORMATS
from conftest import write_articles as write
from test_incremental import ARTICLES as ALL, EDITED, NEW
from aigraph.api import build
from aigraph.cache import DECIDED_DIR, LEGACY_DECIDED_FILE, SHARD_SUFFIX, ParseCache, cache_dir

#: three claims keys in two shards ("aa" and "bb"), as sha256 keys would be
KEYS = ("aa" + "1" * 62, "aa" + "2" * 62, "bb" + "3" * 62)


def store(folder: Path) -> ParseCache:
    return ParseCache(folder / "docs", "parse", "extractor")


def shards(folder: Path) -> dict[str, tuple[int, int]]:
    """Each shard file's name, inode and mtime (a shard is written to a new file)."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted((folder / DECIDED_DIR).iterdir())}


def test_only_the_shards_asked_for_are_read_and_only_changed_ones_written(tmp_path):
    first = store(tmp_path)
    (tmp_path / LEGACY_DECIDED_FILE).write_bytes(b"the one file of before")
    for n, key in enumerate(KEYS):
        first.put_decided(key, [f"org/{n}"], "d", [["row", n]])
    first.prune()
    assert (first.decided_read, first.decided_written) == (0, 3)
    assert list(shards(tmp_path)) == ["aa" + SHARD_SUFFIX, "bb" + SHARD_SUFFIX]
    assert not (tmp_path / LEGACY_DECIDED_FILE).exists()

    # the same records asked for again: one shard read per key's shard, none written
    again = store(tmp_path)
    assert again.decided(KEYS[2]) == [["org/2"], "d", [["row", 2]]]
    assert again.decided_read == 1                        # the "bb" shard only
    assert [again.decided(k)[2] for k in KEYS[:2]] == [[["row", 0]], [["row", 1]]]
    before = shards(tmp_path)
    again.prune()
    assert (again.decided_read, again.decided_written) == (3, 0)
    assert shards(tmp_path) == before

    # one record decided anew: its shard alone is written, with the kept record beside it
    third = store(tmp_path)
    third.decided(KEYS[0])
    third.decided(KEYS[2])
    third.put_decided(KEYS[1], ["org/1"], "e", [["row", 9]])
    third.prune()
    assert third.decided_written == 2
    assert shards(tmp_path)["bb" + SHARD_SUFFIX] == before["bb" + SHARD_SUFFIX]
    fourth = store(tmp_path)
    assert [fourth.previous_decided(k)[1] for k in KEYS] == ["d", "e", "d"]

    # a key no longer used: its shard is rewritten without it, an empty shard removed
    fifth = store(tmp_path)
    fifth.decided(KEYS[0])
    fifth.prune()
    assert fifth.decided_written == 1
    assert list(shards(tmp_path)) == ["aa" + SHARD_SUFFIX]
    assert store(tmp_path).previous_decided(KEYS[1]) is None


def assert_same_as_full_build(out: Path, sources: list[Path], full: Path) -> None:
    build(sources, full, formats=FORMATS, workers=1, cache=False)
    for name in EXPORTS:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name


def records_written(out: Path, before: dict[str, tuple[int, int]]) -> int:
    """How many records the shards written since ``before`` (see :func:`shards`) hold."""
    import zlib

    import srsly

    folder = cache_dir(out) / DECIDED_DIR
    return sum(len(srsly.msgpack_loads(zlib.decompress((folder / name).read_bytes())))
               for name, mtime in shards(cache_dir(out)).items() if before.get(name) != mtime)


def test_an_update_writes_only_the_shards_of_the_articles_it_changes(tmp_path):
    names = ("brel.txt", "brel2.txt", "tovik.txt")
    paths = write(tmp_path / "in", {n: ALL[n] for n in names})
    (alone,) = write(tmp_path / "apart", {"alone.txt": ALL["alone.txt"]})
    (joint,) = write(tmp_path / "joint", NEW)
    out = tmp_path / "out"
    first = build(paths, out, formats=FORMATS, workers=1).report
    assert first.decided_records == (0, 3)

    # an article sharing no name: the shard of its claims is the only one written
    before = shards(cache_dir(out))
    apart = build([alone], out, formats=FORMATS, workers=1, update=True).report
    changed = [n for n, t in shards(cache_dir(out)).items() if before.get(n) != t]
    assert len(changed) == 1
    assert apart.decided_records == (3, records_written(out, before))
    assert apart.decided_records[1] in (1, 2)   # the new record, and one kept if they share it
    assert_same_as_full_build(out, [*paths, alone], tmp_path / "full-1")

    # nothing new: every record read, none written
    before = shards(cache_dir(out))
    again = build([], out, formats=FORMATS, workers=1, update=True).report
    assert again.decided_records == (4, 0) and shards(cache_dir(out)) == before
    assert_same_as_full_build(out, [*paths, alone], tmp_path / "full-2")

    # an edited article and one naming the others' people and bodies: the
    # article apart keeps its record, and its shard if no other record moved there
    paths[1].write_text(EDITED, encoding="utf-8")
    before = shards(cache_dir(out))
    edit = build([joint, paths[1]], out, formats=FORMATS, workers=1, update=True).report
    assert edit.decided_records == (4, records_written(out, before))
    assert_same_as_full_build(out, [*paths, alone, joint], tmp_path / "full-3")
