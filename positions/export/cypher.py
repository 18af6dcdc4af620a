"""A Cypher script of ``MERGE`` statements that loads a graph into Neo4j (5.x).

Run it with ``cypher-shell -f stances.cypher``. Running it twice changes nothing (MERGE on
ids). Every value is an inline literal: strings are single-quoted with backslash, quote
and control characters escaped (Cypher's escape rules), so no text from the data can end a
string or a statement. Nodes are ``:Stakeholder`` or ``:Target`` keyed by ``id``; stance
edges are ``:STANCE`` keyed by their statement key (one per statement), the others
``:MEMBER_OF``, ``:PART_OF`` and, in the alignment graph, ``:ALIGNED``. Neo4j properties
cannot be null or nested: empty values are left out and the evidence is JSON text.
"""

from __future__ import annotations

import json
import re
from typing import Any

from positions.data.dataset import Dataset
from positions.export.graphdata import edge_ids, gephi_value, graph_output
from positions.export.outputs import ExportRequest, OutputFile

_ESCAPES = {
    "\\": "\\\\",
    "'": "\\'",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
_NEEDS_ESCAPE = re.compile(r"[\\'\x00-\x1f\x7f\u2028\u2029]")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def string_literal(text: str) -> str:
    """``text`` as a Cypher string literal: ``it's`` -> ``'it\\'s'``."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        return _ESCAPES.get(char, f"\\u{ord(char):04x}")

    return "'" + _NEEDS_ESCAPE.sub(escape, text) + "'"


def identifier(name: str) -> str:
    """A property key or label, backquoted (with backquotes doubled) unless it is plain."""
    return name if _IDENTIFIER.match(name) else "`" + name.replace("`", "``") + "`"


def literal(value: Any) -> str:
    """A Python value as a Cypher literal (str, bool, int, float, list of those; else JSON)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, list | tuple) and all(isinstance(v, str | int | float) for v in value):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return string_literal(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def _map(data: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{identifier(k)}: {literal(v)}" for k, v in data.items()) + "}"


def _properties(data: dict[str, Any]) -> dict[str, Any]:
    """Non-empty values; lists of names stay Cypher lists, records become JSON text."""
    kept = {}
    for key, value in data.items():
        if value is None or value == "" or (isinstance(value, list | dict) and not value):
            continue
        scalars = isinstance(value, list) and all(isinstance(v, str | int | float) for v in value)
        kept[key] = value if scalars else gephi_value(value)
    return kept


def _node_label(data: dict[str, Any]) -> str:
    return "Target" if data.get("node_type") == "target" else "Stakeholder"


_RELATIONS = {"stance": "STANCE", "member_of": "MEMBER_OF", "part_of": "PART_OF"}


def render(graph: Any) -> bytes:
    """The graph as a Cypher script (UTF-8), one statement per line."""
    lines = [
        "// positions graph for Neo4j 5: cypher-shell -f FILE (re-running it changes nothing)",
        "CREATE CONSTRAINT positions_stakeholder_id IF NOT EXISTS "
        "FOR (n:Stakeholder) REQUIRE n.id IS UNIQUE;",
        "CREATE CONSTRAINT positions_target_id IF NOT EXISTS "
        "FOR (n:Target) REQUIRE n.id IS UNIQUE;",
    ]
    labels = {}
    for node, data in graph.nodes(data=True):
        label = labels[node] = _node_label(data)
        properties = _properties(data)
        lines.append(f"MERGE (n:{label} {{id: {literal(node)}}}) SET n += {_map(properties)};")
    if graph.is_multigraph():
        listed = list(graph.edges(keys=True, data=True))
        ids = edge_ids(graph, listed)
        edges = [(u, v, ids[(u, v, k)], d) for u, v, k, d in listed]
    else:
        edges = [
            (min(u, v), max(u, v), "~".join(sorted((u, v))), d)
            for u, v, d in graph.edges(data=True)
        ]
    for u, v, key, data in edges:
        relation = _RELATIONS.get(data.get("relation", ""), "ALIGNED")
        properties = _properties({k: val for k, val in data.items() if k != "relation"})
        lines.append(
            f"MATCH (a:{labels[u]} {{id: {literal(u)}}}), (b:{labels[v]} {{id: {literal(v)}}}) "
            f"MERGE (a)-[r:{relation} {{id: {literal(key)}}}]->(b) SET r += {_map(properties)};"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def outputs(ds: Dataset, request: ExportRequest) -> list[OutputFile]:
    """The requested graph (``request.graph``: stances or alignment) as cypher."""
    return graph_output(ds, request, "cypher", render)
