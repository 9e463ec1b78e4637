"""What to mirror (the payload, read from catalogue.json and checked against the site),
what the repository holds, and the plan that turns one into the other."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generators.config import DEFAULT_SITE_NAME
from generators.mirror.errors import CatalogueError, StoreError
from generators.mirror.keys import check_key, key_problem
from generators.mirror.store import ObjectInfo, Store, file_sha256
from generators.progress import Progress

CATALOGUE = "catalogue.json"
CATALOGUE_FORMAT = "tusach-catalogue/1"
MANIFEST = "manifest.json"
MANIFEST_FORMAT = "tusach-mirror/1"
OBJECTS = "objects/"
INCOMING = "incoming/"
HISTORY = "manifests/"
HISTORY_NAME = re.compile(r"^manifests/[^/.][^/]*-[0-9a-f]{12}\.json$")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
"""The catalogue's date, which names a manifest in manifests/: a plain ISO date, nothing else."""
SHOWN = 5
"""Mismatching files named in an error before '… và N tệp khác'."""


@dataclass(frozen=True)
class Entry:
    """One file of the bookshelf: its site path and what it must contain."""

    path: str
    sha256: str
    size: int
    media_type: str


def object_key(sha256: str) -> str:
    return f"{OBJECTS}{sha256[:2]}/{sha256}"


def incoming_key(sha256: str) -> str:
    return f"{INCOMING}{sha256}"


@dataclass(frozen=True)
class Payload:
    """Every file to mirror, checked against the site; `files` is sorted by path."""

    site_dir: Path
    name: str
    url: str | None
    date: str
    catalogue_sha256: str
    files: dict[str, Entry]

    def contents(self) -> dict[str, Entry]:
        """One entry per distinct content (sha256 → the first file that has it)."""
        distinct: dict[str, Entry] = {}
        for entry in self.files.values():
            distinct.setdefault(entry.sha256, entry)
        return distinct

    @property
    def size(self) -> int:
        return sum(entry.size for entry in self.files.values())

    def manifest(self) -> bytes:
        """manifest.json: deterministic bytes, so an unchanged bookshelf commits nothing."""
        document = {
            "format": MANIFEST_FORMAT, "catalogue_sha256": self.catalogue_sha256,
            "date": self.date,
            "files": {path: {"sha256": e.sha256, "size": e.size, "media_type": e.media_type}
                      for path, e in self.files.items()},
        }
        return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def history_key(manifest: bytes, date: str) -> str:
    return f"{HISTORY}{date}-{hashlib.sha256(manifest).hexdigest()[:12]}.json"


def _safe_path(value: object) -> str | None:
    """`value` if it is a normalised relative POSIX path inside the site, else None."""
    return value if isinstance(value, str) and key_problem(value) is None else None


def _entry(raw: Any, where: str) -> Entry:
    if not isinstance(raw, dict):
        raise CatalogueError(f"{CATALOGUE}: {where} không phải một đối tượng")
    path = _safe_path(raw.get("path"))
    if path is None:
        raise CatalogueError(f"{CATALOGUE}: {where}: đường dẫn {raw.get('path')!r} không hợp lệ "
                             "(phải là đường dẫn tương đối trong site, dạng POSIX)")
    sha, size, media = raw.get("sha256"), raw.get("size"), raw.get("media_type")
    if not isinstance(sha, str) or len(sha) != 64 or not all(c in "0123456789abcdef" for c in sha):
        raise CatalogueError(f"{CATALOGUE}: {path}: sha256 không hợp lệ")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise CatalogueError(f"{CATALOGUE}: {path}: size không hợp lệ")
    if not isinstance(media, str) or "/" not in media:
        raise CatalogueError(f"{CATALOGUE}: {path}: media_type không hợp lệ")
    return Entry(path, sha, size, media)


def _entries(document: dict[str, Any]) -> Iterable[Entry]:
    items = document.get("items")
    companions = document.get("companions", [])
    if not isinstance(items, list) or not isinstance(companions, list):
        raise CatalogueError(f"{CATALOGUE}: thiếu danh sách items hoặc companions")
    for number, item in enumerate(items, 1):
        name = item.get("id", f"mục {number}") if isinstance(item, dict) else f"mục {number}"
        files = item.get("files") if isinstance(item, dict) else None
        if not isinstance(files, list):
            raise CatalogueError(f"{CATALOGUE}: {name}: thiếu danh sách files")
        for raw in files:
            yield _entry(raw, str(name))
    for raw in companions:
        yield _entry(raw, "companions")


def read_payload(site_dir: Path, progress: Progress, jobs: int = 4) -> Payload:
    """Read catalogue.json and check every file it lists (size, then sha256) in the site.

    Raises CatalogueError naming the files that differ: then nothing may be sent."""
    catalogue = site_dir / CATALOGUE
    try:
        raw = catalogue.read_bytes()
    except FileNotFoundError:
        raise CatalogueError(f"{catalogue}: không có — dựng tủ sách trước (python build.py), "
                             "hoặc chỉ đúng thư mục bằng --site-dir") from None
    try:
        document = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogueError(f"{catalogue}: không đọc được JSON ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != CATALOGUE_FORMAT:
        raise CatalogueError(f"{catalogue}: không phải danh mục {CATALOGUE_FORMAT}")
    files: dict[str, Entry] = {}
    for entry in _entries(document):
        known = files.setdefault(entry.path, entry)
        if known.sha256 != entry.sha256 or known.size != entry.size:
            raise CatalogueError(f"{CATALOGUE} hỏng: {entry.path} xuất hiện hai lần với nội "
                                 "dung khác nhau (sha256 hoặc size khác)")
    if CATALOGUE in files:
        raise CatalogueError(f"{CATALOGUE}: không được tự liệt kê chính nó")
    files[CATALOGUE] = Entry(CATALOGUE, hashlib.sha256(raw).hexdigest(), len(raw),
                             "application/json")
    _check_files(site_dir, [e for e in files.values() if e.path != CATALOGUE], progress, jobs)
    name, url, day = document.get("name"), document.get("url"), document.get("date")
    if day is not None and not (isinstance(day, str) and DATE.fullmatch(day)):
        raise CatalogueError(f"{catalogue}: date {day!r} không hợp lệ (phải là YYYY-MM-DD)")
    return Payload(site_dir, name if isinstance(name, str) else DEFAULT_SITE_NAME,
                   url if isinstance(url, str) else None, day if isinstance(day, str) else "",
                   files[CATALOGUE].sha256, dict(sorted(files.items())))


def _check_files(site_dir: Path, entries: list[Entry], progress: Progress, jobs: int) -> None:
    def problem(entry: Entry) -> str | None:
        path = site_dir.joinpath(*entry.path.split("/"))
        try:
            size = path.stat().st_size
            if size != entry.size:
                return f"{entry.path}: {size} byte, danh mục ghi {entry.size}"
            if file_sha256(path) != entry.sha256:
                return f"{entry.path}: sha256 khác danh mục"
        except FileNotFoundError:
            return f"{entry.path}: không có trong site"
        except OSError as exc:
            return f"{entry.path}: không đọc được ({exc.strerror})"
        return None

    problems: list[str] = []
    with progress.bar("Đối chiếu tệp với catalogue.json") as tick, \
            ThreadPoolExecutor(max(1, jobs)) as pool:
        for done, found in enumerate(pool.map(problem, entries), 1):
            if found:
                problems.append(found)
            tick(done, len(entries))
    if problems:
        more = f"; … và {len(problems) - SHOWN} tệp khác" if len(problems) > SHOWN else ""
        raise CatalogueError(f"{CATALOGUE} không khớp site {site_dir} — chưa gửi gì: "
                             + "; ".join(problems[:SHOWN]) + more)


@dataclass
class Remote:
    """What the repository holds, from one read of manifest.json and a few listings."""

    manifest: bytes | None
    objects: dict[str, int] = field(default_factory=dict)
    """sha256 → size of objects/."""
    incoming: dict[str, int] = field(default_factory=dict)
    """sha256 → size of incoming/ (uploads of an interrupted run)."""
    stray: list[str] = field(default_factory=list)
    """Keys under objects/ or incoming/ that are not named by a sha256."""
    history: list[ObjectInfo] = field(default_factory=list)
    """manifests/, newest first."""


def _sha_of(key: str, prefix: str) -> str | None:
    name = key.rsplit("/", 1)[-1]
    if len(name) == 64 and all(c in "0123456789abcdef" for c in name):
        if prefix == OBJECTS and key != object_key(name):
            return None
        return name
    return None


def scan(store: Store, with_history: bool) -> Remote:
    """Read the repository's state (history only when --delete needs it)."""
    remote = Remote(store.get(MANIFEST))
    for prefix, found in ((OBJECTS, remote.objects), (INCOMING, remote.incoming)):
        for info in store.list(prefix):
            sha = _sha_of(info.key, prefix)
            if sha is not None:
                found[sha] = info.size
            elif key_problem(info.key) is None:
                remote.stray.append(info.key)  # an unsafe key is never acted on, not even deleted
    if with_history:
        history = []
        for info in store.list(HISTORY):
            if HISTORY_NAME.match(info.key):
                history.append(info)
            elif key_problem(info.key) is None:
                remote.stray.append(info.key)
        # newest first; S3's LastModified has one-second steps, the name breaks ties by date
        remote.history = sorted(history, key=lambda i: (i.modified, i.key), reverse=True)
    return remote


@dataclass(frozen=True)
class Plan:
    """One mirror run: contents to send, to promote from incoming/, to reuse; what to delete."""

    send: list[Entry]
    promote: list[Entry]
    """Already in incoming/ with the right size: verified and promoted, not sent again."""
    reused: list[Entry]
    commit: bool
    """manifest.json changes."""
    delete: list[str]
    """Keys --delete removes after the commit (empty without --delete)."""
    cleanup: list[str] = field(default_factory=list)
    """incoming/ keys whose content is already in objects/ (a run stopped before removing
    them): removed even without --delete, like the run's own temporary keys."""

    @property
    def send_size(self) -> int:
        return sum(entry.size for entry in self.send)


def make_plan(payload: Payload, remote: Remote, store: Store, delete: bool, keep: int) -> Plan:
    send: list[Entry] = []
    promote: list[Entry] = []
    reused: list[Entry] = []
    for sha, entry in sorted(payload.contents().items(), key=lambda item: item[1].path):
        if remote.objects.get(sha) == entry.size:
            reused.append(entry)
        elif remote.incoming.get(sha) == entry.size:
            promote.append(entry)
        else:
            send.append(entry)
    manifest = payload.manifest()
    doomed = _doomed(payload, manifest, remote, store, keep) if delete else []
    cleanup = [incoming_key(entry.sha256) for entry in reused if entry.sha256 in remote.incoming]
    doomed = [key for key in doomed if key not in cleanup]
    plan = Plan(send, promote, reused, manifest != remote.manifest, doomed, cleanup)
    for key in planned_keys(plan, payload):  # all of them, before the first upload
        check_key(key, store.label)
    return plan


def planned_keys(plan: Plan, payload: Payload) -> list[str]:
    """Every key a run of `plan` writes or deletes."""
    keys = [MANIFEST, history_key(payload.manifest(), payload.date)]
    for entry in [*plan.send, *plan.promote]:
        keys += [incoming_key(entry.sha256), object_key(entry.sha256)]
    return keys + plan.delete + plan.cleanup


def _referenced(manifest: bytes, where: str) -> set[str]:
    try:
        files = json.loads(manifest)["files"]
        return {str(item["sha256"]) for item in files.values()}
    except (ValueError, KeyError, TypeError, AttributeError):
        # deleting on the strength of a manifest we cannot read could lose a reader's data
        raise StoreError(f"{where} hỏng: không xóa gì — sửa hoặc bỏ tệp đó rồi chạy lại "
                         "--delete") from None


def _doomed(payload: Payload, manifest: bytes, remote: Remote, store: Store,
            keep: int) -> list[str]:
    """Keys to delete: manifests beyond the `keep` newest (the new one counts), objects none
    of the kept manifests references, and whatever incoming/ holds after the run."""
    new_history = history_key(manifest, payload.date)
    older = [info.key for info in remote.history if info.key != new_history]
    kept, dropped = older[:keep - 1], older[keep - 1:]
    wanted = {entry.sha256 for entry in payload.files.values()}
    if remote.manifest is not None:  # the manifest readers use now, even if history lost it
        wanted |= _referenced(remote.manifest, MANIFEST)
    for key in kept:
        text = store.get(key)
        if text is not None:
            wanted |= _referenced(text, key)
    doomed = list(dropped)  # manifests first: an interrupted delete leaves no dangling one
    doomed += [object_key(sha) for sha in sorted(remote.objects) if sha not in wanted]
    doomed += [incoming_key(sha) for sha in sorted(remote.incoming)
               if sha not in payload.contents()]
    doomed += sorted(remote.stray)
    return doomed
