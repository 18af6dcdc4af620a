"""Problems found in a dataset, each with the place a curator must look."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

#: Characters that would break a problem's line or act on the terminal, or reorder text.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the data, where it is, and how to fix it.

    ``line`` and ``column`` are 1-based, as editors count them.
    """

    code: str
    file: str
    line: int
    column: int
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        """One line, as editors and ``grep`` read it; control characters are escaped.

        A value quoted in a message may hold a line break or a terminal escape sequence:
        shown raw, it would split the line or drive the terminal.
        """
        text = f"{self.file}:{self.line}:{self.column}: [{self.code}] {self.message}"
        if self.hint:
            text = f"{text} ({self.hint})"
        return _UNPRINTABLE.sub(_escape, text)

    def to_dict(self) -> dict[str, str | int | None]:
        return asdict(self)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)


class DataError(Exception):
    """The dataset cannot be loaded; ``problems`` says every reason, each with its place."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=Problem.sort_key)
        count = len(self.problems)
        first = str(self.problems[0]) if self.problems else "no problems recorded"
        more = f" (and {count - 1} more)" if count > 1 else ""
        super().__init__(f"{first}{more}")
