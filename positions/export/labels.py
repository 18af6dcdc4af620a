"""What records and stances are called on a page: names, labels, plurals, citations, order.

>>> plural(1, "actor"), plural(3, "actor"), plural(2, "party", "parties")
('1 actor', '3 actors', '2 parties')
>>> sorted(["Article 10", "Article 2"], key=natural_key)
['Article 2', 'Article 10']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from positions.data.dataset import Dataset
from positions.data.names import fold_name
from positions.model import Stance, Statement

if TYPE_CHECKING:
    from positions.questions.camps import Camp

#: One symbol per stance, for the matrix and the briefing (with a legend beside them).
STANCE_SYMBOLS: dict[Stance, str] = {
    Stance.SUPPORT: "✔",
    Stance.OPPOSE: "✖",
    Stance.MIXED: "◐",
    Stance.NEUTRAL: "○",
}
#: Marks a stance that comes with a condition ("unless the text is changed").
CONDITION_MARK = "†"
#: How an actor's position reads in a sentence: 'opposes X', 'is mixed on X'.
STANCE_VERBS: dict[str, str] = {
    "support": "supports",
    "oppose": "opposes",
    "mixed": "is mixed on",
    "neutral": "is neutral on",
}


def date_label(ds: Dataset, statement: Statement) -> str | None:
    """A statement's date as shown: "2024-07", "source published 2024-07" when its source's
    date stands in (DESIGN.md v2), None when undated."""
    when, from_source = ds.date_of(statement)
    if when is None:
        return None
    return f"source published {when}" if from_source else str(when)


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

    # a pre-order walk with an explicit stack: a part_of chain of any length
    stack = list(reversed(sibling_order(children.get(None, []))))
    while stack:
        node = stack.pop()
        if node in seen:  # part_of cycles are check errors; never loop on them
            continue
        seen.add(node)
        ordered.append(node)
        stack.extend(reversed(sibling_order(children.get(node, []))))
    result = [t for t in ordered if t in wanted]
    rest = [s for s in ds.stakeholders if s in wanted]
    rest += sorted(wanted - set(result) - set(rest))
    return result + rest


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 actor', '2 actors', '1,960 actors' (``words`` for irregular plurals)."""
    return f"{count:,} {word if count == 1 else words or word + 's'}"


#: Names longer than this are shown by their longest alias that is not (when there is one).
LONG_NAME = 48


def display_name(name: str, aliases: Sequence[str]) -> str:
    """A long name's longest alias below LONG_NAME characters (and not an acronym), else it."""
    if len(name) <= LONG_NAME:
        return name
    fitting = [a for a in aliases if 12 <= len(a) <= LONG_NAME]
    return max(fitting, key=len) if fitting else name


def short_label(ds: Dataset, record_id: str) -> str:
    """A target's label (or name), or a stakeholder's name: a column heading."""
    target = ds.targets.get(record_id)
    if target is not None:
        return target.label or target.name or target.id
    return ds.name_of(record_id)


def abbreviated(label: str) -> str:
    """A column heading as briefings write it.

    >>> abbreviated("Article 6, paragraph 2"), abbreviated("Chapter IV")
    ('Art. 6(2)', 'Ch. IV')
    """
    text = re.sub(r",? paragraph (\w+)", r"(\1)", label)
    text = re.sub(r"\bArticles\b", "Arts.", text)
    text = re.sub(r"\bArticle\b", "Art.", text)
    return re.sub(r"\bChapter\b", "Ch.", text)


#: A column heading longer than this is replaced by a shorter alias when the target has one.
SHORT_HEADING = 26


def short_alias(ds: Dataset, target: str) -> str | None:
    """For a target with no label and a name longer than SHORT_HEADING, its longest alias
    that is not (as the data writes it); None otherwise."""
    record = ds.targets.get(target)
    if record is None or record.label:
        return None
    name = record.name or record.id
    short = [a for a in record.aliases if len(a) <= SHORT_HEADING]
    if len(name) <= SHORT_HEADING or not short:
        return None
    return max(short, key=len)


def column_heading(ds: Dataset, target: str) -> str:
    """A matrix column as a briefing heads it: the label abbreviated ('Art. 6(2)'), else
    the name, or for a long name its ``short_alias`` (first letter capitalised)."""
    record = ds.targets.get(target)
    if record is None:
        return ds.name_of(target)
    if record.label:
        return abbreviated(record.label)
    alias = short_alias(ds, target)
    if alias is None:
        return record.name or record.id
    return alias[:1].upper() + alias[1:]


def prose_name(ds: Dataset, target: str) -> str:
    """A target as a sentence names it once its full name has been given: 'the cybercrime
    convention' (its ``short_alias``, with 'the' when the alias is written in lower case and
    has none), 'Art. 6(2)', or its name."""
    alias = short_alias(ds, target)
    if alias is not None:
        bare = alias[:1].islower() and "the" not in alias.split()  # not 'signing the ...'
        return f"the {alias}" if bare else alias
    return column_heading(ds, target)


def camp_titles(ds: Dataset, camps: Iterable[Camp]) -> dict[int, str]:
    """A short title for each camp (by number), for a page or a map: what most defines it,
    the target by its ``prose_name`` ('opposes the cybercrime convention'); camps whose
    titles would coincide take their next defining target too, then their number; a camp
    that nothing defines is 'Camp N'."""

    def title(camp: Camp, parts: int) -> str:
        said = [
            f"{STANCE_VERBS[d.stance.value]} {prose_name(ds, d.target)}"
            for d in camp.defining[:parts]
        ]
        return "; ".join(said) or f"Camp {camp.number}"

    found = list(camps)
    titles = {c.number: title(c, 1) for c in found}
    for parts in (2, 0):
        seen = Counter(titles.values())
        for camp in found:
            if seen[titles[camp.number]] > 1:
                titles[camp.number] = (
                    title(camp, parts) if parts else f"{titles[camp.number]} ({camp.number})"
                )
    return titles


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
