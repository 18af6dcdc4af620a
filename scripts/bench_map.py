"""Time the briefing outputs at scale: the alliance map (``positions map``, the 80 most
active actors by default), the position matrix (``positions matrix``'s defaults: the 40
most active actors on the 12 most contested targets) and the two-page briefing.

Usage: python scripts/bench_map.py DATA_DIR [TOP]
       (make one: python scripts/gen_synthetic.py 100000 /tmp/synthetic-100k)

The data is loaded through the cache, as ``positions map`` loads it: the first run writes
the cache entry (and says "cold"), later runs read it ("warm"). Prints the wall time of
each step in seconds and the size of what it made. Nothing but the cache entry is written.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from positions.data.cache import DatasetCache
from positions.export import brief_short, image, matrix
from positions.export.scope import MAP_ACTORS, MATRIX_ACTORS, MATRIX_TARGETS


def main() -> None:
    data = Path(sys.argv[1] if len(sys.argv) > 1 else "data")
    top = int(sys.argv[2]) if len(sys.argv) > 2 else MAP_ACTORS
    start = time.perf_counter()
    ds, warm = DatasetCache().load(data)
    loaded = time.perf_counter() - start
    print(
        f"{data}: {ds.statement_count()} statements, load {loaded:.1f} s "
        f"({'warm: cache hit' if warm else 'cold: cache written'})"
    )
    start = time.perf_counter()
    amap = image.build(ds, top=top)
    built = time.perf_counter() - start
    png = image.render(amap, "png")
    total = time.perf_counter() - start
    print(
        f"map --top {top}: {len(amap.places)} actors drawn, layout {built:.1f} s, "
        f"with the PNG {total:.1f} s, {len(png):,} bytes; load + map {loaded + total:.1f} s"
    )
    start = time.perf_counter()
    table = matrix.build(ds, top=MATRIX_ACTORS, columns=MATRIX_TARGETS)
    text = matrix.render_markdown(table)
    print(
        f"matrix --top {MATRIX_ACTORS} --targets {MATRIX_TARGETS}: "
        f"{time.perf_counter() - start:.1f} s, {len(table.actors)} rows x "
        f"{len(table.targets)} columns, {len(text):,} characters"
    )
    start = time.perf_counter()
    briefing = brief_short.build(ds)
    print(
        f"brief (two pages, map included): {time.perf_counter() - start:.1f} s, "
        f"{len(briefing.matrix.actors)} rows x {len(briefing.matrix.targets)} columns, "
        f"{len(briefing.quotes)} quotes"
    )


if __name__ == "__main__":
    main()
