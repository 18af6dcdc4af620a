"""The map in a real browser: offline, counts, search, panel, filters, inert payloads."""

from __future__ import annotations

import io
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import positions
from positions.export.html import build_map, write_map
from positions.questions.graphs import alignment_graph, stance_graph
from tests.conftest import CHROMIUM

FIXTURES = Path(__file__).parent / "fixtures"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="needs /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("maps")
    written = {}
    with pytest.MonkeyPatch.context() as patch:
        # the payload page writes 2 rows as HTML and its script adds the others, in groups of 2;
        # map-sliced builds the view not drawn 3 nodes or links an idle task (4 nodes, 6 links)
        for name, fixture, static_rows, group_rows, build_slice in (
            ("map", "map", 2000, 250, 500),
            ("map-sliced", "map", 2000, 250, 3),
            ("payload", "payload", 2, 2, 500),
            ("payload-html", "payload", 2000, 250, 500),
        ):
            patch.setattr("positions.export.html.TABLE_STATIC_ROWS", static_rows)
            patch.setattr("positions.export.html.TABLE_GROUP_ROWS", group_rows)
            patch.setattr("positions.export.html.BUILD_SLICE", build_slice)
            ds = positions.load(FIXTURES / fixture)
            written[name] = write_map(build_map(ds), out / f"{name}.html")
    return written


class Opened:
    """A page opened from file://, with every outside request and page error recorded."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", self._request)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.__positionsReady === true", timeout=30_000)

    def _request(self, request: Any) -> None:
        if not request.url.startswith(("file:", "data:")):
            self.requests.append(request.url)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def visible(self) -> set[str]:
        return set(self.js("window.positionsMap.visibleNodeIds()"))

    def click_node(self, node: str) -> None:
        at = self.js("(id) => window.positionsMap.nodePosition(id)", node)
        box = self.page.locator("#network").bounding_box()
        self.page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])


@pytest.fixture(scope="module")
def shared(browser: Any, maps: dict[str, Path]) -> Iterator[Opened]:
    page = Opened(browser, maps["map"])
    yield page
    page.page.close()


@pytest.fixture
def opened(shared: Opened) -> Opened:
    """The test map, back in its first state (one page for the module: Chromium is slow)."""
    shared.js("window.positionsMap.setView('stances')")
    shared.page.click("#reset")
    assert shared.js("window.positionsMap.counts().visibleNodes") == 9
    return shared


def test_page_loads_nothing_from_the_network_and_throws_nothing(opened: Opened) -> None:
    opened.page.click("#view-alliances")
    opened.page.click("#relayout")
    opened.page.wait_for_selector("body[data-physics=stopped]", timeout=30_000)
    assert opened.requests == []
    assert opened.errors == []


def test_counts_equal_the_graphs() -> None:
    ds = positions.load(FIXTURES / "map")
    stances = stance_graph(ds)
    pairs = {(a, b) for a, b, d in stances.edges(data=True) if d["relation"] == "stance"}
    ends = {n for pair in pairs for n in pair}
    part_of = [
        (a, b)
        for a, b, d in stances.edges(data=True)
        if d["relation"] == "part_of" and a in ends and b in ends
    ]
    ties = alignment_graph(ds)
    expected = {
        "stances": (len(ends), len(pairs) + len(part_of)),
        "alliances": (sum(1 for n in ties if ties.degree(n)), ties.number_of_edges()),
    }
    assert expected == {"stances": (9, 10), "alliances": (4, 6)}


@pytest.mark.parametrize("view", ["stances", "alliances"])
def test_page_counts_match(opened: Opened, view: str) -> None:
    expected = {"stances": (9, 10), "alliances": (4, 6)}[view]
    opened.page.click(f"#view-{view}")
    counts = opened.js("window.positionsMap.counts()")
    assert (counts["nodes"], counts["edges"]) == expected
    assert (counts["visibleNodes"], counts["visibleEdges"]) == expected
    body = opened.page.locator("body")
    assert body.get_attribute(f"data-{view[:-1]}-nodes") == str(expected[0])
    assert body.get_attribute(f"data-{view[:-1]}-edges") == str(expected[1])
    assert body.get_attribute("data-visible-nodes") == str(expected[0])


# each row's cells as text, whether or not the browser has laid the row out yet
TABLE_CELLS = """() => Array.from(document.querySelectorAll('#statements tbody tr'),
    row => Array.from(row.cells, cell => cell.textContent))"""
# what a reader who selects the whole table copies as plain text
TABLE_COPIED = """() => { const selection = getSelection();
    selection.selectAllChildren(document.querySelector('#statements table'));
    const text = selection.toString(); selection.removeAllRanges(); return text; }"""


def test_table_lists_every_stance(opened: Opened) -> None:
    opened.page.wait_for_selector("body[data-table=complete]", state="attached")
    rows = opened.page.locator("#statements tbody tr")
    assert rows.count() == 8
    rows.nth(2).scroll_into_view_if_needed()  # laid out once in view: two frames later
    opened.js("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    # a row reads (and pastes) as tab-separated cells
    assert rows.nth(2).inner_text().split("\t") == [
        "Microsoft",
        "oppose",
        "United Nations Convention against Cybercrime",
        "",
        "“no outcome is better than a bad outcome”",
        "",
        "2024-07",
        "Tech giants and rights groups scrutinise new UN cybercrime proposal",
    ]


def test_search_focuses_microsoft(opened: Opened) -> None:
    opened.page.fill("#search", "microsoft")
    assert opened.page.locator("#search-results li").first.inner_text().startswith("Microsoft")
    opened.page.press("#search", "Enter")
    assert opened.js("window.positionsMap.selected()") == "microsoft"
    assert opened.page.locator("body").get_attribute("data-focused") == "microsoft"
    assert opened.page.locator("#panel-title").inner_text() == "Microsoft"
    assert opened.js("document.activeElement.id") == "panel"
    opened.page.keyboard.press("Escape")
    assert opened.page.locator("#panel").is_hidden()
    assert opened.js("document.activeElement.id") == "search"
    opened.page.keyboard.press("Escape")
    assert opened.page.input_value("#search") == ""


def test_search_by_alias_with_the_arrow_keys(opened: Opened) -> None:
    opened.page.fill("#search", "human")
    options = opened.page.locator("#search-results li")
    assert [options.nth(i).inner_text() for i in range(options.count())] == [
        "Human rights provisions · provision",
        "Human Rights Watch · NGO",
        "Office of the UN High Commissioner for Human Rights · UN body",
    ]
    opened.page.press("#search", "ArrowDown")
    opened.page.press("#search", "Enter")
    assert opened.js("window.positionsMap.selected()") == "hrw"
    opened.page.fill("#search", "OHCHR")
    opened.page.press("#search", "Enter")
    assert opened.js("window.positionsMap.selected()") == "ohchr"
    opened.page.fill("#search", "tech accord")
    opened.page.press("#search", "Enter")
    assert opened.js("window.positionsMap.selected()") == "tech-accord"


def test_clicking_microsoft_shows_its_quote_and_source(opened: Opened) -> None:
    opened.click_node("microsoft")
    panel = opened.page.locator("#panel")
    assert panel.is_visible()
    assert opened.page.locator("#panel-title").inner_text() == "Microsoft"
    assert "“no outcome is better than a bad outcome”" in panel.inner_text()
    link = panel.locator("a", has_text="Tech giants and rights groups scrutinise")
    assert link.get_attribute("href") == "https://example.org/seed-article"


def test_paraphrase_and_condition_are_marked(opened: Opened) -> None:
    opened.js("window.positionsMap.open('hrw')")
    text = opened.page.locator("#panel").inner_text()
    assert "Paraphrase: The draft goes beyond the scope of its mandate." in text
    assert "Tirana Hassan · 2024-07" in text
    opened.js("window.positionsMap.open('tech-accord')")
    text = opened.page.locator("#panel").inner_text()
    assert "on condition: unless the present text is significantly changed" in text


def test_stance_filter_hides_and_shows(opened: Opened) -> None:
    everyone = opened.visible()
    opened.page.uncheck("input[name=stance][value=oppose]")
    assert opened.visible() == {
        "tech-accord",
        "international-cooperation",
        "russia",
        "uncc",
        "ohchr",
    }
    opened.page.check("input[name=stance][value=oppose]")
    assert opened.visible() == everyone


def test_kind_target_and_date_filters(opened: Opened) -> None:
    opened.page.uncheck("input[name=kind][value=company]")
    assert "microsoft" not in opened.visible()
    assert "hrw" in opened.visible()
    opened.page.click("#reset")
    opened.page.select_option("#filter-target", "uncc-scope")
    assert opened.visible() == {"hrw", "uncc-scope"}
    opened.page.select_option("#filter-target", "")
    # v2: Russia's undated statements take their source's date (2024-07): none before July
    opened.page.fill("#filter-to", "2024-06-30")
    opened.page.dispatch_event("#filter-to", "change")
    assert opened.visible() == set()
    opened.page.fill("#filter-to", "2024-07-01")
    opened.page.dispatch_event("#filter-to", "change")
    assert {"russia", "uncc", "human-rights-provisions"} <= opened.visible()
    opened.page.click("#reset")
    assert len(opened.visible()) == 9


def test_alliance_view_ties_filter(opened: Opened) -> None:
    opened.page.click("#view-alliances")
    opened.page.uncheck("input[name=tie][value=disagree]")
    assert opened.visible() == {"hrw", "microsoft", "tech-accord"}


def test_added_rows_are_the_rows_python_writes(browser: Any, maps: dict[str, Path]) -> None:
    tables, groups, copied = [], [], []
    for name in ("payload", "payload-html"):  # 2 rows written as HTML, then all of them
        page = Opened(browser, maps[name])
        try:
            page.page.wait_for_selector("body[data-table=complete]", state="attached")
            tables.append(page.js(TABLE_CELLS))
            groups.append(
                page.js(
                    "Array.from(document.querySelectorAll('#statements tbody'), "
                    "group => group.rows.length)"
                )
            )
            copied.append(page.js(TABLE_COPIED))
        finally:
            page.page.close()
    assert len(tables[0]) == 7 and all(len(row) == 8 for row in tables[0])
    assert tables[0] == tables[1]
    # in groups of rows (the browser lays out only those near the viewport)
    assert groups == [[2, 2, 2, 1], [7]]
    # a reader who copies the whole table gets every row, cells apart by tabs, laid out or not
    assert copied[0] == copied[1]
    lines = copied[0].strip("\n").split("\n")
    assert len(lines) == 8 and lines[1].split("\t") == tables[0][0]


def test_printed_page_has_every_row_even_when_printed_before_they_are_added(
    browser: Any, maps: dict[str, Path]
) -> None:
    from pypdf import PdfReader

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        # a reader who keeps typing: the page waits for a still reader to add its rows
        page.add_init_script(
            "const typing = () => document.dispatchEvent(new Event('keydown'));"
            "document.addEventListener('DOMContentLoaded', () => {"
            " typing(); setInterval(typing, 20); });"
        )
        page.goto(maps["payload"].as_uri())
        page.wait_for_function("window.__positionsReady === true", timeout=30_000)
        assert page.locator("body").get_attribute("data-table") != "complete"
        printed = PdfReader(io.BytesIO(page.pdf(format="A4")))
        text = "".join("".join(p.extract_text().split()) for p in printed.pages)  # cells wrap
        rows = page.evaluate(TABLE_CELLS)
    finally:
        page.close()
    assert len(rows) == 7
    quotes = Counter("".join(row[4].split()) for row in rows)  # a row per stance of a quote
    assert {quote: text.count(quote) for quote in quotes} == quotes


def test_payloads_stay_inert(browser: Any, maps: dict[str, Path]) -> None:
    page = Opened(browser, maps["payload"])
    try:
        for view in ("stances", "alliances"):
            page.page.click(f"#view-{view}")
            for node in page.js("window.positionsMap.visibleNodeIds()"):
                page.js("(id) => window.positionsMap.open(id)", node)
                page.click_node(node)
            for edge in page.js("window.positionsMap.edgeIds()"):
                page.js("(id) => window.positionsMap.open(id)", edge)
        page.page.wait_for_selector("body[data-table=complete]", state="attached")
        assert page.page.locator("#statements tbody tr").count() == 7
        assert (
            "“</script><script>window.__pwned=1</script>”"
            in page.page.locator("#statements table").text_content()
        )
        page.page.fill("#search", "<img")
        page.page.fill("#search", "script")
        page.page.press("#search", "Enter")
        page.page.mouse.move(700, 450)
        page.page.wait_for_timeout(300)
        assert page.js("typeof window.__pwned") == "undefined"
        assert page.errors == []
        assert page.requests == []
        assert page.js("document.querySelectorAll('img, iframe, object, embed').length") == 0
        hrefs = page.js("[...document.querySelectorAll('a[href]')].map(a => a.href)")
        assert all(h.startswith(("https://", "file:")) for h in hrefs), hrefs
        assert "https://example.org/plain" in hrefs
        page.js("window.positionsMap.open('evil-ngo')")
        assert (
            "Evil <img src=x onerror=window.__pwned=1> NGO"
            in page.page.locator("#panel-title").inner_text()
        )
    finally:
        page.page.close()


def test_screenshots_of_both_views(browser: Any, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    ds = positions.load(FIXTURES / "map")
    for view in ("stances", "alliances"):
        path = write_map(build_map(ds, view=view), tmp_path / f"{view}.html")
        page = Opened(browser, path)
        page.page.screenshot(path=str(ARTIFACTS / f"map-{view}.png"))
        page.js("window.positionsMap.open('microsoft')")
        page.page.screenshot(path=str(ARTIFACTS / f"map-{view}-panel.png"))
        assert page.errors == []
        page.page.close()


def test_no_page_error_or_request_after_all_the_interactions(shared: Opened) -> None:
    # runs last in this module: every test above used the same page
    assert shared.errors == []
    assert shared.requests == []


# the page's idle callbacks held until the test runs them
HOLD_IDLE = """window.__idle = [];
window.requestIdleCallback = (callback) => window.__idle.push(callback);"""
SEEN = """() => ({ ids: window.positionsMap.visibleNodeIds().sort(),
    counts: window.positionsMap.counts(),
    groups: window.positionsMap.visibleNodeIds().map((id) => window.positionsMap.nodeGroup(id)),
    shown: document.getElementById("shown").textContent, hash: location.hash })"""


@pytest.mark.parametrize("view", ["stances", "alliances"])
def test_the_filters_run_at_idle_change_nothing(
    browser: Any, maps: dict[str, Path], view: str
) -> None:
    """The filters' code is run once when the page is idle (so that a reader's first change is
    not its slowest); what the reader sees stays as it was, and the filters still work."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.add_init_script(HOLD_IDLE)
    page.goto(maps["map"].as_uri() + f"#view={view}")
    page.wait_for_function("window.__positionsReady === true", timeout=30_000)
    page.wait_for_function("window.__idle.length > 0")
    before = page.evaluate(SEEN)
    page.evaluate("window.__idle.splice(0).forEach((callback) => callback())")
    assert page.evaluate(SEEN) == before
    assert before["counts"]["visibleNodes"] == before["counts"]["nodes"]
    name, value, left = {
        "stances": ("stance", "oppose", 5),
        "alliances": ("tie", "disagree", 3),
    }[view]
    page.uncheck(f"input[name={name}][value={value}]")
    assert len(page.evaluate("window.positionsMap.visibleNodeIds()")) == left
    page.check(f"input[name={name}][value={value}]")
    assert page.evaluate(SEEN)["ids"] == before["ids"]
    page.close()


DRAWN = """() => { const map = window.positionsMap;
    return { drawn: map.drawn(), ids: map.visibleNodeIds().sort(),
        edges: map.visibleEdgeIds().sort(),
        groups: map.visibleNodeIds().sort().map((id) => map.nodeGroup(id)) }; }"""


@pytest.mark.parametrize("first", ["stances", "alliances"])
def test_a_view_shown_again_draws_what_the_filters_left(
    browser: Any, maps: dict[str, Path], first: str
) -> None:
    """Each view's drawing is kept while the other is shown (a switch builds nothing); the
    filters changed meanwhile, and the target colouring the actors, are drawn when it is back."""
    other = "alliances" if first == "stances" else "stances"
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.add_init_script(HOLD_IDLE)
    page.goto(maps["map"].as_uri() + f"#view={first}")
    page.wait_for_function("window.__positionsReady === true", timeout=30_000)
    page.wait_for_function("window.__idle.length > 0")
    page.evaluate("window.__idle.splice(0).forEach((callback) => callback())")  # builds `other`

    def show(view: str) -> dict[str, Any]:
        page.evaluate(f"window.positionsMap.setView('{view}')")
        now: dict[str, Any] = page.evaluate(DRAWN)
        assert now["drawn"]["nodes"] == now["ids"] and now["drawn"]["edges"] == now["edges"]
        assert now["drawn"]["groups"] == now["groups"]
        return now

    seen = {first: page.evaluate(DRAWN), other: show(other)}
    assert seen[first]["drawn"]["nodes"] == seen[first]["ids"]
    # filtered in this view: the other one is brought up to date when it is shown
    page.uncheck("input[name=kind][value=ngo]")
    page.select_option("#filter-target", "uncc-scope")
    assert page.evaluate(DRAWN)["drawn"]["nodes"] != seen[other]["drawn"]["nodes"]
    filtered = show(first)
    assert filtered["drawn"]["nodes"] != seen[first]["drawn"]["nodes"]
    assert filtered["groups"] != seen[first]["groups"] or first == "alliances"
    page.click("#reset")
    assert show(other) == seen[other]
    assert show(first) == seen[first]
    page.close()


def test_the_view_built_at_idle_in_slices_is_the_view_built_at_the_switch(
    browser: Any, maps: dict[str, Path]
) -> None:
    """The view not drawn is built a few nodes or links an idle task (a frame each, not one
    long frame); once built, a switch shows it drawn as a switch that builds it at once.
    (A page opened on the alliance view has drawn the stance view first, and keeps it.)"""
    first, other = "stances", "alliances"
    seen = []
    for idle in (True, False):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.add_init_script(HOLD_IDLE)
        page.goto(maps["map-sliced"].as_uri() + f"#view={first}")
        page.wait_for_function("window.__positionsReady === true", timeout=30_000)
        tasks = 0
        while idle and other not in page.evaluate("window.positionsMap.built()"):
            page.wait_for_function("window.__idle.length > 0", timeout=5_000)
            page.evaluate("window.__idle.splice(0).forEach((callback) => callback())")
            tasks += 1
        if idle:  # the filters' warm-up, then the slices of the 3-at-a-time build
            assert tasks > 3
        else:
            assert page.evaluate("window.positionsMap.built()") == []
        page.evaluate(f"window.positionsMap.setView('{other}')")
        seen.append(page.evaluate(DRAWN))
        page.close()
    assert seen[0] == seen[1]
    assert len(seen[0]["drawn"]["links"]) == 6
    assert {arrow for *_, arrow in seen[0]["drawn"]["links"]} == {False}  # ties: no arrows


WAIT_IDLE = """() => new Promise((done) => { const check = () =>
    window.__idle.length ? done() : setTimeout(check, 20); check(); })"""


def test_a_view_built_in_part_then_shown_is_built_anew_at_idle(
    browser: Any, maps: dict[str, Path]
) -> None:
    """A switch to a view built only in part at idle builds it whole; after a layout there
    (which a switch away drops) the idle build starts anew, so the filters set meanwhile hold."""

    def opened() -> Any:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.add_init_script(HOLD_IDLE)
        page.goto(maps["map-sliced"].as_uri() + "#view=stances")
        page.wait_for_function("window.__positionsReady === true", timeout=30_000)
        return page

    def run_idle(page: Any) -> None:  # the page's policy forbids the eval of a polled wait
        page.evaluate(WAIT_IDLE)
        page.evaluate("window.__idle.splice(0).forEach((callback) => callback())")

    page = opened()
    run_idle(page)  # the filters' warm-up
    run_idle(page)  # the alliance view's first 3 nodes
    assert page.evaluate("window.positionsMap.built()") == []
    page.uncheck("input[name=kind][value=ngo]")
    page.evaluate("window.positionsMap.setView('alliances')")
    page.click("#relayout")
    page.wait_for_selector("body[data-physics=stopped]", timeout=30_000)
    page.evaluate("window.positionsMap.setView('stances')")
    while "alliances" not in page.evaluate("window.positionsMap.built()"):
        run_idle(page)
    page.evaluate("window.positionsMap.setView('alliances')")
    shown = page.evaluate(DRAWN)
    page.close()
    fresh = opened()  # the same filter, the alliance view built at the switch
    fresh.uncheck("input[name=kind][value=ngo]")
    fresh.evaluate("window.positionsMap.setView('alliances')")
    expected = fresh.evaluate(DRAWN)
    fresh.close()
    assert "hrw" not in expected["ids"]
    assert shown == expected


def test_the_table_keeps_its_roles_for_screen_readers(browser: Any, maps: dict[str, Path]) -> None:
    """Its rows in groups laid out only near the viewport, the table is still a table to
    assistive technology: a header row of column headers, then every row of cells."""
    page = Opened(browser, maps["payload"])  # 7 rows in 4 groups, the page's top in view
    try:
        page.page.wait_for_selector("body[data-table=complete]", state="attached")
        tree = page.page.locator("#statements table").aria_snapshot()
    finally:
        page.page.close()
    lines = [line.strip() for line in tree.splitlines()]
    assert lines[0] == "- table:"
    assert sum(line.startswith("- columnheader") for line in lines) == 8
    quoted = ("- {0}", "- '{0}", '- "{0}')  # the snapshot quotes names with special characters
    assert sum(line.startswith(tuple(q.format("row ") for q in quoted)) for line in lines) == 8
    assert sum(line.startswith(tuple(q.format("cell") for q in quoted)) for line in lines) == 7 * 8
