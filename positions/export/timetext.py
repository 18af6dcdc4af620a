"""Timelines and flips as text: a table, Markdown, CSV or JSON (the CLI's ``--format``).

The table and Markdown show one line per window (or per flip), what moved and the camps
under it; CSV has one row per window and position (or per flip), with ids; JSON is the
answer object ``{"question", "as_of", "undated_left_out", "rows", ...}`` like every list
answer's, each window with its positions, camps and the ties behind its polarization.
``write_time`` writes a timeline's JSON a window at a time (its ties a batch at a time,
from the network's arrays) and its CSV a record at a time: 10^7 ties and positions never
stand in memory as one object or one text. Escaping is ``positions.export.text``'s (and so
``positions.export.escaping``'s).
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from positions.data import gcpause
from positions.export.text import (
    Format,
    Sheet,
    evidence_date,
    render,
    said,
    to_data,
    to_json,
    write_csv,
    write_markdown,
    write_table,
)
from positions.model import Stance
from positions.printable import inert_json
from positions.questions.answers import Evidence
from positions.questions.camps import Polarization
from positions.questions.time import (
    Flip,
    FlipsAnswer,
    TimelineAnswer,
    TimelineWindow,
    WindowCamp,
    WindowPosition,
    tie_network,
)

__all__ = [
    "flips_data",
    "flips_records",
    "flips_rows",
    "flips_sheet",
    "render_time",
    "timeline_data",
    "timeline_sheet",
    "write_time",
]

#: How many moves and camps a window's table row names before "and N more" (CSV has all).
SHOWN = 8
_NONE = "—"
#: The timeline CSV's columns: a record per window and position.
TIMELINE_FIELDS = (
    "window",
    "window_start",
    "window_end",
    "window_statements",
    "polarization",
    "actor",
    "actor_name",
    "target",
    "target_name",
    "stance",
    "previous",
    "changed",
    "camp",
    "position_date",
    "statements",
)
#: How many ties the streamed JSON formats at once.
TIE_BATCH = 100_000


def render_time(
    answer: TimelineAnswer | FlipsAnswer, output: Format, width: int, raw: bool = False
) -> str:
    """The text of a timeline or flips answer in ``output`` format, ending with a newline."""
    buffer = io.StringIO()
    write_time(answer, output, width, buffer, raw=raw)
    return buffer.getvalue()


def write_time(
    answer: TimelineAnswer | FlipsAnswer,
    output: Format,
    width: int,
    stream: TextIO,
    raw: bool = False,
) -> None:
    """The text of a timeline or flips answer in ``output`` format written to ``stream``: a
    timeline's JSON a window at a time (its ties a batch at a time) and its CSV a record at
    a time, its table and Markdown at once; flips a batch of flips at a time."""
    if isinstance(answer, FlipsAnswer):
        with gcpause.paused():  # a row, a record and their cells per flip: nothing to collect
            _write_flips(answer, output, width, stream, raw)
    elif output is Format.JSON:
        with gcpause.paused():  # a window's positions and evidence: nothing to collect
            _write_timeline_json(answer, stream)
    elif output is Format.CSV:
        records = (record for window in answer.rows for record in _window_records(window))
        with gcpause.paused():
            write_csv(TIMELINE_FIELDS, records, stream, raw)
    else:
        with gcpause.paused():  # a row and its cells per move: nothing to collect
            sheet = timeline_sheet(answer, records=False)  # CSV's records: streamed above
            stream.write(render(answer, sheet, output, width, raw=raw))


def _write_flips(
    answer: FlipsAnswer, output: Format, width: int, stream: TextIO, raw: bool
) -> None:
    """Flips in ``output`` format, a batch of flips at a time: the sheet's head, then its
    rows (or records, or JSON items) as they are made; the table's widths from every
    flip's grid cells first."""
    if output is Format.JSON:
        _write_flips_json(answer, stream)
        return
    head = flips_sheet(answer, rows=False)
    if output is Format.CSV:
        write_csv(head.fields, flips_records(answer), stream, raw)
    elif not answer.rows:
        stream.write(render(answer, head, output, width, raw=raw))
    elif output is Format.MD:
        write_markdown(head, flips_rows(answer), stream)
    else:  # every flip's block has its Before and After lines: the rows are spaced
        grid = [_flip_grid(flip) for flip in answer.rows]
        write_table(head, grid, flips_rows(answer), width, stream, spaced=True)


# --- JSON --------------------------------------------------------------------------------


def _answer_object(question: str, answer: Any, rows: list[Any], **asked: Any) -> dict[str, Any]:
    return {
        "question": question,
        "as_of": None if answer.as_of is None else str(answer.as_of),
        "undated_left_out": answer.undated_left_out,
        **asked,
        "rows": rows,
    }


def polarization_data(found: Polarization | None, ties: bool = True) -> dict[str, Any] | None:
    """The figure, its four counts and every tie behind it (a, b, agree, disagree, across;
    none unless ``ties``: the streamed JSON writes them itself)."""
    if found is None:
        return None
    return {
        "value": found.value,
        "agree_inside": found.agree_inside,
        "disagree_inside": found.disagree_inside,
        "agree_across": found.agree_across,
        "disagree_across": found.disagree_across,
        "ties": [
            {"a": a, "b": b, "agree": yes, "disagree": no, "across": across}
            for a, b, yes, no, across in (found.ties() if ties else ())
        ],
    }


def _position_data(position: WindowPosition) -> dict[str, Any]:
    """A position's fields with its evidence (made only when asked for, so not a field)."""
    data = to_data(position)
    previous = data.pop("previous")
    evidence = to_data(position.evidence)
    return {**data, "evidence": evidence, "previous": previous, "changed": position.changed}


def _window_data(window: TimelineWindow, ties: bool = True) -> dict[str, Any]:
    return {
        "label": window.label,
        "start": window.start.isoformat(),
        "end": window.end.isoformat(),
        "as_of": str(window.as_of),
        "statements": window.statements,
        "empty": window.empty,
        "positions": [_position_data(p) for p in window.positions],
        "camps": [{**to_data(c), "label": c.label} for c in window.camps],
        "unaligned": list(window.unaligned),
        "polarization": polarization_data(window.polarization, ties),
    }


def timeline_data(answer: TimelineAnswer) -> dict[str, Any]:
    """A timeline as JSON data: the answer object, one item per window (``write_time``
    writes its text without holding it)."""
    return _timeline_object(answer, [_window_data(w) for w in answer.rows])


def _timeline_object(answer: TimelineAnswer, rows: list[Any]) -> dict[str, Any]:
    return _answer_object(
        "timeline",
        answer,
        rows,
        by=answer.by.value,
        target=answer.target,
        target_name=answer.target_name,
        include_collective=answer.include_collective,
    )


_NO_ROWS, _NO_TIES = '"rows": []', '"ties": []'


def _write_timeline_json(answer: TimelineAnswer, stream: TextIO) -> None:
    """``to_json(timeline_data(answer))`` and a newline, written a window at a time: each
    window's JSON (its ties left out) indented into the answer object, its ties put in
    where they go (a quoted key or text never holds ``"ties": []``: its quotes are
    escaped)."""
    head = to_json(_timeline_object(answer, []))
    if not answer.rows:
        stream.write(head + "\n")
        return
    before, after = _rows_frame(head)
    stream.write(before)
    for number, window in enumerate(answer.rows):
        text = to_json(_window_data(window, ties=False)).replace("\n", "\n    ")
        if number:
            stream.write(",\n")
        stream.write("    ")
        network = None if window.polarization is None else tie_network(window.polarization)
        if network is None or len(network.rows) == 0:
            stream.write(text)
            continue
        assert window.polarization is not None
        start, _, end = text.rpartition(_NO_TIES)
        stream.write(start)
        _write_ties(
            window.polarization.membership, network, start[start.rindex("\n") + 1 :], stream
        )
        stream.write(end)
    stream.write(after)


def _rows_frame(head: str) -> tuple[str, str]:
    """The text before and after the rows of an answer object's JSON (``head``: its text
    with no rows): its items go between, each indented under ``"rows"`` and separated by
    ``",\\n"``."""
    before, _, after = head.rpartition(_NO_ROWS)
    return before + '"rows": [\n', "\n  ]" + after + "\n"


def _write_ties(membership: Sequence[int], network: Any, pad: str, stream: TextIO) -> None:
    """``"ties": [...]`` as ``to_json`` indents it under ``pad`` (the line's indent), every
    tie of ``network`` (``Polarization.ties()``' order and fields), a batch at a time: each
    tie formatted from one template in C, each actor's id quoted once."""
    import numpy as np  # here: a query's CLI never loads numpy

    inner, field = pad + "  ", pad + "    "
    template = (
        f'{inner}{{\n{field}"a": %s,\n{field}"b": %s,\n{field}"agree": %d,\n'
        f'{field}"disagree": %d,\n{field}"across": %s\n{inner}}}'
    )
    quoted = np.array(
        [inert_json(json.dumps(a, ensure_ascii=False)) for a in network.actors], dtype=object
    )
    camp = np.asarray(membership, dtype=np.int64)
    truth = np.array(["false", "true"], dtype=object)
    stream.write('"ties": [\n')
    for start in range(0, len(network.rows), TIE_BATCH):
        part = slice(start, start + TIE_BATCH)
        rows, cols = network.rows[part], network.cols[part]
        columns = zip(
            quoted[rows].tolist(),
            quoted[cols].tolist(),
            network.agree[part].tolist(),
            network.disagree[part].tolist(),
            truth[(camp[rows] != camp[cols]).astype(np.intp)].tolist(),
            strict=True,
        )
        if start:
            stream.write(",\n")
        stream.write(",\n".join(map(template.__mod__, columns)))
    stream.write("\n" + pad + "]")


def flips_data(answer: FlipsAnswer) -> dict[str, Any]:
    """Flips as JSON data: the answer object, one item per flip, newest first."""
    return _flips_object(answer, [to_data(f) for f in answer.rows])


def _flips_object(answer: FlipsAnswer, rows: list[Any]) -> dict[str, Any]:
    return _answer_object(
        "flips",
        answer,
        rows,
        target=answer.target,
        target_name=answer.target_name,
        actor=answer.actor,
        actor_name=answer.actor_name,
        since=None if answer.since is None else str(answer.since),
        include_collective=answer.include_collective,
    )


#: How many flips the streamed formats make at once.
FLIP_BATCH = 2_000


def _write_flips_json(answer: FlipsAnswer, stream: TextIO) -> None:
    """``to_json(flips_data(answer))`` and a newline, written a batch of flips at a time:
    each batch's items as ``to_json`` indents a list, indented once more under ``"rows"``."""
    head = to_json(_flips_object(answer, []))
    if not answer.rows:
        stream.write(head + "\n")
        return
    before, after = _rows_frame(head)
    stream.write(before)
    for start in range(0, len(answer.rows), FLIP_BATCH):
        items = to_json([to_data(f) for f in answer.rows[start : start + FLIP_BATCH]])
        if start:
            stream.write(",\n")
        inner = items[2:-2]  # the list's "[\n" and "\n]" left out
        stream.write("  " + inner.replace("\n", "\n  "))
    stream.write(after)


# --- sheets ------------------------------------------------------------------------------


def _undated_note(count: int, never: str) -> list[str]:
    """What the answer left out: its undated statements, which never count in time."""
    if not count:
        return []
    plural = "statement" if count == 1 else "statements"
    return [f"{count} undated {plural} left out: an undated statement never {never}."]


def _some(items: Sequence[str], shown: int = SHOWN) -> str:
    if len(items) <= shown:
        return "; ".join(items)
    return "; ".join(items[:shown]) + f"; and {len(items) - shown} more"


def _camp_text(camp: WindowCamp) -> str:
    """'Camp 2 (5 actors, new): opposes ...'."""
    size = f"{len(camp.members)} actor{'' if len(camp.members) == 1 else 's'}"
    head = f"Camp {camp.number} ({size}{', new' if camp.new else ''})"
    return f"{head}: {camp.name}" if camp.name else head


def _move(previous: Stance | None, stance: Stance) -> str:
    return f"{previous.value if previous else 'new'} → {stance.value}"


def timeline_sheet(answer: TimelineAnswer, records: bool = True) -> Sheet:
    """One line per window: its dated statements, the positions as of its end by stance,
    how many moved, the camps and the polarization; under it, what moved and the camps.
    With ``records``, a flat record per window and position too (CSV's rows; a timeline at
    scale holds 10^5 positions a window, which the table and Markdown never show)."""
    about = f" on {answer.target_name}" if answer.target_name else ""
    title = (
        f"Timeline{about} by {answer.by.value}: {len(answer.rows)} "
        f"window{'' if len(answer.rows) == 1 else 's'}, positions as of the end of each"
    )
    sheet = Sheet(
        title,
        [
            "Window",
            "Statements",
            "New",
            "Moved",
            "Camps",
            "Polarization",
            "Positions",
            "Moves",
            "Camp list",
        ],
        empty="No dated statement: no window.",
        grid=list(range(6)),
        fields=list(TIMELINE_FIELDS),
    )
    sheet.notes = _undated_note(answer.undated_left_out, "counts in a window")
    for window in answer.rows:
        counts = {s: 0 for s in Stance}
        for held in window.positions:
            counts[held.stance] += 1
        changed = window.changed
        moved = [p for p in changed if p.previous is not None]
        polar = window.polarization
        moves = [f"{p.actor_name} on {p.target_name}: {_move(p.previous, p.stance)}" for p in moved]
        camps = [_camp_text(c) for c in window.camps]
        sheet.rows.append(
            [
                window.label,
                "0 (empty)" if window.empty else str(window.statements),
                str(len(changed) - len(moved)),
                str(len(moved)),
                str(len(window.camps)),
                _NONE if polar is None else f"{polar.value:.2f}",
                ", ".join(f"{n} {s.value}" for s, n in counts.items()),
                _some(moves) or _NONE,
                _some(camps) or _NONE,
            ]
        )
        if records:
            sheet.records.extend(_window_records(window))
    return sheet


def _window_records(window: TimelineWindow) -> Iterator[dict[str, Any]]:
    """A window's CSV records: one per position as of its end, with the window's fields."""
    polar = window.polarization
    camp_of = {m: c.number for c in window.camps for m in c.members}
    for held in window.positions:
        yield {
            "window": window.label,
            "window_start": window.start.isoformat(),
            "window_end": window.end.isoformat(),
            "window_statements": window.statements,
            "polarization": None if polar is None else polar.value,
            "actor": held.actor,
            "actor_name": held.actor_name,
            "target": held.target,
            "target_name": held.target_name,
            "stance": held.stance,
            "previous": held.previous,
            "changed": held.changed,
            "camp": camp_of.get(held.actor),
            "position_date": held.date,
            "statements": " ".join(held.statements),
        }


def _side(evidence: Sequence[Evidence]) -> str:
    parts = []
    for item in evidence:
        where = ", ".join(
            x
            for x in (item.speaker_name, evidence_date(item), item.source_title or item.source)
            if x
        )
        condition = f" [condition: {item.condition}]" if item.condition else ""
        parts.append(f"{said(item)}{condition} ({where})")
    return " · ".join(parts)


def _joined(evidence: Sequence[Evidence], attribute: str) -> str:
    return " | ".join(str(getattr(e, attribute) or "") for e in evidence)


#: The flips CSV's columns: a record per flip.
FLIP_FIELDS = (
    "actor",
    "actor_name",
    "target",
    "target_name",
    "from_stance",
    "to_stance",
    "from_date",
    "to_date",
    "from_statements",
    "from_text",
    "from_source",
    "to_statements",
    "to_text",
    "to_source",
)


def flips_sheet(answer: FlipsAnswer, records: bool = True, rows: bool = True) -> Sheet:
    """One line per flip, newest first: when, who, on what, from → to; under it the
    statement before and the statement after. With ``records``, a flat record per flip
    too (CSV's rows, which the table and Markdown never show); without ``rows``, the
    sheet's head only (its title, columns and notes: ``flips_rows`` and ``flips_records``
    make the rest)."""
    asked = [
        f"by {answer.actor_name}" if answer.actor_name else "",
        f"on {answer.target_name}" if answer.target_name else "",
        f"since {answer.since}" if answer.since else "",
    ]
    about = " ".join(a for a in asked if a)
    count = len(answer.rows)
    sheet = Sheet(
        f"Flips{' ' + about if about else ''}: {count} change{'' if count == 1 else 's'} of "
        "position, newest first",
        ["Date", "Actor", "On", "Change", "Before", "After"],
        empty="No position changed from one dated statement to the next.",
        grid=[0, 1, 2, 3],
        fields=list(FLIP_FIELDS),
    )
    sheet.notes = _undated_note(answer.undated_left_out, "makes a flip")
    sheet.bare = {4, 5}
    if rows:
        sheet.rows.extend(flips_rows(answer))
        if records:
            sheet.records.extend(flips_records(answer))
    return sheet


def _flip_grid(flip: Flip) -> list[str]:
    """A flip's cells side by side in the table: date, actor, target, change."""
    actor = f"{flip.actor_name} (collective)" if flip.collective else flip.actor_name
    return [
        flip.to_date,
        actor,
        flip.target_name,
        f"{flip.from_stance.value} → {flip.to_stance.value}",
    ]


def flips_rows(answer: FlipsAnswer) -> Iterator[list[str]]:
    """The sheet's row of each flip, newest first, as they are made. A side of a pair's
    flips is the later side of one and the earlier side of the next: its text is made once
    and dropped after its last use."""
    uses = Counter(id(e) for flip in answer.rows for e in (flip.from_evidence, flip.to_evidence))
    shown: dict[int, str] = {}  # the answer holds every side while this runs: ids stay theirs

    def side(evidence: tuple[Evidence, ...]) -> str:
        key = id(evidence)
        found = shown.get(key)
        if found is None:
            found = _side(evidence)
        left = uses[key] = uses[key] - 1
        if left:
            shown[key] = found
        else:
            shown.pop(key, None)
        return found

    for flip in answer.rows:
        yield [
            *_flip_grid(flip),
            f"Before: {side(flip.from_evidence)}",
            f"After: {side(flip.to_evidence)}",
        ]


def flips_records(answer: FlipsAnswer) -> Iterator[dict[str, Any]]:
    """The CSV record of each flip, newest first, as they are made."""
    for flip in answer.rows:
        yield {
            "actor": flip.actor,
            "actor_name": flip.actor_name,
            "target": flip.target,
            "target_name": flip.target_name,
            "from_stance": flip.from_stance,
            "to_stance": flip.to_stance,
            "from_date": flip.from_date,
            "to_date": flip.to_date,
            "from_statements": _joined(flip.from_evidence, "statement"),
            "from_text": _joined(flip.from_evidence, "text"),
            "from_source": _joined(flip.from_evidence, "source"),
            "to_statements": _joined(flip.to_evidence, "statement"),
            "to_text": _joined(flip.to_evidence, "text"),
            "to_source": _joined(flip.to_evidence, "source"),
        }
