"""surveys/*.yml: the survey format of interaction-format.md, every problem at its line."""

from __future__ import annotations

from datetime import date

import pytest

from generators.library import load_library
from generators.library.model import RATING5
from tests.conftest import ROOT, TODAY, LibraryMaker

GOOD = """\
title: Khảo sát mức độ hài lòng
opens: 2026-12-01
closes: 2027-01-31
satisfaction: hai-long
questions:
  - id: hai-long
    type: rating5
    text: Bạn hài lòng thế nào với tủ sách?
    required: true
  - id: doi-tuong
    type: select_one
    text: Bạn là
    choices: [Người dân, Doanh nghiệp]
  - id: tuoi
    type: integer
    text: Bạn bao nhiêu tuổi?
    min: 10
    max: 120
  - id: gop-y
    type: text
    text: Bạn muốn thêm gì?
    max_length: 300
"""


def test_a_survey_loads_with_its_questions(tmp_library: LibraryMaker) -> None:
    library, problems = load_library(tmp_library({"surveys/hai-long.yml": GOOD}), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    survey = library.surveys["hai-long"]
    assert (survey.path, survey.title, survey.opens, survey.closes, survey.satisfaction) == (
        "surveys/hai-long.yml", "Khảo sát mức độ hài lòng", date(2026, 12, 1),
        date(2027, 1, 31), "hai-long")
    assert [q.id for q in survey.questions] == ["hai-long", "doi-tuong", "tuoi", "gop-y"]
    rating, choice, age, text = survey.questions
    assert rating.choices == RATING5 and rating.required and rating.line == 6
    assert choice.choices == ("Người dân", "Doanh nghiệp") and not choice.required
    assert (age.minimum, age.maximum) == (10, 120)
    assert text.max_length == 300
    assert survey.is_open(date(2026, 12, 1)) and not survey.is_open(date(2027, 2, 1))
    assert not survey.is_open(date(2026, 11, 30))


@pytest.mark.parametrize(("text", "expected"), [
    (GOOD.replace("opens: 2026-12-01\n", ""),
     "surveys/s.yml:1: khảo sát: thiếu khóa bắt buộc 'opens' — gợi ý: thêm 'opens: …'"),
    (GOOD.replace("closes: 2027-01-31", "closes: 2026-01-31"),
     "surveys/s.yml:3: ngày 'closes' trước ngày 'opens' — gợi ý: khảo sát phải mở trước khi "
     "đóng"),
    (GOOD.replace("type: rating5", "type: stars"),
     "surveys/s.yml:7: loại câu hỏi 'stars' không có — gợi ý: dùng một trong: rating5, "
     "select_one, select_multiple, text, integer"),
    (GOOD.replace("choices: [Người dân, Doanh nghiệp]", "choices: [Người dân]"),
     "surveys/s.yml:13: câu hỏi 'doi-tuong' cần ít nhất 2 lựa chọn trong 'choices' — gợi ý: "
     "viết choices: [Lựa chọn 1, Lựa chọn 2]"),
    (GOOD.replace("id: tuoi", "id: hai-long"),
     "surveys/s.yml:14: câu hỏi 'hai-long' trùng với câu ở dòng 6 — gợi ý: mỗi câu hỏi cần "
     "một id riêng"),
    (GOOD.replace("satisfaction: hai-long", "satisfaction: doi-tuong"),
     "surveys/s.yml:4: 'satisfaction: doi-tuong' phải là id của một câu hỏi rating5 — gợi ý: "
     "câu hỏi đo mức độ hài lòng có type: rating5"),
    (GOOD.replace("max_length: 300", "max_length: nhiều"),
     "surveys/s.yml:22: 'max_length' phải là một số nguyên"),
    (GOOD.replace("min: 10", "min: 200"), "surveys/s.yml:17: 'min' lớn hơn 'max'"),
    ("title: T\nopens: 2026-12-01\nquestions: []\n",
     "surveys/s.yml:3: khảo sát: để trống khóa bắt buộc 'questions' — gợi ý: thêm "
     "'questions: …'"),
])
def test_survey_problems_at_their_lines(tmp_library: LibraryMaker, text: str,
                                        expected: str) -> None:
    library, problems = load_library(tmp_library({"surveys/s.yml": text}), TODAY)
    assert library is None
    assert [p.format() for p in problems.errors] == [expected]


def test_the_starter_survey_is_valid() -> None:
    library, problems = load_library(ROOT, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    assert library.surveys["hai-long"].satisfaction == "hai-long"
