"""The build: check the library, then run every enabled stage in order, then swap the new
site into place. Reading this file and one stage shows how every stage works; nothing here
prints (the commands do, from the reports)."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generators.cache import FileCache
from generators.config import BuildConfig
from generators.errors import ConfigError, Problem, Problems
from generators.library import Library, ReadMemo, read_library
from generators.media import SiteMedia
from generators.progress import Progress
from generators.shared_cache import for_build
from generators.site.build_info import write_build_info
from generators.site.publish import (
    check_target,
    discard_stale,
    recover,
    site_lock,
    staging_area,
    swap_into_place,
    write_marker,
)
from generators.stage import Build, Stage, StageReport
from generators.stages import registered
from generators.tasks import TASK_STAGES, connect

__all__ = ["Report", "build", "check"]


@dataclass
class Report:
    """What one run did: its problems, and each stage's report by name."""

    config: BuildConfig
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    explainers: int = 0
    seconds: float = 0.0
    site_dir: Path | None = None
    """Set once the new site is in place."""
    stages: dict[str, StageReport] = field(default_factory=dict)
    media: SiteMedia = field(default_factory=SiteMedia)
    """Everything the media stages made."""
    library: Library | None = None
    """What was built (set once the new site is in place; the live preview keeps it)."""

    @property
    def ok(self) -> bool:
        return not self.errors

    def detail(self, stage: str, name: str, default: Any = None) -> Any:
        """A figure only one stage has (`report.detail("site", "pages")`)."""
        report = self.stages.get(stage)
        return report.details.get(name, default) if report else default


def check(config: BuildConfig, progress: Progress | None = None,
          stages: Sequence[Stage] | None = None,
          memo: ReadMemo | None = None) -> tuple[Library | None, Report]:
    """Load and validate the library, mkdocs.yml, and what each stage checks itself;
    with `config.strict`, warnings count as errors. The Library is None after errors.
    `memo` keeps files' readings between runs (the live preview's)."""
    progress = progress or Progress(quiet=True)
    started = time.perf_counter()
    with progress.bar("Đọc và kiểm tra thư viện") as tick:
        library, problems = read_library(config.root, config.today, tick,
                                         config.include_drafts, config.jobs, memo)
    problems.extend(list(config.problems))
    if library is not None:  # read as far as it could be, so that one run shows everything
        for stage in stages if stages is not None else registered():
            problems.extend(stage.check(config, library))
    report = _report(config, problems)
    report.explainers = len(library.explainers) if library and report.ok else 0
    report.seconds = time.perf_counter() - started
    return (library if report.ok else None), report


def _report(config: BuildConfig, problems: Problems) -> Report:
    if config.strict:
        return Report(config, errors=problems.errors + problems.warnings)
    return Report(config, errors=problems.errors, warnings=problems.warnings)


def build(config: BuildConfig, progress: Progress | None = None,
          engines: Mapping[str, Any] | None = None, memo: ReadMemo | None = None) -> Report:
    """Validate, then run the stages into a staging folder and swap it into
    `config.site_dir`; nothing is written to the site when validation or a stage fails.

    `engines` replaces the speech engines (tests use fakes of online services); `memo`
    keeps files' readings between builds (the live preview's).
    `site_dir` is checked before any work (never the library, `content/` or a folder of
    someone else's files) and locked for the whole build.
    """
    progress = progress or Progress(quiet=True)
    stages = registered(engines)
    _check_order(stages)
    check_target(config.site_dir, config.root)
    with site_lock(config.site_dir):
        recover(config.site_dir)  # a build killed mid-swap left the old site aside
        started = time.perf_counter()
        library, report = check(config, progress, stages, memo)
        if library is None:
            return report
        discard_stale(config.site_dir)
        FileCache(config.cache_dir).discard_leftovers()  # what a killed build left half-made
        # A wrong S3 endpoint, key or bucket, or a scheduler that does not answer: said
        # now, in one line, before any work.
        for_build(config)
        if config.scheduler and any(s.name in TASK_STAGES and s.enabled(config)
                                    for s in stages):
            with connect(config.scheduler):
                pass
        with staging_area(config.site_dir) as staging:
            run = Build(config, library, progress, out=staging / "site")
            run.out.mkdir()
            for stage in stages:
                if not stage.enabled(config):
                    continue
                result = stage.run(run)
                run.reports[stage.name] = result
                run.media = run.media.merged(result.media)
                report.warnings += result.warnings
            # The one file that differs between two builds of a commit, then the marker
            # that says the folder is ours (outside every list of the site's files).
            write_build_info(run.out, library.root, library.build_date.isoformat())
            write_marker(run.out)
            swap_into_place(run.out, config.site_dir)
        report.stages, report.media, report.library = run.reports, run.media, library
        report.explainers = len(library.published)  # the summary counts what it published
        report.site_dir = config.site_dir
        report.seconds = time.perf_counter() - started
        return report


def _check_order(stages: Sequence[Stage]) -> None:
    """Every stage comes after the stages it needs (a registration mistake, not the user's)."""
    seen: set[str] = set()
    for stage in stages:
        missing = [need for need in stage.needs if need not in seen]
        if missing:
            raise ConfigError(f"bước '{stage.name}' cần chạy sau {', '.join(missing)}")
        seen.add(stage.name)
