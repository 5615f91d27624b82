"""The build: ingest -> extract -> graph -> export, as one library call.

:func:`build` returns a :class:`BuildReport` for the CLI to summarise; it
never prints. Progress is reported through an optional callback.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from . import graph as graph_stage
from .errors import NothingToBuildError
from .extract import extract
from .ingest import MAX_BYTES, ingest
from .model import Article, Extraction, Warning_
from .ontology import core_class


@dataclass
class BuildReport:
    articles: list[Article]
    skipped: int
    warnings: list[Warning_]
    entities_per_class: dict[str, int]
    facts_per_property: dict[str, int]
    claims: int
    outputs: list[Path] = field(default_factory=list)
    graph: Graph | None = None
    extraction: Extraction | None = None


def count_facts(extraction: Extraction) -> dict[str, int]:
    facts = {(c.subject, c.predicate, c.object) for c in extraction.claims
             if c.modality != "Negated"}
    return dict(sorted(Counter(p for _, p, _ in facts).items()))


def count_entities(extraction: Extraction) -> dict[str, int]:
    """Entities per core class (subclasses such as ThinkTank count as Organization)."""
    return dict(sorted(Counter(core_class(e.cls) for e in extraction.entities.values()).items()))


def build_extraction(sources: Iterable[Path | str], max_bytes: int = MAX_BYTES,
                     on_article: Callable[[Article], None] | None = None,
                     on_start: Callable[[int], None] | None = None) -> tuple[Extraction, int]:
    """Ingest and extract; raises :class:`NothingToBuildError` when no article is readable."""
    result = ingest(list(sources), max_bytes=max_bytes)
    if not result.articles:
        reasons = "; ".join(str(w) for w in result.warnings) or "no input given"
        raise NothingToBuildError(f"no article could be read ({reasons})")
    if on_start:
        on_start(len(result.articles))
    extraction = extract(result.articles, progress=on_article)
    extraction.warnings = list(result.warnings) + extraction.warnings
    return extraction, result.skipped


def build(sources: Iterable[Path | str], out_dir: Path | str, formats: Iterable[str] = ("ttl",),
          max_bytes: int = MAX_BYTES, on_article: Callable[[Article], None] | None = None,
          on_start: Callable[[int], None] | None = None) -> BuildReport:
    """Build the graph of ``sources`` and write it to ``out_dir`` in each format."""
    extraction, skipped = build_extraction(sources, max_bytes, on_article, on_start)
    graph = graph_stage.build_graph(extraction)
    out = Path(out_dir)
    outputs = [graph_stage.export(graph, out, fmt) for fmt in dict.fromkeys(formats)]
    return BuildReport(
        articles=extraction.articles, skipped=skipped, warnings=extraction.warnings,
        entities_per_class=count_entities(extraction), facts_per_property=count_facts(extraction),
        claims=len(extraction.claims), outputs=outputs, graph=graph, extraction=extraction,
    )
