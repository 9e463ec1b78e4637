"""One rule for right and wrong, for every question type (the practice script mirrors it):
what a participant's response looks like, how it is compared, and the question as sent to a
contestant, without its answer."""

from __future__ import annotations

import math
import random
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from generators.library.model import QuizQuestion
from generators.library.text import answer_form as normalise

__all__ = ["grade", "key_of", "normalise", "number", "public"]

Response = Any
"""single: a choice's text; multiple / order: a list of texts; true_false: a bool; fill: a
text; match: {left: right}; numeric: a number or its text ("36", "36,5")."""

def number(value: Any) -> float | None:
    """A numeric response as a float: a number, or text with `.` or `,` as decimal mark."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        result = float(value)
    elif isinstance(value, str):
        text = value.strip().replace(" ", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            result = float(text)
        except ValueError:
            return None
    else:
        return None
    return result if math.isfinite(result) else None


def _texts(value: Any) -> list[str] | None:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        return None
    return [unicodedata.normalize("NFC", v) for v in value]


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def grade(question: QuizQuestion, response: Response) -> bool:
    """Whether `response` answers `question` rightly. A response of the wrong shape is wrong."""
    kind = question.type
    if kind == "single":
        return isinstance(response, str) and _nfc(response) == _nfc(question.answers[0])
    if kind == "multiple":
        chosen = _texts(response)
        return chosen is not None and sorted(set(map(_nfc, chosen))) == sorted(
            set(map(_nfc, question.answers))) and len(chosen) == len(set(chosen))
    if kind == "true_false":
        return isinstance(response, bool) and response is question.truth
    if kind == "fill":
        if not isinstance(response, str):
            return False
        typed = normalise(response, question.loose)
        return any(typed == normalise(a, question.loose) for a in question.answers)
    if kind == "order":
        items = _texts(response)
        return items is not None and [_nfc(i) for i in items] == [
            _nfc(i) for i in question.items]
    if kind == "match":
        if not isinstance(response, Mapping):
            return False
        given = {_nfc(str(k)): v for k, v in response.items()}
        return len(given) == len(question.pairs) and all(
            isinstance(given.get(_nfc(left)), str) and _nfc(given[_nfc(left)]) == _nfc(right)
            for left, right in question.pairs)
    if kind == "numeric":
        value = number(response)
        return (value is not None and question.number is not None
                and abs(value - question.number) <= question.tolerance + 1e-9)
    raise ValueError(f"unknown question type {kind!r}")


def key_of(question: QuizQuestion) -> Any:
    """The question's answer as JSON data (the answer key's entry)."""
    kind = question.type
    if kind == "single":
        return question.answers[0]
    if kind in ("multiple", "fill"):
        return list(question.answers)
    if kind == "true_false":
        return question.truth
    if kind == "order":
        return list(question.items)
    if kind == "match":
        return {left: right for left, right in question.pairs}
    if kind == "numeric":
        return {"answer": question.number, "tolerance": question.tolerance}
    raise ValueError(f"unknown question type {kind!r}")


def public(question: QuizQuestion, rng: random.Random) -> dict[str, Any]:
    """The question as a contestant receives it: no answer, no explanation, no basis; choices,
    items and the right-hand side of pairs shuffled by `rng`."""
    out: dict[str, Any] = {"id": question.id, "type": question.type, "text": question.text,
                           "level": question.level}
    if question.type in ("single", "multiple"):
        out["choices"] = _shuffled(question.choices, rng)
    elif question.type == "order":
        out["items"] = _shuffled(question.items, rng, differ=True)
    elif question.type == "match":
        out["left"] = [left for left, _ in question.pairs]
        out["right"] = _shuffled([right for _, right in question.pairs], rng, differ=True)
    elif question.type == "numeric" and question.unit:
        out["unit"] = question.unit
    return out


def _shuffled(values: Sequence[str], rng: random.Random, differ: bool = False) -> list[str]:
    """A shuffle; with `differ`, never the right order itself (when there is another)."""
    out = list(values)
    for _ in range(8):
        rng.shuffle(out)
        if not differ or out != list(values) or len(set(values)) < 2:
            break
    return out
