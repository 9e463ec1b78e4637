"""Search that answers, in headless Chromium on a small built site: the answer box (the Q&A
item that matches the question, first sentence and basis, in a labelled region, announced),
explainer results pointing to their best section, synonyms from the library's list, and the
evaluation harness (benchmarks/bench_search_answers.py) on a tiny question set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from benchmarks.bench_search_answers import (
    EvalError,
    evaluate,
    load_questions,
    rank_of,
    summary,
)
from generators.config import load_config
from generators.library import load_library
from generators.pipeline import build
from tests.conftest import TODAY, base_files, explainer
from tests.site.conftest import Serve

pytestmark = pytest.mark.browser

QA = """\
field: lao-dong
items:
  - question: Thử việc tối đa bao nhiêu ngày?
    answer: |
      Không quá **60 ngày** với công việc cần trình độ cao đẳng. Việc giản đơn: 6 ngày.
    basis: [{document: "45/2019/QH14", article: "25"}]
    explainer: thu-viec#thoi-gian-thu-viec
"""
NGHI_VIEC = explainer(
    title="Quyền lợi của người lao động",
    body="## Phải báo trước bao lâu?\n\nKhi nghỉ việc, hợp đồng không xác định thời hạn: "
         "báo trước 45 ngày.\n\n## Trợ cấp\n\nLàm đủ 12 tháng thì mỗi năm được nửa tháng "
         "lương trợ cấp.\n")
SYNONYMS = "- [nghỉ việc, thôi việc]\n"
QUESTIONS = """\
questions:
  - q: thu viec toi da bao nhieu ngay
    section: thu-viec#thoi-gian-thu-viec
    qa: lao-dong#thu-viec-toi-da-bao-nhieu-ngay
  - {q: "thoi viec bao truoc", section: "nghi-viec#phai-bao-truoc-bao-lau"}
  - {q: "tro cap bao nhieu", section: "nghi-viec#phai-bao-truoc-bao-lau"}
  - {q: "xqzvw", section: "nghi-viec#tro-cap"}
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search-answers") / "lib"
    files = {**base_files(), "qa/lao-dong.yml": QA, "content/lao-dong/nghi-viec.md": NGHI_VIEC,
             "content/_data/synonyms.yml": SYNONYMS}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    return root


@pytest.fixture(scope="module")
def served(root: Path, tmp_path_factory: pytest.TempPathFactory, serve: Serve) -> str:
    out = tmp_path_factory.mktemp("search-answers-site") / "site"
    report = build(load_config(root, site_dir=out, today=TODAY, search=True, stages=()))
    assert report.ok, [p.format() for p in report.errors]
    return serve(out)


@pytest.fixture(scope="module")
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="vi-VN", service_workers="block")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def search(page: Any, served: str, query: str) -> None:
    page.goto(served + "tim-kiem/?q=" + query)
    meant = page.evaluate("q => window.tspSearch.normalise(q)", query)
    page.wait_for_function(
        "q => document.getElementById('tsp-search').getAttribute('data-done') === q", arg=meant)


def test_the_answer_comes_first_with_its_basis(page: Any, served: str) -> None:
    search(page, served, "thu viec toi da bao nhieu ngay")
    box = page.get_by_role("region", name="Trả lời nhanh")
    expect(box).to_be_visible()
    [answer] = box.locator(".tsp-answer").all()
    link = answer.get_by_role("link", name="Thử việc tối đa bao nhiêu ngày?")
    assert link.get_attribute("href").endswith("/hoi-dap/lao-dong/#thu-viec-toi-da-bao-nhieu-ngay")
    # The first sentence alone answers; the rest is on the Q&A page.
    expect(answer.locator(".tsp-answer__a")).to_have_text(
        "Không quá 60 ngày với công việc cần trình độ cao đẳng.")
    expect(answer.locator(".tsp-answer__basis")).to_have_text(
        "Căn cứ: Điều 25 Bộ luật 45/2019/QH14")
    # Above the explainer results in the page, and said by the live region.
    assert page.evaluate("""() => !!(document.getElementById('tsp-answers')
        .compareDocumentPosition(document.getElementById('tsp-search-results'))
        & Node.DOCUMENT_POSITION_FOLLOWING)""")
    expect(page.locator("#tsp-search-status")).to_contain_text("Câu trả lời ở đầu kết quả.")
    # The Q&A page is an answer, not one more explainer among the results.
    hrefs = page.locator("#tsp-search-results h2 a").evaluate_all("l => l.map(a => a.href)")
    assert hrefs and not any("/hoi-dap/" in h for h in hrefs), hrefs


def test_no_answer_box_when_no_question_matches(page: Any, served: str) -> None:
    search(page, served, "bao truoc 45 ngay")
    expect(page.locator("#tsp-answers")).to_be_hidden()
    expect(page.locator("#tsp-search-status")).not_to_contain_text("Câu trả lời")
    # The explainer result points to the section that answers, and names it.
    first = page.locator("#tsp-search-results > li").first
    assert first.locator("h2 a").get_attribute("href").endswith(
        "/lao-dong/nghi-viec/#phai-bao-truoc-bao-lau")
    expect(first.locator(".tsp-result__section")).to_have_text("Mục: Phải báo trước bao lâu?")


def test_best_section_is_not_just_the_first(page: Any, served: str) -> None:
    search(page, served, "tro cap nua thang luong")
    first = page.locator("#tsp-search-results > li").first
    assert first.locator("h2 a").get_attribute("href").endswith("/lao-dong/nghi-viec/#tro-cap")


def test_the_next_section_that_answers_is_listed_under_the_result(page: Any, served: str) -> None:
    # Both sections hold half the question; the one whose heading says it is the result's.
    search(page, served, "nghi viec tro cap")
    first = page.locator("#tsp-search-results > li").first
    assert first.locator("h2 a").get_attribute("href").endswith("/lao-dong/nghi-viec/#tro-cap")
    under = first.locator(".tsp-result__sections a")
    assert [a.get_attribute("href").split("/lao-dong/")[-1] for a in under.all()] == [
        "nghi-viec/#phai-bao-truoc-bao-lau"]
    expect(under).to_have_text("Phải báo trước bao lâu?")


def test_a_synonym_from_the_library_finds_the_passage(page: Any, served: str) -> None:
    # The explainer says "nghỉ việc"; the reader types "thôi việc" (without marks).
    search(page, served, "thoi viec")
    first = page.locator("#tsp-search-results > li").first
    assert first.locator("h2 a").get_attribute("href").endswith(
        "/lao-dong/nghi-viec/#phai-bao-truoc-bao-lau")


def test_the_harness_on_a_tiny_question_set(page: Any, served: str, root: Path,
                                            tmp_path: Path) -> None:
    library, _ = load_library(root, TODAY)
    assert library is not None
    path = tmp_path / "questions.yml"
    path.write_text(QUESTIONS, "utf-8")
    questions = load_questions(path, library)
    outcomes = evaluate(page, served, questions)
    ranks = [o.rank("answer") for o in outcomes]
    # The Q&A answer first; the synonym's section first; "trợ cấp" brings the other section
    # of the right page (wrong at the answer level, right at the page level); nonsense: none.
    assert ranks == [1, 1, None, None], [o.ranked for o in outcomes]
    assert [o.rank("page") for o in outcomes] == [1, 1, 1, None]
    assert summary(outcomes) == {
        "answer": {"n": 4, "recall@1": 0.5, "recall@5": 0.5, "mrr": 0.5},
        "page": {"n": 4, "recall@1": 0.75, "recall@5": 0.75, "mrr": 0.75},
        "result": {"n": 4, "recall@1": 0.5, "recall@5": 0.5, "mrr": 0.5}}


def test_the_sections_under_a_result_count_where_they_are_shown(root: Path,
                                                                tmp_path: Path) -> None:
    library, _ = load_library(root, TODAY)
    assert library is not None
    path = tmp_path / "questions.yml"
    path.write_text('questions:\n  - {q: "x", section: "nghi-viec#tro-cap"}\n', "utf-8")
    [question] = load_questions(path, library)
    shown = (("hoi-dap/lao-dong/#thu-viec-toi-da-bao-nhieu-ngay",),
             ("lao-dong/nghi-viec/#phai-bao-truoc-bao-lau", "lao-dong/nghi-viec/#tro-cap"),
             ("lao-dong/thu-viec/#thoi-gian-thu-viec",))
    assert rank_of(question, shown, "answer") == 3  # the answer, the title, then its section
    assert rank_of(question, shown, "page") == 2
    assert rank_of(question, shown, "result") is None  # by each result's title only
    assert rank_of(question, (*shown[:1], shown[2], shown[1]), "page") == 3


@pytest.mark.parametrize(("entry", "message"), [
    ('{q: "x", section: "khong-co#a"}', "câu 1: không có bài 'khong-co'"),
    ('{q: "x", section: "nghi-viec#khong-co"}', "câu 1: bài nghi-viec không có mục #khong-co"),
    ('{q: "x", section: "nghi-viec#tro-cap", qa: "lao-dong#khong-co"}',
     "câu 1: không có câu hỏi đáp 'lao-dong#khong-co'"),
    ('{q: "x", situation: "khong-co"}', "câu 1: không có tình huống 'khong-co'"),
    ('{q: "x"}', "câu 1: cần ít nhất section:, qa: hoặc situation:"),
    ('{section: "nghi-viec#tro-cap"}', "câu 1: cần q: (câu hỏi như người dân gõ)"),
])
def test_a_question_file_that_does_not_match_the_library(root: Path, tmp_path: Path,
                                                         entry: str, message: str) -> None:
    library, _ = load_library(root, TODAY)
    assert library is not None
    path = tmp_path / "questions.yml"
    path.write_text(f"questions:\n  - {entry}\n", "utf-8")
    with pytest.raises(EvalError) as caught:
        load_questions(path, library)
    assert str(caught.value) == f"{path}: {message}"
