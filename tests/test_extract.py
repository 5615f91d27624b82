"""Extraction: each pattern family on sentences written for these tests
(none come from the sample articles), with negative cases that must
produce nothing."""

from __future__ import annotations

import pytest

from aigraph.extract import extract
from aigraph.extract.dates import normalise_date
from aigraph.model import Article


def run(text: str, date: str | None = None, article_id: str = "t1"):
    """The hand-written patterns' claims (the relation model is tested in test_decide.py)."""
    return extract([Article(id=article_id, source=f"{article_id}.txt", text=text, date=date)],
                   model=None)


def facts(extraction, asserted_only: bool = True) -> set[tuple[str, str, str]]:
    return {(c.subject, c.predicate, c.object) for c in extraction.claims
            if not asserted_only or c.modality != "Negated"}


def claim_for(extraction, s, p, o):
    return next(c for c in extraction.claims if (c.subject, c.predicate, c.object) == (s, p, o))


def test_title_before_a_name_gives_role_and_affiliation():
    ex = run("German Digital Minister Karl Weber met industry leaders on Tuesday.")
    roles = {c.object for c in ex.claims if c.predicate == "role"}
    assert any("Minister" in r for r in roles)
    assert ("person/karl-weber", "affiliatedWith", "country/germany") in facts(ex)


def test_company_title_gives_leads_and_affiliation():
    ex = run("Orbital Labs CEO Maria Santos presented the company's new model to investors.")
    org = next(k for k, e in ex.entities.items() if e.label == "Orbital Labs")
    assert ("person/maria-santos", "affiliatedWith", org) in facts(ex)
    assert ("person/maria-santos", "leads", org) in facts(ex)
    assert ("person/maria-santos", "role", "CEO") in facts(ex)


def test_apposition_gives_affiliation():
    ex = run("Sara Lindqvist, the director of the Global Policy Institute, spoke at the event.")
    org = next(k for k, e in ex.entities.items() if e.label == "Global Policy Institute")
    assert ("person/sara-lindqvist", "affiliatedWith", org) in facts(ex)


def test_passive_signing_by_group_gives_party_to_for_both_countries():
    text = ("France and Japan have been rivals in chip design. "
            "The Lisbon Declaration, signed by both countries, sets rules on deepfakes.")
    ex = run(text)
    found = facts(ex)
    assert ("country/france", "partyTo", "agreement/lisbon-declaration") in found
    assert ("country/japan", "partyTo", "agreement/lisbon-declaration") in found
    assert ("agreement/lisbon-declaration", "addressesRisk", "risk/Disinformation") in found


def test_possessive_policy_is_issued_by_its_owner():
    ex = run("Canada's National AI Strategy puts privacy first.")
    assert ("policy/national-ai-strategy", "issuedBy", "country/canada") in facts(ex)


def test_countries_in_an_event_name_take_part():
    ex = run("Officials prepared for the Japan-India AI talks in Tokyo.")
    event = next(k for k, e in ex.entities.items() if e.cls == "Event")
    assert ("country/japan", "participatesIn", event) in facts(ex)
    assert ("country/india", "participatesIn", event) in facts(ex)


def test_event_place_and_date():
    ex = run("The Nordic AI Summit was held in Oslo in March 2025.")
    found = facts(ex)
    assert ("event/nordic-ai-summit", "heldIn", "place/oslo") in found
    date = claim_for(ex, "event/nordic-ai-summit", "date", "2025-03")
    assert date.datatype == "gYearMonth"


def test_year_in_a_name_dates_it():
    ex = run("Delegates praised the 2024 Lisbon Declaration.")
    date = claim_for(ex, "agreement/lisbon-declaration", "date", "2024")
    assert date.datatype == "gYear"


def test_concern_verbs_link_actors_to_risks():
    ex = run("Brazil warned that AI could be used to launch cyberattacks on power grids.")
    assert ("country/brazil", "concernedAbout", "risk/CyberOffense") in facts(ex)


def test_negated_signing_is_kept_as_a_negated_claim_only():
    ex = run("Russia did not sign the Lisbon Declaration.")
    claim = claim_for(ex, "country/russia", "partyTo", "agreement/lisbon-declaration")
    assert claim.modality == "Negated"
    assert ("country/russia", "partyTo", "agreement/lisbon-declaration") not in facts(ex)


@pytest.mark.parametrize("sentence, modality", [
    ("According to officials, Italy will sign the Rome Declaration.", "Planned"),
    ("Italy reportedly signed the Rome Declaration.", "Reported"),
    ("Italy may sign the Rome Declaration.", "Hedged"),
    ("Italy signed the Rome Declaration.", "Asserted"),
])
def test_modality_of_a_claim(sentence, modality):
    ex = run(sentence)
    claim = claim_for(ex, "country/italy", "partyTo", "agreement/rome-declaration")
    assert claim.modality == modality


def test_hedged_claims_are_less_confident_than_asserted_ones():
    asserted = claim_for(run("Italy signed the Rome Declaration."),
                         "country/italy", "partyTo", "agreement/rome-declaration")
    hedged = claim_for(run("Italy may sign the Rome Declaration."),
                       "country/italy", "partyTo", "agreement/rome-declaration")
    assert hedged.confidence < asserted.confidence


@pytest.mark.parametrize("text", [
    "The weather in spring was mild and the markets rose slightly.",
    "Nobody expected the results to change much this quarter.",
])
def test_plain_sentences_give_no_claims(text):
    ex = run(text)
    assert ex.claims == []
    assert [e for e in ex.entities.values() if e.cls != "Risk"] == []


def test_surface_forms_of_a_country_collapse_to_one_node():
    text = ("The US announced new rules. U.S. officials said the United States would act. "
            "Washington has long resisted such limits.")
    ex = run(text)
    us = ex.entities["country/united-states"]
    assert {"US", "U.S.", "Washington"} <= us.aliases
    assert not [k for k in ex.entities if k.startswith("place/")]
    assert us.same_as == "http://www.wikidata.org/entity/Q30"


def test_a_capital_used_as_a_place_is_a_place():
    ex = run("The summit will take place in Nairobi. Kenya hosts it.")
    assert "place/nairobi" in ex.entities


def test_surname_joins_the_full_name_across_articles():
    a = Article(id="a", source="a.txt", text="Maria Santos leads the lab.")
    b = Article(id="b", source="b.txt", text="Santos said the model is safe.")
    ex = extract([a, b])
    people = [e for e in ex.entities.values() if e.cls == "Person"]
    assert [p.label for p in people] == ["Maria Santos"]
    assert people[0].articles == {"a", "b"}
    assert "Santos" in people[0].aliases


def test_a_company_read_as_a_person_lends_no_surname_to_other_articles():
    a = Article(id="a", source="a.txt", text="The sixth founder, Brisco AI, quit the council in May.")
    b = Article(id="b", source="b.txt", text="AI models are risky, said Tom Hale on Monday.")
    ex = extract([a, b])
    by_label = {e.label: e for e in ex.entities.values()}
    assert by_label["Brisco AI"].cls == "Organization"
    assert by_label["Brisco AI"].articles == {"a"}


@pytest.mark.parametrize("name", ["Pellow Wire", "Quillan Digital", "Yarrow Data"])
def test_a_name_ending_like_a_company_or_an_outlet_is_no_person(name):
    ex = run(f"The report was first published by {name} on Monday, and Tom Hale said it was fair.")
    people = {e.label for e in ex.entities.values() if e.cls == "Person"}
    assert name not in people
    assert "Tom Hale" in people


@pytest.mark.parametrize("word, surname", [("Santos", True), ("McAllen", True),
                                           ("Bogdan-Martin", True), ("AI", False),
                                           ("Wire", False), ("Labs", False), ("General", False),
                                           ("Council", False)])
def test_which_last_words_stand_alone_for_a_person(word, surname):
    from aigraph.extract.mentions.core import is_surname_word
    assert is_surname_word(word) is surname


def test_people_with_the_same_surname_stay_apart():
    ex = run("John Carter met Jane Carter in Geneva to discuss the plan.")
    labels = sorted(e.label for e in ex.entities.values() if e.cls == "Person")
    assert labels == ["Jane Carter", "John Carter"]


def test_acronym_defined_in_parentheses_is_an_alias():
    ex = run("The Frontier Safety Council (FSC) met on Monday. The FSC then published a report.")
    orgs = [e for e in ex.entities.values() if e.cls == "Organization"]
    assert len(orgs) == 1
    assert orgs[0].label == "Frontier Safety Council"
    assert "FSC" in orgs[0].aliases


def test_relative_date_resolves_against_the_article_date():
    ex = run("The Geneva Dialogue on AI took place three years ago.", date="2026-03-10")
    event = next(k for k, e in ex.entities.items() if e.cls == "Event")
    assert claim_for(ex, event, "date", "2023").datatype == "gYear"


def test_relative_date_without_article_date_is_left_out():
    ex = run("The Geneva Dialogue on AI took place three years ago.")
    assert not [c for c in ex.claims if c.predicate == "date"]


def test_every_claim_keeps_its_sentence():
    text = "Italy signed the Rome Declaration. The weather was mild."
    ex = run(text)
    assert all(c.evidence == "Italy signed the Rome Declaration." for c in ex.claims)


def test_extraction_is_deterministic():
    text = "Orbital Labs CEO Maria Santos said Brazil and India signed the Rome Declaration."
    assert run(text).claims == run(text).claims


def test_definite_noun_refers_back_to_the_named_thing():
    text = ("Leaders gathered for the Lima Summit on Monday. "
            "The Lima Accord was adopted there. The accord was later signed by Peru and Chile.")
    found = facts(run(text))
    assert ("country/peru", "partyTo", "agreement/lima-accord") in found
    assert ("country/chile", "partyTo", "agreement/lima-accord") in found


def test_pronoun_refers_back_to_the_previous_subject():
    text = "The Oslo Framework was published in May 2025. It was endorsed by Denmark."
    found = facts(run(text))
    assert ("country/denmark", "partyTo", "policy/oslo-framework") not in found  # a policy, not an agreement
    assert ("country/denmark", "supports", "policy/oslo-framework") in found


def test_short_form_joins_the_longer_name_it_ends():
    text = ("The European Commission released new guidance. "
            "A spokesperson for the Commission said more would follow.")
    ex = run(text)
    orgs = [e for e in ex.entities.values() if e.label.endswith("Commission")]
    assert len(orgs) == 1 and "Commission" in orgs[0].aliases


def test_artificial_intelligence_and_ai_name_the_same_thing():
    ex = run("The Artificial Intelligence Act entered into force. The AI Act bans some uses.")
    acts = [e for e in ex.entities.values() if e.cls == "Policy"]
    assert len(acts) == 1


def test_headline_words_are_not_names_unless_the_text_repeats_them():
    text = ("Brazil And Chile Pledge Joint Talks Over Chips\n\n"
            "Brazil and Chile agreed on Friday to cooperate on chip supply.")
    ex = run(text)
    assert not [e for e in ex.entities.values() if e.cls == "Event"]


def test_one_word_company_names_are_organisations():
    ex = run("Nvidia said the rules would hurt exports. Meta rejected the code.")
    assert ex.entities["organization/nvidia"].cls == "Company"
    assert ex.entities["organization/meta"].cls == "Company"


def test_members_listed_after_together_with_are_parties():
    text = "The Tallinn Declaration was signed by the hosts together with Latvia and Lithuania."
    found = facts(run(text))
    assert ("country/latvia", "partyTo", "agreement/tallinn-declaration") in found
    assert ("country/lithuania", "partyTo", "agreement/tallinn-declaration") in found


@pytest.mark.parametrize("sentence, fact", [
    ("Kenya backed the Nairobi Declaration.", ("country/kenya", "supports", "agreement/nairobi-declaration")),
    ("Kenya rejected the Nairobi Declaration.", ("country/kenya", "opposes", "agreement/nairobi-declaration")),
    ("Norway joined the Arctic Council as a member.", ("country/norway", "memberOf", "organization/arctic-council")),
    ("Orbital Labs released Falcon-7, its newest model.", ("aisystem/falcon-7", "developedBy", "organization/orbital-labs")),
    ("Maria Santos chairs the Digital Safety Council.", ("person/maria-santos", "leads", "organization/digital-safety-council")),
])
def test_relation_families(sentence, fact):
    assert fact in facts(run(sentence))


def test_weekday_resolves_against_the_article_date():
    ex = run("Ministers signed the Quito Declaration on Monday.", date="2026-03-12")  # a Thursday
    assert claim_for(ex, "agreement/quito-declaration", "date", "2026-03-09").datatype == "date"


def test_one_fact_from_two_articles_has_a_claim_from_each():
    a = Article(id="a", source="a.txt", text="Italy signed the Rome Declaration.")
    b = Article(id="b", source="b.txt", text="In March, Italy signed the Rome Declaration.")
    ex = extract([a, b])
    claims = [c for c in ex.claims if (c.subject, c.predicate, c.object)
              == ("country/italy", "partyTo", "agreement/rome-declaration")]
    assert sorted(c.article for c in claims) == ["a", "b"]


def test_no_two_entities_share_a_label():
    text = ("Georgia signed the Tbilisi Declaration. Officials in Georgia welcomed it. "
            "The Georgia delegation left early.")
    labels = [e.label.lower() for e in run(text).entities.values()]
    assert len(labels) == len(set(labels))


def test_page_furniture_gives_no_entities(tmp_path):
    from aigraph.ingest import ingest

    page = tmp_path / "story.txt"
    page.write_text(
        "Peru Hosts Regional AI Talks\n\n"
        "Peru hosted the Lima Dialogue on AI Safety on Tuesday with delegates from Chile.\n\n"
        "Subscribe to our weekly newsletter\n\n"
        "Related Articles\n\n"
        "Tesla Unveils New Robot at Shanghai Expo\n"
        "Samsung Posts Record Quarter in Seoul\n")
    ex = extract(ingest([page]).articles)
    labels = {e.label for e in ex.entities.values()}
    assert {"Peru", "Chile"} <= labels
    assert not labels & {"Tesla", "Shanghai Expo", "Samsung Electronics", "Seoul", "Shanghai"}


def test_mirror_apposition_gives_role_and_affiliation():
    ex = run("Peru's Minister of Digital Affairs, Rosa Quispe, opened the meeting.")
    roles = {c.object for c in ex.claims if c.predicate == "role"}
    assert "Minister of Digital Affairs" in roles
    assert ("person/rosa-quispe", "affiliatedWith", "country/peru") in facts(ex)


def test_possessive_apposition_role_keeps_hyphenated_titles():
    text = "Orbital Labs unveiled a model. \"It is safe,\" said Ana Ruiz, Orbital Labs' chief executive and co-founder."
    ex = run(text)
    assert ("person/ana-ruiz", "role", "chief executive and co-founder") in facts(ex)
    assert ("person/ana-ruiz", "leads", "organization/orbital-labs") in facts(ex)


def test_speaker_of_a_warning_is_concerned_about_its_risks():
    ex = run("\"Open models can be turned into tools for fraud,\" said Ana Ruiz, a researcher.")
    assert ("person/ana-ruiz", "concernedAbout", "risk/FraudAndImpersonation") in facts(ex)


def test_organisation_testing_for_a_risk_addresses_it():
    ex = run("The Nordic Safety Institute tests frontier models for cyberattacks.")
    assert ("organization/nordic-safety-institute", "addressesRisk", "risk/CyberOffense") in facts(ex)


def test_signing_without_an_object_refers_to_the_agreement_named_before():
    text = ("Ministers presented the Quito Declaration on Monday. "
            "Peru and Chile said they would sign.")
    found = facts(run(text))
    assert ("country/peru", "partyTo", "agreement/quito-declaration") in found


def test_quoted_title_next_to_a_document_noun_names_the_document():
    text = 'The report, "Machines and the Future of Work", was published by the Lund Policy Institute.'
    ex = run(text)
    doc = next(e for e in ex.entities.values() if e.cls == "Document")
    assert doc.label == "Machines and the Future of Work"
    assert (doc.key, "issuedBy", "organization/lund-policy-institute") in facts(ex)


def test_date_attached_to_the_verb_of_an_object_phrase():
    ex = run("The Commission on Thursday published the final text of the Vienna Declaration.",
             date="2025-07-11")
    assert claim_for(ex, "agreement/vienna-declaration", "date", "2025-07-10").datatype == "date"


def test_where_clause_subjects_take_part_in_the_event():
    text = "Talks began at the Lisbon Summit, where Portugal and Spain agreed to share data."
    found = facts(run(text))
    assert ("country/portugal", "participatesIn", "event/lisbon-summit") in found
    assert ("country/spain", "participatesIn", "event/lisbon-summit") in found


def test_body_named_after_its_leader_only_where_the_sentence_names_both():
    # news annotators do not count the namesake as leading "the X administration"
    # on the strength of the article naming X somewhere else
    text = "Maria Santos won the vote. The Santos administration then published its plan."
    assert ("person/maria-santos", "leads", "organization/santos-administration") not in facts(run(text))
    text = "Maria Santos said the Santos administration would publish its plan."
    claim = claim_for(run(text), "person/maria-santos", "leads", "organization/santos-administration")
    assert claim.confidence == 0.3


def test_official_of_a_national_body_serves_the_country():
    ex = run("UK Home Office Minister Ana Silva met the delegation.")
    assert ("person/ana-silva", "affiliatedWith", "country/united-kingdom") in facts(ex)


def test_event_directly_followed_by_its_place():
    ex = run("Delegates will gather for the Harbour AI Forum in Singapore next spring.")
    event = next(k for k, e in ex.entities.items() if e.cls == "Event")
    assert (event, "heldIn", "country/singapore") in facts(ex)


def test_honorific_person_of_a_body_is_a_person_affiliated_with_it():
    ex = run("Dr. Peter Hale of Johns Hopkins University said the risk was real.")
    assert ("person/peter-hale", "affiliatedWith", "organization/johns-hopkins-university") in facts(ex)
    assert not [c for c in ex.claims if c.predicate == "role"]


def test_researchers_at_a_body_speak_for_it():
    ex = run("Researchers at the Oxford Internet Institute warned about deepfakes in elections.")
    assert ("organization/oxford-internet-institute", "concernedAbout", "risk/Disinformation") in facts(ex)


def test_a_policy_that_a_sentence_is_about_addresses_every_risk_listed():
    ex = run("The Harbour Safety Policy sets red lines for three dangers: cyberattacks, "
             "bioweapons and deepfakes.")
    found = facts(ex)
    for risk in ("CyberOffense", "BiologicalWeapons", "Disinformation"):
        assert ("policy/harbour-safety-policy", "addressesRisk", f"risk/{risk}") in found


def test_members_listed_with_including_share_the_clause_verb():
    found = facts(run("Thirty states endorsed the Harbour Compact, including Chile, Norway and Ghana."))
    for country in ("chile", "norway", "ghana"):
        assert (f"country/{country}", "partyTo", "agreement/harbour-compact") in found


def test_members_listed_after_among_them():
    found = facts(run("The Harbour Compact was backed by 35 governments, among them Ghana and Chile."))
    assert ("country/ghana", "supports", "agreement/harbour-compact") in found


def test_concern_is_not_negated_by_a_negation_inside_what_was_said():
    text = ("Maria Santos, a policy adviser, spoke after the vote. "
            "She argued that the plan did not address autonomous weapons at all.")
    claim = claim_for(run(text), "person/maria-santos", "concernedAbout", "risk/AutonomousWeapons")
    assert claim.modality != "Negated"


def test_a_quotation_that_goes_on_keeps_its_speaker():
    text = ('"We are worried," said Maria Santos, a researcher. "Open models could help people '
            'make bioweapons."\n\nThe meeting ended.')
    assert ("person/maria-santos", "concernedAbout", "risk/BiologicalWeapons") in facts(run(text))


def test_company_suffix_makes_a_name_an_organisation():
    ex = run("Kovar AI, which makes the Orion-4 chatbot, denied wrongdoing.")
    assert ("aisystem/orion-4", "developedBy", "organization/kovar-ai") in facts(ex)


def test_voting_for_supports():
    found = facts(run("Japan voted for the Harbour Resolution on AI."))
    assert ("country/japan", "supports", "agreement/harbour-resolution-on-ai") in found


def test_the_only_document_of_a_sentence_addresses_its_risks():
    ex = run("Under the Harbour Accord, deepfakes and cyberattacks on hospitals will be tracked.")
    found = facts(ex)
    assert ("agreement/harbour-accord", "addressesRisk", "risk/Disinformation") in found


def test_a_shared_head_names_each_coordinated_risk():
    ex = run("The Lisbon Accord restricts help with chemical and biological weapons.")
    found = facts(ex)
    assert ("agreement/lisbon-accord", "addressesRisk", "risk/ChemicalWeapons") in found
    assert ("agreement/lisbon-accord", "addressesRisk", "risk/BiologicalWeapons") in found


def test_a_coordinated_word_that_is_no_risk_adds_nothing():
    ex = run("The Lisbon Accord restricts help with new and biological weapons.")
    risks = {o for s, p, o in facts(ex) if p == "addressesRisk"}
    assert risks == {"risk/BiologicalWeapons"}


def test_it_is_the_subject_of_the_verb_of_saying_that_governs_it():
    text = ("Orbital Labs published the Open Safety Charter on Monday. "
            "Velora Systems said it would not sign the charter.")
    ex = run(text)
    negated = {(c.subject, c.object) for c in ex.claims
               if c.predicate == "partyTo" and c.modality == "Negated"}
    velora = next(k for k, e in ex.entities.items() if e.label == "Velora Systems")
    orbital = next(k for k, e in ex.entities.items() if e.label == "Orbital Labs")
    assert (velora, "agreement/open-safety-charter") in negated
    assert (orbital, "agreement/open-safety-charter") not in negated


def test_a_known_head_of_government_serves_the_country_the_article_names():
    ex = run("Chancellor Olaf Scholz welcomed the delegates. Germany will host the next round.")
    claim = claim_for(ex, "person/olaf-scholz", "affiliatedWith", "country/germany")
    assert claim.modality == "Asserted"


def test_a_known_office_holder_is_not_tied_to_a_body_the_article_does_not_name():
    ex = run("Chancellor Olaf Scholz welcomed the delegates in Lima.")
    assert not any(c.predicate == "affiliatedWith" for c in ex.claims
                   if c.subject == "person/olaf-scholz")


def test_an_apposition_with_a_role_noun_makes_a_person_that_ner_missed():
    ex = run("The delegation was led by Ana Ruiz, a senior director at the Harbor Policy Council.")
    assert ex.entities["person/ana-ruiz"].cls == "Person"
    org = next(k for k, e in ex.entities.items() if e.label == "Harbor Policy Council")
    assert ("person/ana-ruiz", "affiliatedWith", org) in facts(ex)


def test_the_agency_credited_in_a_dateline_is_not_an_entity():
    story = "OSLO, May 4 (Reuters) - Officials from Norway and Chile met on Tuesday."
    assert not [e for e in run(story).entities.values() if e.label == "Reuters"]
    ex = run(story + "\nThe talks ran late, Reuters reported, citing a Norwegian official.")
    assert [e for e in ex.entities.values() if e.label == "Reuters"]   # named in the story


@pytest.mark.parametrize("title, heads", [
    ("the acting director of", True), ("director of", True), ("the chief executive and co-founder of", True),
    ("the deputy director of", False), ("a senior director at", False), ("policy director at", False)])
def test_only_a_head_title_leads_the_body_it_names(title, heads):
    ex = run(f"Carl Moreau, {title} the Harbor Policy Institute, said the tests were useful.")
    org = next(k for k, e in ex.entities.items() if e.label == "Harbor Policy Institute")
    assert ("person/carl-moreau", "affiliatedWith", org) in facts(ex)
    assert (("person/carl-moreau", "leads", org) in facts(ex)) is heads


def test_a_body_owned_by_or_placed_at_another_is_a_member_of_it():
    ex = run("Tallinn University's Centre for Digital Policy published the study on Monday.")
    unit = next(k for k, e in ex.entities.items() if e.label == "Centre for Digital Policy")
    parent = next(k for k, e in ex.entities.items() if e.label == "Tallinn University")
    assert (unit, "memberOf", parent) in facts(ex)
    ex = run("The study came from the Centre for Digital Policy at Tallinn University.")
    assert (unit, "memberOf", parent) in facts(ex)


def test_a_place_before_based_is_where_not_who():
    ex = run("Tomas Varga, policy director at the Open Data Forum, a Paris-based advocacy group, "
             "criticised the plan.")
    assert "country/france" not in ex.entities
    org = next(k for k, e in ex.entities.items() if e.label == "Open Data Forum")
    assert ex.entities[org].cls == "Organization"   # the apposition says so, not "Forum"
    assert ("person/tomas-varga", "affiliatedWith", org) in facts(ex)


def test_the_rule_far_back_is_the_only_rule_the_article_named():
    text = ("The Commerce Ministry on Monday issued the Data Centre Security Rule. "
            "It takes effect in June. Exporters have four months to comply. "
            "Officials expect few changes. Trade lawyers were surprised by the timing. "
            "Velora Systems criticised the rule, calling it rushed.")
    ex = run(text)
    velora = next(k for k, e in ex.entities.items() if e.label == "Velora Systems")
    assert (velora, "opposes", "policy/data-centre-security-rule") in facts(ex)


def test_the_rule_far_back_stays_unresolved_when_two_were_named():
    text = ("The Commerce Ministry on Monday issued the Data Centre Security Rule and the "
            "Chip Export Rule. It takes effect in June. Exporters have four months to comply. "
            "Officials expect few changes. Trade lawyers were surprised by the timing. "
            "Velora Systems criticised the measure, calling it rushed.")
    ex = run(text)
    assert not [c for c in ex.claims if c.predicate == "opposes"]


@pytest.mark.parametrize("second", [
    "Signatories included Kenya and Chile.",
    "Kenya and Chile were among the signatories.",
    "Among those signing were Kenya and Chile.",
    "The document was signed by Kenya and Chile.",
])
def test_signatories_of_the_agreement_named_before(second):
    ex = run("Leaders adopted the Lisbon Declaration on Tuesday. " + second)
    found = facts(ex)
    assert ("country/kenya", "partyTo", "agreement/lisbon-declaration") in found
    assert ("country/chile", "partyTo", "agreement/lisbon-declaration") in found


def test_signatories_without_an_agreement_before_give_nothing():
    ex = run("Signatories included Kenya and Chile.")
    assert not [c for c in ex.claims if c.predicate == "partyTo"]


def test_joining_others_in_signing_makes_them_all_parties():
    found = facts(run("Japan joined Canada and Mexico in signing the Lisbon Declaration."))
    for country in ("japan", "canada", "mexico"):
        assert (f"country/{country}", "partyTo", "agreement/lisbon-declaration") in found


def test_a_blueprint_several_countries_endorse_is_an_agreement():
    ex = run("Kenya, Chile and Japan endorsed the Lisbon Blueprint for Action on Tuesday.")
    assert ex.entities["agreement/lisbon-blueprint-for-action"].cls == "Agreement"
    assert ("country/kenya", "partyTo", "agreement/lisbon-blueprint-for-action") in facts(ex)
    ex = run("Governor Ann Lee signed the Safe Models Act on Tuesday.")
    assert ex.entities["policy/safe-models-act"].cls == "Policy"   # one party's law


def test_a_date_in_an_apposition_dates_the_name():
    ex = run("The plan builds on the Lisbon Consensus on AI Research, a research agenda "
             "drawn up by scientists in 2025.")
    assert claim_for(ex, "agreement/lisbon-consensus-on-ai-research", "date", "2025")


def test_a_company_suffix_beats_a_place_reading():
    ex = run("The model was developed by Brightwater AI, a Paris-based start-up.")
    org = [e for e in ex.entities.values() if e.label == "Brightwater AI"]
    assert org and org[0].cls != "Place"


def test_the_field_of_a_title_is_no_organisation():
    ex = run("Canada's Minister of Artificial Intelligence and Digital Innovation, Tomas Reyes, "
             "met the Secretary of State.")
    assert {e.cls for e in ex.entities.values()} == {"Country", "Person"}


def test_a_hyphenated_word_stays_inside_a_name():
    ex = run("The figures come from the Nordic Council for Economic Co-operation and Trade.")
    assert [e.label for e in ex.entities.values()] == ["Nordic Council for Economic Co-operation and Trade"]


def test_department_names_in_either_order_and_a_secretary_s_short_form_are_one_body():
    # a department of no country in the gazetteer, so that the rule alone joins the forms
    ex = run("The Water Department issued the rule. Water Secretary Karen Doyle defended it. "
             "The Department of Water will enforce it. Chile's Ministry of Water objected.")
    orgs = sorted(e.label for e in ex.entities.values() if e.cls == "Organization")
    assert orgs == ["Department of Water", "Ministry of Water"]
    assert ("person/karen-doyle", "affiliatedWith", "organization/department-of-water") in facts(ex)


def test_a_venue_before_a_lower_case_declaration_names_it():
    ex = run("Britain and France signed the Lisbon declaration in 2023.")
    assert ex.entities["agreement/lisbon-declaration"].cls == "Agreement"
    assert ("country/france", "partyTo", "agreement/lisbon-declaration") in facts(ex)


@pytest.mark.parametrize("phrase", ["a Chinese statement", "the Chinese statement", "the joint statement"])
def test_a_country_or_common_word_before_a_lower_case_statement_names_nothing(phrase):
    ex = run(f"Officials in Beijing issued {phrase} on Monday.")
    assert not [e for e in ex.entities.values() if e.cls == "Agreement"]


def test_ner_s_dropped_given_name_is_taken_back():
    ex = run("Emre Yıldırım, senior policy adviser at the Open Rights Network, said it proved the point.")
    assert [e.label for e in ex.entities.values() if e.cls == "Person"] == ["Emre Yıldırım"]


def test_a_month_and_day_is_no_model_name():
    ex = run("The Fenwick Institute published the report on Feb 10 after months of tests.")
    assert not [e for e in ex.entities.values() if e.cls == "AISystem"]


def test_the_body_urged_to_act_or_speaking_is_not_supported_or_opposed():
    ex = run("Velora Systems urged the European Commission to delay the rules.")
    assert not [c for c in ex.claims if c.predicate in ("supports", "opposes")]
    ex = run("Chile's Ministry of Energy said the government firmly opposes the Lisbon Declaration.")
    assert not [c for c in ex.claims if c.predicate == "opposes"
                and c.object.startswith("organization/")]


def test_a_vice_president_s_portfolio_is_no_organisation():
    ex = run("Executive Vice-President for Tech Sovereignty Anna Berg presented the plan.")
    assert not [e for e in ex.entities.values() if e.label == "Tech Sovereignty"]


def test_a_country_owning_a_speaker_s_title_is_not_the_one_concerned():
    ex = run("Chile's digital minister, Ana Soto, warned about deepfakes and election interference.")
    concerned = {c.subject for c in ex.claims if c.predicate == "concernedAbout"}
    assert "person/ana-soto" in concerned
    assert "country/chile" not in concerned


def test_the_new_rule_is_the_rule_just_named():
    ex = run("The Commerce Ministry issued the Data Centre Security Rule on Monday. "
             "Velora Systems said it firmly rejects the new rule.")
    velora = next(k for k, e in ex.entities.items() if e.label == "Velora Systems")
    assert (velora, "opposes", "policy/data-centre-security-rule") in facts(ex)


def test_a_bill_s_sponsor_supports_it():
    ex = run("Senator Ana Ortiz introduced the Safe Models Act on Tuesday.")
    assert ("policy/safe-models-act", "issuedBy", "person/ana-ortiz") in facts(ex)
    assert ("person/ana-ortiz", "supports", "policy/safe-models-act") in facts(ex)


def test_a_title_tagged_as_an_organisation_is_no_entity():
    ex = run("Former National Security Advisor Dan Reyes said the talks mattered.")
    assert not [e for e in ex.entities.values() if e.cls == "Organization"]


# Negative cases a review of the new patterns found (each produced a wrong fact).

@pytest.mark.parametrize("title", ["president of global affairs at", "director of research at",
                                   "chief of staff at"])
def test_a_title_over_a_field_does_not_lead_the_body(title):
    ex = run(f"Carl Moreau, {title} the Harbor Policy Institute, said the tests were useful.")
    assert not [c for c in ex.claims if c.predicate == "leads"]


def test_a_participle_of_another_thing_names_no_signatories():
    ex = run("Britain and France signed the Lisbon Declaration. Velora Systems criticised "
             "the export order signed by the Commerce Ministry last week.")
    parties = {c.subject for c in ex.claims if c.predicate == "partyTo"}
    assert parties == {"country/united-kingdom", "country/france"}


def test_it_after_a_non_saying_verb_is_not_that_verb_s_subject():
    ex = run("Velora Systems released its model in May. The Commerce Ministry fined Velora "
             "Systems after it failed to file the Lisbon Declaration report.")
    ministry = next(k for k, e in ex.entities.items() if e.label == "Commerce Ministry")
    assert not [c for c in ex.claims if c.subject == ministry and c.predicate != "mentionedIn"
                and c.object == "agreement/lisbon-declaration"]


def test_the_new_plan_far_back_is_not_the_only_plan_named():
    text = ("Britain published the Compute Access Plan in May. Officials praised it. "
            "Exporters have four months to comply. Lawyers were surprised. Analysts waited. "
            "Velora Systems criticised the new plan unveiled on Friday.")
    ex = run(text)
    assert not [c for c in ex.claims if c.predicate == "opposes"]


def test_a_representative_of_a_company_leaves_the_company_an_organisation():
    ex = run("A representative of Acme Robotics warned about deepfakes.")
    acme = [e for e in ex.entities.values() if e.label == "Acme Robotics"]
    assert acme and acme[0].cls == "Organization"


def test_minister_of_the_field_is_no_organisation():
    ex = run("Ana Soto, the Minister of the Interior, met officials.")
    assert not [e for e in ex.entities.values() if e.cls == "Organization"]


def test_an_ambiguous_apposition_keeps_the_name_s_class():
    ex = run("The Baltic Partnership on AI, a forum of 29 countries, met in Paris.")
    gpai = [e for e in ex.entities.values() if e.label == "Baltic Partnership on AI"]
    assert gpai and gpai[0].cls != "Event"


@pytest.mark.parametrize("phrase", ["the White House statement", "the Tuesday statement"])
def test_a_body_or_a_day_before_a_lower_case_statement_names_no_agreement(phrase):
    ex = run(f"Reporters read {phrase} on the export rules.")
    assert not [e for e in ex.entities.values() if e.cls == "Agreement"]


def test_a_surname_after_another_given_name_is_not_the_office_holder():
    ex = run("Ivanka Trump praised the United States plan.")
    assert "person/donald-trump" not in ex.entities


def test_a_motion_to_repeal_an_act_is_no_support():
    ex = run("Senator Jane Doe introduced a motion to repeal the Online Safety Act.")
    assert not [c for c in ex.claims if c.predicate == "supports"]


def test_a_company_s_investment_is_no_unit_of_it():
    ex = run("Microsoft's OpenAI has become its biggest bet.")
    assert not [c for c in ex.claims if c.predicate == "memberOf"]


def test_another_name_of_the_same_body_is_no_membership():
    ex = run("The Pentagon, the Defense Department, said the rules were clear.")
    assert not [c for c in ex.claims if c.predicate == "memberOf"]


def test_new_jobs_are_no_labour_market_risk():
    ex = run("Nvidia said the new data centre will create 2,000 jobs.")
    assert not [e for e in ex.entities.values() if e.cls == "Risk"]


def test_a_parenthesis_after_a_dash_outside_a_dateline_is_kept():
    ex = run("EU regulators fined the firm (Meta) - a move long expected.")
    assert "organization/meta" in ex.entities


def test_a_possessor_s_title_before_a_name_between_commas():
    ex = run("Canada's Minister of Artificial Intelligence and Digital Innovation, Tomas Reyes, "
             "said the reports were late.")
    assert ("person/tomas-reyes", "affiliatedWith", "country/canada") in facts(ex)
    assert ("person/tomas-reyes", "role",
            "Minister of Artificial Intelligence and Digital Innovation") in facts(ex)


def test_its_co_founder_is_one_role_and_leads_the_company():
    ex = run("Corbel Systems released a model. Its co-founder, Grace Mensah, said the company "
             "supported transparency.")
    org = next(k for k, e in ex.entities.items() if e.label == "Corbel Systems")
    found = facts(ex)
    assert ("person/grace-mensah", "leads", org) in found
    assert {o for s, p, o in found if p == "role"} == {"co-founder"}


def test_an_official_of_a_known_national_body_serves_its_country():
    ex = run("Former State Department official Maria Lopez said the United States would wait.")
    assert ex.entities["organization/us-department-of-state"].cls == "Government"
    found = facts(ex)
    assert ("person/maria-lopez", "affiliatedWith", "organization/us-department-of-state") in found
    assert ("person/maria-lopez", "affiliatedWith", "country/united-states") in found


def test_a_fellow_at_the_institute_named_before_is_affiliated_with_it():
    ex = run("The Fenwick Institute published a report on Monday. \"The risk is real,\" said "
             "Helen Ward, a senior fellow at the institute and the report's lead author.")
    org = next(k for k, e in ex.entities.items() if e.label == "Fenwick Institute")
    found = facts(ex)
    assert ("person/helen-ward", "affiliatedWith", org) in found
    assert ("person/helen-ward", "leads", org) not in found   # a "lead author" leads no body


def test_who_heads_a_body_leads_and_serves_in_it():
    ex = run("Mark Olsen, who heads the Harbor Bureau, agreed.")
    org = next(k for k, e in ex.entities.items() if e.label == "Harbor Bureau")
    assert {("person/mark-olsen", "leads", org), ("person/mark-olsen", "affiliatedWith", org)} <= facts(ex)


@pytest.mark.parametrize("second, parties", [
    ("Those endorsing the declaration included Kenya and Chile.", {"kenya", "chile"}),
    ("Chile added its name to the declaration.", {"chile"}),
    ("Chile, Peru and Mexico were among the first to sign.", {"chile", "peru", "mexico"}),
])
def test_more_ways_news_lists_signatories(second, parties):
    ex = run("Leaders met in Lisbon on Monday to adopt the Lisbon Declaration. " + second)
    found = {s.split("/")[-1] for s, p, o in facts(ex)
             if p == "partyTo" and o == "agreement/lisbon-declaration"}
    assert parties <= found


@pytest.mark.parametrize("text", [
    "At the Lisbon AI Summit, Chile and Peru pledged to cooperate.",
    "Chile and Peru pledged to cooperate during the Lisbon AI Summit.",
    "Chile and Peru met on the sidelines of the Lisbon AI Summit.",
])
def test_acting_at_an_event_is_taking_part(text):
    found = facts(run(text))
    assert ("country/chile", "participatesIn", "event/lisbon-ai-summit") in found
    assert ("country/peru", "participatesIn", "event/lisbon-ai-summit") in found


def test_analysts_at_a_think_tank_do_not_take_part_in_the_event_they_discuss():
    ex = run("Analysts at the Harbor Institute identified three issues likely to shape the "
             "Lisbon AI Summit.")
    assert not [c for c in ex.claims if c.predicate == "participatesIn"]


def test_a_capital_opening_an_event_name_is_the_venue_not_the_government():
    ex = run("The Lisbon AI Summit brought together officials from Chile and Peru.")
    assert ("event/lisbon-ai-summit", "heldIn", "place/lisbon") in facts(ex)
    assert "country/portugal" not in ex.entities


@pytest.mark.parametrize("text, risk", [
    ("Ana Soto said deepfakes posed a growing threat to elections.", "risk/Disinformation"),
    ("Ana Soto cautioned that cyberattacks on power grids were becoming easier.", "risk/CyberOffense"),
    ("Ana Soto pointed to the risk of disinformation.", "risk/Disinformation"),
])
def test_a_speaker_ner_missed_or_misread_is_concerned(text, risk):
    ex = run(text)
    assert ex.entities["person/ana-soto"].cls == "Person"
    assert ("person/ana-soto", "concernedAbout", risk) in facts(ex)


@pytest.mark.parametrize("text, expected", [
    ("12-13 February 2025", ("2025-02-12", "date")),
    ("12 and 13 February", ("2026-02-12", "date")),
    ("13 February", ("2026-02-13", "date")),
    ("February 13", ("2026-02-13", "date")),
    ("last week", ("2026-03", "gYearMonth")),
    ("three years ago", ("2023", "gYear")),
    ("on Tuesday", ("2026-03-31", "date")),
    ("in the spring", None),
])
def test_dates_are_normalised_against_the_article_date(text, expected):
    assert normalise_date(text, "2026-04-01") == expected


def test_dates_without_a_year_are_left_out_when_the_article_has_no_date():
    assert normalise_date("13 February") is None
    assert normalise_date("last week") is None


def test_a_known_ai_system_is_developed_by_its_company_when_the_article_names_it():
    ex = run("Auditors tested Claude last month. Anthropic said the findings were useful.")
    assert ex.entities["aisystem/claude"].cls == "AISystem"
    assert ("aisystem/claude", "developedBy", "organization/anthropic") in facts(ex)


def test_a_known_ai_system_gets_no_developer_the_article_does_not_name():
    ex = run("Auditors tested Claude last month and found few problems.")
    assert not [c for c in ex.claims if c.predicate == "developedBy"]


# --- issue 9, item 5: entities analysts expect --------------------------------------------


@pytest.mark.parametrize("text, label", [
    ("The governor signed SB 100 into law on Friday.", "SB 100"),
    ("Lawmakers passed H.R. 4321 after a long debate.", "H.R. 4321"),
    ("The assembly approved AB 12 in June.", "AB 12"),
    ("Executive Order 12345 set new reporting duties for developers.", "Executive Order 12345"),
    ("The senate approved Bill 1234/2021 on Tuesday.", "Bill 1234/2021"),
    ("Parliament adopted Law No. 1.234/2021 last year.", "Law No. 1.234/2021"),
    ("Regulation (EU) 2021/123 applies from next year.", "Regulation (EU) 2021/123"),
    ("The national standard GB 12345-2024 takes effect in September.", "GB 12345-2024"),
    ("The Kids Data Act of 2022 was amended.", "Kids Data Act"),
    ("Congress passed the Fairness in Hiring Act.", "Fairness in Hiring Act"),
    ("The regulator published the Code of Practice for model providers.", "Code of Practice"),
])
def test_laws_bills_orders_and_standards_are_policies(text, label):
    ex = run(text)
    assert any(e.label == label and e.cls == "Policy" for e in ex.entities.values()), \
        [(e.label, e.cls) for e in ex.entities.values()]


def test_a_bill_number_is_no_date_and_an_act_of_a_year_is_dated():
    ex = run("The assembly passed AB 12 and the Kids Data Act of 2022.")
    dates = {(c.subject, c.object) for c in ex.claims if c.predicate == "date"}
    assert not any(s == "policy/ab-12" for s, _ in dates)
    assert ("policy/kids-data-act", "2022") in dates


@pytest.mark.parametrize("text", [
    "The firm shipped 300 GB200 units and the US 2024 budget grew.",
    "Sections 2 and 3 of the act apply; Bill Gates spoke at 9.",
])
def test_numbers_that_are_no_citation_make_no_policy(text):
    ex = run(text)
    assert not [e for e in ex.entities.values() if e.cls == "Policy"]


def test_the_word_bill_in_a_citation_is_no_person():
    ex = run("Bill Gates spoke in May. The senate approved Bill 1234/2021 on Tuesday.")
    assert ex.entities["person/bill-gates"].aliases == set()


def test_a_party_holding_a_body_is_not_part_of_its_name():
    ex = run("The Republican-led U.S. Senate voted 99-1. Sen. Ann Lee said the Senate acted.")
    senate = ex.entities["organization/us-senate"]
    assert "Senate" in senate.aliases
    assert not [e for e in ex.entities.values() if "Republican" in e.label]


def test_a_bare_senate_joins_its_own_article_s_senate_only():
    ex = extract([Article(id="a1", source="a1.txt", text="The Brazilian Senate approved the bill. "
                          "The Senate will vote again in May."),
                  Article(id="a2", source="a2.txt", text="The U.S. Senate held a hearing. "
                          "The Senate adjourned on Friday.")], model=None)
    us = ex.entities["organization/us-senate"]
    brazil = next(e for e in ex.entities.values() if e.label == "Brazilian Senate")
    assert us.articles == {"a2"} and brazil.articles == {"a1"}


def test_a_short_form_joins_the_long_name_it_is_written_with():
    ex = run("The European Commission published guidelines. The Commission said they apply in "
             "August. The Commission will review them.")
    assert ex.entities["organization/european-commission"].aliases >= {"Commission"}
    assert not [e for e in ex.entities.values() if e.label == "Commission"]


def test_two_gazetteer_bodies_never_join_as_short_and_long_forms():
    ex = run("The United Nations Security Council met on Monday. The United Nations said the "
             "meeting was the first of its kind.")
    labels = {e.label for e in ex.entities.values()}
    assert {"United Nations", "UN Security Council"} <= labels or \
        {"United Nations", "United Nations Security Council"} <= labels, labels


@pytest.mark.parametrize("text, name, role", [
    ("Deputy Secretary of Defense Kathleen Morrow said the plan was ready.", "Kathleen Morrow",
     "Deputy Secretary of Defense"),
    ("Under Secretary of Commerce for Industry and Security Alan Reed announced the rule.",
     "Alan Reed", "Under Secretary of Commerce for Industry and Security"),
    ("Gov. Maria Lopez signed the bill on Tuesday.", "Maria Lopez", "Gov."),
    ("Assemblywoman Jane Roe wrote the bill.", "Jane Roe", "Assemblywoman"),
])
def test_a_title_before_a_name_is_the_role_and_no_part_of_the_name(text, name, role):
    ex = run(text)
    people = [e for e in ex.entities.values() if e.cls == "Person"]
    assert [p.label for p in people] == [name]
    assert (people[0].key, "role", role) in facts(ex)


def test_a_name_after_a_plain_title_keeps_its_words():
    ex = run("Secretary Ann Lee met Mary Ann Smith in Geneva.")
    assert {e.label for e in ex.entities.values() if e.cls == "Person"} == {"Ann Lee", "Mary Ann Smith"}


def test_a_country_s_portfolio_title_serves_the_country_not_an_organisation():
    ex = run("UK Technology Secretary Peter Kyle announced the plan.")
    assert ("person/peter-kyle", "affiliatedWith", "country/united-kingdom") in facts(ex)
    assert ("person/peter-kyle", "role", "Technology Secretary") in facts(ex)
    assert not [e for e in ex.entities.values() if e.cls == "Organization"]


def test_a_portfolio_title_stands_for_the_department_the_gazetteer_knows():
    ex = run("US Commerce Secretary Gina Lopez announced the rule.")
    assert ("person/gina-lopez", "affiliatedWith", "organization/us-department-of-commerce") in facts(ex)
    assert not [e for e in ex.entities.values() if "US Commerce" == e.label]


def test_a_party_and_state_suffix_is_furniture_of_the_name():
    ex = run("“That is wrong,” Sen. Jane Roe, D-Mass., a vice chair of the Democratic caucus, said. "
             "Rep. Ann Lee (R-S.D.) agreed.")
    assert {e.label for e in ex.entities.values() if e.cls in ("Person", "Place")} == {"Jane Roe", "Ann Lee"}
    assert ("person/jane-roe", "role", "vice chair of the Democratic caucus") in facts(ex)


def test_a_dash_between_names_is_no_party_suffix():
    ex = run("Jane Roe, director of the Harbor Institute, spoke in Lyon.")
    assert "place/lyon" in ex.entities


@pytest.mark.parametrize("text", [
    "Protesters gathered outside the court.\nPhoto: Jane Roe/Agence Nord\nThe court ruled on Monday.",
    "Protesters gathered outside the court.\nJane Roe/Nordpress\nThe court ruled on Monday.",
    "Protesters gathered outside the court on Monday (Nordic Images)\nThe court ruled on Monday.",
])
def test_photo_credits_are_furniture(text):
    ex = run(text)
    assert not [e for e in ex.entities.values() if e.cls in ("Person", "Organization")], \
        [e.label for e in ex.entities.values()]


def test_an_agency_in_the_story_is_no_credit():
    ex = run("Nordic Images sued the developer on Monday, said Jane Roe.")
    labels = {e.label for e in ex.entities.values()}
    assert "Jane Roe" in labels


def test_a_role_keeps_its_last_letter_and_loses_a_possessive():
    ex = run("Baroness Jane Holloway said the bill was rushed. "
             "Digital Affairs Minister Tomas Reyna's office declined to comment.")
    roles = {c.object for c in ex.claims if c.predicate == "role"}
    assert "Baroness" in roles
    assert not any(r.endswith(("Barone", "Affair", "'s", "’s")) for r in roles)


def test_a_risk_s_own_negated_clause_does_not_negate_the_concern():
    text = ("The United States and China began talks on Monday. Yet both sides increasingly "
            "accept a sobering fact: the worst dangers, bioweapons and cyberattacks, do not "
            "stop at borders.")
    ex = run(text)
    concerns = {(c.subject, c.object): c.modality for c in ex.claims if c.predicate == "concernedAbout"}
    assert concerns, ex.claims
    assert "Negated" not in concerns.values(), concerns


def test_a_concern_denied_by_its_holder_stays_negated():
    ex = run("China did not warn about cyberattacks on power grids.")
    concerns = [c for c in ex.claims if c.predicate == "concernedAbout"]
    assert concerns and all(c.modality == "Negated" for c in concerns)


def test_a_body_named_after_a_leader_the_article_never_names_is_not_led_by_them():
    other = Article(id="t0", source="t0.txt", text="Maria Santos won the vote on Sunday.")
    alone = Article(id="t1", source="t1.txt", text="The Santos administration published its plan.")
    ex = extract([other, alone], model=None)
    assert not [c for c in ex.claims if c.predicate == "leads" and c.article == "t1"]


def test_the_pipeline_declares_what_each_component_assigns_and_needs():
    from aigraph.extract.nlp import load_pipeline
    analysis = load_pipeline().analyze_pipes(pretty=False)
    assert not any(analysis["problems"].values()), analysis["problems"]
    assigns = {name: set(info["assigns"]) for name, info in analysis["summary"].items()}
    for name in ("aigraph_gazetteer", "aigraph_named_things", "aigraph_risks"):
        assert "doc.spans" in assigns[name]


@pytest.mark.parametrize("text, person, role", [
    # a plural title is shared by each name coordinated under it, in the singular
    ("Senators Mark Dale and Sarah Bloom questioned the plan on Tuesday.", "person/mark-dale", "Senator"),
    ("Senators Mark Dale and Sarah Bloom questioned the plan on Tuesday.", "person/sarah-bloom", "Senator"),
    # an academic title is a title as written ("Dr" and "Sir" are not)
    ("Professor Lena Varga warned about misuse on Monday.", "person/lena-varga", "Professor"),
    # an occupation in an apposition is the role
    ("Omar Fenn, a senior engineer at the Halden Institute, said the tests were limited.",
     "person/omar-fenn", "senior engineer"),
])
def test_shared_academic_and_occupational_titles_are_roles(text, person, role):
    assert (person, "role", role) in facts(run(text))


def test_an_honorific_alone_is_no_role():
    ex = run("Dr Paul Hart said the review would take a year.")
    assert not [c for c in ex.claims if c.predicate == "role"]


def test_a_person_of_a_place_is_no_longer_one_name():
    ex = run("Ministers including Sara Okon of Ghana stressed the importance of inclusive AI.")
    assert "person/sara-okon" in ex.entities
    assert ("person/sara-okon", "affiliatedWith", "country/ghana") in facts(ex)


@pytest.mark.parametrize("text, key", [
    # lower-case words, "the", commas and parentheses inside a title-case name
    ("The regulator cited the Honest Labels in Advertising Act on Monday.",
     "policy/honest-labels-in-advertising-act"),
    ("Ruritania passed the Law for the Promotion of Robotics and Automation in 2024.",
     "policy/law-for-the-promotion-of-robotics-and-automation"),
    ("The Ministry of Ports, Shipping and Inland Waters blocked the app.",
     "organization/ministry-of-ports-shipping-and-inland-waters"),
    ("Parliament debated the Safe (Models and Data) Bill on Tuesday.",
     "policy/safe-models-and-data-bill"),
    ("The council endorsed the Digital Trust (DT) Strategy on Friday.",
     "policy/digital-trust-dt-strategy"),
    # a government's budget named by its year is a policy
    ("The funds are part of a broader investment announced in Budget 2024 to help researchers.",
     "policy/budget-2024"),
])
def test_long_names_keep_their_inner_words(text, key):
    assert key in run(text).entities


@pytest.mark.parametrize("text, people, role", [
    ("Ministers of Digital Affairs including Rosa Kim of Peru, Ivan Petrov of Chile and "
     "Lena Varga of Hungary stressed the importance of inclusive AI.",
     ("person/rosa-kim", "person/ivan-petrov", "person/lena-varga"), "Minister of Digital Affairs"),
    ("The decision was made by Commissioners for Data Protection, Dr Paul Hart and Mia Stone.",
     ("person/paul-hart", "person/mia-stone"), "Commissioner for Data Protection"),
])
def test_a_plural_title_before_a_list_gives_each_member_the_title(text, people, role):
    found = facts(run(text))
    assert all((person, "role", role) in found for person in people)


# Titles and lists a review of the dev corpus's wrong facts found (invented sentences).

@pytest.mark.parametrize("title, body", [("Secretary-General", "organization/united-nations"),
                                         ("Director-General", "organization/world-health-organization")])
def test_a_hyphenated_title_is_whole_and_names_its_body(title, body):
    prefix = "UN" if body.endswith("nations") else "WHO"
    ex = run(f"{prefix} {title} Maria Santos opened the meeting.")
    assert ("person/maria-santos", "role", title) in facts(ex)
    assert ("person/maria-santos", "affiliatedWith", body) in facts(ex)


def test_a_list_of_people_is_no_apposition():
    ex = run("UN Secretary-General Maria Santos, Tom Reed from AI startup Anthropic, and "
             "Professor Li Wen from the Beijing Institute of Technology briefed the council.")
    roles = {(c.subject, c.object) for c in ex.claims if c.predicate == "role"}
    assert ("person/tom-reed", "Secretary-General Maria Santos") not in roles
    assert ("person/tom-reed", "affiliatedWith", "organization/united-nations") not in facts(ex)
    assert ("person/maria-santos", "affiliatedWith", "organization/anthropic") not in facts(ex)
    assert ("person/tom-reed", "affiliatedWith", "organization/anthropic") in facts(ex)


def test_an_ambassador_serves_the_sender_not_the_body_they_are_sent_to():
    ex = run("The Chilean Deputy Ambassador to the UN, Pablo Ruiz, stressed the need for cooperation.")
    assert ("person/pablo-ruiz", "affiliatedWith", "country/chile") in facts(ex)
    assert ("person/pablo-ruiz", "affiliatedWith", "organization/united-nations") not in facts(ex)


def test_a_head_title_over_a_field_after_a_possessor_does_not_lead_it():
    ex = run("The Nordic Data Council's executive director for mergers, Joel Brandt, said "
             "the decision was final.")
    assert not [c for c in ex.claims if c.predicate == "leads"]
    assert any(c.predicate == "affiliatedWith" and c.subject == "person/joel-brandt"
               for c in ex.claims)


def test_a_photographer_s_credit_is_not_part_of_a_title():
    ex = run("Chip exports to resume By Reuters May 15, 2025, 9:21 AM Reuters/Ann Wong Nvidia "
             "CEO Jensen Huang speaks at a conference.")
    roles = {c.object for c in ex.claims if c.predicate == "role" and c.subject == "person/jensen-huang"}
    assert roles == {"CEO"}


def test_an_abbreviated_plural_title_is_each_listed_person_s():
    ex = run("The forum was co-hosted by Sens. Mark Dunne, R-Ohio, Lisa Farrow, D-Ore., "
             "and Tom Baxter, D-Vt.")
    holders = {c.subject for c in ex.claims if c.predicate == "role" and c.object == "Sen."}
    assert holders == {"person/mark-dunne", "person/lisa-farrow", "person/tom-baxter"}


@pytest.mark.parametrize("text, role, body", [
    ("Dana Cole was briefly fired and then reinstated as Orbital Labs' chief executive.",
     "chief executive", "Orbital Labs"),
    ("Dana Cole, who serves as chair of the Nordic Data Council, said the rules were clear.",
     "chair of the Nordic Data Council", "Nordic Data Council"),
])
def test_a_title_after_as_is_the_person_s(text, role, body):
    ex = run(text)
    key = next(k for k, e in ex.entities.items() if e.label == body)
    assert ("person/dana-cole", "role", role) in facts(ex)
    assert ("person/dana-cole", "affiliatedWith", key) in facts(ex)
    assert ("person/dana-cole", "leads", key) in facts(ex)


def test_an_adviser_as_title_leads_nothing():
    ex = run("Dana Cole served as an adviser to the Nordic Data Council.")
    assert ("person/dana-cole", "role", "adviser") in facts(ex)
    assert not [c for c in ex.claims if c.predicate == "leads"]


@pytest.mark.parametrize("text, risk", [
    ("Lena Dahl warned that foreign groups could interfere in elections using AI.",
     "risk/Disinformation"),
    ("Lena Dahl warned that AI resources are increasingly concentrated in a few hands.",
     "risk/MarketConcentration"),
])
def test_verb_forms_of_risk_terms_are_risks(text, risk):
    assert ("person/lena-dahl", "concernedAbout", risk) in facts(run(text))


def test_a_name_after_an_ordinal_is_kept():
    ex = run("Leaders met at the 12th G20 Summit in Osaka.")
    assert ("event/12th-g20-summit", "heldIn", "place/osaka") in facts(ex)
    assert not [e for e in ex.entities.values() if e.label.startswith("12 ")]


def test_a_legislator_s_title_names_the_chamber_the_article_names():
    ex = run("The Senate voted on Tuesday. The forum was co-hosted by Sens. Mark Dunne, R-Ohio, "
             "and Lisa Farrow, D-Ore.")
    members = {c.subject for c in ex.claims
               if c.predicate == "affiliatedWith" and c.object == "organization/senate"}
    assert members == {"person/mark-dunne", "person/lisa-farrow"}


def test_a_legislator_s_title_names_no_chamber_the_article_does_not_name():
    ex = run("Sen. Mark Dunne said the rules were clear.")
    assert not [c for c in ex.claims if c.predicate == "affiliatedWith"]


def test_voting_to_eliminate_a_rule_opposes_it():
    ex = run("The Senate voted 99-1 on Tuesday to eliminate the Oslo Rule.")
    stances = {(c.subject, c.predicate) for c in ex.claims if c.object == "policy/oslo-rule"}
    assert stances == {("organization/senate", "opposes")}


def test_where_a_partisan_comes_from_is_no_body_they_serve():
    ex = run("Sen. Walter Penhale, a Republican from Astoria, voted against the bill. "
             "Jane Roe, a researcher from Acme Labs, disagreed.")
    found = facts(ex, asserted_only=False)
    assert not {f for f in found if f[0] == "person/walter-penhale" and f[1] == "affiliatedWith"
                and "astoria" in f[2]}
    assert ("person/jane-roe", "affiliatedWith", "organization/acme-labs") in found


def test_a_legal_company_form_makes_a_name_a_company():
    ex = run("The authority fined Strandvik Talent B.V., a recruitment firm, on Monday.")
    assert {e.label: e.cls for e in ex.entities.values()}.get("Strandvik Talent B.V.") == "Organization"


def test_a_company_that_owns_a_title_before_a_named_holder_is_an_organisation():
    ex = run("Marrow Technologies released a model on Tuesday. Marrow's chief executive, "
             "Helen Oduro, told investors it was safe. Critics said Marrow had rushed.")
    assert ("person/helen-oduro", "affiliatedWith", "organization/marrow-technologies") in facts(ex)


def test_a_person_who_owns_a_title_stays_a_person():
    ex = run("Susan Roe spoke on Monday. Roe's research director, Ann Lee, agreed.")
    assert not {e for e in ex.entities.values() if e.cls == "Organization"}


def entity_classes(text: str) -> dict[str, str]:
    ex = extract([Article(id="k1", source="k1.txt", text=text)], model=None)
    return {e.label: e.cls for e in ex.entities.values()}, ex


def test_a_noun_beside_a_name_that_names_its_kind_types_it():
    classes, ex = entity_classes("Tarvo Cloud, a Lisbon company that runs data centres, "
                                 "declined to sign. Parents sued the maker of the tutoring "
                                 "chatbot Brindle.")
    assert classes["Tarvo Cloud"] == "Organization"
    assert classes["Brindle"] == "AISystem"
    assert not [c for c in ex.claims if c.predicate == "role"]   # "company that" is no title


def test_a_title_matches_whole_words_and_stops_at_a_relative_pronoun():
    # "mp" is a title; "company" and "companion" merely contain it
    _, ex = entity_classes("Maria Lindqvist, a company director who joined in May, spoke.")
    assert {c.object for c in ex.claims if c.predicate == "role"} == {"company director"}


def test_a_surname_joined_by_a_hyphen_stays_one_surname():
    classes, ex = entity_classes(
        "Rep. Maren Holt-Osei introduced the bill. Ellen Osei, a lobbyist, opposed it. "
        "Holt-Osei, who chairs the House Committee on Housing, called the veto a gift.")
    assert "Maren Holt-Osei" in classes and "Maren Holt" not in classes
    chairs = {c.subject for c in ex.claims if c.predicate == "leads"}
    assert chairs == {"person/maren-holt-osei"}


def claimed(text: str, predicate: str) -> set[tuple[str, str, str]]:
    ex = extract([Article(id="v1", source="v1.txt", text=text)], model=None)
    return {(c.subject, c.object, c.modality) for c in ex.claims if c.predicate == predicate
            and "broad|only-broad" not in c.signals}


def test_votes_in_favour_and_against_with_no_object_are_on_the_text_before():
    text = ("The General Assembly adopted the Resolution on Autonomous Weapons on Monday. "
            "France and Japan voted in favour. Chile and Peru voted against.")
    resolution = "agreement/resolution-on-autonomous-weapons"
    assert {(s, o) for s, o, _ in claimed(text, "supports") if s.startswith("country/")} == {
        ("country/france", resolution), ("country/japan", resolution)}
    assert {(s, o) for s, o, _ in claimed(text, "opposes")} == {
        ("country/chile", resolution), ("country/peru", resolution)}


def test_voting_for_it_is_for_the_text_just_named():
    text = "The Senate passed the Fair Hiring Act. Senator Tom Kell voted for it."
    assert ("person/tom-kell", "policy/fair-hiring-act", "Asserted") in claimed(text, "supports")
    assert not {o for s, o, _ in claimed(text, "supports") if s == "person/tom-kell"} - {
        "policy/fair-hiring-act"}


def test_declining_to_sign_the_text_just_named_opposes_it():
    text = ("Forty countries endorsed the Porto Declaration on Safe Agents on Tuesday. "
            "Canada and Mexico declined to sign.")
    declaration = "agreement/porto-declaration-on-safe-agents"
    assert claimed(text, "opposes") == {("country/canada", declaration, "Asserted"),
                                        ("country/mexico", declaration, "Asserted")}
    assert not {s for s, _, m in claimed(text, "partyTo") if m != "Negated"} & {
        "country/canada", "country/mexico"}


def test_an_in_inside_a_long_title_case_name_stays_in_it_but_not_before_a_place():
    classes, _ = entity_classes("The Tallinn Charter on Partnership in Machine Learning "
                                "was approved on Friday. The Charter on Testing in Geneva was signed.")
    assert classes.get("Tallinn Charter on Partnership in Machine Learning") == "Agreement"
    assert classes.get("Charter on Testing") == "Agreement"


def test_its_after_a_subject_the_parser_made_the_root_is_that_subject():
    text = ("The plan was opposed by the Civil Liberties Union of Oregon. The Cascade Software "
            "Alliance, a lobby for small vendors such as Pinefold Labs, fought the plan all "
            "spring. Its president, Warren Mallet, said it was costly.")
    assert {o for s, o, _ in claimed(text, "affiliatedWith") if s == "person/warren-mallet"} == {
        "organization/cascade-software-alliance"}


def test_a_bill_s_words_and_its_number_are_one_name():
    classes, _ = entity_classes("Lawmakers filed a new measure, Senate Bill 417, on Monday. "
                                "House Bill 22 was tabled in May.")
    assert classes.get("Senate Bill 417") == "Policy" and classes.get("House Bill 22") == "Policy"
    assert "Senate Bill" not in classes


def test_a_with_inside_a_long_name_stays_unless_another_party_follows():
    classes, _ = entity_classes("The Guidelines on Testing for Frontier Models with Dangerous "
                                "Capabilities tell labs what to check. "
                                "The Memorandum on Testing with Japan was signed.")
    assert classes.get("Guidelines on Testing for Frontier Models with Dangerous "
                       "Capabilities") == "Policy"
    assert classes.get("Memorandum on Testing") == "Agreement" and classes.get("Japan") == "Country"


def test_a_co_sponsor_in_a_second_clause_backs_the_bill():
    text = ("The Fair Screening Act was introduced by Sen. Ana Ruiz, a Democrat, and "
            "co-sponsored by Sen. Tom Kell, a Republican.")
    assert {s for s, o, _ in claimed(text, "supports") if o == "policy/fair-screening-act"} == {
        "person/ana-ruiz", "person/tom-kell"}


def test_lobbying_against_it_is_against_the_text_not_the_lobby_itself():
    text = ("The Oregon Senate passed House Bill 3307 in May. The trade group DigiCom lobbied "
            "against it, as did the Oregon Chamber of Industry.")
    assert {(s, o) for s, o, _ in claimed(text, "opposes")} == {
        ("organization/digicom", "policy/house-bill-3307"),
        ("organization/oregon-chamber-of-industry", "policy/house-bill-3307")}


def test_a_plural_acronym_title_is_shared_by_the_names_after_it():
    ex = run("The bill is co-sponsored by MPs Tamsin Greaves-Holt and Peter Ambrose.")
    assert {e.label for e in ex.entities.values() if e.cls == "Person"} == {
        "Tamsin Greaves-Holt", "Peter Ambrose"}
    assert ("person/peter-ambrose", "role", "MP") in facts(ex)


def test_the_pledge_points_back_to_the_pledge_named_before():
    text = ("The Valdoria Pledge on Safe Computing was adopted on Friday. "
            "Norway, Peru and Kenya endorsed the pledge as governments.")
    assert {s for s, o, _ in claimed(text, "partyTo")
            if o == "agreement/valdoria-pledge-on-safe-computing"} == {
        "country/norway", "country/peru", "country/kenya"}


def test_well_known_texts_come_from_the_gazetteer_whole_and_typed():
    classes, ex = entity_classes(
        "Regulators in Brussels enforce the GDPR. The Council of Europe Framework Convention on "
        "Artificial Intelligence and Human Rights, Democracy and the Rule of Law was opened for "
        "signature in 2024, and firms must also comply with the AI Act.")
    assert classes.get("General Data Protection Regulation") == "Policy"
    assert classes.get("EU AI Act") == "Policy"
    assert classes.get("Council of Europe Framework Convention on Artificial Intelligence") == "Agreement"
    assert not any("Rule of Law" == label or label.endswith("Human Rights") for label in classes)


def test_a_long_form_spelled_by_the_acronym_after_it_is_a_body_and_it_points_back():
    text = ("The Commission proposed the Data Omnibus in June. Open Rights Europe (ORE) also "
            "criticised it. The Western Mayors Association criticised it too.")
    classes, ex = entity_classes(text)
    assert classes.get("Open Rights Europe") == "Organization"
    assert classes.get("Data Omnibus") == "Policy"
    assert {s for s, o, _ in claimed(text, "opposes") if o == "policy/data-omnibus"} == {
        "organization/open-rights-europe", "organization/western-mayors-association"}


def test_bracketed_capitals_that_the_words_before_do_not_spell_name_nothing():
    classes, _ = entity_classes("Lawmakers Debated Several Options (XYZ) on Monday.")
    assert "Debated Several Options" not in classes and "Several Options" not in classes


def test_a_given_name_before_a_hyphenated_surname_ner_read_alone_makes_a_person():
    classes, _ = entity_classes("The Open Data Act was introduced by Senator Ana Reyes-Cruz "
                                "and co-authored by Senator Tomas Agbay.")
    assert classes.get("Ana Reyes-Cruz") == "Person"
    supporters = {s for s, o, _ in claimed(
        "The Open Data Act was introduced by Senator Ana Reyes-Cruz and co-authored by "
        "Senator Tomas Agbay.", "supports") if o == "policy/open-data-act"}
    assert supporters == {"person/ana-reyes-cruz", "person/tomas-agbay"}


def test_welcoming_the_vote_backs_the_text_voted_on():
    text = ("The Senate passed the Data Fairness Act on Monday. The digital-rights group "
            "Carta Libre welcomed the vote.")
    assert ("organization/carta-libre", "policy/data-fairness-act", "Asserted") in claimed(text, "supports")


def test_a_family_name_before_a_hyphenated_given_name_is_one_person():
    text = ("Witnesses included Tarn Robotics president Oh Min-jun and Professor Bae Jin-woo. "
            "Committee chair Hwang Ji-yeon said the Kang Ha-neul Foundation agreed.")
    classes, ex = entity_classes(text)
    assert {label for label, cls in classes.items() if cls == "Person"} == {
        "Oh Min-jun", "Bae Jin-woo", "Hwang Ji-yeon"}
    assert classes.get("Kang Ha-neul Foundation") == "Organization"
    assert ("person/oh-min-jun", "organization/tarn-robotics", "Asserted") in claimed(text, "leads")
    classes, _ = entity_classes("It revived a Cold War-era treaty and a Cold War-style standoff.")
    assert not [label for label, cls in classes.items() if cls == "Person"]


def test_a_plural_title_in_ies_is_shared_by_the_names_after_it():
    classes, _ = entity_classes("The bill was filed by Deputies Joao Pereira-Neto and Carla Souza.")
    assert {label for label, cls in classes.items() if cls == "Person"} == {
        "Joao Pereira-Neto", "Carla Souza"}


def test_its_signatories_belong_to_a_text_never_to_the_organiser_named_last():
    ex = run("The letter was organised by the Civic Data Network. Its signatories include the "
             "Lakeside Consumer League and the Harbor Tenants Union.")
    assert not [c for c in ex.claims if c.predicate == "memberOf"
                and "broad|only-broad" not in c.signals]
    text = ("The Harbour Accord was drafted by the Civic Data Network. Its signatories include "
            "the Lakeside Consumer League.")
    assert ("organization/lakeside-consumer-league", "agreement/harbour-accord", "Asserted") in \
        claimed(text, "partyTo")


@pytest.mark.parametrize("text, expected, absent", [
    # an "in" inside a long name stays when no body or place follows
    ("The assembly approved the Bill on Disclosure of Automated Messages in Electoral Advertising. "
     "The Center for Fairness in Lending, a Boston group, welcomed it.",
     {"Bill on Disclosure of Automated Messages in Electoral Advertising": "Policy",
      "Center for Fairness in Lending": "Organization"}, ()),
    # School and Unit are organisation heads
    ("Ilse Varga, a professor at Hartwell Law School, said the Tallis Review Unit at the "
     "ministry wrote it.",
     {"Hartwell Law School": "Organization", "Tallis Review Unit": "Organization"},
     ("Hartwell Law", "Tallis Review")),
    # a law's word NER took for a place stays in the law's name
    ("The agency said the calls broke the Truth in Caller ID Act, which bans spoofing.",
     {"Truth in Caller ID Act": "Policy"}, ("Truth",)),
    # two names each with an ampersand are two bodies
    ("The hackers targeted Tarn Hydro & Grid Power and Velo Plant Service & Engineering last year.",
     {"Tarn Hydro & Grid Power": "Organization", "Velo Plant Service & Engineering": "Organization"}, ()),
    # a name written after its head word runs on over particles
    ("The Instituto Alvarado de Políticas and the Stiftung für Datenethik criticised the rule.",
     {"Instituto Alvarado de Políticas": "Organization", "Stiftung für Datenethik": "Organization"}, ()),
    # a sentence-case title after "titled" names the text the noun before describes
    ('Research by the Institut Delacroix, a think tank, titled "Machines amies", warned that '
     'apps could harm children.',
     {"Machines amies": "Document", "Institut Delacroix": "Organization"}, ()),
])
def test_names_are_kept_whole_and_typed(text, expected, absent):
    classes, _ = entity_classes(text)
    assert {label: classes.get(label) for label in expected} == expected
    assert not set(absent) & set(classes)


def test_a_given_name_between_a_title_and_ner_s_surnames_is_the_person_s():
    classes, _ = entity_classes("Senator Renata Campos Valadares voted against it.")
    assert classes.get("Renata Campos Valadares") == "Person"


def test_a_capital_after_a_given_name_is_a_surname_not_a_government():
    ex = run("Peruvian trade envoy Ana Lima said the talks would resume in March.")
    labels = {e.label: e.cls for e in ex.entities.values()}
    assert labels.get("Ana Lima") == "Person"
    assert ("person/ana-lima", "role", "trade envoy") in facts(ex)


def test_a_bare_deputy_is_a_legislator_s_title_but_former_is_no_role():
    assert ("person/marta-quental", "role", "Deputy") in facts(run(
        "Deputy Marta Quental said the fine was too small."))
    assert not [c for c in run("Former Ana Ruiz said so.").claims if c.predicate == "role"]


def test_a_titled_name_ner_reads_as_a_body_is_a_person():
    ex = run("Maryland Governor Dana Holloway-Pike signed the bill on Friday.")
    assert ex.entities["person/dana-holloway-pike"].cls == "Person"
    assert ("person/dana-holloway-pike", "role", "Governor") in facts(ex)


def test_a_title_finds_the_name_ner_missed_after_it():
    ex = run("The Data Privacy Act was signed into law by Governor Ana Ruiz.")
    assert ("person/ana-ruiz", "supports", "policy/data-privacy-act") in facts(ex)


@pytest.mark.parametrize("text, person, role", [
    ("Its coordinator, Folake Adeyemi, said the plan was late.", "person/folake-adeyemi", "coordinator"),
    ("The paper's lead author, Dawit Bekele, cautioned against haste.", "person/dawit-bekele", "lead author"),
    ("Its senior policy counsel, Ada Monti, said the bill was flawed.", "person/ada-monti",
     "senior policy counsel"),
])
def test_a_role_noun_in_apposition_is_the_person_s_role(text, person, role):
    assert (person, "role", role) in facts(run(text))


def test_a_name_ner_read_as_a_body_with_a_chair_apposition_is_a_person():
    ex = run("Sipho Dlamini-Rees, chair of the Portfolio Committee on Communications, said the bill would pass.")
    assert ex.entities["person/sipho-dlamini-rees"].cls == "Person"


@pytest.mark.parametrize("text, label", [
    ('Researchers at the Orla Institute published a study last month, "Automation and Inequality '
     'in Coastal Services", which warned of job losses.', "Automation and Inequality in Coastal Services"),
    ('A report published on Monday by the think tank Delta Lab, titled "Compute and Trust", warned of bias.',
     "Compute and Trust"),
    ('"Designer Threats: AI and Pandemics", a study by the Kell Centre, warned that open models could '
     'help design chemical agents.', "Designer Threats: AI and Pandemics"),
    ('The forum saw the release of "The State of AI Safety in Oceania 2026", a report issued by the '
     'think tank Marlow Labs.', "The State of AI Safety in Oceania 2026"),
])
def test_a_quoted_title_beside_a_text_noun_names_a_document(text, label):
    documents = {e.label for e in run(text).entities.values() if e.cls == "Document"}
    assert label in documents


def test_a_quoted_remark_is_no_document():
    assert not run('"It is a Great Day for All of Us", the minister said.').entities


@pytest.mark.parametrize("text, system", [
    ("Tarsen AI, the developer of the Vela model, declined to sign.", "aisystem/vela"),
    ("The Marnie chatbot was built by Aldous Labs.", "aisystem/marnie"),
    ("Aldous Labs released Marnie, a large language model, in May.", "aisystem/marnie"),
])
def test_a_lone_name_beside_a_model_or_chatbot_noun_is_an_ai_system(text, system):
    ex = run(text)
    assert ex.entities[system].cls == "AISystem"


def test_an_amount_after_a_name_is_no_part_of_it_and_a_based_prefix_is_a_place():
    ex = run("The Data Office has fined the Lyon-based company Visiopoint 4 million euros.")
    labels = {e.label: e.cls for e in ex.entities.values()}
    assert labels.get("Visiopoint") == "Organization" and labels.get("Lyon") == "Place"


#: General constructions of the newest development batches: (sentence, fact), by family.
NEW_FORMS = [
    pytest.param("The Data Fairness Act faced opposition from industry groups, but was signed into law "
     "by Governor Ana Ruiz.", ("person/ana-ruiz", "supports", "policy/data-fairness-act"), id="a_second_passive_verb_shares_the_first_one_s_subject"),
    pytest.param("The Data Privacy Act cleared the Senate but was vetoed by Governor Ana Ruiz.",
     ("person/ana-ruiz", "opposes", "policy/data-privacy-act"), id="a_second_passive_verb_shares_the_first_one_s_subject"),
    pytest.param("The Lisbon Declaration, unveiled at the summit and backed by the Orla Foundation, "
     "commits signatories to openness.",
     ("organization/orla-foundation", "supports", "agreement/lisbon-declaration"), id="a_second_passive_verb_shares_the_first_one_s_subject"),
    pytest.param("The Data Privacy Act passed on Monday. Ana Ruiz, the bill's sponsor, said it was overdue.",
     ("person/ana-ruiz", "supports", "policy/data-privacy-act"), id="a_sponsor_or_critic_beside_a_name_backs_or_opposes_the_text"),
    pytest.param("The Data Privacy Act passed on Monday. The bill's sponsor, Senator Ana Ruiz, said it was overdue.",
     ("person/ana-ruiz", "supports", "policy/data-privacy-act"), id="a_sponsor_or_critic_beside_a_name_backs_or_opposes_the_text"),
    pytest.param("The Data Privacy Act passed. Senator Ana Ruiz, one of the bill's sponsors, said it was overdue.",
     ("person/ana-ruiz", "supports", "policy/data-privacy-act"), id="a_sponsor_or_critic_beside_a_name_backs_or_opposes_the_text"),
    pytest.param("Senator Tom Hale, a vocal critic of the Data Privacy Act, said it was flawed.",
     ("person/tom-hale", "opposes", "policy/data-privacy-act"), id="a_sponsor_or_critic_beside_a_name_backs_or_opposes_the_text"),
    pytest.param("The Data Privacy Act passed the Senate. The Retail Council has also come out against it.",
     ("organization/retail-council", "opposes", "policy/data-privacy-act"), id="stances_on_a_bill_in_more_words"),
    pytest.param("The Data Privacy Act passed the Senate. The Retail Council pushed back against the bill.",
     ("organization/retail-council", "opposes", "policy/data-privacy-act"), id="stances_on_a_bill_in_more_words"),
    pytest.param("Governor Ana Ruiz signed the Data Privacy Act on Monday. The Retail Council welcomed the signing.",
     ("organization/retail-council", "supports", "policy/data-privacy-act"), id="stances_on_a_bill_in_more_words"),
    pytest.param("Governor Ana Ruiz signed the Data Privacy Act on Monday.",
     ("person/ana-ruiz", "supports", "policy/data-privacy-act"), id="stances_on_a_bill_in_more_words"),
    pytest.param("Delegations from Egypt, Jordan and Oman voted for the Cairo Principles.",
     ("country/jordan", "supports", "agreement/cairo-principles"), id="delegates_of_a_body_or_country_act_for_it"),
    pytest.param("Foreign ministers of the Organization of American States approved the Panama Declaration.",
     ("organization/organization-of-american-states", "supports", "agreement/panama-declaration"), id="delegates_of_a_body_or_country_act_for_it"),
    pytest.param("The Federal Trade Commission fined Meta on Monday.",
     ("organization/federal-trade-commission", "opposes", "organization/meta"), id="an_authority_fining_a_company_opposes_it"),
    pytest.param("The Data Office has fined the Lyon-based company Visiopoint 4 million euros.",
     ("organization/data-office", "opposes", "organization/visiopoint"), id="an_authority_fining_a_company_opposes_it"),
    pytest.param("The council held its first Vela Forum on Monday. The participants, who included "
                 "executives Marnie Okafor and Tom Hale, discussed chips.",
     ("person/tom-hale", "participatesIn", "event/vela-forum"), id="a_list_of_participants_takes_part_in_the_event_named_beside_it"),
    pytest.param("Attendees included the Orla Foundation and Kenya, at the Vela Summit in Nairobi.",
     ("country/kenya", "participatesIn", "event/vela-summit"), id="a_list_of_participants_takes_part_in_the_event_named_beside_it"),
    pytest.param("The inquiry was opened by Commissioners for Data Protection, Dr Ana Ruiz and Tom Hale, on Monday.",
     ("person/tom-hale", "role", "Commissioner for Data Protection"), id="a_plural_title_before_a_list_of_names_the_parser_hung_elsewhere"),
    pytest.param("Ministers of Digital Affairs Helen Marsh and Tom Hale met in Tokyo.",
     ("person/helen-marsh", "role", "Minister of Digital Affairs"), id="a_plural_title_before_a_list_of_names_the_parser_hung_elsewhere"),
    pytest.param("The U.S. delegation was led by Helen Marsh, while China's side was headed by Tom Hale, a senior diplomat.",
     ("person/tom-hale", "affiliatedWith", "country/china"), id="who_leads_a_country_s_delegation_serves_it"),
    pytest.param("The Senate Commerce Committee on Wednesday advanced the Vela Safety Act by a vote of 15-13.",
     ("organization/senate-commerce-committee", "supports", "policy/vela-safety-act"), id="a_committee_advancing_a_bill_backs_it"),
    pytest.param("The Vela Code was published in May. Critics, including Senator Helen Marsh, said the code lacked teeth.",
     ("person/helen-marsh", "opposes", "policy/vela-code"), id="a_list_of_critics_or_supporters_takes_that_stance_on_the_text"),
    pytest.param("The Orla Act passed the House. Supporters, such as the Vela Coalition, called it a milestone.",
     ("organization/vela-coalition", "supports", "policy/orla-act"), id="a_list_of_critics_or_supporters_takes_that_stance_on_the_text"),
    pytest.param("Kenya's ICT Cabinet Secretary Helen Marsh said the framework would help.",
     ("person/helen-marsh", "role", "ICT Cabinet Secretary"), id="a_possessive_owner_before_a_title_and_a_two_word_title"),
    pytest.param("Kenya's ICT Cabinet Secretary Helen Marsh said the framework would help.",
     ("person/helen-marsh", "affiliatedWith", "country/kenya"), id="a_possessive_owner_before_a_title_and_a_two_word_title"),
    pytest.param("Vela Labs' chief executive Tom Hale said so.",
     ("person/tom-hale", "leads", "organization/vela-labs"), id="a_possessive_owner_before_a_title_and_a_two_word_title"),
    pytest.param("Helen Marsh is a senior fellow at the Orla Institute.",
     ("person/helen-marsh", "role", "senior fellow"), id="a_copular_title_is_a_role"),
    pytest.param("Helen Marsh is a senior fellow at the Orla Institute.",
     ("person/helen-marsh", "affiliatedWith", "organization/orla-institute"), id="a_copular_title_is_a_role"),
    pytest.param("Japan and the European Union agreed on Tuesday to deepen cooperation. Both sides expressed "
                 "concern about the spread of AI-generated disinformation.",
     ("organization/european-union", "concernedAbout", "risk/Disinformation"), id="both_sides_are_a_country_and_the_bloc_it_deals_with"),
    pytest.param("Vela Labs said it would not sign the General-Purpose AI Code of Practice.",
     ("organization/vela-labs", "opposes", "policy/general-purpose-ai-code-of-practice"), id="saying_one_will_not_sign_is_a_refusal"),
    pytest.param("The Geneva Code was published in May. Orla AI said it won't sign.",
     ("organization/orla-ai", "opposes", "policy/geneva-code"), id="saying_one_will_not_sign_is_a_refusal"),
    pytest.param("The Geneva Code was published in May. Orla AI and Vela Labs said they would sign.",
     ("organization/vela-labs", "supports", "policy/geneva-code"), id="saying_one_will_sign_a_code_backs_it"),
    pytest.param("Bellwood Forge, maker of the Ostra-2 system, declined to comment.",
     ("aisystem/ostra-2", "developedBy", "organization/bellwood-forge"), id="who_builds_an_ai_system_in_news_shapes"),
    pytest.param("Tarn Labs, which develops the Ostra-3 model, said it would comply.",
     ("aisystem/ostra-3", "developedBy", "organization/tarn-labs"), id="who_builds_an_ai_system_in_news_shapes"),
    pytest.param("The Ostra-2 model was developed by Bellwood Labs.",
     ("aisystem/ostra-2", "developedBy", "organization/bellwood-labs"), id="who_builds_an_ai_system_in_news_shapes"),
    pytest.param("Halden's Nimbus-3 model is among the most downloaded in Europe.",
     ("aisystem/nimbus-3", "developedBy", "organization/halden"), id="who_builds_an_ai_system_in_news_shapes"),
    pytest.param("PavoVoice, a voice-cloning tool made by Bellwood Studios, was banned.",
     ("aisystem/pavovoice", "developedBy", "organization/bellwood-studios"), id="who_builds_an_ai_system_in_news_shapes"),
    pytest.param("The Orla Act passed the House, with Senator Tom Hale as co-sponsor in the upper chamber.",
     ("person/tom-hale", "supports", "policy/orla-act"), id="a_list_of_critics_or_supporters_takes_that_stance_on_the_text"),
    pytest.param("Austria, Mexico and Peru spoke in favour. Kenya and Chile also signed the Lima Call for Human Control.",
     ("country/chile", "partyTo", "agreement/lima-call-for-human-control"), id="a_call_is_an_agreement"),
    pytest.param("The regulator published the Vela Code of Practice in July. Signatories include Orla Systems and Tarn Labs.",
     ("organization/tarn-labs", "supports", "policy/vela-code-of-practice"), id="signatories_of_a_code_back_it"),
    pytest.param("The Geneva Code was published in May. Two large developers, Tarn Labs and Vela Intelligence, refused to sign.",
     ("organization/tarn-labs", "opposes", "policy/geneva-code"), id="names_in_apposition_to_a_group_act_for_it"),
    pytest.param("Tom Hale led Brazil's negotiating team at the talks.",
     ("person/tom-hale", "affiliatedWith", "country/brazil"), id="who_leads_a_country_s_delegation_serves_it"),
    pytest.param("The Pellow Centre published the Marrick Index on Monday.",
     ("document/marrick-index", "issuedBy", "organization/pellow-centre"), id="who_puts_out_a_text_issues_it"),
    pytest.param("The Torvane Guidelines were released by the Wexley Authority in May.",
     ("policy/torvane-guidelines", "issuedBy", "organization/wexley-authority"), id="who_puts_out_a_text_issues_it"),
    pytest.param("Prime Minister Ana Ruiz launched the Ombra Strategy last year.",
     ("policy/ombra-strategy", "issuedBy", "person/ana-ruiz"), id="who_puts_out_a_text_issues_it"),
    pytest.param("Regulators questioned Tom Hale's Feldane Labs about its chatbot.",
     ("person/tom-hale", "affiliatedWith", "organization/feldane-labs"), id="a_person_s_company_is_one_they_serve"),
    pytest.param("Feldane Labs, the company behind the Nimbrel-4 model, declined to comment.",
     ("aisystem/nimbrel-4", "developedBy", "organization/feldane-labs"), id="who_builds_an_ai_system_in_news_shapes"),
]


@pytest.mark.parametrize("text, pattern", [
    ("The Pellow Centre published the Marrick Index on Monday.", "dp:issue-verb"),
    ("The Torvane Guidelines were released by the Wexley Authority in May.", "dp:issue-verb-passive"),
    ("The Pellow Centre's Marrick Index ranks labs.", "dp:issuer-possessive"),
])
def test_issuing_a_text_is_read_by_its_own_pattern(text, pattern):
    # the relation model weighs each pattern: an issuer read by these is surer
    # than one the sentence's path alone suggests
    claim = next(c for c in run(text).claims if c.predicate == "issuedBy")
    assert pattern in claim.signals


def test_two_company_names_run_together_by_ner_are_two_companies():
    ex = run("Backed by Dunmere Holdings and Kelbrook Group, Syrinx is one of several developers.")
    labels = {e.label for e in ex.entities.values()}
    assert {"Dunmere Holdings", "Kelbrook Group"} <= labels
    assert ("organization/kelbrook-group", "supports", "organization/syrinx") in facts(ex)


def test_a_committee_named_for_two_fields_stays_one_body():
    ex = run("The House Energy and Commerce Committee met on Tuesday.")
    assert [e.label for e in ex.entities.values()] == ["House Energy and Commerce Committee"]


def test_a_known_company_with_a_legal_suffix_is_that_company():
    ex = run("Baidu Inc. and Microsoft Corporation were named. Baidu declined to comment.")
    assert sorted(ex.entities) == ["organization/baidu", "organization/microsoft"]


@pytest.mark.parametrize("text, person, role", [
    ("Minister of State Anil Quillan-Roy said the rules would change.", "person/anil-quillan-roy", "Minister of State"),
    ("Minister of Finance Jane Ruscombe said the rules would change.", "person/jane-ruscombe", "Minister of Finance"),
])
def test_a_title_s_field_is_cut_from_the_name_but_not_a_given_name(text, person, role):
    assert (person, "role", role) in facts(run(text))


def test_a_person_s_company_is_not_every_company_listed_after_it():
    ex = run("Regulators examined Tom Hale's Feldane Labs, Yarrow Labs and Brisco Systems.")
    assert ("person/tom-hale", "affiliatedWith", "organization/feldane-labs") in facts(ex)
    assert not [c for c in ex.claims if c.subject == "person/tom-hale"
                and c.object in ("organization/yarrow-labs", "organization/brisco-systems")]


def test_the_field_of_a_department_title_is_no_organisation_of_its_own():
    ex = run("Commerce Secretary Ana Ruiz spoke on Monday.")
    assert "Commerce" not in {e.label for e in ex.entities.values()}
    assert ("person/ana-ruiz", "affiliatedWith", "organization/us-department-of-commerce") in facts(ex)


@pytest.mark.parametrize("text, person, body", [
    ("Secretary of Commerce Ana Ruiz spoke on Monday.", "Ana Ruiz", "US Department of Commerce"),
    ("Under Secretary of Commerce for Industry and Security Tom Hale announced the rule.",
     "Tom Hale", "US Department of Commerce"),
    ("Secretary of Commerce, Ana Ruiz, said the rule would stay.", "Ana Ruiz",
     "US Department of Commerce"),
    ("Tom Hale, the Secretary of Defense, spoke in Ohio.", "Tom Hale", "US Department of Defense"),
])
def test_a_secretary_of_a_field_serves_that_department(text, person, body):
    found = labelled_facts(run(text))
    assert (person, "affiliatedWith", body) in found
    assert "Commerce" not in {e.label for e in run(text).entities.values()}


def test_a_secretary_of_state_for_a_field_names_no_department():
    found = labelled_facts(run("Secretary of State for Science Ana Ruiz spoke on Monday."))
    assert not [f for f in found if f[1] == "affiliatedWith"]


def test_participants_are_given_no_event_when_two_are_named():
    ex = run("The Vela Forum and the Orla Summit met in May. Attendees included Ana Ruiz.")
    assert not [c for c in ex.claims if c.predicate == "participatesIn" and c.subject == "person/ana-ruiz"]


@pytest.mark.parametrize("text, fact", NEW_FORMS)
def test_general_forms_give_the_fact(text, fact):
    assert fact in facts(run(text))


def test_a_risk_s_words_inside_a_body_s_name_are_no_risk():
    ex = run("The evaluation was carried out by the UK AI Security Institute on Monday.")
    assert not [e for e in ex.entities.values() if e.cls == "Risk"]


def test_a_deputy_minister_s_listed_portfolio_is_no_body():
    ex = run("South Africa's Deputy Minister of Communications and Digital Technologies, "
             "Thandi Mokoena-Ruiz, spoke.")
    assert {e.cls for e in ex.entities.values()} == {"Country", "Person"}


def test_a_relative_time_opening_a_sentence_is_no_event():
    ex = run("Last week, the Orla Foundation said it would sign. Last week was busy for the Orla Foundation.")
    assert {(e.label, e.cls) for e in ex.entities.values()} == {("Orla Foundation", "Organization")}


def test_a_product_code_before_a_name_is_no_person():
    ex = run("Officials cleared the sale of 9,000 of Acme’s latest XR900 Helen Marsh chips to a local company.")
    assert not [e for e in ex.entities.values() if e.cls == "Person"]


def test_a_known_ai_system_with_a_company_suffix_is_the_system():
    ex = run("Anthropic, the Claude AI developer, said it would sign the pledge.")
    assert {(e.label, e.cls) for e in ex.entities.values()} == {("Anthropic", "Company"), ("Claude", "AISystem")}


@pytest.mark.parametrize("text, place", [
    ("The regulator accused Orla AI, a London software firm, of copying.", "London"),
    ("The Paris start-up Orla said it would sign.", "Paris"),
])
def test_a_capital_before_a_business_is_the_city(text, place):
    ex = run(text)
    assert (place, "Place") in {(e.label, e.cls) for e in ex.entities.values()}
    assert not [e for e in ex.entities.values() if e.cls == "Country"]


def test_a_capital_before_officials_is_still_the_government():
    assert ("United States", "Country") in {(e.label, e.cls) for e in run(
        "Washington officials said the rule was final.").entities.values()}


def test_signers_of_a_code_support_it_and_signers_of_an_agreement_are_parties_to_it():
    code = run("The Geneva Code of Practice was signed by 14 companies, including Vela Labs and Orla AI.")
    charter = run("The Lima Charter was signed by Norway and Kenya in May.")
    assert ("organization/orla-ai", "supports", "policy/geneva-code-of-practice") in facts(code)
    assert ("country/kenya", "partyTo", "agreement/lima-charter") in facts(charter)
    # one property per pair from a pattern that offers two: never both
    assert not [c for c in charter.claims if c.predicate == "supports" and "dp:signed-by-passive" in c.signals]


def test_a_ministry_qualified_by_another_portfolio_is_not_the_body_named_before():
    ex = run("The US team was led by Ana Ruiz, the National Security Council's senior director, while "
             "China's side was headed by Tom Hale, director-general of the energy ministry's arms control department.")
    assert ("person/tom-hale", "affiliatedWith", "organization/us-national-security-council") not in facts(ex)
    assert ("person/ana-ruiz", "affiliatedWith", "organization/us-national-security-council") in facts(ex)


def test_a_pronoun_after_an_unnamed_object_points_to_that_object_not_a_name_before():
    ex = run("The Vela Group welcomed the decision, while the Orla Council criticised it as rushed.")
    assert not [c for c in ex.claims if c.subject == "organization/orla-council" and c.predicate == "opposes"]


def test_a_fine_with_its_amount_opposes_the_fined_company():
    ex = run("The European Commission on Tuesday fined Vela Labs 120 million euros for breaching the rules.")
    assert ("organization/european-commission", "opposes", "organization/vela-labs") in facts(ex)


def test_a_description_stops_before_the_event_where_it_was_unveiled():
    ex = run("Norway on Monday unveiled an action plan for global AI governance at the Vela Summit in Oslo. "
             "The plan calls for joint efforts.")
    assert ("action plan for global AI governance", "Policy") in {(e.label, e.cls) for e in ex.entities.values()}


def test_a_name_after_the_kind_of_body_it_is_is_that_body():
    ex = run("Critics, including the nonprofit Orla Watch, said the framework lacked oversight.")
    assert {(e.label, e.cls) for e in ex.entities.values()} == {("Orla Watch", "Organization")}


@pytest.mark.parametrize("text, cls", [
    ("The Vela Startup Forum has called for a grace period, warning that small firms lack resources.", "Organization"),
    ("The Vela Forum said on Monday it would publish a report.", "Organization"),
    ("The Vela Summit said AI needs rules.", "Event"),
    ("The Vela Forum opened in Oslo on Monday.", "Event"),
])
def test_a_forum_that_speaks_is_a_body_and_a_summit_stays_an_event(text, cls):
    assert {e.cls for e in run(text).entities.values() if e.label.startswith("Vela")} == {cls}


@pytest.mark.parametrize("qualifier", ["its long-awaited", "its new", "a long-awaited"])
def test_a_described_text_is_named_without_its_owner_or_news_words(qualifier):
    ex = run(f"The UK government on Tuesday published {qualifier} AI bill. The bill would give the institute powers.")
    assert [e.label for e in ex.entities.values() if e.cls == "Policy"] == ["AI bill"]


def test_a_camel_case_name_with_a_capitals_tail_is_an_organisation():
    ex = run("DataUK, which represents more than 1,000 tech firms, said it had concerns.")
    assert {(e.label, e.cls) for e in ex.entities.values()} == {("DataUK", "Organization")}


def test_a_text_named_only_to_compare_is_not_what_the_measure_refers_to():
    ex = run("Peru's Congress approved a bill regulating artificial intelligence on Tuesday. The bill creates a "
             "risk-based system similar to the Vela Act. Tech companies including Orla AI lobbied against the measure.")
    assert not [c for c in ex.claims if c.subject == "organization/orla-ai" and c.object == "policy/vela-act"]


def test_an_unknown_capital_city_opening_a_dateline_is_no_body():
    ex = run("BRASILIA, May 6 (Reuters) - Brazil's Senate approved a bill on Tuesday.")
    assert not [e for e in ex.entities.values() if e.label.upper() == "BRASILIA"]


def test_a_name_set_off_after_a_portfolio_is_its_holder():
    ex = run("This was announced by the African Union's Commissioner for Trade and Industry, Helena Abou-Karim, during an interview.")
    assert ("Helena Abou-Karim", "Person") in {(e.label, e.cls) for e in ex.entities.values()}
    assert ("person/helena-abou-karim", "affiliatedWith", "organization/african-union") in facts(ex)


def test_the_last_field_of_a_portfolio_list_is_no_person():
    assert not run("The Minister of Ports, Shipping and Inland Waters spoke.").entities


def test_a_national_body_named_with_its_country_as_owner_is_the_gazetteer_body():
    ex = run("Japan's AI Safety Institute signed a memorandum with Kenya on Monday.")
    assert "organization/japan-ai-safety-institute" in ex.entities


def test_not_having_signed_yet_is_no_refusal():
    ex = run("Orla AI has not signed the Geneva Code.")
    assert ("organization/orla-ai", "opposes", "policy/geneva-code") not in facts(ex)


@pytest.mark.parametrize("text, concept", [
    ("The evaluators found the model would lie to pass their tests.", "Deception"),
    ("The group raised free-speech concerns about the rule.", "HumanRights"),
    ("In tests, models tried to disable monitoring tools.", "LossOfControl"),
    ("Labs are racing each other and cutting corners on safety.", "ArmsRace"),
    ("The statement covers model theft and cyber misuse.", "CyberOffense"),
    ("The bill bans chatbots that pretend to be human.", "Deception"),
    ("Agents could act without human oversight for days.", "LossOfControl"),
    ("Unions warned of a labour shock in call centres.", "LabourMarket"),
    ("Export rules create a two-tier world for developers.", "DigitalDivide"),
    ("The app recorded users without their consent.", "Privacy"),
    ("Buyers fear vendor lock-in from three suppliers.", "MarketConcentration"),
])
def test_paraphrases_news_uses_name_their_risk(text, concept):
    assert f"risk/{concept}" in run(text).entities


def test_a_legislator_s_home_before_a_party_is_a_place():
    ex = run("Representative Helen Marsh, a Burlington Democrat, introduced the Orla Act in January.")
    assert ("Burlington", "Place") in {(e.label, e.cls) for e in ex.entities.values()}


# --- one thing, one entity: acronyms and bare first names -----------------------

def test_an_acronym_the_article_defines_is_never_a_gazetteer_body_with_the_same_letters():
    # "CAISI" is also the gazetteer's US centre; this article's own CAISI is another body
    text = ("The Centre for Applied Intelligence Security and Innovation (CAISI) opened in "
            "Lagos on Monday. CAISI will test chatbots before they launch.")
    classes, ex = entity_classes(text)
    assert "Centre for Applied Intelligence Security and Innovation" in classes
    assert not [k for k, e in ex.entities.items() if "standards" in k]


def test_an_acronym_spelled_by_a_body_named_in_the_same_article_is_that_body():
    text = ("The Federal Digital Markets Board fined two cloud firms on Monday. "
            "A spokesperson for the FDMB said more cases would follow.")
    classes, ex = entity_classes(text)
    bodies = [e for e in ex.entities.values() if e.cls == "Organization"]
    assert [e.label for e in bodies] == ["Federal Digital Markets Board"]
    assert "FDMB" in bodies[0].aliases


def test_an_acronym_counts_the_letters_of_ai_in_the_name_it_shortens():
    text = ("The AI Model Testing Council met in Oslo. A spokesperson for the AIMTC said "
            "the audit was late.")
    classes, ex = entity_classes(text)
    assert [e.label for e in ex.entities.values() if e.cls == "Organization"] == [
        "AI Model Testing Council"]


def test_an_acronym_two_bodies_could_spell_joins_neither():
    text = ("The Digital Safety Board and the Data Standards Bureau met in Oslo. "
            "The DSB later published a report.")
    classes, ex = entity_classes(text)
    assert {"Digital Safety Board", "Data Standards Bureau"} <= set(classes)
    assert not any("DSB" in e.aliases for e in ex.entities.values()
                   if e.label in ("Digital Safety Board", "Data Standards Bureau"))


def test_a_bare_first_name_does_not_join_a_person_of_another_article():
    ex = extract([Article(id="a1", source="a1.txt",
                          text="Marten Okoye, a venture investor, visited Lisbon in May."),
                  Article(id="a2", source="a2.txt",
                          text="Regulators met on Monday, Marten told reporters.")],
                 model=None)
    okoye = next(e for e in ex.entities.values() if e.label == "Marten Okoye")
    assert okoye.articles == {"a1"}


def test_a_known_body_followed_by_a_form_word_is_another_body_its_organ():
    text = ("Ministers of the African Union met in Accra. The African Union Commission "
            "said the plan would be ready in May.")
    classes, ex = entity_classes(text)
    union = next(e for e in ex.entities.values() if e.label == "African Union")
    assert "African Union Commission" not in union.aliases
    assert classes.get("African Union Commission") == "Organization"


def test_texts_and_systems_of_recent_years_are_known_by_their_short_names():
    ex = run("Lawmakers cited TRAIGA and the GPAI Code of Practice. Users of Kimi and "
             "Doubao grew fast, CSET said.")
    assert {"policy/texas-responsible-artificial-intelligence-governance-act",
            "policy/general-purpose-ai-code-of-practice", "aisystem/kimi", "aisystem/doubao",
            "organization/center-for-security-and-emerging-technology"} <= set(ex.entities)


def test_a_forum_that_takes_a_stand_is_a_body_and_backs_the_text():
    text = ("Peru and Ghana signed the Lima-Accra Memorandum on Model Testing on Monday. "
            "The Andean Software Forum welcomed the memorandum.")
    classes, ex = entity_classes(text)
    assert classes.get("Andean Software Forum") == "Organization"
    assert ("organization/andean-software-forum", "agreement/lima-accra-memorandum-on-model-testing",
            "Asserted") in claimed(text, "supports")


def test_who_is_said_to_be_a_sponsor_or_critic_of_a_text_takes_that_stand():
    text = ("The Andean Assembly adopted the Resolution on Model Audits on Friday. "
            "Peru, Chile and Ghana were the main sponsors of the resolution. "
            "The Lima Data Network has been a fierce critic of the resolution.")
    target = "agreement/resolution-on-model-audits"
    assert {("country/peru", target), ("country/chile", target), ("country/ghana", target)} <= {
        (s, o) for s, o, _ in claimed(text, "supports")}
    assert ("organization/lima-data-network", target) in {(s, o) for s, o, _ in claimed(text, "opposes")}


def test_whose_members_include_makes_each_listed_name_a_member():
    text = ("The Pacific Platforms Association, whose members include Tern Holdings and "
            "Kiwi Networks, criticised the rule. Harbour Lending belongs to the Coastal "
            "Credit Forum, a trade group whose members include Brightwave Finance.")
    members = {(s, o) for s, o, _ in claimed(text, "memberOf")}
    assert {("organization/tern-holdings", "organization/pacific-platforms-association"),
            ("organization/kiwi-networks", "organization/pacific-platforms-association"),
            ("organization/brightwave-finance", "organization/coastal-credit-forum")} <= members


def test_who_leads_a_delegation_takes_part_in_the_talks_the_article_names():
    text = ("Peru and Kenya held the first Lima-Nairobi Dialogue on AI Safety in Lima on Monday. "
            "Officials described the meeting as frank. "
            "The Kenyan delegation was headed by Amina Wekesa-Otieno, a deputy minister.")
    assert ("person/amina-wekesa-otieno", "event/lima-nairobi-dialogue-on-ai-safety") in {
        (s, o) for s, o, _ in claimed(text, "participatesIn")}


def test_consultations_between_governments_are_an_event():
    classes, _ = entity_classes("Peru and Kenya held the first Peruvian-Kenyan Consultations on "
                                "Artificial Intelligence in Lima on Wednesday.")
    assert classes.get("Peruvian-Kenyan Consultations on Artificial Intelligence") == "Event"


def test_a_capital_someone_visits_is_the_city():
    classes, _ = entity_classes("Anna Weber, a trade envoy, visited Nairobi in May. "
                                "Nairobi said the talks were useful.")
    assert classes.get("Nairobi") == "Place" and classes.get("Kenya") == "Country"


@pytest.mark.parametrize("text, concept", [
    ("The ministry expanded two welfare schemes and an investment scheme.", "Deception"),
    ("Leaders also discussed climate change and trade.", "Environmental"),
    # a headline NER reads no body in: the gazetteer's name still is one
    ("New Head of State-Backed AI Security Institute Says Testing Comes First", "ModelSecurity"),
])
def test_words_that_only_look_like_a_risk_name_none(text, concept):
    assert f"risk/{concept}" not in run(text).entities


def test_scheming_models_are_a_deception_risk():
    assert "risk/Deception" in run("Testers found scheming behaviour in two models.").entities


def test_a_numbered_part_of_a_law_or_a_religion_names_no_entity():
    classes, _ = entity_classes("Under Article 2 and Section 110 of the Data Act, leaders of Islam "
                                "and Judaism met in Rome with officials of the Member States.")
    assert not {"Article 2", "Section 110", "Islam", "Judaism", "Member States"} & set(classes)
    assert classes.get("Data Act") == "Policy"


def test_a_numbered_part_is_told_from_a_numbered_text():
    from aigraph.extract.mentions.core import is_part_of_a_text
    assert [is_part_of_a_text(label) for label in ("Article 2", "Section 110(b)", "Annex III",
                                                   "Resolution 2758", "Data Act")] == [
        True, True, True, False, False]


def test_a_form_word_in_the_plural_or_a_field_acronym_names_no_body():
    classes, _ = entity_classes("The Nordic Testing Institute and the Baltic Model Institute "
                                "shared findings. Staff at both Institutes said ICT budgets "
                                "must grow.")
    assert "Institutes" not in classes and "ICT" not in classes
    assert classes.get("Nordic Testing Institute") == "Organization"


def labelled_facts(extraction) -> set[tuple[str, str, str]]:
    label = {k: e.label for k, e in extraction.entities.items()}
    return {(label.get(s, s), p, label.get(o, o)) for s, p, o in facts(extraction)}


@pytest.mark.parametrize("text, fact", [
    ("The Tessaro Council has expressed support for the Harlow Act.",
     ("Tessaro Council", "supports", "Harlow Act")),
    ("The Pellow Alliance voiced strong opposition to the Quillan Bill, saying it went too far.",
     ("Pellow Alliance", "opposes", "Quillan Bill")),
    ("The Ostrava Council gave final approval to the Data Protection Act on Tuesday.",
     ("Ostrava Council", "supports", "Data Protection Act")),
    ("The Ostrava Council gave final approval to the Data Protection Act on Tuesday.",
     ("Data Protection Act", "issuedBy", "Ostrava Council")),
    ("The Cyberspace Office of Norvania released the final version of the Measures for "
     "Labelling Synthetic Content on Friday.",
     ("Measures for Labelling Synthetic Content", "issuedBy", "Cyberspace Office of Norvania")),
])
def test_a_stance_or_an_issue_stated_with_a_noun(text, fact):
    assert fact in labelled_facts(run(text))


@pytest.mark.parametrize("text", [
    "The Quillan Forum was co-organized by the Brisco Foundation and the Yarrow Institute.",
    "The Quillan Forum, hosted by the Brisco Foundation and the Yarrow Institute, ended on Friday.",
    "The Quillan Forum was convened by the Brisco Foundation and the Yarrow Institute.",
])
def test_an_events_organisers_take_part_in_it(text):
    found = labelled_facts(run(text))
    assert {("Brisco Foundation", "participatesIn", "Quillan Forum"),
            ("Yarrow Institute", "participatesIn", "Quillan Forum")} <= found


def test_those_listed_as_taking_part_are_parties_or_participants():
    found = labelled_facts(run("The seven companies participating in the Brisco Commitments are "
                               "Yarrow Labs, Nimbrel AI and Quillan Systems. The countries "
                               "taking part in the Ruscombe Summit were Kenya, Ghana and Chile."))
    assert {(c, "partyTo", "Brisco Commitments") for c in ("Yarrow Labs", "Nimbrel AI",
                                                          "Quillan Systems")} <= found
    assert {(c, "participatesIn", "Ruscombe Summit") for c in ("Kenya", "Ghana", "Chile")} <= found


def test_welcoming_or_praising_a_text_backs_it():
    found = labelled_facts(run("The Quillan Declaration was adopted on Friday. The industry body "
                               "Nimbrel welcomed it, and Kenya and Ghana praised the declaration."))
    assert {(x, "supports", "Quillan Declaration") for x in ("Nimbrel", "Kenya", "Ghana")} <= found


def test_lobbying_for_a_bill_backs_it_and_a_relative_clause_after_an_apposition_is_the_name():
    found = labelled_facts(run("The Harlow Act passed in May. The Yarrow Group, a nonprofit that "
                               "lobbied for the Harlow Act, said it was pleased."))
    assert ("Yarrow Group", "supports", "Harlow Act") in found
    assert ("Yarrow Group", "opposes", "Harlow Act") not in found
    assert ("Yarrow Group", "opposes", "Harlow Act") in labelled_facts(
        run("The Yarrow Group lobbied against the Harlow Act."))


def test_a_delegation_acts_for_its_owner():
    found = labelled_facts(run(
        "The Quillan Declaration was adopted on Friday. Kenya's delegation rejected the "
        "declaration, while the United States, whose delegation rejected the text on the final "
        "morning, left early."))
    assert {("Kenya", "opposes", "Quillan Declaration"),
            ("United States", "opposes", "Quillan Declaration")} <= found


def test_a_second_by_phrase_is_a_second_agent():
    found = labelled_facts(run("The Quillan Declaration was endorsed by the European Union and "
                               "by the African Union as a bloc."))
    assert {("European Union", "partyTo", "Quillan Declaration"),
            ("African Union", "partyTo", "Quillan Declaration")} <= found
