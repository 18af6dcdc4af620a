"""Realistic synthetic datasets for tests, written by scripts/gen_synthetic.py."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "gen_synthetic.py"


@cache
def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_synthetic", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_synthetic"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def synthetic_dataset(root: Path, statements: int, seed: int = 1, shape: str = "default") -> Path:
    """Write a valid dataset of ``statements`` statements to ``root``; return ``root``."""
    _generator().generate(statements, root, seed, shape)
    return root
