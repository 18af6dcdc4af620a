"""Time ``positions.load`` against a plain PyYAML + pydantic baseline on synthetic data.

python scripts/bench_load.py                      # 1,000, 10,000 and 100,000 statements
python scripts/bench_load.py --sizes 1000,10000

Each dataset is realistic in shape: a few thousand actors (persons among them, speaking for
the organisations they belong to), instruments with nested provisions, sources whose
archives hold the quotes (a third of them with wrapped lines, so quotes match only after
normalising whitespace), and actors changing position over dated statements. The files
are in the plain block style curators write; dates and codes that YAML 1.1 would turn into
numbers, dates or booleans are quoted, so that the baseline reads the same values.

The baseline is ``yaml.load(text, Loader=yaml.CSafeLoader)`` and one pydantic
``TypeAdapter(list[Model])`` call per file, with the same models. ``positions.load`` also
runs every cross-record rule (references, cycles, quotes against archives, names).
Then one record is broken, and the time to report it with its line and column is shown.

Times are CPU seconds of this process (``time.process_time``), best of ``--repeat`` runs:
on a shared machine they move far less with other load than wall-clock times.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from positions.data.loader import check, load  # noqa: E402
from positions.model import RECORD_FILES  # noqa: E402

VOCABULARY = (
    "the convention must protect human rights and limit surveillance powers while states "
    "cooperate against cybercrime through mutual legal assistance with safeguards for "
    "journalists researchers and security testing under national law data retention "
    "access requests scope serious crime definition procedural powers transparency "
    "oversight independent judicial review proportionality necessity consent privacy "
    "encryption children online abuse fraud ransomware infrastructure"
)
WORDS = VOCABULARY.split()
KINDS = ["state", "ngo", "company", "industry_group", "un_body", "igo", "media", "other"]
COUNTRIES = ["US", "FR", "DE", "BR", "IN", "ZA", "JP", "KE", "MX", "AU", "CA", "CH", "GB"]
STANCES = ["support", "oppose", "mixed", "neutral"]


def sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def generate(root: Path, statements: int, seed: int = 7) -> None:
    """Write a valid synthetic dataset of ``statements`` statements to ``root``."""
    rng = random.Random(seed)
    organisations = max(60, min(2500, statements // 40))
    persons = max(40, organisations // 2)
    instruments = max(3, statements // 5000)
    articles_per_instrument = 40
    sources_count = max(10, statements // 50)
    (root / "sources").mkdir(parents=True, exist_ok=True)

    lines = ["stakeholders:"]
    org_ids = [f"org-{i}" for i in range(organisations)]
    for i, org in enumerate(org_ids):
        lines += [f"  - id: {org}", f"    name: Organisation {i}", f"    kind: {KINDS[i % 8]}"]
        lines += [f"    aliases: [ORG{i}, Org number {i}]"]
        if i % 3 == 0:
            lines.append(f"    country: {COUNTRIES[i % len(COUNTRIES)]}")
        if i % 5 == 0:
            lines.append(f"    url: https://example.org/org/{i}")
        if i % 10 == 9:
            lines += ["    member_of:", f"      - id: org-{i - 9}", "        role: member"]
    speakers: dict[str, list[str]] = {}
    for i in range(persons):
        org = org_ids[i % organisations]
        person = f"person-{i}"
        speakers.setdefault(org, []).append(person)
        lines += [f"  - id: {person}", f"    name: Person {i}", "    kind: person"]
        lines += ["    member_of:", f"      - id: {org}", "        role: Executive Director"]
    (root / "stakeholders.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    lines = ["targets:"]
    target_ids: list[str] = []
    for i in range(instruments):
        inst = f"treaty-{i}"
        target_ids.append(inst)
        lines += [f"  - id: {inst}", "    kind: instrument", f"    name: Treaty number {i}"]
        lines += [f"    aliases: [T{i}]"]
        for a in range(1, articles_per_instrument + 1):
            art = f"{inst}-art-{a}"
            target_ids.append(art)
            lines += [f"  - id: {art}", "    kind: provision", f"    part_of: {inst}"]
            lines += [
                f"    label: Article {a}",
                f"    name: {sentence(rng, 2, 5).capitalize()} ({i}.{a})",
            ]
            lines += ["    numbering:", f"      draft-{i}: Article {a + 1}"]
            for p in range(1, 3):
                para = f"{art}-{p}"
                target_ids.append(para)
                lines += [f"  - id: {para}", "    kind: provision", f"    part_of: {art}"]
                lines += [f"    label: Article {a}({p})"]
    (root / "targets.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    quotes_by_source: dict[int, list[str]] = {i: [] for i in range(sources_count)}
    lines = ["statements:"]
    for i in range(statements):
        org = org_ids[rng.randrange(organisations)]
        src = rng.randrange(sources_count)
        year = 2019 + (i * 5) // statements
        date = rng.choice(
            [f"{year}", f"{year}-{rng.randint(1, 12):02d}"]
            + [f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"] * 3
        )
        lines += [f"  - id: st-{i}", f"    actor: {org}"]
        if org in speakers and i % 3 == 0:
            lines.append(f"    speaker: {rng.choice(speakers[org])}")
        lines += [f'    date: "{date}"', f"    source: src-{src}"]
        if i % 4 == 3:
            lines.append(f"    paraphrase: {sentence(rng, 6, 14)}")
        else:
            quote = f"{sentence(rng, 5, 16)} ({i})"
            quotes_by_source[src].append(quote)
            lines.append(f"    quote: {quoted(quote)}")
        lines.append("    stances:")
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            target = rng.choice(target_ids) if i % 20 else rng.choice(org_ids)
            if target == org:
                target = target_ids[0]
            lines += [f"      - target: {target}", f"        stance: {rng.choice(STANCES)}"]
            if i % 7 == 0:
                lines.append(f"        condition: unless {sentence(rng, 3, 8)}")
    (root / "statements.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    lines = ["sources:"]
    for i in range(sources_count):
        lines += [f"  - id: src-{i}", f"    title: Report number {i} on the negotiation"]
        lines += [f"    publisher: Publisher {i % 50}", f'    published: "{2019 + i % 6}"']
        lines += [f"    url: https://example.org/src/{i}", f"    archive: sources/src-{i}.txt"]
        paragraphs = []
        for quote in quotes_by_source[i]:
            paragraphs.append(f"{sentence(rng, 8, 20)}, she said: “{quote}”.")
            paragraphs.append(sentence(rng, 10, 30) + ".")
        if i % 3 == 0:  # saved with wrapped lines: quotes then match only once normalised
            paragraphs = [textwrap.fill(paragraph, 72) for paragraph in paragraphs]
        (root / "sources" / f"src-{i}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    (root / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


_ADAPTERS = {key: TypeAdapter(list[model]) for key, model in RECORD_FILES.values()}  # type: ignore[valid-type]


def baseline(root: Path) -> int:
    """PyYAML's C loader, then one pydantic validation per file: the plain way."""
    count = 0
    for filename, (key, _) in RECORD_FILES.items():
        with open(root / filename, encoding="utf-8") as handle:
            value = yaml.load(handle.read(), Loader=yaml.CSafeLoader)
        count += len(_ADAPTERS[key].validate_python(value[key]))
    return count


def positions_load(root: Path) -> int:
    dataset = load(root)
    return sum(
        len(table)
        for table in (dataset.stakeholders, dataset.targets, dataset.sources, dataset.statements)
    )


def best_of(function: Callable[[Path], Any], root: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function(root)
        times.append(time.process_time() - start)
    return min(times)


def break_one_record(root: Path, statements: int) -> tuple[int, str]:
    """Misspell the target of a statement near the end; return its line and the target."""
    path = root / "statements.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(f"  - id: st-{statements - 3}")
    for number in range(start, len(lines)):
        if lines[number].startswith("      - target: "):
            lines[number] = lines[number] + "x"
            path.write_text("\n".join(lines), encoding="utf-8")
            return number + 1, lines[number].split(": ", 1)[1]
    raise RuntimeError("no stance found")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="statement counts, comma-separated"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best is shown)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    header = (
        f"{'statements':>10}  {'records':>8}  {'MB':>5}  {'positions.load':>14}  "
        f"{'baseline':>9}  {'ratio':>6}  {'1 error, located':>17}  first problem"
    )
    print(header)
    print("-" * len(header))
    for size in sizes:
        work = Path(tempfile.mkdtemp(prefix="bench-load-"))
        try:
            root = work / "data"
            generate(root, size)
            megabytes = sum(p.stat().st_size for p in root.glob("*.yaml")) / 1e6
            records = positions_load(root)
            if records != baseline(root):
                raise RuntimeError("positions.load and the baseline read different records")
            repeat = args.repeat if size <= 10_000 else max(1, args.repeat - 1)
            ours = best_of(positions_load, root, repeat)
            theirs = best_of(baseline, root, repeat)
            line, _ = break_one_record(root, size)
            start = time.process_time()
            problems = check(root)
            located = time.process_time() - start
            first = problems[0]
            assert first.line == line and first.code == "unknown-target", first
            shown = f"{Path(first.file).name}:{first.line}:{first.column}: [{first.code}]"
            print(
                f"{size:>10,}  {records:>8,}  {megabytes:>5.1f}  {ours:>13.3f}s  "
                f"{theirs:>8.3f}s  {theirs / ours:>5.1f}x  {located:>16.3f}s  {shown}"
            )
        finally:
            shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
