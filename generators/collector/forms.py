"""What a post may say: the body read as fields (a form or JSON), then checked field by field
into the values stored (free text masked). Every message is for the citizen, in Vietnamese."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from generators.collector.api import CONTACT_MAX, FEEDBACK_TEXT, QUESTION_MAX, QUESTION_MIN
from generators.collector.privacy import mask
from generators.library.model import Survey, SurveyQuestion

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
MAX_FIELDS = 200
COMMON = ("return", "website")
"""Fields every post may carry: where to go back to, and the honeypot."""
USEFUL = {"co": True, "khong": False}

Fields = dict[str, list[str]]

LABELS = {"page": "Trang", "useful": "Trang này có hữu ích không", "text": "Góp ý",
          "lang": "Ngôn ngữ", "question": "Câu hỏi", "field": "Lĩnh vực",
          "contact": "Cách liên lạc", "body": "Nội dung gửi"}
"""Field → its name on the error page."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BodyError(Exception):
    """The body cannot be read as fields (400)."""


class UnsupportedType(Exception):
    """Neither a form nor JSON (415)."""


@dataclass
class FormError(Exception):
    """Some fields are wrong (400): field → what is wrong with it."""

    errors: dict[str, str]
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Catalogue:
    """What the library knows that posts refer to."""

    pages: frozenset[str]
    fields: frozenset[str]
    languages: frozenset[str]


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def parse_body(body: bytes, content_type: str | None) -> Fields:
    """The fields of a form or of a JSON object (a list value is a repeated field)."""
    kind = media_type(content_type)
    if kind not in (FORM, JSON):
        raise UnsupportedType(kind)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BodyError("không phải UTF-8") from None
    out: Fields = {}
    if kind == FORM:
        try:
            pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS,
                              errors="strict")
        except (ValueError, UnicodeDecodeError):
            raise BodyError("biểu mẫu hỏng") from None
        for key, value in pairs:
            out.setdefault(key, []).append(value)
        return out
    try:
        data = json.loads(text) if text.strip() else {}
    except ValueError:
        raise BodyError("JSON hỏng") from None
    if not isinstance(data, dict) or len(data) > MAX_FIELDS:
        raise BodyError("JSON không phải một đối tượng")
    for key, value in data.items():
        values = value if isinstance(value, list) else [value]
        if value is None:
            continue
        if len(values) > MAX_FIELDS or not all(_scalar(v) for v in values):
            raise BodyError(f"giá trị của '{key}' không hợp lệ")
        out[key] = [str(v) for v in values]
    return out


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def clean_text(value: str) -> str:
    """NFC, no control characters but line breaks and tabs, trimmed."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", value).strip()


def one(fields: Fields, name: str, errors: dict[str, str]) -> str:
    """The field's single value, cleaned ("" when absent)."""
    values = fields.get(name) or []
    if len(values) > 1:
        errors[name] = "Mục này chỉ được gửi một lần."
        return ""
    return clean_text(values[0]) if values else ""


def common(fields: Fields) -> tuple[str, str]:
    """(`return`, `website`) as sent, "" when absent."""
    back = fields.get("return") or [""]
    trap = fields.get("website") or [""]
    return back[0].strip(), "".join(trap).strip()


def _page(fields: Fields, catalogue: Catalogue, errors: dict[str, str],
          required: bool) -> str | None:
    page = one(fields, "page", errors)
    if not page:
        if required and "page" not in errors:
            errors["page"] = "Thiếu địa chỉ trang được góp ý."
        return None
    if page.lstrip("/") not in catalogue.pages and "page" not in errors:
        errors["page"] = "Không có trang này trong tủ sách."
    return page.lstrip("/")


def feedback(fields: Fields, catalogue: Catalogue) -> dict[str, Any]:
    """`page`, `useful`, `text`, `lang` of a page's "was this useful?" form."""
    errors: dict[str, str] = {}
    page = _page(fields, catalogue, errors, required=True)
    useful = one(fields, "useful", errors)
    if "useful" not in errors and useful not in USEFUL:
        errors["useful"] = "Hãy chọn “Có” hoặc “Không”."
    text = one(fields, "text", errors)
    if len(text) > FEEDBACK_TEXT:
        errors["text"] = f"Góp ý dài quá {FEEDBACK_TEXT} ký tự (đang có {len(text)})."
    lang = one(fields, "lang", errors)
    if lang and lang not in catalogue.languages and "lang" not in errors:
        errors["lang"] = "Tủ sách không có ngôn ngữ này."
    if errors:
        raise FormError(errors, {k: LABELS.get(k, k) for k in errors})
    return {"page": page, "useful": USEFUL[useful], "text": mask(text) or None,
            "lang": lang or None}


def question(fields: Fields, catalogue: Catalogue) -> dict[str, Any]:
    """`question`, `field`, `contact`, `page` of the "ask a question" form."""
    errors: dict[str, str] = {}
    text = one(fields, "question", errors)
    if "question" not in errors:
        if not text:
            errors["question"] = "Hãy viết câu hỏi của bạn."
        elif len(text) < QUESTION_MIN:
            errors["question"] = f"Câu hỏi cần ít nhất {QUESTION_MIN} ký tự."
        elif len(text) > QUESTION_MAX:
            errors["question"] = f"Câu hỏi dài quá {QUESTION_MAX} ký tự (đang có {len(text)})."
    key = one(fields, "field", errors)
    if key and key not in catalogue.fields and "field" not in errors:
        errors["field"] = "Tủ sách không có lĩnh vực này."
    contact = one(fields, "contact", errors)
    if len(contact) > CONTACT_MAX:
        errors["contact"] = f"Cách liên lạc dài quá {CONTACT_MAX} ký tự."
    page = _page(fields, catalogue, errors, required=False)
    if errors:
        raise FormError(errors, {k: LABELS.get(k, k) for k in errors})
    return {"question": mask(text), "field": key or None, "contact": contact or None,
            "page": page}


def survey_answers(fields: Fields, survey: Survey) -> dict[str, Any]:
    """The answers to `survey` (`q.<id>` fields), by question id: rating5 and integer as
    numbers, select_multiple as a list, text masked; unanswered questions left out."""
    errors: dict[str, str] = {}
    labels: dict[str, str] = {}
    for name in fields:
        if name in COMMON:
            continue
        if not name.startswith("q.") or survey.question(name[2:]) is None:
            errors[name] = "Khảo sát không có câu hỏi này."
            labels[name] = name
    answers: dict[str, Any] = {}
    for q in survey.questions:
        name = f"q.{q.id}"
        values = [clean_text(v) for v in fields.get(name, [])]
        values = [v for v in values if v]
        problem: str | None = None
        if not values:
            problem = "Câu hỏi này cần được trả lời." if q.required else None
        else:
            problem = _answer(q, values, answers)
        if problem:
            errors[name] = problem
            labels[name] = q.text
    if errors:
        raise FormError(errors, labels)
    return answers


def _answer(q: SurveyQuestion, values: list[str], answers: dict[str, Any]) -> str | None:
    if q.type != "select_multiple" and len(values) > 1:
        return "Chỉ chọn hoặc điền một câu trả lời."
    value = values[0]
    if q.type == "rating5":
        if value not in ("1", "2", "3", "4", "5"):
            return "Hãy chọn một mức từ 1 đến 5."
        answers[q.id] = int(value)
    elif q.type == "select_one":
        if value not in q.choices:
            return "Lựa chọn này không có trong danh sách."
        answers[q.id] = value
    elif q.type == "select_multiple":
        if any(v not in q.choices for v in values):
            return "Có lựa chọn không nằm trong danh sách."
        if len(set(values)) != len(values):
            return "Mỗi lựa chọn chỉ chọn một lần."
        answers[q.id] = [c for c in q.choices if c in values]
    elif q.type == "integer":
        if not re.fullmatch(r"[+-]?\d{1,12}", value):
            return "Hãy nhập một số nguyên."
        number = int(value)
        low, high = q.minimum, q.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            return _range(low, high)
        answers[q.id] = number
    else:
        if len(value) > q.max_length:
            return f"Câu trả lời dài quá {q.max_length} ký tự (đang có {len(value)})."
        answers[q.id] = mask(value)
    return None


def _range(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"Hãy nhập một số từ {low} đến {high}."
    if low is not None:
        return f"Hãy nhập một số không nhỏ hơn {low}."
    return f"Hãy nhập một số không lớn hơn {high}."

