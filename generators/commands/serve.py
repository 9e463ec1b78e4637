"""`python build.py serve`: build, serve on localhost, and on every save re-render only what
the edit changed (generators/preview), reloading the browser after the files are written."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from generators.commands.options import config_from
from generators.commands.report import print_report
from generators.config import BuildConfig
from generators.preview.session import FIRST_BUILD, PreviewSession, Update

WATCHED = ("content", "infographics", "audiobooks", "qa", "situations", "quizzes", "surveys",
           "mkdocs.yml")


def run(args: argparse.Namespace) -> int:
    """Preview with live reload; drafts are shown (marked) so editors can see them."""
    from mkdocs.livereload import LiveReloadServer

    class Server(LiveReloadServer):
        def reload_browsers(self) -> None:
            """Reload open pages now (files written outside a rebuild: the search index)."""
            with self._epoch_cond:
                now = round(time.monotonic() * 1000)
                if self._visible_epoch == self._wanted_epoch:  # not while a rebuild runs
                    self._wanted_epoch = self._visible_epoch = now
                self._epoch_cond.notify_all()

    root: Path = args.root
    preview = args.site_dir or Path(tempfile.mkdtemp(prefix="tusach-preview-")) / "site"
    url = f"http://{args.host}:{args.port}/"
    server: Server | None = None

    def make_config() -> BuildConfig:
        # Read again on every rebuild: an edit to mkdocs.yml counts.
        return config_from(args, site_dir=preview, site_url=url, preview=True)

    def caught_up() -> None:
        print("✓ Chỉ mục tìm kiếm đã cập nhật.", flush=True)
        if server is not None:
            server.reload_browsers()

    session = PreviewSession(make_config, on_caught_up=caught_up)

    def builder() -> None:
        report_update(session.update())

    try:
        builder()
        preview.mkdir(parents=True, exist_ok=True)
        server = Server(builder=builder, host=args.host, port=args.port, root=str(preview))
        for name in WATCHED:
            if (root / name).exists():
                server.watch(str(root / name))
        print(f"Xem trước tại {url} — nhấn Ctrl+C để dừng.")
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        session.close()
        if args.site_dir is None:
            shutil.rmtree(preview.parent, ignore_errors=True)
    return 0


def report_update(update: Update) -> None:
    """Problems as `path:line: message`, then what the save did."""
    seconds = f"{update.seconds:.1f}".replace(".", ",")
    if update.kind == "incremental":
        assert update.report is not None
        for problem in update.report.warnings:
            print(problem.format(), file=sys.stderr)
        removed = f", xóa {len(update.removed)}" if update.removed else ""
        print(f"✓ Cập nhật {len(update.rendered)} trang{removed}, {seconds} giây "
              "(chỉ mục tìm kiếm đang cập nhật…)", flush=True)
        return
    if update.report is not None:
        if update.kind == "full" and update.reason not in ("", FIRST_BUILD):
            print(f"Dựng lại toàn bộ: {update.reason}.")
        print_report(update.report, "build")
    if update.kind == "failed":
        print("  (trang xem trước giữ bản dựng thành công gần nhất)", file=sys.stderr)
