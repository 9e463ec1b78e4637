"""Control characters in editors' files (generators/library/text.py `xml_safe`, read by
files.py `read_text` and the PO import): Word's breaks become line breaks, the rest are
errors at their line, naming the code point."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from generators.errors import ContentError
from generators.library import load_library
from generators.library.files import BREAK_HINT, CONTROL_HINT, MAX_CHAR_PROBLEMS
from generators.library.text import word_breaks, xml_safe
from generators.translations.po import export_po, import_po
from tests.conftest import TODAY, LibraryMaker, explainer
from tests.translations import samples
from tests.translations.samples import load

ARTICLE = "content/lao-dong/thu-viec.md"
BODY = "## Thời gian thử việc\n\nKhông quá 60 ngày.\n"


@pytest.mark.parametrize(("char", "expected"), [
    ("\x0b", "a\nb"),  # Word's line break (Shift+Enter)
    ("\x0c", "a\nb"),  # a page break
    ("\u2028", "a\nb"),
    ("\u2029", "a\nb"),
    ("\t", "a\tb"),
    ("\xa0", "a\xa0b"),  # a no-break space is text
])
def test_breaks_become_newlines_and_text_stays(char: str, expected: str) -> None:
    assert xml_safe(f"a{char}b") == (expected, [])


@pytest.mark.parametrize(("char", "message"), [
    ("\x00", "ký tự điều khiển U+0000 không được phép"),
    ("\x01", "ký tự điều khiển U+0001 không được phép"),
    ("\x08", "ký tự điều khiển U+0008 không được phép"),
    ("\x1b", "ký tự điều khiển U+001B không được phép"),
    ("\x1f", "ký tự điều khiển U+001F không được phép"),
    ("\x7f", "ký tự điều khiển U+007F không được phép"),
    ("\x85", "ký tự điều khiển U+0085 không được phép"),
    ("\x9f", "ký tự điều khiển U+009F không được phép"),
    ("\ufffe", "ký tự không hợp lệ U+FFFE không được phép"),
    ("\uffff", "ký tự không hợp lệ U+FFFF không được phép"),
])
def test_other_controls_are_refused_at_their_line(char: str, message: str) -> None:
    assert xml_safe(f"một\nhai {char}ba\n") == ("một\nhai ba\n", [(2, message)])


def test_one_problem_per_line_naming_each_code_point_once() -> None:
    text = "a\x01\x02\x01\nb\nc\x0bd\x03"  # the vertical tab is a line break first
    assert xml_safe(text)[1] == [(1, "ký tự điều khiển U+0001, U+0002 không được phép"),
                                 (4, "ký tự điều khiển U+0003 không được phép")]


def test_line_breaks_can_be_written_otherwise() -> None:
    assert xml_safe("a\x0bb", " ") == ("a b", [])


def problems_of(tmp_library: LibraryMaker, files: dict[str, str | bytes | None]) -> list[str]:
    return [p.format() for p in load_library(tmp_library(files), TODAY)[1].errors]


def test_vertical_tab_in_an_explainer_is_a_line_break(tmp_library: LibraryMaker) -> None:
    text = explainer(body="## Thời gian thử việc\n\nKhông quá\x0b60 ngày.\n")
    library, problems = load_library(tmp_library({ARTICLE: text}), TODAY)
    assert problems.errors == []
    assert library is not None
    body = library.explainer("thu-viec").body
    assert "\x0b" not in body.html
    assert "Không quá\n60 ngày." in body.html


def test_word_breaks_are_a_warning_at_the_line_the_editor_sees(
        tmp_library: LibraryMaker) -> None:
    text = explainer(body="## Một\x0bhai\n\nBa\x0cbốn\x0bnăm.\n")
    problems = load_library(tmp_library({ARTICLE: text}), TODAY)[1]
    assert [p.format() for p in problems.warnings if "U+" in p.message] == [
        f"{ARTICLE}:10: cảnh báo: ký tự ngắt dòng U+000B (thường do dán từ Word) được đọc là "
        f"xuống dòng — gợi ý: {BREAK_HINT}",
        f"{ARTICLE}:12: cảnh báo: ký tự ngắt dòng U+000C, U+000B (thường do dán từ Word) được "
        f"đọc là xuống dòng — gợi ý: {BREAK_HINT}"]


def test_word_breaks_lines() -> None:
    assert word_breaks("a\nb\u2028c\u2029\n") == [
        (2, "ký tự ngắt dòng U+2028, U+2029 (thường do dán từ Word) được đọc là xuống dòng")]
    assert word_breaks("a\tb\xa0c\n") == []


@pytest.mark.parametrize(("char", "code"), [("\x01", "0001"), ("\x00", "0000"),
                                            ("\x1b", "001B")])
def test_control_in_an_explainer_body_is_an_error_at_its_line(
        tmp_library: LibraryMaker, char: str, code: str) -> None:
    text = explainer(body=f"## Thời gian thử việc\n\nKhông quá{char} 60 ngày.\n")
    assert problems_of(tmp_library, {ARTICLE: text}) == [
        f"{ARTICLE}:12: ký tự điều khiển U+{code} không được phép — gợi ý: {CONTROL_HINT}"]


def test_control_in_front_matter_and_data_files(tmp_library: LibraryMaker) -> None:
    text = explainer(title="Thử việc\x02 tối đa bao lâu?")
    fields = "lao-dong:\n  title: Lao động\x07\ndat-dai:\n  title: Đất đai\n"
    assert problems_of(tmp_library, {ARTICLE: text, "content/_data/fields.yml": fields}) == [
        f"content/_data/fields.yml:2: ký tự điều khiển U+0007 không được phép — gợi ý: "
        f"{CONTROL_HINT}",
        f"{ARTICLE}:2: ký tự điều khiển U+0002 không được phép — gợi ý: {CONTROL_HINT}"]


def test_a_binary_file_gives_a_bounded_number_of_problems(tmp_library: LibraryMaker) -> None:
    noise = "\n".join("\x01" for _ in range(500))
    found = problems_of(tmp_library, {"content/_data/audiences.yml": noise})
    assert [p.split(":")[1] for p in found if p.startswith("content/_data/audiences.yml:")] \
        == [str(line) for line in range(1, MAX_CHAR_PROBLEMS + 1)]


def _po_with(tmp_library: LibraryMaker, text: str) -> tuple[Path, Path]:
    root = tmp_library(samples.files(english=None))
    po = export_po(load(root), "hop-dong", "en")
    for item in po:
        item.msgstr = item.msgid
    next(e for e in po if e.msgctxt == "s1.p2").msgstr = text
    path = root / "translations" / "hop-dong.en.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(str(po), "utf-8")
    assert isinstance(polib.pofile(str(path)), polib.POFile)
    return root, path


def test_po_import_turns_word_breaks_into_line_breaks(tmp_library: LibraryMaker) -> None:
    root, path = _po_with(tmp_library, "The contract\x0bmust state:")
    import_po(root, load(root), path)
    written = (root / samples.ENGLISH_PATH).read_text("utf-8")
    assert "The contract\nmust state:" in written
    assert "\x0b" not in written


def test_po_import_refuses_controls_at_their_line(tmp_library: LibraryMaker) -> None:
    root, path = _po_with(tmp_library, "The contract\x01 must state:")
    lines = path.read_text("utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, 1)
                if text.startswith("msgstr") and "The contract" in text + lines[i])
    with pytest.raises(ContentError) as caught:
        import_po(root, load(root), path)
    assert [p.format() for p in caught.value.problems] == [
        f"translations/hop-dong.en.po:{line}: ký tự điều khiển U+0001 không được phép — gợi ý: "
        f"{CONTROL_HINT}"]
    assert not (root / samples.ENGLISH_PATH).exists()


ESCAPE_HINT = "bỏ mã thoát như \\x01, \\v hay \\u0001 khỏi giá trị"


def test_controls_written_as_yaml_escapes_are_refused_at_their_line(
        tmp_library: LibraryMaker) -> None:
    text = explainer(title="Thử việc\\x01 tối đa?", extra='reviewed: true\ntags: ["a\\vb"]')
    fields = 'lao-dong:\n  title: Lao động\ndat-dai:\n  title: "Đất\\u0000đai"\n'
    assert problems_of(tmp_library, {ARTICLE: text, "content/_data/fields.yml": fields}) == [
        f"content/_data/fields.yml:4: ký tự điều khiển U+0000 không được phép — gợi ý: "
        f"{ESCAPE_HINT}",
        f"{ARTICLE}:2: ký tự điều khiển U+0001 không được phép — gợi ý: {ESCAPE_HINT}",
        f"{ARTICLE}:9: ký tự điều khiển U+000B không được phép — gợi ý: {ESCAPE_HINT}"]
