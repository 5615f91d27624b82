"""Dependency-tree utilities the pattern families share: where a name hangs,
the path between two tokens, a clause's subjects."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..mentions import Mention, RiskMention
from ..mentions.core import is_inner_hyphen
from ..rules import load_rules


SUBJECT_DEPS = {"nsubj", "csubj", "poss", "expl"}


NOUN_CHAIN_DEPS = {"compound", "amod", "conj", "appos", "nmod", "nummod", "cc", "punct"}


def mention_root(doc: Doc, m: Mention | RiskMention) -> Token:
    return doc[m.start:m.end].root


def noun_anchor(token: Token) -> Token:
    """Climb compound/amod/conj links to the noun the token belongs to."""
    seen = 0
    while token.dep_ in NOUN_CHAIN_DEPS and token.head.i != token.i and seen < 15:
        token = token.head
        seen += 1
    return token


MAX_PATH = 14  # tokens; longer paths cross clauses (measured on the gold sets)




def plural_actor_in_clause(token: Token) -> bool:
    """Whether the clause's actor is a plural common noun ("dozens of countries")."""
    verb = token.head.head if token.dep_ == "pobj" else token.head  # above "including"
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for child in verb.children:
        if child.dep_ == "nsubj" and child.tag_ == "NNS":
            return True
        if child.dep_ == "agent" and any(g.tag_ == "NNS" for g in child.children):
            return True
    return False


def is_actor_position(token: Token) -> bool:
    anchor = noun_anchor(token)
    # "the hosts together with Australia, Canada ...", "companies, among them X"
    hops = 0
    if (anchor.dep_ == "pobj" and anchor.head.lower_ in ("from", "of", "at")
            and anchor.head.head.lower_ in load_rules().delegate_nouns):
        anchor = noun_anchor(anchor.head.head)   # "delegations from Brazil attended"
        if anchor.dep_ in SUBJECT_DEPS or (anchor.dep_ == "pobj" and anchor.head.dep_ == "agent"):
            return True
    if anchor.dep_ == "pobj" and any(c.lower_ in ("together", "along") for c in anchor.head.children):
        return True  # "... signed by the hosts together with X": X acts too
    if ((anchor.dep_ == "pobj" and anchor.head.lower_ in ("including", "among"))
            or (anchor.dep_ == "npadvmod" and anchor.i > 1
                and anchor.doc[anchor.i - 2].lower_ == "among")) and plural_actor_in_clause(anchor):
        return True  # "Forty countries endorsed it, including X" / "..., among them X"
    while (anchor.dep_ == "pobj" and anchor.head.lower_ in load_rules().list_prepositions and hops < 3
           and (anchor.head.head.pos_ in ("NOUN", "PROPN") or anchor.head.head.lower_ == "together")):
        anchor = noun_anchor(anchor.head.head)
        hops += 1
    if anchor.dep_ in SUBJECT_DEPS:
        return True
    if anchor.dep_ == "pobj" and anchor.head.dep_ == "agent":
        return True
    if anchor.dep_ == "dobj" and anchor.head.lemma_ == "join" and any(
            c.dep_ == "prep" and c.lower_ == "in" for c in anchor.head.children):
        return True   # "Japan joined Canada in signing ...": Canada signed too
    # "Chinese delegates dismissed ...": the anchor's own anchor is a subject
    return anchor.dep_ in {"compound", "amod"} and noun_anchor(anchor.head).dep_ in SUBJECT_DEPS


def ancestors_to(token: Token, stop: Token | None) -> list[Token]:
    chain = [token]
    while chain[-1].head.i != chain[-1].i and (stop is None or chain[-1].i != stop.i) and len(chain) < 30:
        chain.append(chain[-1].head)
    return chain


def dependency_path(a: Token, b: Token) -> list[Token]:
    """Tokens on the tree path between a and b (both included)."""
    up_a = ancestors_to(a, None)
    up_b = ancestors_to(b, None)
    ids_b = {t.i for t in up_b}
    lca = next((t for t in up_a if t.i in ids_b), None)
    if lca is None:
        return up_a + up_b
    below_a = [t for t in up_a[:[t.i for t in up_a].index(lca.i)]]
    below_b = [t for t in up_b[:[t.i for t in up_b].index(lca.i)]]
    return below_a + below_b + [lca]


def actor_side(path: list[Token], actor: Token) -> list[Token]:
    """The actor's end of a path, up to the word that joins it to the target."""
    lca = path[-1]
    side = []
    for t in ancestors_to(actor, None):
        side.append(t)
        if t.i == lca.i:
            break
    return side


def path_lemmas(path: list[Token]) -> set[str]:
    lemmas = {t.lemma_.lower() for t in path} | {t.lower_ for t in path}
    for t in path:
        lemmas |= {c.lemma_.lower() for c in t.children if c.dep_ in ("prt", "prep", "dobj")}
    return lemmas


def governing_verb(token: Token, hops: int = 4) -> Token | None:
    """The verb a noun is the subject or object of, through 'the version of X'."""
    for t in ancestors_to(token, None)[1:hops + 1]:
        if t.pos_ in ("VERB", "AUX"):
            return t
        if t.dep_ not in ("pobj", "prep", "dobj", "nsubj", "nsubjpass", "compound", "appos"):
            return None
    return None


def appositions_after(doc: Doc, m: Mention, root: Token) -> list[Token]:
    """The apposition of a name, also when the parser hung it elsewhere: the noun
    phrase right after "<name>," tagged appos."""
    found = [c for c in root.children if c.dep_ == "appos"]
    if m.end + 1 < len(doc) and doc[m.end].text == ",":
        found += [t for t in doc[m.end + 1:m.end + 8]
                  if t.dep_ == "appos" and t.left_edge.i == m.end + 1 and t not in found]
    return found


def left_modifiers(doc: Doc, person: Mention) -> list[Token]:
    """The words before a name that belong to its noun phrase ("US Treasury Secretary")."""
    tokens: list[Token] = []
    j = person.start - 1
    while j >= 0:
        tok = doc[j]
        # the owner before "'s" belongs too: "Kenya's ICT Cabinet Secretary X"
        possessive = tok.lower_ in ("'s", "’s", "'", "’") and tok.dep_ == "case" and j > 0 and tokens \
            and doc[j - 1].head.i in {t.i for t in tokens} | set(range(person.start, person.end))
        if (tok.is_punct and not is_inner_hyphen(doc, j) and not possessive) or "\n" in tok.text \
                or tok.lower_ in ("the", "a", "an", "and", "with", "by", "to", "of"):
            break
        if not (person.start <= tok.head.i < person.end or any(tok.head.i == t.i for t in tokens)
                or tok.head.i > j and tok.head.i < person.end or possessive):
            break
        tokens.insert(0, tok)
        j -= 1
    return tokens


def subjects_of(verb: Token) -> list[Token]:
    """Subjects of a verb, also through 'intend to sign', 'refused to join'."""
    token = verb
    for _ in range(3):
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and all(c.lower_ in ("they", "we") for c in subjects) and token.dep_ == "ccomp":
            subjects = []  # "X and Y said they would sign": the sayers sign
        if subjects:
            found = []
            for subj in subjects:
                found.append(subj)
                found += [c for c in subj.subtree if c.dep_ == "conj"]
            return found
        if token.dep_ in ("acl", "relcl") and token.head.dep_ == "pobj" and token.head.head.dep_ == "prep":
            token = token.head.head.head   # "X were among the first to sign": X
            continue
        if token.dep_ not in ("xcomp", "conj", "ccomp") or token.head.i == token.i:
            return []
        token = token.head
    return []


def clause_role(token: Token) -> str:
    """What a name's noun phrase is in its clause: the main subject, a subject,
    an object, the object of a given preposition, a possessor, an apposition."""
    anchor = noun_anchor(token)
    if anchor.dep_ in ("nsubj", "nsubjpass"):
        return "main-subject" if anchor.head.dep_ == "ROOT" else "subject"
    if anchor.dep_ == "pobj":
        return f"of-{anchor.head.lower_}"
    if anchor.dep_ in ("dobj", "poss", "appos", "attr", "ROOT"):
        return anchor.dep_
    return "other"


def says(token: Token) -> Token | None:
    """The verb of saying whose subject the name is ("X warned that ...")."""
    anchor = noun_anchor(token)
    if anchor.dep_ == "nsubj" and anchor.head.lemma_.lower() in load_rules().speech_verbs:
        return anchor.head
    return None


def is_main_subject(token: Token) -> bool:
    """The subject of the sentence's main verb: what the whole sentence is about
    ("The policy sets red lines for four dangers: cyberattacks, ...")."""
    anchor = noun_anchor(token)
    return anchor.dep_ in ("nsubj", "nsubjpass") and anchor.head.dep_ == "ROOT"


def is_hyphen_pair(doc: Doc, m: Mention) -> bool:
    """'US-UK', 'EU-Japan': a name joined to another by a hyphen."""
    return ((m.end < len(doc) and doc[m.end].text in ("-", "–") )
            or (m.start > 0 and doc[m.start - 1].text in ("-", "–")))


def _triggered(prop: str, lemmas: set[str]) -> bool:
    return bool(load_rules().triggers.get(prop, frozenset()) & lemmas)
