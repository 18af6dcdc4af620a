"""Names -> record ids, as DESIGN.md's name resolution says.

A stakeholder or target can be named by its id, name, label or alias. Names compare after
``positions.data.names.fold_name`` (case, accents, punctuation, spacing, abbreviations), so
"art. 35", "Article 35" and "ARTICLE-35" are one name while "Article 6(2)" stays apart
from "Article 62". An unknown name raises ``NameNotFound`` (with the closest names); a
name that fits several records raises ``AmbiguousName`` (with every candidate).
"""

from __future__ import annotations

import datetime

from positions.data.dataset import Dataset
from positions.data.index import Candidate, NameIndex, NameKind, record_names
from positions.data.names import closest, fold_name
from positions.errors import QueryError as QueryError  # raised and caught from here too
from positions.model import PartialDate, parse_partial_date

__all__ = [
    "AmbiguousName",
    "BadDate",
    "Candidate",
    "DateLike",
    "Kind",
    "NameNotFound",
    "QueryError",
    "as_of_date",
    "record_names",
    "resolve",
    "resolve_actor",
    "resolve_target",
]


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


#: Which records a name may resolve to (``Kind.ACTOR`` or ``Kind.TARGET``).
Kind = NameKind


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
    index = ds.name_index(kind)
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


def _closest(name: str, index: NameIndex, limit: int = 3) -> list[Candidate]:
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


#: What an ``as_of`` may be: "2024", "2024-07", "2024-07-15", a date, or None (no bound).
DateLike = str | PartialDate | datetime.date | None


def as_of_date(value: object) -> PartialDate | None:
    """``value`` (``"2024"``, ``"2024-07"``, ``"2024-07-15"``, a ``datetime.date`` or a
    ``PartialDate``) as a date; None stays None. Raises ``BadDate`` with a readable reason
    for anything else.

    >>> as_of_date(datetime.date(2024, 7, 15))
    PartialDate('2024-07-15')
    """
    if value is None or isinstance(value, PartialDate):
        return value
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return PartialDate(value.isoformat())
    if not isinstance(value, str):
        raise BadDate(
            f"{value!r} is not a date: give YYYY, YYYY-MM or YYYY-MM-DD text, "
            "a datetime.date or None"
        )
    try:
        return parse_partial_date(value)
    except ValueError as error:
        raise BadDate(str(error)) from None
