"""Contract v2 on a fixture built for it (tests/fixtures/v2), through the CLI's JSON.

Statement dates fall back to the source's published date; as of D is the end of D and never
counts undated statements; history lists undated statements after the dated; a question on
a target answers about the target itself first and its parts apart; collective actors are
left out of alignment unless asked for.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import positions
from positions.cli import app
from positions.questions.graphs import alignment_graph

V2 = Path(__file__).parent / "fixtures" / "v2"
runner = CliRunner()


def ask(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--data", str(V2), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def listed(*args: str) -> Any:
    """The rows of the CLI's JSON answer."""
    return ask(*args)["rows"]


def table(*args: str) -> str:
    result = runner.invoke(app, [*args, "--data", str(V2)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_fixture_is_valid() -> None:
    assert positions.check(V2) == []


def test_an_undated_statement_takes_its_sources_published_date() -> None:
    (row,) = listed("position", "Alvia", "pact")
    (evidence,) = row["evidence"]
    assert (row["stance"], row["date"]) == ("oppose", "2021-06")
    assert (evidence["statement"], evidence["date"], evidence["date_from_source"]) == (
        "alvia-opposes-bulletin",
        "2021-06",
        True,
    )
    assert "source published 2021-06" in table("position", "Alvia", "pact")


def test_a_statement_with_no_date_and_an_undated_source_is_undated() -> None:
    entries = ask("history", "Alvia", "pact")["rows"]
    last = entries[-1]["evidence"]
    assert (last["statement"], last["date"], last["date_from_source"]) == (
        "alvia-supports-undated",
        None,
        False,
    )


@pytest.mark.parametrize(
    ("as_of", "stance"),
    [("2020", "support"), ("2021-05", "support"), ("2021-06", "oppose"), ("2021", "oppose")],
)
def test_as_of_is_the_end_of_the_year_or_month(as_of: str, stance: str) -> None:
    # Alvia: support in 2020; oppose in a statement its source dates 2021-06
    (row,) = listed("position", "Alvia", "pact", "--as-of", as_of)
    assert row["stance"] == stance


def test_a_year_counts_everything_dated_within_it() -> None:
    # Brenn supports the pact "2022": as of 2022 counts it (as of 2022-01-01 would not)
    rows = listed("who", "supports", "pact", "--as-of", "2022")
    assert [(r["actor"], r["via"]) for r in rows] == [
        ("brenn", None),
        ("lake-watch", "pact-art-1-2"),
    ]
    assert listed("who", "supports", "pact", "--as-of", "2021", "--no-parts") == []


def test_undated_statements_never_count_as_of_a_date_and_are_counted() -> None:
    ds = positions.load(V2)
    # without a date the only dated stance decides; the undated one is left out as of 2021
    found = positions.position(ds, "Alvia", "pact", as_of="2021")
    assert [r.stance.value for r in found] == ["oppose"]
    assert found.undated_left_out == 1
    assert positions.position(ds, "Alvia", "pact").undated_left_out == 0
    assert "1 undated statement left out" in table("position", "Alvia", "pact", "--as-of", "2021")
    answered = ask("position", "Alvia", "pact", "--as-of", "2021")
    assert (answered["as_of"], answered["undated_left_out"]) == ("2021", 1)
    assert ask("position", "Alvia", "pact")["undated_left_out"] == 0
    # an as-of before every statement: empty, and says why
    early = positions.who_opposes(ds, "accord", as_of="1999")
    assert (list(early), early.undated_left_out) == ([], 1)
    assert "1 undated statement left out" in table("who", "opposes", "accord", "--as-of", "1999")


def test_history_lists_the_undated_after_the_dated_under_their_own_heading() -> None:
    found = ask("history", "Alvia", "pact")
    assert [e["evidence"]["statement"] for e in found["rows"]] == [
        "alvia-supports-2020",
        "alvia-opposes-bulletin",
        "alvia-supports-undated",
    ]
    text = table("history", "Alvia", "pact")
    assert text.index("2020") < text.index("Undated (") < text.index("could live with")
    as_of = ask("history", "Alvia", "pact", "--as-of", "2021")
    assert [e["evidence"]["statement"] for e in as_of["rows"]] == [
        "alvia-supports-2020",
        "alvia-opposes-bulletin",
    ]
    assert as_of["undated_left_out"] == 1


def test_who_answers_the_target_itself_first_then_its_parts() -> None:
    rows = listed("who", "opposes", "pact")
    assert [(r["actor"], r["via"]) for r in rows] == [
        ("alvia", None),
        ("fishing-towns", None),
        ("lake-watch", None),
        ("brenn", "pact-art-1"),
    ]
    text = table("who", "opposes", "pact")
    assert text.splitlines()[0].endswith("3 actors oppose it itself; 1 more opposes")
    assert text.index("Lake Watch") < text.index("On parts of Pact on Lake Fisheries:")
    assert text.index("On parts of") < text.index("Brenn")
    assert [(r["actor"], r["via"]) for r in listed("who", "opposes", "pact", "--no-parts")] == [
        ("alvia", None),
        ("fishing-towns", None),
        ("lake-watch", None),
    ]


def test_a_target_with_no_statements_on_itself_but_on_its_parts() -> None:
    rows = listed("who", "opposes", "accord")
    assert [(r["actor"], r["via"]) for r in rows] == [
        ("brenn", "accord-art-3"),
        ("lake-watch", "accord-art-3"),
    ]
    headline = " ".join(table("who", "opposes", "accord").split())
    assert "no actor opposes it itself; 2 actors oppose parts of it" in headline
    assert listed("who", "opposes", "accord", "--no-parts") == []


def test_position_and_history_take_the_parts_switch() -> None:
    assert [r["via"] for r in listed("position", "Lake Watch", "pact")] == [None, "pact-art-1-2"]
    assert [r["via"] for r in listed("position", "Lake Watch", "pact", "--no-parts")] == [None]
    entries = ask("history", "Brenn", "pact", "--no-parts")["rows"]
    assert [e["evidence"]["statement"] for e in entries] == ["brenn-supports-2022"]


def test_who_lists_collectives_marked() -> None:
    rows = listed("who", "opposes", "pact")
    assert {r["actor"]: r["collective"] for r in rows}["fishing-towns"] is True
    assert "Fishing towns" in table("who", "opposes", "pact")
    assert "(collective)" in table("who", "opposes", "pact")


def test_alignment_leaves_collectives_out_unless_asked() -> None:
    assert [t["other"] for t in listed("allies", "Alvia")] == ["lake-watch"]
    assert [t["other"] for t in listed("allies", "Alvia", "--include-collective")] == [
        "fishing-towns",
        "lake-watch",
    ]
    ds = positions.load(V2)
    assert "fishing-towns" not in alignment_graph(ds)
    assert alignment_graph(ds, include_collective=True).has_edge("alvia", "fishing-towns")
    camps = positions.coalitions(ds)
    assert all("fishing-towns" not in c.members for c in camps)
    assert any(
        "fishing-towns" in c.members for c in positions.coalitions(ds, include_collective=True)
    )


def test_the_api_takes_a_date_object_and_refuses_anything_else() -> None:
    ds = positions.load(V2)
    assert positions.position(ds, "Alvia", "pact", as_of=datetime.date(2021, 5, 31))[0].stance == (
        positions.Stance.SUPPORT
    )
    future = positions.position(ds, "Alvia", "pact", as_of=datetime.date(2999, 1, 1))
    assert [r.stance.value for r in future] == ["oppose"]
    with pytest.raises(positions.BadDate):
        positions.who_opposes(ds, "pact", as_of=2021)  # type: ignore[arg-type]
    with pytest.raises(positions.NameNotFound):
        alignment_graph(ds, "2021", ["no such target"])


@pytest.mark.parametrize("as_of", ["99999", "2021-13", "soon"])
def test_a_bad_as_of_is_a_usage_error_without_a_traceback(as_of: str) -> None:
    result = runner.invoke(app, ["who", "opposes", "pact", "--data", str(V2), "--as-of", as_of])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_dataset_yaml_is_kept_on_the_dataset_and_through_the_cache(tmp_path: Path) -> None:
    from positions.data.cache import CachedDataset, load_cached

    info = positions.load(V2).info
    assert info is not None
    assert (info.title, info.credit, info.main_target) == (
        "The Pact on Lake Fisheries (fictional)",
        "Compiled for the positions test suite",
        "pact",
    )
    load_cached(V2, tmp_path)
    cached = load_cached(V2, tmp_path)
    assert isinstance(cached, CachedDataset)
    assert cached.info == info
    assert cached.stakeholders["alvia"].wikidata == "Q900001"


def test_who_oppose_reads_as_who_opposes() -> None:
    assert listed("who", "oppose", "pact") == listed("who", "opposes", "pact")
    assert listed("who", "support", "pact") == listed("who", "supports", "pact")


@pytest.mark.parametrize(
    "command",
    [("who", "opposes", "pact"), ("stances", "Brenn"), ("allies", "Alvia", "--include-collective")],
)
def test_limit_shows_the_first_rows_and_says_how_many_more(command: tuple[str, ...]) -> None:
    every = listed(*command)
    assert len(every) > 1
    assert listed(*command, "--limit", "1") == every[:1]
    assert f"{len(every) - 1} more not shown (--limit 1)." in table(*command, "--limit", "1")


def test_limit_keeps_the_headline_counts_of_the_whole_answer() -> None:
    first = table("who", "opposes", "pact", "--limit", "1").splitlines()[0]
    assert first.endswith("3 actors oppose it itself; 1 more opposes")
    limited = ask("who", "opposes", "pact", "--limit", "1")
    assert (limited["counts"], limited["more"]) == (ask("who", "opposes", "pact")["counts"], 3)


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("positions ")


def test_said_lists_what_a_person_spoke_for_whom_and_on_what() -> None:
    rows = listed("said", "Mara Holt")
    assert [(r["actor"], r["target"], r["stance"]) for r in rows] == [
        ("lake-watch", "pact", "oppose"),
        ("lake-watch", "pact-art-1-2", "support"),
    ]
    assert listed("said", "Mara Holt", "--as-of", "2020") == []
    assert "Lake Watch" in table("said", "Mara Holt")


def test_history_without_a_target_is_everything_an_actor_said() -> None:
    found = ask("history", "Brenn")
    assert found["target"] is None
    assert [(e["evidence"]["statement"], e["via"]) for e in found["rows"]] == [
        ("brenn-supports-2022", "pact"),
        ("brenn-opposes-art-1", "pact-art-1"),
        ("brenn-opposes-accord-art-3", "accord-art-3"),
    ]
    assert table("history", "Brenn").startswith("Everything Brenn said")


def test_to_frame_is_one_row_per_statement_with_the_evidence_flattened() -> None:
    pandas = pytest.importorskip("pandas")
    found = positions.who_opposes(positions.load(V2), "pact")
    frame = positions.to_frame(found)
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame["statement"]) == [e.statement for row in found for e in row.evidence]
    assert {"actor", "via", "text", "date", "date_from_source", "source"} <= set(frame.columns)
    assert frame.loc[frame["statement"] == "alvia-opposes-bulletin", "date_from_source"].item()


def test_to_frame_without_pandas_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ModuleNotFoundError, match=r"positions\[frames\]"):
        positions.to_frame(positions.who_opposes(positions.load(V2), "pact"))
