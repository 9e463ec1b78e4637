"""BuildConfig: made once from the options, mkdocs.yml and the environment."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from generators.config import (
    DEFAULT_SITE_NAME,
    LIBRARY_STAGES,
    BuildConfig,
    build_date,
    load_config,
)
from generators.errors import ConfigError
from tests.conftest import ROOT, TODAY, LibraryMaker


def test_options_win_over_mkdocs_yml_and_defaults_fill_the_rest(
        tmp_library: LibraryMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TUSACH_CACHE_DIR", raising=False)
    root = tmp_library({"mkdocs.yml": "site_name: Tủ sách Lào Cai\n"
                                      "site_url: https://laocai.example.vn/\n"
                                      "copyright: © Sở Tư pháp\n"})
    config = load_config(root, today=TODAY)
    assert (config.site_name, config.site_url, config.copyright) == (
        "Tủ sách Lào Cai", "https://laocai.example.vn/", "© Sở Tư pháp")
    assert config.site_dir == root.resolve() / "site"
    assert config.cache_dir == root.resolve() / ".cache"
    assert config.stages == LIBRARY_STAGES and config.problems == ()
    given = load_config(root, today=TODAY, site_url="https://other.example.vn/",
                        site_dir=root / "out", cache_dir=root / "c", jobs=3)
    assert given.site_url == given.settings["site_url"] == "https://other.example.vn/"
    assert (given.site_dir, given.cache_dir, given.workers) == (root / "out", root / "c", 3)


def test_the_site_name_falls_back_in_one_place(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"mkdocs.yml": "site_name: ''\n"})
    config = load_config(root, today=TODAY)
    assert config.site_name == DEFAULT_SITE_NAME
    # The empty name is also a problem of mkdocs.yml, reported with the library's.
    assert [p.message for p in config.problems] == ["thiếu 'site_name'"]


def test_the_config_is_frozen() -> None:
    config = load_config(ROOT, today=TODAY)
    with pytest.raises(FrozenInstanceError):
        config.strict = True  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.settings["site_name"] = "x"  # type: ignore[index]


def test_the_environment_gives_the_cache_and_the_date(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUSACH_CACHE_DIR", str(tmp_path / "shared"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795478400")  # 2026-11-24 00:00 UTC
    config = load_config(ROOT)
    assert config.cache_dir == tmp_path / "shared"
    assert config.today == build_date() and str(config.today) == "2026-11-24"


def test_video_runs_only_with_audio() -> None:
    def runs(*stages: str) -> bool:
        return BuildConfig(ROOT, ROOT / "site", TODAY, stages=frozenset(stages)).runs("video")
    assert runs("audio", "video") and not runs("video") and not runs("audio")


def test_wrong_options_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="không có bước dựng podcast"):
        load_config(ROOT, today=TODAY, stages={"podcast"})
    with pytest.raises(ConfigError, match="--jobs phải là số nguyên dương"):
        load_config(ROOT, today=TODAY, jobs=0)


def test_the_preview_shows_drafts_and_has_no_service_worker() -> None:
    config = load_config(ROOT, today=TODAY, preview=True)
    assert config.include_drafts and not config.service_worker
