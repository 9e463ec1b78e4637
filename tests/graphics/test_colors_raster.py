"""The shared palette passes WCAG AA, and resvg draws with our font only."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from generators.graphics import colors
from generators.graphics.raster import RasterError, svg_to_png


@pytest.mark.parametrize(("fg", "bg"), colors.TEXT_PAIRS)
def test_text_colours_reach_aa(fg: str, bg: str) -> None:
    assert colors.contrast(fg, bg) >= 4.5


def test_contrast_reference_values() -> None:
    assert colors.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert colors.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_vietnamese_text_is_drawn() -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100">'
           '<text x="10" y="60" font-size="40" font-family="Be Vietnam Pro">Đất đai ữ ậ</text>'
           '</svg>')
    image = Image.open(io.BytesIO(svg_to_png(svg, 400, 100, "thử"))).convert("L")
    assert image.size == (400, 100)
    assert image.getextrema()[0] < 60  # dark glyph pixels exist: the font was found


def test_broken_svg_is_an_engine_error() -> None:
    with pytest.raises(RasterError, match=r"^thử: không vẽ được SVG thành PNG"):
        svg_to_png("<svg", 10, 10, "thử")
