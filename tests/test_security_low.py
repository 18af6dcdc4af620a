"""The low red-team findings of issue 15: unbounded or non-regular archives, impossible
dates, digits of other scripts, look-alike names, a closed or full stdout, and raw C1
controls in ``check --format json``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from positions.cli import app
from positions.data.loader import check
from tests.conftest import MINIMAL, WriteDataset

runner = CliRunner()
POSITIONS = [sys.executable, "-m", "positions.cli"]


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def run_process(*args: str, stdout: Any, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*POSITIONS, *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.parametrize("archive", ["/dev/zero", "fifo"])
def test_an_archive_that_is_not_a_regular_file_is_refused_unread(
    write_dataset: WriteDataset, tmp_path: Path, archive: str
) -> None:
    root = write_dataset()
    if archive == "fifo":
        archive = str(tmp_path / "fifo")
        os.mkfifo(archive)  # opened without blocking: the test would hang otherwise
    kind = "a character device" if archive == "/dev/zero" else "a pipe"
    result = run(
        "add", "source", "--id", "z", "--title", "Z", "--archive", archive, "-d", str(root)
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot read --archive: {archive} is not a regular file (it is {kind})\n"
    )
    assert not (root / "sources" / "z.txt").exists()


def test_an_archive_over_the_limit_is_refused(
    write_dataset: WriteDataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from positions.data import rules

    root = write_dataset()
    big = tmp_path / "big.txt"
    big.write_text("x" * 101)
    monkeypatch.setattr(rules, "MAX_ARCHIVE_BYTES", 100)
    monkeypatch.setattr(
        rules.read_regular_bytes, "__kwdefaults__", {"follow_links": True, "limit": 100}
    )
    result = run(
        "add", "source", "--id", "z", "--title", "Z", "--archive", str(big), "-d", str(root)
    )
    assert result.exit_code == 2
    assert f"{big} is over the limit of 100 bytes" in result.stderr


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--date", "2024-02-30", "'2024-02-30' is not a calendar date: February 2024 has 29 days"),
        ("--date", "2023-02-29", "'2023-02-29' is not a calendar date: February 2023 has 28 days"),
        ("--date", "2024-04-31", "'2024-04-31' is not a calendar date: April 2024 has 30 days"),
        ("--date", "2024-13-01", "'2024-13-01' is not a calendar date: month 13 does not exist"),
    ],
)
def test_add_refuses_an_impossible_date_at_its_field(
    write_dataset: WriteDataset, option: str, value: str, message: str
) -> None:
    root = write_dataset()
    before = (root / "statements.yaml").read_bytes()
    result = run(
        "add", "statement", "--id", "x", "--actor", "hrw", "--source", "article",
        "--paraphrase", "too broad", "--stance", "uncc=oppose", option, value, "-d", str(root),
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"in the new statement, field date: [bad-date] statement 'x': {message}"
    )
    assert "Traceback" not in result.stderr and "bug" not in result.stderr
    assert (root / "statements.yaml").read_bytes() == before


@pytest.mark.parametrize("as_of", ["2024-02-30", "２０２４", "٢٠٢٤-07"])
def test_a_query_refuses_an_impossible_or_foreign_digit_date(
    write_dataset: WriteDataset, as_of: str
) -> None:
    root = write_dataset()
    result = run("who", "opposes", "uncc", "--as-of", as_of, "-d", str(root))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: '{as_of}' is not a")


def test_names_in_one_script_are_not_look_alikes(write_dataset: WriteDataset) -> None:
    stakeholders = MINIMAL["stakeholders.yaml"].replace(
        "aliases: [HRW]",
        "aliases: [HRW, Ελληνικό Κοινοβούλιο, Государственная Дума, می\u200cخواهم]",
    )
    root = write_dataset(stakeholders_yaml=stakeholders)
    assert check(root) == []


@pytest.mark.parametrize(
    ("name", "flagged"),
    [
        ("Humаn Rights Watch", "mixes Latin and Cyrillic letters in one word ('Humаn'"),
        ("Οxfam", "mixes Latin and Greek letters in one word ('Οxfam'"),
        ("Human\u200bRights Watch", "holds the invisible character U+200B ZERO WIDTH SPACE"),
        ("Hu\u00adman Rights Watch", "holds the invisible character U+00AD SOFT HYPHEN"),
        ("Human\u200d Rights Watch", "holds the invisible character U+200D ZERO WIDTH JOINER"),
    ],
)
def test_look_alike_names_are_flagged_at_their_place(
    write_dataset: WriteDataset, name: str, flagged: str
) -> None:
    stakeholders = MINIMAL["stakeholders.yaml"].replace(
        "name: Human Rights Watch", f"name: {json.dumps(name)}"
    )
    root = write_dataset(stakeholders_yaml=stakeholders)
    problems = check(root)
    assert [(p.code, p.file, p.line, p.column) for p in problems] == [
        ("look-alike-name", str(root / "stakeholders.yaml"), 3, 11)
    ]
    assert flagged in problems[0].message


def test_check_json_leaves_no_control_character_raw(write_dataset: WriteDataset) -> None:
    # the unknown target's name is quoted in the message: C1 CSI and a bidi override in it
    statements = MINIMAL["statements.yaml"].replace(
        "target: uncc", 'target: "uncc\\u009b2J\\u202e"'
    )
    root = write_dataset(statements_yaml=statements)
    result = run("check", str(root), "--format", "json")
    assert result.exit_code == 1
    assert not any(0x7F <= ord(c) <= 0x9F or 0x202A <= ord(c) <= 0x202E for c in result.stdout)
    listed = json.loads(result.stdout)  # the same data, escaped
    assert any("uncc\u009b2J\u202e" in problem["message"] for problem in listed)


def test_a_full_stdout_is_one_line_exit_2(write_dataset: WriteDataset) -> None:
    root = write_dataset()
    for args in (
        ("who", "opposes", "uncc", "-d", str(root)),
        ("check", str(root), "-f", "json"),
        ("export", "-f", "json", "-o", "-", "-d", str(root)),
    ):
        with open("/dev/full", "w") as full:
            result = run_process(*args, stdout=full)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr and "Exception" not in result.stderr
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1 and "No space left on device" in errors[0], result.stderr


def test_a_closed_stdout_is_a_quiet_exit(write_dataset: WriteDataset) -> None:
    root = write_dataset()
    codes: set[int] = set()
    for args in (
        ("who", "opposes", "uncc", "-d", str(root)),
        ("export", "-f", "json", "-o", "-", "-d", str(root)),
    ):
        read_end, write_end = os.pipe()
        os.close(read_end)  # `| head -0`: the reader is gone before anything is written
        with os.fdopen(write_end, "w") as closed:
            result = run_process(*args, stdout=closed)
        # the reader went away: a quiet exit, the same for a query and an export
        assert result.stderr == ""
        codes.add(result.returncode)
    assert len(codes) == 1, codes
