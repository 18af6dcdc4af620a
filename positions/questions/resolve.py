"""Names -> record ids, as DESIGN.md's name resolution says.

A stakeholder or target can be named by its id, name, label or alias. Names compare after
``positions.data.names.fold_name`` (case, accents, punctuation, spacing, abbreviations), so
"art. 35", "Article 35" and "ARTICLE-35" are one name while "Article 6(2)" stays apart
from "Article 62". An unknown name raises ``NameNotFound`` (with the closest names); a
name that fits several records raises ``AmbiguousName`` (with every candidate).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from enum import StrEnum

from positions.data.dataset import Dataset
from positions.data.names import closest, fold_name
from positions.errors import QueryError as QueryError  # raised and caught from here too
from positions.model import PartialDate, Stakeholder, Target, parse_partial_date


class NameNotFound(QueryError):
    """No record answers to ``name``; ``suggestions`` are the closest names, best first."""

    def __init__(self, name: str, what: str, suggestions: list[Candidate]) -> None:
        self.name = name
        self.what = what
        self.suggestions = suggestions
        message = f"no {what} named '{name}'"
        if suggestions:
            listed = "; ".join(c.describe() for c in suggestions)
            message += f"; closest: {listed}"
        super().__init__(message)


class AmbiguousName(QueryError):
    """Several records answer to ``name``; ``candidates`` lists them all (name them by id)."""

    def __init__(self, name: str, what: str, candidates: list[Candidate]) -> None:
        self.name = name
        self.what = what
        self.candidates = candidates
        listed = "; ".join(c.describe(with_match=False) for c in candidates)
        super().__init__(f"'{name}' names {len(candidates)} records: {listed}; name one by its id")


class BadDate(QueryError):
    """An ``as_of`` date that is not YYYY, YYYY-MM or YYYY-MM-DD, or not a calendar date."""


class Kind(StrEnum):
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


def record_names(record: Stakeholder | Target) -> list[str]:
    """Every name a record answers to: id, name, label, aliases (in that order)."""
    names = [record.id]
    if record.name:
        names.append(record.name)
    if isinstance(record, Target) and record.label:
        names.append(record.label)
    names.extend(record.aliases)
    return names


def _records(ds: Dataset, kind: Kind) -> list[Stakeholder | Target]:
    found: list[Stakeholder | Target] = list(ds.stakeholders.values())
    if kind is Kind.TARGET:
        found = [*ds.targets.values(), *found]
    return found


def _title(ds: Dataset, record: Stakeholder | Target) -> str:
    """What a candidate reads as; a part names its instrument, so candidates tell apart."""
    if not isinstance(record, Target):
        return record.name
    root = record
    seen = {record.id}
    while root.part_of and root.part_of in ds.targets and root.part_of not in seen:
        root = ds.targets[root.part_of]
        seen.add(root.id)
    return record.title if root is record else f"{record.title} in {root.title}"


@dataclass(frozen=True)
class _Index:
    """Every record's names, folded once per dataset: folded name -> candidates."""

    by_name: dict[str, list[Candidate]]
    size: tuple[int, int]  # records when built: a dataset edited since is indexed again


_INDEXES: dict[tuple[int, Kind], tuple[weakref.ref[Dataset], _Index]] = {}


def _index(ds: Dataset, kind: Kind) -> _Index:
    size = (len(ds.stakeholders), len(ds.targets))
    cached = _INDEXES.get((id(ds), kind))
    if cached is not None and cached[0]() is ds and cached[1].size == size:
        return cached[1]
    by_name: dict[str, list[Candidate]] = {}
    records = _records(ds, kind)
    for record in records:
        seen: set[str] = set()
        for alias in record_names(record):
            folded = fold_name(alias)
            if folded and folded not in seen:
                seen.add(folded)
                by_name.setdefault(folded, []).append(
                    Candidate(record.id, _title(ds, record), alias)
                )
    index = _Index(by_name, size)
    _INDEXES[(id(ds), kind)] = (weakref.ref(ds), index)
    return index


def resolve(ds: Dataset, name: str, kind: Kind = Kind.TARGET) -> str:
    """The id of the one record ``name`` means.

    An exact id wins; otherwise every record whose id, name, label or alias folds to the
    same text as ``name`` is a candidate. Raises ``NameNotFound`` or ``AmbiguousName``.

    >>> resolve(ds, "art. 35")          # doctest: +SKIP
    'uncc-art-35'
    """
    if name in ds.stakeholders or (kind is Kind.TARGET and name in ds.targets):
        return name  # an exact id: no need to fold every name of the dataset
    what = "actor" if kind is Kind.ACTOR else "actor or target"
    index = _index(ds, kind)
    matches = index.by_name.get(fold_name(name), [])
    if len(matches) == 1:
        return matches[0].id
    if matches:
        raise AmbiguousName(name, what, list(matches))
    raise NameNotFound(name, what, _closest(name, index))


def resolve_actor(ds: Dataset, name: str) -> str:
    """The id of the stakeholder ``name`` means (see ``resolve``)."""
    return resolve(ds, name, Kind.ACTOR)


def resolve_target(ds: Dataset, name: str) -> str:
    """The id of the target (or stakeholder, for actor-to-actor stances) ``name`` means."""
    return resolve(ds, name, Kind.TARGET)


def _closest(name: str, index: _Index, limit: int = 3) -> list[Candidate]:
    """Names that contain every word of ``name`` first, then the nearest by spelling."""
    wanted = fold_name(name)
    words = set(wanted.split())
    containing = [f for f in index.by_name if words and words <= set(f.split())]
    nearest = closest(wanted, index.by_name, limit=limit * 3)
    found: dict[str, Candidate] = {}
    for folded in [*containing, *nearest]:
        for candidate in index.by_name[folded]:
            found.setdefault(candidate.id, candidate)
    return list(found.values())[:limit]


def as_of_date(value: str | PartialDate | None) -> PartialDate | None:
    """``value`` as a date (None stays None); raises ``BadDate`` with a readable reason."""
    if value is None or isinstance(value, PartialDate):
        return value
    try:
        return parse_partial_date(value)
    except ValueError as error:
        raise BadDate(str(error)) from None
