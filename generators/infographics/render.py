"""The infographics stage: each spec → an SVG (real text, embedded font subset) and a PNG,
in two formats, cached by content. `layout.py` places everything; the Jinja2 templates in
`templates/` only draw; resvg turns the SVG into the PNG with the same font files."""

from __future__ import annotations

import hashlib
import os
import threading
import time
import unicodedata
from contextlib import closing
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generators.cache import FileCache, key
from generators.errors import Problem, Severity
from generators.graphics.colors import PAPER
from generators.graphics.fonts import FAMILY, embedded_font_css, fonts_version
from generators.graphics.raster import PngJob, draw_png, renderer_version
from generators.infographics.kinds import KINDS, read_spec
from generators.infographics.layout import STYLES, Drawing, lay_out
from generators.infographics.spec import Where, describe_where
from generators.library.model import Infographic, Library
from generators.media import InfographicFiles, SiteMedia
from generators.progress import Progress
from generators.shared_cache import SharedCache, Tiered
from generators.stage import StageReport
from generators.tasks import LocalRunner, TaskRunner
from generators.workers import pool_size

SCHEMA = 1
"""Bump when the pictures change for the same input in a way the code hash misses."""
KIND = "infographics"
FORMATS: dict[str, tuple[int, int]] = {"doc": (1080, 1350), "ngang": (1200, 630)}
"""Format → (width, height) in px: portrait for phones and feeds, landscape for link previews."""
PACKAGE = Path(__file__).parent
TEMPLATES = PACKAGE / "templates"


# ---- one picture ----------------------------------------------------------------------------


def infographic_svg(library: Library, info: Infographic, fmt: str) -> str:
    """The SVG of `info` in format `fmt` ("doc" or "ngang"): same input, same bytes."""
    return _draw(library, info, fmt)[0]


def _draw(library: Library, info: Infographic, fmt: str) -> tuple[str, Drawing]:
    if fmt not in STYLES:
        raise ValueError(f"định dạng infographic '{fmt}' không có; dùng: {', '.join(FORMATS)}")
    spec = read_spec(library, info)
    kind = KINDS[spec.type]
    drawing = lay_out(spec, STYLES[fmt])
    texts = {False: "", True: ""}
    for block in drawing.blocks():
        texts[block.bold] += block.text
    css = "\n".join(_font_css(_characters(text), bold) for bold, text in texts.items() if text)
    svg = _environment().get_template(kind.template).render(
        fmt=drawing.fmt, frame=drawing.frame, part=drawing.part, title=spec.title.value,
        desc=kind.summary(spec), font_css=Markup(css), family=FAMILY, paper=PAPER)
    return svg, drawing


def _number(value: float) -> str:
    """At most one decimal, no trailing zeros: stable, short coordinates."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@cache
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["n"] = _number
    env.globals["zip"] = zip
    return env


def _characters(text: str) -> str:
    """The distinct characters of `text`, sorted: the font subset depends on nothing else,
    so the two formats of a spec share one subset."""
    return "".join(sorted(set(unicodedata.normalize("NFC", text))))


def _font_css(characters: str, bold: bool) -> str:
    # Both formats of a spec want the same subset, often at the same time in two threads:
    # one makes it, the other waits for it rather than making it again.
    with _SUBSET_LOCKS.setdefault((characters, bold), threading.Lock()):
        return _font_subset(characters, bold)


_SUBSET_LOCKS: dict[tuple[str, bool], threading.Lock] = {}


@lru_cache(maxsize=128)
def _font_subset(characters: str, bold: bool) -> str:
    return embedded_font_css(characters, bold)


@cache
def code_version() -> str:
    """Hash of the layout code (with the kinds') and the templates: a change to either
    redraws everything."""
    digest = hashlib.sha256()
    drawing_code = [p for p in sorted(PACKAGE.rglob("*.py"))
                    if p.relative_to(PACKAGE).as_posix() not in ("__init__.py", "alternative.py")]
    files = [*drawing_code, *sorted(TEMPLATES.glob("*.j2"))]
    for path in files:
        name = path.relative_to(PACKAGE).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


# ---- the stage ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    info: Infographic
    fmt: str
    name: str
    """Cache key."""


def render_infographics(library: Library, cache_dir: Path, workers: int | None = None,
                        progress: Progress | None = None, runner: TaskRunner | None = None,
                        shared: SharedCache | None = None) -> StageReport:
    """Draw (or reuse) both formats of every infographic of the library: `media.infographics`
    by name; a warning for each text shortened to fit, at its line in the spec.

    The SVGs are laid out here (they need the library), on threads; their PNGs are drawn by
    `runner` (default: threads here; a Dask cluster with --scheduler). Both are kept in the
    working cache, and in `shared` when given."""
    started = time.perf_counter()
    progress = progress or Progress(quiet=True)
    store = FileCache(cache_dir)
    store.discard_leftovers()
    tier = Tiered(store, shared)
    versions = (fonts_version(), renderer_version(), code_version())
    plans: list[_Job] = []
    for name in sorted(library.infographics):
        info = library.infographics[name]
        data = read_spec(library, info).data()  # includes the source document's line
        for fmt in FORMATS:
            plans.append(_Job(info, fmt, key(SCHEMA, name, fmt, data, *versions)))
    todo = [job for job in plans if _found(tier, job.name) is None]
    if todo:
        threads = LocalRunner(pool_size(workers, 8), processes=False)
        runner = runner or threads
        with progress.bar("Vẽ infographic", unit="hình") as tick:
            drawn: list[tuple[_Job, str, Drawing]] = []
            with closing(threads.run(lambda job: (job, *_draw(library, job.info, job.fmt)),
                                     todo)) as outcomes:
                for _, outcome in outcomes:
                    if isinstance(outcome, Exception):
                        raise outcome
                    drawn.append(outcome)
            with closing(runner.run(draw_png, drawn, _png_job)) as outcomes:
                for done, (index, png) in enumerate(outcomes, 1):
                    if isinstance(png, Exception):
                        raise png
                    job, svg, drawing = drawn[index]
                    svg_bytes = svg.encode("utf-8")
                    # The PNG first: the record validates it (see _cached).
                    tier.keep(KIND, job.name, {".png": png, ".svg": svg_bytes},
                              {"svg_size": len(svg_bytes),
                               "shortened": [list(w) for w in drawing.shortened]})
                    tick(done, len(todo))
    made = _Counts(len(todo), len(plans) - len(todo))
    report = StageReport("infographics", built=made.built, reused=made.reused)
    shortened: dict[str, list[tuple[str, Where]]] = {}
    svgs: dict[str, dict[str, Path]] = {}
    pngs: dict[str, dict[str, Path]] = {}
    for job in plans:
        record = _cached(store, job.name)
        if record is None:  # pragma: no cover - _make wrote it or raised
            raise RuntimeError(f"{job.info.path}: infographic {job.fmt} không có trong bộ nhớ đệm")
        name = job.info.name
        svgs.setdefault(name, {})[job.fmt] = store.path(KIND, job.name, ".svg")
        pngs.setdefault(name, {})[job.fmt] = store.path(KIND, job.name, ".png")
        shortened.setdefault(name, []).extend((job.fmt, tuple(w)) for w in record["shortened"])
    files: dict[str, InfographicFiles] = {}
    for name in sorted(svgs):
        info = library.infographics[name]
        files[name] = InfographicFiles(name, info.title, info.type, svgs[name], pngs[name])
        report.warnings.extend(_warnings(info, shortened[name]))
    report.media = SiteMedia(infographics=files)
    if files:
        report.summary.append(f"Infographic: {len(files)} hình (SVG + PNG dọc và ngang); "
                              f"{made.built} tệp vẽ mới, {made.reused} tệp dùng lại.")
    report.seconds = time.perf_counter() - started
    return report


@dataclass(frozen=True)
class _Counts:
    built: int
    reused: int


def _png_job(drawn: tuple[_Job, str, Drawing]) -> PngJob:
    job, svg, _ = drawn
    width, height = FORMATS[job.fmt]
    return PngJob(svg, width, height, f"{job.info.path} ({job.fmt})",
                  (renderer_version(), fonts_version()))


def _found(tier: Tiered, name: str) -> dict[str, Any] | None:
    """A whole SVG and PNG pair in the working cache, else fetched from the shared one."""
    record = _cached(tier.cache, name)
    if record is None and tier.load(KIND, name, (".png", ".svg")) is not None:
        record = _cached(tier.cache, name)
    return record


def _cached(store: FileCache, name: str) -> dict[str, Any] | None:
    """The record of a whole SVG and PNG pair, or None (missing, torn, corrupt)."""
    record = store.load(KIND, name, ".png")
    if record is None or not isinstance(record.get("shortened"), list):
        return None
    try:
        if store.path(KIND, name, ".svg").stat().st_size != record.get("svg_size"):
            return None
        with open(store.path(KIND, name, ".png"), "rb") as png:
            head = png.read(8)
            png.seek(-12, os.SEEK_END)
            tail = png.read(12)
    except OSError:
        return None
    if head != b"\x89PNG\r\n\x1a\n" or tail[4:8] != b"IEND":
        return None
    return record


def _warnings(info: Infographic, shortened: list[tuple[str, Where]]) -> list[Problem]:
    """One warning per shortened text and format, at the text's line in the spec."""
    out = []
    for fmt, where in shortened:
        out.append(Problem(
            info.path, info.doc.line(*where),
            f"{describe_where(where)} quá dài cho bản {STYLES[fmt].label}: đã rút ngắn bằng “…”",
            "viết ngắn lại để hình hiện đủ chữ", Severity.WARNING))
    return out
