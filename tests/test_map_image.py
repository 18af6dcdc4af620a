"""`positions map`: a legible, reproducible alliance map image."""

from __future__ import annotations

import math
import subprocess
import sys
from itertools import combinations, pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import positions
from positions.cli import app
from positions.export import image
from positions.questions.alignment import alignment_counts

TREATY = Path(__file__).parent / "fixtures" / "treaty"
runner = CliRunner()
RUN_CLI = "from positions.cli import main; main()"


@pytest.fixture(scope="module")
def amap() -> image.AllianceMap:
    return image.build(positions.load(TREATY))


def test_map_groups_camps_and_keeps_the_others_apart(amap: image.AllianceMap) -> None:
    camps = [g for g in amap.groups if g.number]
    assert [(g.number, sorted(g.members)) for g in camps] == [
        (1, ["eu", "france", "greenpeace", "norway"])
    ]
    alone = sorted(m for g in amap.groups if not g.number for m in g.members)
    assert alone == ["plastics-europe", "saudi-arabia"]
    # camps are laid apart: no other actor sits inside the camp's ring
    camp = camps[0]
    for member in alone:
        x, y = amap.places[member]
        distance = ((x - camp.centre[0]) ** 2 + (y - camp.centre[1]) ** 2) ** 0.5
        assert distance > camp.radius + 1.5
    assert ("norway", "saudi-arabia", 1, 1) in amap.ties  # agree on the treaty, not on caps
    assert amap.subtitle.startswith("6 actors, as of 2024-12-01. ")  # v2: no undated left
    # the credit comes from dataset.yaml; without one, never the directory's name
    assert amap.footer == (
        "Source: Closing plenary statements; Negotiators clash over production caps. "
        "Not shown: 1 actor sharing no target with another."  # CIEL: neutral only
    )
    # one unit: actor pairs (the between-camp counts are pairs too)
    assert "actor pairs" in amap.subtitle and "targets (" not in amap.subtitle


def test_every_actor_is_labelled_and_no_two_labels_overlap(amap: image.AllianceMap) -> None:
    fig = image.figure(amap)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    axes = fig.axes[0]
    labels = [t for t in axes.texts if hasattr(t, "xyann")]
    assert sorted(t.get_text().replace("\n", " ") for t in labels) == sorted(amap.names.values())
    boxes = [t.get_window_extent(renderer) for t in labels]
    camp_titles = [t.get_window_extent(renderer) for t in axes.texts if not hasattr(t, "xyann")]
    for a, b in combinations(boxes, 2):
        assert not a.overlaps(b)
    for box in boxes:
        assert not any(box.overlaps(title) for title in camp_titles)
        assert fig.bbox.contains(box.x0, box.y0) and fig.bbox.contains(box.x1, box.y1)
    texts = [t.get_text() for t in fig.texts]
    assert texts[0] == "Alliances: who agrees with whom"  # no dataset.yaml title
    assert any("as of 2024-12-01" in t for t in texts)
    assert any(t.startswith("Source: ") for t in texts)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[:2] == [
        "agree: the pair took the same side more often than opposite sides",
        "disagree: the pair took opposite sides more often",
    ]
    # the camp by what defines it, its target by its short heading, with its size
    assert "supports Art. 6 (4 actors)" in legend
    # and so inside its ring, large enough to read
    titles = [t for t in axes.texts if not hasattr(t, "xyann") and "Art. 6" in t.get_text()]
    assert [t.get_text().replace("\n", " ") for t in titles] == ["supports Art. 6"]
    assert titles[0].get_fontsize() >= min(t.get_fontsize() for t in labels)
    assert fig.get_size_inches()[0] == pytest.approx(8.27)


def test_same_data_gives_the_same_svg(tmp_path: Path) -> None:
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    for out in (first, second):
        result = runner.invoke(app, ["map", "-o", str(out), "--data", str(TREATY)])
        assert result.exit_code == 0, result.output
        assert result.stderr == (
            f"wrote the alliance map (6 actors) to {out} ({out.stat().st_size:,} bytes)\n"
        )
    assert first.read_bytes() == second.read_bytes()
    # and in a fresh process too
    third = tmp_path / "c.svg"
    subprocess.run(
        [sys.executable, "-c", RUN_CLI, "map", "-o", str(third), "-d", str(TREATY)],
        check=True,
        capture_output=True,
    )
    assert third.read_bytes() == first.read_bytes()


def test_png_and_pdf_and_usage_errors(tmp_path: Path) -> None:
    png = tmp_path / "map.png"
    assert runner.invoke(app, ["map", "-o", str(png), "-d", str(TREATY)]).exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    pdf = tmp_path / "map.pdf"
    assert (
        runner.invoke(app, ["map", "-o", str(pdf), "-t", "Article 6", "-d", str(TREATY)]).exit_code
        == 0
    )
    assert pdf.read_bytes().startswith(b"%PDF")
    result = runner.invoke(app, ["map", "-o", str(tmp_path / "map.gif"), "-d", str(TREATY)])
    assert result.exit_code == 2
    assert "Error: cannot tell the image format of" in result.stderr
    # nobody shares a target on Article 10 with a side taken by two actors: nothing to draw
    result = runner.invoke(app, ["map", "-o", str(png), "-t", "Article 10", "-d", str(TREATY)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no two actors took a side")


def test_commands_import_matplotlib_and_jinja2_only_when_they_draw() -> None:
    code = (
        "import sys, positions.cli, positions.export.outputs, positions.cli.export;"
        "print(sorted(m for m in ('matplotlib', 'jinja2', 'pyvis') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"


def two_blocs(root: Path, size: int) -> Path:
    """A dataset where ``size`` actors support two articles and ``size`` others oppose them."""
    root.mkdir()
    actors = [f"a{n}" for n in range(2 * size)]
    (root / "stakeholders.yaml").write_text(
        "stakeholders:\n"
        + "".join(
            f"  - {{id: {a}, name: Delegation of the Republic number {n}, kind: state}}\n"
            for n, a in enumerate(actors)
        )
    )
    (root / "targets.yaml").write_text(
        "targets:\n  - {id: t1, kind: provision, label: Article 1}\n"
        "  - {id: t2, kind: provision, label: Article 2}\n"
    )
    (root / "sources.yaml").write_text("sources:\n  - {id: s, title: Records}\n")
    (root / "statements.yaml").write_text(
        "statements:\n"
        + "".join(
            f"  - id: st-{a}\n    actor: {a}\n    source: s\n    paraphrase: said so\n"
            f"    stances: [{{target: t1, stance: {side}}}, {{target: t2, stance: {side}}}]\n"
            for n, a in enumerate(actors)
            for side in ["support" if n < size else "oppose"]
        )
    )
    return root


def test_big_camps_get_radial_labels_with_room_and_bundled_ties(tmp_path: Path) -> None:
    amap = image.build(positions.load(two_blocs(tmp_path / "blocs", 12)))
    camps = [g for g in amap.groups if g.number]
    assert [len(g.members) for g in camps] == [12, 12]
    for camp in camps:
        assert camp.rotated_labels
        # adjacent labels start far enough apart along the ring for their line height
        angles = sorted(amap.angles[m] for m in camp.members)
        gaps = [b - a for a, b in pairwise(angles)]
        lines = max(amap.labels[m].count("\n") + 1 for m in camp.members)
        assert min(gaps) * (camp.radius + 0.9) >= lines * image.LINE_HEIGHT
    # the camps' reaches (rings and labels) do not overlap
    (xa, ya), (xb, yb) = camps[0].centre, camps[1].centre
    assert ((xa - xb) ** 2 + (ya - yb) ** 2) ** 0.5 >= camps[0].reach + camps[1].reach
    fig = image.figure(amap)
    counts = [t.get_text() for t in fig.axes[0].texts if not hasattr(t, "xyann")]
    assert "144 pairs disagree" in counts  # 12 x 12 ties drawn as one line with its count
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any(t.startswith("between groups: one line per kind of tie") for t in legend)


BUNDLED = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.skipif(not (BUNDLED / "statements.yaml").exists(), reason="no bundled data/")
def test_bundled_map_sets_the_rights_groups_and_tech_apart_from_russia() -> None:
    amap = image.build(positions.load(BUNDLED))
    group_of = {m: n for n, g in enumerate(amap.groups) for m in g.members}
    assert group_of["hrw"] == group_of["microsoft"]
    assert group_of["hrw"] != group_of["russia"]
    assert set(amap.labels) == set(amap.places)  # every actor drawn has its name
    groups = amap.groups
    for n, a in enumerate(groups):  # no group's labels reach into another's
        for b in groups[n + 1 :]:
            distance = ((a.centre[0] - b.centre[0]) ** 2 + (a.centre[1] - b.centre[1]) ** 2) ** 0.5
            assert distance >= a.reach + b.reach


@pytest.mark.skipif(not (BUNDLED / "statements.yaml").exists(), reason="no bundled data/")
def test_bundled_map_names_the_instrument_credits_dataset_yaml_and_its_counts_stay_apart() -> None:
    ds = positions.load(BUNDLED)
    assert ds.info is not None and ds.info.main_target and ds.info.credit
    amap = image.build(ds, ds.info.main_target, top=40)
    assert amap.title == f"Alliances on {ds.name_of(ds.info.main_target)}"
    assert ds.info.credit in amap.footer and "positions dataset" not in amap.footer
    assert amap.subtitle.startswith("The 40 most active of ")
    # collectives are left out of the map and said to be, never counted among the top
    assert "Left out: 6 collectives" in amap.subtitle
    assert not any(ds.stakeholders[a].kind.value == "collective" for a in amap.names)
    amap = image.build(ds, ds.info.main_target, top=80)  # every actor that can be drawn
    fig = image.figure(amap)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    counts = [
        t.get_window_extent(renderer)
        for t in fig.axes[0].texts
        if not hasattr(t, "xyann") and " pair" in t.get_text()
    ]
    assert len(counts) >= 3
    for a, b in combinations(counts, 2):  # no count label lies on another
        assert not a.overlaps(b)


def test_the_most_active_actors_are_drawn_in_the_camps_every_output_names() -> None:
    # issue 16, one computation: drawing fewer actors never re-forms the camps among them
    ds = positions.load(Path(__file__).resolve().parent.parent / "data")
    full = positions.coalitions(ds, runs=0)
    camp_of = {m: c.number for c in full for m in c.members}
    small = image.build(ds, top=15)
    drawn = {m for g in small.groups for m in g.members}
    assert 0 < len(drawn) <= 15
    for group in small.groups:
        for member in group.members:
            assert group.number == camp_of.get(member, 0)
    # the drawn ties are the alignment rule's counts of the drawn pairs
    counts = alignment_counts(ds)
    assert small.ties
    for a, b, agree, disagree in small.ties:
        assert counts.between(a, b) == (agree, disagree)


@settings(max_examples=200, deadline=None)
@given(
    far=st.floats(min_value=4.0, max_value=80.0),
    angle=st.floats(min_value=0.0, max_value=6.283),
    reach_a=st.floats(min_value=1.0, max_value=40.0),
    reach_b=st.floats(min_value=1.0, max_value=40.0),
    counts=st.dictionaries(
        st.sampled_from([1, 0, -1]), st.integers(min_value=1, max_value=2_000_000), min_size=2
    ),
)
def test_counts_between_two_camps_never_cover_each_other(
    far: float, angle: float, reach_a: float, reach_b: float, counts: dict[int, int]
) -> None:
    # the agree, even and disagree counts of one pair of camps are drawn as level boxes:
    # wherever the camps are, however short or steep the line, no two boxes overlap
    a = image.Group(1, ["a"], radius=reach_a / 2, reach=reach_a, centre=(0.0, 0.0))
    centre = (far * math.cos(angle), far * math.sin(angle))
    b = image.Group(2, ["b"], radius=reach_b / 2, reach=reach_b, centre=centre)
    scale = image.COUNT_SIZE / image.LABEL_SIZE
    places = image._count_places(a, b, counts, scale)
    assert set(places) == set(counts)
    ux, uy = centre[0] / far, centre[1] / far
    boxes = []
    for sign, (along, across) in places.items():
        width, height = image._text_size(image._bundle_text(sign, counts[sign]))
        x, y = ux * along - uy * across, uy * along + ux * across
        boxes.append((x, y, width * scale / 2, height * scale / 2))
    for (x1, y1, w1, h1), (x2, y2, w2, h2) in combinations(boxes, 2):
        assert abs(x1 - x2) >= w1 + w2 - 1e-6 or abs(y1 - y2) >= h1 + h2 - 1e-6


def test_counts_of_crossing_bundles_keep_off_each_other_and_the_level_labels(
    tmp_path: Path,
) -> None:
    # four camps: the bundles between opposite camps cross in the middle, where their
    # counts used to lie on each other; every count's box must stand clear
    from tests.synthetic import synthetic_dataset

    amap = image.build(positions.load(synthetic_dataset(tmp_path / "camps", 10_000)), top=80)
    fig = image.figure(amap)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = fig.axes[0].texts
    counts = [t for t in texts if not hasattr(t, "xyann") and " pair" in t.get_text()]
    assert len(counts) >= 12  # three kinds of tie between most pairs of camps
    boxes = [t.get_bbox_patch().get_window_extent(renderer) for t in counts]
    for a, b in combinations(boxes, 2):
        assert not a.overlaps(b)
    labels = [t for t in texts if hasattr(t, "xyann")]
    level = [t.get_window_extent(renderer) for t in labels if not t.get_rotation()]
    assert level
    for box in boxes:
        assert not any(box.overlaps(label) for label in level)


@pytest.mark.skipif(not (BUNDLED / "statements.yaml").exists(), reason="no bundled data/")
def test_a_small_camps_title_is_set_smaller_before_its_words_are_cut() -> None:
    # "opposes the …" told a reader nothing; "opposes the cybercrime convention" fits a
    # little smaller in the same ring
    amap = image.build(positions.load(BUNDLED), top=80)
    fig = image.figure(amap)
    titles = [
        t for t in fig.axes[0].texts if not hasattr(t, "xyann") and " pair" not in t.get_text()
    ]
    shown = [t.get_text().replace("\n", " ") for t in titles]
    assert "opposes the cybercrime convention" in shown
    assert not any("…" in text for text in shown)
    labels = [t.get_fontsize() for t in fig.axes[0].texts if hasattr(t, "xyann")]
    assert min(t.get_fontsize() for t in titles) >= image.RING_TITLE_SHRINK * min(labels)
