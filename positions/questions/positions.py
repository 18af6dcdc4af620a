"""Positions as DESIGN.md defines them: the latest dated stance of an actor on a target.

Everything that answers "where does A stand on T?" (queries, graphs, exports) goes through
``positions_of``, so the CLI, the Python API and every export agree.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from positions.data.dataset import Dataset
from positions.model import PartialDate, Stance, Statement

#: Sorts undated statements before every dated one.
_UNDATED = (datetime.date.min, 0)


@dataclass(frozen=True, slots=True)
class StanceRecord:
    """One statement's stance on one target: the unit of evidence."""

    statement: Statement
    target: str
    stance: Stance
    condition: str | None

    @property
    def actor(self) -> str:
        return self.statement.actor

    @property
    def date(self) -> PartialDate | None:
        return self.statement.date

    def sort_key(self) -> tuple[tuple[datetime.date, int], str]:
        when = self.statement.date.sort_key() if self.statement.date else _UNDATED
        return (when, self.statement.id)


@dataclass(frozen=True, slots=True)
class Position:
    """Where ``actor`` stands on ``target`` as of a date, and the statements that say so.

    ``evidence`` holds the statements of the deciding date (more than one when several
    statements share it; conflicting stances there make the position ``mixed``);
    ``history`` holds every statement up to the date, oldest first.
    """

    actor: str
    target: str
    stance: Stance
    date: PartialDate | None
    evidence: tuple[StanceRecord, ...]
    history: tuple[StanceRecord, ...] = field(default=())

    @property
    def conditions(self) -> list[str]:
        return [r.condition for r in self.evidence if r.condition]


def stance_records(ds: Dataset) -> list[StanceRecord]:
    """Every (statement, target) stance in the dataset, in file order."""
    return [
        StanceRecord(statement, entry.target, entry.stance, entry.condition)
        for statement in ds.statements.values()
        for entry in statement.stances
    ]


def _visible(record: StanceRecord, as_of: PartialDate | None) -> bool:
    if as_of is None or record.statement.date is None:
        return True
    return record.statement.date.start <= as_of.start


def decide(records: list[StanceRecord], as_of: PartialDate | None = None) -> Position | None:
    """The position that ``records`` (one actor, one target) give as of ``as_of``.

    The latest dated statement up to ``as_of`` decides (a partial date counts as its first
    day); undated statements count only when there is no dated one.
    """
    visible = sorted((r for r in records if _visible(r, as_of)), key=StanceRecord.sort_key)
    if not visible:
        return None
    dated = [(r.statement.date, r) for r in visible if r.statement.date is not None]
    shown_date: PartialDate | None = None
    deciding = visible
    if dated:
        latest_start = dated[-1][0].start
        same_day = [(when, r) for when, r in dated if when.start == latest_start]
        deciding = [r for _, r in same_day]
        shown_date = max((when for when, _ in same_day), key=PartialDate.sort_key)
    stances = {r.stance for r in deciding}
    stance = stances.pop() if len(stances) == 1 else Stance.MIXED
    first = deciding[0]
    return Position(
        actor=first.actor,
        target=first.target,
        stance=stance,
        date=shown_date,
        evidence=tuple(deciding),
        history=tuple(visible),
    )


def positions_of(ds: Dataset, as_of: PartialDate | None = None) -> dict[tuple[str, str], Position]:
    """Every actor's position on every target they spoke to, keyed by (actor, target)."""
    grouped: dict[tuple[str, str], list[StanceRecord]] = defaultdict(list)
    for record in stance_records(ds):
        grouped[(record.actor, record.target)].append(record)
    found: dict[tuple[str, str], Position] = {}
    for key, records in grouped.items():
        position = decide(records, as_of)
        if position is not None:
            found[key] = position
    return found
