"""Answers as pandas DataFrames (``positions.to_frame``): one row per statement.

The rows are the CSV's (``positions.export.text``): every statement behind the answer, with
ids, its evidence flattened into columns. pandas is an optional extra
(``pip install 'positions[frames]'``); without it ``to_frame`` says so.

>>> positions.to_frame(positions.who_opposes(ds, "art. 35"))     # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from positions.export import text
from positions.questions.answers import (
    Comparison,
    ContestedAnswer,
    History,
    PositionAnswer,
    SaidAnswer,
    StancesAnswer,
    TiesAnswer,
    WhoAnswer,
)
from positions.questions.camps import CampsAnswer

if TYPE_CHECKING:
    import pandas

MISSING_PANDAS = "to_frame needs pandas: pip install 'positions[frames]'"


def sheet_of(answer: Any) -> text.Sheet:
    """The sheet (CSV records) of an answer of any question."""
    if isinstance(answer, WhoAnswer | PositionAnswer):
        return text.position_sheet(answer, "", "")
    if isinstance(answer, StancesAnswer):
        return text.position_sheet(answer, "", "", by_target=True)
    if isinstance(answer, TiesAnswer):
        return text.tie_sheet(answer, answer.actor_name, "", "")
    if isinstance(answer, History):
        return text.history_sheet(answer)
    if isinstance(answer, SaidAnswer):
        return text.said_sheet(answer)
    if isinstance(answer, Comparison):
        return text.comparison_sheet(answer)
    if isinstance(answer, ContestedAnswer):
        return text.contested_sheet(answer, "")
    if isinstance(answer, CampsAnswer):
        return text.coalition_sheet(answer, "")
    raise TypeError(f"to_frame takes the answer of a question, not {type(answer).__name__}")


def to_frame(answer: Any) -> pandas.DataFrame:
    """``answer`` as a pandas DataFrame: one row per statement, evidence flattened into
    columns (the CSV's columns). Raises ``ModuleNotFoundError`` when pandas is missing."""
    try:
        import pandas
    except ModuleNotFoundError:
        raise ModuleNotFoundError(MISSING_PANDAS, name="pandas") from None
    sheet = sheet_of(answer)
    return pandas.DataFrame(sheet.records, columns=sheet.fields)
