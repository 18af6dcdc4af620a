"""Time `positions import` of a sheet of N statements into a new dataset (issue 22: <= 30 s).

Usage: python scripts/bench_import.py [ROWS]   (default: 10000)

Starts a dataset with ``positions init`` in a temporary directory, adds 200 stakeholders and
40 provisions, writes a CSV of ROWS statements naming them by name, and prints the wall and
CPU time of the import (validation with the whole dataset, then one atomic append).
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

import positions
from positions.curate.init import init_dataset
from positions.curate.spreadsheet import import_statements


def build(root: Path, rows: int) -> Path:
    init_dataset(root)
    people = "".join(
        f"  - id: org-{i}\n    name: Organisation {i}\n    kind: ngo\n" for i in range(200)
    )
    with open(root / "stakeholders.yaml", "a", encoding="utf-8") as handle:
        handle.write(people)
    parts = "".join(
        f"  - id: pa-art-{i}\n    kind: provision\n    part_of: pa\n    label: Article {i}\n"
        for i in range(1, 41)
    )
    with open(root / "targets.yaml", "a", encoding="utf-8") as handle:
        handle.write("  - id: pa\n    kind: instrument\n    name: Pandemic Agreement\n" + parts)
    with open(root / "sources.yaml", "a", encoding="utf-8") as handle:
        handle.write("  - id: talks\n    title: Negotiating sessions\n")
    sheet = root.parent / "sheet.csv"
    stances = ("support", "oppose", "mixed", "neutral")
    with open(sheet, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["actor", "source", "date", "paraphrase", "target", "stance"])
        for n in range(rows):
            writer.writerow(
                [f"Organisation {n % 200}", "Negotiating sessions", f"2024-{1 + n % 12:02d}",
                 f"point {n}", f"Article {1 + n % 40}", stances[n % 4]]
            )  # fmt: skip
    return sheet


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as name:
        root = Path(name) / "data"
        sheet = build(root, rows)
        wall, cpu = time.perf_counter(), time.process_time()
        imported = import_statements(root, sheet)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert len(positions.load(root).statements) == imported.count == rows
    print(f"imported {rows} rows: {wall:.1f} s wall, {cpu:.1f} s CPU")


if __name__ == "__main__":
    main()
