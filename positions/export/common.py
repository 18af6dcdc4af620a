"""What every exporter shares: the output files, atomic writes, the scope of an export.

Each exporter module renders to ``OutputFile`` objects (a path and its bytes) and never
touches the disk itself; ``write_outputs`` writes them atomically, or streams a text
output to a binary stream when the path is ``-`` (stdout, chosen by the CLI).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from positions.data.atomic import atomic_write
from positions.data.dataset import Dataset
from positions.data.names import fold_name
from positions.model import PartialDate, Stance
from positions.questions.positions import Position, positions_of

#: The path that means "standard output".
STDOUT = "-"

#: One symbol per stance, for the matrix and the briefing (with a legend beside them).
STANCE_SYMBOLS: dict[Stance, str] = {
    Stance.SUPPORT: "✔",
    Stance.OPPOSE: "✖",
    Stance.MIXED: "◐",
    Stance.NEUTRAL: "○",
}
#: Marks a stance that comes with a condition ("unless the text is changed").
CONDITION_MARK = "†"


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file an exporter produces: where it goes (``-`` for stdout) and its bytes."""

    path: str
    data: bytes
    #: what the file holds, for the "wrote ..." line ("alliance map", "nodes table")
    what: str

    @property
    def to_stdout(self) -> bool:
        return self.path == STDOUT


class ExportError(Exception):
    """An export cannot be made as asked (unknown name, wrong file type, missing directory)."""


class NothingToShow(ExportError):
    """The data holds nothing the export could show (no two actors share a target)."""


def write_outputs(outputs: Iterable[OutputFile], stdout: BinaryIO | None = None) -> list[str]:
    """Write every output (atomically, or to ``stdout`` for ``-``); return one line each.

    The lines say what was written where, e.g. ``wrote the nodes table to x-nodes.csv``.
    """
    said = []
    for output in outputs:
        if output.to_stdout:
            if stdout is None:
                raise ExportError(f"the {output.what} needs a file: pass -o FILE")
            stdout.write(output.data)
            stdout.flush()
            said.append(f"wrote the {output.what} to stdout ({len(output.data):,} bytes)")
        else:
            atomic_write(output.path, output.data)
            said.append(f"wrote the {output.what} to {output.path} ({len(output.data):,} bytes)")
    return said


def check_directory(path: str) -> None:
    """Raise ExportError when the directory a file should go to does not exist."""
    if path == STDOUT:
        return
    parent = Path(path).parent
    if not parent.is_dir():
        raise ExportError(f"cannot write {path}: the directory {parent} does not exist")


# --- the scope of an export: which targets, as of when -------------------------------------


def resolve_target(ds: Dataset, name: str) -> str:
    """The id of the target (or stakeholder spoken about) that ``name`` names.

    The query module's resolution (DESIGN.md, Name resolution); raises ExportError with
    the closest names or the candidates.
    """
    from positions.questions.resolve import Kind, QueryError, resolve

    try:
        return resolve(ds, name, Kind.TARGET)
    except QueryError as error:
        raise ExportError(str(error)) from None


def scope_targets(ds: Dataset, target: str | None) -> list[str] | None:
    """The target and everything ``part_of`` it, or None (everything) when no target is given."""
    if target is None:
        return None
    return [target, *ds.parts_of(target)]


def scoped_positions(
    ds: Dataset, as_of: PartialDate | None, targets: Sequence[str] | None
) -> dict[tuple[str, str], Position]:
    """``positions_of`` restricted to ``targets`` (all when None)."""
    found = positions_of(ds, as_of)
    if targets is None:
        return found
    wanted = set(targets)
    return {key: p for key, p in found.items() if key[1] in wanted}


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that puts 'Article 2' before 'Article 10' (digit groups compare as numbers)."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in _DIGITS.split(fold_name(text))
        if part
    )


def document_order(ds: Dataset, ids: Iterable[str]) -> list[str]:
    """``ids`` in the order of the document: parents before their parts, numbered labels in
    numeric order (Article 2 before Article 10), otherwise the order of the data files.

    Siblings whose labels share their words apart from the numbers ("Article 2",
    "Article 10") sort by number, placed where the first of them appears in the file;
    other siblings keep file order. Stakeholders spoken about come after the targets.
    """
    wanted = set(ids)
    file_index = {target_id: n for n, target_id in enumerate(ds.targets)}
    children: dict[str | None, list[str]] = {}
    for target in ds.targets.values():
        parent = target.part_of if target.part_of in ds.targets else None
        children.setdefault(parent, []).append(target.id)

    def sibling_order(siblings: list[str]) -> list[str]:
        group_start: dict[str, int] = {}
        keys: dict[str, tuple[int, tuple[tuple[int, int | str], ...], int]] = {}
        for sibling in siblings:
            label = ds.targets[sibling].label
            if label is None:
                keys[sibling] = (file_index[sibling], (), file_index[sibling])
                continue
            group = _DIGITS.sub("#", fold_name(label))
            start = group_start.setdefault(group, file_index[sibling])
            keys[sibling] = (start, natural_key(label), file_index[sibling])
        return sorted(siblings, key=keys.__getitem__)

    ordered: list[str] = []
    seen: set[str] = set()

    def visit(node: str) -> None:
        if node in seen:  # part_of cycles are check errors; never loop on them
            return
        seen.add(node)
        ordered.append(node)
        for child in sibling_order(children.get(node, [])):
            visit(child)

    for root in sibling_order(children.get(None, [])):
        visit(root)
    result = [t for t in ordered if t in wanted]
    rest = [s for s in ds.stakeholders if s in wanted]
    rest += sorted(wanted - set(result) - set(rest))
    return result + rest


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 actor', '2 actors' (``words`` for irregular plurals)."""
    return f"{count} {word if count == 1 else words or word + 's'}"


#: Names longer than this are shown by their longest alias that is not (when there is one).
LONG_NAME = 48


def display_name(name: str, aliases: Sequence[str]) -> str:
    """A long name's longest alias below LONG_NAME characters (and not an acronym), else it."""
    if len(name) <= LONG_NAME:
        return name
    fitting = [a for a in aliases if 12 <= len(a) <= LONG_NAME]
    return max(fitting, key=len) if fitting else name


def camp_note(
    ds: Dataset, members: Sequence[str], as_of: PartialDate | None, scope: list[str] | None
) -> str:
    """What most of a camp's members hold: 'oppose United Nations Convention ...'."""
    from collections import Counter

    positions = scoped_positions(ds, as_of, scope)
    counts = Counter(
        (p.stance.value, t)
        for (a, t), p in positions.items()
        if a in members and p.stance.value in ("support", "oppose")
    )
    if not counts:
        return ""
    (stance, target), held = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return f"{held} of {len(members)} {stance} {ds.name_of(target)}"


def short_label(ds: Dataset, record_id: str) -> str:
    """A target's label (or name), or a stakeholder's name: a column heading."""
    target = ds.targets.get(record_id)
    if target is not None:
        return target.label or target.name or target.id
    return ds.name_of(record_id)


def source_citation(ds: Dataset, source_id: str) -> dict[str, str]:
    """The known fields of a source (title, publisher, published, url); unknown ones omitted."""
    source = ds.sources.get(source_id)
    if source is None:
        return {"title": source_id}
    fields = {
        "title": source.title,
        "publisher": source.publisher,
        "published": str(source.published) if source.published else None,
        "url": source.url,
    }
    return {key: value for key, value in fields.items() if value}


def gephi_value(value: Any) -> Any:
    """An attribute value as Gephi's importers take it: scalars kept, lists joined with '; ',
    lists of records and mappings as JSON text."""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple) and all(isinstance(v, str | int | float) for v in value):
        return "; ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def gephi_attributes(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` without empty values (None, empty lists, empty strings), the rest made flat."""
    flat = {}
    for key, value in data.items():
        if value is None or value == "" or (isinstance(value, list | tuple | dict) and not value):
            continue
        flat[key] = gephi_value(value)
    return flat


# --- graphs as Gephi, Neo4j and spreadsheets take them ---------------------------------------


def edge_ids(graph: Any) -> dict[tuple[str, str, Any], str]:
    """A unique, readable id for every edge, keyed by (u, v, key) (key None in a simple graph).

    A stance edge is named by its statement (``hrw-surveillance``), or by statement and
    target when the statement speaks to several (``hrw-scope:uncc``); ``member_of`` and
    ``part_of`` edges by their ends (``tirana-hassan:member_of:hrw``, ``art-6:part_of``);
    alignment ties by their two actors in order (``hrw~russia``).
    """
    if not graph.is_multigraph():
        return {(u, v, None): "~".join(sorted((u, v))) for u, v in graph.edges()}
    edges = list(graph.edges(keys=True, data=True))
    stance_keys = [k for _, _, k, d in edges if d.get("relation") == "stance"]
    shared = {k for k in stance_keys if stance_keys.count(k) > 1}
    ids: dict[tuple[str, str, Any], str] = {}
    taken: set[str] = set()
    for u, v, key, data in edges:
        if data.get("relation") == "stance":
            name = f"{key}:{v}" if key in shared else str(key)
        elif data.get("relation") is not None:
            name = f"{u}:{key}" if str(key).startswith(str(data["relation"])) else f"{u}:{key}:{v}"
        else:
            name = f"{u}:{key}:{v}"
        unique, n = name, 1
        while unique in taken:  # never two edges with one id, whatever the keys
            n += 1
            unique = f"{name}#{n}"
        taken.add(unique)
        ids[(u, v, key)] = unique
    return ids


def edge_label(data: dict[str, Any]) -> str:
    """What an edge says, for Gephi's edge labels: the stance, the relation, or the counts."""
    relation = data.get("relation")
    if relation == "stance":
        return str(data.get("stance"))
    if relation is not None:
        return str(relation).replace("_", " ")
    return f"agree {data.get('agree', 0)}, disagree {data.get('disagree', 0)}"


def flat_graph(graph: Any) -> Any:
    """A copy of a stance or alignment graph fit for GraphML and GEXF.

    No attribute is None or empty (dropped); lists of names are joined with ``'; '``;
    the alignment evidence (a list of records) becomes JSON text; every edge gets a
    unique id as its key (one per statement, so parallel edges stay apart) and a label.
    """
    import networkx as nx

    flat: nx.Graph = nx.MultiDiGraph() if graph.is_multigraph() else nx.Graph()
    flat.graph.update(gephi_attributes(dict(graph.graph)))
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **gephi_attributes(data))
    if graph.is_multigraph():
        ids = edge_ids(graph)
        for u, v, key, data in graph.edges(keys=True, data=True):
            attributes = gephi_attributes(data)
            attributes.setdefault("label", edge_label(data))
            flat.add_edge(u, v, key=ids[(u, v, key)], **attributes)
    else:
        for u, v, data in graph.edges(data=True):
            a, b = sorted((u, v))
            attributes = gephi_attributes(data)
            attributes.setdefault("label", edge_label(data))
            flat.add_edge(a, b, **attributes)
    return flat


# --- HTML ---------------------------------------------------------------------------------

#: The pages load nothing: no script, no request; inline styles and data: images only.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
_WEB_URL = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address safe to link; None otherwise (javascript: etc.)."""
    return url if url and _WEB_URL.match(url.strip()) else None


def html_environment() -> Any:
    """The jinja2 environment of the HTML templates: autoescaped, strict about undefined names."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals["csp"] = CONTENT_SECURITY_POLICY
    environment.filters["web_url"] = web_url
    return environment
