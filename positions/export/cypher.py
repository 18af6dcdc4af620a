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
from collections.abc import Iterator
from typing import Any

from positions.data.dataset import Dataset
from positions.export.graphdata import (
    Cells,
    FlatGraph,
    batches,
    column,
    encoded,
    gephi_value,
    graph_output,
    joined,
    lines_of,
    of_graph,
    ordered_ends,
)
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
_NEEDS_ESCAPE_BUT_NUL = re.compile(r"[\\'\x01-\x1f\x7f\u2028\u2029]")  # NUL: a separator
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char, f"\\u{ord(char):04x}")


def string_literal(text: str) -> str:
    """``text`` as a Cypher string literal: ``it's`` -> ``'it\\'s'``."""
    return "'" + _NEEDS_ESCAPE.sub(_escape, text) + "'"


def string_insides(texts: list[str]) -> list[str]:
    """``string_literal`` of each text without its quotes, a column at once: the texts
    joined by NUL, escaped in one pass and split again (one by one when a text holds a NUL
    of its own)."""
    every = "\x00".join(texts)
    if not texts or every.count("\x00") != len(texts) - 1:
        return [string_literal(text)[1:-1] for text in texts]
    return _NEEDS_ESCAPE_BUT_NUL.sub(_escape, every).split("\x00")


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


def _property(name: str) -> Cells:
    """The ``name: literal`` entries of one property, in UTF-8 (none for an empty value)."""
    start = identifier(name) + ": "

    def entry(value: Any) -> bytes:
        kept = _properties({name: value})
        return (start + literal(kept[name])).encode("utf-8") if kept else b""

    def many(values: list[Any]) -> list[bytes]:
        if set(map(type, values)) != {str}:
            return list(map(entry, values))
        texts = string_insides(list(filter(None, values)))  # an empty text is left out
        return lines_of(list(map(bool, values)), texts, start + "'", "'")

    return Cells(entry, many)


def _maps(entries: list[list[bytes]]) -> list[Any]:
    """The parts of each row's Cypher map of its non-empty ``entries`` (one list per
    property): joined as they are when no row lacks one, else row by row."""
    if not entries:
        return [b"{}"]
    if all(b"" not in values for values in entries):
        parts: list[Any] = [b"{"]
        for values in entries:
            parts += [values, b", "]
        parts[-1] = b"}"
        return parts
    return [[b"{" + b", ".join(filter(None, row)) + b"}" for row in zip(*entries, strict=True)]]


def _utf8(make: Any) -> Cells:
    return Cells(lambda value: make(value).encode("utf-8"))


def _literals(quoted: bool = True) -> Cells:
    """Each value's Cypher literal in UTF-8 (not ``quoted``: a text's without its quotes),
    a column of texts escaped at once."""

    def one(value: Any) -> bytes:
        return (literal(value) if quoted else string_literal(value)[1:-1]).encode("utf-8")

    def many(values: list[Any]) -> list[bytes]:
        if set(map(type, values)) != {str}:
            return list(map(one, values))
        quote = "'" if quoted else ""
        return encoded(string_insides(values), quote, quote)

    return Cells(one, many)


def chunks(graph: FlatGraph) -> Iterator[bytes]:
    """The flat graph as a Cypher script (UTF-8), one statement per line, a batch of
    statements a chunk."""
    rows = graph.rows
    yield (
        b"// positions graph for Neo4j 5: cypher-shell -f FILE (re-running it changes "
        b"nothing)\nCREATE CONSTRAINT positions_stakeholder_id IF NOT EXISTS "
        b"FOR (n:Stakeholder) REQUIRE n.id IS UNIQUE;\n"
        b"CREATE CONSTRAINT positions_target_id IF NOT EXISTS "
        b"FOR (n:Target) REQUIRE n.id IS UNIQUE;\n"
    )
    properties: dict[str, Cells] = {}

    def entries(block: Any, part: slice, leave: str = "") -> list[list[bytes]]:
        made = []
        for name, values in block.columns.items():
            if name != leave:
                found = properties.get(name) or properties.setdefault(name, _property(name))
                made.append(found(values[part]))
        return made

    literals = _literals()
    labels: dict[str, str] = {}
    for kind_rows in rows.nodes:
        kinds = [_node_label({"node_type": t}) for t in column(kind_rows, "node_type")]
        labels.update(zip(kind_rows.ids, kinds, strict=True))
        named = _utf8(str)
        for part in batches(len(kind_rows)):
            yield joined(
                [
                    b"MERGE (n:",
                    named(kinds[part]),
                    b" {id: ",
                    literals(kind_rows.ids[part]),
                    b"}) SET n += ",
                    *_maps(entries(kind_rows, part)),
                    b";\n",
                ]
            )
    ends = _utf8(lambda node: f"{labels.get(node, 'Stakeholder')} {{id: {literal(node)}}}")
    relations = _utf8(lambda r: _RELATIONS.get(r or "", "ALIGNED"))
    inside = _literals(quoted=False)
    names_of = graph.names if rows.multigraph else [()] * len(rows.edges)
    for block, names in zip(rows.edges, names_of, strict=True):
        given = block.columns.get("relation")
        # a block without relations (the ties): one type for every edge, a constant
        relation_of: Any = relations(given) if given is not None else None
        same_type: bytes = relations([None])[0]
        for part in batches(len(block)):
            if rows.multigraph:
                keys: list[Any] = [literals(names[part])]
            else:  # a tie's id is its ends in order (tie_name): made of their literals
                lesser, greater = ordered_ends(block.sources[part], block.targets[part])
                keys = [b"'", inside(lesser), b"~", inside(greater), b"'"]
            yield joined(
                [
                    b"MATCH (a:",
                    ends(block.sources[part]),
                    b"), (b:",
                    ends(block.targets[part]),
                    b") MERGE (a)-[r:",
                    same_type if relation_of is None else relation_of[part],
                    b" {id: ",
                    *keys,
                    b"}]->(b) SET r += ",
                    *_maps(entries(block, part, leave="relation")),
                    b";\n",
                ]
            )


def render(graph: Any) -> bytes:
    """A networkx graph as a Cypher script: the ``chunks`` of its flat graph, joined."""
    return b"".join(chunks(of_graph(graph)))


def outputs(ds: Dataset, request: ExportRequest) -> list[OutputFile]:
    """The requested graph (``request.graph``: stances or alignment) as cypher."""
    return graph_output(ds, request, "cypher", chunks)
