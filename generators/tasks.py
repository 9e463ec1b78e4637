"""Where media work runs: "run these pure tasks" on the local pool or on a Dask cluster.

A task is a module-level function of plain data (text, numbers, bytes) that returns plain
data: it reads no file of the build and writes none (scratch files in its own temporary
folder aside), so any process on any machine can run it, and running it twice gives the
same bytes. The build alone reads and writes the cache and the site.

- `LocalRunner`: the pool of today, processes forked from the build (they die with it,
  generators/workers.py) or threads (for tasks that spend their time in ffmpeg).
- `DaskRunner`: a `distributed` cluster (`--scheduler tcp://host:port`). Each task carries
  its input (through the scheduler, which keeps it until the task is done), so a worker
  that dies mid-task costs a retry on another worker; a result reaches the cache only
  whole, through the build.

Both yield `(index, outcome)` as tasks finish, where the outcome is the task's result or the
exception it raised (the caller decides which exceptions are a voice left out and which
stop the build).
"""

from __future__ import annotations

import multiprocessing as mp
import re
import uuid
import warnings
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from generators.errors import ConfigError, EngineError
from generators.workers import new_pool, stop

if TYPE_CHECKING:
    from distributed import Client

R = TypeVar("R")

TASK_STAGES = frozenset({"infographics", "audio", "video", "cards", "ebooks", "bulletins"})
"""The stages whose work runs as tasks here (on the cluster with --scheduler)."""
CONNECT_SECONDS = 10
"""How long the build waits for the scheduler before saying it cannot be reached."""
SCHEDULER_ADDRESS = re.compile(r"^(tcp|tls)://(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$")
WINDOW = 2
"""Tasks in flight per worker (or Dask thread): enough to keep each busy, few enough
that inputs are not all held in memory at once."""
WORKER_DEATHS = 3
"""How many workers may die running one task before the build gives it up (Dask's
`distributed.scheduler.allowed-failures` is set to this on the scheduler's side)."""


class TaskRunner(Protocol):
    """Runs `fn(prepare(arg))` for every argument; yields (index, result or exception) as
    each ends. `prepare` (default: none) turns an argument into the task's input just before
    it is sent: only a window of tasks is in flight at once, so inputs that hold audio are
    read as they go, not all at the start."""

    where: str
    """Where the tasks run, for messages ("máy này", "tcp://10.0.0.5:8786")."""

    def run(self, fn: Callable[[Any], R], args: Sequence[Any],
            prepare: Callable[[Any], Any] | None = None,
            ) -> Generator[tuple[int, R | Exception], None, None]: ...


class LocalRunner:
    """The local pool: `processes` forked from the build (each task's argument and result
    are pickled), or threads in the build's own process."""

    where = "máy này"

    def __init__(self, workers: int, processes: bool = True) -> None:
        self.workers = max(1, workers)
        self.processes = processes

    def run(self, fn: Callable[[Any], R], args: Sequence[Any],
            prepare: Callable[[Any], Any] | None = None,
            ) -> Generator[tuple[int, R | Exception], None, None]:
        if not args:
            return
        workers = min(self.workers, len(args))
        context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        # One worker, or no fork: the build's own thread (engines serialise themselves).
        pool: Executor = new_pool(workers, context) \
            if self.processes and workers > 1 and context else ThreadPoolExecutor(workers)
        waiting = iter(enumerate(args))
        running: dict[Future[R], int] = {}

        def submit() -> None:
            for index, arg in waiting:
                running[pool.submit(fn, prepare(arg) if prepare else arg)] = index
                return

        try:
            for _ in range(WINDOW * workers):
                submit()
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    index = running.pop(future)
                    try:
                        outcome: R | Exception = future.result()
                    except Exception as exc:  # the task's own error: the caller decides
                        outcome = exc
                    submit()
                    yield index, outcome
        except BaseException:  # Ctrl+C, SIGTERM, the caller stopped: end the workers now
            if isinstance(pool, ProcessPoolExecutor):
                stop(pool)
            raise
        finally:
            pool.shutdown(cancel_futures=True)


class DaskRunner:
    """A Dask `distributed` cluster, through a connected `Client`."""

    def __init__(self, client: Client, address: str) -> None:
        self.client = client
        self.where = address

    def run(self, fn: Callable[[Any], R], args: Sequence[Any],
            prepare: Callable[[Any], Any] | None = None,
            ) -> Generator[tuple[int, R | Exception], None, None]:
        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        if not args:
            return
        name = getattr(fn, "__name__", "task")
        waiting = iter(enumerate(args))
        running: dict[Any, int] = {}
        done = as_completed(loop=self.client.loop)  # the loop: not a default client's

        def submit() -> None:
            for index, arg in waiting:
                # The input travels inside the task, through the scheduler: data scattered
                # to a worker dies with that worker, and its task could not be run again.
                with warnings.catch_warnings():  # "large graph": audio has to travel anyway
                    warnings.simplefilter("ignore", UserWarning)
                    future = self.client.submit(fn, prepare(arg) if prepare else arg,
                                                key=f"{name}-{uuid.uuid4().hex}", pure=False)
                running[future] = index
                done.add(future)
                return

        try:
            threads = sum(self.client.nthreads().values()) or 1
            for _ in range(WINDOW * threads):
                submit()
            for future in done:
                index = running.pop(future)
                try:
                    outcome: R | Exception = future.result()
                except KilledWorker:
                    outcome = EngineError(
                        f"việc {name} làm chết {WORKER_DEATHS} máy chạy việc Dask liên tiếp "
                        f"({self.where}) — xem nhật ký của các dask worker (thiếu bộ nhớ?)")
                except Exception as exc:
                    outcome = exc
                future.release()
                submit()
                yield index, outcome
        finally:
            if running:
                self.client.cancel(list(running), force=True)


def check_scheduler(address: str) -> str:
    """`--scheduler` as given, if it is a Dask scheduler address; else a ConfigError."""
    match = SCHEDULER_ADDRESS.match(address.strip())
    if not match or not 0 < int(match.group(3)) < 65536:
        raise ConfigError(f"--scheduler: '{address}' không phải địa chỉ bộ lập lịch Dask — "
                          "cần tcp://máy:cổng, ví dụ tcp://10.0.0.5:8786")
    return address.strip()


@contextmanager
def connect(address: str) -> Iterator[DaskRunner]:
    """A runner on the cluster whose scheduler is at `address`; closed at the end."""
    address = check_scheduler(address)
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError("--scheduler cần gói distributed: chạy `pip install distributed`"
                          ) from None
    try:
        client = Client(address, timeout=f"{CONNECT_SECONDS}s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise EngineError(
            f"--scheduler: không kết nối được tới bộ lập lịch Dask {address} sau "
            f"{CONNECT_SECONDS} giây ({type(exc).__name__}) — kiểm tra `dask scheduler` đang "
            "chạy ở máy đó và cổng mở cho máy dựng") from None
    try:
        yield DaskRunner(client, address)
    finally:
        client.close()


@contextmanager
def runner(scheduler: str | None, workers: int, processes: bool = True,
           ) -> Iterator[TaskRunner]:
    """The cluster at `scheduler` when one is given, else the local pool of `workers`."""
    if scheduler:
        with connect(scheduler) as remote:
            yield remote
    else:
        yield LocalRunner(workers, processes)


__all__ = ["TASK_STAGES", "DaskRunner", "LocalRunner", "TaskRunner", "check_scheduler",
           "connect", "runner"]
