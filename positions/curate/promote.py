"""Moving reviewed drafts from ``drafts.yaml`` into ``statements.yaml``.

A draft is reviewed when no field of it is ``TODO`` any more. ``promote_drafts`` validates
the chosen drafts with the whole dataset (names resolve as in ``positions add``), appends
them to ``statements.yaml`` and removes them, with the comment lines ``extract`` wrote
above each, from ``drafts.yaml``: every other byte of both files stays as it was, and each
file is replaced atomically.

>>> promote_drafts("data", ["hrw-resembles-a-global-surveillance-treaty"])  # doctest: +SKIP
Promoted(ids=['hrw-resembles-a-global-surveillance-treaty'], ...)
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from positions.curate.add import (
    LOCK_TIMEOUT,
    AddError,
    data_lock,
    field_name,
    retrying,
    stage_records,
    text_digest,
    write_staged,
)
from positions.curate.extract import DRAFTS_FILE, TODO, drafts_in, read_drafts
from positions.data.loader import require_data_dir
from positions.data.names import did_you_mean
from positions.data.yamlread import NotSimple, locate_simple, parse_located


class DraftError(AddError):
    """The drafts asked for cannot be promoted (unknown, or a TODO is left)."""


@dataclass(frozen=True)
class Promoted:
    """What was (or, on a dry run, would be) moved."""

    ids: list[str]
    statements: Path
    #: the first line of the first promoted record in statements.yaml
    line: int
    drafts: Path
    #: drafts left in drafts.yaml
    remaining: int


def todo_fields(draft: Any, path: tuple[str | int, ...] = ()) -> list[str]:
    """The fields of ``draft`` still ``TODO``, such as ``["stances[0].target"]``.

    >>> todo_fields({"actor": "hrw", "stances": [{"target": "TODO", "stance": "oppose"}]})
    ['stances[0].target']
    """
    if isinstance(draft, dict):
        return [f for key, value in draft.items() for f in todo_fields(value, (*path, key))]
    if isinstance(draft, list):
        return [f for i, value in enumerate(draft) for f in todo_fields(value, (*path, i))]
    return [field_name(path)] if isinstance(draft, str) and draft.strip() == TODO else []


def promote_drafts(
    data_dir: str | os.PathLike[str],
    ids: Sequence[str] = (),
    *,
    all_reviewed: bool = False,
    dry_run: bool = False,
    lock_timeout: float = LOCK_TIMEOUT,
    on_wait: Callable[[Path], None] | None = None,
) -> Promoted:
    """Move the drafts ``ids`` (or, with ``all_reviewed``, every reviewed draft) to
    statements.yaml, validated with the whole dataset.

    Raises ``DraftError`` (an unknown id, a TODO left, nothing to promote),
    ``RecordProblems`` when the drafts would make the dataset invalid, ``WriteError``
    when writing fails, ``LockError`` when the lock is not free within ``lock_timeout``
    seconds. Nothing is written unless everything validates; a file saved by another program
    meanwhile is read and validated afresh (``DataChanged`` when it keeps changing).
    """
    root = Path(data_dir)
    require_data_dir(root)
    with data_lock(root, timeout=lock_timeout, on_wait=on_wait):
        return retrying(lambda: _promote_once(root, ids, all_reviewed, dry_run))


def _promote_once(root: Path, ids: Sequence[str], all_reviewed: bool, dry_run: bool) -> Promoted:
    """Read, validate and (unless ``dry_run``) move the drafts once, holding the lock."""
    path = root / DRAFTS_FILE
    text, drafts = read_drafts(path)
    if text is None:
        raise DraftError(f"there is no {path}: draft statements with positions extract first")
    by_id = {str(d.get("id")): index for index, d in enumerate(drafts)}
    chosen: list[int] = []
    for wanted in ids:
        if wanted not in by_id:
            hint = did_you_mean(wanted, by_id)
            raise DraftError(f"no draft '{wanted}' in {path}" + (f" ({hint})" if hint else ""))
        left = todo_fields(drafts[by_id[wanted]])
        if left:
            raise DraftError(f"draft '{wanted}' still has TODO in {', '.join(left)}")
        chosen.append(by_id[wanted])
    if all_reviewed:
        chosen.extend(i for i, d in enumerate(drafts) if not todo_fields(d))
    chosen = sorted(set(chosen))
    if not chosen:
        raise DraftError(
            "no draft is reviewed yet: set every TODO in " + str(path)
            if all_reviewed
            else "name the drafts to promote, or pass --all-reviewed"
        )
    staged = stage_records(root, "statements", [drafts[i] for i in chosen])
    remaining_text = _without_records(text, chosen)
    remaining = drafts_in(remaining_text, path)
    if remaining != [d for i, d in enumerate(drafts) if i not in chosen]:
        raise DraftError(
            f"the promoted drafts could not be cut out of {path} safely; move them by hand"
        )
    files = {**staged.files, DRAFTS_FILE: remaining_text.encode("utf-8")}
    promoted = Promoted(
        [str(drafts[i]["id"]) for i in chosen],
        staged.path,
        staged.lines[0],
        path,
        len(remaining),
    )
    read = {**staged.read, DRAFTS_FILE: text_digest(text)}
    if not dry_run:
        write_staged(root, dataclasses.replace(staged, files=files, read=read))
    return promoted


def _without_records(text: str, indexes: Sequence[int]) -> str:
    """``text`` without the draft records at ``indexes`` and the comments extract wrote above
    each; every other line is kept byte for byte."""
    try:
        located = locate_simple(text)
    except NotSimple:
        located = parse_located(text, DRAFTS_FILE)
    lines = text.splitlines(keepends=True)
    drop: set[int] = set()  # 0-based line numbers
    for index in indexes:
        start = located.value_at(("statements", index))[0] - 1
        indent = _indent(lines[start])
        end = start + 1
        while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
            end += 1
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1  # blank lines after the record belong to what follows
        first = start
        while first > 0 and _indent(lines[first - 1]) == indent:
            above = lines[first - 1].strip()
            if not above.startswith("#") or above.startswith("# skipped"):
                break
            first -= 1
        drop.update(range(first, end))
    return "".join(line for number, line in enumerate(lines) if number not in drop)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
