"""The persistent on-disk Oxigraph store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from aigraph.errors import GraphLoadError
from aigraph.graph import build_graph, export, load_graph
from aigraph.model import Extraction
from aigraph.store import (
    is_store, load_file_store, open_store, ox_triples, save_store, store_graph,
)
from test_query import sample_extraction


@pytest.fixture(scope="module")
def graph():
    return build_graph(sample_extraction())


def test_save_and_open_round_trip(graph, tmp_path):
    store_dir = save_store(graph, tmp_path / "exports" / "store")
    assert is_store(store_dir)
    store = open_store(store_dir)
    assert len(store) == len(graph)
    assert set(t for t in ox_triples(store)) == set(ox_triples(graph))


def test_store_graph_equals_the_saved_graph(graph, tmp_path):
    store_dir = save_store(graph, tmp_path / "store")
    again = store_graph(store_dir)
    assert len(again) == len(graph)
    assert set(again) == set(graph)


def test_save_replaces_the_previous_contents(graph, tmp_path):
    store_dir = tmp_path / "store"
    save_store(graph, store_dir)
    small = build_graph(Extraction(articles=sample_extraction().articles))
    save_store(small, store_dir)
    assert len(open_store(store_dir)) == len(small) < len(graph)
    # no temporary or old directories are left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_read_only_store_refuses_writes(graph, tmp_path):
    store = open_store(save_store(graph, tmp_path / "store"))
    with pytest.raises(Exception):
        store.add(ox.Quad(ox.NamedNode("http://ex/a"), ox.NamedNode("http://ex/b"),
                          ox.Literal("c")))
    assert len(store) == len(graph)


def test_two_readers_at_once(graph, tmp_path):
    store_dir = save_store(graph, tmp_path / "store")
    first, second = open_store(store_dir), open_store(store_dir)
    assert len(first) == len(second) == len(graph)


def test_missing_store_and_foreign_directory(graph, tmp_path):
    with pytest.raises(GraphLoadError, match="no Oxigraph store"):
        open_store(tmp_path / "nothing")
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    with pytest.raises(GraphLoadError, match="not an Oxigraph store"):
        save_store(graph, foreign)
    assert (foreign / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig"])
def test_graph_files_load_into_a_store(graph, tmp_path, fmt):
    path = export(graph, tmp_path, fmt)
    store = load_file_store(path)
    assert len(store) == len(load_graph(path)) == len(graph)


def test_invalid_graph_file(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text("this is not turtle .")
    with pytest.raises(GraphLoadError, match="not valid RDF"):
        load_file_store(path)
