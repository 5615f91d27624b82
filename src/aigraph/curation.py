"""Analysts' corrections of the graph: decisions kept as data, applied by every build.

A decision is one :class:`Decision`: a claim review (accept, reject or fix a
claim) or an entity correction (merge, split, relabel, retype). Decisions live
in the curation file beside the exports (``curation.ttl``), plain Turtle in
PROV-O terms: who (``prov:wasAssociatedWith`` a ``prov:Agent``), when
(``prov:endedAtTime``) and why (``rdfs:comment``). ``aigraph validate
curation.ttl`` checks it against the shapes in ``ontology/shapes.ttl``.

Identities. Entities are keyed by their IRI, which is minted from class and
name, not from the batch, so it does not change when unrelated articles are
added. A claim review is keyed by the claim's IRI (article, subject, property,
object and sentence) and also records what the claim said; a build matches a
review to a claim by that IRI, else to the claims of the same article with
the same subject, property and object (the sentence was edited, or the
extractor now cuts it differently). When nothing in the article states the
fact any more, an accept or a fix still asserts it as long as the article's
text still contains the reviewed sentence (the extractor changed, the source
did not); otherwise the decision is reported as matching nothing and waits
(the source changed: the analyst should look again).

Order. Entity corrections apply first, oldest first, so a merge holds for
articles added later that name either entity; then claim reviews, the latest
one for a claim winning. Nothing here prints or imports click.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from . import ontology
from .ontology import local_name
from .dates import normalise_date
from .errors import AigraphError
from .graph import article_iri, claim_iri, serialize, write_atomic
from .model import CORE_CLASSES, LITERAL_PROPERTIES, Claim, Entity, Extraction
from .names import same_name
from .vocab import AIG, AIGR, AIGR_IRI, entity_iri, iri_segment, key_of_iri

#: The curation file's name, beside the exports.
CURATION_FILE = "curation.ttl"
CLAIM_VERDICTS = {"accept": "Accepted", "reject": "Rejected", "fix": "Corrected"}
ENTITY_KINDS = ("merge", "split", "relabel", "retype")
_KIND_CLASS = {"merge": AIG.Merge, "split": AIG.Split, "relabel": AIG.Relabel, "retype": AIG.Retype}
#: An ISO year and month, which :func:`aigraph.dates.normalise_date` reads as a year.
_YEAR_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_DATATYPES = {"date": XSD.date, "gYearMonth": XSD.gYearMonth, "gYear": XSD.gYear}


class CurationError(AigraphError):
    """A curation file, a review sheet or a correction cannot be used."""


@dataclass(frozen=True)
class ClaimRecord:
    """What a claim said when it was reviewed (keys, not labels)."""

    claim: str                  # the claim's IRI
    subject: str                # entity key
    predicate: str              # fact property
    object: str                 # entity key, or a literal's lexical form
    article: str                # article id
    evidence: str
    datatype: str | None = None  # of a literal object ("date", "gYear", ...)


@dataclass(frozen=True)
class Decision:
    """One analyst's decision."""

    kind: str                   # accept, reject, fix, merge, split, relabel, retype
    reviewer: str
    time: str                   # ISO 8601 UTC, e.g. "2026-11-30T06:40:00+00:00"
    note: str = ""
    claim: ClaimRecord | None = None          # claim reviews
    corrected: tuple[str, str, str] | None = None  # a fix: (subject key, property, object)
    corrected_datatype: str | None = None
    entity: str | None = None   # entity decisions: the key acted on (merge: the one kept)
    other: str | None = None    # merge: the key folded in
    label: str | None = None    # merge, relabel, split: the label given
    cls: str | None = None      # retype, split: the class given
    name: str | None = None     # split: the name that stands for the other entity
    #: the IRI of the earlier decision on the same target this one overrides
    #: (``dcterms:replaces``): the order holds whatever the clocks said
    replaces: str = ""
    #: where the decision was read (a file and row), for reports; not stored
    origin: str = field(default="", compare=False)
    #: its IRI in the curation file it was read from (else minted from the content)
    node: str = field(default="", compare=False)

    @property
    def iri(self) -> URIRef:
        """Minted from the content: the same decision gets the same IRI in every file."""
        if self.node:
            return URIRef(self.node)
        parts = [self.kind, self.reviewer, self.time, self.note, repr(self.claim),
                 repr(self.corrected), self.corrected_datatype or "", self.entity or "",
                 self.other or "", self.label or "", self.cls or "", self.name or "",
                 self.replaces]
        digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
        return AIGR[f"decision/{digest}"]

    @property
    def target(self) -> tuple[str, ...]:
        """What the decision is about: two decisions on one target that say
        different things are a conflict."""
        if self.claim is not None:
            return ("claim", self.claim.claim)
        if self.kind == "merge":
            return ("merge", *sorted((self.entity or "", self.other or "")))
        if self.kind == "split":
            return ("split", self.entity or "", (self.name or "").lower())
        return (self.kind, self.entity or "")

    @property
    def verdict(self) -> str:
        """What it says (without who and when), to tell a conflict from a repeat."""
        return repr((self.kind, self.corrected, self.entity, self.other, self.label,
                     self.cls, self.name))

    def describe(self) -> str:
        """A short account for reports."""
        if self.claim is not None:
            c = self.claim
            text = f"{self.kind} {short_claim(c.claim)} ({c.subject} {c.predicate} {c.object})"
            if self.corrected:
                text += " -> " + " ".join(self.corrected)
            return text
        if self.kind == "merge":
            return f"merge {self.other} into {self.entity} as '{self.label}'"
        if self.kind == "split":
            return f"split '{self.name}' off {self.entity}"
        if self.kind == "relabel":
            return f"relabel {self.entity} as '{self.label}'"
        return f"retype {self.entity} as {self.cls}"


def short_claim(iri: str) -> str:
    return iri.removeprefix(AIGR_IRI)


def default_reviewer() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "unknown"


def now() -> str:
    """The current time, UTC to the second; ``SOURCE_DATE_EPOCH`` fixes it
    (reproducible files, as for any build tool)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit()
              else datetime.now(timezone.utc))
    return moment.replace(microsecond=0).isoformat()   # as rdflib writes an xsd:dateTime


def curation_path(out_dir: Path | str) -> Path:
    return Path(out_dir) / CURATION_FILE


def literal_object(predicate: str, text: str) -> tuple[str, str | None]:
    """A literal object as typed by an analyst: (lexical form, datatype name).
    A ``date`` may be ISO (2025-05-03, 2025-05, 2025) or written ("3 May 2025");
    anything else raises :class:`CurationError`."""
    text = text.strip()
    if predicate != "date":
        return text, None
    if _YEAR_MONTH.match(text):
        return text, "gYearMonth"
    found = normalise_date(text)
    if found is None:
        raise CurationError(f"'{text}' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    return found


# ---------------------------------------------------------------------------
# The curation file (RDF)
# ---------------------------------------------------------------------------


def _agent(name: str) -> URIRef:
    return AIGR[f"agent/{iri_segment(name)}"]


def _object_term(value: str, predicate: str, datatype: str | None):
    if predicate in LITERAL_PROPERTIES:
        return Literal(value, datatype=_DATATYPES.get(datatype or ""))
    return entity_iri(value)


def object_value(term) -> tuple[str, str | None]:
    """An rdf:object as (key or lexical form, datatype name)."""
    if isinstance(term, Literal):
        names = {v: k for k, v in _DATATYPES.items()}
        return str(term), names.get(term.datatype) if term.datatype else None
    return _key(term), None


def article_id(term) -> str:
    """The article id of an article IRI (see :func:`aigraph.graph.article_iri`)."""
    return unquote(str(term).removeprefix(AIGR_IRI + "article/"))


def _key(term) -> str:
    key = key_of_iri(str(term))
    if key is None:
        raise CurationError(f"{term} is not an aigraph entity IRI")
    return key


def add_decision(graph: Graph, d: Decision) -> None:
    """The triples of one decision."""
    node = d.iri
    agent = _agent(d.reviewer)
    graph.add((agent, RDF.type, PROV.Agent))
    graph.add((agent, RDFS.label, Literal(d.reviewer)))
    graph.add((node, PROV.wasAssociatedWith, agent))
    graph.add((node, PROV.endedAtTime, Literal(d.time, datatype=XSD.dateTime)))
    if d.note:
        graph.add((node, RDFS.comment, Literal(d.note)))
    if d.replaces:
        graph.add((node, DCTERMS.replaces, URIRef(d.replaces)))
    if d.claim is not None:
        c = d.claim
        graph.add((node, RDF.type, AIG.ClaimReview))
        graph.add((node, AIG.decision, AIG[CLAIM_VERDICTS[d.kind]]))
        graph.add((node, AIG.reviewedClaim, URIRef(c.claim)))
        graph.add((node, RDF.subject, entity_iri(c.subject)))
        graph.add((node, RDF.predicate, ontology.term(c.predicate)))
        graph.add((node, RDF.object, _object_term(c.object, c.predicate, c.datatype)))
        graph.add((node, AIG.evidence, Literal(c.evidence)))
        graph.add((node, PROV.used, article_iri(c.article)))
        if d.corrected:     # only what the fix changes
            s, p, o = d.corrected
            if s != c.subject:
                graph.add((node, AIG.correctedSubject, entity_iri(s)))
            if p != c.predicate:
                graph.add((node, AIG.correctedPredicate, ontology.term(p)))
            if (o, d.corrected_datatype) != (c.object, c.datatype):
                graph.add((node, AIG.correctedObject, _object_term(o, p, d.corrected_datatype)))
        return
    graph.add((node, RDF.type, _KIND_CLASS[d.kind]))
    graph.add((node, AIG.curatedEntity, entity_iri(d.entity or "")))
    if d.other:
        graph.add((node, AIG.mergedEntity, entity_iri(d.other)))
    if d.label:
        graph.add((node, AIG.newLabel, Literal(d.label)))
    if d.cls:
        graph.add((node, AIG.newType, ontology.term(d.cls)))
    if d.name:
        graph.add((node, AIG.splitName, Literal(d.name)))


def decisions_graph(decisions: Iterable[Decision]) -> Graph:
    graph = Graph()
    for d in decisions:
        add_decision(graph, d)
    return graph


def write_curation(path: Path | str, decisions: Iterable[Decision]) -> Path:
    """Write the curation file: sorted Turtle, so the same decisions give the
    same bytes and two analysts' files diff and merge line by line."""
    from .graph import bind_prefixes

    graph = decisions_graph(decisions)
    bind_prefixes(graph)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, serialize(graph, "ttl"))
    return path


def read_curation(path: Path | str) -> list[Decision]:
    """The decisions of a curation file, oldest first ([] when there is none)."""
    path = Path(path)
    if not path.is_file():
        return []
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many parser-specific types
        from .graph import parse_error
        raise CurationError(f"{path}: not a valid curation file: {parse_error(exc)}") from exc
    return decisions_of(graph, str(path))


def decisions_of(graph: Graph, where: str) -> list[Decision]:
    decisions = []
    kinds = {v: k for k, v in _KIND_CLASS.items()}
    for node in sorted(set(graph.subjects(PROV.wasAssociatedWith, None))):
        try:
            types = set(graph.objects(node, RDF.type))
            if AIG.ClaimReview in types:
                decisions.append(_claim_review(graph, node, where))
            else:
                kind = next((kinds[t] for t in types if t in kinds), None)
                if kind is None:
                    raise CurationError("it is neither a claim review nor an entity correction")
                decisions.append(_entity_decision(graph, node, kind, where))
        except (CurationError, AttributeError, TypeError, ValueError) as exc:
            raise CurationError(f"{where}: decision {node} is incomplete or malformed ({exc}); "
                                f"check it with 'aigraph validate {where}'") from exc
    return sorted(decisions, key=lambda d: (d.time, str(d.iri)))


def _required(graph: Graph, node, predicate):
    value = graph.value(node, predicate)
    if value is None:
        raise CurationError(f"no {predicate.n3(graph.namespace_manager)}")
    return value


def _common(graph: Graph, node) -> dict:
    agent = _required(graph, node, PROV.wasAssociatedWith)
    return {"node": str(node), "reviewer": str(graph.value(agent, RDFS.label) or agent),
            "time": str(_required(graph, node, PROV.endedAtTime)),
            "note": str(graph.value(node, RDFS.comment) or ""),
            "replaces": str(graph.value(node, DCTERMS.replaces) or "")}


def _claim_review(graph: Graph, node, where: str) -> Decision:
    verdicts = {v: k for k, v in CLAIM_VERDICTS.items()}
    verdict = local_name(_required(graph, node, AIG.decision))
    if verdict not in verdicts:
        raise CurationError(f"unknown decision {verdict}")
    predicate = local_name(_required(graph, node, RDF.predicate))
    obj, datatype = object_value(_required(graph, node, RDF.object))
    record = ClaimRecord(
        claim=str(_required(graph, node, AIG.reviewedClaim)),
        subject=_key(_required(graph, node, RDF.subject)), predicate=predicate, object=obj,
        article=article_id(_required(graph, node, PROV.used)),
        evidence=str(_required(graph, node, AIG.evidence)),
        datatype=datatype)
    corrected, corrected_datatype = None, None
    if verdicts[verdict] == "fix":
        s = graph.value(node, AIG.correctedSubject)
        p = graph.value(node, AIG.correctedPredicate)
        o = graph.value(node, AIG.correctedObject)
        cs = _key(s) if s is not None else record.subject
        cp = local_name(p) if p is not None else record.predicate
        if o is not None:
            co, corrected_datatype = object_value(o)
        else:
            co, corrected_datatype = record.object, record.datatype
        corrected = (cs, cp, co)
    return Decision(verdicts[verdict], claim=record, corrected=corrected,
                    corrected_datatype=corrected_datatype, origin=where, **_common(graph, node))


def _entity_decision(graph: Graph, node, kind: str, where: str) -> Decision:
    other = graph.value(node, AIG.mergedEntity)
    label = graph.value(node, AIG.newLabel)
    cls = graph.value(node, AIG.newType)
    name = graph.value(node, AIG.splitName)
    return Decision(kind, entity=_key(_required(graph, node, AIG.curatedEntity)),
                    other=_key(other) if other is not None else None,
                    label=str(label) if label is not None else None,
                    cls=local_name(cls) if cls is not None else None,
                    name=str(name) if name is not None else None,
                    origin=where, **_common(graph, node))


def superseding(d: Decision, in_force_now: dict[tuple[str, ...], Decision]) -> Decision:
    """``d``, marked as replacing the decision in force on its target, if any
    (``in_force_now``: :func:`current` of the curation file)."""
    before = in_force_now.get(d.target)
    return replace(d, replaces=str(before.iri)) if before is not None else d


def record(path: Path | str, new: Iterable[Decision]) -> list[Decision]:
    """Add decisions to the curation file (one already there is not repeated);
    returns the ones added."""
    existing = read_curation(path)
    known = {d.iri for d in existing}
    added = []
    for d in new:
        if d.iri not in known:
            known.add(d.iri)
            added.append(d)
    if added:
        write_curation(path, existing + added)
    return added


# ---------------------------------------------------------------------------
# Entity corrections made from the command line (merge, split, relabel, retype)
# ---------------------------------------------------------------------------


def check_class(cls: str) -> str:
    """An aigraph entity class name, as given or in any case."""
    names = {n.lower(): n for n in ontology.superclasses()} | {n.lower(): n for n in CORE_CLASSES}
    found = names.get(cls.strip().lower())
    if found is None or ontology.core_class(found) not in CORE_CLASSES:
        raise CurationError(f"unknown class '{cls}'; use one of: {', '.join(CORE_CLASSES)} "
                            "(or a subclass declared in ontology/aigraph.ttl)")
    return found


# ---------------------------------------------------------------------------
# Applying decisions to an extraction (every build)
# ---------------------------------------------------------------------------


@dataclass
class CurationReport:
    """What a build made of the curation file."""

    path: Path | None = None
    decisions: int = 0
    applied: list[Decision] = field(default_factory=list)
    #: decisions that matched nothing in this build (the article is not built,
    #: the entity is gone, or the sentence changed)
    unmatched: list[Decision] = field(default_factory=list)


def load_and_apply(extraction: Extraction, path: Path | str) -> CurationReport:
    """Apply the curation file at ``path`` (if any) to ``extraction`` in place."""
    decisions = read_curation(path)
    if not decisions:       # nothing to apply: the extraction stays exactly as it is
        return CurationReport()
    if not isinstance(extraction.claims, list):   # on disk (aigraph.diskclaims): edited in memory
        extraction.claims = list(extraction.claims)
    report = apply_decisions(extraction, decisions)
    report.path = Path(path)
    return report


def apply_decisions(extraction: Extraction, decisions: list[Decision],
                    claims: bool = True) -> CurationReport:
    """Apply ``decisions`` to ``extraction`` in place: entity corrections, then
    (when ``claims``) the latest review of each claim, which sets
    :attr:`Claim.review`."""
    report = CurationReport(decisions=len(decisions))
    decisions = in_force(decisions)
    corrected = correct_entities(extraction, decisions)
    report.applied += corrected.applied
    report.unmatched += corrected.unmatched
    if claims:
        reviews = latest_reviews(d for d in decisions if d.claim is not None)
        applied = _apply_reviews(extraction, corrected, reviews)
        for d in reviews:
            (report.applied if d.iri in applied else report.unmatched).append(d)
    extraction.claims = _deduplicated(c for c in extraction.claims
                                      if c.is_literal or c.subject != c.object)
    return report


@dataclass
class Corrected:
    """The entity corrections made to an extraction: where merges sent keys,
    and each claim's IRI before them (claims keep their order)."""

    key_map: dict[str, str]
    original: list[URIRef]
    applied: list[Decision] = field(default_factory=list)
    unmatched: list[Decision] = field(default_factory=list)


def correct_entities(extraction: Extraction, decisions: Iterable[Decision]) -> Corrected:
    """Apply the entity corrections among ``decisions``, oldest first, in place."""
    result = Corrected({}, [claim_iri(c) for c in extraction.claims])
    for d in decisions:
        if d.kind in ENTITY_KINDS:
            matched = _apply_entity(extraction, d, result.key_map)
            (result.applied if matched else result.unmatched).append(d)
    return result


def match_reviews(claims: list[Claim], corrected: Corrected,
                  reviews: list[Decision]) -> list[Decision | None]:
    """The review of each claim (None when unreviewed): by the claim's IRI
    (after or before the entity corrections), else by the same fact from the
    same article."""
    by_iri = {d.claim.claim: d for d in reviews}
    by_fact = {_mapped_fact(d.claim, corrected.key_map): d for d in reviews}
    return [by_iri.get(str(claim_iri(c))) or by_iri.get(str(before))
            or by_fact.get((c.article, c.subject, c.predicate, c.object))
            for c, before in zip(claims, corrected.original)]


def corrected_fact(d: Decision, key_map: dict[str, str]) -> tuple[str, str, str, str]:
    """A fix's corrected fact as (article, subject, property, object) in this build's keys."""
    s, p, o = d.corrected
    return (d.claim.article, mapped(s, key_map), p,
            o if p in LITERAL_PROPERTIES else mapped(o, key_map))


def in_force(decisions: Iterable[Decision]) -> list[Decision]:
    """The decisions no other decision replaces (``dcterms:replaces``), in order."""
    decisions = list(decisions)
    replaced = {d.replaces for d in decisions if d.replaces}
    return [d for d in decisions if str(d.iri) not in replaced]


def current(decisions: Iterable[Decision]) -> dict[tuple[str, ...], Decision]:
    """The decision in force on each target (the latest not replaced)."""
    return {d.target: d for d in in_force(decisions)}


def latest_reviews(reviews: Iterable[Decision]) -> list[Decision]:
    """The latest review of each claim (decisions come oldest first)."""
    latest: dict[str, Decision] = {}
    for d in reviews:
        latest[d.claim.claim] = d
    return list(latest.values())


def _deduplicated(claims: Iterable[Claim]) -> list[Claim]:
    """One claim per IRI (a merge can make two claims one), the most confident,
    an analyst's verdict kept."""
    best: dict[URIRef, Claim] = {}
    for c in claims:
        iri = claim_iri(c)
        seen = best.get(iri)
        if seen is None:
            best[iri] = c
        else:
            keep = c if c.confidence > seen.confidence else seen
            best[iri] = replace(keep, review=seen.review or c.review,
                                signals=seen.signals | c.signals)
    return list(best.values())


def mapped(key: str, key_map: dict[str, str]) -> str:
    """Where a merge sent an entity key (merges can chain)."""
    seen = set()
    while key in key_map and key not in seen:
        seen.add(key)
        key = key_map[key]
    return key


def _rewrite_claims(extraction: Extraction, old: str, new: str, keep=lambda c: True) -> None:
    """Claims naming entity ``old`` (and passing ``keep``) name ``new`` instead."""
    def moved(c: Claim) -> Claim:
        return replace(c, subject=new if c.subject == old else c.subject,
                       object=new if not c.is_literal and c.object == old else c.object)

    extraction.claims = [moved(c) if old in (c.subject, c.object) and keep(c) else c
                         for c in extraction.claims]


def _apply_entity(extraction: Extraction, d: Decision, key_map: dict[str, str]) -> bool:
    entities = extraction.entities
    key = mapped(d.entity or "", key_map)
    if d.kind == "merge":
        return _merge(extraction, key, mapped(d.other or "", key_map), d.label, key_map)
    entity = entities.get(key)
    if entity is None:
        return False
    if d.kind == "relabel" and d.label:
        entity.aliases.add(entity.label)
        entity.label = d.label
        entity.aliases.discard(d.label)
    elif d.kind == "retype" and d.cls:
        entity.cls = d.cls
    elif d.kind == "split" and d.name:
        return _split(extraction, entity, d)
    return True


def _merge(extraction: Extraction, keep: str, gone: str, label: str | None,
           key_map: dict[str, str]) -> bool:
    """Fold entity ``gone`` into ``keep`` (whichever of them this build has)."""
    if keep == gone:
        return keep in extraction.entities
    entities = extraction.entities
    key_map[gone] = keep
    absorbed = entities.pop(gone, None)
    kept = entities.get(keep)
    if absorbed is None and kept is None:
        return False
    if kept is None:
        kept = entities[keep] = Entity(keep, absorbed.cls, label or absorbed.label)
    if absorbed is not None:
        kept.aliases |= absorbed.aliases | {absorbed.label}
        kept.articles |= absorbed.articles
        kept.same_as = kept.same_as or absorbed.same_as
        _rewrite_claims(extraction, gone, keep)
    if label and label != kept.label:
        kept.aliases.add(kept.label)
        kept.label = label
    kept.aliases.discard(kept.label)
    return True


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE) is not None


def _split(extraction: Extraction, entity: Entity, d: Decision) -> bool:
    """Give ``d.name`` its own entity: the claims whose evidence uses it and
    none of the entity's other names, and the articles that use it."""
    name = d.name or ""
    label = d.label or name
    cls = d.cls or entity.cls
    new_key = ontology.entity_key(cls, label)
    if new_key == entity.key:
        new_key = f"{new_key}-2"
    remaining = [n for n in (entity.label, *sorted(entity.aliases))
                 if not same_name(n, name) and not same_name(n, label)]
    if not remaining:
        return False
    texts = {a.id: a.text for a in extraction.articles}
    moved = lambda c: _mentions(c.evidence, name) and not any(_mentions(c.evidence, n)  # noqa: E731
                                                             for n in remaining)
    _rewrite_claims(extraction, entity.key, new_key, moved)
    articles = {a for a in entity.articles if _mentions(texts.get(a, ""), name)}
    other = extraction.entities.setdefault(new_key, Entity(new_key, cls, label))
    other.aliases |= {n for n in (name,) if n != other.label}
    other.articles |= articles | {c.article for c in extraction.claims
                                  if new_key in (c.subject, c.object)}
    entity.aliases = {a for a in entity.aliases if not same_name(a, name)}
    if same_name(entity.label, name):
        entity.aliases.discard(remaining[0])
        entity.label = remaining[0]
    still = {a for a in entity.articles
             if any(_mentions(texts.get(a, ""), n) for n in remaining)}
    entity.articles = still or entity.articles
    if not other.articles:  # the name is in no article of this build: nothing to split
        del extraction.entities[new_key]
        return False
    return True


def _apply_reviews(extraction: Extraction, corrected: Corrected,
                   reviews: list[Decision]) -> set[URIRef]:
    """Set each reviewed claim's verdict; returns the IRIs of the decisions applied."""
    key_map = corrected.key_map
    found = match_reviews(extraction.claims, corrected, reviews)
    applied = {d.iri for d in found if d is not None}
    extraction.claims = [c if d is None else replace(c, review=CLAIM_VERDICTS[d.kind])
                         for c, d in zip(extraction.claims, found)]
    texts = {a.id: a.text for a in extraction.articles}
    for d in reviews:
        if d.kind == "reject" or (d.iri not in applied and not _still_said(d, texts)):
            continue
        if d.kind == "accept" and d.iri not in applied:
            made = _claim_from(d.claim, d.claim.subject, d.claim.predicate, d.claim.object,
                               d.claim.datatype, key_map, extraction)
            if made is not None:
                extraction.claims.append(made)
                applied.add(d.iri)
        elif d.kind == "fix" and d.corrected:
            if _assert_correction(extraction, d, key_map, texts):
                applied.add(d.iri)
            else:
                applied.discard(d.iri)
    return applied


def _mapped_fact(c: ClaimRecord, key_map: dict[str, str]) -> tuple[str, str, str, str]:
    obj = c.object if c.predicate in LITERAL_PROPERTIES else mapped(c.object, key_map)
    return (c.article, mapped(c.subject, key_map), c.predicate, obj)


def _still_said(d: Decision, texts: dict[str, str]) -> bool:
    """Whether the reviewed sentence is still in its article's text."""
    text = texts.get(d.claim.article)
    if text is None:
        return False
    squeeze = lambda s: " ".join(s.split())  # noqa: E731 - line breaks differ between cleanings
    return squeeze(d.claim.evidence) in squeeze(text)


def _claim_from(record_: ClaimRecord, s: str, p: str, o: str, datatype: str | None,
                key_map: dict[str, str], extraction: Extraction) -> Claim | None:
    """An accepted claim the analyst stated, when its entities exist in this build."""
    s = mapped(s, key_map)
    if p not in LITERAL_PROPERTIES:
        o = mapped(o, key_map)
    ends = [s] if p in LITERAL_PROPERTIES else [s, o]
    if any(key not in extraction.entities for key in ends):
        return None
    for key in ends:  # the article talks about what the analyst says it does
        extraction.entities[key].articles.add(record_.article)
    return Claim(subject=s, predicate=p, object=o, article=record_.article,
                 evidence=record_.evidence, modality="Asserted", confidence=1.0,
                 datatype=datatype, review="Accepted")


def _assert_correction(extraction: Extraction, d: Decision, key_map: dict[str, str],
                       texts: dict[str, str]) -> bool:
    """A fix: the corrected fact is asserted from the reviewed article, by the
    extractor's own claim of it when there is one, else by a claim made here."""
    wanted = corrected_fact(d, key_map)
    if wanted[0] not in texts:
        return False
    found = False
    claims = []
    for c in extraction.claims:
        if (c.article, c.subject, c.predicate, c.object) == wanted and c.review is None:
            c = replace(c, review="Accepted")
            found = True
        claims.append(c)
    extraction.claims = claims
    if found:
        return True
    _, s, p, o = wanted
    made = _claim_from(d.claim, s, p, o, d.corrected_datatype, key_map, extraction)
    if made is None:
        return False
    extraction.claims.append(made)
    return True
