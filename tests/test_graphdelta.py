"""An update's graph lines from the touched subjects only (:mod:`aigraph.graphdelta`),
on real files and real stores: after an update that adds, edits or removes a
source file, or one that changes how many sources back a fact or which
entities merge, every export, the store and the kept lines are byte for byte
those of a full build from scratch."""

from __future__ import annotations

from pathlib import Path

from conftest import UPDATE_EXPORTS as EXPORTS
from conftest import UPDATE_FORMATS as FORMATS
from conftest import write_articles as write
from aigraph.api import build
from aigraph.cache import cache_dir
from aigraph.graphdelta import UNITS_FILE, Delta, splice
from aigraph.store import open_store
from aigraph.storediff import STORE_LINES


#: Made-up articles; two report the same appointment (a fact with two sources),
#: and one names a person by surname only (merged with the full name elsewhere).
ARTICLES = {
    "council.txt": "Valmora Institute names a new director\n\n"
                   "Ingrid Solberg, director of the Valmora Institute, said on Monday that the "
                   "institute will publish rules for AI testing in Portugal.\n",
    "again.txt": "Valmora Institute opens AI review\n\n"
                 "Ingrid Solberg, director of the Valmora Institute, opened a review of AI "
                 "systems used by banks in Portugal.\n",
    "ferrow.txt": "Ferrow Labs raises funds\n\n"
                  "Ferrow Labs, a startup based in Finland, said its chief executive Oskar "
                  "Tamberg would meet regulators. Tamberg warned about deepfakes.\n",
}
NEW = {
    "third.txt": "Valmora Institute and Ferrow Labs agree on tests\n\n"
                 "Ingrid Solberg, director of the Valmora Institute, and Oskar Tamberg, chief "
                 "executive of Ferrow Labs, agreed on common tests for AI systems in Finland.\n",
}
EDITED_AGAIN = ("Valmora Institute closes AI review\n\n"
                "Lena Dorsch, chair of the Valmora Institute, closed a review of AI "
                "systems used by insurers in Portugal.\n")


def assert_same_as_full_build(out: Path, sources: list[Path], full: Path) -> None:
    build(sources, full, formats=FORMATS, workers=1, cache=False)
    for name in EXPORTS:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name
    assert ({q.triple for q in open_store(out / "store")}
            == {q.triple for q in open_store(full / "store")})
    assert (cache_dir(out) / STORE_LINES).read_bytes() == (full / "graph.nt").read_bytes()


def test_updates_rewrite_only_touched_blocks_and_equal_full_builds(tmp_path):
    council, again, ferrow = write(tmp_path / "in", ARTICLES)
    (third,) = write(tmp_path / "new", NEW)
    out = tmp_path / "out"
    first = build([council, ferrow], out, formats=FORMATS, workers=1)
    assert first.report.store_write.spliced is False          # nothing to start from
    assert (cache_dir(out) / UNITS_FILE).is_file()

    # a new file reporting a fact another already reports: that one's counts change
    added = build([again], out, formats=FORMATS, workers=1, update=True)
    assert added.report.store_write.spliced is True
    assert added.report.store_write.added > 0
    assert_same_as_full_build(out, [council, ferrow, again], tmp_path / "full-1")
    counts = (out / "graph.nt").read_text(encoding="utf-8")
    assert '"2"^^<http://www.w3.org/2001/XMLSchema#integer>' in counts   # two sources now

    # a file naming people of two other articles (their entities' articles change)
    build([third], out, formats=FORMATS, workers=1, update=True)
    assert_same_as_full_build(out, [council, ferrow, again, third], tmp_path / "full-2")

    # an edited file: its old claims leave, the fact it shared is single-source again
    again.write_text(EDITED_AGAIN, encoding="utf-8")
    edited = build([], out, formats=FORMATS, workers=1, update=True)
    assert edited.report.store_write.spliced is True
    assert edited.report.store_write.removed > 0
    assert_same_as_full_build(out, [council, ferrow, again, third], tmp_path / "full-3")

    # a removed file
    removed = build([], out, formats=FORMATS, workers=1, update=True, remove=[ferrow])
    assert removed.report.store_write.spliced is True
    assert_same_as_full_build(out, [council, again, third], tmp_path / "full-4")

    # nothing changed: nothing removed, nothing added
    same = build([], out, formats=FORMATS, workers=1, update=True)
    assert (same.report.store_write.removed, same.report.store_write.added) == (0, 0)
    assert_same_as_full_build(out, [council, again, third], tmp_path / "full-5")


def test_another_threshold_writes_the_whole_graph(tmp_path):
    council, again, ferrow = write(tmp_path / "in", ARTICLES)
    out = tmp_path / "out"
    build([council, ferrow], out, formats=FORMATS, workers=1)
    lower = build([again], out, formats=FORMATS, workers=1, update=True, min_confidence=0.1)
    assert lower.report.store_write.spliced is False   # every fact may change: no delta
    build([council, ferrow, again], tmp_path / "full", formats=FORMATS, workers=1, cache=False,
          min_confidence=0.1)
    for name in EXPORTS:
        assert (out / name).read_bytes() == (tmp_path / "full" / name).read_bytes(), name


def test_damaged_units_write_the_whole_graph(tmp_path):
    council, again, ferrow = write(tmp_path / "in", ARTICLES)
    out = tmp_path / "out"
    build([council, ferrow], out, formats=FORMATS, workers=1)
    (cache_dir(out) / UNITS_FILE).write_bytes(b"not a units file")
    done = build([again], out, formats=FORMATS, workers=1, update=True)
    assert done.report.store_write.spliced is False
    assert_same_as_full_build(out, [council, ferrow, again], tmp_path / "full")


def test_splice_replaces_blocks_and_gives_the_difference(tmp_path):
    old = tmp_path / "old.nt"
    # a literal may hold characters str.splitlines would split at
    odd = '<b> <p> "one\u2028two\x85three" .\n'.encode("utf-8")
    old.write_bytes(b"<a> <p> <x> .\n" + odd + b"<b> <p> <x> .\n<b> <p> <y> .\n<c> <p> <x> .\n")
    delta = Delta(subjects=[b"<b> ", b"<bb> ", b"<d> "],
                  lines=[b"<b> <p> <y> .\n", b"<b> <p> <z> .\n", b"<d> <p> <x> .\n"])
    target, removed, added = tmp_path / "new.nt", tmp_path / "removed.nt", tmp_path / "added.nt"
    assert splice(old, delta, target, removed, added) == (2, 2)
    assert target.read_bytes() == (b"<a> <p> <x> .\n<b> <p> <y> .\n<b> <p> <z> .\n"
                                   b"<c> <p> <x> .\n<d> <p> <x> .\n")
    assert removed.read_bytes() == odd + b"<b> <p> <x> .\n"
    assert added.read_bytes() == b"<b> <p> <z> .\n<d> <p> <x> .\n"


def test_delta_lines_are_the_full_graphs_lines_with_line_separators_in_literals(tmp_path):
    """Against an empty previous build every subject is touched: the delta's
    lines are exactly the whole graph's, a sentence holding U+2028 and U+0085
    (which str.splitlines would cut) included."""
    from aigraph.graph import NativeClaims, write_graph_lines
    from aigraph.graphdelta import Units, claims_by_article, delta_lines, units_of
    from aigraph.model import Article, Claim, Entity, Extraction

    article = Article("a1", "a1.txt", "text", title="Vell joins Ostra Lab", date="2024-01-02")
    people = Entity("person/ada-vell", "Person", "Ada Vell", {"Vell"}, {"a1"})
    lab = Entity("organization/ostra-lab", "Organization", "Ostra Lab", articles={"a1"})
    claim = Claim("person/ada-vell", "leads", "organization/ostra-lab", "a1",
                  "Ada Vell\u2028leads Ostra Lab\x85 now.", confidence=0.9)
    extraction = Extraction([article], {e.key: e for e in (people, lab)}, [claim])
    writer = NativeClaims(extraction, 0.5)
    grouped = claims_by_article(extraction.claims)
    units, changed = units_of(extraction, 0.5, writer, grouped, None)
    delta = delta_lines(extraction, writer, grouped, Units(units.context), units, changed)
    whole = tmp_path / "whole.nt"
    write_graph_lines(extraction, 0.5, whole, writer)
    assert sorted(set(whole.read_bytes().split(b"\n")) - {b""}) == [x[:-1] for x in delta.lines]
    assert any("\u2028".encode() in line for line in delta.lines)
