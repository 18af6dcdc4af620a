"""Camps on planted fixtures: signed communities, what defines them, consensus, swing actors,
polarization; and the command that shows them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import positions
from positions.cli import app
from positions.model import Stance
from positions.questions.camps import SWING_BELOW, coalitions, polarization

#: target -> the stance of each planted camp: "green" and "red" split on every target.
SPLIT = {"treaty": ("support", "oppose"), "safeguards": ("oppose", "support")}
GREEN = ("g1", "g2", "g3", "g4")
RED = ("r1", "r2", "r3", "r4")


def write(
    root: Path,
    positions_of: dict[str, dict[str, str]],
    kinds: dict[str, str] | None = None,
) -> Path:
    """A dataset where each actor states ``positions_of[actor]`` (target -> stance)."""
    kinds = kinds or {}
    targets = sorted({t for held in positions_of.values() for t in held})
    root.mkdir(parents=True, exist_ok=True)
    (root / "stakeholders.yaml").write_text(
        "stakeholders:\n"
        + "".join(
            f"  - id: {a}\n    name: Actor {a.upper()}\n    kind: {kinds.get(a, 'state')}\n"
            for a in positions_of
        ),
        encoding="utf-8",
    )
    (root / "targets.yaml").write_text(
        "targets:\n"
        + "".join(f"  - id: {t}\n    kind: issue\n    name: The {t}\n" for t in targets),
        encoding="utf-8",
    )
    (root / "sources.yaml").write_text(
        "sources:\n  - id: record\n    title: The record\n", encoding="utf-8"
    )
    lines = ["statements:"]
    for actor, held in positions_of.items():
        for target, stance in held.items():
            lines += [
                f"  - id: {actor}-{target}",
                f"    actor: {actor}",
                "    date: 2024-07",
                "    source: record",
                f'    quote: "{actor} on {target}: {stance}"',
                "    stances:",
                f"      - target: {target}",
                f"        stance: {stance}",
            ]
    (root / "statements.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def planted(extra: dict[str, dict[str, str]] | None = None) -> dict[str, dict[str, str]]:
    held = {a: {t: sides[0] for t, sides in SPLIT.items()} for a in GREEN}
    held |= {a: {t: sides[1] for t, sides in SPLIT.items()} for a in RED}
    held |= extra or {}
    return held


def test_two_camps_that_disagree_on_everything_come_apart(tmp_path: Path) -> None:
    found = coalitions(positions.load(write(tmp_path, planted())))
    assert sorted(set(c.members) for c in found) == sorted([set(GREEN), set(RED)], key=sorted)
    assert found.unaligned == ()


def test_the_same_data_gives_the_same_camps(tmp_path: Path) -> None:
    root = write(tmp_path, planted({"x": {"treaty": "support", "safeguards": "support"}}))
    first = coalitions(positions.load(root))
    again = coalitions(positions.load(root))
    assert first == again
    assert [c.member_stability for c in first] == [c.member_stability for c in again]


def test_each_camp_is_named_by_the_targets_that_define_it(tmp_path: Path) -> None:
    found = coalitions(positions.load(write(tmp_path, planted())))
    green = next(c for c in found if "g1" in c.members)
    assert [(d.target, d.stance, d.share, d.others_share) for d in green.defining] == [
        ("treaty", Stance.SUPPORT, 1.0, 0.0),
        ("safeguards", Stance.OPPOSE, 1.0, 0.0),
    ]
    assert green.label == "supports The treaty; opposes The safeguards"
    treaty = green.defining[0]
    assert sorted(e.statement for e in treaty.evidence) == [f"{a}-treaty" for a in GREEN]
    assert {e.text for e in treaty.evidence} == {f"{a} on treaty: support" for a in GREEN}


def test_a_target_every_camp_holds_is_consensus_not_defining(tmp_path: Path) -> None:
    held = planted()
    for actor in held:
        held[actor]["cooperation"] = "support"
    found = coalitions(positions.load(write(tmp_path, held)))
    assert [(c.target, c.stance, c.shares) for c in found.consensus] == [
        ("cooperation", Stance.SUPPORT, (1.0, 1.0))
    ]
    assert len(found.consensus[0].evidence) == len(held)
    assert all(d.target != "cooperation" for c in found for d in c.defining)


def test_camps_that_never_change_have_no_swing_actors(tmp_path: Path) -> None:
    found = coalitions(positions.load(write(tmp_path, planted())))
    assert [c.stability for c in found] == [1.0, 1.0]
    assert all(c.swing == () for c in found)


def test_swing_actors_are_the_members_below_the_threshold() -> None:
    found = coalitions(positions.load(Path(__file__).resolve().parent.parent / "data"))
    swing = {a for c in found for a in c.swing}
    below = set()
    for camp in found:
        assert camp.member_stability is not None
        below |= {
            m for m, s in zip(camp.members, camp.member_stability, strict=True) if s < SWING_BELOW
        }
    assert swing == below
    assert swing  # the bundled negotiation has actors between its camps


def test_without_reruns_there_is_no_stability(tmp_path: Path) -> None:
    found = coalitions(positions.load(write(tmp_path, planted())), runs=0)
    assert [c.stability for c in found] == [None, None]
    assert all(c.swing == () for c in found)


def test_polarization_is_one_for_a_perfect_split(tmp_path: Path) -> None:
    found = coalitions(positions.load(write(tmp_path, planted())))
    assert found.polarization is not None
    assert found.polarization.value == 1.0
    ties = list(found.polarization.ties())
    assert len(ties) == 28  # every pair of the 8 actors shares both targets
    assert all(across == (no > 0) for _, _, _, no, across in ties)


def test_polarization_is_zero_without_disagreement(tmp_path: Path) -> None:
    held = {a: {"treaty": "support", "safeguards": "support"} for a in (*GREEN, *RED)}
    found = coalitions(positions.load(write(tmp_path, held)))
    assert found.polarization is not None
    assert found.polarization.value == 0.0


def test_polarization_counts_what_breaks_the_split() -> None:
    assert (
        polarization(agree_inside=5, disagree_inside=1, agree_across=2, disagree_across=7).value
        == 0.7
    )
    assert (
        polarization(agree_inside=5, disagree_inside=0, agree_across=0, disagree_across=0).value
        == 0.0
    )


def test_collectives_stay_out_unless_asked(tmp_path: Path) -> None:
    held = planted({"western-nations": {"treaty": "support", "safeguards": "oppose"}})
    ds = positions.load(write(tmp_path, held, kinds={"western-nations": "collective"}))
    assert all("western-nations" not in c.members for c in coalitions(ds))
    assert any("western-nations" in c.members for c in coalitions(ds, include_collective=True))


def test_the_command_names_the_camps_and_gives_the_polarization(tmp_path: Path) -> None:
    root = write(tmp_path, planted())
    result = CliRunner().invoke(app, ["coalitions", "--data", str(root), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "supports The treaty; opposes The safeguards" in result.output
    assert "opposes The treaty; supports The safeguards" in result.output
    assert "polarization" in result.output
    assert "Camp 1" not in result.output


@pytest.mark.parametrize("runs", ["-1", "many"])
def test_a_bad_number_of_runs_is_a_usage_error(tmp_path: Path, runs: str) -> None:
    root = write(tmp_path, planted())
    result = CliRunner().invoke(app, ["coalitions", "--data", str(root), "--runs", runs])
    assert result.exit_code == 2


# --- ties a reader can defend (allies / opponents) ---------------------------------------


def ties_data(tmp_path: Path) -> Path:
    # a and b share three targets (agree on two, disagree on one); a and c share one
    return write(
        tmp_path,
        {
            "a": {"treaty": "support", "safeguards": "support", "scope": "oppose"},
            "b": {"treaty": "support", "safeguards": "support", "scope": "support"},
            "c": {"treaty": "support"},
            "d": {"treaty": "oppose", "scope": "support"},
        },
    )


def test_each_tie_shows_the_shared_targets_and_the_agreement_index(tmp_path: Path) -> None:
    ds = positions.load(ties_data(tmp_path))
    found = {t.other: (t.agree, t.disagree, t.shared, t.index) for t in positions.allies(ds, "a")}
    assert found == {"b": (2, 1, 3, 0.333), "c": (1, 0, 1, 1.0)}
    assert [(t.other, t.shared, t.index) for t in positions.opponents(ds, "a")] == [("d", 2, -1.0)]


def test_min_shared_drops_ties_resting_on_fewer_targets(tmp_path: Path) -> None:
    ds = positions.load(ties_data(tmp_path))
    assert [t.other for t in positions.allies(ds, "a", min_shared=2)] == ["b"]
    assert [t.other for t in positions.opponents(ds, "a", min_shared=3)] == []
    root = ties_data(tmp_path)
    result = CliRunner().invoke(
        app, ["allies", "a", "--data", str(root), "--min-shared", "2", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert "shared" in header.split(",") and "index" in header.split(",")
    assert {row.split(",")[2] for row in rows} == {"b"}
    bad = CliRunner().invoke(app, ["allies", "a", "--data", str(root), "--min-shared", "0"])
    assert bad.exit_code == 2


def test_the_brief_names_the_camps_and_gives_the_polarization(tmp_path: Path) -> None:
    root = write(tmp_path / "data", planted())
    out = tmp_path / "brief.md"
    result = CliRunner().invoke(app, ["brief", "--data", str(root), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    # the two pages title each camp by what most defines it (labels.camp_titles)
    assert "**supports The treaty** — 4 actors" in text
    assert "**opposes The treaty** — 4 actors" in text
    assert "Polarization 1.00" in text
    assert "Camp 1" not in text


def test_the_exported_alignment_graph_carries_the_same_camps(tmp_path: Path) -> None:
    import networkx as nx

    root = write(tmp_path / "data", planted())
    out = tmp_path / "alignment.graphml"
    result = CliRunner().invoke(
        app, ["export", "-f", "graphml", "-g", "alignment", "-o", str(out), "-d", str(root)]
    )
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(out)
    found = coalitions(positions.load(root))
    for camp in found:
        for member in camp.members:
            assert graph.nodes[member]["camp"] == camp.number
            assert graph.nodes[member]["camp_label"] == camp.label


def test_a_camp_calls_a_numbered_target_by_its_label(tmp_path: Path) -> None:
    root = write(tmp_path, planted())
    targets = root / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    text = text.replace("    name: The treaty\n", "    label: A/RES/1\n    name: The treaty\n")
    targets.write_text(text, encoding="utf-8")
    names = {c.name for c in coalitions(positions.load(root), runs=0)}
    assert names == {
        "supports A/RES/1; opposes The safeguards",
        "opposes A/RES/1; supports The safeguards",
    }


def test_camps_are_found_after_matplotlib_but_not_pyplot_was_imported() -> None:
    # a map measures its labels with matplotlib's font tools before it asks for the camps:
    # igraph then imports pyplot, which must not be blocked
    import subprocess
    import sys

    treaty = Path(__file__).parent / "fixtures" / "treaty"
    code = (
        "import matplotlib.font_manager, positions;"
        "from positions.questions.camps import coalitions;"
        f"print(len(coalitions(positions.load({str(treaty)!r}), runs=0).rows) > 0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True"
