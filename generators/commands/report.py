"""The end of every command that checks or builds: problems on stderr, then the summary
printed from the stages' reports."""

from __future__ import annotations

import sys

from generators.pipeline import Report
from generators.stage import StageReport

ORDER = ("site", "audio", "infographics", "video", "translations", "ebooks", "exports", "cards",
         "bundle")
"""The summary's order, the one editors know (the site's lines right under its headline);
stages not named here follow, in the order they ran."""


def print_report(report: Report, command: str) -> None:
    """Problems one per line on stderr, then a one-line summary and each stage's lines."""
    for problem in report.errors + report.warnings:
        print(problem.format(), file=sys.stderr)
    seconds = f"{report.seconds:.1f}".replace(".", ",")
    if report.errors:
        print(f"✗ {len(report.errors)} lỗi, {len(report.warnings)} cảnh báo — "
              "chưa ghi gì; sửa các lỗi trên rồi chạy lại.", file=sys.stderr)
        return
    if command == "check":
        print(f"✓ Thư viện hợp lệ: {report.explainers} bài, {len(report.warnings)} cảnh báo, "
              f"{seconds} giây.")
        return
    print(f"✓ Đã dựng {report.detail('site', 'pages', 0)} trang ({report.explainers} bài, "
          f"{report.detail('site', 'indexed', 0)} trang trong chỉ mục tìm kiếm), "
          f"{len(report.warnings)} cảnh báo, {seconds} giây → {report.site_dir}")
    for stage in _in_order(list(report.stages.values())):
        for line in stage.lines():
            print(f"  {line}")
    if not report.config.site_url:
        print("  site_url chưa đặt: sitemap.xml dùng đường dẫn tương đối. Dựng với "
              "--site-url https://…/ (hoặc đặt site_url trong mkdocs.yml) trước khi đăng.")


def _in_order(stages: list[StageReport]) -> list[StageReport]:
    def place(item: tuple[int, StageReport]) -> tuple[int, int]:
        ran, stage = item
        return (ORDER.index(stage.name), ran) if stage.name in ORDER else (len(ORDER), ran)
    return [stage for _, stage in sorted(enumerate(stages), key=place)]
