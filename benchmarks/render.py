"""Benchmark: how fast the explorer page draws, aigraph's HTML vs pyvis defaults.

For synthetic graphs shaped like aigraph's (people, organisations, countries,
events, agreements, policies, risks; about two facts per entity with hubs)
this builds the RDF graph with the real code, writes

* aigraph's page (``aigraph.render.render_html``), and
* a page made the way pyvis is used by default (``Network()``, one
  ``add_node``/``add_edge`` per entity/fact, default physics, in_line assets),

then opens each in headless Chromium with networking off and reports the
time from navigation start to the first canvas draw (vis-network's
``afterDrawing``) and to a stable layout (``stabilized`` with physics,
the first draw without). Waits are capped (``--cap``, default 60 s) and
reported as "> cap".

    .venv/bin/python benchmarks/render.py --sizes 500 2000 5000
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from aigraph.analyse import to_networkx
from aigraph.graph import build_graph
from aigraph.model import Article, Claim, Entity, Extraction
from aigraph.render import render_html

#: Share of entities per class (risk concepts are added separately).
CLASS_SHARES = {
    "Person": 0.30, "Organization": 0.25, "Country": 0.07, "Place": 0.05,
    "Event": 0.10, "Agreement": 0.07, "Policy": 0.07, "Document": 0.05, "AISystem": 0.04,
}
RISKS = ("CyberOffense", "Disinformation", "BiologicalWeapons", "AutonomousWeapons",
         "ArmsRace", "LossOfControl", "ModelTheft", "Privacy", "LabourMarket",
         "CriticalInfrastructure", "MarketConcentration", "Deception")

#: (property, subject classes, object classes, facts per subject)
FACT_SHAPES = (
    ("affiliatedWith", ("Person",), ("Organization", "Country"), 1.2),
    ("leads", ("Person",), ("Organization", "Event"), 0.2),
    ("memberOf", ("Organization", "Country"), ("Organization",), 0.3),
    ("partyTo", ("Country", "Organization"), ("Agreement",), 0.8),
    ("issuedBy", ("Agreement", "Policy", "Document"), ("Organization", "Country"), 1.0),
    ("participatesIn", ("Person", "Country", "Organization"), ("Event",), 0.4),
    ("heldIn", ("Event",), ("Place", "Country"), 1.0),
    ("addressesRisk", ("Agreement", "Policy", "Document"), ("Risk",), 0.8),
    ("concernedAbout", ("Person", "Organization"), ("Risk",), 0.15),
    ("supports", ("Person", "Country"), ("Policy", "Agreement"), 0.2),
    ("developedBy", ("AISystem",), ("Organization",), 1.0),
)

WAIT_HOOK = """
// Installed before any page script: wraps vis.Network so the benchmark sees
// the first draw and the end of stabilisation with page-relative times.
window.__bench = {};
window.vis = window.vis || {};
(function () {
  let Real = null;
  function Wrapped(container, data, options) {
    const network = new Real(container, data, options);
    network.once("afterDrawing", () => { window.__bench.firstDraw = performance.now(); });
    network.once("stabilizationIterationsDone",
                 () => { window.__bench.iterationsDone = performance.now(); });
    network.once("stabilized", () => { window.__bench.stabilized = performance.now(); });
    window.__bench.physics = !!(network.physics && network.physics.physicsEnabled);
    window.__bench.nodes = data.nodes.length;
    return network;
  }
  Object.defineProperty(window.vis, "Network", {
    configurable: true, enumerable: true,
    get() { return Real ? Wrapped : undefined; },
    set(value) { Real = value; Wrapped.prototype = value.prototype; },
  });
})();
"""


def synthetic_extraction(size: int, seed: int = 7) -> Extraction:
    """About ``size`` entities and two facts each, with preferential attachment
    so that some organisations and countries become hubs, as in the news."""
    rng = random.Random(seed)
    by_class: dict[str, list[str]] = {}
    entities: dict[str, Entity] = {}
    articles = [Article(f"art{i:04d}", f"art{i:04d}.txt", "", title=f"Article {i}")
                for i in range(max(1, size // 25))]
    for cls, share in CLASS_SHARES.items():
        for i in range(max(1, round(size * share))):
            key = f"{cls.lower()}/{cls.lower()}-{i}"
            arts = {a.id for a in rng.sample(articles, min(len(articles), rng.randint(1, 3)))}
            entities[key] = Entity(key, cls, f"{cls} {i}", {f"{cls[:3].upper()}{i}"}, arts)
            by_class.setdefault(cls, []).append(key)
    for risk in RISKS:
        key = f"risk/{risk}"
        entities[key] = Entity(key, "Risk", risk, set(), {articles[0].id})
        by_class.setdefault("Risk", []).append(key)
    claims = []
    popularity = {key: 1.0 for key in entities}
    for prop, subjects, objects, rate in FACT_SHAPES:
        pool = [k for cls in objects for k in by_class.get(cls, [])]
        for cls in subjects:
            for subject in by_class.get(cls, []):
                count = int(rate) + (rng.random() < rate - int(rate))
                for obj in rng.choices(pool, weights=[popularity[k] for k in pool], k=count):
                    popularity[obj] += 1.0
                    article = rng.choice(sorted(entities[subject].articles))
                    claims.append(Claim(subject, prop, obj, article,
                                        f"{entities[subject].label} {prop} {entities[obj].label}.",
                                        confidence=round(rng.uniform(0.5, 0.95), 2)))
    return Extraction(articles=articles, entities=entities, claims=claims)


def pyvis_default_page(graph, path: Path) -> Path:
    """The page as pyvis makes it by default (directed, default physics)."""
    from pyvis.network import Network

    G = to_networkx(graph)
    net = Network(directed=True, cdn_resources="in_line")
    for v in sorted(G.nodes):
        net.add_node(v, label=G.nodes[v]["label"], title=G.nodes[v]["cls"])
    for s, o, prop in sorted(G.edges(keys=True)):
        net.add_edge(s, o, label=prop)
    path.write_text(net.generate_html(), encoding="utf-8")
    return path


def start_browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1280,900",
                f"--user-data-dir={tempfile.mkdtemp(prefix='aigraph-bench-')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WAIT_HOOK})
    return driver


def measure(page: Path, cap: float) -> dict:
    """Seconds from navigation start to first draw and to a stable layout.
    A fresh browser per page: a page still busy with physics would slow the next."""
    from selenium.common.exceptions import TimeoutException, WebDriverException

    driver = start_browser()
    try:
        driver.set_page_load_timeout(cap)
        driver.set_script_timeout(cap)
        deadline = time.monotonic() + cap
        try:
            driver.get(page.resolve().as_uri())
        except TimeoutException:
            pass  # still running its scripts: keep polling until the cap
        bench: dict = {}
        while time.monotonic() < deadline:
            try:
                bench = driver.execute_script("return window.__bench") or {}
            except (WebDriverException, OSError, Exception):  # noqa: B014
                # The page's main thread stayed busy past the cap (selenium
                # then times out on the HTTP read, not with a WebDriverException).
                break
            if bench.get("firstDraw") is not None and (
                    not bench.get("physics") or bench.get("stabilized") is not None):
                break
            time.sleep(0.1)
    finally:
        driver.quit()
    first = bench.get("firstDraw")
    stable = bench.get("stabilized") if bench.get("physics") else first
    seconds = lambda ms: None if ms is None or ms / 1000 > cap else ms / 1000  # noqa: E731
    return {"first_draw": seconds(first), "stable": seconds(stable),
            "nodes": bench.get("nodes"), "physics": bench.get("physics")}


def fmt(seconds: float | None, cap: float) -> str:
    return f"> {cap:.0f} s" if seconds is None else f"{seconds:.1f} s"


def run(sizes: list[int], cap: float, out_dir: Path) -> list[dict]:
    rows = []
    for size in sizes:
        graph = build_graph(synthetic_extraction(size))
        G = to_networkx(graph)
        nodes, edges = G.number_of_nodes(), G.number_of_edges()
        began = time.perf_counter()
        ours = render_html(graph, out_dir / f"aigraph-{size}.html")
        render_seconds = time.perf_counter() - began
        theirs = pyvis_default_page(graph, out_dir / f"pyvis-{size}.html")
        row = {"size": size, "nodes": nodes, "edges": edges, "render": render_seconds,
               "aigraph": measure(ours, cap),
               "pyvis": measure(theirs, cap)}
        rows.append(row)
        print_row(row, cap)
    return rows


HEADER = ("| nodes | edges | aigraph render (Python) | aigraph first draw | aigraph stable "
          "| pyvis default first draw | pyvis default stable |")


def print_row(row: dict, cap: float) -> None:
    ours, theirs = row["aigraph"], row["pyvis"]
    print(f"| {row['nodes']} | {row['edges']} | {row['render']:.1f} s "
          f"| {fmt(ours['first_draw'], cap)} | {fmt(ours['stable'], cap)} "
          f"| {fmt(theirs['first_draw'], cap)} | {fmt(theirs['stable'], cap)} |", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--cap", type=float, default=60.0, help="seconds to wait per page")
    parser.add_argument("--out", type=Path, default=None, help="keep the pages here")
    args = parser.parse_args(argv)
    out_dir = args.out or Path(tempfile.mkdtemp(prefix="aigraph-render-bench-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    print(HEADER)
    print("|" + "---|" * 7)
    run(args.sizes, args.cap, out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
