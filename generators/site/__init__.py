"""The site stage: Library → MkDocs docs → Material HTML → Pagefind → swapped into `site/`."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generators.cards import SITE_CARD
from generators.exports.catalogue import Catalogue
from generators.exports.jsonld import DEFAULT_SITE_NAME
from generators.exports.publish import write_exports
from generators.library.assets import is_inside
from generators.library.model import Library
from generators.progress import Progress
from generators.site.build_info import write_build_info
from generators.site.bundle import Bundle, write_bundle
from generators.site.compress import precompress
from generators.site.headers import write_headers
from generators.site.languages import plan_language_pages
from generators.site.offline import prune_unused, write_manifest, write_service_worker
from generators.site.pages import SiteMedia, SitePage, plan_pages
from generators.site.podcast import write_feeds
from generators.site.publish import discard_stale, staging_dir, swap_into_place, write_marker
from generators.site.renderer import read_settings, render_site
from generators.site.search import INDEX_DIR, SearchIndex, write_index
from generators.site.seo import write_robots, write_sitemap
from generators.site.static import copy_assets
from generators.urls import BUNDLE_NAME, DOWNLOADS, card_url


@dataclass(frozen=True)
class SiteResult:
    pages: int
    indexed: int
    site_url: str | None
    precached: int
    """Bytes a reader's first visit stores for offline use."""
    bundle: Bundle | None
    catalogue: Catalogue | None = None


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
    media: SiteMedia | None = None,
    compress: bool = True,
) -> SiteResult:
    """Build the whole site into a staging folder, then swap it into `site_dir`.

    `bundle`: also write the offline ZIP; `offline`: also write the service worker;
    `compress`: also write the .br/.gz copies (the live preview does without);
    `media`: what the media stages made (audiobooks under sach-noi/, infographics,
    videos, share cards), linked into the site from the cache.

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
        media = media or SiteMedia()
        site_name = str(settings.get("site_name") or DEFAULT_SITE_NAME)
        pages = [*plan_pages(library, index.tag, bundle, media, site_url=site_url,
                             site_name=site_name),
                 *plan_language_pages(library, media, index.tag, site_url=site_url,
                                      site_name=site_name)]
        # Every page names its search index, so the service worker can tell builds apart.
        settings["extra"] = {**(settings.get("extra") or {}), "tsp_index": index.tag,
                             "tsp_card": card_url(SITE_CARD) if SITE_CARD in media.cards
                             else ""}
        _copy_static(library, docs)
        with progress.bar("Dựng trang (MkDocs + Material)", unit="trang") as tick:
            render_site(library, pages, settings, config_file, docs, out, site_url, jobs, tick)
        _publish_media(media, out)
        if media.audio:
            write_feeds(out, library, media.audio, settings, site_url)
        write_sitemap(out, pages, site_url)
        write_robots(out, site_url)
        if search:
            os.replace(staging / INDEX_DIR, out / INDEX_DIR)  # MkDocs empties `out` first
        prune_unused(out)
        write_manifest(out, settings)
        # The live preview has no service worker: it would keep edited pages and offer an
        # "update" after every save.
        precached = write_service_worker(out, pages, index.tag) if offline else 0
        # The catalogue lists sizes and hashes: nothing it lists may change after this.
        catalogue = write_exports(out, library, media, site_name=site_name,
                                  site_url=site_url, rights=settings.get("copyright") or None)
        offline_bundle = None
        if bundle:
            progress.stage("Đóng gói đọc không cần mạng (ZIP)")
            offline_bundle = write_bundle(out, out / DOWNLOADS / BUNDLE_NAME, library.build_date)
        # Files for hosts and CDNs, after the ZIP and the service worker's list (which must
        # not hold them); then the one file that differs between two builds of a commit.
        write_headers(out)
        if compress:
            precompress(out, jobs)
        write_build_info(out, library.root, library.build_date.isoformat())
        write_marker(out)  # outside every list of the site's files (ZIP, catalogue, …)
        swap_into_place(out, site_dir)
        if offline_bundle:
            offline_bundle = replace(offline_bundle, path=site_dir / DOWNLOADS / BUNDLE_NAME)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return SiteResult(len(pages), index.pages, site_url, precached, offline_bundle, catalogue)


def _publish_media(media: SiteMedia, out: Path) -> None:
    """The media files from the cache into the site; linked, not copied, where the file
    system allows (they can be large, and a cached file never changes under its name)."""
    files: list[tuple[Path, str]] = []
    for books in [*media.audio.values(), *media.translated_audio.values()]:
        for book in books:
            files += [(book.mp3, book.url(".mp3")), (book.vtt, book.url(".vtt")),
                      (book.chapters_json, book.url(".chapters.json"))]
    for info in media.infographics.values():
        for fmt in sorted(info.svg):
            files += [(info.svg[fmt], info.url(fmt, ".svg")),
                      (info.png[fmt], info.url(fmt, ".png"))]
    for video in media.videos.values():
        files += [(video.web, video.url("web")), (video.vertical, video.url("vertical")),
                  (video.vtt, video.url("vtt")), (video.poster, video.url("poster"))]
    files += [(png, card_url(slug)) for slug, png in media.cards.items()]
    files += [(book.path, book.url) for book in media.ebooks.values()]
    for source, url in files:
        target = out / url
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


def _copy_static(library: Library, docs: Path) -> None:
    """The site's assets, and the images and attachments the published bodies use, at
    `media/<content path>` (only files the library's policy allowed: see library.assets)."""
    copy_assets(docs)
    content = library.root / "content"
    bodies = [b for e in library.published for b in (e.body, *(t.body for t in e.translations))]
    files = {rel for body in bodies for rel in (*body.images, *body.attachments)}
    for rel in sorted(files):
        source = content / rel
        if not is_inside(source, content):  # refused by check already; never follow a link
            continue
        target = docs / "media" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


__all__ = ["SiteMedia", "SitePage", "SiteResult", "build_site", "read_settings"]
