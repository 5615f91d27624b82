"""Benchmark: aigraph's SPARQL stack against rdflib's default in-memory store.

A synthetic graph shaped like aigraph's (articles, persons, organisations,
countries, agreements, events, risks, and claims with provenance) is built
with the real pipeline code (``aigraph.graph.build_graph``), then:

* parse and serialise times: Turtle and N-Triples, pyoxigraph vs rdflib's
  default store (and oxrdflib's parser into rdflib on Oxigraph);
* saving and opening the persistent store (``aigraph.store``);
* every saved query (``queries/*.rq``, defaults bound as parameters) on three
  engines side by side: the on-disk store through ``aigraph.query.run_query``
  (what ``aigraph query`` does), rdflib on the Oxigraph store (oxrdflib, what
  the build uses in memory), and rdflib's default in-memory store. rdflib's
  store can take minutes on joins, so each of its queries is capped with
  SIGALRM (rdflib is pure Python, so the alarm interrupts it) and reported as
  "> N s".

Usage::

    python benchmarks/query.py --triples 1000000 --rdflib-timeout 30
    python benchmarks/query.py --triples 20000          # a quick run

Deterministic (seeded); prints a Markdown report (also written with --out).
"""

from __future__ import annotations

import argparse
import gc
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from aigraph.graph import build_graph
from aigraph.model import Article, Claim, Entity, Extraction
from aigraph.query import SavedQuery, list_saved, open_source, parse_value, run_query
from aigraph.store import open_store, ox_triples, save_store
from aigraph.vocab import PREFIXES

#: General domain knowledge only (country names, the risk scheme's concepts).
COUNTRIES = ["United States", "China", "United Kingdom", "France", "Germany", "Japan", "India",
             "Canada", "Brazil", "South Korea", "Australia", "Italy", "Spain", "Mexico",
             "Indonesia", "Saudi Arabia", "Singapore", "Kenya", "Nigeria", "Israel"]
RISKS = ["MaliciousUse", "CyberOffense", "BiologicalWeapons", "ChemicalWeapons",
         "Disinformation", "FraudAndImpersonation", "MilitaryAndStrategic", "AutonomousWeapons",
         "NuclearCommandAndControl", "ArmsRace", "Malfunction", "UnpredictableBehavior",
         "LossOfControl", "Deception", "ModelTheft", "SystemicRisk", "CriticalInfrastructure",
         "Privacy", "BiasAndDiscrimination", "LabourMarket"]
MODALITIES = ["Asserted"] * 6 + ["Reported"] * 2 + ["Proposed", "Planned", "Hedged", "Negated"]
ROLES = ["Minister", "Secretary", "Director", "Chief Executive", "Adviser", "Ambassador",
         "former Minister", "former Director", "ex-Ambassador", "Chair"]


#: Plain joins besides the saved queries (no ORDER BY over unbound values,
#: which rdflib's evaluator cannot sort).
JOINS = {
    "join: claim, subject label, article title (3-way)": """
        SELECT ?evidence ?label ?title WHERE {
          ?claim rdf:subject ?s ; aig:evidence ?evidence ; prov:wasDerivedFrom ?article .
          ?s rdfs:label ?label .
          ?article dcterms:title ?title }""",
    "join: people affiliated with a country, with roles": """
        SELECT ?person ?role ?country WHERE {
          ?person aig:affiliatedWith ?country ; aig:role ?role .
          ?country a aig:Country }""",
    "aggregate: claims per article": """
        SELECT ?article (COUNT(?claim) AS ?claims) WHERE {
          ?claim prov:wasDerivedFrom ?article } GROUP BY ?article""",
}


def slug(text: str) -> str:
    return "-".join(text.lower().split())


# ---------------------------------------------------------------------------
# The synthetic extraction


class Synth:
    """Builds an Extraction of about ``triples`` RDF triples, deterministically."""

    def __init__(self, triples: int, seed: int = 7) -> None:
        self.random = random.Random(seed)
        claims = max(triples // 11, 50)         # ~9 triples per claim, ~2 more per claim for entities
        self.n_articles = max(claims // 25, 3)
        self.extraction = Extraction()
        self.keys: dict[str, list[str]] = {}
        self._make_entities(claims)
        self._make_claims(claims)

    def _entity(self, cls: str, key: str, label: str, aliases=()) -> str:
        self.extraction.entities[key] = Entity(key=key, cls=cls, label=label, aliases=set(aliases))
        self.keys.setdefault(cls, []).append(key)
        return key

    def _make_entities(self, claims: int) -> None:
        for i in range(self.n_articles):
            self.extraction.articles.append(Article(
                id=f"art{i:06d}", source=f"art{i:06d}.txt", text="", title=f"Article {i}",
                date=f"20{20 + i % 6}-{1 + i % 12:02d}-{1 + i % 28:02d}"))
        for name in COUNTRIES:
            self._entity("Country", f"country/{slug(name)}", name, {name.split()[-1]})
        for risk in RISKS:
            self._entity("Risk", f"risk/{risk}", risk)
        counts = {"Person": claims // 6, "Organization": claims // 20, "Agreement": claims // 60,
                  "Policy": claims // 60, "Event": claims // 40, "Place": claims // 80}
        for cls, count in counts.items():
            for i in range(max(count, 3)):
                label = f"{cls} {i}"
                self._entity(cls, f"{cls.lower()}/{slug(label)}", label, {f"{cls[:3]}{i}"})

    def pick(self, *classes: str) -> str:
        cls = self.random.choice(classes)
        return self.random.choice(self.keys[cls])

    def _make_claims(self, claims: int) -> None:
        r = self.random
        shapes = [
            ("affiliatedWith", ("Person",), ("Organization", "Country")),
            ("role", ("Person",), None),
            ("partyTo", ("Country", "Organization"), ("Agreement",)),
            ("concernedAbout", ("Country", "Person", "Organization"), ("Risk",)),
            ("addressesRisk", ("Agreement", "Policy"), ("Risk",)),
            ("participatesIn", ("Person", "Country"), ("Event",)),
            ("heldIn", ("Event",), ("Place",)),
            ("date", ("Event", "Agreement"), None),
            ("memberOf", ("Country",), ("Organization",)),
            ("issuedBy", ("Policy",), ("Country", "Organization")),
            ("leads", ("Person",), ("Organization",)),
            ("supports", ("Country", "Person"), ("Agreement", "Policy")),
        ]
        for i in range(claims):
            predicate, subjects, objects = shapes[i % len(shapes)]
            article = f"art{r.randrange(self.n_articles):06d}"
            subject = self.pick(*subjects)
            datatype = None
            if predicate == "role":
                obj = r.choice(ROLES)
            elif predicate == "date":
                obj, datatype = f"20{20 + r.randrange(6)}-{1 + r.randrange(12):02d}", "gYearMonth"
            else:
                obj = self.pick(*objects)
            self.extraction.claims.append(Claim(
                subject=subject, predicate=predicate, object=obj, article=article,
                evidence=f"Sentence {i} of {article} says {predicate}.",
                modality=r.choice(MODALITIES), confidence=round(0.5 + r.random() / 2, 2),
                datatype=datatype))
            for key in (subject, obj):
                if key in self.extraction.entities:
                    self.extraction.entities[key].articles.add(article)


# ---------------------------------------------------------------------------
# Timing helpers


class Timeout(BaseException):  # not an Exception: guarded() must not swallow it
    pass


def _alarm(signum, frame):
    raise Timeout


def timed(function, *args, **kwargs):
    gc.collect()
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return time.perf_counter() - start, value


class Failed:
    """An engine raised instead of answering (kept in the report, not hidden)."""

    def __init__(self, error: Exception) -> None:
        self.name = type(error).__name__

    def __str__(self) -> str:
        return f"fails ({self.name})"


def guarded(function, *args):
    """(elapsed, value), or (Failed, None) when the engine raised."""
    try:
        return timed(function, *args)
    except Exception as error:  # noqa: BLE001 - reported in the table
        return Failed(error), None


def capped(seconds: float, function, *args):
    """(elapsed, value), (None, None) when the alarm fired first, or (Failed, None)."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return guarded(function, *args)
    except Timeout:
        return None, None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def fmt_seconds(value, cap: float | None = None) -> str:
    if isinstance(value, Failed):
        return str(value)
    if value is None:
        return f"> {cap:g} s"
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


# ---------------------------------------------------------------------------
# The benchmark


def rdflib_rows(graph: Graph, text: str, bindings: dict) -> int:
    result = graph.query(text, initNs=PREFIXES, initBindings=bindings)
    return len(list(result))


def run(triples: int, rdflib_timeout: float, workdir: Path) -> str:
    lines = []
    out = lines.append

    seconds, synth = timed(Synth, triples)
    seconds_graph, graph = timed(build_graph, synth.extraction)
    total = len(graph)
    out(f"## Query benchmark: {total:,} triples\n")
    out(f"Synthetic graph: {len(synth.extraction.articles):,} articles, "
        f"{len(synth.extraction.entities):,} entities, {len(synth.extraction.claims):,} claims "
        f"(generated in {seconds:.1f} s, built with `build_graph` in {seconds_graph:.1f} s). "
        f"Python {sys.version.split()[0]}, pyoxigraph {ox.__version__ if hasattr(ox, '__version__') else ''}.\n")

    # -- parse and serialise ----------------------------------------------
    ttl, nt = workdir / "graph.ttl", workdir / "graph.nt"
    dump_ttl, _ = timed(lambda: ox.serialize(ox_triples(graph), str(ttl), ox.RdfFormat.TURTLE,
                                             prefixes=PREFIXES))
    dump_nt, _ = timed(lambda: ox.serialize(ox_triples(graph), str(nt), ox.RdfFormat.N_TRIPLES))
    rows = [("serialise Turtle", fmt_seconds(dump_ttl), None),
            ("serialise N-Triples", fmt_seconds(dump_nt), None)]

    def ox_parse(path, fmt):
        store = ox.Store()
        store.bulk_load(path=str(path), format=fmt)
        return store

    parse_ttl_ox, _ = timed(ox_parse, ttl, ox.RdfFormat.TURTLE)
    parse_nt_ox, _ = timed(ox_parse, nt, ox.RdfFormat.N_TRIPLES)
    parse_ttl_oxrdflib, ox_graph = timed(lambda: Graph(store="Oxigraph").parse(ttl, format="ox-turtle"))
    parse_ttl_rdflib, memory = timed(lambda: Graph().parse(ttl, format="turtle"))
    parse_nt_rdflib, _ = timed(lambda: Graph().parse(nt, format="nt"))
    ser_ttl_rdflib, _ = timed(lambda: memory.serialize(format="turtle"))
    ser_nt_rdflib, _ = timed(lambda: memory.serialize(format="nt"))
    rows = [
        ("parse Turtle", fmt_seconds(parse_ttl_ox), fmt_seconds(parse_ttl_oxrdflib),
         fmt_seconds(parse_ttl_rdflib)),
        ("parse N-Triples", fmt_seconds(parse_nt_ox), "", fmt_seconds(parse_nt_rdflib)),
        ("serialise Turtle", fmt_seconds(dump_ttl), "", fmt_seconds(ser_ttl_rdflib)),
        ("serialise N-Triples", fmt_seconds(dump_nt), "", fmt_seconds(ser_nt_rdflib)),
    ]
    out("### Parse and serialise\n")
    out("| step | pyoxigraph | rdflib on Oxigraph (oxrdflib) | rdflib default store |")
    out("|---|---:|---:|---:|")
    for row in rows:
        out("| " + " | ".join(row) + " |")
    out(f"\nFiles: Turtle {ttl.stat().st_size / 1e6:.0f} MB, "
        f"N-Triples {nt.stat().st_size / 1e6:.0f} MB.\n")

    # -- the persistent store ----------------------------------------------
    store_dir = workdir / "store"
    save_seconds, _ = timed(save_store, graph, store_dir)
    open_seconds, store = timed(open_store, store_dir)
    out("### Persistent store\n")
    out(f"`save_store` (write + optimise): {fmt_seconds(save_seconds)}; "
        f"`open_store` (read-only): {fmt_seconds(open_seconds)}; "
        f"{len(store):,} triples. `aigraph query` opens the store instead of "
        f"parsing Turtle ({fmt_seconds(parse_ttl_ox)} with pyoxigraph, "
        f"{fmt_seconds(parse_ttl_rdflib)} with rdflib).\n")

    # -- saved queries ----------------------------------------------------
    out("### Saved queries\n")
    out(f"Each query's defaults are bound as parameters. rdflib's default store is capped "
        f"at {rdflib_timeout:g} s per query.\n")
    out("| query | rows | aigraph store (`run_query`) | rdflib on Oxigraph | rdflib default store |")
    out("|---|---:|---:|---:|---:|")
    resolver = open_source(store_dir)
    questions = list_saved() + [SavedQuery(text=text, name=name) for name, text in JOINS.items()]
    for saved in questions:
        params = saved.defaults()
        terms = {name: parse_value(resolver, value) for name, value in params.items()}
        bindings = {name: URIRef(term.value) for name, term in terms.items()
                    if isinstance(term, ox.NamedNode)}
        t_store, result = timed(run_query, store_dir, saved, None, None, False)
        t_oxrdflib, n_oxrdflib = guarded(rdflib_rows, ox_graph, saved.text, bindings)
        t_rdflib, n_rdflib = capped(rdflib_timeout, rdflib_rows, memory, saved.text, bindings)
        count = len(result.rows)
        answered = [n for n in (n_oxrdflib, n_rdflib) if n is not None]
        check = "" if all(n == count for n in answered) else \
            f" (others: {n_oxrdflib}/{n_rdflib})"
        out(f"| {saved.name} | {count:,}{check} | {fmt_seconds(t_store)} | "
            f"{fmt_seconds(t_oxrdflib)} | {fmt_seconds(t_rdflib, rdflib_timeout)} |")
        print(lines[-1], file=sys.stderr, flush=True)
    out("")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000,
                        help="approximate size of the synthetic graph (default 1,000,000)")
    parser.add_argument("--rdflib-timeout", type=float, default=30.0,
                        help="cap per query on rdflib's default store, seconds (default 30)")
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="aigraph-bench-") as workdir:
        report = run(args.triples, args.rdflib_timeout, Path(workdir))
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
