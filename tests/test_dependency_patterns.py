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
])
def test_a_pattern_reads_its_construction(text, fact):
    assert fact in facts(text)


@pytest.mark.parametrize("text", [
    "Governor Tom Reyes said SB 210 would pass.",                       # no veto
    "Senator Jane Porter spoke against delays before the vote on the Safe Models Act.",
    "Nimbus AI agreed to sign the Paris Code of Conduct.",              # no refusal
    "Critics asked whether the European Parliament would adopt anything at all.",
])
def test_near_misses_read_nothing(text):
    assert not {f for f in facts(text) if f[1] in ("opposes", "supports")}


def test_a_bad_pattern_line_names_the_file_and_line(tmp_path, monkeypatch):
    folder = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", folder)
    with (folder / "dependency-patterns.jsonl").open("a", encoding="utf-8") as f:
        f.write('{"id": "broken", "claims": [["a", "opposes", "b"]], "pattern": '
                '[{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": {"IN": "@word:noSuchList"}}}]}\n')
    monkeypatch.setenv(ontology.ENV_VAR, str(folder))
    ontology.clear_cache()
    try:
        with pytest.raises(PatternFileError, match=r"dependency-patterns\.jsonl:10: .*noSuchList"):
            dependency_patterns()
    finally:
        monkeypatch.delenv(ontology.ENV_VAR)
        ontology.clear_cache()
