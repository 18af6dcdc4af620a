"""The stance board in Chromium: counts equal `who`, a chip shows its words, at desktop
and phone sizes, with nothing loaded from the network."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import positions
from positions.export.board import BOARD_STANCES
from positions.export.html import build_map, write_map
from tests.conftest import CHROMIUM

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="needs /usr/bin/chromium"),
]
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}


class Board:
    """A map opened from file:// at a viewport size, its outside requests and errors kept."""

    def __init__(self, browser: Any, path: Path, size: tuple[int, int]) -> None:
        self.page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on(
            "request",
            lambda r: None if r.url.startswith(("file:", "data:")) else self.requests.append(r.url),
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.__positionsReady === true", timeout=30_000)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("boards")
    return {
        "v2": write_map(build_map(positions.load(FIXTURES / "v2")), out / "v2.html"),
        "data": write_map(build_map(positions.load(ROOT / "data")), out / "data.html"),
    }


@pytest.fixture(params=list(SIZES))
def size(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def bundled(browser: Any, pages: dict[str, Path], size: str) -> Iterator[Board]:
    board = Board(browser, pages["data"], SIZES[size])
    yield board
    board.page.close()


def test_board_counts_equal_the_who_answer(browser: Any, pages: dict[str, Path]) -> None:
    for name, target in (("v2", "pact"), ("data", "uncc")):
        ds = positions.load(FIXTURES / "v2" if name == "v2" else ROOT / "data")
        board = Board(browser, pages[name], SIZES["desktop"])
        assert board.js("document.body.dataset.view") == "board"
        for stance in BOARD_STANCES:
            expected = list(positions.who(ds, stance, target).actors_on_target)
            heading = board.page.locator(f"#board-{stance.value} .count").inner_text()
            assert int(heading) == len(expected)
            actors = board.js(
                "(s) => [...document.querySelectorAll(`.column[data-stance=${s}] .chip`)]"
                ".map(b => b.dataset.actor)",
                stance.value,
            )
            assert actors == expected
        parts = [row for s in BOARD_STANCES for row in positions.who(ds, s, target).on_parts]
        assert board.page.locator(".column.parts .chip").count() == len(parts)
        heading = board.page.locator("#board-parts .count").inner_text()
        assert int(heading) == len({row.actor for row in parts})
        assert board.errors == [] and board.requests == []
        board.page.close()


def test_a_chip_shows_the_deciding_words_with_source_date(
    browser: Any, pages: dict[str, Path]
) -> None:
    board = Board(browser, pages["v2"], SIZES["desktop"])
    board.page.click('.column[data-stance=oppose] .chip[data-actor="alvia"]')
    panel = board.page.locator("#panel")
    assert panel.is_visible()
    text = panel.inner_text()
    assert "Alvia turned against the pact." in text
    assert "source published 2021-06" in text
    assert board.page.locator("#panel-sub").inner_text().startswith("Opposes")
    board.page.keyboard.press("Escape")
    assert not panel.is_visible()
    # keyboard: the focus goes back to the chip it came from
    assert board.js("document.activeElement.dataset.actor") == "alvia"
    collective = board.page.locator('.chip[data-actor="fishing-towns"]').first
    assert "named as a whole" in collective.inner_text()
    board.page.close()


def test_board_fits_the_screen_and_its_panel_is_reachable(bundled: Board, size: str) -> None:
    page = bundled.page
    width = bundled.js("window.innerWidth")
    assert bundled.js("document.documentElement.scrollWidth") <= width
    chip = page.locator(".column[data-stance=oppose] .chip").first
    chip.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"board-{size}.png"))
    chip.click()
    panel = page.locator("#panel")
    assert panel.is_visible()
    box = panel.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1
    assert box["y"] < SIZES[size][1]  # on screen, not below the fold
    assert page.locator("#panel blockquote, #panel .paraphrase").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / f"board-{size}-panel.png"))
    assert bundled.js("document.documentElement.scrollWidth") <= width
    assert bundled.errors == [] and bundled.requests == []


def test_from_the_board_to_the_network_and_back(bundled: Board) -> None:
    bundled.page.click("#view-stances")
    assert bundled.js("window.positionsMap.counts().visibleNodes") > 0
    assert bundled.page.locator("#network").is_visible()
    bundled.page.click("#view-board")
    assert bundled.page.locator("#board").is_visible()
    assert not bundled.page.locator("#network").is_visible()
    assert bundled.errors == []


def lowest_node(board: Board) -> float:
    """The screen height of the lowest node drawn, in page pixels."""
    return float(
        board.js(
            "Math.max(...window.positionsMap.visibleNodeIds()"
            ".map(id => window.positionsMap.nodePosition(id).y))"
        )
    ) + float(board.js("document.getElementById('network').getBoundingClientRect().top"))


@pytest.mark.parametrize("view", ["stances", "alliances"])
def test_network_views_are_usable_on_a_phone(bundled: Board, size: str, view: str) -> None:
    page = bundled.page
    width, height = SIZES[size]
    page.click(f"#view-{view}")
    network = page.locator("#network").bounding_box()
    assert network is not None and network["width"] >= width * 0.6 and network["height"] >= 300
    assert bundled.js("document.documentElement.scrollWidth") <= width
    controls, toggle = page.locator("#controls"), page.locator("#controls-toggle")
    if size == "phone":
        assert not controls.is_visible()  # folded behind the button
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
    assert controls.is_visible()
    assert page.locator("#filter-kind").is_visible()
    if size == "phone":
        # the filters are a sheet over the network's lower part: a filter's effect is in sight
        sheet, drawn = controls.bounding_box(), page.locator("#network").bounding_box()
        assert sheet is not None and drawn is not None
        assert sheet["y"] + sheet["height"] <= height + 1 and sheet["height"] <= height * 0.5
        assert min(sheet["y"], drawn["y"] + drawn["height"]) - max(drawn["y"], 0) >= 200
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"network-{view}-phone-filters.png"))
        lowest = lowest_node(bundled)
        page.click("#controls-done")
        assert not controls.is_visible()
        assert toggle.get_attribute("aria-expanded") == "false"
        # the sheet closed, the network fills its whole box again, not only the part above
        # where the sheet was
        assert lowest_node(bundled) > max(lowest, sheet["y"])
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"network-{view}-{size}.png"))
    bundled.js("window.positionsMap.open('hrw')")
    panel = page.locator("#panel").bounding_box()
    assert panel is not None
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= width + 1
    assert 0 <= panel["y"] < height and panel["y"] + min(panel["height"], 100) <= height
    page.screenshot(path=str(ARTIFACTS / f"network-{view}-{size}-panel.png"))
    page.click("#panel-close")
    # the table of statements: cells wide enough to read, never a letter per line
    cell = page.locator("#statements tbody tr").first.locator("td").nth(4)
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()
    assert box is not None and box["width"] >= min(300, width * 0.3)
    assert bundled.js("document.documentElement.scrollWidth") <= width
    assert bundled.errors == [] and bundled.requests == []


def test_target_panel_groups_the_quotes_by_stance_with_their_actors(
    browser: Any, pages: dict[str, Path]
) -> None:
    ds = positions.load(ROOT / "data")
    board = Board(browser, pages["data"], SIZES["desktop"])
    board.page.click("#view-stances")
    board.js("window.positionsMap.open('uncc')")
    itself = board.page.locator('#panel [data-section="itself"]')
    for stance in BOARD_STANCES:
        expected = list(positions.who(ds, stance, "uncc").actors_on_target)
        heading = itself.locator(f'h4[data-stance="{stance.value}"]')
        if not expected:
            assert heading.count() == 0
            continue
        assert heading.get_attribute("data-count") == str(len(expected))
    # every quote in the panel sits under the name of the actor who said it
    first = itself.locator("li.actor-group").first
    actor_name = first.locator("p.who button").inner_text()
    assert first.locator("blockquote, .paraphrase").count() >= 1
    actor = next(a for a in ds.stakeholders.values() if a.name == actor_name)
    shown = first.locator("blockquote, .paraphrase").first.inner_text()
    assert any(s.text in shown for s in ds.statements_by(actor.id))
    assert board.page.locator('#panel [data-section="parts"]').count() == 1
    assert board.errors == []
    board.page.close()


def test_alliance_actor_panel_lists_allies_and_opponents_with_their_targets(
    browser: Any, pages: dict[str, Path], size: str
) -> None:
    ds = positions.load(ROOT / "data")
    board = Board(browser, pages["data"], SIZES[size])
    board.page.click("#view-alliances")
    board.js("window.positionsMap.open('russia')")
    for side, answer in (("allies", positions.allies), ("opponents", positions.opponents)):
        ties = answer(ds, "russia")
        section = board.page.locator(f'#panel [data-section="{side}"]')
        names = section.locator("li.tie p.who button:first-child").all_inner_texts()
        assert sorted(names) == sorted(tie.other_name for tie in ties)
        if ties:
            strongest = max(abs(tie.weight) for tie in ties)
            top = section.locator("li.tie").first.inner_text()
            tie = next(t for t in ties if t.other_name == names[0])
            assert abs(tie.weight) == strongest
            assert f"{tie.agree} agreement" in top
            assert all(e.target_name in top for e in tie.evidence)
    ARTIFACTS.mkdir(exist_ok=True)
    board.page.screenshot(path=str(ARTIFACTS / f"alliances-{size}-actor-panel.png"))
    board.page.locator('#panel [data-section="allies"] li.tie button.link').nth(1).click()
    assert " – " in board.page.locator("#panel-title").inner_text()  # the tie's evidence
    assert board.errors == [] and board.requests == []
    board.page.close()


def test_focus_mode_dims_all_but_the_actor_and_its_ties(bundled: Board, size: str) -> None:
    page = bundled.page
    page.click("#view-stances")
    total = bundled.js("window.positionsMap.counts().nodes")
    bundled.js("window.positionsMap.open('hrw')")
    assert bundled.js("window.positionsMap.focused()") == "hrw"
    ds = positions.load(ROOT / "data")
    spoken_to = {e.target for s in ds.statements_by("hrw") for e in s.stances}
    dimmed = set(bundled.js("window.positionsMap.dimmedNodeIds()"))
    assert "hrw" not in dimmed and not (spoken_to & dimmed)
    assert len(dimmed) == total - 1 - len(spoken_to)
    # filled with its position on the board's target (HRW opposes the convention)
    position = positions.position(ds, "hrw", "uncc").on_target
    assert position is not None
    assert (
        bundled.js("window.positionsMap.nodeGroup('hrw')") == f"stance-{position.stance.value}:ngo"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"network-focus-{size}.png"))
    page.click("#panel-close")
    assert bundled.js("window.positionsMap.focused()") is None
    assert bundled.js("window.positionsMap.dimmedNodeIds()") == []
    bundled.page.click("#view-alliances")
    bundled.js("window.positionsMap.open('russia')")
    page.screenshot(path=str(ARTIFACTS / f"alliances-focus-{size}.png"))
    assert bundled.js("window.positionsMap.focused()") == "russia"
    assert bundled.errors == []


def _pixel(page: Any, point: dict[str, float]) -> tuple[int, ...]:
    """The colour of the screen at ``point`` (viewport pixels)."""
    import io

    from PIL import Image

    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    return tuple(shot.getpixel((round(point["x"]), round(point["y"]))))


def _on_screen(board: Board, actor: str) -> dict[str, float]:
    """Where ``actor``'s node is in the viewport."""
    at = board.js(f"window.positionsMap.nodePosition('{actor}')")
    network = board.page.locator("#network").bounding_box()
    assert at is not None and network is not None
    return {"x": at["x"] + network["x"], "y": at["y"] + network["y"]}


def test_focus_mode_veils_the_rest_of_the_network_on_screen(bundled: Board, size: str) -> None:
    page = bundled.page
    page.click("#view-stances")
    ds = positions.load(ROOT / "data")
    # actors filled with a stance colour (they took a position on the board's target)
    coloured = {row.actor for s in BOARD_STANCES for row in positions.who(ds, s, "uncc").rows}

    def in_view(actors: set[str]) -> dict[str, tuple[int, ...]]:
        box = page.locator("#network").bounding_box()
        sheet = page.locator("#panel").bounding_box()
        assert box is not None
        bottom = box["y"] + box["height"]
        if size == "phone" and sheet is not None:
            bottom = min(bottom, sheet["y"])
        found = {}
        for actor in actors:
            point = _on_screen(bundled, actor)
            inside_x = box["x"] + 10 < point["x"] < box["x"] + box["width"] - 10
            if inside_x and max(box["y"], 0) + 10 < point["y"] < bottom - 10:
                found[actor] = _pixel(page, point)
        return found

    bundled.js("window.positionsMap.open('hrw')")
    dimmed = set(bundled.js("window.positionsMap.dimmedNodeIds()")) & coloured
    veiled = in_view(dimmed)
    assert len(veiled) >= 5
    # under the veil a stance colour turns pale; HRW keeps its vermillion (it opposes)
    assert sum(min(rgb) >= 200 for rgb in veiled.values()) >= 0.8 * len(veiled)
    hrw = _pixel(page, _on_screen(bundled, "hrw"))
    assert hrw[0] > 150 and hrw[2] < 120
    page.click("#panel-close")  # no veil: the same actors in their colours
    plain = in_view(set(veiled))
    assert sum(min(rgb) < 200 for rgb in plain.values()) >= 0.5 * len(plain)
    assert bundled.errors == []


def test_on_a_phone_the_focused_actor_stays_above_the_sheet(bundled: Board, size: str) -> None:
    if size != "phone":
        pytest.skip("the panel is a bottom sheet on a phone only")
    page = bundled.page
    for view, actor in (("stances", "hrw"), ("alliances", "russia")):
        page.click(f"#view-{view}")
        bundled.js(f"window.positionsMap.open('{actor}')")
        sheet = page.locator("#panel").bounding_box()
        assert sheet is not None and sheet["y"] >= 844 * 0.45  # the sheet leaves half the screen
        at = bundled.js(f"window.positionsMap.nodePosition('{actor}')")
        network = page.locator("#network").bounding_box()
        assert network is not None
        point = {"x": at["x"] + network["x"], "y": at["y"] + network["y"]}
        assert 0 < point["x"] < 390 and 0 < point["y"] < sheet["y"]
        page.click("#panel-fold")  # folded to its title: the network has the screen
        folded = page.locator("#panel").bounding_box()
        assert folded is not None and folded["y"] > 844 * 0.8
        assert page.locator("#panel-title").is_visible()
        page.click("#panel-fold")
        assert page.locator("#panel-body").is_visible()
    assert bundled.errors == []
