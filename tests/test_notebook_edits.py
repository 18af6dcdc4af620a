"""A notebook session that edits a dataset with ``Dataset.replace`` gets, from every question
and every export, exactly what a fresh load of the edited files gives: nothing derived
from the data before the edit (indexes, names, sides, the cache) answers after it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import positions
from positions import Dataset, Stance
from positions.data.cache import DatasetCache
from positions.export import brief, cypher, gexf, graphml, html, matrix, nodelink, tables
from positions.questions.graphs import alignment_graph, stance_graph

SECOND = Path(__file__).parent / "fixtures" / "second"
STATEMENT = "norland-supports-art-6"  # Norland's latest word on Article 6: support
OLD_NAME, NEW_NAME = "Republic of Norland", "Norland Federation"


def answers(ds: Dataset) -> dict[str, Any]:
    """Every question and export, as plain data or bytes, asked of ``ds``."""
    data = positions.to_data
    asked: dict[str, Callable[[], Any]] = {
        "who opposes": lambda: data(positions.who_opposes(ds, "Article 6")),
        "who supports": lambda: data(positions.who_supports(ds, "tod")),
        "position": lambda: data(positions.position(ds, NEW_NAME, "Article 6")),
        "stances": lambda: data(positions.stances_of(ds, "norland")),
        "history": lambda: data(positions.history(ds, "norland", "tod")),
        "allies": lambda: data(positions.allies(ds, "norland")),
        "opponents": lambda: data(positions.opponents(ds, "estmark")),
        "compare": lambda: data(positions.compare(ds, "norland", "estmark")),
        "contested": lambda: data(positions.contested(ds)),
        "coalitions": lambda: data(positions.coalitions(ds)),
        "graphml": lambda: graphml.render(stance_graph(ds)),
        "gexf": lambda: gexf.render(stance_graph(ds)),
        "cypher": lambda: cypher.render(stance_graph(ds)),
        "node-link alignment": lambda: nodelink.render(alignment_graph(ds)),
        "csv": lambda: [f.data for f in tables.render(ds, stance_graph(ds), "x.csv", None)],
        "matrix": lambda: matrix.render_markdown(matrix.build(ds)),
        "brief": lambda: brief.render_markdown(brief.build(ds, with_map=False), None),
        "html": lambda: html.render_map(html.build_map(ds)),
    }
    return {name: ask() for name, ask in asked.items()}


def edited_files(directory: Path) -> Path:
    """The fixture with the same two edits made in its YAML: Norland's latest statement on
    Article 6 turned to oppose, and Norland renamed."""
    shutil.copytree(SECOND, directory)
    statements = directory / "statements.yaml"
    text = statements.read_text()
    said = text.index(f"id: {STATEMENT}")
    stance = text.index("stance: support", said)
    statements.write_text(
        text[:stance] + "stance: oppose" + text[stance + len("stance: support") :]
    )
    stakeholders = directory / "stakeholders.yaml"
    stakeholders.write_text(stakeholders.read_text().replace(OLD_NAME, NEW_NAME))
    return directory


def edit_in_memory(ds: Dataset) -> Dataset:
    """The same two edits, made in a notebook."""
    statement = ds.statements[STATEMENT]
    turned = statement.model_copy(
        update={
            "stances": [e.model_copy(update={"stance": Stance.OPPOSE}) for e in statement.stances]
        }
    )
    norland = ds.stakeholders["norland"].model_copy(update={"name": NEW_NAME})
    return ds.replace(
        statements={**ds.statements, STATEMENT: turned},
        stakeholders={**ds.stakeholders, "norland": norland},
    )


@pytest.mark.parametrize("from_cache", [False, True], ids=["loaded", "cached"])
def test_a_notebook_edit_answers_as_a_fresh_load_of_the_edited_files(
    tmp_path: Path, from_cache: bool
) -> None:
    original_dir = tmp_path / "data"
    shutil.copytree(SECOND, original_dir)
    if from_cache:
        store = DatasetCache(tmp_path / "cache")
        store.load(original_dir)
        ds, hit = store.load(original_dir)
        assert hit
    else:
        ds = positions.load(original_dir)
    before = {
        "who": positions.to_data(positions.who_opposes(ds, "Article 6")),
        "allies": positions.to_data(positions.allies(ds, OLD_NAME)),
        "contested": positions.to_data(positions.contested(ds)),
    }  # every index and the sides are built on ``ds`` now
    positions.coalitions(ds)

    edited = edit_in_memory(ds)
    fresh = positions.load(edited_files(tmp_path / "edited"))
    assert answers(edited) == answers(fresh)

    # the edit shows: Norland now opposes Article 6, under its new name only
    who = positions.who_opposes(edited, "Article 6")
    assert (NEW_NAME, "oppose") in {(r.actor_name, r.stance.value) for r in who}
    assert positions.resolve(edited, NEW_NAME, positions.questions.resolve.Kind.ACTOR) == "norland"
    with pytest.raises(positions.NameNotFound):
        positions.allies(edited, OLD_NAME)
    # and the dataset it was made from still answers as before
    assert positions.to_data(positions.who_opposes(ds, "Article 6")) == before["who"]
    assert positions.to_data(positions.allies(ds, OLD_NAME)) == before["allies"]
    assert positions.to_data(positions.contested(ds)) == before["contested"]
    assert before["who"] != positions.to_data(who)


def test_records_and_tables_cannot_be_changed_in_place() -> None:
    ds = positions.load(SECOND)
    with pytest.raises(TypeError):
        ds.statements[STATEMENT] = ds.statements[STATEMENT]  # type: ignore[index]
    with pytest.raises(AttributeError):
        ds.stakeholders = {}  # type: ignore[misc]


def test_a_replaced_dataset_pickles_as_a_plain_dataset(tmp_path: Path) -> None:
    import pickle

    store = DatasetCache(tmp_path / "cache")
    store.load(SECOND)
    cached, _ = store.load(SECOND)
    copied = pickle.loads(pickle.dumps(edit_in_memory(cached)))
    assert type(copied) is Dataset
    assert copied.stakeholders["norland"].name == NEW_NAME
    assert positions.to_data(positions.who_opposes(copied, "Article 6")) == positions.to_data(
        positions.who_opposes(edit_in_memory(cached), "Article 6")
    )
