"""CSV tables: the flat stance table, and the nodes and edges tables of Gephi's import.

``-o stances.csv`` writes three files: ``stances.csv`` (one row per stance with every field
of its statement, actor, target and source), ``stances-nodes.csv`` (``Id, Label, ...``) and
``stances-edges.csv`` (``Source, Target, Type, Id, Label, Weight, ...``), the two tables
Gephi's spreadsheet import reads. ``-o DIR`` (an existing directory) writes ``stances.csv``
(``ties.csv`` for the alignment graph), ``nodes.csv`` and ``edges.csv`` in it; ``-o -``
writes the flat table alone to stdout.
For the alignment graph the flat table has one row per actor pair and shared target.
Lists are joined with ``'; '``; unknown values are empty cells. In the edges table the
stance's ``source`` (the source record) is ``source_id``: Gephi reads ``source`` as ``Source``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from positions.data.dataset import Dataset
from positions.export.escaping import csv_cell
from positions.export.graphdata import edge_ids, edge_label, gephi_value, requested
from positions.export.nodelink import RESERVED
from positions.export.outputs import STDOUT, ExportRequest, OutputFile
from positions.model import PartialDate
from positions.questions.positions import positions_of, stance_records

#: Columns of the flat stance table, in order.
STANCE_COLUMNS = (
    "statement",
    "actor",
    "actor_name",
    "actor_kind",
    "actor_aliases",
    "actor_country",
    "actor_url",
    "speaker",
    "speaker_name",
    "date",
    "target",
    "target_title",
    "target_label",
    "target_name",
    "target_kind",
    "target_part_of",
    "stance",
    "condition",
    "quote",
    "paraphrase",
    "position",
    "decides_position",
    "source",
    "source_title",
    "source_publisher",
    "source_published",
    "source_url",
)

#: Columns of the flat alignment table (one row per actor pair and shared target).
TIE_COLUMNS = (
    "actor_a",
    "actor_a_name",
    "actor_b",
    "actor_b_name",
    "target",
    "target_title",
    "agree",
    "stance_a",
    "stance_b",
    "statements_a",
    "statements_b",
)


def _cell(value: Any, raw: bool) -> str:
    if value is None or isinstance(value, bool):
        return str(csv_cell(value))
    return str(csv_cell(str(gephi_value(value)), raw))


def to_csv(columns: Sequence[str], rows: Sequence[dict[str, Any]], raw: bool = False) -> bytes:
    """Rows as CSV bytes (UTF-8, header first, CRLF line ends as RFC 4180 says); text a
    spreadsheet would evaluate starts with ``'`` unless ``raw``."""
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(columns)
    made: dict[str, str] = {}  # ids, names and quotes repeat down a column: each made once

    def cell(value: Any) -> str:
        if type(value) is str:
            found = made.get(value)
            if found is None:
                found = made[value] = _cell(value, raw)
            return found
        return _cell(value, raw)

    for row in rows:
        writer.writerow([cell(row.get(column)) for column in columns])
    return stream.getvalue().encode("utf-8")


def stance_rows(
    ds: Dataset, as_of: PartialDate | None = None, targets: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """One row per (statement, target) stance, in file order, with everything known about it
    (only the stances on ``targets`` when given: a target and its parts).

    ``position`` is the actor's position on the target as of ``as_of`` (the data's date
    when None) and ``decides_position`` says whether this statement is what decides it.
    """
    positions = positions_of(ds, as_of)
    wanted = set(targets) if targets is not None else None
    rows = []
    for record in stance_records(ds):
        if wanted is not None and record.target not in wanted:
            continue
        statement = record.statement
        actor = ds.stakeholders.get(statement.actor)
        target = ds.targets.get(record.target)
        source = ds.sources.get(statement.source)
        position = positions.get((statement.actor, record.target))
        deciding = position is not None and any(
            r.statement.id == statement.id for r in position.evidence
        )
        rows.append(
            {
                "statement": statement.id,
                "actor": statement.actor,
                "actor_name": actor.name if actor else None,
                "actor_kind": actor.kind.value if actor else None,
                "actor_aliases": list(actor.aliases) if actor else None,
                "actor_country": actor.country if actor else None,
                "actor_url": actor.url if actor else None,
                "speaker": statement.speaker,
                "speaker_name": ds.name_of(statement.speaker) if statement.speaker else None,
                "date": str(statement.date) if statement.date else None,
                "target": record.target,
                "target_title": ds.name_of(record.target),
                "target_label": target.label if target else None,
                "target_name": target.name if target else None,
                "target_kind": target.kind.value if target else "stakeholder",
                "target_part_of": target.part_of if target else None,
                "stance": record.stance.value,
                "condition": record.condition,
                "quote": statement.quote,
                "paraphrase": statement.paraphrase,
                "position": position.stance.value if position else None,
                "decides_position": deciding,
                "source": statement.source,
                "source_title": source.title if source else None,
                "source_publisher": source.publisher if source else None,
                "source_published": str(source.published) if source and source.published else None,
                "source_url": source.url if source else None,
            }
        )
    return rows


def tie_rows(ds: Dataset, graph: Any) -> list[dict[str, Any]]:
    """One row per actor pair and target they both took a side on (the alignment evidence)."""
    rows = []
    for _, _, data in graph.edges(data=True):
        for entry in data.get("evidence", []):
            (a, b), (stance_a, stance_b) = entry["actors"], entry["stances"]
            statements_a, statements_b = entry["statements"]
            rows.append(
                {
                    "actor_a": a,
                    "actor_a_name": ds.name_of(a),
                    "actor_b": b,
                    "actor_b_name": ds.name_of(b),
                    "target": entry["target"],
                    "target_title": ds.name_of(entry["target"]),
                    "agree": entry["agree"],
                    "stance_a": stance_a,
                    "stance_b": stance_b,
                    "statements_a": statements_a,
                    "statements_b": statements_b,
                }
            )
    return rows


def _columns(first: Sequence[str], records: list[dict[str, Any]]) -> list[str]:
    columns = list(first)
    for record in records:
        columns.extend(key for key in record if key not in columns)
    return columns


def node_table(graph: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """Gephi's nodes table: ``Id, Label`` and then every node attribute."""
    rows = []
    for node, data in graph.nodes(data=True):
        row = {"Id": node, "Label": data.get("label", node)}
        row.update({k: v for k, v in data.items() if k != "label"})
        rows.append(row)
    return _columns(("Id", "Label"), rows), rows


def edge_table(graph: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """Gephi's edges table: ``Source, Target, Type, Id, Label, Weight`` and every attribute."""
    kind = "Directed" if graph.is_directed() else "Undirected"
    rows = []
    if graph.is_multigraph():
        edges: Any = list(graph.edges(keys=True, data=True))
        ids = edge_ids(graph, edges)
    else:
        ids = edge_ids(graph)
        edges = ((min(u, v), max(u, v), None, d) for u, v, d in graph.edges(data=True))
    for u, v, key, data in edges:
        row = {
            "Source": u,
            "Target": v,
            "Type": kind,
            "Id": ids[(u, v, key)] if key is not None else f"{u}~{v}",
            "Label": edge_label(data),
            "Weight": data.get("weight", 1),
        }
        # Gephi matches its column names in any case: the statement's 'source' becomes 'source_id'
        row.update({RESERVED.get(k, k): val for k, val in data.items() if k != "weight"})
        rows.append(row)
    return _columns(("Source", "Target", "Type", "Id", "Label", "Weight"), rows), rows


def output_paths(output: str, flat_name: str = "stances") -> tuple[str, str | None, str | None]:
    """Where the flat, nodes and edges tables go for ``-o output`` (see the module doc)."""
    if output == STDOUT:
        return STDOUT, None, None
    path = Path(output)
    if path.is_dir():
        return str(path / f"{flat_name}.csv"), str(path / "nodes.csv"), str(path / "edges.csv")
    stem = path.name[: -len(".csv")] if path.name.lower().endswith(".csv") else path.name
    return (
        str(path.with_name(f"{stem}.csv")),
        str(path.with_name(f"{stem}-nodes.csv")),
        str(path.with_name(f"{stem}-edges.csv")),
    )


def render(
    ds: Dataset,
    graph: Any,
    output: str,
    as_of: PartialDate | None = None,
    raw: bool = False,
    targets: Sequence[str] | None = None,
) -> list[OutputFile]:
    """The CSV files for ``graph`` (a stance or alignment graph) written to ``output``
    (``raw``: cells exactly as the data has them, see ``to_csv``; ``targets``: the stance
    table only on those)."""
    flat_path, nodes_path, edges_path = output_paths(
        output, "stances" if graph.is_multigraph() else "ties"
    )
    if graph.is_multigraph():
        flat = OutputFile(
            flat_path, to_csv(STANCE_COLUMNS, stance_rows(ds, as_of, targets), raw), "stance table"
        )
    else:
        flat = OutputFile(flat_path, to_csv(TIE_COLUMNS, tie_rows(ds, graph), raw), "tie table")
    outputs = [flat]
    if nodes_path is not None and edges_path is not None:
        outputs.append(OutputFile(nodes_path, to_csv(*node_table(graph), raw), "nodes table"))
        outputs.append(OutputFile(edges_path, to_csv(*edge_table(graph), raw), "edges table"))
    return outputs


def outputs(ds: Dataset, request: ExportRequest) -> list[OutputFile]:
    """The requested graph's CSV tables, where ``request.path`` puts them (see the module doc)."""
    request = request.resolved(ds)
    scope = ds.scope(request.target) if request.target is not None else None
    # the tie table is the evidence: one row per actor pair and shared target
    graph = requested(ds, replace(request, evidence=True)).rows.to_networkx()
    return render(ds, graph, request.path, request.as_of, request.raw, scope)
