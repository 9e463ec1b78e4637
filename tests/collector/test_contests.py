"""Contests on the collector, on SQLite and PostgreSQL: registration and the draw, the
one-attempt rule, the server's clock with its grace, grading of every type over the API,
every refusal with its status and message (and nothing stored by it), the no-JS HTML flow,
no contact detail in any reply, the export and the report."""

from __future__ import annotations

import io
import json
import re
import threading
from dataclasses import replace
from html.parser import HTMLParser
from types import MappingProxyType
from typing import Any
from urllib.parse import urlencode, urljoin

import jsonschema
import pytest
import sqlalchemy as sa

from generators.collector import storage
from generators.collector.contests import identity, participant_key, phone_number
from generators.collector.replies import INVALID, TOO_MANY
from generators.collector.report import SCHEMA, run_report
from generators.commands.collector import export
from generators.quiz.draw import draw, sent
from generators.quiz.grading import grade
from tests.collector.conftest import (
    CLOSES,
    CONTEST,
    CONTEST_BANK,
    FILL_ANSWER,
    OPENS,
    PERSON,
    SITE,
    contest_pool,
    right_answer,
    wrong_answer,
)

JSON = {"Accept": "application/json"}
REGISTER = f"/contests/{CONTEST.key}/attempts"
QUESTIONS = {f"{CONTEST_BANK.key}/{q.id}": q for q in CONTEST_BANK.questions}
POOL = contest_pool(CONTEST, {CONTEST_BANK.key: CONTEST_BANK})
CONTACT = ("Nguyễn Văn An", "0912345678", "0912 345 678", "Tân Lập")


def attempts(engine: sa.Engine) -> list[dict[str, Any]]:
    return list(storage.records(engine, "attempt"))


def register(client, **fields: Any) -> Any:
    return client.post(REGISTER, json={**PERSON, **fields}, headers=JSON)


def answers(refs: list[str], wrong: str | None = None) -> dict[str, Any]:
    """Right answers to `refs`, but for the first question of type `wrong`."""
    miss = next((ref for ref in refs if QUESTIONS[ref].type == wrong), None)
    return {ref: (wrong_answer if ref == miss else right_answer)(QUESTIONS[ref])
            for ref in refs}


def form(fields: list[tuple[str, str]]) -> dict[str, Any]:
    """A form body with repeated fields, as a browser sends it."""
    return {"content": urlencode(fields),
            "headers": {"Content-Type": "application/x-www-form-urlencoded"}}


def no_contact(text: str) -> None:
    for detail in CONTACT:
        assert detail not in text


# ---- registration and the draw -------------------------------------------------------------

def test_registration_draws_questions_without_answers(contest_client, engine, clock) -> None:
    answer = register(contest_client)
    assert answer.status_code == 201
    data = answer.json()
    no_contact(answer.text)
    assert FILL_ANSWER not in answer.text and "Giải thích bí mật" not in answer.text
    assert "45/2019/QH14" not in answer.text  # no basis either: it names the article
    assert (data["ok"], data["contest"], data["number"], data["attempts"]) == (
        True, CONTEST.key, 1, 1)
    assert data["submit"] == f"contests/{CONTEST.key}/attempts/{data['attempt']}"
    assert len(data["attempt"]) >= 32
    assert data["started"] == "2026-12-02T02:00:00Z"
    assert data["deadline"] == "2026-12-02T02:15:00Z"
    assert (data["seconds"], data["grace_seconds"]) == (900, 30)
    assert data["message"] == "Bắt đầu làm bài: 8 câu hỏi, hạn nộp 09:15 ngày 02/12/2026."
    questions = data["questions"]
    assert len(questions) == 8
    assert sorted(q["level"] for q in questions) == [1] * 7 + [2]
    assert {q["type"] for q in questions} == {"single", "multiple", "true_false", "fill",
                                              "order", "match", "numeric"}
    for q in questions:
        assert set(q) <= {"id", "type", "text", "level", "choices", "items", "left", "right",
                          "unit"}
    [record] = attempts(engine)
    assert record == {
        "kind": "attempt", "received": "2026-12-02T02:00:00Z", "contest": CONTEST.key,
        "attempt": data["attempt"],
        "participant": {"name": "Nguyễn Văn An", "phone": "0912345678", "unit": "Xã Tân Lập"},
        "participant_key": record["participant_key"], "prediction": 1200,
        "questions": [q["id"] for q in questions], "responses": None, "score": None,
        "out_of": 8, "started": "2026-12-02T02:00:00Z", "submitted": None, "seconds": None,
        "certificate": None, "late": None}
    assert re.fullmatch(r"[0-9a-f]{64}", record["participant_key"])


def test_the_draw_is_reproducible_from_the_stored_seed(contest_client, engine) -> None:
    data = register(contest_client).json()
    row = storage.find_attempt(engine, data["attempt"])
    assert row is not None
    again = draw(CONTEST, POOL, row["seed"])
    assert [d.ref for d in again] == row["questions"] == [q["id"] for q in data["questions"]]
    assert sent(again, row["seed"]) == data["questions"]
    other = register(contest_client, phone="0987654321").json()
    assert (storage.find_attempt(engine, other["attempt"]) or {})["seed"] != row["seed"]


def test_the_salt_is_random_per_database_and_kept(engine) -> None:
    salt = storage.contest_salt(engine)
    assert re.fullmatch(r"[0-9a-f]{64}", salt)
    assert storage.contest_salt(engine) == salt
    key = participant_key(salt, CONTEST.key, identity({"phone": "0912345678"}))
    assert key != participant_key("another", CONTEST.key, identity({"phone": "0912345678"}))
    assert key != participant_key(salt, "another-contest", identity({"phone": "0912345678"}))


@pytest.mark.parametrize(("written", "national"), [
    ("0912345678", "0912345678"), ("0912 345 678", "0912345678"),
    ("0912.345.678", "0912345678"), ("+84 912 345 678", "0912345678"),
    ("84912345678", "0912345678"), ("(+84) 912-345-678", "0912345678"),
    ("0084912345678", "0912345678"), ("024 3825 1234", "02438251234"),
    ("12345", None), ("0012345678", None), ("+1 202 555 0100", None), ("091234567a", None),
    ("09123456789012", None)])
def test_phone_numbers(written, national) -> None:
    assert phone_number(written) == national


def test_one_attempt_per_phone_however_written(contest_client, engine) -> None:
    assert register(contest_client).status_code == 201
    for phone in ("+84912345678", "0912.345.678", "84 912 345 678"):
        answer = register(contest_client, phone=phone, name="Người khác")
        assert answer.status_code == 409
        assert answer.json()["message"] == (
            "Mỗi người chỉ được dự thi “Cuộc thi tìm hiểu pháp luật lao động” một lần; số "
            "điện thoại này đã dự thi đủ số lần.")
    assert register(contest_client, phone="0987 654 321").status_code == 201
    assert len(attempts(engine)) == 2


def test_attempts_allowed_are_counted_when_started(make_contest_client, engine) -> None:
    twice = replace(CONTEST, key="hai-lan", attempts=2)
    client = make_contest_client(contests=(twice,))
    url = f"/contests/{twice.key}/attempts"
    numbers = [client.post(url, json=PERSON, headers=JSON) for _ in range(3)]
    assert [a.status_code for a in numbers] == [201, 201, 409]
    assert [a.json().get("number") for a in numbers[:2]] == [1, 2]
    assert "hai-lan" in numbers[2].json()["message"] or "2 lần" in numbers[2].json()["message"]
    assert len(attempts(engine)) == 2


def test_simultaneous_registrations_cannot_both_pass(engine) -> None:
    salt = storage.contest_salt(engine)
    key = participant_key(salt, CONTEST.key, "phone:0912345678")
    results: list[str] = []
    barrier = threading.Barrier(8)

    def one(n: int) -> None:
        barrier.wait()
        values: dict[str, Any] = {
            "attempt": f"a{n}", "contest": CONTEST.key, "participant_key": key,
            "participant": {}, "prediction": None, "seed": "s", "questions": [], "out_of": 0,
            "started": storage.now(), "deadline": storage.now()}
        try:
            storage.start_attempt(engine, values, 1)
            results.append("stored")
        except storage.AttemptsUsed:
            results.append("refused")

    threads = [threading.Thread(target=one, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["refused"] * 7 + ["stored"]
    assert len(attempts(engine)) == 1


@pytest.mark.parametrize(("fields", "errors"), [
    ({"name": "A"}, {"name": "Họ và tên cần ít nhất 2 ký tự."}),
    ({"name": ""}, {"name": "Hãy điền họ và tên."}),
    ({"phone": "12345"}, {"phone": "Số điện thoại chưa đúng: viết 10 chữ số bắt đầu bằng 0 "
                                   "(hoặc +84), ví dụ 0901 234 567."}),
    ({"phone": ""}, {"phone": "Hãy điền số điện thoại."}),
    ({"unit": ""}, {"unit": "Hãy điền đơn vị / xã."}),
    ({"unit": "x" * 201}, {"unit": "Đơn vị / xã dài quá 200 ký tự (đang có 201)."}),
    ({"prediction": ""}, {"prediction": "Hãy dự đoán số người tham gia cuộc thi."}),
    ({"prediction": "-3"}, {"prediction": "Dự đoán là một số nguyên không âm, ví dụ 10000 "
                                          "(tối đa 1.000.000.000)."}),
    ({"prediction": "nhiều"}, {"prediction": "Dự đoán là một số nguyên không âm, ví dụ "
                                             "10000 (tối đa 1.000.000.000)."}),
    ({"score": "20"}, {"score": "Điểm, thời gian và kết quả do máy chủ tính, không được gửi."}),
    ({"email": "an@example.vn"}, {"email": "Cuộc thi không hỏi mục này."}),
    ({"name": ["An", "Bình"]}, {"name": "Mục này chỉ được gửi một lần."}),
])
def test_registration_refused_field_by_field(contest_client, engine, fields, errors) -> None:
    answer = register(contest_client, **fields)
    assert (answer.status_code, answer.json()) == (
        400, {"ok": False, "message": INVALID, "errors": errors})
    assert attempts(engine) == []


def test_other_participant_fields(make_contest_client, engine) -> None:
    asking = replace(CONTEST, key="day-du", predict_participants=False,
                     participant=("name", "email", "address", "birth_year"))
    client = make_contest_client(contests=(asking,))
    url = f"/contests/{asking.key}/attempts"
    person = {"name": "Trần Thị Bình", "email": "binh@example.vn",
              "address": "Thôn 3, xã Tân Lập", "birth_year": "2008"}
    bad = client.post(url, json={**person, "email": "binh@", "birth_year": "2025",
                                 "address": "x", "prediction": "5"}, headers=JSON)
    assert bad.status_code == 400
    assert bad.json()["errors"] == {
        "email": "Thư điện tử chưa đúng, ví dụ ten@example.vn.",
        "birth_year": "Hãy điền năm sinh từ 1920 đến 2020.",
        "address": "Địa chỉ cần ít nhất 5 ký tự.",
        "prediction": "Cuộc thi không hỏi mục này."}
    good = client.post(url, json=person, headers=JSON)
    assert good.status_code == 201
    assert "binh@example.vn" not in good.text
    assert client.post(url, json={**person, "email": "BINH@example.vn", "name": "Bình"},
                       headers=JSON).status_code == 409
    [record] = attempts(engine)
    assert record["participant"] == {**person, "birth_year": 2008}
    assert record["prediction"] is None


def test_unknown_and_closed_contests(contest_client, engine, clock) -> None:
    answer = contest_client.post("/contests/khong-co/attempts", json=PERSON, headers=JSON)
    assert (answer.status_code, answer.json()["message"]) == (404, "Không có cuộc thi này.")
    clock.now = OPENS.replace(minute=0) - (OPENS - OPENS.replace(hour=7))
    answer = register(contest_client)
    assert (answer.status_code, answer.json()["message"]) == (
        403, "Cuộc thi “Cuộc thi tìm hiểu pháp luật lao động” bắt đầu nhận bài từ 08:00 ngày "
             "01/12/2026.")
    clock.now = CLOSES.replace(second=1)
    answer = register(contest_client)
    assert (answer.status_code, answer.json()["message"]) == (
        403, "Cuộc thi “Cuộc thi tìm hiểu pháp luật lao động” đã kết thúc lúc 17:00 ngày "
             "10/12/2026.")
    assert attempts(engine) == []


def test_the_honeypot_keeps_nothing(contest_client, engine) -> None:
    answer = register(contest_client, website="http://spam.example/")
    assert (answer.status_code, answer.json()) == (
        201, {"ok": True, "message": "Cảm ơn bạn đã đăng ký dự thi."})
    assert attempts(engine) == []


def test_a_pool_too_small_is_a_clear_503(make_contest_client, engine) -> None:
    big = replace(CONTEST, key="lon", questions=30, draw=None)
    client = make_contest_client(contests=(big,))
    answer = client.post("/contests/lon/attempts", json=PERSON, headers=JSON)
    assert (answer.status_code, answer.json()["message"]) == (
        503, "Cuộc thi chưa đủ câu hỏi để ra đề. Vui lòng báo ban tổ chức.")
    assert attempts(engine) == []


def test_the_deadline_is_capped_by_the_close(contest_client, clock) -> None:
    clock.now = CLOSES.replace(hour=16, minute=50)
    data = register(contest_client).json()
    assert (data["deadline"], data["seconds"]) == ("2026-12-10T10:00:00Z", 600)


# ---- grading -------------------------------------------------------------------------------

def test_all_right_over_the_api(contest_client, engine, clock) -> None:
    data = register(contest_client).json()
    refs = [q["id"] for q in data["questions"]]
    clock.advance(minutes=7, seconds=12.25)
    answer = contest_client.post(f"/{data['submit']}", json={"answers": answers(refs)},
                                 headers=JSON)
    assert answer.status_code == 200
    assert answer.json() == {
        "ok": True, "message": "Đã nộp bài: đúng 8/8 câu trong 7 phút 12 giây.",
        "contest": CONTEST.key, "attempt": data["attempt"], "score": 8, "out_of": 8,
        "seconds": 432.25, "certificate": answer.json()["certificate"]}
    no_contact(answer.text)
    [record] = attempts(engine)
    assert record["certificate"] == answer.json()["certificate"]
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{10}", record["certificate"])
    assert (record["score"], record["seconds"], record["submitted"]) == (
        8, 432.25, "2026-12-02T02:07:12Z")
    assert record["responses"] == json.loads(json.dumps(answers(refs)))


@pytest.mark.parametrize("wrong", ["single", "multiple", "true_false", "fill", "order",
                                   "match", "numeric"])
def test_each_type_graded_wrong_over_the_api(contest_client, engine, wrong) -> None:
    data = register(contest_client).json()
    refs = [q["id"] for q in data["questions"]]
    answer = contest_client.post(f"/{data['submit']}",
                                 json={"answers": answers(refs, wrong=wrong)}, headers=JSON)
    body = answer.json()
    assert (answer.status_code, body["score"], body["out_of"]) == (200, 7, 8)
    assert "wrong" not in body and "correct" not in body and "answers" not in body
    assert body["certificate"]  # 7 ≥ certificate_score 6


def test_unanswered_is_wrong_and_no_certificate_below_the_score(contest_client,
                                                                 engine) -> None:
    data = register(contest_client).json()
    refs = [q["id"] for q in data["questions"]][:3]
    answer = contest_client.post(f"/{data['submit']}", json={"answers": answers(refs)},
                                 headers=JSON)
    assert (answer.json()["score"], "certificate" in answer.json()) == (3, False)
    [record] = attempts(engine)
    assert record["score"] == 3 and record["certificate"]  # given, shown only when earned


# ---- refusals of a submission --------------------------------------------------------------

def _started(client) -> tuple[dict[str, Any], list[str]]:
    data = register(client).json()
    return data, [q["id"] for q in data["questions"]]


def _untouched(engine: sa.Engine) -> None:
    [record] = attempts(engine)
    assert (record["responses"], record["score"], record["submitted"], record["seconds"],
            record["certificate"]) == (None, None, None, None, None)


def test_unknown_attempt_and_wrong_contest(make_contest_client, engine) -> None:
    other = replace(CONTEST, key="thi-khac", title="Cuộc thi khác")
    client = make_contest_client(contests=(CONTEST, other))
    data, refs = _started(client)
    for url in (f"/contests/{CONTEST.key}/attempts/khong-co-luot-nay",
                f"/contests/thi-khac/attempts/{data['attempt']}"):
        answer = client.post(url, json={"answers": answers(refs)}, headers=JSON)
        assert (answer.status_code, answer.json()["message"]) == (
            404, "Không có lượt thi này. Hãy mở bài thi từ trang đăng ký."), url
    answer = client.post(f"/contests/khong-co/attempts/{data['attempt']}", json={},
                         headers=JSON)
    assert answer.status_code == 404
    _untouched(engine)


def test_answers_to_questions_not_drawn(contest_client, engine) -> None:
    data, refs = _started(contest_client)
    missing = next(ref for ref in QUESTIONS if ref not in refs)
    given = {**answers(refs), missing: right_answer(QUESTIONS[missing])}
    answer = contest_client.post(f"/{data['submit']}", json={"answers": given}, headers=JSON)
    assert (answer.status_code, answer.json()) == (422, {
        "ok": False,
        "message": "Bài nộp có câu trả lời cho câu hỏi không có trong lượt thi của bạn.",
        "errors": {missing: "Câu hỏi này không có trong lượt thi của bạn."}})
    form = contest_client.post(f"/{data['submit']}", data={"thi-lao-dong/khong-co": "x"},
                               headers=JSON)
    assert form.status_code == 422
    _untouched(engine)


@pytest.mark.parametrize("forged", [{"score": 8}, {"seconds": 1}, {"out_of": 1},
                                    {"certificate": "AAAAAAAAAA"}])
def test_forged_fields_are_refused(contest_client, engine, forged) -> None:
    data, refs = _started(contest_client)
    answer = contest_client.post(f"/{data['submit']}",
                                 json={"answers": answers(refs), **forged}, headers=JSON)
    [name] = forged
    assert (answer.status_code, answer.json()["message"]) == (
        400, f"Bài nộp chỉ được chứa câu trả lời; không nhận “{name}”: điểm và thời gian do "
             "máy chủ tính.")
    form = contest_client.post(f"/{data['submit']}", data={name: "8"}, headers=JSON)
    assert form.status_code == 400
    _untouched(engine)


def test_badly_shaped_answers(contest_client, engine) -> None:
    data, refs = _started(contest_client)
    for body in ({"answers": {refs[0]: {"x": {"nested": 1}}}}, {"answers": [1, 2]}, [1]):
        answer = contest_client.post(f"/{data['submit']}", json=body, headers=JSON)
        assert answer.status_code == 400, body
    order = next(r for r in refs if QUESTIONS[r].type == "order")
    answer = contest_client.post(f"/{data['submit']}", data={order: "Ký kết"}, headers=JSON)
    assert (answer.status_code, answer.json()["errors"]) == (
        400, {order: f"Gửi câu này theo từng vị trí: {order}:1, {order}:2 …"})
    answer = contest_client.post(f"/{data['submit']}", data={f"{order}:9": "Ký kết"},
                                 headers=JSON)
    assert (answer.status_code, answer.json()["errors"]) == (
        400, {f"{order}:9": "Vị trí này không có trong câu hỏi."})
    answer = contest_client.post(f"/{data['submit']}", content=b"{not json",
                                 headers={**JSON, "Content-Type": "application/json"})
    assert answer.status_code == 400
    answer = contest_client.post(f"/{data['submit']}", content=b"a",
                                 headers={**JSON, "Content-Type": "text/plain"})
    assert answer.status_code == 415
    _untouched(engine)


def test_an_oversized_body(contest_client, engine) -> None:
    data, refs = _started(contest_client)
    answer = contest_client.post(f"/{data['submit']}",
                                 json={"answers": {refs[0]: "x" * 70_000}}, headers=JSON)
    assert (answer.status_code, answer.json()["message"]) == (
        413, "Nội dung gửi quá lớn (tối đa 64 KiB).")
    big = register(contest_client, phone="0987654321", name="x" * 70_000)
    assert big.status_code == 413
    _untouched(engine)


def test_a_replay_is_refused_and_changes_nothing(contest_client, engine) -> None:
    data, refs = _started(contest_client)
    first = contest_client.post(f"/{data['submit']}", json={"answers": answers(refs)},
                                headers=JSON)
    assert first.status_code == 200
    before = attempts(engine)
    again = contest_client.post(f"/{data['submit']}",
                                json={"answers": answers(refs, wrong="single")}, headers=JSON)
    assert (again.status_code, again.json()["message"]) == (
        409, "Bài thi này đã được nộp; mỗi lượt thi chỉ nộp một lần.")
    assert attempts(engine) == before


def test_simultaneous_replays_grade_once(contest_client, engine) -> None:
    data, refs = _started(contest_client)
    statuses: list[int] = []
    barrier = threading.Barrier(6)

    def submit() -> None:
        barrier.wait()
        statuses.append(contest_client.post(f"/{data['submit']}",
                                            json={"answers": answers(refs)},
                                            headers=JSON).status_code)

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [409] * 5
    assert attempts(engine)[0]["score"] == 8


def test_the_deadline_with_its_grace(contest_client, engine, clock) -> None:
    data, refs = _started(contest_client)
    clock.advance(minutes=15, seconds=30)  # the last second of the grace
    assert contest_client.post(f"/{data['submit']}", json={"answers": answers(refs)},
                               headers=JSON).status_code == 200
    late, late_refs = _started_as(contest_client, "0987654321")
    clock.advance(minutes=15, seconds=30.5)
    answer = contest_client.post(f"/{late['submit']}", json={"answers": answers(late_refs)},
                                 headers=JSON)
    message = "Đã quá giờ nộp bài (09:30 ngày 02/12/2026): bài nộp muộn không được chấm."
    assert (answer.status_code, answer.json()["message"]) == (403, message)
    clock.advance(minutes=-20)  # even a clock put back does not reopen it
    again = contest_client.post(f"/{late['submit']}", json={"answers": answers(late_refs)},
                                headers=JSON)
    assert (again.status_code, again.json()["message"]) == (403, message)
    record = next(r for r in attempts(engine) if r["attempt"] == late["attempt"])
    assert (record["score"], record["responses"], record["submitted"]) == (None, None, None)
    assert record["late"] == "2026-12-02T02:31:00Z"


def _started_as(client, phone: str) -> tuple[dict[str, Any], list[str]]:
    data = register(client, phone=phone).json()
    return data, [q["id"] for q in data["questions"]]


# ---- limits ------------------------------------------------------------------------------

def test_a_class_behind_one_address_registers(make_contest_client, engine) -> None:
    client = make_contest_client(per_minute=10, burst=5)  # the feedback limits
    statuses = [register(client, phone=f"09{n:08d}").status_code for n in range(60)]
    assert statuses == [201] * 60
    assert client.post("/feedback", json={"page": "x/", "useful": "co"},
                       headers=JSON).status_code == 400  # own limiter: not spent by contests


def test_contest_limits_are_settable(make_contest_client, engine) -> None:
    client = make_contest_client(contest_burst=3, contest_per_minute=1)
    statuses = [register(client, phone=f"09{n:08d}").status_code for n in range(5)]
    assert statuses == [201, 201, 201, 429, 429]
    answer = register(client, phone="0900000009")
    assert answer.json()["message"] == TOO_MANY and "retry-after" in answer.headers


# ---- the HTML flow, without JavaScript -----------------------------------------------------

class _Form(HTMLParser):
    """The controls of a page: inputs and selects (with their options) and the labels."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.controls: list[dict[str, Any]] = []
        self.labels: set[str] = set()
        self.fieldsets = self.legends = 0
        self._select: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.action = a["action"]
        elif tag == "input":
            self.controls.append({"tag": "input", **a})
        elif tag == "select":
            self._select = {"tag": "select", "options": [], **a}
            self.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a["value"])
        elif tag == "label":
            self.labels.add(a["for"])
        elif tag == "fieldset":
            self.fieldsets += 1
        elif tag == "legend":
            self.legends += 1


def _fill(form: _Form, refs: dict[str, Any]) -> list[tuple[str, str]]:
    """What a keyboard user submits: the right answer in every control."""
    out: list[tuple[str, str]] = []
    for control in form.controls:
        name = control["name"]
        if control.get("type") == "hidden":
            out.append((name, control["value"]))
            continue
        ref, _, place = name.partition(":")
        question = QUESTIONS[ref]
        right = right_answer(question)
        if control["tag"] == "select":
            if question.type == "order":
                out.append((name, question.items[int(place) - 1]))
            else:
                out.append((name, question.pairs[int(place) - 1][1]))
        elif control["type"] == "text":
            out.append((name, str(right)))
        elif question.type == "true_false":
            if control["value"] == str(question.truth).lower():
                out.append((name, control["value"]))
        elif control["value"] in (right if isinstance(right, list) else [right]):
            out.append((name, control["value"]))
    return out


def test_the_html_flow_without_javascript(contest_client, engine, clock) -> None:
    back = SITE + f"cuoc-thi/{CONTEST.key}/"
    page = contest_client.post(REGISTER, data={**PERSON, "return": back, "website": ""})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "form-action 'self'" in page.headers["content-security-policy"]
    assert "set-cookie" not in page.headers
    html = page.text
    no_contact(html)
    assert FILL_ANSWER not in html and "Giải thích bí mật" not in html
    assert '<html lang="vi">' in html and "<script" not in html
    assert "Hợp đồng &lt;b&gt;lao động&lt;/b&gt; &amp; “mấy” loại?" in html
    assert '<time datetime="2026-12-02T09:15:00+07:00">09:15 ngày 02/12/2026</time>' in html
    parsed = _Form()
    parsed.feed(html)
    assert parsed.fieldsets == parsed.legends == 8
    visible = [c for c in parsed.controls if c.get("type") != "hidden"]
    assert all(c["id"] in parsed.labels for c in visible)
    assert sum(c["tag"] == "select" for c in visible) == 6  # order (3) and match (3)
    url = urljoin(f"http://collector.test{REGISTER}", parsed.action)
    clock.advance(minutes=3)
    done = contest_client.post(url, **form(_fill(parsed, QUESTIONS)))
    assert done.status_code == 200, done.text
    assert "8/8" in done.text and "3 phút" in done.text
    no_contact(done.text)
    assert f'href="{back}"' in done.text
    [record] = attempts(engine)
    assert record["score"] == 8
    code = re.search(r"Mã chứng nhận: <strong>([A-Z2-9]{10})</strong>", done.text)
    assert code is not None and code[1] == record["certificate"]
    replay = contest_client.post(url, **form(_fill(parsed, QUESTIONS)))
    assert replay.status_code == 409 and "đã được nộp" in replay.text


def test_form_answers_for_order_and_match(contest_client, engine) -> None:
    data, refs = _started(contest_client)
    order = next(r for r in refs if QUESTIONS[r].type == "order")
    match = next(r for r in refs if QUESTIONS[r].type == "match")
    multiple = next(r for r in refs if QUESTIONS[r].type == "multiple")
    fields = [(f"{order}:1", "Đề nghị"), (f"{order}:2", "Thương lượng"),
              (f"{order}:3", "Ký kết"), (f"{match}:2", "30 ngày"), (f"{match}:1", "60 ngày"),
              (f"{match}:3", "12 ngày"), (multiple, "Được trả lương"),
              (multiple, "Nghỉ hằng năm")]
    sent_form = form(fields)
    answer = contest_client.post(f"/{data['submit']}", content=sent_form["content"],
                                 headers={**sent_form["headers"], **JSON})
    assert answer.json()["score"] == 3
    [record] = attempts(engine)
    assert record["responses"] == {
        order: ["Đề nghị", "Thương lượng", "Ký kết"],
        match: {"Thử việc": "60 ngày", "Báo trước": "30 ngày", "Nghỉ phép": "12 ngày"},
        multiple: ["Được trả lương", "Nghỉ hằng năm"]}


def test_an_error_page_for_a_form_registration(contest_client, engine) -> None:
    page = contest_client.post(REGISTER, data={**PERSON, "phone": "123"})
    assert page.status_code == 400 and "Số điện thoại" in page.text
    assert f'href="{SITE}cuoc-thi/{CONTEST.key}/"' in page.text
    assert "Nguyễn Văn An" not in page.text
    assert attempts(engine) == []


# ---- what leaves: the export, and never over HTTP ------------------------------------------

def test_export_attempts(contest_client, engine, db_url) -> None:
    data, refs = _started(contest_client)
    contest_client.post(f"/{data['submit']}", json={"answers": answers(refs)}, headers=JSON)
    out = io.StringIO()
    export(db_url, "attempt", "jsonl", None, out)
    [line] = out.getvalue().splitlines()
    record = json.loads(line)
    assert record["participant"]["phone"] == "0912345678" and record["score"] == 8
    out = io.StringIO()
    export(db_url, "attempt", "csv", None, out)
    header, row = out.getvalue().splitlines()
    assert header == ("kind,received,contest,attempt,participant,participant_key,prediction,"
                      "questions,responses,score,out_of,started,submitted,seconds,certificate,"
                      "late")
    assert row.startswith("attempt,2026-12-02T02:00:00Z,thi-2026,")
    assert "0912345678" in row


def test_the_client_address_and_agent_are_stored_nowhere(make_contest_client, engine) -> None:
    client = make_contest_client(client=("198.51.100.23", 4444))
    headers = {**JSON, "User-Agent": "UA-Marker/2.0"}
    data = client.post(REGISTER, json=PERSON, headers=headers).json()
    client.post(f"/{data['submit']}", json={"answers": {}}, headers=headers)
    with engine.connect() as connection:
        for table in (storage.attempts, storage.secret):
            for row in connection.execute(sa.select(table)):
                text = json.dumps([str(v) for v in row])
                assert "198.51.100.23" not in text and "UA-Marker" not in text


def test_sequential_regrade_matches(contest_client, engine) -> None:
    for n, wrong in enumerate(("single", "fill", None)):
        data = register(contest_client, phone=f"09000000{n:02d}").json()
        refs = [q["id"] for q in data["questions"]]
        contest_client.post(f"/{data['submit']}", json={"answers": answers(refs, wrong)},
                            headers=JSON)
    for record in attempts(engine):
        regraded = sum(ref in record["responses"]
                       and grade(QUESTIONS[ref], record["responses"][ref])
                       for ref in record["questions"])
        assert regraded == record["score"]


def test_the_report_counts_and_ranks_without_contact_details(contest_client, engine,
                                                              library, clock) -> None:
    people = [("Nguyễn Văn An", "0900000001", None), ("Trần Thị Bình", "0900000002", "fill"),
              ("Lê Văn Cường", "0900000003", "late"), ("Phạm Dũng", "0900000004", "open")]
    for name, phone, how in people:
        data = register(contest_client, name=name, phone=phone).json()
        refs = [q["id"] for q in data["questions"]]
        if how == "late":
            clock.advance(minutes=20)
        if how != "open":
            contest_client.post(f"/{data['submit']}", headers=JSON,
                                json={"answers": answers(refs, how)})
        clock.advance(minutes=-20 if how == "late" else 1)
    with_contest = replace(library, contests=MappingProxyType({CONTEST.key: CONTEST}),
                           quizzes=MappingProxyType({CONTEST_BANK.key: CONTEST_BANK}))
    records = list(storage.records(engine))
    text = run_report(records, with_contest, "json")
    data = json.loads(text)
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    [contest] = data["contests"]
    assert {k: v for k, v in contest.items() if k != "ranking"} == {
        "contest": CONTEST.key, "title": CONTEST.title, "participants": 4, "attempts": 4,
        "graded": 2, "late": 1, "unfinished": 1, "mean_score": 7.5}
    assert [(r["rank"], r["name"], r["unit"], r["score"]) for r in contest["ranking"]] == [
        (1, "N. V. A.", "Xã Tân Lập", 8), (2, "T. T. B.", "Xã Tân Lập", 7)]
    for phone in ("0900000001", "0900000002", "Nguyễn Văn An"):
        assert phone not in text
    assert "4. Cuộc thi" in run_report(records, with_contest, "text")


# ---- the starter library's own contest -----------------------------------------------------

def _right(question: Any) -> Any:
    """The right response from the question's own key (any bank)."""
    return {"single": lambda q: q.answers[0], "multiple": lambda q: list(q.answers),
            "true_false": lambda q: q.truth, "fill": lambda q: q.answers[0],
            "order": lambda q: list(q.items), "match": lambda q: dict(q.pairs),
            "numeric": lambda q: q.number}[question.type](question)


def test_the_starter_contest_end_to_end(engine) -> None:
    from starlette.testclient import TestClient

    from generators.collector.app import create_app
    from generators.collector.settings import Settings
    from generators.library import load_library
    from tests.conftest import ROOT, TODAY

    library, problems = load_library(ROOT, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    assert library.contests, "the starter library has a contest"
    contest = next(iter(library.contests.values()))
    when_open = contest.opens + (contest.closes - contest.opens) / 2
    settings = Settings.from_library(library, SITE, engine, clock=lambda: when_open)
    client = TestClient(create_app(settings), base_url="http://collector.test",
                        raise_server_exceptions=False)
    person = {"name": "Hoàng Văn Em", "phone": "0911 222 333", "unit": "Phường 1",
              "email": "em@example.vn", "address": "Số 1 đường Lê Lợi", "birth_year": "1990",
              "prediction": "5000"}
    person = {k: v for k, v in person.items() if k in contest.participant or
              (k == "prediction" and contest.predict_participants)}
    data = client.post(f"/contests/{contest.key}/attempts", json=person, headers=JSON).json()
    assert len(data["questions"]) == contest.questions
    pool = {d.ref: d.question for d in settings.pools[contest.key]}
    for question in data["questions"]:
        hidden = pool[question["id"]]
        assert hidden.explanation and hidden.explanation not in json.dumps(
            data, ensure_ascii=False)
    given = {q["id"]: _right(pool[q["id"]]) for q in data["questions"]}
    graded = client.post(f"/{data['submit']}", json={"answers": given}, headers=JSON).json()
    assert (graded["score"], graded["out_of"]) == (contest.questions, contest.questions)
    assert ("certificate" in graded) == (contest.certificate_score is not None)


def test_no_reply_ever_carries_a_contact_detail(make_contest_client, engine, clock) -> None:
    client = make_contest_client(contest_burst=5)
    other = make_contest_client(client=("192.0.2.8", 50000))
    replies = [register(client)]
    data = replies[0].json()
    refs = [q["id"] for q in data["questions"]]
    replies += [register(client), register(client, phone="123"),
                register(client, name="Nguyễn Văn An", phone="0912345678", score="8"),
                client.post(REGISTER, data={**PERSON, "phone": "0912345678"}),
                register(client)]  # over the burst: 429
    clock.advance(minutes=16)
    replies += [
        other.post(f"/{data['submit']}", json={"answers": answers(refs)}, headers=JSON),
        other.post(f"/{data['submit']}", data={"thi-lao-dong/x": "0912345678"}),
        other.post(f"/contests/{CONTEST.key}/attempts/x", data={"score": "0912345678"}),
    ]
    assert [r.status_code for r in replies] == [201, 409, 400, 400, 409, 429, 403, 403, 404]
    for reply in replies:
        no_contact(reply.text)
        no_contact(json.dumps(dict(reply.headers)))


def test_migration_0002_upgrades_a_database_with_data(db_url) -> None:
    from alembic import command
    from alembic.config import Config

    engine = storage.engine_for(db_url)
    try:
        config = Config()
        config.set_main_option("script_location", str(storage.MIGRATIONS))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
        assert not sa.inspect(engine).has_table("contest_attempts")
        storage.store(engine, "question", {"question": "Hỏi trước khi có cuộc thi?",
                                           "field": None, "contact": None, "page": None})
        storage.migrate(engine)
        assert [r["question"] for r in storage.records(engine, "question")] == [
            "Hỏi trước khi có cuộc thi?"]
        assert attempts(engine) == []
        assert re.fullmatch(r"[0-9a-f]{64}", storage.contest_salt(engine))
    finally:
        engine.dispose()
