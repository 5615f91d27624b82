"""The extract stage: articles in, resolved entities and claims out.

``extract(articles)`` parses every article with the spaCy pipeline of
:mod:`.nlp`, finds mentions (:mod:`.mentions`), resolves them into entities
across the whole batch (:mod:`.resolve`), then runs the relation patterns
(:mod:`.relations`) sentence by sentence. Claims of the same fact from the
same article are merged (the most confident sentence is kept); claims from
different articles all stay, so each fact carries one claim per article.

The per-article steps (parse and names; relation reading) are functions of
:mod:`.perarticle` run on an executor (:mod:`aigraph.executors`), a chunk of
articles per task; what they return is small, and the build cache keeps it.
The steps across articles (resolution, the relation model's decision, made
article by article) run here, in article order, so the result does not
depend on where the tasks ran.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

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
from .perarticle import (ClaimTask, Names, analyse_texts, claim_rows, claims_context,
                         claims_from_compact, claims_from_rows, claims_of_all, compact_rows,
                         context_json, names_of)
from .resolve import Located, resolve
from .rules import load_rules

if TYPE_CHECKING:
    from ..cache import ParseCache as ArticleCache
    from ..executors import Executor



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


def main_countries(p: Parsed, entities: dict[str, Entity]) -> list[str]:
    """The two countries an article is about (most mentioned), for "both nations";
    with one country only, the bloc it deals with ("Japan and the EU": "both
    sides")."""
    def ranked(kind) -> list[str]:
        counts = Counter(m.key for m in p.mentions + p.inner
                         if m.key and m.key in entities and kind(entities[m.key]))
        return [k for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    countries = ranked(lambda e: core_class(e.cls) == "Country")
    if len(countries) == 1:
        countries += ranked(lambda e: e.cls == "InternationalOrganization")[:1]
    return countries[:2] if len(countries) >= 2 else []


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
    texts = [m for m in mentions if m.key and core_class(m.cls) in ("Agreement", "Policy")]
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
        voted_on = [m for m in texts if m.start < sent.end and m.sent >= n - 3]
        ctx = SentenceContext(
            doc=p.doc, sent=sent, article=p.article.id, article_date=p.article.date,
            mentions=here,
            inner=inner_by_sent.get(n, []),
            risks=risks_by_sent.get(n, []),
            group=group,
            last_agreement=earlier[-1].key if earlier else None,
            last_text=voted_on[-1].key if voted_on else None,
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
    return selected_inner(p.mentions, p.inner, lambda m: is_hyphen_pair(p.doc, m))


def selected_inner(mentions: list[Mention], inner: list[Mention],
                   hyphen_pair: Callable[[Mention], bool]) -> list[Mention]:
    """:func:`inner_mentions` of an article's mentions; ``hyphen_pair`` says
    whether an inner mention is joined to another name by a hyphen (read from
    the Doc, or from :attr:`Names.pairs` when the Doc is not at hand)."""
    events = [m for m in mentions if m.cls == "Event"]
    agreements = [m for m in mentions if core_class(m.cls) == "Agreement"]
    body_countries = {m.country for m in mentions if m.country}
    titled = [m for m in mentions if m.cls == "Person" and m.titles]
    return [m for m in inner
            if (any(e.start <= m.start and m.end <= e.end for e in events)
                and m.cls in ("Country", "Person", "Place", "Organization"))
            or (any(a.start <= m.start and m.end <= a.end for a in agreements)
                and m.cls in ("Country", "Organization") and hyphen_pair(m))
            or (m.cls == "Country" and m.key in body_countries)
            # "Secretary of Commerce Jane Roe": the title's department is named
            or (m.cls == "Organization" and m.key
                and any(p.start <= m.start and m.end <= p.end for p in titled))]


def add_known_surnames(names: list[Names]) -> None:
    """A surname alone ("Santos said ...") is easy for NER to miss; once any
    article names the full person, its bare surname is a mention everywhere.
    Names still encoded (:mod:`aigraph.lazynames`) get it when decoded."""
    from ..lazynames import surnames as surnames_of

    from .mentions.core import is_surname_word

    surnames = {word for n in names for word in surnames_of(n) if is_surname_word(word)}
    for n in names:
        if hasattr(n, "later"):
            n.later(lambda decoded: _add_surnames(decoded, surnames))
        else:
            _add_surnames(n, surnames)


def _add_surnames(n: Names, surnames: set[str]) -> None:
    for m in n.mentions:
        if m.label in surnames and not m.key and m.cls in ("Organization", "Place"):
            m.cls = "Person"   # NER often tags a bare surname as an organisation
    taken = {i for m in n.mentions for i in range(m.start, m.end)}
    for i, text, sent in n.proper:   # the article's proper nouns, in order
        if text in surnames and i not in taken:
            n.mentions.append(Mention(i, i + 1, text, "Person", text, sent))
    n.mentions.sort(key=lambda m: m.start)


def located_names(article_id: str, n: Names) -> list[Located]:
    """An article's names resolution places: its mentions and the inner names
    that count (:func:`selected_inner`), in that order."""
    return [Located(article_id, m) for m in n.mentions + selected_inner(n.mentions, n.inner,
                                                                        _pair_test(n))]


def extract(articles: list[Article], progress: Progress | None = None,
            docs: ArticleCache | None = None,
            model: RelationModel | None | Literal["shipped"] = "shipped",
            executor: Executor | None = None, signals: bool = True,
            claims_of: Callable[..., list[Claim]] | None = None,
            resolver: Callable[[list[Article], list[Names]],
                               dict[str, Entity]] | None = None) -> Extraction:
    """Entities and claims of a batch of articles (resolved across the batch).

    ``docs``: the build cache (:class:`~aigraph.cache.ParseCache`): what it holds
    of an article (its parse, its names, its claims in the same context) is
    not computed again, and what is computed is stored into it.
    ``model``: the relation model that decides the claims; the shipped one by
    default, ``None`` for the hand-written patterns alone.
    ``executor``: where the per-article work runs (:mod:`aigraph.executors`;
    default: in this process); the result is the same wherever it runs.
    ``signals=False``: the claims come without the relation model's features
    (they are not exported; training reads them).
    ``claims_of``: how the decided claims are found, with the arguments of
    :func:`article_claims_all` (its default; :mod:`aigraph.incremental` looks
    the cached claims' keys up instead of making them).
    ``resolver``: how the names become entities, given the articles and their
    names (:func:`located_names` says which); :func:`.resolve.resolve` of the
    located names by default (:mod:`aigraph.resolution` reuses the last build's
    resolution where nothing it depends on changed, with the same result)."""
    from ..cache import ParseCache
    from ..executors import Serial

    if model == "shipped":
        model = load_model()
    store = ParseCache(None, "") if docs is None else docs
    executor = executor or Serial()
    articles = sorted(articles, key=lambda a: a.id)
    names = article_names(articles, store, executor, progress)
    add_known_surnames(names)
    if resolver:   # it places the names itself: the last build's may need no decoding
        entities = resolver(articles, names)
    else:
        entities = resolve([loc for a, n in zip(articles, names) for loc in located_names(a.id, n)])
    entities.update(risk_entities(articles, names))
    # decided article by article (the relation model groups candidates by
    # article and fact), so an article whose context is unchanged keeps its decision
    claims = (claims_of or article_claims_all)(articles, names, entities,
                                               leaders_by_name(entities), store, executor,
                                               model, signals)
    return Extraction(articles=list(articles), entities=entities, claims=in_claim_order(claims))


def _claim_order(c: Claim) -> tuple:
    return (c.article, c.subject, c.predicate, c.object)


def in_claim_order(claims: list[Claim]) -> list[Claim]:
    """A new list of ``claims`` sorted by article, subject, predicate and object
    (stably), copied without sorting when they are in that order already, as
    the claims of articles taken in order are: sorting makes a key for every
    claim of the batch at once, the largest passing allocation at the end of
    extraction. The decided claims on disk (:class:`~aigraph.diskclaims.DiskClaims`,
    read-only and in that order by construction) are returned as they are."""
    from ..diskclaims import DiskClaims

    if isinstance(claims, DiskClaims):
        return claims
    previous = None
    for claim in claims:
        key = _claim_order(claim)
        if previous is not None and key < previous:
            return sorted(claims, key=_claim_order)
        previous = key
    return list(claims)


#: Articles per task given to an executor: enough to amortise a task's cost,
#: few enough that both of two workers stay busy to the end of a small batch.
TASK_ARTICLES = 16


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _runner(executor: Executor, chunks: list) -> Executor:
    """One task runs here: starting workers (each loading the pipeline) for a
    small update would cost more than the task. Forked workers inherit the
    dependency patterns, read here once (:func:`prepare_workers`)."""
    from ..executors import Serial

    if len(chunks) <= 1:
        return Serial()
    prepare = getattr(executor, "prepare", None)
    if prepare is not None:
        prepare(prepare_workers)
    return executor


def prepare_workers() -> None:
    """What every worker reads alike and would each make for itself: the
    dependency patterns (their word lists read from the ontology, 1.5 s of
    CPU). Not the spaCy pipeline: held here too, it would add about 70 MB to
    this process for the whole build."""
    from .relations.dependency import dependency_patterns

    dependency_patterns()


def _pair_test(names: Names) -> Callable[[Mention], bool]:
    pairs = set(names.pairs)
    return lambda m: (m.start, m.end) in pairs


def article_names(articles: list[Article], store: ArticleCache, executor: Executor,
                  progress: Progress | None = None) -> list[Names]:
    """Each article's :class:`Names`: from the cache, from its cached Doc, or
    parsed now (on the executor, a chunk of articles per task)."""
    found: dict[str, Names] = {}
    todo: list[Article] = []
    for article in articles:
        names = store.lazy_names(article.id)   # decoded when read
        if names is None and article.id in store:    # parsed before, read by an older extractor
            names = names_of(store[article.id])
            store.put_names(article.id, names)
        if names is None:
            todo.append(article)
        else:
            found[article.id] = names
    chunks = _chunks(todo, TASK_ARTICLES)
    results = _runner(executor, chunks).map(analyse_texts, [[a.text for a in chunk] for chunk in chunks])
    for chunk, result in zip(chunks, results):
        for article, (data, names) in zip(chunk, result):
            store.put(article.id, article.text, data, names)
            found[article.id] = names
            if progress:
                progress(article)
    return [found[a.id] for a in articles]


def risk_entities(articles: list[Article], names: list[Names]) -> dict[str, Entity]:
    labels = risk_labels()
    entities: dict[str, Entity] = {}
    from ..lazynames import risk_concepts

    for article, n in zip(articles, names):
        for concept in risk_concepts(n):
            key = f"risk/{concept}"
            entity = entities.setdefault(key, Entity(key, "Risk", labels.get(concept, concept)))
            entity.articles.add(article.id)
    return entities


def article_claims_all(articles: list[Article], names: list[Names], entities: dict[str, Entity],
                       leaders: dict[str, str], store: ArticleCache, executor: Executor,
                       model: RelationModel | None, signals: bool = True) -> list[Claim]:
    """The decided claims of every article (see :func:`merge_claims`), in article
    order. An article's claims come from the cache when its Doc and everything
    its claims read are unchanged, else they are read on the executor (the
    Docs loaded a task at a time); its decision comes from the cache too when
    the relation model and the classes of the entities its claims name are."""
    tasks: list[ClaimTask] = []
    keys: list[str] = []
    for article, n in zip(articles, names):
        subset, lead = claims_context(article, n, entities, leaders)
        tasks.append(ClaimTask(article, b"", n, subset, lead))
        keys.append(store.claims_key(article.id, context_json(tasks[-1])))
    return claims_by_key(articles, tasks, keys, store, executor, Decision(entities, model, signals))


def claims_by_key(articles: list[Article], tasks: list[ClaimTask], keys: list[str],
                  store: ArticleCache, executor: Executor, decision: "Decision") -> list[Claim]:
    """Each article's decided claims under its claims key: from the cache, or read
    from its Doc on the executor (the Docs loaded a task at a time)."""
    found, todo = cached_claims(keys, store, decision)

    def loaded(chunk: list[int]) -> list[ClaimTask]:
        return [replace(tasks[i], doc=store.doc_bytes(articles[i].id)) for i in chunk]

    store.claims_read += len(todo)
    chunks = _chunks(todo, TASK_ARTICLES)
    results = _runner(executor, chunks).map(claims_of_all, (loaded(c) for c in chunks))
    for chunk, result in zip(chunks, results):
        for i, claims in zip(chunk, result):
            found[i] = decision.of(store, keys[i], {"raw": claim_rows(claims)}, claims)
    return [c for i in range(len(articles)) for c in found[i]]


def cached_claims(keys: list[str], store: ArticleCache,
                  decision: "Decision") -> tuple[dict[int, list[Claim]], list[int]]:
    """The decided claims the cache holds under each key (by index; decided
    again when the decision kept there no longer holds), and the indexes of
    the keys it holds nothing under: their claims must be read."""
    found: dict[int, list[Claim]] = {}
    todo = []
    for i, key in enumerate(keys):
        kept = decision.compact(store, key)
        if kept is not None:
            found[i] = kept
            continue
        entry = store.claims(key)
        if entry is None:
            todo.append(i)
        else:
            found[i] = decision.of(store, key, entry)
    return found, todo


class Decision:
    """The relation model's decision on one article's claims, cached with them.

    Deciding is per article (candidates are grouped by article and fact), and
    reads only the model and the classes of the entities the claims name; the
    cache entry of an article's claims keeps the last decision under a key of
    exactly those."""

    def __init__(self, entities: dict[str, Entity], model: RelationModel | None,
                 signals: bool = True) -> None:
        self.entities = entities
        self.model = model
        self.model_key = model_fingerprint(model)
        self.signals = signals
        self.shared: dict[str, str] = {}   # strings of compact rows, held once

    @staticmethod
    def named(rows: list[dict]) -> list[str]:
        """The entity keys (and literals) the candidate claims name."""
        return sorted({r["subject"] for r in rows} | {r["object"] for r in rows})

    def key(self, named: list[str]) -> str:
        classes = [(k, self.entities[k].cls if k in self.entities else "-") for k in named]
        return hashlib.sha256(json.dumps([self.model_key, classes]).encode()).hexdigest()

    def compact(self, store: ArticleCache, key: str) -> list[Claim] | None:
        """The article's decided claims from the consolidated cache, when the
        decision kept there still holds (same model, same classes); None when
        the full entry must be read. Claims with features never come from it."""
        if self.signals:
            return None
        record = store.decided(key)
        if record is None:
            return None
        named, decision, rows = record
        if decision != self.key(named):
            return None
        return claims_from_compact(rows, self.shared)

    def of(self, store: ArticleCache, key: str, entry: dict,
           raw: list[Claim] | None = None) -> list[Claim]:
        named = self.named(entry["raw"])
        decision = self.key(named)
        memo = entry.get("decided") or {}
        if decision in memo:
            decided = claims_from_rows(memo[decision], self.signals)
        else:
            raw = claims_from_rows(entry["raw"]) if raw is None else raw
            decided = merge_claims([c for c in raw if in_domain(c, self.entities)],
                                   self.entities, self.model)
            store.put_claims(key, {"raw": entry["raw"], "decided": {decision: claim_rows(decided)}})
        store.put_decided(key, named, decision, compact_rows(decided))
        return decided if self.signals else [replace(c, signals=frozenset()) for c in decided]


def model_fingerprint(model: RelationModel | None) -> str:
    """What of the relation model a decision depends on (not its threshold)."""
    if model is None:
        return "none"
    return hashlib.sha256(repr((sorted(model.weights.items()), model.intercept,
                                model.floor)).encode()).hexdigest()
