"""The share-card stage: a 1200×630 picture per published page for link previews."""

from __future__ import annotations

from generators.cards import render_cards
from generators.shared_cache import for_build
from generators.stage import Build, Stage, StageReport
from generators.tasks import runner


class CardsStage(Stage):
    name = "cards"
    optional = True

    def run(self, build: Build) -> StageReport:
        config = build.config
        shared = for_build(config)
        with runner(config.scheduler, config.workers, processes=False) as tasks:
            return render_cards(build.library, config.site_name, config.cache_dir,
                                config.workers, build.progress, runner=tasks, shared=shared)
