"""Dataset -> networkx graphs: the stance graph and the actor alignment graph."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Any

import networkx as nx

from positions.dataset import Dataset
from positions.model import PartialDate, Stance
from positions.stances import Position, positions_of, stance_records

#: Stances that take a side: alignment counts only these (mixed and neutral are neither).
SIDES = (Stance.SUPPORT, Stance.OPPOSE)


def stance_graph(ds: Dataset) -> nx.MultiDiGraph:
    """Stakeholders and targets as nodes; one edge per stance, keyed by statement id.

    Nodes carry ``node_type`` ("stakeholder" or "target"), ``label`` (the readable name) and
    their record's attributes. Stance edges (actor -> target, or actor -> actor) carry
    ``relation="stance"``, the statement id, stance, condition, date as written, quote or
    paraphrase (``text`` is whichever is given, ``is_paraphrase`` says which), speaker and
    source. ``member_of`` edges (member -> group, with its role) and ``part_of`` edges
    (part -> whole) carry their relation. Dates are strings as written; absent values None.

    >>> graph = stance_graph(ds)                                    # doctest: +SKIP
    >>> graph.edges["hrw", "uncc", "seed-hrw-global-surveillance"]["stance"]  # doctest: +SKIP
    'oppose'
    """
    graph = nx.MultiDiGraph(as_of=str(ds.as_of) if ds.as_of else None)
    for stakeholder in ds.stakeholders.values():
        graph.add_node(
            stakeholder.id,
            node_type="stakeholder",
            label=stakeholder.name,
            kind=stakeholder.kind.value,
            aliases=list(stakeholder.aliases),
            country=stakeholder.country,
            url=stakeholder.url,
        )
    for target in ds.targets.values():
        graph.add_node(
            target.id,
            node_type="target",
            label=target.title,
            kind=target.kind.value,
            name=target.name,
            target_label=target.label,
            aliases=list(target.aliases),
            part_of=target.part_of,
            numbering=dict(target.numbering),
        )
    for stakeholder in ds.stakeholders.values():
        for membership in stakeholder.member_of:
            graph.add_edge(
                stakeholder.id,
                membership.id,
                key=f"member_of:{membership.id}",
                relation="member_of",
                role=membership.role,
            )
    for target in ds.targets.values():
        if target.part_of:
            graph.add_edge(target.id, target.part_of, key="part_of", relation="part_of")
    for record in stance_records(ds):
        statement = record.statement
        source = ds.sources.get(statement.source)
        key = statement.id
        if graph.has_edge(statement.actor, record.target, key):
            # the same statement lists the same target twice: keep both, told apart
            key = f"{statement.id}#{graph.number_of_edges(statement.actor, record.target)}"
        graph.add_edge(
            statement.actor,
            record.target,
            key=key,
            relation="stance",
            statement=statement.id,
            stance=record.stance.value,
            condition=record.condition,
            date=str(statement.date) if statement.date else None,
            quote=statement.quote,
            paraphrase=statement.paraphrase,
            text=statement.text,
            is_paraphrase=statement.is_paraphrase,
            speaker=statement.speaker,
            speaker_name=ds.name_of(statement.speaker) if statement.speaker else None,
            source=statement.source,
            source_title=source.title if source else None,
            source_url=source.url if source else None,
        )
    return graph


def alignment_graph(
    ds: Dataset,
    as_of: PartialDate | None = None,
    targets: Iterable[str] | None = None,
) -> nx.Graph:
    """Stakeholders joined by how often they agree and disagree (DESIGN.md, Alignment).

    Each edge carries ``agree`` and ``disagree`` counts, ``weight`` = agree - disagree,
    and ``evidence``: one entry per shared target with both sides' stances and statements.
    Only targets in ``targets`` count when it is given.
    """
    graph = nx.Graph(as_of=str(as_of or ds.as_of) if (as_of or ds.as_of) else None)
    for stakeholder in ds.stakeholders.values():
        graph.add_node(stakeholder.id, label=stakeholder.name, kind=stakeholder.kind.value)
    wanted = set(targets) if targets is not None else None
    by_target: dict[str, dict[Stance, list[Position]]] = defaultdict(lambda: defaultdict(list))
    for (_, target), position in positions_of(ds, as_of).items():
        if position.stance in SIDES and (wanted is None or target in wanted):
            by_target[target][position.stance].append(position)
    for target, sides in by_target.items():
        supporters = sides.get(Stance.SUPPORT, [])
        opposers = sides.get(Stance.OPPOSE, [])
        for group in (supporters, opposers):
            for a, b in combinations(group, 2):
                _add_tie(graph, a, b, target, agree=True)
        for a in supporters:
            for b in opposers:
                _add_tie(graph, a, b, target, agree=False)
    return graph


def _add_tie(graph: nx.Graph, a: Position, b: Position, target: str, *, agree: bool) -> None:
    if a.actor == b.actor:
        return
    first, second = sorted((a, b), key=lambda p: p.actor)
    if not graph.has_edge(first.actor, second.actor):
        graph.add_edge(first.actor, second.actor, agree=0, disagree=0, weight=0, evidence=[])
    data: dict[str, Any] = graph.edges[first.actor, second.actor]
    data["agree" if agree else "disagree"] += 1
    data["weight"] = data["agree"] - data["disagree"]
    data["evidence"].append(
        {
            "target": target,
            "agree": agree,
            "actors": [first.actor, second.actor],
            "stances": [first.stance.value, second.stance.value],
            "statements": [
                [r.statement.id for r in first.evidence],
                [r.statement.id for r in second.evidence],
            ],
        }
    )
