"""Moodle's Aiken format: single-choice questions only, one line of text, lettered choices and
`ANSWER: B`. It has no place for an id, a level, an explanation or a basis: ids are made from
the text on import, and `--basis` gives the basis."""

from __future__ import annotations

import re
import string

from generators.library.model import QuizBank, QuizQuestion
from generators.quiz.interchange.common import Ids, Imported, unwritable

LETTERS = string.ascii_uppercase
_OPTION = re.compile(r"^([A-Z])[.)][ \t]+(.*)$")  # as Moodle reads it
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$", re.IGNORECASE)
LOST = "Aiken không giữ id, mức độ, lời giải thích, căn cứ pháp lý"


def dump(bank: QuizBank) -> tuple[str, list[str]]:
    """The bank's single-choice questions as Aiken, and a warning naming each one left out."""
    out: list[str] = []
    warnings: list[str] = []
    for q in bank.questions:
        why = _unfit(q)
        if why:
            warnings.append(f"bỏ câu '{q.id}': {why}")
            continue
        out.append(q.text)
        out += [f"{LETTERS[n]}. {choice}" for n, choice in enumerate(q.choices)]
        out += [f"ANSWER: {LETTERS[q.choices.index(q.answers[0])]}", ""]
    if out:
        warnings.append(LOST + " (nhập lại thì id làm từ nội dung câu, căn cứ lấy từ --basis)")
    return "\n".join(out), warnings


def _unfit(q: QuizQuestion) -> str | None:
    if q.type != "single":
        return f"loại '{q.type}' (Aiken chỉ có câu một đáp án)"
    if len(q.choices) > len(LETTERS):
        return f"{len(q.choices)} lựa chọn, Aiken có tối đa {len(LETTERS)}"
    bad = unwritable(q)
    if bad:
        return f"có ký tự {bad} không ghi được"
    lines = [q.text, *q.choices]
    if any("\n" in text or text != text.strip() or not text for text in lines):
        return "nội dung hoặc lựa chọn nhiều dòng (Aiken chỉ có một dòng)"
    if _OPTION.match(q.text) or _ANSWER.match(q.text):
        return "nội dung câu bắt đầu như một lựa chọn ('A.') hay 'ANSWER:'"
    return None


def load(text: str, path: str) -> Imported:
    """Every question of an Aiken text; problems at the lines of `path`."""
    result = Imported(path)
    ids = Ids()
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    question: list[str] = []
    start = 0
    choices: list[tuple[int, str]] = []
    broken = False  # after an error, skip to the next ANSWER line
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            continue
        answer, option = _ANSWER.match(line), _OPTION.match(line)
        if answer:
            if not broken:
                found = _question(question, start, choices, answer[1].strip(), number, result,
                                  ids)
                if found:
                    result.questions.append(found)
            question, choices, broken = [], [], False
        elif broken:
            continue
        elif option and question:
            letter, choice = option[1], option[2].strip()
            expected = LETTERS[len(choices)] if len(choices) < len(LETTERS) else "?"
            if letter != expected:
                result.error(number, f"lựa chọn '{letter}' đứng sau lựa chọn thứ "
                             f"{len(choices)}, cần '{expected}'",
                             "đánh chữ A, B, C … theo thứ tự")
                broken = True
            elif not choice:
                result.error(number, f"lựa chọn {letter} trống")
                broken = True
            else:
                choices.append((number, choice))
        elif choices:
            result.error(number, "dòng không phải lựa chọn 'A.' hay 'ANSWER:'",
                         "mỗi câu: nội dung, các lựa chọn A. B. …, rồi ANSWER: B")
            broken = True
        else:
            if not question:
                start = number
            question.append(line)
    if question or choices:
        result.error(start, "câu hỏi không có dòng 'ANSWER:'", "thêm ANSWER: <chữ> sau các "
                     "lựa chọn")
    return result


def _question(text: list[str], start: int, choices: list[tuple[int, str]], letter: str,
              number: int, result: Imported, ids: Ids) -> QuizQuestion | None:
    if not text:
        result.error(number, "'ANSWER:' không đi sau câu hỏi nào")
        return None
    if len(choices) < 2:
        result.error(start, f"câu hỏi có {len(choices)} lựa chọn, cần ít nhất 2")
        return None
    index = LETTERS.find(letter.upper()) if len(letter) == 1 else -1
    if index < 0 or index >= len(choices):
        result.error(number, f"'ANSWER: {letter}' không phải chữ của một lựa chọn",
                     f"dùng một chữ từ A đến {LETTERS[len(choices) - 1]}")
        return None
    texts = [choice for _, choice in choices]
    for n, (line, choice) in enumerate(choices):
        if choice in texts[:n]:
            result.error(line, f"lựa chọn '{choice}' trùng")
            return None
    body = "\n".join(text)
    return QuizQuestion(ids.give(None, body), "single", body, start, (), choices=tuple(texts),
                        answers=(texts[index],))
