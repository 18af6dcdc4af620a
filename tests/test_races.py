"""Nothing lost in a race: a file saved by another program while a writer validates is read
again (or the writer aborts naming it), links are written through, and the lock waits with
a message, gives up after --lock-timeout and is never taken through a planted link."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from filelock import FileLock
from typer.testing import CliRunner

from positions.cli import app
from positions.curate import add as add_module
from positions.curate.add import lock_path
from tests.conftest import WriteDataset

runner = CliRunner()

ADD_TARGET = ["add", "target", "--id", "wto", "--kind", "process", "--name", "WTO talks"]
#: What a curator saves in an editor while ``add`` validates: one more valid target.
EDITOR_RECORD = "  - id: edited-in\n    kind: issue\n    name: Saved in an editor\n"


@pytest.fixture(autouse=True)
def _private_temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lock file lives in the temporary directory: each test gets its own."""
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def ids_in(path: Path, key: str) -> list[str]:
    return [record["id"] for record in yaml.safe_load(path.read_text(encoding="utf-8"))[key]]


def save_during_validation(
    monkeypatch: pytest.MonkeyPatch, path: Path, times: int | None
) -> list[int]:
    """Make another program append a record to ``path`` while the dataset is validated:
    the first ``times`` validations (every one when None). Returns the call counter."""
    real = add_module.problems_with
    calls = [0]

    def validate_while_editor_saves(root: Path, replaced: Any) -> Any:
        calls[0] += 1
        if times is None or calls[0] <= times:
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(EDITOR_RECORD.replace("edited-in", f"edited-in-{calls[0]}"))
        return real(root, replaced)

    monkeypatch.setattr(add_module, "problems_with", validate_while_editor_saves)
    return calls


def test_add_reads_again_a_file_saved_while_it_validated(
    write_dataset: WriteDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_dataset()
    targets = root / "targets.yaml"
    calls = save_during_validation(monkeypatch, targets, times=1)
    result = run(*ADD_TARGET, "--data", str(root))
    assert result.exit_code == 0, result.stderr
    assert calls[0] == 2  # validated again, with the editor's record
    # the editor's record is kept, and the new one is appended after it
    assert ids_in(targets, "targets") == ["uncc", "uncc-art-35", "edited-in-1", "wto"]


def test_add_aborts_naming_the_file_when_it_keeps_changing(
    write_dataset: WriteDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_dataset()
    targets = root / "targets.yaml"
    save_during_validation(monkeypatch, targets, times=None)
    result = run(*ADD_TARGET, "--data", str(root))
    assert result.exit_code == 1
    assert f"{targets} changed 3 times while positions was validating it" in result.stderr
    assert "nothing was written" in result.stderr
    # every save of the other program is there; the new record is not
    assert ids_in(targets, "targets") == [
        "uncc",
        "uncc-art-35",
        "edited-in-1",
        "edited-in-2",
        "edited-in-3",
    ]


def test_a_change_right_before_the_replace_is_detected(
    write_dataset: WriteDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_dataset()
    targets = root / "targets.yaml"
    real = add_module.require_unchanged
    checks = [0]

    def editor_saves_after_the_first_check(root_: Path, read: Any) -> None:
        checks[0] += 1
        if checks[0] == 2:  # write_staged's first check passed; the file changes now
            with open(targets, "a", encoding="utf-8") as handle:
                handle.write(EDITOR_RECORD)
        real(root_, read)

    monkeypatch.setattr(add_module, "require_unchanged", editor_saves_after_the_first_check)
    result = run(*ADD_TARGET, "--data", str(root))
    assert result.exit_code == 0, result.stderr
    assert ids_in(targets, "targets") == ["uncc", "uncc-art-35", "edited-in", "wto"]


def test_promote_reads_again_drafts_saved_while_it_validated(
    write_dataset: WriteDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_dataset()
    drafts = root / "drafts.yaml"
    drafts.write_text(
        "statements:\n  - id: d1\n    actor: hrw\n    source: article\n"
        '    paraphrase: "against the draft"\n'
        "    stances:\n      - target: uncc\n        stance: oppose\n",
        encoding="utf-8",
    )
    real = add_module.problems_with
    calls = [0]

    def validate_while_editor_saves(root_: Path, replaced: Any) -> Any:
        calls[0] += 1
        if calls[0] == 1:
            with open(drafts, "a", encoding="utf-8") as handle:
                handle.write("  - id: d2\n    actor: TODO\n")
        return real(root_, replaced)

    monkeypatch.setattr(add_module, "problems_with", validate_while_editor_saves)
    result = run("promote", "d1", "--data", str(root))
    assert result.exit_code == 0, result.stderr
    assert calls[0] == 2
    assert ids_in(drafts, "statements") == ["d2"]  # the draft saved meanwhile is kept
    assert ids_in(root / "statements.yaml", "statements") == ["hrw-surveillance", "d1"]


def test_add_writes_through_a_symlinked_data_file(write_dataset: WriteDataset) -> None:
    root = write_dataset()
    (root / "parts").mkdir()
    real = root / "parts" / "targets.yaml"
    os.replace(root / "targets.yaml", real)
    (root / "targets.yaml").symlink_to(Path("parts") / "targets.yaml")
    result = run(*ADD_TARGET, "--data", str(root))
    assert result.exit_code == 0, result.stderr
    assert (root / "targets.yaml").is_symlink()  # the link stays a link
    assert ids_in(real, "targets") == ["uncc", "uncc-art-35", "wto"]


def test_add_updates_every_name_of_a_hard_linked_data_file(write_dataset: WriteDataset) -> None:
    root = write_dataset()
    other_name = root.parent / "targets-backup.yaml"
    os.link(root / "targets.yaml", other_name)
    inode = (root / "targets.yaml").stat().st_ino
    result = run(*ADD_TARGET, "--data", str(root))
    assert result.exit_code == 0, result.stderr
    assert (root / "targets.yaml").stat().st_ino == inode
    assert other_name.read_bytes() == (root / "targets.yaml").read_bytes()
    assert ids_in(other_name, "targets") == ["uncc", "uncc-art-35", "wto"]


def test_a_held_lock_is_waited_for_with_a_message_then_a_timeout(
    write_dataset: WriteDataset,
) -> None:
    root = write_dataset()
    before = (root / "targets.yaml").read_bytes()
    with FileLock(lock_path(root)):  # another positions command is writing
        result = run(*ADD_TARGET, "--data", str(root), "--lock-timeout", "0.1")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"Waiting for another positions command writing {root} "
        "(positions add gives up after 0.1 s: --lock-timeout)..."
    )
    assert lines[1].startswith(
        f"Error: another positions command has held the lock on {root} for 0.1 s"
    )
    assert (root / "targets.yaml").read_bytes() == before
    # once the other writer is done, the same command goes through without waiting
    result = run(*ADD_TARGET, "--data", str(root), "--lock-timeout", "0.1")
    assert result.exit_code == 0 and "Waiting" not in result.stderr


@pytest.mark.parametrize("command", ["promote", "import", "extract"])
def test_every_writer_has_the_lock_timeout(write_dataset: WriteDataset, command: str) -> None:
    root = write_dataset()
    (root / "drafts.yaml").write_text("statements:\n  - id: d1\n    actor: hrw\n")
    sheet = root.parent / "sheet.csv"
    sheet.write_text("actor,source,paraphrase,target,stance\nhrw,article,against,uncc,oppose\n")
    article = root.parent / "article.txt"
    article.write_text('"We oppose it," said Tirana Hassan of Human Rights Watch.\n')
    arguments = {
        "promote": ["promote", "d1"],
        "import": ["import", str(sheet)],
        "extract": ["extract", str(article), "--append"],
    }[command]
    with FileLock(lock_path(root)):
        result = run(*arguments, "--data", str(root), "--lock-timeout", "0")
    assert result.exit_code == 2, result.stderr
    assert f"(positions {command} gives up after 0 s: --lock-timeout)" in result.stderr
    assert "held the lock" in result.stderr


def test_a_link_at_the_lock_path_is_refused_and_not_followed(
    write_dataset: WriteDataset, tmp_path: Path
) -> None:
    root = write_dataset()
    outside = tmp_path / "elsewhere" / "created-by-the-lock"
    outside.parent.mkdir()
    lock = lock_path(root)
    lock.symlink_to(outside)  # dangling: following it would create a file outside
    result = run(*ADD_TARGET, "--data", str(root))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: refusing to lock through {lock}: it is a symbolic")
    assert not outside.exists()
    assert "wto" not in ids_in(root / "targets.yaml", "targets")


def test_a_non_regular_file_at_the_lock_path_is_refused(write_dataset: WriteDataset) -> None:
    root = write_dataset()
    lock = lock_path(root)
    os.mkfifo(lock)
    result = run(*ADD_TARGET, "--data", str(root))
    assert result.exit_code == 2
    assert f"refusing to lock with {lock}: it is not a regular file" in result.stderr
