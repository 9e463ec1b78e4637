"""Benchmark: the live preview (`python build.py serve`) on a synthetic library of N
explainers (benchmarks/bench_build.py's generator): how long until it first serves, then,
for each of --edits saves of one explainer's body and title, how long from the save until
the new page is on disk and served, until the new title is served on its field's listing,
until the new search index is served (the search page's notice gone) and until the preview
says it has caught up (index, exports, `_headers`; the next save waits for that).

Run by hand, not in CI:  .venv/bin/python benchmarks/bench_preview.py 2000 10000
The preview runs as `build.py serve --site-dir …` on a free port of 127.0.0.1; the page is
polled over HTTP (which waits while the preview is writing) and on disk every 20 ms.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_build import ROOT, make_library

PENDING = "Chỉ mục tìm kiếm đang cập nhật"
POLL = 0.02


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except OSError:
        return ""


def _until(check: Callable[[], bool], since: float, limit: float) -> float:
    """Seconds from `since` until `check()` holds (polled), or -1 after `limit` seconds."""
    return _all_until({"": check}, since, limit)[""]


def _all_until(checks: dict[str, Callable[[], bool]], since: float,
               limit: float) -> dict[str, float]:
    """Seconds from `since` until each check first holds (all polled in turn), -1 for
    those that did not within `limit` seconds."""
    done: dict[str, float] = {}
    while len(done) < len(checks) and time.perf_counter() - since < limit:
        for name, check in checks.items():
            if name not in done and check():
                done[name] = time.perf_counter() - since
        time.sleep(POLL)
    return {name: done.get(name, -1.0) for name in checks}


CAUGHT_UP = "✓ Chỉ mục tìm kiếm đã cập nhật."


def _edit(root: Path, site: Path, base: str, rel: str, number: int,
          log: Path) -> dict[str, float]:
    """Save a new title and a new paragraph into `rel`; seconds until each is seen, and
    until the preview says it has caught up (index, exports, `_headers`)."""
    path = root / "content" / rel
    text = path.read_text("utf-8")
    old_title = re.search(r'^title: "(.*)"$', text, re.M)
    assert old_title
    page = rel.removesuffix(".md") + "/"
    field = rel.split("/")[0]
    listing = _listing_of(site, field, old_title[1])
    title = f"Tiêu đề đã sửa lần {number}"
    marker = f"Đoạn mới số {number} của bài."
    text = text.replace(old_title[0], f'title: "{title}"', 1) + f"\n{marker}\n"
    entry = site / "pagefind" / "pagefind-entry.json"
    index_before = _read(entry)
    caught_up = _read(log).count(CAUGHT_UP)
    saved = time.perf_counter()
    path.write_text(text, "utf-8")
    times = _all_until({
        "page on disk": lambda: marker in _read(site / page / "index.html"),
        "page served": lambda: marker in _get(base + page),
        f"new title on {listing}": lambda: title in _get(base + listing),
        "new search index served": lambda: _read(entry) != index_before
        and PENDING not in _get(base + "tim-kiem/"),
        "all caught up": lambda: _read(log).count(CAUGHT_UP) > caught_up,
    }, saved, 600)
    return times


def _listing_of(site: Path, field: str, title: str) -> str:
    """The URL path of the page of `field`'s listing that shows `title`."""
    for page in sorted((site / field).glob("**/index.html")):
        rel = page.parent.relative_to(site).as_posix()
        if (rel == field or "/trang-" in rel) and title in _read(page):
            return f"{rel}/"
    raise SystemExit(f"no listing page of {field} shows {title!r}")


def bench(n: int, edits: int, work: Path) -> None:
    root = work / f"lib-{n}"
    make_library(root, n)
    site = work / f"site-{n}"
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "TUSACH_CACHE_DIR": str(work / "cache"), "PYTHONUNBUFFERED": "1"}
    log = work / f"serve-{n}.log"
    started = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "build.py", "serve", "--root", str(root), "--port", str(port),
             "--date", "2026-11-23", "--site-dir", str(site)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
    try:
        first = _until(lambda: "</html>" in _get(base), started, 3600)
        print(f"N={n}: first build served after {first:.1f} s; load average "
              f"{_load()}", flush=True)
        time.sleep(5)  # an editor's first save comes later than that: the warm-up is done
        for number in range(1, edits + 1):
            # Each save once the last one has caught up: nothing else runs meanwhile.
            times = _edit(root, site, base, "lao-dong/bai-0.md", number, log)
            figures = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in times.items())
            print(f"N={n} edit {number}: {figures}; load average {_load()}", flush=True)
    finally:
        process.terminate()
        process.wait(timeout=60)
    for line in log.read_text("utf-8").splitlines():
        if line.startswith(("✓ Cập nhật", "Dựng lại", "✗")):
            print(f"  serve: {line}")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--edits", type=int, default=3, help="saves measured per size")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as work:
        for n in args.sizes:
            bench(n, args.edits, Path(work))


if __name__ == "__main__":
    main()
