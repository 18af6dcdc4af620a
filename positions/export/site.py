"""The dataset as a static website: a page per actor, target, source and statement.

``build_site(ds)`` renders every page (HTML, its JSON twin and a CSV of each table) in
memory; ``write_site(site, directory)`` writes only the files whose bytes changed and
removes the pages of records that are gone. The share cards (PNG, matplotlib) are drawn
only when what they show changed, recorded in a manifest in the site directory.

Every address depends on a record's id alone (ids are slugs: ``[a-z0-9][a-z0-9-]*``, safe in
a path and a URL as they are). The pages load nothing from the network: one stylesheet and
one script from ``assets/``, the search index as a script (``fetch`` does not work from
``file://``), under a policy that allows only those (``SITE_POLICY``). The JSON twin of a
page holds the answers of the questions it shows, serialised as ``--format json`` does.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from markupsafe import Markup, escape

from positions.data.atomic import atomic_write
from positions.data.dataset import Dataset
from positions.data.rules import normalise_quote_text
from positions.errors import ExportError
from positions.export.escaping import csv_cell
from positions.export.text import (
    Format,
    coalition_sheet,
    history_sheet,
    position_sheet,
    render,
    tie_sheet,
    to_data,
    who_headline,
)
from positions.export.web import html_environment, safe_url, script_json
from positions.model import INFO_FILE, RECORD_FILES, Stance
from positions.printable import inert_json
from positions.questions.answers import TiesAnswer
from positions.questions.ask import (
    allies,
    contested,
    evidence_of,
    history,
    opponents,
    stances_of,
    who,
)
from positions.questions.camps import Camp, CampsAnswer, coalitions
from positions.questions.positions import stance_records_of

__all__ = [
    "SITE_POLICY",
    "BadBaseUrl",
    "Progress",
    "Site",
    "WriteReport",
    "build_site",
    "dataset_version",
    "in_id_order",
    "write_site",
]

#: The pages' policy: the site's own stylesheet, script and images run or load, nothing
#: else (no inline script or style, no request to any other place, no form, no frame).
SITE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'; "
    "object-src 'none'"
)
#: The manifest of a written site: what each card was drawn from, every file written.
MANIFEST = ".positions-site.json"
#: Share cards: 1200 x 630 pixels, the size Open Graph and Twitter show best.
CARD_WIDTH, CARD_HEIGHT = 1200, 630
#: How much of an archived source a source page shows (characters).
ARCHIVE_SHOWN = 200_000
#: How much text around a quote its statement page shows (characters on each side).
CONTEXT_CHARS = 600

#: How many allies and opponents an actor page and its JSON twin show (the answer of
#: ``positions allies ACTOR --limit 10``, with ``more``); the CSVs hold them all.
TIES_SHOWN = 10

T = TypeVar("T")

#: ``progress(stage, done, total)``: called as work goes on ("pages", "cards", "files").
Progress = Callable[[str, int, int], None]


@dataclass
class Site:
    """A rendered site: its files (path inside the site -> bytes) and its share cards
    (path -> what the card shows, drawn when written)."""

    files: dict[str, bytes] = field(default_factory=dict)
    cards: dict[str, dict[str, Any]] = field(default_factory=dict)
    version: str = ""


@dataclass(frozen=True)
class WriteReport:
    """What ``write_site`` did: files written, left as they were, removed; cards drawn;
    the paths (inside the site) of the files written."""

    written: int
    unchanged: int
    removed: int
    cards_drawn: int
    rewritten: tuple[str, ...] = ()


class BadBaseUrl(ExportError):
    """The ``base_url`` of a site is not a plain http(s) address."""


def _ignore(stage: str, done: int, total: int) -> None:
    del stage, done, total


# --- version and citation ----------------------------------------------------------------


def dataset_version(ds: Dataset, built_on: datetime.date) -> str:
    """The dataset's version id: the date and the first 12 hex digits of a SHA-256 of what
    the data says, e.g. ``2026-12-02-3f9a0c1d2e4b``: every record (by kind, in id order,
    as canonical JSON), ``dataset.yaml``'s fields, and every other file under its directory
    (the archived sources; hidden files left out). Records reordered in their files, or
    YAML laid out otherwise, keep the version; any change of what a record says gives a
    new one."""
    digest = hashlib.sha256()
    for kind, records in (
        ("stakeholders", ds.stakeholders),
        ("targets", ds.targets),
        ("sources", ds.sources),
        ("statements", ds.statements),
    ):
        digest.update(kind.encode("utf-8") + b"\0")
        for record_id in sorted(records):
            record = records[record_id].model_dump(mode="json", exclude_none=True)
            digest.update(json.dumps(record, sort_keys=True).encode("utf-8") + b"\n")
    info = ds.info.model_dump(mode="json", exclude_none=True) if ds.info else None
    digest.update(json.dumps(info, sort_keys=True).encode("utf-8") + b"\0")
    root = Path(ds.root)
    record_files = {*RECORD_FILES, INFO_FILE}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if relative in record_files or any(part.startswith(".") for part in relative.split("/")):
            continue
        digest.update(relative.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return f"{built_on.isoformat()}-{digest.hexdigest()[:12]}"


def in_id_order(ds: Dataset) -> Dataset:
    """``ds`` with every table in id order: the site asks its questions of this, so where
    an answer keeps file order (ties of equal rank, the statements of a source) the pages
    come out the same bytes however the records are ordered in their files."""

    def ordered(table: Mapping[str, T]) -> dict[str, T]:
        return {key: table[key] for key in sorted(table)}

    return ds.replace(
        stakeholders=ordered(ds.stakeholders),
        targets=ordered(ds.targets),
        sources=ordered(ds.sources),
        statements=ordered(ds.statements),
    )


#: Where the version id, its year and its BibTeX key go in a page's citation: filled by
#: ``assets/version.js``, so a new version rewrites that one file, not every page.
_VERSION_SLOTS = {"id": "\ue000", "year": "\ue001", "key": "\ue002"}


def _citation(ds: Dataset, page: str) -> dict[str, str]:
    """The "cite this" texts of ``page`` with slots for the version (``_VERSION_SLOTS``)."""
    info = ds.info
    title = (info.title if info else None) or "Positions dataset"
    credit = (info.credit if info else None) or "positions"
    url = safe_url(info.url if info else None)
    where = f" {url.rstrip('/')}/{page}" if url else ""
    version, year, key = _VERSION_SLOTS["id"], _VERSION_SLOTS["year"], _VERSION_SLOTS["key"]
    apa = f"{credit}. ({year}). {title} (Version {version}) [Data set].{where}"
    bibtex_lines = [
        f"@misc{{{key},",
        f"  title = {{{_bibtex(title)}}},",
        f"  author = {{{{{_bibtex(credit)}}}}},",
        f"  year = {{{year}}},",
        f"  version = {{{version}}},",
        "  note = {Data set}",
    ]
    if url:
        bibtex_lines[-1] += ","
        bibtex_lines.append(f"  url = {{{url.rstrip('/')}/{page}}}")
    return {"apa": apa, "bibtex": "\n".join([*bibtex_lines, "}"])}


def _version_fields(version: str, built_on: datetime.date) -> dict[str, str]:
    """What fills the version slots of every page: the id, the year, the BibTeX key."""
    return {
        "id": version,
        "year": str(built_on.year),
        "key": "positions-" + version.replace("-", ""),
    }


#: What a version slot shows until ``version.js`` has run (or where scripts are off).
_SLOT_FALLBACK = {"id": "(see the index page)", "year": "n.d.", "key": "positions"}


def _slotted(text: str, fields: dict[str, str] | None) -> Markup:
    """``text`` escaped, each version slot a ``<span data-version=...>`` holding the value
    from ``fields`` (the index page) or a fallback that ``version.js`` replaces."""
    by_char = {char: name for name, char in _VERSION_SLOTS.items()}
    pieces = re.split("([" + "".join(by_char) + "])", text)
    out = Markup("")
    for piece in pieces:
        name = by_char.get(piece)
        if name is None:
            out += escape(piece)
        else:
            shown = fields[name] if fields else _SLOT_FALLBACK[name]
            out += Markup('<span data-version="{}">{}</span>').format(name, shown)
    return out


def _version_script(fields: dict[str, str]) -> bytes:
    return f"window.POSITIONS_VERSION = {script_json(fields)};\n".encode()


def _bibtex(text: str) -> str:
    """Text inside BibTeX braces: braces and backslashes cannot end or break the field."""
    return text.replace("\\", " ").replace("{", "(").replace("}", ")")


# --- the pages ---------------------------------------------------------------------------


def _twin(value: dict[str, Any]) -> bytes:
    """The JSON twin of a page: an object of the answers it shows, each as ``to_data`` (the
    serialiser of ``--format json``) gives it, written without indentation (the same data
    as ``--format json``, a third of the bytes) and inert like it."""
    text = json.dumps(to_data(value), ensure_ascii=False, separators=(",", ":"))
    return (inert_json(text) + "\n").encode("utf-8")


def _csv(result: Any, sheet: Any) -> bytes:
    return render(result, sheet, Format.CSV).encode("utf-8")


def _plain_csv(fields: list[str], rows: Iterable[dict[str, Any]]) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
    return buffer.getvalue().encode("utf-8")


class _Renderer:
    """Renders every page of one dataset (the answers each page shows, asked once)."""

    def __init__(
        self, ds: Dataset, version: str, built_on: datetime.date, base_url: str | None
    ) -> None:
        self.ds = ds
        self.version = version
        self.built_on = built_on
        self.base_url = base_url.rstrip("/") + "/" if base_url else None
        self.env = html_environment()
        self.camps: CampsAnswer = coalitions(ds, runs=0)
        self.camp_of = {m: camp for camp in self.camps for m in camp.members}
        self.contested = contested(ds)
        self.contested_rank = {c.target: n for n, c in enumerate(self.contested, start=1)}
        self.cites: dict[str, list[str]] = {}
        for statement in ds.statements.values():
            self.cites.setdefault(statement.source, []).append(statement.id)
        self.title = (ds.info.title if ds.info else None) or "Positions"
        self.normalised: dict[str, str | None] = {}

    def page(
        self,
        template: str,
        path: str,
        heading: str,
        card: str | None = None,
        description: str = "",
        **values: Any,
    ) -> bytes:
        root = "../" * path.count("/")
        # the version is written into the index alone; version.js fills it everywhere
        fields = _version_fields(self.version, self.built_on) if path == "index.html" else None
        image = None
        if card is not None:
            image = (self.base_url or root) + card
        html: str = self.env.get_template(f"site/{template}").render(
            policy=SITE_POLICY,
            root=root,
            path=path,
            stem=path.rsplit("/", 1)[-1].removesuffix(".html"),
            heading=heading,
            site_title=self.title,
            description=description,
            version=_slotted(_VERSION_SLOTS["id"], fields),
            cite={k: _slotted(v, fields) for k, v in _citation(self.ds, path).items()},
            card=image,
            page_url=(self.base_url + path) if self.base_url else None,
            ds=self.ds,
            **values,
        )
        return html.encode("utf-8")

    # index ---------------------------------------------------------------------------

    def main_target(self) -> str | None:
        info = self.ds.info
        if info and info.main_target in self.ds.targets:
            return info.main_target
        roots = [t.id for t in self.ds.targets.values() if t.part_of is None]
        return roots[0] if roots else None

    def board(self, target: str) -> dict[str, Any]:
        """The ``who`` answer of each stance on ``target``: the columns of its board."""
        return {stance.value: who(self.ds, stance, target) for stance in Stance}

    def index(self, site: Site) -> None:
        main = self.main_target()
        board = self.board(main) if main else {}
        takeaways = []
        if main:
            name = self.ds.name_of(main)
            for stance, verb in (("oppose", "opposes"), ("support", "supports")):
                found = board[stance]
                headline = who_headline(found, verb, stance)
                takeaways.append(f"{name}: {headline}.")
        for item in list(self.contested)[:3]:
            takeaways.append(
                f"Contested: {item.target_name} ({item.support} support, {item.oppose} oppose)."
            )
        if len(self.camps):
            takeaways.append(
                f"{_count(len(self.camps), 'camp')} of actors who take the same sides: "
                + "; ".join(f"{camp.label} ({len(camp.members)})" for camp in self.camps)
                + "."
            )
        site.files["index.html"] = self.page(
            "index.html.j2",
            "index.html",
            self.title,
            description=(self.ds.info.description if self.ds.info else None) or "",
            main=main,
            board=board,
            takeaways=takeaways,
            camps=self.camps,
            counts={
                "actors": len(self.ds.stakeholders),
                "targets": len(self.ds.targets),
                "sources": len(self.ds.sources),
                "statements": len(self.ds.statements),
            },
        )
        twin = {
            "main_target": main,
            "board": board,
            "camps": self.camps,
            "contested": self.contested,
        }
        site.files["index.json"] = _twin(twin)
        site.files["index-camps.csv"] = _csv(self.camps, coalition_sheet(self.camps, "Camps"))
        for stance, found in board.items():
            sheet = position_sheet(found, f"Who {stance}s", "none")
            site.files[f"index-{stance}.csv"] = _csv(found, sheet)

    # actors --------------------------------------------------------------------------

    def actor(self, site: Site, actor_id: str) -> None:
        ds = self.ds
        name = ds.name_of(actor_id)
        held = stances_of(ds, actor_id)
        said = history(ds, actor_id)
        friends = allies(ds, actor_id)
        foes = opponents(ds, actor_id)
        camp = self.camp_of.get(actor_id)
        base = f"actor/{actor_id}"
        counts = {s.value: sum(1 for r in held if r.stance is s) for s in Stance}
        card = f"card/actor/{actor_id}.png"
        site.cards[card] = {
            "title": name,
            "kind": ds.stakeholders[actor_id].kind.value,
            "line": f"{_count(len(held), 'position')}, {_count(len(said.entries), 'stance')} "
            "on record",
            "counts": counts,
            "dataset": self.title,
        }
        site.files[f"{base}.html"] = self.page(
            "actor.html.j2",
            f"{base}.html",
            name,
            card=card,
            description=f"Where {name} stands, with the words that prove it.",
            actor=ds.stakeholders[actor_id],
            aliases=_alias_split(ds.stakeholders[actor_id].aliases),
            held=held,
            said=said,
            allies=friends,
            opponents=foes,
            camp=camp,
            ties_shown=TIES_SHOWN,
        )
        site.files[f"{base}.json"] = _twin(
            {
                "actor": actor_id,
                "stances": held,
                "history": said,
                "allies": _ties_twin(friends),
                "opponents": _ties_twin(foes),
                "camp": _camp_reference(camp) if camp else None,
            }
        )
        site.files[f"{base}-positions.csv"] = _csv(held, position_sheet(held, name, "none", True))
        site.files[f"{base}-history.csv"] = _csv(said, history_sheet(said))
        site.files[f"{base}-allies.csv"] = _csv(friends, tie_sheet(friends, name, name, "none"))
        site.files[f"{base}-opponents.csv"] = _csv(foes, tie_sheet(foes, name, name, "none"))

    # targets -------------------------------------------------------------------------

    def target(self, site: Site, target_id: str) -> None:
        ds = self.ds
        name = ds.name_of(target_id)
        board = self.board(target_id)
        scope = set(ds.scope(target_id))
        speakers = sorted(
            {s.actor for s in ds.statements_on(scope)},
            key=lambda a: (ds.name_of(a).casefold(), a),
        )
        histories = [history(ds, actor, target_id) for actor in speakers]
        rank = self.contested_rank.get(target_id)
        card = f"card/target/{target_id}.png"
        site.cards[card] = {
            "title": name,
            "kind": ds.targets[target_id].kind.value,
            "line": f"{_count(len(speakers), 'actor')} spoke to it or its parts",
            "counts": {s: len(found.actors_on_target) for s, found in board.items()},
            "dataset": self.title,
        }
        base = f"target/{target_id}"
        site.files[f"{base}.html"] = self.page(
            "target.html.j2",
            f"{base}.html",
            name,
            card=card,
            description=f"Who stands where on {name}, with the words that prove it.",
            target=ds.targets[target_id],
            aliases=_alias_split(ds.targets[target_id].aliases),
            board=board,
            histories=histories,
            rank=rank,
            ranked=len(self.contested),
            parts=ds.parts_of(target_id),
        )
        site.files[f"{base}.json"] = _twin(
            {
                "target": target_id,
                "board": board,
                "history": histories,
                "contested_rank": rank,
            }
        )
        for stance, found in board.items():
            sheet = position_sheet(found, f"Who {stance}s {name}", "none")
            site.files[f"{base}-{stance}.csv"] = _csv(found, sheet)

    # sources and statements ----------------------------------------------------------

    def archive_text(self, source_id: str) -> str | None:
        """The archived text of a source, read only from a regular file inside data/."""
        archive = self.ds.sources[source_id].archive
        if archive is None:
            return None
        root = Path(self.ds.root).resolve()
        path = (root / archive).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return None
        with open(path, "rb") as handle:
            return handle.read(ARCHIVE_SHOWN * 4).decode("utf-8", errors="replace")[:ARCHIVE_SHOWN]

    def normalised_archive(self, source_id: str) -> str | None:
        """The archived text of a source as the check compares quotes with it (whitespace
        and quote marks normalised), read and normalised once per source."""
        if source_id not in self.normalised:
            text = self.archive_text(source_id) if source_id in self.ds.sources else None
            self.normalised[source_id] = normalise_quote_text(text) if text else None
        return self.normalised[source_id]

    def render(self, site: Site, kind: str, record: str) -> None:
        """The page of one record (``kind`` actor, target, source or statement) into ``site``."""
        if kind == "actor":
            self.actor(site, record)
        elif kind == "target":
            self.target(site, record)
        elif kind == "source":
            self.source(site, record)
        else:
            self.statement(site, record)

    def source(self, site: Site, source_id: str) -> None:
        ds = self.ds
        record = ds.sources[source_id]
        archive = self.archive_text(source_id)
        cited = [ds.statements[s] for s in self.cites.get(source_id, [])]
        base = f"source/{source_id}"
        site.files[f"{base}.html"] = self.page(
            "source.html.j2",
            f"{base}.html",
            record.title,
            description=f"A source of {len(cited)} statements.",
            source=record,
            cited=cited,
            archive=archive,
        )
        site.files[f"{base}.json"] = _twin(
            {
                "source": record.model_dump(mode="json", exclude_none=True),
                "statements": [s.id for s in cited],
            }
        )
        site.files[f"{base}-statements.csv"] = _plain_csv(
            ["statement", "actor", "actor_name", "date", "text", "is_paraphrase"],
            (
                {
                    "statement": s.id,
                    "actor": s.actor,
                    "actor_name": ds.name_of(s.actor),
                    "date": str(s.date) if s.date else "",
                    "text": s.text,
                    "is_paraphrase": s.is_paraphrase,
                }
                for s in cited
            ),
        )

    def statement(self, site: Site, statement_id: str) -> None:
        ds = self.ds
        record = ds.statements[statement_id]
        evidence = [evidence_of(ds, r) for r in stance_records_of(ds, [record])]
        archive = self.normalised_archive(record.source) if record.quote else None
        context = _context(archive, record.quote) if archive and record.quote else None
        base = f"statement/{statement_id}"
        site.files[f"{base}.html"] = self.page(
            "statement.html.j2",
            f"{base}.html",
            f"{ds.name_of(record.actor)}: {record.id}",
            description=record.text[:200],
            statement=record,
            evidence=evidence,
            context=context,
            source=ds.sources.get(record.source),
        )
        site.files[f"{base}.json"] = _twin(
            {
                "statement": record.model_dump(mode="json", exclude_none=True),
                "evidence": evidence,
            }
        )
        site.files[f"{base}-stances.csv"] = _plain_csv(
            ["statement", "target", "target_name", "stance", "condition", "date", "source"],
            (
                {
                    "statement": e.statement,
                    "target": e.target,
                    "target_name": ds.name_of(e.target),
                    "stance": e.stance.value,
                    "condition": e.condition or "",
                    "date": e.date or "",
                    "source": e.source,
                }
                for e in evidence
            ),
        )


def _ties_twin(ties: TiesAnswer) -> dict[str, Any]:
    """Allies or opponents in an actor's twin: ``positions allies ACTOR --limit 10 --format
    json`` (``more`` says how many ties are left out), each tie's evidence referenced by
    its statement ids (``statement/<id>.json`` holds the quote) instead of repeated."""
    shown = ties.head(TIES_SHOWN)
    # serialise the ties without their quotes, then name the statements behind each side
    bare = replace(
        shown,
        rows=tuple(
            replace(
                tie,
                evidence=tuple(
                    replace(item, evidence=(), other_evidence=()) for item in tie.evidence
                ),
            )
            for tie in shown.rows
        ),
    )
    data: dict[str, Any] = to_data(bare)
    for tie, row in zip(shown.rows, data["rows"], strict=True):
        for item, written in zip(tie.evidence, row["evidence"], strict=True):
            written["evidence"] = [e.statement for e in item.evidence]
            written["other_evidence"] = [e.statement for e in item.other_evidence]
    return data


def _camp_reference(camp: Camp) -> dict[str, Any]:
    """An actor's camp in its twin: which camp of ``index.json``'s ``camps`` it is (the
    camp's defining targets and their evidence are there, once, not on every member)."""
    return {
        "number": camp.number,
        "label": camp.label,
        "members": list(camp.members),
        "in": "index.json",
    }


#: How many aliases a page shows in its first line, and in how many characters at most;
#: the others are folded under "N more names" (a phone screen is not spent on them).
ALIASES_SHOWN, ALIASES_CHARS = 3, 80


def _alias_split(aliases: Iterable[str]) -> tuple[list[str], list[str]]:
    """The aliases a page shows at once (the first few that fit ``ALIASES_CHARS``, at least
    one) and the rest, folded."""
    names = list(aliases)
    shown: list[str] = []
    for name in names[:ALIASES_SHOWN]:
        if shown and sum(map(len, shown)) + len(name) > ALIASES_CHARS:
            break
        shown.append(name)
    return shown, names[len(shown) :]


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _context(text: str, quote: str) -> tuple[str, str, str] | None:
    """The quote in its archived context (``text``, the archive with whitespace and quote
    marks normalised as the check compares them): the text before it, the quote as
    archived, the text after."""
    wanted = normalise_quote_text(quote)
    at = text.find(wanted)
    if at < 0 or not wanted:
        return None
    start = max(0, at - CONTEXT_CHARS)
    end = min(len(text), at + len(wanted) + CONTEXT_CHARS)
    before = ("…" if start else "") + text[start:at]
    after = text[at + len(wanted) : end] + ("…" if end < len(text) else "")
    return before, text[at : at + len(wanted)], after


def _search_index(ds: Dataset) -> bytes:
    entries = [
        {"k": "actor", "id": s.id, "n": s.name, "a": " ".join(s.aliases)}
        for s in ds.stakeholders.values()
    ] + [
        {"k": "target", "id": t.id, "n": ds.name_of(t.id), "a": " ".join(t.aliases)}
        for t in ds.targets.values()
    ]
    entries.sort(key=lambda e: (e["k"], e["id"]))
    return f"window.POSITIONS_SEARCH = {script_json(entries)};\n".encode()


def _asset(name: str) -> bytes:
    return resources.files("positions.export").joinpath("assets", name).read_bytes()


def build_site(
    ds: Dataset,
    *,
    built_on: datetime.date | None = None,
    base_url: str | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> Site:
    """Every page of the site of ``ds`` in memory (the cards as what they show).

    ``built_on`` dates the version id (default: today, UTC); ``base_url`` (http or https)
    makes the share cards' addresses absolute, as some sites require. The pages are
    rendered in ``workers`` processes (default: the CPUs, at most 4); every page is the
    same bytes however many there are.
    """
    if base_url is not None and safe_url(base_url) is None:
        raise BadBaseUrl(f"the base URL must be an http(s) address, not {base_url!r}")
    report = progress or _ignore
    day = built_on or datetime.datetime.now(datetime.UTC).date()
    ds = in_id_order(ds)
    version = dataset_version(ds, day)
    renderer = _Renderer(ds, version, day, base_url)
    site = Site(version=version)
    site.files["assets/site.css"] = _asset("site.css")
    site.files["assets/site.js"] = _asset("site.js")
    site.files["assets/search-index.js"] = _search_index(ds)
    site.files["assets/version.js"] = _version_script(_version_fields(version, day))
    renderer.index(site)
    # the statements by source, so that a process reads and normalises each archive once
    work: list[tuple[str, str]] = [
        *(("actor", a) for a in ds.stakeholders),
        *(("target", t) for t in ds.targets),
        *(("source", s) for s in ds.sources),
        *(
            ("statement", s.id)
            for s in sorted(ds.statements.values(), key=lambda s: (s.source, s.id))
        ),
    ]
    done = 0
    for pages, files, cards in _render_all(renderer, work, _workers(workers)):
        site.files.update(files)
        site.cards.update(cards)
        done += pages
        report("pages", done, len(work))
    return site


def _workers(asked: int | None) -> int:
    return asked if asked is not None else min(os.cpu_count() or 1, 4)


def _fork() -> Any:
    """The start method of the worker processes: fork, so a worker inherits the dataset
    and the answers asked once (camps, contested) instead of receiving them."""
    import multiprocessing

    return multiprocessing.get_context("fork")


#: The renderer a forked worker inherits (set by the parent just before it forks).
_inherited: _Renderer | None = None

#: Pages in a chunk of work a worker renders at a time (small enough to share out evenly).
_CHUNK = 150


#: A chunk rendered: how many pages, their files, their cards.
_Rendered = tuple[int, dict[str, bytes], dict[str, dict[str, Any]]]


def _render_with(renderer: _Renderer, items: list[tuple[str, str]]) -> _Rendered:
    part = Site()
    for kind, record in items:
        renderer.render(part, kind, record)
    return len(items), part.files, part.cards


def _render_chunk(items: list[tuple[str, str]]) -> _Rendered:
    if _inherited is None:
        raise RuntimeError("a worker renders only what its parent set up before forking")
    return _render_with(_inherited, items)


def _render_all(
    renderer: _Renderer, work: list[tuple[str, str]], workers: int
) -> Iterable[_Rendered]:
    """The files and cards of every page of ``work``, a chunk at a time."""
    global _inherited
    chunks = [work[at : at + _CHUNK] for at in range(0, len(work), _CHUNK)]
    if workers <= 1 or len(chunks) < 2:
        yield from (_render_with(renderer, chunk) for chunk in chunks)
        return
    from concurrent.futures import ProcessPoolExecutor

    _inherited = renderer
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_fork()) as pool:
            yield from pool.map(_render_chunk, chunks)
    finally:
        _inherited = None


# --- cards -------------------------------------------------------------------------------

_STANCE_COLOURS = {
    "support": "#1b7837",
    "oppose": "#b2182b",
    "mixed": "#8c6d1f",
    "neutral": "#5a5a5a",
}


#: The look of the cards: part of each card's key in the manifest, so a change of how cards
#: are drawn draws every card again (raise it with any change below).
_CARD_STYLE = 2
#: The room for a card's title: its font shrinks with its length to fit one line.
_TITLE_POINTS, _TITLE_SHOWN = 36, 70


class _CardPainter:
    """One matplotlib figure (Agg) that draws every card of a dataset: what is the same on
    every card (the dataset's name, the axes, the stance names) is rendered once and kept
    as a background; a card restores it and draws only its title, line, bars and counts
    (matplotlib's blitting), a tenth of the work of drawing a new figure."""

    def __init__(self, dataset: str) -> None:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.dataset = dataset
        figure = Figure(figsize=(CARD_WIDTH / 100, CARD_HEIGHT / 100), dpi=100, facecolor="#ffffff")
        figure.text(0.05, 0.9, dataset, fontsize=18, color="#555555", va="top")
        self.title = figure.text(
            0.05, 0.78, "", weight="bold", color="#111111", va="top", animated=True
        )
        self.line = figure.text(0.05, 0.64, "", fontsize=20, color="#333333", animated=True)
        axes = figure.add_axes((0.16, 0.1, 0.78, 0.44))
        self.stances = list(_STANCE_COLOURS)[::-1]
        self.bars = list(
            axes.barh(
                self.stances,
                [0.0] * len(self.stances),
                color=[_STANCE_COLOURS[s] for s in self.stances],
                animated=True,
            )
        )
        # each count just right of its bar, as bar_label(padding=6) places it
        self.counts = [
            axes.annotate(
                "",
                (0.0, bar.get_y() + bar.get_height() / 2),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=16,
                animated=True,
            )
            for bar in self.bars
        ]
        axes.tick_params(labelsize=16)
        axes.spines[["top", "right", "bottom"]].set_visible(False)
        axes.set_xticks([])
        axes.set_xlim(0, 1.15)
        self.figure, self.axes = figure, axes
        self.canvas = FigureCanvasAgg(figure)
        self.canvas.draw()  # type: ignore[no-untyped-call]
        self.background = self.canvas.copy_from_bbox(figure.bbox)  # type: ignore[no-untyped-call]
        self.palette: Any = None

    def draw(self, spec: dict[str, Any]) -> bytes:
        import io

        from PIL import Image

        pixels = self._paint(spec)
        if self.palette is None:
            # a card has a few flat colours: a 64-colour palette PNG is a third of the RGBA
            # bytes; one palette (of a card with every stance drawn) serves every card, so a
            # card's bytes do not depend on which card a process drew first
            reference = self._paint(
                {
                    "title": "Reference card",
                    "kind": "kind",
                    "line": "0123456789 positions",
                    "counts": dict.fromkeys(self.stances, 1),
                }
            )
            self.palette = reference.quantize(colors=64, method=Image.Quantize.FASTOCTREE)
        card = pixels.quantize(palette=self.palette, dither=Image.Dither.NONE)
        buffer = io.BytesIO()
        card.save(buffer, format="PNG")
        return buffer.getvalue()

    def _paint(self, spec: dict[str, Any]) -> Any:
        """The card of ``spec`` as an RGB image (PIL)."""
        from PIL import Image

        title = str(spec["title"])
        if len(title) > _TITLE_SHOWN:
            title = title[: _TITLE_SHOWN - 1] + "…"
        # 36 points fit 34 characters in the card's width; longer titles get smaller
        self.title.set_text(title)
        self.title.set_fontsize(min(_TITLE_POINTS, _TITLE_POINTS * 34 / max(len(title), 1)))
        self.line.set_text(f"{spec['kind']} · {spec['line']}")
        values = [int(spec["counts"].get(s, 0)) for s in self.stances]
        most = max([*values, 1])
        self.canvas.restore_region(self.background)  # type: ignore[no-untyped-call]
        self.figure.draw_artist(self.title)
        self.figure.draw_artist(self.line)
        for bar, count, value in zip(self.bars, self.counts, values, strict=True):
            bar.set_width(value / most)
            count.xy = (value / most, count.xy[1])
            count.set_text(str(value))
            self.axes.draw_artist(bar)
            self.axes.draw_artist(count)
        size = self.canvas.get_width_height()
        rgba = Image.frombuffer("RGBA", size, self.canvas.buffer_rgba())  # type: ignore[no-untyped-call]
        return rgba.convert("RGB")


#: The painter of this process (one per dataset name; worker processes keep their own).
_painters: dict[str, _CardPainter] = {}


def draw_card(spec: dict[str, Any]) -> bytes:
    """A 1200 x 630 PNG share card: the record's name, what it is, its stance counts."""
    dataset = str(spec["dataset"])
    painter = _painters.get(dataset)
    if painter is None:
        _painters.clear()
        painter = _painters[dataset] = _CardPainter(dataset)
    return painter.draw(spec)


def _card_key(spec: dict[str, Any]) -> str:
    keyed = {"style": _CARD_STYLE, **spec}
    return hashlib.sha256(json.dumps(keyed, sort_keys=True).encode("utf-8")).hexdigest()


def _draw_cards(specs: list[dict[str, Any]], workers: int) -> Iterable[bytes]:
    if workers <= 1 or len(specs) < 64:
        return map(draw_card, specs)
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, mp_context=_fork()) as pool:
        return list(pool.map(draw_card, specs, chunksize=max(16, len(specs) // (workers * 4))))


# --- writing -----------------------------------------------------------------------------


def _write_if_changed(path: Path, data: bytes, durable: bool = False) -> bool:
    """Write ``data`` to ``path`` (all at once) unless it already holds those bytes; not
    durable by default: ``write_site`` syncs once after every page is written."""
    try:
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data, durable=durable)
    return True


def write_site(
    site: Site,
    directory: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    workers: int | None = None,
) -> WriteReport:
    """Write ``site`` into ``directory``: only the files whose bytes differ, the cards whose
    content changed (drawn in ``workers`` processes; default: the CPUs, at most 4), and
    remove the files an earlier build wrote that this one no longer has."""
    report = progress or _ignore
    out = Path(directory)
    if out.exists() and not out.is_dir():
        raise ExportError(f"cannot write the site to {out}: it is not a directory")
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / MANIFEST
    try:
        before = json.loads(manifest_path.read_text("utf-8"))
        old_files, old_cards = set(before["files"]), dict(before["cards"])
    except (OSError, ValueError, KeyError, TypeError):
        old_files, old_cards = set(), {}
    unchanged = 0
    rewritten: list[str] = []
    total = len(site.files)
    for done, (relative, data) in enumerate(sorted(site.files.items()), start=1):
        if _write_if_changed(out / relative, data):
            rewritten.append(relative)
        else:
            unchanged += 1
        if done % 500 == 0:
            report("files", done, total)
    keys = {path: _card_key(spec) for path, spec in site.cards.items()}
    stale = [
        p for p in sorted(site.cards) if old_cards.get(p) != keys[p] or not (out / p).is_file()
    ]
    report("cards", 0, len(stale))
    count = workers if workers is not None else min(os.cpu_count() or 1, 4)
    for done, (relative, png) in enumerate(
        zip(stale, _draw_cards([site.cards[p] for p in stale], count), strict=True), start=1
    ):
        _write_if_changed(out / relative, png)
        rewritten.append(relative)
        if done % 25 == 0 or done == len(stale):
            report("cards", done, len(stale))
    now = set(site.files) | set(site.cards)
    removed = 0
    for relative in sorted(old_files - now):
        path = out / relative
        if path.is_file() and path.resolve().is_relative_to(out.resolve()):
            path.unlink()
            removed += 1
    # two fsyncs per file were most of the time of writing 40,000 files: one sync makes
    # them durable before the manifest (durable itself) says which cards are drawn
    if rewritten or removed:
        os.sync()
    manifest = {"version": site.version, "files": sorted(now), "cards": keys}
    manifest_bytes = (json.dumps(manifest, indent=1) + "\n").encode("utf-8")
    _write_if_changed(manifest_path, manifest_bytes, durable=True)
    return WriteReport(len(rewritten), unchanged, removed, len(stale), tuple(rewritten))
