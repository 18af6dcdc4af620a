"""In a notebook: answers show as HTML tables, the map inline; to_pyvis hands over a Network.

The cells run as a notebook runs them (one namespace, cell after cell); what Jupyter would
display is what ``_repr_html_`` returns.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from tests.conftest import WriteDataset

CELLS = [
    "import positions",
    "ds = positions.load(DATA)",
    "answer = positions.who_opposes(ds, 'United Nations Convention against Cybercrime')",
    "history = positions.history(ds, 'HRW', 'uncc')",
    "page = positions.html_map(ds, target='uncc')",
    "page.save(OUT)",
    "net = positions.to_pyvis(ds)",
    "ties = positions.to_pyvis(ds, view='alliances')",
]

EVIL = "Rights <script>alert(1)</script> Watch"


def run_cells(data: Path, out: Path) -> dict[str, Any]:
    namespace: dict[str, Any] = {"DATA": str(data), "OUT": str(out)}
    for cell in CELLS:
        exec(compile(cell, "<cell>", "exec"), namespace)
    return namespace


def dataset(write_dataset: WriteDataset) -> Path:
    return write_dataset(
        stakeholders_yaml=f"""\
        stakeholders:
          - id: hrw
            name: "{EVIL}"
            kind: ngo
            aliases: [HRW]
          - id: tirana-hassan
            name: Tirana Hassan
            kind: person
            member_of: [{{id: hrw, role: Executive Director}}]
          - id: russia
            name: Russia
            kind: state
        """,
        statements_yaml="""\
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
          - id: russia-for
            actor: russia
            date: 2024-07
            source: article
            paraphrase: "Russia backs the convention & its scope"
            stances:
              - target: uncc
                stance: support
        """,
    )


def test_answers_render_as_escaped_html_tables(write_dataset: WriteDataset, tmp_path: Path) -> None:
    cells = run_cells(dataset(write_dataset), tmp_path / "map.html")
    rows = cells["answer"]
    shown = rows[0]._repr_html_()
    assert shown.startswith('<table class="positions-answer">') and shown.endswith("</table>")
    from positions.export.notebook import answer_html

    table = answer_html(rows)
    cells_of = re.findall(r"<td>(.*?)</td>", table)
    assert html.escape(EVIL) in cells_of and "oppose" in cells_of
    assert "“resembles a global surveillance treaty”" in table
    assert "<script>" not in table  # every value is escaped
    assert re.findall(r"<th>(.*?)</th>", table)[:2] == ["Actor", "Stance"]
    history = cells["history"]._repr_html_()
    assert "<table" in history and "resembles a global surveillance treaty" in history


def test_the_map_shows_inline_and_saves(write_dataset: WriteDataset, tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    cells = run_cells(dataset(write_dataset), out)
    inline = cells["page"]._repr_html_()
    assert inline.startswith("<iframe") and 'sandbox="allow-scripts"' in inline
    srcdoc = html.unescape(re.search(r'srcdoc="([^"]*)"', inline).group(1))  # type: ignore[union-attr]
    page = out.read_text(encoding="utf-8")
    assert srcdoc == page  # the page inline is the page saved
    assert page.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in page
    assert "resembles a global surveillance treaty" in page


def test_to_pyvis_keeps_the_maps_colours_shapes_and_escapes_titles(
    write_dataset: WriteDataset, tmp_path: Path
) -> None:
    from pyvis.network import Network

    from positions.export.html import KIND_SHAPES, STANCE_STYLES, TARGET_SHAPE, TIE_STYLES

    cells = run_cells(dataset(write_dataset), tmp_path / "map.html")
    net = cells["net"]
    assert isinstance(net, Network)
    nodes = {node["id"]: node for node in net.nodes}
    assert nodes["hrw"]["shape"] == KIND_SHAPES["ngo"]
    assert nodes["russia"]["shape"] == KIND_SHAPES["state"]
    assert nodes["uncc"]["shape"] == TARGET_SHAPE
    assert "<script>" not in nodes["hrw"]["title"] and html.escape(EVIL) in nodes["hrw"]["title"]
    edges = {(edge["from"], edge["to"]): edge for edge in net.edges}
    assert edges[("hrw", "uncc")]["color"] == STANCE_STYLES["oppose"]["color"]
    assert edges[("hrw", "uncc")]["dashes"] == STANCE_STYLES["oppose"]["dashes"]
    assert edges[("russia", "uncc")]["color"] == STANCE_STYLES["support"]["color"]
    assert "(paraphrase)" in edges[("russia", "uncc")]["title"]
    assert "&amp;" in edges[("russia", "uncc")]["title"]
    ties = cells["ties"]
    (tie,) = ties.edges
    assert {tie["from"], tie["to"]} == {"hrw", "russia"}
    assert tie["color"] == TIE_STYLES["disagree"]["color"]
    # a pyvis user can go on with pyvis itself
    net.toggle_physics(False)
    net.write_html(str(tmp_path / "mine.html"))
    assert "vis-network" in (tmp_path / "mine.html").read_text(encoding="utf-8")
