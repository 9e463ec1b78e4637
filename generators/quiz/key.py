"""A contest's answer key, and the commitment to it published before the contest opens:
anyone can re-grade once the key itself is published after the contest closes."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from generators.library.model import Contest
from generators.quiz.draw import Drawn
from generators.quiz.grading import key_of


def answer_key(contest: Contest, questions: tuple[Drawn, ...], salt: str) -> dict[str, Any]:
    """The key as published after closing: every pool question's ref, level and answer, and
    the salt that keeps the commitment from being guessed."""
    return {"contest": contest.key, "salt": salt,
            "questions": [{"id": d.ref, "type": d.question.type, "level": d.question.level,
                           "answer": key_of(d.question)} for d in questions]}


def canonical(data: Any) -> bytes:
    """The one byte form hashed: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode()


def commitment(key: dict[str, Any]) -> str:
    """`sha256:<hex>` of the canonical key."""
    return "sha256:" + hashlib.sha256(canonical(key)).hexdigest()


def salt_for(contest: Contest, questions: tuple[Drawn, ...]) -> str:
    """A salt derived from everything written in the pool (texts, choices, explanations):
    as secret as the bank itself, the same on every build while nothing changes, and
    different as soon as a question or an answer is edited."""
    text = [contest.key] + [repr(d.question) for d in questions]
    return hashlib.sha256("\n".join(text).encode()).hexdigest()
