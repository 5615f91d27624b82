"""The build cache and ``aigraph build --update``, on real files in tmp_path.

Whether an article was parsed is observed through the build's own reports:
``on_article`` fires inside the parse loop for each article run through the
pipeline, and the report counts the articles that came from the cache.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from aigraph.build import build
from aigraph.cache import (ParseCache, cache_dir, extractor_fingerprint, manifest_path,
                           parse_fingerprint)
from aigraph.cli import cli
from aigraph.errors import NothingToBuildError
from aigraph.ingest import ingest
from aigraph.ontology import ENV_VAR, ontology_dir

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "sources").glob("*.txt"))[:3]


@pytest.fixture
def articles(tmp_path) -> list[Path]:
    """Three article files A, B, C (copies of the sample sources)."""
    folder = tmp_path / "in"
    folder.mkdir()
    return [Path(shutil.copy(path, folder / f"{name}.txt")) for name, path in zip("abc", SAMPLES)]


def run(sources, out, **options):
    """A build that records which articles went through the pipeline."""
    parsed: list[str] = []
    report = build(sources, out, on_article=lambda a: parsed.append(a.id), **options)
    return report, parsed


def ttl(out: Path) -> bytes:
    return (out / "graph.ttl").read_bytes()


@pytest.mark.slow
def test_update_equals_a_full_build_byte_for_byte(articles, tmp_path):
    a, b, c = articles
    run([a, b], tmp_path / "up")
    report, parsed = run([c], tmp_path / "up", update=True)
    run([a, b, c], tmp_path / "full", use_cache=False)
    assert ttl(tmp_path / "up") == ttl(tmp_path / "full")
    assert sorted(x.id for x in report.articles) == ["a", "b", "c"]
    assert (report.cached, report.parsed, parsed) == (2, 1, ["c"])


def test_cached_articles_are_not_parsed_again(articles, tmp_path):
    first, parsed_first = run(articles, tmp_path / "out")
    second, parsed_second = run(articles, tmp_path / "out")
    assert (first.cached, sorted(parsed_first)) == (0, ["a", "b", "c"])
    assert (second.cached, second.parsed, parsed_second) == (3, 0, [])
    assert second.warnings == []


@pytest.mark.slow
def test_changed_bytes_are_parsed_again(articles, tmp_path):
    a, b, c = articles
    run(articles, tmp_path / "up")
    text = b.read_text(encoding="utf-8")
    b.write_text(text.replace(". ", ". The talks will resume next year, officials said. ", 1),
                 encoding="utf-8")
    report, parsed = run([], tmp_path / "up", update=True)
    run(articles, tmp_path / "full", use_cache=False)
    assert (report.cached, parsed) == (2, ["b"])
    assert ttl(tmp_path / "up") == ttl(tmp_path / "full")
    entry = next(f for f in json.loads(manifest_path(cache_dir(tmp_path / "up")).read_text())["files"]
                 if f["path"] == str(b.resolve()))
    assert entry["sha256"] == ingest([b]).articles[0].sha256


@pytest.mark.slow
def test_changed_extractor_fingerprint_invalidates_the_cache(articles, tmp_path, monkeypatch):
    base = Path(shutil.copytree(ontology_dir(), tmp_path / "base"))
    monkeypatch.setenv(ENV_VAR, str(base))
    run(articles, tmp_path / "out")
    before = extractor_fingerprint()
    same = Path(shutil.copytree(base, tmp_path / "same"))
    monkeypatch.setenv(ENV_VAR, str(same))
    assert extractor_fingerprint() == before    # the content counts, not the folder
    changed = Path(shutil.copytree(base, tmp_path / "changed"))
    rules = changed / "gazetteer.ttl"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# a changed rule\n", encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(changed))
    assert extractor_fingerprint() != before
    report, parsed = run(articles, tmp_path / "out")
    assert (report.cached, sorted(parsed)) == (0, ["a", "b", "c"])
    # the entries of the old fingerprint are pruned, the new ones stored
    assert len(list((cache_dir(tmp_path / "out") / "docs").iterdir())) == 3


def test_a_corrupt_cache_entry_is_ignored_with_a_warning_and_rebuilt(articles, tmp_path):
    run(articles, tmp_path / "out")
    docs = ParseCache(cache_dir(tmp_path / "out") / "docs", parse_fingerprint())
    b = next(x for x in ingest(articles).articles if x.id == "b")
    docs.load([b])
    docs.path("b").write_bytes(b"not a parsed article")
    report, parsed = run(articles, tmp_path / "out")
    assert (report.cached, parsed) == (2, ["b"])
    assert [str(w) for w in report.warnings] == [
        f"{docs.path('b')}: unreadable build cache entry for article b (error: Error -3 while "
        "decompressing data: incorrect header check); parsing the article again"]
    again, parsed_again = run(articles, tmp_path / "out")
    assert (again.cached, parsed_again, again.warnings) == (3, [], [])


def test_a_cache_entry_holding_another_text_is_not_used(articles, tmp_path):
    run(articles, tmp_path / "out")
    docs = ParseCache(cache_dir(tmp_path / "out") / "docs", parse_fingerprint())
    a, b, _ = ingest(articles).articles
    docs.load([a, b])
    shutil.copy(docs.path("a"), docs.path("b"))
    report, parsed = run(articles, tmp_path / "out")
    assert (report.cached, parsed) == (2, ["b"])
    assert "(it holds another text)" in str(report.warnings[0])


def test_cached_docs_keep_the_aigraph_spans(articles, tmp_path):
    from aigraph.extract.nlp import load_pipeline

    article = ingest([articles[0]]).articles[0]
    fresh = ParseCache(tmp_path / "docs", "fp")
    fresh.load([article])
    fresh[article.id] = doc = load_pipeline()(article.text)
    reread = ParseCache(tmp_path / "docs", "fp")
    reread.load([article])
    assert reread.from_cache == {article.id}
    back = reread[article.id]

    def spans(d):
        return {k: [(s.start, s.end, s.label_) for s in d.spans[k]] for k in d.spans}

    assert sorted(spans(back)) == ["aig_gazetteer", "aig_named", "aig_risks"]
    assert spans(back) == spans(doc) and spans(doc)["aig_gazetteer"]
    assert [s.start for s in back.sents] == [s.start for s in doc.sents]
    assert [(t.lemma_, t.pos_, t.dep_, t.head.i, t.ent_type_) for t in back] == \
        [(t.lemma_, t.pos_, t.dep_, t.head.i, t.ent_type_) for t in doc]


def test_update_keeps_the_articles_of_deleted_files(articles, tmp_path):
    a, b, c = articles
    run([a, b], tmp_path / "full", use_cache=False)
    run([a, b], tmp_path / "up")
    a.unlink()
    report, parsed = run([], tmp_path / "up", update=True)
    assert ttl(tmp_path / "up") == ttl(tmp_path / "full")
    assert (report.cached, report.kept, parsed) == (2, 1, [])
    assert [str(w) for w in report.warnings] == [
        f"{a.resolve()}: no longer exists; kept its 1 article(s) from the build cache"]
    # and still after a second update: the manifest remembers the article
    again, _ = run([c], tmp_path / "up", update=True)
    assert sorted(x.id for x in again.articles) == ["a", "b", "c"]


def test_update_without_a_previous_build_is_an_error(articles, tmp_path):
    out = tmp_path / "none"
    with pytest.raises(NothingToBuildError) as caught:
        build([articles[0]], out, update=True)
    assert str(caught.value) == (
        f"nothing to update in {out}: no previous build there ({out / 'cache' / 'manifest.json'} "
        f"not found); build first with 'aigraph build SOURCES -o {out}'")
    assert not (out / "graph.ttl").exists()


def test_update_with_a_damaged_manifest_is_an_error(articles, tmp_path):
    run([articles[0]], tmp_path / "out")
    manifest_path(cache_dir(tmp_path / "out")).write_text("{ not json", encoding="utf-8")
    with pytest.raises(NothingToBuildError, match=r"manifest.json is damaged \(JSONDecodeError"):
        build([articles[1]], tmp_path / "out", update=True)


def test_cli_update_reports_the_cache(articles, tmp_path):
    a, b, c = articles
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(cli, ["build", str(a), str(b), "-o", str(out), "--no-store"])
    assert first.exit_code == 0, first.output
    result = runner.invoke(cli, ["build", "--update", str(c), "-o", str(out), "--no-store"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Read 3 article(s), skipped 0."
    assert lines[-2] == f"Build cache {out / 'cache'}: 2 article(s) from the cache, 1 parsed."


def test_cli_update_without_a_previous_build(articles, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--update", str(articles[0]), "-o", str(out)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: nothing to update in {out}: no previous build there")


def test_cli_update_refuses_no_cache(articles, tmp_path):
    result = CliRunner().invoke(cli, ["build", "--update", "--no-cache", str(articles[0]),
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "--update needs the build cache; drop --no-cache" in result.output


def test_no_cache_writes_no_cache(articles, tmp_path):
    report, _ = run([articles[0]], tmp_path / "out", use_cache=False)
    assert report.cache is None
    assert not cache_dir(tmp_path / "out").exists()


@pytest.mark.parametrize("same_ingest", [True, False])
def test_update_takes_unchanged_files_from_the_manifest(articles, tmp_path, same_ingest):
    """An unchanged file is not read again (its articles are the manifest's),
    unless the ingest code changed since: observed by editing the manifest's
    record of one article."""
    run(articles, tmp_path / "up")
    path = manifest_path(cache_dir(tmp_path / "up"))
    data = json.loads(path.read_text(encoding="utf-8"))
    record = next(a for f in data["files"] for a in f["articles"] if a["id"] == "a")
    record["title"] = "A title only the manifest holds"
    if not same_ingest:
        data["ingest"] = "an older ingest"
    path.write_text(json.dumps(data), encoding="utf-8")
    report, parsed = run([], tmp_path / "up", update=True)
    assert parsed == []
    titles = {a.id: a.title for a in report.articles}
    assert (titles["a"] == "A title only the manifest holds") is same_ingest


def test_an_update_takes_names_and_decided_claims_from_the_consolidated_files(articles, tmp_path):
    """After a build, the cache's two consolidated files alone give an update
    every article's names and decided claims: with every per-article claims
    entry deleted and the Doc entries' bytes replaced (same size and mtime:
    the names index trusts a file's stat), nothing is parsed or read again,
    and the graph is a full build's."""
    import os

    from aigraph.cache import DECIDED_DIR, NAMES_FILE

    a, b, c = articles
    out = tmp_path / "up"
    run([a, b], out)
    folder = cache_dir(out)
    assert any((folder / DECIDED_DIR).iterdir()) and (folder / NAMES_FILE).is_file()
    for entry in (folder / "claims").iterdir():
        entry.unlink()
    for entry in (folder / "docs").iterdir():
        stat = entry.stat()
        entry.write_bytes(b"x" * stat.st_size)
        os.utime(entry, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    report, parsed = run([], out, update=True)
    run([a, b], tmp_path / "full", use_cache=False)
    assert (report.cached, report.claims_read, parsed, report.warnings) == (2, 0, [], [])
    assert ttl(out) == ttl(tmp_path / "full")


def test_a_damaged_consolidated_cache_file_falls_back_to_the_entries(articles, tmp_path):
    from aigraph.cache import DECIDED_DIR, NAMES_FILE

    a, b, _ = articles
    out = tmp_path / "out"
    run([a, b], out)
    folder = cache_dir(out)
    shards = sorted((folder / DECIDED_DIR).iterdir())
    for path in [*shards, folder / NAMES_FILE]:
        path.write_bytes(b"not a cache file")
    report, parsed = run([a, b], out)
    run([a, b], tmp_path / "full", use_cache=False)
    assert (report.cached, report.claims_read, parsed) == (2, 0, [])
    assert ([w.message.split(" (")[0] for w in report.warnings]
            == ["unreadable build cache file"] * (len(shards) + 1))
    assert ttl(out) == ttl(tmp_path / "full")
    again, _ = run([a, b], out)   # the files are written anew
    assert again.warnings == []


def test_an_update_names_a_new_file_whose_article_id_is_taken(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "accord.txt").write_text("Chile and Norway signed the Harbor Accord in May.\n")
    (second / "accord.txt").write_text("Peru and Kenya signed the Lake Accord in June.\n")
    out = tmp_path / "out"
    build([first], out, workers=1)
    report = build([second], out, workers=1, update=True)
    messages = [(w.source, w.message) for w in report.warnings]
    assert ("accord.txt", "article id 'accord' is already used by accord.txt; skipped "
            "(rename one of the files so every file stem is unique)") in messages
    assert "Harbor Accord" in (out / "graph.ttl").read_text()
