"""Timeline and flips on the bundled data (data/): what the records say about the United
States, the Cybersecurity Tech Accord and Russia, checked against the statements themselves.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

import positions
from positions.model import Stance

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def ds() -> positions.Dataset:
    return positions.load(DATA)


def _stance(window: positions.TimelineAnswer, label: str, actor: str, target: str) -> Stance:
    found = next(w for w in window if w.label == label)
    return next(p.stance for p in found.positions if p.actor == actor and p.target == target)


def test_the_united_states_opposed_in_2019_and_backed_a_rights_respecting_text_in_2022(
    ds: positions.Dataset,
) -> None:
    years = positions.timeline(ds, by="year")
    assert _stance(years, "2019", "united-states", "committee-establishment") is Stance.OPPOSE
    assert _stance(years, "2019", "united-states", "uncc") is Stance.OPPOSE
    assert _stance(years, "2022", "united-states", "uncc") is Stance.SUPPORT
    assert _stance(years, "2022", "united-states", "uncc-human-rights") is Stance.SUPPORT
    flips = positions.flips(ds, actor="United States", target="uncc")
    first = flips[-1]  # newest first: the last is the first change
    assert (first.from_stance, first.to_stance) == (Stance.OPPOSE, Stance.SUPPORT)
    assert first.from_date.startswith("2019")
    assert first.to_date.startswith("2022")
    latest = flips[0]
    assert latest.to_stance is Stance.SUPPORT
    assert "respects human rights" in latest.to_evidence[0].text


def test_the_tech_accord_opposed_the_drafts_then_was_mixed_and_boycotted_the_signing(
    ds: positions.Dataset,
) -> None:
    years = positions.timeline(ds, by="year")
    assert _stance(years, "2021", "tech-accord", "uncc-human-rights") is Stance.SUPPORT
    quarters = positions.timeline(ds, by="quarter", target="uncc")
    assert _stance(quarters, "2024-Q1", "tech-accord", "uncc") is Stance.OPPOSE
    assert _stance(quarters, "2024-Q3", "tech-accord", "uncc") is Stance.MIXED
    assert _stance(years, "2025", "tech-accord", "hanoi-signing-ceremony") is Stance.OPPOSE
    (flip,) = positions.flips(ds, actor="Cybersecurity Tech Accord", target="uncc")
    assert (flip.from_stance, flip.to_stance, flip.to_date) == (
        Stance.OPPOSE,
        Stance.MIXED,
        "2024-07-30",
    )
    assert all(e.date == "2024" for e in flip.from_evidence)


def test_russia_from_initiator_to_a_reserved_assessment_and_back(ds: positions.Dataset) -> None:
    quarters = positions.timeline(ds, by="quarter", target="uncc")
    assert _stance(quarters, "2017-Q4", "russia", "uncc") is Stance.SUPPORT
    assert _stance(quarters, "2024-Q3", "russia", "uncc") is Stance.MIXED
    assert _stance(quarters, "2024-Q4", "russia", "uncc") is Stance.SUPPORT
    changes = [
        (f.from_stance, f.to_stance, f.to_date)
        for f in positions.flips(ds, actor="Russia", target="uncc")
    ]
    assert changes == [
        (Stance.MIXED, Stance.SUPPORT, "2024-12-24"),
        (Stance.SUPPORT, Stance.MIXED, "2024-08-09"),
    ]
    reserved = positions.flips(ds, actor="Russia", since="2024-08")[-1]
    assert "reserved assessment" in reserved.to_evidence[0].text


def test_the_timeline_covers_every_dated_year_with_camps_that_keep_their_numbers(
    ds: positions.Dataset,
) -> None:
    years = positions.timeline(ds, by="year")
    labels = [w.label for w in years]
    assert labels == [str(y) for y in range(int(labels[0]), int(labels[-1]) + 1)]
    assert any(w.empty for w in years)
    # an empty window changes nothing: the same camps under the same numbers
    for before, window in itertools.pairwise(years):
        if window.empty:
            assert [(c.number, c.members) for c in window.camps] == [
                (c.number, c.members) for c in before.camps
            ]
