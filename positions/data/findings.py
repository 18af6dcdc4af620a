"""A problem before it is placed: which record field it concerns, not yet which line."""

from __future__ import annotations

from dataclasses import dataclass

from positions.data.problems import known_code


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem about the value (or, with ``at_key``, the key) at ``path`` in its file.

    ``path`` runs from the file's top key: ``("statements", 4, "stances", 0, "target")``.
    """

    code: str
    path: tuple[str | int, ...]
    message: str
    hint: str | None = None
    at_key: bool = False

    def __post_init__(self) -> None:
        known_code(self.code)
