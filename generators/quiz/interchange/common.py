"""What the three formats share: the result of an import, problems at the source's lines,
the `document:article` basis notation, generated ids, numbers written back as editors do."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from generators.errors import Problems
from generators.library.data import KEY_RE
from generators.library.model import Basis, QuizBank, QuizQuestion
from generators.library.text import ascii_slug

ID_LENGTH = 60
"""Longest generated id (a slug of the question's text, cut at a word)."""


@dataclass
class Imported:
    """What a source file holds: its questions (`line` is the source's line), what it says of
    the bank, and every problem found, at the source's lines."""

    path: str
    questions: list[QuizQuestion] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    title: str | None = None
    field: str | None = None
    explainers: tuple[str, ...] = ()
    description: str = ""

    def error(self, line: int, message: str, hint: str = "") -> None:
        self.problems.error(self.path, line, message, hint)

    def warning(self, line: int, message: str, hint: str = "") -> None:
        self.problems.warning(self.path, line, message, hint)

    def bank(self, key: str, title: str | None = None,
             basis: tuple[Basis, ...] = ()) -> QuizBank:
        """The bank `key` of these questions; `basis` for each question that cites none."""
        questions = tuple(q if q.basis or not basis else replace(q, basis=basis)
                          for q in self.questions)
        return QuizBank(key, f"quizzes/{key}.yml", title or self.title or key, questions,
                        self.field, self.explainers, self.description)


def parse_basis(text: str) -> tuple[Basis, ...]:
    """`45/2019/QH14:20; 145/2020/NĐ-CP` → the bases it names (article after the last `:`).
    Raises ValueError on an empty part."""
    out: list[Basis] = []
    for part in text.split(";"):
        document, colon, article = part.strip().rpartition(":")
        if not colon:
            document, article = article, ""
        document, article = document.strip(), article.strip()
        if not document or (colon and not article):
            raise ValueError(f"'{part.strip()}' không phải căn cứ dạng số-hiệu:điều "
                             "(ví dụ 45/2019/QH14:20)")
        out.append(Basis(document, article or None))
    return tuple(out)


def format_basis(basis: Iterable[Basis]) -> str:
    return "; ".join(b.document + (f":{b.article}" if b.article else "") for b in basis)


def format_number(value: float) -> str:
    """36.0 → `36`, 2.5 → `2.5`: as an editor writes it."""
    if math.isfinite(value) and value == int(value):
        return str(int(value))
    return repr(value)


def parse_number(text: str) -> float | None:
    """A number as GIFT and QTI write it (a `.` decimal mark); None if it is none."""
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class Ids:
    """Ids for the imported questions: the source's own when it is a valid key, else a slug
    of its name or text; each once (`-2`, `-3` … after the first)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def give(self, name: str | None, text: str, result: Imported | None = None,
             line: int = 0) -> str:
        """The id of a question named `name` (None: none) with `text`; an id the source
        gave that another question took is a warning on `result`."""
        base = name if name and KEY_RE.match(name) else _slug(name or "") or _slug(text)
        base = base or "cau-hoi"
        candidate, n = base, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        self.taken.add(candidate)
        if result is not None and name and candidate != base:
            result.warning(line, f"tên câu hỏi '{name}' trùng với một câu trước: đặt id "
                           f"'{candidate}'", "mỗi câu hỏi cần một id riêng")
        return candidate


def _slug(text: str) -> str:
    slug = ascii_slug(text)
    if len(slug) > ID_LENGTH:
        slug = slug[:ID_LENGTH + 1].rsplit("-", 1)[0] if "-" in slug[:ID_LENGTH + 1] \
            else slug[:ID_LENGTH]
    return slug.strip("-")


_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def unwritable(question: QuizQuestion) -> str | None:
    """The first character of a question's texts no interchange file can carry (XML 1.0
    refuses it, GIFT and Aiken would break a line on it), as `U+XXXX`; None when clean."""
    texts = [question.text, question.explanation, question.unit, *question.choices,
             *question.answers, *question.items, *(t for pair in question.pairs for t in pair)]
    for text in texts:
        found = _CONTROLS.search(text)
        if found:
            return f"U+{ord(found.group()):04X}"
    return None

