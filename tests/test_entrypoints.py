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


def test_msgpack_hooks_are_held_and_follow_registrations():
    import srsly
    from srsly import msgpack

    from aigraph.entrypoints import HeldFunctions

    group_entry_points()
    encoders = msgpack.msgpack_encoders
    assert isinstance(encoders.__dict__["get_all"], HeldFunctions)
    plain = type(encoders).get_all
    assert encoders.get_all() == plain(encoders)
    assert encoders.get_all() is not encoders.get_all()   # a new dict each time, as catalogue's

    def passing(obj, chain=None):
        return obj if chain is None else chain(obj)

    key = ("srsly", "msgpack_encoders", "aigraph_test_hook")
    try:
        encoders.register("aigraph_test_hook", func=passing)
        assert encoders.get_all()["aigraph_test_hook"] is passing   # a new one is seen
        assert encoders.get_all() == plain(encoders)

        def other(obj, chain=None):
            return passing(obj, chain)

        catalogue.REGISTRY[key] = other   # replaced, same table size
        assert encoders.get_all()["aigraph_test_hook"] is other
    finally:
        catalogue.REGISTRY.pop(key, None)
    assert "aigraph_test_hook" not in encoders.get_all()
    assert srsly.msgpack_loads(srsly.msgpack_dumps({"a": [1, 2.5, "x"]})) == {"a": [1, 2.5, "x"]}
