"""Benchmark: how fast the explorer page draws, aigraph's HTML vs pyvis defaults.

For synthetic graphs shaped like aigraph's (people, organisations, countries,
events, agreements, policies, risks; about two facts per entity with hubs)
this builds the RDF graph with the real code, writes

* aigraph's page (``aigraph.render.render_html``), and
* a page made the way pyvis is used by default (``Network()``, one
  ``add_node``/``add_edge`` per entity/fact, default physics, in_line assets),

then opens each in headless Chromium with networking off and reports

* first draw: navigation start to vis-network's first ``afterDrawing``;
* interactive: to aigraph's ``window.aigraph.ready`` (clusters made, view
  fitted, labels set) or, for pyvis, to ``stabilized`` (its physics keeps
  the main thread busy until then);
* zoom redraw: the median and the worst time from a mouse-wheel event on the
  canvas to the end of the redraw it causes, over ``--zooms`` steps (half
  in, half out, with a pause every quarter of the way in that lets aigraph
  open the communities in view), and the most nodes drawn meanwhile.

Waits are capped (``--cap``, default 60 s) and reported as "> cap".
pyvis's default page is measured at ``--pyvis-sizes`` only (it needs about
a minute at 500 nodes).

    .venv/bin/python benchmarks/render.py --sizes 500 20000 --pyvis-sizes 500 \
        --screenshots docs/
"""

from __future__ import annotations

import argparse
import random
import statistics
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
    window.__bench.network = network;
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


ZOOM_STEPS = """
// Wheel events at the canvas centre, each timed to the end of the redraw it
// causes (vis-network redraws on the next animation frame).
const done = arguments[arguments.length - 1];
const steps = arguments[0];
const network = window.__bench.network;
const canvas = network.canvas.frame.canvas;
const rect = canvas.getBoundingClientRect();
const times = [];
function wheel(deltaY) {
  return new Promise((resolve) => {
    const start = performance.now();
    network.once("afterDrawing", () => resolve(performance.now() - start));
    canvas.dispatchEvent(new WheelEvent("wheel", {
      deltaY: deltaY, deltaMode: 0, bubbles: true, cancelable: true,
      clientX: rect.left + rect.width / 2, clientY: rect.top + rect.height / 2}));
  });
}
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
(async () => {
  const half = Math.floor(steps / 2);
  let drawn = 0;
  for (let i = 0; i < steps; i++) {
    // Every quarter of the way, a pause lets aigraph's level of detail open
    // the communities in view, as it does when a user stops zooming.
    if (i > 0 && i % Math.max(1, Math.floor(half / 4)) === 0) await pause(1000);
    times.push(await wheel(i < half ? -120 : 120));
    drawn = Math.max(drawn, network.body.nodeIndices.length);
    await pause(80);
  }
  done([times, drawn]);
})();
"""


def zoom_times(driver, steps: int) -> tuple[list[float], int]:
    """Milliseconds per zoom redraw and the most nodes drawn (see ZOOM_STEPS)."""
    times, drawn = driver.execute_async_script(ZOOM_STEPS, steps)
    return times, drawn


def measure(page: Path, cap: float, zooms: int = 32, screenshot: Path | None = None) -> dict:
    """Seconds from navigation start to first draw and to interactive, then
    per-zoom redraw times. A fresh browser per page: a page still busy with
    physics would slow the next."""
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
                bench = driver.execute_script(
                    "const b = Object.assign({}, window.__bench || {}); delete b.network;"
                    "b.aigraph = !!window.aigraph;"
                    "if (window.aigraph && window.aigraph.ready) b.readyAt = window.aigraph.readyAt;"
                    "return b;") or {}
            except (WebDriverException, OSError, Exception):  # noqa: B014
                # The page's main thread stayed busy past the cap (selenium
                # then times out on the HTTP read, not with a WebDriverException).
                break
            if bench.get("firstDraw") is not None and interactive_at(bench) is not None:
                break
            time.sleep(0.1)
        zooms_ms: list[float] = []
        drawn = None
        if bench.get("firstDraw") is not None and interactive_at(bench) is not None:
            if screenshot is not None:
                driver.save_screenshot(str(screenshot))
            zooms_ms, drawn = zoom_times(driver, zooms)
    finally:
        driver.quit()
    seconds = lambda ms: None if ms is None or ms / 1000 > cap else ms / 1000  # noqa: E731
    return {"first_draw": seconds(bench.get("firstDraw")),
            "interactive": seconds(interactive_at(bench)),
            "zoom_median": statistics.median(zooms_ms) if zooms_ms else None,
            "zoom_max": max(zooms_ms) if zooms_ms else None, "drawn": drawn,
            "nodes_at_start": bench.get("nodes"), "physics": bench.get("physics")}


def interactive_at(bench: dict) -> float | None:
    """aigraph's page says when it is ready; pyvis's is busy until stabilized."""
    if bench.get("readyAt") is not None:
        return bench["readyAt"]
    if bench.get("aigraph"):
        return None
    return bench.get("stabilized") if bench.get("physics") else bench.get("firstDraw")


def fmt(seconds: float | None, cap: float) -> str:
    return f"> {cap:.0f} s" if seconds is None else f"{seconds:.1f} s"


def fmt_ms(ms: float | None) -> str:
    return "n/a" if ms is None else f"{ms:.0f} ms"


def run(sizes: list[int], pyvis_sizes: list[int], cap: float, zooms: int, out_dir: Path,
        screenshots: Path | None) -> list[dict]:
    rows = []
    for size in sorted(set(sizes) | set(pyvis_sizes)):
        graph = build_graph(synthetic_extraction(size))
        G = to_networkx(graph)
        nodes, edges = G.number_of_nodes(), G.number_of_edges()
        if size in sizes:
            began = time.perf_counter()
            ours = render_html(graph, out_dir / f"aigraph-{size}.html")
            shot = screenshots / f"explorer-{size}.png" if screenshots else None
            row = {"page": "aigraph", "nodes": nodes, "edges": edges,
                   "render": time.perf_counter() - began,
                   **measure(ours, cap, zooms, shot)}
            rows.append(row)
            print_row(row, cap)
        if size in pyvis_sizes:
            began = time.perf_counter()
            theirs = pyvis_default_page(graph, out_dir / f"pyvis-{size}.html")
            row = {"page": "pyvis defaults", "nodes": nodes, "edges": edges,
                   "render": time.perf_counter() - began, **measure(theirs, cap, zooms)}
            rows.append(row)
            print_row(row, cap)
    return rows


HEADER = ("| page | nodes | facts | HTML written (Python) | first draw | interactive "
          "| zoom redraw median | zoom redraw worst | most nodes drawn while zooming |")


def print_row(row: dict, cap: float) -> None:
    print(f"| {row['page']} | {row['nodes']:,} | {row['edges']:,} | {row['render']:.1f} s "
          f"| {fmt(row['first_draw'], cap)} | {fmt(row['interactive'], cap)} "
          f"| {fmt_ms(row['zoom_median'])} | {fmt_ms(row['zoom_max'])} "
          f"| {'n/a' if row['drawn'] is None else format(row['drawn'], ',')} |", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 20000])
    parser.add_argument("--pyvis-sizes", type=int, nargs="*", default=[500])
    parser.add_argument("--cap", type=float, default=60.0, help="seconds to wait per page")
    parser.add_argument("--zooms", type=int, default=32, help="wheel steps timed per page")
    parser.add_argument("--out", type=Path, default=None, help="keep the pages here")
    parser.add_argument("--screenshots", type=Path, default=None,
                        help="save aigraph's initial views here as explorer-SIZE.png")
    args = parser.parse_args(argv)
    out_dir = args.out or Path(tempfile.mkdtemp(prefix="aigraph-render-bench-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    print(HEADER)
    print("|" + "---|" * 9)
    run(args.sizes, args.pyvis_sizes, args.cap, args.zooms, out_dir, args.screenshots)
    return 0


if __name__ == "__main__":
    sys.exit(main())
