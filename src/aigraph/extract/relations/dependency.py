"""Structural relation patterns as data: spaCy ``DependencyMatcher`` patterns
in ``ontology/dependency-patterns.jsonl``, one JSON object a line:

- ``id``: the pattern's name; ``comment``: what it reads;
- ``pattern``: a DependencyMatcher pattern (``RIGHT_ID``/``LEFT_ID``/``REL_OP``/
  ``RIGHT_ATTRS``); an ``IN`` list may be a lexicon reference instead of words:
  ``"@trigger:<property>"`` (that property's trigger lemmas) or
  ``"@word:<term>"`` (the ``aigx:<term>`` word list), both from
  ``ontology/extraction-rules.ttl``, so each word list has one home;
- ``claims``: ``[subject node, property, object node]`` triples over the
  pattern's node names;
- ``base``: the pattern's hand-set confidence (a feature of the relation model);
- ``lists`` (default true): whether a matched name stands for the names
  coordinated with it ("A, B and C voted against"); false where each member of
  a list has its own ("A of Ghana and B of Togo");
- ``one`` (default false): only the first of ``claims`` whose classes fit the
  two ends holds ("signed by X": X is a party to an agreement, and supports a
  policy, never both).

Patterns are validated when loaded (spaCy's schema, node names, properties of
``aigraph.ttl``); a bad line is an error naming the file and the line.
"""

from __future__ import annotations

import functools

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from ...errors import AigraphError
from ...model import Claim
from ...ontology import core_class, derived, ontology_dir, property_domains
from ..mentions import Mention
from ..rules import AIGX, load_rules
from .context import SentenceContext
from .nodematcher import SharedNodeMatcher
from .registry import pattern

PATTERN_FILE = "dependency-patterns.jsonl"


class PatternFileError(AigraphError):
    """A line of the dependency patterns file is not a valid pattern."""


@dataclass(frozen=True)
class DependencyPattern:
    id: str
    pattern: tuple[dict, ...]
    claims: tuple[tuple[str, str, str], ...]
    base: float
    lists: bool = True
    one: bool = False

    @property
    def nodes(self) -> tuple[str, ...]:
        return tuple(node["RIGHT_ID"] for node in self.pattern)


def resolve_lexicons(value, lexicon):
    """The pattern with each ``"@trigger:..."`` / ``"@word:..."`` list filled in."""
    if isinstance(value, dict):
        return {k: resolve_lexicons(v, lexicon) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_lexicons(v, lexicon) for v in value]
    if isinstance(value, str) and value.startswith("@"):
        return lexicon(value)
    return value


def lexicon_words(reference: str) -> list[str]:
    kind, _, name = reference[1:].partition(":")
    if kind == "trigger":
        words = load_rules().triggers.get(name)
    elif kind == "word":
        from ... import ontology
        graph = ontology.load_turtle("extraction-rules.ttl")
        words = {str(w).lower() for w in graph.objects(AIGX[name], AIGX.word)}
    else:
        words = None
    if not words:
        raise ValueError(f"unknown lexicon {reference!r} (use @trigger:<property> or @word:<term> "
                         "of ontology/extraction-rules.ttl)")
    return sorted(words)


@derived
def dependency_patterns() -> tuple[DependencyPattern, ...]:
    """The patterns of ``ontology/dependency-patterns.jsonl``, validated."""
    path = ontology_dir() / PATTERN_FILE
    if not path.is_file():
        return ()
    properties = property_domains()
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            spec = tuple(resolve_lexicons(data["pattern"], lexicon_words))
            found.append(DependencyPattern(str(data["id"]), spec,
                                           tuple(tuple(c) for c in data["claims"]),
                                           float(data.get("base", 0.7)),
                                           bool(data.get("lists", True)),
                                           bool(data.get("one", False))))
            check(found[-1], properties)
        except (ValueError, KeyError, TypeError) as exc:
            raise PatternFileError(f"{path}:{number}: {exc}; fix or remove this pattern") from exc
    return tuple(found)


def check(item: DependencyPattern, properties) -> None:
    """spaCy's own validation of the pattern, then its claims against it."""
    DependencyMatcher(Vocab(), validate=True).add(item.id, [list(item.pattern)])
    for s, p, o in item.claims:
        if p not in properties:
            raise ValueError(f"pattern {item.id}: unknown property {p!r}")
        missing = {s, o} - set(item.nodes)
        if missing:
            raise ValueError(f"pattern {item.id}: no node named {', '.join(sorted(missing))}")


_MATCHER: list = []   # [(vocab, patterns, matcher)]: the last one built


def matcher_for(vocab: Vocab, patterns: tuple[DependencyPattern, ...]) -> DependencyMatcher:
    """A matcher of the patterns on the pipeline's vocabulary, built once."""
    if _MATCHER and _MATCHER[0][0] is vocab and _MATCHER[0][1] is patterns:
        return _MATCHER[0][2]
    matcher = SharedNodeMatcher(vocab)   # spaCy's, its node patterns matched once each
    for item in patterns:
        matcher.add(item.id, [list(item.pattern)])
    _MATCHER[:] = [(vocab, patterns, matcher)]
    return matcher


@pattern("dependency")
def dependency_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """The facts the data patterns read in the sentence, for every name a
    matched node stands for (with the names coordinated with it)."""
    patterns = dependency_patterns()
    if not patterns:
        return
    by_id = {item.id: item for item in patterns}
    by_token = ctx.named_tokens
    vocab = ctx.doc.vocab
    domains = property_domains()
    matches = doc_matches(ctx.doc, matcher_for(vocab, patterns))
    for match_id, tokens in matches.get(ctx.sent.start, ()):
        item = by_id[vocab.strings[match_id]]
        nodes = dict(zip(item.nodes, (ctx.doc[i] for i in tokens)))
        done: set[tuple[str, str]] = set()
        for s_node, prop, o_node in item.claims:
            domain, rng = domains[prop]
            for s in names_at(nodes[s_node], by_token, item.lists):
                for o in names_at(nodes[o_node], by_token, item.lists):
                    # a pattern may offer several properties ("X joined Y"): the
                    # classes of the two ends say which one holds
                    if s.key != o.key and core_class(s.cls) in domain \
                            and rng is not None and core_class(o.cls) in rng \
                            and not (item.one and (s.key, o.key) in done):
                        done.add((s.key, o.key))
                        path = [nodes[s_node], nodes[item.nodes[0]], nodes[o_node]]
                        claim = ctx.claim(s.key, prop, o.key, item.base, path)
                        # which pattern read it: the model learns each one's worth
                        yield replace(claim, signals=claim.signals | {f"dp:{item.id}"})


@functools.lru_cache(maxsize=1)   # the article at hand only: a doc is large
def doc_matches(doc: Doc, matcher: DependencyMatcher) -> dict[int, list[tuple[int, list[int]]]]:
    """The matcher's matches in the whole article, by the start of their
    sentence: run once per article (on a sentence the matcher reads the whole
    doc each time, which made long articles quadratic)."""
    by_sentence: dict[int, list[tuple[int, list[int]]]] = {}
    for match_id, tokens in matcher(doc):
        by_sentence.setdefault(doc[tokens[0]].sent.start, []).append((match_id, tokens))
    return by_sentence


def names_at(token: Token, by_token: dict[int, Mention], lists: bool = True) -> list[Mention]:
    """The names a matched token stands for: its own and those coordinated with
    it, or, for a group noun that names nothing itself, the members its list
    opens ("companies such as A, B and C joined ...")."""
    if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl":
        return antecedent_names(token, by_token)
    if token.tag_ == "WP$" and token.head.head.dep_ == "relcl":
        return owner_names(token, by_token)
    if not lists:
        return [by_token[token.i]] if token.i in by_token else []
    found = coordinated_names(token, by_token)
    if not found and token.i not in by_token:
        rules = load_rules()
        # "companies such as A and B"; "delegations from A and B", "ministers of X": who they act for
        openers = rules.group_prepositions | ({"from", "of"} if token.lower_ in rules.delegate_nouns
                                               else set())
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in openers:
                for member in prep.children:
                    if member.dep_ == "pobj":
                        found += [m for m in coordinated_names(member, by_token) if m not in found]
        if not found and token.lower_ in rules.delegate_nouns:
            # "Kenya's delegation rejected ...", "X, whose negotiators walked out": who they act for
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is not None and owner.tag_ == "WP$" and token.head.dep_ == "relcl":
                found = owner_names(owner, by_token)
            elif owner is not None and owner.i in by_token:
                found = [by_token[owner.i]]
        if not found:
            # "Denmark's parliament, the Folketing, adopted ...": the name in apposition,
            # with those coordinated with it ("two developers, A and B, refused")
            first = next((c for c in token.children
                          if c.dep_ == "appos" and c.i in by_token and c.i > token.i), None)
            found = coordinated_names(first, by_token) if first is not None else []
    return found


def antecedent_names(pronoun: Token, by_token: dict[int, Mention]) -> list[Mention]:
    """What "who"/"which"/"that" stands for: "X, who co-sponsored the bill" and
    "X, a group that lobbied for the bill" are X.
    After a list ("A, B and C, which refused to sign") the clause is read as
    describing the name just before the comma, not the whole list: the parser
    often hangs the clause on the list's first noun, and a clause true of every
    member would say so ("all of which")."""
    before = pronoun.i - 1
    if before >= 0 and pronoun.doc[before].text == "," and before - 1 in by_token:
        return [by_token[before - 1]]
    antecedent = pronoun.head.head
    if antecedent.i in by_token:
        return [by_token[antecedent.i]]
    if antecedent.dep_ == "appos" and antecedent.head.i in by_token:
        return [by_token[antecedent.head.i]]   # "X, a nonprofit that lobbied for Y": X
    return []


def owner_names(whose: Token, by_token: dict[int, Mention]) -> list[Mention]:
    """What "whose" stands for: "X, whose members include A" and "X, a trade
    body whose members include A" are X."""
    before = whose.i - 1
    if before >= 0 and whose.doc[before].text == "," and before - 1 in by_token:
        return [by_token[before - 1]]
    antecedent = whose.head.head.head   # whose -> members -> include (relcl) -> its noun
    if antecedent.i in by_token:
        return [by_token[antecedent.i]]
    if antecedent.dep_ == "appos" and antecedent.head.i in by_token:
        return [by_token[antecedent.head.i]]
    return []


def coordinated_names(token: Token, by_token: dict[int, Mention]) -> list[Mention]:
    """The name at a token and those coordinated with it ("A, B and C")."""
    found, links = [], {token.i}
    for t in token.subtree:   # in order, so a link's head is seen before it
        if t.i != token.i and t.head.i in links and is_list_link(t):
            links.add(t.i)
    if token.dep_ == "pobj":
        # "endorsed by A and by B": the second "by" is a conjunct of the first
        links |= {o.i for prep in token.head.children
                  if prep.dep_ == "conj" and prep.lower_ == token.head.lower_
                  for o in prep.children if o.dep_ == "pobj"}
    for i in sorted(links):
        m = by_token.get(i)
        if m is not None and m not in found:
            found.append(m)
    return found


def is_list_link(token: Token) -> bool:
    """A member of a list: a conjunct, or an apposition that goes on to more
    conjuncts (the parser often reads "A, B, C and D" as A with B in apposition)."""
    return token.dep_ == "conj" or (token.dep_ == "appos"
                                    and any(c.dep_ == "conj" for c in token.children))

