"""`qa/*.yml`: questions and answers (interaction-format.md, "Questions and answers"),
checked at their lines."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generators.errors import Problems
from generators.library.answer_texts import is_translation_file
from generators.library.basis import read_basis, unreviewed_warning
from generators.library.data import KEY_RE, keyed_yaml_files
from generators.library.html_policy import reserved_name
from generators.library.markdown import parse_tokens
from generators.library.model import Document, QABank, QAItem
from generators.library.pointers import Explainers, check_pointer
from generators.library.schema import Key, check_mapping
from generators.library.sentences import LONG_SENTENCE, first_sentence, word_count
from generators.library.text import answer_form, ascii_slug
from generators.library.yamlio import YamlDoc
from generators.urls import QA_RESERVED

QA = "qa"
MAX_ITEMS = 500
MAX_QUESTION = 300
MAX_ANSWER = 3000
MAX_ID = 80
EXPIRED_HINT = "kiểm tra lại câu trả lời; dẫn văn bản thay thế nếu có"
_ASKED_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$")
_SAFE_LINK = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)

_HEAD = {"field": Key(str, required=True), "title": Key(str, max_len=200),
         "reviewed": Key(bool), "items": Key(object, required=True)}
_ITEM = {"id": Key(str, max_len=MAX_ID), "question": Key(str, required=True, max_len=MAX_QUESTION),
         "answer": Key(str, required=True, max_len=MAX_ANSWER), "basis": Key(object),
         "explainer": Key(object), "audiences": Key(list), "asked": Key(str)}


@dataclass(frozen=True)
class QARefs:
    """What a Q&A file may refer to; a registry that did not parse is None (not checked)."""

    documents: Mapping[str, Document]
    document_keys: Collection[str] | None
    fields: Collection[str] | None
    audiences: Collection[str] | None
    explainers: Explainers


def question_form(text: str) -> str:
    """How questions are compared for duplicates: case, diacritics, spaces and the final
    punctuation do not count."""
    return answer_form(text, loose=True).rstrip(" ?.!…:")


def load_qa(root: Path, refs: QARefs, problems: Problems) -> dict[str, QABank]:
    """Every Q&A file by name; an item with an error is left out of its bank."""
    out: dict[str, QABank] = {}
    asked: dict[str, tuple[str, int]] = {}  # normalised question → (path, line) first seen
    reserved = {name: f"không dùng '{name}': trang gửi câu hỏi đã dùng tên này"
                for name in QA_RESERVED}
    for key, rel, doc in keyed_yaml_files(root, root / QA, problems, "tệp hỏi đáp",
                                          "đặt tên tệp bằng chữ thường không dấu, số và "
                                          "dấu gạch ngang", reserved=reserved,
                                          skip=is_translation_file):
        bank = _Reader(rel, doc, refs, problems).bank(key, asked)
        if bank is not None:
            out[bank.key] = bank
    return out


class _Reader:
    """One Q&A file: reports at the lines of `doc`."""

    def __init__(self, rel: str, doc: YamlDoc, refs: QARefs, problems: Problems) -> None:
        self.rel, self.doc, self.refs, self.problems = rel, doc, refs, problems

    def error(self, at: tuple[Any, ...], message: str, hint: str = "") -> None:
        self.problems.error(self.rel, self.doc.line(*at), message, hint)

    def bank(self, key: str, asked: dict[str, tuple[str, int]]) -> QABank | None:
        head = check_mapping(self.doc, (), self.doc.data, _HEAD, self.rel, self.problems,
                             "tệp hỏi đáp")
        if head is None:
            return None
        field = head["field"]
        if self.refs.fields is not None and field not in self.refs.fields:
            close = difflib.get_close_matches(field, list(self.refs.fields), n=1)
            self.error(("field",), f"lĩnh vực '{field}' không có trong "
                       "content/_data/fields.yml",
                       f"có phải ý bạn là '{close[0]}'?" if close else
                       "thêm lĩnh vực vào content/_data/fields.yml")
            return None
        raw = self.doc.data.get("items")
        if not isinstance(raw, list) or not raw:
            self.error(("items",), "'items' phải là danh sách các câu hỏi",
                       "viết items: rồi mỗi câu hỏi bắt đầu bằng '- question: …'")
            return None
        if len(raw) > MAX_ITEMS:
            self.error(("items",), f"tệp có {len(raw)} câu hỏi, tối đa {MAX_ITEMS}",
                       "chia thành nhiều tệp")
            return None
        items: list[QAItem] = []
        ids: dict[str, int] = {}
        for index, entry in enumerate(raw):
            # A repeated question is reported even when its item has other problems.
            question = entry.get("question") if isinstance(entry, dict) else None
            repeated = isinstance(question, str) and self.repeated(index, question, asked)
            item = self.item(index, entry)
            if item is None or repeated:
                continue
            if item.id in ids:
                self.error(("items", index), f"id '{item.id}' trùng với câu ở dòng "
                           f"{ids[item.id]}", "thêm id: riêng cho câu hỏi này")
                continue
            ids[item.id] = item.line
            items.append(item)
        reviewed = unreviewed_warning(self.rel, self.doc, head, "tệp hỏi đáp", self.problems)
        return QABank(key, self.rel, field, tuple(items), head.get("title") or "", reviewed)

    def repeated(self, index: int, question: str, asked: dict[str, tuple[str, int]]) -> bool:
        """Whether `question` was asked before (reported), else it is noted in `asked`."""
        form = question_form(question)
        if not form:
            return False
        if form in asked:
            path, line = asked[form]
            self.error(("items", index, "question"), f"câu hỏi '{question}' trùng với câu ở "
                       f"{path}:{line}", "gộp hai câu trả lời làm một")
            return True
        asked[form] = (self.rel, self.doc.line("items", index, "question"))
        return False

    def item(self, index: int, entry: Any) -> QAItem | None:
        at = ("items", index)
        what = f"câu hỏi {index + 1}"
        clean = check_mapping(self.doc, at, entry, _ITEM, self.rel, self.problems, what)
        if not isinstance(entry, dict):
            return None
        # Basis and explainer are checked even when the rest is wrong: all problems at once.
        basis = read_basis(self.rel, self.doc, at, entry.get("basis"), what,
                           self.refs.documents, self.refs.document_keys, self.problems,
                           EXPIRED_HINT)
        pointer = check_pointer(self.rel, self.doc, at, entry.get("explainer"), what,
                                self.refs.explainers, self.problems)
        if clean is None or basis is None or pointer is None:
            return None
        ok = self.answer(at, clean["answer"], what)
        audiences = tuple(clean.get("audiences") or ())
        known = self.refs.audiences
        for number, audience in enumerate(audiences):
            if known is not None and audience not in known:
                close = difflib.get_close_matches(audience, list(known), n=1)
                self.error((*at, "audiences", number), f"{what}: đối tượng '{audience}' không "
                           "có trong content/_data/audiences.yml",
                           f"có phải ý bạn là '{close[0]}'?" if close else
                           "thêm đối tượng vào content/_data/audiences.yml")
                ok = False
        item_id = clean.get("id") or _slug(clean["question"])
        if not KEY_RE.match(item_id) or reserved_name(item_id):
            self.error((*at, "id") if "id" in clean else (*at, "question"),
                       f"{what}: id '{item_id}' không hợp lệ" if KEY_RE.match(item_id) is None
                       else f"{what}: id '{item_id}' trùng với một phần của trang",
                       "viết id: bằng chữ thường không dấu, số và dấu gạch ngang"
                       " (không bắt đầu bằng tsp-, md-)")
            ok = False
        asked = clean.get("asked")
        if asked is not None and not _ASKED_RE.match(asked):
            self.error((*at, "asked"), f"{what}: 'asked: {asked}' không phải mã một câu hỏi "
                       "của người dân", "chép mã câu hỏi từ tệp xuất của collector")
            ok = False
        if not ok:
            return None
        return QAItem(item_id, clean["question"], clean["answer"], basis, pointer[0],
                      pointer[1], audiences, asked, self.doc.line(*at))

    def answer(self, at: tuple[Any, ...], text: str, what: str) -> bool:
        """Plain Markdown (`markup_problem`); a long first sentence is a warning."""
        where = (*at, "answer")
        problem = markup_problem(text)
        if problem:
            self.error(where, f"{what}: {problem[0]}", problem[1])
            return False
        sentence = first_sentence(text)
        words = word_count(sentence)
        if words > LONG_SENTENCE:
            self.problems.warning(self.rel, self.doc.line(*where),
                                  f"{what}: câu đầu của câu trả lời dài {words} từ (nên dưới "
                                  f"{LONG_SENTENCE})",
                                  "câu đầu tiên được hiện một mình trong ô trả lời khi tìm "
                                  "kiếm: viết nó thành câu trả lời ngắn, chi tiết để sau")
        return True


def markup_problem(text: str) -> tuple[str, str] | None:
    """(message, hint) when an answer's or an outcome's Markdown is more than short text:
    HTML, a heading, an image, or a link that is not a full address; else None."""
    for token in parse_tokens(text):
        if token.type in ("html_block", "heading_open"):
            kind = "HTML" if token.type == "html_block" else "tiêu đề '#'"
            return (f"câu trả lời không dùng {kind}",
                    "viết câu trả lời thành đoạn văn ngắn hoặc danh sách")
        for child in token.children or []:
            if child.type in ("html_inline", "image"):
                kind = "HTML" if child.type == "html_inline" else "ảnh"
                return (f"câu trả lời không dùng {kind}",
                        "ảnh và chi tiết nằm trong bài giải thích ('explainer:')")
            href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
            if child.type == "link_open" and not _SAFE_LINK.match(href):
                return (f"liên kết '{href}' phải là địa chỉ đầy đủ https://…",
                        "dẫn tới bài giải thích bằng 'explainer:'")
    return None


def _slug(question: str) -> str:
    slug = ascii_slug(question)
    if len(slug) <= MAX_ID:
        return slug
    return slug[:MAX_ID].rsplit("-", 1)[0]
