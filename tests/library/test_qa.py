"""qa/*.yml: questions and answers (interaction-format.md), every problem at its line, and
the first sentence the answer box and the long-answer warning read."""

from __future__ import annotations

import pytest

from generators.library import load_library, read_library
from generators.library.model import Basis
from generators.library.sentences import first_sentence
from tests.conftest import ROOT, TODAY, LibraryMaker

GOOD = """\
field: lao-dong
items:
  - question: Thử việc tối đa bao nhiêu ngày?
    answer: |
      Tối đa **60 ngày** với công việc cần trình độ cao đẳng trở lên. Người quản lý
      doanh nghiệp thử việc đến 180 ngày.
    basis: [{document: "45/2019/QH14", article: "25"}]
    explainer: thu-viec#thoi-gian-thu-viec
    audiences: [nguoi-lao-dong]
    asked: q-2026-0001
  - id: loi-noi
    question: Có được thỏa thuận thử việc bằng lời nói không?
    answer: Có, nếu hai bên thỏa thuận.
    basis: [{document: "45/2019/QH14", article: "24"}]
    explainer: thu-viec
"""
PATH = "qa/lao-dong.yml"
UNREVIEWED_END = "chưa được chuyên gia pháp lý rà soát (reviewed: false)"
UNREVIEWED = f"tệp hỏi đáp {UNREVIEWED_END}"


def _problems(tmp_library: LibraryMaker, files: dict[str, str | None]) -> list[str]:
    _, problems = read_library(tmp_library(files), TODAY)
    return [p.format() for p in problems.items if p.path.startswith("qa/")]


def test_a_good_file_loads(tmp_library: LibraryMaker) -> None:
    library, problems = load_library(tmp_library({PATH: GOOD}), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    assert [p.format() for p in problems.items if p.path == PATH and p.message != UNREVIEWED] \
        == []
    bank = library.qa["lao-dong"]
    assert (bank.field, bank.path, [i.id for i in bank.items]) == (
        "lao-dong", PATH, ["thu-viec-toi-da-bao-nhieu-ngay", "loi-noi"])
    first = bank.items[0]
    assert (first.basis, first.explainer, first.section, first.audiences, first.asked,
            first.line) == ((Basis("45/2019/QH14", "25"),), "thu-viec", "thoi-gian-thu-viec",
                            ("nguoi-lao-dong",), "q-2026-0001", 3)
    assert (bank.items[1].section, bank.items[1].asked) == (None, None)
    assert [i.id for _, i in library.qa_for("thu-viec")] == [i.id for i in bank.items]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("field: lao-dong", "field: lao-dongg",
     f"{PATH}:1: lĩnh vực 'lao-dongg' không có trong content/_data/fields.yml"),
    ("explainer: thu-viec#thoi-gian-thu-viec", "explainer: thu-vec",
     f"{PATH}:8: câu hỏi 1: không có bài giải thích 'thu-vec'"),
    ("explainer: thu-viec#thoi-gian-thu-viec", "explainer: thu-viec#thoi-gian",
     f"{PATH}:8: câu hỏi 1: bài 'thu-viec' không có mục '#thoi-gian'"),
    ('    basis: [{document: "45/2019/QH14", article: "25"}]\n', "",
     f"{PATH}:3: câu hỏi 1: thiếu căn cứ pháp lý 'basis'"),
    ('document: "45/2019/QH14", article: "25"', 'document: "45/2019/QH1", article: "25"',
     f"{PATH}:7: câu hỏi 1: văn bản '45/2019/QH1' không có trong content/_data/documents.yml"),
    ("audiences: [nguoi-lao-dong]", "audiences: [nong-dan]",
     f"{PATH}:9: câu hỏi 1: đối tượng 'nong-dan' không có trong content/_data/audiences.yml"),
    ("Có được thỏa thuận thử việc bằng lời nói không?", "thử  việc tối đa bao nhieu ngay",
     f"{PATH}:12: câu hỏi 'thử  việc tối đa bao nhieu ngay' trùng với câu ở {PATH}:3"),
    ("answer: Có, nếu hai bên thỏa thuận.", "answer: Có <b>được</b>.",
     f"{PATH}:13: câu hỏi 2: câu trả lời không dùng HTML"),
    ("answer: Có, nếu hai bên thỏa thuận.", "answer: Xem [bài](thu-viec.md).",
     f"{PATH}:13: câu hỏi 2: liên kết 'thu-viec.md' phải là địa chỉ đầy đủ https://…"),
    ("asked: q-2026-0001", "asked: 'câu hỏi'",
     f"{PATH}:10: câu hỏi 1: 'asked: câu hỏi' không phải mã một câu hỏi của người dân"),
    ("  - id: loi-noi\n", "  - id: Lời nói\n",
     f"{PATH}:11: câu hỏi 2: id 'Lời nói' không hợp lệ"),
    ("  - id: loi-noi\n", "  - id: tsp-q\n",
     f"{PATH}:11: câu hỏi 2: id 'tsp-q' trùng với một phần của trang"),
])
def test_each_problem_at_its_line(tmp_library: LibraryMaker, old: str, new: str,
                                  expected: str) -> None:
    assert old in GOOD
    found = _problems(tmp_library, {PATH: GOOD.replace(old, new)})
    assert any(p.startswith(expected) for p in found), found


def test_an_item_with_an_error_is_left_out_and_the_build_fails(tmp_library: LibraryMaker) -> None:
    text = GOOD.replace("explainer: thu-viec\n", "explainer: khong-co\n")
    library, problems = read_library(tmp_library({PATH: text}), TODAY)
    assert library is not None and problems.errors
    assert [i.id for i in library.qa["lao-dong"].items] == ["thu-viec-toi-da-bao-nhieu-ngay"]
    assert load_library(tmp_library({PATH: text}), TODAY)[0] is None


def test_duplicates_across_files_name_the_first(tmp_library: LibraryMaker) -> None:
    other = ("field: lao-dong\nitems:\n  - question: THU VIEC TOI DA BAO NHIEU NGAY\n"
             "    answer: Sáu mươi ngày.\n    basis: [{document: \"45/2019/QH14\"}]\n")
    found = _problems(tmp_library, {PATH: GOOD, "qa/lao-dong-3.yml": other})
    # Files are read in name order: lao-dong-3.yml comes first.
    assert any(p.startswith(f"{PATH}:3: câu hỏi 'Thử việc tối đa bao nhiêu ngày?' trùng với "
                            "câu ở qa/lao-dong-3.yml:3") for p in found), found


def test_a_repeated_question_is_reported_even_when_its_item_has_other_problems(
        tmp_library: LibraryMaker) -> None:
    text = GOOD.replace("Có được thỏa thuận thử việc bằng lời nói không?",
                        "thu viec toi da bao nhieu ngay").replace(
        "answer: Có, nếu hai bên thỏa thuận.", "answer: Có <b>được</b>.")
    found = _problems(tmp_library, {PATH: text})
    assert f"{PATH}:12: câu hỏi 'thu viec toi da bao nhieu ngay' trùng với câu ở {PATH}:3" \
        in [p.split(" — ")[0] for p in found], found
    assert any(p.startswith(f"{PATH}:13: câu hỏi 2: câu trả lời không dùng HTML")
               for p in found), found


def test_warnings_long_first_sentence_and_expired_basis(tmp_library: LibraryMaker) -> None:
    long = " ".join(["từ"] * 41)
    text = GOOD.replace("answer: Có, nếu hai bên thỏa thuận.", f"answer: {long}. Sau đó.")
    text = text.replace('article: "24"', '}, {document: "10/2012/QH13"')
    library, problems = load_library(tmp_library({PATH: text}), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    warnings = [p.format() for p in problems.warnings if p.path == PATH]
    assert any(f"{PATH}:13:" in w and "câu đầu của câu trả lời dài 41 từ" in w
               for w in warnings), warnings
    assert any(f"{PATH}:11:" in w and "'10/2012/QH13' đang ở trạng thái 'hết hiệu lực'" in w
               for w in warnings), warnings


def test_forty_words_is_no_warning(tmp_library: LibraryMaker) -> None:
    text = GOOD.replace("answer: Có, nếu hai bên thỏa thuận.",
                        "answer: " + " ".join(["từ"] * 40) + ". " + " ".join(["Sau"] * 30))
    _, problems = read_library(tmp_library({PATH: text}), TODAY)
    assert [p.format() for p in problems.items if p.path == PATH and p.message != UNREVIEWED] \
        == []


def test_a_file_no_legal_reviewer_checked_is_a_warning_at_its_line(
        tmp_library: LibraryMaker) -> None:
    _, problems = read_library(tmp_library({PATH: GOOD}), TODAY)
    assert [(p.line, p.message) for p in problems.warnings if p.path == PATH] == [
        (1, UNREVIEWED)]
    text = GOOD.replace("field: lao-dong\n", "field: lao-dong\nreviewed: false\n", 1)
    _, problems = read_library(tmp_library({PATH: text}), TODAY)
    assert [(p.line, p.message) for p in problems.warnings if p.path == PATH] == [
        (2, UNREVIEWED)]
    text = GOOD.replace("field: lao-dong\n", "field: lao-dong\nreviewed: true\n", 1)
    library, problems = read_library(tmp_library({PATH: text}), TODAY)
    assert library is not None and library.qa["lao-dong"].reviewed
    assert [p for p in problems.warnings if p.path == PATH] == []
    text = GOOD.replace("field: lao-dong\n", "field: lao-dong\nreviewed: 'có'\n", 1)
    assert any(p.startswith(f"{PATH}:2:") and "reviewed" in p
               for p in _problems(tmp_library, {PATH: text}))


def test_the_question_form_folder_is_no_qa_name(tmp_library: LibraryMaker) -> None:
    found = _problems(tmp_library, {"qa/gui-cau-hoi.yml": GOOD})
    assert any("qa/gui-cau-hoi.yml:1: tên tệp hỏi đáp 'gui-cau-hoi' không dùng được" in p
               for p in found), found


@pytest.mark.parametrize(("markdown", "sentence"), [
    ("Tối đa **180 ngày** (Điều 25). Các trường hợp khác ít hơn.",
     "Tối đa 180 ngày (Điều 25)."),
    ("Phạt 1.000.000 đồng theo khoản 2.a Điều 5 tại TP. Hồ Chí Minh. Sau đó",
     "Phạt 1.000.000 đồng theo khoản 2.a Điều 5 tại TP. Hồ Chí Minh."),
    ('Hỏi "ai?" Người ta trả lời.', 'Hỏi "ai?"'),
    ("Có. ấy vẫn tiếp", "Có. ấy vẫn tiếp"),
    ("- Một là [giấy tờ](https://x.vn). Hai là\n- Ba", "Một là giấy tờ."),
    ("Không có dấu chấm cuối", "Không có dấu chấm cuối"),
    ("Có!\n\nĐoạn hai.", "Có!"),
    ("", ""),
])
def test_first_sentence(markdown: str, sentence: str) -> None:
    assert first_sentence(markdown) == sentence


def test_the_starter_library_answers_with_what_its_explainers_cite() -> None:
    """The starter Q&A and situations load without a problem, and each answer rests only on
    documents the explainer it points to cites (nothing the library does not explain)."""
    library, problems = read_library(ROOT, TODAY)
    assert library is not None
    # Like the explainers, the starter answers await a legal reviewer: that is all it says.
    assert [p.format() for p in problems.items if p.path.startswith(("qa/", "situations/"))
            and not p.message.endswith(UNREVIEWED_END)] == []
    items = [(b, i) for b in library.qa.values() for i in b.items]
    assert len(items) >= 40 and len(library.situations) >= 3
    assert len({b.field for b, _ in items}) >= 6
    steps = [s for situation in library.situations.values() for s in situation.outcomes]
    for point in [i for _, i in items] + steps:
        assert point.explainer is not None
        cited = library.explainer(point.explainer).documents
        assert {b.document for b in point.basis} <= set(cited), point
