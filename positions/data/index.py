"""Statements by target and by actor, so a question reads only what it is about.

``positions_on(ds, targets)`` gives exactly what ``positions_of(ds)`` gives for those
targets (DESIGN.md's positions), reading only the statements that name them. On a dataset
from the cache (``positions.data.cache``) the index comes with the entry and the statements it
points to are the only ones rebuilt; on any other dataset it is built once, in one pass.

>>> from positions.data.index import positions_on
>>> ds.parts_of("uncc")                                   # doctest: +SKIP
['uncc-art-35']
>>> positions_on(ds, ["uncc", "uncc-art-35"])             # doctest: +SKIP
{('hrw', 'uncc'): Position(actor='hrw', target='uncc', stance=<Stance.OPPOSE...>, ...)}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from positions.data.dataset import Dataset
from positions.model import PartialDate, Statement
from positions.questions.positions import Position, StanceRecord, decide

_MEMO = "_statement_index"


@dataclass(frozen=True)
class StatementIndex:
    """Statement numbers (file order) by the targets they take a stance on and by actor."""

    by_target: Mapping[str, Sequence[int]]
    by_actor: Mapping[str, Sequence[int]]
    fetch: Callable[[Iterable[int]], list[Statement]]


def statement_index(ds: Dataset) -> StatementIndex:
    """The index of ``ds``: the cache's when it has one, else built once and kept on ``ds``."""
    from_entry: Any = getattr(ds, "statement_index", None)
    stored = from_entry() if callable(from_entry) else None
    if stored is not None:
        by_target, by_actor, fetch = stored
        return StatementIndex(by_target, by_actor, fetch)
    statements = ds.statements
    # kept on the dataset, and rebuilt if its statements were replaced or added to
    memo: tuple[dict[str, Statement], int, StatementIndex] | None = ds.__dict__.get(_MEMO)
    if memo is None or memo[0] is not statements or memo[1] != len(statements):
        memo = (statements, len(statements), _build(statements))
        ds.__dict__[_MEMO] = memo
    return memo[2]


def _build(statements: dict[str, Statement]) -> StatementIndex:
    by_target: dict[str, list[int]] = defaultdict(list)
    by_actor: dict[str, list[int]] = defaultdict(list)
    values = list(statements.values())
    for number, statement in enumerate(values):
        by_actor[statement.actor].append(number)
        for target in dict.fromkeys(e.target for e in statement.stances):
            by_target[target].append(number)

    def fetch(numbers: Iterable[int]) -> list[Statement]:
        return [values[n] for n in numbers]

    return StatementIndex(dict(by_target), dict(by_actor), fetch)


def statements_on(ds: Dataset, targets: Iterable[str]) -> list[Statement]:
    """Every statement with a stance on one of ``targets``, in file order."""
    index = statement_index(ds)
    numbers: set[int] = set()
    for target in targets:
        numbers.update(index.by_target.get(target, ()))
    return index.fetch(sorted(numbers))


def statements_by(ds: Dataset, actor: str) -> list[Statement]:
    """Every statement whose actor is ``actor``, in file order."""
    index = statement_index(ds)
    return index.fetch(index.by_actor.get(actor, ()))


def stance_records_on(ds: Dataset, targets: Iterable[str]) -> list[StanceRecord]:
    """The stance records (``positions.questions.positions``) on ``targets``, in file order."""
    wanted = set(targets)
    return [
        StanceRecord(statement, entry.target, entry.stance, entry.condition)
        for statement in statements_on(ds, wanted)
        for entry in statement.stances
        if entry.target in wanted
    ]


def positions_on(
    ds: Dataset, targets: Iterable[str], as_of: PartialDate | None = None
) -> dict[tuple[str, str], Position]:
    """``positions_of(ds, as_of)`` restricted to ``targets``, reading only their statements."""
    return _decide_all(stance_records_on(ds, targets), as_of)


def positions_by(
    ds: Dataset, actor: str, as_of: PartialDate | None = None
) -> dict[tuple[str, str], Position]:
    """``positions_of(ds, as_of)`` restricted to ``actor``, reading only its statements."""
    records = [
        StanceRecord(statement, entry.target, entry.stance, entry.condition)
        for statement in statements_by(ds, actor)
        for entry in statement.stances
    ]
    return _decide_all(records, as_of)


def _decide_all(
    records: list[StanceRecord], as_of: PartialDate | None
) -> dict[tuple[str, str], Position]:
    grouped: dict[tuple[str, str], list[StanceRecord]] = defaultdict(list)
    for record in records:
        grouped[(record.actor, record.target)].append(record)
    found: dict[tuple[str, str], Position] = {}
    for key, group in grouped.items():
        position = decide(group, as_of)
        if position is not None:
            found[key] = position
    return found
