"""The HTTP API of generators/collector/app.py, on SQLite and on PostgreSQL: every endpoint's
good and bad input with its exact status and message, the honeypot, CORS, the limits."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from generators.collector import storage
from generators.collector.privacy import EMAIL_MASK, ID_MASK, PHONE_MASK
from generators.collector.replies import (
    BAD_BODY,
    INVALID,
    NO_SURVEY,
    SERVER,
    THANKS,
    TOO_LARGE,
    TOO_MANY,
    UNSUPPORTED,
)
from tests.collector.conftest import ORIGIN, SITE

JSON = {"Accept": "application/json"}
PAGE = "lao-dong/thu-viec/"
BACK = SITE + PAGE


def stored(engine: sa.Engine, kind: str | None = None) -> list[dict]:
    return list(storage.records(engine, kind))


def test_health(client) -> None:
    answer = client.get("/health")
    assert (answer.status_code, answer.json()) == (200, {"ok": True})


def test_feedback_from_a_form_is_stored_and_sends_the_reader_back(client, engine) -> None:
    answer = client.post("/feedback", data={"page": PAGE, "useful": "co", "text": "Rõ ràng",
                                            "lang": "vi", "return": BACK, "website": ""})
    assert answer.status_code == 303
    assert answer.headers["location"] == BACK + "#da-gui-phan-hoi"
    [record] = stored(engine)
    assert record["received"].endswith("Z")
    del record["received"]
    assert record == {"kind": "feedback", "page": PAGE, "useful": True, "text": "Rõ ràng",
                      "lang": "vi"}


def test_feedback_as_json(client, engine) -> None:
    answer = client.post("/feedback", json={"page": "en/lao-dong/thu-viec/", "useful": "khong"},
                         headers=JSON)
    assert (answer.status_code, answer.json()) == (
        201, {"ok": True, "message": THANKS["feedback"]})
    [record] = stored(engine)
    assert (record["page"], record["useful"], record["text"], record["lang"]) == (
        "en/lao-dong/thu-viec/", False, None, None)


@pytest.mark.parametrize(("fields", "errors"), [
    ({"useful": "co"}, {"page": "Thiếu địa chỉ trang được góp ý."}),
    ({"page": "khong-co/trang/", "useful": "co"}, {"page": "Không có trang này trong tủ sách."}),
    ({"page": PAGE, "useful": "maybe"}, {"useful": "Hãy chọn “Có” hoặc “Không”."}),
    ({"page": PAGE, "useful": "co", "text": "x" * 1001},
     {"text": "Góp ý dài quá 1000 ký tự (đang có 1001)."}),
    ({"page": PAGE, "useful": "co", "lang": "fr"}, {"lang": "Tủ sách không có ngôn ngữ này."}),
    ({"page": [PAGE, PAGE], "useful": "co"}, {"page": "Mục này chỉ được gửi một lần."}),
])
def test_feedback_refused(client, engine, fields, errors) -> None:
    answer = client.post("/feedback", json=fields, headers=JSON)
    assert (answer.status_code, answer.json()) == (
        400, {"ok": False, "message": INVALID, "errors": errors})
    assert stored(engine) == []


def test_an_error_page_for_a_form_post_names_each_problem(client, engine) -> None:
    answer = client.post("/feedback", data={"page": "khong-co/", "useful": "?",
                                            "return": BACK})
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("text/html")
    page = answer.text
    assert '<html lang="vi">' in page and "<title>Lỗi: chưa gửi được" in page
    assert 'role="alert"' in page and "Có 2 mục cần sửa" in page
    assert "<strong>Trang</strong>: Không có trang này trong tủ sách." in page
    assert "<strong>Trang này có hữu ích không</strong>: Hãy chọn “Có” hoặc “Không”." in page
    assert f'<a href="{BACK}">' in page
    assert stored(engine) == []


def test_return_on_another_origin_is_replaced_by_the_site(client) -> None:
    for back in ("https://evil.example/", "//evil.example/", "javascript:alert(1)",
                 "https://tusach.example.gov.vn.evil.example/", "http://tusach.example.gov.vn/"):
        answer = client.post("/feedback", data={"page": PAGE, "useful": "co", "return": back})
        assert answer.headers["location"] == SITE + "#da-gui-phan-hoi", back


def test_free_text_is_masked_before_storage(client, engine) -> None:
    text = "Gọi tôi 0912 345 678, CCCD 001099012345, thư an@example.vn; phạt 5.000.000 đồng"
    client.post("/feedback", data={"page": PAGE, "useful": "khong", "text": text})
    client.post("/questions", data={"question": f"Hỏi: {text}", "contact": "0912345678"})
    feedback, question = stored(engine, "feedback")[0], stored(engine, "question")[0]
    masked = f"Gọi tôi {PHONE_MASK}, CCCD {ID_MASK}, thư {EMAIL_MASK}; phạt 5.000.000 đồng"
    assert feedback["text"] == masked
    assert question["question"] == f"Hỏi: {masked}"
    assert question["contact"] == "0912345678"  # how to answer: kept as given


def test_question_good(client, engine) -> None:
    answer = client.post("/questions", data={
        "question": "Thử việc tối đa bao nhiêu ngày?", "field": "lao-dong",
        "contact": "an@example.vn", "page": PAGE, "return": BACK})
    assert (answer.status_code, answer.headers["location"]) == (303, BACK + "#da-gui-cau-hoi")
    [record] = stored(engine)
    assert record.pop("id") == storage.question_id(record["received"], record["question"])
    del record["received"]
    assert record == {"kind": "question", "question": "Thử việc tối đa bao nhiêu ngày?",
                      "field": "lao-dong", "contact": "an@example.vn", "page": PAGE}
    assert "an@example.vn" not in client.post("/questions", json={}, headers=JSON).text


@pytest.mark.parametrize(("fields", "errors"), [
    ({}, {"question": "Hãy viết câu hỏi của bạn."}),
    ({"question": "Ngắn quá"}, {"question": "Câu hỏi cần ít nhất 10 ký tự."}),
    ({"question": "x" * 2001}, {"question": "Câu hỏi dài quá 2000 ký tự (đang có 2001)."}),
    ({"question": "Một câu hỏi đủ dài", "field": "khong-co"},
     {"field": "Tủ sách không có lĩnh vực này."}),
    ({"question": "Một câu hỏi đủ dài", "contact": "x" * 201},
     {"contact": "Cách liên lạc dài quá 200 ký tự."}),
    ({"question": "Một câu hỏi đủ dài", "page": "khong-co/"},
     {"page": "Không có trang này trong tủ sách."}),
])
def test_question_refused(client, engine, fields, errors) -> None:
    answer = client.post("/questions", json=fields, headers=JSON)
    assert (answer.status_code, answer.json()) == (
        400, {"ok": False, "message": INVALID, "errors": errors})
    assert stored(engine) == []


GOOD_SURVEY = [("q.hai-long", "4"), ("q.doi-tuong", "Người dân"), ("q.dung-gi", "Xem video"),
               ("q.dung-gi", "Đọc bài"), ("q.tuoi", "34"), ("q.gop-y", "Gọi 0912345678"),
               ("return", BACK), ("website", "")]


def test_survey_good(client, engine) -> None:
    body = "&".join(f"{k}={v}" for k, v in GOOD_SURVEY).encode()
    answer = client.post("/surveys/hai-long", content=body,
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert (answer.status_code, answer.headers["location"]) == (303, BACK + "#da-gui-khao-sat")
    [record] = stored(engine)
    assert record["survey"] == "hai-long"
    assert record["answers"] == {"hai-long": 4, "doi-tuong": "Người dân",
                                 "dung-gi": ["Đọc bài", "Xem video"], "tuoi": 34,
                                 "gop-y": f"Gọi {PHONE_MASK}"}


def test_survey_as_json_with_only_the_required_answer(client, engine) -> None:
    answer = client.post("/surveys/hai-long", json={"q.hai-long": 5}, headers=JSON)
    assert (answer.status_code, answer.json()) == (201, {"ok": True,
                                                         "message": THANKS["survey"]})
    assert stored(engine)[0]["answers"] == {"hai-long": 5}


@pytest.mark.parametrize(("fields", "errors"), [
    ({}, {"q.hai-long": "Câu hỏi này cần được trả lời."}),
    ({"q.hai-long": "6"}, {"q.hai-long": "Hãy chọn một mức từ 1 đến 5."}),
    ({"q.hai-long": "3", "q.doi-tuong": "Khác"},
     {"q.doi-tuong": "Lựa chọn này không có trong danh sách."}),
    ({"q.hai-long": "3", "q.doi-tuong": ["Người dân", "Doanh nghiệp"]},
     {"q.doi-tuong": "Chỉ chọn hoặc điền một câu trả lời."}),
    ({"q.hai-long": "3", "q.dung-gi": ["Đọc bài", "Bay"]},
     {"q.dung-gi": "Có lựa chọn không nằm trong danh sách."}),
    ({"q.hai-long": "3", "q.tuoi": "ba mươi"}, {"q.tuoi": "Hãy nhập một số nguyên."}),
    ({"q.hai-long": "3", "q.tuoi": "9"}, {"q.tuoi": "Hãy nhập một số từ 10 đến 120."}),
    ({"q.hai-long": "3", "q.gop-y": "x" * 301},
     {"q.gop-y": "Câu trả lời dài quá 300 ký tự (đang có 301)."}),
    ({"q.hai-long": "3", "q.khac": "1", "name": "An"},
     {"q.khac": "Khảo sát không có câu hỏi này.", "name": "Khảo sát không có câu hỏi này."}),
])
def test_survey_refused(client, engine, fields, errors) -> None:
    answer = client.post("/surveys/hai-long", json=fields, headers=JSON)
    assert (answer.status_code, answer.json()) == (
        400, {"ok": False, "message": INVALID, "errors": errors})
    assert stored(engine) == []


def test_survey_error_page_names_the_question(client) -> None:
    answer = client.post("/surveys/hai-long", data={"q.tuoi": "200"})
    assert "<strong>Bạn hài lòng thế nào với tủ sách?</strong>: Câu hỏi này cần" in answer.text
    assert "<strong>Bạn bao nhiêu tuổi?</strong>: Hãy nhập một số từ 10 đến 120." in answer.text


def test_unknown_survey_is_404(client) -> None:
    answer = client.post("/surveys/khong-co", json={"q.a": "1"}, headers=JSON)
    assert (answer.status_code, answer.json()) == (
        404, {"ok": False, "message": NO_SURVEY, "errors": {}})


@pytest.mark.parametrize(("day", "message"), [
    ("2026-11-30", "Khảo sát “Khảo sát mức độ hài lòng” bắt đầu nhận trả lời từ ngày "
                   "01/12/2026."),
    ("2027-02-01", "Khảo sát “Khảo sát mức độ hài lòng” đã kết thúc ngày 31/01/2027."),
])
def test_a_survey_not_open_today_is_403(make_client, engine, day, message) -> None:
    from datetime import date
    client = make_client(today=lambda: date.fromisoformat(day))
    answer = client.post("/surveys/hai-long", json={"q.hai-long": "5"}, headers=JSON)
    assert (answer.status_code, answer.json()) == (
        403, {"ok": False, "message": message, "errors": {}})
    form = client.post("/surveys/hai-long", data={"q.hai-long": "5", "return": BACK})
    assert form.status_code == 403 and message in form.text and f'href="{BACK}"' in form.text
    assert stored(engine) == []


@pytest.mark.parametrize("path", ["/feedback", "/questions", "/surveys/hai-long"])
def test_honeypot_is_thanked_and_nothing_is_stored(client, engine, path) -> None:
    kind = {"/feedback": "feedback", "/questions": "question"}.get(path, "survey")
    answer = client.post(path, json={"website": "http://spam.example", "page": PAGE,
                                     "useful": "co", "question": "Một câu hỏi đủ dài",
                                     "q.hai-long": "5"}, headers=JSON)
    assert (answer.status_code, answer.json()) == (201, {"ok": True, "message": THANKS[kind]})
    form = client.post(path, data={"website": "x", "return": BACK})
    assert form.status_code == 303 and form.headers["location"].startswith(BACK + "#da-gui-")
    assert stored(engine) == []


def test_413_over_16_kib(client, engine) -> None:
    answer = client.post("/feedback", content=b"text=" + b"x" * 16 * 1024, headers={
        **JSON, "Content-Type": "application/x-www-form-urlencoded"})
    assert (answer.status_code, answer.json()["message"]) == (413, TOO_LARGE)
    assert stored(engine) == []


def test_413_without_content_length(client) -> None:
    def chunks():
        for _ in range(20):
            yield b"x" * 1024
    answer = client.post("/questions", content=chunks(), headers={
        **JSON, "Content-Type": "application/json"})
    assert answer.status_code == 413


@pytest.mark.parametrize("content_type", ["text/plain", "multipart/form-data; boundary=x", ""])
def test_415_for_other_bodies(client, content_type) -> None:
    answer = client.post("/feedback", content=b"page=x", headers={
        **JSON, "Content-Type": content_type})
    assert (answer.status_code, answer.json()) == (
        415, {"ok": False, "message": UNSUPPORTED, "errors": {}})


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'{"page": {"a": 1}}',
                                  b'{"useful": true}', b"\xff\xfe"])
def test_400_for_a_body_that_is_not_fields(client, body) -> None:
    answer = client.post("/feedback", content=body, headers={
        **JSON, "Content-Type": "application/json"})
    assert (answer.status_code, answer.json()) == (
        400, {"ok": False, "message": BAD_BODY, "errors": {"body": BAD_BODY}})


def test_404_and_405_in_the_same_shape(client) -> None:
    missing = client.get("/khong-co", headers=JSON)
    assert (missing.status_code, missing.json()) == (
        404, {"ok": False, "message": "Không có địa chỉ này.", "errors": {}})
    wrong = client.get("/feedback", headers=JSON)
    assert wrong.status_code == 405 and wrong.json()["message"] == \
        "Địa chỉ này không nhận phương thức GET."
    assert "POST" in wrong.headers["allow"]
    html = client.put("/questions")
    assert html.status_code == 405 and '<html lang="vi">' in html.text


def test_429_after_the_burst_with_retry_after_and_nothing_stored(make_client, engine) -> None:
    client = make_client(burst=3, per_minute=1)
    statuses = [client.post("/feedback", json={"page": PAGE, "useful": "co"},
                            headers=JSON).status_code for _ in range(5)]
    assert statuses == [201, 201, 201, 429, 429]
    limited = client.post("/feedback", json={"page": PAGE, "useful": "co"}, headers=JSON)
    assert limited.json() == {"ok": False, "message": TOO_MANY, "errors": {}}
    assert int(limited.headers["retry-after"]) >= 1
    assert len(stored(engine)) == 3
    other = make_client(client=("198.51.100.7", 1))  # another reader: its own limit
    assert other.post("/feedback", json={"page": PAGE, "useful": "co"},
                      headers=JSON).status_code == 201


def test_x_forwarded_for_only_when_trusted(make_client) -> None:
    hops = [{"X-Forwarded-For": f"203.0.113.{i}", **JSON} for i in range(4)]
    untrusted = make_client(burst=2, per_minute=1)
    assert [untrusted.post("/feedback", json={"page": PAGE, "useful": "co"},
                           headers=h).status_code for h in hops] == [201, 201, 429, 429]
    trusted = make_client(burst=2, per_minute=1, trust_proxy=True)
    assert [trusted.post("/feedback", json={"page": PAGE, "useful": "co"},
                         headers=h).status_code for h in hops] == [201] * 4


def test_cors_for_the_site_origin_only(client) -> None:
    ok = client.post("/feedback", json={"page": PAGE, "useful": "co"},
                     headers={**JSON, "Origin": ORIGIN})
    assert ok.headers["access-control-allow-origin"] == ORIGIN
    assert "Origin" in ok.headers["vary"]
    preflight = client.options("/feedback", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == ORIGIN
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "Content-Type" in preflight.headers["access-control-allow-headers"]
    assert "Origin" in preflight.headers["vary"]
    for origin in ("https://evil.example", "http://tusach.example.gov.vn", "null"):
        for answer in (client.post("/feedback", json={"page": PAGE, "useful": "co"},
                                   headers={**JSON, "Origin": origin}),
                       client.options("/feedback", headers={
                           "Origin": origin, "Access-Control-Request-Method": "POST"})):
            assert not [h for h in answer.headers if h.lower().startswith("access-control")]


def test_no_cookie_is_ever_set_and_nothing_sent_is_served_back(client) -> None:
    answers = [client.get("/health"), client.get("/nowhere"),
               client.post("/feedback", data={"page": PAGE, "useful": "co",
                                              "text": "bí mật 123"}),
               client.post("/feedback", data={"page": "<script>", "useful": "co",
                                              "text": "bí mật 123"}),
               client.post("/questions", json={"question": "bí mật 123 đủ dài",
                                               "contact": "an@example.vn"}, headers=JSON),
               client.post("/surveys/hai-long", json={"q.gop-y": "bí mật 123"},
                           headers=JSON),
               client.options("/feedback")]
    for answer in answers:
        assert "set-cookie" not in answer.headers
        assert "bí mật" not in answer.text and "an@example.vn" not in answer.text
        assert "<script>" not in answer.text
        assert answer.headers["cache-control"] == "no-store"


def test_a_failing_database_is_a_plain_500_and_logged(make_client, caplog, monkeypatch) -> None:
    client = make_client()

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(storage, "store", broken)
    answer = client.post("/feedback", json={"page": PAGE, "useful": "co"}, headers=JSON)
    assert (answer.status_code, answer.json()) == (
        500, {"ok": False, "message": SERVER, "errors": {}})
    assert "Traceback" not in answer.text and "disk on fire" not in answer.text
    assert "nothing stored" in caplog.text
    form = client.post("/feedback", data={"page": PAGE, "useful": "co"})
    assert form.status_code == 500 and '<html lang="vi">' in form.text


def test_the_client_address_is_stored_nowhere(client, engine) -> None:
    client.post("/feedback", data={"page": PAGE, "useful": "co", "text": "ok"},
                headers={"User-Agent": "UA-Marker/1.0"})
    with engine.connect() as connection:
        for table in storage.TABLES.values():
            for row in connection.execute(sa.select(table)):
                text = json.dumps([str(v) for v in row])
                assert "192.0.2.1" not in text and "UA-Marker" not in text
        assert set(storage.metadata.tables) == {"feedback", "survey_responses", "questions",
                                                "contest_attempts", "collector_secret"}
