"""The explorer page's own stylesheet, script and HTML template.

:func:`aigraph.render.render_page` fills the template with vis-network's
assets and the page data (JSON inside ``<script type="application/json">``).
The script never uses ``innerHTML``: every string from the articles goes into
the DOM with ``textContent``, and links only to ``http(s)`` addresses.

What the script does, in order: styles (class shapes as images, readable
labels for the most important entities), visibility (class, risk, article,
date range, confidence, modality and orphan filters, each followed by a fit),
the fact panel with neighbourhood focus (the rest dimmed), level of detail
for large graphs (one node per layout community at overview zoom, opened
by click or zoom), and PNG export of the current view.
``window.aigraph`` exposes the pieces to tests and benchmarks.
"""

APP_CSS = """
html, body { margin: 0; height: 100%; font-family: system-ui, sans-serif; font-size: 14px; }
#app { display: flex; height: 100vh; }
#side { width: 270px; padding: 10px; overflow-y: auto; border-right: 1px solid #ddd;
        background: #fafafa; box-sizing: border-box; flex: none; }
#side h1 { font-size: 16px; margin: 0 0 8px; }
#side h2 { font-size: 12px; margin: 12px 0 4px; text-transform: uppercase; color: #555; }
#side input[type=search], #side select { width: 100%; box-sizing: border-box; padding: 4px; }
#side input[type=range] { width: 100%; box-sizing: border-box; }
#network { flex: 1; position: relative; min-width: 0; }
#status { margin-top: 4px; color: #444; min-height: 1.2em; }
.buttons { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 6px; }
.legend-row { display: flex; align-items: center; gap: 6px; margin: 2px 0; cursor: pointer; }
.legend-row img, .legend-row svg { width: 14px; height: 14px; flex: none; }
.legend-line { width: 30px; height: 10px; flex: none; }
.hint { color: #666; font-size: 12px; }
#panel { width: 360px; flex: none; overflow-y: auto; border-left: 1px solid #ddd;
         padding: 10px; box-sizing: border-box; background: #fff; display: none; }
#panel.open { display: block; }
#panel .name { font-weight: bold; font-size: 16px; }
#panel .cls { color: #555; margin-bottom: 4px; }
#panel .meta { color: #333; font-size: 13px; }
#panel h3 { font-size: 13px; margin: 10px 0 4px; }
#panel .fact { border-top: 1px solid #eee; padding: 6px 0; }
#panel .fact-head { font-weight: 600; }
#panel .fact-meta { color: #555; font-size: 12px; margin: 2px 0; }
#panel .badge { display: inline-block; border-radius: 3px; padding: 0 4px; font-size: 11px;
                background: #e8e8e8; margin-right: 4px; }
#panel .badge.Reported, #panel .badge.Planned, #panel .badge.Proposed { background: #fde8c8; }
#panel .badge.Hedged { background: #f3d6e0; }
#panel .ev { margin: 4px 0 4px 4px; border-left: 3px solid #ccc; padding-left: 6px;
             font-size: 13px; }
#panel .src { color: #555; font-style: italic; font-size: 12px; }
#panel .close { float: right; }
#panel .other { cursor: pointer; text-decoration: underline dotted; }
.tip { max-width: 420px; white-space: normal; font-size: 13px; }
.tip .name { font-weight: bold; font-size: 14px; }
.tip .cls { color: #666; }
.tip .ev { margin-top: 6px; border-left: 3px solid #ccc; padding-left: 6px; }
.tip .src { color: #666; font-style: italic; }
.tip .more { margin-top: 6px; color: #666; }
div.vis-tooltip { white-space: normal; }
"""

APP_JS = r"""
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("aigraph-data").textContent);
  const L = data.labels;
  const large = data.clusters.length > 0;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;   // never innerHTML
    return node;
  }
  const articles = data.allArticles;
  function articleTitle(index) { return index >= 0 ? articles[index].title : ""; }

  // ---------------------------------------------------------------- tooltips
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
    tip.appendChild(el("div", "more", "Click for all facts."));
    return tip;
  }
  function edgeTooltip(e) {
    const tip = el("div", "tip");
    tip.appendChild(el("div", "name", e.label + " (" + e.modality.toLowerCase() +
                       ", confidence " + e.conf.toFixed(2) + ")"));
    evidenceBlock(tip, e.ev.slice(0, 3).map((x) => [x[0], articleTitle(x[1])]));
    return tip;
  }

  // ------------------------------------------------------------ data, shapes
  const imageOf = {};
  for (const c of data.classes) imageOf[c.name] = c.image;
  const byId = new Map();
  for (const n of data.nodes) {
    byId.set(n.id, n);
    if (n.shape === "image") n.image = imageOf[n.core];
    n.font = {size: L.base, color: "#222222"};
  }
  const edgeById = new Map();
  const incident = new Map();          // node id -> its edges
  for (const n of data.nodes) incident.set(n.id, []);
  for (const e of data.edges) {
    edgeById.set(e.id, e);
    e.baseOpacity = e.color.opacity;
    incident.get(e.from).push(e);
    if (e.to !== e.from) incident.get(e.to).push(e);
  }
  const order = data.nodes.slice().sort((a, b) => a.rank - b.rank);

  // ---------------------------------------------------------------- filters
  const state = {classes: new Set(data.classes.map((c) => c.name)),
                 modalities: new Set(data.modalities.map((m) => m.name)),
                 risk: "", article: null, minConf: 0, showOrphans: false,
                 from: data.dayRange ? data.dayRange[0] : null,
                 to: data.dayRange ? data.dayRange[1] : null};
  function spanInRange(first, last) {
    return last >= state.from && first <= state.to;
  }
  function articleInRange(index) {
    const day = index >= 0 ? articles[index].day : null;
    return day === null || spanInRange(day, day);    // undated articles always count
  }
  function factShown(e) {
    if (e.conf < state.minConf || !state.modalities.has(e.modality)) return false;
    if (data.dayRange && e.arts.length && !e.arts.some(articleInRange)) return false;
    return true;
  }
  function nodeInRange(n) {
    if (!data.dayRange) return true;
    if (n.days) return spanInRange(n.days[0], n.days[1]);
    return !n.articles.length || n.articles.some(articleInRange);
  }
  function nodePasses(n) {
    return state.classes.has(n.core) &&
      (state.risk === "" || n.risks.includes(state.risk)) &&
      (state.article === null || n.articles.includes(state.article)) && nodeInRange(n);
  }
  // Visibility: facts pass the fact filters; an entity passes the entity
  // filters and, unless orphans are shown, keeps at least one shown fact.
  function computeVisibility() {
    const factOk = new Set();
    for (const e of data.edges) if (factShown(e)) factOk.add(e.id);
    const nodeShown = new Set();
    for (const n of data.nodes) {
      if (!nodePasses(n)) continue;
      if (state.showOrphans || incident.get(n.id).some((e) => factOk.has(e.id))) nodeShown.add(n.id);
    }
    if (!state.showOrphans) {
      // An entity whose facts all lead to filtered-out entities is left alone too.
      for (const id of [...nodeShown]) {
        const linked = incident.get(id).some((e) => factOk.has(e.id) &&
          nodeShown.has(e.from) && nodeShown.has(e.to));
        if (!linked) nodeShown.delete(id);
      }
    }
    const edgeShown = new Set();
    for (const e of data.edges) {
      if (factOk.has(e.id) && nodeShown.has(e.from) && nodeShown.has(e.to)) edgeShown.add(e.id);
    }
    return {nodes: nodeShown, edges: edgeShown};
  }
  let visible = computeVisibility();

  // ------------------------------------------------- level of detail (large)
  // The DataSets hold only what is drawn. In a large graph a community is
  // "closed" at overview zoom: one node stands for its shown members, and
  // the facts that reach into it are drawn as one summary edge per pair of
  // ends. Opening a community adds its members. vis-network's clustering
  // API does the same but builds an edge object per crossing fact and
  // re-indexes per cluster (7 s to close the 79 communities of 20,000
  // entities, 5 s to open them, measured); this costs milliseconds.
  const membersOf = new Map(data.clusters.map((c) => [c.lod, []]));
  for (const n of data.nodes) if (membersOf.has(n.lod)) membersOf.get(n.lod).push(n.id);
  function clusterTooltip(c) {
    const tip = el("div", "tip");
    tip.appendChild(el("div", "name", c.label));
    tip.appendChild(el("div", "cls", "a community of " + c.size + " entities: click to open"));
    return tip;
  }
  const clusterNodes = data.clusters.map((c) => ({
    id: "cluster:" + c.lod, lod: c.lod, size: c.radius, members: c.size, label: c.label,
    shape: "dot", x: c.x, y: c.y, borderWidth: 3, title: clusterTooltip(c),
    color: {background: c.color, border: "#333333",
            highlight: {background: c.color, border: "#000000"},
            hover: {background: c.color, border: "#000000"}},
  }));
  const closed = new Set();        // lods of closed communities
  const present = new Set();       // ids now in the DataSets
  let summaries = new Map();       // summary edge key -> facts it stands for
  const SEP = "\u0000";
  function isCommunity(id) { return typeof id === "string" && id.startsWith("cluster:"); }
  function closeAll() {
    for (const c of data.clusters) {
      if (membersOf.get(c.lod).filter((id) => visible.nodes.has(id)).length >= 2) closed.add(c.lod);
    }
  }
  function nodeDrawn(n) { return visible.nodes.has(n.id) && !closed.has(n.lod); }
  function edgeDrawn(e) {
    return visible.edges.has(e.id) && !closed.has(byId.get(e.from).lod) &&
      !closed.has(byId.get(e.to).lod);
  }
  function endOf(id) {
    const lod = byId.get(id).lod;
    return closed.has(lod) ? "cluster:" + lod : id;
  }
  function wantedSummaries() {
    const found = new Map();
    if (!closed.size) return found;
    for (const e of data.edges) {
      if (!visible.edges.has(e.id)) continue;
      const a = endOf(e.from), b = endOf(e.to);
      if ((a === e.from && b === e.to) || a === b) continue;
      const key = a < b ? a + SEP + b : b + SEP + a;
      found.set(key, (found.get(key) || 0) + 1);
    }
    return found;
  }
  function summaryEdge(key, count) {
    const [a, b] = key.split(SEP);
    return {id: "sum:" + key, from: a, to: b, width: Math.min(8, 1 + Math.log2(count)),
            color: {color: "#b5b5b5", highlight: "#555555", hover: "#555555", opacity: 0.7},
            arrows: "", title: count + " fact" + (count === 1 ? "" : "s")};
  }

  // ------------------------------------------------------- node/edge styling
  const labelSize = new Map();     // node id -> enlarged font size
  let focus = null;                // {nodes: Set, edges: Set} while a selection dims the rest
  function nodeStyle(id) {
    const dim = focus !== null && !focus.nodes.has(id);
    return {id: id, opacity: dim ? 0.18 : 1,
            font: {size: labelSize.get(id) || L.base, color: dim ? "#c4c4c4" : "#222222"}};
  }
  function edgeStyle(e) {
    const dim = focus !== null && !focus.edges.has(e.id);
    return {id: e.id, color: {color: "#8a8a8a", highlight: "#222222", hover: "#222222",
                              opacity: dim ? 0.07 : e.baseOpacity}};
  }
  // An update of an item that is not drawn would add it: keep to what is present.
  function updateNodes(items) {
    const kept = items.filter((item) => present.has(item.id));
    if (kept.length) nodes.update(kept);
  }
  function updateEdges(items) {
    const kept = items.filter((item) => present.has(item.id));
    if (kept.length) edges.update(kept);
  }

  // Bring the DataSets in line with the filters and the closed communities.
  function sync() {
    const addNodes = [], dropNodes = [], addEdges = [], dropEdges = [];
    for (const n of data.nodes) {
      const show = nodeDrawn(n);
      if (show === present.has(n.id)) continue;
      // Tooltips are built when an item is first drawn: 20,000 up front cost a second.
      if (show) addNodes.push(Object.assign({}, n, nodeStyle(n.id),
                                            {title: n.tip || (n.tip = nodeTooltip(n))}));
      else dropNodes.push(n.id);
    }
    for (const c of clusterNodes) {
      const show = closed.has(c.lod);
      if (show === present.has(c.id)) continue;
      if (show) addNodes.push(Object.assign({}, c, {font: {size: labelSize.get(c.id) || L.base,
                                                         color: "#222222"}}));
      else dropNodes.push(c.id);
    }
    for (const e of data.edges) {
      const show = edgeDrawn(e);
      if (show === present.has(e.id)) continue;
      if (show) addEdges.push(Object.assign({}, e, edgeStyle(e),
                                            {title: e.tip || (e.tip = edgeTooltip(e))}));
      else dropEdges.push(e.id);
    }
    const wanted = wantedSummaries();
    const resized = [];
    for (const key of summaries.keys()) if (!wanted.has(key)) dropEdges.push("sum:" + key);
    for (const [key, count] of wanted) {
      if (!summaries.has(key)) addEdges.push(summaryEdge(key, count));
      else if (summaries.get(key) !== count) resized.push(summaryEdge(key, count));
    }
    summaries = wanted;
    for (const id of dropEdges) present.delete(id);
    for (const id of dropNodes) { present.delete(id); labelSize.delete(id); }
    for (const item of addNodes) present.add(item.id);
    for (const item of addEdges) present.add(item.id);
    if (dropEdges.length) edges.remove(dropEdges);
    if (dropNodes.length) nodes.remove(dropNodes);
    if (addNodes.length) nodes.add(addNodes);
    if (addEdges.length) edges.add(addEdges);
    if (resized.length) edges.update(resized);
  }

  performance.mark("aigraph:data");
  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  if (large) closeAll();
  sync();
  const container = document.getElementById("network");
  const network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  const status = document.getElementById("status");
  performance.mark("aigraph:network");

  function closedClusters() { return clusterNodes.map((c) => c.id).filter((id) => present.has(id)); }
  function clusterAll() {
    if (!large) return;
    closeAll();
    sync();
  }
  function openClusters(ids) {
    for (const id of ids) closed.delete(Number(id.slice("cluster:".length)));
    if (ids.length) sync();
  }
  function openCommunityOf(id) {
    const lod = byId.get(id).lod;
    if (closed.has(lod)) openClusters(["cluster:" + lod]);
  }
  function clustersInView() {
    const box = viewBox();
    return closedClusters().filter((id) => {
      const p = network.getPosition(id);
      return p.x >= box.x0 && p.x <= box.x1 && p.y >= box.y0 && p.y <= box.y1;
    });
  }
  function viewBox() {
    const w = container.clientWidth, h = container.clientHeight;
    const a = network.DOMtoCanvas({x: 0, y: 0}), b = network.DOMtoCanvas({x: w, y: h});
    return {x0: a.x, y0: a.y, x1: b.x, y1: b.y};
  }
  let overviewScale = null;

  // ------------------------------------------------------------------ labels
  // The LABEL_COUNT most important drawn entities (and a selection's
  // neighbourhood) get a font that is readable at the current zoom; the rest
  // keep the base size and fade in by zoom. The biggest closed communities
  // are labelled the same way.
  function shownIds() {
    return data.nodes.filter((n) => present.has(n.id)).map((n) => n.id);
  }
  function labelImportant() {
    const scale = network.getScale();
    const wanted = Math.max(L.base, Math.ceil(L.readable / scale));
    const chosen = new Map();
    let count = 0;
    for (const n of order) {
      if (count >= L.count) break;
      if (present.has(n.id)) { chosen.set(n.id, wanted); count += 1; }
    }
    const communities = clusterNodes.filter((c) => present.has(c.id));
    communities.sort((a, b) => b.members - a.members || a.lod - b.lod);
    for (const c of communities.slice(0, L.count)) chosen.set(c.id, wanted);
    if (focus !== null) for (const id of focus.nodes) chosen.set(id, wanted);
    const updates = [];
    for (const id of new Set([...labelSize.keys(), ...chosen.keys()])) {
      const size = chosen.get(id);
      if (labelSize.get(id) === size) continue;
      if (size === undefined) labelSize.delete(id); else labelSize.set(id, size);
      updates.push(isCommunity(id) ? {id: id, font: {size: size || L.base, color: "#222222"}}
                                   : nodeStyle(id));
    }
    updateNodes(updates);
  }
  function fitShown() {
    const ids = shownIds().concat(closedClusters());
    // (an explicit "nodes: undefined" makes vis-network throw)
    network.fit(ids.length ? {nodes: ids, animation: false} : {animation: false});
    labelImportant();
  }

  // --------------------------------------------------------------- refresh
  function hideTooltip() {
    const tip = container.querySelector("div.vis-tooltip");
    if (tip) tip.style.visibility = "hidden";
  }
  function refresh() {
    hideTooltip();
    clearFocus();
    visible = computeVisibility();
    // Level of detail holds under filters too: what is left is grouped into
    // communities again while it is still large.
    closed.clear();
    if (large && visible.nodes.size > data.clusterLimit) closeAll();
    // The entity in the panel stays drawn, its community open.
    if (panelNode !== null && visible.nodes.has(panelNode)) closed.delete(byId.get(panelNode).lod);
    sync();
    // The panel stays while its entity is still shown (its neighbours dimmed again).
    if (panelNode !== null && visible.nodes.has(panelNode)) {
      setFocus(neighbourhood([panelNode]));
    } else if (panel.classList.contains("open")) {
      network.unselectAll();
      closePanel();
    }
    fitShown();
    status.textContent = shownText() + ".";
  }
  function shownText() {
    return visible.nodes.size + " entities, " + visible.edges.size + " facts shown" +
      (closed.size ? " in " + closedClusters().length + " communities (click to open)" : "");
  }

  // ------------------------------------------------------------ fact panel
  const panel = document.getElementById("panel");
  let panelNode = null;       // the entity the panel shows, if any
  // Opening or closing the panel resizes the canvas: measure it now, not on
  // the next ResizeObserver tick, so that the fit that follows is right.
  function resizeCanvas() { network.setSize(); network.redraw(); }
  function closePanel() {
    const was = panel.classList.contains("open");
    panel.classList.remove("open");
    panel.replaceChildren();
    panelNode = null;
    if (was) resizeCanvas();
  }
  function factBlock(e, from) {
    const block = el("div", "fact");
    const head = el("div", "fact-head");
    // Read as a sentence, subject first; the other end is a link to its panel.
    const forward = from === undefined || e.from === from;
    const other = byId.get(forward ? e.to : e.from);
    const link = el("span", "other", other.label);
    link.addEventListener("click", () => selectNode(other.id, true));
    if (forward) {
      head.append(el("span", "", byId.get(e.from).label + " "),
                  el("span", "prop", e.label + " "), link);
    } else {
      head.append(link, el("span", "prop", " " + e.label + " "),
                  el("span", "", byId.get(e.to).label));
    }
    block.appendChild(head);
    const meta = el("div", "fact-meta");
    meta.append(el("span", "badge " + e.modality, e.modality.toLowerCase()));
    meta.append(el("span", "", "confidence " + e.conf.toFixed(2) + " \u00b7 " + e.claims +
                   " claim" + (e.claims === 1 ? "" : "s") + " \u00b7 " + e.arts.length +
                   " source" + (e.arts.length === 1 ? "" : "s") +
                   (e.publishers !== undefined ? " from " + e.publishers + " publisher" +
                    (e.publishers === 1 ? "" : "s") : "") +
                   (e.arts.length === 1 ? " (single source)" : "") +
                   (e.reviewed ? " \u00b7 accepted by an analyst" : "")));
    block.appendChild(meta);
    for (const [sentence, index, modality, conf] of e.ev) {
      const ev = el("div", "ev");
      ev.appendChild(el("div", "sentence", "\u201c" + sentence + "\u201d"));
      const src = el("div", "src");
      if (index >= 0) {
        const a = articles[index];
        src.append(el("span", "", a.title + (a.date ? ", " + a.date : "") + " \u00b7 "));
        if (/^https?:\/\//.test(a.link)) {
          const anchor = el("a", "", a.source || a.link);
          anchor.href = a.link;
          anchor.target = "_blank";
          anchor.rel = "noopener noreferrer";
          src.append(anchor);
        } else {
          src.append(el("span", "", a.source));
        }
      }
      if (modality !== e.modality) src.append(el("span", "", " (" + modality.toLowerCase() + ")"));
      ev.appendChild(src);
      block.appendChild(ev);
    }
    if (e.claims > e.ev.length) {
      block.appendChild(el("div", "fact-meta", (e.claims - e.ev.length) + " more claim(s)"));
    }
    return block;
  }
  function panelHeader(title, subtitle) {
    panel.replaceChildren();
    const close = el("button", "close", "\u00d7");
    close.type = "button";
    close.title = "close";
    close.addEventListener("click", () => { network.unselectAll(); clearFocus(); closePanel(); });
    panel.append(close, el("div", "name", title), el("div", "cls", subtitle));
    const was = panel.classList.contains("open");
    panel.classList.add("open");
    if (!was) resizeCanvas();
  }
  function showNodePanel(id) {
    const n = byId.get(id);
    panelHeader(n.label, n.cls === n.core ? n.cls : n.cls + " (" + n.core + ")");
    panelNode = id;
    if (n.aliases.length) panel.appendChild(el("div", "meta", "Also: " + n.aliases.join(", ")));
    if (n.roles.length) panel.appendChild(el("div", "meta", "Role: " + n.roles.join("; ")));
    if (n.dates.length) panel.appendChild(el("div", "meta", "Date: " + n.dates.join(", ")));
    const facts = incident.get(id).slice().sort((a, b) => b.conf - a.conf ||
      (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    panel.appendChild(el("h3", "", facts.length + " fact" + (facts.length === 1 ? "" : "s")));
    if (!facts.length) panel.appendChild(el("div", "hint", "No facts: only mentioned."));
    for (const e of facts) panel.appendChild(factBlock(e, id));
    const mentioned = n.articles.map((i) => articles[i].title);
    if (mentioned.length) {
      panel.appendChild(el("h3", "", "Mentioned in"));
      for (const title of mentioned) panel.appendChild(el("div", "meta", title));
    }
  }
  function showEdgePanel(id) {
    const e = edgeById.get(id);
    panelHeader(e.label, byId.get(e.from).label + " \u2192 " + byId.get(e.to).label);
    panel.appendChild(factBlock(e));
  }

  // ------------------------------------------------- focus: dim the rest
  function setFocus(next) {
    const before = focus;
    focus = next;
    const touched = new Set();
    for (const f of [before, next]) if (f) for (const id of f.nodes) touched.add(id);
    // Dimming changes every node once; afterwards only the neighbourhood changes.
    const all = (before === null) !== (next === null);
    const nodeIds = all ? data.nodes.map((n) => n.id) : [...touched];
    const edgeList = all ? data.edges : data.edges.filter((e) =>
      (before && before.edges.has(e.id)) || (next && next.edges.has(e.id)));
    updateNodes(nodeIds.filter((id) => present.has(id)).map(nodeStyle));
    updateEdges(edgeList.filter((e) => present.has(e.id)).map(edgeStyle));
  }
  function clearFocus() {
    if (focus !== null) { setFocus(null); labelImportant(); }
  }
  function neighbourhood(ids, edgeIds) {
    const near = new Set(ids), via = new Set(edgeIds || []);
    for (const id of ids) {
      for (const e of incident.get(id)) {
        if (!visible.edges.has(e.id)) continue;
        via.add(e.id);
        near.add(e.from);
        near.add(e.to);
      }
    }
    return {nodes: near, edges: via};
  }
  function selectNode(id, refit) {
    if (!visible.nodes.has(id)) { resetFilters(); state.showOrphans = true;
                                  orphanBox.checked = true; refresh(); }
    if (large) {
      // Open the entity's community, and its neighbours' while they are few.
      const near = neighbourhood([id]).nodes;
      const lods = new Set([...near].map((v) => byId.get(v).lod).filter((l) => closed.has(l)));
      const own = byId.get(id).lod;
      openClusters((lods.size <= 6 ? [...lods] : closed.has(own) ? [own] : [])
        .map((l) => "cluster:" + l));
    }
    network.selectNodes([id]);
    setFocus(neighbourhood([id]));
    showNodePanel(id);
    if (refit) {
      network.fit({nodes: [...focus.nodes], animation: false});
      if (network.getScale() > 1.2) network.moveTo({scale: 1.2, animation: false});
    }
    labelImportant();
  }
  network.on("click", (params) => {
    if (params.nodes.length) {
      const id = params.nodes[0];
      if (isCommunity(id)) {
        openClusters([id]);
        const members = shownIds().filter((v) => byId.get(v).lod === Number(id.split(":")[1]));
        network.fit({nodes: members, animation: false});
        labelImportant();
        return;
      }
      selectNode(id, false);
    } else if (params.edges.length && edgeById.has(params.edges[0])) {
      const e = edgeById.get(params.edges[0]);
      setFocus({nodes: new Set([e.from, e.to]), edges: new Set([e.id])});
      showEdgePanel(e.id);
      labelImportant();
    } else {
      clearFocus();
      closePanel();
    }
  });
  // Double-click expands: the entity's neighbours come back even when
  // filters or clusters hid them.
  network.on("doubleClick", (params) => {
    if (!params.nodes.length || isCommunity(params.nodes[0])) return;
    const id = params.nodes[0];
    for (const e of incident.get(id)) {
      for (const v of [e.from, e.to]) {
        visible.nodes.add(v);
        closed.delete(byId.get(v).lod);
      }
      visible.edges.add(e.id);
    }
    sync();
    setFocus(neighbourhood([id]));
    network.fit({nodes: [...focus.nodes], animation: false});
    labelImportant();
  });

  // ---------------------------------------------------------------- search
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
  function search(query) {
    const id = findNode(query);
    if (id === null) { status.textContent = "No entity matches."; return null; }
    if (!visible.nodes.has(id)) {
      resetFilters();
      if (!visible.nodes.has(id)) { state.showOrphans = true; orphanBox.checked = true; refresh(); }
    }
    selectNode(id, true);
    status.textContent = "Found: " + byId.get(id).label;
    return id;
  }
  const box = document.getElementById("search");
  const list = document.getElementById("names");
  const suggestions = new Set();
  for (const n of order.slice(0, data.datalist)) { suggestions.add(n.label);
                                                   for (const a of n.aliases) suggestions.add(a); }
  for (const name of [...suggestions].sort()) {
    const option = el("option");
    option.value = name;
    list.appendChild(option);
  }
  box.addEventListener("keydown", (event) => { if (event.key === "Enter") search(box.value); });
  document.getElementById("go").addEventListener("click", () => search(box.value));

  // ---------------------------------------------------------- side controls
  // A legend row is also a filter: its checkbox adds or removes `name` from `shown`.
  function legendRow(parent, key, name, shown, swatch, text) {
    const row = el("label", "legend-row");
    const check = el("input");
    check.type = "checkbox";
    check.checked = true;
    check.dataset[key] = name;
    check.addEventListener("change", () => {
      if (check.checked) shown.add(name); else shown.delete(name);
      refresh();
    });
    row.append(check, swatch, el("span", "", text));
    parent.appendChild(row);
  }
  const legend = document.getElementById("legend");
  for (const c of data.classes) {
    const icon = el("img");
    icon.src = c.image;
    icon.alt = c.shape;
    legendRow(legend, "cls", c.name, state.classes, icon, c.name + " (" + c.count + ")");
  }
  if (large) legend.appendChild(el("div", "hint",
    "Big dots with a dark ring are communities: click one, or zoom in, to open it."));
  const modalityLegend = document.getElementById("modalities");
  for (const m of data.modalities) {
    const line = el("canvas", "legend-line");
    line.width = 30; line.height = 10;
    const g = line.getContext("2d");
    g.strokeStyle = "rgba(110,110,110," + m.opacity + ")";
    g.lineWidth = 2;
    g.setLineDash(m.dashes ? m.dashes : []);
    g.beginPath(); g.moveTo(0, 5); g.lineTo(30, 5); g.stroke();
    legendRow(modalityLegend, "modality", m.name, state.modalities, line,
              m.name.toLowerCase() + " (" + m.count + ")");
  }
  modalityLegend.appendChild(el("div", "hint", "Fainter lines: lower confidence."));

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
  riskSelect.addEventListener("change", () => { state.risk = riskSelect.value; refresh(); });
  articleSelect.addEventListener("change", () => {
    state.article = articleSelect.value === "" ? null : Number(articleSelect.value);
    refresh();
  });

  const confSlider = document.getElementById("confidence");
  const confValue = document.getElementById("confidence-value");
  confSlider.addEventListener("input", () => {
    state.minConf = Number(confSlider.value);
    confValue.textContent = state.minConf.toFixed(2);
    refresh();
  });

  function dayText(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }
  const fromSlider = document.getElementById("date-from");
  const toSlider = document.getElementById("date-to");
  const dateValue = document.getElementById("date-value");
  function showDates() {
    dateValue.textContent = data.dayRange ? dayText(state.from) + " \u2013 " + dayText(state.to)
                                          : "no dated facts or articles";
  }
  if (data.dayRange) {
    for (const slider of [fromSlider, toSlider]) {
      slider.min = String(data.dayRange[0]);
      slider.max = String(data.dayRange[1]);
    }
    fromSlider.value = String(data.dayRange[0]);
    toSlider.value = String(data.dayRange[1]);
    const onDate = () => {
      state.from = Math.min(Number(fromSlider.value), Number(toSlider.value));
      state.to = Math.max(Number(fromSlider.value), Number(toSlider.value));
      showDates();
      refresh();
    };
    fromSlider.addEventListener("input", onDate);
    toSlider.addEventListener("input", onDate);
  } else {
    fromSlider.disabled = true;
    toSlider.disabled = true;
  }
  showDates();

  const orphanBox = document.getElementById("orphans");
  orphanBox.addEventListener("change", () => { state.showOrphans = orphanBox.checked; refresh(); });

  function resetFilters() {
    for (const check of legend.querySelectorAll("input")) check.checked = true;
    for (const check of modalityLegend.querySelectorAll("input")) check.checked = true;
    for (const c of data.classes) state.classes.add(c.name);
    for (const m of data.modalities) state.modalities.add(m.name);
    state.risk = ""; riskSelect.value = "";
    state.article = null; articleSelect.value = "";
    state.minConf = 0; confSlider.value = "0"; confValue.textContent = "0.00";
    if (data.dayRange) {
      state.from = data.dayRange[0]; state.to = data.dayRange[1];
      fromSlider.value = String(state.from); toSlider.value = String(state.to);
    }
    showDates();
    network.unselectAll();
    closePanel();
    refresh();
  }
  document.getElementById("reset").addEventListener("click", resetFilters);
  document.getElementById("fit").addEventListener("click", fitShown);

  // ------------------------------------------------------------ PNG export
  function exportPng() {
    const canvas = container.querySelector("canvas");
    const out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height;
    const g = out.getContext("2d");
    g.fillStyle = "#ffffff";            // the network canvas is transparent
    g.fillRect(0, 0, out.width, out.height);
    g.drawImage(canvas, 0, 0);
    const url = out.toDataURL("image/png");
    const link = el("a");
    link.href = url;
    link.download = "aigraph-view.png";
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.aigraph.lastPng = url;
    return url;
  }
  document.getElementById("png").addEventListener("click", exportPng);

  // ---------------------------------------------- zoom: open or re-cluster
  let zoomTimer = null;
  function levelOfDetail() {
    const scale = network.getScale();
    if (overviewScale === null) return;
    if (scale >= overviewScale * 3) {
      const inView = clustersInView();
      // Opening many at once would bring back the slow full view.
      if (inView.length && inView.length <= 8) { openClusters(inView); labelImportant(); }
    } else if (scale <= overviewScale * 1.2 && visible.nodes.size > data.clusterLimit &&
               focus === null && closedClusters().length < data.clusters.length) {
      clusterAll();
      labelImportant();
    }
  }
  function soon() {
    if (!large) return;
    clearTimeout(zoomTimer);
    zoomTimer = setTimeout(levelOfDetail, 200);
  }
  network.on("zoom", soon);
  network.on("dragEnd", soon);

  // ---------------------------------------------------------------- start
  // Entities added later (filters, communities) come back where they were
  // drawn: the settled physics layout, or where the user dragged them.
  function rememberPositions(ids) {
    const positions = network.getPositions(ids);
    for (const id in positions) {
      const n = byId.get(id);
      if (n) { n.x = Math.round(positions[id].x); n.y = Math.round(positions[id].y); }
    }
  }
  network.on("dragEnd", (params) => { if (params.nodes.length) rememberPositions(params.nodes); });
  function ready() {
    if (data.physics) {
      network.setOptions({physics: {enabled: false}});
      rememberPositions();
    }
    fitShown();
    overviewScale = network.getScale();
    const hidden = data.nodes.length - visible.nodes.size;
    status.textContent = shownText() + (hidden ? "; " + hidden + " without facts hidden." : ".");
    performance.mark("aigraph:ready");
    window.aigraph.readyAt = performance.now();
    window.aigraph.ready = true;
  }
  window.aigraph = {network: network, nodes: nodes, edges: edges, data: data, state: state,
                    findNode: findNode, search: search, refresh: refresh,
                    resetFilters: resetFilters, fit: fitShown, selectNode: selectNode,
                    exportPng: exportPng, shownIds: shownIds, labelSize: labelSize,
                    closedClusters: closedClusters, clusterAll: clusterAll,
                    focusIds: () => (focus === null ? [] : [...focus.nodes]), ready: false};
  // Physics settles first (nothing to settle on an empty page).
  if (data.physics && present.size) network.once("stabilizationIterationsDone", ready);
  else ready();
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
<div class="buttons">
<button type="button" id="go">Find</button>
<button type="button" id="fit" title="Fit the view to what is shown">Fit</button>
<button type="button" id="reset">Show everything</button>
<button type="button" id="png" title="Save the current view as a PNG image">Save PNG</button>
</div>
<div id="status"></div>
<p class="hint">Click an entity or a fact for its evidence; double-click to expand.</p>
<h2>Classes</h2>
<div id="legend"></div>
<label class="legend-row"><input type="checkbox" id="orphans"> entities without facts</label>
<h2>Facts</h2>
<div id="modalities"></div>
<h2>Confidence at least <span id="confidence-value">0.00</span></h2>
<input type="range" id="confidence" min="0" max="1" step="0.05" value="0">
<h2>Dates</h2>
<div id="date-value" class="hint"></div>
<input type="range" id="date-from" aria-label="from">
<input type="range" id="date-to" aria-label="to">
<h2>Risk</h2>
<select id="risk"><option value="">all risks</option></select>
<h2>Article</h2>
<select id="article"><option value="">all articles</option></select>
</div>
<div id="network"></div>
<div id="panel"></div>
</div>
<script type="application/json" id="aigraph-data">@@DATA@@</script>
<script>@@VIS_JS@@</script>
<script>@@APP_JS@@</script>
</body>
</html>
"""
