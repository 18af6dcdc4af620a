"""Property tests: whatever the bytes, loading gives a dataset or located problems.

Never an uncaught exception, never a hang. ``scripts/fuzz.py`` runs the same properties
with many more examples.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from positions.data.loader import check
from positions.data.problems import Problem
from positions.model import RECORD_FILES
from tests.conftest import MINIMAL

FILES = list(RECORD_FILES)
#: Fragments that break YAML structure in the ways hands and scrapers do.
MUTATIONS = ["", ":", "- ", "\t", "'", '"', "&a ", "*a", "\n  ", "#", "]", "!!python/none ", "\x00"]
FUZZ_SETTINGS = settings(
    max_examples=int(os.environ.get("POSITIONS_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

yaml_scalars = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["NO", "yes", "on", "~", "null", "2024-02-30", "2024-07", "!!python/none"]),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def write_minimal(root: Path) -> None:
    for name, text in MINIMAL.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def assert_located(problems: list[Problem], root: Path) -> None:
    for problem in problems:
        assert problem.file.startswith(str(root))
        assert problem.line >= 1 and problem.column >= 1
        assert problem.code and problem.message


@FUZZ_SETTINGS
@given(name=st.sampled_from(FILES), content=st.binary(max_size=400))
def test_arbitrary_bytes_give_located_problems(
    tmp_path_factory: pytest.TempPathFactory, name: str, content: bytes
) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    write_minimal(root)
    (root / name).write_bytes(content)
    assert_located(check(root), root)


@FUZZ_SETTINGS
@given(name=st.sampled_from(FILES), document=yaml_values)
def test_arbitrary_yaml_documents_give_located_problems(
    tmp_path_factory: pytest.TempPathFactory, name: str, document: object
) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    write_minimal(root)
    (root / name).write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    assert_located(check(root), root)


@FUZZ_SETTINGS
@given(
    name=st.sampled_from(FILES),
    data=st.data(),
)
def test_mutated_real_files_give_located_problems(
    tmp_path_factory: pytest.TempPathFactory, name: str, data: st.DataObject
) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    write_minimal(root)
    text = (root / name).read_text(encoding="utf-8")
    position = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(0, 10))
    insert = data.draw(
        st.sampled_from(["", ":", "- ", "\t", "'", '"', "&a ", "*a", "\n  ", "#", "]"])
    )
    (root / name).write_text(text[:position] + insert + text[position + cut :], encoding="utf-8")
    assert_located(check(root), root)
