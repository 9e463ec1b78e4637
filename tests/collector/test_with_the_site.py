"""The real collector behind the real built site: a reader without JavaScript rates a page,
answers the satisfaction survey and sends a question; the records and the report show it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import expect

from generators.collector import storage
from generators.collector.app import UVICORN, create_app
from generators.collector.report import run_report
from generators.collector.settings import Settings
from generators.config import load_config
from generators.library import load_library
from generators.pipeline import build
from tests.collector.conftest import _free_port, wait_until
from tests.conftest import ROOT
from tests.site.conftest import LocalServer

DAY = date(2026, 12, 5)  # the starter survey takes answers from 2026-12-01 to 2027-01-31
EXPLAINER = "lao-dong/thoi-gian-thu-viec/"


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Any]]:
    """(site URL, collector URL, engine): the starter site built with the collector's URL,
    both served on loopback on their own ports (two origins, as in production)."""
    tmp = tmp_path_factory.mktemp("with-site")
    (tmp / "site").mkdir()
    static = LocalServer(tmp / "site")
    site_url = static.url
    port = _free_port()
    collector_url = f"http://127.0.0.1:{port}/"
    report = build(load_config(ROOT, site_dir=tmp / "site", today=DAY, search=False, stages=(),
                               site_url=site_url, collector_url=collector_url))
    assert report.ok, [p.format() for p in report.errors]
    library, problems = load_library(ROOT, DAY)
    assert library is not None, problems.errors
    engine = storage.engine_for(f"sqlite:///{tmp / 'collector.sqlite3'}")
    storage.migrate(engine)
    settings = Settings.from_library(library, site_url, engine, today=lambda: DAY)
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                           log_level="warning", **UVICORN))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_until(lambda: server.started)
    yield site_url, collector_url, engine
    server.should_exit = True
    thread.join(30)
    static.stop()


@pytest.mark.browser
def test_a_reader_without_javascript_is_heard(browser: Any,
                                              running: tuple[str, str, Any]) -> None:
    site_url, _, engine = running
    context = browser.new_context(java_script_enabled=False, locale="vi-VN",
                                  service_workers="block")
    context.set_default_timeout(15_000)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text
            else None)
    try:
        page.goto(site_url + EXPLAINER)
        page.locator("#phan-hoi-text").fill("Thiếu ví dụ, gọi tôi 0912 345 678")
        page.get_by_role("button", name="Không", exact=True).click()
        page.wait_for_url(f"{site_url}{EXPLAINER}#da-gui-phan-hoi")
        expect(page.locator("#da-gui-phan-hoi")).to_be_visible()

        page.goto(site_url + "khao-sat/hai-long/")
        page.get_by_label("Hài lòng", exact=True).check()
        page.get_by_label("Người dân", exact=True).check()
        page.get_by_role("button", name="Gửi").click()
        page.wait_for_url(f"{site_url}khao-sat/hai-long/#da-gui-khao-sat")
        expect(page.locator("#da-gui-khao-sat")).to_be_visible()

        page.goto(site_url + "hoi-dap/gui-cau-hoi/")
        page.locator("textarea[name=question]").fill(
            "cong ty bat thu viec 3 thang co dung luat khong")
        page.get_by_role("button", name="Gửi").click()
        page.wait_for_url(f"{site_url}hoi-dap/gui-cau-hoi/#da-gui-cau-hoi")
    finally:
        context.close()
    assert refused == []
    stored = {r["kind"]: r for r in storage.records(engine)}
    assert set(stored) == {"feedback", "survey", "question"}
    feedback, survey, question = stored["feedback"], stored["survey"], stored["question"]
    assert (feedback["page"], feedback["useful"]) == (EXPLAINER, False)
    assert "0912" not in feedback["text"] and "[số điện thoại]" in feedback["text"]
    assert survey["survey"] == "hai-long" and survey["answers"]["hai-long"] == 4
    assert question["question"].startswith("cong ty bat thu viec") and question["field"] is None
    library, _ = load_library(ROOT, DAY)
    assert library is not None
    figures = json.loads(run_report(storage.records(engine), library, "json"))
    satisfaction = figures["satisfaction"][0]
    assert (satisfaction["survey"], satisfaction["n"], satisfaction["satisfied"]) == (
        "hai-long", 1, 1)
    assert satisfaction["verdict"] == "undecided"
    (asked,) = figures["questions"]["fields"]
    assert asked["field"] == "lao-dong" and asked["agency"]["name"]
    assert "Thiếu ví dụ" not in json.dumps({k: v for k, v in figures.items()
                                            if k != "for_editors"}, ensure_ascii=False)
