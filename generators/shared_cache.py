"""The shared media cache: one store several builds (provinces, CI runs, machines) read and
fill, in a folder (`file:///srv/…`) or any S3-compatible bucket (`s3://bucket/prefix`).

It sits behind the local working cache (generators/cache.py, the files the site links):
a piece missing there is looked up here before it is made, and what a build makes is added
here, unless the store is read-only (pull-request builds: they read, never write).

Content-addressed and verified. The layout, the same on S3 and in a folder:

```
objects/<sha256[:2]>/<sha256>     a file's bytes, named by their sha256 (immutable)
entries/<kind>/<key>.json         a cache key → its files' sha256 and sizes, and its record
```

`put` writes the objects first, then the entry: the entry is what makes a piece valid, so a
build killed half-way leaves at most unreferenced objects. `get` reads the entry, then each
object, and checks its sha256: an object that does not match (damaged on disk or on the
way, or replaced) is refused and the piece is made again, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generators.atomic import replacing
from generators.cache import FileCache
from generators.config import BuildConfig, is_shared
from generators.errors import ConfigError
from generators.mirror.errors import BucketMissing, StoreError
from generators.mirror.store import FileStore, Store

FORMAT = 1
"""The entries' format; bumped if the layout changes."""
MEDIA_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class Entry:
    """One cached piece: its files by extension (".wav", ".mp3", ".vtt" …) and its record
    (timings, chapter marks, duration …: whatever the stage keeps beside the files)."""

    files: Mapping[str, bytes]
    record: Mapping[str, Any]


@dataclass
class SharedCache:
    """A content-addressed cache over a `Store` (generators/mirror/store.py); thread-safe."""

    store: Store
    read_only: bool = False
    refused: list[str] = field(default_factory=list)
    """Objects refused in this run (their sha256 did not match): made again."""
    pulled: int = 0
    pushed: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def label(self) -> str:
        return self.store.label

    def get(self, kind: str, key: str) -> Entry | None:
        """The piece `key` of `kind`, every file verified; None when it is missing,
        incomplete or refused (then it must be made)."""
        raw = self.store.get(_entry(kind, key))
        if raw is None:
            return None
        try:
            entry = json.loads(raw.decode("utf-8"))
            files_meta = entry["files"]
            record = entry["record"]
            if entry.get("format") != FORMAT or not isinstance(files_meta, dict) \
                    or not isinstance(record, dict):
                raise ValueError("format")
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            self._refuse(_entry(kind, key))
            return None
        files: dict[str, bytes] = {}
        for ext, meta in files_meta.items():
            digest = meta.get("sha256") if isinstance(meta, dict) else None
            if not isinstance(digest, str) or len(digest) != 64:
                self._refuse(_entry(kind, key))
                return None
            data = self.store.get(_object(digest))
            if data is None:
                return None  # an object not (yet) there: a miss, not damage
            if hashlib.sha256(data).hexdigest() != digest or len(data) != meta.get("size"):
                self._refuse(_object(digest))
                return None
            files[ext] = data
        with self._lock:
            self.pulled += 1
        return Entry(files, record)

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry for the piece exists (not verified: `get` does that)."""
        return self.store.head(_entry(kind, key)) is not None

    def put(self, kind: str, key: str, entry: Entry) -> bool:
        """Add a piece (objects first, its entry last); False, writing nothing, when the
        store is read-only."""
        if self.read_only:
            return False
        meta: dict[str, dict[str, Any]] = {}
        for ext, data in sorted(entry.files.items()):
            digest = hashlib.sha256(data).hexdigest()
            meta[ext] = {"sha256": digest, "size": len(data)}
            known = self.store.head(_object(digest))
            # A refused object is replaced by the good bytes, even at the same size.
            if known is None or known.size != len(data) or _object(digest) in self.refused:
                self.store.put(_object(digest), data, digest, MEDIA_TYPE)
        body = json.dumps({"format": FORMAT, "files": meta, "record": dict(entry.record)},
                          ensure_ascii=False, sort_keys=True).encode("utf-8")
        self.store.put(_entry(kind, key), body, hashlib.sha256(body).hexdigest(),
                       "application/json")
        with self._lock:
            self.pushed += 1
        return True

    def check(self) -> None:
        """Reach the store once, so that a wrong endpoint, credential or bucket is said
        before any work, in one line (a StoreError)."""
        try:
            self.store.get(_entry("probe", "0" * 32))
        except BucketMissing:
            raise StoreError(f"{self.label}: không có bucket này trên máy chủ S3 — tạo "
                             "bucket trước, hoặc sửa --cache-dir") from None

    def notices(self) -> list[str]:
        """What the build summary says about the shared cache (refused objects)."""
        if not self.refused:
            return []
        first = self.refused[0]
        more = f" và {len(self.refused) - 1} đối tượng khác" if len(self.refused) > 1 else ""
        return [f"{self.label}: {first}{more} sai sha256 — không dùng, đã làm lại"]

    def _refuse(self, key: str) -> None:
        with self._lock:
            self.refused.append(key)


class Tiered:
    """The working cache (files on this machine, which the site links: generators/cache.py)
    in front of the shared one, when there is one. Stages ask it, not either cache."""

    def __init__(self, cache: FileCache, shared: SharedCache | None) -> None:
        self.cache = cache
        self.shared = shared

    def load(self, kind: str, name: str, files: Sequence[str]) -> dict[str, Any] | None:
        """The record of a piece whole in the working cache, else fetched (verified) from
        the shared cache into it; None: make it. `files` are the piece's extensions, the
        first the one its record validates. A piece found only in the working cache is
        added to a writable shared cache, so the next build elsewhere finds it."""
        record = self.cache.load(kind, name, files[0])
        if self.shared is None:
            return record
        if record is not None:
            if not self.shared.read_only and not self.shared.has(kind, name):
                data = {ext: self.cache.path(kind, name, ext).read_bytes() for ext in files}
                self.shared.put(kind, name, Entry(data, _bare(record)))
            return record
        entry = self.shared.get(kind, name)
        if entry is None or set(entry.files) != set(files):
            return None
        self._write(kind, name, files[0], entry.files, entry.record)
        return self.cache.load(kind, name, files[0])

    def keep(self, kind: str, name: str, files: Mapping[str, bytes],
             record: Mapping[str, Any]) -> None:
        """Keep what a task made (`files`: extension → bytes, the main one first): in the
        working cache, then in the shared one."""
        self._write(kind, name, next(iter(files)), files, record)
        if self.shared is not None:
            self.shared.put(kind, name, Entry(dict(files), _bare(record)))

    def _write(self, kind: str, name: str, main: str, files: Mapping[str, bytes],
               record: Mapping[str, Any]) -> None:
        for ext, data in files.items():
            with replacing(self.cache.path(kind, name, ext)) as temp:
                temp.write_bytes(data)
        self.cache.store(kind, name, main, _bare(record))  # the record last: it makes it valid

    def notices(self) -> list[str]:
        return self.shared.notices() if self.shared is not None else []


def _bare(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record without what the working cache adds to it (the main file's size)."""
    return {k: v for k, v in record.items() if k != "size"}


def for_build(config: BuildConfig) -> SharedCache | None:
    """The build's shared cache (`--cache-dir s3://…`), reached once; None without one."""
    if not config.shared_cache:
        return None
    shared = open_shared(config.shared_cache, config.cache_read_only)
    shared.check()
    return shared


def _entry(kind: str, key: str) -> str:
    return f"entries/{kind}/{key}.json"


def _object(digest: str) -> str:
    return f"objects/{digest[:2]}/{digest}"


def open_shared(location: str, read_only: bool = False) -> SharedCache:
    """The shared cache at `s3://bucket/prefix` (endpoint and credentials from boto3's
    usual variables: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID …) or `file:///folder`."""
    parts = urlsplit(location)
    label = f"--cache-dir {location}"
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost") or not parts.path:
            raise ConfigError(f"{label}: cần file:///đường/dẫn/tuyệt/đối")
        return SharedCache(FileStore(Path(unquote(parts.path)), label), read_only)
    if parts.scheme == "s3":
        if "@" in parts.netloc:
            raise ConfigError("--cache-dir: không ghi khóa truy cập vào địa chỉ s3:// — đặt "
                              "AWS_ACCESS_KEY_ID và AWS_SECRET_ACCESS_KEY")
        if not parts.netloc:
            raise ConfigError(f"{label}: thiếu tên bucket (s3://bucket/thư-mục)")
        from generators.mirror.s3 import S3Store

        return SharedCache(S3Store(parts.netloc, parts.path.strip("/"), label), read_only)
    raise ConfigError(f"--cache-dir: '{location}' — dùng một thư mục, s3://bucket/thư-mục "
                      "hoặc file:///thư-mục")


__all__ = ["Entry", "SharedCache", "Tiered", "for_build", "is_shared", "open_shared"]
