"""The incremental live preview: after every kind of edit, the preview site it updated in
place is byte for byte the site a fresh full preview build makes of the same files; the
renderer is asked only for the pages the edit changed; the search pages say the index is
being updated until it has caught up."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generators.commands.options import config_from
from generators.config import BuildConfig
from generators.pipeline import build
from generators.preview.session import PreviewSession
from generators.site.build_info import BUILD_INFO
from generators.site.pages import SitePage
from generators.site.renderer import render_site
from tests.conftest import LibraryMaker, explainer

URL = "http://127.0.0.1:8000/"
DIFFERENT = {BUILD_INFO}
"""The one file two builds of the same files legitimately differ in: it says when it ran."""
PENDING = "Chỉ mục tìm kiếm đang cập nhật…"
QA = """\
field: lao-dong
reviewed: true
items:
  - question: Thử việc tối đa bao nhiêu ngày?
    answer: Tối đa **60 ngày** với công việc cần trình độ cao đẳng trở lên.
    basis: [{document: "45/2019/QH14", article: "25"}]
    explainer: thu-viec
"""
FILES: dict[str, str | bytes | None] = {
    "content/lao-dong/hop-dong.md": explainer("Hợp đồng lao động có mấy loại?"),
    "content/lao-dong/nghi-viec.md": explainer("Nghỉ việc phải báo trước bao lâu?"),
    "content/dat-dai/so-do.md": explainer("Làm sổ đỏ lần đầu", field="dat-dai",
                                          documents='["31/2024/QH15"]'),
    "qa/lao-dong.yml": QA,
}


LINKED = frozenset({"", "lao-dong/", "dat-dai/", "doi-tuong/", "van-ban/", "hoi-dap/",
                    "tim-kiem/"})
"""The pages this library's navigation links: rendered with every change (MkDocs resolves
the navigation from them), never written."""


class Renders:
    """The renderer, counting what it is asked to render."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, library: Any, pages: list[SitePage], *args: Any, **kwargs: Any) -> None:
        self.calls.append([p.url for p in pages])
        render_site(library, pages, *args, **kwargs)


def _config(root: Path, site: Path) -> Callable[[], BuildConfig]:
    args = argparse.Namespace(root=root, command="serve", date="2026-11-23")
    return lambda: config_from(args, site_dir=site, site_url=URL, preview=True)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _differences(root: Path, site: Path, tmp_path: Path) -> list[str]:
    """The files in which `site` differs from a fresh full preview build of `root` (besides
    DIFFERENT), or is missing from one of them."""
    fresh = tmp_path / "fresh" / "site"
    report = build(_config(root, fresh)())
    assert report.ok, [p.format() for p in report.errors]
    ours, theirs = _files(site), _files(fresh)
    return sorted(rel for rel in ours.keys() | theirs.keys()
                  if rel not in DIFFERENT and ours.get(rel) != theirs.get(rel))


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture
def session(tmp_library: LibraryMaker, tmp_path: Path) -> tuple[PreviewSession, Renders, Path]:
    root = tmp_library(FILES)
    renders = Renders()
    preview = PreviewSession(_config(root, tmp_path / "preview" / "site"), render=renders,
                             background=False)
    first = preview.update()
    assert first.kind == "full" and first.report and first.report.ok
    return preview, renders, root


def test_a_series_of_edits_leaves_the_site_a_full_build_would_make(
        session: tuple[PreviewSession, Renders, Path], tmp_path: Path) -> None:
    preview, renders, root = session
    site = preview.site
    assert site is not None
    article = "content/lao-dong/hop-dong.md"
    edits: list[tuple[str, Callable[[], None], str]] = [
        ("body", lambda: _edit(root, article, "Không quá 60 ngày.", "Tối đa 60 ngày."),
         "incremental"),
        ("title", lambda: _edit(root, article, "Hợp đồng lao động có mấy loại?",
                                "Các loại hợp đồng lao động"), "incremental"),
        ("new explainer", lambda: (root / "content/dat-dai/thue-dat.md").write_text(
            explainer("Thuê đất của Nhà nước", field="dat-dai", documents='["31/2024/QH15"]'),
            "utf-8"), "incremental"),
        ("deleted explainer", lambda: (root / "content/lao-dong/nghi-viec.md").unlink(),
         "incremental"),
        ("field", lambda: _edit(root, article, "field: lao-dong", "field: dat-dai"),
         "incremental"),
        ("Q&A", lambda: _edit(root, "qa/lao-dong.yml", "Tối đa **60 ngày**",
                              "Không quá **60 ngày**"), "incremental"),
        ("mkdocs.yml", lambda: (root / "mkdocs.yml").write_text(
            "site_name: Tủ sách thử\ncopyright: Sở Tư pháp\n", "utf-8"), "full"),
    ]
    for name, edit, kind in edits:
        edit()
        renders.calls.clear()
        update = preview.update()
        assert (name, update.kind) == (name, kind), update.reason
        if kind == "incremental":  # asked for what changed, and the navigation's pages
            assert [set(call) for call in renders.calls] == [set(update.rendered) | LINKED]
        preview.finish()
        assert not preview.lagging
        assert _differences(root, site, tmp_path) == [], name


def test_the_renderer_is_asked_only_for_the_pages_an_edit_changed(
        session: tuple[PreviewSession, Renders, Path]) -> None:
    preview, renders, root = session
    assert preview.state is not None
    linked = LINKED
    assert linked <= set(preview.state.pages)  # the navigation's pages, all planned
    renders.calls.clear()
    _edit(root, "content/lao-dong/hop-dong.md", "Không quá 60 ngày.", "Tối đa 60 ngày.")
    update = preview.update()
    # The body shows on its own page only; the search page gets its "updating" notice.
    assert set(update.rendered) == {"lao-dong/hop-dong/", "tim-kiem/"}
    assert [set(call) for call in renders.calls] == [set(update.rendered) | linked]
    preview.finish()
    assert [set(call) - linked for call in renders.calls[1:]] == [set()]  # search page only
    assert "tim-kiem/" in renders.calls[1]
    renders.calls.clear()
    _edit(root, "content/lao-dong/hop-dong.md", "Hợp đồng lao động có mấy loại?",
          "Các loại hợp đồng lao động")
    update = preview.update()
    # The title is on its page, its field's listing, the home page's newest, its audience's
    # and its document's pages, the other explainers' related lists, and the editors'
    # translation status (no translation yet); not on the Q&A page, which links it by name.
    assert set(update.rendered) == {
        "lao-dong/hop-dong/", "lao-dong/", "", "doi-tuong/nguoi-lao-dong/",
        "van-ban/45-2019-qh14/", "lao-dong/nghi-viec/", "lao-dong/thu-viec/",
        "bien-tap/ban-dich/", "tim-kiem/"}
    assert preview.site is not None
    assert "Các loại hợp đồng lao động" in (preview.site / "lao-dong/index.html").read_text(
        "utf-8")
    assert [set(call) for call in renders.calls] == [set(update.rendered) | linked]


def test_the_search_pages_say_the_index_is_updating_until_it_has_caught_up(
        session: tuple[PreviewSession, Renders, Path]) -> None:
    preview, _, root = session
    assert preview.site is not None
    search = preview.site / "tim-kiem" / "index.html"
    assert PENDING not in search.read_text("utf-8")
    _edit(root, "content/lao-dong/hop-dong.md", "Không quá 60 ngày.", "Tối đa 60 ngày.")
    preview.update()
    assert preview.lagging
    html = search.read_text("utf-8")
    assert f'<div class="admonition info tsp-pending" role="status"><p>{PENDING}' in html
    tag = preview.state.search_tag if preview.state else ""
    preview.finish()
    assert not preview.lagging
    html = search.read_text("utf-8")
    assert PENDING not in html
    assert preview.state is not None and preview.state.search_tag != tag  # the new index
    assert preview.state.search_tag in html


def test_an_error_keeps_the_last_good_site_until_it_is_fixed(
        session: tuple[PreviewSession, Renders, Path], tmp_path: Path) -> None:
    preview, _, root = session
    assert preview.site is not None
    before = _files(preview.site)
    _edit(root, "content/lao-dong/hop-dong.md", "field: lao-dong", "field: lao-dongg")
    update = preview.update()
    assert update.kind == "failed" and update.report is not None
    assert [p.format() for p in update.report.errors] == [
        "content/lao-dong/hop-dong.md:4: lĩnh vực 'lao-dongg' không có trong fields.yml"
        " — gợi ý: dùng một trong: dat-dai, lao-dong"]
    assert _files(preview.site) == before
    _edit(root, "content/lao-dong/hop-dong.md", "field: lao-dongg", "field: lao-dong")
    _edit(root, "content/lao-dong/hop-dong.md", "Không quá 60 ngày.", "Tối đa 60 ngày.")
    assert preview.update().kind == "incremental"
    preview.finish()
    assert _differences(root, preview.site, tmp_path) == []


def test_the_background_catches_up_by_itself(tmp_library: LibraryMaker,
                                             tmp_path: Path) -> None:
    root = tmp_library(FILES)
    caught: list[bool] = []
    preview = PreviewSession(_config(root, tmp_path / "site"),
                             on_caught_up=lambda: caught.append(True))
    try:
        preview.update()
        _edit(root, "content/lao-dong/hop-dong.md", "Không quá 60 ngày.", "Tối đa 60 ngày.")
        assert preview.update().kind == "incremental"
        assert preview.settle(120)
        assert caught == [True] and not preview.lagging
        assert PENDING not in (tmp_path / "site/tim-kiem/index.html").read_text("utf-8")
    finally:
        preview.close()
