"""The questions: `positions who opposes TARGET`, `stances`, `history`, `allies`, `opponents`,
`compare`, `coalitions`, `contested`, `position`.

Each command loads the data, asks ``positions.questions.ask`` and prints the answer with
``positions.export.text``; titles come from the answer (what it resolved, as of when). A
name that matches nothing (or several records) and a bad ``--as-of`` date are usage
errors: ``Error: ...`` on stderr, exit 2.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from positions.cli.base import (
    EXIT_USAGE,
    CliState,
    CollectiveOption,
    DataOption,
    app,
    fail,
    open_dataset,
)
from positions.data.dataset import Dataset
from positions.export import text as render
from positions.export.text import Format, Sheet
from positions.model import PartialDate, Stance
from positions.questions import answers, camps
from positions.questions import ask as query
from positions.questions.resolve import QueryError

Result = TypeVar("Result")
ActorArgument = Annotated[str, typer.Argument(help="A stakeholder: id, name or alias.")]
TargetArgument = Annotated[
    str, typer.Argument(help="A target (or stakeholder): id, name, label or alias.")
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Answer as of this date (YYYY, YYYY-MM or YYYY-MM-DD): later statements are "
        "ignored. Default: everything in the data.",
    ),
]
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="table: wrapped to the terminal (80 columns in a pipe); json: one object with "
        "the question, what it resolved, as_of, undated_left_out, counts and the rows (the "
        "Python API's result); csv: one row per statement, with ids; md: a Markdown table.",
    ),
]


class WhoStance(StrEnum):
    SUPPORTS = "supports"
    OPPOSES = "opposes"
    MIXED = "mixed"
    NEUTRAL = "neutral"
    SUPPORT = "support"  # "who support X" reads as well as "who supports X"
    OPPOSE = "oppose"


_STANCE_OF = {
    WhoStance.SUPPORTS: Stance.SUPPORT,
    WhoStance.SUPPORT: Stance.SUPPORT,
    WhoStance.OPPOSES: Stance.OPPOSE,
    WhoStance.OPPOSE: Stance.OPPOSE,
    WhoStance.MIXED: Stance.MIXED,
    WhoStance.NEUTRAL: Stance.NEUTRAL,
}
_VERB = {
    Stance.SUPPORT: "supports",
    Stance.OPPOSE: "opposes",
    Stance.MIXED: "is mixed on",
    Stance.NEUTRAL: "is neutral on",
}
_VERB_PLURAL = {
    Stance.SUPPORT: "support",
    Stance.OPPOSE: "oppose",
    Stance.MIXED: "are mixed on",
    Stance.NEUTRAL: "are neutral on",
}
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        min=1,
        metavar="N",
        help="Show only the first N rows; the table says how many more there are.",
    ),
]
PartsOption = Annotated[
    bool,
    typer.Option(
        "--parts/--no-parts",
        help="Answer on the target's parts too, apart: after the target itself, under "
        "'on parts of ...', each row naming its part.",
    ),
]


def _width() -> int:
    """The terminal's width when printing to one, else the table's fixed width."""
    if sys.stdout.isatty():
        return shutil.get_terminal_size((render.DEFAULT_WIDTH, 24)).columns
    return render.DEFAULT_WIDTH


def _when(as_of: PartialDate | None) -> str:
    return f", as of {as_of}" if as_of else ""


def _answer(
    data_dir: Path,
    output: Format,
    ask: Callable[[Dataset], Result],
    lay_out: Callable[[Result], Sheet],
) -> None:
    """Load the data, ask the question, print the answer; a QueryError is a usage error."""
    ds = open_dataset(data_dir)
    try:
        result = ask(ds)
    except QueryError as error:
        fail(str(error), EXIT_USAGE)
    sheet = lay_out(result)
    sys.stdout.write(render.render(result, sheet, output, _width(), raw=CliState.raw_csv))


@app.command()
def who(
    stance: Annotated[WhoStance, typer.Argument(help="The stance asked about.")],
    target: Annotated[
        str,
        typer.Argument(
            help="A target (or stakeholder): id, name, label "
            "or alias, e.g. 'Article 35' or 'art. 35'."
        ),
    ],
    data: DataOption = Path("data"),
    as_of: AsOfOption = None,
    output: FormatOption = Format.TABLE,
    parts: PartsOption = True,
    limit: LimitOption = None,
) -> None:
    """Who supports, opposes, is mixed or neutral on a target: one row per statement.

    Example: positions who opposes "Article 35"
    """

    asked: list[answers.WhoAnswer] = []  # the whole answer, before --limit: its counts

    def ask(ds: Dataset) -> answers.WhoAnswer:
        asked.append(query.who(ds, _STANCE_OF[stance], target, as_of, include_parts=parts))
        return asked[0].head(limit)

    def lay_out(found: answers.WhoAnswer) -> Sheet:
        name, when, verb = found.target_name, _when(found.as_of), _VERB[found.stance]
        headline = render.who_headline(asked[0], verb, _VERB_PLURAL[found.stance])
        return render.position_sheet(
            found, f"Who {verb} {name}{when}: {headline}", f"No actor {verb} {name}{when}."
        )

    _answer(
        data,
        output,
        ask,
        lay_out,
    )


@app.command()
def position(
    actor: ActorArgument,
    target: TargetArgument,
    data: DataOption = Path("data"),
    as_of: AsOfOption = None,
    output: FormatOption = Format.TABLE,
    parts: PartsOption = True,
) -> None:
    """Where an actor stands on a target itself, then (apart) on each of its parts.

    Example: positions position Russia "draft convention"
    """

    def lay_out(found: answers.PositionAnswer) -> Sheet:
        who_, what, when = found.actor_name, found.target_name, _when(found.as_of)
        return render.position_sheet(
            found,
            f"Position of {who_} on {what}{when}",
            f"{who_} has no position on {what}{when}.",
        )

    _answer(
        data,
        output,
        lambda ds: query.position(ds, actor, target, as_of, include_parts=parts),
        lay_out,
    )


@app.command()
def stances(
    actor: ActorArgument,
    data: DataOption = Path("data"),
    as_of: AsOfOption = None,
    output: FormatOption = Format.TABLE,
    limit: LimitOption = None,
) -> None:
    """Every position an actor holds, one target per row, with the statements behind it.

    Example: positions stances "Tech Accord"
    """

    def lay_out(found: answers.StancesAnswer) -> Sheet:
        name, when = found.actor_name, _when(found.as_of)
        return render.position_sheet(
            found,
            f"Positions of {name}{when}",
            f"{name} has no positions{when}.",
            by_target=True,
        )

    _answer(data, output, lambda ds: query.stances_of(ds, actor, as_of).head(limit), lay_out)


@app.command()
def history(
    actor: ActorArgument,
    target: Annotated[
        str | None,
        typer.Argument(
            help="A target (or stakeholder): id, name, label or alias. Without one: "
            "everything the actor said."
        ),
    ] = None,
    data: DataOption = Path("data"),
    as_of: AsOfOption = None,
    output: FormatOption = Format.TABLE,
    parts: PartsOption = True,
) -> None:
    """Everything an actor said on a target and its parts, oldest first, the undated
    statements after the dated ones; NOW marks the statements that decide its position.

    Example: positions history Russia "draft convention"
    """
    _answer(
        data,
        output,
        lambda ds: query.history(ds, actor, target, as_of, include_parts=parts),
        render.history_sheet,
    )


@app.command()
def said(
    person: Annotated[str, typer.Argument(help="A person: id, name or alias.")],
    data: DataOption = Path("data"),
    as_of: AsOfOption = None,
    output: FormatOption = Format.TABLE,
) -> None:
    """Every statement a person spoke: for whom, on what, when, oldest first.

    Example: positions said "Tirana Hassan"
    """
    _answer(data, output, lambda ds: query.said(ds, person, as_of), render.said_sheet)


def _ties_command(kind: str, ask: Callable[..., answers.TiesAnswer]) -> Callable[..., None]:
    def command(
        actor: ActorArgument,
        data: DataOption = Path("data"),
        as_of: AsOfOption = None,
        output: FormatOption = Format.TABLE,
        include_collective: CollectiveOption = False,
        limit: LimitOption = None,
        min_shared: Annotated[
            int,
            typer.Option(
                "--min-shared", min=1, help="Leave out ties resting on fewer shared targets."
            ),
        ] = 1,
    ) -> None:
        def lay_out(ties: answers.TiesAnswer) -> Sheet:
            name, when = ties.actor_name, _when(ties.as_of)
            return render.tie_sheet(
                ties,
                name,
                f"{kind.capitalize()} of {name}{when}, strongest first "
                "(AGREE and DISAGREE count shared targets; INDEX = (agree - disagree) / shared)",
                f"{name} has no {kind}{when}.",
            )

        _answer(
            data,
            output,
            lambda ds: ask(
                ds, actor, as_of, include_collective=include_collective, min_shared=min_shared
            ).head(limit),
            lay_out,
        )

    return command


app.command(
    "allies",
    help="Actors who agree with ACTOR more often than they disagree, strongest first, "
    "with the targets they agree and disagree on.\n\nExample: positions allies HRW",
)(_ties_command("allies", query.allies))
app.command(
    "opponents",
    help="Actors who disagree with ACTOR more often than they agree, strongest first, "
    "with the targets they disagree and agree on.\n\nExample: positions opponents Russia",
)(_ties_command("opponents", query.opponents))


@app.command()
def compare(
    a: ActorArgument,
    b: Annotated[str, typer.Argument(help="Another stakeholder.")],
    data: DataOption = Path("data"),
    as_of: AsOfOption = None,
    output: FormatOption = Format.TABLE,
) -> None:
    """Two actors target by target: where they agree, disagree, take neither side, and
    where only one of them has spoken.

    Example: positions compare HRW Microsoft
    """
    _answer(
        data,
        output,
        lambda ds: query.compare(ds, a, b, as_of),
        render.comparison_sheet,
    )


@app.command()
def coalitions(
    data: DataOption = Path("data"),
    as_of: AsOfOption = None,
    output: FormatOption = Format.TABLE,
    runs: Annotated[
        int,
        typer.Option(
            "--runs", min=0, help="Re-runs with other seeds that measure each camp's stability."
        ),
    ] = camps.ROBUSTNESS_RUNS,
    include_collective: CollectiveOption = False,
) -> None:
    """Camps: communities of the signed alignment network (agreements pull together,
    disagreements push apart; seeded, so reproducible), each named by the targets that
    define it, with its stability over re-runs, its swing actors and the polarization.

    Example: positions coalitions
    """
    _answer(
        data,
        output,
        lambda ds: camps.coalitions(ds, as_of, runs=runs, include_collective=include_collective),
        lambda found: render.coalition_sheet(found, render.camps_title(found, _when(found.as_of))),
    )


@app.command()
def contested(
    data: DataOption = Path("data"),
    as_of: AsOfOption = None,
    output: FormatOption = Format.TABLE,
) -> None:
    """Targets on which actors take both sides, most split first: by min(supporters,
    opponents), then by how even the split is.

    Example: positions contested
    """
    _answer(
        data,
        output,
        # only JSON writes each position's statements: the other formats name the sides
        lambda ds: query.contested(ds, as_of, evidence=output is Format.JSON),
        lambda found: render.contested_sheet(
            found, f"Contested targets{_when(found.as_of)}, most split first"
        ),
    )
