"""The cache of validated data: never stale, never trusted when damaged, never in data/."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from positions.cli import app
from positions.cli.base import CliState, open_dataset
from positions.data import cache
from positions.data.cache import CachedDataset, DatasetCache, default_cache_dir, load_cached
from positions.data.dataset import Dataset
from positions.data.loader import load
from positions.data.problems import DataError
from positions.model import Stance
from tests.conftest import WriteDataset
from tests.synthetic import synthetic_dataset


def assert_same(cached: Dataset, loaded: Dataset) -> None:
    """Every record equal, in the same order, with the same fields given."""
    assert cached.root == loaded.root
    for table in ("stakeholders", "targets", "sources", "statements"):
        mine, theirs = getattr(cached, table), getattr(loaded, table)
        assert list(mine) == list(theirs)
        for key, record in theirs.items():
            assert mine[key] == record
            assert type(mine[key]) is type(record)
            assert mine[key].__pydantic_fields_set__ == record.__pydantic_fields_set__
    assert cached.as_of == loaded.as_of
    assert cached.invalid_ids == loaded.invalid_ids


@pytest.fixture
def store(tmp_path: Path) -> DatasetCache:
    return DatasetCache(tmp_path / "cache")


def entries(store: DatasetCache) -> list[Path]:
    return sorted(store.directory.glob("*")) if store.directory.exists() else []


def test_second_load_comes_from_the_cache_and_equals_a_fresh_load(
    write_dataset: WriteDataset, store: DatasetCache
) -> None:
    root = write_dataset()
    first, hit = store.load(root)
    assert not hit
    second, hit = store.load(root)
    assert hit
    assert isinstance(second, CachedDataset)
    assert_same(second, load(root))
    assert_same(first, load(root))


def test_a_realistic_dataset_round_trips_exactly(tmp_path: Path, store: DatasetCache) -> None:
    root = synthetic_dataset(tmp_path / "data", statements=400)
    store.load(root)
    cached, hit = store.load(root)
    assert hit
    assert_same(cached, load(root))


def test_editing_a_statement_is_seen_on_the_next_load(
    write_dataset: WriteDataset, store: DatasetCache
) -> None:
    root = write_dataset()
    store.load(root)
    path = root / "statements.yaml"
    path.write_text(path.read_text().replace("stance: oppose", "stance: support"))
    ds, hit = store.load(root)
    assert not hit
    assert ds.statements["hrw-surveillance"].stances[0].stance is Stance.SUPPORT


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(
    write_dataset: WriteDataset, store: DatasetCache
) -> None:
    root = write_dataset()
    store.load(root)
    path = root / "stakeholders.yaml"
    before = path.stat()
    text = path.read_text()
    path.write_text(text.replace("Human Rights Watch", "Human Rights Wotch"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    ds, hit = store.load(root)
    assert not hit
    assert ds.stakeholders["hrw"].name == "Human Rights Wotch"


def test_touching_a_file_changes_nothing(write_dataset: WriteDataset, store: DatasetCache) -> None:
    root = write_dataset()
    store.load(root)
    os.utime(root / "statements.yaml", (1_000_000_000, 1_000_000_000))
    ds, hit = store.load(root)
    assert hit
    assert_same(ds, load(root))


def test_editing_an_archive_is_seen(write_dataset: WriteDataset, store: DatasetCache) -> None:
    root = write_dataset()
    store.load(root)
    (root / "sources" / "article.txt").write_text("The draft says something else.\n")
    with pytest.raises(DataError) as raised:
        store.load(root)
    assert [p.code for p in raised.value.problems] == ["quote-not-in-source"]


def test_removing_an_archive_is_seen(write_dataset: WriteDataset, store: DatasetCache) -> None:
    root = write_dataset()
    store.load(root)
    (root / "sources" / "article.txt").unlink()
    with pytest.raises(DataError) as raised:
        store.load(root)
    assert [p.code for p in raised.value.problems] == ["archive-missing"]


def test_removing_a_data_file_is_seen(write_dataset: WriteDataset, store: DatasetCache) -> None:
    root = write_dataset()
    store.load(root)
    (root / "statements.yaml").unlink()
    with pytest.raises(DataError) as raised:
        store.load(root)
    assert [p.code for p in raised.value.problems] == ["file-missing"]


def test_adding_an_archive_is_seen(write_dataset: WriteDataset, store: DatasetCache) -> None:
    root = write_dataset(
        sources_yaml="""\
        sources:
          - id: article
            title: An article
            archive: sources/article.txt
          - id: later
            title: A later report
        """
    )
    store.load(root)
    (root / "sources" / "later.txt").write_text("A later text.\n")
    path = root / "sources.yaml"
    path.write_text(path.read_text() + "    archive: sources/later.txt\n")
    ds, hit = store.load(root)
    assert not hit
    assert ds.sources["later"].archive == "sources/later.txt"


def test_a_file_no_source_names_does_not_touch_the_entry(
    write_dataset: WriteDataset, store: DatasetCache
) -> None:
    root = write_dataset()
    store.load(root)
    (root / "sources" / "unreferenced-dump.txt").write_text("a large file nobody reads\n")
    (root / "notes.md").write_text("curator's notes\n")
    assert store.load(root)[1] is True


def test_dataset_yaml_is_keyed(write_dataset: WriteDataset, store: DatasetCache) -> None:
    root = write_dataset()
    store.load(root)
    (root / "dataset.yaml").write_text("title: A dataset\n")
    assert store.load(root)[1] is False
    assert store.load(root)[1] is True


def test_an_archive_behind_a_directory_link_inside_data_is_keyed(
    write_dataset: WriteDataset, store: DatasetCache
) -> None:
    root = write_dataset(
        sources_yaml="""\
        sources:
          - id: article
            title: An article
            archive: linked/article.txt
        """
    )
    (root / "linked").symlink_to(root / "sources", target_is_directory=True)
    store.load(root)
    (root / "sources" / "article.txt").write_text("Nothing quoted here.\n")
    with pytest.raises(DataError):
        store.load(root)


def test_invalid_data_is_never_cached(write_dataset: WriteDataset, store: DatasetCache) -> None:
    root = write_dataset(
        statements_yaml="""\
        statements:
          - id: hrw-surveillance
            actor: nobody
            source: article
            paraphrase: a paraphrase
            stances: [{target: uncc, stance: oppose}]
        """
    )
    for _ in range(2):
        with pytest.raises(DataError) as raised:
            store.load(root)
        assert [p.code for p in raised.value.problems] == ["unknown-actor"]
    assert entries(store) == []


@pytest.mark.parametrize(
    "damage",
    ["truncate", "flip-byte-in-statements", "flip-byte-in-manifest", "garbage", "empty"],
)
def test_a_damaged_entry_is_ignored_and_rebuilt(
    tmp_path: Path, store: DatasetCache, damage: str
) -> None:
    root = synthetic_dataset(tmp_path / "data", statements=60)
    store.load(root)
    [entry] = entries(store)
    data = bytearray(entry.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip-byte-in-statements":
        data[-10] ^= 0x01
    elif damage == "flip-byte-in-manifest":
        data[cache._HEADER.size + 40] ^= 0x01
    elif damage == "garbage":
        data = bytearray(b"not a cache entry" * 100)
    else:
        data = bytearray()
    entry.write_bytes(bytes(data))
    ds, hit = store.load(root)
    assert not hit
    assert_same(ds, load(root))
    assert store.load(root)[1] is True  # rebuilt


def test_an_entry_others_can_write_is_not_read(tmp_path: Path, store: DatasetCache) -> None:
    root = synthetic_dataset(tmp_path / "data", statements=20)
    store.load(root)
    [entry] = entries(store)
    entry.chmod(0o666)
    assert store.load(root)[1] is False


def test_an_entry_for_other_code_is_not_read(
    write_dataset: WriteDataset, store: DatasetCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_dataset()
    store.load(root)
    monkeypatch.setattr(cache, "_CODE_KEY", b"another version of positions")
    assert store.load(root)[1] is False


def test_writes_are_atomic_and_private(write_dataset: WriteDataset, store: DatasetCache) -> None:
    root = write_dataset()
    store.load(root)
    store.load(root)
    found = entries(store)
    assert [p.suffix for p in found] == [".cache"]  # no temporary file left behind
    assert stat.S_IMODE(found[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(store.directory.stat().st_mode) == 0o700


def test_a_cache_directory_inside_the_data_is_never_used(write_dataset: WriteDataset) -> None:
    root = write_dataset()
    store = DatasetCache(root / "cache")
    for _ in range(2):
        ds, hit = store.load(root)
        assert not hit
    assert not (root / "cache").exists()
    assert_same(ds, load(root))


def test_location_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSITIONS_CACHE_DIR", str(tmp_path / "chosen"))
    assert default_cache_dir() == tmp_path / "chosen"
    monkeypatch.delenv("POSITIONS_CACHE_DIR")
    if os.name == "posix" and os.uname().sysname != "Darwin":
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        assert default_cache_dir() == tmp_path / "xdg" / "positions"


def test_load_cached_uses_the_environment_directory(
    write_dataset: WriteDataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSITIONS_CACHE_DIR", str(tmp_path / "env-cache"))
    root = write_dataset()
    assert_same(load_cached(root), load(root))
    assert len(list((tmp_path / "env-cache").glob("*.cache"))) == 1
    assert isinstance(load_cached(root), CachedDataset)


def test_an_unwritable_cache_only_costs_time(write_dataset: WriteDataset, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    root = write_dataset()
    ds, hit = DatasetCache(blocker / "cache").load(root)
    assert not hit
    assert_same(ds, load(root))


def test_a_cached_dataset_pickles_as_a_plain_dataset(
    write_dataset: WriteDataset, store: DatasetCache
) -> None:
    root = write_dataset()
    store.load(root)
    cached, _ = store.load(root)
    copy = pickle.loads(pickle.dumps(cached))
    assert type(copy) is Dataset
    assert_same(copy, load(root))


def test_a_missing_directory_is_reported_as_by_load(tmp_path: Path, store: DatasetCache) -> None:
    from positions.data.loader import DataDirError

    with pytest.raises(DataDirError):
        store.load(tmp_path / "nowhere")


runner = CliRunner()


def test_the_cli_uses_the_cache_unless_told_not_to(
    write_dataset: WriteDataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSITIONS_CACHE_DIR", str(tmp_path / "cli-cache"))
    root = write_dataset()
    try:
        result = runner.invoke(app, ["--no-cache", "check", str(root)])
        assert result.exit_code == 0, result.output
        assert CliState.use_cache is False
        open_dataset(root)
        assert not (tmp_path / "cli-cache").exists()
        result = runner.invoke(app, ["check", str(root)])
        assert result.exit_code == 0, result.output
        assert CliState.use_cache is True
        assert_same(open_dataset(root), load(root))
        assert isinstance(open_dataset(root), CachedDataset)
    finally:
        CliState.use_cache = True


def test_no_cache_is_documented_in_the_help() -> None:
    result = runner.invoke(app, ["--help"])
    assert "--no-cache" in result.output


def test_derived_sides_are_kept_beside_the_entry_and_never_stale(
    tmp_path: Path, store: DatasetCache
) -> None:
    from positions.questions.alignment import alignment_counts, current_sides
    from positions.questions.positions import _scan_sides as _scan

    root = synthetic_dataset(tmp_path / "data", statements=300)
    store.load(root)
    first, _ = store.load(root)
    expected = _scan(load(root), None, None)
    assert current_sides(first) == expected  # computed, then stored
    [sides_file] = store.directory.glob("*.sides")
    again, hit = store.load(root)
    assert hit
    assert list(alignment_counts(again).pairs()) == list(alignment_counts(load(root)).pairs())
    assert vars(again)["_by_id"] is None  # answered without rebuilding a statement
    sides_file.write_bytes(sides_file.read_bytes()[:-7])  # damaged: computed again
    assert current_sides(store.load(root)[0]) == expected
    path = root / "statements.yaml"
    path.write_text(path.read_text().replace("stance: support", "stance: oppose"))
    changed, hit = store.load(root)
    assert not hit
    changed, hit = store.load(root)
    assert hit
    assert current_sides(changed) == _scan(load(root), None, None) != expected


def test_statements_replaced_in_memory_are_not_answered_from_the_cache(
    tmp_path: Path, store: DatasetCache
) -> None:
    from positions.questions.alignment import current_sides
    from positions.questions.positions import _scan_sides

    root = synthetic_dataset(tmp_path / "data", statements=100)
    store.load(root)
    current_sides(store.load(root)[0])  # stores the sides
    ds, _ = store.load(root)
    with pytest.raises(AttributeError):
        ds.statements = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        del ds.statements[next(iter(ds.statements))]  # type: ignore[attr-defined]
    emptied = ds.replace(statements={})
    assert type(emptied) is Dataset  # nothing of the entry is reused
    assert current_sides(emptied) == []
    ds, _ = store.load(root)
    first = next(iter(ds.statements))
    fewer = ds.replace(statements={k: s for k, s in ds.statements.items() if k != first})
    assert current_sides(fewer) == _scan_sides(fewer, None, None)
    assert current_sides(ds) == _scan_sides(ds, None, None)


# --- an entry holds data, never code (a planted entry runs nothing) ----------------------


class _RunsCode:
    """Unpickling this writes a file: what a planted pickle entry could do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (str(self.marker), "ran"))  # type: ignore[return-value]


def _plant(entry: Path, key: bytes, manifest: bytes, body: bytes = b"") -> None:
    """An entry with a correct header and digests around ``manifest`` (what an attacker
    who can write the directory, or a link swapped in, would leave)."""
    import zlib

    total = cache._HEADER.size + len(manifest) + len(body)
    header = cache._HEADER.pack(
        cache._MAGIC, key, len(manifest), cache._digest(manifest), zlib.crc32(body), total
    )
    entry.write_bytes(header + manifest + body)
    entry.chmod(0o600)


def test_a_planted_pickle_entry_runs_nothing(tmp_path: Path, store: DatasetCache) -> None:
    root = synthetic_dataset(tmp_path / "data", statements=20)
    store.load(root)
    [entry] = entries(store)
    marker = tmp_path / "ran"
    _plant(entry, cache.data_key(root), pickle.dumps(_RunsCode(marker)))
    ds, hit = store.load(root)
    assert not marker.exists()
    assert not hit
    assert_same(ds, load(root))


def test_a_planted_pickle_in_the_derived_sides_runs_nothing(
    tmp_path: Path, store: DatasetCache
) -> None:
    from positions.questions.alignment import current_sides

    root = synthetic_dataset(tmp_path / "data", statements=40)
    store.load(root)
    first = current_sides(store.load(root)[0])
    [sides] = [p for p in entries(store) if p.suffix == ".sides"]
    marker = tmp_path / "ran"
    payload = pickle.dumps((_RunsCode(marker),))
    sides.write_bytes(
        cache._DERIVED.pack(cache._MAGIC, cache.data_key(root), cache._digest(payload)) + payload
    )
    again = current_sides(store.load(root)[0])
    assert not marker.exists()
    assert again == first


def test_a_fifo_at_the_entry_path_does_not_hang(tmp_path: Path, store: DatasetCache) -> None:
    import signal

    root = synthetic_dataset(tmp_path / "data", statements=20)
    store.directory.mkdir(mode=0o700)
    os.mkfifo(store.entry_path(root), 0o600)
    signal.alarm(20)  # a guard against a hang, not a measure of speed
    try:
        ds, hit = store.load(root)
    finally:
        signal.alarm(0)
    assert not hit
    assert_same(ds, load(root))


def test_an_entry_behind_a_link_is_not_followed(tmp_path: Path, store: DatasetCache) -> None:
    root = synthetic_dataset(tmp_path / "data", statements=20)
    store.load(root)
    [entry] = entries(store)
    elsewhere = tmp_path / "elsewhere.cache"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert store.load(root)[1] is False


def test_a_cache_directory_others_can_write_is_refused_with_a_warning(
    tmp_path: Path,
) -> None:
    root = synthetic_dataset(tmp_path / "data", statements=20)
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    shared.chmod(0o777)
    said: list[str] = []
    store = DatasetCache(shared, warn=said.append)
    for _ in range(2):
        ds, hit = store.load(root)
        assert not hit
        assert_same(ds, load(root))
    assert list(shared.iterdir()) == []  # nothing written there either
    assert (
        said
        == [f"warning: not using the cache: {shared} can be written by other users (chmod go-w it)"]
        * 2
    )


def test_the_cli_warns_in_one_line_and_answers_without_a_shared_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = synthetic_dataset(tmp_path / "data", statements=20)
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("POSITIONS_CACHE_DIR", str(shared))
    plain = CliRunner().invoke(app, ["contested", "--data", str(root), "--format", "json"])
    assert plain.exit_code == 0, plain.output
    assert "warning: not using the cache" in plain.stderr
    assert plain.stderr.count("\n") == 1
