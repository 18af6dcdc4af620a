"""`positions check` through the command line: exit codes and the problem format."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from positions.cli import app
from tests.conftest import WriteDataset

runner = CliRunner()


def test_valid_dataset_exits_zero(write_dataset: WriteDataset) -> None:
    root = write_dataset()
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_unknown_target_is_reported_with_place_and_hint(write_dataset: WriteDataset) -> None:
    root = write_dataset(
        statements_yaml="""\
        statements:
          - id: hrw-scope
            actor: hrw
            source: article
            paraphrase: too broad
            stances:
              - target: uncc-art-3
                stance: oppose
        """
    )
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{root}/statements.yaml:7:17: [unknown-target] statement 'hrw-scope': target "
        "'uncc-art-3' is not defined (did you mean 'uncc-art-35'?)"
    ]


def test_json_format_lists_problems(write_dataset: WriteDataset) -> None:
    root = write_dataset(targets_yaml="targets:\n  - id: uncc\n    kind: treaty\n    name: X\n")
    result = runner.invoke(app, ["check", str(root), "--format", "json"])
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert [(p["code"], p["line"], p["column"]) for p in problems] == [("bad-value", 3, 11)]
    assert problems[0]["file"] == f"{root}/targets.yaml"


def test_missing_directory_is_a_usage_error(tmp_path: object) -> None:
    result = runner.invoke(app, ["check", "/nonexistent/data"])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
