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

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from positions.data import gcpause
from positions.data.dataset import Dataset
from positions.model import PartialDate, Stance

#: Stances that take a side: alignment counts only these.
SIDES = (Stance.SUPPORT, Stance.OPPOSE)


@dataclass(frozen=True)
class AlignmentCounts:
    """Agree and disagree counts of every pair of actors that share a target.

    ``actors`` lists the actors with at least one side taken, in id order; ``agree`` and
    ``disagree`` are upper-triangular sparse matrices over them (row < column).
    ``positions`` holds, by actor then target, the sides the counts come from.
    """

    actors: tuple[str, ...]
    agree: Any  # scipy.sparse.csr_array, int
    disagree: Any
    positions: dict[str, dict[str, Side]] = field(repr=False)
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


@dataclass(frozen=True, slots=True)
class Side:
    """An actor's side on a target (support or oppose) and the statements deciding it."""

    actor: str
    target: str
    stance: Stance
    statements: tuple[str, ...]


_NOTHING_VISIBLE: Any = object()
_UNDATED = (datetime.date.min, 0)


def current_sides(
    ds: Dataset,
    as_of: PartialDate | None = None,
    targets: Iterable[str] | None = None,
) -> list[Side]:
    """The positions that take a side, as ``positions_of`` decides them, in its order.

    One pass over the statements keeping, per actor and target, only the statements of
    the latest date so far: no history is gathered and nothing is sorted but the few
    statements that decide a position. On a dataset from the cache, today's sides are
    kept beside its entry: the next run reads them instead of the statements.
    """
    wanted = set(targets) if targets is not None else None
    derived = getattr(ds, "derived", None)
    if as_of is None and callable(derived):
        rows = derived("sides", lambda: [_row(side) for side in _scan(ds, None, None)])
        return [
            Side(actor, target, _STANCES[stance], statements)
            for actor, target, stance, statements in rows
            if wanted is None or target in wanted
        ]
    return _scan(ds, as_of, wanted)


def _row(side: Side) -> tuple[str, str, str, tuple[str, ...]]:
    return (side.actor, side.target, side.stance.value, side.statements)


_STANCES = {stance.value: stance for stance in Stance}


def _scan(ds: Dataset, as_of: PartialDate | None, wanted: set[str] | None) -> list[Side]:
    limit = as_of.start if as_of is not None else None
    found: dict[tuple[str, str], list[Any]] = {}  # key -> [latest start, [(date, id, stance)]]
    for statement in ds.statements.values():
        when = statement.date
        start = when.start if when is not None else None
        visible = limit is None or start is None or start <= limit
        for entry in statement.stances:
            if wanted is not None and entry.target not in wanted:
                continue
            key = (statement.actor, entry.target)
            slot = found.get(key)
            if slot is None:
                slot = found[key] = [_NOTHING_VISIBLE, []]  # keeps positions_of's order
            if not visible:
                continue
            latest = slot[0]
            record = (when, statement.id, entry.stance)
            if latest is _NOTHING_VISIBLE or (
                start is not None and (latest is None or start > latest)
            ):
                slot[0] = start
                slot[1] = [record]
            elif start == latest:  # the same day, or both undated
                slot[1].append(record)
    sides = []
    for (actor, target), (latest, records) in found.items():
        if latest is _NOTHING_VISIBLE:
            continue
        stances = {stance for _, _, stance in records}
        stance = stances.pop() if len(stances) == 1 else Stance.MIXED
        if stance not in SIDES:
            continue
        records.sort(key=lambda r: (r[0].sort_key() if r[0] is not None else _UNDATED, r[1]))
        sides.append(Side(actor, target, stance, tuple(r[1] for r in records)))
    return sides


def alignment_counts(
    ds: Dataset,
    as_of: PartialDate | None = None,
    targets: Iterable[str] | None = None,
) -> AlignmentCounts:
    """Agree and disagree counts of every actor pair, as of ``as_of``, over ``targets``."""
    return counts_from_sides(current_sides(ds, as_of, targets))


def counts_from_sides(sides: Iterable[Side]) -> AlignmentCounts:
    """``alignment_counts`` from the sides taken (one per actor and target)."""
    import numpy as np
    from scipy import sparse

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

    def indicator(stance: Stance) -> Any:
        data = np.ones(len(rows[stance]), dtype=np.int32)
        return sparse.csr_array((data, (rows[stance], cols[stance])), shape=shape)

    support, oppose = indicator(Stance.SUPPORT), indicator(Stance.OPPOSE)
    support_t, oppose_t = support.T.tocsr(), oppose.T.tocsr()
    agree = sparse.triu(support @ support_t + oppose @ oppose_t, k=1, format="csr")
    cross = support @ oppose_t
    disagree = sparse.triu(cross + cross.T, k=1, format="csr")
    return AlignmentCounts(actors, agree, disagree, by_actor, target_order)


def alignment_graph(
    ds: Dataset,
    as_of: PartialDate | None = None,
    targets: Iterable[str] | None = None,
    *,
    evidence: bool = True,
) -> Any:
    """``graphs.alignment_graph`` computed from the counts: the same nodes, edges
    and edge data (``agree``, ``disagree``, ``weight``, ``evidence``).

    With ``evidence=False`` edges carry the counts only: what coalitions need, and the
    only form that stays small when actors share hundreds of targets (the evidence holds
    one entry per pair of actors per shared target).
    """
    import networkx as nx

    with gcpause.paused():
        return _alignment_graph(nx, ds, as_of, targets, evidence)


def _alignment_graph(
    nx: Any,
    ds: Dataset,
    as_of: PartialDate | None,
    targets: Iterable[str] | None,
    evidence: bool,
) -> Any:
    sides = current_sides(ds, as_of, targets)
    counts = counts_from_sides(sides)
    when = as_of or ds.as_of
    graph = nx.Graph(as_of=str(when) if when else None)
    for stakeholder in ds.stakeholders.values():
        graph.add_node(stakeholder.id, label=stakeholder.name, kind=stakeholder.kind.value)
    found: defaultdict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    if evidence:
        by_target: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
        for side in sides:
            by_target.setdefault(side.target, []).append(
                (side.actor, side.stance.value, side.statements)
            )
        # one entry per pair of actors per shared target: the loop that makes the evidence
        # large, so it reads plain tuples and allocates nothing it does not keep
        for target, group in by_target.items():
            group.sort()
            for i, (actor, stance, statements) in enumerate(group):
                for other, other_stance, other_statements in group[i + 1 :]:
                    found[actor, other].append(
                        {
                            "target": target,
                            "agree": stance == other_stance,
                            "actors": [actor, other],
                            "stances": [stance, other_stance],
                            "statements": [list(statements), list(other_statements)],
                        }
                    )
    for a, b, agree, disagree in counts.pairs():
        data: dict[str, Any] = {"agree": agree, "disagree": disagree, "weight": agree - disagree}
        if evidence:
            data["evidence"] = found[(a, b)]
        graph.add_edge(a, b, **data)
    return graph
