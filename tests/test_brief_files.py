"""Which files a briefing writes is the library's choice (``brief_format``, ``outputs``):
the CLI passes its options on and writes what it is given."""

from __future__ import annotations

from pathlib import Path

import pytest

import positions
from positions.errors import ExportError
from positions.export.brief import brief_format, outputs
from positions.export.outputs import ExportRequest

SECOND = Path(__file__).parent / "fixtures" / "second"


@pytest.mark.parametrize(
    ("output", "chosen", "expected"),
    [
        ("out/brief.md", None, "md"),
        ("brief.MARKDOWN", None, "md"),
        ("brief.htm", None, "html"),
        ("brief.txt", "html", "html"),
        ("-", "md", "md"),
        ("brief.DOCX", None, "docx"),
        ("out/brief.pdf", None, "pdf"),
    ],
)
def test_the_format_comes_from_the_choice_or_the_file_name(
    output: str, chosen: str | None, expected: str
) -> None:
    assert brief_format(output, chosen) == expected


def test_a_name_that_tells_no_format_is_an_error_with_a_hint() -> None:
    with pytest.raises(ExportError, match=r"the format of 'brief\.txt'") as error:
        brief_format("brief.txt")
    assert error.value.hint is not None and "--format" in error.value.hint


def test_markdown_to_stdout_is_one_file_without_a_map() -> None:
    [only] = outputs(positions.load(SECOND), ExportRequest("-", "md"))
    assert only.to_stdout and only.what == "briefing"
    assert b".png" not in only.data


def test_markdown_to_a_file_writes_the_map_beside_it_and_links_it() -> None:
    text, image = outputs(positions.load(SECOND), ExportRequest("out/brief.md", "md"))
    assert (text.path, image.path) == ("out/brief.md", "out/brief.png")
    assert image.data.startswith(b"\x89PNG") and b"(brief.png)" in text.data
