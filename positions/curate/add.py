"""Adding a record to a data file without touching any byte of what is already there.

A new record is rendered as YAML text in the block style of the data files, appended to
the end of its file, and checked in memory together with the whole dataset before anything
is written; the write is atomic and serialised by a lock file (``lock_path``: in the
system's temporary directory, never in the data folder), so two ``positions add`` runs at
once both land. ``positions import`` and ``positions promote`` write through the same steps.

Nothing is lost to a curator who saves a data file in an editor meanwhile: the digest of
every file taken when it was read is compared again right before it is replaced; a file
that changed is read and validated afresh (``ATTEMPTS`` times at most), else ``DataChanged``.

>>> add_record("data", "stakeholders", {"id": "oxfam", "name": "Oxfam", "kind": "ngo"})
... # doctest: +SKIP
Added(kind='stakeholders', file=PosixPath('data/stakeholders.yaml'), line=42, ...)
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml

from positions.data.atomic import atomic_write as write_atomic
from positions.data.dataset import Dataset
from positions.data.loader import check, load_checked, require_data_dir
from positions.data.names import closest, fold_name
from positions.data.problems import Problem
from positions.data.rules import read_regular_bytes
from positions.data.yamlread import NotSimple, locate_simple, parse_located, parse_simple
from positions.errors import CurationError
from positions.model import RECORD_FILES, Record
from positions.questions.resolve import AmbiguousName, Candidate, Kind, NameNotFound, resolve

_T = TypeVar("_T")

#: Record kinds by their singular name, as the command line names them.
KINDS: dict[str, str] = {
    "stakeholder": "stakeholders",
    "target": "targets",
    "source": "sources",
    "statement": "statements",
}
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
#: libyaml's safe loader when PyYAML has it (the same rules, many times faster)
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Characters a YAML double-quoted scalar must escape beyond what JSON escapes.
_YAML_UNPRINTABLE = re.compile("[\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


class AddError(CurationError):
    """The record cannot be added (the file's layout, an archive conflict, ...)."""


class RecordProblems(CurationError):
    """The new record would make the dataset invalid; ``problems`` says why and where."""

    def __init__(self, problems: Sequence[Problem | NewRecordProblem]) -> None:
        self.problems = list(problems)
        count = len(problems)
        super().__init__(f"the new record has {count} problem{'s' if count != 1 else ''}")


class WriteError(CurationError):
    """Writing the file failed; the original file is intact."""


class DataChanged(AddError):
    """A file to be written changed after it was read (saved in an editor meanwhile)."""

    def __init__(self, path: Path, attempts: int = 1) -> None:
        self.path = path
        times = "" if attempts == 1 else f" {attempts} times"
        super().__init__(
            f"{path} changed{times} while positions was validating it (saved by another "
            "program?); its new text is kept as it is"
        )


class LockError(CurationError):
    """The data directory's lock cannot be taken: a usage problem, not a data problem."""


#: How many times a write re-reads and re-validates files that changed under it.
ATTEMPTS = 3
#: Seconds a writer waits for another writer's lock by default.
LOCK_TIMEOUT = 30.0


@dataclasses.dataclass(frozen=True)
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


@functools.lru_cache(maxsize=1 << 16)
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
            return bool(yaml.load(f"[{value}]", Loader=_SAFE_LOADER) == [value])
        return bool(yaml.load(value, Loader=_SAFE_LOADER) == value)
    except (yaml.YAMLError, ValueError):  # ValueError: a timestamp like 2024-02-30
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


def lock_path(data_dir: str | os.PathLike[str]) -> Path:
    """The lock file that serialises writers of ``data_dir``.

    It lives in the system's temporary directory, named after the data directory's real
    path, so the data folder never holds it (and a read-only one can still be locked).
    """
    real = os.path.realpath(data_dir)
    digest = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return Path(tempfile.gettempdir()) / f"positions-{digest}.lock"


@contextlib.contextmanager
def data_lock(
    data_dir: str | os.PathLike[str],
    *,
    timeout: float = LOCK_TIMEOUT,
    on_wait: Callable[[Path], None] | None = None,
) -> Iterator[None]:
    """Hold the data directory's lock: one writer at a time, other writers wait.

    When another writer holds it, ``on_wait(data_dir)`` is called once (the CLI says it is
    waiting) and the wait ends after ``timeout`` seconds with ``LockError``. A link or
    anything but a regular file at the lock path is refused (``LockError``): the lock is
    never created through a link planted in the shared temporary directory (and filelock
    itself opens it with ``O_NOFOLLOW``, without truncating). ``filelock`` locks the same
    way on Linux, macOS and Windows.
    """
    from filelock import FileLock, Timeout

    path = lock_path(data_dir)
    _refuse_redirected(path)
    lock = FileLock(path, mode=0o666)
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if on_wait is not None:
                on_wait(Path(data_dir))
            lock.acquire(timeout=max(timeout, 0))
    except Timeout:
        raise LockError(
            f"another positions command has held the lock on {data_dir} for "
            f"{timeout:g} s (lock file {path}); is one stopped? Run it again when it "
            "ends, or raise --lock-timeout"
        ) from None
    except OSError as error:  # filelock opens without following a link swapped in
        raise LockError(f"cannot take the lock {path}: {error.strerror or error}") from None
    try:
        _refuse_redirected(path)  # a link swapped in while we waited
        yield
    finally:
        lock.release()


def _refuse_redirected(path: Path) -> None:
    """``LockError`` when the lock path is a link or not a regular file."""
    import stat

    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise LockError(
            f"refusing to lock through {path}: it is a symbolic link (to "
            f"{os.readlink(path)}); remove it"
        )
    if not stat.S_ISREG(info.st_mode):
        raise LockError(f"refusing to lock with {path}: it is not a regular file; remove it")


def file_digest(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or None when it does not exist."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def text_digest(text: str | None) -> str | None:
    """``file_digest`` of a file whose text (as read) is ``text``; None for no file."""
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def require_unchanged(root: Path, read: Mapping[str, str | None]) -> None:
    """``DataChanged`` when a file of ``read`` (relative path -> digest when it was read,
    None when it did not exist) is not as it was read."""
    for relative, digest in read.items():
        if file_digest(root / relative) != digest:
            raise DataChanged(root / relative)


def retrying(attempt: Callable[[], _T], attempts: int = ATTEMPTS) -> _T:
    """``attempt()``, run again (reading and validating afresh) while it raises
    ``DataChanged``; after ``attempts`` runs the last ``DataChanged`` is raised."""
    for number in range(1, attempts + 1):
        try:
            return attempt()
        except DataChanged as error:
            if number == attempts:
                raise DataChanged(error.path, attempts) from None
    raise AssertionError("unreachable")


# --- validating in memory --------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class NewRecordProblem:
    """A problem in a record not yet written: placed by its field, as it has no line yet.

    ``record`` is the record's index among those written at once (0 for ``add``), ``path``
    the field inside it, such as ``("stances", 0, "target")``.
    """

    code: str
    kind: str
    record: int
    path: tuple[str | int, ...]
    message: str
    hint: str | None = None

    @property
    def field(self) -> str:
        """The path as the curator reads it: ``stances[0].target``."""
        return field_name(self.path)

    def __str__(self) -> str:
        where = f"in the new {self.kind}" + (f", field {self.field}" if self.path else "")
        text = f"{where}: [{self.code}] {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


def field_name(path: Sequence[str | int]) -> str:
    """``("stances", 0, "target")`` -> ``"stances[0].target"``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def problems_with(data_dir: Path, replaced: Mapping[str, bytes]) -> list[Problem]:
    """Every problem of the dataset with some files replaced (``relative path -> bytes``).

    Validated in memory: nothing is copied or written.
    """
    return check(data_dir, replaced=replaced)


@dataclasses.dataclass(frozen=True)
class Staged:
    """New records appended to a file's text and validated with the dataset, not yet written."""

    path: Path
    text: str
    #: the first line of each new record in ``text``
    lines: list[int]
    #: every file to write (relative path -> bytes), the data file first
    files: dict[str, bytes]
    #: problems the dataset already had (not caused by the new records)
    existing_problems: int
    #: the digest of each file to write as it was read (None: it did not exist)
    read: dict[str, str | None] = dataclasses.field(default_factory=dict)


def stage_records(
    root: Path,
    top_key: str,
    records: Sequence[Mapping[str, Any]],
    *,
    archives: Mapping[str, bytes] | None = None,
    loaded: tuple[Dataset, list[Problem]] | None = None,
) -> Staged:
    """Resolve names in ``records``, append them to their file's text, validate in memory.

    Call it holding ``data_lock(root)``. Names (actor, speaker, source, member_of, part_of,
    stance targets) resolve as the questions resolve them and are written as ids. Raises
    ``RecordProblems`` when the new records bring problems (each a ``NewRecordProblem``,
    or a ``Problem`` at its line when it stands in a record already there). ``loaded`` is
    ``load_checked(root)`` when the caller has it already.
    """
    filename, _ = _files_entry(top_key)
    dataset, before = loaded if loaded is not None else load_checked(root)
    resolved: list[dict[str, Any]] = []
    name_problems: dict[tuple[int, tuple[str | int, ...]], NewRecordProblem] = {}
    hints: dict[tuple[int, tuple[str | int, ...]], str] = {}
    for index, fields in enumerate(records):
        record, found = resolve_references(dataset, top_key, fields)
        resolved.append(record_dict(top_key, record))
        for field_path, outcome in found.items():
            if isinstance(outcome, AmbiguousName):
                name_problems[(index, field_path)] = NewRecordProblem(
                    "ambiguous-name", _SINGULAR[top_key], index, field_path, str(outcome)
                )
            elif outcome.suggestions:
                listed = ", ".join(c.describe() for c in outcome.suggestions)
                hints[(index, field_path)] = f"did you mean {listed}?"
    path = root / filename
    old = read_data_text(path)
    read = {filename: text_digest(old), **{relative: None for relative in archives or {}}}
    if old is None:
        old = _new_file_header(root)
    quoted = _QUOTED_KEYS if top_key == "statements" else frozenset()
    new_text, first = append_rendered(
        old,
        top_key,
        lambda indent: "".join(render_record(r, indent, quoted) for r in resolved),
        resolved,
    )
    files = {filename: new_text.encode("utf-8"), **(archives or {})}
    shown_before = {str(p) for p in before}
    after = [p for p in problems_with(root, files) if str(p) not in shown_before]
    lines = _record_lines(new_text, top_key, first, len(resolved))
    problems: list[Problem | NewRecordProblem] = []
    placed = _placer(new_text, top_key, lines) if after else None
    for problem in after:
        if problem.file != str(path) or problem.line < first or placed is None:
            problems.append(problem)
            continue
        index, field_path = placed(problem.line, problem.column)
        if (index, field_path) in name_problems:
            continue  # the ambiguity says more than "not defined"
        hint = hints.get((index, field_path), problem.hint)
        problems.append(
            NewRecordProblem(
                problem.code, _SINGULAR[top_key], index, field_path, problem.message, hint
            )
        )
    problems.extend(name_problems.values())
    if problems:
        raise RecordProblems(problems)
    return Staged(path, new_text, lines, files, len(before), read)


def write_staged(root: Path, staged: Staged, *, new_files: Sequence[str] = ()) -> None:
    """Write every file of ``staged`` atomically, the files in ``new_files`` first.

    When a write fails, the files written before it are put back as they were (a file in
    ``new_files``, such as an archive, is removed), so several files change together or not
    at all. Raises ``WriteError``; the data files are then as they were. Each file is
    compared with its digest in ``staged.read`` first and right before it is replaced:
    ``DataChanged`` (nothing written, or what was written put back) when one changed.
    """
    require_unchanged(root, staged.read)
    done: list[tuple[Path, bytes | None]] = []  # each file written, and its bytes before
    target = staged.path
    try:
        for relative in [*new_files, *(f for f in staged.files if f not in new_files)]:
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            before = None if relative in new_files or not target.exists() else target.read_bytes()
            if relative in staged.read:
                require_unchanged(root, {relative: staged.read[relative]})
            write_atomic(target, staged.files[relative])
            done.append((target, before))
    except (OSError, DataChanged) as error:
        for target, before in reversed(done):
            with contextlib.suppress(OSError):
                if before is None:
                    target.unlink()
                else:
                    write_atomic(target, before)
        if isinstance(error, DataChanged):
            raise
        raise WriteError(f"could not write {target}: {error}; the data is unchanged") from error


def _record_lines(text: str, top_key: str, first: int, count: int) -> list[int]:
    """The first line of each of the last ``count`` records, found from line ``first`` on."""
    lines = text.splitlines()
    starts = [
        number
        for number in range(first, len(lines) + 1)
        if lines[number - 1].lstrip(" ").startswith("- ")
        and len(lines[number - 1]) - len(lines[number - 1].lstrip(" "))
        == len(lines[first - 1]) - len(lines[first - 1].lstrip(" "))
    ]
    return starts[:count] if len(starts) >= count else [first] * count


def _placer(
    text: str, top_key: str, lines: list[int]
) -> Callable[[int, int], tuple[int, tuple[str | int, ...]]]:
    """A function from a (line, column) in ``text`` to (new record index, field path)."""
    places: dict[tuple[int, int], tuple[str | int, ...]] = {}
    try:
        located = locate_simple(text)
    except NotSimple:
        located = parse_located(text, "")
    records = _list_of(located.value, top_key)
    base = len(records) - len(lines)
    for table in (located.keys, located.values):
        for where, place in table.items():
            number = where[1] if len(where) > 2 and where[0] == top_key else None
            if (
                isinstance(number, int)
                and number >= base
                and len(where) - 2 > len(places.get(place, ()))
            ):
                places[place] = tuple(where[2:])  # the deepest field standing there

    def placed(line: int, column: int) -> tuple[int, tuple[str | int, ...]]:
        index = max(0, bisect.bisect_right(lines, line) - 1)
        return index, places.get((line, column), ())

    return placed


# --- names -----------------------------------------------------------------------------

_SINGULAR = {top_key: singular for singular, top_key in KINDS.items()}


def resolve_references(
    ds: Dataset, top_key: str, fields: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[tuple[str | int, ...], NameNotFound | AmbiguousName]]:
    """``fields`` with every reference by name turned into its id, and the names that failed.

    A name that does not resolve is kept as written (``check`` then reports it where it
    stands); the failures, by field path, carry the closest names or the candidates.

    >>> resolve_references(ds, "statements", {"actor": "HRW"})[0]  # doctest: +SKIP
    {'actor': 'hrw'}
    """
    record = json.loads(json.dumps(dict(fields)))  # a deep copy of plain data
    failed: dict[tuple[str | int, ...], NameNotFound | AmbiguousName] = {}

    def resolved(path: tuple[str | int, ...], name: Any, kind: str) -> Any:
        if not isinstance(name, str) or not name:
            return name
        try:
            if kind == "source":
                return resolve_source(ds, name)
            return resolve(ds, name, Kind.ACTOR if kind == "actor" else Kind.TARGET)
        except (NameNotFound, AmbiguousName) as error:
            failed[path] = error
            return name

    if top_key == "statements":
        for key, kind in (("actor", "actor"), ("speaker", "actor"), ("source", "source")):
            if key in record:
                record[key] = resolved((key,), record[key], kind)
        for position, stance in enumerate(record.get("stances") or []):
            if isinstance(stance, dict) and "target" in stance:
                path = ("stances", position, "target")
                stance["target"] = resolved(path, stance["target"], "target")
    elif top_key == "stakeholders":
        for position, group in enumerate(record.get("member_of") or []):
            if isinstance(group, dict) and "id" in group:
                group["id"] = resolved(("member_of", position, "id"), group["id"], "actor")
    elif top_key == "targets" and "part_of" in record:
        record["part_of"] = resolved(("part_of",), record["part_of"], "target")
    return record, failed


def resolve_source(ds: Dataset, name: str) -> str:
    """The id of the source ``name`` means: its id, or its title (folded as names are)."""
    if name in ds.sources:
        return name
    folded = fold_name(name)
    matches = [
        Candidate(source.id, source.title, source.title)
        for source in ds.sources.values()
        if fold_name(source.title) == folded
    ]
    if len(matches) == 1:
        return matches[0].id
    if matches:
        raise AmbiguousName(name, "source", matches)
    titles = {source.title: source for source in ds.sources.values()}
    near = closest(name, [*ds.sources, *titles], limit=3)
    suggestions = [
        Candidate(record.id, record.title, option)
        for option in near
        for record in [ds.sources.get(option) or titles[option]]
    ]
    raise NameNotFound(name, "source", list({c.id: c for c in suggestions}.values()))


# --- the whole operation ---------------------------------------------------------------


def add_record(
    data_dir: str | os.PathLike[str],
    kind: str,
    fields: Mapping[str, Any],
    *,
    archive_text: bytes | None = None,
    dry_run: bool = False,
    lock_timeout: float = LOCK_TIMEOUT,
    on_wait: Callable[[Path], None] | None = None,
) -> Added:
    """Validate ``fields`` as a new record of ``kind`` with the whole dataset, then append it.

    ``kind`` is a top-level key (``statements``) or its singular (``statement``). References
    may be names (resolved as the questions resolve them, written as ids). For a source,
    ``archive_text`` is saved as ``sources/<id>.txt`` and named in its ``archive``.
    Validation is in memory. Raises ``RecordProblems`` (nothing written) when the record
    brings new problems, ``AddError`` when it cannot be added (``DataChanged`` when its file
    kept changing while it was validated), ``WriteError`` when writing fails (the files are
    then as they were), ``LockError`` when another writer holds the lock past
    ``lock_timeout`` seconds (``on_wait`` is called when the wait starts).
    """
    root = Path(data_dir)
    require_data_dir(root)
    top_key = KINDS.get(kind, kind)
    _files_entry(top_key)
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
    lock = data_lock(root, timeout=lock_timeout, on_wait=on_wait)
    with lock if not dry_run else contextlib.nullcontext():
        return retrying(
            lambda: _add_once(root, top_key, record, archive_relative, archive_text, dry_run)
        )


def _add_once(
    root: Path,
    top_key: str,
    record: dict[str, Any],
    archive_relative: str | None,
    archive_text: bytes | None,
    dry_run: bool,
) -> Added:
    """Read, validate and (unless ``dry_run``) write the record once, holding the lock."""
    archives: dict[str, bytes] = {}
    archive_path = None
    if archive_relative is not None and archive_text is not None:
        archive_path = root / archive_relative
        if archive_path.exists() or archive_path.is_symlink():
            try:
                existing = read_regular_bytes(archive_path, follow_links=False)
            except OSError as error:
                raise AddError(f"cannot read {archive_path}: {error}") from None
            if existing != archive_text:
                raise AddError(
                    f"{archive_path} already exists with a different text; "
                    "refusing to overwrite it (choose another id or remove the file)"
                )
        else:
            archives[archive_relative] = archive_text
    staged = stage_records(root, top_key, [record], archives=archives)
    line = staged.lines[0]
    rendered = "".join(staged.text.splitlines(keepends=True)[line - 1 :])
    added = Added(top_key, staged.path, line, rendered, archive_path, staged.existing_problems)
    if not dry_run:
        write_staged(root, staged, new_files=list(archives))
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
    for filename in RECORD_FILES:
        sibling = root / filename
        if sibling.is_file():
            with open(sibling, encoding="utf-8", errors="replace") as handle:
                first = handle.readline().rstrip("\r\n")
            if first.startswith("# yaml-language-server: $schema="):
                return first + "\n"
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
