"""networkx node-link JSON: the graph exactly, readable back with ``nx.node_link_graph``.

Unlike GraphML and GEXF, JSON keeps every value as it is: lists stay lists, the
alignment evidence stays a list of records, unknown values are ``null``.
"""

from __future__ import annotations

import json
from typing import Any


def render(graph: Any) -> bytes:
    """The graph as node-link JSON (``edges`` key, multigraph keys kept), UTF-8."""
    import networkx as nx

    data = nx.node_link_data(graph, edges="edges")
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def read(data: bytes) -> Any:
    """The graph back from ``render``'s bytes."""
    import networkx as nx

    return nx.node_link_graph(json.loads(data), edges="edges")
