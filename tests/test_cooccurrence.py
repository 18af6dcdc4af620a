"""Alignment counts from the sparse matrix product equal the pairwise definition."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Any

import networkx as nx
import pytest

from positions.data.dataset import Dataset
from positions.model import PartialDate, Stance
from positions.questions.alignment import Side, align, alignment_counts, current_sides
from positions.questions.alignment import alignment_graph as graph_from_counts
from positions.questions.positions import Position, positions_of
from tests.random_data import random_dataset

SIDES = (Stance.SUPPORT, Stance.OPPOSE)


def alignment_graph(
    ds: Dataset, as_of: PartialDate | None = None, targets: list[str] | None = None
) -> nx.Graph:
    """The definition, pair by pair (the graph module's code before the counts replaced it)."""
    graph = nx.Graph(as_of=str(as_of or ds.as_of) if (as_of or ds.as_of) else None)
    for stakeholder in ds.stakeholders.values():
        graph.add_node(stakeholder.id, label=stakeholder.name, kind=stakeholder.kind.value)
    wanted = set(targets) if targets is not None else None
    by_target: dict[str, dict[Stance, list[Position]]] = defaultdict(lambda: defaultdict(list))
    for (_, target), position in positions_of(ds, as_of).items():
        if position.stance in SIDES and (wanted is None or target in wanted):
            by_target[target][position.stance].append(position)
    for target, sides in by_target.items():
        supporters = sides.get(Stance.SUPPORT, [])
        opposers = sides.get(Stance.OPPOSE, [])
        for group in (supporters, opposers):
            for a, b in combinations(group, 2):
                _add_tie(graph, a, b, target, agree=True)
        for a in supporters:
            for b in opposers:
                _add_tie(graph, a, b, target, agree=False)
    return graph


def _add_tie(graph: nx.Graph, a: Position, b: Position, target: str, *, agree: bool) -> None:
    if a.actor == b.actor:
        return
    first, second = sorted((a, b), key=lambda p: p.actor)
    if not graph.has_edge(first.actor, second.actor):
        graph.add_edge(first.actor, second.actor, agree=0, disagree=0, weight=0, evidence=[])
    data: dict[str, Any] = graph.edges[first.actor, second.actor]
    data["agree" if agree else "disagree"] += 1
    data["weight"] = data["agree"] - data["disagree"]
    data["evidence"].append(
        {
            "target": target,
            "agree": agree,
            "actors": [first.actor, second.actor],
            "stances": [first.stance.value, second.stance.value],
            "statements": [
                [r.statement.id for r in first.evidence],
                [r.statement.id for r in second.evidence],
            ],
        }
    )


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
    aligned = align(current_sides(ds, as_of, targets), evidence=_target_and_agreement)
    assert {key: (t.agree, t.disagree) for key, t in aligned.items()} == expected
    for (a, b), (yes, no) in expected.items():
        assert counts.between(a, b) == (yes, no) == counts.between(b, a)
        evidence = graph.edges[a, b]["evidence"]
        assert sorted(aligned[a, b].shared) == sorted((e["target"], e["agree"]) for e in evidence)


def _target_and_agreement(side: Side, other: Side) -> tuple[str, bool]:
    return side.target, side.stance is other.stance


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


def test_the_graph_module_builds_its_alignment_graph_from_the_counts() -> None:
    from positions.questions.graphs import alignment_graph as project_graph

    ds = random_dataset(7, statements=200)
    expected = {tuple(sorted((a, b))): d for a, b, d in alignment_graph(ds).edges(data=True)}
    found = {tuple(sorted((a, b))): d for a, b, d in project_graph(ds).edges(data=True)}
    assert found == expected
