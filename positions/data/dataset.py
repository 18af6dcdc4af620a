"""A loaded, validated dataset: the four record kinds, indexed by id."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from positions.model import PartialDate, Source, Stakeholder, Statement, Target


@dataclass
class Dataset:
    """Every record of a data directory, validated and cross-checked.

    Records keep the order of their files. Build one with ``positions.load(data_dir)``.
    """

    root: Path
    stakeholders: dict[str, Stakeholder] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    statements: dict[str, Statement] = field(default_factory=dict)
    #: ids of records that failed their schema: references to them are not reported again
    invalid_ids: set[str] = field(default_factory=set, repr=False)

    @cached_property
    def as_of(self) -> PartialDate | None:
        """The latest statement date in the data: how current the dataset is."""
        dates = [s.date for s in self.statements.values() if s.date is not None]
        return max(dates) if dates else None

    def name_of(self, record_id: str) -> str:
        """The readable name of a stakeholder or target id (the id itself if unknown)."""
        if record_id in self.stakeholders:
            return self.stakeholders[record_id].name
        if record_id in self.targets:
            return self.targets[record_id].title
        return record_id

    def parts_of(self, target_id: str) -> list[str]:
        """Every target nested under ``target_id`` (transitively), in file order."""
        children: dict[str, list[str]] = self._children
        found: list[str] = []
        stack = list(reversed(children.get(target_id, [])))
        while stack:
            child = stack.pop()
            found.append(child)
            stack.extend(reversed(children.get(child, [])))
        return found

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = {}
        for target in self.targets.values():
            if target.part_of is not None:
                children.setdefault(target.part_of, []).append(target.id)
        return children
