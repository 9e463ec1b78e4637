"""MkDocs + Material as the renderer: configuration and the build call, nothing else."""

from __future__ import annotations

import io
import logging
import multiprocessing as mp
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from jinja2 import Environment

from generators.errors import EngineError
from generators.library.model import Library
from generators.progress import Tick
from generators.site.pages import SitePage
from generators.site.plugin import BookshelfPlugin
from generators.site.static import asset_url
from generators.urls import (
    AUDIENCES_URL,
    AUDIO_URL,
    BULLETINS_URL,
    CONTESTS_URL,
    DOCUMENTS_URL,
    GLOSSARY_URL,
    INFOGRAPHICS_URL,
    LANGUAGES_URL,
    QA_URL,
    QUIZZES_URL,
    SEARCH_URL,
    SITUATIONS_URL,
)
from generators.workers import pool_size, process_pool

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

HERE = Path(__file__).parent
OVERRIDES = HERE / "overrides"
EXTRA_CSS = [asset_url("fonts.css"), asset_url("tusach.css")]
EXTRA_JS = [asset_url("tusach.js")]
# Settings the site depends on; an mkdocs.yml cannot change these.
_FORCED_THEME = {"name": "material", "language": "vi", "font": False,
                 "custom_dir": str(OVERRIDES)}


def nav(library: Library, kinds: frozenset[str] = frozenset()) -> list[Any]:
    """The small, fixed navigation: bookshelf pages only, never every explainer; the
    Q&A, situation, audiobook, infographic, bulletin, quiz and contest pages when the build
    has made `kinds` of them."""
    fields = [{f.title: f"{f.key}/index.md"} for f in library.fields.values()
              if library.in_field(f.key)]
    return [
        {"Trang chủ": "index.md"},
        {"Lĩnh vực": fields} if fields else {"Lĩnh vực": "index.md"},
        {"Theo đối tượng": f"{AUDIENCES_URL}index.md"},
        {"Văn bản pháp luật": f"{DOCUMENTS_URL}index.md"},
        *([{"Hỏi đáp": f"{QA_URL}index.md"}] if "qa_list" in kinds else []),
        *([{"Tình huống pháp lý": f"{SITUATIONS_URL}index.md"}] if "situations" in kinds
          else []),
        *([{"Sách nói": f"{AUDIO_URL}index.md"}] if "audiobooks" in kinds else []),
        *([{"Infographic": f"{INFOGRAPHICS_URL}index.md"}] if "infographics" in kinds else []),
        *([{"Bản tin loa": f"{BULLETINS_URL}index.md"}] if "bulletins" in kinds else []),
        *([{"Trắc nghiệm": f"{QUIZZES_URL}index.md"}] if "quizzes" in kinds else []),
        *([{"Cuộc thi": f"{CONTESTS_URL}index.md"}] if "contests" in kinds else []),
        *([{"Thuật ngữ": f"{GLOSSARY_URL}index.md"}] if "glossary" in kinds else []),
        *([{"Ngôn ngữ khác": f"{LANGUAGES_URL}index.md"}] if "languages" in kinds else []),
        {"Tìm kiếm": f"{SEARCH_URL}index.md"},
    ]


# Below this many explainers one process is faster than several.
SHARD_FROM = 200
SHARES_PER_WORKER = 8


def render_site(
    library: Library,
    pages: Sequence[SitePage],
    settings: dict[str, Any],
    config_file: Path,
    docs_dir: Path,
    site_dir: Path,
    site_url: str | None,
    jobs: int | None = None,
    tick: Tick | None = None,
    *,
    clean: bool = True,
) -> None:
    """Render every page with MkDocs + Material into `site_dir`, emptied first unless not
    `clean` (a few pages into an existing site); `tick` reports pages done.

    MkDocs' own build loop, less what our pages never need (Python-Markdown on their empty
    sources, link validation), set up once: configuration, files, navigation, theme and
    static files. For a large library the pages are then split across `jobs` forked
    processes (default: all cores), each writing its share into `site_dir`.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.exceptions import MkDocsException

    count = pool_size(jobs, 8)
    explainers = sum(1 for p in pages if p.kind == "explainer")
    sharded = (count >= 2 and explainers >= SHARD_FROM
               and "fork" in mp.get_all_start_methods())
    counter = mp.get_context("fork").Value("i", 0) if sharded else None
    done = 0

    def counted() -> None:
        nonlocal done
        if counter is None:
            done += 1
            if tick:
                tick(done, len(pages))
        else:
            with counter.get_lock():
                counter.value += 1

    try:
        site = _Site.prepare(library, pages, settings, config_file, docs_dir, site_dir,
                             site_url, counted, clean)
        if counter is None:
            site.render(range(len(site.pages)))
        else:
            _render_sharded(site, count, counter, tick)
        site.finish()
    except MkDocsException as exc:
        raise EngineError(f"MkDocs: {exc}") from exc


def _render_sharded(site: _Site, count: int, counter: Synchronized[int],
                    tick: Tick | None) -> None:
    """`site`'s pages across `count` forked workers, in shares of every n-th page (the pages
    of one kind and folder spread evenly), several per worker so that a worker the machine
    slows down takes fewer; progress from the shared counter."""
    global _SITE
    parts = min(count * SHARES_PER_WORKER, len(site.pages))
    shares = [range(i, len(site.pages), parts) for i in range(parts)]
    _SITE = site
    try:
        with process_pool(count, mp.get_context("fork")) as pool:  # workers end with the build
            _report_while(pool.map(_render_share, shares), counter, len(site.pages), tick)
    finally:
        _SITE = None


_SITE: _Site | None = None
"""The prepared render; module-level so forked workers inherit it without pickling."""


def _render_share(share: range) -> None:
    site = _SITE
    assert site is not None
    site.render(share)


def _report_while(pending: Iterator[None], counter: Synchronized[int], total: int,
                  tick: Tick | None) -> None:
    """Move the progress bar from the shared counter until every worker is done."""
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.3):
            if tick:
                tick(counter.value, total)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        list(pending)
    finally:
        done.set()
        watcher.join()
    if tick:
        tick(counter.value, total)


def _config(library: Library, pages: Sequence[SitePage], settings: dict[str, Any],
            config_file: Path, docs_dir: Path, site_dir: Path, site_url: str | None,
            ) -> MkDocsConfig:
    """MkDocs' configuration of one build: the settings `check` read, what the site
    forces (theme, navigation, validation), and the bookshelf plugin."""
    from mkdocs.config import load_config

    theme = {**(settings.get("theme") or {}), **_FORCED_THEME}
    user_plugins = settings.get("plugins") or []
    plugins = [p for p in user_plugins if (p if isinstance(p, str) else next(iter(p), ""))
               not in ("search", "material/search", "i18n")]
    extra = {"generator": False, **(settings.get("extra") or {})}
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    # MkDocs gets the settings `check` read safely, never the file: its own loader would
    # construct any Python tag written there.
    checked = io.StringIO(yaml.safe_dump(settings, allow_unicode=True))
    checked.name = str(config_file)
    return load_config(
        config_file=checked,
        docs_dir=str(docs_dir), site_dir=str(site_dir), theme=theme, plugins=plugins,
        site_url=site_url or None,
        nav=nav(library, frozenset(p.kind for p in pages)),
        use_directory_urls=True, extra=extra,
        extra_css=[*EXTRA_CSS, *(settings.get("extra_css") or [])],
        extra_javascript=[*EXTRA_JS, *(settings.get("extra_javascript") or [])],
        validation={"nav": {"omitted_files": "ignore", "not_found": "warn"},
                    "links": {"not_found": "ignore", "anchors": "ignore",
                              "unrecognized_links": "ignore"}},
        strict=False,
    )


@dataclass
class _Site:
    """One MkDocs build, prepared as `mkdocs.commands.build.build` prepares it (plugin
    events in its order), ready to render any share of its pages in any process."""

    config: MkDocsConfig
    env: Environment
    files: Files
    nav: Navigation
    pages: list[Page]

    @classmethod
    def prepare(cls, library: Library, planned: Sequence[SitePage], settings: dict[str, Any],
                config_file: Path, docs_dir: Path, site_dir: Path, site_url: str | None,
                on_page: Callable[[], None], clean: bool = True) -> _Site:
        """Everything before the pages: configuration, the site folder emptied, files,
        navigation, every page's metadata, the theme's static files and templates."""
        from mkdocs import utils
        from mkdocs.commands.build import _build_theme_template, _populate_page
        from mkdocs.structure.files import get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page

        config = _config(library, planned, settings, config_file, docs_dir, site_dir,
                         site_url)
        plugin = BookshelfPlugin(planned, on_page)
        config.plugins["tusach"] = plugin
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        if clean:
            utils.clean_directory(config.site_dir)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        site_nav = get_navigation(files, config)
        site_nav = config.plugins.on_nav(site_nav, config=config, files=files)
        pages = []
        for file in files.documentation_pages():
            page = file.page or Page(None, file, config)
            if file.src_uri in plugin.pages:
                _read_page(page, config, files)  # its content comes where it is rendered
            else:
                _populate_page(page, config, files)  # a Markdown file of the docs folder
            pages.append(page)
        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files()
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, site_nav)
        return cls(config, env, files, site_nav, pages)

    def render(self, indices: Iterable[int]) -> None:
        """Make and write the pages at `indices`: each page's content, then MkDocs'
        `_build_page` (context, Material's template, plugin events, the file)."""
        from mkdocs.commands.build import _build_page
        from mkdocs.structure.toc import get_toc

        config, files = self.config, self.files
        doc_files = files.documentation_pages()
        plugin = config.plugins["tusach"]
        assert isinstance(plugin, BookshelfPlugin)
        for index in indices:
            page = self.pages[index]
            made = page.content is None
            if made:
                # What Page.render gives an empty source (every planned page's: see
                # BookshelfPlugin.on_page_markdown), without running Python-Markdown.
                page.content, page.toc, page.present_anchor_ids = "", get_toc([]), set()
                config._current_page = page
                try:
                    page.content = config.plugins.on_page_content(
                        page.content, page=page, config=config, files=files)
                finally:
                    config._current_page = None
            _build_page(page, config, doc_files, self.nav, self.env)
            if made:  # written: its HTML need not stay in memory
                page.content = None
                plugin.release(page.file.src_uri)

    def finish(self) -> None:
        self.config.plugins.on_post_build(config=self.config)


def _read_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """The first half of MkDocs' `_populate_page`: source and metadata, no content."""
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        assert page.markdown is not None
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page,
                                                        config=config, files=files)
    finally:
        config._current_page = None
