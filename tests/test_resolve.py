"""Resolution by blocking keys: a short name joins a longer one of its own
article and class only, found through an index rather than a scan of the
batch. Mentions are built by hand (made-up names), so no parse is needed."""

from __future__ import annotations

from aigraph.extract.mentions import Mention
from aigraph.extract.resolve import Located, resolve


def named(article: str, label: str, cls: str = "Organization", start: int = 0) -> Located:
    return Located(article, Mention(start, start + len(label.split()), label, cls, label, 0))


def keys(located: list[Located]) -> list[str]:
    resolve(located)
    return [loc.mention.key for loc in located]


def test_a_short_name_joins_the_one_longer_name_of_its_article():
    found = keys([named("a1", "Harlow Foundation"), named("a1", "Harlow", start=5),
                  named("a2", "Harlow Council", start=3)])
    # the council, in another article, is no candidate (two would join neither)
    assert found == ["organization/harlow-foundation"] * 2 + ["organization/harlow-council"]


def test_a_short_name_fitting_two_longer_names_joins_neither():
    found = keys([named("a1", "Brenner Institute"), named("a1", "Brenner Council", start=4),
                  named("a1", "Brenner", start=9)])
    assert found[2] == "organization/brenner"
    assert len(set(found)) == 3


def test_a_short_name_joins_only_a_longer_name_of_its_class():
    found = keys([named("a1", "Quell Summit", "Event"), named("a1", "Quell", start=6)])
    assert found == ["event/quell-summit", "organization/quell"]


def test_many_articles_resolve_as_each_alone():
    """The index gives each article's names what a batch of one gives them."""
    batch = [loc for n in range(200) for loc in (named(f"a{n}", f"Torv{n} Agency"),
                                                 named(f"a{n}", f"Torv{n}", start=4))]
    found = keys(batch)
    assert found == [f"organization/torv{n}-agency" for n in range(200) for _ in range(2)]
