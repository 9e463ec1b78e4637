"""`collector rankings` and `collector certificates` on a real SQLite database holding attempts
stored the collector's way: the organisers' CSV and XLSX, the JSON that the next build
publishes (checked, no contact detail), and the certificates."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

import build as cli
from generators.collector import storage
from generators.config import load_config
from generators.pipeline import check
from tests.conftest import LibraryMaker
from tests.site.test_contests import KEY, files

SITE_URL = "https://phapluat.example.gov.vn/"
PEOPLE = [("Nguyễn Văn An", "0912345678", "Xã Tân Phú", 2, 80.5, "K7Q2M9ABCD"),
          ("=cmd|' /C calc'!A0", "0987654321", "@Xã Hòa An", 1, 60.0, "Z9Y8X7WVUT"),
          ("Lê Chí", "0911111111", "Xã Bình", 0, 30.0, None)]


@pytest.fixture
def project(tmp_library: LibraryMaker) -> tuple[Path, str]:
    root = tmp_library({**files(), "mkdocs.yml": f"site_name: Tủ sách thử\nsite_url: {SITE_URL}\n"})
    url = f"sqlite:///{root / 'collector.sqlite3'}"
    storage.migrate(url)
    engine = storage.engine_for(url)
    started = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
    try:
        for i, (name, phone, unit, score, seconds, code) in enumerate(PEOPLE):
            attempt = f"lan-thi-{i}"
            storage.start_attempt(engine, {
                "attempt": attempt, "contest": KEY, "participant_key": f"khoa-{i}",
                "participant": {"name": name, "phone": phone, "unit": unit},
                "prediction": 3 + i, "seed": f"hat-{i}",
                "questions": ["ngan-hang/loai-hop-dong", "ngan-hang/thu-viec"], "out_of": 2,
                "started": started, "deadline": started + timedelta(minutes=15)}, allowed=2)
            storage.grade_attempt(engine, attempt, {
                "responses": {}, "score": score, "seconds": seconds,
                "submitted": started + timedelta(seconds=seconds), "certificate": code})
        storage.start_attempt(engine, {  # never submitted: not ranked
            "attempt": "bo-do", "contest": KEY, "participant_key": "khoa-9",
            "participant": {"name": "Bỏ Dở", "phone": "0900000009", "unit": "Xã"},
            "prediction": 1, "seed": "hat-9", "questions": [], "out_of": 2,
            "started": started, "deadline": started + timedelta(minutes=15)}, allowed=2)
    finally:
        engine.dispose()
    return root, url


def run(capsys: pytest.CaptureFixture[str], root: Path, url: str, *args: str) -> str:
    code = cli.main(["collector", *args[:1], KEY, "--root", str(root), "--db", url,
                     "--date", "2026-12-11", "--quiet", *args[1:]])
    out = capsys.readouterr().out
    assert code == 0, out
    return out


def test_rankings_for_the_organisers_and_for_publication(
        project: tuple[Path, str], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root, url = project
    rows = list(csv.reader(io.StringIO(run(capsys, root, url, "rankings"))))
    assert rows[0][:5] == ["Hạng", "Mã lượt thi", "Họ và tên", "Số điện thoại", "Đơn vị / xã"]
    assert rows[1:] == [
        ["1", "lan-thi-0", "Nguyễn Văn An", "0912345678", "Xã Tân Phú", "3", "2", "2", "80.5",
         "K7Q2M9ABCD"],
        ["2", "lan-thi-1", "'=cmd|' /C calc'!A0", "0987654321", "'@Xã Hòa An", "4", "1", "2",
         "60", "Z9Y8X7WVUT"],
        ["3", "lan-thi-2", "Lê Chí", "0911111111", "Xã Bình", "5", "0", "2", "30", ""]]

    book = tmp_path / "xep-hang.xlsx"
    run(capsys, root, url, "rankings", "--format", "xlsx", "--out", str(book))
    assert book.stat().st_mode & 0o777 == 0o600
    sheet = load_workbook(book).active
    assert sheet is not None and sheet["C3"].value == "'=cmd|' /C calc'!A0"

    published = json.loads(run(capsys, root, url, "rankings", "--format", "json"))
    assert [(r["rank"], r["name"], r.get("certificate")) for r in published["rows"]] == [
        (1, "N. V. A.", "K7Q2M9ABCD"), (2, "C. C. C.", "Z9Y8X7WVUT"), (3, "L. C.", None)]
    text = json.dumps(published, ensure_ascii=False)
    assert not any(p[1] in text for p in PEOPLE) and "khoa-" not in text

    target = root / "quizzes" / "results" / f"{KEY}.json"
    run(capsys, root, url, "rankings", "--format", "json", "--out", str(target))
    _, report = check(load_config(root, today=datetime(2026, 12, 11).date()))
    assert report.ok and not [w for w in report.warnings if "results" in w.path]


def test_xlsx_needs_a_file_and_the_contest_must_exist(
        project: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    root, url = project
    assert cli.main(["collector", "rankings", KEY, "--root", str(root), "--db", url,
                     "--format", "xlsx", "--quiet"]) == 2
    assert "--out" in capsys.readouterr().err
    assert cli.main(["collector", "rankings", "khong-co", "--root", str(root), "--db", url,
                     "--quiet"]) == 2
    assert "Không có cuộc thi 'khong-co'" in capsys.readouterr().err


def test_certificates_for_those_at_the_score(project: tuple[Path, str],
                                             capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    root, url = project
    out = tmp_path / "giay"
    run(capsys, root, url, "certificates", "--out", str(out))
    assert sorted(p.name for p in out.iterdir()) == ["K7Q2M9ABCD.png", "Z9Y8X7WVUT.png"]
