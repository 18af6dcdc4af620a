"""The static site in a real browser: crawled from file://, every link followed, twins
equal to the API's answers, nothing requested outside the site, payloads inert, search
offline, no horizontal scroll on a phone; screenshots under test-artifacts/."""

from __future__ import annotations

import datetime
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

import pytest

import positions
from positions.export.site import (
    TIES_SHOWN,
    build_site,
    dataset_version,
    in_id_order,
    write_site,
)
from positions.export.text import to_json
from positions.questions.ask import allies, history, opponents, stances_of, who
from tests.conftest import CHROMIUM
from tests.test_site import referenced

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
DAY = datetime.date(2026, 1, 2)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="needs /usr/bin/chromium"),
]
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def written(data: Path, out: Path) -> Path:
    write_site(build_site(positions.load(data), built_on=DAY), out, workers=1)
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("sites")
    return {name: written(FIXTURES / name, out / name) for name in ("v2", "payload")}


class Visitor:
    """A browser page that fails every request leaving file:// and records page errors."""

    def __init__(self, browser: Any, viewport: dict[str, int] = DESKTOP) -> None:
        self.page = browser.new_page(viewport=viewport)
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, path: Path) -> None:
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.__positionsReady === true", timeout=15_000)

    def links(self) -> list[str]:
        found: list[str] = self.page.evaluate(
            "[...document.querySelectorAll('a[href]')].map(a => a.href)"
        )
        return found


@pytest.fixture
def visitor(browser: Any) -> Iterator[Visitor]:
    seen = Visitor(browser)
    yield seen
    seen.page.close()


def answer(value: object) -> object:
    return json.loads(to_json(value))


def check_twin(ds: Any, site: Path, page: Path) -> None:
    """The JSON twin of an actor or target page holds the API's answers."""
    twin = json.loads(page.with_suffix(".json").read_text("utf-8"))
    record = page.stem
    if page.parent.name == "actor":
        assert twin["stances"] == answer(stances_of(ds, record))
        assert twin["history"] == answer(history(ds, record))
        assert twin["allies"] == referenced(allies(ds, record).head(TIES_SHOWN))
        assert twin["opponents"] == referenced(opponents(ds, record).head(TIES_SHOWN))
    elif page.parent.name == "target":
        assert twin["board"]["oppose"] == answer(who(ds, "oppose", record))
        assert twin["board"]["support"] == answer(who(ds, "support", record))
    else:
        assert isinstance(twin, dict) and twin


def test_crawl_every_link_from_the_index(visitor: Visitor, sites: dict[str, Path]) -> None:
    site = sites["v2"]
    ds = in_id_order(positions.load(FIXTURES / "v2"))
    start = (site / "index.html").resolve()
    queue, seen, broken = [start], {start}, []
    while queue:
        page = queue.pop()
        visitor.open(page)
        if page.suffix == ".html":
            check_twin(ds, site, page)
        for href in visitor.links():
            if not href.startswith("file:"):
                assert href.startswith(("http://", "https://")), (page, href)
                continue
            target = Path(urldefrag(href).url.removeprefix("file://"))
            if not target.is_file():
                broken.append((page, href))
            elif target.suffix == ".html" and target not in seen:
                seen.add(target)
                queue.append(target)
    assert broken == []
    every = {p.resolve() for p in site.rglob("*.html")}
    assert seen == every
    assert visitor.outside == []
    assert visitor.errors == []


def test_every_page_shows_the_version_from_version_js(
    visitor: Visitor, sites: dict[str, Path]
) -> None:
    version = dataset_version(positions.load(FIXTURES / "v2"), DAY)
    for path in (sites["v2"] / "actor" / "alvia.html", sites["v2"] / "target" / "pact.html"):
        visitor.open(path)
        apa = visitor.page.locator(".cite .apa").inner_text()
        assert f"(Version {version}) [Data set]" in apa, path
        assert "(2026)" in apa
        assert f"version = {{{version}}}" in visitor.page.locator(".cite .bibtex").inner_text()
    assert visitor.outside == [] and visitor.errors == []


def test_search_works_offline(visitor: Visitor, sites: dict[str, Path]) -> None:
    visitor.open(sites["v2"] / "actor" / "alvia.html")
    visitor.page.fill("#search-box", "lake watch")
    results = visitor.page.locator("#search-results a")
    assert results.count() >= 1
    assert "Lake Watch" in results.first.inner_text()
    visitor.page.press("#search-box", "Enter")
    visitor.page.wait_for_url("**/actor/lake-watch.html")
    assert visitor.page.locator("h1").inner_text() == "Lake Watch"
    assert visitor.outside == [] and visitor.errors == []


def test_payloads_run_nothing(visitor: Visitor, sites: dict[str, Path]) -> None:
    site = sites["payload"]
    for page in sorted(site.rglob("*.html")):
        visitor.open(page)
        visitor.page.fill("#search-box", "evil")
        visitor.page.fill("#search-box", "script")
        assert visitor.page.evaluate("typeof window.__pwned") == "undefined", page
        assert visitor.page.evaluate("document.querySelectorAll('img, iframe, object').length") == 0
        for href in visitor.links():
            assert href.startswith(("file:", "https://", "http://")), (page, href)
    visitor.open(site / "actor" / "evil-ngo.html")
    assert (
        visitor.page.locator("h1").inner_text() == "Evil <img src=x onerror=window.__pwned=1> NGO"
    )
    assert visitor.outside == [] and visitor.errors == []


def test_no_horizontal_scroll_on_a_phone(browser: Any, sites: dict[str, Path]) -> None:
    phone = Visitor(browser, PHONE)
    try:
        for page in sorted(sites["v2"].rglob("*.html")):
            phone.open(page)
            width = phone.page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], (page, width)
    finally:
        phone.page.close()


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # the screenshots need the pages only: the share cards are left undrawn here
    site = build_site(positions.load(ROOT / "data"), built_on=DAY)
    site.cards.clear()
    out = tmp_path_factory.mktemp("bundled") / "site"
    write_site(site, out, workers=1)
    return out


def test_screenshots_of_the_bundled_site(browser: Any, bundled_site: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pages = {
        "index": bundled_site / "index.html",
        "actor": bundled_site / "actor" / "hrw.html",
        "target": bundled_site / "target" / "uncc.html",
    }
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        seen = Visitor(browser, viewport)
        try:
            for name, path in pages.items():
                seen.open(path)
                width = seen.page.evaluate("document.documentElement.scrollWidth")
                assert width <= viewport["width"], (name, size, width)
                seen.page.screenshot(path=str(ARTIFACTS / f"site-{name}-{size}.png"))
                if name == "target":
                    # the long alias list of UNCC is folded: its board starts on the first screen
                    board = seen.page.locator(".board").bounding_box()
                    assert board is not None and board["y"] < viewport["height"] * 0.75, size
            # the allies of the actor, the first tie opened: targets and statement links
            seen.open(pages["actor"])
            tie = seen.page.locator("ul.ties details").first
            tie.evaluate("details => { details.open = true; }")
            tie.scroll_into_view_if_needed()
            assert tie.locator("a[href*='statement/']").count() > 0
            width = seen.page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], ("ties", size, width)
            seen.page.screenshot(path=str(ARTIFACTS / f"site-actor-ties-{size}.png"))
            assert seen.outside == [] and seen.errors == []
        finally:
            seen.page.close()
