"""End to end: `build.py build` writes a real small site with catalogue.json (the
catalogue writer of generators/exports), then `build.py mirror` carries it, and again."""

from __future__ import annotations

from pathlib import Path

import pytest

import build
from tests.conftest import LibraryMaker
from tests.mirror.conftest import S3
from tests.mirror.helpers import assert_mirrors, folder

FAST = ["--date", "2026-11-23", "--quiet", "--no-search", "--no-audio", "--no-video",
        "--no-cards", "--no-bundle"]


def test_a_built_site_is_mirrored(tmp_library: LibraryMaker, s3: S3,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library()
    assert build.main(["build", "--root", str(root), *FAST]) == 0
    site = root / "site"
    assert (site / "catalogue.json").is_file(), "the build must write catalogue.json"
    capsys.readouterr()
    target = f"s3://{s3.bucket}/that-day"
    assert build.main(["mirror", "--root", str(root), "--quiet", "--to", target]) == 0
    assert build.main(["mirror", "--root", str(root), "--quiet", "--to",
                       f"file://{root / 'kho'}"]) == 0
    out = capsys.readouterr().out
    manifest = assert_mirrors(s3.keys("that-day/"), site)
    assert "catalogue.json" in manifest["files"] and len(manifest["files"]) > 5
    assert assert_mirrors(folder(root / "kho"), site) == manifest
    assert build.main(["mirror", "--root", str(root), "--quiet", "--to", target]) == 0
    assert " gửi 0 tệp / 0 B," in capsys.readouterr().out
    assert out.count("✓ Đã sao lưu") == 2
    assert all(Path(site, path).is_file() for path in manifest["files"])
