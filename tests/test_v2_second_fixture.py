"""Contract v2 on a second, independently written fixture (tests/fixtures/v2b), through the
CLI's ``--format json``: each expectation is worked out from DESIGN.md and the YAML by hand.

A harbour code with parts two levels deep (code > Chapter 2 > Article 7), a collective that
sides with two NGOs, undated statements with a source date (day) and without one, and dates
at year, month and day.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import positions
from positions.cli import app

V2B = Path(__file__).parent / "fixtures" / "v2b"
runner = CliRunner()


def ask(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--data", str(V2B), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def pairs(found: dict[str, Any], key: str = "actor") -> list[tuple[str, str | None]]:
    return [(row[key], row.get("via")) for row in found["rows"]]


def test_the_fixture_is_valid() -> None:
    assert positions.check(V2B) == []


def test_who_answers_the_code_itself_first_then_its_parts_at_any_depth() -> None:
    found = ask("who", "opposes", "Harbour Code")
    assert pairs(found) == [
        ("coast-greens", None),
        ("ostria", None),  # its latest dated statement: the wire's 2022-11-05
        ("port-union", None),
        ("river-cities", None),  # a collective, listed and marked
        ("veland", None),  # only an undated statement: it decides without an as-of
        ("marin-corp", "code-ch-2"),
        ("veland", "code-ch-2-art-7"),  # two levels down, still apart
    ]
    assert found["counts"] == {"actors": 6, "on_target": 5, "on_parts_only": 1}
    assert [r["collective"] for r in found["rows"]].count(True) == 1
    assert (found["as_of"], found["undated_left_out"], found["earliest"]) == (None, 0, None)


def test_a_stance_on_a_chapter_is_not_a_stance_on_its_article_nor_on_the_code() -> None:
    assert pairs(ask("who", "opposes", "Article 7")) == [("veland", None)]
    assert ask("position", "Marin Corp", "Article 7")["rows"] == []
    chapter = ask("position", "Marin Corp", "Chapter 2")
    assert [(r["stance"], r["via"]) for r in chapter["rows"]] == [("oppose", None)]
    on_code = ask("position", "Marin Corp", "code")
    assert [(r["stance"], r["via"]) for r in on_code["rows"]] == [
        ("support", None),
        ("oppose", "code-ch-2"),
    ]
    assert on_code["counts"] == {"on_target": 1, "on_parts": 1}


@pytest.mark.parametrize(
    ("as_of", "stance", "date"),
    [
        ("2022-10", "support", "2022-03"),  # the source's day is after October
        ("2022-11", "oppose", "2022-11-05"),  # the end of November counts the 5th
        ("2022-11-05", "oppose", "2022-11-05"),
        ("2022-11-04", "support", "2022-03"),
        ("2022", "oppose", "2022-11-05"),
    ],
)
def test_as_of_is_the_end_of_the_day_month_or_year(as_of: str, stance: str, date: str) -> None:
    (row,) = ask("position", "Ostria", "code", "--as-of", as_of)["rows"]
    assert (row["stance"], row["date"]) == (stance, date)
    (evidence,) = row["evidence"]
    assert evidence["date_from_source"] is (date == "2022-11-05")


def test_as_of_leaves_out_the_undated_and_counts_them() -> None:
    found = ask("who", "opposes", "code", "--as-of", "2022")
    assert pairs(found) == [("ostria", None)]
    # Veland's undated statement on the code has no source date: left out, counted
    assert (found["as_of"], found["undated_left_out"]) == ("2022", 1)
    supported = ask("who", "opposes", "code", "--as-of", "2022-10")
    assert (supported["rows"], supported["earliest"]) == ([], None)  # Ostria supported then
    before = ask("who", "opposes", "code", "--as-of", "2022-02")
    assert (before["rows"], before["earliest"]) == ([], "2022-03")  # nothing said yet


def test_history_lists_the_undated_after_the_dated() -> None:
    found = ask("history", "Veland", "code")
    assert [(e["evidence"]["statement"], e["via"], e["date"]) for e in found["rows"]] == [
        ("veland-permits", "code-ch-2-art-7", "2023"),
        ("veland-rejects-undated", None, None),
    ]
    assert found["counts"] == {"dated": 1, "undated": 1}
    dated = ask("history", "Veland", "code", "--as-of", "2023")
    assert [e["evidence"]["statement"] for e in dated["rows"]] == ["veland-permits"]
    assert dated["undated_left_out"] == 1


def test_said_lists_what_the_spokesperson_said_for_her_organisation() -> None:
    found = ask("said", "Ana Ruiz")
    assert [(r["actor"], r["target"], r["stance"], r["date"]) for r in found["rows"]] == [
        ("port-union", "code", "oppose", "2023-04-02"),
        ("port-union", "code-ch-2", "support", "2023-04-02"),
    ]
    assert found["counts"] == {"stances": 2}


def test_allies_count_own_positions_and_leave_the_collective_out_unless_asked() -> None:
    def ties(*extra: str) -> list[tuple[str, int, int]]:
        found = ask("allies", "Coast Greens", *extra)
        return [(t["other"], t["agree"], t["disagree"]) for t in found["rows"]]

    assert ties() == [("port-union", 2, 0), ("ostria", 1, 0), ("veland", 1, 0)]
    assert ties("--include-collective")[:2] == [("port-union", 2, 0), ("river-cities", 2, 0)]
    opponents = ask("opponents", "Coast Greens")
    assert [(t["other"], t["agree"], t["disagree"]) for t in opponents["rows"]] == [
        ("marin-corp", 0, 2)
    ]


def test_the_collective_is_in_a_camp_only_when_asked() -> None:
    def members(*extra: str) -> list[set[str]]:
        return [set(camp["members"]) for camp in ask("coalitions", *extra)["rows"]]

    assert all("river-cities" not in camp for camp in members())
    (with_it,) = [c for c in members("--include-collective") if "river-cities" in c]
    assert {"coast-greens", "port-union"} <= with_it
    assert "marin-corp" not in with_it


def test_compare_says_where_two_actors_stand_target_by_target() -> None:
    found = ask("compare", "Port Union", "Marin Corp")
    assert [(r["target"], r["relation"]) for r in found["rows"]] == [
        ("code", "disagree"),
        ("code-ch-2", "disagree"),
    ]
    assert found["counts"]["disagree"] == 2
    early = ask("compare", "Port Union", "Marin Corp", "--as-of", "2023-03")
    assert [(r["target"], r["relation"]) for r in early["rows"]] == [
        ("code", "only_b"),
        ("code-ch-2", "only_b"),
    ]
