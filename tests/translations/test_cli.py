"""`python build.py translations` and `python build.py translate export|import|confirm`."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

import build
from tests.conftest import LibraryMaker, explainer
from tests.translations import samples

HMN_PATH = "content/lao-dong/hop-dong.hmn.md"
HMN_PO = "translations/hop-dong.hmn.po"
TRANSLATE_HINT = ("Dịch hoặc cập nhật: python build.py translate export <slug> <mã-ngôn-ngữ>, "
                  "dịch tệp .po, rồi python build.py translate import <tệp.po>.")
CONFIRM_HINT = ("Bản dịch đã khớp bài gốc, chỉ thiếu source_hash: "
                "python build.py translate confirm <slug> <mã-ngôn-ngữ>.")
UNCONFIRMED = ('---\ntitle: "Sim ua haujlwm"\ndescription: "Luv luv."\n---\n'
               "## Lub sijhawm sim ua haujlwm\n\nTsis pub dhau 60 hnub.\n")


def options(root: Path) -> list[str]:
    return ["--root", str(root), "--date", "2026-11-23", "--quiet"]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = build.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def exit_code(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as caught:
        build.main(argv)
    return int(caught.value.code or 0)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


# --- translations ---------------------------------------------------------------------------


def test_translations_prints_every_explainer_in_every_language(
        tmp_library: LibraryMaker, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library({**samples.files(), "content/lao-dong/thu-viec.hmn.md": UNCONFIRMED})
    before = snapshot(root)
    code, out, err = run(["translations", *options(root)], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "bài                           ngôn ngữ  trạng thái  ghi chú",
        "content/lao-dong/hop-dong.md  en        cập nhật",
        "content/lao-dong/hop-dong.md  hmn       chưa có     chưa dịch",
        "content/lao-dong/thu-viec.md  en        chưa có     chưa dịch",
        "content/lao-dong/thu-viec.md  hmn       cũ          chưa xác nhận (không có source_hash)",
        "Tổng: 1 cập nhật, 1 cũ, 2 chưa có.",
        TRANSLATE_HINT,
        CONFIRM_HINT,
    ]
    assert snapshot(root) == before


def test_translations_of_one_language(tmp_library: LibraryMaker,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library(samples.files())
    code, out, _ = run(["translations", "--lang", "en", *options(root)], capsys)
    assert code == 0
    assert out.splitlines() == [
        "bài                           ngôn ngữ  trạng thái  ghi chú",
        "content/lao-dong/hop-dong.md  en        cập nhật",
        "content/lao-dong/thu-viec.md  en        chưa có     chưa dịch",
        "Tổng: 1 cập nhật, 0 cũ, 1 chưa có.",
        TRANSLATE_HINT,
    ]


def test_translations_when_only_vietnamese_is_published(
        tmp_library: LibraryMaker, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library({"content/_data/languages.yml": None})
    assert run(["translations", *options(root)], capsys) == (
        0, "Thư viện chỉ có tiếng Việt: thêm ngôn ngữ dịch vào content/_data/languages.yml.\n",
        "")


@pytest.mark.parametrize(("lang", "message"), [
    ("fr", "✗ ngôn ngữ 'fr' không có trong content/_data/languages.yml (có: en)\n"),
    ("vi", "✗ tiếng Việt là ngôn ngữ gốc; chọn một ngôn ngữ dịch trong languages.yml\n"),
])
def test_translations_of_an_unknown_language_is_wrong_usage(
        tmp_library: LibraryMaker, capsys: pytest.CaptureFixture[str], lang: str,
        message: str) -> None:
    root = tmp_library()
    assert run(["translations", "--lang", lang, *options(root)], capsys) == (2, "", message)


def test_translations_of_a_broken_library_prints_its_problems(
        tmp_library: LibraryMaker, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library({"content/lao-dong/thu-viec.en.md": '---\ntitle: "x"\n---\nBody.\n'})
    code, out, err = run(["translations", *options(root)], capsys)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "content/lao-dong/thu-viec.en.md:2: front matter bản dịch: thiếu khóa bắt buộc "
        "'description' — gợi ý: thêm 'description: …'",
        "✗ 1 lỗi, 0 cảnh báo — chưa ghi gì; sửa các lỗi trên rồi chạy lại.",
    ]


# --- translate export -----------------------------------------------------------------------


def test_export_writes_translations_slug_lang_po(tmp_library: LibraryMaker,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library(samples.files())
    code, out, err = run(["translate", "export", "hop-dong", "en", *options(root)], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "✓ Đã xuất translations/hop-dong.en.po: 21 mục, 21 mục điền sẵn từ bản dịch hiện có.",
        "  Dịch bằng Poedit, Weblate hoặc Pootle rồi chạy: python build.py translate import "
        "translations/hop-dong.en.po",
    ]
    po = polib.pofile(str(root / "translations/hop-dong.en.po"))
    assert po.metadata["Language"] == "en"
    assert po.percent_translated() == 100

    code, out, _ = run(["translate", "export", "hop-dong", "pot", *options(root)], capsys)
    assert code == 0
    assert out.splitlines()[0] == "✓ Đã xuất translations/hop-dong.pot: 21 mục."
    assert polib.pofile(str(root / "translations/hop-dong.pot")).percent_translated() == 0


def test_export_to_stdout_or_a_named_file(tmp_library: LibraryMaker, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library()
    code, out, err = run(["translate", "export", "thu-viec", "en", "-o", "-", *options(root)],
                         capsys)
    assert (code, err) == (0, "")
    assert out.startswith('# Tủ sách pháp luật số — "Thử việc tối đa bao lâu?"')
    assert '\nmsgctxt "s1.p2"\nmsgid "Không quá 60 ngày."\nmsgstr ""\n' in out
    assert not (root / "translations").exists()

    target = tmp_path / "gui-nguoi-dich" / "thu-viec.po"
    code, out, _ = run(["translate", "export", "thu-viec", "en", "--output", str(target),
                        *options(root)], capsys)
    assert code == 0
    assert out.splitlines()[0] == f"✓ Đã xuất {target}: 4 mục."
    assert target.read_text("utf-8").endswith('msgid "Không quá 60 ngày."\nmsgstr ""\n')


@pytest.mark.parametrize(("argv", "message"), [
    (["khong-co", "en"], "✗ không có bài 'khong-co' trong thư viện\n"),
    (["khong-co", "pot"], "✗ không có bài 'khong-co' trong thư viện\n"),
    (["thu-viec", "hmn"], "✗ ngôn ngữ 'hmn' không có trong content/_data/languages.yml "
                          "(có: en)\n"),
])
def test_export_of_an_unknown_explainer_or_language_is_wrong_usage(
        tmp_library: LibraryMaker, capsys: pytest.CaptureFixture[str], argv: list[str],
        message: str) -> None:
    root = tmp_library()
    before = snapshot(root)
    assert run(["translate", "export", *argv, *options(root)], capsys) == (2, "", message)
    assert snapshot(root) == before


# --- translate import -----------------------------------------------------------------------


def test_import_reports_what_it_wrote(tmp_library: LibraryMaker,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library(samples.files())
    run(["translate", "export", "hop-dong", "hmn", *options(root)], capsys)
    po_file = root / HMN_PO
    po = polib.pofile(str(po_file))
    po[0].msgstr = "Daim ntawv cog lus ua haujlwm yuav tsum muaj dab tsi?"
    po.save()
    code, out, err = run(["translate", "import", str(po_file), *options(root)], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"✓ Đã tạo {HMN_PATH}: 1/21 mục đã dịch, 20 mục giữ tiếng Việt, 0 mục fuzzy.",
        "  Trạng thái: cập nhật (khớp bài gốc hiện tại).",
        "  Kiểm tra: python build.py check",
    ]
    code, out, _ = run(["translate", "import", str(po_file), *options(root)], capsys)
    assert code == 0
    assert out.splitlines()[0] == f"✓ Không có gì thay đổi: {HMN_PATH} đã đúng như {HMN_PO}."


def test_import_of_a_broken_po_prints_its_lines_and_writes_nothing(
        tmp_library: LibraryMaker, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library(samples.files())
    run(["translate", "export", "hop-dong", "hmn", *options(root)], capsys)
    po_file = root / HMN_PO
    po = polib.pofile(str(po_file))
    next(e for e in po if e.msgctxt == "s1.p2").msgstr = "# Daim ntawv"
    po.metadata["Language"] = "hmn-x"
    po.save()
    lines = po_file.read_text("utf-8").split("\n")
    language_line = next(i for i, line in enumerate(lines, 1) if line.startswith('"Language:'))
    before = snapshot(root)
    code, out, err = run(["translate", "import", str(po_file), *options(root)], capsys)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{HMN_PO}:{language_line}: ngôn ngữ 'hmn-x' không có trong languages.yml — gợi ý: "
        "thêm mã ngôn ngữ vào content/_data/languages.yml",
        "✗ 1 lỗi — chưa ghi gì; sửa các lỗi trên rồi chạy lại.",
    ]
    po.metadata["Language"] = "hmn"
    po.save()
    ctx_line = po_file.read_text("utf-8").split("\n").index('msgctxt "s1.p2"') + 1
    code, _, err = run(["translate", "import", str(po_file), *options(root)], capsys)
    assert code == 1
    assert err.splitlines() == [
        f"{HMN_PO}:{ctx_line + 2}: bản dịch của 's1.p2' làm đổi cấu trúc Markdown: thêm tiêu "
        "đề — gợi ý: chỉ dịch chữ; giữ các dấu Markdown như trong msgid",
        "✗ 1 lỗi — chưa ghi gì; sửa các lỗi trên rồi chạy lại.",
    ]
    assert snapshot(root) == {**before, HMN_PO: po_file.read_bytes()}


def test_import_of_a_missing_file_is_wrong_usage(tmp_library: LibraryMaker,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library()
    code, out, err = run(["translate", "import", str(root / "khong-co.en.po"), *options(root)],
                         capsys)
    assert (code, out) == (2, "")
    assert err == "✗ không đọc được tệp khong-co.en.po: No such file or directory\n"


# --- translate confirm ----------------------------------------------------------------------


def test_confirm(tmp_library: LibraryMaker, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library({"content/lao-dong/thu-viec.en.md": UNCONFIRMED})
    code, out, err = run(["translate", "confirm", "thu-viec", "en", *options(root)], capsys)
    digest = samples.sha256(explainer())
    assert (code, err) == (0, "")
    assert out == ("✓ Đã xác nhận content/lao-dong/thu-viec.en.md theo bài gốc hiện tại "
                   f"(source_hash {digest[:12]}…).\n")
    assert (root / "content/lao-dong/thu-viec.en.md").read_text("utf-8") == UNCONFIRMED.replace(
        '"Luv luv."\n', f'"Luv luv."\nsource_hash: {digest}\n')
    code, out, _ = run(["translate", "confirm", "thu-viec", "en", *options(root)], capsys)
    assert (code, out) == (0, "✓ content/lao-dong/thu-viec.en.md đã khớp bài gốc hiện tại; "
                              "không có gì thay đổi.\n")


def test_confirm_a_missing_translation_is_wrong_usage(
        tmp_library: LibraryMaker, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library()
    assert run(["translate", "confirm", "thu-viec", "en", *options(root)], capsys) == (
        2, "", "✗ chưa có bản dịch 'en' của bài 'thu-viec' (content/lao-dong/thu-viec.en.md)\n")


# --- a three-letter language from start to end ----------------------------------------------


def test_hmong_from_export_to_import_to_status(tmp_library: LibraryMaker,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library(samples.files(english=None))
    opts = options(root)
    assert run(["translate", "export", "hop-dong", "hmn", *opts], capsys)[0] == 0
    po_file = root / HMN_PO
    po = polib.pofile(str(po_file))
    assert po.metadata["Language"] == "hmn"
    for item in po:  # the translator's work (here: marked so it can be found again)
        item.msgstr = "[hmn] " + item.msgid.replace("\n", "\n[hmn] ") \
            if item.msgctxt not in ("s2.t2.r1.c1", "abbr.UBND") else ""
    po.save()
    code, out, _ = run(["translate", "import", str(po_file), *opts], capsys)
    assert code == 0
    assert out.splitlines()[0] == \
        f"✓ Đã tạo {HMN_PATH}: 19/21 mục đã dịch, 2 mục giữ tiếng Việt, 0 mục fuzzy."
    text = (root / HMN_PATH).read_text("utf-8")
    assert text.startswith('---\ntitle: "[hmn] Hợp đồng lao động cần những gì?"\n')
    assert "\n- [hmn] mức lương, hình thức trả lương\n  [hmn] và thời hạn trả lương.\n" in text
    assert "\n| Loại | [hmn] Thời hạn |\n" in text
    assert "\n!!! note \"[hmn] Lưu ý\"\n" in text
    assert "\n![[hmn] Sơ đồ giao kết hợp đồng](so-do.png)\n" in text
    assert "\n[^1]: [hmn] Điều 13 Bộ luật Lao động 2019.\n" in text
    assert "\n*[UBND]: Ủy ban nhân dân\n" in text

    code, out, err = run(["check", *opts], capsys)
    assert (code, err) == (0, "")
    code, out, _ = run(["translations", "--lang", "hmn", *opts], capsys)
    assert out.splitlines()[1] == "content/lao-dong/hop-dong.md  hmn       cập nhật"

    # The editor changes the source: the Hmong translation is stale.
    source = root / samples.SOURCE_PATH
    source.write_text(samples.SOURCE.replace("36 tháng", "48 tháng"), "utf-8")
    code, out, _ = run(["translations", "--lang", "hmn", *opts], capsys)
    assert out.splitlines()[1] == \
        "content/lao-dong/hop-dong.md  hmn       cũ          bài gốc đã sửa sau khi dịch"

    # Re-exported, the translation comes back filled in and fuzzy; imported unchanged it
    # stays as it is, and stale.
    code, out, _ = run(["translate", "export", "hop-dong", "hmn", *opts], capsys)
    assert out.splitlines()[0] == \
        f"✓ Đã xuất {HMN_PO}: 21 mục, 19 mục điền sẵn từ bản dịch hiện có."
    before = (root / HMN_PATH).read_bytes()
    code, out, _ = run(["translate", "import", str(po_file), *opts], capsys)
    assert out.splitlines()[:2] == [
        f"✓ Không có gì thay đổi: {HMN_PATH} đã đúng như {HMN_PO}.",
        "  ⚠ Còn 19 mục fuzzy: source_hash không đổi, bản dịch vẫn là 'cũ'. Xem lại các mục "
        "đó, bỏ đánh dấu fuzzy rồi nhập lại.",
    ]
    assert (root / HMN_PATH).read_bytes() == before

    # The translator decides the translation still holds: confirm.
    code, out, _ = run(["translate", "confirm", "hop-dong", "hmn", *opts], capsys)
    assert code == 0
    code, out, _ = run(["translations", "--lang", "hmn", *opts], capsys)
    assert out.splitlines()[1] == "content/lao-dong/hop-dong.md  hmn       cập nhật"


# --- usage ----------------------------------------------------------------------------------


def test_help_lists_the_translation_commands(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert exit_code(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "translations tình trạng bản dịch: cập nhật, cũ, chưa có" in out
    assert "translate tệp PO cho người dịch (Poedit, Weblate, Pootle): xuất, nhập, xác nhận" in out
    assert exit_code(["translate", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for text in ("export xuất bài ra tệp PO (hoặc mẫu POT) để dịch",
                 "import nhập tệp PO đã dịch thành <slug>.<mã>.md (hỏi đáp, tình huống: "
                 "<tên>.<mã>.yml) cạnh tệp gốc",
                 "confirm xác nhận bản dịch khớp bài gốc hiện tại (ghi source_hash)"):
        assert text in out
    assert exit_code(["translate", "export", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Mặc định ghi vào <root>/translations/<slug>.<mã>.po (mẫu: <slug>.pot)" in out
    assert "'-' là in ra màn hình" in out


@pytest.mark.parametrize("argv", [
    ["translate"],
    ["translate", "publish"],
    ["translate", "export", "thu-viec"],
    ["translate", "confirm", "thu-viec"],
    ["translate", "import"],
    ["translations", "--lang"],
])
def test_wrong_usage_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert exit_code(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "usage: python build.py translat" in err
