"""Scale benchmark: synthetic datasets of 10^3..10^6 statements, one table, one run.

    python scripts/bench.py                       # 1,000, 10,000, 100,000 and 1,000,000
    python scripts/bench.py --sizes 1000,100000   # the sizes to measure
    python scripts/bench.py --sizes 100000 --shapes default,dense

Each size is measured on each shape of ``scripts/gen_synthetic.py`` (``--shapes``): today's
(``default``: many instruments, a few busy actors) and ``dense`` (2,000 actors all on one
instrument, a nearly complete alignment graph), every command and export of the CLI.

Every figure comes from a separate child process (wall time, and its peak resident memory
from wait4), so nothing measured shares a warm interpreter with anything else. CLI rows are
whole ``positions ...`` processes: "cold" has no cache entry (the run writes it), "warm"
finds it. Warm figures, the cold query and the baseline are each the median of
``--repeat`` runs (the cold query's range is printed too): on a shared machine one run of
either can be off by a third. The baseline is the obvious pipeline (PyYAML's
CSafeLoader, pydantic validation of each record, a networkx graph, then the answer by
walking the graph), run up to ``--baseline-max`` statements.
Datasets are written once under ``--work`` and reused while the generator is unchanged.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from bytecode import compile_package

HERE = Path(__file__).resolve().parent
GENERATOR = HERE / "gen_synthetic.py"
DEFAULT_SIZES = (1_000, 10_000, 100_000, 1_000_000)
DEFAULT_SHAPES = ("default", "dense")

# -- what the child processes run --------------------------------------------------------

_BASELINE = r"""
import datetime, json, sys, time
import yaml, networkx as nx
from positions.model import Source, Stakeholder, Statement, Target
root, target = sys.argv[1], sys.argv[2]
started, started_cpu = time.perf_counter(), time.process_time()

def read(name, key):
    with open(f"{root}/{name}", "rb") as handle:
        return yaml.load(handle, Loader=yaml.CSafeLoader)[key] or []

def plain(record, *keys):  # the loader turns 2024-07-29 into a date; the models want text
    for key in keys:
        if isinstance(record.get(key), datetime.date):
            record[key] = record[key].isoformat()
    return record

stakeholders = [Stakeholder.model_validate(r) for r in read("stakeholders.yaml", "stakeholders")]
targets = [Target.model_validate(r) for r in read("targets.yaml", "targets")]
sources = [Source.model_validate(plain(r, "published")) for r in read("sources.yaml", "sources")]
statements = [
    Statement.model_validate(plain(r, "date")) for r in read("statements.yaml", "statements")
]
graph = nx.MultiDiGraph()
for s in stakeholders:
    graph.add_node(s.id, kind=s.kind.value, name=s.name)
for t in targets:
    graph.add_node(t.id, kind=t.kind.value, name=t.title)
    if t.part_of:
        graph.add_edge(t.id, t.part_of, relation="part_of")
for st in statements:
    for e in st.stances:
        graph.add_edge(st.actor, e.target, key=st.id, relation="stance", stance=e.stance.value,
                       date=st.date.start if st.date else None, quote=st.text)
loaded, loaded_cpu = time.perf_counter(), time.process_time()
parts = nx.ancestors(graph, target)
scope = {target} | {n for n in parts if graph.nodes[n].get("kind") == "provision"}
latest = {}
for part in scope:
    for actor, _, data in graph.in_edges(part, data=True):
        if data.get("relation") == "stance":
            key = (actor, part)
            when = data["date"] or datetime.date.min
            if key not in latest or when >= latest[key][0]:
                latest[key] = (when, data["stance"])
rows = sorted(actor for (actor, _), (_, stance) in latest.items() if stance == "oppose")
answered = time.perf_counter()
print(json.dumps({
    "load": loaded - started,
    "load_cpu": loaded_cpu - started_cpu,
    "who": answered - started,
    "rows": len(rows),
}))
"""

_COLD_LOAD = r"""
import json, sys, time
from positions.data.loader import load
started = time.perf_counter()
ds = load(sys.argv[1])
took = time.perf_counter() - started
from collections import Counter
articles, actors, speakers = Counter(), Counter(), Counter()
for statement in ds.statements.values():
    actors[statement.actor] += 1
    if statement.speaker:
        speakers[statement.speaker] += 1
    for entry in statement.stances:
        if entry.target.count("-art-") and entry.target.count("-") == 3:
            articles[entry.target] += 1
print(json.dumps({
    "seconds": took,
    "statements": len(ds.statements),
    "article": articles.most_common(1)[0][0],
    "actor": actors.most_common(1)[0][0],
    "other": actors.most_common(2)[-1][0],
    "speaker": speakers.most_common(1)[0][0] if speakers else actors.most_common(1)[0][0],
}))
"""

_WARM_LOAD = r"""
import json, sys, time
from positions.data.cache import load_cached
started = time.perf_counter()
ds = load_cached(sys.argv[1])
lazy = time.perf_counter()
count = len(ds.statements)
print(json.dumps({
    "seconds": lazy - started,
    "all": time.perf_counter() - started,
    "statements": count,
    "type": type(ds).__name__,
}))
"""

_GRAPH = r"""
import json, sys, time
import networkx, scipy.sparse
from positions.data.cache import load_cached
from positions.questions.alignment import alignment_graph as light_graph
from positions.questions.graphs import alignment_graph
ds = load_cached(sys.argv[1])
started = time.perf_counter()
light = light_graph(ds, evidence=False)
light_done = time.perf_counter()
graph = alignment_graph(ds) if sys.argv[2] == "full" else None
graph_done = time.perf_counter()
print(json.dumps({
    "light": light_done - started,
    "ties": light.number_of_edges(),
    "graph": graph_done - light_done,
    "evidence": sum(len(d["evidence"]) for _, _, d in graph.edges(data=True)) if graph else 0,
}))
"""


@dataclass
class Run:
    seconds: float
    cpu: float
    peak_mb: float
    code: int
    stdout: str
    stderr: str

    def json(self) -> dict[str, Any]:
        if self.code != 0:
            raise RuntimeError(f"exit {self.code}: {self.stderr.strip()[-400:]}")
        result: dict[str, Any] = json.loads(self.stdout.strip().splitlines()[-1])
        return result


#: How much of the end of a command's output is kept (a script's figures are its last
#: line). Reading a whole answer (hundreds of MB) would raise this process's own peak, and
#: Linux reports a child's peak as at least its parent's (the child starts as a copy of
#: it, and the high-water mark survives the exec): every later figure would be inflated.
KEPT_OUTPUT = 1 << 20


def _tail(stream: IO[bytes]) -> str:
    """The last ``KEPT_OUTPUT`` bytes of ``stream`` (a file), as text."""
    size = stream.seek(0, os.SEEK_END)
    stream.seek(max(0, size - KEPT_OUTPUT))
    return stream.read().decode("utf-8", "replace")


def run(command: list[str], env: dict[str, str], timeout: float) -> Run:
    """Run ``command``; its wall time and peak resident memory (wait4 reports both)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        timed_out = not timer.is_alive()
        timer.cancel()
        child.returncode = code = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        stdout, stderr = _tail(out), _tail(err)
    if timed_out:
        return Run(
            timeout, 0, usage.ru_maxrss / 1024, -9, stdout, f"timed out after {timeout:.0f} s"
        )
    cpu = usage.ru_utime + usage.ru_stime
    return Run(elapsed, cpu, usage.ru_maxrss / 1024, code, stdout, stderr)


@dataclass
class Column:
    """The figures of one dataset size and shape."""

    size: int
    shape: str
    cells: dict[str, str] = field(default_factory=dict)
    peaks: list[float] = field(default_factory=list)


def generator_stamp() -> str:
    return hashlib.sha256(GENERATOR.read_bytes()).hexdigest()[:16]


def dataset(size: int, work: Path, shape: str = "default", given: Path | None = None) -> Path:
    """The synthetic dataset of ``size`` statements, generated unless already there (or
    found as ``given/SHAPE-SIZE``, e.g. ``dense-1000000``, written by the generator)."""
    if given is not None and (given / f"{shape}-{size}" / "statements.yaml").exists():
        return given / f"{shape}-{size}"
    name = f"data-{size}" if shape == "default" else f"data-{shape}-{size}"
    root = work / name
    stamp = work / f"{name}.stamp"
    if root.is_dir() and stamp.exists() and stamp.read_text() == generator_stamp():
        return root
    shutil.rmtree(root, ignore_errors=True)
    generate = [sys.executable, str(GENERATOR), str(size), str(root), "--shape", shape]
    subprocess.run(generate, check=True)
    stamp.write_text(generator_stamp())
    return root


def cli_command() -> list[str]:
    script = Path(sys.executable).with_name("positions")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from positions.cli import main; main()"]


def has_command(env: dict[str, str], *words: str) -> bool:
    probe = subprocess.run(
        [*cli_command(), *words, "--help"], env=env, capture_output=True, text=True
    )
    return probe.returncode == 0


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def with_cpu(runs: list[Run], spread: bool = False) -> str:
    """Median wall time of ``runs``, and the CPU time they used (less sensitive to a busy
    machine: the wall time of a process that waits for a core grows, its CPU time not);
    with ``spread``, the fastest and slowest run too."""
    wall = statistics.median(r.seconds for r in runs)
    cpu = statistics.median(r.cpu for r in runs)
    if spread:
        fastest, slowest = min(r.seconds for r in runs), max(r.seconds for r in runs)
        return f"{seconds(wall)} (cpu {cpu:.2f}, {len(runs)} runs: {fastest:.2f}-{slowest:.2f} s)"
    return f"{seconds(wall)} (cpu {cpu:.2f})"


def _median_run(runs: list[Run], key: Callable[[Run], float] | None = None) -> Run:
    """The run of median ``key`` (wall time by default); a failed run if any failed."""
    failed = [r for r in runs if r.code != 0]
    if failed:
        return failed[0]
    ordered = sorted(runs, key=key or (lambda r: r.seconds))
    return ordered[(len(ordered) - 1) // 2]


#: every command and export, run warm: (row, the words of the command, its arguments)
#: where ``{actor}``, ``{article}`` and ``{out}`` (a scratch directory) are filled in
WARM_COMMANDS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "`who opposes conv-1` (the instrument: every statement), warm",
        ("who",),
        ("opposes", "conv-1"),
    ),
    ("`stances` CLI, warm", ("stances",), ("{actor}",)),
    ("`position` CLI, warm", ("position",), ("{actor}", "conv-1")),
    ("`history` CLI, warm", ("history",), ("{actor}", "conv-1")),
    ("`said` CLI, warm", ("said",), ("{speaker}",)),
    ("`compare` CLI, warm", ("compare",), ("{actor}", "{other}")),
    ("`allies` CLI, warm", ("allies",), ("{actor}",)),
    ("`allies --limit 20` CLI, warm", ("allies",), ("{actor}", "--limit", "20")),
    ("`opponents` CLI, warm", ("opponents",), ("{actor}",)),
    ("`contested` CLI, warm", ("contested",), ()),
    ("`coalitions` CLI, warm", ("coalitions",), ()),
    ("`timeline` CLI, warm", ("timeline",), ()),
    ("`flips` CLI, warm", ("flips",), ()),
    ("`matrix` CLI, warm", ("matrix",), ("-o", "{out}/matrix.md")),
    ("`map -o m.png` CLI, warm", ("map",), ("-o", "{out}/map.png")),
    ("`brief -o b.html` CLI, warm", ("brief",), ("-o", "{out}/brief.html")),
    ("`html --top 50` CLI, warm", ("html",), ("--top", "50", "-o", "{out}/map.html")),
    ("`site` CLI, warm (writes every page)", ("site",), ("-o", "{out}/site")),
    ("`export -f gexf` (stances), warm", ("export",), ("-f", "gexf", "-o", "{out}/s.gexf")),
    (
        "`export -f gexf -g alignment`, warm",
        ("export",),
        ("-f", "gexf", "-g", "alignment", "-o", "{out}/a.gexf"),
    ),
    ("`export -f graphml`, warm", ("export",), ("-f", "graphml", "-o", "{out}/s.graphml")),
    ("`export -f json`, warm", ("export",), ("-f", "json", "-o", "{out}/s.json")),
    ("`export -f csv`, warm", ("export",), ("-f", "csv", "-o", "{out}/csv")),
    ("`export -f cypher`, warm", ("export",), ("-f", "cypher", "-o", "{out}/s.cypher")),
    ("`export -f neo4j`, warm", ("export",), ("-f", "neo4j", "-o", "{out}/neo4j")),
    ("`export -f parquet`, warm", ("export",), ("-f", "parquet", "-o", "{out}/parquet")),
)


def has_format(env: dict[str, str], name: str) -> bool:
    probe = subprocess.run(
        [*cli_command(), "export", "--help"], env=env, capture_output=True, text=True
    )
    return name in probe.stdout


def measure(size: int, args: argparse.Namespace, column: Column) -> None:
    work: Path = args.work
    root = dataset(size, work, column.shape, args.datasets)
    cache_dir = work / f"cache-{column.shape}-{size}"
    scratch = work / f"out-{column.shape}-{size}"
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, "POSITIONS_CACHE_DIR": str(cache_dir), "PYTHONHASHSEED": "0"}
    py = [sys.executable, "-c"]
    cli = cli_command()
    timeout = args.timeout
    cells = column.cells
    data_mb = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 1e6
    cells["data on disk"] = f"{data_mb:,.0f} MB"

    def note(row: str, result: Run, text: str | None = None) -> None:
        column.peaks.append(result.peak_mb)
        if result.code != 0:
            cells[row] = "timeout" if result.code == -9 else f"failed ({result.code})"
            sys.stderr.write(f"  {row}: {result.stderr.strip()[-300:]}\n")
        else:
            cells[row] = text if text is not None else with_cpu([result])
        sys.stderr.write(f"  {size:>9,} {row}: {cells[row]} ({result.peak_mb:,.0f} MB)\n")

    floors = [run([*py, "import positions.cli"], env, timeout) for _ in range(args.repeat)]
    cells["import floor: `import positions.cli`"] = with_cpu(floors)
    shutil.rmtree(cache_dir, ignore_errors=True)
    cold = run([*py, _COLD_LOAD, str(root)], env, timeout)
    note(
        "cold load, library (no cache)",
        cold,
        seconds(cold.json()["seconds"]) if cold.code == 0 else None,
    )
    # the busiest article and actor: what the questions below ask about
    facts = cold.json() if cold.code == 0 else {}
    article = facts.get("article", "conv-1-art-1")
    actor = facts.get("actor", "state-1")
    other = facts.get("other", "state-2")
    speaker = facts.get("speaker", "person-1")
    who_cold: Run | None = None
    if has_command(env, "who", "opposes"):
        who = [*cli, "who", "opposes", article, "--data", str(root)]
        colds = []
        for _ in range(args.repeat):  # no entry yet: each run loads the data and writes it
            shutil.rmtree(cache_dir, ignore_errors=True)
            colds.append(run(who, env, timeout))
        who_cold = _median_run(colds)
        cold_text = with_cpu(colds, spread=True) if who_cold.code == 0 else None
        note("`who opposes` CLI, cold (writes the cache)", who_cold, cold_text)
    else:
        cells["`who opposes` CLI, cold (writes the cache)"] = "n/a (not on main yet)"
        cells["`who opposes` CLI, warm"] = "n/a (not on main yet)"
        run([*py, _WARM_LOAD, str(root)], env, timeout)
    warm_runs = [run([*py, _WARM_LOAD, str(root)], env, timeout) for _ in range(args.repeat)]
    if all(r.code == 0 for r in warm_runs):
        lazy = statistics.median(r.json()["seconds"] for r in warm_runs)
        full = statistics.median(r.json()["all"] for r in warm_runs)
        column.peaks.extend(r.peak_mb for r in warm_runs)
        cells["warm load, library (cache)"] = seconds(lazy)
        cells["warm load + every statement built"] = seconds(full)
    if who_cold is not None:
        runs = [run(who, env, timeout) for _ in range(args.repeat)]
        column.peaks.extend(r.peak_mb for r in runs)
        cells["`who opposes` CLI, warm"] = with_cpu(runs)
    for row, words, template in WARM_COMMANDS:
        if args.only and not any(part in row for part in args.only):
            continue
        if not has_command(env, *words):
            cells[row] = f"n/a ({words[0]} not on main yet)"
            continue
        if words == ("export",) and not has_format(env, template[1]):
            cells[row] = f"n/a ({template[1]} not on main yet)"
            continue
        if words == ("site",) and size > args.site_max:
            cells[row] = f"skipped (> {args.site_max:,})"
            continue
        fill = {
            "actor": actor,
            "other": other,
            "speaker": speaker,
            "article": article,
            "out": str(scratch),
        }
        extra = [part.format(**fill) for part in template]
        command = [*cli, *words, *extra, "--data", str(root)]
        if args.warmup:  # what a command derives once (sides, counts) is kept: not timed
            run(command, env, timeout)
        results = [run(command, env, timeout) for _ in range(args.repeat)]
        failed = [r for r in results if r.code != 0]
        peak = max(r.peak_mb for r in results)  # each command must fit in memory alone
        text = None if failed else f"{with_cpu(results)[:-1]}, {peak:,.0f} MB)"
        note(row, failed[0] if failed else results[0], text)
        column.peaks.extend(r.peak_mb for r in results)

    # on the dense shape every pair shares ~10^2 targets: ~10^8 evidence items at 10^5,
    # a timeout and 17 GB (the counts graph is the one the outputs use)
    full = "full" if size <= args.graph_max and column.shape != "dense" else "light"
    run([*py, _GRAPH, str(root), "light"], env, timeout)  # the first run stores the sides
    graph = run([*py, _GRAPH, str(root), full], env, timeout)
    if graph.code == 0:
        figures = graph.json()
        cells["alignment counts graph (no evidence)"] = (
            f"{seconds(figures['light'])} ({figures['ties']:,} ties)"
        )
        cells["alignment graph with evidence"] = (
            f"{seconds(figures['graph'])} ({figures['evidence']:,} evidence items)"
            if full == "full"
            else "skipped (dense shape)"
            if column.shape == "dense"
            else f"skipped (> {args.graph_max:,})"
        )
        column.peaks.append(graph.peak_mb)
    else:
        note("alignment graph with evidence", graph)

    if size <= args.baseline_max and column.shape == "default":
        baselines: list[Run] = []
        for _ in range(args.repeat):  # its time varies as much as ours: the median of each
            baselines.append(run([*py, _BASELINE, str(root), article], env, timeout))
            if baselines[-1].code != 0:
                break
        baseline = _median_run(baselines, key=lambda r: float(r.json()["load"]))
        if baseline.code == 0:
            figures = baseline.json()
            cells["baseline: load (PyYAML+pydantic+networkx)"] = (
                f"{seconds(figures['load'])} (cpu {figures['load_cpu']:.2f})"
            )
            cells["baseline: `who opposes` process"] = with_cpu(baselines)
            cells["baseline: peak memory"] = f"{baseline.peak_mb:,.0f} MB"
            if who_cold is not None and who_cold.code == 0:
                ratio = figures["load"] / who_cold.seconds
                cpu_ratio = figures["load_cpu"] / who_cold.cpu
                cells["baseline load / our cold `who opposes`"] = (
                    f"{ratio:.1f}x (cpu {cpu_ratio:.1f}x)"
                )
        else:
            cells["baseline: load (PyYAML+pydantic+networkx)"] = (
                "timeout" if baseline.code == -9 else "failed"
            )
    else:
        for row in ("baseline: load (PyYAML+pydantic+networkx)", "baseline: `who opposes` process"):
            cells[row] = (
                f"skipped (> {args.baseline_max:,})" if column.shape == "default" else "skipped"
            )
    cells["peak memory, ours (max of all runs)"] = f"{max(column.peaks):,.0f} MB"


ROWS = (
    "data on disk",
    "import floor: `import positions.cli`",
    "cold load, library (no cache)",
    "warm load, library (cache)",
    "warm load + every statement built",
    "`who opposes` CLI, cold (writes the cache)",
    "`who opposes` CLI, warm",
    *(row for row, _, _ in WARM_COMMANDS),
    "alignment counts graph (no evidence)",
    "alignment graph with evidence",
    "peak memory, ours (max of all runs)",
    "baseline: load (PyYAML+pydantic+networkx)",
    "baseline: `who opposes` process",
    "baseline: peak memory",
    "baseline load / our cold `who opposes`",
)


def table(columns: list[Column]) -> str:
    header = ["statements", *(f"{c.size:,} ({c.shape})" for c in columns)]
    rows = [header, ["---"] * len(header)]
    for row in ROWS:
        rows.append([row, *(c.cells.get(row, "") for c in columns)])
    return "\n".join("| " + " | ".join(cells) + " |" for cells in rows)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs ({cpu}){memory}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, load average {os.getloadavg()[0]:.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="comma-separated numbers of statements (default: 1000,10000,100000,1000000)",
    )
    parser.add_argument(
        "--shapes",
        default=",".join(DEFAULT_SHAPES),
        help="comma-separated shapes of scripts/gen_synthetic.py (default: default,dense)",
    )
    parser.add_argument(
        "--work", type=Path, default=Path("/tmp/positions-bench"), help="where datasets go"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument(
        "--baseline-max", type=int, default=100_000, help="largest size the baseline runs at"
    )
    parser.add_argument(
        "--graph-max",
        type=int,
        default=100_000,
        help="largest size the alignment graph with all its evidence is built at",
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per process")
    parser.add_argument(
        "--datasets",
        type=Path,
        default=None,
        help="a directory of datasets already written by gen_synthetic.py, named SHAPE-SIZE "
        "(dense-1000000): used instead of generating one into --work",
    )
    parser.add_argument(
        "--no-warmup",
        dest="warmup",
        action="store_false",
        help="time each command's first warm run too (by default one untimed run first, "
        "which writes what the command derives once beside the cache entry)",
    )
    parser.add_argument(
        "--site-max",
        type=int,
        default=10_000,
        help="largest size `positions site` (a page per record) runs at",
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated words: measure only the command rows whose name holds one "
        "(export,allies); the load rows are always measured",
    )
    args = parser.parse_args(argv)
    args.only = [w.strip() for w in args.only.split(",") if w.strip()]
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.work.mkdir(parents=True, exist_ok=True)
    compile_package()  # as pip leaves an installed package: the compiler is not timed
    started = time.perf_counter()
    shapes = [s.strip() for s in args.shapes.split(",") if s.strip()]
    columns = []
    for size in sizes:
        for shape in shapes:
            sys.stderr.write(f"{size:,} statements, {shape} shape...\n")
            column = Column(size, shape)
            measure(size, args, column)
            columns.append(column)
    print(f"Machine: {machine()}")
    print("Command: python scripts/bench.py " + " ".join(sys.argv[1:] if argv is None else argv))
    print()
    print(table(columns))
    print()
    print(f"(bench wall time {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
