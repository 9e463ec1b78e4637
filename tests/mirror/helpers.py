"""Checks shared by the file and S3 tests: the repository holds the site, whole."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from generators.mirror.store import Store

PREFIX = "repo/"


class Interrupting:
    """A store that breaks (like a dropped connection, or Ctrl+C) after `after` uploads."""

    def __init__(self, store: Store, after: int, error: BaseException) -> None:
        self.inner = store
        self.after = after
        self.error = error
        self.puts = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def put(self, key: str, source: Path | bytes, sha256: str, media_type: str) -> None:
        if self.puts >= self.after:
            raise self.error
        self.puts += 1
        self.inner.put(key, source, sha256, media_type)


class Counting:
    """A store that records the keys it is asked to write."""

    def __init__(self, store: Store) -> None:
        self.inner = store
        self.written: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def put(self, key: str, source: Path | bytes, sha256: str, media_type: str) -> None:
        self.written.append(key)
        self.inner.put(key, source, sha256, media_type)


def assert_mirrors(objects: dict[str, bytes], site: Path) -> dict[str, Any]:
    """`objects` (key → bytes of a repository) holds `site` whole, each content exactly once,
    and nothing in incoming/; returns the manifest."""
    manifest = json.loads(objects["manifest.json"])
    assert manifest["format"] == "tusach-mirror/1"
    catalogue = (site / "catalogue.json").read_bytes()
    assert manifest["catalogue_sha256"] == hashlib.sha256(catalogue).hexdigest()
    history = [key for key in objects if key.startswith("manifests/")]
    assert objects["manifest.json"] in [objects[key] for key in history]
    for path, entry in manifest["files"].items():
        data = (site / path).read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        assert entry["sha256"] == sha and entry["size"] == len(data), path
        assert hashlib.sha256(objects[f"objects/{sha[:2]}/{sha}"]).hexdigest() == sha
    stored = sorted(key for key in objects if key.startswith("objects/"))
    wanted = sorted({f"objects/{e['sha256'][:2]}/{e['sha256']}"
                     for e in manifest["files"].values()})
    assert stored == wanted  # exactly once each, nothing extra
    assert not [key for key in objects if key.startswith("incoming/")]
    return dict(manifest)


def folder(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def committed(objects: dict[str, bytes]) -> dict[str, bytes]:
    """`objects` without the objects/ that manifest.json does not reference (older sites)."""
    manifest = json.loads(objects["manifest.json"])
    wanted = {f"objects/{e['sha256'][:2]}/{e['sha256']}" for e in manifest["files"].values()}
    return {key: data for key, data in objects.items()
            if not key.startswith("objects/") or key in wanted}
