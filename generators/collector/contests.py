"""Contests on the collector (interaction-format.md, "Contests"): a participant registers, the
service draws the attempt's questions from a seed and sends them without answers, times the
attempt by its own clock, grades the submission once and answers with the score and the time.

What a participant may send, checked here: the contest's participant fields and prediction
(registration), then the responses keyed by ref (submission). Every refusal is a `Refusal`
(status, Vietnamese message) or a `forms.FormError` (400, per field); the HTTP layer is
`app.py`, the pages `contest_pages.py`, the tables `storage.py`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from generators.collector import forms, storage
from generators.collector.api import (
    ADDRESS_MAX,
    ADDRESS_MIN,
    BIRTH_YEAR_MIN,
    EMAIL_MAX,
    NAME_MAX,
    NAME_MIN,
    PREDICTION_MAX,
    UNIT_MAX,
    UNIT_MIN,
    YOUNGEST,
)
from generators.collector.settings import VIETNAM, Settings
from generators.library.contest_pool import shortfall
from generators.library.model import Contest, QuizQuestion
from generators.quiz.draw import draw, sent
from generators.quiz.grading import grade

log = logging.getLogger("tusach.collector")

RESPONSE_MAX = 1000
"""The longest text a response may hold (a fill-in answer, a choice's text)."""
LIST_MAX = 50
LABELS = {"name": "Họ và tên", "phone": "Số điện thoại", "email": "Thư điện tử",
          "unit": "Đơn vị / xã", "address": "Địa chỉ", "birth_year": "Năm sinh",
          "prediction": "Dự đoán số người tham gia", "body": "Nội dung gửi"}
SERVER_SIDE = frozenset({"score", "seconds", "out_of", "certificate", "submitted", "started",
                         "deadline", "late", "participant", "participant_key", "questions",
                         "seed", "number", "contest", "attempt", "responses", "correct"})
"""What the server alone decides: a request naming one is forged (400)."""
TRUE_FALSE = {"true": True, "false": False, "dung": True, "sai": False}
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Certificate codes: no 0/O, 1/I, read aloud and typed without confusion."""
CODE_LENGTH = 10

_PHONE_NOISE = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"0[1-9]\d{8,9}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")
_INDEXED = re.compile(r"(.+):(\d{1,3})")


@dataclass
class Refusal(Exception):
    """A request the contest refuses: its HTTP status and the message for the participant."""

    status: int
    message: str
    errors: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Started:
    """A registered attempt, as the participant receives it (no contact detail, no answer)."""

    contest: Contest
    attempt: str
    number: int
    started: datetime
    deadline: datetime
    questions: list[dict[str, Any]]

    @property
    def seconds(self) -> int:
        return round((self.deadline - self.started).total_seconds())


@dataclass(frozen=True)
class Graded:
    """A submitted attempt's result: score, out of, seconds (never which were right)."""

    contest: Contest
    attempt: str
    score: int
    out_of: int
    seconds: float
    certificate: str | None
    """The code, when the score reaches the contest's certificate_score."""


# ---- what a participant writes ---------------------------------------------------------------

def phone_number(text: str) -> str | None:
    """A Vietnamese phone number in its national form (`0` and 9 or 10 digits), from any
    usual writing: +84 / 84 / 0084 / (+84) or 0 first, spaces, dots, dashes; else None."""
    digits = _PHONE_NOISE.sub("", text)
    for prefix in ("+84", "0084", "84"):
        if digits.startswith(prefix) and len(digits) - len(prefix) in (9, 10):
            digits = "0" + digits[len(prefix):]
            break
    return digits if _PHONE.fullmatch(digits) else None


def _text(value: str, low: int, high: int, what: str) -> str | None:
    if not value:
        return f"Hãy điền {what}."
    if len(value) < low:
        return f"{what[0].upper()}{what[1:]} cần ít nhất {low} ký tự."
    if len(value) > high:
        return f"{what[0].upper()}{what[1:]} dài quá {high} ký tự (đang có {len(value)})."
    return None


def registration(fields: forms.Fields, contest: Contest, now: datetime
                 ) -> tuple[dict[str, Any], int | None, str]:
    """(participant as stored, prediction, identity) from a registration's fields; the
    identity is what the one-attempt rule counts by (the phone in its national form, else
    the e-mail, else the name with the other fields). Raises `forms.FormError`."""
    errors: dict[str, str] = {}
    allowed = {*contest.participant, *forms.COMMON}
    if contest.predict_participants:
        allowed.add("prediction")
    for name in fields:
        if name not in allowed:
            errors[name] = ("Điểm, thời gian và kết quả do máy chủ tính, không được gửi."
                            if name in SERVER_SIDE else "Cuộc thi không hỏi mục này.")
    participant: dict[str, Any] = {}
    for name in contest.participant:
        value = forms.one(fields, name, errors)
        if name in errors:
            continue
        problem: str | None = None
        if name == "name":
            problem = _text(value, NAME_MIN, NAME_MAX, "họ và tên")
        elif name == "phone":
            number = phone_number(value) if value else None
            if not value:
                problem = "Hãy điền số điện thoại."
            elif number is None:
                problem = ("Số điện thoại chưa đúng: viết 10 chữ số bắt đầu bằng 0 "
                           "(hoặc +84), ví dụ 0901 234 567.")
            value = number or value
        elif name == "email":
            if not value:
                problem = "Hãy điền thư điện tử."
            elif len(value) > EMAIL_MAX or not _EMAIL.fullmatch(value):
                problem = "Thư điện tử chưa đúng, ví dụ ten@example.vn."
        elif name == "unit":
            problem = _text(value, UNIT_MIN, UNIT_MAX, "đơn vị / xã")
        elif name == "address":
            problem = _text(value, ADDRESS_MIN, ADDRESS_MAX, "địa chỉ")
        elif name == "birth_year":
            high = now.astimezone(VIETNAM).year - YOUNGEST
            if not re.fullmatch(r"\d{4}", value) or not BIRTH_YEAR_MIN <= int(value) <= high:
                problem = f"Hãy điền năm sinh từ {BIRTH_YEAR_MIN} đến {high}."
            else:
                participant[name] = int(value)
                continue
        if problem:
            errors[name] = problem
        else:
            participant[name] = value
    prediction: int | None = None
    if contest.predict_participants:
        guess = forms.one(fields, "prediction", errors).replace(".", "").replace(" ", "")
        if "prediction" in errors:
            pass
        elif not guess:
            errors["prediction"] = "Hãy dự đoán số người tham gia cuộc thi."
        elif not guess.isdigit() or int(guess) > PREDICTION_MAX:
            most = f"{PREDICTION_MAX:,}".replace(",", ".")
            errors["prediction"] = ("Dự đoán là một số nguyên không âm, ví dụ 10000 "
                                    f"(tối đa {most}).")
        else:
            prediction = int(guess)
    if errors:
        raise forms.FormError(errors, {k: LABELS.get(k, k) for k in errors})
    return participant, prediction, identity(participant)


def identity(participant: Mapping[str, Any]) -> str:
    """What makes two registrations the same person's."""
    if participant.get("phone"):
        return f"phone:{participant['phone']}"
    if participant.get("email"):
        return f"email:{str(participant['email']).casefold()}"
    return "who:" + "\n".join(forms.clean_text(str(participant.get(k, ""))).casefold()
                              for k in ("name", "unit", "address", "birth_year"))


def participant_key(salt: str, contest: str, who: str) -> str:
    """The salted hash the one-attempt rule counts by; per contest, so that two contests'
    lists cannot be joined."""
    return hmac.new(salt.encode(), f"{contest}\n{who}".encode(), hashlib.sha256).hexdigest()


# ---- what a submission says --------------------------------------------------------------

def _shape_ok(value: Any) -> bool:
    if value is None or isinstance(value, bool | int | float):
        return True
    if isinstance(value, str):
        return len(value) <= RESPONSE_MAX
    if isinstance(value, list):
        return len(value) <= LIST_MAX and all(isinstance(v, str) and len(v) <= RESPONSE_MAX
                                              for v in value)
    if isinstance(value, dict):
        return len(value) <= LIST_MAX and all(
            isinstance(v, str) and len(k) <= RESPONSE_MAX and len(v) <= RESPONSE_MAX
            for k, v in value.items())
    return False


def _forged(names: list[str]) -> Refusal:
    shown = ", ".join(f"“{n}”" for n in names)
    return Refusal(400, f"Bài nộp chỉ được chứa câu trả lời; không nhận {shown}: điểm và "
                        "thời gian do máy chủ tính.", {n: "Không được gửi mục này." for n in names})


def _not_drawn(refs: list[str]) -> Refusal:
    return Refusal(422, "Bài nộp có câu trả lời cho câu hỏi không có trong lượt thi của bạn.",
                   {r: "Câu hỏi này không có trong lượt thi của bạn." for r in refs})


def responses(body: bytes, content_type: str | None,
              drawn: Mapping[str, QuizQuestion]) -> dict[str, Any]:
    """Ref → response of a submission, for the drawn questions it answers.

    JSON: `{"answers": {ref: response}}` (grading.Response shapes). A form: a field named by
    the ref (single, true_false as `true`/`false`, fill, numeric), repeated for multiple;
    order as `<ref>:<position>` = the item at that position (1 first), match as
    `<ref>:<n>` = the right-hand side chosen for the n-th left-hand item (1 first)."""
    if forms.media_type(content_type) == forms.JSON:
        return _json_responses(body, drawn)
    try:
        fields = forms.parse_body(body, content_type)
    except forms.BodyError as exc:
        raise Refusal(400, f"Nội dung gửi không đúng định dạng ({exc}).") from None
    forged = [n for n in fields if n in SERVER_SIDE]
    if forged:
        raise _forged(forged)
    out: dict[str, Any] = {}
    indexed: dict[str, dict[int, str]] = {}
    strange: list[str] = []
    errors: dict[str, str] = {}
    for name, values in fields.items():
        if name in forms.COMMON:
            continue
        values = [forms.clean_text(v) for v in values]
        if any(len(v) > RESPONSE_MAX for v in values):
            errors[name] = f"Câu trả lời dài quá {RESPONSE_MAX} ký tự."
            continue
        values = [v for v in values if v]
        question = drawn.get(name)
        match = _INDEXED.fullmatch(name)
        if question is None and match and (base := drawn.get(match[1])) is not None and \
                base.type in ("order", "match"):
            size = len(base.items) if base.type == "order" else len(base.pairs)
            place = int(match[2])
            if not 1 <= place <= size or len(values) > 1:
                errors[name] = "Vị trí này không có trong câu hỏi."
            elif values:
                indexed.setdefault(match[1], {})[place] = values[0]
            continue
        if question is None:
            strange.append(name)
            continue
        if question.type in ("order", "match"):
            errors[name] = f"Gửi câu này theo từng vị trí: {name}:1, {name}:2 …"
            continue
        if not values:
            continue
        if question.type == "multiple":
            out[name] = values
        elif len(values) > 1:
            errors[name] = "Câu hỏi này chỉ nhận một câu trả lời."
        elif question.type == "true_false":
            if values[0].casefold() not in TRUE_FALSE:
                errors[name] = "Hãy chọn Đúng hoặc Sai."
            else:
                out[name] = TRUE_FALSE[values[0].casefold()]
        else:
            out[name] = values[0]
    if strange:
        raise _not_drawn(strange)
    if errors:
        raise Refusal(400, "Có câu trả lời không đúng dạng.", errors)
    for ref, places in indexed.items():
        question = drawn[ref]
        if question.type == "order":
            out[ref] = [places.get(p, "") for p in range(1, len(question.items) + 1)]
        else:
            out[ref] = {question.pairs[p - 1][0]: value for p, value in sorted(places.items())}
    return out


def _json_responses(body: bytes, drawn: Mapping[str, QuizQuestion]) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8")) if body.strip() else {}
    except (UnicodeDecodeError, ValueError):
        raise Refusal(400, "Nội dung gửi không đúng định dạng (JSON hỏng).") from None
    if not isinstance(data, dict):
        raise Refusal(400, "Nội dung gửi phải là một đối tượng JSON {\"answers\": {…}}.")
    forged = [k for k in data if k not in ("answers", *forms.COMMON)]
    if forged:
        raise _forged(forged)
    answers = data.get("answers", {})
    if not isinstance(answers, dict):
        raise Refusal(400, "“answers” phải là một đối tượng: mã câu hỏi → câu trả lời.")
    strange = [ref for ref in answers if ref not in drawn]
    if strange:
        raise _not_drawn(strange)
    wrong = {ref: "Câu trả lời không đúng dạng." for ref, value in answers.items()
             if not _shape_ok(value)}
    if wrong:
        raise Refusal(400, "Có câu trả lời không đúng dạng.", wrong)
    return {ref: value for ref, value in answers.items() if value is not None}


def score(refs: list[str], given: Mapping[str, Any],
          questions: Mapping[str, QuizQuestion | None]) -> int:
    """How many of `refs` `given` answers rightly (unanswered, or a question no longer in
    the library, counts as wrong)."""
    total = 0
    for ref in refs:
        question = questions.get(ref)
        if question is None:
            log.warning("contest question %s is not in the library any more: counted wrong", ref)
            continue
        total += ref in given and grade(question, given[ref])
    return total


# ---- the flow ----------------------------------------------------------------------------

def when(moment: datetime) -> str:
    """A moment as Vietnamese readers write it, in Việt Nam's time: `08:00 ngày 01/12/2026`."""
    local = moment.astimezone(VIETNAM)
    return f"{local:%H:%M} ngày {local:%d/%m/%Y}"


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Desk:
    """The contests of one service: registration and submission, each a few statements."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._salt: str | None = None
        self._shortfall: dict[str, str | None] = {}
        self._questions = {f"{key}/{q.id}": q for key, bank in settings.quizzes.items()
                           for q in bank.questions}
        self._lock = threading.Lock()

    def contest(self, key: str) -> Contest:
        found = self.settings.contests.get(key)
        if found is None:
            raise Refusal(404, "Không có cuộc thi này.")
        return found

    def salt(self) -> str:
        with self._lock:
            if self._salt is None:
                self._salt = storage.contest_salt(self.settings.engine)
            return self._salt

    def question(self, ref: str) -> QuizQuestion | None:
        return self._questions.get(ref)

    def register(self, key: str, fields: forms.Fields) -> Started:
        """Check, draw and store a new attempt (runs in a worker thread)."""
        contest = self.contest(key)
        now = self.settings.clock()
        if now < contest.opens:
            raise Refusal(403, f"Cuộc thi “{contest.title}” bắt đầu nhận bài từ "
                               f"{when(contest.opens)}.")
        if now > contest.closes:
            raise Refusal(403, f"Cuộc thi “{contest.title}” đã kết thúc lúc "
                               f"{when(contest.closes)}.")
        participant, prediction, who = registration(fields, contest, now)
        pool = self.settings.pools.get(key, ())
        if key not in self._shortfall:  # the pool is fixed while the service runs
            self._shortfall[key] = shortfall(contest, pool)
        problem = self._shortfall[key]
        if problem:
            log.error("contest %s cannot draw an attempt: %s", key, problem)
            raise Refusal(503, "Cuộc thi chưa đủ câu hỏi để ra đề. Vui lòng báo ban tổ chức.")
        seed = secrets.token_hex(16)
        drawn = draw(contest, pool, seed)
        attempt = secrets.token_urlsafe(24)
        # An attempt ends at its time limit, or when the contest closes if that is sooner:
        # the key is published after closing.
        deadline = min(now + timedelta(minutes=contest.minutes), contest.closes)
        values = {"attempt": attempt, "contest": key,
                  "participant_key": participant_key(self.salt(), key, who),
                  "participant": participant, "prediction": prediction, "seed": seed,
                  "questions": [d.ref for d in drawn], "out_of": len(drawn),
                  "started": now.astimezone(UTC), "deadline": deadline.astimezone(UTC)}
        try:
            number = storage.start_attempt(self.settings.engine, values, contest.attempts)
        except storage.AttemptsUsed:
            times = "một lần" if contest.attempts == 1 else f"{contest.attempts} lần"
            raise Refusal(409, f"Mỗi người chỉ được dự thi “{contest.title}” {times}; số "
                               "điện thoại này đã dự thi đủ số lần.") from None
        return Started(contest, attempt, number, now, deadline, sent(drawn, seed))

    def submit(self, key: str, attempt: str, body: bytes, content_type: str | None) -> Graded:
        """Check and grade a submission, at most once (runs in a worker thread)."""
        contest = self.contest(key)
        row = storage.find_attempt(self.settings.engine, attempt) if len(attempt) <= 64 \
            else None
        if row is None or row["contest"] != key:
            raise Refusal(404, "Không có lượt thi này. Hãy mở bài thi từ trang đăng ký.")
        if row["submitted"] is not None:
            raise Refusal(409, "Bài thi này đã được nộp; mỗi lượt thi chỉ nộp một lần.")
        if row["late"] is not None:
            raise Refusal(403, self._late_message(row))
        refs = list(row["questions"])
        drawn = {ref: q for ref in refs if (q := self.question(ref)) is not None}
        drawn_refs = {ref: drawn.get(ref) for ref in refs}
        given = responses(body, content_type, drawn)
        now = self.settings.clock()
        started, deadline = _aware(row["started"]), _aware(row["deadline"])
        if now > deadline + timedelta(seconds=contest.grace_seconds):
            storage.mark_late(self.settings.engine, attempt, now.astimezone(UTC))
            raise Refusal(403, self._late_message(row))
        right = score(refs, given, drawn_refs)
        seconds = round((now - started).total_seconds(), 3)
        for _ in range(5):
            code = new_code()
            try:
                done = storage.grade_attempt(self.settings.engine, attempt, {
                    "responses": given, "score": right, "seconds": seconds,
                    "submitted": now.astimezone(UTC), "certificate": code})
            except sa.exc.IntegrityError:
                continue  # the code was taken (one chance in 10^15): draw another
            if not done:
                raise Refusal(409, "Bài thi này đã được nộp; mỗi lượt thi chỉ nộp một lần.")
            certified = contest.certificate_score is not None and \
                right >= contest.certificate_score
            return Graded(contest, attempt, right, int(row["out_of"]), seconds,
                          code if certified else None)
        raise RuntimeError("no free certificate code")

    def _late_message(self, row: Mapping[str, Any]) -> str:
        return (f"Đã quá giờ nộp bài ({when(_aware(row['deadline']))}): bài nộp muộn không "
                "được chấm.")

