"""Questions read through the statement index get what a scan of every statement gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from positions.data.cache import DatasetCache
from positions.data.dataset import Dataset
from positions.data.index import positions_by, positions_on, statements_by, statements_on
from positions.model import PartialDate
from positions.questions.positions import positions_of
from tests.random_data import random_dataset
from tests.synthetic import synthetic_dataset


def same_as_a_scan(ds: Dataset, as_of: PartialDate | None) -> None:
    everything = positions_of(ds, as_of)
    for target in ds.targets:
        scope = [target, *ds.parts_of(target)]
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
    scope = [target, *cached.parts_of(target)]
    on = statements_on(cached, scope)
    assert [s.id for s in on] == [
        s.id for s in fresh.statements.values() if any(e.target in scope for e in s.stances)
    ]
    assert "_statements" in vars(cached) and vars(cached)["_statements"] is None  # still lazy
    assert [s.id for s in statements_by(cached, "state-1")] == [
        s.id for s in fresh.statements.values() if s.actor == "state-1"
    ]
    same_as_a_scan(cached, None)  # reads everything: the index of the full dict takes over
    assert vars(cached)["_statements"] is not None


def test_the_index_follows_statements_added_to_a_dataset() -> None:
    ds = random_dataset(1)
    before = statements_on(ds, ["treaty"])
    extra = next(iter(ds.statements.values())).model_copy(update={"id": "added", "stances": []})
    ds.statements["added"] = extra.model_copy(
        update={
            "stances": [
                next(iter(ds.statements.values()))
                .stances[0]
                .model_copy(update={"target": "treaty"})
            ]
        }
    )
    assert [s.id for s in statements_on(ds, ["treaty"])] == [*(s.id for s in before), "added"]
