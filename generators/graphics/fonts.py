"""Be Vietnam Pro (OFL), shipped as TTF: measured here, embedded in SVGs, loaded by resvg
and libass. Widths come from the font's own advance table, so wrapping is exact and the
same on every machine."""

from __future__ import annotations

import base64
import io
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FAMILY = "Be Vietnam Pro"
FONTS_DIR = Path(__file__).parent / "fonts"
FILES = {False: FONTS_DIR / "BeVietnamPro-Regular.ttf", True: FONTS_DIR / "BeVietnamPro-Bold.ttf"}


def font_files() -> list[Path]:
    """The regular and bold TTF files."""
    return [FILES[False], FILES[True]]


def fonts_version() -> str:
    """Changes when a font file changes: part of every cache key that draws text."""
    return "|".join(f"{p.name}:{p.stat().st_size}:{_head_revision(p)}" for p in font_files())


@cache
def _head_revision(path: Path) -> str:
    return f"{TTFont(path, lazy=True)['head'].fontRevision:.3f}"


@cache
def _metrics(bold: bool) -> tuple[dict[int, int], int, int]:
    """(codepoint → advance in font units, units per em, advance of a missing glyph)."""
    font = TTFont(FILES[bold], lazy=True)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    advances = {cp: hmtx[name][0] for cp, name in cmap.items()}
    return advances, font["head"].unitsPerEm, hmtx[".notdef"][0]


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in pixels of `text` set at `size` px (advances; combining marks add nothing)."""
    advances, upem, missing = _metrics(bold)
    units = 0
    for char in unicodedata.normalize("NFC", text):
        cp = ord(char)
        if cp in advances:
            units += advances[cp]
        elif not unicodedata.combining(char):
            units += missing
    return units * size / upem


def missing_characters(text: str, bold: bool = False) -> str:
    """Characters of `text` the font cannot draw (spaces and controls excepted)."""
    advances, _, _ = _metrics(bold)
    return "".join(sorted({c for c in unicodedata.normalize("NFC", text)
                           if ord(c) not in advances and not c.isspace()
                           and unicodedata.category(c)[0] != "C"}))


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy line breaking at spaces; a word wider than a line is broken by characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if text_width(trial, size, bold) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        current = ""
        while text_width(word, size, bold) > width:
            cut = _longest_prefix(word, width, size, bold)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def _longest_prefix(word: str, width: float, size: float, bold: bool) -> int:
    cut = 1
    while cut < len(word) and text_width(word[:cut + 1], size, bold) <= width:
        cut += 1
    return cut


@dataclass(frozen=True)
class Fitted:
    """Text set to fit a box: the size chosen and its lines."""

    size: float
    lines: tuple[str, ...]
    line_height: float

    @property
    def height(self) -> float:
        return self.line_height * len(self.lines)


def fit(text: str, width: float, max_lines: int, size: float, min_size: float,
        bold: bool = False, leading: float = 1.3) -> Fitted:
    """The largest size from `size` down to `min_size` (2 px steps) at which `text` wraps
    into at most `max_lines` lines of `width`; at `min_size` the lines past the limit are
    dropped and the last one ends with "…" — so text never overflows its box."""
    current = size
    while True:
        lines = wrap(text, width, current, bold)
        if len(lines) <= max_lines or current - 2 < min_size:
            break
        current -= 2
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + "…", current, bold) > width:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return Fitted(current, tuple(lines), round(current * leading, 2))


def subset_font(text: str, bold: bool, flavor: str | None = None, hinting: bool = True,
                ) -> bytes:
    """The font cut down to the characters of `text` (both Unicode normal forms), with all
    its layout features: the same bytes for the same text. `flavor` "woff2", or None
    for TTF; without `hinting` (TrueType instructions, for crisp text on low-resolution
    screens) it is about half the size."""
    options = subset.Options()
    options.flavor = flavor
    options.hinting = hinting
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(FILES[bold], recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    chars = set(unicodedata.normalize("NFC", text)) | set(unicodedata.normalize("NFD", text))
    subsetter.populate(unicodes=sorted(ord(c) for c in chars | {" ", "…"}))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = flavor
    font.save(out)
    return out.getvalue()


def embedded_font_css(text: str, bold: bool) -> str:
    """An `@font-face` rule with the font subset to the characters of `text`, as WOFF2 in
    a data URI, so a standalone SVG draws Vietnamese the same everywhere."""
    data = base64.b64encode(subset_font(text, bold, "woff2")).decode("ascii")
    weight = 700 if bold else 400
    return (f"@font-face{{font-family:'{FAMILY}';font-weight:{weight};"
            f"src:url(data:font/woff2;base64,{data}) format('woff2')}}")
