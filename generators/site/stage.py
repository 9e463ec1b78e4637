"""The site's stages: the pages (Library + media → MkDocs + Material → Pagefind) into the
build's staging folder; the offline ZIP; the files for hosts (`_headers`, .br/.gz copies)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from generators.cards import SITE_CARD
from generators.config import BuildConfig
from generators.errors import Problem
from generators.library.assets import is_inside
from generators.library.model import Library
from generators.media import SiteMedia
from generators.site.answers import assets_for as answer_assets
from generators.site.answers import plan as plan_answers
from generators.site.asking import ASSETS as ASKING_ASSETS
from generators.site.asking import Asking
from generators.site.bulletins import plan_bulletin_pages
from generators.site.bundle import Bundle, format_size, write_bundle
from generators.site.compress import precompress
from generators.site.contests import check_rules, home_link, plan_contests, write_answer_keys
from generators.site.headers import write_headers
from generators.site.languages import plan_language_pages
from generators.site.offline import prune_unused, write_manifest, write_service_worker
from generators.site.pages import SitePage, plan_pages
from generators.site.podcast import write_feeds
from generators.site.quizzes import assets_for as quiz_assets
from generators.site.quizzes import check_explanations
from generators.site.quizzes import plan as plan_quizzes
from generators.site.renderer import render_site
from generators.site.results import check_results
from generators.site.search import INDEX_DIR, SearchIndex, write_index
from generators.site.seo import write_robots, write_sitemap
from generators.site.static import copy_assets
from generators.site.statistics import plan_statistics
from generators.stage import Build, Stage, StageReport, timed
from generators.urls import BUNDLE_NAME, DOWNLOADS, card_url


class SiteStage(Stage):
    """Every page, the search index, the media linked in, feeds, sitemap, service worker."""

    name = "site"
    needs = ("infographics",)

    def check(self, config: BuildConfig, library: Library) -> list[Problem]:
        # What only the site reads: the contests' rules as rendered, the published results,
        # the practice explanations as rendered.
        return [*check_rules(library), *check_results(library), *check_explanations(library)]

    def run(self, build: Build) -> StageReport:
        config, library, progress, out = build.config, build.library, build.progress, build.out
        work = out.parent  # the staging folder: scratch space beside the new site
        docs = work / "docs"
        with timed(StageReport(self.name)) as report:
            index = SearchIndex(0, "")
            if config.search:
                # The index comes from the model, not the pages, so it is built first and
                # the search page can name the exact index it belongs with.
                progress.stage("Lập chỉ mục tìm kiếm (Pagefind)")
                index = write_index(library, library.published, work, work / INDEX_DIR)
            pages, settings = plan_site(config, library, build.media, index.tag)
            media = build.media
            asking = Asking.of(config)
            _copy_static(library, docs,
                         (ASKING_ASSETS if asking else frozenset()) | quiz_assets(library)
                         | answer_assets(library))
            with progress.bar("Dựng trang (MkDocs + Material)", unit="trang") as tick:
                render_site(library, pages, settings, config.config_file, docs, out,
                            config.site_url, config.jobs, tick)
            _publish_media(media, out)
            write_answer_keys(library, out)  # only of contests closed at the build date
            if media.audio:
                write_feeds(out, library, media.audio, settings, config.site_url)
            write_sitemap(out, pages, config.site_url)
            write_robots(out, config.site_url)
            if config.search:
                os.replace(work / INDEX_DIR, out / INDEX_DIR)  # MkDocs empties `out` first
            prune_unused(out)
            write_manifest(out, settings)
            precached = write_service_worker(out, pages, index.tag) \
                if config.service_worker else 0
            report.built = len(pages)
            report.details.update(pages=len(pages), indexed=index.pages, precached=precached)
            if precached:
                kept = "kệ sách + toàn bộ chỉ mục tìm kiếm" if index.pages else "kệ sách"
                report.summary.append(f"Đọc ngoại tuyến: lần ghé đầu tiên lưu "
                                      f"{format_size(precached)} ({kept}).")
        return report


def plan_site(config: BuildConfig, library: Library, media: SiteMedia,
              search_tag: str) -> tuple[list[SitePage], dict[str, Any]]:
    """Every page of the site, and the MkDocs settings they are rendered with, for the
    search index `search_tag` (the live preview plans again after each edit)."""
    settings = dict(config.settings)
    bundle = config.runs("bundle")
    pages = [*plan_pages(library, search_tag, bundle, media, site_url=config.site_url,
                         site_name=config.site_name),
             *plan_language_pages(library, media, search_tag, site_url=config.site_url,
                                  site_name=config.site_name),
             *plan_statistics(config.statistics),
             *plan_bulletin_pages(library, media)]
    pages = plan_quizzes(library, pages)  # practice banks only, never a contest's
    pages = plan_answers(library, pages, media, site_url=config.site_url,
                         site_name=config.site_name)  # Q&A and legal situations
    asking = Asking.of(config)  # feedback, surveys, questions: only with a collector
    pages += asking.plan(library, pages, settings) if asking else []
    # Rules, dates and the key's commitment; the form only with a collector.
    pages += plan_contests(library, config.collector_url, config.site_url)
    home_link(library, pages)
    # Every page names its search index, so the service worker can tell builds apart; the
    # preview has no worker, and its pages do not wait for the index (only its search
    # pages name it).
    settings["extra"] = {**(settings.get("extra") or {}),
                         "tsp_index": "" if config.preview else search_tag,
                         "tsp_card": card_url(SITE_CARD) if SITE_CARD in media.cards else ""}
    return pages, settings


def body_files(library: Library) -> list[str]:
    """The images and attachments the published bodies use (content-relative), published
    at `media/<content path>`."""
    bodies = [b for e in library.published for b in (e.body, *(t.body for t in e.translations))]
    return sorted({rel for body in bodies for rel in (*body.images, *body.attachments)})


class BundleStage(Stage):
    """The ZIP to read without a network (tai-ve/), after everything it holds is written."""

    name = "bundle"
    needs = ("site", "exports")
    optional = True

    def run(self, build: Build) -> StageReport:
        with timed(StageReport(self.name)) as report:
            build.progress.stage("Đóng gói đọc không cần mạng (ZIP)")
            target = build.out / DOWNLOADS / BUNDLE_NAME
            made: Bundle = write_bundle(build.out, target, build.library.build_date,
                                        build.config.collector_url)
            report.built = 1
            report.details["bundle"] = made
            report.summary.append(f"Gói đọc không cần mạng: {DOWNLOADS}/{BUNDLE_NAME} — "
                                  f"{made.size_text}, {made.files} tệp.")
        return report


class HeadersStage(Stage):
    """`_headers` for hosts and CDNs, once every file of the site is in place."""

    name = "headers"
    needs = ("site",)

    def run(self, build: Build) -> StageReport:
        with timed(StageReport(self.name)) as report:
            write_headers(build.out, collector=build.config.collector_url)
        return report


class CompressStage(Stage):
    """The .br/.gz copies beside text files, from the cache where unchanged (the live
    preview goes without)."""

    name = "compress"
    needs = ("headers",)
    optional = True

    def run(self, build: Build) -> StageReport:
        with timed(StageReport(self.name)) as report:
            done = precompress(build.out, build.config.jobs, build.config.cache_dir)
            report.built, report.reused = done.made, done.reused
            report.details["bytes"] = done.bytes
        return report


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
    for clip in media.answers.values():
        files += [(clip.mp3, clip.url(".mp3")), (clip.vtt, clip.url(".vtt"))]
    for bulletin in media.bulletins.values():
        files += [(bulletin.mp3, bulletin.url(".mp3")),
                  *((path, bulletin.url(ext)) for ext, path in sorted(bulletin.files.items()))]
    files += [(path, url) for url, path in sorted(media.bulletin_feeds.items())]
    for source, url in files:
        target = out / url
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


def _copy_static(library: Library, docs: Path, extras: frozenset[str] = frozenset()) -> None:
    """The site's assets, and the images and attachments the published bodies use, at
    `media/<content path>` (only files the library's policy allowed: see library.assets)."""
    copy_assets(docs, extras)
    content = library.root / "content"
    for rel in body_files(library):
        source = content / rel
        if not is_inside(source, content):  # refused by check already; never follow a link
            continue
        target = docs / "media" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


__all__ = ["BundleStage", "CompressStage", "HeadersStage", "SiteStage", "body_files",
           "plan_site"]
