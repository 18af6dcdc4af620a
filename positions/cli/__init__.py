"""The command line: each module registers its commands on one typer app.

The CLI parses arguments, calls the library and formats its results; it holds no logic.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from typing import Any

from positions.cli.base import EXIT_DATA, CliState, closed_output, flush_output
from positions.cli.base import app as _app

__all__ = ["app", "main"]

#: The module that registers each command, in the order ``positions --help`` lists them.
#: Running a command imports its module alone, so a query never loads the exporters.
COMMAND_MODULES: dict[str, str] = {
    "check": "check",
    "who": "query",
    "position": "query",
    "stances": "query",
    "history": "query",
    "said": "query",
    "allies": "query",
    "opponents": "query",
    "compare": "query",
    "coalitions": "query",
    "contested": "query",
    "timeline": "time",
    "flips": "time",
    "html": "html",
    "map": "export",
    "matrix": "export",
    "brief": "export",
    "site": "site",
    "export": "export",
    "init": "curate",
    "add": "curate",
    "extract": "curate",
    "promote": "curate",
    "import": "curate",
    "schema": "curate",
}
_GLOBAL_FLAGS = frozenset({"--debug", "--no-cache", "--version"})


def register(modules: list[str] | None = None) -> None:
    """Import the command modules (all of them by default) so their commands exist."""
    for module in modules or list(dict.fromkeys(COMMAND_MODULES.values())):
        importlib.import_module(f"positions.cli.{module}")


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole app, every command registered (tests, help, completion)
        register()
        return _app
    raise AttributeError(f"module 'positions.cli' has no attribute {name!r}")


def _command_in(argv: list[str]) -> str | None:
    for word in argv:
        if word not in _GLOBAL_FLAGS:
            return word if word in COMMAND_MODULES else None
    return None


def main() -> None:
    """Entry point of the ``positions`` console script."""
    command = _command_in(sys.argv[1:])
    register([COMMAND_MODULES[command]] if command else None)
    try:
        _app(standalone_mode=True)
    except SystemExit:
        flush_output()
        raise
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    except Exception as error:
        if (code := closed_output(error)) is not None:
            sys.exit(code)
        if CliState.debug:
            traceback.print_exc()
        else:
            sys.stderr.write(
                f"Error: {type(error).__name__}: {error}\n"
                "This is a bug in positions; run again with --debug for a traceback.\n"
            )
        sys.exit(EXIT_DATA)
