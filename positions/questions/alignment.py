"""Alignment, written once: who agrees and disagrees with whom, over the sides they take.

``align`` is the rule: one pass over the sides taken (``positions.questions.positions``),
target by target, counting for each pair of actors the targets where they agree and
disagree and, when asked, keeping the two sides of each (the evidence). ``allies``,
``opponents`` and the alignment graph with its evidence all come from it. For the whole
network without evidence (camps, the map) the same counts come from a sparse matrix
product: measured ten times faster than ``align`` on the counts alone at 3x10^4 synthetic
statements (0.05 s against 0.5 s; with evidence the pass itself is the cost, so it counts):

DESIGN.md's alignment: over the targets where both actors have a position, they *agree*
where both support or both oppose, and *disagree* where one supports and the other
opposes (mixed and neutral are neither). With ``S`` the actors x targets matrix of
supports and ``O`` that of oppositions (1 where the actor's position is that stance):

    agree    = S Sᵀ + O Oᵀ
    disagree = S Oᵀ + O Sᵀ

Work grows with the number of positions and of actor pairs that share a target, not with
(actors per target)² loops in Python. A test of random data holds the two together.

>>> counts = alignment_counts(ds)                        # doctest: +SKIP
>>> counts.between("hrw", "microsoft")                   # doctest: +SKIP
(3, 0)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from positions.data import gcpause
from positions.data.dataset import Dataset
from positions.model import PartialDate, StakeholderKind, Stance
from positions.questions.positions import SIDES, Side, latest_sides

__all__ = [
    "SIDES",
    "Alignment",
    "AlignmentCounts",
    "RunningCounts",
    "Side",
    "agreement_index",
    "align",
    "alignment_counts",
    "alignment_graph",
    "cell_pair_counts",
    "counts_from_sides",
    "current_sides",
    "is_collective",
    "pair_counts",
    "without_collectives",
]


def is_collective(ds: Dataset, actor: str) -> bool:
    """Whether ``actor`` is a collective (kind ``collective``): a group a source names only
    as a whole, left out of alignment, camps and maps unless asked for (DESIGN.md v2)."""
    record = ds.stakeholders.get(actor)
    return record is not None and record.kind is StakeholderKind.COLLECTIVE


def without_collectives(ds: Dataset, sides: Iterable[Side], keep: str | None = None) -> list[Side]:
    """``sides`` without those of collective actors (but ``keep``'s, the actor asked about)."""
    collective = {a for a in ds.stakeholders if a != keep and is_collective(ds, a)}
    return [s for s in sides if s.actor not in collective]


@dataclass(frozen=True)
class AlignmentCounts:
    """Agree and disagree counts of every pair of actors that share a target.

    ``actors`` lists the actors with at least one side taken, in id order; ``agree`` and
    ``disagree`` are upper-triangular sparse matrices over them (row < column). The
    targets behind each count are ``align``'s to give (``evidence``). ``pair_arrays``
    holds ``arrays()`` when the counts were computed as arrays (``counts_from_sides``).
    """

    actors: tuple[str, ...]
    agree: Any  # scipy.sparse.csr_array, int
    disagree: Any
    pair_arrays: tuple[Any, Any, Any, Any] | None = field(default=None, repr=False, compare=False)

    def arrays(self) -> tuple[Any, Any, Any, Any]:
        """(rows, columns, agree, disagree) as numpy arrays, one item per pair, row-major."""
        import numpy as np

        if self.pair_arrays is not None:
            return self.pair_arrays
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

    def between_each(self, pairs: Sequence[tuple[str, str]]) -> list[tuple[int, int]]:
        """``between`` for every pair at once: one lookup in the matrices for all of them
        (what a map's drawn ties need window by window, not the whole network's graph)."""
        import numpy as np

        index = {actor: i for i, actor in enumerate(self.actors)}
        found = [
            (k, *sorted((index[a], index[b])))
            for k, (a, b) in enumerate(pairs)
            if a in index and b in index and a != b
        ]
        counts = [(0, 0)] * len(pairs)
        if found:
            found_at = np.array(found, dtype=np.int64)
            at, rows, cols = found_at[:, 0], found_at[:, 1], found_at[:, 2]
            agree = np.asarray(self.agree[rows, cols]).ravel().tolist()
            disagree = np.asarray(self.disagree[rows, cols]).ravel().tolist()
            for k, yes, no in zip(at.tolist(), agree, disagree, strict=True):
                counts[k] = (int(yes), int(no))
        return counts


E = TypeVar("E")

#: The sides taken, as of a date (``positions.questions.positions.latest_sides``).
current_sides = latest_sides


@dataclass(frozen=True, slots=True)
class Alignment(Generic[E]):
    """How actors ``a`` and ``b`` align: both counts and, when asked, the evidence: one item
    per target both took a side on, in the order the targets came."""

    a: str
    b: str
    agree: int
    disagree: int
    shared: list[E]

    @property
    def weight(self) -> int:
        """Agreements minus disagreements: positive for allies, negative for opponents."""
        return self.agree - self.disagree

    @property
    def shared_count(self) -> int:
        """The targets both took a side on: what the tie rests on."""
        return self.agree + self.disagree

    @property
    def index(self) -> float:
        """``agreement_index`` of the tie."""
        return agreement_index(self.agree, self.disagree)


def agreement_index(agree: int, disagree: int) -> float:
    """(agree - disagree) / shared, shared = agree + disagree: 1 when the two actors agree
    on every target they both took a side on, -1 when they disagree on every one, 0 when
    they share none (docs/camps.md)."""
    shared = agree + disagree
    return round((agree - disagree) / shared, 3) if shared else 0.0


def align(
    sides: Iterable[Side],
    *,
    actor: str | None = None,
    evidence: Callable[[Side, Side], E] | None = None,
) -> dict[tuple[str, str], Alignment[E]]:
    """The alignment of every pair of actors that took a side on a common target, in one
    pass over the targets: DESIGN.md's rule, for every caller.

    Keyed by (a, b) with a < b by id, in that order; with ``actor`` only that actor's pairs,
    keyed (actor, other). ``evidence(side, other_side)`` makes the item kept for each
    shared target; without it only the counts are kept. The sides are those that take a
    side (``latest_sides`` gives only those), one per actor and target.
    """
    by_target: dict[str, list[Side]] = {}
    for side in sides:
        by_target.setdefault(side.target, []).append(side)
    found: dict[tuple[str, str], list[Any]] = {}  # key -> [agree, disagree, [evidence]]
    get, make = found.get, evidence
    for group in by_target.values():
        if actor is not None:
            own = [s for s in group if s.actor == actor]
            firsts = own
            rests = iter([[s for s in group if s.actor != actor]] if own else [])
        else:
            group.sort(key=_by_actor)
            firsts, rests = group, (group[i + 1 :] for i in range(len(group)))
        # the loop that runs once per pair of actors per shared target: kept lean
        for side, rest in zip(firsts, rests, strict=False):
            first, stance = side.actor, side.stance
            for other in rest:
                key = (first, other.actor)
                slot = get(key)
                if slot is None:
                    slot = found[key] = [0, 0, []]
                slot[stance is not other.stance] += 1
                if make is not None:
                    slot[2].append(make(side, other))
    keys = sorted(found) if actor is None else list(found)
    return {key: Alignment(key[0], key[1], *found[key]) for key in keys}


def _by_actor(side: Side) -> str:
    return side.actor


def alignment_counts(
    ds: Dataset,
    as_of: PartialDate | None = None,
    targets: Iterable[str] | None = None,
    *,
    include_collective: bool = False,
) -> AlignmentCounts:
    """Agree and disagree counts of every actor pair, as of ``as_of``, over ``targets``
    (collective actors only with ``include_collective``)."""
    sides = current_sides(ds, as_of, targets)
    return counts_from_sides(sides if include_collective else without_collectives(ds, sides))


#: Up to this many actor pairs (actors squared), and cells of the actors x targets matrices,
#: the counts come from dense numpy products (two BLAS products and the pairs as arrays
#: at once; at 2,000 actors sharing nearly every target measured 1.0-1.9 s against
#: 1.5-1.7 s sparse, on a loaded machine); above it, from sparse ones (memory grows with
#: the pairs that share a target, not with actors squared).
DENSE_COUNTS_UP_TO = 16_000_000


def counts_from_sides(sides: Iterable[Side], *, dense: bool | None = None) -> AlignmentCounts:
    """``alignment_counts`` from the sides taken (one per actor and target).

    ``dense`` chooses the computation (dense numpy products or sparse ones; None: dense up
    to ``DENSE_COUNTS_UP_TO``); both give the same counts."""
    actors, shape, rows, cols = _indicators(sides)
    if dense is None:
        dense = _fits_dense(shape)
    if dense:
        arrays = _dense_pairs(shape, rows, cols)
        return AlignmentCounts(actors, *_matrices(len(actors), arrays), pair_arrays=arrays)
    return _sparse_counts(actors, shape, rows, cols)


def pair_counts(sides: Iterable[Side]) -> tuple[tuple[str, ...], tuple[Any, Any, Any, Any]]:
    """The actors and ``counts_from_sides(sides).arrays()``, without the sparse matrices
    when the dense products give the arrays (building them cost 0.5 s of 0.9 s at 2,000
    actors sharing nearly every target): what the camps read."""
    return cell_pair_counts(*_indicators(sides))


def cell_pair_counts(
    actors: tuple[str, ...], shape: tuple[int, int], rows: _Indices, cols: _Indices
) -> tuple[tuple[str, ...], tuple[Any, Any, Any, Any]]:
    """``pair_counts`` from the cells taking each side: ``rows[stance]`` index ``actors``
    (id order) and ``cols[stance]`` one of ``shape[1]`` targets, one cell per actor and
    target (lists or numpy arrays): what a caller holding the sides as numbers (the
    timeline's windows) gives without making a ``Side`` of each."""
    if _fits_dense(shape):
        return actors, _dense_pairs(shape, rows, cols)
    return actors, _sparse_counts(actors, shape, rows, cols).arrays()


def _fits_dense(shape: tuple[int, int]) -> bool:
    return max(shape[0] * shape[0], shape[0] * shape[1]) <= DENSE_COUNTS_UP_TO


_Indices = dict[Stance, Any]  # lists or numpy arrays of ints


def _indicators(
    sides: Iterable[Side],
) -> tuple[tuple[str, ...], tuple[int, int], _Indices, _Indices]:
    """The actors (id order), the actors x targets shape and, for each side, the (actor,
    target) cells taking it."""
    by_actor: dict[str, dict[str, Side]] = {}
    target_order: dict[str, int] = {}
    for side in sides:
        by_actor.setdefault(side.actor, {})[side.target] = side
        target_order.setdefault(side.target, len(target_order))
    actors = tuple(sorted(by_actor))
    shape = (len(actors), len(target_order))
    rows: dict[Stance, list[int]] = {Stance.SUPPORT: [], Stance.OPPOSE: []}
    cols: dict[Stance, list[int]] = {Stance.SUPPORT: [], Stance.OPPOSE: []}
    for i, actor in enumerate(actors):
        for target, side in by_actor[actor].items():
            rows[side.stance].append(i)
            cols[side.stance].append(target_order[target])
    return actors, shape, rows, cols


def _dense_pairs(
    shape: tuple[int, int], rows: _Indices, cols: _Indices
) -> tuple[Any, Any, Any, Any]:
    """(rows, columns, agree, disagree) of every pair sharing a target, row-major."""
    # T (took a side: 1) and D (support 1, oppose -1) over actors x targets:
    # shared = T Tᵀ = agree + disagree and D Dᵀ = agree - disagree, two products in all.
    # float32 is exact for counts below 2^24 (targets); the products are BLAS's.
    import numpy as np

    took = np.zeros(shape, dtype=np.float32)
    signed = np.zeros(shape, dtype=np.float32)
    for stance, value in _SIGNED.items():
        took[rows[stance], cols[stance]] = 1.0
        signed[rows[stance], cols[stance]] = value
    return _products_pairs(took @ took.T, signed @ signed.T)


#: each side's value in the signed matrix D (``_dense_pairs``)
_SIGNED = {Stance.SUPPORT: 1.0, Stance.OPPOSE: -1.0}


def _products_pairs(shared: Any, weight: Any) -> tuple[Any, Any, Any, Any]:
    """(rows, columns, agree, disagree) of the pairs that share a target, row-major, from
    the products T Tᵀ (``shared``) and D Dᵀ (``weight``) of ``_dense_pairs``."""
    import numpy as np

    # the pairs above the diagonal that share a target, row-major, read through one mask
    # (indexing by the pairs' rows and columns cost six times as much at 2x10^6 pairs)
    chosen = shared > 0
    chosen &= ~np.tri(shared.shape[0], dtype=bool)
    pair_rows, pair_cols = np.nonzero(chosen)
    both, net = shared[chosen], weight[chosen]
    agree = ((both + net) * 0.5).astype(np.int64)
    disagree = ((both - net) * 0.5).astype(np.int64)
    return (
        pair_rows.astype(np.int64, copy=False),
        pair_cols.astype(np.int64, copy=False),
        agree,
        disagree,
    )


class RunningCounts:
    """``cell_pair_counts`` of cells that change a few at a time (a timeline's windows:
    consecutive ones differ in a few thousand of 10^5 actor-target cells): the matrices T
    and D of ``_dense_pairs`` over every actor and target of ``shape`` are kept, and so
    are their products, which each change updates (T' T'ᵀ = T Tᵀ + Δ T'ᵀ + T Δᵀ, with Δ
    the change: its cells times the actors, not the actors² times the targets). The counts
    are the same integers whatever came before (float32 is exact below 2^24)."""

    def __init__(self, shape: tuple[int, int]) -> None:
        import numpy as np

        # column-major: the products read ``matrix.T`` row by row, with no copy of it
        self.took = np.zeros(shape, dtype=np.float32, order="F")
        self.signed = np.zeros(shape, dtype=np.float32, order="F")
        self.shared = np.zeros((shape[0], shape[0]), dtype=np.float32)
        self.weight = np.zeros((shape[0], shape[0]), dtype=np.float32)

    @staticmethod
    def fits(shape: tuple[int, int]) -> bool:
        """Whether counts over ``shape`` (actors, targets) are counted dense."""
        return _fits_dense(shape)

    def set(self, rows: Any, cols: Any, sides: Any) -> None:
        """Cells (``rows``, ``cols``: numpy int arrays) now taking ``sides`` (each a place
        in ``SIDES``, -1: none), each cell once."""
        import numpy as np

        took_now = (sides >= 0).astype(np.float32)
        signed_now = np.zeros(len(sides), dtype=np.float32)
        for place, stance in enumerate(SIDES):
            signed_now[sides == place] = _SIGNED[stance]
        if len(rows) * 8 > self.took.size:  # most cells changed: the products anew
            self.took[rows, cols] = took_now
            self.signed[rows, cols] = signed_now
            self.shared = self.took @ self.took.T
            self.weight = self.signed @ self.signed.T
            return
        for matrix, now, product in (
            (self.took, took_now, self.shared),
            (self.signed, signed_now, self.weight),
        ):
            before = matrix[rows, cols]
            change = _change_matrix(rows, cols, now - before, matrix.shape)
            grown = change @ matrix.T  # Δ Tᵀ, before the change
            matrix[rows, cols] = now
            product += change @ matrix.T  # Δ T'ᵀ
            product += grown.T  # T Δᵀ

    def pairs(self, present: Any) -> tuple[Any, Any, Any, Any]:
        """``cell_pair_counts``' arrays over the actors ``present`` (sorted places among
        the rows: those taking a side now), numbered by their place in ``present``."""
        import numpy as np

        if len(present) == self.shared.shape[0]:
            return _products_pairs(self.shared, self.weight)
        among = np.ix_(present, present)
        return _products_pairs(self.shared[among], self.weight[among])


def _change_matrix(rows: Any, cols: Any, values: Any, shape: tuple[int, int]) -> Any:
    """The sparse actors x targets matrix of a change to some cells (each once)."""
    from scipy import sparse

    return sparse.csr_array((values, (rows, cols)), shape=shape)


def _matrices(count: int, arrays: tuple[Any, Any, Any, Any]) -> tuple[Any, Any]:
    """The upper-triangular agree and disagree matrices of the pair arrays."""
    from scipy import sparse

    pair_rows, pair_cols, agree, disagree = arrays

    def matrix(values: Any) -> Any:
        chosen = values != 0
        return sparse.csr_array(
            (values[chosen], (pair_rows[chosen], pair_cols[chosen])), shape=(count, count)
        )

    return matrix(agree), matrix(disagree)


def _sparse_counts(
    actors: tuple[str, ...], shape: tuple[int, int], rows: _Indices, cols: _Indices
) -> AlignmentCounts:
    import numpy as np
    from scipy import sparse

    def indicator(stance: Stance) -> Any:
        data = np.ones(len(rows[stance]), dtype=np.int32)
        return sparse.csr_array((data, (rows[stance], cols[stance])), shape=shape)

    support, oppose = indicator(Stance.SUPPORT), indicator(Stance.OPPOSE)
    support_t, oppose_t = support.T.tocsr(), oppose.T.tocsr()
    agree = sparse.triu(support @ support_t + oppose @ oppose_t, k=1, format="csr")
    cross = support @ oppose_t
    disagree = sparse.triu(cross + cross.T, k=1, format="csr")
    return AlignmentCounts(actors, agree, disagree)


def alignment_graph(
    ds: Dataset,
    as_of: PartialDate | None = None,
    targets: Iterable[str] | None = None,
    *,
    evidence: bool = True,
    include_collective: bool = False,
) -> Any:
    """``graphs.alignment_graph`` computed from the counts: the same nodes, edges
    and edge data (``agree``, ``disagree``, ``weight``, ``evidence``).

    Collective actors (and their ties) are left out unless ``include_collective``.
    With ``evidence=False`` edges carry the counts only: what coalitions need, and the
    only form that stays small when actors share hundreds of targets (the evidence holds
    one entry per pair of actors per shared target).
    """
    import networkx as nx

    with gcpause.paused():
        return _alignment_graph(nx, ds, as_of, targets, evidence, include_collective)


def _alignment_graph(
    nx: Any,
    ds: Dataset,
    as_of: PartialDate | None,
    targets: Iterable[str] | None,
    evidence: bool,
    include_collective: bool,
) -> Any:
    sides = latest_sides(ds, as_of, targets)
    if not include_collective:
        sides = without_collectives(ds, sides)
    when = as_of or ds.as_of
    graph = nx.Graph(as_of=str(when) if when else None)
    for stakeholder in ds.stakeholders.values():
        if include_collective or stakeholder.kind is not StakeholderKind.COLLECTIVE:
            graph.add_node(stakeholder.id, label=stakeholder.name, kind=stakeholder.kind.value)
    if not evidence:
        for a, b, agree, disagree in counts_from_sides(sides).pairs():
            graph.add_edge(a, b, agree=agree, disagree=disagree, weight=agree - disagree)
        return graph
    # one evidence item per pair of actors per shared target: what makes the graph large
    for (a, b), tie in align(sides, evidence=_evidence_item).items():
        graph.add_edge(
            a, b, agree=tie.agree, disagree=tie.disagree, weight=tie.weight, evidence=tie.shared
        )
    return graph


_VALUES = {stance: stance.value for stance in Stance}


def _evidence_item(side: Side, other: Side) -> dict[str, Any]:
    """One shared target of an alignment graph's edge: both sides and their statements."""
    return {
        "target": side.target,
        "agree": side.stance is other.stance,
        "actors": [side.actor, other.actor],
        "stances": [_VALUES[side.stance], _VALUES[other.stance]],
        "statements": [list(side.statements), list(other.statements)],
    }
