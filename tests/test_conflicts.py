"""Contradictions: asserted vs negated, supports vs opposes, two dates, two titles."""

from __future__ import annotations

from aigraph.conflicts import conflicts, conflicts_text

from time_extraction import article, claim, corpus_of, entity, extraction

CL, PE, PACT, TALKS = "country/chile", "country/peru", "agreement/andes-pact", "event/andes-talks"
ROSA = "person/rosa-quintero"


def found(claims, bar=0.5):
    articles = [article(x, f"2026-02-0{n}", f"Paper {x}") for n, x in enumerate("abcd", start=1)]
    entities = [entity(CL, "Country", "Chile", "abcd"), entity(PE, "Country", "Peru", "abcd"),
                entity(PACT, "Agreement", "Andes Pact", "abcd"),
                entity(TALKS, "Event", "Andes Talks", "abcd"),
                entity(ROSA, "Person", "Rosa Quintero", "abcd")]
    return conflicts(corpus_of(extraction(articles, entities, claims), bar))


def test_asserted_in_one_article_and_denied_in_another():
    [c] = found([claim(CL, "partyTo", PACT, "a", "Chile signed the Andes Pact."),
                 claim(CL, "partyTo", PACT, "b", "Chile did not sign it.", "Negated", 0.55)])
    assert (c.kind, c.subject, c.predicate, c.object) == ("negated", "Chile", "partyTo", "Andes Pact")
    assert [e.sentence for e in c.one] == ["Chile signed the Andes Pact."]
    assert [(e.sentence, e.publisher, e.date) for e in c.other] == [
        ("Chile did not sign it.", "Paper b", "2026-02-02")]


def test_one_article_saying_both_and_weak_claims_are_no_conflict():
    assert found([claim(CL, "partyTo", PACT, "a", "Chile signed."),
                  claim(CL, "partyTo", PACT, "a", "Chile did not sign.", "Negated")]) == []
    assert found([claim(CL, "partyTo", PACT, "a", "Chile signed."),
                  claim(CL, "partyTo", PACT, "b", "Chile did not sign.", "Negated", 0.4)]) == []


def test_supports_and_opposes_between_the_same_parties():
    [c] = found([claim(PE, "supports", PACT, "a", "Peru backs the pact."),
                 claim(PE, "opposes", PACT, "c", "Peru rejects the pact."),
                 claim(CL, "opposes", PACT, "c", "Chile rejects it too.")])
    assert (c.kind, c.subject, c.object, c.one_side, c.other_side) == (
        "stance", "Peru", "Andes Pact", "supports", "opposes")


def test_two_dates_conflict_unless_one_only_refines_the_other():
    result = found([
        claim(TALKS, "date", "2026-04", "a", "Talks in April 2026.", datatype="gYearMonth"),
        claim(TALKS, "date", "2026-04-09", "b", "Talks on 9 April 2026.", datatype="date"),
        claim(TALKS, "date", "2026-04-11", "c", "Talks on 11 April 2026.", datatype="date")])
    assert [(c.kind, c.subject, c.one_side, c.other_side) for c in result] == [
        ("date", "Andes Talks", "2026-04-09", "2026-04-11")]
    assert conflicts_text(result) == (
        "1 conflict(s):\n\n[date] Andes Talks date\n"
        "  2026-04-09:\n    \"Talks on 9 April 2026.\" (asserted, 2026-02-02, Paper b, b.txt)\n"
        "  2026-04-11:\n    \"Talks on 11 April 2026.\" (asserted, 2026-02-03, Paper c, c.txt)\n")


def test_no_conflicts_message():
    assert found([claim(CL, "partyTo", PACT, "a", "Chile signed.")]) == []
    assert conflicts_text([]).startswith("No conflicts:")


def test_two_titles_for_one_person_conflict_unless_one_contains_or_dates_the_other():
    def role(title, art):
        return claim(ROSA, "role", title, art, f"{title} Rosa Quintero spoke.", datatype="string")

    result = found([role("Trade Minister", "a"), role("Minister", "b"),   # one contains the other
                    role("Foreign Minister", "c"), role("former Finance Minister", "d")])
    assert [(c.kind, c.subject, c.one_side, c.other_side) for c in result] == [
        ("role", "Rosa Quintero", "Foreign Minister", "Trade Minister")]
    # one article giving two titles is no disagreement between sources
    assert found([role("Trade Minister", "a"), role("Foreign Minister", "a")]) == []


def test_the_saved_query_lists_two_titles_too(tmp_path):
    from aigraph.graph import build_graph
    from aigraph.query import resolve_query, run_query

    articles = [article(x, f"2026-02-0{n}", f"Paper {x}") for n, x in enumerate("ab", start=1)]
    claims = [claim(ROSA, "role", title, art, f"{title} Rosa Quintero spoke.", datatype="string")
              for title, art in (("Trade Minister", "a"), ("Foreign Minister", "b"))]
    path = tmp_path / "graph.ttl"
    build_graph(extraction(articles, [entity(ROSA, "Person", "Rosa Quintero", "ab")], claims),
                0.5).serialize(path, format="turtle")
    result = run_query(path, resolve_query("conflicts"))
    rows = [{v: (t.value if t is not None else None) for v, t in zip(result.variables, row)}
            for row in result.rows]
    assert [(r["kind"], r["one"], r["other"]) for r in rows] == [
        ("role", "Foreign Minister", "Trade Minister")]
