"""Infographics from `infographics/<name>.yml`: SVG with real, selectable Vietnamese text
and an embedded font subset, PNG for sharing (portrait and landscape), and the same data as
accessible HTML for the page."""

from __future__ import annotations

from generators.infographics.alternative import text_alternative
from generators.infographics.render import (
    FORMATS,
    infographic_svg,
    render_infographics,
)

__all__ = ["FORMATS", "infographic_svg", "render_infographics", "text_alternative"]
