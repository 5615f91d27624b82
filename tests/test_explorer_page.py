"""The explorer page in real headless Chromium (networking off): labels at
first glance, re-fitting filters, the fact panel, modality, sliders, level of
detail. The samples' graph is built from sources/ once per session
(``samples_build``); the other graphs are made up here."""

from __future__ import annotations

import re

import pytest

from aigraph.analyse import importance_order, to_networkx
from aigraph.graph import build_graph, load_graph
from aigraph.model import Article, Claim, Entity, Extraction
from aigraph.render import CLASS_STYLES, CLUSTER_NODE_LIMIT, OTHER_STYLE, render_html
from aigraph.vocab import entity_iri
from conftest import open_when
from test_render import browser, chain_extraction, needs_chromium, page_data  # noqa: F401


def dated_extraction() -> Extraction:
    """Two dated articles, a reported fact, a low-confidence fact, an orphan."""
    articles = [Article("early", "early.txt", "", title="Early talks", date="2024-02-01",
                        url="https://example.org/early"),
                Article("late", "late.txt", "", title="Late talks", date="2025-09-15")]

    def ent(key, cls, label, arts):
        return Entity(key, cls, label, set(), set(arts))

    entities = [ent("country/norland", "Country", "Norland", ["early"]),
                ent("country/vesta", "Country", "Vesta", ["late"]),
                ent("agreement/coastal-pact", "Agreement", "Coastal Pact", ["early", "late"]),
                ent("person/ada", "Person", "Ada Quill", ["late"]),
                ent("organization/ministry", "Organization", "Vesta Ministry", ["late"]),
                ent("risk/Disinformation", "Risk", "Disinformation", ["early"]),
                ent("person/lone", "Person", "Lone Walker", ["late"])]
    claims = [
        Claim("country/norland", "partyTo", "agreement/coastal-pact", "early",
              "Norland signed the Coastal Pact.", "Asserted", 0.9),
        Claim("country/vesta", "partyTo", "agreement/coastal-pact", "late",
              "Vesta has reportedly joined the Coastal Pact.", "Reported", 0.8),
        Claim("person/ada", "affiliatedWith", "organization/ministry", "late",
              "Ada Quill may be advising the Vesta Ministry.", "Asserted", 0.62),
        Claim("agreement/coastal-pact", "addressesRisk", "risk/Disinformation", "early",
              "The Coastal Pact targets disinformation.", "Asserted", 0.9),
        Claim("agreement/coastal-pact", "date", "2024", "early", "The 2024 Coastal Pact.",
              "Asserted", 0.9, "gYear"),
    ]
    return Extraction(articles, {e.key: e for e in entities}, claims)


def open_ready(driver, path):
    """Open the page and wait for its first fit (physics settled, labels set)."""
    open_when(driver, path, "ready", "became ready")


@pytest.fixture(scope="module")
def samples_page(samples_build, tmp_path_factory):
    graph = load_graph(samples_build / "graph.ttl")
    return graph, render_html(graph, tmp_path_factory.mktemp("samples") / "graph.html")


@pytest.fixture(scope="module")
def dated_page(tmp_path_factory):
    graph = build_graph(dated_extraction())
    return render_html(graph, tmp_path_factory.mktemp("dated") / "graph.html")


LABEL_STATE = """
const a = window.aigraph, net = a.network, scale = net.getScale();
const rect = document.querySelector('#network canvas').getBoundingClientRect();
return arguments[0].map((id) => {
  const node = net.body.nodes[id];
  const p = net.canvasToDOM(net.getPosition(id));
  return {id: id, hidden: node.options.hidden, drawn: node.options.font.size * scale,
          inside: p.x >= 0 && p.y >= 0 && p.x <= rect.width && p.y <= rect.height};
});
"""

OUTSIDE_VIEW = """
const a = window.aigraph, net = a.network;
const rect = document.querySelector('#network canvas').getBoundingClientRect();
const ids = arguments[0] ? a.focusIds() : a.shownIds().concat(a.closedClusters());
const outside = ids.filter((id) => {
  const p = net.canvasToDOM(net.getPosition(id));
  return p.x < 0 || p.y < 0 || p.x > rect.width || p.y > rect.height;
});
return [ids.length, outside];
"""


WHEEL_IN = """
const net = window.aigraph.network, canvas = net.canvas.frame.canvas;
const rect = canvas.getBoundingClientRect(), start = net.getScale();
while (net.getScale() < start * arguments[0]) {
  canvas.dispatchEvent(new WheelEvent("wheel", {deltaY: -120, bubbles: true, cancelable: true,
    clientX: rect.left + rect.width / 2, clientY: rect.top + rect.height / 2}));
}
"""


def pointer_on(driver, node_id):
    """Mouse actions with the pointer moved onto a node of the canvas."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    canvas = driver.find_element(By.CSS_SELECTOR, "#network canvas")
    point = driver.execute_script(
        "const n = window.aigraph.network; return n.canvasToDOM(n.getPosition(arguments[0]))",
        node_id)
    rect = driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()", canvas)
    return ActionChains(driver).move_to_element_with_offset(
        canvas, int(point["x"] - rect["width"] / 2), int(point["y"] - rect["height"] / 2))


def shown_labels(driver) -> list[str]:
    return sorted(driver.execute_script(
        "const a = window.aigraph; return a.shownIds().map((id) => a.nodes.get(id).label)"))


# --------------------------------------------------------------------------
# static


def test_every_class_has_its_own_colour_and_shape():
    styles = list(CLASS_STYLES.values()) + [OTHER_STYLE]
    assert len({colour.lower() for colour, _ in styles}) == len(styles)
    assert len({shape for _, shape in styles}) == len(styles)


def test_facts_carry_modality_confidence_sources_and_dates(dated_page):
    data = page_data(dated_page)
    edges = {(e["label"], e["from"].rsplit("/", 1)[1]): e for e in data["edges"]}
    reported = edges[("partyTo", "vesta")]
    assert reported["modality"] == "Reported" and reported["dashes"]
    assert edges[("partyTo", "norland")]["dashes"] is False
    assert reported["conf"] == 0.8 and reported["claims"] == 1
    article = data["allArticles"][reported["arts"][0]]
    assert (article["title"], article["date"]) == ("Late talks", "2025-09-15")
    early = next(a for a in data["allArticles"] if a["title"] == "Early talks")
    assert early["link"] == "https://example.org/early"
    pact = next(n for n in data["nodes"] if n["label"] == "Coastal Pact")
    assert pact["days"] == [19723, 20088]       # all of 2024, not 1 January
    assert [n["label"] for n in data["nodes"] if n["orphan"]] == ["Lone Walker"]


# --------------------------------------------------------------------------
# the samples' graph


@pytest.mark.browser
@needs_chromium
def test_initial_view_labels_the_most_important_entities(browser, samples_page):
    graph, page = samples_page
    G = to_networkx(graph)
    top = importance_order(G)[:10]
    labels = [G.nodes[v]["label"] for v in top]
    assert {"United States", "China"} <= set(labels)
    open_ready(browser, page)
    threshold = page_data(page)["labels"]["threshold"]
    for state in browser.execute_script(LABEL_STATE, top):
        assert not state["hidden"] and state["inside"], state
        assert state["drawn"] >= threshold, state
    # orphans are hidden at first; the toggle brings them back
    orphans = [v for v in G.nodes if G.degree(v) == 0]
    assert orphans and not set(orphans) & set(browser.execute_script(
        "return window.aigraph.shownIds()"))
    browser.find_element("id", "orphans").click()
    assert set(orphans) <= set(browser.execute_script("return window.aigraph.shownIds()"))
    assert browser.execute_script("return window.aigraph.nodes.length") == G.number_of_nodes()
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


@pytest.mark.browser
@needs_chromium
def test_every_filter_refits_the_view(browser, samples_page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    _, page = samples_page
    open_ready(browser, page)

    threshold = page_data(page)["labels"]["threshold"]

    def assert_fitted(step, focus=False):
        count, outside = browser.execute_script(OUTSIDE_VIEW, focus)
        assert count > 0 and outside == [], step
        # a view of a dozen entities or fewer shows every label
        shown = browser.execute_script("return window.aigraph.shownIds()")
        if len(shown) <= 12:
            for state in browser.execute_script(LABEL_STATE, shown):
                assert state["drawn"] >= threshold, (step, state)

    assert_fitted("initial view")
    browser.find_element(By.CSS_SELECTOR, "input[data-cls='Risk']").click()
    assert_fitted("class filter")
    browser.find_element(By.ID, "reset").click()
    risk = Select(browser.find_element(By.ID, "risk"))
    risk.select_by_index(1)
    assert_fitted("risk filter on a fresh view")
    browser.find_element(By.ID, "reset").click()
    Select(browser.find_element(By.ID, "article")).select_by_index(1)
    assert_fitted("article filter")
    browser.find_element(By.ID, "reset").click()
    browser.find_element(By.ID, "search").send_keys("China", Keys.ENTER)
    assert_fitted("search: the found entity and its neighbours", focus=True)
    browser.find_element(By.CSS_SELECTOR, "input[data-cls='Person']").click()
    assert_fitted("class filter after a search")
    panel = browser.find_element(By.ID, "panel")
    assert panel.find_element(By.CLASS_NAME, "name").text == "China"   # still shown
    browser.find_element(By.CSS_SELECTOR, "input[data-cls='Country']").click()
    assert_fitted("China filtered out")
    assert not panel.is_displayed()
    browser.find_element(By.ID, "reset").click()
    assert_fitted("reset")
    browser.execute_script("window.aigraph.network.moveTo({scale: 3, position: {x: 5000, y: 0}})")
    browser.find_element(By.ID, "fit").click()
    assert_fitted("fit button")


@pytest.mark.browser
@needs_chromium
def test_node_panel_lists_facts_with_evidence(browser, samples_page):
    from selenium.webdriver.common.by import By

    graph, page = samples_page
    G = to_networkx(graph)
    china = str(entity_iri("country/china"))
    open_ready(browser, page)
    browser.execute_script("window.aigraph.search('China')")
    panel = browser.find_element(By.ID, "panel")
    assert panel.is_displayed()
    assert panel.find_element(By.CLASS_NAME, "name").text == "China"
    facts = panel.find_elements(By.CLASS_NAME, "fact")
    assert len(facts) == G.degree(china)
    assert panel.find_element(By.TAG_NAME, "h3").text == f"{G.degree(china)} facts"
    titles = set(G.graph["articles"].values())
    for fact in facts:
        assert re.search(r"confidence \d\.\d\d · \d+ claims? · \d+ sources?",
                         fact.find_element(By.CLASS_NAME, "fact-meta").text)
        evidence = fact.find_elements(By.CLASS_NAME, "ev")
        assert evidence, fact.text
        assert any(t in evidence[0].find_element(By.CLASS_NAME, "src").text for t in titles)
    # the neighbourhood stays, everything else is dimmed
    opacity = browser.execute_script(
        "const n = window.aigraph.network.body.nodes; return [n[arguments[0]].options.opacity,"
        " n[arguments[1]].options.opacity, n[arguments[2]].options.opacity]",
        china, sorted(set(G.successors(china)) | set(G.predecessors(china)))[0],
        next(v for v in G.nodes if G.degree(v) and not G.has_edge(v, china)
             and not G.has_edge(china, v) and v != china))
    assert opacity[0] == 1 and opacity[1] == 1 and opacity[2] < 0.5


@pytest.mark.browser
@needs_chromium
def test_reported_fact_is_dashed_on_canvas_and_in_legend(browser, samples_page):
    from selenium.webdriver.common.by import By

    _, page = samples_page
    data = page_data(page)
    reported = [e["id"] for e in data["edges"] if e["modality"] == "Reported"]
    asserted = [e["id"] for e in data["edges"] if e["modality"] == "Asserted"]
    assert reported and asserted
    open_ready(browser, page)
    dashes = browser.execute_script(
        "const e = window.aigraph.network.body.edges; return arguments[0].map((id) =>"
        " e[id].options.dashes)", [reported[0], asserted[0]])
    assert dashes[0] and dashes[1] is False
    legend = browser.find_element(By.ID, "modalities").text
    assert "asserted" in legend and "reported" in legend


# --------------------------------------------------------------------------
# made-up graphs


@pytest.mark.browser
@needs_chromium
def test_confidence_and_date_sliders_hide_what_falls_outside(browser, dated_page):
    from selenium.webdriver.common.by import By

    open_ready(browser, dated_page)
    everyone = ["Ada Quill", "Coastal Pact", "Disinformation", "Norland", "Vesta",
                "Vesta Ministry"]
    assert shown_labels(browser) == everyone          # Lone Walker has no facts

    def slide(element_id, value):
        browser.execute_script(
            "const s = document.getElementById(arguments[0]); s.value = arguments[1];"
            "s.dispatchEvent(new Event('input'));", element_id, str(value))

    slide("confidence", 0.7)
    assert shown_labels(browser) == ["Coastal Pact", "Disinformation", "Norland", "Vesta"]
    slide("confidence", 0)
    assert shown_labels(browser) == everyone
    slide("date-from", 20089)        # 2025-01-01: the early article and the 2024 pact go
    assert browser.find_element(By.ID, "date-value").text.startswith("2025-01-01")
    assert shown_labels(browser) == ["Ada Quill", "Vesta Ministry"]
    browser.find_element(By.ID, "reset").click()
    slide("date-to", 19800)          # 2024-03-18: the late article goes
    assert shown_labels(browser) == ["Coastal Pact", "Disinformation", "Norland"]
    count, outside = browser.execute_script(OUTSIDE_VIEW)
    assert count == 3 and outside == []


@pytest.mark.browser
@needs_chromium
def test_edge_panel_shows_the_fact_with_article_link(browser, dated_page):
    from selenium.webdriver.common.by import By

    open_ready(browser, dated_page)
    edge = next(e["id"] for e in page_data(dated_page)["edges"]
                if e["from"].endswith("norland"))
    browser.execute_script(
        "const a = window.aigraph; a.network.selectEdges([arguments[0]]);"
        "a.network.body.emitter.emit('click', {nodes: [], edges: [arguments[0]]});", edge)
    panel = browser.find_element(By.ID, "panel")
    assert panel.find_element(By.CLASS_NAME, "fact-head").text == \
        "Norland partyTo Coastal Pact"
    assert "Norland signed the Coastal Pact." in panel.text
    link = panel.find_element(By.TAG_NAME, "a")
    assert link.get_attribute("href") == "https://example.org/early"
    assert "Early talks, 2024-02-01" in panel.find_element(By.CLASS_NAME, "src").text


@pytest.mark.browser
@needs_chromium
def test_png_export_of_the_current_view(browser, dated_page):
    import base64

    open_ready(browser, dated_page)
    url = browser.execute_script("return window.aigraph.exportPng()")
    assert url.startswith("data:image/png;base64,")
    png = base64.b64decode(url.split(",", 1)[1])
    assert png.startswith(b"\x89PNG") and len(png) > 5_000


@pytest.mark.browser
@needs_chromium
def test_large_graph_opens_as_clusters_that_open_on_click(browser, tmp_path):
    from selenium.webdriver.common.by import By

    graph = build_graph(chain_extraction(CLUSTER_NODE_LIMIT + 500))
    page = render_html(graph, tmp_path / "large.html")
    data = page_data(page)
    assert data["options"]["interaction"]["hideEdgesOnZoom"] is True
    assert data["options"]["interaction"]["hideEdgesOnDrag"] is True
    open_ready(browser, page)
    closed = browser.execute_script("return window.aigraph.closedClusters()")
    assert len(closed) == len(data["clusters"]) > 1
    assert browser.execute_script("return window.aigraph.shownIds().length") < 50
    count, outside = browser.execute_script(OUTSIDE_VIEW)
    assert outside == []
    target = closed[0]
    pointer_on(browser, target).click().perform()
    assert target not in browser.execute_script("return window.aigraph.closedClusters()")
    size = next(c["size"] for c in data["clusters"] if f"cluster:{c['lod']}" == target)
    assert browser.execute_script("return window.aigraph.shownIds().length") >= size
    # "Show everything" closes them again; zooming in on the overview opens
    # the communities in view once the wheel stops
    browser.find_element(By.ID, "reset").click()
    closed = len(browser.execute_script("return window.aigraph.closedClusters()"))
    assert closed == len(data["clusters"])
    # the entity in the panel keeps its community open through a filter
    member = next(n["id"] for n in data["nodes"] if n["lod"] == data["clusters"][0]["lod"])
    browser.execute_script("window.aigraph.selectNode(arguments[0], true)", member)
    browser.execute_script(
        "const s = document.getElementById('confidence'); s.value = '0.5';"
        "s.dispatchEvent(new Event('input'));")
    assert member in browser.execute_script("return window.aigraph.shownIds()")
    browser.find_element(By.ID, "reset").click()
    browser.execute_script(WHEEL_IN, 4)
    import time
    time.sleep(0.8)      # the page waits 200 ms after the last wheel event
    assert len(browser.execute_script("return window.aigraph.closedClusters()")) < closed


def test_build_analyze_and_page_count_classes_alike(tmp_path):
    """Subclasses (Government, Company...) count as their core class everywhere."""
    import aigraph
    from aigraph.analyse import analyse
    from conftest import GOLDEN_ARTICLE

    report = aigraph.build([GOLDEN_ARTICLE], out=tmp_path / "out", store=False).report
    graph = load_graph(tmp_path / "out" / "graph.ttl")
    page = page_data(render_html(graph, tmp_path / "graph.html"))
    from_page = {c["name"]: c["count"] for c in page["classes"]}
    assert report.entities_per_class == analyse(graph).classes == from_page


@pytest.mark.browser
@needs_chromium
def test_tooltip_of_a_filtered_out_entity_goes_away(browser, dated_page):
    open_ready(browser, dated_page)
    pointer_on(browser, str(entity_iri("country/norland"))).pause(0.6).perform()
    tooltip = ("const t = document.querySelector('div.vis-tooltip');"
               "return t && t.style.visibility !== 'hidden' ? t.textContent : null")
    assert "Norland" in (browser.execute_script(tooltip) or "")
    browser.execute_script("document.querySelector(\"input[data-cls='Country']\").click()")
    assert browser.execute_script(tooltip) is None


@pytest.mark.browser
@needs_chromium
def test_an_empty_graph_still_opens(browser, tmp_path):
    from selenium.webdriver.common.by import By

    page = render_html(build_graph(Extraction([], {}, [])), tmp_path / "empty.html")
    open_ready(browser, page)
    assert browser.find_element(By.ID, "status").text == "0 entities, 0 facts shown."
