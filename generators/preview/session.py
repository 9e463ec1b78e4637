"""The live preview's long-lived session: it keeps the last good Library, its planned pages
and the preview site, and on each save re-renders only the pages the edit changed.

An update reads the library again through a `ReadMemo` (only changed files are parsed),
checks it, plans every page again (cheap: pages are rendered lazily) and compares the plan
with the last one (`generators.preview.diff`): new and changed pages are rendered through
MkDocs + Material and moved into the site one file at a time (each written whole, then
renamed), removed pages are deleted. Whatever reaches every page — mkdocs.yml, the
navigation (a new field, the first Q&A), the registries, media settings, the renderer's
templates — rebuilds the preview whole through the pipeline, as `build` would.

What takes longer follows in the background (`CatchUp`): the Pagefind index, then the
machine-readable exports and `_headers`. Until the index has caught up, the search pages
say so; then they are rendered again without the notice, naming the new index.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generators.config import BuildConfig
from generators.exports.publish import write_exports
from generators.library import ReadMemo
from generators.library.assets import is_inside
from generators.library.model import VIETNAMESE, Library
from generators.media import SiteMedia
from generators.pipeline import Report, build, check
from generators.preview.diff import INCREMENTAL, diff_pages, registries_changed
from generators.preview.files import file_hash, install_dir, move_page, scratch, tree_signature
from generators.progress import Progress
from generators.site.answers import assets_for as answer_assets
from generators.site.asking import ASSETS as ASKING_ASSETS
from generators.site.asking import Asking
from generators.site.headers import write_headers
from generators.site.pages import SitePage, vietnamese_ui
from generators.site.quizzes import assets_for as quiz_assets
from generators.site.renderer import nav, render_site
from generators.site.search import INDEX_DIR, write_index
from generators.site.seo import write_sitemap
from generators.site.stage import body_files, plan_site
from generators.site.ui import load_ui
from generators.stages import registered

HERE = Path(__file__).resolve().parent.parent
TEMPLATES = (HERE / "site" / "templates", HERE / "site" / "overrides")
"""The renderer's own templates: an edit to them (while developing) rebuilds everything."""
FULL_INPUTS = ("infographics", "audiobooks")
"""Editors' folders whose files feed media: a change there rebuilds everything."""
FIRST_BUILD = "lần dựng đầu"
PENDING_TEMPLATE = "preview_pending.html.j2"
SEARCH_TEMPLATES = frozenset({"search.html.j2", "language_search.html.j2"})


@dataclass
class Update:
    """What one save did, for the command's message and for tests."""

    kind: str
    """"full", "incremental", "failed" (errors: the last good site stays) or "none"."""
    report: Report | None = None
    rendered: tuple[str, ...] = ()
    """URLs of the pages written (incremental updates)."""
    removed: tuple[str, ...] = ()
    reason: str = ""
    """Why a full rebuild was needed."""
    seconds: float = 0.0


@dataclass
class _State:
    """The last good preview."""

    config: BuildConfig
    library: Library
    media: SiteMedia
    pages: dict[str, SitePage]
    settings: dict[str, Any]
    nav: Any
    extras: frozenset[str]
    inputs: str
    search_tag: str
    generation: int = 0
    pending: bool = False
    """The search index (and exports) lag behind the pages."""
    media_files: dict[str, str] = field(default_factory=dict)
    """content-relative path → hash of the body images and attachments published."""


class PreviewSession:
    """One preview site kept up to date with the library; `update()` after each save.

    `make_config` gives the configuration of each update (mkdocs.yml is read again: an edit
    to it counts); `render` is the renderer (tests count what it is asked to render);
    `on_caught_up` runs after the background work has put its files in place (the server
    reloads browsers then). Without `background`, nothing catches up until `finish()` is
    called (tests see the lagging state).
    """

    def __init__(self, make_config: Callable[[], BuildConfig],
                 render: Callable[..., None] = render_site,
                 on_caught_up: Callable[[], None] | None = None,
                 background: bool = True) -> None:
        self.make_config = make_config
        self.render = render
        self.on_caught_up = on_caught_up
        self.memo = ReadMemo()
        self.state: _State | None = None
        self.lock = threading.RLock()
        self.catch_up = CatchUp(self) if background else None

    @property
    def site(self) -> Path | None:
        return self.state.config.site_dir if self.state else None

    @property
    def lagging(self) -> bool:
        """Whether the search index (and exports) are behind the pages."""
        return bool(self.state and self.state.pending)

    def update(self) -> Update:
        """Bring the preview up to date with the files: incrementally where it can."""
        started = time.perf_counter()
        with self.lock:
            config = self.make_config()
            state = self.state
            reason = self._needs_full(config, state)
            if reason:
                result = self._full(config, reason)
            else:
                assert state is not None
                result = self._incremental(config, state)
        result.seconds = time.perf_counter() - started
        if result.kind == "incremental" and self.catch_up:
            self.catch_up.wake()
        return result

    def settle(self, timeout: float = 300) -> bool:
        """Wait until the background work has caught up (tests, benchmarks)."""
        if self.catch_up is None:
            return not self.lagging
        return self.catch_up.idle(timeout)

    def close(self) -> None:
        if self.catch_up:
            self.catch_up.stop()

    # Full rebuilds --------------------------------------------------------------------

    def _needs_full(self, config: BuildConfig, state: _State | None) -> str:
        if state is None:
            return FIRST_BUILD
        if config != state.config:
            return "mkdocs.yml hoặc tùy chọn đã đổi"
        if config.stages:
            return "bản xem trước có làm tệp nghe nhìn (--audio …)"
        if _inputs(config) != state.inputs:
            return "infographics/, audiobooks/ hoặc mẫu trang đã đổi"
        return ""

    def _full(self, config: BuildConfig, reason: str) -> Update:
        report = build(config, Progress(quiet=True), memo=self.memo)
        if not report.ok or report.library is None:
            return Update("failed", report, reason=reason)
        library = report.library
        tag = _installed_tag(config)
        pages, settings = plan_site(config, library, report.media, tag)
        generation = self.state.generation + 1 if self.state else 0
        self.state = _State(config, library, report.media, {p.url: p for p in pages}, settings,
                            _nav(library, pages), _extras(config, library), _inputs(config),
                            tag, generation, media_files=_media_hashes(library))
        if self.catch_up:
            self.catch_up.wake()  # to warm up (see `warm`)
        return Update("full", report, reason=reason)

    def warm(self) -> None:
        """Render, and throw away, the navigation's pages and one explainer after a full
        build (which rendered in other processes): templates are compiled and those pages'
        content is kept, so the first save is as quick as the next ones."""
        with self.lock:
            state = self.state
            if state is None or state.pending:
                return
            pages = list(state.pages.values())
            linked = _nav_sources(state.nav)
            some = [p for p in pages if p.src_uri in linked]
            some += [p for p in pages if p.kind == "explainer"][:1]
            with scratch(state.config.site_dir) as work:
                (work / "docs").mkdir()
                self.render(state.library, some, state.settings, state.config.config_file,
                            work / "docs", work / "site", state.config.site_url, 1)

    # Incremental updates --------------------------------------------------------------

    def _incremental(self, config: BuildConfig, state: _State) -> Update:
        library, report = check(config, Progress(quiet=True), registered(), self.memo)
        if library is None:
            return Update("failed", report)
        changed = registries_changed(state.library, library)
        if changed:
            return self._full(config, f"đã đổi: {', '.join(changed)}")
        # The registries are equal: plan with the last read's very objects, so that
        # comparing the pages' values is mostly comparing identities.
        library = dataclasses.replace(library, **{
            f.name: getattr(state.library, f.name) for f in dataclasses.fields(Library)
            if f.name not in INCREMENTAL})
        if _extras(config, library) != state.extras:
            return self._full(config, "trang cần thêm tệp tĩnh")
        pages, settings = plan_site(config, library, state.media, state.search_tag)
        if settings != state.settings:
            return self._full(config, "thiết lập trang đã đổi")
        menu = _nav(library, pages)
        if menu != state.nav:
            return self._full(config, "thanh điều hướng đã đổi")
        if config.search:
            pages = [_pending(library, p) if p.template in SEARCH_TEMPLATES else p
                     for p in pages]
        diff = diff_pages(state.pages, pages)
        self._write(config, library, settings, diff.changed, diff.pages)
        for url in diff.removed:
            _remove_page(config.site_dir, url)
        state.media_files = _sync_media(library, config.site_dir, state.media_files)
        write_sitemap_atomically(config, list(diff.pages))
        state.library, state.pages = library, {p.url: p for p in diff.pages}
        state.generation += 1
        state.pending = True
        return Update("incremental", report, tuple(p.url for p in diff.changed),
                      diff.removed)

    def _write(self, config: BuildConfig, library: Library, settings: dict[str, Any],
               changed: Sequence[SitePage], pages: Sequence[SitePage]) -> None:
        """Render `changed` (with the pages the navigation links, which MkDocs needs to
        resolve it, rendered but not kept) and move each into the site, whole."""
        if not changed:
            return
        wanted = {p.url for p in changed}
        linked = _nav_sources(_nav(library, pages))
        extra = [p for p in pages if p.src_uri in linked and p.url not in wanted]
        site = config.site_dir
        with scratch(site) as work:
            docs, out = work / "docs", work / "site"
            docs.mkdir()
            self.render(library, [*changed, *extra], settings, config.config_file, docs, out,
                        config.site_url, 1)
            for page in changed:
                move_page(out, site, page.url)

    # Catching up ----------------------------------------------------------------------

    def snapshot(self) -> tuple[int, BuildConfig, Library] | None:
        """What the background work indexes: the current library, if it lags (else it
        warms up after a full build)."""
        with self.lock:
            state = self.state
            if state is None or not state.pending:
                return None
            return state.generation, state.config, state.library

    def finish(self, index: tuple[int, Path | None, str] | None = None) -> bool:
        """Put the index `index` (generation, folder, tag; made now if not given) in place,
        render the search pages for it, then write the exports and `_headers`: the preview
        has caught up. False when a newer update came meanwhile (its own catch-up follows)."""
        snapshot = self.snapshot()
        if snapshot is None:
            return True
        if index is not None:
            return self._finish(index)
        index = self.make_index(*snapshot)
        try:
            return self._finish(index)
        finally:
            if index[1] is not None:
                shutil.rmtree(index[1].parent, ignore_errors=True)

    def _finish(self, index: tuple[int, Path | None, str]) -> bool:
        generation, folder, tag = index
        with self.lock:
            state = self.state
            if state is None or not state.pending:
                return True
            if generation != state.generation:
                return False
            config, library, media = state.config, state.library, state.media
            if folder is not None:
                install_dir(folder, config.site_dir / INDEX_DIR, last="pagefind-entry.json")
            state.search_tag = tag
            search = {p.url: _with_tag(p, tag) for p in state.pages.values()
                      if p.template in SEARCH_TEMPLATES or p.template == PENDING_TEMPLATE}
            pages = [search.get(p.url, p) for p in state.pages.values()]
            self._write(config, library, state.settings, list(search.values()), pages)
            state.pages = {p.url: p for p in pages}
        # Outside the lock, so that a save meanwhile is not kept waiting: these files are
        # not pages, and a newer update's own catch-up writes them again.
        write_exports(config.site_dir, library, media, site_name=config.site_name,
                      site_url=config.site_url, rights=config.copyright)
        write_headers(config.site_dir, collector=config.collector_url)
        with self.lock:
            if self.state is not state or state.generation != generation:
                return False
            state.pending = False
        if self.on_caught_up:
            self.on_caught_up()
        return True

    @staticmethod
    def make_index(generation: int, config: BuildConfig,
                   library: Library) -> tuple[int, Path | None, str]:
        """The Pagefind index of `library`, in a folder beside the site (slow: Pagefind)."""
        if not config.search:
            return generation, None, ""
        work = Path(tempfile.mkdtemp(prefix=".tusach-index-", dir=config.site_dir.parent))
        index = write_index(library, library.published, work, work / INDEX_DIR)
        return generation, (work / INDEX_DIR if index.pages else None), index.tag


class CatchUp:
    """The background worker: indexes the latest library, then lets the session finish."""

    def __init__(self, session: PreviewSession) -> None:
        self.session = session
        self.wanted = threading.Event()
        self.quiet = threading.Event()
        self.quiet.set()
        self.stopping = False
        self.errors: list[str] = []
        self.thread = threading.Thread(target=self._loop, name="tusach-catch-up", daemon=True)
        self.thread.start()

    def wake(self) -> None:
        self.quiet.clear()
        self.wanted.set()

    def idle(self, timeout: float) -> bool:
        return self.quiet.wait(timeout)

    def stop(self) -> None:
        self.stopping = True
        self.wanted.set()
        self.thread.join(timeout=2)  # a daemon: Ctrl+C does not wait for Pagefind

    def _loop(self) -> None:
        while True:
            self.wanted.wait()
            if self.stopping:
                return
            self.wanted.clear()
            try:
                snapshot = self.session.snapshot()
                if snapshot is None:
                    self.session.warm()
                else:
                    made = self.session.make_index(*snapshot)
                    try:
                        self.session.finish(made)
                    finally:
                        if made[1] is not None:
                            shutil.rmtree(made[1].parent, ignore_errors=True)
            except Exception as exc:  # reported: the pages are served already
                self.errors.append(f"{exc!r}")
                print(f"✗ Việc nền của bản xem trước (chỉ mục tìm kiếm, danh mục) lỗi: {exc!r}")
            if not self.wanted.is_set():
                self.quiet.set()


def write_sitemap_atomically(config: BuildConfig, pages: list[SitePage]) -> None:
    """sitemap.xml for `pages`, replacing the old one whole."""
    with scratch(config.site_dir) as work:
        write_sitemap(work, pages, config.site_url)
        os.replace(work / "sitemap.xml", config.site_dir / "sitemap.xml")


def _pending(library: Library, page: SitePage) -> SitePage:
    """The search page saying that its index is being updated (above its usual content)."""
    ui = vietnamese_ui(library) if page.lang == VIETNAMESE else load_ui(library)[page.lang]
    values = {**page.values, "pending_template": page.template,
              "pending_notice": ui("search_pending")}
    return dataclasses.replace(page, template=PENDING_TEMPLATE, values=values)


def _with_tag(page: SitePage, tag: str) -> SitePage:
    """The search page as planned for the index `tag`, without the notice."""
    values = {k: v for k, v in page.values.items()
              if k not in ("pending_template", "pending_notice")}
    template = page.values.get("pending_template", page.template)
    return dataclasses.replace(page, template=template, values={**values, "search_tag": tag})


def _nav(library: Library, pages: Sequence[SitePage]) -> Any:
    return nav(library, frozenset(p.kind for p in pages))


def _nav_sources(tree: Any) -> set[str]:
    """The Markdown files the navigation links."""
    if isinstance(tree, str):
        return {tree}
    if isinstance(tree, dict):
        return {s for item in tree.values() for s in _nav_sources(item)}
    if isinstance(tree, list):
        return {s for item in tree for s in _nav_sources(item)}
    return set()


def _extras(config: BuildConfig, library: Library) -> frozenset[str]:
    """The optional static folders the pages need (as SiteStage copies them)."""
    return frozenset((ASKING_ASSETS if Asking.of(config) else frozenset())
                     | quiz_assets(library) | answer_assets(library))


def _inputs(config: BuildConfig) -> str:
    return tree_signature([config.root / name for name in FULL_INPUTS] + list(TEMPLATES))


def _installed_tag(config: BuildConfig) -> str:
    """The tag of the index in the site (as `write_index` computed it), "" without one."""
    entry = config.site_dir / INDEX_DIR / "pagefind-entry.json"
    if not config.search or not entry.is_file():
        return ""
    return hashlib.sha256(entry.read_bytes()).hexdigest()[:12]


def _media_hashes(library: Library) -> dict[str, str]:
    content = library.root / "content"
    out = {}
    for rel in body_files(library):
        source = content / rel
        if is_inside(source, content):
            out[rel] = file_hash(source).hex()
    return out


def _sync_media(library: Library, site: Path, before: dict[str, str]) -> dict[str, str]:
    """The body images and attachments into `site/media/`: new and changed ones copied
    (whole, then renamed), unused ones deleted."""
    now = _media_hashes(library)
    content = library.root / "content"
    for rel, digest in now.items():
        if before.get(rel) != digest:
            with scratch(site) as work:
                shutil.copyfile(content / rel, work / "file")
                target = site / "media" / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(work / "file", target)
    for rel in before.keys() - now.keys():
        (site / "media" / rel).unlink(missing_ok=True)
    return now


def _remove_page(site: Path, url: str) -> None:
    page = site / url / "index.html"
    page.unlink(missing_ok=True)
    folder = page.parent
    while folder != site and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


__all__ = ["CatchUp", "PreviewSession", "Update"]
