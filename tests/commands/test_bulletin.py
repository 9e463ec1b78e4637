"""`python build.py bulletin preview <name>`: the fitted script for an editor to check."""

from __future__ import annotations

from pathlib import Path

import pytest

import build
from tests.bulletins.conftest import BULLETINS, library_files, write


def test_preview_prints_the_fitted_script(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    one = BULLETINS.split("  - name: thu-viec-loa-nho")[0]
    root = write(tmp_path / "lib", {**library_files(), "audiobooks/bulletins.yml": one})
    args = ["bulletin", "preview", "lao-dong", "--root", str(root), "--date", "2026-11-23",
            "--cache-dir", str(tmp_path / "cache"), "--quiet"]
    assert build.main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("# Bản tin pháp luật về lao động [lao-dong, vi, giọng vi-bac, cấu hình "
                      "loa]")
    assert out[1].startswith("# Độ dài: 1:") and "(mục tiêu 1:30 ± 10 %" in out[1]
    assert out[3].startswith("## Mở đầu (0:")
    assert out[4:6] == ["Sau đây là bản tin pháp luật về lao động.",
                        "Bản tin ngày 23 tháng 11 năm 2026."]
    assert "Nội dung thứ nhất: Thử việc tối đa bao lâu?" in out
    assert out[-2] == "Cảm ơn bà con đã lắng nghe."


def test_preview_of_an_unknown_bulletin_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write(tmp_path / "lib", library_files())
    assert build.main(["bulletin", "preview", "khong-co", "--root", str(root), "--quiet",
                       "--cache-dir", str(tmp_path / "cache")]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "✗ không có bản tin 'khong-co' trong audiobooks/bulletins.yml; có: lao-dong, "
        "thu-viec-loa-nho")


def test_preview_of_a_broken_file_prints_the_problem(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write(tmp_path / "lib", {**library_files(),
                                    "audiobooks/bulletins.yml": "bulletins:\n  - name: x\n"})
    assert build.main(["bulletin", "preview", "x", "--root", str(root), "--quiet"]) == 1
    assert "audiobooks/bulletins.yml:2: bản tin 1: thiếu khóa bắt buộc 'title' — gợi ý: thêm " \
        "'title: …'" in capsys.readouterr().err.splitlines()
