"""The map's time control: the timeline as the page's JSON, computed when the file is written.

``timeline_payload`` turns ``positions.timeline`` into what ``assets/timeline.js`` steps
through: for each window its label, as-of date, the board's counts (actors on the board's
target itself, by stance, and on its parts) and its camps (persistent numbers); for each
(actor, target) one letter per window for the position at the window's end; for each actor
one camp number per window. Nothing is decided in the browser and no layout is run when
stepping: the page moves the nodes it already placed between colours and columns.

>>> payload = timeline_payload(positions.load("data"), "uncc")     # doctest: +SKIP
>>> payload["windows"][0]["label"], payload["windows"][0]["counts"]  # doctest: +SKIP
('2017', {'support': 3, 'mixed': 0, 'neutral': 0, 'oppose': 1})
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from positions.data.dataset import Dataset
from positions.model import PartialDate, Stance
from positions.questions.alignment import counts_from_sides
from positions.questions.positions import SIDES, Side
from positions.questions.time import TimelineRun, TimelineWindow, WindowBy

#: One letter per stance in the per-window strings; NO_POSITION where there is none yet.
STANCE_LETTERS: dict[Stance, str] = {
    Stance.SUPPORT: "s",
    Stance.OPPOSE: "o",
    Stance.MIXED: "m",
    Stance.NEUTRAL: "n",
}
NO_POSITION = "-"
#: The board's columns, as ``export.board`` orders them.
_COUNTED = (Stance.SUPPORT, Stance.MIXED, Stance.NEUTRAL, Stance.OPPOSE)


def timeline_payload(
    ds: Dataset,
    target: str | None,
    as_of: PartialDate | None = None,
    ties: Sequence[Mapping[str, Any]] = (),
    by: WindowBy | str = WindowBy.YEAR,
    *,
    actors: Collection[str] | None = None,
    pairs: Collection[tuple[str, str]] = (),
    run: TimelineRun | None = None,
) -> dict[str, Any] | None:
    """The time control's data for a map whose board is about ``target`` (an id, or None
    without a board): windows of ``by`` up to ``as_of`` (those ending after it are left
    out), or None when fewer than two windows would be left (nothing to step through).

    Positions count every actor, collectives too (the board lists them); camps are
    ``timeline``'s (collectives left out, as in the alliance view). ``ties`` are the
    alliance view's edges (``id``, ``from``, ``to``): each gets one letter per window, its
    kind at the window's end by the alignment rule (``counts_from_sides`` over the window's
    sides of the tied actors, collectives left out as ``alignment_counts`` leaves them):
    TIE_LETTERS.

    The letters of positions cover every (actor, target) when ``actors`` is None, else
    every position of ``actors`` (the drawn network's) and the (actor, target) ``pairs``
    (the board's chips): what the page reads, not the whole network's.

    ``run`` is ``TimelineRun(ds, by=by, positions=False)`` when the caller started it
    already (``build_map`` starts it first); its ``by`` is then the windows'. Everything is
    counted from the windows' stances as numbers (``TimelineRun.steps``).
    """
    if run is None:
        with TimelineRun(ds, by=by, positions=False) as started:
            return _payload(ds, target, as_of, ties, actors, pairs, started)
    return _payload(ds, target, as_of, ties, actors, pairs, run)


def _payload(
    ds: Dataset,
    target: str | None,
    as_of: PartialDate | None,
    ties: Sequence[Mapping[str, Any]],
    actors: Collection[str] | None,
    pairs: Collection[tuple[str, str]],
    run: TimelineRun,
) -> dict[str, Any] | None:
    found = run.answer()
    kept = [w for w in found if as_of is None or w.end <= as_of.end]
    if len(kept) < 2:
        return None
    steps = run.steps
    stances = steps.stances[: len(kept)]  # windows x keys
    drawn = set(actors) if actors is not None else None
    chips = set(pairs)

    def shown(about: tuple[str, str, bool, str, str]) -> bool:
        return drawn is None or about[0] in drawn or (about[0], about[3]) in chips

    # the letters: the network's positions, then the board's collectives' (a key's row
    # comes in the order it first has a position: window, then where it comes in the window)
    rows: list[_Letters] = [(stances, steps.about, [shown(a) for a in steps.about], None)]
    board = _board_steps(ds, run, target, kept)
    if board is not None and board[2] is not None:  # collectives, from their own timeline
        collective = [a[2] and shown(a) for a in board[1]]
        rows.append((board[0], board[1], collective, board[2]))
    letters = _letters(rows)

    tie_pairs = [(str(tie["from"]), str(tie["to"])) for tie in ties]
    tie_letters = _tie_letters(ties, tie_pairs, stances, steps.about)
    counts_at = _board_counts(ds, target, board)
    camp_numbers: dict[str, list[int]] = {}
    windows = []
    for index, window in enumerate(kept):
        for camp in window.camps:
            for member in camp.members:
                camp_numbers.setdefault(member, [0] * len(kept))[index] = camp.number
        counts, parts, part_counts = counts_at(index)
        windows.append(
            {
                "label": window.label,
                "asOf": str(window.as_of),
                "end": window.end.isoformat(),
                "statements": window.statements,
                "counts": counts,
                "parts": parts,
                #: each part's actors by stance (the board lists only some of them)
                "partCounts": part_counts,
                "camps": [
                    {"number": c.number, "label": c.label, "size": len(c.members)}
                    for c in window.camps
                ],
            }
        )
    return {
        "by": found.by.value,
        "target": target,
        "undatedLeftOut": found.undated_left_out,
        "windows": windows,
        "stances": letters,
        "camps": camp_numbers,
        "ties": tie_letters,
    }


#: A tie's kind in the per-window strings: more agreements, more disagreements, as many.
TIE_LETTERS = {"agree": "a", "disagree": "d", "even": "e"}


def _tie_letter(agree: int, disagree: int) -> str:
    kind = "agree" if agree > disagree else "disagree" if disagree > agree else "even"
    return TIE_LETTERS[kind]


#: a stance code (its place in ``Stance``, -1: none yet) + 1 -> its letter
_LETTER_OF_CODE = NO_POSITION + "".join(STANCE_LETTERS[stance] for stance in Stance)

#: a source of positions' letters: each window's stances (windows x keys, ``StanceSteps``),
#: what each key is about, which keys get letters, and each key's first window in the
#: source's own windows (None: the same as the page's)
_Letters = tuple[Any, list[tuple[str, str, bool, str, str]], list[bool], Any]


def _letters(sources: Sequence[_Letters]) -> dict[str, str]:
    """One letter per window for each shown key of ``sources``, keyed ``actor\ntarget``:
    in the order each first has a position (by window, then by source, then by its first
    window in the source's own windows, then by key)."""
    import numpy as np

    table = np.frombuffer(_LETTER_OF_CODE.encode("ascii"), dtype=np.uint8)
    entries: list[tuple[int, int, int, int, str, str]] = []
    for order, (stances, about, shown, own_first) in enumerate(sources):
        held = stances >= 0
        first = held.argmax(axis=0)
        picked = np.flatnonzero(held.any(axis=0) & np.asarray(shown, dtype=bool))
        if not len(picked):
            continue
        windows = stances.shape[0]
        text = table[stances[:, picked].T.astype(np.int64) + 1].tobytes().decode("ascii")
        within = own_first[picked] if own_first is not None else np.zeros(len(picked), int)
        for n, (k, at, inner) in enumerate(
            zip(picked.tolist(), first[picked].tolist(), within.tolist(), strict=True)
        ):
            about_k = about[k]
            row = text[n * windows : (n + 1) * windows]
            entries.append((at, order, inner, k, f"{about_k[0]}\n{about_k[3]}", row))
    entries.sort()
    return {key: row for *_, key, row in entries}


def _tie_letters(
    ties: Sequence[Mapping[str, Any]],
    tie_pairs: list[tuple[str, str]],
    stances: Any,
    about: list[tuple[str, str, bool, str, str]],
) -> dict[str, str]:
    """Each tie's letter per window: its kind by the alignment rule over the tied actors'
    sides at the window's end, counted again only when one of their positions moved."""
    import numpy as np

    windows = stances.shape[0]
    rows = {str(tie["id"]): [NO_POSITION] * windows for tie in ties}
    if not tie_pairs:
        return {key: "".join(row) for key, row in rows.items()}
    tied = {actor for pair in tie_pairs for actor in pair}
    keys = np.array([k for k, a in enumerate(about) if a[0] in tied], dtype=np.int64)
    every = list(Stance)
    before = None
    for index in range(windows):
        now = stances[index, keys]
        if before is not None and np.array_equal(now, before):
            continue  # the same sides: the same kinds
        before = now
        sides = [
            Side(about[k][0], about[k][3], stance, ())
            for k, code in zip(keys.tolist(), now.tolist(), strict=True)
            if code >= 0 and (stance := every[code]) in SIDES
        ]
        held = counts_from_sides(sides).between_each(tie_pairs)
        for tie, (agree, disagree) in zip(ties, held, strict=True):
            row = rows[str(tie["id"])]
            row[index:] = [_tie_letter(agree, disagree) if agree or disagree else NO_POSITION] * (
                windows - index
            )
    return {key: "".join(row) for key, row in rows.items()}


#: the board's positions, window by window: their stances (windows x keys), what each key
#: is about, and each key's first window in the board target's own timeline (None: the
#: page's windows, when no actor is collective)
_Board = tuple[Any, list[tuple[str, str, bool, str, str]], Any]


def _board_steps(
    ds: Dataset, run: TimelineRun, target: str | None, kept: Sequence[TimelineWindow]
) -> _Board | None:
    """The positions on the board's ``target`` and its parts (collectives too) at the end
    of each of the ``kept`` windows; None without a board. Without collective actors they
    are the page's timeline's; with some, a timeline of the target that includes them."""
    import numpy as np

    if target is None:
        return None
    steps = run.steps
    if not any(s.kind.value == "collective" for s in ds.stakeholders.values()):
        return steps.stances[: len(kept)], steps.about, None
    with TimelineRun(
        ds, by=run.by, target=target, include_collective=True, workers=1, positions=False
    ) as own:
        board = own.steps
    # each window's positions are those of the target's last window ending by its end
    own_ends = np.array([end.toordinal() for end in board.ends], dtype=np.int64)
    ends = np.array([window.end.toordinal() for window in kept], dtype=np.int64)
    last = np.searchsorted(own_ends, ends, side="right") - 1
    stances = np.full((len(kept), len(board.about)), -1, dtype=np.int8)
    stances[last >= 0] = board.stances[last[last >= 0]]
    first_own = (board.stances >= 0).argmax(axis=0) if len(board.ends) else None
    return stances, board.about, first_own


def _board_counts(
    ds: Dataset, target: str | None, board: _Board | None
) -> Callable[[int], tuple[dict[str, int], int, dict[str, dict[str, int]]]]:
    """For a window's index, the board's counts: the actors on ``target`` by stance, how
    many actors hold a position on its parts, and each part's actors by stance."""
    import numpy as np

    counted = [list(Stance).index(stance) for stance in _COUNTED]
    if board is None or target is None:
        return lambda index: ({stance.value: 0 for stance in _COUNTED}, 0, {})
    stances, about, _ = board
    parts_order = ds.scope(target)[1:]  # partCounts' order
    part_place = {part: i for i, part in enumerate(parts_order)}
    on_target = np.array([a[3] == target for a in about], dtype=bool)
    part_of = np.array([part_place.get(a[3], -1) for a in about], dtype=np.int64)
    on_parts = np.flatnonzero(part_of >= 0)
    _, actor_of = np.unique([about[k][0] for k in on_parts.tolist()], return_inverse=True)

    def counts_at(index: int) -> tuple[dict[str, int], int, dict[str, dict[str, int]]]:
        now = stances[index]
        counts = {
            stance.value: int(np.count_nonzero(now[on_target] == code))
            for stance, code in zip(_COUNTED, counted, strict=True)
        }
        part_now = now[on_parts]
        held = part_now >= 0
        tally = np.zeros((len(parts_order), len(Stance)), dtype=np.int64)
        np.add.at(tally, (part_of[on_parts][held], part_now[held].astype(np.int64)), 1)
        part_counts = {
            part: {
                s.value: int(row[code])
                for s, code in zip(_COUNTED, counted, strict=True)
                if row[code]
            }
            for part, row in zip(parts_order, tally.tolist(), strict=True)
            if any(row)
        }
        return counts, len(np.unique(actor_of[held])), part_counts

    return counts_at
