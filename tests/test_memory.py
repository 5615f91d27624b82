"""What a build holds while it runs (issue 12, memory flat in N): each
article's names are released once its claims are decided, the names' JSON is
held packed, the cache's records are written and let go of before the graph
is written, and the batch's claims are not sorted again when in order; the
graphs stay those of a full build (real files, real caches, real stores;
made-up articles)."""

from __future__ import annotations

import zlib
from pathlib import Path

import srsly

from conftest import UPDATE_EXPORTS as EXPORTS
from conftest import UPDATE_FORMATS as FORMATS
from conftest import write_articles as write
from test_incremental import ARTICLES as ALL, NEW
from test_lazynames import names
from aigraph.api import build
from aigraph.cache import DECIDED_DIR, NAMES_FILE, ParseCache, cache_dir
from aigraph.extract import in_claim_order
from aigraph.extract.perarticle import names_from_json, names_to_json
from aigraph.incremental import ClaimTasks
from aigraph.lazynames import LazyNames, pack_json, summary_of, unpack_json
from aigraph.model import Article, Claim


def assert_same_as_full_build(out: Path, sources: list[Path], full: Path) -> None:
    build(sources, full, formats=FORMATS, workers=1, cache=False)
    for name in EXPORTS:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name


def read_index(out: Path) -> dict:
    return srsly.msgpack_loads(zlib.decompress((cache_dir(out) / NAMES_FILE).read_bytes()))


def test_packed_names_are_a_fraction_of_the_text_and_decode_to_the_same_names():
    text = names_to_json(names())
    packed = pack_json(text)
    assert isinstance(packed, bytes) and unpack_json(packed) == text
    assert unpack_json(text) == text            # an older index's text is taken as it is
    for held in (text, packed):
        lazy = LazyNames(held, summary_of(names()))
        assert lazy.mentions == names_from_json(text).mentions
    many = names_to_json(type(names())(names().mentions * 40, [], [], [], []))
    assert len(pack_json(many)) * 4 < len(many)


def test_claims_in_order_are_copied_and_others_sorted_as_before():
    def claim(article: str, subject: str, obj: str) -> Claim:
        return Claim(subject, "leads", obj, article, "A sentence.")

    ordered = [claim("a", "org/x", "person/y"), claim("a", "org/x", "person/z"),
               claim("b", "org/a", "person/y")]
    found = in_claim_order(ordered)
    assert found == ordered and found is not ordered
    shuffled = [ordered[2], ordered[0], ordered[1]]
    assert in_claim_order(shuffled) == sorted(
        shuffled, key=lambda c: (c.article, c.subject, c.predicate, c.object)) == ordered
    # equal keys keep their order (a stable sort, as before)
    twins = [claim("b", "org/a", "person/y"), claim("a", "org/x", "person/y"),
             Claim("org/x", "leads", "person/y", "a", "Another sentence.")]
    assert [c.evidence for c in in_claim_order(twins)] == ["A sentence.", "Another sentence.",
                                                           "A sentence."]


def test_claim_tasks_release_each_articles_names_when_done():
    article = Article("a1", "a1.txt", "Ida Norrel leads Norrel.")
    batch = [names(), names()]
    tasks = ClaimTasks([article, article], batch, {}, {})
    assert tasks[0].names is batch[0]
    tasks.done(0)
    assert batch[0] is None and batch[1] is not None   # the list given is consumed


def test_a_build_writes_its_records_before_the_graph_and_keeps_the_graph(tmp_path):
    paths = write(tmp_path / "in", {n: ALL[n] for n in ("brel.txt", "brel2.txt", "tovik.txt")})
    (joint,) = write(tmp_path / "joint", NEW)
    out = tmp_path / "out"
    first = build(paths, out, formats=FORMATS, workers=1).report
    assert first.decided_records == (0, 3)
    index = read_index(out)
    assert len(index) == 3
    for size, mtime, fingerprint, packed, summary in index.values():
        assert isinstance(packed, bytes)            # packed, as the build held it
        assert names_from_json(unpack_json(packed)).mentions
    assert any((cache_dir(out) / DECIDED_DIR).iterdir())
    assert_same_as_full_build(out, paths, tmp_path / "full-1")

    # an update reads the packed index (no article parsed again) and equals a full build
    update = build([joint], out, formats=FORMATS, workers=1, update=True).report
    assert (update.parsed, update.cached) == (1, 3)
    assert_same_as_full_build(out, [*paths, joint], tmp_path / "full-2")


def test_an_index_of_an_older_build_with_the_names_text_is_read(tmp_path):
    paths = write(tmp_path / "in", {n: ALL[n] for n in ("brel.txt", "tovik.txt")})
    (joint,) = write(tmp_path / "joint", NEW)
    out = tmp_path / "out"
    build(paths, out, formats=FORMATS, workers=1)
    # the index as the builds before this part wrote it: the names' JSON as text
    older = {key: [*record[:3], unpack_json(record[3]), *record[4:]]
             for key, record in read_index(out).items()}
    (cache_dir(out) / NAMES_FILE).write_bytes(zlib.compress(srsly.msgpack_dumps(older), 1))
    update = build([joint], out, formats=FORMATS, workers=1, update=True).report
    assert (update.parsed, update.cached) == (1, 2)
    assert_same_as_full_build(out, [*paths, joint], tmp_path / "full")
    assert all(isinstance(record[3], bytes) for record in read_index(out).values())


def test_write_records_writes_once_and_lets_go(tmp_path):
    cache = ParseCache(tmp_path / "docs", "parse", "extractor")
    cache.put_decided("aa" + "1" * 62, ["org/1"], "d", [["row", 1]])
    cache.write_records()
    assert cache.decided_written == 1 and cache._decided_now == {}
    cache.prune()                                  # nothing left to write again
    assert cache.decided_written == 1
    again = ParseCache(tmp_path / "docs", "parse", "extractor")
    assert again.previous_decided("aa" + "1" * 62) == [["org/1"], "d", [["row", 1]]]


def test_quads_find_each_subjects_graph_from_its_own_lines(tmp_path):
    import pyoxigraph as ox

    from aigraph.streaming import (_ARTICLE, _DERIVED_FROM, _RDF_TYPE, article_graphs,
                                   serialize_fast, write_fast_many, _unsorted)

    def iri(name: str) -> ox.NamedNode:
        return ox.NamedNode(f"https://example.org/{name}")

    store = ox.Store()
    triples = [ox.Triple(iri("article/a"), _RDF_TYPE, _ARTICLE),
               ox.Triple(iri("article/a"), iri("title"), ox.Literal("A")),
               ox.Triple(iri("claim/1"), _DERIVED_FROM, iri("article/a")),
               ox.Triple(iri("claim/1"), iri("subject"), iri("org/x")),
               ox.Triple(iri("claim/2"), _DERIVED_FROM, iri("article/b")),
               ox.Triple(iri("claim/2"), _DERIVED_FROM, ox.Literal("not an article")),
               ox.Triple(iri("org/x"), iri("label"), ox.Literal("X"))]
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                      for t in triples)
    write_fast_many(store, {"nq": tmp_path / "graph.nq"})
    assert (tmp_path / "graph.nq").read_bytes() == serialize_fast(store, "nq")
    quads = list(ox.parse(path=str(tmp_path / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    graphs = {(q.subject.value, q.graph_name) for q in quads}
    assert graphs == {(iri("article/a").value, iri("article/a")),
                      (iri("claim/1").value, iri("article/a")),
                      (iri("claim/2").value, iri("article/b")),
                      (iri("org/x").value, ox.DefaultGraph())}

    # a subject derived from two articles: its graph is the store's pick, as before
    store.add(ox.Quad(iri("claim/1"), _DERIVED_FROM, iri("article/b"), ox.DefaultGraph()))
    write_fast_many(store, {"nq": tmp_path / "two.nq"})
    names = article_graphs(_unsorted(store, (_DERIVED_FROM, _RDF_TYPE)))
    quads = list(ox.parse(path=str(tmp_path / "two.nq"), format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name for q in quads if q.subject == iri("claim/1")} == {names[iri("claim/1")]}
