"""The whole contest, for real: the built page's form (JavaScript off) registers with the real
collector, the participant answers its attempt page and sees the score; after the contest
closes, the published key hashes to the commitment shown all along and re-grades the stored
attempt to the same score; the published results and the certificate's page follow."""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections.abc import Iterator
from contextlib import redirect_stdout
from datetime import UTC, datetime
from typing import Any

import pytest
import uvicorn
from lxml import html as lxml_html
from playwright.sync_api import expect

import build as cli
from generators.collector import storage
from generators.collector.app import UVICORN, create_app
from generators.collector.settings import Settings
from generators.config import load_config
from generators.library import read_library
from generators.pipeline import build
from generators.quiz.grading import normalise, number
from generators.urls import certificate_url, contest_key_url, contest_results_url, contest_url
from tests.collector.conftest import _free_port, wait_until
from tests.conftest import base_files
from tests.site.conftest import LocalServer
from tests.site.test_contests import AFTER, DURING, KEY, files

NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)  # 10:00 in Việt Nam, the contest open


def regrade(key: dict[str, Any], responses: dict[str, Any]) -> int:
    """Grading from the published key alone, as anyone would (single, fill and numeric)."""
    right = 0
    for item in key["questions"]:
        given, answer = responses.get(item["id"]), item["answer"]
        if item["type"] == "single":
            right += given == answer
        elif item["type"] == "fill":
            right += isinstance(given, str) and normalise(given) in map(normalise, answer)
        elif item["type"] == "numeric":
            value = number(given)
            right += value is not None and abs(value - answer["answer"]) <= answer["tolerance"]
    return right


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The library, its site built while the contest is open, served on loopback, and the
    real collector on its own port (two origins, as in production)."""
    tmp = tmp_path_factory.mktemp("flow")
    root = tmp / "lib"
    for rel, text in {**base_files(), **files()}.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(str(text), "utf-8")
    (tmp / "site").mkdir()
    static = LocalServer(tmp / "site")
    port = _free_port()
    collector_url = f"http://127.0.0.1:{port}/"
    report = build(load_config(root, site_dir=tmp / "site", today=DURING, search=False,
                               stages=(), site_url=static.url, collector_url=collector_url))
    assert report.ok, [p.format() for p in report.errors]
    library, problems = read_library(root, DURING)
    assert library is not None, problems.errors
    db = f"sqlite:///{tmp / 'collector.sqlite3'}"
    engine = storage.engine_for(db)
    storage.migrate(engine)
    settings = Settings.from_library(library, static.url, engine, clock=lambda: NOW)
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                           log_level="warning", **UVICORN))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_until(lambda: server.started)
    yield {"root": root, "tmp": tmp, "site_url": static.url, "db": db, "engine": engine,
           "collector_url": collector_url}
    server.should_exit = True
    thread.join(30)
    engine.dispose()
    static.stop()


@pytest.mark.browser
def test_register_answer_publish_and_regrade(browser: Any, running: dict[str, Any]) -> None:
    site_url, engine, root, tmp = (running[k] for k in ("site_url", "engine", "root", "tmp"))
    context = browser.new_context(java_script_enabled=False, locale="vi-VN",
                                  service_workers="block")
    context.set_default_timeout(15_000)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text
            else None)
    try:
        page.goto(site_url + contest_url(KEY))
        shown = page.locator("code.tsp-commitment").inner_text()
        page.get_by_label("Họ và tên").fill("Nguyễn Văn An")
        page.get_by_label("Số điện thoại").fill("0912 345 678")
        page.get_by_label("Đơn vị / xã").fill("Xã Tân Phú")
        page.get_by_label("Bạn đoán có bao nhiêu người dự thi?").fill("120")
        page.get_by_role("button", name="Nhận đề thi").click()
        expect(page.locator("h1")).to_have_text("Cuộc thi <script>alert(1)</script> & lao "
                                                "động")
        assert page.url.startswith(running["collector_url"] + f"contests/{KEY}/attempts")
        page.get_by_label("Hai loại").check()
        page.locator("input[name='ngan-hang/thu-viec']").fill("180")
        page.get_by_role("button", name="Nộp bài").click()
        expect(page.locator("[role=status]")).to_contain_text("Bạn trả lời đúng 2/2 câu")
        assert refused == []
    finally:
        context.close()

    (record,) = list(storage.records(engine, "attempt"))
    assert record["score"] == 2 and record["participant"]["name"] == "Nguyễn Văn An"

    # After the closing day: the key, its hash, and grading again from it alone.
    after = tmp / "after"
    assert build(load_config(root, site_dir=after, today=AFTER, search=False, stages=())).ok
    published = (after / contest_key_url(KEY)).read_bytes()
    assert "sha256:" + hashlib.sha256(published).hexdigest() == shown
    assert regrade(json.loads(published), record["responses"]) == record["score"]

    # The organisers publish the results and rebuild: the ranking and the certificate page.
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(["collector", "rankings", KEY, "--root", str(root), "--db",
                         running["db"], "--date", AFTER.isoformat(), "--quiet",
                         "--format", "json", "--out",
                         str(root / "quizzes" / "results" / f"{KEY}.json")]) == 0
    assert build(load_config(root, site_dir=after, today=AFTER, search=False, stages=())).ok
    table = lxml_html.fromstring((after / contest_results_url(KEY) / "index.html")
                                 .read_bytes()).xpath("//table[@class='tsp-ranking']")[0]
    assert [" ".join(c.text_content().split()) for c in table.xpath("tbody/tr[1]/*")][:4] == [
        "1", "N. V. A.", "Xã Tân Phú", "2/2"]
    code = record["certificate"]
    assert code and (after / certificate_url(KEY, code) / "index.html").is_file()
