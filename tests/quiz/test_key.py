"""The answer key and its commitment: anyone holding the published key can check it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from generators.library.model import QuizQuestion
from generators.quiz.draw import pool
from generators.quiz.key import answer_key, canonical, commitment, salt_for
from tests.quiz.conftest import bank, contest, library, question


def _key(questions: list[QuizQuestion]) -> dict[str, Any]:
    rule = contest(("a",), 2)
    drawn = pool(rule, library([bank("a", questions)]))
    return answer_key(rule, drawn, salt_for(rule, drawn))


def test_the_commitment_is_the_sha256_of_the_canonical_key() -> None:
    key = _key([question("x"), question("y")])
    published = json.loads(json.dumps(key, ensure_ascii=False, indent=2))  # as a reader gets it
    assert commitment(key) == "sha256:" + hashlib.sha256(canonical(published)).hexdigest()
    assert [q["id"] for q in key["questions"]] == ["a/x", "a/y"]
    assert key["questions"][0]["answer"] == "Đúng"


def test_the_commitment_is_stable_and_follows_every_edit() -> None:
    assert commitment(_key([question("x"), question("y")])) == commitment(
        _key([question("x"), question("y")]))
    assert commitment(_key([question("x"), question("y")])) != commitment(
        _key([question("x"), question("y", level=2)]))


def test_the_salt_depends_on_what_is_secret() -> None:
    # Same answers, a different explanation: a guess of the answers alone can't be checked.
    from dataclasses import replace
    plain = [question("x"), question("y")]
    edited = [question("x"), replace(question("y"), explanation="Khác.")]
    assert _key(plain)["questions"] == _key(edited)["questions"]
    assert _key(plain)["salt"] != _key(edited)["salt"]
