"""Standalone check of data/: record schemas, references, YAML style and verbatim quotes.

Usage: python scripts/verify_quotes.py [DATA_DIR]   (exit 1 on any problem)

A stop-gap for curators until `positions check` exists; it uses only positions.model.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from positions.model import (
    RECORD_FILES,
    Source,
    Stakeholder,
    StakeholderKind,
    Statement,
    Target,
)

SCHEMA_LINE = "# yaml-language-server: $schema=../positions.schema.json"
QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'"})


def normalise(text: str) -> str:
    """Collapse whitespace and straighten typographic quote marks, nothing else."""
    return " ".join(text.translate(QUOTE_MARKS).split())


def style_problems(path: Path) -> list[str]:
    """Lines that break the one-line-scalar block style the fast loader relies on."""
    problems: list[str] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0] != SCHEMA_LINE:
        problems.append(f"{path}:1: first line must be {SCHEMA_LINE!r}")
    for number, line in enumerate(lines, 1):
        if "\t" in line:
            problems.append(f"{path}:{number}: tab character")
        stripped = line.split(" #", 1)[0].rstrip()
        if re.search(r":\s*[|>][-+]?$", stripped):
            problems.append(f"{path}:{number}: block scalar (keep every scalar on one line)")
        if re.search(r"(^|\s)[&*!][A-Za-z]", stripped) and not re.search(r"[\"']", stripped):
            problems.append(f"{path}:{number}: anchor, alias or tag")
        indent = len(line) - len(line.lstrip(" "))
        if line.strip() and indent % 2:
            problems.append(f"{path}:{number}: odd indentation")
    return problems


def load_records(data: Path) -> tuple[dict[str, list[Any]], list[str]]:
    records: dict[str, list[Any]] = {}
    problems: list[str] = []
    for filename, (key, model) in RECORD_FILES.items():
        path = data / filename
        problems += style_problems(path)
        document: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(document, dict) or set(document) != {key}:
            problems.append(f"{path}: top level must be the single key {key!r}")
            records[key] = []
            continue
        items = document[key]
        parsed: list[Any] = []
        for index, item in enumerate(items):
            try:
                parsed.append(model.model_validate(item))
            except ValidationError as err:
                ident = item.get("id") if isinstance(item, dict) else index
                problems.append(f"{path}: record {ident}: {err}")
        records[key] = parsed
    return records, problems


def check(data: Path) -> list[str]:
    records, problems = load_records(data)
    stakeholders = {r.id: r for r in records["stakeholders"] if isinstance(r, Stakeholder)}
    targets = {r.id: r for r in records["targets"] if isinstance(r, Target)}
    sources = {r.id: r for r in records["sources"] if isinstance(r, Source)}
    statements = [r for r in records["statements"] if isinstance(r, Statement)]

    entity_ids = [*(r.id for r in records["stakeholders"]), *(r.id for r in records["targets"])]
    for kind, ids in (
        ("stakeholder/target", entity_ids),
        ("source", [r.id for r in records["sources"]]),
        ("statement", [s.id for s in statements]),
    ):
        seen: set[str] = set()
        for ident in ids:
            if ident in seen:
                problems.append(f"duplicate {kind} id {ident}")
            seen.add(ident)

    for holder in stakeholders.values():
        for membership in holder.member_of:
            if membership.id not in stakeholders:
                problems.append(f"stakeholder {holder.id}: member_of {membership.id} unknown")
    for target in targets.values():
        if target.part_of is not None and target.part_of not in targets:
            problems.append(f"target {target.id}: part_of {target.part_of} unknown")

    archives: dict[str, str] = {}
    for source in sources.values():
        if source.archive is None:
            continue
        path = data / source.archive
        if not path.is_file():
            problems.append(f"source {source.id}: archive {source.archive} missing")
            continue
        archives[source.id] = normalise(path.read_text(encoding="utf-8"))

    for statement in statements:
        where = f"statement {statement.id}"
        if statement.actor not in stakeholders:
            problems.append(f"{where}: actor {statement.actor} unknown")
        if statement.speaker is not None:
            speaker = stakeholders.get(statement.speaker)
            if speaker is None:
                problems.append(f"{where}: speaker {statement.speaker} unknown")
            elif speaker.kind is not StakeholderKind.PERSON:
                problems.append(f"{where}: speaker {statement.speaker} is not a person")
        if statement.source not in sources:
            problems.append(f"{where}: source {statement.source} unknown")
        for entry in statement.stances:
            if entry.target not in targets and entry.target not in stakeholders:
                problems.append(f"{where}: stance target {entry.target} unknown")
        if statement.quote is not None and statement.source in archives:
            if normalise(statement.quote) not in archives[statement.source]:
                problems.append(f"{where}: quote not verbatim in {statement.source}")
        elif statement.quote is not None and statement.source in sources:
            problems.append(f"{where}: quote cannot be checked: source has no archive")
    return problems


def main() -> int:
    data = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "data"
    )
    problems = check(data)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
