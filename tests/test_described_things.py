"""Agreements, policies, documents and events an article describes but never
names ("a preliminary agreement on data sharing", "the new export rule") are
entities of their article, so the facts about them have an end. Sentences
written for these tests."""

from __future__ import annotations

from aigraph.extract import extract
from aigraph.model import Article


def run(*texts: str):
    articles = [Article(id=f"a{n}", source=f"a{n}.txt", text=text) for n, text in enumerate(texts)]
    return extract(articles, model=None)


def described(extraction, cls: str) -> list:
    return sorted((e for e in extraction.entities.values() if e.cls == cls and "--" in e.key),
                  key=lambda e: e.key)


AGREEMENT = ("Norway and Chile signed a preliminary agreement on data sharing on Monday.\n\n"
             "Officials said the preliminary agreement would take effect in June.\n")


def test_a_described_agreement_is_one_entity_with_its_short_complement():
    [agreement] = described(run(AGREEMENT), "Agreement")
    assert agreement.label == "preliminary agreement on data sharing"
    assert "preliminary agreement" in agreement.aliases


def test_the_parties_of_a_described_agreement_reach_it():
    ex = run(AGREEMENT)
    [agreement] = described(ex, "Agreement")
    parties = {c.subject for c in ex.claims if c.predicate == "partyTo" and c.object == agreement.key}
    assert parties == {"country/norway", "country/chile"}


def test_a_word_that_only_says_new_is_left_out_of_the_label():
    ex = run("Norway's finance ministry published a new export rule for chips.\n\n"
             "The new export rule applies from March.\n")
    [rule] = described(ex, "Policy")
    assert rule.label == "export rule for chips"
    assert {"export rule", "new export rule"} <= rule.aliases


def test_a_description_the_article_does_not_return_to_is_no_entity():
    ex = run("Norway signed a preliminary agreement with Chile on Monday.\n")
    assert described(ex, "Agreement") == []


def test_a_description_is_no_entity_when_the_article_names_a_thing_of_its_class():
    ex = run("Norway and Chile signed the Oslo Accord on Data Sharing on Monday.\n\n"
             "The preliminary accord takes effect in June, and the accord runs for five years.\n")
    assert described(ex, "Agreement") == []


def test_similar_things_are_no_entity():
    ex = run("Chile adopted similar restrictions on chip exports.\n\n"
             "The restrictions apply from May.\n")
    assert described(ex, "Policy") == []


def test_two_articles_describing_a_draft_resolution_get_one_entity_each():
    text = ("The committee debated the draft resolution on autonomous weapons on Tuesday.\n\n"
            "Brazil voted for the draft resolution.\n")
    ex = run(text, text)
    keys = [e.key for e in described(ex, "Agreement")]
    assert len(keys) == 2 and keys[0] != keys[1]
