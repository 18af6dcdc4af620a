"""What the questions answer: typed results that carry the statements proving them.

Answers to the questions that return rows (``who``, ``position``, ``stances_of``,
``allies``, ``opponents``, ``contested``, ``coalitions``) are ``Answer`` objects: they
iterate, index and count like the list of rows they hold, compare equal to it, and carry
what the question resolved (the target or actor, by id and name) and the as-of date, so a
caller never resolves a name a second time to title an answer. ``positions.to_data`` gives
each answer as one JSON object: its question, what it resolved, ``as_of``,
``undated_left_out``, its headline ``counts`` and its ``rows`` (the CLI's ``--format json``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, ClassVar, Self, TypeVar, overload

from positions.model import PartialDate, Stance

Row = TypeVar("Row")


class NotebookDisplay:
    """Mixin: an answer shows itself as an HTML table in a notebook (Jupyter calls
    ``_repr_html_``); the table is the one the command line prints."""

    def _repr_html_(self) -> str:
        # rendering is the export layer's; only a notebook ever asks for it
        from positions.export.notebook import answer_html

        return answer_html(self)


@dataclass(frozen=True)
class Evidence:
    """One statement behind an answer: what was said, by whom, when, and where it is published.

    ``text`` is the verbatim quote, or the source's paraphrase when ``is_paraphrase``;
    ``date`` is the statement's date as written (``2024-07``): its own, or, when
    ``date_from_source``, its source's published date ("source published 2024-07");
    None when neither is known (undated).
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
    date_from_source: bool
    source: str
    source_title: str | None
    source_url: str | None


@dataclass(frozen=True)
class PositionRow(NotebookDisplay):
    """Where an actor stands on a target, and the statements of the deciding date.

    When the position is on a part of the target asked about (a paragraph of an article),
    ``via`` and ``via_name`` name that part: "via Article 35 paragraph 2". ``collective``
    marks an actor a source names only as a whole ("human rights groups").
    """

    actor: str
    actor_name: str
    collective: bool
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
    """An actor's statements on a target and its parts, oldest first, the undated ones
    after the dated ones (``undated``), beside the positions they add up to."""

    actor: str
    actor_name: str
    #: None for everything the actor said (``history`` without a target)
    target: str | None
    target_name: str | None
    positions: tuple[PositionRow, ...]
    entries: tuple[HistoryEntry, ...]
    as_of: PartialDate | None = None
    #: undated statements left out because of ``as_of``
    undated_left_out: int = 0
    #: the earliest statement date in the data, when ``as_of`` is before it (nothing counts)
    earliest: PartialDate | None = None
    question: ClassVar[str] = "history"

    @property
    def counts(self) -> dict[str, int]:
        """The headline counts of its JSON: dated and undated entries."""
        return {"dated": len(self.dated), "undated": len(self.undated)}

    @property
    def dated(self) -> tuple[HistoryEntry, ...]:
        """The entries with a date, oldest first."""
        return tuple(e for e in self.entries if e.date is not None)

    @property
    def undated(self) -> tuple[HistoryEntry, ...]:
        """The entries without a date (listed after the dated ones)."""
        return tuple(e for e in self.entries if e.date is None)


@dataclass(frozen=True)
class SaidRow:
    """One stance in a statement a person spoke: for whom (``actor``), on what, when."""

    actor: str
    actor_name: str
    target: str
    target_name: str
    stance: Stance
    date: str | None
    evidence: Evidence


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
    shared: int = 0  # targets both took a side on (agree + disagree)
    index: float = 0.0  # agreement index: (agree - disagree) / shared, in [-1, 1]


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
    as_of: PartialDate | None = None
    #: undated statements of either actor left out because of ``as_of``
    undated_left_out: int = 0
    #: the earliest statement date in the data, when ``as_of`` is before it (nothing counts)
    earliest: PartialDate | None = None
    question: ClassVar[str] = "compare"

    @property
    def rows(self) -> tuple[ComparedTarget, ...]:
        """Every compared target: agree, disagree, neither, only a, only b (each says which)."""
        return (*self.agree, *self.disagree, *self.neither, *self.only_a, *self.only_b)

    @property
    def counts(self) -> dict[str, int]:
        """How many targets fall in each relation."""
        return {r.value: sum(1 for t in self.rows if t.relation is r) for r in Relation}


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


# --- answers -----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Answer(NotebookDisplay, Sequence[Row]):
    """The rows of an answer and the date it is as of (None: everything in the data).

    Iterates, indexes and counts like ``rows``, and equals a list of the same rows.
    """

    as_of: PartialDate | None
    rows: tuple[Row, ...]
    #: statements on what was asked that have no date, left out because of ``as_of``
    undated_left_out: int = field(default=0, kw_only=True)
    #: the earliest statement date in the data, when ``as_of`` is before it (nothing counts)
    earliest: PartialDate | None = field(default=None, kw_only=True)
    #: rows left out by ``head`` (a ``--limit``)
    more: int = field(default=0, kw_only=True)
    #: the headline counts of the whole answer, kept by ``head`` (None: count the rows)
    totals: Mapping[str, int] | None = field(default=None, kw_only=True, repr=False)
    #: the question's name (the JSON's ``question``)
    question: ClassVar[str] = ""

    @property
    def counts(self) -> Mapping[str, int]:
        """The headline counts (of the whole answer, also after ``head``)."""
        return self.totals if self.totals is not None else self.count_rows()

    def count_rows(self) -> dict[str, int]:
        """The headline counts of these rows (each question says what it counts)."""
        return {"rows": len(self.rows)}

    def head(self, limit: int | None) -> Self:
        """This answer with only its first ``limit`` rows (all when None); ``more`` says how
        many were left out; ``counts`` still count the whole answer."""
        if limit is None or limit >= len(self.rows):
            return self
        return replace(
            self,
            rows=self.rows[:limit],
            more=self.more + len(self.rows) - limit,
            totals=self.counts,
        )

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Row, ...]: ...

    def __getitem__(self, index: int | slice) -> Row | tuple[Row, ...]:
        return self.rows[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list | tuple):
            return list(self.rows) == list(other)
        if isinstance(other, Answer):
            return type(self) is type(other) and vars(self) == vars(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True, eq=False)
class WhoAnswer(Answer[PositionRow]):
    """``who``: the actors whose position on ``target`` (or its parts) is ``stance``.

    The rows on the target itself come first (``via`` None), then those on its parts
    (``via`` names the part): a stance on an article is not a stance on the instrument.
    """

    target: str
    target_name: str
    stance: Stance
    include_parts: bool
    question: ClassVar[str] = "who"

    def count_rows(self) -> dict[str, int]:
        """Actors with the stance on the target itself, and on its parts only."""
        return {
            "actors": len(self.actors),
            "on_target": len(self.actors_on_target),
            "on_parts_only": len(self.actors_on_parts_only),
        }

    @property
    def actors(self) -> tuple[str, ...]:
        """The actors of the rows, each once, in the rows' order."""
        return tuple(dict.fromkeys(row.actor for row in self.rows))

    @property
    def on_target(self) -> tuple[PositionRow, ...]:
        """The rows on the target itself."""
        return tuple(row for row in self.rows if row.via is None)

    @property
    def on_parts(self) -> tuple[PositionRow, ...]:
        """The rows on its parts, each naming its part (``via``)."""
        return tuple(row for row in self.rows if row.via is not None)

    @property
    def actors_on_target(self) -> tuple[str, ...]:
        """The actors whose position on the target itself is ``stance``."""
        return tuple(dict.fromkeys(row.actor for row in self.on_target))

    @property
    def actors_on_parts_only(self) -> tuple[str, ...]:
        """The actors with ``stance`` on some part but not on the target itself."""
        itself = set(self.actors_on_target)
        return tuple(dict.fromkeys(r.actor for r in self.on_parts if r.actor not in itself))


@dataclass(frozen=True, eq=False)
class PositionAnswer(Answer[PositionRow]):
    """``position``: where ``actor`` stands on ``target`` itself (the row with ``via``
    None, when it has one), then on each of its parts it spoke to."""

    actor: str
    actor_name: str
    target: str
    target_name: str
    question: ClassVar[str] = "position"

    def count_rows(self) -> dict[str, int]:
        """Positions on the target itself (0 or 1) and on its parts."""
        return {"on_target": int(self.on_target is not None), "on_parts": len(self.on_parts)}

    @property
    def on_target(self) -> PositionRow | None:
        """The position on the target itself, if the actor has one."""
        return next((row for row in self.rows if row.via is None), None)

    @property
    def on_parts(self) -> tuple[PositionRow, ...]:
        """The positions on its parts, each naming its part (``via``)."""
        return tuple(row for row in self.rows if row.via is not None)


@dataclass(frozen=True, eq=False)
class StancesAnswer(Answer[PositionRow]):
    """``stances_of``: every position ``actor`` holds."""

    actor: str
    actor_name: str
    question: ClassVar[str] = "stances"

    def count_rows(self) -> dict[str, int]:
        """How many positions (one per target)."""
        return {"positions": len(self.rows)}


@dataclass(frozen=True, eq=False)
class SaidAnswer(Answer[SaidRow]):
    """``said``: every statement ``person`` spoke, oldest first (undated last)."""

    person: str
    person_name: str
    question: ClassVar[str] = "said"

    def count_rows(self) -> dict[str, int]:
        """How many stances the person's statements give."""
        return {"stances": len(self.rows)}


@dataclass(frozen=True, eq=False)
class TiesAnswer(Answer[Tie]):
    """``allies`` or ``opponents`` of ``actor`` (``relation`` says which)."""

    actor: str
    actor_name: str
    relation: str

    def count_rows(self) -> dict[str, int]:
        """How many ties."""
        return {"ties": len(self.rows)}


@dataclass(frozen=True, eq=False)
class ContestedAnswer(Answer[ContestedTarget]):
    """``contested``: the targets on which actors take both sides."""

    question: ClassVar[str] = "contested"

    def count_rows(self) -> dict[str, int]:
        """How many contested targets."""
        return {"targets": len(self.rows)}


def rows_of(value: Any) -> Any:
    """The rows of an ``Answer`` (its JSON's ``rows``); anything else as it is."""
    return list(value.rows) if isinstance(value, Answer) else value
