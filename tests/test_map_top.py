"""The alliance map draws the most active actors (``--top``, default 80) and says so."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from positions.cli import app
from positions.data.loader import load
from positions.export import image
from positions.export.scope import most_active
from tests.synthetic import synthetic_dataset


def test_most_active_keeps_the_actors_with_the_most_statements(tmp_path: Path) -> None:
    ds = load(synthetic_dataset(tmp_path / "d", 1_200, shape="dense"))
    said = Counter(s.actor for s in ds.statements.values())
    narrowed, total = most_active(ds, None, None, 10)
    assert total == len(said)
    kept = {s.actor for s in narrowed.statements.values()}
    assert len(kept) == 10
    assert min(said[a] for a in kept) >= max(said[a] for a in said if a not in kept)
    # every statement of a kept actor stays, nothing of the others
    assert len(narrowed.statements) == sum(said[a] for a in kept)
    whole, _ = most_active(ds, None, None, 0)
    assert whole is ds


def test_the_map_draws_the_top_actors_and_says_of_how_many(tmp_path: Path) -> None:
    ds = load(synthetic_dataset(tmp_path / "d", 1_200, shape="dense"))
    amap = image.build(ds, top=10)
    assert 0 < len(amap.names) <= 10
    assert amap.subtitle.startswith("The 10 most active of 120 actors")
    everyone = image.build(ds, top=0)
    assert len(everyone.names) > 10
    assert "most active" not in everyone.subtitle


def test_map_top_option_reaches_the_image(tmp_path: Path) -> None:
    root = synthetic_dataset(tmp_path / "d", 1_200, shape="dense")
    out = tmp_path / "m.svg"
    result = CliRunner().invoke(
        app, ["map", "-o", str(out), "--top", "5", "--data", str(root)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "(5 actors)" in result.output or "5 actors" in result.stderr
    assert out.read_bytes().startswith(b"<?xml")


def test_actors_left_out_by_top_are_not_counted_as_sharing_no_target(tmp_path: Path) -> None:
    ds = load(synthetic_dataset(tmp_path / "d", 1_200, shape="dense"))
    amap = image.build(ds, top=10)
    assert amap.hidden <= 10


def test_map_include_collective_draws_the_collectives(tmp_path: Path) -> None:
    bundled = Path(__file__).parent.parent / "data"
    ds = load(bundled)
    collectives = {a for a, r in ds.stakeholders.items() if r.kind.value == "collective"}
    left_out = image.build(ds, top=0)
    drawn = image.build(ds, top=0, include_collective=True)
    assert collectives and not collectives & set(left_out.names)
    assert collectives & set(drawn.names)
    assert "Left out: " in left_out.subtitle and "Left out: " not in drawn.subtitle
    out = tmp_path / "m.svg"
    args = ["map", "-o", str(out), "--include-collective", "--data", str(bundled)]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
