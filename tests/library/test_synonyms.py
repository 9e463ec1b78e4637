"""`content/_data/synonyms.yml`: groups loaded in their compared form, every problem at its
line, and what a passage also says through them."""

from __future__ import annotations

import unicodedata

from generators.library import load_library
from generators.library.synonyms import also_said, phrase_form
from tests.conftest import ROOT, TODAY, LibraryMaker

PATH = "content/_data/synonyms.yml"
HINT = "mỗi nhóm là một danh sách các cách nói cùng nghĩa, ví dụ: - [sổ đỏ, giấy chứng nhận]"


def problems_of(tmp_library: LibraryMaker, text: str) -> list[str]:
    _, problems = load_library(tmp_library({PATH: text}), TODAY)
    return [p.format() for p in problems.items if p.path == PATH]


def test_groups_load_in_their_compared_form(tmp_library: LibraryMaker) -> None:
    text = "# cách nói\n- [Sổ  Đỏ, giấy chứng nhận quyền sử dụng đất]\n- [đền bù, bồi thường]\n"
    library, problems = load_library(tmp_library({PATH: text}), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    assert library.synonyms == (("sổ đỏ", "giấy chứng nhận quyền sử dụng đất"),
                                ("đền bù", "bồi thường"))


def test_no_file_no_groups(tmp_library: LibraryMaker) -> None:
    library, _ = load_library(tmp_library(), TODAY)
    assert library is not None and library.synonyms == ()


def test_the_starter_groups_load_cleanly() -> None:
    library, problems = load_library(ROOT, TODAY)
    assert library is not None
    assert [p.format() for p in problems.items if p.path == PATH] == []
    assert ("nghỉ việc", "thôi việc", "chấm dứt hợp đồng lao động", "bỏ việc") in library.synonyms
    assert any("sổ đỏ" in g and "giấy chứng nhận quyền sử dụng đất" in g
               for g in library.synonyms)


def test_not_a_list(tmp_library: LibraryMaker) -> None:
    assert problems_of(tmp_library, "so-do: giay chung nhan\n") == [
        f"{PATH}:1: synonyms.yml phải là một danh sách các nhóm — gợi ý: {HINT}"]


def test_each_problem_at_its_line(tmp_library: LibraryMaker) -> None:
    text = ("- [sổ đỏ, sổ hồng]\n"                 # 1 fine
            "- [một mình]\n"                        # 2 one phrase
            "- hai cách nói\n"                      # 3 not a list
            "- [bồi thường, '', 12]\n"              # 4 empty, not text (and one left: dropped)
            "- [đền bù, bồi thường, sổ hồng]\n"     # 5 bồi thường dropped above; sổ hồng taken
            "- [lừa đảo, lừa đảo!, lừa đảo]\n"      # 6 punctuation, repeated
            f"- [ngắn, {'dài ' * 30}]\n")           # 7 too long
    assert problems_of(tmp_library, text) == [
        f"{PATH}:2: nhóm từ đồng nghĩa cần ít nhất hai cách nói — gợi ý: {HINT}",
        f"{PATH}:3: nhóm từ đồng nghĩa cần ít nhất hai cách nói — gợi ý: {HINT}",
        f"{PATH}:4: cách nói trống hoặc không phải chữ — gợi ý: viết cụm từ như người dân "
        "gõ, ví dụ: sổ đỏ",
        f"{PATH}:4: cách nói trống hoặc không phải chữ — gợi ý: viết cụm từ như người dân "
        "gõ, ví dụ: sổ đỏ",
        f"{PATH}:5: 'sổ hồng' đã có ở nhóm dòng 1 — gợi ý: mỗi cách nói chỉ thuộc một nhóm: "
        "gộp hai nhóm nếu cùng nghĩa",
        f"{PATH}:6: cách nói 'lừa đảo!' có dấu câu — gợi ý: chỉ dùng chữ, số, dấu cách, "
        "'-' hoặc '/'",
        f"{PATH}:6: cảnh báo: 'lừa đảo' lặp lại trong cùng nhóm — gợi ý: xóa bớt một lần",
        f"{PATH}:7: cách nói dài 119 ký tự, nhiều nhất 80 — gợi ý: chỉ ghi cụm từ, không ghi "
        "cả câu"]


def test_errors_stop_the_build_warnings_do_not(tmp_library: LibraryMaker) -> None:
    library, problems = load_library(tmp_library({PATH: "- [a, a, b]\n"}), TODAY)
    assert library is not None and library.synonyms == (("a", "b"),)
    assert [p.is_error for p in problems.items if p.path == PATH] == [False]
    library, _ = load_library(tmp_library({PATH: "- [a]\n"}), TODAY)
    assert library is None


def test_what_a_passage_also_says() -> None:
    groups = (("sổ đỏ", "giấy chứng nhận quyền sử dụng đất"), ("rượu bia", "nhậu"),
              ("xe máy", "xe mô tô"))
    assert also_said("Làm Sổ Đỏ lần đầu", groups) == ["giấy chứng nhận quyền sử dụng đất"]
    # Punctuation between words does not part them; a phrase inside a longer word is no match.
    assert also_said("Đã uống rượu, bia thì không lái", groups) == ["nhậu"]
    assert also_said("xe máy điện", groups) == ["xe mô tô"]
    assert also_said("sổ đỏ và xe mô tô", groups) == ["giấy chứng nhận quyền sử dụng đất",
                                                      "xe máy"]
    assert also_said("bìa sổ đỏm", groups) == []
    assert phrase_form(unicodedata.normalize("NFD", "  Sổ  ĐỎ ")) == "sổ đỏ"
