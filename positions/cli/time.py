"""The negotiation in time: `positions timeline` and `positions flips`.

Each command loads the data, asks ``positions.questions.time`` and prints the answer with
``positions.export.timetext``. An unknown or ambiguous name and a bad date are usage
errors: ``Error: ...`` on stderr, exit 2.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from positions.cli.base import EXIT_USAGE, CliState, DataOption, app, fail, open_dataset
from positions.data.dataset import Dataset
from positions.export import text
from positions.export.text import Format
from positions.export.timetext import write_time
from positions.questions import time as moves
from positions.questions.resolve import QueryError

FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="table: wrapped to the terminal (80 columns in a pipe); json: the Python API's "
        "answer; csv: one row per window and position (timeline) or per flip, with ids; "
        "md: a Markdown table.",
    ),
]
TargetOption = Annotated[
    str | None,
    typer.Option(
        "--target",
        "-t",
        metavar="TARGET",
        help="Only this target and its parts: id, name, label or alias. Default: every target.",
    ),
]
CollectiveOption = Annotated[
    bool,
    typer.Option(
        "--include-collective",
        help="Count collective actors too (groups a source names only as a whole, such as "
        "'human rights groups'): left out by default.",
    ),
]


def _width() -> int:
    if sys.stdout.isatty():
        return shutil.get_terminal_size((text.DEFAULT_WIDTH, 24)).columns
    return text.DEFAULT_WIDTH


def _answer(
    data_dir: Path,
    output: Format,
    ask: Callable[[Dataset], moves.TimelineAnswer | moves.FlipsAnswer],
) -> None:
    """Load the data, ask, print; a QueryError (a name, a date) is a usage error."""
    ds = open_dataset(data_dir)
    try:
        found = ask(ds)
    except QueryError as error:
        fail(str(error), EXIT_USAGE)
    write_time(found, output, _width(), sys.stdout, raw=CliState.raw_csv)


@app.command()
def timeline(
    data: DataOption = Path("data"),
    by: Annotated[
        moves.WindowBy,
        typer.Option(
            "--by",
            help="The length of each window: year, quarter or month. The windows run from "
            "the first dated statement's to the last's; empty ones are kept.",
        ),
    ] = moves.WindowBy.YEAR,
    target: TargetOption = None,
    include_collective: CollectiveOption = False,
    output: FormatOption = Format.TABLE,
) -> None:
    """Window by window: each actor's position as of the end of the window, what moved,
    the camps (numbered so that a camp keeps its number while most of its members stay)
    and the polarization. Undated statements never count in a window.

    Example: positions timeline --by quarter --target "UN cybercrime treaty"
    """
    _answer(
        data,
        output,
        lambda ds: moves.timeline(ds, by, target, include_collective=include_collective),
    )


@app.command()
def flips(
    data: DataOption = Path("data"),
    target: TargetOption = None,
    actor: Annotated[
        str | None,
        typer.Option(
            "--actor",
            "-a",
            metavar="ACTOR",
            help="Only this actor's flips: id, name or alias. Default: every actor.",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="Only flips whose later statement is dated on or after the first day of "
            "DATE (YYYY, YYYY-MM or YYYY-MM-DD).",
        ),
    ] = None,
    include_collective: CollectiveOption = False,
    output: FormatOption = Format.TABLE,
) -> None:
    """Every change of an actor's position on a target from one dated statement to its
    next (support to oppose, or to or from mixed or neutral), newest first, with the
    statement before and the statement after. Undated statements never make a flip.

    Example: positions flips --actor "United States"
    """
    _answer(
        data,
        output,
        lambda ds: moves.flips(ds, target, actor, since, include_collective=include_collective),
    )
