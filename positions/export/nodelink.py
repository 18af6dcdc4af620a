"""networkx node-link JSON: the graph exactly, readable back with ``read`` (or networkx).

Unlike GraphML and GEXF, JSON keeps every value as it is: lists stay lists, the
alignment evidence stays a list of records, unknown values are ``null``. Each edge's
``source`` and ``target`` are its end nodes, as node-link readers (networkx, d3) expect,
so the stance edges' own ``source`` attribute (the source record's id) is written as
``source_id``; ``read`` names it back.
"""

from __future__ import annotations

import json
from typing import Any

from positions.data.dataset import Dataset
from positions.export.graphdata import graph_output
from positions.export.outputs import ExportRequest, OutputFile

#: Edge attributes whose names node-link JSON uses for itself, and what they are renamed to.
RESERVED = {"source": "source_id", "target": "target_id", "key": "key_id"}


#: what node-link calls the edge ends and keys while the edge's own attributes are renamed
_ENDS = {"source": "\x00source", "target": "\x00target", "key": "\x00key"}


def render(graph: Any) -> bytes:
    """The graph as node-link JSON (``edges`` key, multigraph keys kept), UTF-8: one node
    or edge per line (each written by the C encoder; an indented document is written by
    Python's slow one, and a graph of 10^5 edges is read by programs, not people)."""
    import networkx as nx

    ends = _ENDS
    data = nx.node_link_data(
        graph, edges="edges", source=ends["source"], target=ends["target"], key=ends["key"]
    )
    for edge in data["edges"]:  # new dicts: renamed in place, the graph untouched
        for old, new in RESERVED.items():
            if old in edge:
                edge[new] = edge.pop(old)
        for name, placeholder in ends.items():
            if placeholder in edge:
                edge[name] = edge.pop(placeholder)
    nodes, edges = data.pop("nodes"), data.pop("edges")
    dump = json.JSONEncoder(ensure_ascii=False).encode
    head = dump(data)[:-1]  # the graph's other members, then the two lists
    parts = [head, ', "nodes": [\n', ",\n".join(map(dump, nodes))]
    parts += ['\n], "edges": [\n', ",\n".join(map(dump, edges)), "\n]}\n"]
    return "".join(parts).encode("utf-8")


def read(data: bytes) -> Any:
    """The graph back from ``render``'s bytes, with its attribute names as they were."""
    import networkx as nx

    graph = nx.node_link_graph(json.loads(data), edges="edges")
    return _renamed(graph, {new: old for old, new in RESERVED.items()})


def _renamed(graph: Any, names: dict[str, str]) -> Any:
    renamed = graph.copy()
    for *_, data in renamed.edges(data=True):
        for old, new in names.items():
            if old in data:
                data[new] = data.pop(old)
    return renamed


def outputs(ds: Dataset, request: ExportRequest) -> list[OutputFile]:
    """The requested graph (``request.graph``: stances or alignment) as json."""
    return graph_output(ds, request, "json", render)
