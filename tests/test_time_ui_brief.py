"""The briefing's "what changed": the flips of the last year on the instrument and its
parts, in HTML, Markdown, Word and PDF, with both dates and the deciding citation."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

import positions
from positions.cli import app
from positions.data.dataset import Dataset
from positions.export import brief_short
from positions.model import PartialDate
from positions.questions.time import Flip

FIXTURES = Path(__file__).parent / "fixtures"
DATA = Path(__file__).resolve().parent.parent / "data"
runner = CliRunner()


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return positions.load(DATA)


@pytest.fixture(scope="module")
def moves() -> Dataset:
    return positions.load(FIXTURES / "time")


def _year_flips(ds: Dataset, target: str, year: int, upto: PartialDate) -> list[Flip]:
    """The flips on ``target`` and its parts whose later statement is in ``year``, up to
    ``upto``: what the section must list, from the API."""
    return [
        f
        for f in positions.flips(ds, target=target, since=str(year))
        if PartialDate(f.to_date).start <= upto.end
    ]


def _squeezed(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def test_the_section_lists_each_flip_of_the_last_year_with_dates_and_citation(
    moves: Dataset,
) -> None:
    briefing = brief_short.build(moves, target="pact", with_map=False)
    upto = moves.as_of
    assert upto is not None
    expected = _year_flips(moves, "pact", upto.start.year, upto)
    assert expected, "the fixture has a flip in its last year"
    assert len(briefing.changes) == len(expected)
    for line, flip in zip(briefing.changes, expected, strict=True):
        assert line.startswith(flip.actor_name)
        assert f"from {flip.from_stance.value} to {flip.to_stance.value}" in line
        assert f"({flip.from_date} → {flip.to_date})" in line
        deciding = flip.to_evidence[0]
        assert deciding.source_title is not None and deciding.source_title in line


def test_an_earlier_as_of_lists_that_years_flips_and_none_after_it(moves: Dataset) -> None:
    upto = PartialDate("2022-06")
    briefing = brief_short.build(moves, target="pact", as_of=upto, with_map=False)
    expected = _year_flips(moves, "pact", 2022, upto)
    assert [line.split(" went ")[0] for line in briefing.changes] == [
        f.actor_name for f in expected
    ]
    later = positions.flips(moves, target="pact", since="2022-07")
    assert later.rows  # there are flips after the as-of date: none of them is listed
    for flip in later.rows:
        assert f"→ {flip.to_date})" not in " ".join(briefing.changes)


def test_a_year_without_flips_says_so_and_names_the_year(moves: Dataset) -> None:
    assert not _year_flips(moves, "pact", 2021, PartialDate("2021"))
    briefing = brief_short.build(moves, target="pact", as_of=PartialDate("2021"), with_map=False)
    assert briefing.changes == ["No actor changed position in 2021."]
    assert "<h2>What changed</h2>" in brief_short.render_html(briefing)
    assert "No actor changed position in 2021." in brief_short.render_markdown(briefing, None)


def test_an_undated_statement_never_makes_a_change(moves: Dataset) -> None:
    # Elmar's undated "opposes" would be a flip if it counted
    briefing = brief_short.build(moves, target="pact", with_map=False)
    assert not any(line.startswith("Elmar") for line in briefing.changes)


def test_the_bundled_brief_lists_the_last_years_flips_in_every_format(
    bundled: Dataset, tmp_path: Path
) -> None:
    import docx
    from pypdf import PdfReader

    assert bundled.info is not None and bundled.info.main_target is not None
    upto = bundled.as_of
    assert upto is not None
    expected = _year_flips(bundled, bundled.info.main_target, upto.start.year, upto)
    briefing = brief_short.build(bundled, with_map=False)
    assert expected, "the bundled data has a flip in its last year"
    shown = expected[: brief_short.BRIEF_CHANGES]
    assert [line.split(" went ")[0] for line in briefing.changes[: len(shown)]] == [
        f.actor_name for f in shown
    ]
    markdown = brief_short.render_markdown(briefing, None)
    assert "## What changed" in markdown
    for out in ("brief.docx", "brief.pdf"):
        result = runner.invoke(app, ["brief", "-o", str(tmp_path / out), "-d", str(DATA)])
        assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "brief.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    assert "What changed" in paragraphs
    reader = PdfReader(io.BytesIO((tmp_path / "brief.pdf").read_bytes()))
    assert len(reader.pages) <= 2
    pdf_text = _squeezed(" ".join(page.extract_text() for page in reader.pages))
    for line in briefing.changes:
        assert line in paragraphs
        assert _squeezed(line) in pdf_text


def test_past_the_limit_the_rest_are_counted_with_the_command_that_lists_them(
    bundled: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert bundled.info is not None and bundled.info.main_target is not None
    upto = PartialDate("2024")
    expected = _year_flips(bundled, bundled.info.main_target, 2024, upto)
    assert len(expected) > 2
    monkeypatch.setattr(brief_short, "BRIEF_CHANGES", 2)
    changes = brief_short.what_changed(bundled, bundled.scope(bundled.info.main_target), upto)
    assert len(changes) == 3
    assert changes[-1] == (
        f"{len(expected) - 2} more changes in 2024: positions flips --since 2024."
    )
