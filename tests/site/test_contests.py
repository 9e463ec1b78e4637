"""Contests on the static site (site/contests.py, site/results.py): the pages with and without
a collector, before, during and after the window; the form; escaping; the key and its
commitment; the published results, their verification pages and the results file's errors."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from generators.config import load_config
from generators.errors import Problem
from generators.library import Library, read_library
from generators.pipeline import build, check
from generators.quiz.key import canonical, commitment
from generators.site.contests import (
    contest_answer_key,
    duration,
    plan_contests,
    state,
    write_answer_keys,
)
from generators.site.pages import SitePage
from generators.site.results import check_results
from generators.urls import certificate_url, contest_key_url, contest_results_url, contest_url
from tests.conftest import LibraryMaker, base_files
from tests.site.conftest import Serve, new_page
from tests.site.test_accessibility import AXE_JS, AXE_TAGS, describe
from tests.site.test_html_validity import describe as describe_html
from tests.site.test_html_validity import vnu_errors

COLLECTOR = "https://thi.example.gov.vn/may-chu/"
SITE_URL = "https://phapluat.example.gov.vn/tu-sach/"
BEFORE, DURING, LAST_DAY, AFTER = (date(2026, 11, 30), date(2026, 12, 5), date(2026, 12, 10),
                                   date(2026, 12, 11))
BANK = """\
title: Ngân hàng cuộc thi
questions:
  - id: loai-hop-dong
    type: single
    level: 1
    text: Hợp đồng lao động có mấy loại?
    choices: ["Một loại", "Hai loại", "Ba loại"]
    answer: "Hai loại"
    explanation: Điều 20 chỉ còn hai loại.
    basis: [{document: "45/2019/QH14", article: "20"}]
  - id: thu-viec
    type: numeric
    level: 2
    text: Thử việc tối đa bao nhiêu ngày với người quản lý doanh nghiệp?
    answer: 180
    unit: ngày
    explanation: Điều 25.
    basis: [{document: "45/2019/QH14", article: "25"}]
"""
CONTEST = """\
title: "Cuộc thi <script>alert(1)</script> & lao động"
description: |
  Thể lệ **chính thức** của ban tổ chức.
opens: 2026-12-01T08:00:00+07:00
closes: 2026-12-10T17:00:00+07:00
banks: [ngan-hang]
questions: 2
draw: {1: 1, 2: 1}
minutes: 15
attempts: 2
participant: [name, phone, unit]
predict_participants: true
ranking: [score, seconds, prediction]
names: initials
certificate_score: 1
"""
HOSTILE = CONTEST.replace("của ban tổ chức.\n", "của ban tổ chức.\n\n  <script>alert(\"mô tả\")"
                          "</script><img src=x onerror=\"alert(2)\">\n")
"""The editors' Markdown with what the renderer refuses (reported by `check`, dropped)."""
EVERY_FIELD = CONTEST.replace("[name, phone, unit]", "[name, phone, email, unit, address, "
                              "birth_year]")
RESULTS = {"format": "tusach-contest-results", "version": 1, "contest": "thi-thu",
           "title": "Cuộc thi", "generated": "2026-12-11T03:00:00Z", "names": "initials",
           "entrants": 3, "rows": [
               {"rank": 1, "name": "N. V. A.", "unit": "Xã <b>Tân</b> Phú", "score": 2,
                "out_of": 2, "seconds": 75.5, "certificate": "K7Q2M9AB"},
               {"rank": 2, "name": "T. T. B.", "unit": "Xã Hòa An", "score": 1, "out_of": 2,
                "seconds": 312, "certificate": "Z9Y8X7WV"},
               {"rank": 3, "name": "L. C.", "unit": "", "score": 0, "out_of": 2,
                "seconds": 30}]}
KEY = "thi-thu"


def files(contest: str = CONTEST, results: Any = None) -> dict[str, str | bytes | None]:
    out: dict[str, str | bytes | None] = {"quizzes/ngan-hang.yml": BANK,
                                          f"quizzes/contests/{KEY}.yml": contest}
    if results is not None:
        out[f"quizzes/results/{KEY}.json"] = results if isinstance(results, str) else \
            json.dumps(results, ensure_ascii=False, indent=2)
    return out


def library(root: Path, day: date) -> Library:
    read, problems = read_library(root, day)
    assert read is not None, [p.format() for p in problems.errors]
    return read


def page(pages: list[SitePage], url: str) -> Any:
    found = next(p for p in pages if p.url == url)
    return lxml_html.fragment_fromstring(found.html, create_parent="main")


def text(tree: Any) -> str:
    return " ".join(tree.text_content().split())


def test_the_window_in_vietnam_time(tmp_library: LibraryMaker) -> None:
    contest = library(tmp_library(files()), DURING).contests[KEY]
    assert [state(contest, d) for d in (BEFORE, date(2026, 12, 1), DURING, LAST_DAY, AFTER)] \
        == ["upcoming", "open", "open", "open", "closed"]
    assert duration(75.5) == "1 phút 15,5 giây" and duration(30) == "30 giây"


def test_without_a_collector_the_rules_only(tmp_library: LibraryMaker) -> None:
    lib = library(tmp_library(files()), DURING)
    pages = plan_contests(lib, None, SITE_URL)
    assert [p.url for p in pages] == ["cuoc-thi/", contest_url(KEY)]
    tree = page(pages, contest_url(KEY))
    words = text(tree)
    assert not tree.xpath("//form")
    assert "việc đăng ký và làm bài không mở trên bản tủ sách này" in words
    assert ("Từ 08:00 ngày 01/12/2026 đến 17:00 ngày 10/12/2026 (giờ Việt Nam) — đang diễn "
            "ra.") in words
    assert "Mỗi lượt thi có 2 câu hỏi: 1 câu dễ, 1 câu trung bình" in words
    assert "Thời gian làm bài: 15 phút" in words and "Mỗi người được thi 2 lượt." in words
    rules = tree.xpath("//section[@aria-labelledby='the-le']/ol/li")
    assert [li.text_content() for li in rules] == [
        "Nhiều câu trả lời đúng hơn xếp trên.",
        "Bằng nhau thì ai làm bài nhanh hơn xếp trên (thời gian do máy chủ đo, từ lúc nhận đề "
        "đến lúc nộp bài).",
        "Vẫn bằng nhau thì ai dự đoán số người dự thi gần đúng nhất xếp trên.",
        "Mỗi người chỉ tính lượt thi tốt nhất (nhiều câu đúng nhất, rồi nhanh nhất)."]
    assert "Số điện thoại, thư điện tử, địa chỉ và năm sinh chỉ ban tổ chức xem được" in words
    assert "chỉ ghi chữ cái đầu của họ và tên (ví dụ N. V. A.), kèm đơn vị" in words
    expected = commitment(contest_answer_key(lib.contests[KEY], lib))
    assert tree.xpath("//code[@class='tsp-commitment']/text()") == [expected]
    assert not tree.xpath("//a[contains(@href, 'dap-an.json')]")


def test_with_a_collector_the_form_posts_to_it(tmp_library: LibraryMaker) -> None:
    lib = library(tmp_library(files()), DURING)
    tree = page(plan_contests(lib, COLLECTOR, SITE_URL), contest_url(KEY))
    (form,) = tree.xpath("//form")
    assert form.get("method") == "post"
    assert form.get("action") == f"{COLLECTOR}contests/{KEY}/attempts"
    assert form.get("data-tsp-form") is None  # a plain post: the collector's page answers
    inputs = [(i.get("name"), i.get("type"), i.get("required") is not None)
              for i in form.xpath(".//input")]
    assert inputs == [("name", "text", True), ("phone", "tel", True), ("unit", "text", True),
                      ("prediction", "number", True),
                      ("return", "hidden", False), ("website", "text", False)]
    assert form.xpath(".//input[@name='return']/@value") == [
        f"{SITE_URL}{contest_url(KEY)}"]
    assert form.xpath(".//div[@aria-hidden='true']/input/@name") == ["website"]
    for field in form.xpath(".//input[@type!='hidden' and @name!='website']"):
        (label,) = tree.xpath(f"//label[@for='{field.get('id')}']")
        assert label.text_content().strip()
    assert form.xpath(".//input[@name='phone']/@autocomplete") == ["tel"]
    # The collector's own limits (collector/api.py), so the form asks what it accepts.
    assert [(i.get("minlength"), i.get("maxlength")) for i in form.xpath(".//input")[:3]] == [
        ("2", "100"), (None, "20"), ("2", "200")]
    assert form.xpath(".//input[@name='prediction']/@max") == ["1000000000"]
    assert form.xpath(".//button[@type='submit']/text()") == ["Nhận đề thi"]


def test_every_field_a_contest_may_ask(tmp_library: LibraryMaker) -> None:
    lib = library(tmp_library(files(EVERY_FIELD)), DURING)
    (form,) = page(plan_contests(lib, COLLECTOR, None), contest_url(KEY)).xpath("//form")
    assert [(i.get("name"), i.get("type"), i.get("autocomplete"))
            for i in form.xpath(".//input")] == [
        ("name", "text", "name"), ("phone", "tel", "tel"), ("email", "email", "email"),
        ("unit", "text", "organization"), ("address", "text", "street-address"),
        ("birth_year", "number", "bday-year"), ("prediction", "number", None),
        ("website", "text", "off")]  # no site_url: no `return`, the collector's own page
    assert form.xpath(".//input[@name='birth_year']/@min") == ["1920"]
    assert form.xpath(".//input[@name='birth_year']/@max") == ["2020"]
    assert form.xpath(".//input[@name='address']/@maxlength") == ["300"]


@pytest.mark.parametrize(("day", "notice"), [
    (BEFORE, "Cuộc thi chưa mở: mời bạn quay lại từ 08:00 ngày 01/12/2026 (giờ Việt Nam)."),
    (AFTER, "Cuộc thi đã kết thúc lúc 17:00 ngày 10/12/2026 (giờ Việt Nam)")])
def test_outside_the_window_a_notice_instead_of_the_form(tmp_library: LibraryMaker, day: date,
                                                         notice: str) -> None:
    lib = library(tmp_library(files()), day)
    tree = page(plan_contests(lib, COLLECTOR, SITE_URL), contest_url(KEY))
    assert not tree.xpath("//form")
    assert notice in text(tree)


def test_editors_text_is_escaped_and_sanitised(tmp_library: LibraryMaker) -> None:
    lib = library(tmp_library(files(HOSTILE)), DURING)
    pages = plan_contests(lib, COLLECTOR, SITE_URL)
    found = next(p for p in pages if p.url == contest_url(KEY))
    assert "<script" not in found.html and "onerror" not in found.html
    assert "Cuộc thi &lt;script&gt;alert(1)&lt;/script&gt; &amp; lao động" in found.html
    assert "Thể lệ <strong>chính thức</strong> của ban tổ chức." in found.html
    listing = next(p for p in pages if p.url == "cuoc-thi/")
    assert "<script" not in listing.html and "&lt;script&gt;" in listing.html


def test_no_contest_no_pages(tmp_library: LibraryMaker) -> None:
    assert plan_contests(library(tmp_library(), DURING), COLLECTOR, SITE_URL) == []


def test_the_key_is_written_only_after_the_closing_day(tmp_library: LibraryMaker,
                                                       tmp_path: Path) -> None:
    root = tmp_library(files())
    for day in (BEFORE, DURING, LAST_DAY):
        assert write_answer_keys(library(root, day), tmp_path / day.isoformat()) == []
        assert not (tmp_path / day.isoformat()).exists()
    lib = library(root, AFTER)
    assert write_answer_keys(lib, tmp_path / "after") == [contest_key_url(KEY)]
    data = (tmp_path / "after" / contest_key_url(KEY)).read_bytes()
    key = json.loads(data)
    assert data == canonical(key)
    assert [(q["id"], q["answer"]) for q in key["questions"]] == [
        ("ngan-hang/loai-hop-dong", "Hai loại"),
        ("ngan-hang/thu-viec", {"answer": 180.0, "tolerance": 0})]
    assert "explanation" not in data.decode() and "Điều 20" not in data.decode()


def test_a_built_site_after_closing(tmp_library: LibraryMaker, tmp_path: Path) -> None:
    """The real build: home link, list, contest page, the key whose hash is the commitment
    shown, the ranking table, one verification page per certificate, none in the sitemap."""
    root = tmp_library(files(results=RESULTS))
    site = tmp_path / "site"
    report = build(load_config(root, site_dir=site, today=AFTER, search=False, stages=(),
                               collector_url=COLLECTOR, site_url=SITE_URL))
    assert report.ok, [p.format() for p in report.errors]
    assert [w.message for w in report.warnings if "quizzes/results" in w.path] == []

    def tree(url: str) -> Any:
        return lxml_html.fromstring((site / url / "index.html").read_bytes())

    assert tree("").xpath("//a[text()='Các cuộc thi trực tuyến tìm hiểu pháp luật']/@href") \
        == ["cuoc-thi/"]
    contest = tree(contest_url(KEY))
    shown = contest.xpath("//code[@class='tsp-commitment']/text()")[0]
    (href,) = contest.xpath("//a[@download and contains(@href, 'dap-an.json')]/@href")
    published = (site / contest_url(KEY) / href).read_bytes()
    assert "sha256:" + hashlib.sha256(published).hexdigest() == shown
    assert not contest.xpath("//form[@method='post']")
    assert contest.xpath("//a[text()='Xem kết quả và bảng xếp hạng']/@href") == ["ket-qua/"]

    ranking = tree(contest_results_url(KEY))
    (table,) = ranking.xpath("//table[@class='tsp-ranking']")
    assert " ".join(table.xpath("caption")[0].text_content().split()).startswith(
        "Bảng xếp hạng Cuộc thi <script>")
    assert table.xpath("thead/tr/th/@scope") == ["col"] * 6
    rows = [[" ".join(c.text_content().split()) for c in tr.xpath("th|td")]
            for tr in table.xpath("tbody/tr")]
    assert rows == [["1", "N. V. A.", "Xã <b>Tân</b> Phú", "2/2", "1 phút 15,5 giây", "K7Q2M9AB"],
                    ["2", "T. T. B.", "Xã Hòa An", "1/2", "5 phút 12 giây", "Z9Y8X7WV"],
                    ["3", "L. C.", "", "0/2", "30 giây", ""]]
    assert table.xpath("tbody/tr/th/@scope") == ["row"] * 3
    assert ranking.xpath("//meta[@name='robots']/@content") == ["noindex"]
    link = table.xpath("tbody/tr[1]/td/a/@href")[0]
    assert (site / contest_results_url(KEY) / link / "index.html").resolve() == \
        (site / certificate_url(KEY, "K7Q2M9AB") / "index.html").resolve()

    verified = tree(certificate_url(KEY, "K7Q2M9AB"))
    assert " ".join(verified.xpath("//p[@role='status']")[0].text_content().split()) == (
        "Chứng nhận hợp lệ: N. V. A., 2/2 câu đúng, "
        "Cuộc thi <script>alert(1)</script> & lao động.")
    assert (site / certificate_url(KEY, "Z9Y8X7WV") / "index.html").is_file()
    assert not (site / contest_url(KEY) / "chung-nhan" / "index.html").exists()
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert contest_url(KEY) in sitemap and "chung-nhan" not in sitemap and "ket-qua" not in sitemap
    for path in site.rglob("*.html"):
        assert "<b>Tân</b>" not in path.read_text("utf-8"), path


def test_during_the_contest_a_build_has_no_key(tmp_library: LibraryMaker,
                                               tmp_path: Path) -> None:
    root = tmp_library(files())
    site = tmp_path / "site"
    assert build(load_config(root, site_dir=site, today=LAST_DAY, search=False, stages=(),
                             collector_url=COLLECTOR)).ok
    assert not list(site.rglob("dap-an.json"))
    assert (site / contest_url(KEY) / "index.html").is_file()
    form = lxml_html.fromstring((site / contest_url(KEY) / "index.html").read_bytes()).xpath(
        "//form[@method='post']/@action")
    assert form == [f"{COLLECTOR}contests/{KEY}/attempts"]
    assert not (site / contest_results_url(KEY)).exists()


# ---- the results file's errors -------------------------------------------------------------


def problems(tmp_library: LibraryMaker, results: Any, day: date = AFTER) -> list[str]:
    return [p.format() for p in check_results(library(tmp_library(files(results=results)),
                                                      day))]


def changed(**values: Any) -> dict[str, Any]:
    return {**RESULTS, **values}


def row(index: int, **values: Any) -> dict[str, Any]:
    rows = [dict(r) for r in RESULTS["rows"]]  # type: ignore[attr-defined]
    rows[index].update(values)
    return changed(rows=rows)


def test_a_valid_file_has_no_problem(tmp_library: LibraryMaker) -> None:
    assert problems(tmp_library, RESULTS) == []


def test_results_file_errors_at_their_lines(tmp_library: LibraryMaker) -> None:
    path = "quizzes/results/thi-thu.json"
    broken = json.dumps(RESULTS, indent=2).replace('"rank": 2,', '"rank": 2')
    line = next(i for i, t in enumerate(broken.splitlines(), 1) if '"rank": 2' in t) + 1
    assert [p.split(": ")[0] for p in problems(tmp_library, broken)] == [f"{path}:{line}"]
    assert "JSON không hợp lệ" in problems(tmp_library, broken)[0]
    unknown = problems(tmp_library, changed(contest="khong-co"))
    assert unknown[0].startswith(f"{path}:4: ") and "'khong-co'" in unknown[0]
    assert "các cuộc thi: thi-thu" in unknown[0]
    contact = problems(tmp_library, row(1, phone="0901234567"))
    assert contact[0].startswith(f"{path}:") and "'phone'" in contact[0]
    assert "không bao giờ được đăng" in contact[0]
    text = json.dumps(row(1, phone="0901234567"), indent=2)
    phone_line = next(i for i, t in enumerate(text.splitlines(), 1) if '"phone"' in t)
    assert contact[0].startswith(f"{path}:{phone_line}: ")
    assert "trùng với dòng 1" in problems(tmp_library, row(1, certificate="K7Q2M9AB"))[0]
    assert "'certificate'" in problems(tmp_library, row(0, certificate="../../x"))[0]
    assert "'score'" in problems(tmp_library, row(0, score=3))[0]
    assert "'names'" in problems(tmp_library, changed(names="some"))[0]
    assert "'format'" in problems(tmp_library, {"rows": []})[0]
    assert "'entrants' chỉ là 1" in problems(tmp_library, changed(entrants=1))[0]


def test_names_never_shown_more_than_the_contest_allows(tmp_library: LibraryMaker) -> None:
    (error,) = check_results(library(tmp_library(files(results=changed(names="full"))), AFTER))
    assert error.is_error and error.line == 7  # `"names": "full",` of the indented JSON
    assert "tệp ghi tên kiểu 'full' nhưng cuộc thi chọn names: initials" in error.message
    full = [{**r, "name": "Nguyễn Văn An"} for r in RESULTS["rows"]]  # type: ignore[attr-defined]
    found = check_results(library(tmp_library(files(results=changed(rows=full))), AFTER))
    assert [(p.is_error, p.message) for p in found] == [(True, (
        "dòng kết quả 1: 'name' phải ghi theo kiểu 'initials' (chữ cái đầu (N. V. A.) hoặc "
        "Thí sinh <số>), không phải họ tên"))]
    anonymous = [{**r, "name": f"Thí sinh {r['rank']}"} for r in RESULTS["rows"]]  # type: ignore[attr-defined]
    assert check_results(library(tmp_library(files(results=changed(
        rows=anonymous, names="none"))), AFTER))[0].is_error is False  # sparer: a warning


def test_a_link_in_the_results_folder_is_refused(tmp_library: LibraryMaker) -> None:
    root = tmp_library(files(results=RESULTS))
    secret = root / "secret.json"
    secret.write_text(json.dumps(RESULTS), "utf-8")
    (root / "quizzes/results/thi-thu.json").unlink()
    (root / "quizzes/results/thi-thu.json").symlink_to(secret)
    (problem,) = check_results(library(root, AFTER))
    assert problem.is_error and problem.path == "quizzes/results/thi-thu.json"
    assert "liên kết tượng trưng" in problem.message


def test_results_before_the_contest_closes_are_a_warning(tmp_library: LibraryMaker) -> None:
    (warning,) = check_results(library(tmp_library(files(results=RESULTS)), DURING))
    assert not warning.is_error and warning.line == 4
    assert "chưa kết thúc mà đã có tệp kết quả" in warning.message


def test_the_check_reports_results_files(tmp_library: LibraryMaker) -> None:
    root = tmp_library(files(results=changed(contest="khong-co")))
    _, report = check(load_config(root, today=AFTER))
    found: list[Problem] = [p for p in report.errors if p.path.startswith("quizzes/results/")]
    assert len(found) == 1 and "'khong-co'" in found[0].message


# ---- valid HTML, and axe in Chromium ---------------------------------------------------------


def _site(tmp: Path, day: date, results: Any, **options: Any) -> Path:
    root = tmp / "lib"
    for rel, content in {**base_files(), **files(results=results)}.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(str(content), "utf-8")
    site = tmp / "site"
    report = build(load_config(root, site_dir=site, today=day, search=False, stages=(),
                               **options))
    assert report.ok, [p.format() for p in report.errors]
    return site


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The contest open (with a collector), and closed with its results published."""
    return {"open": _site(tmp_path_factory.mktemp("open"), DURING, None,
                          collector_url=COLLECTOR, site_url=SITE_URL),
            "closed": _site(tmp_path_factory.mktemp("closed"), AFTER, RESULTS)}


PAGES = [("open", "cuoc-thi/"), ("open", contest_url(KEY)), ("closed", contest_url(KEY)),
         ("closed", contest_results_url(KEY)), ("closed", certificate_url(KEY, "K7Q2M9AB"))]


def test_the_contest_pages_are_valid_html(sites: dict[str, Path]) -> None:
    for name, site in sites.items():
        pages = [site / url / "index.html" for which, url in PAGES if which == name]
        errors = vnu_errors(pages)
        assert errors == [], describe_html(errors, site)


@pytest.mark.browser
@pytest.mark.parametrize(("which", "url"), PAGES)
def test_axe_finds_no_violations_on_the_contest_pages(browser: Any, serve: Serve,
                                                      sites: dict[str, Path], which: str,
                                                      url: str) -> None:
    context, tab = new_page(browser)
    try:
        tab.goto(serve(sites[which]) + url)
        tab.evaluate(AXE_JS.read_text("utf-8"))
        results = tab.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        assert results["passes"]
        assert results["violations"] == [], f"{url}:\n{describe(results['violations'])}"
    finally:
        context.close()


def test_text_creates_no_element_or_attribute(tmp_path: Path) -> None:
    """The same contest and results, once in plain words and once with markup in every text
    an editor or a participant wrote: every page has the same elements and attributes."""
    from tests.site.test_escaping import ATTACK, HARMLESS, q, shape

    def site(text: str) -> Path:
        contest = CONTEST.replace('"Cuộc thi <script>alert(1)</script> & lao động"',
                                  q(f"Cuộc thi {text}")).replace("names: initials",
                                                                 "names: full")
        rows = [{**r, "name": f"N. {text}", "unit": f"Xã {text}"}
                for r in RESULTS["rows"]]  # type: ignore[attr-defined]
        results = {**RESULTS, "names": "full", "rows": rows}
        root = tmp_path / ("clean" if text == HARMLESS else "attacked")
        for rel, content in {**base_files(), **files(contest, results)}.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(str(content), "utf-8")
        out = root / "site"
        assert build(load_config(root, site_dir=out, today=AFTER, search=False,
                                 stages=())).ok
        return out

    clean, attacked = site(HARMLESS), site(ATTACK)
    for url in ("", "cuoc-thi/", contest_url(KEY), contest_results_url(KEY),
                certificate_url(KEY, "K7Q2M9AB")):
        trees = [lxml_html.fromstring((s / url / "index.html").read_bytes())
                 for s in (clean, attacked)]
        assert shape(trees[0]) == shape(trees[1]), url
    page = (attacked / certificate_url(KEY, "K7Q2M9AB") / "index.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "N. &#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_rules_problems_at_their_lines(tmp_library: LibraryMaker) -> None:
    """The description is rendered by the site's one renderer: what it refuses is reported
    at its line of the contest's file, by `check` and before any build."""
    root = tmp_library(files(HOSTILE.replace("Thể lệ **chính thức** của ban tổ chức.",
                                             "Xem [bài](lao-dong/khong-co.md).")))
    _, report = check(load_config(root, today=DURING))
    assert [p.format() for p in report.errors] == [
        f"quizzes/contests/{KEY}.yml:3: liên kết tới bài giải thích không tồn tại: "
        "'lao-dong/khong-co.md' — gợi ý: kiểm tra tên tệp .md và thư mục",
        f"quizzes/contests/{KEY}.yml:5: HTML không an toàn: thuộc tính onerror= — gợi ý: chỉ "
        "dùng HTML không chạy mã; bỏ script, iframe, on…=",
        f"quizzes/contests/{KEY}.yml:5: HTML không an toàn: thẻ <script> — gợi ý: chỉ dùng "
        "HTML không chạy mã; bỏ script, iframe, on…="]
    _, report = check(load_config(tmp_library(files(CONTEST.replace(
        "Thể lệ **chính thức**", "Xem [bài thử việc](lao-dong/thu-viec.md), thể lệ"))),
        today=DURING))
    assert report.ok, [p.format() for p in report.errors]
