"""Benchmark: the default build with media off (`python build.py --no-audio --no-cards
--no-ebooks --no-bulletins`: site, search index, catalogue, feeds, service worker, offline ZIP,
_headers and the .br/.gz copies) vs stock MkDocs + Material on the same Markdown.

Run by hand, not in CI:  .venv/bin/python benchmarks/bench_build.py 1000 10000
Each size is built up to three times (--runs): cold (empty cache), warm (again, nothing
changed: copies from the cache, the previous site deleted) and edited (one explainer changed:
every page names the new search index, so only assets' copies come from the cache). Wall
time, CPU time (the build and all its processes) and peak memory: of its largest process,
and of all of them at once (sampled every 0.2 s). Stock MkDocs is timed only up to
--stock-max explainers (it grows with the square). With --stages, each build also says
where its time went: wall and CPU seconds (its own and its workers') of reading and checking,
of every stage, and of the swap into place.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("người lao động hợp đồng quyền nghĩa vụ đất đai giấy chứng nhận xử phạt vi phạm "
         "hành chính hòa giải ở cơ sở Ủy ban nhân dân xã thủ tục hồ sơ nộp tại bộ phận một cửa "
         "trong thời hạn ngày làm việc kể từ ngày nhận đủ giấy tờ hợp lệ theo quy định Điều "
         "khoản điểm của Luật").split()
FIELDS = ["lao-dong", "dat-dai", "giao-thong", "hon-nhan", "hoa-giai", "an-ninh-mang",
          "tieu-dung"]
DOCS = [f"{n}/2024/QH15" for n in range(1, 41)]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def body(rng: random.Random, slug_pool: list[str], field: str) -> str:
    """≈ 500 words in 4 sections with a list, a table, a note and a link: like the starter."""
    parts = []
    for s in range(4):
        parts.append(f"## Phần {s + 1}: {sentence(rng, 5)[:-1]}")
        parts.append(" ".join(sentence(rng, 14) for _ in range(3)))
        parts.append("\n".join(f"- {sentence(rng, 9)}" for _ in range(3)))
        if s == 1:
            parts.append("| Trường hợp | Thời hạn |\n|---|---|\n" +
                         "\n".join(f"| {sentence(rng, 4)} | {rng.randint(3, 60)} ngày |"
                                   for _ in range(3)))
        if s == 2:
            parts.append(f'!!! note "Lưu ý"\n    {sentence(rng, 15)}')
            target = rng.choice(slug_pool)
            parts.append(f"Xem thêm [bài liên quan](../{target}).")
    return "\n\n".join(parts) + "\n"


def make_library(root: Path, n: int, seed: int = 7) -> list[tuple[str, str]]:
    """Write a library of n explainers; returns (relative md path, body) for stock MkDocs."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    data = root / "content" / "_data"
    data.mkdir(parents=True)
    (data / "fields.yml").write_text("".join(f"{f}:\n  title: Lĩnh vực {f}\n" for f in FIELDS))
    (data / "audiences.yml").write_text("nguoi-dan:\n  title: Mọi người dân\n")
    (data / "documents.yml").write_text("".join(
        f'"{d}":\n  type: Luật\n  title: Luật số {d}\n  issuer: Quốc hội\n  issued: 2024-06-01\n'
        for d in DOCS))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    paths = [f"{FIELDS[i % len(FIELDS)]}/bai-{i}.md" for i in range(n)]
    pages = []
    for i, rel in enumerate(paths):
        field = rel.split("/")[0]
        text = body(rng, paths, field)
        docs = rng.sample(DOCS, 2)
        front = (f'---\ntitle: "{sentence(rng, 8)[:-1]}"\ndescription: "{sentence(rng, 20)}"\n'
                 f"field: {field}\nupdated: 2026-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
                 f'documents: ["{docs[0]}", "{docs[1]}"]\naudiences: [nguoi-dan]\n'
                 "reviewed: true\n---\n")
        target = root / "content" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(front + text, "utf-8")
        pages.append((rel, text))
    return pages


MEDIA_OFF = ["--no-audio", "--no-cards", "--no-ebooks", "--no-bulletins"]


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    """User + system seconds of the process and every process it waited for."""
    rss: float
    """Peak resident MB of the largest single process."""
    tree_rss: float
    """Peak resident MB of all the run's processes at once (sampled)."""


def measure(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run `command`; its wall and CPU time, and its peak memory."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], _tree_rss(process.pid))

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    watcher.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
               peak[0] / 1024 / 1024)


def _tree_rss(root: int) -> int:
    """Bytes resident in `root` and its descendants now (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text()
        except OSError:
            continue
        parent = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(parent, []).append(int(entry))
        rss[int(entry)] = int(statm.split()[1]) * page
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def time_ours(root: Path, stages: bool = False) -> Run:
    build = [str(ROOT / "build.py"), "--root", str(root), "--quiet", "--date", "2026-11-23",
             *MEDIA_OFF]
    if not stages:
        return measure([sys.executable, *build])
    report = root / "stages.jsonl"
    report.unlink(missing_ok=True)
    run = measure([sys.executable, __file__, "--timed-build", str(report), *build[1:]])
    parts = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
    print("  " + ", ".join(f"{p['part']} {p['wall']:.1f} s / {p['cpu']:.1f} CPU-s"
                           for p in parts), flush=True)
    return run


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                          resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_build(report: Path, argv: list[str]) -> int:
    """build.py with each part timed into `report` (one JSON line a part): every worker
    pool ends with its part, so the children's CPU is the part's."""
    sys.path.insert(0, str(ROOT))
    import build
    import generators.pipeline as pipeline

    def timed(part: str, run: Any) -> Any:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), _cpu()
            try:
                return run(*args, **kwargs)
            finally:
                with report.open("a", encoding="utf-8") as out:
                    out.write(json.dumps({"part": part, "wall": time.perf_counter() - wall,
                                          "cpu": _cpu() - cpu}) + "\n")
        return wrapped

    registered = pipeline.registered

    def stages(*args: Any, **kwargs: Any) -> Any:
        found = registered(*args, **kwargs)
        for stage in found:
            stage.run = timed(stage.name, stage.run)  # type: ignore[method-assign]
        return found

    pipeline.registered = stages
    pipeline.check = timed("check", pipeline.check)
    pipeline.swap_into_place = timed("swap", pipeline.swap_into_place)
    return build.main(argv)


def edit_one(root: Path) -> None:
    """Change one explainer's text, as an editor would."""
    target = root / "content" / FIELDS[0] / "bai-0.md"
    target.write_text(target.read_text("utf-8") + "\nMột câu mới.\n", "utf-8")


def time_stock(root: Path, pages: list[tuple[str, str]]) -> Run:
    """Stock MkDocs + Material with its default nav (every page in every page) and lunr."""
    docs = root / "stock" / "docs"
    for rel, text in pages:
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {rel}\n\n{text}", "utf-8")
    (docs / "index.md").write_text("# Trang chủ\n")
    (root / "stock" / "mkdocs.yml").write_text(
        "site_name: Stock\ntheme:\n  name: material\n  language: vi\n"
        "markdown_extensions: [tables, admonition, footnotes, abbr]\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                    str(root / "stock" / "mkdocs.yml")], env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--stock-max", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--runs", default="cold,warm,edited",
                        help="which builds, in this order, of cold, warm, edited")
    parser.add_argument("--stages", action="store_true",
                        help="also print each build's time by part (check, stages, swap)")
    if sys.argv[1:2] == ["--timed-build"]:
        sys.exit(timed_build(Path(sys.argv[2]), sys.argv[3:]))
    args = parser.parse_args()
    kinds = args.runs.split(",")
    if kinds[0] != "cold" or not set(kinds) <= {"cold", "warm", "edited"}:
        parser.error("--runs starts with cold and lists only cold, warm, edited")
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start",
          flush=True)
    rows = []
    for n in args.sizes:
        lib = args.work / f"lib-{n}"
        pages = make_library(lib, n)
        runs = {"cold": time_ours(lib, args.stages)}
        html_pages = sum(1 for _ in (lib / "site").rglob("index.html"))
        for kind in kinds[1:]:
            if kind == "edited":
                edit_one(lib)
            runs[kind] = time_ours(lib, args.stages)
        stock = time_stock(lib, pages) if n <= args.stock_max else None
        rows.append((n, html_pages, runs, stock))
        print(f"n={n} ({html_pages} pages): " + ", ".join(
            f"{kind} {run.wall:.1f} s ({run.cpu:.1f} CPU-s, {run.tree_rss:.0f} MB)"
            for kind, run in runs.items()) + (f"; stock {stock.wall:.1f} s" if stock else "")
            + f"; load average {os.getloadavg()[0]:.1f}", flush=True)
    print("\n| explainers | our pages | build | wall (s) | CPU (s) | peak RSS, largest "
          "process / all (MB) | explainers/s |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for n, html_pages, runs, stock in rows:
        for kind, run in [*runs.items(), *([("stock MkDocs", stock)] if stock else [])]:
            rate = (n + 1 if kind.startswith("stock") else n) / run.wall
            print(f"| {n:,} | {html_pages:,} | {kind} | {run.wall:.1f} | {run.cpu:.1f} "
                  f"| {run.rss:.0f} / {run.tree_rss:.0f} | {rate:.0f} |")
    for n, _, runs, stock in rows:
        if stock:
            # Conservative: our explainers/s (bookshelf pages not counted) vs stock's pages/s.
            for kind in [k for k in ("cold", "warm") if k in runs]:
                speedup = (n / runs[kind].wall) / ((n + 1) / stock.wall)
                print(f"{n:,} explainers, {kind}: {speedup:.1f}× stock MkDocs + Material "
                      "(target ≥ 5×)")
    by_n = {n: runs["cold"].wall for n, _, runs, _ in rows}
    if 10000 in by_n and 50000 in by_n:
        print(f"50,000 explainers took {by_n[50000] / by_n[10000]:.1f}× the time of 10,000 "
              "(target ≤ 6×).")


if __name__ == "__main__":
    main()
