"""Bulletins are cached per part like the audiobooks: an unchanged bulletin is not re-made,
and an edit to one explainer redoes that explainer's part (and the MP3) only."""

from __future__ import annotations

from pathlib import Path

from generators.bulletins.make import make_bulletins
from generators.speech.books import default_engines
from tests.bulletins.conftest import BULLETINS, NGHI_VIEC, library_files, load, setting, write
from tests.conftest import explainer

ONE = BULLETINS.split("  - name: thu-viec-loa-nho")[0]


def _build(root: Path, cache: Path, work: Path):  # type: ignore[no-untyped-def]
    work.mkdir(exist_ok=True)
    return make_bulletins(load(root), setting(cache), work, default_engines())


def test_a_second_build_remakes_nothing_and_an_edit_redoes_one_part(tmp_path: Path) -> None:
    root = write(tmp_path / "lib", {**library_files(), "audiobooks/bulletins.yml": ONE})
    cache = tmp_path / "cache"
    first = _build(root, cache, tmp_path / "w1")
    assert first.parts_built >= 4 and first.encoded == 1
    (item,) = first.bulletins

    again = _build(root, cache, tmp_path / "w2")
    assert (again.parts_built, again.encoded) == (0, 0)
    assert again.bulletins[0].sha256 == item.sha256

    edited = NGHI_VIEC.replace("báo trước cho chủ", "báo trước cho người sử dụng lao động")
    (root / "content/lao-dong/nghi-viec.md").write_text(
        explainer(title="Nghỉ việc phải báo trước bao lâu?", body=edited), "utf-8")
    third = _build(root, cache, tmp_path / "w3")
    parts = {p.explainer: p for p in third.bulletins[0].parts}
    assert third.encoded == 1 and 1 <= third.parts_built <= 4  # the part, and its re-fits
    assert any("cho người sử dụng lao động" in s for s in parts["nghi-viec"].sentences)
    before = {p.explainer: p.sentences for p in item.parts}
    assert parts["thu-viec"].sentences == before["thu-viec"]
    # What the build found in the cache: the opening, the closing, the pace of the voice and
    # the other explainer's part.
    assert third.parts_reused >= 4
