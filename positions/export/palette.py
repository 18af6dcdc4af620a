"""One colour scheme and one set of shapes for every drawn output: the HTML map
(``export/html.py`` and ``assets/map.js``) and the map image (``positions map``,
``export/image.py``) read them from here.

The colours are Okabe and Ito's (safe for the common kinds of colour blindness), and every
line style carries a second cue (a dash pattern) for readers who cannot tell colours apart.
Ties take blue (agree) and vermillion (disagree); camps take the other Okabe-Ito colours,
never a tie's, so a camp is never read as a kind of tie (a test checks it).
"""

from __future__ import annotations

from typing import Any

# -- stances: an actor's position on a target -----------------------------------------------

#: Okabe-Ito colours and a dash pattern (vis-network's) as a second cue, by stance.
STANCE_STYLES: dict[str, dict[str, Any]] = {
    "support": {"color": "#0072B2", "dashes": False, "line": "solid"},
    "oppose": {"color": "#D55E00", "dashes": [10, 6], "line": "dashed"},
    "mixed": {"color": "#CC79A7", "dashes": [2, 5], "line": "dotted"},
    "neutral": {"color": "#777777", "dashes": [12, 4, 2, 4], "line": "dash-dot"},
}

# -- ties: two actors agreeing or disagreeing -------------------------------------------------

AGREE_COLOUR = "#0072B2"
DISAGREE_COLOUR = "#D55E00"
#: a tie with as many agreements as disagreements
EVEN_COLOUR = "#777777"
TIE_STYLES: dict[str, dict[str, Any]] = {
    "agree": {"color": AGREE_COLOUR, "dashes": False, "line": "solid"},
    "disagree": {"color": DISAGREE_COLOUR, "dashes": [10, 6], "line": "dashed"},
    "even": {"color": EVEN_COLOUR, "dashes": [2, 5], "line": "dotted"},
}

# -- camps: the signed coalitions -----------------------------------------------------------

#: The camps' fills, largest camp first: Okabe-Ito colours that no tie uses.
CAMP_COLOURS: tuple[str, ...] = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#CC79A7", "#999999")
#: An actor in no camp (the image) or in a camp past the colours above (the page).
NO_CAMP_COLOUR = "#FFFFFF"

# -- kinds of actor: one distinct shape each ------------------------------------------------

#: The mark of each kind of actor. vis-network draws the first seven itself; the others
#: (``pentagon``, ``squares``, ``ring``, ``cross``) the page draws (``assets/map.js``), and
#: the legends draw all of them from ``templates/_marks.html.j2``.
KIND_MARKS: dict[str, str] = {
    "state": "dot",
    "state_group": "hexagon",
    "un_body": "diamond",
    "igo": "pentagon",
    "ngo": "triangle",
    "company": "square",
    "industry_group": "squares",
    "person": "triangleDown",
    "collective": "ring",
    "media": "star",
    "other": "cross",
}
#: The nearest shape vis-network (and so pyvis, ``export/notebook.py``) draws itself.
KIND_SHAPES: dict[str, str] = {
    "state": "dot",
    "state_group": "hexagon",
    "un_body": "diamond",
    "igo": "diamond",
    "ngo": "triangle",
    "company": "square",
    "industry_group": "square",
    "person": "triangleDown",
    "collective": "star",
    "media": "star",
    "other": "star",
}
KIND_LABELS: dict[str, str] = {
    "state": "State",
    "state_group": "Group of states",
    "un_body": "UN body",
    "igo": "Intergovernmental organisation",
    "ngo": "NGO",
    "company": "Company",
    "industry_group": "Industry group",
    "person": "Person",
    "collective": "Collective (named only as a whole)",
    "media": "Media",
    "other": "Other",
}
#: A target (what positions are about): a labelled box.
TARGET_SHAPE = "box"
TARGET_FILL = "#FFF4CC"
TARGET_BORDER = "#8A6D00"
#: A provision's line to the instrument it is part of.
PART_OF_COLOUR = "#B0B0B0"


def camp_colour(number: int) -> str:
    """The fill of camp ``number`` (1 = the largest); past the palette, the no-camp fill."""
    return CAMP_COLOURS[number - 1] if 0 < number <= len(CAMP_COLOURS) else NO_CAMP_COLOUR


def css_variables() -> str:
    """The palette as CSS custom properties (``--stance-support``, ``--tie-agree``, ...) for a
    page's stylesheet to use, so a page's board, badges and legend take the same colours."""
    lines = [f"  --stance-{name}: {style['color']};" for name, style in STANCE_STYLES.items()]
    lines += [f"  --tie-{name}: {style['color']};" for name, style in TIE_STYLES.items()]
    lines += [f"  --camp-{number}: {colour};" for number, colour in enumerate(CAMP_COLOURS, 1)]
    lines += [f"  --target-fill: {TARGET_FILL};", f"  --target-border: {TARGET_BORDER};"]
    return ":root {\n" + "\n".join(lines) + "\n}\n"
