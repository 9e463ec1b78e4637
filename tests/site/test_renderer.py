"""generators/site/renderer.py and plugin.py: MkDocs' build loop, prepared once and shared
between forked workers, and the layout parts made once per folder give the same bytes as
rendering every page alone in one process."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

import generators.site.renderer as renderer
from generators.config import load_config
from generators.library import load_library
from generators.pipeline import build
from generators.site.pages import plan_pages
from generators.site.plugin import _SharedKey
from generators.site.static import copy_assets
from tests.conftest import TODAY, LibraryMaker, explainer

# Material's features that put the active page into the header (tabs) and the previous and
# next pages into the footer: the parts that must then not be shared.
MKDOCS_YML = """\
site_name: Tủ sách thử
copyright: Sở Tư pháp
theme:
  name: material
  features: [navigation.tabs, navigation.tabs.sticky, navigation.footer, navigation.top]
"""


def _library(tmp_library: LibraryMaker) -> Path:
    files: dict[str, str | bytes | None] = {"mkdocs.yml": MKDOCS_YML}
    for i in range(6):
        field = ("lao-dong", "dat-dai")[i % 2]
        docs = '["45/2019/QH14"]' if field == "lao-dong" else '["31/2024/QH15"]'
        files[f"content/{field}/bai-{i}.md"] = explainer(
            title=f"Bài {i}: quyền & nghĩa vụ <b>", field=field, documents=docs,
            body=f"## Phần một\n\nNội dung {i}.\n\n### Chi tiết\n\nThêm.\n\n## Phần hai\n\nHết.\n")
    files["content/lao-dong/bai-0.en.md"] = (
        "---\ntitle: \"Lesson 0\"\ndescription: \"Short.\"\n---\n## Part one\n\nText.\n")
    return tmp_library(files)


def _html(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*.html")) if p.is_file()}


def _build(root: Path, site: Path, jobs: int) -> dict[str, bytes]:
    report = build(load_config(root, site_dir=site, today=TODAY, search=False, stages=set(),
                               jobs=jobs))
    assert report.ok, report.errors
    return _html(site)


def test_shared_layout_parts_change_no_byte(tmp_library: LibraryMaker, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = _library(tmp_library)
    shared = _build(root, tmp_path / "shared", jobs=1)
    monkeypatch.setattr(_SharedKey, "__call__", lambda self, page, part: None)
    alone = _build(root, tmp_path / "alone", jobs=1)
    assert shared.keys() == alone.keys()
    assert len(shared) > 10
    assert [name for name in shared if shared[name] != alone[name]] == []
    # The tabs and the previous/next links are there, so the test covers them.
    home = shared["index.html"].decode()
    assert "md-tabs" in home and "md-footer__link--next" in home


def test_sharded_render_is_the_one_process_render(tmp_library: LibraryMaker, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = _library(tmp_library)
    alone = _build(root, tmp_path / "alone", jobs=1)
    monkeypatch.setattr(renderer, "SHARD_FROM", 2)
    sharded = _build(root, tmp_path / "sharded", jobs=2)
    assert sharded == alone


def test_a_subset_renders_alone_into_its_folder(tmp_library: LibraryMaker,
                                                tmp_path: Path) -> None:
    """What the live preview does: render_site with some of the pages."""
    root = _library(tmp_library)
    config = load_config(root, site_dir=tmp_path / "site", today=TODAY, search=False,
                         stages=set())
    library, problems = load_library(root, TODAY)
    assert library is not None, problems.errors
    pages = [p for p in plan_pages(library) if p.url in ("", "lao-dong/bai-2/")]
    docs, out = tmp_path / "docs", tmp_path / "subset"
    copy_assets(docs)
    renderer.render_site(library, pages, dict(config.settings), config.config_file, docs,
                         out, None, jobs=1)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("index.html")) == [
        "index.html", "lao-dong/bai-2/index.html"]
    page = (out / "lao-dong/bai-2/index.html").read_text("utf-8")
    assert "<title>Bài 2: quyền &amp; nghĩa vụ &lt;b&gt; - Tủ sách thử</title>" in page
    assert 'id="phan-hai"' in page


def test_a_subset_renders_into_an_existing_site(tmp_library: LibraryMaker,
                                                tmp_path: Path) -> None:
    root = _library(tmp_library)
    config = load_config(root, site_dir=tmp_path / "site", today=TODAY, search=False,
                         stages=set())
    library, problems = load_library(root, TODAY)
    assert library is not None, problems.errors
    pages = [p for p in plan_pages(library) if p.url == "dat-dai/bai-1/"]
    docs, out = tmp_path / "docs", tmp_path / "site"
    copy_assets(docs)
    (out / "lao-dong/bai-0").mkdir(parents=True)
    (out / "lao-dong/bai-0/index.html").write_text("kept", "utf-8")
    renderer.render_site(library, pages, dict(config.settings), config.config_file, docs,
                         out, None, jobs=1, clean=False)
    assert (out / "lao-dong/bai-0/index.html").read_text("utf-8") == "kept"
    assert "Bài 1" in (out / "dat-dai/bai-1/index.html").read_text("utf-8")
    renderer.render_site(library, pages, dict(config.settings), config.config_file, docs,
                         out, None, jobs=1)
    assert not (out / "lao-dong/bai-0").exists()  # emptied first by default


class _Page:
    def __init__(self, url: str, previous: object = None, meta: dict[str, object] | None = None,
                 ) -> None:
        self.url, self.previous_page, self.next_page = url, previous, None
        self.meta = meta or {}


def test_a_page_shares_layout_parts_only_where_their_links_read_the_same() -> None:
    config = SimpleNamespace(
        extra_css=["assets/tusach/tusach.css"], extra_javascript=["extra/tusach.js"],
        extra={"alternate": [{"link": "en/", "lang": "en"}],
               "social": [{"link": "https://x.vn"}]},
        theme={"logo": "images/logo.png"})
    shared = _SharedKey(config)  # type: ignore[arg-type]
    # Explainers of one folder and language share; folder and language tell them apart.
    assert shared(_Page("lao-dong/bai-1/"), "header-start") == \
        shared(_Page("lao-dong/bai-2/"), "header-start") == ("header-start", "lao-dong", None)
    assert shared(_Page("dat-dai/bai-3/"), "footer") == ("footer", "dat-dai", None)
    assert shared(_Page("en/lao-dong/bai-1/", meta={"tsp_lang": "en"}), "config") == (
        "config", "en/lao-dong", "en")
    # A page a printed link points into (its relative URL would name the page's own folder):
    # the search form's, the logo's, a language link's, the scripts'; the home page.
    for url in ("tim-kiem/", "images/", "en/", "extra/", "assets/", ""):
        assert shared(_Page(url), "header-end") is None, url
    # A page with a previous or next page, or hidden parts.
    assert shared(_Page("lao-dong/bai-1/", previous=object()), "footer") is None
    assert shared(_Page("lao-dong/bai-1/", meta={"hide": ["toc"]}), "footer") is None
