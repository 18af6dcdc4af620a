"""The static alliance map for a briefing: matplotlib, from the alignment graph.

Camps (the coalitions) are drawn as rings laid apart from each other, actors who belong to
no camp as single nodes; agree and disagree ties differ in colour (Okabe-Ito, safe for
colour-blind readers) and in line style (solid / dashed), so they also read in greyscale.
Group places come from a signed stress layout started from fixed positions: no randomness,
so the same data always gives the same picture. Labels sit outside the rings and are
pushed apart until no two overlap. matplotlib is imported only here, inside functions.
"""

from __future__ import annotations

import functools
import io
import math
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from positions.data.dataset import Dataset
from positions.export.escaping import xml_text
from positions.export.labels import camp_titles, display_name, plural
from positions.export.outputs import STDOUT, ExportError, ExportRequest, NothingToShow, OutputFile
from positions.export.palette import (  # Okabe-Ito colours, shared with the HTML map
    AGREE_COLOUR,
    CAMP_COLOURS,
    DISAGREE_COLOUR,
    EVEN_COLOUR,
    NO_CAMP_COLOUR,
)
from positions.export.scope import (
    MAP_ACTORS,
    actors_by_activity,
    camp_note,
    most_active_actors,
    scope_targets,
    scoped_sides,
    statement_facts,
)
from positions.model import PartialDate
from positions.questions.resolve import DateLike

if TYPE_CHECKING:
    from positions.questions.camps import CampsAnswer

#: Width of an A4 page in inches: the map is drawn at the size it is printed.
A4_WIDTH = 8.27
#: The largest label font (points); big maps use a smaller one, never below 5 points.
LABEL_SIZE = 8.0
#: Makes the SVG's ids depend on the picture only (byte-identical renders).
SVG_HASH_SALT = "positions-alliance-map"


@dataclass
class Group:
    """A camp (``number`` > 0) or a single actor in no camp (``number`` = 0).

    Lengths are in ems of the label font: ``radius`` is the ring's, ``reach`` the ring's
    plus its labels' (what must not overlap another group).
    """

    number: int
    members: list[str]
    radius: float = 0.0
    reach: float = 0.0
    centre: tuple[float, float] = (0.0, 0.0)

    @property
    def rotated_labels(self) -> bool:
        """Big rings label along their radius (no two labels touch); small ones level."""
        return len(self.members) >= ROTATE_FROM


@dataclass
class AllianceMap:
    """What the map shows: actors placed in groups, the ties between them, the captions.

    Places are in ems of the label font, so the page scale (``font_size``) keeps labels
    apart exactly as laid out.
    """

    groups: list[Group]
    places: dict[str, tuple[float, float]]
    names: dict[str, str]
    #: the text drawn for each actor: its name (or a long name's alias), wrapped
    labels: dict[str, str]
    #: direction (radians) each label points away from its node
    angles: dict[str, float]
    #: (a, b, agree, disagree) for each tie
    ties: list[tuple[str, str, int, int]]
    title: str
    subtitle: str
    footer: str
    camp_notes: dict[int, str] = field(default_factory=dict)
    #: what each camp is called on the map (``labels.camp_titles``), by number
    camp_titles: dict[int, str] = field(default_factory=dict)
    hidden: int = 0
    #: the drawing's extent in ems: (x0, y0, x1, y1), labels included
    extent: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)
    #: each drawn actor's place by activity (0: the most statements in the scope)
    activity: dict[str, int] = field(default_factory=dict)
    #: the subtitle's first and last sentences: what is drawn, as of when; who is left out
    drawn_note: str = ""
    left_out_note: str = ""


#: Rings of this many members or more get labels along their radius.
ROTATE_FROM = 8
#: Line height of a label, in ems.
LINE_HEIGHT = 1.2
WRAP = 26
#: How to read the standalone map's lines (the briefing's map says it in its caption).
TIES_NOTE = (
    "Each line joins a pair of actors who took a side on the same targets; between camps, "
    "the numbers count actor pairs."
)


@functools.lru_cache(maxsize=4096)  # a name is measured again for every place tried
def _text_size(text: str) -> tuple[float, float]:
    """Width and height of a (multi-line) label in ems of its font (from the font's metrics)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    measure, font = TextToPath(), FontProperties(size=10)
    lines = text.split("\n")
    width = max(
        measure.get_text_width_height_descent(line, font, ismath=False)[0] for line in lines
    )
    return width / 10, len(lines) * LINE_HEIGHT


def _place_ring(group: Group, sizes: dict[str, tuple[float, float]]) -> dict[str, float]:
    """Angles of a ring's members, each given room for its label's thickness."""
    count = len(group.members)
    if count == 1:
        group.radius = 0.0
        group.reach = sizes[group.members[0]][0] + 2.0
        return {group.members[0]: 0.0}
    if group.rotated_labels:
        room = [sizes[m][1] + 0.5 for m in group.members]
    else:
        room = [max(4.0, sizes[m][1] + 1.5) for m in group.members]
    group.radius = max(4.0, sum(room) / (2 * math.pi))
    widest = max(sizes[m][0] for m in group.members)
    tallest = max(sizes[m][1] for m in group.members)
    group.reach = group.radius + 1.2 + (widest if group.rotated_labels else max(widest, tallest))
    scale = 2 * math.pi / sum(room)
    angles, used = {}, 0.0
    for member, space in zip(group.members, room, strict=True):
        angles[member] = math.pi / 2 - (used + space / 2) * scale
        used += space
    return angles


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
    reach = np.array([g.reach for g in groups])
    wanted = np.zeros((count, count))
    for i in range(count):
        for j in range(count):
            if i != j:
                sign = signs.get((min(i, j), max(i, j)), 0)
                wanted[i, j] = (reach[i] + reach[j]) * (
                    1.0 if sign > 0 else 1.6 if sign < 0 else 1.25
                )
    angles = np.array([2 * math.pi * k / count for k in range(count)])
    xy = np.stack([np.cos(angles), np.sin(angles)], axis=1) * float(wanted.max()) / 2
    weight = np.where(wanted > 0, 1.0 / np.where(wanted > 0, wanted, 1.0), 0.0)
    for _ in range(500):
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=2)) + np.eye(count)
        pull = ((dist - wanted) / dist * weight)[:, :, None] * delta
        xy -= 0.5 * pull.sum(axis=1) / count
    for _ in range(500):  # push apart groups that still overlap
        moved = False
        for i in range(count):
            for j in range(i + 1, count):
                gap = reach[i] + reach[j] + 5.0  # room for a bundle's count between them
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


def build(
    ds: Dataset,
    target: str | None = None,
    as_of: DateLike = None,
    top: int | None = None,
    *,
    include_collective: bool = False,
    camps: CampsAnswer | None = None,
) -> AllianceMap:
    """Lay out the alliance map of ``target`` and its parts (everything when None).

    ``target`` is an id or a name, ``as_of`` a date-like, both taken as the questions take
    them (``NameNotFound``, ``AmbiguousName``, ``BadDate``). ``top`` keeps the actors with
    the most statements in that scope (None or 0: all of them); the subtitle says how many
    were left out. Collective actors are left out unless ``include_collective``.

    Only the drawn actors are counted and laid out, each in its camp: the camps are
    ``coalitions``' over every actor (the camps every output names), the ties its signed
    network's between the drawn actors; no statement is built. A caller that has them
    passes ``camps`` (those ``coalitions`` finds for the same scope, date and
    ``include_collective``): they are not found a second time.

    >>> image.build(ds, "UN cybercrime treaty", "2024", top=40)      # doctest: +SKIP
    """
    from positions.questions.alignment import is_collective
    from positions.questions.camps import coalitions
    from positions.questions.positions import counts_as_of
    from positions.questions.resolve import as_of_date, resolve_target

    target = resolve_target(ds, target) if target is not None else None
    when_asked = as_of_date(as_of)
    scope = scope_targets(ds, target)
    leave_out = (
        ()
        if include_collective
        else {a for a in ds.statement_index().by_actor if is_collective(ds, a)}
    )
    kept, in_scope = most_active_actors(ds, target, when_asked, top, leave_out)
    drawn = set(kept) if kept is not None else None
    # the camps are every output's (one computation over every actor); the drawn actors'
    # ties are their pairs' counts by the same alignment rule
    if camps is None:
        camps = coalitions(
            ds,
            when_asked,
            scope,
            runs=0,  # membership and names: no re-runs
            include_collective=include_collective,
        )
    network = camps.polarization.network if camps.polarization is not None else None
    if network is not None and drawn is not None:
        network = network.among(drawn)
    pairs = list(network.ties()) if network is not None else []
    order = {actor: n for n, actor in enumerate(ds.stakeholders)}
    tied = sorted(
        {a for a, b, _, _ in pairs} | {b for a, b, _, _ in pairs},
        key=lambda a: order.get(a, len(order)),
    )
    if not tied:
        raise NothingToShow(
            "no two actors took a side (support or oppose) on the same target: no map to draw"
        )
    groups = [Group(c.number, [m for m in c.members if drawn is None or m in drawn]) for c in camps]
    groups = [g for g in groups if g.members]
    in_camp = {m for g in groups for m in g.members}
    groups += [Group(0, [a]) for a in tied if a not in in_camp]
    group_of = {m: n for n, g in enumerate(groups) for m in g.members}
    labels = {}
    for actor in tied:
        record = ds.stakeholders.get(actor)
        name = display_name(record.name, record.aliases) if record else ds.name_of(actor)
        labels[actor] = "\n".join(textwrap.wrap(name, WRAP, break_on_hyphens=False)) or name
    sizes = {actor: _text_size(label) for actor, label in labels.items()}
    net: dict[tuple[int, int], int] = {}
    ties = []
    for a, b, agree, disagree in pairs:
        ties.append((a, b, agree, disagree))
        i, j = sorted((group_of[a], group_of[b]))
        if i != j:
            net[(i, j)] = net.get((i, j), 0) + agree - disagree
    ties.sort()
    ring_angles: dict[str, float] = {}
    for group in groups:
        ring_angles.update(_place_ring(group, sizes))
    _stress_layout(groups, {k: (v > 0) - (v < 0) for k, v in net.items()})
    places: dict[str, tuple[float, float]] = {}
    angles: dict[str, float] = {}
    middle_x = sum(g.centre[0] for g in groups) / len(groups)
    for group in groups:
        cx, cy = group.centre
        for member in group.members:
            angle = ring_angles[member]
            places[member] = (
                cx + group.radius * math.cos(angle),
                cy + group.radius * math.sin(angle),
            )
            # a single actor's label points away from the middle of the map
            angles[member] = angle if group.radius else (0.0 if cx >= middle_x else math.pi)
    extent = _extent(groups)
    # what the map rests on: the drawn actors' statements in the scope (no statement built)
    index = ds.statement_index()
    actor_of = {n: a for a, numbers in index.by_actor.items() for n in numbers}
    if scope is None:
        in_scope_numbers: set[int] = set(actor_of)
    else:
        in_scope_numbers = {n for part in scope for n in index.by_target.get(part, ())}
    collectives = {actor_of[n] for n in in_scope_numbers if actor_of[n] in leave_out}
    numbers = {
        n
        for n in in_scope_numbers
        if (drawn is None or actor_of[n] in drawn) and actor_of[n] not in leave_out
    }
    facts = statement_facts(ds)
    dates: dict[str | None, PartialDate | None] = {None: None}
    for n in numbers:
        written = facts[n][1]
        if written is not None and written not in dates:
            dates[written] = PartialDate(written)
    undated = sum(1 for n in numbers if facts[n][1] is None)
    when = when_asked or ds.as_of
    date_text = f"as of {when}" if when else "undated statements only"
    if when and undated and when_asked is None:
        date_text += f" (latest dated statement; {undated} of {len(numbers)} undated)"
    elif when_asked is not None and undated:
        # v2: undated statements never count as of a date; the caption says how many
        date_text += f" ({plural(undated, 'undated statement')} left out)"
    cited = {facts[n][0] for n in numbers if counts_as_of(dates[facts[n][1]], when_asked)}
    sources = sorted(ds.sources[s].title for s in cited if s in ds.sources)
    info = ds.info
    # the credit is dataset.yaml's (v2), never the directory's name
    dataset_name = info.title if info is not None and info.title else None
    compiled = f" compiled in “{dataset_name}”" if dataset_name else ""
    if len(sources) <= 2:
        shown_sources = "; ".join(textwrap.shorten(t, 100, placeholder=" […]") for t in sources)
        shown_sources += f"{',' if compiled else ''}{compiled}"
    else:
        shown_sources = f"{len(sources):,} sources{compiled}"
    if info is not None and info.credit:
        shown_sources += f". {info.credit}"
    # actors with a statement in the scope (and drawn) who share no side with another
    hidden = len({actor_of[n] for n in numbers} - set(tied))
    unnamed = [c for c in camps if not c.name]
    held = scoped_sides(ds, when_asked, scope) if unnamed else {}
    camp_notes = {
        c.number: c.name or camp_note(ds, c.members, when_asked, scope, held) for c in camps
    }
    drawn_note = (
        f"{len(tied)} actors" if kept is None else f"The {top:,} most active of {in_scope:,} actors"
    ) + f", {date_text}."
    left_out_note = (
        f"Left out: {plural(len(collectives), 'collective')} (groups a source names "
        "only as a whole; --include-collective draws them)."
        if collectives
        else ""
    )
    ranked = kept if kept is not None else actors_by_activity(ds, target, when_asked, leave_out)
    return AllianceMap(
        groups=groups,
        places=places,
        names={a: ds.name_of(a) for a in tied},
        labels=labels,
        angles=angles,
        ties=ties,
        title=map_title(ds, target),
        subtitle=f"{drawn_note} {TIES_NOTE}" + (f" {left_out_note}" if left_out_note else ""),
        footer=f"Source: {shown_sources}."
        + (
            f" Not shown: {plural(hidden, 'actor')} sharing no target with another."
            if hidden
            else ""
        ),
        camp_notes=camp_notes,
        camp_titles=camp_titles(ds, camps),
        hidden=hidden,
        extent=extent,
        activity={a: n for n, a in enumerate(ranked)},
        drawn_note=drawn_note,
        left_out_note=left_out_note,
    )


def map_title(ds: Dataset, target: str | None) -> str:
    """'Alliances on United Nations Convention against Cybercrime': the target's name (its
    label for a provision), else the dataset's title (dataset.yaml), else 'Alliances'."""
    if target is not None:
        record = ds.targets.get(target)
        name = record.label if record is not None and record.label else ds.name_of(target)
        return f"Alliances on {name}"
    if ds.info is not None and ds.info.title:
        return f"Alliances: {ds.info.title}"
    return "Alliances: who agrees with whom"


def _extent(groups: list[Group]) -> tuple[float, float, float, float]:
    x0 = min(g.centre[0] - g.reach for g in groups)
    x1 = max(g.centre[0] + g.reach for g in groups)
    y0 = min(g.centre[1] - g.reach for g in groups)
    y1 = max(g.centre[1] + g.reach for g in groups)
    return (x0, y0, x1, y1)


#: Above this many ties, ties between groups are drawn as one bundle per pair of groups.
BUNDLE_ABOVE = 80
MARGIN = 0.25  # inches around the drawing


def _camp_colour(number: int) -> str:
    return CAMP_COLOURS[(number - 1) % len(CAMP_COLOURS)]


def _tie_style(net: int) -> tuple[str, Any]:
    if net > 0:
        return AGREE_COLOUR, "-"
    if net < 0:
        return DISAGREE_COLOUR, (0, (5, 3))
    return EVEN_COLOUR, ":"


def figure(amap: AllianceMap) -> Any:
    """The matplotlib Figure of the map (Agg canvas, no pyplot, no global state).

    The page is A4 wide; the font is as large as fits (at most LABEL_SIZE points), and
    one em of the layout is one em of that font, so labels keep the room they were given.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle, Patch

    x0, y0, x1, y1 = amap.extent
    width_in = A4_WIDTH - 2 * MARGIN
    font = min(LABEL_SIZE, width_in * 72 / (x1 - x0))
    if font < 5.0:  # too many actors for a page: keep labels legible, let the page grow wide
        font, width_in = 5.0, (x1 - x0) * 5.0 / 72
    draw_h = (y1 - y0) * font / 72
    draw_w = (x1 - x0) * font / 72
    legend_rows = 4 + sum(1 for g in amap.groups if g.number) + 1
    head_h, legend_h, foot_h = 0.75, 0.17 * legend_rows + 0.1, 0.4
    fig_w = max(A4_WIDTH, width_in + 2 * MARGIN)
    fig_h = head_h + draw_h + legend_h + foot_h + 2 * MARGIN
    fig = Figure(figsize=(fig_w, fig_h), dpi=150)
    FigureCanvasAgg(fig)
    left = (fig_w - draw_w) / 2
    bottom = MARGIN + foot_h + legend_h
    ax = fig.add_axes((left / fig_w, bottom / fig_h, draw_w / fig_w, draw_h / fig_h))
    ax.set_axis_off()
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    group_of = {m: g for g in amap.groups for m in g.members}
    bundled = len(amap.ties) > BUNDLE_ABOVE
    bundles: dict[tuple[int, int, int], int] = {}
    segments: dict[tuple[str, str, float, float], list[list[tuple[float, float]]]] = {}
    styles: dict[tuple[str, str, float, float], Any] = {}
    for a, b, agree, disagree in amap.ties:
        net = agree - disagree
        colour, style = _tie_style(net)
        ga, gb = group_of[a], group_of[b]
        inside = ga is gb
        if bundled and not inside and (ga.number or gb.number):
            i, j = sorted((amap.groups.index(ga), amap.groups.index(gb)))
            key = (i, j, (net > 0) - (net < 0))
            bundles[key] = bundles.get(key, 0) + 1
            continue
        faint = inside and bundled
        width = (0.5 if faint else 0.9) + 0.5 * min(abs(net) or 1, 5)
        look = (colour, str(style), width, 0.25 if faint else 0.8)
        segments.setdefault(look, []).append([amap.places[a], amap.places[b]])
        styles[look] = style
    for look, lines in sorted(segments.items()):  # one collection per look: fast to draw
        colour, _, width, alpha = look
        ax.add_collection(
            LineCollection(
                lines,
                colors=colour,
                linestyles=[styles[look]],
                linewidths=width,
                alpha=alpha,
                zorder=1,
            )
        )
    between: dict[tuple[int, int], dict[int, int]] = {}
    for (i, j, sign), count in sorted(bundles.items()):
        between.setdefault((i, j), {})[sign] = count
    drawn, counted = _rings_and_labels(amap) if between else _Taken(), _Taken()
    for (i, j), counts in between.items():
        one, other = amap.groups[i], amap.groups[j]
        places = _free_count_places(one, other, counts, COUNT_SIZE / font, drawn, counted)
        for sign, place in places.items():
            _draw_bundle(ax, one, other, sign, counts[sign], place)
    for group in amap.groups:
        fill = _camp_colour(group.number) if group.number else None
        if fill is not None:
            ax.add_patch(
                Circle(
                    group.centre,
                    group.radius + 0.9,
                    facecolor=fill,
                    alpha=0.13,
                    edgecolor=fill,
                    linewidth=1.2,
                    zorder=0,
                )
            )
            title, title_size = _ring_title(amap, group, font)
            ax.text(
                *group.centre,
                title,
                ha="center",
                va="center",
                fontsize=title_size,
                linespacing=1.1,
                fontweight="bold",
                zorder=6,
                bbox={
                    "boxstyle": "round,pad=0.25",
                    "facecolor": "white",
                    "edgecolor": fill,
                    "alpha": 0.95,
                },
            )
        xs = [amap.places[m][0] for m in group.members]
        ys = [amap.places[m][1] for m in group.members]
        ax.scatter(
            xs,
            ys,
            s=(font * 1.1) ** 2,
            color=fill or NO_CAMP_COLOUR,
            edgecolors="#222222",
            linewidths=0.8,
            zorder=3,
        )
        for member in group.members:
            _draw_label(ax, amap, group, member, font)
    fig.text(
        MARGIN / fig_w, 1 - MARGIN / fig_h, amap.title, fontsize=14, fontweight="bold", va="top"
    )
    fig.text(
        MARGIN / fig_w,
        1 - (MARGIN + 0.3) / fig_h,
        textwrap.fill(amap.subtitle, 110),
        fontsize=8.5,
        va="top",
        color="#333333",
    )
    handles: list[Any] = [
        Line2D(
            [],
            [],
            color=AGREE_COLOUR,
            linewidth=2.2,
            label="agree: the pair took the same side more often than opposite sides",
        ),
        Line2D(
            [],
            [],
            color=DISAGREE_COLOUR,
            linewidth=2.2,
            linestyle=(0, (5, 3)),
            label="disagree: the pair took opposite sides more often",
        ),
    ]
    if bundles:
        handles.append(
            Line2D(
                [],
                [],
                color="none",
                label="between groups: one line per kind of tie, labelled with how many "
                "actor pairs it stands for",
            )
        )
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
            title = amap.camp_titles.get(group.number, f"Camp {group.number}")
            note = amap.camp_notes.get(group.number)
            text = title if title != f"Camp {group.number}" or not note else f"{title}: {note}"
            text += f" ({plural(len(group.members), 'actor')})"
            handles.append(
                Patch(
                    facecolor=_camp_colour(group.number),
                    edgecolor="#222222",
                    label=textwrap.shorten(text, 100, placeholder=" […]"),
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
        fontsize=7.5,
        frameon=False,
        ncol=1,
        handlelength=3,
        bbox_to_anchor=(MARGIN / fig_w, (bottom - 0.05) / fig_h),
        borderaxespad=0,
        labelspacing=0.35,
    )
    fig.text(
        MARGIN / fig_w,
        MARGIN / fig_h,
        textwrap.fill(amap.footer, 130),
        fontsize=7,
        color="#444444",
        va="bottom",
    )
    return fig


#: A camp's title inside its ring is this many points larger than the actors' labels.
RING_TITLE = 2.0
#: A ring smaller than this (radius, in ems) titles its camp at the labels' size.
SMALL_RING = 6.0


def _ring_size(group: Group, font: float) -> float:
    """The size of a camp's title: larger than the labels, unless its ring is small."""
    return font + RING_TITLE if group.radius >= SMALL_RING else font


#: The smallest a camp's title is set, as a share of its size, before its words are cut.
RING_TITLE_SHRINK = 0.7


def _ring_title(amap: AllianceMap, group: Group, font: float) -> tuple[str, float]:
    """The camp's title wrapped to the width of its ring, and its font size (``font``: the
    labels' size, one em of the layout; a character of the title is about 0.55 of its
    size). The whole title when it fits at its size or a little smaller, down to
    ``RING_TITLE_SHRINK`` of it; else what most defines the camp (the legend has all); else
    that cut to the lines the ring holds."""
    title = amap.camp_titles.get(group.number, f"Camp {group.number}")
    full = _ring_size(group, font)
    points = max(2 * group.radius * 0.6, 6.0) * font

    def wrapped(text: str, size: float) -> tuple[list[str], int, int]:
        chars = max(int(points / (0.55 * size)), 10)
        room = max(int(0.9 * group.radius * font / (LINE_HEIGHT * size)), 2)
        return textwrap.wrap(text, chars, break_on_hyphens=False), chars, room

    sizes = [full * share for share in (1.0, 0.85, RING_TITLE_SHRINK)]
    for text in (title, title.split("; ")[0]):
        for size in sizes:
            lines, _, room = wrapped(text, size)
            if len(lines) <= room:
                return "\n".join(lines), size
    lines, chars, room = wrapped(title.split("; ")[0], sizes[-1])
    rest = textwrap.shorten(" ".join(lines[room - 1 :]), chars, placeholder=" …")
    return "\n".join([*lines[: room - 1], rest]), sizes[-1]


#: Ems between an actor's node and its label.
LABEL_GAP = 0.9


def _label_alignment(group: Group, dx: float, dy: float) -> tuple[str, str]:
    """How an actor's label (its node in direction ``dx``, ``dy`` from the ring's centre)
    is aligned to its anchor: beside the node, outwards, on big rings (along the radius)
    and for lone actors; around it, by the direction, on small rings."""
    if group.radius == 0 or group.rotated_labels:
        return ("right" if dx < -1e-9 else "left"), "center"
    ha = "left" if dx > 0.3 else "right" if dx < -0.3 else "center"
    va = "bottom" if dy > 0.3 else "top" if dy < -0.3 else "center"
    return ha, va


def _draw_label(ax: Any, amap: AllianceMap, group: Group, member: str, font: float) -> None:
    x, y = amap.places[member]
    angle = amap.angles[member]
    dx, dy = math.cos(angle), math.sin(angle)
    ha, va = _label_alignment(group, dx, dy)
    rotation = 0.0
    if group.radius and group.rotated_labels:
        rotation = math.degrees(angle) + (180 if ha == "right" else 0)
    ax.annotate(
        amap.labels[member],
        (x, y),
        xytext=(dx * LABEL_GAP * font, dy * LABEL_GAP * font),
        textcoords="offset points",
        ha=ha,
        va=va,
        rotation=rotation,
        rotation_mode="anchor",
        fontsize=font,
        zorder=5,
        linespacing=1.0,
        bbox={
            "boxstyle": "square,pad=0.05",
            "facecolor": "white",
            "edgecolor": "none",
            "alpha": 0.9,
        },
    )


#: How far apart, in ems, the agree and disagree bundles between two groups run (each this
#: far off the line between the groups' centres), and how much farther off its line a count
#: sits when the counts are spaced along it.
BUNDLE_SHIFT, COUNT_ACROSS = 1.6, 2.0
#: The font size of a bundle's count, in points.
COUNT_SIZE = 7.0
#: Room around a count's text (its box's padding, both sides) and between two counts, in ems
#: of the count's font.
COUNT_PAD, COUNT_GAP = 0.4, 0.6


def _bundle_text(sign: int, count: int) -> str:
    """'381 pairs agree', '1 pair disagrees', '24 pairs even'."""
    kind = "agree" if sign > 0 else "disagree" if sign < 0 else "even"
    unit = "pair" if count == 1 else "pairs"
    verb = f"{kind}s" if count == 1 and sign else kind
    return f"{count:,} {unit} {verb}"


def _count_places(
    a: Group, b: Group, counts: dict[int, int], scale: float, slide: float = 0.0
) -> dict[int, tuple[float, float]]:
    """Where each bundle's count (by sign) sits between ``a`` and ``b``: how far along the
    line from ``a``'s centre and how far across it (towards the agree side), in the layout's
    ems; ``scale`` is the count's font over the layout's. The counts of one pair of groups
    are centred between the groups' labels, one after another along the line when they fit
    there, else stacked across it when that takes less room (a short, flat line), so two
    counts never cover each other. ``slide`` moves them all that far along the line."""
    (ax_, ay), (bx, by) = a.centre, b.centre
    length = math.hypot(bx - ax_, by - ay) or 1.0
    ux, uy = abs(bx - ax_) / length, abs(by - ay) / length
    order: list[int] = [sign for sign in (1, 0, -1) if sign in counts]  # agree side first
    sizes = [_text_size(_bundle_text(sign, counts[sign])) for sign in order]
    pad, gap = COUNT_PAD, COUNT_GAP * scale
    # each count's box seen along the line and across it
    along = [(ux * (w + pad) + uy * (h + pad)) * scale for w, h in sizes]
    across = [(uy * (w + pad) + ux * (h + pad)) * scale for w, h in sizes]
    first = min(a.reach + 1.0, length / 2)
    last = max(length - b.reach - 1.0, length / 2)
    middle = (first + last) / 2 + slide
    along_span = sum(along) + gap * (len(order) - 1)
    across_span = sum(across) + gap * (len(order) - 1)
    places: dict[int, tuple[float, float]] = {}
    if along_span <= last - first or along_span <= across_span:
        at = middle - along_span / 2
        for sign, room in zip(order, along, strict=True):
            places[sign] = (at + room / 2, BUNDLE_SHIFT * COUNT_ACROSS * sign)
            at += room + gap
        return places
    at = across_span / 2
    for sign, room in zip(order, across, strict=True):
        places[sign] = (middle, at - room / 2)
        at -= room + gap
    return places


#: How far, in ems, a count may move along its line (a share of the line's length) and
#: across it to keep off the other counts and the groups' rings and labels, and the step
#: it moves by.
COUNT_SLIDE, COUNT_SHIFT, COUNT_STEP = 0.3, 6.0, 1.0

_Box = tuple[float, float, float, float]  # a level box: centre x, y and half width, height


class _Taken:
    """What is drawn where, as the cells of a grid (``CELL`` ems a side) that anything
    drawn touches: a box is free when no cell it touches is taken, so two boxes that are
    both added never overlap."""

    CELL = 0.5

    def __init__(self) -> None:
        self.cells: set[tuple[int, int]] = set()

    def _cells(self, box: _Box) -> Iterator[tuple[int, int]]:
        x, y, w, h = box
        size = self.CELL
        for i in range(math.floor((x - w) / size), math.floor((x + w) / size) + 1):
            for j in range(math.floor((y - h) / size), math.floor((y + h) / size) + 1):
                yield i, j

    def free(self, box: _Box) -> bool:
        return not any(cell in self.cells for cell in self._cells(box))

    def add(self, box: _Box) -> None:
        self.cells.update(self._cells(box))


def _rings_and_labels(amap: AllianceMap) -> _Taken:
    """The cells the groups' rings and the actors' labels take (as ``_draw_label`` places
    them: along the radius on big rings, level elsewhere)."""
    taken = _Taken()
    for group in amap.groups:
        (gx, gy), r = group.centre, group.radius + 0.9
        step = taken.CELL
        for k in range(-math.ceil(r / step), math.ceil(r / step) + 1):
            half = math.sqrt(max(r * r - (k * step) ** 2, 0.0))
            taken.add((gx, gy + k * step, half, step / 2))
        for member in group.members:
            x, y = amap.places[member]
            dx, dy = math.cos(amap.angles[member]), math.sin(amap.angles[member])
            width, height = _text_size(amap.labels[member])
            x, y = x + LABEL_GAP * dx, y + LABEL_GAP * dy  # the label's anchor
            if group.radius and group.rotated_labels:  # along the radius, a box per step
                for k in range(math.ceil(width / step) + 1):
                    at = min(k * step, width)
                    taken.add((x + at * dx, y + at * dy, height / 2, height / 2))
                continue
            ha, va = _label_alignment(group, dx, dy)
            cx = x + width / 2 if ha == "left" else x - width / 2 if ha == "right" else x
            cy = y + height / 2 if va == "bottom" else y - height / 2 if va == "top" else y
            taken.add((cx, cy, width / 2, height / 2))
    return taken


def _free_count_places(
    a: Group, b: Group, counts: dict[int, int], scale: float, drawn: _Taken, counted: _Taken
) -> dict[int, tuple[float, float]]:
    """``_count_places`` of ``a`` and ``b``, each count moved along and across the line to
    the nearest place where its box touches neither ``drawn`` (the rings and labels) nor
    ``counted`` (the counts placed before); else the nearest clear of ``counted``; else
    where ``_count_places`` puts it. Each box is added to ``counted``. Lengths are in the
    layout's ems."""
    (ax_, ay), (bx, by) = a.centre, b.centre
    length = math.hypot(bx - ax_, by - ay) or 1.0
    ux, uy = (bx - ax_) / length, (by - ay) / length
    reach = int(length * COUNT_SLIDE / COUNT_STEP)
    shifts = int(COUNT_SHIFT / COUNT_STEP)
    moves = sorted(
        (
            (COUNT_STEP * along, COUNT_STEP * across)
            for along in range(-reach, reach + 1)
            for across in range(-shifts, shifts + 1)
        ),
        key=lambda move: (math.hypot(*move), move),
    )

    def box(place: tuple[float, float], size: tuple[float, float]) -> _Box:
        on, off = place
        half_w, half_h = (size[0] + COUNT_PAD) * scale / 2, (size[1] + COUNT_PAD) * scale / 2
        return (ax_ + ux * on - uy * off, ay + uy * on + ux * off, half_w, half_h)

    chosen: dict[int, tuple[float, float]] = {}
    for sign, (along, across) in _count_places(a, b, counts, scale).items():
        size = _text_size(_bundle_text(sign, counts[sign]))
        tried = [(along + slide, across + shift) for slide, shift in moves]
        chosen[sign] = next(
            (
                place
                for grids in ((drawn, counted), (counted,))
                for place in tried
                if all(grid.free(box(place, size)) for grid in grids)
            ),
            (along, across),
        )
        counted.add(box(chosen[sign], size))
    return chosen


def _draw_bundle(
    ax: Any, a: Group, b: Group, sign: int, count: int, place: tuple[float, float]
) -> None:
    """One line for all ties of one kind between two groups, from ring to ring, with its
    count at ``place`` (along the line and across it: ``_count_places``)."""
    (ax_, ay), (bx, by) = a.centre, b.centre
    length = math.hypot(bx - ax_, by - ay) or 1.0
    ux, uy = (bx - ax_) / length, (by - ay) / length
    # agree and disagree bundles between the same groups run side by side
    shift = BUNDLE_SHIFT * sign
    px, py = -uy * shift, ux * shift
    colour, style = _tie_style(sign)

    def point(distance: float) -> tuple[float, float]:
        return (ax_ + ux * distance + px, ay + uy * distance + py)

    # thick between the groups' labels, thin and faint across the labels to the rings
    ring_a, ring_b = a.radius + 0.9, length - b.radius - 0.9
    outer_a, outer_b = min(a.reach, length / 2), max(length - b.reach, length / 2)
    if outer_b - outer_a < 8.0:  # close groups: the thick part still shows around the count
        middle = (outer_a + outer_b) / 2
        outer_a, outer_b = max(ring_a, middle - 4.0), min(ring_b, middle + 4.0)
    for (d0, d1), width, alpha in (
        ((ring_a, outer_a), 1.0, 0.35),
        ((outer_a, outer_b), 1.0 + 0.8 * math.log2(count + 1), 0.85),
        ((outer_b, ring_b), 1.0, 0.35),
    ):
        (x0, y0), (x1, y1) = point(d0), point(d1)
        ax.plot(
            [x0, x1],
            [y0, y1],
            color=colour,
            linestyle=style,
            linewidth=width,
            alpha=alpha,
            zorder=2,
        )
    along, across = place
    ax.text(
        ax_ + ux * along - uy * across,
        ay + uy * along + ux * across,
        _bundle_text(sign, count),
        ha="center",
        va="center",
        fontsize=COUNT_SIZE,
        color=colour,
        zorder=4,
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": colour, "alpha": 0.9},
    )


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
    # names are text, never mathtext: a "$" in a name is drawn as a dollar sign
    settings: dict[str, Any] = {
        "svg.hashsalt": SVG_HASH_SALT,
        "svg.fonttype": "path",
        "text.parse_math": False,
    }
    with matplotlib.rc_context(settings):  # type: ignore[arg-type]
        fig = figure(amap)
        stream = io.BytesIO()
        fig.savefig(stream, format=image_format, metadata=metadata, dpi=150)
    if image_format == "svg":  # any text the data holds leaves the SVG well-formed
        return xml_text(stream.getvalue().decode("utf-8")).encode("utf-8")
    return stream.getvalue()


#: The image formats the map is drawn in.
IMAGE_FORMATS = ("png", "svg", "pdf")


def image_format(path: str) -> str:
    """The image format ``path`` names by its suffix: ``png``, ``svg`` or ``pdf``.

    >>> image_format("out/alliances.PNG")
    'png'
    """
    chosen = Path(path).suffix.lower().lstrip(".")
    if path == STDOUT or chosen not in IMAGE_FORMATS:
        raise ExportError(
            f"cannot tell the image format of '{path}'",
            hint="name a file ending in .png, .svg or .pdf, e.g. -o alliances.png",
        )
    return chosen


def outputs(ds: Dataset, request: ExportRequest) -> list[OutputFile]:
    """The alliance map image of the request (its format: ``request.format`` or the suffix)."""
    request = request.resolved(ds)  # names and dates as the questions take them
    chosen = request.format or image_format(request.path)
    top = MAP_ACTORS if request.top is None else request.top
    amap = build(
        ds, request.target, request.as_of, top, include_collective=request.include_collective
    )
    what = f"alliance map ({plural(len(amap.names), 'actor')})"
    return [OutputFile(request.path, render(amap, chosen), what)]
