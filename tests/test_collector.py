"""positions.data.gcpause.paused: the collector is off while objects are built, and nothing
built inside is lost to it afterwards (cyclic garbage is still collected)."""

from __future__ import annotations

import gc
import weakref

from positions.data import gcpause


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def test_the_collector_is_off_inside_and_on_again_after() -> None:
    assert gc.isenabled()
    with gcpause.paused():
        assert not gc.isenabled()
        with gcpause.paused():  # nested: still off when the inner block ends
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_it_stays_off_after_when_it_was_off_before() -> None:
    gc.disable()
    try:
        with gcpause.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_was_built_inside_is_aged_unscanned_but_still_collectable() -> None:
    with gcpause.paused():
        kept = [[index] for index in range(50_000)]
        first, second = Node(), Node()
        first.other, second.other = second, first  # a cycle only the collector can free
        watch = weakref.ref(first)
        del first, second
    assert gc.get_freeze_count() == 0  # nothing left in the permanent generation
    # already in the oldest generation: no young collection will scan them one by one
    oldest = {id(found) for found in gc.get_objects(generation=2)}
    assert id(kept[0]) in oldest and id(kept[-1]) in oldest
    gc.collect()
    assert watch() is None  # the cycle was collected: nothing leaks
    assert len(kept) == 50_000
