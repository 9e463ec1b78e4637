"""`surveys/*.yml`: online surveys (interaction-format.md, "Surveys"), checked at their lines."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from generators.errors import Problems
from generators.library.data import KEY_RE, keyed_yaml_files
from generators.library.model import RATING5, SURVEY_TYPES, Survey, SurveyQuestion
from generators.library.schema import Key, check_mapping
from generators.library.yamlio import YamlDoc

_HEAD = {"title": Key(str, required=True, max_len=200), "description": Key(str, max_len=1000),
         "opens": Key(date, required=True), "closes": Key(date), "satisfaction": Key(str),
         "questions": Key(object, required=True)}
_QUESTION = {"id": Key(str, required=True), "type": Key(str, required=True),
             "text": Key(str, required=True, max_len=500), "required": Key(bool),
             "choices": Key(list), "max_length": Key(object), "min": Key(object),
             "max": Key(object)}
MAX_QUESTIONS = 50
MAX_TEXT = 5000
"""The longest `max_length` a text question may ask for."""


def load_surveys(root: Path, problems: Problems) -> dict[str, Survey]:
    """Every valid survey by name; each problem at its line."""
    out: dict[str, Survey] = {}
    for key, rel, doc in keyed_yaml_files(root, root / "surveys", problems, "khảo sát",
                                          "đặt tên tệp bằng chữ thường không dấu và dấu "
                                          "gạch ngang"):
        survey = _survey(key, rel, doc, problems)
        if survey is not None:
            out[survey.key] = survey
    return out


def _survey(key: str, rel: str, doc: YamlDoc, problems: Problems) -> Survey | None:
    head = check_mapping(doc, (), doc.data, _HEAD, rel, problems, "khảo sát")
    if head is None:
        return None
    ok = True
    closes = head.get("closes")
    if closes is not None and closes < head["opens"]:
        problems.error(rel, doc.line("closes"), "ngày 'closes' trước ngày 'opens'",
                       "khảo sát phải mở trước khi đóng")
        ok = False
    raw = doc.data.get("questions")
    if not isinstance(raw, list) or not raw:
        problems.error(rel, doc.line("questions"), "thiếu danh sách 'questions'",
                       "thêm 'questions:' với ít nhất một câu hỏi")
        return None
    if len(raw) > MAX_QUESTIONS:
        problems.error(rel, doc.line("questions"),
                       f"khảo sát có {len(raw)} câu hỏi, tối đa {MAX_QUESTIONS}")
        ok = False
    questions: list[SurveyQuestion] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        question = _question(doc, i, item, rel, problems)
        if question is None:
            ok = False
            continue
        if question.id in seen:
            problems.error(rel, question.line, f"câu hỏi '{question.id}' trùng với câu ở dòng "
                           f"{seen[question.id]}", "mỗi câu hỏi cần một id riêng")
            ok = False
        seen.setdefault(question.id, question.line)
        questions.append(question)
    satisfaction = head.get("satisfaction")
    written = {item.get("id") for item in raw if isinstance(item, dict)}
    # A question that failed its own check is not judged again here.
    first = next((q for q in questions if q.id == satisfaction), None)
    if satisfaction is not None and (satisfaction not in written or (
            first is not None and first.type != "rating5")):
        problems.error(rel, doc.line("satisfaction"),
                       f"'satisfaction: {satisfaction}' phải là id của một câu hỏi rating5",
                       "câu hỏi đo mức độ hài lòng có type: rating5")
        ok = False
    if not ok:
        return None
    return Survey(key, rel, head["title"], head["opens"], closes, tuple(questions),
                  satisfaction, head.get("description") or "")


def _question(doc: YamlDoc, i: int, item: Any, rel: str,
              problems: Problems) -> SurveyQuestion | None:
    at = ("questions", i)
    clean = check_mapping(doc, at, item, _QUESTION, rel, problems, f"câu hỏi {i + 1}")
    if clean is None:
        return None
    line = doc.line(*at)
    kind, qid = clean["type"], clean["id"]
    if not KEY_RE.match(qid):
        problems.error(rel, doc.line(*at, "id"), f"id câu hỏi '{qid}' không hợp lệ",
                       "dùng chữ thường không dấu, số và dấu gạch ngang")
        return None
    if kind not in SURVEY_TYPES:
        problems.error(rel, doc.line(*at, "type"), f"loại câu hỏi '{kind}' không có",
                       "dùng một trong: " + ", ".join(SURVEY_TYPES))
        return None
    choices: tuple[str, ...] = RATING5 if kind == "rating5" else ()
    if kind in ("select_one", "select_multiple"):
        choices = tuple(clean.get("choices") or ())
        if len(choices) < 2:
            problems.error(rel, doc.line(*at, "choices"), f"câu hỏi '{qid}' cần ít nhất 2 lựa "
                           "chọn trong 'choices'", "viết choices: [Lựa chọn 1, Lựa chọn 2]")
            return None
        if len(set(choices)) != len(choices):
            problems.error(rel, doc.line(*at, "choices"), f"câu hỏi '{qid}' có lựa chọn trùng")
            return None
    elif clean.get("choices"):
        problems.error(rel, doc.line(*at, "choices"),
                       f"câu hỏi loại {kind} không dùng 'choices'")
        return None
    numbers = {name: _whole(doc, at, name, clean.get(name), rel, problems)
               for name in ("max_length", "min", "max")}
    if any(value is False for value in numbers.values()):
        return None
    max_length = numbers["max_length"]
    if max_length is not None and not 1 <= int(max_length) <= MAX_TEXT:
        problems.error(rel, doc.line(*at, "max_length"),
                       f"'max_length' phải từ 1 đến {MAX_TEXT}")
        return None
    low, high = numbers["min"], numbers["max"]
    if low is not None and high is not None and int(low) > int(high):
        problems.error(rel, doc.line(*at, "min"), "'min' lớn hơn 'max'")
        return None
    return SurveyQuestion(qid, kind, clean["text"], line, bool(clean.get("required")), choices,
                          int(max_length) if max_length is not None else 1000,
                          None if low is None else int(low), None if high is None else int(high))


def _whole(doc: YamlDoc, at: tuple[Any, ...], name: str, value: Any, rel: str,
           problems: Problems) -> int | bool | None:
    """A whole number, None when absent, False (after an error) when not one."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        problems.error(rel, doc.line(*at, name), f"'{name}' phải là một số nguyên")
        return False
    return value
