"""`positions check` through the command line: exit codes and the problem format."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from positions.cli import app
from positions.data.loader import check
from tests.catalogue import CASES, EXPECTED, Case, render
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


# every case is checked line for line through the library (test_load_catalogue.py); the CLI
# prints the same lines: checked on one case of each family
@pytest.mark.parametrize(
    "name", ["file-encoding", "yaml-tag", "bad-type-record", "unknown-target", "control-character"]
)
def test_a_broken_dataset_exits_one_with_its_problems(name: str, tmp_path: Path) -> None:
    root = CASES[name].write(tmp_path / "data")
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 1
    assert [render(line, root) for line in result.stdout.splitlines()] == EXPECTED[name]
    count = len(EXPECTED[name])
    assert result.stderr == f"{count} problem{'s' if count != 1 else ''} in {root}\n"


@pytest.mark.parametrize("name", ["unknown-target", "yaml-tag", "file-encoding", "bad-date"])
def test_json_format_equals_the_library_problems(name: str, tmp_path: Path) -> None:
    root = CASES[name].write(tmp_path / "data")
    result = runner.invoke(app, ["check", str(root), "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [problem.to_dict() for problem in check(root)]


def test_json_format_of_valid_data_is_an_empty_list(write_dataset: WriteDataset) -> None:
    result = runner.invoke(app, ["check", str(write_dataset()), "-f", "json"])
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_one_problem_per_line_even_when_values_hold_line_breaks(tmp_path: Path) -> None:
    root = Case(
        {
            "stakeholders.yaml": "stakeholders:\n"
            '  - id: hrw\n    name: HRW\n    kind: "n\\ngo\\u001b[2J"\n'
            '  - id: tirana-hassan\n    name: Tirana Hassan\n    kind: person\n    "a\\nb": 1\n'
        }
    ).write(tmp_path / "data")
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 1
    assert [line.split(" [")[0] for line in result.stdout.splitlines()] == [
        f"{root}/stakeholders.yaml:4:11:",
        f"{root}/stakeholders.yaml:8:5:",
    ]
    assert "kind 'n\\ngo\\u001b[2J' is not allowed" in result.stdout
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize("name", ["statements.yaml", "targets.yaml"])
def test_binary_garbage_is_a_data_problem_without_traceback(name: str, tmp_path: Path) -> None:
    root = Case({name: bytes(range(256)) * 4 + b"\x89PNG\r\n\x1a\n"}).write(tmp_path / "data")
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stdout == (
        f"{root}/{name}:1:1: [file-encoding] the file holds a NUL byte: it is binary, or "
        "UTF-16/UTF-32 text (save the file as UTF-8 text)\n"
    )


def test_console_script_never_shows_a_traceback_for_bad_data(tmp_path: Path) -> None:
    root = Case({"sources.yaml": b"\xff\xfe\x00garbage", "targets.yaml": "targets: [\n"}).write(
        tmp_path / "data"
    )
    positions = Path(sys.executable).parent / "positions"
    result = subprocess.run(
        [str(positions), "check", str(root)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert [line.split(": [")[1].split("]")[0] for line in result.stdout.splitlines()] == [
        "file-encoding",
        "yaml-syntax",
    ]


def test_a_file_instead_of_a_directory_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text("stakeholders: []\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path} is not a directory\n")


def test_unknown_format_is_a_usage_error(write_dataset: WriteDataset) -> None:
    result = runner.invoke(app, ["check", str(write_dataset()), "--format", "xml"])
    assert result.exit_code == 2
    assert result.stdout == ""


def test_valid_dataset_says_so_on_stderr(write_dataset: WriteDataset) -> None:
    root = write_dataset()
    result = runner.invoke(app, ["check", str(root)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"{root}: valid\n")
