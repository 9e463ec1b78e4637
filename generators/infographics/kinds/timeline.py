"""Timeline: 2–10 dates, each with a `title` and an optional `text`. Portrait: dates on the
left of a vertical line; landscape: a horizontal line (two for more than five dates)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generators.errors import Problems
from generators.graphics.colors import INK, PAPER, PRIMARY, RULE
from generators.graphics.fonts import text_width
from generators.infographics.geometry import (
    Block,
    Box,
    Circle,
    Format,
    Line,
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


ITEM = {"date": Key(str, required=True), "title": Key(str, required=True), "text": Key(str)}


def check(doc: YamlDoc, rel: str, problems: Problems) -> None:
    """2–10 items, each with a `date` and a `title`, maybe a `text`."""
    check_items(doc, ITEM, 2, 10, rel, problems)


# ---- the layout -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    dot: Circle
    date: Block
    title: Block
    text: Block | None


@dataclass(frozen=True)
class Timeline:
    axes: tuple[Line, ...]
    events: tuple[Event, ...]


def lay_out(spec: Spec, fmt: Format, area: Box, s: float, setter: Setter) -> Timeline:
    """Portrait: dates on the left of a vertical line, what happens on the right.
    Landscape: a horizontal line (two for more than five dates) with the events below."""
    if fmt.landscape:
        return _timeline_across(spec, area, s, setter)
    items = spec.items
    t = round(s * 1.12)
    # The date column is as wide as the longest date, within a fifth to a third of the width.
    dw = round(min(area.w / 3, max(area.w / 5, *(text_width(i["date"].value, t, True) + 1
                                               for i in items))))
    line_x = area.x + dw + round(s * 1.1)
    cx = line_x + round(s * 1.1)
    cw = area.right - cx
    r = round(s * 0.42)
    min_gap, max_gap = s * 0.9, s * 2.2

    Measured = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]

    def measure(caps: Sequence[int | None]) -> list[Measured]:
        return [(setter.lines(item["date"], dw, t, True, setter.heading_lines, balance=True),
                 setter.lines(item["title"], cw, t, True, setter.heading_lines, balance=True),
                 setter.lines(item.get("text"), cw, s, False, caps[i]))
                for i, item in enumerate(items)]

    def rows(measured: list[Measured]) -> list[list[tuple[float, int, float]]]:
        return [[(len(da) * t * 1.25, 0, 0),
                 (len(ti) * t * 1.25 + (s * 0.3 if tx else 0), len(tx), s * 1.3)]
                for da, ti, tx in measured]

    measured = fitted_rows(measure, rows, len(items), area.h, min_gap, setter)
    heights = row_heights(rows(measured))
    offset, gap = spread(heights, area.h, min_gap, max_gap)
    y = area.y + offset
    events = []
    for (date_lines, title_lines, text_lines), height in zip(measured, heights, strict=True):
        date = Block(area.x + dw, y, dw, t, date_lines, PRIMARY, PAPER, bold=True,
                     anchor="end", leading=1.25)
        title = Block(cx, y, cw, t, title_lines, INK, PAPER, bold=True, leading=1.25)
        text = Block(cx, title.bottom + s * 0.3, cw, s, text_lines, INK, PAPER) \
            if text_lines else None
        events.append(Event(Circle(line_x, y + t * 1.25 / 2, r, PRIMARY), date, title, text))
        y += height + gap
    first, last = events[0].dot, events[-1].dot
    axis = Line(line_x, first.cy, line_x, last.cy, RULE, 4)
    return Timeline((axis,), tuple(events))


def _timeline_across(spec: Spec, area: Box, s: float, setter: Setter) -> Timeline:
    items = spec.items
    columns = len(items) if len(items) <= 5 else math.ceil(len(items) / 2)
    grid = rows_of(len(items), columns)
    gx = round(s * 1.0)
    cw = (area.w - (columns - 1) * gx) / columns
    t = round(s * 1.08)
    r = round(s * 0.42)
    head = 2 * r + s * 0.6  # the axis and its dots, above the texts
    min_gap = s * 1.0

    Measured = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]

    def measure(caps: Sequence[int | None]) -> list[Measured]:
        cap_of = {i: caps[r] for r, row in enumerate(grid) for i in row}
        return [(setter.lines(item["date"], cw, t, True, setter.heading_lines, balance=True),
                 setter.lines(item["title"], cw, t, True, setter.heading_lines, balance=True),
                 setter.lines(item.get("text"), cw, s, False, cap_of[i]))
                for i, item in enumerate(items)]

    def rows(measured: list[Measured]) -> list[list[tuple[float, int, float]]]:
        return [[(head + (len(measured[i][0]) + len(measured[i][1])) * t * 1.25
                  + (s * 0.3 if measured[i][2] else 0), len(measured[i][2]), s * 1.3)
                 for i in row] for row in grid]

    measured = fitted_rows(measure, rows, len(grid), area.h, min_gap, setter)
    heights = row_heights(rows(measured))
    offset, gap = spread(heights, area.h, min_gap, s * 2)
    y = area.y + offset
    axes, events = [], []
    for row, height in zip(grid, heights, strict=True):
        lefts = row_lefts(area, len(row), columns, cw, gx)
        axes.append(Line(lefts[0], y + r, area.right if len(row) == columns else
                         lefts[-1] + cw, y + r, RULE, 4))
        for i, left in zip(row, lefts, strict=True):
            date_lines, title_lines, text_lines = measured[i]
            date = Block(left, y + head, cw, t, date_lines, PRIMARY, PAPER, bold=True,
                         leading=1.25)
            title = Block(left, date.bottom, cw, t, title_lines, INK, PAPER, bold=True,
                          leading=1.25)
            text = Block(left, title.bottom + s * 0.3, cw, s, text_lines, INK, PAPER) \
                if text_lines else None
            events.append(Event(Circle(left + r, y + r, r, PRIMARY), date, title, text))
        y += height + gap
    return Timeline(tuple(axes), tuple(events))


# ---- in words: text alternative, summary ----------------------------------------------------


def alternative(spec: Spec) -> str:
    """`<ol>` with the date first, so a listener hears "when" before "what"."""
    return ordered(Markup("<li><strong>{}</strong>: {}{}</li>").format(
        item["date"].value, item["title"].value, then(item.get("text")))
        for item in spec.items)


def summary(spec: Spec) -> str:
    return f"Dòng thời gian {len(spec.items)} mốc: " + "; ".join(
        f"{i['date'].value} – {i['title'].value}" for i in spec.items) + "."


EXAMPLE: Mapping[str, Any] = {"items": [
    {"date": "18/06/2012", "title": "Thông qua Bộ luật 2012",
     "text": "Quốc hội thông qua Bộ luật Lao động số 10/2012/QH13."},
    {"date": "01/05/2013", "title": "Bộ luật 2012 có hiệu lực"},
    {"date": "Từ 01/01/2021", "title": "Bộ luật 2019 thay thế",
     "text": "Bộ luật Lao động năm 2012 hết hiệu lực."}]}

KIND = Kind(name="timeline", keys=("items",), check=check, read=read_items, lay_out=lay_out,
            alternative=alternative, summary=summary, template="timeline.svg.j2",
            example=EXAMPLE)
