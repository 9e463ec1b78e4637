"""Worker processes that never outlive the build: every process pool is made here.

A build killed with SIGKILL cannot clean up, so each worker watches its parent itself: on
Linux the kernel sends it SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG), and a
thread checks `os.getppid()` (the parent may have died before prctl, or this is not Linux).
A build stopped by Ctrl+C or SIGTERM cancels what has not started and ends the workers.
"""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.context import BaseContext

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5
STOP_SECONDS = 5.0
"""How long a stopped worker has to end after SIGTERM before it gets SIGKILL."""


def pool_size(jobs: int | None, limit: int | None = None) -> int:
    """How many workers a pool gets: `jobs` (the --jobs option), else every core; at most
    `limit`, what the tool behind it can use at once (memory, connections)."""
    size = jobs or os.cpu_count() or 1
    return max(1, min(size, limit) if limit else size)


def new_pool(workers: int, context: BaseContext | None = None) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process."""
    context = context or mp.get_context()
    # Forked workers are our children; spawned or forkserver ones have another parent
    # (which itself ends with us), known only once they run.
    parent = os.getpid() if context.get_start_method() == "fork" else None
    return ProcessPoolExecutor(workers, mp_context=context, initializer=die_with_parent,
                               initargs=(parent,))


@contextmanager
def process_pool(workers: int, context: BaseContext | None = None,
                 ) -> Iterator[ProcessPoolExecutor]:
    """`with process_pool(n) as pool:` — waits for the workers on success; on an error,
    Ctrl+C or SIGTERM (raised as KeyboardInterrupt by build.py) stops them at once."""
    pool = new_pool(workers, context)
    try:
        yield pool
    except BaseException:
        stop(pool)
        raise
    pool.shutdown(wait=True)


def stop(pool: ProcessPoolExecutor) -> None:
    """Cancel the work not started and end the workers now, not after their current task."""
    # The executor keeps no public list of its processes; without one they would finish
    # their current task (a whole MkDocs build) after the build was stopped.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(STOP_SECONDS)
        if process.is_alive():
            process.kill()
            process.join(STOP_SECONDS)


def die_with_parent(parent: int | None) -> None:
    """A pool's initializer: end this worker when its parent (`parent`, the build, for a
    forked worker) ends."""
    # Forked workers inherit build.py's SIGTERM handler and get the terminal's Ctrl+C:
    # the parent decides when they stop, and SIGTERM simply ends them.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog below still ends the worker
    if parent is None:
        parent = os.getppid()
    elif os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="watch-parent", daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        threading.Event().wait(WATCH_SECONDS)
    os._exit(1)  # an orphan: nobody will collect what it makes
