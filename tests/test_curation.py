"""Analysts' decisions (aigraph.curation, aigraph.reviews): kept as data in the
curation file and applied by every build. Real builds of made-up articles,
real files on disk; the claims are picked by subject, property and object."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import PROV, SKOS

from aigraph.build import build
from aigraph.cli import cli
from aigraph.curation import (CurationError, Decision, apply_decisions, curation_path,
                              read_curation, write_curation)
from aigraph.graph import load_graph
from aigraph.model import Article, Claim, Entity, Extraction
from aigraph.reviews import COLUMNS, import_reviews, review_queue, write_sheet
from aigraph.validate import validate
from aigraph.vocab import AIG, AIGR

# Made-up articles: invented people, bodies and agreements (real countries and cities).
ACCORD = """Chile and Norway sign the Harbor Accord on AI safety

Chile and Norway signed the Harbor Accord in Geneva on 3 May 2025. The agreement sets rules on cyberattacks and autonomous weapons.

Mara Quell, the Foreign Minister of Norway, said the Harbor Accord would reduce the risk of an arms race. The Ostrand Institute, a think tank in Oslo, supports the Harbor Accord.

Chile's Ministry of Science said it may join the Pacific Dialogue on AI next year.
"""
FORUM = """Ostrand Forum backs new rules on deepfakes

The Ostrand Forum, a think tank based in Oslo, published the Clear Media Report on 12 March 2025. The report warns about deepfakes and election interference.

Lena Brask, the director of the Ostrand Forum, said the Harbor Accord was a good start.
"""
UNRELATED = """Peru opens a new observatory

Peru's Space Agency launched the Condor Report on satellite safety in Lima on 4 June 2024. The report warns about cyberattacks on ground stations.
"""
LATER = """Ostrand Forum joins the Harbor Accord talks

The Ostrand Forum said on 2 April 2025 that it supports the Harbor Accord. Tomas Vik, a researcher at the Ostrand Forum, warned about deepfakes.
"""

QUELL = AIGR["person/mara-quell"]
NORWAY = AIGR["country/norway"]
INSTITUTE = AIGR["organization/ostrand-institute"]
FORUM_IRI = AIGR["organization/ostrand-forum"]


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")


def write(folder: Path, **articles: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def row_of(graph: Graph, subject: str, prop: str, obj: str):
    """The queue row of the claim ``subject prop obj`` (labels)."""
    rows = [r for r in review_queue(graph, include_reviewed=True)
            if (r.subject, r.property, r.object) == (subject, prop, obj)]
    assert rows, f"no claim {subject} {prop} {obj}"
    return rows[0]


def sheet(path: Path, decisions: dict[str, dict[str, str]], graph: Graph) -> Path:
    """A review sheet with ``decisions`` filled in (claim IRI -> cells)."""
    rows = review_queue(graph, include_reviewed=True)
    write_sheet(path, rows)
    with path.open(encoding="utf-8-sig", newline="") as f:
        records = list(csv.DictReader(f))
    for record in records:
        record.update(decisions.get(record["claim"], {}))
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(records)
    return path


def review(out: Path, tmp_path: Path, decisions: dict[tuple[str, str, str], str]) -> dict:
    """Import one reviewer's decisions on the built graph in ``out``, keyed by the
    claim's (subject, property, object) labels; the rows reviewed, by key."""
    graph = load_graph(out / "graph.ttl")
    rows = {key: row_of(graph, *key) for key in decisions}
    import_reviews([sheet(tmp_path / "r.csv", {rows[key].claim: {"decision": decision}
                                               for key, decision in decisions.items()}, graph)],
                   graph, curation_path(out), reviewer="alice")
    return rows


def status(graph: Graph, claim: str):
    value = graph.value(URIRef(claim), AIG.reviewStatus)
    return None if value is None else str(value).split("#")[-1]


@pytest.fixture
def corpus(tmp_path) -> tuple[Path, Path]:
    src = write(tmp_path / "src", accord=ACCORD)
    out = tmp_path / "out"
    build([src], out)
    return src, out


# ---------------------------------------------------------------------------
# A rejected claim stays rejected
# ---------------------------------------------------------------------------


def test_a_rejected_claim_stays_rejected_across_rebuild_update_and_a_new_article(corpus, tmp_path):
    src, out = corpus
    graph = load_graph(out / "graph.ttl")
    assert (QUELL, AIG.affiliatedWith, NORWAY) in graph          # asserted before the review
    row = row_of(graph, "Mara Quell", "affiliatedWith", "Norway")
    report = import_reviews([sheet(tmp_path / "r.csv", {row.claim: {"decision": "reject"}}, graph)],
                            graph, curation_path(out), reviewer="alice")
    assert [d.kind for d in report.recorded] == ["reject"]

    def check(report):
        graph = report.graph
        assert (QUELL, AIG.affiliatedWith, NORWAY) not in graph
        assert status(graph, row.claim) == "Rejected"          # the claim is kept, marked
        assert [d.kind for d in report.curation.applied] == ["reject"]

    check(build([src], out, use_cache=False))                     # a full rebuild
    check(build([], out, update=True))                            # an --update
    write(tmp_path / "more", unrelated=UNRELATED)
    check(build([src, tmp_path / "more"], out))                   # an unrelated article added
    check(build([tmp_path / "more"], out, update=True))
    import aigraph                                                # the Python API applies it too
    check(aigraph.build([src], out=out, curation=curation_path(out)).report)


def test_an_accepted_claim_is_asserted_whatever_its_confidence(corpus, tmp_path):
    src, out = corpus
    graph = build([src], out, min_confidence=1.0).graph
    assert (QUELL, AIG.affiliatedWith, NORWAY) not in graph       # nothing reaches 1.0
    row = row_of(graph, "Mara Quell", "affiliatedWith", "Norway")
    import_reviews([sheet(tmp_path / "r.csv", {row.claim: {"decision": "accept"}}, graph)],
                   graph, curation_path(out), reviewer="alice")
    graph = build([src], out, min_confidence=1.0).graph
    assert (QUELL, AIG.affiliatedWith, NORWAY) in graph
    assert status(graph, row.claim) == "Accepted"
    assert validate(graph).conforms


def test_a_fix_asserts_the_corrected_fact_and_never_the_original(corpus, tmp_path):
    src, out = corpus
    graph = load_graph(out / "graph.ttl")
    row = row_of(graph, "Mara Quell", "affiliatedWith", "Norway")
    fix = {"decision": "fix", "corrected_property": "leads", "corrected_object": "Ministry of Science"}
    import_reviews([sheet(tmp_path / "r.csv", {row.claim: fix}, graph)], graph,
                   curation_path(out), reviewer="alice")
    graph = build([src], out).graph
    assert (QUELL, AIG.affiliatedWith, NORWAY) not in graph
    assert status(graph, row.claim) == "Corrected"
    assert (QUELL, AIG.leads, AIGR["organization/ministry-of-science"]) in graph
    made = [c for c in graph.subjects(RDF.predicate, AIG.leads)
            if graph.value(c, RDF.subject) == QUELL and status(graph, str(c)) == "Accepted"]
    assert len(made) == 1
    assert str(graph.value(made[0], AIG.evidence)) == row.evidence   # the reviewed sentence
    assert validate(graph).conforms


def test_a_review_follows_its_fact_when_the_sentence_is_edited(corpus, tmp_path):
    """The claim's IRI changes with its sentence; the review then holds for the
    same fact from the same article."""
    src, out = corpus
    graph = load_graph(out / "graph.ttl")
    row = row_of(graph, "Mara Quell", "affiliatedWith", "Norway")
    import_reviews([sheet(tmp_path / "r.csv", {row.claim: {"decision": "reject"}}, graph)],
                   graph, curation_path(out), reviewer="alice")
    (src / "accord.txt").write_text(ACCORD.replace("would reduce the risk of an arms race",
                                                   "would lower the risk of an arms race"))
    report = build([src], out)
    assert row.claim not in {str(c) for c in report.graph.subjects(RDF.type, AIG.Claim)}
    assert (QUELL, AIG.affiliatedWith, NORWAY) not in report.graph
    assert len(report.curation.applied) == 1


def test_an_accept_whose_sentence_is_gone_waits_and_says_so(corpus, tmp_path):
    src, out = corpus
    graph = build([src], out, min_confidence=1.0).graph
    row = row_of(graph, "Mara Quell", "affiliatedWith", "Norway")
    import_reviews([sheet(tmp_path / "r.csv", {row.claim: {"decision": "accept"}}, graph)],
                   graph, curation_path(out), reviewer="alice")
    (src / "accord.txt").write_text(ACCORD.replace(
        "Mara Quell, the Foreign Minister of Norway, said the Harbor Accord would reduce the "
        "risk of an arms race. ", ""))
    report = build([src], out, min_confidence=1.0)
    assert [d.kind for d in report.curation.unmatched] == ["accept"]
    assert (QUELL, AIG.affiliatedWith, NORWAY) not in report.graph
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(src), "-o", str(out), "--min-confidence", "1",
                                 "--no-store"])
    assert result.exit_code == 0, result.output
    assert "Curation " + str(curation_path(out)) + ": 0 decision(s) applied, 1 matched nothing " \
           "in this build." in result.output


# ---------------------------------------------------------------------------
# Entity corrections
# ---------------------------------------------------------------------------


def test_a_merge_holds_for_an_article_added_later_that_names_either_entity(tmp_path):
    src = write(tmp_path / "src", accord=ACCORD, forum=FORUM)
    out = tmp_path / "out"
    graph = build([src], out).graph
    assert (FORUM_IRI, RDFS.label, None) in graph and (INSTITUTE, RDFS.label, None) in graph
    result = CliRunner().invoke(cli, ["merge", "Ostrand Institute", "Ostrand Forum", "--graph",
                                      str(out / "graph.ttl"), "--reviewer", "alice",
                                      "--why", "one think tank, two names"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Recorded in {curation_path(out)}: merge organization/ostrand-forum into "
        "organization/ostrand-institute as 'Ostrand Institute'.\n"
        f"They apply from the next build: aigraph build --update -o {out}\n")
    later = write(tmp_path / "later", later=LATER)
    graph = build([later], out, update=True).graph
    assert (FORUM_IRI, None, None) not in graph and (None, None, FORUM_IRI) not in graph
    assert (INSTITUTE, SKOS.altLabel, None) in graph
    assert "Ostrand Forum" in {str(n) for n in graph.objects(INSTITUTE, SKOS.altLabel)}
    assert (INSTITUTE, AIG.mentionedIn, AIGR["article/later"]) in graph
    later_claims = set(graph.subjects(PROV.wasDerivedFrom, AIGR["article/later"]))
    ends = {graph.value(c, p) for c in later_claims for p in (RDF.subject, RDF.object)}
    assert INSTITUTE in ends                       # the later article's claims name the kept node
    assert validate(graph).conforms
    # an article naming the kept one, added later still, joins the same node
    again = write(tmp_path / "again", again=LATER.replace("Ostrand Forum", "Ostrand Institute"))
    graph = build([again], out, update=True).graph
    assert (INSTITUTE, AIG.mentionedIn, AIGR["article/again"]) in graph
    assert (FORUM_IRI, None, None) not in graph


def test_relabel_retype_and_split_are_applied_by_the_build(tmp_path):
    src = write(tmp_path / "src", accord=ACCORD, forum=FORUM)
    out = tmp_path / "out"
    build([src], out)
    runner = CliRunner()
    g = ["--graph", str(out / "graph.ttl"), "--reviewer", "bob"]
    for args in (["relabel", "Harbor Accord on AI", "Harbor Accord"],
                 ["retype", "Ostrand Institute", "ThinkTank"],
                 ["merge", "Ostrand Institute", "Ostrand Forum"]):
        result = runner.invoke(cli, [*args, *g])
        assert result.exit_code == 0, result.output
    graph = build([src], out).graph
    assert (FORUM_IRI, None, None) not in graph
    # an analyst changes their mind: the forum is a body of its own after all
    result = runner.invoke(cli, ["split", "Ostrand Institute", "Ostrand Forum", *g])
    assert result.exit_code == 0, result.output
    graph = build([src], out).graph
    accord = AIGR["agreement/harbor-accord-on-ai"]
    assert str(graph.value(accord, RDFS.label)) == "Harbor Accord"     # the IRI stays
    assert "Harbor Accord on AI" in {str(n) for n in graph.objects(accord, SKOS.altLabel)}
    assert (INSTITUTE, RDF.type, AIG.ThinkTank) in graph
    # the split undoes the merge for what the name stands for: Lena Brask's body is the forum
    assert (AIGR["person/lena-brask"], AIG.affiliatedWith, FORUM_IRI) in graph
    assert (FORUM_IRI, AIG.mentionedIn, AIGR["article/forum"]) in graph
    assert (INSTITUTE, AIG.mentionedIn, AIGR["article/accord"]) in graph
    assert validate(graph).conforms
    decisions = read_curation(curation_path(out))
    assert sorted(d.kind for d in decisions) == ["merge", "relabel", "retype", "split"]
    assert {d.reviewer for d in decisions} == {"bob"}


def test_entity_commands_refuse_what_the_graph_does_not_say(corpus):
    _, out = corpus
    runner = CliRunner()
    g = ["--graph", str(out / "graph.ttl")]
    cases = [
        (["merge", "Atlantis", "Norway"], "Error: entity 'Atlantis' names no entity of the graph\n"),
        (["merge", "Norway", "Norway"], "Error: 'Norway' and 'Norway' are already the same entity\n"),
        (["retype", "Norway", "Planet"], "Error: unknown class 'Planet'; use one of: Person, "
         "Organization, Country, Place, Agreement, Policy, Document, Event, AISystem, Risk "
         "(or a subclass declared in ontology/aigraph.ttl)\n"),
        (["split", "Norway", "Oslo"], "Error: 'Oslo' is not a name of Norway (its names: Norway)\n"),
    ]
    for args, expected in cases:
        result = runner.invoke(cli, [*args, *g])
        assert result.exit_code == 1
        assert result.output == expected
    assert not curation_path(out).exists()


def test_a_merge_applies_to_an_extraction_with_either_entity_alone():
    """Keyed on identities: a batch that has only the merged-away entity gets it
    under the kept IRI and label."""
    gone = Entity("organization/old-name", "Organization", "Old Name", articles={"a1"})
    person = Entity("person/pat-doe", "Person", "Pat Doe", articles={"a1"})
    claim = Claim("person/pat-doe", "affiliatedWith", "organization/old-name", "a1", "Pat Doe of Old Name.")
    extraction = Extraction(articles=[Article("a1", "a1.txt", "Pat Doe of Old Name.")],
                            entities={e.key: e for e in (gone, person)}, claims=[claim])
    merge = Decision("merge", reviewer="ann", time="2026-01-01T00:00:00+00:00",
                     entity="organization/new-name", other="organization/old-name", label="New Name")
    report = apply_decisions(extraction, [merge])
    assert report.applied == [merge]
    kept = extraction.entities["organization/new-name"]
    assert (kept.label, kept.aliases, kept.articles) == ("New Name", {"Old Name"}, {"a1"})
    assert "organization/old-name" not in extraction.entities
    assert [c.object for c in extraction.claims] == ["organization/new-name"]


# ---------------------------------------------------------------------------
# Sheets: export and import
# ---------------------------------------------------------------------------


def test_the_queue_puts_lowest_confidence_first_and_filters(corpus):
    _, out = corpus
    graph = load_graph(out / "graph.ttl")
    rows = review_queue(graph)
    assert rows and [r.confidence for r in rows] == sorted(r.confidence for r in rows)
    assert all(r.status == "" and r.sources >= 1 for r in rows)
    only = review_queue(graph, prop="role", entity="Mara Quell", min_confidence=0.5)
    assert [(r.subject, r.property, r.object) for r in only] == \
        [("Mara Quell", "role", "Foreign Minister of Norway")]
    assert review_queue(graph, max_confidence=0.0) == []


def test_the_sheet_opens_in_a_spreadsheet_bom_crlf_and_no_formulas(corpus, tmp_path):
    _, out = corpus
    result = CliRunner().invoke(cli, ["review", "export", "-o", str(tmp_path / "q.csv"), "--graph",
                                      str(out / "graph.ttl"), "--entity", "Mara Quell"])
    assert result.exit_code == 0, result.output
    data = (tmp_path / "q.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfclaim,subject,property,object,evidence,confidence,")
    assert data.count(b"\r\n") == len(data.decode("utf-8-sig").splitlines())
    rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    assert result.output == f"Wrote {len(rows)} claim(s) to review to {tmp_path / 'q.csv'}.\n"
    assert all("Mara Quell" in (r["subject"], r["object"]) for r in rows)
    assert all(r["decision"] == r["note"] == "" for r in rows)
    assert all(r["article_title"] == "Chile and Norway sign the Harbor Accord on AI safety" for r in rows)
    from aigraph.reviews import QueueRow, sheet_text
    risky = QueueRow("c", "s", "role", "=SUM(A1)", "-x", 0.5, "Asserted", 1, "", "", "", "", "", "")
    assert "'=SUM(A1)" in sheet_text([risky]) and ",'-x," in sheet_text([risky])


def test_a_sheet_edited_in_a_spreadsheet_imports(corpus, tmp_path):
    """Columns reordered and renamed as people type them, empty rows, a BOM,
    CRLF line ends, semicolons, capitalised decisions."""
    _, out = corpus
    graph = load_graph(out / "graph.ttl")
    reject = row_of(graph, "Mara Quell", "affiliatedWith", "Norway")
    accept = row_of(graph, "Mara Quell", "role", "Foreign Minister of Norway")
    header = ["Note", "Decision", "Corrected Object", "Claim", "Subject"]
    lines = [";".join(header), ";;;;", "",
             f"not in the text;Reject;;{reject.claim};Mara Quell",
             ";;;;", f";ACCEPT;;{accept.claim.rsplit('/', 1)[-1]};Mara Quell", ";;;;", ""]
    path = tmp_path / "edited.csv"
    path.write_bytes(("\r\n".join(lines)).encode("utf-8-sig"))
    result = CliRunner().invoke(cli, ["review", "import", str(path), "--graph",
                                      str(out / "graph.ttl"), "--reviewer", "carol"])
    assert result.exit_code == 0, result.output
    cur = curation_path(out)
    assert result.output.splitlines() == [
        f"{path} row 4: reject {reject.claim.removeprefix(str(AIGR))} (person/mara-quell "
        "affiliatedWith country/norway)",
        f"{path} row 6: accept {accept.claim.removeprefix(str(AIGR))} (person/mara-quell role "
        "Foreign Minister of Norway)",
        f"Recorded 2 decision(s) in {cur}; 0 already there, 0 row(s) without a decision, "
        "0 conflict(s).",
        f"They apply from the next build: aigraph build --update -o {out}"]
    decisions = {d.kind: d for d in read_curation(cur)}
    assert decisions["reject"].note == "not in the text"
    assert decisions["reject"].reviewer == "carol"
    assert decisions["accept"].claim.claim == accept.claim


def test_a_malformed_sheet_changes_nothing_and_names_the_rows(corpus, tmp_path):
    _, out = corpus
    graph = load_graph(out / "graph.ttl")
    good = row_of(graph, "Mara Quell", "affiliatedWith", "Norway")
    cur = curation_path(out)
    write_curation(cur, [])
    before = cur.read_bytes()
    path = tmp_path / "bad.csv"
    path.write_text("claim,decision,corrected_property,corrected_object\r\n"
                    f"{good.claim},reject,,\r\n"
                    "claim/0000000000000000,accept,,\r\n"
                    f"{good.claim},maybe,,\r\n"
                    f"{good.claim},fix,likes,\r\n"
                    f"{good.claim},fix,,Atlantis\r\n"
                    f"{good.claim},accept,leads,\r\n"
                    f"{good.claim},fix,leads,Chile\r\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["review", "import", str(path), "--graph", str(out / "graph.ttl")])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: {path} row 3: unknown claim id 'claim/0000000000000000' (not in the graph: was "
        "the sheet exported from another build?)",
        f"{path} row 4: bad decision 'maybe' (use accept, reject or fix)",
        f"{path} row 5: unknown property 'likes' (use one of: affiliatedWith, leads, role, "
        "memberOf, partyTo, issuedBy, participatesIn, heldIn, addressesRisk, concernedAbout, "
        "supports, opposes, developedBy, date)",
        f"{path} row 6: corrected object 'Atlantis' names no entity of the graph",
        f"{path} row 7: corrected values are only read with 'fix', not 'accept'",
        f"{path} row 8: Chile (Country) cannot be the object of 'leads', which is Agreement or "
        "Document or Event or Organization",
        "Nothing was recorded: correct these rows and import again."]
    assert cur.read_bytes() == before
    # a sheet without a decision column is refused as a whole
    (tmp_path / "nohead.csv").write_text("claim,verdict\r\nx,accept\r\n")
    with pytest.raises(CurationError, match=r"no column 'decision' in its first row"):
        import_reviews([tmp_path / "nohead.csv"], graph, cur)
    assert cur.read_bytes() == before


def test_several_sheets_merge_and_their_conflicts_are_listed(corpus, tmp_path):
    _, out = corpus
    graph = load_graph(out / "graph.ttl")
    a = row_of(graph, "Mara Quell", "affiliatedWith", "Norway")
    b = row_of(graph, "Mara Quell", "role", "Foreign Minister of Norway")
    alice = sheet(tmp_path / "alice.csv", {a.claim: {"decision": "reject"},
                                           b.claim: {"decision": "accept"}}, graph)
    bob = sheet(tmp_path / "bob.csv", {a.claim: {"decision": "accept"},
                                       b.claim: {"decision": "accept"}}, graph)
    report = import_reviews([alice, bob], graph, curation_path(out), reviewer="team")
    assert [d.claim.claim for d in report.recorded] == [b.claim]
    assert len(report.conflicts) == 1
    assert report.conflicts[0].startswith(a.claim.removeprefix(str(AIGR)) + ": ")
    assert "alice.csv row" in report.conflicts[0] and "says reject" in report.conflicts[0]
    assert "bob.csv row" in report.conflicts[0] and "says accept" in report.conflicts[0]


def test_two_analysts_curation_files_merge_with_conflicts_listed(corpus, tmp_path):
    _, out = corpus
    graph = load_graph(out / "graph.ttl")
    a = row_of(graph, "Mara Quell", "affiliatedWith", "Norway")
    b = row_of(graph, "Mara Quell", "role", "Foreign Minister of Norway")
    mine, theirs = tmp_path / "mine.ttl", tmp_path / "theirs.ttl"
    import_reviews([sheet(tmp_path / "m.csv", {a.claim: {"decision": "reject"}}, graph)], graph,
                   mine, reviewer="alice")
    import_reviews([sheet(tmp_path / "t.csv", {a.claim: {"decision": "accept"},
                                               b.claim: {"decision": "accept"}}, graph)],
                   graph, theirs, reviewer="bob")
    report = import_reviews([theirs], graph, mine, reviewer="alice")
    assert [(d.kind, d.reviewer) for d in report.recorded] == [("accept", "bob")]
    assert len(report.conflicts) == 1 and "says reject" in report.conflicts[0]
    kinds = sorted((d.kind, d.reviewer) for d in read_curation(mine))
    assert kinds == [("accept", "bob"), ("reject", "alice")]
    again = import_reviews([theirs, mine], graph, mine)    # our own file again changes nothing
    assert again.recorded == []


# ---------------------------------------------------------------------------
# The curation file
# ---------------------------------------------------------------------------


def test_the_curation_file_validates_and_is_deterministic(corpus, tmp_path):
    src, out = corpus
    graph = load_graph(out / "graph.ttl")
    a = row_of(graph, "Mara Quell", "affiliatedWith", "Norway")
    b = row_of(graph, "Mara Quell", "role", "Foreign Minister of Norway")
    fix = {"decision": "fix", "corrected_property": "leads", "corrected_object": "Ministry of Science",
           "note": "she runs it"}
    path = sheet(tmp_path / "r.csv", {a.claim: fix, b.claim: {"decision": "accept"}}, graph)
    import_reviews([path], graph, curation_path(out), reviewer="alice")
    runner = CliRunner()
    for args in (["relabel", "Harbor Accord on AI", "Harbor Accord"], ["retype", "Norway", "Country"],
                 ["merge", "Chile", "Norway", "--label", "Chile"]):
        assert runner.invoke(cli, [*args, "--graph", str(out / "graph.ttl")]).exit_code == 0
    cur = curation_path(out)
    curation = Graph().parse(cur, format="turtle")
    report = validate(curation)
    assert report.conforms, report.messages()
    assert runner.invoke(cli, ["validate", str(cur)]).exit_code == 0
    # the shapes bite: a fix that corrects nothing, a merge that merges nothing
    text = cur.read_text()
    import pyoxigraph
    assert list(pyoxigraph.parse(path=str(cur), format=pyoxigraph.RdfFormat.TURTLE))  # strict parser
    broken = Graph().parse(data=text, format="turtle")
    fixed = next(broken.subjects(AIG.decision, AIG.Corrected))
    broken.remove((fixed, AIG.correctedObject, None))
    broken.remove((fixed, AIG.correctedPredicate, None))
    broken.remove((next(broken.subjects(RDF.type, AIG.Merge)), AIG.mergedEntity, None))
    messages = validate(broken).messages()
    assert any("needs an aig:correctedSubject" in m for m in messages)
    assert any("exactly one aig:mergedEntity" in m for m in messages)
    # the same decisions give the same bytes
    decisions = read_curation(cur)
    write_curation(tmp_path / "again.ttl", reversed(decisions))
    assert (tmp_path / "again.ttl").read_bytes() == cur.read_bytes()
    first = build([src], out).graph
    assert validate(first).conforms
    data = (out / "graph.ttl").read_bytes()
    build([src], out, use_cache=False)
    assert (out / "graph.ttl").read_bytes() == data


def test_explain_shows_the_review(corpus, tmp_path):
    src, out = corpus
    graph = load_graph(out / "graph.ttl")
    row = row_of(graph, "Mara Quell", "affiliatedWith", "Norway")
    import_reviews([sheet(tmp_path / "r.csv", {row.claim: {"decision": "reject"}}, graph)],
                   graph, curation_path(out), reviewer="alice")
    build([src], out)
    result = CliRunner().invoke(cli, ["explain", "Mara Quell", "affiliatedWith", "Norway",
                                      "--graph", str(out / "graph.ttl")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == (
        f"  Asserted, confidence {row.confidence:.2f}, rejected by an analyst, in Chile and "
        "Norway sign the Harbor Accord on AI safety (accord.txt)")


# ---------------------------------------------------------------------------
# Feedback
# ---------------------------------------------------------------------------


def test_evaluate_reviews_scores_the_extractor_on_the_reviewed_facts(corpus, tmp_path):
    _, out = corpus
    graph = load_graph(out / "graph.ttl")
    a = row_of(graph, "Mara Quell", "affiliatedWith", "Norway")       # asserted
    b = row_of(graph, "Mara Quell", "role", "Foreign Minister of Norway")  # asserted
    low = min((r for r in review_queue(graph) if r.property == "concernedAbout"),
              key=lambda r: r.confidence)                                 # not asserted
    import_reviews([sheet(tmp_path / "r.csv", {a.claim: {"decision": "reject"},
                                               b.claim: {"decision": "accept"},
                                               low.claim: {"decision": "accept"}}, graph)],
                   graph, curation_path(out), reviewer="alice")
    result = CliRunner().invoke(cli, ["evaluate", "--reviews", str(out), "--min-confidence", "0.5"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Reviewed claims: 3 (2 accepted, 1 rejected, 0 fixed); facts asserted at confidence >= 0.50.",
        "property          right  wrong missed",
        "affiliatedWith        0      1      0",
        "concernedAbout        0      0      1",
        "role                  1      0      0",
        "all                   1      1      1",
        "Precision 0.500, recall 0.500 on the reviewed facts; 0 rejected fact(s) kept out."]
    result = CliRunner().invoke(cli, ["evaluate", "--reviews", str(out), "--min-confidence", "0.5",
                                      "--json"])
    data = json.loads(result.output)
    assert (data["right"], data["wrong"], data["missed"], data["kept_out"]) == (1, 1, 1, 0)
    assert data["reviews"] == {"accept": 2, "reject": 1, "fix": 0}
    assert data["by_property"]["affiliatedWith"] == [0, 1, 0]
    result = CliRunner().invoke(cli, ["evaluate", str(out)])
    assert result.exit_code == 2 and "give --gold (annotations) or --reviews" in result.output


def test_reviews_become_labelled_training_examples(corpus, tmp_path):
    from aigraph.reviews import review_examples

    _, out = corpus
    review(out, tmp_path, {("Mara Quell", "affiliatedWith", "Norway"): "reject",
                           ("Mara Quell", "role", "Foreign Minister of Norway"): "accept"})
    examples = review_examples(out)
    assert sorted(label for _, _, label in examples) == [False, True]
    assert all(article == "accord" and features for article, features, _ in examples)


@pytest.mark.slow
def test_train_with_reviews_learns_from_them(corpus, tmp_path):
    from aigraph.reviews import review_examples
    from aigraph.train import GoldSet, train

    _, out = corpus
    review(out, tmp_path, {("Mara Quell", "affiliatedWith", "Norway"): "reject"})
    root = Path(__file__).resolve().parents[1]
    sets = [GoldSet("samples", root / "sources", root / "tests" / "gold" / "samples", reference=True)]
    plain = train(sets, out=tmp_path / "plain.json", folds=2)
    reviewed = train(sets, out=tmp_path / "reviewed.json", folds=2, reviews=review_examples(out))
    assert reviewed.model.meta["reviews"] == {"candidates": 1, "right": 0}
    assert "reviews" not in plain.model.meta
    assert reviewed.model.weights != plain.model.weights


def test_the_explorer_marks_accepted_evidence_and_drops_rejected(corpus, tmp_path):
    from aigraph.analyse import to_networkx
    from aigraph.render import render_html
    from test_render import page_data

    src, out = corpus
    dropped = ("Harbor Accord on AI", "addressesRisk", "Arms race")
    drop = review(out, tmp_path, {("Mara Quell", "affiliatedWith", "Norway"): "accept",
                                  dropped: "reject"})[dropped]
    graph = build([src], out).graph
    G = to_networkx(graph)
    support = {(s, o, k): d["evidence"] for s, o, k, d in G.edges(keys=True, data=True)}
    assert [e.review for e in support[(str(QUELL), str(NORWAY), "affiliatedWith")]] == ["Accepted"]
    assert not any(e.sentence == drop.evidence for (s, o, k), items in support.items()
                   if (o, k) == (drop.object_iri, "addressesRisk") for e in items)
    page = render_html(graph, tmp_path / "page.html")
    data = page_data(page)
    edge = next(e for e in data["edges"] if e["label"] == "affiliatedWith")
    assert edge["reviewed"] is True     # the fact panel says "accepted by an analyst"
    assert data["articles"][edge["ev"][0][1]]["title"] == \
        "Chile and Norway sign the Harbor Accord on AI safety"
    assert all("reviewed" not in e for e in data["edges"] if e["label"] != "affiliatedWith")


def test_a_dry_run_records_nothing_and_a_new_verdict_replaces_the_old(corpus, tmp_path, monkeypatch):
    _, out = corpus
    graph = load_graph(out / "graph.ttl")
    row = row_of(graph, "Mara Quell", "affiliatedWith", "Norway")
    short = row.claim.removeprefix(str(AIGR))
    runner = CliRunner()
    args = ["--graph", str(out / "graph.ttl"), "--reviewer", "dan"]
    first = sheet(tmp_path / "first.csv", {row.claim: {"decision": "reject"}}, graph)
    result = runner.invoke(cli, ["review", "import", str(first), "--dry-run", *args])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("Would record 1 decision(s) in ")
    assert not curation_path(out).exists()
    assert runner.invoke(cli, ["review", "import", str(first), *args]).exit_code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000100")        # later
    second = sheet(tmp_path / "second.csv", {row.claim: {"decision": "accept"}}, graph)
    result = runner.invoke(cli, ["review", "import", str(second), *args])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].endswith(
        f"accept {short} (person/mara-quell affiliatedWith country/norway) (replaces reject by dan)")
    report = build([out.parent / "src"], out)
    assert status(report.graph, row.claim) == "Accepted"


def test_a_fixed_date_is_read_as_written_and_typed(corpus, tmp_path):
    from rdflib import Literal
    from rdflib.namespace import XSD

    src, out = corpus
    graph = load_graph(out / "graph.ttl")
    row = row_of(graph, "Harbor Accord on AI", "date", "2025-05-03")
    import_reviews([sheet(tmp_path / "r.csv", {row.claim: {"decision": "fix",
                                                           "corrected_object": "4 May 2025"}},
                          graph)], graph, curation_path(out), reviewer="erin")
    graph = build([src], out).graph
    accord = AIGR["agreement/harbor-accord-on-ai"]
    assert set(graph.objects(accord, AIG.date)) == {Literal("2025-05-04", datatype=XSD.date)}
    bad = sheet(tmp_path / "bad.csv", {row.claim: {"decision": "fix", "corrected_object": "soon"}},
                graph)
    with pytest.raises(CurationError, match=r"row \d+: 'soon' is not a date"):
        import_reviews([bad], graph, curation_path(out))


def test_a_later_decision_replaces_the_earlier_whatever_the_clock_says(corpus, tmp_path, monkeypatch):
    """Recorded with dcterms:replaces, so the order holds even at the same second
    (or with an analyst's clock behind)."""
    from rdflib.namespace import DCTERMS

    src, out = corpus
    graph = load_graph(out / "graph.ttl")
    row = row_of(graph, "Mara Quell", "affiliatedWith", "Norway")
    cur = curation_path(out)
    import_reviews([sheet(tmp_path / "a.csv", {row.claim: {"decision": "reject"}}, graph)],
                   graph, cur, reviewer="fay")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1779999000")        # a clock behind
    report = import_reviews([sheet(tmp_path / "b.csv", {row.claim: {"decision": "accept"}}, graph)],
                            graph, cur, reviewer="fay")
    (new, before), = report.replaced
    assert (new.kind, before.kind, new.replaces) == ("accept", "reject", str(before.iri))
    assert (URIRef(new.iri), DCTERMS.replaces, URIRef(before.iri)) in Graph().parse(cur)
    assert status(build([src], out).graph, row.claim) == "Accepted"
    assert validate(Graph().parse(cur)).conforms
    runner = CliRunner()
    g = ["--graph", str(out / "graph.ttl")]
    for label in ("Harbour Accord", "Harbor Accord"):                 # the same second twice
        assert runner.invoke(cli, ["relabel", "Harbor Accord on AI", label, *g]).exit_code == 0
    graph = build([src], out).graph
    assert str(graph.value(AIGR["agreement/harbor-accord-on-ai"], RDFS.label)) == "Harbor Accord"


def test_reviews_follow_a_merge_when_the_extractor_renames_an_entity(corpus, tmp_path):
    """The person's name changes in the source, so the entity's IRI does: the
    review matches nothing until the old IRI is merged into the new node."""
    src, out = corpus
    graph = load_graph(out / "graph.ttl")
    row = row_of(graph, "Mara Quell", "affiliatedWith", "Norway")
    import_reviews([sheet(tmp_path / "r.csv", {row.claim: {"decision": "reject"}}, graph)],
                   graph, curation_path(out), reviewer="gus")
    (src / "accord.txt").write_text(ACCORD.replace("Mara Quell", "Mara J. Quell"))
    renamed = AIGR["person/mara-j-quell"]
    report = build([src], out)
    assert (renamed, AIG.affiliatedWith, NORWAY) in report.graph
    assert [d.kind for d in report.curation.unmatched] == ["reject"]
    elsewhere = tmp_path / "elsewhere.ttl"
    result = CliRunner().invoke(cli, ["merge", "Mara J. Quell", f"<{QUELL}>", "--graph",
                                      str(out / "graph.ttl"), "--curation", str(elsewhere)])
    assert result.exit_code == 0, result.output
    assert not curation_path(out).read_text().count("aig:Merge")
    result = CliRunner().invoke(cli, ["build", str(src), "-o", str(out), "--no-store",
                                      "--curation", str(elsewhere)])
    assert result.exit_code == 0, result.output      # another file: the reject is not in it
    assert (renamed, AIG.affiliatedWith, NORWAY) in load_graph(out / "graph.ttl")
    import_reviews([curation_path(out)], graph, elsewhere)          # bring the reject over
    graph = build([src], out, curation=elsewhere).graph
    assert (renamed, AIG.affiliatedWith, NORWAY) not in graph
    rejected = [c for c in graph.subjects(RDF.subject, renamed)
                if graph.value(c, RDF.predicate) == AIG.affiliatedWith
                and graph.value(c, RDF.object) == NORWAY]   # not a weak candidate to another body
    assert rejected and all(status(graph, str(c)) == "Rejected" for c in rejected)
    assert (QUELL, None, None) not in graph
