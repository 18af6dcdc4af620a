"""Graphs as Gephi, Neo4j and spreadsheets take them: flat attributes, edge ids and labels."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from positions.export.outputs import ExportError, ExportRequest, OutputFile

if TYPE_CHECKING:
    from positions.data.dataset import Dataset

#: The graphs a graph format writes: statements as edges, or actors tied by alignment.
GRAPH_KINDS = ("stances", "alignment")


def gephi_value(value: Any) -> Any:
    """An attribute value as Gephi's importers take it: scalars kept, lists joined with '; ',
    lists of records and mappings as JSON text."""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple) and all(isinstance(v, str | int | float) for v in value):
        return "; ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def gephi_attributes(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` without empty values (None, empty lists, empty strings), the rest made flat."""
    flat = {}
    for key, value in data.items():
        if type(value) is str:  # most values: kept unless empty, no further checks
            if value:
                flat[key] = value
            continue
        if value is None or value == "" or (isinstance(value, list | tuple | dict) and not value):
            continue
        flat[key] = gephi_value(value)
    return flat


def edge_ids(
    graph: Any, edges: list[tuple[str, str, Any, dict[str, Any]]] | None = None
) -> dict[tuple[str, str, Any], str]:
    """A unique, readable id for every edge, keyed by (u, v, key) (key None in a simple graph);
    ``edges``: the multigraph's ``edges(keys=True, data=True)`` when the caller has them
    already (a pass over networkx's edge view is a second or more at 10^5 edges).

    A stance edge is named by its statement (``hrw-surveillance``), or by statement and
    target when the statement speaks to several (``hrw-scope:uncc``); ``member_of`` and
    ``part_of`` edges by their ends (``tirana-hassan:member_of:hrw``, ``art-6:part_of``);
    alignment ties by their two actors in order (``hrw~russia``).
    """
    if not graph.is_multigraph():
        return {(u, v, None): "~".join(sorted((u, v))) for u, v in graph.edges()}
    if edges is None:
        edges = list(graph.edges(keys=True, data=True))
    uses = Counter(k for _, _, k, d in edges if d.get("relation") == "stance")
    shared = {k for k, n in uses.items() if n > 1}
    ids: dict[tuple[str, str, Any], str] = {}
    taken: set[str] = set()
    for u, v, key, data in edges:
        if data.get("relation") == "stance":
            name = f"{key}:{v}" if key in shared else str(key)
        elif data.get("relation") is not None:
            name = f"{u}:{key}" if str(key).startswith(str(data["relation"])) else f"{u}:{key}:{v}"
        else:
            name = f"{u}:{key}:{v}"
        unique, n = name, 1
        while unique in taken:  # never two edges with one id, whatever the keys
            n += 1
            unique = f"{name}#{n}"
        taken.add(unique)
        ids[(u, v, key)] = unique
    return ids


def edge_label(data: dict[str, Any]) -> str:
    """What an edge says, for Gephi's edge labels: the stance, the relation, or the counts."""
    relation = data.get("relation")
    if relation == "stance":
        return str(data.get("stance"))
    if relation is not None:
        return str(relation).replace("_", " ")
    return f"agree {data.get('agree', 0)}, disagree {data.get('disagree', 0)}"


def flat_graph(graph: Any) -> Any:
    """A copy of a stance or alignment graph fit for GraphML and GEXF.

    No attribute is None or empty (dropped); lists of names are joined with ``'; '``;
    the alignment evidence (a list of records) becomes JSON text; every edge gets a
    unique id as its key (one per statement, so parallel edges stay apart) and a label.
    """
    import networkx as nx

    flat: nx.Graph = nx.MultiDiGraph() if graph.is_multigraph() else nx.Graph()
    flat.graph.update(gephi_attributes(dict(graph.graph)))
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **gephi_attributes(data))
    if graph.is_multigraph():
        ids = edge_ids(graph)
        for u, v, key, data in graph.edges(keys=True, data=True):
            attributes = gephi_attributes(data)
            attributes.setdefault("label", edge_label(data))
            flat.add_edge(u, v, key=ids[(u, v, key)], **attributes)
    else:
        for u, v, data in graph.edges(data=True):
            a, b = sorted((u, v))
            attributes = gephi_attributes(data)
            attributes.setdefault("label", edge_label(data))
            flat.add_edge(a, b, **attributes)
    return flat


def requested_graph(ds: Dataset, request: ExportRequest) -> Any:
    """The stance graph (every statement) or the alignment graph as of ``request.as_of``,
    on ``request.target`` and its parts when one is named (resolved as the questions do);
    the alignment graph's ties carry their evidence only when ``request.evidence`` (counts
    alone are linear in ties; the evidence is one entry per pair per shared target)."""
    from positions.questions.graphs import alignment_graph, stance_graph

    if request.graph not in GRAPH_KINDS:
        raise ExportError(f"no graph '{request.graph}': use stances or alignment")
    request = request.resolved(ds)
    scope = ds.scope(request.target) if request.target is not None else None
    if request.graph == "stances":
        graph = stance_graph(ds)
        return graph if scope is None else on_scope(graph, scope)
    graph = alignment_graph(
        ds,
        request.as_of,
        scope,
        evidence=request.evidence,
        include_collective=request.include_collective,
    )
    return with_camps(ds, graph, request.as_of, scope, request.include_collective)


def on_scope(graph: Any, scope: list[str]) -> Any:
    """The stance graph with only the stances on ``scope`` (a target and its parts), the
    targets of that scope and the actors who spoke to them."""
    wanted = set(scope)
    kept = graph.copy()
    kept.remove_edges_from(
        [
            (u, v, k)
            for u, v, k, d in graph.edges(keys=True, data=True)
            if d.get("relation") == "stance" and v not in wanted
        ]
    )
    speakers = {u for u, v, d in kept.edges(data=True) if d.get("relation") == "stance"}
    keep = wanted | speakers
    kept.remove_nodes_from([n for n in graph.nodes if n not in keep])
    return kept


def with_camps(
    ds: Dataset,
    graph: Any,
    as_of: Any,
    targets: list[str] | None = None,
    include_collective: bool = False,
) -> Any:
    """``graph``'s nodes marked with their camp (``camp``: its number, 0 for none;
    ``camp_label``: its name), the camps every other output shows."""
    from positions.questions.camps import coalitions

    found = coalitions(ds, as_of, targets, runs=0, include_collective=include_collective)
    camp_of = {m: c for c in found for m in c.members}
    for node, data in graph.nodes(data=True):
        camp = camp_of.get(node)
        data["camp"] = camp.number if camp else 0
        data["camp_label"] = camp.label if camp else ""
    return graph


def graph_output(
    ds: Dataset, request: ExportRequest, format_name: str, render: Callable[[Any], bytes]
) -> list[OutputFile]:
    """The requested graph rendered by ``render`` as one file (a graph format's ``outputs``)."""
    graph = requested_graph(ds, request)
    what = (
        f"{request.graph} graph as {format_name} ({graph.number_of_nodes()} nodes, "
        f"{graph.number_of_edges()} edges)"
    )
    return [OutputFile(request.path, render(graph), what)]
