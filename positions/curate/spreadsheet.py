"""Importing statements coded in a spreadsheet (CSV or XLSX): one row per statement.

The first row names the columns (in any order, case and spacing aside):

| column | holds |
| --- | --- |
| ``id`` | optional: the statement's id (made from the actor and the words when empty) |
| ``actor`` | the stakeholder whose position it is: id, name or alias |
| ``speaker`` | optional: the person who said it (id, name or alias) |
| ``date`` | optional: YYYY, YYYY-MM or YYYY-MM-DD (a date cell is read as YYYY-MM-DD) |
| ``source`` | the source: id or title |
| ``quote`` / ``paraphrase`` | the words, verbatim; or what the source reports |
| ``target``, ``stance``, ``condition`` | the first stance: target by id, name, label or alias |
| ``target 2``, ``stance 2``, ``condition 2``, ... | further stances of the same statement |

Every row is validated with the whole dataset before anything is written; each problem is
placed at ``FILE:ROW:COLUMN`` (1-based, as spreadsheets count) with the code ``positions
check`` gives it. The statements are then appended to ``statements.yaml`` at once,
atomically, like ``positions add``.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from positions.curate.add import (
    LOCK_TIMEOUT,
    AddError,
    NewRecordProblem,
    RecordProblems,
    Staged,
    data_lock,
    resolve_references,
    retrying,
    stage_records,
    write_staged,
)
from positions.data.loader import load_checked, require_data_dir
from positions.data.names import did_you_mean, fold_name
from positions.data.problems import Problem

#: The columns of a statement row, in the order a record lists them.
SCALAR_COLUMNS = ("id", "actor", "speaker", "date", "source", "quote", "paraphrase")
STANCE_COLUMNS = ("target", "stance", "condition")
_NUMBERED = re.compile(r"(target|stance|condition)\s*(\d+)")


class SheetError(AddError):
    """The file cannot be read as a sheet of statements (its format, its header row)."""


@dataclass(frozen=True)
class Imported:
    """What was (or, on a dry run, would be) appended."""

    file: Path
    count: int
    #: the first line of the first new record in statements.yaml
    line: int
    existing_problems: int


@dataclass(frozen=True)
class _Row:
    number: int
    cells: list[str]


def read_rows(path: Path) -> tuple[list[str], list[_Row]]:
    """The header and the non-empty rows of a CSV or XLSX file, every cell as text."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = list(_csv_rows(path))
    elif suffix in (".xlsx", ".xlsm"):
        rows = list(_xlsx_rows(path))
    else:
        raise SheetError(f"{path} is not a .csv or .xlsx file")
    if not rows:
        raise SheetError(f"{path} is empty: its first row must name the columns")
    header, *body = rows
    return header.cells, [row for row in body if any(cell for cell in row.cells)]


def _csv_rows(path: Path) -> Iterator[_Row]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SheetError(f"{path} is not UTF-8 text ({error.reason}); save it as UTF-8") from None
    except OSError as error:
        raise SheetError(f"cannot read {path}: {error.strerror or error}") from error
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), 1):
        yield _Row(number, [cell.strip() for cell in cells])


def _xlsx_rows(path: Path) -> Iterator[_Row]:
    from zipfile import BadZipFile

    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as error:
        raise SheetError(f"{path} cannot be read as an XLSX workbook: {error}") from error
    try:
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            yield _Row(number, [_cell_text(value) for value in values])
    finally:
        book.close()


def _cell_text(value: Any) -> str:
    """A cell as the text a curator typed: dates as YYYY-MM-DD, whole numbers without .0."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _column_key(header: str) -> tuple[str, int] | None:
    """``"Target 2"`` -> ``("target", 1)``; ``"actor"`` -> ``("actor", 0)``; None if unknown."""
    name = fold_name(header).replace("_", " ")
    if name in SCALAR_COLUMNS or name in STANCE_COLUMNS:
        return name, 0
    numbered = _NUMBERED.fullmatch(name)
    if numbered and int(numbered.group(2)) >= 1:
        return numbered.group(1), int(numbered.group(2)) - 1
    return None


def column_letter(number: int) -> str:
    """1 -> A, 27 -> AA (how spreadsheets name columns)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def import_statements(
    data_dir: str | os.PathLike[str],
    sheet: str | os.PathLike[str],
    *,
    dry_run: bool = False,
    lock_timeout: float = LOCK_TIMEOUT,
    on_wait: Callable[[Path], None] | None = None,
) -> Imported:
    """Append the statements of a CSV or XLSX sheet to statements.yaml, validated first.

    Raises ``SheetError`` (the file, its header), ``RecordProblems`` whose problems are
    ``Problem``s placed at ``sheet:ROW:COLUMN`` (nothing written), ``WriteError``,
    ``DataChanged`` (statements.yaml kept changing while it was validated) or ``LockError``
    (another writer held the lock past ``lock_timeout`` seconds).
    """
    root = Path(data_dir)
    require_data_dir(root)
    path = Path(sheet)
    header, rows = read_rows(path)
    columns: dict[tuple[str, int], int] = {}  # (field, stance index) -> 0-based column
    problems: list[Problem] = []
    known = [*SCALAR_COLUMNS, *STANCE_COLUMNS]
    for position, title in enumerate(header):
        if not title:
            continue
        key = _column_key(title)
        if key is None:
            hint = did_you_mean(fold_name(title), known) or f"the columns are {', '.join(known)}"
            problems.append(
                Problem(
                    "import-column", str(path), 1, position + 1, f"unknown column '{title}'", hint
                )
            )
        elif key in columns:
            problems.append(
                Problem("import-column", str(path), 1, position + 1, f"column '{title}' twice")
            )
        else:
            columns[key] = position
    for required in (("actor", 0), ("source", 0), ("target", 0), ("stance", 0)):
        if required not in columns:
            problems.append(
                Problem("import-column", str(path), 1, 1, f"no column '{required[0]}'", None)
            )
    if ("quote", 0) not in columns and ("paraphrase", 0) not in columns:
        problems.append(
            Problem("import-column", str(path), 1, 1, "no column 'quote' or 'paraphrase'")
        )
    if problems:
        raise RecordProblems(problems)
    if not rows:
        raise SheetError(f"{path} has no statement rows under its header")
    stance_count = 1 + max(index for _, index in columns)
    lock = data_lock(root, timeout=lock_timeout, on_wait=on_wait)
    with lock if not dry_run else contextlib.nullcontext():
        staged = retrying(lambda: _import_once(root, path, rows, columns, stance_count, dry_run))
    return Imported(staged.path, len(staged.lines), staged.lines[0], staged.existing_problems)


def _import_once(
    root: Path,
    path: Path,
    rows: Sequence[_Row],
    columns: dict[tuple[str, int], int],
    stance_count: int,
    dry_run: bool,
) -> Staged:
    """Read, validate and (unless ``dry_run``) write the rows once, holding the lock."""
    loaded = load_checked(root)
    records = _records(rows, columns, stance_count, loaded[0])
    try:
        staged = stage_records(root, "statements", records, loaded=loaded)
    except RecordProblems as error:
        placed = sorted(
            (_placed(p, path, rows, columns) for p in error.problems), key=Problem.sort_key
        )
        raise RecordProblems(placed) from None
    if not dry_run:
        write_staged(root, staged)
    return staged


def _records(
    rows: Sequence[_Row], columns: dict[tuple[str, int], int], stance_count: int, ds: Any
) -> list[dict[str, Any]]:
    taken = set(ds.statements)
    if ("id", 0) in columns:
        at = columns[("id", 0)]
        taken.update(row.cells[at] for row in rows if at < len(row.cells) and row.cells[at])
    records: list[dict[str, Any]] = []
    for row in rows:

        def cell(name: str, index: int = 0, row: _Row = row) -> str:
            at = columns.get((name, index))
            return row.cells[at] if at is not None and at < len(row.cells) else ""

        record: dict[str, Any] = {name: cell(name) for name in SCALAR_COLUMNS if cell(name)}
        stances = []
        for index in range(stance_count):
            stance = {name: cell(name, index) for name in STANCE_COLUMNS if cell(name, index)}
            if stance:
                stances.append(stance)
        record["stances"] = stances
        if "id" not in record:
            record = {"id": _new_id(record, ds, taken), **record}
        records.append(record)
    return records


def _new_id(record: dict[str, Any], ds: Any, taken: set[str]) -> str:
    """An id from the actor and the first words said, unique in the dataset and the sheet."""
    actor = resolve_references(ds, "statements", {"actor": record.get("actor", "")})[0]["actor"]
    words = str(record.get("quote") or record.get("paraphrase") or "")
    base = "-".join([*fold_name(str(actor)).split(), *fold_name(words).split()[:5]])
    base = re.sub(r"[^a-z0-9-]+", "-", base).strip("-")[:60].rstrip("-") or "statement"
    record_id, counter = base, 2
    while record_id in taken:
        record_id, counter = f"{base}-{counter}", counter + 1
    taken.add(record_id)
    return record_id


def _placed(
    problem: Problem | NewRecordProblem,
    path: Path,
    rows: Sequence[_Row],
    columns: dict[tuple[str, int], int],
) -> Problem:
    """A problem of a new record placed at its row and column of the sheet."""
    if isinstance(problem, Problem):
        return problem  # it stands in a file of the dataset: its own place says it
    field_path = problem.path
    key: tuple[str, int] = ("id", 0)
    if field_path and field_path[0] == "stances" and len(field_path) >= 2:
        index = field_path[1] if isinstance(field_path[1], int) else 0
        name = str(field_path[2]) if len(field_path) > 2 else "target"
        key = (name, index)
    elif field_path and isinstance(field_path[0], str):
        key = (field_path[0], 0)
    if key not in columns:
        key = next((k for k in (("id", 0), ("actor", 0)) if k in columns), key)
    at = columns.get(key, 0)
    row = rows[problem.record].number
    message = f"column {column_letter(at + 1)}: {problem.message}"
    return Problem(problem.code, str(path), row, at + 1, message, problem.hint)
