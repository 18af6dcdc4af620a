"""`positions map`, `matrix`, `brief` and `export`: briefing material and graph files.

Each command writes to ``-o FILE`` (atomically) or to stdout with ``-o -`` where the
output is text, and says on stderr what it wrote.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from positions.cli.base import (
    EXIT_DATA,
    EXIT_USAGE,
    CliState,
    CollectiveOption,
    DataOption,
    app,
    as_of_or_fail,
    err,
    fail,
    open_dataset,
    target_or_fail,
)
from positions.data.dataset import Dataset
from positions.export import exporter
from positions.export.outputs import (
    STDOUT,
    Exporter,
    ExportError,
    ExportRequest,
    NothingToShow,
    OutputFile,
    check_directory,
    write_outputs,
)
from positions.export.scope import MATRIX_ACTORS, MATRIX_TARGETS
from positions.questions.time import WindowBy

TargetOption = Annotated[
    str | None,
    typer.Option(
        "--target", "-t", help="Only this target and its parts (id, name, label or alias)."
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Positions as of this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
]


class BriefFormat(StrEnum):
    MD = "md"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"


class MatrixFormat(StrEnum):
    MD = "md"
    CSV = "csv"
    HTML = "html"


class GraphFormat(StrEnum):
    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"
    CSV = "csv"
    CYPHER = "cypher"
    NEO4J = "neo4j"
    PARQUET = "parquet"


class GraphKind(StrEnum):
    STANCES = "stances"
    ALIGNMENT = "alignment"


DIRECTORY_FORMATS = (GraphFormat.NEO4J, GraphFormat.PARQUET)


def _make_directory(output: str) -> None:
    """The directory a neo4j or parquet export writes into, made when missing."""
    if output == STDOUT:
        return  # the exporter says why it needs a directory
    try:
        Path(output).mkdir(exist_ok=True)
    except FileExistsError:
        fail(f"cannot write into {output}: it is a file", EXIT_USAGE, "pass -o DIR, a directory")
    except OSError as error:
        fail(f"cannot make the directory {output}: {error.strerror or error}", EXIT_USAGE)


def _write(outputs: list[OutputFile]) -> None:
    try:
        for output in outputs:
            check_directory(output.path)
        for line in write_outputs(outputs, sys.stdout.buffer):
            err(line)
    except ExportError as error:
        fail(str(error), EXIT_USAGE)


def _run(make: Any) -> Any:
    """Call the library; a NothingToShow is a data problem (1), other ExportErrors usage (2)."""
    try:
        return make()
    except NothingToShow as error:
        fail(str(error), EXIT_DATA, error.hint)
    except ExportError as error:
        fail(str(error), EXIT_USAGE, error.hint)


def _export(name: str | Exporter, ds: Dataset, request: ExportRequest) -> None:
    """Make the output ``name`` asks for (``positions.export.exporter``) and write it.

    Nothing to show as of a date is the date's doing: a usage error (2), with a hint."""
    try:
        made = (exporter(name) if isinstance(name, str) else name)(ds, request)
    except NothingToShow as error:
        if request.as_of is None:
            fail(str(error), EXIT_DATA, error.hint)
        fail(f"{error} as of {request.as_of}", EXIT_USAGE, "choose a later --as-of")
    except ExportError as error:
        fail(str(error), EXIT_USAGE, error.hint)
    _write(made)


@app.command("map")
def map_command(
    output: Annotated[
        str, typer.Option("--output", "-o", help="The image file: .png, .svg or .pdf.")
    ],
    target: TargetOption = None,
    as_of: AsOfOption = None,
    top: Annotated[
        int,
        typer.Option(
            "--top",
            min=0,
            help="Draw the N actors with the most statements (default 80); 0 draws all.",
        ),
    ] = 80,
    by: Annotated[
        WindowBy | None,
        typer.Option(
            "--by",
            help="Small multiples: one panel per year, quarter or month, every actor in the "
            "same place in each, filled with its camp at the window's end (docs/time.md).",
        ),
    ] = None,
    include_collective: Annotated[
        bool,
        typer.Option(
            "--include-collective",
            help="Draw collective actors too (groups a source names only as a whole), "
            "left out by default.",
        ),
    ] = False,
    data_dir: DataOption = Path("data"),
) -> None:
    """Draw the alliance map (who agrees with whom, camps apart) as a PNG, SVG or PDF image."""
    from positions.export import image

    _run(lambda: image.image_format(output))  # before the data: a usage error stays one
    ds = open_dataset(data_dir)
    request = ExportRequest(
        output,
        target=target_or_fail(ds, target),
        as_of=as_of_or_fail(as_of),
        top=top,
        include_collective=include_collective,
    )
    if by is not None:
        from positions.export import multiples

        _export(multiples.by_window(by), ds, request)
        return
    _export("map", ds, request)


@app.command()
def matrix(
    target: TargetOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        MatrixFormat,
        typer.Option("--format", "-f", help="md: a Markdown table; csv; html: a standalone page."),
    ] = MatrixFormat.MD,
    output: Annotated[
        str, typer.Option("--output", "-o", help="The file to write, or - for stdout.")
    ] = STDOUT,
    top: Annotated[
        int,
        typer.Option(
            "--top",
            min=0,
            help="Rows: the N actors with the most statements that hold a position on a "
            f"column (default {MATRIX_ACTORS}); 0: every actor.",
        ),
    ] = MATRIX_ACTORS,
    targets: Annotated[
        int,
        typer.Option(
            "--targets",
            min=0,
            help="Columns: the K most contested targets (the most even split of support and "
            f"oppose), then the most spoken to (default {MATRIX_TARGETS}); 0: every target.",
        ),
    ] = MATRIX_TARGETS,
    with_actors: Annotated[
        bool,
        typer.Option(
            "--with-actors",
            help="Add a column for each actor spoken about (statements on another actor), "
            "left out by default.",
        ),
    ] = False,
    data_dir: DataOption = Path("data"),
) -> None:
    """The position matrix: actors as rows, targets as columns, a stance symbol in each cell."""
    ds = open_dataset(data_dir)
    request = ExportRequest(
        output,
        output_format.value,
        target=target_or_fail(ds, target),
        as_of=as_of_or_fail(as_of),
        raw=CliState.raw_csv,
        top=top,
        columns=targets,
        with_actors=with_actors,
    )
    _export("matrix", ds, request)


@app.command()
def brief(
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            help="brief.md (the map is written beside it as brief.png), brief.html (the map "
            "embedded), brief.docx (Word) or brief.pdf; - for stdout (md or html).",
        ),
    ],
    target: TargetOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        BriefFormat | None,
        typer.Option("--format", "-f", help="md, html, docx or pdf (default: from the file name)."),
    ] = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="The long form: every actor, camp member, contested target and key quote "
            "(default: two pages on the main target).",
        ),
    ] = False,
    include_collective: CollectiveOption = False,
    data_dir: DataOption = Path("data"),
) -> None:
    """A briefing document: two pages of takeaways, camps, map, matrix, deciding quotes and
    sources on the main target (dataset.yaml); --full for the long form."""
    from positions.export import brief as briefs

    chosen = _run(lambda: briefs.brief_format(output, output_format and output_format.value))
    ds = open_dataset(data_dir)
    request = ExportRequest(
        output,
        chosen,
        target=target_or_fail(ds, target),
        as_of=as_of_or_fail(as_of),
        full=full,
        include_collective=include_collective,
    )
    _export("brief", ds, request)


@app.command("export")
def export_command(
    output_format: Annotated[
        GraphFormat,
        typer.Option(
            "--format",
            "-f",
            help="graphml or gexf (Gephi), json (networkx node-link), csv (flat table + "
            "Gephi nodes/edges tables), cypher (Neo4j MERGE script); neo4j (a directory of "
            "neo4j-admin bulk-import CSVs and import.sh), parquet (a directory of tables: "
            "statements, stances, ties; needs positions[parquet]).",
        ),
    ],
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            help="The file to write, or - for stdout. csv: -o x.csv also writes "
            "x-nodes.csv and x-edges.csv; -o DIR writes stances.csv, nodes.csv, edges.csv. "
            "neo4j and parquet: -o DIR (created if missing).",
        ),
    ],
    graph: Annotated[
        GraphKind,
        typer.Option(
            "--graph",
            "-g",
            help="stances: actors and targets, one edge per statement; alignment: actors "
            "joined by agreements and disagreements (neo4j: adds the ALIGNED ties).",
        ),
    ] = GraphKind.STANCES,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Alignment as of this date; for the stance graph (every statement) it sets "
            "the csv 'position' column.",
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            "-t",
            help="Only this target and its parts (id, name, label or alias): the stances on "
            "them, or the alignment over them.",
        ),
    ] = None,
    include_collective: Annotated[
        bool,
        typer.Option(
            "--include-collective",
            help="The alignment graph: count collective actors too (groups a source names "
            "only as a whole), left out by default.",
        ),
    ] = False,
    evidence: Annotated[
        bool,
        typer.Option(
            "--evidence",
            help="The alignment graph: each tie's evidence too (one entry per shared target, "
            "quadratic in actors when all share a target); counts only by default (csv's tie "
            "table is the evidence: always written).",
        ),
    ] = False,
    data_dir: DataOption = Path("data"),
) -> None:
    """Export the stance or alignment graph for Gephi, networkx, spreadsheets or Neo4j."""
    if output_format in DIRECTORY_FORMATS:
        _make_directory(output)
    ds = open_dataset(data_dir)
    request = ExportRequest(
        output,
        output_format.value,
        target=target_or_fail(ds, target),
        as_of=as_of_or_fail(as_of),
        graph=graph.value,
        raw=CliState.raw_csv,
        include_collective=include_collective,
        evidence=evidence,
    )
    _export(output_format.value, ds, request)
