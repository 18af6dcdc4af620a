"""Rules across records (DESIGN.md): ids, references, cycles, speakers, quotes, names.

``check_records`` fills a ``Dataset`` with the records that passed their schema and returns
what is wrong across them, as findings placed by the loader.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from positions.dataset import Dataset
from positions.findings import Finding
from positions.model import Source, Stakeholder, StakeholderKind, Statement, Target
from positions.names import did_you_mean, fold_name

Indexed = list[tuple[int, Any]]

_TYPOGRAPHIC_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
    }
)
_WHITESPACE = re.compile(r"\s+")
#: Characters that reorder or hide text: never legitimate inside a quoted record.
_HIDDEN_CONTROLS = re.compile(
    r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]"
)


def normalise_quote_text(text: str) -> str:
    """Whitespace runs to one space, typographic quote marks to straight ones; nothing else."""
    return _WHITESPACE.sub(" ", text.translate(_TYPOGRAPHIC_QUOTES)).strip()


def _kept(table: dict[str, Any], record: Any) -> bool:
    """Whether ``record`` is the one kept under its id (not a duplicate)."""
    return table.get(record.id) is record


def check_records(dataset: Dataset, valid: dict[str, Indexed]) -> dict[str, list[Finding]]:
    """Fill ``dataset`` with the valid records; return the cross-record findings by file key."""
    found: dict[str, list[Finding]] = {key: [] for key in valid}
    _collect_ids(dataset, valid, found)
    _check_stakeholders(dataset, valid["stakeholders"], found["stakeholders"])
    _check_targets(dataset, valid["targets"], found["targets"])
    _check_sources(dataset, valid["sources"], found["sources"])
    _check_statements(dataset, valid["statements"], found["statements"])
    _check_name_collisions(dataset, valid, found)
    return found


def _collect_ids(
    dataset: Dataset, valid: dict[str, Indexed], found: dict[str, list[Finding]]
) -> None:
    shared: dict[str, str] = {}  # stakeholders and targets share one namespace
    for key, table in (
        ("stakeholders", dataset.stakeholders),
        ("targets", dataset.targets),
        ("sources", dataset.sources),
        ("statements", dataset.statements),
    ):
        seen: dict[str, Any] = {}
        for index, record in valid[key]:
            record_id = record.id
            earlier = seen.get(record_id) or (
                shared.get(record_id) if key in ("stakeholders", "targets") else None
            )
            if earlier is not None:
                found[key].append(
                    Finding(
                        "duplicate-id",
                        (key, index, "id"),
                        f"the id '{record_id}' is already used by {earlier}",
                        "ids are unique across stakeholders and targets, and within sources "
                        "and statements: rename one of them",
                    )
                )
                continue
            where = f"{key[:-1]} #{index + 1} of {key}.yaml"
            seen[record_id] = where
            if key in ("stakeholders", "targets"):
                shared[record_id] = where
            table[record_id] = record


def _append_unknown(
    found: list[Finding],
    dataset: Dataset,
    code: str,
    path: tuple[Any, ...],
    who: str,
    what: str,
    ref: str,
    options: Iterable[str],
    other_kind: str | None = None,
) -> None:
    if other_kind:
        message = f"{who}: {what} '{ref}' is a {other_kind}, not a {what}"
        found.append(Finding(code, path, message, None))
    elif ref not in dataset.invalid_ids:  # an invalid record was already reported where it is
        message = f"{who}: {what} '{ref}' is not defined"
        found.append(Finding(code, path, message, did_you_mean(ref, options)))


def _check_stakeholders(dataset: Dataset, valid: Indexed, found: list[Finding]) -> None:
    for index, person in valid:
        if not _kept(dataset.stakeholders, person):
            continue
        for position, membership in enumerate(person.member_of):
            path = ("stakeholders", index, "member_of", position, "id")
            if membership.id not in dataset.stakeholders:
                _append_unknown(
                    found,
                    dataset,
                    "unknown-member",
                    path,
                    f"stakeholder '{person.id}'",
                    "group",
                    membership.id,
                    dataset.stakeholders,
                    "target" if membership.id in dataset.targets else None,
                )
    _check_cycles(
        dataset.stakeholders,
        lambda s: [m.id for m in s.member_of],
        "stakeholders",
        valid,
        "member_of",
        "cycle-member-of",
        found,
    )


def _check_targets(dataset: Dataset, valid: Indexed, found: list[Finding]) -> None:
    for index, target in valid:
        if not _kept(dataset.targets, target) or target.part_of is None:
            continue
        if target.part_of not in dataset.targets:
            _append_unknown(
                found,
                dataset,
                "unknown-parent",
                ("targets", index, "part_of"),
                f"target '{target.id}'",
                "target",
                target.part_of,
                dataset.targets,
                "stakeholder" if target.part_of in dataset.stakeholders else None,
            )
    _check_cycles(
        dataset.targets,
        lambda t: [t.part_of] if t.part_of else [],
        "targets",
        valid,
        "part_of",
        "cycle-part-of",
        found,
    )


def _check_cycles(
    table: dict[str, Any],
    parents_of: Any,
    key: str,
    valid: Indexed,
    field: str,
    code: str,
    found: list[Finding],
) -> None:
    index_of = {record.id: index for index, record in valid if _kept(table, record)}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset[str]] = set()

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        trail.append(node)
        for parent in parents_of(table[node]):
            if parent not in table:
                continue
            if state.get(parent) == 1:
                cycle = trail[trail.index(parent) :]
                members = frozenset(cycle)
                if members not in reported:
                    reported.add(members)
                    first = min(cycle, key=lambda n: index_of.get(n, 0))
                    loop = cycle[cycle.index(first) :] + cycle[: cycle.index(first)] + [first]
                    position = (
                        [m.id for m in table[first].member_of].index(loop[1])
                        if field == "member_of"
                        else None
                    )
                    path: tuple[Any, ...] = (key, index_of[first], field)
                    if position is not None:
                        path = (*path, position, "id")
                    found.append(
                        Finding(
                            code,
                            path,
                            f"{key[:-1]} '{first}' is in a {field} cycle: {' -> '.join(loop)}",
                            f"a record cannot be, directly or not, {field.replace('_', ' ')} "
                            "itself: remove one link",
                        )
                    )
            elif parent not in state:
                visit(parent, trail)
        trail.pop()
        state[node] = 2

    for record_id in table:
        if record_id not in state:
            visit(record_id, [])


def _check_sources(dataset: Dataset, valid: Indexed, found: list[Finding]) -> None:
    root = dataset.root.resolve()
    for index, source in valid:
        if not _kept(dataset.sources, source) or source.archive is None:
            continue
        path = ("sources", index, "archive")
        archive = Path(source.archive)
        resolved = (dataset.root / archive).resolve()
        if archive.is_absolute() or not resolved.is_relative_to(root):
            found.append(
                Finding(
                    "archive-outside-data",
                    path,
                    f"source '{source.id}': the archive '{source.archive}' is outside the "
                    "data directory",
                    "archives live in data/sources/ and are named relative to data/, such as "
                    f"'sources/{source.id}.txt' (symbolic links out of data/ are refused)",
                )
            )
        elif not resolved.is_file():
            found.append(
                Finding(
                    "archive-missing",
                    path,
                    f"source '{source.id}': the archive '{source.archive}' does not exist",
                    f"save the source's text as {dataset.root / archive}",
                )
            )


def _archive_text(dataset: Dataset, source: Source, cache: dict[str, str | None]) -> str | None:
    if source.id not in cache:
        text: str | None = None
        if source.archive is not None:
            resolved = (dataset.root / source.archive).resolve()
            if resolved.is_relative_to(dataset.root.resolve()) and resolved.is_file():
                try:
                    text = normalise_quote_text(resolved.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError):
                    text = None
        cache[source.id] = text
    return cache[source.id]


def _check_statements(dataset: Dataset, valid: Indexed, found: list[Finding]) -> None:
    archives: dict[str, str | None] = {}
    for index, statement in valid:
        if not _kept(dataset.statements, statement):
            continue
        who = f"statement '{statement.id}'"
        _check_statement_refs(dataset, index, statement, who, found)
        for field_name in ("quote", "paraphrase"):
            text = getattr(statement, field_name)
            if text is not None and (hidden := _HIDDEN_CONTROLS.search(text)):
                char = hidden.group()
                name = unicodedata.name(char, f"U+{ord(char):04X}")
                found.append(
                    Finding(
                        "control-character",
                        ("statements", index, field_name),
                        f"{who}: the {field_name} holds the invisible character "
                        f"U+{ord(char):04X} {name}",
                        "remove it: invisible controls can reorder or hide what a reader sees",
                    )
                )
        source = dataset.sources.get(statement.source)
        if statement.quote is None or source is None or source.archive is None:
            continue
        archive = _archive_text(dataset, source, archives)
        if archive is None:
            continue
        quote = normalise_quote_text(statement.quote)
        if quote not in archive:
            found.append(
                Finding(
                    "quote-not-in-source",
                    ("statements", index, "quote"),
                    f"{who}: the quote is not verbatim in the archive of source '{source.id}' "
                    f"({source.archive})",
                    _closest_passage(quote, archive),
                )
            )


def _closest_passage(quote: str, archive: str) -> str:
    alignment = fuzz.partial_ratio_alignment(quote, archive)
    if alignment is None or alignment.score < 40:
        return "nothing in the archive resembles it: check the source"
    passage = archive[alignment.dest_start : alignment.dest_end]
    if len(passage) > 240:
        passage = passage[:237] + "..."
    return f'closest passage in the archive: "{passage}"'


def _check_statement_refs(
    dataset: Dataset, index: int, statement: Statement, who: str, found: list[Finding]
) -> None:
    stakeholders = dataset.stakeholders
    if statement.actor not in stakeholders:
        _append_unknown(
            found,
            dataset,
            "unknown-actor",
            ("statements", index, "actor"),
            who,
            "stakeholder",
            statement.actor,
            stakeholders,
            "target" if statement.actor in dataset.targets else None,
        )
    if statement.speaker is not None:
        speaker = stakeholders.get(statement.speaker)
        if speaker is None:
            _append_unknown(
                found,
                dataset,
                "unknown-speaker",
                ("statements", index, "speaker"),
                who,
                "stakeholder",
                statement.speaker,
                [s.id for s in stakeholders.values() if s.kind is StakeholderKind.PERSON],
                "target" if statement.speaker in dataset.targets else None,
            )
        elif speaker.kind is not StakeholderKind.PERSON:
            found.append(
                Finding(
                    "speaker-not-person",
                    ("statements", index, "speaker"),
                    f"{who}: the speaker '{speaker.id}' is a {speaker.kind.value}, not a person",
                    f"put '{speaker.id}' as the actor, or name the person who spoke",
                )
            )
    if statement.source not in dataset.sources:
        _append_unknown(
            found,
            dataset,
            "unknown-source",
            ("statements", index, "source"),
            who,
            "source",
            statement.source,
            dataset.sources,
        )
    for position, entry in enumerate(statement.stances):
        path = ("statements", index, "stances", position, "target")
        if entry.target == statement.actor:
            found.append(
                Finding(
                    "self-stance",
                    path,
                    f"{who}: the actor '{statement.actor}' takes a stance on itself",
                    "a stance is about a target or another stakeholder",
                )
            )
        elif (
            entry.target not in dataset.targets
            and entry.target not in stakeholders
            and entry.target not in dataset.invalid_ids
        ):
            found.append(
                Finding(
                    "unknown-target",
                    path,
                    f"{who}: target '{entry.target}' is not defined",
                    did_you_mean(entry.target, [*dataset.targets, *stakeholders]),
                )
            )


def record_names(record: Stakeholder | Target, dataset: Dataset) -> list[tuple[str, str]]:
    """The (field, name) pairs a record can be called by; labels are scoped to their root."""
    names = [("id", record.id)]
    if record.name:
        names.append(("name", record.name))
    names.extend(("aliases", alias) for alias in record.aliases)
    if isinstance(record, Target) and record.label:
        names.append(("label", record.label))
    return names


def root_of(target: Target, dataset: Dataset) -> str:
    """The outermost target that ``target`` is part of (itself when it stands alone)."""
    seen = {target.id}
    current = target
    while current.part_of and current.part_of in dataset.targets and current.part_of not in seen:
        current = dataset.targets[current.part_of]
        seen.add(current.id)
    return current.id


def _check_name_collisions(
    dataset: Dataset, valid: dict[str, Indexed], found: dict[str, list[Finding]]
) -> None:
    owners: dict[tuple[str, str], tuple[str, str]] = {}  # (scope, folded) -> (kind, id)
    for key, table in (("stakeholders", dataset.stakeholders), ("targets", dataset.targets)):
        for index, record in valid[key]:
            if not _kept(table, record):
                continue
            own: set[tuple[str, str]] = set()
            for position, (field_name, name) in enumerate(record_names(record, dataset)):
                scope = (
                    root_of(record, dataset)
                    if field_name == "label" and isinstance(record, Target)
                    else ""
                )
                folded = (scope, fold_name(name))
                if not folded[1] or folded in own:
                    continue
                own.add(folded)
                owner = owners.get(folded)
                if owner is None:
                    owners[folded] = (key[:-1], record.id)
                    continue
                path: tuple[Any, ...] = (key, index, field_name)
                if field_name == "aliases":
                    path = (*path, position - (2 if record.name else 1))
                found[key].append(
                    Finding(
                        "name-collision",
                        path,
                        f"{key[:-1]} '{record.id}': the name '{name}' is also a name of "
                        f"{owner[0]} '{owner[1]}'",
                        "names must tell records apart: change or remove one of them",
                    )
                )
