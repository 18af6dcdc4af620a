"""The questions of DESIGN.md, answered with their evidence.

Every function takes a ``Dataset`` and returns typed results; the CLI only formats them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from positions.dataset import Dataset
from positions.graph import alignment_graph
from positions.model import PartialDate

#: Seed of the community detection, so the same data always gives the same coalitions.
COALITION_SEED = 7


@dataclass(frozen=True, slots=True)
class Coalition:
    """A community of the agreement network: actors who mostly agree with each other."""

    number: int
    members: tuple[str, ...]
    names: tuple[str, ...]
    agreements: int

    @property
    def label(self) -> str:
        return f"Camp {self.number}"


def coalitions(
    ds: Dataset,
    as_of: PartialDate | None = None,
    targets: Iterable[str] | None = None,
) -> list[Coalition]:
    """Communities of the agreement network (Louvain, seeded: reproducible), largest first.

    Only actors with at least one agreement tie belong to a coalition.
    """
    alignment = alignment_graph(ds, as_of, targets)
    agreement = nx.Graph()
    agreement.add_weighted_edges_from(
        (a, b, data["weight"]) for a, b, data in alignment.edges(data=True) if data["weight"] > 0
    )
    if agreement.number_of_edges() == 0:
        return []
    communities = nx.community.louvain_communities(agreement, weight="weight", seed=COALITION_SEED)
    ranked = sorted(
        (sorted(c, key=lambda n: (-agreement.degree(n, weight="weight"), n)) for c in communities),
        key=lambda members: (-len(members), members[0]),
    )
    found = []
    for number, members in enumerate(ranked, start=1):
        inside = agreement.subgraph(members)
        found.append(
            Coalition(
                number=number,
                members=tuple(members),
                names=tuple(ds.name_of(m) for m in members),
                agreements=int(inside.size(weight="weight")),
            )
        )
    return found
