"""The two-page briefing a minister reads: takeaways, named camps, the map, a small matrix,
the quotes that decide positions on the instrument, sources, as-of and credit.

``build`` gathers what it says (library data, no formatting) from the answers of
``positions.questions`` (positions, ``who``, ``contested``, camps); ``render_markdown`` and
``render_html`` write it, and ``brief_docx`` and ``brief_pdf`` write it as Word and PDF.
``positions brief --full`` is the long form (``positions.export.brief``).
"""

from __future__ import annotations

import base64
import textwrap
from dataclasses import dataclass, field
from urllib.parse import quote as quote_path

from positions.data.dataset import Dataset
from positions.export.brief import KeyQuote, md_source
from positions.export.escaping import md_escape
from positions.export.labels import camp_titles, plural, prose_name
from positions.export.matrix import Matrix, legend
from positions.export.matrix import build as build_matrix
from positions.export.matrix import render_markdown as matrix_markdown
from positions.export.outputs import ExportError, NothingToShow
from positions.export.scope import (
    MAP_ACTORS,
    actors_by_activity,
    scope_targets,
    scoped_positions,
)
from positions.export.web import html_environment
from positions.model import PartialDate, Stance
from positions.questions.alignment import is_collective
from positions.questions.answers import Evidence, WhoAnswer
from positions.questions.positions import Position, StanceRecord

#: How much the two pages hold: matrix rows and columns, quotes, members named per camp.
BRIEF_ACTORS = 12
BRIEF_TARGETS = 8
BRIEF_QUOTES = 6
CAMP_LEADERS = 3
#: Defining targets explained for each camp (its name already lists them).
CAMP_DEFINING = 1

_INFINITIVE = {
    Stance.SUPPORT: "support",
    Stance.OPPOSE: "oppose",
    Stance.MIXED: "are mixed on",
    Stance.NEUTRAL: "are neutral on",
}


@dataclass(frozen=True, slots=True)
class CampSummary:
    """A named camp as the two pages show it: what defines it and its most active members."""

    label: str
    size: int
    defining: tuple[str, ...]
    leaders: tuple[str, ...]

    @property
    def description(self) -> str:
        """'34 actors; 91% of them support X (14% of the rest). Most active: A, B, C.'"""
        text = f"{plural(self.size, 'actor')}" + "".join(f"; {d}" for d in self.defining)
        return f"{text}. Most active: {', '.join(self.leaders)}."


@dataclass
class ShortBriefing:
    """Everything the two-page briefing says, ready to be written in any format."""

    title: str
    instrument: str | None
    #: what the text calls the instrument after the title: 'the cybercrime convention'
    instrument_short: str | None
    takeaways: list[str]
    camps: list[CampSummary]
    #: collective actors (named only as a whole): listed, left out of camps
    left_out_of_camps: list[str]
    #: actors in the network that belong to no camp
    in_no_camp: int
    matrix: Matrix
    quotes: list[KeyQuote]
    changes: list[str]
    sources: list[dict[str, str]]
    as_of: str
    credit: str
    map_png: bytes | None = None
    map_note: str | None = None
    #: the map's title, legend and source, set as text under it (``briefmap.caption``)
    map_caption: str = ""
    legend: list[tuple[str, str]] = field(default_factory=list)
    #: how many actors and targets the matrix leaves out
    matrix_note: str = ""
    #: the camps' polarization sentence (``brief.polarization_note``), empty without ties
    polarization: str = ""

    @property
    def dated(self) -> str:
        """'Data as of 2025-10-30. Compiled by ...': the as-of date and the credit."""
        return f"Data as of {self.as_of}." + (f" {self.credit}." if self.credit else "")

    @property
    def meta(self) -> str:
        """The line under the title: the instrument's full name when the title does not
        give it, then ``dated``."""
        named = self.instrument and self.instrument not in self.title
        return (f"{self.instrument}. " if named else "") + self.dated


#: Flips the two pages list one by one; the rest are counted (``positions flips`` has them).
BRIEF_CHANGES = 5
#: A source title in a 'what changed' line is cut to this many characters (two pages).
SOURCE_WIDTH = 70


def what_changed(ds: Dataset, scope: list[str] | None, as_of: PartialDate | None) -> list[str]:
    """The 'what changed' lines: the flips (``positions.flips``) of the last year up to
    ``as_of`` (default: the latest date in the data) on the ``scope`` targets (all when
    None), newest first, each one sentence with both dates and the citation of the statement
    that shows the new position; one line saying so when nobody moved, none without dates.

    >>> what_changed(ds, ["pact", "pact-art-1"], None)         # doctest: +SKIP
    ['Dorna went from oppose to mixed on The Pact (2020-07 → 2023-02): Dorna, 2023-02, ...']
    """
    from positions.questions.positions import counts_as_of
    from positions.questions.time import WindowBy, flips, windows

    last = as_of or ds.as_of
    if last is None:
        return []
    label, start, end, _ = windows(last.end, last.end, WindowBy.YEAR)[0]
    window = label if last.end == end else f"{label} (up to {last})"
    wanted = set(scope) if scope is not None else None
    found = [
        flip
        for flip in flips(ds, since=start)
        if (wanted is None or flip.target in wanted)
        and counts_as_of(PartialDate(flip.to_date), last)
    ]
    if not found:
        return [f"No actor changed position in {window}."]
    lines = [
        f"{flip.actor_name} went from {flip.from_stance.value} to {flip.to_stance.value} on "
        f"{prose_name(ds, flip.target)} ({flip.from_date} → {flip.to_date}): "
        f"{_evidence_citation(flip.actor_name, flip.to_evidence, flip.to_stance)}."
        for flip in found[:BRIEF_CHANGES]
    ]
    if len(found) > BRIEF_CHANGES:
        more = len(found) - BRIEF_CHANGES
        lines.append(
            f"{plural(more, 'more change')} in {window}: positions flips --since {start.year}."
        )
    return lines


def _evidence_citation(actor_name: str, evidence: tuple[Evidence, ...], stance: Stance) -> str:
    """'Speaker (Actor), 2023-02, Source title': of the statements of the deciding date, one
    taking the new stance, a verbatim quote before a paraphrase (as ``deciding_record``)."""
    item = min(evidence, key=lambda e: (e.stance is not stance, e.is_paraphrase))
    who = f"{item.speaker_name} ({actor_name})" if item.speaker_name else actor_name
    when = item.date or "undated"
    if item.date and item.date_from_source:
        when = f"source published {item.date}"
    source = textwrap.shorten(item.source_title or item.source, SOURCE_WIDTH, placeholder=" …")
    return f"{who}, {when}, {source}"


def _names(ds: Dataset, actors: list[str] | tuple[str, ...], limit: int = 3) -> str:
    shown = [ds.name_of(a) for a in actors[:limit]]
    if len(shown) > 1:
        return ", ".join(shown[:-1]) + " and " + shown[-1]
    return shown[0] if shown else ""


def _by_activity(
    actors: list[str] | tuple[str, ...], busy: dict[str, int], ds: Dataset
) -> list[str]:
    """``actors`` the most active first: ``busy`` is each actor's place in
    ``actors_by_activity`` (the most statements in the scope, ties to file order)."""
    return sorted(actors, key=lambda a: (busy.get(a, len(busy)), a))


def deciding_record(position: Position) -> StanceRecord:
    """Of the statements that decide ``position`` (its latest date), the one to quote:
    one taking the position's own stance, a verbatim quote before a paraphrase, first in
    file order."""
    return min(
        position.evidence,
        key=lambda r: (r.stance is not position.stance, r.statement.quote is None),
    )


def deciding_quotes(
    ds: Dataset,
    positions: dict[tuple[str, str], Position],
    instrument: str,
    busy: dict[str, int],
    limit: int = BRIEF_QUOTES,
) -> list[KeyQuote]:
    """Up to ``limit`` actors' deciding statements on ``instrument`` itself: the most active
    actors, taken in turn from each position (support, oppose, mixed, neutral) so that every
    side speaks; actors whose deciding statement is a verbatim quote first, collectives
    last."""
    holders: dict[Stance, list[str]] = {}
    for (actor, target), position in positions.items():
        if target == instrument:
            holders.setdefault(position.stance, []).append(actor)
    queues = [
        sorted(
            _by_activity(holders.get(stance, []), busy, ds),
            key=lambda a: (
                is_collective(ds, a),
                deciding_record(positions[(a, instrument)]).statement.quote is None,
            ),
        )
        for stance in Stance
    ]
    chosen: list[str] = []
    while len(chosen) < limit and any(queues):
        for queue in queues:
            if queue and len(chosen) < limit:
                chosen.append(queue.pop(0))
    found = []
    for actor in chosen:
        position = positions[(actor, instrument)]
        statement = deciding_record(position).statement
        found.append(KeyQuote.of(ds, statement, position.stance, instrument))
    return found


def _stance_takeaway(
    ds: Dataset,
    answer: WhoAnswer,
    instrument: str,
    busy: dict[str, int],
) -> str | None:
    """'15 actors oppose the convention itself, led by …; 10 more oppose parts of it only.'

    ``answer`` is the ``who`` answer of one stance on ``instrument``."""
    stance = answer.stance.value
    itself = _by_activity(answer.actors_on_target, busy, ds)
    parts = answer.actors_on_parts_only
    if not itself and not parts:
        return None
    name = prose_name(ds, instrument)  # the title has its full name
    organised = [a for a in itself if not is_collective(ds, a)]
    collectives = len(itself) - len(organised)
    text = f"{plural(len(organised), 'actor')} {stance} {name} itself"
    if organised:
        text += f", led by {_names(ds, organised)}"
    if collectives:
        text += f" (and {plural(collectives, 'collective')}, named only as a group)"
    if parts:
        text += f"; {len(parts)} more {stance} parts of it only"
    return text + "."


def build(
    ds: Dataset,
    target: str | None = None,
    as_of: PartialDate | None = None,
    with_map: bool = True,
    include_collective: bool = False,
) -> ShortBriefing:
    """The two-page briefing on ``target`` (default: dataset.yaml's ``main_target``)."""
    from positions.export import briefmap, image
    from positions.export.brief import polarization_note
    from positions.questions.ask import contested_order, who_each
    from positions.questions.camps import coalitions

    info = ds.info
    if target is None and info is not None and info.main_target in ds.targets:
        target = info.main_target
    scope = scope_targets(ds, target)
    # a statement that counts as of the date makes a position: none, nothing to brief on
    busy = {a: n for n, a in enumerate(actors_by_activity(ds, target, as_of))}
    if not busy:
        raise NothingToShow("nothing to brief on: no actor has a position in this scope")
    # the quotes are of positions on the instrument itself: only those are decided
    positions = scoped_positions(ds, as_of, [target]) if target is not None else {}
    camps_found = coalitions(ds, as_of, scope, runs=0, include_collective=include_collective)
    titles = camp_titles(ds, camps_found)
    camps = [
        CampSummary(
            label=titles[c.number],
            size=len(c.members),
            defining=tuple(
                f"{d.share:.0%} of them {_INFINITIVE[d.stance]} {prose_name(ds, d.target)} "
                f"({d.others_share:.0%} of the rest)"
                for d in c.defining[:CAMP_DEFINING]
            ),
            leaders=tuple(ds.name_of(a) for a in _by_activity(c.members, busy, ds)[:CAMP_LEADERS]),
        )
        for c in camps_found
    ]
    collectives = [
        ds.name_of(a) for a in _by_activity(list(busy), busy, ds) if is_collective(ds, a)
    ]
    matrix = build_matrix(  # the most active actors on the most contested targets
        ds,
        target,
        as_of,
        [m for c in camps_found for m in c.members],
        top=BRIEF_ACTORS,
        columns=BRIEF_TARGETS,
        leave_out=[a for a in busy if is_collective(ds, a)],
    )
    instrument = target
    takeaways = []
    if instrument is not None:  # who opposes and who supports, the positions decided once
        for answer in who_each(ds, (Stance.OPPOSE, Stance.SUPPORT), instrument, as_of).values():
            line = _stance_takeaway(ds, answer, instrument, busy)
            if line:
                takeaways.append(line)
    if camps:
        no_camp = [a for a in camps_found.unaligned if not is_collective(ds, a)]
        takeaways.append(
            f"They form {plural(len(camps), 'camp')}: "
            + "; ".join(f"“{c.label}” ({c.size})" for c in camps)
            + (f"; {plural(len(no_camp), 'actor')} in no camp." if no_camp else ".")
        )
    split = [
        (t, counts)
        for t, counts in contested_order(ds, as_of)
        if (scope is None or t in scope) and t != instrument
    ]
    if split:  # the instrument itself is said above: what divides them beyond it
        top, counts = split[0]
        takeaways.append(
            f"What splits them most{' beyond the instrument' if instrument else ''}: "
            f"{ds.name_of(top)}, {counts[Stance.SUPPORT]} support and "
            f"{counts[Stance.OPPOSE]} oppose."
        )
    if collectives:
        takeaways.append(
            f"{plural(len(collectives), 'collective')} ({_names_text(collectives)}): groups a "
            "source names only as a whole; their positions are listed, they are left out of "
            "camps."
        )
    changes = what_changed(ds, scope, as_of)
    when = as_of or ds.as_of
    quotes = deciding_quotes(ds, positions, instrument, busy) if instrument else []
    sources = list({q.source["title"]: q.source for q in quotes}.values())
    instrument_name = short_name(ds, instrument) if instrument else None
    briefing = ShortBriefing(
        title=f"Briefing: {instrument_name}" if instrument_name else _title(ds),
        instrument=ds.name_of(instrument) if instrument else None,
        instrument_short=prose_name(ds, instrument) if instrument else None,
        takeaways=takeaways[:5],
        camps=camps,
        left_out_of_camps=collectives,
        in_no_camp=len([a for a in camps_found.unaligned if not is_collective(ds, a)]),
        matrix=matrix,
        quotes=quotes,
        changes=changes,
        sources=sources,
        as_of=str(when) if when else "unknown (no dated statement)",
        credit=(info.credit if info is not None and info.credit else ""),
        legend=legend(matrix),
        polarization=polarization_note(camps_found),
        matrix_note=(
            f"The {len(matrix.actors)} most active actors on the "
            f"{len(matrix.targets)} most contested targets"
            + (
                f"; {matrix.left_out} more in the full matrix (positions matrix)."
                if matrix.left_out
                else "."
            )
        ),
    )
    if with_map:
        try:
            amap = image.build(  # the map's own default; the camps and positions above
                ds,
                target,
                as_of,
                top=MAP_ACTORS,
                include_collective=include_collective,
                camps=camps_found,
            )
            briefing.map_png = briefmap.render(amap)  # drawn for the page's box
            briefing.map_caption = briefmap.caption(amap)
        except ExportError as error:
            briefing.map_note = str(error)
    return briefing


def quotes_heading(briefing: ShortBriefing) -> str:
    """'Key quotes: what decides each position on the cybercrime convention'."""
    if briefing.instrument_short is None:
        return "Key quotes"
    return f"Key quotes: what decides each position on {briefing.instrument_short}"


def _names_text(names: list[str], limit: int = 3) -> str:
    shown = names[:limit]
    more = len(names) - len(shown)
    text = ", ".join(shown)
    return text + (f" and {more} more" if more else "")


def short_name(ds: Dataset, target: str) -> str:
    """A target as a title names it: its label, else its shortest alias of two words or
    more when the name is long, else its name."""
    record = ds.targets.get(target)
    if record is None:
        return ds.name_of(target)
    if record.label:
        return record.label
    name = record.name or record.id
    wordy = [a for a in record.aliases if len(a.split()) >= 2 and len(a) < len(name)]
    return name if len(name) <= 48 or not wordy else min(wordy, key=len)


def _title(ds: Dataset) -> str:
    if ds.info is not None and ds.info.title:
        return f"Briefing: {ds.info.title}"
    return "Briefing: where the actors stand"


def render_markdown(briefing: ShortBriefing, map_name: str | None) -> str:
    """The two-page briefing as Markdown; ``map_name`` is the map file written beside it."""
    lines = [f"# {md_escape(briefing.title)}", ""]
    lines += [md_escape(briefing.meta), "", "## Takeaways", ""]
    lines += [f"- {md_escape(t)}" for t in briefing.takeaways]
    lines += ["", "## Camps", ""]
    for camp in briefing.camps:
        lines.append(f"- **{md_escape(camp.label)}** — {md_escape(camp.description)}")
    if briefing.left_out_of_camps:
        lines.append(
            "- **Left out of camps** (collectives): "
            + md_escape(", ".join(briefing.left_out_of_camps))
        )
    if briefing.polarization:
        lines += ["", md_escape(briefing.polarization)]
    lines += ["", "## Alliance map", ""]
    if briefing.map_png is not None and map_name:
        lines.append(f"![Alliance map: camps and the ties between actors]({quote_path(map_name)})")
        lines += ["", md_escape(briefing.map_caption)]
    else:
        lines.append(f"_No map: {md_escape(briefing.map_note or 'written only with -o FILE')}_")
    lines += ["", "## Positions", "", matrix_markdown(briefing.matrix).rstrip("\n"), ""]
    lines += [md_escape(briefing.matrix_note), ""]
    if briefing.changes:
        lines += ["## What changed", ""] + [f"- {md_escape(c)}" for c in briefing.changes]
        lines.append("")
    lines += [f"## {md_escape(quotes_heading(briefing))}", ""]
    for quote in briefing.quotes:
        lines += quote.markdown(target_said=True)
    lines += ["", "## Sources", ""]
    lines += [f"- {md_source(source)}" for source in briefing.sources]
    return "\n".join(lines) + "\n"


def map_data_uri(briefing: ShortBriefing) -> str | None:
    """The map as a ``data:`` PNG for HTML, or None without a map."""
    if briefing.map_png is None:
        return None
    return "data:image/png;base64," + base64.b64encode(briefing.map_png).decode("ascii")


def render_html(briefing: ShortBriefing) -> str:
    """The two-page briefing as one standalone HTML page that prints on A4 or Letter."""
    template = html_environment().get_template("brief_short.html.j2")
    from positions.export.briefmap import BOX_MM

    page: str = template.render(
        b=briefing,
        map_mm=BOX_MM,
        matrix=briefing.matrix,
        legend=briefing.legend,
        map_uri=map_data_uri(briefing),
        quotes_heading=quotes_heading(briefing),
    )
    return page
