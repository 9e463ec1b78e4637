"""The preview's file moves: pages replaced whole, an index folder replaced file by file
with its entry last, and the signature that tells a media folder changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generators.preview import files
from generators.preview.files import install_dir, move_page, tree_signature


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_page_replaces_the_old_one_by_a_rename(tmp_path: Path) -> None:
    rendered, site = tmp_path / "out", tmp_path / "site"
    (rendered / "lao-dong/thu-viec").mkdir(parents=True)
    (rendered / "lao-dong/thu-viec/index.html").write_text("mới", "utf-8")
    (site / "lao-dong/thu-viec").mkdir(parents=True)
    old = site / "lao-dong/thu-viec/index.html"
    old.write_text("cũ", "utf-8")
    inode = (rendered / "lao-dong/thu-viec/index.html").stat().st_ino
    move_page(rendered, site, "lao-dong/thu-viec/")
    assert old.read_text("utf-8") == "mới" and old.stat().st_ino == inode  # moved, not copied


def test_an_index_folder_is_replaced_file_by_file_its_entry_last(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, target = tmp_path / "new", tmp_path / "site/pagefind"
    for rel, text in {"pagefind-entry.json": "2", "fragment/b.pf": "B", "same.js": "s"}.items():
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        (source / rel).write_text(text)
    for rel, text in {"pagefind-entry.json": "1", "fragment/a.pf": "A", "same.js": "s"}.items():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_text(text)
    moved: list[str] = []
    real = os.replace

    def replace(src: Path, dst: Path) -> None:
        moved.append(Path(dst).relative_to(target).as_posix())
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)
    install_dir(source, target, last="pagefind-entry.json")
    assert moved == ["fragment/b.pf", "pagefind-entry.json"]  # same.js was left alone
    assert _tree(target) == {"fragment/b.pf": b"B", "pagefind-entry.json": b"2",
                             "same.js": b"s"}


def test_the_signature_changes_with_any_file(tmp_path: Path) -> None:
    folder = tmp_path / "infographics"
    folder.mkdir()
    spec = folder / "a.yml"
    spec.write_text("title: A\n")
    first = tree_signature([folder, tmp_path / "audiobooks"])
    assert tree_signature([folder, tmp_path / "audiobooks"]) == first
    stat = spec.stat()
    spec.write_text("title: B\n")
    os.utime(spec, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the old mtime put back
    assert tree_signature([folder, tmp_path / "audiobooks"]) != first
    (tmp_path / "audiobooks").mkdir()
    (tmp_path / "audiobooks/voices.yml").write_text("vi: {}\n")
    assert tree_signature([folder, tmp_path / "audiobooks"]) != first
