"""`positions schema`: the JSON Schema that editors use validates the data files."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from positions.cli import app
from positions.data.schema import MODELINE, fields_markdown, json_schema
from positions.data.yamlread import parse_located
from positions.model import RECORD_FILES
from tests.conftest import MINIMAL, ROOT, WriteDataset

runner = CliRunner()
COMMITTED = ROOT / "positions.schema.json"
FIELDS_DOC = ROOT / "docs" / "fields.md"


@functools.cache
def _validator() -> Draft202012Validator:
    schema = json_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _read(path: Path) -> Any:
    located = parse_located(path.read_text(encoding="utf-8"), str(path))
    assert located.problems == []
    return located.value


def _errors(value: Any) -> list[str]:
    return sorted(error.message for error in _validator().iter_errors(value))


def test_committed_schema_is_current(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    result = runner.invoke(app, ["schema", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text()) == json_schema()
    assert COMMITTED.read_text() == out.read_text(), (
        "run: positions schema -o positions.schema.json"
    )
    assert json.loads(runner.invoke(app, ["schema"]).stdout)["$schema"].endswith("2020-12/schema")


def test_schema_accepts_a_valid_dataset(write_dataset: WriteDataset) -> None:
    root = write_dataset()
    for name in RECORD_FILES:
        assert _errors(_read(root / name)) == [], name
    assert _errors({"statements": None}) == []


DATA = ROOT / "data"


@pytest.mark.skipif(not DATA.is_dir(), reason="the bundled data has not landed yet")
def test_schema_accepts_the_bundled_data() -> None:
    for name in RECORD_FILES:
        path = DATA / name
        assert path.read_text(encoding="utf-8").startswith(MODELINE + "\n"), name
        assert _errors(_read(path)) == [], name


def test_schema_rejects_broken_records() -> None:
    statement = {
        "id": "s",
        "actor": "hrw",
        "source": "article",
        "quote": "q",
        "stances": [{"target": "uncc", "stance": "oppose"}],
    }
    assert _errors({"statements": [statement]}) == []
    assert _errors({"statements": [{**statement, "qoute": "typo"}]}) == [
        "Additional properties are not allowed ('qoute' was unexpected)"
    ]
    bad_stance = {**statement, "stances": [{"target": "uncc", "stance": "against"}]}
    assert _errors({"statements": [bad_stance]}) == [
        "'against' is not one of ['support', 'oppose', 'mixed', 'neutral']"
    ]
    both = {**statement, "paraphrase": "p"}
    assert len(_errors({"statements": [both]})) == 1
    assert _errors({"stakeholders": [{"id": "Bad Id", "name": "X", "kind": "ngo"}]}) == [
        "'Bad Id' does not match '^[a-z0-9][a-z0-9-]*$'"
    ]
    assert _errors({"targets": [{"id": "t", "kind": "issue"}]}) != []  # neither name nor label
    assert _errors({"statements": [], "targets": []}) != []  # one list per file
    assert _errors({"statement": []}) != []


def test_minimal_fixture_keys_match_the_schema() -> None:
    properties = json_schema()["properties"]
    assert sorted(properties) == sorted(top for top, _ in RECORD_FILES.values())
    assert "sources/article.txt" in MINIMAL  # the archive is not a data file


def test_every_field_is_described_for_editors() -> None:
    definitions = json_schema()["$defs"]
    undescribed = [
        f"{name}.{field}"
        for name, definition in definitions.items()
        for field, spec in definition.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert undescribed == []
    assert definitions["Statement"]["properties"]["quote"]["description"].startswith("The words")


def test_the_schema_and_the_docs_read_each_description_from_its_model() -> None:
    from positions.model import Statement, describe

    quote = describe(Statement, "quote")
    assert json_schema()["$defs"]["Statement"]["properties"]["quote"]["description"] == quote
    assert f"| `quote` | no | {quote} |" in fields_markdown().splitlines()
    assert "| `kind` | yes | What kind of actor it is. One of `state`, " in fields_markdown()


def test_the_fields_doc_is_current() -> None:
    assert FIELDS_DOC.read_text(encoding="utf-8") == fields_markdown(), (
        "run: .venv/bin/python scripts/fields_doc.py"
    )
