"""GIFT (Moodle): the bank's round trip for all seven types, real-world GIFT read as Moodle
reads it, and each parse error at its line."""

from __future__ import annotations

import pytest

from generators.library.model import Basis, QuizBank
from generators.quiz.interchange import gift
from tests.conftest import LibraryMaker
from tests.quiz.interchange.conftest import assert_same_bank
from tests.quiz.interchange.roundtrip import through_loader


def test_round_trip_of_every_type_is_lossless(bank: QuizBank,
                                              tmp_library: LibraryMaker) -> None:
    text, warnings = gift.dump(bank)
    assert warnings == []
    imported = gift.load(text, "mau.gift")
    assert imported.problems.items == []
    again = imported.bank(bank.key)
    assert_same_bank(again, bank)
    assert_same_bank(through_loader(again, tmp_library), bank)


def test_what_gift_has_no_place_for_rides_in_comments(bank: QuizBank) -> None:
    text, _ = gift.dump(bank)
    block = text.split("\n\n")[4]  # the fifth block: loi-noi, after the header and 3 questions
    assert block.splitlines() == [
        "// level: 1", "// basis: 45/2019/QH14:14.2",
        "::loi-noi::Mọi hợp đồng đều được thỏa thuận bằng lời nói.{FALSE",
        "\t####Điều 14.2.", "}"]
    assert "// type: order\n::thu-viec::Xếp theo thời gian thử việc,\\ndài nhất trước.{\n" \
           "\t=1 -> Quản lý doanh nghiệp\n\t=2 -> Cao đẳng\\: trở lên\n\t=3 -> Trung cấp\n" in text
    assert "\t~%33.33333%Giữ giấy tờ tùy thân\n" in text
    assert "\t~%-100%Trả lương đúng hạn\n" in text
    assert "// unit: ngày\n::20-ngay::" in text
    assert "doanh nghiệp?{#180:0\n\t####Điều 25.1.\n}" in text
    assert "phần trăm?{#85.5:0.25}\n" in text
    assert "\n::dung::Thử việc\\: tối đa 180 ngày với người quản lý?{TRUE}\n" in text
    assert "// loose: true\n::boi-thuong::" in text
    assert "\t=đền bù \\= trả \\# \\{lại\\}\n" in text
    assert "\t=Dưới 12 tháng -> 3 ngày -> làm việc\n" in text
    assert text.startswith("// Tủ sách pháp luật số — ngân hàng câu hỏi 'mau' (GIFT")
    assert "// bank-title: Tìm hiểu Bộ luật Lao động: {thử} ~ = # <&> \"trích\"\n" in text
    assert "$CATEGORY: mau\n" in text


@pytest.mark.parametrize(("raw", "text"), [
    ("a \\~ b \\= c \\# d \\{ e \\} f \\: g \\\\ h \\n i", "a ~ b = c # d { e } f : g \\ h \n i"),
    ("\\q stays", "\\q stays"),
])
def test_unescape(raw: str, text: str) -> None:
    assert gift.unescape(raw) == text
    if "\\q" not in raw:
        assert gift.unescape(gift.escape(text)) == text


MOODLE = """\
// question: 0  name: Switch category to $course$/top/Pháp luật lao động
$CATEGORY: $course$/top/Pháp luật lao động


// question: 1235  name: Q1
::Q1::[html]<p>Theo Bộ luật Lao động 2019, hợp đồng lao động có <b>mấy</b> loại?</p>{
\t~Một loại#Chưa đúng.
\t=Hai loại#Đúng: Điều 20.
\t~Ba loại
\t####<p>Điều 20 chỉ còn hai loại&nbsp;&amp; thôi.</p>
}

// a hand-written one, on several lines
Thời giờ làm thêm
   không quá bao nhiêu giờ
trong một năm? {#300:0}

::Thử việc::Người lao động thử việc tối đa {=180 =%50%6 tháng} ngày với người quản lý.

::Bản chất::Hợp đồng thử việc là bắt buộc.{F#Sai: do hai bên thỏa thuận.#Đúng.####Điều 24.}

::Ghép::Ghép loại hợp đồng với thời hạn {
=Không xác định thời hạn -> Không có thời hạn
=Xác định thời hạn -> Không quá 36 tháng
= -> 48 tháng
}

Chọn các quyền của người lao động: {
~%50%Đình công
~%50%Đơn phương chấm dứt hợp đồng
~%-100%Tự ý nghỉ việc không báo trước
}

Ký tự đặc biệt: 1 \\= 1, a\\:b, \\{x\\} và \\~ dấu ngã, \\# dấu thăng.{=đúng ~sai}

Ký tự đặc biệt: 1 \\= 1, a\\:b, \\{x\\} và \\~ dấu ngã, \\# dấu thăng.{TRUE}

::Khoảng::Tuổi tối thiểu để lao động (năm)? {#14..16}

Giờ làm việc bình thường một ngày không quá {#=8 =%50%10:0} giờ.

Chỉ là một đoạn văn giới thiệu, không có đáp án.
"""


def test_a_moodle_export_with_comments_html_and_escapes() -> None:
    imported = gift.load(MOODLE, "moodle.gift")
    assert imported.problems.errors == []
    got = {q.id: q for q in imported.questions}
    assert list(got) == [
        "q1", "thoi-gio-lam-them-khong-qua-bao-nhieu-gio-trong-mot-nam", "thu-viec",
        "ban-chat", "ghep", "chon-cac-quyen-cua-nguoi-lao-dong",
        "ky-tu-dac-biet-1-1-a-b-x-va-dau-nga-dau-thang",
        "ky-tu-dac-biet-1-1-a-b-x-va-dau-nga-dau-thang-2", "khoang",
        "gio-lam-viec-binh-thuong-mot-ngay-khong-qua-gio"]
    assert imported.title == "Pháp luật lao động"
    q1 = got["q1"]
    assert (q1.type, q1.text, q1.choices, q1.answers, q1.explanation, q1.line) == (
        "single", "Theo Bộ luật Lao động 2019, hợp đồng lao động có mấy loại?",
        ("Một loại", "Hai loại", "Ba loại"), ("Hai loại",),
        "Điều 20 chỉ còn hai loại & thôi.", 6)
    hours = got["thoi-gio-lam-them-khong-qua-bao-nhieu-gio-trong-mot-nam"]
    assert (hours.type, hours.text, hours.number, hours.tolerance, hours.line) == (
        "numeric", "Thời giờ làm thêm\nkhông quá bao nhiêu giờ\ntrong một năm?", 300, 0, 14)
    blank = got["thu-viec"]
    assert (blank.type, blank.text, blank.answers) == (
        "fill", "Người lao động thử việc tối đa _____ ngày với người quản lý.", ("180",))
    nature = got["ban-chat"]
    assert (nature.type, nature.truth, nature.explanation) == ("true_false", False, "Điều 24.")
    assert got["ghep"].pairs == (("Không xác định thời hạn", "Không có thời hạn"),
                                 ("Xác định thời hạn", "Không quá 36 tháng"))
    rights = got["chon-cac-quyen-cua-nguoi-lao-dong"]
    assert (rights.type, rights.answers) == (
        "multiple", ("Đình công", "Đơn phương chấm dứt hợp đồng"))
    special = got["ky-tu-dac-biet-1-1-a-b-x-va-dau-nga-dau-thang"]
    assert special.text == "Ký tự đặc biệt: 1 = 1, a:b, {x} và ~ dấu ngã, # dấu thăng."
    assert (special.choices, special.answers) == (("đúng", "sai"), ("đúng",))
    assert (got["khoang"].number, got["khoang"].tolerance) == (15, 1)
    assert got["gio-lam-viec-binh-thuong-mot-ngay-khong-qua-gio"].number == 8
    assert all(q.basis == () and q.level == 1 for q in imported.questions)
    warned = {(p.line, p.message) for p in imported.problems.warnings}
    assert warned == {
        (7, "bỏ phản hồi riêng của từng lựa chọn (#…)"),
        (18, "bỏ đáp án được 50 % điểm"),
        (20, "bỏ phản hồi riêng của đáp án đúng/sai"),
        (25, "bỏ vế phải thừa '48 tháng' (không có vế trái)"),
        (40, "bỏ đáp án số được 50 % điểm"),
        (42, "đoạn văn không có đáp án {…}: bỏ qua"),
    }


def test_basis_and_level_comments_are_read_and_checked() -> None:
    text = ("// level: 3\n// basis: 45/2019/QH14:20; 145/2020/NĐ-CP\n// question: 7 name: x\n"
            "::a::Câu?{T}\n")
    [question] = gift.load(text, "x.gift").questions
    assert (question.level, question.basis) == (
        3, (Basis("45/2019/QH14", "20"), Basis("145/2020/NĐ-CP", None)))


@pytest.mark.parametrize(("text", "line", "message"), [
    ("::a::Câu một{=x ~y}\n\n::b::Câu hai{=x ~y\n~z\n", 3, "thiếu dấu '}' đóng phần đáp án"),
    ("\n\n::a Câu{=x ~y}\n", 3, "tên câu hỏi mở bằng '::' mà không đóng"),
    ("::a::Câu{=x ~y}\n\n::b::Câu{\n=x\n=y\n~z\n}\n", 5, "câu trắc nghiệm có hơn một đáp án '='"),
    ("::a::Câu{\n~x\n~y\n}\n", 2, "câu trắc nghiệm không có lựa chọn đúng"),
    ("::a::Câu{\n=x\n~x\n}\n", 3, "lựa chọn 'x' trùng"),
    ("::a::Câu{}\n", 1, "câu tự luận (không có đáp án) không có trong ngân hàng"),
    ("::a::Câu{\n\tchữ trước =x ~y}\n", 2, "'chữ trước' đứng trước đáp án đầu tiên"),
    ("::a::Câu{#ba mươi}\n", 1, "đáp án số 'ba mươi' không hợp lệ"),
    ("::a::Câu{#5..1}\n", 1, "khoảng số '5..1' không hợp lệ"),
    ("::a::Câu{=x}{=y}\n", 1, "một câu chỉ có một phần đáp án {…}"),
    ("::a::{T}\n", 1, "câu hỏi không có nội dung"),
    ("// level: 4\n::a::Câu{T}\n", 1, "'level: 4' phải là 1, 2 hoặc 3"),
    ("// basis: 45/2019/QH14:\n::a::Câu{T}\n", 1,
     "'45/2019/QH14:' không phải căn cứ dạng số-hiệu:điều (ví dụ 45/2019/QH14:20)"),
    ("// loose: yes\n::a::Câu{=x}\n", 1, "'loose: yes' phải là true hoặc false"),
    ("// type: order\n::a::Câu{\n=2 -> x\n=1 -> y\n}\n", 3,
     "câu '// type: order' cần các cặp =1 -> …, =2 -> … theo đúng thứ tự"),
    ("// type: single\n::a::Câu{T}\n", 2, "'// type: single' nhưng đáp án viết theo dạng "
     "'true_false'"),
])
def test_each_parse_error_at_its_line(text: str, line: int, message: str) -> None:
    imported = gift.load(text, "x.gift")
    assert [(p.path, p.line, p.message) for p in imported.problems.errors] == [
        ("x.gift", line, message)]


def test_windows_line_ends_and_a_byte_order_mark() -> None:
    imported = gift.load("\ufeff// c\r\n::a::Câu?{\r\n=x\r\n~y\r\n}\r\n\r\n::b::Hai?{F}", "x")
    assert [(q.id, q.line) for q in imported.questions] == [("a", 2), ("b", 7)]


def test_a_pair_whose_left_side_holds_the_arrow_is_left_out_by_name(bank: QuizBank) -> None:
    from dataclasses import replace
    match = bank.question("bao-truoc")
    assert match is not None
    question = replace(match, pairs=(("a -> b", "c"), ("d", "e")))
    text, warnings = gift.dump(replace(bank, questions=(question,)))
    assert warnings == ["bỏ câu 'bao-truoc': vế trái 'a -> b' chứa '->', dấu GIFT dùng để "
                        "nối cặp"]
    assert "::bao-truoc::" not in text


def test_a_name_two_questions_share_gets_a_second_id_and_a_warning() -> None:
    imported = gift.load("::a::Một?{T}\n\n::a::Hai?{F}\n\nBa?{T}\n\nBa?{F}\n", "x.gift")
    assert [q.id for q in imported.questions] == ["a", "a-2", "ba", "ba-2"]
    assert [(p.line, p.message) for p in imported.problems.warnings] == [
        (3, "tên câu hỏi 'a' trùng với một câu trước: đặt id 'a-2'")]
