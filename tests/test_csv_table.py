"""The CSV tables a whole column at a time: the same file the csv module writes from each
value's own cell, and the stance table's positions as ``positions_of`` decides them."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import positions
from positions.export.escaping import csv_cell, csv_texts
from positions.export.graphdata import Coded
from positions.export.tables import csv_table, stance_table
from positions.model import PartialDate
from positions.questions.positions import latest_stances, positions_of
from tests.random_data import random_dataset

DATA = Path(__file__).resolve().parent.parent / "data"

# what a spreadsheet would evaluate, what needs quoting, what a terminal would act on
_texts = st.text(alphabet=st.sampled_from('ab=+-@\t\r\n",; \x1b\u202e\uff1dé'), max_size=6)
_values = st.one_of(
    st.none(),
    _texts,
    st.booleans(),
    st.integers(-3, 3),
    st.lists(_texts, max_size=3),
    st.lists(st.dictionaries(_texts, st.integers(0, 2), max_size=2), max_size=2),
)


def _expected(columns: dict[str, list[Any]], raw: bool) -> bytes:
    """The csv module's file of each value's cell, made one value at a time."""
    from positions.export.tables import _cell

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in zip(*columns.values(), strict=True):
        writer.writerow([_cell(value, raw) for value in row])
    return out.getvalue().encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(_values, min_size=4, max_size=4), max_size=30),
    st.lists(st.sampled_from([None, "x", True, 2]), min_size=1, max_size=1),
    st.booleans(),
)
def test_a_table_is_the_csv_module_file_of_each_cell(
    rows: list[list[Any]], kinds: list[Any], raw: bool
) -> None:
    # mixed columns (True and 1 side by side), columns of one kind, repeats down a column
    columns = {f"c{i}": [row[i] for row in rows] for i in range(4)}
    columns["same"] = [kinds[0]] * len(rows)
    columns["repeat"] = [row[0] for row in rows[:1]] * len(rows)
    assert csv_table(columns, raw) == _expected(columns, raw)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(_values, min_size=3, max_size=3), min_size=1, max_size=4),
    st.lists(st.integers(0, 3), max_size=30),
    st.lists(st.sampled_from(["a", "b", "coded", "other"]), min_size=2, max_size=6),
    st.integers(1, 7),
    st.booleans(),
)
def test_coded_columns_make_the_file_of_their_values(
    entries: list[list[Any]], picks: list[int], layout: list[str], batch: int, raw: bool
) -> None:
    # Coded columns on one array of codes (side by side or apart, some on other codes),
    # among plain ones, in short batches
    import numpy as np

    from positions.export import tables

    codes = np.array([p % len(entries) for p in picks], dtype=np.int64)
    other = codes[::-1].copy()
    columns: dict[str, Any] = {}
    for i, kind in enumerate(layout):
        table = [entry[i % 3] for entry in entries]
        if kind == "coded":
            columns[f"c{i}"] = Coded(table, codes)
        elif kind == "other":
            columns[f"c{i}"] = Coded(table, other)
        else:
            columns[f"c{i}"] = (
                [table[c] for c in codes.tolist()] if kind == "a" else ["k"] * len(codes)
            )
    plain = {name: list(values) for name, values in columns.items()}
    with patch.object(tables, "CSV_BATCH", batch):
        assert csv_table(columns, raw) == _expected(plain, raw)


@given(st.lists(_texts, max_size=20), st.booleans())
def test_a_column_of_texts_is_guarded_as_each_text(texts: list[str], raw: bool) -> None:
    assert csv_texts(texts, raw) == [csv_cell(text, raw) for text in texts]


@given(st.lists(st.text(alphabet=st.sampled_from("a =+-@\t\r\x00\x1f\x7f"), max_size=4)))
def test_a_column_of_ascii_texts_is_guarded_as_each_text(texts: list[str]) -> None:
    # the ASCII texts are told on their bytes, NUL the separator: a text's own NUL, a
    # control character or a formula start anywhere must still be guarded
    assert csv_texts(texts) == [csv_cell(text) for text in texts]


def test_a_formula_in_a_table_stays_text_and_reads_back() -> None:
    table = csv_table({"quote": ['=HYPERLINK("x"), "a"', "plain", None], "n": [1, True, None]})
    assert list(csv.reader(io.StringIO(table.decode()))) == [
        ["quote", "n"],
        ['\'=HYPERLINK("x"), "a"', "1"],
        ["plain", "true"],
        ["", ""],
    ]


@pytest.mark.parametrize("seed", [*range(25), None])
def test_the_stance_table_positions_are_positions_of(seed: int | None) -> None:
    ds = positions.load(DATA) if seed is None else random_dataset(seed, statements=200)
    for as_of in (None, PartialDate("2023-05"), PartialDate("2021")):
        decided = positions_of(ds, as_of)
        assert latest_stances(ds, as_of) == {
            key: (p.stance, tuple(r.statement.id for r in p.evidence)) for key, p in decided.items()
        }
        table = stance_table(ds, as_of)
        rows = zip(table["statement"], table["actor"], table["target"], strict=True)
        for i, (statement, actor, target) in enumerate(rows):
            position = decided.get((actor, target))
            assert table["position"][i] == (position.stance.value if position else None)
            deciding = position is not None and statement in {
                r.statement.id for r in position.evidence
            }
            assert table["decides_position"][i] is deciding
