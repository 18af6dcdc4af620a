"""The dataset as Parquet tables, for DuckDB, pandas, Polars or Spark (the optional extra
``pip install 'positions[parquet]'``: pyarrow).

``-o DIR`` writes five tables:

- ``statements.parquet``: one row per statement (``statement``, ``actor``, ``speaker``,
  ``date`` as written, ``date_start`` its first day as a date, ``date_from_source``,
  ``source``, ``quote``, ``paraphrase``, ``text``, ``is_paraphrase``);
- ``stances.parquet``: one row per statement and target it takes a stance on (``statement``,
  ``actor``, ``target``, ``stance``, ``condition``, ``date``, ``date_start``);
- ``ties.parquet``: one row per pair of actors sharing a target (``actor_a`` < ``actor_b``,
  ``agree``, ``disagree``, ``weight``), counted by DESIGN.md's alignment rule as of
  ``--as-of`` (collective actors only with ``--include-collective``);
- ``stakeholders.parquet`` and ``targets.parquet``: ids, names, kinds, ``part_of`` and each
  target's ``instrument`` (its outermost target), to join the others on.

With ``--target`` only the stances on that target and its parts (and their statements,
and the ties over them) are written. Dates stay as written beside their first day:
``2024-07`` is never padded to a day the source did not give.

In DuckDB: ``select stance, count(*) from 'out/stances.parquet' group by stance``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from positions.data.dataset import Dataset
from positions.export.outputs import STDOUT, ExportError, ExportRequest, OutputFile
from positions.model import PartialDate

MISSING_PYARROW = "the parquet export needs pyarrow"
INSTALL_HINT = "pip install 'positions[parquet]'"


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ModuleNotFoundError:
        raise ExportError(MISSING_PYARROW, hint=INSTALL_HINT) from None
    return pyarrow


def _start(date: PartialDate | None) -> Any:
    return date.start if date is not None else None


def _table(pa: Any, columns: dict[str, tuple[Any, list[Any]]]) -> bytes:
    """Columns (name -> (arrow type, values)) as the bytes of one Parquet file."""
    import io

    import pyarrow.parquet as pq

    table = pa.table(
        {name: pa.array(values, type=kind) for name, (kind, values) in columns.items()}
    )
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def statement_tables(
    pa: Any, ds: Dataset, scope: set[str] | None
) -> tuple[dict[str, tuple[Any, list[Any]]], dict[str, tuple[Any, list[Any]]]]:
    """The statements and stances tables (only the stances on ``scope``, when given)."""
    if scope is None:
        return _every_statement(pa, ds)
    statements = ds.statements_on(scope) if scope is not None else list(ds.statements.values())
    dated = [ds.date_of(s) for s in statements]
    written = [str(date) if date is not None else None for date, _ in dated]
    starts = [_start(date) for date, _ in dated]
    stances: dict[str, list[Any]] = {
        name: [] for name in ("statement", "actor", "target", "stance", "condition", "date")
    }
    stance_starts: list[Any] = []
    for statement, date, start in zip(statements, written, starts, strict=True):
        for entry in statement.stances:
            if scope is not None and entry.target not in scope:
                continue
            stances["statement"].append(statement.id)
            stances["actor"].append(statement.actor)
            stances["target"].append(entry.target)
            stances["stance"].append(entry.stance.value)
            stances["condition"].append(entry.condition)
            stances["date"].append(date)
            stance_starts.append(start)
    text, day, flag = pa.string(), pa.date32(), pa.bool_()
    statement_columns: dict[str, tuple[Any, list[Any]]] = {
        "statement": (text, [s.id for s in statements]),
        "actor": (text, [s.actor for s in statements]),
        "speaker": (text, [s.speaker for s in statements]),
        "date": (text, written),
        "date_start": (day, starts),
        "date_from_source": (flag, [from_source for _, from_source in dated]),
        "source": (text, [s.source for s in statements]),
        "quote": (text, [s.quote for s in statements]),
        "paraphrase": (text, [s.paraphrase for s in statements]),
        "text": (text, [s.text for s in statements]),
        "is_paraphrase": (flag, [s.is_paraphrase for s in statements]),
    }
    stance_columns = {name: (text, values) for name, values in stances.items()}
    stance_columns["date_start"] = (day, stance_starts)
    return statement_columns, stance_columns


def _every_statement(
    pa: Any, ds: Dataset
) -> tuple[dict[str, tuple[Any, list[Any]]], dict[str, tuple[Any, list[Any]]]]:
    """``statement_tables`` of every statement, from the statements' columns kept beside
    the cache entry (``questions.graphs.statement_rows``: no statement built)."""
    from operator import itemgetter

    from positions.questions.graphs import statement_rows

    rows = statement_rows(ds)
    day: dict[str | None, Any] = {
        d: _start(PartialDate(d)) for d in dict.fromkeys(rows.dates) if d is not None
    }
    day[None] = None
    starts = list(map(day.__getitem__, rows.dates))
    of = rows.of

    def spread(values: Any) -> list[Any]:
        return [values[i] for i in of] if len(of) < 2 else list(itemgetter(*of)(values))

    text, date, flag = pa.string(), pa.date32(), pa.bool_()
    statements: dict[str, tuple[Any, Any]] = {
        "statement": (text, rows.ids),
        "actor": (text, rows.actors),
        "speaker": (text, rows.speakers),
        "date": (text, rows.dates),
        "date_start": (date, starts),
        "date_from_source": (flag, rows.from_source),
        "source": (text, rows.sources),
        "quote": (text, rows.quotes),
        "paraphrase": (text, rows.paraphrases),
        "text": (text, rows.texts),
        "is_paraphrase": (flag, rows.paraphrased),
    }
    stances: dict[str, tuple[Any, Any]] = {
        "statement": (text, spread(rows.ids)),
        "actor": (text, rows.stance_actors),
        "target": (text, rows.stance_targets),
        "stance": (text, rows.stances),
        "condition": (text, rows.conditions),
        "date": (text, spread(rows.dates)),
        "date_start": (date, spread(starts)),
    }
    return statements, stances


def tie_table(
    pa: Any, ds: Dataset, request: ExportRequest, scope: set[str] | None
) -> dict[str, tuple[Any, Any]]:
    """The ties table: agree and disagree counts of every actor pair (numpy arrays, no
    Python object per tie)."""
    import numpy as np

    from positions.questions.alignment import alignment_counts

    counts = alignment_counts(
        ds,
        request.as_of,
        sorted(scope) if scope is not None else None,
        include_collective=request.include_collective,
    )
    rows, cols, agree, disagree = counts.arrays()
    actors = np.asarray(counts.actors, dtype=object)
    number = pa.int64()
    return {
        "actor_a": (pa.string(), actors[rows] if len(rows) else []),
        "actor_b": (pa.string(), actors[cols] if len(cols) else []),
        "agree": (number, np.asarray(agree, dtype=np.int64)),
        "disagree": (number, np.asarray(disagree, dtype=np.int64)),
        "weight": (
            number,
            np.asarray(agree, dtype=np.int64) - np.asarray(disagree, dtype=np.int64),
        ),
    }


def record_tables(pa: Any, ds: Dataset) -> dict[str, dict[str, tuple[Any, list[Any]]]]:
    """The stakeholders and targets tables."""
    text = pa.string()
    people = list(ds.stakeholders.values())
    targets = list(ds.targets.values())
    return {
        "stakeholders": {
            "id": (text, [s.id for s in people]),
            "name": (text, [s.name for s in people]),
            "kind": (text, [s.kind.value for s in people]),
            "country": (text, [s.country for s in people]),
            "url": (text, [s.url for s in people]),
            "wikidata": (text, [s.wikidata for s in people]),
        },
        "targets": {
            "id": (text, [t.id for t in targets]),
            "title": (text, [t.title for t in targets]),
            "name": (text, [t.name for t in targets]),
            "label": (text, [t.label for t in targets]),
            "kind": (text, [t.kind.value for t in targets]),
            "part_of": (text, [t.part_of for t in targets]),
            "instrument": (text, [ds.root_of(t.id) for t in targets]),
        },
    }


def outputs(ds: Dataset, request: ExportRequest) -> list[OutputFile]:
    """The five tables as Parquet files in the directory ``request.path``."""
    if request.path == STDOUT:
        raise ExportError(
            "the parquet export is a directory of files", hint="pass -o DIR (it is created)"
        )
    pa = _pyarrow()
    request = request.resolved(ds)
    scope = set(ds.scope(request.target)) if request.target is not None else None
    statements, stances = statement_tables(pa, ds, scope)
    tables = {
        "statements": statements,
        "stances": stances,
        "ties": tie_table(pa, ds, request, scope),
        **record_tables(pa, ds),
    }
    directory = Path(request.path)
    made = []
    for name, columns in tables.items():
        rows = len(next(iter(columns.values()))[1])
        made.append(
            OutputFile(
                str(directory / f"{name}.parquet"),
                _table(pa, columns),
                f"{name} table ({rows:,} rows)",
            )
        )
    return made
