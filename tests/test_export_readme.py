"""Every command of the README's exports section runs as written, on the bundled data."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from positions.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.mark.skipif(not (ROOT / "data" / "statements.yaml").exists(), reason="no bundled data/")
def test_readme_export_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Briefing material and graph exports", 1)[1].split("\n## ", 1)[0]
    block = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)[0]
    commands = [shlex.split(line, comments=True) for line in block.splitlines()]
    assert [c[1] for c in commands] == [
        "map",
        "matrix",
        "brief",
        "brief",
        "export",
        "export",
        "export",
    ]
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    for command in commands:
        result = runner.invoke(app, command[1:])
        assert result.exit_code == 0, (command, result.output)
    written = sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    assert written == ["alliances.png", "brief.html", "brief.md", "brief.png", "stances.gexf"]
    assert (tmp_path / "neo4j" / "import.sh").is_file()
    assert (tmp_path / "tables" / "stances.parquet").is_file()
