"""``contested`` without evidence (the fast path a table uses) agrees with the full answer."""

from __future__ import annotations

import pytest

from positions.questions.ask import contested
from tests.random_data import random_dataset


def _shown(answer: object) -> list[tuple[object, ...]]:
    """What a table shows of each target: counts, ranking and who stands on each side."""
    return [
        (
            c.target,
            c.support,
            c.oppose,
            c.mixed,
            c.neutral,
            c.split,
            c.balance,
            [
                (p.actor, p.actor_name, p.stance, p.collective)
                for p in c.positions
                if p.stance in ("support", "oppose")
            ],
        )
        for c in answer  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("as_of", [None, "2023-05-01", "2024"])
def test_fast_and_plain_contested_agree(seed: int, as_of: str | None) -> None:
    ds = random_dataset(seed)
    plain = contested(ds, as_of)
    fast = contested(ds, as_of, evidence=False)
    assert _shown(fast) == _shown(plain)
    assert fast.undated_left_out == plain.undated_left_out
    assert all(
        p.stance in ("support", "oppose") and not p.evidence and p.date is None
        for c in fast
        for p in c.positions
    )


def test_plain_contested_keeps_every_position_with_its_statements() -> None:
    answers = [contested(random_dataset(seed, statements=200)) for seed in range(10)]
    assert any(answers), "the random data should have a contested target"
    for target in (t for found in answers for t in found):
        assert (
            len(target.positions) == target.support + target.oppose + target.mixed + target.neutral
        )
        assert all(p.evidence for p in target.positions)
