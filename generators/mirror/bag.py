"""The bookshelf as a BagIt bag (RFC 8493) on disk, for carrying it to the repository.

The bag is built and validated in a hidden folder beside the target, then renamed into
place, so the target is either the previous bag or the new one, whole.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import bagit

from generators.mirror.errors import StoreError, UsageError, VerifyError
from generators.mirror.plan import Payload
from generators.progress import Progress

POOL_FROM = 256 * 10**6
"""Payload size (bytes) from which the bag is hashed by several processes."""


@dataclass(frozen=True)
class BagReport:
    path: Path
    files: int
    size: int
    seconds: float


def bag_info(payload: Payload) -> dict[str, str]:
    """bag-info.txt: all from the catalogue, so the same site gives the same bag."""
    info = {
        "Source-Organization": payload.name,
        "Bagging-Date": payload.date,
        "External-Description": f"{payload.name}: bản sao tủ sách pháp luật ({len(payload.files)}"
                                " tệp); danh mục trong data/catalogue.json",
        "External-Identifier": f"sha256:{payload.catalogue_sha256}",
    }
    if payload.url:
        info["Source-Organization-Address"] = payload.url
    return info


def write_bag(payload: Payload, target: Path, progress: Progress, jobs: int = 4) -> BagReport:
    """Write `payload` as a bag at `target` (a new folder, or a bag this replaces)."""
    start = time.monotonic()
    if target.exists() and not _replaceable(target):
        raise UsageError(f"{target} đã có và không phải một túi BagIt: không ghi đè — chọn "
                         "thư mục khác cho --to")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    except OSError as exc:
        raise StoreError(f"{target}: không tạo được thư mục ({exc.strerror})") from None
    try:
        with progress.bar(f"Chép vào túi BagIt {target}") as tick:
            for done, entry in enumerate(payload.files.values(), 1):
                copy = temp.joinpath(*entry.path.split("/"))
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(payload.site_dir.joinpath(*entry.path.split("/")), copy)
                tick(done, len(payload.files))
        progress.stage("Tính sha256 và kiểm tra túi BagIt")
        # bagit hashes in a process pool: worth starting only for a large payload
        processes = max(1, jobs) if payload.size > POOL_FROM else 1
        bagit.make_bag(str(temp), bag_info(payload), processes=processes, checksums=["sha256"])
        _check(bagit.Bag(str(temp)), payload, processes)
        os.chmod(temp, 0o755)
        _swap(temp, target)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return BagReport(target, len(payload.files), payload.size, time.monotonic() - start)


def _replaceable(target: Path) -> bool:
    return target.is_dir() and ((target / "bagit.txt").is_file() or not any(target.iterdir()))


def _check(bag: bagit.Bag, payload: Payload, jobs: int) -> None:
    """bagit's own validation, and every payload file against the catalogue's sha256."""
    try:
        bag.validate(processes=max(1, jobs))
    except bagit.BagError as exc:
        raise VerifyError(f"túi BagIt vừa tạo không hợp lệ: {exc}") from None
    for entry in payload.files.values():
        if bag.entries.get(f"data/{entry.path}", {}).get("sha256") != entry.sha256:
            raise VerifyError(f"túi BagIt: data/{entry.path} khác sha256 trong danh mục")


def _swap(temp: Path, target: Path) -> None:
    """Rename the new bag into place; an old bag is moved aside first, then removed."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".old"))
        os.replace(target, old / "bag")
    try:
        os.replace(temp, target)
    except OSError:
        if old is not None:
            os.replace(old / "bag", target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
