"""Writing files so that readers see the old file or the whole new one, never half of it.

Only a regular file or a new path is ever written: a device, a FIFO, a directory or a
socket at the path (or at the end of a link there) is refused with ``NotARegularFile``.
A link is written through (the file it points to is replaced and the link kept), and a
file with several hard links is updated in place, so every name of it sees the change.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from positions.errors import ExportError


class NotARegularFile(ExportError, OSError):
    """The path names something that is not a regular file (``/dev/null``, a FIFO, ...).

    An ``ExportError`` (the CLI's kind for a file it cannot write) and still an ``OSError``
    for the callers that catch those."""


_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def writable_target(path: str | os.PathLike[str]) -> Path:
    """Where a write to ``path`` lands: the path, or the end of the link it is.

    Raises ``NotARegularFile`` when something other than a regular file is there.
    """
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise NotARegularFile(
                f"refusing to replace {os.fspath(path)}: it is {kind}, not a regular file"
            )
    return target


def atomic_write(
    path: str | os.PathLike[str],
    data: bytes | Iterable[bytes],
    *,
    mode: int | None = None,
    durable: bool = True,
) -> int:
    """Replace ``path`` with ``data`` all at once: temporary file, fsync, rename; return
    the number of bytes written.

    ``data`` is bytes or chunks of bytes, each written as it comes (a generator's chunks
    are never all in memory). The file keeps the mode of the one it replaces
    (0o644 for a new file) unless ``mode`` is given. On any failure the temporary file is
    removed and the original file is left intact (a generator failing midway too).
    ``durable=False`` leaves out the two
    fsyncs (file and directory): still all at once for a reader, but the caller makes it
    durable (one ``os.sync()`` after thousands of files, as the static site does).
    """
    target = writable_target(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    if info is not None and info.st_nlink > 1:
        return _write_in_place(target, data)
    if mode is None:
        mode = stat.S_IMODE(info.st_mode) if info is not None else 0o644
    descriptor, temporary = tempfile.mkstemp(
        dir=directory, prefix=f".{target.name}.", suffix=".tmp"
    )
    size = 0
    try:
        with os.fdopen(descriptor, "wb") as handle:
            for chunk in [data] if isinstance(data, bytes) else data:
                handle.write(chunk)
                size += len(chunk)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    if durable:
        _fsync_directory(directory)
    return size


def atomic_create(path: str | os.PathLike[str], data: bytes) -> bool:
    """Write ``data`` to ``path`` only if nothing is there yet; return whether it was written.

    The bytes go to a temporary file first, which is then hard-linked to ``path``: the link
    fails when ``path`` exists, so a file another program creates meanwhile is never replaced,
    and a reader never sees a half-written file.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    descriptor, temporary = tempfile.mkstemp(
        dir=directory, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        try:
            os.link(temporary, target, follow_symlinks=False)
        except FileExistsError:
            return False
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    _fsync_directory(directory)
    return True


def _write_in_place(target: Path, data: bytes | Iterable[bytes]) -> int:
    """Rewrite a hard-linked file's bytes (a rename would cut it from its other names);
    every chunk is made first, so a failure while making them leaves the file as it was."""
    chunks = [data] if isinstance(data, bytes) else list(data)
    with open(target, "r+b") as handle:
        for chunk in chunks:
            handle.write(chunk)
        handle.truncate()
        handle.flush()
        os.fsync(handle.fileno())
    return sum(map(len, chunks))


def _fsync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a directory
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
