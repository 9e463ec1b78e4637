"""The preview's file moves: each file of the site replaced whole (written beside it, then
renamed), so the browser never gets half a page."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def scratch(site: Path) -> Iterator[Path]:
    """A folder beside `site`, on its file system (a rename from it is atomic), removed
    afterwards."""
    site.parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=".tusach-preview-", dir=site.parent))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def move_page(rendered: Path, site: Path, url: str) -> None:
    """`rendered/<url>/index.html` to the same place in `site`, replacing the old one."""
    target = site / url / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(rendered / url / "index.html", target)


def install_dir(source: Path, target: Path, last: str) -> None:
    """Make `target` hold exactly the files of `source`: new and changed files moved in one
    by one (each rename atomic), `last` moved after them (the file that names the others,
    e.g. Pagefind's entry), then the files `source` does not have deleted."""
    target.mkdir(parents=True, exist_ok=True)
    wanted = {p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file()}
    for rel in sorted(wanted - {last}) + ([last] if last in wanted else []):
        new, old = source / rel, target / rel
        if old.is_file() and _same_bytes(new, old):
            continue
        old.parent.mkdir(parents=True, exist_ok=True)
        os.replace(new, old)
    for old in sorted(target.rglob("*"), reverse=True):
        rel = old.relative_to(target).as_posix()
        if old.is_file() and rel not in wanted:
            old.unlink()
        elif old.is_dir() and not any(old.iterdir()):
            old.rmdir()


def _same_bytes(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


_HASHES: dict[tuple[str, int, int, int, int], bytes] = {}


def tree_signature(folders: Iterable[Path]) -> str:
    """A hash of every file's path and bytes under `folders` (missing ones count too).

    A file is hashed again whenever its size, mtime, ctime or inode changed (recordings
    can be large); the ctime cannot be set back by a tool, so a file rewritten with its old
    mtime is still hashed again."""
    digest = hashlib.sha256()
    for folder in folders:
        digest.update(f"{folder}\0".encode())
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
                digest.update(file_hash(path))
    return digest.hexdigest()


def file_hash(path: Path) -> bytes:
    """The sha256 of the file's bytes, read again whenever its size, mtime, ctime or inode
    changed."""
    info = path.stat()
    key = (str(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    if key not in _HASHES:
        _HASHES[key] = hashlib.sha256(path.read_bytes()).digest()
    return _HASHES[key]


__all__ = ["file_hash", "install_dir", "move_page", "scratch", "tree_signature"]
