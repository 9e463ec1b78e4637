"""MkDocs + Material as the renderer: configuration and the build call, nothing else."""

from __future__ import annotations

import io
import logging
import multiprocessing as mp
import os
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any

import yaml

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


# Below this many explainers one MkDocs run is faster than several.
SHARD_FROM = 200


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
) -> None:
    """Render every page with MkDocs + Material into `site_dir`; `tick` reports pages done.

    MkDocs is single-threaded; for a large library the explainer pages are split across
    `jobs` forked processes (default: all cores), each running MkDocs on the bookshelf pages
    plus its share, and the shares are then moved into `site_dir`.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import mkdocs.commands.build  # noqa: F401  (import once, before forking)

    explainers = [p for p in pages if p.kind == "explainer"]
    shared = [p for p in pages if p.kind != "explainer"]
    count = pool_size(jobs, 8)
    if count < 2 or len(explainers) < SHARD_FROM or "fork" not in mp.get_all_start_methods():
        done = 0

        def counted() -> None:
            nonlocal done
            done += 1
            if tick:
                tick(done, len(pages))

        _mkdocs(library, pages, settings, config_file, docs_dir, site_dir, site_url, counted)
        return
    global _JOB
    shares = [explainers[i::count] for i in range(count)]
    outs = [site_dir, *(site_dir.with_name(f"{site_dir.name}.part{i}") for i in range(1, count))]
    context = mp.get_context("fork")
    counter = context.Value("i", 0)
    _JOB = _Job(library, shared, shares, settings, config_file, docs_dir, outs, site_url, counter)
    total = len(pages) + (count - 1) * len(shared)
    try:
        with process_pool(count, context) as pool:  # workers end with the build
            pending = pool.map(_render_share, range(count))
            _report_while(pending, counter, total, tick)
        for out, share in zip(outs[1:], shares[1:], strict=True):
            for page in share:
                target = site_dir / page.url / "index.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(out / page.url / "index.html", target)
    finally:
        _JOB = None
        for out in outs[1:]:
            shutil.rmtree(out, ignore_errors=True)


@dataclass(frozen=True)
class _Job:
    """A sharded render; module-level so forked workers inherit it without pickling."""

    library: Library
    shared: list[SitePage]
    shares: list[list[SitePage]]
    settings: dict[str, Any]
    config_file: Path
    docs_dir: Path
    outs: list[Path]
    site_url: str | None
    counter: Synchronized[int]
    """Pages rendered so far, across all workers."""


_JOB: _Job | None = None


def _render_share(index: int) -> None:
    job = _JOB
    assert job is not None

    def counted() -> None:
        with job.counter.get_lock():
            job.counter.value += 1

    _mkdocs(job.library, [*job.shared, *job.shares[index]], job.settings, job.config_file,
            job.docs_dir, job.outs[index], job.site_url, counted)


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


def _mkdocs(
    library: Library,
    pages: Sequence[SitePage],
    settings: dict[str, Any],
    config_file: Path,
    docs_dir: Path,
    site_dir: Path,
    site_url: str | None,
    on_page: Callable[[], None] | None = None,
) -> None:
    """One `mkdocs build` of `pages` into `site_dir`; `on_page` runs after each page."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    theme = {**(settings.get("theme") or {}), **_FORCED_THEME}
    user_plugins = settings.get("plugins") or []
    plugins = [p for p in user_plugins if (p if isinstance(p, str) else next(iter(p), ""))
               not in ("search", "material/search", "i18n")]
    extra = {"generator": False, **(settings.get("extra") or {})}
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        # MkDocs gets the settings `check` read safely, never the file: its own loader would
        # construct any Python tag written there.
        checked = io.StringIO(yaml.safe_dump(settings, allow_unicode=True))
        checked.name = str(config_file)
        config = load_config(
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
        config.plugins["tusach"] = BookshelfPlugin(pages, on_page)
        build(config)
    except MkDocsException as exc:
        raise EngineError(f"MkDocs: {exc}") from exc
