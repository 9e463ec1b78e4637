"""One layout function per infographic type: each places its parts in the body area at a
base text size `s`, raising NoFit when they do not fit (the caller then tries a smaller
size), except in the final attempt where the tallest texts are shortened."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from generators.graphics.colors import INK, ON_PRIMARY, PAPER, PRIMARY, RULE, TINT
from generators.graphics.fonts import text_width, wrap
from generators.infographics.geometry import (
    CAP_HEIGHT,
    Block,
    Box,
    Circle,
    Format,
    Line,
    Rect,
    Setter,
    fitted_rows,
    longest_word,
    row_heights,
    row_lefts,
    rows_of,
    spread,
)
from generators.infographics.spec import Spec

# ---- steps ----------------------------------------------------------------------------------


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


def steps(spec: Spec, fmt: Format, area: Box, s: float, setter: Setter) -> Steps:
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


# ---- timeline -------------------------------------------------------------------------------


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


def timeline(spec: Spec, fmt: Format, area: Box, s: float, setter: Setter) -> Timeline:
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


# ---- compare --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    head: Rect
    title: Block
    panel: Rect
    bullets: tuple[Circle, ...]
    items: tuple[Block, ...]
    rules: tuple[Line, ...]


@dataclass(frozen=True)
class Compare:
    columns: tuple[Column, ...]


def compare(spec: Spec, fmt: Format, area: Box, s: float, setter: Setter) -> Compare:
    """Two or three columns side by side, each a heading over a tinted panel; the n-th items
    of all columns share a row, so they can be read across."""
    columns = spec.columns
    k = len(columns)
    gx = round(s * (1.0 if fmt.landscape else 0.8))
    cw = (area.w - (k - 1) * gx) / k
    p = round(s * 0.7)
    t = round(s * 1.1)
    bullet = round(s * 0.9)
    iw = cw - 2 * p - bullet
    depth = max(len(items) for _, items in columns)
    row_gap = s * 0.75

    heads = [setter.lines(title, cw - 2 * p, t, True, setter.heading_lines, balance=True)
             for title, _ in columns]
    head_h = max(len(h) for h in heads) * t * 1.25 + 2 * p
    avail = area.h - head_h - 2 * p

    def measure(caps: Sequence[int | None]) -> list[list[tuple[str, ...]]]:
        return [[setter.lines(item, iw, s, False, caps[j]) for j, item in enumerate(items)]
                for _, items in columns]

    def rows(measured: list[list[tuple[str, ...]]]) -> list[list[tuple[float, int, float]]]:
        return [[(0, len(col[j]), s * 1.3) for col in measured if j < len(col)]
                for j in range(depth)]

    measured = fitted_rows(measure, rows, depth, avail, row_gap, setter)
    heights = row_heights(rows(measured))
    _, gap = spread(heights, avail, row_gap, s * 1.6)
    body_h = sum(heights) + gap * (depth - 1) + 2 * p
    top = area.y + max(0.0, (area.h - head_h - body_h) / 2)
    out = []
    for c, (head_lines, items) in enumerate(zip(heads, measured, strict=True)):
        left = area.x + c * (cw + gx)
        head = Rect(left, top, cw, head_h, PRIMARY, rx=round(s * 0.5))
        title_block = Block(left + cw / 2, top + (head_h - len(head_lines) * t * 1.25) / 2, cw
                            - 2 * p, t, head_lines, ON_PRIMARY, PRIMARY, bold=True,
                            anchor="middle", leading=1.25)
        panel = Rect(left, top + head_h - round(s * 0.5), cw, body_h + round(s * 0.5), TINT,
                     rx=round(s * 0.5))
        y = top + head_h + p
        bullets, texts, rules = [], [], []
        for j, height in enumerate(heights):
            if j < len(items):
                block = Block(left + p + bullet, y, iw, s, items[j], INK, TINT)
                texts.append(block)
                bullets.append(Circle(left + p + s * 0.25, block.rows[0][1] - CAP_HEIGHT * s / 2,
                                      s * 0.18, PRIMARY))
            if j + 1 < depth and j + 1 < len(items):
                rule_y = round(y + height + gap / 2, 1)
                rules.append(Line(left + p, rule_y, left + cw - p, rule_y, RULE, 1.5))
            y += height + gap
        out.append(Column(head, title_block, panel, tuple(bullets), tuple(texts), tuple(rules)))
    return Compare(tuple(out))


# ---- numbers --------------------------------------------------------------------------------


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


def numbers(spec: Spec, fmt: Format, area: Box, s: float, setter: Setter) -> Numbers:
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


# ---- table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    band: Rect
    cells: tuple[Block, ...]


@dataclass(frozen=True)
class Table:
    head: TableRow
    rows: tuple[TableRow, ...]
    rule: Line


def _column_widths(wanted: Sequence[float], least: Sequence[float], total: float,
                   ) -> list[float]:
    """Narrow columns get what they need; the rest share what is left, and any slack is
    spread in proportion to need (water-filling). No column is narrower than `least` (its
    longest word) while others have room to give."""
    widths = _water_fill(wanted, total)
    for j, low in enumerate(least):
        short = low - widths[j]
        if short <= 0:
            continue
        spare = {k: widths[k] - least[k] for k in range(len(widths)) if k != j
                 and widths[k] > least[k]}
        room = sum(spare.values())
        take = min(short, room)
        for k, extra in spare.items():
            widths[k] -= take * extra / room
        widths[j] += take
    return widths


def _water_fill(wanted: Sequence[float], total: float) -> list[float]:
    widths = [0.0] * len(wanted)
    left, open_ = total, sorted(range(len(wanted)), key=lambda j: wanted[j])
    while open_:
        share = left / len(open_)
        j = open_[0]
        if wanted[j] <= share:
            widths[j] = wanted[j]
            left -= wanted[j]
            open_.pop(0)
        else:
            for j in open_:
                widths[j] = share
            left = 0
            break
    if left > 0:
        need = sum(wanted)
        widths = [w + left * wanted[j] / need for j, w in enumerate(widths)]
    return widths


def table(spec: Spec, fmt: Format, area: Box, s: float, setter: Setter) -> Table:
    """A header row in indigo, then rows in alternating tints; each row as tall as its
    longest cell."""
    header, body = spec.header, spec.rows
    # The last resort (one-line headings) also tightens the rows: twelve must fit.
    ph, pv = round(s * 0.6), round(s * (0.45 if setter.heading_lines > 1 else 0.2))
    wanted = [max(text_width(h.value, s, True), *(text_width(r[j].value, s) for r in body))
              + 2 * ph for j, h in enumerate(header)]
    least = [max(longest_word(h.value, s, True), *(longest_word(r[j].value, s) for r in body))
             + 2 * ph for j, h in enumerate(header)]
    widths = _column_widths(wanted, least, area.w)
    inner = [w - 2 * ph for w in widths]
    head_lines = [setter.lines(h, inner[j], s, True, setter.heading_lines, balance=True)
                  for j, h in enumerate(header)]
    head_h = max(len(h) for h in head_lines) * s * 1.25 + 2 * pv

    def measure(caps: Sequence[int | None]) -> list[list[tuple[str, ...]]]:
        return [[setter.lines(cell, inner[j], s, False, caps[i], balance=True)
                 for j, cell in enumerate(row)]
                for i, row in enumerate(body)]

    def rows(measured: list[list[tuple[str, ...]]]) -> list[list[tuple[float, int, float]]]:
        return [[(2 * pv, max(1, len(c)), s * 1.3) for c in row] for row in measured]

    measured = fitted_rows(measure, rows, len(body), area.h - head_h, 0, setter)
    heights = row_heights(rows(measured))
    # A short table gets airier rows (up to a limit) rather than a sea of white around it.
    grow = min(max(0.0, area.h - head_h - sum(heights)) / (len(body) + 1), s * 0.8)
    head_h += grow
    heights = [h + grow for h in heights]
    total = head_h + sum(heights)
    top = area.y + max(0.0, (area.h - total) / 2)
    lefts = [area.x + sum(widths[:j]) for j in range(len(widths))]

    def cells(y: float, lines: Sequence[tuple[str, ...]], fill: str, bg: str, bold: bool,
              leading: float) -> tuple[Block, ...]:
        return tuple(Block(lefts[j] + ph, y + pv + grow / 2, inner[j], s, lines[j], fill, bg,
                           bold=bold, leading=leading) for j in range(len(lines)))

    head = TableRow(Rect(area.x, top, area.w, head_h, PRIMARY),
                    cells(top, head_lines, ON_PRIMARY, PRIMARY, True, 1.25))
    y = top + head_h
    out = []
    for i, (lines, height) in enumerate(zip(measured, heights, strict=True)):
        bg = TINT if i % 2 else PAPER
        out.append(TableRow(Rect(area.x, y, area.w, height, bg), cells(y, lines, INK, bg, False,
                                                                       1.3)))
        y += height
    return Table(head, tuple(out), Line(area.x, y, area.right, y, RULE, 2))
