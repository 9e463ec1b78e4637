"""The e-books stage: EPUB 3 books of the explainers, their translations and each field."""

from __future__ import annotations

from generators.ebooks.render import render_ebooks
from generators.stage import Build, Stage, StageReport


class EbooksStage(Stage):
    name = "ebooks"
    needs = ("infographics",)
    optional = True

    def run(self, build: Build) -> StageReport:
        return render_ebooks(build.library, build.config.cache_dir, build.config.jobs,
                             build.progress, site_name=build.config.site_name,
                             infographics=build.media.infographics,
                             site_url=build.config.site_url)
