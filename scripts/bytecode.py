"""Bytecode for the installed package, as ``pip install`` leaves it, before timing it.

An editable install writes no ``.pyc`` files until the package is first imported, and not
at all where ``PYTHONDONTWRITEBYTECODE`` is set: every run would then compile the package
from source (about 60 ms here) and the benchmark would time the compiler, not the tool.
"""

from __future__ import annotations

import compileall
import importlib.util
from pathlib import Path


def compile_package(name: str = "positions") -> Path:
    """Write up-to-date bytecode for every module of the package ``name``; its directory."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{name} is not installed in this interpreter")
    directory = Path(next(iter(spec.submodule_search_locations)))
    if not compileall.compile_dir(str(directory), quiet=1):
        raise SystemExit(f"could not compile {directory}")
    return directory
