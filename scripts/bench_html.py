"""Measure the HTML map at scale: file size, generation time, time until interactive.

Generates synthetic datasets of 100, 1,000 and 5,000 actors (YAML written to a temporary
directory and loaded like real data), builds the map of each, opens it from file:// in
headless Chromium and reports the time from navigation start until the page sets
``window.__positionsReady`` (the network is drawn and the layout is still).

    .venv/bin/python scripts/bench_html.py [--sizes 100,1000,5000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

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
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def measure(actors: int, workdir: Path, browser: object) -> dict[str, object]:
    """One row of the table: build the map of a synthetic dataset and open it."""
    import positions
    from positions.export.html import build_map, write_map

    root = synthetic_dataset(workdir / f"data-{actors}", actors)
    started = time.perf_counter()
    ds = positions.load(root)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    page = build_map(ds)
    built = time.perf_counter() - started
    started = time.perf_counter()
    path = write_map(page, workdir / f"map-{actors}.html")
    rendered = time.perf_counter() - started
    tab = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    outside: list[str] = []
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:")) else None,
    )
    # the page's policy forbids eval, so wait with a promise rather than wait_for_function
    tab.goto(path.as_uri(), timeout=120_000, wait_until="commit")
    tab.evaluate(WAIT_READY)
    ready_ms = tab.evaluate("window.__positionsReadyAt")
    table_ms = tab.evaluate(WAIT_TABLE)
    # a filter change and a search once the table is complete: what a reader waits for then
    filter_ms = tab.evaluate(
        """() => { const t = performance.now();
        const box = document.querySelector('input[name=stance][value=oppose]');
        box.checked = false; box.dispatchEvent(new Event('change'));
        return performance.now() - t; }"""
    )
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    started = time.perf_counter()
    tab.fill("#search", "Actor 1 ")
    try:
        tab.press("#search", "Enter", timeout=60_000)
        search_ms: object = f"{(time.perf_counter() - started) * 1000:.0f}"
    except PlaywrightTimeout:  # a figure, not a crash: the page did not answer within a minute
        search_ms = "> 60000"
    tab.close()
    counts = page.counts
    return {
        "actors": actors,
        "statements": len(ds.statements),
        "stance n/e": f"{counts['stance_nodes']}/{counts['stance_edges']}",
        "alliance n/e": f"{counts['alliance_nodes']}/{counts['alliance_edges']}",
        "file MB": f"{path.stat().st_size / 1e6:.1f}",
        "load s": f"{loaded:.1f}",
        "build s": f"{built:.1f}",
        "render+write s": f"{rendered:.2f}",
        "interactive s": f"{ready_ms / 1000:.2f}",
        "table done s": f"{table_ms / 1000:.2f}",
        "filter ms": f"{filter_ms:.0f}",
        "search+focus ms": search_ms,
        "requests": len(outside),
        "errors": len(errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="actor counts, comma-separated")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as temporary, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for size in (int(s) for s in args.sizes.split(",")):
            rows.append(measure(size, Path(temporary), browser))
            print(f"measured {size} actors", file=sys.stderr, flush=True)
        browser.close()
    headers = list(rows[0])
    widths = [max(len(h), *(len(str(r[h])) for r in rows)) for h in headers]
    print(" | ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(str(row[h]).rjust(w) for h, w in zip(headers, widths, strict=True)))
    print(
        "interactive: from navigation start until the network is drawn with every node and "
        "link, layout still (window.__positionsReady); table done: until the page has added "
        "the last table row; file:// in headless Chromium. build: stance and alliance views "
        "with layout, including the alignment graph and coalitions."
    )


if __name__ == "__main__":
    main()
