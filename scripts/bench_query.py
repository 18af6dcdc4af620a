"""How fast a question is answered: `positions who opposes ...` beside the import floor.

Prints, in one run, the median wall time of the query (a subprocess, as a user runs it) on
the bundled data, the median of `python -c "import networkx, pydantic"` (the floor: what
the obvious pipeline must import before it answers anything) and their ratio; the target is
a ratio of at most 1.5. The ratio of median CPU times (user + system) is printed too: it
moves less when the machine is shared. The package's bytecode is compiled first, as
`pip install` would leave it (see scripts/bytecode.py).

    python scripts/bench_query.py [--runs 15] [--data data] [TARGET]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bytecode import compile_package

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.5


def positions_command() -> list[str]:
    """The `positions` console script next to this interpreter, else the same via -c."""
    script = Path(sys.executable).with_name("positions")
    if script.exists():
        return [str(script)]
    found = shutil.which("positions")
    if found:
        return [found]
    return [sys.executable, "-c", "from positions.cli import main; main()"]


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", nargs="?", default="draft convention", help="what to ask about")
    parser.add_argument("--runs", type=int, default=15, help="runs of each command")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data directory")
    args = parser.parse_args()

    compile_package()  # as pip leaves an installed package: the compiler is not timed
    query = [*positions_command(), "who", "opposes", args.target, "--data", str(args.data)]
    floor = [sys.executable, "-c", "import networkx, pydantic"]
    for command in (query, floor):  # warm the file cache; a failing query stops here
        timed(command)
    query_times: list[tuple[float, float]] = []
    floor_times: list[tuple[float, float]] = []
    for _ in range(args.runs):  # interleaved, so load on the machine hits both alike
        query_times.append(timed(query))
        floor_times.append(timed(floor))
    query_wall = statistics.median(t[0] for t in query_times)
    floor_wall = statistics.median(t[0] for t in floor_times)
    query_cpu = statistics.median(t[1] for t in query_times)
    floor_cpu = statistics.median(t[1] for t in floor_times)
    ratio = query_wall / floor_wall
    shown = " ".join(f'"{a}"' if " " in a else a for a in query[-5:])
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    lines = [
        ("runs of each (interleaved)", f"{args.runs}"),
        (f"positions {shown}", f"median wall {query_wall * 1000:7.1f} ms"),
        (
            'python -c "import networkx, pydantic" (floor)',
            f"median wall {floor_wall * 1000:7.1f} ms",
        ),
        ("ratio query / floor (wall)", f"{ratio:.2f}x ({verdict} the {TARGET_RATIO}x target)"),
        # CPU time varies less than wall time when the machine is shared
        (
            "ratio query / floor (CPU user+sys)",
            f"{query_cpu / floor_cpu:.2f}x ({query_cpu * 1000:.0f} ms / {floor_cpu * 1000:.0f} ms)",
        ),
    ]
    width = max(len(label) for label, _ in lines)
    for label, value in lines:
        print(f"{label.ljust(width)}  {value}")


if __name__ == "__main__":
    main()
