"""A disk cache of validated datasets that is never stale.

An entry is keyed by the content of the files the dataset reads (the data files,
``dataset.yaml`` and every archive a source names), the code of this package and the
versions of Python and pydantic; a change in any of them is seen on the next load. Only
valid data is cached: a directory with problems is loaded (and its problems reported)
afresh every time. A corrupt, truncated or foreign entry is ignored and rebuilt.

An entry holds data, never code: plain values in MessagePack (strings, numbers, lists,
bytes), checked against a digest before they are decoded; no pickle or marshal, which
can build objects. Entries are read only from a cache directory this user owns and
nobody else can write, only as regular files this user owns (never through a link, a
FIFO or a device); anything else is passed over and the data read afresh.

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
import mmap
import os
import stat
import struct
import sys
import zlib
from array import array
from collections.abc import Callable, Iterable, Mapping
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
    DatasetInfo,
    Membership,
    PartialDate,
    Record,
    Source,
    Stakeholder,
    StakeholderKind,
    Stance,
    StanceEntry,
    Statement,
    Target,
    TargetKind,
)

T = TypeVar("T")

#: Environment variable naming the cache directory (overrides the platform's convention).
CACHE_DIR_ENV = "POSITIONS_CACHE_DIR"
#: Bumped whenever the layout of an entry changes.
FORMAT_VERSION = 3
#: The data files the key covers, beside the archives the sources name.
KEY_FILES = ("stakeholders.yaml", "targets.yaml", "sources.yaml", "statements.yaml", "dataset.yaml")

_MAGIC = b"positions-cach2\n"
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
    data_dir: str | os.PathLike[str],
    cache_dir: str | os.PathLike[str] | None = None,
    *,
    warn: Callable[[str], None] | None = None,
) -> Dataset:
    """``positions.load(data_dir)``, from the cache when nothing has changed since.

    Raises what ``load`` raises (``DataError`` with every problem, ``DataDirError``);
    invalid data is never cached. ``cache_dir`` defaults to ``default_cache_dir()``.
    A cache directory that cannot be trusted (another user's, or one others can write)
    is not used: ``warn`` is called with one line saying why, and the data is read afresh.
    """
    return DatasetCache(cache_dir, warn=warn).load(data_dir)[0]


class DatasetCache:
    """Validated datasets on disk, one entry per data directory."""

    def __init__(
        self,
        cache_dir: str | os.PathLike[str] | None = None,
        *,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        self.directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self._warn = warn

    def entry_path(self, data_dir: str | os.PathLike[str]) -> Path:
        """Where the entry of ``data_dir`` is stored (one per directory, replaced on change)."""
        where = str(Path(data_dir).resolve()).encode("utf-8", "surrogateescape")
        return self.directory / f"{hashlib.blake2b(where, digest_size=16).hexdigest()}.cache"

    def load(self, data_dir: str | os.PathLike[str]) -> tuple[Dataset, bool]:
        """The dataset of ``data_dir`` and whether it came from the cache."""
        root = Path(data_dir)
        if not root.is_dir() or self._inside(root):
            return load(root), False  # load reports a missing directory; data/ holds no cache
        refused = untrusted_directory(self.directory)
        if refused is not None:
            if self._warn is not None:
                self._warn(f"warning: not using the cache: {refused}")
            return load(root), False
        key = data_key(root)
        entry = self.entry_path(root)
        dataset = _read_entry(entry, key, root)
        if dataset is not None:
            return dataset, True
        with gcpause.paused():  # millions of new objects
            dataset = load(root)
            archives = archive_digests(dataset)
            if data_key(root) == key:  # the files did not change while they were read
                with suppress(OSError):  # a cache that cannot be written only costs time
                    _write_entry(entry, key, dataset, archives)
        return dataset, False

    def _inside(self, root: Path) -> bool:
        try:
            return self.directory.resolve().is_relative_to(root.resolve())
        except OSError:
            return True


def untrusted_directory(directory: Path) -> str | None:
    """Why ``directory`` cannot hold this user's cache (None when it can, or is not there yet).

    Every existing directory on the way from the cache directory up to the first one this
    user does not own must be this user's and writable by nobody else; a directory that is
    not there yet is made private when the first entry is written.
    """
    if not hasattr(os, "getuid"):
        return None
    try:
        info = os.lstat(directory)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"{directory} cannot be read ({error.strerror})"
    if stat.S_ISLNK(info.st_mode):
        info = os.stat(directory)
    if not stat.S_ISDIR(info.st_mode):
        return f"{directory} is not a directory"
    if info.st_uid != os.getuid():
        return f"{directory} belongs to another user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"{directory} can be written by other users (chmod go-w it)"
    return None


# --- the key -------------------------------------------------------------------------


def data_key(root: Path) -> bytes:
    """A digest of the data files (``KEY_FILES``: names and contents) and of the code.

    The archives the sources name are not in it: an entry keeps their digests and
    checks them when it is read (``archive_digests``), so a file in ``data/`` that no
    source names (a draft, a 20 GB dump) costs nothing. Reading and hashing release the
    GIL, so the files are hashed by threads on every core.
    """
    from concurrent.futures import ThreadPoolExecutor

    names = list(KEY_FILES)
    with ThreadPoolExecutor(max_workers=_HASHING_THREADS) as pool:
        digests = list(pool.map(_file_digest, [str(root / name) for name in names]))
    outer = hashlib.sha256(_code_key())
    for name, (size, digest) in zip(names, digests, strict=True):
        encoded = name.encode()
        outer.update(struct.pack("<Iq", len(encoded), size) + encoded + digest)
    return outer.digest()


_HASHING_THREADS = min(os.cpu_count() or 1, 4)
#: What a file that is missing, unreadable or not a regular file hashes to (size -1).
_NO_FILE = (-1, hashlib.sha256(b"no regular file").digest())


def _file_digest(path: str) -> tuple[int, bytes]:
    """(size, SHA-256) of a regular file; ``_NO_FILE`` for anything else.

    Opened without following a final link's target when it is a FIFO or device: the
    open never blocks, and only a regular file is read.
    """
    digest = hashlib.sha256()
    size = 0
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return _NO_FILE
    with os.fdopen(descriptor, "rb") as handle:
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return _NO_FILE
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
        except OSError:
            return _NO_FILE
    return size, digest.digest()


def archive_digests(dataset: Dataset) -> list[tuple[str, int, bytes]]:
    """(archive path as the source gives it, size, SHA-256) of every archive ``dataset`` read."""
    archives = sorted({s.archive for s in dataset.sources.values() if s.archive})
    return [(name, *_file_digest(str(dataset.root / name))) for name in archives]


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
            s.kind.value,
            tuple(s.aliases),
            s.country,
            s.url,
            s.wikidata,
            members,
            self.fields_set(s),
        )

    def target(self, t: Target) -> tuple[Any, ...]:
        return (
            t.id,
            t.kind.value,
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
        """Each statement as a MessagePack array (the hot loop of writing an entry)."""
        import msgpack

        fields_set, dumps, value_of = self.fields_set, msgpack.Packer().pack, _STANCE_VALUES
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
        sid, name, kind, aliases, country, url, wikidata, members, code = row
        member_of = [
            _construct(Membership, {"id": mid, "role": role}, self.fields_set(mcode))
            for mid, role, mcode in members
        ]
        values = {
            "id": sid,
            "name": name,
            "kind": StakeholderKind(kind),
            "aliases": list(aliases),
            "country": country,
            "url": url,
            "wikidata": wikidata,
            "member_of": member_of,
        }
        result: Stakeholder = _construct(Stakeholder, values, self.fields_set(code))
        return result

    def target(self, row: tuple[Any, ...]) -> Target:
        tid, kind, name, label, part_of, aliases, numbering, code = row
        values = {
            "id": tid,
            "kind": TargetKind(kind),
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
# An entry: a header (magic, data key, lengths, checksums), a manifest (the stakeholders,
# targets and sources as arrays, the statement index, the offset of each statement, the
# digests of the archives) and the statements, each its own MessagePack array of plain
# values, so that a question rebuilds only the statements it reads. Nothing in an entry
# can build an object other than strings, numbers, bytes and arrays of them.


class CorruptEntry(Exception):
    """A cache entry whose bytes are not what was written."""


def _digest(data: bytes | memoryview) -> bytes:
    # sha256 over blake2b: measured twice as fast here (CPUs with SHA extensions)
    return hashlib.sha256(data).digest()


def _pack(value: Any) -> bytes:
    import msgpack

    packed: bytes = msgpack.packb(value, use_bin_type=True)
    return packed


def _unpack(data: bytes | memoryview) -> Any:
    """Plain values only: strings, numbers, bytes, tuples and string-keyed maps."""
    import msgpack

    return msgpack.unpackb(data, raw=False, use_list=False, strict_map_key=True)


def _write_entry(
    path: Path, key: bytes, dataset: Dataset, archives: list[tuple[str, int, bytes]]
) -> None:
    packer = _Packer()
    statements = list(dataset.statements.values())
    rows = packer.statement_rows(statements)
    offsets = array("Q", [0])
    for row in rows:
        offsets.append(offsets[-1] + len(row))
    index = dataset.statement_index()  # kept on the dataset: the question asked next uses it
    by_target = {
        target: array("I", numbers).tobytes() for target, numbers in index.by_target.items()
    }
    by_actor = {actor: array("I", numbers).tobytes() for actor, numbers in index.by_actor.items()}
    body = b"".join(rows)
    manifest = _pack(
        {
            "stakeholders": [packer.stakeholder(s) for s in dataset.stakeholders.values()],
            "targets": [packer.target(t) for t in dataset.targets.values()],
            "sources": [packer.source(s) for s in dataset.sources.values()],
            "offsets": offsets.tobytes(),
            "by_target": by_target,
            "by_actor": by_actor,
            "as_of": dataset.as_of.text if dataset.as_of else None,
            "info": dataset.info.model_dump(exclude_unset=True) if dataset.info else None,
            "sets": [sorted(fields) for fields in packer.sets],
            "archives": archives,
        }
    )
    total = _HEADER.size + len(manifest) + len(body)
    header = _HEADER.pack(_MAGIC, key, len(manifest), _digest(manifest), zlib.crc32(body), total)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    atomic_write(path, (header, manifest, body), mode=0o600)


def _open_private(path: Path) -> tuple[Any, os.stat_result] | None:
    """``path`` opened for reading when it is a regular file this user wrote; else None.

    The final component is never followed when it is a link (a link swapped in after a
    check is not read) and the open never blocks (a FIFO planted at the path).
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    handle = os.fdopen(descriptor, "rb")
    try:
        info = os.fstat(descriptor)
    except OSError:
        handle.close()
        return None
    if not stat.S_ISREG(info.st_mode) or not _trusted(info):
        handle.close()
        return None
    return handle, info


def _read_entry(path: Path, key: bytes, root: Path) -> Dataset | None:
    """The dataset stored at ``path`` if it is intact and was written for ``key``."""
    opened = _open_private(path)
    if opened is None:
        return None
    handle, info = opened
    with handle:
        if info.st_size < _HEADER.size:
            return None
        try:
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
            manifest = _unpack(manifest_bytes)
            archives = [(name, size, digest) for name, size, digest in manifest["archives"]]
            if _archives_changed(root, archives):
                raise CorruptEntry  # stale, not damaged: rebuilt all the same
            unpacker = _Unpacker([frozenset(fields) for fields in manifest["sets"]])
            stakeholders = {row[0]: unpacker.stakeholder(row) for row in manifest["stakeholders"]}
            targets = {row[0]: unpacker.target(row) for row in manifest["targets"]}
            sources = {row[0]: unpacker.source(row) for row in manifest["sources"]}
        store = _StatementStore(view, base, manifest, unpacker)
    except Exception:  # whatever a damaged entry raises, the answer is to rebuild it
        view.close()
        return None
    as_of = unpacker.date(manifest["as_of"])
    about = DatasetInfo.model_validate(manifest["info"]) if manifest["info"] is not None else None
    return CachedDataset(root, stakeholders, targets, sources, store, path, key, as_of, about)


def _archives_changed(root: Path, archives: list[tuple[str, int, bytes]]) -> bool:
    return any(_file_digest(str(root / name)) != (size, digest) for name, size, digest in archives)


def _trusted(info: os.stat_result) -> bool:
    """Only a file this user wrote, that nobody else can write, is read."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _index_numbers(packed: bytes) -> array[int]:
    numbers = array("I")
    numbers.frombytes(packed)
    return numbers


class _StatementStore:
    """The statements of an entry (checked intact when it was opened), rebuilt on demand."""

    def __init__(
        self, view: mmap.mmap, base: int, manifest: dict[str, Any], unpacker: _Unpacker
    ) -> None:
        self.view = view
        self.base = base
        offsets = array("Q")
        offsets.frombytes(manifest["offsets"])
        self.offsets: array[int] = offsets
        self.by_target: dict[str, array[int]] = {
            target: _index_numbers(packed) for target, packed in manifest["by_target"].items()
        }
        self.by_actor: dict[str, array[int]] = {
            actor: _index_numbers(packed) for actor, packed in manifest["by_actor"].items()
        }
        self.unpacker = unpacker
        self.built: dict[int, Statement] = {}

    def fetch(self, numbers: Iterable[int]) -> list[Statement]:
        """The statements numbered ``numbers`` (their places in the file)."""
        built = self.built
        wanted = [n for n in numbers]
        missing = [n for n in wanted if n not in built]
        if missing:
            view, base, offsets, unpack = self.view, self.base, self.offsets, _unpack
            rows = [unpack(view[base + offsets[n] : base + offsets[n + 1]]) for n in missing]
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


_DERIVED = struct.Struct("<16s32s32s")  # magic, data key, digest of the payload


def _write_derived(path: Path, key: bytes, value: Any) -> None:
    payload = _pack([value])
    atomic_write(path, (_DERIVED.pack(_MAGIC, key, _digest(payload)), payload), mode=0o600)


def _read_derived(path: Path, key: bytes) -> tuple[Any] | None:
    opened = _open_private(path)
    if opened is None:
        return None
    handle, _ = opened
    try:
        with handle:
            data = handle.read()
        magic, stored_key, digest = _DERIVED.unpack_from(data)
        payload = data[_DERIVED.size :]
        if magic != _MAGIC or stored_key != key or _digest(payload) != digest:
            return None
        with gcpause.paused():
            value = _unpack(payload)
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
        info: DatasetInfo | None = None,
    ) -> None:
        super().__init__(root, stakeholders, targets, sources, info=info)
        self._store = store
        self._as_of = as_of
        # every statement, once built: in a list of its own, which the index's fetch holds
        # instead of the dataset (no cycle: a dropped dataset is freed at once, not left
        # to a full collection, 1.2 s at 10^5 statements)
        self._every: list[list[Statement]] = []
        self._by_id: Mapping[str, Statement] | None = None
        self._entry = entry
        self._key = key

    @property
    def statements(self) -> Mapping[str, Statement]:
        if self._by_id is None:
            every = self._store.everything()
            self._every.append(list(every.values()))
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
        store, built = self._store, self._every

        def fetch(numbers: Iterable[int]) -> list[Statement]:
            if built:  # all built, and the entry closed
                every = built[0]
                return [every[n] for n in numbers]
            return store.fetch(numbers)

        return self.derived_in_memory(
            "statement_index", lambda: StatementIndex(store.by_target, store.by_actor, fetch)
        )

    def derived(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, stored beside the entry and read back while the data is unchanged.

        ``compute`` must return plain data (strings, numbers, bytes, None, and lists or
        tuples of them, read back as tuples): the file holds MessagePack, never code.
        """
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
