"""Results (quiz/results.py): the organisers' CSV and XLSX with contact details and no formula,
and the published JSON with names in the contest's style and no contact detail at all."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from generators.quiz.results import (
    initials,
    published,
    published_name,
    safe_cell,
    table,
    write_csv,
    write_file,
    xlsx_bytes,
)
from tests.quiz.conftest import contest

NOW = datetime(2026, 12, 11, 3, 0, 0, 123456, tzinfo=UTC)


def attempt(key: str, name: str, score: float, seconds: float, **values: Any) -> dict[str, Any]:
    participant = {"name": name, "phone": f"09{key:0>8}", "email": f"{key}@example.vn",
                   "unit": "Xã Tân Phú", "address": "Số 1 đường Lê Lợi", "birth_year": 1990}
    return {"kind": "attempt", "contest": "thi", "attempt": f"a-{key}",
            "participant": participant, "participant_key": f"k-{key}",
            "prediction": values.get("prediction"), "score": score, "out_of": 20,
            "seconds": seconds, "submitted": "2026-12-02T01:00:00Z",
            "certificate": values.get("certificate", f"MA{key.upper()}")}


RECORDS = [attempt("an", "Nguyễn Văn An", 18, 312.25, prediction=3),
           attempt("binh", "=HYPERLINK(\"http://x\",\"bấm\")", 19, 500, prediction=10),
           attempt("chi", "  đặng   thị chi ", 12, 90, prediction=None),
           attempt("dung", "Lê Dũng", 19, 500.5, certificate=None)]


def rule(**values: Any) -> Any:
    fields = values.pop("participant", ("name", "phone", "email", "unit", "address",
                                        "birth_year"))
    values.setdefault("predict_participants", True)
    return contest(("a",), 20, participant=fields, ranking=("score", "seconds", "prediction"),
                   certificate_score=15, **values)


def test_initials_take_every_word_in_the_order_written() -> None:
    assert initials("Nguyễn Văn An") == "N. V. A."
    assert initials("  đặng   thị chi ") == "Đ. T. C."
    assert initials("") == "" and initials("=SUM(A1) - 2") == "S."


def test_names_in_each_style() -> None:
    who = {"name": "Trần Thị Bích Ngọc", "phone": "0901234567"}
    assert published_name(rule(names="full"), who, 3) == "Trần Thị Bích Ngọc"
    assert published_name(rule(names="initials"), who, 3) == "T. T. B. N."
    assert published_name(rule(names="none"), who, 17) == "Thí sinh 17"
    assert published_name(rule(names="initials"), {"name": " "}, 4) == "Thí sinh 4"


def test_the_formula_guard() -> None:
    for text in ("=1+1", "+84901", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("Nguyễn =1") == "Nguyễn =1"
    assert safe_cell(-2) == -2 and safe_cell(18.5) == 18.5


def test_the_organisers_csv_has_every_field_asked_in_ranking_order() -> None:
    out = io.StringIO()
    write_csv(rule(), table(rule(), RECORDS), out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["Hạng", "Mã lượt thi", "Họ và tên", "Số điện thoại", "Thư điện tử",
                       "Đơn vị / xã", "Địa chỉ", "Năm sinh", "Dự đoán số người dự thi",
                       "Số câu đúng", "Số câu hỏi", "Thời gian làm bài (giây)", "Mã chứng nhận"]
    assert rows[1] == ["1", "a-binh", "'=HYPERLINK(\"http://x\",\"bấm\")", "090000binh",
                       "binh@example.vn", "Xã Tân Phú", "Số 1 đường Lê Lợi", "1990", "10", "19",
                       "20", "500", "MABINH"]
    assert [r[1] for r in rows[1:]] == ["a-binh", "a-dung", "a-an", "a-chi"]
    assert rows[2][-1] == "" and rows[2][-2] == "500.5" and rows[2][8] == ""
    assert rows[4][-1] == ""  # 12 < certificate_score: no certificate, whatever was stored


def test_the_csv_asks_only_the_contests_fields() -> None:
    out = io.StringIO()
    short = rule(participant=("name", "phone"), predict_participants=False)
    write_csv(short, table(short, RECORDS), out)
    header = out.getvalue().splitlines()[0]
    assert header == ("Hạng,Mã lượt thi,Họ và tên,Số điện thoại,Số câu đúng,Số câu hỏi,"
                      "Thời gian làm bài (giây),Mã chứng nhận")


def test_the_xlsx_has_a_header_and_no_formula(tmp_path: Path) -> None:
    target = tmp_path / "xep-hang.xlsx"
    write_file(target, xlsx_bytes(rule(), table(rule(), RECORDS)), private=True)
    assert target.stat().st_mode & 0o777 == 0o600
    sheet = load_workbook(target).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Hạng", "Mã lượt thi", "Họ và tên"]
    assert values[1][:4] == [1, "a-binh", "'=HYPERLINK(\"http://x\",\"bấm\")", "090000binh"]
    assert values[1][-4:] == [19, 20, 500, "MABINH"]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert len(values) == 5


def test_the_published_file_names_as_chosen_and_never_contacts() -> None:
    data = published(rule(names="initials"), table(rule(), RECORDS), NOW)
    assert {k: v for k, v in data.items() if k != "rows"} == {
        "format": "tusach-contest-results", "version": 1, "contest": "thi",
        "title": "Cuộc thi", "generated": "2026-12-11T03:00:00Z", "names": "initials",
        "entrants": 4}
    assert data["rows"] == [
        {"rank": 1, "name": "H.", "unit": "Xã Tân Phú", "score": 19, "out_of": 20,
         "seconds": 500, "certificate": "MABINH"},
        {"rank": 2, "name": "L. D.", "unit": "Xã Tân Phú", "score": 19, "out_of": 20,
         "seconds": 500.5},
        {"rank": 3, "name": "N. V. A.", "unit": "Xã Tân Phú", "score": 18, "out_of": 20,
         "seconds": 312.25, "certificate": "MAAN"},
        {"rank": 4, "name": "Đ. T. C.", "unit": "Xã Tân Phú", "score": 12, "out_of": 20,
         "seconds": 90}]
    text = json.dumps(data, ensure_ascii=False)
    for secret in ("090000", "@example.vn", "Lê Lợi", "1990", "k-an", "a-an", "Nguyễn"):
        assert secret not in text


def test_without_unit_asked_no_unit_and_none_numbers_rows() -> None:
    plain = rule(names="none", participant=("name", "phone"))
    rows = published(plain, table(plain, RECORDS), NOW)["rows"]
    assert [r["name"] for r in rows] == ["Thí sinh 1", "Thí sinh 2", "Thí sinh 3", "Thí sinh 4"]
    assert all("unit" not in r for r in rows)
    full = rule(names="full")
    assert published(full, table(full, RECORDS), NOW)["rows"][3]["name"] == "đặng   thị chi"


def test_public_files_are_world_readable(tmp_path: Path) -> None:
    target = tmp_path / "quizzes" / "results" / "thi.json"
    write_file(target, b"{}", private=False)
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["thi.json"]
