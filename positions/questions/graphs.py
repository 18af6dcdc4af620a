"""Dataset -> graphs: the stance graph and the actor alignment graph.

``stance_rows`` holds the stance graph as flat rows made straight from the dataset's
tables (nodes and edges of one kind as columns); ``stance_graph`` is those rows as a
networkx graph, and the graph formats (``positions.export``) write the same rows
without one, so both always hold the same nodes, edges, keys and attributes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import networkx as nx

from positions.data.dataset import Dataset
from positions.model import Stance
from positions.questions import alignment as cooccurrence
from positions.questions.positions import SIDES
from positions.questions.resolve import DateLike, as_of_date, resolve_target

__all__ = [
    "SIDES",
    "EdgeRows",
    "GraphRows",
    "NodeRows",
    "StatementRows",
    "alignment_graph",
    "stance_graph",
    "stance_rows",
    "statement_rows",
]


@dataclass(frozen=True)
class NodeRows:
    """Nodes of one kind: their ids and each attribute's values, in the nodes' order
    (every node of the kind has every attribute; None where it is unknown)."""

    ids: Sequence[str]
    columns: dict[str, Sequence[Any]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)

    def dicts(self) -> list[dict[str, Any]]:
        """Each node's attributes as a dict (what networkx holds for it)."""
        return row_dicts(self.columns, len(self.ids))


@dataclass(frozen=True)
class EdgeRows:
    """Edges of one kind: their ends, their keys (None in a simple graph) and each
    attribute's values, in the edges' order."""

    sources: Sequence[str]
    targets: Sequence[str]
    keys: Sequence[Any]
    columns: dict[str, Sequence[Any]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.sources)

    def dicts(self) -> list[dict[str, Any]]:
        """Each edge's attributes as a dict (what networkx holds for it)."""
        return row_dicts(self.columns, len(self.sources))


@dataclass(frozen=True)
class GraphRows:
    """A graph as flat rows: its own attributes, its nodes and edges kind by kind, in order."""

    directed: bool
    multigraph: bool
    attributes: dict[str, Any]
    nodes: list[NodeRows]
    edges: list[EdgeRows]

    def to_networkx(self) -> Any:
        """The rows as a networkx graph (MultiDiGraph, or Graph when not a multigraph)."""
        kinds = {
            (True, True): nx.MultiDiGraph,
            (False, True): nx.MultiGraph,
            (True, False): nx.DiGraph,
            (False, False): nx.Graph,
        }
        graph: Any = kinds[(self.directed, self.multigraph)]()
        graph.graph.update(self.attributes)
        for block in self.nodes:
            graph.add_nodes_from(zip(block.ids, block.dicts(), strict=True))
        for edges in self.edges:
            if self.multigraph:
                graph.add_edges_from(
                    zip(edges.sources, edges.targets, edges.keys, edges.dicts(), strict=True)
                )
            else:
                graph.add_edges_from(zip(edges.sources, edges.targets, edges.dicts(), strict=True))
        return graph


def row_dicts(columns: Mapping[str, Sequence[Any]], count: int) -> list[dict[str, Any]]:
    """Columns (name -> values) as one dict per row."""
    if not columns:
        return [{} for _ in range(count)]
    names = list(columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]


#: The attributes of a stance edge, in order (see ``stance_graph``).
STANCE_ATTRIBUTES = (
    "relation",
    "statement",
    "stance",
    "condition",
    "date",
    "date_from_source",
    "quote",
    "paraphrase",
    "text",
    "is_paraphrase",
    "speaker",
    "speaker_name",
    "source",
    "source_title",
    "source_url",
)
#: Those a statement gives every one of its edges (the first four are the edge's own).
PER_STATEMENT_ATTRIBUTES = STANCE_ATTRIBUTES[4:]


def stance_rows(ds: Dataset) -> GraphRows:
    """The stance graph (``stance_graph``) as flat rows, read once from the dataset: the
    stakeholders, the targets, the memberships, the parts and the stances (one edge per
    statement and target, in file order)."""
    stakeholders = list(ds.stakeholders.values())
    targets = list(ds.targets.values())
    nodes = [
        NodeRows(
            [s.id for s in stakeholders],
            {
                "node_type": ["stakeholder"] * len(stakeholders),
                "label": [s.name for s in stakeholders],
                "kind": [s.kind.value for s in stakeholders],
                "aliases": [list(s.aliases) for s in stakeholders],
                "country": [s.country for s in stakeholders],
                "url": [s.url for s in stakeholders],
            },
        ),
        NodeRows(
            [t.id for t in targets],
            {
                "node_type": ["target"] * len(targets),
                "label": [t.title for t in targets],
                "kind": [t.kind.value for t in targets],
                "name": [t.name for t in targets],
                "target_label": [t.label for t in targets],
                "aliases": [list(t.aliases) for t in targets],
                "part_of": [t.part_of for t in targets],
                "numbering": [dict(t.numbering) for t in targets],
            },
        ),
    ]
    edges = _record_edges(ds)
    edges.append(_stance_edges(ds, statement_rows(ds, edges)))
    return GraphRows(True, True, {"as_of": str(ds.as_of) if ds.as_of else None}, nodes, edges)


def _record_edges(ds: Dataset) -> list[EdgeRows]:
    """The memberships (member -> group) and the parts (part -> whole)."""
    members = [(s.id, m) for s in ds.stakeholders.values() for m in s.member_of]
    parts = [t for t in ds.targets.values() if t.part_of]
    return [
        EdgeRows(
            [s for s, _ in members],
            [m.id for _, m in members],
            [f"member_of:{m.id}" for _, m in members],
            {"relation": ["member_of"] * len(members), "role": [m.role for _, m in members]},
        ),
        EdgeRows(
            [t.id for t in parts],
            [t.part_of or "" for t in parts],
            ["part_of"] * len(parts),
            {"relation": ["part_of"] * len(parts)},
        ),
    ]


@dataclass(frozen=True)
class StatementRows:
    """Every statement's own values as columns, one value per statement in file order
    (``ids``, ``actors``, ``dates`` as written, ``from_source``: whether the date is its
    source's, ``quotes``, ``paraphrases``, ``texts``, ``paraphrased``, ``speakers``,
    ``sources``), and every stance as columns, one value per stance (``stance_actors``,
    ``stance_targets``, ``keys``: the stance graph's edge keys, ``stances``,
    ``conditions``, ``of``: the number of its statement)."""

    ids: Sequence[str]
    actors: Sequence[str]
    dates: Sequence[str | None]
    from_source: Sequence[bool]
    quotes: Sequence[str | None]
    paraphrases: Sequence[str | None]
    texts: Sequence[str]
    paraphrased: Sequence[bool]
    speakers: Sequence[str | None]
    sources: Sequence[str]
    stance_actors: Sequence[str]
    stance_targets: Sequence[str]
    keys: Sequence[str]
    stances: Sequence[str]
    conditions: Sequence[str | None]
    of: Sequence[int]


def statement_rows(ds: Dataset, record_edges: list[EdgeRows] | None = None) -> StatementRows:
    """The statements and their stances as plain columns (``StatementRows``), read once
    from the dataset and kept beside the cache entry (``Dataset.derived``): an export from
    the cache builds no statement when they are there. ``record_edges``: the stance graph's
    memberships and parts, when the caller has them (a key repeated on one pair is
    numbered after the edges already between it)."""
    edges = _record_edges(ds) if record_edges is None else record_edges
    stored = ds.derived("stance-rows", lambda: _stance_columns(ds, _pairs(edges)))
    ids, actors, dates, from_sources, quotes, paraphrases, others, flags = stored[:8]
    speakers, sources, stance_actors, stance_targets, *per_stance = stored[8:]
    texts = [q if o is None else o for q, o in zip(quotes, others, strict=True)]
    shared = _record_ids(ds)
    return StatementRows(
        ids,
        shared(actors),
        dates,
        from_sources,
        quotes,
        paraphrases,
        texts,
        flags,
        shared(speakers),
        shared(sources),
        shared(stance_actors),
        shared(stance_targets),
        *per_stance,
    )


def _record_ids(ds: Dataset) -> Callable[[Sequence[Any]], list[Any]]:
    """What turns a column of record ids into the same ids as the dataset's own objects.

    A column read back from the cache holds a new text object for every row; with one
    object per id, each later pass over the column (the exports' cells, lookups and
    joins: several per column) reads a few thousand objects instead of one per row."""
    tables = (ds.stakeholders, ds.targets, ds.sources)
    canonical: dict[Any, Any] = {key: key for table in tables for key in table}
    own = canonical.setdefault

    def shared(column: Sequence[Any]) -> list[Any]:
        return list(map(own, column, column))

    return shared


def _pairs(edges: list[EdgeRows]) -> Counter[tuple[str, str]]:
    """How many edges there are between each pair."""
    return Counter(
        pair for block in edges for pair in zip(block.sources, block.targets, strict=True)
    )


def _stance_edges(ds: Dataset, rows: StatementRows) -> EdgeRows:
    """One edge per statement and target; the statement's own columns are spread over
    its edges."""
    # what follows from the stored columns and the records is not stored
    speakers, source_ids = rows.speakers, rows.sources
    names = {s: ds.name_of(s) for s in dict.fromkeys(speakers) if s}
    found = {s: ds.sources.get(s) for s in dict.fromkeys(source_ids)}
    titles = {s: r.title if r else None for s, r in found.items()}
    urls = {s: r.url if r else None for s, r in found.items()}
    per_statement = {
        "statement": rows.ids,
        "date": rows.dates,
        "date_from_source": rows.from_source,
        "quote": rows.quotes,
        "paraphrase": rows.paraphrases,
        "text": rows.texts,
        "is_paraphrase": rows.paraphrased,
        "speaker": speakers,
        "speaker_name": [names[s] if s else None for s in speakers],
        "source": source_ids,
        "source_title": list(map(titles.__getitem__, source_ids)),
        "source_url": list(map(urls.__getitem__, source_ids)),
    }
    of = rows.of
    spread = itemgetter(*of) if len(of) > 1 else (lambda column: tuple(column[i] for i in of))
    columns: dict[str, Sequence[Any]] = {
        "relation": ["stance"] * len(of),
        "statement": spread(rows.ids),
        "stance": rows.stances,
        "condition": rows.conditions,
    }
    for name in PER_STATEMENT_ATTRIBUTES:
        columns[name] = spread(per_statement[name])
    return EdgeRows(rows.stance_actors, rows.stance_targets, rows.keys, columns)


def _stance_columns(ds: Dataset, before: Counter[tuple[str, str]]) -> tuple[list[Any], ...]:
    """``StatementRows``' columns as plain data: the statements' own (id, actor, date as
    written, whether it is its source's, quote, paraphrase, text where it is not the quote,
    is_paraphrase, speaker, source: one value per statement), then the stances' (actor,
    target, key, stance, condition and the number of its statement). ``before`` counts the
    edges already between each pair (a key repeated on one pair is numbered after them)."""
    stance_value = {stance: stance.value for stance in Stance}  # an enum's .value is slow
    ids: list[str] = []
    by: list[str] = []
    dates: list[str | None] = []
    from_sources: list[bool] = []
    quotes: list[str | None] = []
    paraphrases: list[str | None] = []
    others: list[str | None] = []  # the text, where it is not the quote (stored once)
    flags: list[bool] = []
    speakers: list[str | None] = []
    source_ids: list[str] = []
    actors: list[str] = []
    ends: list[str] = []
    keys: list[str] = []
    stances: list[str] = []
    conditions: list[str | None] = []
    of: list[int] = []  # each edge's statement, by number
    taken: dict[tuple[str, str], set[str]] = {}  # the keys of each actor-target pair
    date_of = ds.date_of
    for number, statement in enumerate(ds.statements.values()):
        date, from_source = date_of(statement)
        ids.append(statement.id)
        by.append(statement.actor)
        dates.append(str(date) if date else None)
        from_sources.append(from_source)
        quotes.append(statement.quote)
        paraphrases.append(statement.paraphrase)
        text = statement.text
        others.append(None if text == statement.quote else text)
        flags.append(statement.is_paraphrase)
        speakers.append(statement.speaker)
        source_ids.append(statement.source)
        actor = statement.actor
        for entry in statement.stances:
            pair = (actor, entry.target)
            used = taken.setdefault(pair, set())
            key = statement.id
            if key in used:
                # the same statement lists the same target twice: keep both, told apart
                # (numbered by the edges between them, memberships included, as before)
                key = f"{statement.id}#{len(used) + before.get(pair, 0)}"
            used.add(key)
            actors.append(actor)
            ends.append(entry.target)
            keys.append(key)
            stances.append(stance_value[entry.stance])
            conditions.append(entry.condition)
            of.append(number)
    statements = (
        ids,
        by,
        dates,
        from_sources,
        quotes,
        paraphrases,
        others,
        flags,
        speakers,
        source_ids,
    )
    return (*statements, actors, ends, keys, stances, conditions, of)


def stance_graph(ds: Dataset) -> nx.MultiDiGraph:
    """Stakeholders and targets as nodes; one edge per stance, keyed by statement id.

    Nodes carry ``node_type`` ("stakeholder" or "target"), ``label`` (the readable name) and
    their record's attributes. Stance edges (actor -> target, or actor -> actor) carry
    ``relation="stance"``, the statement id, stance, condition, date as written
    (``date_from_source``: the source's published date stands in), quote or paraphrase
    (``text`` is whichever is given, ``is_paraphrase`` says which), speaker and source.
    ``member_of`` edges (member -> group, with its role) and ``part_of`` edges
    (part -> whole) carry their relation. Dates are strings as written; absent values None.
    The graph is ``stance_rows(ds)`` as networkx holds it.

    >>> graph = stance_graph(ds)                                    # doctest: +SKIP
    >>> graph.edges["hrw", "uncc", "seed-hrw-global-surveillance"]["stance"]  # doctest: +SKIP
    'oppose'
    """
    graph: nx.MultiDiGraph = stance_rows(ds).to_networkx()
    return graph


def alignment_graph(
    ds: Dataset,
    as_of: DateLike = None,
    targets: Iterable[str] | None = None,
    *,
    evidence: bool = True,
    include_collective: bool = False,
) -> nx.Graph:
    """Stakeholders joined by how often they agree and disagree (DESIGN.md, Alignment).

    Each edge carries ``agree`` and ``disagree`` counts, ``weight`` = agree - disagree,
    and ``evidence``: one entry per shared target with both sides' stances and statements
    (left out with ``evidence=False``: what coalitions need, and far smaller).
    Only targets in ``targets`` (ids or names, resolved as the questions resolve them: an
    unknown one raises ``NameNotFound``) count when it is given; ``as_of`` is what the
    questions take (``BadDate`` otherwise). Collective actors are left out unless
    ``include_collective``. The counts and evidence come from
    ``positions.questions.alignment`` (a sparse matrix product when no evidence is asked for).

    >>> alignment_graph(ds, "2024", ["art. 35"])              # doctest: +SKIP
    """
    when = as_of_date(as_of)
    wanted = [resolve_target(ds, t) for t in targets] if targets is not None else None
    graph: nx.Graph = cooccurrence.alignment_graph(
        ds, when, wanted, evidence=evidence, include_collective=include_collective
    )
    return graph
