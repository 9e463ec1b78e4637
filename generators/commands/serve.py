"""`python build.py serve`: build, serve on localhost, rebuild and reload on every edit."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from generators.commands.options import config_from
from generators.commands.report import print_report
from generators.pipeline import build
from generators.progress import Progress

WATCHED = ("content", "infographics", "audiobooks", "qa", "situations", "mkdocs.yml")


def run(args: argparse.Namespace) -> int:
    """Preview with live reload; drafts are shown (marked) so editors can see them."""
    from mkdocs.livereload import LiveReloadServer

    root: Path = args.root
    preview = args.site_dir or Path(tempfile.mkdtemp(prefix="tusach-preview-")) / "site"
    url = f"http://{args.host}:{args.port}/"

    def builder() -> None:
        # Read again on every rebuild: an edit to mkdocs.yml counts.
        config = config_from(args, site_dir=preview, site_url=url, preview=True)
        report = build(config, Progress(quiet=True))
        print_report(report, "build")
        if not report.ok:
            print("  (trang xem trước giữ bản dựng thành công gần nhất)", file=sys.stderr)

    builder()
    preview.mkdir(parents=True, exist_ok=True)
    server = LiveReloadServer(builder=builder, host=args.host, port=args.port,
                              root=str(preview))
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
        if args.site_dir is None:
            shutil.rmtree(preview.parent, ignore_errors=True)
    return 0
