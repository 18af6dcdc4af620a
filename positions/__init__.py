"""positions: who stands where in a negotiation, with proof.

>>> import positions
>>> ds = positions.load("data")                    # doctest: +SKIP
>>> positions.check("data")                        # doctest: +SKIP
[]
"""

from positions.cache import load_cached
from positions.dataset import Dataset
from positions.load import DataDirError, check, load
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
from positions.problems import DataError, Problem

__all__ = [
    "DataDirError",
    "DataError",
    "Dataset",
    "PartialDate",
    "Problem",
    "Source",
    "Stakeholder",
    "StakeholderKind",
    "Stance",
    "StanceEntry",
    "Statement",
    "Target",
    "TargetKind",
    "check",
    "load",
    "load_cached",
]
