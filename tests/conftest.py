"""Shared fixtures: small libraries written inline, and the build date used everywhere."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
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
