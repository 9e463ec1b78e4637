"""What one attempt is asked: the contest's pool (its banks' questions whose basis is still in
force), and a draw by level that the same seed always repeats."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from typing import Any

from generators.library.model import Contest, DocumentStatus, Library, QuizQuestion
from generators.quiz.grading import public


@dataclass(frozen=True)
class Drawn:
    """A question of a contest's pool, named by `ref` = `<bank>/<question id>`."""

    ref: str
    question: QuizQuestion


def in_force(question: QuizQuestion, library: Library) -> bool:
    """No document of the question's basis has expired at the library's build date."""
    return all(
        (doc := library.documents.get(b.document)) is None
        or doc.status is not DocumentStatus.EXPIRED for b in question.basis)


def pool(contest: Contest, library: Library) -> tuple[Drawn, ...]:
    """Every question the contest may draw, in a stable order."""
    out = [Drawn(f"{key}/{q.id}", q) for key in contest.banks
           if (bank := library.quizzes.get(key)) is not None
           for q in bank.questions if in_force(q, library)]
    return tuple(sorted(out, key=lambda d: d.ref))


def rng_for(seed: str) -> random.Random:
    """A generator that depends only on `seed` (not on Python's hash randomisation)."""
    return random.Random(int.from_bytes(hashlib.sha256(seed.encode()).digest()[:16], "big"))


def shortfall(contest: Contest, questions: tuple[Drawn, ...]) -> str | None:
    """Why the pool cannot fill an attempt, or None when it can."""
    if contest.draw is None:
        if len(questions) < contest.questions:
            return f"cần {contest.questions} câu hỏi, ngân hàng chỉ có {len(questions)}"
        return None
    for level, wanted in sorted(contest.draw.items()):
        have = sum(1 for d in questions if d.question.level == level)
        if have < wanted:
            return f"cần {wanted} câu hỏi mức {level}, ngân hàng chỉ có {have}"
    return None


def draw(contest: Contest, questions: tuple[Drawn, ...], seed: str) -> tuple[Drawn, ...]:
    """The attempt's questions, in the order asked; the same seed, the same draw.
    Raises ValueError when the pool is too small (see `shortfall`)."""
    problem = shortfall(contest, questions)
    if problem:
        raise ValueError(problem)
    rng = rng_for(seed)
    if contest.draw is None:
        chosen = rng.sample(list(questions), contest.questions)
    else:
        chosen = []
        for level, wanted in sorted(contest.draw.items()):
            chosen += rng.sample([d for d in questions if d.question.level == level], wanted)
        rng.shuffle(chosen)
    return tuple(chosen)


def sent(drawn: tuple[Drawn, ...], seed: str) -> list[dict[str, Any]]:
    """The drawn questions as a contestant receives them (see grading.public), `id` = ref;
    the choices' order too depends only on the seed."""
    rng = rng_for(seed + "/choices")
    return [{**public(d.question, rng), "id": d.ref} for d in drawn]
