"""`build-info.json`: when, from what and with which tools a site was built.

It is the one file of `site/` that differs between two builds of the same commit (it says
when the build ran); everything else is byte-identical, so hosts, CDN caches and the mirror
only move what changed. It is written last, outside the offline ZIP, the service worker's
list and the catalogue.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

BUILD_INFO = "build-info.json"
_PACKAGES = ("mkdocs", "mkdocs-material", "pagefind", "jinja2", "pypandoc-binary", "resvg-py")


def commit(root: Path) -> tuple[str | None, bool]:
    """The commit being built (CI's GITHUB_SHA, else git's HEAD) and whether the work tree
    has changes that are not committed."""
    sha = os.environ.get("GITHUB_SHA")
    try:
        if sha is None:
            sha = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], check=True,
                                 capture_output=True, text=True, timeout=10).stdout.strip()
        status = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--",
                                 "content", "infographics", "audiobooks", "mkdocs.yml"],
                                check=True, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return sha, False
    return sha or None, bool(status.stdout.strip())


def build_info(root: Path, build_date: str) -> dict[str, Any]:
    sha, dirty = commit(root)
    versions = {}
    for name in _PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return {
        "commit": sha,
        "uncommitted_changes": dirty,
        "date": build_date,
        "built_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "tools": versions,
    }


def write_build_info(out: Path, root: Path, build_date: str) -> None:
    text = json.dumps(build_info(root, build_date), ensure_ascii=False, indent=2) + "\n"
    (out / BUILD_INFO).write_text(text, "utf-8")
