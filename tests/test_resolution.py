"""Resolution proportional to what changed (:mod:`aigraph.resolution`) equals
a full resolution (:func:`aigraph.extract.resolve.resolve`): the same
entities in the same order and the same key on every name, after batches
are built, then changed by adding, editing and removing articles. Names are
made up (invented people and organisations, a few countries from the
gazetteer's kind of keys); resolution reads names only, so the randomised
checks need no spaCy; the last test updates real builds against full ones."""

from __future__ import annotations

import copy
import random
import tempfile
from pathlib import Path

from conftest import UPDATE_EXPORTS as EXPORTS
from conftest import UPDATE_FORMATS as FORMATS
from conftest import write_articles
from aigraph.api import build
from aigraph.cache import cache_dir
from aigraph.extract.mentions import Mention
from aigraph.extract.resolve import Located, resolve
from aigraph.resolution import STATE_FILE, State, read_state, resolve_located, write_state

FIRST = ["Marta", "Anselm", "Pia", "Jonas", "Ilse"]
LAST = ["Quellen", "Varga", "Drovenka", "Mirwald", "Tessaro"]
ORGS = ["Brelling Council", "Tovik Robotics", "Sorrel Foundation", "Harrow Institution",
        "Harrow Trust", "Department of Farming", "Farming Department", "Farming Trust",
        "National Farming Department", "State Farming Department",
        "Brélling Council"]   # another name, the same key as "Brelling Council"
#: names another name may carry as an alias, joining two longer names an
#: article's short name could stand for ("Harrow": the Institution or the Trust?)
ALIASES = {"Tovik Robotics": "TR", "Harrow Institution": "Harrow Trust",
           "Farming Department": "Farming Trust"}
COUNTRIES = [("country/chile", "Chile"), ("country/kenya", "Kenya"), ("country/austria", "Austria")]


def name(rng: random.Random) -> Mention:
    """One made-up name of some kind, with the fields resolution reads."""
    kind = rng.random()
    if kind < 0.3:
        label = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if rng.random() < 0.15:   # a middle name that is also an organisation's word
            label = label.replace(" ", " Harrow ")
        if rng.random() < 0.4:
            label = label.split()[rng.choice((0, 1))]   # a bare first or last name
        return Mention(0, 1, label, "Person", label, 0)
    if kind < 0.45:
        key, label = rng.choice(COUNTRIES)
        return Mention(0, 1, label, "Country", label, 0, key=key)
    if kind < 0.55:   # a bare head ("the Council"), article-local
        return Mention(0, 1, "the Council", "Organization", "Council", 0,
                       described=rng.random() < 0.5)
    if kind < 0.65:   # a lone word NER took for a person: maybe a company's short name
        label = rng.choice(ORGS).split()[0]
        return Mention(0, 1, label, "Person", label, 0)
    label = rng.choice(ORGS)
    if rng.random() < 0.4:
        words = label.split()
        label = words[0] if rng.random() < 0.5 else words[-1]
    long_forms = {"Department of Farming"} if label in ("Farming", "Department") else set()
    cls = rng.choice(("Organization", "Organization", "Policy"))
    aliases = {ALIASES[label]} if label in ALIASES and rng.random() < 0.3 else set()
    return Mention(0, 1, label, cls, label, 0, aliases=aliases, long_forms=long_forms)


def article(rng: random.Random) -> list[Mention]:
    return [name(rng) for _ in range(rng.randint(1, 6))]


def batch(articles: dict[str, list[Mention]]) -> list[Located]:
    return [Located(a, copy.deepcopy(m)) for a in sorted(articles) for m in articles[a]]


def fingerprints(articles: dict[str, list[Mention]]) -> dict[str, str]:
    """Each article's names as text: what changes when they change."""
    return {a: repr(names) for a, names in articles.items()}


def full(articles: dict[str, list[Mention]]):
    located = batch(articles)
    entities = resolve(located)
    return list(entities.items()), [loc.mention.key for loc in located]


def incremental(articles: dict[str, list[Mention]], state: State | None):
    located = batch(articles)
    entities, state, stats = resolve_located(located, fingerprints(articles), state, "x")
    with tempfile.TemporaryDirectory() as folder:   # the state as the next build reads it
        write_state(Path(folder) / STATE_FILE, state)
        kept = read_state(Path(folder) / STATE_FILE)
    assert kept == state
    return list(entities.items()), [loc.mention.key for loc in located], kept, stats


def test_random_updates_equal_full_resolutions():
    partial = stood_in = 0
    for seed in range(300):
        rng = random.Random(seed)
        articles = {f"a{i:03d}": article(rng) for i in range(rng.randint(1, 40))}
        state = None
        for step in range(6):
            entities, keys, state, stats = incremental(articles, state)
            assert (entities, keys) == full(articles), (seed, step)
            partial += stats.resolved < stats.names
            stood_in += stats.stood_in
            change = rng.random()
            ids = sorted(articles)
            if change < 0.4 or len(ids) < 2:
                articles[f"a{rng.randint(0, 999):03d}x"] = article(rng)        # added
            elif change < 0.7:
                articles[rng.choice(ids)] = article(rng)                       # edited
            else:
                del articles[rng.choice(ids)]                                  # removed
    assert partial > 500   # most updates resolved only part of the batch
    assert stood_in > 100  # and countries named before were often left out


#: names with fixed gazetteer keys in several forms: the same key written two
#: ways, a country and a place of one name (never joined), a body with an
#: alias and a same-as link, a bare word also written without a key
FIXED = [Mention(0, 1, "Chile", "Country", "Chile", 0, key="country/chile"),
         Mention(0, 1, "Chilean", "Country", "Chile", 0, key="country/chile"),
         Mention(0, 1, "Georgia", "Country", "Georgia", 0, key="country/georgia"),
         Mention(0, 1, "Georgia", "Place", "Georgia", 0),
         Mention(0, 1, "Kenya", "Country", "Kenya", 0, key="country/kenya", same_as="Q114"),
         Mention(0, 1, "Tovik Board", "Organization", "Tovik Board", 0,
                 key="organization/tovik-board", aliases={"TB"}, kind="PublicBody"),
         Mention(0, 1, "TB", "Organization", "TB", 0),
         Mention(0, 1, "Kenya", "Place", "Kenya", 0)]


def test_random_updates_with_many_fixed_keys_equal_full_resolutions():
    stood_in = 0
    for seed in range(300):
        rng = random.Random(seed)

        def named() -> Mention:
            return copy.deepcopy(rng.choice(FIXED)) if rng.random() < 0.6 else name(rng)

        def one() -> list[Mention]:
            return [named() for _ in range(rng.randint(1, 6))]

        articles = {f"a{i:03d}": one() for i in range(rng.randint(1, 40))}
        state = None
        for step in range(6):
            entities, keys, state, stats = incremental(articles, state)
            assert (entities, keys) == full(articles), (seed, step)
            stood_in += stats.stood_in
            change, ids = rng.random(), sorted(articles)
            if change < 0.5 or len(ids) < 2:
                articles[f"a{rng.randint(0, 999):03d}x"] = one()
            elif change < 0.75:
                articles[rng.choice(ids)] = one()
            else:
                del articles[rng.choice(ids)]
    assert stood_in > 1000


def test_an_added_article_joins_an_existing_entity_resolving_only_its_cluster():
    articles = {"a1": [Mention(0, 1, "Marta Quellen", "Person", "Marta Quellen", 0),
                       Mention(0, 1, "Chile", "Country", "Chile", 0, key="country/chile")],
                "a2": [Mention(0, 1, "Tovik Robotics", "Organization", "Tovik Robotics", 0)],
                "a3": [Mention(0, 1, "Sorrel Foundation", "Organization", "Sorrel Foundation", 0),
                       Mention(0, 1, "Chile", "Country", "Chile", 0, key="country/chile")]}
    _, _, state, _ = incremental(articles, None)
    articles["a4"] = [Mention(0, 1, "Quellen", "Person", "Quellen", 0)]
    entities, keys, state, stats = incremental(articles, state)
    assert (entities, keys) == full(articles)
    assert keys[-1] == "person/marta-quellen"
    assert stats.resolved == 2   # Quellen and Marta Quellen: Chile and the rest were kept
    assert dict(entities)["person/marta-quellen"].articles == {"a1", "a4"}


def test_a_shared_country_is_not_resolved_again_where_an_identical_name_stands_in():
    """A new article naming a country every article names: its cluster is
    dirty, but only the first of the identical clean names (the stand-in) is
    resolved again; the others keep their key and give their article."""
    chile = Mention(0, 1, "Chile", "Country", "Chile", 0, key="country/chile")
    articles = {f"a{i}": [copy.deepcopy(chile),
                          Mention(0, 1, f"Org{i} Council", "Organization", f"Org{i} Council", 0)]
                for i in range(6)}
    articles["a3"][0] = Mention(0, 1, "Chilean", "Country", "Chile", 0, key="country/chile")
    _, _, state, _ = incremental(articles, None)
    articles["b"] = [copy.deepcopy(chile)]
    entities, keys, state, stats = incremental(articles, state)
    assert (entities, keys) == full(articles)
    assert dict(entities)["country/chile"].articles == {"a0", "a1", "a2", "a3", "a4", "a5", "b"}
    # resolved again: the new name, the first Chile (a0) and the other form (a3)
    assert (stats.resolved, stats.stood_in) == (3, 4)
    assert "country/chile" not in stats.changed   # its label and class are the same


def test_a_new_full_name_makes_a_bare_name_ambiguous():
    articles = {"a1": [Mention(0, 1, "Marta Quellen", "Person", "Marta Quellen", 0)],
                "a2": [Mention(0, 1, "Quellen", "Person", "Quellen", 0)]}
    entities, keys, state, _ = incremental(articles, None)
    assert keys == ["person/marta-quellen"] * 2
    articles["a3"] = [Mention(0, 1, "Jonas Quellen", "Person", "Jonas Quellen", 0)]
    entities, keys, state, stats = incremental(articles, state)
    assert (entities, keys) == full(articles)
    assert keys[1] == "person/quellen"   # two full names fit: the bare one stays apart
    del articles["a3"]                   # ... and joins again when one goes
    entities, keys, state, _ = incremental(articles, state)
    assert (entities, keys) == full(articles)
    assert keys[1] == "person/marta-quellen"


def test_a_label_taken_from_a_clean_entity_merges_them():
    # "Brelling Council" alone in a2; a1's short "Brelling" becomes that label
    articles = {"a1": [Mention(0, 1, "Brelling", "Organization", "Brelling", 0)],
                "a2": [Mention(0, 1, "Brelling Council", "Organization", "Brelling Council", 0)]}
    _, _, state, _ = incremental(articles, None)
    articles["a1"] = [Mention(0, 1, "Brelling", "Organization", "Brelling", 0),
                      Mention(0, 1, "Brelling Council", "Organization", "Brelling Council", 0)]
    entities, keys, _, _ = incremental(articles, state)
    assert (entities, keys) == full(articles)
    assert set(keys) == {"organization/brelling-council"}


# --- on real files: updates of a build equal full builds -----------------------

ARTICLES = {
    "tovik.txt": "Tovik Robotics hires\n\n"
                 "Tovik Robotics, a company based in Chile, said its chief executive Anselm "
                 "Varga would meet lawmakers. He warned about misinformation.\n",
    "brel.txt": "Brelling Council names a new chair\n\n"
                "Marta Quellen, chair of the Brelling Council, said on Tuesday that the "
                "council will publish rules for AI audits in Chile.\n",
    "sorrel.txt": "Sorrel Foundation funds research\n\n"
                  "Pia Drovenka, director of the Sorrel Foundation, said the foundation will "
                  "fund research on algorithmic bias in Kenya.\n",
}
#: names Anselm Varga by his surname only: joins the one full name known
BARE = {"talks.txt": "Talks in Chile\n\n"
                     "Varga met the Brelling Council in Chile on Monday to discuss AI audits.\n"}
#: another Varga: the bare surname above no longer says which one
OTHER = {"ivo.txt": "Sorrel Foundation hires\n\n"
                    "Ivo Varga, head of research at the Sorrel Foundation, said he would "
                    "study AI audits in Kenya.\n"}


def entity_of(report, name: str, source: str) -> str | None:
    """The key of the entity labelled or aliased ``name`` with an article from ``source``."""
    ids = {a.id for a in report.articles if Path(a.source).name == source}
    found = [k for k, e in report.extraction.entities.items()
             if (e.label == name or name in e.aliases) and e.articles & ids]
    return found[0] if found else None


def assert_equals_full_build(out: Path, sources: list[Path], full: Path) -> None:
    build(sources, full, formats=FORMATS, workers=1, cache=False)
    for name in EXPORTS:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name


def test_updates_resolve_only_what_they_touch_and_equal_full_builds(tmp_path):
    base = write_articles(tmp_path / "in", ARTICLES)
    out = tmp_path / "out"
    first = build(base, out, formats=FORMATS, workers=1).report
    assert first.names_resolved[0] == first.names_resolved[1]   # no resolution kept yet
    assert (cache_dir(out) / STATE_FILE).is_file()

    # an added article whose bare surname joins an existing person
    bare = write_articles(tmp_path / "in", BARE)
    added = build(bare, out, formats=FORMATS, workers=1, update=True).report
    assert_equals_full_build(out, base + bare, tmp_path / "full-1")
    assert 0 < added.names_resolved[0] < added.names_resolved[1]
    assert entity_of(added, "Varga", "talks.txt") == "person/anselm-varga"

    # an added full name makes that bare surname ambiguous
    other = write_articles(tmp_path / "in", OTHER)
    ambiguous = build(other, out, formats=FORMATS, workers=1, update=True).report
    assert_equals_full_build(out, base + bare + other, tmp_path / "full-2")
    assert ambiguous.names_resolved[0] < ambiguous.names_resolved[1]
    assert entity_of(ambiguous, "Varga", "talks.txt") == "person/varga"   # a person of its own
    assert ambiguous.extraction.entities["person/anselm-varga"].articles == {"tovik"}

    # edited, then removed: each equal to a full build of what is left
    (tmp_path / "in" / "talks.txt").write_text(
        "Talks in Chile\n\nPia Drovenka met Marta Quellen in Chile on Monday.\n", encoding="utf-8")
    build([], out, formats=FORMATS, workers=1, update=True)
    assert_equals_full_build(out, base + bare + other, tmp_path / "full-3")
    removed = build([], out, formats=FORMATS, workers=1, update=True, remove=other).report
    assert_equals_full_build(out, base + bare, tmp_path / "full-4")
    assert removed.names_resolved[0] < removed.names_resolved[1]

    # nothing changed: nothing resolved again
    again = build([], out, formats=FORMATS, workers=1, update=True).report
    assert again.names_resolved[0] == 0
    assert_equals_full_build(out, base + bare, tmp_path / "full-5")


def test_a_damaged_state_means_a_full_resolution(tmp_path):
    articles = {"a1": [Mention(0, 1, "Marta Quellen", "Person", "Marta Quellen", 0)],
                "a2": [Mention(0, 1, "Quellen", "Person", "Quellen", 0)]}
    _, _, state, _ = incremental(articles, None)
    path = tmp_path / STATE_FILE
    write_state(path, state)
    assert read_state(path) == state
    state.articles["a1"][2] = []   # a group list that does not fit its names
    write_state(path, state)
    assert read_state(path) is None
    path.write_bytes(b"not a state")
    assert read_state(path) is None
    entities, keys, _, stats = incremental(articles, None)
    assert (entities, keys) == full(articles) and stats.resolved == stats.names
