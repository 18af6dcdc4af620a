"""Time windows and flips (DESIGN.md v2, Time windows) on a fixture with known moves
(tests/fixtures/time), through the Python API and the CLI.

The fixture: Arland supports the pact in 2020-03 and opposes it in "2022" (a partial date),
with an undated opposition in between that must never make a flip; Elmar supports it and
has only an undated opposition (no flip); Dorna opposes, then is mixed in 2023-02; no
statement is dated 2021 (an empty year); in 2023 Fenwick and Gallant form a new camp on the
scope article; Friends of the Pact (a collective) flips in 2022-01, seen only when asked.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import positions
from positions.cli import app
from positions.model import Stance
from positions.questions.time import WindowPosition, windows

TIME = Path(__file__).parent / "fixtures" / "time"
runner = CliRunner()


@pytest.fixture(scope="module")
def ds() -> positions.Dataset:
    return positions.load(TIME)


def run(*args: str) -> Any:
    return runner.invoke(app, [*args, "--data", str(TIME)])


def ask_json(*args: str) -> Any:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_fixture_is_valid() -> None:
    assert positions.check(TIME) == []


# --- flips -------------------------------------------------------------------------------


def test_flips_are_every_change_newest_first_with_both_statements(ds: positions.Dataset) -> None:
    found = positions.flips(ds)
    assert [(f.actor, f.from_stance, f.to_stance, f.to_date) for f in found] == [
        ("dorna", Stance.OPPOSE, Stance.MIXED, "2023-02"),
        ("arland", Stance.SUPPORT, Stance.OPPOSE, "2022"),
    ]
    arland = found[1]
    assert [e.statement for e in arland.from_evidence] == ["arland-supports"]
    assert [e.statement for e in arland.to_evidence] == ["arland-opposes"]
    assert arland.from_evidence[0].text == "Arland supports the pact"
    assert (arland.to_evidence[0].date, arland.to_evidence[0].source) == ("2022", "record")
    assert arland.from_date == "2020-03"


def test_an_undated_statement_never_makes_a_flip(ds: positions.Dataset) -> None:
    # Elmar's only change is undated; Arland's undated doubts sit between two dated statements
    assert positions.flips(ds, actor="Elmar") == []
    (arland,) = positions.flips(ds, actor="Arland")
    shown = {e.statement for e in (*arland.from_evidence, *arland.to_evidence)}
    assert "arland-undated" not in shown
    assert positions.flips(ds).undated_left_out == 2


def test_collectives_flip_only_when_asked(ds: positions.Dataset) -> None:
    assert "friends" not in {f.actor for f in positions.flips(ds)}
    with_them = positions.flips(ds, include_collective=True)
    (friends,) = [f for f in with_them if f.actor == "friends"]
    assert (friends.from_stance, friends.to_stance, friends.collective) == (
        Stance.SUPPORT,
        Stance.OPPOSE,
        True,
    )
    # named as the actor, a collective is what was asked for
    assert len(positions.flips(ds, actor="Friends of the Pact")) == 1


def test_since_keeps_the_flips_from_its_first_day(ds: positions.Dataset) -> None:
    assert [f.actor for f in positions.flips(ds, since="2023")] == ["dorna"]
    assert [f.actor for f in positions.flips(ds, since="2022-01-01")] == ["dorna", "arland"]
    # Arland's "2022" starts on 1 January: before a later month
    assert [f.actor for f in positions.flips(ds, since="2022-02")] == ["dorna"]


def test_flips_on_a_target_and_its_parts(ds: positions.Dataset) -> None:
    assert len(positions.flips(ds, target="Article 1")) == 0
    assert len(positions.flips(ds, target="The Pact")) == 2


# --- the timeline ------------------------------------------------------------------------


def test_windows_run_from_the_first_dated_statement_to_the_last(ds: positions.Dataset) -> None:
    found = positions.timeline(ds, by="year")
    assert [w.label for w in found] == ["2020", "2021", "2022", "2023"]
    assert [w.statements for w in found] == [5, 0, 3, 5]
    assert [w.empty for w in found] == [False, True, False, False]
    assert found[1].start == datetime.date(2021, 1, 1)
    assert found[1].end == datetime.date(2021, 12, 31)
    assert found.undated_left_out == 2


def test_each_window_holds_the_positions_as_of_its_end(ds: positions.Dataset) -> None:
    found = positions.timeline(ds, by="year", target="pact")
    arland = [
        next(p for p in w.positions if p.actor == "arland" and p.target == "pact") for w in found
    ]
    assert [p.stance for p in arland] == [Stance.SUPPORT] * 2 + [Stance.OPPOSE] * 2
    assert [p.changed for p in arland] == [True, False, True, False]
    assert arland[2].previous is Stance.SUPPORT
    assert [e.statement for e in arland[2].evidence] == ["arland-opposes"]
    # the empty year changes nothing
    assert found[1].changed == ()
    assert [(p.actor, p.stance) for p in found[1].positions] == [
        (p.actor, p.stance) for p in found[0].positions
    ]


def test_a_windows_positions_are_whole_dataclass_instances(ds: positions.Dataset) -> None:
    # the sweep makes them without __init__: each equals, hashes and reads as one made by it
    for window in positions.timeline(ds, by="year"):
        for made in window.positions:
            rebuilt = WindowPosition(
                **{f.name: getattr(made, f.name) for f in dataclasses.fields(WindowPosition)}
            )
            assert made == rebuilt and hash(made) == hash(rebuilt)
            assert made.evidence == rebuilt.evidence and made.statements == rebuilt.statements
            with pytest.raises(dataclasses.FrozenInstanceError):
                made.stance = Stance.MIXED  # type: ignore[misc]


def test_a_partial_date_falls_in_the_window_of_its_first_day(ds: positions.Dataset) -> None:
    found = {w.label: w for w in positions.timeline(ds, by="quarter")}
    assert len(found) == 14  # 2020-Q1 .. 2023-Q2

    def arland(label: str) -> Stance:
        return next(p.stance for p in found[label].positions if p.actor == "arland")

    assert arland("2021-Q4") is Stance.SUPPORT
    assert arland("2022-Q1") is Stance.OPPOSE
    assert found["2022-Q1"].statements == 1
    assert str(found["2022-Q1"].as_of) == "2022-03-31"


def test_camp_numbers_persist_while_most_members_stay(ds: positions.Dataset) -> None:
    found = {w.label: w for w in positions.timeline(ds, by="year")}
    camps = {label: {c.number: set(c.members) for c in w.camps} for label, w in found.items()}
    assert camps["2020"] == {1: {"arland", "borvia", "elmar"}, 2: {"cestia", "dorna"}}
    assert camps["2021"] == camps["2020"]
    # Arland crosses over: camp 2 is now the larger one and keeps its number
    assert camps["2022"] == {1: {"borvia", "elmar"}, 2: {"arland", "cestia", "dorna"}}
    assert [c.number for c in found["2022"].camps] == [2, 1]
    assert not any(c.new for c in found["2022"].camps)
    # Dorna is mixed; Fenwick and Gallant form a camp never seen before
    assert camps["2023"] == {
        1: {"borvia", "elmar"},
        2: {"arland", "cestia"},
        3: {"fenwick", "gallant"},
    }
    assert [c.new for c in found["2023"].camps if c.number == 3] == [True]


def test_each_window_has_its_polarization_and_the_ties_behind_it(ds: positions.Dataset) -> None:
    first = positions.timeline(ds, by="year")[0]
    polar = first.polarization
    assert polar is not None
    assert polar.value == 1.0  # supporters against opponents, nobody across
    ties = list(polar.ties())
    assert len(ties) == 10  # five actors sharing the pact
    assert sum(1 for *_, across in ties if across) == polar.disagree_across == 6


def test_collectives_count_in_the_timeline_only_when_asked(ds: positions.Dataset) -> None:
    def actors(**options: Any) -> set[str]:
        return {p.actor for w in positions.timeline(ds, **options) for p in w.positions}

    assert "friends" not in actors()
    assert "friends" in actors(include_collective=True)


def test_windows_by_month_and_quarter() -> None:
    days = datetime.date(2023, 11, 5), datetime.date(2024, 2, 1)
    assert [w[0] for w in windows(*days, "month")] == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert [str(w[3]) for w in windows(*days, "quarter")] == ["2023-12-31", "2024-03-31"]


def test_a_bad_window_length_is_a_query_error(ds: positions.Dataset) -> None:
    with pytest.raises(positions.QueryError, match="year, quarter or month"):
        positions.timeline(ds, by="week")


# --- the command line --------------------------------------------------------------------


def test_cli_flips_json_is_the_answer_object(ds: positions.Dataset) -> None:
    data = ask_json("flips")
    assert (data["question"], data["as_of"], data["undated_left_out"]) == ("flips", None, 2)
    assert [r["actor"] for r in data["rows"]] == [f.actor for f in positions.flips(ds)]
    assert data["rows"][1]["from_evidence"][0]["statement"] == "arland-supports"


def test_cli_flips_table_shows_both_quotes() -> None:
    result = run("flips", "--actor", "arland")
    assert result.exit_code == 0, result.output
    assert "support → oppose" in result.stdout
    assert "“Arland supports the pact”" in result.stdout
    assert "“Arland now opposes the pact”" in result.stdout
    assert "undated statement never makes a flip" in result.stdout


def test_cli_timeline_table_says_which_window_is_empty() -> None:
    result = run("timeline")
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if x.startswith("2021"))
    assert "0 (empty)" in line
    assert "Arland on The Pact: support → oppose" in result.stdout
    assert "Camp 3 (2 actors, new): supports Article 1" in " ".join(result.stdout.split())


def test_cli_timeline_json_and_csv_hold_every_window(ds: positions.Dataset) -> None:
    data = ask_json("timeline", "--by", "quarter", "--target", "pact")
    assert data["question"] == "timeline" and data["by"] == "quarter"
    assert len(data["rows"]) == 14
    assert data["rows"][0]["polarization"]["ties"]
    # each position carries the statements of its deciding date, as the API's does
    api = positions.timeline(ds, by="quarter", target="pact")
    shown = [[e["statement"] for e in p["evidence"]] for w in data["rows"] for p in w["positions"]]
    assert shown == [[e.statement for e in p.evidence] for w in api for p in w.positions]
    assert all(shown) and data["rows"][-1]["positions"][0]["evidence"][0]["text"]
    result = run("timeline", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    in_2021 = [r for r in rows if r["window"] == "2021"]
    assert {r["window_statements"] for r in in_2021} == {"0"}
    arland = next(r for r in rows if r["window"] == "2022" and r["actor"] == "arland")
    assert (arland["stance"], arland["previous"], arland["camp"]) == ("oppose", "support", "2")


def test_cli_markdown_pastes_as_a_table() -> None:
    result = run("flips", "--format", "md")
    assert result.exit_code == 0
    assert "| Date | Actor | On | Change | Before | After |" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["flips", "--actor", "Atlantis"], "no actor named 'Atlantis'"),
        (["flips", "--target", "Nothing"], "no actor or target named 'Nothing'"),
        (["flips", "--since", "2022-13"], "month 13 does not exist"),
        (["timeline", "--target", "Nothing"], "no actor or target named 'Nothing'"),
        (["timeline", "--by", "week"], "week"),
    ],
)
def test_cli_bad_names_dates_and_windows_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_timeline_is_the_same_whatever_the_worker_count(ds: positions.Dataset) -> None:
    """The windows' camps found in two forked processes give the very answer found in
    one: the same camps, numbers, polarization and ties, window by window, and the same
    JSON text."""
    from positions.export.text import to_json
    from positions.export.timetext import timeline_data

    alone = positions.timeline(ds, by="quarter", workers=1)
    forked = positions.timeline(ds, by="quarter", workers=2)
    assert sum(1 for w in alone if w.camps) >= 2  # more than one window has camps to find
    assert to_json(timeline_data(forked)) == to_json(timeline_data(alone))
    for one, two in zip(alone, forked, strict=True):
        assert one.polarization is not None and two.polarization is not None
        assert list(two.polarization.ties()) == list(one.polarization.ties())


def test_a_timeline_run_answers_as_timeline_while_other_work_goes_on(
    ds: positions.Dataset,
) -> None:
    """``TimelineRun`` hands the windows' camps to its workers when made; other questions
    asked before its answer (``coalitions`` in this process) change nothing: the answer is
    ``timeline``'s, the same JSON text, and the workers end with it."""
    from positions.export.text import to_json
    from positions.export.timetext import timeline_data
    from positions.questions.time import TimelineRun

    expected = to_json(timeline_data(positions.timeline(ds, by="quarter", workers=1)))
    with TimelineRun(ds, by="quarter", workers=2) as run:
        assert run.camps is not None and run.camps.pool is not None  # started, not done
        positions.coalitions(ds, runs=0)
        found = run.answer()
        assert run.camps.pool is None  # the answer ended the workers
    assert to_json(timeline_data(found)) == expected


def test_a_timeline_run_left_unanswered_ends_its_workers(ds: positions.Dataset) -> None:
    """A run whose block ends without its answer (an error in the caller) ends its pool."""
    from positions.questions.time import TimelineRun

    with pytest.raises(RuntimeError), TimelineRun(ds, by="quarter", workers=2) as run:
        raise RuntimeError("the caller failed")
    assert run.camps is not None and run.camps.pool is None


def test_a_windows_ties_are_those_of_coalitions_as_of_its_end(ds: positions.Dataset) -> None:
    """The workers send back no network: a window's ties, rebuilt from its sides when asked
    for, are the very ties of ``coalitions`` as of the window's end, with the same figure."""
    for window in positions.timeline(ds, by="quarter", workers=2):
        if window.empty:
            continue
        asked = positions.coalitions(ds, as_of=window.as_of, runs=0).polarization
        assert asked is not None and window.polarization is not None
        assert window.polarization.value == asked.value
        assert list(window.polarization.ties()) == list(asked.ties())


@pytest.mark.parametrize("seed", range(12))
def test_a_windows_moves_and_statements_are_those_its_positions_and_dates_show(
    seed: int,
) -> None:
    """On random data (ties, same-day and undated statements): the moves the sweep keeps
    for a window are its positions that are new or changed, in their order, and its count
    of statements is that of the distinct dated statements falling in it."""
    from tests.random_data import random_dataset

    data = random_dataset(seed)
    for by in ("year", "quarter", "month"):
        for window in positions.timeline(data, by=by, include_collective=True):
            assert window.changed == tuple(p for p in window.positions if p.changed)
            inside = {
                s.id
                for s in data.statements.values()
                if (date := data.date_of(s)[0]) is not None
                and window.start <= date.start <= window.end
            }
            assert window.statements == len(inside)


@pytest.mark.parametrize("seed", range(12))
def test_a_windows_positions_are_decided_as_of_its_end(seed: int) -> None:
    """On random data (same-day conflicts, partial and undated dates): every position of
    every window is the one ``decide`` gives for its actor and target as of the window's
    end (stance, date, deciding statements in order), and no position is missing."""
    from positions.questions.positions import decide, stance_records
    from tests.random_data import random_dataset

    data = random_dataset(seed, statements=200)
    by_key: dict[tuple[str, str], list[Any]] = {}
    for record in stance_records(data):
        by_key.setdefault((record.actor, record.target), []).append(record)
    for by in ("year", "quarter", "month"):
        for window in positions.timeline(data, by=by, include_collective=True):
            expected = {
                key: found
                for key, records in by_key.items()
                if (found := decide(records, window.as_of)) is not None
            }
            got = {(p.actor, p.target): p for p in window.positions}
            assert set(got) == set(expected)
            for key, position in got.items():
                wanted = expected[key]
                assert position.stance is wanted.stance
                assert position.date == (str(wanted.date) if wanted.date else None)
                assert position.statements == tuple(r.statement.id for r in wanted.evidence)


@pytest.mark.parametrize("data", [TIME, Path(__file__).resolve().parent.parent / "data"])
@pytest.mark.parametrize("by", ["year", "quarter", "month"])
@pytest.mark.parametrize("include_collective", [False, True])
def test_a_runs_steps_are_its_windows_positions_as_numbers(
    data: Path, by: str, include_collective: bool
) -> None:
    """``TimelineRun(..., positions=False)`` makes no position: its ``steps`` hold, for each
    window, every (actor, target)'s stance at the window's end, the stances of the windows'
    positions of a run that makes them; the windows are otherwise the same."""
    from positions.questions.time import TimelineRun

    ds = positions.load(data)
    with TimelineRun(ds, by=by, include_collective=include_collective, workers=1) as made:
        expected = made.answer()
    with TimelineRun(
        ds, by=by, include_collective=include_collective, workers=1, positions=False
    ) as counted:
        found = counted.answer()
        steps = counted.steps
    every = list(Stance)
    assert len(steps.stances) == len(expected.rows) == len(found.rows)
    for window, numbers, end, bare in zip(
        expected.rows, steps.stances, steps.ends, found.rows, strict=True
    ):
        held = {
            (steps.about[k][0], steps.about[k][3]): every[code]
            for k, code in enumerate(numbers.tolist())
            if code >= 0
        }
        assert held == {(p.actor, p.target): p.stance for p in window.positions}
        assert end == window.end
        assert bare.positions == () and bare.changed == ()
        assert dataclasses.replace(bare, positions=window.positions) == window
    assert len(expected.rows) > 1
    keys = [(a[0], a[3]) for a in steps.about]  # one each, every key a window holds
    assert len(set(keys)) == len(keys)
    assert set(keys) == {(p.actor, p.target) for w in expected.rows for p in w.positions}
