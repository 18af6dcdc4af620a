"""Publishing the map, in Chromium: the share link restores the same state, an embedded
page posts its height to its parent, and the downloads hold the statements the filters
show (the rows of the positions API), made in the page without a request."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import positions
from positions.export.html import build_map, embed_snippet, write_map
from positions.model import Stance
from positions.questions.positions import positions_of
from tests.conftest import CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="needs /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def page_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("publish")
    return write_map(build_map(positions.load(ROOT / "data")), out / "map.html")


def open_page(browser: Any, url: str, size: tuple[int, int] = (1440, 900)) -> tuple[Any, list[str]]:
    tab = browser.new_page(viewport={"width": size[0], "height": size[1]}, accept_downloads=True)
    outside: list[str] = []
    tab.on(
        "request",
        lambda r: None if r.url.startswith(("file:", "data:", "blob:")) else outside.append(r.url),
    )
    tab.on("pageerror", lambda error: outside.append(f"error: {error}"))
    tab.goto(url)
    tab.wait_for_function("window.__positionsReady === true", timeout=30_000)
    return tab, outside


def page_state(tab: Any) -> dict[str, Any]:
    return dict(
        tab.evaluate(
            """() => ({
            view: positionsMap.view(),
            selected: positionsMap.selected(),
            panel: document.getElementById('panel').hidden ? null
                : document.getElementById('panel-title').textContent,
            target: document.getElementById('filter-target').value,
            from: document.getElementById('filter-from').value,
            to: document.getElementById('filter-to').value,
            unchecked: [...document.querySelectorAll('#controls input[type=checkbox]')]
                .filter(b => !b.checked).map(b => b.name + '=' + b.value).sort(),
            visible: positionsMap.visibleNodeIds().sort(),
        })"""
        )
    )


def test_the_share_link_restores_view_target_selection_filters_and_date(
    browser: Any, page_path: Path
) -> None:
    tab, outside = open_page(browser, page_path.as_uri())
    tab.click("#view-stances")
    tab.select_option("#filter-target", "uncc")
    tab.uncheck("input[name=stance][value=neutral]")
    tab.fill("#filter-to", "2024-08-09")
    tab.dispatch_event("#filter-to", "change")
    tab.evaluate("positionsMap.open('russia')")
    before = page_state(tab)
    fragment = tab.evaluate("location.hash")
    assert "view=stances" in fragment and "sel=russia" in fragment and "asof=2024-08-09" in fragment
    assert tab.input_value("#share-link").endswith(fragment)
    tab.close()

    again, more = open_page(browser, page_path.as_uri() + fragment)
    after = page_state(again)
    assert after == before
    assert after["panel"] == "Russia" and after["unchecked"] == ["stance=neutral"]
    again.close()
    assert outside == [] and more == []


def test_the_share_link_restores_a_board_chip(browser: Any, page_path: Path) -> None:
    tab, _ = open_page(browser, page_path.as_uri())
    chip = tab.locator(".column[data-stance=oppose] button.chip").first
    actor = chip.get_attribute("data-actor")
    chip.click()
    fragment = tab.evaluate("location.hash")
    tab.close()
    again, _ = open_page(browser, page_path.as_uri() + fragment)
    assert again.evaluate("positionsMap.view()") == "board"
    assert again.evaluate("positionsMap.selected()") == actor
    assert not again.locator("#panel").is_hidden()
    again.close()


def test_an_embedded_page_posts_its_height_to_the_parent(browser: Any, page_path: Path) -> None:
    parent = page_path.parent / "article.html"
    # the parent page is the snippet `positions html --embed` prints, in an article
    parent.write_text(
        "<!DOCTYPE html><html><body><h1>An article</h1>"
        "<script>window.heights=[];window.addEventListener('message',"
        "e=>{if(e.data&&e.data.type==='positions:height')window.heights.push(e.data.height)})"
        "</script>" + embed_snippet(page_path.name, "The map") + "</body></html>",
        encoding="utf-8",
    )
    tab = browser.new_page(viewport={"width": 1000, "height": 800})
    tab.goto(parent.as_uri())
    tab.wait_for_function("window.heights.length > 0", timeout=30_000)
    # the page keeps adding table rows: it posts again as it grows, so wait for it to settle
    frame = tab.frames[1]
    frame.wait_for_function("document.body.dataset.table === 'complete'", timeout=30_000)
    for _ in range(100):
        height = tab.evaluate("window.heights[window.heights.length - 1]")
        inner = frame.evaluate("document.documentElement.scrollHeight")
        if height == inner:
            break
        tab.wait_for_timeout(100)
    assert height == inner and height > 800
    # the snippet's own listener sized the iframe to it
    tab.wait_for_function(
        "document.querySelector('iframe.positions-map').style.height === "
        "window.heights[window.heights.length - 1] + 'px'",
        timeout=10_000,
    )
    tab.close()


def expected_rows(stance_kept: set[str], target: str) -> set[tuple[str, str, str, str]]:
    """The positions API's stances on ``target`` and its parts, of the positions kept."""
    ds = positions.load(ROOT / "data")
    scope = set(ds.scope(target))
    rows = set()
    for (actor, on), position in positions_of(ds).items():
        if on in scope and position.stance.value in stance_kept:
            for record in position.history:
                rows.add((record.statement.id, actor, on, record.stance.value))
    return rows


def test_the_downloads_hold_the_statements_shown(browser: Any, page_path: Path) -> None:
    tab, outside = open_page(browser, page_path.as_uri())
    tab.click("#view-stances")
    tab.select_option("#filter-target", "uncc")
    for stance in ("mixed", "neutral"):
        tab.uncheck(f"input[name=stance][value={stance}]")
    kept = {Stance.SUPPORT.value, Stance.OPPOSE.value}
    with tab.expect_download() as json_download:
        tab.click("#download-json")
    document = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))
    got = {(r["statement"], r["actor"], r["target"], r["stance"]) for r in document["rows"]}
    assert got == expected_rows(kept, "uncc")
    assert len(document["rows"]) == len(got)
    with tab.expect_download() as csv_download:
        tab.click("#download-csv")
    text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text, newline="")))
    assert {(r["statement"], r["actor"], r["target"], r["stance"]) for r in table} == got
    by_id = {r["statement"]: r for r in document["rows"]}
    assert all(r["text"].lstrip("'") == by_id[r["statement"]]["text"] for r in table)
    assert outside == []
    tab.close()
