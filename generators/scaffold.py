"""`python build.py new <field> <slug>`: a new explainer with valid front matter."""

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


def _title(text: str) -> str:
    """The title inside the template's double quotes: one line, backslashes escaped."""
    # JSON's string escapes are YAML's; `"` becomes `'` as an editor would type it.
    return json.dumps(" ".join(text.split()).replace('"', "'"), ensure_ascii=False)[1:-1]
