"""The map's time control in a real browser: stepped with the keyboard, the board's counts
are those of `timeline` window by window, the network recolours without a layout run."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import positions
from positions.export.html import build_map, write_map
from positions.export.timepayload import timeline_payload
from tests.conftest import CHROMIUM

DATA = Path(__file__).resolve().parent.parent / "data"
FIXTURES = Path(__file__).parent / "fixtures"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="needs /usr/bin/chromium"),
]


@pytest.fixture(autouse=True)
def _artifacts() -> None:
    ARTIFACTS.mkdir(exist_ok=True)  # a clean clone has none yet


def _expected_counts(ds: positions.Dataset, target: str) -> list[dict[str, int]]:
    """Per window, the actors on ``target`` itself by stance: from ``timeline``."""
    found = positions.timeline(ds, target=target, include_collective=True)
    counts = []
    for window in found:
        tally = Counter(p.stance.value for p in window.positions if p.target == target)
        counts.append({s: tally.get(s, 0) for s in ("support", "mixed", "neutral", "oppose")})
    return counts


def _open(browser: Any, path: Path, width: int = 1440, height: int = 900) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_function("window.__positionsReady === true", timeout=30_000)
    return page, errors


def _keyboard_steps(page: Any, labels: list[str]) -> Iterator[tuple[int, str, str | None]]:
    """Step the slider from the first window with the keyboard: (index, label, and which of
    the three screenshots, first, middle or last, belongs to that window)."""
    page.locator("#time-slider").focus()
    page.keyboard.press("Home")
    shots = {0: "first", len(labels) // 2: "middle", len(labels) - 1: "last"}
    for index, label in enumerate(labels):
        if index:
            page.keyboard.press("ArrowRight")
        yield index, label, shots.get(index)


def test_the_fixture_map_steps_window_by_window_with_the_keyboard(
    browser: Any, tmp_path: Path
) -> None:
    ds = positions.load(FIXTURES / "time")
    path = write_map(build_map(ds, target="pact"), tmp_path / "time.html")
    expected = _expected_counts(ds, "pact")
    labels = [w.label for w in positions.timeline(ds)]
    page, errors = _open(browser, path)
    assert page.evaluate("window.positionsTime.labels()") == labels
    slider = page.locator("#time-slider")
    assert slider.get_attribute("aria-valuetext") == "all statements"
    page.locator("label[for=time-slider]").click()  # the label names the slider
    slider.focus()
    page.keyboard.press("Home")
    for index, label in enumerate(labels):
        if index:
            page.keyboard.press("ArrowRight")
        assert page.evaluate("window.positionsTime.window()") == label
        assert slider.get_attribute("aria-valuetext") == label
        caption = page.locator("#time-caption")
        assert caption.get_attribute("aria-live") == "polite"
        assert f"End of {label}" in caption.inner_text()
        shown = page.evaluate("window.positionsTime.shownCounts()")
        chips = page.evaluate("window.positionsTime.shownChips()")
        for stance, count in expected[index].items():
            assert shown[stance] == count, (label, stance)
            assert chips[stance] == count, (label, stance)
    page.keyboard.press("ArrowRight")  # past the last window: all statements again
    assert page.evaluate("window.positionsTime.window()") is None
    assert errors == []


def test_the_bundled_map_follows_the_window_in_board_network_and_caption(
    browser: Any,
) -> None:
    ds = positions.load(DATA)
    assert ds.info is not None and ds.info.main_target is not None
    target = ds.info.main_target
    page_data = build_map(ds)
    path = write_map(page_data, ARTIFACTS / "time-map.html")
    expected = _expected_counts(ds, target)
    payload = timeline_payload(ds, target)
    assert payload is not None
    labels = [w["label"] for w in payload["windows"]]
    page, errors = _open(browser, path)
    for index, label, shot in _keyboard_steps(page, labels):
        assert page.locator("#as-of").inner_text() == payload["windows"][index]["asOf"]
        shown = page.evaluate("window.positionsTime.shownCounts()")
        assert {s: shown[s] for s in expected[index]} == expected[index], label
        if shot:
            page.screenshot(path=str(ARTIFACTS / f"time-board-{shot}-{label}.png"))
    # the stance view: an actor is filled with its position on the target at that window
    page.keyboard.press("Home")
    page.evaluate("window.positionsMap.setView('stances')")
    first = positions.timeline(ds, target=target, include_collective=True)[0]
    for position in first.positions:
        if position.target == target:
            group = page.evaluate("id => window.positionsMap.nodeGroup(id)", position.actor)
            assert group is None or group.startswith(f"stance-{position.stance.value}:")
    page.screenshot(path=str(ARTIFACTS / f"time-stances-{labels[0]}.png"))
    # no physics run when stepping: every node stays where the file placed it
    ids = [n[0] for n in page_data.data["stances"]["nodes"]]
    where = (
        "ids => ids.map(id => { const at = window.positionsMap.nodePosition(id);"
        " return [Math.round(at.x), Math.round(at.y)]; })"
    )
    before = page.evaluate(where, ids)
    page.locator("#time-slider").focus()
    for _ in labels:
        page.keyboard.press("ArrowRight")
    assert page.evaluate(where, ids) == before
    assert page.evaluate("document.body.getAttribute('data-physics')") != "running"
    page.evaluate("window.positionsMap.setView('alliances')")
    page.keyboard.press("Home")
    page.screenshot(path=str(ARTIFACTS / f"time-alliances-{labels[0]}.png"))
    assert errors == []


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / name), full_page=False)


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_the_legends_are_the_window_s_in_every_view(browser: Any, width: int, height: int) -> None:
    ds = positions.load(DATA)
    assert ds.info is not None and ds.info.main_target is not None
    target = ds.info.main_target
    page_data = build_map(ds)
    path = write_map(page_data, ARTIFACTS / f"time-legend-{width}.html")
    palette = len(page_data.data["styles"]["coalitions"])
    found = positions.timeline(ds)
    expected_counts = _expected_counts(ds, target)
    payload = timeline_payload(ds, target)
    assert payload is not None
    labels = [w["label"] for w in payload["windows"]]
    page, errors = _open(browser, path, width, height)
    drawn = page.evaluate("window.positionsTime.shownCamps()")
    page.evaluate("window.positionsMap.setView('alliances')")
    if width < 800:  # the legend sits behind the narrow page's toggle
        page.locator("#controls-toggle").click()
    for index, label, shot in _keyboard_steps(page, labels):
        window = found[index]
        assert window.label == label
        camps = [[c.label, len(c.members)] for c in window.camps if c.number <= palette]
        assert page.evaluate("window.positionsTime.shownCamps()") == camps, label
        # the stance counts in the board's headings are the window's too, while out of sight
        shown = page.evaluate("window.positionsTime.shownCounts()")
        assert {s: shown[s] for s in expected_counts[index]} == expected_counts[index], label
        # every actor is filled with its camp of the window
        for camp in window.camps[:3]:
            group = page.evaluate("id => window.positionsMap.nodeGroup(id)", camp.members[0])
            assert group is None or group.startswith(f"time-camp{camp.number}:"), (label, group)
        if shot:
            _shot(page, f"time-alliances-{width}x{height}-{shot}-{label}.png")
    page.keyboard.press("End")  # all statements: the legend as the map was drawn
    assert page.evaluate("window.positionsTime.shownCamps()") == drawn
    assert errors == []


def test_a_step_taken_on_the_board_reaches_the_network_when_it_is_shown(browser: Any) -> None:
    ds = positions.load(DATA)
    assert ds.info is not None and ds.info.main_target is not None
    target = ds.info.main_target
    path = write_map(build_map(ds), ARTIFACTS / "time-board-then-network.html")
    first = positions.timeline(ds, target=target, include_collective=True)[0]
    page, errors = _open(browser, path)
    page.evaluate("window.positionsMap.setView('stances')")
    page.evaluate("window.positionsMap.setView('board')")
    page.locator("#time-slider").focus()
    page.keyboard.press("Home")  # stepped while the board is in sight
    page.evaluate("window.positionsMap.setView('stances')")
    held = {p.actor: p.stance.value for p in first.positions if p.target == target}
    visible = set(page.evaluate("window.positionsMap.visibleNodeIds()"))
    for actor, stance in held.items():
        group = page.evaluate("id => window.positionsMap.nodeGroup(id)", actor)
        assert group is None or group.startswith(f"stance-{stance}:"), (actor, group)
    # actors with no position yet are hidden: fewer nodes than the map drew
    assert 0 < len(visible) < page.evaluate("window.positionsMap.counts().nodes")
    assert errors == []


def test_a_crowded_boards_part_tallies_step_with_the_window_counts(
    browser: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import positions.export.board as board_module

    monkeypatch.setattr(board_module, "PARTS_LISTED_UP_TO", 0)  # each part lists 24 at most
    ds = positions.load(DATA)
    page_data = build_map(ds)
    board, time = page_data.data["board"], page_data.data["timeline"]
    crowded = next(g for g in board["partGroups"] if g["more"])
    path = write_map(page_data, ARTIFACTS / "time-crowded-board.html")
    page, errors = _open(browser, path)
    tallies = page.locator(f'details.part[data-part="{crowded["via"]}"] summary .tallies')

    def shown() -> dict[str, int]:
        found = {}
        for text in tallies.locator(".tally-item").all_inner_texts():
            count, stance = text.split()
            found[stance] = int(count)
        return found

    assert shown() == {s: n for s, n in crowded["counts"].items() if n}
    labels = [w["label"] for w in time["windows"]]
    for index, label, _ in _keyboard_steps(page, labels):
        # every actor on the part counted, not only the chips listed
        assert shown() == time["windows"][index]["partCounts"].get(crowded["via"], {}), label
    assert errors == []
