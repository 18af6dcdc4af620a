"""The position matrix: actors as rows, targets as columns, one stance symbol per cell.

Columns are the targets someone spoke to, in document order (parents before their parts,
Article 2 before Article 10); rows are the actors, camp by camp (the coalitions), then the
others in file order. A cell shows the actor's position (DESIGN.md) as a symbol with
``†`` when it comes with a condition; the html form shows the quote on hover.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from dataclasses import dataclass, field

from positions.data.dataset import Dataset
from positions.export.escaping import csv_cell, md_escape
from positions.export.labels import (
    CONDITION_MARK,
    STANCE_SYMBOLS,
    column_heading,
    date_label,
    display_name,
    document_order,
    plural,
)
from positions.export.outputs import ExportError, ExportRequest, OutputFile
from positions.export.scope import actors_by_activity, scope_targets, scoped_positions
from positions.export.web import html_environment
from positions.model import PartialDate, Stance
from positions.questions.positions import Position


@dataclass(frozen=True, slots=True)
class Cell:
    """One actor's position on one target, as the matrix shows it."""

    stance: Stance
    conditions: tuple[str, ...]
    #: each deciding statement, as "quote" — speaker, date, source
    evidence: tuple[str, ...]

    @property
    def symbol(self) -> str:
        return STANCE_SYMBOLS[self.stance] + (CONDITION_MARK if self.conditions else "")

    @property
    def word(self) -> str:
        return self.stance.value + (" (conditional)" if self.conditions else "")

    @property
    def hover(self) -> str:
        lines = [self.word]
        lines += [f"Condition: {c}" for c in self.conditions]
        lines += list(self.evidence)
        return "\n".join(lines)


@dataclass
class Matrix:
    """Rows (actor ids), columns (target ids) and the cells where an actor has a position."""

    actors: list[str]
    targets: list[str]
    actor_names: dict[str, str]
    #: short column heading (the label, or the name) and the full title of each target
    headings: dict[str, str]
    titles: dict[str, str]
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    as_of: PartialDate | None = None
    #: how many actors made a statement in the scope, and how many targets it has (what
    #: the rows and columns shown are chosen from)
    actors_in_scope: int = 0
    targets_in_scope: int = 0

    @property
    def left_out(self) -> str:
        """'1,960 actors and 181 targets more in the scope (--top, --targets)' or ''."""
        actors = max(self.actors_in_scope - len(self.actors), 0)
        targets = max(self.targets_in_scope - len(self.targets), 0)
        parts = [plural(actors, "actor")] if actors else []
        parts += [plural(targets, "target")] if targets else []
        return " and ".join(parts)

    def cell(self, actor: str, target: str) -> Cell | None:
        return self.cells.get((actor, target))

    def stances_used(self) -> list[Stance]:
        used = {c.stance for c in self.cells.values()}
        return [s for s in Stance if s in used]

    @property
    def has_conditions(self) -> bool:
        return any(c.conditions for c in self.cells.values())

    def busiest(self, limit: int) -> Matrix:
        """The same matrix with only the ``limit`` targets most actors took a position on
        (ties: document order), still in document order."""
        if len(self.targets) <= limit:
            return self
        counts = {t: sum(1 for a in self.actors if (a, t) in self.cells) for t in self.targets}
        ranked = sorted(self.targets, key=lambda t: (-counts[t], self.targets.index(t)))
        kept = [t for t in self.targets if t in set(ranked[:limit])]
        return Matrix(
            actors=self.actors,
            targets=kept,
            actor_names=self.actor_names,
            headings=self.headings,
            titles=self.titles,
            cells={k: c for k, c in self.cells.items() if k[1] in kept},
            as_of=self.as_of,
        )


def evidence_line(ds: Dataset, position: Position) -> tuple[str, ...]:
    """Each deciding statement of ``position`` as one readable line with its citation."""
    lines = []
    for record in position.evidence:
        statement = record.statement
        text = (
            f"“{statement.quote}”"
            if statement.quote is not None
            else f"(paraphrase) {statement.paraphrase}"
        )
        who = ds.name_of(statement.speaker) if statement.speaker else None
        when = date_label(ds, statement) or "undated"
        source = ds.sources[statement.source].title if statement.source in ds.sources else None
        cite = ", ".join(part for part in (who, when, source) if part)
        lines.append(f"{text} — {cite}")
    return tuple(lines)


def _row_name(ds: Dataset, actor: str) -> str:
    """The actor's name, or for a very long one its longest alias that is not (see image)."""
    record = ds.stakeholders.get(actor)
    return display_name(record.name, record.aliases) if record else ds.name_of(actor)


def ranked_columns(
    ds: Dataset, scope: list[str] | None, as_of: PartialDate | None, with_actors: bool = False
) -> list[str]:
    """The targets of ``scope`` (everything when None) in the order the matrix keeps them:
    the most contested first (``contested``'s ranking: the most even split between
    supporters and opponents), then the others most spoken to (the most statements),
    ties to document order. Stakeholders spoken about only when ``with_actors``."""
    from positions.questions.ask import contested_order

    index = ds.statement_index()
    wanted = set(scope) if scope is not None else set(index.by_target)
    if not with_actors:
        wanted &= set(ds.targets)
    split = [t for t, _ in contested_order(ds, as_of) if t in wanted]
    place = {t: n for n, t in enumerate(document_order(ds, wanted))}
    spoken = sorted(
        (t for t in wanted - set(split) if index.by_target.get(t)),
        key=lambda t: (-len(index.by_target[t]), place[t]),
    )
    return split + spoken


def build(
    ds: Dataset,
    target: str | None = None,
    as_of: PartialDate | None = None,
    row_order: list[str] | None = None,
    *,
    top: int | None = None,
    columns: int | None = None,
    with_actors: bool = False,
    leave_out: Collection[str] = (),
) -> Matrix:
    """The matrix of the actors' positions on ``target`` and its parts (everything if None).

    ``columns`` keeps that many targets (``ranked_columns``: the most contested, then the
    most spoken to), shown in document order; ``top`` keeps the actors with the most
    statements in the scope (``actors_by_activity``) that hold a position on one of them
    (None or 0: all). No row and no column is empty. Stakeholders spoken about get a column
    only ``with_actors``; actors in ``leave_out`` get no row. ``row_order`` puts those
    actors first (the briefing passes the camps); by default the rows follow the camps of
    the actors shown, then activity (with ``top``) or the data file.
    """
    from positions.questions.camps import coalitions
    from positions.questions.positions import positions_by

    scope = scope_targets(ds, target)
    ranked = ranked_columns(ds, scope, as_of, with_actors)
    kept_targets = ranked[:columns] if columns else ranked
    wanted = set(kept_targets)
    active = actors_by_activity(ds, target, as_of, leave_out)
    positions: dict[tuple[str, str], Position] = {}
    if top:  # the most active actors, each read on its own, until ``top`` have a cell
        chosen: list[str] = []
        for actor in active:
            held = {k: p for k, p in positions_by(ds, actor, as_of).items() if k[1] in wanted}
            if held:
                positions.update(held)
                chosen.append(actor)
                if len(chosen) == top:
                    break
    else:
        left = set(leave_out)
        positions = {
            k: p for k, p in scoped_positions(ds, as_of, kept_targets).items() if k[0] not in left
        }
    spoke = list(dict.fromkeys(a for a, _ in positions))
    if row_order is None:
        found = coalitions(ds, as_of, scope, runs=0, actors=spoke if top else None)
        row_order = [m for c in found for m in c.members]
    if not top:
        spoke = [a for a in ds.stakeholders if a in set(spoke)] + sorted(
            set(spoke) - set(ds.stakeholders)
        )
    actors = [a for a in dict.fromkeys([*row_order, *spoke]) if a in set(spoke)]
    targets = document_order(ds, {t for _, t in positions})
    matrix = Matrix(
        actors=actors,
        targets=targets,
        actor_names={a: _row_name(ds, a) for a in actors},
        headings={t: column_heading(ds, t) for t in targets},  # 'Art. 6(2)'
        titles={t: ds.name_of(t) for t in targets},
        as_of=as_of or ds.as_of,
        actors_in_scope=len(active),
        targets_in_scope=len(ranked),
    )
    for (actor, target_id), position in positions.items():
        matrix.cells[(actor, target_id)] = Cell(
            stance=position.stance,
            conditions=tuple(dict.fromkeys(position.conditions)),
            evidence=evidence_line(ds, position),
        )
    return matrix


def legend(matrix: Matrix) -> list[tuple[str, str]]:
    """(symbol, meaning) pairs for the symbols the matrix uses."""
    pairs = [(STANCE_SYMBOLS[s], s.value) for s in Stance]
    if matrix.has_conditions:
        pairs.append((CONDITION_MARK, "conditional (the stance comes with a condition)"))
    pairs.append(("(blank)", "no position recorded"))
    return pairs


def render_markdown(matrix: Matrix) -> str:
    """The matrix as a Markdown table with its legend below."""
    if not matrix.actors:
        return "_No positions recorded._\n"
    header = ["Actor", *(md_escape(matrix.headings[t]) for t in matrix.targets)]
    lines = [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join([":--", *([":-:"] * len(matrix.targets))]) + " |",
    ]
    for actor in matrix.actors:
        cells = [matrix.cell(actor, t) for t in matrix.targets]
        row = [md_escape(matrix.actor_names[actor]), *(c.symbol if c else "" for c in cells)]
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    lines.append("Legend: " + " · ".join(f"{s} {m}" for s, m in legend(matrix)))
    return "\n".join(lines) + "\n"


def choice_note(matrix: Matrix) -> str:
    """What the matrix shows of its scope, when it leaves something out: 'Rows: the 40 most
    active actors (most statements); columns: the 12 most contested targets ...'."""
    return (
        f"Rows: the {plural(len(matrix.actors), 'most active actor')} (most statements); "
        f"columns: the {plural(len(matrix.targets), 'target')} most contested (the most even "
        f"split of support and oppose), then most spoken to; {matrix.left_out} more "
        "(--top 0 --targets 0 shows all)."
    )


def render_csv(matrix: Matrix, raw: bool = False) -> bytes:
    """The matrix as CSV: ``actor, actor_name`` and one column per target (its heading);
    cells hold the stance word, with `` (conditional)`` when it has a condition. Names a
    spreadsheet would evaluate start with ``'`` unless ``raw``."""
    stream = io.StringIO()
    writer = csv.writer(stream)
    header = ["actor", "actor_name", *(matrix.headings[t] for t in matrix.targets)]
    writer.writerow([csv_cell(h, raw) for h in header])
    for actor in matrix.actors:
        cells = [matrix.cell(actor, t) for t in matrix.targets]
        row = [actor, matrix.actor_names[actor], *(c.word if c else "" for c in cells)]
        writer.writerow([csv_cell(v, raw) for v in row])
    return stream.getvalue().encode("utf-8")


def render_html(matrix: Matrix, title: str) -> str:
    """The matrix as a standalone HTML page (no script, strict CSP); quotes on hover."""
    template = html_environment().get_template("matrix.html.j2")
    note = choice_note(matrix) if matrix.left_out else None
    page: str = template.render(matrix=matrix, legend=legend(matrix), title=title, note=note)
    return page


#: The formats of the matrix: a Markdown table, CSV, a standalone HTML page.
MATRIX_FORMATS = ("md", "csv", "html")


def outputs(ds: Dataset, request: ExportRequest) -> list[OutputFile]:
    """The position matrix of the request as ``md`` (the default), ``csv`` or ``html``."""
    request = request.resolved(ds)  # names and dates as the questions take them
    chosen = request.format or "md"
    if chosen not in MATRIX_FORMATS:
        raise ExportError(f"cannot write the matrix as '{chosen}': use md, csv or html")
    table = build(
        ds,
        request.target,
        request.as_of,
        top=request.top,
        columns=request.columns,
        with_actors=request.with_actors,
    )
    if chosen == "csv":
        data = render_csv(table, request.raw)
    elif chosen == "html":
        scope = f": {ds.name_of(request.target)}" if request.target else ""
        data = render_html(table, request.title or f"Position matrix{scope}").encode("utf-8")
    else:
        text = render_markdown(table)
        if table.left_out:
            text += "\n" + md_escape(choice_note(table)) + "\n"
        data = text.encode("utf-8")
    what = (
        f"position matrix ({plural(len(table.actors), 'actor')} × "
        f"{plural(len(table.targets), 'target')})"
    )
    return [OutputFile(request.path, data, what)]
