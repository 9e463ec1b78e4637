"""generators/site/publish.py: a build is swapped in whole, or the previous site/ stays."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import build as cli
import generators.site.stage as site_stage
from generators.config import load_config
from generators.errors import EngineError
from generators.pipeline import build
from generators.site.publish import STAGING_MARKER as STAGING
from generators.site.publish import discard_stale, staging_dir, swap_into_place
from tests.conftest import TODAY, LibraryMaker, base_files, explainer

ARTICLE = "content/lao-dong/thu-viec.md"


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder (None) under `folder`."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
            for p in sorted(folder.rglob("*"))}


def make_dir(folder: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    return folder


def leftovers(parent: Path) -> list[str]:
    """Staging folders beside the site (there must be none after any build)."""
    return sorted(p.name for p in parent.glob(".site-*"))


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real site of the base library, built once; tests copy it as their 'previous' site/."""
    root = tmp_path_factory.mktemp("previous")
    make_dir(root, {k: v for k, v in base_files().items() if isinstance(v, str)})
    report = build(load_config(root, site_dir=root / "site", today=TODAY, search=False))
    assert report.ok
    return root / "site"


@pytest.fixture
def library_with_site(tmp_library: LibraryMaker, previous_site: Path) -> Path:
    root = tmp_library()
    shutil.copytree(previous_site, root / "site")
    return root


# --- the helpers ----------------------------------------------------------------------


def test_staging_dir_is_a_fresh_hidden_folder_beside_the_target(tmp_path: Path) -> None:
    target = tmp_path / "out" / "site"
    first, second = staging_dir(target), staging_dir(target)
    assert first != second
    for folder in (first, second):
        assert folder.parent == target.parent
        assert folder.name.startswith(".site-site-")
        assert folder.is_dir()
        assert [p.name for p in folder.iterdir()] == [STAGING]  # marked as ours, nothing else
    assert not target.exists()


def test_swap_replaces_the_target(tmp_path: Path) -> None:
    target = make_dir(tmp_path / "site", {"index.html": "cũ", "old-only.html": "cũ"})
    built = make_dir(tmp_path / "built", {"index.html": "mới", "a/b.html": "mới"})
    swap_into_place(built, target)
    assert tree(target) == {"a": None, "a/b.html": "mới".encode(),
                            "index.html": "mới".encode()}
    assert not built.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # the old one is removed


def test_swap_into_a_new_target(tmp_path: Path) -> None:
    built = make_dir(tmp_path / "built", {"index.html": "mới"})
    swap_into_place(built, tmp_path / "site")
    assert tree(tmp_path / "site") == {"index.html": "mới".encode()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_swap_keeps_the_old_target_when_the_new_one_is_missing(tmp_path: Path) -> None:
    target = make_dir(tmp_path / "site", {"index.html": "cũ", "a/b.html": "cũ"})
    before = tree(target)
    with pytest.raises(FileNotFoundError):
        swap_into_place(tmp_path / "khong-co", target)
    assert tree(target) == before
    assert leftovers(tmp_path) == []


def test_swap_keeps_the_old_target_when_the_rename_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With two renames (where renameat2 cannot exchange), a failing second one undoes the
    first."""
    monkeypatch.setattr("generators.site.publish.exchange", lambda first, second: False)
    target = make_dir(tmp_path / "site", {"index.html": "cũ"})
    built = make_dir(tmp_path / "built", {"index.html": "mới"})
    before = tree(target)
    real_rename = os.rename

    def rename(src: Path, dst: Path) -> None:
        if Path(src) == built:
            raise OSError(28, "No space left on device")
        real_rename(src, dst)

    monkeypatch.setattr("generators.site.publish.os.rename", rename)
    with pytest.raises(OSError, match="No space left on device"):
        swap_into_place(built, target)
    assert tree(target) == before
    assert tree(built) == {"index.html": "mới".encode()}  # the caller cleans up its staging
    assert leftovers(tmp_path) == []


def test_discard_stale_removes_only_this_targets_staging(tmp_path: Path) -> None:
    target = make_dir(tmp_path / "site", {"index.html": "trang"})
    make_dir(tmp_path / ".site-site-xyz", {"site/index.html": "dở dang", STAGING: ""})
    make_dir(tmp_path / ".site-site-old-abc", {"site/index.html": "cũ", STAGING: ""})
    make_dir(tmp_path / ".site-other-xyz", {"index.html": "của thư mục khác"})
    make_dir(tmp_path / "content", {"a.md": "bài"})
    discard_stale(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-other-xyz", "content", "site"]
    assert tree(target) == {"index.html": b"trang"}


def test_discard_stale_removes_only_folders_marked_as_staging(tmp_path: Path) -> None:
    make_dir(tmp_path / ".site-site-keep", {"data.txt": "của người khác"})
    make_dir(tmp_path / ".site-important-data", {"data.txt": "của người khác"})
    make_dir(tmp_path / ".site-*-xyz", {"site/index.html": "dở dang", STAGING: ""})
    discard_stale(tmp_path / "site")
    discard_stale(tmp_path / "*")  # the name is text, not a pattern
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-important-data",
                                                          ".site-site-keep"]


# --- whole builds ---------------------------------------------------------------------


def test_content_error_leaves_the_previous_site_untouched(
        library_with_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = library_with_site
    (root / ARTICLE).write_text(explainer(extra='reviewed: true\naudio: "yes"'), "utf-8")
    before = tree(root / "site")
    code = cli.main(["build", "--root", str(root), "--date", "2026-11-23", "--quiet",
                     "--no-search"])
    assert code == 1
    assert "không phải 'yes'" in capsys.readouterr().err
    assert tree(root / "site") == before
    assert leftovers(root) == []


def mkdocs_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs stops as it does on a configuration error (check catches those in mkdocs.yml)."""
    import mkdocs.config
    from mkdocs.exceptions import Abort

    def load_config(**_: object) -> None:
        raise Abort("Aborted with a configuration error!")

    monkeypatch.setattr(mkdocs.config, "load_config", load_config)


def test_mkdocs_failure_leaves_the_previous_site_untouched(
        library_with_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = library_with_site
    mkdocs_fails(monkeypatch)
    before = tree(root / "site")
    with pytest.raises(EngineError, match=r"^MkDocs: "):
        build(load_config(root, site_dir=root / "site", today=TODAY, search=False))
    assert tree(root / "site") == before
    assert leftovers(root) == []


def test_mkdocs_failure_through_the_cli(library_with_site: Path,
                                        capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = library_with_site
    mkdocs_fails(monkeypatch)
    before = tree(root / "site")
    code = cli.main(["--root", str(root), "--date", "2026-11-23", "--quiet", "--no-search"])
    assert code == 1
    assert capsys.readouterr().err.endswith(
        "✗ MkDocs: Aborted with a configuration error!\n")
    assert tree(root / "site") == before
    assert leftovers(root) == []


@pytest.mark.parametrize("stage", ["write_index", "render_site", "write_service_worker"])
def test_failure_after_writing_part_of_the_site_changes_nothing(
        library_with_site: Path, monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    """A stage that dies half-way (after writing into staging) must not reach site/."""
    root = library_with_site

    def index_fails(library: object, explainers: object, work: Path, output: Path) -> None:
        output.mkdir(parents=True)
        (output / "pagefind-entry.json").write_text("{", "utf-8")
        raise EngineError("Pagefind lỗi (mã 1): hết bộ nhớ")

    def render_then_fail(*args: object) -> None:
        out = args[5]
        assert isinstance(out, Path)
        (out / "lao-dong").mkdir(parents=True)
        (out / "lao-dong" / "index.html").write_text("nửa chừng", "utf-8")
        raise EngineError("MkDocs: hỏng giữa chừng")

    def worker_fails(site_dir: Path, *args: object) -> int:
        assert (site_dir / "index.html").is_file()  # the whole new site is in staging
        (site_dir / "sw.js").write_text("/* nửa", "utf-8")
        raise OSError("hết chỗ trên đĩa")

    failing = {"write_index": index_fails, "render_site": render_then_fail,
               "write_service_worker": worker_fails}
    monkeypatch.setattr(site_stage, stage, failing[stage])
    before = tree(root / "site")
    with pytest.raises((EngineError, OSError)):
        build(load_config(root, site_dir=root / "site", today=TODAY, search=True))
    assert tree(root / "site") == before
    assert leftovers(root) == []



def test_stale_staging_folder_is_removed_and_never_used(library_with_site: Path) -> None:
    root = library_with_site
    stale = make_dir(root / ".site-site-xyz", {
        STAGING: "",
        "site/index.html": "dở dang từ lần dựng bị ngắt",
        "site/stale-only.html": "không được xuất bản",
        "docs/index.md": "cũ",
    })
    old_only = make_dir(root / "site", {"old-only.html": "chỉ có ở lần trước"})
    (root / "content" / "dat-dai").mkdir()
    (root / "content" / "dat-dai" / "so-do.md").write_text(
        explainer("Cấp sổ đỏ", field="dat-dai", documents='["31/2024/QH15"]'), "utf-8")

    report = build(load_config(root, site_dir=root / "site", today=TODAY, search=False))

    assert report.ok
    assert not stale.exists()
    assert leftovers(root) == []
    files = tree(old_only)
    assert "stale-only.html" not in files
    assert "old-only.html" not in files  # the new site replaced the old one entirely
    assert "dở dang".encode() not in files["index.html"]
    assert "dat-dai/so-do/index.html" in files
    assert "Cấp sổ đỏ".encode() in files["dat-dai/so-do/index.html"]
