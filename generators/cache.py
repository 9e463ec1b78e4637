"""The content-addressed media cache (audio chapters and books, infographics, cards,
slides, video segments): a file is reused only if its key matches and it is whole; every
file is written to a temporary name and renamed, and its record (the JSON beside it) is
written last, so a build killed half-way never leaves a file a later build trusts."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from generators.atomic import replacing


def key(schema: int, *parts: Any) -> str:
    """A stable key for `parts` (JSON-serialisable): the stage's schema version (bumped when
    its output changes for the same input), input text, engine, settings."""
    blob = json.dumps([schema, *parts], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


class FileCache:
    """`<root>/<kind>/<key>.<ext>` plus `<key>.json`, the record that makes the file valid."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def discard_leftovers(self) -> int:
        """Delete temporary files a killed build left behind (never trusted, only clutter);
        returns how many: `.<name>….tmp` (generators/atomic.py), or `.part` from older builds."""
        count = 0
        folders = [f for f in self.root.iterdir() if f.is_dir()] if self.root.is_dir() else []
        for folder in folders:
            for leftover in folder.glob(".*"):
                if leftover.suffix in (".part", ".tmp") and leftover.is_file():
                    leftover.unlink(missing_ok=True)
                    count += 1
        return count

    def path(self, kind: str, name: str, ext: str) -> Path:
        folder = self.root / kind
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{name}{ext}"

    def load(self, kind: str, name: str, ext: str) -> dict[str, Any] | None:
        """The record of a whole cached file, or None (missing, torn or corrupt: redo it)."""
        record_file = self.path(kind, name, ".json")
        target = self.path(kind, name, ext)
        try:
            record = json.loads(record_file.read_text("utf-8"))
            if not isinstance(record, dict) or record.get("size") != target.stat().st_size:
                return None
        except (OSError, ValueError):
            return None
        return record

    def store(self, kind: str, name: str, ext: str, record: dict[str, Any]) -> None:
        """Write the record for a file already renamed into place: it is what makes the
        file valid, so it is written last."""
        target = self.path(kind, name, ext)
        record = {**record, "size": target.stat().st_size}
        with replacing(self.path(kind, name, ".json")) as temp:
            temp.write_text(json.dumps(record, ensure_ascii=False), "utf-8")
