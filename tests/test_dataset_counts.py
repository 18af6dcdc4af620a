"""scripts/dataset_counts.py: the figures data/README.md prints, on a dataset built here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

import positions
from tests.conftest import ROOT, WriteDataset

SCRIPT = ROOT / "scripts" / "dataset_counts.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dataset_counts", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


STAKEHOLDERS = """\
    stakeholders:
      - id: hrw
        name: Human Rights Watch
        kind: ngo
      - id: norway
        name: Norway
        kind: state
        country: "NO"
      - id: chile
        name: Chile
        kind: state
      - id: rights-groups
        name: Human rights groups
        kind: collective
    """

SOURCES = """\
    sources:
      - id: article
        title: An article
        published: 2024-07
        archive: sources/article.txt
      - id: report
        title: A session report
        archive: sources/report.txt
    """

STATEMENTS = """\
    statements:
      - id: hrw-surveillance
        actor: hrw
        source: article
        quote: "resembles a global surveillance treaty"
        stances: [{target: uncc, stance: oppose}]
      - id: norway-quote
        actor: norway
        date: "2024-08-09"
        source: report
        quote: "a balanced outcome"
        stances: [{target: uncc, stance: support}]
      - id: norway-again
        actor: norway
        source: report
        paraphrase: "Norway spoke again."
        stances: [{target: uncc, stance: support}]
      - id: groups-oppose
        actor: rights-groups
        source: report
        paraphrase: "Rights groups oppose it."
        stances: [{target: uncc, stance: oppose}]
    """

ARTICLE = "The draft “resembles a global surveillance treaty” she said.\n"
REPORT = (
    "Disclaimer: This is not an official record of the session. The DiploAI system\n"
    "automatically generates these resources from the audiovisual recording.\n"
    "Norway called the text a balanced outcome.\n"
)


def test_counts_of_a_small_dataset(write_dataset: WriteDataset) -> None:
    root = write_dataset(
        stakeholders_yaml=STAKEHOLDERS,
        sources_yaml=SOURCES,
        statements_yaml=STATEMENTS,
        **{"sources/article.txt": ARTICLE, "sources/report.txt": REPORT},
    )
    script = _script()
    c = script.counts(positions.load(root))
    assert c.statements == 4
    assert c.quotes == 2
    assert c.dated == 2  # one by its source's published date, one by its own date
    assert c.states == 1  # Norway twice; Chile has no statement; collectives are not states
    assert (c.states_own_words, c.states_quoted) == (1, 1)
    assert (c.sources, c.sources_published) == (2, 1)
    assert c.ai_report_sources == ("report",)
    assert c.on_ai_reports == 3


def test_prints_the_figures_and_fails_on_bad_data(
    write_dataset: WriteDataset, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_dataset(
        stakeholders_yaml=STAKEHOLDERS,
        sources_yaml=SOURCES,
        statements_yaml=STATEMENTS,
        **{"sources/article.txt": ARTICLE, "sources/report.txt": REPORT},
    )
    script = _script()
    assert script.main([str(root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:8] == [
        "statements: 4",
        "verbatim quotes: 2 (50.0%)",
        "statements with a date (own or source's): 2 (50.0%)",
        "states with a statement: 1",
        "states with words of their own (not only list entries): 1",
        "states with a verbatim quote: 1",
        "sources: 2",
        "sources with a published date: 1 (50.0%)",
    ]
    assert out[8].startswith("statements resting only on AI-generated session reports: 3 (75.0%)")
    assert script.main([str(tmp_path / "missing")]) == 1


def test_entries_of_a_list_are_not_a_state_s_own_words(write_dataset: WriteDataset) -> None:
    states = ["austria", "brazil", "chile", "denmark", "egypt", "fiji"]
    stakeholders = "stakeholders:\n" + "".join(
        f"  - id: {state}\n    name: {state.title()}\n    kind: state\n" for state in states
    )
    listed = "".join(
        f"  - id: {state}-signs\n    actor: {state}\n    source: list\n"
        f'    paraphrase: "{state.title()} signed."\n'
        "    stances: [{target: uncc, stance: support}]\n"
        for state in states[:5]
    )
    own = (
        "  - id: fiji-speaks\n    actor: fiji\n    source: list\n"
        '    paraphrase: "Fiji said it would sign later."\n'
        "    stances: [{target: uncc, stance: neutral}]\n"
        "  - id: austria-speaks\n    actor: austria\n    source: list\n"
        '    quote: "we sign"\n'
        "    stances: [{target: uncc, stance: support}]\n"
    )
    root = write_dataset(
        stakeholders_yaml=stakeholders,
        sources_yaml=(
            "sources:\n  - id: list\n    title: Signatories\n    archive: sources/list.txt\n"
        ),
        statements_yaml="statements:\n" + listed + own,
        **{"sources/list.txt": "Austria: we sign. Brazil, Chile, Denmark and Egypt signed.\n"},
    )
    c = _script().counts(positions.load(root))
    assert c.states == 6
    # Brazil, Chile, Denmark and Egypt are only on the list; Fiji spoke; Austria is quoted
    assert (c.states_own_words, c.states_quoted) == (2, 1)


def test_the_readme_figures_are_the_script_s_output_on_the_bundled_data(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _script().main([str(ROOT / "data")]) == 0
    printed = capsys.readouterr().out
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    block = readme.split("At this revision:\n\n```\n", 1)[1].split("```", 1)[0]
    assert block == printed
