"""The security and cache policy: its content, the `_headers` file, the nginx snippet, and
the built pages it relies on (no inline script, style or handler)."""

from __future__ import annotations

import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from generators.site.headers import (
    CLOUDFLARE_MAX_RULES,
    CSP,
    IMMUTABLE,
    MEDIA,
    META_CSP_IGNORED,
    NGINX_SNIPPET,
    REVALIDATE,
    SECURITY,
    cache_rule,
    content_security_policy,
    main,
    meta_content_security_policy,
    nginx_snippet,
    write_headers,
)

DATA_SCRIPTS = frozenset({"application/json", "application/ld+json"})


def test_the_policy_is_strict() -> None:
    csp = dict(CSP)
    assert csp["default-src"] == ("'self'",)
    assert csp["script-src"] == ("'self'", "'wasm-unsafe-eval'")
    assert csp["style-src"] == ("'self'",)
    assert csp["object-src"] == ("'none'",)
    assert csp["frame-ancestors"] == ("'none'",)
    for directive in ("media-src", "connect-src", "base-uri", "form-action",
                      "manifest-src", "font-src"):
        assert csp[directive] == ("'self'",), directive
    assert csp["worker-src"] == ("'self'", "blob:")  # the service worker; Pagefind's
    text = content_security_policy()
    assert "worker-src 'self' blob:;" in text
    for loose in ("'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"):
        assert f" {loose}" not in text, loose
    headers = dict(SECURITY)
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "microphone=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]


def test_the_meta_policy_is_the_header_policy_without_what_meta_cannot_carry() -> None:
    header = [d.strip() for d in content_security_policy().split(";")]
    meta = [d.strip() for d in meta_content_security_policy().split(";")]
    assert meta == [d for d in header if d.split()[0] not in META_CSP_IGNORED]
    assert header[-1] == "frame-ancestors 'none'" and "frame-ancestors" not in str(meta)
    assert "'unsafe-inline'" not in str(meta)


@pytest.mark.parametrize(("path", "rule"), [
    ("/assets/tusach/tusach.0123456789.css", IMMUTABLE),
    ("/assets/tusach/fonts/be-vietnam-pro-400.0123456789.woff2", IMMUTABLE),
    ("/assets/tusach/icons/icon-192.abcdef0123.png", IMMUTABLE),
    ("/assets/stylesheets/main.57a0d79d.min.css", IMMUTABLE),
    ("/assets/javascripts/bundle.a5f9d56c.min.js", IMMUTABLE),
    ("/pagefind/fragment/vi_7e7a62f.pf_fragment", IMMUTABLE),
    ("/pagefind/index/en_b395761.pf_index", IMMUTABLE),
    ("/pagefind/pagefind.vi_01a6e31721.pf_meta", IMMUTABLE),
    ("/pagefind/filter/vi_2af0c35.pf_filter", IMMUTABLE),
    ("/tu-sach/assets/tusach/tusach.0123456789.js", IMMUTABLE),
    ("/sach-noi/x/vi-bac.mp3", MEDIA),
    ("/sach-noi/x/vi-bac.vtt", MEDIA),
    ("/sach-noi/x/vi-bac.chapters.json", MEDIA),
    ("/video/x/web.mp4", MEDIA),
    ("/infographic/x/doc.svg", MEDIA),
    ("/the-chia-se/x.png", MEDIA),
    ("/sach-dien-tu/x.epub", MEDIA),
    ("/assets/images/favicon.png", MEDIA),
    ("/index.html", REVALIDATE),
    ("/lao-dong/", REVALIDATE),
    ("/sw.js", REVALIDATE),
    ("/manifest.webmanifest", REVALIDATE),
    ("/pagefind/pagefind.js", REVALIDATE),
    ("/pagefind/pagefind-worker.js", REVALIDATE),
    ("/pagefind/pagefind-entry.json", REVALIDATE),
    ("/pagefind/wasm.vi.pagefind", REVALIDATE),
    ("/catalogue.json", REVALIDATE),
    ("/sach-noi/podcast.xml", REVALIDATE),
    ("/sitemap.xml", REVALIDATE),
    ("/assets/tusach/fonts/OFL.txt", REVALIDATE),
    ("/tai-ve/tu-sach-phap-luat-so.zip", REVALIDATE),
])
def test_every_kind_of_file_has_its_cache_rule(path: str, rule: object) -> None:
    assert cache_rule(path) is rule


def make_site(root: Path, files: list[str]) -> Path:
    for rel in files:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x", encoding="utf-8")
    return root


def parse_headers(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a `_headers` file, checking its syntax on the way."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        assert len(line) <= 2000  # Cloudflare's limit
        if not line or line.startswith("#"):
            continue
        if line.startswith("/"):
            assert line.count("*") <= 1 and (line.endswith("*") or "*" not in line)
            rules.append((line, []))
            continue
        assert line.startswith("  ") and ": " in line, line
        name, value = line.strip().split(": ", 1)
        rules[-1][1].append((name, value))
    return rules


def matches(pattern: str, path: str) -> bool:
    return path.startswith(pattern[:-1]) if pattern.endswith("*") else path == pattern


SITE = ["index.html", "404.html", "sw.js", "manifest.webmanifest", "lao-dong/index.html",
        "lao-dong/thu-viec/index.html", "assets/tusach/tusach.0123456789.css",
        "assets/tusach/fonts/OFL.txt", "assets/tusach/fonts/a.0123456789.woff2",
        "assets/tusach/icons/i.0123456789.png", "assets/stylesheets/main.57a0d79d.min.css",
        "pagefind/pagefind.js", "pagefind/pagefind-entry.json", "pagefind/wasm.vi.pagefind",
        "pagefind/pagefind.vi_01a6e31721.pf_meta", "pagefind/fragment/vi_7e7a62f.pf_fragment",
        "sach-noi/index.html", "sach-noi/podcast.xml", "sach-noi/x/vi-bac.mp3",
        "sach-noi/x/vi-bac.vtt", "sach-noi/x/vi-bac.chapters.json", "the-chia-se/x.png",
        "index.html.br", "index.html.gz"]


@pytest.mark.parametrize("base", ["/", "/tu-sach/"])
def test_headers_file_gives_each_file_exactly_its_rule(tmp_path: Path, base: str) -> None:
    site = make_site(tmp_path, SITE)
    text = write_headers(site, base=base).read_text(encoding="utf-8")
    rules = parse_headers(text)
    assert rules[0] == (f"{base}*", list(SECURITY))
    assert len(rules) <= CLOUDFLARE_MAX_RULES
    for rel in SITE:
        if rel.endswith((".br", ".gz")):
            continue
        url = base + rel
        cache = [v for pattern, pairs in rules if matches(pattern, url)
                 for name, v in pairs if name == "Cache-Control"]
        rule = cache_rule("/" + rel)
        # Hosts add the values of every matching rule: one at most, and the right one.
        assert cache == ([] if rule is REVALIDATE else [rule.cache_control]), rel
    assert f"{base}sach-noi/x/*" in text  # a folder of media is one rule
    assert f"{base}assets/tusach/fonts/*" not in text  # the licence keeps its name


def test_headers_file_keeps_within_cloudflares_rule_limit(tmp_path: Path) -> None:
    site = make_site(tmp_path, [f"sach-noi/book-{i:03}/vi-bac.mp3" for i in range(150)]
                     + ["sach-noi/index.html", "assets/tusach/tusach.0123456789.css"])
    rules = parse_headers(write_headers(site).read_text(encoding="utf-8"))
    assert len(rules) == CLOUDFLARE_MAX_RULES
    assert ("/assets/*", [("Cache-Control", IMMUTABLE.cache_control)]) in rules


def test_the_committed_nginx_snippet_is_the_generated_one() -> None:
    assert NGINX_SNIPPET.read_text(encoding="utf-8") == nginx_snippet(), (
        "python -m generators.site.headers > deploy/nginx/tusach.conf")


def test_nginx_snippet_repeats_every_header_in_every_block() -> None:
    snippet = nginx_snippet("/tu-sach/")
    blocks = snippet.split("\nlocation ")
    for block in blocks[:-1]:  # the last one only refuses _headers
        for name, value in SECURITY:
            assert f'add_header {name} "{value}" always;' in block, name
    assert "error_page 404 /tu-sach/404.html;" in snippet
    assert "gzip_static on;" in snippet and "brotli_static on;" in snippet
    for line in ("text/vtt vtt;", "application/wasm wasm;", "application/epub+zip epub;",
                 "application/manifest+json webmanifest;", "audio/mpeg mp3;"):
        assert line in snippet


def test_the_command_prints_the_snippet(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--base", "tu-sach"]) == 0
    assert capsys.readouterr().out == nginx_snippet("/tu-sach/")


# ---- what the policy relies on in the built pages ------------------------------------------


class _InlineCode(HTMLParser):
    """Inline scripts (not data blocks), `<style>`, style attributes, event handlers and
    javascript: URLs: everything the policy forbids."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and "src" not in values:
            self._script = (values.get("type") or "text/javascript") not in DATA_SCRIPTS
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}=javascript:")

    def handle_data(self, data: str) -> None:
        if self._script and data.strip():
            self.found.append(f"inline script: {data.strip()[:60]}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = False


def test_built_pages_have_no_inline_code(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        parser = _InlineCode()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], page.relative_to(built_site)


class _Head(HTMLParser):
    """The start tags of `<head>`, in order, with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._done = True
        if not self._done and tag not in ("html", "head"):
            self.tags.append((tag, dict(attrs)))


def test_built_pages_carry_the_policy_before_any_script_or_style(built_site: Path) -> None:
    """For hosts that ignore `_headers` (GitHub Pages, some CDNs): the policy in the page,
    right after the charset, so it covers every stylesheet and script."""
    pages = sorted(built_site.rglob("*.html"))
    for page in pages:
        parser = _Head()
        parser.feed(page.read_text(encoding="utf-8"))
        name = page.relative_to(built_site)
        assert parser.tags[0] == ("meta", {"charset": "utf-8"}), name
        assert parser.tags[1] == ("meta", {"http-equiv": "Content-Security-Policy",
                                           "content": meta_content_security_policy()}), name
        policies = [a for t, a in parser.tags if t == "meta"
                    and (a.get("http-equiv") or "").lower() == "content-security-policy"]
        assert len(policies) == 1, name


@pytest.mark.browser
def test_the_meta_policy_alone_is_enforced_and_breaks_nothing(browser: Any,
                                                               base_url: str) -> None:
    """As on a host that ignores `_headers`: the stdlib server sends no policy, so only the
    pages' own applies; search (Pagefind's WebAssembly), the audio player and the service
    worker work under it, and an inline script does not run."""
    from tests.site.test_nginx import EXPLAINER, Watched, wait_until

    with urllib.request.urlopen(base_url) as response:
        assert response.headers.get("Content-Security-Policy") is None
    watched = Watched(browser)
    try:
        page = watched.page
        page.goto(base_url + "tim-kiem/?q=" + quote("thu viec"))
        page.wait_for_selector("#tsp-search[data-done]")
        expect(page.locator("#tsp-search-results h2 a").first).to_be_visible()
        ran = page.evaluate("""() => { const s = document.createElement("script");
            s.textContent = "window.__inline = true"; document.head.append(s);
            return window.__inline === true; }""")
        assert ran is False
        assert any("script-src" in v for v in watched.violations())
        watched.problems.clear()
        page.evaluate("window.__csp = []")

        page.goto(base_url + EXPLAINER)
        page.get_by_role("button", name="Phát").click()
        wait_until(page, "document.querySelector('.tsp-audio audio').currentTime > 0.3")
        wait_until(page, "navigator.serviceWorker.controller !== null")
        assert watched.violations() == []
    finally:
        watched.context.close()
