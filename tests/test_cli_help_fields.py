"""`positions add --help` describes each field in the words the models give it (written once,
on the model, and read by the JSON Schema, docs/fields.md and the help)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from positions.cli import app
from positions.model import Record, Source, Stakeholder, Statement, Target, describe

CASES: list[tuple[str, type[Record], str]] = [
    ("stakeholder", Stakeholder, "name"),
    ("stakeholder", Stakeholder, "kind"),
    ("stakeholder", Stakeholder, "country"),
    ("target", Target, "label"),
    ("source", Source, "publisher"),
    ("source", Source, "published"),
    ("statement", Statement, "actor"),
    ("statement", Statement, "speaker"),
    ("statement", Statement, "quote"),
    ("statement", Statement, "date"),
]


@pytest.mark.parametrize(("kind", "model", "field"), CASES)
def test_add_help_reads_the_model_description(kind: str, model: type[Record], field: str) -> None:
    result = CliRunner().invoke(app, ["add", kind, "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert " ".join(describe(model, field).split()) in " ".join(result.output.split())
