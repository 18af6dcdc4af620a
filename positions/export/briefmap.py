"""The alliance map drawn for the briefing's box, at the size it prints.

The figure is ``BOX_MM`` large and one point of its fonts is one printed point, so labels
are ``LABEL_PT`` and camp names ``CAMP_PT`` on paper. Each camp is a compact cluster of
dots (one per member) named above it; only its ``LABELLED`` most active members carry a
name; ties between clusters are one line per kind with how many actor pairs it stands for.
The title, the legend and the source are the briefing's own text (``caption``), not
pixels. The layout (``image.build``) is the standalone map's; only the drawing differs.
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass, field
from typing import Any

from positions.export.image import AllianceMap, _camp_colour, _text_size, _tie_style
from positions.export.labels import plural
from positions.export.palette import NO_CAMP_COLOUR

#: The map's box in every briefing format (the Word page's text width; A4 and Letter
#: print it at this size, never scaled).
BOX_MM = (180.0, 78.0)
#: Printed sizes, in points.
LABEL_PT = 7.0
CAMP_PT = 8.5
COUNT_PT = 7.0
#: Members named in each camp: its most active (the briefing's camps list names three).
LABELLED = 3
#: Distance between two dots of a cluster, and a dot's diameter (inches).
PITCH = 0.085
DOT_IN = 0.065
#: The image's resolution: sharp when printed, small in a page.
DPI = 220

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in inches
Segment = tuple[tuple[float, float], tuple[float, float]]


@dataclass
class Cluster:
    """A camp (``number`` > 0) or the actors in no camp (``number`` 0), in inches."""

    number: int
    title: str
    members: list[str]
    centre: tuple[float, float] = (0.0, 0.0)
    radius: float = 0.0
    dots: dict[str, tuple[float, float]] = field(default_factory=dict)


def _size_in(text: str, points: float, bold: bool = False) -> tuple[float, float]:
    """Width and height of ``text`` set at ``points``, in inches (bold ~15% wider)."""
    width, height = _text_size(text)
    return width * points / 72 * (1.15 if bold else 1.0), height * points / 72


def _wrapped(label: str) -> str:
    """A name as the briefing's map sets it: on lines of at most 24 characters."""
    return "\n".join(textwrap.wrap(label.replace("\n", " "), 24, break_on_hyphens=False))


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _crosses(box: Box, segment: Segment) -> bool:
    """Whether a straight line passes through ``box`` (Liang-Barsky clipping)."""
    (x0, y0), (x1, y1) = segment
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
        else:
            t = q / p
            if p < 0:
                low = max(low, t)
            else:
                high = min(high, t)
            if low > high:
                return False
    return True


def clusters(amap: AllianceMap, width: float, height: float) -> list[Cluster]:
    """The camps and the no-camp actors as clusters placed in a ``width`` x ``height`` box:
    the standalone map's group places (camps that agree near, those that disagree far),
    stretched to fill the box around room for names."""
    found = [
        Cluster(
            g.number,
            amap.camp_titles.get(g.number, f"Camp {g.number}"),
            sorted(g.members, key=lambda m: amap.activity.get(m, len(amap.activity))),
            g.centre,
        )
        for g in amap.groups
        if g.number
    ]
    alone = [g for g in amap.groups if not g.number]
    if alone:
        members = sorted(
            (m for g in alone for m in g.members),
            key=lambda m: amap.activity.get(m, len(amap.activity)),
        )
        middle = (
            sum(g.centre[0] for g in alone) / len(alone),
            sum(g.centre[1] for g in alone) / len(alone),
        )
        found.append(Cluster(0, "in no camp", members, middle))
    for cluster in found:
        cluster.radius = PITCH / math.sqrt(math.pi) * math.sqrt(len(cluster.members)) + DOT_IN
    xs = [c.centre[0] for c in found]
    ys = [c.centre[1] for c in found]
    # room at the sides for names, above and below for camp names
    widest = max(
        _size_in(_wrapped(amap.labels[m]), LABEL_PT)[0] for c in found for m in c.members[:LABELLED]
    )
    side, top = widest + 0.25, 0.5
    biggest = max(c.radius for c in found)
    span_x = max(width - 2 * (side + biggest), 0.0)
    span_y = max(height - 2 * (top + biggest), 0.0)
    for cluster in found:
        x, y = cluster.centre
        fx = (x - min(xs)) / (max(xs) - min(xs)) if max(xs) > min(xs) else 0.5
        fy = (y - min(ys)) / (max(ys) - min(ys)) if max(ys) > min(ys) else 0.5
        cluster.centre = (
            width / 2 + (fx - 0.5) * span_x,
            height / 2 + (fy - 0.5) * span_y,
        )
    return found


def _bundles(amap: AllianceMap, found: list[Cluster]) -> dict[tuple[int, int], dict[int, int]]:
    """Actor pairs between each two clusters that agree (1) or disagree (-1)."""
    where = {m: n for n, c in enumerate(found) for m in c.members}
    counts: dict[tuple[int, int], dict[int, int]] = {}
    for a, b, agree, disagree in amap.ties:
        i, j = sorted((where[a], where[b]))
        if i != j:
            sign = (agree > disagree) - (agree < disagree)
            if not sign:
                continue  # as many agreements as disagreements: neither line (the caption)
            kinds = counts.setdefault((i, j), {})
            kinds[sign] = kinds.get(sign, 0) + 1
    return counts


def _count_text(sign: int, count: int) -> str:
    """'132 agree': the caption says these are actor pairs."""
    return f"{count:,} {'agree' if sign > 0 else 'disagree'}"


def _vogel(cluster: Cluster) -> list[tuple[float, float]]:
    """Dot places filling the cluster's disc evenly (Vogel's sunflower), centre first."""
    c = PITCH / math.sqrt(math.pi)
    cx, cy = cluster.centre
    golden = math.pi * (3 - math.sqrt(5))
    return [
        (
            cx + c * math.sqrt(k + 0.5) * math.cos(k * golden),
            cy + c * math.sqrt(k + 0.5) * math.sin(k * golden),
        )
        for k in range(len(cluster.members))
    ]


def figure(amap: AllianceMap, box_mm: tuple[float, float] = BOX_MM) -> Any:
    """The map as a matplotlib Figure of ``box_mm``, drawn in inches (points are points)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    width, height = box_mm[0] / 25.4, box_mm[1] / 25.4
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    found = clusters(amap, width, height)
    taken: list[Box] = [
        (
            c.centre[0] - c.radius,
            c.centre[1] - c.radius,
            c.centre[0] + c.radius,
            c.centre[1] + c.radius,
        )
        for c in found
    ]
    lines: list[Segment] = []
    stacks = []  # per pair of clusters: its lines' middle, direction and count texts
    for (i, j), kinds in sorted(_bundles(amap, found).items()):
        a, b = found[i], found[j]
        (ax_, ay), (bx, by) = a.centre, b.centre
        length = math.hypot(bx - ax_, by - ay) or 1.0
        ux, uy = (bx - ax_) / length, (by - ay) / length
        texts = []
        for sign in sorted(kinds, reverse=True):
            shift = 0.035 * sign  # agree and disagree side by side
            start = (ax_ + ux * a.radius - uy * shift, ay + uy * a.radius + ux * shift)
            end = (bx - ux * b.radius - uy * shift, by - uy * b.radius + ux * shift)
            colour, style = _tie_style(sign)
            ax.plot(
                [start[0], end[0]],
                [start[1], end[1]],
                color=colour,
                linestyle=style,
                linewidth=0.6 + 0.35 * math.log2(kinds[sign] + 1),
                alpha=0.8,
                zorder=1,
                solid_capstyle="butt",
            )
            lines.append((start, end))
            texts.append((_count_text(sign, kinds[sign]), colour))
        stacks.append(((ax_, ay), (bx, by), texts))
    for cluster in found:  # camp names first: they must sit by their cluster
        _draw_title(ax, cluster, taken, lines, width, height)
    for (ax_, ay), (bx, by), texts in stacks:
        # the counts of one pair of clusters stacked on their lines, where nothing else is
        step = COUNT_PT * 1.45 / 72
        sizes = [_size_in(text, COUNT_PT) for text, _ in texts]
        w = max(size[0] for size in sizes) + 0.06
        h = len(texts) * step + 0.02

        # along the lines first; then beside them, where crossing lines leave no room
        length = math.hypot(bx - ax_, by - ay) or 1.0
        nx, ny = -(by - ay) / length, (bx - ax_) / length
        middles = [
            (ax_ + (bx - ax_) * f + nx * off, ay + (by - ay) * f + ny * off)
            for off in (0.0, 0.25, -0.25, 0.5, -0.5, 0.75, -0.75)
            for f in (0.5, 0.42, 0.58, 0.35, 0.65, 0.28, 0.72, 0.22, 0.78)
        ]
        box = _first_free(
            [(mx - w / 2, my - h / 2, mx + w / 2, my + h / 2) for mx, my in middles],
            taken,
            width,
            height,
        )
        taken.append(box)
        mx, my = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        for k, (text, colour) in enumerate(texts):
            y = my + (len(texts) - 1) * step / 2 - k * step
            ax.text(
                mx,
                y,
                text,
                ha="center",
                va="center",
                fontsize=COUNT_PT,
                color=colour,
                zorder=4,
                bbox={
                    "boxstyle": "round,pad=0.15",
                    "facecolor": "white",
                    "edgecolor": colour,
                    "linewidth": 0.6,
                    "alpha": 0.95,
                },
            )
    for cluster in found:
        _draw_cluster(ax, cluster, amap, taken, lines, width, height)
    return fig


def _first_free(
    boxes: list[Box],
    taken: list[Box],
    width: float,
    height: float,
    lines: tuple[Segment, ...] | list[Segment] = (),
) -> Box:
    """The first of ``boxes`` inside the figure that overlaps nothing taken and crosses no
    line; else the first that overlaps nothing; else the first."""
    inside = [
        b
        for b in boxes
        if b[0] >= 0.02 and b[1] >= 0.02 and b[2] <= width - 0.02 and b[3] <= height - 0.02
    ] or boxes
    clear = [b for b in inside if not any(_overlaps(b, other) for other in taken)]
    for box in clear:
        if not any(_crosses(box, line) for line in lines):
            return box
    return (clear or inside)[0]


def _draw_title(
    ax: Any, cluster: Cluster, taken: list[Box], lines: list[Segment], width: float, height: float
) -> None:
    """The camp's name and size above its cluster, else below, else beside, where it lies on
    no line; what most defines the camp when all it says does not fit two lines."""
    from matplotlib.patches import Circle

    fill = _camp_colour(cluster.number) if cluster.number else NO_CAMP_COLOUR
    for said in (cluster.title, cluster.title.split("; ")[0]):
        wrapped = textwrap.wrap(f"{said} ({len(cluster.members)})", 32, break_on_hyphens=False)
        if len(wrapped) <= 2:
            break
    text = "\n".join(wrapped)
    w, h = _size_in(text, CAMP_PT, bold=True)
    cx, cy = cluster.centre
    r = cluster.radius + 0.05
    candidates = []
    for dx in (0.0, -0.25, 0.25, -0.5, 0.5):
        x = min(max(cx + dx, w / 2 + 0.02), width - w / 2 - 0.02)
        candidates.append((x - w / 2, cy + r, x + w / 2, cy + r + h))
        candidates.append((x - w / 2, cy - r - h, x + w / 2, cy - r))
    box = _first_free(candidates, taken, width, height, lines)
    taken.append(box)
    ax.text(
        (box[0] + box[2]) / 2,
        (box[1] + box[3]) / 2,
        text,
        ha="center",
        va="center",
        fontsize=CAMP_PT,
        fontweight="bold",
        color="#111111",
        linespacing=1.0,
        zorder=6,
    )
    if cluster.number:
        ax.add_patch(
            Circle(
                cluster.centre,
                cluster.radius + 0.03,
                facecolor=fill,
                alpha=0.15,
                edgecolor=fill,
                linewidth=0.8,
                zorder=0,
            )
        )


def _label_box(cluster: Cluster, size: tuple[float, float], right: bool, y: float) -> Box:
    """The box of a name of ``size`` (``_size_in``) beside ``cluster``, on its right or
    left, centred at height ``y``."""
    w, h = size
    cx = cluster.centre[0]
    gap = cluster.radius + 0.12
    x = cx + gap if right else cx - gap - w
    return (x, y - h / 2, x + w, y + h / 2)


def _draw_cluster(
    ax: Any,
    cluster: Cluster,
    amap: AllianceMap,
    taken: list[Box],
    lines: list[Segment],
    width: float,
    height: float,
) -> None:
    """The cluster's dots and the names of its most active members, each placed where it
    overlaps nothing (the outer side first), with a leader line to its dot."""
    fill = _camp_colour(cluster.number) if cluster.number else NO_CAMP_COLOUR
    free = _vogel(cluster)
    outer_right = cluster.centre[0] >= width / 2
    cy = cluster.centre[1]
    named: dict[str, tuple[Box, tuple[float, float], str]] = {}
    heights = sorted((cy + 0.03 * k for k in range(-40, 41)), key=lambda y: abs(y - cy))
    for member in cluster.members[:LABELLED]:
        text = _wrapped(amap.labels[member])
        size = _size_in(text, LABEL_PT)  # once, not once for each place tried
        box = _first_free(
            [
                _label_box(cluster, size, right, y)
                for y in heights
                for right in (outer_right, not outer_right)
            ],
            taken,
            width,
            height,
            lines,
        )
        taken.append((box[0] - 0.02, box[1] - 0.02, box[2] + 0.02, box[3] + 0.02))
        right = box[0] > cluster.centre[0]
        named[member] = (box, (box[0] if right else box[2], (box[1] + box[3]) / 2), text)
    places: dict[str, tuple[float, float]] = {}
    for member, (_, anchor, _) in named.items():  # a named member takes the nearest dot
        place = min(free, key=lambda p: math.hypot(p[0] - anchor[0], p[1] - anchor[1]))
        free.remove(place)
        places[member] = place
    for member in cluster.members:
        if member not in places:
            places[member] = free.pop(0)
    cluster.dots = places
    xs = [places[m][0] for m in cluster.members]
    ys = [places[m][1] for m in cluster.members]
    ax.scatter(
        xs, ys, s=(DOT_IN * 72) ** 2, color=fill, edgecolors="#222222", linewidths=0.4, zorder=3
    )
    for member, (box, anchor, text) in named.items():
        x, y = places[member]
        ax.plot([x, anchor[0]], [y, anchor[1]], color="#555555", linewidth=0.5, zorder=2)
        ax.scatter(
            [x],
            [y],
            s=(DOT_IN * 72 * 1.3) ** 2,
            color=fill,
            edgecolors="#000000",
            linewidths=0.8,
            zorder=4,
        )
        ax.text(
            box[0],
            (box[1] + box[3]) / 2,
            text,
            ha="left",
            va="center",
            fontsize=LABEL_PT,
            linespacing=1.0,
            zorder=5,
            color="#111111",
        )


def render(amap: AllianceMap, box_mm: tuple[float, float] = BOX_MM) -> bytes:
    """The briefing's map as PNG bytes; the same map gives the same bytes."""
    import matplotlib

    with matplotlib.rc_context({"text.parse_math": False}):
        fig = figure(amap, box_mm)
        stream = io.BytesIO()
        fig.savefig(stream, format="png", metadata={"Software": None}, dpi=DPI)
    return stream.getvalue()


def caption(amap: AllianceMap) -> str:
    """What the image leaves to the page: its title, what it shows, how to read it, and its
    source."""
    named = f"the {plural(LABELLED, 'most active member')} of each camp named"
    return (
        f"{amap.title}. {amap.drawn_note} Each dot is an actor, each cluster a camp "
        f"({named}). Between two clusters, a solid blue line stands for the pairs of actors "
        "who agree (took the same side more often than opposite sides), a dashed orange "
        "line for those who disagree; its label counts the actor pairs (pairs with as many "
        "agreements as disagreements are not drawn)."
        + (f" {amap.left_out_note}" if amap.left_out_note else "")
        + f" {amap.footer}"
    )
