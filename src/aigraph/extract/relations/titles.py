"""Pattern families of titles and offices: role, affiliatedWith and leads from
"US Treasury Secretary X", "X, the director of Y", "Its co-founder, Y,",
well-known office holders and bodies named after their leader."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Token

from ...model import Claim
from ...ontology import core_class
from ..mentions import Mention, lower_role_titles, role_title_words, singular_title
from ..rules import load_rules
from .context import SentenceContext
from .registry import pattern
from .tree import _triggered, left_modifiers, mention_root


@pattern("leader_name")
def leader_name_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'the Trump administration', 'the Biden government': named after who leads
    it, when the article names that person too (an article that only says "the
    Biden administration" does not talk about Joe Biden). News annotators (the
    dev corpus, the development sets) do not count a president as leading the
    administration named after them, so this is only a weak candidate, and only
    where the sentence names both."""
    named = {m.key for m in ctx.mentions}
    for m in ctx.mentions:
        leader = ctx.leaders.get(m.key or "")
        if leader is not None and leader in named:
            yield ctx.claim(leader, "leads", m.key, 0.3)


@pattern("office")
def office_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """A well-known office holder serves the country or body of their office
    when the article names it ("President Xi Jinping" in an article about
    China); stronger where a title stands before the name. Known from the
    gazetteer, so the claim is asserted whatever the sentence's modality."""
    for m in ctx.mentions:
        for office in ctx.offices.get(m.key or "", ()):
            modifiers = [t.text for t in left_modifiers(ctx.doc, m)]
            titled = bool(m.titles) or (bool(modifiers) and is_role_word(modifiers))
            yield ctx.known_claim(m.key, "affiliatedWith", office, 0.8 if titled else 0.7)


def is_role_word(words: list[str]) -> bool:
    lowered = [w.lower() for w in words]
    nouns = load_rules().role_nouns
    if any(w in nouns for w in lowered):
        return True
    # whole words only: "mp" is a title, "company" and "companion" are not
    joined = f" {' '.join(lowered)} "
    return any(f" {' '.join(t)} " in joined for t in role_title_words()
               if not is_bare_prefix(t))


def is_bare_prefix(title: tuple[str, ...]) -> bool:
    """A word that only qualifies a title ("former", "acting"): no role alone,
    unless it is a title of its own too ("Deputy" in a parliament)."""
    return (len(title) == 1 and title[0] in load_rules().title_prefixes
            and title[0] not in lower_role_titles())


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
    if words[:1] and words[0].lower() in ("its", "their", "his", "her"):
        return True    # "chair of its ethics board": a part of the body, not the body
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


@pattern("title")
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
            written = clean_role(" ".join(role_words))
            role = singular_title(written)
            yield ctx.claim(person.key, "role", role, 0.9)
            yield from chamber_claims(ctx, person.key, role)
            if role != written:
                # a shared title ("Senators A and B"): each name coordinated after it holds it
                for other in names_sharing_title(ctx, person):
                    yield ctx.claim(other.key, "role", role, 0.85)
                    yield from chamber_claims(ctx, other.key, role)
            for key, m in sorted(affiliations.items()):
                if m.cls in ("Organization", "Country") and key != person.key:
                    yield ctx.claim(person.key, "affiliatedWith", key, 0.85)
                    if m.country:   # an official of the US Treasury serves the US
                        yield ctx.claim(person.key, "affiliatedWith", m.country, 0.75)
                    if m.cls == "Organization" and is_head_role(role):
                        yield ctx.claim(person.key, "leads", key, 0.8)
            for body in title_departments(ctx, person):
                yield ctx.claim(person.key, "affiliatedWith", body.key, 0.85)
                if body.country:
                    yield ctx.claim(person.key, "affiliatedWith", body.country, 0.75)
        yield from apposition_relations(ctx, person, by_token)


def title_departments(ctx: SentenceContext, person: Mention) -> list[Mention]:
    """The department a person's long title names ("Secretary of Commerce
    Jane Roe"; an inner mention, see ``mentions.core.title_department``)."""
    return [m for m in ctx.inner if m.cls == "Organization" and m.key and m.key != person.key
            and person.start <= m.start and m.end <= person.end]


def chamber_claims(ctx: SentenceContext, person: str, role: str) -> Iterator[Claim]:
    """A legislator's title names their chamber ("Sen. X" sits in the Senate,
    ``aigx:memberTitle``): the one chamber with that head noun the article names,
    preferring one named in this sentence."""
    head = load_rules().chamber_of_title.get(role.split()[-1].lower()) if role.split() else None
    if head is None:
        return
    chambers = sorted(k for k in ctx.salience if k.startswith("organization/")
                      and k.rsplit("/", 1)[-1].split("-")[-1] == head)
    here = [k for k in chambers if any(m.key == k for m in ctx.mentions)]
    chosen = here if len(here) == 1 else chambers if len(chambers) == 1 else []
    for key in chosen:
        yield ctx.claim(person, "affiliatedWith", key, 0.7)


def names_sharing_title(ctx: SentenceContext, person: Mention) -> list[Mention]:
    """The people coordinated after a name under one plural title ("Senators
    A and B", "Ministers A of X and B of Y")."""
    doc = ctx.doc
    root = mention_root(doc, person)
    people = {i: m for m in ctx.mentions if m.cls == "Person" and m.key and m is not person
              for i in range(m.start, m.end)}
    found = []
    for token in doc[root.i:ctx.sent.end]:
        if token.dep_ == "conj" and token.i in people and people[token.i] not in found \
                and root.i in {a.i for a in token.ancestors}:
            found.append(people[token.i])
    return found


INNER_HYPHEN = re.compile(r"(?<=\w) ([-‑]) (?=\w)")


def clean_role(words: str) -> str:
    """A title as written, without the commas or possessive ending around it
    ("Secretary's" -> "Secretary"; "Baroness" keeps its last letter)."""
    role = INNER_HYPHEN.sub(r"\1", words.strip(" ,"))   # the words were joined by spaces
    for ending in ("'s", "’s", "'", "’"):
        role = role.removesuffix(ending)
    return role.strip(" ,")


def strip_leading_names(modifiers: list[Token], by_token: dict[int, Mention]) -> list[str]:
    """Role words: the modifiers minus the names of the bodies that lead them
    ("US Treasury Secretary" -> "Secretary"; "former State Department official" stays)."""
    k = 0
    # (a PERSON word is a credited photographer's: "Reuters/Ann Wong Acme CEO X")
    while k < len(modifiers) and (modifiers[k].i in by_token or modifiers[k].text in ("'s", "’s")
                                  or modifiers[k].ent_type_ == "PERSON"):
        k += 1
    # "Professor" is a title as written; "Dr", "Sir" and "Mr" are not
    honorifics = load_rules().honorifics - load_rules().academic_titles
    return [t.text for t in modifiers[k:] if t.text not in ("'s", "’s") and t.text not in honorifics]


POSSESSIVES = {"'s", "’s", "its", "their"}


@pattern("mirror_title")
def mirror_title_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'Canada's Minister of Digital Innovation, X Y, said' / 'Its
    co-founder, X Y,': a possessor, a title, then the name between
    commas; read from the words, since the parser often hangs the name on the
    title's last word."""
    doc = ctx.doc
    by_token = ctx.named_tokens
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


@pattern("as_title")
def as_title_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """'X was reinstated as Acme's chief executive', 'Acme named X as its
    director', 'X, who serves as chair of the Y': the title after "as" is the
    person's, and the body that owns it theirs."""
    doc = ctx.doc
    by_token = ctx.named_tokens
    for person in ctx.mentions:
        if person.cls != "Person" or not person.key:
            continue
        root = mention_root(doc, person)
        for verb, prep in as_phrases(root):
            for title in (c for c in prep.children if c.dep_ == "pobj"):
                tokens = list(title.subtree)
                role = role_phrase(doc, tokens, by_token, range(person.start, person.end))
                if not role:
                    continue
                path = [root, verb, prep, title]
                yield ctx.claim(person.key, "role", role, 0.8, path)
                heads = is_head_role(with_field(role, tokens))
                for owner in owners_of(ctx, tokens, verb, by_token, person):
                    yield ctx.claim(person.key, "affiliatedWith", owner.key, 0.75, path)
                    if core_class(owner.cls) == "Organization" and heads:
                        yield ctx.claim(person.key, "leads", owner.key, 0.7, path)


def as_phrases(root: Token) -> Iterator[tuple[Token, Token]]:
    """(verb, "as") for the verbs a person is the subject or object of: their
    own ("X was named as ..."), one joined to it ("X was fired and then
    reinstated as ..."), or a relative clause on the name ("X, who serves as ...")."""
    verbs = []
    if root.dep_ in ("nsubj", "nsubjpass", "dobj") and root.head.pos_ in ("VERB", "AUX"):
        verbs.append(root.head)
        verbs += [c for c in root.head.children if c.dep_ == "conj" and c.pos_ == "VERB"
                  and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)]
    verbs += [c for c in root.children if c.dep_ == "relcl"
              and any(g.dep_ in ("nsubj", "nsubjpass") and g.lower_ in ("who", "that")
                      for g in c.children)]
    for verb in verbs:
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "as":
                yield verb, prep


def owners_of(ctx: SentenceContext, tokens: list[Token], verb: Token,
              by_token: dict[int, Mention], person: Mention) -> list[Mention]:
    """The bodies a title phrase names ("Acme's", "of the Y"), or for "its" /
    "their" the body that is the verb's subject ("Acme named X as its director")."""
    owners = {by_token[t.i].key: by_token[t.i] for t in tokens
              if t.i in by_token and core_class(by_token[t.i].cls) in ("Organization", "Country")}
    if any(t.lower_ in ("its", "their") for t in tokens):
        for subject in (c for c in verb.children if c.dep_ == "nsubj"):
            m = by_token.get(subject.i)
            if m is not None and core_class(m.cls) in ("Organization", "Country"):
                owners[m.key] = m
    return [m for key, m in sorted(owners.items()) if key != person.key]


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
                          and t.head.i >= first.i) or (t.text == "," and t.i > first.i) \
                or (t.tag_ in ("WP", "WDT", "WP$") and t.i > first.i):   # "a director who ..."
            break
        end = t.i + 1
    words = doc[first.i:end].text.strip(" ,")
    return words if words and is_role_word(words.replace("-", " ").split()) else ""


def is_home_of_partisan(phrase: Token, token: Token) -> bool:
    """'X, a Republican from Astoria': where a legislator comes from is a home
    town or state, not a body the person serves."""
    if phrase.lower_ not in load_rules().partisan_nouns:
        return False
    while token.dep_ in ("compound", "conj", "appos"):
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ == "from" and token.head.head.i == phrase.i


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
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":
        # "X is a senior fellow at Y" (an author's note, a profile)
        phrases += [c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
    for phrase in phrases:
        subtree = [t for t in phrase.subtree if not person.start <= t.i < person.end]
        if phrase.i == root.head.i and root.dep_ == "appos":
            subtree = [t for t in subtree if t.i < person.start]
        if any(t.i in by_token and by_token[t.i].cls == "Person" for t in subtree):
            continue   # "A, B from Acme and C": a list of people, not B's title or body
        orgs = {by_token[t.i].key: by_token[t.i] for t in subtree
                if t.i in by_token and by_token[t.i].cls in ("Organization", "Country")
                and by_token[t.i].key and by_token[t.i].key != person.key
                and not is_destination(ctx.doc, by_token[t.i])
                and not is_home_of_partisan(phrase, t)}
        role = ""
        if phrase.dep_ in ("appos", "attr") or (phrase.i == root.head.i and root.dep_ == "appos"):
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
            if _triggered("leads", verbs) or is_head_role(with_field(role, subtree)):
                for key, m in sorted(orgs.items()):
                    if m.cls == "Organization":
                        yield ctx.claim(person.key, "leads", key, 0.7, [root, phrase])


def with_field(role: str, tokens: list[Token]) -> str:
    """A role with the words after it in its phrase ("executive director" ->
    "executive director for mergers"): whether it heads the body depends on them."""
    text = " ".join(t.text for t in tokens)
    at = text.find(role) if role else -1
    return text[at:] if at >= 0 else role


def is_destination(doc: Doc, mention: Mention) -> bool:
    """A body a title is sent to ("Ambassador to the UN", "envoy to the EU"):
    the holder serves whoever sends them, not it."""
    root = mention_root(doc, mention)
    return root.dep_ == "pobj" and root.head.lower_ == "to"


@pattern("shared_title")
def shared_title_relations(ctx: SentenceContext) -> Iterator[Claim]:
    """A plural title before a list of people gives each the title: "Ministers
    of ICT including A of Rwanda and B of Togo", "Commissioners for Data
    Protection, Dr A and B" (each is a "Minister of ICT", a "Commissioner for
    Data Protection")."""
    doc = ctx.doc
    people = {i: m for m in ctx.mentions if m.cls == "Person" and m.key
              for i in range(m.start, m.end)}
    for token in ctx.sent:
        if token.i in people or not token.text[:1].isupper():
            continue
        singular = singular_title(token.text)
        if singular == token.text or not is_role_word([singular]):
            continue
        role = singular + field_of(token)
        members = []
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in load_rules().group_prepositions:
                members += [c for c in child.children if c.dep_ == "pobj"]
            elif child.dep_ in ("conj", "appos"):
                members.append(child)
        found = []
        for member in members:
            for t in [member, *(c for c in member.subtree if c.dep_ == "conj")]:
                m = people.get(t.i)
                if m is not None and m not in found:
                    found.append(m)
        # the parser often hangs the names off the verb instead of the title
        found = found or people_listed_after(ctx, title_end(token), people)
        for m in found:
            yield ctx.claim(m.key, "role", role, 0.85)
            yield from chamber_claims(ctx, m.key, role)


def title_end(title: Token) -> int:
    """The index after a plural title and its short field ("Ministers of ICT")."""
    field = [t.i for child in title.children if child.dep_ == "prep" and child.lower_ in ("of", "for")
             for t in child.subtree]
    return max([title.i, *field]) + 1 if field_of(title) else title.i + 1


def people_listed_after(ctx: SentenceContext, start: int, people: dict[int, Mention]) -> list[Mention]:
    """The people named in a list right after a title, read off the words:
    "..., Dr A and B", "A, B and C"; an optional comma may open the list."""
    doc, end = ctx.doc, ctx.sent.end
    i = start + 1 if start < end and doc[start].text == "," else start
    found: list[Mention] = []
    while i < end:
        token = doc[i]
        if i in people:
            m = people[i]
            if m not in found:
                found.append(m)
            i = m.end
        elif found and token.lower_ in (",", "and") and i + 1 < end and (
                i + 1 in people or doc[i + 1].text in load_rules().honorifics):
            i += 1
        elif token.text in load_rules().honorifics and i + 1 in people:
            i += 1
        else:
            break
    return found


def field_of(title: Token) -> str:
    """The short "of X" / "for X" a title carries ("Ministers of ICT": " of ICT")."""
    for child in title.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "for"):
            words = list(child.subtree)
            if len(words) <= 5 and all(w.ent_type_ not in ("PERSON", "GPE") for w in words):
                return " " + " ".join(w.text for w in words)
    return ""
