"""Publishing the map: caption and credit from dataset.yaml, the method note, the embed
snippet (`positions html --embed`) and collectives in the alliance view only when asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import escape
from typer.testing import CliRunner

import positions
from positions.cli import app
from positions.export.html import HtmlError, build_map, embed_snippet, render_map

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_caption_and_credit_come_from_dataset_yaml() -> None:
    ds = positions.load(ROOT / "data")
    assert ds.info is not None and ds.info.description and ds.info.credit
    document = render_map(build_map(ds))
    assert str(escape(ds.info.description)) in document
    credit = document[document.index('id="credit"') :]
    credit = credit[: credit.index("</p>")]
    assert str(escape(ds.info.credit)) in credit
    assert str(ds.info.license) in credit


def test_no_dataset_yaml_no_caption() -> None:
    ds = positions.load(FIXTURES / "map")
    document = render_map(build_map(ds))
    assert 'id="caption"' not in document and 'id="credit"' not in document
    assert 'id="method"' in document  # how to read it stands on every map


def test_the_method_note_says_how_positions_parts_dates_and_camps_are_decided() -> None:
    document = render_map(build_map(positions.load(ROOT / "data")))
    start = document.index('id="methodology"')
    note = document[start : document.index("</details>", start)]
    for words in ("most recent dated statement", "mixed", "on parts of it", "As of", "Camps"):
        assert words in note


def test_embed_snippet_is_an_iframe_that_takes_the_posted_height() -> None:
    snippet = embed_snippet("https://example.org/maps/uncc.html", 'A "map" <of> it')
    assert snippet.startswith(
        '<iframe class="positions-map" src="https://example.org/maps/uncc.html"'
    )
    assert 'title="A &#34;map&#34; &lt;of&gt; it"' in snippet
    assert "positions:height" in snippet
    assert embed_snippet("uncc.html", "t").count("<iframe") == 1


@pytest.mark.parametrize("src", ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd"])
def test_embed_snippet_refuses_other_schemes(src: str) -> None:
    with pytest.raises(HtmlError, match="http"):
        embed_snippet(src, "t")


def test_cli_embed_prints_the_snippet(tmp_path: Path) -> None:
    out = tmp_path / "uncc.html"
    result = runner.invoke(
        app,
        [
            "html",
            "--data",
            str(ROOT / "data"),
            "-o",
            str(out),
            "--embed",
            "--embed-src",
            "https://news.example/uncc.html",
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.exists()
    assert '<iframe class="positions-map" src="https://news.example/uncc.html"' in result.stdout
    bad = runner.invoke(
        app,
        [
            "html",
            "--data",
            str(ROOT / "data"),
            "-o",
            str(tmp_path / "b.html"),
            "--embed",
            "--embed-src",
            "javascript:x",
        ],
    )
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    assert not (tmp_path / "b.html").exists()


def collectives(ds: positions.Dataset) -> set[str]:
    return {s.id for s in ds.stakeholders.values() if s.kind.value == "collective"}


def test_collectives_stay_out_of_the_alliance_view_unless_asked() -> None:
    ds = positions.load(ROOT / "data")
    named = collectives(ds)
    assert named
    page = build_map(ds)
    alliance = {n[0] for n in page.data["alliances"]["nodes"]}
    assert not alliance & named
    # the board still lists them, marked
    chips = [c for col in page.data["board"]["columns"] for c in col["chips"]]
    marked = {c["actor"] for c in chips + page.data["board"]["parts"] if c["collective"]}
    assert marked and marked <= named
    asked = build_map(ds, include_collective=True)
    assert {n[0] for n in asked.data["alliances"]["nodes"]} & named
    assert "except on this map" in render_map(asked)


def test_cli_include_collective(tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    result = runner.invoke(
        app, ["html", "--data", str(ROOT / "data"), "-o", str(out), "--include-collective"]
    )
    assert result.exit_code == 0, result.output
    assert "except on this map" in out.read_text(encoding="utf-8")
