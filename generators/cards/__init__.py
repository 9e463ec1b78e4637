"""Share cards: a 1200×630 Open Graph / Twitter image per explainer (title, field, site
name) and one for the bookshelf, drawn from an SVG template with the shared graphics and
cached by content like every other medium."""

from __future__ import annotations

import hashlib
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generators.cache import FileCache, key
from generators.graphics import colors
from generators.graphics.fonts import FAMILY, Fitted, fit, fonts_version, text_width
from generators.graphics.raster import PngJob, draw_png, renderer_version
from generators.library.model import VIETNAMESE, Explainer, Library, Translation
from generators.media import SiteMedia
from generators.progress import Progress
from generators.shared_cache import SharedCache, Tiered
from generators.stage import StageReport
from generators.tasks import LocalRunner, TaskRunner
from generators.workers import pool_size

__all__ = ["CARD_SIZE", "SITE_CARD", "card_key", "card_svg", "render_cards"]

SCHEMA = 1
CARD_SIZE = (1200, 630)
SITE_CARD = ""
"""The key of the bookshelf's own card (home and other non-explainer pages)."""
_MARGIN = 72
_BAND = 96
_LEADING = 1.2
_ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                   autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                   lstrip_blocks=True, keep_trailing_newline=True)


def card_key(slug: str, lang: str = VIETNAMESE) -> str:
    """A card's key: the slug, or `<slug>.<lang>` for a translation's."""
    return slug if lang == VIETNAMESE else f"{slug}.{lang}"


def card_svg(title: str, kicker: str, site_name: str, footer: str) -> str:
    """The card for one page: `kicker` (the field) above a title set as large as fits."""
    w, h = CARD_SIZE
    width = w - 2 * _MARGIN
    kicker_y = _BAND + 90
    title_top = kicker_y + 50 if kicker else _BAND + 60
    space = (h - 100) - title_top
    fitted = _fit_block(title, width, space)
    # Centre the title block between the kicker and the footer.
    title_y = title_top + max(0.0, (space - fitted.height) / 2) + fitted.size * 0.95
    return _ENV.get_template("card.svg.j2").render(
        w=w, h=h, band=_BAND, margin=_MARGIN, family=FAMILY, c=colors, site_name=site_name,
        kicker=kicker, kicker_y=kicker_y,
        kicker_w=round(text_width(kicker, 30, bold=True) + 48) if kicker else 0,
        title=fitted, title_y=round(title_y, 2), title_text=title, footer=footer)


def _fit_block(title: str, width: float, height: float) -> Fitted:
    """The title as large as fits `width`×`height` (80 px down to 36 px)."""
    size = 80
    while True:
        lines = max(1, int(height // (size * _LEADING)))
        fitted = fit(title, width, lines, size, size, bold=True, leading=_LEADING)
        if not fitted.lines[-1].endswith("…") or size <= 36:
            return fitted
        size -= 4


def _template_hash() -> str:
    return hashlib.sha256((Path(__file__).parent / "templates" / "card.svg.j2").read_bytes()
                          ).hexdigest()[:16]


def render_cards(library: Library, site_name: str, cache_dir: Path,
                 workers: int | None = None, progress: Progress | None = None,
                 runner: TaskRunner | None = None, shared: SharedCache | None = None,
                 ) -> StageReport:
    """A card per published explainer and translation (its own title) and one for the
    bookshelf, reused when unchanged; `media.cards` maps `card_key` → the cached PNG.

    The PNGs are drawn by `runner` (default: threads of this process; a Dask cluster with
    --scheduler) and kept in the working cache, and in `shared` when given."""
    started = time.perf_counter()
    progress = progress or Progress(quiet=True)
    cache = FileCache(cache_dir)
    tier = Tiered(cache, shared)
    versions = (fonts_version(), renderer_version(), _template_hash())
    footer = "Giải thích pháp luật bằng lời dễ hiểu"
    wanted: list[tuple[str, str, str]] = [(SITE_CARD, site_name, "")]
    wanted += [(card_key(e.slug, item.lang if isinstance(item, Translation) else VIETNAMESE),
                item.title, _field_title(library, e))
               for e in library.published for item in e.versions]
    cards = [_Card(slug, title, kicker,
                   key(SCHEMA, "card", title, kicker, site_name, footer, *versions))
             for slug, title, kicker in wanted]

    def job(card: _Card) -> PngJob:
        # The SVG is made here (the template and fonts' metrics are the build's); only the
        # drawing travels.
        return PngJob(card_svg(card.title, card.kicker, site_name, footer), *CARD_SIZE,
                      f"thẻ chia sẻ {card.name}.png", (renderer_version(), fonts_version()))

    todo = [card for card in cards if tier.load("cards", card.name, (".png",)) is None]
    if todo:
        runner = runner or LocalRunner(pool_size(workers), processes=False)
        with progress.bar("Vẽ thẻ chia sẻ", unit="thẻ") as tick, \
                closing(runner.run(draw_png, todo, job)) as outcomes:
            for done, (index, outcome) in enumerate(outcomes, 1):
                if isinstance(outcome, Exception):
                    raise outcome
                tier.keep("cards", todo[index].name, {".png": outcome}, {})
                tick(done, len(todo))
    files = {card.slug: cache.path("cards", card.name, ".png") for card in cards}
    built, reused = len(todo), len(cards) - len(todo)
    return StageReport(
        "cards", built=built, reused=reused, seconds=time.perf_counter() - started,
        summary=[f"Thẻ chia sẻ: {len(files)} ảnh 1200×630; {built} vẽ mới, "
                 f"{reused} dùng lại."],
        notices=tier.notices(), media=SiteMedia(cards=files))


@dataclass(frozen=True)
class _Card:
    slug: str
    """`card_key` (SITE_CARD for the bookshelf)."""
    title: str
    kicker: str
    name: str
    """Cache key."""


def _field_title(library: Library, explainer: Explainer) -> str:
    return library.fields[explainer.field].title
