"""docs/errors.md documents every problem code of the registry, with its title, its fix and
example lines the loader really prints."""

from __future__ import annotations

import re
from pathlib import Path

from positions.data.problems import CODES
from tests.catalogue import EXPECTED

DOC = Path(__file__).resolve().parent.parent / "docs" / "errors.md"
_SECTION = re.compile(r"^### `([a-z-]+)`: ([^\n]*)\n(.*?)(?=^##|\Z)", re.MULTILINE | re.DOTALL)
_EXAMPLES = re.compile(r"^```text\n(.*?)^```", re.MULTILINE | re.DOTALL)


def sections() -> dict[str, list[str]]:
    """Each documented code and the example lines of its section."""
    found: dict[str, list[str]] = {}
    for code, _, body in _SECTION.findall(DOC.read_text(encoding="utf-8")):
        found[code] = [line for block in _EXAMPLES.findall(body) for line in block.splitlines()]
    return found


def titles_and_fixes() -> dict[str, tuple[str, str]]:
    """Each documented code's title (from its heading) and its 'Fix:' paragraph, unwrapped."""
    found = {}
    for code, title, body in _SECTION.findall(DOC.read_text(encoding="utf-8")):
        fixes = [" ".join(p.split()) for p in body.split("\n\n") if p.startswith("Fix:")]
        found[code] = (title, fixes[0] if len(fixes) == 1 else f"{len(fixes)} Fix paragraphs")
    return found


def test_every_code_has_the_registrys_title_and_fix() -> None:
    documented = titles_and_fixes()
    for code, entry in CODES.items():
        assert documented.get(code) == (entry.title, f"Fix: {entry.hint}"), code


def test_every_code_the_loader_can_emit_is_documented() -> None:
    assert sorted(set(CODES) - set(sections())) == []
    assert sorted(set(sections()) - set(CODES)) == []  # nothing stale either


def test_every_section_shows_its_own_code_in_real_output() -> None:
    # curation codes are about a record not yet written: tests/test_curate_flow.py asserts
    # the lines add and import print for them
    printed = {line for lines in EXPECTED.values() for line in lines}
    for code, examples in sections().items():
        if CODES[code].stage == "curation":
            assert examples and all(f"[{code}]" in line for line in examples), code
            continue
        assert examples, f"{code} has no example"
        for line in examples:
            assert "] " in line and line.split(" [", 1)[1].startswith(f"{code}]"), line
            assert line in printed, f"not what check prints for any test dataset: {line}"
