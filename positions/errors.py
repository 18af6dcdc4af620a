"""Every error ``positions`` raises on purpose, under one base.

Catch ``PositionsError`` for anything the library refuses; catch one of its four kinds to
tell a curator, a researcher or a script what went wrong:

- ``DataError``: the dataset has problems (``problems`` lists every one, each placed);
- ``DataDirError``: the data directory itself is missing (a usage error, not a data one);
- ``QueryError``: a question cannot be answered as asked (an unknown name, a bad date);
- ``ExportError``: an export cannot be made as asked (a wrong file type, nothing to show);
- ``CurationError``: a record cannot be added or written.

The CLI maps them to its exit codes: 1 for a problem with the data, 2 for a usage problem.

>>> from positions.errors import PositionsError, QueryError
>>> issubclass(QueryError, PositionsError)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the problems module is not needed to raise or catch these
    from positions.data.problems import Problem


class PositionsError(Exception):
    """Anything ``positions`` refuses to do, with a message that says why.

    ``hint``, when given, says how to do it instead ("name a file ending in .png").
    """

    def __init__(self, *args: object, hint: str | None = None) -> None:
        super().__init__(*args)
        self.hint = hint


class DataError(PositionsError):
    """The dataset cannot be loaded; ``problems`` says every reason, each with its place."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda problem: problem.sort_key())
        count = len(self.problems)
        first = str(self.problems[0]) if self.problems else "no problems recorded"
        more = f" (and {count - 1} more)" if count > 1 else ""
        super().__init__(f"{first}{more}")


class DataDirError(PositionsError):
    """The data directory itself is missing or not a directory (a usage error)."""


class QueryError(PositionsError):
    """A question that cannot be answered as asked (an unknown name, a bad date)."""


class ExportError(PositionsError):
    """An export cannot be made as asked (unknown name, wrong file type, missing directory)."""


class CurationError(PositionsError):
    """A record cannot be added, or its file cannot be written."""
