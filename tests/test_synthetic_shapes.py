"""The benchmark's dense shape: everyone on the main instrument, nearly every pair tied."""

from __future__ import annotations

from pathlib import Path

from positions.data.dataset import Dataset
from positions.data.loader import check, load
from positions.questions.alignment import alignment_graph
from positions.questions.positions import positions_on
from tests.synthetic import synthetic_dataset


def test_the_dense_shape_is_valid_and_puts_every_actor_on_the_main_instrument(
    tmp_path: Path,
) -> None:
    root = synthetic_dataset(tmp_path / "dense", 3_000, shape="dense")
    assert check(root) == []
    ds = load(root)
    actors = {s.id for s in ds.stakeholders.values() if s.kind.value != "person"}
    assert len(actors) == 300
    on_instrument = {actor for actor, _ in positions_on(ds, ["conv-1"])}
    assert on_instrument == actors
    ties = alignment_graph(ds, evidence=False)
    pairs = len(actors) * (len(actors) - 1) // 2
    # every pair shares the main instrument; a quarter of stances there are mixed or neutral
    assert ties.number_of_edges() >= 0.9 * pairs


def test_the_dense_shape_ties_more_pairs_than_the_default(tmp_path: Path) -> None:
    def tied_share(ds: Dataset) -> float:
        actors = [s for s in ds.stakeholders.values() if s.kind.value != "person"]
        ties = alignment_graph(ds, evidence=False)
        return float(ties.number_of_edges()) / (len(actors) * (len(actors) - 1) / 2)

    default = tied_share(load(synthetic_dataset(tmp_path / "default", 3_000)))
    dense = tied_share(load(synthetic_dataset(tmp_path / "dense", 3_000, shape="dense")))
    assert dense > 0.9 > default
