"""Every output behind one interface: ``exporter(name)(ds, request)`` gives the files the
CLI writes, and every HTML output links only plain http(s) addresses (one URL check)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import positions
from positions.cli import app
from positions.export import EXPORTER_MODULES, ExportError, ExportRequest, exporter
from positions.export.outputs import OutputFile
from tests.conftest import WriteDataset

TREATY = Path(__file__).parent / "fixtures" / "treaty"
runner = CliRunner()

#: The CLI invocation of each output and the request that asks the library for the same.
CASES: dict[str, tuple[list[str], ExportRequest]] = {
    "map": (["map", "-o", "{out}/a.svg"], ExportRequest("{out}/a.svg")),
    "matrix": (["matrix", "-f", "csv", "-o", "{out}/m.csv"], ExportRequest("{out}/m.csv", "csv")),
    "brief": (["brief", "-o", "{out}/b.html"], ExportRequest("{out}/b.html")),
    "graphml": (
        ["export", "-f", "graphml", "-g", "alignment", "-o", "{out}/g.graphml"],
        ExportRequest("{out}/g.graphml", "graphml", graph="alignment"),
    ),
    "gexf": (["export", "-f", "gexf", "-o", "{out}/g.gexf"], ExportRequest("{out}/g.gexf")),
    "json": (["export", "-f", "json", "-o", "{out}/g.json"], ExportRequest("{out}/g.json")),
    "csv": (["export", "-f", "csv", "-o", "{out}/t.csv"], ExportRequest("{out}/t.csv")),
    "cypher": (["export", "-f", "cypher", "-o", "{out}/g.cypher"], ExportRequest("{out}/g.cypher")),
    "neo4j": (
        ["export", "-f", "neo4j", "-g", "alignment", "-o", "{out}"],
        ExportRequest("{out}", "neo4j", graph="alignment"),
    ),
    "parquet": (["export", "-f", "parquet", "-o", "{out}"], ExportRequest("{out}", "parquet")),
}


def _in(out: Path, request: ExportRequest) -> ExportRequest:
    from dataclasses import replace

    return replace(request, path=request.path.format(out=out))


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_library_gives_the_files_the_cli_writes(name: str, tmp_path: Path) -> None:
    args, request = CASES[name]
    cli_dir, lib_dir = tmp_path / "cli", tmp_path / "lib"
    cli_dir.mkdir()
    lib_dir.mkdir()
    result = runner.invoke(app, [*(a.format(out=cli_dir) for a in args), "--data", str(TREATY)])
    assert result.exit_code == 0, result.output
    files = exporter(name)(positions.load(TREATY), _in(lib_dir, request))
    assert files and all(isinstance(f, OutputFile) for f in files)
    assert {Path(f.path).name for f in files} == {p.name for p in cli_dir.iterdir()}
    for output in files:
        assert output.data == (cli_dir / Path(output.path).name).read_bytes(), output.path


def test_every_output_has_an_exporter_and_an_unknown_one_is_an_error() -> None:
    assert set(EXPORTER_MODULES) == {*CASES, "html"}
    for name in EXPORTER_MODULES:
        assert callable(exporter(name))
    with pytest.raises(ExportError, match="no output named 'pdf'"):
        exporter("pdf")


def test_the_interactive_map_behind_the_interface(tmp_path: Path) -> None:
    ds = positions.load(TREATY)
    (page,) = exporter("html")(ds, ExportRequest(str(tmp_path / "m.html"), view="alliances"))
    assert page.what == "interactive map"
    assert b'"view":"alliances"' in page.data
    with pytest.raises(ExportError, match="unknown view 'tree'") as raised:
        exporter("html")(ds, ExportRequest("-", view="tree"))
    assert raised.value.hint == "use --view board, --view stances or --view alliances"


HOSTILE_URLS = [
    "javascript:alert(1)",
    " https://example.org/leading-space",
    'https://example.org/"onmouseover="alert(1)',
    "data:text/html,<script>alert(1)</script>",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_no_html_output_links_an_address_that_is_not_plain_http(
    url: str, write_dataset: WriteDataset, tmp_path: Path
) -> None:
    data = write_dataset(
        sources_yaml=(
            "sources:\n  - id: article\n    title: An article\n    archive: sources/article.txt\n"
            f"    url: {url!r}\n"
        ),
        stakeholders_yaml=(
            "stakeholders:\n  - id: hrw\n    name: Human Rights Watch\n    kind: ngo\n"
            f"    url: {url!r}\n  - id: tirana-hassan\n    name: Tirana Hassan\n    kind: person\n"
        ),
    )
    ds = positions.load(data)
    for name, request in (
        ("html", ExportRequest("-")),
        ("brief", ExportRequest("-", "html")),
        ("brief", ExportRequest("-", "md")),
        ("matrix", ExportRequest("-", "html")),
    ):
        (output,) = exporter(name)(ds, request)
        text = output.data.decode("utf-8")
        links = re.findall(r'href="([^"]*)"|\]\(([^)]*)\)', text)
        assert all(
            not (a or b).lower().lstrip().startswith(("javascript", "data")) for a, b in links
        )
        assert all("example.org" not in (a or b) for a, b in links), (name, links)
