"""networkx node-link JSON: the graph exactly, readable back with ``read`` (or networkx).

Unlike GraphML and GEXF, JSON keeps every value as it is: lists stay lists, the
alignment evidence stays a list of records, unknown values are ``null``. Each edge's
``source`` and ``target`` are its end nodes, as node-link readers (networkx, d3) expect,
so the stance edges' own ``source`` attribute (the source record's id) is written as
``source_id``; ``read`` names it back.
"""

from __future__ import annotations

import io
import json
from typing import Any

from positions.data.dataset import Dataset
from positions.export.graphdata import Cells, FlatGraph, batches, graph_output, joined, of_graph
from positions.export.outputs import ExportRequest, OutputFile

#: Edge attributes whose names node-link JSON uses for itself, and what they are renamed to.
RESERVED = {"source": "source_id", "target": "target_id", "key": "key_id"}


_dump = json.JSONEncoder(ensure_ascii=False).encode


def _member(name: str) -> Cells:
    """The ``"name": value`` members of one attribute, each distinct value encoded once."""
    start = _dump(name) + ": "
    return Cells(lambda value: (start + _dump(value)).encode("utf-8"))


def _rows(parts: list[Any]) -> bytes:
    """Objects of the members ``parts`` (one list of members per attribute), one a line."""
    if not parts or not parts[0]:
        return b""
    glued: list[Any] = [b"{", parts[0]]
    for values in parts[1:]:
        glued += [b", ", values]
    glued.append(b"},\n")
    return joined(glued)


def write(graph: FlatGraph) -> bytes:
    """The flat graph as node-link JSON (``edges`` key, multigraph keys kept), UTF-8: one
    node or edge per line, each member's value encoded once per distinct value by the C
    encoder (an indented document is written by Python's slow one, and a graph of 10^5
    edges is read by programs, not people)."""
    rows = graph.rows
    head = {"directed": rows.directed, "multigraph": rows.multigraph, "graph": rows.attributes}
    out = io.BytesIO()
    out.write((_dump(head)[:-1] + ', "nodes": [\n').encode("utf-8"))
    members: dict[str, Cells] = {}

    def member(name: str) -> Cells:
        found = members.get(name)
        if found is None:
            found = members[name] = _member(name)
        return found

    for kind_rows in rows.nodes:
        for part in batches(len(kind_rows)):
            parts = [member(n)(v[part]) for n, v in kind_rows.columns.items()]
            out.write(_rows([*parts, member("id")(kind_rows.ids[part])]))
    _close(out, b'\n], "edges": [\n')
    for block in rows.edges:
        for part in batches(len(block)):
            parts = [member(RESERVED.get(n, n))(v[part]) for n, v in block.columns.items()]
            parts.append(member("source")(block.sources[part]))
            parts.append(member("target")(block.targets[part]))
            if rows.multigraph:
                parts.append(member("key")(block.keys[part]))
            out.write(_rows(parts))
    _close(out, b"\n]}\n")
    return out.getvalue()


def _close(out: io.BytesIO, end: bytes) -> None:
    """End a list of rows with ``end`` in place of the last row's ``,\\n`` (if any)."""
    if bytes(out.getbuffer()[-2:]) == b",\n":
        out.seek(-2, io.SEEK_END)
        out.truncate()
    out.write(end)


def render(graph: Any) -> bytes:
    """A networkx graph as node-link JSON: ``write`` of its flat graph."""
    return write(of_graph(graph))


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
    return graph_output(ds, request, "json", write)
