"""Camps and the timeline at scale: the dense counts, the thinned network, the timeline's
own sides (docs/camps.md, At scale)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import positions
from positions.model import PartialDate
from positions.questions import alignment, camps
from positions.questions.alignment import counts_from_sides, pair_counts
from positions.questions.camps import (
    SignedNetwork,
    camps_from_sides,
    coalitions,
    leiden_network,
    thinned,
)
from positions.questions.positions import latest_sides
from positions.questions.time import timeline
from tests.random_data import random_dataset

DATA = Path(__file__).resolve().parent.parent / "data"


def _pairs(counts: object) -> list[tuple[str, str, int, int]]:
    return list(counts.pairs())  # type: ignore[attr-defined]


@pytest.mark.parametrize("seed", range(30))
def test_dense_and_sparse_counts_are_the_same(seed: int) -> None:
    ds = random_dataset(seed, statements=200)
    for as_of in (None, PartialDate("2023-05")):
        sides = latest_sides(ds, as_of)
        dense, sparse = counts_from_sides(sides, dense=True), counts_from_sides(sides, dense=False)
        assert dense.actors == sparse.actors
        assert _pairs(dense) == _pairs(sparse)
        for a, b, yes, no in _pairs(sparse):
            assert dense.between(a, b) == (yes, no) == sparse.between(b, a)


@pytest.mark.parametrize("seed", [0, 4, 5, 6, 7, 8, 9, None])
def test_counts_between_many_pairs_at_once_are_each_pairs_counts(seed: int | None) -> None:
    # what the map's time control reads for its drawn ties, window by window
    ds = positions.load(DATA) if seed is None else random_dataset(seed, statements=200)
    counts = counts_from_sides(latest_sides(ds))
    actors = list(counts.actors)
    tied = [(b, a) for a, b, _, _ in _pairs(counts)]  # both orders, tied and not
    pairs = tied + [(a, b) for a in actors[:8] for b in actors[:8]] + [("nobody", actors[0])]
    assert tied
    assert counts.between_each(pairs) == [counts.between(a, b) for a, b in pairs]


def test_dense_and_sparse_counts_agree_on_the_bundled_data() -> None:
    sides = latest_sides(positions.load(DATA))
    dense, sparse = counts_from_sides(sides, dense=True), counts_from_sides(sides, dense=False)
    assert _pairs(dense) == _pairs(sparse)
    assert len(_pairs(dense)) > 100


@pytest.mark.parametrize("seed", range(6))
def test_the_camps_counts_are_the_alignment_counts(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    sides = latest_sides(random_dataset(seed, statements=200))
    expected = counts_from_sides(sides)
    for dense_up_to in (alignment.DENSE_COUNTS_UP_TO, 0):  # the dense path, then the sparse
        monkeypatch.setattr(alignment, "DENSE_COUNTS_UP_TO", dense_up_to)
        actors, arrays = pair_counts(sides)
        assert actors == expected.actors
        assert [a.tolist() for a in arrays] == [a.tolist() for a in expected.arrays()]


def test_a_window_can_start_from_the_camps_before_it() -> None:
    ds = positions.load(DATA)
    sides = latest_sides(ds)
    first = camps_from_sides(ds, sides, None, runs=0)
    assert first.membership() == {m: c.number for c in first for m in c.members}
    again = camps_from_sides(ds, sides, None, runs=0, initial=first.membership())
    assert [c.members for c in again] == [c.members for c in first]
    assert all(c.stability is None and c.swing == () for c in again)
    # an actor the start does not name starts alone: the same camps come out
    some = dict(list(first.membership().items())[1:])
    assert [c.members for c in camps_from_sides(ds, sides, None, runs=0, initial=some)] == [
        c.members for c in first
    ]


def _star() -> SignedNetwork:
    # actor 0 tied to 1..5: agreements of weight 5, 3, 3, 1 and a disagreement of 2;
    # actors 1 and 2 agree once
    rows = np.array([0, 0, 0, 0, 0, 1])
    cols = np.array([1, 2, 3, 4, 5, 2])
    agree = np.array([5, 3, 3, 1, 0, 1])
    disagree = np.array([0, 0, 0, 0, 2, 0])
    return SignedNetwork(tuple(f"a{i}" for i in range(6)), rows, cols, agree, disagree)


def test_thinning_keeps_each_actors_strongest_ties_of_each_sign() -> None:
    kept = thinned(_star(), keep=1)
    ties = {(a, b) for a, b, _, _ in kept.ties()}
    # a0 keeps its strongest agreement (a1) and its only disagreement (a5); a1..a4 keep
    # their strongest agreement each: a1 and a2 their tie to a0 (weight 5 and 3 beat 1)
    assert ties == {("a0", "a1"), ("a0", "a2"), ("a0", "a3"), ("a0", "a4"), ("a0", "a5")}
    assert [(a, b, y, n) for a, b, y, n in kept.ties() if (a, b) == ("a0", "a5")] == [
        ("a0", "a5", 0, 2)
    ]


def test_between_ties_of_one_size_the_other_actor_first_in_id_order_is_kept() -> None:
    network = SignedNetwork(
        ("a", "b", "c"), np.array([0, 0]), np.array([1, 2]), np.array([2, 2]), np.array([0, 0])
    )
    # a keeps a-b (b before c); c keeps its only tie, so both stay; with b and c also
    # choosing, nothing is dropped: check a's choice alone through a longer star
    assert {(a, b) for a, b, _, _ in thinned(network, keep=1).ties()} == {("a", "b"), ("a", "c")}
    wide = SignedNetwork(
        ("a", "b", "c", "d"),
        np.array([0, 0, 0, 1, 2, 1]),
        np.array([1, 2, 3, 2, 3, 3]),
        np.array([2, 2, 2, 5, 5, 5]),
        np.zeros(6, dtype=np.int64),
    )
    # b, c, d each keep a stronger tie among themselves; a keeps a-b (b first by id)
    kept = {(a, b) for a, b, _, _ in thinned(wide, keep=1).ties()}
    assert ("a", "b") in kept and ("a", "c") not in kept and ("a", "d") not in kept


def test_thinning_keeps_no_more_than_two_choices_per_actor() -> None:
    rng = np.random.default_rng(3)
    rows, cols = np.triu_indices(60, k=1)
    agree = rng.integers(0, 6, size=len(rows))
    disagree = rng.integers(0, 6, size=len(rows))
    network = SignedNetwork(tuple(f"a{i:02d}" for i in range(60)), rows, cols, agree, disagree)
    kept = thinned(network, keep=4)
    assert 0 < len(kept.rows) <= 60 * 4 * 2
    weight = network.weight
    for actor in range(60):
        mine = (rows == actor) | (cols == actor)
        strongest = np.flatnonzero(mine & (weight == weight[mine].max()))
        kept_pairs = set(zip(kept.rows.tolist(), kept.cols.tolist(), strict=True))
        assert any((rows[t], cols[t]) in kept_pairs for t in strongest.tolist())


def test_below_the_threshold_leiden_sees_the_whole_network() -> None:
    network = _star()
    assert leiden_network(network) is network


def test_above_the_threshold_only_leiden_sees_the_thinned_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ds = positions.load(DATA)
    full = coalitions(ds, runs=0)
    monkeypatch.setattr(camps, "THIN_ABOVE", 0)
    monkeypatch.setattr(camps, "THIN_KEEP", 1)
    thin = coalitions(ds, runs=0)
    assert thin.polarization is not None and full.polarization is not None
    # the polarization's counts are over every tie, whatever Leiden saw
    assert sum(1 for _ in thin.polarization.ties()) == sum(1 for _ in full.polarization.ties())
    total = thin.polarization.agree_inside + thin.polarization.agree_across
    assert total == full.polarization.agree_inside + full.polarization.agree_across


def test_timeline_camps_are_the_camps_as_of_each_window(tmp_path: Path) -> None:
    ds = positions.load(DATA)
    for target in (None, "uncc"):
        found = timeline(ds, by="year", target=target)
        wanted = ds.scope("uncc") if target else None
        for window in found:
            expected = coalitions(ds, window.as_of, wanted, runs=0)
            assert [c.members for c in window.camps] == [c.members for c in expected]
            assert window.polarization == expected.polarization
            assert window.unaligned == expected.unaligned


@pytest.mark.parametrize("seed", range(8))
def test_timeline_camps_match_coalitions_on_random_data(seed: int) -> None:
    ds = random_dataset(seed, statements=150)
    for window in timeline(ds, by="month", include_collective=True):
        expected = coalitions(ds, window.as_of, runs=0, include_collective=True)
        assert [(c.members, c.name) for c in window.camps] == [
            (c.members, c.name if c.defining else "") for c in expected
        ]
        assert window.polarization == expected.polarization


def test_stability_is_the_same_whatever_the_number_of_workers() -> None:
    ds = positions.load(DATA)
    alone = coalitions(ds, runs=6, workers=1)
    pooled = coalitions(ds, runs=6, workers=2)
    assert [c.member_stability for c in alone] == [c.member_stability for c in pooled]
    assert [(c.stability, c.swing) for c in alone] == [(c.stability, c.swing) for c in pooled]
    assert any(s is not None and s < 1 for c in alone for s in (c.member_stability or ()))


def test_thinning_by_counted_cut_keeps_the_ties_a_full_sort_keeps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each actor's cut found from counts of its ties by size (the fast path) keeps the
    very ties that sorting every tie by (actor, size, other actor) keeps, many ties of one
    size included."""
    rng = np.random.default_rng(5)
    for _ in range(40):
        count = int(rng.integers(2, 70))
        rows, cols = np.triu_indices(count, k=1)
        some = rng.random(len(rows)) < rng.random()
        rows, cols = rows[some], cols[some]
        high = int(rng.integers(1, 6))  # few sizes: many ties of one size at the cut
        network = SignedNetwork(
            tuple(f"a{i:02d}" for i in range(count)),
            rows,
            cols,
            rng.integers(0, high, len(rows)),
            rng.integers(0, high, len(rows)),
        )
        keep = int(rng.integers(1, 12))
        counted = thinned(network, keep=keep)
        monkeypatch.setattr(camps, "_COUNT_SIZES_UP_TO", 0)
        sorted_all = thinned(network, keep=keep)
        monkeypatch.undo()
        assert list(counted.ties()) == list(sorted_all.ties())


@pytest.mark.parametrize("seed", range(8))
def test_running_counts_after_any_changes_are_the_counts_of_the_cells_now(seed: int) -> None:
    # a timeline's windows: each window's counts updated from the last one's changed cells
    from positions.questions.alignment import SIDES, RunningCounts, Side

    rng = np.random.default_rng(seed)
    actors, targets = [f"a{i:02d}" for i in range(30)], [f"t{j}" for j in range(20)]
    running = RunningCounts((len(actors), len(targets)))
    now = np.full((len(actors), len(targets)), -1, dtype=np.int64)
    for step in range(12):
        # few cells change, or (every fourth step) most of them: the products anew
        changing = rng.random(now.shape) < (0.9 if step % 4 == 3 else 0.05)
        rows, cols = np.nonzero(changing)
        now[rows, cols] = rng.integers(-1, len(SIDES), size=len(rows))
        running.set(rows, cols, now[rows, cols])
        sides = [
            Side(actors[i], targets[j], SIDES[now[i, j]], ())
            for i in range(len(actors))
            for j in range(len(targets))
            if now[i, j] >= 0
        ]
        expected = counts_from_sides(sides)
        present = np.flatnonzero((now >= 0).any(axis=1))
        assert tuple(actors[i] for i in present) == expected.actors
        found = running.pairs(present)
        assert [a.tolist() for a in found] == [a.tolist() for a in expected.arrays()]
