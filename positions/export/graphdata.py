"""The flat graph the formats write, and graph attributes as Gephi, Neo4j and spreadsheets
take them (flat values, edge ids and labels).

A ``FlatGraph`` is a graph as rows (``questions.graphs.GraphRows``: nodes and edges of one
kind as columns) with each edge's id and label. ``requested`` makes it straight from the
dataset's tables (the stance rows, or the alignment counts as arrays: no networkx graph,
no dict per edge); ``of_graph`` makes it from any networkx graph, for ``render(graph)``.
Every graph format writes a ``FlatGraph`` column by column: each distinct value of a
column is rendered once (``cells``; ids, names, dates, quotes and counts repeat down a
column) and the rows are joined from the rendered cells.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, overload

from positions.data import gcpause
from positions.export.outputs import ExportError, ExportRequest, OutputFile
from positions.questions.graphs import EdgeRows, GraphRows, NodeRows

if TYPE_CHECKING:
    from positions.data.dataset import Dataset
    from positions.model import PartialDate
    from positions.questions.camps import SignedNetwork

#: The graphs a graph format writes: statements as edges, or actors tied by alignment.
GRAPH_KINDS = ("stances", "alignment")


def gephi_value(value: Any) -> Any:
    """An attribute value as Gephi's importers take it: scalars kept, lists joined with '; ',
    lists of records and mappings as JSON text."""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple) and all(isinstance(v, str | int | float) for v in value):
        return "; ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def gephi_attributes(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` without empty values (None, empty lists, empty strings), the rest made flat."""
    flat = {}
    for key, value in data.items():
        if type(value) is str:  # most values: kept unless empty, no further checks
            if value:
                flat[key] = value
            continue
        if value is None or value == "" or (isinstance(value, list | tuple | dict) and not value):
            continue
        flat[key] = gephi_value(value)
    return flat


def edge_names(edges: Iterable[tuple[str, str, Any, Any]]) -> list[str]:
    """A unique, readable id for each multigraph edge (u, v, key, relation), in order.

    A stance edge is named by its statement (``hrw-surveillance``), or by statement and
    target when the statement speaks to several (``hrw-scope:uncc``); ``member_of`` and
    ``part_of`` edges by their ends (``tirana-hassan:member_of:hrw``, ``art-6:part_of``).
    """
    edges = list(edges)
    uses = Counter(k for _, _, k, relation in edges if relation == "stance")
    shared = {k for k, n in uses.items() if n > 1}
    names: list[str] = []
    taken: set[str] = set()
    for u, v, key, relation in edges:
        if relation == "stance":
            name = f"{key}:{v}" if key in shared else str(key)
        elif relation is not None:
            name = f"{u}:{key}" if str(key).startswith(str(relation)) else f"{u}:{key}:{v}"
        else:
            name = f"{u}:{key}:{v}"
        if name in taken:  # never two edges with one id, whatever the keys
            unique, n = name, 1
            while unique in taken:
                n += 1
                unique = f"{name}#{n}"
            name = unique
        taken.add(name)
        names.append(name)
    return names


def ordered_ends(sources: Sequence[str], targets: Sequence[str]) -> tuple[Sequence[str], ...]:
    """Each tie's two ends in order, as ``tie_name`` names it: (the lesser ends, the
    greater ends); ``Coded`` when both are codes into one table of names."""
    if (
        isinstance(sources, Coded)
        and isinstance(targets, Coded)
        and sources.values is targets.values
    ):
        import numpy as np

        names = sources.values
        rank = np.empty(len(names), dtype=np.int64)
        rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
        first = rank[sources.codes] <= rank[targets.codes]
        return (
            Coded(names, np.where(first, sources.codes, targets.codes)),
            Coded(names, np.where(first, targets.codes, sources.codes)),
        )
    return list(map(min, sources, targets)), list(map(max, sources, targets))


def tie_name(u: str, v: str) -> str:
    """A simple graph's edge id: its two ends in order (``hrw~russia``)."""
    return f"{u}~{v}" if u <= v else f"{v}~{u}"


def edge_ids(
    graph: Any, edges: list[tuple[str, str, Any, dict[str, Any]]] | None = None
) -> dict[tuple[str, str, Any], str]:
    """``edge_names`` of a networkx graph's edges, keyed by (u, v, key) (key None in a
    simple graph, whose edges are named by ``tie_name``); ``edges``: the multigraph's
    ``edges(keys=True, data=True)`` when the caller has them already."""
    if not graph.is_multigraph():
        return {(u, v, None): tie_name(u, v) for u, v in graph.edges()}
    if edges is None:
        edges = list(graph.edges(keys=True, data=True))
    names = edge_names((u, v, k, d.get("relation")) for u, v, k, d in edges)
    return {(u, v, k): name for (u, v, k, _), name in zip(edges, names, strict=True)}


def label_of(relation: Any, stance: Any, agree: Any, disagree: Any) -> str:
    """What an edge says, for Gephi's edge labels: the stance, the relation, or the counts."""
    if relation == "stance":
        return str(stance)
    if relation is not None:
        return str(relation).replace("_", " ")
    return f"agree {0 if agree is None else agree}, disagree {0 if disagree is None else disagree}"


def edge_label(data: dict[str, Any]) -> str:
    """``label_of`` an edge's attributes."""
    return label_of(
        data.get("relation"), data.get("stance"), data.get("agree"), data.get("disagree")
    )


def flat_graph(graph: Any) -> Any:
    """A copy of a stance or alignment graph fit for GraphML and GEXF.

    No attribute is None or empty (dropped); lists of names are joined with ``'; '``;
    the alignment evidence (a list of records) becomes JSON text; every edge gets a
    unique id as its key (one per statement, so parallel edges stay apart) and a label.
    """
    import networkx as nx

    flat: nx.Graph = nx.MultiDiGraph() if graph.is_multigraph() else nx.Graph()
    flat.graph.update(gephi_attributes(dict(graph.graph)))
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **gephi_attributes(data))
    if graph.is_multigraph():
        ids = edge_ids(graph)
        for u, v, key, data in graph.edges(keys=True, data=True):
            attributes = gephi_attributes(data)
            attributes.setdefault("label", edge_label(data))
            flat.add_edge(u, v, key=ids[(u, v, key)], **attributes)
    else:
        for u, v, data in graph.edges(data=True):
            a, b = sorted((u, v))
            attributes = gephi_attributes(data)
            attributes.setdefault("label", edge_label(data))
            flat.add_edge(a, b, **attributes)
    return flat


# --- columns as codes --------------------------------------------------------------------


class Coded(Sequence[Any]):
    """A column as numbers into a table of values: row k holds ``values[codes[k]]``
    (``codes`` a numpy int array). A tie's ends are codes into the actors and its counts
    codes into the distinct (agree, disagree) pairs: no Python object per row until the
    rows are written, and each entry of the table rendered once (``Cells``); ``joined``
    joins the entries of neighbouring columns on the same codes before the rows."""

    __slots__ = ("codes", "values")

    def __init__(self, values: Sequence[Any], codes: Any) -> None:
        self.values = values
        self.codes = codes

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, at: int) -> Any: ...

    @overload
    def __getitem__(self, at: slice) -> Coded: ...

    def __getitem__(self, at: int | slice) -> Any:
        if isinstance(at, slice):
            return Coded(self.values, self.codes[at])
        return self.values[self.codes[at]]

    def __iter__(self) -> Iterator[Any]:
        for part in batches(len(self)):  # a batch of rows made at a time, as they are read
            yield from self[part].tolist()

    def tolist(self) -> list[Any]:
        """The column's values, row by row."""
        import numpy as np

        table = np.fromiter(self.values, dtype=object, count=len(self.values))
        return table[self.codes].tolist()  # type: ignore[no-any-return]

    def on_codes_of(self, other: Coded) -> bool:
        """Whether ``other`` reads the same codes (the same array, or the same view of it)."""
        mine, theirs = self.codes, other.codes  # a view's interface: memory, shape, strides
        return mine is theirs or mine.__array_interface__ == theirs.__array_interface__


def coded_pairs(first: Any, second: Any) -> tuple[Any, Any, Any]:
    """The distinct (first, second) pairs of two int arrays of one length (non-negative
    values) and each row's code into them: ``(firsts, seconds, codes)``, the pairs in
    increasing order of (first, second)."""
    import numpy as np

    if len(first) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    span = int(second.max()) + 1
    combined = first.astype(np.int64) * span + second
    top = int(combined.max()) + 1
    if top <= max(4 * len(combined), 1 << 20):  # a table of every combination up to the top
        present = np.zeros(top, dtype=bool)
        present[combined] = True
        distinct = np.flatnonzero(present)
        place = np.cumsum(present) - 1
        codes = place[combined]
    else:
        distinct, codes = np.unique(combined, return_inverse=True)
    return distinct // span, distinct % span, codes


# --- the flat graph ----------------------------------------------------------------------

#: The edge attributes a label is made of (``label_of``'s arguments, in order).
_LABELLED = ("relation", "stance", "agree", "disagree")


@dataclass(frozen=True)
class FlatGraph:
    """A graph's rows with each edge's id (``names``) and label, block by block (each made
    when first asked for: a format that does not write them does not pay for them)."""

    rows: GraphRows

    @property
    def node_count(self) -> int:
        return sum(len(block) for block in self.rows.nodes)

    @property
    def edge_count(self) -> int:
        return sum(len(block) for block in self.rows.edges)

    @cached_property
    def labels(self) -> list[Sequence[str]]:
        """Each edge's label (``label_of``, or its own ``label``), block by block."""
        labels: list[Sequence[str]] = []
        for block in self.rows.edges:
            coded = _coded_label(block)
            if coded is not None:
                labels.append(coded)
                continue
            said = cells(
                zip(
                    *(column(block, n) for n in _LABELLED),
                    strict=True,
                ),
                lambda row: label_of(*row),
            )
            if "label" in block.columns:  # a label of its own, as Gephi's importers read it
                own = block.columns["label"]
                said = [str(o) if not is_empty(o) else x for o, x in zip(own, said, strict=True)]
            labels.append(said)
        return labels

    @cached_property
    def names(self) -> list[Sequence[str]]:
        """Each edge's id (``edge_names``; ``tie_name`` in a simple graph), block by block."""
        rows = self.rows
        if not rows.multigraph:
            return [list(map(tie_name, block.sources, block.targets)) for block in rows.edges]
        every = edge_names(
            (u, v, k, r)
            for block in rows.edges
            for u, v, k, r in zip(
                block.sources, block.targets, block.keys, column(block, "relation"), strict=True
            )
        )
        names: list[Sequence[str]] = []
        at = 0
        for block in rows.edges:
            names.append(every[at : at + len(block)])
            at += len(block)
        return names


def _coded_label(block: EdgeRows) -> Coded | None:
    """``label_of`` each edge of ``block`` as codes, when every column a label reads is
    ``Coded`` on the same codes and none is its own ``label``: one label per entry of the
    table (a tie's counts); else None."""
    said = [block.columns.get(name) for name in _LABELLED]
    coded = [c for c in said if isinstance(c, Coded)]
    if "label" in block.columns or not coded or len(coded) < sum(c is not None for c in said):
        return None
    first = coded[0]
    if not all(c.on_codes_of(first) for c in coded):
        return None
    size = min(len(c.values) for c in coded)
    tables = [c.values if isinstance(c, Coded) else [None] * size for c in said]
    return Coded([label_of(*row) for row in zip(*tables, strict=False)], first.codes)


def flat(rows: GraphRows) -> FlatGraph:
    """``rows`` as the graph formats write them."""
    return FlatGraph(rows)


def column(block: NodeRows | EdgeRows, name: str) -> Sequence[Any]:
    """The values of attribute ``name`` in ``block`` (None for each row without it)."""
    found = block.columns.get(name)
    return found if found is not None else [None] * len(block)


def of_graph(graph: Any) -> FlatGraph:
    """Any networkx graph as a ``FlatGraph``: nodes and edges in the graph's order, in
    blocks of consecutive rows with the same attribute names."""
    nodes: list[NodeRows] = []
    for names, run in _runs(((n, d) for n, d in graph.nodes(data=True)), lambda r: r[1]):
        nodes.append(NodeRows([n for n, _ in run], {k: [d[k] for _, d in run] for k in names}))
    edges: list[EdgeRows] = []
    listed: Iterable[tuple[Any, ...]] = (
        graph.edges(keys=True, data=True)
        if graph.is_multigraph()
        else ((u, v, None, d) for u, v, d in graph.edges(data=True))
    )
    for names, run in _runs(listed, lambda r: r[3]):
        edges.append(
            EdgeRows(
                [r[0] for r in run],
                [r[1] for r in run],
                [r[2] for r in run],
                {k: [r[3][k] for r in run] for k in names},
            )
        )
    rows = GraphRows(graph.is_directed(), graph.is_multigraph(), dict(graph.graph), nodes, edges)
    return flat(rows)


def _runs(
    items: Iterable[Any], data: Callable[[Any], dict[str, Any]]
) -> list[tuple[tuple[str, ...], list[Any]]]:
    """``items`` in runs of consecutive items whose ``data`` has the same keys."""
    runs: list[tuple[tuple[str, ...], list[Any]]] = []
    for item in items:
        names = tuple(data(item))
        if runs and runs[-1][0] == names:
            runs[-1][1].append(item)
        else:
            runs.append((names, [item]))
    return runs


_HASHED = frozenset({str, int, float, bool, type(None)})


class _Once(dict[Any, Any]):
    """``make(value)`` for each value asked, made the first time it is asked."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, value: Any) -> Any:
        made = self[value] = self.make(value)
        return made


class Cells:
    """A column's values rendered by ``make``, each distinct value once (ids, names,
    quotes and counts repeat down a column), for one batch of rows after another.
    ``many``, when given, renders a list of distinct values at once, as ``make`` would
    each (a column's text escaped in one pass)."""

    def __init__(
        self, make: Callable[[Any], Any], many: Callable[[list[Any]], list[Any]] | None = None
    ) -> None:
        self.make = make
        self.many = many
        self.once = _Once(make)

    def __call__(self, values: Iterable[Any]) -> Any:
        """``make(value)`` of every value, in order (a list; ``Coded`` on the same codes for
        a ``Coded`` column). A column of several types (``True`` is ``1`` to a dict) or of
        lists is made value by value."""
        if isinstance(values, Coded):  # each entry of its table made once
            return Coded(self(list(values.values)), values.codes)
        values = values if isinstance(values, list | tuple) else list(values)
        kinds = set(map(type, values))
        if (kinds <= _HASHED and len(kinds - {type(None)}) <= 1) or kinds == {tuple}:
            with suppress(TypeError):  # a tuple holding a list: made one by one below
                once = self.once
                if self.many is not None:
                    fresh = [value for value in dict.fromkeys(values) if value not in once]
                    once.update(zip(fresh, self.many(fresh), strict=True))
                made = list(map(once.__getitem__, values))
                if len(self.once) > len(values) // 2:
                    # mostly distinct (quotes, ids): keep no more than a batch's, whose
                    # repeats are the edges of one statement, side by side
                    self.once.clear()
                return made
        return [self.make(value) for value in values]


def encoded(texts: list[str], before: str, after: str) -> list[bytes]:
    """Each text between ``before`` and ``after``, in UTF-8: joined, encoded and split
    again at NUL (which no escaped text holds), not encoded one by one."""
    if not texts:
        return []
    every = before + (after + "\x00" + before).join(texts) + after
    return every.encode("utf-8").split(b"\x00")


def lines_of(full: list[bool], texts: list[str], before: str, after: str) -> list[bytes]:
    """A column's lines: ``before``, the next of ``texts`` and ``after`` (``encoded``) for
    each value that is ``full``, b"" for each that is not."""
    lines = encoded(texts, before, after)
    if len(lines) == len(full):
        return lines
    made = iter(lines)
    return [next(made) if f else b"" for f in full]


def cells(values: Iterable[Any], make: Callable[[Any], Any]) -> Any:
    """``make(value)`` of every value, in order, made once per distinct value."""
    return Cells(make)(values)


#: Rows rendered at a time: the text of a batch is written out before the next is made.
BATCH = 50_000


def joined(parts: Sequence[Sequence[bytes] | range | bytes], between: bytes = b"") -> bytes:
    """Rows made of ``parts`` (each a list, one fragment per row, a ``range`` of numbers
    written in decimal, or bytes, the same in every row; at least one not bytes) as one
    text: row after row (``between`` between two), each row its parts in order. The
    constants are written into one ``%``-template and each row is formatted from it in C:
    one call per row instead of a fragment per part to join."""
    template = b""
    lists: list[Sequence[Any]] = []
    for part in _coded_runs(parts):
        if isinstance(part, bytes):
            template += part.replace(b"%", b"%%")
        elif isinstance(part, range):  # numbered rows: no bytes made per number
            template += b"%d"
            lists.append(part)
        else:
            template += b"%s"
            lists.append(part.tolist() if isinstance(part, Coded) else part)
    return between.join(map(template.__mod__, zip(*lists, strict=False)))


def _coded_runs(
    parts: Sequence[Sequence[bytes] | range | bytes],
) -> list[Sequence[bytes] | range | bytes]:
    """``parts`` with each run of ``Coded`` parts on the same codes (and the constants
    between them) made one part, joined entry by entry of their tables: fewer fields per
    row (a tie's label, weight and counts are one part)."""
    runs: list[Sequence[bytes] | range | bytes] = []
    for part in parts:
        if isinstance(part, Coded):
            last = len(runs) - 1
            while last >= 0 and isinstance(runs[last], bytes):
                last -= 1
            before = runs[last] if last >= 0 else None
            if isinstance(before, Coded) and before.on_codes_of(part):
                glue = b"".join(runs[last + 1 :])  # type: ignore[arg-type]
                runs[last] = Coded(
                    [a + glue + b for a, b in zip(before.values, part.values, strict=False)],
                    before.codes,
                )
                del runs[last + 1 :]
                continue
        runs.append(part)
    return runs


def wrapped(lines: list[list[bytes]], start: bytes, end: bytes) -> list[list[bytes] | bytes]:
    """The parts of each row's ``lines`` (one list per attribute, b"" where a row has no
    value) between ``start`` and ``end``; a row with no line at all gets neither."""
    if not lines:
        return []
    if any(b"" not in values for values in lines):  # every row has a line of this one
        return [start, *lines, end]
    inner = map(b"".join, zip(*lines, strict=True))
    return [[start + x + end if x else b"" for x in inner]]


def batches(count: int, size: int | None = None) -> Iterable[slice]:
    """The slices of ``count`` rows, ``size`` (``BATCH`` when None) at a time."""
    size = size or BATCH
    return (slice(start, min(start + size, count)) for start in range(0, count, size))


def is_empty(value: Any) -> bool:
    """What Gephi's formats leave out: None, empty text, empty lists and mappings."""
    return value is None or value == "" or (isinstance(value, list | tuple | dict) and not value)


def declared(blocks: Iterable[NodeRows | EdgeRows], leave: Iterable[str] = ()) -> dict[str, Any]:
    """Each attribute name of ``blocks`` (but ``leave``), in the order first met, with its
    first value that is not empty (made flat by ``gephi_value``): what sets its type.
    Names with no such value are not declared."""
    left = set(leave)
    found: dict[str, Any] = {}
    for block in blocks:
        for name, values in block.columns.items():
            if name in found or name in left:
                continue
            for value in values:
                if not is_empty(value):
                    found[name] = gephi_value(value)
                    break
    return found


# --- what an export asks for -------------------------------------------------------------


def requested(ds: Dataset, request: ExportRequest) -> FlatGraph:
    """The stance graph (every statement) or the alignment graph as of ``request.as_of``,
    on ``request.target`` and its parts when one is named (resolved as the questions do),
    as a ``FlatGraph`` made from the dataset's tables; the alignment graph's ties carry
    their evidence only when ``request.evidence`` (counts alone are linear in ties; the
    evidence is one entry per pair per shared target)."""
    from positions.questions.graphs import stance_rows

    if request.graph not in GRAPH_KINDS:
        raise ExportError(f"no graph '{request.graph}': use stances or alignment")
    request = request.resolved(ds)
    scope = ds.scope(request.target) if request.target is not None else None
    if request.graph == "stances":
        rows = stance_rows(ds)
        return flat(rows if scope is None else on_scope(rows, scope))
    return flat(
        alignment_rows(ds, request.as_of, scope, request.evidence, request.include_collective)
    )


def on_scope(rows: GraphRows, scope: Sequence[str]) -> GraphRows:
    """The stance rows with only the stances on ``scope`` (a target and its parts), the
    targets of that scope and the actors who spoke to them (and the edges among those)."""
    wanted = set(scope)
    edges: list[EdgeRows] = []
    speakers: set[str] = set()
    for block in rows.edges:
        relation = column(block, "relation")
        keep = [r != "stance" or v in wanted for r, v in zip(relation, block.targets, strict=True)]
        speakers.update(
            u for r, u, k in zip(relation, block.sources, keep, strict=True) if k and r == "stance"
        )
        edges.append(kept_edges(block, keep))
    nodes = [
        kept_nodes(block, [n in wanted or n in speakers for n in block.ids]) for block in rows.nodes
    ]
    kept = {n for block in nodes for n in block.ids}
    edges = [
        kept_edges(
            block,
            [u in kept and v in kept for u, v in zip(block.sources, block.targets, strict=True)],
        )
        for block in edges
    ]
    return GraphRows(rows.directed, rows.multigraph, rows.attributes, nodes, edges)


def _chosen(values: Sequence[Any], keep: Sequence[bool]) -> list[Any]:
    return [value for value, k in zip(values, keep, strict=True) if k]


def kept_nodes(block: NodeRows, keep: Sequence[bool]) -> NodeRows:
    """The nodes of ``block`` whose ``keep`` is true."""
    return NodeRows(
        _chosen(block.ids, keep), {n: _chosen(v, keep) for n, v in block.columns.items()}
    )


def stance_edges(rows: GraphRows) -> EdgeRows:
    """The stance edges of stance rows (``questions.graphs.stance_rows``): its last block."""
    return rows.edges[-1]


def kept_edges(block: EdgeRows, keep: Sequence[bool]) -> EdgeRows:
    """The edges of ``block`` whose ``keep`` is true."""
    return EdgeRows(
        _chosen(block.sources, keep),
        _chosen(block.targets, keep),
        _chosen(block.keys, keep),
        {n: _chosen(v, keep) for n, v in block.columns.items()},
    )


def alignment_rows(
    ds: Dataset,
    as_of: PartialDate | None,
    scope: Sequence[str] | None,
    evidence: bool = False,
    include_collective: bool = False,
) -> GraphRows:
    """The alignment graph (``questions.graphs.alignment_graph``) as rows, its nodes
    marked with their camp (``camp``: its number, 0 for none; ``camp_label``: its name),
    the camps every other output shows. Without ``evidence`` the ties come from the
    counts as arrays (``pair_counts``: no Python object per tie until they are written)."""
    from positions.questions.alignment import without_collectives
    from positions.questions.camps import camps_from_sides, signed_network
    from positions.questions.graphs import alignment_graph
    from positions.questions.positions import latest_sides

    sides = latest_sides(ds, as_of, scope)
    if not include_collective:
        sides = without_collectives(ds, sides)
    network = signed_network(sides, ds, include_collective=True)  # the ties and the camps'
    if evidence:
        graph = alignment_graph(
            ds, as_of, scope, evidence=True, include_collective=include_collective
        )
        rows = of_graph(graph).rows
    else:
        rows = _count_rows(ds, as_of, network, include_collective)
    found = camps_from_sides(
        ds,
        sides,
        as_of,
        runs=0,
        include_collective=include_collective,
        evidence=False,
        network=network,
    )
    camp_of = {m: c for c in found for m in c.members}
    nodes = []
    for block in rows.nodes:
        camps = [camp_of.get(n) for n in block.ids]
        columns = dict(block.columns)
        columns["camp"] = [c.number if c else 0 for c in camps]
        columns["camp_label"] = [c.label if c else "" for c in camps]
        nodes.append(NodeRows(block.ids, columns))
    return GraphRows(rows.directed, rows.multigraph, rows.attributes, nodes, rows.edges)


def _count_rows(
    ds: Dataset,
    as_of: PartialDate | None,
    network: SignedNetwork,
    include_collective: bool,
) -> GraphRows:
    from positions.model import StakeholderKind

    actors, rows, cols = network.actors, network.rows, network.cols
    agree, disagree = network.agree, network.disagree
    people = [
        s
        for s in ds.stakeholders.values()
        if include_collective or s.kind is not StakeholderKind.COLLECTIVE
    ]
    nodes = NodeRows(
        [s.id for s in people],
        {"label": [s.name for s in people], "kind": [s.kind.value for s in people]},
    )
    names = list(actors)
    agreed, disagreed, pair = coded_pairs(agree, disagree)  # the few distinct counts
    ties = EdgeRows(
        Coded(names, rows),
        Coded(names, cols),
        [None] * len(rows),
        {
            "agree": Coded(agreed.tolist(), pair),
            "disagree": Coded(disagreed.tolist(), pair),
            "weight": Coded((agreed - disagreed).tolist(), pair),
        },
    )
    when = as_of or ds.as_of
    return GraphRows(False, False, {"as_of": str(when) if when else None}, [nodes], [ties])


def graph_output(
    ds: Dataset,
    request: ExportRequest,
    format_name: str,
    chunks: Callable[[FlatGraph], Iterable[bytes]],
) -> list[OutputFile]:
    """The requested graph as one file streamed from ``chunks`` (a graph format's
    ``outputs``).

    The collector is paused while the graph is made and while its chunks are: the rows and
    the text are columns of new objects, none in a cycle, whose making otherwise sets off
    full collections of the whole dataset (two of 0.4-0.5 s each at 10^5 statements, dense
    shape)."""
    with gcpause.paused():
        graph = requested(ds, request)
    what = (
        f"{request.graph} graph as {format_name} ({graph.node_count} nodes, "
        f"{graph.edge_count} edges)"
    )
    return [OutputFile.streamed(request.path, paused_chunks(chunks, graph), what)]


def paused_chunks(
    make: Callable[..., Iterable[bytes]], *args: Any
) -> Callable[[], Iterator[bytes]]:
    """What makes ``make(*args)``'s chunks anew at each call, the collector paused while
    they are made (``gcpause.paused``, through to the last chunk or a failure)."""

    def chunks() -> Iterator[bytes]:
        with gcpause.paused():
            yield from make(*args)

    return chunks
