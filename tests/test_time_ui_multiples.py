"""`positions map --by year`: small multiples, one panel per window, one layout for all."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import positions
from positions.cli import app
from positions.data.dataset import Dataset
from positions.export import image, multiples
from positions.model import PartialDate

FIXTURES = Path(__file__).parent / "fixtures"
DATA = Path(__file__).resolve().parent.parent / "data"
runner = CliRunner()


@pytest.fixture(scope="module")
def moves() -> Dataset:
    return positions.load(FIXTURES / "time")


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return positions.load(DATA)


def test_one_panel_per_window_with_that_windows_camps(moves: Dataset) -> None:
    found = multiples.build(moves, by="year")
    windows = positions.timeline(moves, by="year")
    assert [p.label for p in found.panels] == [w.label for w in windows]
    for panel, window in zip(found.panels, windows, strict=True):
        for actor in panel.spoken:
            assert panel.camps[actor] == (window.camp_of(actor) or 0)
        # an actor with no position yet is not drawn as having one
        assert panel.spoken == {p.actor for p in window.positions} & set(found.places)


def test_every_panel_uses_the_one_layout_of_the_last_window(bundled: Dataset) -> None:
    found = multiples.build(bundled, by="year")
    last = positions.timeline(bundled, by="year")[-1]
    once = image.build(bundled, None, last.as_of, image.MAP_ACTORS)
    assert found.places == once.places  # one layout, computed once, for every panel
    assert len(found.places) <= image.MAP_ACTORS  # the top actors, as `map` draws them
    for panel in found.panels:
        assert panel.spoken <= set(found.places)
        assert {a for tie in panel.ties for a in tie[:2]} <= set(found.places)


def test_ties_are_those_at_the_end_of_each_window(moves: Dataset) -> None:
    from positions.questions.graphs import alignment_graph

    found = multiples.build(moves, by="year")
    for panel, window in zip(found.panels, positions.timeline(moves, by="year"), strict=True):
        graph = alignment_graph(moves, window.as_of, evidence=False)
        expected = {
            tuple(sorted((a, b))) for a, b in graph.edges if a in found.places and b in found.places
        }
        assert {tie[:2] for tie in panel.ties} == expected


def test_an_as_of_date_leaves_out_the_windows_after_it(moves: Dataset) -> None:
    found = multiples.build(moves, as_of=PartialDate("2021"), by="year")
    assert [p.label for p in found.panels] == ["2020", "2021"]


def test_the_cli_writes_the_png_and_refuses_an_unknown_window(tmp_path: Path) -> None:
    out = tmp_path / "m.png"
    result = runner.invoke(app, ["map", "--by", "year", "-o", str(out), "-d", str(DATA)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\x89PNG")
    assert "panels" in result.output
    bad = runner.invoke(app, ["map", "--by", "decade", "-o", str(out), "-d", str(DATA)])
    assert bad.exit_code == 2
    assert "decade" in bad.output
    svg = tmp_path / "m.svg"
    result = runner.invoke(
        app, ["map", "--by", "quarter", "-o", str(svg), "-d", str(FIXTURES / "time")]
    )
    assert result.exit_code == 0, result.output
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
