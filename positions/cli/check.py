"""`positions check`: every problem in the data, one per line."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from positions.cli.base import EXIT_DATA, EXIT_USAGE, app, err, fail
from positions.data.loader import DataDirError
from positions.data.loader import check as check_data
from positions.printable import inert_json


class ProblemFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command()
def check(
    data_dir: Annotated[
        Path, typer.Argument(help="The data directory to check.", show_default=True)
    ] = Path("data"),
    output_format: Annotated[
        ProblemFormat, typer.Option("--format", "-f", help="text: one per line; json: a list.")
    ] = ProblemFormat.TEXT,
) -> None:
    """Validate a data directory: every problem at once, as FILE:LINE:COL: [code] message.

    Exits 0 when the data is valid, 1 when it has problems, 2 on a usage error.
    """
    try:
        problems = check_data(data_dir)
    except DataDirError as error:
        fail(str(error), EXIT_USAGE, "pass the data directory: positions check DATA_DIR")
    if output_format is ProblemFormat.JSON:
        listed = json.dumps([p.to_dict() for p in problems], indent=2, ensure_ascii=False)
        typer.echo(inert_json(listed))
    else:
        for problem in problems:
            typer.echo(str(problem))
    if problems:
        count = len(problems)
        err(f"{count} problem{'s' if count != 1 else ''} in {data_dir}")
        raise typer.Exit(EXIT_DATA)
    err(f"{data_dir}: valid")
