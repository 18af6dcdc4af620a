"""The briefing document: where things stand, the camps, the matrix, the quotes, the map.

``build`` gathers what a briefing says (library data, no formatting); ``render_markdown``
and ``render_html`` write it. The Markdown form links the alliance map written beside it
(``brief.png`` next to ``brief.md``); the HTML form embeds it as a ``data:`` PNG, so the
one file can be sent as it is (no script, no request: a strict CSP forbids both).
"""

from __future__ import annotations

import base64
import datetime
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote as quote_path

from positions.data.dataset import Dataset
from positions.export.escaping import md_escape
from positions.export.labels import STANCE_VERBS, date_label, plural, source_citation
from positions.export.matrix import Matrix, legend
from positions.export.matrix import build as build_matrix
from positions.export.matrix import render_markdown as matrix_markdown
from positions.export.outputs import STDOUT, ExportError, ExportRequest, OutputFile
from positions.export.scope import camp_note, scope_targets, scoped_positions
from positions.export.web import html_environment, safe_url
from positions.model import PartialDate, Stance, Statement
from positions.questions.alignment import is_collective
from positions.questions.positions import Position, StanceRecord

if TYPE_CHECKING:
    from positions.questions.ask import PositionRow
    from positions.questions.camps import CampsAnswer

#: The briefing's matrix shows at most this many targets: those most actors spoke to.
BRIEF_MATRIX_TARGETS = 12


@dataclass(frozen=True, slots=True)
class KeyQuote:
    """A statement that shows where an actor stands, with its citation: the long form's
    key quote of each actor and the two pages' deciding quotes (``brief_short``)."""

    actor: str
    actor_name: str
    #: the statement's id
    statement: str
    text: str
    is_paraphrase: bool
    speaker: str | None
    date: str | None
    #: the actor's position on ``target`` (which the statement shows), and the target's name
    stance: str
    target: str
    source: dict[str, str]

    @classmethod
    def of(cls, ds: Dataset, statement: Statement, stance: Stance, target: str) -> KeyQuote:
        """The quote of ``statement``, showing its actor's ``stance`` on ``target`` (an id)."""
        return cls(
            actor=statement.actor,
            actor_name=ds.name_of(statement.actor),
            statement=statement.id,
            text=statement.text,
            is_paraphrase=statement.is_paraphrase,
            speaker=ds.name_of(statement.speaker) if statement.speaker else None,
            date=date_label(ds, statement),
            stance=stance.value,
            target=ds.name_of(target),
            source=source_citation(ds, statement.source),
        )

    @property
    def position(self) -> str:
        """'opposes Article 35', 'is mixed on Article 35': the position the quote shows."""
        return f"{STANCE_VERBS[self.stance]} {self.target}"

    @property
    def stance_word(self) -> str:
        """'supports', 'opposes', 'mixed', 'neutral': the position where the target is said
        around the quote (the two pages' quotes are all on the instrument)."""
        return STANCE_VERBS[self.stance].removeprefix("is ").removesuffix(" on")

    @property
    def citation(self) -> str:
        """'Tirana Hassan (Human Rights Watch), 2024-07' — who and when, as written."""
        who = f"{self.speaker} ({self.actor_name})" if self.speaker else self.actor_name
        return f"{who}, {self.date or 'undated'}"

    def markdown(self, target_said: bool = False) -> list[str]:
        """The quote as two Markdown lines: who, the position and the words; the citation.
        ``target_said``: the heading names the target, the line only the stance."""
        text = md_escape(self.text)
        shown = f"(paraphrase) {text}" if self.is_paraphrase else f"“{text}”"
        held = self.stance_word if target_said else self.position
        return [
            f"- **{md_escape(self.actor_name)}** ({md_escape(held)}): {shown}  ",
            f"  — {md_escape(self.citation)}; {md_source(self.source)}",
        ]


@dataclass(frozen=True, slots=True)
class ContestedTarget:
    """A target on which actors took both sides, and who stands where."""

    target: str
    title: str
    support: tuple[str, ...]
    oppose: tuple[str, ...]
    mixed: tuple[str, ...]
    neutral: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Camp:
    """A coalition as the briefing shows it: its members and what most of them hold."""

    number: int
    names: tuple[str, ...]
    note: str
    name: str = ""  # what defines it (positions.questions.camps)

    @property
    def label(self) -> str:
        return self.name or f"Camp {self.number}"


@dataclass
class Briefing:
    """Everything a briefing says, ready to be written as Markdown or HTML."""

    title: str
    summary: list[str]
    camps: list[Camp]
    unaligned: list[str]
    matrix: Matrix
    quotes: list[KeyQuote]
    contested: list[ContestedTarget]
    sources: list[dict[str, str]]
    as_of: str
    map_png: bytes | None = None
    map_note: str | None = None
    #: how many targets the matrix leaves out (the briefing shows the busiest ones)
    matrix_left_out: int = 0
    legend: list[tuple[str, str]] = field(default_factory=list)
    #: the camps' polarization sentence (docs/camps.md), empty without ties
    polarization: str = ""


def contested_targets(
    ds: Dataset, as_of: PartialDate | None, scope: list[str] | None
) -> list[ContestedTarget]:
    """Targets with actors on both sides, the most split first (``query.contested``'s
    ranking), within the scope."""
    from positions.questions.ask import contested

    found = []
    for entry in contested(ds, as_of):
        if scope is not None and entry.target not in scope:
            continue

        def names(
            stance: Stance, rows: tuple[PositionRow, ...] = entry.positions
        ) -> tuple[str, ...]:
            return tuple(r.actor_name for r in rows if r.stance is stance)

        found.append(
            ContestedTarget(
                target=entry.target,
                title=entry.target_name,
                support=names(Stance.SUPPORT),
                oppose=names(Stance.OPPOSE),
                mixed=names(Stance.MIXED),
                neutral=names(Stance.NEUTRAL),
            )
        )
    return found


def key_quotes(
    ds: Dataset, positions: dict[tuple[str, str], Position], actors: list[str]
) -> list[KeyQuote]:
    """For each actor, the statement that best shows where it stands.

    Preferred, in turn: a verbatim quote over a paraphrase; a statement that decides a
    position taking a side (support/oppose); on the target most actors spoke to; the
    latest; one that itself takes a side; the first in the file.
    """
    popularity = Counter(t for _, t in positions)
    file_index = {s: n for n, s in enumerate(ds.statements)}
    chosen = []
    for actor in actors:
        candidates: list[tuple[tuple[object, ...], StanceRecord]] = []
        for (who, target), position in positions.items():
            if who != actor:
                continue
            for record in position.evidence:
                statement = record.statement
                rank = (
                    statement.quote is not None,
                    position.stance in (Stance.SUPPORT, Stance.OPPOSE),
                    popularity[target],
                    record.date.sort_key() if record.date else (datetime.date.min, 0),
                    record.stance in (Stance.SUPPORT, Stance.OPPOSE),
                    -file_index[statement.id],
                )
                candidates.append((rank, record))
        if not candidates:
            continue
        record = max(candidates, key=lambda item: item[0])[1]
        held = positions[(actor, record.target)].stance
        chosen.append(KeyQuote.of(ds, record.statement, held, record.target))
    return chosen


def _list_names(names: tuple[str, ...] | list[str], limit: int = 4) -> str:
    shown = list(names[:limit])
    more = len(names) - len(shown)
    if more:
        return ", ".join(shown) + f" and {more} more"
    if len(shown) > 1:
        return ", ".join(shown[:-1]) + " and " + shown[-1]
    return shown[0] if shown else ""


def build(
    ds: Dataset,
    target: str | None = None,
    as_of: PartialDate | None = None,
    with_map: bool = True,
    include_collective: bool = False,
) -> Briefing:
    """What the briefing on ``target`` (and its parts; everything when None) says.
    Collective actors are left out of the camps (and said to be) unless ``include_collective``."""
    from positions.export import image
    from positions.questions.camps import coalitions

    scope = scope_targets(ds, target)
    positions = scoped_positions(ds, as_of, scope)
    camps_found = coalitions(  # the brief shows no stability
        ds, as_of, scope, runs=0, include_collective=include_collective
    )
    full_matrix = build_matrix(  # the long form: every column, the actors spoken about too
        ds, target, as_of, [m for c in camps_found for m in c.members], with_actors=True
    )
    matrix = full_matrix.busiest(BRIEF_MATRIX_TARGETS)
    camps = [
        Camp(c.number, c.names, camp_note(ds, c.members, as_of, scope, positions), c.name)
        for c in camps_found
    ]
    in_camp = {m for c in camps_found for m in c.members}
    left_out = [
        a for a in matrix.actors if not include_collective and is_collective(ds, a)
    ]  # collectives: not in a camp because they are left out of camps, not unaligned
    unaligned = [ds.name_of(a) for a in matrix.actors if a not in in_camp and a not in left_out]
    contested = contested_targets(ds, as_of, scope)
    when = as_of or ds.as_of
    undated = sum(1 for p in positions.values() for r in p.evidence if r.date is None)
    as_of_text = str(when) if when else "unknown (no dated statement)"
    if when and as_of is None and undated:
        as_of_text += " (the latest dated statement; some statements are undated)"
    scope_text = f" on {ds.name_of(target)}" if target else ""
    summary = [
        f"{plural(len(full_matrix.actors), 'actor')} "
        f"{'has' if len(full_matrix.actors) == 1 else 'have'} taken positions on "
        f"{plural(len(full_matrix.targets), 'target')}"
        + (f" under {ds.name_of(target)}" if target else "")
        + (
            f"; the most contested is {contested[0].title}: {len(contested[0].support)} "
            f"support ({_list_names(contested[0].support)}), {len(contested[0].oppose)} oppose "
            f"({_list_names(contested[0].oppose)})."
            if contested
            else "; no target has actors on both sides."
        ),
        (
            f"They form {len(camps)} camp{'s' if len(camps) != 1 else ''}: "
            + "; ".join(
                f"{c.label} ({_list_names(c.names, 3)}" + (f": {c.note}" if c.note else "") + ")"
                for c in camps
            )
            + (f"; {len(unaligned)} in no camp" if unaligned else "")
            + (
                f"; {plural(len(left_out), 'collective')} left out of camps "
                f"({_list_names([ds.name_of(a) for a in left_out], 3)})."
                if left_out
                else "."
            )
            if camps
            else "No two actors agree on any target, so there are no camps."
        ),
    ]
    if ds.info is not None and ds.info.credit:  # dataset.yaml's credit (v2)
        summary.append(f"{ds.info.credit}.")
    used_sources = list(
        dict.fromkeys(r.statement.source for p in positions.values() for r in p.history)
    )
    ordered_sources = [s for s in ds.sources if s in used_sources] + [
        s for s in used_sources if s not in ds.sources
    ]
    briefing = Briefing(
        title=f"Briefing: {ds.info.title}"
        if ds.info is not None and ds.info.title and not target
        else f"Briefing: where the actors stand{scope_text}",
        summary=summary,
        camps=camps,
        unaligned=unaligned,
        polarization=polarization_note(camps_found),
        matrix=matrix,
        matrix_left_out=len(full_matrix.targets) - len(matrix.targets),
        quotes=key_quotes(ds, positions, matrix.actors),
        contested=contested,
        sources=[source_citation(ds, s) for s in ordered_sources],
        as_of=as_of_text,
        legend=legend(matrix),
    )
    if with_map:
        try:
            briefing.map_png = image.render(image.build(ds, target, as_of), "png")
        except ExportError as error:
            briefing.map_note = str(error)
    return briefing


def _left_out(briefing: Briefing) -> str:
    count = briefing.matrix_left_out
    return (
        f"Columns: the {len(briefing.matrix.targets)} targets most actors spoke to; {count} more "
        f"target{'s' if count != 1 else ''} in the full matrix (positions matrix)."
    )


def md_source(source: dict[str, str]) -> str:
    """'*Title*, Publisher, 2024-07, <https://...>' (a URL that is not safe as text)."""
    parts = [f"*{md_escape(source['title'])}*"]
    parts += [md_escape(source[k]) for k in ("publisher", "published") if k in source]
    url = safe_url(source.get("url"))
    if url:
        parts.append(f"<{url}>")
    elif "url" in source:
        parts.append(md_escape(source["url"]))
    return ", ".join(parts)


def polarization_note(found: CampsAnswer) -> str:
    """'Polarization 0.51: 879 disagreements across camps, 809 agreements across, 54
    disagreements inside (docs/camps.md).'"""
    p = found.polarization
    if p is None:
        return ""
    return (
        f"Polarization {p.value:.2f} (0: no disagreement; 1: camps that agree inside and "
        f"disagree across): {plural(p.disagree_across, 'disagreement')} across camps, "
        f"{plural(p.agree_across, 'agreement')} across, "
        f"{plural(p.disagree_inside, 'disagreement')} inside."
    )


def render_markdown(briefing: Briefing, map_name: str | None) -> str:
    """The briefing as Markdown; ``map_name`` is the file name of the map written beside it."""
    lines = [f"# {md_escape(briefing.title)}", ""]
    lines += [f"Data as of {md_escape(briefing.as_of)}.", ""]
    lines += ["  \n".join(md_escape(line) for line in briefing.summary), ""]
    lines += ["## Camps", ""]
    for camp in briefing.camps:
        note = f" — {md_escape(camp.note)}" if camp.note else ""
        lines.append(f"- **{camp.label}**{note}: {', '.join(md_escape(n) for n in camp.names)}")
    if briefing.unaligned:
        lines.append(f"- **In no camp**: {', '.join(md_escape(n) for n in briefing.unaligned)}")
    if not briefing.camps and not briefing.unaligned:
        lines.append("No camps.")
    if briefing.polarization:
        lines += ["", md_escape(briefing.polarization)]
    lines += ["", "## Alliance map", ""]
    if briefing.map_png is not None and map_name:
        lines.append(f"![Alliance map: who agrees with whom]({quote_path(map_name)})")
    else:
        lines.append(f"_No map: {md_escape(briefing.map_note or 'written only with -o FILE')}_")
    lines += ["", "## Position matrix", "", matrix_markdown(briefing.matrix).rstrip("\n"), ""]
    if briefing.matrix_left_out:
        lines += [f"{_left_out(briefing)}", ""]
    lines += ["## Contested provisions", ""]
    if briefing.contested:
        lines += ["| Target | Support | Oppose | Mixed or neutral |", "| :-- | :-- | :-- | :-- |"]
        for c in briefing.contested:
            cells = [
                md_escape(c.title),
                md_escape(", ".join(c.support)),
                md_escape(", ".join(c.oppose)),
                md_escape(", ".join(c.mixed + c.neutral)),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    else:
        lines.append("No target has actors on both sides.")
    lines += ["", "## Key quotes", ""]
    for quote in briefing.quotes:
        lines += quote.markdown()
    lines += ["", "## Sources", ""]
    lines += [f"- {md_source(source)}" for source in briefing.sources]
    return "\n".join(lines) + "\n"


def render_html(briefing: Briefing) -> str:
    """The briefing as one standalone HTML page: map embedded, no script, strict CSP."""
    map_uri = (
        "data:image/png;base64," + base64.b64encode(briefing.map_png).decode("ascii")
        if briefing.map_png is not None
        else None
    )
    template = html_environment().get_template("brief.html.j2")
    page: str = template.render(
        b=briefing,
        matrix=briefing.matrix,
        legend=briefing.legend,
        map_uri=map_uri,
        left_out=_left_out(briefing) if briefing.matrix_left_out else None,
    )
    return page


def map_path(brief_path: str) -> str:
    """Where the map goes beside a Markdown briefing: ``out/brief.md`` -> ``out/brief.png``."""
    return str(Path(brief_path).with_suffix(".png"))


#: The briefing's formats, by file suffix.
BRIEF_FORMATS = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}


def brief_format(path: str, chosen: str | None = None) -> str:
    """``md``, ``html``, ``docx`` or ``pdf``: ``chosen`` when given, else what the suffix of
    ``path`` names.

    >>> brief_format("out/brief.HTML"), brief_format("-", "md"), brief_format("b.docx")
    ('html', 'md', 'docx')
    """
    if chosen is not None:
        if chosen not in BRIEF_FORMATS.values():
            raise ExportError(f"cannot write a briefing as '{chosen}': use md, html, docx or pdf")
        return chosen
    suffix = Path(path).suffix.lower()
    if suffix in BRIEF_FORMATS:
        return BRIEF_FORMATS[suffix]
    raise ExportError(
        f"cannot tell the format of '{path}'",
        hint="name a file ending in .md, .html, .docx or .pdf, or pass --format",
    )


def outputs(ds: Dataset, request: ExportRequest) -> list[OutputFile]:
    """The briefing of the request: one HTML file (the map embedded), or a Markdown file
    with the map as a PNG beside it (no map when the Markdown goes to stdout). Two pages
    (``brief_short``) unless ``request.full``."""
    request = request.resolved(ds)  # names and dates as the questions take them
    chosen = brief_format(request.path, request.format)
    to_stdout = request.path == STDOUT
    if chosen in ("docx", "pdf") and to_stdout:
        raise ExportError(f"a {chosen} briefing needs a file: pass -o brief.{chosen}")
    if not request.full:
        return _short_outputs(ds, request, chosen)
    if chosen in ("docx", "pdf"):
        raise ExportError(
            f"the long form is written as md or html only: drop --full for a {chosen} briefing"
        )
    briefing = build(
        ds,
        request.target,
        request.as_of,
        with_map=not to_stdout or chosen == "html",
        include_collective=request.include_collective,
    )
    if chosen == "html":
        return [OutputFile(request.path, render_html(briefing).encode("utf-8"), "briefing")]
    map_file = map_path(request.path) if not to_stdout and briefing.map_png else None
    text = render_markdown(briefing, Path(map_file).name if map_file else None)
    files = [OutputFile(request.path, text.encode("utf-8"), "briefing")]
    if map_file and briefing.map_png is not None:
        files.append(OutputFile(map_file, briefing.map_png, "alliance map"))
    return files


def _short_outputs(ds: Dataset, request: ExportRequest, chosen: str) -> list[OutputFile]:
    """The two-page briefing in the chosen format."""
    from positions.export import brief_short

    to_stdout = request.path == STDOUT
    briefing = brief_short.build(
        ds,
        request.target,
        request.as_of,
        with_map=not to_stdout or chosen == "html",
        include_collective=request.include_collective,
    )
    if chosen == "html":
        page = brief_short.render_html(briefing)
        return [OutputFile(request.path, page.encode("utf-8"), "briefing")]
    if chosen == "docx":
        from positions.export.brief_docx import render_docx

        return [OutputFile(request.path, render_docx(briefing), "briefing")]
    if chosen == "pdf":
        from positions.export.brief_pdf import render_pdf

        return [OutputFile(request.path, render_pdf(briefing), "briefing")]
    map_file = map_path(request.path) if not to_stdout and briefing.map_png else None
    text = brief_short.render_markdown(briefing, Path(map_file).name if map_file else None)
    files = [OutputFile(request.path, text.encode("utf-8"), "briefing")]
    if map_file and briefing.map_png is not None:
        files.append(OutputFile(map_file, briefing.map_png, "alliance map"))
    return files
