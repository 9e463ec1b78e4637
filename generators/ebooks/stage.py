"""The e-books stage: EPUB 3 books of the explainers, their translations and each field."""

from __future__ import annotations

from generators.ebooks.render import render_ebooks
from generators.shared_cache import for_build
from generators.stage import Build, Stage, StageReport
from generators.tasks import runner
from generators.workers import pool_size


class EbooksStage(Stage):
    name = "ebooks"
    needs = ("infographics",)
    optional = True

    def run(self, build: Build) -> StageReport:
        config = build.config
        shared = for_build(config)
        with runner(config.scheduler, pool_size(config.jobs, 4), processes=False) as tasks:
            return render_ebooks(build.library, config.cache_dir, config.jobs, build.progress,
                                 site_name=config.site_name,
                                 infographics=build.media.infographics,
                                 site_url=config.site_url, runner=tasks, shared=shared)
