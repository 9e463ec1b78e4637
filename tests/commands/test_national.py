"""`build.py national`: wrong usage (exit 2) before anything is read or written."""

from __future__ import annotations

from pathlib import Path

import pytest

import build


def test_a_repository_that_is_not_file_or_s3_is_wrong_usage(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build.main(["national", "--root", str(tmp_path), "--repository", "ftp://kho"]) == 2
    assert capsys.readouterr().err == (
        "✗ --repository ftp://kho: chỉ hỗ trợ file:///đường/dẫn hoặc s3://bucket/thư-mục\n")
    assert build.main(["national", "--root", str(tmp_path), "--repository", "file:kho"]) == 2
    assert capsys.readouterr().err == (
        "✗ --repository file:kho: dùng đường dẫn tuyệt đối, ví dụ file:///srv/kho\n")


def test_a_folder_of_someone_elses_files_is_never_replaced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    theirs = tmp_path / "www"
    theirs.mkdir()
    (theirs / "index.html").write_text("của người khác", encoding="utf-8")
    assert build.main(["national", "--root", str(tmp_path), "--repository",
                       f"file://{tmp_path / 'kho'}", "--site-dir", str(theirs)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"✗ --site-dir {theirs}: thư mục đã có tệp nhưng không phải bản dựng "
                          "của tủ sách")
    assert (theirs / "index.html").read_text(encoding="utf-8") == "của người khác"


def test_an_empty_repository_builds_nothing(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "kho").mkdir()
    assert build.main(["national", "--root", str(tmp_path), "--repository",
                       f"file://{tmp_path / 'kho'}"]) == 1
    assert capsys.readouterr().err == (
        f"✗ file://{tmp_path / 'kho'}: không đọc được tỉnh nào — cổng quốc gia giữ nguyên bản "
        "trước\n")
    assert not (tmp_path / "site-quoc-gia").exists()
