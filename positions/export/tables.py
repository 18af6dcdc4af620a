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

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from positions.data import gcpause
from positions.data.dataset import Dataset
from positions.export.escaping import csv_cell, csv_texts
from positions.export.graphdata import (
    Coded,
    FlatGraph,
    batches,
    column,
    gephi_value,
    kept_edges,
    of_graph,
    ordered_ends,
    paused_chunks,
    requested,
    stance_edges,
)
from positions.export.nodelink import RESERVED
from positions.export.outputs import STDOUT, ExportRequest, OutputFile
from positions.model import PartialDate
from positions.questions.graphs import EdgeRows, row_dicts
from positions.questions.graphs import stance_rows as stance_rows_of
from positions.questions.positions import latest_stances

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


def csv_field(text: str) -> str:
    """``text`` as one field of a CSV line, as the csv module's default dialect writes it
    (``QUOTE_MINIMAL``): in double quotes, its own doubled, when it holds a comma, a quote
    or a line break; as it is otherwise."""
    return csv_fields((text,))[0]


def csv_fields(texts: Sequence[str]) -> list[str]:
    """``csv_field`` of each text."""
    every = "".join(texts)
    if not ('"' in every or "," in every or "\n" in every or "\r" in every):
        return list(texts)  # ids, names, dates: nothing to quote in the whole column
    return [
        '"' + text.replace('"', '""') + '"'
        if '"' in text or "," in text or "\n" in text or "\r" in text
        else text
        for text in texts
    ]


_TEXTS = frozenset({str, type(None)})

#: Rows of a CSV table made and written at a time: a batch's few MB of text are reused
#: from the heap, where 50,000 rows (35 MB) were mapped anew and faulted in page by page
#: at every batch (half of the process's system time).
CSV_BATCH = 5_000


def column_fields(values: Sequence[Any], raw: bool = False) -> list[str]:
    """The CSV field of each value of a column (``csv_cell``, then ``csv_field``), each
    distinct value made once (ids, names and quotes repeat down a column)."""
    kinds = set(map(type, values))
    if kinds <= _TEXTS:  # most columns: the text rules over the column's distinct texts
        texts = [value for value in dict.fromkeys(values) if value is not None]
        made = dict(zip(texts, csv_fields(csv_texts(texts, raw)), strict=True))
        made[None] = ""
        return list(map(made.__getitem__, values))
    keys: Sequence[Any] = values
    if kinds <= {list, tuple, type(None)}:  # a list is made as the tuple of its items
        keys = [value if value is None else tuple(value) for value in values]
    elif len(kinds - {type(None)}) > 1:  # True is 1 to a dict: value by value
        return [csv_field(_cell(value, raw)) for value in values]
    try:
        firsts = dict(zip(keys, values, strict=True))
    except TypeError:  # a list of records: value by value
        return [csv_field(_cell(value, raw)) for value in values]
    made = {key: csv_field(_cell(value, raw)) for key, value in firsts.items()}
    return list(map(made.__getitem__, keys))


def csv_table(columns: Mapping[str, Sequence[Any]], raw: bool = False) -> bytes:
    """Columns (header -> values, all of one length) as CSV bytes (UTF-8, header first,
    CRLF line ends as RFC 4180 says); text a spreadsheet would evaluate starts with ``'``
    unless ``raw``: ``csv_chunks`` joined."""
    return b"".join(csv_chunks(columns, raw))


def csv_chunks(columns: Mapping[str, Sequence[Any]], raw: bool = False) -> Iterator[bytes]:
    """``csv_table`` of ``columns``, the header and then a batch of rows a chunk. The fields
    are made a column at a time (``column_fields``) and joined into lines a batch of rows at
    a time (the csv module would look at every character of every line again). A ``Coded``
    column's table is made once, and neighbouring ``Coded`` columns on the same codes (an
    actor's id, name and kind) are one field of the line: fewer fields to make and join
    per row."""
    yield (",".join(csv_fields(list(columns))) + "\r\n").encode("utf-8")
    count = len(next(iter(columns.values()))) if columns else 0
    runs = _coded_fields(columns.values(), raw)
    for part in batches(count, CSV_BATCH):
        fields = [
            run.values[run.codes[part]].tolist()
            if isinstance(run, Coded)
            else column_fields(run[part], raw)
            for run in runs
        ]
        yield ("\r\n".join(map(",".join, zip(*fields, strict=True))) + "\r\n").encode()


def _coded_fields(columns: Iterable[Sequence[Any]], raw: bool) -> list[Sequence[Any]]:
    """``columns`` with each ``Coded`` column as the CSV fields of its table (a numpy array
    of objects, for the rows to be taken from it a batch at a time), and each run of them on
    the same codes as one column of their fields joined with commas."""
    import numpy as np

    runs: list[Sequence[Any]] = []
    for values in columns:
        if not isinstance(values, Coded):
            runs.append(values)
            continue
        fields = column_fields(list(values.values), raw)
        before = runs[-1] if runs else None
        if isinstance(before, Coded) and before.on_codes_of(values):
            fields = list(map(",".join, zip(before.values, fields, strict=True)))
            runs.pop()
        table: Any = np.fromiter(fields, dtype=object, count=len(fields))
        runs.append(Coded(table, values.codes))
    return runs


def to_csv(columns: Sequence[str], rows: Sequence[dict[str, Any]], raw: bool = False) -> bytes:
    """Rows (dicts) as CSV bytes: ``csv_table`` of their ``columns``."""
    return csv_table({c: [row.get(c) for row in rows] for c in columns}, raw)


def stance_table(
    ds: Dataset,
    as_of: PartialDate | None = None,
    targets: Sequence[str] | None = None,
    stances: EdgeRows | None = None,
) -> dict[str, list[Any]]:
    """The flat stance table (``STANCE_COLUMNS``) as columns of values: ``stance_columns``
    as lists."""
    return {
        name: list(values) for name, values in stance_columns(ds, as_of, targets, stances).items()
    }


def stance_columns(
    ds: Dataset,
    as_of: PartialDate | None = None,
    targets: Sequence[str] | None = None,
    stances: EdgeRows | None = None,
) -> dict[str, Sequence[Any]]:
    """The flat stance table (``STANCE_COLUMNS``) as columns: one row per (statement,
    target) stance, in file order, with everything known about it (only the stances on
    ``targets`` when given: a target and its parts). The stances are the stance graph's
    (``stances``: its stance edges when the caller has them, on ``targets`` already; else
    read from ``ds``); each actor's, target's and source's fields are looked up once, and
    its columns (the id among them) are ``Coded`` on one array of codes into them.

    ``position`` is the actor's position on the target as of ``as_of`` (the data's date
    when None) and ``decides_position`` says whether this statement is what decides it.
    """
    if stances is None:
        stances = stance_edges(stance_rows_of(ds))
        if targets is not None:
            wanted = set(targets)
            stances = kept_edges(stances, [t in wanted for t in stances.targets])
    positions = latest_stances(ds, as_of)
    stance_of = {key: stance.value for key, (stance, _) in positions.items()}
    deciding = {(i, target) for (_, target), (_, ids) in positions.items() for i in ids}
    columns = stances.columns
    actors, places = stances.sources, stances.targets
    ids = columns["statement"]

    def actor(record_id: str) -> tuple[Any, ...]:
        found = ds.stakeholders.get(record_id)
        if found is None:
            return (record_id, *(None,) * 5)
        return (
            *(record_id, found.name, found.kind.value, list(found.aliases)),
            *(found.country, found.url),
        )

    def place(record_id: str) -> tuple[Any, ...]:
        target = ds.targets.get(record_id)
        if target is None:
            return (record_id, ds.name_of(record_id), None, None, "stakeholder", None)
        title = ds.name_of(record_id)
        return (record_id, title, target.label, target.name, target.kind.value, target.part_of)

    def source(record_id: str) -> tuple[Any, ...]:
        record = ds.sources.get(record_id)
        if record is None:
            return (record_id, *(None,) * 4)
        published = str(record.published) if record.published else None
        return (record_id, record.title, record.publisher, published, record.url)

    def spread(of: Callable[[str], tuple[Any, ...]], keys: Sequence[str], n: int) -> list[Coded]:
        import numpy as np

        at = {key: code for code, key in enumerate(dict.fromkeys(keys))}
        codes = np.fromiter(map(at.__getitem__, keys), dtype=np.int64, count=len(keys))
        tables = [list(c) for c in zip(*map(of, at), strict=True)] or [[]] * n
        return [Coded(table, codes) for table in tables]

    actor_columns = spread(actor, actors, 6)
    place_columns = spread(place, places, 6)
    source_columns = spread(source, columns["source"], 5)
    # the statement's own date: the graph's, unless that is its source's
    dates = [
        None if borrowed else date
        for date, borrowed in zip(columns["date"], columns["date_from_source"], strict=True)
    ]
    table: dict[str, Sequence[Any]] = {
        "statement": list(ids),
        **dict(zip(STANCE_COLUMNS[1:7], actor_columns, strict=True)),
        "speaker": list(columns["speaker"]),
        "speaker_name": list(columns["speaker_name"]),
        "date": dates,
        **dict(zip(STANCE_COLUMNS[10:16], place_columns, strict=True)),
        "stance": list(columns["stance"]),
        "condition": list(columns["condition"]),
        "quote": list(columns["quote"]),
        "paraphrase": list(columns["paraphrase"]),
        "position": list(map(stance_of.get, zip(actors, places, strict=True))),
        "decides_position": [pair in deciding for pair in zip(ids, places, strict=True)],
        **dict(zip(STANCE_COLUMNS[22:], source_columns, strict=True)),
    }
    return {name: table[name] for name in STANCE_COLUMNS}


def stance_rows(
    ds: Dataset, as_of: PartialDate | None = None, targets: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """``stance_table`` as one dict per row."""
    return row_dicts(stance_table(ds, as_of, targets), 0)


def tie_table(ds: Dataset, graph: FlatGraph) -> dict[str, list[Any]]:
    """One row per actor pair and target they both took a side on (the alignment
    evidence), as columns (``TIE_COLUMNS``)."""
    rows = []
    names: dict[str, str] = {}

    def name(record: str) -> str:
        return names.get(record) or names.setdefault(record, ds.name_of(record))

    for block in graph.rows.edges:
        for evidence in column(block, "evidence"):
            for entry in evidence or ():
                (a, b), (stance_a, stance_b) = entry["actors"], entry["stances"]
                statements_a, statements_b = entry["statements"]
                target = entry["target"]
                rows.append(
                    (
                        *(a, name(a), b, name(b), target, name(target), entry["agree"]),
                        *(stance_a, stance_b, statements_a, statements_b),
                    )
                )
    if not rows:
        return {name: [] for name in TIE_COLUMNS}
    return dict(zip(TIE_COLUMNS, map(list, zip(*rows, strict=True)), strict=True))


def node_columns(graph: FlatGraph) -> dict[str, list[Any]]:
    """Gephi's nodes table as columns: ``Id, Label`` and then every node attribute
    (empty where a node has none)."""
    blocks = graph.rows.nodes
    names: dict[str, None] = {}
    for block in blocks:
        names.update((n, None) for n in block.columns if n != "label")
    table: dict[str, list[Any]] = {"Id": [], "Label": []}
    table.update((n, []) for n in names)
    for block in blocks:
        table["Id"] += block.ids
        table["Label"] += [
            node if label is None else label
            for node, label in zip(block.ids, column(block, "label"), strict=True)
        ]
        for n in names:
            table[n] += column(block, n)
    return table


def edge_columns(graph: FlatGraph) -> dict[str, list[Any]]:
    """Gephi's edges table as columns: ``Source, Target, Type, Id, Label, Weight`` and every
    attribute (the stance's ``source`` as ``source_id``: Gephi matches names in any case)."""
    rows = graph.rows
    kind = "Directed" if rows.directed else "Undirected"
    names: dict[str, None] = {}
    for block in rows.edges:
        names.update((RESERVED.get(n, n), None) for n in block.columns if n != "weight")
    table: dict[str, list[Any]] = {
        name: [] for name in ("Source", "Target", "Type", "Id", "Label", "Weight")
    }
    table.update((n, []) for n in names)
    for block, ids, labels in zip(rows.edges, graph.names, graph.labels, strict=True):
        if rows.multigraph:
            table["Source"] += block.sources
            table["Target"] += block.targets
        else:  # a tie's ends in order, as its id names them
            lesser, greater = ordered_ends(block.sources, block.targets)
            table["Source"] += lesser
            table["Target"] += greater
        table["Type"] += [kind] * len(block)
        table["Id"] += ids
        table["Label"] += labels
        weights = block.columns.get("weight")
        table["Weight"] += weights if weights is not None else [1] * len(block)
        renamed = {RESERVED.get(n, n): v for n, v in block.columns.items() if n != "weight"}
        for n in names:
            table[n] += renamed.get(n) or [None] * len(block)
    return table


def node_table(graph: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """Gephi's nodes table of a networkx graph: its columns and one dict per row."""
    table = node_columns(of_graph(graph))
    return list(table), row_dicts(table, 0)


def edge_table(graph: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """Gephi's edges table of a networkx graph: its columns and one dict per row."""
    table = edge_columns(of_graph(graph))
    return list(table), row_dicts(table, 0)


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
    """The CSV files for ``graph`` (a networkx stance or alignment graph) written to
    ``output`` (``raw``: cells exactly as the data has them, see ``csv_table``;
    ``targets``: the stance table only on those)."""
    return write(ds, of_graph(graph), output, as_of, raw, targets)


def write(
    ds: Dataset,
    graph: FlatGraph,
    output: str,
    as_of: PartialDate | None = None,
    raw: bool = False,
    targets: Sequence[str] | None = None,
    stances: EdgeRows | None = None,
) -> list[OutputFile]:
    """``render`` of a flat graph (``stances``: the stance edges of the dataset, on
    ``targets`` already, when the caller has them; see ``stance_table``). Each table is
    streamed: its columns are made when it is written, its text a batch of rows at a time."""
    multigraph = graph.rows.multigraph
    flat_path, nodes_path, edges_path = output_paths(output, "stances" if multigraph else "ties")

    def table(
        what: str, path: str, columns: Callable[[], Mapping[str, Sequence[Any]]]
    ) -> OutputFile:
        return OutputFile.streamed(path, paused_chunks(lambda: csv_chunks(columns(), raw)), what)

    outputs = [
        table("stance table", flat_path, lambda: stance_columns(ds, as_of, targets, stances))
        if multigraph
        else table("tie table", flat_path, lambda: tie_table(ds, graph))
    ]
    if nodes_path is not None and edges_path is not None:
        outputs.append(table("nodes table", nodes_path, lambda: node_columns(graph)))
        outputs.append(table("edges table", edges_path, lambda: edge_columns(graph)))
    return outputs


def outputs(ds: Dataset, request: ExportRequest) -> list[OutputFile]:
    """The requested graph's CSV tables, where ``request.path`` puts them (see the module doc)."""
    request = request.resolved(ds)
    scope = ds.scope(request.target) if request.target is not None else None
    with gcpause.paused():  # the rows: nothing to collect until written
        # the tie table is the evidence: one row per actor pair and shared target
        graph = requested(ds, replace(request, evidence=True))
    stances = stance_edges(graph.rows) if request.graph == "stances" else None
    return write(ds, graph, request.path, request.as_of, request.raw, scope, stances)
