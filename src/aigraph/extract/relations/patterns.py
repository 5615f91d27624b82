"""Pattern families of actions, texts, events, places and dates: an actor and
a target joined through a trigger word (``ontology/extraction-rules.ttl``),
possessives, names written inside names, signatory lists, where-clauses,
places and dates attached to events and texts."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from ...model import Claim
from ...ontology import core_class, property_domains
from ..dates import normalise_date
from ..mentions import Mention, role_words
from ..rules import load_rules
from .context import Party, SentenceContext, group_parties, parties, risk_parties
from .dependency import names_at
from .registry import pattern
from .tree import (MAX_PATH, _triggered, ancestors_to, appositions_after, 
                   dependency_path, governing_verb, is_actor_position, is_hyphen_pair,
                   is_main_subject, mention_root, noun_anchor, path_lemmas, subjects_of)


ACTORS = {"Person", "Organization", "Country"}


ISSUABLE = {"Agreement", "Policy", "Document"}


RISK_HOLDERS = {"Agreement", "Policy", "Document", "Event"}


SUPPORTABLE = {"Agreement", "Policy", "Event", "Organization"}


LEADABLE = {"Organization", "Event", "Document", "Agreement"}


@pattern("path")
def path_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """Actor -> trigger -> target, for every pair in the sentence."""
    mentions = parties(ctx)
    actors = [p for p in mentions if p.cls in ACTORS and is_actor_position(p.root)]
    actors += group_parties(ctx)
    targets = [p for p in mentions if p.cls not in ("Person", "Country", "Place")]
    targets += risk_parties(ctx)
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
            if target.cls == "Policy" and lemmas & load_rules().signing_verbs \
                    and listed_under(path):
                # "companies signed the code, including X" / "signed the code,
                # including X": a listed signatory backs the text, it did not issue it
                lemmas = {"support"}
            for s, p, o in decide(actor, target, lemmas, len(path)):
                if p == "concernedAbout" and speaks_through_a_person(actor):
                    continue
                if (s, p, o) not in seen:
                    seen.add((s, p, o))
                    # (a concern's modality is read on the actor's side: SentenceContext.scope)
                    yield ctx.claim(s, p, o, 0.7 if len(path) <= 6 else 0.6, path)
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


def listed_under(path: list[Token]) -> bool:
    """Whether the path passes through "including", "such as" or "like": the
    actor is a member of a list hung on a group noun or on the target."""
    return any(t.dep_ == "prep" and t.lower_ in load_rules().group_prepositions for t in path)


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
    if "for" in lemmas and "against" not in lemmas:
        # "lobbied / campaigned / argued for the bill" backs it: these verbs
        # oppose only with "against"
        lemmas = lemmas - load_rules().against_verbs
    if _triggered("opposes", lemmas) and t in SUPPORTABLE:
        yield actor.key, "opposes", target.key
        return
    if t == "Agreement" and _triggered("partyTo", lemmas):
        yield actor.key, "partyTo", target.key
    elif t in ISSUABLE and _triggered("issuedBy", lemmas):
        yield target.key, "issuedBy", actor.key
        # the bill itself, not "a motion to repeal the act"; "(co-)sponsored" is
        # said of bills only, so it may reach further ("introduced by A and
        # co-sponsored by B")
        if (t == "Policy" and actor.cls == "Person" and lemmas & load_rules().sponsor_verbs
                and (length <= 4 or (length <= 7 and lemmas & load_rules().sponsoring_lemmas))):
            yield actor.key, "supports", target.key   # a bill's sponsors back it
        elif t == "Policy" and "sign" in lemmas:
            # "Governor X signed the bill": who signs a bill into law backs it (an
            # order's signer issues it; the model weighs the two by the text's kind)
            yield actor.key, "supports", target.key
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
        if {"count", "among"} <= lemmas:   # "Y counts A among its members": A is the member
            if actor.cls == "Organization":
                yield target.key, "memberOf", actor.key
        else:
            yield actor.key, "memberOf", target.key
    elif t in SUPPORTABLE and _triggered("supports", lemmas):
        yield actor.key, "supports", target.key
    if actor.cls == "Person" and t in LEADABLE and _triggered("leads", lemmas) \
            and t != "Organization":
        yield actor.key, "leads", target.key


@pattern("possessive")
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
        if owned is None and root.head.lower_ in load_rules().system_heads_after_name:
            # "X's Nimbus-3 model": the name compounds the noun X owns
            owned = next((by_token[c.i] for c in root.head.children
                          if c.dep_ == "compound" and c.i in by_token), None)
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
    """A name formed like a unit of a larger body ("Bureau of ...", "X Office")."""
    return any(w.lower() in load_rules().unit_heads for w in label.split())


@pattern("unit")
def unit_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'the Centre for X at Y University', 'the X Bureau, part of the Y Ministry',
    'the X Office, the Commission body that ...': a body inside a larger one."""
    by_token = ctx.named_tokens
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


@pattern("name")
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


@pattern("quote")
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


@pattern("where_clause")
def where_clause_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'the summit, where X and Y agreed ...': the subjects of a where-clause take part."""
    by_token = ctx.named_tokens
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


@pattern("place")
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


@pattern("date")
def date_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """Dates written in a name ("the 2023 Declaration") or attached to the verb or
    noun of an event, agreement, policy or document ("released in July 2025")."""
    dated = [m for m in ctx.mentions if m.cls in RISK_HOLDERS and m.key]
    for m in dated:
        if m.year:
            yield ctx.claim(m.key, "date", m.year, 0.85, datatype="gYear")
    date_ents = ctx.dates
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


def signatory_tokens(sent: Span) -> list[Token]:
    """'the signatories', 'those signing', 'countries that signed' as a noun phrase."""
    found = [t for t in sent if t.lemma_.lower() in load_rules().signatory_nouns]
    verbs = load_rules().signing_verbs
    found += [t for t in sent if (t.lemma_.lower() in verbs or t.lower_.removesuffix("ing") in verbs)
              and t.tag_ in ("VBG", "VBN", "NN") and (
                  any(c.lower_ == "those" for c in t.children)
                  or (t.dep_ in ("acl", "relcl") and t.head.lower_ in load_rules().party_nouns))]
    return found


@pattern("signatory_list")
def signatory_list_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'Signatories included X and Y', 'X and Y were among the signatories', 'Those
    endorsing the declaration included X': parties to the one agreement the
    sentence names, else to the one named last."""
    named = {m.key for m in ctx.mentions if m.key and core_class(m.cls) == "Agreement"}
    signed = what_is_signed(ctx, named.pop() if len(named) == 1 else None if named else ctx.last_agreement)
    if signed is None:
        return
    agreement, prop = signed
    for token in signatory_tokens(ctx.sent):
        verb = token
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        for m in ctx.mentions:
            if not m.key or core_class(m.cls) not in ("Country", "Organization"):
                continue
            path = dependency_path(mention_root(ctx.doc, m), token)
            if len(path) <= 6 and any(t.i == verb.i for t in path):
                yield ctx.claim(m.key, prop, agreement, 0.6, path)


def what_is_signed(ctx: SentenceContext, agreement: str | None) -> tuple[str, str] | None:
    """The text a signer signs and the fact signing it makes: a party to the
    agreement, else a backer of the code or law named last (no agreement named)."""
    if agreement is not None:
        return agreement, "partyTo"
    if (ctx.last_text or "").startswith("policy/"):
        return ctx.last_text, "supports"
    return None


def listing_verb(noun: Token) -> Token | None:
    """The verb that lists what a group noun holds: "participants included ...",
    "the participants, who included ...", "the speakers were ..."."""
    verbs = load_rules().listing_verbs
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in verbs:
        return noun.head
    return next((c for c in noun.children if c.dep_ == "relcl" and c.lemma_.lower() in verbs), None)


def sole_event(ctx: SentenceContext) -> str | None:
    """The one event this sentence names, else the one the sentence before names."""
    for mentions in (ctx.mentions, ctx.previous):
        events = {m.key for m in mentions if m.key and core_class(m.cls) == "Event"}
        if events:
            return events.pop() if len(events) == 1 else None
    return None


@pattern("participants_listed")
def participants_listed_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'The participants, who included A and B, ...', 'Attendees included A':
    a list of participants beside no event of its own ("participants at Y" is
    the dependency patterns') takes part in the one event of this sentence or
    of the sentence before."""
    for noun in ctx.sent:
        if noun.lemma_.lower() not in load_rules().participant_nouns or noun.pos_ != "NOUN" \
                or any(c.dep_ == "prep" for c in noun.children):
            continue
        verb = listing_verb(noun)
        event = sole_event(ctx) if verb is not None else None
        if event is None:
            continue
        listed = {t.i for c in verb.children if c.dep_ in ("attr", "dobj") for t in c.subtree}
        for m in ctx.mentions:
            if m.key and core_class(m.cls) in ACTORS and mention_root(ctx.doc, m).i in listed:
                yield ctx.claim(m.key, "participatesIn", event, 0.7, [noun, verb])


def article_event(ctx: SentenceContext) -> str | None:
    """The event this sentence or the one before names, else the article's only one."""
    event = sole_event(ctx)
    if event is None:
        events = {k for k in ctx.salience if k.startswith("event/")}
        event = events.pop() if len(events) == 1 else None
    return event


def delegation_leaders(ctx: SentenceContext) -> Iterator[tuple[Token, list[Mention]]]:
    """Each delegation noun of the sentence with whoever leads it: "the X
    delegation was led / headed by A", "A led X's side"."""
    rules = load_rules()
    leads = rules.triggers.get("leads", frozenset())
    by_token = ctx.named_tokens
    for noun in ctx.sent:
        if noun.lemma_.lower() not in rules.delegation_nouns or noun.pos_ != "NOUN":
            continue
        verb = noun.head
        if verb.lemma_.lower() not in leads:
            continue
        if noun.dep_ == "nsubjpass":
            leaders = [p for by in verb.children if by.dep_ == "agent"
                       for p in by.children if p.dep_ == "pobj"]
        elif noun.dep_ == "dobj":
            leaders = [c for c in verb.children if c.dep_ == "nsubj"]
        else:
            continue
        yield noun, [m for t in leaders for m in names_at(t, by_token)]


@pattern("delegation_at_talks")
def delegation_at_talks_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'The German delegation was headed by A': whoever leads a country's
    delegation takes part in the talks the sentence, the one before or the
    article names (the dependency patterns say whom A serves)."""
    event = None
    for noun, leaders in delegation_leaders(ctx):
        event = event or article_event(ctx)
        if event is None:
            return
        for m in leaders:
            if m.key and core_class(m.cls) == "Person":
                yield ctx.claim(m.key, "participatesIn", event, 0.65, [noun, noun.head])


@pattern("stance_group")
def stance_group_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'Critics, including A and B, said the rule ...': each critic named in the
    list opposes the text the sentence is about (the agreement or policy named
    last, up to this sentence's end); 'supporters, including A' and 'with A as
    co-sponsor' back it. "Critics of X" is the dependency patterns'."""
    rules = load_rules()
    if ctx.last_text is None:
        return
    for noun in ctx.sent:
        lemma = noun.lemma_.lower()
        prop = "opposes" if lemma in rules.opponent_nouns else \
            "supports" if lemma in rules.backer_nouns else None
        if prop is None or noun.pos_ != "NOUN" or any(
                c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
            continue
        listed = {t.i for c in noun.children if c.dep_ == "prep" and c.lower_ in rules.group_prepositions
                  for t in c.subtree}
        if noun.head.lower_ == "as" and noun.dep_ == "pobj":
            # "with Senator X as co-sponsor", "X, as the bill's sponsor": who the "as" is said of
            said_of = noun.head.head
            listed |= {said_of.i} | {t.i for c in said_of.children if c.dep_ == "prep" and c.lower_ == "with"
                                     for t in c.subtree}
        for m in ctx.mentions:
            if m.key and m.key != ctx.last_text and core_class(m.cls) in ACTORS \
                    and mention_root(ctx.doc, m).i in listed:
                yield ctx.claim(m.key, prop, ctx.last_text, 0.65, [noun])


@pattern("will_not_sign")
def will_not_sign_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'X said it would not sign the code', 'X won't sign': a refusal, which the
    conventions read as opposing the text (as "X refused to sign" is); "has not
    signed" is no refusal. The text is the verb's object, else the one named last."""
    by_token = ctx.named_tokens
    for verb in ctx.sent:
        if verb.lemma_.lower() not in load_rules().signing_verbs or verb.pos_ != "VERB" \
                or not any(c.dep_ == "neg" for c in verb.children) \
                or not any(c.dep_ == "aux" and c.lower_ in ("will", "would", "wo", "'ll") for c in verb.children):
            continue
        objects = [by_token[c.i] for c in verb.children if c.dep_ == "dobj" and c.i in by_token]
        if objects:   # its own object, when that is a text ("would not sign the code")
            text = next((m.key for m in objects if core_class(m.cls) in ("Agreement", "Policy")), None)
        else:         # "X won't sign": the text named last
            text = ctx.last_agreement or ctx.last_text
        if text is None:
            continue
        for subj in subjects_of(verb):
            m = by_token.get(subj.i)
            if m is not None and core_class(m.cls) in ACTORS and m.key != text:
                # the negated verb stays off the path: the refusal itself is asserted
                yield ctx.claim(m.key, "opposes", text, 0.7, [subj])


@pattern("implicit_object")
def implicit_object_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'X and Y said they would sign': the agreement is the one named last (a
    code or law named last when no agreement is: its signers back it)."""
    signed = what_is_signed(ctx, ctx.last_agreement)
    if signed is None:
        return
    text, signs = signed
    by_token = ctx.named_tokens
    for verb in ctx.sent:
        if verb.lemma_.lower() not in load_rules().signing_verbs or verb.pos_ != "VERB":
            continue
        if any(c.dep_ in ("dobj", "nsubjpass", "pobj") for c in verb.children) or any(
                c.dep_ == "prep" and c.lower_ not in ("on", "in", "at", "during", "after", "before")
                for c in verb.children):
            continue  # it has an object of its own ("signed on Monday" has none)
        # "A declined to sign": a refusal of the text, which the conventions read
        # as opposing it (as "A refused to sign the X" is)
        refused = verb.dep_ == "xcomp" and verb.head.lemma_.lower() in load_rules().refusal_verbs
        for subj in subjects_of(verb):
            for m in names_at(subj, by_token):   # "two developers, A and B, declined to sign"
                if core_class(m.cls) not in ACTORS:
                    continue
                if refused:
                    yield ctx.claim(m.key, "opposes", text, 0.7, [subj, verb.head])
                else:
                    yield ctx.claim(m.key, signs, text, 0.55, dependency_path(subj, verb))


@pattern("vote_word")
def vote_word_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'Sens. A and B voted no', 'X voted yes': a vote on the bill or agreement
    the text was just about (a vote with an object of its own is read by the
    dependency patterns)."""
    if ctx.last_text is None:
        return
    rules = load_rules()
    by_token = ctx.named_tokens
    for verb in ctx.sent:
        if verb.lemma_.lower() != "vote" or verb.pos_ != "VERB":
            continue
        said = {c.lower_ for c in verb.children if c.dep_ in ("intj", "advmod", "dobj", "npadvmod", "acomp")}
        preps = {c.lower_: [g.lower_ for g in c.children if g.dep_ == "pobj"]
                 for c in verb.children if c.dep_ == "prep"}
        # "voted against." / "voted in favour": a vote with no object of its own
        said |= {p for p, objects in preps.items() if p in ("for", "against") and not objects}
        if any(o in ("favour", "favor") for o in preps.get("in", ())):
            said.add("yes")
        prop = "opposes" if said & rules.vote_no else "supports" if said & rules.vote_yes else None
        if prop is None or any(objects for p, objects in preps.items() if p in ("for", "against")):
            continue
        for subj in (c for c in verb.children if c.dep_ == "nsubj"):
            for m in names_at(subj, by_token):
                if core_class(m.cls) in ACTORS and m.key != ctx.last_text:
                    yield ctx.claim(m.key, prop, ctx.last_text, 0.7, dependency_path(subj, verb))


@pattern("person_of")
def person_of_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """A person followed by "of" or "from" and the body or country they
    belong to ("Presidents A of Rwanda and B of Togo", "A from the B
    Institute"), read from the words (the parser often hangs the second "of"
    on the wrong name)."""
    rng = property_domains()["affiliatedWith"][1] or frozenset()
    starts = {m.start: m for m in ctx.mentions if m.key}
    for person in ctx.mentions:
        if not person.key or person.cls != "Person" or person.end >= ctx.sent.end:
            continue
        if ctx.doc[person.end].lower_ not in ("of", "from"):
            continue
        for i in range(person.end + 1, min(person.end + 5, ctx.sent.end)):
            body = starts.get(i)
            if body is not None:
                if core_class(body.cls) in rng and body.key != person.key:
                    yield ctx.claim(person.key, "affiliatedWith", body.key, 0.7,
                                    [ctx.doc[person.end - 1], ctx.doc[person.end], ctx.doc[i]])
                break
            word = ctx.doc[i]
            if word.tag_ in ("VBD", "VBZ", "VBP", "MD") or word.pos_ in ("PUNCT", "CCONJ") \
                    or word.ent_type_ == "PERSON":
                break   # "A of the panel said B": only words that qualify the body between
