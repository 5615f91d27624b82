"""aig:sourceCount, aig:publisherCount and aig:reportedDate on every claim."""

from __future__ import annotations

from rdflib import Literal, namespace

from aigraph.corroboration import publisher_key
from aigraph.graph import build_graph, claim_iri
from aigraph.vocab import AIG

from time_extraction import BAR, article, claim, entity, extraction

NO, PACT = "country/norway", "agreement/fjord-pact"


def graph_and_claims():
    articles = [article("a", "2026-01-05", "North Post"), article("b", "2026-01-06", "north  post"),
                article("c", "2026-01-07", None, "https://www.fjordnews.example/x"),
                article("d", None)]
    claims = [claim(NO, "partyTo", PACT, "a", "Norway signed the Fjord Pact."),
              claim(NO, "partyTo", PACT, "a", "Norway, again, signed it."),
              claim(NO, "partyTo", PACT, "b", "Norway signed the pact."),
              claim(NO, "partyTo", PACT, "c", "Oslo signed."),
              claim(NO, "partyTo", PACT, "d", "Norway signed, a blog says.", confidence=0.3),
              claim(NO, "supports", PACT, "d", "Norway did not back it.", modality="Negated")]
    ex = extraction(articles, [entity(NO, "Country", "Norway", "abcd"),
                               entity(PACT, "Agreement", "Fjord Pact", "abcd")], claims)
    return build_graph(ex, BAR), claims


def value(graph, c, prop):
    return graph.value(claim_iri(c), prop)


def test_counts_are_distinct_articles_and_publishers_that_assert_the_fact():
    graph, claims = graph_and_claims()
    for c in claims[:5]:     # the weak claim gets the fact's counts too, without adding to them
        assert value(graph, c, AIG.sourceCount) == Literal(3, datatype=namespace.XSD.integer)
        # "North Post" and "north  post" are one publisher; c counts by its URL's host
        assert value(graph, c, AIG.publisherCount) == Literal(2, datatype=namespace.XSD.integer)
    assert value(graph, claims[5], AIG.sourceCount) == Literal(0, datatype=namespace.XSD.integer)


def test_reported_date_is_the_articles_publication_date():
    graph, claims = graph_and_claims()
    assert value(graph, claims[0], AIG.reportedDate) == Literal("2026-01-05", datatype=namespace.XSD.date)
    assert value(graph, claims[4], AIG.reportedDate) is None      # article d has no date


def test_publisher_key():
    assert publisher_key(article("x", publisher=" The  Wire ")) == "name:the wire"
    assert publisher_key(article("x", url="https://www.Wire.example/a")) == "host:wire.example"
    assert publisher_key(article("x")) == "article:x"
