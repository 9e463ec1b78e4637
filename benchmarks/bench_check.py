"""Benchmark: `python build.py check` on one very large explainer full of links.

Run by hand, not in CI:  .venv/bin/python benchmarks/bench_check.py [--mb 2] [--links 3000]
`check` must be linear in the size of a file: the target is under 5 s for 2 MB and 3,000 links
(finding each link's line used to rescan its block from the start, minutes for this file).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generators.config import load_config  # noqa: E402
from generators.pipeline import check  # noqa: E402

WORDS = ("người lao động hợp đồng quyền nghĩa vụ đất đai giấy chứng nhận xử phạt vi phạm "
         "hành chính hòa giải ở cơ sở Ủy ban nhân dân xã thủ tục hồ sơ nộp tại bộ phận một cửa "
         "trong thời hạn ngày làm việc kể từ ngày nhận đủ giấy tờ hợp lệ theo quy định").split()
# Every target is different, as in a real file: no link's line can be found at another's.
TARGETS = ("khac.md#m{n}", "mau-don.pdf#page={n}", "https://example.org/luat/{n}",
           "mailto:hotro{n}@example.org")


def big_body(size: int, links: int, rng: random.Random) -> str:
    """≈ `size` bytes as editors write: lines wrapped at ~80 characters, paragraphs of ten
    lines, 20 sections. A third of the links are reference links (`[xem][r1]`) whose targets
    are defined at the end of the file: the worst case for finding a target's line."""
    lines: list[str] = []
    definitions: list[str] = []
    written, made, section = 0, 0, 0
    every = max(1, size // max(links, 1))
    while written < size:
        if written * 20 // size >= section:
            section += 1
            lines += [f"## Phần {section}", ""]
        words = " ".join(rng.choice(WORDS) for _ in range(12))
        while made < links and written >= made * every:
            target = TARGETS[made % len(TARGETS)].format(n=made)
            if made % 3 == 2:
                words += f" [xem {made}][r{made}]"
                definitions.append(f"[r{made}]: {target}")
            else:
                words += f" [xem {made}]({target})"
            made += 1
        lines.append(words)
        if len(lines) % 11 == 10:
            lines.append("")
        written += len(words.encode("utf-8")) + 1
    return "\n".join([*lines, "", *definitions]) + "\n"


def make_library(root: Path, size: int, links: int) -> None:
    data = root / "content" / "_data"
    data.mkdir(parents=True)
    (data / "fields.yml").write_text("lao-dong:\n  title: Lao động\n", "utf-8")
    (data / "audiences.yml").write_text("nguoi-dan:\n  title: Mọi người dân\n", "utf-8")
    (data / "documents.yml").write_text("{}\n", "utf-8")
    (data / "languages.yml").write_text("vi:\n  name: Tiếng Việt\n  name_vi: Tiếng Việt\n",
                                        "utf-8")
    (root / "mkdocs.yml").write_text("site_name: Thử\n", "utf-8")
    folder = root / "content" / "lao-dong"
    folder.mkdir()
    head = ("---\ntitle: \"{t}\"\ndescription: \"Mô tả.\"\nfield: lao-dong\nupdated: 2026-11-01\n"
            "reviewed: true\n---\n")
    (folder / "khac.md").write_text(head.format(t="Bài khác") + "## Phần 1\n\nChữ.\n", "utf-8")
    (folder / "mau-don.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    body = big_body(size, links, random.Random(7))
    (folder / "rat-dai.md").write_text(head.format(t="Bài rất dài") + body, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0, help="size of the explainer (MB)")
    parser.add_argument("--links", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_library(root, int(args.mb * 1024 * 1024), args.links)
        size = (root / "content/lao-dong/rat-dai.md").stat().st_size
        text = (root / "content/lao-dong/rat-dai.md").read_text("utf-8")
        started = time.perf_counter()
        _, report = check(load_config(root, today=date(2026, 11, 23)))
        seconds = time.perf_counter() - started
        errors = [p.format() for p in report.errors]
    print(f"check: {size / 1024 / 1024:.2f} MB, {text.count('[xem ')} liên kết, "
          f"{len(errors)} lỗi — {seconds:.2f} s (mục tiêu < 5 s)")
    for line in errors[:5]:
        print("  " + line)


if __name__ == "__main__":
    main()
