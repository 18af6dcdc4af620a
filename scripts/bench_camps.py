"""How well and how fast the camps are found: planted camps recovered, and time at scale.

Recovery: synthetic signed networks with three planted camps, each pair of actors tied with
probability ``--density``, ties inside a camp agreeing and ties across disagreeing, then a
share ``--flip`` (default 10%) of all ties flipped at random. Prints the adjusted Rand
index (ARI) of the signed camps (``positions.questions.camps.signed_communities``) against
the planted camps, beside that of positive-only Louvain (networkx, the agreement ties only,
as ``coalitions`` did before) on the same networks; the target is a signed ARI >= 0.9.

Scale (``--statements N``): a synthetic dataset of N statements (scripts/gen_synthetic.py),
loaded once, then ``coalitions`` (camps, descriptions, polarization and the re-runs) timed
warm; the target at 10^5 statements is <= 10 s.

Thinning (``--thinning``): planted networks just above ``THIN_ABOVE`` ties, each tie resting
on 1-6 shared targets, each agreeing as its camps do except for ``--flip`` of them; prints
the ARI against the planted camps of Leiden on the full and on the thinned network
(``positions.questions.camps.thinned``), and the ARI between the two.

    python scripts/bench_camps.py [--networks 20] [--actors 150] [--density 0.3 0.1] [--flip 0.1]
    python scripts/bench_camps.py --thinning [--networks 5]
    python scripts/bench_camps.py --statements 100000 --shape dense [--camp-runs 50] [--runs 1]
        [--compare-full]
    python scripts/bench_camps.py --data /path/to/data [--runs 1] [--compare-full]

At scale it prints ``positions coalitions`` as a whole process (warm cache, wall and CPU),
the whole ``coalitions`` call in the process (median of ``--runs``) and its split: the sides
and counts, thinning, building the igraph layers, one Leiden run, the re-runs and the rest
(the descriptions, stability and polarization). ``--compare-full`` also runs Leiden once on
the full network and prints the ARI between its camps and the thinned network's.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from positions.questions.camps import (  # noqa: E402
    LEIDEN_ITERATIONS,
    SCALE_ITERATIONS,
    THIN_ABOVE,
    THIN_KEEP,
    SignedNetwork,
    signed_communities,
    signed_layers,
    thinned,
)

TARGET_ARI = 0.9


def adjusted_rand_index(truth: Any, found: Any) -> float:
    """Hubert and Arabie's adjusted Rand index of two labelings, from their contingency
    table: 1 for the same partition, about 0 for a random one."""
    truth, found = np.asarray(truth), np.asarray(found)
    _, t = np.unique(truth, return_inverse=True)
    _, f = np.unique(found, return_inverse=True)
    table = np.zeros((t.max() + 1, f.max() + 1), dtype=np.int64)
    np.add.at(table, (t, f), 1)

    def pairs(x: Any) -> float:
        return float((x * (x - 1) // 2).sum())

    index = pairs(table)
    rows, cols, total = (
        pairs(table.sum(axis=1)),
        pairs(table.sum(axis=0)),
        pairs(np.array([len(t)])),
    )
    expected = rows * cols / total if total else 0.0
    maximum = (rows + cols) / 2
    return 1.0 if maximum == expected else (index - expected) / (maximum - expected)


def planted_network(
    rng: np.random.Generator, actors: int, camps: int, density: float, flip: float
) -> tuple[SignedNetwork, Any]:
    """A signed network with ``camps`` planted camps and a share ``flip`` of ties flipped."""
    planted = rng.integers(0, camps, size=actors)
    rows, cols = np.triu_indices(actors, k=1)
    kept = rng.random(len(rows)) < density
    rows, cols = rows[kept], cols[kept]
    agrees = planted[rows] == planted[cols]
    flipped = rng.random(len(rows)) < flip
    agrees = agrees ^ flipped
    names = tuple(f"a{i:05d}" for i in range(actors))
    agree = agrees.astype(np.int64)
    return SignedNetwork(names, rows, cols, agree, 1 - agree), planted


def positive_louvain(network: SignedNetwork, seed: int) -> list[int]:
    """Louvain on the agreement ties alone (networkx): what ignores the disagreements."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(range(len(network.actors)))
    weight = network.weight
    for i, j, w in zip(network.rows.tolist(), network.cols.tolist(), weight.tolist(), strict=True):
        if w > 0:
            graph.add_edge(i, j, weight=w)
    membership = [0] * len(network.actors)
    for k, community in enumerate(nx.community.louvain_communities(graph, seed=seed)):
        for node in community:
            membership[node] = k
    return membership


def recovery(args: argparse.Namespace, density: float) -> None:
    rng = np.random.default_rng(args.seed)
    signed, positive = [], []
    for _ in range(args.networks):
        network, planted = planted_network(rng, args.actors, 3, density, args.flip)
        signed.append(adjusted_rand_index(planted, signed_communities(network)))
        positive.append(adjusted_rand_index(planted, positive_louvain(network, 7)))
    print(
        f"{args.networks} networks, {args.actors} actors, 3 planted camps, density "
        f"{density}, {args.flip:.0%} of ties flipped"
    )
    for name, found in (("signed Leiden", signed), ("positive-only Louvain", positive)):
        print(
            f"  {name:<22} ARI mean {statistics.mean(found):.3f}  min {min(found):.3f}  "
            f"median {statistics.median(found):.3f}"
        )
    verdict = "met" if statistics.mean(signed) >= TARGET_ARI else "NOT met"
    print(f"  target: signed ARI >= {TARGET_ARI}: {verdict}")


def thinning(args: argparse.Namespace) -> None:
    """ARI of Leiden on the thinned network against the full network's, just above the
    threshold, on planted networks whose ties rest on several shared targets."""
    rng = np.random.default_rng(args.seed)
    actors = 480  # 114,960 pairs; at density 0.9 about 103,000 ties, above THIN_ABOVE
    full_ari, thin_ari, between = [], [], []
    ties = kept = 0
    for _ in range(args.networks):
        planted = rng.integers(0, 3, size=actors)
        rows, cols = np.triu_indices(actors, k=1)
        chosen = rng.random(len(rows)) < 0.9
        rows, cols = rows[chosen], cols[chosen]
        shared = rng.integers(1, 7, size=len(rows))
        same = planted[rows] == planted[cols]
        agreeing = rng.binomial(shared, np.where(same, 1 - args.flip, args.flip))
        network = SignedNetwork(
            tuple(f"a{i:05d}" for i in range(actors)),
            rows,
            cols,
            agreeing.astype(np.int64),
            (shared - agreeing).astype(np.int64),
        )
        thin = thinned(network, args.keep)
        ties, kept = ties + len(network.rows), kept + len(thin.rows)
        on_full = signed_communities(network)
        # as coalitions runs it on a thinned network: SCALE_ITERATIONS
        on_thin = signed_communities(
            network, layers=signed_layers(thin), iterations=SCALE_ITERATIONS
        )
        full_ari.append(adjusted_rand_index(planted, on_full))
        thin_ari.append(adjusted_rand_index(planted, on_thin))
        between.append(adjusted_rand_index(on_full, on_thin))
    print(
        f"thinning: {args.networks} planted networks, {actors} actors, 3 camps, "
        f"{ties // args.networks} ties each (threshold {THIN_ABOVE}), ties on 1-6 targets, "
        f"{args.flip:.0%} of agreements flipped; thinned to {kept // args.networks} ties "
        f"(k = {args.keep})"
    )
    for name, found in (
        ("full vs planted", full_ari),
        ("thinned vs planted", thin_ari),
        ("thinned vs full", between),
    ):
        print(f"  ARI {name:<19} mean {statistics.mean(found):.3f}  min {min(found):.3f}")


def _cpu_with_children() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def whole_process(data: Path, cache: Path, runs: int) -> tuple[float, float]:
    """``positions coalitions`` as a user runs it, warm: (wall, CPU) seconds, median."""
    command = [str(Path(sys.executable).parent / "positions"), "coalitions", "--data", str(data)]
    env = {**os.environ, "POSITIONS_CACHE_DIR": str(cache)}
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)  # warm the cache
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def scale(
    statements: int, runs: int, shape: str, camp_runs: int, compare_full: bool, data: str | None
) -> None:
    import positions
    from positions.model import PartialDate
    from positions.questions.camps import coalitions, leiden_network, signed_network
    from positions.questions.positions import latest_sides

    sys.path.insert(0, str(ROOT / "scripts"))
    from gen_synthetic import generate

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(data) if data else Path(tmp) / "data"
        if not data:
            generate(statements, folder, 1, shape)
        wall, cpu = whole_process(folder, Path(tmp) / "cache", runs)
        ds = positions.load(folder)
        statements = len(ds.statements)
        coalitions(ds, runs=1)  # warm: imports and the dataset's derived sides
        times, cpus = [], []
        for _ in range(runs):
            # CPU of this process and of the re-runs' workers (reaped when their pool closes)
            start, start_cpu = time.perf_counter(), _cpu_with_children()
            found = coalitions(ds, runs=camp_runs)
            times.append(time.perf_counter() - start)
            cpus.append(_cpu_with_children() - start_cpu)
        # sides as of a date: the full scan of every statement (today's sides are cached)
        scan_cpu = time.process_time()
        latest_sides(ds, PartialDate("2100"), None)
        scan_cpu = time.process_time() - scan_cpu
        # the split, step by step as coalitions does it
        start = time.perf_counter()
        network = signed_network(latest_sides(ds, None, None), ds)
        counted = time.perf_counter()
        seen = leiden_network(network)
        thinned_at = time.perf_counter()
        layers = signed_layers(seen)
        built = time.perf_counter()
        iterations = SCALE_ITERATIONS if seen is not network else LEIDEN_ITERATIONS
        membership = signed_communities(network, layers=layers, iterations=iterations)
        found_once = time.perf_counter()
        for seed in range(1, camp_runs + 1):
            signed_communities(network, 7 + seed, layers=layers, iterations=iterations)
        rerun = time.perf_counter()
        agreement = None
        if compare_full and seen is not network:
            full = signed_communities(network, layers=signed_layers(network))
            agreement = adjusted_rand_index(full, membership)
    whole = statistics.median(times)
    steps = {
        "sides and counts": counted - start,
        "thinning": thinned_at - counted,
        "build (igraph layers)": built - thinned_at,
        "leiden (the camps)": found_once - built,
        f"re-runs ({camp_runs}, one process)": rerun - found_once,
    }
    print(
        f"{statements} statements ({data or shape}), {len(network.actors)} actors, "
        f"{len(network.rows)} "
        f"ties ({len(seen.rows)} seen by Leiden): {len(found)} camps, {len(found.unaligned)} "
        f"in no camp, polarization {found.polarization.value if found.polarization else 0}"
    )
    print(
        f"  `positions coalitions` (with its default re-runs), whole process, warm: "
        f"{wall:.2f} s wall, {cpu:.2f} s CPU"
    )
    print(
        f"  coalitions (with {found.runs} re-runs) in the process, warm: median {whole:.2f} s "
        f"wall, {statistics.median(cpus):.2f} s CPU (with the workers')"
    )
    print(f"  sides as of a date (a scan of every statement): {scan_cpu:.2f} s CPU")
    print("  its steps one after the other, in one process:")
    for name, seconds in steps.items():
        print(f"    {name:<27} {seconds:7.2f} s")
    if agreement is not None:
        print(f"  ARI of the thinned network's camps against the full network's: {agreement:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", type=int, default=20, help="planted networks to try")
    parser.add_argument("--actors", type=int, default=150, help="actors per network")
    parser.add_argument(
        "--density", type=float, nargs="+", default=[0.3, 0.1], help="shares of pairs tied"
    )
    parser.add_argument("--flip", type=float, default=0.1, help="share of ties flipped")
    parser.add_argument("--seed", type=int, default=1, help="seed of the planted networks")
    parser.add_argument("--statements", type=int, default=0, help="time coalitions at this size")
    parser.add_argument("--runs", type=int, default=3, help="timed runs at scale")
    parser.add_argument(
        "--shape", default="default", help="gen_synthetic.py shape at scale: default or dense"
    )
    parser.add_argument(
        "--camp-runs", type=int, default=50, help="coalitions' re-runs (robustness) at scale"
    )
    parser.add_argument(
        "--thinning", action="store_true", help="ARI of thinned against full camps, planted"
    )
    parser.add_argument(
        "--compare-full", action="store_true", help="at scale, also run Leiden on every tie"
    )
    parser.add_argument(
        "--data", help="at scale, time this dataset (a data folder) instead of a generated one"
    )
    parser.add_argument(
        "--keep", type=int, default=THIN_KEEP, help="--thinning: ties kept per actor and sign"
    )
    args = parser.parse_args()
    if args.thinning:
        thinning(args)
    elif args.statements or args.data:
        scale(args.statements, args.runs, args.shape, args.camp_runs, args.compare_full, args.data)
    else:
        for density in args.density:
            recovery(args, density)


if __name__ == "__main__":
    main()
