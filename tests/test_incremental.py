"""Extraction with the cache's claims keys looked up by signature
(:mod:`aigraph.incremental`) and the units an update need not hash again
(:class:`aigraph.graphdelta.Reuse`), on real files, real caches and real
stores: the keys are the ones :func:`aigraph.extract.extract` makes from the
context's text, the extraction is the same, and updates that add, edit and
remove files (also under the analysts' decisions) equal full builds."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import UPDATE_EXPORTS as EXPORTS
from conftest import UPDATE_FORMATS as FORMATS
from conftest import write_articles as write
from aigraph.api import build
from aigraph.cache import ParseCache, cache_dir, extractor_fingerprint, parse_fingerprint
from aigraph.curation import Decision, curation_path, write_curation
from aigraph.extract import extract as full_extract
from aigraph.graphdelta import UNITS_FILE, Reuse, claims_by_article, read_units
from aigraph.incremental import KEYS_FILE, extract
from aigraph.ingest import ingest
from aigraph.storediff import previous_digest


#: Made-up articles: two share a fact (an appointment), one names a person by
#: surname only, one stands apart (its facts are its own).
ARTICLES = {
    "brel.txt": "Brelling Council names a new chair\n\n"
                "Marta Quellen, chair of the Brelling Council, said on Tuesday that the "
                "council will publish rules for AI audits in Austria.\n",
    "brel2.txt": "Brelling Council opens AI inquiry\n\n"
                 "Marta Quellen, chair of the Brelling Council, opened an inquiry into AI "
                 "systems used by hospitals in Austria.\n",
    "tovik.txt": "Tovik Robotics hires\n\n"
                 "Tovik Robotics, a company based in Chile, said its chief executive Anselm "
                 "Varga would meet lawmakers. Varga warned about misinformation.\n",
    "alone.txt": "Sorrel Foundation funds research\n\n"
                 "Pia Drovenka, director of the Sorrel Foundation, said the foundation will "
                 "fund research on algorithmic bias in Kenya.\n",
}
NEW = {
    "joint.txt": "Brelling Council and Tovik Robotics agree\n\n"
                 "Marta Quellen, chair of the Brelling Council, and Anselm Varga, chief "
                 "executive of Tovik Robotics, agreed on common audits of AI systems in Chile.\n",
}
EDITED = ("Brelling Council closes AI inquiry\n\n"
          "Jonas Mirwald, director of the Brelling Council, closed an inquiry into AI "
          "systems used by insurers in Austria.\n")


def cache_for(folder: Path) -> ParseCache:
    return ParseCache(folder / "docs", parse_fingerprint(), extractor_fingerprint())


def test_keys_from_signatures_are_the_keys_of_the_contexts_text(tmp_path):
    paths = write(tmp_path / "in", ARTICLES)
    articles = ingest(paths).articles
    first = cache_for(tmp_path / "cache")
    first.load(articles)
    mine = extract(articles, docs=first, signals=False)
    assert first.keys_from_text == len(articles)      # nothing kept yet: every key from text
    assert (tmp_path / "cache" / KEYS_FILE).is_file()
    first.prune()

    # the same cache read again: every key from the table, none from the text
    again = cache_for(tmp_path / "cache")
    again.load(articles)
    kept = extract(articles, docs=again, signals=False)
    assert again.keys_from_text == 0
    # ... and they are the keys aigraph.extract.extract makes from the text
    shutil.copytree(tmp_path / "cache", tmp_path / "copy")
    reference = cache_for(tmp_path / "copy")
    reference.load(articles)
    theirs = full_extract(articles, docs=reference, signals=False)
    assert set(again.identities.now.values()) == {f"{k} {r[1]}"
                                                  for k, r in reference.decided_now().items()}
    for extraction in (mine, kept):
        assert extraction.claims == theirs.claims
        assert extraction.entities == theirs.entities


def test_a_changed_context_is_keyed_from_its_text(tmp_path):
    paths = write(tmp_path / "in", ARTICLES)
    (joint,) = write(tmp_path / "new", NEW)
    store = cache_for(tmp_path / "cache")
    articles = ingest(paths).articles
    store.load(articles)
    extract(articles, docs=store, signals=False)
    store.prune()
    # the new article names two articles' people: their contexts may change, the
    # lone article's may not
    more = ingest(paths + [joint]).articles
    again = cache_for(tmp_path / "cache")
    again.load(more)
    got = extract(more, docs=again, signals=False)
    assert 1 <= again.keys_from_text < len(more)
    reference = full_extract(more, signals=False)
    assert got.claims == reference.claims
    assert got.entities == reference.entities


def assert_same_as_full_build(out: Path, sources: list[Path], full: Path,
                              curation: Path | None = None) -> None:
    build(sources, full, formats=FORMATS, workers=1, cache=False, curation=curation)
    for name in EXPORTS:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name


def units(out: Path):
    return read_units(cache_dir(out), previous_digest(cache_dir(out)))


def unchanged_with(out: Path, sources: list[Path]) -> set[str]:
    """The articles an update of the build in ``out`` to ``sources`` would not hash again."""
    articles = ingest(sources).articles
    store = cache_for(cache_dir(out))
    store.load(articles)
    extraction = extract(articles, docs=store, signals=False)
    return Reuse.of(store.identities, store).unchanged(
        extraction.articles, claims_by_article(extraction.claims), units(out).articles)


def test_updates_hash_only_what_changed_and_equal_full_builds(tmp_path):
    brel, brel2, tovik, alone = write(tmp_path / "in", ARTICLES)
    (joint,) = write(tmp_path / "new", NEW)
    out = tmp_path / "out"
    build([brel, tovik, alone], out, formats=FORMATS, workers=1)
    build([], out, formats=FORMATS, workers=1, update=True)   # units carry identities now
    before = units(out).articles
    # brel2 shares brel's appointment: brel's counts change; the others' do not
    assert unchanged_with(out, [brel, tovik, alone, brel2]) == {"tovik", "alone"}
    assert unchanged_with(out, [brel, tovik, alone]) == {"brel", "tovik", "alone"}

    # a new file sharing a fact with brel: brel's counts change, alone's unit is kept
    build([brel2], out, formats=FORMATS, workers=1, update=True)
    assert_same_as_full_build(out, [brel, tovik, alone, brel2], tmp_path / "full-1")
    after = units(out).articles
    assert after["alone"] == before["alone"]
    assert after["brel"][0] != before["brel"][0]     # its fact has two sources now

    build([joint], out, formats=FORMATS, workers=1, update=True)
    assert_same_as_full_build(out, [brel, tovik, alone, brel2, joint], tmp_path / "full-2")

    brel2.write_text(EDITED, encoding="utf-8")     # an edit: its claims leave the shared fact
    build([], out, formats=FORMATS, workers=1, update=True)
    assert_same_as_full_build(out, [brel, tovik, alone, brel2, joint], tmp_path / "full-3")

    build([], out, formats=FORMATS, workers=1, update=True, remove=[tovik])
    assert_same_as_full_build(out, [brel, alone, brel2, joint], tmp_path / "full-4")


def test_updates_under_analysts_decisions_equal_full_builds(tmp_path):
    brel, brel2, tovik, alone = write(tmp_path / "in", ARTICLES)
    out = tmp_path / "out"
    build([brel, tovik, alone], out, formats=FORMATS, workers=1)
    # a relabel changes the entity after extraction: identities say nothing then
    decision = Decision("relabel", reviewer="tester", time="2026-01-01T00:00:00+00:00",
                        entity="organization/brelling-council", label="Brelling AI Council")
    curation = write_curation(curation_path(out), [decision])
    build([], out, formats=FORMATS, workers=1, update=True)
    build([brel2], out, formats=FORMATS, workers=1, update=True)
    assert "Brelling AI Council" in (out / "graph.ttl").read_text(encoding="utf-8")
    assert_same_as_full_build(out, [brel, tovik, alone, brel2], tmp_path / "full",
                              curation=curation)
    assert (cache_dir(out) / UNITS_FILE).is_file()


def test_an_update_with_two_workers_equals_a_full_build(tmp_path):
    brel, brel2, tovik, alone = write(tmp_path / "in", ARTICLES)
    (joint,) = write(tmp_path / "new", NEW)
    out = tmp_path / "out"
    build([brel, tovik, alone], out, formats=FORMATS, workers=2)
    done = build([joint, brel2], out, formats=FORMATS, workers=2, update=True)
    assert (done.report.parsed, done.report.cached) == (2, 3)
    assert_same_as_full_build(out, [brel, tovik, alone, joint, brel2], tmp_path / "full")
