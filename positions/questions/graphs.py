"""Dataset -> networkx graphs: the stance graph and the actor alignment graph."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from positions.data.dataset import Dataset
from positions.model import Stance
from positions.questions import alignment as cooccurrence
from positions.questions.positions import SIDES
from positions.questions.resolve import DateLike, as_of_date, resolve_target

__all__ = ["SIDES", "alignment_graph", "stance_graph"]


def stance_graph(ds: Dataset) -> nx.MultiDiGraph:
    """Stakeholders and targets as nodes; one edge per stance, keyed by statement id.

    Nodes carry ``node_type`` ("stakeholder" or "target"), ``label`` (the readable name) and
    their record's attributes. Stance edges (actor -> target, or actor -> actor) carry
    ``relation="stance"``, the statement id, stance, condition, date as written
    (``date_from_source``: the source's published date stands in), quote or paraphrase
    (``text`` is whichever is given, ``is_paraphrase`` says which), speaker and source.
    ``member_of`` edges (member -> group, with its role) and ``part_of`` edges
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
    edges = []
    taken: dict[tuple[str, str], set[str]] = {}  # the keys of each actor-target pair
    names: dict[str, str] = {}  # speakers and sources repeat: each looked up once
    sources: dict[str, tuple[str | None, str | None]] = {}
    stance_value = {stance: stance.value for stance in Stance}  # an enum's .value is slow
    for statement in ds.statements.values():
        date, from_source = ds.date_of(statement)
        found = sources.get(statement.source)
        if found is None:
            source = ds.sources.get(statement.source)
            found = sources[statement.source] = (
                (source.title, source.url) if source else (None, None)
            )
        source_title, source_url = found
        speaker = statement.speaker
        speaker_name = None
        if speaker:
            speaker_name = names.get(speaker) or names.setdefault(speaker, ds.name_of(speaker))
        written = str(date) if date else None
        quote, paraphrase = statement.quote, statement.paraphrase
        text, is_paraphrase = statement.text, quote is None
        for entry in statement.stances:
            pair = (statement.actor, entry.target)
            keys = taken.setdefault(pair, set())
            key = statement.id
            if key in keys:
                # the same statement lists the same target twice: keep both, told apart
                # (numbered by the edges between them, memberships included, as before)
                key = f"{statement.id}#{len(keys) + graph.number_of_edges(*pair)}"
            keys.add(key)
            edges.append(
                (
                    statement.actor,
                    entry.target,
                    key,
                    {
                        "relation": "stance",
                        "statement": statement.id,
                        "stance": stance_value[entry.stance],
                        "condition": entry.condition,
                        "date": written,
                        "date_from_source": from_source,
                        "quote": quote,
                        "paraphrase": paraphrase,
                        "text": text,
                        "is_paraphrase": is_paraphrase,
                        "speaker": speaker,
                        "speaker_name": speaker_name,
                        "source": statement.source,
                        "source_title": source_title,
                        "source_url": source_url,
                    },
                )
            )
    graph.add_edges_from(edges)
    return graph


def alignment_graph(
    ds: Dataset,
    as_of: DateLike = None,
    targets: Iterable[str] | None = None,
    *,
    evidence: bool = True,
    include_collective: bool = False,
) -> nx.Graph:
    """Stakeholders joined by how often they agree and disagree (DESIGN.md, Alignment).

    Each edge carries ``agree`` and ``disagree`` counts, ``weight`` = agree - disagree,
    and ``evidence``: one entry per shared target with both sides' stances and statements
    (left out with ``evidence=False``: what coalitions need, and far smaller).
    Only targets in ``targets`` (ids or names, resolved as the questions resolve them: an
    unknown one raises ``NameNotFound``) count when it is given; ``as_of`` is what the
    questions take (``BadDate`` otherwise). Collective actors are left out unless
    ``include_collective``. The counts and evidence come from
    ``positions.questions.alignment`` (a sparse matrix product when no evidence is asked for).

    >>> alignment_graph(ds, "2024", ["art. 35"])              # doctest: +SKIP
    """
    when = as_of_date(as_of)
    wanted = [resolve_target(ds, t) for t in targets] if targets is not None else None
    graph: nx.Graph = cooccurrence.alignment_graph(
        ds, when, wanted, evidence=evidence, include_collective=include_collective
    )
    return graph
