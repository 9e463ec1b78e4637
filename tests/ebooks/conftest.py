"""A small library with everything an e-book must carry, built once for the module, and
the real checkers (epubcheck, Ace by DAISY) when they are installed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generators.ebooks import render_ebooks
from generators.infographics import render_infographics
from generators.library import Library, load_library
from generators.stage import StageReport
from tests.conftest import ROOT, TODAY, base_files, explainer

SITE = "Tủ sách thử"
CHROMIUM = "/usr/bin/chromium"
ACE = ROOT / "node_modules" / ".bin" / "ace-puppeteer"

BODY = """\
Thử việc là thời gian làm thử để hai bên xem có hợp nhau không.

## Thời gian thử việc

Không quá 60 ngày[^1]. Nếu có tranh chấp, hỏi UBND xã.

| Loại công việc | Tối đa |
|---|---|
| Người quản lý doanh nghiệp | 180 ngày |
| Các công việc khác | 6 ngày làm việc |

![Sơ đồ ba bước thử việc: thỏa thuận, làm thử, nhận kết quả](so-do.svg)

### Lương thử việc

Ít nhất 85% lương chính thức. UBND không quyết định lương.

## Quyền của bạn

Xem [các loại hợp đồng](hop-dong.md#cac-loai), [sổ đỏ](../dat-dai/so-do.md) và
[Bộ luật Lao động](https://example.org/blld).

!!! warning
    Không ký vào giấy trắng.

[^1]: Điều 25 Bộ luật Lao động 2019.

*[UBND]: Ủy ban nhân dân
"""
TRANSLATION = """\
---
title: "How long can a trial period last?"
description: "The longest trial period for each kind of job."
translators: ["Lan Nguyễn"]
---

## Trial period

No more than 60 days. See [contract types](hop-dong.md).
"""
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20" width="40" height="20">'
       '<rect width="40" height="20" fill="#303f9f"/></svg>\n')
INFOGRAPHIC = """\
type: numbers
title: Thử việc tối đa bao lâu?
source: "45/2019/QH14"
items:
  - value: 180 ngày
    label: Người quản lý doanh nghiệp
  - value: 6 ngày làm việc
    label: Các công việc khác
"""


def library_files() -> dict[str, str]:
    return {
        **base_files(),
        "content/lao-dong/thu-viec.md": explainer(
            extra="reviewed: true\ninfographics: [thu-viec-so]", body=BODY),
        "content/lao-dong/thu-viec.en.md": TRANSLATION,
        "content/lao-dong/so-do.svg": SVG,
        "content/lao-dong/hop-dong.md": explainer(
            # a heading whose anchor is the slug: ids must still be unique in the book
            title="Hợp đồng lao động có mấy loại?",
            body="## Hợp đồng\n\nLà thỏa thuận.\n\n## Các loại\n\nCó hai loại.\n"),
        "content/dat-dai/so-do.md": explainer(
            title="Cấp sổ đỏ lần đầu", field="dat-dai", documents='["31/2024/QH15"]',
            body="## Hồ sơ\n\nĐơn và giấy tờ về đất.\n"),
        "infographics/thu-viec-so.yml": INFOGRAPHIC,
    }


def write_library(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    return root


@dataclass
class Built:
    library: Library
    infographics: StageReport
    report: StageReport
    cache: Path


def build(root: Path, cache: Path, site_url: str | None = None) -> Built:
    library, problems = load_library(root, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    pictures = render_infographics(library, cache)
    report = render_ebooks(library, cache, 2, None, site_name=SITE,
                           infographics=pictures.media.infographics, site_url=site_url)
    return Built(library, pictures, report, cache)


@pytest.fixture(scope="module")
def ebooks_built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = write_library(tmp_path_factory.mktemp("lib"), library_files())
    return build(root, tmp_path_factory.mktemp("cache"))


# ---- the checkers ---------------------------------------------------------------------------


def epubcheck_command() -> list[str] | None:
    """epubcheck as it runs here: Debian ships a jar that binfmt may not run directly.
    The JVM flags only make it start 5× faster (C1 compiler, serial GC)."""
    found = shutil.which("epubcheck")
    if found is None:
        return None
    real = os.path.realpath(found)
    if real.endswith(".jar"):
        java = shutil.which("java")
        return None if java is None else [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                                          "-jar", real]
    return [found]


def epubcheck(books: list[Path]) -> dict[Path, dict]:
    """epubcheck's JSON report for each book (two at a time: it is single-threaded)."""
    command = epubcheck_command()
    assert command is not None
    out: dict[Path, dict] = {}
    with tempfile.TemporaryDirectory() as work:
        for start in range(0, len(books), 2):
            running = []
            for index, book in enumerate(books[start:start + 2], start):
                report = Path(work) / f"{index}.json"
                running.append((book, report, subprocess.Popen(
                    [*command, "--json", str(report), str(book)],
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)))
            for book, report, process in running:
                _, err = process.communicate(timeout=300)
                assert report.exists(), err.decode(errors="replace")
                out[book] = json.loads(report.read_text("utf-8"))
    return out


def ace_available() -> str:
    """Why Ace cannot run here, or "" when it can."""
    if not ACE.exists():
        return f"Ace by DAISY chưa cài: chạy `npm ci` ở {ROOT} (thiếu {ACE})"
    if not Path(os.environ.get("PUPPETEER_EXECUTABLE_PATH", CHROMIUM)).exists():
        return f"không có Chromium ({CHROMIUM}) cho Ace by DAISY"
    return ""


def ace(books: list[Path]) -> Iterator[tuple[Path, dict]]:
    """Ace's JSON report for each book (all at once: each waits mostly on Chromium)."""
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH":
           os.environ.get("PUPPETEER_EXECUTABLE_PATH", CHROMIUM)}
    with tempfile.TemporaryDirectory() as work:
        running = []
        for index, book in enumerate(books):
            outdir = Path(work) / str(index)
            running.append((book, outdir, subprocess.Popen(
                [str(ACE), "--silent", "--force", "--outdir", str(outdir), str(book)],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)))
        for book, outdir, process in running:
            log, _ = process.communicate(timeout=600)
            report = outdir / "report.json"
            assert report.exists(), log.decode(errors="replace")[-2000:]
            yield book, json.loads(report.read_text("utf-8"))
