"""The fast reader and the located reader agree: same values, or the fast one steps aside.

``parse_simple`` reads valid files without a location table; ``parse_located`` is the
reference. On documents in the plain block style both must give identical values; on
anything tricky ``parse_simple`` may raise ``NotSimple`` but never return another value,
and never accept a text the located reader refuses.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from positions.data.yamlread import NotSimple, locate_simple, parse_located, parse_simple

#: bounded so the suite stays fast (runs of 3,000 examples found nothing more)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
keys = st.builds(
    str.__add__, st.sampled_from(LETTERS + "_"), st.text(LETTERS + "0123456789_-", max_size=8)
)
#: plain scalars that the block style writes without quotes
plain = st.builds(
    lambda first, middle, last: first + middle + last,
    st.sampled_from(LETTERS + "0123456789("),
    st.text(LETTERS + "0123456789 .,;()/'\"-", max_size=20),
    st.sampled_from(LETTERS + "0123456789.)"),
)
#: anything at all, including what needs quotes or escapes
tricky = st.one_of(
    st.text(max_size=24),
    st.sampled_from(
        [
            "a: b",
            "a #b",
            "#a",
            "a#b",
            "- a",
            "-a",
            "?a",
            ":a",
            "a:",
            "a:b",
            "[a]",
            "{a}",
            "&a",
            "*a",
            "!a",
            "|",
            ">",
            "%a",
            "@a",
            "`a",
            "'a'",
            '"a"',
            "a\\nb",
            "\\u00e9",
            "\\x41",
            "\\/",
            "null",
            "~",
            "NULL",
            "",
            " a",
            "a ",
            "é",
            "日本",
            "\u202e",
            "\u2028",
            "\x85",
            "\ufeff",
            "\x00",
            "\t",
            "a\tb",
            "2024-07-29",
            "NO",
            "yes",
            "on",
            "\\ud83d\\ude00",
            "'",
            "''",
            '"',
            "a, b",
            "a,b",
            "[a, b]",
            "[a,]",
            "[]",
            "[ ]",
        ]
    ),
)


def as_plain(text: str) -> str:
    return text


def as_double(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def as_double_ascii(text: str) -> str:
    return json.dumps(text, ensure_ascii=True)


def as_single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


styles = st.sampled_from([as_plain, as_double, as_double_ascii, as_single])

scalars = st.one_of(plain, st.builds(lambda s, style: style(s), plain, styles))
flow_lists = st.lists(
    st.builds(
        str.__add__,
        st.sampled_from(LETTERS + "0123456789"),
        st.text(LETTERS + " .()/'\"&*!|>%@`-?", max_size=8),
    ).map(str.rstrip),
    max_size=4,
).map(lambda items: "[" + ", ".join(items) + "]")


@st.composite
def block_documents(draw: st.DrawFn, leaf: st.SearchStrategy[str] = scalars) -> str:
    """A document in the plain block style, with its spacing choices drawn."""
    step = draw(st.sampled_from([2, 4]))
    compact = draw(st.booleans())  # a sequence at the indent of its key
    lines: list[str] = []

    def mapping(depth: int, indent: int, first_prefix: str | None = None) -> None:
        names = draw(st.lists(keys, min_size=1, max_size=4, unique=True))
        for number, name in enumerate(names):
            prefix = first_prefix if (number == 0 and first_prefix is not None) else " " * indent
            kind = draw(st.sampled_from(["scalar", "empty", "flow", "map", "list", "items"]))
            if depth >= 3 and kind in ("map", "list", "items"):
                kind = "scalar"
            comment = draw(st.sampled_from(["", "", " # note"]))
            if kind == "scalar":
                lines.append(f"{prefix}{name}: {draw(leaf)}{comment}")
            elif kind == "empty":
                lines.append(f"{prefix}{name}:{comment}")
            elif kind == "flow":
                lines.append(f"{prefix}{name}: {draw(flow_lists)}{comment}")
            elif kind == "map":
                lines.append(f"{prefix}{name}:{comment}")
                mapping(depth + 1, indent + step)
            else:
                lines.append(f"{prefix}{name}:")
                inner = indent if compact else indent + step
                for _ in range(draw(st.integers(1, 3))):
                    if kind == "list":
                        lines.append(f"{' ' * inner}- {draw(leaf)}")
                    else:
                        mapping(depth + 1, inner + 2, f"{' ' * inner}- ")
            if draw(st.integers(0, 9)) == 0:
                lines.append(draw(st.sampled_from(["", "# a comment", "   ", "  # indented"])))

    mapping(0, 0)
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


def located_value(text: str) -> Any:
    located = parse_located(text, "f.yaml")
    assert located.problems == []
    return located.value


@FAST
@given(block_documents())
def test_readers_agree_on_plain_block_documents(text: str) -> None:
    assert parse_simple(text) == located_value(text)


@FAST
@given(block_documents(leaf=st.builds(lambda s, style: style(s), tricky, styles)))
@example("a: b: c\n")
@example('a: "x\\N"\n')
@example("a: [a:b]\n")
@example("a: [-1]\n")
@example("a: x\u2028y\n")
@example('a: "\\ud83d\\ude00"\n')
@example("a: 1\n  b: 2\n")
@example("- a\n  - b\n")
@example("a:\n- b\nc: d\n")
@example("- id: x\n  - a\n")
@example("a: x\n   y\n")
@example("a: =\n")
@example(
    'a: [UN Human Rights\' office, "quoted", AT&T, x]\n'
)  # YAML 1.1 resolves '=' to !!value: still the text "="
def test_fast_reader_never_returns_another_value(text: str) -> None:
    located = parse_located(text, "f.yaml")
    try:
        value = parse_simple(text)
    except NotSimple:
        return
    assert located.problems == [], "the fast reader accepted what YAML refuses"
    assert value == located.value


@pytest.mark.parametrize(
    "text",
    [
        "a: !!str x\n",  # tags are for the located reader
        "a: &x b\nc: *x\n",
        "a: b\na: c\n",  # a repeated key is reported, never last-wins
        "a: |\n  text\n",
        "a: >\n  text\n",
        "a: {b: c}\n",
        "---\na: b\n",
        "a:\tb\n",
        "a: 'it''s\n  more'\n",
        "a: plain\n  continued\n",
        "<<: {a: b}\n",
        "? a\n: b\n",
    ],
)
def test_fast_reader_steps_aside_on_everything_else(text: str) -> None:
    with pytest.raises(NotSimple):
        parse_simple(text)


def test_values_stay_strings_in_both_readers() -> None:
    text = "a: NO\nb: yes\nc: on\nd: 2024-07-29\ne: 1e3\nf: ~\ng: ''\nh: [NO, off]\n"
    expected = {
        "a": "NO", "b": "yes", "c": "on", "d": "2024-07-29", "e": "1e3", "f": None, "g": "",
        "h": ["NO", "off"],
    }  # fmt: skip
    assert parse_simple(text) == expected
    assert located_value(text) == expected


def test_windows_line_ends_read_alike() -> None:
    text = "a: b\r\nc:\r\n  - d\r\n"
    assert parse_simple(text) == located_value(text) == {"a": "b", "c": ["d"]}


fragments = st.sampled_from(
    [
        *["a", "k:", "k: v", " ", "  ", "- ", "-", "\n", "\n  ", "#", " #", ": ", "'", '"'],
        *["[", "]", ",", "{", "~", "\\", "é", "&x", "*x", "!", "?", "|", "\r\n", "\t", "---"],
    ]
)


@FAST
@given(st.lists(fragments, max_size=30).map("".join))
def test_fast_reader_on_fragments_of_yaml(text: str) -> None:
    located = parse_located(text, "f.yaml")
    try:
        value = parse_simple(text)
    except NotSimple:
        return
    assert located.problems == [], "the fast reader accepted what YAML refuses"
    assert value == located.value


@FAST
@given(block_documents(leaf=st.one_of(scalars, st.builds(lambda s, f: f(s), tricky, styles))))
@example("a:\nb:   # c\nc:\n  - \n  -\n  - x\nd: [p,  q ,r]\ne:\n- k: 1\n  l:\n-   m: 'z'\n")
@example("a: b\r\nc:\r\n  - [x, y]\r\n")
def test_fast_locator_places_keys_and_values_as_the_located_reader(text: str) -> None:
    try:
        fast = locate_simple(text)
    except NotSimple:
        return
    reference = parse_located(text, "f.yaml")
    assert (fast.value, fast.values, fast.keys) == (
        reference.value,
        reference.values,
        reference.keys,
    )
