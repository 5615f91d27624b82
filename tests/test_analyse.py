"""networkx analysis on a small hand-built graph whose answers are known.

The graph (built with the real build_graph) is a chain plus a detached pair:

    Alice -affiliatedWith-> Acme <-affiliatedWith- Bob -leads-> Summit
    Freedonia -participatesIn-> Summit -heldIn-> Harbour City
    Freedonia -partyTo-> Accord -addressesRisk-> risk:CyberOffense
    Carol -affiliatedWith-> Other Org          (second component)

plus a negated claim (Bob opposes Accord) that must not become an edge.
"""

from __future__ import annotations

import pytest

from aigraph.analyse import (analyse, find_entity, neighbours, plot, shortest_paths,
                             to_networkx)
from aigraph.errors import EntityNotFoundError
from aigraph.graph import build_graph, export, load_graph
from aigraph.model import Article, Claim, Entity, Extraction
from aigraph.vocab import entity_iri

HOSTILE = ('Officials met. <script>window.__pwned=1</script> '
           '<img src=x onerror="window.__pwned=1"> & "quotes"')


def small_extraction(hostile: bool = False) -> Extraction:
    """Ten entities, eight facts; ``hostile`` puts markup into article text."""
    title2 = "Second <b>report</b>" if hostile else "Second report"
    articles = [Article("a1", "a1.txt", "text", title="Summit news"),
                Article("a2", "a2.txt", "text", title=title2)]

    def ent(key, cls, label, *aliases, arts=("a1",)):
        return Entity(key, cls, label, set(aliases), set(arts))

    entities = [
        ent("person/alice", "Person", "Alice Example", "A. Example", arts=("a1", "a2")),
        ent("person/bob", "Person", "Bob Sample"),
        ent("organization/acme", "Organization", "Acme Institute", "Acme"),
        ent("country/freedonia", "Country", "Freedonia", "FD"),
        ent("event/summit", "Event", "Harbour Summit"),
        ent("place/harbour-city", "Place", "Harbour City"),
        ent("agreement/accord", "Agreement", "Harbour Accord"),
        ent("risk/CyberOffense", "Risk", "cyber offense"),
        ent("person/carol", "Person", "Carol Third", arts=("a2",)),
        ent("organization/other", "ThinkTank", "Other Org", arts=("a2",)),
    ]
    evidence_a2 = HOSTILE if hostile else "Alice Example also works at Acme."

    def claim(s, p, o, art="a1", evidence=None, modality="Asserted", conf=0.8, dtype=None):
        return Claim(s, p, o, art, evidence or f"{s} {p} {o}.", modality, conf, dtype)

    claims = [
        claim("person/alice", "affiliatedWith", "organization/acme",
              evidence="Alice Example works at Acme."),
        claim("person/alice", "affiliatedWith", "organization/acme", art="a2",
              evidence=evidence_a2, conf=0.9),
        claim("person/alice", "role", "Director", evidence="Director Alice Example."),
        claim("person/bob", "affiliatedWith", "organization/acme"),
        claim("person/bob", "leads", "event/summit", evidence="Bob Sample chairs the summit."),
        claim("country/freedonia", "participatesIn", "event/summit"),
        claim("event/summit", "heldIn", "place/harbour-city"),
        claim("event/summit", "date", "2025-03", dtype="gYearMonth"),
        claim("country/freedonia", "partyTo", "agreement/accord"),
        claim("agreement/accord", "date", "2025-03-02", dtype="date"),
        claim("agreement/accord", "addressesRisk", "risk/CyberOffense"),
        claim("person/carol", "affiliatedWith", "organization/other", art="a2"),
        claim("person/bob", "opposes", "agreement/accord", modality="Negated"),
    ]
    return Extraction(articles=articles, entities={e.key: e for e in entities}, claims=claims)


def iri(key: str) -> str:
    return str(entity_iri(key))


@pytest.fixture(scope="module")
def graph():
    return build_graph(small_extraction())


def test_projection_has_entities_as_nodes_and_facts_as_edges(graph):
    G = to_networkx(graph)
    assert G.number_of_nodes() == 10
    assert G.number_of_edges() == 8
    edge = G.get_edge_data(iri("person/alice"), iri("organization/acme"))
    assert set(edge) == {"affiliatedWith"}
    assert edge["affiliatedWith"]["claims"] == 2
    # best supported sentence first (confidence 0.9 over 0.8), with its article title
    assert edge["affiliatedWith"]["evidence"][0].article == "Second report"
    # the negated claim is kept as provenance but is no fact
    assert not G.has_edge(iri("person/bob"), iri("agreement/accord"))
    alice = G.nodes[iri("person/alice")]
    assert alice["roles"] == ["Director"] and alice["aliases"] == ["A. Example"]
    assert G.nodes[iri("event/summit")]["dates"] == ["2025-03"]
    assert G.nodes[iri("organization/other")]["core"] == "Organization"
    assert G.nodes[iri("risk/CyberOffense")]["cls"] == "Risk"


def test_projection_survives_a_turtle_round_trip(graph, tmp_path):
    reloaded = to_networkx(load_graph(export(graph, tmp_path)))
    original = to_networkx(graph)
    assert sorted(reloaded.nodes) == sorted(original.nodes)
    assert sorted(reloaded.edges(keys=True)) == sorted(original.edges(keys=True))


def test_analysis_sizes_centrality_and_structure(graph):
    result = analyse(graph, top=3)
    assert (result.nodes, result.edges) == (10, 8)
    # per core class, as build counts: the ThinkTank is an Organization
    assert result.classes == {"Agreement": 1, "Country": 1, "Event": 1, "Organization": 2,
                              "Person": 3, "Place": 1, "Risk": 1}
    assert result.subclasses == {"ThinkTank": 1}
    assert [r.label for r in result.importance][:2] == ["Harbour Summit", "Acme Institute"]
    assert result.properties == {"addressesRisk": 1, "affiliatedWith": 3, "heldIn": 1,
                                 "leads": 1, "participatesIn": 1, "partyTo": 1}
    assert result.degree[0].label == "Harbour Summit"
    assert result.betweenness[0].label == "Harbour Summit"
    assert len(result.pagerank) == 3
    assert result.component_count == 2
    assert [c.size for c in result.components] == [8, 2]
    assert result.community_count >= 3 and len(result.communities) == 3
    assert sum(c.size for c in analyse(graph).communities) == 10
    assert result.brokers, "a chain split into communities has brokers"
    assert all(len(b.communities) >= 2 for b in result.brokers)
    assert ("2025-03-02", "Harbour Accord", "Agreement") in result.dated


def test_importance_puts_hubs_before_an_isolated_pair():
    """Directed PageRank ranks the sink of a detached pair first; importance
    (facts read both ways, scaled by the component's share) puts the hub first."""
    def ent(key, cls, label):
        return Entity(key, cls, label, set(), {"a"})

    entities = [ent("country/hub", "Country", "Hubland"),
                ent("organization/lab", "Organization", "Lone Lab"),
                ent("organization/assoc", "Organization", "Lone Association")]
    claims = [Claim("organization/lab", "memberOf", "organization/assoc", "a", "x.")]
    for i in range(6):
        entities.append(ent(f"person/p{i}", "Person", f"Person {i}"))
        claims.append(Claim(f"person/p{i}", "affiliatedWith", "country/hub", "a", "y."))
    entities.append(ent("person/orphan", "Person", "Orphan Person"))
    graph = build_graph(Extraction([Article("a", "a.txt", "", title="A")],
                                   {e.key: e for e in entities}, claims))
    result = analyse(graph, top=3)
    assert result.importance[0].label == "Hubland"
    scores = {r.label: r.score for r in analyse(graph, top=20).importance}
    assert scores["Lone Association"] < scores["Person 0"]
    assert scores["Orphan Person"] == 0


def test_analysis_is_deterministic(graph):
    assert analyse(graph).to_dict() == analyse(graph).to_dict()


def test_shortest_path_explains_each_hop(graph):
    paths = shortest_paths(graph, "alice example", "Harbour City")
    assert len(paths) == 1
    path = paths[0]
    assert path.labels == ("Alice Example", "Acme Institute", "Bob Sample",
                           "Harbour Summit", "Harbour City")
    assert [h.property for h in path.hops] == ["affiliatedWith", "affiliatedWith",
                                               "leads", "heldIn"]
    assert [h.direction for h in path.hops] == ["forward", "backward", "forward", "forward"]
    assert path.hops[2].evidence[0].sentence == "Bob Sample chairs the summit."
    assert path.hops[2].evidence[0].article == "Summit news"


def test_unconnected_entities_have_no_path(graph):
    assert shortest_paths(graph, "Alice Example", "Carol Third") == []


def test_neighbours_by_depth(graph):
    found = neighbours(graph, "FD", depth=2)
    assert [(n.distance, n.label) for n in found] == [
        (1, "Harbour Accord"), (1, "Harbour Summit"),
        (2, "Bob Sample"), (2, "Harbour City"), (2, "cyber offense")]
    accord = found[0]
    assert (accord.via, accord.property, accord.direction) == ("Freedonia", "partyTo", "forward")


def test_find_entity_by_label_alias_or_iri(graph):
    acme = iri("organization/acme")
    assert find_entity(graph, "ACME") == acme
    assert find_entity(graph, "  acme   institute ") == acme
    assert find_entity(graph, acme) == acme


def test_unknown_entity_suggests_close_matches(graph):
    with pytest.raises(EntityNotFoundError) as info:
        find_entity(graph, "Harbor Summit")
    assert "Harbor Summit" in str(info.value)
    assert "'Harbour Summit'" in str(info.value)


def test_plot_writes_png_charts(graph, tmp_path):
    written = plot(graph, tmp_path / "charts")
    assert [p.name for p in written] == ["centrality.png", "properties.png", "timeline.png"]
    for path in written:
        assert path.read_bytes().startswith(b"\x89PNG")
    again = plot(graph, tmp_path / "again")
    assert [p.read_bytes() for p in written] == [p.read_bytes() for p in again]
