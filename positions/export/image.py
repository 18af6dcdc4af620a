"""The static alliance map for a briefing: matplotlib, from the alignment graph.

Camps (the coalitions) are drawn as rings laid apart from each other, actors who belong to
no camp as single nodes; agree and disagree ties differ in colour (Okabe-Ito, safe for
colour-blind readers) and in line style (solid / dashed), so they also read in greyscale.
Group places come from a signed stress layout started from fixed positions: no randomness,
so the same data always gives the same picture. Labels sit outside the rings and are
pushed apart until no two overlap. matplotlib is imported only here, inside functions.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from positions.dataset import Dataset
from positions.export.common import ExportError, NothingToShow, scope_targets
from positions.model import PartialDate

#: Okabe-Ito colours: ties (blue / vermillion) and camps (the others), with grey for no camp.
AGREE_COLOUR = "#0072B2"
DISAGREE_COLOUR = "#D55E00"
EVEN_COLOUR = "#777777"
CAMP_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#CC79A7", "#999999")
NO_CAMP_COLOUR = "#FFFFFF"
#: Width of an A4 page in inches: the map is drawn at the size it is printed.
A4_WIDTH = 8.27
LABEL_SIZE = 8.0
#: Makes the SVG's ids depend on the picture only (byte-identical renders).
SVG_HASH_SALT = "positions-alliance-map"


@dataclass
class Group:
    """A camp (``number`` > 0) or a single actor in no camp (``number`` = 0)."""

    number: int
    members: list[str]
    radius: float
    centre: tuple[float, float] = (0.0, 0.0)


@dataclass
class AllianceMap:
    """What the map shows: actors placed in groups, the ties between them, the captions."""

    groups: list[Group]
    places: dict[str, tuple[float, float]]
    names: dict[str, str]
    #: (a, b, agree, disagree) for each tie
    ties: list[tuple[str, str, int, int]]
    title: str
    subtitle: str
    footer: str
    camp_notes: dict[int, str] = field(default_factory=dict)
    hidden: int = 0


def _ring_radius(size: int) -> float:
    return 0.0 if size <= 1 else max(1.0, size * 1.5 / (2 * math.pi))


def _stress_layout(groups: list[Group], signs: dict[tuple[int, int], int]) -> None:
    """Place group centres: camps that agree near, those that disagree far, the rest between.

    Gradient descent on the stress of the wanted distances, started on a circle (fixed,
    not random), then overlaps pushed apart; deterministic for the same input.
    """
    import numpy as np

    count = len(groups)
    if count == 1:
        groups[0].centre = (0.0, 0.0)
        return
    radii = np.array([g.radius for g in groups])
    wanted = np.zeros((count, count))
    for i in range(count):
        for j in range(count):
            if i == j:
                continue
            base = radii[i] + radii[j] + 2.6
            sign = signs.get((min(i, j), max(i, j)), 0)
            wanted[i, j] = base * (0.8 if sign > 0 else 2.2 if sign < 0 else 1.4)
    angles = np.array([2 * math.pi * k / count for k in range(count)])
    spread = float(wanted.max()) / 2
    xy = np.stack([np.cos(angles), np.sin(angles)], axis=1) * spread
    for _ in range(400):
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=2)) + np.eye(count)
        weight = 1.0 / np.where(wanted > 0, wanted, 1.0) ** 2
        pull = ((dist - wanted) / dist * weight * (wanted > 0))[:, :, None] * delta
        xy -= 0.2 * pull.sum(axis=1) * spread
    for _ in range(200):  # push apart groups that still overlap
        moved = False
        for i in range(count):
            for j in range(i + 1, count):
                gap = radii[i] + radii[j] + 2.2
                delta = xy[i] - xy[j]
                dist = float(np.hypot(*delta))
                if dist < gap:
                    direction = delta / dist if dist > 1e-9 else np.array([1.0, 0.0])
                    xy[i] += direction * (gap - dist) / 2
                    xy[j] -= direction * (gap - dist) / 2
                    moved = True
        if not moved:
            break
    xy -= xy.mean(axis=0)
    if np.ptp(xy[:, 1]) > np.ptp(xy[:, 0]):  # landscape, to fit the page width
        xy = xy[:, ::-1]
    for group, (x, y) in zip(groups, xy, strict=True):
        group.centre = (float(x), float(y))


def build(ds: Dataset, target: str | None = None, as_of: PartialDate | None = None) -> AllianceMap:
    """Lay out the alliance map of ``target`` and its parts (everything when None)."""
    from positions.graph import alignment_graph
    from positions.query import coalitions

    scope = scope_targets(ds, target)
    alignment = alignment_graph(ds, as_of, scope)
    tied = [a for a in alignment.nodes if alignment.degree(a) > 0]
    if not tied:
        raise NothingToShow(
            "no two actors took a side (support or oppose) on the same target: no map to draw"
        )
    camps = coalitions(ds, as_of, scope)
    groups = [Group(c.number, list(c.members), _ring_radius(len(c.members))) for c in camps]
    in_camp = {m for c in camps for m in c.members}
    groups += [Group(0, [a], 0.0) for a in tied if a not in in_camp]
    group_of = {m: n for n, g in enumerate(groups) for m in g.members}
    net: dict[tuple[int, int], int] = {}
    ties = []
    for a, b, data in alignment.edges(data=True):
        first, second = sorted((a, b))
        ties.append((first, second, int(data["agree"]), int(data["disagree"])))
        i, j = sorted((group_of[a], group_of[b]))
        if i != j:
            net[(i, j)] = net.get((i, j), 0) + int(data["weight"])
    ties.sort()
    _stress_layout(groups, {k: (v > 0) - (v < 0) for k, v in net.items()})
    places: dict[str, tuple[float, float]] = {}
    for group in groups:
        cx, cy = group.centre
        count = len(group.members)
        for k, member in enumerate(group.members):
            angle = math.pi / 2 - 2 * math.pi * k / count if count > 1 else 0.0
            places[member] = (
                cx + group.radius * math.cos(angle),
                cy + group.radius * math.sin(angle),
            )
    when = as_of or ds.as_of
    scope_text = f" on {ds.name_of(target)}" if target else ""
    undated = sum(1 for s in ds.statements.values() if s.date is None)
    date_text = f"as of {when}" if when else "undated statements only"
    if when and undated and as_of is None:
        date_text += f" (latest dated statement; {undated} of {len(ds.statements)} undated)"
    targets_counted = {e["target"] for _, _, d in alignment.edges(data=True) for e in d["evidence"]}
    sources = sorted(
        {ds.sources[s.source].title for s in ds.statements.values() if s.source in ds.sources}
    )
    shown_sources = "; ".join(sources[:3]) + (
        f"; and {len(sources) - 3} more" if len(sources) > 3 else ""
    )
    hidden = len(alignment.nodes) - len(tied)
    camp_notes = {c.number: _camp_note(ds, c.members, as_of, scope) for c in camps}
    return AllianceMap(
        groups=groups,
        places=places,
        names={a: ds.name_of(a) for a in tied},
        ties=ties,
        title=f"Who agrees with whom{scope_text}",
        subtitle=(
            f"{len(tied)} actors, {date_text}. Ties count the targets ({len(targets_counted)}) "
            "where two actors took a side."
        ),
        footer=f"Source: {shown_sources} (positions dataset '{ds.root.name}')."
        + (f" Not shown: {hidden} actors sharing no target with another." if hidden else ""),
        camp_notes=camp_notes,
        hidden=hidden,
    )


def _camp_note(
    ds: Dataset, members: Sequence[str], as_of: PartialDate | None, scope: list[str] | None
) -> str:
    """What most of a camp's members hold: 'oppose United Nations Convention ...'."""
    from collections import Counter

    from positions.export.common import scoped_positions

    positions = scoped_positions(ds, as_of, scope)
    counts = Counter(
        (p.stance.value, t)
        for (a, t), p in positions.items()
        if a in members and p.stance.value in ("support", "oppose")
    )
    if not counts:
        return ""
    (stance, target), held = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return f"{held} of {len(members)} {stance} {ds.name_of(target)}"


def _wrap(name: str, width: int = 22) -> str:
    return "\n".join(textwrap.wrap(name, width, break_on_hyphens=False)) or name


def figure(amap: AllianceMap) -> Any:
    """The matplotlib Figure of the map (Agg canvas, no pyplot, no global state)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle, Patch

    fig = Figure(figsize=(A4_WIDTH, 8.0), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.02, 0.24, 0.96, 0.64))
    ax.set_axis_off()
    for a, b, agree, disagree in amap.ties:
        (x1, y1), (x2, y2) = amap.places[a], amap.places[b]
        net = agree - disagree
        colour, style = (
            (AGREE_COLOUR, "-")
            if net > 0
            else (DISAGREE_COLOUR, (0, (5, 3)))
            if net < 0
            else (EVEN_COLOUR, ":")
        )
        ax.plot(
            [x1, x2],
            [y1, y2],
            color=colour,
            linestyle=style,
            alpha=0.8,
            zorder=1,
            linewidth=0.9 + 0.8 * min(abs(net) or 1, 5),
            solid_capstyle="round",
        )
    for group in amap.groups:
        fill = CAMP_COLOURS[(group.number - 1) % len(CAMP_COLOURS)] if group.number else None
        if fill is not None:
            ax.add_patch(
                Circle(
                    group.centre,
                    group.radius + 0.55,
                    facecolor=fill,
                    alpha=0.13,
                    edgecolor=fill,
                    linewidth=1.2,
                    zorder=0,
                )
            )
            ax.text(
                *group.centre,
                f"Camp {group.number}",
                ha="center",
                va="center",
                fontsize=9,
                fontweight="bold",
                zorder=4,
                bbox={
                    "boxstyle": "round,pad=0.25",
                    "facecolor": "white",
                    "edgecolor": fill,
                    "alpha": 0.9,
                },
            )
        for member in group.members:
            x, y = amap.places[member]
            ax.scatter(
                [x],
                [y],
                s=90,
                color=fill or NO_CAMP_COLOUR,
                edgecolors="#222222",
                linewidths=1.0,
                zorder=3,
            )
    all_x = [p[0] for p in amap.places.values()]
    all_y = [p[1] for p in amap.places.values()]
    middle = (sum(all_x) / len(all_x), sum(all_y) / len(all_y))
    labels = []
    for group in amap.groups:
        for member in group.members:
            x, y = amap.places[member]
            origin = group.centre if group.radius else middle
            angle = math.atan2(y - origin[1], x - origin[0]) if (x, y) != origin else -math.pi / 2
            dx, dy = math.cos(angle), math.sin(angle)
            ha = "left" if dx > 0.3 else "right" if dx < -0.3 else "center"
            va = "bottom" if dy > 0.3 else "top" if dy < -0.3 else "center"
            text = ax.annotate(
                _wrap(amap.names[member]),
                (x, y),
                xytext=(dx * 9, dy * 9),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=LABEL_SIZE,
                zorder=5,
                bbox={
                    "boxstyle": "round,pad=0.15",
                    "facecolor": "white",
                    "edgecolor": "none",
                    "alpha": 0.85,
                },
            )
            labels.append((text, dx, dy))
    _fit_limits(fig, ax, labels)
    _separate_labels(fig, ax, labels)
    _fit_limits(fig, ax, labels)
    fig.text(0.03, 0.965, amap.title, fontsize=14, fontweight="bold", va="top")
    fig.text(
        0.03, 0.925, textwrap.fill(amap.subtitle, 110), fontsize=8.5, va="top", color="#333333"
    )
    handles: list[Any] = [
        Line2D(
            [],
            [],
            color=AGREE_COLOUR,
            linewidth=2.2,
            label="agree: more targets on the "
            "same side than on opposite sides (width: how many more)",
        ),
        Line2D(
            [],
            [],
            color=DISAGREE_COLOUR,
            linewidth=2.2,
            linestyle=(0, (5, 3)),
            label="disagree: more targets on opposite sides",
        ),
    ]
    if any(a == d for _, _, a, d in amap.ties):
        handles.append(
            Line2D(
                [],
                [],
                color=EVEN_COLOUR,
                linewidth=1.8,
                linestyle=":",
                label="as many agreements as disagreements",
            )
        )
    for group in amap.groups:
        if group.number:
            note = amap.camp_notes.get(group.number)
            colour = CAMP_COLOURS[(group.number - 1) % len(CAMP_COLOURS)]
            handles.append(
                Patch(
                    facecolor=colour,
                    edgecolor="#222222",
                    label=textwrap.shorten(
                        f"Camp {group.number}" + (f": {note}" if note else ""), 95
                    ),
                )
            )
    if any(g.number == 0 for g in amap.groups):
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markerfacecolor=NO_CAMP_COLOUR,
                markeredgecolor="#222222",
                label="in no camp",
            )
        )
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.03, 0.225),
        fontsize=7.5,
        frameon=False,
        ncol=1,
        handlelength=3,
    )
    fig.text(0.03, 0.015, textwrap.fill(amap.footer, 130), fontsize=7, color="#444444", va="bottom")
    return fig


def _label_boxes(fig: Any, labels: list[tuple[Any, float, float]]) -> list[Any]:
    renderer = fig.canvas.get_renderer()
    return [text.get_window_extent(renderer).expanded(1.04, 1.08) for text, _, _ in labels]


def _separate_labels(fig: Any, ax: Any, labels: list[tuple[Any, float, float]]) -> None:
    """Push labels outward (and sideways) until none overlaps another or a camp title."""
    renderer = fig.canvas.get_renderer()
    titles = [t.get_window_extent(renderer) for t in ax.texts if not hasattr(t, "xyann")]
    for _ in range(60):
        boxes = _label_boxes(fig, labels)
        moved = False
        for i, (text, dx, dy) in enumerate(labels):
            obstacles = boxes[:i] + titles
            if any(boxes[i].overlaps(other) for other in obstacles):
                ox, oy = text.xyann
                step = 4.0
                # move outward, and sideways when the way out is vertical
                text.xyann = (ox + dx * step + (step if abs(dx) < 0.3 else 0), oy + dy * step)
                boxes[i] = _label_boxes(fig, [(text, dx, dy)])[0]
                moved = True
        if not moved:
            return


def _fit_limits(fig: Any, ax: Any, labels: list[tuple[Any, float, float]]) -> None:
    """Widen the axes' data limits until every label lies inside them."""
    for _ in range(3):
        fig.canvas.draw()
        inverse = ax.transData.inverted()
        xs, ys = [], []
        for box in _label_boxes(fig, labels):
            (x0, y0), (x1, y1) = inverse.transform([(box.x0, box.y0), (box.x1, box.y1)])
            xs += [x0, x1]
            ys += [y0, y1]
        for patch in ax.patches:
            extent = patch.get_extents()
            (x0, y0), (x1, y1) = inverse.transform([(extent.x0, extent.y0), (extent.x1, extent.y1)])
            xs += [x0, x1]
            ys += [y0, y1]
        pad = 0.02 * max(max(xs) - min(xs), max(ys) - min(ys))
        x0, x1, y0, y1 = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
        # one data unit is as long across as up: widen the short side to the axes' shape
        box = ax.get_window_extent()
        per_unit = min(box.width / (x1 - x0), box.height / (y1 - y0))
        grow_x = (box.width / per_unit - (x1 - x0)) / 2
        grow_y = (box.height / per_unit - (y1 - y0)) / 2
        ax.set_xlim(x0 - grow_x, x1 + grow_x)
        ax.set_ylim(y0 - grow_y, y1 + grow_y)


def render(amap: AllianceMap, image_format: str) -> bytes:
    """The map as ``png``, ``svg`` or ``pdf`` bytes; the same map gives the same bytes."""
    import matplotlib

    if image_format not in ("png", "svg", "pdf"):
        raise ExportError(f"cannot draw a map as '{image_format}': use png, svg or pdf")
    metadata: dict[str, Any] = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    }[image_format]
    with matplotlib.rc_context({"svg.hashsalt": SVG_HASH_SALT, "svg.fonttype": "path"}):
        fig = figure(amap)
        stream = io.BytesIO()
        fig.savefig(stream, format=image_format, metadata=metadata, dpi=150)
    return stream.getvalue()
