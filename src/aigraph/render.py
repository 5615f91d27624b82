"""Interactive HTML view of the graph: pyvis data, one self-contained page.

pyvis holds the nodes, edges and vis-network options; the page around them
is aigraph's own, because pyvis's template loads bootstrap from a CDN even
in ``in_line`` mode. The vis-network script and stylesheet are inlined from
the files pyvis ships, so the page makes no network request at all and
opens on an air-gapped laptop.

Safety: every string from the articles reaches the page only as JSON data
inside a ``<script type="application/json">`` block (with ``<``, ``>`` and
``&`` escaped) and is put into the DOM with ``textContent``; tooltips are
DOM elements, never HTML strings, so markup in an article cannot run.

Large graphs (more than :data:`PHYSICS_NODE_LIMIT` nodes) are laid out in
networkx, community by community, and drawn with physics off, so 5,000
nodes appear in seconds; small graphs keep vis-network's physics.
Output is deterministic: sorted data, seeded layouts, rounded coordinates.
"""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path

import networkx as nx
import numpy as np
from pyvis.network import Network
from rdflib import Graph

from .analyse import communities, find_entity, pagerank, to_networkx, undirected
from .graph import write_atomic

#: Above this many nodes the layout is computed in Python and physics is off.
PHYSICS_NODE_LIMIT = 300

#: Colour and vis-network shape per core class (shapes keep labels outside).
CLASS_STYLES: dict[str, tuple[str, str]] = {
    "Person": ("#4C78A8", "dot"),
    "Organization": ("#F58518", "square"),
    "Country": ("#E45756", "diamond"),
    "Place": ("#72B7B2", "triangleDown"),
    "Agreement": ("#54A24B", "star"),
    "Policy": ("#B279A2", "triangle"),
    "Document": ("#9D755D", "hexagon"),
    "Event": ("#EECA3B", "star"),
    "AISystem": ("#FF9DA6", "diamond"),
    "Risk": ("#D62728", "triangle"),
}
OTHER_STYLE = ("#8C8C8C", "dot")

MAX_TOOLTIP_EVIDENCE = 3
GROUP_SIZE_LIMIT = 400   # networkx's dense spring layout is fast below ~500 nodes
SMALL_GROUP = 12         # communities smaller than this are packed together
NODE_SPACING = 55.0      # pixels per node in the precomputed layout


# --------------------------------------------------------------------------
# selecting what to draw


def select_subgraph(G: nx.MultiDiGraph, focus: str | None = None, depth: int = 1,
                    classes: list[str] | tuple[str, ...] | None = None) -> nx.MultiDiGraph:
    """Keep the classes asked for (core or specific class names, any case),
    then the neighbourhood of ``focus`` within ``depth`` hops."""
    if classes:
        wanted = {c.casefold() for c in classes}
        keep = [v for v, d in G.nodes(data=True)
                if d["cls"].casefold() in wanted or d["core"].casefold() in wanted]
        G = G.subgraph(keep).copy()
    if focus:
        centre = find_entity(G, focus)
        near = nx.single_source_shortest_path_length(undirected(G), centre, cutoff=depth)
        G = G.subgraph(near).copy()
    return G


# --------------------------------------------------------------------------
# layout


def layout_groups(U: nx.Graph, seed: int) -> list[list[str]]:
    """Louvain communities cut to at most GROUP_SIZE_LIMIT nodes; the many
    tiny ones (isolated pairs, singletons) are packed into shared groups."""
    big, small = [], []
    for group in communities(U, seed=seed):
        for start in range(0, len(group), GROUP_SIZE_LIMIT):
            chunk = group[start:start + GROUP_SIZE_LIMIT]
            (big if len(chunk) >= SMALL_GROUP else small).append(chunk)
    packed: list[list[str]] = []
    for group in small:
        if packed and len(packed[-1]) + len(group) <= GROUP_SIZE_LIMIT // 3:
            packed[-1].extend(group)
        else:
            packed.append(list(group))
    return big + packed


def _group_radius(size: int) -> float:
    return NODE_SPACING * math.sqrt(size) * 0.75 + NODE_SPACING


def _local_layout(U: nx.Graph, group: list[str], seed: int) -> dict[str, np.ndarray]:
    if len(group) == 1:
        return {group[0]: np.zeros(2)}
    sub = U.subgraph(group)
    # A longer ideal edge than networkx's default spreads the star-shaped
    # clusters around hubs instead of piling them on the hub.
    pos = nx.spring_layout(sub, seed=seed, iterations=60, method="force",
                           k=2.5 / math.sqrt(len(group)))
    radius = _group_radius(len(group)) - NODE_SPACING
    return {v: np.asarray(p) * radius for v, p in pos.items()}


def _separate(centres: np.ndarray, radii: np.ndarray, rounds: int = 300) -> np.ndarray:
    """Push overlapping group discs apart (pairwise, fine for a few hundred)."""
    centres = centres.copy()
    for _ in range(rounds):
        delta = centres[:, None, :] - centres[None, :, :]
        dist = np.sqrt((delta ** 2).sum(-1)) + np.eye(len(centres))
        overlap = radii[:, None] + radii[None, :] + NODE_SPACING - dist
        np.fill_diagonal(overlap, 0)
        overlap = np.clip(overlap, 0, None)
        if not overlap.any():
            break
        # Small damped steps: discs overlapping many others would otherwise
        # receive the sum of all pushes at once and fly far apart.
        push = (delta / dist[..., None]) * (overlap[..., None] * 0.1)
        centres += push.sum(axis=1)
    return centres


def _group_centres(U: nx.Graph, groups: list[list[str]], seed: int) -> np.ndarray:
    """Place groups with a spring layout of the group graph (edge weight =
    facts between them), scaled to their sizes, then remove overlaps."""
    radii = np.array([_group_radius(len(g)) for g in groups])
    if len(groups) == 1:
        return np.zeros((1, 2))
    index = {v: i for i, group in enumerate(groups) for v in group}
    meta = nx.Graph()
    meta.add_nodes_from(range(len(groups)))
    for a, b in U.edges():
        i, j = index[a], index[b]
        if i != j:
            weight = meta.get_edge_data(i, j, {"weight": 0})["weight"]
            meta.add_edge(i, j, weight=weight + 1)
    pos = nx.spring_layout(meta, seed=seed, iterations=100, weight="weight", method="force")
    centres = np.array([pos[i] for i in range(len(groups))])
    centres *= math.sqrt((radii ** 2).sum()) * 0.6
    return _separate(centres, radii)


def large_layout(U: nx.Graph, seed: int = 42) -> dict[str, tuple[float, float]]:
    """Positions for thousands of nodes without scipy: lay out each community
    on its own, then the communities around each other."""
    groups = layout_groups(U, seed)
    centres = _group_centres(U, groups, seed)
    positions = {}
    for centre, group in zip(centres, groups):
        for v, p in _local_layout(U, group, seed).items():
            positions[v] = (round(float(centre[0] + p[0]), 1), round(float(centre[1] + p[1]), 1))
    return positions


def small_layout(U: nx.Graph, seed: int = 42) -> dict[str, tuple[float, float]]:
    """Seeded starting positions so physics settles the same way every time."""
    if len(U) == 0:
        return {}
    pos = nx.spring_layout(U, seed=seed, iterations=50, method="force")
    scale = NODE_SPACING * max(3.0, math.sqrt(len(U)) * 1.5)
    return {v: (round(float(p[0]) * scale, 1), round(float(p[1]) * scale, 1))
            for v, p in pos.items()}


# --------------------------------------------------------------------------
# page data


def class_style(core: str) -> tuple[str, str]:
    return CLASS_STYLES.get(core, OTHER_STYLE)


def node_sizes(G: nx.MultiDiGraph) -> dict[str, float]:
    """10 to 40 pixels by PageRank (square root, so hubs do not dwarf all)."""
    rank = pagerank(G)
    top = max(rank.values(), default=1.0) or 1.0
    return {v: round(10 + 30 * math.sqrt(r / top), 2) for v, r in rank.items()}


def _source(evidence) -> str:
    """The article under an evidence sentence, and the analysts' verdict when there is one."""
    return evidence.article + (" (accepted by an analyst)" if evidence.review == "Accepted" else "")


def _node_evidence(G: nx.MultiDiGraph, v: str) -> list[list[str]]:
    """Up to three evidence sentences of the node's facts, best supported first."""
    found = []
    for s, o, data in list(G.out_edges(v, data=True)) + list(G.in_edges(v, data=True)):
        for item in data["evidence"]:
            found.append((-item.confidence, item.sentence, _source(item)))
    seen, chosen = set(), []
    for _, sentence, article in sorted(found):
        if sentence not in seen:
            seen.add(sentence)
            chosen.append([sentence, article])
        if len(chosen) == MAX_TOOLTIP_EVIDENCE:
            break
    return chosen


def _adjacent_risks(G: nx.MultiDiGraph, v: str) -> list[str]:
    risks = {u for u in nx.all_neighbors(G, v) if G.nodes[u]["core"] == "Risk"}
    if G.nodes[v]["core"] == "Risk":
        risks.add(v)
    return sorted(risks)


def build_network(G: nx.MultiDiGraph, physics: bool, seed: int = 42) -> Network:
    """A pyvis Network holding the page's nodes, edges and options."""
    U = undirected(G)
    positions = small_layout(U, seed) if physics else large_layout(U, seed)
    sizes = node_sizes(G)
    article_index = {iri: i for i, iri in enumerate(sorted(G.graph.get("articles", {})))}
    net = Network(directed=True, cdn_resources="in_line")
    for v in sorted(G.nodes):
        data = G.nodes[v]
        colour, shape = class_style(data["core"])
        x, y = positions[v]
        net.add_node(
            v, label=data["label"], shape=shape, color=colour, size=sizes[v], x=x, y=y,
            cls=data["cls"], core=data["core"], aliases=data["aliases"],
            roles=data["roles"], dates=data["dates"],
            articles=[article_index[a] for a in data["articles"] if a in article_index],
            risks=_adjacent_risks(G, v), evidence=_node_evidence(G, v),
        )
    # add_edge checks membership in a list per call: cheap enough for the
    # few edges of a small graph, too slow at 10,000, so large graphs append.
    for number, (s, o, prop, data) in enumerate(sorted(G.edges(keys=True, data=True))):
        edge = {"id": f"e{number}", "from": s, "to": o, "label": prop, "arrows": "to",
                "width": round(1 + math.log2(max(1, data["claims"])), 2),
                "evidence": [[e.sentence, _source(e)]
                             for e in data["evidence"][:MAX_TOOLTIP_EVIDENCE]]}
        if "sources" in data:     # corroboration, when the build recorded it
            edge.update(sources=data["sources"], publishers=data["publishers"])
        if physics:
            net.add_edge(s, o, **{k: val for k, val in edge.items() if k not in ("from", "to")})
        else:
            net.edges.append(edge)
    net.options = vis_options(physics, seed)
    return net


def vis_options(physics: bool, seed: int) -> dict:
    options = {
        "layout": {"randomSeed": seed, "improvedLayout": False},
        "nodes": {"font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1},
        "edges": {"font": {"size": 10, "align": "middle", "color": "#555555",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "color": {"color": "#9a9a9a", "highlight": "#333333"},
                  "smooth": physics},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        "keyboard": True, "hideEdgesOnDrag": not physics,
                        "hideEdgesOnZoom": not physics},
    }
    if physics:
        options["physics"] = {
            "enabled": True, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 110,
                                 "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": 400, "fit": True},
        }
    else:
        options["physics"] = {"enabled": False}
    return options


def page_data(G: nx.MultiDiGraph, net: Network, physics: bool) -> dict:
    nodes, edges, _, _, _, options = net.get_network_data()
    articles = G.graph.get("articles", {})
    present = sorted({G.nodes[v]["core"] for v in G.nodes})
    used_articles = {a for v in G.nodes for a in G.nodes[v]["articles"]}
    return {
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options) if isinstance(options, str) else options,
        "physics": physics,
        "classes": [{"name": c, "color": class_style(c)[0], "shape": class_style(c)[1],
                     "count": sum(1 for v in G.nodes if G.nodes[v]["core"] == c)}
                    for c in present],
        "risks": [{"id": v, "label": G.nodes[v]["label"]}
                  for v in sorted(G.nodes, key=lambda v: (G.nodes[v]["label"], v))
                  if G.nodes[v]["core"] == "Risk"],
        "articles": [{"index": i, "title": articles[iri]}
                     for i, iri in enumerate(sorted(articles)) if iri in used_articles],
    }


def script_json(data) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' survives, so
    no article text can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


# --------------------------------------------------------------------------
# the page


def vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet from the pyvis package itself."""
    import pyvis

    folder = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    # The source-map comment is the one URL the browser might fetch (devtools).
    # (Not splitlines(): the script holds U+2028 and friends inside strings.)
    script = re.sub(r"(?m)^//# sourceMappingURL=[^\n]*$", "", script)
    style = (folder / "vis-network.css").read_text(encoding="utf-8")
    return script.replace("</script", "<\\/script"), style


def render_page(data: dict, title: str) -> str:
    script, style = vis_assets()
    parts = {"TITLE": html.escape(title), "VIS_CSS": style, "APP_CSS": APP_CSS,
             "DATA": script_json(data), "APP_JS": APP_JS, "VIS_JS": script}
    # One pass over the template only: a placeholder-like string inside the
    # data (article text) is never expanded.
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], PAGE_TEMPLATE)


def render_html(graph: Graph | nx.MultiDiGraph, out_path: Path | str,
                focus: str | None = None, depth: int = 1,
                classes: list[str] | tuple[str, ...] | None = None,
                physics: bool | None = None, seed: int = 42,
                title: str = "aigraph explorer") -> Path:
    """Write the interactive page for ``graph`` (or the subgraph around
    ``focus`` / of ``classes``); ``physics`` None means small graphs only."""
    G = select_subgraph(to_networkx(graph), focus, depth, classes)
    if physics is None:
        physics = G.number_of_nodes() <= PHYSICS_NODE_LIMIT
    net = build_network(G, physics, seed)
    page = render_page(page_data(G, net, physics), title)
    out = Path(out_path)
    write_atomic(out, page.encode("utf-8"))
    return out


APP_CSS = """
html, body { margin: 0; height: 100%; font-family: system-ui, sans-serif; font-size: 14px; }
#app { display: flex; height: 100vh; }
#side { width: 260px; padding: 10px; overflow-y: auto; border-right: 1px solid #ddd;
        background: #fafafa; box-sizing: border-box; }
#side h1 { font-size: 16px; margin: 0 0 8px; }
#side h2 { font-size: 13px; margin: 14px 0 4px; text-transform: uppercase; color: #666; }
#side input[type=search], #side select { width: 100%; box-sizing: border-box; padding: 4px; }
#network { flex: 1; position: relative; }
#status { margin-top: 4px; color: #555; min-height: 1.2em; }
.legend-row { display: flex; align-items: center; gap: 6px; margin: 2px 0; cursor: pointer; }
.swatch { width: 12px; height: 12px; display: inline-block; border-radius: 2px; }
.tip { max-width: 420px; white-space: normal; font-size: 13px; }
.tip .name { font-weight: bold; font-size: 14px; }
.tip .cls { color: #666; }
.tip .ev { margin-top: 6px; border-left: 3px solid #ccc; padding-left: 6px; }
.tip .src { color: #666; font-style: italic; }
div.vis-tooltip { white-space: normal; }
"""

APP_JS = r"""
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("aigraph-data").textContent);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;   // never innerHTML
    return node;
  }

  function evidenceBlock(tip, evidence) {
    for (const [sentence, article] of evidence) {
      const block = el("div", "ev");
      block.appendChild(el("div", "sentence", sentence));
      block.appendChild(el("div", "src", article));
      tip.appendChild(block);
    }
  }

  function nodeTooltip(n) {
    const tip = el("div", "tip");
    tip.appendChild(el("div", "name", n.label));
    tip.appendChild(el("div", "cls", n.cls === n.core ? n.cls : n.cls + " (" + n.core + ")"));
    if (n.aliases.length) tip.appendChild(el("div", "aliases", "Also: " + n.aliases.join(", ")));
    if (n.roles.length) tip.appendChild(el("div", "roles", "Role: " + n.roles.join("; ")));
    if (n.dates.length) tip.appendChild(el("div", "dates", "Date: " + n.dates.join(", ")));
    evidenceBlock(tip, n.evidence);
    return tip;
  }

  function edgeTooltip(e) {
    const tip = el("div", "tip");
    tip.appendChild(el("div", "name", e.label));
    if (e.sources !== undefined) {
      const plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");
      tip.appendChild(el("div", "sources", "Backed by " + plural(e.sources, "article") +
        " from " + plural(e.publishers, "publisher") + (e.sources === 1 ? " (single source)" : "")));
    }
    evidenceBlock(tip, e.evidence);
    return tip;
  }

  for (const n of data.nodes) n.title = nodeTooltip(n);
  for (const e of data.edges) e.title = edgeTooltip(e);

  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const container = document.getElementById("network");
  const network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);

  // ---- search: label or alias, exact first, then prefix, then substring
  const names = [];
  for (const n of data.nodes) {
    names.push([n.label.toLowerCase(), n.id, 0]);
    for (const a of n.aliases) names.push([a.toLowerCase(), n.id, 1]);
  }
  function findNode(query) {
    const q = query.trim().toLowerCase().replace(/\s+/g, " ");
    if (!q) return null;
    const tests = [(s) => s === q, (s) => s.startsWith(q), (s) => s.includes(q)];
    for (const test of tests) {
      let best = null;
      for (const entry of names) {
        if (test(entry[0]) && (best === null || entry[2] < best[2] ||
            (entry[2] === best[2] && entry[0].length < best[0].length))) best = entry;
      }
      if (best) return best[1];
    }
    return null;
  }
  const status = document.getElementById("status");
  function search(query) {
    const id = findNode(query);
    if (id === null) { status.textContent = "No entity matches."; return null; }
    if (nodes.get(id).hidden) resetFilters();
    network.selectNodes([id]);
    network.focus(id, {scale: 1.4, animation: false});
    status.textContent = "Found: " + nodes.get(id).label;
    return id;
  }
  const box = document.getElementById("search");
  const list = document.getElementById("names");
  for (const name of [...new Set(data.nodes.flatMap((n) => [n.label, ...n.aliases]))].sort()) {
    const option = el("option");
    option.value = name;
    list.appendChild(option);
  }
  box.addEventListener("keydown", (event) => { if (event.key === "Enter") search(box.value); });
  document.getElementById("go").addEventListener("click", () => search(box.value));

  // ---- filters: class (legend), risk, article
  const shownClasses = new Set(data.classes.map((c) => c.name));
  const legend = document.getElementById("legend");
  for (const c of data.classes) {
    const row = el("label", "legend-row");
    const check = el("input");
    check.type = "checkbox";
    check.checked = true;
    check.dataset.cls = c.name;
    check.addEventListener("change", () => {
      if (check.checked) shownClasses.add(c.name); else shownClasses.delete(c.name);
      applyFilters();
    });
    const swatch = el("span", "swatch");
    swatch.style.background = c.color;
    row.append(check, swatch, el("span", "", c.name + " (" + c.shape + ", " + c.count + ")"));
    legend.appendChild(row);
  }
  function fillSelect(select, items, value, text) {
    for (const item of items) {
      const option = el("option", "", text(item));
      option.value = String(value(item));
      select.appendChild(option);
    }
  }
  const riskSelect = document.getElementById("risk");
  const articleSelect = document.getElementById("article");
  fillSelect(riskSelect, data.risks, (r) => r.id, (r) => r.label);
  fillSelect(articleSelect, data.articles, (a) => a.index, (a) => a.title);
  riskSelect.addEventListener("change", applyFilters);
  articleSelect.addEventListener("change", applyFilters);

  function applyFilters() {
    const risk = riskSelect.value;
    const article = articleSelect.value === "" ? null : Number(articleSelect.value);
    const updates = [];
    for (const n of data.nodes) {
      const visible = shownClasses.has(n.core) &&
        (risk === "" || n.risks.includes(risk)) &&
        (article === null || n.articles.includes(article));
      updates.push({id: n.id, hidden: !visible});
    }
    nodes.update(updates);
    status.textContent = updates.filter((u) => !u.hidden).length + " entities shown.";
  }
  function resetFilters() {
    for (const check of legend.querySelectorAll("input")) check.checked = true;
    for (const c of data.classes) shownClasses.add(c.name);
    riskSelect.value = "";
    articleSelect.value = "";
    applyFilters();
  }
  document.getElementById("reset").addEventListener("click", resetFilters);

  window.aigraph = {network: network, nodes: nodes, edges: edges, data: data,
                    findNode: findNode, search: search, applyFilters: applyFilters,
                    resetFilters: resetFilters};
})();
"""

PAGE_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>@@TITLE@@</title>
<style>@@VIS_CSS@@</style>
<style>@@APP_CSS@@</style>
</head>
<body>
<div id="app">
<div id="side">
<h1>@@TITLE@@</h1>
<h2>Search</h2>
<input type="search" id="search" list="names" placeholder="label or alias" autocomplete="off">
<datalist id="names"></datalist>
<button type="button" id="go">Find</button>
<div id="status"></div>
<h2>Classes</h2>
<div id="legend"></div>
<h2>Risk</h2>
<select id="risk"><option value="">all risks</option></select>
<h2>Article</h2>
<select id="article"><option value="">all articles</option></select>
<p><button type="button" id="reset">Show everything</button></p>
</div>
<div id="network"></div>
</div>
<script type="application/json" id="aigraph-data">@@DATA@@</script>
<script>@@VIS_JS@@</script>
<script>@@APP_JS@@</script>
</body>
</html>
"""
