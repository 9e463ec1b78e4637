"""The site stage: Library → MkDocs docs → Material HTML → Pagefind → swapped into `site/`."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generators.library.model import Library
from generators.progress import Progress
from generators.site.pages import SitePage, plan_pages
from generators.site.publish import discard_stale, staging_dir, swap_into_place
from generators.site.renderer import read_settings, render_site
from generators.site.search import index_site
from generators.site.seo import write_robots, write_sitemap

ASSETS = Path(__file__).parent / "assets"


@dataclass(frozen=True)
class SiteResult:
    pages: int
    indexed: int
    site_url: str | None


def build_site(
    library: Library,
    settings: dict[str, Any],
    site_dir: Path,
    config_file: Path,
    site_url: str | None = None,
    progress: Progress | None = None,
    search: bool = True,
    jobs: int | None = None,
) -> SiteResult:
    """Build the whole site into a staging folder, then swap it into `site_dir`.

    `settings` is mkdocs.yml as read (and checked) by `read_settings`.
    """
    progress = progress or Progress(quiet=True)
    settings = dict(settings)
    site_url = site_url or settings.get("site_url") or None
    if site_url:
        settings["site_url"] = site_url
    pages = list(plan_pages(library))
    discard_stale(site_dir)
    staging = staging_dir(site_dir)
    try:
        docs, out = staging / "docs", staging / "site"
        _copy_static(library, docs)
        with progress.bar("Dựng trang (MkDocs + Material)", unit="trang") as tick:
            render_site(library, pages, settings, config_file, docs, out, site_url, jobs, tick)
        write_sitemap(out, pages, site_url)
        write_robots(out, site_url)
        indexed = 0
        if search:
            progress.stage("Lập chỉ mục tìm kiếm (Pagefind)")
            indexed = index_site(out)
        swap_into_place(out, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return SiteResult(len(pages), indexed, site_url)


def _copy_static(library: Library, docs: Path) -> None:
    shutil.copytree(ASSETS, docs / "assets" / "tusach")
    content = library.root / "content"
    images = {img for e in library.published for img in e.body.images}
    images |= {img for e in library.published for t in e.translations for img in t.body.images}
    for rel in sorted(images):
        target = docs / "media" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(content / rel, target)


__all__ = ["SitePage", "SiteResult", "build_site", "read_settings"]
