"""catalogue's entry points, grouped once: the same entry points per group."""

from __future__ import annotations

import catalogue

from aigraph.entrypoints import GroupedEntryPoints, group_entry_points
from aigraph.extract.nlp import load_pipeline


def test_each_group_selects_what_the_installed_entry_points_hold():
    group_entry_points()
    grouped = catalogue.AVAILABLE_ENTRY_POINTS
    assert isinstance(grouped, GroupedEntryPoints)
    plain = grouped._available
    for group in ("spacy_factories", "spacy_languages", "spacy_architectures", "no_such_group"):
        assert list(grouped.select(group=group)) == list(plain.select(group=group))
        assert grouped.select(group=group) is grouped.select(group=group)   # kept, not scanned again
    group_entry_points()
    assert catalogue.AVAILABLE_ENTRY_POINTS is grouped   # grouped once, not wrapped twice


def test_the_pipeline_loads_with_grouped_entry_points():
    group_entry_points()
    assert "aigraph_risks" in load_pipeline().pipe_names
