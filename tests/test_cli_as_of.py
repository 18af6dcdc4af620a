"""One ``--as-of`` parser for every command: the library's ``as_of_date``, one message."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from positions.cli import app

SECOND = Path(__file__).parent / "fixtures" / "second"


@pytest.mark.parametrize(
    "command",
    [
        ["who", "opposes", "tod"],
        ["contested"],
        ["html", "-o", "-"],
        ["map", "-o", "alliances.png"],
        ["matrix"],
        ["brief", "-o", "-", "--format", "md"],
        ["export", "--format", "json", "--graph", "alignment", "-o", "-"],
    ],
    ids=lambda command: command[0],
)
def test_a_bad_date_is_the_same_usage_error_in_every_command(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--as-of", "2024-13", "--data", str(SECOND)])
    assert result.exit_code == 2
    assert result.stderr == "Error: '2024-13' is not a calendar date: month 13 does not exist\n"
    assert result.stdout == ""
