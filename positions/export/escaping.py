"""What each text format needs so that no value in the data acts as anything but text.

One rule per format, used by every writer of that format:

- ``csv_cell``: a cell a spreadsheet would evaluate (``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return first) gets a leading ``'``, so ``=HYPERLINK(...)`` stays text; control
  characters are shown as escapes. ``raw=True`` (the CLI's ``--raw``) keeps values exactly.
- ``md_escape``: Markdown punctuation escaped, so a value cannot open raw HTML, a link, an
  image or emphasis; line breaks become spaces.
- ``xml_text``: characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF, lone
  surrogates) replaced by U+FFFD, so a GraphML, GEXF or SVG file always parses;
  ``xml_attribute`` and ``xml_content`` add the markup escapes of a double-quoted
  attribute (line breaks and tabs as character references, so a parser keeps them) and of
  element content (a carriage return as ``&#13;``: a parser turns a raw one into a line feed).

>>> csv_cell("=HYPERLINK(\\"https://x.org\\")"), csv_cell("-5", raw=True), csv_cell(3)
('\\'=HYPERLINK("https://x.org")', '-5', 3)
>>> md_escape("<img src=x> [a](javascript:b)")
'\\\\<img src=x\\\\> \\\\[a\\\\](javascript:b)'
>>> xml_text("a\\vb")
'a\\ufffdb'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum
from operator import methodcaller
from typing import Any

from positions.printable import printable

__all__ = [
    "FORMULA_STARTS",
    "csv_cell",
    "csv_texts",
    "md_escape",
    "xml_attribute",
    "xml_attributes",
    "xml_content",
    "xml_contents",
    "xml_text",
]

#: What a spreadsheet (Excel, LibreOffice, Google Sheets) reads as the start of a formula,
#: with the full-width forms some of them accept too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")
_XML_ALLOWED = "\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff"
_XML_INVALID = re.compile(f"[^{_XML_ALLOWED}]")
_XML_INVALID_BUT_NUL = re.compile(f"[^\x00{_XML_ALLOWED}]")  # NUL: the separator below


def csv_cell(value: Any, raw: bool = False) -> Any:
    """A value as a CSV writer should get it: None empty, booleans ``true``/``false``,
    enums their value; text guarded against formula evaluation unless ``raw``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        value = value.value
    if raw or not isinstance(value, str):
        return value
    return _guarded(value)


def _guarded(text: str) -> str:
    text = printable(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


_formula_like = methodcaller("startswith", FORMULA_STARTS)


def csv_texts(texts: Iterable[str], raw: bool = False) -> list[str]:
    """``csv_cell`` of each text (a column of a table at once: most columns hold no text
    to guard, which a few passes at C speed tell)."""
    texts = list(texts)
    if raw or _none_guarded(texts):
        return texts
    return list(map(_guarded, texts))


_ASCII_PRINTABLE = bytes(range(0x20, 0x7F))
_ASCII_FORMULA_STARTS = tuple(s.encode() for s in FORMULA_STARTS if s.isascii() and s.isprintable())


def _none_guarded(texts: list[str]) -> bool:
    """Whether ``_guarded`` leaves every text as it is: each printable, none formula-like.
    ASCII texts are told on their bytes joined by NUL: nothing but the separators outside
    the printable range; and text by text only when a formula's first character is in
    them at all (a byte search each)."""
    every = "\x00".join(texts)
    if not (texts and every.isascii()):
        return all(map(str.isprintable, texts)) and not any(map(_formula_like, texts))
    data = every.encode("ascii")
    if len(data.translate(None, _ASCII_PRINTABLE)) != len(texts) - 1:
        return False
    return not (
        any(start in data for start in _ASCII_FORMULA_STARTS) and any(map(_formula_like, texts))
    )


def md_escape(text: str) -> str:
    """Text safe anywhere in a Markdown line or table cell: every character that could
    start markup (HTML, links, images, emphasis, code, tables) escaped with a backslash,
    control characters shown as escapes, line breaks turned into spaces."""
    return _MD_SPECIAL.sub(r"\\\1", printable(" ".join(text.split())))


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 does not allow replaced by U+FFFD."""
    return _XML_INVALID.sub("\ufffd", text)


_IN_ATTRIBUTE = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("\n", "&#10;"),
    ("\r", "&#13;"),
    ("\t", "&#09;"),
)
_IN_CONTENT = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))


def _replaced(text: str, replacements: tuple[tuple[str, str], ...]) -> str:
    text = xml_text(text)
    for char, reference in replacements:
        if char in text:  # most texts hold none of them: a search is cheaper than a copy
            text = text.replace(char, reference)
    return text


def _each_replaced(texts: list[str], replacements: tuple[tuple[str, str], ...]) -> list[str]:
    """``_replaced`` of each text, a column at once: the texts joined by NUL (which no text
    can hold after ``xml_text``) and replaced in one pass, then split again."""
    every = "\x00".join(texts)
    if not texts or every.count("\x00") != len(texts) - 1:  # a NUL of a text's own
        return [_replaced(text, replacements) for text in texts]
    found = _XML_INVALID_BUT_NUL.search(every) is not None
    if not found and not any(char in every for char, _ in replacements):
        return texts  # ids, names, dates: nothing to escape in the whole column
    if found:
        every = _XML_INVALID_BUT_NUL.sub("\ufffd", every)
    for char, reference in replacements:
        if char in every:
            every = every.replace(char, reference)
    return every.split("\x00")


def xml_attribute(text: str) -> str:
    """``text`` fit for a double-quoted XML attribute (``xml_text``, markup, quotes, line
    breaks and tabs escaped)."""
    return _replaced(text, _IN_ATTRIBUTE)


def xml_content(text: str) -> str:
    """``text`` fit for XML element content (``xml_text``, markup and carriage returns
    escaped)."""
    return _replaced(text, _IN_CONTENT)


def xml_attributes(texts: list[str]) -> list[str]:
    """``xml_attribute`` of each text (a column of a document at once)."""
    return _each_replaced(texts, _IN_ATTRIBUTE)


def xml_contents(texts: list[str]) -> list[str]:
    """``xml_content`` of each text (a column of a document at once)."""
    return _each_replaced(texts, _IN_CONTENT)
