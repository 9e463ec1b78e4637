"""The site stage: Library → MkDocs docs → Material HTML → Pagefind → swapped into `site/`."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generators.library.model import Library
from generators.progress import Progress
from generators.site.bundle import BUNDLE_NAME, DOWNLOADS, Bundle, write_bundle
from generators.site.offline import prune_unused, write_manifest, write_service_worker
from generators.site.pages import SitePage, plan_pages
from generators.site.podcast import write_feeds
from generators.site.publish import discard_stale, staging_dir, swap_into_place
from generators.site.renderer import read_settings, render_site
from generators.site.search import INDEX_DIR, SearchIndex, write_index
from generators.site.seo import write_robots, write_sitemap
from generators.site.static import copy_assets
from generators.speech.model import Audiobook


@dataclass(frozen=True)
class SiteResult:
    pages: int
    indexed: int
    site_url: str | None
    precached: int
    """Bytes a reader's first visit stores for offline use."""
    bundle: Bundle | None


def build_site(
    library: Library,
    settings: dict[str, Any],
    site_dir: Path,
    config_file: Path,
    site_url: str | None = None,
    progress: Progress | None = None,
    search: bool = True,
    jobs: int | None = None,
    bundle: bool = True,
    offline: bool = True,
    audio: Mapping[str, Sequence[Audiobook]] | None = None,
) -> SiteResult:
    """Build the whole site into a staging folder, then swap it into `site_dir`.

    `bundle`: also write the offline ZIP; `offline`: also write the service worker;
    `audio`: each explainer's audiobooks (from the speech stage), published under sach-noi/.

    `settings` is mkdocs.yml as read (and checked) by `read_settings`.
    """
    progress = progress or Progress(quiet=True)
    settings = dict(settings)
    site_url = site_url or settings.get("site_url") or None
    if site_url:
        settings["site_url"] = site_url
    discard_stale(site_dir)
    staging = staging_dir(site_dir)
    try:
        docs, out = staging / "docs", staging / "site"
        index = SearchIndex(0, "")
        if search:
            # The index comes from the model, not the pages, so it is built first and the
            # search page can name the exact index it belongs with.
            progress.stage("Lập chỉ mục tìm kiếm (Pagefind)")
            index = write_index(library, library.published, staging, staging / INDEX_DIR)
        pages = list(plan_pages(library, index.tag, bundle, audio))
        # Every page names its search index, so the service worker can tell builds apart.
        settings["extra"] = {**(settings.get("extra") or {}), "tsp_index": index.tag}
        _copy_static(library, docs)
        with progress.bar("Dựng trang (MkDocs + Material)", unit="trang") as tick:
            render_site(library, pages, settings, config_file, docs, out, site_url, jobs, tick)
        if audio:
            _publish_audio(audio, out)
            write_feeds(out, library, audio, settings, site_url)
        write_sitemap(out, pages, site_url)
        write_robots(out, site_url)
        if search:
            os.replace(staging / INDEX_DIR, out / INDEX_DIR)  # MkDocs empties `out` first
        prune_unused(out)
        write_manifest(out, settings)
        # The live preview has no service worker: it would keep edited pages and offer an
        # "update" after every save.
        precached = write_service_worker(out, pages, index.tag) if offline else 0
        offline_bundle = None
        if bundle:
            progress.stage("Đóng gói đọc không cần mạng (ZIP)")
            offline_bundle = write_bundle(out, out / DOWNLOADS / BUNDLE_NAME, library.build_date)
        swap_into_place(out, site_dir)
        if offline_bundle:
            offline_bundle = replace(offline_bundle, path=site_dir / DOWNLOADS / BUNDLE_NAME)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return SiteResult(len(pages), index.pages, site_url, precached, offline_bundle)


def _publish_audio(audio: Mapping[str, Sequence[Audiobook]], out: Path) -> None:
    """The audiobooks' files from the cache into the site; linked, not copied, where the
    file system allows (they are large and never change under the same name)."""
    for books in audio.values():
        for book in books:
            for source, ext in ((book.mp3, ".mp3"), (book.vtt, ".vtt"),
                                (book.chapters_json, ".chapters.json")):
                target = out / book.url(ext)
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(source, target)
                except OSError:
                    shutil.copyfile(source, target)


def _copy_static(library: Library, docs: Path) -> None:
    copy_assets(docs)
    content = library.root / "content"
    images = {img for e in library.published for img in e.body.images}
    images |= {img for e in library.published for t in e.translations for img in t.body.images}
    for rel in sorted(images):
        target = docs / "media" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(content / rel, target)


__all__ = ["SitePage", "SiteResult", "build_site", "read_settings"]
