"""Specs of every type, and readers for what the stage writes (SVG text lines, colours)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from lxml import etree

from generators.graphics.fonts import text_width
from generators.library import Library, load_library
from tests.conftest import TODAY, LibraryMaker

SVG = "{http://www.w3.org/2000/svg}"

STEPS = """\
type: steps
title: Các bước thử việc
source: "45/2019/QH14"
items:
  - title: Thỏa thuận thời gian thử việc
    text: Hai bên thỏa thuận nội dung, thời gian thử việc và ghi vào hợp đồng.
  - title: Làm thử
    text: Người lao động làm thử công việc, được trả ít nhất 85% mức lương.
  - title: Thông báo kết quả
"""
TIMELINE = """\
type: timeline
title: Bộ luật Lao động qua các thời kỳ
source: "10/2012/QH13"
items:
  - date: 18/06/2012
    title: Thông qua Bộ luật 2012
    text: Quốc hội thông qua Bộ luật Lao động số 10/2012/QH13.
  - date: 2013-05-01
    title: Bộ luật 2012 có hiệu lực
  - date: Từ 01/01/2021
    title: Bộ luật 2019 thay thế
    text: Bộ luật Lao động năm 2012 hết hiệu lực.
"""
COMPARE = """\
type: compare
title: Hòa giải ở cơ sở và tại Tòa án
columns:
  - title: Ở cơ sở
    items:
      - Hòa giải viên ở thôn, tổ dân phố
      - Không mất phí
  - title: Tại Tòa án
    items:
      - Hòa giải viên tại Tòa án
      - Không mất phí
      - Có thể được Tòa án công nhận
"""
NUMBERS = """\
type: numbers
title: Thời gian thử việc tối đa
source: "45/2019/QH14"
items:
  - value: 180 ngày
    label: Người quản lý doanh nghiệp
  - value: 60 ngày
    label: Trình độ cao đẳng trở lên
  - value: 30 ngày
    label: Trung cấp, công nhân kỹ thuật
  - value: 6 ngày làm việc
    label: Công việc khác
"""
TABLE = """\
type: table
title: Báo trước khi nghỉ việc
source: "45/2019/QH14"
header: [Loại hợp đồng, Báo trước ít nhất]
rows:
  - [Không xác định thời hạn, 45 ngày]
  - [Xác định thời hạn từ 12 đến 36 tháng, 30 ngày]
  - [Dưới 12 tháng, 3 ngày làm việc]
"""
SPECS = {"steps": STEPS, "timeline": TIMELINE, "compare": COMPARE, "numbers": NUMBERS,
         "table": TABLE}

LONG = ("Người lao động có quyền đơn phương chấm dứt hợp đồng lao động nhưng phải báo trước "
        "cho người sử dụng lao động theo đúng thời hạn mà pháp luật quy định cho từng loại "
        "hợp đồng, trừ những trường hợp được nghỉ ngay mà không cần báo trước")


def crowded() -> dict[str, str]:
    """The fullest spec of each type, with long Vietnamese text everywhere."""
    q = partial(json.dumps, ensure_ascii=False)  # a JSON string is a quoted YAML string
    steps = "".join(f"  - title: {q(f'Bước {i} với một tiêu đề khá dài để xuống dòng')}\n"
                    f"    text: {q(LONG)}\n" for i in range(1, 9))
    timeline = "".join(f"  - date: {q(f'Trong {i}0 ngày làm việc')}\n"
                       f"    title: {q(f'Mốc thứ {i} của quy trình')}\n"
                       f"    text: {q(LONG[:90])}\n" for i in range(1, 11))
    columns = "".join(f"  - title: {q(f'Cột {c} có tên dài hơn bình thường')}\n    items:\n"
                      + "".join(f"      - {q(f'Mục {i} của cột {c}: {LONG[:60]}')}\n"
                                for i in range(1, 9)) for c in "ABC")
    numbers = "".join(f"  - value: {q(f'{i}0 ngày làm việc')}\n    label: {q(LONG[:70])}\n"
                      for i in range(1, 7))
    rows = "".join("  - " + q([f"Trường hợp {i} có mô tả dài", LONG[:40], LONG[40:90],
                               f"Điều {i}"]) + "\n" for i in range(1, 13))
    return {
        "steps": f"type: steps\ntitle: {q(LONG[:140])}\nsource: \"145/2020/NĐ-CP\"\n"
                 f"items:\n{steps}",
        "timeline": f"type: timeline\ntitle: Mười mốc\nitems:\n{timeline}",
        "compare": f"type: compare\ntitle: Ba cột đầy\ncolumns:\n{columns}",
        "numbers": f"type: numbers\ntitle: Sáu con số\nitems:\n{numbers}",
        "table": "type: table\ntitle: Bảng đầy\nheader: [Trường hợp, Người lao động, "
                 f"Người sử dụng lao động, Căn cứ]\nrows:\n{rows}",
    }


def fullest() -> dict[str, str]:
    """Every type at its largest counts with every text far too long: the last resort."""
    long, title = LONG[:120] + " " + LONG, LONG[:150]
    head = {"title": title, "source": "145/2020/NĐ-CP"}
    specs: dict[str, dict[str, Any]] = {
        "steps": {"type": "steps", "items": [{"title": LONG, "text": long}] * 8},
        "timeline": {"type": "timeline",
                     "items": [{"date": LONG[:80], "title": LONG, "text": long}] * 10},
        "compare": {"type": "compare", "columns": [{"title": LONG, "items": [LONG] * 8}] * 3},
        "numbers": {"type": "numbers", "items": [{"value": LONG[:60], "label": long}] * 6},
        "table": {"type": "table", "header": [LONG[:80]] * 4, "rows": [[LONG] * 4] * 12},
    }
    return {f"{name}-max": json.dumps({**spec, **head}, ensure_ascii=False)
            for name, spec in specs.items()}


LONG_DOCUMENT = """\
"145/2020/NĐ-CP":
  type: Nghị định
  title: Quy định chi tiết và hướng dẫn thi hành một số điều của Bộ luật Lao động về điều kiện lao động và quan hệ lao động
  issuer: Chính phủ
  issued: 2020-12-14
  effective: 2021-02-01
"""  # noqa: E501


def make_library(tmp_library: LibraryMaker, specs: dict[str, str],
                 files: dict[str, Any] | None = None) -> Library:
    """A library with `specs` as `infographics/<name>.yml`, every one checked by its kind."""
    from generators.infographics.kinds import check_infographics
    from tests.conftest import DOCUMENTS

    root = tmp_library({"content/_data/documents.yml": DOCUMENTS + LONG_DOCUMENT,
                        **{f"infographics/{name}.yml": text for name, text in specs.items()},
                        **(files or {})})
    library, problems = load_library(root, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    assert [p.format() for p in check_infographics(library) if p.is_error] == []
    return library


@dataclass(frozen=True)
class Drawn:
    """One line of text as drawn: where its ink starts and ends, its size and colour."""

    text: str
    left: float
    right: float
    y: float
    size: float
    bold: bool
    fill: str


def parse(svg: str) -> Any:
    return etree.fromstring(svg.encode("utf-8"))


def drawn_lines(root: Any) -> list[Drawn]:
    """Every `<tspan>` line, measured with the font's advances at its own font-size."""
    out = []
    for text in root.iter(f"{SVG}text"):
        size = float(text.get("font-size"))
        bold = text.get("font-weight") == "700"
        anchor = text.get("text-anchor", "start")
        for tspan in text.iter(f"{SVG}tspan"):
            line = tspan.text or ""
            width = text_width(line, size, bold)
            x = float(tspan.get("x"))
            left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
            out.append(Drawn(line, left, left + width, float(tspan.get("y")), size, bold,
                             text.get("fill")))
    return out


def text_content(root: Any) -> str:
    """The drawn text, each `<text>` with its lines joined by spaces."""
    return "\n".join(" ".join(t.text or "" for t in text.iter(f"{SVG}tspan"))
                     for text in root.iter(f"{SVG}text"))


def spec_strings(library: Library, name: str) -> list[str]:
    """Every string of a spec's data (titles, texts, cells), as written."""
    from generators.infographics.kinds import read_spec

    spec = read_spec(library, library.infographics[name])
    strings = [spec.title.value]
    for item in spec.items:
        strings += [t.value for t in item.values()]
    for title, items in spec.columns:
        strings += [title.value, *(i.value for i in items)]
    strings += [h.value for h in spec.header] + [c.value for row in spec.rows for c in row]
    return strings


def cache_files(cache: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((cache / "infographics").glob("*"))}
