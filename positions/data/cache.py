"""A disk cache of validated datasets that is never stale.

An entry is keyed by the content of every file under the data directory (the four data
files and every archive, wherever it sits), the code of this package and the versions
of Python and pydantic; a change in any of them is seen on the next load. Only valid
data is cached: a directory with problems is loaded (and its problems reported) afresh
every time. A corrupt, truncated or foreign entry is ignored and rebuilt.

What makes a warm load fast: records are stored as plain tuples and rebuilt without
validating again (they were valid when written, and the key proves nothing changed);
statements are stored in chunks that are read only when asked for, so a question about
one article reads the statements on that article (``positions.data.index``), not all of them.

>>> from positions.data.cache import load_cached
>>> ds = load_cached("data")            # doctest: +SKIP

The cache lives in the platform's user cache directory (``$XDG_CACHE_HOME/positions``
on Linux), or in ``$POSITIONS_CACHE_DIR``; never inside the data directory.
"""

from __future__ import annotations

import hashlib
import marshal
import mmap
import os
import pickle
import stat
import struct
import sys
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import suppress
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar, cast

import pydantic

from positions.data import gcpause
from positions.data.atomic import atomic_write
from positions.data.dataset import Dataset
from positions.data.index import StatementIndex
from positions.data.loader import load
from positions.model import (
    Membership,
    PartialDate,
    Record,
    Source,
    Stakeholder,
    Stance,
    StanceEntry,
    Statement,
    Target,
)

T = TypeVar("T")

#: Environment variable naming the cache directory (overrides the platform's convention).
CACHE_DIR_ENV = "POSITIONS_CACHE_DIR"
#: Bumped whenever the layout of an entry changes.
FORMAT_VERSION = 1

_MAGIC = b"positions-cache\n"
# magic, data key, manifest length, manifest digest, crc32 of the statements, file length
_HEADER = struct.Struct("<16s32sQ32sIQ")

_STANCES = {stance.value: stance for stance in Stance}
_STANCE_VALUES = {stance: stance.value for stance in Stance}
_new = object.__new__
# pydantic's own slots, set directly: what ``model_construct`` does, at a third of the cost
_SET_DICT = pydantic.BaseModel.__dict__["__dict__"].__set__
_SET_FIELDS = pydantic.BaseModel.__dict__["__pydantic_fields_set__"].__set__
_SET_EXTRA = pydantic.BaseModel.__dict__["__pydantic_extra__"].__set__
_SET_PRIVATE = pydantic.BaseModel.__dict__["__pydantic_private__"].__set__


def default_cache_dir() -> Path:
    """``$POSITIONS_CACHE_DIR``, else the platform's user cache directory for positions."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("positions", appauthor=False))


def load_cached(
    data_dir: str | os.PathLike[str], cache_dir: str | os.PathLike[str] | None = None
) -> Dataset:
    """``positions.load(data_dir)``, from the cache when nothing has changed since.

    Raises what ``load`` raises (``DataError`` with every problem, ``DataDirError``);
    invalid data is never cached. ``cache_dir`` defaults to ``default_cache_dir()``.
    """
    return DatasetCache(cache_dir).load(data_dir)[0]


class DatasetCache:
    """Validated datasets on disk, one entry per data directory."""

    def __init__(self, cache_dir: str | os.PathLike[str] | None = None) -> None:
        self.directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()

    def entry_path(self, data_dir: str | os.PathLike[str]) -> Path:
        """Where the entry of ``data_dir`` is stored (one per directory, replaced on change)."""
        where = str(Path(data_dir).resolve()).encode("utf-8", "surrogateescape")
        return self.directory / f"{hashlib.blake2b(where, digest_size=16).hexdigest()}.cache"

    def load(self, data_dir: str | os.PathLike[str]) -> tuple[Dataset, bool]:
        """The dataset of ``data_dir`` and whether it came from the cache."""
        root = Path(data_dir)
        if not root.is_dir() or self._inside(root):
            return load(root), False  # load reports a missing directory; data/ holds no cache
        key = data_key(root)
        entry = self.entry_path(root)
        dataset = _read_entry(entry, key, root)
        if dataset is not None:
            return dataset, True
        with gcpause.paused():  # millions of new objects
            dataset = load(root)
            if data_key(root) == key:  # the files did not change while they were read
                with suppress(OSError):  # a cache that cannot be written only costs time
                    _write_entry(entry, key, dataset)
        return dataset, False

    def _inside(self, root: Path) -> bool:
        try:
            return self.directory.resolve().is_relative_to(root.resolve())
        except OSError:
            return True


# --- the key -------------------------------------------------------------------------


def data_key(root: Path) -> bytes:
    """A digest of every file under ``root`` (names and contents) and of the code reading it.

    Reading and hashing release the GIL, so files are hashed by threads on every core (a
    warm question hashes every byte of the data and its archives).
    """
    from concurrent.futures import ThreadPoolExecutor

    files = list(_files_under(root))
    with ThreadPoolExecutor(max_workers=_HASHING_THREADS) as pool:
        digests = list(pool.map(_file_digest, [path for _, path in files]))
    outer = hashlib.sha256(_code_key())
    for (relative, _), (size, digest) in zip(files, digests, strict=True):
        name = relative.encode("utf-8", "surrogateescape")
        outer.update(struct.pack("<Iq", len(name), size) + name + digest)
    return outer.digest()


_HASHING_THREADS = min(os.cpu_count() or 1, 4)


def _file_digest(path: str) -> tuple[int, bytes]:
    """(size, SHA-256) of a file; -1 and a fixed digest for one that cannot be read."""
    digest = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except OSError:
        return -1, hashlib.sha256(b"unreadable").digest()
    return size, digest.digest()


def _files_under(root: Path) -> Iterator[tuple[str, str]]:
    """(relative name, path) of every regular file under ``root``, in a stable order.

    Directory links are followed when they stay inside ``root`` (an archive may sit behind
    one); links out of it are not (the loader refuses archives outside the data).
    """
    base = os.path.realpath(root)
    seen = {base}
    pending = [("", str(root))]
    while pending:
        prefix, directory = pending.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name, reverse=True)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            relative = prefix + entry.name
            try:
                if entry.is_dir():
                    real = os.path.realpath(entry.path)
                    if real not in seen and (real == base or real.startswith(base + os.sep)):
                        seen.add(real)
                        subdirs.append((relative + "/", entry.path))
                elif entry.is_file():
                    yield relative, entry.path
            except OSError:
                continue
        pending.extend(subdirs)


_CODE_KEY: bytes | None = None


def _code_key() -> bytes:
    """The code and versions an entry depends on: an upgrade never reads an old entry."""
    global _CODE_KEY
    if _CODE_KEY is None:
        digest = hashlib.sha256()
        digest.update(f"{FORMAT_VERSION}|{sys.version}|{pydantic.VERSION}".encode())
        package = Path(__file__).resolve().parent.parent  # every module of the package
        for source in sorted(package.rglob("*.py")):
            name = source.relative_to(package).as_posix().encode()
            digest.update(struct.pack("<I", len(name)) + name + source.read_bytes())
        _CODE_KEY = digest.digest()
    return _CODE_KEY


# --- records <-> plain tuples ----------------------------------------------------------
#
# A validated record is stored as the tuple of its field values (nested records as
# tuples too) plus the names of the fields its file gave, and rebuilt the way pydantic's
# own ``model_construct`` does, without its per-field overhead: no validation runs again.


class _Packer:
    def __init__(self) -> None:
        self.set_codes: dict[frozenset[str], int] = {}
        self.sets: list[frozenset[str]] = []

    def fields_set(self, record: Record) -> int:
        key = frozenset(record.__pydantic_fields_set__)
        code = self.set_codes.get(key)
        if code is None:
            code = self.set_codes[key] = len(self.sets)
            self.sets.append(key)
        return code

    def stakeholder(self, s: Stakeholder) -> tuple[Any, ...]:
        members = tuple((m.id, m.role, self.fields_set(m)) for m in s.member_of)
        return (
            s.id,
            s.name,
            s.kind,
            tuple(s.aliases),
            s.country,
            s.url,
            members,
            self.fields_set(s),
        )

    def target(self, t: Target) -> tuple[Any, ...]:
        return (
            t.id,
            t.kind,
            t.name,
            t.label,
            t.part_of,
            tuple(t.aliases),
            tuple(t.numbering.items()),
            self.fields_set(t),
        )

    def source(self, s: Source) -> tuple[Any, ...]:
        published = s.published.text if s.published else None
        return (s.id, s.title, s.publisher, s.url, published, s.archive, self.fields_set(s))

    def statement_rows(self, statements: Iterable[Statement]) -> list[bytes]:
        """Each statement as a ``marshal``-ed tuple (the hot loop of writing an entry)."""
        fields_set, dumps, value_of = self.fields_set, marshal.dumps, _STANCE_VALUES
        rows = []
        for s in statements:
            stances = tuple(
                [(e.target, value_of[e.stance], e.condition, fields_set(e)) for e in s.stances]
            )
            rows.append(
                dumps(
                    (
                        s.id,
                        s.actor,
                        s.speaker,
                        s.date.text if s.date else None,
                        s.source,
                        s.quote,
                        s.paraphrase,
                        stances,
                        fields_set(s),
                    )
                )
            )
        return rows


def _construct(cls: type[Record], values: dict[str, Any], fields_set: set[str]) -> Any:
    record = _new(cls)
    _SET_DICT(record, values)
    _SET_FIELDS(record, fields_set)
    _SET_EXTRA(record, None)
    _SET_PRIVATE(record, None)
    return record


class _Unpacker:
    def __init__(self, sets: list[frozenset[str]]) -> None:
        # one set per distinct value, shared: a frozen record never changes its own
        self.sets = [set(fields) for fields in sets]
        self.dates: dict[str, PartialDate] = {}

    def fields_set(self, code: int) -> set[str]:
        return self.sets[code]

    def date(self, text: str | None) -> PartialDate | None:
        if text is None:
            return None
        found = self.dates.get(text)
        if found is None:
            found = self.dates[text] = PartialDate(text)
        return found

    def stakeholder(self, row: tuple[Any, ...]) -> Stakeholder:
        sid, name, kind, aliases, country, url, members, code = row
        member_of = [
            _construct(Membership, {"id": mid, "role": role}, self.fields_set(mcode))
            for mid, role, mcode in members
        ]
        values = {
            "id": sid,
            "name": name,
            "kind": kind,
            "aliases": list(aliases),
            "country": country,
            "url": url,
            "member_of": member_of,
        }
        result: Stakeholder = _construct(Stakeholder, values, self.fields_set(code))
        return result

    def target(self, row: tuple[Any, ...]) -> Target:
        tid, kind, name, label, part_of, aliases, numbering, code = row
        values = {
            "id": tid,
            "kind": kind,
            "name": name,
            "label": label,
            "part_of": part_of,
            "aliases": list(aliases),
            "numbering": dict(numbering),
        }
        result: Target = _construct(Target, values, self.fields_set(code))
        return result

    def source(self, row: tuple[Any, ...]) -> Source:
        sid, title, publisher, url, published, archive, code = row
        values = {
            "id": sid,
            "title": title,
            "publisher": publisher,
            "url": url,
            "published": self.date(published),
            "archive": archive,
        }
        result: Source = _construct(Source, values, self.fields_set(code))
        return result

    def statements(self, rows: Iterable[tuple[Any, ...]]) -> list[Statement]:
        # the hot loop of a warm load: locals and no helper calls per field
        sets, date, new, stances_by_value = self.sets, self.date, _new, _STANCES
        set_dict, set_fields, set_extra, set_private = (
            _SET_DICT,
            _SET_FIELDS,
            _SET_EXTRA,
            _SET_PRIVATE,
        )
        built: list[Statement] = []
        append = built.append
        for sid, actor, speaker, when, source, quote, paraphrase, stances, code in rows:
            entries = []
            for target, stance, condition, entry_code in stances:
                entry = new(StanceEntry)
                set_dict(
                    entry,
                    {"target": target, "stance": stances_by_value[stance], "condition": condition},
                )
                set_fields(entry, sets[entry_code])
                set_extra(entry, None)
                set_private(entry, None)
                entries.append(entry)
            statement = new(Statement)
            set_dict(
                statement,
                {
                    "id": sid,
                    "actor": actor,
                    "speaker": speaker,
                    "date": date(when),
                    "source": source,
                    "quote": quote,
                    "paraphrase": paraphrase,
                    "stances": entries,
                },
            )
            set_fields(statement, sets[code])
            set_extra(statement, None)
            set_private(statement, None)
            append(statement)
        return built


# --- entries ---------------------------------------------------------------------------
#
# An entry: a header (magic, data key, lengths, checksums), a pickled manifest (the
# stakeholders, targets and sources as tuples, the statement index, the offset of each
# statement) and the statements, each a ``marshal``-ed tuple of plain values, so that a
# question rebuilds only the statements it reads.


class CorruptEntry(Exception):
    """A cache entry whose bytes are not what was written."""


def _digest(data: bytes | memoryview) -> bytes:
    # sha256 over blake2b: measured twice as fast here (CPUs with SHA extensions)
    return hashlib.sha256(data).digest()


def _write_entry(path: Path, key: bytes, dataset: Dataset) -> None:
    packer = _Packer()
    statements = list(dataset.statements.values())
    rows = packer.statement_rows(statements)
    offsets = array("Q", [0])
    for row in rows:
        offsets.append(offsets[-1] + len(row))
    index = dataset.statement_index()  # kept on the dataset: the question asked next uses it
    by_target = {target: array("I", numbers) for target, numbers in index.by_target.items()}
    by_actor = {actor: array("I", numbers) for actor, numbers in index.by_actor.items()}
    body = b"".join(rows)
    manifest = pickle.dumps(
        {
            "stakeholders": [packer.stakeholder(s) for s in dataset.stakeholders.values()],
            "targets": [packer.target(t) for t in dataset.targets.values()],
            "sources": [packer.source(s) for s in dataset.sources.values()],
            "offsets": offsets,
            "by_target": by_target,
            "by_actor": by_actor,
            "as_of": dataset.as_of.text if dataset.as_of else None,
            "sets": packer.sets,
        },
        protocol=5,
    )
    total = _HEADER.size + len(manifest) + len(body)
    header = _HEADER.pack(_MAGIC, key, len(manifest), _digest(manifest), zlib.crc32(body), total)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    atomic_write(path, (header, manifest, body), mode=0o600)


def _read_entry(path: Path, key: bytes, root: Path) -> Dataset | None:
    """The dataset stored at ``path`` if it is intact and was written for ``key``."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 (the map outlives the file object)
    except OSError:
        return None
    with handle:
        try:
            info = os.fstat(handle.fileno())
            if not _trusted(info) or info.st_size < _HEADER.size:
                return None
            view = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            return None
    try:
        magic, stored_key, manifest_length, manifest_digest, body_crc, total = _HEADER.unpack_from(
            view
        )
        if magic != _MAGIC or stored_key != key or total != info.st_size:
            raise CorruptEntry
        start = _HEADER.size
        manifest_bytes = view[start : start + manifest_length]
        if _digest(manifest_bytes) != manifest_digest:
            raise CorruptEntry
        base = start + manifest_length
        with memoryview(view) as whole, whole[base:] as body:
            if zlib.crc32(body) != body_crc:
                raise CorruptEntry
        with gcpause.paused():
            manifest = pickle.loads(manifest_bytes)
            unpacker = _Unpacker(manifest["sets"])
            stakeholders = {row[0]: unpacker.stakeholder(row) for row in manifest["stakeholders"]}
            targets = {row[0]: unpacker.target(row) for row in manifest["targets"]}
            sources = {row[0]: unpacker.source(row) for row in manifest["sources"]}
        store = _StatementStore(view, base, manifest, unpacker)
    except Exception:  # whatever a damaged entry raises, the answer is to rebuild it
        view.close()
        return None
    as_of = unpacker.date(manifest["as_of"])
    return CachedDataset(root, stakeholders, targets, sources, store, path, key, as_of)


def _trusted(info: os.stat_result) -> bool:
    """Only an entry this user wrote, that nobody else can write, is read (it is a pickle)."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class _StatementStore:
    """The statements of an entry (checked intact when it was opened), rebuilt on demand."""

    def __init__(
        self, view: mmap.mmap, base: int, manifest: dict[str, Any], unpacker: _Unpacker
    ) -> None:
        self.view = view
        self.base = base
        self.offsets: array[int] = manifest["offsets"]
        self.by_target: dict[str, array[int]] = manifest["by_target"]
        self.by_actor: dict[str, array[int]] = manifest["by_actor"]
        self.unpacker = unpacker
        self.built: dict[int, Statement] = {}

    def fetch(self, numbers: Iterable[int]) -> list[Statement]:
        """The statements numbered ``numbers`` (their places in the file)."""
        built = self.built
        wanted = [n for n in numbers]
        missing = [n for n in wanted if n not in built]
        if missing:
            view, base, offsets = self.view, self.base, self.offsets
            rows = [marshal.loads(view[base + offsets[n] : base + offsets[n + 1]]) for n in missing]
            with gcpause.paused():
                built.update(zip(missing, self.unpacker.statements(rows), strict=True))
        return [built[n] for n in wanted]

    def everything(self) -> dict[str, Statement]:
        """Every statement, in file order (the entry is closed afterwards)."""
        with gcpause.paused():
            statements = self.fetch(range(len(self.offsets) - 1))
        self.built = {}
        self.view.close()
        return {statement.id: statement for statement in statements}


_DERIVED = struct.Struct("<16s32s32s")  # magic, data key, digest of the pickle


def _write_derived(path: Path, key: bytes, value: Any) -> None:
    payload = pickle.dumps((value,), protocol=5)
    atomic_write(path, (_DERIVED.pack(_MAGIC, key, _digest(payload)), payload), mode=0o600)


def _read_derived(path: Path, key: bytes) -> tuple[Any] | None:
    try:
        with open(path, "rb") as handle:
            if not _trusted(os.fstat(handle.fileno())):
                return None
            data = handle.read()
        magic, stored_key, digest = _DERIVED.unpack_from(data)
        payload = data[_DERIVED.size :]
        if magic != _MAGIC or stored_key != key or _digest(payload) != digest:
            return None
        with gcpause.paused():
            value = pickle.loads(payload)
        return value if isinstance(value, tuple) and len(value) == 1 else None
    except Exception:  # missing, foreign or damaged: computed again
        return None


class CachedDataset(Dataset):
    """A ``Dataset`` read from the cache: statements are rebuilt when first needed.

    ``statements`` is the complete mapping, as for any dataset (it is built on first use);
    ``statement_index`` is the entry's, so a question reads only the statements it needs,
    and ``derived`` data is kept beside the entry for the next run. ``replace`` gives a
    plain ``Dataset``: nothing stored with the entry is used for edited data.
    """

    def __init__(
        self,
        root: Path,
        stakeholders: dict[str, Stakeholder],
        targets: dict[str, Target],
        sources: dict[str, Source],
        store: _StatementStore,
        entry: Path | None = None,
        key: bytes = b"",
        as_of: PartialDate | None = None,
    ) -> None:
        super().__init__(root, stakeholders, targets, sources)
        self._store = store
        self._as_of = as_of
        self._every: list[Statement] | None = None  # every statement, once built
        self._by_id: Mapping[str, Statement] | None = None
        self._entry = entry
        self._key = key

    @property
    def statements(self) -> Mapping[str, Statement]:
        if self._by_id is None:
            every = self._store.everything()
            self._every = list(every.values())
            self._by_id = MappingProxyType(every)
        return self._by_id

    @property
    def as_of(self) -> PartialDate | None:
        """The latest statement date, as stored with the entry (no statement is built)."""
        return self._as_of

    def statement_count(self) -> int:
        """How many statements the entry holds (none is built to count them)."""
        return len(self._store.offsets) - 1

    def statement_index(self) -> StatementIndex:
        """The entry's index: the statements it points to are rebuilt as they are fetched."""
        store = self._store

        def fetch(numbers: Iterable[int]) -> list[Statement]:
            every = self._every
            if every is not None:  # all built, and the entry closed
                return [every[n] for n in numbers]
            return store.fetch(numbers)

        return self.derived_in_memory(
            "statement_index", lambda: StatementIndex(store.by_target, store.by_actor, fetch)
        )

    def derived(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, stored beside the entry and read back while the data is unchanged."""
        return self.derived_in_memory(name, lambda: self._stored(name, compute))

    def _stored(self, name: str, compute: Callable[[], T]) -> T:
        if self._entry is None:
            return compute()
        path = self._entry.with_name(f"{self._entry.stem}.{name}")
        found = _read_derived(path, self._key)
        if found is not None:
            return cast(T, found[0])
        value = compute()
        with suppress(OSError):
            _write_derived(path, self._key, value)
        return value
