"""One base for every error positions raises on purpose, and the old names still import."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import positions
from positions.errors import (
    CurationError,
    DataDirError,
    DataError,
    ExportError,
    PositionsError,
    QueryError,
)
from tests.conftest import WriteDataset

#: Exceptions that never leave their module: signals between a function and its caller.
INTERNAL = {
    "positions.data.yamlread.NotSimple",  # the fast reader hands over to the full one
    "positions.data.cache.CorruptEntry",  # a damaged cache entry is read afresh
}


def public_exceptions() -> dict[str, type[BaseException]]:
    """Every exception class defined in a module of the package, by its dotted name."""
    found = {}
    for info in pkgutil.walk_packages(positions.__path__, "positions."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == info.name
                and not name.startswith("_")
            ):
                found[f"{info.name}.{name}"] = value
    return found


def test_every_public_exception_is_a_positions_error() -> None:
    outside = {
        name
        for name, cls in public_exceptions().items()
        if not issubclass(cls, PositionsError) and name not in INTERNAL
    }
    assert outside == set()


def test_each_error_is_one_of_the_four_kinds_or_the_data_directory() -> None:
    kinds = (DataError, DataDirError, QueryError, ExportError, CurationError)
    for name, cls in public_exceptions().items():
        if name not in INTERNAL and cls is not PositionsError:
            assert issubclass(cls, kinds), name


@pytest.mark.parametrize(
    ("old_home", "name", "kind"),
    [
        ("positions", "DataError", DataError),
        ("positions", "DataDirError", DataDirError),
        ("positions", "QueryError", QueryError),
        ("positions", "NameNotFound", QueryError),
        ("positions.data.problems", "DataError", DataError),
        ("positions.data.loader", "DataDirError", DataDirError),
        ("positions.questions.resolve", "QueryError", QueryError),
        ("positions.export.outputs", "ExportError", ExportError),
        ("positions.export.outputs", "NothingToShow", ExportError),
        ("positions.export.html", "HtmlError", ExportError),
        ("positions.curate.add", "AddError", CurationError),
        ("positions.curate.add", "RecordProblems", CurationError),
        ("positions.curate.add", "WriteError", CurationError),
    ],
)
def test_the_names_import_from_where_they_were(old_home: str, name: str, kind: type) -> None:
    cls = getattr(importlib.import_module(old_home), name)
    assert issubclass(cls, kind)


def test_a_missing_data_directory_is_caught_as_a_positions_error(tmp_path: Path) -> None:
    with pytest.raises(PositionsError, match="does not exist"):
        positions.load(f"{tmp_path}/no-such-dir")


def test_bad_data_is_caught_as_a_positions_error_with_every_problem(
    write_dataset: WriteDataset,
) -> None:
    root = write_dataset(targets_yaml="targets:\n  - id: uncc\n    kind: treaty\n    name: X\n")
    with pytest.raises(PositionsError) as raised:
        positions.load(root)
    assert isinstance(raised.value, DataError)
    assert [p.code for p in raised.value.problems] == ["bad-value"]
