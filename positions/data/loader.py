"""YAML files -> a validated ``Dataset``, or every problem with its file, line and column.

Validation runs in two phases (DESIGN.md): each record against its pydantic model, then
the rules across records (``positions.check``). Locations are looked up only when there
is a problem to place, so valid data loads at the speed of the fast reader.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from positions.data import gcpause, rules
from positions.data.dataset import Dataset, DatasetDraft
from positions.data.findings import Finding
from positions.data.names import did_you_mean
from positions.data.problems import DataError, Problem
from positions.errors import DataDirError as DataDirError  # raised here, caught from here
from positions.model import INFO_FILE, RECORD_FILES, DatasetInfo, Record, record_rule_error

if TYPE_CHECKING:
    from positions.data.yamlread import Located

#: A line with something other than spaces and a comment on it.
_CONTENT_LINE = re.compile(r"^[ \t]*[^\s#]", re.MULTILINE)
#: A data file larger than this is refused before it is read.
MAX_FILE_BYTES = 1 << 30

_SINGULAR = {
    "stakeholders": "stakeholder",
    "targets": "target",
    "sources": "source",
    "statements": "statement",
}
_ADAPTERS: dict[type[Record], TypeAdapter[list[Any]]] = {}
#: Error types of the rules on a whole record (they run only once every field is valid).
_WHOLE_RECORD_ERRORS = frozenset({"quote_or_paraphrase", "unnamed"})


def require_data_dir(root: Path) -> None:
    """Raise ``DataDirError`` unless ``root`` is a directory (saying whether it exists)."""
    if not root.is_dir():
        raise DataDirError(
            f"{root} is not a directory" if root.exists() else f"{root} does not exist"
        )


def load(data_dir: str | os.PathLike[str], *, max_file_bytes: int = MAX_FILE_BYTES) -> Dataset:
    """Load and validate a data directory.

    Raises ``DataError`` whose ``problems`` list every problem found, each with its place.

    >>> ds = load("data")
    >>> ds.stakeholders["hrw"].name
    'Human Rights Watch'
    """
    with gcpause.paused():
        dataset, problems = _load(Path(data_dir), max_file_bytes)
    if problems:
        raise DataError(problems)
    return dataset


def check(
    data_dir: str | os.PathLike[str],
    *,
    max_file_bytes: int = MAX_FILE_BYTES,
    replaced: Mapping[str, bytes] | None = None,
) -> list[Problem]:
    """Every problem in a data directory, sorted by file, line and column (empty if valid).

    ``replaced`` maps paths relative to ``data_dir`` (a data file, or an archive as a source
    names it) to the bytes to check instead of the file's: validation in memory.
    """
    with gcpause.paused():
        return _load(Path(data_dir), max_file_bytes, replaced or {})[1]


def load_checked(
    data_dir: str | os.PathLike[str], *, replaced: Mapping[str, bytes] | None = None
) -> tuple[Dataset, list[Problem]]:
    """The dataset of every record that passed, and every problem: for editing tools."""
    with gcpause.paused():
        return _load(Path(data_dir), MAX_FILE_BYTES, replaced or {})


@dataclass
class DataFile:
    """One data file as read: its text, its records, and (on demand) their locations."""

    display: str
    text: str
    records: list[Any]
    _located: Located | None = None

    def located(self) -> Located:
        """Where each key and value stands: read again, fast when the style allows it."""
        from positions.data.yamlread import NotSimple, locate_simple, parse_located

        if self._located is None:
            try:
                self._located = locate_simple(self.text)
            except NotSimple:
                self._located = parse_located(self.text, self.display)
        return self._located

    def place(self, finding: Finding) -> Problem:
        located = self.located()
        line, column = (
            located.key_at(finding.path) if finding.at_key else located.value_at(finding.path)
        )
        return Problem(finding.code, self.display, line, column, finding.message, finding.hint)


def _load(
    root: Path, max_file_bytes: int, replaced: Mapping[str, bytes] | None = None
) -> tuple[Dataset, list[Problem]]:
    replaced = replaced or {}
    require_data_dir(root)
    problems: list[Problem] = []
    files: dict[str, DataFile] = {}
    valid: dict[str, list[tuple[int, Any]]] = {}
    invalid: dict[str, list[tuple[int, Any]]] = {}
    unreadable: set[str] = set()
    invalid_ids: set[str] = set()
    for filename, (top_key, model) in RECORD_FILES.items():
        display = str(root / filename)
        data_file, file_problems = _read_file(
            root / filename, display, top_key, max_file_bytes, replaced.get(filename)
        )
        problems.extend(file_problems)
        if data_file is None:
            valid[top_key] = []
            unreadable.add(top_key)
            continue
        files[top_key] = data_file
        records, findings = _validate(data_file.records, top_key, model)
        fast = data_file._located is None  # read by the fast reader (values on one line)
        reported = {finding.path for finding in findings}  # a refused value: reported once
        texts = rules.text_findings(top_key, data_file.records, data_file.text, fast)
        findings += [finding for finding in texts if finding.path not in reported]
        valid[top_key] = records
        kept = {index for index, _ in records}
        invalid[top_key] = [
            (index, raw) for index, raw in enumerate(data_file.records) if index not in kept
        ]
        invalid_ids.update(
            raw["id"]
            for _, raw in invalid[top_key]
            if isinstance(raw, dict) and isinstance(raw.get("id"), str)
        )
        # a value the YAML reader refused (a tag) is not reported again as a bad value
        refused = {(p.line, p.column) for p in file_problems}
        placed = (data_file.place(f) for f in findings)
        problems.extend(p for p in placed if (p.line, p.column) not in refused)

    info, info_file, info_problems = _read_info(root, max_file_bytes, replaced.get(INFO_FILE))
    problems.extend(info_problems)
    draft = DatasetDraft(root=root, invalid_ids=invalid_ids, info=info)
    findings_by_file = rules.check_records(draft, valid, invalid, unreadable, replaced)
    if info_file is not None:
        problems.extend(info_file.place(f) for f in rules.check_info(draft, unreadable))
    for top_key, findings in findings_by_file.items():
        data_file_for_key = files.get(top_key)
        if data_file_for_key is not None:
            problems.extend(data_file_for_key.place(f) for f in findings)
    problems.sort(key=Problem.sort_key)
    return draft.freeze(), problems


def _read_info(
    root: Path, max_file_bytes: int, replacement: bytes | None
) -> tuple[DatasetInfo | None, DataFile | None, list[Problem]]:
    """The optional ``dataset.yaml`` (v2): what the dataset is; unknown keys are errors."""
    path = root / INFO_FILE
    display = str(path)
    if replacement is None and not path.exists() and not path.is_symlink():
        return None, None, []
    from positions.data.yamlread import parse_located

    def problem(code: str, message: str, hint: str | None) -> Problem:
        return Problem(code, display, 1, 1, message, hint)

    try:
        if replacement is None and not path.is_file():
            return (
                None,
                None,
                [
                    problem(
                        "file-unreadable",
                        f"{INFO_FILE} is not a regular file",
                        f"make {INFO_FILE} a YAML mapping of keys, or remove it",
                    )
                ],
            )
        size = path.stat().st_size if replacement is None else len(replacement)
        if size > max_file_bytes:
            return (
                None,
                None,
                [
                    problem(
                        "file-too-large",
                        f"the file is {size:,} bytes, over the limit of {max_file_bytes:,}",
                        None,
                    )
                ],
            )
        raw = path.read_bytes() if replacement is None else replacement
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except OSError as error:
        return (
            None,
            None,
            [
                problem(
                    "file-unreadable", f"the file cannot be read: {error.strerror or error}", None
                )
            ],
        )
    except UnicodeDecodeError:
        return None, None, [problem("file-encoding", "the file is not UTF-8", "save it as UTF-8")]
    located = parse_located(text, display)
    if located.problems:
        return None, None, list(located.problems)
    value = located.value
    if value is None:
        return None, None, []  # an empty dataset.yaml says nothing
    data_file = DataFile(display, text, [], located)
    if not isinstance(value, dict):
        finding = Finding(
            "file-top-level",
            (),
            "the top level is not a mapping of keys",
            "write keys such as 'title:', 'credit:' and 'main_target:'",
        )
        return None, data_file, [data_file.place(finding)]
    try:
        return DatasetInfo.model_validate(value), data_file, []
    except ValidationError as err:
        findings = []
        for detail in err.errors(include_url=False):
            loc = tuple(detail["loc"])
            name = ".".join(str(part) for part in loc)
            if detail["type"] == "extra_forbidden":
                hint = did_you_mean(str(loc[0]), list(DatasetInfo.model_fields))
                findings.append(
                    Finding("unknown-key", loc, f"dataset: unknown key '{name}'", hint, at_key=True)
                )
            else:
                findings.append(
                    Finding("bad-value", loc, f"dataset: {name}: {detail['msg']}", None)
                )
        return None, data_file, [data_file.place(f) for f in findings]


def _inside(path: Path) -> bool:
    """Whether ``path``, links resolved, stays inside its directory (the data directory):
    a data file linked to /etc/shadow would be read and echoed in the problems."""
    directory = os.path.realpath(path.parent)
    return os.path.realpath(path).startswith(directory + os.sep)


def _read_file(
    path: Path, display: str, top_key: str, max_file_bytes: int, replacement: bytes | None = None
) -> tuple[DataFile | None, list[Problem]]:
    def problem(
        code: str, message: str, hint: str | None, line: int = 1, column: int = 1
    ) -> Problem:
        return Problem(code, display, line, column, message, hint)

    from positions.data.yamlread import NotSimple, parse_located, parse_simple  # not on a cache hit

    try:
        size = path.stat().st_size if replacement is None else len(replacement)
        if replacement is None and not path.is_file():
            return None, [
                problem(
                    "file-unreadable",
                    f"{path.name} is not a regular file",
                    f"make {path.name} a YAML file starting with '{top_key}:'",
                )
            ]
        if replacement is None and not _inside(path):
            return None, [
                problem(
                    "file-unreadable",
                    f"{path.name} is a link out of the data directory",
                    f"copy the file into {path.parent} instead of linking to it",
                )
            ]
        if size > max_file_bytes:
            return None, [
                problem(
                    "file-too-large",
                    f"the file is {size:,} bytes, over the limit of {max_file_bytes:,}",
                    "split the data, or raise the limit: load(data_dir, max_file_bytes=N)",
                )
            ]
        raw = path.read_bytes() if replacement is None else replacement
    except FileNotFoundError:
        return None, [
            problem(
                "file-missing",
                f"the data file {path.name} is missing",
                f"create it with a top-level list: '{top_key}: []'",
            )
        ]
    except OSError as error:
        return None, [
            problem(
                "file-unreadable",
                f"the file cannot be read: {error.strerror or error}",
                "check that it exists and that you may read it",
            )
        ]
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return None, [problem("file-encoding", "the file is UTF-32, not UTF-8", "save it as UTF-8")]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, [problem("file-encoding", "the file is UTF-16, not UTF-8", "save it as UTF-8")]
    if b"\x00" in raw:
        before = raw[: raw.index(b"\x00")]
        return None, [
            problem(
                "file-encoding",
                "the file holds a NUL byte: it is binary, or UTF-16/UTF-32 text",
                "save the file as UTF-8 text",
                before.count(b"\n") + 1,
                len(before) - (before.rfind(b"\n") + 1) + 1,
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [
            problem(
                "file-encoding",
                f"the file is not UTF-8: byte 0x{raw[err.start]:02x} cannot be decoded",
                "save the file as UTF-8",
                line,
                column,
            )
        ]
    text = text.removeprefix("\ufeff")  # a UTF-8 byte order mark is allowed by YAML
    if not _CONTENT_LINE.search(text):
        return None, [
            problem(
                "file-empty",
                "the file is empty",
                f"start it with a top-level list: '{top_key}: []'",
            )
        ]
    yaml_problems: list[Problem] = []
    try:
        value = parse_simple(text)
        located = None
    except NotSimple:
        located = parse_located(text, display)
        yaml_problems = located.problems
        if located.value is None and yaml_problems:
            return None, yaml_problems
        value = located.value  # checked further: every problem is reported at once
    data_file = DataFile(display, text, [], located)
    records, top_problems = _top_level(value, top_key, data_file)
    if records is None:  # no list of records found: the file counts as unreadable
        return None, yaml_problems + top_problems
    data_file.records = records
    return data_file, yaml_problems + top_problems


def _top_level(
    value: Any, top_key: str, data_file: DataFile
) -> tuple[list[Any] | None, list[Problem]]:
    expected = f"a mapping with the single key '{top_key}:' holding a list"
    if not isinstance(value, dict):
        kind = "a list" if isinstance(value, list) else "a single value"
        finding = Finding(
            "file-top-level",
            (),
            f"the top level is {kind}, not {expected}",
            f"start the file with '{top_key}:' and put the records under it",
        )
        return None, [data_file.place(finding)]
    problems: list[Problem] = []
    for key in value:
        if key != top_key:
            hint = did_you_mean(key, [top_key]) or f"this file holds only '{top_key}:'"
            problems.append(
                data_file.place(
                    Finding(
                        "file-top-level",
                        (key,),
                        f"unexpected top-level key '{key}'",
                        hint,
                        at_key=True,
                    )
                )
            )
    if top_key not in value:
        if not problems:
            problems.append(
                data_file.place(
                    Finding("file-top-level", (), f"the file has no '{top_key}:' key", None)
                )
            )
        return None, problems
    records = value[top_key]
    if records is None:
        return [], problems
    if not isinstance(records, list):
        problems.append(
            data_file.place(
                Finding(
                    "file-top-level",
                    (top_key,),
                    f"'{top_key}' must hold a list of records",
                    f"write each record as a '- id: ...' item under '{top_key}:'",
                )
            )
        )
        return None, problems
    return records, problems


def _validate(
    records: list[Any], top_key: str, model: type[Record]
) -> tuple[list[tuple[int, Any]], list[Finding]]:
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(list[model])  # type: ignore[valid-type]
    try:
        return list(enumerate(adapter.validate_python(records))), []
    except ValidationError:
        pass
    single = TypeAdapter(model)
    valid: list[tuple[int, Any]] = []
    findings: list[Finding] = []
    for index, raw in enumerate(records):
        try:
            valid.append((index, single.validate_python(raw)))
        except ValidationError as err:
            findings.extend(_schema_findings(err, top_key, index, raw, model))
            whole = record_rule_error(model, raw)
            if whole and not any(e["type"] in _WHOLE_RECORD_ERRORS for e in err.errors()):
                who = describe(top_key, index, raw)
                findings.append(Finding("missing-field", (top_key, index), f"{who}: {whole}"))
    return valid, findings


def describe(top_key: str, index: int, raw: Any) -> str:
    """How a record is named in messages: "statement 'hrw-scope'" or "statement #3"."""
    singular = _SINGULAR[top_key]
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return f"{singular} '{raw['id']}'"
    return f"{singular} #{index + 1}"


def _schema_findings(
    err: ValidationError, top_key: str, index: int, raw: Any, model: type[Record]
) -> list[Finding]:
    who = describe(top_key, index, raw)
    findings: list[Finding] = []
    for error in err.errors(include_url=False):
        loc = tuple(error["loc"])
        path = (top_key, index, *loc)
        field_name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "record")
        where = f"{field_name}: " if loc else "the record "
        kind = error["type"]
        value = error.get("input")
        if kind == "extra_forbidden":
            allowed = _fields_at(model, loc[:-1])
            key = str(loc[-1])
            hint = did_you_mean(key, allowed) or f"allowed keys: {', '.join(allowed)}"
            findings.append(
                Finding("unknown-key", path, f"{who}: unknown key '{key}'", hint, at_key=True)
            )
        elif kind == "missing":
            findings.append(
                Finding(
                    "missing-field",
                    path[:-1],
                    f"{who}: required key '{loc[-1]}' is missing",
                    f"add '{loc[-1]}:' to this record",
                )
            )
        elif kind == "enum":
            expected = error.get("ctx", {}).get("expected", "")
            options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
            hint = did_you_mean(str(value), options) or f"use one of: {', '.join(options)}"
            findings.append(
                Finding("bad-value", path, f"{who}: {field_name} '{value}' is not allowed", hint)
            )
        elif kind == "string_pattern_mismatch":
            findings.append(_pattern_finding(path, who, field_name, str(value)))
        elif kind in ("date_value", "date_type"):
            findings.append(Finding("bad-date", path, f"{who}: {error['msg']}", None))
        elif kind == "string_too_short":
            findings.append(
                Finding(
                    "bad-value",
                    path,
                    f"{who}: {field_name} must not be empty",
                    f"give a value or remove '{loc[-1]}:'",
                )
            )
        elif kind == "too_short":
            findings.append(
                Finding(
                    "missing-field",
                    path,
                    f"{who}: {field_name} needs at least one item",
                    "add an item such as '- target: ...' with its 'stance:'",
                )
            )
        elif kind in _WHOLE_RECORD_ERRORS:
            findings.append(Finding("missing-field", path, f"{who}: {error['msg']}", None))
        else:
            findings.append(
                Finding("bad-type", path, f"{who}: {where}{_type_message(error)}", None)
            )
    return findings


def _type_message(error: Any) -> str:
    kind = error["type"]
    shown = {
        "string_type": "must be text",
        "list_type": "must be a list",
        "dict_type": "must be a mapping of keys to values",
        "model_type": "must be a mapping of keys to values",
        "model_attributes_type": "must be a mapping of keys to values",
    }
    return shown.get(kind, str(error["msg"]))


def _pattern_finding(path: tuple[Any, ...], who: str, field_name: str, value: str) -> Finding:
    if field_name.endswith("country"):
        return Finding(
            "bad-value",
            path,
            f"{who}: country '{value}' is not an ISO 3166-1 alpha-2 code",
            "write two capital letters, such as 'NO' or 'US'",
        )
    if field_name.endswith("wikidata"):
        return Finding(
            "bad-value",
            path,
            f"{who}: wikidata '{value}' is not a Wikidata item id",
            "write Q followed by the item's number, such as 'Q190626'",
        )
    slug = "-".join("".join(c if c.isalnum() else " " for c in value.lower()).split())
    hint = "ids are lowercase letters, digits and '-', starting with a letter or digit"
    if slug and slug != value:
        hint += f": try '{slug}'"
    return Finding("bad-id", path, f"{who}: '{value}' is not a valid id", hint)


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: type[BaseModel] = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[str(part)].annotation
        nested = _model_in(annotation)
        if nested is None:
            break
        current = nested
    return list(current.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
