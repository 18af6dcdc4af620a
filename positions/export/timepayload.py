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

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from positions.data.dataset import Dataset
from positions.model import PartialDate, Stance
from positions.questions.alignment import counts_from_sides
from positions.questions.positions import Side
from positions.questions.time import TimelineAnswer, WindowBy, WindowPosition, timeline

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
    found: TimelineAnswer | None = None,
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

    ``found`` is ``timeline(ds, by=by)`` when the caller has it already (``build_map``
    starts it first: ``TimelineRun``); its ``by`` is then the windows'.
    """
    if found is None:
        found = timeline(ds, by=by)
    by = found.by
    kept = [w for w in found if as_of is None or w.end <= as_of.end]
    if len(kept) < 2:
        return None
    # a window's positions are the window before's with its changes (``changed``): the
    # letters, counts and tied sides follow the changes, not every position of each window
    board = _board_changes(ds, by, target, found, len(kept))
    parts_order = ds.scope(target)[1:] if target is not None else []  # partCounts' order
    scope = set(parts_order)
    letters: dict[str, list[str]] = {}
    camp_numbers: dict[str, list[int]] = {}
    drawn = set(actors) if actors is not None else None
    chips = set(pairs)

    def letter(position: WindowPosition, index: int) -> None:
        actor = position.actor  # inlined: every change of every window comes here
        if drawn is None or actor in drawn or (actor, position.target) in chips:
            key = f"{actor}\n{position.target}"
            row = letters.setdefault(key, [NO_POSITION] * len(kept))
            row[index:] = [STANCE_LETTERS[position.stance]] * (len(kept) - index)

    tie_pairs = [(str(tie["from"]), str(tie["to"])) for tie in ties]
    tied = {actor for pair in tie_pairs for actor in pair}
    tie_letters = {str(tie["id"]): [NO_POSITION] * len(kept) for tie in ties}
    tied_sides: dict[tuple[str, str], Side] = {}  # the tied actors' sides (no collectives)
    counts = {stance.value: 0 for stance in _COUNTED}
    on_parts: set[str] = set()
    part_counts: dict[str, dict[str, int]] = {}
    windows = []
    for index, window in enumerate(kept):
        tied_moved = False
        for position in window.changed:
            letter(position, index)
            if position.actor in tied:
                tied_moved = True
                if (side := position.side) is not None:
                    tied_sides[(position.actor, position.target)] = side
                else:
                    tied_sides.pop((position.actor, position.target), None)
        for position in board[index] if board is not None else ():
            if position.target == target:
                _move(counts, position)
            elif position.target in scope:  # a part
                on_parts.add(position.actor)
                _move(part_counts.setdefault(position.target, {}), position)
            if position.collective:  # the collectives' positions on the board's target
                letter(position, index)
        if tie_pairs and (tied_moved or index == 0):  # by the alignment rule
            held = counts_from_sides(tied_sides.values()).between_each(tie_pairs)
            for tie, (agree, disagree) in zip(ties, held, strict=True):
                row = tie_letters[str(tie["id"])]
                row[index:] = [
                    _tie_letter(agree, disagree) if agree or disagree else NO_POSITION
                ] * (len(kept) - index)
        for camp in window.camps:
            for member in camp.members:
                camp_numbers.setdefault(member, [0] * len(kept))[index] = camp.number
        windows.append(
            {
                "label": window.label,
                "asOf": str(window.as_of),
                "end": window.end.isoformat(),
                "statements": window.statements,
                "counts": dict(counts),
                "parts": len(on_parts),
                #: each part's actors by stance (the board lists only some of them)
                "partCounts": {
                    part: {s.value: n for s in _COUNTED if (n := tally.get(s.value, 0))}
                    for part in parts_order
                    if (tally := part_counts.get(part))
                },
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
        "stances": {key: "".join(row) for key, row in letters.items()},
        "camps": camp_numbers,
        "ties": {key: "".join(row) for key, row in tie_letters.items()},
    }


#: A tie's kind in the per-window strings: more agreements, more disagreements, as many.
TIE_LETTERS = {"agree": "a", "disagree": "d", "even": "e"}


def _tie_letter(agree: int, disagree: int) -> str:
    kind = "agree" if agree > disagree else "disagree" if disagree > agree else "even"
    return TIE_LETTERS[kind]


def _move(counts: dict[str, int], position: WindowPosition) -> None:
    """Count ``position`` in ``counts`` (by stance), no longer its previous stance."""
    if position.previous is not None:
        counts[position.previous.value] -= 1
    counts[position.stance.value] = counts.get(position.stance.value, 0) + 1


def _board_changes(
    ds: Dataset, by: WindowBy | str, target: str | None, found: TimelineAnswer, windows: int
) -> list[list[WindowPosition]] | None:
    """For each of the first ``windows`` windows of ``found``, the positions on the board's
    ``target`` and its parts (collectives too) new or changed by its end; None without a
    board."""
    if target is None:
        return None
    scope = set(ds.scope(target))
    rows = found.rows[:windows]
    if not any(s.kind.value == "collective" for s in ds.stakeholders.values()):
        return [[p for p in w.changed if p.target in scope] for w in rows]
    answer = timeline(ds, by=by, target=target, include_collective=True)
    # the target's windows up to each window's end: before its first, none; after its
    # last, the positions stand as they were
    pending = iter(answer.rows)
    upcoming = next(pending, None)
    changes = []
    for window in rows:
        moved: list[WindowPosition] = []
        while upcoming is not None and upcoming.end <= window.end:
            moved.extend(upcoming.changed)
            upcoming = next(pending, None)
        changes.append(moved)
    return changes
