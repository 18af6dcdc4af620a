"""Rules across records (DESIGN.md): ids, references, cycles, speakers, quotes, names.

``check_records`` fills a ``DatasetDraft`` with the records that passed their schema and returns
what is wrong across them, as findings placed by the loader.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from positions.data.dataset import DatasetDraft
from positions.data.findings import Finding
from positions.data.names import did_you_mean, fold_name
from positions.model import Stakeholder, StakeholderKind, Statement, Target

Indexed = list[tuple[int, Any]]

#: Typographic quote marks and their straight forms (the only change quotes may differ by).
_TYPOGRAPHIC_QUOTES = (
    ("“", '"'),
    ("”", '"'),
    ("„", '"'),
    ("‟", '"'),
    ("″", '"'),
    ("‘", "'"),
    ("’", "'"),
    ("‚", "'"),
    ("‛", "'"),
    ("′", "'"),
)
#: Characters that reorder or hide text: never legitimate inside a quoted record. The
#: direction marks (LRM, RLM, ALM) are refused too: a quote's direction is the reader's
#: to set, and an invisible mark makes a "verbatim" quote differ from what anyone can see.
_HIDDEN_CONTROLS = re.compile(
    r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f"
    r"\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]"
)
#: Characters no text field may hold: the controls (they drive terminals and are not XML),
#: the line separators, the bidi embeddings, overrides and isolates, a byte order mark, the
#: non-characters and lone surrogates (no XML, no UTF-8). Tabs and line breaks are text.
_UNSAFE_TEXT = re.compile(
    r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
    r"\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]"
)
#: What a file read by the fast reader needs for a value to hold such a character: an
#: escape in a double-quoted value, or a bidi character (the fast reader lets those through).
_MAY_HOLD_UNSAFE = re.compile(r"\\|[\u202a-\u202e\u2066-\u2069]")
#: Letters that look like Latin ones (Greek, Cyrillic) and invisible characters that split
#: or join words: where a name may be a look-alike of another (``_look_alike``).
_MAY_LOOK_ALIKE = re.compile("[\u00ad\u0370-\u03ff\u0400-\u052f\u1f00-\u1fff\u200b-\u200d\u2060]")
#: Invisible characters a name never needs: a soft hyphen, zero-width space and joiners,
#: word joiner. (The joiners are text in some scripts; they are refused next to the
#: alphabets that never use them.)
_INVISIBLE_IN_NAME = re.compile(
    "[\u00ad\u200b\u2060]|(?<=[A-Za-z\u00c0-\u024f\u0370-\u052f])[\u200c\u200d]|[\u200c\u200d](?=[A-Za-z\u00c0-\u024f\u0370-\u052f])"
)
#: The fields that name a record, where a look-alike could pass for another record.
NAME_FIELDS = frozenset({"name", "aliases", "label"})
#: Scripts whose letters are confused with each other's; a word should use only one.
_CONFUSABLE_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")
#: The longest text a quote, paraphrase or condition may be (characters).
MAX_TEXT_CHARS = 100_000
#: The longest any other text may be: an id, a name, an alias, a label, a title, a URL.
MAX_SHORT_TEXT_CHARS = 2_000
#: The fields that hold running text, limited to ``MAX_TEXT_CHARS``.
LONG_TEXT_FIELDS = frozenset({"quote", "paraphrase", "condition"})


def normalise_quote_text(text: str) -> str:
    """Whitespace runs to one space, typographic quote marks to straight ones; nothing else.

    >>> normalise_quote_text("a  “global”   treaty ")
    'a "global" treaty'
    """
    if not text.isascii():  # str.replace is far faster than str.translate on long texts
        for typographic, straight in _TYPOGRAPHIC_QUOTES:
            if typographic in text:
                text = text.replace(typographic, straight)
    return " ".join(text.split())  # str.split() splits on exactly what \s matches


def text_findings(top_key: str, records: Sequence[Any], text: str, fast: bool) -> list[Finding]:
    """Every text value of a file's records that is too long or holds a character no
    output could show safely (see ``_UNSAFE_TEXT``), as findings at the value.

    ``text`` is the file and ``fast`` whether the fast reader read it: every value of such
    a file lies on one line, so a file without long lines or escapes is passed at once.
    """
    longest_line = max(map(len, text.split("\n")), default=0) if fast else 0
    if (
        fast
        and longest_line <= MAX_SHORT_TEXT_CHARS
        and not _MAY_HOLD_UNSAFE.search(text)
        and not (top_key in ("stakeholders", "targets") and _MAY_LOOK_ALIKE.search(text))
    ):
        return []
    found: list[Finding] = []
    singular = top_key[:-1]
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            continue
        ident = record.get("id")
        who = f"{singular} '{ident}'" if isinstance(ident, str) else f"{singular} #{index + 1}"
        # an explicit stack, not recursion: a value may nest as deep as the reader allows
        stack: list[tuple[tuple[str | int, ...], str, Any]] = [
            ((top_key, index, key), str(key), value) for key, value in record.items()
        ]
        while stack:
            path, field_name, value = stack.pop()
            if isinstance(value, dict):
                stack.extend(((*path, key), str(key), item) for key, item in value.items())
            elif isinstance(value, list):
                stack.extend(((*path, n), field_name, item) for n, item in enumerate(value))
            elif isinstance(value, str):
                found.extend(_text_value_findings(path, who, field_name, value, top_key))
    return found


def _text_value_findings(
    path: tuple[str | int, ...], who: str, field_name: str, value: str, top_key: str
) -> list[Finding]:
    found = []
    limit = MAX_TEXT_CHARS if field_name in LONG_TEXT_FIELDS else MAX_SHORT_TEXT_CHARS
    if len(value) > limit:
        found.append(
            Finding(
                "text-too-long",
                path,
                f"{who}: the {field_name} is {len(value):,} characters long, over the limit "
                f"of {limit:,}",
                f"shorten it to {limit:,} characters or fewer",
            )
        )
    # quotes and paraphrases have their own rule (with the invisible direction marks)
    quoted = top_key == "statements" and len(path) == 3 and field_name in ("quote", "paraphrase")
    if not quoted and not value.isprintable() and (unsafe := _UNSAFE_TEXT.search(value)):
        char = unsafe.group()
        name = unicodedata.name(char, "")  # the C0 and C1 controls have no name
        shown = f"U+{ord(char):04X} {name}" if name else f"the control character U+{ord(char):04X}"
        found.append(
            Finding(
                "control-character",
                path,
                f"{who}: the {field_name} holds {shown}",
                "remove it: control characters act on terminals and break XML exports",
            )
        )
    if field_name in NAME_FIELDS and top_key in ("stakeholders", "targets"):
        trick = _look_alike(value)
        if trick is not None:
            found.append(
                Finding(
                    "look-alike-name",
                    path,
                    f"{who}: the {field_name} {trick}",
                    "retype it in one script, without invisible characters: a look-alike "
                    "reads as another name but matches none",
                )
            )
    return found


def _look_alike(value: str) -> str | None:
    """What makes ``value`` a possible look-alike name, or None.

    A word mixing Latin, Greek and Cyrillic letters (Cyrillic а in "Humаn"), or an
    invisible character that splits or joins words (U+200B ZERO WIDTH SPACE).

    >>> print(_look_alike("Hum\u0430n Rights Watch"))  # doctest: +NORMALIZE_WHITESPACE
    'Hum\u0430n Rights Watch' mixes Latin and Cyrillic letters in one word ('Hum\u0430n':
    \u0430 is U+0430 CYRILLIC SMALL LETTER A)
    >>> _look_alike("Ελληνικό Κοινοβούλιο") is None
    True
    """
    if not _MAY_LOOK_ALIKE.search(value):
        return None
    hidden = _INVISIBLE_IN_NAME.search(value)
    if hidden:
        char = hidden.group()
        name = unicodedata.name(char, "")
        before = value[: hidden.start()]
        return f"holds the invisible character U+{ord(char):04X} {name} after '{before}'"
    for word in re.split(r"[\W\d_]+", value):
        scripts: dict[str, str] = {}  # script -> its first letter in the word
        for char in word:
            script = unicodedata.name(char, "").partition(" ")[0]
            if script in _CONFUSABLE_SCRIPTS:
                scripts.setdefault(script, char)
        if len(scripts) > 1:
            names = sorted(scripts, key=_CONFUSABLE_SCRIPTS.index)
            odd = scripts[names[-1]]
            return (
                f"'{value}' mixes {' and '.join(n.title() for n in names)} letters in one word "
                f"('{word}': {odd} is U+{ord(odd):04X} {unicodedata.name(odd)})"
            )
    return None


def _kept(table: dict[str, Any], record: Any) -> bool:
    """Whether ``record`` is the one kept under its id (not a duplicate)."""
    return table.get(record.id) is record


@dataclass(slots=True)
class _Refs:
    """What the reference rules need of a record: taken from a valid model, or read from
    the raw mapping of a record that failed its schema (so its references are checked too)."""

    index: int
    who: str
    actor: str | None = None
    speaker: str | None = None
    source: str | None = None
    quote: str | None = None
    paraphrase: str | None = None
    #: (position, id) of each stance target, group of member_of, or (0, part_of)
    links: Sequence[tuple[int, str]] = ()


def _text(raw: dict[str, Any], key: str) -> str | None:
    value = raw.get(key)
    return value if isinstance(value, str) and value else None


def _raw_links(raw: dict[str, Any], key: str, inner: str) -> tuple[tuple[int, str], ...]:
    items = raw.get(key)
    if not isinstance(items, list):
        return ()
    return tuple(
        (position, item[inner])
        for position, item in enumerate(items)
        if isinstance(item, dict) and isinstance(item.get(inner), str) and item[inner]
    )


def _refs(kind: str, index: int, record: Any, dataset: DatasetDraft) -> _Refs | None:
    """The references of a valid record (kept under its id or not) or a raw invalid one."""
    if isinstance(record, dict):
        raw = record
        ident = raw.get("id")
        who = f"{kind} '{ident}'" if isinstance(ident, str) else f"{kind} #{index + 1}"
        if kind == "statement":
            return _Refs(
                index,
                who,
                actor=_text(raw, "actor"),
                speaker=_text(raw, "speaker"),
                source=_text(raw, "source"),
                quote=_text(raw, "quote"),
                paraphrase=_text(raw, "paraphrase"),
                links=_raw_links(raw, "stances", "target"),
            )
        if kind == "stakeholder":
            return _Refs(index, who, links=_raw_links(raw, "member_of", "id"))
        parent = _text(raw, "part_of")
        return _Refs(index, who, links=((0, parent),) if parent else ())
    who = f"{kind} '{record.id}'"
    if isinstance(record, Statement):
        return _Refs(
            index,
            who,
            actor=record.actor,
            speaker=record.speaker,
            source=record.source,
            quote=record.quote,
            paraphrase=record.paraphrase,
            links=[(position, e.target) for position, e in enumerate(record.stances)],
        )
    if isinstance(record, Stakeholder):
        return _Refs(index, who, links=tuple((i, m.id) for i, m in enumerate(record.member_of)))
    if isinstance(record, Target):
        return _Refs(index, who, links=((0, record.part_of),) if record.part_of else ())
    return None


class _Archive:
    """A source's text, normalised only when a quote is not found in it as it stands."""

    __slots__ = ("_normalised", "raw")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self._normalised: str | None = None

    @property
    def normalised(self) -> str:
        if self._normalised is None:
            self._normalised = normalise_quote_text(self.raw)
        return self._normalised

    def holds(self, quote: str) -> bool:
        """Whether ``quote`` is verbatim in the text, up to whitespace and quote marks.

        A quote found as it stands is also found once both texts are normalised (whitespace
        runs inside it are whole runs of the archive too), so most quotes cost one search.
        """
        return quote in self.raw or normalise_quote_text(quote) in self.normalised


@dataclass
class _Checker:
    dataset: DatasetDraft
    found: dict[str, list[Finding]]
    #: record files that could not be read: references into them are not reported
    unreadable: frozenset[str]
    #: archive texts to check instead of the files (relative path as a source names it)
    replaced: Mapping[str, bytes] = field(default_factory=dict)
    #: the archive of each source that has a readable one, by source id
    archives: dict[str, _Archive] = field(default_factory=dict)

    def unknown(
        self,
        key: str,
        code: str,
        path: tuple[Any, ...],
        who: str,
        what: str,
        ref: str,
        options: Iterable[str],
        namespaces: tuple[str, ...],
        other_kind: str | None = None,
    ) -> None:
        if other_kind:
            message = f"{who}: {what} '{ref}' is a {other_kind}, not a {what}"
            self.found[key].append(Finding(code, path, message, None))
        elif ref not in self.dataset.invalid_ids and not self.unreadable.intersection(namespaces):
            # an invalid record, or an unreadable file, was already reported where it is
            message = f"{who}: {what} '{ref}' is not defined"
            # records that failed their schema are still what a typo most likely meant
            hint = did_you_mean(ref, [*options, *self.dataset.invalid_ids])
            self.found[key].append(Finding(code, path, message, hint))


def check_records(
    dataset: DatasetDraft,
    valid: dict[str, Indexed],
    invalid: dict[str, Indexed] | None = None,
    unreadable: Iterable[str] = (),
    replaced: Mapping[str, bytes] | None = None,
) -> dict[str, list[Finding]]:
    """Fill ``dataset`` with the valid records; return the cross-record findings by file key.

    ``invalid`` holds the raw mappings of records that failed their schema, by file key:
    their references and quotes are checked too. ``unreadable`` names the files (by top
    key) that could not be read, so references into them are not reported a second time.
    """
    found: dict[str, list[Finding]] = {key: [] for key in valid}
    checker = _Checker(dataset, found, frozenset(unreadable), dict(replaced or {}))
    invalid = invalid or {}

    def every(key: str) -> Indexed:
        return sorted([*valid[key], *invalid.get(key, [])], key=lambda pair: pair[0])

    _collect_ids(dataset, valid, found)
    _check_stakeholders(checker, valid["stakeholders"], every("stakeholders"))
    _check_targets(checker, valid["targets"], every("targets"))
    _check_sources(checker, valid["sources"])
    _check_statements(checker, every("statements"))
    _check_statement_dates(dataset, valid["statements"], found["statements"])
    _check_conflicting_stances(valid["statements"], found["statements"])
    _check_wikidata(valid["stakeholders"], found["stakeholders"])
    _check_name_collisions(dataset, valid, found)
    return found


def check_info(dataset: DatasetDraft, unreadable: Iterable[str] = ()) -> list[Finding]:
    """The rules on ``dataset.yaml`` across records: its ``main_target`` must be a target."""
    info = dataset.info
    wanted = info.main_target if info is not None else None
    if wanted is None or wanted in dataset.targets or "targets" in unreadable:
        return []
    if wanted in dataset.invalid_ids:
        return []
    return [
        Finding(
            "unknown-target",
            ("main_target",),
            f"dataset: main_target '{wanted}' is not a target",
            did_you_mean(wanted, list(dataset.targets)) or "name a target by its id",
        )
    ]


def _check_statement_dates(dataset: DatasetDraft, valid: Indexed, found: list[Finding]) -> None:
    """A statement dated after its source was published (v2): the first day of its date is
    later than the last day of the source's."""
    for index, statement in valid:
        source = dataset.sources.get(statement.source)
        if statement.date is None or source is None or source.published is None:
            continue
        if statement.date.start > source.published.end:
            found.append(
                Finding(
                    "statement-after-source",
                    ("statements", index, "date"),
                    f"statement '{statement.id}': dated {statement.date}, after its source "
                    f"'{source.id}' was published ({source.published})",
                    "a source cannot report what was said after it appeared: correct one "
                    "of the two dates",
                )
            )


def _check_conflicting_stances(valid: Indexed, found: list[Finding]) -> None:
    """One statement giving two different stances on one target (v2)."""
    for index, statement in valid:
        first: dict[str, Any] = {}
        for number, entry in enumerate(statement.stances):
            earlier = first.setdefault(entry.target, entry.stance)
            if earlier is not entry.stance:
                found.append(
                    Finding(
                        "conflicting-stances",
                        ("statements", index, "stances", number, "stance"),
                        f"statement '{statement.id}': {entry.stance.value} on "
                        f"'{entry.target}', but {earlier.value} on it above",
                        "one statement takes one stance on a target: use 'mixed', or make "
                        "two statements",
                    )
                )


def _check_wikidata(valid: Indexed, found: list[Finding]) -> None:
    """Two stakeholders with one Wikidata id (v2)."""
    owner: dict[str, str] = {}
    for index, stakeholder in valid:
        wikidata = stakeholder.wikidata
        if wikidata is None:
            continue
        earlier = owner.setdefault(wikidata, stakeholder.id)
        if earlier != stakeholder.id:
            found.append(
                Finding(
                    "duplicate-wikidata",
                    ("stakeholders", index, "wikidata"),
                    f"stakeholder '{stakeholder.id}': the Wikidata id {wikidata} is already "
                    f"stakeholder '{earlier}'",
                    "one Wikidata item is one actor: correct the id, or merge the records",
                )
            )


def _collect_ids(
    dataset: DatasetDraft, valid: dict[str, Indexed], found: dict[str, list[Finding]]
) -> None:
    for key, table in (
        ("stakeholders", dataset.stakeholders),
        ("targets", dataset.targets),
        ("sources", dataset.sources),
        ("statements", dataset.statements),
    ):
        records = valid[key]
        # stakeholders and targets share one namespace (a stance may be about either)
        other = dataset.stakeholders if key == "targets" else None
        ids = [record.id for _, record in records]
        if len(set(ids)) == len(ids) and (other is None or other.keys().isdisjoint(ids)):
            table.update(zip(ids, (record for _, record in records), strict=True))
            continue  # the common case, without a lookup per record
        for index, record in records:
            record_id = record.id
            earlier_key = key if record_id in table else "stakeholders"
            if record_id not in table and (other is None or record_id not in other):
                table[record_id] = record
                continue
            earlier = next(i for i, r in valid[earlier_key] if r.id == record_id)
            found[key].append(
                Finding(
                    "duplicate-id",
                    (key, index, "id"),
                    f"the id '{record_id}' is already used by {earlier_key[:-1]} "
                    f"#{earlier + 1} of {earlier_key}.yaml",
                    "ids are unique across stakeholders and targets, and within sources "
                    "and statements: rename one of them",
                )
            )


def _check_stakeholders(checker: _Checker, valid: Indexed, every: Indexed) -> None:
    dataset = checker.dataset
    for index, record in every:
        refs = _refs("stakeholder", index, record, dataset)
        for position, group in refs.links if refs else ():
            if group not in dataset.stakeholders:
                checker.unknown(
                    "stakeholders",
                    "unknown-member",
                    ("stakeholders", index, "member_of", position, "id"),
                    refs.who if refs else "",
                    "group",
                    group,
                    dataset.stakeholders,
                    ("stakeholders",),
                    "target" if group in dataset.targets else None,
                )
    _check_cycles(
        dataset.stakeholders,
        lambda s: [m.id for m in s.member_of],
        "stakeholders",
        valid,
        "member_of",
        "cycle-member-of",
        checker.found["stakeholders"],
    )


def _check_targets(checker: _Checker, valid: Indexed, every: Indexed) -> None:
    dataset = checker.dataset
    for index, record in every:
        refs = _refs("target", index, record, dataset)
        for _, parent in refs.links if refs else ():
            if parent not in dataset.targets:
                checker.unknown(
                    "targets",
                    "unknown-parent",
                    ("targets", index, "part_of"),
                    refs.who if refs else "",
                    "target",
                    parent,
                    dataset.targets,
                    ("targets",),
                    "stakeholder" if parent in dataset.stakeholders else None,
                )
    _check_cycles(
        dataset.targets,
        lambda t: [t.part_of] if t.part_of else [],
        "targets",
        valid,
        "part_of",
        "cycle-part-of",
        checker.found["targets"],
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

    def report(cycle: list[str]) -> None:
        members = frozenset(cycle)
        if members in reported:
            return
        reported.add(members)
        first = min(cycle, key=lambda n: index_of.get(n, 0))
        loop = cycle[cycle.index(first) :] + cycle[: cycle.index(first)] + [first]
        position = (
            [m.id for m in table[first].member_of].index(loop[1]) if field == "member_of" else None
        )
        path: tuple[Any, ...] = (key, index_of[first], field)
        if position is not None:
            path = (*path, position, "id")
        found.append(
            Finding(
                code,
                path,
                f"{key[:-1]} '{first}' is in a {field} cycle: {_shown_loop(loop)}",
                f"a record cannot be, directly or not, {field.replace('_', ' ')} "
                "itself: remove one link",
            )
        )

    # a depth-first walk with an explicit stack: a chain of any length, no RecursionError
    for start in table:
        if start in state:
            continue
        trail: list[str] = [start]
        on_trail: dict[str, int] = {start: 0}  # node -> its place in the trail
        pending: list[Iterator[str]] = [iter(parents_of(table[start]))]
        state[start] = 1
        while pending:
            parent = next(pending[-1], None)
            if parent is None:
                pending.pop()
                done = trail.pop()
                del on_trail[done]
                state[done] = 2
                continue
            if parent not in table:
                continue
            if state.get(parent) == 1:
                report(trail[on_trail[parent] :])
            elif parent not in state:
                state[parent] = 1
                on_trail[parent] = len(trail)
                trail.append(parent)
                pending.append(iter(parents_of(table[parent])))


def _shown_loop(loop: list[str]) -> str:
    """``a -> b -> a``; a long loop shows its first and last steps and how many between."""
    if len(loop) <= 12:
        return " -> ".join(loop)
    return f"{' -> '.join(loop[:5])} -> ({len(loop) - 10:,} more) -> {' -> '.join(loop[-5:])}"


def _real_path(root: str, relative: str, directories: dict[str, str]) -> str:
    """``os.path.realpath(root/relative)``, resolving each directory only once.

    A dataset has thousands of archives in a few directories; resolving every path in full
    would look up each of its directories again for each archive.
    """
    head, name = os.path.split(os.path.join(root, relative))
    if name in ("", ".", ".."):
        return os.path.realpath(os.path.join(root, relative))
    real_head = directories.get(head)
    if real_head is None:
        real_head = directories[head] = os.path.realpath(head)
    full = os.path.join(real_head, name)
    return os.path.realpath(full) if os.path.islink(full) else full


#: The largest archive a quote is checked against (bytes).
MAX_ARCHIVE_BYTES = 256 << 20


def _read_regular(path: str) -> str:
    """The UTF-8 text of the regular file at ``path``: opened without blocking and without
    following a link swapped in since it was resolved, refused when it is a device or a
    pipe by then, read up to ``MAX_ARCHIVE_BYTES`` (OSError otherwise)."""
    return read_regular_bytes(path, follow_links=False).decode("utf-8")


def read_regular_bytes(
    path: str | os.PathLike[str], *, follow_links: bool = True, limit: int = MAX_ARCHIVE_BYTES
) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Opened without blocking, so a FIFO cannot hang the read; a device, a pipe, a directory
    or a file over ``limit`` (``/dev/zero``, ``/dev/stdin``) raises ``OSError`` saying what
    it is. With ``follow_links=False`` a link at ``path`` itself is refused.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = (
                "a character device"
                if stat.S_ISCHR(mode)
                else "a block device"
                if stat.S_ISBLK(mode)
                else "a pipe"
                if stat.S_ISFIFO(mode)
                else "a directory"
                if stat.S_ISDIR(mode)
                else "a socket"
            )
            raise OSError(f"{os.fspath(path)} is not a regular file (it is {kind})")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError(f"{os.fspath(path)} is over the limit of {limit:,} bytes")
    return data


def _check_sources(checker: _Checker, valid: Indexed) -> None:
    dataset = checker.dataset
    root = os.path.realpath(dataset.root)
    directories: dict[str, str] = {}
    for index, source in valid:
        if source.archive is None:
            continue
        path = ("sources", index, "archive")
        archive = Path(source.archive)
        resolved = _real_path(root, source.archive, directories)
        text: _Archive | None = None
        if archive.is_absolute() or not resolved.startswith(root + os.sep):
            checker.found["sources"].append(
                Finding(
                    "archive-outside-data",
                    path,
                    f"source '{source.id}': the archive '{source.archive}' is outside the "
                    "data directory",
                    "archives live in data/sources/ and are named relative to data/, such as "
                    f"'sources/{source.id}.txt'; symbolic links out of data/ are refused",
                )
            )
        elif source.archive in checker.replaced:  # validation in memory (positions add)
            text = _Archive(checker.replaced[source.archive].decode("utf-8", "replace"))
        elif os.path.exists(resolved) and not os.path.isfile(resolved):
            checker.found["sources"].append(
                Finding(
                    "archive-unreadable",
                    path,
                    f"source '{source.id}': the archive '{source.archive}' is not a regular file",
                    "save the source's text as a plain file there, not a device, pipe or folder",
                )
            )
        elif not os.path.isfile(resolved):
            checker.found["sources"].append(
                Finding(
                    "archive-missing",
                    path,
                    f"source '{source.id}': the archive '{source.archive}' does not exist",
                    f"save the source's text as {dataset.root / archive}",
                )
            )
        else:
            try:
                text = _Archive(_read_regular(resolved))
            except (OSError, UnicodeDecodeError) as error:
                reason = "it is not UTF-8" if isinstance(error, UnicodeDecodeError) else error
                checker.found["sources"].append(
                    Finding(
                        "archive-unreadable",
                        path,
                        f"source '{source.id}': the archive '{source.archive}' cannot be "
                        f"read: {reason}",
                        "save the archive as UTF-8 text, so that quotes can be checked",
                    )
                )
        if text is not None and _kept(dataset.sources, source):
            checker.archives[source.id] = text


def _statement_is_sound(
    statement: Any, dataset: DatasetDraft, archives: dict[str, _Archive]
) -> bool:
    """The common case, decided fast: every rule on a valid statement holds.

    When it does not hold, the full checks below say what is wrong; both apply the same rules.
    """
    if not isinstance(statement, Statement):
        return False
    stakeholders = dataset.stakeholders
    actor = statement.actor
    if actor not in stakeholders or statement.source not in dataset.sources:
        return False
    if statement.speaker is not None:
        speaker = stakeholders.get(statement.speaker)
        if speaker is None or speaker.kind is not StakeholderKind.PERSON:
            return False
    targets = dataset.targets
    for entry in statement.stances:
        target = entry.target
        if target == actor or (target not in targets and target not in stakeholders):
            return False
    text = statement.quote if statement.quote is not None else statement.paraphrase
    # every hidden character is a control or format character, which isprintable() refuses
    if text is None or (not text.isprintable() and _HIDDEN_CONTROLS.search(text)):
        return False
    if statement.quote is not None:
        archive = archives.get(statement.source)
        if archive is not None and not archive.holds(statement.quote):
            return False
    return True


def _check_statements(checker: _Checker, every: Indexed) -> None:
    dataset = checker.dataset
    found = checker.found["statements"]
    archives = checker.archives
    for index, record in every:
        if _statement_is_sound(record, dataset, archives):
            continue
        refs = _refs("statement", index, record, dataset)
        if refs is None:
            continue
        _check_statement_refs(checker, refs)
        for field_name in ("quote", "paraphrase"):
            text = getattr(refs, field_name)
            if text is not None and (hidden := _HIDDEN_CONTROLS.search(text)):
                char = hidden.group()
                name = unicodedata.name(char, f"U+{ord(char):04X}")
                found.append(
                    Finding(
                        "control-character",
                        ("statements", index, field_name),
                        f"{refs.who}: the {field_name} holds the invisible character "
                        f"U+{ord(char):04X} {name}",
                        "remove it: invisible controls can reorder or hide what a reader sees",
                    )
                )
        if refs.quote is None or refs.source is None:
            continue
        archive = checker.archives.get(refs.source)
        if archive is None or archive.holds(refs.quote):
            continue
        source = dataset.sources[refs.source]
        found.append(
            Finding(
                "quote-not-in-source",
                ("statements", index, "quote"),
                f"{refs.who}: the quote is not verbatim in the archive of source "
                f"'{source.id}' ({source.archive})",
                _closest_passage(normalise_quote_text(refs.quote), archive.normalised),
            )
        )


#: How much of a misquote the closest-passage search looks for (characters): the search
#: costs more than the product of the two lengths, so a 100 KB misquote is cut to its start.
CLOSEST_PASSAGE_CHARS = 200


def _closest_passage(quote: str, archive: str) -> str:
    from rapidfuzz import fuzz  # only for a misquote: keeps start-up fast

    if len(quote) > CLOSEST_PASSAGE_CHARS:  # cut at a word, so the needle is whole words
        cut = quote.rfind(" ", 0, CLOSEST_PASSAGE_CHARS)
        quote = quote[: cut if cut > 0 else CLOSEST_PASSAGE_CHARS]
    alignment = fuzz.partial_ratio_alignment(quote, archive)
    if alignment is None or alignment.score < 40:
        return "nothing in the archive resembles it: check the source"
    start, end = alignment.dest_start, alignment.dest_end
    while start > 0 and archive[start - 1].isalnum():  # widen to whole words
        start -= 1
    while end < len(archive) and archive[end].isalnum():
        end += 1
    passage = archive[start:end]
    if not quote.startswith(('"', "'")):
        passage = passage.lstrip("\"' ")
    if not quote.endswith(('"', "'")):
        passage = passage.rstrip("\"' ")
    if len(passage) > 240:
        passage = passage[:237] + "..."
    return f'closest passage in the archive: "{passage}"'


def _check_statement_refs(checker: _Checker, refs: _Refs) -> None:
    dataset = checker.dataset
    stakeholders = dataset.stakeholders
    found = checker.found["statements"]
    index, who = refs.index, refs.who
    if refs.actor is not None and refs.actor not in stakeholders:
        checker.unknown(
            "statements",
            "unknown-actor",
            ("statements", index, "actor"),
            who,
            "stakeholder",
            refs.actor,
            stakeholders,
            ("stakeholders",),
            "target" if refs.actor in dataset.targets else None,
        )
    if refs.speaker is not None:
        speaker = stakeholders.get(refs.speaker)
        if speaker is None:
            checker.unknown(
                "statements",
                "unknown-speaker",
                ("statements", index, "speaker"),
                who,
                "stakeholder",
                refs.speaker,
                [s.id for s in stakeholders.values() if s.kind is StakeholderKind.PERSON],
                ("stakeholders",),
                "target" if refs.speaker in dataset.targets else None,
            )
        elif speaker.kind is not StakeholderKind.PERSON:
            found.append(
                Finding(
                    "speaker-not-person",
                    ("statements", index, "speaker"),
                    f"{who}: the speaker '{speaker.id}' is not a person (its kind is "
                    f"{speaker.kind.value})",
                    f"put '{speaker.id}' as the actor, or name the person who spoke",
                )
            )
    if refs.source is not None and refs.source not in dataset.sources:
        checker.unknown(
            "statements",
            "unknown-source",
            ("statements", index, "source"),
            who,
            "source",
            refs.source,
            dataset.sources,
            ("sources",),
        )
    for position, target in refs.links:
        path = ("statements", index, "stances", position, "target")
        if target == refs.actor:
            found.append(
                Finding(
                    "self-stance",
                    path,
                    f"{who}: the actor '{refs.actor}' takes a stance on itself",
                    "a stance is about a target or another stakeholder",
                )
            )
        elif target not in dataset.targets and target not in stakeholders:
            checker.unknown(
                "statements",
                "unknown-target",
                path,
                who,
                "target",
                target,
                [*dataset.targets, *stakeholders],
                ("targets", "stakeholders"),
            )


def record_names(record: Stakeholder | Target, dataset: DatasetDraft) -> list[tuple[str, str]]:
    """The (field, name) pairs a record can be called by; labels are scoped to their root."""
    names = [("id", record.id)]
    if record.name:
        names.append(("name", record.name))
    names.extend(("aliases", alias) for alias in record.aliases)
    if isinstance(record, Target) and record.label:
        names.append(("label", record.label))
    return names


def root_of(target: Target, dataset: DatasetDraft) -> str:
    """The outermost target that ``target`` is part of (itself when it stands alone).

    For every target at once, ``target_roots`` takes one pass instead of one walk each.
    """
    seen = {target.id}
    current = target
    while current.part_of and current.part_of in dataset.targets and current.part_of not in seen:
        current = dataset.targets[current.part_of]
        seen.add(current.id)
    return current.id


def target_roots(targets: Mapping[str, Target]) -> dict[str, str]:
    """The outermost target each target is part of, found in one pass over all of them:
    each walk up stops at a target whose root is known, so the work is linear in the
    number of targets (one ``root_of`` per target is quadratic on a long chain). A cycle
    (reported by ``cycle-part-of``) has one root for all its members: where the walk
    closed it.

    >>> from positions.model import Target
    >>> t = [Target(id="a", kind="instrument", name="A"),
    ...      Target(id="b", kind="provision", label="1", part_of="a"),
    ...      Target(id="c", kind="provision", label="2", part_of="b")]
    >>> target_roots({x.id: x for x in t})
    {'a': 'a', 'b': 'a', 'c': 'a'}
    """
    roots: dict[str, str] = {}
    for start in targets:
        if start in roots:
            continue
        trail = [start]
        on_trail = {start}
        current = start
        while True:
            parent = targets[current].part_of
            if parent is None or parent not in targets or parent in on_trail:
                root = current
                break
            if parent in roots:
                root = roots[parent]
                break
            trail.append(parent)
            on_trail.add(parent)
            current = parent
        for target_id in trail:
            roots[target_id] = root
    return roots


def _check_name_collisions(
    dataset: DatasetDraft, valid: dict[str, Indexed], found: dict[str, list[Finding]]
) -> None:
    owners: dict[tuple[str, str], tuple[str, str]] = {}  # (scope, folded) -> (kind, id)
    roots = target_roots(dataset.targets)
    for key, table in (("stakeholders", dataset.stakeholders), ("targets", dataset.targets)):
        for index, record in valid[key]:
            if not _kept(table, record):
                continue
            own: set[tuple[str, str]] = set()
            for position, (field_name, name) in enumerate(record_names(record, dataset)):
                scope = (
                    roots[record.id] if field_name == "label" and isinstance(record, Target) else ""
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
