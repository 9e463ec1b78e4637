"""From citizens' questions to a Q&A draft: `python build.py qa draft --from EXPORT`.

Reads the collector's export (JSON lines, `python build.py collector export`), keeps the
questions of one field that no Q&A item answers yet (`asked:`), and writes a `qa/*.yml`
draft: each question with an empty answer and basis for an editor to complete, `asked:` its
id, and the explainer sections that best match it (`SectionMatcher`) suggested.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from generators.collector.classify import FieldClassifier, SectionMatcher, Suggestion
from generators.collector.storage import question_id
from generators.library.model import Library

SUGGESTIONS = 3


class ExportError(Exception):
    """An export line that is not a JSON record; `line` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"dòng {line}: {message}")
        self.line = line


@dataclass(frozen=True)
class Asked:
    """A citizen's question from the export, with the field it is about (None: unknown)."""

    id: str
    question: str
    field: str | None
    received: str


def read_export(lines: Iterable[str]) -> Iterator[Mapping[str, Any]]:
    """The records of an export's JSON lines (blank lines skipped)."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ExportError(number, f"không phải JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise ExportError(number, "mỗi dòng phải là một bản ghi {…}")
        yield record


def questions(records: Iterable[Mapping[str, Any]], library: Library) -> list[Asked]:
    """The export's questions, each with its id (the export's, or the one the collector
    gives it) and its field: the citizen's choice when it is a field, else classified."""
    classifier: FieldClassifier | None = None
    out = []
    for record in records:
        text = record.get("question")
        if record.get("kind") != "question" or not isinstance(text, str) or not text.strip():
            continue
        received = str(record.get("received") or "")
        chosen = record.get("field")
        if isinstance(chosen, str) and chosen in library.fields:
            field: str | None = chosen
        else:
            classifier = classifier or FieldClassifier(library)
            field = classifier.classify(text).field
        ident = record.get("id")
        out.append(Asked(ident if isinstance(ident, str) and ident
                         else question_id(received, text), text.strip(), field, received))
    return out


def answered(library: Library) -> frozenset[str]:
    """The ids of the questions some Q&A item already answers."""
    return frozenset(i.asked for bank in library.qa.values() for i in bank.items if i.asked)


def draft_yaml(field: str, asked: list[Asked], library: Library, today: str) -> str:
    """The text of a Q&A draft for `field`: one item per question, in the order received."""
    matcher = SectionMatcher(library)
    title = library.fields[field].title if field in library.fields else field
    lines = [
        f"# Bản nháp hỏi đáp {title}: {len(asked)} câu hỏi của người dân "
        f"(python build.py qa draft, {today}).",
        "# Với mỗi câu: viết câu trả lời (câu đầu tiên trả lời thẳng câu hỏi), ghi căn cứ",
        "# (basis), giữ hoặc đổi mục giải thích gợi ý (explainer), sửa câu hỏi cho gọn nếu",
        "# cần; giữ nguyên asked: để báo cáo đếm câu đã trả lời. Xóa câu không trả lời.",
        "# Kiểm tra bằng: python build.py check",
        f"field: {_scalar(field)}",
        "reviewed: false  # true khi chuyên gia pháp lý đã rà soát mọi câu trả lời",
        "items:",
    ]
    seen: set[str] = set()
    for item in asked:
        if item.id in seen:
            continue
        seen.add(item.id)
        suggestions = matcher.suggest(item.question, SUGGESTIONS)
        lines.append(f"  - question: {_scalar(item.question)}")
        lines.append(f"    asked: {_scalar(item.id)}")
        lines.append('    answer: ""')
        lines.append("    basis: []  # ví dụ: [{document: \"45/2019/QH14\", article: \"25\"}]")
        lines.extend(_suggested(suggestions))
    return "\n".join(lines) + "\n"


def _suggested(suggestions: list[Suggestion]) -> list[str]:
    if not suggestions:
        return ["    # Không tìm thấy mục giải thích nào khớp: thêm explainer: nếu có."]
    out = ["    # Mục giải thích khớp nhất (điểm càng cao càng khớp):"]
    out += [f"    #   {s.pointer} — {_comment(s.title)} › {_comment(s.heading)} ({s.score})"
            for s in suggestions]
    out.append(f"    explainer: {_scalar(suggestions[0].pointer)}")
    return out


def _scalar(text: str) -> str:
    """`text` as one YAML scalar on its line (quoted when YAML needs it)."""
    dumped = yaml.safe_dump(text, allow_unicode=True, width=10_000, default_style=None)
    return dumped.removesuffix("\n...\n").strip()


def _comment(text: str) -> str:
    return " ".join(text.split())
