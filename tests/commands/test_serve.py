"""`python build.py serve`: the live preview builds, serves on loopback, and rebuilds on save."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tests.conftest import ROOT, LibraryMaker, explainer

ARTICLE = "content/lao-dong/thu-viec.md"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _until(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


def test_the_preview_serves_drafts_and_rebuilds_on_save(tmp_library: LibraryMaker,
                                                         tmp_path: Path) -> None:
    root = tmp_library({"content/dat-dai/nhap.md": explainer(
        "Bài nháp về đất", field="dat-dai", extra="draft: true")})
    port = _free_port()
    preview = tmp_path / "preview"
    process = subprocess.Popen(
        [sys.executable, "build.py", "serve", "--root", str(root), "--port", str(port),
         "--date", "2026-11-23", "--no-search", "--site-dir", str(preview)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}/"
        assert _until(lambda: "Thử việc tối đa bao lâu?" in _page(base + "lao-dong/thu-viec/"),
                      120), "the preview never served the explainer"
        assert "Bài nháp về đất" in _page(base + "dat-dai/nhap/")  # drafts are shown
        assert not (preview / "sw.js").exists() and not (preview / "tai-ve").exists()
        article = root / ARTICLE
        article.write_text(article.read_text("utf-8").replace(
            "Thử việc tối đa bao lâu?", "Thời gian thử việc mới"), "utf-8")
        assert _until(lambda: "Thời gian thử việc mới" in _page(base + "lao-dong/thu-viec/"),
                      120), "the edit never reached the preview"
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert "Xem trước tại " + base in output


def test_after_a_save_the_index_catches_up_and_open_pages_reload(tmp_library: LibraryMaker,
                                                                  tmp_path: Path) -> None:
    root = tmp_library()
    port = _free_port()
    preview = tmp_path / "preview"
    process = subprocess.Popen(
        [sys.executable, "build.py", "serve", "--root", str(root), "--port", str(port),
         "--date", "2026-11-23", "--site-dir", str(preview)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}/"
        assert _until(lambda: "Thử việc tối đa bao lâu?" in _page(base + "lao-dong/thu-viec/"),
                      120), "the preview never served the explainer"
        entry = (preview / "pagefind/pagefind-entry.json").read_bytes()
        article = root / ARTICLE
        article.write_text(article.read_text("utf-8").replace(
            "Thử việc tối đa bao lâu?", "Thời gian thử việc mới"), "utf-8")
        assert _until(lambda: "Thời gian thử việc mới" in _page(base + "lao-dong/thu-viec/"),
                      120), "the edit never reached the preview"
        pending = _page(base + "tim-kiem/")
        assert _until(lambda: "Chỉ mục tìm kiếm đang cập nhật" not in _page(base + "tim-kiem/"),
                      120), "the search page kept its notice"
        assert (preview / "pagefind/pagefind-entry.json").read_bytes() != entry
        if "Chỉ mục tìm kiếm đang cập nhật" in pending:  # seen lagging (Pagefind can be quicker)
            # Its live reload then hears of a newer version: the index that caught up.
            epoch = re.search(r"livereload\((\d+), \d+\)", pending)
            assert epoch, "no live reload in the page"
            with urllib.request.urlopen(f"{base}livereload/{epoch[1]}/1", timeout=90) as reply:
                assert int(reply.read()) > int(epoch[1])
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert "✓ Cập nhật " in output and "✓ Chỉ mục tìm kiếm đã cập nhật." in output
