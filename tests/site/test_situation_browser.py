"""A legal situation in headless Chromium: walked by keyboard with JavaScript (no reload,
the address is each step's page, Back and Forward go a step, the focus and the live region
follow the question), and without it (each answer a page load showing only its step); axe."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from generators.config import load_config
from generators.pipeline import build
from generators.urls import situation_step_url, situation_url
from tests.conftest import TODAY
from tests.site.conftest import Serve
from tests.site.test_answers import QUESTIONS, write_library
from tests.site.test_quiz_browser import axe, tab_to

pytestmark = pytest.mark.browser
START = situation_url("hop-dong")
SHOWN = "section[data-tsp-step]:not([hidden])"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, serve: Serve) -> str:
    root = write_library(tmp_path_factory.mktemp("situation") / "lib")
    out = tmp_path_factory.mktemp("situation-site") / "site"
    report = build(load_config(root, site_dir=out, today=TODAY, search=False, stages=()))
    assert report.ok, [p.format() for p in report.errors]
    return serve(out)


@pytest.fixture
def reader(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A phone-sized page without a service worker, and the console's errors (a CSP
    violation is one)."""
    context = browser.new_context(locale="vi-VN", service_workers="block",
                                  viewport={"width": 400, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400
            else None)
    yield page, problems
    context.close()


def answer(page: Any, step: str) -> None:
    """Tab to the shown option leading to `step` and press Enter."""
    tab_to(page, f'{SHOWN} a[data-tsp-next="{step}"]')
    page.keyboard.press("Enter")


def at(page: Any, served: str, step: str, url: str) -> None:
    """The page shows only `step`, at its own address, with the focus on its heading and
    its question (or "Kết luận") in the live region."""
    expect(page.locator(SHOWN)).to_have_count(1)
    expect(page.locator(SHOWN)).to_have_attribute("data-tsp-step", step)
    assert page.url == served + url
    expect(page.locator(f"#buoc-{step}")).to_be_focused()
    expect(page.locator("[data-tsp-live]")).to_have_text(QUESTIONS.get(step, "Kết luận"))


def test_a_keyboard_walk_without_reloads_and_back_goes_back_a_step(
        reader: tuple[Any, list[str]], served: str) -> None:
    page, problems = reader
    page.goto(served + START)
    page.evaluate("() => { window.tspSamePage = true; }")
    answer(page, "giup-viec")
    at(page, served, "giup-viec", situation_step_url("hop-dong", "giup-viec"))
    # The page's other addresses still lead where they did on the first step's page.
    assert page.locator(".tsp-crumbs a").first.evaluate("a => a.href") == served
    answer(page, "co-the-loi-noi")
    at(page, served, "co-the-loi-noi", situation_step_url("hop-dong", "co-the-loi-noi"))
    expect(page.locator(f"{SHOWN} .tsp-step__outcome")).to_have_text(
        "Có thể giao kết bằng lời nói (< 1 tháng).")
    expect(page.locator(f"{SHOWN} .tsp-basis__list li")).to_contain_text(
        "Khoản 2 Điều 14, Bộ luật 45/2019/QH14")
    assert page.title().startswith(
        "Có thể giao kết bằng lời nói (< 1 tháng). — Tôi có phải ký hợp đồng")
    page.go_back()
    at(page, served, "giup-viec", situation_step_url("hop-dong", "giup-viec"))
    page.go_back()
    at(page, served, "thoi-han", START)
    page.go_forward()
    at(page, served, "giup-viec", situation_step_url("hop-dong", "giup-viec"))
    assert page.evaluate("() => window.tspSamePage === true")  # never reloaded
    page.reload()  # a step's address opens that step
    expect(page.locator(SHOWN)).to_have_attribute("data-tsp-step", "giup-viec")
    answer(page, "phai-van-ban")
    at(page, served, "phai-van-ban", situation_step_url("hop-dong", "phai-van-ban"))
    tab_to(page, f"{SHOWN} .tsp-step__again a")
    page.keyboard.press("Enter")
    at(page, served, "thoi-han", START)
    assert problems == []


def test_without_javascript_each_answer_loads_the_next_step(browser: Any, served: str) -> None:
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(served + START)
        for label, step in (("Dưới 1 tháng", "giup-viec"), ("Có", "phai-van-ban")):
            expect(page.locator("section[data-tsp-step]:visible")).to_have_count(1)
            page.locator("section[data-tsp-step]:visible").get_by_role(
                "link", name=label, exact=True).click()
            page.wait_for_url(served + situation_step_url("hop-dong", step))
        shown = page.locator("section[data-tsp-step]:visible")
        expect(shown).to_have_count(1)
        expect(shown.locator(".tsp-step__outcome")).to_have_text(
            "Phải giao kết hợp đồng lao động bằng văn bản.")
        expect(shown.get_by_role("link", name="Thử việc tối đa bao lâu?")).to_be_visible()
    finally:
        context.close()


def test_axe_finds_nothing_on_a_situation(reader: tuple[Any, list[str]], served: str) -> None:
    page, _ = reader
    for url in ("tinh-huong/", START, "hoi-dap/lao-dong/"):
        page.goto(served + url)
        axe(page, url)
    page.goto(served + START)
    answer(page, "phai-van-ban")
    axe(page, f"{START} (kết luận, với JavaScript)")


def test_every_step_has_a_page_that_opens_on_it(reader: tuple[Any, list[str]],
                                                served: str) -> None:
    page, problems = reader
    for step in ("giup-viec", "phai-van-ban", "co-the-loi-noi"):
        page.goto(served + situation_step_url("hop-dong", step))
        expect(page.locator(SHOWN)).to_have_attribute("data-tsp-step", step)
    assert problems == []
