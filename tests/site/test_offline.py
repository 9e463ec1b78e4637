"""Offline reading: manifest, service worker, and the reader's walk with the network gone.

"The network gone" is the real thing: the test's own HTTP server is shut down (connections
refused) and the browser context is set offline, so nothing can reach a server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from generators.config import load_config
from generators.pipeline import build
from generators.site.offline import precache_files
from generators.site.pages import plan_pages
from generators.site.static import asset_url
from tests.conftest import TODAY, LibraryMaker, explainer
from tests.site.conftest import LocalServer, new_page

OPENED = "lao-dong/thoi-gian-thu-viec/"
NEVER_OPENED = "dat-dai/cap-so-do-lan-dau/"
WITH_IMAGE = "giao-thong/mu-bao-hiem-va-cho-tre-em/"
CONTROLLED = "() => navigator.serviceWorker.controller !== null"
# Resolves when the service worker has the page in its cache (it stores opened pages
# after answering them).
CACHED_JS = """async url => {
  for (const name of await caches.keys()) {
    if (await (await caches.open(name)).match(url)) return true;
  }
  return false;
}"""


@pytest.fixture
def reader(browser: Any) -> Iterator[Any]:
    context, page = new_page(browser)
    yield page
    context.close()


def go_offline(page: Any, server: LocalServer) -> None:
    server.stop()
    page.context.set_offline(True)


def wait_until_cached(page: Any, url: str) -> None:
    page.wait_for_function(CACHED_JS, arg=url)


def search(page: Any, base: str, query: str) -> list[str]:
    page.goto(base + "tim-kiem/?q=" + quote(query))
    page.wait_for_selector("#tsp-search[data-done]")
    return [a.get_attribute("href") for a in page.locator("#tsp-search-results h2 a").all()]


# ---- what the build writes -----------------------------------------------------------------


def test_manifest_is_installable_and_vietnamese(built_site: Path) -> None:
    manifest = json.loads((built_site / "manifest.webmanifest").read_text("utf-8"))
    assert manifest["lang"] == "vi"
    assert manifest["start_url"] == manifest["scope"] == "./"  # works under any sub-path
    assert manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        data = (built_site / icon["src"]).read_bytes()
        assert data.startswith(b"\x89PNG")
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert f"{width}x{height}" == icon["sizes"]
    home = (built_site / "index.html").read_text("utf-8")
    assert '<link rel="manifest" href="manifest.webmanifest">' in home
    assert '<meta name="theme-color"' in home


def test_precache_is_the_bookshelf_and_the_whole_index_not_the_explainers(
        built_site: Path, tmp_library: LibraryMaker) -> None:
    from generators.library import load_library

    library, _ = load_library(Path(__file__).parents[2], TODAY)
    assert library is not None
    tag = re.search(r'name="tsp-index" content="([0-9a-f]+)"',
                    (built_site / "index.html").read_text("utf-8"))
    assert tag
    files = precache_files(built_site, list(plan_pages(library, tag[1])), tag[1])
    assert {"", "lao-dong/", "tim-kiem/", "ngoai-tuyen/", "van-ban/", "doi-tuong/"} <= set(files)
    assert OPENED not in files  # explainers are kept when read or saved, not up front
    assert f"pagefind/pagefind-entry.json?ts={tag[1]}" in files
    index = {p.relative_to(built_site).as_posix() for p in (built_site / "pagefind").rglob("*")
             if p.is_file() and p.name != "pagefind-entry.json"}
    assert index <= set(files)  # every fragment, chunk and filter of the language
    assert asset_url("tusach.css") in files and asset_url("search.js") in files
    sw = (built_site / "sw.js").read_text("utf-8")
    assert "__" + "VERSION__" not in sw and "__PRECACHE__" not in sw
    assert f'var INDEX_TAG = "{tag[1]}";' in sw


def test_material_search_leftovers_are_not_published(built_site: Path) -> None:
    assert not (built_site / "assets" / "javascripts" / "lunr").exists()
    assert not list(built_site.rglob("*.map"))
    assert not list((built_site / "pagefind").glob("pagefind-*ui*"))


# ---- the reader's walk ---------------------------------------------------------------------


@pytest.mark.browser
def test_after_one_visit_the_bookshelf_opened_pages_and_search_work_offline(
        reader: Any, built_site: Path) -> None:
    server = LocalServer(built_site)
    base = server.url
    reader.goto(base)
    reader.wait_for_function(CONTROLLED)
    reader.goto(base + OPENED)
    expect(reader.locator("h1")).to_contain_text("Thử việc")
    wait_until_cached(reader, base + OPENED)

    go_offline(reader, server)
    reader.reload()
    expect(reader.locator("h1")).to_contain_text("Thử việc")
    reader.goto(base)
    expect(reader.locator("h1")).to_have_text("Tủ sách pháp luật số")
    reader.locator(".tsp-shelf h3 a", has_text="Đất đai").click()
    reader.wait_for_url(base + "dat-dai/")
    expect(reader.locator("h1")).to_contain_text("Đất đai")

    # Search: the whole index is on the device; `dieu`/`dat` without đ still find đ.
    found = search(reader, base, "thu viec bao lau")
    # The first result points to its best section: the opened page, at one of its headings.
    assert found and found[0].split("#")[0].endswith(OPENED), found
    assert search(reader, base, "dat dai")

    # A page never opened: a Vietnamese notice listing what the device has, not an error.
    reader.goto(base + NEVER_OPENED)
    expect(reader.locator("h1")).to_have_text("Chưa có trang này trên máy")
    assert "ngoai-tuyen/" in reader.url
    saved = reader.locator(".tsp-saved__list a")
    expect(saved.first).to_be_visible()
    assert "Thử việc được bao lâu" in " ".join(saved.all_inner_texts())


@pytest.mark.browser
def test_save_for_offline_keeps_the_page_and_its_images(reader: Any, built_site: Path) -> None:
    server = LocalServer(built_site)
    base = server.url
    reader.goto(base)
    reader.wait_for_function(CONTROLLED)
    reader.goto(base + WITH_IMAGE)
    button = reader.get_by_role("button", name="Lưu để đọc khi không có mạng")
    expect(button).to_be_visible()
    button.click()
    expect(reader.locator(".tsp-offline__state")).to_have_text(
        "Đã lưu bài này và hình ảnh của bài trên máy.")
    expect(reader.locator(".tsp-save")).to_have_attribute("aria-pressed", "true")
    image = reader.locator(".tsp-body img").first.evaluate("img => img.src")
    assert reader.evaluate(CACHED_JS, image)

    go_offline(reader, server)
    reader.goto(base)
    reader.goto(base + WITH_IMAGE)
    expect(reader.locator(".tsp-save")).to_have_attribute("aria-pressed", "true")
    loaded = reader.locator(".tsp-body img").first.evaluate(
        "img => img.decode().then(() => img.naturalWidth, () => 0)")
    assert loaded > 0
    # The audiobook was saved too: it plays, and seeks (byte ranges from the cache).
    reader.evaluate("""() => { const a = document.querySelector('.tsp-audio audio');
                               a.currentTime = 30; return a.play(); }""")
    reader.wait_for_function(
        "() => document.querySelector('.tsp-audio audio').currentTime > 30.3")


# ---- a new deploy --------------------------------------------------------------------------


def _library(tmp_library: LibraryMaker, word: str) -> Path:
    body = f"## Thời gian thử việc\n\nKhông quá 60 ngày. Từ khóa của bản này: {word}.\n"
    return tmp_library({"content/lao-dong/thu-viec.md": explainer(body=body)})


@pytest.mark.browser
def test_a_new_deploy_replaces_the_cache_whole_and_never_mixes_builds(
        reader: Any, tmp_library: LibraryMaker) -> None:
    root = _library(tmp_library, "xylophone")
    site = root / "site"
    assert build(load_config(root, site_dir=site, today=TODAY)).ok
    server = LocalServer(site)
    base = server.url
    page_url = base + "lao-dong/thu-viec/"
    reader.goto(base)
    reader.wait_for_function(CONTROLLED)
    reader.goto(page_url)
    wait_until_cached(reader, page_url)
    first = reader.evaluate("caches.keys()")
    assert len(first) == 1

    _library(tmp_library, "kangaroo")  # the editors change the explainer; CI deploys again
    assert build(load_config(root, site_dir=site, today=TODAY)).ok
    reader.goto(base)
    bar = reader.get_by_role("region", name="Bản cập nhật")
    expect(bar).to_contain_text("Tủ sách đã có bản mới.")
    # Until the reader accepts, the old build is served whole.
    assert first[0] in reader.evaluate("caches.keys()")
    with reader.expect_navigation():
        bar.get_by_role("button", name="Cập nhật ngay").click()
    reader.wait_for_function(CONTROLLED)
    reader.wait_for_function("() => caches.keys().then(k => k.length === 1)")
    second = reader.evaluate("caches.keys()")
    assert second != first  # the old cache is gone, a new one has everything

    go_offline(reader, server)
    reader.goto(page_url)
    expect(reader.locator(".tsp-body")).to_contain_text("kangaroo")  # re-fetched with the build
    assert search(reader, base, "kangaroo")
    assert search(reader, base, "xylophone") == []  # no trace of the old index


def test_the_live_preview_has_no_service_worker_and_no_bundle(tmp_library: LibraryMaker) -> None:
    root = tmp_library()
    report = build(load_config(root, site_dir=root / "site", today=TODAY, search=False,
                               service_worker=False, stages={"compress"}))
    assert report.ok and report.detail("site", "precached") == 0
    assert "bundle" not in report.stages
    assert not (root / "site" / "sw.js").exists()
    assert not (root / "site" / "tai-ve").exists()
    assert "tai-ve/" not in (root / "site" / "index.html").read_text("utf-8")  # no dead link


def test_precache_keeps_the_first_page_of_each_long_shelf(tmp_library: LibraryMaker) -> None:
    from generators.library import load_library
    from generators.site.pages import PAGE_SIZE

    files = {f"content/lao-dong/bai-{i:03d}.md": explainer(title=f"Bài {i}")
             for i in range(PAGE_SIZE + 1)}
    root = tmp_library(files)
    assert build(load_config(root, site_dir=root / "site", today=TODAY, search=False,
                             stages={"compress"})).ok
    library, _ = load_library(root, TODAY)
    assert library is not None
    files_kept = precache_files(root / "site", list(plan_pages(library)), "")
    assert "lao-dong/" in files_kept and (root / "site" / "lao-dong" / "trang-2").is_dir()
    assert "lao-dong/trang-2/" not in files_kept
