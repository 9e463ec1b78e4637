"""`python build.py new <field> <slug>`: a new explainer with valid front matter;
`python build.py new quiz <name>`: a new question bank to fill in."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from generators.errors import ConfigError, Problems
from generators.library.content import RESERVED_SLUGS
from generators.library.data import KEY_RE, load_fields
from generators.library.text import control_chars

TEMPLATE = """---
title: "{title}"
description: "Một hoặc hai câu tóm tắt: bài này giúp người đọc biết điều gì?"
field: {field}
updated: {today}
documents: []      # số hiệu văn bản trong content/_data/documents.yml, ví dụ ["45/2019/QH14"]
audiences: []      # khóa trong content/_data/audiences.yml
tags: []
reviewed: false
draft: true        # bỏ dòng này (hoặc đặt false) khi bài đã sẵn sàng đăng
---

## Điều cần biết trước

Viết câu ngắn, dễ hiểu. Mỗi phần "##" là một chương của sách nói.

## Bạn cần làm gì

1. Bước thứ nhất.
2. Bước thứ hai.
"""


def new_explainer(root: Path, field: str, slug: str, today: date, title: str | None = None) -> Path:
    """Write `content/<field>/<slug>.md`; refuses bad names and existing slugs."""
    if not KEY_RE.match(slug):
        raise ConfigError(f"slug '{slug}' không hợp lệ: chỉ dùng chữ thường không dấu, số và "
                          "dấu gạch ngang, ví dụ thoi-gian-thu-viec")
    if slug in RESERVED_SLUGS:
        raise ConfigError(f"slug '{slug}' dành riêng cho trang của trang web (trang lĩnh vực): "
                          "đặt tên khác, ví dụ thoi-gian-thu-viec")
    known = load_fields(root / "content" / "_data", root, Problems())
    if field not in known:
        raise ConfigError(f"lĩnh vực '{field}' không có trong content/_data/fields.yml; có: "
                          + ", ".join(sorted(known)))
    existing = list((root / "content").rglob(f"{slug}.md"))
    if existing:
        raise ConfigError(f"đã có bài với slug '{slug}': "
                          f"{existing[0].relative_to(root).as_posix()}")
    if title is not None and (chars := control_chars(" ".join(title.split()))):
        raise ConfigError("tiêu đề có ký tự điều khiển "
                          + ", ".join(f"U+{ord(c):04X}" for c in chars) + " không được phép")
    target = root / "content" / field / f"{slug}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    heading = title or slug.replace("-", " ").capitalize()
    target.write_text(TEMPLATE.format(title=_title(heading), field=field,
                                      today=today.isoformat()), "utf-8")
    return target


QUIZ = "quiz"
"""`new quiz <name>` makes a question bank instead of an explainer."""
QUIZ_TEMPLATE = """title: "{title}"
description: "Một câu: ngân hàng này giúp người đọc ôn lại điều gì?"
# field: lao-dong                        # khóa trong content/_data/fields.yml
# explainers: [thoi-gian-thu-viec]       # bài luyện tập ở cuối các bài này (bỏ đi nếu
#                                        # ngân hàng dùng cho cuộc thi: đáp án không lên trang)
# Thay [] bằng các câu hỏi. Mẫu cho từng loại (bỏ dấu # ở đầu dòng; thụt lề bằng dấu cách):
questions: []
#  - id: so-loai-hop-dong               # chữ thường không dấu, không đổi về sau
#    type: single                       # một đáp án đúng
#    level: 1                           # 1 dễ, 2 trung bình, 3 khó
#    text: "Hợp đồng lao động có mấy loại?"
#    choices: ["Một loại", "Hai loại", "Ba loại"]
#    answer: "Hai loại"
#    explanation: "Điều 20 chỉ còn hai loại."
#    basis: [{{document: "45/2019/QH14", article: "20"}}]   # bắt buộc; "20.1.a" = điểm a khoản 1
#  - id: ...
#    type: multiple                     # answer: [các lựa chọn đúng]
#    type: true_false                   # answer: true hoặc false
#    type: fill                         # answer: ["đáp án", "cách viết khác"], loose: true
#    type: order                        # items: [đúng thứ tự, …] (hiện ra đã xáo trộn)
#    type: match                        # pairs: [[vế trái, vế phải], …]
#    type: numeric                      # answer: 36, tolerance: 0, unit: tháng
"""


def new_quiz(root: Path, name: str, title: str | None = None) -> Path:
    """Write `quizzes/<name>.yml`, a bank to fill in (it fails `check` until it has
    questions); refuses bad names and existing banks."""
    if not KEY_RE.match(name):
        raise ConfigError(f"tên ngân hàng '{name}' không hợp lệ: chỉ dùng chữ thường không dấu, "
                          "số và dấu gạch ngang, ví dụ lao-dong-co-ban")
    target = root / "quizzes" / f"{name}.yml"
    if target.exists():
        raise ConfigError(f"đã có ngân hàng câu hỏi {target.relative_to(root).as_posix()}")
    if title is not None and (chars := control_chars(" ".join(title.split()))):
        raise ConfigError("tiêu đề có ký tự điều khiển "
                          + ", ".join(f"U+{ord(c):04X}" for c in chars) + " không được phép")
    target.parent.mkdir(parents=True, exist_ok=True)
    heading = title or name.replace("-", " ").capitalize()
    target.write_text(QUIZ_TEMPLATE.format(title=_title(heading)), "utf-8")
    return target


def _title(text: str) -> str:
    """The title inside the template's double quotes: one line, backslashes escaped."""
    # JSON's string escapes are YAML's; `"` becomes `'` as an editor would type it.
    return json.dumps(" ".join(text.split()).replace('"', "'"), ensure_ascii=False)[1:-1]
