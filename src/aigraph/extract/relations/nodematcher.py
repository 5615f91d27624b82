"""spaCy's ``DependencyMatcher`` with its first step done once per node pattern.

spaCy's matcher adds every node of every pattern to a token ``Matcher`` under
its own key, then, for each token match, walks the token's ancestors to find
its tree's root. The patterns of ``ontology/dependency-patterns.jsonl`` repeat
few node patterns many times (``{"DEP": "pobj"}`` in 29 nodes, ``{}``, which
every token matches, in 7), so an article gave about 70 token matches per token
and as many ancestor walks: most of the matcher's time. Here each distinct node
pattern is matched once (those comparing token attributes with words, nearly
all, by looking the words up in an index of the doc's tokens; the others by
spaCy's Matcher), ``{}`` not at all (it is every token), each token's root is
found once, and the nodes sharing a pattern share its positions. The
positions handed to spaCy's tree search are the same lists, in the same order,
so the matches are identical (``tests/test_nodematcher.py`` compares both).
"""

from __future__ import annotations

import json
from collections import defaultdict

from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc


class SharedNodeMatcher(DependencyMatcher):
    """A ``DependencyMatcher`` whose node patterns are matched once each."""

    def __init__(self, vocab, *, validate: bool = False) -> None:
        super().__init__(vocab, validate=validate)
        self._node_matcher = Matcher(vocab, validate=validate)
        self._node_ids: dict[str, str] = {}            # node pattern (JSON) -> its key
        self._keys_of_node: dict[str, list[int]] = {}  # that key -> spaCy's node keys
        self._simple: dict[str, tuple] = {}    # node key -> simple_spec(), matched by index

    def add(self, key, patterns, *, on_match=None) -> None:
        super().add(key, patterns, on_match=on_match)
        key = self._normalize_key(key)
        added = self._tokens_to_key[key][len(self._tokens_to_key[key]) - len(patterns):]
        for pattern, node_keys in zip(patterns, added):
            for node, node_key in zip(pattern, node_keys):
                self._keys_of_node.setdefault(self._node_id(node["RIGHT_ATTRS"]), []).append(node_key)

    def remove(self, key) -> None:
        # not used by the extractor: keep it simple by refusing rather than mirroring
        raise NotImplementedError("SharedNodeMatcher does not remove patterns")

    def _node_id(self, attrs: dict) -> str:
        text = json.dumps(attrs, sort_keys=True)
        if text not in self._node_ids:
            node_id = self._node_ids[text] = f"node-{len(self._node_ids)}"
            simple = simple_spec(attrs)
            if simple is not None:
                self._simple[node_id] = simple
            elif attrs:
                self._node_matcher.add(node_id, [[attrs]])
        return self._node_ids[text]

    def _simple_positions(self, doc: Doc) -> dict[str, list[int]]:
        """The tokens each simple node pattern matches, from one index per
        attribute of the doc's tokens (value -> positions)."""
        index: dict[str, dict[str, list[int]]] = {}
        for attr in sorted({attr for spec in self._simple.values() for attr, _ in spec}):
            by_value: dict[str, list[int]] = {}
            for i, value in enumerate(getattr(token, attr) for token in doc):
                by_value.setdefault(value, []).append(i)
            index[attr] = by_value
        found = {}
        for node_id, spec in self._simple.items():
            common = None
            for attr, values in spec:
                here = {i for value in values for i in index[attr].get(value, ())}
                common = here if common is None else common & here
            if common:
                found[node_id] = sorted(common)
        return found

    def _get_keys_to_position_maps(self, doc: Doc):
        """As spaCy's: for each tree root (in the order of the tree's first
        matched token) and each node key, the matched tokens of the tree in
        document order."""
        roots = tree_roots(doc)
        strings = self.vocab.strings
        positions = self._simple_positions(doc)
        for match_id, start, _ in (self._node_matcher(doc) if len(self._node_matcher) else ()):
            positions.setdefault(strings[match_id], []).append(start)
        if self._node_ids.get("{}") is not None:
            positions[self._node_ids["{}"]] = list(range(len(doc)))
        matched = sorted({i for found in positions.values() for i in found})
        maps = defaultdict(lambda: defaultdict(list))
        for i in matched:   # the roots in the order spaCy's token matches meet them
            maps[roots[i]]
        for node_id in self._node_ids.values():
            by_root: dict[int, list[int]] = {}
            for i in positions.get(node_id, ()):
                by_root.setdefault(roots[i], []).append(i)
            for root, found in by_root.items():
                # shared, not copied: spaCy's tree search only reads these lists
                for node_key in self._keys_of_node[node_id]:
                    maps[root][node_key] = found
        return maps


def tree_roots(doc: Doc) -> list[int]:
    """Each token's tree root: the last of ``token.ancestors`` (the token
    itself at a root), as spaCy's matcher finds it, computed once per token."""
    heads = [token.head.i for token in doc]
    roots = [-1] * len(heads)
    for i in range(len(heads)):
        path = []
        j = i
        # spaCy stops after len(doc) steps; a parse has no cycles, so a walk
        # ends at a root or at a token already placed
        while roots[j] < 0 and heads[j] != j and len(path) < len(heads):
            path.append(j)
            j = heads[j]
        root = roots[j] if roots[j] >= 0 else j
        for k in path:
            roots[k] = root
        roots[j] = root
    return roots


#: Token attributes a node pattern may compare by plain string equality, and
#: the Token property holding each (as spaCy's Matcher reads them).
SIMPLE_ATTRS = {"LEMMA": "lemma_", "LOWER": "lower_", "ORTH": "orth_", "TEXT": "orth_",
                "DEP": "dep_", "POS": "pos_", "TAG": "tag_", "ENT_TYPE": "ent_type_"}


def simple_spec(attrs: dict) -> tuple[tuple[str, frozenset[str]], ...] | None:
    """A node pattern made only of ``ATTR: "value"`` and ``ATTR: {"IN": [...]}``
    on :data:`SIMPLE_ATTRS`, as (token property, accepted values) pairs; None
    for anything else (spaCy's Matcher reads those) and for ``{}``."""
    spec = []
    for key, value in attrs.items():
        if key not in SIMPLE_ATTRS:
            return None
        if isinstance(value, str):
            values = frozenset([value])
        elif (isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list)
              and all(isinstance(v, str) for v in value["IN"])):
            values = frozenset(value["IN"])
        else:
            return None
        spec.append((SIMPLE_ATTRS[key], values))
    return tuple(spec) or None
