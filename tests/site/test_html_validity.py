"""Valid HTML on every page of the built starter site: the Nu Html Checker (vnu-jar) on Java."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# One page of every kind; the checker then runs on all pages, as it takes seconds.
PAGE_TYPES = {
    "home": "index.html",
    "explainer": "lao-dong/thoi-gian-thu-viec/index.html",
    "explainer with video": "hoa-giai-co-so/cac-buoc-hoa-giai-o-thon-to-dan-pho/index.html",
    "translation": "en/lao-dong/thoi-gian-thu-viec/index.html",
    "field listing": "lao-dong/index.html",
    "documents": "van-ban/index.html",
    "document": "van-ban/45-2019-qh14/index.html",
    "document with quotes in its title": "van-ban/766-qd-ttg/index.html",
    "audiences": "doi-tuong/index.html",
    "audience": "doi-tuong/nguoi-lao-dong/index.html",
    "search": "tim-kiem/index.html",
    "language search": "en/tim-kiem/index.html",
    "language home": "hmn/index.html",
    "languages": "ngon-ngu/index.html",
    "glossary": "thuat-ngu/index.html",
    "translation status": "bien-tap/ban-dich/index.html",
    "offline": "ngoai-tuyen/index.html",
    "audiobooks": "sach-noi/index.html",
    "infographic gallery": "infographic/index.html",
    "bulletins": "ban-tin/index.html",
    "bulletin": "ban-tin/lao-dong-thang-12/index.html",
    "404": "404.html",
}


def java() -> str:
    found = shutil.which("java")
    if found is None or not VNU_JAR.is_file():
        message = ("Java hoặc vnu-jar không có: apt-get install default-jre-headless; npm ci "
                   "(scripts/test.sh làm cả hai)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def vnu_errors(pages: list[Path]) -> list[dict[str, Any]]:
    """The checker's errors (warnings left out) for `pages`, as its JSON messages."""
    result = subprocess.run(
        [java(), "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
         *(str(p) for p in pages)],
        capture_output=True, text=True, timeout=300, check=False)
    # vnu writes its JSON report to stderr; exit status 1 means "errors found".
    assert result.returncode in (0, 1), result.stderr[-2000:]
    messages: list[dict[str, Any]] = json.loads(result.stderr)["messages"]
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def describe(errors: list[dict[str, Any]], site: Path) -> str:
    lines = [f"{len(errors)} lỗi HTML:"]
    for e in errors[:60]:
        where = e.get("url", "").removeprefix("file:").removeprefix(str(site.resolve()) + "/")
        lines.append(f"{where}:{e.get('lastLine', '?')}: {e.get('message')}\n"
                     f"    {e.get('extract', '').strip()[:160]!r}")
    return "\n".join(lines)


def test_every_page_type_is_built(built_site: Path) -> None:
    missing = [kind for kind, rel in PAGE_TYPES.items() if not (built_site / rel).is_file()]
    assert missing == []


def test_every_page_is_valid_html(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert {built_site / rel for rel in PAGE_TYPES.values()} <= set(pages)
    errors = vnu_errors(pages)
    assert errors == [], describe(errors, built_site)


def test_the_checker_reports_errors(tmp_path: Path) -> None:
    """The test above cannot pass by the checker not running."""
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>x'
                    '</title></head><body><input type="checkbox" autocomplete="off">'
                    '<label for="none">x</label></body></html>', "utf-8")
    errors = vnu_errors([page])
    assert len(errors) == 2, describe(errors, tmp_path)
