"""Alignment counts from the sparse matrix product equal the pairwise definition."""

from __future__ import annotations

import pytest

from positions.cooccurrence import alignment_counts
from positions.graph import alignment_graph
from positions.model import PartialDate
from tests.random_data import random_dataset


def pairwise(seed: int, as_of: PartialDate | None, targets: list[str] | None) -> None:
    ds = random_dataset(seed)
    graph = alignment_graph(ds, as_of, targets)
    counts = alignment_counts(ds, as_of, targets)
    expected = {
        tuple(sorted((a, b))): (data["agree"], data["disagree"])
        for a, b, data in graph.edges(data=True)
    }
    found = {(a, b): (yes, no) for a, b, yes, no in counts.pairs()}
    assert found == expected
    for (a, b), (yes, no) in expected.items():
        assert counts.between(a, b) == (yes, no) == counts.between(b, a)
        evidence = graph.edges[a, b]["evidence"]
        assert counts.shared_targets(a, b) == [(e["target"], e["agree"]) for e in evidence]


@pytest.mark.parametrize("seed", range(40))
def test_counts_equal_the_alignment_graph(seed: int) -> None:
    pairwise(seed, None, None)


@pytest.mark.parametrize("seed", range(40, 60))
def test_counts_equal_the_alignment_graph_as_of_a_date(seed: int) -> None:
    pairwise(seed, PartialDate("2023-05"), None)


@pytest.mark.parametrize("seed", range(60, 80))
def test_counts_equal_the_alignment_graph_over_some_targets(seed: int) -> None:
    pairwise(seed, None, ["treaty", "part-0", "actor-1"])


def test_pairs_come_in_id_order_and_never_pair_an_actor_with_itself() -> None:
    counts = alignment_counts(random_dataset(3, statements=200))
    pairs = [(a, b) for a, b, _, _ in counts.pairs()]
    assert pairs == sorted(pairs)
    assert all(a < b for a, b in pairs)


def test_no_sides_taken_gives_no_pairs() -> None:
    ds = random_dataset(5, statements=0)
    counts = alignment_counts(ds)
    assert list(counts.pairs()) == []
    assert counts.between("actor-0", "actor-1") == (0, 0)
