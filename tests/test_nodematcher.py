"""The shared-node dependency matcher finds exactly what spaCy's finds."""

from __future__ import annotations

import pytest
from spacy.matcher import DependencyMatcher

from aigraph.extract.nlp import load_pipeline
from aigraph.extract.relations.dependency import dependency_patterns
from aigraph.extract.relations.nodematcher import SharedNodeMatcher, simple_spec, tree_roots

TEXT = ("Velmora Systems signed the Harbour Accord in Oslo on Monday. "
        "Minister Ada Quillfeather, who leads the Brightwater Agency, said the accord "
        "was backed by Norway, Chile and Kenya. The Tessel Institute and Orrin Labs "
        "refused to join the pact, which was drafted by the Lumen Council. "
        "Regulators from Peru and Ghana welcomed the plan announced by Kaveh Drummond.")

EXTRA = {  # node patterns the file may not hold: an empty node twice, a repeated node
    "any-pair": [{"RIGHT_ID": "v", "RIGHT_ATTRS": {"POS": "VERB"}},
                 {"LEFT_ID": "v", "REL_OP": ">", "RIGHT_ID": "a", "RIGHT_ATTRS": {}},
                 {"LEFT_ID": "a", "REL_OP": ">>", "RIGHT_ID": "b", "RIGHT_ATTRS": {}}],
    "read-by-spacy": [{"RIGHT_ID": "v", "RIGHT_ATTRS": {"POS": "VERB"}},
                      {"LEFT_ID": "v", "REL_OP": ">", "RIGHT_ID": "o",
                       "RIGHT_ATTRS": {"LOWER": {"NOT_IN": ["the"]}, "LENGTH": {">=": 3}}}],
    "two-attributes": [{"RIGHT_ID": "n", "RIGHT_ATTRS": {"POS": "PROPN", "DEP": {"IN": ["nsubj", "pobj"]}}},
                       {"LEFT_ID": "n", "REL_OP": "<", "RIGHT_ID": "h", "RIGHT_ATTRS": {"LEMMA": {"IN": ["sign", "by"]}}}],
    "subject": [{"RIGHT_ID": "v", "RIGHT_ATTRS": {"POS": "VERB"}},
                {"LEFT_ID": "v", "REL_OP": ">", "RIGHT_ID": "s", "RIGHT_ATTRS": {"DEP": "nsubj"}}],
}


def both(vocab):
    plain, shared = DependencyMatcher(vocab), SharedNodeMatcher(vocab)
    for item in dependency_patterns():
        plain.add(item.id, [list(item.pattern)])
        shared.add(item.id, [list(item.pattern)])
    for key, spec in EXTRA.items():
        plain.add(key, [spec])
        shared.add(key, [spec])
    return plain, shared


@pytest.fixture(scope="module")
def doc():
    return load_pipeline()(TEXT)


def test_same_matches_in_the_same_order(doc):
    plain, shared = both(doc.vocab)
    expected = plain(doc)
    assert len(expected) > 10   # the comparison has something to compare
    assert shared(doc) == expected
    found = {doc.vocab.strings[key] for key, _ in expected}
    assert {"any-pair", "read-by-spacy", "two-attributes", "subject"} <= found


def test_simple_node_patterns_are_read_from_the_index():
    assert simple_spec({"DEP": "pobj", "LEMMA": {"IN": ["sign"]}}) == (
        ("dep_", frozenset({"pobj"})), ("lemma_", frozenset({"sign"})))
    assert simple_spec({"LENGTH": {">=": 3}}) is None
    assert simple_spec({"LOWER": {"NOT_IN": ["the"]}}) is None
    assert simple_spec({}) is None


def test_tree_roots_are_the_last_ancestor(doc):
    assert tree_roots(doc) == [([t] + list(t.ancestors))[-1].i for t in doc]
    assert len(set(tree_roots(doc))) == len(list(doc.sents))
