"""Every export takes what the questions take (contract v2): target names resolved as the
queries resolve them, and ``as_of`` as "2021", "2021-06", "2021-06-30", a date or None.

An unknown name raises ``NameNotFound`` (never an empty export), a bad date ``BadDate``;
``--include-collective`` reaches the alignment graph and the camps.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import positions
from positions.cli import app
from positions.export import ExportRequest, exporter
from positions.export.nodelink import read
from positions.model import PartialDate
from positions.questions.resolve import as_of_date

V2 = Path(__file__).parent / "fixtures" / "v2"
runner = CliRunner()

#: (output, format, path): every exporter, each writing to stdout where it can
OUTPUTS = [
    ("graphml", "graphml", "-"),
    ("gexf", "gexf", "-"),
    ("json", "json", "-"),
    ("csv", "csv", "-"),
    ("cypher", "cypher", "-"),
    ("matrix", "md", "-"),
    ("matrix", "csv", "-"),
    ("brief", "md", "-"),
    ("html", None, "-"),
    ("map", "svg", "alliances.svg"),
]
IDS = [f"{name}-{fmt}" for name, fmt, _ in OUTPUTS]


@pytest.fixture(scope="module")
def ds() -> positions.Dataset:
    return positions.load(V2)


def made(ds: positions.Dataset, name: str, **asked: Any) -> list[bytes]:
    found = exporter(name)(ds, ExportRequest(**asked))
    return [output.data for output in found]


@pytest.mark.parametrize(("name", "fmt", "path"), OUTPUTS, ids=IDS)
def test_a_target_name_exports_what_its_id_does(
    ds: positions.Dataset, name: str, fmt: str | None, path: str
) -> None:
    by_id = made(ds, name, path=path, format=fmt, target="pact", as_of="2021")
    assert made(ds, name, path=path, format=fmt, target="the pact", as_of="2021") == by_id
    assert made(ds, name, path=path, format=fmt, target="Pact on Lake Fisheries") == made(
        ds, name, path=path, format=fmt, target="pact"
    )


@pytest.mark.parametrize(("name", "fmt", "path"), OUTPUTS, ids=IDS)
def test_an_unknown_target_name_is_an_error_not_an_empty_export(
    ds: positions.Dataset, name: str, fmt: str | None, path: str
) -> None:
    with pytest.raises(positions.NameNotFound, match="closest"):
        made(ds, name, path=path, format=fmt, target="the pakt")


@pytest.mark.parametrize(
    "as_of",
    ["2021", "2021-06", "2021-06-30", datetime.date(2021, 6, 30), PartialDate("2021"), None],
)
def test_an_export_takes_every_date_like(ds: positions.Dataset, as_of: Any) -> None:
    request = ExportRequest("-", "json", as_of=as_of, graph="alignment")
    assert request.as_of == as_of_date(as_of)
    graph = read(exporter("json")(ds, request)[0].data)
    assert graph.has_edge("alvia", "lake-watch")


@pytest.mark.parametrize("as_of", [2021, "99999", "2021-13", "June 2021", 2021.5])
def test_a_bad_date_is_refused_when_the_request_is_made(as_of: Any) -> None:
    with pytest.raises(positions.BadDate):
        ExportRequest("-", "graphml", as_of=as_of)


def test_the_date_decides_the_alignment_as_the_questions_do(ds: positions.Dataset) -> None:
    # Alvia and Brenn both supported the pact by the end of 2022 (Brenn's "2022"), not before
    def tie(as_of: Any) -> bool:
        request = ExportRequest("-", "json", as_of=as_of, graph="alignment")
        return read(exporter("json")(ds, request)[0].data).has_edge("alvia", "brenn")

    allied = {row.other for row in positions.allies(ds, "Alvia", as_of="2022")} | {
        row.other for row in positions.opponents(ds, "Alvia", as_of="2022")
    }
    assert tie("2022") == ("brenn" in allied)
    assert tie(datetime.date(2022, 12, 31)) == tie("2022")


def test_the_stance_graph_of_a_target_holds_only_the_stances_on_it_and_its_parts(
    ds: positions.Dataset,
) -> None:
    request = ExportRequest("-", "json", target="Accord on Lake Shipping")
    graph = read(exporter("json")(ds, request)[0].data)
    stances = [(u, v) for u, v, d in graph.edges(data=True) if d["relation"] == "stance"]
    assert sorted(stances) == [("brenn", "accord-art-3"), ("lake-watch", "accord-art-3")]
    assert "pact" not in graph


def cli(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--data", str(V2)])
    assert result.exit_code == 0, result.output
    return result


def test_export_include_collective_puts_collectives_in_the_alignment_graph() -> None:
    def nodes(*extra: str) -> set[str]:
        out = cli("export", "-f", "json", "-o", "-", "--graph", "alignment", *extra).stdout
        return {node["id"] for node in json.loads(out)["nodes"]}

    assert "fishing-towns" not in nodes()
    assert "fishing-towns" in nodes("--include-collective")


def test_export_target_takes_a_name() -> None:
    out = cli("export", "-f", "csv", "-o", "-", "--target", "accord").stdout
    assert "accord-art-3" in out and "pact-art-1" not in out
    result = runner.invoke(app, ["export", "-f", "csv", "-o", "-", "-t", "pakt", "--data", str(V2)])
    assert result.exit_code == 2
    assert "no actor or target named 'pakt'" in result.stderr


def test_coalitions_include_collective_on_the_command_line() -> None:
    def members(*extra: str) -> set[str]:
        found = json.loads(cli("coalitions", "-f", "json", *extra).stdout)
        return {m for camp in found["rows"] for m in camp["members"]}

    assert "fishing-towns" not in members()
    assert "fishing-towns" in members("--include-collective")


def test_export_alignment_carries_the_evidence_only_with_evidence() -> None:
    def ties(*extra: str) -> list[dict[str, Any]]:
        out = cli("export", "-f", "json", "-o", "-", "--graph", "alignment", *extra).stdout
        edges: list[dict[str, Any]] = json.loads(out)["edges"]
        return edges

    counted, evidenced = ties(), ties("--evidence")
    assert counted and all("evidence" not in tie and "agree" in tie for tie in counted)
    assert all(tie["evidence"] for tie in evidenced)
    assert [(t["source"], t["target"], t["agree"]) for t in counted] == [
        (t["source"], t["target"], t["agree"]) for t in evidenced
    ]
