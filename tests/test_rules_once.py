"""Each rule is written once, and its fast paths agree with it on random data.

- ``allies`` + ``opponents`` of every actor are exactly the alignment graph's edges at that
  actor with a non-zero weight (both counts, and the targets behind them);
- the fast latest-sides path gives the full position rule's positions that take a side,
  with the same stance and the same deciding statements;
- a camp's note (the map, the brief) reads the kept sides as it would the positions;
- the standings (the board's counts on parts) are the full rule's stances and histories.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import positions
from positions.export.scope import actors_by_activity, camp_note, scoped_positions, scoped_sides
from positions.model import PartialDate
from positions.questions.alignment import align
from positions.questions.graphs import alignment_graph
from positions.questions.positions import (
    SIDES,
    Side,
    latest_sides,
    positions_of,
    positions_on,
    standings_on,
)
from tests.random_data import random_dataset

AS_OF = (None, "2023", "2023-05", "2023-05-02", "2024")
seeds = st.integers(min_value=0, max_value=10**6)
dates = st.sampled_from(AS_OF)


@settings(max_examples=60, deadline=None)
@given(seed=seeds, as_of=dates)
def test_allies_and_opponents_are_the_alignment_graphs_edges(seed: int, as_of: str | None) -> None:
    ds = random_dataset(seed, statements=60)
    when = PartialDate(as_of) if as_of else None
    with_evidence = alignment_graph(ds, when)
    counts_only = alignment_graph(ds, when, evidence=False)
    assert sorted(with_evidence.edges(data="weight")) == sorted(counts_only.edges(data="weight"))
    for actor in ds.stakeholders:
        ties = [*positions.allies(ds, actor, as_of), *positions.opponents(ds, actor, as_of)]
        from_questions = {(t.other, t.agree, t.disagree) for t in ties}
        for graph in (with_evidence, counts_only):
            edges = {
                (other, data["agree"], data["disagree"])
                for _, other, data in graph.edges(actor, data=True)
                if data["weight"] != 0
            }
            assert from_questions == edges
        for tie in ties:
            evidence = with_evidence.edges[actor, tie.other]["evidence"]
            assert {(e.target, e.agree) for e in tie.evidence} == {
                (e["target"], e["agree"]) for e in evidence
            }


@settings(max_examples=60, deadline=None)
@given(seed=seeds, as_of=dates)
def test_the_fast_sides_are_the_full_rules_positions(seed: int, as_of: str | None) -> None:
    ds = random_dataset(seed)
    when = PartialDate(as_of) if as_of else None
    expected = [
        Side(p.actor, p.target, p.stance, tuple(r.statement.id for r in p.evidence))
        for p in positions_of(ds, when).values()
        if p.stance in SIDES
    ]
    assert latest_sides(ds, when) == expected
    some = sorted(ds.targets)[::2]
    assert latest_sides(ds, when, some) == [s for s in expected if s.target in some]


@given(seed=seeds)
@settings(max_examples=30, deadline=None)
def test_one_actors_alignment_is_its_row_of_everyones(seed: int) -> None:
    sides = latest_sides(random_dataset(seed, statements=60))
    everyone = align(sides)  # counts only
    for actor in {s.actor for s in sides}:
        mine = align(sides, actor=actor)
        expected = {
            (b if a == actor else a): (tie.agree, tie.disagree)
            for (a, b), tie in everyone.items()
            if actor in (a, b)
        }
        assert {other: (t.agree, t.disagree) for (_, other), t in mine.items()} == expected


@settings(max_examples=40, deadline=None)
@given(seed=seeds, as_of=dates, members=st.integers(min_value=0, max_value=2**14))
def test_a_camps_note_from_the_kept_sides_is_the_full_rules(
    seed: int, as_of: str | None, members: int
) -> None:
    # the map and the brief name a camp from the sides kept on the dataset
    ds = random_dataset(seed)
    when = PartialDate(as_of) if as_of else None
    actors = sorted(ds.stakeholders)
    camp = [a for i, a in enumerate(actors) if members >> i & 1]
    for scope in (None, ds.scope("treaty")):
        full = camp_note(ds, camp, when, scope, scoped_positions(ds, when, scope))
        assert camp_note(ds, camp, when, scope, scoped_sides(ds, when, scope)) == full
        assert camp_note(ds, camp, when, scope) == full


@settings(max_examples=40, deadline=None)
@given(seed=seeds, as_of=dates)
def test_the_actors_active_in_a_scope_are_those_with_a_position_there(
    seed: int, as_of: str | None
) -> None:
    # the brief says "nothing to brief on" from the activity ranking, deciding no position
    ds = random_dataset(seed, statements=30)
    when = PartialDate(as_of) if as_of else None
    for target in (None, "treaty"):
        scope = ds.scope(target) if target else None
        held = {a for a, _ in scoped_positions(ds, when, scope)}
        assert set(actors_by_activity(ds, target, when)) == held


@settings(max_examples=60, deadline=None)
@given(seed=seeds, as_of=dates)
def test_the_standings_are_the_full_rules_stances(seed: int, as_of: str | None) -> None:
    # the board counts every position on the parts from them and decides only those listed
    ds = random_dataset(seed)
    when = PartialDate(as_of) if as_of else None
    for targets in (list(ds.targets), ds.scope("treaty")[1:]):
        full = positions_on(ds, targets, when)
        found = standings_on(ds, targets, when)
        assert {k: (s.stance, s.counted) for k, s in found.items()} == {
            k: (p.stance, len(p.history)) for k, p in full.items()
        }
        assert {k: s.position(when) for k, s in found.items()} == full
