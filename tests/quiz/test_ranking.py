"""Rankings by the contest's rule: best attempt per participant, then score, seconds, guess."""

from __future__ import annotations

from typing import Any

from generators.quiz.ranking import rank
from tests.quiz.conftest import contest


def attempt(who: str, score: float | None, seconds: float, prediction: int | None = None,
            attempt_id: str | None = None) -> dict[str, Any]:
    return {"kind": "attempt", "contest": "thi", "attempt": attempt_id or f"{who}-{score}",
            "participant": {"name": who.title(), "phone": "0900000000"},
            "participant_key": who, "prediction": prediction, "score": score, "out_of": 10,
            "seconds": seconds, "submitted": "2026-12-02T01:00:00Z", "certificate": f"C{who}"}


def test_score_then_seconds_then_the_closest_guess() -> None:
    rule = contest(("a",), 10, ranking=("score", "seconds", "prediction"),
                   predict_participants=True, certificate_score=8)
    rows = rank(rule, [attempt("an", 9, 300, 100), attempt("binh", 9, 300, 4),
                       attempt("chi", 10, 600, 1), attempt("dung", 7, 100, 4),
                       attempt("em", None, 0)])
    assert [(r.rank, r.participant_key) for r in rows] == [
        (1, "chi"), (2, "binh"), (3, "an"), (4, "dung")]
    assert [r.certificate for r in rows] == ["Cchi", "Cbinh", "Can", None]


def test_equal_on_every_key_is_an_equal_rank() -> None:
    rule = contest(("a",), 10, ranking=("score",))
    rows = rank(rule, [attempt("an", 9, 300), attempt("binh", 9, 100), attempt("chi", 8, 1)])
    assert [r.rank for r in rows] == [1, 1, 3]


def test_only_a_participants_best_attempt_counts() -> None:
    rule = contest(("a",), 10, attempts=3)
    rows = rank(rule, [attempt("an", 6, 100, attempt_id="1"), attempt("an", 8, 500,
                       attempt_id="2"), attempt("an", 8, 400, attempt_id="3"),
                       attempt("binh", 7, 50)])
    assert [(r.participant_key, r.attempt) for r in rows] == [("an", "3"), ("binh", "binh-7")]


def test_other_contests_are_not_counted() -> None:
    rule = contest(("a",), 10)
    other = {**attempt("an", 9, 1), "contest": "khac"}
    assert rank(rule, [other]) == []
