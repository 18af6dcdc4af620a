"""The briefing's map is drawn at its printed size: names readable on paper, camps named,
nothing written on anything else; its title, legend and source are the page's text."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

import positions
from positions.export import brief_short, briefmap, image

DATA = Path(__file__).resolve().parent.parent / "data"
pytestmark = pytest.mark.skipif(not (DATA / "statements.yaml").exists(), reason="no data/")


@pytest.fixture(scope="module")
def amap() -> image.AllianceMap:
    ds = positions.load(DATA)
    assert ds.info is not None
    return image.build(ds, ds.info.main_target, top=80)


def test_the_map_is_its_printed_size_with_readable_names_and_named_camps(
    amap: image.AllianceMap,
) -> None:
    fig = briefmap.figure(amap)
    width, height = fig.get_size_inches()
    assert (width * 25.4, height * 25.4) == pytest.approx(briefmap.BOX_MM)
    texts = fig.axes[0].texts
    assert min(t.get_fontsize() for t in texts) >= 7.0  # printed points: nothing smaller
    titles = [t.get_text().replace("\n", " ") for t in texts if t.get_fontweight() == "bold"]
    for number, title in amap.camp_titles.items():
        size = len(next(g for g in amap.groups if g.number == number).members)
        assert f"{title} ({size})" in titles
    assert all(t.get_fontsize() >= 8.0 for t in texts if t.get_fontweight() == "bold")
    # each camp's three most active members are named, and no one else
    named = {t.get_text().replace("\n", " ") for t in texts}
    for group in (g for g in amap.groups if g.number):
        ranked = sorted(group.members, key=amap.activity.__getitem__)
        for member in ranked[: briefmap.LABELLED]:
            assert amap.labels[member].replace("\n", " ") in named
        for member in ranked[briefmap.LABELLED :]:
            assert amap.labels[member].replace("\n", " ") not in named


def test_no_text_lies_on_another_and_all_stays_in_the_box(amap: image.AllianceMap) -> None:
    fig = briefmap.figure(amap)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts]
    for a, b in combinations(boxes, 2):
        assert not a.overlaps(b)
    for box in boxes:
        assert fig.bbox.contains(box.x0, box.y0) and fig.bbox.contains(box.x1, box.y1)


def test_the_briefing_sets_the_maps_title_legend_and_source_as_text(tmp_path: Path) -> None:
    ds = positions.load(DATA)
    briefing = brief_short.build(ds)
    assert briefing.map_png is not None and briefing.map_png.startswith(b"\x89PNG")
    assert briefing.map_caption.startswith("Alliances on United Nations Convention")
    assert ds.info is not None and ds.info.credit and ds.info.credit in briefing.map_caption
    assert "dashed orange line" in briefing.map_caption
    page = brief_short.render_html(briefing)
    assert briefing.map_caption.split(".")[0] in page
    # printed at the size it was drawn for, never scaled to the page
    assert f"width: {briefmap.BOX_MM[0]}mm" in page
