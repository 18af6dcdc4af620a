"""Time, written once: the negotiation as it moved (DESIGN.md v2, Time windows; docs/time.md).

``timeline`` cuts the dated statements into windows (years, quarters or months, from the
window of the first dated statement to that of the last) and gives, for each window, every
actor's position as of its end, the camps of that moment with numbers that persist, and the
polarization figure with the ties it came from. ``flips`` lists every change of an actor's
position on a target from one dated statement to its next, with both statements.

Nothing here decides a position anew: a statement counts in a window when
``counts_until`` says it counts as of the window's end, the latest statements are
``Latest``'s and a same-day conflict is ``settle``'s (``positions.questions.positions``);
the camps and the polarization are ``coalitions``' (``positions.questions.camps``).

Camp numbers persist by majority: a camp of one window passes its number on to the camp of
the next window that holds more than half of its members (when two old camps pass theirs
to one new camp, the one with the larger overlap wins, then the lower number); every other
camp gets a number never used before.

>>> found = timeline(ds, by="year")                        # doctest: +SKIP
>>> [(w.label, len(w.camps)) for w in found]               # doctest: +SKIP
[('2019', 2), ('2020', 2), ...]
>>> flips(ds, actor="United States")[0].to_stance          # doctest: +SKIP
<Stance.SUPPORT: 'support'>
"""

from __future__ import annotations

import bisect
import datetime
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from positions.data.dataset import Dataset
from positions.data.gcpause import paused
from positions.data.names import fold_name
from positions.model import PartialDate, Stance, Statement
from positions.questions.alignment import RunningCounts, cell_pair_counts, is_collective
from positions.questions.answers import Answer, Evidence, NotebookDisplay
from positions.questions.camps import (
    CampsAnswer,
    Polarization,
    SideCells,
    SignedNetwork,
    camps_from_sides,
    forked_pool,
    submit_forked,
)
from positions.questions.positions import (
    SIDES,
    Position,
    Side,
    StanceRecord,
    counts_until,
)
from positions.questions.resolve import (
    DateLike,
    QueryError,
    as_of_date,
    resolve_actor,
    resolve_target,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "Flip",
    "FlipsAnswer",
    "StanceSteps",
    "TimelineAnswer",
    "TimelineRun",
    "TimelineWindow",
    "WindowBy",
    "WindowCamp",
    "WindowPosition",
    "flips",
    "tie_network",
    "timeline",
    "windows",
]


class WindowBy(StrEnum):
    """How long a timeline's windows are."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


class BadWindow(QueryError):
    """A window length that is not year, quarter or month."""


@dataclass(frozen=True)
class WindowPosition:
    """An actor's position on a target as of the end of a window, with the statements of
    its deciding date (``evidence``); ``previous`` is its stance at the end of the window
    before (None when it had none), so ``changed`` says whether it moved in this window."""

    actor: str
    actor_name: str
    collective: bool
    target: str
    target_name: str
    stance: Stance
    date: str | None
    previous: Stance | None = None
    #: the deciding stance records, as their places in ``told`` (the dataset's stance
    #: records as columns), which tells their statements (``statements``, ``evidence``)
    deciding: tuple[int, ...] = field(default=(), repr=False, compare=False)
    told: _StanceColumns | None = field(default=None, repr=False, compare=False)

    @cached_property
    def evidence(self) -> tuple[Evidence, ...]:
        """The statements of the deciding date, as evidence: made when first asked for (a
        timeline holds one position per actor, target and window; a table shows none), from
        those statements alone."""
        return self.told.evidence(self.deciding) if self.told is not None else ()

    @property
    def statements(self) -> tuple[str, ...]:
        """The ids of the deciding statements (``evidence``'s, without making it)."""
        return self.told.statement_ids(self.deciding) if self.told is not None else ()

    @property
    def changed(self) -> bool:
        """Whether the position is new or different at the end of this window."""
        return self.previous is not self.stance

    @property
    def side(self) -> Side | None:
        """The side this position takes (as ``latest_sides`` gives it), None when it takes
        none (mixed, neutral): what the window's alignment and camps count."""
        if self.stance not in SIDES:
            return None
        return Side(self.actor, self.target, self.stance, self.statements)


@dataclass(frozen=True)
class WindowCamp:
    """A camp of one window: ``number`` persists across windows (module docstring);
    ``new`` is true when no camp of the window before passed its number on; ``name`` is
    what defines it (``coalitions``' name), empty when nothing does."""

    number: int
    members: tuple[str, ...]
    names: tuple[str, ...]
    name: str
    new: bool

    @property
    def label(self) -> str:
        """The camp's name with its number: 'Camp 2: opposes ...', or 'Camp 2'."""
        return f"Camp {self.number}: {self.name}" if self.name else f"Camp {self.number}"


@dataclass(frozen=True)
class TimelineWindow(NotebookDisplay):
    """One window of a timeline: ``label`` ('2022', '2022-Q3', '2022-07'), its first and
    last day, ``as_of`` (its end, for every other question), how many dated statements fall
    in it (``statements``; ``empty`` when none: the positions then stand as before), every
    position as of its end, its camps (persistent numbers), the actors in the network but in
    no camp (``unaligned``) and the polarization (``Polarization.ties()`` gives its ties)."""

    label: str
    start: datetime.date
    end: datetime.date
    as_of: PartialDate
    statements: int
    positions: tuple[WindowPosition, ...]
    camps: tuple[WindowCamp, ...]
    unaligned: tuple[str, ...]
    polarization: Polarization | None = field(default=None, compare=False)
    #: the positions new or different at its end, when the maker already knows them (the
    #: timeline's sweep does); None: ``changed`` finds them among ``positions``
    moved: tuple[WindowPosition, ...] | None = field(default=None, repr=False, compare=False)

    @property
    def empty(self) -> bool:
        """Whether no dated statement falls in this window."""
        return self.statements == 0

    @property
    def changed(self) -> tuple[WindowPosition, ...]:
        """The positions that are new or different at the end of this window."""
        if self.moved is not None:
            return self.moved
        return tuple(p for p in self.positions if p.changed)

    def camp_of(self, actor: str) -> int | None:
        """The number of the camp ``actor`` is in at the end of this window (None: none)."""
        for camp in self.camps:
            if actor in camp.members:
                return camp.number
        return None


@dataclass(frozen=True, eq=False)
class StanceSteps:
    """A timeline's positions as numbers: ``about`` is each (actor, target) key in the
    answer's order (actor id, name, collectiveness, target id, name); ``stances[w, k]`` is
    key ``k``'s stance at the end of window ``w`` as its place in ``Stance`` (-1: none
    yet). What a caller stepping through the windows counts without a ``WindowPosition``
    each (``TimelineRun(..., positions=False)``)."""

    about: list[tuple[str, str, bool, str, str]]
    stances: npt.NDArray[np.int8]
    #: each window's last day
    ends: list[datetime.date]


@dataclass(frozen=True, eq=False)
class TimelineAnswer(Answer[TimelineWindow]):
    """``timeline``: the windows, oldest first, every one from the first dated statement's
    to the last's (empty ones too). ``target`` is None for the whole dataset;
    ``undated_left_out`` counts the statements that never count in a window."""

    by: WindowBy
    target: str | None
    target_name: str | None
    include_collective: bool


@dataclass(frozen=True)
class Flip:
    """A change of ``actor``'s position on ``target`` from one dated statement to its next:
    ``from_stance`` as of ``from_date`` (the statements of that date in ``from_evidence``),
    ``to_stance`` as of ``to_date`` (``to_evidence``). Statements of one date that conflict
    make a ``mixed`` position, as everywhere."""

    actor: str
    actor_name: str
    collective: bool
    target: str
    target_name: str
    from_stance: Stance
    to_stance: Stance
    from_date: str
    to_date: str
    from_evidence: tuple[Evidence, ...]
    to_evidence: tuple[Evidence, ...]


@dataclass(frozen=True, eq=False)
class FlipsAnswer(Answer[Flip]):
    """``flips``: every change of position, newest first; what was asked (``target``,
    ``actor``, ``since``: None when not) and the undated statements, which never flip."""

    target: str | None
    target_name: str | None
    actor: str | None
    actor_name: str | None
    since: PartialDate | None
    include_collective: bool


# --- windows -----------------------------------------------------------------------------


def _window_of(day: datetime.date, by: WindowBy) -> tuple[datetime.date, datetime.date, str]:
    """The first and last day and the label of the window holding ``day``."""
    if by is WindowBy.YEAR:
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31), str(day.year)
    if by is WindowBy.QUARTER:
        quarter = (day.month - 1) // 3
        first = datetime.date(day.year, quarter * 3 + 1, 1)
        return first, _month_end(day.year, quarter * 3 + 3), f"{day.year}-Q{quarter + 1}"
    first = datetime.date(day.year, day.month, 1)
    return first, _month_end(day.year, day.month), f"{day.year}-{day.month:02d}"


def _month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def _as_of(start: datetime.date, end: datetime.date, by: WindowBy) -> PartialDate:
    """The window's end as an as-of date: the year or month itself, a quarter's last day."""
    if by is WindowBy.YEAR:
        return PartialDate(f"{start.year:04d}")
    if by is WindowBy.MONTH:
        return PartialDate(f"{start.year:04d}-{start.month:02d}")
    return PartialDate(end.isoformat())


def windows(
    first: datetime.date, last: datetime.date, by: WindowBy | str
) -> list[tuple[str, datetime.date, datetime.date, PartialDate]]:
    """Every window (label, first day, last day, as-of date) from the one holding ``first``
    to the one holding ``last``, in order.

    >>> [w[0] for w in windows(datetime.date(2024, 2, 1), datetime.date(2024, 7, 1), "quarter")]
    ['2024-Q1', '2024-Q2', '2024-Q3']
    """
    length = _window_by(by)
    found = []
    day = first
    while True:
        start, end, label = _window_of(day, length)
        found.append((label, start, end, _as_of(start, end, length)))
        if end >= last:
            return found
        day = end + datetime.timedelta(days=1)


def _window_by(by: WindowBy | str) -> WindowBy:
    try:
        return WindowBy(by)
    except ValueError:
        raise BadWindow(f"{by!r} is not a window length: give year, quarter or month") from None


# --- the questions -----------------------------------------------------------------------


def _scope(ds: Dataset, target: str | None) -> tuple[str | None, list[str] | None]:
    if target is None:
        return None, None
    target_id = resolve_target(ds, target)
    return target_id, ds.scope(target_id)


def _evidence(ds: Dataset, records: Iterable[StanceRecord]) -> tuple[Evidence, ...]:
    from positions.questions.ask import evidence_of  # ask imports the rules this one uses

    return tuple(evidence_of(ds, r) for r in records)


class _Names:
    """Names and collectiveness of ids, each looked up once per question: a timeline asks
    for them once per position and window (``Dataset.name_of`` costs a lookup each time)."""

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self.names: dict[str, str] = {}
        self.collectives: dict[str, bool] = {}

    def name(self, record_id: str) -> str:
        found = self.names.get(record_id)
        if found is None:
            found = self.names[record_id] = self.ds.name_of(record_id)
        return found

    def collective(self, actor: str) -> bool:
        found = self.collectives.get(actor)
        if found is None:
            found = self.collectives[actor] = is_collective(self.ds, actor)
        return found


def timeline(
    ds: Dataset,
    by: WindowBy | str = WindowBy.YEAR,
    target: str | None = None,
    include_collective: bool = False,
    *,
    workers: int | None = None,
) -> TimelineAnswer:
    """The negotiation window by window: for each year, quarter or month (``by``) from the
    first dated statement's to the last's, every actor's position on every target (on
    ``target`` and its parts, when given) as of the window's end, the camps of that moment
    with persistent numbers, and the polarization. Undated statements never count in a
    window (``undated_left_out``); collective actors are left out unless
    ``include_collective``. A position's ``evidence`` is made when first read. The
    windows' camps are found in ``workers`` processes (None: up to ``TIMELINE_WORKERS``
    when the network is large, else one); the answer is the same whatever it is.
    ``TimelineRun`` gives the same answer while the caller does other work.

    >>> found = positions.timeline(ds, by="quarter", target="uncc")  # doctest: +SKIP
    >>> found[-1].label, found[-1].camps[0].label                    # doctest: +SKIP
    """
    with TimelineRun(ds, by, target, include_collective, workers=workers) as run:
        return run.answer()


class TimelineRun:
    """``timeline(ds, ...)`` under way: made, it has swept the windows and handed their
    camps to the worker processes (when there are several, ``_WindowCamps``), which find
    them while the caller goes on with other work; ``answer()`` waits for them and gives
    the answer. Use it in a ``with`` block (the workers end with it, or at ``answer()``).
    ``positions=False`` makes no ``WindowPosition``: the windows' positions and changes
    are empty, and ``steps`` gives them as numbers.

    >>> with TimelineRun(ds, by="year") as run:   # doctest: +SKIP
    ...     board = stance_board(ds, "uncc")      # while the windows' camps are found
    ...     found = run.answer()
    """

    def __init__(
        self,
        ds: Dataset,
        by: WindowBy | str = WindowBy.YEAR,
        target: str | None = None,
        include_collective: bool = False,
        *,
        workers: int | None = None,
        positions: bool = True,
    ) -> None:
        self.ds = ds
        self.by = _window_by(by)
        self.target, wanted = _scope(ds, target)
        self.include_collective = include_collective
        self.positions = positions
        self.swept: list[_Swept] = []
        self.keys: _KeyNumbers | None = None
        self.camps: _WindowCamps | None = None
        with paused():  # a window makes many small objects: not rescanned with the dataset
            self.undated = self._start(wanted, workers)

    def __enter__(self) -> TimelineRun:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End the worker processes (a window's camps not found yet are dropped)."""
        if self.camps is not None:
            self.camps.close()

    def _start(self, wanted: list[str] | None, workers: int | None) -> int:
        """Sweep the windows of the stance records as columns (``_StanceColumns``: no
        statement is built) and start their camps; how many statements it left out
        undated."""
        import numpy as np

        ds = self.ds
        told = _StanceColumns.of(ds)
        picked = told.on(wanted)  # the records on ``wanted``, in file order
        names = _Names(ds)
        keep = told.date[picked] >= 0
        if not self.include_collective:  # the collective actors, each looked up once
            present = np.unique(told.actor[picked])
            left_out = np.zeros(len(told.actors), dtype=bool)
            left_out[present] = [names.collective(told.actors[a]) for a in present.tolist()]
            keep &= ~left_out[told.actor[picked]]
        # the dated records (their places among ``picked``) as statements are listed, then
        # by target
        dated_at = np.flatnonzero(keep)
        dated_at = dated_at[
            np.lexsort(
                (told.target_rank[told.target[picked[dated_at]]], *told.listed(picked[dated_at]))
            )
        ]
        if len(dated_at):
            keys = self.keys = _KeyNumbers(ds, names, told, picked, dated_at)
            self.camps, self.swept = _swept(
                ds, told, picked[dated_at], self.by, keys, workers, self.positions
            )
        return told.undated(ds, wanted, None)

    @property
    def steps(self) -> StanceSteps:
        """Every position of the windows as numbers (no ``WindowPosition`` made)."""
        import numpy as np

        about = self.keys.about if self.keys is not None else []
        stances = [window[-1] for window in self.swept]
        return StanceSteps(
            about=about,
            stances=np.stack(stances) if stances else np.full((0, 0), -1, dtype=np.int8),
            ends=[window[2] for window in self.swept],
        )

    def answer(self) -> TimelineAnswer:
        """The timeline, once every window's camps are found (the workers then end)."""
        found: list[TimelineWindow] = []
        if self.camps is not None:
            with paused():
                found = _numbered(self.swept, self.camps.results())
            self.close()
        return TimelineAnswer(
            as_of=None,
            rows=tuple(found),
            undated_left_out=self.undated,
            by=self.by,
            target=self.target,
            target_name=self.ds.name_of(self.target) if self.target is not None else None,
            include_collective=self.include_collective,
        )


def _swept(
    ds: Dataset,
    told: _StanceColumns,
    dated: npt.NDArray[np.intp],
    by: WindowBy,
    keys: _KeyNumbers,
    workers: int | None,
    with_positions: bool,
) -> tuple[_WindowCamps, list[_Swept]]:
    """The windows of the ``dated`` records (their places in ``told``, in date order): one
    sweep for the positions and the sides of each; the camps of each window whose positions
    changed start as soon as its sides are known (in ``workers`` processes,
    ``_WindowCamps``) while the sweep goes on, and go on after it."""
    swept: list[_Swept] = []
    first, last = told.dates[told.date[dated[0]]], told.dates[told.date[dated[-1]]]
    count = _workers(first, last, len(keys.about), by, workers)
    found_camps = _WindowCamps(ds, count, keys)
    try:
        for window in _sweep(told, dated, by, keys, with_positions):
            swept.append(window)
            sides = window[7]
            if sides is not None:
                found_camps.submit(*sides)
    except BaseException:
        found_camps.close()
        raise
    return found_camps, swept


def _numbered(swept: list[_Swept], answers: list[CampsAnswer]) -> list[TimelineWindow]:
    """The windows of ``swept`` with the camps found for those whose positions changed
    (``answers``, in order), numbered window by window."""
    numbering = _CampNumbers()
    found_answers = iter(answers)
    camps_answer: CampsAnswer | None = None
    found: list[TimelineWindow] = []
    for label, start, end, as_of, statements, positions, changed, sides, _ in swept:
        if sides is not None:
            camps_answer = next(found_answers)
            camps = numbering.number(camps_answer)
        else:  # the same positions give the same camps
            camps = numbering.carry()
        assert camps_answer is not None  # the first window always has its camps
        found.append(
            TimelineWindow(
                label=label,
                start=start,
                end=end,
                as_of=as_of,
                statements=statements,
                positions=positions,
                camps=camps,
                unaligned=camps_answer.unaligned,
                polarization=camps_answer.polarization,
                moved=changed,
            )
        )
    return found


#: the sides taken as of a window's end: their places in the (actor, target) keys in
#: ``latest_sides``' order (``_KeyNumbers.side_keys``) and their stances (as places in ``SIDES``),
#: two numpy arrays, and the window's as-of date
_Sides = tuple[Any, Any, PartialDate]

#: label, first and last day, as-of date, statements, positions, those of them new or moved
#: in it, the sides taken as of its end when its positions changed (None: they stand,
#: and so do the camps), and each slot's stance code at its end (``StanceSteps``)
_Swept = tuple[
    str,
    datetime.date,
    datetime.date,
    PartialDate,
    int,
    tuple[WindowPosition, ...],
    tuple[WindowPosition, ...],
    _Sides | None,
    Any,
]

#: each stance that takes a side (``SIDES``) by its place there; -1: it takes none
_SIDE_PLACE = {stance: SIDES.index(stance) if stance in SIDES else -1 for stance in Stance}


def _sweep(
    told: _StanceColumns,
    dated: npt.NDArray[np.intp],
    by: WindowBy,
    keys: _KeyNumbers,
    with_positions: bool = True,
) -> Iterator[_Swept]:
    """One sweep over the dated records (their places in ``told``) in date order, a window
    at a time: each window reads only its own records (those that count by its end,
    ``counts_until``: a run of the records in date order) and rebuilds only the positions
    they touch, from their latest records there (``_latest_in_window``); the sides of a
    window are kept as one number per key (``_Sides``), not as ``Side`` objects, and so
    are its stances (each slot's code); ``with_positions`` False: no ``WindowPosition`` is
    made (the window's positions and changes are left empty)."""
    import numpy as np

    dates, date = told.dates, told.date[dated]
    shown = [str(d) for d in dates]
    first, last = dates[date[0]], dates[date[-1]]
    # every position so far, in the answer's order (``_KeyNumbers``' slots): one slot per
    # key, with the names and collectiveness its positions share, looked up once
    slot_of, about = np.asarray(keys.slot_of, dtype=np.int64), keys.about
    current: list[WindowPosition | None] = [None] * len(about)
    moved_before: set[int] = set()  # the slots new or moved in the window before

    # the side taken by each key as of each window's end (its place in SIDES, -1: none),
    # kept up to date from the records read so far, by the key's place in latest_sides'
    # order (``rank``): what coalitions would rescan every statement for
    rank = np.asarray(keys.rank, dtype=np.int64)
    sides_now = np.full(len(keys.side_keys), -1, dtype=np.int8)
    stance_now = np.full(len(about), -1, dtype=np.int8)  # each slot's stance code, -1: none
    side_place = np.array([_SIDE_PLACE[stance] for stance in _STANCES], dtype=np.int8)
    day = told.day[dated]
    # a statement's records are next to each other (``dated``'s order): count its first
    said = told.number[dated]
    opens = np.ones(len(dated), dtype=bool)
    opens[1:] = said[1:] != said[:-1]
    codes = date.tolist()
    next_record = 0
    for number, (label, start, end, as_of) in enumerate(windows(first.start, last.start, by)):
        last_day = as_of.end
        # the first record that does not count by then: the records are in date order
        stop = bisect.bisect_left(
            codes, True, next_record, key=lambda c: not counts_until(dates[c], last_day)
        )
        statements = int(np.count_nonzero(opens[next_record:stop]))
        touched, deciding, bounds = _latest_in_window(
            slot_of[next_record:stop], day[next_record:stop]
        )
        chosen = dated[next_record + deciding]
        next_record = stop
        settled = _settled(told.stance[chosen], bounds[:-1])
        moved = touched[settled != stance_now[touched]]  # new or different: ``changed``
        stance_now[touched] = settled
        sides_now[rank[touched]] = side_place[settled]
        positions: tuple[WindowPosition, ...] = ()
        changed: tuple[WindowPosition, ...] = ()
        if with_positions:
            places, when = chosen.tolist(), told.date[chosen].tolist()
            for k, low, high, code in zip(
                touched.tolist(), bounds[:-1], bounds[1:], settled.tolist(), strict=True
            ):
                current[k] = _position(
                    about[k], places[low:high], code, shown[when[high - 1]], current[k], told
                )
            moved_now = moved.tolist()
            for k in moved_before.difference(touched.tolist()):  # moved then, standing now
                held = current[k]
                assert held is not None
                current[k] = _standing(held)
            moved_before = set(moved_now)
            positions = tuple(filter(None, current))
            changed = tuple(p for k in moved_now if (p := current[k]) is not None)
        sides = None
        if number == 0 or len(touched):
            places = np.flatnonzero(sides_now >= 0)
            sides = (places, sides_now[places], as_of)
        yield label, start, end, as_of, statements, positions, changed, sides, stance_now.copy()


def _latest_in_window(slot: Any, day: Any) -> tuple[Any, Any, list[int]]:
    """``Latest``'s statements of each slot among records (``slot`` and first ``day`` of
    each, each slot's in date order: one window's, every one later than any earlier
    window's, so they alone decide; or every record of a key, ``positions_on_columns``):
    the records of the slot's latest first day there, in their order.
    Gives the slots touched (ascending) and the places of their deciding records (numpy
    arrays), and where each slot's start among those (and the end)."""
    import numpy as np

    order = np.argsort(slot, kind="stable")  # by slot, then in date order
    by_slot, by_day = slot[order], day[order]
    last = np.ones(len(order), dtype=bool)  # the last record of its slot
    last[:-1] = by_slot[1:] != by_slot[:-1]
    ends = np.flatnonzero(last)
    run = np.repeat(np.arange(len(ends)), np.diff(ends, prepend=-1))
    latest = by_day == by_day[ends][run]  # a run's latest records are its last ones
    kept = by_slot[latest]
    opening = np.ones(len(kept), dtype=bool)
    opening[1:] = kept[1:] != kept[:-1]
    bounds = np.append(np.flatnonzero(opening), len(kept))
    return by_slot[ends], order[latest], bounds.tolist()


def _settled(stances: Any, starts: Any) -> Any:
    """The stance code each run of records settles on (``settle``: theirs when they agree,
    else mixed); ``starts``: where each run starts among ``stances`` (ascending)."""
    import numpy as np

    if len(starts) == 0:
        return stances[:0]
    low, high = np.minimum.reduceat(stances, starts), np.maximum.reduceat(stances, starts)
    return np.where(low == high, low, _STANCE_CODE[Stance.MIXED])


#: Above this many positions over the windows (actor-target pairs times windows: at most
#: that many sides for the windows' camps), the windows' camps are found in
#: ``TIMELINE_WORKERS`` forked processes (one per CPU at most); below it a process costs
#: more than it saves.
PARALLEL_ABOVE = 200_000
TIMELINE_WORKERS = 2


def _workers(
    first: PartialDate, last: PartialDate, pairs: int, by: WindowBy, workers: int | None
) -> int:
    """How many processes find the windows' camps: ``workers``, or (None) up to
    ``TIMELINE_WORKERS`` when the sides may be many (``pairs``: the actor-target keys, over
    the windows from the ``first`` date's to the ``last``'s)."""
    if workers is not None:
        return max(1, workers)
    many = pairs * len(windows(first.start, last.start, by)) > PARALLEL_ABOVE
    return min(TIMELINE_WORKERS, os.cpu_count() or 1) if many else 1


class _WindowCamps:
    """The camps of each window (its sides, as of its end), in the order submitted. With
    one worker they are found in this process when asked for (``results``); with more,
    each window's start at once, while the caller goes on sweeping, in a pool of that many
    processes forked at the first window (``forked_pool``). A window's sides are their
    places in ``keys`` (the (actor, target) keys, in ``latest_sides``' order, which a
    worker finds in its copy of this process) and their stances (``_Sides``). A window's
    camps are the same in any process, and only the answer comes back: its polarization
    without the network (``_WindowPolarization`` rebuilds it when its ties are asked for)."""

    def __init__(self, ds: Dataset, workers: int, keys: _KeyNumbers) -> None:
        self.ds = ds
        self.workers = workers
        self.index = _KeyIndex(keys)
        self.jobs: list[_Sides] = []
        self.pool: Any = None
        self.pending: list[Future[CampsAnswer]] = []

    def close(self) -> None:
        """End the pool, if any (what it has not done yet is dropped)."""
        _WINDOW_KEYS.clear()
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None

    def submit(self, places: Any, stances: Any, as_of: PartialDate) -> None:
        """Find the camps of one more window (``_Sides``: its sides' places and stances)."""
        self.jobs.append((places, stances, as_of))
        if self.workers == 1:
            return
        if self.pool is None:
            _WINDOW_KEYS[:] = [(self.ds, self.index)]  # what a forked worker finds
            self.pool = forked_pool(self.workers)
        self.pending += submit_forked(self.pool, _camps_of_job, [(places, stances, as_of)])

    def results(self) -> list[CampsAnswer]:
        """Every window's camps, in the order submitted."""
        if self.workers == 1:
            found = [_camps_of_window(self.ds, self.index, job) for job in self.jobs]
        else:
            found = [done.result() for done in self.pending]
        return [_lazy_ties(a, self.index, job) for a, job in zip(found, self.jobs, strict=True)]


_WINDOW_KEYS: list[tuple[Dataset, _KeyIndex]] = []


class _KeyIndex:
    """The (actor, target) keys in ``latest_sides``' order, and for each its actor's place
    among every actor (id order) and its target's (first appearance): what turns a
    window's sides (``_Sides``) into its network with numpy, one Python step per window
    rather than per side."""

    def __init__(self, keys: _KeyNumbers) -> None:
        import numpy as np

        self.size = len(keys.side_keys)
        self.actors = sorted(keys.actors)
        place = {actor: i for i, actor in enumerate(self.actors)}
        actor_place = np.array([place[actor] for actor in keys.actors], dtype=np.int64)
        self.actor_of = actor_place[keys.side_keys // len(keys.targets)]
        # a target's first key in latest_sides' order is its first record's: its number
        self.target_of = keys.side_keys % len(keys.targets)
        self.targets = tuple(keys.targets)
        # the counts of the last window this process counted, updated by the next one's
        # changes (``RunningCounts``), when every actor and target fit the dense counts
        shape = (len(self.actors), len(self.targets))
        self.running = RunningCounts(shape) if RunningCounts.fits(shape) else None
        self.counted = np.full(self.size, -1, dtype=np.int8)  # each key's side there

    def cells(self, sides: _Sides) -> SideCells:
        """A window's sides as numbers over its network's actors (``network``'s, the
        actors taking a side, in id order), in ``latest_sides``' order."""
        import numpy as np

        places, stances, _ = sides
        _, rows_of = np.unique(self.actor_of[places], return_inverse=True)
        return SideCells(rows_of.ravel(), self.target_of[places], stances, self.targets)

    def network(self, sides: _Sides) -> SignedNetwork:
        """``signed_network`` of the window's sides (``include_collective=True``), from
        numbers: the same actors (id order) and ties (the cells are the alignment rule's
        to count; ``RunningCounts`` updates the last window's counts by the changed ones)."""
        import numpy as np

        places, stances, _ = sides
        present, rows_of = np.unique(self.actor_of[places], return_inverse=True)
        actors = tuple(self.actors[i] for i in present.tolist())
        if self.running is not None:
            now = np.full(self.size, -1, dtype=np.int8)
            now[places] = stances
            changed = np.flatnonzero(now != self.counted)
            self.running.set(self.actor_of[changed], self.target_of[changed], now[changed])
            self.counted = now
            return SignedNetwork(actors, *self.running.pairs(present))
        used, cols_of = np.unique(self.target_of[places], return_inverse=True)
        rows = {stance: rows_of[stances == k] for k, stance in enumerate(SIDES)}
        cols = {stance: cols_of[stances == k] for k, stance in enumerate(SIDES)}
        found, arrays = cell_pair_counts(actors, (len(actors), len(used)), rows, cols)
        return SignedNetwork(found, *arrays)


def _camps_of_job(job: _Sides) -> CampsAnswer:
    """A window's camps in a worker, from its sides' places and stances."""
    ds, index = _WINDOW_KEYS[0]
    return _camps_of_window(ds, index, job)


def _camps_of_window(ds: Dataset, index: _KeyIndex, job: _Sides) -> CampsAnswer:
    """``coalitions(ds, as_of, runs=0)``'s camps from the window's sides: the records hold
    no collective actor unless asked for (no need to look again), and the timeline shows
    the camps' names, not the statements behind their defining targets. The polarization
    comes without its network (2x10^6 ties in a dense window; ``_lazy_ties``)."""
    network = index.network(job)
    found = camps_from_sides(
        ds,
        [],  # no evidence is read: the sides come as numbers (``cells``)
        job[2],
        runs=0,
        include_collective=True,
        evidence=False,
        network=network,
        cells=index.cells(job),
    )
    if found.polarization is None:
        return found
    return replace(found, polarization=replace(found.polarization, network=None))


@dataclass(frozen=True, eq=False)
class _WindowPolarization(Polarization):
    """A window's polarization: its network is rebuilt from the window's sides when its
    ties are asked for (JSON shows them; a table shows the figure only). It equals any
    ``Polarization`` of the same figures, as ``coalitions``' own do."""

    index: _KeyIndex | None = field(default=None, repr=False, compare=False)
    sides: _Sides | None = field(default=None, repr=False, compare=False)

    def ties(self) -> Iterator[tuple[str, str, int, int, bool]]:
        """(a, b, agree, disagree, across) of every tie behind the figure."""
        yield from Polarization(**_figures(self), network=tie_network(self)).ties()

    def rebuilt(self) -> SignedNetwork:
        """The network behind the figure, rebuilt from the window's sides."""
        assert self.index is not None and self.sides is not None  # made by _lazy_ties
        return self.index.network(self.sides)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Polarization):
            return NotImplemented
        return _compared(self) == _compared(other)

    def __hash__(self) -> int:
        return hash(_compared(self))


def tie_network(polar: Polarization) -> SignedNetwork | None:
    """The network whose ties are behind ``polar`` (its ``ties()``, as arrays: what writes
    a window's 10^6 ties without a tuple each): a window's is rebuilt from its sides."""
    return polar.rebuilt() if isinstance(polar, _WindowPolarization) else polar.network


def _compared(polar: Polarization) -> tuple[Any, ...]:
    """What ``Polarization``'s equality compares: its figures."""
    return tuple(getattr(polar, f.name) for f in fields(Polarization) if f.compare)


def _figures(polar: Polarization) -> dict[str, Any]:
    """A polarization's figures and membership: every field of ``Polarization`` but its
    network."""
    return {f.name: getattr(polar, f.name) for f in fields(Polarization) if f.name != "network"}


def _lazy_ties(found: CampsAnswer, index: _KeyIndex, sides: _Sides) -> CampsAnswer:
    """``found`` with a polarization that rebuilds its ties from ``sides`` when asked."""
    polar = found.polarization
    if polar is None:
        return found
    lazy = _WindowPolarization(**_figures(polar), index=index, sides=sides)
    return replace(found, polarization=lazy)


class _KeyNumbers:
    """The (actor, target) keys of a timeline's records as numbers: actors and targets are
    numbered as they first come in the ``picked`` records (their places in ``told``, in
    the data files' order), a key is ``actor * len(targets) + target``. ``side_keys`` are
    every key in ``latest_sides``' order (its first statement's); the slots are the keys
    of the dated records (``dated_at``: their places among ``picked``, in date order) in
    the answer's order (actor name, then target file order), with each dated record's slot
    (``slot_of``), each slot's actor id, name and collectiveness and target id and name
    (``about``) and its place in ``side_keys`` (``rank``)."""

    def __init__(
        self,
        ds: Dataset,
        names: _Names,
        told: _StanceColumns,
        picked: npt.NDArray[np.intp],
        dated_at: npt.NDArray[np.intp],
    ) -> None:
        import numpy as np

        actor, self.actors = _first_come(told.actor[picked], told.actors)
        target, self.targets = _first_come(told.target[picked], told.targets)
        width = len(self.targets)
        every, first = np.unique(actor * width + target, return_index=True)
        self.side_keys = every[np.argsort(first, kind="stable")]
        # the answer's order: actors by name (then id), each one's targets by file order
        target_file = {t: i for i, t in enumerate(ds.targets)}
        unknown = len(target_file)
        actor_rank = _ranks(self.actors, lambda a: (fold_name(names.name(a)), a))
        target_rank = _ranks(self.targets, lambda t: (target_file.get(t, unknown), t))
        ordered = actor_rank[actor[dated_at]] * width + target_rank[target[dated_at]]
        slots, slot_of = np.unique(ordered, return_inverse=True)
        self.slot_of = slot_of.ravel()
        actor_of = np.argsort(actor_rank)[slots // width].tolist()
        target_of = np.argsort(target_rank)[slots % width].tolist()
        actor_about = [(a, names.name(a), names.collective(a)) for a in self.actors]
        target_about = [(t, names.name(t)) for t in self.targets]
        self.about: list[tuple[str, str, bool, str, str]] = [
            (*actor_about[a], *target_about[t]) for a, t in zip(actor_of, target_of, strict=True)
        ]
        side_slot = (
            actor_rank[self.side_keys // width] * width + target_rank[self.side_keys % width]
        )
        found = np.minimum(np.searchsorted(slots, side_slot), len(slots) - 1)
        held = np.flatnonzero(slots[found] == side_slot)
        rank = np.zeros(len(slots), dtype=np.int64)
        rank[found[held]] = held
        self.rank: list[int] = rank.tolist()


def _first_come(
    codes: npt.NDArray[Any], names: Sequence[str] = ()
) -> tuple[npt.NDArray[np.int64], list[Any]]:
    """``codes`` numbered anew in the order each first comes, and what the new numbers
    stand for: the ``names`` of their codes (the codes themselves, without ``names``)."""
    import numpy as np

    seen, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    number = np.empty(len(seen), dtype=np.int64)
    number[order] = np.arange(len(seen))
    came = seen[order].tolist()
    return number[inverse.ravel()], [names[c] for c in came] if names else came


def _ranks(items: list[str], key: Callable[[str], Any]) -> npt.NDArray[np.int64]:
    """Each of ``items``' place when they are sorted by ``key``."""
    import numpy as np

    ranks = np.empty(len(items), dtype=np.int64)
    ranks[sorted(range(len(items)), key=lambda i: key(items[i]))] = np.arange(len(items))
    return ranks


def _position(
    about: tuple[str, str, bool, str, str],
    deciding: list[int],
    stance: int,
    date: str,
    held: WindowPosition | None,
    told: _StanceColumns,
) -> WindowPosition:
    """The position the ``deciding`` records make (their places in ``told``, the latest of
    one key, in statement order: the sweep offers them so; ``stance``: the code they settle
    on, ``_settled``; ``date``: the last one's, as written: one first day, the latest in
    statement order is the most precise), after ``held`` (the window before's); ``about``
    is the key's actor id, name and collectiveness and target id and name."""
    return _made(
        {},
        actor=about[0],
        actor_name=about[1],
        collective=about[2],
        target=about[3],
        target_name=about[4],
        stance=_STANCES[stance],
        date=date,
        previous=held.stance if held is not None else None,
        deciding=tuple(deciding),
        told=told,
    )


def _standing(held: WindowPosition) -> WindowPosition:
    """``held`` in the window after the one it moved in: the same position, standing (its
    previous stance is its own); ``dataclasses.replace`` costs five times as much. Its
    evidence, when already made, comes with it (the same deciding statements)."""
    return _made(held.__dict__, previous=held.stance)


def _made(base: dict[str, Any], **values: Any) -> WindowPosition:
    """A ``WindowPosition`` of the fields in ``base`` and ``values`` (every field), without
    the frozen dataclass's ``__init__`` (one ``object.__setattr__`` per field: 2.1 us
    against 0.4 us; a timeline of 10^5 statements makes 200,000 of them). Equal to one made
    by ``__init__``."""
    made = object.__new__(WindowPosition)
    made.__dict__.update(base, **values)
    return made


class _CampNumbers:
    """Gives each window's camps their persistent numbers (the module docstring's rule)."""

    def __init__(self) -> None:
        self.previous: tuple[WindowCamp, ...] = ()
        self.used = 0

    def carry(self) -> tuple[WindowCamp, ...]:
        """The window before's camps, unchanged (its positions stand)."""
        self.previous = tuple(replace(c, new=False) for c in self.previous)
        return self.previous

    def number(self, found: CampsAnswer) -> tuple[WindowCamp, ...]:
        """The camps of ``found`` numbered against the window before's."""
        heirs: dict[int, tuple[int, int]] = {}  # camp index -> (overlap, old number)
        for old in self.previous:
            members = set(old.members)
            for index, camp in enumerate(found.rows):
                overlap = len(members.intersection(camp.members))
                if overlap * 2 > len(members):
                    best = heirs.get(index)
                    if best is None or (overlap, -old.number) > (best[0], -best[1]):
                        heirs[index] = (overlap, old.number)
                    break  # camps are disjoint: only one can hold most of the old one
        numbered = []
        for index, camp in enumerate(found.rows):
            heir = heirs.get(index)
            if heir is None:
                self.used += 1
                number, new = self.used, True
            else:
                number, new = heir[1], False
            numbered.append(
                WindowCamp(
                    number=number,
                    members=camp.members,
                    names=camp.names,
                    name=camp.name if camp.defining else "",
                    new=new,
                )
            )
        self.previous = tuple(numbered)
        return self.previous


def flips(
    ds: Dataset,
    target: str | None = None,
    actor: str | None = None,
    since: DateLike = None,
    include_collective: bool = False,
) -> FlipsAnswer:
    """Every change of an actor's position on a target from one dated statement to its
    next (support to oppose, or to or from mixed or neutral), newest first, each with the
    statements on both sides (quote, date, source).

    ``target`` limits them to a target and its parts, ``actor`` to one actor, ``since`` to
    flips whose later statement's date starts on or after the first day of ``since``
    (``since=window.start`` gives a window's flips... and later ones). Undated statements
    never make a flip. Collective actors are left out unless ``include_collective`` or
    named as ``actor``.

    >>> positions.flips(ds, actor="Russia", since="2024")           # doctest: +SKIP
    """
    target_id, wanted = _scope(ds, target)
    actor_id = resolve_actor(ds, actor) if actor is not None else None
    when = as_of_date(since)
    with paused():  # a record, and an evidence item per flip: not rescanned with the dataset
        found, undated = _flips(ds, wanted, actor_id, when, include_collective)
    return FlipsAnswer(
        as_of=None,
        rows=tuple(f for _, f in found),
        undated_left_out=undated,
        target=target_id,
        target_name=ds.name_of(target_id) if target_id is not None else None,
        actor=actor_id,
        actor_name=ds.name_of(actor_id) if actor_id is not None else None,
        since=when,
        include_collective=include_collective,
    )


def _flips(
    ds: Dataset,
    wanted: list[str] | None,
    actor_id: str | None,
    when: PartialDate | None,
    include_collective: bool,
) -> tuple[list[tuple[tuple[datetime.date, int], Flip]], int]:
    import numpy as np

    columns = _FlipColumns.of(ds)
    keep_actor = np.ones(len(columns.actors), dtype=bool)
    if actor_id is not None:
        keep_actor[:] = False
        if actor_id in columns.actor_number:
            keep_actor[columns.actor_number[actor_id]] = True
    elif not include_collective:
        keep_actor = np.fromiter(
            (not is_collective(ds, a) for a in columns.actors), bool, len(columns.actors)
        )
    keep = keep_actor[columns.key_actor]
    if wanted is not None:
        chosen = set(wanted)
        keep &= np.fromiter((t in chosen for t in columns.targets), bool, len(columns.targets))[
            columns.key_target
        ]
    picked = np.flatnonzero(keep[columns.key])
    found = _flip_groups(ds, columns, picked, when)
    return found, _StanceColumns.of(ds).undated(ds, wanted, actor_id)


def _flip_groups(
    ds: Dataset, columns: _FlipColumns, picked: npt.NDArray[np.intp], when: PartialDate | None
) -> list[tuple[tuple[datetime.date, int], Flip]]:
    """The flips among the ``picked`` records (in the columns' order), newest first."""
    import numpy as np

    if len(picked) == 0:
        return []
    key, day = columns.key[picked], columns.day[picked]
    stance, precision = columns.stance[picked], columns.precision[picked]
    # a group: one actor's statements on one target that start on one day
    first = np.ones(len(picked), dtype=bool)
    first[1:] = (key[1:] != key[:-1]) | (day[1:] != day[:-1])
    starts = np.flatnonzero(first)
    ends = np.append(starts[1:], len(picked))
    group_key, group_day = key[starts], day[starts]
    settled = _settled(stance, starts)
    latest_precision = np.maximum.reduceat(precision, starts)
    moved = np.flatnonzero((group_key[1:] == group_key[:-1]) & (settled[1:] != settled[:-1])) + 1
    if when is not None:
        moved = moved[group_day[moved] >= when.start.toordinal()]
    # newest first; then by actor name, target (file order), first statement in the files
    folded = [fold_name(ds.name_of(a)) for a in columns.actors]
    name_rank = {name: i for i, name in enumerate(sorted(set(folded)))}
    actor_rank = np.array([name_rank[name] for name in folded], dtype=np.int64)
    target_order = {t: i for i, t in enumerate(ds.targets)}
    target_rank = np.array([target_order.get(t, 0) for t in columns.targets], dtype=np.int64)
    flip_key = group_key[moved]
    order = np.lexsort(
        (
            flip_key,
            target_rank[columns.key_target[flip_key]],
            actor_rank[columns.key_actor[flip_key]],
            -latest_precision[moved].astype(np.int64),
            -group_day[moved].astype(np.int64),
        )
    )
    moved = moved[order]
    number, entry = columns.number[picked], columns.entry[picked]
    chosen = np.zeros(len(starts), dtype=bool)
    chosen[moved], chosen[moved - 1] = True, True  # the groups on both sides of a flip
    present = np.zeros(len(columns.dated), dtype=bool)
    present[number[np.repeat(chosen, ends - starts)]] = True
    sides = _FlipSides(ds, np.flatnonzero(present).tolist(), number, entry, starts, ends)
    names = _Names(ds)
    found = []
    for g, pair in zip(moved.tolist(), group_key[moved].tolist(), strict=True):
        actor = columns.actors[columns.key_actor[pair]]
        target = columns.targets[columns.key_target[pair]]
        (before, old_date), (after, new_date) = sides.of(g - 1), sides.of(g)
        flip = Flip(
            actor=actor,
            actor_name=names.name(actor),
            collective=names.collective(actor),
            target=target,
            target_name=names.name(target),
            from_stance=_STANCES[settled[g - 1]],
            to_stance=_STANCES[settled[g]],
            from_date=old_date,
            to_date=new_date,
            from_evidence=before,
            to_evidence=after,
        )
        latest = (datetime.date.fromordinal(int(group_day[g])), int(latest_precision[g]))
        found.append((latest, flip))
    return found


class _FlipSides:
    """The evidence and the latest date (as written) of each group of records, made once
    (a group is the later side of one flip and the earlier side of the next), from the
    statements of the flips, built in one fetch."""

    def __init__(
        self,
        ds: Dataset,
        wanted: list[int],
        number: npt.NDArray[np.int32],
        entry: npt.NDArray[np.int16],
        starts: npt.NDArray[np.intp],
        ends: npt.NDArray[np.intp],
    ) -> None:
        self.ds = ds
        built = ds.statement_index().fetch(wanted)
        self.statements = {n: (s, *ds.date_of(s)) for n, s in zip(wanted, built, strict=True)}
        self.number, self.entry, self.starts, self.ends = number, entry, starts, ends
        self.made: dict[int, tuple[tuple[Evidence, ...], str]] = {}

    def of(self, group: int) -> tuple[tuple[Evidence, ...], str]:
        found = self.made.get(group)
        if found is None:
            part = slice(self.starts[group], self.ends[group])
            records = []
            for n, slot in zip(self.number[part].tolist(), self.entry[part].tolist(), strict=True):
                records.append(_stance_record(slot, *self.statements[n]))
            found = self.made[group] = (_evidence(self.ds, records), _date_text(records))
        return found


def _stance_record(
    slot: int, statement: Statement, date: PartialDate | None, from_source: bool
) -> StanceRecord:
    """The record ``stance_records_of`` makes of ``statement``'s stance at ``slot``, the
    statement's date (``Dataset.date_of``) given."""
    stance = statement.stances[slot]
    return StanceRecord(
        statement, stance.target, stance.stance, stance.condition, date, from_source
    )


_STANCES = list(Stance)
_STANCE_CODE = {stance: code for code, stance in enumerate(_STANCES)}


class _FlipColumns:
    """Every dated stance record as columns, sorted by (actor, target), then as statements
    are listed (``statement_order``), then by its place in its statement: what ``flips``
    reads instead of building every statement. Kept on the dataset (``Dataset.derived``:
    beside its cache entry) as plain bytes and names.

    ``key`` numbers (actor, target) pairs in the order their first dated statement comes in
    the files; ``number`` is a record's statement number (file order), ``entry`` its place
    in the statement's stances, ``day`` its date's
    first day (an ordinal), ``precision`` that date's (1 year, 2 month, 3 day), ``stance``
    its code in ``Stance``; ``dated`` holds, per statement number, whether it has a date.
    """

    def __init__(self, stored: tuple[Any, ...]) -> None:
        import numpy as np

        self.actors: list[str] = list(stored[0])
        self.targets: list[str] = list(stored[1])
        self.actor_number = {a: i for i, a in enumerate(self.actors)}
        kinds = (np.int32, np.int32, np.int32, np.int32, np.int8, np.int8, np.int32, np.int16, bool)
        (
            self.key_actor,
            self.key_target,
            self.key,
            self.day,
            self.precision,
            self.stance,
            self.number,
            self.entry,
            self.dated,
        ) = _arrays(stored[2:11], kinds)

    @classmethod
    def of(cls, ds: Dataset) -> _FlipColumns:
        return cls(ds.derived("flip-columns", lambda: _flip_columns(ds)))


def _flip_columns(ds: Dataset) -> tuple[Any, ...]:
    """``_FlipColumns``' stored form, from the dated stance records as columns
    (``_StanceColumns``): actors, targets and keys numbered as they first come."""
    import numpy as np

    told = _StanceColumns.of(ds)
    dated = np.flatnonzero(told.date >= 0)  # undated statements never make a flip
    actor, actors = _first_come(told.actor[dated], told.actors)
    target, targets = _first_come(told.target[dated], told.targets)
    key, pairs = _first_come(actor * len(targets) + target)
    pair = np.array(pairs, dtype=np.int64)
    order = np.lexsort((told.entry[dated], *told.listed(dated), key))
    picked = dated[order]
    return (
        actors,
        targets,
        (pair // max(len(targets), 1)).astype(np.int32).tobytes(),
        (pair % max(len(targets), 1)).astype(np.int32).tobytes(),
        key[order].astype(np.int32).tobytes(),
        told.day[picked].astype(np.int32).tobytes(),
        told.precision[picked].astype(np.int8).tobytes(),
        told.stance[picked].astype(np.int8).tobytes(),
        told.number[picked].astype(np.int32).tobytes(),
        told.entry[picked].astype(np.int16).tobytes(),
        (told.said >= 0).tobytes(),
    )


class _StanceColumns:
    """Every stance record of the dataset (``stance_records_of``'s, dated or not) as
    columns, in file order (statement number, then place in the statement's stances): what
    ``timeline`` and ``flips`` read instead of building every statement; the evidence of a
    record builds its own statement only. Kept on the dataset (``Dataset.derived``: beside
    its cache entry) as plain bytes and names.

    A record's ``actor`` and ``target`` are codes in ``actors`` and ``targets``, ``stance``
    its code in ``Stance``, ``number`` its statement's (file order), ``entry`` its place in
    the statement's stances, ``date`` its statement's date (DESIGN.md's, ``Dataset.date_of``)
    as a place in ``dates`` (-1: undated), ``day`` and ``precision`` that date's first day
    (an ordinal) and precision (0 when undated). A statement's ``ids``, ``id_rank`` (its
    place in id order) and ``said`` (its date's place in ``dates``) are by number.
    """

    def __init__(self, ds: Dataset, stored: tuple[Any, ...]) -> None:
        import numpy as np

        self.ds = ds
        self.actors: list[str] = list(stored[0])
        self.targets: list[str] = list(stored[1])
        self.dates = [PartialDate(text) for text in stored[2]]
        self.ids: Sequence[str] = stored[3]
        kinds = (np.int32, np.int32, np.int32, np.int32, np.int8, np.int32, np.int16)
        (
            self.id_rank,
            self.said,
            self.actor,
            self.target,
            self.stance,
            self.number,
            self.entry,
        ) = _arrays(stored[4:11], kinds)
        self.date = self.said[self.number]
        # each date's first day and precision, and the undated's (0) last, for place -1
        day_of = [d.start.toordinal() for d in self.dates] + [0]
        self.day = np.array(day_of, dtype=np.int64)[self.date]
        self.precision = np.array([d.precision for d in self.dates] + [0], dtype=np.int8)[self.date]
        self.target_rank = _ranks(self.targets, lambda t: t)  # each target's in id order
        self.made: dict[int, Evidence] = {}  # each record's evidence, once made

    @classmethod
    def of(cls, ds: Dataset) -> _StanceColumns:
        """The columns of ``ds`` (made once per dataset and kept as plain data: the object,
        which holds the dataset, is not kept on it, so no cycle keeps a dropped dataset)."""
        return cls(ds, ds.derived("stance-columns", lambda: _stance_columns(ds)))

    def listed(self, places: npt.NDArray[Any]) -> tuple[npt.NDArray[Any], ...]:
        """The keys that put the records at ``places`` in the order statements are listed
        (``statement_order``: by first day, the less precise first, then by id), for
        ``numpy.lexsort`` (the least significant first)."""
        return self.id_rank[self.number[places]], self.precision[places], self.day[places]

    def on(self, wanted: list[str] | None) -> npt.NDArray[np.intp]:
        """The places of the records on ``wanted`` targets (every record when None)."""
        import numpy as np

        if wanted is None:
            return np.arange(len(self.actor))
        code = {t: i for i, t in enumerate(self.targets)}
        chosen = np.zeros(len(self.targets), dtype=bool)
        chosen[[code[t] for t in wanted if t in code]] = True
        return np.flatnonzero(chosen[self.target])

    def undated(self, ds: Dataset, wanted: list[str] | None, actor_id: str | None) -> int:
        """How many statements in scope (on ``wanted`` targets, by ``actor_id``: every one
        when None) have no date."""
        import numpy as np

        dated = self.said >= 0
        if wanted is None and actor_id is None:
            return int(len(dated) - np.count_nonzero(dated))
        index = ds.statement_index()
        numbers: npt.NDArray[Any] | None = None
        if wanted is not None:
            on = [np.asarray(index.by_target.get(t, ()), dtype=np.int64) for t in wanted]
            numbers = np.unique(np.concatenate(on)) if on else np.zeros(0, dtype=np.int64)
        if actor_id is not None:
            by = np.asarray(index.by_actor.get(actor_id, ()), dtype=np.int64)
            numbers = by if numbers is None else np.intersect1d(by, numbers)
        assert numbers is not None
        return int(len(numbers) - np.count_nonzero(dated[numbers]))

    def records(self, places: Sequence[int]) -> list[StanceRecord]:
        """The stance records at ``places``, made from their statements (only they are
        built)."""
        ds = self.ds
        built = ds.statement_index().fetch(self.number[places].tolist())
        records = []
        for statement, slot in zip(built, self.entry[places].tolist(), strict=True):
            records.append(_stance_record(slot, statement, *ds.date_of(statement)))
        return records

    def evidence(self, places: Sequence[int]) -> tuple[Evidence, ...]:
        """The evidence of the records at ``places``, each made once (windows share them)."""
        made = self.made
        missing = [p for p in dict.fromkeys(places) if p not in made]
        if missing:
            made.update(zip(missing, _evidence(self.ds, self.records(missing)), strict=True))
        return tuple(made[p] for p in places)

    def statement_ids(self, places: Sequence[int]) -> tuple[str, ...]:
        """The ids of the statements of the records at ``places``."""
        ids = self.record_ids
        return tuple(ids[p] for p in places)

    @cached_property
    def record_ids(self) -> list[str]:
        """Each record's statement id (what a timeline's CSV reads for every position)."""
        ids = self.ids
        return [ids[n] for n in self.number.tolist()]


def positions_on_columns(
    ds: Dataset, targets: list[str], as_of: PartialDate | None, stances: Iterable[Stance]
) -> list[Position]:
    """``positions_on(ds, targets, as_of)``'s positions whose stance is one of ``stances``,
    decided from the stance columns (``_StanceColumns``): only their deciding statements
    are built, and their history is left empty.

    The rule is ``decide``'s: the statements of each (actor, target)'s latest first day
    decide (undated ones only when none is dated, and never as of a date), settled as
    ``settle`` does; the position's date is the most precise of theirs, its evidence theirs
    in ``statement_order``."""
    import numpy as np

    told = _StanceColumns.of(ds)
    places = told.on(targets)
    if as_of is not None:
        places = places[(told.date[places] >= 0) & (told.day[places] <= as_of.end.toordinal())]
    # each key's records in statement_order, its latest first day last: undated ones count
    # as day -1, so they decide only when none is dated
    day = np.where(told.date[places] < 0, -1, told.day[places])
    key = told.actor[places].astype(np.int64) * len(told.targets) + told.target[places]
    id_rank, precision, _ = told.listed(places)
    order = np.lexsort((told.entry[places], id_rank, precision, day, key))
    if not len(order):
        return []
    _, deciding, runs = _latest_in_window(key[order], day[order])
    places = places[order[deciding]]
    settled = _settled(told.stance[places], runs[:-1])
    codes = [_STANCE_CODE[stance] for stance in stances]
    chosen = np.flatnonzero(np.isin(settled, codes))
    picked = [(runs[g], runs[g + 1]) for g in chosen.tolist()]
    records = told.records([p for start, end in picked for p in places[start:end].tolist()])
    found = []
    at = 0
    for (start, end), code in zip(picked, settled[chosen].tolist(), strict=True):
        evidence = tuple(records[at : at + end - start])
        at += end - start
        last = evidence[-1]  # the most precise of the deciding dates sorts last
        found.append(Position(last.actor, last.target, _STANCES[code], last.date, evidence))
    return found


def undated_on(ds: Dataset, targets: list[str]) -> int:
    """How many statements on ``targets`` have no date (``undated_left_out``'s count as of
    a date), from the stance columns."""
    return _StanceColumns.of(ds).undated(ds, targets, None)


def _arrays(stored: Sequence[bytes], kinds: Sequence[Any]) -> list[npt.NDArray[Any]]:
    """Columns kept as bytes (``Dataset.derived``) read back as arrays of ``kinds``."""
    import numpy as np

    return [np.frombuffer(column, dtype=kind) for column, kind in zip(stored, kinds, strict=True)]


def _stance_columns(ds: Dataset) -> tuple[Any, ...]:
    """``_StanceColumns``' stored form, coded from the statements' columns that the graph
    exports keep too (``questions.graphs.statement_rows``: one stance record a stance, in
    file order), so that the one pass over every statement serves both."""
    import numpy as np

    from positions.questions.graphs import statement_rows  # graphs imports networkx

    rows = statement_rows(ds)
    actors: dict[str, int] = {}
    targets: dict[str, int] = {}
    dates: dict[str, int] = {}
    ids = list(rows.ids)
    said = [-1 if when is None else dates.setdefault(when, len(dates)) for when in rows.dates]
    actor = [actors.setdefault(a, len(actors)) for a in rows.stance_actors]
    target = [targets.setdefault(t, len(targets)) for t in rows.stance_targets]
    code = {stance.value: _STANCE_CODE[stance] for stance in Stance}
    stance = [code[value] for value in rows.stances]
    number = list(rows.of)
    entry = [0] * len(number)  # each stance's place among its statement's
    for at in range(1, len(number)):
        if number[at] == number[at - 1]:
            entry[at] = entry[at - 1] + 1
    id_rank = np.empty(len(ids), dtype=np.int32)
    id_rank[np.argsort(np.array(ids, dtype=object), kind="stable")] = np.arange(len(ids))
    return (
        list(actors),
        list(targets),
        list(dates),
        ids,
        id_rank.tobytes(),
        np.array(said, dtype=np.int32).tobytes(),
        np.array(actor, dtype=np.int32).tobytes(),
        np.array(target, dtype=np.int32).tobytes(),
        np.array(stance, dtype=np.int8).tobytes(),
        np.array(number, dtype=np.int32).tobytes(),
        np.array(entry, dtype=np.int16).tobytes(),
    )


def _date_text(records: list[StanceRecord]) -> str:
    return str(max((r.date for r in records if r.date is not None), key=PartialDate.sort_key))
