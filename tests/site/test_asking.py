"""The pages that ask (site/asking.py): only with a collector; exact HTML, the CSP, and in
Chromium the JS-off post, the fetch with JS, the offline queue and axe."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html as lxml_html
from playwright.sync_api import expect

from generators.config import load_config
from generators.pipeline import build
from generators.site.bundle import security_headers as bundle_headers
from generators.site.headers import (
    content_security_policy,
    csp,
    meta_content_security_policy,
    nginx_snippet,
)
from generators.site.static import asset_url
from generators.urls import QUESTION_URL, origin, survey_endpoint, survey_url
from tests.conftest import ROOT, LibraryMaker
from tests.site.conftest import Serve
from tests.site.test_accessibility import AXE_JS, AXE_TAGS, describe
from tests.site.test_html_validity import describe as describe_html
from tests.site.test_html_validity import vnu_errors

COLLECTOR = "https://gopy.example.gov.vn/thu-thap/"
SITE_URL = "https://phapluat.example.gov.vn/"
DAY = date(2026, 12, 5)  # the starter survey is open from 2026-12-01 to 2027-01-31
EXPLAINER = "lao-dong/thoi-gian-thu-viec/"
SURVEY = "khao-sat/hai-long/"
QUESTION = "hoi-dap/gui-cau-hoi/"
SURVEY_FILE = """\
title: Khảo sát thử <b>đậm</b>
opens: 2026-11-01
closes: 2026-11-30
questions:
  - id: so-lan
    type: integer
    text: Bạn đọc tủ sách mấy lần một tuần?
    required: true
    min: 0
    max: 50
"""


def starter(tmp: Path, name: str, **options: Any) -> Path:
    """The starter library (no media, no search index) built into `tmp/name`."""
    site = tmp / name
    report = build(load_config(ROOT, site_dir=site, today=DAY, search=False, stages=(),
                               **options))
    assert report.ok, [p.format() for p in report.errors]
    return site


@pytest.fixture(scope="module")
def asking_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return starter(tmp_path_factory.mktemp("asking"), "site", collector_url=COLLECTOR,
                   site_url=SITE_URL)


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return starter(tmp_path_factory.mktemp("plain"), "site", site_url=SITE_URL)


def tree(site: Path, url: str) -> Any:
    return lxml_html.fromstring((site / url / "index.html").read_bytes())


def meta_csp(page: Any) -> str:
    return str(page.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0])


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


# ---- without a collector -------------------------------------------------------------------


def test_without_a_collector_no_page_asks_anything(plain_site: Path) -> None:
    assert not (plain_site / "khao-sat").exists()
    assert not (plain_site / QUESTION_URL).exists()
    assert not (plain_site / "assets/tusach/asking").exists()
    for page in plain_site.rglob("*.html"):
        text = page.read_text("utf-8")
        assert "tsp-ask" not in text and "gopy.example" not in text, page
    page = tree(plain_site, EXPLAINER)
    assert not page.xpath("//form[@method='post']")
    assert meta_csp(page) == meta_content_security_policy()
    headers = (plain_site / "_headers").read_text("utf-8")
    assert f"Content-Security-Policy: {content_security_policy()}" in headers
    assert "asking" not in (plain_site / "sw.js").read_text("utf-8")


# ---- the CSP -------------------------------------------------------------------------------


def test_the_collectors_origin_is_allowed_to_connect_and_take_forms_only() -> None:
    assert csp(None) == csp("") == csp()
    changed = {name: sources for name, sources in csp(COLLECTOR)}
    plain = dict(csp())
    for name, sources in plain.items():
        if name in ("connect-src", "form-action"):
            assert changed[name] == (*sources, "https://gopy.example.gov.vn"), name
        else:
            assert changed[name] == sources, name
    assert changed["form-action"][0] == "'self'"
    assert "http://127.0.0.1:8080" in csp("http://127.0.0.1:8080/c/")[-2][1]
    snippet = nginx_snippet("/", COLLECTOR)
    # Every location that sets headers repeats the whole policy (nginx drops the outer
    # add_header lines there): the site, /pagefind/ and its hashed files, hashed assets, media.
    assert snippet.count("form-action 'self' https://gopy.example.gov.vn") \
        == snippet.count("Content-Security-Policy") == 5
    assert "gopy" not in nginx_snippet("/")


def test_url_rules_and_the_bundles_headers() -> None:
    assert survey_url("hai-long") == "khao-sat/hai-long/"
    assert survey_endpoint("hai-long") == "surveys/hai-long"
    assert origin("https://gopy.example.gov.vn:8443/a/b/") == "https://gopy.example.gov.vn:8443"
    launcher = json.loads(bundle_headers(COLLECTOR))
    assert launcher["Content-Security-Policy"] == content_security_policy(COLLECTOR)
    assert json.loads(bundle_headers())["Content-Security-Policy"] == content_security_policy()


def test_with_a_collector_the_site_allows_it_in_headers_and_pages(asking_site: Path) -> None:
    headers = (asking_site / "_headers").read_text("utf-8")
    assert f"Content-Security-Policy: {content_security_policy(COLLECTOR)}" in headers
    for url in ("", EXPLAINER, SURVEY, QUESTION, "en/lao-dong/thoi-gian-thu-viec/"):
        policy = directives(meta_csp(tree(asking_site, url)))
        assert policy["connect-src"] == ["'self'", "https://gopy.example.gov.vn"], url
        assert policy["form-action"] == ["'self'", "https://gopy.example.gov.vn"], url
        assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"], url


# ---- the pages -----------------------------------------------------------------------------


def hidden(form: Any) -> dict[str, str]:
    return {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}


def assert_honeypot_and_thanks(page: Any, form: Any, thanks: str) -> None:
    trap = form.xpath(".//input[@name='website']")[0]
    assert trap.get("tabindex") == "-1" and trap.get("autocomplete") == "off"
    box = trap.getparent()
    assert box.get("aria-hidden") == "true" and "tsp-hp" in box.get("class")
    assert box.xpath(f".//label[@for='{trap.get('id')}']")
    block = page.xpath(f"//*[@id='{thanks}']")[0]
    assert block.get("role") == "status" and block.get("tabindex") == "-1"
    assert "tsp-thanks" in block.get("class")


def test_explainer_ends_with_the_feedback_form(asking_site: Path) -> None:
    page = tree(asking_site, EXPLAINER)
    form = page.xpath("//section[contains(@class,'tsp-feedback')]/form")[0]
    assert form.get("method") == "post" and form.get("action") == f"{COLLECTOR}feedback"
    assert form.xpath("string(.//h2)") == "Trang này có hữu ích không?"
    assert hidden(form) == {"page": EXPLAINER, "lang": "vi", "return": SITE_URL + EXPLAINER}
    buttons = [(b.get("type"), b.get("name"), b.get("value"), b.text_content())
               for b in form.xpath(".//button[@name='useful']")]
    assert buttons == [("submit", "useful", "co", "Có"), ("submit", "useful", "khong", "Không")]
    text = form.xpath(".//textarea")[0]
    assert text.get("name") == "text" and text.get("maxlength") == "1000"
    assert text.get("required") is None
    assert not text.xpath("ancestor::*[@hidden]")  # visible without JavaScript
    label = form.xpath(f".//label[@for='{text.get('id')}']")[0]
    assert label.text_content() == "Bạn đang tìm gì / điều gì chưa đúng? (không bắt buộc)"
    for ref in text.get("aria-describedby").split():
        assert page.xpath(f"//*[@id='{ref}']"), ref
    assert form.xpath(".//*[@role='status']")
    assert_honeypot_and_thanks(page, form, "da-gui-phan-hoi")
    # The last section of the article, and its assets are loaded.
    assert page.xpath("//link[@rel='stylesheet']/@href[contains(.,'asking/asking.')]")
    assert page.xpath(f"//script/@src[contains(.,'{asset_url('asking/asking.js')}')]")


def test_translation_feedback_is_in_the_pages_language(asking_site: Path) -> None:
    url = "en/lao-dong/thoi-gian-thu-viec/"
    form = tree(asking_site, url).xpath("//section[contains(@class,'tsp-feedback')]/form")[0]
    assert form.xpath("string(.//h2)") == "Was this page useful?"
    assert [b.text_content() for b in form.xpath(".//button[@name='useful']")] == ["Yes", "No"]
    assert hidden(form) == {"page": url, "lang": "en", "return": SITE_URL + url}
    # H'Mông has no interface strings: Vietnamese, marked as such.
    hmn = tree(asking_site, "hmn/lao-dong/thoi-gian-thu-viec/")
    heading = hmn.xpath("//section[contains(@class,'tsp-feedback')]//h2")[0]
    assert heading.xpath("string(span[@lang='vi'])") == "Trang này có hữu ích không?"


def test_survey_page_is_one_accessible_form(asking_site: Path) -> None:
    page = tree(asking_site, SURVEY)
    forms = page.xpath("//form")
    form = [f for f in forms if f.get("method") == "post"]
    assert len(form) == 1
    form = form[0]
    assert form.get("action") == f"{COLLECTOR}surveys/hai-long"
    assert hidden(form) == {"return": SITE_URL + SURVEY}
    sets = form.xpath(".//fieldset")
    assert [s.xpath("string(legend)").strip() for s in sets] == [
        "Bạn hài lòng thế nào với tủ sách? (bắt buộc)", "Bạn là", "Bạn đã dùng những gì?",
        "Bạn muốn tủ sách có thêm nội dung gì?"]
    rating = sets[0].xpath(".//input")
    assert [(i.get("type"), i.get("name"), i.get("value"), "required" in i.attrib)
            for i in rating] == [("radio", "q.hai-long", str(n), True) for n in range(1, 6)]
    assert [page.xpath(f"string(//label[@for='{i.get('id')}'])") for i in rating] == [
        "Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"]
    first = sets[1].xpath(".//input")[0]
    assert (first.get("type"), first.get("value"), "required" in first.attrib) \
        == ("radio", "Người dân", False)
    multiple = sets[2].xpath(".//input")
    assert {i.get("type") for i in multiple} == {"checkbox"}
    assert {i.get("name") for i in multiple} == {"q.dung-gi"}
    text = sets[3].xpath(".//textarea")[0]
    assert text.get("name") == "q.gop-y" and text.get("maxlength") == "1000"
    assert sets[3].xpath(f"legend/label[@for='{text.get('id')}']")
    for described in [*sets[:3], text]:
        refs = described.get("aria-describedby").split()
        assert [page.xpath(f"//*[@id='{r}']/@class")[0] for r in refs] == [
            "tsp-form__hint", "tsp-form__error"]
    dates = page.xpath("string(//p[@class='tsp-survey__dates'])")
    assert "01/12/2026" in dates and "31/01/2027" in dates and "đang mở" in dates
    assert_honeypot_and_thanks(page, form, "da-gui-khao-sat")
    assert page.xpath("//*[@data-pagefind-ignore]")


def test_survey_list_and_home_link(asking_site: Path) -> None:
    listing = tree(asking_site, "khao-sat/")
    assert listing.xpath("//a[@href='hai-long/']/text()") == [
        "Khảo sát mức độ hài lòng với Tủ sách pháp luật số"]
    assert listing.xpath("//a[@href='../hoi-dap/gui-cau-hoi/']")
    assert tree(asking_site, "").xpath("//a[@href='khao-sat/']")


def test_question_page(asking_site: Path) -> None:
    page = tree(asking_site, QUESTION)
    form = page.xpath("//form[@method='post']")[0]
    assert form.get("action") == f"{COLLECTOR}questions"
    assert hidden(form) == {"page": "", "return": SITE_URL + QUESTION}
    question = form.xpath(".//textarea[@name='question']")[0]
    assert (question.get("minlength"), question.get("maxlength"), "required" in question.attrib) \
        == ("10", "2000", True)
    options = form.xpath(".//select[@name='field']/option")
    assert options[0].get("value") == ""
    assert [o.get("value") for o in options[1:]][:2] == ["lao-dong", "dat-dai"]
    contact = form.xpath(".//input[@name='contact']")[0]
    assert contact.get("required") is None
    for control in (question, form.xpath(".//select")[0], contact):
        assert page.xpath(f"//label[@for='{control.get('id')}']"), control.get("name")
    assert "không bao giờ được công bố" in page.xpath("string(//section)")
    assert_honeypot_and_thanks(page, form, "da-gui-cau-hoi")
    # Each explainer links to it, saying where it came from.
    link = tree(asking_site, EXPLAINER).xpath("//p[@class='tsp-feedback__ask']/a/@href")
    assert link == ["../../hoi-dap/gui-cau-hoi/?trang=lao-dong/thoi-gian-thu-viec/"]


def test_the_asking_pages_are_valid_html(asking_site: Path) -> None:
    pages = [asking_site / url / "index.html" for url in
             ("", EXPLAINER, "en/lao-dong/thoi-gian-thu-viec/", "hmn/lao-dong/thoi-gian-thu-viec/",
              SURVEY, "khao-sat/", QUESTION)]
    errors = vnu_errors(pages)
    assert errors == [], describe_html(errors, asking_site)


def test_without_site_url_no_return_field_and_closed_survey_notice(
        tmp_library: LibraryMaker, tmp_path: Path) -> None:
    root = tmp_library({"surveys/cu.yml": SURVEY_FILE})
    site = tmp_path / "site"
    report = build(load_config(root, site_dir=site, today=DAY, search=False,
                               collector_url="http://127.0.0.1:9/c"))
    assert report.ok, [p.format() for p in report.errors]
    page = tree(site, "khao-sat/cu/")
    assert page.xpath("//h1/text()") == ["Khảo sát thử <b>đậm</b>"]  # text, escaped
    assert not page.xpath("//form[@method='post']")
    assert "đã kết thúc ngày 30/11/2026" in page.xpath("string(//p[@class='tsp-notice'])")
    form = tree(site, "lao-dong/thu-viec/").xpath("//form[@method='post']")[0]
    assert form.get("action") == "http://127.0.0.1:9/c/feedback"
    assert "return" not in hidden(form)


def test_an_integer_question(tmp_library: LibraryMaker, tmp_path: Path) -> None:
    root = tmp_library({"surveys/so.yml": SURVEY_FILE.replace("closes: 2026-11-30\n", "")})
    site = tmp_path / "site"
    assert build(load_config(root, site_dir=site, today=DAY, search=False,
                             collector_url=COLLECTOR)).ok
    number = tree(site, "khao-sat/so/").xpath("//input[@name='q.so-lan']")[0]
    assert {k: number.get(k) for k in ("type", "min", "max", "inputmode", "required")} == {
        "type": "number", "min": "0", "max": "50", "inputmode": "numeric", "required": ""}


# ---- in Chromium ---------------------------------------------------------------------------


class FakeCollector:
    """A stdlib stand-in for the collector on 127.0.0.1: records each POST and answers as
    the real one does (JSON for fetch, 303 back to `return#da-gui-…` for a plain post)."""

    THANKS: ClassVar[dict[str, str]] = {"feedback": "da-gui-phan-hoi",
                                        "surveys": "da-gui-khao-sat",
                                        "questions": "da-gui-cau-hoi"}

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        self.down = False
        collector = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                fields = parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True)
                path = urlsplit(self.path).path
                json_wanted = "application/json" in (self.headers.get("Accept") or "")
                collector.posts.append({"path": path, "fields": fields, "json": json_wanted})
                kind = path.split("/")[2]
                if json_wanted:
                    bad = "loi" in fields.get("question", [""])[0]
                    answer = {"ok": False, "message": "Có ô chưa đúng (máy chủ thử).",
                              "errors": {"question": "Câu hỏi quá ngắn (máy chủ thử)."}} if bad \
                        else {"ok": True, "message": "Đã nhận, cảm ơn bạn (máy chủ thử)."}
                    body = json.dumps(answer, ensure_ascii=False).encode()
                    self.send_response(400 if bad else 201)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Access-Control-Allow-Origin", "*")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                self.send_response(303)
                self.send_header("Location", f"{fields['return'][0]}#{collector.THANKS[kind]}")
                self.send_header("Content-Length", "0")
                self.end_headers()

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/c/"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture(scope="module")
def collector() -> Iterator[FakeCollector]:
    fake = FakeCollector()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, serve: Serve,
           collector: FakeCollector) -> str:
    """The starter library with the fake collector, served on another port (origin)."""
    tmp = tmp_path_factory.mktemp("asking-served")
    url = serve(tmp / "site")  # the address first: the forms' `return` needs it
    starter(tmp, "site", collector_url=collector.url, site_url=url)
    return url


def context_page(browser: Any, javascript: bool = True) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(java_script_enabled=javascript, locale="vi-VN",
                                  service_workers="block")
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    return context, page, problems


def queue_sent(page: Any) -> None:
    """Wait until the offline queue is empty (polled from here: the page's CSP forbids the
    eval that wait_for_function uses on a string)."""
    for _ in range(100):
        if page.evaluate("() => localStorage.getItem('tsp-asking-queue')") is None:
            return
        page.wait_for_timeout(100)
    raise AssertionError("the kept answers were not sent")


@pytest.mark.browser
def test_without_javascript_the_feedback_form_posts_and_thanks(
        browser: Any, served: str, collector: FakeCollector) -> None:
    context, page, problems = context_page(browser, javascript=False)
    try:
        page.goto(served + EXPLAINER)
        expect(page.locator("#da-gui-phan-hoi")).to_be_hidden()
        page.locator("#phan-hoi-text").fill("Thiếu ví dụ về thử việc")
        before = len(collector.posts)
        page.get_by_role("button", name="Không", exact=True).click()
        page.wait_for_url(f"{served}{EXPLAINER}#da-gui-phan-hoi")
        expect(page.locator("#da-gui-phan-hoi")).to_be_visible()
        expect(page.locator("#da-gui-phan-hoi")).to_have_text("Cảm ơn bạn đã góp ý.")
        post = collector.posts[before]
        assert post["path"] == "/c/feedback" and not post["json"]
        assert post["fields"] == {"page": [EXPLAINER], "lang": ["vi"],
                                  "useful": ["khong"], "text": ["Thiếu ví dụ về thử việc"],
                                  "return": [served + EXPLAINER], "website": [""]}
        assert not [p for p in problems if "Content Security Policy" in p], problems
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_the_survey_posts_every_answer(
        browser: Any, served: str, collector: FakeCollector) -> None:
    context, page, problems = context_page(browser, javascript=False)
    try:
        page.goto(served + SURVEY)
        page.get_by_label("Hài lòng", exact=True).check()
        page.get_by_label("Người dân").check()
        page.get_by_label("Đọc bài").check()
        page.get_by_label("Nghe sách nói").check()
        before = len(collector.posts)
        page.get_by_role("button", name="Gửi câu trả lời").click()
        page.wait_for_url(f"{served}{SURVEY}#da-gui-khao-sat")
        expect(page.locator("#da-gui-khao-sat")).to_be_visible()
        fields = collector.posts[before]["fields"]
        assert collector.posts[before]["path"] == "/c/surveys/hai-long"
        assert fields["q.hai-long"] == ["4"] and fields["q.doi-tuong"] == ["Người dân"]
        assert fields["q.dung-gi"] == ["Đọc bài", "Nghe sách nói"]
        assert not [p for p in problems if "Content Security Policy" in p], problems
    finally:
        context.close()


@pytest.mark.browser
def test_with_javascript_feedback_is_fetched_and_the_message_announced(
        browser: Any, served: str, collector: FakeCollector) -> None:
    context, page, problems = context_page(browser)
    try:
        page.goto(served + EXPLAINER)
        text = page.locator("#phan-hoi-text")
        expect(text).to_be_hidden()  # the question first
        page.get_by_role("button", name="Có", exact=True).click()
        expect(text).to_be_focused()
        text.fill("Rất rõ")
        before = len(collector.posts)
        page.get_by_role("button", name="Gửi góp ý").click()
        status = page.locator(".tsp-feedback .tsp-form__status")
        expect(status).to_have_text("Đã nhận, cảm ơn bạn (máy chủ thử).")
        assert page.url == served + EXPLAINER  # no navigation
        post = collector.posts[before]
        assert post["json"] and post["fields"]["useful"] == ["co"]
        assert post["fields"]["text"] == ["Rất rõ"]
        assert len(collector.posts) == before + 1
        assert not problems, problems
    finally:
        context.close()


@pytest.mark.browser
def test_with_javascript_field_errors_show_at_their_field(
        browser: Any, served: str, collector: FakeCollector) -> None:
    context, page, _ = context_page(browser)
    try:
        page.goto(f"{served}{QUESTION}?trang=lao-dong/thoi-gian-thu-viec/")
        question = page.locator("#cau-hoi")
        question.fill("Câu hỏi có chữ loi để máy chủ thử báo lỗi")
        before = len(collector.posts)
        page.get_by_role("button", name="Gửi câu hỏi").click()
        expect(page.locator("#cau-hoi-loi")).to_have_text("Câu hỏi quá ngắn (máy chủ thử).")
        expect(question).to_have_attribute("aria-invalid", "true")
        expect(question).to_be_focused()
        expect(page.locator("form .tsp-form__status")).to_have_text(
            "Có ô chưa đúng (máy chủ thử).")
        assert collector.posts[before]["fields"]["page"] == ["lao-dong/thoi-gian-thu-viec/"]
    finally:
        context.close()


@pytest.mark.browser
def test_offline_the_answer_is_kept_and_sent_when_the_network_is_back(
        browser: Any, served: str, collector: FakeCollector) -> None:
    context, page, _ = context_page(browser)
    try:
        page.goto(served + EXPLAINER)
        context.set_offline(True)
        page.get_by_role("button", name="Không", exact=True).click()
        page.locator("#phan-hoi-text").fill("Gửi khi có mạng")
        before = len(collector.posts)
        page.get_by_role("button", name="Gửi góp ý").click()
        expect(page.locator(".tsp-feedback .tsp-form__status")).to_have_text(
            "Chưa có mạng: câu trả lời sẽ được gửi khi có mạng trở lại")
        assert len(collector.posts) == before
        kept = json.loads(page.evaluate("localStorage.getItem('tsp-asking-queue')"))
        assert [parse_qs(item["body"])["text"] for item in kept] == [["Gửi khi có mạng"]]
        context.set_offline(False)
        queue_sent(page)
        post = collector.posts[before]
        assert post["fields"]["text"] == ["Gửi khi có mạng"]
        assert post["fields"]["useful"] == ["khong"]
    finally:
        context.close()


@pytest.mark.browser
def test_an_answer_kept_offline_is_sent_on_the_next_visit(
        browser: Any, served: str, collector: FakeCollector) -> None:
    context, page, _ = context_page(browser)
    try:
        page.goto(served + "khao-sat/")
        body = "page=lao-dong%2Fthoi-gian-thu-viec%2F&useful=co&text=&lang=vi&website="
        page.evaluate("item => localStorage.setItem('tsp-asking-queue', JSON.stringify([item]))",
                      {"action": collector.url + "feedback", "body": body})
        before = len(collector.posts)
        page.reload()
        queue_sent(page)
        assert collector.posts[before]["fields"]["useful"] == ["co"]
        expect(page.locator("form .tsp-form__status")).to_have_count(0)  # the list: no form
    finally:
        context.close()


@pytest.mark.browser
def test_an_answer_without_the_text_is_sent_when_the_reader_leaves(
        browser: Any, served: str, collector: FakeCollector) -> None:
    context, page, _ = context_page(browser)
    try:
        page.goto(served + EXPLAINER)
        before = len(collector.posts)
        page.get_by_role("button", name="Có", exact=True).click()
        page.goto(served + "khao-sat/")
        for _ in range(50):  # the beacon arrives on its own
            if len(collector.posts) > before:
                break
            page.wait_for_timeout(100)
        post = collector.posts[before]
        assert post["fields"]["useful"] == ["co"] and post["fields"]["text"] == [""]
        page.wait_for_timeout(300)
        assert len(collector.posts) == before + 1
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("url", [EXPLAINER, SURVEY, QUESTION, "khao-sat/",
                                 f"{SURVEY}#da-gui-khao-sat"])
def test_axe_finds_no_violations_on_the_asking_pages(browser: Any, served: str,
                                                     url: str) -> None:
    context, page, _ = context_page(browser)
    try:
        page.goto(served + url)
        page.evaluate(AXE_JS.read_text("utf-8"))
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        assert results["passes"]
        assert results["violations"] == [], f"{url}:\n{describe(results['violations'])}"
    finally:
        context.close()
