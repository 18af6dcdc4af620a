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
    DataOption,
    app,
    as_of_or_fail,
    err,
    fail,
    open_dataset,
    target_or_fail,
)
from positions.export.brief import BriefFormat
from positions.export.common import (
    STDOUT,
    ExportError,
    NothingToShow,
    OutputFile,
    check_directory,
    plural,
    write_outputs,
)

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


class GraphKind(StrEnum):
    STANCES = "stances"
    ALIGNMENT = "alignment"


def _write(outputs: list[OutputFile]) -> None:
    try:
        for output in outputs:
            check_directory(output.path)
        for line in write_outputs(outputs, sys.stdout.buffer):
            err(line)
    except ExportError as error:
        fail(str(error), EXIT_USAGE)
    except OSError as error:
        fail(f"cannot write: {error}", EXIT_USAGE)


def _run(make: Any) -> Any:
    """Call the library; a NothingToShow is a data problem (1), other ExportErrors usage (2)."""
    try:
        return make()
    except NothingToShow as error:
        fail(str(error), EXIT_DATA)
    except ExportError as error:
        fail(str(error), EXIT_USAGE)


@app.command("map")
def map_command(
    output: Annotated[
        str, typer.Option("--output", "-o", help="The image file: .png, .svg or .pdf.")
    ],
    target: TargetOption = None,
    as_of: AsOfOption = None,
    data_dir: DataOption = Path("data"),
) -> None:
    """Draw the alliance map (who agrees with whom, camps apart) as a PNG, SVG or PDF image."""
    from positions.export import image

    image_format = Path(output).suffix.lower().lstrip(".")
    if output == STDOUT or image_format not in ("png", "svg", "pdf"):
        fail(
            f"cannot tell the image format of '{output}'",
            EXIT_USAGE,
            "name a file ending in .png, .svg or .pdf, e.g. -o alliances.png",
        )
    ds = open_dataset(data_dir)
    target_id = target_or_fail(ds, target)
    when = as_of_or_fail(as_of)
    amap = _run(lambda: image.build(ds, target_id, when))
    data = image.render(amap, image_format)
    _write([OutputFile(output, data, f"alliance map ({plural(len(amap.names), 'actor')})")])


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
    data_dir: DataOption = Path("data"),
) -> None:
    """The position matrix: actors as rows, targets as columns, a stance symbol in each cell."""
    from positions.export import matrix as matrices

    ds = open_dataset(data_dir)
    target_id = target_or_fail(ds, target)
    table = matrices.build(ds, target_id, as_of_or_fail(as_of))
    if output_format is MatrixFormat.CSV:
        data = matrices.render_csv(table)
    elif output_format is MatrixFormat.HTML:
        title = "Position matrix" + (f": {ds.name_of(target_id)}" if target_id else "")
        data = matrices.render_html(table, title).encode("utf-8")
    else:
        data = matrices.render_markdown(table).encode("utf-8")
    what = (
        f"position matrix ({plural(len(table.actors), 'actor')} × "
        f"{plural(len(table.targets), 'target')})"
    )
    _write([OutputFile(output, data, what)])


@app.command()
def brief(
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            help="brief.md (the map is written beside it as brief.png) or brief.html "
            "(the map embedded); - for stdout.",
        ),
    ],
    target: TargetOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        BriefFormat | None,
        typer.Option("--format", "-f", help="md or html (default: from the file name)."),
    ] = None,
    data_dir: DataOption = Path("data"),
) -> None:
    """A briefing document: summary, camps, matrix, key quotes, contested targets, map, sources."""
    from positions.export import brief as briefs

    try:
        chosen = briefs.brief_format(output, output_format)
    except briefs.UnknownBriefFormat as error:
        fail(str(error), EXIT_USAGE, error.hint)
    ds = open_dataset(data_dir)
    target_id = target_or_fail(ds, target)
    when = as_of_or_fail(as_of)
    outputs = _run(lambda: briefs.brief_files(ds, output, chosen, target_id, when))
    _write(outputs)


@app.command("export")
def export_command(
    output_format: Annotated[
        GraphFormat,
        typer.Option(
            "--format",
            "-f",
            help="graphml or gexf (Gephi), json (networkx node-link), csv (flat table + "
            "Gephi nodes/edges tables), cypher (Neo4j MERGE script).",
        ),
    ],
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            help="The file to write, or - for stdout. csv: -o x.csv also writes "
            "x-nodes.csv and x-edges.csv; -o DIR writes stances.csv, nodes.csv, edges.csv.",
        ),
    ],
    graph: Annotated[
        GraphKind,
        typer.Option(
            "--graph",
            "-g",
            help="stances: actors and targets, one edge per statement; alignment: actors "
            "joined by agreements and disagreements.",
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
    data_dir: DataOption = Path("data"),
) -> None:
    """Export the stance or alignment graph for Gephi, networkx, spreadsheets or Neo4j."""
    from positions.export import cypher, gexf, graphml, nodelink, tables
    from positions.questions.graphs import alignment_graph, stance_graph

    ds = open_dataset(data_dir)
    when = as_of_or_fail(as_of)
    the_graph = stance_graph(ds) if graph is GraphKind.STANCES else alignment_graph(ds, when)
    what = (
        f"{graph.value} graph as {output_format.value} ({the_graph.number_of_nodes()} nodes, "
        f"{the_graph.number_of_edges()} edges)"
    )
    if output_format is GraphFormat.CSV:
        outputs = tables.render(ds, the_graph, output, when)
    else:
        render = {
            GraphFormat.GRAPHML: graphml.render,
            GraphFormat.GEXF: gexf.render,
            GraphFormat.JSON: nodelink.render,
            GraphFormat.CYPHER: cypher.render,
        }[output_format]
        outputs = [OutputFile(output, render(the_graph), what)]
    _write(outputs)
