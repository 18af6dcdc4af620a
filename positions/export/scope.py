"""The scope of an export: which target (and its parts), as of when, and what it holds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence

from positions.data.dataset import Dataset
from positions.errors import ExportError, QueryError
from positions.model import PartialDate
from positions.questions.positions import Position, Side, positions_of, positions_on


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
    positions: Mapping[tuple[str, str], Position | Side] | None = None,
) -> str:
    """What most of a camp's members hold: 'oppose United Nations Convention ...'.

    ``positions`` are ``scoped_positions(ds, as_of, scope)``, or the sides taken
    (``latest_sides(ds, as_of, scope)``: only supports and oppositions count), when the
    caller has them (a note for each camp then decides the positions once)."""
    if positions is None:
        positions = scoped_positions(ds, as_of, scope)
    wanted = set(members)  # a camp of 1,000 members, a look-up per position
    counts = Counter(
        (p.stance.value, t)
        for (a, t), p in positions.items()
        if a in wanted and p.stance.value in ("support", "oppose")
    )
    if not counts:
        return ""
    (stance, target), held = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return f"{held} of {len(members)} {stance} {ds.name_of(target)}"


#: How many actors the alliance map draws unless told otherwise (``--top``; 0 draws all).
MAP_ACTORS = 80
#: How many rows and columns ``positions matrix`` shows unless told (``--top``, ``--targets``).
MATRIX_ACTORS = 40
MATRIX_TARGETS = 12


def statement_facts(ds: Dataset) -> tuple[tuple[str, str | None], ...]:
    """(source id, statement date as written or None) of every statement, in file order
    (statement numbers): the date is DESIGN.md's, the source's ``published`` standing in.

    Kept on the dataset (``Dataset.derived``: beside the cache entry), so the map reads
    its footer and as-of cut without building a statement.
    """

    def compute() -> tuple[tuple[str, str | None], ...]:
        facts = []
        for statement in ds.statements.values():
            when = ds.date_of(statement)[0]
            facts.append((statement.source, None if when is None else str(when)))
        return tuple(facts)

    # read back from the cache entry as tuples: the same shape
    return ds.derived("statement-facts", compute)


def actors_by_activity(
    ds: Dataset,
    target: str | None,
    as_of: PartialDate | None,
    leave_out: Collection[str] = (),
) -> list[str]:
    """Every actor (not in ``leave_out``) that made a statement on ``target`` and its parts
    (everything when None) counting as of ``as_of`` (the as-of rule, ``counts_as_of``), the
    most statements first, ties to file order. Read from the statement index: no statement
    is built.
    """
    from positions.questions.positions import counts_as_of

    index = ds.statement_index()
    actor_of = {n: actor for actor, numbers in index.by_actor.items() for n in numbers}
    if target is None:
        numbers = sorted(actor_of)
    else:
        wanted: set[int] = set()
        for part in ds.scope(target):
            wanted.update(index.by_target.get(part, ()))
        numbers = sorted(wanted)
    if as_of is not None:  # a statement that does not count as of the date does not count
        facts = statement_facts(ds)
        dates: dict[str | None, PartialDate | None] = {None: None}
        for _, written in facts:
            if written is not None and written not in dates:
                dates[written] = PartialDate(written)
        numbers = [n for n in numbers if counts_as_of(dates[facts[n][1]], as_of)]
    said = Counter(actor_of[n] for n in numbers if actor_of[n] not in leave_out)
    order = {actor: place for place, actor in enumerate(ds.stakeholders)}
    return sorted(said, key=lambda actor: (-said[actor], order.get(actor, 0)))


def most_active_actors(
    ds: Dataset,
    target: str | None,
    as_of: PartialDate | None,
    top: int | None,
    leave_out: Collection[str] = (),
) -> tuple[list[str] | None, int]:
    """The ``top`` of ``actors_by_activity``; None when ``top`` is None or 0 or keeps every
    actor. Returns them with the number of actors that made a statement in that scope.
    """
    ranked = actors_by_activity(ds, target, as_of, leave_out)
    if not top or len(ranked) <= top:
        return None, len(ranked)
    return ranked[:top], len(ranked)


def most_active(
    ds: Dataset, target: str | None, as_of: PartialDate | None, top: int | None
) -> tuple[Dataset, int]:
    """``ds`` with only the statements of the ``most_active_actors`` (``ds`` itself when
    ``top`` keeps everyone), with the number of actors that made a statement in that scope.
    """
    kept, total = most_active_actors(ds, target, as_of, top)
    if kept is None:
        return ds, total
    index = ds.statement_index()
    statements = index.fetch(sorted(n for actor in kept for n in index.by_actor[actor]))
    narrowed = Dataset(
        root=ds.root,
        stakeholders=ds.stakeholders,
        targets=ds.targets,
        sources=ds.sources,
        statements={s.id: s for s in statements},
        info=ds.info,
    )
    return narrowed, total
