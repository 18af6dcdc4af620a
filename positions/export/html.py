"""The interactive map: one self-contained, offline HTML file that is safe to publish.

The page is our own template (``templates/map.html.j2``, autoescaped) around the
vis-network script and stylesheet that pyvis ships, read from the installed package and
inlined. The graph travels as JSON inside a ``<script type="application/json">`` element,
escaped so that no string in the data can close it; the page's script puts every string
into the DOM as text, never as markup. A Content-Security-Policy allows only the page's
own inline script and style (by hash) and forbids every fetch.

Layout is computed here, not by the browser's physics: the page draws at once and stays
still (a button re-runs physics on demand). Actors are grouped in clusters around the
target they speak to most (stance view) or their coalition (alliance view); small maps
are then relaxed with networkx's spring layout.

>>> import positions
>>> from positions.export.html import build_map, render_map, write_map
>>> page = build_map(positions.load("data"), view="alliances", target="uncc")
>>> render_map(page).startswith("<!DOCTYPE html>")
True
>>> write_map(page, "map.html")                                           # doctest: +SKIP
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from positions.data.dataset import Dataset
from positions.data.gcpause import paused
from positions.errors import ExportError
from positions.export.board import board_payload, default_board_target, stance_board
from positions.export.labels import date_label
from positions.export.outputs import ExportRequest, NothingToShow, OutputFile, write_outputs
from positions.export.palette import (
    CAMP_COLOURS,
    KIND_MARKS,
    NO_CAMP_COLOUR,
    PART_OF_COLOUR,
    TARGET_BORDER,
    TARGET_FILL,
    camp_colour,
    css_variables,
)
from positions.export.palette import (
    KIND_LABELS as KIND_LABELS,
)
from positions.export.palette import (
    KIND_SHAPES as KIND_SHAPES,
)
from positions.export.palette import (
    STANCE_STYLES as STANCE_STYLES,
)
from positions.export.palette import (
    TARGET_SHAPE as TARGET_SHAPE,
)
from positions.export.palette import (
    TIE_STYLES as TIE_STYLES,
)
from positions.export.scope import actors_by_activity
from positions.export.timepayload import timeline_payload
from positions.export.web import html_environment, safe_url, script_json, script_policy
from positions.model import PartialDate, Source, Statement
from positions.questions.alignment import (
    _evidence_item,
    align,
    counts_from_sides,
    without_collectives,
)
from positions.questions.camps import coalitions, import_camp_modules
from positions.questions.positions import Position, Side, counts_as_of, latest_sides, positions_of
from positions.questions.time import TimelineRun, WindowBy

#: Above this many actors a map stops being readable: the CLI narrows it unless told not to.
READABLE_ACTORS = 300
#: When the alliance view would hold more ties than this, each actor keeps its strongest
#: ``TIES_PER_ACTOR`` (the page says "N of M"): every drawn tie costs each filter change
#: (vis-network restyles and redraws them all), and at 5,000 actors five ties each were
#: 19,700 links and a filter change of 0.6-1.1 s; two each are about 8,000.
TIE_BUDGET = 6_000
TIES_PER_ACTOR = 2
#: Maps up to this many nodes are relaxed with networkx's spring layout (it is quadratic).
SPRING_MAX_NODES = 400
#: Distance between neighbouring nodes in a cluster, in vis-network's pixels.
SPACING = 70.0
#: The alliance view keeps its coalition clusters (no relaxing): room for the labels.
ALLIANCE_SPACING = 110.0
#: Dashed lines are slow to draw: above this many links in view the page draws them solid.
DASH_LIMIT = 3000
#: Table rows written as HTML; the rest travel as JSON and the page adds them after the map
#: is drawn (parsing a table of 15,000 rows would keep the map from answering for seconds).
TABLE_STATIC_ROWS = 2000
#: The table's rows come in groups of this many (one ``<tbody>`` each, HTML or added): the
#: browser lays out only the groups near the viewport (a 15,000-row table laid out whole took
#: one frame of 2-4 s, and a click landing in it waited as long).
TABLE_GROUP_ROWS = 250
#: The network view not drawn is built at idle this many nodes or links a task (about 25 ms
#: each at 5,000 actors; built at once it took one frame of 0.4 s that a click had to wait out).
BUILD_SLICE = 500
#: Labels longer than this are cut on the canvas (the panel shows the whole name).
LABEL_CHARS = 40

VIS_VERSION = "vis-9.1.2"

#: The colours and shapes live in ``palette`` (shared with ``positions map``); the old
#: names stay importable from here.
COALITION_COLORS = list(CAMP_COLOURS)
NO_COALITION_COLOR = NO_CAMP_COLOUR
#: The board's column headings, by stance.
BOARD_HEADINGS = {
    "support": "Support",
    "mixed": "Mixed",
    "neutral": "Neutral",
    "oppose": "Oppose",
}


class MapView(StrEnum):
    BOARD = "board"
    STANCES = "stances"
    ALLIANCES = "alliances"


#: The map's errors are the exporters' (the name it had before they shared one class).
HtmlError = ExportError


@dataclass(frozen=True, slots=True)
class TableRow:
    """One stance of one statement, as the plain table shows it."""

    actor: str
    target: str
    stance: str
    condition: str | None
    text: str
    is_paraphrase: bool
    speaker: str | None
    date: str | None
    source_title: str
    source_url: str | None


@dataclass
class HtmlMap:
    """Everything the page shows, ready to render."""

    title: str
    as_of: str | None
    view: MapView
    data: dict[str, Any]
    #: every stance of every statement shown, in file order (the page's table)
    rows: list[TableRow]
    #: actors with a statement in scope before ``top`` applied, and after
    actors_total: int
    actors_shown: int
    #: sentences for the reader about what the map leaves out
    notes: list[str] = field(default_factory=list)
    #: from ``dataset.yaml``: the caption under the title, the credit line, licence, address
    caption: str | None = None
    credit: str | None = None
    license: str | None = None
    dataset_url: str | None = None
    #: collective actors drawn in the alliance view and its camps
    include_collective: bool = False

    @property
    def counts(self) -> dict[str, int]:
        """Nodes and edges of each view, as the page reports them."""
        stances, alliances = self.data["stances"], self.data["alliances"]
        return {
            "stance_nodes": len(stances["nodes"]),
            "stance_edges": len(stances["edges"]) + len(stances["partOf"]),
            "alliance_nodes": len(alliances["nodes"]),
            "alliance_edges": len(alliances["edges"]),
        }


def default_title(ds: Dataset, target: str | None = None) -> str:
    """'Positions on <the target>'; else the title ``dataset.yaml`` gives, or 'Positions on'
    its ``main_target``, or on the dataset's main instrument."""
    if target is not None:
        return f"Positions on {ds.name_of(target)}"
    info = ds.info
    if info is not None and info.title:
        return info.title
    main = info.main_target if info is not None else None
    if main is not None and main in ds.targets:
        return f"Positions on {ds.name_of(main)}"
    for candidate in ds.targets.values():
        if candidate.kind.value == "instrument" and candidate.part_of is None:
            return f"Positions on {candidate.title}"
    return "Stakeholder positions"


def actors_in_scope(
    ds: Dataset, target: str | None = None, as_of: PartialDate | None = None
) -> int:
    """How many actors the map would show without ``top``."""
    return _narrow(ds, target, as_of, None)[1]


# the page is hundreds of thousands of small objects, none in a cycle: unpaused, the
# collector would rescan the loaded dataset each time they add up (1 s of the board alone
# at 10^5 statements, dense shape); the same for its JSON and markup
@paused()
def build_map(
    ds: Dataset,
    *,
    view: MapView | str = MapView.BOARD,
    target: str | None = None,
    as_of: PartialDate | None = None,
    title: str | None = None,
    top: int | None = None,
    include_collective: bool = False,
) -> HtmlMap:
    """The map of ``ds``: the stance board, stance and alliance views, statements, table.

    ``target`` (an id; ``positions.questions.resolve.resolve_target`` turns a name into one) keeps
    only stances on it and its parts, and is the board's target (default:
    ``board.default_board_target``); ``as_of`` drops statements dated after it; ``top``
    keeps the actors with the most statements (all when None or 0) on the network views,
    while the board lists every actor (it is the ``who`` answer). ``view`` is the one the
    page opens on (the board falls back to the stances when there is no target).
    Collective actors (named only as a whole) are left out of the alliance view and its
    camps unless ``include_collective`` (DESIGN.md, Alignment); the board and the stance
    view list them, marked.
    """
    if target is not None and target not in ds.targets and target not in ds.stakeholders:
        raise ExportError(f"no target with id '{target}'")
    # the time control's windows first: their camps are found in worker processes while
    # this one builds the views and the board (the same answer, whatever the order); the
    # alliance view finds camps too: their modules imported before the workers fork
    import_camp_modules()
    with TimelineRun(ds, by=WindowBy.YEAR, positions=False) as moving:
        narrowed, total = _narrow(ds, target, as_of, top or None)
        if not narrowed.statements:
            raise NothingToShow(
                "there is no statement to draw" + (" on that target" if target else "")
            )
        builder = _Builder(narrowed, as_of, include_collective)
        stances = builder.stance_view()
        alliances = builder.alliance_view()
        shown = len({s.actor for s in narrowed.statements.values()})
        notes = []
        if shown < total:
            notes.append(
                f"Showing the {shown} actors with the most statements, of {total}; the "
                "complete list is in the positions data."
            )
        if alliances["pruned"]:
            notes.append(
                f"The alliance view shows each actor's {TIES_PER_ACTOR} strongest ties: "
                f"{len(alliances['edges'])} of {alliances['pruned']}."
            )
        rows = builder.table_rows()
        board_target = target if target in ds.targets else default_board_target(ds)
        board = board_payload(ds, stance_board(ds, board_target, as_of)) if board_target else None
        if board is None and MapView(view) is MapView.BOARD:
            view = MapView.STANCES
        when = as_of or narrowed.as_of
        page_title = title or default_title(ds, target)
        as_of_text = str(when) if when else None
        data = {
            "title": page_title,
            "asOf": as_of_text,
            "view": MapView(view).value,
            "nodes": builder.nodes,
            "statements": builder.statements,
            "sources": builder.sources,
            "stances": stances,
            "alliances": alliances,
            "board": board,
            "timeline": timeline_payload(
                ds,
                board_target,
                as_of,
                alliances["edges"],
                actors=[n for n, node in builder.nodes.items() if node["type"] == "actor"],
                pairs=_board_pairs(board),
                run=moving,
            ),
            "styles": {
                "stance": STANCE_STYLES,
                "tie": TIE_STYLES,
                "shapes": KIND_MARKS,
                "coalitions": COALITION_COLORS,
                "noCoalition": NO_COALITION_COLOR,
                "target": {"fill": TARGET_FILL, "border": TARGET_BORDER},
                "partOf": PART_OF_COLOUR,
            },
            "kinds": KIND_LABELS,
            "notes": notes,
            "dashLimit": DASH_LIMIT,
            # rows past TABLE_STATIC_ROWS: [actor, target, stance, condition, statement index]
            "moreRows": builder.row_keys[TABLE_STATIC_ROWS:],
            "tableGroupRows": TABLE_GROUP_ROWS,
            "buildSlice": BUILD_SLICE,
        }
    info = ds.info
    return HtmlMap(
        caption=info.description if info else None,
        credit=info.credit if info else None,
        license=info.license if info else None,
        dataset_url=safe_url(info.url) if info else None,
        include_collective=include_collective,
        title=page_title,
        as_of=as_of_text,
        view=MapView(view),
        data=data,
        rows=rows,
        actors_total=total,
        actors_shown=shown,
        notes=notes,
    )


@paused()  # as build_map
def render_map(page: HtmlMap) -> str:
    """The page as one HTML document (UTF-8 text), every script and style inlined."""
    from markupsafe import Markup

    vis_js = _vis_asset("vis-network.min.js")
    vis_css = _vis_asset("vis-network.css")
    app_js = _own_asset("timeline.js") + _own_asset("map.js")  # the time control first
    app_css = css_variables() + _own_asset("map.css")
    for name, text in (("vis-network.min.js", vis_js), ("map.js", app_js)):
        if re.search(r"</script|<!--", text, re.IGNORECASE):
            raise ExportError(f"{name} cannot be inlined: it contains '</script' or '<!--'")
    for name, text in (("vis-network.css", vis_css), ("map.css", app_css)):
        if re.search(r"</style", text, re.IGNORECASE):
            raise ExportError(f"{name} cannot be inlined: it contains '</style'")
    csp = script_policy([vis_js, app_js], [vis_css, app_css])
    template = html_environment().get_template("map.html.j2")
    board_kinds = _board_kinds(page.data["board"])
    # each chip's mark drawn once per kind, not once per chip (thousands of chips)
    shape = html_environment().get_template("_marks.html.j2").module.shape
    chip_marks = {
        kind: shape(KIND_MARKS.get(kind, "dot"), "#ffffff", "#333333") for kind in board_kinds
    }
    kinds = sorted({n["kind"] for n in page.data["nodes"].values() if n["type"] == "actor"})
    document: str = template.render(
        page=page,
        csp=csp,
        counts=page.counts,
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        app_js=Markup(app_js),
        app_css=Markup(app_css),
        data_json=Markup(script_json(page.data)),
        stance_styles=STANCE_STYLES,
        tie_styles=TIE_STYLES,
        kind_labels=KIND_LABELS,
        kind_marks=KIND_MARKS,
        kinds=kinds,
        coalitions=page.data["alliances"]["coalitions"],
        coalition_colors=COALITION_COLORS,
        no_coalition_color=NO_COALITION_COLOR,
        dash_limit=DASH_LIMIT,
        static_rows=page.rows[:TABLE_STATIC_ROWS],
        group_rows=TABLE_GROUP_ROWS,
        board=page.data["board"],
        board_headings=BOARD_HEADINGS,
        board_kinds=board_kinds,
        chip_marks=chip_marks,
        target_name=page.data["board"]["targetName"] if page.data["board"] else None,
        include_collective=page.include_collective,
    )
    return document


def write_map(page: HtmlMap, path: str | os.PathLike[str]) -> Path:
    """Render ``page`` and write it to ``path`` atomically; returns the absolute path."""
    target = Path(path).absolute()
    write_outputs([OutputFile(str(target), render_map(page).encode("utf-8"), "interactive map")])
    return target


#: The iframe's height before the page reports its own (``positions:height`` messages).
EMBED_HEIGHT = 760


def embed_snippet(src: str, title: str) -> str:
    """HTML to paste into an article: an iframe of the page at ``src`` (its published
    address) and a small script that sets the iframe's height to the one the page posts
    (``{"type": "positions:height", "height": pixels}``), so it never scrolls inside."""
    from markupsafe import escape

    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", src)
    if scheme and (scheme.group(1).lower() not in ("http", "https") or safe_url(src) is None):
        raise ExportError(
            f"the embed address must be an http(s) address or a relative path, not '{src}'"
        )
    return (
        f'<iframe class="positions-map" src="{escape(src)}" title="{escape(title)}" '
        f'width="100%" height="{EMBED_HEIGHT}" style="border:0;width:100%" loading="lazy">'
        "</iframe>\n"
        '<script>window.addEventListener("message",function(e){'
        'if(!e.data||e.data.type!=="positions:height")return;'
        'document.querySelectorAll("iframe.positions-map").forEach(function(f){'
        'if(f.contentWindow===e.source)f.style.height=Math.ceil(e.data.height)+"px";});});'
        "</script>\n"
    )


def _board_kinds(board: dict[str, Any] | None) -> list[str]:
    """The kinds of actor on the board, in the order of ``KIND_LABELS`` (its legend)."""
    if board is None:
        return []
    present = {chip["kind"] for column in board["columns"] for chip in column["chips"]}
    present.update(chip["kind"] for chip in board["parts"])
    return [kind for kind in KIND_LABELS if kind in present] + sorted(present - set(KIND_LABELS))


def _board_pairs(board: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The (actor, target) of every chip on the board: what its time control steps."""
    if board is None:
        return []
    pairs = [(chip["actor"], board["target"]) for c in board["columns"] for chip in c["chips"]]
    return pairs + [(chip["actor"], chip["via"]) for chip in board["parts"]]


def _vis_asset(name: str) -> str:
    """A vis-network file as pyvis ships it (read from the installed package)."""
    # found, not imported: pyvis imports IPython and its own templates (0.1-0.2 s)
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ExportError("pyvis is not installed: the map inlines its vis-network files")
    package = Path(next(iter(spec.submodule_search_locations)))
    return (package / "lib" / VIS_VERSION / name).read_text(encoding="utf-8")


def _own_asset(name: str) -> str:
    return resources.files("positions.export").joinpath("assets", name).read_text("utf-8")


def _narrow(
    ds: Dataset, target: str | None, as_of: PartialDate | None, top: int | None
) -> tuple[Dataset, int]:
    """The dataset cut to ``target`` (with its parts), ``as_of`` and the ``top`` actors.

    Returns it with the number of actors in scope before ``top`` applied.
    """
    scope = {target, *ds.parts_of(target)} if target is not None else None
    # who is in scope and how much each said, from the statement index: only the kept
    # actors' statements are built (at 10^6 statements, 50 actors' instead of every one)
    ranked = actors_by_activity(ds, target, as_of)
    total = len(ranked)
    chosen: Iterable[Statement]
    if top is not None and total > top:  # not ds.statements: it builds every statement
        index = ds.statement_index()
        chosen = index.fetch(sorted(n for actor in ranked[:top] for n in index.by_actor[actor]))
    else:
        chosen = ds.statements.values()
    statements: dict[str, Statement] = {}
    for statement in chosen:
        if not counts_as_of(ds.date_of(statement)[0], as_of):
            continue
        if scope is not None:
            kept = [entry for entry in statement.stances if entry.target in scope]
            if not kept:
                continue
            if len(kept) != len(statement.stances):
                statement = statement.model_copy(update={"stances": kept})
        statements[statement.id] = statement
    narrowed = Dataset(
        root=ds.root,
        stakeholders=ds.stakeholders,
        targets=ds.targets,
        sources=ds.sources,
        statements=statements,
    )
    return narrowed, total


class _Builder:
    """Turns a (narrowed) dataset into the page's JSON: nodes, statements, both views."""

    def __init__(self, ds: Dataset, as_of: PartialDate | None, include_collective: bool) -> None:
        self.ds = ds
        self.as_of = as_of
        self.include_collective = include_collective
        self.positions: dict[tuple[str, str], Position] = positions_of(ds, as_of)
        self.nodes: dict[str, dict[str, Any]] = {}
        self.statements: list[dict[str, Any]] = []
        self.sources: list[dict[str, Any]] = []
        self._statement_index: dict[str, int] = {}
        self._source_index: dict[str, int] = {}
        self.said = Counter(statement.actor for statement in ds.statements.values())
        self.about: Counter[str] = Counter()
        for statement in ds.statements.values():
            for entry in statement.stances:
                self.about[entry.target] += 1

    # -- records the page shows ------------------------------------------------------------

    def node(self, record_id: str) -> str:
        if record_id in self.nodes:
            return record_id
        ds = self.ds
        if record_id in ds.stakeholders:
            stakeholder = ds.stakeholders[record_id]
            self.nodes[record_id] = {
                "type": "actor",
                "label": stakeholder.name,
                "short": _short(stakeholder.name),
                "kind": stakeholder.kind.value,
                "aliases": list(stakeholder.aliases),
                "said": self.said[record_id],
                "about": self.about[record_id],
                "url": safe_url(stakeholder.url),
            }
        else:
            target = ds.targets[record_id]
            self.nodes[record_id] = {
                "type": "target",
                "label": target.title,
                "short": _short(target.label or target.title),
                "kind": target.kind.value,
                "aliases": [a for a in [target.name, target.label, *target.aliases] if a],
                "said": 0,
                "about": self.about[record_id],
                "partOf": target.part_of,
            }
        return record_id

    def statement(self, statement: Statement) -> int:
        index = self._statement_index.get(statement.id)
        if index is not None:
            return index
        index = len(self.statements)
        self._statement_index[statement.id] = index
        speaker = statement.speaker
        when = self.ds.date_of(statement)[0]
        self.statements.append(
            {
                "id": statement.id,
                "actor": statement.actor,
                "speaker": self.ds.name_of(speaker) if speaker else None,
                "date": date_label(self.ds, statement),
                "start": when.start.isoformat() if when else None,
                "text": statement.text,
                "paraphrase": statement.is_paraphrase,
                "source": self.source(statement.source),
            }
        )
        return index

    def source(self, source_id: str) -> int:
        index = self._source_index.get(source_id)
        if index is not None:
            return index
        record: Source | None = self.ds.sources.get(source_id)
        index = len(self.sources)
        self._source_index[source_id] = index
        self.sources.append(
            {
                "title": record.title if record else source_id,
                "publisher": record.publisher if record else None,
                "published": str(record.published) if record and record.published else None,
                "url": safe_url(record.url) if record else None,
            }
        )
        return index

    # -- views -----------------------------------------------------------------------------

    def stance_view(self) -> dict[str, Any]:
        ds = self.ds
        order = {actor: i for i, actor in enumerate([*ds.stakeholders, *ds.targets])}
        keys = sorted(self.positions, key=lambda k: (order.get(k[0], 0), order.get(k[1], 0)))
        edges = []
        for number, key in enumerate(keys):
            position = self.positions[key]
            actor, target = self.node(key[0]), self.node(key[1])
            edges.append(
                {
                    "id": f"s{number}",
                    "from": actor,
                    "to": target,
                    "stance": position.stance.value,
                    "records": [
                        [self.statement(r.statement), r.stance.value, r.condition]
                        for r in position.history
                    ],
                }
            )
        part_of = [
            [child, node["partOf"]]
            for child, node in self.nodes.items()
            if node["type"] == "target" and node.get("partOf") in self.nodes
        ]
        graph = nx.Graph()
        graph.add_nodes_from(self.nodes)
        graph.add_edges_from((e["from"], e["to"]) for e in edges)
        graph.add_edges_from(part_of)
        layout = _stance_layout(graph, self.nodes, edges)
        return {
            "nodes": [[node, *layout[node]] for node in self.nodes],
            "edges": edges,
            "partOf": part_of,
        }

    def alliance_view(self) -> dict[str, Any]:
        collective = self.include_collective
        # the counts of every pair first (a matrix product); the shared targets behind a tie
        # only for the ties drawn: at 5,000 actors 20,000 of 900,000
        sides = latest_sides(self.ds, self.as_of)
        if not collective:
            sides = without_collectives(self.ds, sides)
        counts = counts_from_sides(sides)
        camps = coalitions(self.ds, self.as_of, runs=0, include_collective=collective)
        camp_of = {member: c.number for c in camps for member in c.members}
        rows, cols, agree, disagree = counts.arrays()
        pruned = 0
        kept = list(range(len(rows)))
        if len(rows) > TIE_BUDGET:
            pruned = len(rows)
            kept = _strongest_ties(rows, cols, agree - disagree, agree + disagree, TIES_PER_ACTOR)
        sides_of: dict[str, list[Side]] = defaultdict(list)
        for side in sides:
            sides_of[side.actor].append(side)
        actors = counts.actors
        pairs = [(actors[int(rows[index])], actors[int(cols[index])]) for index in kept]
        # one alignment per actor with all its partners (its sides first, so each tie's
        # shared targets come in its order, as for the pair alone), not one per tie
        partners: dict[str, list[str]] = defaultdict(list)
        for a, b in pairs:
            partners[a].append(b)
        ties = {}
        for a, others in partners.items():
            with_others = [*sides_of[a], *(side for b in others for side in sides_of[b])]
            found = align(with_others, actor=a, evidence=_evidence_item)
            ties.update({(a, b): found[(a, b)] for b in others})
        edges: list[dict[str, Any]] = []
        for number, (a, b) in enumerate(pairs):
            tie = ties[(a, b)]
            # the statements behind each side are the stance edges' (the page looks them up)
            evidence = [[item["target"], 1 if item["agree"] else 0] for item in tie.shared]
            for item in tie.shared:
                self.node(item["target"])
            edges.append(
                {
                    "id": f"t{number}",
                    "from": self.node(a),
                    "to": self.node(b),
                    "agree": tie.agree,
                    "disagree": tie.disagree,
                    "evidence": evidence,
                }
            )
        order = {actor: i for i, actor in enumerate(self.ds.stakeholders)}
        members = sorted(
            {node for e in edges for node in (e["from"], e["to"])},
            key=lambda n: order.get(n, 0),
        )
        graph = nx.Graph()
        graph.add_nodes_from(members)
        graph.add_edges_from((e["from"], e["to"]) for e in edges if e["agree"] > e["disagree"])
        layout = _cluster_layout(
            graph,
            {m: camp_of.get(m, 0) for m in members},
            centred=set(),
            weight=self.said,
            spacing=ALLIANCE_SPACING,
            relax=False,
        )
        return {
            "nodes": [[m, *layout[m], camp_of.get(m, 0)] for m in members],
            "edges": edges,
            "coalitions": [
                {
                    "number": c.number,
                    "label": c.label,
                    "size": len(c.members),
                    "color": _coalition_color(c.number),
                }
                for c in camps
            ],
            "pruned": pruned,
        }

    def table_rows(self) -> list[TableRow]:
        ds = self.ds
        rows = []
        self.row_keys: list[list[Any]] = []
        # each name and each source's cells looked up once: 10^5 rows share a few hundred
        names: dict[str, str] = {}
        cited: dict[str, tuple[str, str | None]] = {}

        def name(record_id: str) -> str:
            found = names.get(record_id)
            if found is None:
                found = names[record_id] = ds.name_of(record_id)
            return found

        for statement in ds.statements.values():
            cells = cited.get(statement.source)
            if cells is None:
                source = ds.sources.get(statement.source)
                cells = cited[statement.source] = (
                    (source.title, safe_url(source.url)) if source else (statement.source, None)
                )
            speaker = name(statement.speaker) if statement.speaker else None
            date = date_label(ds, statement)
            for entry in statement.stances:
                self.row_keys.append(
                    [
                        self.node(statement.actor),
                        self.node(entry.target),
                        entry.stance.value,
                        entry.condition,
                        self.statement(statement),
                    ]
                )
                rows.append(
                    TableRow(
                        actor=name(statement.actor),
                        target=name(entry.target),
                        stance=entry.stance.value,
                        condition=entry.condition,
                        text=statement.text,
                        is_paraphrase=statement.is_paraphrase,
                        speaker=speaker,
                        date=date,
                        source_title=cells[0],
                        source_url=cells[1],
                    )
                )
        return rows


def _coalition_color(number: int) -> str:
    return camp_colour(number)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _strongest_ties(rows: Any, cols: Any, weight: Any, shared: Any, per_actor: int) -> list[int]:
    """The pairs (``rows[i]``, ``cols[i]``: numpy arrays of actor indices) that are among
    the ``per_actor`` strongest ties of either actor (by |weight|, then shared targets, then
    input order), as indices in input order."""
    import numpy as np

    count = len(rows)
    both = np.concatenate  # each pair once for each of its two actors
    pair = both([np.arange(count), np.arange(count)])
    actor = both([rows, cols])
    strength = -np.abs(both([weight, weight]))
    evidence = -both([shared, shared])
    order = np.lexsort((pair, evidence, strength, actor))  # by actor, strongest first
    grouped = actor[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    rank = np.arange(len(grouped)) - np.repeat(starts, np.diff(np.r_[starts, len(grouped)]))
    chosen = pair[order][rank < per_actor]
    return [int(i) for i in np.unique(chosen)]


def _stance_layout(
    graph: nx.Graph, nodes: dict[str, dict[str, Any]], edges: list[dict[str, Any]]
) -> dict[str, tuple[float, float]]:
    """Actors clustered around the target they speak to most; small maps relaxed."""
    per_actor: dict[str, Counter[str]] = defaultdict(Counter)
    for edge in edges:
        per_actor[edge["from"]][edge["to"]] += len(edge["records"])
    crowd = Counter(edge["to"] for edge in edges)
    home: dict[str, str] = {}
    for node in nodes:
        spoken = per_actor.get(node)
        if spoken:
            # the most-spoken-to target; among equals the least crowded (the most specific)
            home[node] = min(spoken, key=lambda t: (-spoken[t], crowd[t], t))
    groups = {node: home.get(node, node) for node in nodes}
    centred = {node for node, group in groups.items() if group == node}
    return _cluster_layout(graph, groups, centred=centred, weight=Counter())


def _cluster_layout(
    graph: nx.Graph,
    groups: dict[str, Any],
    *,
    centred: set[str],
    weight: Counter[str],
    spacing: float = SPACING,
    relax: bool = True,
) -> dict[str, tuple[float, float]]:
    """Each group in a sunflower (its ``centred`` node, if any, in the middle), groups
    packed in rows; then, for small graphs, a few spring-layout steps from there."""
    members: dict[Any, list[str]] = defaultdict(list)
    for node, group in groups.items():
        if node not in centred:
            members[group].append(node)
    for group_members in members.values():
        group_members.sort(key=lambda n: (-weight[n], -graph.degree(n)))
    clusters = []
    for key in dict.fromkeys(groups.values()):
        inner = members.get(key, [])
        offset = 1 if key in centred else 0
        radius = spacing * math.sqrt(len(inner) + offset + 0.5) + spacing
        clusters.append((key, inner, offset, radius))
    positions: dict[str, tuple[float, float]] = {}
    for (key, inner, offset, _), (cx, cy) in zip(
        clusters, _pack([c[3] for c in clusters]), strict=True
    ):
        if offset:
            positions[key] = (cx, cy)
        for index, node in enumerate(inner):
            x, y = _sunflower(index + offset, spacing)
            positions[node] = (cx + x, cy + y)
    if relax and 2 < graph.number_of_nodes() <= SPRING_MAX_NODES and graph.number_of_edges():
        positions = _relax(graph, positions)
    return {node: (round(x, 1), round(y, 1)) for node, (x, y) in positions.items()}


def _sunflower(index: int, spacing: float) -> tuple[float, float]:
    """The ``index``-th point of a sunflower spiral: even spacing, any count."""
    angle = index * math.pi * (3 - math.sqrt(5))
    radius = spacing * math.sqrt(index + 0.5)
    return (radius * math.cos(angle), radius * math.sin(angle))


def _pack(radii: list[float]) -> list[tuple[float, float]]:
    """Centres of circles of ``radii`` packed in rows (biggest first), around the origin."""
    if not radii:
        return []
    width = math.sqrt(sum((2 * r) ** 2 for r in radii)) * 1.2
    width = max(width, 2 * max(radii))
    order = sorted(range(len(radii)), key=lambda i: -radii[i])
    centres: dict[int, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for index in order:
        diameter = 2 * radii[index]
        if x > 0 and x + diameter > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        centres[index] = (x + radii[index], y + radii[index])
        x += diameter
        row_height = max(row_height, diameter)
    xs = [c[0] for c in centres.values()]
    ys = [c[1] for c in centres.values()]
    mid_x, mid_y = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return [(centres[i][0] - mid_x, centres[i][1] - mid_y) for i in range(len(radii))]


def _relax(
    graph: nx.Graph, start: dict[str, tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    """networkx's spring layout from ``start``, scaled back to the cluster layout's size."""
    xs = [p[0] for p in start.values()]
    ys = [p[1] for p in start.values()]
    extent = max(max(xs) - min(xs), max(ys) - min(ys), 1.0) / 2
    initial = {node: (x / extent, y / extent) for node, (x, y) in start.items()}
    count = graph.number_of_nodes()
    relaxed = nx.spring_layout(
        graph, pos=initial, iterations=100, seed=7, k=4.0 / math.sqrt(count), scale=1.0
    )
    scale = SPACING * max(4.0, math.sqrt(count)) * 1.4
    return {node: (float(x) * scale, float(y) * scale) for node, (x, y) in relaxed.items()}


def outputs(ds: Dataset, request: ExportRequest) -> list[OutputFile]:
    """The interactive map of the request: its view, title and ``top`` actors, one page."""
    request = request.resolved(ds)  # names and dates as the questions take them
    try:
        view = MapView(request.view)
    except ValueError:
        raise ExportError(
            f"unknown view '{request.view}'",
            hint="use --view board, --view stances or --view alliances",
        ) from None
    page = build_map(
        ds,
        view=view,
        target=request.target,
        as_of=request.as_of,
        title=request.title,
        top=request.top,
        include_collective=request.include_collective,
    )
    return [OutputFile(request.path, render_map(page).encode("utf-8"), "interactive map")]
