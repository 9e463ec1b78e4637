"""Numbers: 1–6 key figures, each a big `value` with its `label`, one card each in a grid."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generators.errors import Problems
from generators.graphics.colors import INK, PRIMARY, TINT
from generators.graphics.fonts import text_width, wrap
from generators.infographics.geometry import (
    Block,
    Box,
    Format,
    Rect,
    Setter,
    fitted_rows,
    longest_word,
    row_heights,
    row_lefts,
    rows_of,
    spread,
)
from generators.infographics.kinds.base import Kind, check_items, read_items
from generators.infographics.spec import Spec
from generators.library.schema import Key
from generators.library.yamlio import YamlDoc

# ---- the body: schema and texts -------------------------------------------------------------


ITEM = {"value": Key(str, required=True), "label": Key(str, required=True)}


def check(doc: YamlDoc, rel: str, problems: Problems) -> None:
    """1–6 items, each with a `value` and a `label`."""
    check_items(doc, ITEM, 1, 6, rel, problems)


# ---- the layout -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    card: Rect
    value: Block
    label: Block


@dataclass(frozen=True)
class Numbers:
    figures: tuple[Figure, ...]


_NUMBER_GRID = {False: {1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 6: 2},
                True: {1: 1, 2: 2, 3: 3, 4: 2, 5: 3, 6: 3}}
"""Columns for 1–6 figures, portrait (False) and landscape (True)."""


def _value_size(values: Sequence[str], width: float, s: float, largest: float) -> float:
    """One size for all values: the largest (down to 1.6× the text) at which each fits one
    line; a value too long for one line even then may take two (balanced), while the
    others still keep to one, so that "180 ngày" is never broken beside "6 ngày làm việc"."""
    sizes = range(round(largest), round(s * 1.6) - 1, -2)
    smallest = sizes[-1]
    allowed = [1 if text_width(value, smallest, True) <= width else 2 for value in values]
    for v in sizes:
        if all(len(wrap(value, width, v, True)) <= lines and
               longest_word(value, v, True) <= width
               for value, lines in zip(values, allowed, strict=True)):
            return v
    return smallest


def lay_out(spec: Spec, fmt: Format, area: Box, s: float, setter: Setter) -> Numbers:
    """Big values with their labels, one card each, in a grid."""
    items = spec.items
    columns = _NUMBER_GRID[fmt.landscape][len(items)]
    grid = rows_of(len(items), columns)
    gx = round(s * 0.9)
    cw = (area.w - (columns - 1) * gx) / columns
    p = round(s * 0.9)
    inner = cw - 2 * p
    v = _value_size([i["value"].value for i in items], inner, s,
                    s * {1: 4.0, 2: 3.4, 3: 3.0}.get(len(items), 2.6))
    min_gap = s * 0.9

    Measured = tuple[tuple[str, ...], tuple[str, ...]]

    def measure(caps: Sequence[int | None]) -> list[Measured]:
        cap_of = {i: caps[r] for r, row in enumerate(grid) for i in row}
        return [(setter.lines(item["value"], inner, v, True, min(2, setter.heading_lines),
                              balance=True),
                 setter.lines(item["label"], inner, s, False, cap_of[i], balance=True))
                for i, item in enumerate(items)]

    def rows(measured: list[Measured]) -> list[list[tuple[float, int, float]]]:
        return [[(2 * p + len(measured[i][0]) * v * 1.15 + s * 0.4, len(measured[i][1]),
                  s * 1.3) for i in row] for row in grid]

    measured = fitted_rows(measure, rows, len(grid), area.h, min_gap, setter)
    natural = row_heights(rows(measured))
    # Cards grow (by up to four lines) into the free space, so one figure is not a strip.
    slack = area.h - sum(natural) - min_gap * (len(grid) - 1)
    heights = [h + max(0.0, min(4 * s, slack / len(grid))) for h in natural]
    offset, gap = spread(heights, area.h, min_gap, s * 1.2)
    y = area.y + offset
    out = []
    for row, height in zip(grid, heights, strict=True):
        for i, left in zip(row, row_lefts(area, len(row), columns, cw, gx), strict=True):
            value_lines, label_lines = measured[i]
            content = len(value_lines) * v * 1.15 + s * 0.4 + len(label_lines) * s * 1.3
            top = y + (height - content) / 2
            value = Block(left + cw / 2, top, inner, v, value_lines, PRIMARY, TINT, bold=True,
                          anchor="middle", leading=1.15)
            label = Block(left + cw / 2, value.bottom + s * 0.4, inner, s, label_lines, INK,
                          TINT, anchor="middle")
            out.append(Figure(Rect(left, y, cw, height, TINT, rx=round(s * 0.7)), value,
                              label))
        y += height + gap
    return Numbers(tuple(out))


# ---- in words: text alternative, summary ----------------------------------------------------


def alternative(spec: Spec) -> str:
    """`<ul>` of "value — label"."""
    return "<ul>\n" + "\n".join(
        str(Markup("<li><strong>{}</strong> — {}</li>").format(i["value"].value,
                                                               i["label"].value))
        for i in spec.items) + "\n</ul>"


def summary(spec: Spec) -> str:
    count = len(spec.items)
    noun = "con số" if count > 1 else "con số chính"
    return f"{count} {noun}: " + "; ".join(
        f"{i['value'].value} – {i['label'].value}" for i in spec.items) + "."


EXAMPLE: Mapping[str, Any] = {"items": [
    {"value": "180 ngày", "label": "Người quản lý doanh nghiệp"},
    {"value": "60 ngày", "label": "Trình độ cao đẳng trở lên"},
    {"value": "30 ngày", "label": "Trung cấp, công nhân kỹ thuật"},
    {"value": "6 ngày làm việc", "label": "Công việc khác"}]}

KIND = Kind(name="numbers", keys=("items",), check=check, read=read_items, lay_out=lay_out,
            alternative=alternative, summary=summary, template="numbers.svg.j2",
            example=EXAMPLE)
