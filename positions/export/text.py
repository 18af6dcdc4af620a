"""Typed query results -> text: a wrapped table, JSON, CSV or Markdown.

JSON is the API result itself, serialised by ``to_data``: every answer one object with its
question, what it resolved, ``as_of``, ``undated_left_out``, its headline ``counts`` and its
``rows`` (``answer_data``); the other formats lay a result out as a ``Sheet``: one line per
statement of evidence, with the actor, stance, condition, the quote (or the paraphrase,
marked as such), speaker, date and source. No colour codes anywhere, so output pipes cleanly.

No value reaches the reader as anything but text (``positions.export.escaping``): the table
and Markdown show control characters as escapes (an escape sequence in a name cannot drive
the terminal), Markdown escapes its markup (no raw HTML, links or images from the data),
CSV cells a spreadsheet would evaluate start with ``'`` unless ``raw``, and JSON writes
every control character as a ``\\u`` escape.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any, TextIO

from positions.data import gcpause
from positions.export.escaping import csv_cell, md_escape
from positions.model import PartialDate
from positions.printable import inert_json, printable
from positions.questions.answers import (
    Answer,
    ComparedTarget,
    Comparison,
    ContestedTarget,
    Evidence,
    History,
    PositionRow,
    SaidAnswer,
    Tie,
    TiesAnswer,
    WhoAnswer,
)
from positions.questions.camps import Camp, CampsAnswer

#: Width of the table when the output is not a terminal.
DEFAULT_WIDTH = 80
_GAP = "  "
_INDENT = "    "
_NONE = "—"


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MD = "md"


def to_data(value: Any) -> Any:
    """A query result as plain JSON data: an answer (``who``, ``history``, ``compare``, ...)
    -> one object (``answer_data``); other dataclasses -> dicts (their fields, in order),
    tuples -> lists, enums -> their value, dates -> the text as written."""
    if isinstance(value, Answer | History | Comparison):
        return answer_data(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # a field kept out of the repr is internal (the network behind a figure): not data
        return {
            f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value) if f.repr
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_data(v) for v in value]
    return value


#: Fields every answer's JSON writes in its own place (or, ``totals``, inside ``counts``).
_ENVELOPE = {
    "as_of",
    "undated_left_out",
    "earliest",
    "more",
    "totals",
    "rows",
    "entries",
    "question",
}
_RELATION_GROUPS = {"agree", "disagree", "neither", "only_a", "only_b"}


def question_of(answer: Answer[Any] | History | Comparison) -> str:
    """The name of the question an answer answers: ``who``, ``allies``, ``coalitions``, ..."""
    if isinstance(answer, TiesAnswer):
        return answer.relation
    if isinstance(answer, CampsAnswer):
        return "coalitions"
    return answer.question


def answer_counts(answer: Answer[Any] | History | Comparison) -> dict[str, int]:
    """The headline counts of an answer (of the whole answer, also under ``--limit``)."""
    if isinstance(answer, CampsAnswer) and answer.totals is None:
        return {"camps": len(answer.rows), "unaligned": len(answer.unaligned)}
    return dict(answer.counts)


def answer_data(answer: Answer[Any] | History | Comparison) -> dict[str, Any]:
    """An answer as one JSON object, the same keys for every question where they apply:
    ``question``; what it resolved (``target``, ``target_name``, ``actor``, ...);
    ``as_of`` (null: everything); ``undated_left_out`` (undated statements an as-of answer
    left out, 0 when none); ``earliest`` (the earliest statement date, when ``as_of`` is
    before it; else null); ``more`` (rows a ``--limit`` left out); ``counts`` (the
    headline: e.g. actors on the target itself and on its parts only); then its other
    fields and ``rows``, every row as the Python API has it (``via`` null on the target
    itself; a history's entries; a comparison's targets, each with its ``relation``)."""
    data: dict[str, Any] = {"question": question_of(answer)}
    rest: dict[str, Any] = {}
    for f in dataclasses.fields(answer):
        if f.name in _ENVELOPE or (isinstance(answer, Comparison) and f.name in _RELATION_GROUPS):
            continue
        target = rest if f.name in ("positions", "unaligned", "consensus", "polarization") else data
        target[f.name] = to_data(getattr(answer, f.name))
    data["as_of"] = to_data(answer.as_of)
    data["undated_left_out"] = answer.undated_left_out
    # set when as_of is before every statement: why the answer is empty
    data["earliest"] = to_data(answer.earliest)
    if isinstance(answer, Answer):
        data["more"] = answer.more
    data["counts"] = answer_counts(answer)
    data.update(rest)
    rows = answer.entries if isinstance(answer, History) else answer.rows
    data["rows"] = [to_data(row) for row in rows]
    return data


def to_json(value: Any) -> str:
    """``to_data(value)`` as indented JSON text: UTF-8 characters kept as they are, every
    control or bidi character written as a ``\\u`` escape (the same data, inert on a terminal)."""
    text = json.dumps(to_data(value), indent=2, ensure_ascii=False)
    return inert_json(text)


@dataclass
class Sheet:
    """A result laid out for people: a title, columns and rows (Markdown shows them all),
    and flat records with ids for CSV.

    The table view puts the ``grid`` columns side by side and prints the other columns
    under each row, indented and wrapped to the full width: long quotes stay readable in
    80 columns. A detail column in ``bare`` is printed without its name; a detail whose
    value is empty or "—" is left out.
    """

    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    empty: str = "Nothing found."
    grid: list[int] | None = None
    bare: set[int] = field(default_factory=set)
    #: the CSV columns (the keys of each record), so an empty answer still has its header
    fields: list[str] = field(default_factory=list)
    #: headings printed before a row (by its index): "on parts of ...", "undated"
    headings: dict[int, str] = field(default_factory=dict)
    #: lines printed under the table: what the answer left out and why
    notes: list[str] = field(default_factory=list)


def render(
    result: Any, sheet: Sheet, output: Format, width: int = DEFAULT_WIDTH, raw: bool = False
) -> str:
    """The text of ``result`` in ``output`` format (``sheet`` lays it out for all but JSON).

    The text ends with a newline. ``raw`` writes CSV cells exactly as the data has them,
    for a program to read (by default a cell a spreadsheet would evaluate starts with ``'``).
    """
    with gcpause.paused():  # a line and its pieces per statement: nothing to collect
        if output is Format.JSON:
            return to_json(result) + "\n"
        if output is Format.CSV:
            return _csv(sheet, raw)
        if output is Format.MD:
            return _markdown(sheet)
        return _table(_printable(sheet), width)


def _printable(sheet: Sheet) -> Sheet:
    """The sheet with every control character of its text shown as an escape."""
    return dataclasses.replace(
        sheet,
        title=printable(sheet.title),
        columns=[printable(c) for c in sheet.columns],
        rows=[[printable(c) for c in row] for row in sheet.rows],
        empty=printable(sheet.empty),
    )


# --- formats -----------------------------------------------------------------------------


def _csv(sheet: Sheet, raw: bool = False) -> str:
    buffer = io.StringIO()
    write_csv(sheet.fields, sheet.records, buffer, raw)
    return buffer.getvalue()


def write_csv(
    fields: Sequence[str], records: Iterable[dict[str, Any]], stream: TextIO, raw: bool = False
) -> None:
    """The CSV of ``records`` (a header of ``fields``, then a row each) written to
    ``stream`` as they come: a sheet's CSV, for records too many to hold at once."""
    writer = csv.DictWriter(stream, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: csv_cell(v, raw) for k, v in record.items()})


def _md_cell(text: str) -> str:
    return md_escape(text) or " "


def _markdown(sheet: Sheet) -> str:
    lines = [f"**{_md_cell(sheet.title)}**", ""]
    notes = [f"_{_md_cell(note)}_" for note in sheet.notes]
    if not sheet.rows:
        lines.append(f"_{_md_cell(sheet.empty)}_")
        return "\n".join([*lines, *(["", *notes] if notes else [])]) + "\n"
    return "\n".join([*lines, *_markdown_rows(sheet, sheet.rows), *_notes_after(notes)]) + "\n"


def _markdown_rows(sheet: Sheet, rows: Iterable[Sequence[str]]) -> Iterator[str]:
    """The lines of ``rows`` in Markdown: a header over the first row and over each
    heading's rows (``sheet.headings``), a line per row."""
    header = [
        "| " + " | ".join(_md_cell(c) for c in sheet.columns) + " |",
        "|" + "|".join(" --- " for _ in sheet.columns) + "|",
    ]
    for index, row in enumerate(rows):
        if index in sheet.headings:
            if index:
                yield ""
            yield from (f"**{_md_cell(sheet.headings[index])}**", "")
        if not index or index in sheet.headings:
            yield from header
        yield "| " + " | ".join(_md_cell(c) for c in row) + " |"


def _notes_after(notes: list[str]) -> list[str]:
    return ["", *notes] if notes else []


def write_markdown(sheet: Sheet, rows: Iterable[Sequence[str]], stream: TextIO) -> None:
    """``render``'s Markdown of ``sheet`` with ``rows`` for its rows (``sheet.rows`` unused,
    ``rows`` at least one), written to ``stream`` a batch of rows at a time."""
    notes = [f"_{_md_cell(note)}_" for note in sheet.notes]
    lines = itertools.chain(
        (f"**{_md_cell(sheet.title)}**", ""), _markdown_rows(sheet, rows), _notes_after(notes)
    )
    write_lines(lines, stream)


#: How many lines a streamed table or Markdown writes at once.
LINE_BATCH = 20_000


def write_lines(lines: Iterable[str], stream: TextIO, batch: int | None = None) -> None:
    """Each of ``lines`` and a newline written to ``stream``, ``batch`` lines at a time
    (``LINE_BATCH`` unless given): the text of ``"\\n".join(lines) + "\\n"``."""
    lines = iter(lines)
    while chunk := list(itertools.islice(lines, batch or LINE_BATCH)):
        stream.write("\n".join(chunk) + "\n")


def column_widths(columns: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[int]:
    """Widths that fit ``width`` columns: every column its natural width when all fit;
    otherwise the widest column gives up a character at a time, first down to its longest
    word (at most 20), then down to its header, so short columns are never wrapped."""
    count = len(columns)
    available = max(width - len(_GAP) * (count - 1), count)
    widths = [max([len(columns[i]), *(len(row[i]) for row in rows)]) for i in range(count)]
    longest_word = [
        max([len(columns[i]), *(len(w) for row in rows for w in row[i].split())])
        for i in range(count)
    ]
    floors = (
        [max(len(columns[i]), min(longest_word[i], 20)) for i in range(count)],
        [max(len(columns[i]), 4) for i in range(count)],
    )
    for floor in floors:
        while sum(widths) > available:
            shrinkable = [i for i in range(count) if widths[i] > floor[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: (widths[i], -i))
            widths[widest] -= 1
    return widths


@functools.cache
def _line_pattern(room: int) -> re.Pattern[str]:
    """At most ``room`` characters followed by a space (consumed) or the end."""
    return re.compile(f"(.{{1,{room}}})(?: |$)")


def _single_spaced(text: str) -> bool:
    """Whether ``text`` is its words joined by single spaces (``" ".join(text.split())``):
    a printable text holds no whitespace but the space."""
    return text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " "


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` characters, breaking at spaces (a word longer
    than a line is cut); the same as ``textwrap.wrap`` for our cells, several times faster."""
    room = max(width - len(indent), 1)
    if len(text) > room and _single_spaced(text):  # a long quote, as most are: not split
        fitted = _line_pattern(room).findall(text)
        if sum(map(len, fitted)) + len(fitted) - 1 == len(text):  # no word cut: none skipped
            return [indent + line for line in fitted]
    words = text.split()
    if len(text) <= room:  # most cells fit: one line, its words single-spaced
        return [indent + " ".join(words)]
    if words and max(map(len, words)) <= room:
        # no word to cut: each line is the longest run of whole words that fits, which a
        # regular expression finds at C speed on the single-spaced text
        return [indent + line for line in _line_pattern(room).findall(" ".join(words))]
    lines: list[str] = []
    line = ""
    for word in words:
        while len(word) > room:
            if line:
                lines.append(indent + line)
                line = ""
            lines.append(indent + word[:room])
            word = word[room:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= room:
            line += " " + word
        else:
            lines.append(indent + line)
            line = word
    if line:
        lines.append(indent + line)
    return lines or [indent]


def _table(sheet: Sheet, width: int) -> str:
    if not sheet.rows:
        out = [*wrap(sheet.title, width), "", sheet.empty]
        notes = [line for note in sheet.notes for line in wrap(note, width)]
        return "\n".join([*out, *_notes_after(notes)]) + "\n"
    layout = TableLayout(sheet, width)
    blocks = [layout.block(row) for row in sheet.rows]
    spaced = any(len(block) > 1 for block in blocks)
    out = layout.head()
    for index, block in enumerate(blocks):
        out.extend(layout.before(index, spaced))
        out.extend(block)
    out.extend(layout.tail())
    return "\n".join(out) + "\n"


class TableLayout:
    """A printable sheet's table as lines (``render``'s table): its head, each row's block
    (the grid cells side by side, the details under them) and its tail, the grid's widths
    set once from ``grid_cells`` (every row's grid cells; by default ``sheet.rows``'), so
    that a table of many rows can be written a batch of rows at a time."""

    def __init__(
        self, sheet: Sheet, width: int, grid_cells: Sequence[Sequence[str]] | None = None
    ) -> None:
        self.sheet, self.width = sheet, width
        self.grid = sheet.grid if sheet.grid is not None else list(range(len(sheet.columns)))
        self.details = [i for i in range(len(sheet.columns)) if i not in self.grid]
        self.headers = [sheet.columns[i].upper() for i in self.grid]
        if grid_cells is None:
            grid_cells = [[row[i] for i in self.grid] for row in sheet.rows]
        self.widths = column_widths(self.headers, grid_cells, width)
        # names, targets and dates repeat down a column: each cell is wrapped once
        self.made: list[dict[str, list[str]]] = [{} for _ in self.widths]

    def head(self) -> list[str]:
        """The title, the first heading and the grid's header."""
        sheet, width = self.sheet, self.width
        out = [*wrap(sheet.title, width), ""]
        if 0 in sheet.headings:
            out.extend([*wrap(sheet.headings[0], width), ""])
        out.extend(self._lines_of(self.headers))
        out.append(_GAP.join("-" * w for w in self.widths))
        return out

    def before(self, index: int, spaced: bool) -> list[str]:
        """What comes before row ``index``'s block: its heading, or a blank line when
        ``spaced`` (``render`` spaces the rows when a row's block has more than one line)."""
        if index and index in self.sheet.headings:
            return ["", *wrap(self.sheet.headings[index], self.width), ""]
        return [""] if spaced and index else []

    def block(self, row: Sequence[str]) -> list[str]:
        """A row's lines: its grid cells, then its details."""
        return self._lines_of([row[i] for i in self.grid]) + self._details_of(row)

    def tail(self) -> list[str]:
        """The notes under the table."""
        return _notes_after([line for note in self.sheet.notes for line in wrap(note, self.width)])

    def _wrapped_cell(self, cell: str, column: int) -> list[str]:
        found = self.made[column].get(cell)
        if found is None:
            found = self.made[column][cell] = wrap(cell, self.widths[column])
        return found

    def _lines_of(self, cells: Sequence[str]) -> list[str]:
        wrapped = [self._wrapped_cell(cell, i) for i, cell in enumerate(cells)]
        widths = self.widths
        return [  # each line's cells padded to their widths (a short cell's lines run out)
            _GAP.join(map(str.ljust, line, widths)).rstrip()
            for line in itertools.zip_longest(*wrapped, fillvalue="")
        ]

    def _details_of(self, row: Sequence[str]) -> list[str]:
        sheet, room = self.sheet, max(self.width, len(_INDENT) + 20)
        lines: list[str] = []
        for i in self.details:
            if row[i] in ("", _NONE):
                continue
            text = row[i] if i in sheet.bare else f"{sheet.columns[i]}: {row[i]}"
            lines.extend(wrap(text, room, _INDENT))
        return lines


def write_table(
    sheet: Sheet,
    grid_cells: Sequence[Sequence[str]],
    rows: Iterable[Sequence[str]],
    width: int,
    stream: TextIO,
    spaced: bool,
) -> None:
    """``render``'s table of ``sheet`` with ``rows`` for its rows (``sheet.rows`` unused),
    written to ``stream`` a batch of rows at a time: ``grid_cells`` are every row's grid
    cells, for the widths, and ``spaced`` whether any row's block has more than one line
    (the rows are then set apart by a blank line)."""
    if not grid_cells:
        stream.write(_table(_printable(sheet), width))
        return
    head = _printable(sheet)
    layout = TableLayout(head, width, [[printable(c) for c in row] for row in grid_cells])

    def lines() -> Iterator[str]:
        yield from layout.head()
        for index, row in enumerate(rows):
            yield from layout.before(index, spaced)
            yield from layout.block([printable(c) for c in row])
        yield from layout.tail()

    write_lines(lines(), stream)


# --- cells -------------------------------------------------------------------------------


def said(evidence: Evidence) -> str:
    """The quote in quotation marks, or the paraphrase marked "(paraphrase)"."""
    if evidence.is_paraphrase:
        return f"(paraphrase) {evidence.text}"
    return f"“{evidence.text}”"


def _source(evidence: Evidence) -> str:
    return evidence.source_title or evidence.source


def evidence_date(evidence: Evidence) -> str:
    """A statement's date as people read it: "2024-07", "source published 2024-07" when the
    source's date stands in, or "undated"."""
    if evidence.date is None:
        return "undated"
    return f"source published {evidence.date}" if evidence.date_from_source else evidence.date


def left_out_note(
    count: int, as_of: PartialDate | None, earliest: PartialDate | None = None
) -> list[str]:
    """The footer of a date-bounded answer: how many undated statements it left out, and,
    when ``as_of`` is before every statement (``earliest``), that nothing counts yet."""
    notes = []
    if as_of is not None and earliest is not None:
        notes.append(f"{as_of} is before every dated statement: the earliest is {earliest}.")
    if as_of is None or not count:
        return notes
    plural = "statement" if count == 1 else "statements"
    notes.append(
        f"{count} undated {plural} left out: an undated statement never counts as of {as_of}."
    )
    return notes


def _stance_cell(stance: str, via_name: str | None, own: str | None = None) -> str:
    text = stance
    if own is not None and own != stance:
        text += f" ({own} here)"
    if via_name:
        text += f" via {via_name}"
    return text


#: The CSV columns naming a row's actor, target (and the part it is on) and stance.
ROW_FIELDS = ["actor", "actor_name", "target", "target_name", "via", "via_name", "stance"]
EVIDENCE_FIELDS = [
    "statement",
    "statement_target",
    "statement_stance",
    "condition",
    "text",
    "is_paraphrase",
    "speaker",
    "speaker_name",
    "date",
    "date_from_source",
    "source",
    "source_title",
    "source_url",
]


def _evidence_record(evidence: Evidence, prefix: str = "") -> dict[str, Any]:
    return {
        f"{prefix}statement": evidence.statement,
        f"{prefix}statement_target": evidence.target,
        f"{prefix}statement_stance": evidence.stance,
        f"{prefix}condition": evidence.condition,
        f"{prefix}text": evidence.text,
        f"{prefix}is_paraphrase": evidence.is_paraphrase,
        f"{prefix}speaker": evidence.speaker,
        f"{prefix}speaker_name": evidence.speaker_name,
        f"{prefix}date": evidence.date,
        f"{prefix}date_from_source": evidence.date_from_source,
        f"{prefix}source": evidence.source,
        f"{prefix}source_title": evidence.source_title,
        f"{prefix}source_url": evidence.source_url,
    }


def _brief(evidence: Sequence[Evidence], stance: str | None) -> str:
    """A side of a comparison in one cell: stance, then each statement with who and when."""
    if stance is None:
        return _NONE
    parts = []
    for item in evidence:
        who = ", ".join(x for x in (item.speaker_name, evidence_date(item), _source(item)) if x)
        condition = f" [condition: {item.condition}]" if item.condition else ""
        parts.append(f"{said(item)}{condition} ({who})")
    return f"{stance}: " + " · ".join(parts)


# --- sheets, one per kind of result ------------------------------------------------------


def parts_heading(target_name: str, itself: bool = True) -> str:
    """The heading of the rows on a target's parts (DESIGN.md v2, Parts)."""
    if itself:
        return f"On parts of {target_name}:"
    return f"On parts of {target_name} (none on it itself):"


def who_headline(found: WhoAnswer, verb: str, verb_plural: str) -> str:
    """How many actors take the stance on the target itself, and how many more only on its
    parts: "15 actors oppose it itself; 10 more oppose parts of it"."""
    itself, parts = len(found.actors_on_target), len(found.actors_on_parts_only)

    def actors(count: int, noun: str = "actor") -> str:
        return f"{count} {noun}{'' if count == 1 else 's'} {verb if count == 1 else verb_plural}"

    if not parts:
        return f"{actors(itself)} it"
    if not itself:
        return f"no actor {verb} it itself; {actors(parts)} parts of it"
    more = f"{parts} more {verb if parts == 1 else verb_plural}"
    return f"{actors(itself)} it itself; {more} parts of it"


def actor_label(row: PositionRow) -> str:
    """The actor's name, marked "(collective)" for a group named only as a whole."""
    return f"{row.actor_name} (collective)" if row.collective else row.actor_name


def _note_left_out(sheet: Sheet, rows: Sequence[Any]) -> None:
    if isinstance(rows, Answer):
        sheet.notes.extend(left_out_note(rows.undated_left_out, rows.as_of, rows.earliest))
        if rows.more:
            sheet.notes.append(f"{rows.more} more not shown (--limit {len(rows.rows)}).")


POSITION_COLUMNS = ["Actor", "Stance", "Condition", "Quote", "Speaker", "Date", "Source"]


def position_sheet(
    rows: Sequence[PositionRow], title: str, empty: str, by_target: bool = False
) -> Sheet:
    """Position rows (who, position; ``by_target`` for stances): one line per statement of
    evidence, led by the actor (or, ``by_target``, the target)."""
    sheet = Sheet(
        title,
        ["Target", *POSITION_COLUMNS[1:]] if by_target else list(POSITION_COLUMNS),
        empty=empty,
        grid=[0, 1, 4, 5],
        bare={3},
        fields=[
            *ROW_FIELDS,
            "position_date",
            *EVIDENCE_FIELDS,
        ],
    )
    _note_left_out(sheet, rows)
    for index, row in enumerate(rows):
        if not by_target and row.via is not None and (index == 0 or rows[index - 1].via is None):
            sheet.headings[len(sheet.rows)] = parts_heading(row.target_name, itself=index > 0)
        for evidence in row.evidence:
            sheet.rows.append(
                [
                    row.target_name if by_target else actor_label(row),
                    _stance_cell(row.stance, row.via_name, evidence.stance),
                    evidence.condition or _NONE,
                    said(evidence),
                    evidence.speaker_name or _NONE,
                    evidence_date(evidence),
                    _source(evidence),
                ]
            )
            sheet.records.append(
                {
                    "actor": row.actor,
                    "actor_name": row.actor_name,
                    "target": row.target,
                    "target_name": row.target_name,
                    "via": row.via,
                    "via_name": row.via_name,
                    "stance": row.stance,
                    "position_date": row.date,
                    **_evidence_record(evidence),
                }
            )
    return sheet


#: The heading of a history's undated statements, listed after the dated ones.
UNDATED_HEADING = "Undated (neither the statement nor its source gives a date):"


def history_sheet(result: History) -> Sheet:
    """An actor's statements on a target, oldest first, then the undated ones under their
    own heading; NOW marks those deciding today (or as of)."""
    when = f" as of {result.as_of}" if result.as_of else " now"
    if result.target_name is None:
        now = "; ".join(f"{p.stance} on {p.target_name}" for p in result.positions) or "none"
        title = f"Everything {result.actor_name} said (positions{when}: {now})"
        empty = f"{result.actor_name} has said nothing."
    else:
        now = "; ".join(_stance_cell(p.stance, p.via_name) for p in result.positions) or "none"
        title = f"History of {result.actor_name} on {result.target_name} (position{when}: {now})"
        empty = f"{result.actor_name} has said nothing on {result.target_name}."
    sheet = Sheet(
        title,
        ["Date", "Stance", "Condition", "Quote", "Speaker", "Source", "Now"],
        empty=empty,
        grid=[0, 1, 4, 6],
        bare={3},
        fields=[
            *ROW_FIELDS,
            "current",
            *EVIDENCE_FIELDS,
        ],
    )
    sheet.notes = left_out_note(result.undated_left_out, result.as_of, result.earliest)
    for index, entry in enumerate(result.entries):
        evidence = entry.evidence
        if entry.date is None and (index == 0 or result.entries[index - 1].date is not None):
            sheet.headings[len(sheet.rows)] = UNDATED_HEADING
        sheet.rows.append(
            [
                evidence_date(entry.evidence),
                (
                    f"{entry.stance} on {entry.via_name}"
                    if result.target is None
                    else _stance_cell(entry.stance, entry.via_name)
                ),
                evidence.condition or _NONE,
                said(evidence),
                evidence.speaker_name or _NONE,
                _source(evidence),
                "yes" if entry.current else "",
            ]
        )
        sheet.records.append(
            {
                "actor": result.actor,
                "actor_name": result.actor_name,
                "target": result.target,
                "target_name": result.target_name,
                "via": entry.via,
                "via_name": entry.via_name,
                "stance": entry.stance,
                "current": entry.current,
                **_evidence_record(evidence),
            }
        )
    return sheet


def said_sheet(result: SaidAnswer) -> Sheet:
    """What a person said: one line per stance, for whom and on what, oldest first."""
    sheet = Sheet(
        f"What {result.person_name} said{f', as of {result.as_of}' if result.as_of else ''}: "
        f"{len(result.rows)} stance{'' if len(result.rows) == 1 else 's'}",
        ["Date", "For", "On", "Stance", "Quote", "Source"],
        empty=f"{result.person_name} is the speaker of no statement.",
        grid=[0, 1, 2, 3],
        bare={4},
        fields=[
            "person",
            "person_name",
            "actor",
            "actor_name",
            "target",
            "target_name",
            "stance",
            *EVIDENCE_FIELDS,
        ],
    )
    _note_left_out(sheet, result)
    for row in result:
        evidence = row.evidence
        sheet.rows.append(
            [
                evidence_date(evidence),
                row.actor_name,
                row.target_name,
                row.stance,
                said(evidence),
                _source(evidence),
            ]
        )
        sheet.records.append(
            {
                "person": result.person,
                "person_name": result.person_name,
                "actor": row.actor,
                "actor_name": row.actor_name,
                "target": row.target,
                "target_name": row.target_name,
                "stance": row.stance,
                **_evidence_record(evidence),
            }
        )
    return sheet


def tie_sheet(ties: Sequence[Tie], actor_name: str, title: str, empty: str) -> Sheet:
    """Allies or opponents: each tie's counts, then one line per shared target."""
    columns = [
        "Actor",
        "Agree",
        "Disagree",
        "Shared",
        "Index",
        "On",
        f"{actor_name} says",
        "They say",
    ]
    fields = [
        "actor",
        "actor_name",
        "other",
        "other_name",
        "agree",
        "disagree",
        "weight",
        "shared",
        "index",
        "target",
        "target_name",
        "agrees_here",
        "stance",
        "other_stance",
        "statements",
        "other_statements",
    ]
    sheet = Sheet(title, columns, empty=empty, grid=[0, 1, 2, 3, 4, 5], fields=fields)
    _note_left_out(sheet, ties)
    for tie in ties:
        for index, item in enumerate(tie.evidence):
            first = index == 0
            sheet.rows.append(
                [
                    tie.other_name if first else "",
                    str(tie.agree) if first else "",
                    str(tie.disagree) if first else "",
                    str(tie.shared) if first else "",
                    f"{tie.index:+.2f}" if first else "",
                    f"{item.target_name} ({'agree' if item.agree else 'disagree'})",
                    _brief(item.evidence, item.stance),
                    _brief(item.other_evidence, item.other_stance),
                ]
            )
            sheet.records.append(
                {
                    "actor": tie.actor,
                    "actor_name": tie.actor_name,
                    "other": tie.other,
                    "other_name": tie.other_name,
                    "agree": tie.agree,
                    "disagree": tie.disagree,
                    "weight": tie.weight,
                    "shared": tie.shared,
                    "index": tie.index,
                    "target": item.target,
                    "target_name": item.target_name,
                    "agrees_here": item.agree,
                    "stance": item.stance,
                    "other_stance": item.other_stance,
                    "statements": " ".join(e.statement for e in item.evidence),
                    "other_statements": " ".join(e.statement for e in item.other_evidence),
                }
            )
    return sheet


_RELATION_TEXT = {
    "agree": "agree",
    "disagree": "disagree",
    "neither": "neither side",
    "only_a": "only {a}",
    "only_b": "only {b}",
}


def comparison_sheet(result: Comparison) -> Sheet:
    """Two actors side by side, target by target: agree, disagree, neither, only one."""
    sheet = Sheet(
        f"{result.a_name} compared with {result.b_name}"
        f"{f', as of {result.as_of}' if result.as_of else ''}: {len(result.agree)} agree, "
        f"{len(result.disagree)} disagree, {len(result.neither)} neither side, "
        f"{len(result.only_a)} only {result.a_name}, {len(result.only_b)} only {result.b_name}",
        ["", "Target", result.a_name, result.b_name],
        empty=f"Neither {result.a_name} nor {result.b_name} has a position.",
        grid=[0, 1],
        fields=[
            "relation",
            "target",
            "target_name",
            "a",
            "a_stance",
            "a_statements",
            "b",
            "b_stance",
            "b_statements",
        ],
    )
    sheet.notes = left_out_note(result.undated_left_out, result.as_of, result.earliest)
    groups: list[tuple[ComparedTarget, ...]] = [
        result.agree,
        result.disagree,
        result.neither,
        result.only_a,
        result.only_b,
    ]
    for group in groups:
        for item in group:
            relation = _RELATION_TEXT[item.relation.value].format(a=result.a_name, b=result.b_name)
            sheet.rows.append(
                [
                    relation,
                    item.target_name,
                    _brief(item.a_evidence, item.a_stance),
                    _brief(item.b_evidence, item.b_stance),
                ]
            )
            sheet.records.append(
                {
                    "relation": item.relation,
                    "target": item.target,
                    "target_name": item.target_name,
                    "a": result.a,
                    "a_stance": item.a_stance,
                    "a_statements": " ".join(e.statement for e in item.a_evidence),
                    "b": result.b,
                    "b_stance": item.b_stance,
                    "b_statements": " ".join(e.statement for e in item.b_evidence),
                }
            )
    return sheet


def contested_sheet(targets: Sequence[ContestedTarget], title: str) -> Sheet:
    """Targets ranked by how split the actors are, with who stands on each side."""
    sheet = Sheet(
        title,
        ["Target", "Support", "Oppose", "Mixed", "Neutral", "Supporters", "Opponents"],
        empty="No target has both supporters and opponents.",
        grid=[0, 1, 2, 3, 4],
        fields=[
            "target",
            "target_name",
            "support",
            "oppose",
            "mixed",
            "neutral",
            "split",
            "balance",
            "supporters",
            "opponents",
        ],
    )
    _note_left_out(sheet, targets)
    for item in targets:

        def names(stance: str, item: ContestedTarget = item) -> list[PositionRow]:
            return [p for p in item.positions if p.stance == stance]

        supporters, opposers = names("support"), names("oppose")
        sheet.rows.append(
            [
                item.target_name,
                str(item.support),
                str(item.oppose),
                str(item.mixed),
                str(item.neutral),
                ", ".join(p.actor_name for p in supporters),
                ", ".join(p.actor_name for p in opposers),
            ]
        )
        sheet.records.append(
            {
                "target": item.target,
                "target_name": item.target_name,
                "support": item.support,
                "oppose": item.oppose,
                "mixed": item.mixed,
                "neutral": item.neutral,
                "split": item.split,
                "balance": item.balance,
                "supporters": " ".join(p.actor for p in supporters),
                "opponents": " ".join(p.actor for p in opposers),
            }
        )
    return sheet


def coalition_sheet(found: Sequence[Camp], title: str) -> Sheet:
    """Camps, largest first: each named by what defines it, its stability over the
    re-runs, its members (most agreeing first), the defining targets with the share of the
    camp and of the others taking that side, and its swing actors."""
    sheet = Sheet(
        title,
        ["Camp", "Agreements", "Stability", "Members", "Defined by", "Swing"],
        empty="No two actors agree on anything: no camps.",
        grid=[0, 1, 2],
        fields=[
            "number",
            "label",
            "members",
            "names",
            "agreements",
            "stability",
            "defining",
            "swing",
        ],
    )
    for camp in found:
        stability = "—" if camp.stability is None else f"{camp.stability:.0%}"
        defining = "; ".join(
            f"{d.phrase} ({d.share:.0%} of the camp, {d.others_share:.0%} of the others)"
            for d in camp.defining
        )
        sheet.rows.append(
            [
                camp.label,
                str(camp.agreements),
                stability,
                ", ".join(camp.names),
                defining or "—",
                ", ".join(camp.names[camp.members.index(m)] for m in camp.swing) or "—",
            ]
        )
        sheet.records.append(
            {
                "number": camp.number,
                "label": camp.label,
                "members": " ".join(camp.members),
                "names": "; ".join(camp.names),
                "agreements": camp.agreements,
                "stability": camp.stability,
                "defining": "; ".join(f"{d.stance.value} {d.target}" for d in camp.defining),
                "swing": " ".join(camp.swing),
            }
        )
    return sheet


def camps_title(found: CampsAnswer, when: str) -> str:
    """The title of the camps' table: the polarization figure and the consensus targets."""
    title = f"Camps{when}: communities of the signed alignment network, largest first"
    if found.polarization is not None:
        title += f"; polarization {found.polarization.value:.2f}"
    if found.consensus:
        title += "; every camp " + "; ".join(c.phrase for c in found.consensus)
    return title
