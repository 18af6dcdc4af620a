"""Outputs that cannot inject (docs/security.md): whatever text the data holds, a terminal
gets no control sequence, a spreadsheet evaluates no formula, Markdown opens no HTML, link
or image, and every XML file parses."""

from __future__ import annotations

import csv
import io
import json
import textwrap
import xml.dom.minidom
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from positions.cli import app
from positions.data.loader import load
from positions.export import gexf, graphml, image
from positions.export.escaping import FORMULA_STARTS, csv_cell, md_escape, xml_text
from positions.export.outputs import ExportRequest
from positions.export.text import Format, Sheet, render, to_json
from positions.printable import UNPRINTABLE, printable, printable_line
from tests.conftest import MINIMAL, WriteDataset

runner = CliRunner()

#: What the red team put in names, conditions and titles to reach a terminal.
TERMINAL_ATTACKS = [
    "\x1b[2J\x1b[H",  # clear the screen
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 link
    "\x1b]52;c;cm0gLXJmIH4=\x07",  # OSC 52 clipboard write
    "\x9b2J",  # 8-bit CSI
    "\x9d52;c;eA==\x9c",  # 8-bit OSC
    "abc\u202edcba",  # right-to-left override
]
#: What is refused by XML 1.0 and was in a quote that made GraphML, GEXF and SVG malformed.
XML_INVALID = ["\x0b", "\x00", "\x1b", "\x0c", "\ufffe", "\uffff", "\x01"]


def _raw_controls(text: str) -> list[str]:
    """The characters of ``text`` that would act on a terminal (line breaks allowed)."""
    return [c for c in text if UNPRINTABLE.match(c) and c not in "\n"]


# --- check refuses the characters, located ------------------------------------------------


@pytest.mark.parametrize("attack", [*TERMINAL_ATTACKS[:5], *XML_INVALID])
@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("stakeholders.yaml", "name: Human Rights Watch", 'name: "Human {} Watch"'),
        ("stakeholders.yaml", "aliases: [HRW]", 'aliases: ["H{}RW"]'),
        ("targets.yaml", "label: Article 35", 'label: "Article {}35"'),
        ("sources.yaml", "title: An article", 'title: "An {}article"'),
    ],
)
def test_check_refuses_control_characters_in_every_text_field_at_their_place(
    write_dataset: WriteDataset, attack: str, file: str, old: str, new: str
) -> None:
    escaped = json.dumps(attack)[1:-1]  # a YAML double-quoted string takes JSON escapes
    root = write_dataset(
        **{file.replace(".yaml", "_yaml"): MINIMAL[file].replace(old, new.format(escaped))}
    )
    line = next(
        n for n, text in enumerate((root / file).read_text().splitlines(), 1) if escaped in text
    )
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 1
    assert f"{file}:{line}:" in result.stdout
    assert "[control-character]" in result.stdout
    assert _raw_controls(result.stdout) == []
    assert _raw_controls(result.stderr) == []


def test_check_refuses_a_huge_name_with_a_located_error(write_dataset: WriteDataset) -> None:
    huge = "Human Rights Watch " * 100_000  # 1.9 MB in one name
    root = write_dataset(
        stakeholders_yaml=MINIMAL["stakeholders.yaml"].replace("Human Rights Watch", huge)
    )
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 1
    assert "stakeholders.yaml:3:" in result.stdout
    assert "[text-too-long] stakeholder 'hrw': the name is 1,899,999 characters" in result.stdout
    assert len(result.stdout) < 1000  # the value is not echoed back


def test_queries_refuse_data_with_escapes_without_echoing_them(write_dataset: WriteDataset) -> None:
    escaped = json.dumps(TERMINAL_ATTACKS[2])[1:-1]
    root = write_dataset(
        stakeholders_yaml=MINIMAL["stakeholders.yaml"].replace(
            "name: Human Rights Watch", f'name: "HRW{escaped}"'
        )
    )
    result = runner.invoke(app, ["who", "opposes", "uncc", "--data", str(root)])
    assert result.exit_code == 1
    assert "[control-character]" in result.stderr
    assert _raw_controls(result.stderr) == []


# --- the text outputs neutralise what the library is given ---------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(), min_size=7, max_size=7), st.text())
def test_table_and_markdown_never_pass_a_control_character(cells: list[str], title: str) -> None:
    sheet = Sheet(title, ["A", "B", "C", "D", "E", "F", "G"], rows=[cells], grid=[0, 1, 4, 5])
    for output in (Format.TABLE, Format.MD):
        assert _raw_controls(render(None, sheet, output)) == []


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_json_writes_every_control_character_as_an_escape(text: str) -> None:
    out = to_json({"name": text})
    assert _raw_controls(out) == []
    assert json.loads(out) == {"name": text}


@given(st.text())
def test_printable_line_is_one_line_that_keeps_printable_text(text: str) -> None:
    shown = printable_line(text)
    assert UNPRINTABLE.search(shown) is None
    if text.isprintable():
        assert shown == text
    assert printable(text).count("\n") == text.count("\n")


# --- CSV: no live formulas by default, --raw for pipelines ---------------------------------

FORMULAS = {
    "name": '=HYPERLINK("https://evil.example","HRW")',
    "condition": "+cmd|' /C calc'!A0",
    "alias": "@SUM(1+1)",
    "publisher": "-2+3",
}


def _formula_dataset(write_dataset: WriteDataset) -> Path:
    return write_dataset(
        stakeholders_yaml=MINIMAL["stakeholders.yaml"]
        .replace("name: Human Rights Watch", f"name: '{FORMULAS['name']}'")
        .replace("aliases: [HRW]", f"aliases: ['{FORMULAS['alias']}']"),
        statements_yaml=MINIMAL["statements.yaml"]
        + f'        condition: "{FORMULAS["condition"]}"\n',
        sources_yaml=MINIMAL["sources.yaml"] + f"    publisher: '{FORMULAS['publisher']}'\n",
    )


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_formula_text_passes_check(write_dataset: WriteDataset) -> None:
    result = runner.invoke(app, ["check", str(_formula_dataset(write_dataset))])
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["who", "opposes", "uncc", "-f", "csv"],
        ["stances", "hrw", "-f", "csv"],
        ["matrix", "-f", "csv", "-o", "-"],
        ["export", "-f", "csv", "-o", "-"],
    ],
)
def test_csv_cells_a_spreadsheet_would_evaluate_start_with_a_quote(
    write_dataset: WriteDataset, command: list[str]
) -> None:
    root = _formula_dataset(write_dataset)
    result = runner.invoke(app, [*command, "--data", str(root)])
    assert result.exit_code == 0, result.stderr
    cells = _cells(result.stdout)
    assert "'" + FORMULAS["name"] in cells
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    raw = runner.invoke(app, ["--raw", *command, "--data", str(root)])
    assert raw.exit_code == 0, raw.stderr
    assert FORMULAS["name"] in _cells(raw.stdout)
    assert not [c for c in _cells(raw.stdout) if c.startswith("'=")]


@given(st.text())
def test_a_guarded_cell_never_starts_a_formula_and_raw_is_exact(text: str) -> None:
    guarded = csv_cell(text)
    assert not guarded.startswith(FORMULA_STARTS)
    assert csv_cell(text, raw=True) == text
    if text.isprintable() and not text.startswith(FORMULA_STARTS):
        assert guarded == text


# --- Markdown: no raw HTML, no link but http(s), no image from the data --------------------

MARKUP = {
    "name": "<img src=x onerror=alert(1)> Watch",
    "condition": "[click here](javascript:alert(1))",
    "title": "![pixel](https://tracker.example/p.png) <script>alert(1)</script>",
}


def _markup_dataset(write_dataset: WriteDataset) -> Path:
    return write_dataset(
        stakeholders_yaml=MINIMAL["stakeholders.yaml"].replace(
            "name: Human Rights Watch", f"name: '{MARKUP['name']}'"
        ),
        statements_yaml=MINIMAL["statements.yaml"]
        + f"        condition: '{MARKUP['condition']}'\n",
        sources_yaml=MINIMAL["sources.yaml"].replace(
            "title: An article", f"title: '{MARKUP['title']}'"
        ),
    )


def _live_markup(markdown: str) -> list[str]:
    """What a Markdown renderer would make live: HTML, non-http(s) links, any image."""
    live = []
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        for child in [token, *(token.children or [])]:
            if child.type in ("html_inline", "html_block", "image"):
                live.append(child.content)
            href = str(child.attrGet("href") or "")
            if child.type == "link_open" and not href.startswith(("http://", "https://")):
                live.append(href)
    return live


@pytest.mark.parametrize(
    "command",
    [
        ["who", "opposes", "uncc", "-f", "md"],
        ["history", "hrw", "uncc", "-f", "md"],
        ["matrix", "-f", "md", "-o", "-"],
        ["brief", "-f", "md", "-o", "-"],
    ],
)
def test_markdown_outputs_open_no_html_link_or_image_from_the_data(
    write_dataset: WriteDataset, command: list[str]
) -> None:
    result = runner.invoke(app, [*command, "--data", str(_markup_dataset(write_dataset))])
    assert result.exit_code == 0, result.stderr
    assert _live_markup(result.stdout) == []
    assert "onerror" in result.stdout  # the text is shown, as text


@given(st.text())
def test_escaped_markdown_text_renders_as_text(text: str) -> None:
    assert _live_markup(md_escape(text)) == []


# --- XML: every file parses, whatever the text -------------------------------------------


@given(st.text())
def test_xml_text_is_always_xml(text: str) -> None:
    escaped = xml_text(text).replace("&", "&amp;").replace("<", "&lt;")
    xml.dom.minidom.parseString(f"<a>{escaped}</a>".encode())


def _hostile_dataset(write_dataset: WriteDataset) -> Any:
    """The minimal dataset with XML-invalid characters in every name and the quote, as a
    library user could build with ``Dataset.replace`` (check would refuse the files)."""
    ds = load(write_dataset())
    bad = "".join(XML_INVALID)
    stakeholders = {
        k: v.model_copy(update={"name": f"{v.name}{bad}"}) for k, v in ds.stakeholders.items()
    }
    statements = {
        k: v.model_copy(update={"quote": f"{v.quote}{bad}"}) for k, v in ds.statements.items()
    }
    return ds.replace(stakeholders=stakeholders, statements=statements)


@pytest.mark.parametrize("module", [graphml, gexf], ids=["graphml", "gexf"])
@pytest.mark.parametrize("graph", ["stances", "alignment"])
def test_graph_formats_parse_whatever_the_names_and_quotes_hold(
    write_dataset: WriteDataset, module: Any, graph: str
) -> None:
    ds = _hostile_dataset(write_dataset)
    (output,) = module.outputs(ds, ExportRequest(graph=graph))
    document = xml.dom.minidom.parseString(output.data)
    assert "Human Rights Watch\ufffd" in document.toxml()


def test_svg_map_parses_whatever_the_names_hold(write_dataset: WriteDataset) -> None:
    root = write_dataset(
        stakeholders_yaml=textwrap.dedent(MINIMAL["stakeholders.yaml"])
        + "  - id: eff\n    name: EFF -- $x$ <b>\n    kind: ngo\n",
        statements_yaml=textwrap.dedent(MINIMAL["statements.yaml"])
        + "  - id: eff-1\n    actor: eff\n    source: article\n    paraphrase: against\n"
        "    stances:\n      - target: uncc\n        stance: oppose\n",
    )
    ds = load(root)
    bad = "".join(XML_INVALID)
    ds = ds.replace(
        stakeholders={
            k: v.model_copy(update={"name": f"{v.name}{bad}"}) for k, v in ds.stakeholders.items()
        }
    )
    (output,) = image.outputs(ds, ExportRequest("map.svg"))
    xml.dom.minidom.parseString(output.data)
