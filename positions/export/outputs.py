"""What every exporter returns and how it reaches the disk: output files, atomic writes.

Each exporter module renders to ``OutputFile`` objects (a path and its bytes) and never
touches the disk itself; ``write_outputs`` writes them atomically, or streams a text
output to a binary stream when the path is ``-`` (stdout, chosen by the CLI).

Every exporter has one entry point of the ``Exporter`` shape, ``outputs(ds, request)``:
the dataset and an ``ExportRequest`` (where to write, which format, which target, as of
when) in, the files to write out.

>>> from positions.export.outputs import OutputFile, write_outputs
>>> import io
>>> stream = io.BytesIO()
>>> write_outputs([OutputFile("-", b"a,b\\n", "nodes table")], stream)
['wrote the nodes table to stdout (4 bytes)']
>>> stream.getvalue()
b'a,b\\n'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

from positions.data.atomic import atomic_write
from positions.errors import ExportError

if TYPE_CHECKING:
    from positions.data.dataset import Dataset
    from positions.model import PartialDate

__all__ = [
    "STDOUT",
    "ExportError",
    "ExportRequest",
    "Exporter",
    "NothingToShow",
    "OutputFile",
    "check_directory",
    "write_outputs",
]

#: The path that means "standard output".
STDOUT = "-"


class NothingToShow(ExportError):
    """The data holds nothing the export could show (no two actors share a target)."""


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file an exporter produces: where it goes (``-`` for stdout) and its bytes."""

    path: str
    data: bytes
    #: what the file holds, for the "wrote ..." line ("alliance map", "nodes table")
    what: str

    @property
    def to_stdout(self) -> bool:
        """Whether the file goes to standard output (its path is ``-``)."""
        return self.path == STDOUT


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What an export is asked for: where, in which format, about what, as of when.

    ``path`` is a file or ``-`` (stdout); ``format`` one of the exporter's formats
    (``png``, ``md``, ``graphml``, ...; None: the exporter's default, or the one the
    path's suffix names); ``target`` an id (None: everything; ``scope.resolve_target``
    turns a name into one); ``graph`` which graph a graph format writes (``stances`` or
    ``alignment``).
    """

    path: str = STDOUT
    format: str | None = None
    target: str | None = None
    as_of: PartialDate | None = None
    graph: str = "stances"
    #: the interactive map's and the matrix page's title (None: the default one)
    title: str | None = None
    #: the interactive map: the view it opens on, and the ``top`` actors it keeps
    view: str = "stances"
    top: int | None = None
    #: CSV cells exactly as the data has them (default: formula-like text starts with ')
    raw: bool = False
    #: the briefing: the long form (every actor, camp member and quote) instead of two pages
    full: bool = False


class Exporter(Protocol):
    """The one interface of an exporter module: ``outputs(ds, request)``."""

    def __call__(self, ds: Dataset, request: ExportRequest) -> list[OutputFile]: ...


def write_outputs(outputs: Iterable[OutputFile], stdout: BinaryIO | None = None) -> list[str]:
    """Write every output (atomically, or to ``stdout`` for ``-``); return one line each.

    The lines say what was written where, e.g. ``wrote the nodes table to x-nodes.csv``.
    """
    said = []
    for output in outputs:
        if output.to_stdout:
            if stdout is None:
                raise ExportError(f"the {output.what} needs a file: pass -o FILE")
            stdout.write(output.data)
            stdout.flush()
            said.append(f"wrote the {output.what} to stdout ({len(output.data):,} bytes)")
        else:
            atomic_write(output.path, output.data)
            said.append(f"wrote the {output.what} to {output.path} ({len(output.data):,} bytes)")
    return said


def check_directory(path: str) -> None:
    """Raise ExportError when the directory a file should go to does not exist."""
    if path == STDOUT:
        return
    parent = Path(path).parent
    if not parent.is_dir():
        raise ExportError(f"cannot write {path}: the directory {parent} does not exist")
