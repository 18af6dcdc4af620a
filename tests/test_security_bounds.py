"""Bounded work on any input (docs/security.md): no pattern backtracks without end, no walk
recurses, a misquote of any length gets its closest passage. Each case runs under a hard
guard (``signal.alarm``): a hang fails the test, but nothing here asserts a speed."""

from __future__ import annotations

import re
import signal
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pytest
from typer.testing import CliRunner

from positions.cli import app
from positions.curate import extract
from positions.data.loader import check
from tests.conftest import MINIMAL, WriteDataset

runner = CliRunner()
#: Seconds any one case may take before it counts as a hang (minutes of margin on a slow machine).
GUARD = 60


class Hung(Exception):
    pass


@contextmanager
def guard(seconds: int = GUARD) -> Iterator[None]:
    """Fail with ``Hung`` when the block runs longer than ``seconds``."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- regular expressions -------------------------------------------------------------------

#: Articles crafted against extract's patterns; the first took hours on 237 bytes before.
ARTICLES: dict[str, Callable[[int], str]] = {
    "capitals-double-spaces": lambda n: (
        "The draft is bad, X" + "  A" * n + '#, who said "we oppose the treaty".'
    ),
    "capitals-then-quotes": lambda n: '"We oppose it," said ' + "A " * n + "'" * n + "1",
    "capitals-which": lambda n: "It is bad, " + "Aa " * n + 'x, which said "we oppose it".',
    "spaces-after-according": lambda n: '"We oppose it," according to Jane' + " " * n + "x",
    "spaces-before-verb": lambda n: "Jane Doe" + " " * n + 'said "we oppose it".',
    "relative-chain": lambda n: "X " + "(who " * n + ' said "we oppose it".',
    "time-words": lambda n: "Jane Doe" + " on" * n + ' said "we oppose it".',
    "wrapped-lines": lambda n: '"We oppose it," said Jane' + " \n" * n + "x",
}


@pytest.mark.parametrize("shape", ARTICLES, ids=list(ARTICLES))
def test_extract_finishes_on_articles_crafted_against_its_patterns(shape: str) -> None:
    for n in (25, 100, 1_000, 20_000):
        with guard():
            extract.extract_quotes(ARTICLES[shape](n))


def _module_patterns() -> list[tuple[str, re.Pattern[str]]]:
    import positions.curate.extract
    import positions.data.loader
    import positions.data.names
    import positions.data.rules
    import positions.data.yamlread
    import positions.export.escaping
    import positions.questions.resolve

    modules = [
        positions.curate.extract,
        positions.data.loader,
        positions.data.names,
        positions.data.rules,
        positions.data.yamlread,
        positions.export.escaping,
        positions.questions.resolve,
    ]
    return [
        (f"{module.__name__}.{name}", value)
        for module in modules
        for name, value in vars(module).items()
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str)
    ]


#: Runs of what patterns repeat, each followed by what makes a match fail at the end.
PIECES = [
    "A ",
    "A  ",
    "Aa ",
    " ",
    "\t",
    "a",
    "'",
    "’",
    ".",
    "-",
    "\\",
    '"',
    "(who ",
    " on",
    "\n",
    "1",
]


@pytest.mark.parametrize(("name", "pattern"), _module_patterns(), ids=lambda x: str(x)[:60])
def test_no_module_pattern_backtracks_on_long_repetitive_text(
    name: str, pattern: re.Pattern[str]
) -> None:
    for piece in PIECES:
        for n in (30, 2_000):
            text = piece * n + "#\x00"
            with guard():
                pattern.search(text)
                pattern.match(text)


# --- walks --------------------------------------------------------------------------------


def _chain(root: Path, length: int, cycle: bool) -> Path:
    """The minimal dataset plus a member_of chain and a part_of chain of ``length``
    (closed into a cycle when ``cycle``), with a statement at the bottom of the targets."""
    (root / "sources").mkdir(parents=True)
    for name, text in MINIMAL.items():
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")

    def after(i: int, prefix: str, last: str) -> str:
        return (
            f"{prefix}{(i + 1) % length}"
            if cycle
            else (f"{prefix}{i + 1}" if i + 1 < length else last)
        )

    people = textwrap.dedent(MINIMAL["stakeholders.yaml"]).replace(
        "aliases: [HRW]", "aliases: [HRW]\n    member_of: [{id: g0}]"
    )
    people += "".join(
        f"  - id: g{i}\n    name: Group {i}\n    kind: ngo\n"
        + (f"    member_of: [{{id: {after(i, 'g', '')}}}]\n" if cycle or i + 1 < length else "")
        for i in range(length)
    )
    (root / "stakeholders.yaml").write_text(people, encoding="utf-8")
    targets = textwrap.dedent(MINIMAL["targets.yaml"]) + "".join(
        f"  - id: t{i}\n    kind: provision\n    label: T{i}\n"
        f"    part_of: {after(i, 't', 'uncc')}\n"
        for i in range(length)
    )
    (root / "targets.yaml").write_text(targets, encoding="utf-8")
    statements = textwrap.dedent(MINIMAL["statements.yaml"]) + (
        "  - id: deep\n    actor: hrw\n    source: article\n    paraphrase: against\n"
        "    stances:\n      - target: t0\n        stance: oppose\n"
    )
    (root / "statements.yaml").write_text(statements, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["who", "opposes", "uncc"],
        ["stances", "g0"],
        ["history", "hrw", "t0"],
        ["matrix", "-o", "-"],
        ["brief", "-f", "md", "-o", "-"],
        ["export", "-f", "graphml", "-o", "-"],
    ],
)
def test_a_chain_of_1200_works_in_every_command(tmp_path: Path, command: list[str]) -> None:
    root = _chain(tmp_path / "data", 1_200, cycle=False)
    args = [*command, str(root)] if command == ["check"] else [*command, "--data", str(root)]
    with guard():
        result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "RecursionError" not in result.stderr


def test_a_long_cycle_is_the_located_cycle_error(tmp_path: Path) -> None:
    root = _chain(tmp_path / "data", 1_200, cycle=True)
    with guard():
        problems = check(root)
    assert [
        (p.code, p.file.endswith(f))
        for p, f in zip(problems, ["stakeholders.yaml", "targets.yaml"], strict=True)
    ] == [
        ("cycle-member-of", True),
        ("cycle-part-of", True),
    ]
    assert (
        "t0 -> t1 -> t2 -> t3 -> t4 -> (1,191 more) -> t1196 -> t1197 -> t1198 -> t1199 -> t0"
        in (problems[1].message)
    )
    assert problems[1].line == 12  # the part_of of t0, the first record of the cycle


# --- the closest passage ------------------------------------------------------------------


def test_a_100_kb_misquote_gets_its_closest_passage(write_dataset: WriteDataset) -> None:
    article = "The draft “resembles a global surveillance treaty” she said. " * 2_000
    misquote = "resembles a global censorship treaty " + "and more words " * 6_000
    root = write_dataset(
        statements_yaml=MINIMAL["statements.yaml"].replace(
            '"resembles a global surveillance treaty"', f'"{misquote}"'
        ),
    )
    (root / "sources" / "article.txt").write_text(article, encoding="utf-8")
    with guard():
        problems = check(root)
    assert [p.code for p in problems] == ["quote-not-in-source"]
    assert "closest passage in the archive" in (problems[0].hint or "")


# --- data files and archives are regular files inside data/ -------------------------------


def test_a_data_file_linked_out_of_data_is_refused_unread(
    write_dataset: WriteDataset, tmp_path: Path
) -> None:
    secret = tmp_path / "shadow"
    secret.write_text("sources:\n  - id: root:$6$secret-hash\n", encoding="utf-8")
    root = write_dataset()
    (root / "sources.yaml").unlink()
    (root / "sources.yaml").symlink_to(secret)
    problems = check(root)
    assert [(p.code, p.file.endswith("sources.yaml")) for p in problems] == [
        ("file-unreadable", True)
    ]
    assert "link out of the data directory" in problems[0].message
    assert not [p for p in problems if "secret" in str(p)]


def test_a_pipe_as_archive_is_reported_without_blocking(write_dataset: WriteDataset) -> None:
    import os

    root = write_dataset()
    (root / "sources" / "article.txt").unlink()
    os.mkfifo(root / "sources" / "article.txt")
    with guard():
        problems = check(root)
    assert [p.code for p in problems] == ["archive-unreadable"]
    assert "is not a regular file" in problems[0].message
