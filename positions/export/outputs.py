"""What every exporter returns and how it reaches the disk: output files, atomic writes.

Each exporter module renders to ``OutputFile`` objects (a path and its bytes, or what makes
its bytes chunk by chunk) and never touches the disk itself; ``write_outputs`` writes them
atomically, or streams a text output to a binary stream when the path is ``-`` (stdout,
chosen by the CLI). A streamed file is written as its chunks are made: the whole document
is never in memory.

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
>>> OutputFile.streamed("-", lambda: iter([b"a,", b"b\\n"]), "nodes table").data
b'a,b\\n'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

from positions.data.atomic import atomic_write
from positions.errors import ExportError
from positions.model import PartialDate
from positions.questions.resolve import DateLike, as_of_date

if TYPE_CHECKING:
    from positions.data.dataset import Dataset

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
    """One file an exporter produces: where it goes (``-`` for stdout) and its bytes
    (``content``: the bytes, or a function whose every call makes them anew chunk by chunk;
    see ``streamed``)."""

    path: str
    content: bytes | Callable[[], Iterable[bytes]]
    #: what the file holds, for the "wrote ..." line ("alliance map", "nodes table")
    what: str

    @classmethod
    def streamed(cls, path: str, chunks: Callable[[], Iterable[bytes]], what: str) -> OutputFile:
        """A file whose bytes are the chunks ``chunks()`` makes, written as they are made."""
        return cls(path, chunks, what)

    @property
    def data(self) -> bytes:
        """The file's bytes (a streamed file's chunks joined)."""
        content = self.content
        return content if isinstance(content, bytes) else b"".join(content())

    def chunks(self) -> Iterable[bytes]:
        """The file's bytes in the chunks they are made in (all of them at once if not
        streamed)."""
        content = self.content
        return [content] if isinstance(content, bytes) else content()

    @property
    def to_stdout(self) -> bool:
        """Whether the file goes to standard output (its path is ``-``)."""
        return self.path == STDOUT


@dataclass(frozen=True, slots=True, init=False)
class ExportRequest:
    """What an export is asked for: where, in which format, about what, as of when.

    ``path`` is a file or ``-`` (stdout); ``format`` one of the exporter's formats
    (``png``, ``md``, ``graphml``, ...; None: the exporter's default, or the one the
    path's suffix names); ``target`` an id or a name (None: everything; ``resolved``
    turns a name into its id as the questions do); ``as_of`` what the questions take
    (``"2024"``, ``"2024-07"``, ``"2024-07-15"``, a ``datetime.date`` or None), kept as a
    ``PartialDate`` (``BadDate`` for anything else, when the request is made); ``graph``
    which graph a graph format writes (``stances`` or ``alignment``);
    ``include_collective`` counts collective actors in the alignment graph and its camps.

    >>> ExportRequest("-", "graphml", as_of="2024").as_of
    PartialDate('2024')
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
    #: count collective actors in alignment and camps (DESIGN.md v2: left out by default)
    include_collective: bool = False
    #: the briefing: the long form (every actor, camp member and quote) instead of two pages
    full: bool = False
    #: the matrix: at most this many target columns (None: all), and columns for the
    #: actors spoken about (statements on another actor), left out by default
    columns: int | None = None
    with_actors: bool = False
    #: the alignment graph's exports: each tie's evidence (one entry per shared target,
    #: ~10^8 entries when nearly every pair shares the main instrument), left out by default
    evidence: bool = False

    def __init__(
        self,
        path: str = STDOUT,
        format: str | None = None,
        target: str | None = None,
        as_of: DateLike = None,
        graph: str = "stances",
        title: str | None = None,
        view: str = "stances",
        top: int | None = None,
        raw: bool = False,
        include_collective: bool = False,
        full: bool = False,
        columns: int | None = None,
        with_actors: bool = False,
        evidence: bool = False,
    ) -> None:
        values = {
            "path": path,
            "format": format,
            "target": target,
            # one date rule for every export, the questions' (a bad date fails here, at once)
            "as_of": as_of_date(as_of),
            "graph": graph,
            "title": title,
            "view": view,
            "top": top,
            "raw": raw,
            "include_collective": include_collective,
            "full": full,
            "columns": columns,
            "with_actors": with_actors,
            "evidence": evidence,
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def resolved(self, ds: Dataset) -> ExportRequest:
        """This request with its ``target`` name turned into the id it names in ``ds``,
        as the questions resolve names (``NameNotFound`` or ``AmbiguousName`` otherwise:
        never an empty export)."""
        from positions.questions.resolve import resolve_target

        if self.target is None:
            return self
        return replace(self, target=resolve_target(ds, self.target))


class Exporter(Protocol):
    """The one interface of an exporter module: ``outputs(ds, request)``."""

    def __call__(self, ds: Dataset, request: ExportRequest) -> list[OutputFile]: ...


def write_outputs(outputs: Iterable[OutputFile], stdout: BinaryIO | None = None) -> list[str]:
    """Write every output (atomically, or to ``stdout`` for ``-``); return one line each.

    The lines say what was written where, e.g. ``wrote the nodes table to x-nodes.csv``.
    A file that cannot be written raises ExportError naming it; a failing ``stdout`` raises
    its own OSError, which the CLI reports once for every command (a closed pipe is quiet).
    """
    said = []
    for output in outputs:
        if output.to_stdout:
            if stdout is None:
                raise ExportError(f"the {output.what} needs a file: pass -o FILE")
            size = 0
            for chunk in output.chunks():
                stdout.write(chunk)
                size += len(chunk)
            stdout.flush()
            said.append(f"wrote the {output.what} to stdout ({size:,} bytes)")
        else:
            try:
                size = atomic_write(output.path, output.chunks())
            except ExportError:
                raise
            except OSError as error:  # a file's failure, named; stdout's is the CLI's to report
                raise ExportError(
                    f"cannot write {output.path}: {error.strerror or error}"
                ) from error
            said.append(f"wrote the {output.what} to {output.path} ({size:,} bytes)")
    return said


def check_directory(path: str) -> None:
    """Raise ExportError when the directory a file should go to does not exist."""
    if path == STDOUT:
        return
    parent = Path(path).parent
    if not parent.is_dir():
        raise ExportError(f"cannot write {path}: the directory {parent} does not exist")
