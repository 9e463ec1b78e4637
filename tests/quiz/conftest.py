"""A small Library holding banks and contests built in code (no files)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generators.library.model import (
    AudiobookSettings,
    Basis,
    Contest,
    Document,
    DocumentStatus,
    Library,
    QuizBank,
    QuizQuestion,
)

IN_FORCE = Document("45/2019/QH14", "Bộ luật", "Bộ luật Lao động", "Quốc hội",
                    date(2019, 11, 20), date(2021, 1, 1), None, None, None,
                    DocumentStatus.IN_FORCE)
EXPIRED = Document("10/2012/QH13", "Bộ luật", "Bộ luật Lao động 2012", "Quốc hội",
                   date(2012, 6, 18), date(2013, 5, 1), date(2021, 1, 1), "45/2019/QH14", None,
                   DocumentStatus.EXPIRED)


def question(qid: str, level: int = 1, expired: bool = False) -> QuizQuestion:
    basis = (Basis((EXPIRED if expired else IN_FORCE).key, "20"),)
    return QuizQuestion(qid, "single", f"Câu {qid}?", 1, basis, level=level,
                        choices=("Đúng", "Sai"), answers=("Đúng",), explanation=f"Vì {qid}.")


def bank(key: str, questions: list[QuizQuestion]) -> QuizBank:
    return QuizBank(key, f"quizzes/{key}.yml", key.title(), tuple(questions))


def contest(banks: tuple[str, ...], count: int, draw: dict[int, int] | None = None,
            **values: object) -> Contest:
    return Contest("thi", "quizzes/contests/thi.yml", "Cuộc thi", datetime(2026, 12, 1, tzinfo=UTC),
                   datetime(2026, 12, 10, tzinfo=UTC), banks, count, 15,
                   draw, **values)  # type: ignore[arg-type]


def library(banks: list[QuizBank], contests: Sequence[Contest] = ()) -> Library:
    empty: Any = MappingProxyType({})
    return Library(Path("/nowhere"), date(2026, 12, 1), empty, empty,
                   MappingProxyType({d.key: d for d in (IN_FORCE, EXPIRED)}), empty,
                   empty, (), empty, AudiobookSettings(None, empty, empty),
                   quizzes=MappingProxyType({b.key: b for b in banks}),
                   contests=MappingProxyType({c.key: c for c in contests}))
