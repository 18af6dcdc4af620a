"""The default briefing of the bundled data printed by Chromium: two pages at most on A4
and on Letter, and no matrix column lost; the PDF pages are kept as screenshots."""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import positions
from positions.export import brief_short
from tests.conftest import CHROMIUM

DATA = Path(__file__).resolve().parent.parent / "data"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="needs /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def briefing() -> brief_short.ShortBriefing:
    return brief_short.build(positions.load(DATA))


@pytest.fixture(scope="module")
def page(
    briefing: brief_short.ShortBriefing, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    path = tmp_path_factory.mktemp("brief") / "brief.html"
    path.write_text(brief_short.render_html(briefing), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        opened = browser.new_page()
        opened.goto(path.as_uri())
        yield opened
        browser.close()


def _squeezed(text: str) -> str:
    """Text as compared: ligatures undone (NFKC), no spaces or hyphens (a heading may wrap
    and hyphenate inside its cell)."""
    return re.sub(r"[\s\-\u00ad]", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_default_briefing_prints_on_two_pages_with_every_matrix_column(
    page: Any, briefing: brief_short.ShortBriefing, paper: str
) -> None:
    from pypdf import PdfReader

    printed = page.pdf(format=paper, print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"brief-{paper}.pdf").write_bytes(printed)
    reader = PdfReader(io.BytesIO(printed))
    assert len(reader.pages) <= 2
    printed_text = _squeezed(" ".join(p.extract_text() for p in reader.pages))
    headings = [briefing.matrix.headings[t] for t in briefing.matrix.targets]
    assert len(headings) >= 6
    assert [h for h in headings if _squeezed(h) not in printed_text] == []
    for quote in briefing.quotes:  # every deciding quote printed, none cut off
        assert _squeezed(quote.actor_name) in printed_text
        assert _squeezed(quote.text)[-40:] in printed_text
    assert _squeezed(briefing.title) in printed_text


def test_the_printed_page_screenshots(page: Any) -> None:
    """Screenshots of the print layout (test-artifacts/) at the two review sizes."""
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in ((1440, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        shot = page.screenshot(full_page=True)
        (ARTIFACTS / f"brief-print-{width}.png").write_bytes(shot)
        assert shot.startswith(b"\x89PNG")
        # nothing wider than the window: the matrix fits (no sideways scrolling in print)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
    page.emulate_media(media="screen")
