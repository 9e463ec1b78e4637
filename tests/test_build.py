"""build.py, the editors' command line: exit codes, messages, and what it writes (or not)."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

import build
from generators.errors import EngineError
from tests.conftest import ROOT, LibraryMaker, explainer

ARTICLE = "content/lao-dong/thu-viec.md"
BROKEN = explainer(extra='reviewed: true\naudio: "yes"')
BROKEN_LINE = (f"{ARTICLE}:9: front matter: 'audio' phải là true/false, không phải 'yes' — "
               "gợi ý: viết audio: true hoặc audio: false")
REVIEW_WARNING = (f"{ARTICLE}:8: cảnh báo: bài chưa được chuyên gia pháp lý rà soát "
                  "(reviewed: false) — gợi ý: đặt reviewed: true sau khi đã rà soát")
FAILED_SUMMARY = "✗ 1 lỗi, 0 cảnh báo — chưa ghi gì; sửa các lỗi trên rồi chạy lại."


def options(root: Path) -> list[str]:
    return ["--root", str(root), "--date", "2026-11-23", "--quiet"]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes, to prove a command wrote nothing."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = build.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def exit_code(argv: list[str]) -> int:
    """Exit status of a command that argparse ends with SystemExit."""
    with pytest.raises(SystemExit) as caught:
        build.main(argv)
    return int(caught.value.code or 0)


# --- check ----------------------------------------------------------------------------


def test_check_valid_library(tmp_library: LibraryMaker,
                             capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library()
    before = snapshot(root)
    code, out, err = run(["check", *options(root)], capsys)
    assert code == 0
    assert re.fullmatch(r"✓ Thư viện hợp lệ: 1 bài, 0 cảnh báo, \d+,\d giây\.\n", out)
    assert err == ""
    assert snapshot(root) == before


def test_check_broken_library_prints_the_problem_and_writes_nothing(
        tmp_library: LibraryMaker, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library({ARTICLE: BROKEN})
    before = snapshot(root)
    code, out, err = run(["check", *options(root)], capsys)
    assert code == 1
    assert out == ""
    assert err.splitlines() == [BROKEN_LINE, FAILED_SUMMARY]
    assert snapshot(root) == before
    assert sorted(p.name for p in root.iterdir()) == ["content", "mkdocs.yml"]


def test_build_broken_library_creates_no_site(tmp_library: LibraryMaker,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library({ARTICLE: BROKEN})
    code, _, err = run(["build", *options(root), "--no-search"], capsys)
    assert code == 1
    assert err.splitlines() == [BROKEN_LINE, FAILED_SUMMARY]
    assert sorted(p.name for p in root.iterdir()) == ["content", "mkdocs.yml"]


def test_every_problem_is_printed_in_one_run(tmp_library: LibraryMaker,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library({ARTICLE: BROKEN, "content/dat-dai/so-do.md": "## A\n",
                        "content/lao-dong/khac.md": explainer("Khác", extra="reviewed: false")})
    code, _, err = run(["check", *options(root)], capsys)
    assert code == 1
    assert err.splitlines() == [
        "content/dat-dai/so-do.md:1: thiếu phần đầu trang (front matter) — gợi ý: tệp phải bắt "
        "đầu bằng dòng '---', các khóa title, description…, rồi dòng '---'",
        BROKEN_LINE,
        "content/lao-dong/khac.md:8: cảnh báo: bài chưa được chuyên gia pháp lý rà soát "
        "(reviewed: false) — gợi ý: đặt reviewed: true sau khi đã rà soát",
        "✗ 2 lỗi, 1 cảnh báo — chưa ghi gì; sửa các lỗi trên rồi chạy lại.",
    ]


def test_warning_is_printed_but_check_passes(tmp_library: LibraryMaker,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library({ARTICLE: explainer(extra="reviewed: false")})
    code, out, err = run(["check", *options(root)], capsys)
    assert code == 0
    assert err.splitlines() == [REVIEW_WARNING]
    assert out.startswith("✓ Thư viện hợp lệ: 1 bài, 1 cảnh báo, ")


@pytest.mark.parametrize("argv", [
    ["check", "--strict"],
    ["--strict", "check"],
])
def test_strict_turns_warnings_into_errors(tmp_library: LibraryMaker,
                                           capsys: pytest.CaptureFixture[str],
                                           argv: list[str]) -> None:
    root = tmp_library({ARTICLE: explainer(extra="reviewed: false")})
    code, out, err = run([*argv, *options(root)], capsys)
    assert code == 1
    assert out == ""
    assert err.splitlines() == [REVIEW_WARNING, FAILED_SUMMARY]


def test_strict_build_writes_nothing(tmp_library: LibraryMaker,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library({ARTICLE: explainer(extra="reviewed: false")})
    code, _, _ = run(["build", "--strict", "--no-search", *options(root)], capsys)
    assert code == 1
    assert not (root / "site").exists()


def test_date_decides_document_status(tmp_library: LibraryMaker,
                                      capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_library()
    warning = (f"{ARTICLE}:6: cảnh báo: trích dẫn văn bản '45/2019/QH14' đang ở trạng thái "
               "'chưa có hiệu lực' — gợi ý: kiểm tra lại nội dung; dẫn văn bản thay thế nếu có")
    code, _, err = run(["check", "--root", str(root), "--date", "2020-06-01", "--quiet"], capsys)
    assert (code, err.splitlines()) == (0, [warning])
    # without --date, SOURCE_DATE_EPOCH (reproducible builds) sets the date: 2020-06-01 UTC
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1590969600")
    code, _, err = run(["check", "--root", str(root), "--quiet"], capsys)
    assert (code, err.splitlines()) == (0, [warning])


def test_progress_goes_to_stderr_unless_quiet(tmp_library: LibraryMaker,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library()
    code, _, err = run(["check", "--root", str(root), "--date", "2026-11-23"], capsys)
    assert code == 0
    assert err.splitlines() == ["• Đọc và kiểm tra thư viện…"]


def test_check_in_a_folder_without_content(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", *options(tmp_path)], capsys)
    assert code == 1
    assert err.splitlines() == [
        "content:0: không có thư mục content/ — gợi ý: chạy lệnh trong thư mục gốc của dự án, "
        "hoặc dùng --root",
        FAILED_SUMMARY,
    ]


def test_check_as_a_real_process(tmp_library: LibraryMaker) -> None:
    good = tmp_library()
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", *options(good)],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("✓ Thư viện hợp lệ: 1 bài, 0 cảnh báo, ")

    bad = tmp_library({ARTICLE: BROKEN})
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", *options(bad)],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [BROKEN_LINE, FAILED_SUMMARY]
    assert "Traceback" not in done.stderr


# --- build ----------------------------------------------------------------------------


def test_build_valid_library(tmp_library: LibraryMaker,
                             capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library()
    code, out, err = run(["build", "--no-search", *options(root)], capsys)
    assert code == 0, err
    site = root / "site"
    assert re.fullmatch(r"✓ Đã dựng \d+ trang \(1 bài, 0 trang trong chỉ mục tìm kiếm\), "
                        rf"0 cảnh báo, \d+,\d giây → {re.escape(str(site))}\n"
                        r"  Đọc ngoại tuyến: lần ghé đầu tiên lưu \d+(,\d)? [KM]B \(kệ sách\)\.\n"
                        r"  Sách nói: 3 tệp cho 1 bài, \d+ phút; 6 chương đọc mới, "
                        r"0 chương dùng lại\.\n"
                        r"  Bản dịch: 0 cập nhật, 0 cũ, 1 chưa có\.\n"
                        r"  Sách điện tử: 2 tệp EPUB \(1 lĩnh vực, 1 bài, 0 bản dịch\); "
                        r"2 làm mới, 0 dùng lại\.\n"
                        r"  Danh mục máy đọc: catalogue\.json \(6 mục\), oai-pmh\.xml "
                        r"\(1 bản ghi OAI-PMH\), atom\.xml\.\n"
                        r"  Thẻ chia sẻ: 2 ảnh 1200×630; 2 vẽ mới, 0 dùng lại\.\n"
                        r"  Gói đọc không cần mạng: tai-ve/tu-sach-phap-luat-so\.zip — "
                        r"\d+(,\d)? [KM]B, \d+ tệp\.\n"
                        r"  site_url chưa đặt: sitemap.xml dùng đường dẫn tương đối\. Dựng với "
                        r"--site-url https://…/ \(hoặc đặt site_url trong mkdocs\.yml\) "
                        r"trước khi đăng\.\n", out)
    assert (site / "lao-dong" / "thu-viec" / "index.html").is_file()
    assert not (site / "pagefind").exists()  # --no-search
    assert len(list((site / "sach-noi" / "thu-viec").glob("*.mp3"))) == 3  # three voices
    assert (site / "sach-dien-tu" / "thu-viec.epub").is_file()
    assert (site / "catalogue.json").is_file()
    # nothing but site/ and the audio cache was added, and no staging folder is left behind
    assert sorted(p.name for p in root.iterdir()) == [".cache", "content", "mkdocs.yml", "site"]


def test_missing_mkdocs_yml_is_a_config_error(tmp_library: LibraryMaker,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library({"mkdocs.yml": None})
    code, _, err = run(["build", "--no-search", *options(root)], capsys)
    assert code == 1
    assert err.splitlines() == [
        "mkdocs.yml:0: không tìm thấy tệp cấu hình — gợi ý: chép mkdocs.yml từ kho mẫu, hoặc "
        "chạy lệnh trong thư mục dự án", FAILED_SUMMARY]
    assert not (root / "site").exists()
    # check reads it too: it cannot pass where build would fail
    code, _, err = run(["check", *options(root)], capsys)
    assert code == 1
    assert err.splitlines()[0].startswith("mkdocs.yml:0: không tìm thấy tệp cấu hình")


@pytest.mark.parametrize(("text", "expected"), [
    (b"site_name: x\ntheme:\n  palette: [\n",
     "mkdocs.yml:3: YAML không hợp lệ: thiếu giá trị, hoặc ký tự lạ ở đầu giá trị — gợi ý: "
     "kiểm tra dấu hai chấm, thụt lề bằng dấu cách, và dấu ngoặc kép"),
    (b"site_name: x\ncopyright: S\xe1 T\xfa ph\xe1p\n",
     "mkdocs.yml:2: tệp không phải UTF-8 — gợi ý: lưu lại tệp với mã hóa UTF-8 "
     "(không phải Windows-1258 hay VNI)"),
])
def test_broken_mkdocs_yml_is_one_line_at_its_line(tmp_library: LibraryMaker,
                                                   capsys: pytest.CaptureFixture[str],
                                                   text: bytes, expected: str) -> None:
    root = tmp_library({"mkdocs.yml": text})
    code, _, err = run(["build", "--no-search", *options(root)], capsys)
    assert code == 1
    assert err.splitlines() == [expected, FAILED_SUMMARY]
    assert not (root / "site").exists()


def test_debug_adds_the_traceback(tmp_library: LibraryMaker, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise EngineError("Pagefind lỗi (mã 1): hỏng")

    monkeypatch.setattr("generators.site.stage.SiteStage.run", fail)
    root = tmp_library()
    code, _, err = run(["build", *options(root)], capsys)
    assert (code, err) == (1, "✗ Pagefind lỗi (mã 1): hỏng\n")
    code, _, err = run(["build", "--debug", *options(root)], capsys)
    assert code == 1
    assert err.startswith("Traceback (most recent call last):")
    assert err.endswith("✗ Pagefind lỗi (mã 1): hỏng\n")


# --- new ------------------------------------------------------------------------------


def test_new_creates_a_draft_that_passes_check(tmp_library: LibraryMaker,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library()
    code, out, err = run(["new", "lao-dong", "thu-moi", *options(root)], capsys)
    assert (code, err) == (0, "")
    assert out == ("✓ Đã tạo content/lao-dong/thu-moi.md (draft: true). "
                   "Sửa nội dung rồi chạy: python build.py check\n")
    text = (root / "content" / "lao-dong" / "thu-moi.md").read_text("utf-8")
    assert text.startswith('---\ntitle: "Thu moi"\n')
    assert "\nfield: lao-dong\nupdated: 2026-11-23\n" in text
    assert "\ndraft: true " in text

    code, out, err = run(["check", *options(root)], capsys)
    assert (code, err) == (0, "")  # a draft: no "not reviewed" warning either
    assert out.startswith("✓ Thư viện hợp lệ: 2 bài, 0 cảnh báo, ")


def test_new_with_title_into_a_field_without_folder(tmp_library: LibraryMaker,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library()
    code, _, _ = run(["new", "dat-dai", "so-do", "--title", 'Sổ "đỏ" là gì?', *options(root)],
                     capsys)
    assert code == 0
    text = (root / "content" / "dat-dai" / "so-do.md").read_text("utf-8")
    assert text.startswith("---\ntitle: \"Sổ 'đỏ' là gì?\"\n")
    assert run(["check", *options(root)], capsys)[0] == 0


@pytest.mark.parametrize(("field", "slug", "message"), [
    ("lao-dong", "Thu_Moi",
     "✗ slug 'Thu_Moi' không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch ngang, "
     "ví dụ thoi-gian-thu-viec"),
    ("lao-dong", "thử-việc",
     "✗ slug 'thử-việc' không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch ngang, "
     "ví dụ thoi-gian-thu-viec"),
    ("hon-nhan", "ket-hon",
     "✗ lĩnh vực 'hon-nhan' không có trong content/_data/fields.yml; có: dat-dai, lao-dong"),
    ("lao-dong", "thu-viec",
     "✗ đã có bài với slug 'thu-viec': content/lao-dong/thu-viec.md"),
    ("dat-dai", "thu-viec",  # the slug is taken in another field's folder
     "✗ đã có bài với slug 'thu-viec': content/lao-dong/thu-viec.md"),
])
def test_new_refuses(tmp_library: LibraryMaker, capsys: pytest.CaptureFixture[str],
                     field: str, slug: str, message: str) -> None:
    root = tmp_library()
    before = snapshot(root)
    code, out, err = run(["new", field, slug, *options(root)], capsys)
    assert code == 2
    assert (out, err) == ("", message + "\n")
    assert snapshot(root) == before


# --- usage ----------------------------------------------------------------------------


def test_help(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # argparse wraps to the terminal's width
    assert exit_code(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: python build.py")
    for command, text in (("build", "kiểm tra rồi dựng toàn bộ vào site/"),
                          ("check", "chỉ kiểm tra nội dung, không ghi gì"),
                          ("serve", "dựng và xem trước, tự tải lại khi sửa nội dung"),
                          ("new", r"tạo bài giải thích, hoặc bộ câu hỏi \(quiz\), từ mẫu")):
        assert re.search(rf"^\s+{command}\s+{text}$", out, re.MULTILINE), command
    assert "Mã thoát: 0 thành công, 1 lỗi nội dung, 2 sai cú pháp lệnh." in " ".join(out.split())


def _every_command(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
                   ) -> list[tuple[str, ...]]:
    out = [path]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out += _every_command(sub, (*path, name))
    return out


@pytest.mark.parametrize("command", _every_command(build.parser()), ids=" ".join)
def test_every_help_is_printed(command: tuple[str, ...],
                               capsys: pytest.CaptureFixture[str]) -> None:
    """argparse formats help texts lazily: a stray `%` breaks only `--help`."""
    assert exit_code([*command, "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: python build.py")


def test_help_of_new(capsys: pytest.CaptureFixture[str]) -> None:
    assert exit_code(["new", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: python build.py new ")
    assert "--title" in out


@pytest.mark.parametrize("value", ["2026-13-01", "23/11/2026", "hôm nay"])
def test_bad_date_is_wrong_usage(tmp_library: LibraryMaker, capsys: pytest.CaptureFixture[str],
                                 value: str) -> None:
    root = tmp_library()
    code, out, err = run(["check", "--root", str(root), "--date", value], capsys)
    assert code == 2
    assert (out, err) == ("", f"--date '{value}' không đúng dạng YYYY-MM-DD\n")


@pytest.mark.parametrize("argv", [
    ["publish"],
    ["new", "lao-dong"],  # slug missing
    ["check", "--no-such-option"],
    ["serve", "--port", "tám"],
])
def test_wrong_usage_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert exit_code(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "usage: python build.py" in err


def test_a_site_url_that_is_no_web_address_is_a_usage_error(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build.main(["build", "--site-url", "javascript:alert(1)"])
    assert exit_info.value.code == 2
    assert ("argument --site-url: 'javascript:alert(1)' không phải địa chỉ đầy đủ bắt đầu bằng "
            "https:// (ví dụ https://example.gov.vn/tu-sach/)") in capsys.readouterr().err
