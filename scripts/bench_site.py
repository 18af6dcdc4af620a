"""Measure the static site: build time at 10^4 statements, and what a rebuild rewrites.

Generates a synthetic dataset (scripts/gen_synthetic.py), builds its site into a temporary
directory and prints: the time to render the pages, the time to write them and draw the
share cards, the counts of pages and cards; then changes one stance of one statement, and
prints how many files the rebuild rewrote and how many cards it drew again (only the
pages and cards whose content changed should be).

    .venv/bin/python scripts/bench_site.py [--statements 10000] [--workers 2]
    .venv/bin/python scripts/bench_site.py --data data      # the bundled dataset (a copy)
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from positions.data.loader import load
from positions.export.site import build_site, write_site
from tests.synthetic import synthetic_dataset

DAY = datetime.date(2026, 1, 1)


def _flip_one_stance(data: Path) -> str:
    """Change the first ``stance: support`` of statements.yaml to oppose; return its line."""
    path = data / "statements.yaml"
    text = path.read_text("utf-8")
    found = re.search(r"stance: support\b", text)
    if found is None:
        raise SystemExit("no support stance to flip")
    line = text.count("\n", 0, found.start()) + 1
    path.write_text(text[: found.start()] + "stance: oppose" + text[found.end() :], "utf-8")
    return f"statements.yaml:{line}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="processes (pages and cards)")
    parser.add_argument("--data", type=Path, help="measure a copy of this data directory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        if args.data:
            data = Path(shutil.copytree(args.data, Path(temporary) / "data"))
        else:
            data = synthetic_dataset(Path(temporary) / "data", args.statements)
        out = Path(temporary) / "site"
        workers = args.workers
        print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs, {workers} workers")
        clock = _Clock()
        ds = load(data)
        loaded = clock.lap()
        site = build_site(ds, built_on=DAY, workers=workers)
        built = clock.lap()
        first = write_site(site, out, workers=workers)
        written = clock.lap()
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        print(
            f"{len(ds.statements):,} statements, {len(ds.stakeholders):,} stakeholders, "
            f"{len(ds.targets):,} targets, {len(ds.sources):,} sources: "
            f"{len(site.files):,} files, {len(site.cards):,} cards"
        )
        print(f"load {loaded}; render the pages {built}; write + draw the cards {written}")
        print(f"first build, total: {clock.total()}")
        print(
            f"first build: {first.written:,} files written ({size / 1e6:.1f} MB: "
            f"{_sizes(out)}), {first.cards_drawn:,} cards drawn"
        )
        where = _flip_one_stance(data)
        clock = _Clock()
        again = write_site(
            build_site(load(data), built_on=DAY, workers=workers), out, workers=workers
        )
        print(
            f"rebuild after one edit ({where}): {again.written:,} files rewritten "
            f"({again.cards_drawn:,} cards drawn), {again.unchanged:,} unchanged, "
            f"{again.removed:,} removed; {clock.total()}"
        )
        print("rewritten by kind: " + _by_kind(again.rewritten))
        for path in again.rewritten:
            print(f"  {path}")
        same = write_site(
            build_site(load(data), built_on=DAY, workers=workers), out, workers=workers
        )
        print(
            f"rebuild without an edit: {same.written:,} files rewritten {_by_kind(same.rewritten)}"
        )
        for path in same.rewritten[:5]:
            print(f"  {path}")


class _Clock:
    """Wall time and CPU time (this process and its finished workers), lap by lap."""

    def __init__(self) -> None:
        self.start = self.last = self._now()

    @staticmethod
    def _now() -> tuple[float, float]:
        own = resource.getrusage(resource.RUSAGE_SELF)
        workers = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
        return time.perf_counter(), cpu

    @staticmethod
    def _text(since: tuple[float, float], now: tuple[float, float]) -> str:
        return f"{now[0] - since[0]:.1f} s wall, {now[1] - since[1]:.1f} s CPU"

    def lap(self) -> str:
        now = self._now()
        text, self.last = self._text(self.last, now), now
        return text

    def total(self) -> str:
        return self._text(self.start, self._now())


def _sizes(out: Path) -> str:
    """Megabytes by kind of file (html, json, csv, png)."""
    sizes: dict[str, int] = {}
    for path in out.rglob("*"):
        if path.is_file():
            kind = path.suffix.lstrip(".") or path.name
            sizes[kind] = sizes.get(kind, 0) + path.stat().st_size
    return ", ".join(f"{k} {n / 1e6:.1f}" for k, n in sorted(sizes.items(), key=lambda x: -x[1]))


def _by_kind(paths: tuple[str, ...]) -> str:
    kinds: dict[str, int] = {}
    for path in paths:
        kind = path.rsplit(".", 1)[-1]
        kinds[kind] = kinds.get(kind, 0) + 1
    return ", ".join(f"{k} {n:,}" for k, n in sorted(kinds.items()))


if __name__ == "__main__":
    main()
