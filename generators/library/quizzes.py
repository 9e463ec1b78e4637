"""`quizzes/*.yml`: question banks (interaction-format.md, "Quizzes"), checked at their lines."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generators.errors import Problems
from generators.library.basis import read_basis, shown
from generators.library.data import KEY_RE, keyed_yaml_files
from generators.library.model import (
    LEVELS,
    QUIZ_TYPES,
    Basis,
    QuizBank,
    QuizQuestion,
)
from generators.library.model import Document as LegalDocument
from generators.library.schema import Key, check_mapping
from generators.library.text import answer_form as normalise
from generators.library.yamlio import YamlDoc

QUIZZES = "quizzes"
MAX_QUESTIONS = 2000
"""Questions in one bank (a province's contest bank has a few hundred)."""
MAX_TEXT = 1000
MAX_CHOICE = 300
MAX_EXPLANATION = 5000
MAX_OPTIONS = 12
"""Choices, items to order, pairs to match, accepted fill answers."""
EXPIRED_HINT = ("kiểm tra lại nội dung; dẫn văn bản thay thế nếu có (câu hỏi này không được rút "
                "vào cuộc thi)")

_HEAD = {"title": Key(str, required=True, max_len=200), "description": Key(str, max_len=2000),
         "field": Key(str), "explainers": Key(list), "questions": Key(object, required=True)}
_COMMON = ("id", "type", "level", "text", "explanation", "basis")
_SPECIFIC: Mapping[str, tuple[str, ...]] = {
    "single": ("choices", "answer"),
    "multiple": ("choices", "answer"),
    "true_false": ("answer",),
    "fill": ("answer", "loose"),
    "order": ("items",),
    "match": ("pairs",),
    "numeric": ("answer", "tolerance", "unit"),
}
_QUESTION = {"id": Key(str, required=True, max_len=80), "type": Key(str, required=True),
             "level": Key(object), "text": Key(str, required=True, max_len=MAX_TEXT),
             "explanation": Key(str, max_len=MAX_EXPLANATION), "basis": Key(object),
             "choices": Key(object), "answer": Key(object), "loose": Key(object),
             "items": Key(object), "pairs": Key(object), "tolerance": Key(object),
             "unit": Key(str, max_len=30)}
_YAML_BOOLS = frozenset({"yes", "no", "on", "off"})
"""What YAML 1.1 reads as true/false besides true and false themselves."""
QUOTE_HINT = ("đặt trong dấu ngoặc kép: YAML đọc yes/no/on/off thành true/false và 1.10 "
              "thành 1.1")


@dataclass
class QuizRefs:
    """What a bank may refer to; a registry that did not parse is None (not checked)."""

    documents: Mapping[str, LegalDocument]
    """The valid documents, with their status at the build date."""
    document_keys: Collection[str] | None
    """Every key written in documents.yml, valid or not (an invalid one has its own error)."""
    fields: Collection[str] | None
    explainers: Collection[str] | None


@dataclass
class Banks:
    """The banks read, and the names of those written but not valid (contests drawing from
    one are not judged on it: the bank's own errors say why)."""

    banks: dict[str, QuizBank] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)


def load_quizzes(root: Path, refs: QuizRefs, problems: Problems) -> Banks:
    """Every bank of `quizzes/` by name; each problem at its line. A bank with a broken
    question is kept without it (and marked broken)."""
    out = Banks()
    folder = root / QUIZZES
    if folder.is_dir():  # broken until it loads whole, also a file unread or misnamed
        out.broken.update(file.stem for file in folder.glob("*.yml"))
    for key, rel, doc in keyed_yaml_files(root, folder, problems, "ngân hàng câu hỏi",
                                          "đặt tên tệp bằng chữ thường không dấu, số và "
                                          "dấu gạch ngang"):
        source = (folder / f"{key}.yml").read_text("utf-8", errors="replace").split("\n")
        bank, ok = _Reader(rel, doc, source, refs, problems).bank(key)
        if bank is not None:
            out.banks[bank.key] = bank
            if ok:
                out.broken.discard(bank.key)
    return out


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


class _Reader:
    """One bank file: reports at the lines of `doc`."""

    def __init__(self, rel: str, doc: YamlDoc, source: list[str], refs: QuizRefs,
                 problems: Problems) -> None:
        self.rel, self.doc, self.source, self.refs, self.problems = rel, doc, source, refs, problems

    def error(self, at: tuple[Any, ...], message: str, hint: str = "") -> None:
        self.problems.error(self.rel, self.doc.line(*at), message, hint)

    def bank(self, key: str) -> tuple[QuizBank | None, bool]:
        head = check_mapping(self.doc, (), self.doc.data, _HEAD, self.rel, self.problems,
                             "ngân hàng câu hỏi")
        if head is None:
            return None, False
        ok = True
        field_key = head.get("field")
        if field_key is not None and self.refs.fields is not None \
                and field_key not in self.refs.fields:
            self.error(("field",), f"lĩnh vực '{field_key}' không có trong fields.yml",
                       _choices(self.refs.fields))
            ok = False
        explainers: list[str] = []
        for index, slug in enumerate(head.get("explainers", [])):
            if self.refs.explainers is not None and slug not in self.refs.explainers:
                self.error(("explainers", index), f"không có bài '{slug}'",
                           "ghi slug của bài (tên tệp .md không có phần mở rộng)")
                ok = False
            elif slug in explainers:
                self.error(("explainers", index), f"bài '{slug}' được ghi hai lần")
                ok = False
            else:
                explainers.append(slug)
        raw = head["questions"]
        if not isinstance(raw, list):
            self.error(("questions",), "'questions' phải là một danh sách câu hỏi",
                       "mỗi câu hỏi bắt đầu bằng '- id: …'")
            return None, False
        if len(raw) > MAX_QUESTIONS:
            self.error(("questions",), f"ngân hàng có {len(raw)} câu hỏi, tối đa {MAX_QUESTIONS}",
                       "chia thành nhiều ngân hàng")
            return None, False
        questions: list[QuizQuestion] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(raw):
            question = self.question(index, item)
            if question is None:
                ok = False
                continue
            if question.id in seen:
                self.error(("questions", index, "id"), f"id câu hỏi '{question.id}' trùng với "
                           f"câu ở dòng {seen[question.id]}",
                           "mỗi câu hỏi cần một id riêng, không đổi về sau")
                ok = False
                continue
            seen[question.id] = question.line
            questions.append(question)
        bank = QuizBank(key, self.rel, _nfc(head["title"]), tuple(questions), field_key,
                        tuple(explainers), _nfc(head.get("description") or ""))
        return bank, ok

    def question(self, index: int, item: Any) -> QuizQuestion | None:
        at = ("questions", index)
        clean = check_mapping(self.doc, at, item, _QUESTION, self.rel, self.problems,
                              f"câu hỏi {index + 1}")
        if clean is None:
            return None
        qid, kind = clean["id"], clean["type"]
        if not KEY_RE.match(qid):
            self.error((*at, "id"), f"id câu hỏi '{qid}' không hợp lệ",
                       "dùng chữ thường không dấu, số và dấu gạch ngang")
            return None
        what = f"câu hỏi '{qid}'"
        ok = True
        if not clean["text"]:
            self.error((*at, "text"), f"{what}: để trống khóa bắt buộc 'text'", "thêm 'text: …'")
            ok = False
        # Level and basis do not depend on the type: checked even when it is unknown.
        level = self.level(at, item.get("level"), what)
        basis = self.basis(at, item.get("basis"), what)
        if kind not in QUIZ_TYPES:
            self.error((*at, "type"), f"loại câu hỏi '{kind}' không có",
                       "dùng một trong: " + ", ".join(QUIZ_TYPES))
            return None
        allowed = set(_COMMON) | set(_SPECIFIC[kind])
        for name in item:
            if name in _QUESTION and name not in allowed:
                users = [t for t, keys in _SPECIFIC.items() if name in keys]
                self.error((*at, name), f"{what}: loại {kind} không dùng khóa '{name}'",
                           "khóa này dành cho loại " + ", ".join(users))
                ok = False
        fields = self.specific(at, kind, item, clean, what)
        if not ok or level is None or basis is None or fields is None:
            return None
        return QuizQuestion(id=qid, type=kind, text=_nfc(clean["text"]), line=self.doc.line(*at),
                            basis=basis, level=level,
                            explanation=_nfc(clean.get("explanation") or ""), **fields)

    def level(self, at: tuple[Any, ...], raw: Any, what: str) -> int | None:
        if raw is None:
            return 1
        if isinstance(raw, bool) or not isinstance(raw, int) or raw not in LEVELS:
            self.error((*at, "level"), f"{what}: 'level' phải là 1, 2 hoặc 3, không phải "
                       f"{shown(raw)}", "1 dễ, 2 trung bình, 3 khó")
            return None
        return raw

    def basis(self, at: tuple[Any, ...], raw: Any, what: str) -> tuple[Basis, ...] | None:
        return read_basis(self.rel, self.doc, at, raw, what, self.refs.documents,
                          self.refs.document_keys, self.problems, EXPIRED_HINT)

    def specific(self, at: tuple[Any, ...], kind: str, item: dict[str, Any],
                 clean: dict[str, Any], what: str) -> dict[str, Any] | None:
        """The type's own fields for QuizQuestion, or None after an error."""
        if kind in ("single", "multiple"):
            return self.choices(at, kind, item, what)
        if kind == "true_false":
            truth = self.flag(at, "answer", item.get("answer"), what, required=True)
            return None if truth is None else {"truth": truth}
        if kind == "fill":
            return self.fill(at, item, what)
        if kind == "order":
            items = self.texts(at, "items", item.get("items"), what, minimum=2)
            return None if items is None else {"items": items}
        if kind == "match":
            return self.pairs(at, item.get("pairs"), what)
        return self.numeric(at, item, clean, what)

    def choices(self, at: tuple[Any, ...], kind: str, item: dict[str, Any],
                what: str) -> dict[str, Any] | None:
        choices = self.texts(at, "choices", item.get("choices"), what, minimum=2)
        if choices is None:
            return None
        raw = item.get("answer")
        where = (*at, "answer")
        if kind == "single":
            if isinstance(raw, list):
                self.error(where, f"{what}: loại single có đúng một đáp án",
                           "nhiều đáp án đúng: dùng type: multiple")
                return None
            answer = self.text(where, raw, what, "answer")
            if answer is None:
                return None
            answers: tuple[str, ...] = (answer,)
        else:
            if raw is None or raw == []:
                self.error(where, f"{what}: loại multiple cần ít nhất một đáp án đúng",
                           "viết answer: [lựa chọn đúng 1, lựa chọn đúng 2]")
                return None
            found = self.texts(at, "answer", raw if isinstance(raw, list) else [raw], what,
                               minimum=1)
            if found is None:
                return None
            answers = found
        for index, answer in enumerate(answers):
            if answer not in choices:
                place = where if kind == "single" or not isinstance(raw, list) else (*where, index)
                self.error(place, f"{what}: đáp án '{answer}' không có trong 'choices'",
                           "đáp án phải viết đúng như một lựa chọn")
                return None
        return {"choices": choices, "answers": answers}

    def fill(self, at: tuple[Any, ...], item: dict[str, Any], what: str) -> dict[str, Any] | None:
        raw = item.get("answer")
        loose = self.flag(at, "loose", item.get("loose"), what, required=False)
        answers = self.texts(at, "answer", [raw] if isinstance(raw, str | int) and
                             not isinstance(raw, bool) else raw, what, minimum=1)
        if answers is None or loose is None:
            return None
        folded = [normalise(a, loose) for a in answers]
        for index, text in enumerate(folded):
            if folded.index(text) != index:
                how = " (khi bỏ dấu)" if loose else ""
                self.error((*at, "answer", index), f"{what}: đáp án '{answers[index]}' trùng với "
                           f"'{answers[folded.index(text)]}'{how}",
                           "đáp án được so sánh không phân biệt hoa thường và khoảng trắng")
                return None
        return {"answers": answers, "loose": loose}

    def pairs(self, at: tuple[Any, ...], raw: Any, what: str) -> dict[str, Any] | None:
        where = (*at, "pairs")
        if not isinstance(raw, list) or len(raw) < 2:
            self.error(where, f"{what}: loại match cần ít nhất 2 cặp trong 'pairs'",
                       "viết pairs: [[vế trái 1, vế phải 1], [vế trái 2, vế phải 2]]")
            return None
        if len(raw) > MAX_OPTIONS:
            self.error(where, f"{what}: 'pairs' có {len(raw)} cặp, tối đa {MAX_OPTIONS}")
            return None
        pairs: list[tuple[str, str]] = []
        for index, pair in enumerate(raw):
            if not isinstance(pair, list) or len(pair) != 2:
                self.error((*where, index), f"{what}: mỗi cặp là một danh sách 2 mục",
                           "viết [vế trái, vế phải]")
                return None
            left = self.text((*where, index, 0), pair[0], what, "pairs")
            right = self.text((*where, index, 1), pair[1], what, "pairs")
            if left is None or right is None:
                return None
            pairs.append((left, right))
        for side, name in ((0, "vế trái"), (1, "vế phải")):
            texts = [normalise(p[side]) for p in pairs]
            for index, text in enumerate(texts):
                if texts.index(text) != index:
                    self.error((*where, index), f"{what}: {name} '{pairs[index][side]}' "
                               "lặp lại", "mỗi vế chỉ xuất hiện một lần")
                    return None
        return {"pairs": tuple(pairs)}

    def numeric(self, at: tuple[Any, ...], item: dict[str, Any], clean: dict[str, Any],
                what: str) -> dict[str, Any] | None:
        answer = self.number(at, "answer", item.get("answer"), what, required=True)
        tolerance = self.number(at, "tolerance", item.get("tolerance"), what, required=False)
        if answer is None or tolerance is None:
            return None
        if tolerance < 0:
            self.error((*at, "tolerance"), f"{what}: 'tolerance' không được âm",
                       "viết tolerance: 0 khi chỉ chấp nhận đúng số đó")
            return None
        return {"number": answer, "tolerance": tolerance, "unit": _nfc(clean.get("unit") or "")}

    def number(self, at: tuple[Any, ...], name: str, raw: Any, what: str,
               required: bool) -> float | None:
        where = (*at, name)
        if raw is None and not required:
            return 0.0
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            hint = f"viết {name}: 36 (không có dấu ngoặc kép; số thập phân dùng dấu chấm: 2.5)"
            self.error(where, f"{what}: '{name}' phải là một số, không phải {shown(raw)}", hint)
            return None
        return float(raw)

    def flag(self, at: tuple[Any, ...], name: str, raw: Any, what: str,
             required: bool) -> bool | None:
        where = (*at, name)
        if raw is None and not required:
            return False
        if not isinstance(raw, bool):
            self.error(where, f"{what}: '{name}' phải là true hoặc false, không phải "
                       f"{shown(raw)}", f"viết {name}: true hoặc {name}: false")
            return None
        spelled = self.spelled(where, name)
        if spelled.lower() in _YAML_BOOLS:
            self.error(where, f"{what}: '{name}: {spelled}' — hãy viết true hoặc false",
                       "YAML đọc yes/no/on/off thành true/false: viết rõ true hoặc false")
            return None
        return raw

    def spelled(self, where: tuple[Any, ...], name: str) -> str:
        """The value of `name:` as written on its line (to tell `yes` from `true`)."""
        number = self.doc.line(*where)
        if not 1 <= number <= len(self.source):
            return ""
        found = re.search(rf"(?:^|[\s{{,-]){re.escape(name)}\s*:\s*([^\s,}}#]+)",
                          self.source[number - 1])
        return found.group(1).strip("'\"") if found else ""

    def texts(self, at: tuple[Any, ...], name: str, raw: Any, what: str,
              minimum: int) -> tuple[str, ...] | None:
        """A list of distinct non-empty texts (at least `minimum`), NFC."""
        where = (*at, name)
        if not isinstance(raw, list) or len(raw) < minimum:
            count = len(raw) if isinstance(raw, list) else 0
            self.error(where, f"{what}: '{name}' cần ít nhất {minimum} mục, có {count}",
                       f"viết {name}: [mục 1, mục 2]")
            return None
        if len(raw) > MAX_OPTIONS:
            self.error(where, f"{what}: '{name}' có {len(raw)} mục, tối đa {MAX_OPTIONS}",
                       "rút bớt cho dễ đọc trên điện thoại")
            return None
        out: list[str] = []
        for index, value in enumerate(raw):
            text = self.text((*where, index), value, what, name)
            if text is None:
                return None
            if normalise(text) in map(normalise, out):
                self.error((*where, index), f"{what}: '{text}' lặp lại trong '{name}'",
                           "mỗi mục chỉ viết một lần")
                return None
            out.append(text)
        return tuple(out)

    def text(self, where: tuple[Any, ...], raw: Any, what: str, name: str) -> str | None:
        """One choice, item or answer: a non-empty text (a whole number is read as text)."""
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = str(raw)
        if not isinstance(raw, str):
            self.error(where, f"{what}: mục trong '{name}' phải là chữ, không phải {shown(raw)}",
                       QUOTE_HINT)
            return None
        text = _nfc(raw)
        if not text:
            self.error(where, f"{what}: mục trong '{name}' để trống", "viết nội dung cho mục này")
            return None
        if len(text) > MAX_CHOICE:
            self.error(where, f"{what}: mục trong '{name}' dài {len(text)} ký tự, tối đa "
                       f"{MAX_CHOICE}", "rút gọn cho dễ đọc trên điện thoại")
            return None
        return text


def _choices(known: Collection[str]) -> str:
    shown = sorted(known)[:8]
    return ("dùng một trong: " + ", ".join(shown) + (", …" if len(known) > 8 else "")
            if shown else "")
