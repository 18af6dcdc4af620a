"""How names are compared: the folding rules of DESIGN.md's name resolution."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_ABBREVIATIONS = {
    "art": "article",
    "arts": "article",
    "articles": "article",
    "para": "paragraph",
    "paras": "paragraph",
    "paragraphs": "paragraph",
    "ch": "chapter",
    "chap": "chapter",
    "chapters": "chapter",
}
_NOT_WORD = re.compile(r"[\W_]+")  # punctuation of any script; letters of every script stay


def fold_name(name: str) -> str:
    """Fold a name for comparison: case, accents, punctuation, spacing, abbreviations.

    Digit groups stay apart, so "Article 6(2)" never equals "Article 62".

    >>> fold_name("ART. 35") == fold_name("Article-35")
    True
    >>> fold_name("Article 6(2)"), fold_name("Article 62")
    ('article 6 2', 'article 62')
    """
    folded = name.casefold()
    if folded.isascii():  # nothing to decompose (most names): skip the per-letter pass
        unaccented = folded
    else:
        decomposed = unicodedata.normalize("NFKD", folded)
        unaccented = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = _NOT_WORD.sub(" ", unaccented).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def closest(word: str, options: Iterable[str], limit: int = 3, cutoff: float = 60) -> list[str]:
    """The options nearest to ``word`` (case-insensitively), best first."""
    choices = list(dict.fromkeys(options))
    from rapidfuzz import fuzz, process  # only when a name is not found: keeps start-up fast

    matches = process.extract(
        word.casefold(),
        [c.casefold() for c in choices],
        scorer=fuzz.ratio,
        limit=limit,
        score_cutoff=cutoff,
    )
    return [choices[index] for _, _, index in matches]


def did_you_mean(word: str, options: Iterable[str]) -> str | None:
    """A "did you mean 'x'?" hint, or None when nothing is close."""
    found = closest(word, options, limit=1)
    return f"did you mean '{found[0]}'?" if found else None
