"""Problems found in a dataset, each with the place a curator must look, and the catalogue
of every kind of problem (``CODES``): its code, its title and how to fix it.

>>> CODES["unknown-target"].title
"a stance's target does not exist"
>>> Problem("no-such-code", "data/x.yaml", 1, 1, "?")
Traceback (most recent call last):
...
ValueError: 'no-such-code' is not a problem code of positions.data.problems.CODES
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from positions.errors import DataError
from positions.printable import printable_line

__all__ = ["CODES", "DataError", "Problem", "ProblemCode", "known_code"]


@dataclass(frozen=True, slots=True)
class ProblemCode:
    """A kind of problem ``check`` reports: its code, what it means, how to fix it in general.

    docs/errors.md has a section per code, headed ``code: title``, whose "Fix:" line is
    ``hint`` (a test keeps them equal); a problem's own hint says what fits its case.
    """

    code: str
    title: str
    hint: str
    #: who reports it: ``check`` (the loader and its rules, on the data files) or
    #: ``curation`` (``add``, ``promote`` and ``import``, on a record not yet written)
    stage: str = "check"


#: Every problem code, in the order docs/errors.md explains them. A problem or finding with
#: a code not in here cannot be made (``ValueError``), so no code escapes the catalogue.
CODES: dict[str, ProblemCode] = {
    entry.code: entry
    for entry in (
        ProblemCode(
            "file-missing",
            "a data file is missing",
            (
                "create the file. A kind of record you do not use yet is an empty list: "
                "`stakeholders: []`."
            ),
        ),
        ProblemCode(
            "file-unreadable",
            "a data file cannot be read",
            "make the path a regular, readable YAML file.",
        ),
        ProblemCode(
            "file-empty",
            "a data file is empty",
            "write the top-level key, even with no records yet: `sources: []`.",
        ),
        ProblemCode(
            "file-encoding",
            "a data file is not UTF-8 text",
            'save the file as UTF-8 ("UTF-8" or "UTF-8 without BOM" in the editor\'s save dialog).',
        ),
        ProblemCode(
            "file-too-large",
            "a data file is over the size limit",
            (
                "check that the right file is in place; in Python, raise the limit with "
                "`positions.load(data_dir, max_file_bytes=N)`."
            ),
        ),
        ProblemCode(
            "file-top-level",
            "a data file lacks its top-level key",
            "start the file with its key and put each record under it as a `- id: ...` item.",
        ),
        ProblemCode(
            "yaml-syntax",
            "the text is not valid YAML",
            "indent with spaces only; close every quote; put a value with `: ` or ` #` in quotes.",
        ),
        ProblemCode(
            "yaml-duplicate-key",
            "a key appears twice in one record",
            "keep the right value, delete the other line.",
        ),
        ProblemCode(
            "yaml-tag",
            "a value carries a YAML tag",
            "remove the tag. Data files hold plain text, lists and mappings only.",
        ),
        ProblemCode(
            "yaml-alias-limit",
            "aliases expand to too many values",
            "write the values out; data files do not need anchors.",
        ),
        ProblemCode(
            "yaml-too-deep",
            "the YAML nests too deep",
            "the file is damaged or generated wrongly; rewrite the part at that place.",
        ),
        ProblemCode(
            "yaml-multiple-documents",
            "a file holds more than one YAML document",
            "merge the records under the one top-level key and remove the `---` line.",
        ),
        ProblemCode(
            "yaml-complex-key",
            "a key is a list or a mapping",
            "use one of the record's keys (see `unknown-key`).",
        ),
        ProblemCode(
            "yaml-merge-key",
            "a record uses the merge key <<",
            "write each key out in the record.",
        ),
        ProblemCode(
            "unknown-key",
            "a record has a key the contract does not know",
            "correct the key (the hint names the closest one, or lists the allowed keys).",
        ),
        ProblemCode(
            "missing-field",
            "a required key is missing",
            (
                "add the key. A statement quotes its source verbatim (`quote:`) or reports what "
                "the source says (`paraphrase:`), never both."
            ),
        ),
        ProblemCode(
            "bad-value",
            "a value is not one the contract allows",
            (
                "use one of the listed values; remove an optional key rather than leave it empty."
                ' Values stay as written: `country: NO` is Norway, `name: yes` is the text "yes".'
            ),
        ),
        ProblemCode(
            "bad-id",
            "an id is not a slug",
            "use the suggested slug, and change the references to it.",
        ),
        ProblemCode(
            "bad-date",
            "a date is not a real partial date",
            (
                "give the date as precisely as the source does, no more: `2024-07` when only the "
                "month is known. It is kept as written."
            ),
        ),
        ProblemCode(
            "bad-type",
            "a value has the wrong shape",
            (
                "write lists as `[a, b]` or as `- a` lines; write each record as `- id: ...` "
                "followed by its keys."
            ),
        ),
        ProblemCode(
            "duplicate-id",
            "two records share an id",
            "rename one of them; if they are the same record, merge them.",
        ),
        ProblemCode(
            "unknown-actor",
            "a statement's actor is not a stakeholder",
            "correct the id, or add the stakeholder to `stakeholders.yaml`.",
        ),
        ProblemCode(
            "unknown-speaker",
            "a statement's speaker is not a stakeholder",
            "correct the id, or add the person to `stakeholders.yaml` with `kind: person`.",
        ),
        ProblemCode(
            "unknown-member",
            "a member_of group is not a stakeholder",
            "correct the id, or add the group.",
        ),
        ProblemCode(
            "unknown-parent",
            "a part_of target does not exist",
            "correct the id, or add the instrument or article the provision belongs to.",
        ),
        ProblemCode(
            "unknown-source",
            "a statement's source does not exist",
            "correct the id, or add the source to `sources.yaml`.",
        ),
        ProblemCode(
            "unknown-target",
            "a stance's target does not exist",
            "correct the id, or add the target to `targets.yaml`.",
        ),
        ProblemCode(
            "cycle-part-of",
            "targets are part of themselves",
            "remove the wrong `part_of` link; an instrument is part of nothing.",
        ),
        ProblemCode(
            "cycle-member-of",
            "stakeholders are members of themselves",
            "remove the wrong `member_of` entry.",
        ),
        ProblemCode(
            "speaker-not-person",
            "a speaker is not a person",
            (
                "the organisation whose position it is goes in `actor`; `speaker` names the "
                "person who said it, when the source names one."
            ),
        ),
        ProblemCode(
            "self-stance",
            "an actor takes a stance on itself",
            "name the target or the other stakeholder the stance is about.",
        ),
        ProblemCode(
            "name-collision",
            "two records answer to one name",
            "change or remove the name or alias on one of them.",
        ),
        ProblemCode(
            "duplicate-wikidata",
            "two stakeholders share a Wikidata id",
            "one Wikidata item is one actor: correct the id, or merge the two records.",
        ),
        ProblemCode(
            "statement-after-source",
            "a statement is dated after its source was published",
            (
                "correct the statement's date or the source's `published` date; when the "
                "statement gives no date of its own, leave `date` out: the source's stands in."
            ),
        ),
        ProblemCode(
            "conflicting-stances",
            "one statement gives two stances on one target",
            (
                "keep the stance the words support; a position with two sides is `mixed`, "
                "or split the words into two statements."
            ),
        ),
        ProblemCode(
            "archive-outside-data",
            "an archive path leaves the data directory",
            "copy the text into `data/sources/` and name it relative to `data/`.",
        ),
        ProblemCode(
            "archive-missing",
            "an archive file does not exist",
            "correct the path, or save the source's text there.",
        ),
        ProblemCode(
            "archive-unreadable",
            "an archive cannot be read as UTF-8 text",
            "save the archive as UTF-8.",
        ),
        ProblemCode(
            "quote-not-in-source",
            "a quote is not verbatim in its source",
            (
                "copy the words exactly from the archive; if the source only reports what was "
                "said, use `paraphrase:` instead of `quote:`."
            ),
        ),
        ProblemCode(
            "control-character",
            "a text holds an invisible control character",
            "delete the character (retype the text around it if your editor does not show it).",
        ),
        ProblemCode(
            "look-alike-name",
            "a name mixes look-alike scripts or hides an invisible character",
            (
                "retype the name in one script (Latin, Greek or Cyrillic letters, not two in "
                "a word) and delete any zero-width character or soft hyphen."
            ),
        ),
        ProblemCode(
            "text-too-long",
            "a text is over the size limit",
            (
                "shorten it: a quote, paraphrase or condition holds at most 100,000 "
                "characters, any other text (a name, an alias, a title) 2,000."
            ),
        ),
        ProblemCode(
            "import-column",
            "a spreadsheet's header row is not the documented columns",
            "name each column as README.md's import section lists them "
            "(actor, source, quote or paraphrase, target, stance, ...), each once.",
            stage="curation",
        ),
        ProblemCode(
            "ambiguous-name",
            "a name in the new record fits several records",
            "name the record by its id (the candidates are listed).",
            stage="curation",
        ),
    )
}


def known_code(code: str) -> str:
    """``code`` itself when the registry has it; otherwise ValueError.

    >>> known_code("unknown-target")
    'unknown-target'
    """
    if code not in CODES:
        raise ValueError(f"'{code}' is not a problem code of positions.data.problems.CODES")
    return code


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the data, where it is, and how to fix it.

    ``line`` and ``column`` are 1-based, as editors count them.
    """

    code: str
    file: str
    line: int
    column: int
    message: str
    hint: str | None = None

    def __post_init__(self) -> None:
        known_code(self.code)

    def __str__(self) -> str:
        """One line, as editors and ``grep`` read it; control characters are escaped.

        A value quoted in a message may hold a line break or a terminal escape sequence:
        shown raw, it would split the line or drive the terminal.
        """
        text = f"{self.file}:{self.line}:{self.column}: [{self.code}] {self.message}"
        if self.hint:
            text = f"{text} ({self.hint})"
        return printable_line(text)

    def to_dict(self) -> dict[str, str | int | None]:
        return asdict(self)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)
