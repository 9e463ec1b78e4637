"""The video stage: each `video: true` explainer's slides, narration and captions → MP4s."""

from __future__ import annotations

from generators.shared_cache import for_build
from generators.stage import Build, Stage, StageReport
from generators.tasks import runner
from generators.video.render import render_videos
from generators.workers import pool_size


class VideoStage(Stage):
    name = "video"
    needs = ("infographics", "audio")
    optional = True

    def run(self, build: Build) -> StageReport:
        config = build.config
        shared = for_build(config)
        with runner(config.scheduler, pool_size(config.jobs, 8), processes=False) as tasks:
            return render_videos(build.library, build.media.audio, build.media.infographics,
                                 config.cache_dir, config.jobs, build.progress,
                                 site_name=config.site_name, runner=tasks, shared=shared)
