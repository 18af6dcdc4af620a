"""The stance board: its columns are the `who` answer, the parts apart, the evidence kept."""

from __future__ import annotations

from pathlib import Path

import pytest

import positions
from positions.export.board import (
    BOARD_STANCES,
    board_payload,
    default_board_target,
    stance_board,
)
from positions.export.html import HtmlMap, build_map, render_map
from positions.model import PartialDate

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("as_of", [None, PartialDate("2021"), PartialDate("2022-12")])
def test_columns_are_the_who_answer(as_of: PartialDate | None) -> None:
    ds = positions.load(FIXTURES / "v2")
    board = stance_board(ds, "pact", as_of)
    for stance, column in zip(BOARD_STANCES, board.columns, strict=True):
        answer = positions.who(ds, stance, "pact", as_of)
        assert column.stance == stance.value
        assert [row.actor for row in column.rows] == list(answer.actors_on_target)
        assert column.count == len(answer.actors_on_target)
    expected_parts = sorted(
        (row.actor, row.via)
        for stance in BOARD_STANCES
        for row in positions.who(ds, stance, "pact", as_of).on_parts
    )
    assert sorted((row.actor, row.via) for row in board.on_parts) == expected_parts


def test_the_default_target_is_main_target_else_the_busiest_instrument() -> None:
    assert default_board_target(positions.load(FIXTURES / "v2")) == "pact"
    ds = positions.load(FIXTURES / "map")
    busiest = max(
        (t for t in ds.targets.values() if t.kind.value == "instrument" and t.part_of is None),
        key=lambda t: len(ds.statements_on(ds.scope(t.id))),
    )
    assert default_board_target(ds) == busiest.id


def test_payload_keeps_the_deciding_words_and_marks_collectives_and_source_dates() -> None:
    ds = positions.load(FIXTURES / "v2")
    payload = board_payload(ds, stance_board(ds, "pact"))
    chips = {chip["actor"]: chip for column in payload["columns"] for chip in column["chips"]}
    alvia = chips["alvia"]
    assert alvia["stance"] == "oppose"
    assert alvia["evidence"][0]["text"] == "Alvia turned against the pact."
    assert alvia["evidence"][0]["date"] == "source published 2021-06"
    assert chips["fishing-towns"]["collective"] is True
    assert chips["lake-watch"]["evidence"][0]["speaker"] == "Mara Holt"
    parts = {(chip["actor"], chip["via"]): chip for chip in payload["parts"]}
    assert parts[("brenn", "pact-art-1")]["stance"] == "oppose"
    assert payload["partsActors"] == len({actor for actor, _ in parts})


def test_page_opens_on_the_board_with_the_counts_in_its_markup() -> None:
    ds = positions.load(FIXTURES / "v2")
    page = build_map(ds)
    assert page.view.value == "board"
    html = render_map(page)
    for stance in BOARD_STANCES:
        count = len(positions.who(ds, stance, "pact").actors_on_target)
        assert f'id="board-{stance.value}"' in html
        assert f'data-count="{count}"' in html
    assert "named as a whole" in html


def test_a_target_narrows_the_board_too_and_other_views_still_open() -> None:
    ds = positions.load(FIXTURES / "v2")
    page = build_map(ds, target="pact-art-1", view="alliances")
    assert page.view.value == "alliances"
    assert page.data["board"]["target"] == "pact-art-1"
    oppose = positions.who(ds, "oppose", "pact-art-1")
    column = next(c for c in page.data["board"]["columns"] if c["stance"] == "oppose")
    assert [chip["actor"] for chip in column["chips"]] == list(oppose.actors_on_target)


def test_bundled_board_is_about_the_convention() -> None:
    ds = positions.load(ROOT / "data")
    page = build_map(ds)
    board = page.data["board"]
    assert board["target"] == "uncc"
    oppose = positions.who(ds, "oppose", "uncc")
    column = next(c for c in board["columns"] if c["stance"] == "oppose")
    assert [chip["actor"] for chip in column["chips"]] == list(oppose.actors_on_target)


def test_a_crowded_board_lists_each_parts_most_active_and_counts_every_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import positions.export.board as board_module

    ds = positions.load(ROOT / "data")
    full = stance_board(ds, "uncc")
    monkeypatch.setattr(board_module, "PARTS_LISTED_UP_TO", 0)  # as if the parts were many
    board = stance_board(ds, "uncc", part_chips=3)
    # the columns on the target itself stay complete: the who answer
    assert [c.rows for c in board.columns] == [c.rows for c in full.columns]
    everyone = [
        row for stance in BOARD_STANCES for row in positions.who(ds, stance, "uncc").on_parts
    ]
    assert board.parts_actors == len({row.actor for row in everyone})
    assert board.parts_positions == len(everyone)
    listed: dict[str, list[str]] = {}
    for row in board.on_parts:
        assert row.via is not None
        listed.setdefault(row.via, []).append(row.actor)
    crowded = 0
    for part in board.parts:
        held = [row for row in everyone if row.via == part.part]
        # every part's counts are the who answer's, listed or not
        assert part.counts == {s.value: sum(r.stance is s for r in held) for s in BOARD_STANCES}
        assert part.listed == len(listed.get(part.part, [])) == min(3, len(held))
        assert part.more == len(held) - part.listed
        crowded += part.more > 0
        # the listed ones are the part's most active: none left out has more statements on it
        said = {
            r.actor: len(positions.history(ds, r.actor, part.part, include_parts=False).entries)
            for r in held
        }
        fewest = min(said[a] for a in listed.get(part.part, [])) if part.listed else 0
        assert all(said[r.actor] <= fewest for r in held if r.actor not in listed[part.part])
    assert crowded
    payload = board_payload(ds, board)
    html = render_map(build_map_with(ds, payload))
    first = next(p for p in board.parts if p.more)
    assert f"and {first.more:,} more actor" in html
    assert "most active are listed" in html


def build_map_with(ds: positions.Dataset, payload: dict[str, object]) -> HtmlMap:
    page = build_map(ds)
    page.data["board"] = payload
    return page


def test_a_board_from_the_cache_reads_its_part_standings_back_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import positions.export.board as board_module
    from positions.data.cache import DatasetCache

    store = DatasetCache(tmp_path / "cache")
    store.load(ROOT / "data")
    written, _ = store.load(ROOT / "data")
    expected = stance_board(positions.load(ROOT / "data"), "uncc", part_chips=3)
    assert stance_board(written, "uncc", part_chips=3) == expected  # decided, then stored
    read_back, hit = store.load(ROOT / "data")
    assert hit

    def decided_again(*_: object) -> None:
        raise AssertionError("the stored standings were not read")

    monkeypatch.setattr(board_module, "standings_on", decided_again)
    assert stance_board(read_back, "uncc", part_chips=3) == expected


@pytest.mark.parametrize("seed", range(10))
def test_a_boards_parts_are_the_standings_on_them_counted_and_ranked(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On random data, with and without a date, and each part listing at most two chips:
    the parts are every part with a standing, the most spoken-to first (then in scope
    order), each with the complete counts of ``standings_on`` and, listed, its actors with
    the most statements counted (then by name and id)."""
    from collections import defaultdict

    import positions.export.board as board_module
    from positions.questions.positions import Standing, standings_on
    from tests.random_data import random_dataset

    monkeypatch.setattr(board_module, "PARTS_LISTED_UP_TO", 0)  # each part lists some
    ds = random_dataset(seed)
    scope = ds.scope("treaty")
    order = {part: rank for rank, part in enumerate(scope)}
    for as_of in (None, PartialDate("2021")):
        board = stance_board(ds, "treaty", as_of, part_chips=2)
        held: dict[str, list[tuple[str, Standing]]] = defaultdict(list)
        for (actor, part), standing in standings_on(ds, scope[1:], as_of).items():
            held[part].append((actor, standing))
        expected = sorted(held, key=lambda part: (-len(held[part]), order[part]))
        assert [p.part for p in board.parts] == expected
        listed = set()
        for part in board.parts:
            on_it = held[part.part]
            assert part.counts == {
                s.value: sum(1 for _, st in on_it if st.stance is s) for s in BOARD_STANCES
            }
            ranked = sorted(on_it, key=lambda h: (-h[1].counted, ds.name_of(h[0]).casefold(), h[0]))
            listed |= {(actor, part.part) for actor, _ in ranked[:2]}
            assert part.listed == min(2, len(on_it))
        assert {(row.actor, row.via) for row in board.on_parts} == listed
        assert board.parts_actors == len({a for on_it in held.values() for a, _ in on_it})
        assert board.parts_positions == sum(len(on_it) for on_it in held.values())
