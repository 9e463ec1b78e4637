"""The infographics stage: every spec checked by its kind, then drawn (or reused)."""

from __future__ import annotations

from generators.config import BuildConfig
from generators.errors import Problem
from generators.infographics.kinds import check_infographics
from generators.infographics.render import render_infographics
from generators.library.model import Library
from generators.shared_cache import for_build
from generators.stage import Build, Stage, StageReport
from generators.tasks import runner


class InfographicsStage(Stage):
    """Always runs: pages show the pictures (and their data as text)."""

    name = "infographics"

    def check(self, config: BuildConfig, library: Library) -> list[Problem]:
        return check_infographics(library)

    def run(self, build: Build) -> StageReport:
        config = build.config
        shared = for_build(config)
        with runner(config.scheduler, config.workers, processes=False) as tasks:
            return render_infographics(build.library, config.cache_dir, config.workers,
                                       build.progress, runner=tasks, shared=shared)
