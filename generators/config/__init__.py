"""One typed build configuration, made once from the command line, mkdocs.yml and the
environment, then handed to every stage (like MkDocs' `load_config`): no stage reads an
option, a setting or an environment variable of its own."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generators.config.mkdocs_yml import read_mkdocs_settings
from generators.errors import ConfigError, Problem, Problems
from generators.tasks import check_scheduler
from generators.workers import pool_size

DEFAULT_SITE_NAME = "Tủ sách pháp luật số"
"""The bookshelf's name when mkdocs.yml does not give one (the only place it is written)."""
OPTIONAL_STAGES = ("audio", "video", "cards", "ebooks", "bulletins", "bundle", "compress")
"""Stages a build may leave out; the others always run."""
CLI_STAGES = frozenset(OPTIONAL_STAGES)
"""What `python build.py build` runs by default: everything."""
LIBRARY_STAGES = frozenset({"bundle", "compress"})
"""What `build()` runs when a caller names nothing (library users and tests choose media)."""


@dataclass(frozen=True)
class BuildConfig:
    """Everything a build depends on besides the library's own files."""

    root: Path
    """The project folder (content/, mkdocs.yml, …), resolved."""
    site_dir: Path
    today: date
    """The date documents' status is computed at (`--date`, SOURCE_DATE_EPOCH, today)."""
    site_url: str | None = None
    """The public address: `--site-url`, else mkdocs.yml's `site_url`."""
    site_name: str = DEFAULT_SITE_NAME
    copyright: str | None = None
    settings: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """mkdocs.yml as read and checked (read-only; the site stage copies what it changes)."""
    problems: tuple[Problem, ...] = ()
    """What was wrong in mkdocs.yml: reported with the library's problems."""
    strict: bool = False
    """Warnings count as errors."""
    include_drafts: bool = False
    jobs: int | None = None
    """Worker processes or threads for a stage (None: every core)."""
    cache_dir: Path = Path(".cache")
    """The working media cache: files on this machine, which the site links."""
    shared_cache: str | None = None
    """`--cache-dir s3://bucket/prefix` (or `file:///folder`): the cache several builds
    share, read before a piece is made and filled after (generators/shared_cache.py)."""
    cache_read_only: bool = False
    """`--cache-read-only`: read the shared cache, never write to it (pull requests)."""
    scheduler: str | None = None
    """`--scheduler tcp://host:port`: media tasks run on that Dask cluster."""
    stages: frozenset[str] = LIBRARY_STAGES
    """Which of OPTIONAL_STAGES run."""
    search: bool = True
    """Build the Pagefind index."""
    service_worker: bool = True
    """Write the service worker (the live preview goes without: it would keep old pages)."""
    network: bool = True
    """False: no online service is called (edge-tts voices without cached audio are left out)."""
    preview: bool = False
    """The live preview (`serve`): drafts shown, nothing for hosts."""
    collector_url: str | None = None
    """The collector's address (`--collector-url`, else mkdocs.yml's `collector_url`), ending
    in "/": pages ask (feedback, surveys, questions) only when it is set."""
    statistics: Path | None = None
    """`collector report --format json` output to publish as the statistics page."""

    @property
    def workers(self) -> int:
        """How many workers a pool may use: `jobs`, else every core."""
        return pool_size(self.jobs)

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    def runs(self, stage: str) -> bool:
        """Whether an optional stage is on (video also needs audio)."""
        if stage == "video":
            return "video" in self.stages and "audio" in self.stages
        return stage in self.stages


def build_date(value: str | None = None) -> date:
    """`--date`, else SOURCE_DATE_EPOCH (reproducible builds), else today."""
    if value:
        return date.fromisoformat(value)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()


SHARED_CACHE_SCHEMES = ("s3://", "file://")
"""How `--cache-dir` names a shared cache (generators/shared_cache.py) rather than a folder."""


def is_shared(location: str) -> bool:
    """Whether `--cache-dir` names a shared store (`s3://…`, `file://…`), not a folder."""
    return location.startswith(SHARED_CACHE_SCHEMES)


def default_site_dir(root: Path) -> Path:
    """Where a build writes and the mirror reads, unless told: `<root>/site`."""
    return root / "site"


def default_cache(root: Path) -> Path:
    """`TUSACH_CACHE_DIR`, else `<root>/.cache` (git-ignored; CI restores it by content key)."""
    configured = os.environ.get("TUSACH_CACHE_DIR")
    return Path(configured) if configured else root / ".cache"


def load_config(root: Path, *, site_dir: Path | None = None, today: date | None = None,
                site_url: str | None = None, stages: Iterable[str] | None = None,
                cache_dir: Path | str | None = None, jobs: int | None = None,
                strict: bool = False, include_drafts: bool = False, search: bool = True,
                service_worker: bool = True, network: bool = True,
                preview: bool = False, collector_url: str | None = None,
                statistics: Path | None = None, cache_read_only: bool = False,
                scheduler: str | None = None) -> BuildConfig:
    """The configuration for `root`: the options given here over mkdocs.yml over defaults.

    A broken mkdocs.yml does not raise: its problems are kept in `problems` and reported
    with the library's (at `path:line`), so one run shows every problem.
    """
    root = root.resolve()
    chosen = frozenset(LIBRARY_STAGES if stages is None else stages)
    unknown = chosen - set(OPTIONAL_STAGES)
    if unknown:
        raise ConfigError(f"không có bước dựng {', '.join(sorted(unknown))}; "
                          f"dùng: {', '.join(OPTIONAL_STAGES)}")
    if jobs is not None and jobs < 1:
        raise ConfigError("--jobs phải là số nguyên dương")
    shared = str(cache_dir) if isinstance(cache_dir, str) and is_shared(cache_dir) else None
    if shared is None and cache_read_only:
        raise ConfigError("--cache-read-only chỉ dùng với bộ nhớ đệm chung "
                          "(--cache-dir s3://bucket/thư-mục hoặc file:///thư-mục)")
    if scheduler is not None:
        scheduler = check_scheduler(scheduler)
    local = Path(cache_dir) if cache_dir is not None and shared is None else None
    problems = Problems()
    # Without content/ this is the wrong folder: the library's one error says so, not two.
    settings = read_mkdocs_settings(root / "mkdocs.yml", root, problems) \
        if (root / "content").is_dir() else None
    settings = dict(settings or {})
    # Not MkDocs' to see: it would warn about a key it does not know.
    collector = collector_url or settings.pop("collector_url", None) or None
    if collector:
        collector = collector.rstrip("/") + "/"
    url = site_url or settings.get("site_url") or None
    if url:
        settings["site_url"] = url
    return BuildConfig(
        root=root, site_dir=(site_dir or default_site_dir(root)).absolute(),
        today=today or build_date(), site_url=url,
        site_name=str(settings.get("site_name") or DEFAULT_SITE_NAME),
        copyright=str(settings.get("copyright") or "") or None,
        settings=MappingProxyType(settings), problems=tuple(problems.items), strict=strict,
        include_drafts=include_drafts or preview, jobs=jobs,
        cache_dir=local or default_cache(root), shared_cache=shared,
        cache_read_only=cache_read_only, scheduler=scheduler, stages=chosen, search=search,
        service_worker=service_worker and not preview, network=network, preview=preview,
        collector_url=collector, statistics=statistics)


__all__ = ["CLI_STAGES", "DEFAULT_SITE_NAME", "LIBRARY_STAGES", "OPTIONAL_STAGES",
           "BuildConfig", "build_date", "default_cache", "default_site_dir", "is_shared",
           "load_config"]
