"""The build: ingest -> extract -> graph -> export, as one library call.

:func:`build` returns a :class:`BuildReport` for the CLI to summarise; it
never prints. Progress is reported through optional callbacks.

A build keeps a cache in ``<out>/cache/`` (see :mod:`aigraph.cache`): each
article's spaCy parse, and a manifest of the build's source files. An
article whose text and extractor are unchanged is not parsed again, and
``update=True`` rebuilds the previous build's articles plus new sources.
Resolution and relations cover the whole batch (resolution keeps what the
change cannot reach, :mod:`aigraph.resolution`), so the graph equals a
build from scratch, byte for byte.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from . import graph as graph_stage
from .cache import (Manifest, ManifestError, ParseCache, SourceFile, cache_dir,
                    extractor_fingerprint, ingest_fingerprint, manifest_path, parse_fingerprint,
                    read_manifest, write_manifest)
from .curation import CurationReport, curation_path, load_and_apply
from .errors import NothingToBuildError, OutputError
from .executors import Executor, Serial, make_executor
from . import graphdelta, storediff
from .outdir import STORE_DIR, graph_digest, remove_stale_exports
from .storediff import StoreWrite
from .streaming import sort_file
from .incremental import extract   # aigraph.extract's, with the cache's claims keys looked up
from .extract.decide import RelationModel, default_threshold
from .ingest import MAX_BYTES, describe_failure, ingest
from .model import Article, Extraction, Warning_
from .ontology import core_class
from .store import new_store_folder

#: Called once before parsing with (articles to parse, articles from the cache).
OnStart = Callable[[int, int], None]
#: Called after each article is parsed (not for articles from the cache).
OnArticle = Callable[[Article], None]


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
    cached: int = 0             # articles whose parse came from the build cache
    parsed: int = 0             # articles run through the spaCy pipeline
    kept: int = 0               # articles kept from the manifest: their file is gone
    cache: Path | None = None   # the cache folder, when the cache was used
    claims_read: int = 0        # articles whose claims were read (not from the cache)
    min_confidence: float = 0.0  # facts were asserted for claims at or above it
    curation: CurationReport | None = None  # what the analysts' decisions did
    store_write: StoreWrite | None = None   # how the store was written (whole or the difference)
    #: located names resolved again, and in all (the rest kept from the last
    #: build's resolution, see aigraph.resolution); None without the cache
    names_resolved: tuple[int, int] | None = None
    #: articles whose names were decoded from the cache (an update decodes
    #: only those whose resolution or claims context may change); None without it
    names_decoded: int | None = None
    #: decided-claims records read from the cache's shards and written to them
    #: (an update rewrites only the shards whose records changed); None without it
    decided_records: tuple[int, int] | None = None


def count_facts(extraction: Extraction, min_confidence: float | None = None) -> dict[str, int]:
    threshold = default_threshold() if min_confidence is None else min_confidence
    facts = {(c.subject, c.predicate, c.object) for c in extraction.claims
             if graph_stage.is_fact(c, threshold)}
    return facts_per_property(facts)


def facts_per_property(facts: Iterable[tuple[str, str, str]]) -> dict[str, int]:
    """How many of the distinct ``facts`` each property has (a build counts the
    facts its graph's writer found backers for: no second pass over the claims)."""
    return dict(sorted(Counter(p for _, p, _ in facts).items()))


def count_entities(extraction: Extraction) -> dict[str, int]:
    """Entities per core class (subclasses such as ThinkTank count as Organization)."""
    return dict(sorted(Counter(core_class(e.cls) for e in extraction.entities.values()).items()))


@dataclass
class _Batch:
    """The articles of a build before extraction."""

    articles: list[Article]
    warnings: list[Warning_]
    skipped: int
    kept: list[SourceFile] = field(default_factory=list)   # manifest files no longer on disk
    restored: set[str] = field(default_factory=set)        # ids of their articles in the batch
    reused: list[SourceFile] = field(default_factory=list)  # manifest files unchanged on disk


def _read_batch(sources: list[Path | str], max_bytes: int,
                kept: list[SourceFile] = (), exclude: Iterable[Path] = (),
                reused: list[SourceFile] = ()) -> _Batch:
    """Ingest ``sources`` (never the folders in ``exclude``), after the articles
    of the ``reused`` files (unchanged since the manifest; they came first in
    the previous build's order too), add the articles of ``kept`` files whose
    ids are still free; raises :class:`NothingToBuildError` when there is no article."""
    result = ingest(sources, max_bytes=max_bytes, exclude=exclude) if sources else None
    first = [a for f in reused for a in f.articles]
    owners = {a.id: a.source for a in first}
    read = result.articles if result else []
    articles = first + [a for a in read if a.id not in owners]
    warnings = list(result.warnings) if result else []
    # as a full build says when two files claim one article id (the file read first keeps it)
    warnings += [Warning_(a.source, f"article id {a.id!r} is already used by {owners[a.id]}; "
                                    "skipped (rename one of the files so every file stem is unique)")
                 for a in read if a.id in owners]
    taken = {a.id for a in articles}
    restored: set[str] = set()
    for source in kept:
        # a file read now that claims the same id wins, as it would in a full build
        found = [a for a in source.articles if a.id not in taken]
        taken |= {a.id for a in found}
        restored |= {a.id for a in found}
        articles += found
        if found:
            warnings.append(Warning_(source.path, f"no longer exists; kept its {len(found)} "
                                                  "article(s) from the build cache"))
    if not articles:
        reasons = "; ".join(str(w) for w in warnings) or "no input given"
        raise NothingToBuildError(f"no article could be read ({reasons})")
    return _Batch(sorted(articles, key=lambda a: a.id), warnings,
                  result.skipped if result else 0, list(kept), restored, list(reused))


def build_extraction(sources: Iterable[Path | str], max_bytes: int = MAX_BYTES,
                     on_article: OnArticle | None = None,
                     on_start: OnStart | None = None,
                     model: RelationModel | None | str = "shipped") -> tuple[Extraction, int]:
    """Ingest and extract, without the build cache; raises :class:`NothingToBuildError`
    when no article is readable. ``model``: the relation model (see :func:`extract`)."""
    batch = _read_batch(list(sources), max_bytes)
    if on_start:
        on_start(len(batch.articles), 0)
    return _extract(batch, on_article, None, model), batch.skipped


def _extract(batch: _Batch, on_article: OnArticle | None, docs: ParseCache | None,
             model: RelationModel | None | str = "shipped",
             executor: Executor | None = None, signals: bool = True) -> Extraction:
    extraction = _extract_isolating(batch, on_article, docs, model, executor or Serial(), signals)
    extraction.warnings = batch.warnings + (docs.warnings if docs else []) + extraction.warnings
    return extraction


#: Errors of writing the output folder (the cache in it), never of one article.
OUTPUT_FAILURES = frozenset({errno.ENOSPC, errno.EROFS, errno.EDQUOT})


def _extract_isolating(batch: _Batch, on_article: OnArticle | None, docs: ParseCache | None,
                       model: RelationModel | None | str, executor: Executor,
                       signals: bool = True) -> Extraction:
    """The extract stage behind the per-article error boundary.

    Extraction is global (entities are resolved across the batch), so it runs
    once over every article. Should it raise, each article is extracted alone
    to find the ones that fail: each becomes one warning naming its file and
    the cause, and the batch is extracted again without them. An exception
    no single article causes is raised as it is."""
    try:
        return extract(batch.articles, progress=on_article, docs=docs, model=model,
                       executor=executor, signals=signals)
    except Exception as first:  # noqa: BLE001 - isolated below, re-raised when it cannot be
        if isinstance(first, OutputError) or (isinstance(first, OSError)
                                              and first.errno in OUTPUT_FAILURES):
            raise   # a full disk or a read-only cache is the output folder's fault, no article's
        failed: list[tuple[Article, Exception]] = []
        for article in batch.articles:
            try:
                extract([article], docs=docs, model=model)
            except Exception as exc:  # noqa: BLE001 - the boundary of one article
                failed.append((article, exc))
        if not failed:
            raise first
    bad = {a.id for a, _ in failed}
    good = [a for a in batch.articles if a.id not in bad]
    notes = [Warning_(a.source, f"article {a.id}: {describe_failure(exc)} "
                                "(the article was left out; the rest of the batch was built)")
             for a, exc in failed]
    if not good:
        raise NothingToBuildError("no article could be extracted ("
                                  + "; ".join(str(w) for w in notes) + ")")
    batch.articles = good
    batch.skipped += len({a.source for a, _ in failed})
    extraction = extract(good, docs=docs, model=model, executor=executor, signals=signals)
    extraction.warnings = notes + extraction.warnings
    return extraction


def build(sources: Iterable[Path | str], out_dir: Path | str, formats: Iterable[str] = ("ttl",),
          max_bytes: int = MAX_BYTES, on_article: OnArticle | None = None,
          on_start: OnStart | None = None, *, update: bool = False,
          use_cache: bool = True, min_confidence: float | None = None,
          as_of: str | None = None, curation: Path | str | None = None,
          workers: int | None = 1, executor: str = "local",
          scheduler: str | None = None, remove: Iterable[Path | str] = ()) -> BuildReport:
    """Build the graph of ``sources`` and write it to ``out_dir`` in each format.

    ``update``: build the articles of the previous build in ``out_dir`` (from
    its manifest; files that changed are read again) plus ``sources``. Raises
    :class:`NothingToBuildError` when there is no previous build to update.
    ``use_cache``: read and write the parse cache and the manifest in
    ``<out_dir>/cache``. ``min_confidence``: facts are asserted for claims at or
    above it (default: the relation model's threshold); every claim is kept.
    ``as_of``: build only from the articles published on or before this date
    (``YYYY[-MM[-DD]]``): the graph as it stood then.
    ``curation``: the analysts' decisions to apply (default: ``<out_dir>/curation.ttl``
    when it exists; see :mod:`aigraph.curation`).
    ``workers``, ``executor``, ``scheduler``: where the per-article work runs
    (see :func:`aigraph.executors.make_executor`; ``workers=None``: one per
    core); the graph is the same wherever it runs. ``remove``: with ``update``,
    source files whose articles leave the graph (deleted or not)."""
    out = Path(out_dir)
    folder = cache_dir(out)
    sources = list(sources)
    kept: list[SourceFile] = []
    reused: list[SourceFile] = []
    if update:
        previous = _previous_build(out)
        gone = {str(Path(p).resolve()) for p in remove}
        files = [f for f in previous.files if f.path not in gone]
        on_disk = {f.path for f in files if os.path.isfile(f.path)}   # one stat per file
        present = [f for f in files if f.path in on_disk]
        kept = [f for f in files if f.path not in on_disk]
        # an unchanged file's articles are the manifest's: only changed files are read
        same_ingest = previous.ingest == ingest_fingerprint()
        reused = [f for f in present if same_ingest and _unchanged(f, max_bytes)]
        # by path: ``f not in reused`` compared SourceFile records, quadratic in the files
        reused_paths = {f.path for f in reused}
        sources = [Path(f.path) for f in present if f.path not in reused_paths] + sources
    batch = _read_batch(sources, max_bytes, kept, exclude=[out],   # never read our own exports
                        reused=reused)
    if as_of is not None:
        _keep_published_by(batch, as_of)
    docs = None
    if use_cache:
        docs = ParseCache(folder / "docs", parse_fingerprint(), extractor_fingerprint())
        docs.load(batch.articles)
    cached = len(docs.from_cache) if docs else 0
    if on_start:
        on_start(len(batch.articles) - cached, cached)
    with make_executor(executor, workers, scheduler) as runner, fewer_collections():
        # the relation model's features are not exported: a build does not keep them
        extraction = _extract(batch, on_article, docs, executor=runner, signals=False)
    curated = load_and_apply(extraction, curation or curation_path(out))
    threshold = default_threshold() if min_confidence is None else min_confidence
    # an article's claims known unchanged need no new fingerprint (not after
    # the analysts' decisions: they change claims after extraction)
    identities = docs.identities if docs is not None and not curated.decisions else None
    with fewer_collections():
        graph, outputs, store_write, facts = _write_graph(extraction, threshold, out, formats,
                                                          folder if use_cache else None,
                                                          identities, docs)
    for stale in remove_stale_exports(out, outputs,
                                      [name for _, name in graph_stage.FORMATS.values()]):
        extraction.warnings.append(Warning_(str(stale), (
            "removed: an export of an earlier build that this build did not write "
            f"(add -f {stale.suffix.lstrip('.')} to keep writing it)")))
    if use_cache and not update:
        extraction.warnings += _dropped_since_last_build(out, sources)
    if docs is not None:  # after the exports: the manifest describes a finished build
        docs.prune()
        write_manifest(folder, _manifest(docs.fingerprint, batch, sources))
    return BuildReport(
        articles=extraction.articles, skipped=batch.skipped, warnings=extraction.warnings,
        entities_per_class=count_entities(extraction), facts_per_property=facts,
        claims=len(extraction.claims), outputs=outputs, graph=graph, extraction=extraction,
        cached=cached, parsed=len(batch.articles) - cached,
        kept=len(batch.restored), cache=folder if use_cache else None,
        min_confidence=threshold, curation=curated,
        claims_read=docs.claims_read if docs else len(extraction.articles),
        store_write=store_write,
        names_resolved=(docs.resolution.resolved, docs.resolution.names)
        if docs is not None and docs.resolution is not None else None,
        names_decoded=docs.decoding.decoded if docs is not None else None,
        decided_records=(docs.decided_read, docs.decided_written) if docs is not None else None,
    )


def _write_graph(extraction: Extraction, threshold: float, out: Path, formats: Iterable[str],
                 cache: Path | None, identities=None,
                 docs: ParseCache | None = None
                 ) -> tuple[Graph, list[Path], StoreWrite, dict[str, int]]:
    """The graph's store and exports. Its triples are written once as N-Triples
    lines and sorted; the exports are written from the sorted file, and the
    store (in a folder beside ``OUT/store`` that then becomes the store, so the
    graph is not held in memory nor loaded twice) is the previous one plus
    the difference when the cache has the previous store's lines (see
    :mod:`aigraph.storediff`), else loaded whole. Also returns the facts per
    property (:func:`count_facts`, from the writer's backers: the same facts)."""
    store_dir = out / STORE_DIR
    store_folder = new_store_folder(store_dir)
    previous = storediff.previous_lines(store_dir, cache)
    # an update rewrites only the blocks of the subjects it touched (see graphdelta)
    lines_plan = graphdelta.plan(extraction, threshold, cache, previous,
                                 storediff.previous_digest(cache) if previous else None,
                                 graphdelta.Reuse.of(identities, docs))
    facts = facts_per_property(lines_plan.writer.backers)
    if docs is not None:   # the plan read the last build's decided claims: nothing reads them now
        docs.write_records()
    spliced = lines_plan.delta is not None
    try:
        with tempfile.TemporaryDirectory(dir=out, prefix=".graph.") as tmp:
            lines, sorted_nt = Path(tmp) / "lines.nt", Path(tmp) / "sorted.nt"
            try:
                if spliced:
                    graphdelta.splice(previous, lines_plan.delta, sorted_nt,
                                      Path(tmp) / "removed.nt", Path(tmp) / "added.nt")
                else:
                    graph_stage.write_graph_lines(extraction, threshold, lines, lines_plan.writer)
                    sort_file(lines, sorted_nt)
                    lines.unlink()
            except OSError as exc:
                raise OutputError(f"cannot write into {out}: {exc.strerror or exc}") from exc
            # the lines are written: the writer's terms and counts and the delta's
            # lines are not needed for the store's load and the exports
            lines_plan.writer = lines_plan.delta = None
            if spliced:
                graph, done = storediff.write_store_difference(store_folder, store_dir, cache,
                                                               Path(tmp))
            else:
                graph, done = storediff.write_store(sorted_nt, store_folder, store_dir, cache,
                                                    Path(tmp))
            formats = list(dict.fromkeys(formats))
            merged = "ttl" in formats and storediff.merge_turtle_export(
                out / graph_stage.FORMATS["ttl"][1], sorted_nt, done, Path(tmp))
            graph_stage.export_all(graph, out, [f for f in formats if not (merged and f == "ttl")],
                                   sorted_nt)
            outputs = [out / graph_stage.FORMATS[f][1] for f in formats]
            if cache is not None:
                ttl = out / graph_stage.FORMATS["ttl"][1]
                if ttl in outputs:   # the store's stamp-to-be: see storediff
                    storediff.keep_lines(sorted_nt, cache, graph_digest(ttl))
                    graphdelta.keep_units(cache, lines_plan.units, graph_digest(ttl))
                else:
                    storediff.forget_lines(cache)
                    graphdelta.forget_units(cache)
    except BaseException:
        shutil.rmtree(store_folder, ignore_errors=True)
        raise
    return graph, outputs, done, facts


@contextlib.contextmanager
def fewer_collections(threshold: int = 100_000):
    """Run the garbage collector's young generation every ``threshold``
    allocations instead of every 700: an update makes millions of small
    objects (every article's names and claims, read from the cache) that form
    no cycles, and the collector's passes over them were a third of its
    time. Cycles are still collected, less often."""
    before = gc.get_threshold()
    gc.set_threshold(threshold, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _keep_published_by(batch: _Batch, as_of: str) -> None:
    """Narrow the batch to the articles published by ``as_of`` (a build ``--as-of``)."""
    from .history import check_date, published_by

    batch.articles, notes = published_by(batch.articles, check_date(as_of))
    batch.warnings += [Warning_("--as-of", note) for note in notes]
    if not batch.articles:
        raise NothingToBuildError(f"no article was published on or before {as_of} "
                                  f"({'; '.join(notes) or 'no article'})")


def _dropped_since_last_build(out: Path, sources: list[Path | str]) -> list[str]:
    """A warning when the previous build in ``out`` read files this one does not
    (e.g. articles added with --update): a plain build replaces the graph."""
    try:
        previous = read_manifest(cache_dir(out))
    except ManifestError:
        return []
    if previous is None:
        return []
    now = {str(path) for path in source_files(sources)}
    dropped = [f.path for f in previous.files if f.path not in now]
    if not dropped:
        return []
    example = ", ".join(Path(path).name for path in dropped[:3])
    more = f" and {len(dropped) - 3} more" if len(dropped) > 3 else ""
    return [Warning_(str(out), (
        f"the previous build here also read {len(dropped)} file(s) not in these sources "
        f"({example}{more}); their articles are no longer in the graph (use --update to add "
        "sources to the previous build instead)"))]


def _previous_build(out: Path) -> Manifest:
    """The manifest of the last build in ``out``, for an update."""
    folder = cache_dir(out)
    try:
        manifest = read_manifest(folder)
    except ManifestError as exc:
        raise NothingToBuildError(
            f"cannot update the graph in {out}: {manifest_path(folder)} is damaged ({exc}); "
            "run a full build of all sources instead") from exc
    if manifest is None:
        raise NothingToBuildError(
            f"nothing to update in {out}: no previous build there ({manifest_path(folder)} "
            f"not found); build first with 'aigraph build SOURCES -o {out}'")
    return manifest


# ---------------------------------------------------------------------------
# Which file each article came from (for the manifest)
# ---------------------------------------------------------------------------

def source_files(sources: Iterable[Path | str]) -> list[Path]:
    """The files ingest reads for ``sources``: folders walked as ingest walks
    them, each file once (resolved), in the order given."""
    from .ingest import walk_folder  # the same walk as ingest, so the manifest lists what it reads

    files: dict[Path, None] = {}
    for given in map(Path, sources):
        found = walk_folder(given) if given.is_dir() else [given] if given.is_file() else []
        for path in found:
            files.setdefault(path.resolve(), None)
    return list(files)


def _file_sha256(path: Path) -> str:
    with path.open("rb") as handle:     # in chunks: a web archive can be large
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _unchanged(source: SourceFile, max_bytes: int) -> bool:
    """Whether a manifest file still holds the bytes its articles were read from."""
    path = Path(source.path)
    try:
        return path.stat().st_size <= max_bytes and _file_sha256(path) == source.sha256
    except OSError:
        return False


def _manifest(fingerprint: str, batch: _Batch, sources: list[Path | str]) -> Manifest:
    """The build's source files and their articles; ingest's first file wins an id,
    so an article belongs to the first file with its name and bytes."""
    in_batch = {a.id for a in batch.articles}
    files: dict[str, SourceFile] = {}
    for source in batch.reused:   # unchanged files: as the last manifest had them
        present = [a for a in source.articles if a.id in in_batch]
        if present:
            files[source.path] = SourceFile(source.path, source.sha256, present)
    reused = {a.id for f in batch.reused for a in f.articles}
    wanted = {(a.source, a.sha256) for a in batch.articles if a.id not in reused}
    owner: dict[tuple[str, str], Path] = {}
    names = {name for name, _ in wanted}   # a set: a scan per file was quadratic
    for path in source_files(sources):
        if path.name in names:
            owner.setdefault((path.name, _file_sha256(path)), path)
    for article in batch.articles:
        if article.id in batch.restored or article.id in reused:
            continue
        path = owner.get((article.source, article.sha256))
        if path is not None:
            entry = files.setdefault(str(path), SourceFile(str(path), article.sha256))
            entry.articles.append(article)
    for source in batch.kept:
        present = [a for a in source.articles if a.id in batch.restored]
        if present:
            files[source.path] = SourceFile(source.path, source.sha256, present)
    return Manifest(fingerprint, list(files.values()), ingest_fingerprint())
