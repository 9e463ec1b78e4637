"""Publishing a finished build: swap it into place so `site/` is never half-written."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

STAGING_PREFIX = ".site-"


def staging_dir(target: Path) -> Path:
    """A fresh folder beside `target` (same filesystem, so the swap is a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{target.name}-", dir=target.parent))


def discard_stale(target: Path) -> None:
    """Remove staging folders left by builds that were killed; they are never trusted."""
    for stale in target.parent.glob(f"{STAGING_PREFIX}{target.name}-*"):
        shutil.rmtree(stale, ignore_errors=True)


def swap_into_place(built: Path, target: Path) -> None:
    """Replace `target` by `built`; on failure the previous `target` is left as it was."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{target.name}-old-",
                                    dir=target.parent))
        os.rename(target, old / "site")
    try:
        os.rename(built, target)
    except OSError:
        if old is not None:
            os.rename(old / "site", target)
            shutil.rmtree(old, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
