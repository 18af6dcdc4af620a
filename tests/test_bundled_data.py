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
    } <= kinds
    assert all(source.archive for source in ds.sources.values())


@pytest.mark.skipif(not SHARED_SEED_ARTICLE.exists(), reason="no shared copy of the article")
def test_seed_archive_is_the_article_byte_for_byte() -> None:
    assert SEED_ARTICLE.read_bytes() == SHARED_SEED_ARTICLE.read_bytes()
