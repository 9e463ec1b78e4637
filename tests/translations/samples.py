"""A realistic explainer and its English translation, written the way editors write them."""

from __future__ import annotations

from pathlib import Path

import yaml

from generators.library import Library, load_library
from generators.library.content import source_hash
from tests.conftest import LANGUAGES, TODAY

SOURCE_PATH = "content/lao-dong/hop-dong.md"
ENGLISH_PATH = "content/lao-dong/hop-dong.en.md"
LANGUAGES_HMN = LANGUAGES + "hmn:\n  name: Hmoob\n  name_vi: Tiếng H'Mông\n"
GLOSSARY = """\
"hợp đồng lao động":
  definition: Thỏa thuận về việc làm có trả công, tiền lương, điều kiện lao động.
  translations: {en: "employment contract: an agreement on paid work"}
"thử việc":
  definition: Thời gian làm thử trước khi ký hợp đồng.
"""

SOURCE = """\
---
title: "Hợp đồng lao động cần những gì?"
description: "Các nội dung bắt buộc của hợp đồng lao động."
field: lao-dong
updated: 2026-11-01
documents: ["45/2019/QH14"]
audiences: [nguoi-lao-dong]
reviewed: true
---
Hợp đồng lao động là thỏa thuận giữa **người lao động** và người sử dụng lao động[^1].

## Nội dung bắt buộc

Hợp đồng phải ghi rõ:

- tên và địa chỉ của hai bên;
- công việc và địa điểm làm việc;
- mức lương, hình thức trả lương
  và thời hạn trả lương.

Xem thêm [thời gian thử việc](thu-viec.md).

## So sánh hai loại hợp đồng

| Loại | Thời hạn |
|---|---|
| Không xác định thời hạn | Không giới hạn |
| Xác định thời hạn | Tối đa 36 tháng |

!!! note "Lưu ý"
    Hợp đồng dưới 1 tháng có thể giao kết bằng lời nói.

![Sơ đồ giao kết hợp đồng](so-do.png)

[^1]: Điều 13 Bộ luật Lao động 2019.

*[UBND]: Ủy ban nhân dân
"""


def sha256(text: str) -> str:
    """The source hash of an explainer's text, split as the library splits it."""
    lines = text.split("\n")
    end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "..."))
    meta = yaml.safe_load("\n".join(lines[1:end]))
    return source_hash(meta["title"], meta["description"], "\n".join(lines[end + 1:]))


SOURCE_HASH = sha256(SOURCE)

ENGLISH = f"""\
---
title: "What must an employment contract contain?"
description: "The mandatory contents of an employment contract."
source_hash: {SOURCE_HASH}
translators: ["Nguyễn Văn An"]
reviewed: true
---
An employment contract is an agreement between the **employee** and the employer[^1].

## Mandatory contents

The contract must state:

- the names and addresses of both parties;
- the job and the place of work;
- the wage, how it is paid
  and when it is paid.

See also [probation](thu-viec.md).

## Comparing the two kinds of contract

| Kind | Term |
|---|---|
| Indefinite term | No limit |
| Fixed term | At most 36 months |

!!! note "Note"
    A contract of less than 1 month may be made orally.

![Diagram of making a contract](so-do.png)

[^1]: Article 13, Labour Code 2019.

*[UBND]: People's Committee
"""

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def files(english: str | None = ENGLISH, hmn: bool = True) -> dict[str, str | bytes | None]:
    """The sample library's files on top of the base library of tests/conftest.py."""
    return {
        "content/_data/languages.yml": LANGUAGES_HMN if hmn else LANGUAGES,
        "content/_data/glossary.yml": GLOSSARY,
        SOURCE_PATH: SOURCE,
        ENGLISH_PATH: english,
        "content/lao-dong/so-do.png": PNG,
    }


def load(root: Path) -> Library:
    """The library at `root`, which must be valid."""
    library, problems = load_library(root, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    return library


def body_of(text: str) -> str:
    """The Markdown body of a file's text (after the front matter)."""
    lines = text.split("\n")
    end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
    return "\n".join(lines[end + 1:])
