"""`python build.py quiz export|import` end to end: what is written where, exit statuses,
--force, --include-contest, and the imported bank accepted (or not) by `build.py check`."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

import build
from generators.library import load_library
from generators.library.model import QuizBank
from generators.quiz.interchange import gift, qti
from tests.conftest import ROOT, TODAY, LibraryMaker
from tests.quiz.interchange.conftest import BANK, assert_same_bank
from tests.quiz.interchange.qti_structure import check_package

CONTEST = """\
title: Cuộc thi thử
opens: 2026-12-01T08:00:00+07:00
closes: 2026-12-10T17:00:00+07:00
banks: [mau]
questions: 2
minutes: 15
"""
DATE = ["--date", TODAY.isoformat()]


def _root(tmp_library: LibraryMaker, contest: bool = False) -> Path:
    files = {"quizzes/mau.yml": BANK}
    if contest:
        files["quizzes/contests/thi.yml"] = CONTEST
    return tmp_library(files)


def _bank(root: Path, key: str) -> QuizBank:
    library, problems = load_library(root, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    return library.quizzes[key]


def test_gift_to_stdout_then_imported_under_a_new_name_is_the_same_bank(
        tmp_library: LibraryMaker, tmp_path: Path, capsys) -> None:
    root = _root(tmp_library)
    assert build.main(["quiz", "export", "mau", "--format", "gift", "--root", str(root),
                       *DATE]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("// Tủ sách pháp luật số") and "::so-loai::" in out
    assert "✓ Đã xuất 11/11 câu của 'mau' (gift)" in err
    source = tmp_path / "mau.gift"
    source.write_text(out, "utf-8")
    assert build.main(["quiz", "import", str(source), "--bank", "ban-sao", "--root",
                       str(root)]) == 0
    err = capsys.readouterr().err
    assert f"→ {root / 'quizzes' / 'ban-sao.yml'}" in err and "căn cứ" not in err
    assert_same_bank(_bank(root, "ban-sao"), _bank(root, "mau"))
    assert build.main(["check", "--root", str(root), *DATE]) == 0


def test_qti_and_aiken_to_a_folder(tmp_library: LibraryMaker, tmp_path: Path,
                                   capsys) -> None:
    root = _root(tmp_library)
    folder = tmp_path / "ra"
    folder.mkdir()
    for kind in ("qti", "aiken"):
        assert build.main(["quiz", "export", "mau", "--format", kind, "--out", str(folder),
                           "--root", str(root), *DATE]) == 0
    out, err = capsys.readouterr()
    assert f"→ {folder / 'mau.zip'}" in out and f"→ {folder / 'mau.txt'}" in out
    assert check_package((folder / "mau.zip").read_bytes())[0] == []
    assert "✓ Đã xuất 1/11 câu của 'mau' (aiken)" in out
    bank = _bank(root, "mau")
    skipped = [line for line in err.splitlines() if line.startswith("cảnh báo: bỏ câu")]
    assert skipped == [f"cảnh báo: bỏ câu '{q.id}': loại '{q.type}' (Aiken chỉ có câu một "
                       "đáp án)" for q in bank.questions if q.type != "single"]
    assert (folder / "mau.txt").read_text("utf-8").count("ANSWER:") == 1


def test_a_contest_s_bank_is_refused_unless_asked(tmp_library: LibraryMaker, tmp_path: Path,
                                                  capsys) -> None:
    root = _root(tmp_library, contest=True)
    target = tmp_path / "de-thi.gift"
    assert build.main(["quiz", "export", "mau", "--format", "gift", "--out", str(target),
                       "--root", str(root), *DATE]) == 2
    err = capsys.readouterr().err
    assert "✗ Ngân hàng 'mau' là đề của cuộc thi thi: tệp xuất ra chứa đáp án" in err
    assert "--include-contest" in err and not target.exists()
    assert build.main(["quiz", "export", "mau", "--format", "gift", "--out", str(target),
                       "--include-contest", "--root", str(root), *DATE]) == 0
    assert "cảnh báo: tệp chứa đáp án của cuộc thi thi — giữ kín." in capsys.readouterr().err
    assert "::so-loai::" in target.read_text("utf-8")


def test_export_refuses_an_unknown_bank_and_a_broken_library(tmp_library: LibraryMaker,
                                                             capsys) -> None:
    root = _root(tmp_library)
    assert build.main(["quiz", "export", "khong-co", "--format", "gift", "--root", str(root),
                       *DATE]) == 2
    assert "✗ Không có ngân hàng câu hỏi 'khong-co' (quizzes/khong-co.yml). Có: mau" in \
        capsys.readouterr().err
    broken = tmp_library({"quizzes/mau.yml": BANK.replace('answer: "Hai loại: có thời hạn"',
                                                          'answer: "Bốn loại"')})
    assert build.main(["quiz", "export", "mau", "--format", "gift", "--root", str(broken),
                       *DATE]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "quizzes/mau.yml:13: " in err and "chưa xuất gì" in err


GIFT = """\
::q1::Hợp đồng lao động có mấy loại?{~Một =Hai ~Ba}

::q2::Thử việc là bắt buộc?{F}
"""


def test_import_without_basis_writes_and_says_check_will_report_each_line(
        tmp_library: LibraryMaker, tmp_path: Path, capsys) -> None:
    root = _root(tmp_library)
    source = tmp_path / "moodle.gift"
    source.write_text(GIFT, "utf-8")
    assert build.main(["quiz", "import", str(source), "--bank", "moi", "--root",
                       str(root)]) == 0
    err = capsys.readouterr().err
    assert "cảnh báo: 2/2 câu chưa có căn cứ pháp lý (basis), ví dụ 'q1'" in err
    assert "tệp nguồn không có tiêu đề: đặt tạm 'moi'" in err
    assert build.main(["check", "--root", str(root), *DATE]) == 1
    err = capsys.readouterr().err
    assert "quizzes/moi.yml:3: câu hỏi 'q1': thiếu căn cứ pháp lý 'basis'" in err
    assert "quizzes/moi.yml:12: câu hỏi 'q2': thiếu căn cứ pháp lý 'basis'" in err


def test_import_with_basis_and_title_is_a_valid_bank(tmp_library: LibraryMaker,
                                                     tmp_path: Path, capsys) -> None:
    root = _root(tmp_library)
    source = tmp_path / "moodle.gift"
    source.write_text(GIFT, "utf-8")
    assert build.main(["quiz", "import", str(source), "--format", "gift", "--bank", "moi",
                       "--title", "Ôn tập", "--basis", "45/2019/QH14:20; 31/2024/QH15",
                       "--root", str(root)]) == 0
    assert "cảnh báo" not in capsys.readouterr().err
    assert build.main(["check", "--root", str(root), *DATE]) == 0
    bank = _bank(root, "moi")
    assert bank.title == "Ôn tập"
    assert {(b.document, b.article) for q in bank.questions for b in q.basis} == {
        ("45/2019/QH14", "20"), ("31/2024/QH15", None)}


def test_an_existing_file_is_kept_without_force(tmp_library: LibraryMaker, tmp_path: Path,
                                               capsys) -> None:
    root = _root(tmp_library)
    source = tmp_path / "moodle.gift"
    source.write_text(GIFT, "utf-8")
    args = ["quiz", "import", str(source), "--bank", "mau", "--root", str(root)]
    before = (root / "quizzes" / "mau.yml").read_text("utf-8")
    assert build.main(args) == 2
    assert f"✗ {root / 'quizzes' / 'mau.yml'} đã có: thêm --force để ghi đè" in \
        capsys.readouterr().err
    assert (root / "quizzes" / "mau.yml").read_text("utf-8") == before
    assert build.main([*args, "--force", "--basis", "45/2019/QH14"]) == 0
    assert [q.id for q in _bank(root, "mau").questions] == ["q1", "q2"]


def test_a_parse_error_is_exit_1_at_the_source_s_line_and_writes_nothing(
        tmp_library: LibraryMaker, tmp_path: Path, capsys) -> None:
    root = _root(tmp_library)
    source = tmp_path / "hong.txt"
    source.write_text("Câu một?\nA. x\nB. y\nANSWER: A\n\nCâu hai?\nA. x\nB. y\nANSWER: Z\n",
                      "utf-8")
    assert build.main(["quiz", "import", str(source), "--format", "aiken", "--bank", "moi",
                       "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"{source}:9: 'ANSWER: Z' không phải chữ của một lựa chọn" in err
    assert "✗ 1 lỗi" in err and not (root / "quizzes" / "moi.yml").exists()
    latin = tmp_path / "latin.gift"
    latin.write_bytes(b"::a::Cau?{T}\n\n::b::Th\xfd vi\xeac?{F}\n")  # Windows-1258
    assert build.main(["quiz", "import", str(latin), "--bank", "moi", "--root",
                       str(root)]) == 1
    assert f"{latin}:3: tệp không phải UTF-8" in capsys.readouterr().err


@pytest.mark.parametrize(("args", "message"), [
    (["khong-co.gift", "--bank", "moi"], "✗ Không có tệp khong-co.gift"),
    (["SOURCE", "--bank", "Tên Sai"], "✗ Tên ngân hàng 'Tên Sai' không hợp lệ"),
    (["SOURCE", "--bank", "moi", "--basis", "45/2019/QH14:"], "✗ --basis: '45/2019/QH14:'"),
    (["SOURCE.doc", "--bank", "moi"], "✗ Không đoán được định dạng của moodle.doc"),
])
def test_usage_errors_are_exit_2(tmp_library: LibraryMaker, tmp_path: Path, capsys,
                                 args: list[str], message: str, monkeypatch) -> None:
    root = _root(tmp_library)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "moodle.gift").write_text(GIFT, "utf-8")
    (tmp_path / "moodle.doc").write_text(GIFT, "utf-8")
    args = [a.replace("SOURCE", "moodle.gift") if a == "SOURCE" else
            a.replace("SOURCE.doc", "moodle.doc") for a in args]
    assert build.main(["quiz", "import", *args, "--root", str(root)]) == 2
    assert message in capsys.readouterr().err


def test_the_command_line_for_real(tmp_library: LibraryMaker, tmp_path: Path) -> None:
    """As an editor runs it: QTI bytes on stdout, a YAML on stdout, exit statuses."""
    root = _root(tmp_library)

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, str(ROOT / "build.py"), "quiz", *args,
                               "--root", str(root)], capture_output=True, timeout=120,
                              check=False)

    exported = run("export", "mau", "--format", "qti", *DATE)
    assert exported.returncode == 0, exported.stderr.decode()
    assert zipfile.ZipFile(BytesIO(exported.stdout)).namelist()[0] == "imsmanifest.xml"
    package = tmp_path / "mau.zip"
    package.write_bytes(exported.stdout)
    imported = run("import", str(package), "--bank", "ban-sao", "--out", "-")
    assert imported.returncode == 0, imported.stderr.decode()
    text = imported.stdout.decode()
    assert text.startswith('title: \'Tìm hiểu Bộ luật Lao động: {thử} ~ = # <&> "trích"\'\n')
    assert not (root / "quizzes" / "ban-sao.yml").exists()
    assert "→ màn hình" in imported.stderr.decode()
    assert run("export", "mau", "--format", "rtf").returncode == 2
    assert run("import", str(package)).returncode == 2  # --bank is required


def test_every_starter_bank_goes_through_gift_and_qti_and_back(tmp_path: Path) -> None:
    """Banks nobody wrote for these tests: the library's own."""
    library, problems = load_library(ROOT, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    assert library.quizzes
    for bank in library.quizzes.values():
        text, warnings = gift.dump(bank)
        assert warnings == [], bank.key
        imported = gift.load(text, bank.path)
        assert imported.problems.items == [], bank.key
        assert_same_bank(imported.bank(bank.key), bank)
        data, warnings = qti.dump(bank)
        assert warnings == [] and check_package(data)[0] == [], bank.key
        package = tmp_path / f"{bank.key}.zip"
        package.write_bytes(data)
        imported = qti.load(package, package.name)
        assert imported.problems.items == [], bank.key
        assert_same_bank(imported.bank(bank.key), bank)
