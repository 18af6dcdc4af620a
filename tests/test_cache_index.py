"""Questions read through the statement index get what a scan of every statement gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from positions.data.cache import DatasetCache
from positions.data.dataset import Dataset
from positions.model import PartialDate
from positions.questions.positions import positions_by, positions_of, positions_on
from tests.random_data import random_dataset
from tests.synthetic import synthetic_dataset


def same_as_a_scan(ds: Dataset, as_of: PartialDate | None) -> None:
    everything = positions_of(ds, as_of)
    for target in ds.targets:
        scope = ds.scope(target)
        expected = {k: v for k, v in everything.items() if k[1] in scope}
        found = positions_on(ds, scope, as_of)
        assert list(found.items()) == list(expected.items())
    for actor in ds.stakeholders:
        expected = {k: v for k, v in everything.items() if k[0] == actor}
        assert list(positions_by(ds, actor, as_of).items()) == list(expected.items())


@pytest.mark.parametrize("seed", range(25))
def test_positions_on_and_by_equal_a_scan(seed: int) -> None:
    ds = random_dataset(seed)
    same_as_a_scan(ds, None)
    same_as_a_scan(ds, PartialDate("2023-05-02"))


def test_a_cached_dataset_answers_from_its_entry_as_a_scan_would(tmp_path: Path) -> None:
    root = synthetic_dataset(tmp_path / "data", statements=300)
    store = DatasetCache(tmp_path / "cache")
    store.load(root)
    cached, hit = store.load(root)
    assert hit
    fresh, _ = DatasetCache(tmp_path / "other").load(root)
    target = "conv-1-art-4"
    scope = cached.scope(target)
    on = cached.statements_on(scope)
    assert [s.id for s in on] == [
        s.id for s in fresh.statements.values() if any(e.target in scope for e in s.stances)
    ]
    assert vars(cached)["_by_id"] is None  # still lazy: only what was asked for is built
    assert [s.id for s in cached.statements_by("state-1")] == [
        s.id for s in fresh.statements.values() if s.actor == "state-1"
    ]
    same_as_a_scan(cached, None)  # reads everything: the index of the full dict takes over
    assert vars(cached)["_by_id"] is not None
    same_as_a_scan(cached, None)  # the entry is closed: the built statements answer


def test_a_dataset_with_a_statement_added_indexes_it() -> None:
    ds = random_dataset(1)
    before = ds.statements_on(["treaty"])
    first = next(iter(ds.statements.values()))
    added = first.model_copy(
        update={
            "id": "added",
            "stances": [first.stances[0].model_copy(update={"target": "treaty"})],
        }
    )
    edited = ds.replace(statements={**ds.statements, "added": added})
    assert [s.id for s in edited.statements_on(["treaty"])] == [*(s.id for s in before), "added"]
    assert ds.statements_on(["treaty"]) == before  # the original is unchanged
