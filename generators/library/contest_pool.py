"""A contest's pool: the questions of its banks whose legal basis is in force on the day the
contest opens (so the pool, and the answer key committed to, stay the same for the whole
contest whatever day the site or the collector is built), each named by its ref, and whether
the pool can fill an attempt. Read by the loader's checks and
by the draw (`generators.quiz.draw`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generators.library.data import document_status
from generators.library.model import Contest, DocumentStatus, Library, QuizQuestion


@dataclass(frozen=True)
class Drawn:
    """A question of a contest's pool, named by `ref` = `<bank>/<question id>`."""

    ref: str
    question: QuizQuestion


def in_force(question: QuizQuestion, library: Library, day: date | None = None) -> bool:
    """No document of the question's basis has expired on `day` (the build date if None)."""
    return all(
        (doc := library.documents.get(b.document)) is None
        or document_status(doc.effective, doc.expires, day or library.build_date)
        is not DocumentStatus.EXPIRED for b in question.basis)


def pool(contest: Contest, library: Library) -> tuple[Drawn, ...]:
    """Every question the contest may draw (its basis in force on the opening day, in the
    zone its opening time is written in), in a stable order."""
    day = contest.opens.date()
    out = [Drawn(f"{key}/{q.id}", q) for key in contest.banks
           if (bank := library.quizzes.get(key)) is not None
           for q in bank.questions if in_force(q, library, day)]
    return tuple(sorted(out, key=lambda d: d.ref))


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
