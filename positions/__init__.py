"""positions: who stands where in a negotiation, with proof.

>>> import positions
>>> ds = positions.load("data")                    # doctest: +SKIP
>>> positions.check("data")                        # doctest: +SKIP
[]
>>> positions.who_opposes(ds, "draft convention")  # doctest: +SKIP
"""

from positions.data.cache import load_cached
from positions.data.dataset import Dataset
from positions.data.loader import DataDirError, check, load
from positions.data.problems import DataError, Problem
from positions.errors import PositionsError
from positions.export.notebook import html_map, to_pyvis
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
from positions.questions.ask import (
    Coalition,
    ComparedTarget,
    Comparison,
    ContestedTarget,
    Evidence,
    History,
    HistoryEntry,
    PositionRow,
    Relation,
    Tie,
    TieEvidence,
    allies,
    coalitions,
    compare,
    contested,
    history,
    opponents,
    position,
    stances_of,
    who,
    who_opposes,
    who_supports,
)
from positions.questions.resolve import AmbiguousName, BadDate, NameNotFound, QueryError, resolve

__all__ = [
    "AmbiguousName",
    "BadDate",
    "Coalition",
    "ComparedTarget",
    "Comparison",
    "ContestedTarget",
    "DataDirError",
    "DataError",
    "Dataset",
    "Evidence",
    "History",
    "HistoryEntry",
    "NameNotFound",
    "PartialDate",
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
    "Statement",
    "Target",
    "TargetKind",
    "Tie",
    "TieEvidence",
    "allies",
    "check",
    "coalitions",
    "compare",
    "contested",
    "history",
    "html_map",
    "load",
    "load_cached",
    "opponents",
    "position",
    "resolve",
    "stances_of",
    "to_data",
    "to_pyvis",
    "who",
    "who_opposes",
    "who_supports",
]
