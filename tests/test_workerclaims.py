"""Claims read, decided and encoded in the workers (:mod:`aigraph.workerclaims`)
equal the claims decided in the build process: the same claims (with their
features when asked), the same claims cache entries byte for byte, the same
compact rows; an article whose claims name an entity its task did not carry
is decided in the build process. The articles are made up for these tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import write_articles as write
from aigraph import workerclaims
from aigraph.cache import ParseCache, extractor_fingerprint, parse_fingerprint
from aigraph.executors import Processes
from aigraph.extract import extract as in_process_extract
from aigraph.incremental import extract as worker_extract
from aigraph.ingest import ingest
from aigraph.model import Entity

ARTICLES = {
    "varn.txt": "Varn administration backs AI audits\n\n"
                "Odile Varn, the president of Norway, said the Varn administration will "
                "require audits of AI systems. Varn warned about deepfakes and misinformation.\n",
    "kessel.txt": "Kessel Labs releases Lumo-9\n\n"
                  "Kessel Labs released Lumo-9 in March. Its chief scientist, Ysolde Prane, "
                  "said Kessel Labs supports the Velmora Accord, signed by Norway and Chile.\n",
    "dorne.txt": "Dorne Council warns on cyberattacks\n\n"
                 "Marit Solberg, the chair of the Dorne Council, said cyberattacks on hospitals "
                 "in Ghana are rising. Solberg met Odile Varn in Oslo.\n",
}


@pytest.fixture(autouse=True)
def one_article_per_task(monkeypatch):
    """Each article its own task, so two workers really share them."""
    monkeypatch.setattr("aigraph.extract.TASK_ARTICLES", 1)


def cache_for(folder: Path) -> ParseCache:
    return ParseCache(folder / "docs", parse_fingerprint(), extractor_fingerprint())


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    """The articles and a cache holding their parses (no claims yet)."""
    root = tmp_path_factory.mktemp("parsed")
    articles = ingest(write(root / "in", ARTICLES)).articles
    cache = cache_for(root / "cache")
    cache.load(articles)
    in_process_extract(articles, docs=cache, model=None)   # parses; its claims are dropped below
    shutil.rmtree(root / "cache" / "claims")
    return articles, root / "cache"


def fresh(parsed, tmp_path: Path, name: str) -> tuple[list, ParseCache, Path]:
    articles, cache = parsed
    shutil.copytree(cache, tmp_path / name)
    store = cache_for(tmp_path / name)
    store.load(articles)
    return articles, store, tmp_path / name


@pytest.mark.parametrize("signals", [False, True])
def test_the_workers_decide_as_the_build_process_did(parsed, tmp_path, signals):
    articles, here, here_folder = fresh(parsed, tmp_path, "here")
    reference = in_process_extract(articles, docs=here, signals=signals)
    articles, there, there_folder = fresh(parsed, tmp_path, "there")
    with Processes(2) as pool:
        mine = worker_extract(articles, docs=there, executor=pool, signals=signals)
    assert mine.claims and mine.claims == reference.claims
    assert [c.signals for c in mine.claims] == [c.signals for c in reference.claims]
    assert any(c.signals for c in mine.claims) is signals
    assert there.decided_here == 0 and there.claims_read == len(articles)
    assert files(there_folder / "claims") == files(here_folder / "claims")
    assert there.decided_now() == here.decided_now()


def test_an_entity_the_task_did_not_carry_is_decided_here(parsed, tmp_path, monkeypatch):
    articles, here, _ = fresh(parsed, tmp_path, "here")
    reference = in_process_extract(articles, docs=here, signals=False)
    articles, there, there_folder = fresh(parsed, tmp_path, "there")
    carried = workerclaims.task_classes

    def without_countries(task, entities):   # as if a named country had been missed
        return {k: c for k, c in carried(task, entities).items() if c != "Country"}

    monkeypatch.setattr(workerclaims, "task_classes", without_countries)
    mine = worker_extract(articles, docs=there, signals=False)
    assert there.decided_here >= 1
    assert mine.claims == reference.claims
    assert files(there_folder / "claims") == files(tmp_path / "here" / "claims")
    assert there.decided_now() == here.decided_now()


def test_a_named_key_of_another_class_fails_the_check():
    decided = workerclaims.Decided(["country/norway", "2025"], "d", [], None, None)
    entities = {"country/norway": Entity("country/norway", "Country", "Norway")}
    assert workerclaims.holds(decided, entities, {"country/norway": "Country"})
    assert not workerclaims.holds(decided, entities, {})
    assert not workerclaims.holds(decided, entities, {"country/norway": "Country", "2025": "Person"})
    assert not workerclaims.holds(decided, {}, {"country/norway": "Country"})


def test_the_model_travels_as_one_pickle_opened_once_per_process():
    import pickle

    from aigraph.extract import model_fingerprint
    from aigraph.extract.decide import RelationModel
    from aigraph.workerclaims import _OPENED, ModelParcel

    model = RelationModel(weights={"p:supports": 0.5, "rules:1": -0.25}, intercept=0.1,
                          threshold=0.4)
    key = model_fingerprint(model)
    parcel = ModelParcel(model, key)
    assert parcel.open() is model                      # where it was made: the model itself
    _OPENED.pop(key, None)
    sent = pickle.loads(pickle.dumps([parcel, parcel]))   # as a chunk of tasks travels
    assert sent[0] is sent[1] and sent[0]._model is None  # the model object is not pickled
    opened = sent[0].open()
    assert opened == model and opened is not model
    again = pickle.loads(pickle.dumps(parcel))
    assert again.open() is opened                      # unpickled once in this process
    _OPENED.pop(key, None)
