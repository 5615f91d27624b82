"""Relation patterns: one function per pattern family, each yielding claims.

Every pattern works on one sentence of one parsed article (a
:class:`SentenceContext`) whose mentions already carry their entity keys.
The families:

- titles and appositions: role, affiliatedWith, leads ("US Treasury Secretary X",
  "X, the director of Y", "X, now working with Y")
- possessives: "China's action plan" -> issuedBy; "Acme's model" -> developedBy
- names: "the US-China talks" -> both take part; "the Beijing summit" -> heldIn
- dependency paths: an actor and a target joined through a trigger lemma from
  ``ontology/extraction-rules.ttl`` (partyTo, issuedBy, participatesIn, supports,
  opposes, concernedAbout, addressesRisk, developedBy, leads, memberOf)
- places and dates attached to events, agreements, policies and documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from ..model import Claim
from ..ontology import core_class, property_domains
from .dates import normalise_date
from .known import known_developer_relations
from .mentions import Mention, RiskMention, role_title_words, role_words
from .modality import confidence, modality_of
from .rules import load_rules

ACTORS = {"Person", "Organization", "Country"}
ISSUABLE = {"Agreement", "Policy", "Document"}
RISK_HOLDERS = {"Agreement", "Policy", "Document", "Event"}
SUPPORTABLE = {"Agreement", "Policy", "Event", "Organization"}
LEADABLE = {"Organization", "Event", "Document", "Agreement"}
SUBJECT_DEPS = {"nsubj", "csubj", "poss", "expl"}
NOUN_CHAIN_DEPS = {"compound", "amod", "conj", "appos", "nmod", "nummod", "cc", "punct"}


@dataclass
class Party:
    """An actor or target in a sentence: a mention, a risk, or a group member."""

    key: str
    cls: str
    root: Token
    span: tuple[int, int]


@dataclass
class SentenceContext:
    doc: Doc
    sent: Span
    article: str
    article_date: str | None
    mentions: list[Mention]
    inner: list[Mention]
    risks: list[RiskMention]
    group: list[str] = field(default_factory=list)   # keys of the article's two main countries
    last_agreement: str | None = None                 # the agreement named last before this sentence
    leaders: dict[str, str] = field(default_factory=dict)  # "X administration" key -> person X
    speaker: str | None = None    # who is still speaking in a quotation that goes on
    offices: dict[str, tuple[str, ...]] = field(default_factory=dict)  # office holder -> bodies named here
    index: int = 0                # the sentence's number in the article
    salience: dict[str, int] = field(default_factory=dict)  # entity key -> mentions in the article
    previous: list[Mention] = field(default_factory=list)       # the sentence before: its mentions
    previous_risks: list[RiskMention] = field(default_factory=list)
    previous_sent: Span | None = None

    @property
    def evidence(self) -> str:
        return " ".join(self.sent.text.split())

    def claim(self, s: str, p: str, o: str, base: float, path: list[Token] | None = None,
              datatype: str | None = None) -> Claim:
        modality = modality_of(self.sent, path, p)
        return Claim(subject=s, predicate=p, object=o, article=self.article,
                     evidence=self.evidence, modality=modality,
                     confidence=confidence(base, modality), datatype=datatype,
                     signals=claim_signals(self, s, p, o, path, modality, base))


def bucket(value: int, bounds: tuple[int, ...]) -> str:
    """The first bound the value does not exceed ("<=3"), else ">" the last."""
    for bound in bounds:
        if value <= bound:
            return f"<={bound}"
    return f">{bounds[-1]}"


def claim_signals(ctx: SentenceContext, s: str, p: str, o: str, path: list[Token] | None,
                  modality: str, base: float) -> frozenset[str]:
    """What a sentence shows about a proposed fact, as features for the relation
    model (:mod:`.decide`): the path between its ends, the trigger words and
    verbs on it, the modality, where the sentence stands and how crowded it is."""
    signals = {f"mod:{modality}", f"base:{base:.2f}",
               f"sent:{bucket(ctx.index, (0, 2, 9))}",
               f"crowd:{bucket(len(ctx.mentions) + len(ctx.risks), (2, 4, 7))}",
               f"ssal:{bucket(ctx.salience.get(s, 0), (1, 3, 6))}",
               f"osal:{bucket(ctx.salience.get(o, 0), (1, 3, 6))}"}
    if any(t.text in ('"', "“", "”") for t in ctx.sent):
        signals.add("quote")
    signals |= pair_signals(ctx, s, o)
    if path:
        signals.add(f"plen:{bucket(len(path), (2, 4, 6, 10))}")
        lemmas = path_lemmas(path)
        if _triggered(p, lemmas):
            signals.add("trigger")
        signals |= {f"verb:{t.lemma_.lower()}" for t in path if t.pos_ in ("VERB", "AUX")}
        signals |= {f"dep:{t.dep_}" for t in path[:1] + path[-2:-1]}  # how each end hangs
    else:
        signals.add("plen:none")
    return frozenset(signals)


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
LIST_PREPS = {"with", "including", "alongside", "among", "like", "plus"}


def plural_actor_in_clause(token: Token) -> bool:
    """Whether the clause's actor is a plural common noun ("forty countries")."""
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
    while (anchor.dep_ == "pobj" and anchor.head.lower_ in LIST_PREPS and hops < 3
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


def parties(ctx: SentenceContext) -> list[Party]:
    return [Party(m.key, core_class(m.cls), mention_root(ctx.doc, m), m.span)
            for m in ctx.mentions if m.key]


def group_parties(ctx: SentenceContext) -> list[Party]:
    """'both nations', 'the two governments' ... stand for the article's two main countries."""
    if len(ctx.group) < 2:
        return []
    lowered = [t.lower_ for t in ctx.sent]
    out = []
    for phrase in load_rules().group_phrases:
        words = phrase.split()
        n = len(words)
        for i in range(len(lowered) - n + 1):
            if lowered[i:i + n] == words:
                token = ctx.sent[i + n - 1]
                if n == 1 and not (token.dep_ in ("nsubj", "nsubjpass") or token.head.dep_ == "nsubj"):
                    continue  # a bare "both" counts only as a subject
                for key in ctx.group:
                    out.append(Party(key, "Country", token, (token.i, token.i + 1)))
        if out:
            break
    return out


def _triggered(prop: str, lemmas: set[str]) -> bool:
    return bool(load_rules().triggers.get(prop, frozenset()) & lemmas)


def path_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """Actor -> trigger -> target, for every pair in the sentence."""
    mentions = parties(ctx)
    actors = [p for p in mentions if p.cls in ACTORS and is_actor_position(p.root)]
    actors += group_parties(ctx)
    targets = [p for p in mentions if p.cls not in ("Person", "Country", "Place")]
    targets += [Party(f"risk/{r.concept}", "Risk", mention_root(ctx.doc, r), (r.start, r.end))
                for r in ctx.risks]
    seen = set()
    for actor in actors:
        for target in targets:
            if actor.key == target.key or target.span[0] <= actor.root.i < target.span[1]:
                continue
            path = dependency_path(actor.root, target.root)
            if len(path) > MAX_PATH:
                continue  # far apart in the parse: more often wrong than right
            lemmas = path_lemmas(path)
            if target.cls == "Event" and at_event(target.root, path):
                lemmas |= {"participate"}   # "X pledged at the summit"
            if path[-1].i == target.root.i and target.root.dep_ in ("dobj", "nsubjpass"):
                # the actor hangs under the target ("endorsed the declaration, including
                # X"): the target's own verb links them
                lemmas |= {target.root.head.lemma_.lower()}
            for s, p, o in decide(actor, target, lemmas, len(path)):
                if p == "concernedAbout" and speaks_through_a_person(actor):
                    continue
                if (s, p, o) not in seen:
                    seen.add((s, p, o))
                    # a concern is negated only on the actor's own verb: "she argued the
                    # plan did not address X" is still her concern about X
                    scope = actor_side(path, actor.root) if p == "concernedAbout" else path
                    yield ctx.claim(s, p, o, 0.7 if len(path) <= 6 else 0.6, scope)
    # documents, agreements, policies, events and organisations addressing risks
    holders = [p for p in mentions if p.cls in RISK_HOLDERS or p.cls == "Organization"]
    work = load_rules().organization_work
    for holder in holders:
        for r in ctx.risks:
            root = mention_root(ctx.doc, r)
            path = dependency_path(holder.root, root)
            lemmas = path_lemmas(path)
            if holder.cls == "Organization":
                # an organisation addresses a risk only by working on it
                if not (work & lemmas) or not is_actor_position(holder.root):
                    continue
            elif not (_triggered("addressesRisk", lemmas) or len(path) <= 4
                      or is_main_subject(holder.root) or sole_holder(holders, holder)):
                continue
            key = (holder.key, "addressesRisk", f"risk/{r.concept}")
            if key not in seen:
                seen.add(key)
                yield ctx.claim(*key, 0.65, path)


def speaks_through_a_person(actor: Party) -> bool:
    """'Canada's minister, X, said ...': the minister voices the concern, not
    the country that only owns the title."""
    if actor.root.dep_ != "poss":
        return False
    owner = actor.root.head
    return owner.lower_ in role_words() or any(c.dep_ == "appos" for c in owner.children)


def at_event(event: Token, path: list[Token]) -> bool:
    """Whether the path reaches the event through "at", "during" or "on the
    sidelines of" hung on the actor's own verb."""
    anchor = noun_anchor(event)
    prep = anchor.head
    if anchor.dep_ != "pobj":
        return False
    if prep.lower_ == "of" and prep.head.lower_ in load_rules().event_prepositions:
        prep = prep.head.head if prep.head.dep_ == "pobj" else prep.head
    return (prep.lower_ in load_rules().event_prepositions and prep.head.pos_ in ("VERB", "AUX")
            and any(t.i == prep.head.i for t in path))


def sole_holder(holders: list[Party], holder: Party) -> bool:
    """The only agreement, policy or document a sentence names: the risks it lists
    are what that text is about."""
    texts = [h for h in holders if h.cls in ("Agreement", "Policy", "Document")]
    return len({h.key for h in texts}) == 1 and holder.key == texts[0].key


def is_main_subject(token: Token) -> bool:
    """The subject of the sentence's main verb: what the whole sentence is about
    ("The policy sets red lines for four dangers: cyberattacks, ...")."""
    anchor = noun_anchor(token)
    return anchor.dep_ in ("nsubj", "nsubjpass") and anchor.head.dep_ == "ROOT"




def is_stance_target(target: Party) -> bool:
    """Whether a thing can be what someone supports or opposes here: not the
    subject of its own verb ("the Ministry said ...") and not the one urged or
    asked to act ("urged the Commission to ...")."""
    anchor = noun_anchor(target.root)
    if anchor.dep_ == "nsubj":
        return False
    return not (anchor.dep_ == "dobj" and anchor.head.lemma_.lower() in load_rules().addressee_verbs
                and any(c.dep_ in ("xcomp", "prep") for c in anchor.head.children))


def decide(actor: Party, target: Party, lemmas: set[str],
           length: int = 0) -> Iterator[tuple[str, str, str]]:
    t = target.cls
    if t in ("Organization", "Event") and not is_stance_target(target):
        lemmas = lemmas - load_rules().triggers.get("supports", frozenset()) \
            - load_rules().triggers.get("opposes", frozenset())
    if _triggered("opposes", lemmas) and t in SUPPORTABLE:
        yield actor.key, "opposes", target.key
        return
    if t == "Agreement" and _triggered("partyTo", lemmas):
        yield actor.key, "partyTo", target.key
    elif t in ISSUABLE and _triggered("issuedBy", lemmas):
        yield target.key, "issuedBy", actor.key
        if (t == "Policy" and actor.cls == "Person" and lemmas & load_rules().sponsor_verbs
                and length <= 4):   # the bill itself, not "a motion to repeal the act"
            yield actor.key, "supports", target.key   # a bill's sponsors back it
    elif t == "Event" and _triggered("participatesIn", lemmas):
        yield actor.key, "participatesIn", target.key
    elif t == "AISystem" and actor.cls != "Person" and _triggered("developedBy", lemmas):
        yield target.key, "developedBy", actor.key
    elif t == "Risk" and _triggered("concernedAbout", lemmas):
        yield actor.key, "concernedAbout", target.key
    elif t == "Organization" and actor.cls == "Person" and _triggered("leads", lemmas):
        yield actor.key, "leads", target.key
    elif t == "Organization" and actor.cls == "Person" and _triggered("affiliatedWith", lemmas):
        yield actor.key, "affiliatedWith", target.key
    elif (t == "Organization" and actor.cls != "Person" and _triggered("memberOf", lemmas)
          and length <= 5):
        yield actor.key, "memberOf", target.key
    elif t in SUPPORTABLE and _triggered("supports", lemmas):
        yield actor.key, "supports", target.key
    if actor.cls == "Person" and t in LEADABLE and _triggered("leads", lemmas) \
            and t != "Organization":
        yield actor.key, "leads", target.key


def possessive_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'<actor>'s <thing>': who issued, built or holds it."""
    by_token = {}
    for m in ctx.mentions:
        for i in range(m.start, m.end):
            by_token[i] = m
    for m in ctx.mentions:
        if m.cls not in ACTORS or not m.key:
            continue
        root = mention_root(ctx.doc, m)
        if root.dep_ != "poss":
            continue
        owned = by_token.get(root.head.i)
        if owned is None or not owned.key or owned.key == m.key:
            continue
        path = [root, root.head]
        if owned.cls in ISSUABLE:
            yield ctx.claim(owned.key, "issuedBy", m.key, 0.85, path)
        elif owned.cls == "AISystem" and m.cls != "Person":
            yield ctx.claim(owned.key, "developedBy", m.key, 0.8, path)
        elif owned.cls == "Event":
            yield ctx.claim(m.key, "participatesIn", owned.key, 0.75, path)
        elif owned.cls == "Organization" and m.cls == "Organization" and is_unit_name(owned.label):
            # "the Commerce Department's Bureau of ...": a unit of the body
            # ("Microsoft's OpenAI" is an investment, not a unit)
            yield ctx.claim(owned.key, "memberOf", m.key, 0.75, path)




def is_unit_name(label: str) -> bool:
    """A name formed like a unit of a larger body ("Bureau of ...", "AI Office")."""
    return any(w.lower() in load_rules().unit_heads for w in label.split())


def unit_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'the Centre for X at Y University', 'CAISI, part of NIST', 'the AI Office,
    the Commission body that ...': a body inside a larger one."""
    by_token = {i: m for m in ctx.mentions for i in range(m.start, m.end) if m.key}
    for m in ctx.mentions:
        if m.cls != "Organization" or not m.key:
            continue
        root = mention_root(ctx.doc, m)
        # "at" may hang on the name's last word ("Centre for Policy at X")
        children = [c for t in ctx.doc[m.start:m.end] for c in t.children if c.i >= m.end]
        for child in children:
            if child.dep_ == "prep" and child.lower_ in ("at", "within", "inside"):
                objects = [child]
            elif (child.dep_ == "appos" and child.lower_ in load_rules().part_nouns
                  and child.i not in by_token):   # "the Pentagon, the Defense Department": one body
                objects = [child] + [c for c in child.children if c.dep_ == "prep" and c.lower_ == "of"]
            else:
                continue
            for holder in objects:
                for obj in holder.children:
                    if obj.dep_ not in ("pobj", "poss", "compound"):
                        continue
                    larger = by_token.get(obj.i)
                    if larger is not None and larger.cls == "Organization" and larger.key != m.key:
                        yield ctx.claim(m.key, "memberOf", larger.key, 0.7, [root, holder, obj])


def name_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """Parties and places written inside an event's name ("US-China talks",
    "Trump-Xi Beijing Summit"), and the paired parties of an agreement's name
    ("the US-UK Tech Agreement")."""
    for agreement in ctx.mentions:
        if core_class(agreement.cls) != "Agreement" or not agreement.key:
            continue
        for m in ctx.inner:
            if (agreement.start <= m.start and m.end <= agreement.end and m.key
                    and core_class(m.cls) in ("Country", "Organization") and is_hyphen_pair(ctx.doc, m)):
                yield ctx.claim(m.key, "partyTo", agreement.key, 0.75)
    for event in ctx.mentions:
        if event.cls != "Event" or not event.key:
            continue
        for m in ctx.inner:
            if not (event.start <= m.start and m.end <= event.end) or not m.key:
                continue
            if m.cls in ("Country", "Person", "Organization"):
                yield ctx.claim(m.key, "participatesIn", event.key, 0.8)
            elif m.cls == "Place":
                yield ctx.claim(event.key, "heldIn", m.key, 0.8)


def quote_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'"...," said X. "Models could help make pathogens."': the quotation goes on,
    and so does X's concern about the risks it names."""
    if ctx.speaker is None:
        return
    for r in ctx.risks:
        yield ctx.claim(ctx.speaker, "concernedAbout", f"risk/{r.concept}", 0.55)


def sentence_speaker(sent: Span, mentions: list[Mention]) -> str | None:
    """The person who is the subject of a verb of saying in the sentence."""
    by_token = {i: m for m in mentions for i in range(m.start, m.end) if m.key}
    for token in sent:
        if token.lemma_.lower() in load_rules().speech_verbs and token.pos_ == "VERB":
            for child in token.children:
                m = by_token.get(child.i)
                if child.dep_ == "nsubj" and m is not None and m.cls == "Person":
                    return m.key
    return None


def opens_quotation(sent: Span) -> bool:
    first = next((t for t in sent if not t.is_space), None)
    return first is not None and first.text in ('"', "“") and not any(
        t.lemma_.lower() in load_rules().speech_verbs and t.pos_ == "VERB" for t in sent)


def leader_name_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'the Trump administration', 'the Biden government': named after who leads it."""
    for m in ctx.mentions:
        if m.key in ctx.leaders:
            yield ctx.claim(ctx.leaders[m.key], "leads", m.key, 0.8)


def office_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """A well-known office holder serves the country or body of their office
    when the article names it ("President Xi Jinping" in an article about
    China); stronger where a title stands before the name. Known from the
    gazetteer, so the claim is asserted whatever the sentence's modality."""
    for m in ctx.mentions:
        for office in ctx.offices.get(m.key or "", ()):
            modifiers = [t.text for t in left_modifiers(ctx.doc, m)]
            titled = bool(m.titles) or (bool(modifiers) and is_role_word(modifiers))
            base = 0.8 if titled else 0.7
            yield Claim(subject=m.key, predicate="affiliatedWith", object=office,
                        article=ctx.article, evidence=ctx.evidence, modality="Asserted",
                        confidence=base,
                        signals=claim_signals(ctx, m.key, "affiliatedWith", office, None, "Asserted", base))


def where_clause_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'the summit, where X and Y agreed ...': the subjects of a where-clause take part."""
    by_token = {i: m for m in ctx.mentions for i in range(m.start, m.end) if m.key}
    for event in ctx.mentions:
        if event.cls != "Event" or not event.key:
            continue
        root = mention_root(ctx.doc, event)
        for clause in root.children:
            if clause.dep_ != "relcl" or not any(c.lower_ == "where" for c in clause.children):
                continue
            for subj in subjects_of(clause):
                m = by_token.get(subj.i)
                if m is not None and core_class(m.cls) in ACTORS:
                    yield ctx.claim(m.key, "participatesIn", event.key, 0.75, [subj, clause])


def is_hyphen_pair(doc: Doc, m: Mention) -> bool:
    """'US-UK', 'EU-Japan': a name joined to another by a hyphen."""
    return ((m.end < len(doc) and doc[m.end].text in ("-", "–") )
            or (m.start > 0 and doc[m.start - 1].text in ("-", "–")))


def place_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'<event> in <place>', '<event> was held in <place>', 'in <place>, <event> took place'."""
    places = {i: m for m in ctx.mentions if m.cls in ("Place", "Country") and m.key
              for i in range(m.start, m.end)}
    for event in ctx.mentions:
        if event.cls != "Event" or not event.key:
            continue
        root = mention_root(ctx.doc, event)
        heads = [root]
        if root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and root.head.pos_ in ("VERB", "AUX"):
            heads.append(root.head)
        heads += [c for c in root.children if c.dep_ in ("relcl", "acl")]  # "..., which was held in X"
        # "the Summit in Geneva", however the parser attached the "in"
        after = event.end
        if after + 1 < len(ctx.doc) and ctx.doc[after].lower_ in ("in", "at"):
            place = places.get(after + 1)
            if place is not None and place.key != event.key:
                yield ctx.claim(event.key, "heldIn", place.key, 0.75)
        for head in heads:
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ not in ("in", "at"):
                    continue
                for obj in prep.children:
                    place = places.get(obj.i)
                    if place is not None and place.key != event.key:
                        yield ctx.claim(event.key, "heldIn", place.key, 0.75, [head, prep, obj])


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


def date_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """Dates written in a name ("the 2023 Declaration") or attached to the verb or
    noun of an event, agreement, policy or document ("released in July 2025")."""
    dated = [m for m in ctx.mentions if m.cls in RISK_HOLDERS and m.key]
    for m in dated:
        if m.year:
            yield ctx.claim(m.key, "date", m.year, 0.85, datatype="gYear")
    date_ents = [e for e in ctx.sent.ents if e.label_ == "DATE"]
    for m in dated:
        root = mention_root(ctx.doc, m)
        anchors = {root.i}
        if root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            anchors.add(root.head.i)
        verb = governing_verb(root)
        if verb is not None:
            anchors.add(verb.i)   # "published on Thursday the final version of its code"
        anchors |= {c.i for c in root.children if c.dep_ in ("acl", "relcl")}
        # "X, a research agenda drawn up in 2025": the apposition and its clauses
        for appos in appositions_after(ctx.doc, m, root):
            anchors |= {appos.i} | {c.i for c in appos.children if c.dep_ in ("acl", "relcl")}
        for ent in date_ents:
            chain = ancestors_to(ent.root, None)[1:4]
            if not any(t.i in anchors for t in chain):
                continue
            value = normalise_date(ent.text, ctx.article_date)
            if value:
                yield ctx.claim(m.key, "date", value[0], 0.75, datatype=value[1])
                break


def left_modifiers(doc: Doc, person: Mention) -> list[Token]:
    """The words before a name that belong to its noun phrase ("US Treasury Secretary")."""
    tokens: list[Token] = []
    j = person.start - 1
    while j >= 0:
        tok = doc[j]
        if tok.is_punct or "\n" in tok.text or tok.lower_ in ("the", "a", "an", "and", "with",
                                                              "by", "to", "of"):
            break
        if not (person.start <= tok.head.i < person.end or any(tok.head.i == t.i for t in tokens)
                or tok.head.i > j and tok.head.i < person.end):
            break
        tokens.insert(0, tok)
        j -= 1
    return tokens


def is_role_word(words: list[str]) -> bool:
    lowered = [w.lower() for w in words]
    nouns = load_rules().role_nouns
    if any(w in nouns for w in lowered):
        return True
    joined = " ".join(lowered)
    return any(" ".join(t) in joined for t in role_title_words() if t[0] not in
               ("former", "ex", "acting", "then", "deputy", "vice", "us", "u.s.", "senior"))




def is_head_role(role: str) -> bool:
    """Whether a role heads the body it names: "acting director of X", "CEO and
    co-founder"; not "deputy director", "senior director" or "policy director"."""
    titles = load_rules().head_titles
    # cut at the body's name ("director of the X Institute", "CEO at X"), not at a
    # field ("president of global affairs", "director of research": no head)
    cut = re.search(r"\s(?:of|at|for|with|in)\s|\(", role)
    title, rest = (role[:cut.start()], role[cut.end():]) if cut else (role, "")
    if is_field(rest):
        return False   # "president of global affairs at X", "director of research"
    title = title.lower()
    for part in re.split(r",|\band\b|&", title):
        words = [w for w in part.split() if w not in load_rules().temporary_title_words]
        if words and " ".join(words) in titles:
            return True
    return False


def is_field(rest: str) -> bool:
    """Whether what follows a title's "of" is a field, not the body's name: it
    starts in lower case and reaches a preposition (or its end) before any
    capitalised word ("global affairs at Meta"; not "the watchdog group X")."""
    words = rest.split()
    if words[:1] == ["the"]:
        words = words[1:]
    if not words or words[0][:1].isupper():
        return False
    for word in words:
        if word[:1].isupper():
            return False
        if word in ("of", "at", "for", "with", "in"):
            return True
    return True


def title_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'Anthropic CEO X', 'Chinese Vice Finance Minister X', 'former ... official X',
    'X, the director of Y', 'X, now working with Y'."""
    doc = ctx.doc
    by_token = {i: m for m in ctx.mentions for i in range(m.start, m.end)}
    for person in ctx.mentions:
        if person.cls != "Person" or not person.key:
            continue
        modifiers = left_modifiers(doc, person)
        affiliations = {by_token[t.i].key: by_token[t.i] for t in modifiers if t.i in by_token}
        role_words = strip_leading_names(modifiers, by_token) + person.titles.split()
        if role_words and is_role_word(role_words):
            role = " ".join(role_words).strip(" ,'’s")
            yield ctx.claim(person.key, "role", role, 0.9)
            for key, m in sorted(affiliations.items()):
                if m.cls in ("Organization", "Country") and key != person.key:
                    yield ctx.claim(person.key, "affiliatedWith", key, 0.85)
                    if m.country:   # an official of the US Treasury serves the US
                        yield ctx.claim(person.key, "affiliatedWith", m.country, 0.75)
                    if m.cls == "Organization" and is_head_role(role):
                        yield ctx.claim(person.key, "leads", key, 0.8)
        yield from apposition_relations(ctx, person, by_token)


def strip_leading_names(modifiers: list[Token], by_token: dict[int, Mention]) -> list[str]:
    """Role words: the modifiers minus the names of the bodies that lead them
    ("US Treasury Secretary" -> "Secretary"; "former State Department official" stays)."""
    k = 0
    while k < len(modifiers) and (modifiers[k].i in by_token or modifiers[k].text in ("'s", "’s")):
        k += 1
    honorifics = load_rules().honorifics
    return [t.text for t in modifiers[k:] if t.text not in ("'s", "’s") and t.text not in honorifics]


POSSESSIVES = {"'s", "’s", "its", "their"}


def mirror_title_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'Canada's Minister of Digital Innovation, Devinder Gill, said' / 'Its
    co-founder, Efua Boateng,': a possessor, a title, then the name between
    commas; read from the words, since the parser often hangs the name on the
    title's last word."""
    doc = ctx.doc
    by_token = {i: m for m in ctx.mentions for i in range(m.start, m.end) if m.key}
    for person in ctx.mentions:
        if person.cls != "Person" or not person.key or person.start < 3 \
                or doc[person.start - 1].text != "," or person.end >= len(doc) \
                or doc[person.end].text not in (",", "."):
            continue
        j = person.start - 2
        while j >= ctx.sent.start and doc[j].lower_ not in POSSESSIVES and doc[j].text != "," \
                and doc[j].pos_ not in ("VERB", "AUX") and person.start - j <= 12:
            j -= 1
        if j < ctx.sent.start or doc[j].lower_ not in POSSESSIVES:
            continue
        owner = by_token.get(j - 1 if doc[j].lower_ in ("'s", "’s") else j)
        role = doc[j + 1:person.start - 1].text.strip()
        if owner is None or owner.key == person.key or not is_role_word(role.replace("-", " ").split()):
            continue
        yield ctx.claim(person.key, "role", role, 0.85)
        if core_class(owner.cls) in ("Organization", "Country"):
            yield ctx.claim(person.key, "affiliatedWith", owner.key, 0.8)
            if core_class(owner.cls) == "Organization" and is_head_role(role):
                yield ctx.claim(person.key, "leads", owner.key, 0.75)


def role_phrase(doc: Doc, tokens: list[Token], by_token: dict[int, Mention],
                exclude: range) -> str:
    """The title words of a phrase: after its determiners, possessors and names,
    up to its first preposition or comma ("Acme's chief executive and co-founder")."""
    kept = [t for t in tokens if t.i not in exclude]
    k = 0
    while k < len(kept) and (kept[k].i in by_token or kept[k].dep_ in ("det", "case", "poss", "punct")
                             or kept[k].lower_ in ("'s", "’s")):
        k += 1
    if k == len(kept):
        return ""
    first = kept[k]
    end = first.i
    for t in kept[k:]:
        if t.i != end or (t.i > first.i and t.dep_ in ("prep", "relcl", "acl") and t.lower_ != "of"
                          and t.head.i >= first.i) or (t.text == "," and t.i > first.i):
            break
        end = t.i + 1
    words = doc[first.i:end].text.strip(" ,")
    return words if words and is_role_word(words.replace("-", " ").split()) else ""


def apposition_relations(ctx: SentenceContext, person: Mention,
                         by_token: dict[int, Mention]) -> Iterator[Claim]:
    """'X, the director of Y', 'X, now working with Y', and the mirror form
    'Its director, X,' / 'Y's minister, X,'."""
    root = mention_root(ctx.doc, person)
    phrases = [c for c in root.children if c.dep_ in ("appos", "acl", "relcl", "advcl")]
    # "Dr. Jane Roe of Acme University", "Jane Roe at the institute"
    for prep in root.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "at", "from"):
            for obj in prep.children:
                m = by_token.get(obj.i)
                if m is not None and m.key and core_class(m.cls) == "Organization":
                    yield ctx.claim(person.key, "affiliatedWith", m.key, 0.75, [root, prep, obj])
    if root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN"):
        phrases.append(root.head)
    for phrase in phrases:
        subtree = [t for t in phrase.subtree if not person.start <= t.i < person.end]
        if phrase.i == root.head.i and root.dep_ == "appos":
            subtree = [t for t in subtree if t.i < person.start]
        orgs = {by_token[t.i].key: by_token[t.i] for t in subtree
                if t.i in by_token and by_token[t.i].cls in ("Organization", "Country")
                and by_token[t.i].key and by_token[t.i].key != person.key}
        role = ""
        if phrase.dep_ == "appos" or (phrase.i == root.head.i and root.dep_ == "appos"):
            role = role_phrase(ctx.doc, subtree, by_token, range(person.start, person.end))
            if role:
                yield ctx.claim(person.key, "role", role, 0.8)
        lemmas = {t.lemma_.lower() for t in subtree}
        # "who heads X" leads it (and so serves in it); "the report's lead author" does not
        verbs = {t.lemma_.lower() for t in subtree if t.pos_ == "VERB"}
        if orgs and (role or phrase.dep_ == "appos" or _triggered("affiliatedWith", lemmas)
                     or _triggered("leads", verbs)):
            for key in sorted(orgs):
                yield ctx.claim(person.key, "affiliatedWith", key, 0.75, [root, phrase])
                if orgs[key].country:
                    yield ctx.claim(person.key, "affiliatedWith", orgs[key].country, 0.7,
                                    [root, phrase])
            if _triggered("leads", verbs) or is_head_role(role):
                for key, m in sorted(orgs.items()):
                    if m.cls == "Organization":
                        yield ctx.claim(person.key, "leads", key, 0.7, [root, phrase])




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




def signatory_tokens(sent: Span) -> list[Token]:
    """'the signatories', 'those signing', 'countries that signed' as a noun phrase."""
    found = [t for t in sent if t.lemma_.lower() in load_rules().signatory_nouns]
    verbs = load_rules().signing_verbs
    found += [t for t in sent if (t.lemma_.lower() in verbs or t.lower_.removesuffix("ing") in verbs)
              and t.tag_ in ("VBG", "VBN", "NN") and (
                  any(c.lower_ == "those" for c in t.children)
                  or (t.dep_ in ("acl", "relcl") and t.head.lower_ in load_rules().party_nouns))]
    return found


def signatory_list_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'Signatories included X and Y', 'X and Y were among the signatories', 'Those
    endorsing the declaration included X': parties to the one agreement the
    sentence names, else to the one named last."""
    named = {m.key for m in ctx.mentions if m.key and core_class(m.cls) == "Agreement"}
    agreement = named.pop() if len(named) == 1 else None if named else ctx.last_agreement
    if agreement is None:
        return
    for token in signatory_tokens(ctx.sent):
        verb = token
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        for m in ctx.mentions:
            if not m.key or core_class(m.cls) not in ("Country", "Organization"):
                continue
            path = dependency_path(mention_root(ctx.doc, m), token)
            if len(path) <= 6 and any(t.i == verb.i for t in path):
                yield ctx.claim(m.key, "partyTo", agreement, 0.6, path)


def implicit_object_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'X and Y said they would sign': the agreement is the one named last."""
    if ctx.last_agreement is None:
        return
    by_token = {i: m for m in ctx.mentions for i in range(m.start, m.end) if m.key}
    for verb in ctx.sent:
        if verb.lemma_.lower() not in load_rules().signing_verbs or verb.pos_ != "VERB":
            continue
        if any(c.dep_ in ("dobj", "nsubjpass", "pobj") for c in verb.children) or any(
                c.dep_ == "prep" and c.lower_ not in ("on", "in", "at", "during", "after", "before")
                for c in verb.children):
            continue  # it has an object of its own ("signed on Monday" has none)
        for subj in subjects_of(verb):
            m = by_token.get(subj.i)
            if m is not None and core_class(m.cls) in ACTORS:
                yield ctx.claim(m.key, "partyTo", ctx.last_agreement, 0.55,
                                dependency_path(subj, verb))


PATTERNS = (title_relations, mirror_title_relations, implicit_object_relations, signatory_list_relations, where_clause_relations,
            leader_name_relations, office_relations, unit_relations, quote_relations, possessive_relations, name_relations, place_relations,
            date_relations, path_relations)
PATTERNS += (known_developer_relations,)   # gazetteer knowledge: extract/known.py


def spans_of(ctx: SentenceContext, key: str) -> list[tuple[int, int]]:
    """Where the sentence names the entity or risk ``key``."""
    if key.startswith("risk/"):
        return [(r.start, r.end) for r in ctx.risks if f"risk/{r.concept}" == key]
    return [(m.start, m.end) for m in ctx.mentions + ctx.inner if m.key == key]


def pair_signals(ctx: SentenceContext, s: str, o: str) -> set[str]:
    """How the sentence joins a fact's two ends, whichever pattern proposed it:
    their distance and order, the words between them, the dependency path
    between their heads and the word it meets at."""
    pairs = [(a, b) for a in spans_of(ctx, s) for b in spans_of(ctx, o) if a != b]
    if not pairs:
        return {"ends:apart"}
    a, b = min(pairs, key=lambda ab: (max(ab[0][0], ab[1][0]) - min(ab[0][1], ab[1][1]), ab))
    first, second = sorted((a, b))
    gap = max(0, second[0] - first[1])
    signals = {f"gap:{bucket(gap, (0, 1, 3, 6, 10, 20))}", "order:so" if a < b else "order:os"}
    doc = ctx.doc
    if gap <= 12:
        signals |= {f"btw:{t.lemma_.lower()}" for t in doc[first[1]:second[0]]}
    sroot, oroot = doc[a[0]:a[1]].root, doc[b[0]:b[1]].root
    signals |= {f"sdep:{sroot.dep_}", f"odep:{oroot.dep_}"}
    signals |= {f"srole:{clause_role(sroot)}", f"orole:{clause_role(oroot)}",
                f"root:{ctx.sent.root.lemma_.lower()}"}
    verb = says(sroot)
    if verb is not None:
        signals.add("s-says")
        if any(t.i == oroot.i for t in verb.subtree):
            signals.add("o-in-what-s-says")
    path = dependency_path(sroot, oroot)
    lca = path[-1]
    if lca.i not in (sroot.i, oroot.i):
        signals.add(f"lca:{lca.lemma_.lower()}")
    if len(path) <= 5:
        signals.add("dpath:" + "/".join(t.dep_ for t in path[:-1]))
    return signals


def sentence_things(ctx: SentenceContext) -> list[Party]:
    """The named things of the sentence that a fact may join: mentions, risks
    and the countries a group phrase stands for."""
    things = parties(ctx) + [Party(f"risk/{r.concept}", "Risk", mention_root(ctx.doc, r),
                                   (r.start, r.end)) for r in ctx.risks]
    return things + [g for g in group_parties(ctx) if g.key not in {t.key for t in things}]


def fitting_pairs(subjects: list[Party], objects: list[Party]) -> Iterator[tuple[Party, str, Party]]:
    """(subject, property, object) for every pair whose classes fit a property's
    domain and range (``ontology/aigraph.ttl``), each triple of keys once."""
    seen = set()
    for prop, (domain, rng) in sorted(property_domains().items()):
        if rng is None or prop not in CANDIDATE_PROPERTIES:
            continue
        for s in subjects:
            if s.cls not in domain:
                continue
            for o in objects:
                if o.key != s.key and o.cls in rng and (s.key, prop, o.key) not in seen:
                    seen.add((s.key, prop, o.key))
                    yield s, prop, o


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


def cooccurrence_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """Every pair of named things in the sentence that fits a property: broad
    candidates that no hand-written pattern found, for the relation model to
    accept or reject."""
    things = sentence_things(ctx)
    for s, prop, o in fitting_pairs(things, things):
        yield ctx.claim(s.key, prop, o.key, 0.3, dependency_path(s.root, o.root))


def neighbour_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """Pairs with one end in this sentence and the other in the sentence before
    ("The declaration was adopted on Monday. Japan and Canada signed it."),
    with both sentences as evidence."""
    if ctx.previous_sent is None:
        return
    here = [t for t in sentence_things(ctx)]
    before = [Party(m.key, core_class(m.cls), mention_root(ctx.doc, m), m.span)
              for m in ctx.previous if m.key]
    before += [Party(f"risk/{r.concept}", "Risk", mention_root(ctx.doc, r), (r.start, r.end))
               for r in ctx.previous_risks]
    present = {t.key for t in here}
    before = [b for b in before if b.key not in present]   # pairs inside one sentence are done
    evidence = " ".join(f"{ctx.previous_sent.text} {ctx.sent.text}".split())
    for s, prop, o in list(fitting_pairs(here, before)) + list(fitting_pairs(before, here)):
        claim = ctx.claim(s.key, prop, o.key, 0.3)
        yield replace(claim, evidence=evidence, signals=claim.signals | {"window:previous"})


#: Properties for which co-occurrence proposes candidates (all entity-valued ones).
CANDIDATE_PROPERTIES = frozenset({
    "affiliatedWith", "leads", "memberOf", "partyTo", "issuedBy", "participatesIn", "heldIn",
    "addressesRisk", "concernedAbout", "supports", "opposes", "developedBy"})


def sentence_claims(ctx: SentenceContext) -> Iterator[Claim]:
    """The candidate facts of a sentence, each tagged with the pattern family that
    proposed it (a feature of the relation model)."""
    for pattern in PATTERNS + (cooccurrence_relations, neighbour_relations):
        rule = f"rule:{pattern.__name__.removesuffix('_relations')}"
        for claim in pattern(ctx):
            yield replace(claim, signals=claim.signals | {rule})
