"""quizzes/contests/*.yml: contests (interaction-format.md, "Contests") checked at their lines
against the banks they draw from, and the starter contest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from generators.library import load_library, read_library
from generators.quiz.draw import draw, pool
from tests.conftest import ROOT, TODAY, LibraryMaker
from tests.library.test_quizzes import GOOD as BANK

# Levels in BANK: 1 → so-loai, loi-noi, thu-viec, bao-truoc; 2 → cam, toi-da; 3 → boi-thuong.
POOL_BANK = BANK.replace("explainers: [thu-viec]\n", "")
CONTEST = """\
title: Thi tìm hiểu pháp luật lao động
opens: 2026-12-01T08:00:00+07:00
closes: 2026-12-10T17:00:00+07:00
banks: [b]
questions: 4
draw: {1: 2, 2: 1, 3: 1}
minutes: 15
attempts: 1
participant: [name, phone, unit]
predict_participants: true
ranking: [score, seconds, prediction]
description: Mỗi người thi một lần.
names: full
certificate_score: 3
grace_seconds: 20
"""
PATH = "quizzes/contests/c.yml"


def _library(tmp_library: LibraryMaker, contest: str = CONTEST, bank: str = POOL_BANK,
             **more: str) -> Path:
    return tmp_library({"quizzes/b.yml": bank, PATH: contest,
                        **{f"quizzes/{k}.yml": v for k, v in more.items()}})


def _contest_problems(tmp_library: LibraryMaker, contest: str, bank: str = POOL_BANK,
                      ) -> list[str]:
    _, problems = read_library(_library(tmp_library, contest, bank), TODAY)
    return [p.format() for p in problems.items if p.path.startswith("quizzes/")]


def test_a_contest_loads(tmp_library: LibraryMaker) -> None:
    library, problems = load_library(_library(tmp_library), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    assert [p for p in problems.items if p.path.startswith("quizzes/")] == []
    contest = library.contests["c"]
    assert (contest.key, contest.path, contest.title, contest.banks) == (
        "c", PATH, "Thi tìm hiểu pháp luật lao động", ("b",))
    assert contest.opens == datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    assert contest.closes == datetime(2026, 12, 10, 10, 0, tzinfo=UTC)
    assert (contest.questions, dict(contest.draw or {}), contest.minutes, contest.attempts) == (
        4, {1: 2, 2: 1, 3: 1}, 15, 1)
    assert (contest.participant, contest.predict_participants, contest.ranking) == (
        ("name", "phone", "unit"), True, ("score", "seconds", "prediction"))
    assert (contest.description, contest.names, contest.certificate_score,
            contest.grace_seconds) == ("Mỗi người thi một lần.", "full", 3.0, 20)
    assert library.contest_banks == {"b"} and library.practice == ()
    drawn = draw(contest, pool(contest, library), "seed")
    assert sorted(d.question.level for d in drawn) == [1, 1, 2, 3]


def test_defaults(tmp_library: LibraryMaker) -> None:
    text = "".join(line + "\n" for line in CONTEST.splitlines() if not line.startswith(
        ("draw", "attempts", "participant", "predict", "ranking", "description", "names",
         "certificate", "grace")))
    library, problems = load_library(_library(tmp_library, text), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    contest = library.contests["c"]
    assert (contest.draw, contest.attempts, contest.participant, contest.predict_participants,
            contest.ranking, contest.names, contest.certificate_score,
            contest.grace_seconds) == (None, 1, ("name", "phone"), False, ("score", "seconds"),
                                       "initials", None, 30)


@pytest.mark.parametrize(("opens", "expected"), [
    ("2026-12-01T08:00:00+07:00", datetime(2026, 12, 1, 1, 0, tzinfo=UTC)),
    ("2026-12-01 08:00:00", datetime(2026, 12, 1, 1, 0, tzinfo=UTC)),  # no zone: Việt Nam
    ("2026-12-01T08:00:00", datetime(2026, 12, 1, 1, 0, tzinfo=UTC)),
    ("2026-12-01T08:00:00Z", datetime(2026, 12, 1, 8, 0, tzinfo=UTC)),
    ("'2026-12-01 08:00'", datetime(2026, 12, 1, 1, 0, tzinfo=UTC)),  # text, still a time
])
def test_times_are_aware_and_default_to_vietnam(tmp_library: LibraryMaker, opens: str,
                                                expected: datetime) -> None:
    text = CONTEST.replace("opens: 2026-12-01T08:00:00+07:00", f"opens: {opens}")
    library, problems = load_library(_library(tmp_library, text), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    moment = library.contests["c"].opens
    assert moment.tzinfo is not None and moment.utcoffset() is not None
    assert moment == expected
    assert library.contests["c"].is_open(expected + timedelta(seconds=1))
    assert not library.contests["c"].is_open(expected - timedelta(seconds=1))


ERRORS = [
    ("opens: 2026-12-01T08:00:00+07:00", "opens: 2026-12-01", 2,
     "'opens' chỉ có ngày, thiếu giờ — gợi ý: viết ngày và giờ, ví dụ "
     "2026-12-01T08:00:00+07:00 (không ghi múi giờ: giờ Việt Nam)"),
    ("opens: 2026-12-01T08:00:00+07:00", "opens: sáng mai", 2,
     "'opens' phải là ngày và giờ, không phải 'sáng mai'"),
    ("closes: 2026-12-10T17:00:00+07:00", "closes: 2026-12-01T08:00:00+07:00", 3,
     "'closes' không sau 'opens'"),
    ("closes: 2026-12-10T17:00:00+07:00", "closes: 2026-12-01T07:00:00+07:00", 3,
     "'closes' không sau 'opens'"),
    ("banks: [b]", "banks: [b, khong-co]", 4, "không có ngân hàng câu hỏi 'khong-co'"),
    ("banks: [b]", "banks: [b, b]", 4, "ngân hàng 'b' được ghi hai lần"),
    ("banks: [b]", "banks: []", 4, "cuộc thi: để trống khóa bắt buộc 'banks'"),
    ("questions: 4", "questions: 0", 5, "'questions' phải là số nguyên từ 1 đến 200"),
    ("questions: 4", 'questions: "4"', 5, "'questions' phải là số nguyên từ 1 đến 200"),
    ("draw: {1: 2, 2: 1, 3: 1}", "draw: {1: 2, 2: 1, 3: 2}", 6,
     "'draw' cộng lại được 5 câu, nhưng 'questions' là 4"),
    ("draw: {1: 2, 2: 1, 3: 1}", "draw: {1: 2, 2: 1, 4: 1}", 6, "'draw': mức '4' không có"),
    ("draw: {1: 2, 2: 1, 3: 1}", "draw: {1: 5, 2: -1}", 6,
     "'draw': số câu mức 2 phải là số nguyên không âm"),
    ("draw: {1: 2, 2: 1, 3: 1}", "draw: 4", 6, "'draw' phải là bảng mức độ: số câu"),
    # The pool cannot fill an attempt.
    ("draw: {1: 2, 2: 1, 3: 1}", "draw: {1: 1, 2: 1, 3: 2}", 6,
     "các ngân hàng không đủ câu hỏi cho một lượt thi: cần 2 câu hỏi mức 3, ngân hàng chỉ có 1"),
    ("questions: 4\ndraw: {1: 2, 2: 1, 3: 1}\n", "questions: 8\n", 5,
     "các ngân hàng không đủ câu hỏi cho một lượt thi: cần 8 câu hỏi, ngân hàng chỉ có 7"),
    ("minutes: 15", "minutes: 0", 7, "'minutes' phải là số nguyên từ 1 đến 300"),
    ("minutes: 15", "minutes: 301", 7, "'minutes' phải là số nguyên từ 1 đến 300"),
    ("attempts: 1", "attempts: 0", 8, "'attempts' phải là số nguyên từ 1 đến 100"),
    ("participant: [name, phone, unit]", "participant: [name, phone, cmnd]", 9,
     "'participant': 'cmnd' không có — gợi ý: dùng một trong: name, phone, email, unit, "
     "address, birth_year"),
    ("participant: [name, phone, unit]", "participant: [name, phone, name]", 9,
     "'participant': 'name' được ghi hai lần"),
    ("participant: [name, phone, unit]", "participant: [name, unit]", 9,
     "'participant' phải có 'phone'"),
    ("ranking: [score, seconds, prediction]", "ranking: [score, time]", 11,
     "'ranking': 'time' không có"),
    ("ranking: [score, seconds, prediction]", "ranking: [score, score]", 11,
     "'ranking': 'score' được ghi hai lần"),
    ("predict_participants: true", "predict_participants: false", 11,
     "xếp hạng theo 'prediction' cần predict_participants: true"),
    ("names: full", "names: ho-ten", 13, "'names: ho-ten' không có — gợi ý: dùng một trong: "
     "full, initials, none"),
    ("certificate_score: 3", "certificate_score: 5", 14,
     "'certificate_score' phải là số từ 0 đến 4 (số câu mỗi lượt), không phải '5'"),
    ("certificate_score: 3", "certificate_score: -1", 14, "'certificate_score' phải là số"),
    ("grace_seconds: 20", "grace_seconds: 601", 15,
     "'grace_seconds' phải là số nguyên từ 0 đến 600"),
    ("title: Thi tìm hiểu pháp luật lao động\n", "", 1, "cuộc thi: thiếu khóa bắt buộc 'title'"),
]


@pytest.mark.parametrize(("old", "new", "line", "message"), ERRORS,
                         ids=[f"{i}-{case[3][:40]}" for i, case in enumerate(ERRORS)])
def test_contest_problems_at_their_lines(tmp_library: LibraryMaker, old: str, new: str,
                                         line: int, message: str) -> None:
    assert CONTEST.count(old) == 1, old
    found = _contest_problems(tmp_library, CONTEST.replace(old, new))
    errors = [f for f in found if ": cảnh báo: " not in f]
    assert len(errors) == 1 and errors[0].startswith(f"{PATH}:{line}: "), found
    assert message in errors[0], errors[0]
    library, _ = load_library(_library(tmp_library, CONTEST.replace(old, new)), TODAY)
    assert library is None


def test_an_expired_basis_leaves_the_pool(tmp_library: LibraryMaker) -> None:
    # The one level-3 question cites an expired document: a warning in the bank, and the
    # contest that wants one level-3 question cannot be filled.
    bank = POOL_BANK.replace('{document: "45/2019/QH14", article: "27"}',
                             '{document: "10/2012/QH13", article: "27"}')
    found = _contest_problems(tmp_library, CONTEST, bank)
    assert found == [
        "quizzes/b.yml:24: cảnh báo: câu hỏi 'boi-thuong': trích dẫn văn bản '10/2012/QH13' "
        "đang ở trạng thái 'hết hiệu lực' — gợi ý: kiểm tra lại nội dung; dẫn văn bản thay thế "
        "nếu có (câu hỏi này không được rút vào cuộc thi)",
        f"{PATH}:6: các ngân hàng không đủ câu hỏi cho một lượt thi: cần 1 câu hỏi mức 3, ngân "
        "hàng chỉ có 0 — gợi ý: thêm câu hỏi vào ngân hàng, hoặc rút ít câu hơn (câu hỏi có căn "
        "cứ đã hết hiệu lực không được rút)"]


def test_a_broken_bank_is_not_blamed_on_the_contest(tmp_library: LibraryMaker) -> None:
    for bank in (POOL_BANK.replace("type: numeric", "type: so"), "title: T\nquestions: []\n",
                 "title: [\n"):
        found = _contest_problems(tmp_library, CONTEST, bank)
        assert found and all(f.startswith("quizzes/b.yml:") for f in found), found


def test_banks_may_share_question_ids(tmp_library: LibraryMaker) -> None:
    contest = CONTEST.replace("banks: [b]", "banks: [b, b2]").replace(
        "questions: 4\ndraw: {1: 2, 2: 1, 3: 1}", "questions: 10\ndraw: {1: 6, 2: 2, 3: 2}")
    library, problems = load_library(_library(tmp_library, contest, b2=POOL_BANK), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    refs = [d.ref for d in pool(library.contests["c"], library)]
    assert "b/so-loai" in refs and "b2/so-loai" in refs and len(refs) == len(set(refs)) == 14


def test_a_contest_bank_naming_explainers_is_warned(tmp_library: LibraryMaker) -> None:
    library, problems = load_library(_library(tmp_library, bank=BANK), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    assert [p.format() for p in problems.warnings if p.path.startswith("quizzes/")] == [
        f"{PATH}:4: cảnh báo: ngân hàng 'b' dùng cho cuộc thi nên không được đăng làm bài "
        "luyện tập ở cuối các bài thu-viec — gợi ý: bỏ 'explainers:' khỏi quizzes/b.yml: đáp án "
        "cuộc thi không bao giờ lên trang"]
    assert library.practice == () and library.practice_for("thu-viec") == ()


def test_contest_names_and_unknown_keys(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"quizzes/b.yml": POOL_BANK, "quizzes/contests/Thi_1.yml": CONTEST})
    _, problems = read_library(root, TODAY)
    assert [p.format() for p in problems.items if p.path.startswith("quizzes/")] == [
        "quizzes/contests/Thi_1.yml:1: tên cuộc thi 'Thi_1' không hợp lệ — gợi ý: đặt tên tệp "
        "bằng chữ thường không dấu, số và dấu gạch ngang"]
    assert _contest_problems(tmp_library, CONTEST + "prize: 1000000\n") == [
        f"{PATH}:16: cảnh báo: cuộc thi: khóa lạ 'prize' — gợi ý: các khóa dùng được: title, "
        "description, opens, closes, banks, questions, draw, minutes, attempts, participant, "
        "predict_participants, ranking, names, certificate_score, grace_seconds"]


def test_the_starter_contest() -> None:
    library, problems = load_library(ROOT, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    contest = library.contests["tim-hieu-phap-luat-lao-dong-2026"]
    vietnam = timedelta(hours=7)
    assert (contest.opens.utcoffset(), contest.closes.utcoffset()) == (vietnam, vietnam)
    assert contest.opens == datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    assert contest.closes == datetime(2026, 12, 31, 10, 0, tzinfo=UTC)
    assert (contest.banks, contest.questions, dict(contest.draw or {}), contest.minutes,
            contest.attempts, contest.participant, contest.predict_participants,
            contest.ranking, contest.certificate_score) == (
        ("thi-lao-dong-2026",), 10, {1: 4, 2: 4, 3: 2}, 15, 1, ("name", "phone", "unit"), True,
        ("score", "seconds", "prediction"), 8.0)
    assert "Thể lệ" in contest.description
    assert library.contest_banks == {"thi-lao-dong-2026"}
    assert len(library.practice) == 8
    drawn = draw(contest, pool(contest, library), "một lượt thi")
    assert len(drawn) == 10 and draw(contest, pool(contest, library), "một lượt thi") == drawn
