"""Bad input (issue 14): a year like 99999, a date in the future, an as-of before every
statement, a target with no statements of its own but parts with many. Each command gets a
correct answer (possibly empty, saying why) or a clear error with exit 2, never a traceback;
the Python API answers the same or raises ``BadDate``.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import positions
from positions.cli import app
from positions.export.text import to_data

V2 = Path(__file__).parent / "fixtures" / "v2"
runner = CliRunner()

#: every question, as the CLI asks it and as the API does
QUESTIONS: list[tuple[list[str], Callable[..., Any]]] = [
    (["who", "opposes", "pact"], lambda ds, **k: positions.who_opposes(ds, "pact", **k)),
    (["position", "Alvia", "pact"], lambda ds, **k: positions.position(ds, "Alvia", "pact", **k)),
    (["stances", "Brenn"], lambda ds, **k: positions.stances_of(ds, "Brenn", **k)),
    (["history", "Alvia", "pact"], lambda ds, **k: positions.history(ds, "Alvia", "pact", **k)),
    (["history", "Brenn"], lambda ds, **k: positions.history(ds, "Brenn", **k)),
    (["said", "Mara Holt"], lambda ds, **k: positions.said(ds, "Mara Holt", **k)),
    (["allies", "Alvia"], lambda ds, **k: positions.allies(ds, "Alvia", **k)),
    (["opponents", "Brenn"], lambda ds, **k: positions.opponents(ds, "Brenn", **k)),
    (["compare", "Alvia", "Brenn"], lambda ds, **k: positions.compare(ds, "Alvia", "Brenn", **k)),
    (["contested"], lambda ds, **k: positions.contested(ds, **k)),
    (["coalitions"], lambda ds, **k: positions.coalitions(ds, **k)),
]
QUESTION_IDS = [" ".join(args) for args, _ in QUESTIONS]

#: every export, writing to a file in the test's directory ({out})
EXPORTS = [
    ["matrix", "-o", "{out}/matrix.md"],
    ["brief", "-o", "{out}/brief.md"],
    ["map", "-o", "{out}/map.png"],
    ["html", "-o", "{out}/map.html"],
    ["export", "-f", "graphml", "-o", "{out}/x.graphml"],
    ["export", "-f", "json", "-g", "alignment", "-o", "{out}/x.json"],
    ["export", "-f", "csv", "-o", "{out}/x.csv"],
]
EXPORT_IDS = [" ".join(args[: 3 if args[0] == "export" else 1]) for args in EXPORTS]
EVERY = [args for args, _ in QUESTIONS] + EXPORTS
EVERY_IDS = QUESTION_IDS + EXPORT_IDS


@pytest.fixture(scope="module")
def ds() -> positions.Dataset:
    return positions.load(V2)


def run(args: list[str], tmp_path: Path, *extra: str) -> Result:
    filled = [a.format(out=tmp_path) for a in args]
    return runner.invoke(app, [*filled, *extra, "--data", str(V2)])


def said_clearly(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("args", EVERY, ids=EVERY_IDS)
@pytest.mark.parametrize("as_of", ["99999", "2021-02-30", "0"])
def test_a_date_that_is_not_one_is_a_usage_error(
    args: list[str], as_of: str, tmp_path: Path
) -> None:
    result = run(args, tmp_path, "--as-of", as_of)
    said_clearly(result)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: '{as_of}' is not")
    assert list(tmp_path.iterdir()) == []  # nothing written


@pytest.mark.parametrize(("args", "ask"), QUESTIONS, ids=QUESTION_IDS)
def test_the_api_refuses_the_same_dates(ds: positions.Dataset, args: list[str], ask: Any) -> None:
    for bad in ("99999", 2021, datetime.datetime.now().time()):
        with pytest.raises(positions.BadDate):
            ask(ds, as_of=bad)


@pytest.mark.parametrize(("args", "ask"), QUESTIONS, ids=QUESTION_IDS)
def test_a_date_in_the_future_answers_as_the_latest_date_in_the_data(
    ds: positions.Dataset, args: list[str], ask: Any, tmp_path: Path
) -> None:
    future = datetime.date.today() + datetime.timedelta(days=3650)
    latest = to_data(ask(ds, as_of=ds.as_of))
    found = to_data(ask(ds, as_of=future))
    assert found["rows"] == latest["rows"]
    assert found["as_of"] == future.isoformat()
    cli = json.loads(run(args, tmp_path, "--as-of", future.isoformat(), "-f", "json").stdout)
    assert cli == found


@pytest.mark.parametrize(("args", "ask"), QUESTIONS, ids=QUESTION_IDS)
def test_an_as_of_before_every_statement_is_empty_and_says_why(
    ds: positions.Dataset, args: list[str], ask: Any, tmp_path: Path
) -> None:
    found = json.loads(run(args, tmp_path, "--as-of", "1999", "-f", "json").stdout)
    assert found["rows"] == []
    assert found["undated_left_out"] == ask(ds, as_of="1999").undated_left_out
    if args[0] in ("contested", "coalitions"):
        return  # answers about the whole network: the table's title and empty line say it
    assert found["earliest"] == "2020"
    table = run(args, tmp_path, "--as-of", "1999")
    assert table.exit_code == 0
    assert "1999 is before every dated statement: the earliest is 2020." in table.stdout


@pytest.mark.parametrize("args", EXPORTS, ids=EXPORT_IDS)
def test_an_export_before_every_statement_is_empty_or_a_usage_error(
    args: list[str], tmp_path: Path
) -> None:
    result = run(args, tmp_path, "--as-of", "1999")
    said_clearly(result)
    if args[0] in ("map", "html", "brief"):  # nothing to draw: say so, as of when
        assert result.exit_code == 2
        assert result.stderr.startswith("Error: ") and "as of 1999" in result.stderr
    else:
        assert result.exit_code == 0, result.output


def test_a_target_with_no_statements_of_its_own_is_answered_by_its_parts(tmp_path: Path) -> None:
    # nobody speaks to the accord itself; Brenn and Lake Watch oppose its Article 3
    found = json.loads(run(["who", "opposes", "accord"], tmp_path, "-f", "json").stdout)
    assert found["counts"] == {"actors": 2, "on_target": 0, "on_parts_only": 2}
    assert {row["via"] for row in found["rows"]} == {"accord-art-3"}
    position = json.loads(run(["position", "Brenn", "accord"], tmp_path, "-f", "json").stdout)
    assert position["counts"] == {"on_target": 0, "on_parts": 1}
    history = json.loads(run(["history", "Brenn", "accord"], tmp_path, "-f", "json").stdout)
    assert [e["via"] for e in history["rows"]] == ["accord-art-3"]
    no_parts = json.loads(
        run(["who", "opposes", "accord", "--no-parts"], tmp_path, "-f", "json").stdout
    )
    assert (no_parts["rows"], no_parts["counts"]["actors"]) == ([], 0)


@pytest.mark.parametrize("args", EXPORTS, ids=EXPORT_IDS)
def test_every_export_of_a_target_with_statements_only_on_its_parts(
    args: list[str], tmp_path: Path
) -> None:
    result = run(args, tmp_path, "--target", "Accord on Lake Shipping")
    said_clearly(result)
    assert result.exit_code == 0, result.output
    written = [p for p in tmp_path.iterdir() if p.stat().st_size]
    assert written
    text = "".join(p.read_text("utf-8") for p in written if p.suffix != ".png")
    if text:
        assert "Brenn" in text
        assert any(s in text for s in ("Accord Article 3", "Accord Art. 3", "accord-art-3"))
