"""The questions on the second (fictional) dataset: each answer as DESIGN.md's semantics say."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import positions
from positions import Dataset, Stance

SECOND = Path(__file__).parent / "fixtures" / "second"


@cache
def second() -> Dataset:
    return positions.load(SECOND)


def rows_of(rows: list[positions.PositionRow]) -> list[tuple[str, str, str | None]]:
    return [(r.actor, r.stance.value, r.via) for r in rows]


def test_the_fixture_is_valid() -> None:
    assert positions.check(SECOND) == []


def test_a_change_of_mind_shows_before_and_after() -> None:
    ds = second()
    before = positions.position(ds, "Norland", "Article 6", as_of="2024-01")
    after = positions.position(ds, "Norland", "Article 6")
    assert [(r.stance, r.date) for r in before] == [(Stance.OPPOSE, "2023-03-14")]
    assert before[0].evidence[0].text == (
        "Norland cannot accept open access to survey data in our waters."
    )
    assert [(r.stance, r.date) for r in after] == [(Stance.SUPPORT, "2024-05-14")]
    assert after[0].conditions == ["provided that paragraph 2 keeps the security exemption"]
    assert after[0].evidence[0].speaker_name == "Ana Lund"


def test_a_partial_as_of_date_means_its_end() -> None:
    # v2: as of 2024-05 is as of 31 May 2024, so Norland's 2024-05-14 change counts ...
    rows = positions.position(second(), "Norland", "Article 6", as_of="2024-05")
    assert [r.stance for r in rows] == [Stance.SUPPORT]
    # ... and as of April it does not yet
    rows = positions.position(second(), "Norland", "Article 6", as_of="2024-04")
    assert [r.stance for r in rows] == [Stance.OPPOSE]


def test_a_statement_on_a_paragraph_counts_for_its_article_and_says_so() -> None:
    ds = second()
    rows = positions.who_opposes(ds, "Article 6")
    assert rows_of(rows) == [("estmark", "oppose", "tod-art-6-2")]
    assert rows[0].target == "tod-art-6"
    assert rows[0].via_name == "Article 6(2) (Security exemption)"
    assert rows[0].evidence[0].text == (
        "the exemption in paragraph 2 would empty the article of meaning"
    )
    # ... and for the chapter and the treaty above it, transitively
    assert ("estmark", "oppose", "tod-art-6-2") in rows_of(positions.who_opposes(ds, "Chapter II"))
    assert ("estmark", "oppose", "tod-art-6-2") in rows_of(positions.who_opposes(ds, "TOD"))
    # but not without parts
    assert positions.who_opposes(ds, "Article 6", include_parts=False) == []


def test_a_stance_on_the_instrument_is_not_a_stance_on_each_article() -> None:
    supporters = positions.who_supports(second(), "Article 6")
    assert "coastal-alliance" not in {r.actor for r in supporters}


def test_who_opposes_the_treaty_with_its_parts() -> None:
    # v2: the treaty itself first, then its parts, each naming its part
    found = positions.who_opposes(second(), "Treaty on Ocean Data")
    assert rows_of(found) == [
        ("pecheurs-unis", "oppose", None),
        ("deep-blue", "oppose", "tod-art-7"),
        ("estmark", "oppose", "tod-art-6-2"),
        ("open-seas", "oppose", "tod-art-7"),
    ]
    assert found.actors_on_target == ("pecheurs-unis",)
    assert found.actors_on_parts_only == ("deep-blue", "estmark", "open-seas")


def test_who_supports_the_treaty_direct_and_via_parts() -> None:
    found = positions.who_supports(second(), "ocean data treaty")
    assert rows_of(found) == [
        ("coastal-alliance", "support", None),
        ("open-seas", "support", None),
        ("deep-blue", "support", "tod-art-6"),
        ("ocean-science-council", "support", "tod-art-6"),
        ("norland", "support", "tod-art-6"),
    ]
    # Open Seas supports the treaty itself: it is not counted again among the parts
    assert found.actors_on_parts_only == ("deep-blue", "ocean-science-council", "norland")


def test_same_date_conflict_is_mixed_and_shows_both_statements() -> None:
    rows = positions.who(second(), "mixed", "tod")
    assert rows_of(rows) == [("suland", "mixed", None)]
    assert {(e.statement, e.stance.value) for e in rows[0].evidence} == {
        ("suland-will-sign", "support"),
        ("suland-cannot-ratify", "oppose"),
    }
    assert rows[0].date == "2024-06-02"


def test_neutral_with_a_year_only_date_kept_as_written() -> None:
    rows = positions.who(second(), Stance.NEUTRAL, "tod")
    assert rows_of(rows) == [("westoria", "neutral", None)]
    assert rows[0].date == "2024"
    assert rows[0].evidence[0].is_paraphrase


def test_an_undated_statement_counts_only_without_a_dated_one() -> None:
    ds = second()
    on_article_7 = positions.position(ds, "Open Seas Institute", "Article 7")
    assert [(r.stance, r.date) for r in on_article_7] == [(Stance.OPPOSE, "2024-03")]
    on_treaty = positions.position(ds, "OSI", "tod", include_parts=False)
    assert [(r.stance, r.date) for r in on_treaty] == [(Stance.SUPPORT, None)]
    assert (
        on_treaty[0].evidence[0].text == "The Open Seas Institute supports the aims of the treaty."
    )
    assert on_treaty[0].evidence[0].is_paraphrase


def test_a_partial_date_sorts_before_a_full_date_in_the_same_month() -> None:
    rows = positions.position(second(), "Deep Blue", "Moratorium on deep-sea survey licensing")
    assert [(r.stance, r.date) for r in rows] == [(Stance.OPPOSE, "2024-05-20")]


def test_actor_to_actor_stance() -> None:
    rows = positions.who_opposes(second(), "Deep Blue Data Corp.")
    assert rows_of(rows) == [("open-seas", "oppose", None)]
    assert rows[0].evidence[0].text == "Deep Blue writes its own rules."


def test_membership_does_not_copy_positions() -> None:
    ds = second()
    assert positions.position(ds, "Estmark", "Treaty on Ocean Data", include_parts=False) == []
    assert positions.stances_of(ds, "Piet Varga") == []


def test_stances_of_in_target_file_order() -> None:
    rows = positions.stances_of(second(), "Kingdom of Estmark")
    assert [(r.target, r.stance.value) for r in rows] == [
        ("tod-art-6-2", "oppose"),
        ("pfd-art-1", "support"),
        ("deep-sea-moratorium", "support"),
    ]
    assert all(r.via is None for r in rows)


def test_history_oldest_first_with_the_deciding_statement_marked() -> None:
    ds = second()
    found = positions.history(ds, "Norland", "Article 6")
    assert [(e.date, e.stance.value, e.current) for e in found.entries] == [
        ("2023-03-14", "oppose", False),
        ("2024-05-14", "support", True),
    ]
    assert [p.stance for p in found.positions] == [Stance.SUPPORT]
    earlier = positions.history(ds, "Norland", "Article 6", as_of="2024-01")
    assert [(e.date, e.current) for e in earlier.entries] == [("2023-03-14", True)]


def test_history_puts_undated_statements_after_the_dated_and_says_which_part() -> None:
    found = positions.history(second(), "Open Seas Institute", "Treaty on Ocean Data")
    assert [(e.evidence.statement, e.via, e.current) for e in found.entries] == [
        ("open-seas-opposes-art-7", "tod-art-7", True),
        ("open-seas-backed-benefit-sharing", "tod-art-7", False),
        ("open-seas-backs-treaty", None, True),
    ]
    assert [e.evidence.statement for e in found.undated] == [
        "open-seas-backed-benefit-sharing",
        "open-seas-backs-treaty",
    ]


def test_allies_strongest_first_with_both_counts() -> None:
    ties = positions.allies(second(), "Norland")
    assert [(t.other, t.agree, t.disagree, t.weight) for t in ties] == [
        ("estmark", 1, 0, 1),
        ("ocean-science-council", 1, 0, 1),
        ("pecheurs-unis", 1, 0, 1),
    ]
    assert ties[1].evidence[0].target == "tod-art-6"
    assert ties[1].evidence[0].evidence[0].statement == "norland-supports-art-6"
    assert ties[1].evidence[0].other_evidence[0].statement == "osc-supports-art-6"


def test_a_tie_that_cancels_out_is_neither_ally_nor_opponent() -> None:
    ds = second()
    # Norland and Deep Blue agree on Article 6 and disagree on the moratorium: weight 0
    assert "deep-blue" not in {t.other for t in positions.allies(ds, "Norland")}
    assert "deep-blue" not in {t.other for t in positions.opponents(ds, "Norland")}


def test_opponents_with_evidence() -> None:
    ties = positions.opponents(second(), "Pêcheurs Unis")
    assert [(t.other, t.agree, t.disagree, t.weight) for t in ties] == [
        ("coastal-alliance", 0, 1, -1),
        ("deep-blue", 0, 1, -1),
        ("open-seas", 0, 1, -1),
    ]
    first = ties[0].evidence[0]
    assert (first.target, first.agree, first.stance.value, first.other_stance.value) == (
        "tod",
        False,
        "oppose",
        "support",
    )


def test_compare_agree_disagree_neither_and_only_one() -> None:
    ds = second()
    result = positions.compare(ds, "Norland", "Deep Blue")
    assert [t.target for t in result.agree] == ["tod-art-6"]
    assert [t.target for t in result.disagree] == ["deep-sea-moratorium"]
    assert [t.target for t in result.only_b] == ["tod-art-7"]
    assert result.only_a == () and result.neither == ()
    other = positions.compare(ds, "Suland", "CSA")
    assert [(t.target, t.a_stance, t.b_stance) for t in other.neither] == [
        ("tod", Stance.MIXED, Stance.SUPPORT)
    ]


def test_contested_ranks_by_smaller_side_then_balance() -> None:
    found = positions.contested(second())
    assert [(c.target, c.support, c.oppose, c.split, c.balance) for c in found] == [
        ("tod", 2, 1, 1, 0.5),
        ("deep-sea-moratorium", 3, 1, 1, 0.333),
    ]
    assert [p.actor for p in found[0].positions] == [
        "coastal-alliance",
        "open-seas",
        "pecheurs-unis",
        "suland",
        "westoria",
    ]


def test_coalitions_follow_the_agreements_and_are_reproducible() -> None:
    ds = second()
    found = positions.coalitions(ds)
    assert [set(c.members) for c in found] == [
        {"deep-blue", "ocean-science-council", "open-seas", "coastal-alliance"},
        {"norland", "estmark", "pecheurs-unis"},
    ]
    # named by what sets each camp apart (issue 16), no longer "Camp 1", "Camp 2"
    assert [c.label for c in found] == [
        "supports Treaty on Ocean Data; opposes Article 7",
        "supports Moratorium on deep-sea survey licensing",
    ]
    assert positions.coalitions(positions.load(SECOND)) == found


def test_as_of_before_every_dated_statement_is_empty_and_counts_the_undated() -> None:
    ds = second()
    # v2: undated statements never count as of a date; the answer says how many it left out
    found = positions.who_supports(ds, "tod", as_of="2000")
    assert found == []
    assert found.undated_left_out == 2
    assert positions.who_supports(ds, "tod").undated_left_out == 0
    assert positions.contested(ds, as_of="2000") == []


def test_a_bad_date_is_a_query_error() -> None:
    with pytest.raises(positions.BadDate, match="2024-13"):
        positions.who_opposes(second(), "tod", as_of="2024-13")
