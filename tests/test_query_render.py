"""Rendering query results: wrapping, widths and JSON serialisation."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import positions
from positions.export.text import Format, column_widths, history_sheet, render, to_data, wrap

SECOND = Path(__file__).parent / "fixtures" / "second"

words = st.text(alphabet=st.characters(blacklist_categories=("Zs", "Cc", "Zl", "Zp")), min_size=1)


@given(st.lists(words, max_size=30), st.integers(min_value=1, max_value=90))
def test_wrap_keeps_every_character_within_the_width(parts: list[str], width: int) -> None:
    lines = wrap(" ".join(parts), width)
    assert all(len(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(parts)


@given(st.lists(words, max_size=30), st.integers(min_value=20, max_value=90))
def test_wrap_indents_every_line(parts: list[str], width: int) -> None:
    lines = wrap(" ".join(parts), width, "    ")
    assert all(line.startswith("    ") and len(line) <= width for line in lines)


def greedy_lines(text: str, width: int, indent: str = "") -> list[str]:
    """Wrapping by its definition: each line the longest run of whole words that fits, a
    word longer than a line cut into lines of its own."""
    room = max(width - len(indent), 1)
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > room:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:room])
            word = word[room:]
        if line and len(line) + 1 + len(word) <= room:
            line += " " + word
        else:
            if line:
                lines.append(line)
            line = word
    return [indent + x for x in [*lines, *([line] if line else [])] or [""]]


@given(
    st.text(alphabet=st.sampled_from("ab· \t\xa0\u3000\u2028é\x1b"), max_size=80),
    st.integers(min_value=1, max_value=20),
    st.sampled_from(["", "    "]),
)
def test_wrap_is_the_greedy_wrapping_of_the_words(text: str, width: int, indent: str) -> None:
    """Also for texts that are single-spaced already (wrapped without splitting them),
    with other whitespace, spaces at an end, or a word longer than a line."""
    assert wrap(text, width, indent) == greedy_lines(text, width, indent)


def test_short_columns_keep_their_width_and_the_long_one_wraps() -> None:
    columns = ["ACTOR", "STANCE", "DATE"]
    rows = [["Kingdom of Estmark", "oppose via " + "a very long part name " * 5, "2024-05-14"]]
    widths = column_widths(columns, rows, 60)
    assert widths[0] == len("Kingdom of Estmark")
    assert widths[2] == len("2024-05-14")
    assert sum(widths) + 2 * 2 <= 60


def test_to_data_turns_results_into_plain_json() -> None:
    ds = positions.load(SECOND)
    history = positions.history(ds, "Norland", "Article 6")
    data = to_data(history)
    assert list(data) == [
        "question",
        "actor",
        "actor_name",
        "target",
        "target_name",
        "as_of",
        "undated_left_out",
        "earliest",
        "counts",
        "positions",
        "rows",
    ]
    assert data["question"] == "history"
    assert data["counts"] == {"dated": len(history.dated), "undated": len(history.undated)}
    assert data["rows"][1]["evidence"]["date"] == "2024-05-14"
    assert data["rows"][1]["stance"] == "support"
    assert json.loads(render(history, history_sheet(history), Format.JSON)) == data
