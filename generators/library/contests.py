"""`quizzes/contests/*.yml`: online contests (interaction-format.md, "Contests"), checked at
their lines against the banks they draw from."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generators.errors import Problems
from generators.library.contest_pool import pool, shortfall
from generators.library.data import keyed_yaml_files
from generators.library.model import (
    LEVELS,
    NAME_STYLES,
    PARTICIPANT_FIELDS,
    RANKING_KEYS,
    Contest,
    Library,
)
from generators.library.quizzes import QUIZZES
from generators.library.schema import Key, check_mapping
from generators.library.yamlio import YamlDoc

CONTESTS = f"{QUIZZES}/contests"
VIETNAM = timezone(timedelta(hours=7), "UTC+7")
"""A contest time written without a zone is Việt Nam time."""
MAX_QUESTIONS = 200
MAX_MINUTES = 300
MAX_ATTEMPTS = 100
MAX_GRACE = 600
TIME_HINT = "viết ngày và giờ, ví dụ 2026-12-01T08:00:00+07:00 (không ghi múi giờ: giờ Việt Nam)"

_HEAD = {"title": Key(str, required=True, max_len=200), "description": Key(str, max_len=5000),
         "opens": Key(object, required=True), "closes": Key(object, required=True),
         "banks": Key(object, required=True), "questions": Key(object, required=True),
         "draw": Key(object), "minutes": Key(object, required=True), "attempts": Key(object),
         "participant": Key(object), "predict_participants": Key(bool),
         "ranking": Key(object), "names": Key(str), "certificate_score": Key(object),
         "grace_seconds": Key(object)}


def load_contests(root: Path, library: Library, broken_banks: Collection[str],
                  problems: Problems) -> dict[str, Contest]:
    """Every valid contest by name, each problem at its line. `library` has its banks;
    `broken_banks` were written but did not load whole (their own errors say why)."""
    out: dict[str, Contest] = {}
    for key, rel, doc in keyed_yaml_files(root, root / CONTESTS, problems, "cuộc thi",
                                          "đặt tên tệp bằng chữ thường không dấu, số và "
                                          "dấu gạch ngang"):
        contest = _Reader(rel, doc, library, broken_banks, problems).contest(key)
        if contest is not None:
            out[contest.key] = contest
    return out


class _Reader:
    def __init__(self, rel: str, doc: YamlDoc, library: Library, broken: Collection[str],
                 problems: Problems) -> None:
        self.rel, self.doc, self.library, self.broken = rel, doc, library, broken
        self.problems = problems

    def error(self, at: tuple[Any, ...], message: str, hint: str = "") -> None:
        self.problems.error(self.rel, self.doc.line(*at), message, hint)

    def contest(self, key: str) -> Contest | None:
        head = check_mapping(self.doc, (), self.doc.data, _HEAD, self.rel, self.problems,
                             "cuộc thi")
        if head is None:
            return None
        data = self.doc.data
        opens, closes = self.moment("opens", head["opens"]), self.moment("closes", head["closes"])
        if opens is not None and closes is not None and closes <= opens:
            self.error(("closes",), "'closes' không sau 'opens'", "cuộc thi phải mở trước khi đóng")
            closes = None
        banks = self.banks(head["banks"])
        questions = self.whole("questions", head["questions"], 1, MAX_QUESTIONS)
        minutes = self.whole("minutes", head["minutes"], 1, MAX_MINUTES)
        attempts = self.whole("attempts", data.get("attempts", 1), 1, MAX_ATTEMPTS)
        grace = self.whole("grace_seconds", data.get("grace_seconds", 30), 0, MAX_GRACE)
        draw = self.draw(data.get("draw"), questions)
        predict = bool(head.get("predict_participants", False))
        participant = self.keys("participant", data.get("participant", ["name", "phone"]),
                                PARTICIPANT_FIELDS)
        if participant is not None and "phone" not in participant:
            self.error(("participant",), "'participant' phải có 'phone'",
                       "mỗi người chỉ được thi số lần cho phép, nhận biết qua số điện thoại")
            participant = None
        ranking = self.keys("ranking", data.get("ranking", ["score", "seconds"]), RANKING_KEYS)
        if ranking is not None and "prediction" in ranking and not predict:
            self.error(("ranking", ranking.index("prediction")),
                       "xếp hạng theo 'prediction' cần predict_participants: true",
                       "thêm predict_participants: true, hoặc bỏ 'prediction' khỏi ranking")
            ranking = None
        names = head.get("names", "initials")
        if names not in NAME_STYLES:
            self.error(("names",), f"'names: {names}' không có",
                       "dùng một trong: " + ", ".join(NAME_STYLES))
            names = None
        certificate = self.certificate(data.get("certificate_score"), questions)
        values = (opens, closes, banks, questions, minutes, attempts, grace, draw, participant,
                  ranking, names, certificate)
        if any(v is None for v in values):
            return None
        assert opens and closes and banks and questions and minutes and attempts and names
        assert grace is not None and participant and ranking
        contest = Contest(
            key=key, path=self.rel, title=head["title"], opens=opens, closes=closes,
            banks=banks, questions=questions, minutes=minutes,
            draw=None if not isinstance(draw, dict) else MappingProxyType(draw),
            attempts=attempts, participant=participant, predict_participants=predict,
            ranking=ranking, description=head.get("description") or "", names=names,
            certificate_score=certificate if isinstance(certificate, float) else None,
            grace_seconds=grace)
        if any(b in self.broken for b in banks):
            return contest
        problem = shortfall(contest, pool(contest, self.library))
        if problem:
            self.error(("draw",) if contest.draw is not None else ("questions",),
                       f"các ngân hàng không đủ câu hỏi cho một lượt thi: {problem}",
                       "thêm câu hỏi vào ngân hàng, hoặc rút ít câu hơn (câu hỏi có căn cứ đã "
                       "hết hiệu lực không được rút)")
            return None
        return contest

    def moment(self, name: str, raw: Any) -> datetime | None:
        """A timezone-aware datetime; without a zone, Việt Nam time."""
        value: Any = raw
        if isinstance(raw, str):
            try:
                value = datetime.fromisoformat(raw.strip())
            except ValueError:
                value = None
        if not isinstance(value, datetime):
            if isinstance(raw, date):
                self.error((name,), f"'{name}' chỉ có ngày, thiếu giờ", TIME_HINT)
            else:
                self.error((name,), f"'{name}' phải là ngày và giờ, không phải '{raw}'", TIME_HINT)
            return None
        return value if value.tzinfo is not None else value.replace(tzinfo=VIETNAM)

    def banks(self, raw: Any) -> tuple[str, ...] | None:
        names = [raw] if isinstance(raw, str) else raw
        if not isinstance(names, list) or not names:
            self.error(("banks",), "'banks' phải là danh sách ngân hàng câu hỏi",
                       "viết banks: [ten-ngan-hang] (tên tệp trong quizzes/, không có .yml)")
            return None
        out: list[str] = []
        for index, name in enumerate(names):
            at = ("banks", index) if isinstance(raw, list) else ("banks",)
            if not isinstance(name, str):
                self.error(at, f"tên ngân hàng phải là chữ, không phải '{name}'")
                return None
            if name in out:
                self.error(at, f"ngân hàng '{name}' được ghi hai lần")
                return None
            bank = self.library.quizzes.get(name)
            if bank is None and name not in self.broken:
                known = sorted(self.library.quizzes)[:8]
                self.error(at, f"không có ngân hàng câu hỏi '{name}' (quizzes/{name}.yml)",
                           "dùng một trong: " + ", ".join(known) if known else
                           f"tạo tệp quizzes/{name}.yml")
                return None
            if bank is not None and not bank.questions and name not in self.broken:
                self.error(at, f"ngân hàng '{name}' không có câu hỏi nào")
                return None
            if bank is not None and bank.explainers:
                self.problems.warning(
                    self.rel, self.doc.line(*at),
                    f"ngân hàng '{name}' dùng cho cuộc thi nên không được đăng làm bài luyện tập "
                    f"ở cuối các bài {', '.join(bank.explainers)}",
                    f"bỏ 'explainers:' khỏi {bank.path}: đáp án cuộc thi không bao giờ lên trang")
            out.append(name)
        return tuple(out)

    def whole(self, name: str, raw: Any, low: int, high: int) -> int | None:
        if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
            self.error((name,), f"'{name}' phải là số nguyên từ {low} đến {high}, không phải "
                       f"'{raw}'", f"viết {name}: {max(low, 1)} (không có dấu ngoặc kép)")
            return None
        return raw

    def draw(self, raw: Any, questions: int | None) -> dict[int, int] | bool | None:
        """Level → count; True when absent (draw from every level), None after an error."""
        if raw is None:
            return True
        if not isinstance(raw, dict) or not raw:
            self.error(("draw",), "'draw' phải là bảng mức độ: số câu",
                       "viết draw: {1: 4, 2: 4, 3: 2}")
            return None
        out: dict[int, int] = {}
        for level, count in raw.items():
            if isinstance(level, bool) or level not in LEVELS:
                self.error(("draw", level), f"'draw': mức '{level}' không có",
                           "các mức là 1 (dễ), 2 (trung bình), 3 (khó)")
                return None
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                self.error(("draw", level), f"'draw': số câu mức {level} phải là số nguyên "
                           f"không âm, không phải '{count}'")
                return None
            out[level] = count
        if questions is not None and sum(out.values()) != questions:
            self.error(("draw",), f"'draw' cộng lại được {sum(out.values())} câu, "
                       f"nhưng 'questions' là {questions}",
                       "số câu các mức phải cộng lại bằng questions")
            return None
        return {level: count for level, count in sorted(out.items()) if count}

    def keys(self, name: str, raw: Any, allowed: tuple[str, ...]) -> tuple[str, ...] | None:
        if not isinstance(raw, list) or not raw:
            self.error((name,), f"'{name}' phải là một danh sách",
                       f"viết {name}: [{', '.join(allowed[:2])}]")
            return None
        out: list[str] = []
        for index, value in enumerate(raw):
            if value not in allowed:
                self.error((name, index), f"'{name}': '{value}' không có",
                           "dùng một trong: " + ", ".join(allowed))
                return None
            if value in out:
                self.error((name, index), f"'{name}': '{value}' được ghi hai lần")
                return None
            out.append(value)
        return tuple(out)

    def certificate(self, raw: Any, questions: int | None) -> float | bool | None:
        """The score that earns a certificate; True when absent, None after an error."""
        if raw is None:
            return True
        top = questions if questions is not None else MAX_QUESTIONS
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 <= raw <= top:
            self.error(("certificate_score",), f"'certificate_score' phải là số từ 0 đến {top} "
                       f"(số câu mỗi lượt), không phải '{raw}'", "viết certificate_score: 8")
            return None
        return float(raw)
