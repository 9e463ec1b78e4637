"""Moodle's GIFT format, both ways, for all seven types.

What GIFT has no place for rides in comment lines Moodle ignores, one `// key: value` each,
in the question's own block: `level`, `basis` (`45/2019/QH14:20; …`), `loose`, `unit`, and
`type: order`. GIFT has no ordering type: an order question is written as a matching of
positions (`=1 -> first item`, `=2 -> …`), which Moodle grades rightly, and `type: order`
turns it back into one. The bank's title, field, explainers and description are `// bank-…:`
comments at the top; `$CATEGORY:` is the bank's key. The id is the question's name
(`::id::`), the explanation the general feedback (`####`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from generators.library.model import LEVELS, QUIZ_TYPES, QuizBank, QuizQuestion
from generators.quiz.interchange.common import (
    Ids,
    Imported,
    format_basis,
    format_number,
    parse_basis,
    parse_number,
    unwritable,
)
from generators.quiz.interchange.html import html_text

SPECIAL = "~=#{}:"
_ESCAPE = {c: "\\" + c for c in SPECIAL} | {"\\": "\\\\", "\n": "\\n"}
_UNESCAPE = {c: c for c in SPECIAL} | {"\\": "\\", "n": "\n"}
_META = re.compile(r"^//\s*([a-z][a-z-]*)\s*:\s*(.*?)\s*$")
_QUESTION_KEYS = ("level", "basis", "loose", "unit", "type")
_BANK_KEYS = ("bank-title", "bank-field", "bank-explainers", "bank-description")
_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^%(-?\d+(?:[.,]\d+)?)%")
_TRUE, _FALSE = ("T", "TRUE"), ("F", "FALSE")


def escape(text: str) -> str:
    """Text as GIFT writes it: `~ = # { } :` and `\\` after a backslash, newlines as `\\n`."""
    return "".join(_ESCAPE.get(c, c) for c in text)


def unescape(text: str) -> str:
    """GIFT's escapes undone; a backslash before any other character stays (as in Moodle)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in _UNESCAPE:
            out.append(_UNESCAPE[text[i + 1]])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


# -- export ------------------------------------------------------------------------------


def dump(bank: QuizBank) -> tuple[str, list[str]]:
    """The bank as GIFT, and a warning for each question left out (naming it)."""
    out = [f"// Tủ sách pháp luật số — ngân hàng câu hỏi '{bank.key}' (GIFT cho Moodle)",
           f"// bank-title: {_one_line(bank.title)}"]
    if bank.field:
        out.append(f"// bank-field: {bank.field}")
    if bank.explainers:
        out.append(f"// bank-explainers: {', '.join(bank.explainers)}")
    out += [f"// bank-description: {line}" for line in bank.description.split("\n")
            if bank.description]
    out += [f"$CATEGORY: {escape(bank.key)}", ""]
    warnings: list[str] = []
    for question in bank.questions:
        bad = unwritable(question)
        left = next((p[0] for p in question.pairs if "->" in p[0]), None)
        if bad:
            warnings.append(f"bỏ câu '{question.id}': có ký tự {bad} không ghi được")
        elif left is not None:
            warnings.append(f"bỏ câu '{question.id}': vế trái '{left}' chứa '->', "
                            "dấu GIFT dùng để nối cặp")
        else:
            out += [*_question(question), ""]
    return "\n".join(out), warnings


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _question(q: QuizQuestion) -> list[str]:
    lines = [f"// level: {q.level}"]
    if q.basis:
        lines.append(f"// basis: {format_basis(q.basis)}")
    if q.type == "order":
        lines.append("// type: order")
    if q.type == "fill" and q.loose:
        lines.append("// loose: true")
    if q.type == "numeric" and q.unit:
        lines.append(f"// unit: {_one_line(q.unit)}")
    answers = _answers(q)
    head = f"::{escape(q.id)}::{escape(q.text)}{{"
    if q.type in ("true_false", "numeric"):  # Moodle tells these by the answer's first mark
        if not q.explanation:
            return [*lines, f"{head}{answers[0]}}}"]
        lines.append(head + answers[0])
    else:
        lines.append(head)
        lines += [f"\t{answer}" for answer in answers]
    if q.explanation:
        lines.append(f"\t####{escape(q.explanation)}")
    lines.append("}")
    return lines


def _answers(q: QuizQuestion) -> list[str]:
    if q.type == "single":
        return [("=" if c == q.answers[0] else "~") + escape(c) for c in q.choices]
    if q.type == "multiple":
        right = set(q.answers)
        wrong = len(q.choices) - len(right)
        return [f"~%{_weight(100 / len(right))}%{escape(c)}" if c in right
                else f"~%{_weight(-100 / wrong)}%{escape(c)}" for c in q.choices]
    if q.type == "true_false":
        return ["TRUE" if q.truth else "FALSE"]
    if q.type == "fill":
        return ["=" + escape(a) for a in q.answers]
    if q.type == "match":
        return [f"={escape(left)} -> {escape(right)}" for left, right in q.pairs]
    if q.type == "order":
        return [f"={n} -> {escape(item)}" for n, item in enumerate(q.items, 1)]
    if q.type == "numeric" and q.number is not None:
        return [f"#{format_number(q.number)}:{format_number(q.tolerance)}"]
    raise ValueError(f"câu '{q.id}': loại '{q.type}' không ghi được")


def _weight(value: float) -> str:
    """Moodle's weights: five decimals at most (33.33333), as its own export writes them."""
    return f"{value:.5f}".rstrip("0").rstrip(".")


# -- import ------------------------------------------------------------------------------


@dataclass
class _Block:
    """One question's lines (blank lines separate questions): comments apart, the rest
    joined by newlines, with the source line of each character."""

    comments: list[tuple[int, str]]
    body: str
    starts: list[int]
    """Offset in `body` where each kept line starts."""
    numbers: list[int]
    """Source line of each kept line."""

    def line(self, offset: int = 0) -> int:
        return self.numbers[max(0, bisect_right(self.starts, offset) - 1)]


def load(text: str, path: str) -> Imported:
    """Every question of a GIFT text; problems at the lines of `path`."""
    result = Imported(path)
    ids = Ids()
    category: str | None = None
    description: list[str] = []
    for block in _blocks(text):
        meta, keys = _metadata(block, result, description)
        body = block.body
        if not body.strip():
            for line, key in keys:
                result.warning(line, f"'// {key}:' không đi cùng câu hỏi nào",
                               "viết dòng chú thích ngay trên câu hỏi, không cách dòng trống")
            continue
        if body.startswith("$CATEGORY:"):
            category = unescape(body[len("$CATEGORY:"):]).strip()
            continue
        question = _parse(block, meta, result, ids)
        if question is not None:
            result.questions.append(question)
    if description:
        result.description = "\n".join(description)
    if result.title is None and category:
        result.title = category.rstrip("/").rsplit("/", 1)[-1] or None
    return result


def _blocks(text: str) -> list[_Block]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[_Block] = []
    current: list[tuple[int, str]] = []
    for number, raw in enumerate([*text.split("\n"), ""], 1):
        if raw.strip():
            current.append((number, raw.strip()))
            continue
        if current:
            comments = [(n, t) for n, t in current if t.startswith("//")]
            kept = [(n, t) for n, t in current if not t.startswith("//")]
            starts, offset = [], 0
            for _, t in kept:
                starts.append(offset)
                offset += len(t) + 1
            blocks.append(_Block(comments, "\n".join(t for _, t in kept), starts,
                                 [n for n, _ in kept] or [current[0][0]]))
            current = []
    return blocks


def _metadata(block: _Block, result: Imported, description: list[str],
              ) -> tuple[dict[str, object], list[tuple[int, str]]]:
    """The block's `// key: value` lines, and where each question key is; the bank's are
    stored on `result` at once."""
    meta: dict[str, object] = {}
    keys: list[tuple[int, str]] = []
    for line, comment in block.comments:
        found = _META.match(comment)
        if not found or found[1] not in (*_QUESTION_KEYS, *_BANK_KEYS):
            continue
        key, value = found[1], found[2]
        if key == "bank-title":
            result.title = value
        elif key == "bank-field":
            result.field = value or None
        elif key == "bank-explainers":
            result.explainers = tuple(s.strip() for s in value.split(",") if s.strip())
        elif key == "bank-description":
            description.append(value)
        else:
            keys.append((line, key))
            parsed = _meta_value(key, value, line, result)
            if parsed is not None:
                meta[key] = parsed
    return meta, keys


def _meta_value(key: str, value: str, line: int, result: Imported) -> object | None:
    if key == "level":
        if value not in [str(level) for level in LEVELS]:
            result.error(line, f"'level: {value}' phải là 1, 2 hoặc 3")
            return None
        return int(value)
    if key == "basis":
        try:
            return parse_basis(value)
        except ValueError as exc:
            result.error(line, str(exc))
            return None
    if key == "loose":
        if value not in ("true", "false"):
            result.error(line, f"'loose: {value}' phải là true hoặc false")
            return None
        return value == "true"
    if key == "type" and value not in QUIZ_TYPES:
        result.error(line, f"loại câu hỏi '{value}' không có",
                     "dùng một trong: " + ", ".join(QUIZ_TYPES))
        return None
    return value


def _marks(text: str, chars: str) -> list[int]:
    """Where each of `chars` stands unescaped in `text`."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in chars:
            out.append(i)
        i += 1
    return out


def _find(text: str, target: str, start: int = 0) -> int:
    """The first `target` at or after `start` that no backslash escapes; -1 if none."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(target, i):
            return i
        i += 1
    return -1


def _parse(block: _Block, meta: dict[str, object], result: Imported,
           ids: Ids) -> QuizQuestion | None:
    body = block.body
    name: str | None = None
    begin = 0
    if body.startswith("::"):
        end = _find(body, "::", 2)
        if end < 0:
            result.error(block.line(), "tên câu hỏi mở bằng '::' mà không đóng",
                         "viết ::tên::nội dung câu hỏi{…}")
            return None
        name, begin = unescape(body[2:end]).strip(), end + 2
    opening = _find(body, "{", begin)
    if opening < 0:
        result.warning(block.line(begin), "đoạn văn không có đáp án {…}: bỏ qua",
                       "ngân hàng chỉ nhận câu hỏi có đáp án")
        return None
    closing = _find(body, "}", opening + 1)
    if closing < 0:
        result.error(block.line(opening), "thiếu dấu '}' đóng phần đáp án",
                     "dấu } là chữ thì viết \\}; giữa các câu cần một dòng trống")
        return None
    extra = _find(body, "{", closing + 1)
    if extra >= 0:
        result.error(block.line(extra), "một câu chỉ có một phần đáp án {…}",
                     "tách thành nhiều câu, cách nhau một dòng trống")
        return None
    before, after = body[begin:opening], body[closing + 1:]
    html = False
    marker = _FORMAT.match(before.lstrip())
    if marker:
        html = marker[1].lower() == "html"
        before = before.lstrip()[marker.end():]
    text = _text(before, html)
    if after.strip():  # Moodle's "missing word": the answer stands in for a blank
        text = f"{text} _____ {_text(after, html)}".strip()
    line = block.line(begin if name is None else 0)
    if not text:
        result.error(line, "câu hỏi không có nội dung")
        return None
    parsed = _answer_part(block, opening + 1, body[opening + 1:closing], meta, result, html)
    if parsed is None:
        return None
    kind, fields, explanation = parsed
    declared = meta.get("type")
    if declared is not None and declared != kind:
        result.error(line, f"'// type: {declared}' nhưng đáp án viết theo dạng '{kind}'")
        return None
    basis = meta.get("basis", ())
    level = meta.get("level", 1)
    assert isinstance(basis, tuple) and isinstance(level, int)
    unit = meta.get("unit")
    if unit is not None and kind != "numeric":
        result.warning(line, "'// unit:' chỉ dùng cho câu numeric: bỏ qua")
    loose = meta.get("loose")
    if loose is not None and kind != "fill":
        result.warning(line, "'// loose:' chỉ dùng cho câu fill: bỏ qua")
    if kind == "numeric" and isinstance(unit, str):
        fields["unit"] = unit
    if kind == "fill" and isinstance(loose, bool):
        fields["loose"] = loose
    return QuizQuestion(ids.give(name, text, result, line), kind, text, line, basis, level,
                        explanation=explanation, **fields)  # type: ignore[arg-type]


def _text(raw: str, html: bool) -> str:
    text = unescape(raw).strip()
    return html_text(text) if html else text


@dataclass
class _Answer:
    marker: str
    weight: float | None
    text: str
    line: int
    feedback: bool


def _answer_part(block: _Block, at: int, raw: str, meta: dict[str, object], result: Imported,
                 html: bool) -> tuple[str, dict[str, object], str] | None:
    """(type, the QuizQuestion fields of its answer, the explanation) of what is in braces."""
    explanation = ""
    general = _find(raw, "####")
    if general >= 0:
        explanation = _text(raw[general + 4:], html)
        raw = raw[:general]
    stripped = raw.strip()
    line = block.line(at + len(raw) - len(raw.lstrip()))
    if not stripped:
        result.error(line, "câu tự luận (không có đáp án) không có trong ngân hàng",
                     "chỉ nhận trắc nghiệm, đúng/sai, điền, ghép cặp, số")
        return None
    if stripped.startswith("#"):
        fields = _numeric(stripped[1:], line, result)
        return None if fields is None else ("numeric", fields, explanation)
    head = unescape(stripped.split("#", 1)[0]).strip().upper()
    if head in _TRUE + _FALSE:
        if _find(stripped, "#") >= 0:
            result.warning(line, "bỏ phản hồi riêng của đáp án đúng/sai",
                           "ngân hàng có một lời giải thích chung (####)")
        return "true_false", {"truth": head in _TRUE}, explanation
    answers = _split_answers(block, at, raw, result, html)
    if answers is None:
        return None
    if any(a.feedback for a in answers):
        result.warning(line, "bỏ phản hồi riêng của từng lựa chọn (#…)",
                       "ngân hàng có một lời giải thích chung (####)")
    if any(a.marker == "~" for a in answers):
        fields = _choices(answers, line, result)
        if fields is None:
            return None
        kind = "single" if len(fields["answers"]) == 1 and any(  # type: ignore[arg-type]
            a.marker == "=" for a in answers) else "multiple"
        return kind, fields, explanation
    if any(_find(a.text, "->") >= 0 for a in answers):
        return _matching(answers, meta.get("type") == "order", result, explanation)
    accepted = []
    for a in answers:
        if a.weight is not None and a.weight < 100:
            result.warning(a.line, f"bỏ đáp án được {format_number(a.weight)} % điểm",
                           "ngân hàng chấm đúng/sai: chỉ giữ đáp án đủ điểm")
        else:
            accepted.append(unescape(a.text).strip())
    if not accepted:
        result.error(line, "câu điền không có đáp án đủ điểm")
        return None
    return "fill", {"answers": tuple(accepted)}, explanation


def _split_answers(block: _Block, at: int, raw: str, result: Imported,
                   html: bool) -> list[_Answer] | None:
    marks = _marks(raw, "=~")
    lead = raw[:marks[0]] if marks else raw
    if lead.strip():
        result.error(block.line(at + len(lead) - len(lead.lstrip())),
                     f"'{lead.strip()[:40]}' đứng trước đáp án đầu tiên",
                     "mỗi đáp án bắt đầu bằng = (đúng) hoặc ~ (sai); dấu = hay ~ là chữ thì "
                     "viết \\= hay \\~")
        return None
    answers = []
    for n, start in enumerate(marks):
        end = marks[n + 1] if n + 1 < len(marks) else len(raw)
        piece = raw[start + 1:end]
        weight = None
        found = _WEIGHT.match(piece.lstrip())
        if found:
            weight = float(found[1].replace(",", "."))
            piece = piece.lstrip()[found.end():]
        feedback = _find(piece, "#")
        text = piece if feedback < 0 else piece[:feedback]
        if html:
            text = html_text(unescape(text).strip())
            text = escape(text)
        answers.append(_Answer(raw[start], weight, text.strip(), block.line(at + start),
                               feedback >= 0))
    return answers


def _choices(answers: list[_Answer], line: int, result: Imported) -> dict[str, object] | None:
    choices = tuple(unescape(a.text).strip() for a in answers)
    equals = [a for a in answers if a.marker == "="]
    if len(equals) > 1:
        result.error(equals[1].line, "câu trắc nghiệm có hơn một đáp án '='",
                     "nhiều đáp án đúng: viết ~%50%đúng ~%50%đúng ~%-100%sai")
        return None
    if equals:
        for a in answers:
            if a.marker == "~" and a.weight is not None and a.weight > 0:
                result.warning(a.line, f"lựa chọn được {format_number(a.weight)} % điểm "
                               "được tính là sai", "ngân hàng chấm đúng/sai")
        right: tuple[str, ...] = (unescape(equals[0].text).strip(),)
    else:
        right = tuple(c for a, c in zip(answers, choices, strict=True)
                      if a.weight is not None and a.weight > 0)
        if not right:
            result.error(line, "câu trắc nghiệm không có lựa chọn đúng",
                         "đánh dấu đáp án đúng bằng = hoặc ~%100%")
            return None
    for n, choice in enumerate(choices):
        if not choice:
            result.error(answers[n].line, "lựa chọn trống")
            return None
        if choice in choices[:n]:
            result.error(answers[n].line, f"lựa chọn '{choice}' trùng")
            return None
    return {"choices": choices, "answers": right}


def _matching(answers: list[_Answer], order: bool, result: Imported,
              explanation: str) -> tuple[str, dict[str, object], str] | None:
    pairs: list[tuple[str, str]] = []
    for a in answers:
        arrow = _find(a.text, "->")
        if a.marker != "=" or arrow < 0:
            result.error(a.line, "mỗi cặp ghép viết =vế trái -> vế phải")
            return None
        left, right = unescape(a.text[:arrow]).strip(), unescape(a.text[arrow + 2:]).strip()
        if not left:
            result.warning(a.line, f"bỏ vế phải thừa '{right}' (không có vế trái)",
                           "ngân hàng chỉ có cặp đủ hai vế")
            continue
        pairs.append((left, right))
    if not order:
        return "match", {"pairs": tuple(pairs)}, explanation
    if [left for left, _ in pairs] != [str(n) for n in range(1, len(pairs) + 1)]:
        result.error(answers[0].line, "câu '// type: order' cần các cặp =1 -> …, =2 -> … "
                     "theo đúng thứ tự")
        return None
    return "order", {"items": tuple(right for _, right in pairs)}, explanation


def _numeric(raw: str, line: int, result: Imported) -> dict[str, object] | None:
    if _find(raw, "=") >= 0:
        options = [p for p in _pieces(raw, "=") if p.strip()]
        full = []
        for piece in options:
            found = _WEIGHT.match(piece.strip())
            if found and float(found[1].replace(",", ".")) < 100:
                result.warning(line, f"bỏ đáp án số được {found[1]} % điểm",
                               "ngân hàng chấm đúng/sai")
                continue
            full.append(piece.strip()[found.end():] if found else piece)
        if not full:
            result.error(line, "câu số không có đáp án đủ điểm")
            return None
        if len(full) > 1:
            result.warning(line, "câu số có nhiều đáp án đủ điểm: giữ đáp án đầu")
        raw = full[0]
    feedback = _find(raw, "#")
    if feedback >= 0:
        result.warning(line, "bỏ phản hồi riêng của đáp án số")
        raw = raw[:feedback]
    value = unescape(raw).strip()
    if ".." in value:
        low, high = (parse_number(v) for v in value.split("..", 1))
        if low is None or high is None or high < low:
            result.error(line, f"khoảng số '{value}' không hợp lệ", "viết {#min..max}")
            return None
        return {"number": (low + high) / 2, "tolerance": (high - low) / 2}
    number, _, spread = value.partition(":")
    answer, tolerance = parse_number(number), parse_number(spread or "0")
    if answer is None or tolerance is None or tolerance < 0:
        result.error(line, f"đáp án số '{value}' không hợp lệ",
                     "viết {#36} hoặc {#36:0.5} (dấu chấm thập phân)")
        return None
    return {"number": answer, "tolerance": tolerance}


def _pieces(raw: str, mark: str) -> list[str]:
    out, start = [], 0
    while (i := _find(raw, mark, start)) >= 0:
        out.append(raw[start:i])
        start = i + 1
    out.append(raw[start:])
    return out

