"""Which files a briefing writes is the library's choice (``brief_format``, ``brief_files``):
the CLI passes its options on and writes what it is given."""

from __future__ import annotations

from pathlib import Path

import pytest

import positions
from positions.export.brief import BriefFormat, UnknownBriefFormat, brief_files, brief_format

SECOND = Path(__file__).parent / "fixtures" / "second"


@pytest.mark.parametrize(
    ("output", "chosen", "expected"),
    [
        ("out/brief.md", None, BriefFormat.MD),
        ("brief.MARKDOWN", None, BriefFormat.MD),
        ("brief.htm", None, BriefFormat.HTML),
        ("brief.txt", BriefFormat.HTML, BriefFormat.HTML),
        ("-", BriefFormat.MD, BriefFormat.MD),
    ],
)
def test_the_format_comes_from_the_choice_or_the_file_name(
    output: str, chosen: BriefFormat | None, expected: BriefFormat
) -> None:
    assert brief_format(output, chosen) is expected


def test_a_name_that_tells_no_format_is_an_error_with_a_hint() -> None:
    with pytest.raises(UnknownBriefFormat, match=r"the format of 'brief\.txt'") as error:
        brief_format("brief.txt")
    assert "--format md|html" in error.value.hint


def test_markdown_to_stdout_is_one_file_without_a_map() -> None:
    [only] = brief_files(positions.load(SECOND), "-", BriefFormat.MD)
    assert only.to_stdout and only.what == "briefing"
    assert b".png" not in only.data


def test_markdown_to_a_file_writes_the_map_beside_it_and_links_it() -> None:
    text, image = brief_files(positions.load(SECOND), "out/brief.md", BriefFormat.MD)
    assert (text.path, image.path) == ("out/brief.md", "out/brief.png")
    assert image.data.startswith(b"\x89PNG") and b"(brief.png)" in text.data
