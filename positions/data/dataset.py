"""A loaded, validated dataset: the four record kinds, indexed by id, and what derives from them.

A ``Dataset`` never changes: its tables are read-only mappings, and everything derived from
them (the statement index, the name index, the parts of each target, the latest date) is
built on the object the first time it is asked for and kept there, which is safe only
because the object never changes. To edit data in a notebook, make a new dataset with
``replace``; its derived data is built afresh, so every question and export sees the edit.
Records are pydantic models: changing one in place is not supported (the indexes would not
see it); replace it with ``record.model_copy(update=...)`` and ``ds.replace(...)``.

>>> ds = positions.load("data")                                       # doctest: +SKIP
>>> said = dict(ds.statements)                                        # doctest: +SKIP
>>> said["hrw-1"] = said["hrw-1"].model_copy(update={"date": ...})    # doctest: +SKIP
>>> ds = ds.replace(statements=said)                                  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar, cast

from positions.model import DatasetInfo, PartialDate, Source, Stakeholder, Statement, Target

if TYPE_CHECKING:
    from positions.data.index import NameIndex, NameKind, StatementIndex

T = TypeVar("T")


class Dataset:
    """Every record of a data directory, validated and cross-checked; immutable.

    Records keep the order of their files. Build one with ``positions.load(data_dir)``;
    derive an edited one with ``replace``.
    """

    def __init__(
        self,
        root: Path | str,
        stakeholders: Mapping[str, Stakeholder] | None = None,
        targets: Mapping[str, Target] | None = None,
        sources: Mapping[str, Source] | None = None,
        statements: Mapping[str, Statement] | None = None,
        invalid_ids: Iterable[str] = (),
        info: DatasetInfo | None = None,
    ) -> None:
        self._root = Path(root)
        self._info = info
        # copied, so nobody holding the dicts given can change the tables behind the indexes
        self._stakeholders = _frozen(stakeholders)
        self._targets = _frozen(targets)
        self._sources = _frozen(sources)
        self._statements = _frozen(statements)
        self._invalid_ids = frozenset(invalid_ids)
        self._derived: dict[str, Any] = {}

    @property
    def root(self) -> Path:
        """The data directory the records were read from."""
        return self._root

    @property
    def stakeholders(self) -> Mapping[str, Stakeholder]:
        """Stakeholders by id, in file order (read-only)."""
        return self._stakeholders

    @property
    def targets(self) -> Mapping[str, Target]:
        """Targets by id, in file order (read-only)."""
        return self._targets

    @property
    def sources(self) -> Mapping[str, Source]:
        """Sources by id, in file order (read-only)."""
        return self._sources

    @property
    def statements(self) -> Mapping[str, Statement]:
        """Statements by id, in file order (read-only)."""
        return self._statements

    @property
    def info(self) -> DatasetInfo | None:
        """What ``dataset.yaml`` says the dataset is (title, credit, main target), if given."""
        return self._info

    @property
    def invalid_ids(self) -> frozenset[str]:
        """Ids of records that failed their schema: references to them are not reported again."""
        return self._invalid_ids

    def replace(
        self,
        *,
        stakeholders: Mapping[str, Stakeholder] | None = None,
        targets: Mapping[str, Target] | None = None,
        sources: Mapping[str, Source] | None = None,
        statements: Mapping[str, Statement] | None = None,
    ) -> Dataset:
        """A new plain ``Dataset`` with the given tables in place of these; the rest is shared.

        Its derived data (indexes, parts, latest date) is built afresh when first asked for.
        The tables given are taken as they are: they are not checked again
        (``positions.check`` a data directory for that).

        >>> renamed = {**ds.stakeholders, "hrw": ds.stakeholders["hrw"].model_copy(
        ...     update={"name": "Rights Watch"})}                          # doctest: +SKIP
        >>> ds.replace(stakeholders=renamed)                               # doctest: +SKIP
        """
        return Dataset(
            self.root,
            self.stakeholders if stakeholders is None else stakeholders,
            self.targets if targets is None else targets,
            self.sources if sources is None else sources,
            self.statements if statements is None else statements,
            self.invalid_ids,
            self.info,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # plain dicts travel (a mappingproxy does not pickle); derived data is rebuilt
        return (
            Dataset,
            (
                self.root,
                dict(self.stakeholders),
                dict(self.targets),
                dict(self.sources),
                dict(self.statements),
                self.invalid_ids,
                self.info,
            ),
        )

    def __repr__(self) -> str:
        counts = (
            f"{len(self.stakeholders)} stakeholders, {len(self.targets)} targets, "
            f"{len(self.sources)} sources, {self.statement_count()} statements"
        )
        return f"{type(self).__name__}({str(self.root)!r}: {counts})"

    def statement_count(self) -> int:
        """How many statements there are (without building them, from the cache)."""
        return len(self.statements)

    # --- derived data, built once on this object ------------------------------------------

    @cached_property
    def as_of(self) -> PartialDate | None:
        """The latest statement date in the data (DESIGN.md's statement date, so a source's
        ``published`` date counts for its undated statements): how current the dataset is."""
        dates = [d for d, _ in map(self.date_of, self.statements.values()) if d is not None]
        return max(dates) if dates else None

    def date_of(self, statement: Statement) -> tuple[PartialDate | None, bool]:
        """A statement's date (DESIGN.md v2) and whether it is its source's: its own
        ``date``; when it has none, its source's ``published`` date (True); else None.

        >>> ds.date_of(ds.statements["hrw-1"])             # doctest: +SKIP
        (PartialDate('2024-07'), True)
        """
        if statement.date is not None:
            return statement.date, False
        source = self.sources.get(statement.source)
        published = source.published if source is not None else None
        return published, published is not None

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

    def scope(self, target_id: str, include_parts: bool = True) -> list[str]:
        """The target a question is about, then (with ``include_parts``) its parts, in file
        order: the targets whose statements answer it (DESIGN.md, Parts)."""
        return [target_id, *self.parts_of(target_id)] if include_parts else [target_id]

    def root_of(self, target_id: str) -> str:
        """The outermost target that ``target_id`` is part of (itself when it stands alone)."""
        return self._roots.get(target_id, target_id)

    @cached_property
    def _roots(self) -> dict[str, str]:
        from positions.data.rules import target_roots  # one pass: a walk each is quadratic

        return target_roots(self.targets)

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = {}
        for target in self.targets.values():
            if target.part_of is not None:
                children.setdefault(target.part_of, []).append(target.id)
        return children

    def statement_index(self) -> StatementIndex:
        """Statement numbers (file order) by target and by actor, built on first use."""
        from positions.data.index import build_statement_index

        return self.derived_in_memory(
            "statement_index", lambda: build_statement_index(list(self.statements.values()))
        )

    def statements_on(self, targets: Iterable[str]) -> list[Statement]:
        """Every statement with a stance on one of ``targets``, in file order."""
        index = self.statement_index()
        numbers: set[int] = set()
        for target in targets:
            numbers.update(index.by_target.get(target, ()))
        return index.fetch(sorted(numbers))

    def statements_by(self, actor: str) -> list[Statement]:
        """Every statement whose actor is ``actor``, in file order."""
        index = self.statement_index()
        return index.fetch(index.by_actor.get(actor, ()))

    def name_index(self, kind: NameKind) -> NameIndex:
        """Every name of the records a name of ``kind`` may mean, folded, built on first use."""
        from positions.data.index import build_name_index

        return self.derived_in_memory(f"names:{kind}", lambda: build_name_index(self, kind))

    def derived(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()`` for what is costly to derive from the whole dataset, kept on it.

        ``positions.questions.alignment`` keeps the sides every actor takes this way. A
        dataset from the cache (``positions.data.cache``) also keeps it beside its entry,
        for the next run; ``compute`` must return plain, picklable data.
        """
        return self.derived_in_memory(name, compute)

    def derived_in_memory(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, kept on this object under ``name`` (it never changes)."""
        found = self._derived.get(name, _MISSING)
        if found is _MISSING:
            found = self._derived[name] = compute()
        return cast(T, found)


_MISSING: Any = object()


def _frozen(table: Mapping[str, T] | None) -> Mapping[str, T]:
    return MappingProxyType(dict(table) if table is not None else {})


@dataclass
class DatasetDraft:
    """A dataset being filled, record by record, by the loader; ``freeze()`` makes the
    ``Dataset``. Nothing else should hold one."""

    root: Path
    stakeholders: dict[str, Stakeholder] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    statements: dict[str, Statement] = field(default_factory=dict)
    invalid_ids: set[str] = field(default_factory=set, repr=False)
    info: DatasetInfo | None = None

    def freeze(self) -> Dataset:
        """The immutable dataset of the records filled in so far."""
        return Dataset(
            self.root,
            self.stakeholders,
            self.targets,
            self.sources,
            self.statements,
            self.invalid_ids,
            self.info,
        )
