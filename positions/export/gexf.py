"""GEXF 1.3 for Gephi, with the statement dates as time spells so its timeline works.

A stance edge lives from its statement's date to the day before the same actor's next
later statement on the same target (it is then superseded), or open-ended if none.
A partial date starts on its first day: ``2024-07`` is the spell ``2024-07-01 ..``; the
date as written stays in the ``date`` attribute. Undated statements get no spell (Gephi
shows them at every time). The graph's ``timeformat`` is ``date`` (ISO ``YYYY-MM-DD``).

The document is written from the flat graph (``graphdata.FlatGraph``) column by column:
each distinct value's attvalue line is made once, and the elements of a batch of rows are
joined from those lines into one chunk of the file, written before the next is made
(networkx's writer builds an ElementTree of the whole graph first: minutes at 10^5
statements). The same graph always gives the same bytes: nodes and
edges in the graph's order, attributes declared in the order they are first met, no date
of writing.
"""

from __future__ import annotations

import datetime
import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import count
from typing import Any

from positions.data.dataset import Dataset
from positions.export.escaping import xml_attribute, xml_attributes
from positions.export.graphdata import (
    Cells,
    FlatGraph,
    batches,
    column,
    declared,
    encoded,
    gephi_value,
    graph_output,
    is_empty,
    joined,
    lines_of,
    of_graph,
    wrapped,
)
from positions.export.outputs import ExportRequest, OutputFile
from positions.model import PartialDate
from positions.questions.graphs import EdgeRows

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
    listed = list(edges)
    spells = spell_list((u, v, d.get("date"), d.get("relation")) for u, v, _, d in listed)
    return {
        (u, v, key): spell
        for (u, v, key, _), spell in zip(listed, spells, strict=True)
        if spell is not None
    }


def spell_list(
    edges: Iterable[tuple[str, str, str | None, Any]],
) -> list[tuple[str, str | None] | None]:
    """The (start, end) spell of each edge (u, v, date as written, relation), in order:
    a stance lives from its date to the day before the same pair's next later date;
    None for an undated stance and an edge of another relation."""
    starts_of: dict[str, datetime.date] = {}  # a dataset repeats few dates: parse each once
    dated: dict[tuple[str, str], set[datetime.date]] = defaultdict(set)
    found: list[tuple[tuple[str, str], datetime.date] | None] = []
    for u, v, written, relation in edges:
        if written and relation == "stance":
            start = starts_of.get(written)
            if start is None:
                start = starts_of[written] = PartialDate(written).start
            dated[(u, v)].add(start)
            found.append(((u, v), start))
        else:
            found.append(None)
    ordered: dict[tuple[str, str], list[datetime.date]] = {}  # pairs of several dates
    days: dict[datetime.date, str] = {}
    spells: list[tuple[str, str | None] | None] = []
    made: dict[tuple[tuple[str, str], datetime.date], tuple[str, str | None]] = {}
    for item in found:
        if item is None:
            spells.append(None)
            continue
        spell = made.get(item)
        if spell is None:
            pair, start = item
            first = days.get(start) or days.setdefault(start, start.isoformat())
            every = dated[pair]
            end = None
            if len(every) > 1:  # most pairs have one date: nothing to sort
                starts = ordered.get(pair) or ordered.setdefault(pair, sorted(every))
                after = bisect_right(starts, start)  # the next later start, if any
                end = (starts[after] - ONE_DAY).isoformat() if after < len(starts) else None
            spell = made[item] = (first, end)
        spells.append(spell)
    return spells


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


def escape(text: str) -> str:
    """``text`` fit for a double-quoted XML attribute (export/escaping.py's
    ``xml_attribute``)."""
    return xml_attribute(text)


def attribute_bytes(value: Any) -> bytes:
    """A value as the inside of a double-quoted XML attribute, in UTF-8."""
    return xml_attribute(str(value)).encode("utf-8")


def attributes_bytes(values: list[Any]) -> list[bytes]:
    """``attribute_bytes`` of each value (a column at once)."""
    return encoded(xml_attributes(list(map(str, values))), "", "")


def quoted_cells() -> Cells:
    """Ids and labels inside double-quoted attributes: the same few names again and again."""
    return Cells(attribute_bytes, attributes_bytes)


def value_lines(before: str, escape: Callable[[list[str]], list[str]], after: str) -> Cells:
    """``before``, the value escaped by ``escape`` (``attribute_text`` of it made flat) and
    ``after``, in UTF-8; none for an empty value: the attvalue or data lines of one
    attribute. The distinct values of a batch are escaped at once."""

    def many(values: list[Any]) -> list[bytes]:
        if set(map(type, values)) == {str}:  # most columns: texts, kept unless empty
            full = list(map(bool, values))
            texts = list(filter(None, values))
        else:
            full = [not is_empty(value) for value in values]
            texts = [attribute_text(gephi_value(v)) for v, f in zip(values, full, strict=True) if f]
        return lines_of(full, escape(texts), before, after)

    return Cells(lambda value: many([value])[0], many)


def edge_ends(indent: bytes, quoted: Cells, block: EdgeRows, part: slice) -> list[Any]:
    """The start of the edge elements of ``block[part]``: ``<edge source=".." target="..``."""
    return [
        indent + b'<edge source="',
        quoted(block.sources[part]),
        b'" target="',
        quoted(block.targets[part]),
    ]


def _attvalue(number: str) -> Cells:
    """The attvalue lines of the attribute ``number``."""
    return value_lines(f'          <attvalue for="{number}" value="', xml_attributes, '" />\n')


def _spell(spell: tuple[str, str | None] | None) -> bytes:
    if spell is None:
        return b""
    start, end = spell
    bounds = f'start="{start}"' + (f' end="{end}"' if end else "")
    return f"        <spells>\n          <spell {bounds} />\n        </spells>\n".encode()


_OPEN, _CLOSE = b"        <attvalues>\n", b"        </attvalues>\n"


def chunks(graph: FlatGraph) -> Iterator[bytes]:
    """The flat graph as GEXF 1.3 (UTF-8), a batch of elements a chunk; dynamic (dated
    spells) when it has dated stances. Node labels are their ``label`` (else their id);
    edges their label and weight."""
    rows = graph.rows
    numbers = count()
    node_titles = declared(rows.nodes, leave=("label",))
    edge_titles = declared(rows.edges, leave=("label", "weight"))
    node_ids = {title: str(next(numbers)) for title in node_titles}
    edge_ids = {title: str(next(numbers)) for title in edge_titles}
    spells: list[list[tuple[str, str | None] | None]] = []
    if rows.multigraph:
        every = spell_list(
            item
            for block in rows.edges
            for item in zip(
                block.sources,
                block.targets,
                column(block, "date"),
                column(block, "relation"),
                strict=True,
            )
        )
        at = 0
        for block in rows.edges:
            spells.append(every[at : at + len(block)])
            at += len(block)
    else:
        spells = [[None] * len(block) for block in rows.edges]
    dynamic = rows.multigraph and any(s is not None for block in spells for s in block)
    mode = ' mode="dynamic" timeformat="date"' if dynamic else ' mode="static"'
    direction = "directed" if rows.directed else "undirected"
    yield (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        f'<gexf xmlns="{GEXF_NAMESPACE}" xmlns:xsi="{XSI_NAMESPACE}" '
        f'xsi:schemaLocation="{GEXF_SCHEMA}" version="1.3">\n'
        "  <meta>\n    <creator>positions</creator>\n  </meta>\n"
        f'  <graph defaultedgetype="{direction}"{mode}>\n'
        + _declarations("node", node_titles, node_ids)
        + _declarations("edge", edge_titles, edge_ids)
        + "    <nodes>\n"
    ).encode()
    quoted = quoted_cells()
    node_lines = {title: _attvalue(number) for title, number in node_ids.items()}
    for kind_rows in rows.nodes:
        shown = [
            node if is_empty(label) else label
            for node, label in zip(kind_rows.ids, column(kind_rows, "label"), strict=True)
        ]
        wanted = [t for t in node_lines if t in kind_rows.columns]
        for part in batches(len(kind_rows)):
            lines = [node_lines[t](kind_rows.columns[t][part]) for t in wanted]
            yield joined(
                [
                    b'      <node id="',
                    quoted(kind_rows.ids[part]),
                    b'" label="',
                    quoted(shown[part]),
                    b'">\n',
                    *wrapped(lines, _OPEN, _CLOSE),
                    b"      </node>\n",
                ]
            )
    yield b"    </nodes>\n    <edges>\n"
    edge_lines = {title: _attvalue(number) for title, number in edge_ids.items()}
    weighed = Cells(lambda w: b"" if is_empty(w) else f' weight="{attribute_text(w)}"'.encode())
    spelled = Cells(_spell)
    done = 0  # the edges of the blocks before this one (a simple graph's ids are numbers)
    names_of = graph.names if rows.multigraph else [()] * len(rows.edges)
    for block, names, labels, spans in zip(rows.edges, names_of, graph.labels, spells, strict=True):
        wanted = [t for t in edge_lines if t in block.columns]
        weights = column(block, "weight")
        for part in batches(len(block)):
            ids = (  # a simple graph's edges are numbered, as networkx numbers them
                quoted(names[part])
                if rows.multigraph
                else range(done + part.start, done + part.stop)
            )
            lines = [edge_lines[t](block.columns[t][part]) for t in wanted]
            yield joined(
                [
                    *edge_ends(b"      ", quoted, block, part),
                    b'" id="',
                    ids,
                    b'" label="',
                    quoted(labels[part]),
                    b'"',
                    weighed(weights[part]) if "weight" in block.columns else b"",
                    b">\n",
                    spelled(spans[part]) if dynamic else b"",
                    *wrapped(lines, _OPEN, _CLOSE),
                    b"      </edge>\n",
                ]
            )
        done += len(block)
    yield b"    </edges>\n  </graph>\n</gexf>\n"


def _declarations(kind: str, titles: dict[str, Any], ids: dict[str, str]) -> str:
    if not titles:
        return ""
    lines = [f'    <attributes mode="static" class="{kind}">\n']
    for title, value in titles.items():
        kind_of = GEXF_TYPES.get(type(value), "string")
        lines.append(
            f'      <attribute id="{ids[title]}" title="{escape(title)}" type="{kind_of}" />\n'
        )
    lines.append("    </attributes>\n")
    return "".join(lines)


def render(graph: Any) -> bytes:
    """A networkx graph as GEXF 1.3 bytes (UTF-8): the ``chunks`` of its flat graph
    (``graphdata.of_graph``: flat attributes, the edge ids and labels of graphdata)."""
    return b"".join(chunks(of_graph(graph)))


def outputs(ds: Dataset, request: ExportRequest) -> list[OutputFile]:
    """The requested graph (``request.graph``: stances or alignment) as gexf."""
    return graph_output(ds, request, "gexf", chunks)
