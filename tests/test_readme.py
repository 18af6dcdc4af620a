"""Every `positions ...` command shown in the README's shell blocks runs on the bundled data."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from positions.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
_BLOCK = re.compile(r"^```(?:sh|bash|shell|console)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def readme_commands() -> list[str]:
    found = []
    for block in _BLOCK.findall(README.read_text(encoding="utf-8")):
        for line in block.splitlines():
            line = line.strip().removeprefix("$ ")
            if line.startswith("positions "):
                found.append(line)
    return found


def test_the_readme_shows_the_query_commands() -> None:
    shown = {shlex.split(c, comments=True)[1] for c in readme_commands()}
    assert {
        "who",
        "position",
        "stances",
        "history",
        "allies",
        "opponents",
        "compare",
        "coalitions",
        "contested",
    } <= shown


@pytest.mark.parametrize("command", readme_commands())
def test_a_readme_command_exits_0(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # run where ./data is the bundled data, so files a command writes land in tmp_path
    (tmp_path / "data").symlink_to(ROOT / "data", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    args = shlex.split(command, comments=True)[1:]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    assert result.stdout or result.stderr


def test_the_readme_python_examples_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocks = re.findall(r"^```python\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S)
    assert blocks
    monkeypatch.chdir(ROOT)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    assert "Human Rights Watch" in capsys.readouterr().out
