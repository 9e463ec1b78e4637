"""What one attempt is asked: a draw by level from the contest's pool that the same seed
always repeats, and the questions as sent."""

from __future__ import annotations

import hashlib
import random
from typing import Any

from generators.library.contest_pool import Drawn, in_force, pool, shortfall
from generators.library.model import Contest
from generators.quiz.grading import public

__all__ = ["Drawn", "draw", "in_force", "pool", "rng_for", "sent", "shortfall"]


def rng_for(seed: str) -> random.Random:
    """A generator that depends only on `seed` (not on Python's hash randomisation)."""
    return random.Random(int.from_bytes(hashlib.sha256(seed.encode()).digest()[:16], "big"))


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
