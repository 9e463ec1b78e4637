"""Runs the stages in order and reports what happened; build.py only parses arguments."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from generators.cache import FileCache
from generators.cards import CardReport, render_cards
from generators.errors import Problem, Problems
from generators.exports.catalogue import Catalogue
from generators.exports.ebooks import render_ebooks
from generators.exports.model import EbookReport
from generators.infographics import InfographicReport, render_infographics
from generators.library import Library, load_library
from generators.progress import Progress
from generators.site import SiteMedia, build_site, read_settings
from generators.site.bundle import Bundle, format_size
from generators.site.publish import check_target, recover, site_lock
from generators.speech.books import AudioReport, Engine, render_audiobooks
from generators.translations.status import TranslationState, summary_line, translation_status
from generators.video import VideoReport, render_videos

__all__ = ["Progress", "Report", "build", "build_date", "check", "print_report"]


@dataclass
class Report:
    """What one run did: for the summary line and for tests."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    explainers: int = 0
    pages: int = 0
    indexed: int = 0
    seconds: float = 0.0
    site_dir: Path | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    """mkdocs.yml as read by `check`."""
    site_url: str | None = None
    precached: int = 0
    """Bytes a reader's first visit keeps for offline use."""
    bundle: Bundle | None = None
    audio: AudioReport | None = None
    infographics: InfographicReport | None = None
    video: VideoReport | None = None
    cards: CardReport | None = None
    ebooks: EbookReport | None = None
    catalogue: Catalogue | None = None
    translations: str = ""
    """The translations' summary line ("Bản dịch: 3 cập nhật, 1 cũ, 2 chưa có."), if any."""
    stale: list[str] = field(default_factory=list)
    """Published translations behind their Vietnamese source."""

    @property
    def ok(self) -> bool:
        return not self.errors


def build_date(value: str | None = None) -> date:
    """`--date`, else SOURCE_DATE_EPOCH (reproducible builds), else today."""
    if value:
        return date.fromisoformat(value)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()


def default_cache(root: Path) -> Path:
    """`TUSACH_CACHE_DIR`, else `<root>/.cache` (git-ignored; CI restores it by content key)."""
    configured = os.environ.get("TUSACH_CACHE_DIR")
    return Path(configured) if configured else root / ".cache"


def check(root: Path, today: date, strict: bool = False, progress: Progress | None = None,
          include_drafts: bool = False, jobs: int | None = None) -> tuple[Library | None, Report]:
    """Load and validate the library; with `strict`, warnings count as errors."""
    progress = progress or Progress(quiet=True)
    started = time.perf_counter()
    with progress.bar("Đọc và kiểm tra thư viện") as tick:
        library, problems = load_library(root, today, tick, include_drafts, jobs)
    # Without content/ this is the wrong folder: one error says so, not two.
    settings = read_settings(root / "mkdocs.yml", root, problems) \
        if (root / "content").is_dir() else None
    report = _report(problems, strict)
    report.settings = settings or {}
    if report.errors:
        library = None
    report.explainers = len(library.explainers) if library else 0
    report.seconds = time.perf_counter() - started
    return library, report


def _report(problems: Problems, strict: bool) -> Report:
    if strict:
        return Report(errors=problems.errors + problems.warnings)
    return Report(errors=problems.errors, warnings=problems.warnings)


def build(root: Path, site_dir: Path, today: date, strict: bool = False,
          site_url: str | None = None, search: bool = True,
          progress: Progress | None = None, include_drafts: bool = False,
          jobs: int | None = None, bundle: bool = True, offline: bool = True,
          compress: bool = True,
          audio: bool = False, video: bool = False, cards: bool = False,
          ebooks: bool = False, cache_dir: Path | None = None,
          engines: Mapping[str, Engine] | None = None, network: bool = True) -> Report:
    """Validate, then build the site; nothing is written when validation fails.

    Infographics are always drawn (pages show them). `audio` also makes the audiobooks,
    `video` the videos (they need the audiobooks: with `audio` off, no video), `cards`
    the share cards and `ebooks` the EPUB e-books — the CLI's defaults; off here so that
    library users and tests choose.
    `compress` writes the .br/.gz copies for hosts (the live preview goes without).
    Media are cached in `cache_dir` (default `<root>/.cache`); `engines` replaces the
    speech engines (tests use fakes for online ones). `network` False: no online service
    is called (edge-tts voices without cached audio are left out, with a warning).

    `site_dir` is checked before any work (`check_target`: never the library, `content/`
    or a folder of someone else's files) and locked for the whole build (`site_lock`).
    """
    check_target(site_dir, root)
    with site_lock(site_dir):
        recover(site_dir)  # a build killed mid-swap left the old site aside: back it goes
        return _build(root, site_dir, today, strict, site_url, search, progress,
                      include_drafts, jobs, bundle, offline, compress, audio, video, cards,
                      ebooks, cache_dir, engines, network)


def _build(root: Path, site_dir: Path, today: date, strict: bool, site_url: str | None,
           search: bool, progress: Progress | None, include_drafts: bool, jobs: int | None,
           bundle: bool, offline: bool, compress: bool, audio: bool, video: bool, cards: bool,
           ebooks: bool, cache_dir: Path | None, engines: Mapping[str, Engine] | None,
           network: bool) -> Report:
    progress = progress or Progress(quiet=True)
    started = time.perf_counter()
    library, report = check(root, today, strict, progress, include_drafts, jobs)
    if library is None:
        return report
    cache = cache_dir or default_cache(root)
    FileCache(cache).discard_leftovers()
    report.infographics = render_infographics(library, cache, jobs, progress)
    report.warnings += report.infographics.warnings
    if audio:
        report.audio = render_audiobooks(library, cache, jobs, progress, engines,
                                         network=network)
    site_name = str(report.settings.get("site_name") or "Tủ sách pháp luật số")
    if video and report.audio:
        report.video = render_videos(library, report.audio.books, report.infographics.files,
                                     cache, jobs, progress, site_name=site_name)
    if cards:
        report.cards = render_cards(library, site_name, cache, jobs, progress)
    if ebooks:
        report.ebooks = render_ebooks(library, cache, jobs, progress, site_name=site_name,
                                      infographics=report.infographics.files,
                                      site_url=site_url or report.settings.get("site_url"))
    media = SiteMedia(audio=report.audio.books if report.audio else {},
                      translated_audio=report.audio.translated if report.audio else {},
                      infographics=report.infographics.files,
                      videos=report.video.videos if report.video else {},
                      cards=report.cards.cards if report.cards else {},
                      ebooks=report.ebooks.ebooks if report.ebooks else {})
    result = build_site(library, report.settings, site_dir, root / "mkdocs.yml", site_url=site_url,
                        progress=progress, search=search, jobs=jobs, bundle=bundle,
                        offline=offline, media=media, compress=compress)
    statuses = translation_status(library)
    if statuses:
        report.translations = summary_line(statuses)
        report.stale = [s.translation_path or s.path for s in statuses
                        if s.state is TranslationState.STALE]
    report.pages, report.indexed, report.site_url = result.pages, result.indexed, result.site_url
    report.precached, report.bundle = result.precached, result.bundle
    report.catalogue = result.catalogue
    report.explainers = len(library.published)  # the build summary counts what it published
    report.site_dir = site_dir
    report.seconds = time.perf_counter() - started
    return report


def _print_audio(audio: AudioReport) -> None:
    books = sum(len(b) for b in audio.books.values())
    minutes = sum(b.duration for bs in audio.books.values() for b in bs) / 60
    translated = sum(len(b) for b in audio.translated.values())
    other = f" và {translated} tệp cho {len(audio.translated)} bản dịch" if translated else ""
    print(f"  Sách nói: {books} tệp cho {len(audio.books)} bài{other}, {minutes:.0f} phút; "
          f"{audio.synthesized} chương đọc mới, {audio.reused} chương dùng lại.")
    for line in audio.fallbacks:
        print(f"  ⚠ {line}")


def _print_media(report: Report) -> None:
    if report.audio:
        _print_audio(report.audio)
    if report.infographics and report.infographics.files:
        made = report.infographics
        print(f"  Infographic: {len(made.files)} hình (SVG + PNG dọc và ngang); {made.built} "
              f"tệp vẽ mới, {made.reused} tệp dùng lại.")
    if report.video and (report.video.videos or report.video.warnings):
        made = report.video
        minutes = sum(v.duration for v in made.videos.values()) / 60
        minutes_text = f"{minutes:.1f}".replace(".", ",")
        print(f"  Video: {len(made.videos)} bài, {minutes_text} phút, mỗi bài một video ngang có "
              f"phụ đề và một video dọc; {made.built} đoạn dựng mới, {made.reused} đoạn dùng lại.")
        for line in made.warnings:
            print(f"  ⚠ {line}")
    if report.translations:
        stale = f" Đã cũ: {', '.join(report.stale[:3])}{' …' if len(report.stale) > 3 else ''}" \
            " — xem: python build.py translations" if report.stale else ""
        print(f"  {report.translations}{stale}")
    if report.ebooks and report.ebooks.ebooks:
        made = report.ebooks
        print(f"  Sách điện tử: {len(made.ebooks)} tệp EPUB ({_count(made, 'field')} lĩnh vực, "
              f"{_count(made, 'explainer')} bài, {_count(made, 'translation')} bản dịch); "
              f"{made.built} làm mới, {made.reused} dùng lại.")
        for line in made.warnings:
            print(f"  ⚠ {line}")
    if report.catalogue:
        cat = report.catalogue
        records = cat.count("explainer") + cat.count("translation")
        print(f"  Danh mục máy đọc: catalogue.json ({len(cat.items)} mục), oai-pmh.xml "
              f"({records} bản ghi OAI-PMH), atom.xml.")
        for line in report.catalogue.warnings:
            print(f"  ⚠ {line}")
    if report.cards:
        print(f"  Thẻ chia sẻ: {len(report.cards.cards)} ảnh 1200×630; {report.cards.built} vẽ "
              f"mới, {report.cards.reused} dùng lại.")


def _count(report: EbookReport, kind: str) -> int:
    return sum(1 for book in report.ebooks.values() if book.kind == kind)


def print_report(report: Report, command: str) -> None:
    """Problems one per line on stderr, then a one-line summary."""
    for problem in report.errors + report.warnings:
        print(problem.format(), file=sys.stderr)
    seconds = f"{report.seconds:.1f}".replace(".", ",")
    if report.errors:
        print(f"✗ {len(report.errors)} lỗi, {len(report.warnings)} cảnh báo — "
              "chưa ghi gì; sửa các lỗi trên rồi chạy lại.", file=sys.stderr)
    elif command == "check":
        print(f"✓ Thư viện hợp lệ: {report.explainers} bài, {len(report.warnings)} cảnh báo, "
              f"{seconds} giây.")
    else:
        print(f"✓ Đã dựng {report.pages} trang ({report.explainers} bài, {report.indexed} trang "
              f"trong chỉ mục tìm kiếm), {len(report.warnings)} cảnh báo, {seconds} giây "
              f"→ {report.site_dir}")
        if report.precached:
            kept = "kệ sách + toàn bộ chỉ mục tìm kiếm" if report.indexed else "kệ sách"
            print(f"  Đọc ngoại tuyến: lần ghé đầu tiên lưu {format_size(report.precached)} "
                  f"({kept}).")
        _print_media(report)
        if report.bundle:
            rel = report.bundle.path.relative_to(report.site_dir) if report.site_dir else \
                report.bundle.path
            print(f"  Gói đọc không cần mạng: {rel.as_posix()} — {report.bundle.size_text}, "
                  f"{report.bundle.files} tệp.")
        if not report.site_url:
            print("  site_url chưa đặt: sitemap.xml dùng đường dẫn tương đối. Dựng với "
                  "--site-url https://…/ (hoặc đặt site_url trong mkdocs.yml) trước khi đăng.")
