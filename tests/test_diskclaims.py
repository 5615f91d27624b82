"""Decided claims and records on disk (issue 12, twelfth part): a cached
build's claims are each article's compact rows in an unnamed file, read back
in the order and with the values of the in-memory list; the decided records
wait in a spill file until the shards are written, an update holding one
shard of the last build's at a time; ingest's duplicate check holds one
article's shingles at a time. The graphs stay those of a full build (real
files, real caches, real stores; made-up articles)."""

from __future__ import annotations

import os

import pytest

from conftest import write_articles as write
from test_incremental import ARTICLES as ALL, NEW
from test_memory import assert_same_as_full_build
from conftest import UPDATE_FORMATS as FORMATS
from aigraph.api import build
from aigraph.cache import ParseCache, SHARD_CHARS, shard_order
from aigraph.diskclaims import DiskClaims, claims_about, claims_by_article, facts_by_article
from aigraph.extract import in_claim_order
from aigraph.extract.perarticle import compact_rows
from aigraph.ingest.duplicates import _candidate_pairs, deduplicate, shingles
from aigraph.model import Article, Claim


def claim(article: str, subject: str, obj: str = "org/x", evidence: str = "It was so.",
          confidence: float = 0.8, modality: str = "Asserted") -> Claim:
    return Claim(subject, "leads", obj, article, evidence, modality, confidence)


CLAIMS = {"a1": [claim("a1", "person/b"), claim("a1", "person/a", confidence=0.3)],
          "a2": [],
          "a3": [claim("a3", "person/c", modality="Negated"), claim("a3", "person/c", "org/y")]}


def on_disk(tmp_path, order=("a3", "a1", "a2")) -> DiskClaims:
    claims = DiskClaims(list(CLAIMS), tmp_path)
    for article in order:   # put in any order, read in the batch's
        claims.put(list(CLAIMS).index(article), compact_rows(CLAIMS[article]))
    return claims


def test_claims_on_disk_read_as_the_sorted_list_would_be(tmp_path):
    claims = on_disk(tmp_path)
    expected = in_claim_order([c for cs in CLAIMS.values() for c in cs])
    assert list(claims) == expected and claims == expected and len(claims) == 4
    assert [claims[i] for i in range(-4, 4)] == expected + expected
    assert claims[1:3] == expected[1:3] and claims[3:] == expected[3:] and claims[::2] == expected[::2]
    with pytest.raises(IndexError):
        claims[4]
    assert claims.of("a1") == expected[:2] and claims.of("a2") == [] and claims.of("zz") == []
    assert [a for a, _ in claims.by_article()] == ["a1", "a2", "a3"]
    assert os.listdir(tmp_path) == []   # the file has no name


def test_the_readers_of_claims_on_disk_and_of_a_list_agree(tmp_path):
    claims = on_disk(tmp_path)
    listed = list(claims)
    for article in CLAIMS:
        assert claims_by_article(claims)(article) == claims_by_article(listed)(article)
        assert facts_by_article(claims)(article) == facts_by_article(listed)(article)
    assert list(claims_about(claims, {"person/c"})) == list(claims_about(listed, {"person/c"}))
    picked = [(c.subject, c.predicate, c.object, c.article, c.modality, c.review, c.confidence)
              for c in listed]
    assert list(claims.fact_rows()) == picked


def test_a_claim_naming_another_article_is_refused(tmp_path):
    claims = DiskClaims(["a1"], tmp_path)
    with pytest.raises(ValueError):
        claims.put(0, compact_rows([claim("a2", "person/a")]))


def test_decided_records_wait_on_disk_and_one_shard_is_held(tmp_path):
    keys = ["bb" + "1" * 62, "aa" + "2" * 62, "aa" + "3" * 62]
    first = ParseCache(tmp_path / "docs", "parse", "extractor")
    for n, key in enumerate(keys):
        first.put_decided(key, [f"org/{n}"], "d", [["row", n]])
    assert all(isinstance(v, tuple) for v in first._decided_now.values())   # spilled, not held
    assert first.decided_now()[keys[1]] == [["org/1"], "d", [["row", 1]]]
    assert first.decision_now(keys[0]) == "d"
    first.write_records()
    assert [keys[i][:SHARD_CHARS] for i in shard_order(keys)] == ["aa", "aa", "bb"]
    again = ParseCache(tmp_path / "docs", "parse", "extractor")
    for i in shard_order(keys):
        assert again.decided(keys[i])[1] == "d"
        assert len(again._decided) == 1          # the shard read last only
    assert again._decided_now == {k: "d" for k in keys}   # kept: the shards', not copied
    assert again.decided_read == 3
    assert again.previous_decided(keys[0]) == [["org/0"], "d", [["row", 0]]]
    assert again.decided_read == 3                # a shard read again is counted once
    again.put_decided(keys[2], ["org/2"], "e", [["row", 9]])
    again.write_records()
    assert again.decided_written == 2             # the "aa" shard: one kept, one new
    third = ParseCache(tmp_path / "docs", "parse", "extractor")
    assert [third.previous_decided(k)[1] for k in keys] == ["d", "d", "e"]


def test_a_cached_builds_claims_are_on_disk_and_its_graphs_a_full_builds(tmp_path):
    paths = write(tmp_path / "in", {n: ALL[n] for n in ("brel.txt", "brel2.txt", "tovik.txt")})
    (joint,) = write(tmp_path / "joint", NEW)
    out = tmp_path / "out"
    first = build(paths, out, formats=FORMATS, workers=1).report
    assert isinstance(first.extraction.claims, DiskClaims) and len(first.extraction.claims)
    uncached = build(paths, tmp_path / "plain", formats=FORMATS, workers=1, cache=False).report
    assert first.extraction.claims == uncached.extraction.claims
    assert first.facts_per_property == uncached.facts_per_property
    assert first.claims == uncached.claims
    assert_same_as_full_build(out, paths, tmp_path / "full-1")
    update = build([joint], out, formats=FORMATS, workers=1, update=True).report
    assert isinstance(update.extraction.claims, DiskClaims)
    assert_same_as_full_build(out, [*paths, joint], tmp_path / "full-2")
    assert not [n for n in os.listdir(out / "cache") if n.startswith((".claims.", ".decided."))]


def test_the_duplicate_check_finds_the_pairs_it_found_before():
    words = ("the minister said the new rules on frontier models would apply from "
             "next year to every lab training large systems in the country").split()
    texts = [words, words[:-1] + ["region"], list(reversed(words)), words[:3]]
    sets = [shingles(w) for w in texts]
    assert _candidate_pairs(sets) == [(0, 1)]
    articles = [Article(f"a{i}", f"a{i}.txt", " ".join(w)) for i, w in enumerate(texts)]
    kept, warnings = deduplicate(articles + [Article("b", "b.txt", " ".join(words) + "!")])
    assert [a.id for a in kept] == ["a0", "a2", "a3"] and len(warnings) == 2
