"""The stance board: where each actor stands on one target, in columns by stance.

The board is the ``who`` answer (``positions.questions.ask.who_each``: every stance at
once) laid out: one column per stance with the actors whose position on the target itself
is that stance, and a column "on parts of it" with the positions on its provisions and
issues, apart (DESIGN.md v2, Parts). Each chip carries the statements that decide it. The
map opens on it; any page
(a static site, a brief) can call :func:`stance_board` and :func:`board_payload`.

>>> import positions
>>> board = stance_board(positions.load("data"), "uncc")                  # doctest: +SKIP
>>> [(column.stance, column.count) for column in board.columns]           # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from positions.data.dataset import Dataset
from positions.export.web import safe_url
from positions.model import PartialDate, Stance
from positions.questions.answers import Evidence, PositionRow
from positions.questions.ask import position_row, who_each
from positions.questions.positions import (
    decide,
    stance_records_of,
    standings_on,
    undated_left_out,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

#: The board's columns, left to right: for first, against last, the undecided between.
BOARD_STANCES: tuple[Stance, ...] = (Stance.SUPPORT, Stance.MIXED, Stance.NEUTRAL, Stance.OPPOSE)


@dataclass(frozen=True, slots=True)
class BoardColumn:
    """The actors whose position on the target itself is ``stance`` (the ``who`` rows)."""

    stance: str
    rows: tuple[PositionRow, ...]

    @property
    def count(self) -> int:
        """How many actors the column holds (one row per actor on the target itself)."""
        return len(self.rows)


#: Up to this many positions on parts, the board lists every one. Above it, each part lists
#: its ``PART_CHIPS`` most active actors (the most statements on it): a treaty of 200
#: articles that every delegation speaks to would otherwise list 90,000 chips (a 124 MB
#: page at 10^5 statements, dense shape); the part's counts stay complete and the page
#: says how many more there are.
PARTS_LISTED_UP_TO = 1_500
PART_CHIPS = 24


@dataclass(frozen=True, slots=True)
class BoardPart:
    """One part of the target on the board: how many actors hold each stance on it (all of
    them), and how many of them ``StanceBoard.on_parts`` lists."""

    part: str
    part_name: str
    counts: dict[str, int]
    listed: int

    @property
    def total(self) -> int:
        """How many actors took a position on this part."""
        return sum(self.counts.values())

    @property
    def more(self) -> int:
        """How many of them the board does not list."""
        return self.total - self.listed


@dataclass(frozen=True, slots=True)
class StanceBoard:
    """Where every actor stands on ``target``: a column per stance, then its parts apart."""

    target: str
    target_name: str
    as_of: PartialDate | None
    columns: tuple[BoardColumn, ...]
    #: positions on parts of the target (one row per actor and part, any stance): on each
    #: part its ``PART_CHIPS`` most active actors (all of them when as many or fewer)
    on_parts: tuple[PositionRow, ...]
    #: undated statements the as-of date left out
    undated_left_out: int
    #: every part spoken to, the most spoken-to first, with its complete counts
    parts: tuple[BoardPart, ...] = ()
    #: how many actors took a position on some part of the target (listed or not)
    parts_actors: int = 0
    #: how many positions on parts there are (listed or not)
    parts_positions: int = 0


def default_board_target(ds: Dataset) -> str | None:
    """The target a board is about when none is asked for: ``main_target`` of
    ``dataset.yaml``, else the top-level instrument with the most statements on it and its
    parts (the first in file order among equals), else the busiest target; None when the
    dataset has no target."""
    info = ds.info
    if info is not None and info.main_target and info.main_target in ds.targets:
        return str(info.main_target)
    instruments = [
        t.id for t in ds.targets.values() if t.kind.value == "instrument" and t.part_of is None
    ]
    candidates = instruments or list(ds.targets)
    if not candidates:
        return None
    index = ds.statement_index()

    def said_on(target: str) -> int:  # from the statement index: no statement is built
        return len(set().union(*(index.by_target.get(t, ()) for t in ds.scope(target))))

    return max(candidates, key=lambda t: (said_on(t), -candidates.index(t)))


def stance_board(
    ds: Dataset,
    target: str,
    as_of: PartialDate | None = None,
    part_chips: int | None = PART_CHIPS,
) -> StanceBoard:
    """The board of ``target`` (an id) as of a date: the ``who`` answer of each stance on
    the target itself in its column (``who_each``: the positions decided once), then the
    positions on its parts apart, each part with its complete counts; every position on
    parts as a row up to ``PARTS_LISTED_UP_TO`` of them, above it each part's
    ``part_chips`` most active actors (the most statements on that part, then by name;
    None lists every one)."""
    import numpy as np

    answers = list(who_each(ds, BOARD_STANCES, target, as_of, include_parts=False).values())
    scope = ds.scope(target)
    # the parts only (the target's are above); every position counted, those listed decided
    found = _PartStandings.of(ds, target, scope[1:], as_of)
    actors, parts_spoken = found.actors, found.parts
    if part_chips is None or len(found.actor) <= PARTS_LISTED_UP_TO:
        part_chips = len(found.actor)
    # the parts, the most spoken-to first (then in scope order); on each, its actors with
    # the most statements counted first, then by name and id
    order = {part: rank for rank, part in enumerate(scope)}
    held = np.bincount(found.part, minlength=len(parts_spoken)).tolist()
    part_rank = _places(
        sorted(range(len(parts_spoken)), key=lambda p: (-held[p], order[parts_spoken[p]]))
    )
    actor_rank = _places(
        sorted(range(len(actors)), key=lambda a: (ds.name_of(actors[a]).casefold(), actors[a]))
    )
    ranked = np.lexsort((actor_rank[found.actor], -found.counted, part_rank[found.part]))
    opens = np.searchsorted(part_rank[found.part[ranked]], np.arange(len(parts_spoken) + 1))
    # each part's actors by stance (the board's columns' order), all of them
    column = np.array([BOARD_STANCES.index(stance) for stance in Stance], dtype=np.int64)
    tally = np.bincount(
        found.part * len(BOARD_STANCES) + column[found.stance],
        minlength=len(parts_spoken) * len(BOARD_STANCES),
    ).reshape(-1, len(BOARD_STANCES))
    index = ds.statement_index()
    owner = _statement_actors(index, actors)
    rows: list[PositionRow] = []
    parts = []
    for rank in range(len(parts_spoken)):
        chosen = ranked[opens[rank] : opens[rank + 1]][:part_chips]
        p = int(found.part[chosen[0]])
        part = parts_spoken[p]
        listed = found.actor[chosen].tolist()
        said: dict[int, list[int]] = {actor: [] for actor in listed}
        on_part = np.asarray(index.by_target.get(part, ()), dtype=np.int64)
        for number, by in zip(on_part.tolist(), owner[on_part].tolist(), strict=True):
            found_by = said.get(by)  # the listed actors' statements on it
            if found_by is not None:
                found_by.append(number)
        for numbers in said.values():
            records = stance_records_of(ds, index.fetch(numbers), (part,))
            position = decide(records, as_of)
            assert position is not None  # a standing has a statement that counts
            rows.append(position_row(ds, position, target))
        counts = dict(zip((s.value for s in BOARD_STANCES), tally[p].tolist(), strict=True))
        parts.append(BoardPart(part, ds.name_of(part), counts, len(listed)))
    rows.sort(key=lambda row: (row.actor_name.casefold(), row.actor, row.via_name or ""))
    # the statements are built only when a date can leave some of them out
    undated = undated_left_out(ds, ds.statements_on(scope), as_of) if as_of is not None else 0
    return StanceBoard(
        target=target,
        target_name=ds.name_of(target),
        as_of=as_of,
        columns=tuple(
            BoardColumn(stance=answer.stance.value, rows=answer.on_target) for answer in answers
        ),
        on_parts=tuple(rows),
        undated_left_out=undated,
        parts=tuple(parts),
        parts_actors=len(found.actors),
        parts_positions=len(found.actor),
    )


class _PartStandings:
    """``standings_on(ds, parts, as_of)`` as columns: each position's ``actor`` and
    ``part`` (places in ``actors`` and ``parts``), ``stance`` (its code in ``Stance``) and
    how many statements it counted. Today's are kept on the dataset (``Dataset.derived``:
    beside its cache entry), so a page drawn again decides no position to count them."""

    def __init__(self, stored: tuple[Any, ...]) -> None:
        import numpy as np

        self.actors: list[str] = list(stored[0])
        self.parts: list[str] = list(stored[1])
        self.actor, self.part, self.stance, self.counted = (
            np.frombuffer(column, dtype=np.int64) for column in stored[2:6]
        )

    @classmethod
    def of(
        cls, ds: Dataset, target: str, parts: list[str], as_of: PartialDate | None
    ) -> _PartStandings:
        if as_of is not None:
            return cls(_part_columns(ds, parts, as_of))
        return cls(ds.derived(f"part-columns-{target}", lambda: _part_columns(ds, parts, None)))


def _part_columns(ds: Dataset, parts: list[str], as_of: PartialDate | None) -> tuple[Any, ...]:
    """``_PartStandings``' stored form: actors and parts numbered as they first come."""
    import numpy as np

    actors: dict[str, int] = {}
    spoken: dict[str, int] = {}
    stances = list(Stance)
    rows = [
        (actors.setdefault(a, len(actors)), spoken.setdefault(p, len(spoken)), s.stance, s.counted)
        for (a, p), s in standings_on(ds, parts, as_of).items()
    ]
    columns = [
        [row[0] for row in rows],
        [row[1] for row in rows],
        [stances.index(row[2]) for row in rows],
        [row[3] for row in rows],
    ]
    return (
        list(actors),
        list(spoken),
        *(np.array(column, dtype=np.int64).tobytes() for column in columns),
    )


def _places(ordered: list[int]) -> npt.NDArray[np.int64]:
    """Where each of 0..n-1 stands in ``ordered`` (a permutation of them)."""
    import numpy as np

    places = np.empty(len(ordered), dtype=np.int64)
    places[ordered] = np.arange(len(ordered))
    return places


def _statement_actors(index: Any, actors: list[str]) -> npt.NDArray[np.int64]:
    """Each statement's actor (by number) as its place in ``actors``; -1: another actor."""
    import numpy as np

    place = {actor: i for i, actor in enumerate(actors)}
    total = sum(len(numbers) for numbers in index.by_actor.values())
    owner = np.full(total, -1, dtype=np.int64)
    for actor, numbers in index.by_actor.items():
        if actor in place:
            owner[np.asarray(numbers, dtype=np.int64)] = place[actor]
    return owner


def board_payload(ds: Dataset, board: StanceBoard) -> dict[str, Any]:
    """The board as JSON for a page: each chip's actor, kind, stance, part and the deciding
    statements (quote, speaker, date as shown, source title and http(s) link only), and the
    chips on parts grouped by part with the count of each stance."""

    def evidence(item: Evidence) -> dict[str, Any]:
        return {
            "text": item.text,
            "paraphrase": item.is_paraphrase,
            "speaker": item.speaker_name,
            "date": (
                f"source published {item.date}"
                if item.date and item.date_from_source
                else item.date
            ),
            "stance": item.stance.value,
            "condition": item.condition,
            "source": item.source_title or item.source,
            "url": safe_url(item.source_url),
        }

    def chip(row: PositionRow) -> dict[str, Any]:
        stakeholder = ds.stakeholders.get(row.actor)
        return {
            "actor": row.actor,
            "name": row.actor_name,
            "kind": stakeholder.kind.value if stakeholder else "other",
            "collective": row.collective,
            "stance": row.stance.value,
            "via": row.via,
            "viaName": row.via_name,
            "date": row.date,
            "evidence": [evidence(item) for item in row.evidence],
        }

    parts = [chip(row) for row in board.on_parts]
    by_part: dict[str, list[int]] = {}
    for index, item in enumerate(parts):
        by_part.setdefault(item["via"], []).append(index)
    groups = [
        {
            "via": part.part,
            "viaName": part.part_name,
            "counts": part.counts,
            "chips": by_part.get(part.part, []),
            #: the actors on this part the board does not list (``PART_CHIPS``)
            "more": part.more,
        }
        for part in board.parts
    ]
    return {
        "target": board.target,
        "targetName": board.target_name,
        "asOf": str(board.as_of) if board.as_of else None,
        "undatedLeftOut": board.undated_left_out,
        "columns": [
            {"stance": column.stance, "chips": [chip(row) for row in column.rows]}
            for column in board.columns
        ],
        "parts": parts,
        #: the parts' chips by part (indices into ``parts``), the most spoken-to part first
        "partGroups": groups,
        "partsActors": board.parts_actors,
        "partsPositions": board.parts_positions,
    }
