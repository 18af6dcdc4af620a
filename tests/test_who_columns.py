"""``who`` on many statements decides the positions from the stance columns
(``positions_on_columns``): the same answers as ``decide`` over every statement's records.

Random data holds ties on a day, a day against a month or a year starting on it, undated
statements and nested parts; each is asked with both ways of deciding.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import positions
from positions.model import PartialDate, Stance
from positions.questions import ask
from positions.questions.positions import positions_on
from positions.questions.time import positions_on_columns
from tests.random_data import random_dataset

FIXTURES = Path(__file__).parent / "fixtures"


def _both_ways(
    ds: positions.Dataset,
    target: str,
    as_of: str | None,
    parts: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[dict[Stance, ask.WhoAnswer], dict[Stance, ask.WhoAnswer]]:
    every = list(Stance)
    with monkeypatch.context() as patched:
        patched.setattr(ask, "COLUMNS_ABOVE", len(ds.statements))  # every statement in Python
        by_records = ask.who_each(ds, every, target, as_of, parts)
    with monkeypatch.context() as patched:
        patched.setattr(ask, "COLUMNS_ABOVE", -1)  # always from the columns
        by_columns = ask.who_each(ds, every, target, as_of, parts)
    return by_records, by_columns


@pytest.mark.parametrize("seed", range(25))
def test_columns_decide_as_the_records_do(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    ds = random_dataset(seed)
    for target in ("treaty", *[t for t in ds.targets if t != "treaty"][:2]):
        for as_of in (None, "2023", "2023-05-01", "2023-05-02", "2024"):
            for parts in (True, False):
                by_records, by_columns = _both_ways(ds, target, as_of, parts, monkeypatch)
                assert by_columns == by_records, (seed, target, as_of, parts)


@pytest.mark.parametrize("seed", range(10))
def test_the_positions_themselves(seed: int) -> None:
    """Stance, date and evidence (in ``statement_order``) of each position taking a stance."""
    ds = random_dataset(seed)
    scope = ds.scope("treaty")
    for as_of in (None, PartialDate("2023-05"), PartialDate("2022")):
        for wanted in ([Stance.OPPOSE], [Stance.MIXED, Stance.NEUTRAL], list(Stance)):
            expected = {
                (p.actor, p.target): (p.stance, p.date, p.evidence)
                for p in positions_on(ds, scope, as_of).values()
                if p.stance in wanted
            }
            found = {
                (p.actor, p.target): (p.stance, p.date, p.evidence)
                for p in positions_on_columns(ds, scope, as_of, wanted)
            }
            assert found == expected


@pytest.mark.parametrize("data", ["v2", "treaty", "time", "seed"])
def test_fixtures(data: str, monkeypatch: pytest.MonkeyPatch) -> None:
    ds = positions.load(FIXTURES / data)
    for target in list(ds.targets)[:6]:
        for as_of in (None, "2023"):
            by_records, by_columns = _both_ways(ds, target, as_of, True, monkeypatch)
            assert by_columns == by_records, (target, as_of)
