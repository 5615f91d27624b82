"""Check a graph against the SHACL shapes of the core model (ontology/shapes.ttl).

pyshacl runs with the core ontology (aigraph.ttl) as ``ont_graph``: it is
mixed into a copy of the data, so ``sh:class`` counts instances of subclasses
through ``rdfs:subClassOf`` without any RDFS inference pass (which would be
slower and would also type every node as ``rdfs:Resource``). Only aigraph.ttl
is mixed in, not the risk scheme: the scheme's concepts are not entities of
the graph, so they must not be held to the entity shape; a graph that uses a
risk concept declares it itself (``aig:Risk``, label, ``aig:mentionedIn``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH

from .errors import AigraphError
from .ontology import core_graph, shapes_graph
from .vocab import PREFIXES


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result, with IRIs shortened to prefixed names where possible."""

    focus: str                  # the node that fails, e.g. "aigr:claim/3f2a..." or a full IRI
    path: str                   # the property, e.g. "aig:evidence" ("" for a node-level check)
    message: str
    severity: str = "Violation"  # "Violation", "Warning" or "Info"
    value: str = ""             # the offending value, when there is one

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}".strip()
        return f"{self.severity}: {where}: {self.message}"


@dataclass
class ValidationReport:
    """Whether a graph conforms, and every violation found, sorted."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def messages(self) -> list[str]:
        return [str(violation) for violation in self.violations]


def _short(term) -> str:
    """A compact, stable rendering of an RDF term for reports."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            if text.startswith(namespace):
                return f"{prefix}:{text[len(namespace):]}"
        return text
    if isinstance(term, Literal):
        return str(term)
    return "_:b"  # blank nodes have no stable name


def _plain_copy(graph: Graph) -> Graph:
    """An in-memory copy: pyshacl is much faster on rdflib's memory store
    than on a store reached through a plugin (e.g. Oxigraph)."""
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def _violations(results: Graph) -> list[Violation]:
    found = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        found.add(Violation(
            focus=_short(results.value(result, SH.focusNode)),
            path=_short(results.value(result, SH.resultPath)),
            message=str(results.value(result, SH.resultMessage) or ""),
            severity=_short(severity).removeprefix("sh:").split("#")[-1] if severity else "Violation",
            value=_short(results.value(result, SH.value)),
        ))
    return sorted(found)


def validate(graph: Graph) -> ValidationReport:
    """Validate ``graph`` against shapes.ttl (with aigraph.ttl for subclasses)."""
    try:
        conforms, results, _text = shacl_validate(
            _plain_copy(graph),
            shacl_graph=shapes_graph(),
            ont_graph=core_graph(),
            inference="none",
            abort_on_first=False,
            allow_warnings=True,
            advanced=False,
        )
    except AigraphError:
        raise
    except Exception as exc:  # pyshacl raises its own runtime error types
        raise AigraphError(f"SHACL validation could not run: {exc}") from exc
    violations = _violations(results)
    return ValidationReport(conforms=bool(conforms), violations=violations)
