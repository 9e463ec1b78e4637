"""Pagefind, the static search index: one thin wrapper around its binary."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generators.errors import EngineError


def pagefind_binary() -> Path:
    """The binary shipped in the `pagefind[bin]` wheel."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:  # pragma: no cover - install problem
        raise EngineError("thiếu gói pagefind[bin]: chạy lại lệnh cài đặt trong README") from exc
    return get_executable()


def pagefind_version() -> str:
    done = subprocess.run([str(pagefind_binary()), "--version"], capture_output=True, text=True,
                          check=False)
    return done.stdout.strip()


def index_site(site_dir: Path) -> int:
    """Index the built site in place into `site_dir/pagefind/`; returns pages indexed."""
    command = [str(pagefind_binary()), "--site", str(site_dir), "--output-subdir", "pagefind"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise EngineError(f"Pagefind lỗi (mã {done.returncode}): {done.stderr.strip()[-2000:]}")
    for line in done.stdout.splitlines():
        # "Indexed 1001 pages"
        words = line.strip().split()
        if len(words) >= 3 and words[0] == "Indexed" and words[2].startswith("page"):
            return int(words[1])
    return 0
