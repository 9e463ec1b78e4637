"""Benchmark: the whole contest flow (register → draw → answer → submit → grade) over real
HTTP on loopback, against a real uvicorn with SQLite and with PostgreSQL.

Run by hand, not in CI:  .venv/bin/python benchmarks/bench_contest.py [--flows 3000]
  [--processes 2] [--threads 8] [--no-postgresql]
Each flow is one participant from their own address (X-Forwarded-For with --trust-proxy, so
that the measure is HTTP, the draw, the grading and the database, not the rate limits):
register (JSON), answer every drawn question, submit. Prints, per database:
  - the full flow: flows/s (= submissions/s with their registrations), p50/p95 of each step;
  - submissions alone (everyone registered first, then all submit): submissions/s, p50/p95.
Target (issue 16 point 4): ≥ 200 submissions/s with p95 < 200 ms on this 2-core machine.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_collector import postgresql  # noqa: E402
from generators.collector import storage  # noqa: E402
from generators.library.contest_pool import Drawn  # noqa: E402
from generators.library.model import Basis, Contest, QuizBank, QuizQuestion  # noqa: E402

SITE = "https://tusach.example.gov.vn/"
HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}
BASIS = (Basis("45/2019/QH14", "20"),)


def bank() -> QuizBank:
    """60 questions, every type, levels 1–3."""
    questions: list[QuizQuestion] = []
    for n in range(60):
        level, kind = 1 + n % 3, ("single", "multiple", "true_false", "fill", "order",
                                  "match", "numeric")[n % 7]
        values: dict[str, Any] = {}
        if kind in ("single", "multiple"):
            values["choices"] = tuple(f"Lựa chọn {n}.{i}" for i in range(4))
            values["answers"] = values["choices"][:1 if kind == "single" else 2]
        elif kind == "true_false":
            values["truth"] = n % 2 == 0
        elif kind == "fill":
            values |= {"answers": (f"đáp án {n}",), "loose": True}
        elif kind == "order":
            values["items"] = tuple(f"Bước {i}" for i in range(4))
        elif kind == "match":
            values["pairs"] = tuple((f"Trái {i}", f"Phải {i}") for i in range(4))
        else:
            values["number"] = float(n)
        questions.append(QuizQuestion(f"q{n}", kind, f"Câu hỏi số {n}?", 1, BASIS,
                                      level=level, **values))
    return QuizBank("thi", "quizzes/thi.yml", "Ngân hàng", tuple(questions))


def contest() -> Contest:
    now = datetime.now(UTC)
    return Contest("tuan-1", "quizzes/contests/tuan-1.yml", "Cuộc thi tuần 1",
                   now - timedelta(days=1), now + timedelta(days=1), ("thi",), 20, 15,
                   draw=MappingProxyType({1: 8, 2: 8, 3: 4}),
                   participant=("name", "phone", "unit"), predict_participants=True,
                   ranking=("score", "seconds", "prediction"), certificate_score=15)


def _serve(url: str, port: int) -> None:
    import uvicorn

    from generators.collector.app import UVICORN, create_app
    from generators.collector.forms import Catalogue
    from generators.collector.settings import Settings

    quizzes, held = bank(), contest()
    pool = tuple(sorted((Drawn(f"thi/{q.id}", q) for q in quizzes.questions),
                        key=lambda d: d.ref))
    settings = Settings(site_url=SITE, catalogue=Catalogue(frozenset(), frozenset(),
                                                           frozenset({"vi"})),
                        surveys={}, engine=storage.engine_for(url), trust_proxy=True,
                        contests={held.key: held}, quizzes={"thi": quizzes},
                        pools={held.key: pool})
    # Several processes may serve one port (SO_REUSEPORT), as `collector serve --workers N`.
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listening.bind(("127.0.0.1", port))
    config = uvicorn.Config(create_app(settings), log_level="warning", **UVICORN)
    uvicorn.Server(config).run(sockets=[listening])


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / tick


@contextlib.contextmanager
def server(url: str, workers: int) -> Iterator[tuple[int, list[int]]]:
    storage.migrate(url)
    port = _port()
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_serve, args=(url, port)) for _ in range(workers)]
    for process in processes:
        process.start()
    for _ in range(300):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            break
        time.sleep(0.1)
    time.sleep(1)  # every worker listening
    try:
        yield port, [p.pid for p in processes if p.pid is not None]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(30)


def answer(question: dict[str, Any], rng: random.Random) -> Any:
    """A plausible response from what was sent (right or wrong by chance)."""
    kind = question["type"]
    if kind == "single":
        return rng.choice(question["choices"])
    if kind == "multiple":
        return rng.sample(question["choices"], 2)
    if kind == "true_false":
        return rng.random() < 0.5
    if kind == "fill":
        return f"dap an {question['id'].rsplit('q', 1)[1]}"
    if kind == "order":
        return sorted(question["items"])
    if kind == "match":
        return {left: left.replace("Trái", "Phải") for left in question["left"]}
    return str(rng.randint(0, 60))


class Client:
    """One HTTP/1.1 keep-alive connection, as one participant's browser."""

    def __init__(self, port: int) -> None:
        import http.client
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def post(self, path: str, body: dict[str, Any], address: str) -> tuple[int, Any, float]:
        started = time.perf_counter()
        self.connection.request("POST", path, json.dumps(body).encode(),
                                {**HEADERS, "X-Forwarded-For": address})
        reply = self.connection.getresponse()
        data = json.loads(reply.read())
        return reply.status, data, time.perf_counter() - started


def _address(n: int) -> str:
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


def register(client: Client, n: int) -> tuple[dict[str, Any], float]:
    status, data, seconds = client.post("/contests/tuan-1/attempts", {
        "name": f"Người dự thi {n}", "phone": f"09{n:08d}", "unit": "Xã Tân Lập",
        "prediction": str(10_000 + n)}, _address(n))
    assert status == 201, (status, data)
    return data, seconds


def submit(client: Client, n: int, data: dict[str, Any]) -> float:
    rng = random.Random(n)
    given = {q["id"]: answer(q, rng) for q in data["questions"]}
    status, graded, seconds = client.post(f"/{data['submit']}", {"answers": given},
                                          _address(n))
    assert status == 200 and graded["out_of"] == 20, (status, graded)
    return seconds


def _spread(indexes: range, threads: int, work: Any) -> float:
    """Run work(index) for every index over `threads` threads; the elapsed seconds."""
    cursor = iter(indexes)
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                n = next(cursor, None)
            if n is None:
                return
            work(n)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return time.perf_counter() - started


def _drive(port: int, first: int, count: int, threads: int, go: Any, ready: Any,
           out: Any) -> None:
    """One client process: `count` full flows, then `count` registrations, a wait for
    `go`, and their submissions; the latencies go to `out`."""
    local = threading.local()

    def client() -> Client:
        if not hasattr(local, "client"):
            local.client = Client(port)
        return local.client

    registering: list[float] = []
    submitting: list[float] = []

    def flow(n: int) -> None:
        data, seconds = register(client(), n)
        registering.append(seconds)
        submitting.append(submit(client(), n, data))

    ready.wait()
    _spread(range(first, first + count), threads, flow)
    out.put(("flow", registering, submitting))
    started: dict[int, dict[str, Any]] = {}
    second = first + 5_000_000
    _spread(range(second, second + count), threads,
            lambda n: started.__setitem__(n, register(client(), n)[0]))
    out.put(("registered", [], []))
    go.wait()
    alone: list[float] = []
    _spread(range(second, second + count), threads,
            lambda n: alone.append(submit(client(), n, started[n])))
    out.put(("alone", [], alone))


def _cuts(latencies: list[float]) -> str:
    cuts = statistics.quantiles(latencies, n=100)
    return f"p50 {cuts[49] * 1000:.1f} ms, p95 {cuts[94] * 1000:.1f} ms"


def measure(name: str, url: str, flows: int, processes: int, threads: int,
            workers: int = 1) -> None:
    context = multiprocessing.get_context("spawn")
    name = f"{name} ({workers} server process{'es' if workers > 1 else ''})"
    with server(url, workers) as (port, pids):
        warm = Client(port)
        for n in range(50):
            submit(warm, 9_000_000 + n, register(warm, 9_000_000 + n)[0])
        share = flows // processes
        ready, go, out = context.Event(), context.Event(), context.Queue()
        drivers = [context.Process(target=_drive, args=(port, 10_000_000 * (i + 1), share,
                                                        threads, go, ready, out))
                   for i in range(processes)]
        for driver in drivers:
            driver.start()
        time.sleep(2)  # every client process started
        began, cpu = time.perf_counter(), cpu_seconds(pids)
        ready.set()
        registering: list[float] = []
        submitting: list[float] = []
        for _ in drivers:
            _, reg, sub = out.get()
            registering += reg
            submitting += sub
        elapsed = time.perf_counter() - began
        used = cpu_seconds(pids) - cpu
        total = share * processes
        print(f"{name}: {total} full flows (register + submit) in {elapsed:.2f} s = "
              f"{total / elapsed:.0f} submissions/s with their registrations; register "
              f"{_cuts(registering)}; submit {_cuts(submitting)} "
              f"({processes}×{threads} clients); the server used {used * 1000 / total:.1f} "
              f"ms of CPU per flow, {used / elapsed:.2f} cores")
        began = time.perf_counter()
        for _ in drivers:
            out.get()
        elapsed = time.perf_counter() - began
        print(f"{name}: {total} registrations alone in {elapsed:.2f} s = "
              f"{total / elapsed:.0f} registrations/s")
        began, cpu = time.perf_counter(), cpu_seconds(pids)
        go.set()
        alone: list[float] = []
        for _ in drivers:
            alone += out.get()[2]
        elapsed = time.perf_counter() - began
        used = cpu_seconds(pids) - cpu
        print(f"{name}: {total} submissions alone in {elapsed:.2f} s = "
              f"{total / elapsed:.0f} submissions/s; {_cuts(alone)}; server CPU "
              f"{used * 1000 / total:.1f} ms per submission")
        for driver in drivers:
            driver.join(60)
        records = [r for r in storage.records(url, "attempt") if r["contest"] == "tuan-1"]
        graded = sum(r["score"] is not None for r in records)
        print(f"{name}: {len(records)} attempts stored, {graded} graded")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flows", type=int, default=3000)
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per client process")
    parser.add_argument("--workers", type=int, default=2,
                        help="server processes for PostgreSQL (SQLite: always 1)")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-postgresql", action="store_true")
    args = parser.parse_args()
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            measure("SQLite", f"sqlite:///{folder}/collector.sqlite3", args.flows,
                    args.processes, args.threads)
    if not args.no_postgresql:
        with postgresql() as url:
            if url is None:
                print("PostgreSQL: not installed (apt-get install postgresql)")
            else:
                measure("PostgreSQL", url, args.flows, args.processes, args.threads,
                        args.workers)


if __name__ == "__main__":
    main()
