"""The aigraph vocabulary as rdflib namespaces.

``AIG`` is a :class:`~rdflib.namespace.DefinedNamespace`: a typo such as
``AIG.partyto`` raises ``AttributeError`` instead of minting a wrong IRI.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

AIG_IRI = "https://w3id.org/aigraph/ontology#"
RISK_IRI = "https://w3id.org/aigraph/risk/"
AIGR_IRI = "https://w3id.org/aigraph/id/"


class AIG(DefinedNamespace):
    """Classes and properties of the aigraph core model."""

    _NS = Namespace(AIG_IRI)
    _fail = True

    # classes
    Person: URIRef
    Organization: URIRef
    Country: URIRef
    Place: URIRef
    Agreement: URIRef
    Policy: URIRef
    Document: URIRef
    Event: URIRef
    AISystem: URIRef
    Risk: URIRef
    Article: URIRef
    Claim: URIRef
    Modality: URIRef
    # organisation subclasses (ontology extension)
    Government: URIRef
    ThinkTank: URIRef
    Company: URIRef
    InternationalOrganization: URIRef
    MediaOutlet: URIRef
    # fact properties
    affiliatedWith: URIRef
    leads: URIRef
    role: URIRef
    memberOf: URIRef
    partyTo: URIRef
    issuedBy: URIRef
    participatesIn: URIRef
    heldIn: URIRef
    addressesRisk: URIRef
    concernedAbout: URIRef
    supports: URIRef
    opposes: URIRef
    developedBy: URIRef
    date: URIRef
    mentionedIn: URIRef
    # claim properties
    modality: URIRef
    confidence: URIRef
    evidence: URIRef
    # time and corroboration (cli_time: diff, timeline, conflicts)
    reportedDate: URIRef
    sourceCount: URIRef
    publisherCount: URIRef
    summaryOnly: URIRef
    # curation (analysts' decisions; the curation file and aig:reviewStatus)
    reviewStatus: URIRef
    ReviewStatus: URIRef
    Accepted: URIRef
    Rejected: URIRef
    Corrected: URIRef
    Decision: URIRef
    ClaimReview: URIRef
    Merge: URIRef
    Split: URIRef
    Relabel: URIRef
    Retype: URIRef
    reviewedClaim: URIRef
    decision: URIRef
    correctedSubject: URIRef
    correctedPredicate: URIRef
    correctedObject: URIRef
    curatedEntity: URIRef
    mergedEntity: URIRef
    newLabel: URIRef
    newType: URIRef
    splitName: URIRef
    # gazetteer and lexical-form annotation terms (ontology/gazetteer.ttl)
    demonym: URIRef
    capital: URIRef
    officeIn: URIRef
    governmentOf: URIRef
    LexicalForms: URIRef
    forClass: URIRef
    headword: URIRef
    roleTitle: URIRef
    # modalities
    Asserted: URIRef
    Reported: URIRef
    Proposed: URIRef
    Planned: URIRef
    Hedged: URIRef
    Negated: URIRef


RISK = Namespace(RISK_IRI)
AIGR = Namespace(AIGR_IRI)
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")

#: Prefixes bound in every export and predeclared for queries.
PREFIXES: dict[str, str] = {
    "aig": AIG_IRI,
    "risk": RISK_IRI,
    "aigr": AIGR_IRI,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


#: Characters kept as they are in a path segment minted from free text (a file
#: name, a title): IRI unreserved characters and sub-delimiters. Everything
#: else (space, ``<>"{}|\^`` and the backquote, ``#?/[]%``, controls, newlines) is
#: percent-encoded.
_SEGMENT_SAFE = frozenset("-._~!$&'()*+,;=:@")


def iri_segment(text: str) -> str:
    """``text`` as one IRI path segment: letters and digits of any script and
    :data:`_SEGMENT_SAFE` stay, every other character is percent-encoded (UTF-8).
    Lossless and deterministic; text that needs no encoding is unchanged."""
    return "".join(
        ch if (ch.isalnum() and ch.isprintable()) or ch in _SEGMENT_SAFE
        else "".join(f"%{b:02X}" for b in ch.encode("utf-8"))
        for ch in text)


def safe_iri(text: str) -> str | None:
    """An absolute IRI taken from input (an article's URL) as a valid IRI, or
    None: characters an IRI cannot hold are percent-encoded; what is still not
    an absolute IRI (no scheme, a bad host) is dropped rather than crash a build."""
    from pyoxigraph import NamedNode

    text = text.strip()
    for candidate in (text, _encode_invalid(text)):
        try:
            NamedNode(candidate)
        except ValueError:
            continue
        return candidate
    return None


_IRI_INVALID = frozenset(' <>"{}|\\^`')


def _encode_invalid(text: str) -> str:
    out = []
    for i, ch in enumerate(text):
        bad = (ch in _IRI_INVALID or not ch.isprintable()
               or (ch == "%" and not _is_hex(text[i + 1:i + 3])))
        out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")) if bad else ch)
    return "".join(out)


def _is_hex(pair: str) -> bool:
    return len(pair) == 2 and all(c in "0123456789abcdefABCDEF" for c in pair)


def entity_iri(key: str) -> URIRef:
    """The IRI of an entity key: risk keys go to the risk scheme."""
    if key.startswith("risk/"):
        return RISK[key.removeprefix("risk/")]
    return AIGR[key]


def key_of_iri(iri: str) -> str | None:
    """The entity key of an IRI minted by :func:`entity_iri`, else None."""
    if iri.startswith(RISK_IRI):
        return "risk/" + iri[len(RISK_IRI):]
    if iri.startswith(AIGR_IRI):
        return iri[len(AIGR_IRI):]
    return None
