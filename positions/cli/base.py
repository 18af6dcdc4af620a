"""The typer application and what every command shares: options, errors, exit codes.

Exit codes: 0 success, 1 a problem with the data, 2 a usage problem.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from positions.data.cache import load_cached
from positions.data.dataset import Dataset
from positions.data.loader import DataDirError
from positions.data.loader import load as load_dataset
from positions.data.problems import DataError
from positions.model import PartialDate
from positions.printable import printable
from positions.questions.resolve import QueryError, as_of_date, resolve_target

EXIT_DATA = 1
EXIT_USAGE = 2

app = typer.Typer(
    name="positions",
    help="Who stands where in a negotiation, with proof: validate, query and export "
    "stakeholder positions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DataOption = Annotated[
    Path,
    typer.Option("--data", "-d", help="The data directory.", show_default=True),
]


class CliState:
    debug = False
    use_cache = True
    #: --raw: CSV cells exactly as the data has them (no spreadsheet-formula guard)
    raw_csv = False


def err(message: str) -> None:
    """Write a line to stderr (progress, what was written, errors); a control character
    in it (from a name in the data) is shown as an escape, never sent to the terminal."""
    sys.stderr.write(printable(message) + "\n")


def closed_output(error: BaseException) -> int | None:
    """The exit code for a write to stdout that failed because the reader went away
    (``| head``: a quiet 0) or the output is full or broken (``> /dev/full``: one line,
    exit 2), after which stdout is pointed at the null device so that Python's own flush at
    exit cannot fail again; None when ``error`` is not such a failure."""
    if not isinstance(error, OSError) or error.errno not in _OUTPUT_ERRNOS:
        return None
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    if isinstance(error, BrokenPipeError):
        return 0
    with contextlib.suppress(OSError):
        err(f"Error: cannot write the output: {error.strerror or error}")
    return EXIT_USAGE


def flush_output() -> None:
    """Flush stdout now, so that a full or closed output is reported by ``closed_output``
    (and the exit code says so) rather than by Python's flush at exit, as a traceback."""
    try:
        sys.stdout.flush()
    except OSError as error:
        code = closed_output(error)
        if code is None:
            raise
        sys.exit(code)


#: A write to stdout failing: the reader closed the pipe, the disk is full, an I/O error.
_OUTPUT_ERRNOS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG})


def fail(message: str, code: int = EXIT_DATA, hint: str | None = None) -> NoReturn:
    """Stop the command with ``Error: message`` on stderr and the given exit code."""
    err(f"Error: {message}")
    if hint:
        err(f"Hint: {hint}")
    raise typer.Exit(code)


def open_dataset(data_dir: Path) -> Dataset:
    """Load the data directory, turning its problems into a clear exit 1 (2 if missing).

    Valid data comes from the cache when no file changed since it was stored (--no-cache).
    """
    try:
        if CliState.use_cache:
            return load_cached(data_dir, warn=err)
        return load_dataset(data_dir)
    except DataDirError as error:
        fail(f"{error}", EXIT_USAGE, "pass the data directory with --data DIR")
    except DataError as error:
        for problem in error.problems:
            err(str(problem))
        count = len(error.problems)
        fail(
            f"the data in {data_dir} has {count} problem{'s' if count != 1 else ''}",
            EXIT_DATA,
            f"run 'positions check {data_dir}' for the full list",
        )


def as_of_or_fail(text: str | None) -> PartialDate | None:
    """The ``--as-of`` date (None when not given); a bad date is a usage error (exit 2)."""
    try:
        return as_of_date(text)
    except QueryError as error:
        fail(str(error), EXIT_USAGE)


def target_or_fail(ds: Dataset, name: str | None) -> str | None:
    """The id of the ``--target`` named (None when not given); an unknown or ambiguous name
    is a usage error (exit 2) listing the closest names or the candidates."""
    if name is None:
        return None
    try:
        return resolve_target(ds, name)
    except QueryError as error:
        fail(str(error), EXIT_USAGE)


def _print_version(asked: bool) -> None:
    if asked:
        from importlib.metadata import version

        sys.stdout.write(f"positions {version('positions')}\n")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the version and exit.",
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback when something goes wrong.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Read and validate the data files afresh, without the cache of validated "
            "data (kept in $POSITIONS_CACHE_DIR, else the user cache directory).",
        ),
    ] = False,
    raw: Annotated[
        bool,
        typer.Option(
            "--raw",
            help="CSV output (--format csv, matrix, export): write every cell exactly as the "
            "data has it, for programs. By default a cell a spreadsheet would evaluate as a "
            "formula (starting with = + - @) starts with ' and control characters are escaped.",
        ),
    ] = False,
) -> None:
    """Who stands where in a negotiation, with proof."""
    CliState.debug = debug
    CliState.use_cache = not no_cache
    CliState.raw_csv = raw


#: The switch every command that draws alignment or camps takes (DESIGN.md v2: collectives
#: are left out unless asked for).
CollectiveOption = Annotated[
    bool,
    typer.Option(
        "--include-collective",
        help="Count collective actors too (groups a source names only as a whole, such as "
        "'human rights groups'): left out of alignment by default.",
    ),
]
