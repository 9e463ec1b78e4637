"""Carry out a plan: upload to incoming/, verify, promote to objects/, commit the manifest.

The order is what makes the mirror safe to interrupt at any point: objects are immutable and
named by their sha256, nothing under objects/ is there unverified, and manifest.json (what
readers go by) is written last, after its copy in manifests/.
"""

from __future__ import annotations

import hashlib
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from generators.mirror.errors import VerifyError
from generators.mirror.plan import (
    MANIFEST,
    Entry,
    Payload,
    Plan,
    history_key,
    incoming_key,
    object_key,
)
from generators.mirror.store import Store
from generators.progress import Progress


@dataclass
class MirrorReport:
    sent: int = 0
    """Contents uploaded (a content shared by several paths counts once)."""
    sent_bytes: int = 0
    promoted: int = 0
    """Contents found verified in incoming/ (an interrupted run) and not sent again."""
    reused: int = 0
    deleted: int = 0
    committed: bool = False
    requests: int = 0
    seconds: float = 0.0


def verified(store: Store, key: str, entry: Entry) -> bool:
    """Whether `key` holds exactly `entry`'s bytes (the store's checksum, else read back)."""
    info = store.head(key)
    if info is None or info.size != entry.size:
        return False
    return (info.sha256 or store.digest(key)) == entry.sha256


def _transfer(store: Store, payload: Payload, entry: Entry, staged: bool) -> bool:
    """Bring one content into objects/; True if its bytes were sent."""
    incoming, final = incoming_key(entry.sha256), object_key(entry.sha256)
    sent = False
    if not (staged and verified(store, incoming, entry)):
        source = payload.site_dir.joinpath(*entry.path.split("/"))
        store.put(incoming, source, entry.sha256, entry.media_type)
        sent = True
        if not verified(store, incoming, entry):
            raise VerifyError(f"{store.label}: {entry.path} gửi lên bị sai lệch "
                              f"({incoming}) — chạy lại để gửi lại")
    store.copy(incoming, final, entry.media_type)
    if not verified(store, final, entry):
        store.delete([final])  # never leave a wrong object where a later run would trust it
        raise VerifyError(f"{store.label}: bản chép {final} của {entry.path} bị sai lệch — "
                          "chạy lại")
    store.delete([incoming])
    return sent


class _Stopped(Exception):
    """A transfer not started because another one failed."""


def transfer(payload: Payload, plan: Plan, store: Store, progress: Progress, jobs: int,
             report: MirrorReport) -> None:
    """Upload and promote every content of the plan, `jobs` at a time; after a failure
    (or Ctrl+C) the transfers in flight finish and no new one starts."""
    work = [(entry, False) for entry in plan.send] + [(entry, True) for entry in plan.promote]
    if not work:
        return
    stop = threading.Event()

    def job(entry: Entry, staged: bool) -> bool:
        if stop.is_set():
            raise _Stopped
        try:
            return _transfer(store, payload, entry, staged)
        except BaseException:
            stop.set()
            raise

    with progress.bar(f"Gửi lên {store.label}") as tick:
        pool = ThreadPoolExecutor(max(1, jobs))
        futures: dict[Future[bool], Entry] = {
            pool.submit(job, entry, staged): entry for entry, staged in work}
        try:
            for done, future in enumerate(as_completed(futures), 1):
                entry = futures[future]
                if future.exception() is not None:
                    break
                if future.result():
                    report.sent += 1
                    report.sent_bytes += entry.size
                else:
                    report.promoted += 1
                tick(done, len(work))
        finally:
            stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
        for future in futures:
            error = None if future.cancelled() else future.exception()
            if error is not None and not isinstance(error, _Stopped):
                raise error


def commit(payload: Payload, store: Store) -> None:
    """Write the manifest into manifests/, then manifest.json: from now readers see it."""
    manifest = payload.manifest()
    entry = Entry(MANIFEST, hashlib.sha256(manifest).hexdigest(), len(manifest),
                  "application/json")
    for key in (history_key(manifest, payload.date), MANIFEST):
        store.put(key, manifest, entry.sha256, entry.media_type)
        if not verified(store, key, entry):
            raise VerifyError(f"{store.label}: {key} ghi lên bị sai lệch — chạy lại")


def mirror(payload: Payload, plan: Plan, store: Store, progress: Progress,
           jobs: int = 4) -> MirrorReport:
    """Run `plan`: transfer, commit, then (only if the plan has any) deletions."""
    start = time.monotonic()
    report = MirrorReport(reused=len(plan.reused))
    transfer(payload, plan, store, progress, jobs, report)
    if plan.commit:
        commit(payload, store)
        report.committed = True
    doomed = plan.cleanup + plan.delete
    if doomed:
        store.delete(doomed)
        report.deleted = len(plan.delete)
    report.requests = store.requests
    report.seconds = time.monotonic() - start
    return report
