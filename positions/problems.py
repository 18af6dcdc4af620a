"""Problems found in a dataset, each with the place a curator must look."""

from __future__ import annotations

from dataclasses import asdict, dataclass


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
        text = f"{self.file}:{self.line}:{self.column}: [{self.code}] {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

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
