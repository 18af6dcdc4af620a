"""Atomic writes replace only regular files, write through links and keep hard links."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from positions.cli import app
from positions.data.atomic import NotARegularFile, atomic_create, atomic_write
from tests.conftest import WriteDataset


def test_a_new_file_and_a_regular_file_are_written(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    atomic_write(path, b"one")
    path.chmod(0o640)
    atomic_write(path, [b"tw", b"o"])
    assert path.read_bytes() == b"two"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left


def test_a_fifo_is_refused_and_left_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(NotARegularFile, match="it is a FIFO, not a regular file"):
        atomic_write(fifo, b"data")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "stdout-like"
    link.symlink_to("/dev/null")
    with pytest.raises(NotARegularFile, match="character device"):
        atomic_write(link, b"data")
    assert link.is_symlink()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotARegularFile, match="a directory"):
        atomic_write(tmp_path, b"data")


def test_a_link_is_written_through_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_bytes(b"old")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


def test_a_hard_linked_file_is_updated_under_every_name(tmp_path: Path) -> None:
    first = tmp_path / "first.yaml"
    first.write_bytes(b"a longer old text")
    second = tmp_path / "second.yaml"
    os.link(first, second)
    atomic_write(first, b"new")
    assert second.read_bytes() == b"new"
    assert os.stat(first).st_ino == os.stat(second).st_ino


def test_an_export_to_dev_null_is_refused_with_exit_2(write_dataset: WriteDataset) -> None:
    root = write_dataset()
    result = CliRunner().invoke(
        app, ["export", "--data", str(root), "--format", "json", "-o", "/dev/null"]
    )
    assert result.exit_code == 2, result.output
    assert "refusing to replace /dev/null: it is a character device" in result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_create_writes_a_new_file_and_never_replaces_one_made_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = tmp_path / "fresh.yaml"
    assert atomic_create(fresh, b"new\n") is True
    assert fresh.read_bytes() == b"new\n"

    # another program saves the file after the bytes are written, before they land
    raced = tmp_path / "raced.yaml"
    real_fsync = os.fsync

    def curator_saves_meanwhile(descriptor: int) -> None:
        real_fsync(descriptor)
        if not raced.exists():
            raced.write_bytes(b"the curator's text\n")

    monkeypatch.setattr(os, "fsync", curator_saves_meanwhile)
    assert atomic_create(raced, b"template\n") is False
    assert raced.read_bytes() == b"the curator's text\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.yaml", "raced.yaml"]


def test_create_keeps_a_dangling_link_and_writes_nothing_where_it_points(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    link = tmp_path / "data.yaml"
    link.symlink_to(outside)
    assert atomic_create(link, b"template\n") is False
    assert link.is_symlink() and not outside.exists()
