"""The built starter site in headless Chromium: a reader's walk, text size, search, sub-path."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

EXPLAINER = "lao-dong/thoi-gian-thu-viec/"
SEARCH = "tim-kiem/?q=" + quote("thử việc")


class Watch:
    """Everything a page asked the network for, and everything that went wrong on it."""

    def __init__(self, page: Any, site_url: str) -> None:
        self.site_url = site_url
        self.requests: list[str] = []
        self.stylesheets: list[tuple[int, str]] = []
        self.failures: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("response", self._response)
        page.on("requestfailed", self._failed)
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _failed(self, request: Any) -> None:
        # A lazy image still loading when the reader clicks away is cancelled, not broken.
        if request.failure != "net::ERR_ABORTED":
            self.failures.append(f"{request.url}: {request.failure}")

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.failures.append(f"{response.url}: HTTP {response.status}")
        if response.request.resource_type == "stylesheet":
            self.stylesheets.append((response.status, response.url))

    def foreign(self) -> list[str]:
        """Requests that did not go to the site itself (data: and blob: stay in the page)."""
        return [u for u in self.requests if urlsplit(u).scheme not in ("data", "blob")
                and not u.startswith(self.site_url)]

    def assert_clean(self) -> None:
        assert self.requests, "no request recorded"
        assert self.foreign() == []
        assert self.failures == []
        assert self.errors == []


def href(locator: Any) -> str:
    """The absolute URL a link leads to, as the browser resolved it."""
    return str(locator.evaluate("a => a.href"))


def font_size(locator: Any) -> float:
    return float(locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def test_reader_walks_from_the_shelf_to_an_explainer(page: Any, base_url: str) -> None:
    watch = Watch(page, base_url)
    page.goto(base_url)
    expect(page.locator("h1")).to_have_text("Tủ sách pháp luật số")
    shelves = {a.inner_text().strip(): href(a) for a in page.locator(".tsp-shelf h3 a").all()}
    assert shelves["Lao động"] == base_url + "lao-dong/"

    page.locator(".tsp-shelf h3 a", has_text="Lao động").click()
    page.wait_for_url(base_url + "lao-dong/")
    expect(page.locator("h1")).to_have_text("Lao động")
    card = page.locator(".tsp-card__title a", has_text="Thử việc")
    title = card.inner_text().strip()
    card.click()

    page.wait_for_url(re.compile(re.escape(base_url + EXPLAINER) + "(#.*)?$"))
    expect(page.locator("h1")).to_have_text(title)
    assert "Thử việc" in title
    expect(page).to_have_title(f"{title} - Tủ sách pháp luật số")
    crumbs = page.get_by_role("navigation", name="Đường dẫn")
    expect(crumbs.get_by_role("listitem")).to_have_text(["Trang chủ", "Lao động", title])
    expect(crumbs.locator('[aria-current="page"]')).to_have_text(title)
    assert [href(a) for a in crumbs.get_by_role("link").all()] == \
        [base_url, base_url + "lao-dong/"]

    cited = page.get_by_role("region", name="Văn bản được trích dẫn")
    expect(cited.get_by_role("heading", level=2)).to_have_text("Văn bản được trích dẫn")
    doc_link = cited.get_by_role("link", name="Bộ luật 45/2019/QH14")
    badge = cited.locator(".tsp-doccard", has=page.get_by_role(
        "link", name="Bộ luật 45/2019/QH14")).locator(".tsp-status")
    expect(badge).to_have_text("Đang có hiệu lực")
    expect(badge).to_have_class("tsp-status tsp-status--in-force")
    expect(badge).to_be_visible()

    # The site nav is the bookshelf, right from this page's folder too.
    nav = {(a.text_content() or "").strip(): href(a)
           for a in page.locator(".md-sidebar--primary a.md-nav__link").all()}
    assert {name: nav.get(name) for name in shelves} == shelves
    assert not any(url.startswith(base_url + "lao-dong/") and url != base_url + "lao-dong/"
                   for url in nav.values())

    doc_link.click()
    page.wait_for_url(base_url + "van-ban/45-2019-qh14/")
    expect(page.locator("h1")).to_have_text("Bộ luật 45/2019/QH14")
    expect(page.locator(".tsp-card__title a", has_text=title)).to_have_count(1)

    assert any(u.endswith(".woff2") for u in watch.requests), "the self-hosted fonts were used"
    watch.assert_clean()


def test_text_size_control_grows_the_text_and_is_remembered(page: Any, base_url: str) -> None:
    watch = Watch(page, base_url)
    page.goto(base_url + EXPLAINER)
    paragraph = page.locator(".tsp-body p").first
    expect(page.get_by_role("group", name="Cỡ chữ")).to_be_visible()
    normal = font_size(paragraph)

    page.get_by_role("button", name="Tăng cỡ chữ").click()
    larger = font_size(paragraph)
    assert larger > normal * 1.1
    assert page.evaluate("localStorage.getItem('tsp-textsize')") == "2"

    page.reload()
    assert font_size(page.locator(".tsp-body p").first) == larger
    page.goto(base_url + "lao-dong/")  # the choice holds on every page of the site
    assert page.evaluate("getComputedStyle(document.documentElement)"
                         ".getPropertyValue('--tsp-scale')") == "1.15"
    assert font_size(page.locator(".tsp-card__desc").first) > normal

    page.goto(base_url + EXPLAINER)
    page.get_by_role("button", name="Cỡ chữ mặc định").click()
    assert font_size(page.locator(".tsp-body p").first) == normal
    page.get_by_role("button", name="Giảm cỡ chữ").click()
    assert font_size(page.locator(".tsp-body p").first) < normal
    watch.assert_clean()


def test_search_page_finds_the_explainer(page: Any, base_url: str) -> None:
    watch = Watch(page, base_url)
    page.goto(base_url + SEARCH)
    result = page.locator("#tsp-search-results h2 a", has_text="Thử việc được bao lâu")
    expect(result).to_be_visible()
    # The result points to its best section: the page, at one of its headings.
    assert href(result).split("#")[0] == base_url + EXPLAINER
    bundle = {u.removeprefix(base_url + "pagefind/") for u in watch.requests
              if u.startswith(base_url + "pagefind/")}
    assert "pagefind.js" in bundle
    assert not any(name.startswith("pagefind-ui") for name in bundle)  # our own page, not theirs
    assert any(name.startswith("wasm.") for name in bundle)
    result.click()
    page.wait_for_url(re.compile(re.escape(base_url + EXPLAINER) + "(#.*)?$"))
    expect(page.locator("h1")).to_contain_text("Thử việc")
    watch.assert_clean()


def test_home_search_form_leads_to_results(page: Any, base_url: str) -> None:
    watch = Watch(page, base_url)
    page.goto(base_url)
    page.get_by_label("Tìm bài giải thích").fill("nồng độ cồn")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.wait_for_url(lambda url: url.startswith(base_url + "tim-kiem/?q="))
    expect(page.locator("#tsp-search-results h2 a").first).to_be_visible()
    assert "giao-thong/nong-do-con-khi-lai-xe/" in [
        urlsplit(href(a)).path.lstrip("/") for a in page.locator("#tsp-search-results h2 a").all()]
    watch.assert_clean()


def test_site_works_under_a_sub_path(page: Any, subpath_url: str) -> None:
    assert urlsplit(subpath_url).path == "/sub/site/"
    watch = Watch(page, subpath_url)  # not one request may leave /sub/site/
    page.goto(subpath_url)
    expect(page.locator("h1")).to_have_text("Tủ sách pháp luật số")
    family = page.locator("h1").evaluate("e => getComputedStyle(e).fontFamily")
    assert "Be Vietnam Pro" in family
    loaded = page.evaluate("""document.fonts.ready.then(fonts => [...fonts]
        .filter(f => f.family.replaceAll('"', '') === 'Be Vietnam Pro' && f.status === 'loaded')
        .length)""")
    assert loaded >= 2  # regular and bold, from /sub/site/assets/tusach/fonts/
    assert len(watch.stylesheets) >= 4  # Material, palette, fonts, ours
    assert all(status == 200 for status, _ in watch.stylesheets), watch.stylesheets

    page.locator(".tsp-shelf h3 a", has_text="Lao động").click()
    page.wait_for_url(subpath_url + "lao-dong/")
    page.locator(".tsp-card__title a", has_text="Thử việc").click()
    page.wait_for_url(re.compile(re.escape(subpath_url + EXPLAINER) + "(#.*)?$"))
    badge = page.locator(".tsp-status").first
    # tusach.css is applied: the badge has its own colours.
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(227, 244, 232)"
    assert href(page.get_by_role("navigation", name="Đường dẫn").get_by_role(
        "link", name="Trang chủ")) == subpath_url

    page.goto(subpath_url + SEARCH)
    result = page.locator("#tsp-search-results h2 a", has_text="Thử việc được bao lâu")
    expect(result).to_be_visible()
    assert href(result).split("#")[0] == subpath_url + EXPLAINER
    result.click()
    page.wait_for_url(re.compile(re.escape(subpath_url + EXPLAINER) + "(#.*)?$"))
    watch.assert_clean()
