"""The catalogue of broken datasets: every problem code, its file, line, column and message.

Each case in tests/catalogue.py is checked line for line through ``check`` (one door per
case: ``load`` raising the same problems, and the CLI printing them, are checked on a few
cases of each family); the codes the loader can emit are the registry's
(positions.data.problems.CODES), so a new code without a case fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from positions.data.loader import check, load
from positions.data.problems import CODES, DataError, Problem
from tests.catalogue import CASES, EXPECTED, Case


def emitted_codes() -> set[str]:
    """Every problem code the loader can emit: a problem cannot be made with any other."""
    return {code for code, entry in CODES.items() if entry.stage == "check"}


def codes_of(lines: list[str]) -> set[str]:
    return {line.split("[", 1)[1].split("]", 1)[0] for line in lines}


@pytest.mark.parametrize("name", list(CASES))
def test_case_reports_exactly_its_problems(name: str, tmp_path: Path) -> None:
    assert CASES[name].run(tmp_path / "data") == EXPECTED[name]


#: One case of each family (files, YAML, records, references, sources), loaded both ways.
THROUGH_LOAD = [
    "file-too-large",
    "yaml-tag",
    "bad-type-record",
    "unknown-target",
    "control-character",
]


@pytest.mark.parametrize("name", THROUGH_LOAD)
def test_load_raises_the_problems_check_returns(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    root = case.write(tmp_path / "data")
    kwargs = {} if case.max_file_bytes is None else {"max_file_bytes": case.max_file_bytes}
    with pytest.raises(DataError) as raised:
        load(root, **kwargs)
    assert raised.value.problems == check(root, **kwargs)


def test_every_code_has_a_case() -> None:
    covered = set().union(*(codes_of(lines) for lines in EXPECTED.values()))
    assert emitted_codes() - covered == set()


def test_a_code_outside_the_registry_cannot_be_emitted() -> None:
    from positions.data.findings import Finding

    with pytest.raises(ValueError, match="not a problem code"):
        Problem("unknown-tagret", "data/statements.yaml", 1, 1, "a typo in a code")
    with pytest.raises(ValueError, match="not a problem code"):
        Finding("unknown-tagret", ("statements", 0), "a typo in a code")


def test_minimal_dataset_is_valid(tmp_path: Path) -> None:
    assert Case({}).run(tmp_path / "data") == []


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    root = Case({}).write(tmp_path / "data")
    path = root / "sources.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load(root).sources["article"].title == "An article"


def test_windows_line_ends_are_accepted(tmp_path: Path) -> None:
    root = Case({}).write(tmp_path / "data")
    for name in ("stakeholders.yaml", "statements.yaml"):
        path = root / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert load(root).statements["hrw-surveillance"].actor == "hrw"


def test_yaml_traps_stay_strings(tmp_path: Path) -> None:
    root = Case(
        {
            "stakeholders.yaml": "stakeholders:\n"
            "  - id: norway\n    name: yes\n    kind: state\n    country: NO\n"
            "    aliases: [on, off, NO, 1e3, 0x1F, null-ish]\n"
            "  - id: hrw\n    name: Human Rights Watch\n    kind: ngo\n"
            "  - id: tirana-hassan\n    name: Tirana Hassan\n    kind: person\n",
            "statements.yaml": "statements:\n  - id: hrw-surveillance\n    actor: hrw\n"
            "    date: 2024-07-29\n    source: article\n    paraphrase: 2024-07-29\n"
            "    stances:\n      - target: uncc\n        stance: oppose\n"
            "        condition: on\n",
        }
    ).write(tmp_path / "data")
    dataset = load(root)
    norway = dataset.stakeholders["norway"]
    assert (norway.name, norway.country) == ("yes", "NO")
    assert norway.aliases == ["on", "off", "NO", "1e3", "0x1F", "null-ish"]
    statement = dataset.statements["hrw-surveillance"]
    assert str(statement.date) == "2024-07-29"
    assert statement.paraphrase == "2024-07-29"
    assert statement.stances[0].condition == "on"


def test_partial_dates_are_kept_as_written(tmp_path: Path) -> None:
    root = Case({}).write(tmp_path / "data")
    text = (root / "statements.yaml").read_text("utf-8")
    for written in ("2024", "2024-07", "2024-07-09"):
        (root / "statements.yaml").write_text(text.replace("2024-07", written), "utf-8")
        assert str(load(root).statements["hrw-surveillance"].date) == written


def test_python_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "hacked"
    case = Case(
        {
            "sources.yaml": "sources:\n  - id: article\n"
            f"    title: !!python/object/apply:os.system ['touch {marker}']\n"
        }
    )
    root = case.write(tmp_path / "data")
    with pytest.raises(DataError) as raised:
        load(root)
    assert [p.code for p in raised.value.problems] == ["yaml-tag"]
    assert not marker.exists()


def test_quote_differing_only_in_typography_and_spacing_is_accepted(tmp_path: Path) -> None:
    # the archive reads: The draft “resembles a global surveillance treaty” she said.
    quotes = [
        '"resembles a global surveillance treaty"',
        '"resembles  a\\tglobal\\nsurveillance   treaty"',
        '"\\"resembles a global surveillance treaty\\" she said."',
        "'“resembles a global surveillance treaty” she said.'",
    ]
    for quote in quotes:
        root = Case({"statements.yaml": _one_quote(quote)}).write(tmp_path / quote[:8])
        assert check(root) == [], quote


@pytest.mark.parametrize(
    "quote",
    [
        '"Resembles a global surveillance treaty"',  # case
        '"resembles a global surveillance pact"',  # a changed word
        '"resembles a global surveillance treaty."',  # added punctuation
        '"resembles a globál surveillance treaty"',  # an accent
    ],
)
def test_quote_with_any_other_difference_is_refused(quote: str, tmp_path: Path) -> None:
    root = Case({"statements.yaml": _one_quote(quote)}).write(tmp_path / "data")
    problems = check(root)
    assert [(p.code, p.line, p.column) for p in problems] == [("quote-not-in-source", 5, 12)]
    assert problems[0].hint == (
        'closest passage in the archive: "resembles a global surveillance treaty"'
    )


def _one_quote(quote: str) -> str:
    return (
        "statements:\n  - id: hrw-surveillance\n    actor: hrw\n    source: article\n"
        f"    quote: {quote}\n    stances:\n      - target: uncc\n        stance: oppose\n"
    )


def test_archive_in_a_directory_linked_out_of_data_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "article.txt").write_text("resembles a global surveillance treaty", "utf-8")
    root = Case({}).write(tmp_path / "data")
    (root / "sources" / "article.txt").unlink()
    (root / "sources").rmdir()
    (root / "sources").symlink_to(outside)
    assert [(p.code, p.line, p.column) for p in check(root)] == [("archive-outside-data", 4, 14)]


def test_archive_linked_within_data_is_read(tmp_path: Path) -> None:
    root = Case({}).write(tmp_path / "data")
    (root / "texts").mkdir()
    (root / "sources" / "article.txt").rename(root / "texts" / "article.txt")
    (root / "sources" / "article.txt").symlink_to(root / "texts" / "article.txt")
    assert check(root) == []
