"""The repository as a small key → bytes store, and its implementation on a local folder.

Keys are POSIX paths relative to the target (`manifest.json`, `objects/ab/ab12…`); both
stores (this one and `s3.S3Store`) lay the repository out the same way.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generators.atomic import replacing, sync_dir
from generators.mirror.errors import StoreError, UnsafeKey
from generators.mirror.keys import check_key

CHUNK = 1 << 20


@dataclass(frozen=True)
class ObjectInfo:
    """One stored object: its size, its sha256 when the store keeps one, its age."""

    key: str
    size: int
    sha256: str | None = None
    modified: float = 0.0
    """Seconds since the epoch (S3 LastModified, or the file's mtime)."""


class Store(Protocol):
    """What the mirror needs from a repository; `requests` counts round trips."""

    label: str
    """The target as the user wrote it (never holds a credential)."""
    requests: int

    def put(self, key: str, source: Path | bytes, sha256: str, media_type: str) -> None:
        """Store `source` under `key`, whole or not at all."""

    def get(self, key: str) -> bytes | None:
        """The object's bytes, or None if there is none."""

    def head(self, key: str) -> ObjectInfo | None:
        """The object's size (and sha256 when known without reading it), or None."""

    def digest(self, key: str) -> str:
        """The sha256 of the object, read back in full."""

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        """Every object whose key starts with `prefix`."""

    def copy(self, source: str, key: str, media_type: str) -> None:
        """Copy an object inside the store (server-side on S3)."""

    def delete(self, keys: Sequence[str]) -> None:
        """Delete objects; missing ones are not an error."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class FileStore:
    """The repository as a folder: each write goes to a temporary file, then is renamed."""

    def __init__(self, root: Path, label: str) -> None:
        self.root = root
        self.label = label
        self.requests = 0

    def _path(self, key: str) -> Path:
        """The file of `key`, which must resolve inside the root (no `..`, no symlink out)."""
        path = self.root.joinpath(*check_key(key, self.label).split("/"))
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise UnsafeKey(f"{self.label}: khóa {key!r} trỏ ra ngoài kho ({path.resolve()}) — "
                            "chưa gửi gì")
        return path

    def _replace(self, key: str, write: _Writer) -> None:
        path = self._path(key)
        try:
            with replacing(path) as temp:
                write(temp)
            sync_dir(path.parent)
        except OSError as exc:
            raise StoreError(f"{self.label}: không ghi được {key}: {exc.strerror}") from exc

    def put(self, key: str, source: Path | bytes, sha256: str, media_type: str) -> None:
        self.requests += 1
        if isinstance(source, bytes):
            self._replace(key, lambda temp: temp.write_bytes(source))
        else:
            self._replace(key, lambda temp: shutil.copyfile(source, temp))

    def get(self, key: str) -> bytes | None:
        self.requests += 1
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"{self.label}: không đọc được {key}: {exc.strerror}") from exc

    def head(self, key: str) -> ObjectInfo | None:
        self.requests += 1
        try:
            stat = self._path(key).stat()
        except FileNotFoundError:
            return None
        return ObjectInfo(key, stat.st_size, None, stat.st_mtime)

    def digest(self, key: str) -> str:
        self.requests += 1
        try:
            return file_sha256(self._path(key))
        except OSError as exc:
            raise StoreError(f"{self.label}: không đọc được {key}: {exc.strerror}") from exc

    def list(self, prefix: str) -> Iterator[ObjectInfo]:
        """Also lists `.<name>.<random>.tmp` files of interrupted writes: never named by a
        sha256, so --delete removes them as strays."""
        self.requests += 1
        base = self._path(prefix.rstrip("/")) if prefix.rstrip("/") else self.root
        if not base.is_dir():
            return
        for folder, _, names in os.walk(base):
            for name in sorted(names):
                path = Path(folder, name)
                stat = path.stat()
                yield ObjectInfo(path.relative_to(self.root).as_posix(), stat.st_size, None,
                                 stat.st_mtime)

    def copy(self, source: str, key: str, media_type: str) -> None:
        self.requests += 1
        self._replace(key, lambda temp: shutil.copyfile(self._path(source), temp))

    def delete(self, keys: Sequence[str]) -> None:
        for key in keys:
            self.requests += 1
            try:
                self._path(key).unlink(missing_ok=True)
            except OSError as exc:
                raise StoreError(f"{self.label}: không xóa được {key}: {exc.strerror}") from exc


class _Writer(Protocol):
    def __call__(self, temp: Path, /) -> object: ...
