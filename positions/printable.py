"""Text that cannot drive a terminal: control characters shown as escapes, not sent raw.

A name, a condition or a title in the data may hold an escape sequence (clear the
screen, an OSC 8 link, an OSC 52 clipboard write) or a character that reorders the line.
Every line ``positions`` writes for people goes through ``printable`` (the tables and
Markdown of the answers) or ``printable_line`` (problems, errors, warnings).

>>> printable("a\\x1b[2Jb\\tc\\nd")
'a\\\\u001b[2Jb\\tc\\nd'
>>> printable_line("two\\nlines \\u202e")
'two\\\\nlines \\\\u202e'
"""

from __future__ import annotations

import re

__all__ = ["UNPRINTABLE", "inert_json", "printable", "printable_line"]

#: Characters that act on a terminal or reorder text: C0 controls, DEL, C1 controls (the
#: 8-bit CSI and OSC among them), the line and paragraph separators, the bidi embeddings,
#: overrides and isolates.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UNPRINTABLE_BUT_LINES = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: What ``json.dumps(..., ensure_ascii=False)`` leaves raw that a terminal would act on.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    short = _SHORT.get(char)
    if short:
        return short
    return f"\\u{ord(char):04x}"


def printable(text: str) -> str:
    """``text`` with every character that could act on a terminal written as an escape
    (``\\u001b``, ``\\u202e``); tabs and line breaks are kept."""
    if text.isprintable():  # the common case, without a regex pass
        return text
    return _UNPRINTABLE_BUT_LINES.sub(_escape, text)


def printable_line(text: str) -> str:
    """``text`` as one line: ``printable``, with tabs and line breaks escaped too."""
    if text.isprintable():
        return text
    return UNPRINTABLE.sub(_escape, text)


def inert_json(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with every control or bidi
    character it left raw written as a ``\\u`` escape: the same data, inert on a terminal.

    >>> inert_json('"a\\u009b2Jb"')
    '"a\\\\u009b2Jb"'
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
