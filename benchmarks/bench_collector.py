"""Benchmark: the collector under a real uvicorn on loopback, with SQLite and PostgreSQL.

Run by hand, not in CI:  .venv/bin/python benchmarks/bench_collector.py [--posts 4000]
  [--threads 4] [--flood 10000] [--no-postgresql]
Prints feedback posts/s with p50/p95 latency (each post from its own address, through
X-Forwarded-For and --trust-proxy, so that only the database and HTTP are measured; the
targets are ≥ 500 posts/s and p95 < 50 ms on SQLite), then the share of a flood from one
address that was stored (target < 1 %).
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import http.client
import multiprocessing
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generators.collector import storage  # noqa: E402

SITE = "https://tusach.example.gov.vn/"
PAGE = "lao-dong/thu-viec/"
BODY = urlencode({"page": PAGE, "useful": "co", "text": "Bài viết dễ hiểu, cảm ơn."})
HEADERS = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}


def _serve(url: str, port: int) -> None:
    import uvicorn

    from generators.collector.app import UVICORN, create_app
    from generators.collector.forms import Catalogue
    from generators.collector.settings import Settings

    settings = Settings(site_url=SITE, catalogue=Catalogue(frozenset({PAGE}), frozenset(),
                                                           frozenset({"vi"})),
                        surveys={}, engine=storage.engine_for(url), trust_proxy=True,
                        global_per_second=1e9, global_burst=10**9)
    uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning",
                **UVICORN)


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def server(url: str) -> Iterator[int]:
    storage.migrate(url)
    port = _port()
    process = multiprocessing.get_context("spawn").Process(target=_serve, args=(url, port))
    process.start()
    for _ in range(300):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            break
        time.sleep(0.1)
    try:
        yield port
    finally:
        process.terminate()
        process.join(30)


def _posts(port: int, count: int, first: int, latencies: list[float],
           statuses: list[int], address: str | None) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for i in range(first, first + count):
        forwarded = address or f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"
        started = time.perf_counter()
        connection.request("POST", "/feedback", BODY, {**HEADERS, "X-Forwarded-For": forwarded})
        answer = connection.getresponse()
        answer.read()
        latencies.append(time.perf_counter() - started)
        statuses.append(answer.status)
    connection.close()


def run(port: int, posts: int, threads: int, address: str | None = None
        ) -> tuple[float, list[float], list[int]]:
    latencies: list[float] = []
    statuses: list[int] = []
    share = posts // threads
    workers = [threading.Thread(target=_posts, args=(port, share, n * share, latencies,
                                                     statuses, address))
               for n in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.perf_counter() - started, latencies, statuses


def measure(name: str, url: str, posts: int, threads: int, flood: int) -> None:
    with server(url) as port:
        run(port, 200, threads)  # warm up
        seconds, latencies, statuses = run(port, posts, threads)
        cuts = statistics.quantiles(latencies, n=100)
        ok = statuses.count(201)
        print(f"{name}: {ok} posts stored in {seconds:.2f} s = {ok / seconds:.0f} posts/s, "
              f"p50 {cuts[49] * 1000:.1f} ms, p95 {cuts[94] * 1000:.1f} ms "
              f"({threads} client threads)")
        before = len(list(storage.records(url)))
        seconds, _, statuses = run(port, flood, threads, address="203.0.113.66")
        kept = len(list(storage.records(url))) - before
        print(f"{name}: flood of {flood} posts from one address in {seconds:.1f} s: "
              f"{kept} stored ({kept / flood:.2%}), {statuses.count(429)} refused with 429")


@contextlib.contextmanager
def postgresql() -> Iterator[str | None]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        yield None
        return
    programs = Path(found[-1]).parent
    folder = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _port()
    subprocess.run([*prefix, str(programs / "initdb"), "-D", str(folder / "data"), "-A",
                    "trust", "-U", "postgres", "-E", "UTF8"], check=True, capture_output=True)
    subprocess.run([*prefix, str(programs / "pg_ctl"), "-D", str(folder / "data"), "-o",
                    f"-k {folder} -p {port} -c listen_addresses=127.0.0.1", "-l",
                    str(folder / "log"), "-w", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, str(programs / "pg_ctl"), "-D", str(folder / "data"), "-m",
                        "fast", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=4000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--flood", type=int, default=10_000)
    parser.add_argument("--no-postgresql", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        measure("SQLite", f"sqlite:///{folder}/collector.sqlite3", args.posts, args.threads,
                args.flood)
    if not args.no_postgresql:
        with postgresql() as url:
            if url is None:
                print("PostgreSQL: not installed (apt-get install postgresql)")
            else:
                measure("PostgreSQL", url, args.posts, args.threads, args.flood)


if __name__ == "__main__":
    main()
