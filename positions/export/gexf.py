"""GEXF 1.3 for Gephi, with the statement dates as time spells so its timeline works.

A stance edge lives from its statement's date to the day before the same actor's next
later statement on the same target (it is then superseded), or open-ended if none.
A partial date starts on its first day: ``2024-07`` is the spell ``2024-07-01 ..``; the
date as written stays in the ``date`` attribute. Undated statements get no spell (Gephi
shows them at every time). The graph's ``timeformat`` is ``date`` (ISO ``YYYY-MM-DD``).

The document is written as a stream of text, one element at a time (networkx's writer
builds an ElementTree of the whole graph first: minutes at 10^5 statements). The same
graph always gives the same bytes: nodes and edges in the graph's order, attributes
declared in the order they are first met, no date of writing.
"""

from __future__ import annotations

import datetime
import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from positions.data.dataset import Dataset
from positions.export.escaping import xml_text
from positions.export.graphdata import edge_ids, edge_label, gephi_attributes, graph_output
from positions.export.outputs import ExportRequest, OutputFile
from positions.model import PartialDate

ONE_DAY = datetime.timedelta(days=1)

GEXF_NAMESPACE = "http://gexf.net/1.3"
GEXF_SCHEMA = "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"

#: the GEXF type of each attribute value's Python type (what networkx declares for them)
GEXF_TYPES: dict[type, str] = {bool: "boolean", int: "long", float: "double", str: "string"}


def stance_spells(graph: Any) -> dict[tuple[str, str, str], tuple[str, str | None]]:
    """The (start, end) spell of each dated stance edge (u, v, key) of a stance graph."""
    return spells_of(graph.edges(keys=True, data=True))


def spells_of(
    edges: Iterable[tuple[str, str, Any, dict[str, Any]]],
) -> dict[tuple[str, str, Any], tuple[str, str | None]]:
    """The (start, end) spell of each dated stance edge among ``edges`` (u, v, key, data)."""
    dated: dict[tuple[str, str], list[tuple[datetime.date, Any]]] = defaultdict(list)
    starts_of: dict[str, datetime.date] = {}  # a dataset repeats few dates: parse each once
    for u, v, key, data in edges:
        written = data.get("date")
        if written and data.get("relation") == "stance":
            start = starts_of.get(written)
            if start is None:
                start = starts_of[written] = PartialDate(written).start
            dated[(u, v)].append((start, key))
    spells: dict[tuple[str, str, Any], tuple[str, str | None]] = {}
    for (u, v), entries in dated.items():
        starts = sorted({start for start, _ in entries})
        for start, key in entries:
            after = bisect_right(starts, start)  # the next later start, if any
            end = (starts[after] - ONE_DAY).isoformat() if after < len(starts) else None
            spells[(u, v, key)] = (start.isoformat(), end)
    return spells


def quote_attribute(text: str) -> str:
    """``text`` as the inside of a double-quoted XML attribute: markup and line breaks
    escaped (``escape`` also replaces the characters XML forbids)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


def attribute_text(value: Any) -> str:
    """An attribute value as GEXF writes it: booleans ``true``/``false``, infinities and
    NaN as the XML Schema spells them, everything else as text."""
    if type(value) is str:
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF")
    return str(value)


class _Columns:
    """The attribute columns of one class (node or edge): id, title and type, in the
    order they are first met; each attvalue line written once per distinct value."""

    def __init__(self, kind: str, numbers: Iterator[int]) -> None:
        self.kind = kind
        self.numbers = numbers
        self.ids: dict[str, str] = {}  # title -> the id its attvalues refer to
        self.types: dict[str, str] = {}  # title -> GEXF type
        self.lines: dict[str, dict[Any, str]] = {}  # title -> value -> its attvalue line

    def see(self, values: dict[str, Any]) -> None:
        for title, value in values.items():
            if title not in self.ids:
                self.ids[title] = str(next(self.numbers))
                self.types[title] = GEXF_TYPES.get(type(value), "string")
                self.lines[title] = {}

    def declarations(self) -> str:
        if not self.ids:
            return ""
        lines = [f'    <attributes mode="static" class="{self.kind}">\n']
        for title, number in self.ids.items():
            lines.append(
                f'      <attribute id="{number}" title="{escape(title)}" '
                f'type="{self.types[title]}" />\n'
            )
        lines.append("    </attributes>\n")
        return "".join(lines)

    def attvalues(self, values: dict[str, Any]) -> str:
        if not values:
            return ""
        parts = ["        <attvalues>\n"]
        append = parts.append
        lines = self.lines
        for title, value in values.items():
            # quotes and names repeat (a statement on many targets, one source for many):
            # a value's line is made once; booleans are kept apart from the numbers 0 and 1
            seen = lines[title]
            key = value if type(value) is not bool else (bool, value)
            line = seen.get(key)
            if line is None:
                line = seen[key] = (
                    f'          <attvalue for="{self.ids[title]}" '
                    f'value="{escape(attribute_text(value))}" />\n'
                )
            append(line)
        append("        </attvalues>\n")
        return "".join(parts)


def escape(text: str) -> str:
    """``text`` fit for a double-quoted XML attribute: the characters XML forbids replaced
    (export/escaping.py's ``xml_text``), markup and line breaks escaped."""
    return quote_attribute(xml_text(text))


#: one edge as written: source, target, id, label, weight (None: none), spell, attvalues
_Edge = tuple[str, str, str, str, Any, tuple[str, str | None] | None, dict[str, Any]]


def _edges(graph: Any) -> list[_Edge]:
    """Every edge as ``flat_graph`` would hold it (graphdata's ids, labels and flat
    attributes), read once from ``graph`` without copying it."""
    rows: list[_Edge] = []
    if graph.is_multigraph():
        edges = list(graph.edges(keys=True, data=True))
        ids = edge_ids(graph, edges)
        spells = spells_of(edges)
        for u, v, key, data in edges:
            values = gephi_attributes(data)
            label = values.pop("label", None) or edge_label(data)
            weight = values.pop("weight", None)
            rows.append((u, v, ids[(u, v, key)], label, weight, spells.get((u, v, key)), values))
    else:
        for number, (u, v, data) in enumerate(graph.edges(data=True)):
            a, b = sorted((u, v))
            values = gephi_attributes(data)
            label = values.pop("label", None) or edge_label(data)
            weight = values.pop("weight", None)
            rows.append((a, b, str(number), label, weight, None, values))
    return rows


def render(graph: Any) -> bytes:
    """The graph as GEXF 1.3 bytes (UTF-8); dynamic (dated spells) when it has dated stances.

    Nodes and edges are what ``graphdata.flat_graph`` makes of them (flat attributes, the
    edge ids and labels of graphdata), written as text one element after the other.
    """
    numbers = iter(range(1 << 62))
    node_columns, edge_columns = _Columns("node", numbers), _Columns("edge", numbers)
    nodes = []
    for node, data in graph.nodes(data=True):
        values = gephi_attributes(data)
        label = values.pop("label", node)
        node_columns.see(values)
        nodes.append((str(node), str(label), values))
    edges = _edges(graph)
    for edge in edges:
        edge_columns.see(edge[6])

    dynamic = any(edge[5] is not None for edge in edges)
    mode = ' mode="dynamic" timeformat="date"' if dynamic else ' mode="static"'
    direction = "directed" if graph.is_directed() else "undirected"
    parts = [
        "<?xml version='1.0' encoding='utf-8'?>\n",
        f'<gexf xmlns="{GEXF_NAMESPACE}" xmlns:xsi="{XSI_NAMESPACE}" '
        f'xsi:schemaLocation="{GEXF_SCHEMA}" version="1.3">\n',
        "  <meta>\n    <creator>positions</creator>\n  </meta>\n",
        f'  <graph defaultedgetype="{direction}"{mode}>\n',
        node_columns.declarations(),
        edge_columns.declarations(),
        "    <nodes>\n",
    ]
    append = parts.append
    for node, label, values in nodes:
        append(f'      <node id="{escape(node)}" label="{escape(label)}">\n')
        append(node_columns.attvalues(values))
        append("      </node>\n")
    append("    </nodes>\n    <edges>\n")
    ends: dict[str, str] = {}  # the few distinct ends and labels, each escaped once
    for u, v, key, label, weight, spell, values in edges:
        source = ends.get(u) or ends.setdefault(u, escape(u))
        target = ends.get(v) or ends.setdefault(v, escape(v))
        labelled = ends.get(label) or ends.setdefault(label, escape(label))
        weighed = f' weight="{attribute_text(weight)}"' if weight is not None else ""
        append(
            f'      <edge source="{source}" target="{target}" '
            f'id="{escape(key)}" label="{labelled}"{weighed}>\n'
        )
        if spell is not None:
            start, end = spell
            bounds = f'start="{start}"' + (f' end="{end}"' if end else "")
            append(f"        <spells>\n          <spell {bounds} />\n        </spells>\n")
        append(edge_columns.attvalues(values))
        append("      </edge>\n")
    append("    </edges>\n  </graph>\n</gexf>\n")
    return "".join(parts).encode("utf-8")


def outputs(ds: Dataset, request: ExportRequest) -> list[OutputFile]:
    """The requested graph (``request.graph``: stances or alignment) as gexf."""
    return graph_output(ds, request, "gexf", render)
