"""`positions matrix`: actors × targets in document order, a symbol per stance, a legend."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

import positions
from positions.cli import app
from positions.export import matrix
from positions.export.labels import document_order, natural_key
from positions.export.outputs import ExportError
from positions.export.scope import resolve_target

TREATY = Path(__file__).parent / "fixtures" / "treaty"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["matrix", "--data", str(TREATY), *args])
    return result.exit_code, result.stdout, result.stderr


def test_markdown_matrix_rows_columns_symbols_and_legend() -> None:
    code, out, err = run("--with-actors")
    assert code == 0, err
    lines = out.splitlines()
    # columns in document order: the treaty, then Article 2 before Article 10, parts after
    # their parent (Article 6(1) after Article 6), then the issue, then the actor spoken about
    assert lines[0] == (
        "| Actor | Global Plastics Treaty | Art. 2 | Art. 6 | Art. 6(1) | Art. 10 "
        "| Recycling credits | Saudi Arabia |"
    )
    assert lines[1] == "| :-- | :-: | :-: | :-: | :-: | :-: | :-: | :-: |"
    rows = {line.split(" | ")[0].lstrip("| "): line for line in lines[2:] if line.startswith("|")}
    assert rows["Saudi Arabia"] == "| Saudi Arabia | ✔† |  | ✖ |  |  |  |  |"
    assert rows["Greenpeace"] == "| Greenpeace |  | ○ | ✔ |  |  | ✖ |  |"
    assert rows["Plastics Europe"] == "| Plastics Europe |  |  | ◐ |  |  | ✔ |  |"
    assert rows["Norway"] == "| Norway | ✔ |  | ✔ | ✔ |  |  | ✖ |"
    assert "Quiet State" not in out and "Jane Doe" not in out  # no position, no row
    assert lines[-1] == (
        "Legend: ✔ support · ✖ oppose · ◐ mixed · ○ neutral · † conditional (the stance comes "
        "with a condition) · (blank) no position recorded"
    )
    # the camp comes first, then the others in file order
    assert [line.split(" | ")[0][2:] for line in lines[2:9]] == [
        "European Union",
        "France",
        "Greenpeace",
        "Norway",
        "Saudi Arabia",
        "Plastics Europe",
        "Center for International Environmental Law",
    ]
    assert err == "wrote the position matrix (7 actors × 7 targets) to stdout (645 bytes)\n"


def test_actor_columns_are_out_unless_asked() -> None:
    code, out, err = run()
    assert code == 0, err
    assert out.splitlines()[0] == (
        "| Actor | Global Plastics Treaty | Art. 2 | Art. 6 | Art. 6(1) | Art. 10 "
        "| Recycling credits |"
    )
    assert "(7 actors × 6 targets)" in err


def test_top_and_targets_keep_the_most_active_on_the_most_contested_and_say_so() -> None:
    code, out, err = run("--top", "3", "--targets", "2")
    assert code == 0, err
    lines = out.splitlines()
    # Article 6 has 4 supporters and 1 opponent, recycling credits 1 and 1: the two most
    # evenly split; shown in document order
    assert lines[0] == "| Actor | Art. 6 | Recycling credits |"
    rows = [line.split(" | ")[0][2:] for line in lines[2:] if line.startswith("| ")]
    # the three actors with the most statements that hold a position on them, none empty
    assert sorted(rows) == ["Greenpeace", "Norway", "Saudi Arabia"]
    for line in lines[2:5]:
        assert set(line.split(" | ")[1:]) - {"", " |", "|"}
    assert lines[-1] == (
        "Rows: the 3 most active actors (most statements); columns: the 2 targets most "
        "contested (the most even split of support and oppose), then most spoken to; "
        "4 actors and 4 targets more (--top 0 --targets 0 shows all)."
    )
    assert "(3 actors × 2 targets)" in err


def test_library_matrix_never_has_an_empty_row_or_column() -> None:
    ds = positions.load(TREATY)
    for top in (0, 1, 2, 5):
        for columns in (0, 1, 3):
            table = matrix.build(ds, top=top, columns=columns)
            assert all(any(table.cell(a, t) for t in table.targets) for a in table.actors)
            assert all(any(table.cell(a, t) for a in table.actors) for t in table.targets)
            assert not top or len(table.actors) <= top
            assert not columns or len(table.targets) <= columns


def test_target_narrows_to_the_target_and_its_parts_and_as_of_goes_back() -> None:
    code, out, _ = run("--target", "art. 6", "--as-of", "2024-11-30")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "| Actor | Art. 6 | Art. 6(1) |"
    # before its December statement Plastics Europe opposed Article 6
    assert "| Plastics Europe | ✖ |  |" in lines


def test_csv_matrix() -> None:
    code, out, _ = run("--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:4] == ["actor", "actor_name", "Global Plastics Treaty", "Art. 2"]
    saudi = next(r for r in rows if r[0] == "saudi-arabia")
    assert saudi[2:5] == ["support (conditional)", "", "oppose"]


def test_html_matrix_is_standalone_with_quotes_on_hover(tmp_path: Path) -> None:
    out = tmp_path / "matrix.html"
    code, stdout, err = run("--format", "html", "-o", str(out))
    assert code == 0
    assert stdout == ""
    assert err.startswith(f"wrote the position matrix (7 actors × 6 targets) to {out} (")
    page = out.read_text(encoding="utf-8")
    assert (
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">"
    ) in page.replace("&#39;", "'")
    assert "<script" not in page
    assert (
        'title="support (conditional)\nCondition: without production caps\n'
        "“a treaty yes, but caps on production are a red line” — 2024-11, "
        'Negotiators clash over production caps"'
    ) in page
    assert '<th scope="col" title="Article 6(1) (Global reduction target)">Art. 6(1)</th>' in page


def test_unknown_target_is_a_usage_error_with_the_closest_names() -> None:
    code, _, err = run("--target", "Article 66")
    assert code == 2
    assert err.startswith(
        "Error: no actor or target named 'Article 66'; closest: 'Article 6 (Production caps)"
    )


def test_natural_and_document_order() -> None:
    assert sorted(["Article 10", "Article 2", "article 1"], key=natural_key) == [
        "article 1",
        "Article 2",
        "Article 10",
    ]
    ds = positions.load(TREATY)
    assert document_order(ds, ["recycling", "art-10", "art-6-1", "art-2", "plastics-treaty"]) == [
        "plastics-treaty",
        "art-2",
        "art-6-1",
        "art-10",
        "recycling",
    ]


@pytest.mark.parametrize("name", ["art-6", "Article 6", "ART. 6", "production caps"])
def test_target_names_resolve(name: str) -> None:
    assert resolve_target(positions.load(TREATY), name) == "art-6"


def test_matrix_library_cells_carry_conditions_and_evidence() -> None:
    table = matrix.build(positions.load(TREATY))
    cell = table.cell("saudi-arabia", "plastics-treaty")
    assert cell is not None
    assert (cell.symbol, cell.conditions) == ("✔†", ("without production caps",))
    with pytest.raises(ExportError):
        resolve_target(positions.load(TREATY), "nothing like it")


def test_busiest_keeps_the_targets_most_actors_spoke_to_in_document_order() -> None:
    table = matrix.build(positions.load(TREATY))
    busiest = table.busiest(2)
    # Article 6: 6 actors; the treaty and recycling credits: 2 each (the treaty comes first)
    assert busiest.targets == ["plastics-treaty", "art-6"]
    assert busiest.actors == table.actors
    assert all(t in busiest.targets for _, t in busiest.cells)
    assert table.busiest(20) is table
