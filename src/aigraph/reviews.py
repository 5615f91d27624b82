"""The review queue (a CSV for a spreadsheet) and reading analysts' decisions back.

:func:`review_queue` lists a graph's claims to review, lowest confidence and
fewest sources first; :func:`write_sheet` writes them as CSV that spreadsheets
open as they are (UTF-8 with a byte-order mark, CRLF line ends, cells that
would start a formula escaped with a quote). :func:`import_reviews` reads
filled-in sheets (and other analysts' curation files), checks every row
against the graph and records the decisions in the curation file, all or
nothing: a file with one bad row records nothing and every bad row is named.

The decisions themselves, and how a build applies them, are in
:mod:`aigraph.curation`. Nothing here prints or imports click.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV

from .curation import (CLAIM_VERDICTS, ClaimRecord, CurationError, Decision, article_id,
                       check_class, current, default_reviewer, latest_reviews, literal_object,
                       now, object_value, read_curation, record, short_claim, superseding)
from . import ontology
from .ontology import local_name
from .explain import label_of, resolve_terms
from .model import FACT_PROPERTIES, LITERAL_PROPERTIES
from .names import same_name
from .vocab import AIG, AIG_IRI, AIGR, entity_iri, key_of_iri

#: The sheet's columns, in the order written; a sheet may reorder them.
COLUMNS = ("claim", "subject", "property", "object", "evidence", "confidence", "modality",
           "sources", "status", "decision", "corrected_subject", "corrected_property",
           "corrected_object", "note", "article_title", "article_url", "article",
           "subject_iri", "object_iri")
#: The columns a sheet must have to be read.
REQUIRED = ("claim", "decision")
_DECISIONS = {"accept": "accept", "accepted": "accept", "reject": "reject",
              "rejected": "reject", "fix": "fix", "fixed": "fix"}
_CORRECTED = ("corrected_subject", "corrected_property", "corrected_object")
#: A cell starting with one of these is a formula to a spreadsheet.
_FORMULA = ("=", "+", "-", "@")


# ---------------------------------------------------------------------------
# The queue
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    """One claim to review, as the sheet shows it."""

    claim: str
    subject: str
    property: str
    object: str
    evidence: str
    confidence: float
    modality: str
    sources: int                # articles with a claim of the same fact
    status: str                 # "" (unreviewed), "accepted", "rejected", "corrected"
    article_title: str
    article_url: str
    article: str                # the article's source file name
    subject_iri: str
    object_iri: str             # "" for a literal object

    def cells(self) -> dict[str, str]:
        values = {name: getattr(self, name) for name in COLUMNS if hasattr(self, name)}
        values["confidence"] = f"{self.confidence:.2f}"
        values["sources"] = str(self.sources)
        return {name: str(values.get(name, "")) for name in COLUMNS}


_CLAIMS = """
SELECT ?claim ?s ?p ?o ?modality ?confidence ?evidence ?article ?status WHERE {
  ?claim a aig:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
         aig:modality ?modality ; aig:confidence ?confidence ; aig:evidence ?evidence ;
         prov:wasDerivedFrom ?article .
  OPTIONAL { ?claim aig:reviewStatus ?status }
}"""


def _claims(graph: Graph):
    return graph.query(_CLAIMS, initNs={"aig": AIG_IRI, "rdf": str(RDF), "prov": str(PROV)})


def review_queue(graph: Graph, min_confidence: float | None = None,
                 max_confidence: float | None = None, prop: str | None = None,
                 entity: str | None = None, include_reviewed: bool = False) -> list[QueueRow]:
    """The claims to review, lowest confidence first, then fewest sources."""
    from .explain import property_iri

    wanted_property = property_iri(prop) if prop else None
    wanted_entities = None
    if entity:
        wanted_entities = resolve_terms(graph, entity)
        if not wanted_entities:
            from .errors import EntityNotFoundError
            raise EntityNotFoundError(f"no entity is labelled '{entity}'")
    rows = list(_claims(graph))
    support: dict[tuple, set] = defaultdict(set)
    for r in rows:
        if local_name(r.modality) != "Negated":
            support[(r.s, r.p, r.o)].add(r.article)
    queue = []
    for r in rows:
        confidence = float(r.confidence)
        if ((min_confidence is not None and confidence < min_confidence)
                or (max_confidence is not None and confidence > max_confidence)
                or (wanted_property is not None and r.p != wanted_property)
                or (wanted_entities is not None and not {r.s, r.o} & wanted_entities)
                or (r.status is not None and not include_reviewed)):
            continue
        url = graph.value(r.article, PROV.hadPrimarySource)
        is_entity = isinstance(r.o, URIRef)
        queue.append(QueueRow(
            claim=str(r.claim), subject=label_of(graph, r.s), property=local_name(r.p),
            object=label_of(graph, r.o) if is_entity else str(r.o), evidence=str(r.evidence),
            confidence=confidence, modality=local_name(r.modality),
            sources=len(support.get((r.s, r.p, r.o), ())),
            status=local_name(r.status).lower() if r.status is not None else "",
            article_title=str(graph.value(r.article, DCTERMS.title) or ""),
            article_url=str(url or ""),
            article=str(graph.value(r.article, DCTERMS.source) or r.article),
            subject_iri=str(r.s), object_iri=str(r.o) if is_entity else ""))
    return sorted(queue, key=lambda q: (q.confidence, q.sources, q.subject, q.property,
                                        q.object, q.claim))


def _escape(cell: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading quote."""
    return "'" + cell if cell.startswith(_FORMULA) else cell


def _unescape(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:2] in _FORMULA and cell[1:] else cell


def sheet_text(rows: Iterable[QueueRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        cells = row.cells()
        writer.writerow([_escape(" ".join(cells[name].split()) if name == "evidence"
                                 else cells[name]) for name in COLUMNS])
    return buffer.getvalue()


def write_sheet(path: Path | str, rows: Iterable[QueueRow]) -> Path:
    """The queue as CSV for a spreadsheet: UTF-8 with a BOM, CRLF line ends."""
    from .graph import write_atomic

    path = Path(path)
    write_atomic(path, sheet_text(rows).encode("utf-8-sig"))
    return path


# ---------------------------------------------------------------------------
# Reading decisions back
# ---------------------------------------------------------------------------


def claim_records(graph: Graph) -> dict[str, ClaimRecord]:
    """Every claim of the graph by IRI, as a review records it."""
    found = {}
    for r in _claims(graph):
        subject = key_of_iri(str(r.s))
        obj, datatype = ((key_of_iri(str(r.o)), None) if isinstance(r.o, URIRef)
                         else object_value(r.o))
        if subject is None or obj is None:
            continue
        found[str(r.claim)] = ClaimRecord(str(r.claim), subject, local_name(r.p), obj,
                                          article_id(r.article), str(r.evidence), datatype)
    return found


def claim_id(text: str) -> str:
    """A claim IRI from a sheet's cell: the IRI, ``<IRI>``, ``claim/HASH`` or ``HASH``."""
    text = text.strip().removeprefix("<").removesuffix(">").strip()
    if text.startswith(("http://", "https://")):
        return text
    return str(AIGR[text if text.startswith("claim/") else f"claim/{text}"])


def entity_key(graph: Graph, text: str, what: str) -> str:
    """The key of the one entity ``text`` names in ``graph`` (label, alias or IRI)."""
    found = sorted(n for n in resolve_terms(graph, text)
                   if (n, RDFS.label, None) in graph and key_of_iri(str(n)) is not None
                   and (n, RDF.type, AIG.Claim) not in graph)
    if not found:
        raise CurationError(f"{what} '{text}' names no entity of the graph")
    if len(found) > 1:
        raise CurationError(f"{what} '{text}' names {len(found)} entities ("
                            + ", ".join(str(n) for n in found) + "); give its IRI")
    return key_of_iri(str(found[0]))


def _decode(data: bytes) -> str:
    """A sheet's text: UTF-8 (with or without a BOM), else the Windows code
    page spreadsheets save "CSV" in."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _dialect(text: str) -> str:
    """The delimiter: spreadsheets in many locales save with ';' (or a tab)."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=lambda d: (header.count(d), d == ","))


def _column(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


@dataclass
class Sheet:
    """The decisions read from one sheet."""

    decisions: list[Decision] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    undecided: int = 0          # rows left without a decision


def read_sheet(path: Path | str, graph: Graph, claims: dict[str, ClaimRecord],
               reviewer: str, time: str) -> Sheet:
    """Decisions of a filled-in sheet, every bad row in :attr:`Sheet.errors`."""
    path = Path(path)
    sheet = Sheet()
    try:
        text = _decode(path.read_bytes())
    except OSError as exc:
        sheet.errors.append(f"{path}: cannot read it ({exc.strerror or exc})")
        return sheet
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text))
    try:
        header = [_column(h) for h in next(reader, [])]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            sheet.errors.append(f"{path}: no column " + " or ".join(f"'{c}'" for c in missing)
                                + " in its first row (export one with 'aigraph review export')")
            return sheet
        for number, cells in enumerate(reader, start=2):
            row = {name: _unescape(cells[i].strip()) if i < len(cells) else ""
                   for i, name in enumerate(header) if name}
            if not any(row.values()):
                continue    # spreadsheets leave empty rows behind
            try:
                decision = _row_decision(row, graph, claims, reviewer, time)
            except CurationError as exc:
                sheet.errors.append(f"{path} row {number}: {exc}")
                continue
            if decision is None:
                sheet.undecided += 1
            else:
                sheet.decisions.append(replace(decision, origin=f"{path} row {number}"))
    except csv.Error as exc:
        sheet.errors.append(f"{path} row {reader.line_num}: not CSV ({exc})")
    return sheet


def _row_decision(row: dict[str, str], graph: Graph, claims: dict[str, ClaimRecord],
                  reviewer: str, time: str) -> Decision | None:
    said = row.get("decision", "")
    corrections = {c: row.get(c, "") for c in _CORRECTED if row.get(c, "")}
    if not said:
        if corrections:
            raise CurationError("corrected values but no decision (write 'fix')")
        return None
    kind = _DECISIONS.get(said.lower())
    if kind is None:
        raise CurationError(f"bad decision '{said}' (use accept, reject or fix)")
    if not row.get("claim"):
        raise CurationError("no claim id")
    iri = claim_id(row["claim"])
    claim = claims.get(iri)
    if claim is None:
        raise CurationError(f"unknown claim id '{row['claim']}' (not in the graph: "
                            "was the sheet exported from another build?)")
    corrected, datatype = None, None
    if kind == "fix":
        if not corrections:
            raise CurationError("'fix' needs a corrected_subject, corrected_property "
                                "or corrected_object")
        corrected, datatype = _correction(corrections, claim, graph)
    elif corrections:
        raise CurationError(f"corrected values are only read with 'fix', not '{said}'")
    return Decision(kind, reviewer=row.get("reviewer") or reviewer, time=time,
                    note=row.get("note", ""), claim=claim, corrected=corrected,
                    corrected_datatype=datatype)


def _correction(values: dict[str, str], claim: ClaimRecord,
                graph: Graph) -> tuple[tuple[str, str, str], str | None]:
    prop = values.get("corrected_property", "").removeprefix("aig:").removeprefix(AIG_IRI)
    prop = prop or claim.predicate
    if prop not in FACT_PROPERTIES:
        raise CurationError(f"unknown property '{prop}' (use one of: {', '.join(FACT_PROPERTIES)})")
    subject = (entity_key(graph, values["corrected_subject"], "corrected subject")
               if "corrected_subject" in values else claim.subject)
    literal = prop in LITERAL_PROPERTIES
    if literal != (claim.predicate in LITERAL_PROPERTIES) and "corrected_object" not in values:
        raise CurationError(f"'{prop}' needs a corrected_object of its own kind")
    datatype = None
    if "corrected_object" in values:
        text = values["corrected_object"]
        if literal:
            obj, datatype = literal_object(prop, text)
        else:
            obj = entity_key(graph, text, "corrected object")
    else:
        obj, datatype = claim.object, claim.datatype
    if (subject, prop, obj) == (claim.subject, claim.predicate, claim.object):
        raise CurationError("the correction says what the claim already says (use 'accept')")
    domain, range_ = ontology.property_domains()[prop]
    _check_class(graph, subject, domain, f"the subject of '{prop}'")
    if not literal:
        _check_class(graph, obj, range_, f"the object of '{prop}'")
    return (subject, prop, obj), datatype


def _check_class(graph: Graph, key: str, allowed: frozenset[str] | None, what: str) -> None:
    """A corrected end must fit the property's domain or range (ontology/aigraph.ttl),
    or the corrected graph would break its own shapes."""
    node = entity_iri(key)
    classes = {ontology.core_class(local_name(t)) for t in graph.objects(node, RDF.type)}
    if allowed and not classes & allowed:
        raise CurationError(f"{label_of(graph, node)} ({', '.join(sorted(classes))}) cannot be "
                            f"{what}, which is {' or '.join(sorted(allowed))}")


@dataclass
class ImportReport:
    """What an import recorded, and what it could not."""

    curation: Path
    recorded: list[Decision] = field(default_factory=list)
    replaced: list[tuple[Decision, Decision]] = field(default_factory=list)  # (new, earlier)
    repeated: int = 0           # decisions the curation file already had
    undecided: int = 0          # sheet rows left without a decision
    conflicts: list[str] = field(default_factory=list)


def import_reviews(paths: Iterable[Path | str], graph: Graph, curation: Path | str,
                   reviewer: str | None = None, time: str | None = None,
                   dry_run: bool = False) -> ImportReport:
    """Read sheets (``.csv``) and curation files (``.ttl``) and record their
    decisions in ``curation``. Any bad row or file: :class:`CurationError`
    naming each, and nothing is recorded. Decisions on the same claim (or
    entity) that disagree between the inputs, or between an input curation
    file and ``curation``, are conflicts: listed, not recorded."""
    reviewer = reviewer or default_reviewer()
    time = time or now()
    report = ImportReport(Path(curation))
    claims = None
    incoming: list[Decision] = []
    errors: list[str] = []
    for path in map(Path, paths):
        if not path.is_file():
            errors.append(f"{path}: no such file")
        elif path.suffix.lower() in (".ttl", ".turtle"):
            try:
                incoming += read_curation(path)
            except CurationError as exc:
                errors.append(str(exc))
        else:
            claims = claim_records(graph) if claims is None else claims
            sheet = read_sheet(path, graph, claims, reviewer, time)
            errors += sheet.errors
            incoming += sheet.decisions
            report.undecided += sheet.undecided
    if errors:
        raise CurationError("\n".join(errors) + "\nNothing was recorded: correct "
                            + ("this row" if len(errors) == 1 else "these rows")
                            + " and import again.")
    existing = read_curation(curation)
    accepted = _without_conflicts(incoming, existing, report)
    known = {d.iri for d in existing}
    now_in_force = current(existing)
    for d in accepted:
        before = now_in_force.get(d.target)
        if d.iri in known or (before is not None and before.verdict == d.verdict):
            report.repeated += 1
            continue
        if before is not None and not d.replaces:
            d = superseding(d, now_in_force)
            report.replaced.append((d, before))
        report.recorded.append(d)
    if report.recorded and not dry_run:
        record(curation, report.recorded)
    return report


def _without_conflicts(incoming: list[Decision], existing: list[Decision],
                       report: ImportReport) -> list[Decision]:
    """The incoming decisions with every conflicting group left out (and listed).

    A sheet row is this reviewer's new decision: it supersedes what the curation
    file says. Another analyst's curation file is not: its latest decision on a
    target that ours decides otherwise is a conflict, as are inputs that disagree."""
    by_target: dict[tuple, list[Decision]] = defaultdict(list)
    for d in incoming:
        by_target[d.target].append(d)
    known = {d.iri for d in existing}
    now_in_force = current(existing)
    keep = []
    for target, group in by_target.items():
        rows = [d for d in group if not d.node]          # new: from a sheet
        by_file: dict[str, list[Decision]] = defaultdict(list)
        for d in group:
            if d.node:
                by_file[d.origin].append(d)
        latest_of_file = {origin: current(ds)[target] for origin, ds in by_file.items()}
        files = [d for d in latest_of_file.values() if d.iri not in known]
        verdicts = {d.verdict for d in rows + files}
        mine = now_in_force.get(target)
        against_mine = (not rows and mine is not None
                        and any(d.verdict != mine.verdict for d in files))
        if len(verdicts) > 1 or against_mine:
            sides = [f"{d.origin} says {d.describe()}" for d in rows + files]
            if against_mine:
                sides.insert(0, f"{report.curation} says {mine.describe()}")
            report.conflicts.append(f"{_target_text(target)}: " + "; ".join(sides))
            continue
        if rows or files:
            keep.append((rows or files)[0])
        else:
            report.repeated += 1
    return keep


def _target_text(target: tuple) -> str:
    if target[0] == "claim":
        return short_claim(target[1])
    return " ".join(t for t in target if t)


# ---------------------------------------------------------------------------
# Entity corrections (aigraph merge, split, relabel, retype)
# ---------------------------------------------------------------------------


def _names_of(graph: Graph, node: URIRef) -> list[str]:
    from rdflib.namespace import SKOS
    return [str(n) for p in (RDFS.label, SKOS.altLabel) for n in graph.objects(node, p)]


def entity_decision(graph: Graph, kind: str, entity: str, *, other: str | None = None,
                    label: str | None = None, cls: str | None = None, name: str | None = None,
                    reviewer: str | None = None, note: str = "",
                    time: str | None = None) -> Decision:
    """A merge, split, relabel or retype of entities the graph names, checked."""
    key = entity_key(graph, entity, "entity")
    node = entity_iri(key)
    fields: dict = {}
    if kind == "merge":
        other_key = _named_or_gone(graph, other or "")
        if other_key == key:
            raise CurationError(f"'{entity}' and '{other}' are already the same entity")
        fields = {"other": other_key, "label": (label or label_of(graph, node)).strip()}
    elif kind == "relabel":
        if not (label or "").strip():
            raise CurationError("relabel needs a new label")
        fields = {"label": label.strip()}
    elif kind == "retype":
        fields = {"cls": check_class(cls or "")}
    elif kind == "split":
        names = _names_of(graph, node)
        if not any(same_name(name or "", n) for n in names):
            raise CurationError(f"'{name}' is not a name of {label_of(graph, node)} "
                                f"(its names: {', '.join(sorted(names))})")
        if all(same_name(name or "", n) for n in names):
            raise CurationError(f"{label_of(graph, node)} has no other name to keep; "
                                "relabel or retype it instead")
        fields = {"name": name.strip(), "label": (label or "").strip() or None,
                  "cls": check_class(cls) if cls else None}
    else:
        raise CurationError(f"unknown entity correction '{kind}'")
    return Decision(kind, reviewer=reviewer or default_reviewer(), time=time or now(),
                    note=note, entity=key, **fields)


def _named_or_gone(graph: Graph, text: str) -> str:
    """The entity to fold in: one the graph names, or the IRI of one it no longer
    has (an extractor renamed it: merging brings back its reviews)."""
    try:
        return entity_key(graph, text, "entity")
    except CurationError:
        iri = text.strip().removeprefix("<").removesuffix(">")
        key = key_of_iri(iri) if iri.startswith(("http://", "https://")) else None
        if key is None:
            raise
        return key


def record_entity_decision(graph: Graph, curation: Path | str, kind: str, entity: str,
                           **options) -> Decision:
    """Check an entity correction against the graph and record it."""
    decision = superseding(entity_decision(graph, kind, entity, **options),
                           current(read_curation(curation)))
    record(curation, [decision])
    return decision


# ---------------------------------------------------------------------------
# Feedback: reviews as training data, and the extractor scored on them
# ---------------------------------------------------------------------------


def review_sources(out_dir: Path | str) -> list[Path]:
    """The source files of the build in ``out_dir`` (from its build cache's manifest)."""
    from .cache import ManifestError, cache_dir, read_manifest

    try:
        manifest = read_manifest(cache_dir(out_dir))
    except ManifestError as exc:
        raise CurationError(f"{out_dir}: its build manifest is damaged ({exc}); "
                            "rebuild or name the sources") from exc
    if manifest is None:
        raise CurationError(f"{out_dir}: no build there to find the reviewed articles "
                            "(build with the cache, or name the sources)")
    return [Path(f.path) for f in manifest.files if Path(f.path).is_file()]


def reviewed_claims(out_dir: Path | str, sources: list[Path] | None = None,
                    model="shipped"):
    """The build's articles extracted again (``model``: see :func:`aigraph.extract.extract`),
    entity corrections applied, and each claim's review (None when unreviewed)."""
    from .build import build_extraction
    from .curation import correct_entities, curation_path, in_force, match_reviews

    decisions = in_force(read_curation(curation_path(out_dir)))
    reviews = latest_reviews(d for d in decisions if d.claim is not None)
    if not reviews:
        raise CurationError(f"{curation_path(out_dir)}: no reviewed claim "
                            "(review some with 'aigraph review export' and 'import')")
    extraction, _ = build_extraction(sources or review_sources(out_dir), model=model)
    corrected = correct_entities(extraction, decisions)
    found = match_reviews(extraction.claims, corrected, reviews)
    return extraction, corrected, reviews, found


def review_examples(out_dir: Path | str, sources: list[Path] | None = None
                    ) -> list[tuple[str, frozenset[str], bool]]:
    """Training examples from reviews: (article, the extractor's features for a
    candidate, whether the analyst found it right). Every candidate the
    extractor proposes (none dropped by the model) that a review decides is one:
    accepted -> right; rejected or fixed -> wrong; the extractor's candidate of a
    fix's corrected fact in the same article -> right."""
    from .curation import corrected_fact
    from .extract.decide import ALL_CANDIDATES

    extraction, corrected, reviews, found = reviewed_claims(out_dir, sources, ALL_CANDIDATES)
    fixes = {corrected_fact(d, corrected.key_map) for d in reviews if d.kind == "fix"}
    examples = []
    for claim, d in zip(extraction.claims, found):
        if not claim.signals:
            continue
        fact = (claim.article, claim.subject, claim.predicate, claim.object)
        if d is not None:
            examples.append((claim.article, claim.signals, d.kind == "accept"))
        elif fact in fixes:
            examples.append((claim.article, claim.signals, True))
    return examples


@dataclass
class ReviewScore:
    """The current extractor against the analysts' reviews (facts, not claims)."""

    threshold: float
    reviews: dict[str, int]                     # accept/reject/fix -> how many
    right: int = 0          # a fact analysts accepted (or a fix's correction) is asserted
    wrong: int = 0          # a fact analysts rejected (or fixed) is asserted
    missed: int = 0         # a fact analysts accepted is not asserted
    kept_out: int = 0       # a fact analysts rejected is not asserted
    by_property: dict[str, list[int]] = field(default_factory=dict)  # right, wrong, missed

    @property
    def precision(self) -> float:
        return self.right / (self.right + self.wrong) if self.right + self.wrong else 0.0

    @property
    def recall(self) -> float:
        return self.right / (self.right + self.missed) if self.right + self.missed else 0.0

    def to_dict(self) -> dict:
        return {"threshold": self.threshold, "reviews": self.reviews, "right": self.right,
                "wrong": self.wrong, "missed": self.missed, "kept_out": self.kept_out,
                "precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "by_property": self.by_property}


def score_reviews(out_dir: Path | str, sources: list[Path] | None = None,
                  min_confidence: float | None = None) -> ReviewScore:
    """How the current extractor (and relation model) does on the reviewed claims."""
    from .curation import corrected_fact
    from .extract.decide import default_threshold
    from .graph import is_fact

    threshold = default_threshold() if min_confidence is None else min_confidence
    extraction, corrected, reviews, found = reviewed_claims(out_dir, sources)
    asserted: dict[tuple, bool] = defaultdict(bool)
    for claim in extraction.claims:
        fact = (claim.article, claim.subject, claim.predicate, claim.object)
        asserted[fact] |= is_fact(claim, threshold)
    by_review: dict[URIRef, bool] = defaultdict(bool)
    for claim, d in zip(extraction.claims, found):
        if d is not None:
            by_review[d.iri] |= is_fact(claim, threshold)
    score = ReviewScore(threshold, {k: sum(d.kind == k for d in reviews) for k in CLAIM_VERDICTS})
    for d in reviews:
        said = by_review[d.iri]
        cells = score.by_property.setdefault(d.claim.predicate, [0, 0, 0])
        if d.kind == "accept":
            score.right += said
            score.missed += not said
            cells[0 if said else 2] += 1
            continue
        score.wrong += said
        score.kept_out += not said
        cells[1] += said
        if d.kind == "fix":
            fixed = asserted[corrected_fact(d, corrected.key_map)]
            fixed_cells = score.by_property.setdefault(d.corrected[1], [0, 0, 0])
            score.right += fixed
            score.missed += not fixed
            fixed_cells[0 if fixed else 2] += 1
    score.by_property = dict(sorted(score.by_property.items()))
    return score
