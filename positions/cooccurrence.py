"""Alignment counts for every pair of actors at once, from a sparse matrix product.

DESIGN.md's alignment: over the targets where both actors have a position, they *agree*
where both support or both oppose, and *disagree* where one supports and the other
opposes (mixed and neutral are neither). With ``S`` the actors x targets matrix of
supports and ``O`` that of oppositions (1 where the actor's position is that stance):

    agree    = S Sᵀ + O Oᵀ
    disagree = S Oᵀ + O Sᵀ

Work grows with the number of positions and of actor pairs that share a target, not with
(actors per target)² loops in Python. The targets behind each count (the evidence) are
found per pair, when asked for (``shared_targets``).

>>> counts = alignment_counts(ds)                        # doctest: +SKIP
>>> counts.between("hrw", "microsoft")                   # doctest: +SKIP
(3, 0)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from positions.dataset import Dataset
from positions.model import PartialDate, Stance
from positions.stances import Position, positions_of

#: Stances that take a side: alignment counts only these.
SIDES = (Stance.SUPPORT, Stance.OPPOSE)


@dataclass(frozen=True)
class AlignmentCounts:
    """Agree and disagree counts of every pair of actors that share a target.

    ``actors`` lists the actors with at least one side taken, in id order; ``agree`` and
    ``disagree`` are upper-triangular sparse matrices over them (row < column).
    ``positions`` holds, by actor then target, the sided positions the counts come from.
    """

    actors: tuple[str, ...]
    agree: Any  # scipy.sparse.csr_array, int
    disagree: Any
    positions: dict[str, dict[str, Position]] = field(repr=False)
    target_order: dict[str, int] = field(repr=False)

    def arrays(self) -> tuple[Any, Any, Any, Any]:
        """(rows, columns, agree, disagree) as numpy arrays, one item per pair, row-major."""
        import numpy as np

        total = (self.agree + self.disagree).tocoo()
        if total.nnz == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty, empty
        order = np.lexsort((total.col, total.row))
        rows, cols = total.row[order], total.col[order]
        agree = np.asarray(self.agree[rows, cols]).ravel()
        disagree = np.asarray(self.disagree[rows, cols]).ravel()
        return rows, cols, agree, disagree

    def pairs(self) -> Iterator[tuple[str, str, int, int]]:
        """(a, b, agree, disagree) for every pair with a shared target, a < b by id."""
        rows, cols, agree, disagree = self.arrays()
        actors = self.actors
        for i, j, yes, no in zip(
            rows.tolist(), cols.tolist(), agree.tolist(), disagree.tolist(), strict=True
        ):
            yield actors[i], actors[j], yes, no

    def between(self, a: str, b: str) -> tuple[int, int]:
        """(agree, disagree) of actors ``a`` and ``b`` (0, 0 when they share no target)."""
        index = {actor: i for i, actor in enumerate(self.actors)}
        if a not in index or b not in index or a == b:
            return (0, 0)
        i, j = sorted((index[a], index[b]))
        return int(self.agree[i, j]), int(self.disagree[i, j])

    def shared_targets(self, a: str, b: str) -> list[tuple[str, bool]]:
        """(target, agree?) for each target both ``a`` and ``b`` took a side on."""
        mine = self.positions.get(a, {})
        theirs = self.positions.get(b, {})
        if len(theirs) < len(mine):
            mine, theirs = theirs, mine
        shared = [t for t in mine if t in theirs]
        shared.sort(key=lambda t: self.target_order[t])
        left, right = self.positions.get(a, {}), self.positions.get(b, {})
        return [(t, left[t].stance is right[t].stance) for t in shared]


def sided_positions(
    ds: Dataset,
    as_of: PartialDate | None = None,
    targets: Iterable[str] | None = None,
) -> list[Position]:
    """The positions that take a side (support or oppose), limited to ``targets`` if given."""
    wanted = set(targets) if targets is not None else None
    return [
        position
        for (_, target), position in positions_of(ds, as_of).items()
        if position.stance in SIDES and (wanted is None or target in wanted)
    ]


def alignment_counts(
    ds: Dataset,
    as_of: PartialDate | None = None,
    targets: Iterable[str] | None = None,
) -> AlignmentCounts:
    """Agree and disagree counts of every actor pair, as of ``as_of``, over ``targets``."""
    return counts_from_positions(sided_positions(ds, as_of, targets))


def counts_from_positions(positions: Iterable[Position]) -> AlignmentCounts:
    """``alignment_counts`` from sided positions already at hand (one per actor, target)."""
    import numpy as np
    from scipy import sparse

    by_actor: dict[str, dict[str, Position]] = {}
    target_order: dict[str, int] = {}
    for position in positions:
        by_actor.setdefault(position.actor, {})[position.target] = position
        target_order.setdefault(position.target, len(target_order))
    actors = tuple(sorted(by_actor))
    shape = (len(actors), len(target_order))
    rows: dict[Stance, list[int]] = {Stance.SUPPORT: [], Stance.OPPOSE: []}
    cols: dict[Stance, list[int]] = {Stance.SUPPORT: [], Stance.OPPOSE: []}
    for i, actor in enumerate(actors):
        for target, position in by_actor[actor].items():
            rows[position.stance].append(i)
            cols[position.stance].append(target_order[target])

    def indicator(stance: Stance) -> Any:
        data = np.ones(len(rows[stance]), dtype=np.int32)
        return sparse.csr_array((data, (rows[stance], cols[stance])), shape=shape)

    support, oppose = indicator(Stance.SUPPORT), indicator(Stance.OPPOSE)
    support_t, oppose_t = support.T.tocsr(), oppose.T.tocsr()
    agree = sparse.triu(support @ support_t + oppose @ oppose_t, k=1, format="csr")
    cross = support @ oppose_t
    disagree = sparse.triu(cross + cross.T, k=1, format="csr")
    return AlignmentCounts(actors, agree, disagree, by_actor, target_order)
