"""The bank written back as YAML says exactly what it holds, however YAML would misread it
unquoted (yes/no, 1.10, "20.10", a leading '- ' or '#')."""

from __future__ import annotations

from generators.library.model import Basis, QuizBank, QuizQuestion
from generators.quiz.interchange.bankyaml import bank_yaml
from tests.conftest import LibraryMaker
from tests.quiz.interchange.conftest import assert_same_bank
from tests.quiz.interchange.roundtrip import through_loader

BASIS = (Basis("45/2019/QH14", "20.10"),)


def test_values_yaml_would_misread_come_back_as_written(tmp_library: LibraryMaker) -> None:
    questions = (
        QuizQuestion("co-khong", "single", "yes", 0, BASIS, choices=("no", "1.10", "- gạch"),
                     answers=("1.10",), explanation="# không phải tiêu đề\n  thụt vào"),
        QuizQuestion("dien", "fill", "on: off?", 0, BASIS, answers=("true", "~", "null")),
        QuizQuestion("so", "numeric", "Bao nhiêu?", 0, BASIS, level=3, number=-2.5,
                     tolerance=0.5, unit="%"),
        QuizQuestion("ghep", "match", "'trích' \"dẫn\"", 0, BASIS,
                     pairs=(("[a]", "{b}"), ("c: d", "e, f"))),
    )
    bank = QuizBank("kho", "quizzes/kho.yml", "2026", questions, None, (), "")
    text = bank_yaml(bank)
    assert "answer: '1.10'\n" in text and "article: '20.10'" in text
    assert_same_bank(through_loader(bank, tmp_library), bank)
