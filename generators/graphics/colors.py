"""The palette every drawing uses, and WCAG contrast (checked by the tests)."""

from __future__ import annotations

INK = "#1a1a2e"
"""Body text."""
MUTED = "#4a4a5a"
"""Secondary text (source lines, labels)."""
PRIMARY = "#303f9f"
"""Indigo, the site's header colour family: headings, numbers, badges."""
ON_PRIMARY = "#ffffff"
PAPER = "#ffffff"
TINT = "#e8eaf6"
"""Light indigo panels; text on it uses INK or PRIMARY."""
RULE = "#9fa8da"
"""Lines and borders (not text)."""

TEXT_PAIRS = ((INK, PAPER), (MUTED, PAPER), (PRIMARY, PAPER), (ON_PRIMARY, PRIMARY),
              (INK, TINT), (PRIMARY, TINT), (MUTED, TINT))
"""(foreground, background) pairs used for text: each must reach 4.5:1 (WCAG AA)."""


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance of `#rrggbb`."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio, 1–21."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
