"""Every command keeps the same promises at its edges (issue 8).

Exit 0 on success, 1 on a data problem, 2 on a usage problem; errors on stderr, results on
stdout; a traceback only with --debug. Every command is run in-process (typer's runner);
one real process per exit code checks that the console entry point keeps the promise too.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from positions.cli import app
from tests.conftest import WriteDataset

runner = CliRunner()

#: One invocation of every data command, with what it needs from the minimal dataset.
COMMANDS: dict[str, list[str]] = {
    "check": ["check", "{data}"],
    "who": ["who", "opposes", "uncc", "--data", "{data}"],
    "position": ["position", "hrw", "uncc", "--data", "{data}"],
    "stances": ["stances", "hrw", "--data", "{data}"],
    "history": ["history", "hrw", "uncc", "--data", "{data}"],
    "allies": ["allies", "hrw", "--data", "{data}"],
    "opponents": ["opponents", "hrw", "--data", "{data}"],
    "compare": ["compare", "hrw", "tirana-hassan", "--data", "{data}"],
    "coalitions": ["coalitions", "--data", "{data}"],
    "contested": ["contested", "--data", "{data}"],
    "html": ["html", "--data", "{data}", "-o", "{out}/map.html"],
    "map": ["map", "--data", "{data}", "-o", "{out}/map.svg"],
    "matrix": ["matrix", "--data", "{data}", "-o", "{out}/matrix.md"],
    "brief": ["brief", "--data", "{data}", "-o", "{out}/brief.md"],
    "export": ["export", "--format", "json", "--data", "{data}", "-o", "{out}/graph.json"],
    "extract": ["extract", "{data}/sources/article.txt", "--data", "{data}"],
}


def run(args: list[str]) -> Result:
    """The command run in-process; an exception escaping it would be a traceback."""
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def run_process(args: list[str], *extra: str) -> subprocess.CompletedProcess[str]:
    """The command run as ``python -m positions.cli``, as a shell runs it."""
    return subprocess.run(
        [sys.executable, "-m", "positions.cli", *extra, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def fill(args: list[str], data: Path, out: Path) -> list[str]:
    return [a.format(data=data, out=out) for a in args]


@pytest.fixture
def broken(write_dataset: WriteDataset) -> Path:
    return write_dataset(
        targets_yaml="targets:\n  - id: uncc\n    kind: treaty\n    name: The convention\n"
    )


@pytest.mark.parametrize("name", sorted(set(COMMANDS) - {"extract"}))
def test_a_data_problem_exits_1_with_located_errors_on_stderr(
    name: str, broken: Path, tmp_path: Path
) -> None:
    result = run(fill(COMMANDS[name], broken, tmp_path))
    assert result.exit_code == 1, result.stderr
    assert "targets.yaml:3:11: [bad-value]" in (result.stderr + result.stdout)


# extract drafts without a data directory too (it only matches fewer speakers)
@pytest.mark.parametrize("name", sorted(set(COMMANDS) - {"extract"}))
def test_a_missing_data_directory_is_a_usage_error(name: str, tmp_path: Path) -> None:
    result = run(fill(COMMANDS[name], tmp_path / "no-such-dir", tmp_path))
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert result.stderr.startswith("Error:") or "Error" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_an_unknown_option_is_a_usage_error(
    name: str, write_dataset: WriteDataset, tmp_path: Path
) -> None:
    data = write_dataset()
    result = run([*fill(COMMANDS[name], data, tmp_path), "--no-such-option"])
    assert result.exit_code == 2
    assert "No such option" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("case", "code"), [("valid", 0), ("broken", 1), ("missing", 2), ("bad-option", 2)]
)
def test_the_console_entry_point_keeps_each_exit_code(
    case: str, code: int, write_dataset: WriteDataset, tmp_path: Path
) -> None:
    if case == "broken":
        data = write_dataset(targets_yaml="targets:\n  - id: uncc\n    kind: treaty\n")
    elif case == "missing":
        data = tmp_path / "no-such-dir"
    else:
        data = write_dataset()
    extra = ["--no-such-option"] if case == "bad-option" else []
    result = run_process(["who", "opposes", "uncc", "--data", str(data), *extra])
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    if code == 0:
        assert "Human Rights Watch" in result.stdout and result.stderr == ""
    else:
        assert result.stdout == "" and "Error" in result.stderr


def test_debug_shows_a_traceback_and_nothing_else_does(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], write_dataset: WriteDataset
) -> None:
    import positions.cli.query as query_commands
    from positions.cli import main

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("an unexpected failure")

    monkeypatch.setattr(query_commands, "render_result", broken, raising=False)
    monkeypatch.setattr(query_commands, "open_dataset", broken)
    data = write_dataset()
    for extra, traceback_shown in (([], False), (["--debug"], True)):
        monkeypatch.setattr(sys, "argv", ["positions", *extra, "coalitions", "--data", str(data)])
        with pytest.raises(SystemExit) as stop:
            main()
        assert stop.value.code == 1
        stderr = capsys.readouterr().err
        assert ("Traceback" in stderr) is traceback_shown
        assert "an unexpected failure" in stderr


def test_every_command_is_mapped_to_the_module_that_registers_it() -> None:
    import typer.main

    from positions.cli import COMMAND_MODULES, app

    group = typer.main.get_command(app)
    assert set(group.commands) == set(COMMAND_MODULES)  # type: ignore[attr-defined]
    for name, module in COMMAND_MODULES.items():
        command = group.commands[name]  # type: ignore[attr-defined]
        callback = command.callback or next(iter(command.commands.values())).callback
        assert callback.__module__ in (f"positions.cli.{module}", "typer.main"), name


def test_a_query_loads_neither_exporters_nor_yaml_nor_networkx_when_the_cache_is_warm(
    write_dataset: WriteDataset, tmp_path: Path
) -> None:
    data = write_dataset()
    probe = (
        "import sys; from positions.cli import main; sys.argv = ['positions', 'who', "
        f"'opposes', 'uncc', '--data', {str(data)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in ('yaml', 'positions.cli.export', 'positions.cli.html', "
        "'positions.curate.add', 'matplotlib', 'jinja2', 'pyvis', 'networkx', 'numpy') "
        "if m in sys.modules]\n"
        "print('LOADED', loaded, file=sys.stderr)"
    )
    env = {**__import__("os").environ, "POSITIONS_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # the first run fills the cache, the second answers from it
        result = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
        )
    assert "LOADED []" in result.stderr, result.stderr


@pytest.mark.parametrize("question", [["coalitions"], ["timeline"]])
def test_the_camps_questions_do_not_load_the_plotting_stack(question: list[str]) -> None:
    # igraph imports matplotlib.pyplot when it can; a query has no use for it
    data = Path(__file__).resolve().parents[1] / "data"  # camps to find: igraph runs
    probe = (
        "import sys; from positions.cli import main; "
        f"sys.argv = ['positions', *{question!r}, '--data', {str(data)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in ('matplotlib', 'pyvis') if m in sys.modules]\n"
        "print('LOADED', loaded, 'igraph' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert "LOADED [] True" in result.stderr, result.stderr
