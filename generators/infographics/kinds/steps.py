"""Steps: a numbered procedure of 2–8 steps, each a `title` and an optional `text`.
Portrait: a numbered list down the page, joined by a line; landscape: cards in a row."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from markupsafe import Markup

from generators.errors import Problems
from generators.graphics.colors import INK, ON_PRIMARY, PAPER, PRIMARY, RULE, TINT
from generators.infographics.geometry import (
    Block,
    Box,
    Circle,
    Format,
    Line,
    Rect,
    Setter,
    fitted_rows,
    row_heights,
    row_lefts,
    rows_of,
    spread,
)
from generators.infographics.kinds.base import Kind, check_items, ordered, read_items, then
from generators.infographics.spec import Spec
from generators.library.schema import Key
from generators.library.yamlio import YamlDoc

# ---- the body: schema and texts -------------------------------------------------------------


ITEM = {"title": Key(str, required=True), "text": Key(str)}


def check(doc: YamlDoc, rel: str, problems: Problems) -> None:
    """2–8 items, each with a `title` and maybe a `text`."""
    check_items(doc, ITEM, 2, 8, rel, problems)


# ---- the layout -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    circle: Circle
    number: Block
    title: Block
    text: Block | None
    card: Rect | None = None


@dataclass(frozen=True)
class Steps:
    links: tuple[Line, ...]
    steps: tuple[Step, ...]


def _badge(cx: float, cy: float, d: float, number: int, s: float) -> tuple[Circle, Block]:
    """A numbered circle: the number centred in it, in white on indigo, never smaller than
    the text beside it."""
    size = round(max(d * 0.5, s))
    label = str(number)
    lh = size * 1.2
    return (Circle(cx, cy, d / 2, PRIMARY),
            Block(cx, cy - lh / 2, d, size, (label,), ON_PRIMARY, PRIMARY, bold=True,
                  anchor="middle", leading=1.2))


def lay_out(spec: Spec, fmt: Format, area: Box, s: float, setter: Setter) -> Steps:
    """Portrait: a numbered list down the page, joined by a line. Landscape: cards in a row
    (up to four) or two rows."""
    if fmt.landscape:
        return _step_cards(spec, area, s, setter)
    items = spec.items
    t = round(s * 1.18)
    d = round(s * 2.1)
    tx = area.x + d + round(s * 0.9)
    tw = area.right - tx
    title_off = (d - t * 1.25) / 2  # the first title line is centred on the circle
    min_gap, max_gap = s * 0.8, s * 2.2

    def measure(caps: Sequence[int | None]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        return [(setter.lines(item["title"], tw, t, True, setter.heading_lines, balance=True),
                 setter.lines(item.get("text"), tw, s, False, caps[i]))
                for i, item in enumerate(items)]

    def rows(measured: list[tuple[tuple[str, ...], tuple[str, ...]]],
             ) -> list[list[tuple[float, int, float]]]:
        return [[(d, 0, 0), (title_off + len(ti) * t * 1.25 + (s * 0.35 if tx_ else 0),
                             len(tx_), s * 1.3)] for ti, tx_ in measured]

    measured = fitted_rows(measure, rows, len(items), area.h, min_gap, setter)
    heights = row_heights(rows(measured))
    offset, gap = spread(heights, area.h, min_gap, max_gap)
    y = area.y + offset
    out: list[Step] = []
    for i, ((title_lines, text_lines), height) in enumerate(zip(measured, heights, strict=True)):
        circle, number = _badge(area.x + d / 2, y + d / 2, d, i + 1, s)
        title = Block(tx, y + title_off, tw, t, title_lines, PRIMARY, PAPER, bold=True,
                      leading=1.25)
        text = Block(tx, title.bottom + s * 0.35, tw, s, text_lines, INK, PAPER) \
            if text_lines else None
        out.append(Step(circle, number, title, text))
        y += height + gap
    links = tuple(Line(a.circle.cx, a.circle.cy + d / 2 + s * 0.3, b.circle.cx,
                       b.circle.cy - d / 2 - s * 0.3, RULE, 3)
                  for a, b in pairwise(out))
    return Steps(links, tuple(out))


def _step_cards(spec: Spec, area: Box, s: float, setter: Setter) -> Steps:
    items = spec.items
    columns = len(items) if len(items) <= 4 else math.ceil(len(items) / 2)
    grid = rows_of(len(items), columns)
    gx = round(s * 0.9)
    cw = (area.w - (columns - 1) * gx) / columns
    p = round(s * 0.8)
    d = round(s * 1.7)
    t = round(s * 1.1)
    inner = cw - 2 * p
    tx_off = p + d + round(s * 0.55)
    tw = cw - tx_off - p
    title_off = (d - t * 1.25) / 2
    min_gap = s * 0.8

    def measure(caps: Sequence[int | None]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        cap_of = {i: caps[r] for r, row in enumerate(grid) for i in row}
        return [(setter.lines(item["title"], tw, t, True, setter.heading_lines, balance=True),
                 setter.lines(item.get("text"), inner, s, False, cap_of[i]))
                for i, item in enumerate(items)]

    def rows(measured: list[tuple[tuple[str, ...], tuple[str, ...]]],
             ) -> list[list[tuple[float, int, float]]]:
        out = []
        for row in grid:
            cells = []
            for i in row:
                ti, tx_ = measured[i]
                head = max(d, title_off + len(ti) * t * 1.25)
                cells.append((2 * p + head + (s * 0.5 if tx_ else 0), len(tx_), s * 1.3))
            out.append(cells)
        return out

    measured = fitted_rows(measure, rows, len(grid), area.h, min_gap, setter)
    heights = row_heights(rows(measured))
    offset, gap = spread(heights, area.h, min_gap, s * 1.4)
    y = area.y + offset
    out: list[Step] = []
    for row, height in zip(grid, heights, strict=True):
        for i, left in zip(row, row_lefts(area, len(row), columns, cw, gx), strict=True):
            title_lines, text_lines = measured[i]
            card = Rect(left, y, cw, height, TINT, rx=round(s * 0.6))
            circle, number = _badge(left + p + d / 2, y + p + d / 2, d, i + 1, s)
            title = Block(left + tx_off, y + p + title_off, tw, t, title_lines, PRIMARY, TINT,
                          bold=True, leading=1.25)
            head = max(d, title_off + title.height)
            text = Block(left + p, y + p + head + s * 0.5, inner, s, text_lines, INK, TINT) \
                if text_lines else None
            out.append(Step(circle, number, title, text, card))
        y += height + gap
    return Steps((), tuple(out))


# ---- in words: text alternative, summary ----------------------------------------------------


def alternative(spec: Spec) -> str:
    """`<ol>` (the order matters); each step's title in `<strong>`, then its text."""
    return ordered(Markup("<li><strong>{}</strong>{}</li>").format(
        item["title"].value, then(item.get("text"))) for item in spec.items)


def summary(spec: Spec) -> str:
    titles = "; ".join(i["title"].value for i in spec.items)
    return f"Sơ đồ {len(spec.items)} bước: {titles}."


EXAMPLE: Mapping[str, Any] = {"items": [
    {"title": "Thỏa thuận thời gian thử việc",
     "text": "Hai bên thỏa thuận nội dung, thời gian thử việc và ghi vào hợp đồng."},
    {"title": "Làm thử",
     "text": "Người lao động làm thử công việc, được trả ít nhất 85% mức lương."},
    {"title": "Thông báo kết quả"}]}

KIND = Kind(name="steps", keys=("items",), check=check, read=read_items, lay_out=lay_out,
            alternative=alternative, summary=summary, template="steps.svg.j2",
            example=EXAMPLE)
