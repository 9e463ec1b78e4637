"""No symlink is read in any editors' folder: audiobooks/, infographics/, mkdocs.yml."""

from __future__ import annotations

import os
from pathlib import Path

from generators.library import load_library
from tests.conftest import TODAY, LibraryMaker

REFUSED = ("liên kết tượng trưng (symlink) không được phép trong thư viện: chỉ tệp thật trong "
           "thư mục của thư viện được đọc — gợi ý: thay liên kết bằng chính tệp đó")


def _problems(root: Path) -> list[str]:
    _, problems = load_library(root, TODAY)
    return [p.format() for p in problems.items]


def test_symlinked_settings_and_recordings_are_refused(tmp_library: LibraryMaker,
                                                       tmp_path: Path) -> None:
    secret = tmp_path / "bi-mat.wav"
    secret.write_bytes(b"RIFF\x00\x00\x00\x00WAVE")
    (tmp_path / "bi-mat.yml").write_text("mat-khau: 'abc'\n", "utf-8")
    root = tmp_library({"audiobooks/recordings/.keep": ""})
    os.symlink(secret, root / "audiobooks/recordings/thu-viec.vi.wav")
    os.symlink(tmp_path / "bi-mat.yml", root / "audiobooks/lexicon.yml")
    (root / "infographics").mkdir()
    os.symlink("/etc/passwd", root / "infographics/cac-buoc.yml")
    problems = _problems(root)
    for rel in ("audiobooks/lexicon.yml", "audiobooks/recordings/thu-viec.vi.wav",
                "infographics/cac-buoc.yml"):
        assert f"{rel}:0: {REFUSED}" in problems
    assert not any("mat-khau" in p or "root:" in p for p in problems)


def test_symlinked_mkdocs_yml_is_refused(tmp_library: LibraryMaker, tmp_path: Path) -> None:
    (tmp_path / "khac.yml").write_text("site_name: Khác\n", "utf-8")
    root = tmp_library({"mkdocs.yml": None})
    os.symlink(tmp_path / "khac.yml", root / "mkdocs.yml")
    from generators.config.mkdocs_yml import read_mkdocs_settings
    from generators.errors import Problems
    problems = Problems()
    assert read_mkdocs_settings(root / "mkdocs.yml", root, problems) is None
    assert [p.format() for p in problems.items] == [f"mkdocs.yml:0: {REFUSED}"]
