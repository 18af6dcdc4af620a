"""How well and how fast the timeline follows a negotiation: a planted defection found, camp
numbers kept, and ``timeline --by quarter`` timed at scale.

Defection: a synthetic dataset (``--actors`` actors in three camps, ``--targets`` targets,
``--years`` yearly windows; each year every actor speaks to a few targets with its camp's
side, a share ``--noise`` of those statements taking the other side). One actor of camp 1
takes camp 2's side on every target from the window ``--defect-year`` on. Prints whether
``flips`` finds that actor's flips in that window (and camp 2's number on it at the end),
and the share of actors who did not move between two windows that keep their camp number
(target >= 95%).

Scale (``--statements N``, 0 to skip): a synthetic dataset of N statements
(scripts/gen_synthetic.py); ``positions timeline --by quarter`` run as a whole process,
once to warm the cache, then timed (target at 10^5 statements: <= 10 s); ``--data DIR``
(repeatable) times it the same way on a dataset already written.

Stepping (``--step-actors N``, 0 to skip): the interactive map of N actors
(scripts/bench_html.py's synthetic data, every actor drawn) opened in Chromium; the time
control is stepped through every window, in the stance view and on the board, each step
timed until the next frame is drawn (target at 1,000 actors: <= 300 ms a step).

    python scripts/bench_time.py [--actors 90] [--years 8] [--noise 0.05]
    python scripts/bench_time.py --statements 100000
    python scripts/bench_time.py --data dense-100000 --data DIR2
    python scripts/bench_time.py --step-actors 1000
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import positions  # noqa: E402

TARGET_KEPT = 0.95
TARGET_SECONDS = 10.0
FIRST_YEAR = 2015


def write_defection(root: Path, args: argparse.Namespace) -> str:
    """Write the defection dataset to ``root``; returns the defector's id."""
    rng = random.Random(args.seed)
    actors = [f"actor-{n:03d}" for n in range(args.actors)]
    camp = {a: n % 3 for n, a in enumerate(actors)}
    targets = [f"target-{n:02d}" for n in range(args.targets)]
    lean = {(c, t): rng.choice(("support", "oppose")) for c in range(3) for t in targets}
    for t in targets:  # camps 1 and 2 disagree on everything: a defection is a crossing
        lean[(1, t)] = "oppose" if lean[(0, t)] == "support" else "support"
    defector = actors[0]  # in camp 0
    lines = ["stakeholders:"]
    lines += [f"  - id: {a}\n    name: Actor {a[-3:]}\n    kind: state" for a in actors]
    (root / "stakeholders.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["targets:"]
    lines += [f"  - id: {t}\n    kind: issue\n    name: Issue {t[-2:]}" for t in targets]
    (root / "targets.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "sources.yaml").write_text(
        "sources:\n  - id: record\n    title: Records\n", encoding="utf-8"
    )
    lines = ["statements:"]
    count = 0
    for year in range(FIRST_YEAR, FIRST_YEAR + args.years):
        for actor in actors:
            side_of = camp[actor]
            if actor == defector and year >= args.defect_year:
                side_of = 1
            chosen = targets if actor == defector else rng.sample(targets, args.per_year)
            for target in chosen:
                stance = lean[(side_of, target)]
                if actor != defector and rng.random() < args.noise:
                    stance = "oppose" if stance == "support" else "support"
                count += 1
                lines += [
                    f"  - id: s-{count}",
                    f"    actor: {actor}",
                    f"    date: {year}-{rng.randint(1, 12):02d}",
                    "    source: record",
                    f'    paraphrase: "{actor} takes a side on {target}"',
                    f"    stances: [{{target: {target}, stance: {stance}}}]",
                ]
    (root / "statements.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return defector


def defection(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        defector = write_defection(Path(tmp), args)
        ds = positions.load(tmp)
        found = positions.timeline(ds, by="year")
        window = next(w for w in found if w.label == str(args.defect_year))
        flips = positions.flips(ds, actor=defector)
        in_window = [f for f in flips if f.to_date.startswith(str(args.defect_year))]
        kept = total = 0
        for before, after in zip(found.rows, found.rows[1:], strict=False):
            moved = {p.actor for p in after.changed}
            for actor in {m for c in before.camps for m in c.members} - moved:
                number, then = after.camp_of(actor), before.camp_of(actor)
                if number is not None:
                    total += 1
                    kept += number == then
        share = kept / total if total else 1.0
        before = found.rows[found.rows.index(window) - 1]
    print(
        f"defection: {args.actors} actors in 3 camps, {args.targets} targets, {args.years} "
        f"yearly windows, {args.noise:.0%} noise; {defector} crosses in {args.defect_year}"
    )
    print(
        f"  flips finds it: {'yes' if in_window else 'NO'} ({len(in_window)} of "
        f"{args.targets} targets flipped in {args.defect_year}, {len(flips)} flips in all)"
    )
    print(
        f"  its camp: {before.camp_of(defector)} at the end of {before.label}, "
        f"{window.camp_of(defector)} at the end of {window.label}"
    )
    verdict = "met" if share >= TARGET_KEPT else "NOT met"
    print(
        f"  actors who did not move keeping their camp number: {share:.1%} ({kept} of "
        f"{total} actor-window steps); target >= {TARGET_KEPT:.0%}: {verdict}"
    )


def scale(statements: int) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from gen_synthetic import generate

    with tempfile.TemporaryDirectory() as tmp:
        counts = generate(statements, Path(tmp) / "data", 1)
        env = {**os.environ, "POSITIONS_CACHE_DIR": str(Path(tmp) / "cache")}
        took, cpu = timed_timeline(Path(tmp) / "data", env)
    about = f"{statements} statements, {counts['actors']} actors"
    print(f"scale: {about}: {_verdict(took, cpu)}")


def timed_timeline(data: Path, env: dict[str, str]) -> tuple[float, float]:
    """``positions timeline --by quarter`` on ``data`` as a whole process, once to warm the
    cache, then timed: wall seconds and CPU seconds (its worker processes' included)."""
    command = [
        str(Path(sys.executable).parent / "positions"),
        "timeline",
        "--by",
        "quarter",
        "--data",
        str(data),
    ]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)  # warm
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return took, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def _verdict(took: float, cpu: float) -> str:
    verdict = "met" if took <= TARGET_SECONDS else "NOT met"
    return (
        f"`positions timeline --by quarter`, whole process, warm: {took:.2f} s wall, "
        f"{cpu:.2f} s CPU (load average {os.getloadavg()[0]:.1f}); target <= "
        f"{TARGET_SECONDS:.0f} s: {verdict}"
    )


def existing(data: Path) -> None:
    """Time the timeline on a dataset already written (its cache where it always is)."""
    took, cpu = timed_timeline(data, dict(os.environ))
    print(f"scale: {data}: {_verdict(took, cpu)}")


TARGET_STEP_MS = 300.0
#: One step: the control's own work (``lastStep``: board and legend, then the network view's
#: filter) and the whole step until the second frame after it is drawn.
STEP = """async index => { const start = performance.now(); window.positionsTime.show(index);
    const parts = window.positionsTime.lastStep();
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    return [performance.now() - start, parts.board, parts.network]; }"""


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def stepping(actors: int) -> None:
    """Time each step of the map's time control at ``actors`` actors (Chromium), in each
    view: the board, the stance network and the alliance network."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_html import CHROMIUM_ARGS, WAIT_READY, synthetic_dataset
    from playwright.sync_api import sync_playwright

    from positions.export.html import build_map, write_map

    with tempfile.TemporaryDirectory() as tmp:
        ds = positions.load(synthetic_dataset(Path(tmp) / "data", actors))
        page_data = build_map(ds, top=None)
        windows = len(page_data.data["timeline"]["windows"])
        counts = (len(page_data.data["stances"]["nodes"]), len(page_data.data["stances"]["edges"]))
        path = write_map(page_data, Path(tmp) / "map.html")
        took: dict[str, list[list[float]]] = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(path.as_uri())
            page.evaluate(WAIT_READY)
            for view in ("board", "stances", "alliances"):
                page.evaluate("view => window.positionsMap.setView(view)", view)
                steps = [*range(windows), windows] * 2  # every window, then all statements
                took[view] = [page.evaluate(STEP, index) for index in steps]
            browser.close()
    print(
        f"stepping: {actors} actors ({counts[0]} nodes, {counts[1]} stance links), {windows} "
        "windows + all statements, twice, per view:"
    )
    for view, steps in took.items():
        whole = [step[0] for step in steps]
        worst = max(whole)
        verdict = "met" if worst <= TARGET_STEP_MS else "NOT met"
        print(
            f"  {view}: median {_median(whole):.0f} ms, worst {worst:.0f} ms a step (until "
            f"drawn; board+legend median {_median([s[1] for s in steps]):.0f} ms, network "
            f"filter median {_median([s[2] for s in steps]):.0f} ms); target <= "
            f"{TARGET_STEP_MS:.0f} ms: {verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=int, default=90)
    parser.add_argument("--targets", type=int, default=12)
    parser.add_argument("--per-year", type=int, default=4, help="targets per actor per year")
    parser.add_argument("--years", type=int, default=8)
    parser.add_argument("--defect-year", type=int, default=FIRST_YEAR + 4)
    parser.add_argument("--noise", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--statements", type=int, default=0, help="scale run size (0: skip)")
    parser.add_argument(
        "--data", type=Path, action="append", default=[], help="time the timeline on DIR too"
    )
    parser.add_argument(
        "--step-actors", type=int, default=0, help="time control stepping, map size (0: skip)"
    )
    args = parser.parse_args()
    defection(args)
    if args.statements:
        scale(args.statements)
    for data in args.data:
        existing(data)
    if args.step_actors:
        stepping(args.step_actors)


if __name__ == "__main__":
    main()
