"""Precision and recall of `positions extract` against the quotes a curator took.

The reference is every ``quote:`` statement of the data directory whose source has the
article as its archive (by default the seed article and data/). A draft is a hit when its
quote holds the reference quote or lies inside it (typographic marks, spacing and the
sentence's closing punctuation aside: a curator may keep one sentence of a long
quotation); it is attributed right when its actor and speaker are the reference's.
With --all, every other archived source with quote statements is scored too: those
articles were not used to tune the extractor.

    .venv/bin/python scripts/eval_extract.py [--article PATH] [--data DIR] [--all]

Without a data directory holding such statements it falls back to the hand-made list of
tests/test_extract.py (speakers named by the stakeholders of tests/fixtures/seed).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from positions import DataError, load  # noqa: E402
from positions.curate.extract import extract_quotes  # noqa: E402
from positions.data.dataset import Dataset  # noqa: E402
from positions.data.rules import normalise_quote_text  # noqa: E402

Reference = tuple[str, str | None, str | None]  # quote, actor, speaker


def _key(quote: str) -> str:
    return normalise_quote_text(quote).rstrip(".,;:!? ").casefold()


def _dataset(data: Path) -> Dataset | None:
    try:
        return load(data)
    except DataError:
        # A dataset with a few problems still names its stakeholders: read what is valid.
        from positions.data.loader import _load

        return _load(data, 1 << 30)[0]
    except OSError:
        return None


def _reference(dataset: Dataset, article: str) -> list[Reference]:
    """The quote statements whose source's archive is ``article``."""
    wanted = normalise_quote_text(article)
    sources = set()
    for source in dataset.sources.values():
        if source.archive is None:
            continue
        path = dataset.root / source.archive
        if path.is_file() and normalise_quote_text(path.read_text(encoding="utf-8")) == wanted:
            sources.add(source.id)
    return [
        (s.quote, s.actor, s.speaker)
        for s in dataset.statements.values()
        if s.source in sources and s.quote is not None
    ]


def _reference_from_tests() -> tuple[list[Reference], Dataset]:
    from tests.test_extract import SEED_DATA, SEED_QUOTES

    return [(q, a, s) for q, a, s in SEED_QUOTES], load(SEED_DATA)


def _in_quotation_marks(quote: str, article: str) -> bool:
    """Whether the article prints ``quote`` inside quotation marks (an odd count before it).

    A curator also quotes an organisation's own text, which carries no quotation marks;
    the extractor looks only for quotations, so recall is also given over these.
    """
    text = normalise_quote_text(article.replace("\n", " \u2029 "))
    index = text.find(normalise_quote_text(quote))
    if index < 0:
        return False
    paragraph = text.rfind("\u2029", 0, index) + 1
    return text.count('"', paragraph, index) % 2 == 1


@dataclass
class Score:
    references: int = 0
    drafts: int = 0
    found: int = 0
    attributed: int = 0
    quoted: int = 0  # reference quotes printed inside quotation marks
    quoted_found: int = 0
    lines: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.references += other.references
        self.drafts += other.drafts
        self.found += other.found
        self.attributed += other.attributed
        self.quoted += other.quoted
        self.quoted_found += other.quoted_found

    def report(self) -> str:
        def ratio(a: int, b: int) -> str:
            return f"{a / b:.3f}" if b else "  -  "

        return (
            f"reference quotes {self.references:3}  drafts {self.drafts:3}  "
            f"found {self.found:3}  attributed {self.attributed:3}  |  quote precision "
            f"{ratio(self.found, self.drafts)} recall {ratio(self.found, self.references)}  |  "
            f"with actor+speaker precision {ratio(self.attributed, self.drafts)} "
            f"recall {ratio(self.attributed, self.references)}  |  recall over the "
            f"{self.quoted} in quotation marks {ratio(self.quoted_found, self.quoted)}"
        )


def evaluate(
    article: str, reference: list[Reference], dataset: Dataset, prefix_match: bool = False
) -> Score:
    drafts = extract_quotes(article, dataset).quotes

    def same(draft_quote: str, ref_quote: str) -> bool:
        d, r = _key(draft_quote), _key(ref_quote)
        # the curator may take part of a long quotation, or the extractor stop short of it
        return d.startswith(r) if prefix_match else (r in d or (len(d) >= 20 and d in r))

    score = Score(len(reference), len(drafts))
    matched: dict[int, int] = {}  # reference index -> draft index
    for r_index, (quote, actor, speaker) in enumerate(reference):
        quoted = prefix_match or _in_quotation_marks(quote, article)
        score.quoted += quoted
        for d_index, draft in enumerate(drafts):
            if d_index not in matched.values() and same(draft.quote, quote):
                matched[r_index] = d_index
                score.quoted_found += quoted
                break
        else:
            score.lines.append(f"  missed: {quote[:70]!r} ({actor}, {speaker})")
            continue
        draft = drafts[matched[r_index]]
        if (draft.actor, draft.speaker) == (actor, speaker):
            score.attributed += 1
        else:
            score.lines.append(
                f"  misattributed: {quote[:60]!r}: {draft.actor}, {draft.speaker} "
                f"instead of {actor}, {speaker}"
            )
    score.found = len(matched)
    for d_index, draft in enumerate(drafts):
        if d_index not in matched.values():
            score.lines.append(f"  extra: {draft.quote[:70]!r} ({draft.said_by})")
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, default=ROOT.parent / "shared" / "seed-article.txt")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument(
        "--all",
        action="store_true",
        help="also score every archived source of the data that has quote statements",
    )
    args = parser.parse_args()
    article = args.article.read_text(encoding="utf-8")
    dataset = _dataset(args.data) if args.data.is_dir() else None
    reference = _reference(dataset, article) if dataset is not None else []
    if dataset is None or not reference:
        print(f"reference: hand list of tests/test_extract.py ({args.data} has none)")
        reference, dataset = _reference_from_tests()
        score = evaluate(article, reference, dataset, prefix_match=True)
    else:
        print(f"reference: quote statements of {args.data} citing {args.article.name}")
        score = evaluate(article, reference, dataset)
    print(f"{args.article.name}: {score.report()}")
    print("\n".join(score.lines))
    if not args.all or not args.data.is_dir():
        return
    total = Score()
    for source in dataset.sources.values():
        path = dataset.root / (source.archive or "")
        if source.archive is None or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if normalise_quote_text(text) == normalise_quote_text(article):
            continue
        reference = _reference(dataset, text)
        if not reference:
            continue
        score = evaluate(text, reference, dataset)
        total.add(score)
        print(f"{source.id}: {score.report()}")
        print("\n".join(score.lines))
    print(f"all other archived sources: {total.report()}")


if __name__ == "__main__":
    main()
