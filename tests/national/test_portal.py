"""End to end: three synthetic provinces built and mirrored into a file:// repository, the
national portal built from it by `build.py national`, and its merged search in headless
Chromium against the provinces served by nginx with the committed snippet."""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest

import build
from tests.national.conftest import Country, headers_for
from tests.national.synthetic import SHARED

ATOM = "{http://www.w3.org/2005/Atom}"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
DC = "{http://purl.org/dc/elements/1.1/}"


def head(url: str, origin: str | None = None) -> tuple[int, dict[str, str]]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.request("GET", parts.path, headers={"Origin": origin} if origin else {})
        response = connection.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


@pytest.fixture(scope="module")
def portal(country: Country, portal_server: tuple[Path, str],
           tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The portal built from the repository, with a fourth prefix whose mirror never
    committed (objects but no manifest.json)."""
    site, url = portal_server
    stray = country.repository / "yen-bai" / "objects" / "ab" / ("ab" + "0" * 62)
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"an upload that was never committed")
    root = tmp_path_factory.mktemp("national-root")
    argv = ["national", "--root", str(root), "--repository", f"file://{country.repository}",
            "--site-dir", str(site), "--site-url", url]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = build.main(argv)
    return {"status": status, "out": out.getvalue(), "err": err.getvalue(), "site": site,
            "url": url, "argv": argv}


def test_the_build_reports_and_leaves_out_a_province_without_manifest(
        portal: dict[str, Any], country: Country) -> None:
    assert portal["status"] == 0, portal["err"]
    assert portal["err"] == (f"⚠ file://{country.repository}/yen-bai: không có manifest.json "
                             "(chưa sao lưu xong lần nào) — bỏ qua tỉnh này\n")
    assert portal["out"].startswith("✓ Cổng quốc gia: 3 tỉnh, bỏ qua 1 tỉnh, 18 bài, ")
    home = (portal["site"] / "index.html").read_text(encoding="utf-8")
    for p in country.provinces:
        assert f'<a href="tinh/{p.key}/">{p.name}</a>' in home
        assert f'<a href="{p.url}">Trang của tỉnh</a>' in home
        page = (portal["site"] / "tinh" / p.key / "index.html").read_text(encoding="utf-8")
        assert "6 bài giải thích pháp luật." in page
        assert f'<a href="{p.url}lao-dong/">Lao động</a>: 3 bài' in page
        # The newest update first, with its date, linking to the province's own page.
        assert (f'<li><a href="{p.url}lao-dong/thu-viec/">Thử việc tối đa bao lâu?</a> '
                '<time datetime="2026-11-01">01/11/2026</time></li>') in home
    assert "yen-bai" not in home and not (portal["site"] / "tinh" / "yen-bai").exists()
    assert "6 bài giải thích · lĩnh vực: Lao động (3), Đất đai (3)." in home


def test_national_exports_cover_every_province(portal: dict[str, Any],
                                               country: Country) -> None:
    site = portal["site"]
    catalogue = json.loads((site / "catalogue.json").read_bytes())
    assert catalogue["format"] == "tusach-national-catalogue/1"
    assert catalogue["date"] == "2026-11-22"  # the newest of the provinces' catalogues
    assert [p["key"] for p in catalogue["provinces"]] == ["ca-mau", "ha-giang", "lao-cai"]
    ids = [item["id"] for item in catalogue["items"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids)) == 18
    item = next(i for i in catalogue["items"] if i["id"] == "ca-mau/explainer/thu-viec")
    assert item["province"] == "ca-mau" and item["source_id"] == "explainer/thu-viec"
    assert item["url"] == "lao-dong/thu-viec/"
    oai = ET.parse(site / "oai-pmh.xml").getroot()
    host = urlsplit(portal["url"]).hostname
    identifiers = [e.text for e in oai.iter(f"{OAI}identifier")]
    assert f"oai:{host}:lao-cai/explainer/thu-viec" in identifiers and len(identifiers) == 18
    record = next(r for r in oai.iter(f"{OAI}record")
                  if r.findtext(f"{OAI}header/{OAI}identifier")
                  == f"oai:{host}:ha-giang/explainer/thu-viec")
    ha_giang = next(p for p in country.provinces if p.key == "ha-giang")
    assert record.findtext(f".//{DC}identifier") == ha_giang.url + "lao-dong/thu-viec/"
    assert record.findtext(f".//{DC}publisher") == ha_giang.name
    feed = ET.parse(site / "atom.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 18
    assert [e.findtext(f"{ATOM}updated") for e in entries] == sorted(
        (e.findtext(f"{ATOM}updated") or "" for e in entries), reverse=True)
    assert {e.findtext(f"{ATOM}author/{ATOM}name") for e in entries} == {
        p.name for p in country.provinces}


def test_a_second_build_is_byte_for_byte_the_same(portal: dict[str, Any],
                                                  tmp_path: Path) -> None:
    again = tmp_path / "again"
    argv = [*portal["argv"]]
    argv[argv.index("--site-dir") + 1] = str(again)
    assert build.main(argv) == 0
    for name in ("catalogue.json", "oai-pmh.xml", "atom.xml", "index.html",
                 "tim-kiem/index.html", "pagefind/pagefind-entry.json", "_headers"):
        assert (again / name).read_bytes() == (portal["site"] / name).read_bytes(), name


def test_cors_only_on_the_provinces_pagefind(country: Country) -> None:
    p = country.provinces[0]
    entry = json.loads((p.site / "pagefind" / "pagefind-entry.json").read_bytes())
    chunk = next((p.site / "pagefind" / "fragment").iterdir()).name
    for path in ("pagefind/pagefind-entry.json", f"pagefind/fragment/{chunk}",
                 "pagefind/pagefind.js"):
        status, headers = head(p.url + path, origin="http://127.0.0.1:1")
        assert status == 200 and headers["access-control-allow-origin"] == "*", path
    _, headers = head(p.url + f"pagefind/fragment/{chunk}")
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    for path in ("", "lao-dong/thu-viec/", "catalogue.json", "tim-kiem/"):
        status, headers = head(p.url + path, origin="http://127.0.0.1:1")
        assert status == 200 and "access-control-allow-origin" not in headers, path
    assert entry["languages"]
    rules = (p.site / "_headers").read_text(encoding="utf-8")
    assert rules.count("Access-Control-Allow-Origin") == 1
    assert ("Access-Control-Allow-Origin", "*") in headers_for(p.site / "_headers",
                                                                "/pagefind/pagefind.js")
    assert ("Access-Control-Allow-Origin", "*") not in headers_for(p.site / "_headers",
                                                                    "/lao-dong/thu-viec/")


def test_the_portals_policy_names_the_provinces_in_connect_src_only(
        portal: dict[str, Any], country: Country) -> None:
    policy = dict(headers_for(portal["site"] / "_headers", "/tim-kiem/"))[
        "Content-Security-Policy"]
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    origins = " ".join(sorted(p.url.rstrip("/") for p in country.provinces))
    assert directives["connect-src"] == f"'self' {origins}"
    assert directives["script-src"] == "'self' 'wasm-unsafe-eval'"
    assert all("127.0.0.1" not in v for k, v in directives.items() if k != "connect-src")


def search(browser: Any, url: str, query: str, blocked: str | None = None) -> Any:
    page = browser.new_page()
    failures: list[str] = []
    page.on("console", lambda m: failures.append(m.text) if "Content Security Policy" in m.text
            else None)
    if blocked:
        page.route(f"{blocked}**", lambda route: route.abort())
    page.goto(f"{url}tim-kiem/")
    page.fill("#q", query)
    page.press("#q", "Enter")
    page.wait_for_selector(f'[data-national-search][data-done="{query}"]', timeout=20000)
    assert not failures, failures
    return page


def provinces_shown(page: Any) -> list[str]:
    return list(page.eval_on_selector_all(".result .where", "els => els.map(e => "
                                          "e.getAttribute('data-province'))"))


def test_one_search_finds_every_province(browser: Any, portal: dict[str, Any],
                                         country: Country) -> None:
    page = search(browser, portal["url"], SHARED)
    try:
        assert set(provinces_shown(page)) >= {p.name for p in country.provinces}
        status = page.text_content(".status")
        assert status and status.endswith(f"kết quả cho “{SHARED}”.")
        assert page.is_hidden(".unreachable")
        links = page.eval_on_selector_all(".result h2 a", "els => els.map(e => e.href)")
        assert all(any(link.startswith(p.url) for p in country.provinces) for link in links)
        # The province filter: only Cà Mau.
        for p in country.provinces:
            if p.key != "ca-mau":
                page.uncheck(f'input[name=tinh][value="{p.name}"]')
        page.wait_for_function("() => document.querySelector('[data-national-search]')"
                               ".getAttribute('data-done')")
        shown = provinces_shown(page)
        assert shown and set(shown) == {"Tủ sách pháp luật Cà Mau"}
    finally:
        page.close()


def test_a_word_of_one_province_finds_only_it(browser: Any, portal: dict[str, Any],
                                              country: Country) -> None:
    lao_cai = next(p for p in country.provinces if p.key == "lao-cai")
    page = search(browser, portal["url"], lao_cai.word)
    try:
        # Pagefind also offers pages holding a prefix of the word (its fallback): the one
        # page that holds the word itself comes first, and no other holds it.
        assert provinces_shown(page)[0] == lao_cai.name
        assert page.get_attribute(".result h2 a", "href") == lao_cai.url + "lao-dong/thu-viec/"
        marked = page.eval_on_selector_all(".result", "els => els.map(e => "
                                           "Array.from(e.querySelectorAll('mark'), "
                                           "m => m.textContent.replace(/[.,]$/, '')))")
        assert [lao_cai.word in words for words in marked] == [True] + [False] * (len(marked) - 1)
        status = page.text_content(".status")
        assert status == f"{len(marked)} kết quả cho “{lao_cai.word}”."
    finally:
        page.close()


def test_a_provinces_name_finds_its_page_on_the_portal(browser: Any,
                                                      portal: dict[str, Any]) -> None:
    page = search(browser, portal["url"], "Cà Mau")
    try:
        assert page.get_attribute(".result h2 a", "href") == f"{portal['url']}tinh/ca-mau/"
        assert provinces_shown(page)[0] == "Tủ sách pháp luật Cà Mau"
    finally:
        page.close()


def test_an_unreachable_province_is_named_and_the_others_answer(
        browser: Any, portal: dict[str, Any], country: Country) -> None:
    down = country.provinces[1]
    page = search(browser, portal["url"], SHARED, blocked=down.url)
    try:
        assert page.text_content(".unreachable") == (
            f"Không kết nối được chỉ mục tìm kiếm của: {down.name}. Kết quả dưới đây là của "
            "các tỉnh còn lại.")
        shown = set(provinces_shown(page))
        assert shown == {p.name for p in country.provinces} - {down.name}
    finally:
        page.close()


def test_without_javascript_the_search_page_links_each_province(
        browser: Any, portal: dict[str, Any], country: Country) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{portal['url']}tim-kiem/")
        links = page.eval_on_selector_all(".fallback a", "els => els.map(e => e.href)")
        assert links == [f"{p.url}tim-kiem/" for p in
                         sorted(country.provinces, key=lambda p: p.name)]
        assert page.is_visible(".nojs") and page.is_hidden("form")
    finally:
        context.close()


def test_no_readable_province_keeps_the_last_portal(portal: dict[str, Any],
                                                    tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "kho"
    shutil.copytree(Path(portal["argv"][portal["argv"].index("--repository") + 1]
                         .removeprefix("file://")) / "yen-bai", empty / "yen-bai")
    before = (portal["site"] / "index.html").read_bytes()
    argv = [*portal["argv"]]
    argv[argv.index("--repository") + 1] = f"file://{empty}"
    assert build.main(argv) == 1
    assert capsys.readouterr().err == (
        f"✗ file://{empty}: không đọc được tỉnh nào — cổng quốc gia giữ nguyên bản trước\n"
        f"  file://{empty}/yen-bai: không có manifest.json (chưa sao lưu xong lần nào) — bỏ "
        "qua tỉnh này\n")
    assert (portal["site"] / "index.html").read_bytes() == before


def test_the_national_oai_file_is_valid_through_a_gateway(portal: dict[str, Any],
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          country: Country) -> None:
    from lxml import etree

    from tests.exports.test_oai import XSD, Gateway, sickle_module

    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    gateway = Gateway(portal["site"] / "oai-pmh.xml")
    try:
        harvester = sickle_module().Sickle(gateway.url, max_retries=0, timeout=10)
        assert harvester.Identify().repositoryName == "Tủ sách pháp luật số — cổng quốc gia"
        records = list(harvester.ListRecords(metadataPrefix="oai_dc"))
        assert len(records) == 18
        assert {r.metadata["publisher"][0] for r in records} == {
            p.name for p in country.provinces}
        schema = etree.XMLSchema(etree.parse(str(XSD)))
        for response in gateway.responses:
            assert schema.validate(etree.fromstring(response)), schema.error_log
    finally:
        gateway.stop()


def test_the_national_feed_parses(portal: dict[str, Any]) -> None:
    import feedparser

    feed = feedparser.parse((portal["site"] / "atom.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Tủ sách pháp luật số — cổng quốc gia"
    assert all(entry.link.startswith("http://127.0.0.1:") for entry in feed.entries)


@pytest.mark.parametrize("url", ["", "tinh/ca-mau/", "tim-kiem/?q=" + SHARED])
def test_axe_finds_no_violations_on_the_portal(browser: Any, portal: dict[str, Any],
                                               url: str) -> None:
    from tests.site.test_accessibility import AXE_JS, AXE_TAGS, describe

    page = browser.new_page()
    try:
        page.goto(portal["url"] + url)
        if url.startswith("tim-kiem/"):
            page.wait_for_selector(f'[data-national-search][data-done="{SHARED}"]')
        page.evaluate(AXE_JS.read_text("utf-8"))
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        assert results["passes"], "axe ran no checks"
        assert results["violations"] == [], describe(results["violations"])
    finally:
        page.close()


def test_the_portals_pages_are_valid_html(portal: dict[str, Any]) -> None:
    from tests.site.test_html_validity import describe, vnu_errors

    pages = sorted(portal["site"].glob("**/index.html"))
    assert len(pages) == 5
    errors = vnu_errors(pages)
    assert errors == [], describe(errors, portal["site"])
