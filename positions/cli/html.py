"""`positions html`: the interactive map as one offline, self-contained HTML file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from positions.cli.base import (
    EXIT_DATA,
    EXIT_USAGE,
    DataOption,
    app,
    as_of_or_fail,
    err,
    fail,
    open_dataset,
    target_or_fail,
)
from positions.errors import ExportError


@app.command()
def html(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Where to write the page; - for stdout.", show_default=True
        ),
    ] = Path("map.html"),
    view: Annotated[
        str,
        typer.Option(
            "--view",
            help="The view the page opens on: board (where each actor stands on the target), "
            "stances or alliances (all three are in it).",
        ),
    ] = "board",
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            "-t",
            help="Only stances on this target and its parts (id, name or alias); the board is "
            "about it. Default: everything, the board on main_target of dataset.yaml, else "
            "the busiest instrument.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Leave out statements dated after this (YYYY[-MM[-DD]])."),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option("--title", help="The page's title (default: 'Positions on' the instrument)."),
    ] = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            min=0,
            help="Keep the N actors with the most statements; 0 keeps all. Default: all up to "
            "300 actors, the top 300 above that.",
        ),
    ] = None,
    include_collective: Annotated[
        bool,
        typer.Option(
            "--include-collective",
            help="Draw collective actors (groups named only as a whole) in the alliance view "
            "and its camps; the board lists them either way, marked.",
        ),
    ] = False,
    embed: Annotated[
        bool,
        typer.Option(
            "--embed",
            help="Also print an iframe snippet to paste into an article; the page tells it "
            "its height. Set its address with --embed-src.",
        ),
    ] = False,
    embed_src: Annotated[
        str | None,
        typer.Option(
            "--embed-src",
            help="The page's published address for the --embed snippet (default: the output "
            "file's name).",
        ),
    ] = None,
    data_dir: DataOption = Path("data"),
) -> None:
    """Write the interactive map: stances and alliances, search, filters and every quote.

    The file opens from disk in any browser and loads nothing from the network.
    """
    from positions.export import html as export

    try:
        chosen_view = export.MapView(view)
    except ValueError:
        fail(
            f"unknown view '{view}'",
            EXIT_USAGE,
            "use --view board, --view stances or --view alliances",
        )
    when = as_of_or_fail(as_of)
    ds = open_dataset(data_dir)
    target_id = target_or_fail(ds, target)
    try:
        if top is None:
            count = export.actors_in_scope(ds, target_id, when)
            if count > export.READABLE_ACTORS:
                top = export.READABLE_ACTORS
                err(
                    f"{count} actors are more than a map shows readably: drawing the {top} "
                    "with the most statements. Narrow it with --target T, choose --top N, "
                    "or draw them all with --top 0."
                )
        page = export.build_map(
            ds,
            view=chosen_view,
            target=target_id,
            as_of=when,
            title=title,
            top=top,
            include_collective=include_collective,
        )
    except ExportError as error:  # nothing to draw as of a date is the date's doing (2)
        fail(
            f"{error}{f' as of {when}' if when else ''}", EXIT_DATA if when is None else EXIT_USAGE
        )
    snippet = None
    if embed and str(output) != "-":
        try:
            snippet = export.embed_snippet(embed_src or output.name, page.title)
        except ExportError as error:
            fail(str(error), EXIT_USAGE)
    if str(output) == "-":
        if embed:
            fail("--embed prints a snippet to stdout: write the page to a file with -o", EXIT_USAGE)
        sys.stdout.write(export.render_map(page))
        return
    try:
        written = export.write_map(page, output)
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror or error}", EXIT_USAGE)
    err(
        f"Wrote {written} ({page.actors_shown} actors, {len(page.rows)} stances; "
        f"{page.view.value} view)."
    )
    err(f"Open it in a browser: {written.as_uri()} (it works offline).")
    if snippet is not None:
        sys.stdout.write(snippet)
