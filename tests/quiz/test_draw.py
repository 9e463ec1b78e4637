"""The contest's pool and the seeded draw by level."""

from __future__ import annotations

import pytest

from generators.quiz.draw import draw, pool, sent, shortfall
from tests.quiz.conftest import bank, contest, library, question

BANKS = [bank("a", [question(f"a{i}", level=1 + i % 3) for i in range(12)]),
         bank("b", [question(f"a{i}", level=1 + i % 3) for i in range(6)]
              + [question("old", expired=True)])]


def test_the_pool_names_questions_by_bank_and_leaves_out_expired_law() -> None:
    refs = [d.ref for d in pool(contest(("a", "b"), 5), library(BANKS))]
    assert refs == sorted(refs) and len(refs) == 18
    assert "a/a0" in refs and "b/a0" in refs  # the same id in two banks is two questions
    assert "b/old" not in refs


def test_the_same_seed_draws_the_same_attempt() -> None:
    rule = contest(("a", "b"), 9, {1: 4, 2: 3, 3: 2})
    questions = pool(rule, library(BANKS))
    first = draw(rule, questions, "seed-1")
    assert draw(rule, questions, "seed-1") == first
    assert sent(first, "seed-1") == sent(draw(rule, questions, "seed-1"), "seed-1")
    assert [d.question.level for d in first].count(1) == 4
    assert [d.question.level for d in first].count(2) == 3
    assert [d.question.level for d in first].count(3) == 2
    assert len({d.ref for d in first}) == 9
    others = {tuple(d.ref for d in draw(rule, questions, f"seed-{i}")) for i in range(20)}
    assert len(others) > 15  # seeds differ, draws differ


def test_a_draw_without_levels_takes_any_question() -> None:
    rule = contest(("a",), 12)
    drawn = draw(rule, pool(rule, library(BANKS)), "x")
    assert sorted(d.ref for d in drawn) == sorted(f"a/a{i}" for i in range(12))


def test_a_pool_too_small_is_refused() -> None:
    rule = contest(("b",), 6, {1: 1, 2: 1, 3: 4})
    questions = pool(rule, library(BANKS))
    assert shortfall(rule, questions) == "cần 4 câu hỏi mức 3, ngân hàng chỉ có 2"
    with pytest.raises(ValueError, match="mức 3"):
        draw(rule, questions, "x")
    assert shortfall(contest(("b",), 7), questions) == "cần 7 câu hỏi, ngân hàng chỉ có 6"


def test_sent_questions_carry_refs_and_no_answers() -> None:
    rule = contest(("a",), 3)
    drawn = draw(rule, pool(rule, library(BANKS)), "s")
    for item, d in zip(sent(drawn, "s"), drawn, strict=True):
        assert item["id"] == d.ref
        assert "answer" not in item and "explanation" not in item
        assert sorted(item["choices"]) == ["Sai", "Đúng"]


def test_the_pool_is_the_law_of_the_opening_day_whatever_the_build_date() -> None:
    from dataclasses import replace
    from datetime import UTC, date, datetime
    from types import MappingProxyType

    from generators.library.model import Basis, DocumentStatus
    from tests.quiz.conftest import IN_FORCE

    # In force on the build date (1 December), expiring on 5 December.
    ending = replace(IN_FORCE, key="99/2026/QH15", expires=date(2026, 12, 5),
                     status=DocumentStatus.IN_FORCE)
    questions = [question("a"), replace(question("b"), basis=(Basis(ending.key),))]
    shelf = library([bank("a", questions)])
    shelf = replace(shelf, documents=MappingProxyType({**shelf.documents, ending.key: ending}))
    during = contest(("a",), 1)  # opens 1 December: a mid-contest expiry changes nothing
    later = replace(during, opens=datetime(2026, 12, 6, tzinfo=UTC),
                    closes=datetime(2026, 12, 20, tzinfo=UTC))
    assert [d.ref for d in pool(during, shelf)] == ["a/a", "a/b"]
    assert [d.ref for d in pool(later, shelf)] == ["a/a"]
