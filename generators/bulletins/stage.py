"""The bulletins stage: commune-loudspeaker bulletins, before the site (which shows them)."""

from __future__ import annotations

from collections.abc import Mapping

from generators.bulletins.make import make_bulletins, summary_lines
from generators.bulletins.plans import Setting
from generators.media import SiteMedia
from generators.shared_cache import for_build
from generators.speech.books import Engine, default_engines
from generators.stage import Build, Stage, StageReport, timed
from generators.tasks import runner


def setting(build: Build) -> Setting:
    config = build.config
    return Setting(config.today, config.site_name, config.site_url, config.cache_dir,
                   config.jobs, config.network)


class BulletinsStage(Stage):
    name = "bulletins"
    optional = True

    def __init__(self, engines: Mapping[str, Engine] | None = None) -> None:
        self.engines = engines
        """Replaces the configured engines (tests: fakes of online services)."""

    def run(self, build: Build) -> StageReport:
        with timed(StageReport(self.name)) as report:
            if not build.library.bulletins.bulletins and \
                    build.library.bulletins.new_documents is None:
                return report
            engines = self.engines if self.engines is not None else default_engines()
            work = build.out.parent / "ban-tin"
            work.mkdir(exist_ok=True)
            config = build.config
            shared = for_build(config)
            with runner(config.scheduler, config.jobs or 2, processes=False) as tasks:
                outcome = make_bulletins(build.library, setting(build), work, engines,
                                         build.progress, runner=tasks, shared=shared)
            report.built = outcome.parts_built + outcome.encoded
            report.reused = outcome.parts_reused
            report.notices += outcome.notices
            report.summary += summary_lines(outcome)
            report.media = SiteMedia(bulletins={b.key: b for b in outcome.bulletins},
                                     bulletin_feeds=outcome.feeds)
            report.details.update(parts_built=outcome.parts_built,
                                  parts_reused=outcome.parts_reused, encoded=outcome.encoded,
                                  minutes=sum(b.duration for b in outcome.bulletins) / 60,
                                  new_documents=list(outcome.new_documents))
        return report
