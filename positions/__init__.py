"""positions: who stands where in a negotiation, with proof.

>>> import positions
>>> ds = positions.load("data")                    # doctest: +SKIP
>>> positions.check("data")                        # doctest: +SKIP
[]
>>> answer = positions.who_opposes(ds, "draft convention")  # doctest: +SKIP
>>> answer.target_name, len(answer), answer[0].actor_name    # doctest: +SKIP
('United Nations Convention against Cybercrime', 47, 'Access Now')
>>> ds.replace(statements=...)   # a new, edited dataset   # doctest: +SKIP
"""

from typing import TYPE_CHECKING, Any

from positions.data.cache import load_cached
from positions.data.dataset import Dataset
from positions.data.loader import DataDirError, check, load
from positions.data.problems import DataError, Problem
from positions.errors import PositionsError
from positions.export.text import to_data
from positions.model import (
    PartialDate,
    Source,
    Stakeholder,
    StakeholderKind,
    Stance,
    StanceEntry,
    Statement,
    Target,
    TargetKind,
)
from positions.questions.answers import (
    Answer,
    ComparedTarget,
    Comparison,
    ContestedAnswer,
    ContestedTarget,
    Evidence,
    History,
    HistoryEntry,
    PositionAnswer,
    PositionRow,
    Relation,
    StancesAnswer,
    Tie,
    TieEvidence,
    TiesAnswer,
    WhoAnswer,
)
from positions.questions.ask import (
    allies,
    compare,
    contested,
    history,
    opponents,
    position,
    said,
    stances_of,
    who,
    who_opposes,
    who_supports,
)
from positions.questions.camps import Camp, CampsAnswer, Coalition, CoalitionsAnswer, coalitions
from positions.questions.resolve import AmbiguousName, BadDate, NameNotFound, QueryError, resolve
from positions.questions.time import FlipsAnswer, TimelineAnswer, flips, timeline

if TYPE_CHECKING:
    from positions.export.frames import to_frame
    from positions.export.notebook import html_map, to_pyvis

#: Notebook helpers, imported when first used: a command never pays for them.
_LAZY = {
    "to_frame": "positions.export.frames",
    "html_map": "positions.export.notebook",
    "to_pyvis": "positions.export.notebook",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'positions' has no attribute {name!r}")


__all__ = [
    "AmbiguousName",
    "Answer",
    "BadDate",
    "Camp",
    "CampsAnswer",
    "Coalition",
    "CoalitionsAnswer",
    "ComparedTarget",
    "Comparison",
    "ContestedAnswer",
    "ContestedTarget",
    "DataDirError",
    "DataError",
    "Dataset",
    "Evidence",
    "FlipsAnswer",
    "History",
    "HistoryEntry",
    "NameNotFound",
    "PartialDate",
    "PositionAnswer",
    "PositionRow",
    "PositionsError",
    "Problem",
    "QueryError",
    "Relation",
    "Source",
    "Stakeholder",
    "StakeholderKind",
    "Stance",
    "StanceEntry",
    "StancesAnswer",
    "Statement",
    "Target",
    "TargetKind",
    "Tie",
    "TieEvidence",
    "TiesAnswer",
    "TimelineAnswer",
    "WhoAnswer",
    "allies",
    "check",
    "coalitions",
    "compare",
    "contested",
    "flips",
    "history",
    "html_map",
    "load",
    "load_cached",
    "opponents",
    "position",
    "resolve",
    "said",
    "stances_of",
    "timeline",
    "to_data",
    "to_frame",
    "to_pyvis",
    "who",
    "who_opposes",
    "who_supports",
]
