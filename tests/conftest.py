"""Shared fixtures: small datasets written to temporary directories."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The seed article as archived in data/ (a byte-for-byte copy of the project's shared copy).
SEED_ARTICLE = ROOT / "data" / "sources" / "seed-article.txt"
SHARED_SEED_ARTICLE = ROOT.parent / "shared" / "seed-article.txt"

MINIMAL = {
    "stakeholders.yaml": """\
        stakeholders:
          - id: hrw
            name: Human Rights Watch
            kind: ngo
            aliases: [HRW]
          - id: tirana-hassan
            name: Tirana Hassan
            kind: person
            member_of: [{id: hrw, role: Executive Director}]
        """,
    "targets.yaml": """\
        targets:
          - id: uncc
            kind: instrument
            name: United Nations Convention against Cybercrime
          - id: uncc-art-35
            kind: provision
            part_of: uncc
            label: Article 35
        """,
    "sources.yaml": """\
        sources:
          - id: article
            title: An article
            archive: sources/article.txt
        """,
    "statements.yaml": """\
        statements:
          - id: hrw-surveillance
            actor: hrw
            speaker: tirana-hassan
            date: 2024-07
            source: article
            quote: "resembles a global surveillance treaty"
            stances:
              - target: uncc
                stance: oppose
        """,
    "sources/article.txt": "The draft “resembles a global surveillance treaty” she said.\n",
}

WriteDataset = Callable[..., Path]


@pytest.fixture
def write_dataset(tmp_path: Path) -> WriteDataset:
    """Write MINIMAL, with some files replaced (dedented) or removed (None), to a directory."""

    def write(**files: str | None) -> Path:
        root = tmp_path / "data"
        contents: dict[str, str | None] = {**MINIMAL}
        contents.update(
            {
                name.replace("__", "/").replace("_yaml", ".yaml"): text
                for name, text in files.items()
            }
        )
        for name, text in contents.items():
            if text is None:
                continue
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return write


@pytest.fixture(autouse=True)
def _private_cache_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test (and every CLI it runs) caches into its own directory, never the user's."""
    monkeypatch.setenv("POSITIONS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for every browser test (launching one takes seconds)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
