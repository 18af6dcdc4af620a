"""``flips`` from its compact columns and the timeline's streamed JSON and CSV (issue 21):
the same answers and the same text as the definitions they replace.

``flips`` reads every dated stance as columns kept beside the cache entry and builds only
the statements of the flips; the reference below is the rule as DESIGN.md v2 states it,
one record at a time: per actor and target, the statements of one day settle to one
stance, and a flip is a day whose stance differs from the previous day's.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from itertools import groupby, pairwise
from pathlib import Path
from typing import Any

import pytest

import positions
from positions.data.names import fold_name
from positions.export import timetext
from positions.export.text import Format, to_json
from positions.model import PartialDate, Stance
from positions.questions.alignment import is_collective
from positions.questions.positions import StanceRecord, settle, stance_records_of
from positions.questions.time import Flip, flips, timeline
from tests.random_data import random_dataset

TIME = Path(__file__).parent / "fixtures" / "time"


def reference_flips(
    ds: positions.Dataset,
    wanted: set[str] | None = None,
    actor: str | None = None,
    since: str | None = None,
    include_collective: bool = False,
) -> list[tuple[str, str, Stance, Stance, str, str, list[str], list[str]]]:
    """(actor, target, from, to, from date, to date, statements before, after), newest
    first, from every statement, by the rule itself."""
    grouped: dict[tuple[str, str], list[StanceRecord]] = {}
    for record in stance_records_of(ds, list(ds.statements.values())):
        if record.date is None or (wanted is not None and record.target not in wanted):
            continue
        if actor is not None and record.actor != actor:
            continue
        if actor is None and not include_collective and is_collective(ds, record.actor):
            continue
        grouped.setdefault((record.actor, record.target), []).append(record)
    start = PartialDate(since).start if since else None
    found: list[tuple[Any, ...]] = []
    for (who, target), records in grouped.items():
        records.sort(key=StanceRecord.sort_key)
        days = [list(run) for _, run in groupby(records, key=lambda r: r.date.start)]  # type: ignore[union-attr]
        for before, after in pairwise(days):
            old, new = settle(r.stance for r in before), settle(r.stance for r in after)
            day = after[0].date.start  # type: ignore[union-attr]
            if old is new or (start is not None and day < start):
                continue
            found.append(
                (
                    max(latest(r) for r in after),
                    fold_name(ds.name_of(who)),
                    list(ds.targets).index(target) if target in ds.targets else 0,
                    (who, target, old, new, written(before), written(after), *ids(before, after)),
                )
            )
    found.sort(key=lambda f: (f[1], f[2]))
    found.sort(key=lambda f: f[0], reverse=True)
    return [f[3] for f in found]


def latest(record: StanceRecord) -> tuple[Any, int]:
    assert record.date is not None
    return record.date.sort_key()


def written(records: list[StanceRecord]) -> str:
    """The latest date among ``records`` as written."""
    return str(max((r.date for r in records if r.date is not None), key=PartialDate.sort_key))


def ids(*groups: list[StanceRecord]) -> list[list[str]]:
    return [[r.statement.id for r in group] for group in groups]


def seen(found: list[Flip]) -> list[tuple[Any, ...]]:
    return [
        (
            f.actor,
            f.target,
            f.from_stance,
            f.to_stance,
            f.from_date,
            f.to_date,
            [e.statement for e in f.from_evidence],
            [e.statement for e in f.to_evidence],
        )
        for f in found
    ]


@pytest.mark.parametrize("seed", range(40))
def test_flips_are_the_rules_own_on_random_data(seed: int) -> None:
    ds = random_dataset(seed, statements=160)
    assert seen(list(flips(ds))) == reference_flips(ds)
    assert seen(list(flips(ds, since="2023-05-02"))) == reference_flips(ds, since="2023-05-02")
    actor = sorted(ds.stakeholders)[0]
    assert seen(list(flips(ds, actor=actor))) == reference_flips(ds, actor=actor)
    scope = set(ds.scope("treaty"))
    assert seen(list(flips(ds, target="treaty"))) == reference_flips(ds, wanted=scope)


def test_flips_count_the_undated_statements_of_what_was_asked() -> None:
    ds = positions.load(TIME)
    every = sum(1 for s in ds.statements.values() if ds.date_of(s)[0] is None)
    assert flips(ds).undated_left_out == every > 0
    for actor in ds.stakeholders:
        own = [s for s in ds.statements.values() if s.actor == actor]
        expected = sum(1 for s in own if ds.date_of(s)[0] is None)
        assert flips(ds, actor=actor).undated_left_out == expected


def cache_attempts(tmp_path: Path) -> Iterator[tuple[int, positions.Dataset, positions.Dataset]]:
    """(attempt, dataset from the cache, dataset from the files) of the time fixture, three
    times: the entry is written, then the columns beside it, then they are read back."""
    from positions.data.cache import CachedDataset, DatasetCache

    root = tmp_path / "data"
    shutil.copytree(TIME, root)
    plain = positions.load(root)
    store = DatasetCache(tmp_path / "cache")
    for attempt in range(3):
        cached, hit = store.load(root)
        assert hit is (attempt > 0) and isinstance(cached, CachedDataset) is hit
        yield attempt, cached, plain


def test_flips_from_the_cache_are_those_of_the_files(tmp_path: Path) -> None:
    for _, cached, plain in cache_attempts(tmp_path):
        assert list(flips(cached, include_collective=True)) == list(
            flips(plain, include_collective=True)
        )


def test_the_streamed_timeline_json_is_the_answer_objects_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ds = positions.load(TIME)
    monkeypatch.setattr(timetext, "TIE_BATCH", 2)  # several batches in a window
    for by in ("year", "quarter", "month"):
        found = timeline(ds, by=by)
        assert any(w.polarization is not None and list(w.polarization.ties()) for w in found)
        streamed = timetext.render_time(found, Format.JSON, 80)
        assert streamed == to_json(timetext.timeline_data(found)) + "\n"


def test_the_streamed_timeline_csv_is_the_sheets(tmp_path: Path) -> None:
    ds = positions.load(TIME)
    found = timeline(ds, by="quarter")
    out = io.StringIO()
    timetext.write_time(found, Format.CSV, 80, out)
    from positions.export.text import render

    assert out.getvalue() == render(found, timetext.timeline_sheet(found), Format.CSV)


@pytest.mark.parametrize("seed", range(20))
def test_the_stance_columns_are_every_statements_records_on_random_data(seed: int) -> None:
    """The columns a timeline reads instead of the statements hold every stance record
    (undated ones too) in file order: its actor, target, stance, date and statement, the
    record itself when made again from its statement alone, and the order statements are
    listed in (``statement_order``) for the dated ones."""
    import numpy as np

    from positions.questions.positions import stance_records, statement_order
    from positions.questions.time import _StanceColumns

    ds = random_dataset(seed, statements=160)
    told = _StanceColumns.of(ds)
    records = stance_records(ds)
    assert len(told.actor) == len(records)
    for place, record in enumerate(records):
        code = int(told.date[place])
        assert told.actors[told.actor[place]] == record.actor
        assert told.targets[told.target[place]] == record.target
        assert list(Stance)[told.stance[place]] is record.stance
        assert (told.dates[code] if code >= 0 else None) == record.date
        assert told.statement_ids([place]) == (record.statement.id,)
        assert told.records([place]) == [record]
    dated = np.flatnonzero(told.date >= 0)
    listed = dated[np.lexsort(told.listed(dated))].tolist()
    expected = sorted(
        dated.tolist(), key=lambda p: statement_order(records[p].date, records[p].statement.id)
    )
    assert listed == expected
    undated = sum(1 for s in ds.statements.values() if ds.date_of(s)[0] is None)
    assert told.undated(ds, None, None) == undated


def test_a_timeline_from_the_cache_builds_only_the_statements_it_shows(tmp_path: Path) -> None:
    """From the cache, a timeline reads the stance records as columns: its windows are
    those of the files' dataset, no statement is built for them, and their JSON (every
    position's evidence) is the same text."""
    for attempt, cached, plain in cache_attempts(tmp_path):
        for by in ("year", "month"):
            found = timeline(cached, by=by, include_collective=True)
            expected = timeline(plain, by=by, include_collective=True)
            assert list(found) == list(expected)
            if attempt == 2:  # the columns read back: no statement built to answer
                assert vars(cached)["_by_id"] is None
            assert to_json(timetext.timeline_data(found)) == to_json(
                timetext.timeline_data(expected)
            )


@pytest.mark.parametrize("output", list(Format))
@pytest.mark.parametrize("width", [80, 30])
def test_the_streamed_flips_are_the_sheets_text(
    output: Format, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Flips written a batch at a time (a few flips and lines a batch here) are the text
    of the whole sheet (or of the whole answer object, for JSON), in every format, also
    when a grid cell wraps (30 columns) and on data whose names hold control characters."""
    from positions.export import text

    monkeypatch.setattr(timetext, "FLIP_BATCH", 3)
    monkeypatch.setattr(text, "LINE_BATCH", 7)
    for ds in (positions.load(TIME), *(random_dataset(seed, statements=160) for seed in range(4))):
        for found in (flips(ds, include_collective=True), flips(ds, since="2999")):
            whole = text.render(found, timetext.flips_sheet(found), output, width)
            if output is Format.JSON:
                whole = to_json(timetext.flips_data(found)) + "\n"
            assert timetext.render_time(found, output, width) == whole
