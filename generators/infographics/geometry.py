"""The drawing vocabulary of infographics: formats and their type scale, shapes, blocks of
text measured with the font's own advances, and the helpers that set text so that it never
leaves its box (shrink first; shorten with "…" only at the smallest readable size)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, TypeVar

from generators.graphics.fonts import fit, text_width, wrap
from generators.infographics.spec import Text, Where

M = TypeVar("M")
CAP_HEIGHT = 0.74
"""Be Vietnam Pro's capital height in em: baselines centre capitals in each line box."""


@dataclass(frozen=True)
class Format:
    """One output size and the type scale that suits it."""

    key: str
    label: str
    width: int
    height: int
    margin: float
    title_size: float
    title_min: float
    title_lines: int
    body_size: float
    """Largest base text size; everything else in the body scales with it."""
    body_min: float
    """Smallest base text size: the readable minimum."""
    foot_size: float
    foot_min: float
    foot_lines: int
    header_pad: float
    gap: float
    """Space between the header, the body and the footer."""

    @property
    def landscape(self) -> bool:
        return self.width > self.height


STYLES = {
    "doc": Format("doc", "dọc 1080×1350", 1080, 1350, margin=72, title_size=60, title_min=34,
                  title_lines=3, body_size=34, body_min=18, foot_size=24, foot_min=18,
                  foot_lines=3, header_pad=56, gap=48),
    "ngang": Format("ngang", "ngang 1200×630", 1200, 630, margin=48, title_size=42,
                    title_min=26, title_lines=2, body_size=26, body_min=14, foot_size=18,
                    foot_min=14, foot_lines=2, header_pad=30, gap=26),
}


# ---- shapes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    rx: float = 0


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 2


@dataclass(frozen=True)
class Block:
    """Lines of text set at one size inside a box `width` wide whose top is `top`; `x` is
    where the lines are anchored (left edge, centre or right edge of the box)."""

    x: float
    top: float
    width: float
    size: float
    lines: tuple[str, ...]
    fill: str
    bg: str
    """The colour behind the text: (fill, bg) is one of colors.TEXT_PAIRS."""
    bold: bool = False
    anchor: str = "start"
    leading: float = 1.3

    @property
    def line_height(self) -> float:
        return self.size * self.leading

    @property
    def height(self) -> float:
        return self.line_height * len(self.lines)

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def left(self) -> float:
        return {"start": self.x, "middle": self.x - self.width / 2,
                "end": self.x - self.width}[self.anchor]

    @property
    def rows(self) -> list[tuple[str, float]]:
        """(line, baseline y): capitals are centred in each line box."""
        lh = self.line_height
        return [(line, self.top + i * lh + (lh + CAP_HEIGHT * self.size) / 2)
                for i, line in enumerate(self.lines)]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def blocks(part: Any) -> Iterator[Block]:
    """Every Block inside a drawing part (dataclasses, tuples, lists), in drawing order."""
    if isinstance(part, Block):
        yield part
    elif is_dataclass(part) and not isinstance(part, type):
        for f in fields(part):
            yield from blocks(getattr(part, f.name))
    elif isinstance(part, tuple | list):
        for item in part:
            yield from blocks(item)


# ---- setting text ---------------------------------------------------------------------------


def longest_word(text: str, size: float, bold: bool = False) -> float:
    return max((text_width(word, size, bold) for word in text.split()), default=0.0)


class NoFit(Exception):
    """The layout does not fit at this size: try a smaller one."""


class Setter:
    """Wraps texts; in the final attempts (at the smallest size) it shortens what is still
    too long with "…" and records it, instead of giving up.

    `heading_lines` limits headings (titles, dates, column and table headers): 3, then in
    the last resort 2 and 1, so that even the fullest spec fits its box.
    """

    def __init__(self, final: bool, heading_lines: int = 3) -> None:
        self.final = final
        self.heading_lines = heading_lines
        self.shortened: list[Where] = []

    def lines(self, text: Text | None, width: float, size: float, bold: bool = False,
              max_lines: int | None = None, balance: bool = False) -> tuple[str, ...]:
        """`text` wrapped to `width`; `balance` evens out the lines of a heading, so that a
        second line is not a single orphaned word."""
        if text is None or not text.value:
            return ()
        lines = wrap(text.value, width, size, bold)
        if not self.final and longest_word(text.value, size, bold) > width:
            raise NoFit  # a word would be broken inside: try a smaller size first
        if max_lines is None or len(lines) <= max_lines:
            return tuple(balanced(text.value, width, size, bold) if balance else lines)
        if not self.final:
            raise NoFit
        self.shortened.append(text.where)
        return shorten(text.value, width, max_lines, size, bold)

    def fitted(self, text: Text, width: float, max_lines: int, size: float, min_size: float,
               bold: bool = False) -> tuple[float, tuple[str, ...]]:
        """A text set on its own (the title, the source line): shrunk from `size` down to
        `min_size` until it fits, shortened only at `min_size`."""
        result = fit(text.value, width, max_lines, size, min_size, bold)
        if len(wrap(text.value, width, result.size, bold)) > max_lines:
            self.shortened.append(text.where)
            return result.size, shorten(text.value, width, max_lines, result.size, bold)
        return result.size, tuple(balanced(text.value, width, result.size, bold))


def shorten(text: str, width: float, max_lines: int, size: float, bold: bool = False,
            ) -> tuple[str, ...]:
    """The first `max_lines` lines of `text`, the last ending in "…" after a whole word
    (inside a word only when one word fills the line)."""
    lines = wrap(text, width, size, bold)[:max_lines]
    words = lines[-1].split()
    while len(words) > 1 and text_width(" ".join(words) + "…", size, bold) > width:
        words.pop()
    last = " ".join(words).rstrip(",;:.–—-")
    while last and text_width(last + "…", size, bold) > width:
        last = last[:-1].rstrip()
    return (*lines[:-1], last + "…")


def balanced(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """`text` wrapped into as many lines as at `width`, but at the narrowest width that
    keeps that count (never below its longest word): lines of even length."""
    lines = wrap(text, width, size, bold)
    if len(lines) < 2:
        return lines
    low = max(width / 2, max(text_width(w, size, bold) for w in text.split()))
    high = width
    for _ in range(10):
        middle = (low + high) / 2
        trial = wrap(text, middle, size, bold)
        if len(trial) <= len(lines):
            high, lines = middle, trial
        else:
            low = middle
    return lines


def row_caps(rows: Sequence[Sequence[tuple[float, int, float]]], avail: float,
             ) -> list[int | None]:
    """Line limits per row so that the rows fit in `avail`: the tallest row loses a line
    first. A row is cells of (fixed height, lines of its shortenable text, line height)."""
    caps: list[int | None] = [None] * len(rows)

    def lines(r: int) -> list[int]:
        cap = caps[r]
        return [n if cap is None else min(n, cap) for _, n, _ in rows[r]]

    def height(r: int) -> float:
        return max((f + n * lh for (f, _, lh), n in zip(rows[r], lines(r), strict=True)),
                   default=0.0)

    while sum(height(r) for r in range(len(rows))) > avail + 0.01:
        shrinkable = [r for r in range(len(rows)) if max(lines(r), default=0) > 1]
        if not shrinkable:
            break
        tallest = max(shrinkable, key=lambda r: (height(r), -r))
        caps[tallest] = max(lines(tallest)) - 1
    return caps


def spread(heights: Sequence[float], avail: float, min_gap: float, max_gap: float,
           ) -> tuple[float, float]:
    """(offset of the first, gap between): gaps grow up to `max_gap`, then the whole is
    centred in `avail`, so a short list does not huddle at the top."""
    count = len(heights)
    total = sum(heights)
    gap = min(max_gap, max(min_gap, (avail - total) / (count - 1))) if count > 1 else 0.0
    return max(0.0, (avail - total - gap * (count - 1)) / 2), gap


def row_heights(rows: Sequence[Sequence[tuple[float, int, float]]]) -> list[float]:
    """Each row's height: its tallest cell's fixed part plus its lines."""
    return [max(f + n * lh for f, n, lh in row) for row in rows]


def fits(heights: Sequence[float], gap: float, avail: float) -> bool:
    return sum(heights) + gap * max(0, len(heights) - 1) <= avail + 0.01


def rows_of(count: int, columns: int) -> list[list[int]]:
    """Item indices by row."""
    return [list(range(i, min(i + columns, count))) for i in range(0, count, columns)]


def row_lefts(area: Box, count: int, columns: int, width: float, gap: float) -> list[float]:
    """Left edges of `count` cells in a row laid out for `columns`: a short row is centred."""
    used = count * width + (count - 1) * gap
    start = area.x + (area.w - used) / 2 if count < columns else area.x
    return [start + i * (width + gap) for i in range(count)]


def fitted_rows(measure: Callable[[Sequence[int | None]], M],
                rows: Callable[[M], list[list[tuple[float, int, float]]]], count: int,
                avail: float, min_gap: float, setter: Setter) -> M:
    """Measure with every line; if the rows are too tall, give up (NoFit) unless this is the
    final attempt, where the tallest rows are cut to fewer lines until they fit."""
    measured = measure([None] * count)
    heights = row_heights(rows(measured))
    if fits(heights, min_gap, avail):
        return measured
    if not setter.final:
        raise NoFit
    caps = row_caps(rows(measured), avail - min_gap * (count - 1))
    measured = measure(caps)
    heights = row_heights(rows(measured))
    if not fits(heights, min_gap, avail) and setter.heading_lines > 1:
        raise NoFit  # even one line of text each is too much: headings must give lines
    return measured
