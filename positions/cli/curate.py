"""Curation commands: `positions add ...`, `positions extract`, `positions schema`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from positions.cli.base import EXIT_DATA, EXIT_USAGE, DataOption, app, err, fail
from positions.data.dataset import Dataset
from positions.data.loader import DataDirError
from positions.data.loader import load as load_dataset
from positions.data.problems import DataError
from positions.model import (
    Source,
    Stakeholder,
    StakeholderKind,
    Statement,
    Target,
    TargetKind,
    describe,
)

add_app = typer.Typer(
    help="Add a record to the data: validated with the whole dataset, appended without "
    "touching the rest of the file. Options left out are asked for when run in a terminal.",
    no_args_is_help=True,
)
app.add_typer(add_app, name="add")

DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Validate and print the record; write nothing.")
]
LockTimeout = Annotated[
    float,
    typer.Option(
        "--lock-timeout",
        metavar="SECONDS",
        min=0,
        help="How long to wait for another positions command writing the same data "
        "directory before giving up (exit 2).",
    ),
]
IdOption = Annotated[
    str | None, typer.Option("--id", help="The record's id (a slug: a-z, 0-9, -).")
]


def _interactive() -> bool:
    """Whether missing options may be asked for (stdin is a terminal)."""
    return sys.stdin.isatty()


def _need(value: str | None, option: str, prompt: str) -> str:
    """The option's value, asked for in a terminal; a usage error otherwise."""
    if value:
        return value
    if _interactive():
        answer: str = typer.prompt(prompt)
        return answer.strip()
    fail(f"missing {option}", EXIT_USAGE, "give it as an option, or run in a terminal to be asked")


def _maybe(value: str | None, prompt: str) -> str | None:
    """An optional value: asked for in a terminal (empty answer: none) when not given."""
    if value is not None or not _interactive():
        return value
    answer: str = typer.prompt(f"{prompt} (optional)", default="", show_default=False)
    return answer.strip() or None


Written = TypeVar("Written")


def _waiting(command: str, timeout: float) -> Callable[[Path], None]:
    """What a writer says while it waits for another one's lock."""

    def say(data_dir: Path) -> None:
        err(
            f"Waiting for another positions command writing {data_dir} "
            f"(positions {command} gives up after {timeout:g} s: --lock-timeout)..."
        )

    return say


def _written(write: Callable[[], Written], invalid: str, add_error_suffix: str = "") -> Written:
    """Run one curation write and return what it wrote; each error it raises becomes one
    line and an exit code: a held lock or a missing data directory is usage (2); records
    that are not valid (each problem printed first, located, then ``invalid``) and a failed
    write are data problems (1)."""
    from positions.curate.add import AddError, LockError, RecordProblems, WriteError

    try:
        return write()
    except LockError as error:
        fail(str(error), EXIT_USAGE)
    except DataDirError as error:
        fail(str(error), EXIT_USAGE, "pass the data directory with --data DIR")
    except RecordProblems as error:
        for problem in error.problems:
            err(str(problem))
        fail(invalid)
    except AddError as error:
        fail(f"{error}{add_error_suffix}")
    except WriteError as error:
        fail(str(error))


def _add(
    data_dir: Path,
    kind: str,
    fields: dict[str, Any],
    dry_run: bool,
    lock_timeout: float,
    archive: bytes | None = None,
) -> None:
    from positions.curate.add import add_record  # lazy: fast start

    added = _written(
        lambda: add_record(
            data_dir,
            kind,
            fields,
            archive_text=archive,
            dry_run=dry_run,
            lock_timeout=lock_timeout,
            on_wait=_waiting("add", lock_timeout),
        ),
        f"the new {kind} is not valid with the data in {data_dir}; nothing was written",
        "; nothing was written",
    )
    if added.existing_problems:
        err(f"Note: the data already had {added.existing_problems} problem(s); see positions check")
    if dry_run:
        typer.echo(added.text, nl=False)
        err(f"Dry run: this {kind} would be appended to {added.file}:{added.line}")
        return
    if added.archive is not None:
        err(f"Archived the source text as {added.archive}")
    err(f"Added {kind} '{fields.get('id')}' to {added.file}:{added.line}")


@add_app.command("stakeholder")
def add_stakeholder(
    record_id: IdOption = None,
    name: Annotated[str | None, typer.Option(help=describe(Stakeholder, "name"))] = None,
    kind: Annotated[
        StakeholderKind | None, typer.Option(help=describe(Stakeholder, "kind"), show_default=False)
    ] = None,
    alias: Annotated[
        list[str] | None,
        typer.Option(metavar="NAME", help="Another name it goes by (repeatable)."),
    ] = None,
    country: Annotated[str | None, typer.Option(help=describe(Stakeholder, "country"))] = None,
    url: Annotated[str | None, typer.Option(help=describe(Stakeholder, "url"))] = None,
    member_of: Annotated[
        list[str] | None,
        typer.Option(
            "--member-of",
            metavar="GROUP[:ROLE]",
            help="A group it belongs to or speaks for (id, name or alias), with an optional "
            "role: GROUP or GROUP:ROLE (repeatable).",
        ),
    ] = None,
    data_dir: DataOption = Path("data"),
    dry_run: DryRun = False,
    lock_timeout: LockTimeout = 30.0,
) -> None:
    """Add a stakeholder (who holds positions) to stakeholders.yaml."""
    from positions.curate.add import parse_membership

    try:
        memberships = [parse_membership(text) for text in member_of or []]
    except ValueError as error:
        fail(str(error), EXIT_USAGE)
    fields: dict[str, Any] = {
        "id": _need(record_id, "--id", "Id (a-z, 0-9, -)"),
        "name": _need(name, "--name", "Name"),
        "kind": str(kind) if kind else _need(None, "--kind", _choices("Kind", StakeholderKind)),
        "aliases": list(alias or []),
        "country": _maybe(country, "Country (ISO code)"),
        "url": url,
        "member_of": memberships,
    }
    _add(data_dir, "stakeholder", fields, dry_run, lock_timeout)


@add_app.command("target")
def add_target(
    record_id: IdOption = None,
    kind: Annotated[
        TargetKind | None, typer.Option(help=describe(Target, "kind"), show_default=False)
    ] = None,
    name: Annotated[str | None, typer.Option(help=describe(Target, "name"))] = None,
    label: Annotated[str | None, typer.Option(help=describe(Target, "label"))] = None,
    part_of: Annotated[
        str | None, typer.Option("--part-of", help="The target it is part of (id, name or label).")
    ] = None,
    alias: Annotated[
        list[str] | None,
        typer.Option(metavar="NAME", help="Another name it goes by (repeatable)."),
    ] = None,
    data_dir: DataOption = Path("data"),
    dry_run: DryRun = False,
    lock_timeout: LockTimeout = 30.0,
) -> None:
    """Add a target (an instrument, provision, issue or process) to targets.yaml."""
    record: dict[str, Any] = {
        "id": _need(record_id, "--id", "Id (a-z, 0-9, -)"),
        "kind": str(kind) if kind else _need(None, "--kind", _choices("Kind", TargetKind)),
    }
    if name is None and label is None:
        name = _maybe(None, "Name")
        label = _maybe(None, "Label (such as Article 35)")
        if name is None and label is None:
            fail("missing --name or --label", EXIT_USAGE, "a target needs a name or a label")
    record.update({"name": name, "label": label, "part_of": part_of, "aliases": list(alias or [])})
    _add(data_dir, "target", record, dry_run, lock_timeout)


@add_app.command("source")
def add_source(
    record_id: IdOption = None,
    title: Annotated[str | None, typer.Option(help=describe(Source, "title"))] = None,
    publisher: Annotated[str | None, typer.Option(help=describe(Source, "publisher"))] = None,
    url: Annotated[str | None, typer.Option(help=describe(Source, "url"))] = None,
    published: Annotated[str | None, typer.Option(help=describe(Source, "published"))] = None,
    archive: Annotated[
        Path | None,
        typer.Option(
            exists=True,
            dir_okay=False,
            readable=True,
            help="A text file with the source's text: copied to sources/<id>.txt in the data "
            "directory so quotes are checked against it (never overwrites a different text).",
        ),
    ] = None,
    data_dir: DataOption = Path("data"),
    dry_run: DryRun = False,
    lock_timeout: LockTimeout = 30.0,
) -> None:
    """Add a source (where statements were published) to sources.yaml."""
    fields: dict[str, Any] = {
        "id": _need(record_id, "--id", "Id (a-z, 0-9, -)"),
        "title": _need(title, "--title", "Title"),
        "publisher": _maybe(publisher, "Publisher"),
        "url": _maybe(url, "URL"),
        "published": _maybe(published, "Published (YYYY, YYYY-MM or YYYY-MM-DD)"),
    }
    text = None
    if archive is not None:
        from positions.data.rules import read_regular_bytes

        try:
            text = read_regular_bytes(archive)
        except OSError as error:
            fail(f"cannot read --archive: {error.strerror or error}", EXIT_USAGE)
    _add(data_dir, "source", fields, dry_run, lock_timeout, text)


@add_app.command("statement")
def add_statement(
    record_id: IdOption = None,
    actor: Annotated[
        str | None, typer.Option(help=describe(Statement, "actor") + " Its id, name or alias.")
    ] = None,
    speaker: Annotated[
        str | None, typer.Option(help=describe(Statement, "speaker") + " Its id, name or alias.")
    ] = None,
    date: Annotated[str | None, typer.Option(help=describe(Statement, "date"))] = None,
    source: Annotated[
        str | None, typer.Option(help="The source that reports it: its id or title.")
    ] = None,
    quote: Annotated[str | None, typer.Option(help=describe(Statement, "quote"))] = None,
    paraphrase: Annotated[str | None, typer.Option(help=describe(Statement, "paraphrase"))] = None,
    stance: Annotated[
        list[str] | None,
        typer.Option(
            metavar="TARGET=STANCE",
            help="A stance on a target (its id, name, label or alias), such as "
            "'Article 35=oppose' (repeatable).",
        ),
    ] = None,
    condition: Annotated[
        list[str] | None,
        typer.Option(
            metavar="TEXT",
            help="The condition on a stance, such as 'unless amended' (repeatable): the first "
            "--condition goes with the first --stance, the second with the second, and so on; "
            "'' for a stance without one.",
        ),
    ] = None,
    data_dir: DataOption = Path("data"),
    dry_run: DryRun = False,
    lock_timeout: LockTimeout = 30.0,
) -> None:
    """Add a statement (who said what, about which targets) to statements.yaml."""
    if quote is not None and paraphrase is not None:
        fail("give --quote or --paraphrase, not both", EXIT_USAGE)
    fields: dict[str, Any] = {
        "id": _need(record_id, "--id", "Id (a-z, 0-9, -)"),
        "actor": _need(actor, "--actor", "Actor (stakeholder id or name)"),
        "speaker": _maybe(speaker, "Speaker (person id or name)"),
        "date": _maybe(date, "Date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        "source": _need(source, "--source", "Source (id or title)"),
    }
    if quote is None and paraphrase is None:
        quote = _maybe(None, "Quote, verbatim")
        if quote is None:
            paraphrase = _need(None, "--quote or --paraphrase", "Paraphrase")
    fields["quote"], fields["paraphrase"] = quote, paraphrase
    stances = list(stance or [])
    if not stances:
        stances = [_need(None, "--stance", "Stance (TARGET=support|oppose|mixed|neutral)")]
    from positions.curate.add import parse_stance

    conditions = list(condition or [])
    if len(conditions) > len(stances) or (1 < len(stances) != len(conditions) > 0):
        fail(
            f"{len(conditions)} --condition for {len(stances)} --stance",
            EXIT_USAGE,
            "give one --condition per --stance, in the same order ('' for none)",
        )
    conditions += [""] * (len(stances) - len(conditions))
    try:
        fields["stances"] = [
            parse_stance(text, when or None) for text, when in zip(stances, conditions, strict=True)
        ]
    except ValueError as error:
        fail(str(error), EXIT_USAGE)
    _add(data_dir, "statement", fields, dry_run, lock_timeout)


def _choices(prompt: str, kinds: Any) -> str:
    return f"{prompt} ({' | '.join(str(kind) for kind in kinds)})"


@app.command()
def extract(
    article: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True, help="The article, as text."),
    ],
    source: Annotated[
        str | None,
        typer.Option(
            help="The source id of the article, for the drafts (default: the source whose "
            "archive is this article, if any)."
        ),
    ] = None,
    data_dir: DataOption = Path("data"),
    append: Annotated[
        bool,
        typer.Option(
            "--append",
            help="Append the drafts to drafts.yaml in the data directory (not statements.yaml: "
            "their TODO stances would not validate) instead of printing them.",
        ),
    ] = False,
    lock_timeout: LockTimeout = 30.0,
) -> None:
    """Draft statements from a news article: its quotes and who said them, stances TODO.

    Speakers are matched to the stakeholders of the data directory when it loads.
    """
    from positions.curate.extract import (
        append_drafts,
        draft_records,
        extract_quotes,
        render_drafts,
        skip_recorded,
        source_of,
    )

    try:
        text = article.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        fail(f"{article} is not UTF-8 text", EXIT_USAGE, "save the article as UTF-8")
    dataset = _dataset_for_names(data_dir)
    if source is None and dataset is not None:
        source = source_of(text, dataset)
        if source is not None:
            err(f"The article is the archive of source '{source}': the drafts cite it")
    elif source is not None and dataset is not None and source not in dataset.sources:
        err(f"Note: source '{source}' is not in {data_dir}: add it with positions add source")
    extraction = extract_quotes(text, dataset)
    if append:
        path, count, extraction = _written(
            lambda: append_drafts(
                data_dir,
                extraction,
                source,
                dataset,
                lock_timeout=lock_timeout,
                on_wait=_waiting("extract", lock_timeout),
            ),
            f"the drafts are not valid with the data in {data_dir}; nothing was written",
        )
        _say_known(extraction)
        err(
            f"Appended {count} draft statement(s) to {path}: set each TODO, then "
            "positions promote them"
        )
        return
    extraction = skip_recorded(extraction, source, dataset)
    _say_known(extraction)
    drafts = draft_records(extraction, source, dataset)
    typer.echo(render_drafts(drafts, extraction.skipped), nl=False)
    err(f"{len(drafts)} quote(s) drafted from {article}; every stance is TODO")


def _say_known(extraction: Any) -> None:
    known = [s for s in extraction.skipped if s.reason.startswith(("already", "the same"))]
    if known:
        err(f"Skipped {len(known)} quote(s) already recorded or drafted")


@app.command()
def promote(
    drafts: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="DRAFT_ID", help="The ids of the drafts to move.", show_default=False
        ),
    ] = None,
    all_reviewed: Annotated[
        bool, typer.Option("--all-reviewed", help="Move every draft with no TODO left.")
    ] = False,
    data_dir: DataOption = Path("data"),
    dry_run: DryRun = False,
    lock_timeout: LockTimeout = 30.0,
) -> None:
    """Move reviewed drafts from drafts.yaml into statements.yaml.

    The drafts are validated with the whole dataset first (names resolve as in positions
    add); each file is replaced atomically, every other byte of both kept as it was.
    """
    from positions.curate.promote import promote_drafts

    if not drafts and not all_reviewed:
        fail("name the drafts to promote", EXIT_USAGE, "give DRAFT_ID..., or --all-reviewed")
    moved = _written(
        lambda: promote_drafts(
            data_dir,
            drafts or [],
            all_reviewed=all_reviewed,
            dry_run=dry_run,
            lock_timeout=lock_timeout,
            on_wait=_waiting("promote", lock_timeout),
        ),
        f"the drafts are not valid with the data in {data_dir}; nothing was written",
    )
    done = "Would move" if dry_run else "Moved"
    err(
        f"{done} {len(moved.ids)} draft(s) to {moved.statements}:{moved.line} "
        f"({', '.join(moved.ids)}); {moved.remaining} left in {moved.drafts}"
    )


@app.command("import")
def import_sheet(
    sheet: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=True,
            help="A .csv or .xlsx file: a header row, then one row per statement.",
        ),
    ],
    data_dir: DataOption = Path("data"),
    dry_run: DryRun = False,
    lock_timeout: LockTimeout = 30.0,
) -> None:
    """Import statements from a spreadsheet (CSV or XLSX) into statements.yaml.

    Columns: id (optional), actor, speaker, date, source, quote or paraphrase, target,
    stance, condition, and target 2, stance 2, condition 2, ... for more stances; names or
    ids. Every row is validated with the whole dataset first; each problem is printed as
    FILE:ROW:COLUMN and nothing is written.
    """
    from positions.curate.spreadsheet import import_statements

    imported = _written(
        lambda: import_statements(
            data_dir,
            sheet,
            dry_run=dry_run,
            lock_timeout=lock_timeout,
            on_wait=_waiting("import", lock_timeout),
        ),
        f"{sheet} is not valid with the data in {data_dir}; nothing was written",
    )
    if imported.existing_problems:
        count = imported.existing_problems
        err(f"Note: the data already had {count} problem(s); see positions check")
    done = "Dry run: would append" if dry_run else "Appended"
    err(f"{done} {imported.count} statement(s) from {sheet} to {imported.file}:{imported.line}")


def _dataset_for_names(data_dir: Path) -> Dataset | None:
    try:
        return load_dataset(data_dir)
    except DataDirError:
        err(f"Note: no data directory {data_dir}: speakers are not matched to stakeholders")
    except DataError as error:
        err(
            f"Note: the data in {data_dir} has {len(error.problems)} problem(s) "
            "(positions check): speakers are not matched to stakeholders"
        )
    return None


@app.command()
def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="The new data directory (created if missing).")
    ],
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Write into a directory that is not empty (existing files are kept)."
        ),
    ] = False,
) -> None:
    """Start a dataset: the four data files, dataset.yaml, sources/ and a README stub.

    Each data file starts with the editor-schema line and a commented example record.
    """
    from positions.curate.init import DirectoryNotEmpty, InitError, init_dataset

    try:
        written = init_dataset(directory, force=force)
    except DirectoryNotEmpty as error:
        hint = "choose a new directory, or pass --force to add only the missing files"
        fail(str(error), EXIT_USAGE, hint)
    except InitError as error:
        fail(str(error), EXIT_USAGE)
    for path in written:
        err(f"Wrote {path}")
    err(f"Started a dataset in {directory}: add records with positions add ... --data {directory}")


@app.command()
def schema(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Where to write the JSON Schema; '-' for stdout."),
    ] = Path("-"),
) -> None:
    """Write the JSON Schema of the data files, for editors that validate YAML as you type.

    Point a data file at it with a first line such as
    '# yaml-language-server: $schema=../positions.schema.json'.
    """
    from positions.data.atomic import atomic_write as write_atomic
    from positions.data.schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if str(output) == "-":
        typer.echo(text, nl=False)
        return
    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as error:
        fail(f"could not write {output}: {error}", EXIT_DATA)
    err(f"Wrote {output}")
