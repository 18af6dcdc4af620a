"""`positions add`: validated, appended without touching existing bytes, atomic, locked."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import positions
from positions.cli import app
from positions.curate import add as add_module
from positions.curate.add import AddError, RecordProblems, add_record, append_record, render_record
from positions.data.yamlread import NotSimple, parse_located, parse_simple
from tests.conftest import ROOT, WriteDataset

runner = CliRunner()

COMMENTED_STATEMENTS = """\
# yaml-language-server: $schema=../positions.schema.json
# Statements, curated by hand.   Trailing spaces and odd quoting must survive.
statements:

  # ---- first block ----
  - id: hrw-surveillance   # the HRW line
    actor: 'hrw'
    speaker: tirana-hassan
    date: 2024-07
    source: "article"
    quote: "resembles a global surveillance treaty"
    stances:
      - {target: uncc, stance: oppose}

  # closing comment, kept as it is
"""

STATEMENT_ARGS = [
    "add",
    "statement",
    "--id",
    "hrw-scope",
    "--actor",
    "hrw",
    "--source",
    "article",
    "--paraphrase",
    'The draft is "too broad": it covers all crime',
    "--stance",
    "uncc-art-35=oppose",
    "--stance",
    "uncc=mixed",
    "--condition",
    "unless the text is changed",
]

APPENDED = """\
  - id: hrw-scope
    actor: hrw
    source: article
    paraphrase: "The draft is \\"too broad\\": it covers all crime"
    stances:
      - target: uncc-art-35
        stance: oppose
        condition: "unless the text is changed"
      - target: uncc
        stance: mixed
        condition: "unless the text is changed"
"""


def _invoke(root: Path, args: list[str]) -> Any:
    return runner.invoke(app, [*args, "--data", str(root)])


def test_statement_is_appended_and_every_existing_byte_kept(write_dataset: WriteDataset) -> None:
    root = write_dataset(statements_yaml=COMMENTED_STATEMENTS)
    before = (root / "statements.yaml").read_bytes()
    result = _invoke(root, STATEMENT_ARGS)
    assert result.exit_code == 0, result.output
    after = (root / "statements.yaml").read_bytes()
    assert after == before + APPENDED.encode()
    assert result.stderr.strip() == f"Added statement 'hrw-scope' to {root}/statements.yaml:16"
    dataset = positions.load(root)
    statement = dataset.statements["hrw-scope"]
    assert [(s.target, str(s.stance)) for s in statement.stances] == [
        ("uncc-art-35", "oppose"),
        ("uncc", "mixed"),
    ]
    assert statement.paraphrase == 'The draft is "too broad": it covers all crime'


def test_empty_flow_list_and_missing_final_newline(write_dataset: WriteDataset) -> None:
    root = write_dataset(statements_yaml="# none yet\nstatements: []  # to fill")
    result = _invoke(root, STATEMENT_ARGS)
    assert result.exit_code == 0, result.output
    text = (root / "statements.yaml").read_text()
    assert text == "# none yet\nstatements: # to fill\n" + APPENDED
    root2 = write_dataset(
        stakeholders_yaml="stakeholders:\n- id: hrw\n  name: Human Rights Watch\n  kind: ngo"
        "\n- id: tirana-hassan\n  name: Tirana Hassan\n  kind: person"
    )
    result = _invoke(
        root2, ["add", "stakeholder", "--id", "oxfam", "--name", "Oxfam", "--kind", "ngo"]
    )
    assert result.exit_code == 0, result.output
    assert (
        (root2 / "stakeholders.yaml")
        .read_text()
        .endswith("  kind: person\n- id: oxfam\n  name: Oxfam\n  kind: ngo\n")
    )


def test_crlf_file_keeps_its_line_endings(write_dataset: WriteDataset) -> None:
    root = write_dataset()
    path = root / "sources.yaml"
    original = path.read_text().replace("\n", "\r\n")
    path.write_bytes(original.encode())
    result = _invoke(root, ["add", "source", "--id", "afp", "--title", "An AFP story"])
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == (original + "  - id: afp\r\n    title: An AFP story\r\n").encode()


def test_invalid_record_writes_nothing_and_reports_place(write_dataset: WriteDataset) -> None:
    root = write_dataset(statements_yaml=COMMENTED_STATEMENTS)
    before = {p.name: p.read_bytes() for p in root.iterdir() if p.is_file()}
    before[".positions.lock"] = b""  # the lock file stays, empty, for the next writer
    args = [a if a != "uncc-art-35=oppose" else "uncc-art-3=oppose" for a in STATEMENT_ARGS]
    result = _invoke(root, args)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{root}/statements.yaml:21:17: [unknown-target] statement 'hrw-scope': target "
        "'uncc-art-3' is not defined (did you mean 'uncc-art-35'?)"
    )
    assert "nothing was written" in result.stderr
    assert {p.name: p.read_bytes() for p in root.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in root.iterdir()) == sorted([*before, "sources"])


def test_duplicate_id_and_bad_enum_are_refused(write_dataset: WriteDataset) -> None:
    root = write_dataset()
    result = _invoke(root, ["add", "target", "--id", "hrw", "--kind", "issue", "--name", "Scope"])
    assert result.exit_code == 1
    assert "[duplicate-id]" in result.stderr
    result = _invoke(root, ["add", "target", "--id", "x", "--kind", "treaty", "--name", "X"])
    assert result.exit_code == 2  # typer refuses a kind outside the enum before any work
    with pytest.raises(RecordProblems) as caught:
        add_record(
            root,
            "statement",
            {
                "id": "s",
                "actor": "hrw",
                "source": "article",
                "quote": "not in the archive at all",
                "stances": [{"target": "uncc", "stance": "against"}],
            },
        )
    # a record failing its schema is still checked for the rest: the misquote shows too
    assert [p.code for p in caught.value.problems] == ["quote-not-in-source", "bad-value"]


def test_dry_run_prints_the_record_and_writes_nothing(write_dataset: WriteDataset) -> None:
    root = write_dataset(statements_yaml=COMMENTED_STATEMENTS)
    before = (root / "statements.yaml").read_bytes()
    result = _invoke(root, [*STATEMENT_ARGS, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.stdout == APPENDED
    assert (root / "statements.yaml").read_bytes() == before
    assert not (root / ".positions.lock").exists()


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_failed_write_leaves_the_file_intact(
    write_dataset: WriteDataset, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    root = write_dataset(statements_yaml=COMMENTED_STATEMENTS)
    before = (root / "statements.yaml").read_bytes()

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(add_module.os, failing, broken)
    result = _invoke(root, STATEMENT_ARGS)
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert "the data is unchanged" in result.stderr
    assert (root / "statements.yaml").read_bytes() == before
    assert [p.name for p in root.iterdir() if p.name.endswith(".tmp")] == []


def test_source_archive_is_copied_and_never_overwritten(
    write_dataset: WriteDataset, tmp_path: Path
) -> None:
    root = write_dataset()
    text = tmp_path / "story.txt"
    text.write_text("Officials said the “text is fine”.\n", encoding="utf-8")
    args = ["add", "source", "--id", "afp-story", "--title", "A story", "--archive", str(text)]
    result = _invoke(root, [*args, "--published", "2024-07"])
    assert result.exit_code == 0, result.output
    assert (root / "sources" / "afp-story.txt").read_bytes() == text.read_bytes()
    source = positions.load(root).sources["afp-story"]
    assert (source.archive, str(source.published)) == ("sources/afp-story.txt", "2024-07")
    # the same id again is a duplicate; a different text under an existing archive is refused
    (root / "sources" / "other.txt").write_text("Something else.\n", encoding="utf-8")
    sources_before = (root / "sources.yaml").read_bytes()
    result = _invoke(
        root, ["add", "source", "--id", "other", "--title", "T", "--archive", str(text)]
    )
    assert result.exit_code == 1
    assert "already exists with a different text" in result.stderr
    assert (root / "sources" / "other.txt").read_text() == "Something else.\n"
    assert (root / "sources.yaml").read_bytes() == sources_before


def test_quote_must_be_in_the_new_archive(write_dataset: WriteDataset, tmp_path: Path) -> None:
    root = write_dataset()
    text = tmp_path / "story.txt"
    text.write_text("Nothing quoted here.\n", encoding="utf-8")
    assert (
        _invoke(
            root, ["add", "source", "--id", "s2", "--title", "T", "--archive", str(text)]
        ).exit_code
        == 0
    )
    result = _invoke(
        root,
        [
            "add",
            "statement",
            "--id",
            "q",
            "--actor",
            "hrw",
            "--source",
            "s2",
            "--quote",
            "a global surveillance treaty",
            "--stance",
            "uncc=oppose",
        ],
    )
    assert result.exit_code == 1
    assert "[quote-not-in-source]" in result.stderr or "verbatim" in result.stderr


def test_stakeholder_and_target_options(write_dataset: WriteDataset) -> None:
    root = write_dataset()
    result = _invoke(
        root,
        [
            "add",
            "stakeholder",
            "--id",
            "nick-ashton-hart",
            "--name",
            "Nick Ashton-Hart",
            "--kind",
            "person",
            "--member-of",
            "hrw:Delegation lead: talks",
            "--alias",
            "Ashton-Hart",
            "--country",
            "NO",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (
        (root / "stakeholders.yaml")
        .read_text()
        .endswith(
            "  - id: nick-ashton-hart\n    name: Nick Ashton-Hart\n    kind: person\n"
            '    aliases: [Ashton-Hart]\n    country: "NO"\n    member_of:\n      - id: hrw\n'
            '        role: "Delegation lead: talks"\n'
        )
    )
    result = _invoke(
        root,
        [
            "add",
            "target",
            "--id",
            "uncc-art-6",
            "--kind",
            "provision",
            "--label",
            "Article 6",
            "--part-of",
            "uncc",
            "--alias",
            "art. 6, illegal access",
        ],
    )
    assert result.exit_code == 0, result.output
    dataset = positions.load(root)
    assert dataset.stakeholders["nick-ashton-hart"].country == "NO"
    assert dataset.stakeholders["nick-ashton-hart"].member_of[0].role == "Delegation lead: talks"
    assert dataset.targets["uncc-art-6"].aliases == ["art. 6, illegal access"]


def test_missing_option_is_a_usage_error_outside_a_terminal(write_dataset: WriteDataset) -> None:
    root = write_dataset()
    result = _invoke(root, ["add", "stakeholder", "--id", "x", "--kind", "ngo"])
    assert result.exit_code == 2
    assert "missing --name" in result.stderr


def test_prompts_for_what_is_missing_in_a_terminal(
    write_dataset: WriteDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    from positions.cli import curate

    monkeypatch.setattr(curate, "_interactive", lambda: True)
    root = write_dataset()
    answers = "\n".join(
        [
            "hrw-mandate",
            "hrw",
            "",
            "2024-07",
            "article",
            "",
            "It goes beyond the mandate",
            "uncc=oppose",
            "",
        ]
    )
    result = runner.invoke(app, ["add", "statement", "--data", str(root)], input=answers)
    assert result.exit_code == 0, result.output
    statement = positions.load(root).statements["hrw-mandate"]
    assert (statement.paraphrase, str(statement.date), statement.speaker) == (
        "It goes beyond the mandate",
        "2024-07",
        None,
    )


def test_existing_problems_do_not_block_a_valid_record(write_dataset: WriteDataset) -> None:
    root = write_dataset(
        targets_yaml="targets:\n  - id: uncc\n    kind: treaty\n    name: X\n"
        "  - id: uncc-art-35\n    kind: provision\n    label: Article 35\n"
    )
    result = _invoke(
        root, ["add", "stakeholder", "--id", "oxfam", "--name", "Oxfam", "--kind", "ngo"]
    )
    assert result.exit_code == 0, result.output
    assert "already had 1 problem(s)" in result.stderr


def test_two_adds_at_once_both_land(
    write_dataset: WriteDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_dataset()
    real = add_module.problems_with
    calls = 0

    def slow_check(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 1:
            time.sleep(0.3)  # widen the window between reading and writing the file
        return real(*args, **kwargs)

    monkeypatch.setattr(add_module, "problems_with", slow_check)
    errors: list[BaseException] = []

    def add(number: int) -> None:
        try:
            add_record(
                root, "stakeholder", {"id": f"org-{number}", "name": f"Org {number}", "kind": "ngo"}
            )
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=add, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {"org-1", "org-2"} <= set(positions.load(root).stakeholders)


def test_two_add_processes_both_land(write_dataset: WriteDataset) -> None:
    root = write_dataset()
    command = [sys.executable, "-c", "from positions.cli import main; main()"]
    processes = [
        subprocess.Popen(
            [
                *command,
                "add",
                "stakeholder",
                "--id",
                f"group-{n}",
                "--name",
                f"Group {n}",
                "--kind",
                "ngo",
                "--data",
                str(root),
            ],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        for n in (1, 2)
    ]
    outputs = [process.communicate(timeout=60) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    assert {"group-1", "group-2"} <= set(positions.load(root).stakeholders)


def test_flow_style_list_is_refused(write_dataset: WriteDataset) -> None:
    with pytest.raises(AddError, match="flow-style"):
        append_record("sources: [{id: a, title: A}]\n", "sources", {"id": "b", "title": "B"})


text_values = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(name=text_values, quote=text_values, aliases=st.lists(text_values, max_size=3))
def test_any_text_reads_back_as_written(name: str, quote: str, aliases: list[str]) -> None:
    record = {"id": "x", "name": name, "quote": quote, "aliases": aliases}
    text = "records:\n" + render_record(record, quoted=frozenset({"quote"}))
    expected = {
        "records": [record if aliases else {k: v for k, v in record.items() if k != "aliases"}]
    }
    if not aliases:
        text = "records:\n" + render_record(expected["records"][0], quoted=frozenset({"quote"}))
    try:
        fast = parse_simple(text)
    except NotSimple:
        fast = None
    located = parse_located(text, "t.yaml")
    assert located.problems == []
    assert located.value == expected
    assert fast in (None, expected)
    assert yaml.safe_load(text) == expected  # what an editor's YAML reader sees


def test_a_missing_file_is_created_with_the_schema_line(write_dataset: WriteDataset) -> None:
    from positions.data.schema import MODELINE

    root = write_dataset(
        targets_yaml=f"{MODELINE}\ntargets:\n  - id: uncc\n    kind: instrument\n    name: X\n"
        "  - id: uncc-art-35\n    kind: provision\n    label: Article 35\n",
        statements_yaml=None,
    )
    result = _invoke(root, STATEMENT_ARGS)
    assert result.exit_code == 0, result.output
    assert (root / "statements.yaml").read_text() == f"{MODELINE}\nstatements:\n" + APPENDED


def test_failed_write_removes_the_new_archive(
    write_dataset: WriteDataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_dataset()
    text = tmp_path / "story.txt"
    text.write_text("A story.\n", encoding="utf-8")
    real_replace = os.replace

    def replace(source: str, target: Path) -> None:
        if str(target).endswith("sources.yaml"):
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(add_module.os, "replace", replace)
    before = (root / "sources.yaml").read_bytes()
    result = _invoke(root, ["add", "source", "--id", "s3", "--title", "T", "--archive", str(text)])
    assert result.exit_code == 1
    assert (root / "sources.yaml").read_bytes() == before
    assert not (root / "sources" / "s3.txt").exists()


def test_a_file_that_is_not_utf8_is_refused(write_dataset: WriteDataset) -> None:
    root = write_dataset()
    (root / "stakeholders.yaml").write_bytes(b"stakeholders:\n  - id: caf\xe9\n")
    result = _invoke(root, ["add", "stakeholder", "--id", "x", "--name", "X", "--kind", "ngo"])
    assert result.exit_code == 1
    assert "is not UTF-8 text" in result.stderr
    assert (root / "stakeholders.yaml").read_bytes() == b"stakeholders:\n  - id: caf\xe9\n"


@pytest.mark.skipif(not (ROOT / "data").is_dir(), reason="no bundled data yet")
def test_readme_curation_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import re
    import shlex
    import shutil

    from tests.conftest import SEED_ARTICLE

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Adding records", 1)[1]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    commands = [
        shlex.split(line)
        for block in blocks
        for line in block.replace("\\\n", " ").splitlines()
        if line.startswith("positions ")
    ]
    assert [c[1] for c in commands] == ["add", "add", "add", "add", "extract"]
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".positions*"))
    shutil.copyfile(SEED_ARTICLE, tmp_path / "article.txt")
    monkeypatch.chdir(tmp_path)
    for command in commands:
        result = runner.invoke(app, [*command[1:], "--data", str(data)])
        assert result.exit_code == 0, (command, result.output)
    assert positions.check(data) == []
