"""GraphML that Gephi, yEd, igraph and networkx import as it is.

Every attribute is declared with its type (networkx infers it from the values), no value
is null or empty (such attributes are left out), lists are joined with ``'; '`` and the
alignment evidence is JSON text; one edge per statement, each with a unique id (its key,
as networkx reads it back) and a ``label``. The document is written from the flat graph
(``graphdata.FlatGraph``) as gexf.py writes GEXF: each distinct value's ``data`` line made
once, the elements of a batch of rows joined from them into one chunk of the file
(networkx's writer builds an ElementTree of the whole graph first). Values are escaped by
``escaping.xml_content``.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count
from typing import Any

from positions.data.dataset import Dataset
from positions.export.escaping import xml_contents
from positions.export.gexf import (
    GEXF_TYPES,
    edge_ends,
    escape,
    quoted_cells,
    value_lines,
)
from positions.export.graphdata import (
    Cells,
    FlatGraph,
    batches,
    declared,
    gephi_attributes,
    graph_output,
    joined,
    of_graph,
)
from positions.export.outputs import ExportRequest, OutputFile

GRAPHML_NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
GRAPHML_SCHEMA = f"{GRAPHML_NAMESPACE} {GRAPHML_NAMESPACE}/1.0/graphml.xsd"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"


def _data(key: str, indent: str) -> Cells:
    """The ``data`` lines of the attribute ``key``."""
    return value_lines(f'{indent}<data key="{key}">', xml_contents, "</data>\n")


def chunks(graph: FlatGraph) -> Iterator[bytes]:
    """The flat graph as GraphML (UTF-8), a batch of elements a chunk."""
    rows = graph.rows
    numbers = count()
    graph_values = gephi_attributes(rows.attributes)
    graph_keys = {name: f"d{next(numbers)}" for name in graph_values}
    node_titles = declared(rows.nodes)
    node_keys = {name: f"d{next(numbers)}" for name in node_titles}
    edge_titles = declared(rows.edges, leave=("label",))
    edge_titles["label"] = ""
    edge_keys = {name: f"d{next(numbers)}" for name in edge_titles}
    head = [
        "<?xml version='1.0' encoding='utf-8'?>\n",
        f'<graphml xmlns="{GRAPHML_NAMESPACE}" xmlns:xsi="{XSI_NAMESPACE}" '
        f'xsi:schemaLocation="{GRAPHML_SCHEMA}">\n',
    ]
    for kind, titles, keys in (
        ("graph", graph_values, graph_keys),
        ("node", node_titles, node_keys),
        ("edge", edge_titles, edge_keys),
    ):
        for name, value in titles.items():
            head.append(
                f'  <key id="{keys[name]}" for="{kind}" attr.name="{escape(name)}" '
                f'attr.type="{GEXF_TYPES.get(type(value), "string")}" />\n'
            )
    direction = "directed" if rows.directed else "undirected"
    head.append(f'  <graph edgedefault="{direction}">\n')
    yield "".join(head).encode()
    quoted = quoted_cells()
    node_lines = {name: _data(key, "      ") for name, key in node_keys.items()}
    for kind_rows in rows.nodes:
        wanted = [name for name in node_lines if name in kind_rows.columns]
        for part in batches(len(kind_rows)):
            yield joined(
                [
                    b'    <node id="',
                    quoted(kind_rows.ids[part]),
                    b'">\n',
                    *(node_lines[name](kind_rows.columns[name][part]) for name in wanted),
                    b"    </node>\n",
                ]
            )
    edge_lines = {name: _data(key, "      ") for name, key in edge_keys.items()}
    for at, block in enumerate(rows.edges):
        wanted = [name for name in edge_lines if name in block.columns and name != "label"]
        for part in batches(len(block)):
            yield joined(
                [
                    *edge_ends(b"    ", quoted, block, part),
                    *((b'" id="', quoted(graph.names[at][part])) if rows.multigraph else ()),
                    b'">\n',
                    *(edge_lines[name](block.columns[name][part]) for name in wanted),
                    edge_lines["label"](graph.labels[at][part]),
                    b"    </edge>\n",
                ]
            )
    tail = [_data(graph_keys[name], "    ")([value])[0] for name, value in graph_values.items()]
    yield b"".join(tail) + b"  </graph>\n</graphml>\n"


def render(graph: Any) -> bytes:
    """A networkx graph as GraphML bytes (UTF-8): the ``chunks`` of its flat graph."""
    return b"".join(chunks(of_graph(graph)))


def outputs(ds: Dataset, request: ExportRequest) -> list[OutputFile]:
    """The requested graph (``request.graph``: stances or alignment) as graphml."""
    return graph_output(ds, request, "graphml", chunks)
