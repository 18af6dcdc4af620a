"""The map's own drawing in Chromium: links stroked per look and small nodes filled as dots
(map.js, ``drawLinks`` and ``drawNodes``) draw what the filters leave, and a node drawn as a
dot still opens its actor when clicked."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import positions
from positions.export.html import build_map, write_map
from tests.conftest import CHROMIUM
from tests.test_html_browser import Opened

FIXTURES = Path(__file__).parent / "fixtures"
DATA = Path(__file__).resolve().parent.parent / "data"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="needs /usr/bin/chromium"),
]

# the canvas's drawn pixels (vis-network clears it to transparent before each drawing)
DRAWN = """() => { const canvas = document.querySelector('#network canvas');
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let drawn = 0; for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) drawn += 1;
    return drawn; }"""


@pytest.fixture(scope="module")
def page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opened]:
    path = tmp_path_factory.mktemp("drawing") / "map.html"
    opened = Opened(browser, write_map(build_map(positions.load(FIXTURES / "map")), path))
    opened.js("window.positionsMap.setView('stances')")
    yield opened
    assert opened.errors == []
    opened.page.close()


def test_the_canvas_shows_only_what_the_filters_leave(page: Opened) -> None:
    page.page.click("#reset")
    everything = page.js(DRAWN)
    assert everything > 0
    stances = ("support", "oppose", "mixed", "neutral")
    for stance in stances:
        page.page.uncheck(f"input[name=stance][value={stance}]")
    assert page.js("window.positionsMap.counts().visibleNodes") == 0
    assert page.js(DRAWN) == 0  # no link or node left on the canvas
    note = page.page.locator("#network .empty-note")
    assert note.is_visible()  # ... and the blank canvas says why
    assert "Nothing passes these filters" in note.inner_text()
    page.page.check("input[name=stance][value=oppose]")
    assert page.js(DRAWN) > 0
    page.page.click("#reset")
    assert page.js(DRAWN) == everything  # the same drawing as before the filters
    assert not note.is_visible()


def test_zoomed_out_until_nodes_are_dots_a_click_still_opens_an_actor(page: Opened) -> None:
    page.page.click("#reset")
    box = page.page.locator("#network").bounding_box()
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.page.mouse.move(*middle)
    for _ in range(40):  # zoomed out until every node is smaller than 3 pixels on screen
        if page.js("window.positionsMap.scale()") * 36 < 3:
            break
        page.page.mouse.wheel(0, 400)
        page.page.wait_for_timeout(30)
    assert page.js("window.positionsMap.scale()") * 36 < 3
    page.page.wait_for_timeout(300)  # vis-network draws the edges again once the zoom ends
    at = page.js("(id) => window.positionsMap.nodePosition(id)", "microsoft")
    page.page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    assert page.page.locator("#panel-title").inner_text() == "Microsoft"


def test_a_time_window_before_any_statement_says_so_over_the_network(
    browser: Any, tmp_path: Path
) -> None:
    page = Opened(browser, write_map(build_map(positions.load(DATA)), tmp_path / "data.html"))
    page.js("window.positionsMap.setView('alliances')")
    page.page.locator("#time-slider").focus()
    page.page.keyboard.press("Home")
    first = page.js("window.positionsTime.window()")
    assert page.js("window.positionsMap.counts().visibleNodes") == 0  # the bundled data's first
    note = page.page.locator("#network .empty-note")
    assert note.is_visible()
    assert f"No tie between two actors by the end of {first}" in note.inner_text()
    page.page.keyboard.press("End")  # all statements again
    assert page.js("window.positionsMap.counts().visibleNodes") > 0
    assert not note.is_visible()
    assert page.errors == []
    page.page.close()
