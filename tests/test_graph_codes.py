"""Columns as codes (``graphdata.Coded``): the alignment graph's ties written from codes
into the actors and the distinct counts give the same bytes as from one value per row."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import positions
from positions.data.dataset import Dataset
from positions.export import cypher, gexf, graphml, nodelink
from positions.export.graphdata import (
    Cells,
    Coded,
    FlatGraph,
    coded_pairs,
    joined,
    ordered_ends,
    requested,
)
from positions.export.outputs import ExportRequest
from positions.questions.graphs import EdgeRows, GraphRows

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return positions.load(DATA)


def test_a_coded_column_reads_as_its_values() -> None:
    column = Coded(["a", "b", "c"], np.array([2, 0, 0, 1]))
    assert len(column) == 4
    assert list(column) == ["c", "a", "a", "b"] == column.tolist()
    assert column[0] == "c"
    assert column[1:3].tolist() == ["a", "a"]
    assert "a" in column and "b" not in column[:3]


@pytest.mark.parametrize("spread", [10, 10**9])  # a table of every pair, or a sort
def test_coded_pairs_are_the_distinct_pairs_in_order(spread: int) -> None:
    rng = np.random.default_rng(3)
    first = rng.integers(0, 5, 1000) * spread
    second = rng.integers(0, 7, 1000)
    firsts, seconds, codes = coded_pairs(first, second)
    assert list(zip(firsts.tolist(), seconds.tolist(), strict=True)) == sorted(
        set(zip(first.tolist(), second.tolist(), strict=True))
    )
    assert (firsts[codes] == first).all() and (seconds[codes] == second).all()


def test_joined_from_codes_is_joined_from_values() -> None:
    codes = np.array([1, 0, 1, 1, 2])
    left = Coded([b"x", b"%y", b""], codes)
    right = Coded([b"1", b"2", b"3"], codes)
    other = Coded([b"p", b"q"], np.array([0, 1, 1, 0, 0]))
    for parts in (
        [b"<", left, b"|", right, b">", other, b"\n"],
        [left[1:4], b"-", right[1:4], range(1, 4)],  # the same view of the codes
        [left, b"-", other, b"-", right],  # not neighbours: not joined entry by entry
    ):
        plain = [p.tolist() if isinstance(p, Coded) else p for p in parts]
        numbered = [list(map(b"%d".__mod__, p)) if isinstance(p, range) else p for p in plain]
        assert joined(parts) == joined(numbered)


def test_cells_of_a_coded_column_make_each_entry_once() -> None:
    made: list[str] = []
    cells = Cells(lambda v: made.append(v) or v.upper())
    column = Coded(["a", "b"], np.array([0, 1, 1, 0, 0]))
    assert cells(column).tolist() == ["A", "B", "B", "A", "A"]
    assert made == ["a", "b"]


def test_ordered_ends_from_codes_are_those_of_the_names() -> None:
    names = ["m", "b", "z", "a"]
    sources = Coded(names, np.array([0, 1, 2, 3, 0]))
    targets = Coded(names, np.array([1, 2, 3, 0, 0]))
    lesser, greater = ordered_ends(sources, targets)
    assert isinstance(lesser, Coded) and isinstance(greater, Coded)
    assert (lesser.tolist(), greater.tolist()) == tuple(
        map(list, ordered_ends(list(sources), list(targets)))
    )


def _plain(graph: FlatGraph) -> FlatGraph:
    """``graph`` with every coded column made a list, one value per row."""

    def of(values: object) -> object:
        return values.tolist() if isinstance(values, Coded) else values

    edges = [
        EdgeRows(
            of(b.sources),  # type: ignore[arg-type]
            of(b.targets),  # type: ignore[arg-type]
            b.keys,
            {n: of(v) for n, v in b.columns.items()},  # type: ignore[misc]
        )
        for b in graph.rows.edges
    ]
    rows = graph.rows
    return FlatGraph(GraphRows(rows.directed, rows.multigraph, rows.attributes, rows.nodes, edges))


@pytest.mark.parametrize("writer", [gexf, graphml, nodelink, cypher], ids=lambda w: w.__name__)
def test_the_alignment_ties_from_codes_write_as_from_values(ds: Dataset, writer: object) -> None:
    graph = requested(ds, ExportRequest("-", graph="alignment"))
    (ties,) = graph.rows.edges
    assert isinstance(ties.sources, Coded) and isinstance(ties.columns["agree"], Coded)
    written = b"".join(writer.chunks(graph))  # type: ignore[attr-defined]
    assert written == b"".join(writer.chunks(_plain(graph)))  # type: ignore[attr-defined]
