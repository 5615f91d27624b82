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
nodes appear in seconds; small graphs keep vis-network's physics until the
layout settles. Above :data:`CLUSTER_NODE_LIMIT` nodes the page starts with
one node per layout community (level of detail), opened by a click or by
zooming in (see :mod:`aigraph.explorer_page` for why not vis-network's
clustering API).

What the page shows first: the :data:`LABEL_COUNT` most important entities
(:func:`aigraph.analyse.importance`: PageRank on facts read both ways,
scaled by the component's share of facts, so hubs come first) get a font
size that keeps their label readable at the fitted zoom; every other label
fades in by zoom (vis-network's ``scaling.label.drawThreshold``).
Output is deterministic: sorted data, seeded layouts, rounded coordinates.
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import numpy as np
from pyvis.network import Network
from rdflib import Graph

from .analyse import (communities, find_entity, importance, importance_order, to_networkx,
                      undirected)
from .dates import lexical_span
from .explorer_page import APP_CSS, APP_JS, PAGE_TEMPLATE
from .graph import write_atomic

#: Above this many nodes the layout is computed in Python and physics is off.
PHYSICS_NODE_LIMIT = 300

#: Above this many nodes the page opens as one cluster per layout community.
CLUSTER_NODE_LIMIT = 1500

#: Colour and shape per core class. Colours are Paul Tol's "muted" scheme
#: (distinguishable with the common colour-vision deficiencies) plus dark
#: grey; no two classes share a colour or a shape. Shapes vis-network draws
#: itself keep the label outside; ``ring``, ``plus``, ``octagon`` and
#: ``frame`` are drawn as small SVG images (see :func:`shape_svg`).
CLASS_STYLES: dict[str, tuple[str, str]] = {
    "Person": ("#88CCEE", "dot"),
    "Organization": ("#44AA99", "square"),
    "Country": ("#332288", "diamond"),
    "Place": ("#999933", "triangleDown"),
    "Agreement": ("#117733", "star"),
    "Policy": ("#AA4499", "triangle"),
    "Document": ("#DDCC77", "hexagon"),
    "Event": ("#CC6677", "ring"),
    "AISystem": ("#555555", "plus"),
    "Risk": ("#882255", "octagon"),
}
OTHER_STYLE = ("#BBBBBB", "frame")
VIS_SHAPES = {"dot", "square", "diamond", "triangleDown", "star", "triangle", "hexagon"}

#: Fact modalities as the page draws them: vis-network ``dashes`` (False =
#: solid) and a line opacity. A fact's modality is Asserted when any of its
#: claims asserts it, else its most frequent claim modality.
MODALITY_STYLES: dict[str, tuple[bool | list[int], float]] = {
    "Asserted": (False, 1.0),
    "Reported": ([8, 5], 0.9),
    "Planned": ([2, 5], 0.9),
    "Proposed": ([2, 5], 0.9),
    "Hedged": ([8, 5], 0.5),
}
MODALITY_ORDER = ("Asserted", "Reported", "Planned", "Proposed", "Hedged")

#: The most important entities whose labels are drawn at every zoom.
LABEL_COUNT = 12
#: On-screen pixel size of those labels at the fitted zoom.
READABLE_LABEL_PX = 13
#: vis-network draws a label when font size x zoom >= this - 1 and fades it
#: in over that last pixel; 7 keeps the 14 px labels off below zoom 0.43.
LABEL_DRAW_THRESHOLD = 7
BASE_FONT = 14
EDGE_FONT = 10
MAX_PANEL_EVIDENCE = 5
DATALIST_LIMIT = 3000    # search suggestions: the most important names only
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
    return grouped_layout(U, seed)[0]


def grouped_layout(U: nx.Graph, seed: int = 42
                   ) -> tuple[dict[str, tuple[float, float]], list[list[str]]]:
    """:func:`large_layout`'s positions and the groups it placed (the page's
    clusters at overview zoom)."""
    groups = layout_groups(U, seed)
    centres = _group_centres(U, groups, seed)
    positions = {}
    for centre, group in zip(centres, groups):
        for v, p in _local_layout(U, group, seed).items():
            positions[v] = (round(float(centre[0] + p[0]), 1), round(float(centre[1] + p[1]), 1))
    return positions, groups


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


def shape_svg(shape: str, colour: str) -> str:
    """A 64x64 SVG of a class shape: the canvas image of the shapes
    vis-network lacks, and every legend swatch. Made only from constants."""
    body = {
        "dot": f'<circle cx="32" cy="32" r="27" fill="{colour}"/>',
        "square": f'<rect x="7" y="7" width="50" height="50" fill="{colour}"/>',
        "diamond": f'<path d="M32 3 61 32 32 61 3 32Z" fill="{colour}"/>',
        "triangle": f'<path d="M32 5 61 57H3Z" fill="{colour}"/>',
        "triangleDown": f'<path d="M3 7H61L32 59Z" fill="{colour}"/>',
        "star": f'<path d="M32 3l8.5 18.3 20 2.3-14.8 13.7 4 19.7L32 47l-17.7 10 4-19.7'
                f'L3.5 23.6l20-2.3z" fill="{colour}"/>',
        "hexagon": f'<path d="M32 4 56 18V46L32 60 8 46V18Z" fill="{colour}"/>',
        "ring": f'<circle cx="32" cy="32" r="22" fill="#ffffff" stroke="{colour}" '
                f'stroke-width="14"/>',
        "plus": f'<path d="M22 4H42V22H60V42H42V60H22V42H4V22H22Z" fill="{colour}"/>',
        "octagon": f'<path d="M21 3H43L61 21V43L43 61H21L3 43V21Z" fill="{colour}"/>'
                   '<rect x="28" y="13" width="8" height="25" fill="#ffffff"/>'
                   '<rect x="28" y="44" width="8" height="8" fill="#ffffff"/>',
        "frame": f'<rect x="9" y="9" width="46" height="46" fill="#ffffff" stroke="{colour}" '
                 f'stroke-width="10"/>',
    }[shape]
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" '
            f'viewBox="0 0 64 64">{body}</svg>')


def svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("ascii")).decode("ascii")


def node_sizes(G: nx.MultiDiGraph, scores: dict[str, float] | None = None) -> dict[str, float]:
    """10 to 40 pixels by importance (square root, so hubs do not dwarf all)."""
    scores = importance(G) if scores is None else scores
    top = max(scores.values(), default=1.0) or 1.0
    return {v: round(10 + 30 * math.sqrt(r / top), 2) for v, r in scores.items()}


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


def day_number(date) -> int:
    """Days since 1970-01-01: the page's date sliders work on these."""
    return date.toordinal() - 719163


def date_days(texts) -> list[int] | None:
    """[first, last] day covered by some xsd date lexical forms (a year-only
    date covers its whole year); None when none parses."""
    spans = [span for span in map(lexical_span, texts) if span is not None]
    if not spans:
        return None
    return [day_number(min(s[0] for s in spans)), day_number(max(s[1] for s in spans))]


def fact_modality(evidence) -> str:
    """Asserted when any claim asserts the fact, else its most frequent modality."""
    counts = {m: 0 for m in MODALITY_ORDER}
    for item in evidence:
        counts[item.modality if item.modality in counts else "Asserted"] += 1
    if counts["Asserted"] or not evidence:
        return "Asserted"
    return max(MODALITY_ORDER, key=lambda m: (counts[m], -MODALITY_ORDER.index(m)))


def fact_edge(number: int, s: str, o: str, prop: str, data: dict,
              article_index: dict[str, int]) -> dict:
    """One fact as a vis-network edge plus what the fact panel lists."""
    evidence = data["evidence"]
    modality = fact_modality(evidence)
    dashes, opacity = MODALITY_STYLES[modality]
    confidence = max((e.confidence for e in evidence), default=0.0)
    articles = sorted({article_index[e.source] for e in evidence if e.source in article_index})
    # Low-confidence facts fade too: full strength from confidence 0.83 down
    # to 40 % at 0.33 and below.
    opacity = round(opacity * min(1.0, max(0.4, confidence * 1.2 if evidence else 1.0)), 2)
    edge = {
        "id": f"e{number}", "from": s, "to": o, "label": prop, "arrows": "to",
        "width": round(1 + math.log2(max(1, data["claims"])), 2),
        "dashes": dashes,
        "color": {"color": "#8a8a8a", "highlight": "#222222", "hover": "#222222",
                  "opacity": opacity},
        "modality": modality, "conf": round(confidence, 2), "claims": data["claims"],
        "arts": articles,
        "ev": [[e.sentence, article_index.get(e.source, -1), e.modality, round(e.confidence, 2)]
               for e in evidence[:MAX_PANEL_EVIDENCE]],
    }
    if "publishers" in data:     # corroboration, when the build recorded it
        edge.update(sources=data["sources"], publishers=data["publishers"])
    if any(e.review == "Accepted" for e in evidence):
        edge["reviewed"] = True   # an analyst confirmed it (curation)
    return edge


def build_network(G: nx.MultiDiGraph, physics: bool, seed: int = 42) -> Network:
    """A pyvis Network holding the page's nodes, edges and options."""
    U = undirected(G)
    if physics:
        positions, groups = small_layout(U, seed), []
    else:
        positions, groups = grouped_layout(U, seed)
    group_of = {v: i for i, group in enumerate(groups) for v in group}
    scores = importance(G)
    rank = {v: i for i, v in enumerate(importance_order(G, scores))}
    sizes = node_sizes(G, scores)
    article_index = {iri: i for i, iri in enumerate(sorted(G.graph.get("articles", {})))}
    net = Network(directed=True, cdn_resources="in_line")
    for v in sorted(G.nodes):
        data = G.nodes[v]
        colour, shape = class_style(data["core"])
        x, y = positions[v]
        net.add_node(
            v, label=data["label"], shape=shape if shape in VIS_SHAPES else "image",
            color=colour, size=sizes[v], x=x, y=y,
            cls=data["cls"], core=data["core"], aliases=data["aliases"],
            roles=data["roles"], dates=data["dates"], days=date_days(data["dates"]),
            articles=[article_index[a] for a in data["articles"] if a in article_index],
            risks=_adjacent_risks(G, v), evidence=_node_evidence(G, v),
            rank=rank[v], orphan=U.degree(v) == 0, lod=group_of.get(v, -1),
        )
    # add_edge checks membership in a list per call: cheap enough for the
    # few edges of a small graph, too slow at 10,000, so edges are appended.
    for number, (s, o, prop, data) in enumerate(sorted(G.edges(keys=True, data=True))):
        net.edges.append(fact_edge(number, s, o, prop, data, article_index))
    net.options = vis_options(physics, seed)
    return net


def vis_options(physics: bool, seed: int) -> dict:
    label_scaling = {"enabled": False, "drawThreshold": LABEL_DRAW_THRESHOLD, "maxVisible": 30}
    options = {
        "layout": {"randomSeed": seed, "improvedLayout": False},
        "nodes": {"font": {"size": BASE_FONT, "color": "#222222", "strokeWidth": 3,
                           "strokeColor": "#ffffff"},
                  "borderWidth": 1, "scaling": {"label": label_scaling},
                  "shapeProperties": {"interpolation": False}},
        "edges": {"font": {"size": EDGE_FONT, "align": "middle", "color": "#555555",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "scaling": {"label": label_scaling},
                  "smooth": physics, "selectionWidth": 2},
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


def cluster_data(net: Network) -> list[dict]:
    """One overview cluster per layout group of two or more nodes, labelled
    by its two most important members, placed at the members' centre."""
    members: dict[int, list[dict]] = {}
    for node in net.nodes:
        if node["lod"] >= 0:
            members.setdefault(node["lod"], []).append(node)
    clusters = []
    for index, nodes in sorted(members.items()):
        if len(nodes) < 2:
            continue
        top = sorted(nodes, key=lambda n: n["rank"])
        cores = Counter(n["core"] for n in nodes)
        main = min(cores, key=lambda c: (-cores[c], c))   # the most frequent class colours it
        label = ", ".join(n["label"] for n in top[:2]) + f" +{len(nodes) - 2}" * (len(nodes) > 2)
        clusters.append({
            "lod": index, "size": len(nodes), "label": label,
            # Half the group's disc: clusters keep the overview's proportions.
            "radius": round(_group_radius(len(nodes)) * 0.5, 1),
            "color": class_style(main)[0],
            "x": round(sum(n["x"] for n in nodes) / len(nodes), 1),
            "y": round(sum(n["y"] for n in nodes) / len(nodes), 1),
        })
    return clusters


def article_data(G: nx.MultiDiGraph) -> list[dict]:
    """Every article by index: title, date (and its day), source file, and
    a link to its web address (``prov:hadPrimarySource``) when it is http(s)."""
    articles = G.graph.get("articles", {})
    dates = G.graph.get("article_dates", {})
    sources = G.graph.get("article_sources", {})
    urls = G.graph.get("article_urls", {})
    rows = []
    for index, iri in enumerate(sorted(articles)):
        date = dates.get(iri, "")
        url = urls.get(iri, "")
        days = date_days([date]) if date else None
        rows.append({"index": index, "title": articles[iri], "date": date,
                     "day": days[0] if days else None, "source": sources.get(iri, ""),
                     "link": url if re.match(r"https?://", url) else ""})
    return rows


def page_data(G: nx.MultiDiGraph, net: Network, physics: bool) -> dict:
    nodes, edges, _, _, _, options = net.get_network_data()
    present = sorted({G.nodes[v]["core"] for v in G.nodes})
    used_articles = {a for v in G.nodes for a in G.nodes[v]["articles"]}
    articles = G.graph.get("articles", {})
    used_index = {i for i, iri in enumerate(sorted(articles)) if iri in used_articles}
    all_articles = article_data(G)
    present_modalities = sorted({e["modality"] for e in edges}, key=MODALITY_ORDER.index)
    days = [d for n in nodes if n["days"] for d in n["days"]]
    days += [a["day"] for a in all_articles if a["day"] is not None]
    return {
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options) if isinstance(options, str) else options,
        "physics": physics,
        "classes": [{"name": c, "color": class_style(c)[0], "shape": class_style(c)[1],
                     "image": svg_uri(shape_svg(class_style(c)[1], class_style(c)[0])),
                     "count": sum(1 for v in G.nodes if G.nodes[v]["core"] == c)}
                    for c in present],
        "modalities": [{"name": m, "dashes": MODALITY_STYLES[m][0],
                        "opacity": MODALITY_STYLES[m][1],
                        "count": sum(1 for e in edges if e["modality"] == m)}
                       for m in present_modalities],
        "risks": [{"id": v, "label": G.nodes[v]["label"]}
                  for v in sorted(G.nodes, key=lambda v: (G.nodes[v]["label"], v))
                  if G.nodes[v]["core"] == "Risk"],
        # Every article keeps its index (facts refer to it); the filter lists the used ones.
        "articles": [a for a in all_articles if a["index"] in used_index],
        "allArticles": all_articles,
        "dayRange": [min(days), max(days)] if days else None,
        "clusters": cluster_data(net) if len(nodes) > CLUSTER_NODE_LIMIT else [],
        "clusterLimit": CLUSTER_NODE_LIMIT,
        "labels": {"count": LABEL_COUNT, "readable": READABLE_LABEL_PX,
                   "threshold": LABEL_DRAW_THRESHOLD, "base": BASE_FONT},
        "datalist": DATALIST_LIMIT,
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
