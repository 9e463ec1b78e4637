"""Table: a `header` of up to 4 column names and 1–12 `rows` of as many cells; a header row
in indigo, then rows in alternating tints, each as tall as its longest cell."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from generators.errors import Problems
from generators.graphics.colors import INK, ON_PRIMARY, PAPER, PRIMARY, RULE, TINT
from generators.graphics.fonts import text_width
from generators.infographics.geometry import (
    Block,
    Box,
    Format,
    Line,
    Rect,
    Setter,
    fitted_rows,
    longest_word,
    row_heights,
)
from generators.infographics.kinds.base import Kind, count
from generators.infographics.spec import Spec, Text, plain
from generators.library.schema import coerce
from generators.library.yamlio import YamlDoc

# ---- the body: schema and texts -------------------------------------------------------------


def check(doc: YamlDoc, rel: str, problems: Problems) -> None:
    """A `header` of 1–4 names, then 1–12 `rows`, each a list as long as the header."""
    header, rows = doc.data.get("header"), doc.data.get("rows")
    if coerce(header, list) is None or not header:
        problems.error(rel, doc.line("header"), "bảng cần 'header': danh sách tên cột")
        return
    if len(header) > 4:
        problems.error(rel, doc.line("header"), f"bảng có {len(header)} cột, tối đa 4")
        return
    if not count(doc, "rows", 1, 12, rel, problems):
        return
    for i, row in enumerate(rows):
        if coerce(row, list) is None or len(row) != len(header):
            problems.error(rel, doc.line("rows", i),
                           f"hàng {i + 1} phải là danh sách {len(header)} ô như 'header'")


def read(head: Spec, data: Mapping[str, Any]) -> Spec:
    """The header's names and each row's cells."""
    header = tuple(Text(plain(v), ("header", j)) for j, v in enumerate(data.get("header") or ()))
    rows = tuple(tuple(Text(plain(v), ("rows", i, j)) for j, v in enumerate(row))
                 for i, row in enumerate(data.get("rows") or ()))
    return replace(head, header=header, rows=rows)


# ---- the layout -----------------------------------------------------------------------------


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


def lay_out(spec: Spec, fmt: Format, area: Box, s: float, setter: Setter) -> Table:
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


# ---- in words: text alternative, summary ----------------------------------------------------


def alternative(spec: Spec) -> str:
    """`<table>` with `<th scope="col">` headers, and the first cell of each row as
    `<th scope="row">`, so moving along a row announces what the row is about."""
    head = "".join(str(Markup('<th scope="col">{}</th>').format(h.value)) for h in spec.header)
    rows = []
    for row in spec.rows:
        cells = [str(Markup('<th scope="row">{}</th>' if j == 0 and len(row) > 1 else
                            "<td>{}</td>").format(cell.value)) for j, cell in enumerate(row)]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return ("<table>\n<thead><tr>" + head + "</tr></thead>\n<tbody>\n" + "\n".join(rows)
            + "\n</tbody>\n</table>")


def summary(spec: Spec) -> str:
    return (f"Bảng {len(spec.rows)} hàng, {len(spec.header)} cột: "
            + ", ".join(h.value for h in spec.header) + ".")


EXAMPLE: Mapping[str, Any] = {
    "header": ["Loại hợp đồng", "Báo trước ít nhất"],
    "rows": [["Không xác định thời hạn", "45 ngày"],
             ["Xác định thời hạn từ 12 đến 36 tháng", "30 ngày"],
             ["Dưới 12 tháng", "3 ngày làm việc"]]}

KIND = Kind(name="table", keys=("header", "rows"), check=check, read=read, lay_out=lay_out,
            alternative=alternative, summary=summary, template="table.svg.j2",
            example=EXAMPLE)
