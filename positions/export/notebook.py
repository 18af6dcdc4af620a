"""Answers and maps in a notebook (Jupyter, VS Code, anything that calls ``_repr_html_``).

``answer_html(answer)`` renders a question's result as an HTML table (the same sheet the
command line prints, every value escaped); every answer's ``_repr_html_`` calls it
(``positions.questions.answers.NotebookDisplay``). ``html_map(ds, ...)`` is the interactive
map, shown inline and saved with ``.save()``; ``to_pyvis(ds, ...)`` is the same map as a
``pyvis`` ``Network`` with the map's colours and shapes, for users who adjust it with pyvis.

>>> positions.html_map(ds, target="Article 35").save("map.html")  # doctest: +SKIP
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported by an answer's _repr_html_: nothing heavy is imported here
    from positions.data.dataset import Dataset
    from positions.export.html import HtmlMap
    from positions.export.text import Sheet
    from positions.questions.answers import PositionRow

#: The inline map's height in a notebook cell, in CSS pixels.
INLINE_HEIGHT = 640


def sheet_of(answer: Any) -> Sheet:
    """The sheet that lays ``answer`` out, as the command line lays it out."""
    from positions.export import text as sheets
    from positions.questions.answers import (
        Comparison,
        ContestedTarget,
        History,
        PositionRow,
        Tie,
    )
    from positions.questions.camps import Camp

    if isinstance(answer, History):
        return sheets.history_sheet(answer)
    if isinstance(answer, Comparison):
        return sheets.comparison_sheet(answer)
    rows = list(answer) if isinstance(answer, Sequence) else [answer]
    first = rows[0] if rows else None
    if isinstance(first, PositionRow) or first is None:
        return sheets.position_sheet(rows, _title(rows), "Nothing found.")
    if isinstance(first, Tie):
        name = first.actor_name
        return sheets.tie_sheet(rows, name, f"Ties of {name}, strongest first", "No ties.")
    if isinstance(first, ContestedTarget):
        return sheets.contested_sheet(rows, "Contested targets, most split first")
    if isinstance(first, Camp):
        return sheets.coalition_sheet(rows, "Coalitions, largest first")
    raise TypeError(f"no table for {type(first).__name__}")


def _title(rows: Sequence[PositionRow]) -> str:
    actors = len({row.actor for row in rows})
    return f"{actors} actor{'s' if actors != 1 else ''}, {len(rows)} position(s)"


def answer_html(answer: Any) -> str:
    """``answer`` (a question's result) as an HTML table, every value escaped.

    >>> answer_html(positions.who_opposes(ds, "Article 35"))  # doctest: +SKIP
    '<table class="positions-answer">...'
    """
    sheet = sheet_of(answer)
    out = ['<table class="positions-answer">']
    out.append(f"<caption>{html.escape(sheet.title)}</caption>")
    out.append("<thead><tr>")
    out.extend(f"<th>{html.escape(column)}</th>" for column in sheet.columns)
    out.append("</tr></thead><tbody>")
    if not sheet.rows:
        out.append(f'<tr><td colspan="{len(sheet.columns)}">{html.escape(sheet.empty)}</td></tr>')
    for row in sheet.rows:
        out.append("<tr>")
        out.extend(f"<td>{html.escape(cell)}</td>" for cell in row)
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


@dataclass(frozen=True)
class MapDisplay:
    """The interactive map: shown inline in a notebook, saved as one offline HTML file."""

    page: HtmlMap

    def html(self) -> str:
        """The whole page, as ``positions html`` writes it."""
        from positions.export.html import render_map

        return render_map(self.page)

    def _repr_html_(self) -> str:
        # an iframe keeps the page's Content-Security-Policy and scripts apart from the notebook
        return (
            f'<iframe title="{html.escape(self.page.title)}" style="width:100%;'
            f'height:{INLINE_HEIGHT}px;border:0" sandbox="allow-scripts" '
            f'srcdoc="{html.escape(self.html(), quote=True)}"></iframe>'
        )

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to ``path`` atomically; returns the absolute path."""
        from positions.export.html import write_map

        return write_map(self.page, path)


def _page(
    ds: Dataset,
    view: str,
    target: str | None,
    as_of: str | None,
    title: str | None,
    top: int | None,
) -> HtmlMap:
    from positions.export.html import READABLE_ACTORS, build_map
    from positions.questions.resolve import as_of_date, resolve_target

    target_id = resolve_target(ds, target) if target is not None else None
    return build_map(
        ds,
        view=view,
        target=target_id,
        as_of=as_of_date(as_of),
        title=title,
        top=READABLE_ACTORS if top is None else top,
    )


def html_map(
    ds: Dataset,
    *,
    view: str = "stances",
    target: str | None = None,
    as_of: str | None = None,
    title: str | None = None,
    top: int | None = None,
) -> MapDisplay:
    """The interactive map of ``ds``, as ``positions html`` draws it.

    ``target`` is a name or id (its stances and its parts'), ``as_of`` a date, ``top`` the
    number of actors drawn (300 by default, 0 for all). Shown inline in a notebook; call
    ``.save(path)`` for the file.
    """
    return MapDisplay(_page(ds, view, target, as_of, title, top))


def to_pyvis(
    ds: Dataset,
    *,
    view: str = "stances",
    target: str | None = None,
    as_of: str | None = None,
    top: int | None = None,
) -> Any:
    """The map as a ``pyvis.network.Network``: the map's layout, colours, shapes and line
    styles, with escaped hover titles, for users who adjust it with pyvis.

    >>> net = positions.to_pyvis(ds, view="alliances")  # doctest: +SKIP
    >>> net.toggle_physics(False); net.write_html("mine.html")  # doctest: +SKIP
    """
    from pyvis.network import Network

    from positions.export.html import (
        COALITION_COLORS,
        KIND_SHAPES,
        NO_COALITION_COLOR,
        STANCE_STYLES,
        TARGET_SHAPE,
        TIE_STYLES,
        MapView,
    )

    page = _page(ds, view, target, as_of, None, top)
    data = page.data
    nodes = data["nodes"]
    alliances = MapView(view) is MapView.ALLIANCES
    # in_line: the page pyvis writes carries its scripts, like ours, and no lib/ folder appears
    network = Network(
        directed=not alliances, heading=html.escape(page.title), cdn_resources="in_line"
    )

    def title_of(node_id: str) -> str:
        node = nodes[node_id]
        lines = [node["label"], *(f"also: {alias}" for alias in node.get("aliases", []))]
        if node["type"] == "actor":
            lines.append(f"{node['kind']}, {node['said']} statement(s)")
        return html.escape("\n".join(lines))

    def camp_color(number: int) -> str:
        inside = 0 < number <= len(COALITION_COLORS)
        return COALITION_COLORS[number - 1] if inside else NO_COALITION_COLOR

    if alliances:
        for node_id, x, y, camp in data["alliances"]["nodes"]:
            node = nodes[node_id]
            network.add_node(
                node_id,
                label=node["short"],
                title=title_of(node_id),
                shape=KIND_SHAPES.get(node["kind"], "dot"),
                color=camp_color(camp),
                x=x,
                y=y,
                value=max(1, node["said"]),
            )
        for edge in data["alliances"]["edges"]:
            kind = "agree" if edge["agree"] > edge["disagree"] else "disagree"
            look = TIE_STYLES[kind]
            network.add_edge(
                edge["from"],
                edge["to"],
                color=look["color"],
                dashes=look["dashes"],
                width=min(8, 1 + abs(edge["agree"] - edge["disagree"])),
                title=html.escape(
                    f"{nodes[edge['from']]['label']} – {nodes[edge['to']]['label']}: "
                    f"{edge['agree']} agree, {edge['disagree']} disagree"
                ),
            )
        return network
    for node_id, x, y in data["stances"]["nodes"]:
        node = nodes[node_id]
        is_target = node["type"] == "target"
        network.add_node(
            node_id,
            label=node["short"],
            title=title_of(node_id),
            shape=TARGET_SHAPE if is_target else KIND_SHAPES.get(node["kind"], "dot"),
            x=x,
            y=y,
            **({} if is_target else {"value": max(1, node["said"])}),
        )
    statements = data["statements"]
    for edge in data["stances"]["edges"]:
        look = STANCE_STYLES[edge["stance"]]
        told = [statements[record[0]] for record in edge["records"]]
        said = [t["text"] + (" (paraphrase)" if t["paraphrase"] else "") for t in told]
        network.add_edge(
            edge["from"],
            edge["to"],
            color=look["color"],
            dashes=look["dashes"],
            title=html.escape(
                f"{nodes[edge['from']]['label']} ({edge['stance']}) {nodes[edge['to']]['label']}\n"
                + "\n".join(said[:5])
            ),
        )
    for part, whole in data["stances"]["partOf"]:
        network.add_edge(part, whole, color="#B0B0B0", width=1, title="part of")
    return network
