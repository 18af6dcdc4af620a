"""The two-page briefing as a Word document (python-docx): real headings, a real table,
the map as an image, citations as hyperlinks, so a briefing writer pastes instead of
retyping. python-docx is imported only here, inside functions.
"""

from __future__ import annotations

import io
from typing import Any

from positions.export.brief_short import ShortBriefing, quotes_heading
from positions.export.briefmap import BOX_MM
from positions.export.web import safe_url


def _hyperlink(paragraph: Any, url: str, text: str) -> None:
    """Append ``text`` to ``paragraph`` as a link to ``url`` (python-docx has no writer)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(colour)
    properties.append(underline)
    run.append(properties)
    words = OxmlElement("w:t")
    words.text = text
    words.set(qn("xml:space"), "preserve")
    run.append(words)
    link.append(run)
    paragraph._p.append(link)


def _source(paragraph: Any, source: dict[str, str]) -> None:
    """'Title, Publisher, 2024-07' with the title linked to the source's URL when safe."""
    url = safe_url(source.get("url"))
    if url:
        _hyperlink(paragraph, url, source["title"])
    else:
        paragraph.add_run(source["title"]).italic = True
    rest = [source[k] for k in ("publisher", "published") if k in source]
    if rest:
        paragraph.add_run(", " + ", ".join(rest))


def render_docx(briefing: ShortBriefing) -> bytes:
    """The briefing as .docx bytes: Heading 1/2 styles, a table grid, the map, links."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    from positions.export.palette import STANCE_STYLES

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    document.styles["Normal"].font.size = Pt(9.5)
    document.core_properties.title = briefing.title
    document.add_heading(briefing.title, level=1)
    meta = briefing.meta
    document.add_paragraph(meta)
    document.add_heading("Takeaways", level=2)
    for line in briefing.takeaways:
        document.add_paragraph(line, style="List Bullet")
    document.add_heading("Camps", level=2)
    for camp in briefing.camps:
        item = document.add_paragraph(style="List Bullet")
        item.add_run(camp.label).bold = True
        item.add_run(f" — {camp.description}")
    if briefing.left_out_of_camps:
        item = document.add_paragraph(style="List Bullet")
        item.add_run("Left out of camps").bold = True
        item.add_run(
            f" (collectives, named only as a group): {', '.join(briefing.left_out_of_camps)}."
        )
    document.add_heading("Alliance map", level=2)
    if briefing.map_png is not None:
        # at the size it was drawn for, so its points are printed points
        document.add_picture(io.BytesIO(briefing.map_png), width=Mm(BOX_MM[0]))
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        document.add_paragraph().add_run(briefing.map_caption).font.size = Pt(7.5)
    else:
        document.add_paragraph(f"No map: {briefing.map_note}")
    document.add_heading("Positions on the most contested targets", level=2)
    matrix = briefing.matrix
    table = document.add_table(rows=1 + len(matrix.actors), cols=1 + len(matrix.targets))
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text = "Actor"
    for column, target in enumerate(matrix.targets, start=1):
        header[column].text = matrix.headings[target]
    for row_cells in table.rows[:1]:
        for header_cell in row_cells.cells:
            for run in header_cell.paragraphs[0].runs:
                run.font.size = Pt(8)
    for row, actor in enumerate(matrix.actors, start=1):
        cells = table.rows[row].cells
        cells[0].paragraphs[0].add_run(matrix.actor_names[actor]).font.size = Pt(8)
        for column, target in enumerate(matrix.targets, start=1):
            cell = matrix.cell(actor, target)
            if cell is not None:  # the symbol in the palette's colour of its stance
                paragraph = cells[column].paragraphs[0]
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = paragraph.add_run(cell.symbol)
                run.font.size = Pt(8)
                run.font.bold = True
                colour = STANCE_STYLES[cell.stance.value]["color"]
                run.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
    legend = " · ".join(f"{symbol} {meaning}" for symbol, meaning in briefing.legend)
    document.add_paragraph(f"Legend: {legend}. {briefing.matrix_note}")
    if briefing.changes:
        document.add_heading("What changed", level=2)
        for line in briefing.changes:
            document.add_paragraph(line, style="List Bullet")
    if briefing.quotes:
        document.add_heading(quotes_heading(briefing), level=2)
    for quote in briefing.quotes:
        paragraph = document.add_paragraph()
        paragraph.add_run(quote.actor_name).bold = True
        paragraph.add_run(f" ({quote.stance_word}): ")
        shown = paragraph.add_run(
            f"(paraphrase) {quote.text}" if quote.is_paraphrase else f"“{quote.text}”"
        )
        shown.italic = quote.is_paraphrase
        citation = document.add_paragraph()
        citation.add_run(f"— {quote.citation}; ")
        _source(citation, quote.source)
    if briefing.sources:
        document.add_heading("Sources", level=2)
    for source in briefing.sources:
        _source(document.add_paragraph(style="List Bullet"), source)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
