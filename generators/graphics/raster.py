"""SVG → PNG with resvg (a Rust renderer in the `resvg-py` wheel), fed our font files only,
so a PNG looks the same on every machine and never falls back to a font without
Vietnamese glyphs."""

from __future__ import annotations

from dataclasses import dataclass

import resvg_py

from generators.errors import EngineError
from generators.graphics.fonts import FAMILY, font_files, fonts_version


class RasterError(EngineError):
    """resvg could not draw an SVG."""


def renderer_version() -> str:
    """Part of every cache key for a PNG."""
    return f"resvg-py {resvg_py.__version__} (resvg {resvg_py.__resvg_version__})"


def svg_to_png(svg: str, width: int, height: int, what: str) -> bytes:
    """Draw `svg` at `width`×`height` px on white; `what` names it in errors."""
    try:
        data = resvg_py.svg_to_bytes(
            svg_string=svg, width=width, height=height, background="#ffffff",
            skip_system_fonts=True, font_files=[str(p) for p in font_files()],
            font_family=FAMILY, sans_serif_family=FAMILY)
    except (ValueError, RuntimeError) as exc:
        raise RasterError(f"{what}: không vẽ được SVG thành PNG: {exc}") from exc
    return bytes(data)


@dataclass(frozen=True)
class PngJob:
    """One picture to draw, as a pure task (generators/tasks.py): the SVG text in, PNG bytes
    out; `versions` are the renderer and fonts the build keyed the picture by."""

    svg: str
    width: int
    height: int
    what: str
    versions: tuple[str, str]


def draw_png(job: PngJob) -> bytes:
    """Draw one picture (a task); refused by a worker with another resvg or other fonts,
    which would draw other bytes under the same key."""
    here = (renderer_version(), fonts_version())
    if here != job.versions:
        raise RasterError(f"{job.what}: máy chạy việc có {' / '.join(here)}, bản dựng cần "
                          f"{' / '.join(job.versions)} — cài cùng phiên bản ở mọi máy")
    return svg_to_png(job.svg, job.width, job.height, job.what)
