"""Loaders for the project's ontology data (the Turtle files in ``ontology/``).

Domain knowledge (the core ontology, the AI-risk scheme and its alignments,
the gazetteer of countries and international bodies, the lexical forms that
signal a class in text) lives as RDF data in ``ontology/``; this module reads
it once and hands it out as typed records.

The folder is found as ``$AIGRAPH_ONTOLOGY`` when that variable is set, else
as the ``ontology/`` shipped with the package (package data read through
:mod:`importlib.resources`; in a checkout, the top-level ``ontology/``). Parsed files are
cached per folder; graphs are returned as fresh copies so a caller may change
them, and the typed records are immutable.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SKOS

from ._data import ONTOLOGY, data_dir
from .errors import GraphLoadError
from .vocab import AIG, AIG_IRI, RISK_IRI, key_of_iri

ENV_VAR = "AIGRAPH_ONTOLOGY"

#: aig: terms of the gazetteer and lexical data. Not in vocab.AIG (a closed
#: DefinedNamespace of the core model), so they are minted here.


#: The files that make up the ontology proper (classes, properties, risk scheme).
ONTOLOGY_FILES = ("aigraph.ttl", "risk.ttl", "risk-alignments.ttl")
GAZETTEER_FILE = "gazetteer.ttl"
SHAPES_FILE = "shapes.ttl"

#: The knowledge model's core classes, in the order they are tried. An entity
#: class added to aigraph.ttl with no aig: superclass is a core class too.
_CORE_CLASS_NAMES = (
    "Person", "Organization", "Country", "Place", "Agreement", "Policy",
    "Document", "Event", "AISystem", "Risk",
)
#: Root classes of aigraph.ttl that are not things articles talk about.
VOCABULARY_CLASSES = frozenset({"Article", "Claim", "LexicalForms", "Modality",
                                "Decision", "ReviewStatus"})


# --------------------------------------------------------------------------
# records
# --------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class RiskTerm:
    """One lexical trigger of a risk concept: a lower-cased label."""

    concept: str        # local name in the risk: scheme, e.g. "CyberOffense"
    phrase: str         # lower-cased pref/alt/hidden label, e.g. "cyberattacks"


@dataclass(frozen=True)
class GazetteerEntry:
    """A well-known entity (country, international body, company or office
    holder) from the gazetteer."""

    key: str                     # "<core-class-slug>/<label-slug>", e.g. "country/united-states"
    cls: str                     # most specific aigraph class, e.g. "InternationalOrganization"
    label: str                   # canonical English short name
    aliases: tuple[str, ...]     # other names and abbreviations, sorted
    demonyms: tuple[str, ...]    # e.g. ("American",)
    capital: str | None          # e.g. "Washington"
    same_as: str | None          # Wikidata entity IRI when known
    core_cls: str = ""           # the core class cls falls under, e.g. "Organization"
    offices: tuple[str, ...] = ()  # keys of the countries or bodies a person holds office in
    country: str | None = None   # for a national government body, its country's key

    @property
    def names(self) -> tuple[str, ...]:
        """The label followed by every alias."""
        return (self.label, *self.aliases)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"['\u2019\u02bc`]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A deterministic IRI-safe slug: lower-case ASCII, runs of other
    characters turned into one '-'.

    Accents are folded ("Côte" -> "cote") and apostrophes dropped so that
    "People's" gives "peoples", not "people-s". Text with no ASCII letter or
    digit at all (e.g. a name in Chinese script) gets a short hash so that it
    still has a stable, non-empty slug.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    folded = _APOSTROPHES.sub("", folded.lower())
    slug = _NON_ALNUM.sub("-", folded).strip("-")
    if slug:
        return slug
    return "x-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def local_name(iri: str) -> str:
    """The part of an IRI after its namespace ('#' or last '/')."""
    for namespace in (AIG_IRI, RISK_IRI):
        if iri.startswith(namespace):
            return iri[len(namespace):]
    return re.split(r"[#/]", iri)[-1]


def ontology_dir() -> Path:
    """The folder holding the ontology's Turtle files.

    ``$AIGRAPH_ONTOLOGY`` wins; otherwise the ``ontology/`` shipped with the
    package (the repository's top-level folder in a checkout, see
    :mod:`aigraph._data`).
    """
    global _last_dir
    if _ENVIRON_BYTES is not None:
        # the extractor asks hundreds of thousands of times per build: reading
        # os.environ's own bytes table skips its key encoding (3 % of a build),
        # and the same setting (the same bytes object, or None) gives the last
        # folder without a cache lookup
        raw = _ENVIRON_BYTES.get(_ENV_KEY)
        last = _last_dir
        if last is not None and raw is last[0]:
            return last[1]
        folder = _ontology_dir_raw(raw)
        _last_dir = (raw, folder)   # held: the setting's object is not freed, nor its id reused
        return folder
    return _ontology_dir(os.environ.get(ENV_VAR))


_ENVIRON_BYTES = getattr(os.environ, "_data", None) if os.name == "posix" else None
_ENV_KEY = ENV_VAR.encode()
#: The setting ontology_dir() read last and its folder (one tuple: read and set at once).
_last_dir: tuple[bytes | None, Path] | None = None


@functools.lru_cache(maxsize=8)
def _ontology_dir_raw(override: bytes | None) -> Path:
    return _ontology_dir(os.fsdecode(override) if override is not None else None)


@functools.lru_cache(maxsize=8)
def _ontology_dir(override: str | None) -> Path:
    # resolved once per setting: the extractor asks for every name it reads, and
    # resolving the packaged folder's links each time cost seconds per article
    folder = Path(override).resolve() if override else data_dir(ONTOLOGY)
    if not folder.is_dir():
        hint = (f"${ENV_VAR} points to {folder}" if override
                else f"set ${ENV_VAR} to the folder holding aigraph.ttl")
        raise GraphLoadError(f"{folder}: ontology folder not found ({hint})")
    return folder


# --------------------------------------------------------------------------
# graphs
# --------------------------------------------------------------------------


@functools.lru_cache(maxsize=32)
def _parsed(path: Path) -> Graph:
    """Parse one Turtle file once (the cache is keyed by absolute path)."""
    if not path.is_file():
        raise GraphLoadError(f"{path}: ontology file not found")
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many parser-specific types
        raise GraphLoadError(f"{path}: not valid Turtle: {exc}") from exc
    return graph


def _copy(*graphs: Graph) -> Graph:
    merged = Graph()
    for graph in graphs:
        for prefix, namespace in graph.namespaces():
            merged.bind(prefix, namespace, override=False)
        merged += graph
    return merged


def _cached(name: str) -> Graph:
    """The shared, parsed graph of one file: callers must not change it."""
    return _parsed(ontology_dir() / name)


def load_turtle(name: str) -> Graph:
    """A fresh copy of the graph of ``ontology/<name>``."""
    return _copy(_cached(name))


def ontology_graph() -> Graph:
    """aigraph.ttl + risk.ttl + risk-alignments.ttl, as one fresh graph."""
    return _copy(*(_cached(name) for name in ONTOLOGY_FILES))


def core_graph() -> Graph:
    """aigraph.ttl alone (classes, properties, subclass axioms)."""
    return load_turtle("aigraph.ttl")


def shapes_graph() -> Graph:
    """The SHACL shapes of the core model (shapes.ttl)."""
    return load_turtle(SHAPES_FILE)


_DERIVED: list = []


def derived(function):
    """Cache a value derived from the ontology files (a lexicon, a pipeline built
    from the gazetteer): computed once per ontology folder, forgotten by
    :func:`clear_cache` with the files."""
    by_folder = functools.lru_cache(maxsize=2)(lambda folder: function())
    held = _Held(by_folder)

    @functools.wraps(function)
    def cached():
        return held()

    cached.cache_clear = held.cache_clear
    _DERIVED.append(cached)
    return cached


class _Held:
    """``loader(ontology_dir())``, the last value held for the same folder
    object (what ontology_dir() returns while its setting is unchanged): the
    extractor asks millions of times per build, and an ``lru_cache`` keyed by
    a Path hashes the Path in Python each time."""

    __slots__ = ("loader", "last")

    def __init__(self, loader) -> None:
        self.loader = loader
        self.last = None

    def __call__(self):
        folder = ontology_dir()
        last = self.last
        if last is not None and last[0] is folder:
            return last[1]
        value = self.loader(folder)
        self.last = (folder, value)
        return value

    def cache_clear(self) -> None:
        self.last = None
        if hasattr(self.loader, "cache_clear"):
            self.loader.cache_clear()


def clear_cache() -> None:
    """Forget everything parsed (e.g. after ``$AIGRAPH_ONTOLOGY`` changed), and
    everything the extractor derived from it."""
    global _last_dir
    _parsed.cache_clear()
    _ontology_dir.cache_clear()
    _ontology_dir_raw.cache_clear()
    _last_dir = None
    for cached in _DERIVED:
        cached.cache_clear()
    for loader in (_risk_terms, _risk_broader, _risk_labels, _gazetteer,
                   _lexical_forms, _role_titles, _core_class_of, _superclasses,
                   _declared_terms, _property_domains):
        loader.cache_clear()
    for held in (_held_core_classes, _held_property_domains):
        held.cache_clear()


# --------------------------------------------------------------------------
# risk scheme
# --------------------------------------------------------------------------


def _risk_concepts(graph: Graph) -> list[URIRef]:
    concepts = {node for node in graph.subjects(RDF.type, AIG.Risk)
                if isinstance(node, URIRef) and str(node).startswith(RISK_IRI)}
    return sorted(concepts)


@functools.lru_cache(maxsize=8)
def _risk_terms(folder: Path) -> tuple[RiskTerm, ...]:
    graph = _parsed(folder / "risk.ttl")
    terms = set()
    for concept in _risk_concepts(graph):
        name = local_name(str(concept))
        for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for label in graph.objects(concept, predicate):
                terms.add(RiskTerm(name, str(label).strip().lower()))
    return tuple(sorted(terms))


def risk_terms() -> list[RiskTerm]:
    """Every label of every risk concept, lower-cased, sorted by (concept, phrase)."""
    return list(_risk_terms(ontology_dir()))


@functools.lru_cache(maxsize=8)
def _risk_broader(folder: Path) -> dict[str, str | None]:
    graph = _parsed(folder / "risk.ttl")
    result: dict[str, str | None] = {}
    for concept in _risk_concepts(graph):
        broader = sorted(graph.objects(concept, SKOS.broader))
        result[local_name(str(concept))] = local_name(str(broader[0])) if broader else None
    return result


def risk_broader() -> dict[str, str | None]:
    """Concept -> its broader concept (None for a top concept)."""
    return dict(_risk_broader(ontology_dir()))


@functools.lru_cache(maxsize=8)
def _risk_labels(folder: Path) -> dict[str, str]:
    graph = _parsed(folder / "risk.ttl")
    return {local_name(str(concept)): str(graph.value(concept, SKOS.prefLabel))
            for concept in _risk_concepts(graph)}


def risk_labels() -> dict[str, str]:
    """Concept -> its English prefLabel, e.g. "CyberOffense" -> "Cyber offense"."""
    return dict(_risk_labels(ontology_dir()))


# --------------------------------------------------------------------------
# classes
# --------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _core_class_of(folder: Path) -> dict[str, str]:
    """Every aig: class -> the core class it falls under (walking subClassOf)."""
    graph = _parsed(folder / "aigraph.ttl")
    classes = [cls for cls in graph.subjects(RDF.type, OWL.Class)
               if isinstance(cls, URIRef) and str(cls).startswith(AIG_IRI)]
    roots = sorted(local_name(str(cls)) for cls in classes
                   if not any(str(sup).startswith(AIG_IRI)
                              for sup in graph.objects(cls, RDFS.subClassOf)))
    cores = [*_CORE_CLASS_NAMES, *(name for name in roots if name not in _CORE_CLASS_NAMES
                                   and name not in VOCABULARY_CLASSES)]
    result = {}
    for cls in classes:
        ancestors = {local_name(str(node))
                     for node in graph.transitive_objects(cls, RDFS.subClassOf)}
        core = next((name for name in cores if name in ancestors), None)
        if core:
            result[local_name(str(cls))] = core
    return result


@functools.lru_cache(maxsize=8)
def _superclasses(folder: Path) -> dict[str, str]:
    result: dict[str, str] = {}
    for name in ONTOLOGY_FILES:
        graph = _parsed(folder / name)
        for sub, sup in graph.subject_objects(RDFS.subClassOf):
            if str(sub).startswith(AIG_IRI) and str(sup).startswith(AIG_IRI):
                result[local_name(str(sub))] = local_name(str(sup))
    return result


def superclasses() -> dict[str, str]:
    """aig: class -> its direct aig: superclass ("ThinkTank" -> "Organization"),
    from the ontology files; a file that does not parse raises GraphLoadError."""
    return dict(_superclasses(ontology_dir()))


_held_core_classes = _Held(_core_class_of)


def core_class(cls: str) -> str:
    """The core class of an aigraph class name ("ThinkTank" -> "Organization").

    Names that are not aigraph classes are returned unchanged.
    """
    return _held_core_classes().get(cls, cls)


def entity_key(cls: str, label: str) -> str:
    """The deterministic entity key of a label: ``<core-class-slug>/<label-slug>``."""
    return f"{slugify(core_class(cls))}/{slugify(label)}"


# --------------------------------------------------------------------------
# gazetteer
# --------------------------------------------------------------------------


def _strings(graph: Graph, node, predicate) -> tuple[str, ...]:
    return tuple(sorted({str(value) for value in graph.objects(node, predicate)
                         if isinstance(value, Literal)}))


def _most_specific_class(graph: Graph, node, known: dict[str, str]) -> str | None:
    names = sorted(local_name(str(cls)) for cls in graph.objects(node, RDF.type)
                   if str(cls).startswith(AIG_IRI))
    names = [name for name in names if name in known]
    # A subclass name (e.g. InternationalOrganization) is more specific than its core class.
    specific = [name for name in names if name not in _CORE_CLASS_NAMES]
    return (specific or names or [None])[0]


def _gazetteer_entry(graph: Graph, node: URIRef, known: dict[str, str]) -> GazetteerEntry | None:
    cls = _most_specific_class(graph, node, known)
    label = graph.value(node, RDFS.label)
    if cls is None or label is None:
        return None
    same_as = sorted(str(iri) for iri in graph.objects(node, OWL.sameAs))
    capital = _strings(graph, node, AIG.capital)
    core = known[cls]
    return GazetteerEntry(
        key=f"{slugify(core)}/{slugify(str(label))}",
        cls=cls,
        label=str(label),
        aliases=tuple(alias for alias in _strings(graph, node, SKOS.altLabel) if alias != str(label)),
        demonyms=_strings(graph, node, AIG.demonym),
        capital=capital[0] if capital else None,
        same_as=same_as[0] if same_as else None,
        core_cls=core,
        offices=tuple(sorted(key_of_iri(str(office)) for office in graph.objects(node, AIG.officeIn))),
        country=next((key_of_iri(str(c)) for c in sorted(graph.objects(node, AIG.governmentOf))), None),
    )


@functools.lru_cache(maxsize=8)
def _gazetteer(folder: Path) -> tuple[GazetteerEntry, ...]:
    graph = _parsed(folder / GAZETTEER_FILE)
    known = _core_class_of(folder)
    entries = []
    for node in sorted(set(graph.subjects(RDFS.label, None))):
        if isinstance(node, URIRef):
            entry = _gazetteer_entry(graph, node, known)
            if entry is not None:
                entries.append(entry)
    return tuple(sorted(entries, key=lambda entry: entry.key))


def gazetteer() -> list[GazetteerEntry]:
    """Every entry of gazetteer.ttl (countries, international bodies, companies,
    office holders), sorted by key."""
    return list(_gazetteer(ontology_dir()))


# --------------------------------------------------------------------------
# lexical forms
# --------------------------------------------------------------------------


def _form_sets(graph: Graph):
    for node in sorted(graph.subjects(RDF.type, AIG.LexicalForms)):
        target = graph.value(node, AIG.forClass)
        if target is not None:
            yield node, local_name(str(target))


@functools.lru_cache(maxsize=8)
def _lexical_forms(folder: Path) -> dict[str, tuple[str, ...]]:
    graph = _copy(_parsed(folder / "aigraph.ttl"), _parsed(folder / GAZETTEER_FILE))
    result: dict[str, set[str]] = {}
    for node, target in _form_sets(graph):
        words = _strings(graph, node, AIG.headword)
        if words:
            result.setdefault(target, set()).update(words)
    return {cls: tuple(sorted(words)) for cls, words in sorted(result.items())}


def lexical_forms() -> dict[str, tuple[str, ...]]:
    """Class name -> head nouns that make a capitalised phrase a name of that
    class, e.g. "Event" -> ("Assembly", "Conference", ..., "Summit", ...)."""
    return dict(_lexical_forms(ontology_dir()))


@functools.lru_cache(maxsize=8)
def _role_titles(folder: Path) -> tuple[str, ...]:
    graph = _copy(_parsed(folder / "aigraph.ttl"), _parsed(folder / GAZETTEER_FILE))
    titles = set()
    for node, _target in _form_sets(graph):
        titles.update(_strings(graph, node, AIG.roleTitle))
    return tuple(sorted(titles, key=lambda title: (-len(title), title)))


def role_titles() -> tuple[str, ...]:
    """Titles that mark a person ("Prime Minister", "CEO"), longest first so a
    matcher trying them in order prefers "Vice President" over "President"."""
    return _role_titles(ontology_dir())


# --------------------------------------------------------------------------
# property domains and ranges
# --------------------------------------------------------------------------


def _class_names(graph: Graph, node) -> frozenset[str] | None:
    """The aig: classes a domain or range names (one class or an owl:unionOf);
    None for a datatype range such as xsd:string."""
    if node is None:
        return None
    union = graph.value(node, OWL.unionOf)
    members = list(Collection(graph, union)) if union is not None else [node]
    names = frozenset(local_name(str(m)) for m in members if str(m).startswith(AIG_IRI))
    return names or None


@functools.lru_cache(maxsize=8)
def _property_domains(folder: Path) -> dict[str, tuple[frozenset[str], frozenset[str] | None]]:
    graph = _parsed(folder / "aigraph.ttl")
    result = {}
    for prop in graph.subjects(RDFS.domain, None):
        if isinstance(prop, URIRef) and str(prop).startswith(AIG_IRI):
            domain = _class_names(graph, graph.value(prop, RDFS.domain))
            if domain:
                result[local_name(str(prop))] = (domain, _class_names(graph, graph.value(prop, RDFS.range)))
    return result


_held_property_domains = _Held(_property_domains)


def property_domains() -> dict[str, tuple[frozenset[str], frozenset[str] | None]]:
    """Each aig: property's domain and range as core class names, read from
    ``aigraph.ttl`` (range None for literal-valued properties)."""
    return _held_property_domains()


def term(name: str) -> URIRef:
    """The aig: IRI of a class or property: one the vocabulary module defines,
    or one declared in ``aigraph.ttl`` (an extension made by data). Anything
    else is a typo and raises ``AttributeError``, as ``AIG.<typo>`` does."""
    try:
        return AIG[name]
    except (AttributeError, KeyError):
        if name in _declared_terms(ontology_dir()):
            return URIRef(AIG_IRI + name)
        raise AttributeError(f"term '{name}' is neither in the aigraph vocabulary nor "
                             f"declared in {ontology_dir() / 'aigraph.ttl'}") from None


@functools.lru_cache(maxsize=8)
def _declared_terms(folder: Path) -> frozenset[str]:
    graph = _parsed(folder / "aigraph.ttl")
    return frozenset(local_name(str(s)) for s in graph.subjects(RDF.type, None)
                     if isinstance(s, URIRef) and str(s).startswith(AIG_IRI))


#: Classes of the graph's bookkeeping, not of what articles talk about.
RECORD_CLASSES = frozenset({"Article", "Claim", "Decision", "ClaimReview", "Merge", "Split",
                            "Relabel", "Retype", "ReviewStatus"})


def candidate_properties() -> tuple[str, ...]:
    """The properties between two entities (not literals, not bookkeeping such
    as ``mentionedIn``): what a pair of named things may be proposed for. A
    property added to ``aigraph.ttl`` with a domain and range is one at once."""
    return tuple(sorted(p for p, (domain, rng) in property_domains().items()
                        if rng and not (domain | rng) & RECORD_CLASSES))
