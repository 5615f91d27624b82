"""SPARQL queries: running, parameters, formats, errors, timeouts and every saved query.

The sample graph is built with the real pipeline code (``build_graph``) from
hand-made records about fictional people and bodies, with answers known in
advance. Other query-related test modules import :func:`sample_extraction`.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from aigraph.errors import QueryError, QueryTimeoutError
from aigraph.graph import build_graph, export
from aigraph.model import Article, Claim, Entity, Extraction
from aigraph.query import (
    SavedQuery, choose_source, list_saved, parse_header, parse_value, resolve_query, run_query,
)
from aigraph.store import save_store
from aigraph.vocab import AIGR_IRI, PREFIXES, RISK_IRI

AIG = PREFIXES["aig"]
US = AIGR_IRI + "country/united-states"
CHINA = AIGR_IRI + "country/china"
UK = AIGR_IRI + "country/united-kingdom"
HARBOR_DECLARATION = AIGR_IRI + "agreement/harbor-declaration"


# ---------------------------------------------------------------------------
# The sample graph


def _entity(key, cls, label, aliases=(), articles=()):
    return Entity(key=key, cls=cls, label=label, aliases=set(aliases), articles=set(articles))


def sample_extraction() -> Extraction:
    """Three articles, countries, fictional people and bodies, known facts."""
    articles = [
        Article(id="a1", source="a1.txt", text="...", title="Summit ends with a declaration",
                date="2023-11-02"),
        Article(id="a2", source="a2.txt", text="...", title="Talks by the lake"),
        Article(id="a3", source="a3.txt", text="...", title="A plan and an accord"),
    ]
    entities = [
        _entity("country/united-states", "Country", "United States", {"US", "U.S."},
                {"a1", "a2", "a3"}),
        _entity("country/china", "Country", "China", {"PRC"}, {"a1", "a2", "a3"}),
        _entity("country/united-kingdom", "Country", "United Kingdom", {"UK"}, {"a1"}),
        _entity("person/alice-arden", "Person", "Alice Arden", (), {"a1", "a2"}),
        _entity("person/bo-lin", "Person", "Bo Lin", (), {"a1", "a2"}),
        _entity("person/carl-dorn", "Person", "Carl Dorn", (), {"a2"}),
        _entity("person/dana-ek", "Person", "Dana Ek", (), {"a3"}),
        _entity("organization/harbor-institute", "ThinkTank", "Harbor Institute", (), {"a2"}),
        _entity("organization/united-nations", "InternationalOrganization", "United Nations",
                {"UN"}, {"a1"}),
        _entity("agreement/harbor-declaration", "Agreement", "Harbor Declaration", (), {"a1", "a2"}),
        _entity("agreement/data-accord", "Agreement", "Data Accord", (), {"a3"}),
        _entity("policy/example-action-plan", "Policy", "Example Action Plan", (), {"a3"}),
        _entity("event/harbor-summit", "Event", "Harbor Summit", (), {"a1"}),
        _entity("event/lake-talks", "Event", "Lake Talks", (), {"a2"}),
        _entity("event/future-forum", "Event", "Future Forum", (), {"a3"}),
        _entity("place/harbor-city", "Place", "Harbor City", (), {"a1"}),
        _entity("place/geneva", "Place", "Geneva", (), {"a2"}),
        _entity("risk/LossOfControl", "Risk", "Loss of control", (), {"a1", "a2"}),
        _entity("risk/CyberOffense", "Risk", "Cyber offense", (), {"a1", "a3"}),
        _entity("risk/ArmsRace", "Risk", "Arms race", (), {"a2"}),
        _entity("risk/Disinformation", "Risk", "Disinformation", (), {"a3"}),
    ]

    def claim(s, p, o, article, evidence, modality="Asserted", datatype=None):
        return Claim(subject=s, predicate=p, object=o, article=article, evidence=evidence,
                     modality=modality, confidence=0.8, datatype=datatype)

    us, cn, uk = "country/united-states", "country/china", "country/united-kingdom"
    decl, accord = "agreement/harbor-declaration", "agreement/data-accord"
    claims = [
        claim(us, "partyTo", decl, "a1", "Both nations signed the Harbor Declaration."),
        claim(cn, "partyTo", decl, "a1", "Both nations signed the Harbor Declaration."),
        claim(uk, "partyTo", decl, "a1", "The UK also signed it."),
        claim(us, "partyTo", decl, "a2", "The US, reports say, stands by the declaration.",
              "Reported"),
        claim(us, "partyTo", accord, "a3", "The US proposed a data accord.", "Proposed"),
        claim(cn, "partyTo", accord, "a3", "China did not join the data accord.", "Negated"),
        claim(decl, "addressesRisk", "risk/LossOfControl", "a1",
              "The declaration warns of loss of control."),
        claim(accord, "addressesRisk", "risk/CyberOffense", "a3",
              "The accord would curb cyberattacks.", "Proposed"),
        claim("policy/example-action-plan", "addressesRisk", "risk/Disinformation", "a3",
              "The plan targets disinformation."),
        claim("policy/example-action-plan", "issuedBy", us, "a3", "The US released the plan."),
        claim(us, "concernedAbout", "risk/LossOfControl", "a1", "The US fears loss of control."),
        claim(cn, "concernedAbout", "risk/LossOfControl", "a2", "China fears loss of control."),
        claim(cn, "concernedAbout", "risk/LossOfControl", "a2", "China repeated its fear."),
        claim(us, "concernedAbout", "risk/CyberOffense", "a3", "The US worries about hacking."),
        claim("person/alice-arden", "concernedAbout", "risk/ArmsRace", "a2",
              "Arden warned of an arms race."),
        claim("person/bo-lin", "concernedAbout", "risk/ArmsRace", "a2",
              "Lin also warned of escalation."),
        claim("person/alice-arden", "affiliatedWith", us, "a1", "Secretary of State Alice Arden"),
        claim("person/alice-arden", "role", "Secretary of State", "a1",
              "Secretary of State Alice Arden"),
        claim("person/bo-lin", "affiliatedWith", cn, "a1", "Vice Minister Bo Lin of China"),
        claim("person/bo-lin", "role", "Vice Minister", "a1", "Vice Minister Bo Lin of China"),
        claim("person/bo-lin", "affiliatedWith", "organization/harbor-institute", "a2",
              "Lin, a fellow at the Harbor Institute"),
        claim("person/carl-dorn", "role", "former National Security Advisor", "a2",
              "former National Security Advisor Carl Dorn"),
        claim("person/carl-dorn", "affiliatedWith", us, "a2", "Dorn served the US."),
        claim("person/carl-dorn", "affiliatedWith", "organization/harbor-institute", "a2",
              "Dorn now chairs a panel at the Harbor Institute."),
        claim("person/dana-ek", "role", "Ex-Ambassador", "a3", "Ex-Ambassador Dana Ek"),
        claim(us, "memberOf", "organization/united-nations", "a1", "US at the UN"),
        claim(cn, "memberOf", "organization/united-nations", "a1", "China at the UN"),
        claim("person/alice-arden", "participatesIn", "event/harbor-summit", "a1",
              "Arden attended the Harbor Summit."),
        claim("event/harbor-summit", "heldIn", "place/harbor-city", "a1",
              "The summit in Harbor City"),
        claim("event/harbor-summit", "date", "2023-11-01", "a1", "on 1 November 2023", "Asserted",
              "date"),
        claim("event/lake-talks", "heldIn", "place/geneva", "a2", "talks in Geneva"),
        claim("event/lake-talks", "date", "2024-05", "a2", "in May 2024", "Asserted",
              "gYearMonth"),
        claim("event/future-forum", "date", "2025", "a3", "a forum in 2025", "Planned", "gYear"),
    ]
    return Extraction(articles=articles, entities={e.key: e for e in entities}, claims=claims)


@pytest.fixture(scope="module")
def graph():
    return build_graph(sample_extraction())


@pytest.fixture(scope="module")
def store_dir(graph, tmp_path_factory):
    return save_store(graph, tmp_path_factory.mktemp("q") / "store")


@pytest.fixture(scope="module")
def graph_file(graph, tmp_path_factory):
    return export(graph, tmp_path_factory.mktemp("g"), "ttl")


def saved(name: str) -> SavedQuery:
    return resolve_query(name)


def labelled_rows(result) -> list[tuple[str, ...]]:
    """Rows with IRIs replaced by their labels, as the table shows them."""
    from aigraph.query import display_term
    return [tuple(display_term(t, result.labels) for t in row) for row in result.rows]


# ---------------------------------------------------------------------------
# Running queries


def test_select_on_store_and_file_agree(store_dir, graph_file):
    query = "SELECT ?c WHERE { ?c a aig:Country } ORDER BY ?c"
    from_store = run_query(store_dir, query)
    from_file = run_query(graph_file, query)
    assert from_store.values("c") == from_file.values("c") == sorted([US, CHINA, UK])


def test_ask_and_construct_and_describe(store_dir):
    assert run_query(store_dir, f"ASK {{ <{US}> aig:partyTo <{HARBOR_DECLARATION}> }}").boolean
    assert not run_query(store_dir, f"ASK {{ <{CHINA}> aig:partyTo ?x . ?x rdfs:label 'Data Accord' }}").boolean
    graph_result = run_query(store_dir, "CONSTRUCT { ?p aig:role ?r } WHERE { ?p aig:role ?r }")
    assert graph_result.kind == "graph" and len(graph_result.triples) == 4
    turtle = graph_result.serialize("ttl").decode()
    assert "@prefix aig:" in turtle and "former National Security Advisor" in turtle
    parsed = list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    assert len(parsed) == 4
    described = run_query(store_dir, f"DESCRIBE <{UK}>")
    assert any(t.predicate.value.endswith("altLabel") and t.object.value == "UK"
               for t in described.triples)


def test_predeclared_prefixes_cover_the_issue_list():
    for prefix in ("aig", "risk", "aigr", "rdf", "rdfs", "skos", "prov", "dcterms", "schema",
                   "owl", "xsd"):
        assert prefix in PREFIXES


def test_json_is_sparql_results_json(store_dir):
    result = run_query(store_dir, "SELECT ?c WHERE { ?c a aig:Country } ORDER BY ?c")
    document = json.loads(result.serialize("json"))
    assert document["head"]["vars"] == ["c"]
    assert [b["c"] for b in document["results"]["bindings"]][0] == {"type": "uri", "value": CHINA}


def test_csv_tsv_and_xml(store_dir):
    result = run_query(store_dir, "SELECT ?c ?l WHERE { ?c a aig:Country ; rdfs:label ?l } ORDER BY ?l")
    rows = list(csv.reader(io.StringIO(result.serialize("csv").decode())))
    assert rows[0] == ["c", "l"] and rows[1] == [CHINA, "China"] and len(rows) == 4
    tsv = result.serialize("tsv").decode().splitlines()
    assert tsv[0] == "?c\t?l" and tsv[1] == f'<{CHINA}>\t"China"'
    root = ET.fromstring(result.serialize("xml"))
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert len(root.findall(f"{ns}results/{ns}result")) == 3


def test_table_shows_labels_not_iris(store_dir):
    result = run_query(store_dir, "SELECT ?c WHERE { ?c a aig:Country } ORDER BY ?c")
    text = result.serialize("table").decode()
    assert "United Kingdom" in text and "China" in text
    assert AIGR_IRI not in text
    assert "3 results" in text


def test_table_compacts_unlabelled_iris(store_dir):
    result = run_query(store_dir, "SELECT DISTINCT ?m WHERE { ?c aig:modality ?m } ORDER BY ?m")
    text = result.serialize("table").decode()
    assert "aig:Asserted" in text and AIG not in text


def test_graph_result_refuses_a_results_format(store_dir):
    result = run_query(store_dir, "CONSTRUCT WHERE { ?s aig:role ?r }")
    with pytest.raises(QueryError, match="gives a graph"):
        result.serialize("csv")
    select = run_query(store_dir, "SELECT * WHERE { ?s aig:role ?r }")
    with pytest.raises(QueryError, match="results table"):
        select.serialize("ttl")


def test_rdflib_graph_is_a_source_too(graph):
    result = run_query(graph, "SELECT (COUNT(*) AS ?n) WHERE { ?c a aig:Claim }")
    assert result.values("n") == ["33"]


# ---------------------------------------------------------------------------
# Parameters


def test_param_binds_through_the_engine_not_the_text(store_dir):
    query = "SELECT ?who ?a WHERE { ?who aig:partyTo ?a } ORDER BY ?who"
    result = run_query(store_dir, query, {"a": f"<{HARBOR_DECLARATION}>"})
    assert result.values("who") == sorted([US, CHINA, UK])
    # A value full of SPARQL syntax is one literal, not query text: no rows, no error.
    hostile = run_query(store_dir, query, {"a": '"x" } UNION { ?who ?p ?a'})
    assert hostile.rows == []


def test_param_resolves_labels_and_aliases_case_insensitively(store_dir):
    query = "SELECT ?a ?x WHERE { ?a aig:partyTo ?x }"
    for value in ("U.S.", "united states", "US"):
        result = run_query(store_dir, query, {"a": value})
        assert set(result.values("x")) == {HARBOR_DECLARATION,
                                           AIGR_IRI + "agreement/data-accord"}


def test_param_prefixed_names_and_literals(store_dir):
    store = __import__("aigraph.store", fromlist=["open_store"]).open_store(store_dir)
    assert parse_value(store, "aigr:country/china") == ox.NamedNode(CHINA)
    assert parse_value(store, "risk:ArmsRace") == ox.NamedNode(RISK_IRI + "ArmsRace")
    assert parse_value(store, f"<{UK}>") == ox.NamedNode(UK)
    assert parse_value(store, '"2025"^^xsd:gYear') == ox.Literal(
        "2025", datatype=ox.NamedNode(PREFIXES["xsd"] + "gYear"))
    assert parse_value(store, '"UK"') == ox.Literal("UK")     # quoted: never an entity
    assert parse_value(store, "nobody at all") == ox.Literal("nobody at all")


def test_param_not_returned_by_the_query_is_bound_all_the_same(store_dir):
    # the engine substitutes only returned variables; the rest go in a trailing VALUES
    pairs = run_query(store_dir, "SELECT ?s ?o WHERE { ?s aig:partyTo ?o }").rows
    subject = pairs[0][0].value
    expected = sorted(str(o) for s, o in pairs if s.value == subject)
    query = "SELECT ?o WHERE { ?s aig:partyTo ?o } # a comment at the end"
    bound = run_query(store_dir, query, {"s": f"<{subject}>"})
    assert sorted(str(row[0]) for row in bound.rows) == expected
    assert 0 < len(expected) < len(pairs)


def test_param_of_a_query_that_ends_with_values_is_a_clear_error(store_dir):
    with pytest.raises(QueryError, match="parameter 'x' cannot be bound in this query"):
        run_query(store_dir, "SELECT ?a WHERE { ?a aig:partyTo ?x } VALUES ?a { <urn:a> }",
                  {"x": "UK"})


# ---------------------------------------------------------------------------
# Errors and timeouts


def test_syntax_error_gives_line_column_and_token(store_dir):
    text = "SELECT ?s\nWHERE {\n  ?s a aig:Country .\n  FILTR(?s) }"
    with pytest.raises(QueryError) as caught:
        run_query(store_dir, text)
    message = str(caught.value)
    assert "line 4, column" in message and "near '" in message
    assert "FILTR(?s)" in message          # the line itself is quoted under the message


def test_unknown_prefix_is_named(store_dir):
    with pytest.raises(QueryError, match="unknown prefix 'foo:'"):
        run_query(store_dir, "SELECT ?s WHERE { ?s foo:bar ?o }")


def test_unknown_saved_name_lists_the_available_ones():
    with pytest.raises(QueryError) as caught:
        resolve_query("no-such-question")
    assert "no saved query named 'no-such-question'" in str(caught.value)
    assert "risks-both-concerned" in str(caught.value) and "timeline" in str(caught.value)


def test_timeout_stops_a_runaway_query(store_dir):
    runaway = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
               "?m ?n2 ?o . ?p ?q ?r }")
    with pytest.raises(QueryTimeoutError, match="longer than 0.5 s and was stopped"):
        run_query(store_dir, runaway, timeout=0.5)


def test_query_with_timeout_answers_like_without(store_dir, graph_file):
    query = saved("agreements-by-country")
    for source in (store_dir, graph_file):
        assert (run_query(source, query, timeout=30).rows == run_query(source, query).rows)


def test_errors_cross_the_worker_boundary(store_dir):
    with pytest.raises(QueryError, match="syntax error"):
        run_query(store_dir, "SELECT WHERE", timeout=30)


def test_missing_sources_are_clear(tmp_path, monkeypatch):
    from aigraph.errors import GraphLoadError
    monkeypatch.chdir(tmp_path)
    with pytest.raises(GraphLoadError, match="aigraph build"):
        choose_source()
    with pytest.raises(GraphLoadError, match="no Oxigraph store"):
        choose_source(store=tmp_path)
    with pytest.raises(GraphLoadError, match="no such graph file"):
        run_query(tmp_path / "missing.ttl", "ASK {}")


# ---------------------------------------------------------------------------
# Saved queries: headers and listing


def test_at_least_twelve_saved_queries_with_headers():
    queries = list_saved()
    assert len(queries) >= 12
    for query in queries:
        assert query.title and query.description, query.name
        for param in query.params:
            assert param.meaning, (query.name, param.name)


def test_header_parsing():
    title, description, params = parse_header(
        "# title: T\n# description: first\n#   second\n# param: a — the first (default: X Y)\n"
        "# param: b - other\nSELECT * {}")
    assert (title, description) == ("T", "first second")
    assert [(p.name, p.meaning, p.default) for p in params] == [
        ("a", "the first", "X Y"), ("b", "other", None)]


def test_resolve_query_text_file_and_name(tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("# title: Mine\nASK {}\n")
    assert resolve_query(str(path)).title == "Mine"
    assert resolve_query("SELECT * WHERE { ?s ?p ?o }").name is None
    assert resolve_query("timeline").name == "timeline"


#: Saved queries with nothing to find in the sample graph, where no two sources
#: disagree; tests/test_cli_time.py checks their known answers on a corpus that has some.
EMPTY_ON_SAMPLE = {"conflicts"}


def test_every_saved_query_runs_on_the_sample_graph(store_dir):
    for query in list_saved():
        result = run_query(store_dir, query)
        assert result.kind == "select", query.name
        assert (len(result.rows) > 0) != (query.name in EMPTY_ON_SAMPLE), query.name


# ---------------------------------------------------------------------------
# Saved queries: known answers


def test_agreements_by_country(store_dir):
    result = run_query(store_dir, saved("agreements-by-country"))
    assert labelled_rows(result) == [
        ("China", "Harbor Declaration", "1"),
        ("United Kingdom", "Harbor Declaration", "1"),
        ("United States", "Data Accord", "1"),
        ("United States", "Harbor Declaration", "2"),
    ]
    only_uk = run_query(store_dir, saved("agreements-by-country"), {"country": "UK"})
    assert labelled_rows(only_uk) == [("United Kingdom", "Harbor Declaration", "1")]


def test_risks_both_concerned_defaults_and_params(store_dir):
    result = run_query(store_dir, saved("risks-both-concerned"))
    assert [row[0] for row in labelled_rows(result)] == ["Arms race", "Loss of control"]
    by_risk = {row[0]: row for row in labelled_rows(result)}
    assert by_risk["Arms race"][3:] == ("Alice Arden", "Bo Lin")
    assert by_risk["Loss of control"][3:] == ("United States", "China")
    nothing = run_query(store_dir, saved("risks-both-concerned"), {"a": "United Kingdom"})
    assert nothing.rows == []


def test_roles(store_dir):
    rows = labelled_rows(run_query(store_dir, saved("roles")))
    assert [(r[0], r[1]) for r in rows] == [
        ("Alice Arden", "Secretary of State"), ("Bo Lin", "Vice Minister"),
        ("Carl Dorn", "former National Security Advisor"), ("Dana Ek", "Ex-Ambassador")]
    where = {r[0]: set(filter(None, r[2].split("; "))) for r in rows}
    assert where == {"Alice Arden": {"United States"}, "Bo Lin": {"China", "Harbor Institute"},
                     "Carl Dorn": {"United States", "Harbor Institute"}, "Dana Ek": set()}


def test_timeline(store_dir):
    rows = labelled_rows(run_query(store_dir, saved("timeline")))
    assert rows == [("2023-11-01", "Harbor Summit", "Harbor City"),
                    ("2024-05", "Lake Talks", "Geneva"),
                    ("2025", "Future Forum", "")]


def test_claims_for_fact(store_dir):
    result = run_query(store_dir, saved("claims-for-fact"),
                       {"subject": "US", "predicate": "aig:partyTo",
                        "object": "Harbor Declaration"})
    rows = labelled_rows(result)
    assert [(r[3], r[5], r[6], r[7]) for r in rows] == [
        ("aig:Asserted", "Both nations signed the Harbor Declaration.",
         "Summit ends with a declaration", "a1.txt"),
        ("aig:Reported", "The US, reports say, stands by the declaration.",
         "Talks by the lake", "a2.txt"),
    ]


def test_facts_by_modality(store_dir):
    proposed = labelled_rows(run_query(store_dir, saved("facts-by-modality"),
                                       {"modality": "aig:Proposed"}))
    assert [(r[1], r[2], r[3]) for r in proposed] == [
        ("Data Accord", "aig:addressesRisk", "Cyber offense"),
        ("United States", "aig:partyTo", "Data Accord")]
    everything = labelled_rows(run_query(store_dir, saved("facts-by-modality")))
    modalities = {r[0] for r in everything}
    assert modalities == {"aig:Asserted", "aig:Reported", "aig:Proposed", "aig:Planned",
                          "aig:Negated"}
    repeated = [r for r in everything if r[1] == "China" and r[3] == "Loss of control"]
    assert repeated == [("aig:Asserted", "China", "aig:concernedAbout", "Loss of control", "2")]


def test_most_mentioned(store_dir):
    rows = labelled_rows(run_query(store_dir, saved("most-mentioned")))
    assert rows[:2] == [("China", "aig:Country", "3"), ("United States", "aig:Country", "3")]
    assert rows[2][2] == "2"
    people = labelled_rows(run_query(store_dir, saved("most-mentioned"), {"class": "aig:Person"}))
    assert [r[0] for r in people] == ["Alice Arden", "Bo Lin", "Carl Dorn", "Dana Ek"]


def test_bridging_organisations(store_dir):
    rows = labelled_rows(run_query(store_dir, saved("bridging-organisations")))
    assert [r[0] for r in rows] == ["Harbor Institute", "United Nations"]
    institute = rows[0]
    assert (institute[3], institute[4]) == ("Carl Dorn", "Bo Lin")
    un = rows[1]
    assert (un[3], un[4]) == ("United States", "China")
    with_uk = run_query(store_dir, saved("bridging-organisations"), {"b": "UK"})
    assert with_uk.rows == []


def test_articles_mentioning(store_dir):
    rows = labelled_rows(run_query(store_dir, saved("articles-mentioning"), {"entity": "UK"}))
    assert rows == [("United Kingdom", "Summit ends with a declaration", "a1.txt", "2023-11-02")]
    risk = labelled_rows(run_query(store_dir, saved("articles-mentioning"),
                                   {"entity": "risk:CyberOffense"}))
    assert [r[2] for r in risk] == ["a1.txt", "a3.txt"]


def test_risks_addressed(store_dir):
    rows = labelled_rows(run_query(store_dir, saved("risks-addressed")))
    assert rows == [
        ("aig:Agreement", "Data Accord", "Cyber offense"),
        ("aig:Agreement", "Harbor Declaration", "Loss of control"),
        ("aig:Policy", "Example Action Plan", "Disinformation"),
    ]
    one = labelled_rows(run_query(store_dir, saved("risks-addressed"),
                                  {"risk": "loss of control"}))
    assert [r[1] for r in one] == ["Harbor Declaration"]


def test_past_roles(store_dir):
    rows = labelled_rows(run_query(store_dir, saved("past-roles")))
    assert [(r[0], r[1]) for r in rows] == [
        ("Carl Dorn", "former National Security Advisor"), ("Dana Ek", "Ex-Ambassador")]


def test_single_source_facts(store_dir):
    rows = labelled_rows(run_query(store_dir, saved("single-source-facts"),
                                   {"predicate": "aig:partyTo"}))
    # US–Harbor Declaration has two articles; China–Data Accord is negated.
    assert [(r[0], r[2], r[3]) for r in rows] == [
        ("China", "Harbor Declaration", "Summit ends with a declaration"),
        ("United Kingdom", "Harbor Declaration", "Summit ends with a declaration"),
        ("United States", "Data Accord", "A plan and an accord"),
    ]
    everything = labelled_rows(run_query(store_dir, saved("single-source-facts")))
    china_fear = [r for r in everything if r[0] == "China" and r[2] == "Loss of control"]
    assert china_fear and china_fear[0][4] == "2"     # two claims, one article


def test_facts_about(store_dir):
    rows = labelled_rows(run_query(store_dir, saved("facts-about"),
                                   {"entity": "Harbor Declaration"}))
    assert rows == [
        ("Harbor Declaration", "out", "aig:addressesRisk", "Loss of control", "1"),
        ("Harbor Declaration", "in", "aig:partyTo", "China", "1"),
        ("Harbor Declaration", "in", "aig:partyTo", "United Kingdom", "1"),
        ("Harbor Declaration", "in", "aig:partyTo", "United States", "2"),
    ]


def test_a_long_query_on_one_line_is_sparql_not_a_file_name():
    from aigraph.query import resolve_query
    text = "SELECT ?s WHERE { ?s ?p ?o " + "FILTER(?s != <urn:x>) " * 20 + "}"
    assert len(text) > 255 and resolve_query(text).text == text
