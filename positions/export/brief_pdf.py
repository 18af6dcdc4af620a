"""The two-page briefing as a PDF (fpdf2: pure Python, no system library): A4, headings,
the map, a table, citations as links. The text is set in DejaVu Sans, the font matplotlib
ships, so every name, typographic quote and stance symbol prints. fpdf2 is imported only
here, inside functions.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from positions.export.brief_short import ShortBriefing, quotes_heading
from positions.export.briefmap import BOX_MM
from positions.export.web import safe_url

#: Page margins (mm) and the body sizes (points).
MARGIN = 12.0
BODY = 8.5
SMALL = 7.5


def _font_files() -> tuple[Path, Path]:
    """DejaVu Sans regular and bold, from matplotlib's own fonts (always installed with it)."""
    import matplotlib

    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return fonts / "DejaVuSans.ttf", fonts / "DejaVuSans-Bold.ttf"


def _heading(pdf: Any, text: str) -> None:
    pdf.ln(1.5)
    pdf.set_font("DejaVu", "B", 10.5)
    pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_draw_color(200, 200, 200)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(0.8)
    pdf.set_font("DejaVu", "", BODY)


def _paragraph(pdf: Any, text: str, size: float = BODY, bullet: bool = False) -> None:
    pdf.set_font("DejaVu", "", size)
    if bullet:
        pdf.set_x(pdf.l_margin + 2)
        pdf.cell(3, size * 0.45, "•")
    pdf.multi_cell(0, size * 0.45, text, new_x="LMARGIN", new_y="NEXT", align="L")


def _bold_item(pdf: Any, bold: str, rest: str, size: float = BODY) -> None:
    """A bullet: ``bold`` then ``rest``, wrapped lines indented under the text (no markup
    is read from either: names are printed as written)."""
    height = size * 0.45
    margin = pdf.l_margin
    pdf.set_x(margin + 2)
    pdf.set_font("DejaVu", "", size)
    pdf.cell(3, height, "•")
    pdf.set_left_margin(margin + 5)
    pdf.set_font("DejaVu", "B", size)
    pdf.write(height, bold)
    pdf.set_font("DejaVu", "", size)
    pdf.write(height, rest)
    pdf.set_left_margin(margin)
    pdf.ln(height)


def _source(pdf: Any, source: dict[str, str], height: float) -> None:
    """'Title, Publisher, 2024-07', the title a link to the source's URL when safe."""
    url = safe_url(source.get("url"))
    rest = "".join(f", {source[k]}" for k in ("publisher", "published") if k in source)
    if url:
        pdf.set_text_color(5, 99, 193)
        pdf.write(height, source["title"], link=url)
        pdf.set_text_color(0, 0, 0)
    else:
        pdf.write(height, source["title"])
    pdf.write(height, rest)
    pdf.ln(height)


#: The matrix: its heading size (points), cell padding (mm), the actor column's least width.
HEADING_SIZE = 6.5
PADDING = 0.6
ACTOR_COLUMN = 0.24


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _column_widths(pdf: Any, headings: list[str]) -> tuple[float, ...]:
    """Widths (shares of the page) of the actor column and of each target column: a column
    is at least as wide as the longest word of its heading, so no word is cut in two."""
    pdf.set_font("DejaVu", "B", HEADING_SIZE)
    room = pdf.epw
    least = [
        (max(pdf.get_string_width(w) for w in h.split()) + 2 * PADDING + 0.8) / room
        for h in headings
    ]
    even = (1 - ACTOR_COLUMN) / max(len(headings), 1)
    widths = [max(even, w) for w in least]
    spare = 1 - ACTOR_COLUMN - sum(widths)
    if spare < 0:  # wide headings take from the others, never below their longest word
        loose = [w - m for w, m in zip(widths, least, strict=True)]
        total = sum(loose) or 1.0
        widths = [w + spare * ls / total for w, ls in zip(widths, loose, strict=True)]
    return (1 - sum(widths), *widths)


def _matrix_table(pdf: Any, briefing: ShortBriefing) -> None:
    """The matrix as a table: short headings whole, each stance symbol in its palette colour
    (the map's and the HTML map's)."""
    from fpdf.fonts import FontFace

    from positions.export.palette import STANCE_STYLES

    matrix = briefing.matrix
    headings = [matrix.headings[t] for t in matrix.targets]
    widths = _column_widths(pdf, headings)
    pdf.set_font("DejaVu", "", SMALL)
    looks = {
        stance: FontFace(color=_rgb(style["color"]), emphasis="BOLD")
        for stance, style in STANCE_STYLES.items()
    }
    with pdf.table(
        col_widths=widths,
        text_align=("LEFT", *(["CENTER"] * len(matrix.targets))),
        headings_style=FontFace(emphasis="BOLD", size_pt=HEADING_SIZE),
        line_height=SMALL * 0.45,
        padding=PADDING,
    ) as table:
        table.row(["Actor", *headings])
        for actor in matrix.actors:
            row = table.row()
            row.cell(matrix.actor_names[actor])
            for target in matrix.targets:
                cell = matrix.cell(actor, target)
                if cell is None:
                    row.cell("")
                else:
                    row.cell(cell.symbol, style=looks[cell.stance.value])


def render_pdf(briefing: ShortBriefing) -> bytes:
    """The briefing as PDF bytes (A4); the same briefing gives the same bytes."""
    import datetime

    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    pdf.set_title(briefing.title)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    regular, bold = _font_files()
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 6.5, briefing.title, new_x="LMARGIN", new_y="NEXT")
    meta = briefing.meta
    pdf.set_text_color(85, 85, 85)
    _paragraph(pdf, meta)
    pdf.set_text_color(0, 0, 0)
    _heading(pdf, "Takeaways")
    for line in briefing.takeaways:
        _paragraph(pdf, line, bullet=True)
    _heading(pdf, "Camps")
    for camp in briefing.camps:
        _bold_item(pdf, camp.label, f" — {camp.description}")
    if briefing.left_out_of_camps:
        _paragraph(
            pdf,
            "Left out of camps (collectives, named only as a group): "
            + ", ".join(briefing.left_out_of_camps)
            + ".",
            bullet=True,
        )
    _heading(pdf, "Alliance map")
    if briefing.map_png is not None:  # at the size it was drawn for: its points print
        width, height = BOX_MM
        pdf.image(io.BytesIO(briefing.map_png), x=(pdf.w - width) / 2, w=width, h=height)
        _paragraph(pdf, briefing.map_caption, SMALL)
    else:
        _paragraph(pdf, f"No map: {briefing.map_note}")
    pdf.add_page()
    _heading(pdf, "Positions on the most contested targets")
    _matrix_table(pdf, briefing)
    legend = " · ".join(f"{symbol} {meaning}" for symbol, meaning in briefing.legend)
    _paragraph(pdf, f"Legend: {legend}. {briefing.matrix_note}", SMALL)
    if briefing.changes:
        _heading(pdf, "What changed")
        for line in briefing.changes:
            _paragraph(pdf, line, bullet=True)
    if briefing.quotes:
        _heading(pdf, quotes_heading(briefing))
    for quote in briefing.quotes:
        shown = f"(paraphrase) {quote.text}" if quote.is_paraphrase else f"“{quote.text}”"
        pdf.set_font("DejaVu", "B", BODY)
        pdf.write(BODY * 0.45, quote.actor_name)
        pdf.set_font("DejaVu", "", BODY)
        pdf.write(BODY * 0.45, f" ({quote.stance_word}): {shown}")
        pdf.ln(BODY * 0.45)
        pdf.set_font("DejaVu", "", SMALL)
        pdf.set_text_color(68, 68, 68)
        pdf.write(SMALL * 0.45, f"— {quote.citation}; ")
        _source(pdf, quote.source, SMALL * 0.45)
        pdf.set_text_color(0, 0, 0)
        pdf.ln(0.8)
    if briefing.sources:
        _heading(pdf, "Sources")
    for source in briefing.sources:
        pdf.set_font("DejaVu", "", SMALL)
        pdf.set_x(pdf.l_margin + 2)
        pdf.cell(3, SMALL * 0.45, "•")
        _source(pdf, source, SMALL * 0.45)
    pdf.ln(1)
    pdf.set_text_color(85, 85, 85)
    _paragraph(pdf, briefing.dated, SMALL)
    return bytes(pdf.output())
