"""The share-card stage: a 1200×630 picture per published page for link previews."""

from __future__ import annotations

from generators.cards import render_cards
from generators.stage import Build, Stage, StageReport


class CardsStage(Stage):
    name = "cards"
    optional = True

    def run(self, build: Build) -> StageReport:
        return render_cards(build.library, build.config.site_name, build.config.cache_dir,
                            build.config.workers, build.progress)
