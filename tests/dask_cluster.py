"""A real Dask cluster on loopback for the tests: `dask scheduler` and two `dask worker`
processes (one thread each), started as separate programs in a folder of their own, so the
tasks can reach no file of the build."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    folder: Path = Path()

    def start_worker(self, name: str) -> subprocess.Popen[bytes]:
        with open(self.folder / f"{name}.log", "ab") as log:  # the worker keeps its own copy
            worker = subprocess.Popen(
                [sys.executable, "-m", "dask", "worker", self.address, "--name", name,
                 "--nworkers", "1", "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1",
                 "--memory-limit", "0", "--no-nanny", "--local-directory",
                 str(self.folder / name)],
                cwd=self.folder, env=_env(), stdout=log, stderr=subprocess.STDOUT)
        self.workers.append(worker)
        return worker

    def stop(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in [*self.workers, self.scheduler]:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # The worktree's `generators`, not an installed copy: the workers run the build's code.
    env["PYTHONPATH"] = str(ROOT)
    env["DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES"] = "3"
    env["DASK_DISTRIBUTED__WORKER__DAEMON"] = "False"
    return env


def _wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("dask scheduler stopped at start")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError("dask scheduler did not start")


def start_cluster(folder: Path, workers: int = 2) -> Cluster:
    """A scheduler and `workers` worker processes on 127.0.0.1, waited for."""
    from distributed import Client

    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with open(folder / "scheduler.log", "ab") as log:  # the scheduler keeps its own copy
        scheduler = subprocess.Popen(
            [sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port",
             str(port), "--no-dashboard"],
            cwd=folder, env=_env(), stdout=log, stderr=subprocess.STDOUT)
    cluster = Cluster(f"tcp://127.0.0.1:{port}", scheduler, folder=folder)
    try:
        _wait_for_port(port, scheduler)
        for i in range(workers):
            cluster.start_worker(f"w{i + 1}")
        with Client(cluster.address, timeout="30s", set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=90)
    except BaseException:
        cluster.stop()
        raise
    return cluster


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    cluster = start_cluster(tmp_path_factory.mktemp("dask"))
    try:
        yield cluster
    finally:
        cluster.stop()
