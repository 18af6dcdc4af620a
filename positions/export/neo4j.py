"""The bulk-import CSV files of ``neo4j-admin database import full``: the whole dataset as a
property graph, the way to load millions of statements into Neo4j (a Cypher script of
MERGEs, ``cypher.py``, is for thousands).

``-o DIR`` writes one file per kind of node and of relationship, each with its header on
its first line, and ``import.sh`` with the command that loads them::

    neo4j-admin database import full positions --multiline-fields=true \\
      --nodes=nodes-stakeholders.csv --nodes=nodes-targets.csv ... \\
      --relationships=rels-stance-on-targets.csv ...

Each record kind is an ID space (``id:ID(Stakeholder)``, ``Target``, ``Source``,
``Statement``), so a relationship file names the spaces of its ends
(``:START_ID(Statement)``, ``:END_ID(Target)``). A statement is a node, as it is a record:
``(:Statement)-[:BY]->(:Stakeholder)`` its actor, ``-[:SPOKEN_BY]->`` its speaker,
``-[:REPORTED_IN]->(:Source)``, and one ``-[:STANCE_ON {stance, condition}]->`` per target
(a ``Target``, or a ``Stakeholder`` for a stance on another actor). Stakeholders are
``-[:MEMBER_OF {role}]->`` their groups, targets ``-[:PART_OF]->`` what they are part of.
With ``--graph alignment``, ``rels-aligned.csv`` adds ``(:Stakeholder)-[:ALIGNED {agree,
disagree, weight}]->(:Stakeholder)`` for every pair of actors sharing a target (as of
``--as-of``), the counts of DESIGN.md's alignment rule.

Cells follow the importer's CSV: every text is in double quotes with its quotes doubled
(``"a ""no"" vote"``), so commas, quotes and line breaks stay inside it (line breaks need
``--multiline-fields=true``, which ``import.sh`` passes); an unknown value is an empty,
unquoted cell (no property). Dates stay as written (``date``: ``2024-07``) beside
``date_start:date``, their first day, for range queries. Lists are ``string[]`` joined with
the array delimiter, ``;`` unless a value holds one (``import.sh`` names the one used).
Values go in exactly as the data has them: no spreadsheet formula guard (nothing here is
opened by a spreadsheet).
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from positions.data.dataset import Dataset
from positions.export.outputs import STDOUT, ExportError, ExportRequest, OutputFile
from positions.model import PartialDate

#: The array delimiters tried in turn: the first that no list value holds is used.
ARRAY_DELIMITERS = (";", "|", "^", "~", "\u00a6")

#: The database ``import.sh`` creates unless told otherwise (its first argument).
DATABASE = "positions"


def text_cell(value: str) -> str:
    """Text as a quoted cell of the importer's CSV, its quotes doubled.

    >>> text_cell('a "no" vote')
    '"a ""no"" vote"'
    """
    return '"' + value.replace('"', '""') + '"'


def cell(value: Any, delimiter: str = ";") -> str:
    """A value as a cell: None empty (no property), booleans ``true``/``false``, numbers
    bare, lists joined with ``delimiter`` (one quoted cell), the rest quoted text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return text_cell(delimiter.join(str(v) for v in value)) if value else ""
    return text_cell(str(value))


def csv_file(header: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str) -> bytes:
    """A file of the importer's CSV: the header line (its fields are plain names and
    types), then one line per row."""
    lines = [",".join(header)]
    lines.extend(",".join(cell(value, delimiter) for value in row) for row in rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


def _pascal(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("_"))


def _start(date: PartialDate | None) -> str | None:
    return date.start.isoformat() if date is not None else None


def array_delimiter(ds: Dataset) -> str:
    """The first of ``ARRAY_DELIMITERS`` that no alias holds."""
    values = [a for s in ds.stakeholders.values() for a in s.aliases]
    values.extend(a for t in ds.targets.values() for a in t.aliases)
    for delimiter in ARRAY_DELIMITERS:
        if not any(delimiter in value for value in values):
            return delimiter
    raise ExportError(
        "every array delimiter the export knows appears in an alias",
        hint=f"an alias holds each of {' '.join(ARRAY_DELIMITERS)}",
    )


#: (file name, what it holds, header) of every file, in the order import.sh loads them.
NODE_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "nodes-stakeholders.csv": (
        "stakeholder nodes",
        (
            "id:ID(Stakeholder)",
            "name",
            "kind",
            "aliases:string[]",
            "country",
            "url",
            "wikidata",
            ":LABEL",
        ),
    ),
    "nodes-targets.csv": (
        "target nodes",
        (
            "id:ID(Target)",
            "title",
            "name",
            "label",
            "kind",
            "aliases:string[]",
            "part_of",
            "instrument",
            "numbering",
            ":LABEL",
        ),
    ),
    "nodes-sources.csv": (
        "source nodes",
        (
            "id:ID(Source)",
            "title",
            "publisher",
            "url",
            "published",
            "published_start:date",
            "archive",
            ":LABEL",
        ),
    ),
    "nodes-statements.csv": (
        "statement nodes",
        (
            "id:ID(Statement)",
            "actor",
            "speaker",
            "date",
            "date_start:date",
            "date_from_source:boolean",
            "quote",
            "paraphrase",
            "text",
            "is_paraphrase:boolean",
            "source",
            ":LABEL",
        ),
    ),
}

STANCE_HEADER = ("stance", "condition")

RELATIONSHIP_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "rels-by.csv": ("statement actors", (":START_ID(Statement)", ":END_ID(Stakeholder)", ":TYPE")),
    "rels-spoken-by.csv": (
        "statement speakers",
        (":START_ID(Statement)", ":END_ID(Stakeholder)", ":TYPE"),
    ),
    "rels-reported-in.csv": (
        "statement sources",
        (":START_ID(Statement)", ":END_ID(Source)", ":TYPE"),
    ),
    "rels-stance-on-targets.csv": (
        "stances on targets",
        (":START_ID(Statement)", ":END_ID(Target)", ":TYPE", *STANCE_HEADER),
    ),
    "rels-stance-on-stakeholders.csv": (
        "stances on actors",
        (":START_ID(Statement)", ":END_ID(Stakeholder)", ":TYPE", *STANCE_HEADER),
    ),
    "rels-member-of.csv": (
        "memberships",
        (":START_ID(Stakeholder)", ":END_ID(Stakeholder)", ":TYPE", "role"),
    ),
    "rels-part-of.csv": ("parts", (":START_ID(Target)", ":END_ID(Target)", ":TYPE")),
    "rels-aligned.csv": (
        "alignment ties",
        (
            ":START_ID(Stakeholder)",
            ":END_ID(Stakeholder)",
            ":TYPE",
            "agree:int",
            "disagree:int",
            "weight:int",
        ),
    ),
}


def _statement_rows(
    ds: Dataset, scope: set[str] | None
) -> tuple[list[tuple[Any, ...]], dict[str, list[tuple[Any, ...]]]]:
    """The statement nodes and the relationships from them (only statements with a stance
    on ``scope``, and only those stances, when a scope is given)."""
    if scope is None:
        return _every_statement(ds)
    statements = ds.statements_on(scope)
    nodes: list[tuple[Any, ...]] = []
    rels: dict[str, list[tuple[Any, ...]]] = {
        name: []
        for name in (
            "rels-by.csv",
            "rels-spoken-by.csv",
            "rels-reported-in.csv",
            "rels-stance-on-targets.csv",
            "rels-stance-on-stakeholders.csv",
        )
    }
    by, spoken, reported = (
        rels["rels-by.csv"],
        rels["rels-spoken-by.csv"],
        rels["rels-reported-in.csv"],
    )
    on_targets, on_actors = (
        rels["rels-stance-on-targets.csv"],
        rels["rels-stance-on-stakeholders.csv"],
    )
    targets = ds.targets
    for statement in statements:
        date, from_source = ds.date_of(statement)
        sid = statement.id
        nodes.append(
            (
                sid,
                statement.actor,
                statement.speaker,
                str(date) if date is not None else None,
                _start(date),
                from_source,
                statement.quote,
                statement.paraphrase,
                statement.text,
                statement.is_paraphrase,
                statement.source,
                "Statement",
            )
        )
        by.append((sid, statement.actor, "BY"))
        if statement.speaker is not None:
            spoken.append((sid, statement.speaker, "SPOKEN_BY"))
        reported.append((sid, statement.source, "REPORTED_IN"))
        for entry in statement.stances:
            if scope is not None and entry.target not in scope:
                continue
            row = (sid, entry.target, "STANCE_ON", entry.stance.value, entry.condition)
            (on_targets if entry.target in targets else on_actors).append(row)
    return nodes, rels


def _every_statement(
    ds: Dataset,
) -> tuple[list[tuple[Any, ...]], dict[str, list[tuple[Any, ...]]]]:
    """``_statement_rows`` of every statement, from the statements' columns kept beside
    the cache entry (``questions.graphs.statement_rows``: no statement built)."""
    from itertools import repeat

    from positions.questions.graphs import statement_rows

    rows = statement_rows(ds)
    day: dict[str | None, Any] = {
        d: _start(PartialDate(d)) for d in dict.fromkeys(rows.dates) if d is not None
    }
    day[None] = None
    ids = rows.ids
    nodes = list(
        zip(
            ids,
            rows.actors,
            rows.speakers,
            rows.dates,
            map(day.__getitem__, rows.dates),
            rows.from_source,
            rows.quotes,
            rows.paraphrases,
            rows.texts,
            rows.paraphrased,
            rows.sources,
            repeat("Statement"),
        )
    )
    targets = ds.targets
    on_targets: list[tuple[Any, ...]] = []
    on_actors: list[tuple[Any, ...]] = []
    for number, target, stance, condition in zip(
        rows.of, rows.stance_targets, rows.stances, rows.conditions, strict=True
    ):
        row = (ids[number], target, "STANCE_ON", stance, condition)
        (on_targets if target in targets else on_actors).append(row)
    return nodes, {
        "rels-by.csv": list(zip(ids, rows.actors, repeat("BY"))),
        "rels-spoken-by.csv": [
            (i, s, "SPOKEN_BY") for i, s in zip(ids, rows.speakers, strict=True) if s is not None
        ],
        "rels-reported-in.csv": list(zip(ids, rows.sources, repeat("REPORTED_IN"))),
        "rels-stance-on-targets.csv": on_targets,
        "rels-stance-on-stakeholders.csv": on_actors,
    }


def _record_rows(ds: Dataset) -> dict[str, list[tuple[Any, ...]]]:
    """The stakeholder, target and source nodes and the memberships and parts."""
    stakeholders = [
        (
            s.id,
            s.name,
            s.kind.value,
            list(s.aliases),
            s.country,
            s.url,
            s.wikidata,
            ["Stakeholder", _pascal(s.kind.value)],  # Person for a person: speakers
        )
        for s in ds.stakeholders.values()
    ]
    targets = [
        (
            t.id,
            t.title,
            t.name,
            t.label,
            t.kind.value,
            list(t.aliases),
            t.part_of,
            ds.root_of(t.id),
            json.dumps(dict(t.numbering), ensure_ascii=False) if t.numbering else None,
            ["Target", _pascal(t.kind.value)],
        )
        for t in ds.targets.values()
    ]
    sources = [
        (
            s.id,
            s.title,
            s.publisher,
            s.url,
            str(s.published) if s.published is not None else None,
            _start(s.published),
            s.archive,
            "Source",
        )
        for s in ds.sources.values()
    ]
    members = [
        (s.id, m.id, "MEMBER_OF", m.role) for s in ds.stakeholders.values() for m in s.member_of
    ]
    parts = [(t.id, t.part_of, "PART_OF") for t in ds.targets.values() if t.part_of]
    return {
        "nodes-stakeholders.csv": stakeholders,
        "nodes-targets.csv": targets,
        "nodes-sources.csv": sources,
        "rels-member-of.csv": members,
        "rels-part-of.csv": parts,
    }


def _tie_rows(ds: Dataset, request: ExportRequest, scope: set[str] | None) -> list[tuple[Any, ...]]:
    from positions.questions.alignment import alignment_counts

    counts = alignment_counts(
        ds,
        request.as_of,
        sorted(scope) if scope else None,
        include_collective=request.include_collective,
    )
    return [(a, b, "ALIGNED", yes, no, yes - no) for a, b, yes, no in counts.pairs()]


def import_command(directory: str, names: Iterable[str], delimiter: str) -> str:
    """The shell command that loads the files ``names`` of ``directory`` into a new
    database (``$1``, or ``positions``), as ``import.sh`` holds it."""
    lines = ['neo4j-admin database import full "${1:-' + DATABASE + '}"']
    lines.append("  --multiline-fields=true")
    if delimiter != ";":
        lines.append(f"  --array-delimiter={shlex.quote(delimiter)}")
    for name in names:
        option = "--nodes" if name.startswith("nodes-") else "--relationships"
        lines.append(f'  {option}="$HERE/{name}"')
    return " \\\n".join(lines)


def outputs(ds: Dataset, request: ExportRequest) -> list[OutputFile]:
    """The node and relationship files and ``import.sh`` in the directory ``request.path``."""
    if request.path == STDOUT:
        raise ExportError(
            "the neo4j export is a directory of files", hint="pass -o DIR (it is created)"
        )
    request = request.resolved(ds)
    scope = set(ds.scope(request.target)) if request.target is not None else None
    delimiter = array_delimiter(ds)
    rows = _record_rows(ds)
    statement_nodes, statement_rels = _statement_rows(ds, scope)
    rows["nodes-statements.csv"] = statement_nodes
    rows.update(statement_rels)
    if request.graph == "alignment":
        rows["rels-aligned.csv"] = _tie_rows(ds, request, scope)
    elif request.graph != "stances":
        raise ExportError(f"no graph '{request.graph}': use stances or alignment")
    directory = Path(request.path)
    made = []
    for name, (what, header) in (NODE_FILES | RELATIONSHIP_FILES).items():
        if name in rows:
            data = csv_file(header, rows[name], delimiter)
            made.append(OutputFile(str(directory / name), data, f"{what} ({len(rows[name]):,})"))
    names = [Path(f.path).name for f in made]
    script = (
        "#!/bin/sh\n"
        "# Load these files into a new Neo4j database (5.x): sh import.sh [DATABASE]\n"
        "# then, in Neo4j: CREATE DATABASE positions (or restart it) and query it.\n"
        'HERE="$(cd "$(dirname "$0")" && pwd)"\n'
        + import_command(str(directory), names, delimiter)
        + "\n"
    )
    made.append(OutputFile(str(directory / "import.sh"), script.encode("utf-8"), "import script"))
    return made
