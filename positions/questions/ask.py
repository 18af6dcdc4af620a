"""The questions of DESIGN.md, answered with their evidence.

Every function takes a ``Dataset`` and names (id, name, label or alias: see
``positions.questions.resolve``) and returns typed results that carry the statements proving them;
the CLI only formats them (``positions.export.text``). Dates (``as_of``) are ``YYYY``,
``YYYY-MM`` or ``YYYY-MM-DD`` strings or ``PartialDate`` values.

>>> import positions
>>> ds = positions.load("data")                                     # doctest: +SKIP
>>> [row.actor_name for row in positions.who_opposes(ds, "art. 35")]  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from positions.data.dataset import Dataset
from positions.data.index import positions_by, positions_on, statements_by
from positions.data.names import fold_name
from positions.export.notebook import NotebookDisplay
from positions.model import PartialDate, Stance
from positions.questions.positions import Position, StanceRecord, decide, positions_of
from positions.questions.resolve import as_of_date, resolve_actor, resolve_target

if TYPE_CHECKING:
    import networkx as nx

#: Seed of the community detection, so the same data always gives the same coalitions.
COALITION_SEED = 7

DateLike = str | PartialDate | None


@dataclass(frozen=True)
class Evidence:
    """One statement behind an answer: what was said, by whom, when, and where it is published.

    ``text`` is the verbatim quote, or the source's paraphrase when ``is_paraphrase``;
    ``date`` is shown as written (``2024-07``), None when the source gives none.
    ``target`` is what the statement is about (a part, when the answer counts one).
    """

    statement: str
    target: str
    stance: Stance
    condition: str | None
    text: str
    is_paraphrase: bool
    speaker: str | None
    speaker_name: str | None
    date: str | None
    source: str
    source_title: str | None
    source_url: str | None


@dataclass(frozen=True)
class PositionRow(NotebookDisplay):
    """Where an actor stands on a target, and the statements of the deciding date.

    When the position is on a part of the target asked about (a paragraph of an article),
    ``via`` and ``via_name`` name that part: "via Article 35 paragraph 2".
    """

    actor: str
    actor_name: str
    target: str
    target_name: str
    via: str | None
    via_name: str | None
    stance: Stance
    date: str | None
    evidence: tuple[Evidence, ...]

    @property
    def conditions(self) -> list[str]:
        return [e.condition for e in self.evidence if e.condition]


@dataclass(frozen=True)
class HistoryEntry:
    """One statement of an actor on a target (or one of its parts), in date order.

    ``current`` is true for the statements that decide the position today (or as of).
    """

    via: str | None
    via_name: str | None
    stance: Stance
    date: str | None
    current: bool
    evidence: Evidence


@dataclass(frozen=True)
class History(NotebookDisplay):
    """An actor's statements on a target and its parts, oldest first (undated first),
    beside the positions they add up to."""

    actor: str
    actor_name: str
    target: str
    target_name: str
    positions: tuple[PositionRow, ...]
    entries: tuple[HistoryEntry, ...]


@dataclass(frozen=True)
class TieEvidence:
    """A target on which two actors agree (both support or both oppose) or disagree."""

    target: str
    target_name: str
    agree: bool
    stance: Stance
    other_stance: Stance
    evidence: tuple[Evidence, ...]
    other_evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Tie(NotebookDisplay):
    """How ``actor`` and ``other`` align: both counts, the signed weight, and the proof."""

    actor: str
    actor_name: str
    other: str
    other_name: str
    agree: int
    disagree: int
    weight: int
    evidence: tuple[TieEvidence, ...]


class Relation(StrEnum):
    """How two actors' positions on one target relate."""

    AGREE = "agree"
    DISAGREE = "disagree"
    NEITHER = "neither"  # both spoke, but one is mixed or neutral
    ONLY_A = "only_a"
    ONLY_B = "only_b"


@dataclass(frozen=True)
class ComparedTarget:
    """Both actors' positions on one target (None where one has not spoken)."""

    target: str
    target_name: str
    relation: Relation
    a_stance: Stance | None
    b_stance: Stance | None
    a_evidence: tuple[Evidence, ...]
    b_evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Comparison(NotebookDisplay):
    """Where ``a`` and ``b`` agree, disagree, both spoke without taking opposite sides
    (``neither``), and where only one of them has spoken."""

    a: str
    a_name: str
    b: str
    b_name: str
    agree: tuple[ComparedTarget, ...]
    disagree: tuple[ComparedTarget, ...]
    neither: tuple[ComparedTarget, ...]
    only_a: tuple[ComparedTarget, ...]
    only_b: tuple[ComparedTarget, ...]


@dataclass(frozen=True)
class ContestedTarget(NotebookDisplay):
    """A target on which actors take both sides, with the count of each stance.

    ``split`` = min(support, oppose): how many actors stand on the smaller side;
    ``balance`` = min / max of the two (1.0 is an even split). ``positions`` holds every
    actor's position on the target, supporters first.
    """

    target: str
    target_name: str
    support: int
    oppose: int
    mixed: int
    neutral: int
    split: int
    balance: float
    positions: tuple[PositionRow, ...]


@dataclass(frozen=True)
class Coalition(NotebookDisplay):
    """A community of the agreement network: actors who mostly agree with each other."""

    number: int
    members: tuple[str, ...]
    names: tuple[str, ...]
    agreements: int

    @property
    def label(self) -> str:
        return f"Camp {self.number}"


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
        date=str(statement.date) if statement.date else None,
        source=statement.source,
        source_title=source.title if source else None,
        source_url=source.url if source else None,
    )


def _row(ds: Dataset, position: Position, asked: str) -> PositionRow:
    via = position.target if position.target != asked else None
    return PositionRow(
        actor=position.actor,
        actor_name=ds.name_of(position.actor),
        target=asked,
        target_name=ds.name_of(asked),
        via=via,
        via_name=ds.name_of(via) if via else None,
        stance=position.stance,
        date=str(position.date) if position.date else None,
        evidence=tuple(evidence_of(ds, r) for r in position.evidence),
    )


def _scope(ds: Dataset, target: str, include_parts: bool) -> list[str]:
    """The target and (when asked) its parts, transitively, in file order."""
    return [target, *ds.parts_of(target)] if include_parts else [target]


def _actor_order(ds: Dataset) -> dict[str, int]:
    return {actor: index for index, actor in enumerate(ds.stakeholders)}


def _target_order(ds: Dataset) -> dict[str, int]:
    order = {target: index for index, target in enumerate(ds.targets)}
    for index, actor in enumerate(ds.stakeholders, start=len(order)):
        order.setdefault(actor, index)
    return order


# --- the questions ---------------------------------------------------------------------


def position(
    ds: Dataset,
    actor: str,
    target: str,
    as_of: DateLike = None,
    include_parts: bool = True,
) -> list[PositionRow]:
    """Where ``actor`` stands on ``target`` as of a date: its position on the target
    itself first (if it has one), then on each part it spoke to (``via`` says which).

    An empty list means the actor has not spoken to the target (up to ``as_of``).
    """
    actor_id = resolve_actor(ds, actor)
    target_id = resolve_target(ds, target)
    when = as_of_date(as_of)
    scope = _scope(ds, target_id, include_parts)
    found = positions_by(ds, actor_id, when)
    return [
        _row(ds, found[(actor_id, part)], target_id) for part in scope if (actor_id, part) in found
    ]


def who(
    ds: Dataset,
    stance: Stance | str,
    target: str,
    as_of: DateLike = None,
    include_parts: bool = True,
) -> list[PositionRow]:
    """Every actor whose position on ``target`` (or, with ``include_parts``, on one of its
    parts) is ``stance``, as of a date; one row per actor and target or part, by actor name,
    the target itself before its parts.

    >>> positions.who(ds, "oppose", "Article 35")                     # doctest: +SKIP
    """
    wanted = Stance(stance)
    target_id = resolve_target(ds, target)
    when = as_of_date(as_of)
    scope = _scope(ds, target_id, include_parts)
    rank = {part: index for index, part in enumerate(scope)}
    rows = [
        _row(ds, found, target_id)
        for (_, part), found in positions_on(ds, scope, when).items()
        if found.stance is wanted
    ]
    return sorted(rows, key=lambda r: (fold_name(r.actor_name), r.actor, rank[r.via or target_id]))


def who_opposes(
    ds: Dataset, target: str, as_of: DateLike = None, include_parts: bool = True
) -> list[PositionRow]:
    """Who opposes ``target`` (or one of its parts): ``who(ds, "oppose", target, ...)``."""
    return who(ds, Stance.OPPOSE, target, as_of, include_parts)


def who_supports(
    ds: Dataset, target: str, as_of: DateLike = None, include_parts: bool = True
) -> list[PositionRow]:
    """Who supports ``target`` (or one of its parts): ``who(ds, "support", target, ...)``."""
    return who(ds, Stance.SUPPORT, target, as_of, include_parts)


def stances_of(ds: Dataset, actor: str, as_of: DateLike = None) -> list[PositionRow]:
    """Every position ``actor`` holds, one per target it spoke to, in the targets' file order
    (targets first, then stakeholders it took a stance on)."""
    actor_id = resolve_actor(ds, actor)
    when = as_of_date(as_of)
    order = _target_order(ds)
    rows = [
        _row(ds, found, target) for (_, target), found in positions_by(ds, actor_id, when).items()
    ]
    return sorted(rows, key=lambda r: (order.get(r.target, len(order)), r.target))


def history(ds: Dataset, actor: str, target: str, as_of: DateLike = None) -> History:
    """Every statement of ``actor`` on ``target`` and its parts up to ``as_of``, oldest first
    (undated statements first), each marked ``current`` when it decides the position."""
    actor_id = resolve_actor(ds, actor)
    target_id = resolve_target(ds, target)
    when = as_of_date(as_of)
    scope = _scope(ds, target_id, include_parts=True)
    rank = {part: index for index, part in enumerate(scope)}
    records = [
        StanceRecord(statement, entry.target, entry.stance, entry.condition)
        for statement in statements_by(ds, actor_id)
        for entry in statement.stances
        if entry.target in rank
    ]
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
        target_name=ds.name_of(target_id),
        positions=tuple(_row(ds, p, target_id) for p in positions),
        entries=entries,
    )


def _ties(ds: Dataset, actor_id: str, when: PartialDate | None) -> list[Tie]:
    # only the targets the actor took a side on can tie it to anyone: read just those
    mine = {t: p for (_, t), p in positions_by(ds, actor_id, when).items() if p.stance in _SIDES}
    shared: dict[str, list[tuple[Position, Position]]] = {}
    for (other, target), theirs in positions_on(ds, mine, when).items():
        if other != actor_id and theirs.stance in _SIDES:
            shared.setdefault(other, []).append((mine[target], theirs))
    ties = []
    for other, pairs in shared.items():
        evidence = []
        for own, theirs in pairs:
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
        agree = sum(1 for e in evidence if e.agree)
        disagree = len(evidence) - agree
        order = _target_order(ds)
        evidence.sort(key=lambda e: (not e.agree, order.get(e.target, len(order))))
        ties.append(
            Tie(
                actor=actor_id,
                actor_name=ds.name_of(actor_id),
                other=other,
                other_name=ds.name_of(other),
                agree=agree,
                disagree=disagree,
                weight=agree - disagree,
                evidence=tuple(evidence),
            )
        )
    return ties


def allies(ds: Dataset, actor: str, as_of: DateLike = None) -> list[Tie]:
    """Actors whose alignment with ``actor`` is positive (more agreements than
    disagreements), strongest first; each tie has both counts and the shared targets."""
    actor_id = resolve_actor(ds, actor)
    ties = [t for t in _ties(ds, actor_id, as_of_date(as_of)) if t.weight > 0]
    return sorted(ties, key=lambda t: (-t.weight, -t.agree, fold_name(t.other_name), t.other))


def opponents(ds: Dataset, actor: str, as_of: DateLike = None) -> list[Tie]:
    """Actors whose alignment with ``actor`` is negative, strongest (most negative) first."""
    actor_id = resolve_actor(ds, actor)
    ties = [t for t in _ties(ds, actor_id, as_of_date(as_of)) if t.weight < 0]
    return sorted(ties, key=lambda t: (t.weight, -t.disagree, fold_name(t.other_name), t.other))


_SIDES = (Stance.SUPPORT, Stance.OPPOSE)


def _relation(a: Position | None, b: Position | None) -> Relation:
    if a is None:
        return Relation.ONLY_B
    if b is None:
        return Relation.ONLY_A
    if a.stance in _SIDES and b.stance in _SIDES:
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
    )


def contested(ds: Dataset, as_of: DateLike = None) -> list[ContestedTarget]:
    """Targets on which some actors support and others oppose, most split first.

    The measure: ``split`` = min(supporters, opponents), then ``balance`` = min / max
    (an even split first), then the number of actors taking a side, then file order.
    Positions are the actors' own on each target (parts are ranked on their own).
    """
    order = _target_order(ds)
    by_target: dict[str, list[Position]] = {}
    for (_, target), found in positions_of(ds, as_of_date(as_of)).items():
        by_target.setdefault(target, []).append(found)
    ranked = []
    stance_rank = {s: i for i, s in enumerate(Stance)}
    actor_rank = _actor_order(ds)
    for target, held in by_target.items():
        counts = {s: sum(1 for p in held if p.stance is s) for s in Stance}
        support, oppose = counts[Stance.SUPPORT], counts[Stance.OPPOSE]
        split = min(support, oppose)
        if split == 0:
            continue
        held.sort(key=lambda p: (stance_rank[p.stance], actor_rank.get(p.actor, 0)))
        ranked.append(
            ContestedTarget(
                target=target,
                target_name=ds.name_of(target),
                support=support,
                oppose=oppose,
                mixed=counts[Stance.MIXED],
                neutral=counts[Stance.NEUTRAL],
                split=split,
                balance=round(split / max(support, oppose), 3),
                positions=tuple(_row(ds, p, target) for p in held),
            )
        )
    return sorted(
        ranked,
        key=lambda c: (-c.split, -c.balance, -(c.support + c.oppose), order.get(c.target, 0)),
    )


def coalitions(
    ds: Dataset,
    as_of: DateLike = None,
    targets: Iterable[str] | None = None,
    *,
    alignment: nx.Graph | None = None,
) -> list[Coalition]:
    """Communities of the agreement network (Louvain, seeded: reproducible), largest first.

    Only actors with at least one agreement tie belong to a coalition. ``targets`` (names
    or ids) limits the targets that count. A caller that already built the alignment graph
    for the same ``as_of`` and ``targets`` passes it as ``alignment`` so it is not rebuilt.
    """
    import networkx as nx  # only the questions on the whole network pay for its import

    from positions.questions.graphs import alignment_graph

    if alignment is None:
        wanted = [resolve_target(ds, t) for t in targets] if targets is not None else None
        alignment = alignment_graph(ds, as_of_date(as_of), wanted, evidence=False)
    agreement = nx.Graph()
    agreement.add_weighted_edges_from(
        (a, b, data["weight"]) for a, b, data in alignment.edges(data=True) if data["weight"] > 0
    )
    if agreement.number_of_edges() == 0:
        return []
    communities = nx.community.louvain_communities(agreement, weight="weight", seed=COALITION_SEED)
    ranked = sorted(
        (sorted(c, key=lambda n: (-agreement.degree(n, weight="weight"), n)) for c in communities),
        key=lambda members: (-len(members), members[0]),
    )
    found = []
    for number, members in enumerate(ranked, start=1):
        inside = agreement.subgraph(members)
        found.append(
            Coalition(
                number=number,
                members=tuple(members),
                names=tuple(ds.name_of(m) for m in members),
                agreements=int(inside.size(weight="weight")),
            )
        )
    return found
