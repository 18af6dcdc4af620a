"""Name resolution as DESIGN.md says: id, name, label or alias, folded; clear errors."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import positions
from positions import AmbiguousName, Dataset, NameNotFound
from positions.questions.resolve import resolve_actor, resolve_target

SECOND = Path(__file__).parent / "fixtures" / "second"


@cache
def second() -> Dataset:
    return positions.load(SECOND)


@pytest.mark.parametrize(
    "name",
    [
        "tod-art-6",
        "Article 6",
        "art. 6",
        "ARTICLE-6",
        "article 6",
        "Art 6",
        "Open access to survey data",
    ],
)
def test_every_spelling_of_article_6_finds_it(name: str) -> None:
    assert resolve_target(second(), name) == "tod-art-6"


@pytest.mark.parametrize(
    "name", ["Article 6(2)", "art. 6 (2)", "ARTICLE 6-2", "Article 6 paragraph 2", "art. 6 para. 2"]
)
def test_a_paragraph_by_label_or_alias(name: str) -> None:
    assert resolve_target(second(), name) == "tod-art-6-2"


def test_digit_groups_stay_apart() -> None:
    assert resolve_target(second(), "Article 6(2)") != "tod-art-62"
    assert resolve_target(second(), "Article 62") == "tod-art-62"
    assert resolve_target(second(), "art.62") == "tod-art-62"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("pecheurs unis", "pecheurs-unis"),
        ("PÊCHEURS-UNIS", "pecheurs-unis"),
        ("Deep Blue Data Corp", "deep-blue"),
        ("deep blue", "deep-blue"),
        ("osc", "ocean-science-council"),
        ("Republic of Norland", "norland"),
        ("norland", "norland"),
    ],
)
def test_actors_by_name_alias_and_id_folded(name: str, expected: str) -> None:
    assert resolve_actor(second(), name) == expected


def test_a_stakeholder_can_be_a_target_but_a_target_is_not_an_actor() -> None:
    assert resolve_target(second(), "Deep Blue") == "deep-blue"
    with pytest.raises(NameNotFound, match="no actor named 'Article 6'"):
        resolve_actor(second(), "Article 6")


def test_an_unknown_name_lists_the_closest() -> None:
    with pytest.raises(NameNotFound) as caught:
        resolve_target(second(), "Artcle 7")
    assert caught.value.suggestions[0].id == "tod-art-7"
    assert "closest: 'Article 7 (Benefit sharing) in Treaty on Ocean Data' (tod-art-7)" in str(
        caught.value
    )


def test_a_partial_name_suggests_the_names_that_contain_it() -> None:
    with pytest.raises(NameNotFound) as caught:
        resolve_target(second(), "moratorium")
    assert [c.id for c in caught.value.suggestions][:1] == ["deep-sea-moratorium"]


def test_an_ambiguous_label_lists_every_candidate() -> None:
    with pytest.raises(AmbiguousName) as caught:
        resolve_target(second(), "Article 1")
    assert [c.id for c in caught.value.candidates] == ["tod-art-1", "pfd-art-1"]
    message = str(caught.value)
    assert message == (
        "'Article 1' names 2 records: "
        "'Article 1 (Definitions) in Treaty on Ocean Data' (tod-art-1); "
        "'Article 1 (Scope of the protocol) in Protocol on Fisheries Data' (pfd-art-1); "
        "name one by its id"
    )


def test_errors_are_query_errors() -> None:
    assert issubclass(NameNotFound, positions.QueryError)
    assert issubclass(AmbiguousName, positions.QueryError)
    assert issubclass(positions.BadDate, positions.QueryError)


def test_an_empty_name_is_not_found() -> None:
    with pytest.raises(NameNotFound):
        resolve_target(second(), " ")


@given(st.sampled_from(["Article 6", "Article 62", "Article 6(2)", "Article 7"]), st.data())
def test_case_and_punctuation_never_change_the_answer(name: str, data: st.DataObject) -> None:
    expected = resolve_target(second(), name)
    spelled = "".join(
        data.draw(st.sampled_from([c.upper(), c.lower()])) if c.isalpha() else c for c in name
    )
    spelled = spelled.replace(" ", data.draw(st.sampled_from([" ", "-", ". ", "  ", "_"])))
    assert resolve_target(second(), spelled) == expected
