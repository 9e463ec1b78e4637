"""Practice quizzes on the static site (site/quizzes.py): only practice banks are published,
every type's markup, editors' text escaped, the cited articles linked, the block at the end
of explainers, the no-JavaScript answer, offline precache, valid HTML."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from lxml import html as lxml_html

import generators.pipeline as pipeline
from generators.config import load_config
from generators.library import load_library
from generators.library.model import Basis, Contest, QuizBank, QuizQuestion
from generators.pipeline import build
from generators.site.quizzes import PREVIEW, article_text, grading_spec, number_text
from generators.site.static import asset_url
from generators.urls import QUIZZES_URL, quiz_url
from tests.conftest import ROOT, base_files, explainer
from tests.site.test_html_validity import describe as describe_html
from tests.site.test_html_validity import vnu_errors

DAY = date(2026, 11, 23)
EVIL = "<script>alert(\"x\")</script> & 'q' <b>"
"""Editors' text that HTML would read as markup: it must arrive as text."""
SECRET = "DAPANBIMATCUOCTHI"
"""In the contest bank's answers and explanations: never in any published file."""
LAW = Basis("45/2019/QH14", "25.1.a")
EXPLAINER = "lao-dong/thu-viec/"
OTHER = "lao-dong/khac/"


def question(qid: str, kind: str, text: str, **values: Any) -> QuizQuestion:
    return QuizQuestion(qid, kind, text, 1, values.pop("basis", (LAW,)), **values)


SEVEN = (
    question("don", "single", f"Một đáp án {EVIL}", choices=("30 ngày", "60 ngày", f"Khác {EVIL}"),
             answers=("60 ngày",),
             explanation="**Điều 25**: tối đa 60 ngày.\n\n## Lưu ý\n\nViết <b>đậm</b> & 'q'."),
    question("nhieu", "multiple", "Nhiều đáp án", choices=("A", "B", f"C {EVIL}"),
             answers=("A", f"C {EVIL}"), explanation="A và C."),
    question("dung-sai", "true_false", "Đúng hay sai", truth=False,
             basis=(Basis("10/2012/QH13", "27"),)),
    question("dien", "fill", "Điền tên bộ luật", answers=("Bộ luật Lao động", f"BLLĐ {EVIL}"),
             loose=True, basis=(Basis("31/2024/QH15"), LAW)),
    question("thu-tu", "order", "Sắp xếp", items=("Một", "Hai", f"Ba {EVIL}")),
    question("ghep", "match", "Ghép", pairs=(("Trái 1", "Phải 1"), (f"Trái {EVIL}", f"Phải {EVIL}"),
                                            ("Trái 3", "Phải 3"))),
    question("so", "numeric", "Bao nhiêu ngày", number=6.5, tolerance=0.5, unit=f"ngày {EVIL}"),
)
PRACTICE = QuizBank("thu-viec", "quizzes/thu-viec.yml", f"Thử việc {EVIL}", SEVEN,
                    field="lao-dong", explainers=("thu-viec",), description=f"Mô tả {EVIL}")
SHORT = QuizBank("ngan", "quizzes/ngan.yml", "Bộ ngắn", SEVEN[:2], explainers=("thu-viec",))
CONTEST_BANK = QuizBank("bi-mat", "quizzes/bi-mat.yml", "Ngân hàng cuộc thi", (
    question("c1", "single", "Câu của cuộc thi", choices=(f"Sai {SECRET}", f"Đúng {SECRET}"),
             answers=(f"Đúng {SECRET}",), explanation=f"Giải thích {SECRET}"),
    question("c2", "fill", "Điền", answers=(f"tu{SECRET}",), explanation=f"Vì {SECRET}"),
), explainers=("thu-viec",))
OPENS = datetime(2026, 12, 1, 8, tzinfo=timezone(timedelta(hours=7)))
CONTEST = Contest("thi-thu", "quizzes/contests/thi-thu.yml", "Cuộc thi thử", OPENS,
                  OPENS + timedelta(days=9), ("bi-mat",), 2, 15)


@contextmanager
def with_banks(banks: Mapping[str, QuizBank], contests: Mapping[str, Contest] = MappingProxyType({})
               ) -> Iterator[None]:
    """The build reads `banks` and `contests` as if the library held them (the site stage
    under test, independent of the banks' YAML loader)."""
    real = pipeline.read_library

    def read(*args: Any, **kwargs: Any) -> Any:
        library, problems = real(*args, **kwargs)
        if library is not None:
            library = dataclasses.replace(library, quizzes=MappingProxyType(dict(banks)),
                                          contests=MappingProxyType(dict(contests)))
        return library, problems

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "read_library", read)
        yield


def write_library(root: Path) -> Path:
    # A long explainer: its practice block is far below the first screen.
    long_body = "## Thời gian thử việc\n\n" + "Không quá 60 ngày với việc cần trình độ.\n\n" * 80
    files = {**base_files(), "content/lao-dong/thu-viec.md": explainer(body=long_body),
             "content/lao-dong/khac.md": explainer(title="Bài khác")}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    return root


def build_site(tmp: Path, banks: Mapping[str, QuizBank], contests: Mapping[str, Contest] =
               MappingProxyType({}), **options: Any) -> Path:
    root = write_library(tmp / "lib")
    site = tmp / "site"
    with with_banks(banks, contests):
        report = build(load_config(root, site_dir=site, today=DAY, search=False, stages=(),
                                   **options))
    assert report.ok, [p.format() for p in report.errors]
    return site


BANKS = {"thu-viec": PRACTICE, "ngan": SHORT, "bi-mat": CONTEST_BANK}


@pytest.fixture(scope="module")
def quiz_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("quizzes"), BANKS, {"thi-thu": CONTEST})


def tree(site: Path, url: str) -> Any:
    return lxml_html.fromstring((site / url / "index.html").read_bytes())


def content(page: Any) -> Any:
    return page.xpath("//*[@id='__noi-dung']")[0]


# ---- what is published -------------------------------------------------------------------


def test_only_practice_banks_are_published(quiz_site: Path) -> None:
    listing = tree(quiz_site, QUIZZES_URL)
    links = [(a.get("href"), a.text_content())
             for a in listing.xpath("//ul[@class='tsp-quizzes']//a")]
    assert links == [("ngan/", "Bộ ngắn"), ("thu-viec/", f"Thử việc {EVIL}")]
    assert "(7 câu · Lao động)" in listing.xpath("string(//ul[@class='tsp-quizzes']/li[2])")
    assert (quiz_site / quiz_url("thu-viec") / "index.html").is_file()
    assert not (quiz_site / quiz_url("bi-mat")).exists()
    # The contest bank names the same explainer: its questions are not there either.
    explainer_page = tree(quiz_site, EXPLAINER)
    assert [h.text_content() for h in explainer_page.xpath("//section[@class='tsp-practice']//h3")
            ] == ["Bộ ngắn", f"Thử việc {EVIL}"]
    leaked = [str(p.relative_to(quiz_site)) for p in quiz_site.rglob("*")
              if p.is_file() and SECRET.encode() in p.read_bytes()]
    assert leaked == []


def test_home_links_to_the_quizzes(quiz_site: Path) -> None:
    home = tree(quiz_site, "")
    section = home.xpath("//section[@aria-labelledby='trac-nghiem']")[0]
    assert section.xpath("h2[@id='trac-nghiem']/text()") == ["Luyện tập trắc nghiệm"]
    assert section.xpath(".//a/@href") == ["trac-nghiem/"]


def test_without_practice_banks_nothing_changes(tmp_path: Path) -> None:
    site = build_site(tmp_path, {"bi-mat": CONTEST_BANK}, {"thi-thu": CONTEST})
    assert not (site / QUIZZES_URL).exists()
    assert not (site / "assets/tusach/quiz").exists()
    assert not tree(site, "").xpath("//*[@id='trac-nghiem']")
    assert not tree(site, EXPLAINER).xpath("//*[@id='luyen-tap']")
    assert "quiz" not in (site / "sw.js").read_text("utf-8")


# ---- the bank's page ---------------------------------------------------------------------


def items(page: Any) -> list[Any]:
    return page.xpath(".//li[contains(concat(' ', @class, ' '), ' tsp-q ')]")


def test_every_question_is_a_fieldset_with_its_legend_hint_and_key(quiz_site: Path) -> None:
    page = tree(quiz_site, quiz_url("thu-viec"))
    shown = items(page)
    assert [li.get("data-tsp-id") for li in shown] == [q.id for q in SEVEN]
    for n, (li, q) in enumerate(zip(shown, SEVEN, strict=True), 1):
        assert li.get("id") == f"tsp-q-{n}"
        fieldset = li.xpath("fieldset")[0]
        assert fieldset.xpath("string(legend)") == f"Câu {n}. {q.text}"
        hint = fieldset.get("aria-describedby")
        assert page.xpath(f"//*[@id='{hint}']/@class") == ["tsp-q__hint"]
        assert json.loads(li.get("data-tsp-key")) == grading_spec(q)
        for control in fieldset.xpath(".//input|.//select"):
            label = page.xpath(f"//label[@for='{control.get('id')}']")
            assert len(label) == 1, (q.id, control.get("id"))
        check = li.xpath(".//button[@data-tsp-check]")[0]
        assert check.text_content() == "Kiểm tra" and check.getparent().get("hidden") is not None


def controls(li: Any) -> list[tuple[str | None, str | None, str | None]]:
    return [(i.get("type"), i.get("value"), i.getparent().xpath("string(label)"))
            for i in li.xpath(".//input")]


def test_each_type_has_its_controls(quiz_site: Path) -> None:
    single, multiple, truth, fill, order, match, numeric = items(tree(quiz_site,
                                                                      quiz_url("thu-viec")))
    assert controls(single) == [("radio", c, c) for c in SEVEN[0].choices]
    assert {i.get("name") for i in single.xpath(".//input")} == {"tsp-q-1"}
    assert controls(multiple) == [("checkbox", c, c) for c in SEVEN[1].choices]
    assert controls(truth) == [("radio", "true", "Đúng"), ("radio", "false", "Sai")]
    box = fill.xpath(".//input")[0]
    assert (box.get("type"), box.get("autocomplete")) == ("text", "off")
    assert fill.xpath("string(.//label)") == "Câu trả lời"
    number = numeric.xpath(".//input")[0]
    assert (number.get("type"), number.get("inputmode")) == ("text", "decimal")
    assert numeric.xpath("string(.//label)") == f"Đáp số (đơn vị: ngày {EVIL})"
    assert numeric.xpath("string(.//span[@class='tsp-q__unit'])") == f"ngày {EVIL}"
    # Ordering: shuffled, never in the right order; Lên / Xuống per item (no drag and drop).
    shown = [li.get("data-tsp-item") for li in order.xpath(".//li[@class='tsp-order__item']")]
    assert sorted(shown) == sorted(SEVEN[4].items) and shown != list(SEVEN[4].items)
    for li in order.xpath(".//li[@class='tsp-order__item']"):
        text = li.get("data-tsp-item")
        assert li.xpath("string(span[@class='tsp-order__text'])") == text
        buttons = li.xpath(".//button")
        assert [(b.text_content(), b.get("aria-label"), b.get("type")) for b in buttons] == [
            ("Lên", f"Lên: {text}", "button"), ("Xuống", f"Xuống: {text}", "button")]
    # Matching: a labelled select per left item, the right items shuffled in each.
    selects = match.xpath(".//select")
    assert [s.get("data-tsp-left") for s in selects] == [left for left, _ in SEVEN[5].pairs]
    assert [match.xpath(f"string(.//label[@for='{s.get('id')}'])") for s in selects] == [
        left for left, _ in SEVEN[5].pairs]
    options = [o.text_content() for o in selects[0].xpath("option")]
    assert options[0] == "— Chọn —" and selects[0].xpath("option")[0].get("value") == ""
    assert sorted(options[1:]) == sorted(r for _, r in SEVEN[5].pairs)
    assert options[1:] != [r for _, r in SEVEN[5].pairs]


def test_without_javascript_each_question_shows_its_answer_and_explanation(
        quiz_site: Path) -> None:
    single, multiple, truth, fill, order, match, numeric = items(tree(quiz_site,
                                                                      quiz_url("thu-viec")))
    answers = {li.get("data-tsp-id"): " ".join(
        li.xpath(".//details/p[@class='tsp-q__answer']")[0].text_content().split())
        for li in (single, truth, numeric)}
    assert answers == {"don": "Đáp án: 60 ngày", "dung-sai": "Đáp án: Sai",
                       "so": f"Đáp án: 6,5 ngày {EVIL} (chấp nhận sai lệch ±0,5)"}
    for li in (single, multiple, truth, fill, order, match, numeric):
        summary = li.xpath(".//details[@class='tsp-q__solution']/summary")
        assert [s.text_content() for s in summary] == ["Xem đáp án"]
        assert li.xpath(".//details")[0].get("open") is None
    assert [x.text_content() for x in order.xpath(".//details//ol/li")] == list(SEVEN[4].items)
    assert [x.text_content() for x in match.xpath(".//details//ul/li")] == [
        f"{left} — {right}" for left, right in SEVEN[5].pairs]
    assert [x.text_content() for x in fill.xpath(".//details//ul/li")] == list(SEVEN[3].answers)
    assert "có dấu hay không dấu" not in fill.text_content()  # several answers: no note
    assert [x.text_content() for x in multiple.xpath(".//details//ul/li")] == ["A", f"C {EVIL}"]


def test_the_explanation_is_markdown_rendered_and_sanitised(quiz_site: Path) -> None:
    single = items(tree(quiz_site, quiz_url("thu-viec")))[0]
    explain = single.xpath(".//div[@class='tsp-q__explain']")[0]
    assert explain.xpath("p/strong/text()") == ["Điều 25"]
    assert explain.xpath("h2/text()") == ["Lưu ý"]
    assert explain.xpath(".//@id") == []  # many explanations share a page: no ids
    # The HTML the site's policy allows in an explainer is allowed here (what it refuses is
    # an error of `check`: test_the_explanations_problems_are_reported_at_their_lines).
    assert explain.xpath("p[2]/b/text()") == ["đậm"]
    assert explain.xpath("string(p[2])") == "Viết đậm & 'q'."


def test_editors_text_is_text_in_every_type(quiz_site: Path) -> None:
    raw = (quiz_site / quiz_url("thu-viec") / "index.html").read_text("utf-8")
    assert "<script>alert" not in raw
    # Only an explanation is Markdown (with the HTML the site's policy allows, like <b>).
    assert raw.count("<b>") == 1
    page = tree(quiz_site, quiz_url("thu-viec"))
    assert not [s for s in page.xpath("//script") if "alert" in (s.text or "")]
    main = content(page)
    assert main.xpath("string(h1)") == f"Thử việc {EVIL}"
    assert main.xpath("string(p[@class='tsp-lead'])") == f"Mô tả {EVIL}"
    single, multiple, _, fill, order, match, numeric = items(page)
    assert single.xpath(".//input/@value")[2] == f"Khác {EVIL}"
    assert f"C {EVIL}" in json.loads(multiple.get("data-tsp-key"))["key"]
    assert f"Ba {EVIL}" in order.xpath(".//li/@data-tsp-item")
    assert f"Trái {EVIL}" in match.xpath(".//select/@data-tsp-left")
    assert f"Phải {EVIL}" in match.xpath(".//option/text()")
    assert json.loads(fill.get("data-tsp-key"))["key"][1] == f"BLLĐ {EVIL}"
    assert json.loads(numeric.get("data-tsp-key")) == {
        "type": "numeric", "key": {"answer": 6.5, "tolerance": 0.5}, "loose": False}
    # The explainer's block (another page) escapes the same text.
    block = tree(quiz_site, EXPLAINER).xpath("//div[@data-tsp-quiz='thu-viec']")[0]
    assert block.xpath("string(.//li[@data-tsp-id='don']//legend)") == f"Câu 1. Một đáp án {EVIL}"


def test_the_cited_articles_link_to_their_documents(quiz_site: Path) -> None:
    page = tree(quiz_site, quiz_url("thu-viec"))
    single, _, truth, fill, *_ = items(page)
    basis = single.xpath(".//p[@class='tsp-q__basis']")[0]
    assert " ".join(basis.text_content().split()) == (
        "Căn cứ: Điểm a khoản 1 Điều 25, Bộ luật 45/2019/QH14 (Bộ luật Lao động).")
    link = basis.xpath("a")[0]
    assert link.get("href") == "../../van-ban/45-2019-qh14/"  # the document's page
    assert (quiz_site / "van-ban/45-2019-qh14/index.html").is_file()
    # No explainer cites these: no document page; then the official address, else text.
    assert " ".join(truth.xpath("string(.//p[@class='tsp-q__basis'])").split()) == (
        "Căn cứ: Điều 27, Bộ luật 10/2012/QH13 (Bộ luật Lao động) — đã hết hiệu lực.")
    assert not truth.xpath(".//p[@class='tsp-q__basis']/a")
    assert not (quiz_site / "van-ban/10-2012-qh13").exists()
    fill_basis = fill.xpath(".//p[@class='tsp-q__basis']")[0]
    assert [a.text_content() for a in fill_basis.xpath("a")] == ["Bộ luật 45/2019/QH14"]
    assert fill_basis.text_content().startswith("Căn cứ: Luật 31/2024/QH15 (Luật Đất đai);")
    # From the explainer's block, the same document page, relative to that page.
    block = tree(quiz_site, EXPLAINER).xpath("//div[@data-tsp-quiz='thu-viec']")[0]
    assert block.xpath(".//li[@data-tsp-id='don']//p[@class='tsp-q__basis']/a/@href") == [
        "../../van-ban/45-2019-qh14/"]


def test_the_explainer_ends_with_a_few_questions_and_a_link(quiz_site: Path) -> None:
    page = tree(quiz_site, EXPLAINER)
    section = page.xpath("//section[@aria-labelledby='luyen-tap']")[0]
    assert section.xpath("h2[@id='luyen-tap']/text()") == ["Luyện tập"]
    quizzes = section.xpath("div[@class='tsp-quiz']")
    assert [q.get("data-tsp-quiz") for q in quizzes] == ["ngan", "thu-viec"]
    assert [len(items(q)) for q in quizzes] == [2, PREVIEW]
    assert [li.get("id") for li in items(quizzes[1])] == [
        f"tsp-q2-{n}" for n in range(1, PREVIEW + 1)]
    more = section.xpath(".//p[@class='tsp-practice__more']/a")
    assert [(a.get("href"), a.text_content()) for a in more] == [
        ("../../trac-nghiem/ngan/", "Mở bộ câu hỏi này thành trang riêng"),
        ("../../trac-nghiem/thu-viec/", "Làm cả 7 câu của bộ câu hỏi này")]
    # After the cited documents, in the table of contents, and the assets loaded once.
    after = section.xpath("preceding-sibling::section[@aria-labelledby='van-ban-duoc-trich-dan']")
    assert after
    assert page.xpath("//nav[contains(@class,'md-nav--secondary')]//a[@href='#luyen-tap']")
    # The script only when the reader nears the block (tusach.js loads it).
    assert section.get("data-tsp-script") == "../../" + asset_url("quiz/quiz.js")
    assert not page.xpath("//script[contains(@src, 'quiz/quiz.')]")
    assert len(page.xpath("//link[contains(@href, 'quiz/quiz.')]")) == 1
    other = tree(quiz_site, OTHER)
    assert not other.xpath("//*[@id='luyen-tap']") and not other.xpath("//*[@data-tsp-script]")
    assert not other.xpath("//link[contains(@href, 'quiz/quiz.')]")
    page = tree(quiz_site, quiz_url("thu-viec"))  # the quiz's own page: at once
    assert page.xpath("//script[@defer]/@src[contains(., 'quiz/quiz.')]") == [
        "../../" + asset_url("quiz/quiz.js")]


def test_the_quiz_pages_and_assets_are_kept_for_offline(quiz_site: Path) -> None:
    worker = (quiz_site / "sw.js").read_text("utf-8")
    for url in (QUIZZES_URL, quiz_url("thu-viec"), quiz_url("ngan"), asset_url("quiz/quiz.js"),
                asset_url("quiz/quiz.css")):
        assert f'["{url}", "' in worker, url


def test_the_quiz_pages_are_valid_html(quiz_site: Path) -> None:
    pages = [quiz_site / url / "index.html" for url in
             (QUIZZES_URL, quiz_url("thu-viec"), EXPLAINER, "")]
    errors = vnu_errors(pages)
    assert errors == [], describe_html(errors, quiz_site)


# ---- small rules -------------------------------------------------------------------------


@pytest.mark.parametrize(("article", "text"), [
    (None, ""), ("20", "Điều 20"), ("20.1", "Khoản 1 Điều 20"),
    ("20.1.a", "Điểm a khoản 1 Điều 20"),
])
def test_article_text(article: str | None, text: str) -> None:
    assert article_text(article) == text


def test_number_text_uses_the_decimal_comma() -> None:
    assert [number_text(v) for v in (36.0, 0.5, 1e-3, 12.25)] == ["36", "0,5", "0,001", "12,25"]


# ---- from the editors' YAML, through the library's loader ----------------------------------

BANK_YML = """\
title: Luyện tập thử việc
explainers: [thu-viec]
questions:
  - id: so-ngay
    type: numeric
    text: Thử việc tối đa bao nhiêu ngày với người quản lý doanh nghiệp?
    answer: 180
    unit: ngày
    explanation: "Theo **Điều 25**, tối đa 180 ngày."
    basis: [{document: "45/2019/QH14", article: "25.1"}]
  - id: loi-noi
    type: true_false
    text: Mọi hợp đồng đều được thỏa thuận bằng lời nói.
    answer: false
    basis: [{document: "45/2019/QH14", article: "14.2"}]
"""
SECRET_YML = f"""\
title: Ngân hàng cuộc thi
questions:
  - id: c1
    type: single
    text: Câu của cuộc thi
    choices: ["Sai {SECRET}", "Đúng {SECRET}"]
    answer: "Đúng {SECRET}"
    explanation: "Vì {SECRET}"
    basis: [{{document: "45/2019/QH14", article: "20"}}]
"""
CONTEST_YML = """\
title: Cuộc thi thử
opens: 2026-12-01T08:00:00+07:00
closes: 2026-12-10T17:00:00+07:00
banks: [bi-mat]
questions: 1
minutes: 15
participant: [name, phone]
"""


def test_banks_written_in_yaml_become_pages(tmp_library: Any, tmp_path: Path) -> None:
    root = tmp_library({"quizzes/luyen.yml": BANK_YML, "quizzes/bi-mat.yml": SECRET_YML,
                        "quizzes/contests/thi.yml": CONTEST_YML})
    site = tmp_path / "site"
    report = build(load_config(root, site_dir=site, today=DAY, search=False, stages=()))
    assert report.ok, [p.format() for p in report.errors]
    page = tree(site, quiz_url("luyen"))
    numeric, truth = items(page)
    assert json.loads(numeric.get("data-tsp-key")) == {
        "type": "numeric", "key": {"answer": 180.0, "tolerance": 0}, "loose": False}
    assert numeric.xpath("string(.//label)") == "Đáp số (đơn vị: ngày)"
    assert numeric.xpath(".//div[@class='tsp-q__explain']/p/strong/text()") == ["Điều 25"]
    assert " ".join(truth.xpath("string(.//p[@class='tsp-q__basis'])").split()) == (
        "Căn cứ: Khoản 2 Điều 14, Bộ luật 45/2019/QH14 (Bộ luật Lao động).")
    assert tree(site, EXPLAINER).xpath("//div[@class='tsp-quiz']/@data-tsp-quiz") == ["luyen"]
    assert not (site / quiz_url("bi-mat")).exists()
    assert [p for p in site.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()] == []


# ---- the starter library's banks (written by others) -------------------------------------


def test_the_starter_banks_every_page_and_link(tmp_path: Path) -> None:
    site = tmp_path / "site"
    report = build(load_config(ROOT, site_dir=site, today=DAY, search=False, stages=()))
    assert report.ok, [p.format() for p in report.errors]
    library, _ = load_library(ROOT, DAY)
    assert library is not None and library.practice and library.contest_banks
    listed = tree(site, QUIZZES_URL).xpath("//ul[@class='tsp-quizzes']//a/@href")
    assert listed == [f"{b.key}/" for b in library.practice]
    for key in library.contest_banks:
        assert not (site / quiz_url(key)).exists(), key
    links = 0
    for bank in library.practice:
        page_dir = site / quiz_url(bank.key)
        shown = items(tree(site, quiz_url(bank.key)))
        assert [li.get("data-tsp-id") for li in shown] == [q.id for q in bank.questions]
        for href in tree(site, quiz_url(bank.key)).xpath("//p[@class='tsp-q__basis']/a/@href"):
            if not href.startswith("https://"):
                assert (page_dir / href / "index.html").resolve().is_file(), (bank.key, href)
                links += 1
        for e in library.published:
            if e.slug in bank.explainers:
                assert tree(site, e.url).xpath(f"//div[@data-tsp-quiz='{bank.key}']"), e.slug
    assert links > 50


def test_the_explanations_problems_are_reported_at_their_lines(tmp_library: Any) -> None:
    bank = BANK_YML.replace(
        '    explanation: "Theo **Điều 25**, tối đa 180 ngày."\n',
        "    explanation: |\n      Theo Điều 25.\n\n      <iframe src=\"https://x.example\"></iframe>\n\n"
        "      Xem [bài](lao-dong/khong-co.md) và [bài đúng](lao-dong/thu-viec.md).\n")
    bank = bank.replace("    answer: false\n", "    answer: false\n"
                        "    explanation: \"![ảnh](anh.png)\"\n")
    root = tmp_library({"quizzes/luyen.yml": bank})
    _, report = pipeline.check(load_config(root, today=DAY, search=False, stages=()))
    found = [p.format() for p in report.errors if p.path.startswith("quizzes/")]
    assert found == [
        "quizzes/luyen.yml:12: HTML không an toàn: thẻ <iframe> — gợi ý: chỉ dùng HTML "
        "không chạy mã; bỏ script, iframe, on…=",
        "quizzes/luyen.yml:14: liên kết tới bài giải thích không tồn tại: "
        "'lao-dong/khong-co.md' — gợi ý: kiểm tra tên tệp .md và thư mục",
        "quizzes/luyen.yml:20: không tìm thấy tệp ảnh: 'anh.png' — gợi ý: đặt tệp tại "
        "content/anh.png"]
