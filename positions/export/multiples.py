"""``positions map --by year``: the alliance map as small multiples, one panel per window.

``build`` lays the actors out once (``image.build`` as of the last window's end: its camps as
rings) and keeps that layout for every panel, so the same actor sits in the same place in
each; a panel shows the window's camps (``positions.timeline``: persistent numbers, so a camp
keeps its colour from panel to panel) and its ties (``alignment_graph`` as of the window's
end). Actors with no position yet are drawn as faint rings. The colours are the map's.

>>> multiples = build(positions.load("data"), by="year")          # doctest: +SKIP
>>> [panel.label for panel in multiples.panels]                    # doctest: +SKIP
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

from positions.data.dataset import Dataset
from positions.export import image, palette
from positions.export.escaping import xml_text
from positions.export.labels import plural
from positions.export.outputs import ExportRequest, NothingToShow, OutputFile
from positions.export.scope import MAP_ACTORS, most_active, scope_targets
from positions.model import PartialDate
from positions.questions.time import WindowBy, timeline

#: Panels per row on the A4-wide page.
PANEL_COLUMNS = 3
PANEL_WIDTH = 2.45  # inches


@dataclass(frozen=True)
class Panel:
    """One window: its label, each placed actor's camp number (0: in none; absent: no
    position yet) and the ties at its end (actor, actor, agreements, disagreements)."""

    label: str
    camps: dict[str, int]
    spoken: frozenset[str]
    ties: tuple[tuple[str, str, int, int], ...]


@dataclass(frozen=True)
class Multiples:
    """The small multiples: one layout (``places``, from ``layout``) and the panels."""

    layout: image.AllianceMap
    panels: tuple[Panel, ...]
    #: every camp drawn, by its persistent number: its label in the last window it had
    camp_labels: dict[int, str]
    by: WindowBy
    title: str
    subtitle: str

    @property
    def places(self) -> dict[str, tuple[float, float]]:
        """Where each actor sits, in every panel."""
        return self.layout.places


def build(
    ds: Dataset,
    target: str | None = None,
    as_of: PartialDate | None = None,
    top: int | None = MAP_ACTORS,
    by: WindowBy | str = WindowBy.YEAR,
) -> Multiples:
    """The small multiples of ``target`` and its parts (everything when None), one panel
    per window of ``by`` up to ``as_of`` (windows ending after it are left out), the
    ``top`` most active actors as ``positions map`` draws them."""
    from positions.questions.graphs import alignment_graph

    narrowed, in_scope = most_active(ds, target, as_of, top)
    scope = scope_targets(narrowed, target)
    found = timeline(narrowed, by=by, target=target)
    windows = [w for w in found if as_of is None or w.end <= as_of.end]
    if not windows:
        raise NothingToShow("no dated statement: no window to draw")
    layout = image.build(ds, target, windows[-1].as_of, top)
    placed = set(layout.places)
    panels = []
    camp_labels: dict[int, str] = {}
    for window in windows:
        camp_labels.update({c.number: c.label for c in window.camps})
        graph = alignment_graph(narrowed, window.as_of, scope, evidence=False)
        ties = tuple(
            sorted(
                (*sorted((a, b)), int(d["agree"]), int(d["disagree"]))
                for a, b, d in graph.edges(data=True)
                if a in placed and b in placed
            )
        )
        spoken = frozenset(p.actor for p in window.positions if p.actor in placed)
        camps = {a: window.camp_of(a) or 0 for a in spoken}
        panels.append(Panel(window.label, camps, spoken, ties))
    shown = len(placed)
    return Multiples(
        layout=layout,
        panels=tuple(panels),
        camp_labels=dict(sorted(camp_labels.items())),
        by=found.by,
        title=f"{layout.title}, {_by_word(found.by)}",
        subtitle=(
            f"{plural(len(panels), 'panel')}, {plural(shown, 'actor')}"
            + (f" (of the {top} most active of {in_scope})" if top and in_scope > top else "")
            + ", each in the same place in every panel, filled with its camp at the end of "
            "the window (faint: no position yet). Lines: blue agree more, orange dashed "
            "disagree more."
        ),
    )


def _by_word(by: WindowBy) -> str:
    return {WindowBy.YEAR: "year by year", WindowBy.QUARTER: "quarter by quarter"}.get(
        by, "month by month"
    )


def figure(multiples: Multiples) -> Any:
    """The matplotlib Figure: a grid of panels under the title (Agg canvas, no pyplot)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle

    layout = multiples.layout
    x0, y0, x1, y1 = layout.extent
    columns = min(PANEL_COLUMNS, len(multiples.panels))
    rows = math.ceil(len(multiples.panels) / columns)
    panel_h = PANEL_WIDTH * (y1 - y0) / max(x1 - x0, 1e-9) + 0.3
    legend_rows = math.ceil((len(multiples.camp_labels) + 1) / 3)
    head, margin = 1.0 + 0.16 * legend_rows, image.MARGIN
    fig_w = max(image.A4_WIDTH, columns * PANEL_WIDTH + 2 * margin)
    fig_h = head + rows * panel_h + 2 * margin
    fig = Figure(figsize=(fig_w, fig_h), dpi=150)
    FigureCanvasAgg(fig)
    fig.text(
        margin / fig_w, 1 - margin / fig_h, multiples.title, fontsize=12, weight="bold", va="top"
    )
    fig.text(
        margin / fig_w,
        1 - (margin + 0.3) / fig_h,
        "\n".join(_wrap(multiples.subtitle, 120)),
        fontsize=7,
        va="top",
        color="#333333",
    )
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=image._camp_colour(n), edgecolor="#333333", label=_short(label))
        for n, label in multiples.camp_labels.items()
    ]
    handles.append(Patch(facecolor=palette.NO_CAMP_COLOUR, edgecolor="#333333", label="in no camp"))
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(margin / fig_w, 1 - (margin + 0.62) / fig_h),
        ncols=3,
        fontsize=6.5,
        frameon=False,
        handlelength=1.2,
        columnspacing=1.2,
    )
    gap = (fig_w - 2 * margin - columns * PANEL_WIDTH) / max(columns, 1)
    radius = (x1 - x0) / 80
    for index, panel in enumerate(multiples.panels):
        row, column = divmod(index, columns)
        left = margin + column * (PANEL_WIDTH + gap) + gap / 2
        top = head + margin + row * panel_h
        ax = fig.add_axes(
            (
                left / fig_w,
                1 - (top + panel_h) / fig_h,
                PANEL_WIDTH / fig_w,
                (panel_h - 0.3) / fig_h,
            )
        )
        ax.set_axis_off()
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        places = layout.places
        for agree_side, colour, style in (
            (True, palette.AGREE_COLOUR, "solid"),
            (False, palette.DISAGREE_COLOUR, (0, (4, 3))),
        ):
            lines = [
                (places[a], places[b])
                for a, b, agree, disagree in panel.ties
                if agree != disagree and (agree > disagree) is agree_side
            ]
            if lines:
                ax.add_collection(
                    LineCollection(
                        lines, colors=colour, linewidths=0.3, alpha=0.45, linestyles=style
                    )
                )
        for actor, (x, y) in sorted(places.items()):
            if actor in panel.spoken:
                number = panel.camps.get(actor, 0)
                # the map's colours: image's camp rule, its colour for no camp
                fill = image._camp_colour(number) if number else palette.NO_CAMP_COLOUR
                circle = Circle(
                    (x, y), radius, facecolor=fill, edgecolor="#333333", linewidth=0.4, zorder=3
                )
            else:
                circle = Circle(
                    (x, y), radius, facecolor="none", edgecolor="#CCCCCC", linewidth=0.3, zorder=2
                )
            ax.add_patch(circle)
        camps = sorted({n for n in panel.camps.values() if n})
        ax.set_title(
            f"{panel.label} · {plural(len(panel.spoken), 'actor')}, {plural(len(camps), 'camp')}",
            fontsize=8,
            pad=2,
        )
    return fig


def _short(text: str, width: int = 60) -> str:
    import textwrap

    return textwrap.shorten(text, width, placeholder=" …")


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width)


def render(multiples: Multiples, image_format: str) -> bytes:
    """The small multiples as ``png``, ``svg`` or ``pdf`` bytes (``image.render``'s settings)."""
    import matplotlib

    metadata: dict[str, Any] = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    }[image_format]
    settings: dict[str, Any] = {
        "svg.hashsalt": image.SVG_HASH_SALT,
        "svg.fonttype": "path",
        "text.parse_math": False,
    }
    with matplotlib.rc_context(settings):  # type: ignore[arg-type]
        stream = io.BytesIO()
        figure(multiples).savefig(stream, format=image_format, metadata=metadata, dpi=150)
    if image_format == "svg":  # any text the data holds leaves the SVG well-formed
        return xml_text(stream.getvalue().decode("utf-8")).encode("utf-8")
    return stream.getvalue()


def by_window(by: WindowBy | str) -> Any:
    """The exporter of small multiples by ``by`` windows: ``outputs(ds, request)``."""

    def outputs(ds: Dataset, request: ExportRequest) -> list[OutputFile]:
        request = request.resolved(ds)
        chosen = request.format or image.image_format(request.path)
        top = MAP_ACTORS if request.top is None else request.top
        multiples = build(ds, request.target, request.as_of, top, by)
        what = f"alliance map by {WindowBy(by).value} ({plural(len(multiples.panels), 'panel')})"
        return [OutputFile(request.path, render(multiples, chosen), what)]

    return outputs
