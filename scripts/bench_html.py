"""Measure the HTML map at scale: file size, generation time, time until interactive.

Generates synthetic datasets of 100, 1,000 and 5,000 actors (YAML written to a temporary
directory and loaded like real data), builds the map of each, opens it from file:// in
headless Chromium and reports the time from navigation start until the page sets
``window.__positionsReady`` (the board, or the network with every node, is drawn), and
what a filter change, a view switch and a search take in the page, until the next frame is
painted, and the longest frame the page makes on its own once it answers (a click landing in
it waits until it ends).

    .venv/bin/python scripts/bench_html.py [--sizes 100,1000,5000] [--runs 3]
    .venv/bin/python scripts/bench_html.py --page before.html --page after.html --runs 3
    (--each: also each filter change, box off/on, painted/js ms; --no-early: skip the changes
    made right after the network answers, before the table is complete)
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

KINDS = ["state", "state_group", "ngo", "company", "industry_group", "igo", "un_body", "media"]
STANCES = ["support", "oppose", "oppose", "mixed", "neutral", "support"]


def synthetic_dataset(root: Path, actors: int, seed: int = 1) -> Path:
    """Write a valid dataset of ``actors`` stakeholders speaking to a few dozen targets."""
    rng = random.Random(seed)
    provisions = max(8, actors // 100)
    stakeholders = [
        {
            "id": f"actor-{i}",
            "name": f"Actor {i} {rng.choice(['Council', 'Ministry', 'Forum', 'Group', 'Corp'])}",
            "kind": rng.choice(KINDS),
            "aliases": [f"A{i}"],
        }
        for i in range(actors)
    ]
    targets: list[dict[str, object]] = [
        {"id": "treaty", "kind": "instrument", "name": "Synthetic Treaty", "aliases": ["ST"]}
    ]
    targets += [
        {
            "id": f"art-{n}",
            "kind": "provision",
            "part_of": "treaty",
            "label": f"Article {n}",
            "name": f"Provision {n}",
        }
        for n in range(1, provisions + 1)
    ]
    target_ids = [str(t["id"]) for t in targets]
    sources = [
        {"id": f"source-{n}", "title": f"Report {n}", "url": f"https://example.org/{n}"}
        for n in range(max(1, actors // 10))
    ]
    statements = []
    for i in range(actors):
        for k in range(rng.randint(1, 3)):
            chosen = rng.sample(target_ids, rng.randint(1, 2))
            statements.append(
                {
                    "id": f"s-{i}-{k}",
                    "actor": f"actor-{i}",
                    "date": f"{rng.randint(2022, 2024)}-{rng.randint(1, 12):02d}",
                    "source": rng.choice(sources)["id"],
                    "quote": f"Statement {k} of actor {i} on {', '.join(chosen)}",
                    "stances": [{"target": t, "stance": rng.choice(STANCES)} for t in chosen],
                }
            )
    root.mkdir(parents=True, exist_ok=True)
    for name, key, records in (
        ("stakeholders.yaml", "stakeholders", stakeholders),
        ("targets.yaml", "targets", targets),
        ("sources.yaml", "sources", sources),
        ("statements.yaml", "statements", statements),
    ):
        with open(root / name, "w", encoding="utf-8") as handle:
            yaml.safe_dump({key: records}, handle, sort_keys=False, allow_unicode=True)
    return root


WAIT_READY = """() => new Promise(done => { const check = () =>
    window.__positionsReady ? done(performance.now()) : setTimeout(check, 20); check(); })"""
WAIT_TABLE = """() => new Promise(done => { const check = () =>
    document.body.dataset.table === "complete" ? done(performance.now()) : setTimeout(check, 50);
    check(); })"""
# What a reader waits for, timed in the page: the handler, then until the next frame is drawn
# (a requestAnimationFrame, then a task: the frame has been painted).
# A filter change gives two figures: until the next frame is painted, and the page's own
# JavaScript alone (the handler returning: steadier on a loaded machine).
FILTER = """([name, value]) => new Promise(done => { const started = performance.now();
    const box = document.querySelector('input[name=' + name + '][value=' + value + ']');
    box.checked = !box.checked; box.dispatchEvent(new Event('change'));
    const handler = performance.now() - started;
    requestAnimationFrame(() => setTimeout(() =>
        done([performance.now() - started, handler]), 0)); })"""
FILTER_TARGET_MS = 200
# a view switch, timed the same way: until the next frame is painted (the filters after it
# are timed from there, not from inside the switch's frame)
SWITCH = """(view) => new Promise(done => { const started = performance.now();
    window.positionsMap.setView(view);
    requestAnimationFrame(() => setTimeout(() => done(performance.now() - started), 0)); })"""
# every long animation frame (over 50 ms) of the page, [start, duration] in ms: a reader's
# click or key landing in one waits until it ends
FRAMES = """window.__frames = [];
if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame'))
  new PerformanceObserver((list) => list.getEntries().forEach((entry) =>
    window.__frames.push([entry.startTime, entry.duration])))
    .observe({ type: 'long-animation-frame', buffered: true });"""
LONGEST_AFTER_READY = """() => Math.max(0, ...window.__frames
    .filter(([start]) => start >= window.__positionsReadyAt).map(([, duration]) => duration))"""
# how long a reader who does nothing is left with the page working on its own: after the
# table is done, the idle work (the filters' warm-up, the other view in slices) needs a still
# reader for a second and then runs
STILL_S = 3.0
SEARCH = """(query) => new Promise(done => { const box = document.getElementById('search');
    const started = performance.now();
    box.value = query; box.dispatchEvent(new Event('input'));
    box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
    requestAnimationFrame(() => setTimeout(() => done(performance.now() - started), 0)); })"""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _open(browser: Any, path: Path, fragment: str, errors: list[str], outside: list[str]) -> Any:
    tab = browser.new_page(viewport={"width": 1400, "height": 900})
    tab.add_init_script(FRAMES)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:")) else None,
    )
    # the page's policy forbids eval, so wait with a promise rather than wait_for_function
    tab.goto(path.as_uri() + fragment, timeout=120_000, wait_until="commit")
    tab.evaluate(WAIT_READY)
    return tab


# each view's six changes: each of its boxes unticked, then ticked again
CHANGES = (
    ("stances", "stance", ("oppose", "support", "mixed")),
    ("alliances", "tie", ("agree", "disagree", "even")),
)


def each_change(figures: dict[str, list[float]], view: str) -> str:
    """A view's changes one by one: box off/on, painted/js ms."""
    values = next(values for name, _, values in CHANGES if name == view)
    labels = [f"{value} {way}" for value in values for way in ("off", "on")]
    return ", ".join(
        f"{label} {painted:.0f}/{js:.0f}"
        for label, painted, js in zip(labels, figures[view], figures[f"{view} js"], strict=True)
    )


def filter_changes(tab: Any) -> dict[str, list[float]]:
    """Six filter changes in each network view (each box off, then on again) and three searches.

    Returns the painted times per view, the handler's own times per view ("<view> js"), the
    switches to each view ("switch") and the searches, in milliseconds, in the order they ran.
    """
    figures: dict[str, list[float]] = {"search": [], "switch": []}
    for view, name, values in CHANGES:
        figures["switch"].append(tab.evaluate(SWITCH, view))
        figures[view], figures[f"{view} js"] = [], []
        for value in values:
            for _ in range(2):
                painted, handler = tab.evaluate(FILTER, [name, value])
                figures[view].append(painted)
                figures[f"{view} js"].append(handler)
        for query in ("Actor 1 ", "Actor 22", "Actor 333"):
            figures["search"].append(tab.evaluate(SEARCH, query))
    return figures


def _spread(values: list[float]) -> str:
    """median/worst and how many of them went over the filter target."""
    over = sum(value > FILTER_TARGET_MS for value in values)
    return f"{_median(values):.0f}/{max(values):.0f} ({over}>{FILTER_TARGET_MS})"


def page_figures(
    browser: Any, path: Path, each: list[str] | None = None, early: bool = True
) -> dict[str, object]:
    """What a page does in Chromium: interactive (board, network), filter changes, searches.

    ``early``: also the changes of a reader who acts as soon as the network answers, before
    the page has added its last table row (then the same changes again once it has).
    ``each``, when given, receives one line per view with its changes one by one."""
    outside: list[str] = []
    errors: list[str] = []
    tab = _open(browser, path, "", errors, outside)
    ready_ms = tab.evaluate("window.__positionsReadyAt")
    table_ms = tab.evaluate(WAIT_TABLE)
    time.sleep(STILL_S)
    longest_board_ms = tab.evaluate(LONGEST_AFTER_READY)
    tab.close()
    # opened on the network, left alone: what the page does by itself once it answers
    tab = _open(browser, path, "#view=stances", errors, outside)
    tab.evaluate(WAIT_TABLE)
    time.sleep(STILL_S)
    longest_network_ms = tab.evaluate(LONGEST_AFTER_READY)
    idle_switch_ms = tab.evaluate(SWITCH, "alliances")
    tab.close()
    # opened on the network itself: until its thousands of nodes are drawn
    tab = _open(browser, path, "#view=stances", errors, outside)
    network_ms = tab.evaluate("window.__positionsReadyAt")
    early_figures = filter_changes(tab) if early else None
    tab.evaluate(WAIT_TABLE)
    figures = filter_changes(tab)
    tab.close()
    if each is not None:
        for when, measured in (("early", early_figures), ("", figures)):
            each.extend(
                f"{path.name} {view}{' ' + when if when else ''}: {each_change(measured, view)}"
                for view, _, _ in CHANGES
                if measured is not None
            )
    early_spreads = {
        f"early filter {view} ms (median/worst, >200)": _spread(early_figures[view])
        for view in ("stances", "alliances")
        if early_figures is not None
    }
    # the switches to the alliance view: left alone until it was built at idle; right after
    # the early changes (built then); later
    early_switch = f"{early_figures['switch'][1]:.0f}" if early_figures is not None else "-"
    return {
        "interactive s (board)": f"{ready_ms / 1000:.2f}",
        "interactive s (network)": f"{network_ms / 1000:.2f}",
        "table done s": f"{table_ms / 1000:.2f}",
        "longest frame after ready ms (board/network)": (
            f"{longest_board_ms:.0f}/{longest_network_ms:.0f}"
        ),
        "switch to alliances ms (idle-built/early/later)": (
            f"{idle_switch_ms:.0f}/{early_switch}/{figures['switch'][1]:.0f}"
        ),
        **{
            f"filter {view} ms (median/worst, >200)": _spread(figures[view])
            for view in ("stances", "alliances")
        },
        **early_spreads,
        **{
            f"of it js {view} ms (median/worst)": (
                f"{_median(figures[f'{view} js']):.0f}/{max(figures[f'{view} js']):.0f}"
            )
            for view in ("stances", "alliances")
        },
        "search+focus ms (median/worst)": (
            f"{_median(figures['search']):.0f}/{max(figures['search']):.0f}"
        ),
        "requests": len(outside),
        "errors": len(errors),
    }


def measure(
    actors: int,
    workdir: Path,
    browser: Any,
    runs: int = 1,
    each: list[str] | None = None,
    early: bool = True,
) -> list[dict[str, object]]:
    """The rows of one size: build the map of a synthetic dataset, then open it ``runs`` times."""
    import positions
    from positions.export.board import default_board_target
    from positions.export.html import build_map, write_map
    from positions.export.timepayload import timeline_payload
    from positions.questions.camps import coalitions

    root = synthetic_dataset(workdir / f"data-{actors}", actors)
    started = time.perf_counter()
    ds = positions.load(root)
    loaded = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    page = build_map(ds)
    built, built_cpu = time.perf_counter() - started, time.process_time() - cpu
    started = time.perf_counter()
    path = write_map(page, workdir / f"map-{actors}.html")
    rendered = time.perf_counter() - started
    # the parts other modules compute, asked again the way build_map asks them
    started = time.perf_counter()
    coalitions(ds, runs=0)
    camps_s = time.perf_counter() - started
    started = time.perf_counter()
    timeline_payload(ds, default_board_target(ds), None, page.data["alliances"]["edges"])
    time_s = time.perf_counter() - started
    counts = page.counts
    written = {
        "actors": actors,
        "statements": len(ds.statements),
        "stance n/e": f"{counts['stance_nodes']}/{counts['stance_edges']}",
        "alliance n/e": f"{counts['alliance_nodes']}/{counts['alliance_edges']}",
        "file MB": f"{path.stat().st_size / 1e6:.1f}",
        "load s": f"{loaded:.1f}",
        "build s (cpu)": f"{built:.1f} ({built_cpu:.1f})",
        "of it camps s": f"{camps_s:.1f}",
        "of it time control s": f"{time_s:.1f}",
        "render+write s": f"{rendered:.2f}",
    }
    return [
        {**written, "run": run + 1, **page_figures(browser, path, each, early)}
        for run in range(runs)
    ]


def _table(rows: list[dict[str, object]]) -> None:
    headers = list(rows[0])
    widths = [max(len(h), *(len(str(r[h])) for r in rows)) for h in headers]
    print(" | ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(str(row[h]).rjust(w) for h, w in zip(headers, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="actor counts, comma-separated")
    parser.add_argument("--runs", type=int, default=1, help="times each page is opened, measured")
    parser.add_argument(
        "--page",
        action="append",
        type=Path,
        help="measure this written page instead of building any (repeat to compare pages; "
        "they are measured in turn, --runs times each)",
    )
    parser.add_argument(
        "--each",
        action="store_true",
        help="also print each filter change of each view (box off/on, painted/js ms)",
    )
    parser.add_argument(
        "--no-early",
        dest="early",
        action="store_false",
        help="skip the early filter changes (run as soon as the network answers, before the "
        "table is complete; by default they run, then the usual ones once it is)",
    )
    args = parser.parse_args()
    each: list[str] | None = [] if args.each else None
    from playwright.sync_api import sync_playwright

    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as temporary, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        if args.page:
            for run in range(args.runs):  # the pages alternated: the same load for each
                for page in args.page:
                    load = os.getloadavg()[0]
                    figures = page_figures(browser, page, each, args.early)
                    row = {"page": str(page), "run": run + 1, **figures}
                    rows.append({**row, "load avg": f"{load:.1f}"})
        else:
            for size in (int(s) for s in args.sizes.split(",")):
                load = os.getloadavg()[0]
                for row in measure(size, Path(temporary), browser, args.runs, each, args.early):
                    rows.append({**row, "load avg": f"{load:.1f}"})
                print(f"measured {size} actors", file=sys.stderr, flush=True)
        browser.close()
    _table(rows)
    for line in each or []:
        print(line)
    print(
        "longest frame after ready: the longest animation frame from the page answering until "
        f"{STILL_S:.0f} s after the table is done, a reader doing nothing (board; network, "
        "#view=stances): a click landing in it waits until it ends; switch to alliances: "
        "setView until the next frame is painted, on the network page left alone (the view "
        "built at idle), right after the early stance changes, and later; "
        "interactive: from navigation start until the page answers (window.__positionsReady: "
        "the board drawn, or with #view=stances the network drawn with every node and link); "
        "table done: until the page has added the last table row; filter: one stance or tie "
        "box ticked or unticked once the table is done, early filter: the same changes "
        "right after the network answers (stance view opened), before the table is done; "
        f"(six in each view; target <= {FILTER_TARGET_MS} ms; "
        f"'>{FILTER_TARGET_MS}': how many of the six took longer), search+focus: a name "
        "typed and Enter (the actor focused, its panel open), both timed in the page from the "
        "event until the next frame is painted; 'of it js': the filter's handler alone, until "
        "it returns (the page's JavaScript, before the frame is drawn); file:// in headless "
        "Chromium. build: the board, both views with their layout, camps and the time "
        "control's payload; 'of it' asks the camps (coalitions, runs=0) and the time control's "
        "payload again, alone."
    )


if __name__ == "__main__":
    main()
