"""GEXF 1.2 for Gephi, with the statement dates as time spells so its timeline works.

A stance edge lives from its statement's date to the day before the same actor's next
later statement on the same target (it is then superseded), or open-ended if none.
A partial date starts on its first day: ``2024-07`` is the spell ``2024-07-01 ..``; the
date as written stays in the ``date`` attribute. Undated statements get no spell (Gephi
shows them at every time). The graph's ``timeformat`` is ``date`` (ISO ``YYYY-MM-DD``).
"""

from __future__ import annotations

import datetime
import io
from bisect import bisect_right
from collections import defaultdict
from typing import Any

from positions.data.dataset import Dataset
from positions.export.escaping import xml_text
from positions.export.graphdata import flat_graph, graph_output
from positions.export.outputs import ExportRequest, OutputFile
from positions.model import PartialDate

ONE_DAY = datetime.timedelta(days=1)


def stance_spells(graph: Any) -> dict[tuple[str, str, str], tuple[str, str | None]]:
    """The (start, end) spell of each dated stance edge (u, v, key) of a flat stance graph."""
    dated: dict[tuple[str, str], list[tuple[datetime.date, str]]] = defaultdict(list)
    for u, v, key, data in graph.edges(keys=True, data=True):
        if data.get("relation") == "stance" and data.get("date"):
            dated[(u, v)].append((PartialDate(data["date"]).start, key))
    spells: dict[tuple[str, str, str], tuple[str, str | None]] = {}
    for (u, v), entries in dated.items():
        starts = sorted({start for start, _ in entries})
        for start, key in entries:
            after = bisect_right(starts, start)  # the next later start, if any
            end = (starts[after] - ONE_DAY).isoformat() if after < len(starts) else None
            spells[(u, v, key)] = (start.isoformat(), end)
    return spells


def render(graph: Any) -> bytes:
    """The graph as GEXF 1.2 bytes (UTF-8); dynamic (dated spells) when it has dated stances."""
    import networkx as nx

    flat = flat_graph(graph)
    if flat.is_multigraph():
        for (u, v, key), spell in stance_spells(flat).items():
            flat.edges[u, v, key]["spells"] = [spell]
        for _, _, key, data in flat.edges(keys=True, data=True):
            data["id"] = key
    stream = io.BytesIO()
    nx.write_gexf(flat, stream, encoding="utf-8", prettyprint=True, version="1.2draft")
    # a character XML forbids (a vertical tab in a quote) must not make the file unreadable
    return xml_text(stream.getvalue().decode("utf-8")).encode("utf-8")


def outputs(ds: Dataset, request: ExportRequest) -> list[OutputFile]:
    """The requested graph (``request.graph``: stances or alignment) as gexf."""
    return graph_output(ds, request, "gexf", render)
