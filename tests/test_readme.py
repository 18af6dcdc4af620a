"""Every `positions ...` command shown in the README's shell blocks runs on the bundled data.

They run in order, in a temporary directory holding a copy of data/ (some add records) and
the seed article as article.txt (the curation examples read it).
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import positions
from positions.cli import app
from tests.conftest import SEED_ARTICLE

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
_BLOCK = re.compile(r"^```(?:sh|bash|shell|console)\n(.*?)^```", re.MULTILINE | re.DOTALL)

pytestmark = pytest.mark.skipif(not (ROOT / "data").is_dir(), reason="no bundled data yet")


def readme_commands() -> list[list[str]]:
    found = []
    for block in _BLOCK.findall(README.read_text(encoding="utf-8")):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip().removeprefix("$ ")
            if line.startswith("positions "):
                found.append(shlex.split(line, comments=True))
    return found


def test_the_readme_shows_the_query_commands() -> None:
    shown = {command[1] for command in readme_commands()}
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


def test_every_readme_command_exits_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns(".positions*"))
    if SEED_ARTICLE.exists():
        shutil.copyfile(SEED_ARTICLE, tmp_path / "article.txt")
    shutil.copytree(ROOT / "docs" / "examples", tmp_path / "docs" / "examples")  # import's
    monkeypatch.chdir(tmp_path)
    failed = []
    for command in readme_commands():
        result = CliRunner().invoke(app, command[1:])
        if result.exit_code != 0 or not (result.stdout or result.stderr):
            failed.append(f"{shlex.join(command)} -> {result.exit_code}\n{result.stderr}")
    assert failed == []


def test_the_readme_python_examples_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocks = re.findall(r"^```python\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S)
    assert blocks
    monkeypatch.chdir(ROOT)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"positions": positions})
    assert "Human Rights Watch" in capsys.readouterr().out
