"""`positions site`: the dataset as a static website, a page for every record."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from positions.cli.base import EXIT_DATA, EXIT_USAGE, DataOption, app, err, fail, open_dataset
from positions.errors import ExportError


class _Progress:
    """One line on stderr per stage, rewritten in place on a terminal."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()
        self.last: tuple[str, int] | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.live:
            sys.stderr.write(f"\r{stage}: {done:,}/{total:,}" + ("\n" if done >= total else ""))
            sys.stderr.flush()
        elif done >= total and total and self.last != (stage, total):
            err(f"{stage}: {total:,} done")
        self.last = (stage, total) if done >= total else self.last


@app.command()
def site(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The directory to write the site into.", show_default=True
        ),
    ] = Path("site"),
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="Where the site will be published (http or https): share cards and page "
            "addresses in the Open Graph tags become absolute. Default: relative.",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Processes rendering the pages and drawing the share cards (default: the CPUs, "
            "at most 4).",
        ),
    ] = None,
    data_dir: DataOption = Path("data"),
) -> None:
    """Write the dataset as a static website: a page, a JSON twin and CSVs for every actor,
    target, source and statement, with search, share cards and a "cite this" box.

    The site opens from disk or any static host and loads nothing from the network. A
    rebuild rewrites only the files whose bytes changed.
    """
    from positions.export import site as export

    ds = open_dataset(data_dir)
    progress = _Progress()
    try:
        built = export.build_site(ds, base_url=base_url, progress=progress, workers=workers)
    except export.BadBaseUrl as error:
        fail(str(error), EXIT_USAGE, "pass --base-url https://example.org/site/")
    except ExportError as error:
        fail(str(error), EXIT_DATA)
    try:
        report = export.write_site(built, output, progress=progress, workers=workers)
    except (OSError, ExportError) as error:
        fail(
            f"cannot write the site to {output}: {getattr(error, 'strerror', None) or error}",
            EXIT_USAGE,
        )
    err(
        f"Wrote the site of version {built.version} to {output}: {report.written:,} "
        f"file{'' if report.written == 1 else 's'} written ({report.cards_drawn:,} share "
        f"card{'' if report.cards_drawn == 1 else 's'} drawn), {report.unchanged:,} unchanged, "
        f"{report.removed:,} removed."
    )
    err(f"Open it in a browser: {(output / 'index.html').resolve().as_uri()} (it works offline).")
