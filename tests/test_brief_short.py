"""The two-page briefing (the default of `positions brief`): what it says comes from the
answers, and the Word and PDF files say the same as the API."""

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
from positions.export import brief_short, labels
from positions.export.scope import scoped_positions
from positions.questions.ask import who

DATA = Path(__file__).resolve().parent.parent / "data"
runner = CliRunner()


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return positions.load(DATA)


@pytest.fixture(scope="module")
def briefing(ds: Dataset) -> brief_short.ShortBriefing:
    return brief_short.build(ds)


def test_the_title_names_the_main_target_and_the_credit_is_dataset_yaml(
    ds: Dataset, briefing: brief_short.ShortBriefing
) -> None:
    assert ds.info is not None and ds.info.main_target is not None
    assert briefing.title == f"Briefing: {brief_short.short_name(ds, ds.info.main_target)}"
    assert briefing.instrument == ds.name_of(ds.info.main_target)
    assert briefing.credit == ds.info.credit
    assert briefing.as_of == str(ds.as_of)


def test_the_takeaways_count_the_instrument_and_its_parts_apart(
    ds: Dataset, briefing: brief_short.ShortBriefing
) -> None:
    assert ds.info is not None and ds.info.main_target is not None
    main = ds.info.main_target
    assert 3 <= len(briefing.takeaways) <= 5
    for stance, line in zip(("oppose", "support"), briefing.takeaways, strict=False):
        answer = who(ds, stance, main)
        collectives = [
            a for a in answer.actors_on_target if ds.stakeholders[a].kind.value == "collective"
        ]
        named = len(answer.actors_on_target) - len(collectives)
        # the title names the instrument in full; the text then by its short name
        assert line.startswith(f"{named} actors {stance} the cybercrime convention itself, led by ")
        assert f"; {len(answer.actors_on_parts_only)} more {stance} parts of it only." in line
        if collectives:
            assert f"(and {len(collectives)} collectives" in line


def test_collectives_are_left_out_of_camps_and_of_the_matrix(
    ds: Dataset, briefing: brief_short.ShortBriefing
) -> None:
    collectives = {s.name for s in ds.stakeholders.values() if s.kind.value == "collective"}
    assert briefing.left_out_of_camps and set(briefing.left_out_of_camps) <= collectives
    assert not {n for c in briefing.camps for n in c.leaders} & collectives
    assert not set(briefing.matrix.actor_names[a] for a in briefing.matrix.actors) & collectives
    page = brief_short.render_html(briefing)
    assert "Left out of camps" in page and "in no camp</strong>" not in page


def test_the_matrix_is_small_with_short_headings_and_no_empty_row(
    briefing: brief_short.ShortBriefing,
) -> None:
    matrix = briefing.matrix
    assert 10 <= len(matrix.actors) <= 15 and 6 <= len(matrix.targets) <= 8
    for actor in matrix.actors:
        assert any(matrix.cell(actor, t) for t in matrix.targets)
    assert all(len(h) <= labels.SHORT_HEADING or "(" in h for h in matrix.headings.values())


def test_short_headings_abbreviate_articles_and_paragraphs(ds: Dataset) -> None:
    assert labels.abbreviated("Article 6, paragraph 2") == "Art. 6(2)"
    labelled = [t for t, r in ds.targets.items() if r.label and r.label.startswith("Article")]
    assert labelled
    for target in labelled:
        assert labels.column_heading(ds, target).startswith("Art. ")


def test_each_key_quote_is_the_statement_that_decides_the_position_on_the_instrument(
    ds: Dataset, briefing: brief_short.ShortBriefing
) -> None:
    assert ds.info is not None and ds.info.main_target is not None
    positions_now = scoped_positions(ds, None, ds.scope(ds.info.main_target))
    assert 6 <= len(briefing.quotes) <= 8
    assert {q.stance for q in briefing.quotes} >= {"support", "oppose"}
    for quote in briefing.quotes:
        position = positions_now[(quote.actor, ds.info.main_target)]
        assert quote.statement in {r.statement.id for r in position.evidence}
        assert quote.stance == position.stance.value
        assert quote.text == ds.statements[quote.statement].text


def test_the_eu_key_quote_is_about_the_convention_not_another_remark(
    briefing: brief_short.ShortBriefing, ds: Dataset
) -> None:
    for quote in briefing.quotes:
        stances = ds.statements[quote.statement].stances
        assert ds.info is not None
        assert ds.info.main_target in {s.target for s in stances}


def test_what_changed_lists_the_flips_of_the_last_year(
    briefing: brief_short.ShortBriefing,
) -> None:
    # filled from `flips` since wave 2 (tests/test_time_ui_brief.py checks each line)
    assert briefing.changes
    assert "What changed" in brief_short.render_html(briefing)


def test_full_keeps_the_long_form(tmp_path: Path) -> None:
    short, full = tmp_path / "short.md", tmp_path / "full.md"
    for out, extra in ((short, []), (full, ["--full"])):
        result = runner.invoke(app, ["brief", "-o", str(out), *extra, "-d", str(DATA)])
        assert result.exit_code == 0, result.output
    assert "## Takeaways" in short.read_text(encoding="utf-8")
    long_form = full.read_text(encoding="utf-8")
    assert "## Contested provisions" in long_form and "## Takeaways" not in long_form
    assert len(long_form) > 2 * len(short.read_text(encoding="utf-8"))


def test_docx_and_pdf_need_a_file_and_the_short_form() -> None:
    result = runner.invoke(app, ["brief", "-o", "-", "-f", "pdf", "-d", str(DATA)])
    assert result.exit_code == 2 and "needs a file" in result.stderr
    result = runner.invoke(app, ["brief", "-o", "b.docx", "--full", "-d", str(DATA)])
    assert result.exit_code == 2 and "drop --full" in result.stderr


def _squeezed(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def test_the_word_briefing_reads_back_with_headings_table_map_and_links(
    tmp_path: Path, briefing: brief_short.ShortBriefing
) -> None:
    import docx

    out = tmp_path / "brief.docx"
    result = runner.invoke(app, ["brief", "-o", str(out), "-d", str(DATA)])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == briefing.title
    assert {"Takeaways", "Camps", "Alliance map", "Sources"} <= set(headings)
    [table] = document.tables
    matrix = briefing.matrix
    assert [c.text for c in table.rows[0].cells] == [
        "Actor",
        *(matrix.headings[t] for t in matrix.targets),
    ]
    assert [r.cells[0].text for r in table.rows[1:]] == [
        matrix.actor_names[a] for a in matrix.actors
    ]
    assert len(document.inline_shapes) == 1  # the map
    text = "\n".join(p.text for p in document.paragraphs)
    links = {(h.text, h.address) for p in document.paragraphs for h in p.hyperlinks}
    for quote in briefing.quotes:
        assert quote.text in text and quote.citation in text
        if "url" in quote.source:
            assert (quote.source["title"], quote.source["url"]) in links


def test_the_pdf_briefing_reads_back_on_two_pages_with_the_quotes_and_links(
    tmp_path: Path, briefing: brief_short.ShortBriefing
) -> None:
    from pypdf import PdfReader

    out = tmp_path / "brief.pdf"
    result = runner.invoke(app, ["brief", "-o", str(out), "-d", str(DATA)])
    assert result.exit_code == 0, result.output
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) <= 2
    text = _squeezed(" ".join(page.extract_text() for page in reader.pages))
    uris = {
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object()
    }
    for heading in briefing.matrix.headings.values():
        assert _squeezed(heading) in text
    for quote in briefing.quotes:
        assert _squeezed(quote.text) in text
        assert _squeezed(quote.citation) in text
        if "url" in quote.source:
            assert quote.source["url"] in uris


def test_the_instruments_long_name_is_said_once_and_camps_by_short_titles(
    ds: Dataset, briefing: brief_short.ShortBriefing
) -> None:
    text = brief_short.render_markdown(briefing, None)
    assert ds.info is not None and ds.info.main_target is not None
    full = ds.name_of(ds.info.main_target)
    assert text.count(full) == 1  # the title; then 'the cybercrime convention'
    assert labels.prose_name(ds, ds.info.main_target) == "the cybercrime convention"
    for camp in briefing.camps:
        assert len(camp.label) <= 2 * labels.SHORT_HEADING + 12, camp.label
    assert len({camp.label for camp in briefing.camps}) == len(briefing.camps)
    for quote in briefing.quotes:  # the heading names the instrument; each line its stance
        assert f"**{quote.actor_name}** ({quote.stance_word}): " in text


def test_word_and_pdf_matrices_colour_each_stance_as_the_palette_does(
    tmp_path: Path, briefing: brief_short.ShortBriefing
) -> None:
    import docx
    from fpdf import FPDF

    from positions.export import brief_docx, brief_pdf
    from positions.export.palette import STANCE_STYLES

    out = tmp_path / "brief.docx"
    out.write_bytes(brief_docx.render_docx(briefing))
    [table] = docx.Document(str(out)).tables
    matrix = briefing.matrix
    for row, actor in zip(table.rows[1:], matrix.actors, strict=True):
        for word_cell, target in zip(row.cells[1:], matrix.targets, strict=True):
            cell = matrix.cell(actor, target)
            runs = word_cell.paragraphs[0].runs
            if cell is None:
                assert not runs
                continue
            [run] = runs
            assert run.text == cell.symbol
            assert str(run.font.color.rgb) == STANCE_STYLES[cell.stance.value]["color"][1:]
    # the PDF's columns hold the longest word of their heading whole ("Establishment")
    pdf = FPDF(format="A4", unit="mm")
    regular, bold = brief_pdf._font_files()
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.add_page()
    pdf.set_margins(brief_pdf.MARGIN, brief_pdf.MARGIN, brief_pdf.MARGIN)
    headings = ["Establishment of the intergovernmental committee", "Art. 6", *["Ch. IV"] * 6]
    widths = brief_pdf._column_widths(pdf, headings)
    assert abs(sum(widths) - 1) < 1e-9 and widths[0] >= brief_pdf.ACTOR_COLUMN - 1e-9
    pdf.set_font("DejaVu", "B", brief_pdf.HEADING_SIZE)
    assert widths[1] * pdf.epw > pdf.get_string_width("intergovernmental") + 2 * brief_pdf.PADDING
