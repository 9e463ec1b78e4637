"""Where everything goes: the frame (header band with the title, footer with the source line
and the site name) and the body, laid out by its kind's `lay_out` (see `kinds/`).

`lay_out` tries base sizes from large to small (2 px steps); the first at which everything
fits wins. Only at the smallest readable size is text shortened with "…", and each shortened
text is recorded so the stage can warn about it. The templates then only draw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generators.graphics.colors import MUTED, ON_PRIMARY, PAPER, PRIMARY, RULE
from generators.graphics.fonts import text_width
from generators.infographics.geometry import (
    STYLES,
    Block,
    Box,
    Format,
    Line,
    NoFit,
    Rect,
    Setter,
    blocks,
)
from generators.infographics.kinds import KINDS
from generators.infographics.spec import SITE_NAME, Spec, Where

__all__ = ["STYLES", "Drawing", "Format", "Frame", "lay_out"]


# ---- the frame: header band, footer ---------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    header: Rect
    title: Block
    rule: Line
    source: Block | None
    site: Block
    body: Box


def frame(spec: Spec, fmt: Format, setter: Setter) -> Frame:
    """The header band with the title, the footer with the source line and the site name,
    and the body area left between them."""
    m, w = fmt.margin, fmt.width
    # A long title is set smaller on two lines before it takes a third from the body.
    before = len(setter.shortened)
    size, lines = setter.fitted(spec.title, w - 2 * m, 2, fmt.title_size, fmt.title_min,
                                bold=True)
    if len(setter.shortened) > before and fmt.title_lines > 2:
        del setter.shortened[before:]
        size, lines = setter.fitted(spec.title, w - 2 * m, fmt.title_lines,
                                    round(fmt.title_size * 0.8), fmt.title_min, bold=True)
    title = Block(m, fmt.header_pad, w - 2 * m, size, lines, ON_PRIMARY, PRIMARY, bold=True,
                  leading=1.2)
    header = Rect(0, 0, w, round(title.bottom + fmt.header_pad * 0.9), PRIMARY)

    foot = fmt.foot_size
    site_width = text_width(SITE_NAME, foot, bold=True)
    source_width = w - 2 * m - site_width - foot * 1.5
    bottom = fmt.height - fmt.margin * 0.6
    source = None
    if spec.source is not None:
        # One line if a slightly smaller size allows it; else wrapped at the full size.
        before = len(setter.shortened)
        size, lines = setter.fitted(spec.source, source_width, 1, foot,
                                    max(fmt.foot_min, foot - 4))
        if len(setter.shortened) > before:
            del setter.shortened[before:]
            size, lines = setter.fitted(spec.source, source_width, fmt.foot_lines, foot,
                                        fmt.foot_min)
        height = size * 1.3 * len(lines)
        source = Block(m, bottom - height, source_width, size, lines, MUTED, PAPER)
        top = source.top
    else:
        top = bottom - foot * 1.3
    site_size = source.size if source is not None else foot
    site = Block(w - m, top, site_width, site_size, (SITE_NAME,), PRIMARY, PAPER, bold=True,
                 anchor="end")
    rule_y = round(top - foot * 0.8)
    rule = Line(m, rule_y, w - m, rule_y, RULE, 2)
    body_top = header.h + fmt.gap
    body = Box(m, body_top, w - 2 * m, rule_y - fmt.gap * 0.8 - body_top)
    return Frame(header, title, rule, source, site, body)


# ---- all together ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Drawing:
    """A laid-out infographic: the frame, the kind's part, what was shortened."""

    fmt: Format
    frame: Frame
    part: Any
    shortened: tuple[Where, ...]

    def blocks(self) -> list[Block]:
        return [*blocks(self.frame), *blocks(self.part)]


def lay_out(spec: Spec, fmt: Format) -> Drawing:
    """The largest base size at which the spec fits; at the smallest, shortened text."""
    build = KINDS[spec.type].lay_out
    size = fmt.body_size
    while size >= fmt.body_min:
        setter = Setter(final=False)
        outer = frame(spec, fmt, setter)
        try:
            part = build(spec, fmt, outer.body, size, setter)
        except NoFit:
            size -= 2
            continue
        return Drawing(fmt, outer, part, tuple(setter.shortened))
    for heading_lines in (3, 2, 1):
        setter = Setter(final=True, heading_lines=heading_lines)
        outer = frame(spec, fmt, setter)
        try:
            part = build(spec, fmt, outer.body, fmt.body_min, setter)
        except NoFit:  # not with one line per heading: the setter never raises then
            continue
        break
    return Drawing(fmt, outer, part, tuple(dict.fromkeys(setter.shortened)))
