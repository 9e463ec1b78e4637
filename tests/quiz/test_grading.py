"""Every question type graded right and wrong; fill with NFC, case and `loose` diacritics."""

from __future__ import annotations

import random
import unicodedata

import pytest

from generators.library.model import Basis, QuizQuestion
from generators.quiz.grading import grade, key_of, normalise, number, public

BASIS = (Basis("45/2019/QH14", "20"),)


def q(kind: str, **values: object) -> QuizQuestion:
    return QuizQuestion("q", kind, "Câu hỏi?", 1, BASIS, **values)  # type: ignore[arg-type]


SINGLE = q("single", choices=("Một loại", "Hai loại", "Ba loại"), answers=("Hai loại",))
MULTIPLE = q("multiple", choices=("A", "B", "C"), answers=("A", "C"))
TRUE = q("true_false", truth=True)
FALSE = q("true_false", truth=False)
FILL = q("fill", answers=("Hòa giải viên", "hoà giải viên cơ sở"))
LOOSE = q("fill", answers=("Đăng ký kết hôn",), loose=True)
ORDER = q("order", items=("Nhận đơn", "Hòa giải", "Lập biên bản"))
MATCH = q("match", pairs=(("Thử việc", "60 ngày"), ("Báo trước", "30 ngày")))
NUMERIC = q("numeric", number=36.0, unit="tháng")
TOLERANT = q("numeric", number=2.5, tolerance=0.5)


@pytest.mark.parametrize(("question", "response"), [
    (SINGLE, "Hai loại"),
    (SINGLE, unicodedata.normalize("NFD", "Hai loại")),
    (MULTIPLE, ["C", "A"]),
    (TRUE, True),
    (FALSE, False),
    (FILL, "  HÒA   giải viên "),
    (FILL, unicodedata.normalize("NFD", "hòa giải viên")),
    (FILL, "Hoà giải viên cơ sở"),
    (LOOSE, "dang ky ket hon"),
    (LOOSE, "ĐĂNG KÝ KẾT HÔN"),
    (ORDER, ["Nhận đơn", "Hòa giải", "Lập biên bản"]),
    (MATCH, {"Báo trước": "30 ngày", "Thử việc": "60 ngày"}),
    (NUMERIC, 36),
    (NUMERIC, "36"),
    (NUMERIC, " 36,0 "),
    (TOLERANT, "3"),
    (TOLERANT, 2.0),
])
def test_right(question: QuizQuestion, response: object) -> None:
    assert grade(question, response)


@pytest.mark.parametrize(("question", "response"), [
    (SINGLE, "Ba loại"),
    (SINGLE, ["Hai loại"]),
    (SINGLE, None),
    (MULTIPLE, ["A"]),
    (MULTIPLE, ["A", "B", "C"]),
    (MULTIPLE, ["A", "C", "C"]),
    (MULTIPLE, "A"),
    (TRUE, False),
    (TRUE, "true"),
    (TRUE, 1),
    (FALSE, True),
    (FILL, "hoa giai vien"),  # diacritics count unless `loose`
    (FILL, "hòa giải"),
    (FILL, 5),
    (LOOSE, "dang ky ket"),
    (ORDER, ["Hòa giải", "Nhận đơn", "Lập biên bản"]),
    (ORDER, ["Nhận đơn", "Hòa giải"]),
    (MATCH, {"Thử việc": "30 ngày", "Báo trước": "60 ngày"}),
    (MATCH, {"Thử việc": "60 ngày"}),
    (MATCH, {"Thử việc": "60 ngày", "Báo trước": "30 ngày", "Khác": "x"}),
    (MATCH, [["Thử việc", "60 ngày"]]),
    (NUMERIC, 35),
    (NUMERIC, "ba mươi sáu"),
    (NUMERIC, True),
    (NUMERIC, "nan"),
    (NUMERIC, "inf"),
    (TOLERANT, 3.01),
])
def test_wrong(question: QuizQuestion, response: object) -> None:
    assert not grade(question, response)


def test_normalise() -> None:
    assert normalise("  Đường   BỘ ") == "đường bộ"
    assert normalise("  Đường   BỘ ", loose=True) == "duong bo"
    assert normalise(unicodedata.normalize("NFD", "Hòa")) == "hòa"


def test_number_reads_the_vietnamese_decimal_comma() -> None:
    assert number("1,5") == 1.5
    assert number("1.5") == 1.5
    assert number("1.000,5") is None  # ambiguous thousands: not guessed
    assert number(None) is None


def test_the_key_is_json_data() -> None:
    assert key_of(SINGLE) == "Hai loại"
    assert key_of(MULTIPLE) == ["A", "C"]
    assert key_of(TRUE) is True
    assert key_of(MATCH) == {"Thử việc": "60 ngày", "Báo trước": "30 ngày"}
    assert key_of(NUMERIC) == {"answer": 36.0, "tolerance": 0}


@pytest.mark.parametrize("question", [SINGLE, MULTIPLE, TRUE, FILL, ORDER, MATCH, NUMERIC])
def test_what_a_contestant_receives_holds_no_answer(question: QuizQuestion) -> None:
    sent = public(question, random.Random(1))
    assert set(sent) <= {"id", "type", "text", "level", "choices", "items", "left", "right",
                         "unit"}
    assert "answer" not in str(sent).lower()
    if question is FILL:
        assert "Hòa giải viên" not in str(sent)
    if question is ORDER:
        assert sorted(sent["items"]) == sorted(ORDER.items)
        assert sent["items"] != list(ORDER.items)  # never shown in the right order
    if question is MATCH:
        assert sent["left"] == ["Thử việc", "Báo trước"]
        assert sent["right"] == ["30 ngày", "60 ngày"]
