"""The extract stage: articles in, resolved entities and claims out.

``extract(articles)`` parses every article with the spaCy pipeline of
:mod:`.nlp`, finds mentions (:mod:`.mentions`), resolves them into entities
across the whole batch (:mod:`.resolve`), then runs the relation patterns
(:mod:`.relations`) sentence by sentence. Claims of the same fact from the
same article are merged (the most confident sentence is kept); claims from
different articles all stay, so each fact carries one claim per article.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc

from ..model import Article, Claim, Entity, Extraction
from ..ontology import core_class, property_domains, risk_labels
from .mentions import (Mention, RiskMention, find_mentions, find_risks, gazetteer_index,
                       sentence_index)
from .coref import resolve_anaphora
from .decide import RelationModel, decide, load_model
from .nlp import load_pipeline
from .pieces import pipe_texts
from .relations import (SentenceContext, is_hyphen_pair, opens_quotation, sentence_claims,
                        sentence_speaker)
from .resolve import Located, resolve
from .rules import load_rules



@dataclass
class Parsed:
    article: Article
    doc: Doc
    mentions: list[Mention]
    inner: list[Mention]
    risks: list[RiskMention]


Progress = Callable[[Article], None]


def parse(articles: list[Article], progress: Progress | None = None,
          docs: MutableMapping[str, Doc] | None = None) -> list[Parsed]:
    """Run the pipeline and find mentions. ``docs`` (by article id) holds Docs
    parsed before (the build cache): those articles skip the pipeline, and
    each new Doc is stored into it as soon as it is parsed, before later steps
    see it. ``progress`` fires for the articles actually parsed."""
    docs = {} if docs is None else docs
    todo = [a for a in articles if docs.get(a.id) is None]
    if todo:  # loading the pipeline is itself slow: skip it when all is cached
        # an article over spaCy's max_length is parsed in pieces and joined
        for article, doc in zip(todo, pipe_texts(load_pipeline(), (a.text for a in todo))):
            docs[article.id] = doc
            if progress:
                progress(article)
    parsed = []
    for article in articles:
        doc = docs[article.id]
        mentions, inner = find_mentions(doc)
        parsed.append(Parsed(article, doc, mentions, inner, find_risks(doc)))
    return parsed


def risk_entities(parsed: list[Parsed]) -> dict[str, Entity]:
    labels = risk_labels()
    entities: dict[str, Entity] = {}
    for p in parsed:
        for r in p.risks:
            key = f"risk/{r.concept}"
            entity = entities.setdefault(key, Entity(key, "Risk", labels.get(r.concept, r.concept)))
            entity.articles.add(p.article.id)
    return entities


def main_countries(p: Parsed, entities: dict[str, Entity]) -> list[str]:
    """The two countries an article is about (most mentioned), for "both nations"."""
    counts = Counter(m.key for m in p.mentions + p.inner
                     if m.key and m.key in entities and core_class(entities[m.key].cls) == "Country")
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [k for k, n in ranked[:2]] if len(ranked) >= 2 else []


def in_domain(claim: Claim, entities: dict[str, Entity]) -> bool:
    """Whether the claim fits the property's domain and range (by core class)."""
    domain, rng = property_domains()[claim.predicate]   # from ontology/aigraph.ttl
    subject = entities.get(claim.subject)
    if subject is None or core_class(subject.cls) not in domain:
        return False
    if rng is None:
        return bool(claim.object.strip())
    obj = entities.get(claim.object)
    return obj is not None and core_class(obj.cls) in rng and claim.object != claim.subject


def merge_claims(claims: Iterable[Claim], entities: dict[str, Entity],
                 model: RelationModel | None) -> list[Claim]:
    """One claim per fact and article, decided by the relation model (:mod:`.decide`)."""
    return sorted(decide(drop_partial_roles(claims), entities, model),
                  key=lambda c: (c.article, c.subject, c.predicate, c.object))


def drop_partial_roles(claims: Iterable[Claim]) -> list[Claim]:
    """A role read from one sentence that is part of a longer one read from the
    same sentence ("founder" beside "co-founder") is the same title, cut short."""
    claims = list(claims)
    roles: dict[tuple, list[str]] = {}
    for c in claims:
        if c.predicate == "role":
            roles.setdefault((c.article, c.subject, c.evidence), []).append(c.object)
    return [c for c in claims if c.predicate != "role" or not any(
        c.object != other and c.object in other for other in roles[(c.article, c.subject, c.evidence)])]


def leaders_by_name(entities: dict[str, Entity]) -> dict[str, str]:
    """Bodies named after their leader ("the Trump administration") and the one
    person of that surname, when exactly one is known."""
    surnames: dict[str, list[str]] = {}
    for key, e in entities.items():
        if e.cls == "Person" and len(e.label.split()) >= 2:
            surnames.setdefault(e.label.split()[-1], []).append(key)
    leaders = {}
    for key, e in entities.items():
        words = e.label.split()
        if core_class(e.cls) == "Organization" and len(words) == 2 and words[1].lower() in load_rules().led_bodies:
            people = surnames.get(words[0], [])
            if len(people) == 1:
                leaders[key] = people[0]
    return leaders


def article_claims(p: Parsed, entities: dict[str, Entity],
                   leaders: dict[str, str] | None = None) -> Iterable[Claim]:
    group = main_countries(p, entities)
    mentions = sorted(p.mentions + resolve_anaphora(p.doc, p.mentions), key=lambda m: m.start)
    agreements = [m for m in mentions if m.key and core_class(m.cls) == "Agreement"]
    inner = inner_mentions(p)
    offices = offices_named(mentions + inner)
    speaker = None
    salience = Counter(m.key for m in mentions + inner if m.key)
    salience.update(f"risk/{r.concept}" for r in p.risks)
    # each sentence's mentions looked up, not filtered from the article's (linear in length)
    by_sent, inner_by_sent, risks_by_sent = (by_sentence(items)
                                             for items in (mentions, p.inner, p.risks))
    sentence_of = sentence_index(p.doc)
    dates_by_sent: dict[int, list] = {}
    for ent in p.doc.ents:
        if ent.label_ == "DATE":
            dates_by_sent.setdefault(sentence_of[ent.start], []).append(ent)
    previous_sent = None
    for n, sent in enumerate(p.doc.sents):
        here = by_sent.get(n, [])
        if sent.start > 0 and "\n" in p.doc[sent.start - 1].text_with_ws:
            speaker = None   # a new paragraph: the last quotation has ended
        continuing = speaker if opens_quotation(sent) else None
        speaker = sentence_speaker(sent, here) or continuing
        earlier = [m for m in agreements if m.start < sent.start and m.sent >= n - 3]
        ctx = SentenceContext(
            doc=p.doc, sent=sent, article=p.article.id, article_date=p.article.date,
            mentions=here,
            inner=inner_by_sent.get(n, []),
            risks=risks_by_sent.get(n, []),
            group=group,
            last_agreement=earlier[-1].key if earlier else None,
            leaders=leaders or {},
            speaker=continuing,
            offices=offices,
            index=n,
            salience=salience,
            previous=by_sent.get(n - 1, []),
            previous_risks=risks_by_sent.get(n - 1, []),
            previous_sent=previous_sent,
            dates=dates_by_sent.get(n, []),
        )
        previous_sent = sent
        yield from sentence_claims(ctx)


def by_sentence(items: Iterable) -> dict[int, list]:
    """Mentions (or risk mentions) by the number of their sentence, in order."""
    found: dict[int, list] = {}
    for item in items:
        found.setdefault(item.sent, []).append(item)
    return found


def offices_named(mentions: list[Mention]) -> dict[str, tuple[str, ...]]:
    """Known office holders in an article -> the bodies of their offices that
    the article names too."""
    named = {m.key for m in mentions if m.key}
    offices = {}
    for key in sorted(named):
        entry = gazetteer_index().get(key)
        if entry is not None and entry.offices:
            offices[key] = tuple(o for o in entry.offices if o in named)
    return offices


def inner_mentions(p: Parsed) -> list[Mention]:
    """Names inside an event's name are real mentions ("the US-China talks": both
    countries take part), and so is the country a national body is named after
    ("UK Home Office"); inside other names they are only part of the name ("the
    Vienna Convention" does not mention Austria)."""
    events = [m for m in p.mentions if m.cls == "Event"]
    agreements = [m for m in p.mentions if core_class(m.cls) == "Agreement"]
    body_countries = {m.country for m in p.mentions if m.country}
    return [m for m in p.inner
            if (any(e.start <= m.start and m.end <= e.end for e in events)
                and m.cls in ("Country", "Person", "Place", "Organization"))
            or (any(a.start <= m.start and m.end <= a.end for a in agreements)
                and m.cls in ("Country", "Organization") and is_hyphen_pair(p.doc, m))
            or (m.cls == "Country" and m.key in body_countries)]


def add_known_surnames(parsed: list[Parsed]) -> None:
    """A surname alone ("Santos said ...") is easy for NER to miss; once any
    article names the full person, its bare surname is a mention everywhere."""
    surnames: dict[str, int] = {}
    for p in parsed:
        for m in p.mentions:
            words = m.label.split()
            if m.cls == "Person" and len(words) >= 2:
                surnames[words[-1]] = surnames.get(words[-1], 0) + 1
    for p in parsed:
        for m in p.mentions:
            if m.label in surnames and not m.key and m.cls in ("Organization", "Place"):
                m.cls = "Person"   # NER often tags a bare surname as an organisation
        taken = {i for m in p.mentions for i in range(m.start, m.end)}
        sents = sentence_index(p.doc)
        for token in p.doc:
            if token.text in surnames and token.i not in taken and token.pos_ == "PROPN":
                p.mentions.append(Mention(token.i, token.i + 1, token.text, "Person", token.text,
                                          sents[token.i]))
        p.mentions.sort(key=lambda m: m.start)


def extract(articles: list[Article], progress: Progress | None = None,
            docs: MutableMapping[str, Doc] | None = None,
            model: RelationModel | None | Literal["shipped"] = "shipped") -> Extraction:
    """Entities and claims of a batch of articles (resolved across the batch).

    ``docs``: already parsed Docs by article id, filled with the new ones (see :func:`parse`).
    ``model``: the relation model that decides the claims; the shipped one by
    default, ``None`` for the hand-written patterns alone."""
    if model == "shipped":
        model = load_model()
    articles = sorted(articles, key=lambda a: a.id)
    parsed = parse(articles, progress, docs)
    add_known_surnames(parsed)
    located = [Located(p.article.id, m) for p in parsed for m in p.mentions + inner_mentions(p)]
    entities = resolve(located)
    entities.update(risk_entities(parsed))
    leaders = leaders_by_name(entities)
    claims = [c for p in parsed for c in article_claims(p, entities, leaders)
              if in_domain(c, entities)]
    return Extraction(articles=list(articles), entities=entities,
                      claims=merge_claims(claims, entities, model))
