"""Compare: two or three `columns` side by side, each a `title` over up to 8 `items`; the
n-th items of all columns share a row, so they can be read across."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from generators.errors import Problems
from generators.graphics.colors import INK, ON_PRIMARY, PRIMARY, RULE, TINT
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
    row_heights,
    spread,
)
from generators.infographics.kinds.base import Kind, count
from generators.infographics.spec import Spec, Text, plain
from generators.library.schema import Key, check_mapping
from generators.library.yamlio import YamlDoc

# ---- the body: schema and texts -------------------------------------------------------------


COLUMN = {"title": Key(str, required=True), "items": Key(list, required=True)}


def check(doc: YamlDoc, rel: str, problems: Problems) -> None:
    """2–3 columns, each a `title` and a list of at most 8 `items`."""
    if not count(doc, "columns", 2, 3, rel, problems):
        return
    for i, column in enumerate(doc.data["columns"]):
        clean = check_mapping(doc, ("columns", i), column, COLUMN, rel, problems, f"cột {i + 1}")
        if clean is not None and len(clean["items"]) > 8:
            problems.error(rel, doc.line("columns", i, "items"),
                           f"cột {i + 1} có {len(clean['items'])} mục, tối đa 8")


def read(head: Spec, data: Mapping[str, Any]) -> Spec:
    """Each column's title and its non-empty items."""
    columns = tuple(
        (Text(plain(column.get("title")), ("columns", i, "title")),
         tuple(Text(plain(v), ("columns", i, "items", j))
               for j, v in enumerate(column.get("items") or ()) if plain(v)))
        for i, column in enumerate(data.get("columns") or ()))
    return replace(head, columns=columns)


# ---- the layout -----------------------------------------------------------------------------


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


def lay_out(spec: Spec, fmt: Format, area: Box, s: float, setter: Setter) -> Compare:
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


# ---- in words: text alternative, summary ----------------------------------------------------


def alternative(spec: Spec) -> str:
    """A `<ul>` of the columns, each with its own `<ul>` of items. Not a table: the n-th
    items of two columns are not a pair (columns may differ in length and topic), and a
    table would make a screen reader announce empty cells and "row 3, column 2" for things
    that only happen to sit side by side; a list per column keeps each side whole and says
    how many points it has."""
    columns = []
    for title, items in spec.columns:
        inner = "\n".join(str(Markup("<li>{}</li>").format(i.value)) for i in items)
        columns.append(str(Markup("<li><strong>{}</strong>\n<ul>\n").format(title.value))
                       + inner + "\n</ul></li>")
    return "<ul>\n" + "\n".join(columns) + "\n</ul>"


def summary(spec: Spec) -> str:
    titles = [title.value for title, _ in spec.columns]
    return f"So sánh {len(titles)} cột: " + ", ".join(titles[:-1]) + f" và {titles[-1]}."


EXAMPLE: Mapping[str, Any] = {"columns": [
    {"title": "Ở cơ sở", "items": ["Hòa giải viên ở thôn, tổ dân phố", "Không mất phí"]},
    {"title": "Tại Tòa án", "items": ["Hòa giải viên tại Tòa án", "Không mất phí",
                                      "Có thể được Tòa án công nhận"]}]}

KIND = Kind(name="compare", keys=("columns",), check=check, read=read, lay_out=lay_out,
            alternative=alternative, summary=summary, template="compare.svg.j2",
            example=EXAMPLE)
