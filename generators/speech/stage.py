"""The audio stage: the audiobooks of every published explainer and translation."""

from __future__ import annotations

from collections.abc import Mapping

from generators.speech.books import Engine, render_audiobooks
from generators.stage import Build, Stage, StageReport


class AudioStage(Stage):
    name = "audio"
    optional = True

    def __init__(self, engines: Mapping[str, Engine] | None = None) -> None:
        self.engines = engines
        """Replaces the configured engines (tests: fakes of online services)."""

    def run(self, build: Build) -> StageReport:
        return render_audiobooks(build.library, build.config.cache_dir, build.config.jobs,
                                 build.progress, self.engines, network=build.config.network)
