"""Benchmark: `python build.py` (site + search index) vs stock MkDocs + Material, same Markdown.

Run by hand, not in CI:  .venv/bin/python benchmarks/bench_build.py 250 1000 10000
Stock MkDocs is timed only up to --stock-max explainers (it grows with the square).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

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


def time_ours(root: Path) -> float:
    started = time.perf_counter()
    # The site and its search index: the media stages are measured by their own benchmarks.
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "--quiet",
                    "--date", "2026-11-23", "--no-audio", "--no-cards"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def time_stock(root: Path, pages: list[tuple[str, str]]) -> float:
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
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                    str(root / "stock" / "mkdocs.yml")], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[250, 1000, 10000])
    parser.add_argument("--stock-max", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "out")
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        lib = args.work / f"lib-{n}"
        pages = make_library(lib, n)
        ours = time_ours(lib)
        html_pages = sum(1 for _ in (lib / "site").rglob("index.html"))
        stock = time_stock(lib, pages) if n <= args.stock_max else None
        rows.append((n, html_pages, ours, stock))
        print(f"n={n}: ours {ours:.1f}s ({html_pages} pages), "
              f"stock {'-' if stock is None else f'{stock:.1f}s'}", flush=True)
    print("\n| explainers | our pages | our time (s) | our explainers/s | stock time (s) "
          "| stock pages/s | speed-up |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, html_pages, ours, stock in rows:
        # Conservative: our explainers/s (bookshelf pages not counted) vs stock's pages/s.
        speedup = (n / ours) / ((n + 1) / stock) if stock else 0
        stock_cells = (f"{stock:.1f} | {(n + 1) / stock:.0f} | {speedup:.1f}×"
                       if stock else "— | — | —")
        print(f"| {n:,} | {html_pages:,} | {ours:.1f} | {n / ours:.0f} | {stock_cells} |")
    by_n = {n: ours for n, _, ours, _ in rows}
    if 1000 in by_n and 10000 in by_n:
        print(f"\n10,000 explainers took {by_n[10000] / by_n[1000]:.1f}× the time of 1,000 "
              "(target ≤ 12×).")


if __name__ == "__main__":
    main()
