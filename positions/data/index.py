"""The indexes a ``Dataset`` builds on itself: statements by target and by actor, and names.

``ds.statement_index()`` lets a question read only the statements it is about
(``ds.statements_on(targets)``, ``ds.statements_by(actor)``); a dataset from the cache
(``positions.data.cache``) gives the index stored with its entry instead, and rebuilds only
the statements it points to. ``ds.name_index(kind)`` holds every record's names, folded
(``positions.data.names.fold_name``), for ``positions.questions.resolve``.

Both are built once per dataset, on the dataset: it never changes, so they never go stale.

>>> ds.statements_on(ds.scope("uncc"))                    # doctest: +SKIP
[Statement(id='hrw-global-surveillance', ...), ...]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from positions.data.names import fold_name
from positions.model import Stakeholder, Statement, Target

if TYPE_CHECKING:
    from positions.data.dataset import Dataset


@dataclass(frozen=True)
class StatementIndex:
    """Statement numbers (file order) by the targets they take a stance on and by actor;
    ``fetch`` turns numbers into statements."""

    by_target: Mapping[str, Sequence[int]]
    by_actor: Mapping[str, Sequence[int]]
    fetch: Callable[[Iterable[int]], list[Statement]]


def build_statement_index(statements: Sequence[Statement]) -> StatementIndex:
    """The index of ``statements`` (numbered by their place in the sequence), in one pass."""
    by_target: dict[str, list[int]] = defaultdict(list)
    by_actor: dict[str, list[int]] = defaultdict(list)
    for number, statement in enumerate(statements):
        by_actor[statement.actor].append(number)
        for target in dict.fromkeys(e.target for e in statement.stances):
            by_target[target].append(number)

    def fetch(numbers: Iterable[int]) -> list[Statement]:
        return [statements[n] for n in numbers]

    return StatementIndex(dict(by_target), dict(by_actor), fetch)


class NameKind(StrEnum):
    """Which records a name may resolve to."""

    ACTOR = "actor"
    TARGET = "target"  # a target, or a stakeholder (actor-to-actor stances)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A record a name could mean: its id, what it reads as, and the name that matched."""

    id: str
    title: str
    matched: str

    def describe(self, with_match: bool = True) -> str:
        """``'Title' (id)``, led by the name that matched when it reads differently."""
        told = f"'{self.title}' ({self.id})"
        matched = fold_name(self.matched)
        if with_match and matched not in fold_name(self.title) and matched != fold_name(self.id):
            return f"'{self.matched}': {told}"
        return told


@dataclass(frozen=True)
class NameIndex:
    """Every record's names, folded once per dataset: folded name -> candidates."""

    by_name: Mapping[str, Sequence[Candidate]]


def record_names(record: Stakeholder | Target) -> list[str]:
    """Every name a record answers to: id, name, label, aliases (in that order)."""
    names = [record.id]
    if record.name:
        names.append(record.name)
    if isinstance(record, Target) and record.label:
        names.append(record.label)
    names.extend(record.aliases)
    return names


def candidate_title(ds: Dataset, record: Stakeholder | Target) -> str:
    """What a candidate reads as; a part names its instrument, so candidates tell apart."""
    if not isinstance(record, Target):
        return record.name
    root = ds.root_of(record.id)
    return record.title if root == record.id else f"{record.title} in {ds.name_of(root)}"


def build_name_index(ds: Dataset, kind: NameKind) -> NameIndex:
    """The names of the records a name of ``kind`` may mean: targets first, then stakeholders
    (for a target), or stakeholders only (for an actor)."""
    records: list[Stakeholder | Target] = list(ds.stakeholders.values())
    if kind is NameKind.TARGET:
        records = [*ds.targets.values(), *records]
    by_name: dict[str, list[Candidate]] = {}
    for record in records:
        seen: set[str] = set()
        for alias in record_names(record):
            folded = fold_name(alias)
            if folded and folded not in seen:
                seen.add(folded)
                by_name.setdefault(folded, []).append(
                    Candidate(record.id, candidate_title(ds, record), alias)
                )
    return NameIndex(by_name)
