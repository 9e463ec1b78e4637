"""Benchmark: the video stage on a generated ≈ 2.5-minute explainer, cold (empty cache).

Run by hand, not in CI:  .venv/bin/python benchmarks/bench_video.py [--jobs N]
The narration is made first with espeak-ng (not timed). Then each form is encoded on its
own from an empty cache (slides drawn, segments encoded, narration to AAC, MP4 joined)
and the whole stage is run cold and warm. Prints seconds of video per wall-clock second
(the realtime factor) for each form, and MB per minute of video.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generators.cache import FileCache  # noqa: E402  (after the path fix)
from generators.config import DEFAULT_SITE_NAME  # noqa: E402
from generators.graphics.raster import svg_to_png  # noqa: E402
from generators.library import load_library  # noqa: E402
from generators.speech.books import render_audiobooks  # noqa: E402
from generators.speech.espeak import EspeakEngine  # noqa: E402
from generators.stage import StageReport  # noqa: E402
from generators.video import render_videos  # noqa: E402
from generators.video.encode import encode_segment_task  # noqa: E402
from generators.video.render import (  # noqa: E402  (the stage's steps, to time each form)
    SEGMENTS,
    _audio_job,
    _mux_job,
    _plan,
    _segment_job,
)
from generators.video.slides import FORMS  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "video"
SENTENCES = (
    "Người lao động và người sử dụng lao động có thể thỏa thuận về việc làm thử.",
    "Thời gian thử việc do hai bên thỏa thuận căn cứ vào tính chất và mức độ phức tạp "
    "của công việc.",
    "Chỉ được thử việc một lần đối với một công việc.",
    "Không quá 180 ngày đối với công việc của người quản lý doanh nghiệp.",
    "Không quá 60 ngày đối với công việc cần trình độ chuyên môn từ cao đẳng trở lên.",
    "Tiền lương của người lao động trong thời gian thử việc ít nhất bằng 85% mức lương "
    "của công việc đó.",
    "Trong thời gian thử việc, mỗi bên có quyền hủy bỏ thỏa thuận thử việc mà không cần "
    "báo trước và không phải bồi thường.",
    "Khi việc làm thử đạt yêu cầu thì người sử dụng lao động phải tiếp tục thực hiện hợp "
    "đồng lao động đã giao kết.",
)
TITLES = ("Thử việc là gì", "Thời gian thử việc", "Lương thử việc", "Kết thúc thử việc",
          "Khi thử việc đạt yêu cầu", "Những điều cần nhớ")
INFOGRAPHIC = ("type: steps\ntitle: Các bước khi kết thúc thử việc\nitems:\n"
               "  - title: Thông báo kết quả\n    text: Người sử dụng lao động báo kết quả.\n"
               "  - title: Ký hợp đồng\n    text: Giao kết hợp đồng lao động.\n"
               "  - title: Nhận lương\n    text: Lương theo hợp đồng chính thức.\n")


@dataclass(frozen=True)
class _Files:
    png: dict[str, Path]


def _library(root: Path) -> object:
    shutil.copytree(ROOT / "content" / "_data", root / "content" / "_data", dirs_exist_ok=True)
    body = "".join(
        f"## {title}\n\n" + " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(4))
        + "\n\n" for i, title in enumerate(TITLES))
    field = next(p.name for p in sorted((ROOT / "content").iterdir())
                 if p.is_dir() and not p.name.startswith("_"))
    document = "45/2019/QH14"
    text = (f"---\ntitle: \"Thử việc tối đa bao lâu?\"\ndescription: \"Thời gian và tiền lương "
            f"thử việc theo Bộ luật Lao động.\"\nfield: {field}\nupdated: 2026-11-01\n"
            f"documents: [\"{document}\"]\nreviewed: true\nvideo: true\n"
            f"infographics: [ket-thuc-thu-viec]\n---\n{body}")
    (root / "content" / field).mkdir(parents=True, exist_ok=True)
    (root / "content" / field / "thu-viec-bench.md").write_text(text, "utf-8")
    (root / "infographics").mkdir(exist_ok=True)
    (root / "infographics" / "ket-thuc-thu-viec.yml").write_text(INFOGRAPHIC, "utf-8")
    (root / "mkdocs.yml").write_text("site_name: Tủ sách thử\n", "utf-8")
    library, problems = load_library(root, date(2026, 11, 23))
    assert library is not None, [p.format() for p in problems.errors]
    return library


def _infographic_pngs(folder: Path) -> dict[str, _Files]:
    """Stand-in infographics drawn like the real ones (text on panels), at their sizes."""
    folder.mkdir(parents=True, exist_ok=True)
    pngs = {}
    for fmt, (w, h) in {"ngang": (1200, 630), "doc": (1080, 1350)}.items():
        rows = "".join(
            f'<rect x="40" y="{140 + i * 150}" width="{w - 80}" height="120" rx="16" '
            f'fill="#e8eaf6"/><text x="80" y="{210 + i * 150}" font-size="36" '
            f'fill="#1a1a2e">Bước {i + 1}: người lao động và người sử dụng lao động</text>'
            for i in range((h - 160) // 150))
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}">'
               f'<rect width="{w}" height="{h}" fill="#fff"/><text x="40" y="90" '
               f'font-size="48" font-weight="700" fill="#303f9f">Các bước khi kết thúc thử '
               f'việc</text>{rows}</svg>')
        path = folder / f"{fmt}.png"
        path.write_bytes(svg_to_png(svg, w, h, fmt))
        pngs[fmt] = path
    return {"ket-thuc-thu-viec": _Files(pngs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    shutil.rmtree(OUT, ignore_errors=True)
    library = _library(OUT / "library")
    audio = render_audiobooks(library, OUT / "audio-cache", args.jobs,  # type: ignore[arg-type]
                              engines={"espeak": EspeakEngine()})
    infographics = _infographic_pngs(OUT / "infographics")
    slug = "thu-viec-bench"
    book = audio.media.audio[slug][0]
    explainer = library.explainer(slug)  # type: ignore[attr-defined]
    print(f"narration {book.duration:.1f} s, {len(book.marks) - 1} sections + 1 infographic")

    for form in FORMS:  # each form alone, from an empty cache
        cache = FileCache(OUT / f"cache-{form.name}")
        started = time.perf_counter()
        plan = _plan(library, explainer, book, infographics,  # type: ignore[arg-type]
                     DEFAULT_SITE_NAME, StageReport("video"))
        segments = plan.segments[form.name]
        jobs = [_segment_job(s) for s in segments]
        with ThreadPoolExecutor(args.jobs) as pool:
            audio_done = pool.submit(_audio_job(cache, plan))
            for segment, data in zip(segments, pool.map(encode_segment_task, jobs),
                                     strict=True):
                cache.path(SEGMENTS, segment.key, ".mp4").write_bytes(data)
            audio_done.result()
        _mux_job(cache, plan, form)()
        seconds = time.perf_counter() - started
        size = (cache.root / "videos" / f"{plan.video_keys[form.name]}.mp4").stat().st_size
        print(f"  {form.name:8} {form.width}×{form.height}: {seconds:5.1f} s for "
              f"{plan.seconds:.1f} s of video → {plan.seconds / seconds:4.1f}× realtime; "
              f"{size / 1e6:.2f} MB = {size / 1e6 / (plan.seconds / 60):.2f} MB/min "
              f"({len(jobs)} segments)")

    cache_dir = OUT / "cache-both"
    for run in ("cold", "warm"):
        started = time.perf_counter()
        report = render_videos(library, audio.media.audio, infographics, cache_dir,  # type: ignore[arg-type]
                               args.jobs)
        seconds = time.perf_counter() - started
        video = report.media.videos[slug]
        print(f"  stage {run}: {seconds:5.1f} s for both forms → "
              f"{video.duration / seconds:4.1f}× realtime ({report.built} files made, "
              f"{report.reused} reused); poster {video.poster.stat().st_size / 1e3:.0f} KB")


if __name__ == "__main__":
    main()
