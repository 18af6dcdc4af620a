"""The scope of an export: which target (and its parts), as of when, and what it holds."""

from __future__ import annotations

from collections.abc import Sequence

from positions.data.dataset import Dataset
from positions.errors import ExportError, QueryError
from positions.model import PartialDate
from positions.questions.positions import Position, positions_of, positions_on


def resolve_target(ds: Dataset, name: str) -> str:
    """The id of the target (or stakeholder spoken about) that ``name`` names.

    The query module's resolution (DESIGN.md, Name resolution); raises ExportError with
    the closest names or the candidates.
    """
    from positions.questions.resolve import Kind, resolve

    try:
        return resolve(ds, name, Kind.TARGET)
    except QueryError as error:
        raise ExportError(str(error)) from None


def scope_targets(ds: Dataset, target: str | None) -> list[str] | None:
    """The target and everything ``part_of`` it, or None (everything) when no target is given."""
    return None if target is None else ds.scope(target)


def scoped_positions(
    ds: Dataset, as_of: PartialDate | None, targets: Sequence[str] | None
) -> dict[tuple[str, str], Position]:
    """``positions_of`` restricted to ``targets`` (all when None), reading only their
    statements."""
    return positions_of(ds, as_of) if targets is None else positions_on(ds, targets, as_of)


def camp_note(
    ds: Dataset, members: Sequence[str], as_of: PartialDate | None, scope: list[str] | None
) -> str:
    """What most of a camp's members hold: 'oppose United Nations Convention ...'."""
    from collections import Counter

    positions = scoped_positions(ds, as_of, scope)
    counts = Counter(
        (p.stance.value, t)
        for (a, t), p in positions.items()
        if a in members and p.stance.value in ("support", "oppose")
    )
    if not counts:
        return ""
    (stance, target), held = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return f"{held} of {len(members)} {stance} {ds.name_of(target)}"
