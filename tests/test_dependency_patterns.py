"""Structural relation patterns as data (ontology/dependency-patterns.jsonl)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aigraph import ontology
from aigraph.extract import extract
from aigraph.extract.relations.dependency import PatternFileError, dependency_patterns
from aigraph.model import Article

ROOT = Path(__file__).resolve().parents[1]


def facts(text: str) -> set[tuple[str, str, str]]:
    ex = extract([Article("t1", "t1.txt", text)], model=None)
    return {(c.subject, c.predicate, c.object) for c in ex.claims
            if c.modality != "Negated" and "rule:dependency" in c.signals}


def test_the_shipped_patterns_load_with_their_lexicons_filled_in():
    patterns = {p.id: p for p in dependency_patterns()}
    assert {"vote-against", "refuse-to-sign", "adopt", "sign-into-law"} <= set(patterns)
    verb = patterns["refuse-to-sign"].pattern[0]["RIGHT_ATTRS"]["LEMMA"]["IN"]
    assert "refuse" in verb and not any(w.startswith("@") for w in verb)


@pytest.mark.parametrize("text, fact", [
    ("Governor Tom Reyes vetoed SB 210 on Friday.",
     ("person/tom-reyes", "opposes", "policy/sb-210")),
    ("SB 210 was vetoed by Governor Tom Reyes.",
     ("person/tom-reyes", "opposes", "policy/sb-210")),
    ("Senator Jane Porter voted against the Safe Models Act.",
     ("person/jane-porter", "opposes", "policy/safe-models-act")),
    ("Senator Jane Porter voted for the Safe Models Act.",
     ("person/jane-porter", "supports", "policy/safe-models-act")),
    ("Nimbus AI refused to sign the Paris Code of Conduct.",
     ("organization/nimbus-ai", "opposes", "agreement/paris-code-of-conduct")),
    ("The European Parliament adopted the AI Liability Directive on Wednesday.",
     ("organization/european-parliament", "supports", "policy/ai-liability-directive")),
    ("The European Parliament adopted the AI Liability Directive on Wednesday.",
     ("policy/ai-liability-directive", "issuedBy", "organization/european-parliament")),
    ("Governor Ann Vale signed the Safe Models Act into law.",
     ("person/ann-vale", "supports", "policy/safe-models-act")),
    ("The Safe Models Act, backed by Nimbus AI, passed on Friday.",
     ("organization/nimbus-ai", "supports", "policy/safe-models-act")),
    ("Governor Ann Vale endorsed the Safe Models Act.",
     ("person/ann-vale", "supports", "policy/safe-models-act")),
    ("Senator Jane Porter, who sponsored the Safe Models Act, spoke first.",
     ("person/jane-porter", "supports", "policy/safe-models-act")),
    # a group noun's list: every member joins; the classes pick the property
    ("Firms such as Nimbus AI, Corvid Labs, Helix Systems and Quill Robotics joined "
     "the Frontier Safety Consortium.",
     ("organization/helix-systems", "memberOf", "organization/frontier-safety-consortium")),
    ("Firms such as Nimbus AI, Corvid Labs, Helix Systems and Quill Robotics joined "
     "the Frontier Safety Consortium.",
     ("organization/corvid-labs", "memberOf", "organization/frontier-safety-consortium")),
    ("The Harbour Accord, signed by Brazil and Chile, took effect in June.",
     ("country/chile", "partyTo", "agreement/harbour-accord")),
    ("Brazil and Chile joined the Harbour Declaration in May.",
     ("country/chile", "partyTo", "agreement/harbour-declaration")),
    ("The Nordic Accord on AI, published by the Nordic Data Council, sets limits.",
     ("agreement/nordic-accord-on-ai", "issuedBy", "organization/nordic-data-council")),
    ("The Oslo Rule, introduced by Senator Mark Dunne, was rescinded.",
     ("policy/oslo-rule", "issuedBy", "person/mark-dunne")),
    ("The Nordic Insurers Guild lobbied hard against the Safe Models Act.",
     ("organization/nordic-insurers-guild", "opposes", "policy/safe-models-act")),
])
def test_a_pattern_reads_its_construction(text, fact):
    assert fact in facts(text)


def test_each_person_of_a_list_belongs_to_the_place_after_them():
    # read from the words: the parser hangs the second "of" on the first place
    ex = extract([Article("t1", "t1.txt", "Presidents Jonas Perrin of Rwanda and Alia Demir of Togo "
                          "opened the forum with Ben Osei from the Lagos Institute for AI Policy.")],
                 model=None)
    found = {(c.subject, c.object) for c in ex.claims
             if c.predicate == "affiliatedWith" and "rule:person_of" in c.signals}
    assert found == {("person/jonas-perrin", "country/rwanda"), ("person/alia-demir", "country/togo"),
                     ("person/ben-osei", "organization/lagos-institute-for-ai-policy")}


def test_a_pattern_reads_a_sentence_after_the_first():
    # the matcher numbers a sentence's tokens from the sentence's start
    text = ("Lawmakers met in the capital on Monday after a long debate. "
            "The European Parliament adopted the AI Liability Directive on Wednesday.")
    assert ("organization/european-parliament", "supports", "policy/ai-liability-directive") \
        in facts(text)


@pytest.mark.parametrize("text", [
    "Governor Tom Reyes said SB 210 would pass.",                       # no veto
    "Senator Jane Porter spoke against delays before the vote on the Safe Models Act.",
    "Nimbus AI agreed to sign the Paris Code of Conduct.",              # no refusal
    "Critics asked whether the European Parliament would adopt anything at all.",
    "Nimbus AI said the Safe Models Act was a start, and Corvid Labs joined the call.",
])
def test_near_misses_read_nothing(text):
    assert not {f for f in facts(text) if f[1] in ("opposes", "supports")}


def test_a_bad_pattern_line_names_the_file_and_line(tmp_path, monkeypatch):
    folder = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", folder)
    lines = (folder / "dependency-patterns.jsonl").read_text(encoding="utf-8").splitlines()
    with (folder / "dependency-patterns.jsonl").open("a", encoding="utf-8") as f:
        f.write('{"id": "broken", "claims": [["a", "opposes", "b"]], "pattern": '
                '[{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": {"IN": "@word:noSuchList"}}}]}\n')
    monkeypatch.setenv(ontology.ENV_VAR, str(folder))
    ontology.clear_cache()
    try:
        with pytest.raises(PatternFileError, match=rf"dependency-patterns\.jsonl:{len(lines) + 1}: .*noSuchList"):
            dependency_patterns()
    finally:
        monkeypatch.delenv(ontology.ENV_VAR)
        ontology.clear_cache()


def test_the_founders_and_new_members_of_a_group_of_states_are_its_members():
    text = ("The Andes Group was founded by Chile, Peru and Bolivia, but the group last year "
            "expanded to include Ecuador and Colombia. OpenAI was founded by Sam Altman.")
    ex = extract([Article(id="g1", source="g1.txt", text=text)], model=None)
    members = {c.subject for c in ex.claims if c.predicate == "memberOf"}
    assert members == {"country/chile", "country/peru", "country/bolivia", "country/ecuador",
                       "country/colombia"}


def test_an_investor_supports_the_company_it_invests_in():
    text = "The regulator did not investigate Acme Capital's investment in Qorvane Labs."
    ex = extract([Article(id="i1", source="i1.txt", text=text)], model=None)
    assert {(c.subject, c.predicate, c.object) for c in ex.claims if c.predicate == "supports"} \
        == {("organization/acme-capital", "supports", "organization/qorvane-labs")}


def test_a_text_from_someone_names_its_issuer_and_people_from_a_country_do_not():
    text = ("The ban follows an emergency directive from the Ministry of Finance. The directive "
            "applies to all ministries. Delegates from Chile attended the Oslo Summit.")
    ex = extract([Article(id="t2", source="t2.txt", text=text)], model=None)
    issued = {(c.subject.split("--")[0], c.object) for c in ex.claims if c.predicate == "issuedBy"}
    assert issued == {("policy/emergency-directive", "organization/ministry-of-finance")}


def test_a_relative_clause_after_a_list_describes_the_name_before_it():
    # the parser hangs ", which refused ..." on the list's first noun; only the
    # last name refused, the others signed
    text = ("Signatories include the host country, Austria, as well as Chile, Peru and "
            "the United Kingdom, which refused to sign the Lima Accord last year.")
    refusing = {s for s, p, o in facts(text) if p == "opposes"}
    assert refusing == {"country/united-kingdom"}


def test_who_after_a_single_name_is_that_name():
    text = "Senator Rita Vance, who opposed the Data Brokers Act, spoke first."
    assert ("person/rita-vance", "opposes", "policy/data-brokers-act") in facts(text)


def test_it_after_a_signing_verb_is_the_text_not_the_summit():
    text = ("Forty countries on Thursday endorsed the Lisbon Accord on Military AI at the close "
            "of the third Summit on Responsible Robotics (SRR), but Brazil and Chile declined "
            "to endorse it.")
    refused = {(s, o) for s, p, o in facts(text) if p == "opposes"}
    assert refused == {("country/brazil", "agreement/lisbon-accord-on-military-ai"),
                       ("country/chile", "agreement/lisbon-accord-on-military-ai")}


def test_companies_listed_under_a_signed_code_back_it_and_did_not_issue_it():
    text = ("The European Commission published the Content Labelling Code in July. Twelve "
            "companies signed the code, including Acme Robotics and Beta Corp.")
    ex = extract([Article("t1", "t1.txt", text)], model=None)
    found = {(c.subject, c.predicate, c.object) for c in ex.claims}
    assert ("organization/acme-robotics", "supports", "policy/content-labelling-code") in found
    assert not {f for f in found if f[1] == "issuedBy" and f[2] == "organization/acme-robotics"}


def test_a_vote_without_an_object_is_on_the_bill_just_named():
    text = ("The Oregon Senate on Thursday passed the Youth Chatbot Protection Act. "
            "Two Democrats, Sens. Nora Quist and Paul Lindgren, voted no. Senator Jane Roe voted yes.")
    ex = extract([Article("t1", "t1.txt", text)], model=None)
    votes = {(c.subject, c.predicate, c.object) for c in ex.claims if "rule:vote_word" in c.signals}
    bill = "policy/youth-chatbot-protection-act"
    assert votes == {("person/nora-quist", "opposes", bill), ("person/paul-lindgren", "opposes", bill),
                     ("person/jane-roe", "supports", bill)}


def test_a_vote_with_no_bill_named_nearby_reads_nothing():
    ex = extract([Article("t1", "t1.txt", "Senator Jane Roe voted no on Tuesday.")], model=None)
    assert not [c for c in ex.claims if "rule:vote_word" in c.signals]


def facts_of(text: str, predicate: str) -> set[tuple[str, str]]:
    ex = extract([Article(id="m1", source="m1.txt", text=text)], model=None)
    return {(c.subject, c.object) for c in ex.claims if c.predicate == predicate
            and "broad|only-broad" not in c.signals}


def test_the_members_a_body_is_said_to_have_are_its_members():
    text = ("Ministers launched the Tarrow Network of Testing Institutes on Monday. "
            "The network's first members are Chile, Ghana and Peru.")
    network = "organization/tarrow-network-of-testing-institutes"
    assert facts_of(text, "memberOf") == {("country/chile", network), ("country/ghana", network),
                                          ("country/peru", network)}
    assert facts_of("The members of the Quell Group are Chile and Norway.", "memberOf") == {
        ("country/chile", "organization/quell-group"), ("country/norway", "organization/quell-group")}


def test_signatories_a_body_reports_are_not_its_members():
    text = "The signatories include Chile, Peru and Norway, the Quell Commission said on Friday."
    assert facts_of(text, "memberOf") == set()


def test_a_chamber_a_bill_passes_backs_it():
    text = "The Fair Screening Act passed the Oregon Senate 30-8 in May."
    assert ("organization/oregon-senate", "policy/fair-screening-act") in facts_of(text, "supports")


def test_a_second_chamber_a_bill_clears_backs_it_too():
    text = "The Safe Apps Act passed the Ohio Senate 41-9 in April and cleared the Ohio Assembly 38-14."
    assert facts_of(text, "supports") >= {("organization/ohio-senate", "policy/safe-apps-act"),
                                          ("organization/ohio-assembly", "policy/safe-apps-act")}


def test_a_body_counting_companies_among_its_members_has_them_as_members():
    text = ("The trade body Digital Trade Quorum, which counts Marlow Labs among its members, "
            "said the rules were vague.")
    assert ("organization/marlow-labs", "organization/digital-trade-quorum") in facts_of(text, "memberOf")
    assert ("organization/digital-trade-quorum", "organization/marlow-labs") not in facts_of(text, "memberOf")


def test_a_chamber_that_passes_a_bill_also_issues_it():
    text = "The Safe Apps Act passed the Ohio Senate 41-9 in April."
    assert ("policy/safe-apps-act", "organization/ohio-senate") in facts_of(text, "issuedBy")


def test_the_participants_or_speakers_at_an_event_take_part_in_it():
    assert facts_of("Participants in the Lagos Data Summit included Maria Lund and Peter Olsen.",
                    "participatesIn") == {("person/maria-lund", "event/lagos-data-summit"),
                                          ("person/peter-olsen", "event/lagos-data-summit")}
