"""Names kept encoded until read (:mod:`aigraph.lazynames`): an update decodes
only the names of the articles its change can reach, and its graph still
equals a full build's (real files, real caches, real stores)."""

from __future__ import annotations

from conftest import UPDATE_EXPORTS as EXPORTS
from conftest import UPDATE_FORMATS as FORMATS
from conftest import write_articles as write
from test_incremental import ARTICLES as ALL, NEW
from aigraph.api import build
from aigraph.extract.mentions import Mention, RiskMention
from aigraph.extract.perarticle import Names, names_from_json, names_to_json
from aigraph.lazynames import (Counter, LazyNames, Summary, is_encoded, risk_concepts, surnames,
                               summary_of, words)

#: test_incremental's made-up articles: two share a chair, one stands apart
#: (it shares no name with the others), and a new one names the people and
#: bodies of three of them.
ARTICLES = {name: ALL[name] for name in ("brel.txt", "brel2.txt", "tovik.txt")}
APART = {"alone.txt": ALL["alone.txt"]}
JOINT = NEW


def names() -> Names:
    return Names([Mention(0, 2, "Ida Norrel", "Person", "Ida Norrel", 0),
                  Mention(5, 6, "Norrel", "Organization", "Norrel", 1)],
                 [Mention(8, 9, "Peru", "Country", "Peru", 1, key="country/peru")],
                 [RiskMention(3, 4, "biased", "bias", 0)],
                 [(0, "Ida", 0), (1, "Norrel", 0), (7, "Tarvo", 1)], [(8, 9)])


def test_encoded_names_decode_once_with_their_fixes_in_order():
    counter = Counter()
    lazy = LazyNames(names_to_json(names()), summary_of(names()), counter)
    seen: list[str] = []
    lazy.later(lambda n: seen.append(f"first {len(n.mentions)}"))
    lazy.later(lambda n: (n.mentions.pop(), seen.append(f"second {len(n.mentions)}")))
    assert is_encoded(lazy) and seen == [] and counter.decoded == 0
    assert [m.label for m in lazy.mentions] == ["Ida Norrel"]   # both fixes ran, in order
    assert seen == ["first 2", "second 1"]
    assert lazy.inner == names_from_json(names_to_json(names())).inner
    lazy.later(lambda n: seen.append("third"))                 # decoded: applied at once
    assert seen[-1] == "third" and counter.decoded == 1 and not is_encoded(lazy)


def test_a_summary_holds_what_the_batch_reads_and_survives_its_list_form():
    found = summary_of(names())
    assert found == Summary(("Norrel",), ("Ida", "Ida Norrel", "Norrel", "Tarvo"), ("bias",),
                            ("country/peru",))
    assert Summary.from_list(found.to_list()) == found
    assert Summary.from_list(["not", "a", "summary"]) is None
    lazy = LazyNames(names_to_json(names()), found)
    for read in (surnames, words, risk_concepts):   # from the summary, or from the names
        assert sorted(read(lazy)) == sorted(read(names()))
    assert is_encoded(lazy)


def assert_same_as_full_build(out, sources, full):
    build(sources, full, formats=FORMATS, workers=1, cache=False)
    for name in EXPORTS:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name


def test_an_update_decodes_only_the_names_its_change_reaches(tmp_path):
    brel, brel2, tovik = write(tmp_path / "in", ARTICLES)
    (alone,) = write(tmp_path / "apart", APART)
    (joint,) = write(tmp_path / "joint", JOINT)
    out = tmp_path / "out"
    first = build([brel, brel2, tovik], out, formats=FORMATS, workers=1)
    assert first.report.names_decoded == 0          # every name found now, none decoded

    # an article sharing no name: no other article's names are decoded
    apart = build([alone], out, formats=FORMATS, workers=1, update=True)
    assert (apart.report.parsed, apart.report.names_decoded) == (1, 0)
    assert_same_as_full_build(out, [brel, brel2, tovik, alone], tmp_path / "full-1")

    # one naming the chair, the company and its chief: their articles' names are
    # decoded (resolution places them again), the article apart is not
    reach = build([joint], out, formats=FORMATS, workers=1, update=True)
    assert reach.report.names_decoded == 3
    assert_same_as_full_build(out, [brel, brel2, tovik, alone, joint], tmp_path / "full-2")

    # nothing new: nothing decoded
    again = build([], out, formats=FORMATS, workers=1, update=True)
    assert again.report.names_decoded == 0
    assert_same_as_full_build(out, [brel, brel2, tovik, alone, joint], tmp_path / "full-3")
