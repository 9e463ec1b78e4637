"""A bank of all seven types with every character the formats must escape, read by the real
loader; and the comparison of banks read back."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generators.library import load_library
from generators.library.model import QuizBank, QuizQuestion
from tests.conftest import TODAY, LibraryMaker

BANK = """\
title: "Tìm hiểu Bộ luật Lao động: {thử} ~ = # <&> \\"trích\\""
description: |-
  Dòng một.
  Dòng hai: **Markdown**.
field: lao-dong
explainers: [thu-viec]
questions:
  - id: so-loai
    type: single
    level: 2
    text: "Theo Bộ luật Lao động 2019, hợp đồng có mấy loại? {a} ~ = # : \\\\ <b>&amp;</b>"
    choices: ["Một loại", "Hai loại: có thời hạn", "Ba loại ~ = #"]
    answer: "Hai loại: có thời hạn"
    explanation: |-
      Điều 20 chỉ còn **hai** loại {}.

      - không xác định thời hạn;
        - dòng thụt vào
      - xác định thời hạn <= 36 tháng & "hết".
    basis: [{document: "45/2019/QH14", article: "20"}]
  - id: cam
    type: multiple
    level: 3
    text: Việc nào người sử dụng lao động bị cấm?
    choices: [Giữ giấy tờ tùy thân, Đòi đặt cọc, Thử việc, "Trả lương đúng hạn"]
    answer: [Giữ giấy tờ tùy thân, Đòi đặt cọc, Thử việc]
    basis: [{document: "45/2019/QH14", article: "17"}, {document: "31/2024/QH15"}]
  - id: cam-mot
    type: multiple
    text: Chỉ một ý đúng, nhưng là câu nhiều đáp án
    choices: [Đúng, Sai]
    answer: [Đúng]
    basis: [{document: "45/2019/QH14", article: "17"}]
  - id: loi-noi
    type: true_false
    text: Mọi hợp đồng đều được thỏa thuận bằng lời nói.
    answer: false
    explanation: Điều 14.2.
    basis: [{document: "45/2019/QH14", article: "14.2"}]
  - id: dung
    type: true_false
    text: "Thử việc: tối đa 180 ngày với người quản lý?"
    answer: true
    basis: [{document: "45/2019/QH14", article: "25"}]
  - id: boi-thuong
    type: fill
    level: 3
    text: Chấm dứt thử việc không phải …
    answer: [bồi thường, "đền bù = trả # {lại}"]
    loose: true
    basis: [{document: "45/2019/QH14", article: "27"}]
  - id: tuoi
    type: fill
    text: Người lao động là người từ đủ bao nhiêu tuổi?
    answer: ["15"]
    basis: [{document: "45/2019/QH14", article: "3"}]
  - id: thu-viec
    type: order
    level: 2
    text: |-
      Xếp theo thời gian thử việc,
      dài nhất trước.
    items: [Quản lý doanh nghiệp, "Cao đẳng: trở lên", Trung cấp]
    explanation: Điều 25.
    basis: [{document: "45/2019/QH14", article: "25"}]
  - id: bao-truoc
    type: match
    text: Nối loại hợp đồng với thời hạn báo trước.
    pairs:
      - [Không xác định thời hạn, 45 ngày]
      - ["Dưới 12 tháng", "3 ngày -> làm việc"]
      - [Từ 12 đến 36 tháng, 30 ngày]
    basis: [{document: "45/2019/QH14", article: "35.1.a"}]
  - id: 20-ngay
    type: numeric
    level: 2
    text: Thử việc tối đa bao nhiêu ngày với người quản lý doanh nghiệp?
    answer: 180
    unit: ngày
    explanation: Điều 25.1.
    basis: [{document: "45/2019/QH14", article: "25.1"}]
  - id: ty-le
    type: numeric
    text: Lương thử việc ít nhất bao nhiêu phần trăm?
    answer: 85.5
    tolerance: 0.25
    basis: [{document: "45/2019/QH14", article: "26"}]
"""

TYPES_IN_BANK = ("single", "multiple", "true_false", "fill", "order", "match", "numeric")


@pytest.fixture
def bank(tmp_library: LibraryMaker) -> QuizBank:
    """The bank above as the loader reads it (the round trips compare against this)."""
    library, problems = load_library(tmp_library({"quizzes/mau.yml": BANK}), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    found = library.quizzes["mau"]
    assert {q.type for q in found.questions} == set(TYPES_IN_BANK)
    return found


def unplaced(question: QuizQuestion) -> QuizQuestion:
    return replace(question, line=0)


def assert_same_bank(got: QuizBank, want: QuizBank,
                     keep: tuple[str, ...] = ("title", "field", "explainers",
                                              "description")) -> None:
    """Equal questions (but for their lines), and the bank's own fields `keep`."""
    assert [unplaced(q) for q in got.questions] == [unplaced(q) for q in want.questions]
    for name in keep:
        assert getattr(got, name) == getattr(want, name), name
