"""The query commands: JSON equals the API's result, tables fit 80 columns, clear errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import positions
from positions import Dataset
from positions.cli import app
from positions.export.text import Format, Sheet, render, to_data

SECOND = Path(__file__).parent / "fixtures" / "second"
DATA = Path(__file__).resolve().parent.parent / "data"
runner = CliRunner()


@cache
def second() -> Dataset:
    return positions.load(SECOND)


def run(*args: str, data: Path = SECOND) -> Any:
    return runner.invoke(app, [*args, "--data", str(data)])


Ask = Callable[[Dataset], Any]

#: Every query command, and the Python call it must equal.
COMMANDS: list[tuple[list[str], Ask]] = [
    (["who", "opposes", "Article 6"], lambda ds: positions.who_opposes(ds, "Article 6")),
    (["who", "supports", "TOD"], lambda ds: positions.who_supports(ds, "TOD")),
    (["who", "mixed", "tod"], lambda ds: positions.who(ds, "mixed", "tod")),
    (["who", "neutral", "tod"], lambda ds: positions.who(ds, "neutral", "tod")),
    (
        ["who", "opposes", "art. 6", "--no-parts"],
        lambda ds: positions.who(ds, "oppose", "art. 6", include_parts=False),
    ),
    (
        ["who", "opposes", "Article 6", "--as-of", "2024-01"],
        lambda ds: positions.who_opposes(ds, "Article 6", as_of="2024-01"),
    ),
    (
        ["position", "Norland", "Article 6"],
        lambda ds: positions.position(ds, "Norland", "Article 6"),
    ),
    (["stances", "Estmark"], lambda ds: positions.stances_of(ds, "Estmark")),
    (
        ["history", "Norland", "Article 6"],
        lambda ds: positions.history(ds, "Norland", "Article 6"),
    ),
    (["allies", "Norland"], lambda ds: positions.allies(ds, "Norland")),
    (["opponents", "Pêcheurs Unis"], lambda ds: positions.opponents(ds, "Pêcheurs Unis")),
    (
        ["compare", "Norland", "Deep Blue"],
        lambda ds: positions.compare(ds, "Norland", "Deep Blue"),
    ),
    (["coalitions"], lambda ds: positions.coalitions(ds)),
    (["contested"], lambda ds: positions.contested(ds)),
    (
        ["contested", "--as-of", "2024-05"],
        lambda ds: positions.contested(ds, as_of="2024-05"),
    ),
]
IDS = [" ".join(args) for args, _ in COMMANDS]


@pytest.mark.parametrize(("args", "ask"), COMMANDS, ids=IDS)
def test_json_equals_the_api_result(args: list[str], ask: Ask) -> None:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == to_data(ask(second()))


@pytest.mark.parametrize(("args", "ask"), COMMANDS, ids=IDS)
def test_json_is_one_object_with_the_answers_metadata_and_its_rows(
    args: list[str], ask: Ask
) -> None:
    found = ask(second())
    data = json.loads(run(*args, "--format", "json").stdout)
    assert data["question"] == args[0]
    assert data["as_of"] == (args[args.index("--as-of") + 1] if "--as-of" in args else None)
    assert data["undated_left_out"] == found.undated_left_out
    assert isinstance(data["counts"], dict) and data["counts"]
    listed = found.entries if isinstance(found, positions.History) else found.rows
    assert len(data["rows"]) == len(listed)
    assert list(data)[-1] == "rows"


@pytest.mark.parametrize(("args", "ask"), COMMANDS, ids=IDS)
def test_every_format_of_every_command_pipes_cleanly(args: list[str], ask: Ask) -> None:
    for output in ("table", "md", "csv"):
        result = run(*args, "--format", output)
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout
        assert result.stdout.endswith("\n")
        if output == "table":
            assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_json_equals_the_api_on_the_seed_data() -> None:
    if not (DATA / "statements.yaml").exists():
        pytest.skip("the seed dataset is not in data/")
    ds = positions.load(DATA)
    for args, ask in [
        (
            ["who", "opposes", "draft convention"],
            lambda d: positions.who_opposes(d, "draft convention"),
        ),
        (["allies", "HRW"], lambda d: positions.allies(d, "HRW")),
        (["coalitions"], lambda d: positions.coalitions(d)),
    ]:
        result = run(*args, "-f", "json", data=DATA)
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout) == to_data(ask(ds))


def test_the_table_shows_actor_stance_condition_quote_speaker_date_source() -> None:
    result = run("who", "supports", "Article 6")
    lines = result.stdout.splitlines()
    assert lines[0] == "Who supports Article 6 (Open access to survey data): 3 actors support it"
    assert lines[2].split() == ["ACTOR", "STANCE", "SPEAKER", "DATE"]
    text = result.stdout
    assert "Republic of Norland" in text
    assert "Condition: provided that paragraph 2 keeps the security exemption" in text
    assert "“With the security exemption in place, Norland now supports Article 6”" in text
    assert "Ana Lund" in text and "2024-05-14" in text
    assert "Source: Summary record of the fifth negotiating session (fictional)" in text


def test_a_paraphrase_is_marked_and_undated_said_so() -> None:
    result = run("who", "supports", "tod", "--no-parts")
    block = result.stdout.split("Open Seas Institute", 1)[1]
    assert "undated" in block.splitlines()[0]
    assert "(paraphrase) The Open Seas Institute supports the aims of the treaty." in " ".join(
        block.split()
    )


def test_a_row_counted_via_a_part_says_which_part() -> None:
    result = run("who", "opposes", "Article 6")
    assert "Kingdom of Estmark" in result.stdout
    assert result.stdout.splitlines()[3] == (
        "On parts of Article 6 (Open access to survey data) (none on it itself):"
    )
    stance_column = [line[20:54].strip() for line in result.stdout.splitlines()[7:9]]
    assert stance_column == ["oppose via Article 6(2) (Security", "exemption)"]
    result = run("who", "opposes", "Article 6", "-f", "csv")
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert (row["actor"], row["target"], row["via"]) == ("estmark", "tod-art-6", "tod-art-6-2")
    assert row["via_name"] == "Article 6(2) (Security exemption)"


def test_as_of_shows_the_position_before_and_after_a_change_of_mind() -> None:
    before = run("position", "Norland", "Article 6", "--as-of", "2024-01", "-f", "csv")
    after = run("position", "Norland", "Article 6", "-f", "csv")
    (old,) = csv.DictReader(io.StringIO(before.stdout))
    (new,) = csv.DictReader(io.StringIO(after.stdout))
    assert (old["stance"], old["date"], old["statement"]) == (
        "oppose",
        "2023-03-14",
        "norland-opposes-art-6",
    )
    assert (new["stance"], new["date"], new["statement"]) == (
        "support",
        "2024-05-14",
        "norland-supports-art-6",
    )
    table = run("history", "Norland", "Article 6").stdout
    assert "position now: support" in table


def test_csv_has_one_row_per_statement_with_ids() -> None:
    result = run("who", "mixed", "tod", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["actor"], r["stance"], r["statement"], r["statement_stance"]) for r in rows] == [
        ("suland", "mixed", "suland-cannot-ratify", "oppose"),
        ("suland", "mixed", "suland-will-sign", "support"),
    ]
    assert rows[0]["is_paraphrase"] == "false"
    assert rows[0]["source_url"] == "https://example.org/fictional/ocean-data-digest"


def test_markdown_is_a_table_that_pastes_as_is() -> None:
    result = run("who", "opposes", "Article 6", "-f", "md")
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "**Who opposes Article 6 (Open access to survey data): no actor opposes it itself; "
        "1 actor opposes parts of it**"
    )
    assert lines[2].startswith("**On parts of Article 6")
    assert lines[4] == "| Actor | Stance | Condition | Quote | Speaker | Date | Source |"
    assert lines[5] == "| --- | --- | --- | --- | --- | --- | --- |"
    assert lines[6].startswith(
        "| Kingdom of Estmark | oppose via Article 6(2) (Security exemption) |"
    )


def test_markdown_escapes_pipes_and_flattens_newlines() -> None:
    sheet = Sheet("A | B", ["x"], rows=[["one | two\nthree"]])
    assert render([], sheet, Format.MD).splitlines() == [
        "**A \\| B**",
        "",
        "| x |",
        "| --- |",
        "| one \\| two three |",
    ]


def test_tables_wrap_to_the_width_given() -> None:
    rows = positions.who_supports(second(), "tod")
    from positions.export.text import position_sheet

    text = render(rows, position_sheet(rows, "title", "none"), Format.TABLE, width=60)
    assert max(len(line) for line in text.splitlines()) <= 60


def test_an_empty_answer_says_so() -> None:
    result = run("who", "opposes", "Article 62")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == ("No actor opposes Article 62 (Entry into force).")
    assert json.loads(run("who", "opposes", "Article 62", "-f", "json").stdout)["rows"] == []
    header = run("who", "opposes", "Article 62", "-f", "csv").stdout
    assert header.startswith("actor,actor_name,target,target_name,via,via_name,stance,")
    assert header.count("\n") == 1


def test_an_unknown_name_is_a_usage_error_with_the_closest_names() -> None:
    result = run("who", "opposes", "Artcle 6")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(
        "Error: no actor or target named 'Artcle 6'; closest: "
        "'Article 6 (Open access to survey data) in Treaty on Ocean Data' (tod-art-6)"
    )


def test_an_ambiguous_name_lists_the_candidates() -> None:
    result = run("who", "supports", "Article 1")
    assert result.exit_code == 2
    assert "(tod-art-1)" in result.stderr and "(pfd-art-1)" in result.stderr


def test_an_unknown_actor_in_every_actor_command() -> None:
    for args in (["stances", "Nowhere"], ["allies", "Nowhere"], ["compare", "Norland", "Nowhere"]):
        result = run(*args)
        assert result.exit_code == 2
        assert result.stderr.startswith("Error: no actor named 'Nowhere'")


def test_a_bad_date_is_a_usage_error() -> None:
    result = run("contested", "--as-of", "2024-02-30")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: '2024-02-30' is not a calendar date: February 2024 has 29 days\n"
    )


def test_a_missing_data_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = run("coalitions", data=tmp_path / "nowhere")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error:")


def test_every_query_command_has_help() -> None:
    for command in (
        "who",
        "position",
        "stances",
        "history",
        "allies",
        "opponents",
        "compare",
        "coalitions",
        "contested",
    ):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "--as-of" in result.stdout and "--format" in result.stdout
        assert "Example: positions " in result.stdout


def test_a_query_imports_no_heavy_module() -> None:
    # positions.cli imports every command module: none may import these at module level
    code = (
        "import sys\n"
        "from positions.cli import app\n"
        "try:\n"
        f"    app(['who', 'opposes', 'Article 6', '--data', {str(SECOND)!r}])\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        "heavy = {'pyvis', 'matplotlib', 'jinja2', 'scipy'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert "Estmark" in done.stdout
    assert done.stdout.splitlines()[-1] == "[]"


def test_stances_lead_with_the_target() -> None:
    lines = run("stances", "Estmark", "-f", "md").stdout.splitlines()
    assert lines[0] == "**Positions of Kingdom of Estmark**"
    assert lines[2] == "| Target | Stance | Condition | Quote | Speaker | Date | Source |"
    assert [line.split(" | ")[0] for line in lines[4:]] == [
        "| Article 6(2) (Security exemption)",
        "| Article 1 (Scope of the protocol)",
        "| Moratorium on deep-sea survey licensing",
    ]


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["who", "opposes", "Article 6", "--as-of", "2024-01"], 1),
        (["position", "Norland", "Article 6"], 2),
        (["stances", "Estmark"], 1),
        (["allies", "Norland"], 1),
        (["opponents", "Pêcheurs Unis"], 1),
    ],
)
def test_a_command_resolves_each_name_once_and_titles_from_the_answer(
    args: list[str], names: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from positions.questions import resolve

    calls: list[str] = []
    real = resolve.resolve

    def counting(ds: Dataset, name: str, kind: resolve.Kind = resolve.Kind.TARGET) -> str:
        calls.append(name)
        return real(ds, name, kind)

    monkeypatch.setattr(resolve, "resolve", counting)
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert len(calls) == names
    title = result.stdout.splitlines()[0]
    assert all(second().name_of(real(second(), name)) in title for name in calls)
    if "--as-of" in args:
        assert title.count(", as of 2024-01") == 1
