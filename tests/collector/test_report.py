"""`collector report`: Wilson intervals, verdicts, questions filed under fields, the JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from generators.collector.classify import FieldClassifier
from generators.collector.figures import TOO_FEW, Share, wilson
from generators.collector.report import SCHEMA, UNDECIDED_FIELD, rating, run_report
from generators.library import load_library
from generators.library.model import Library
from tests.conftest import ROOT, TODAY, LibraryMaker

PAGE = "lao-dong/thoi-gian-thu-viec/"


@pytest.fixture(scope="module")
def library() -> Library:
    loaded, _ = load_library(ROOT, TODAY)
    assert loaded is not None
    return loaded


def survey(value: Any, **more: Any) -> dict[str, Any]:
    return {"kind": "survey", "received": "2026-12-02T08:00:00Z", "survey": "hai-long",
            "answers": {"hai-long": value, **more}}


def feedback(useful: bool, text: str | None = None, page: str = PAGE) -> dict[str, Any]:
    return {"kind": "feedback", "received": "2026-12-03T08:00:00Z", "page": page,
            "useful": useful, "text": text, "lang": "vi"}


def question(text: str, field: str | None = None) -> dict[str, Any]:
    return {"kind": "question", "received": "2026-12-04T08:00:00Z", "question": text,
            "field": field, "contact": "0912 345 678", "page": None}


def ratings(satisfied: int, n: int) -> Iterator[dict[str, Any]]:
    for i in range(n):
        yield survey(5 if i < satisfied else 2)


@pytest.mark.parametrize(("k", "n", "low", "high"), [
    (81, 100, 0.7222, 0.8749),   # Wilson 1927 with z = 1.96 (cross-checked by hand)
    (0, 0, 0.0, 1.0),
    (10, 10, 0.7225, 1.0),
    (0, 10, 0.0, 0.2775),
    (950, 1000, 0.9347, 0.9619),
])
def test_the_wilson_interval_on_known_samples(k: int, n: int, low: float, high: float) -> None:
    got = wilson(k, n)
    assert (round(got[0], 4), round(got[1], 4)) == (low, high)


@pytest.mark.parametrize(("k", "n", "verdict", "enough"), [
    (950, 1000, "met", True),       # lower bound 93,5 % ≥ 90 %
    (810, 1000, "not_met", True),   # upper bound 83,4 % < 90 %
    (900, 1000, "undecided", True),
    (10, 10, "undecided", False),   # 100 % of 10 answers: too few to say
    (5, 20, "not_met", False),      # few, but far below
    (0, 0, "undecided", False),
])
def test_the_verdict_follows_the_interval(k: int, n: int, verdict: str, enough: bool) -> None:
    share = Share(k, n)
    assert (share.verdict, share.enough) == (verdict, enough)
    assert (TOO_FEW in share.describe()) == (verdict == "undecided" and not enough)


def test_rating_answers_are_ints_strings_or_texts() -> None:
    assert [rating(v) for v in (5, "4", "Hài lòng", 0, "6", True, None, 4.0)] == \
        [5, 4, 4, None, None, None, None, None]


def test_satisfaction_per_survey(library: Library) -> None:
    records = [*ratings(81, 100), survey("3"), survey("Rất hài lòng"), survey(None)]
    data = json.loads(run_report(records, library, "json"))
    [entry] = data["satisfaction"]
    assert (entry["survey"], entry["n"], entry["satisfied"]) == ("hai-long", 102, 82)
    assert entry["verdict"] == "not_met" and entry["question"] == "hai-long"
    text = run_report(records, library, "text")
    assert "80,4 % hài lòng" in text and "n = 102" in text and "chưa đạt mục tiêu 90 %" in text
    few = run_report(list(ratings(9, 10)), library, "text")
    assert "chưa đủ câu trả lời để kết luận so với mục tiêu 90 %" in few


@pytest.mark.parametrize(("text", "field"), [
    ("cong ty bat thu viec 3 thang co dung luat khong", "lao-dong"),
    ("Tôi muốn nghỉ việc thì phải báo trước mấy ngày?", "lao-dong"),
    ("lam so do lan dau can giay to gi", "dat-dai"),
    ("Nhà nước thu hồi đất của gia đình tôi thì được bồi thường thế nào?", "dat-dai"),
    ("vuot den do bi phat bao nhieu tien", "giao-thong"),
    ("uong ruou lai xe may bi phat gi", "giao-thong"),
    ("Ly hôn thì chia tài sản chung ra sao?", "hon-nhan-gia-dinh"),
    ("con toi duoc nuoi boi ai khi bo me ly di", "hon-nhan-gia-dinh"),
    ("hang xom tranh chap ranh gioi ai hoa giai", "hoa-giai-co-so"),
    ("Có người gọi điện nói là công an bắt chuyển tiền, có phải lừa đảo không?",
     "an-ninh-mang"),
    ("mua hang online bi giao sai hang thi khieu nai o dau", "tieu-dung"),
    ("Tủ sách pháp luật có sách nói không?", "pho-bien-phap-luat"),
    ("Thời tiết ngày mai thế nào?", None),
    ("gia vang hom nay", None),
    ("Xin chào", None),
])
def test_questions_are_filed_under_a_field(library: Library, text: str,
                                           field: str | None) -> None:
    assert FieldClassifier(library).classify(text).field == field


def test_questions_per_field_with_their_agency(library: Library) -> None:
    records = [question("cong ty bat thu viec 3 thang co dung luat khong"),
               question("Hỏi về đất", field="dat-dai"), question("Xin chào"),
               {**question("lương thử việc"), "field": "lao-dong", "status": "answered"}]
    data = json.loads(run_report(records, library, "json"))
    rows = {row["field"]: row for row in data["questions"]["fields"]}
    assert rows["lao-dong"]["count"] == 2 and rows["lao-dong"]["waiting"] == 1
    assert rows["lao-dong"]["chosen_by_citizen"] == 1
    assert rows["lao-dong"]["agency"]["name"] == "Sở Nội vụ"
    assert rows["dat-dai"]["agency"]["name"] == "Sở Nông nghiệp và Môi trường"
    assert rows[None]["title"] == UNDECIDED_FIELD and rows[None]["agency"]["name"] == "Sở Tư pháp"
    text = run_report(records, library, "text")
    assert "Lao động: 2 câu, 0 đã trả lời, 1 đang chờ — trả lời: Sở Nội vụ" in text
    assert "- cong ty bat thu viec 3 thang co dung luat khong" in text


def test_feedback_per_page_worst_first_with_titles(library: Library) -> None:
    other = "dat-dai/cap-so-do-lan-dau/"
    records = [feedback(True), feedback(False, "Khó hiểu"), feedback(False, page=other),
               feedback(False, page=other), feedback(True, page="en/" + PAGE),
               feedback(True, page="khong-co/")]
    data = json.loads(run_report(records, library, "json"))
    pages = data["feedback"]["pages"]
    assert [p["page"] for p in pages] == [other, PAGE, "en/" + PAGE, "khong-co/"]
    assert (pages[1]["yes"], pages[1]["no"], pages[1]["share_useful"]) == (1, 1, 0.5)
    assert pages[0]["title"] == library.explainer("cap-so-do-lan-dau").title
    assert pages[2]["title"] == library.explainer("thoi-gian-thu-viec").translations[0].title
    assert pages[3]["title"] is None and pages[3]["field"] is None
    fields = {f["field"]: (f["yes"], f["no"]) for f in data["feedback"]["fields"]}
    assert fields == {"dat-dai": (0, 2), "lao-dong": (2, 1), None: (1, 0)}
    assert data["for_editors"]["feedback"] == [{"page": PAGE, "texts": ["Khó hiểu"]}]
    assert "« Khó hiểu »" in run_report(records, library, "text")


def test_the_json_follows_its_schema_and_publishes_no_text(library: Library) -> None:
    records = [*ratings(30, 40), feedback(False, "Số điện thoại của tôi là ***"),
               question("cong ty bat thu viec 3 thang co dung luat khong"), question("Xin chào"),
               {"kind": "attempt", "received": "2026-12-05T00:00:00Z"}, "not a record"]
    data = json.loads(run_report(records, library, "json"))  # type: ignore[arg-type]
    schema = json.loads(SCHEMA.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    public = json.dumps({k: v for k, v in data.items() if k != "for_editors"},
                        ensure_ascii=False)
    for secret in ("0912", "***", "cong ty", "Xin chào"):
        assert secret not in public
    assert "0912" not in json.dumps(data, ensure_ascii=False)
    assert data["records"] == {"attempt": 1, "feedback": 1, "question": 2, "survey": 40}
    assert data["period"] == {"from": "2026-12-02T08:00:00Z", "to": "2026-12-05T00:00:00Z"}
    empty = json.loads(run_report([], library, "json"))
    jsonschema.Draft202012Validator(schema).validate(empty)
    assert empty["satisfaction"][0]["share"] is None


def test_an_unknown_format_is_refused(library: Library) -> None:
    with pytest.raises(ValueError, match="text hoặc json"):
        run_report([], library, "csv")


def test_satisfaction_per_field_when_a_question_asks_for_it(tmp_library: LibraryMaker) -> None:
    text = ("title: Khảo sát\nopens: 2026-12-01\nsatisfaction: hai-long\nquestions:\n"
            "  - id: hai-long\n    type: rating5\n    text: Hài lòng?\n"
            "  - id: linh-vuc\n    type: select_one\n    text: Bạn đọc về\n"
            "    choices: [Lao động, Đất đai]\n")
    small, _ = load_library(tmp_library({"surveys/hai-long.yml": text}), TODAY)
    assert small is not None
    records = [survey(5, **{"linh-vuc": "Lao động"}), survey(1, **{"linh-vuc": "Lao động"}),
               survey(4, **{"linh-vuc": "Đất đai"}), survey(4)]
    [entry] = json.loads(run_report(records, small, "json"))["satisfaction"]
    assert [(f["field"], f["n"], f["satisfied"]) for f in entry["by_field"]] == [
        ("lao-dong", 2, 1), ("dat-dai", 1, 1)]
    assert "     - Đất đai: 100,0 % hài lòng" in run_report(records, small, "text")
