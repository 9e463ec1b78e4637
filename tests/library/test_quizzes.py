"""quizzes/*.yml: the question banks of interaction-format.md ("Quizzes"), every problem at
its line, and the starter banks."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

import build
from generators.library import load_library, read_library
from generators.library.model import QUIZ_TYPES, Basis
from generators.library.quizzes import MAX_OPTIONS, MAX_QUESTIONS, MAX_TEXT
from generators.quiz.grading import grade
from tests.conftest import ROOT, TODAY, LibraryMaker

GOOD = """\
title: Tìm hiểu Bộ luật Lao động
field: lao-dong
explainers: [thu-viec]
questions:
  - id: so-loai
    type: single
    level: 1
    text: Hợp đồng lao động có mấy loại?
    choices: ["Một loại", "Hai loại", "Ba loại"]
    answer: "Hai loại"
    explanation: Điều 20 chỉ còn hai loại.
    basis: [{document: "45/2019/QH14", article: "20"}]
  - id: cam
    type: multiple
    level: 2
    text: Việc nào bị cấm?
    choices: [Giữ giấy tờ, Đòi đặt cọc, Thử việc]
    answer: [Giữ giấy tờ, Đòi đặt cọc]
    basis: [{document: "45/2019/QH14", article: "17"}]
  - id: loi-noi
    type: true_false
    text: Mọi hợp đồng đều được thỏa thuận bằng lời nói.
    answer: false
    basis: [{document: "45/2019/QH14", article: "14.2"}]
  - id: boi-thuong
    type: fill
    level: 3
    text: Chấm dứt thử việc không phải …
    answer: [bồi thường, đền bù]
    loose: true
    basis: [{document: "45/2019/QH14", article: "27"}]
  - id: thu-viec
    type: order
    text: Xếp theo thời gian thử việc, dài nhất trước.
    items: [Quản lý, Cao đẳng, Trung cấp]
    basis: [{document: "45/2019/QH14", article: "25"}]
  - id: bao-truoc
    type: match
    text: Nối loại hợp đồng với thời hạn báo trước.
    pairs: [[Không xác định thời hạn, 45 ngày], [Dưới 12 tháng, 3 ngày làm việc]]
    basis: [{document: "45/2019/QH14", article: "35.1.a"}]
  - id: toi-da
    type: numeric
    level: 2
    text: Hợp đồng xác định thời hạn tối đa bao nhiêu tháng?
    answer: 36
    tolerance: 0.5
    unit: tháng
    basis: [{document: "45/2019/QH14", article: "20.1.b"}, {document: "31/2024/QH15"}]
"""
PATH = "quizzes/b.yml"


def _bank_problems(tmp_library: LibraryMaker, text: str, name: str = "b") -> list[str]:
    _, problems = read_library(tmp_library({f"quizzes/{name}.yml": text}), TODAY)
    return [p.format() for p in problems.items if p.path.startswith("quizzes/")]


def test_a_bank_loads_every_type(tmp_library: LibraryMaker) -> None:
    library, problems = load_library(tmp_library({PATH: GOOD}), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    assert [p for p in problems.items if p.path == PATH] == []
    bank = library.quizzes["b"]
    assert (bank.key, bank.path, bank.title, bank.field, bank.explainers) == (
        "b", PATH, "Tìm hiểu Bộ luật Lao động", "lao-dong", ("thu-viec",))
    assert tuple(q.type for q in bank.questions) == QUIZ_TYPES
    single, multiple, truth, fill, order, match, numeric = bank.questions
    assert (single.line, single.level, single.choices, single.answers) == (
        5, 1, ("Một loại", "Hai loại", "Ba loại"), ("Hai loại",))
    assert single.explanation == "Điều 20 chỉ còn hai loại."
    assert single.basis == (Basis("45/2019/QH14", "20"),)
    assert (multiple.level, multiple.answers) == (2, ("Giữ giấy tờ", "Đòi đặt cọc"))
    assert (truth.level, truth.truth, truth.basis) == (1, False, (Basis("45/2019/QH14", "14.2"),))
    assert (fill.answers, fill.loose, fill.level) == (("bồi thường", "đền bù"), True, 3)
    assert order.items == ("Quản lý", "Cao đẳng", "Trung cấp")
    assert match.pairs == (("Không xác định thời hạn", "45 ngày"),
                           ("Dưới 12 tháng", "3 ngày làm việc"))
    assert (numeric.number, numeric.tolerance, numeric.unit) == (36.0, 0.5, "tháng")
    assert numeric.basis == (Basis("45/2019/QH14", "20.1.b"), Basis("31/2024/QH15"))
    assert bank.question("cam") is multiple and library.practice_for("thu-viec") == (bank,)
    # What the bank says is right, grading agrees with.
    assert grade(fill, "Boi thuong") and grade(numeric, "36,4") and not grade(single, "Ba loại")


def test_answers_and_choices_are_nfc(tmp_library: LibraryMaker) -> None:
    decomposed = unicodedata.normalize("NFD", "Hai loại")
    # A YAML escape can put decomposed text in a file that is itself NFC.
    escaped = decomposed.encode("ascii", "backslashreplace").decode()
    text = GOOD.replace('["Một loại", "Hai loại", "Ba loại"]',
                        f'["Một loại", "{escaped}", "Ba loại"]')
    text = text.replace("answer: [bồi thường, đền bù]", f'answer: ["{escaped}"]')
    assert escaped != "Hai loại" and "\\u" in escaped
    library, problems = load_library(tmp_library({PATH: text}), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    single, fill = library.quizzes["b"].questions[0], library.quizzes["b"].questions[3]
    assert single.choices[1] == single.answers[0] == "Hai loại"
    assert fill.answers == ("Hai loại",)
    assert all(unicodedata.is_normalized("NFC", c) for c in single.choices + fill.answers)


def test_a_single_fill_answer_and_default_level(tmp_library: LibraryMaker) -> None:
    text = GOOD.replace("answer: [bồi thường, đền bù]", "answer: bồi thường").replace(
        "    level: 3\n", "")
    library, problems = load_library(tmp_library({PATH: text}), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    fill = library.quizzes["b"].questions[3]
    assert (fill.answers, fill.level) == (("bồi thường",), 1)


ERRORS = [
    # The spec's list.
    ("type: single", "type: chon-mot", 6, "loại câu hỏi 'chon-mot' không có"),
    ('answer: "Hai loại"', 'answer: "Bốn loại"', 10,
     "câu hỏi 'so-loai': đáp án 'Bốn loại' không có trong 'choices'"),
    ("answer: [Giữ giấy tờ, Đòi đặt cọc]", "answer: [Giữ giấy tờ, Trả nợ]", 18,
     "câu hỏi 'cam': đáp án 'Trả nợ' không có trong 'choices'"),
    ("id: cam", "id: so-loai", 13, "id câu hỏi 'so-loai' trùng với câu ở dòng 5"),
    ('choices: ["Một loại", "Hai loại", "Ba loại"]', 'choices: ["Hai loại"]', 9,
     "câu hỏi 'so-loai': 'choices' cần ít nhất 2 mục, có 1"),
    ('    basis: [{document: "45/2019/QH14", article: "25"}]\n', "", 32,
     "câu hỏi 'thu-viec': thiếu căn cứ pháp lý 'basis'"),
    ('basis: [{document: "45/2019/QH14", article: "25"}]', "basis: []", 36,
     "câu hỏi 'thu-viec': thiếu căn cứ pháp lý 'basis'"),
    ('{document: "45/2019/QH14", article: "17"}', '{document: "99/2099/QH99", article: "17"}',
     19, "câu hỏi 'cam': văn bản '99/2099/QH99' không có trong content/_data/documents.yml"),
    # Keys that do not belong to the type, and wrong value types.
    ("    loose: true\n", "    loose: yes\n", 30,
     "câu hỏi 'boi-thuong': 'loose: yes' — hãy viết true hoặc false"),
    ("answer: false", "answer: no", 23, "câu hỏi 'loi-noi': 'answer: no' — hãy viết true hoặc"),
    ("answer: false", 'answer: "false"', 23,
     "câu hỏi 'loi-noi': 'answer' phải là true hoặc false, không phải 'false'"),
    ("answer: 36", 'answer: "36"', 46, "câu hỏi 'toi-da': 'answer' phải là một số, không phải"),
    ("tolerance: 0.5", "tolerance: -1", 47, "câu hỏi 'toi-da': 'tolerance' không được âm"),
    ("tolerance: 0.5", "tolerance: nhiều", 47, "câu hỏi 'toi-da': 'tolerance' phải là một số"),
    ("    level: 1\n", "    level: 4\n", 7, "câu hỏi 'so-loai': 'level' phải là 1, 2 hoặc 3"),
    ("    level: 1\n", '    level: "2"\n', 7, "câu hỏi 'so-loai': 'level' phải là 1, 2 hoặc 3"),
    ("    items: [Quản lý", "    loose: true\n    items: [Quản lý", 35,
     "câu hỏi 'thu-viec': loại order không dùng khóa 'loose'"),
    ("type: true_false\n", "type: true_false\n    choices: [Đúng, Sai]\n", 22,
     "câu hỏi 'loi-noi': loại true_false không dùng khóa 'choices'"),
    ("choices: [Giữ giấy tờ, Đòi đặt cọc, Thử việc]", "choices: [Giữ giấy tờ, yes, Thử việc]", 17,
     "câu hỏi 'cam': mục trong 'choices' phải là chữ, không phải giá trị true"),
    ("items: [Quản lý, Cao đẳng, Trung cấp]", "items: [Quản lý, 1.10, Trung cấp]", 35,
     "câu hỏi 'thu-viec': mục trong 'items' phải là chữ, không phải '1.1' — gợi ý: đặt trong "
     "dấu ngoặc kép"),
    ("id: thu-viec", "id: " + "a" * 81, 32, "câu hỏi 5: 'id' dài 81 ký tự, tối đa 80"),
    ("choices: [Giữ giấy tờ, Đòi đặt cọc, Thử việc]",
     "choices: [Giữ giấy tờ, Đòi đặt cọc, giữ  giấy TỜ]", 17,
     "câu hỏi 'cam': 'giữ  giấy TỜ' lặp lại trong 'choices'"),
    ("answer: [Giữ giấy tờ, Đòi đặt cọc]", "answer: []", 18,
     "câu hỏi 'cam': loại multiple cần ít nhất một đáp án đúng"),
    ('answer: "Hai loại"', 'answer: ["Hai loại", "Ba loại"]', 10,
     "câu hỏi 'so-loai': loại single có đúng một đáp án"),
    ('answer: "Hai loại"', 'answer: "  "', 10, "câu hỏi 'so-loai': mục trong 'answer' để trống"),
    ("text: Việc nào bị cấm?", 'text: "   "', 16, "câu hỏi 'cam': để trống khóa bắt buộc 'text'"),
    ("answer: [bồi thường, đền bù]", "answer: [bồi thường, Bồi Thường]", 29,
     "câu hỏi 'boi-thuong': 'Bồi Thường' lặp lại trong 'answer'"),
    ("answer: [bồi thường, đền bù]", "answer: [bồi thường, boi thuong]", 29,
     "trùng với 'bồi thường' (khi bỏ dấu)"),
    ("items: [Quản lý, Cao đẳng, Trung cấp]", "items: [Quản lý]", 35,
     "câu hỏi 'thu-viec': 'items' cần ít nhất 2 mục, có 1"),
    ("items: [Quản lý, Cao đẳng, Trung cấp]", "items: [Quản lý, Cao đẳng, Quản lý]", 35,
     "câu hỏi 'thu-viec': 'Quản lý' lặp lại trong 'items'"),
    ("pairs: [[Không xác định thời hạn, 45 ngày], [Dưới 12 tháng, 3 ngày làm việc]]",
     "pairs: [[Không xác định thời hạn, 45 ngày]]", 40,
     "câu hỏi 'bao-truoc': loại match cần ít nhất 2 cặp"),
    ("[Dưới 12 tháng, 3 ngày làm việc]", "[Dưới 12 tháng]", 40,
     "câu hỏi 'bao-truoc': mỗi cặp là một danh sách 2 mục"),
    ("[Dưới 12 tháng, 3 ngày làm việc]", "[Không xác định thời hạn, 3 ngày làm việc]", 40,
     "câu hỏi 'bao-truoc': vế trái 'Không xác định thời hạn' lặp lại"),
    ("[Dưới 12 tháng, 3 ngày làm việc]", "[Dưới 12 tháng, 45 ngày]", 40,
     "câu hỏi 'bao-truoc': vế phải '45 ngày' lặp lại"),
    ('article: "35.1.a"', 'article: "Điều 35"', 41,
     "câu hỏi 'bao-truoc': điều khoản 'Điều 35' không đúng dạng"),
    ('article: "35.1.a"', 'article: "35.1.a.2"', 41, "điều khoản '35.1.a.2' không đúng dạng"),
    ('article: "35.1.a"', "article: 35.1", 41,
     "câu hỏi 'bao-truoc': điều khoản 35.1 phải đặt trong dấu ngoặc kép"),
    ('{document: "45/2019/QH14", article: "27"}', '{document: "45/2019/QH14", dieu: "27"}', 31,
     "câu hỏi 'boi-thuong': căn cứ có khóa lạ 'dieu'"),
    ('basis: [{document: "45/2019/QH14", article: "27"}]', 'basis: "45/2019/QH14"', 31,
     "câu hỏi 'boi-thuong': 'basis' phải là một danh sách"),
    ('{document: "45/2019/QH14", article: "27"}',
     '{document: "45/2019/QH14", article: "27"}, {document: "45/2019/QH14", article: "27"}', 31,
     "câu hỏi 'boi-thuong': căn cứ này được ghi hai lần"),
    ("id: thu-viec", "id: Thu_Viec", 32, "id câu hỏi 'Thu_Viec' không hợp lệ"),
    # The bank's own keys.
    ("field: lao-dong", "field: hinh-su", 2, "lĩnh vực 'hinh-su' không có trong fields.yml"),
    ("explainers: [thu-viec]", "explainers: [thu-viec, khong-co]", 3, "không có bài 'khong-co'"),
    ("explainers: [thu-viec]", "explainers: [thu-viec, thu-viec]", 3,
     "bài 'thu-viec' được ghi hai lần"),
    ("title: Tìm hiểu Bộ luật Lao động\n", "", 1,
     "ngân hàng câu hỏi: thiếu khóa bắt buộc 'title'"),
]


@pytest.mark.parametrize(("old", "new", "line", "message"), ERRORS,
                         ids=[f"{i}-{case[3][:40]}" for i, case in enumerate(ERRORS)])
def test_bank_problems_at_their_lines(tmp_library: LibraryMaker, old: str, new: str, line: int,
                                      message: str) -> None:
    assert GOOD.count(old) == 1, old
    found = _bank_problems(tmp_library, GOOD.replace(old, new))
    errors = [f for f in found if ": cảnh báo: " not in f]
    assert len(errors) == 1 and errors[0].startswith(f"{PATH}:{line}: "), found
    assert message in errors[0], errors[0]


def test_an_unknown_key_is_a_warning_with_a_suggestion(tmp_library: LibraryMaker) -> None:
    text = GOOD.replace("    explanation: Điều 20", "    explaination: Điều 20")
    assert _bank_problems(tmp_library, text) == [
        f"{PATH}:11: cảnh báo: câu hỏi 1: khóa lạ 'explaination' — gợi ý: có phải ý bạn là "
        "'explanation'?"]


def test_an_unknown_type_still_has_its_basis_checked(tmp_library: LibraryMaker) -> None:
    text = GOOD.replace("type: single", "type: chon-mot").replace(
        '{document: "45/2019/QH14", article: "20"}', '{document: "1/2000/QH10", article: "20"}')
    assert [f.split(" — ")[0] for f in _bank_problems(tmp_library, text)] == [
        f"{PATH}:12: câu hỏi 'so-loai': văn bản '1/2000/QH10' không có trong "
        "content/_data/documents.yml",
        f"{PATH}:6: loại câu hỏi 'chon-mot' không có"]


def test_a_broken_question_is_left_out_and_the_rest_still_checked(
        tmp_library: LibraryMaker) -> None:
    text = GOOD.replace("type: single", "type: chon-mot").replace("answer: 36", 'answer: "36"')
    library, problems = read_library(tmp_library({PATH: text}), TODAY)
    assert [p.line for p in problems.errors] == [6, 46]
    assert library is not None
    assert [q.id for q in library.quizzes["b"].questions] == [
        "cam", "loi-noi", "boi-thuong", "thu-viec", "bao-truoc"]


def test_a_file_name_must_be_a_key(tmp_library: LibraryMaker) -> None:
    assert _bank_problems(tmp_library, GOOD, name="Lao_Dong") == [
        "quizzes/Lao_Dong.yml:1: tên ngân hàng câu hỏi 'Lao_Dong' không hợp lệ — gợi ý: đặt "
        "tên tệp bằng chữ thường không dấu, số và dấu gạch ngang"]


def test_sub_folders_are_not_banks(tmp_library: LibraryMaker) -> None:
    library, problems = load_library(tmp_library({"quizzes/cu/b.yml": GOOD}), TODAY)
    assert library is not None and dict(library.quizzes) == {}
    assert [p for p in problems.items if p.path.startswith("quizzes/")] == []


def test_limits(tmp_library: LibraryMaker) -> None:
    long_text = GOOD.replace("text: Việc nào bị cấm?", "text: " + "x" * (MAX_TEXT + 1))
    assert any(f"{PATH}:16: câu hỏi 2: 'text' dài {MAX_TEXT + 1} ký tự" in f
               for f in _bank_problems(tmp_library, long_text))
    many = "[" + ", ".join(f"c{i}" for i in range(MAX_OPTIONS + 1)) + "]"
    wide = GOOD.replace("choices: [Giữ giấy tờ, Đòi đặt cọc, Thử việc]", f"choices: {many}")
    assert any(f"{PATH}:17: câu hỏi 'cam': 'choices' có {MAX_OPTIONS + 1} mục" in f
               for f in _bank_problems(tmp_library, wide))
    question = ('  - {id: q%d, type: true_false, text: T, answer: true, '
                'basis: [{document: "45/2019/QH14"}]}\n')
    head = GOOD.split("questions:\n")[0] + "questions:\n"
    huge = head + "".join(question % i for i in range(MAX_QUESTIONS + 1))
    assert _bank_problems(tmp_library, huge) == [
        f"{PATH}:4: ngân hàng có {MAX_QUESTIONS + 1} câu hỏi, tối đa {MAX_QUESTIONS} — gợi ý: "
        "chia thành nhiều ngân hàng"]


def test_an_expired_basis_is_a_warning_at_the_question(tmp_library: LibraryMaker) -> None:
    text = GOOD.replace('{document: "45/2019/QH14", article: "17"}',
                        '{document: "10/2012/QH13", article: "17"}')
    library, problems = load_library(tmp_library({PATH: text}), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    assert [p.format() for p in problems.warnings if p.path == PATH] == [
        f"{PATH}:13: cảnh báo: câu hỏi 'cam': trích dẫn văn bản '10/2012/QH13' đang ở trạng "
        "thái 'hết hiệu lực' — gợi ý: kiểm tra lại nội dung; dẫn văn bản thay thế nếu có (câu "
        "hỏi này không được rút vào cuộc thi)"]
    # The question stays in the bank (practice still shows it); contests leave it out.
    assert library.quizzes["b"].question("cam") is not None


def test_a_broken_documents_registry_is_not_blamed_on_the_bank(
        tmp_library: LibraryMaker) -> None:
    _, problems = read_library(tmp_library({PATH: GOOD,
                                            "content/_data/documents.yml": "- [\n"}), TODAY)
    assert "content/_data/documents.yml" in {p.path for p in problems.errors}
    assert [p.format() for p in problems.items if p.path == PATH] == []


# --- The starter library ---------------------------------------------------------------------

def test_the_starter_banks_load_clean() -> None:
    library, problems = load_library(ROOT, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    assert [p.format() for p in problems.items if p.path.startswith("quizzes/")] == []
    practice = {b.key: b for b in library.practice}
    assert {b.field for b in practice.values()} == set(library.fields)
    assert len(practice) == len(library.fields) == 8
    assert {q.type for b in practice.values() for q in b.questions} == set(QUIZ_TYPES)
    slugs = {e.slug: e for e in library.explainers}
    for bank in practice.values():
        assert len(bank.questions) >= 8, bank.key
        assert len({q.type for q in bank.questions}) >= 4, bank.key
        assert {q.level for q in bank.questions} == {1, 2, 3}, bank.key
        # Every explainer of the field ends with its quiz, and the quiz cites what they cite.
        assert set(bank.explainers) == {s for s, e in slugs.items() if e.field == bank.field}
        cited = {d for s in bank.explainers for d in slugs[s].documents}
        for question in bank.questions:
            assert question.explanation, (bank.key, question.id)
            assert {b.document for b in question.basis} <= cited, (bank.key, question.id)
            _assert_its_own_answer_is_right(question)


def test_the_starter_contest_bank_is_no_practice_quiz() -> None:
    library, _ = load_library(ROOT, TODAY)
    assert library is not None
    bank = library.quizzes["thi-lao-dong-2026"]
    assert bank.explainers == () and bank not in library.practice
    assert len(bank.questions) >= 18
    assert min(Counter(q.level for q in bank.questions).values()) >= 2
    for question in bank.questions:
        assert question.explanation and question.basis
        _assert_its_own_answer_is_right(question)


def _assert_its_own_answer_is_right(question: object) -> None:
    """The answer written in the bank is graded right (the bank and grading agree)."""
    from generators.library.model import QuizQuestion
    assert isinstance(question, QuizQuestion)
    response: object = {
        "single": lambda q: q.answers[0], "multiple": lambda q: list(q.answers),
        "true_false": lambda q: q.truth, "fill": lambda q: q.answers[0],
        "order": lambda q: list(q.items), "match": lambda q: dict(q.pairs),
        "numeric": lambda q: q.number,
    }[question.type](question)
    assert grade(question, response), question.id


# --- build.py new quiz <name> ----------------------------------------------------------------

def test_new_quiz_writes_a_bank_to_fill_in(tmp_library: LibraryMaker,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library()
    code = build.main(["new", "quiz", "lao-dong-co-ban", "--title", 'Ôn "Bộ luật" Lao động',
                       "--root", str(root), "--quiet"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out.startswith("✓ Đã tạo quizzes/lao-dong-co-ban.yml.")
    rel = "quizzes/lao-dong-co-ban.yml"
    written = (root / rel).read_text("utf-8")
    # Until it has questions, check says what to do, at the line.
    _, problems = read_library(root, TODAY)
    assert [p.format() for p in problems.items if p.path == rel] == [
        f"{rel}:7: ngân hàng câu hỏi: để trống khóa bắt buộc 'questions' — gợi ý: thêm "
        "'questions: …'"]
    # The example in the template, uncommented, is a valid question.
    lines = written.split("\n")
    start = lines.index("questions: []")
    example = [line[1:] for line in lines[start + 1:] if line.startswith("#  ")]
    example = example[:example.index("  - id: ...")]
    (root / rel).write_text("\n".join([*lines[:start], "questions:", *example, ""]), "utf-8")
    library, problems = load_library(root, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    bank = library.quizzes["lao-dong-co-ban"]
    assert bank.title == "Ôn 'Bộ luật' Lao động"
    assert [(q.id, q.type, q.answers) for q in bank.questions] == [
        ("so-loai-hop-dong", "single", ("Hai loại",))]
    # A second time, or a bad name, is refused and writes nothing.
    for name in ("lao-dong-co-ban", "Lao_Dong"):
        assert build.main(["new", "quiz", name, "--root", str(root), "--quiet"]) == 2
    assert not (root / "quizzes" / "Lao_Dong.yml").exists()
    assert "✗ đã có ngân hàng câu hỏi quizzes/lao-dong-co-ban.yml" in capsys.readouterr().err


def test_whole_numbers_are_read_as_text(tmp_library: LibraryMaker) -> None:
    text = GOOD.replace('choices: ["Một loại", "Hai loại", "Ba loại"]', "choices: [1, 2, 3]")
    text = text.replace('answer: "Hai loại"', "answer: 2").replace(
        "answer: [bồi thường, đền bù]", "answer: 2018")
    library, problems = load_library(tmp_library({PATH: text}), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    single, fill = library.quizzes["b"].questions[0], library.quizzes["b"].questions[3]
    assert (single.choices, single.answers, fill.answers) == (("1", "2", "3"), ("2",), ("2018",))
    assert grade(single, "2") and grade(fill, " 2018 ")
