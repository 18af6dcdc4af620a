"""The map's time control at scale: each window's counts of the board's parts and its
ties' letters, held to the questions they come from (``who`` and the alignment rule)."""

from __future__ import annotations

from pathlib import Path

import pytest

import positions
from positions.export.board import BOARD_STANCES
from positions.export.html import build_map
from positions.export.timepayload import NO_POSITION, TIE_LETTERS, timeline_payload
from positions.model import PartialDate
from positions.questions.alignment import alignment_counts

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("data", [ROOT / "data", FIXTURES / "v2"])
def test_each_windows_part_counts_are_the_who_answer_as_of_its_end(data: Path) -> None:
    ds = positions.load(data)
    target = "uncc" if data.name == "data" else "pact"
    payload = timeline_payload(ds, target)
    assert payload is not None
    for window in payload["windows"]:
        as_of = PartialDate(window["asOf"])
        expected: dict[str, dict[str, int]] = {}
        for stance in BOARD_STANCES:
            for row in positions.who(ds, stance, target, as_of).on_parts:
                assert row.via is not None
                per = expected.setdefault(row.via, {})
                per[stance.value] = per.get(stance.value, 0) + 1
        assert window["partCounts"] == expected, window["label"]


def test_tie_letters_are_the_alignment_rule_as_of_each_window() -> None:
    ds = positions.load(ROOT / "data")
    page = build_map(ds, view="alliances")
    ties = page.data["alliances"]["edges"]
    time = page.data["timeline"]
    assert ties and time is not None
    kinds = {letter: kind for kind, letter in TIE_LETTERS.items()}
    seen = set()
    for index, window in enumerate(time["windows"]):
        counts = alignment_counts(ds, PartialDate(window["asOf"]))
        for tie in ties:
            agree, disagree = counts.between(tie["from"], tie["to"])
            letter = time["ties"][tie["id"]][index]
            seen.add(letter)
            if not agree and not disagree:
                assert letter == NO_POSITION
            else:
                expected = (
                    "agree" if agree > disagree else "disagree" if disagree > agree else "even"
                )
                assert kinds[letter] == expected
    assert len(seen) > 2  # the windows hold ties of more than one kind


def test_letters_cover_what_the_page_steps_through() -> None:
    ds = positions.load(ROOT / "data")
    page = build_map(ds, top=5)
    time, board = page.data["timeline"], page.data["board"]
    drawn = {n for n, node in page.data["nodes"].items() if node["type"] == "actor"}
    chips = {(c["actor"], board["target"]) for col in board["columns"] for c in col["chips"]}
    chips |= {(c["actor"], c["via"]) for c in board["parts"]}
    full = timeline_payload(ds, board["target"])  # every position's letters
    assert full is not None and time is not None
    shown = 0
    for key, letters in full["stances"].items():
        actor, target = key.split("\n")
        if actor in drawn or (actor, target) in chips:  # the network's and the board's
            assert time["stances"][key] == letters
            shown += 1
        else:
            assert key not in time["stances"]
    assert 0 < shown < len(full["stances"])
    assert len(time["stances"]) == shown
