"""The scope of an export: which target (and its parts), as of when, and what it holds."""

from __future__ import annotations

from collections import Counter
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
    ds: Dataset,
    members: Sequence[str],
    as_of: PartialDate | None,
    scope: list[str] | None,
    positions: dict[tuple[str, str], Position] | None = None,
) -> str:
    """What most of a camp's members hold: 'oppose United Nations Convention ...'.

    ``positions`` are ``scoped_positions(ds, as_of, scope)`` when the caller has them
    (a note for each camp then decides the positions once)."""
    if positions is None:
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


#: How many actors the alliance map draws unless told otherwise (``--top``; 0 draws all).
MAP_ACTORS = 80


def most_active(
    ds: Dataset, target: str | None, as_of: PartialDate | None, top: int | None
) -> tuple[Dataset, int]:
    """``ds`` with only the statements of the ``top`` actors that made the most statements
    on ``target`` and its parts (everything when None) up to ``as_of``; ties go to file
    order. ``top`` None or 0 keeps every actor. Returns it with the number of actors that
    made a statement in that scope.

    Read from the statement index: only the kept actors' statements are built.
    """
    index = ds.statement_index()
    actor_of = {n: actor for actor, numbers in index.by_actor.items() for n in numbers}
    if target is None:
        numbers = sorted(actor_of)
    else:
        wanted: set[int] = set()
        for part in ds.scope(target):
            wanted.update(index.by_target.get(part, ()))
        numbers = sorted(wanted)
    if as_of is not None:  # a dated statement after as_of does not count
        numbers = [
            n
            for n, statement in zip(numbers, index.fetch(numbers), strict=True)
            if statement.date is None or statement.date.start <= as_of.start
        ]
    said = Counter(actor_of[n] for n in numbers)
    if not top or len(said) <= top:
        return ds, len(said)
    order = {actor: place for place, actor in enumerate(ds.stakeholders)}
    ranked = sorted(said, key=lambda actor: (-said[actor], order.get(actor, 0)))
    kept = set(ranked[:top])
    statements = index.fetch(sorted(n for actor in kept for n in index.by_actor[actor]))
    narrowed = Dataset(
        root=ds.root,
        stakeholders=ds.stakeholders,
        targets=ds.targets,
        sources=ds.sources,
        statements={s.id: s for s in statements},
    )
    return narrowed, len(said)
