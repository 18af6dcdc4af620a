"""A new dataset from nothing: init, add by names, extract, promote, import; then check.

Every step may only append its new records (or, for promote, cut the promoted drafts):
the tests compare the files byte for byte around each step.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import positions
from positions.cli import app
from positions.curate.add import lock_path
from positions.curate.init import MODELINE
from positions.curate.promote import promote_drafts
from positions.curate.spreadsheet import import_statements

runner = CliRunner()

ARTICLE = """\
Geneva, May 2024. Talks on the pandemic agreement stalled again on Friday.

"Voluntary licensing is the only workable route for technology transfer," said IFPMA in a statement.

"We cannot accept a text without equity at its heart," said Ana Costa of the Africa Group.
"""
DATA_FILES = ("stakeholders.yaml", "targets.yaml", "sources.yaml", "statements.yaml")


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def appended_only(before: dict[str, bytes], after: dict[str, bytes], changed: str) -> None:
    """Only ``changed`` differs, and only by bytes added at its end."""
    assert {k: v for k, v in after.items() if k != changed} == {
        k: v for k, v in before.items() if k != changed
    }
    assert after[changed].startswith(before.get(changed, b"")), changed
    assert len(after[changed]) > len(before.get(changed, b""))


@pytest.fixture
def new_dataset(tmp_path: Path) -> Path:
    root = tmp_path / "who-pa"
    result = run("init", str(root))
    assert result.exit_code == 0, result.output
    return root


def add(root: Path, *args: str) -> Any:
    return run("add", *args, "--data", str(root))


def seed_records(root: Path, tmp_path: Path) -> None:
    """Stakeholders, targets and a source, added by names where references are asked for."""
    steps = [
        ("stakeholder", "--id", "ifpma", "--kind", "industry_group", "--alias", "IFPMA",
         "--name", "International Federation of Pharmaceutical Manufacturers and Associations"),
        ("stakeholder", "--id", "africa-group", "--name", "Africa Group", "--kind", "state_group"),
        ("stakeholder", "--id", "ana-costa", "--name", "Ana Costa", "--kind", "person",
         "--member-of", "Africa Group:negotiator"),
        ("target", "--id", "pa", "--kind", "instrument", "--name", "WHO Pandemic Agreement"),
        ("target", "--id", "pa-art-11", "--kind", "provision", "--label", "Article 11",
         "--part-of", "WHO Pandemic Agreement"),
        ("target", "--id", "pa-art-11-1", "--kind", "provision",
         "--label", "Article 11, paragraph 1", "--part-of", "article 11"),
        ("target", "--id", "pa-art-12", "--kind", "provision", "--label", "Article 12",
         "--name", "Pathogen access and benefit-sharing", "--part-of", "pa"),
    ]  # fmt: skip
    for step in steps:
        before = snapshot(root)
        result = add(root, *step)
        assert result.exit_code == 0, (step, result.output)
        appended_only(before, snapshot(root), f"{step[0]}s.yaml")
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = add(
        root, "source", "--id", "geneva-talks", "--title", "Pandemic talks stall in Geneva",
        "--published", "2024-05-10", "--archive", str(article),
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_init_writes_files_that_check_and_refuses_a_non_empty_directory(
    new_dataset: Path,
) -> None:
    root = new_dataset
    names = sorted(p.name for p in root.iterdir())
    assert names == sorted(
        [*DATA_FILES, "dataset.yaml", "positions.schema.json", "README.md", "sources"]
    )
    for filename in DATA_FILES:
        text = (root / filename).read_text(encoding="utf-8")
        assert text.splitlines()[0] == MODELINE
        top_key = filename.removesuffix(".yaml")
        assert yaml.safe_load(text) == {top_key: None}  # an empty list, appended to as it is
        # the commented example is a valid record once uncommented
        lines = text.splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("#  - id: "))
        example = [line[3:] for line in lines[start:] if line.startswith("#  ")]
        record = yaml.safe_load("\n".join(example))
        assert isinstance(record, list) and record[0]["id"]
    dataset = yaml.safe_load((root / "dataset.yaml").read_text(encoding="utf-8"))
    assert dataset is None  # placeholders only, all commented out
    result = run("check", str(root))
    assert result.exit_code == 0, result.output
    assert "problem" not in result.output

    (root / "stakeholders.yaml").write_text("stakeholders: []  # mine\n", encoding="utf-8")
    (root / "dataset.yaml").unlink()
    result = run("init", str(root))
    assert result.exit_code == 2
    assert "Error: " in result.stderr and "is not empty" in result.stderr
    result = run("init", str(root), "--force")
    assert result.exit_code == 0, result.output
    # --force adds what is missing and never overwrites a file that is there
    assert (root / "stakeholders.yaml").read_text() == "stakeholders: []  # mine\n"
    assert (root / "dataset.yaml").is_file()


def test_the_whole_flow_from_init_to_check(new_dataset: Path, tmp_path: Path) -> None:
    root = new_dataset
    seed_records(root, tmp_path)

    # add speaks names: actor by alias, source by title, targets by label, per-stance conditions
    before = snapshot(root)
    result = add(
        root, "statement", "--id", "ifpma-licensing", "--actor", "IFPMA",
        "--source", "Pandemic talks stall in Geneva", "--date", "2024-05",
        "--paraphrase", "IFPMA wants technology transfer to stay voluntary",
        "--stance", "Article 11, paragraph 1=oppose", "--condition", "unless it stays voluntary",
        "--stance", "art. 12=support", "--condition", "",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    appended_only(before, snapshot(root), "statements.yaml")
    statement = positions.load(root).statements["ifpma-licensing"]
    assert (statement.actor, statement.source) == ("ifpma", "geneva-talks")
    assert [(s.target, str(s.stance), s.condition) for s in statement.stances] == [
        ("pa-art-11-1", "oppose", "unless it stays voluntary"),
        ("pa-art-12", "support", None),
    ]
    assert positions.load(root).stakeholders["ana-costa"].member_of[0].id == "africa-group"
    assert not any(p.name.startswith(".positions") for p in root.rglob("*"))
    assert not lock_path(root).is_relative_to(root)

    # extract twice: the drafts land once, nothing else changes
    args = ["extract", str(tmp_path / "article.txt"), "--append", "--data", str(root)]
    before = snapshot(root)
    assert run(*args).exit_code == 0
    first = snapshot(root)
    assert {k: v for k, v in first.items() if k != "drafts.yaml"} == before
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "Appended 0 draft statement(s)" in result.stderr
    assert snapshot(root) == first
    drafts_text = (root / "drafts.yaml").read_text(encoding="utf-8")
    drafts = yaml.safe_load(drafts_text)["statements"]
    # speakers are matched to the stakeholders: "Ana Costa of the Africa Group"
    assert [(d["actor"], d.get("speaker")) for d in drafts] == [
        ("ifpma", None),
        ("africa-group", "ana-costa"),
    ]

    # a draft with TODO left is refused; fill in the second one (by names) and promote it
    result = run("promote", drafts[1]["id"], "--data", str(root))
    assert result.exit_code == 1
    assert "still has TODO in stances[0].target, stances[0].stance" in result.stderr
    reviewed = drafts_text
    second = reviewed.index(f"- id: {drafts[1]['id']}")
    reviewed = reviewed[:second] + reviewed[second:].replace(
        "      - target: TODO\n        stance: TODO\n",
        "      - target: WHO Pandemic Agreement\n        stance: mixed\n",
        1,
    )
    (root / "drafts.yaml").write_text(reviewed, encoding="utf-8")
    drafts_before = (root / "drafts.yaml").read_bytes()
    statements_before = (root / "statements.yaml").read_bytes()
    result = run("promote", "--all-reviewed", "--data", str(root))
    assert result.exit_code == 0, result.output
    assert "Moved 1 draft(s)" in result.stderr and "1 left" in result.stderr
    assert (root / "statements.yaml").read_bytes().startswith(statements_before)
    promoted = positions.load(root).statements[drafts[1]["id"]]
    assert (promoted.actor, promoted.speaker, promoted.stances[0].target) == (
        "africa-group",
        "ana-costa",
        "pa",
    )
    # the rest of drafts.yaml is kept byte for byte: only the promoted block is gone
    cut = drafts_before.decode().splitlines(keepends=True)
    left = (root / "drafts.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = next(n for n in range(len(left) + 1) if n == len(left) or left[n] != cut[n])
    gone = cut[kept : len(cut) - (len(left) - kept)]
    assert cut[:kept] + cut[kept + len(gone) :] == left  # one block cut, the rest as it was
    assert gone[0] == "  # line 5: said by Ana Costa of the Africa Group\n"
    assert gone[1] == f"  - id: {drafts[1]['id']}\n"
    assert yaml.safe_load("".join(left))["statements"][0]["id"] == drafts[0]["id"]

    # import a CSV and an XLSX: names or ids, one row per statement
    sheet = tmp_path / "coded.csv"
    with open(sheet, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Actor", "Source", "Date", "Quote", "Target", "Stance", "Condition",
                         "Target 2", "Stance 2"])  # fmt: skip
        writer.writerow(["IFPMA", "geneva-talks", "2024-05-10",
                         "Voluntary licensing is the only workable route", "Article 11",
                         "oppose", "", "pa-art-12", "support"])  # fmt: skip
    before = snapshot(root)
    result = run("import", str(sheet), "--data", str(root))
    assert result.exit_code == 0, result.output
    appended_only(before, snapshot(root), "statements.yaml")
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["actor", "source", "paraphrase", "target", "stance"])
    book.active.append(["Africa Group", "Pandemic talks stall in Geneva", "wants equity",
                        "pa", "support"])  # fmt: skip
    book.save(tmp_path / "coded.xlsx")
    result = run("import", str(tmp_path / "coded.xlsx"), "--data", str(root))
    assert result.exit_code == 0, result.output

    result = run("check", str(root))
    assert result.exit_code == 0, result.output
    dataset = positions.load(root)
    assert len(dataset.statements) == 4
    from_sheet = [s for s in dataset.statements.values() if s.paraphrase == "wants equity"]
    assert [(s.actor, s.source, s.stances[0].target) for s in from_sheet] == [
        ("africa-group", "geneva-talks", "pa")
    ]


def test_add_by_name_suggests_on_a_miss_and_lists_candidates(
    new_dataset: Path, tmp_path: Path
) -> None:
    root = new_dataset
    seed_records(root, tmp_path)
    # labels are names within their instrument: two instruments may both have an Article 11
    add(root, "target", "--id", "ihr", "--kind", "instrument",
        "--name", "International Health Regulations")  # fmt: skip
    add(root, "target", "--id", "ihr-art-11", "--kind", "provision", "--label", "Article 11",
        "--part-of", "International Health Regulations")  # fmt: skip
    before = snapshot(root)
    result = add(
        root, "statement", "--id", "s", "--actor", "IFPMAA", "--source", "geneva-talks",
        "--paraphrase", "x", "--stance", "Article 11 paragraph 1=oppose",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "in the new statement, field actor: [unknown-actor] statement 's': stakeholder "
        "'IFPMAA' is not defined (did you mean "
    )
    assert "(ifpma)" in result.stderr.splitlines()[0]
    assert ".yaml:" not in result.stderr  # no line of a record that is not in the file
    assert snapshot(root) == before
    result = add(
        root, "statement", "--id", "s", "--actor", "Africa Group", "--source", "geneva-talks",
        "--paraphrase", "x", "--stance", "pa=oppose", "--stance", "Article 11=oppose",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "in the new statement, field stances[1].target: [ambiguous-name] 'Article 11' names "
        "2 records: 'Article 11 in WHO Pandemic Agreement' (pa-art-11); 'Article 11 in "
        "International Health Regulations' (ihr-art-11); name one by its id"
    )
    assert snapshot(root) == before


def test_conditions_pair_with_stances_in_order(new_dataset: Path, tmp_path: Path) -> None:
    root = new_dataset
    seed_records(root, tmp_path)
    result = add(
        root, "statement", "--id", "s", "--actor", "ifpma", "--source", "geneva-talks",
        "--paraphrase", "x", "--stance", "pa=oppose", "--stance", "pa-art-12=support",
        "--condition", "unless amended",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "1 --condition for 2 --stance" in result.stderr


def test_promote_keeps_both_files_when_a_draft_does_not_validate(
    new_dataset: Path, tmp_path: Path
) -> None:
    root = new_dataset
    seed_records(root, tmp_path)
    (root / "drafts.yaml").write_text(
        "statements:\n"
        "  # line 3: said by IFPMA\n"
        "  - id: d1\n    actor: ifpma\n    source: geneva-talks\n"
        '    quote: "words the article never printed"\n'
        "    stances:\n      - target: pa\n        stance: oppose\n",
        encoding="utf-8",
    )
    before = snapshot(root)
    with pytest.raises(positions.curate.add.RecordProblems) as caught:  # type: ignore[attr-defined]
        promote_drafts(root, ["d1"])
    assert [p.code for p in caught.value.problems] == ["quote-not-in-source"]
    assert snapshot(root) == before
    result = run("promote", "nope", "--data", str(root))
    assert result.exit_code == 1 and "no draft 'nope'" in result.stderr
    assert run("promote", "--data", str(root)).exit_code == 2


def test_an_xlsx_with_broken_rows_gets_every_problem_at_its_row_and_column(
    new_dataset: Path, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    root = new_dataset
    seed_records(root, tmp_path)
    book = openpyxl.Workbook()
    rows = [
        ["id", "actor", "source", "date", "paraphrase", "target", "stance", "target 2", "stance 2"],
        ["good", "IFPMA", "geneva-talks", "2024-05", "fine", "pa", "oppose", None, None],
        ["bad-1", "IFPMAA", "geneva-talks", "2024-05", "x", "Article 99", "support", None, None],
        [None, None, None, None, None, None, None, None, None],  # an empty row is skipped
        ["bad-2", "ifpma", "nowhere", "2024-13", "y", "pa", "against", "pa-art-12", "oppose"],
        ["Bad Id", "ifpma", "geneva-talks", None, None, "pa", "oppose", None, None],
    ]  # fmt: skip
    for row in rows:
        book.active.append(row)
    sheet = tmp_path / "broken.xlsx"
    book.save(sheet)
    before = snapshot(root)
    result = run("import", str(sheet), "--data", str(root))
    assert result.exit_code == 1
    assert snapshot(root) == before
    places = [line.split(" ", 2)[:2] for line in result.stderr.splitlines()[:-1]]
    assert places == [
        [f"{sheet}:3:2:", "[unknown-actor]"],
        [f"{sheet}:3:6:", "[unknown-target]"],
        [f"{sheet}:5:3:", "[unknown-source]"],
        [f"{sheet}:5:4:", "[bad-date]"],
        [f"{sheet}:5:7:", "[bad-value]"],
        [f"{sheet}:6:1:", "[bad-id]"],
        [f"{sheet}:6:1:", "[missing-field]"],
    ]
    # the same codes as positions check, and the name suggestions of the questions
    assert "column B: statement 'bad-1': stakeholder 'IFPMAA' is not defined" in result.stderr
    assert "(ifpma)" in result.stderr
    assert result.stderr.splitlines()[-1].startswith(f"Error: {sheet} is not valid")


def test_import_header_problems_and_dry_run(new_dataset: Path, tmp_path: Path) -> None:
    root = new_dataset
    seed_records(root, tmp_path)
    sheet = tmp_path / "s.csv"
    sheet.write_text("actor,source,qoute,target\nifpma,geneva-talks,x,pa\n", encoding="utf-8")
    result = run("import", str(sheet), "--data", str(root))
    assert result.exit_code == 1
    assert f"{sheet}:1:3: [import-column] unknown column 'qoute' (did you mean 'quote'?)" in (
        result.stderr
    )
    assert f"{sheet}:1:1: [import-column] no column 'stance'" in result.stderr
    sheet.write_text(
        "actor,source,paraphrase,target,stance\nifpma,geneva-talks,x,pa,oppose\n",
        encoding="utf-8",
    )
    before = snapshot(root)
    result = run("import", str(sheet), "--dry-run", "--data", str(root))
    assert result.exit_code == 0, result.output
    assert "would append 1 statement(s)" in result.stderr
    assert snapshot(root) == before
    result = run("import", str(tmp_path / "article.txt"), "--data", str(root))
    assert result.exit_code == 1 and "not a .csv or .xlsx file" in result.stderr


def test_import_of_many_rows_lands_in_one_write(new_dataset: Path, tmp_path: Path) -> None:
    root = new_dataset
    seed_records(root, tmp_path)
    sheet = tmp_path / "many.csv"
    with open(sheet, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["actor", "source", "paraphrase", "target", "stance"])
        for number in range(2000):
            writer.writerow(["IFPMA", "geneva-talks", f"point {number}", "art. 12", "oppose"])
    imported = import_statements(root, sheet)
    assert imported.count == 2000
    dataset = positions.load(root)
    assert len(dataset.statements) == 2000
    assert len({s.id for s in dataset.statements.values()}) == 2000
    assert positions.check(root) == []


def test_lock_file_is_outside_the_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    path = lock_path(data)
    assert not path.is_relative_to(data)
    assert lock_path(os.path.join(str(tmp_path), ".", "data")) == path  # one lock per folder
    assert lock_path(tmp_path / "other") != path


@pytest.mark.parametrize(
    "args",
    [
        ["promote", "--all-reviewed", "--data", "{missing}"],
        ["import", "{sheet}", "--data", "{missing}"],
        ["init", "{sheet}"],  # a file, not a directory
    ],
)
def test_new_commands_make_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("actor,source,quote,target,stance\n", encoding="utf-8")
    filled = [a.format(missing=tmp_path / "none", sheet=sheet) for a in args]
    result = run(*filled)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ")


def test_promote_changes_both_files_or_neither(
    new_dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from positions.curate import add as add_module

    root = new_dataset
    seed_records(root, tmp_path)
    (root / "drafts.yaml").write_text(
        "statements:\n  - id: d1\n    actor: IFPMA\n    source: geneva-talks\n"
        '    paraphrase: "for voluntary licensing"\n'
        "    stances:\n      - target: Article 11\n        stance: support\n",
        encoding="utf-8",
    )
    before = snapshot(root)
    real = add_module.write_atomic

    def failing_on_drafts(path: Any, data: Any, **kwargs: Any) -> None:
        if Path(path).name == "drafts.yaml":
            raise OSError(28, "No space left on device")
        real(path, data, **kwargs)

    monkeypatch.setattr(add_module, "write_atomic", failing_on_drafts)
    result = run("promote", "d1", "--data", str(root))
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and "unchanged" in result.stderr
    assert snapshot(root) == before  # statements.yaml was put back as it was
    monkeypatch.setattr(add_module, "write_atomic", real)
    assert run("promote", "d1", "--data", str(root)).exit_code == 0
    assert positions.load(root).statements["d1"].stances[0].target == "pa-art-11"
    assert yaml.safe_load((root / "drafts.yaml").read_text(encoding="utf-8")) == {
        "statements": None
    }
