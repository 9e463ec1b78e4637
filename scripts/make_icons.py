"""Draw the bookshelf's app icons (an open book on indigo) into generators/site/assets/icons/.

Run by hand when the design changes: `python scripts/make_icons.py` (needs Pillow, a
dev-only tool; the build copies the committed PNGs).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "generators" / "site" / "assets" / "icons"
INDIGO = (63, 81, 181, 255)
WHITE = (255, 255, 255, 255)
SIZES = {"icon-192.png": (192, False), "icon-512.png": (512, False),
         "maskable-512.png": (512, True), "apple-touch-icon.png": (180, False)}


def draw(size: int, maskable: bool) -> Image.Image:
    scale = 4  # draw large, then shrink: smooth edges without anti-aliasing support
    big = size * scale
    image = Image.new("RGBA", (big, big), INDIGO)
    pen = ImageDraw.Draw(image)
    # Maskable icons may be cropped to a circle: keep the book inside the middle 60%.
    box = 0.6 if maskable else 0.76
    left, top = big * (1 - box) / 2, big * (1 - box) / 2 + big * 0.04
    width, height = big * box, big * box * 0.72
    middle = left + width / 2
    gap = big * 0.012
    for side in (-1, 1):
        outer = middle + side * width / 2
        inner = middle + side * gap
        pen.polygon([(inner, top + height * 0.08), (outer, top), (outer, top + height * 0.86),
                     (inner, top + height)], fill=WHITE)
        for row in range(4):  # lines of text on each page
            y = top + height * (0.25 + row * 0.16)
            a = inner + side * width * 0.07
            b = outer - side * width * 0.07
            pen.line([(a, y + height * 0.03), (b, y - height * 0.03)], fill=INDIGO,
                     width=max(1, int(big * 0.012)))
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (size, maskable) in SIZES.items():
        draw(size, maskable).save(OUT / name, optimize=True)


if __name__ == "__main__":
    main()
