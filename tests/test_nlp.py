"""The pipeline's risk patterns: built from the components lemmas come from."""

from __future__ import annotations

from aigraph import ontology
from aigraph.extract.nlp import LEMMA_COMPONENTS, load_pipeline, not_for_lemmas


def test_risk_terms_have_the_whole_pipelines_lemmas():
    nlp = load_pipeline()
    phrases = [term.phrase for term in ontology.risk_terms()]
    assert len(phrases) > 100
    whole = [[t.lemma_ for t in doc] for doc in nlp.pipe(phrases)]
    part = [[t.lemma_ for t in doc] for doc in nlp.pipe(phrases, disable=not_for_lemmas(nlp))]
    assert part == whole


def test_only_the_lemma_components_are_kept():
    nlp = load_pipeline()
    kept = [name for name in nlp.pipe_names if name not in not_for_lemmas(nlp)]
    assert kept == list(LEMMA_COMPONENTS)


def test_a_risk_is_found_by_its_lemma():
    nlp = load_pipeline()
    term = next(t for t in ontology.risk_terms() if len(t.phrase.split()) == 1)
    doc = nlp(f"Officials in Tarvia discussed {term.phrase} at length on Tuesday.")
    assert term.concept in {span.label_ for span in doc.spans["aig_risks"]}


def test_a_co_word_stays_one_token_with_its_parts_lemma():
    doc = load_pipeline()("Senator Ann Wexley, who co-sponsored the bill, co-hosted the forum.")
    words = {t.text: t for t in doc}
    assert {"co-sponsored", "co-hosted"} <= set(words)
    assert (words["co-sponsored"].lemma_, words["co-hosted"].lemma_) == ("co-sponsor", "co-host")
    assert words["co-sponsored"].dep_ == "relcl"
