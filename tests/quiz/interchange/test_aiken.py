"""Aiken (Moodle): single-choice questions only, every other one left out by name; the round
trip of what it holds, real files, and each parse error at its line."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generators.library.model import Basis, QuizBank
from generators.quiz.interchange import aiken
from tests.conftest import LibraryMaker
from tests.quiz.interchange.conftest import unplaced
from tests.quiz.interchange.roundtrip import through_loader


def test_round_trip_of_single_choice_with_basis_from_the_command(
        bank: QuizBank, tmp_library: LibraryMaker) -> None:
    text, warnings = aiken.dump(bank)
    assert text.startswith("Theo Bộ luật Lao động 2019, hợp đồng có mấy loại? {a} ~ = # : \\ "
                           "<b>&amp;</b>\nA. Một loại\nB. Hai loại: có thời hạn\n"
                           "C. Ba loại ~ = #\nANSWER: B\n")
    skipped = [w for w in warnings if w.startswith("bỏ câu")]
    assert skipped == [f"bỏ câu '{q.id}': loại '{q.type}' (Aiken chỉ có câu một đáp án)"
                       for q in bank.questions if q.type != "single"]
    assert warnings[-1].startswith(aiken.LOST)
    imported = aiken.load(text, "mau.txt")
    assert imported.problems.items == []
    basis = (Basis("45/2019/QH14", "20"),)
    again = through_loader(imported.bank("mau", "Mẫu", basis), tmp_library)
    # What Aiken holds comes back; the id is made from the text, the level is the default.
    want = [replace(unplaced(q), id=got.id, explanation="", level=1, basis=basis)
            for q, got in zip([q for q in bank.questions if q.type == "single"],
                              again.questions, strict=True)]
    assert [unplaced(q) for q in again.questions] == want
    assert again.questions[0].id == "theo-bo-luat-lao-dong-2019-hop-dong-co-may-loai-a-b-amp-b"


def test_a_question_aiken_cannot_say_is_left_out_by_name(bank: QuizBank) -> None:
    first = bank.questions[0]
    bad = [replace(first, id="nhieu-dong", text="Dòng một\nDòng hai"),
           replace(first, id="giong-lua-chon", text="A. Câu bắt đầu như lựa chọn"),
           replace(first, id="qua-nhieu", choices=tuple(f"Lựa chọn {n}" for n in range(27)),
                   answers=("Lựa chọn 1",))]
    text, warnings = aiken.dump(replace(bank, questions=(first, *bad)))
    assert warnings[:3] == [
        "bỏ câu 'nhieu-dong': nội dung hoặc lựa chọn nhiều dòng (Aiken chỉ có một dòng)",
        "bỏ câu 'giong-lua-chon': nội dung câu bắt đầu như một lựa chọn ('A.') hay 'ANSWER:'",
        "bỏ câu 'qua-nhieu': 27 lựa chọn, Aiken có tối đa 26"]
    assert text.count("ANSWER:") == 1


REAL = ("\ufeffTheo Bộ luật Lao động 2019, hợp đồng lao động có mấy loại?\r\n"
        "A. Một loại\r\nB. Hai loại\r\nC. Ba loại\r\nANSWER: B\r\n\r\n"
        "Thời gian thử việc tối đa với công việc cần trình độ cao đẳng?\r\n"
        "A) 30 ngày\r\nB) 60 ngày\r\nC) 180 ngày\r\nD) 6 ngày\r\nANSWER: B\r\n"
        "Câu liền sau, không có dòng trống?\r\nA. Có\r\nB. Không\r\nanswer: a\r\n")


def test_a_real_file_with_both_letter_styles_and_no_blank_lines() -> None:
    imported = aiken.load(REAL, "moodle.txt")
    assert imported.problems.items == []
    assert [(q.id, q.line, q.choices, q.answers) for q in imported.questions] == [
        ("theo-bo-luat-lao-dong-2019-hop-dong-lao-dong-co-may-loai", 1,
         ("Một loại", "Hai loại", "Ba loại"), ("Hai loại",)),
        ("thoi-gian-thu-viec-toi-da-voi-cong-viec-can-trinh-do-cao", 7,  # 60 at most
         ("30 ngày", "60 ngày", "180 ngày", "6 ngày"), ("60 ngày",)),
        ("cau-lien-sau-khong-co-dong-trong", 13, ("Có", "Không"), ("Có",))]


@pytest.mark.parametrize(("text", "line", "message"), [
    ("Câu?\nA. x\nC. y\nANSWER: A\n", 3, "lựa chọn 'C' đứng sau lựa chọn thứ 1, cần 'B'"),
    ("Câu?\nA. x\nB. y\nANSWER: C\n", 4, "'ANSWER: C' không phải chữ của một lựa chọn"),
    ("Câu?\nA. x\nB. y\nANSWER:\n", 4, "'ANSWER: ' không phải chữ của một lựa chọn"),
    ("Câu một?\nA. x\nB. y\nANSWER: A\n\nCâu hai?\nA. x\nB. y\n", 6,
     "câu hỏi không có dòng 'ANSWER:'"),
    ("Câu?\nA. x\nANSWER: A\n", 1, "câu hỏi có 1 lựa chọn, cần ít nhất 2"),
    ("Câu?\nA. x\nB. y\nGhi chú lạc chỗ\nANSWER: A\n", 4,
     "dòng không phải lựa chọn 'A.' hay 'ANSWER:'"),
    ("ANSWER: A\n", 1, "'ANSWER:' không đi sau câu hỏi nào"),
    ("Câu?\nA. x\nB. x\nANSWER: A\n", 3, "lựa chọn 'x' trùng"),
])
def test_each_parse_error_at_its_line(text: str, line: int, message: str) -> None:
    imported = aiken.load(text, "x.txt")
    assert [(p.path, p.line, p.message) for p in imported.problems.errors] == [
        ("x.txt", line, message)]


def test_after_an_error_the_next_question_is_still_read() -> None:
    imported = aiken.load("Câu?\nA. x\nC. y\nANSWER: A\n\nCâu hai?\nA. x\nB. y\nANSWER: B\n",
                          "x.txt")
    assert [p.line for p in imported.problems.errors] == [3]
    assert [q.text for q in imported.questions] == ["Câu hai?"]
