"""GraphML that Gephi, yEd, igraph and networkx import as it is.

Every attribute is declared with its type (networkx infers it from the values), no value
is null or empty (such attributes are left out), lists are joined with ``'; '`` and the
alignment evidence is JSON text; one edge per statement, each with a unique id.
"""

from __future__ import annotations

import io
from typing import Any

from positions.data.dataset import Dataset
from positions.export.escaping import xml_text
from positions.export.graphdata import flat_graph, graph_output
from positions.export.outputs import ExportRequest, OutputFile


def render(graph: Any) -> bytes:
    """The graph as GraphML bytes (UTF-8)."""
    import networkx as nx

    stream = io.BytesIO()
    nx.write_graphml_xml(flat_graph(graph), stream, encoding="utf-8", prettyprint=True)
    # a character XML forbids (a vertical tab in a quote) must not make the file unreadable
    return xml_text(stream.getvalue().decode("utf-8")).encode("utf-8")


def outputs(ds: Dataset, request: ExportRequest) -> list[OutputFile]:
    """The requested graph (``request.graph``: stances or alignment) as graphml."""
    return graph_output(ds, request, "graphml", render)
