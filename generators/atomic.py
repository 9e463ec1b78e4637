"""Writing a file so that a killed build never leaves a half-written one under its name."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: Path, *, sync: bool = True) -> Iterator[Path]:
    """A temporary file beside `path` (`.<name>.<random>.tmp`) to write; when the block
    ends without error it is synced to disk, made readable (0644: web servers serve these
    files) and renamed over `path`; on any error it is deleted and `path` is untouched.
    `sync=False` skips the sync, for files checked whole every time they are read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        if sync:
            with open(temp, "rb+") as written:
                os.fsync(written.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def sync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable: a power cut must not bring the old name back."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some filesystems refuse fsync on folders; the rename itself is still atomic
    finally:
        os.close(handle)
