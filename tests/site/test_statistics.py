"""The statistics page (`--statistics`): a chart and a table of the same aggregates."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

import build
from generators.collector.report import run_report
from generators.errors import ConfigError
from generators.library import load_library
from generators.site.statistics import plan_statistics, read_statistics
from generators.urls import STATISTICS_URL
from tests.conftest import ROOT, TODAY, LibraryMaker
from tests.site.test_accessibility import AXE_JS, AXE_TAGS, describe

SVG = "{http://www.w3.org/2000/svg}"


def report() -> dict[str, Any]:
    """A report of the starter library, with a second survey added by hand."""
    library, _ = load_library(ROOT, TODAY)
    assert library is not None
    records: list[dict[str, Any]] = [
        {"kind": "survey", "received": "2026-12-02T08:00:00Z", "survey": "hai-long",
         "answers": {"hai-long": 5 if i < 81 else 2}} for i in range(100)]
    records += [{"kind": "feedback", "received": "2026-12-03T08:00:00Z", "useful": False,
                 "page": "lao-dong/thoi-gian-thu-viec/", "text": "BÍ MẬT CỦA BIÊN TẬP",
                 "lang": "vi"},
                {"kind": "question", "received": "2026-12-04T08:00:00Z", "field": None,
                 "question": "cong ty bat thu viec 3 thang co dung luat khong",
                 "contact": "0912 345 678", "page": None}]
    data: dict[str, Any] = json.loads(run_report(records, library, "json"))
    data["satisfaction"].append({**data["satisfaction"][0], "survey": "cuoi-nam",
                                 "title": "Khảo sát cuối năm", "n": 12, "satisfied": 12,
                                 "share": 1.0, "interval": [0.7575, 1.0],
                                 "verdict": "undecided", "enough": False})
    return data


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "thong-ke.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False),
                    "utf-8")
    return path


def test_without_a_report_there_is_no_page() -> None:
    assert list(plan_statistics(None)) == []


def test_the_chart_and_the_table_show_the_same_numbers(tmp_path: Path) -> None:
    [page] = plan_statistics(write(tmp_path, report()))
    assert page.url == STATISTICS_URL == "thong-ke/"
    tree = lxml_html.fromstring(page.html)
    [svg] = tree.xpath("//svg")
    assert svg.get("role") == "img"
    assert svg.xpath("./title")[0].text == "Mức độ hài lòng theo khảo sát"
    desc = svg.xpath("./desc")[0].text
    bars = svg.xpath(".//g[@class='tsp-stats-bar']")
    assert len(bars) == 2
    labels = [b.xpath("./text")[0].text for b in bars]
    assert labels[1] == "Khảo sát cuối năm"  # a long title is shortened; desc has it whole
    assert labels[0].startswith("Khảo sát mức độ") and labels[0].endswith("…")
    assert len(labels[0]) <= 30
    [table] = [t for t in tree.xpath("//table")
               if t.xpath("./caption")[0].text == "Mức độ hài lòng theo khảo sát"]
    rows = [[c.text_content().strip() for c in r.xpath("./th|./td")]
            for r in table.xpath("./tbody/tr")]
    assert rows == [
        ["Khảo sát mức độ hài lòng với Tủ sách pháp luật số", "81,0 %", "72,2 % – 87,5 %", "100",
         "Chưa đạt"],
        ["Khảo sát cuối năm", "100,0 %", "75,8 % – 100,0 %", "12",
         "Chưa đủ câu trả lời để kết luận"]]
    for title, share, interval, n, verdict in rows:
        low, high = interval.split(" – ")
        assert f"{title}: {share} hài lòng, khoảng tin cậy 95 % từ {low} đến {high}, {n} câu " \
               f"trả lời, {verdict.lower()}." in desc
        bar = bars[rows.index([title, share, interval, n, verdict])]
        assert bar.xpath("./text")[-1].text == share
    # The bar's length and the whisker's ends are the numbers, on the same scale.
    rect = bars[0].xpath("./rect")[0]
    whisker = bars[0].xpath("./line")[0]
    scale = (float(whisker.get("x2")) - float(whisker.get("x1"))) / (0.8749 - 0.7222)
    assert float(rect.get("width")) == pytest.approx(0.81 * scale, abs=1)


def test_the_page_shows_aggregates_only(tmp_path: Path) -> None:
    [page] = plan_statistics(write(tmp_path, report()))
    text = lxml_html.fromstring(page.html).text_content()
    assert "BÍ MẬT" not in page.html and "0912" not in page.html and "cong ty" not in page.html
    assert re.search(r"Lao động\s*0\s*1", text)  # feedback: 0 yes, 1 no
    assert re.search(r"Lao động\s*1\b", text.split("Câu hỏi của người dân")[1])


@pytest.mark.parametrize(("content", "message"), [
    (None, "không đọc được tệp"),
    ("{not json", "không phải JSON"),
    ([1, 2], "'/' phải là một bảng JSON"),
    ({"format": "khac"}, "'/format' phải là \"tusach-collector-report\""),
    ("share", "'/satisfaction/0/share' phải từ 0 đến 1"),
    ("interval", "'/satisfaction/0/interval' phải là [cận dưới, cận trên]"),
    ("count", "'/questions/fields/0/count' thiếu hoặc sai kiểu"),
])
def test_a_wrong_file_is_a_config_error(tmp_path: Path, content: Any, message: str) -> None:
    data = report()
    if content == "share":
        data["satisfaction"][0]["share"] = 81
    elif content == "interval":
        data["satisfaction"][0]["interval"] = [0.9, 0.8]
    elif content == "count":
        data["questions"]["fields"][0]["count"] = "1"
    else:
        data = content
    path = tmp_path / "khong-co.json" if content is None else write(tmp_path, data)
    with pytest.raises(ConfigError, match=re.escape(message)) as caught:
        read_statistics(path)
    assert str(caught.value).startswith(f"--statistics {path}: ")


def _argv(tmp_library: LibraryMaker, tmp_path: Path) -> list[str]:
    return ["build", "--root", str(tmp_library()), "--date", "2026-11-23", "--quiet",
            "--no-search", "--site-dir", str(tmp_path / "site")]


def test_a_build_with_statistics_publishes_the_page(
        tmp_library: LibraryMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = _argv(tmp_library, tmp_path)
    site = tmp_path / "site"
    bad = write(tmp_path, {"format": "khac"})
    assert build.main([*argv, "--statistics", str(bad)]) != 0
    assert "--statistics" in capsys.readouterr().err
    good = write(tmp_path, report())
    assert build.main([*argv, "--statistics", str(good)]) == 0
    page = (site / STATISTICS_URL / "index.html").read_text("utf-8")
    assert 'role="img"' in page and "Khảo sát cuối năm" in page
    assert "thong-ke/" in (site / "sitemap.xml").read_text("utf-8")


@pytest.mark.browser
def test_axe_finds_no_violations_on_the_page(tmp_library: LibraryMaker, tmp_path: Path,
                                            browser: Any) -> None:
    assert build.main([*_argv(tmp_library, tmp_path), "--statistics",
                       str(write(tmp_path, report()))]) == 0
    page = browser.new_page()
    try:
        page.goto((tmp_path / "site" / STATISTICS_URL / "index.html").as_uri())
        page.evaluate(AXE_JS.read_text("utf-8"))
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    finally:
        page.close()
    assert results["passes"], "axe ran no checks"
    assert results["violations"] == [], describe(results["violations"])
