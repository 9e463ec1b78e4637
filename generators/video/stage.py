"""The video stage: each `video: true` explainer's slides, narration and captions → MP4s."""

from __future__ import annotations

from generators.stage import Build, Stage, StageReport
from generators.video.render import render_videos


class VideoStage(Stage):
    name = "video"
    needs = ("infographics", "audio")
    optional = True

    def run(self, build: Build) -> StageReport:
        return render_videos(build.library, build.media.audio, build.media.infographics,
                             build.config.cache_dir, build.config.jobs, build.progress,
                             site_name=build.config.site_name)
