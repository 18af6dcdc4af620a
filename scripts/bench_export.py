"""Time every export on a data directory and print what each one produced.

Usage: python scripts/bench_export.py [DATA_DIR]   (default: data)

Prints, per output: the wall time of rendering (median of 3 runs, milliseconds) and the
size in bytes. Nothing is written to disk.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import positions
from positions.export import brief, cypher, gexf, graphml, image, matrix, nodelink, tables
from positions.questions.graphs import alignment_graph, stance_graph


def median_ms(make: Callable[[], bytes], runs: int = 3) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(make())
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), size


def main() -> None:
    data = Path(sys.argv[1] if len(sys.argv) > 1 else "data")
    ds = positions.load(data)
    stances, alignment = stance_graph(ds), alignment_graph(ds)
    print(
        f"{data}: {len(ds.stakeholders)} stakeholders, {len(ds.targets)} targets, "
        f"{len(ds.statements)} statements; stance graph {stances.number_of_nodes()} nodes "
        f"{stances.number_of_edges()} edges; alignment graph {alignment.number_of_edges()} ties"
    )
    amap = image.build(ds)
    jobs: dict[str, Callable[[], bytes]] = {
        "map png": lambda: image.render(image.build(ds), "png"),
        "map svg": lambda: image.render(amap, "svg"),
        "map pdf": lambda: image.render(amap, "pdf"),
        "matrix md": lambda: matrix.render_markdown(matrix.build(ds)).encode(),
        "matrix html": lambda: matrix.render_html(matrix.build(ds), "Matrix").encode(),
        "brief html": lambda: brief.render_html(brief.build(ds)).encode(),
        "graphml stances": lambda: graphml.render(stances),
        "graphml alignment": lambda: graphml.render(alignment),
        "gexf stances": lambda: gexf.render(stances),
        "json stances": lambda: nodelink.render(stances),
        "csv stances (3 files)": lambda: b"".join(
            f.data for f in tables.render(ds, stances, "stances.csv")
        ),
        "cypher stances": lambda: cypher.render(stances),
    }
    print(f"{'output':<24}{'median ms':>10}{'bytes':>12}")
    for name, make in jobs.items():
        ms, size = median_ms(make)
        print(f"{name:<24}{ms:>10.0f}{size:>12,}")


if __name__ == "__main__":
    main()
