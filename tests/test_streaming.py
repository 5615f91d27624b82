"""Exports written from the Oxigraph store, and the bulk path into a standalone
Oxigraph server's store (``oxigraph load``). The extraction is made up."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import isomorphic

from aigraph.graph import build_graph, export, to_memory
from aigraph.model import Article, Claim, Entity, Extraction
from aigraph.streaming import serialize_fast

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


def extraction() -> Extraction:
    return Extraction(
        articles=[Article(id="n1", source="n1.md", text="x", title="Talks open", date="2025-02-01"),
                  Article(id="n2", source="n2.md", text="y", title="Talks close")],
        entities={
            "person/ida-brenn": Entity("person/ida-brenn", "Person", "Ida Brenn", {"Brenn"}, {"n1", "n2"}),
            "organization/tolvar-institute": Entity("organization/tolvar-institute", "Organization",
                                                    "Tolvar Institute", set(), {"n1"}),
            "country/chile": Entity("country/chile", "Country", "Chile", set(), {"n2"}),
        },
        claims=[
            Claim("person/ida-brenn", "leads", "organization/tolvar-institute", "n1",
                  "Ida Brenn leads the Tolvar Institute.", confidence=0.9),
            Claim("person/ida-brenn", "role", "director", "n1", "Ida Brenn, the director, spoke.",
                  confidence=0.8),
            Claim("organization/tolvar-institute", "affiliatedWith", "country/chile", "n2",
                  "The \"Tolvar\" Institute\nis based in Chile.", confidence=0.3),
        ])


def test_fast_exports_hold_the_graph_and_are_stable():
    graph = build_graph(extraction(), 0.5)
    for fmt, rdflib_format in (("ttl", "turtle"), ("nt", "nt")):
        data = serialize_fast(graph, fmt)
        assert data == serialize_fast(build_graph(extraction(), 0.5), fmt)
        assert isomorphic(Graph().parse(data=data, format=rdflib_format), to_memory(graph))
    nt = serialize_fast(graph, "nt").splitlines()
    assert nt == sorted(nt) and len(nt) == len(to_memory(graph))


def test_n_quads_put_each_article_in_its_own_graph():
    data = serialize_fast(build_graph(extraction(), 0.5), "nq")
    quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    graphs = {str(q.graph_name) for q in quads}
    assert graphs == {"DEFAULT", "<https://w3id.org/aigraph/id/article/n1>",
                      "<https://w3id.org/aigraph/id/article/n2>"}
    claim_graphs = {str(q.graph_name) for q in quads
                    if str(q.subject).startswith("<https://w3id.org/aigraph/id/claim/")}
    assert claim_graphs == graphs - {"DEFAULT"}
    facts = [q for q in quads if str(q.predicate) == "<https://w3id.org/aigraph/ontology#leads>"]
    assert [str(q.graph_name) for q in facts] == ["DEFAULT"]


def test_n_quads_load_in_bulk_into_a_standalone_oxigraph_store(tmp_path):
    """The path for graphs past one machine's store: N-Quads into ``oxigraph load``."""
    graph = build_graph(extraction(), 0.5)
    path = export(graph, tmp_path, "nq")
    subprocess.run([OXIGRAPH, "load", "--location", str(tmp_path / "db"), "--file", str(path)],
                   check=True, capture_output=True)
    query = ("SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(*) AS ?quads) "
             "WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }")
    done = subprocess.run([OXIGRAPH, "query", "--location", str(tmp_path / "db"), "--query", query,
                           "--results-format", "csv"], check=True, capture_output=True, text=True)
    assert done.stdout.splitlines() == ["graphs,quads", f"2,{len(to_memory(graph))}"]


def test_streamed_files_equal_the_exports_in_memory(tmp_path):
    graph = build_graph(extraction(), 0.5)
    for fmt in ("ttl", "nt", "nq"):
        assert export(graph, tmp_path, fmt).read_bytes() == serialize_fast(graph, fmt)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nq", "graph.nt", "graph.ttl"]


def _turtle(lines, path: Path) -> Path:
    """The Turtle of N-Triples ``lines``, written whole as an export is."""
    from aigraph.streaming import TURTLE_PREFIXES

    data = "".join(sorted(lines)).encode()
    ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES), output=str(path),
                 format=ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)
    return path


def _nt(lines, path: Path) -> Path:
    """N-Triples ``lines`` sorted into a file."""
    path.write_text("".join(sorted(lines)), encoding="utf-8")
    return path


def test_turtle_merged_from_a_difference_equals_turtle_written_whole(tmp_path):
    """An entity gains a triple, a claim node goes, a new subject (a prefixed
    name, sorting between others) comes: the merged Turtle is the whole one."""
    from aigraph.streaming import merge_turtle

    turtle, nt = _turtle, _nt
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    ent, claim = "<https://w3id.org/aigraph/id/person/ada-vell>", "<https://w3id.org/aigraph/id/claim/c1>"
    risk = "<https://w3id.org/aigraph/risk/Privacy>"
    old = sorted([f'{ent} {label} "Ada Vell" .\n', f'{claim} {label} "c1" .\n',
                  f'<https://w3id.org/aigraph/id/zz> {label} "last" .\n'])
    new = sorted([f'{ent} {label} "Ada Vell" .\n', f'{ent} {label} "A. Vell" .\n',
                  f'{risk} {label} "Privacy" .\n', f'<https://w3id.org/aigraph/id/zz> {label} "last" .\n'])
    previous = turtle(old, tmp_path / "old.ttl")
    removed = nt([x for x in old if x not in new], tmp_path / "removed.nt")
    added = nt([x for x in new if x not in old], tmp_path / "added.nt")
    target = tmp_path / "merged.ttl"
    assert merge_turtle(previous, nt(new, tmp_path / "new.nt"), removed, added, target) is True
    assert target.read_bytes() == turtle(new, tmp_path / "whole.ttl").read_bytes()
    assert b"risk:Privacy" in target.read_bytes()


def test_turtle_is_not_merged_over_blank_nodes(tmp_path):
    from aigraph.streaming import merge_turtle

    (tmp_path / "old.ttl").write_bytes(b"")
    (tmp_path / "new.nt").write_bytes(b'_:b1 <http://example.org/p> "x" .\n')
    (tmp_path / "removed.nt").write_bytes(b"")
    assert merge_turtle(tmp_path / "old.ttl", tmp_path / "new.nt", tmp_path / "removed.nt",
                        tmp_path / "new.nt", tmp_path / "merged.ttl") is False


def test_turtle_merge_finds_many_blocks_by_bisection(tmp_path):
    """Many subjects (prefixed and whole IRIs) with blocks of several lines;
    subjects vanish, appear before the first, after the last and between
    others, and change triples: the merged Turtle is the whole one, each time."""
    import random

    from aigraph.streaming import merge_turtle

    turtle, nt = _turtle, _nt
    label, alt = "<http://www.w3.org/2000/01/rdf-schema#label>", "<https://w3id.org/aigraph/ontology#p>"
    spaces = ["https://w3id.org/aigraph/id/person/", "https://w3id.org/aigraph/ontology#",
              "https://w3id.org/aigraph/risk/"]

    def triples(subject: str, n: int) -> set[str]:
        found = {f'<{subject}> {label} "{subject[-3:]}" .\n'}
        found |= {f'<{subject}> {alt} "v{k}" .\n' for k in range(n)}
        return found

    rng = random.Random(7)
    subjects = sorted(f"{rng.choice(spaces)}s{k:03d}" for k in range(0, 200, 2))
    old = set().union(*(triples(s, rng.randint(0, 3)) for s in subjects))
    previous = turtle(old, tmp_path / "old.ttl")
    for round_ in range(5):
        new = {line for line in old if rng.random() > 0.05}   # triples and whole subjects go
        for k in rng.sample(range(-1, 202), 8):                  # subjects come, first to last
            new |= triples(f"{rng.choice(spaces)}s{k:03d}", rng.randint(0, 2))
        removed, added = nt(old - new, tmp_path / "removed.nt"), nt(new - old, tmp_path / "added.nt")
        target = tmp_path / f"merged-{round_}.ttl"
        assert merge_turtle(previous, nt(new, tmp_path / "new.nt"), removed, added, target) is True
        assert target.read_bytes() == turtle(new, tmp_path / "whole.ttl").read_bytes(), round_
        old, previous = new, target
