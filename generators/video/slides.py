"""Video slides as SVG: what each slide says (from the Library model and the speech script)
and where it goes on a 16:9 (1280×720) or 9:16 (720×1280) frame.

Text is measured with the font (generators.graphics.fonts) and laid out here, line by
line, so a slide never overflows: long titles shrink, then end in "…"; a section shows as
many of its sentences as fit. The 9:16 form keeps the top 10 % (social apps' headers)
and the bottom 25 % (the burned-in captions) free of slide text. The Jinja2 templates
in templates/ draw what is laid out; svg_to_png rasterises them with our fonts only.
"""

from __future__ import annotations

import base64
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generators.graphics import colors
from generators.graphics.fonts import FAMILY, fit, text_width, wrap
from generators.library.model import DocumentStatus

ASCENT = 1.0
"""Be Vietnam Pro's ascent (hhea, em): room above the baseline for stacked diacritics."""
DESCENT = 0.265
MAX_POINTS = 4
"""Sentences a section slide shows at most."""


@dataclass(frozen=True)
class Form:
    """A video shape: size, side margins, and the band slide text may use (px)."""

    name: str
    width: int
    height: int
    margin: int
    top: int
    bottom: int
    footer: int
    """Height of the footer band, which ends at `bottom`."""
    title_lines: int
    point_lines: int
    """Lines a section's sentence may take before it ends in "…"."""


WEB = Form("web", 1280, 720, 80, 48, 720, 72, 3, 3)
VERTICAL = Form("vertical", 720, 1280, 56, 128, 960, 72, 5, 5)
"""9:16: text between 10 % from the top and the top of the caption band (bottom 25 %)."""
FORMS = (WEB, VERTICAL)


@dataclass(frozen=True)
class TextBlock:
    """Lines of text set from `top` (px): the template draws one tspan a line."""

    x: float
    top: float
    size: float
    lines: tuple[str, ...]
    line_height: float
    fill: str
    bold: bool = False
    anchor: str = "start"

    def baseline(self, index: int) -> float:
        return round(self.top + self.size * ASCENT + index * self.line_height, 1)

    @property
    def height(self) -> float:
        if not self.lines:
            return 0.0
        return (len(self.lines) - 1) * self.line_height + self.size * (ASCENT + DESCENT)


@dataclass(frozen=True)
class CitedDocument:
    """A line of the closing slide."""

    type: str
    number: str
    title: str
    status: DocumentStatus


@dataclass(frozen=True)
class TitleSlide:
    kicker: str
    title: str
    description: str
    site: str
    updated: str


@dataclass(frozen=True)
class SectionSlide:
    kicker: str
    number: int
    count: int
    title: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class InfographicSlide:
    name: str
    pngs: tuple[tuple[str, Path], ...]
    """Form name → the PNG to show in it ("web": the 1200×630 one, "vertical": 1080×1350)."""


@dataclass(frozen=True)
class ClosingSlide:
    documents: tuple[CitedDocument, ...]
    site: str


Slide = TitleSlide | SectionSlide | InfographicSlide | ClosingSlide


def slide_label(slide: Slide) -> str:
    """How error messages name a slide."""
    if isinstance(slide, TitleSlide):
        return "slide tiêu đề"
    if isinstance(slide, SectionSlide):
        return f"slide phần {slide.number} “{slide.title}”"
    if isinstance(slide, InfographicSlide):
        return f"slide infographic '{slide.name}'"
    return "slide kết"


def slide_svg(slide: Slide, form: Form) -> str:
    """The slide drawn for `form`, as standalone SVG text."""
    if isinstance(slide, TitleSlide):
        name, values = "title.svg.j2", _title(slide, form)
    elif isinstance(slide, SectionSlide):
        name, values = "section.svg.j2", _section(slide, form)
    elif isinstance(slide, InfographicSlide):
        name, values = "infographic.svg.j2", _infographic(slide, form)
    else:
        name, values = "closing.svg.j2", _closing(slide, form)
    template = _environment().get_template(name)
    return template.render(w=form.width, h=form.height, family=FAMILY, c=_Palette(),
                           background=values.pop("background", colors.PAPER), **values)


@cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                       autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=True)


@dataclass(frozen=True)
class _Palette:
    primary: str = colors.PRIMARY
    on_primary: str = colors.ON_PRIMARY
    ink: str = colors.INK
    muted: str = colors.MUTED
    paper: str = colors.PAPER
    tint: str = colors.TINT
    rule: str = colors.RULE


# ---- layouts --------------------------------------------------------------------------------


def _block(text: str, x: float, top: float, width: float, max_lines: int, size: float,
           min_size: float, fill: str, bold: bool = False, leading: float = 1.3,
           anchor: str = "start") -> TextBlock:
    fitted = fit(text, width, max_lines, size, min_size, bold, leading)
    return TextBlock(x, top, fitted.size, fitted.lines, fitted.line_height, fill, bold, anchor)


def _moved(block: TextBlock, dy: float) -> TextBlock:
    return TextBlock(block.x, round(block.top + dy, 1), block.size, block.lines,
                     block.line_height, block.fill, block.bold, block.anchor)


def _footer(form: Form, left: str, right: str, on_primary: bool) -> dict[str, object]:
    """The band at the bottom of the slide text area: site name left, a note right."""
    y = form.bottom - form.footer
    ink = colors.ON_PRIMARY if on_primary else colors.PRIMARY
    muted = colors.ON_PRIMARY if on_primary else colors.MUTED
    width = form.width - 2 * form.margin
    site_size = 24 if form is WEB else 22
    site = _block(left, form.margin, 0, width * 0.6, 1, site_size, site_size, ink, bold=True)
    room = width - text_width(site.lines[0], site_size, True) - 24
    note = _block(right, form.width - form.margin, 0, room, 1, 20, 16, muted, anchor="end")
    site = _moved(site, y + (form.footer - site.height) / 2)
    note = _moved(note, y + (form.footer - note.height) / 2)
    return {"footer_y": y, "footer_h": form.footer, "site": site, "note": note}


def _title(slide: TitleSlide, form: Form) -> dict[str, object]:
    width = form.width - 2 * form.margin
    x = form.margin
    title_size = (60, 40) if form is WEB else (56, 40)
    kicker = _block(slide.kicker, x, 0, width, 1, 26, 26, colors.PRIMARY, bold=True)
    title = _block(slide.title, x, 0, width, form.title_lines, *title_size, colors.INK, True,
                   leading=1.2)
    description = _block(slide.description, x, 0, width, form.title_lines, 30, 24,
                         colors.MUTED)
    gap = 28
    heights = [kicker.height, gap, title.height, gap, 6, gap, description.height]
    area_top, area_bottom = form.top + 12, form.bottom - form.footer
    y = area_top + max(0.0, (area_bottom - area_top - sum(heights)) / 2)
    kicker = _moved(kicker, y)
    y += kicker.height + gap
    title = _moved(title, y)
    y += title.height + gap
    rule = {"x": x, "y": round(y, 1), "width": 96}
    y += 6 + gap
    description = _moved(description, y)
    footer = _footer(form, slide.site, slide.updated, on_primary=False)
    return {"kicker": kicker, "title": title, "rule": rule, "description": description,
            "updated": footer.pop("note"), **footer}


def _section(slide: SectionSlide, form: Form) -> dict[str, object]:
    width = form.width - 2 * form.margin
    x = form.margin
    kicker_text = f"Phần {slide.number}/{slide.count} · {slide.kicker}"
    kicker = _block(kicker_text, x, 0, width, 1, 22, 22, colors.MUTED)
    title = _block(slide.title, x, 0, width, 2 if form is WEB else 3, 44, 32, colors.PRIMARY,
                   True, leading=1.2)
    gap, rule_gap, point_gap = 16, 28, 22
    size, dot, indent = 30, 10, 30
    area_top, area_bottom = form.top + 12, form.bottom - 24
    used = kicker.height + gap + title.height + rule_gap + 3 + rule_gap
    points: list[TextBlock] = []
    text_width_px = width - indent
    room = area_bottom - area_top - used
    for sentence in slide.sentences[:MAX_POINTS]:
        lines = wrap(sentence, text_width_px, size)
        block_lines = min(len(lines), form.point_lines)
        while block_lines > 0:
            height = (block_lines - 1) * size * 1.3 + size * (ASCENT + DESCENT)
            if height + (point_gap if points else 0) <= room:
                break
            block_lines -= 1
        if block_lines == 0 or (points and block_lines < min(len(lines), form.point_lines)):
            break  # a later sentence is not cut short: it is left for the narration
        block = _block(sentence, x + indent, 0, text_width_px, block_lines, size, size,
                       colors.INK)
        room -= block.height + (point_gap if points else 0)
        points.append(block)
    total = used + sum(p.height for p in points) + point_gap * max(0, len(points) - 1)
    y = area_top + max(0.0, (area_bottom - area_top - total) / 2)
    kicker = _moved(kicker, y)
    y += kicker.height + gap
    title = _moved(title, y)
    y += title.height + rule_gap
    rule = {"x": x, "y": round(y, 1), "width": width}
    y += 3 + rule_gap
    placed = []
    for block in points:
        block = _moved(block, y)
        # The dot sits on the middle of the first line's x-height.
        placed.append({"text": block, "dot": dot, "dot_x": x,
                       "dot_y": round(block.baseline(0) - size * 0.27 - dot / 2, 1)})
        y += block.height + point_gap
    return {"kicker": kicker, "title": title, "rule": rule, "points": placed}


def _infographic(slide: InfographicSlide, form: Form) -> dict[str, object]:
    png = dict(slide.pngs)[form.name]
    data = png.read_bytes()
    width, height = png_size(data)
    if form is WEB:
        box = (40, 45, form.width - 80, form.height - 90)
    else:
        box = (40, form.top + 16, form.width - 80, form.bottom - form.top - 48)
    scale = min(box[2] / width, box[3] / height, 1.0)
    w, h = round(width * scale), round(height * scale)
    image = {"x": box[0] + (box[2] - w) // 2, "y": box[1] + (box[3] - h) // 2, "width": w,
             "height": h, "data": base64.b64encode(data).decode("ascii")}
    return {"image": image, "background": colors.TINT}


_BADGE = {
    DocumentStatus.IN_FORCE: (colors.PRIMARY, colors.ON_PRIMARY),
    DocumentStatus.NOT_YET: (colors.TINT, colors.PRIMARY),
    DocumentStatus.EXPIRED: (colors.TINT, colors.MUTED),
}
_BADGE_SIZE, _BADGE_HEIGHT = 20, 34


@dataclass(frozen=True)
class Badge:
    """A document's status as a pill."""

    x: float
    y: float
    width: float
    height: float
    fill: str
    text: TextBlock


@dataclass(frozen=True)
class DocumentLines:
    """A cited document on the closing slide: type and number, status, title."""

    name: TextBlock
    badge: Badge
    title: TextBlock

    @property
    def bottom(self) -> float:
        return max(self.title.top + self.title.height, self.badge.y + self.badge.height)


def _document(doc: CitedDocument, form: Form, top: float) -> DocumentLines:
    """One document set from `top`: on 16:9 the status beside the number, on 9:16 below."""
    x, width = form.margin, form.width - 2 * form.margin
    fill, ink = _BADGE[doc.status]
    label = doc.status.value[:1].upper() + doc.status.value[1:]
    badge_w = round(text_width(label, _BADGE_SIZE, True) + 28)
    beside = form is WEB
    name = _block(f"{doc.type} {doc.number}", x, top, width - badge_w - 16 if beside else width,
                  1, 28, 22, colors.INK, True)
    if beside:
        bx = x + text_width(name.lines[0], name.size, True) + 16
        by = top + (name.height - _BADGE_HEIGHT) / 2
        title_top = top + name.height + 8
    else:
        bx, by = x, top + name.height + 10
        title_top = by + _BADGE_HEIGHT + 10
    text = TextBlock(round(bx + badge_w / 2, 1),
                     round(by + (_BADGE_HEIGHT - _BADGE_SIZE * (ASCENT + DESCENT)) / 2, 1),
                     _BADGE_SIZE, (label,), 26, ink, True, "middle")
    badge = Badge(round(bx, 1), round(by, 1), badge_w, _BADGE_HEIGHT, fill, text)
    title = _block(doc.title, x, title_top, width, 1 if beside else 2, 24, 24, colors.MUTED)
    return DocumentLines(name, badge, title)


def _closing(slide: ClosingSlide, form: Form) -> dict[str, object]:
    width = form.width - 2 * form.margin
    x = form.margin
    heading_text = "Văn bản pháp luật trong bài" if slide.documents else \
        "Cảm ơn bạn đã theo dõi"
    heading = _block(heading_text, x, 0, width, 2, 40, 32, colors.PRIMARY, True, leading=1.2)
    area_top, area_bottom = form.top + 12, form.bottom - form.footer - 16
    gap, doc_gap, more_height = 32, 28, 40
    room = area_bottom - area_top - heading.height - gap
    heights: list[float] = []
    for index, doc in enumerate(slide.documents):
        height = _document(doc, form, 0).bottom
        left_out = len(slide.documents) - index - 1
        need = height + (doc_gap if heights else 0) + (more_height if left_out else 0)
        if need > room:
            break
        room -= height + (doc_gap if heights else 0)
        heights.append(height)
    more_count = len(slide.documents) - len(heights)
    total = heading.height + gap + sum(heights) + doc_gap * max(0, len(heights) - 1) + \
        (doc_gap + more_height if more_count else 0)
    y = area_top + max(0.0, (area_bottom - area_top - total) / 2)
    heading = _moved(heading, y)
    y += heading.height + gap
    documents = []
    for doc, height in zip(slide.documents, heights, strict=False):
        documents.append(_document(doc, form, y))
        y += height + doc_gap
    more = _block(f"… và {more_count} văn bản khác", x, y, width, 1, 24, 24, colors.MUTED) \
        if more_count else None
    note = "Thông tin để tham khảo — hãy đọc văn bản gốc" if form is WEB else \
        "Hãy đọc văn bản gốc"
    footer = _footer(form, slide.site, note, on_primary=True)
    return {"heading": heading, "documents": documents, "more": more, **footer}


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("không phải tệp PNG")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)
