"""generators/workers.py: worker processes end with the build, however the build ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generators.workers import process_pool
from tests.conftest import ROOT, LibraryMaker, explainer

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

FAST = ["--no-search", "--no-audio", "--no-video", "--no-cards", "--no-ebooks", "--no-bundle"]
# The real build, with the sharded renderer on from 2 explainers (normally 200).
SHARDED_BUILD = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
import generators.site.renderer as renderer
renderer.SHARD_FROM = 2
import build
sys.exit(build.main(sys.argv[1:]))
"""


def alive(pid: int) -> bool:
    """Running (a zombie waiting for an init that does not reap counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(int(entry.name))
    return found


def wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def gone(pids: set[int], seconds: float = 10) -> set[int]:
    """The pids of `pids` still running after `seconds`."""
    wait_for(lambda: not any(alive(p) for p in pids), seconds)
    return {p for p in pids if alive(p)}


def workers_of(process: subprocess.Popen[bytes], count: int) -> set[int]:
    """The build's child processes, once `count` of them run at the same time."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        found = children(process.pid)
        if len(found) >= count:
            return found
        time.sleep(0.02)
    err = process.stderr.read().decode() if process.stderr and process.poll() is not None else ""
    raise AssertionError(f"no {count} workers started {err}")


def library(tmp_library: LibraryMaker) -> Path:
    return tmp_library({f"content/lao-dong/bai-{n:02d}.md": explainer(f"Bài {n}")
                        for n in range(12)})


def start_build(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", SHARDED_BUILD, "--root", str(root),
                             "--date", "2026-11-23", "--quiet", "--jobs", "3", *FAST],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_render_workers_die_when_the_build_is_killed(tmp_library: LibraryMaker) -> None:
    root = library(tmp_library)
    process = start_build(root)
    try:
        workers = workers_of(process, 3)
        process.kill()  # SIGKILL: the build runs no code at all
        process.wait(30)
        assert gone(workers) == set()
    finally:
        process.kill()
        process.wait()
    assert (root / "site").exists() is False  # nothing half-built was published


def test_sigterm_stops_the_render_workers_and_the_build(tmp_library: LibraryMaker) -> None:
    root = library(tmp_library)
    process = start_build(root)
    try:
        workers = workers_of(process, 3)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
        assert process.returncode == 130, err.decode()
        assert err.decode().endswith("✗ Đã dừng; site/ vẫn là bản dựng trước.\n")
        assert gone(workers, 2) == set()
    finally:
        process.kill()
        process.wait()
    assert sorted(p.name for p in root.iterdir()) == ["content", "mkdocs.yml"]


POOL_OWNER = f"""
import sys, time
sys.path.insert(0, {str(ROOT)!r})
from generators.workers import process_pool
with process_pool(2) as pool:
    list(pool.map(abs, range(2)))
    print(" ".join(str(p) for p in pool._processes), flush=True)
    time.sleep(60)
"""


def test_a_pool_owner_killed_takes_its_workers_along() -> None:
    owner = subprocess.Popen([sys.executable, "-c", POOL_OWNER], stdout=subprocess.PIPE,
                             text=True)
    try:
        assert owner.stdout is not None
        workers = {int(pid) for pid in owner.stdout.readline().split()}
        assert len(workers) == 2 and all(alive(p) for p in workers)
        owner.kill()
        owner.wait(30)
        assert gone(workers) == set()
    finally:
        owner.kill()
        owner.wait()


def test_an_error_in_the_pool_body_ends_the_workers_at_once() -> None:
    with pytest.raises(KeyboardInterrupt), process_pool(2) as pool:
        pool.submit(time.sleep, 60)
        pool.submit(time.sleep, 60)
        wait_for(lambda: len(pool._processes or {}) == 2, 10)  # type: ignore[attr-defined]
        workers = set(pool._processes)  # type: ignore[attr-defined]
        raise KeyboardInterrupt
    started = time.monotonic()
    assert gone(workers, 10) == set()
    assert time.monotonic() - started < 8  # not after the 60 s task
    assert os.getpid() not in workers


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_pools_of_other_start_methods_work(method: str) -> None:
    import multiprocessing as mp

    with process_pool(2, mp.get_context(method)) as pool:
        assert list(pool.map(abs, [-1, -2, 3])) == [1, 2, 3]
