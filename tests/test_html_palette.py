"""One palette for the HTML map and `positions map`: camps never look like ties, every kind
of actor has its own mark, and the legends are drawn from the palette."""

from __future__ import annotations

import re
from pathlib import Path

import positions
from positions.export import image, palette
from positions.export.html import build_map, render_map
from positions.model import StakeholderKind

ROOT = Path(__file__).resolve().parent.parent


def test_camp_colours_are_never_a_tie_colour() -> None:
    ties = {style["color"].upper() for style in palette.TIE_STYLES.values()}
    camps = {colour.upper() for colour in palette.CAMP_COLOURS}
    assert not camps & ties
    assert palette.NO_CAMP_COLOUR.upper() not in ties
    assert len(camps) == len(palette.CAMP_COLOURS)  # no two camps alike


def test_stance_colours_are_okabe_ito_and_distinct() -> None:
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
    colours = [s["color"].upper() for s in palette.STANCE_STYLES.values()]
    assert len(set(colours)) == len(colours)
    # the coloured stances are Okabe-Ito; neutral is a grey
    assert {palette.STANCE_STYLES[s]["color"] for s in ("support", "oppose", "mixed")} <= okabe_ito
    dashes = [str(s["dashes"]) for s in palette.STANCE_STYLES.values()]
    assert len(set(dashes)) == len(dashes)  # a second cue besides colour


def test_every_kind_has_its_own_mark_and_label() -> None:
    kinds = {kind.value for kind in StakeholderKind}
    assert set(palette.KIND_MARKS) == kinds
    assert set(palette.KIND_LABELS) == kinds
    marks = list(palette.KIND_MARKS.values())
    assert len(set(marks)) == len(marks)
    assert palette.KIND_MARKS["company"] != palette.KIND_MARKS["industry_group"]
    assert palette.KIND_MARKS["igo"] != palette.KIND_MARKS["un_body"]


def test_the_image_and_the_page_share_the_palette() -> None:
    assert palette.TIE_STYLES["agree"]["color"] == image.AGREE_COLOUR
    assert palette.TIE_STYLES["disagree"]["color"] == image.DISAGREE_COLOUR
    assert image.CAMP_COLOURS == palette.CAMP_COLOURS
    page = build_map(positions.load(ROOT / "data"), view="alliances")
    assert page.data["styles"]["tie"] == palette.TIE_STYLES
    assert page.data["styles"]["shapes"] == palette.KIND_MARKS
    camps = page.data["alliances"]["coalitions"]
    assert camps and all(c["color"] == palette.camp_colour(c["number"]) for c in camps)


def test_the_legend_is_drawn_from_the_palette() -> None:
    page = build_map(positions.load(ROOT / "data"), view="stances")
    document = render_map(page)
    legend = document[
        document.index('id="filter-kind"') : document.index(
            "</fieldset>", document.index('id="filter-kind"')
        )
    ]
    kinds = re.findall(r'name="kind" value="([a-z_]+)"', legend)
    assert kinds
    for kind in kinds:
        assert palette.KIND_LABELS[kind] in legend
    # each tie style is in the alliance legend in its own colour
    for style in palette.TIE_STYLES.values():
        assert f'stroke="{style["color"]}"' in document
    # the stylesheet's colours are the palette's
    assert palette.css_variables() in document
