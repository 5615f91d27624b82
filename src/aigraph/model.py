"""Plain typed records passed between the stages.

ingest -> :class:`Article`; extract -> :class:`Extraction` (entities and
claims); graph turns an Extraction into RDF. Entities are keyed by a
deterministic ``key`` such as ``"person/xi-jinping"`` or ``"risk/CyberOffense"``
which becomes the IRI ``aigr:<key>`` (risk keys map into the ``risk:`` scheme).
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The core classes of the knowledge model (../shared/knowledge-model.md).
CORE_CLASSES = (
    "Person", "Organization", "Country", "Place", "Agreement", "Policy",
    "Document", "Event", "AISystem", "Risk",
)

#: The fact properties of the knowledge model (``mentionedIn`` is bookkeeping).
FACT_PROPERTIES = (
    "affiliatedWith", "leads", "role", "memberOf", "partyTo", "issuedBy",
    "participatesIn", "heldIn", "addressesRisk", "concernedAbout", "supports",
    "opposes", "developedBy", "date",
)

#: Properties whose object is a literal rather than an entity.
LITERAL_PROPERTIES = ("role", "date")

MODALITIES = ("Asserted", "Reported", "Proposed", "Planned", "Hedged", "Negated")


@dataclass(frozen=True)
class Article:
    """One source text, cleaned."""

    id: str                     # stable: the file stem (stem-001, stem-002... for JSON records)
    source: str                 # file name as given
    text: str                   # cleaned body text, paragraphs separated by blank lines
    title: str | None = None
    date: str | None = None     # ISO 8601 date (YYYY-MM-DD) when the text gives one
    publisher: str | None = None
    url: str | None = None
    sha256: str = ""            # of the raw bytes, for the build cache
    summary_only: bool = False  # a feed entry that carried only its summary, not its full text


@dataclass
class Entity:
    """A resolved real-world thing (or a risk concept)."""

    key: str                    # e.g. "person/xi-jinping", "risk/CyberOffense"
    cls: str                    # one of CORE_CLASSES (or an ontology subclass name)
    label: str
    aliases: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)   # article ids
    same_as: str | None = None  # e.g. a Wikidata IRI


@dataclass(frozen=True)
class Claim:
    """One extracted fact with its provenance."""

    subject: str                # entity key
    predicate: str              # one of FACT_PROPERTIES
    object: str                 # entity key, or the literal's lexical form
    article: str                # article id
    evidence: str               # the sentence(s) the fact came from
    modality: str = "Asserted"  # one of MODALITIES
    confidence: float = 0.7
    datatype: str | None = None  # for literals: "date", "gYearMonth", "gYear" or None (string)
    #: What the extractor saw when it proposed the fact (the pattern family, the
    #: path, the modality, ...): the relation model's features. Not exported.
    signals: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    #: An analyst's verdict from the curation file (:mod:`aigraph.curation`):
    #: "Accepted", "Rejected", "Corrected" or None (unreviewed).
    review: str | None = field(default=None, compare=False)

    @property
    def is_literal(self) -> bool:
        return self.predicate in LITERAL_PROPERTIES


@dataclass(frozen=True)
class Warning_:
    """A problem with one input that did not stop the batch."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass
class Extraction:
    """Everything extracted from a batch of articles."""

    articles: list[Article] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
