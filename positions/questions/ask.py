"""The questions of DESIGN.md, answered with their evidence.

Every function takes a ``Dataset`` and names (id, name, label or alias: see
``positions.questions.resolve``) and returns typed answers (``positions.questions.answers``)
that carry the statements proving them and what was resolved; the CLI only formats them
(``positions.export.text``). Dates (``as_of``) are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``
strings or ``PartialDate`` values.

>>> import positions
>>> ds = positions.load("data")                                     # doctest: +SKIP
>>> [row.actor_name for row in positions.who_opposes(ds, "art. 35")]  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from positions.data import gcpause
from positions.data.dataset import Dataset
from positions.data.names import fold_name
from positions.model import PartialDate, Stance
from positions.questions.alignment import Alignment, align, is_collective
from positions.questions.answers import (
    Answer,
    ComparedTarget,
    Comparison,
    ContestedAnswer,
    ContestedTarget,
    Evidence,
    History,
    HistoryEntry,
    PositionAnswer,
    PositionRow,
    Relation,
    SaidAnswer,
    SaidRow,
    StancesAnswer,
    Tie,
    TieEvidence,
    TiesAnswer,
    WhoAnswer,
)
from positions.questions.positions import (
    SIDES,
    Position,
    Side,
    StanceRecord,
    counts_as_of,
    decide,
    latest_sides,
    positions_by,
    positions_of,
    positions_on,
    stance_records_of,
    undated_left_out,
)
from positions.questions.resolve import DateLike, as_of_date, resolve_actor, resolve_target

__all__ = [
    "Answer",
    "ComparedTarget",
    "Comparison",
    "ContestedAnswer",
    "ContestedTarget",
    "Evidence",
    "History",
    "HistoryEntry",
    "PositionAnswer",
    "PositionRow",
    "Relation",
    "SaidAnswer",
    "SaidRow",
    "StancesAnswer",
    "Tie",
    "TieEvidence",
    "TiesAnswer",
    "WhoAnswer",
    "allies",
    "compare",
    "contested",
    "evidence_of",
    "history",
    "opponents",
    "position",
    "position_row",
    "said",
    "stances_of",
    "who",
    "who_each",
    "who_opposes",
    "who_supports",
]


# --- building blocks -------------------------------------------------------------------


def evidence_of(ds: Dataset, record: StanceRecord) -> Evidence:
    """The evidence a stance record gives: its statement, quote, speaker, date and source."""
    statement = record.statement
    source = ds.sources.get(statement.source)
    speaker = statement.speaker
    return Evidence(
        statement=statement.id,
        target=record.target,
        stance=record.stance,
        condition=record.condition,
        text=statement.text,
        is_paraphrase=statement.is_paraphrase,
        speaker=speaker,
        speaker_name=ds.name_of(speaker) if speaker else None,
        date=str(record.date) if record.date else None,
        date_from_source=record.date_from_source,
        source=statement.source,
        source_title=source.title if source else None,
        source_url=source.url if source else None,
    )


def position_row(ds: Dataset, position: Position, asked: str) -> PositionRow:
    """``position`` as a row of an answer about ``asked``: ``via`` names the part it is on
    when it is on a part of ``asked``; the evidence is the deciding statements."""
    via = position.target if position.target != asked else None
    return PositionRow(
        actor=position.actor,
        actor_name=ds.name_of(position.actor),
        collective=is_collective(ds, position.actor),
        target=asked,
        target_name=ds.name_of(asked),
        via=via,
        via_name=ds.name_of(via) if via else None,
        stance=position.stance,
        date=str(position.date) if position.date else None,
        evidence=tuple(evidence_of(ds, r) for r in position.evidence),
    )


def _earliest_after(ds: Dataset, when: PartialDate | None, empty: bool) -> PartialDate | None:
    """The earliest statement date in the data when an ``empty`` answer is as of a date
    before it (the answer is empty because nothing had been said yet), else None.

    Only an empty answer reads every statement's date."""
    if when is None or not empty:
        return None
    dates = [d for d, _ in map(ds.date_of, ds.statements.values()) if d is not None]
    earliest = min(dates, default=None)
    return earliest if earliest is not None and when.end < earliest.start else None


def _actor_order(ds: Dataset) -> dict[str, int]:
    return {actor: index for index, actor in enumerate(ds.stakeholders)}


def _target_order(ds: Dataset) -> dict[str, int]:
    order = {target: index for index, target in enumerate(ds.targets)}
    for index, actor in enumerate(ds.stakeholders, start=len(order)):
        order.setdefault(actor, index)
    return order


#: Above this many stances on a question's targets, ``who`` decides the positions from
#: the stance columns; below it, reading them costs more than building the statements.
COLUMNS_ABOVE = 20_000


# --- the questions ---------------------------------------------------------------------


def position(
    ds: Dataset,
    actor: str,
    target: str,
    as_of: DateLike = None,
    include_parts: bool = True,
) -> PositionAnswer:
    """Where ``actor`` stands on ``target`` as of a date: its position on the target
    itself first (if it has one), then on each part it spoke to (``via`` says which).

    No rows means the actor has not spoken to the target (up to ``as_of``).
    """
    actor_id = resolve_actor(ds, actor)
    target_id = resolve_target(ds, target)
    when = as_of_date(as_of)
    scope = ds.scope(target_id, include_parts)
    found = positions_by(ds, actor_id, when)
    wanted = set(scope)
    said = [s for s in ds.statements_by(actor_id) if any(e.target in wanted for e in s.stances)]
    rows = tuple(
        position_row(ds, found[(actor_id, part)], target_id)
        for part in scope
        if (actor_id, part) in found
    )
    return PositionAnswer(
        as_of=when,
        undated_left_out=undated_left_out(ds, said, when),
        earliest=_earliest_after(ds, when, not rows),
        rows=rows,
        actor=actor_id,
        actor_name=ds.name_of(actor_id),
        target=target_id,
        target_name=ds.name_of(target_id),
    )


def who(
    ds: Dataset,
    stance: Stance | str,
    target: str,
    as_of: DateLike = None,
    include_parts: bool = True,
) -> WhoAnswer:
    """Every actor whose position on ``target`` (or, with ``include_parts``, on one of its
    parts) is ``stance``, as of a date; one row per actor and target or part: the rows on
    the target itself first (``via`` None), by actor name, then those on its parts.

    >>> positions.who(ds, "oppose", "Article 35")                     # doctest: +SKIP
    """
    wanted = Stance(stance)
    return who_each(ds, (wanted,), target, as_of, include_parts)[wanted]


def who_each(
    ds: Dataset,
    stances: Iterable[Stance | str],
    target: str,
    as_of: DateLike = None,
    include_parts: bool = True,
) -> dict[Stance, WhoAnswer]:
    """``who`` of each of ``stances`` at once, the positions on the target decided once
    (what a stance board asks: one answer per column)."""
    wanted = [Stance(stance) for stance in stances]
    target_id = resolve_target(ds, target)
    when = as_of_date(as_of)
    # a position, its records and a row with its evidence per actor and part: on the whole
    # instrument 10^5 of each, which the collector would rescan while they are made
    with gcpause.paused():
        return _who_each(ds, wanted, target_id, when, include_parts)


def _who_each(
    ds: Dataset,
    wanted: list[Stance],
    target_id: str,
    when: PartialDate | None,
    include_parts: bool,
) -> dict[Stance, WhoAnswer]:
    scope = ds.scope(target_id, include_parts)
    rank = {part: index for index, part in enumerate(scope)}
    found, undated = _positions_taking(ds, scope, when, wanted)
    answers = {}
    for stance in wanted:
        rows = [position_row(ds, held, target_id) for held in found if held.stance is stance]
        # the target itself first, then its parts (DESIGN.md v2, Parts)
        rows.sort(
            key=lambda r: (
                r.via is not None,
                fold_name(r.actor_name),
                r.actor,
                rank[r.via or target_id],
            )
        )
        answers[stance] = WhoAnswer(
            as_of=when,
            undated_left_out=undated,
            earliest=_earliest_after(ds, when, not rows),
            rows=tuple(rows),
            target=target_id,
            target_name=ds.name_of(target_id),
            stance=stance,
            include_parts=include_parts,
        )
    return answers


def _positions_taking(
    ds: Dataset, scope: list[str], when: PartialDate | None, stances: list[Stance]
) -> tuple[list[Position], int]:
    """The positions on ``scope`` whose stance is one of ``stances``, as of ``when``, and how
    many statements on it that leaves out undated. Many statements are decided from the
    stance columns, building only the deciding ones (``positions_on_columns``)."""
    index = ds.statement_index()
    if sum(len(index.by_target.get(target, ())) for target in scope) <= COLUMNS_ABOVE:
        found = [p for p in positions_on(ds, scope, when).values() if p.stance in stances]
        return found, undated_left_out(ds, ds.statements_on(scope), when)
    from positions.questions.time import positions_on_columns, undated_on

    found = positions_on_columns(ds, scope, when, stances)
    return found, undated_on(ds, scope) if when is not None else 0


def who_opposes(
    ds: Dataset, target: str, as_of: DateLike = None, include_parts: bool = True
) -> WhoAnswer:
    """Who opposes ``target`` (or one of its parts): ``who(ds, "oppose", target, ...)``."""
    return who(ds, Stance.OPPOSE, target, as_of, include_parts)


def who_supports(
    ds: Dataset, target: str, as_of: DateLike = None, include_parts: bool = True
) -> WhoAnswer:
    """Who supports ``target`` (or one of its parts): ``who(ds, "support", target, ...)``."""
    return who(ds, Stance.SUPPORT, target, as_of, include_parts)


def stances_of(ds: Dataset, actor: str, as_of: DateLike = None) -> StancesAnswer:
    """Every position ``actor`` holds, one per target it spoke to, in the targets' file order
    (targets first, then stakeholders it took a stance on)."""
    actor_id = resolve_actor(ds, actor)
    when = as_of_date(as_of)
    order = _target_order(ds)
    rows = [
        position_row(ds, found, target)
        for (_, target), found in positions_by(ds, actor_id, when).items()
    ]
    rows.sort(key=lambda r: (order.get(r.target, len(order)), r.target))
    return StancesAnswer(
        as_of=when,
        rows=tuple(rows),
        actor=actor_id,
        actor_name=ds.name_of(actor_id),
        undated_left_out=undated_left_out(ds, ds.statements_by(actor_id), when),
        earliest=_earliest_after(ds, when, not rows),
    )


def history(
    ds: Dataset,
    actor: str,
    target: str | None = None,
    as_of: DateLike = None,
    include_parts: bool = True,
) -> History:
    """Every statement of ``actor`` on ``target`` and its parts (on anything, without a
    target) up to the end of ``as_of``, oldest first, the undated ones after the dated ones
    (and left out as of a date, counted in ``undated_left_out``); each marked ``current``
    when it decides the position. Without a target, each entry's ``via`` names what it is on.
    """
    actor_id = resolve_actor(ds, actor)
    target_id = resolve_target(ds, target) if target is not None else None
    when = as_of_date(as_of)
    if target_id is not None:
        scope = ds.scope(target_id, include_parts)
    else:
        order = _target_order(ds)
        spoken = {e.target for s in ds.statements_by(actor_id) for e in s.stances}
        scope = sorted(spoken, key=lambda t: (order.get(t, len(order)), t))
    rank = {part: index for index, part in enumerate(scope)}
    said = [s for s in ds.statements_by(actor_id) if any(e.target in rank for e in s.stances)]
    records = stance_records_of(ds, said, rank)
    positions: list[Position] = []
    for part in scope:
        decided = decide([r for r in records if r.target == part], when)
        if decided is not None:
            positions.append(decided)
    deciding = {id(r) for p in positions for r in p.evidence}
    shown = sorted((r for p in positions for r in p.history), key=StanceRecord.sort_key)
    entries = tuple(
        HistoryEntry(
            via=r.target if r.target != target_id else None,
            via_name=ds.name_of(r.target) if r.target != target_id else None,
            stance=r.stance,
            date=str(r.date) if r.date else None,
            current=id(r) in deciding,
            evidence=evidence_of(ds, r),
        )
        for r in shown
    )
    return History(
        actor=actor_id,
        actor_name=ds.name_of(actor_id),
        target=target_id,
        target_name=ds.name_of(target_id) if target_id is not None else None,
        positions=tuple(position_row(ds, p, target_id or p.target) for p in positions),
        entries=entries,
        as_of=when,
        undated_left_out=undated_left_out(ds, said, when),
        earliest=_earliest_after(ds, when, not entries),
    )


def said(ds: Dataset, person: str, as_of: DateLike = None) -> SaidAnswer:
    """Every statement ``person`` spoke (as its ``speaker``), for whom and on what, oldest
    first with the undated last; as of a date, only those up to its end.

    >>> positions.said(ds, "Tirana Hassan")                        # doctest: +SKIP
    """
    person_id = resolve_actor(ds, person)
    when = as_of_date(as_of)
    spoken = [s for s in ds.statements.values() if s.speaker == person_id]
    records = sorted(
        (r for r in stance_records_of(ds, spoken) if counts_as_of(r.date, when)),
        key=StanceRecord.sort_key,
    )
    rows = tuple(
        SaidRow(
            actor=r.actor,
            actor_name=ds.name_of(r.actor),
            target=r.target,
            target_name=ds.name_of(r.target),
            stance=r.stance,
            date=str(r.date) if r.date else None,
            evidence=evidence_of(ds, r),
        )
        for r in records
    )
    return SaidAnswer(
        as_of=when,
        rows=rows,
        person=person_id,
        person_name=ds.name_of(person_id),
        undated_left_out=undated_left_out(ds, spoken, when),
        earliest=_earliest_after(ds, when, not rows),
    )


def _ties_left_out(ds: Dataset, actor_id: str, when: PartialDate | None) -> int:
    """Undated statements an as-of ties answer leaves out: the actor's own, and others' on
    the targets it spoke to."""
    if when is None:
        return 0
    own = ds.statements_by(actor_id)
    spoken = {e.target for s in own for e in s.stances}
    return undated_left_out(ds, {s.id: s for s in ds.statements_on(spoken)}.values(), when)


def _ties(
    ds: Dataset, actor_id: str, when: PartialDate | None, include_collective: bool
) -> list[Tie]:
    # every object made here lives until the answer is given: none is worth a collection
    with gcpause.paused():
        # only the targets the actor took a side on can tie it to anyone: read just those
        mine = {t: p for (_, t), p in positions_by(ds, actor_id, when).items() if p.stance in SIDES}
        held = {
            key: p
            for key, p in positions_on(ds, mine, when).items()
            if p.stance in SIDES
            and (include_collective or p.actor == actor_id or not is_collective(ds, p.actor))
        }
        sides = [Side(p.actor, p.target, p.stance, ()) for p in held.values()]
        order = _target_order(ds)
        found = align(sides, actor=actor_id, evidence=_both)
        return [_tie(ds, tie, held, order) for tie in found.values()]


def _both(side: Side, other: Side) -> tuple[Side, Side]:
    return side, other


def _tie(
    ds: Dataset,
    tie: Alignment[tuple[Side, Side]],
    held: dict[tuple[str, str], Position],
    order: dict[str, int],
) -> Tie:
    evidence = []
    for side, other in tie.shared:
        own, theirs = held[(side.actor, side.target)], held[(other.actor, other.target)]
        evidence.append(
            TieEvidence(
                target=own.target,
                target_name=ds.name_of(own.target),
                agree=own.stance is theirs.stance,
                stance=own.stance,
                other_stance=theirs.stance,
                evidence=tuple(evidence_of(ds, r) for r in own.evidence),
                other_evidence=tuple(evidence_of(ds, r) for r in theirs.evidence),
            )
        )
    evidence.sort(key=lambda e: (not e.agree, order.get(e.target, len(order))))
    return Tie(
        actor=tie.a,
        actor_name=ds.name_of(tie.a),
        other=tie.b,
        other_name=ds.name_of(tie.b),
        agree=tie.agree,
        disagree=tie.disagree,
        weight=tie.weight,
        evidence=tuple(evidence),
        shared=tie.shared_count,
        index=tie.index,
    )


def allies(
    ds: Dataset,
    actor: str,
    as_of: DateLike = None,
    *,
    include_collective: bool = False,
    min_shared: int = 1,
) -> TiesAnswer:
    """Actors whose alignment with ``actor`` is positive (more agreements than
    disagreements), strongest first; each tie has both counts and the shared targets.
    Collective actors are left out unless ``include_collective`` (DESIGN.md v2); ties
    resting on fewer than ``min_shared`` shared targets are left out."""
    return _ties_answer(ds, actor, as_of, "allies", include_collective, min_shared)


def opponents(
    ds: Dataset,
    actor: str,
    as_of: DateLike = None,
    *,
    include_collective: bool = False,
    min_shared: int = 1,
) -> TiesAnswer:
    """Actors whose alignment with ``actor`` is negative, strongest (most negative) first;
    collective actors only with ``include_collective``; ties resting on fewer than
    ``min_shared`` shared targets are left out."""
    return _ties_answer(ds, actor, as_of, "opponents", include_collective, min_shared)


def _ties_answer(
    ds: Dataset,
    actor: str,
    as_of: DateLike,
    relation: str,
    include_collective: bool,
    min_shared: int,
) -> TiesAnswer:
    """The allies (positive ties) or opponents (negative ties) of ``actor``, strongest first."""
    actor_id = resolve_actor(ds, actor)
    when = as_of_date(as_of)
    sign = 1 if relation == "allies" else -1
    ties = [
        t
        for t in _ties(ds, actor_id, when, include_collective)
        if sign * t.weight > 0 and t.shared >= min_shared
    ]
    ties.sort(
        key=lambda t: (
            -sign * t.weight,
            -(t.agree if sign > 0 else t.disagree),
            fold_name(t.other_name),
            t.other,
        )
    )
    return TiesAnswer(
        as_of=when,
        rows=tuple(ties),
        actor=actor_id,
        actor_name=ds.name_of(actor_id),
        relation=relation,
        undated_left_out=_ties_left_out(ds, actor_id, when),
        earliest=_earliest_after(ds, when, not ties),
    )


def _relation(a: Position | None, b: Position | None) -> Relation:
    if a is None:
        return Relation.ONLY_B
    if b is None:
        return Relation.ONLY_A
    if a.stance in SIDES and b.stance in SIDES:
        return Relation.AGREE if a.stance is b.stance else Relation.DISAGREE
    return Relation.NEITHER


def compare(ds: Dataset, a: str, b: str, as_of: DateLike = None) -> Comparison:
    """Where two actors agree, disagree, both spoke without opposite sides, or only one
    spoke, target by target (their own positions: DESIGN.md's alignment)."""
    a_id, b_id = resolve_actor(ds, a), resolve_actor(ds, b)
    when = as_of_date(as_of)
    found = {**positions_by(ds, a_id, when), **positions_by(ds, b_id, when)}
    order = _target_order(ds)
    targets = sorted(
        {t for (actor, t) in found if actor in (a_id, b_id)},
        key=lambda t: (order.get(t, len(order)), t),
    )
    groups: dict[Relation, list[ComparedTarget]] = {r: [] for r in Relation}
    for target in targets:
        pa, pb = found.get((a_id, target)), found.get((b_id, target))
        relation = _relation(pa, pb)
        groups[relation].append(
            ComparedTarget(
                target=target,
                target_name=ds.name_of(target),
                relation=relation,
                a_stance=pa.stance if pa else None,
                b_stance=pb.stance if pb else None,
                a_evidence=tuple(evidence_of(ds, r) for r in pa.evidence) if pa else (),
                b_evidence=tuple(evidence_of(ds, r) for r in pb.evidence) if pb else (),
            )
        )
    return Comparison(
        a=a_id,
        a_name=ds.name_of(a_id),
        b=b_id,
        b_name=ds.name_of(b_id),
        agree=tuple(groups[Relation.AGREE]),
        disagree=tuple(groups[Relation.DISAGREE]),
        neither=tuple(groups[Relation.NEITHER]),
        only_a=tuple(groups[Relation.ONLY_A]),
        only_b=tuple(groups[Relation.ONLY_B]),
        as_of=when,
        undated_left_out=undated_left_out(
            ds, [*ds.statements_by(a_id), *ds.statements_by(b_id)], when
        ),
        earliest=_earliest_after(ds, when, not targets),
    )


def contested(ds: Dataset, as_of: DateLike = None, *, evidence: bool = True) -> ContestedAnswer:
    """Targets on which some actors support and others oppose, most split first.

    The measure: ``split`` = min(supporters, opponents), then ``balance`` = min / max
    (an even split first), then the number of actors taking a side, then file order.
    Positions are the actors' own on each target (parts are ranked on their own).

    ``evidence=False`` gives the same targets, counts and order, but each target's
    ``positions`` hold only its supporters and opponents, without their statements: what
    a table shows (no evidence and no date). It reads the sides kept on the dataset
    (``latest_sides``) and the stance counts kept beside them, so it decides no position
    again.
    """
    when = as_of_date(as_of)
    ranked = contested_order(ds, when)
    shown = {target for target, _ in ranked}
    if evidence:
        found = positions_of(ds, when)
        rows = _contested_rows(ds, {k: p for k, p in found.items() if k[1] in shown})
    else:
        rows = _side_rows(ds, latest_sides(ds, when, shown))
    return ContestedAnswer(
        as_of=when,
        rows=tuple(
            _contested_target(ds, target, counts, rows.get(target, [])) for target, counts in ranked
        ),
        # ds.statements would build every statement: only an answer as of a date reads them
        undated_left_out=undated_left_out(ds, ds.statements.values(), when) if when else 0,
    )


def contested_order(ds: Dataset, as_of: DateLike = None) -> list[tuple[str, dict[Stance, int]]]:
    """``contested``'s targets in its order, each with how many actors hold each stance on
    it, without building an answer row (the stance counts are kept on the dataset)."""
    order = _target_order(ds)
    ranked: list[tuple[str, dict[Stance, int]]] = []
    for target, counts in _stance_counts(ds, as_of_date(as_of)).items():
        if min(counts[Stance.SUPPORT], counts[Stance.OPPOSE]) > 0:
            ranked.append((target, counts))
    ranked.sort(key=lambda item: _contested_rank(item[1], order.get(item[0], 0)))
    return ranked


def _contested_rank(counts: dict[Stance, int], file_order: int) -> tuple[int, float, int, int]:
    support, oppose = counts[Stance.SUPPORT], counts[Stance.OPPOSE]
    split = min(support, oppose)
    return (-split, -round(split / max(support, oppose), 3), -(support + oppose), file_order)


def _stance_counts(ds: Dataset, when: PartialDate | None) -> dict[str, dict[Stance, int]]:
    """How many actors hold each stance on each target (as ``positions_of`` decides), in
    the order targets first appear; today's counts are kept on the dataset."""

    def count() -> dict[str, dict[str, int]]:
        counted: dict[str, dict[str, int]] = {}
        for (_, target), found in positions_of(ds, when).items():
            per = counted.setdefault(target, {s.value: 0 for s in Stance})
            per[found.stance.value] += 1
        return counted

    plain = count() if when is not None else ds.derived("stance-counts", count)
    return {t: {Stance(k): n for k, n in per.items()} for t, per in plain.items()}


def _contested_target(
    ds: Dataset, target: str, counts: dict[Stance, int], rows: list[PositionRow]
) -> ContestedTarget:
    support, oppose = counts[Stance.SUPPORT], counts[Stance.OPPOSE]
    split = min(support, oppose)
    return ContestedTarget(
        target=target,
        target_name=ds.name_of(target),
        support=support,
        oppose=oppose,
        mixed=counts[Stance.MIXED],
        neutral=counts[Stance.NEUTRAL],
        split=split,
        balance=round(split / max(support, oppose), 3),
        positions=tuple(rows),
    )


def _position_sort(ds: Dataset) -> Callable[[PositionRow], tuple[int, int]]:
    stance_rank = {s.value: i for i, s in enumerate(Stance)}
    actor_rank = _actor_order(ds)
    return lambda row: (stance_rank[row.stance], actor_rank.get(row.actor, 0))


def _contested_rows(
    ds: Dataset, found: dict[tuple[str, str], Position]
) -> dict[str, list[PositionRow]]:
    """Every position on each target as an answer row with its evidence, supporters first."""
    rows: dict[str, list[PositionRow]] = {}
    for (_, target), held in found.items():
        rows.setdefault(target, []).append(position_row(ds, held, target))
    key = _position_sort(ds)
    for listed in rows.values():
        listed.sort(key=key)
    return rows


def _side_rows(ds: Dataset, sides: list[Side]) -> dict[str, list[PositionRow]]:
    """The supporters and opponents of each target as answer rows without their statements
    (no evidence, no date: reading them would decode every statement)."""
    names: dict[str, str] = {}
    rows: dict[str, list[PositionRow]] = {}
    collective: dict[str, bool] = {}
    target_names = {t: ds.name_of(t) for t in {side.target for side in sides}}
    for side in sides:
        name = names.get(side.actor)
        if name is None:
            name = names[side.actor] = ds.name_of(side.actor)
            collective[side.actor] = is_collective(ds, side.actor)
        rows.setdefault(side.target, []).append(
            PositionRow(
                actor=side.actor,
                actor_name=name,
                collective=collective[side.actor],
                target=side.target,
                target_name=target_names[side.target],
                via=None,
                via_name=None,
                stance=side.stance,
                date=None,
                evidence=(),
            )
        )
    key = _position_sort(ds)
    for listed in rows.values():
        listed.sort(key=key)
    return rows
