"""The audio stage: the audiobooks of every published explainer and translation."""

from __future__ import annotations

from collections.abc import Mapping

from generators.shared_cache import for_build
from generators.speech.books import Engine, render_audiobooks
from generators.stage import Build, Stage, StageReport
from generators.tasks import runner
from generators.workers import pool_size


class AudioStage(Stage):
    name = "audio"
    optional = True

    def __init__(self, engines: Mapping[str, Engine] | None = None) -> None:
        self.engines = engines
        """Replaces the configured engines (tests: fakes of online services)."""

    def run(self, build: Build) -> StageReport:
        config = build.config
        shared = for_build(config)
        with runner(config.scheduler, pool_size(config.jobs, 8)) as tasks:
            return render_audiobooks(build.library, config.cache_dir, config.jobs,
                                     build.progress, self.engines, network=config.network,
                                     runner=tasks, shared=shared)
