"""News over time: what a graph says as of a date, and what changed between
two builds or two date windows of one build.

Everything here reads the claims of a built graph with the date each was
reported (``aig:reportedDate``, else its article's ``dcterms:date``). A claim
*counts* when its confidence reaches the bar (by default the relation
model's threshold, the same rule that makes a claim's fact a graph fact);
a non-negated counting claim *reports* its fact, a negated one denies it.

:func:`diff` compares two :class:`View`\\ s (sets of articles of one or two
graphs): entities that are new or no longer mentioned, facts new or no
longer reported, changed stances (an actor's latest ``supports``/``opposes``
toward the same object flips) and new participants (``partyTo``) of an
agreement, each with the claims that show it. Articles without a
publication date cannot be placed in a window: window views leave them out
and say how many.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from rdflib import Graph

from .errors import DateError
from .vocab import AIG_IRI

STANCES = ("supports", "opposes")


def check_date(text: str) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as given; else :class:`DateError`."""
    import re

    text = text.strip()
    if not re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?", text):
        raise DateError(f"'{text}' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    return text


def on_or_before(date: str, bound: str) -> bool:
    """Whether ``date`` falls on or before the (possibly partial) ``bound``:
    ``2026-03-31`` is on or before ``2026-03``."""
    return date[:len(bound)] <= bound


def before(date: str, bound: str) -> bool:
    """Whether ``date`` falls strictly before the (possibly partial) ``bound``."""
    return date[:len(bound)] < bound


def published_by(articles: list, as_of: str) -> tuple[list, list[str]]:
    """The articles published on or before ``as_of`` (a build ``--as-of``), and
    notes on those left out: later ones, and undated ones, which cannot be placed."""
    kept = [a for a in articles if a.date and on_or_before(a.date, as_of)]
    later = sum(1 for a in articles if a.date and not on_or_before(a.date, as_of))
    undated = sum(1 for a in articles if not a.date)
    notes = []
    if later:
        notes.append(f"left out {later} article(s) published after {as_of}")
    if undated:
        notes.append(f"left out {undated} article(s) with no publication date (an --as-of "
                     "build keeps only articles it can place in time)")
    return kept, notes


# ---------------------------------------------------------------------------
# Reading claims with their dates
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Evidence:
    """One claim as a reader sees it: what, where, when and how sure."""

    sentence: str
    article: str              # the article's title, else its source file
    source: str               # the source file
    date: str | None          # when it was reported
    publisher: str | None
    url: str | None
    modality: str
    confidence: float

    @classmethod
    def mention(cls, article: str, date: str | None) -> "Evidence":
        """An article that mentions an entity (no sentence: a mention is no claim)."""
        return cls("", article, article, date, None, None, "Mentioned", 1.0)

    def line(self) -> str:
        where = ", ".join(x for x in (self.date or "undated", self.publisher,
                                      self.url or self.source) if x)
        return f'"{self.sentence}" ({self.modality.lower()}, {where})'


@dataclass(frozen=True)
class ClaimRow:
    subject: str
    predicate: str            # local name, e.g. "partyTo"
    object: str               # an IRI or a literal's lexical form
    article: str              # article IRI
    negated: bool
    evidence: Evidence

    @property
    def fact(self) -> tuple[str, str, str]:
        return (self.subject, self.predicate, self.object)


@dataclass
class Corpus:
    """What the time features need from one graph."""

    claims: list[ClaimRow]
    labels: dict[str, str]
    classes: dict[str, str]                 # entity IRI -> core class local name
    mentions: dict[str, set[str]]           # entity IRI -> article IRIs
    article_dates: dict[str, str | None]    # article IRI -> publication date
    article_names: dict[str, tuple[str, str | None]]   # article IRI -> (title or source, date)

    def label(self, node: str) -> str:
        return self.labels.get(node, node)


_CLAIMS = """
SELECT ?subject ?predicate ?object ?article ?modality ?confidence ?evidence
       ?reported ?published ?title ?source ?publisher ?url
WHERE {
  ?claim a aig:Claim ; rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object ;
         aig:modality ?modality ; aig:evidence ?evidence ; prov:wasDerivedFrom ?article .
  OPTIONAL { ?claim aig:confidence ?confidence }
  OPTIONAL { ?claim aig:reportedDate ?reported }
  OPTIONAL { ?article dcterms:date ?published }
  OPTIONAL { ?article dcterms:title ?title }
  OPTIONAL { ?article dcterms:source ?source }
  OPTIONAL { ?article dcterms:publisher ?publisher }
  OPTIONAL { ?article schema:url ?url }
}"""

_ENTITIES = """
SELECT ?entity ?class ?label ?article WHERE {
  ?entity aig:mentionedIn ?article .
  OPTIONAL { ?entity a ?class FILTER(STRSTARTS(STR(?class), STR(aig:))) }
  OPTIONAL { ?entity rdfs:label ?label }
}"""

_ARTICLES = """
SELECT ?article ?published ?title ?source WHERE {
  ?article a aig:Article .
  OPTIONAL { ?article dcterms:date ?published }
  OPTIONAL { ?article dcterms:title ?title }
  OPTIONAL { ?article dcterms:source ?source }
}"""


def read_corpus(graph: Graph, min_confidence: float) -> Corpus:
    """The claims at or above ``min_confidence``, with labels, classes and mentions."""
    from .ontology import core_class
    from .vocab import PREFIXES

    def text(value) -> str | None:
        return str(value) if value is not None else None

    claims = []
    for row in graph.query(_CLAIMS, initNs=PREFIXES):
        confidence = float(row.confidence) if row.confidence is not None else 1.0
        if round(confidence, 2) < min_confidence:
            continue
        modality = str(row.modality).removeprefix(AIG_IRI)
        date = text(row.reported) or text(row.published)
        claims.append(ClaimRow(
            subject=str(row.subject), predicate=str(row.predicate).removeprefix(AIG_IRI),
            object=str(row.object), article=str(row.article), negated=modality == "Negated",
            evidence=Evidence(str(row.evidence), text(row.title) or text(row.source) or str(row.article),
                              text(row.source) or "", date, text(row.publisher), text(row.url),
                              modality, confidence)))
    labels: dict[str, str] = {}
    classes: dict[str, str] = {}
    mentions: dict[str, set[str]] = defaultdict(set)
    for row in graph.query(_ENTITIES, initNs=PREFIXES):
        entity = str(row.entity)
        mentions[entity].add(str(row.article))
        if row.label is not None:
            labels.setdefault(entity, str(row.label))
        if row.get("class") is not None:
            local = str(row.get("class")).removeprefix(AIG_IRI)
            classes[entity] = min(classes.get(entity, core_class(local)), core_class(local))
    dates: dict[str, str | None] = {}
    names: dict[str, tuple[str, str | None]] = {}
    for row in graph.query(_ARTICLES, initNs=PREFIXES):
        article = str(row.article)
        dates[article] = text(row.published)
        names[article] = (text(row.title) or text(row.source) or article, text(row.published))
    claims.sort(key=lambda c: (c.evidence.date or "", c.subject, c.predicate, c.object,
                               c.evidence.source, c.evidence.sentence))
    return Corpus(claims, labels, classes, dict(mentions), dates, names)


# ---------------------------------------------------------------------------
# Views: a set of articles of one graph
# ---------------------------------------------------------------------------

@dataclass
class View:
    """The part of a corpus that a set of its articles says."""

    name: str                 # how the report names it: a file, or a date window
    corpus: Corpus
    articles: set[str]
    undated: int = 0          # articles left out because they have no date

    def claims(self) -> list[ClaimRow]:
        return [c for c in self.corpus.claims if c.article in self.articles]

    def facts(self) -> dict[tuple[str, str, str], list[ClaimRow]]:
        found: dict[tuple[str, str, str], list[ClaimRow]] = defaultdict(list)
        for claim in self.claims():
            if not claim.negated:
                found[claim.fact].append(claim)
        return found

    def entities(self) -> dict[str, set[str]]:
        """Entity IRI -> the view's articles that mention it."""
        return {e: arts & self.articles for e, arts in self.corpus.mentions.items()
                if arts & self.articles}


def whole(name: str, corpus: Corpus) -> View:
    return View(name, corpus, set(corpus.article_dates))


def window(corpus: Corpus, since: str | None = None, until: str | None = None,
           name: str | None = None) -> View:
    """The articles published from ``since`` through ``until`` (either open)."""
    kept, undated = set(), 0
    for article, date in corpus.article_dates.items():
        if date is None:
            undated += 1
        elif (since is None or not before(date, since)) and (until is None or on_or_before(date, until)):
            kept.add(article)
    label = name or f"articles published {_span(since, until)}"
    return View(label, corpus, kept, undated)


def before_window(corpus: Corpus, since: str) -> View:
    """The articles published before ``since``."""
    kept = {a for a, d in corpus.article_dates.items() if d is not None and before(d, since)}
    undated = sum(1 for d in corpus.article_dates.values() if d is None)
    return View(f"articles published before {since}", corpus, kept, undated)


def _span(since: str | None, until: str | None) -> str:
    if since and until:
        return f"from {since} through {until}"
    if since:
        return f"from {since} on"
    if until:
        return f"through {until}"
    return "at any date"


# ---------------------------------------------------------------------------
# Diff
# ---------------------------------------------------------------------------

KINDS = ("new entity", "vanished entity", "new fact", "fact no longer reported",
         "changed stance", "new participant")
HEADINGS = dict(zip(KINDS, ("New entities", "Vanished entities", "New facts",
                            "Facts no longer reported", "Changed stances",
                            "New participants of agreements")))


@dataclass
class Change:
    kind: str                               # one of KINDS
    subject: str                            # labels
    predicate: str = ""
    object: str = ""
    detail: str = ""                        # e.g. "supports -> opposes"
    evidence: list[Evidence] = field(default_factory=list)   # what shows the change (new side)
    before: list[Evidence] = field(default_factory=list)     # the old side, when there is one

    def summary(self) -> str:
        text = " ".join(x for x in (self.subject, self.predicate, self.object) if x)
        return f"{text} ({self.detail})" if self.detail else text


@dataclass
class Diff:
    old: str
    new: str
    changes: list[Change]
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {kind: sum(1 for c in self.changes if c.kind == kind) for kind in KINDS}

    def to_dict(self) -> dict:
        return {"old": self.old, "new": self.new, "counts": self.counts(), "notes": self.notes,
                "changes": [asdict(c) for c in self.changes]}


def diff(old: View, new: View) -> Diff:
    """Every change from ``old`` to ``new``, in the order of :data:`KINDS`."""
    changes: list[Change] = []
    changes += _entity_changes(old, new)
    stance_changes, stance_facts = _stance_changes(old, new)
    old_facts, new_facts = old.facts(), new.facts()
    old_entities = old.entities()
    participants = []
    for fact in sorted(set(new_facts) - set(old_facts), key=lambda f: _fact_key(new, f)):
        if fact in stance_facts:
            continue
        change = _fact_change("new fact", new, fact, new_facts[fact])
        if fact[1] == "partyTo" and fact[2] in old_entities:
            change.kind = "new participant"
            change.detail = f"{new.corpus.label(fact[2])} was already reported in {old.name}"
            participants.append(change)
        else:
            changes.append(change)
    for fact in sorted(set(old_facts) - set(new_facts), key=lambda f: _fact_key(old, f)):
        if fact in stance_facts:
            continue
        changes.append(_fact_change("fact no longer reported", old, fact, old_facts[fact]))
    changes += stance_changes + participants
    notes = [f"{view.name}: {view.undated} undated article(s) left out"
             for view in (old, new) if view.undated]
    order = {kind: n for n, kind in enumerate(KINDS)}
    changes.sort(key=lambda c: order[c.kind])    # stable: keeps each kind's own order
    return Diff(old.name, new.name, changes, notes)


def _fact_key(view: View, fact: tuple[str, str, str]) -> tuple:
    s, p, o = fact
    return (view.corpus.label(s).lower(), p, view.corpus.label(o).lower(), s, o)


def _fact_change(kind: str, view: View, fact, claims: list[ClaimRow]) -> Change:
    s, p, o = fact
    return Change(kind, view.corpus.label(s), p, view.corpus.label(o),
                  evidence=evidence_of(claims))


def evidence_of(claims: list[ClaimRow]) -> list[Evidence]:
    """The claims' evidence, one per sentence and article, oldest first."""
    unique = {(c.evidence.date or "", c.evidence.source, c.article, c.evidence.sentence):
              c.evidence for c in claims}
    return [unique[k] for k in sorted(unique)]


def _entity_changes(old: View, new: View) -> list[Change]:
    before_, after = old.entities(), new.entities()
    out = []
    for kind, view, found in (("new entity", new, sorted(set(after) - set(before_))),
                              ("vanished entity", old, sorted(set(before_) - set(after)))):
        mentioned = after if view is new else before_
        for entity in sorted(found, key=lambda e: (view.corpus.label(e).lower(), e)):
            articles = sorted(mentioned[entity],
                              key=lambda a: (view.corpus.article_names[a][1] or "", a))
            detail = view.corpus.classes.get(entity, "")
            evidence = [Evidence.mention(*view.corpus.article_names[a]) for a in articles]
            out.append(Change(kind, view.corpus.label(entity), detail=detail, evidence=evidence))
    return out


def latest_stance(claims: list[ClaimRow]) -> tuple[str, list[ClaimRow]] | None:
    """The stance (supports/opposes) of the most recently reported claims of
    one actor toward one object, with those claims; both when the latest day has both."""
    dated = [c for c in claims if c.predicate in STANCES and not c.negated]
    if not dated:
        return None
    last = max(c.evidence.date or "" for c in dated)
    latest = [c for c in dated if (c.evidence.date or "") == last]
    stances = sorted({c.predicate for c in latest}, key=STANCES.index)
    return " and ".join(stances), latest


def _stance_changes(old: View, new: View) -> tuple[list[Change], set]:
    """Pairs whose latest stance differs between the views, and the new facts they explain."""
    def by_pair(view: View) -> dict[tuple[str, str], list[ClaimRow]]:
        pairs: dict[tuple[str, str], list[ClaimRow]] = defaultdict(list)
        for claim in view.claims():
            if claim.predicate in STANCES and not claim.negated:
                pairs[(claim.subject, claim.object)].append(claim)
        return pairs

    old_pairs, new_pairs = by_pair(old), by_pair(new)
    changes, explained = [], set()
    for pair in sorted(set(old_pairs) & set(new_pairs),
                       key=lambda p: (new.corpus.label(p[0]).lower(), new.corpus.label(p[1]).lower(), p)):
        was, was_claims = latest_stance(old_pairs[pair])
        now, now_claims = latest_stance(new_pairs[pair])
        if was == now:
            continue
        actor, target = pair
        changes.append(Change("changed stance", new.corpus.label(actor), now,
                              new.corpus.label(target), detail=f"{was} -> {now}",
                              evidence=evidence_of(now_claims), before=evidence_of(was_claims)))
        explained |= {(actor, p, target) for p in STANCES}
    return changes, explained


# ---------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------

def diff_text(result: Diff, markdown: bool = False) -> str:
    """The report for a terminal (aligned plain text) or as Markdown."""
    counts = result.counts()
    lines = []
    if markdown:
        lines += [f"# Changes from {result.old} to {result.new}", ""]
        lines += ["| change | count |", "|---|---:|"]
        lines += [f"| {kind} | {n} |" for kind, n in counts.items()]
    else:
        lines += [f"Changes from {result.old} to {result.new}", ""]
        width = max(len(k) for k in KINDS)
        lines += [f"  {kind:<{width}}  {n:>5}" for kind, n in counts.items()]
    lines += [f"Note: {note}" if not markdown else f"\n_Note: {note}_" for note in result.notes]
    for kind in KINDS:
        items = [c for c in result.changes if c.kind == kind]
        if not items:
            continue
        lines += ["", f"## {HEADINGS[kind]} ({len(items)})" if markdown
                  else f"{HEADINGS[kind]} ({len(items)}):"]
        if markdown:
            lines.append("")
        for change in items:
            lines.append(f"- **{change.summary()}**" if markdown else f"  {change.summary()}")
            for label, evidence in (("before", change.before), ("now", change.evidence)):
                prefix = f"{label}: " if change.before else ""
                for e in evidence:
                    text = (f"mentioned in {e.article} ({e.date or 'undated'})" if not e.sentence
                            else e.line())
                    lines.append(f"  - {prefix}{text}" if markdown else f"      {prefix}{text}")
    return "\n".join(lines) + "\n"


def diff_json(result: Diff) -> str:
    return json.dumps(result.to_dict(), indent=2, sort_keys=True, ensure_ascii=False)


__all__ = ["Change", "ClaimRow", "Corpus", "DateError", "Diff", "Evidence", "KINDS", "View",
           "before_window", "check_date", "diff", "diff_json", "diff_text", "evidence_of", "latest_stance",
           "on_or_before", "published_by", "read_corpus", "whole", "window"]
