"""The exports stage: what is written from the built site for machines — catalogue.json
(sizes and hashes of every work), OAI-PMH and the Atom feed."""

from __future__ import annotations

from generators.exports.publish import write_exports
from generators.stage import Build, Stage, StageReport, timed


class ExportsStage(Stage):
    name = "exports"
    needs = ("site",)

    def run(self, build: Build) -> StageReport:
        config = build.config
        with timed(StageReport(self.name)) as report:
            # The catalogue lists sizes and hashes: nothing it lists may change after this.
            catalogue = write_exports(build.out, build.library, build.media,
                                      site_name=config.site_name, site_url=config.site_url,
                                      rights=config.copyright)
            records = sum(catalogue.count(kind) for kind in
                          ("explainer", "translation", "qa", "situation"))  # as oai.py writes
            report.built = len(catalogue.items)
            report.details["catalogue"] = catalogue
            report.summary.append(f"Danh mục máy đọc: catalogue.json ({len(catalogue.items)} "
                                  f"mục), oai-pmh.xml ({records} bản ghi OAI-PMH), atom.xml.")
            report.notices += list(catalogue.warnings)
        return report
