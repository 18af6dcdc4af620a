"""Time ``positions check`` on long ``member_of`` / ``part_of`` chains and cycles.

python scripts/bench_check.py                     # chains and cycles of 1,000 and 10,000
python scripts/bench_check.py --sizes 2000 --profile

Each dataset is the minimal one of the tests plus a chain of groups (each ``member_of``
the next) and a chain of provisions (each ``part_of`` the next), closed into a cycle for
the cycle rows; a statement stands at the bottom of the chain. The work of the cycle rule
and of every walk up the chains must grow with the length, not its square: the time per
1,000 links is printed so that the two sizes can be compared at a glance. ``resolve s`` is
the time a query takes to find the label at the bottom of a chain (its name index scopes
every label to the root of its target).

Times are CPU seconds of this process (``time.process_time``), best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from positions.data.loader import check, load  # noqa: E402
from positions.questions.resolve import Kind, resolve  # noqa: E402
from tests.conftest import MINIMAL  # noqa: E402


def write_chain(root: Path, length: int, cycle: bool) -> Path:
    """The minimal dataset plus a member_of and a part_of chain of ``length`` (a cycle when
    ``cycle``), written to ``root``."""
    (root / "sources").mkdir(parents=True)
    for name, text in MINIMAL.items():
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")

    def after(i: int, prefix: str, last: str | None) -> str | None:
        if cycle:
            return f"{prefix}{(i + 1) % length}"
        return f"{prefix}{i + 1}" if i + 1 < length else last

    people = textwrap.dedent(MINIMAL["stakeholders.yaml"])
    for i in range(length):
        group = after(i, "g", None)
        people += f"  - id: g{i}\n    name: Group {i}\n    kind: ngo\n"
        people += f"    member_of: [{{id: {group}}}]\n" if group else ""
    (root / "stakeholders.yaml").write_text(people, encoding="utf-8")
    targets = textwrap.dedent(MINIMAL["targets.yaml"]) + "".join(
        f"  - id: t{i}\n    kind: provision\n    label: T{i}\n"
        f"    part_of: {after(i, 't', 'uncc')}\n"
        for i in range(length)
    )
    (root / "targets.yaml").write_text(targets, encoding="utf-8")
    statements = textwrap.dedent(MINIMAL["statements.yaml"]) + (
        "  - id: deep\n    actor: g0\n    source: article\n    paraphrase: against\n"
        "    stances:\n      - target: t0\n        stance: oppose\n"
    )
    (root / "statements.yaml").write_text(statements, encoding="utf-8")
    return root


def best_time(root: Path, repeat: int) -> tuple[float, int]:
    """The best CPU time of ``check(root)`` over ``repeat`` runs, and its problem count."""
    best, count = float("inf"), 0
    for _ in range(repeat):
        start = time.process_time()
        count = len(check(root))
        best = min(best, time.process_time() - start)
    return best, count


def resolve_time(root: Path, length: int) -> float:
    """CPU time to resolve the label at the bottom of a valid chain (the name index scopes
    every label to its root target), after loading."""
    dataset = load(root)
    start = time.process_time()
    resolve(dataset, f"T{length - 1}", Kind.TARGET)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="chain lengths, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (best is shown)")
    parser.add_argument("--profile", action="store_true", help="print the top functions")
    options = parser.parse_args()
    print(
        f"{'case':<8} {'links':>7} {'problems':>8} {'check s':>8} {'s / 1k links':>12} "
        f"{'resolve s':>9}"
    )
    with tempfile.TemporaryDirectory() as directory:
        for size in (int(s) for s in options.sizes.split(",")):
            for cycle in (False, True):
                kind = "cycle" if cycle else "chain"
                root = write_chain(Path(directory) / f"{kind}-{size}", size, cycle)
                seconds, count = best_time(root, options.repeat)
                resolved = "" if cycle else f"{resolve_time(root, size):>9.2f}"
                print(
                    f"{kind:<8} {size:>7,} {count:>8} {seconds:>8.2f} "
                    f"{seconds / size * 1e3:>12.3f} {resolved}"
                )
                if options.profile:
                    profile = cProfile.Profile()
                    profile.runcall(check, root)
                    pstats.Stats(profile).sort_stats("cumulative").print_stats(12)


if __name__ == "__main__":
    main()
