"""`python build.py serve`: build, serve on localhost, rebuild and reload on every edit."""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

WATCHED = ("content", "infographics", "audiobooks", "mkdocs.yml")


def serve(root: Path, site_dir: Path | None, host: str, port: int, today: date,
          strict: bool, network: bool = True) -> int:
    """Preview with live reload; drafts are shown (marked) so editors can see them."""
    from mkdocs.livereload import LiveReloadServer

    from generators.pipeline import Progress, build, print_report

    preview = site_dir or Path(tempfile.mkdtemp(prefix="tusach-preview-")) / "site"

    def builder() -> None:
        report = build(root, preview, today, strict, f"http://{host}:{port}/", search=True,
                       progress=Progress(quiet=True), include_drafts=True, bundle=False,
                       offline=False, compress=False, network=network)
        print_report(report, "build")
        if not report.ok:
            print("  (trang xem trước giữ bản dựng thành công gần nhất)", file=sys.stderr)

    builder()
    preview.mkdir(parents=True, exist_ok=True)
    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(preview))
    for name in WATCHED:
        if (root / name).exists():
            server.watch(str(root / name))
    print(f"Xem trước tại http://{host}:{port}/ — nhấn Ctrl+C để dừng.")
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        if site_dir is None:
            shutil.rmtree(preview.parent, ignore_errors=True)
    return 0
