"""Shared fixtures: small libraries written inline, and the build date used everywhere."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic",
                 "--no-first-run",
                 # Belt and braces: the tests assert that no request leaves 127.0.0.1; this
                 # makes sure a regression cannot reach the internet while they find out.
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
TODAY = date(2026, 11, 23)

FIELDS = """\
lao-dong:
  title: Lao động
  description: Hợp đồng, tiền lương.
dat-dai:
  title: Đất đai
"""
AUDIENCES = """\
nguoi-lao-dong:
  title: Người lao động
nguoi-dan:
  title: Mọi người dân
"""
DOCUMENTS = """\
"45/2019/QH14":
  type: Bộ luật
  title: Bộ luật Lao động
  issuer: Quốc hội
  issued: 2019-11-20
  effective: 2021-01-01
  url: https://example.org/blld
"10/2012/QH13":
  type: Bộ luật
  title: Bộ luật Lao động
  issuer: Quốc hội
  issued: 2012-06-18
  effective: 2013-05-01
  expires: 2021-01-01
  replaced_by: "45/2019/QH14"
"31/2024/QH15":
  type: Luật
  title: Luật Đất đai
  issuer: Quốc hội
  issued: 2024-01-18
  effective: 2024-08-01
"""
LANGUAGES = """\
vi:
  name: Tiếng Việt
  name_vi: Tiếng Việt
en:
  name: English
  name_vi: Tiếng Anh
"""


def explainer(title: str = "Thử việc tối đa bao lâu?", field: str = "lao-dong",
              documents: str = '["45/2019/QH14"]', extra: str = "reviewed: true",
              body: str = "## Thời gian thử việc\n\nKhông quá 60 ngày.\n") -> str:
    """An explainer's text: valid unless the arguments make it otherwise."""
    return (f"---\ntitle: \"{title}\"\ndescription: \"Mô tả ngắn.\"\nfield: {field}\n"
            f"updated: 2026-11-01\ndocuments: {documents}\naudiences: [nguoi-lao-dong]\n"
            f"{extra}\n---\n{body}")


def base_files() -> dict[str, str]:
    return {
        "content/_data/fields.yml": FIELDS,
        "content/_data/audiences.yml": AUDIENCES,
        "content/_data/documents.yml": DOCUMENTS,
        "content/_data/languages.yml": LANGUAGES,
        "content/lao-dong/thu-viec.md": explainer(),
        "mkdocs.yml": "site_name: Tủ sách thử\n",
    }


LibraryMaker = Callable[..., Path]


@pytest.fixture
def tmp_library(tmp_path: Path) -> LibraryMaker:
    """Write a small library: the valid base plus `files` (None deletes a file)."""

    def make(files: dict[str, str | bytes | None] | None = None, base: bool = True) -> Path:
        root = tmp_path / "lib"
        if root.exists():
            shutil.rmtree(root)
        merged: dict[str, str | bytes | None] = {**(base_files() if base else {}),
                                                 **(files or {})}
        for rel, text in merged.items():
            if text is None:
                continue
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                target.write_bytes(text)
            else:
                target.write_text(textwrap.dedent(text) if text.startswith("\n") else text,
                                  "utf-8")
        return root

    return make


@pytest.fixture(scope="session")
def media_cache() -> Path:
    """One media cache for every build of a whole library in the suite (and across runs:
    `TUSACH_TEST_CACHE`, else `<repo>/.cache/tests`, git-ignored). The cache is keyed by
    content, so a build only reuses a chapter, picture or book made from the same input
    with the same settings and tools; tests that count what is made use their own."""
    folder = Path(os.environ.get("TUSACH_TEST_CACHE") or ROOT / ".cache" / "tests")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# One Playwright for the whole session: a second sync_playwright() in the same thread fails
# ("Sync API inside the asyncio loop"), so every package shares this fixture.
@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for the whole session."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} không có: cài gói chromium của Debian để chạy kiểm thử trình duyệt"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
