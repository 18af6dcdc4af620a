"""The figures data/README.md gives for a dataset, computed from the data itself.

    .venv/bin/python scripts/dataset_counts.py [DATA_DIR]      (default: data)

It loads the directory with the project's own loader (``positions.load``, so an invalid
dataset is an error, not a count) and prints:

- statements, and how many of them carry a verbatim ``quote`` (the rest are paraphrases);
- statements with a date: their own ``date``, else their source's ``published`` date
  (the v2 rule of DESIGN.md);
- states with a statement: distinct actors of kind ``state``; of them, the states with words
  of their own: a verbatim quote, or a paraphrase that is not one entry of a list (a
  sponsor, signatory or vote list: ``LIST_SIZE`` or more paraphrases of one source giving
  the same stances, one per state); and the states with a verbatim quote;
- sources, and how many have a ``published`` date;
- statements resting only on an AI-generated session report: statements whose source's
  archive carries the disclaimer such reports print (see ``AI_REPORT_MARKERS``; Digital
  Watch's reports say "The DiploAI system automatically generates these resources ..."
  and "This is not an official record of the session"). A statement has one source, so
  resting on such a source means resting only on it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import positions  # noqa: E402
from positions import Dataset, Source, StakeholderKind  # noqa: E402

#: Words an archived page uses to say that it was written by a machine, not a person
#: (compared after folding case and spacing).
AI_REPORT_MARKERS = (
    "automatically generates these resources",
    "not an official record of the session",
)


#: A source that gives this many states the same stances in paraphrase is a list
#: (co-sponsors, signatories, a recorded vote): its entries are not the states' own words.
LIST_SIZE = 5


@dataclass(frozen=True)
class Counts:
    statements: int
    quotes: int
    dated: int
    states: int
    states_own_words: int
    states_quoted: int
    sources: int
    sources_published: int
    ai_report_sources: tuple[str, ...]
    on_ai_reports: int


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def is_ai_report(dataset: Dataset, source: Source) -> bool:
    """Whether the source's archive carries an AI-generated report's disclaimer."""
    if source.archive is None:
        return False
    path = dataset.root / source.archive
    if not path.is_file():
        return False
    text = _fold(path.read_text(encoding="utf-8"))
    return any(_fold(marker) in text for marker in AI_REPORT_MARKERS)


def counts(dataset: Dataset) -> Counts:
    statements = list(dataset.statements.values())
    sources = dataset.sources
    ai = tuple(sid for sid, source in sources.items() if is_ai_report(dataset, source))
    states = {
        s.actor
        for s in statements
        if s.actor in dataset.stakeholders
        and dataset.stakeholders[s.actor].kind is StakeholderKind.STATE
    }
    state_statements = [s for s in statements if s.actor in states]
    shapes: dict[tuple[str, frozenset[tuple[str, str]]], set[str]] = {}
    for s in state_statements:
        if s.quote is None:
            shape = (s.source, frozenset((e.target, e.stance.value) for e in s.stances))
            shapes.setdefault(shape, set()).add(s.actor)
    listed = {shape for shape, actors in shapes.items() if len(actors) >= LIST_SIZE}
    own_words = {
        s.actor
        for s in state_statements
        if s.quote is not None
        or (s.source, frozenset((e.target, e.stance.value) for e in s.stances)) not in listed
    }
    return Counts(
        statements=len(statements),
        quotes=sum(1 for s in statements if s.quote is not None),
        dated=sum(
            1
            for s in statements
            if s.date is not None or (s.source in sources and sources[s.source].published)
        ),
        states=len(states),
        states_own_words=len(own_words),
        states_quoted=len({s.actor for s in state_statements if s.quote is not None}),
        sources=len(sources),
        sources_published=sum(1 for s in sources.values() if s.published is not None),
        ai_report_sources=ai,
        on_ai_reports=sum(1 for s in statements if s.source in ai),
    )


def _share(part: int, whole: int) -> str:
    return f"{part} ({100 * part / whole:.1f}%)" if whole else f"{part}"


def render(c: Counts) -> str:
    lines = [
        f"statements: {c.statements}",
        f"verbatim quotes: {_share(c.quotes, c.statements)}",
        f"statements with a date (own or source's): {_share(c.dated, c.statements)}",
        f"states with a statement: {c.states}",
        f"states with words of their own (not only list entries): {c.states_own_words}",
        f"states with a verbatim quote: {c.states_quoted}",
        f"sources: {c.sources}",
        f"sources with a published date: {_share(c.sources_published, c.sources)}",
        "statements resting only on AI-generated session reports: "
        f"{_share(c.on_ai_reports, c.statements)}"
        f" (sources: {', '.join(c.ai_report_sources) or 'none'})",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("data_dir", nargs="?", default="data", type=Path)
    args = parser.parse_args(argv)
    try:
        dataset = positions.load(args.data_dir)
    except positions.DataDirError as error:
        print(error, file=sys.stderr)
        return 1
    except positions.DataError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    print(render(counts(dataset)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
