"""Two builds of the same sources give byte-identical sites (but for build-info.json), even
with nothing cached: pages, search index, service worker, ZIP, audio, video, pictures."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from generators.config import load_config
from generators.pipeline import build
from generators.site.build_info import BUILD_INFO
from tests.conftest import TODAY, base_files, explainer

VOICES = ("default: vi-bac\nvoices:\n"
          "  vi-bac: {lang: vi, engine: espeak, voice: vi, label: Giọng miền Bắc}\n"
          "  en-espeak: {lang: en, engine: espeak, voice: en, label: English}\n")
STEPS = ("type: steps\ntitle: Thời gian thử việc tối đa\nitems:\n"
         "  - title: Cao đẳng trở lên\n    text: Không quá 60 ngày.\n"
         "  - title: Trung cấp\n    text: Không quá 30 ngày.\n")
TRANSLATION = ('---\ntitle: "Trial work"\ndescription: "Short."\nreviewed: false\n---\n'
               "## Trial period\n\nAt most 60 days.\n")


def _tree(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    base = tmp_path_factory.mktemp("deterministic")
    root = base / "lib"
    files = {**base_files(),
        "content/lao-dong/thu-viec.md": explainer(
            extra="reviewed: true\nvideo: true\ninfographics: [thu-viec-toi-da]",
            body="## Thời gian thử việc\n\nKhông quá 60 ngày.\n\n## Lương\n\nÍt nhất 85%.\n"),
        "content/lao-dong/thu-viec.en.md": TRANSLATION,
        "infographics/thu-viec-toi-da.yml": STEPS,
        "audiobooks/voices.yml": VOICES}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    sites = []
    for n in (1, 2):  # separate caches: every file is made twice from nothing
        site = base / f"site{n}"
        report = build(load_config(root, site_dir=site, today=TODAY, cache_dir=base / f"cache{n}",
                                   stages={"audio", "video", "cards", "bundle", "compress"}))
        assert report.ok, [p.format() for p in report.errors]
        sites.append(site)
    return root, sites[0], sites[1]


def test_two_cold_builds_are_byte_identical_but_for_build_info(
        two_builds: tuple[Path, Path, Path]) -> None:
    _, first, second = two_builds
    one, two = _tree(first), _tree(second)
    assert BUILD_INFO in one
    one.pop(BUILD_INFO), two.pop(BUILD_INFO)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    # It is a real build: media, the search index and the ZIP are among the files compared.
    kinds = {name.split("/")[0] for name in one}
    assert {"sach-noi", "video", "infographic", "the-chia-se", "pagefind", "tai-ve"} <= kinds


def test_build_info_names_the_build(two_builds: tuple[Path, Path, Path]) -> None:
    _, first, _ = two_builds
    info = json.loads((first / BUILD_INFO).read_text("utf-8"))
    assert info["date"] == TODAY.isoformat()
    assert set(info) == {"commit", "uncommitted_changes", "date", "built_at", "tools"}
    assert info["tools"]["mkdocs"].startswith("1.")
