"""``aigraph diff``, ``timeline``, ``conflicts``, ``build --as-of`` and the
corroboration shown by ``explain``, on a corpus of dated articles built from
a real RSS feed, a real WARC.gz and a Markdown file (tests/news_corpus.py)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import URIRef
from rdflib.namespace import DCTERMS

from aigraph.cli import cli
from aigraph.graph import article_iri, load_graph
from aigraph.query import resolve_query, run_query
from aigraph.vocab import SCHEMA

from news_corpus import ARTICLES, news_build, write_corpus

COAST_SIGNED = "(asserted, 2026-03-04, Coast Wire, https://coastwire.example/lisbon-signed)"
COAST_MEXICO = "(asserted, 2026-03-12, Coast Wire, https://coastwire.example/mexico)"
HARBOUR = "(asserted, 2026-03-06, Harbour Daily, https://harbourdaily.example/ottawa)"
HELSINKI = "(asserted, 2026-03-15, Valley Times, https://valleytimes.example/helsinki)"
BRAZIL = "2026-03-14, Valley Times, https://valleytimes.example/brazil)"


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    return news_build(tmp_path_factory)


@pytest.fixture
def runner():
    return CliRunner()


def records(result) -> list[dict[str, str | None]]:
    """A SELECT result's rows as {variable: lexical value or IRI}."""
    return [{name: (term.value if term is not None else None)
             for name, term in zip(result.variables, row)} for row in result.rows]


def invoke(runner, *args):
    result = runner.invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_feed_archive_and_markdown_give_dated_articles_with_urls(graph_file):
    graph = load_graph(graph_file)
    found = sorted((str(a).rsplit("/", 1)[1], str(graph.value(a, DCTERMS.date)),
                    str(graph.value(a, DCTERMS.publisher)), str(graph.value(a, SCHEMA.url)))
                   for a in graph.subjects(None, URIRef("https://w3id.org/aigraph/ontology#Article")))
    assert found == sorted(ARTICLES)
    # the feed's summary-only entry for the Mexico story is the archived page's duplicate
    assert (article_iri("coastwire-002"), None, None) not in graph


def test_build_reports_skipped_records_and_duplicates(runner, tmp_path):
    folder = write_corpus(tmp_path / "in")
    result = runner.invoke(cli, ["build", str(folder), "-o", str(tmp_path / "out"), "--no-store",
                                 "-q"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Warning: {folder / 'valley.warc.gz'}: skipped 1 non-HTML record(s): 1 image/png\n"
        "Warning: coastwire.rss: article coastwire-002 is a duplicate of valley-001 "
        "(the same URL); kept valley-001 only\n")


def test_build_as_of_keeps_articles_published_by_then(runner, tmp_path):
    folder = write_corpus(tmp_path / "in")
    result = runner.invoke(cli, ["build", str(folder), "-o", str(tmp_path / "out"), "--no-store",
                                 "--as-of", "2026-03-08"])
    assert result.exit_code == 0, result.output
    assert "Warning: --as-of: left out 3 article(s) published after 2026-03-08\n" in result.output
    assert "Read 2 article(s), skipped 0." in result.output
    graph = load_graph(tmp_path / "out" / "graph.ttl")
    dates = sorted(str(d) for d in graph.objects(None, DCTERMS.date))
    assert dates == ["2026-03-04", "2026-03-06"]


def test_build_as_of_before_every_article_is_an_error(runner, tmp_path):
    folder = write_corpus(tmp_path / "in")
    result = runner.invoke(cli, ["build", str(folder), "-o", str(tmp_path / "out"), "--no-store",
                                 "--as-of", "2026-02"])
    assert result.exit_code == 1
    assert result.output.endswith("Error: no article was published on or before 2026-02 "
                                  "(left out 5 article(s) published after 2026-02)\n")


def test_bad_as_of_date(runner, tmp_path):
    result = runner.invoke(cli, ["build", str(write_corpus(tmp_path / "in")), "-o",
                                 str(tmp_path / "out"), "--as-of", "last week"])
    assert result.exit_code == 1
    assert result.output.endswith(
        "Error: 'last week' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)\n")


WINDOW_DIFF = f"""\
Changes from articles published before 2026-03-10 to articles published from 2026-03-10 on

  new entity                   5
  vanished entity              2
  new fact                     4
  fact no longer reported      3
  changed stance               1
  new participant              1

New entities (5):
  Finland (Country)
      mentioned in Helsinki to host AI summit (2026-03-15)
  Helsinki (Place)
      mentioned in Helsinki to host AI summit (2026-03-15)
  Helsinki AI Summit (Event)
      mentioned in Helsinki to host AI summit (2026-03-15)
  Japan (Country)
      mentioned in Helsinki to host AI summit (2026-03-15)
  Mexico (Country)
      mentioned in Mexico joins the accord (2026-03-12)

Vanished entities (2):
  Berlin (Place)
      mentioned in Ottawa defends its accord pledge (2026-03-06)
  France (Country)
      mentioned in Canada and France sign a frontier AI accord (2026-03-04)

New facts (4):
  Helsinki AI Summit date 2026-05-12
      "The Helsinki AI Summit will be held in Helsinki on 12 May 2026." {HELSINKI}
  Helsinki AI Summit heldIn Helsinki
      "The Helsinki AI Summit will be held in Helsinki on 12 May 2026." {HELSINKI}
  Japan participatesIn Helsinki AI Summit
      "Japan will attend the Helsinki AI Summit." (planned, 2026-03-15, Valley Times, https://valleytimes.example/helsinki)
  Lisbon Accord on Frontier AI date 2026-03-05
      "The Lisbon Accord on Frontier AI was signed on 5 March 2026." {COAST_MEXICO}

Facts no longer reported (3):
  France partyTo Lisbon Accord on Frontier AI
      "France signed the Lisbon Accord on Frontier AI as well." {COAST_SIGNED}
  Germany partyTo Lisbon Accord on Frontier AI
      "Germany signed the Lisbon Accord on Frontier AI, officials in Berlin confirmed." {HARBOUR}
  Lisbon Accord on Frontier AI date 2026-03-03
      "The Lisbon Accord on Frontier AI was signed on 3 March 2026." {COAST_SIGNED}

Changed stances (1):
  Brazil opposes Lisbon Accord on Frontier AI (supports -> opposes)
      before: "Brazil welcomed the Lisbon Accord on Frontier AI." {COAST_SIGNED}
      now: "Brazil opposed the Lisbon Accord on Frontier AI." (asserted, {BRAZIL}

New participants of agreements (1):
  Mexico partyTo Lisbon Accord on Frontier AI (Lisbon Accord on Frontier AI was already reported in articles published before 2026-03-10)
      "Mexico signed the Lisbon Accord on Frontier AI." {COAST_MEXICO}
"""


def test_diff_of_two_windows_of_one_build(runner, graph_file):
    assert invoke(runner, "diff", graph_file, "--since", "2026-03-10") == WINDOW_DIFF


def test_diff_shows_a_changed_stance_with_both_sides(runner, graph_file):
    out = invoke(runner, "diff", graph_file, "--since", "2026-03-10", "--min-confidence", "0.28")
    assert (
        "Changed stances (1):\n"
        "  Brazil opposes Lisbon Accord on Frontier AI (supports -> opposes)\n"
        f"      before: \"Brazil welcomed the Lisbon Accord on Frontier AI.\" {COAST_SIGNED}\n"
        f"      now: \"Brazil opposed the Lisbon Accord on Frontier AI.\" (asserted, {BRAZIL}\n"
    ) in out
    assert "Brazil supports" not in out     # the stance change is not also a vanished fact


def test_diff_until_closes_the_new_window(runner, graph_file):
    out = json.loads(invoke(runner, "diff", graph_file, "--since", "2026-03-10",
                            "--until", "2026-03-12", "--json"))
    assert out["new"] == "articles published from 2026-03-10 through 2026-03-12"
    assert [c["subject"] for c in out["changes"] if c["kind"] == "new entity"] == ["Mexico"]
    assert out["counts"]["new participant"] == 1


def test_diff_of_two_builds_as_json_and_markdown(runner, graph_file, tmp_path_factory, tmp_path):
    old = news_build(tmp_path_factory, as_of="2026-03-08")
    report = tmp_path / "changes.md"
    out = json.loads(invoke(runner, "diff", old, graph_file, "--json", "--markdown", report))
    assert (out["old"], out["new"]) == (str(old), str(graph_file))
    assert out["counts"] == {"new entity": 5, "vanished entity": 0, "new fact": 4,
                             "fact no longer reported": 0, "changed stance": 1,
                             "new participant": 1}
    [mexico] = [c for c in out["changes"] if c["kind"] == "new participant"]
    assert (mexico["subject"], mexico["predicate"], mexico["evidence"][0]["sentence"]) == (
        "Mexico", "partyTo", "Mexico signed the Lisbon Accord on Frontier AI.")
    markdown = report.read_text(encoding="utf-8")
    assert markdown.startswith(f"# Changes from {old} to {graph_file}\n\n| change | count |\n")
    assert "## New participants of agreements (1)\n\n- **Mexico partyTo Lisbon Accord" in markdown


def test_diff_needs_two_graphs_or_since(runner, graph_file):
    result = runner.invoke(cli, ["diff", str(graph_file)])
    assert result.exit_code == 2
    assert "give two graphs (OLD NEW), or one graph with --since" in result.output


# The graph is built with the hand-written patterns alone (news_corpus.news_build),
# which read "Brazil welcomed the accord" as Brazil being a party too (the relation
# model rejects that); these tests check the commands, not the extraction.
TIMELINE = f"""\
Timeline of Lisbon Accord on Frontier AI

2026-03-03  Agreement      Lisbon Accord on Frontier AI (with Brazil; Canada; France; Germany; Mexico)
                             "The Lisbon Accord on Frontier AI was signed on 3 March 2026." {COAST_SIGNED}
2026-03-05  Agreement      Lisbon Accord on Frontier AI (with Brazil; Canada; France; Germany; Mexico)
                             "The Lisbon Accord on Frontier AI was signed on 5 March 2026." {COAST_MEXICO}
2026-03-14  stance change  Brazil: supports -> opposes Lisbon Accord on Frontier AI
                             before: "Brazil welcomed the Lisbon Accord on Frontier AI." {COAST_SIGNED}
                             now: "Brazil opposed the Lisbon Accord on Frontier AI." (asserted, {BRAZIL}
"""


def test_timeline_of_an_entity(runner, graph_file):
    assert invoke(runner, "timeline", "Lisbon Accord on Frontier AI", "--graph", graph_file) == TIMELINE


def test_timeline_of_the_graph_with_stance_change_and_plot(runner, graph_file, tmp_path):
    png = tmp_path / "timeline.png"
    result = runner.invoke(cli, ["timeline", "--graph", str(graph_file), "--json",
                                 "--min-confidence", "0.28", "--plot", str(png)])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert [(i["date"], i["kind"], i["label"], i["detail"]) for i in items] == [
        ("2026-03-03", "Agreement", "Lisbon Accord on Frontier AI",
         "Brazil; Canada; France; Germany; Mexico"),
        ("2026-03-05", "Agreement", "Lisbon Accord on Frontier AI",
         "Brazil; Canada; France; Germany; Mexico"),
        ("2026-03-14", "stance change", "Brazil", "supports -> opposes Lisbon Accord on Frontier AI"),
        ("2026-05-12", "Event", "Helsinki AI Summit", "Helsinki; Japan"),
    ]
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_timeline_unknown_entity(runner, graph_file):
    result = runner.invoke(cli, ["timeline", "Atlantis", "--graph", str(graph_file)])
    assert result.exit_code == 1
    assert result.output == "Error: no entity is labelled 'Atlantis'\n"


CONFLICTS = f"""\
3 conflict(s):

[negated] Germany partyTo Lisbon Accord on Frontier AI
  partyTo:
    "Germany signed the Lisbon Accord on Frontier AI, officials in Berlin confirmed." {HARBOUR}
  not partyTo:
    "The Lisbon Accord on Frontier AI was not signed by Germany." (negated, {BRAZIL}

[stance] Brazil supports/opposes Lisbon Accord on Frontier AI
  supports:
    "Brazil welcomed the Lisbon Accord on Frontier AI." {COAST_SIGNED}
  opposes:
    "Brazil opposed the Lisbon Accord on Frontier AI." (asserted, {BRAZIL}

[date] Lisbon Accord on Frontier AI date
  2026-03-03:
    "The Lisbon Accord on Frontier AI was signed on 3 March 2026." {COAST_SIGNED}
  2026-03-05:
    "The Lisbon Accord on Frontier AI was signed on 5 March 2026." {COAST_MEXICO}
"""


def test_conflicts_list_both_sides(runner, graph_file):
    assert invoke(runner, "conflicts", "--graph", graph_file) == CONFLICTS


def test_conflicts_saved_query_agrees(graph_file):
    rows = records(run_query(graph_file, resolve_query("conflicts")))
    got = sorted((r["kind"], r["one"], r["other"]) for r in rows)
    assert got == [("date", "2026-03-03", "2026-03-05"), ("negated", "asserts", "denies"),
                   ("stance", "supports", "opposes")]


def test_explain_shows_how_many_articles_and_publishers_back_a_fact(runner, graph_file):
    out = invoke(runner, "explain", "Canada", "partyTo", "Lisbon Accord on Frontier AI",
                 "--graph", graph_file)
    assert out.count("  backed by 3 articles from 2 publishers\n") == 3
    single = invoke(runner, "explain", "France", "partyTo", "--graph", graph_file)
    assert "  backed by 1 article from 1 publisher; single source\n" in single


def test_corroboration_saved_query(graph_file):
    rows = records(run_query(graph_file, resolve_query("corroboration"),
                             {"predicate": "aig:partyTo"}))
    got = [(r["subject"].rsplit("/", 1)[1], int(r["articles"]), int(r["publishers"]),
            r["singleSource"] == "true") for r in rows]
    assert got == [("france", 1, 1, True), ("germany", 1, 1, True), ("mexico", 1, 1, True),
                   ("canada", 3, 2, False)]


def test_facts_as_of_saved_query(graph_file):
    rows = records(run_query(graph_file, resolve_query("facts-as-of"), {"asOf": "2026-03-05"}))
    got = [(r["subject"].rsplit("/", 1)[1], r["object"].rsplit("/", 1)[-1],
            int(r["articles"])) for r in rows]
    assert got == [("brazil", "lisbon-accord-on-frontier-ai", 1),
                   ("canada", "lisbon-accord-on-frontier-ai", 1),
                   ("france", "lisbon-accord-on-frontier-ai", 1),
                   ("lisbon-accord-on-frontier-ai", "2026-03-03", 1)]
    assert {r["firstReported"] for r in rows} == {"2026-03-04"}
