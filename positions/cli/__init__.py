"""The command line: each module registers its commands on one typer app.

The CLI parses arguments, calls the library and formats its results; it holds no logic.
"""

from __future__ import annotations

import sys
import traceback

from positions.cli import check as _check  # noqa: F401  (registers its command)
from positions.cli import curate as _curate  # noqa: F401  (registers its commands)
from positions.cli import export as _export  # noqa: F401  (registers its commands)
from positions.cli import html as _html  # noqa: F401  (registers its command)
from positions.cli import query as _query  # noqa: F401  (registers its commands)
from positions.cli.app import EXIT_DATA, CliState, app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``positions`` console script."""
    try:
        app(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    except Exception as error:
        if CliState.debug:
            traceback.print_exc()
        else:
            sys.stderr.write(
                f"Error: {type(error).__name__}: {error}\n"
                "This is a bug in positions; run again with --debug for a traceback.\n"
            )
        sys.exit(EXIT_DATA)
