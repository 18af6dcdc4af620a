"""Adding a record to a data file without touching any byte of what is already there.

A new record is rendered as YAML text in the block style of the data files, appended to
the end of its file, and checked together with the whole dataset before anything is
written; the write is atomic and serialised by a lock file in the data directory, so two
``positions add`` runs at once both land.

>>> add_record("data", "stakeholders", {"id": "oxfam", "name": "Oxfam", "kind": "ngo"})
... # doctest: +SKIP
Added(kind='stakeholders', file=PosixPath('data/stakeholders.yaml'), line=42, ...)
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from positions.data.atomic import atomic_write as write_atomic
from positions.data.loader import DataDirError, check
from positions.data.problems import Problem
from positions.data.yamlread import NotSimple, parse_located, parse_simple
from positions.errors import CurationError
from positions.model import RECORD_FILES, Record

#: Record kinds by their singular name, as the command line names them.
KINDS: dict[str, str] = {
    "stakeholder": "stakeholders",
    "target": "targets",
    "source": "sources",
    "statement": "statements",
}
LOCK_NAME = ".positions.lock"
_FILES = {top_key: (filename, model) for filename, (top_key, model) in RECORD_FILES.items()}
#: Values that YAML 1.1 or 1.2 would read as something other than the string written.
_NOT_PLAIN_WORDS = frozenset(
    ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ".nan", ".inf"]
)
#: Numbers in YAML 1.2's core schema that YAML 1.1 (PyYAML) reads as strings, such as 1e3.
_YAML12_NUMBER = re.compile(
    r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
)
_PLAIN_SAFE = re.compile(r"[A-Za-z0-9\u00c0-\uffff][^\n\r\t\"'#]*")
_FLOW_ITEM_SAFE = re.compile(r"[A-Za-z0-9\u00c0-\uffff][^,\[\]{}\"'#&*!|>%@`:?\n\r\t]*")
#: Characters a YAML double-quoted scalar must escape beyond what JSON escapes.
_YAML_UNPRINTABLE = re.compile("[\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


class AddError(CurationError):
    """The record cannot be added (the file's layout, an archive conflict, ...)."""


class RecordProblems(CurationError):
    """The new record would make the dataset invalid; ``problems`` says why and where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(f"the new record has {count} problem{'s' if count != 1 else ''}")


class WriteError(CurationError):
    """Writing the file failed; the original file is intact."""


@dataclass(frozen=True)
class Added:
    """What was (or, on a dry run, would be) written."""

    kind: str
    file: Path
    line: int
    text: str
    archive: Path | None = None
    #: problems the dataset already had before the record (reported, not caused by it)
    existing_problems: int = 0


# --- rendering -------------------------------------------------------------------------


def record_dict(top_key: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The record's fields in the model's order, without empty values.

    >>> record_dict("stakeholders", {"kind": "ngo", "aliases": [], "id": "x", "name": "X"})
    {'id': 'x', 'name': 'X', 'kind': 'ngo'}
    """
    model = _model(top_key)
    unknown = [key for key in fields if key not in model.model_fields]
    if unknown:
        raise AddError(f"unknown field(s) for a {top_key[:-1]}: {', '.join(unknown)}")
    return {
        key: fields[key]
        for key in model.model_fields
        if key in fields and fields[key] not in (None, [], {})
    }


def scalar_text(value: str, *, quoted: bool = False) -> str:
    """A string as a YAML scalar that every YAML reader reads back as that same string.

    Plain when that is safe, else double-quoted with JSON escapes (a subset of YAML's).

    >>> scalar_text("Human Rights Watch"), scalar_text("NO"), scalar_text("2024")
    ('Human Rights Watch', '"NO"', '"2024"')
    """
    if not quoted and _plain_ok(value, _PLAIN_SAFE):
        return value
    text = json.dumps(value, ensure_ascii=False)
    return _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _plain_ok(value: str, pattern: re.Pattern[str]) -> bool:
    if not pattern.fullmatch(value) or value != value.strip() or value.endswith(":"):
        return False
    if ": " in value or " #" in value or value.lower().lstrip("+-") in _NOT_PLAIN_WORDS:
        return False
    if _YAML12_NUMBER.fullmatch(value) or _YAML_UNPRINTABLE.search(value):
        return False
    try:
        # YAML 1.1's resolvers (numbers, dates, booleans) cover YAML 1.2's core schema.
        if pattern is _FLOW_ITEM_SAFE:  # read it where it will stand: inside a flow list
            return bool(yaml.safe_load(f"[{value}]") == [value])
        return bool(yaml.safe_load(value) == value)
    except yaml.YAMLError:
        return False


def render_record(
    record: Mapping[str, Any], indent: int = 2, quoted: frozenset[str] = frozenset()
) -> str:
    """A record as a YAML list item in the block style of the data files.

    Keys in ``quoted`` always get double-quoted values (the data files quote free text).

    >>> print(render_record({"id": "x", "aliases": ["A", "B"]}), end="")
      - id: x
        aliases: [A, B]
    """
    lines: list[str] = []
    _render_mapping(record, indent, "- ", lines, quoted)
    return "".join(line + "\n" for line in lines)


def _render_mapping(
    record: Mapping[str, Any], indent: int, first: str, lines: list[str], quoted: frozenset[str]
) -> None:
    pad = " " * indent
    inner = " " * (indent + len(first))
    for position, (key, value) in enumerate(record.items()):
        lead = pad + first if position == 0 else inner
        if isinstance(value, str):
            lines.append(f"{lead}{key}: {scalar_text(value, quoted=key in quoted)}")
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            if all(_plain_ok(item, _FLOW_ITEM_SAFE) for item in value):
                lines.append(f"{lead}{key}: [{', '.join(value)}]")
            else:
                lines.append(f"{lead}{key}:")
                lines.extend(f"{inner}  - {scalar_text(item)}" for item in value)
        elif isinstance(value, list):
            lines.append(f"{lead}{key}:")
            for item in value:
                if not isinstance(item, Mapping) or not item:
                    raise AddError(f"cannot write {key}: each item must be a mapping")
                _render_mapping(item, len(inner) + 2, "- ", lines, quoted)
        elif isinstance(value, Mapping) and value:
            lines.append(f"{lead}{key}:")
            for sub_key, sub_value in value.items():
                lines.append(f"{inner}  {scalar_text(str(sub_key))}: {scalar_text(str(sub_value))}")
        else:
            raise AddError(f"cannot write {key}: {value!r} is not text")


# --- appending -------------------------------------------------------------------------

_QUOTED_KEYS = frozenset({"quote", "paraphrase", "condition"})


def append_record(text: str | None, top_key: str, record: Mapping[str, Any]) -> tuple[str, int]:
    """``text`` with ``record`` appended to its top-level list, and the record's first line.

    Every byte of ``text`` is kept, except an empty flow list ``[]`` after the top key,
    which becomes the start of a block list. Raises ``AddError`` when the file's layout
    does not allow a safe append (a flow-style list, another top-level key after it).
    """
    quoted = _QUOTED_KEYS if top_key == "statements" else frozenset()
    return append_rendered(
        text, top_key, lambda indent: render_record(record, indent, quoted), [record]
    )


def append_rendered(
    text: str | None,
    top_key: str,
    render: Callable[[int], str],
    records: Sequence[Mapping[str, Any]],
) -> tuple[str, int]:
    """``text`` with the YAML of ``records`` (``render(indent)``) appended to its list.

    The result is read back: the old records must be unchanged and ``records`` last.
    """
    if text is None or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):  # a new file, or one with comments only
        text = (text or "") + ("" if not text or text.endswith("\n") else "\n") + f"{top_key}:\n"
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    top = re.compile(rf"{re.escape(top_key)}:(?P<rest>[^\r\n]*)")
    index = next((i for i, line in enumerate(lines) if top.match(line)), None)
    if index is None:
        raise AddError(f"the file has no top-level '{top_key}:' line to append to")
    match = top.match(lines[index])
    assert match is not None
    rest = match.group("rest")
    value = rest.split(" #", 1)[0].strip() if not rest.lstrip().startswith("#") else ""
    if value == "[]":  # the one changed line: an empty flow list becomes a block list
        comment = rest[rest.index("[]") + 2 :].strip()
        ending = lines[index][len(lines[index].rstrip("\r\n")) :]
        lines[index] = f"{top_key}:" + (f" {comment}" if comment else "") + ending
    elif value not in ("", "~", "null"):
        raise AddError(
            f"'{top_key}:' holds a flow-style list or a value on its own line; "
            f"write it as a block list ('{top_key}:' then '  - id: ...' lines) to add records"
        )
    indent = 2
    for line in lines[index + 1 :]:
        stripped = line.lstrip(" ")
        if stripped.strip() and not stripped.startswith("#"):
            if stripped.startswith("- "):
                indent = len(line) - len(stripped)
            break
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    first_line = len(lines) + 1
    new_text = "".join(lines) + render(indent).replace("\n", newline)
    _verify_append(text, new_text, top_key, records)
    return new_text, first_line


def _read_value(text: str) -> Any:
    try:
        return parse_simple(text)
    except NotSimple:
        located = parse_located(text, "")
        if located.value is None and located.problems:
            raise AddError(
                f"the file is not readable YAML ({located.problems[0].message}); "
                "fix it first (positions check)"
            ) from None
        return located.value


def _list_of(value: Any, top_key: str) -> list[Any]:
    if not isinstance(value, dict) or top_key not in value:
        return []
    records = value[top_key]
    return records if isinstance(records, list) else []


def _verify_append(old: str, new: str, top_key: str, records: Sequence[Mapping[str, Any]]) -> None:
    """Re-read both texts: the old records must be unchanged and the new ones last, as given."""
    before = _list_of(_read_value(old), top_key) if old.strip() else []
    after = _list_of(_read_value(new), top_key)
    expected = json.loads(json.dumps([dict(record) for record in records]))
    if not records or after != [*before, *expected]:
        raise AddError(
            f"the record could not be appended safely to the end of '{top_key}:' "
            "(is another top-level key or an unusual layout after it?); add it by hand"
        )


# --- writing ---------------------------------------------------------------------------


@contextlib.contextmanager
def data_lock(data_dir: Path) -> Iterator[None]:
    """Hold the data directory's lock file: one writer at a time (other writers wait)."""
    import fcntl  # POSIX only; imported here so the rest of the module loads anywhere

    with open(data_dir / LOCK_NAME, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# --- validating ------------------------------------------------------------------------


def _mirror(data_dir: Path, into: Path) -> None:
    """Link (or copy) every file of the data directory into ``into``, skipping hidden ones."""
    for directory, subdirs, files in os.walk(data_dir):
        subdirs[:] = [d for d in subdirs if not d.startswith(".")]
        relative = Path(directory).relative_to(data_dir)
        (into / relative).mkdir(parents=True, exist_ok=True)
        for name in files:
            if name.startswith("."):
                continue
            source, target = Path(directory) / name, into / relative / name
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)


def problems_with(data_dir: Path, replaced: Mapping[str, bytes]) -> list[Problem]:
    """Every problem of the dataset with some files replaced (``relative path -> bytes``).

    Problems are reported under ``data_dir``'s own file names.
    """
    try:
        scratch = tempfile.TemporaryDirectory(dir=data_dir, prefix=".positions-add-")
    except OSError:  # a read-only data directory (a dry run): check a copy elsewhere
        scratch = tempfile.TemporaryDirectory(prefix="positions-add-")
    with scratch as name:
        root = Path(name)
        _mirror(data_dir, root)
        for relative, data in replaced.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileNotFoundError):
                target.unlink()  # a hard link: never write through it to the real file
            target.write_bytes(data)
        problems = check(root)
    shown = str(data_dir)
    return [
        Problem(
            p.code,
            p.file.replace(name, shown, 1),
            p.line,
            p.column,
            p.message.replace(name, shown),
            p.hint.replace(name, shown) if p.hint else None,
        )
        for p in problems
    ]


# --- the whole operation ---------------------------------------------------------------


def add_record(
    data_dir: str | os.PathLike[str],
    kind: str,
    fields: Mapping[str, Any],
    *,
    archive_text: bytes | None = None,
    dry_run: bool = False,
) -> Added:
    """Validate ``fields`` as a new record of ``kind`` with the whole dataset, then append it.

    ``kind`` is a top-level key (``statements``) or its singular (``statement``). For a
    source, ``archive_text`` is saved as ``sources/<id>.txt`` and named in its ``archive``.
    Raises ``RecordProblems`` (nothing written) when the record brings new problems,
    ``AddError`` when it cannot be added, ``WriteError`` when writing fails (the files
    are then as they were).
    """
    root = Path(data_dir)
    if not root.is_dir():
        raise DataDirError(
            f"{root} is not a directory" if root.exists() else f"{root} does not exist"
        )
    top_key = KINDS.get(kind, kind)
    filename, _ = _files_entry(top_key)
    record = dict(fields)
    archive_relative: str | None = None
    if archive_text is not None:
        if top_key != "sources":
            raise AddError("only a source has an archive")
        try:
            archive_text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise AddError(
                f"the archive is not UTF-8 text ({error.reason}); save it as UTF-8"
            ) from None
        record_id = record.get("id")
        if not isinstance(record_id, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", record_id):
            raise AddError("a source with an archive needs a valid id first (it names the file)")
        archive_relative = f"sources/{record_id}.txt"
        record["archive"] = archive_relative
    record = record_dict(top_key, record)
    path = root / filename
    with data_lock(root) if not dry_run else contextlib.nullcontext():
        old = read_data_text(path)
        if old is None:
            old = _new_file_header(root)
        new_text, line = append_record(old, top_key, record)
        replaced = {filename: new_text.encode("utf-8")}
        archive_path = None
        write_archive = False
        if archive_relative is not None and archive_text is not None:
            archive_path = root / archive_relative
            if archive_path.exists():
                if archive_path.read_bytes() != archive_text:
                    raise AddError(
                        f"{archive_path} already exists with a different text; "
                        "refusing to overwrite it (choose another id or remove the file)"
                    )
            else:
                write_archive = True
                replaced[archive_relative] = archive_text
        before = {str(p) for p in check(root)}
        new_problems = [p for p in problems_with(root, replaced) if str(p) not in before]
        if new_problems:
            raise RecordProblems(new_problems)
        rendered = "".join(new_text.splitlines(keepends=True)[line - 1 :])
        added = Added(top_key, path, line, rendered, archive_path, len(before))
        if dry_run:
            return added
        try:
            if write_archive and archive_path is not None and archive_text is not None:
                archive_path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(archive_path, archive_text)
            try:
                write_atomic(path, replaced[filename])
            except BaseException:
                if write_archive and archive_path is not None:
                    with contextlib.suppress(OSError):
                        archive_path.unlink()
                raise
        except OSError as error:
            raise WriteError(f"could not write {path}: {error}; the data is unchanged") from error
        return added


def read_data_text(path: Path) -> str | None:
    """A data file's text exactly as stored (``\\r\\n`` kept), or None when it is missing."""
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise AddError(f"{path} is not UTF-8 text; fix it first (positions check)") from None


def _new_file_header(root: Path) -> str:
    """The first line of a new data file: the schema line its siblings carry, if any."""
    from positions.data.schema import MODELINE

    for filename in RECORD_FILES:
        sibling = root / filename
        if sibling.is_file():
            with open(sibling, encoding="utf-8", errors="replace") as handle:
                if handle.readline().rstrip("\r\n") == MODELINE:
                    return MODELINE + "\n"
    return ""


def _files_entry(top_key: str) -> tuple[str, type[Record]]:
    try:
        return _FILES[top_key]
    except KeyError:
        raise AddError(f"unknown record kind '{top_key}': use one of {', '.join(KINDS)}") from None


def _model(top_key: str) -> type[Record]:
    return _files_entry(top_key)[1]


# --- option parsing shared by the command line and notebooks ---------------------------


def parse_stance(text: str, condition: str | None = None) -> dict[str, str]:
    """``"uncc=oppose"`` -> ``{"target": "uncc", "stance": "oppose"}`` (with the condition).

    >>> parse_stance("uncc-art-35 = oppose", "unless amended")
    {'target': 'uncc-art-35', 'stance': 'oppose', 'condition': 'unless amended'}
    """
    target, sep, stance = text.partition("=")
    if not sep or not target.strip() or not stance.strip():
        raise ValueError(f"'{text}' is not TARGET=STANCE (such as 'uncc=oppose')")
    entry = {"target": target.strip(), "stance": stance.strip()}
    if condition:
        entry["condition"] = condition
    return entry


def parse_membership(text: str) -> dict[str, str]:
    """``"hrw:Executive Director"`` -> ``{"id": "hrw", "role": "Executive Director"}``.

    >>> parse_membership("tech-accord")
    {'id': 'tech-accord'}
    """
    group, _, role = text.partition(":")
    if not group.strip():
        raise ValueError(f"'{text}' is not ID or ID:ROLE (such as 'hrw:Executive Director')")
    entry = {"id": group.strip()}
    if role.strip():
        entry["role"] = role.strip()
    return entry
