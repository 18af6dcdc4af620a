"""`export --format neo4j` and `--format parquet`: the whole dataset, read back.

The neo4j files are read as neo4j-admin reads them: each header by the documented grammar
(``<name>:<field_type>``, ID spaces, ``:START_ID(...)``/``:END_ID(...)``/``:TYPE``/
``:LABEL``, the property types), each cell by its CSV (double quotes, quotes doubled, an
unquoted empty cell is no value); the Parquet files with pyarrow, the library that wrote
them. Both are compared with what the API says.
"""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import positions
from positions.cli import app
from positions.data.dataset import Dataset
from positions.errors import ExportError
from positions.export import ExportRequest, neo4j, parquet
from positions.questions.alignment import alignment_counts
from positions.questions.positions import stance_records
from tests.conftest import WriteDataset
from tests.test_export_graphs import hostile_dataset

TREATY = Path(__file__).parent / "fixtures" / "treaty"
BUNDLED = Path(__file__).resolve().parent.parent / "data"
runner = CliRunner()

#: the property types of the header format (neo4j operations manual, "Import header format")
PROPERTY_TYPES = {
    "int",
    "long",
    "float",
    "double",
    "boolean",
    "byte",
    "short",
    "char",
    "string",
    "point",
    "date",
    "localtime",
    "time",
    "localdatetime",
    "datetime",
    "duration",
}
_FIELD = re.compile(
    r"^(?P<name>[^:]*)(?::(?P<type>ID|START_ID|END_ID|TYPE|LABEL|IGNORE|[a-z]+(?:\[\])?)"
    r"(?:\((?P<space>[^)]+)\))?)?$"
)

HOSTILE = [
    'double " quote, and a comma',
    'ends with a quote "',
    "line\nbreak\r\nand\ttab",
    '"",,""',
    "emoji 🐍 and accents é",
]


def parse_header(line: str) -> list[tuple[str, str, str | None]]:
    """(name, field type, ID space) of each field; fails on anything the grammar lacks."""
    fields = []
    for field in line.split(","):
        match = _FIELD.match(field)
        assert match, f"not a header field: {field!r}"
        name, kind, space = match["name"], match["type"] or "string", match["space"]
        if kind in {"START_ID", "END_ID", "TYPE", "LABEL", "IGNORE"}:
            assert name == "", f"{field}: the name of a {kind} field is ignored: leave it out"
        elif kind != "ID":
            assert kind.removesuffix("[]") in PROPERTY_TYPES, field
            assert name, f"{field}: a property needs a name"
            assert space is None
        fields.append((name, kind, space))
    return fields


def parse_rows(text: str) -> list[list[str | None]]:
    """The data rows as neo4j-admin's CSV reads them: ``"..."`` quoted (``""`` a quote,
    line breaks inside allowed), an empty unquoted cell None."""
    rows: list[list[str | None]] = []
    row: list[str | None] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] == '"':
            j, value = i + 1, []
            while True:
                k = text.index('"', j)
                value.append(text[j:k])
                if text.startswith('""', k):
                    value.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            row.append("".join(value))
        else:
            k = i
            while k < n and text[k] not in ",\n":
                k += 1
            cell = text[i:k]
            assert '"' not in cell, f"a quote in an unquoted cell: {cell!r}"
            row.append(cell if cell else None)
            i = k
        assert i == n or text[i] in ",\n", f"garbage after a cell at {i}: {text[i : i + 20]!r}"
        if i < n and text[i] == "\n":
            rows.append(row)
            row = []
        i += 1
    assert not row, "the last line has no line end"
    return rows


def typed(value: str | None, kind: str, delimiter: str) -> Any:
    if value is None:
        return None
    if kind.endswith("[]"):
        return [typed(v, kind[:-2], delimiter) for v in value.split(delimiter)]
    if kind == "LABEL":
        return value.split(delimiter)
    if kind in {"int", "long"}:
        return int(value)
    if kind == "boolean":
        assert value in {"true", "false"}
        return value == "true"
    if kind == "date":
        return datetime.date.fromisoformat(value)
    return value


def read_neo4j(directory: Path) -> dict[str, list[dict[str, Any]]]:
    """Every file of the export as records keyed by header field; ids in their spaces."""
    script = (directory / "import.sh").read_text()
    found = re.search(r"--array-delimiter='?([^'\s]+)'?", script)
    delimiter = found.group(1) if found else ";"
    listed = re.findall(r'--(nodes|relationships)="\$HERE/([^"]+)"', script)
    assert "--multiline-fields=true" in script
    assert "neo4j-admin database import full" in script
    files: dict[str, list[dict[str, Any]]] = {}
    spaces: dict[str, set[str]] = {}
    for option, name in listed:
        header_line, _, body = (directory / name).read_bytes().decode("utf-8").partition("\n")
        header = parse_header(header_line)
        kinds = [kind for _, kind, _ in header]
        if option == "nodes":
            assert name.startswith("nodes-") and kinds.count("ID") == 1 and "LABEL" in kinds
        else:
            assert name.startswith("rels-")
            assert all(kinds.count(k) == 1 for k in ("START_ID", "END_ID", "TYPE"))
        records = []
        for row in parse_rows(body):
            assert len(row) == len(header), (name, row)
            record: dict[str, Any] = {}
            for (field, kind, space), value in zip(header, row, strict=True):
                key = field or kind
                record[key] = typed(value, kind, delimiter)
                if kind == "ID":
                    assert space and value
                    spaces.setdefault(space, set()).add(value)
                    record["space"] = space
                if kind in {"START_ID", "END_ID"}:
                    record[f"{kind}_space"] = space
            records.append(record)
        files[name] = records
    for name, records in files.items():  # every relationship joins nodes that exist
        for record in records:
            for end in ("START_ID", "END_ID"):
                if end in record:
                    assert record[end] in spaces[record[f"{end}_space"]], (name, record)
    return files


@pytest.fixture(scope="module", params=["treaty", "bundled"])
def any_ds(request: pytest.FixtureRequest) -> Dataset:
    if request.param == "bundled" and not (BUNDLED / "statements.yaml").exists():
        pytest.skip("no bundled data/ in this checkout")
    return positions.load(TREATY if request.param == "treaty" else BUNDLED)


def write(made: list[Any]) -> None:
    for output in made:
        Path(output.path).write_bytes(output.data)


def test_neo4j_files_follow_the_header_grammar_and_hold_the_dataset(
    any_ds: Dataset, tmp_path: Path
) -> None:
    ds = any_ds
    write(neo4j.outputs(ds, ExportRequest(str(tmp_path), "neo4j", graph="alignment")))
    files = read_neo4j(tmp_path)
    stakeholders = {r["id"]: r for r in files["nodes-stakeholders.csv"]}
    assert list(stakeholders) == list(ds.stakeholders)
    for record in ds.stakeholders.values():
        row = stakeholders[record.id]
        assert (row["name"], row["kind"]) == (record.name, record.kind.value)
        assert row["aliases"] == (list(record.aliases) or None)
        assert row["LABEL"][0] == "Stakeholder"
        assert ("Person" in row["LABEL"]) == (record.kind.value == "person")
    targets = {r["id"]: r for r in files["nodes-targets.csv"]}
    assert list(targets) == list(ds.targets)
    assert all(targets[t]["instrument"] == ds.root_of(t) for t in ds.targets)
    assert [r["id"] for r in files["nodes-sources.csv"]] == list(ds.sources)
    statements = {r["id"]: r for r in files["nodes-statements.csv"]}
    assert list(statements) == list(ds.statements)
    for statement in ds.statements.values():
        row = statements[statement.id]
        date, from_source = ds.date_of(statement)
        assert (row["quote"], row["paraphrase"]) == (statement.quote, statement.paraphrase)
        assert row["date"] == (str(date) if date else None)
        assert row["date_start"] == (date.start if date else None)
        assert row["date_from_source"] is from_source
    stances = files["rels-stance-on-targets.csv"] + files["rels-stance-on-stakeholders.csv"]
    assert sorted(
        (r["START_ID"], r["END_ID"], r["stance"], r["condition"]) for r in stances
    ) == sorted((r.statement.id, r.target, r.stance.value, r.condition) for r in stance_records(ds))
    assert {r["TYPE"] for r in stances} == {"STANCE_ON"}
    assert [(r["START_ID"], r["END_ID"]) for r in files["rels-by.csv"]] == [
        (s.id, s.actor) for s in ds.statements.values()
    ]
    assert len(files["rels-spoken-by.csv"]) == sum(1 for s in ds.statements.values() if s.speaker)
    assert len(files["rels-part-of.csv"]) == sum(1 for t in ds.targets.values() if t.part_of)
    ties = {
        (r["START_ID"], r["END_ID"]): (r["agree"], r["disagree"]) for r in files["rels-aligned.csv"]
    }
    counts = alignment_counts(ds)
    assert ties == {(a, b): (yes, no) for a, b, yes, no in counts.pairs()}


def test_neo4j_cells_keep_hostile_text_and_pick_a_free_array_delimiter(
    write_dataset: WriteDataset, tmp_path: Path
) -> None:
    ds = positions.load(hostile_dataset(write_dataset, HOSTILE, aliases=True))
    out = tmp_path / "out"
    out.mkdir()
    write(neo4j.outputs(ds, ExportRequest(str(out), "neo4j")))
    assert "--array-delimiter='|'" in (out / "import.sh").read_text()  # an alias holds ';'
    files = read_neo4j(out)
    assert [r["name"] for r in files["nodes-stakeholders.csv"]] == HOSTILE
    assert [r["aliases"] for r in files["nodes-stakeholders.csv"]] == [
        [f"a;b {n}", f"{t} alias"] for n, t in enumerate(HOSTILE)
    ]
    assert [r["paraphrase"] for r in files["nodes-statements.csv"]] == HOSTILE
    assert [r["condition"] for r in files["rels-stance-on-targets.csv"]] == HOSTILE


def test_neo4j_and_parquet_need_a_directory_and_the_cli_makes_it(tmp_path: Path) -> None:
    for name in ("neo4j", "parquet"):
        refused = runner.invoke(app, ["export", "-f", name, "-o", "-", "--data", str(TREATY)])
        assert refused.exit_code == 2 and "-o DIR" in refused.output
        made = runner.invoke(
            app, ["export", "-f", name, "-o", str(tmp_path / name), "--data", str(TREATY)]
        )
        assert made.exit_code == 0, made.output
        assert (tmp_path / name).is_dir() and any((tmp_path / name).iterdir())
    (tmp_path / "file").write_text("x")
    refused = runner.invoke(
        app, ["export", "-f", "neo4j", "-o", str(tmp_path / "file"), "--data", str(TREATY)]
    )
    assert refused.exit_code == 2 and "is a file" in refused.output


def test_neo4j_target_keeps_only_its_stances(tmp_path: Path) -> None:
    ds = positions.load(TREATY)
    target = next(t for t in ds.targets.values() if t.part_of is None).id
    scope = set(ds.scope(target))
    write(neo4j.outputs(ds, ExportRequest(str(tmp_path), "neo4j", target=target)))
    files = read_neo4j(tmp_path)
    stances = files["rels-stance-on-targets.csv"] + files["rels-stance-on-stakeholders.csv"]
    assert len(stances) == sum(1 for r in stance_records(ds) if r.target in scope) > 0
    assert {r["END_ID"] for r in stances} <= scope


def read_parquet(directory: Path, name: str) -> Any:
    pq = pytest.importorskip("pyarrow.parquet")  # the extra [parquet]: make test installs it
    return pq.read_table(directory / f"{name}.parquet")


def test_parquet_tables_equal_the_api(any_ds: Dataset, tmp_path: Path) -> None:
    ds = any_ds
    pa = pytest.importorskip("pyarrow")
    write(parquet.outputs(ds, ExportRequest(str(tmp_path), "parquet")))
    statements = read_parquet(tmp_path, "statements")
    assert statements.column("statement").to_pylist() == list(ds.statements)
    assert statements.schema.field("date_start").type == pa.date32()
    for row, statement in zip(statements.to_pylist(), ds.statements.values(), strict=True):
        date, from_source = ds.date_of(statement)
        assert row["actor"] == statement.actor and row["source"] == statement.source
        assert (row["quote"], row["paraphrase"]) == (statement.quote, statement.paraphrase)
        assert row["date"] == (str(date) if date else None)
        assert row["date_start"] == (date.start if date else None)
        assert row["date_from_source"] is from_source
    stances = read_parquet(tmp_path, "stances").to_pylist()
    assert [(r["statement"], r["target"], r["stance"], r["condition"]) for r in stances] == [
        (r.statement.id, r.target, r.stance.value, r.condition) for r in stance_records(ds)
    ]
    ties = read_parquet(tmp_path, "ties")
    assert ties.schema.field("agree").type == pa.int64()
    got = {
        (r["actor_a"], r["actor_b"]): (r["agree"], r["disagree"], r["weight"])
        for r in ties.to_pylist()
    }
    assert got == {(a, b): (y, n, y - n) for a, b, y, n in alignment_counts(ds).pairs()}
    assert read_parquet(tmp_path, "stakeholders").column("id").to_pylist() == list(ds.stakeholders)
    targets = read_parquet(tmp_path, "targets").to_pylist()
    assert [(t["id"], t["instrument"]) for t in targets] == [(t, ds.root_of(t)) for t in ds.targets]


def test_parquet_ties_follow_as_of_and_target(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    ds = positions.load(TREATY)
    target = next(t for t in ds.targets.values() if t.part_of is None).id
    request = ExportRequest(str(tmp_path), "parquet", target=target, as_of="2024")
    write(parquet.outputs(ds, request))
    ties = read_parquet(tmp_path, "ties").to_pylist()
    expected = alignment_counts(ds, request.as_of, ds.scope(target)).pairs()
    assert [(r["actor_a"], r["actor_b"], r["agree"], r["disagree"]) for r in ties] == list(expected)
    scope = set(ds.scope(target))
    assert set(read_parquet(tmp_path, "stances").column("target").to_pylist()) <= scope


def test_parquet_without_pyarrow_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ExportError) as raised:
        parquet.outputs(positions.load(TREATY), ExportRequest(str(tmp_path), "parquet"))
    assert raised.value.hint == "pip install 'positions[parquet]'"


@pytest.mark.parametrize("module", [neo4j, parquet])
def test_bulk_files_from_the_cache_are_those_of_the_files_and_build_no_statement(
    module: Any, tmp_path: Path
) -> None:
    """From the cache the statement tables come from the columns kept beside the entry:
    the same bytes as the files' dataset gives, and no statement is built for them."""
    if module is parquet:
        pytest.importorskip("pyarrow")
    from tests.test_flips_columns import cache_attempts

    for attempt, cached, plain in cache_attempts(tmp_path):
        request = ExportRequest(str(tmp_path / "out"), include_collective=True)
        found = {Path(f.path).name: f.data for f in module.outputs(cached, request)}
        if attempt == 2:  # the columns read back: no statement built to answer
            assert vars(cached)["_by_id"] is None
        expected = {Path(f.path).name: f.data for f in module.outputs(plain, request)}
        assert found == expected
