"""The HTML explorer: static checks on the page, then real headless Chromium
with networking switched off (one browser for the module: starts cost seconds)."""

from __future__ import annotations

import json
import random
import re
import shutil

import pytest

from aigraph.analyse import to_networkx
from aigraph.graph import build_graph
from aigraph.model import Article, Claim, Entity, Extraction
from aigraph.render import PHYSICS_NODE_LIMIT, render_html
from conftest import open_when
from aigraph.vocab import entity_iri
from test_analyse import HOSTILE, small_extraction

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def page_data(path) -> dict:
    text = path.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="aigraph-data">(.*?)</script>',
                      text, re.S)
    return json.loads(block.group(1))


def chain_extraction(size: int, seed: int = 3) -> Extraction:
    """``size`` people and organisations, each person affiliated with two
    organisations: enough nodes to switch physics off."""
    rng = random.Random(seed)
    article = Article("bulk", "bulk.txt", "", title="Bulk")
    entities, claims = {}, []
    orgs = [f"organization/org-{i}" for i in range(size // 5)]
    for key in orgs:
        entities[key] = Entity(key, "Organization", key.split("/")[1], set(), {"bulk"})
    for i in range(size - len(orgs)):
        key = f"person/p-{i}"
        entities[key] = Entity(key, "Person", f"p-{i}", set(), {"bulk"})
        for org in rng.sample(orgs, 2):
            claims.append(Claim(key, "affiliatedWith", org, "bulk", f"p-{i} works at {org}."))
    return Extraction([article], entities, claims)


@pytest.fixture(scope="module")
def hostile_graph():
    return build_graph(small_extraction(hostile=True))


@pytest.fixture(scope="module")
def hostile_page(hostile_graph, tmp_path_factory):
    return render_html(hostile_graph, tmp_path_factory.mktemp("page") / "graph.html")


# --------------------------------------------------------------------------
# static


def test_page_is_self_contained_and_deterministic(hostile_graph, hostile_page, tmp_path):
    text = hostile_page.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.I)
    assert "@import" not in text and "sourceMappingURL" not in text
    again = render_html(hostile_graph, tmp_path / "again.html")
    assert again.read_bytes() == hostile_page.read_bytes()


def test_article_text_never_appears_as_markup(hostile_page):
    text = hostile_page.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in text
    assert "<img src=x" not in text
    assert "<b>report</b>" not in text
    data = page_data(hostile_page)          # ...but the words survive as data
    alice = next(n for n in data["nodes"] if n["label"] == "Alice Example")
    assert any(HOSTILE == sentence for sentence, _ in alice["evidence"])
    assert {a["title"] for a in data["articles"]} == {"Summit news", "Second <b>report</b>"}


def test_page_carries_classes_styles_and_sizes(hostile_page):
    data = page_data(hostile_page)
    assert data["physics"] is True
    nodes = {n["label"]: n for n in data["nodes"]}
    assert nodes["Harbour Summit"]["shape"] != nodes["Alice Example"]["shape"]
    assert nodes["Harbour Summit"]["color"] != nodes["Alice Example"]["color"]
    assert nodes["Acme Institute"]["size"] > nodes["Carol Third"]["size"]   # PageRank
    assert nodes["Harbour Accord"]["risks"] == [str(entity_iri("risk/CyberOffense"))]
    assert sorted(e["label"] for e in data["edges"])[:2] == ["addressesRisk", "affiliatedWith"]
    assert {c["name"] for c in data["classes"]} >= {"Person", "Organization", "Risk"}


def test_focus_depth_and_class_select_a_subgraph(hostile_graph, tmp_path):
    focused = page_data(render_html(hostile_graph, tmp_path / "f.html",
                                    focus="harbour summit", depth=1))
    assert sorted(n["label"] for n in focused["nodes"]) == [
        "Bob Sample", "Freedonia", "Harbour City", "Harbour Summit"]
    people = page_data(render_html(hostile_graph, tmp_path / "c.html", classes=["person"]))
    assert sorted(n["label"] for n in people["nodes"]) == [
        "Alice Example", "Bob Sample", "Carol Third"]
    assert people["edges"] == []


def test_large_graph_is_laid_out_in_python_without_physics(tmp_path):
    graph = build_graph(chain_extraction(PHYSICS_NODE_LIMIT + 100))
    data = page_data(render_html(graph, tmp_path / "large.html"))
    assert data["physics"] is False and data["options"]["physics"]["enabled"] is False
    assert len(data["nodes"]) == to_networkx(graph).number_of_nodes()
    positions = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(positions) == len(data["nodes"]), "no two nodes on the same spot"


# --------------------------------------------------------------------------
# real browser

needs_chromium = pytest.mark.skipif(
    not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)),
    reason="Debian chromium and chromium-driver are not installed")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1280,900",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
    yield driver
    driver.quit()


def open_page(driver, path):
    open_when(driver, path, "network", "initialised", timeout=30)


@pytest.mark.browser
@needs_chromium
def test_page_loads_offline_with_every_entity(browser, hostile_graph, hostile_page, tmp_path):
    open_page(browser, hostile_page)
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert browser.execute_script("return window.aigraph.nodes.length") == \
        to_networkx(hostile_graph).number_of_nodes()
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    shot = tmp_path / "explorer.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


@pytest.mark.browser
@needs_chromium
def test_search_focuses_node_by_label_or_alias(browser, hostile_page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, hostile_page)
    box = browser.find_element(By.ID, "search")
    box.send_keys("fd", Keys.ENTER)          # an alias, typed in lower case
    assert browser.execute_script("return window.aigraph.network.getSelectedNodes()") == [
        str(entity_iri("country/freedonia"))]
    assert browser.find_element(By.ID, "status").text == "Found: Freedonia"
    box.clear()
    box.send_keys("Harbour Acc", Keys.ENTER)  # a prefix of a label
    assert browser.execute_script("return window.aigraph.network.getSelectedNodes()") == [
        str(entity_iri("agreement/accord"))]


@pytest.mark.browser
@needs_chromium
def test_class_filter_hides_nodes(browser, hostile_page):
    from selenium.webdriver.common.by import By

    open_page(browser, hostile_page)
    browser.find_element(By.CSS_SELECTOR, "input[data-cls='Person']").click()
    hidden = browser.execute_script(
        "const a = window.aigraph, shown = new Set(a.shownIds());"
        "return a.data.nodes.filter((n) => !shown.has(n.id)).map((n) => n.label)")
    # Organisations whose facts all lead to people are left without facts:
    # hidden too while entities without facts are.
    assert sorted(hidden) == ["Acme Institute", "Alice Example", "Bob Sample", "Carol Third",
                              "Other Org"]
    browser.find_element(By.ID, "orphans").click()
    hidden = browser.execute_script(
        "const a = window.aigraph, shown = new Set(a.shownIds());"
        "return a.data.nodes.filter((n) => !shown.has(n.id)).map((n) => n.label)")
    assert sorted(hidden) == ["Alice Example", "Bob Sample", "Carol Third"]


@pytest.mark.browser
@needs_chromium
def test_hostile_article_runs_nothing(browser, hostile_page, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    open_page(browser, hostile_page)
    canvas = browser.find_element(By.CSS_SELECTOR, "#network canvas")
    alice = str(entity_iri("person/alice"))
    browser.execute_script("window.aigraph.network.stopSimulation();"
                           "window.aigraph.network.fit({animation: false});")
    point = browser.execute_script(
        "const n = window.aigraph.network; const p = n.getPositions([arguments[0]])[arguments[0]];"
        "return n.canvasToDOM(p);", alice)
    rect = browser.execute_script("return arguments[0].getBoundingClientRect().toJSON()", canvas)
    ActionChains(browser).move_to_element_with_offset(
        canvas, int(point["x"] - rect["width"] / 2), int(point["y"] - rect["height"] / 2)
    ).pause(0.6).perform()
    tooltip = browser.execute_script(
        "const t = document.querySelector('div.vis-tooltip');"
        "return t && t.style.visibility !== 'hidden' ? t.textContent : null")
    assert tooltip is not None, "hovering Alice shows her tooltip"
    assert "<script>window.__pwned=1</script>" in tooltip   # shown as text
    assert "Second <b>report</b>" in tooltip
    browser.save_screenshot(str(tmp_path / "tooltip.png"))
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.execute_script("return document.querySelectorAll('div.vis-tooltip img,"
                                  " div.vis-tooltip script').length") == 0


@pytest.mark.browser
@needs_chromium
def test_large_graph_draws_in_browser(browser, tmp_path):
    graph = build_graph(chain_extraction(1000))
    page = render_html(graph, tmp_path / "large.html")
    open_page(browser, page)
    assert browser.execute_script("return window.aigraph.nodes.length") == 1000
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    browser.save_screenshot(str(tmp_path / "large.png"))


def test_edges_carry_how_many_articles_and_publishers_back_them(tmp_path):
    from time_extraction import article, claim, entity, extraction

    ex = extraction(
        [article("a", "2026-01-01", "Wire One"), article("b", "2026-01-02", "Wire Two"),
         article("c", "2026-01-03", "Wire Two")],
        [entity("country/chad", "Country", "Chad", "abc"),
         entity("agreement/lake-pact", "Agreement", "Lake Pact", "abc")],
        [claim("country/chad", "partyTo", "agreement/lake-pact", x, f"Chad signed ({x}).")
         for x in "abc"])
    data = page_data(render_html(build_graph(ex, 0.5), tmp_path / "g.html"))
    [edge] = data["edges"]
    assert (edge["label"], edge["sources"], edge["publishers"]) == ("partyTo", 3, 2)
