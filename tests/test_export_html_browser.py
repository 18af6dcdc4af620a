"""The matrix and briefing HTML in headless Chromium: hostile strings stay text, nothing loads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from positions.cli import app
from tests.conftest import CHROMIUM, WriteDataset

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs /usr/bin/chromium"),
]
IMG = "<img src=x onerror=window.__pwned=1>"
SCRIPT = "</script><script>window.__pwned=1</script>"
ATTR = '" onmouseover="window.__pwned=1" x="'
HREF = '"href" <a href="javascript:window.__pwned=1">click</a>'
runner = CliRunner()


def text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


@pytest.fixture
def payload(write_dataset: WriteDataset) -> Path:
    return write_dataset(
        stakeholders_yaml=f"""\
        stakeholders:
          - id: evil
            name: {text("Evil " + IMG)}
            kind: ngo
            aliases: [{text(SCRIPT)}]
            url: "javascript:window.__pwned=1"
          - id: other
            name: {text("Other " + ATTR)}
            kind: company
          - id: third
            name: {text("Third " + SCRIPT)}
            kind: state
          - id: tirana-hassan
            name: {text(HREF)}
            kind: person
        """,
        targets_yaml=f"""\
        targets:
          - id: uncc
            kind: instrument
            name: {text("Treaty " + IMG)}
          - id: uncc-art-35
            kind: provision
            part_of: uncc
            label: {text("Article 35 " + SCRIPT)}
        """,
        sources_yaml=f"""\
        sources:
          - id: article
            title: {text("Title " + IMG + SCRIPT)}
            publisher: {text(HREF)}
            url: "javascript:window.__pwned=1"
          - id: other-source
            title: Fine title
            url: {text("https://example.org/" + '"><script>window.__pwned=1</script>')}
        """,
        statements_yaml=f"""\
        statements:
          - id: evil-says
            actor: evil
            speaker: tirana-hassan
            source: article
            quote: {text("quote " + IMG + SCRIPT + ATTR)}
            stances:
              - {{target: uncc, stance: oppose, condition: {text(ATTR + IMG)}}}
              - {{target: uncc-art-35, stance: support}}
          - id: other-says
            actor: other
            source: other-source
            paraphrase: {text("paraphrase " + SCRIPT)}
            stances:
              - {{target: uncc, stance: oppose}}
              - {{target: uncc-art-35, stance: oppose}}
          - id: third-says
            actor: third
            date: 2024-07
            source: article
            quote: {text(HREF)}
            stances:
              - {{target: uncc, stance: support}}
        """,
        sources__article_txt=None,
    )


def open_page(browser: Any, path: Path) -> tuple[Any, list[str], list[str]]:
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests, errors


def check_inert(page: Any, requests: list[str], errors: list[str], path: Path) -> None:
    for cell in page.locator("td[title]").all():
        cell.hover()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert errors == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert page.locator("script").count() == 0
    assert page.locator("img:not(.map)").count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    body = page.inner_text("body")
    assert IMG in body  # shown as text, not made into an element
    assert "Other " + ATTR.strip() in body or ATTR.strip() in body
    page.screenshot(path=str(path.with_suffix(".png")), full_page=True)


def test_matrix_html_keeps_payloads_inert(browser: Any, payload: Path, tmp_path: Path) -> None:
    out = tmp_path / "matrix.html"
    result = runner.invoke(app, ["matrix", "-f", "html", "-o", str(out), "-d", str(payload)])
    assert result.exit_code == 0, result.output
    page, requests, errors = open_page(browser, out)
    check_inert(page, requests, errors, out)
    hover = page.locator("td.oppose").first.get_attribute("title")
    assert hover is not None and IMG in hover and SCRIPT in hover
    page.close()


def test_brief_html_keeps_payloads_inert(browser: Any, payload: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    result = runner.invoke(app, ["brief", "-o", str(out), "-d", str(payload)])
    assert result.exit_code == 0, result.output
    page, requests, errors = open_page(browser, out)
    check_inert(page, requests, errors, out)
    # the map is the one image, from a data: URI, and it loaded
    assert page.evaluate("document.querySelector('img.map').naturalWidth") > 0
    links = page.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert links == []  # javascript: and quote-breaking URLs are shown as text, never linked
    page.close()


#: The hostile dataset of the map's browser tests: every HTML output must survive it too.
MAP_PAYLOAD = Path(__file__).parent / "fixtures" / "payload"


@pytest.mark.parametrize("command", [["matrix", "-f", "html"], ["brief"]], ids=["matrix", "brief"])
def test_html_outputs_survive_the_maps_payload_dataset(
    browser: Any, command: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out.html"
    result = runner.invoke(app, [*command, "-o", str(out), "-d", str(MAP_PAYLOAD)])
    assert result.exit_code == 0, result.output
    assert "Content-Security-Policy" in out.read_text(encoding="utf-8")
    page, requests, errors = open_page(browser, out)
    for cell in page.locator("td[title]").all():
        cell.hover()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert errors == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert page.locator("script, svg:not(.map *), img:not(.map)").count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    assert "<svg onload=window.__pwned=1>" in page.inner_text("body")  # shown, not run
    page.close()
