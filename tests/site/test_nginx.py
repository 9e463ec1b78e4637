"""The built site behind Debian's real nginx with our snippet: headers, precompressed
copies, and in Chromium a strict Content-Security-Policy that search, audio and the service
worker live with."""

from __future__ import annotations

import gzip
import http.client
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import brotli
import pytest
from playwright.sync_api import expect

from generators.site.headers import (
    IMMUTABLE,
    MEDIA,
    NGINX_SNIPPET,
    SECURITY,
    nginx_snippet,
)
from generators.site.static import asset_url
from tests.site.conftest import SUBPATH, new_page
from tests.site.nginx import MODULES, NGINX, Nginx

SUB = "/" + SUBPATH
EXPLAINER = "lao-dong/thoi-gian-thu-viec/"
AUDIO = "sach-noi/thoi-gian-thu-viec/vi-bac.mp3"


@pytest.fixture(scope="module")
def deployed(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site as the build publishes it (with `_headers` and the .br/.gz copies),
    linked into `<www>/sub/site/`."""
    www = tmp_path_factory.mktemp("www")
    site = www / SUBPATH
    shutil.copytree(built_site, site, copy_function=os.link)
    assert (site / "_headers").is_file() and (site / "index.html.br").is_file()
    return site


@pytest.fixture(scope="module")
def nginx(deployed: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nginx]:
    """nginx with two servers: the site at /sub/site/ (snippet for that base) and at the
    root (the committed deploy/nginx/tusach.conf)."""
    if not NGINX.exists() or not any(MODULES.glob("*brotli-static*.conf")):
        message = (f"{NGINX} hoặc mô-đun brotli_static không có: cài gói nginx và "
                   "libnginx-mod-http-brotli-static của Debian để chạy kiểm thử này")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    tmp = tmp_path_factory.mktemp("nginx")
    snippet = tmp / "sub.conf"
    snippet.write_text(nginx_snippet(SUB), encoding="utf-8")
    www = deployed.parents[len(SUBPATH.strip("/").split("/")) - 1]
    server = Nginx(tmp / "run", [(www, SUB, snippet), (deployed, "/", NGINX_SNIPPET)])
    yield server
    server.stop()
    assert "[emerg]" not in server.log.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sub_url(nginx: Nginx) -> str:
    return nginx.urls[0] + SUB


def fetch(url: str, headers: dict[str, str] | None = None,
          ) -> tuple[int, http.client.HTTPMessage, bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.request("GET", parts.path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def assert_security_headers(headers: http.client.HTTPMessage) -> None:
    for name, value in SECURITY:
        assert headers.get_all(name) == [value], name


# ---- headers ------------------------------------------------------------------------------


def test_pages_carry_the_policy_and_are_revalidated(sub_url: str) -> None:
    for rel in ("", EXPLAINER, "tim-kiem/"):
        status, headers, _ = fetch(sub_url + rel)
        assert status == 200
        assert_security_headers(headers)
        assert headers["Cache-Control"] == "no-cache"
        assert headers["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize(("rel", "content_type", "cache"), [
    (asset_url("tusach.css"), "text/css; charset=utf-8", IMMUTABLE.cache_control),
    (asset_url("player.js"), "application/javascript; charset=utf-8", IMMUTABLE.cache_control),
    (AUDIO, "audio/mpeg", MEDIA.cache_control),
    (AUDIO.replace(".mp3", ".vtt"), "text/vtt; charset=utf-8", MEDIA.cache_control),
    ("manifest.webmanifest", "application/manifest+json; charset=utf-8", "no-cache"),
    ("sw.js", "application/javascript; charset=utf-8", "no-cache"),
    ("pagefind/pagefind.js", "application/javascript; charset=utf-8", "no-cache"),
    ("pagefind/pagefind-entry.json", "application/json; charset=utf-8", "no-cache"),
    ("sach-dien-tu/thoi-gian-thu-viec.epub", "application/epub+zip", MEDIA.cache_control),
])
def test_each_kind_of_file_has_its_type_and_cache_rule(sub_url: str, rel: str,
                                                       content_type: str, cache: str) -> None:
    status, headers, _ = fetch(sub_url + rel)
    assert status == 200, rel
    assert headers["Content-Type"] == content_type
    assert headers["Cache-Control"] == cache
    assert_security_headers(headers)


def test_pagefind_chunks_are_immutable_opaque_bytes(deployed: Path, sub_url: str) -> None:
    fragment = next((deployed / "pagefind" / "fragment").iterdir())
    status, headers, body = fetch(f"{sub_url}pagefind/fragment/{fragment.name}",
                                  {"Accept-Encoding": "br, gzip"})
    assert status == 200
    assert headers["Cache-Control"] == IMMUTABLE.cache_control
    assert headers["Content-Type"] == "application/octet-stream"
    assert "Content-Encoding" not in headers  # gzip that Pagefind unpacks itself
    assert body == fragment.read_bytes()


@pytest.mark.parametrize(("accept", "encoding"), [("br", "br"), ("gzip", "gzip"),
                                                  ("gzip, deflate, br", "br")])
def test_precompressed_copies_are_served_when_asked(deployed: Path, sub_url: str,
                                                    accept: str, encoding: str) -> None:
    status, headers, body = fetch(sub_url + EXPLAINER, {"Accept-Encoding": accept})
    assert status == 200
    assert headers["Content-Encoding"] == encoding
    assert headers["Vary"] == "Accept-Encoding"
    assert_security_headers(headers)
    plain = brotli.decompress(body) if encoding == "br" else gzip.decompress(body)
    assert plain == (deployed / EXPLAINER / "index.html").read_bytes()


def test_without_accept_encoding_the_file_itself(deployed: Path, sub_url: str) -> None:
    _, headers, body = fetch(sub_url + EXPLAINER)
    assert "Content-Encoding" not in headers
    assert body == (deployed / EXPLAINER / "index.html").read_bytes()


def test_audio_answers_byte_ranges(sub_url: str) -> None:
    status, headers, body = fetch(sub_url + AUDIO, {"Range": "bytes=100-199"})
    assert status == 206 and len(body) == 100
    assert headers["Content-Range"].startswith("bytes 100-199/")


def test_missing_pages_get_the_404_page_and_folders_a_relative_redirect(sub_url: str) -> None:
    status, headers, body = fetch(sub_url + "khong-co-trang-nay/")
    assert status == 404
    assert "Không tìm thấy trang" in body.decode("utf-8")
    assert_security_headers(headers)
    status, headers, _ = fetch(sub_url + "lao-dong")
    assert status == 301 and headers["Location"] == SUB + "lao-dong/"


def test_build_files_for_other_hosts_are_not_served(deployed: Path, sub_url: str) -> None:
    assert (deployed / "_headers").is_file()
    status, _, _ = fetch(sub_url + "_headers")
    assert status == 404


def test_the_committed_snippet_serves_the_site_at_the_root(nginx: Nginx) -> None:
    root = nginx.urls[1] + "/"
    status, headers, _ = fetch(root, {"Accept-Encoding": "br"})
    assert status == 200 and headers["Content-Encoding"] == "br"
    assert_security_headers(headers)
    status, headers, _ = fetch(root + asset_url("tusach.js"))
    assert headers["Cache-Control"] == IMMUTABLE.cache_control
    status, _, body = fetch(root + "khong-co/")
    assert status == 404 and "Không tìm thấy trang" in body.decode("utf-8")


# ---- in Chromium --------------------------------------------------------------------------

WATCH_CSP = """document.addEventListener("securitypolicyviolation", e => {
  (window.__csp = window.__csp || []).push(e.violatedDirective + " " + e.blockedURI);
});"""


class Watched:
    """A page whose CSP violations (DOM events, DevTools issues) and console errors are
    collected, including those of its workers."""

    def __init__(self, browser: Any) -> None:
        self.context, self.page = new_page(browser)
        self.problems: list[str] = []
        self.page.add_init_script(WATCH_CSP)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"pageerror: {error}"))
        self.page.on("worker", lambda worker: worker.on("console", self._console))
        self.failed: list[str] = []
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(r.url))
        cdp = self.context.new_cdp_session(self.page)
        cdp.on("Audits.issueAdded", self._issue)
        cdp.send("Audits.enable")

    def _console(self, message: Any) -> None:
        text = message.text
        if text.startswith("Failed to load resource"):
            return  # counted by URL in `failed`
        if message.type == "error" or "Refused" in text or "Content Security Policy" in text \
                or "Permissions-Policy" in text or "Pagefind web worker" in text:
            self.problems.append(f"console {message.type}: {text}")

    def _issue(self, event: dict[str, Any]) -> None:
        issue = event.get("issue", {})
        if issue.get("code") in ("ContentSecurityPolicyIssue", "PermissionsPolicyIssue"):
            self.problems.append(f"issue: {issue}")

    def violations(self) -> list[str]:
        """Everything that went wrong but the page's own status (the 404 page's 404)."""
        failed = [f"HTTP error: {url}" for url in self.failed if url != self.page.url]
        return [*self.problems, *failed, *(self.page.evaluate("window.__csp || []"))]


def wait_until(page: Any, expression: str, timeout: float = 10.0) -> None:
    """`page.wait_for_function` compiles its predicate with eval, which the policy forbids;
    `page.evaluate` goes through DevTools, outside the page's CSP."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        page.wait_for_timeout(100)


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    watched = Watched(browser)
    yield watched
    watched.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("rel", ["", EXPLAINER, "tim-kiem/", "sach-noi/", "infographic/"])
def test_no_csp_violation_on_the_main_pages(watched: Watched, sub_url: str, rel: str) -> None:
    watched.page.goto(sub_url + rel)
    watched.page.wait_for_load_state("networkidle")
    assert watched.violations() == []


@pytest.mark.browser
def test_no_csp_violation_on_the_404_page(watched: Watched, nginx: Nginx) -> None:
    # At the root: without site_url the 404 page's links are root-absolute (see mkdocs.yml).
    watched.page.goto(nginx.urls[1] + "/khong-co/")
    watched.page.wait_for_load_state("networkidle")
    expect(watched.page.locator("h1")).to_have_text("Không tìm thấy trang")
    assert watched.violations() == []


@pytest.mark.browser
def test_search_without_diacritics_runs_pagefind_under_the_policy(watched: Watched,
                                                                  sub_url: str) -> None:
    page = watched.page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(sub_url + "tim-kiem/?q=" + quote("thu viec"))
    page.wait_for_selector("#tsp-search[data-done]")
    result = page.locator("#tsp-search-results h2 a", has_text="Thử việc được bao lâu")
    expect(result).to_be_visible()
    # Pagefind's WebAssembly ran: compiled under 'wasm-unsafe-eval', not 'unsafe-eval'.
    assert any(urlsplit(url).path.endswith(".pagefind") for url in requested), requested
    assert watched.violations() == []


@pytest.mark.browser
def test_the_audiobook_plays_under_the_policy(watched: Watched, sub_url: str) -> None:
    page = watched.page
    page.goto(sub_url + EXPLAINER)
    page.get_by_role("button", name="Phát").click()
    wait_until(page, "document.querySelector('.tsp-audio audio').currentTime > 0.3")
    audio = page.locator(".tsp-audio audio")
    assert audio.evaluate("a => a.error") is None
    assert audio.evaluate("a => a.readyState") >= 2
    assert watched.violations() == []


@pytest.mark.browser
def test_the_service_worker_registers_under_the_policy(watched: Watched, sub_url: str) -> None:
    page = watched.page
    page.goto(sub_url)
    wait_until(page, "navigator.serviceWorker.controller !== null")
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == sub_url
    assert watched.violations() == []
