"""Timelines: dated things in order, stance changes by reported date."""

from __future__ import annotations

from aigraph.timeline import timeline, timeline_text

from time_extraction import article, claim, corpus_of, entity, extraction

GH, KE, CODE, FORUM, PLAN = ("country/ghana", "country/kenya", "agreement/savanna-code",
                             "event/savanna-forum", "policy/ghana-ai-plan")


def corpus(bar=0.5):
    articles = [article(x, d, "Wire") for x, d in
                (("a", "2026-01-10"), ("b", "2026-02-10"), ("c", "2026-03-10"), ("u", None))]
    entities = [entity(GH, "Country", "Ghana", "abcu"), entity(KE, "Country", "Kenya", "abc"),
                entity(CODE, "Agreement", "Savanna Code", "abc"),
                entity(FORUM, "Event", "Savanna Forum", "ab"),
                entity(PLAN, "Policy", "Ghana AI Plan", "c")]
    claims = [
        claim(GH, "supports", CODE, "a", "Ghana backs the code."),
        claim(GH, "opposes", CODE, "b", "Ghana now rejects the code."),
        claim(GH, "supports", CODE, "c", "Ghana returns to the code."),
        claim(GH, "opposes", CODE, "u", "An undated aside.", confidence=0.9),
        claim(KE, "supports", CODE, "b", "Kenya backs the code."),
        claim(FORUM, "date", "2026-05", "a", "The forum in May 2026.", datatype="gYearMonth"),
        claim(KE, "participatesIn", FORUM, "a", "Kenya attends the forum."),
        claim(CODE, "date", "2026", "b", "The 2026 code.", datatype="gYear"),
        claim(PLAN, "date", "2026-03-01", "c", "The plan of 1 March 2026.", datatype="date"),
        claim(PLAN, "issuedBy", GH, "c", "Ghana issued the plan."),
        claim(GH, "partyTo", CODE, "a", "Ghana signed?", "Negated"),
    ]
    return corpus_of(extraction(articles, entities, claims), bar)


def test_whole_timeline_in_date_order():
    items = timeline(corpus())
    assert [(i.date, i.kind, i.label, i.detail) for i in items] == [
        ("2026", "Agreement", "Savanna Code", "Ghana; Kenya"),
        ("2026-02-10", "stance change", "Ghana", "supports -> opposes Savanna Code"),
        ("2026-03-01", "Policy", "Ghana AI Plan", "Ghana"),
        ("2026-03-10", "stance change", "Ghana", "opposes -> supports Savanna Code"),
        ("2026-05", "Event", "Savanna Forum", "Kenya"),
    ]
    change = items[1]
    assert [e.sentence for e in change.before] == ["Ghana backs the code."]
    assert [e.sentence for e in change.sources] == ["Ghana now rejects the code."]


def test_entity_timeline_holds_what_it_takes_part_in():
    assert [(i.date, i.label) for i in timeline(corpus(), {"https://w3id.org/aigraph/id/" + KE})] == [
        ("2026", "Savanna Code"), ("2026-05", "Savanna Forum")]


def test_text_lists_sources_under_each_item():
    text = timeline_text(timeline(corpus(), {"https://w3id.org/aigraph/id/" + FORUM}), "T")
    assert text == ("T\n\n2026-05     Event          Savanna Forum (with Kenya)\n"
                    "                             \"The forum in May 2026.\" "
                    "(asserted, 2026-01-10, Wire, a.txt)\n")
