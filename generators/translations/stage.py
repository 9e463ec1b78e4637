"""The translations' line in the build summary: how many are up to date, stale, missing."""

from __future__ import annotations

from generators.stage import Build, Stage, StageReport, timed
from generators.translations.status import TranslationState, summary_line, translation_status


class TranslationsStage(Stage):
    name = "translations"

    def run(self, build: Build) -> StageReport:
        with timed(StageReport(self.name)) as report:
            statuses = translation_status(build.library)
            if statuses:
                stale = [s.translation_path or s.path for s in statuses
                         if s.state is TranslationState.STALE]
                more = f" Đã cũ: {', '.join(stale[:3])}{' …' if len(stale) > 3 else ''}" \
                    " — xem: python build.py translations" if stale else ""
                counts = summary_line(statuses)
                report.summary.append(counts + more)
                report.details.update(counts=counts, stale=stale)
        return report
