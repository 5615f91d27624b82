"""Entity resolution within and across articles.

Mentions are clustered with a union-find over normalised surface forms:
the same normalised name (the evaluation's normalisation: lower case, no
leading "the", no punctuation or spaces) is the same entity; a bare surname
joins the one full name it ends or starts ("Xi" -> "Xi Jinping"); a short
organisation name that begins a longer one in the same article joins it
("Harrow" -> "Harrow Institution"); acronyms join their long forms.
Each cluster becomes one :class:`~aigraph.model.Entity` whose class is the
majority of its mentions' classes and whose key is derived from its label.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from .. import ontology
from ..names import normalise
from ..model import Entity
from .mentions import Mention
from .rules import load_rules

CLASS_SEGMENTS = {"Person": "person", "Organization": "organization", "Country": "country",
                  "Place": "place", "Agreement": "agreement", "Policy": "policy",
                  "Document": "document", "Event": "event", "AISystem": "aisystem",
                  "Risk": "risk"}
CLASS_PRIORITY = ("Country", "Person", "Organization", "Agreement", "Policy", "Document",
                  "Event", "AISystem", "Place")


@functools.lru_cache(maxsize=1 << 17)   # names recur across articles: each normalised once
def norm(text: str) -> str:
    """The evaluation's normalisation of a name (the knowledge model's matching
    rule), plus one equivalence that news uses freely: "Artificial Intelligence"
    and "AI"."""
    return normalise(re.sub(r"\bartificial intelligence\b", "ai", text, flags=re.I))


@dataclass
class Located:
    """A mention with the article it was found in."""

    article: str
    mention: Mention


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def resolve(located: list[Located]) -> dict[str, Entity]:
    """Cluster all mentions into entities; sets ``mention.key`` on every mention."""
    uf = UnionFind()
    by_form: dict[str, int] = {}
    fixed: dict[str, int] = {}
    for i, loc in enumerate(located):
        m = loc.mention
        uf.find(i)
        if m.key:
            if m.key in fixed:
                uf.union(i, fixed[m.key])
            fixed.setdefault(m.key, i)
    # identical normalised labels (and aliases) are one entity, across articles
    for i, loc in enumerate(located):
        m = loc.mention
        for form in {m.label, *m.aliases}:
            n = norm(form)
            if not n:
                continue
            if not m.key and (is_bare_head(form) or m.described):
                # "the Senate", "the Commission": which one depends on the article
                n = f"{loc.article}\0{n}"
            if n in by_form:
                if compatible(located[by_form[n]].mention, m):
                    uf.union(i, by_form[n])
            else:
                by_form[n] = i
    join_short_person_names(located, uf)
    join_short_org_names(located, uf)
    join_long_forms(located, uf)
    join_same_labels(located, uf)
    return build_entities(located, uf)


def is_bare_head(form: str) -> bool:
    """A name that is only an organisation's form word ("Senate", "Parliament")."""
    return " " not in form.strip() and ontology_heads().get(form.strip().lower()) == "Organization"


def ontology_heads() -> dict[str, str]:
    from .mentions import head_word_classes
    return head_word_classes()


def join_same_labels(located: list[Located], uf: UnionFind) -> None:
    """No two nodes may carry the same label: clusters whose chosen labels
    coincide (a place and a country both called "Georgia") become one, the
    gazetteer's entry winning."""
    for _ in range(2):  # labels can change once after a merge
        clusters: dict[int, list[Mention]] = defaultdict(list)
        for i, loc in enumerate(located):
            clusters[uf.find(i)].append(loc.mention)
        by_label: dict[str, int] = {}
        merged = False
        for root in sorted(clusters):
            if all(m.described for m in clusters[root]):
                continue   # a description is its article's own (its key says which)
            label = norm(choose_label(clusters[root]))
            if label in by_label:
                uf.union(root, by_label[label])
                merged = True
            else:
                by_label[label] = root
        if not merged:
            return


def compatible(a: Mention, b: Mention) -> bool:
    """Two mentions with the same name may still be different kinds of thing:
    a capital as a place and the country it stands for stay apart."""
    if a.key and b.key and a.key != b.key:
        return False
    if "Place" in (a.cls, b.cls) and {a.cls, b.cls} & {"Country"}:
        return False
    return True


def join_short_person_names(located: list[Located], uf: UnionFind) -> None:
    full: dict[str, set[int]] = defaultdict(set)   # name token -> roots of full names
    surnames: dict[str, set[int]] = defaultdict(set)   # ... by the last word only
    for i, loc in enumerate(located):
        m = loc.mention
        words = m.label.split()
        if m.cls == "Person" and len(words) >= 2:
            full[words[-1]].add(uf.find(i))
            full[words[0]].add(uf.find(i))
            surnames[words[-1]].add(uf.find(i))
    roots_in_article: dict[str, set[int]] = defaultdict(set)
    for i, loc in enumerate(located):
        roots_in_article[loc.article].add(uf.find(i))
    for i, loc in enumerate(located):
        m = loc.mention
        if m.cls != "Person" or len(m.label.split()) != 1:
            continue
        candidates = {uf.find(r) for r in full.get(m.label, ())}
        same_article = candidates & roots_in_article[loc.article]
        # across articles a bare name is a surname ("Xi"); a first name alone
        # ("Bill") says who only where the article gives the full name
        pick = same_article if same_article else {uf.find(r) for r in surnames.get(m.label, ())}
        if len(pick) == 1:
            uf.union(i, pick.pop())


NAMED_CLASSES = {"Organization", "Agreement", "Policy", "Document", "Event"}  # not AISystem:
# "X-3" and "X-3 Mini" are two models


def shortens(short: list[str], long: list[str]) -> bool:
    """Whether a name is the start or the end of a longer one in the same article:
    "Harrow" / "Harrow Institution", "Commission" / "European Commission"."""
    n = len(short)
    if n >= len(long):
        return False
    return long[:n] == short or long[-n:] == short


def join_short_org_names(located: list[Located], uf: UnionFind) -> None:
    """Short forms of names join the one longer name of the same kind they shorten
    in the same article (not when two longer names would fit)."""
    named = [(i, loc, loc.mention.label.lower().split()) for i, loc in enumerate(located)
             if loc.mention.cls in NAMED_CLASSES and not loc.mention.inner]
    person_words = {w for loc in located if loc.mention.cls == "Person"
                    and len(loc.mention.label.split()) > 1 for w in loc.mention.label.lower().split()}
    # a lone word NER took for a person may be a company's short name ("Acme's CEO")
    lone = [(i, loc, loc.mention.label.lower().split()) for i, loc in enumerate(located)
            if loc.mention.cls == "Person" and not loc.mention.key and len(loc.mention.label.split()) == 1
            and loc.mention.label.lower() not in person_words]
    # the longer names a short one may join are in its article and of its class:
    # looked up by both, not scanned across the batch (that was quadratic in it)
    # ... and by the words a shorter name could share with them (its first or
    # last word, or the whole name in the other word order), so a long article
    # is not all pairs either
    by_article_class: dict[tuple, list[tuple[int, Located, list[str], list[str]]]] = \
        defaultdict(list)
    for j, other, other_words in named:   # each name's other word order worked out once
        item = (j, other, other_words, inverted(other_words))
        where = (other.article, other.mention.cls)
        keys = {("first", w[0]) for w in (other_words, item[3]) if w} \
            | {("last", w[-1]) for w in (other_words, item[3]) if w} | {("all", tuple(item[3]))}
        for key in keys:
            by_article_class[where + key].append(item)
    for i, loc, words in named + lone:
        if not loc.mention.label[:1].isupper() or loc.mention.label.isupper():
            continue
        cls = loc.mention.cls if loc.mention.cls != "Person" else "Organization"
        where = (loc.article, cls)
        candidates = {item[0]: item for key in (("first", words[0]), ("last", words[-1]),
                                                ("all", tuple(words))) if words
                      for item in by_article_class.get(where + key, ())}
        longer = {uf.find(j) for j, other, other_words, other_inverted
                  in (candidates[k] for k in sorted(candidates))
                  if j != i and uf.find(j) != uf.find(i)   # its own other mentions are no longer name
                  and not (loc.mention.key and other.mention.key)   # two gazetteer entries stay two
                  and not (loc.mention.key and names_an_organ(words, other_words))
                  and (shortens(words, other_words) or shortens(words, other_inverted)
                       or words == other_inverted)}   # "Commerce Department" = "Department of Commerce"
        if len(longer) == 1:
            uf.union(i, longer.pop())




def names_an_organ(short: list[str], long: list[str]) -> bool:
    """'African Union' + 'Commission': a known body's name followed by an
    organisation's form word names one of its organs, another body."""
    return long[:len(short)] == short and ontology_heads().get(long[-1]) == "Organization"


def inverted(words: list[str]) -> list[str]:
    """'department of commerce' -> 'commerce department' (US / UK word orders)."""
    for k, word in enumerate(words[:-2]):
        if word in load_rules().invertible_heads and words[k + 1] == "of":
            rest = [w for w in words[k + 2:] if w != "the"]
            return words[:k] + rest + [word]
    return words


def join_long_forms(located: list[Located], uf: UnionFind) -> None:
    """A short form that stands for a fuller name the article writes ("Commerce" in
    "Commerce Secretary X" and "the Department of Commerce") joins it."""
    by_article: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for i, loc in enumerate(located):   # indexed by the "X Department" word order
        by_article[loc.article][" ".join(inverted(loc.mention.label.lower().split()))].add(i)
    for i, loc in enumerate(located):
        forms = [" ".join(inverted(f.lower().split())) for f in loc.mention.long_forms]
        found = {uf.find(j) for f in forms for j in by_article[loc.article].get(f, ())}
        if not found:   # "US Department of Commerce": the fuller name ends in the form
            found = {uf.find(j) for f in forms for name, ids in by_article[loc.article].items()
                     if name.endswith(" " + f) for j in ids}
        if len(found) == 1:
            uf.union(i, found.pop())


def choose_label(mentions: list[Mention]) -> str:
    """The fullest name: gazetteer label if any, else the longest non-acronym form."""
    for m in mentions:
        if m.key:
            return m.label
    forms = Counter(m.label for m in mentions)
    return max(forms, key=lambda f: (not f.isupper(), len(f.split()), forms[f], len(f), f))


def choose_class(mentions: list[Mention]) -> str:
    for m in mentions:
        if m.key:
            return m.kind or m.cls
    # longer names say more about what a thing is than bare short forms, and a
    # name ending in a company form ("Acme Technologies") says it outright, however
    # often NER read the bare "Acme" as a person
    votes = Counter()
    suffixes = load_rules().company_suffixes
    for m in mentions:
        votes[m.cls] += len(m.label.split())
        if len(m.label.split()) > 1 and m.label.split()[-1] in suffixes and m.cls == "Organization":
            votes[m.cls] += 100
    return max(votes, key=lambda c: (votes[c], -CLASS_PRIORITY.index(c)))


def build_entities(located: list[Located], uf: UnionFind) -> dict[str, Entity]:
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(located)):
        clusters[uf.find(i)].append(i)
    entities: dict[str, Entity] = {}
    for members in clusters.values():
        mentions = [located[i].mention for i in members]
        label = choose_label(mentions)
        cls = choose_class(mentions)
        fixed_key = next((m.key for m in mentions if m.key), None)
        key = fixed_key or f"{CLASS_SEGMENTS[cls]}/{ontology.slugify(label)}"
        if not fixed_key and all(m.described for m in mentions):
            # "the draft resolution" of one article is not another article's
            key += "--" + ontology.slugify(located[members[0]].article)
        entity = entities.get(key)
        if entity is None:
            entity = entities[key] = Entity(key=key, cls=cls, label=label)
        for i in members:
            m = located[i].mention
            m.key = key
            entity.articles.add(located[i].article)
            entity.aliases |= {m.label, m.text.strip(), *m.aliases}
            entity.same_as = entity.same_as or m.same_as
        entity.aliases = {a for a in entity.aliases
                          if a and a != entity.label and "\n" not in a}
    return entities
