# ruff: noqa: E501  (the expected lines are quoted whole, as check prints them)
"""Broken datasets, one or more per problem code, and the exact lines ``check`` prints.

Shared by the catalogue tests and by the test that docs/errors.md shows real output:
each case is the minimal dataset of tests/conftest.py with some files replaced.
"""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from positions.data.loader import check
from tests.conftest import MINIMAL


def statement(*lines: str, quote: str = "paraphrase: the scope is too broad") -> str:
    """A statements.yaml holding one statement 'hrw-scope', with ``lines`` added to it."""
    extra = "".join(f"    {line}\n" for line in lines)
    return (
        "statements:\n  - id: hrw-scope\n    actor: hrw\n    source: article\n"
        f"    {quote}\n{extra}    stances:\n      - target: uncc\n        stance: oppose\n"
    )


#: 100 KB of text written once and aliased 20 times: few nodes, 2 MB of text.
TEXT_ALIAS_BOMB = (
    "big: &big "
    + "x" * 100_000
    + "\nstakeholders:\n"
    + "".join(f"  - {{id: s{n}, name: *big, kind: ngo}}\n" for n in range(20))
)

ALIAS_BOMB = (
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "stakeholders: *i\n"
)


@dataclass
class Case:
    """A broken dataset: files replaced (text is dedented; None removes the file)."""

    files: dict[str, str | bytes | None]
    #: symbolic links to make: path in the data directory -> where it points
    links: dict[str, str] = field(default_factory=dict)
    max_file_bytes: int | None = None

    def write(self, root: Path) -> Path:
        contents: dict[str, str | bytes | None] = {**MINIMAL, **self.files}
        for name, content in contents.items():
            if content is None:
                continue
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")
        for name, target in self.links.items():
            (root / name).unlink(missing_ok=True)
            os.symlink(target, root / name)
        return root

    def run(self, root: Path) -> list[str]:
        """Write the case to ``root``, check it, and render what check reports."""
        self.write(root)
        kwargs = {} if self.max_file_bytes is None else {"max_file_bytes": self.max_file_bytes}
        return [render(str(p), root) for p in check(root, **kwargs)]


def render(line: str, root: Path) -> str:
    return line.replace(str(root), "data")


def case(
    links: dict[str, str] | None = None,
    max_file_bytes: int | None = None,
    **files: str | bytes | None,
) -> Case:
    """A case from keyword files: ``statements_yaml=...``, ``sources__a_txt=...``."""
    names = {
        name.replace("__", "/").replace("_yaml", ".yaml").replace("_txt", ".txt"): content
        for name, content in files.items()
    }
    return Case(names, links or {}, max_file_bytes)


TWO_STAKEHOLDERS = (
    "stakeholders:\n"
    "  - id: hrw\n    name: Human Rights Watch\n    kind: ngo\n"
    "  - id: tirana-hassan\n    name: Tirana Hassan\n    kind: person\n"
)

CASES: dict[str, Case] = {
    # --- files ---
    "file-missing": case(stakeholders_yaml=None),
    "file-empty": case(sources_yaml=""),
    "file-empty-comments": case(sources_yaml="# sources go here\n\n"),
    "file-encoding": case(sources_yaml=b"sources:\n  - id: article\n    title: Caf\xe9\n"),
    "file-encoding-utf16": case(sources_yaml="sources: []\n".encode("utf-16")),
    "file-encoding-nul": case(sources_yaml=b"sources:\n  - id: a\x00b\n"),
    "file-top-level": case(sources_yaml="- id: article\n  title: An article\n"),
    "file-top-level-key": case(sources_yaml="source:\n  - id: article\n    title: An article\n"),
    "file-top-level-extra": case(
        sources_yaml="sources:\n  - id: article\n    title: An article\n"
        "    archive: sources/article.txt\nnotes: x\n"
    ),
    "file-top-level-not-list": case(sources_yaml="sources: article\n"),
    "file-too-large": case(max_file_bytes=220),
    "file-unreadable": case(links={"sources.yaml": "sources.yaml"}),
    # --- YAML ---
    "yaml-syntax": case(sources_yaml="sources:\n  - id: article\n\ttitle: An article\n"),
    "yaml-syntax-quote": case(sources_yaml='sources:\n  - id: article\n    title: "An article\n'),
    "yaml-duplicate-key": case(
        sources_yaml="sources:\n  - id: article\n    title: An article\n    title: Again\n"
        "    archive: sources/article.txt\n"
    ),
    "yaml-tag": case(
        sources_yaml="sources:\n  - id: article\n"
        "    title: !!python/object/apply:os.system ['echo hacked']\n"
        "    archive: sources/article.txt\n"
    ),
    "yaml-tag-optional": case(
        sources_yaml="sources:\n  - id: article\n    title: An article\n"
        "    url: !!python/name:os.system\n    archive: sources/article.txt\n"
    ),
    "yaml-tag-key": case(
        sources_yaml="sources:\n  - id: article\n    title: An article\n"
        "    !!python/name:os.system : x\n    archive: sources/article.txt\n"
    ),
    "yaml-alias-limit": case(stakeholders_yaml=ALIAS_BOMB),
    "yaml-alias-limit-text": case(stakeholders_yaml=TEXT_ALIAS_BOMB),
    "yaml-too-deep": case(sources_yaml="sources:\n  - " + "- " * 70 + "x\n"),
    "yaml-too-deep-flow": case(sources_yaml="sources: " + "[" * 1100 + "]" * 1100 + "\n"),
    "yaml-multiple-documents": case(
        sources_yaml="sources:\n  - id: article\n    title: An article\n"
        "    archive: sources/article.txt\n---\nsources: []\n"
    ),
    "yaml-complex-key": case(
        sources_yaml="sources:\n  - id: article\n    title: An article\n"
        "    archive: sources/article.txt\n    [a, b]: x\n"
    ),
    "yaml-merge-key": case(
        sources_yaml="sources:\n  - &base\n    id: article\n    title: An article\n"
        "    archive: sources/article.txt\n  - <<: *base\n    id: other\n"
    ),
    # --- record schemas ---
    "unknown-key": case(statements_yaml=statement("speeker: tirana-hassan")),
    "missing-field": case(
        stakeholders_yaml="stakeholders:\n  - id: hrw\n    kind: ngo\n"
        "  - id: tirana-hassan\n    name: Tirana Hassan\n    kind: person\n"
    ),
    "missing-field-quote": case(statements_yaml=statement(quote="date: 2024")),
    "missing-field-both": case(statements_yaml=statement('quote: "resembles a global"')),
    "missing-field-stances": case(
        statements_yaml="statements:\n  - id: hrw-scope\n    actor: hrw\n    source: article\n"
        "    paraphrase: too broad\n    stances: []\n"
    ),
    "missing-field-unnamed": case(targets_yaml="targets:\n  - id: uncc\n    kind: instrument\n"),
    "bad-value": case(
        statements_yaml="statements:\n  - id: hrw-scope\n    actor: hrw\n    source: article\n"
        "    paraphrase: too broad\n    stances:\n      - target: uncc\n        stance: opose\n"
    ),
    "bad-value-country": case(
        stakeholders_yaml=TWO_STAKEHOLDERS.replace("kind: ngo", "kind: ngo\n    country: USA")
    ),
    "bad-value-empty": case(statements_yaml=statement("speaker: ''")),
    "bad-id": case(
        targets_yaml="targets:\n  - id: uncc\n    kind: instrument\n    name: UNCC\n"
        "  - id: Article_35\n    kind: provision\n    part_of: uncc\n    label: Article 35\n"
    ),
    "bad-id-case": case(
        stakeholders_yaml=TWO_STAKEHOLDERS + "  - id: HRW\n    name: HRW (again)\n    kind: ngo\n"
    ),
    "bad-date": case(statements_yaml=statement("date: 2024-02-30")),
    "bad-date-month": case(statements_yaml=statement("date: 2024-13")),
    "bad-date-words": case(statements_yaml=statement("date: July 2024")),
    # digits of another script: int() reads them, no reader of the data would
    "bad-date-digits": case(statements_yaml=statement('date: "\u0662\u0660\u0662\u0664-07"')),
    "bad-type": case(
        stakeholders_yaml=TWO_STAKEHOLDERS.replace("kind: ngo", "kind: ngo\n    aliases: HRW")
    ),
    "bad-type-record": case(sources_yaml="sources:\n  - article\n"),
    # --- across records ---
    "duplicate-id": case(
        stakeholders_yaml=TWO_STAKEHOLDERS + "  - id: hrw\n    name: HRW again\n    kind: ngo\n"
    ),
    "duplicate-id-across": case(
        targets_yaml="targets:\n  - id: hrw\n    kind: issue\n    name: Rights\n"
        "  - id: uncc\n    kind: instrument\n    name: UNCC\n"
    ),
    "duplicate-id-sources": case(
        sources_yaml="sources:\n  - id: article\n    title: An article\n"
        "  - id: article\n    title: Another\n"
    ),
    "duplicate-id-statements": case(
        statements_yaml=statement()
        + "  - id: hrw-scope\n    actor: hrw\n    source: article\n    paraphrase: again\n"
        "    stances:\n      - target: uncc\n        stance: oppose\n"
    ),
    "duplicate-wikidata": case(
        stakeholders_yaml=TWO_STAKEHOLDERS.replace("kind: ngo", "kind: ngo\n    wikidata: Q190626")
        + "  - id: hrw-us\n    name: HRW United States\n    kind: ngo\n    wikidata: Q190626\n"
    ),
    "bad-value-wikidata": case(
        stakeholders_yaml=TWO_STAKEHOLDERS.replace("kind: ngo", "kind: ngo\n    wikidata: 190626")
    ),
    "unknown-key-dataset": case(dataset_yaml="title: A dataset\ncredits: Someone\n"),
    "unknown-target-main": case(dataset_yaml="title: A dataset\nmain_target: uncx\n"),
    "statement-after-source": case(
        sources_yaml="sources:\n  - id: article\n    title: An article\n    published: 2024-06\n",
        statements_yaml=statement("date: 2024-07"),
    ),
    "conflicting-stances": case(
        statements_yaml=statement() + "      - target: uncc\n        stance: support\n"
    ),
    "unknown-actor": case(statements_yaml=statement().replace("actor: hrw", "actor: hwr")),
    "unknown-actor-case": case(statements_yaml=statement().replace("actor: hrw", "actor: HRW")),
    "unknown-speaker": case(statements_yaml=statement("speaker: tirana-hasan")),
    "unknown-member": case(
        stakeholders_yaml=MINIMAL["stakeholders.yaml"].replace("{id: hrw,", "{id: hwr,")
    ),
    "unknown-parent": case(
        targets_yaml="targets:\n  - id: uncc\n    kind: instrument\n    name: UNCC\n"
        "  - id: uncc-art-35\n    kind: provision\n    part_of: unc\n    label: Article 35\n"
    ),
    "unknown-source": case(
        statements_yaml=statement().replace("source: article", "source: artcle")
    ),
    "unknown-target": case(
        statements_yaml=statement().replace("target: uncc", "target: uncc-art-3")
    ),
    "unknown-target-far": case(
        statements_yaml=statement().replace("target: uncc", "target: budapest")
    ),
    "cycle-part-of": case(
        targets_yaml="targets:\n  - id: uncc\n    kind: instrument\n    name: UNCC\n"
        "    part_of: uncc-art-35\n"
        "  - id: uncc-art-35\n    kind: provision\n    part_of: uncc\n    label: Article 35\n"
    ),
    "cycle-member-of": case(
        stakeholders_yaml=TWO_STAKEHOLDERS.replace(
            "kind: ngo", "kind: ngo\n    member_of:\n      - id: coalition"
        )
        + "  - id: coalition\n    name: Coalition\n    kind: other\n"
        "    member_of:\n      - id: hrw\n"
    ),
    "speaker-not-person": case(statements_yaml=statement("speaker: hrw")),
    "self-stance": case(statements_yaml=statement().replace("target: uncc", "target: hrw")),
    "archive-outside-data": case(
        sources_yaml="sources:\n  - id: article\n    title: An article\n"
        "    archive: ../article.txt\n"
    ),
    "archive-outside-data-absolute": case(
        sources_yaml="sources:\n  - id: article\n    title: An article\n    archive: /etc/hostname\n"
    ),
    "archive-outside-data-symlink": case(links={"sources/article.txt": "/etc/hostname"}),
    "archive-missing": case(
        sources_yaml="sources:\n  - id: article\n    title: An article\n"
        "    archive: sources/artcle.txt\n"
    ),
    "archive-unreadable": case(sources__article_txt=b"The draft \x93resembles\x94 it.\n"),
    "quote-not-in-source": case(
        statements_yaml=statement(quote='quote: "resembles a global censorship treaty"')
    ),
    "quote-not-in-source-case": case(
        statements_yaml=statement(quote='quote: "Resembles a global surveillance treaty"')
    ),
    "name-collision": case(
        targets_yaml=textwrap.dedent(MINIMAL["targets.yaml"])
        + "  - id: hrw-report\n    kind: issue\n    name: human rights watch\n"
    ),
    "control-character": case(
        statements_yaml=statement(quote='quote: "resembles a global \\u202esurveillance treaty"')
    ),
    "control-character-rlm": case(
        statements_yaml=statement(quote='quote: "resembles a global\\u200f surveillance treaty"')
    ),
    # an escape sequence in a name would drive the terminal; a vertical tab breaks XML
    "control-character-name": case(
        stakeholders_yaml=textwrap.dedent(MINIMAL["stakeholders.yaml"]).replace(
            "name: Human Rights Watch", 'name: "Human Rights\\e[2J Watch"'
        )
    ),
    "control-character-condition": case(
        statements_yaml=statement().replace(
            "stance: oppose", 'stance: oppose\n        condition: "unless\\v amended"'
        )
    ),
    # a Cyrillic a in a Latin name, a zero-width space in an alias: names that pass for others
    "look-alike-name": case(
        stakeholders_yaml=textwrap.dedent(MINIMAL["stakeholders.yaml"]).replace(
            "name: Human Rights Watch", "name: Hum\u0430n Rights Watch"
        )
    ),
    "look-alike-name-invisible": case(
        targets_yaml=textwrap.dedent(MINIMAL["targets.yaml"]).replace(
            "label: Article 35", 'label: "Article\u200b 35"'
        )
    ),
    "text-too-long": case(
        stakeholders_yaml=textwrap.dedent(MINIMAL["stakeholders.yaml"]).replace(
            "name: Human Rights Watch", "name: " + "Human Rights Watch " * 200
        )
    ),
}

#: Every line ``positions check`` prints for each case, the data directory shown as 'data'.
EXPECTED: dict[str, list[str]] = {
    "file-missing": [
        "data/stakeholders.yaml:1:1: [file-missing] the data file stakeholders.yaml is missing (create it with a top-level list: 'stakeholders: []')",
    ],
    "file-empty": [
        "data/sources.yaml:1:1: [file-empty] the file is empty (start it with a top-level list: 'sources: []')",
    ],
    "file-empty-comments": [
        "data/sources.yaml:1:1: [file-empty] the file is empty (start it with a top-level list: 'sources: []')",
    ],
    "file-encoding": [
        "data/sources.yaml:3:15: [file-encoding] the file is not UTF-8: byte 0xe9 cannot be decoded (save the file as UTF-8)",
    ],
    "file-encoding-utf16": [
        "data/sources.yaml:1:1: [file-encoding] the file is UTF-16, not UTF-8 (save it as UTF-8)",
    ],
    "file-encoding-nul": [
        "data/sources.yaml:2:10: [file-encoding] the file holds a NUL byte: it is binary, or UTF-16/UTF-32 text (save the file as UTF-8 text)",
    ],
    "file-top-level": [
        "data/sources.yaml:1:1: [file-top-level] the top level is a list, not a mapping with the single key 'sources:' holding a list (start the file with 'sources:' and put the records under it)",
    ],
    "file-top-level-key": [
        "data/sources.yaml:1:1: [file-top-level] unexpected top-level key 'source' (did you mean 'sources'?)",
    ],
    "file-top-level-extra": [
        "data/sources.yaml:5:1: [file-top-level] unexpected top-level key 'notes' (this file holds only 'sources:')",
    ],
    "file-top-level-not-list": [
        "data/sources.yaml:1:10: [file-top-level] 'sources' must hold a list of records (write each record as a '- id: ...' item under 'sources:')",
    ],
    "file-too-large": [
        "data/statements.yaml:1:1: [file-too-large] the file is 226 bytes, over the limit of 220 (split the data, or raise the limit: load(data_dir, max_file_bytes=N))",
    ],
    "file-unreadable": [
        "data/sources.yaml:1:1: [file-unreadable] the file cannot be read: Too many levels of symbolic links (check that it exists and that you may read it)",
    ],
    "yaml-syntax": [
        "data/sources.yaml:3:1: [yaml-syntax] invalid YAML: found a tab character that violates indentation (YAML indentation must use spaces, not tabs)",
    ],
    "yaml-syntax-quote": [
        "data/sources.yaml:4:1: [yaml-syntax] invalid YAML: found unexpected end of stream (while scanning a quoted scalar (line 3))",
    ],
    "yaml-duplicate-key": [
        "data/sources.yaml:4:5: [yaml-duplicate-key] the key 'title' appears twice in this mapping (first given on line 3; keep one of them)",
    ],
    "yaml-tag": [
        "data/sources.yaml:3:12: [yaml-tag] the tag '!!python/object/apply:os.system' is not allowed (remove the tag: data files hold plain strings, lists and mappings)",
    ],
    "yaml-tag-optional": [
        "data/sources.yaml:4:10: [yaml-tag] the tag '!!python/name:os.system' is not allowed (remove the tag: data files hold plain strings, lists and mappings)",
    ],
    "yaml-tag-key": [
        "data/sources.yaml:4:5: [yaml-tag] the tag '!!python/name:os.system' is not allowed (remove the tag: data files hold plain strings, lists and mappings)",
    ],
    "yaml-alias-limit": [
        "data/stakeholders.yaml:2:4: [yaml-alias-limit] aliases expand to more than 10000 nodes (write the values out instead of repeating anchors)",
    ],
    "yaml-alias-limit-text": [
        "data/stakeholders.yaml:1:6: [yaml-alias-limit] aliases expand to more than 1000000 characters of text (write the values out instead of repeating anchors)",
    ],
    "yaml-too-deep": [
        "data/sources.yaml:2:131: [yaml-too-deep] the YAML nests more than 64 levels deep (or an alias refers to itself) (a data file nests a few levels at most: list, record, field)",
    ],
    "yaml-too-deep-flow": [
        "data/sources.yaml:1:1009: [yaml-too-deep] the YAML nests more than 64 levels deep (or an alias refers to itself) (a data file nests a few levels at most: list, record, field)",
    ],
    "yaml-multiple-documents": [
        "data/sources.yaml:6:1: [yaml-multiple-documents] the file holds more than one YAML document (remove the '---' line: a data file is one document)",
    ],
    "yaml-complex-key": [
        "data/sources.yaml:5:5: [yaml-complex-key] a key must be a plain string",
    ],
    "yaml-merge-key": [
        "data/sources.yaml:6:5: [yaml-merge-key] merge keys ('<<') are not allowed (write the keys out in full)",
    ],
    "unknown-key": [
        "data/statements.yaml:6:5: [unknown-key] statement 'hrw-scope': unknown key 'speeker' (did you mean 'speaker'?)",
    ],
    "missing-field": [
        "data/stakeholders.yaml:2:5: [missing-field] stakeholder 'hrw': required key 'name' is missing (add 'name:' to this record)",
    ],
    "missing-field-quote": [
        "data/statements.yaml:2:5: [missing-field] statement 'hrw-scope': a statement needs exactly one of 'quote' (verbatim) or 'paraphrase' (what the source reports)",
    ],
    "missing-field-both": [
        "data/statements.yaml:2:5: [missing-field] statement 'hrw-scope': a statement needs exactly one of 'quote' (verbatim) or 'paraphrase' (what the source reports)",
    ],
    "missing-field-stances": [
        "data/statements.yaml:6:14: [missing-field] statement 'hrw-scope': stances needs at least one item (add an item such as '- target: ...' with its 'stance:')",
    ],
    "missing-field-unnamed": [
        "data/targets.yaml:2:5: [missing-field] target 'uncc': a target needs a name or a label (or both)",
    ],
    "bad-value": [
        "data/statements.yaml:8:17: [bad-value] statement 'hrw-scope': stance 'opose' is not allowed (did you mean 'oppose'?)",
    ],
    "bad-value-country": [
        "data/stakeholders.yaml:5:14: [bad-value] stakeholder 'hrw': country 'USA' is not an ISO 3166-1 alpha-2 code (write two capital letters, such as 'NO' or 'US')",
    ],
    "bad-value-empty": [
        "data/statements.yaml:6:14: [bad-value] statement 'hrw-scope': speaker must not be empty (give a value or remove 'speaker:')",
    ],
    "bad-id": [
        "data/targets.yaml:5:9: [bad-id] target 'Article_35': 'Article_35' is not a valid id (ids are lowercase letters, digits and '-', starting with a letter or digit: try 'article-35')",
    ],
    "bad-id-case": [
        "data/stakeholders.yaml:8:9: [bad-id] stakeholder 'HRW': 'HRW' is not a valid id (ids are lowercase letters, digits and '-', starting with a letter or digit: try 'hrw')",
    ],
    "bad-date": [
        "data/statements.yaml:6:11: [bad-date] statement 'hrw-scope': '2024-02-30' is not a calendar date: February 2024 has 29 days",
    ],
    "bad-date-month": [
        "data/statements.yaml:6:11: [bad-date] statement 'hrw-scope': '2024-13' is not a calendar date: month 13 does not exist",
    ],
    "bad-date-words": [
        "data/statements.yaml:6:11: [bad-date] statement 'hrw-scope': 'July 2024' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD",
    ],
    "bad-date-digits": [
        "data/statements.yaml:6:11: [bad-date] statement 'hrw-scope': '٢٠٢٤-07' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD in the digits 0-9",
    ],
    "bad-type": [
        "data/stakeholders.yaml:5:14: [bad-type] stakeholder 'hrw': aliases: must be a list",
    ],
    "bad-type-record": [
        "data/sources.yaml:2:5: [bad-type] source #1: the record must be a mapping of keys to values",
        "data/statements.yaml:6:13: [unknown-source] statement 'hrw-surveillance': source 'article' is not defined",
    ],
    "duplicate-wikidata": [
        "data/stakeholders.yaml:12:15: [duplicate-wikidata] stakeholder 'hrw-us': the Wikidata id Q190626 is already stakeholder 'hrw' (one Wikidata item is one actor: correct the id, or merge the records)",
    ],
    "bad-value-wikidata": [
        "data/stakeholders.yaml:5:15: [bad-value] stakeholder 'hrw': wikidata '190626' is not a Wikidata item id (write Q followed by the item's number, such as 'Q190626')",
    ],
    "unknown-key-dataset": [
        "data/dataset.yaml:2:1: [unknown-key] dataset: unknown key 'credits' (did you mean 'credit'?)",
    ],
    "unknown-target-main": [
        "data/dataset.yaml:2:14: [unknown-target] dataset: main_target 'uncx' is not a target (did you mean 'uncc'?)",
    ],
    "statement-after-source": [
        "data/statements.yaml:6:11: [statement-after-source] statement 'hrw-scope': dated 2024-07, after its source 'article' was published (2024-06) (a source cannot report what was said after it appeared: correct one of the two dates)",
    ],
    "conflicting-stances": [
        "data/statements.yaml:10:17: [conflicting-stances] statement 'hrw-scope': support on 'uncc', but oppose on it above (one statement takes one stance on a target: use 'mixed', or make two statements)",
    ],
    "duplicate-id": [
        "data/stakeholders.yaml:8:9: [duplicate-id] the id 'hrw' is already used by stakeholder #1 of stakeholders.yaml (ids are unique across stakeholders and targets, and within sources and statements: rename one of them)",
    ],
    "duplicate-id-across": [
        "data/targets.yaml:2:9: [duplicate-id] the id 'hrw' is already used by stakeholder #1 of stakeholders.yaml (ids are unique across stakeholders and targets, and within sources and statements: rename one of them)",
    ],
    "duplicate-id-sources": [
        "data/sources.yaml:4:9: [duplicate-id] the id 'article' is already used by source #1 of sources.yaml (ids are unique across stakeholders and targets, and within sources and statements: rename one of them)",
    ],
    "duplicate-id-statements": [
        "data/statements.yaml:9:9: [duplicate-id] the id 'hrw-scope' is already used by statement #1 of statements.yaml (ids are unique across stakeholders and targets, and within sources and statements: rename one of them)",
    ],
    "unknown-actor": [
        "data/statements.yaml:3:12: [unknown-actor] statement 'hrw-scope': stakeholder 'hwr' is not defined (did you mean 'hrw'?)",
    ],
    "unknown-actor-case": [
        "data/statements.yaml:3:12: [unknown-actor] statement 'hrw-scope': stakeholder 'HRW' is not defined (did you mean 'hrw'?)",
    ],
    "unknown-speaker": [
        "data/statements.yaml:6:14: [unknown-speaker] statement 'hrw-scope': stakeholder 'tirana-hasan' is not defined (did you mean 'tirana-hassan'?)",
    ],
    "unknown-member": [
        "data/stakeholders.yaml:9:22: [unknown-member] stakeholder 'tirana-hassan': group 'hwr' is not defined (did you mean 'hrw'?)",
    ],
    "unknown-parent": [
        "data/targets.yaml:7:14: [unknown-parent] target 'uncc-art-35': target 'unc' is not defined (did you mean 'uncc'?)",
    ],
    "unknown-source": [
        "data/statements.yaml:4:13: [unknown-source] statement 'hrw-scope': source 'artcle' is not defined (did you mean 'article'?)",
    ],
    "unknown-target": [
        "data/statements.yaml:7:17: [unknown-target] statement 'hrw-scope': target 'uncc-art-3' is not defined (did you mean 'uncc-art-35'?)",
    ],
    "unknown-target-far": [
        "data/statements.yaml:7:17: [unknown-target] statement 'hrw-scope': target 'budapest' is not defined",
    ],
    "cycle-part-of": [
        "data/targets.yaml:5:14: [cycle-part-of] target 'uncc' is in a part_of cycle: uncc -> uncc-art-35 -> uncc (a record cannot be, directly or not, part of itself: remove one link)",
    ],
    "cycle-member-of": [
        "data/stakeholders.yaml:6:13: [cycle-member-of] stakeholder 'hrw' is in a member_of cycle: hrw -> coalition -> hrw (a record cannot be, directly or not, member of itself: remove one link)",
    ],
    "speaker-not-person": [
        "data/statements.yaml:6:14: [speaker-not-person] statement 'hrw-scope': the speaker 'hrw' is not a person (its kind is ngo) (put 'hrw' as the actor, or name the person who spoke)",
    ],
    "self-stance": [
        "data/statements.yaml:7:17: [self-stance] statement 'hrw-scope': the actor 'hrw' takes a stance on itself (a stance is about a target or another stakeholder)",
    ],
    "archive-outside-data": [
        "data/sources.yaml:4:14: [archive-outside-data] source 'article': the archive '../article.txt' is outside the data directory (archives live in data/sources/ and are named relative to data/, such as 'sources/article.txt'; symbolic links out of data/ are refused)",
    ],
    "archive-outside-data-absolute": [
        "data/sources.yaml:4:14: [archive-outside-data] source 'article': the archive '/etc/hostname' is outside the data directory (archives live in data/sources/ and are named relative to data/, such as 'sources/article.txt'; symbolic links out of data/ are refused)",
    ],
    "archive-outside-data-symlink": [
        "data/sources.yaml:4:14: [archive-outside-data] source 'article': the archive 'sources/article.txt' is outside the data directory (archives live in data/sources/ and are named relative to data/, such as 'sources/article.txt'; symbolic links out of data/ are refused)",
    ],
    "archive-missing": [
        "data/sources.yaml:4:14: [archive-missing] source 'article': the archive 'sources/artcle.txt' does not exist (save the source's text as data/sources/artcle.txt)",
    ],
    "archive-unreadable": [
        "data/sources.yaml:4:14: [archive-unreadable] source 'article': the archive 'sources/article.txt' cannot be read: it is not UTF-8 (save the archive as UTF-8 text, so that quotes can be checked)",
    ],
    "quote-not-in-source": [
        "data/statements.yaml:5:12: [quote-not-in-source] statement 'hrw-scope': the quote is not verbatim in the archive of source 'article' (sources/article.txt) (closest passage in the archive: \"resembles a global surveillance treaty\")",
    ],
    "quote-not-in-source-case": [
        "data/statements.yaml:5:12: [quote-not-in-source] statement 'hrw-scope': the quote is not verbatim in the archive of source 'article' (sources/article.txt) (closest passage in the archive: \"resembles a global surveillance treaty\")",
    ],
    "name-collision": [
        "data/targets.yaml:11:11: [name-collision] target 'hrw-report': the name 'human rights watch' is also a name of stakeholder 'hrw' (names must tell records apart: change or remove one of them)",
    ],
    "control-character": [
        "data/statements.yaml:5:12: [control-character] statement 'hrw-scope': the quote holds the invisible character U+202E RIGHT-TO-LEFT OVERRIDE (remove it: invisible controls can reorder or hide what a reader sees)",
        "data/statements.yaml:5:12: [quote-not-in-source] statement 'hrw-scope': the quote is not verbatim in the archive of source 'article' (sources/article.txt) (closest passage in the archive: \"resembles a global surveillance treaty\")",
    ],
    "control-character-rlm": [
        "data/statements.yaml:5:12: [control-character] statement 'hrw-scope': the quote holds the invisible character U+200F RIGHT-TO-LEFT MARK (remove it: invisible controls can reorder or hide what a reader sees)",
        "data/statements.yaml:5:12: [quote-not-in-source] statement 'hrw-scope': the quote is not verbatim in the archive of source 'article' (sources/article.txt) (closest passage in the archive: \"resembles a global surveillance treaty\")",
    ],
    "control-character-name": [
        "data/stakeholders.yaml:3:11: [control-character] stakeholder 'hrw': the name holds the control character U+001B (remove it: control characters act on terminals and break XML exports)",
    ],
    "control-character-condition": [
        "data/statements.yaml:9:20: [control-character] statement 'hrw-scope': the condition holds the control character U+000B (remove it: control characters act on terminals and break XML exports)",
    ],
    "look-alike-name": [
        "data/stakeholders.yaml:3:11: [look-alike-name] stakeholder 'hrw': the name 'Humаn Rights Watch' mixes Latin and Cyrillic letters in one word ('Humаn': а is U+0430 CYRILLIC SMALL LETTER A) (retype it in one script, without invisible characters: a look-alike reads as another name but matches none)",
    ],
    "look-alike-name-invisible": [
        "data/targets.yaml:8:12: [look-alike-name] target 'uncc-art-35': the label holds the invisible character U+200B ZERO WIDTH SPACE after 'Article' (retype it in one script, without invisible characters: a look-alike reads as another name but matches none)",
    ],
    "text-too-long": [
        "data/stakeholders.yaml:3:11: [text-too-long] stakeholder 'hrw': the name is 3,799 characters long, over the limit of 2,000 (shorten it to 2,000 characters or fewer)",
    ],
}
