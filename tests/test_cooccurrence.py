"""Alignment counts from the sparse matrix product equal the pairwise definition."""

from __future__ import annotations

import pytest

from positions.cooccurrence import Side, alignment_counts, current_sides
from positions.cooccurrence import alignment_graph as graph_from_counts
from positions.dataset import Dataset
from positions.graph import alignment_graph
from positions.model import PartialDate, Stance
from positions.stances import positions_of
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


def sides_by_scan(ds: Dataset, as_of: PartialDate | None) -> list[Side]:
    return [
        Side(p.actor, p.target, p.stance, tuple(r.statement.id for r in p.evidence))
        for p in positions_of(ds, as_of).values()
        if p.stance in (Stance.SUPPORT, Stance.OPPOSE)
    ]


@pytest.mark.parametrize("seed", range(80, 120))
@pytest.mark.parametrize("as_of", [None, "2023", "2023-05-02", "2024-01"])
def test_current_sides_are_the_sided_positions(seed: int, as_of: str | None) -> None:
    ds = random_dataset(seed)
    when = PartialDate(as_of) if as_of else None
    assert current_sides(ds, when) == sides_by_scan(ds, when)


@pytest.mark.parametrize("seed", range(120, 150))
def test_the_graph_from_counts_equals_the_pairwise_graph(seed: int) -> None:
    ds = random_dataset(seed)
    for as_of, targets in ((None, None), (PartialDate("2023-05"), ["treaty", "part-1"])):
        expected = alignment_graph(ds, as_of, targets)
        found = graph_from_counts(ds, as_of, targets)
        assert found.graph == expected.graph
        assert list(found.nodes(data=True)) == list(expected.nodes(data=True))
        edges = {tuple(sorted((a, b))): data for a, b, data in expected.edges(data=True)}
        assert {tuple(sorted((a, b))): data for a, b, data in found.edges(data=True)} == edges
        light = graph_from_counts(ds, as_of, targets, evidence=False)
        assert {tuple(sorted((a, b))): data for a, b, data in light.edges(data=True)} == {
            pair: {k: v for k, v in data.items() if k != "evidence"} for pair, data in edges.items()
        }
