"""The pipeline is a loop over the registered stages: a new stage joins with one line."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import generators.pipeline as pipeline
from generators.commands.report import print_report
from generators.config import BuildConfig, load_config
from generators.errors import ConfigError, Problem, Severity
from generators.library.model import Library
from generators.stage import Build, Stage, StageReport
from generators.stages import registered
from tests.conftest import TODAY, LibraryMaker

ARTICLE = "content/lao-dong/thu-viec.md"


class Bulletins(Stage):
    """A stage as the next issues add them: its own file in the site, a summary line."""

    name = "bulletins"
    needs = ("site",)

    def check(self, config: BuildConfig, library: Library) -> list[Problem]:
        return [Problem(ARTICLE, 1, "bản tin quá dài", severity=Severity.WARNING)]

    def run(self, build: Build) -> StageReport:
        (build.out / "ban-tin").mkdir()
        (build.out / "ban-tin" / "index.txt").write_text(
            ", ".join(e.slug for e in build.library.published), "utf-8")
        return StageReport(self.name, built=1, summary=["Bản tin: 1 bản tin."])


class Broken(Stage):
    name = "broken"

    def run(self, build: Build) -> StageReport:
        (build.out / "half-written.txt").write_text("…", "utf-8")
        raise RuntimeError("stage failed")


def _with(monkeypatch: pytest.MonkeyPatch, *extra: Stage) -> None:
    def stages(engines: Mapping[str, Any] | None = None) -> list[Stage]:
        return [*registered(engines), *extra]
    monkeypatch.setattr(pipeline, "registered", stages)


def test_a_registered_stage_runs_in_the_loop_and_reports(
        tmp_library: LibraryMaker, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _with(monkeypatch, Bulletins())
    root = tmp_library()
    report = pipeline.build(load_config(root, today=TODAY, search=False, stages=()))
    assert report.ok
    assert (root / "site/ban-tin/index.txt").read_text("utf-8") == "thu-viec"
    assert list(report.stages)[-1] == "bulletins"
    assert [w.message for w in report.warnings] == ["bản tin quá dài"]
    print_report(report, "build")
    out = capsys.readouterr().out
    assert "  Bản tin: 1 bản tin.\n" in out


def test_a_stage_check_counts_as_an_error_with_strict(
        tmp_library: LibraryMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    _with(monkeypatch, Bulletins())
    root = tmp_library()
    library, report = pipeline.check(load_config(root, today=TODAY, strict=True))
    assert library is None
    assert [p.format() for p in report.errors] == [f"{ARTICLE}:1: cảnh báo: bản tin quá dài"]


def test_a_failing_stage_leaves_the_last_good_site(
        tmp_library: LibraryMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_library()
    config = load_config(root, today=TODAY, search=False, stages=())
    assert pipeline.build(config).ok
    before = sorted(p.relative_to(root).as_posix() for p in (root / "site").rglob("*"))
    _with(monkeypatch, Broken())
    with pytest.raises(RuntimeError, match="stage failed"):
        pipeline.build(config)
    after = sorted(p.relative_to(root).as_posix() for p in (root / "site").rglob("*"))
    assert after == before
    assert sorted(p.name for p in root.glob(".site-*")) == []  # no staging folder is left


def test_a_stage_registered_before_what_it_needs_is_refused(
        tmp_library: LibraryMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    def stages(engines: Mapping[str, Any] | None = None) -> list[Stage]:
        return [Bulletins(), *registered(engines)]
    monkeypatch.setattr(pipeline, "registered", stages)
    with pytest.raises(ConfigError, match="bước 'bulletins' cần chạy sau site"):
        pipeline.build(load_config(tmp_library(), today=TODAY))


def test_every_registered_stage_has_a_unique_name_after_its_needs() -> None:
    names = [stage.name for stage in registered()]
    assert len(names) == len(set(names))
    for i, stage in enumerate(registered()):
        assert set(stage.needs) <= set(names[:i]), stage.name


def test_optional_stages_follow_the_config(tmp_path: Path) -> None:
    config = load_config(tmp_path, today=TODAY, stages={"cards"})
    enabled = {stage.name for stage in registered() if stage.enabled(config)}
    assert {"cards", "site", "exports", "headers"} <= enabled
    assert not enabled & {"audio", "video", "ebooks", "bundle", "compress"}


def test_check_shows_the_library_and_the_stages_problems_in_one_run(
        tmp_library: LibraryMaker) -> None:
    """A broken explainer does not hide a spec of an unknown kind (checked by its stage)."""
    root = tmp_library({
        ARTICLE: "## Không có front matter\n",
        "infographics/cac-buoc.yml": "type: spiral\ntitle: Các bước\n",
    })
    library, report = pipeline.check(load_config(root, today=TODAY))
    assert library is None
    assert [p.format() for p in report.errors] == [
        f"{ARTICLE}:1: thiếu phần đầu trang (front matter) — gợi ý: tệp phải bắt đầu bằng dòng "
        "'---', các khóa title, description…, rồi dòng '---'",
        "infographics/cac-buoc.yml:1: loại infographic 'spiral' không có — gợi ý: dùng một "
        "trong: steps, timeline, compare, numbers, table",
    ]
