"""The store written incrementally (:mod:`aigraph.storediff`), on real files and
real on-disk stores: after an update that adds, changes or removes a source
file, the store holds exactly the triples of a build from scratch, and every
export is byte-identical to that build's."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from conftest import UPDATE_EXPORTS as EXPORTS
from conftest import UPDATE_FORMATS as FORMATS
from conftest import write_articles as write
from aigraph.api import build
from aigraph.cache import cache_dir
from aigraph.store import open_store
from aigraph.storediff import STORE_LINES, STORE_LINES_STAMP, clone_store, previous_lines

ARTICLES = {
    "talks.txt": "Norway and Chile open talks on AI testing\n\n"
                 "Ministers from Norway and Chile met in Oslo on Monday to agree common tests "
                 "for AI systems. Tove Brenna, director of the Halvard Institute, said the "
                 "talks would address deepfakes and cyberattacks.\n",
    "lab.txt": "Drumlin Labs joins the Halvard Institute network\n\n"
               "Drumlin Labs, a research company based in Canada, said it will join the "
               "testing network of the Halvard Institute. Its chief executive, Pavel Ostrik, "
               "warned about surveillance by AI systems.\n",
    "summit.txt": "Kenya hosts a summit on AI and jobs\n\n"
                  "Delegates from Kenya, Ghana and Brazil met in Nairobi on Friday for the "
                  "Savanna AI Summit. Amara Nduta, chair of the Kilima Council, proposed "
                  "rules on job displacement caused by AI.\n",
}
CHANGED_LAB = ("Drumlin Labs leaves the Halvard Institute network\n\n"
               "Drumlin Labs, a research company based in Canada, said it will leave the "
               "testing network of the Halvard Institute. Its chief scientist, Ilse Varga, "
               "warned about algorithmic bias in AI systems.\n")


def store_triples(out: Path) -> set:
    return {quad.triple for quad in open_store(out / "store")}


def assert_same_as_a_full_build(out: Path, full: Path) -> None:
    for name in EXPORTS:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name
    assert store_triples(out) == store_triples(full)
    # the lines kept for the next update are the store's, under its stamp
    lines = cache_dir(out) / STORE_LINES
    assert previous_lines(out / "store", cache_dir(out)) == lines
    assert lines.read_bytes() == (full / "graph.nt").read_bytes()


def test_updates_write_only_the_difference_and_equal_full_builds(tmp_path):
    talks, lab, summit = write(tmp_path / "in", ARTICLES)
    out = tmp_path / "out"
    first = build([talks, lab], out, formats=FORMATS, workers=1)
    assert first.report.store_write.incremental is False   # nothing to start from

    # a new file
    added = build([summit], out, formats=FORMATS, workers=1, update=True)
    full = build([talks, lab, summit], tmp_path / "full-1", formats=FORMATS, workers=1, cache=False)
    assert added.report.store_write.incremental is True
    assert added.report.store_write.turtle_merged is True   # the Turtle too
    assert added.report.store_write.added > 0
    assert_same_as_a_full_build(out, tmp_path / "full-1")
    assert len(added) == len(full)

    # a changed file: its old triples leave the store
    lab.write_text(CHANGED_LAB, encoding="utf-8")
    changed = build([], out, formats=FORMATS, workers=1, update=True)
    build([talks, lab, summit], tmp_path / "full-2", formats=FORMATS, workers=1, cache=False)
    assert changed.report.store_write.incremental is True
    assert changed.report.store_write.turtle_merged is True   # the Turtle too
    assert changed.report.store_write.removed > 0 and changed.report.store_write.added > 0
    assert_same_as_a_full_build(out, tmp_path / "full-2")

    # a removed file
    removed = build([], out, formats=FORMATS, workers=1, update=True, remove=[talks])
    build([lab, summit], tmp_path / "full-3", formats=FORMATS, workers=1, cache=False)
    assert removed.report.store_write.incremental is True
    assert removed.report.store_write.turtle_merged is True   # the Turtle too
    assert removed.report.store_write.removed > 0
    assert_same_as_a_full_build(out, tmp_path / "full-3")


def test_a_store_not_matching_the_kept_lines_is_loaded_whole(tmp_path):
    talks, lab, summit = write(tmp_path / "in", ARTICLES)
    out = tmp_path / "out"
    build([talks, lab], out, workers=1)
    # a build without a store: the next one has no store to start from
    build([talks, lab], out, workers=1, store=False)
    assert previous_lines(out / "store", cache_dir(out)) is None
    again = build([talks, lab], out, workers=1)
    assert again.report.store_write.incremental is False
    # lines kept under another graph's digest are not used either
    (cache_dir(out) / STORE_LINES_STAMP).write_text("0" * 64 + "\n", encoding="ascii")
    assert previous_lines(out / "store", cache_dir(out)) is None
    third = build([talks, lab], out, workers=1)
    assert third.report.store_write.incremental is False
    assert previous_lines(out / "store", cache_dir(out)) == cache_dir(out) / STORE_LINES


def test_a_cloned_store_is_written_without_touching_the_original(tmp_path):
    source, copy = tmp_path / "source", tmp_path / "copy"
    store = ox.Store(str(source))
    node = ox.NamedNode("https://example.org/a")
    store.add(ox.Quad(node, node, ox.Literal("one")))
    store.flush()
    store.optimize()
    del store
    copy.mkdir()
    clone_store(source, copy)
    cloned = ox.Store(str(copy))
    cloned.add(ox.Quad(node, node, ox.Literal("two")))
    cloned.remove(ox.Quad(node, node, ox.Literal("one")))
    cloned.flush()
    cloned.optimize()
    del cloned
    assert {q.object.value for q in ox.Store.read_only(str(source))} == {"one"}
    assert {q.object.value for q in ox.Store.read_only(str(copy))} == {"two"}


def test_a_killed_builds_working_folder_is_removed_by_the_next_command(tmp_path):
    from aigraph.outdir import recover

    talks, lab, _ = write(tmp_path / "in", ARTICLES)
    out = tmp_path / "out"
    build([talks, lab], out, workers=1)
    left = out / ".graph.k1ll3d"   # as a build killed while sorting its triples leaves it
    left.mkdir()
    (left / "lines.nt").write_text("<a:b> <a:c> <a:d> .\n", encoding="ascii")
    assert recover(out) == ["removed .graph.k1ll3d"]
    assert sorted(p.name for p in out.iterdir()) == ["cache", "graph.ttl", "store"]
