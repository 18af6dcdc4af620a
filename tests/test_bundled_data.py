"""The bundled dataset: valid, as large as promised, and its seed archive is the article."""

from __future__ import annotations

import pytest

import positions
from tests.conftest import ROOT, SEED_ARTICLE, SHARED_SEED_ARTICLE


def test_bundled_data_is_valid_and_covers_the_negotiation() -> None:
    assert positions.check(ROOT / "data") == []
    ds = positions.load(ROOT / "data")
    assert len(ds.stakeholders) >= 25
    assert len(ds.statements) >= 80
    kinds = {s.kind.value for s in ds.stakeholders.values()}
    assert {
        "state",
        "state_group",
        "un_body",
        "ngo",
        "company",
        "industry_group",
        "person",
        "collective",
    } <= kinds
    assert "russian-delegation" not in ds.stakeholders  # its statements are Russia's
    assert all(source.archive for source in ds.sources.values())


@pytest.mark.skipif(not SHARED_SEED_ARTICLE.exists(), reason="no shared copy of the article")
def test_seed_archive_is_the_article_byte_for_byte() -> None:
    assert SEED_ARTICLE.read_bytes() == SHARED_SEED_ARTICLE.read_bytes()


#: Every quotation of the seed article with the actor it is attributed to (read off the text).
SEED_QUOTES = [
    ("ohchr", "some welcome improvements"),
    ("ohchr", "about significant shortcomings, with many provisions failing to meet"),
    ("ohchr", "These shortcomings are particularly problematic against the backdrop"),
    ("hrw", "to facilitate investigations into things like same-sex conduct"),
    ("hrw", "resembles a global surveillance treaty that would address all crime"),
    ("microsoft", "no outcome is better than a bad outcome"),
    ("tech-accord", "There is a need for more cooperation by most states"),
    ("tech-accord", "This convention does not have to be the vehicle for that cooperation."),
    ("tech-accord", "Democratic states would expect opposition from the private sector"),
    ("russia", "Excessive attention to human rights provisions in the Convention"),
]
#: Quoted words that alone would mislead (who "politicizes"?): the statement is a paraphrase of
#: the article's sentence around them, keeping the words.
SEED_PARAPHRASED = [
    ("russia", "politicize discussions"),
]


def test_every_quote_of_the_seed_article_is_a_statement_of_its_actor() -> None:
    ds = positions.load(ROOT / "data")
    seed = [s for s in ds.statements.values() if s.source == "seed-article"]
    for actor, words in SEED_QUOTES:
        assert any(s.actor == actor and s.quote and words in s.quote for s in seed), (actor, words)
    for actor, words in SEED_PARAPHRASED:
        assert any(s.actor == actor and s.paraphrase and words in s.paraphrase for s in seed), (
            actor,
            words,
        )
    article = SEED_ARTICLE.read_text(encoding="utf-8")
    normalised = " ".join(article.replace("“", '"').replace("”", '"').split())
    for statement in seed:
        if statement.quote:  # nothing added: each quote stands in the article
            assert " ".join(statement.quote.split()) in normalised, statement.id
