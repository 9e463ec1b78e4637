"""A bank read back through the loader: what `build.py quiz import` writes must load."""

from __future__ import annotations

from generators.library import load_library
from generators.library.model import QuizBank
from generators.quiz.interchange.bankyaml import bank_yaml
from tests.conftest import TODAY, LibraryMaker


def through_loader(bank: QuizBank, tmp_library: LibraryMaker) -> QuizBank:
    """`bank` written as quizzes/<key>.yml and loaded by the library loader."""
    root = tmp_library({f"quizzes/{bank.key}.yml": bank_yaml(bank)})
    library, problems = load_library(root, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    return library.quizzes[bank.key]
