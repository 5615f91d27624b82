"""Issue 11: one bad file never kills the batch.

A hostile corpus (good articles beside every kind of bad file, in one folder)
builds with exit 0: the good articles are in the graph, each bad file gets one
``Warning:`` line naming it, and the exports are valid. Unit tests cover the
pieces: IRIs minted from any file name, long articles parsed in pieces, the
per-file and per-article error boundaries, the serve and truncated-graph errors.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from aigraph.cli import cli
from aigraph.graph import load_graph
from aigraph.ingest import ingest
from aigraph.validate import validate
from aigraph.vocab import iri_segment, safe_iri

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "sources").glob("*.txt"))
WEIRD_NAME = 'my article >"{x}#1'
NEWLINE_NAME = "two\nlines"


def _hostile_corpus(folder: Path) -> dict[str, str]:
    """Write the corpus; returns each bad file's name -> a word its warning holds."""
    folder.mkdir()
    shutil.copy(SOURCES[0], folder / "good.txt")
    shutil.copy(SOURCES[1], folder / f"{WEIRD_NAME}.txt")         # good text, hostile name
    shutil.copy(SOURCES[2], folder / f"{NEWLINE_NAME}.md")
    (folder / "deep.json").write_text("[" * 2000 + "]" * 2000)
    (folder / "deep-record.jsonl").write_text('{"text": ' + "[" * 2000 + "]" * 2000 + "}\n")
    (folder / "feed.jsonl").write_text("\n".join([
        json.dumps({"title": "Talks in Geneva", "text": "The United States and China held "
                    "talks on AI safety in Geneva on Tuesday."}),
        '{"title": "broken", "text": ',
        json.dumps({"title": "Summit", "text": "The United Kingdom hosted the AI Safety "
                    "Summit at Bletchley Park."}),
    ]) + "\n")
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (folder / "memo.docx").write_bytes(b"PK\x03\x04\x14\x00\x06\x00")
    (folder / "empty.txt").write_bytes(b"")
    os.symlink("self.txt", folder / "self.txt")                     # a link loop
    os.symlink(".", folder / "again")                               # a folder link loop
    (folder / "crash.html").write_text("<html><body><p>CRASH-IN-INGEST</p></body></html>")
    (folder / "poison.txt").write_text("Poisoned Article Title\n\nPOISON-IN-EXTRACT. "
                                       "The European Union adopted the AI Act.\n")
    return {"deep.json": "nested too deeply", "deep-record.jsonl": "nested too deeply",
            "feed.jsonl": "line 2", "report.pdf": "PDF", "memo.docx": "Word",
            "empty.txt": "empty", "self.txt": "loop", "again": "not followed",
            "crash.html": "RuntimeError", "poison.txt": "ValueError"}


@pytest.fixture
def faults(monkeypatch):
    """A fault inside ingest for one file and inside extraction for one article
    (stand-ins for bugs no input check foresees)."""
    import aigraph.build as build_module
    import aigraph.ingest as ingest_module

    html_record = ingest_module._html_record
    extract = build_module.extract

    def failing_html(text, path):
        if "CRASH-IN-INGEST" in text:
            raise RuntimeError("injected ingest fault")
        return html_record(text, path)

    def failing_extract(articles, *args, **kwargs):
        if any("POISON-IN-EXTRACT" in a.text for a in articles):
            raise ValueError("injected extraction fault")
        return extract(articles, *args, **kwargs)

    monkeypatch.setattr(ingest_module, "_html_record", failing_html)
    monkeypatch.setattr(build_module, "extract", failing_extract)


def test_hostile_corpus_builds_the_good_articles(tmp_path, faults):
    folder = tmp_path / "hostile"
    bad = _hostile_corpus(folder)
    out = folder / "out"     # inside the folder: a rebuild must not read its own exports
    for _ in range(2):
        result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(out), "-f", "nq"])
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
        warnings = [line for line in result.output.splitlines() if line.startswith("Warning: ")]
        for name, word in bad.items():
            # ingest names the path; extraction the article's source file
            mine = [w for w in warnings if w.startswith((f"Warning: {folder / name}:",
                                                         f"Warning: {name}:"))]
            assert len(mine) == 1, (name, warnings)
            assert word in mine[0], (name, mine[0])
        assert len(warnings) == len(bad), warnings
    graph = load_graph(out / "graph.ttl")
    sources = {str(o) for o in graph.objects(None, _term("dcterms:source"))}
    assert sources == {"good.txt", f"{WEIRD_NAME}.txt", f"{NEWLINE_NAME}.md", "feed.jsonl"}
    articles = {str(s).rsplit("/", 1)[1] for s in graph.subjects(None, _term("aig:Article"))}
    assert {"good", iri_segment(WEIRD_NAME), iri_segment(NEWLINE_NAME),
            "feed-001", "feed-003"} == articles
    assert validate(graph).conforms
    Graph().parse(out / "graph.nq", format="nquads")   # the other export is valid too


def _term(curie: str):
    from aigraph.vocab import PREFIXES
    prefix, local = curie.split(":")
    from rdflib import URIRef
    return URIRef(PREFIXES[prefix] + local)


def test_iri_segment_and_safe_iri():
    assert iri_segment("000_044b5aad02609076") == "000_044b5aad02609076"   # unchanged
    assert iri_segment("Côte d'Ivoire (2)") == "Côte%20d'Ivoire%20(2)"
    assert iri_segment('a b>c"d{e}\nf%#?/') == "a%20b%3Ec%22d%7Be%7D%0Af%25%23%3F%2F"
    assert safe_iri("https://example.org/a b|c") == "https://example.org/a%20b%7Cc"
    assert safe_iri("https://example.org/ok") == "https://example.org/ok"
    assert safe_iri("not a url") is None


def test_jsonl_bad_line_keeps_the_good_records_with_their_numbers(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "First record text."}\n{oops\n\n{"text": "Third record text."}\n'
                    '{"title": "no text"}\n')
    result = ingest([feed])
    assert [a.id for a in result.articles] == ["feed-001", "feed-003"]
    assert [w.message.split(";")[0] for w in result.warnings] == [
        "invalid JSON on line 2: Expecting property name enclosed in double quotes",
        "line 5: record 4 has no text"]
    assert all(w.source == str(feed) for w in result.warnings)
    assert result.skipped == 0


def test_folder_of_pdf_and_docx_names_each_file(tmp_path):
    for name in ("a.pdf", "b.docx", "notes"):
        (tmp_path / name).write_bytes(b"x")
    result = ingest([tmp_path])
    assert [(Path(w.source).name, w.message.split(" (")[0]) for w in result.warnings] == [
        ("a.pdf", "PDF files are not read"), ("b.docx", "Word files are not read"),
        ("notes", "unsupported file type '(no suffix)'")]


def test_long_article_is_parsed_in_pieces(monkeypatch):
    """Over max_length the text is cut at paragraphs and the Docs joined: same
    text, entities and aigraph spans, deterministic. (max_length is lowered so
    the test is quick; a real article over 1,000,000 characters takes the same path.)"""
    from aigraph.extract import parse
    from aigraph.extract.nlp import load_pipeline
    from aigraph.extract.pieces import PIECE_CHARS, pipe_texts, split_text
    from aigraph.model import Article

    paragraphs = [p for f in SOURCES for p in f.read_text().split("\n\n")[1:] if p.strip()]
    text = "\n\n".join(f"In part {n}, {paragraphs[n % len(paragraphs)]}" for n in range(60))
    nlp = load_pipeline()
    whole = next(pipe_texts(nlp, [text]))
    monkeypatch.setattr(nlp, "max_length", 5000)
    monkeypatch.setattr("aigraph.extract.pieces.PIECE_CHARS", 4000)
    pieces = split_text(text, 4000)
    assert len(pieces) > 3 and all(p.endswith("\n\n") for p in pieces[:-1])
    docs = [next(pipe_texts(nlp, [text])) for _ in range(2)]
    assert docs[0].text == text
    assert [(e.start_char, e.label_) for e in docs[0].ents] == \
        [(e.start_char, e.label_) for e in docs[1].ents]
    assert set(docs[0].spans) == set(whole.spans)
    for key in whole.spans:   # the pieces see what the whole text shows, span for span
        assert [s.text for s in docs[0].spans[key]] == [s.text for s in whole.spans[key]]
    parsed = parse([Article(id="long", source="long.txt", text=text)])
    assert parsed[0].doc.text == text and parsed[0].mentions
    # at full size: a text over a million characters is cut into pieces within the limit
    big = "\n\n".join(paragraphs * 400)
    assert len(big) > 1_000_000
    assert "".join(split_text(big)) == big
    assert all(len(p) <= PIECE_CHARS for p in split_text(big))


def test_serve_port_errors_are_one_line(tmp_path):
    graph = ROOT / "tests" / "data" / "golden"
    ttl = next(graph.glob("*.ttl"))
    runner = CliRunner()
    result = runner.invoke(cli, ["serve", "--graph", str(ttl), "--port", "99999"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: cannot listen on 127.0.0.1:99999: a port is a number from 0 to 65535"]
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(cli, ["serve", "--graph", str(ttl), "--port", str(port)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: cannot listen on 127.0.0.1:{port}: ")


@pytest.mark.parametrize("command", ["validate", "render"])
def test_truncated_graph_gives_a_short_error(tmp_path, command):
    ttl = next((ROOT / "tests" / "data" / "golden").glob("*.ttl"))
    data = ttl.read_bytes()
    truncated = tmp_path / "graph.ttl"
    truncated.write_bytes(data[: len(data) // 2])
    args = [command, str(truncated)] + (["-o", str(tmp_path / "g.html")] if command == "render" else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {truncated}: not valid RDF (turtle): line ")
    assert len(lines[0]) < 300
