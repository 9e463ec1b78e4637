"""Direct answers on the built site: the Q&A page (each answer with its basis and the
document's status, FAQPage JSON-LD), the links from explainers and the home page, legal
situations walked with JavaScript off by following the plain links of the built HTML, the
search index's documents, and the records of the catalogue and OAI-PMH."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from lxml import etree
from lxml import html as lxml_html

from generators.config import load_config
from generators.exports.catalogue import SCHEMA_SOURCE
from generators.library import load_library
from generators.pipeline import build
from generators.site.answer_index import answer_documents
from generators.site.search import fold_d
from generators.urls import CATALOGUE, OAI_FILE, qa_url, situation_step_url, situation_url
from tests.conftest import TODAY, base_files, explainer
from tests.site.test_html_validity import describe as describe_html
from tests.site.test_html_validity import vnu_errors

QA = """\
field: lao-dong
items:
  - question: Thử việc tối đa bao nhiêu ngày?
    answer: |
      Không quá **60 ngày** với công việc cần trình độ cao đẳng. Lương < 85% là sai & trái luật.
    basis: [{document: "45/2019/QH14", article: "25"}]
    explainer: thu-viec#thoi-gian-thu-viec
    asked: q-7
  - question: Luật cũ cho thử việc bao lâu?
    answer: Theo luật cũ, tối đa 60 ngày.
    basis: [{document: "10/2012/QH13", article: "27"}]
"""
SITUATION = """\
title: Tôi có phải ký hợp đồng lao động bằng văn bản không?
field: lao-dong
reviewed: true
start: thoi-han
steps:
  thoi-han:
    question: Công việc kéo dài bao lâu?
    options:
      - {label: Dưới 1 tháng, next: giup-viec}
      - {label: Từ 1 tháng trở lên, next: phai-van-ban}
  giup-viec:
    question: Đây có phải công việc giúp việc gia đình không?
    options:
      - {label: Có, next: phai-van-ban}
      - {label: Không, next: co-the-loi-noi}
  phai-van-ban:
    outcome: Phải giao kết hợp đồng lao động bằng văn bản.
    basis: [{document: "45/2019/QH14", article: "14"}]
    explainer: thu-viec#thoi-gian-thu-viec
  co-the-loi-noi:
    outcome: Có thể giao kết bằng lời nói (< 1 tháng).
    basis: [{document: "45/2019/QH14", article: "14.2"}]
"""
WALKS = {("Dưới 1 tháng", "Có"): "Phải giao kết hợp đồng lao động bằng văn bản.",
         ("Dưới 1 tháng", "Không"): "Có thể giao kết bằng lời nói (< 1 tháng).",
         ("Từ 1 tháng trở lên",): "Phải giao kết hợp đồng lao động bằng văn bản."}
QUESTIONS = {"thoi-han": "Công việc kéo dài bao lâu?",
             "giup-viec": "Đây có phải công việc giúp việc gia đình không?"}
DOCS = {"10/2012/QH13": "Hết hiệu lực", "45/2019/QH14": "Đang có hiệu lực"}


def write_library(root: Path) -> Path:
    files = {**base_files(), "qa/lao-dong.yml": QA, "situations/hop-dong.yml": SITUATION,
             "content/lao-dong/thu-viec.md": explainer(
                 body="## Thời gian thử việc\n\nKhông quá 60 ngày.\n")}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_library(tmp_path_factory.mktemp("answers") / "lib")
    out = tmp_path_factory.mktemp("answers-site") / "site"
    report = build(load_config(root, site_dir=out, today=TODAY, search=False, stages=()))
    assert report.ok, [p.format() for p in report.errors]
    return out


def tree(site: Path, url: str) -> Any:
    return lxml_html.fromstring((site / url / "index.html").read_bytes())


def content(page: Any) -> Any:
    return page.xpath("//*[@id='__noi-dung']")[0]


def text(element: Any) -> str:
    return " ".join(element.text_content().split())


# ---- the Q&A page ------------------------------------------------------------------------


def test_each_answer_with_its_basis_and_the_status_at_the_build_date(site: Path) -> None:
    page = content(tree(site, qa_url("lao-dong")))
    items = page.xpath(".//section[@class='tsp-qa']")
    assert [i.get("id") for i in items] == ["thu-viec-toi-da-bao-nhieu-ngay",
                                             "luat-cu-cho-thu-viec-bao-lau"]
    first, old = items
    assert text(first.xpath(".//h2")[0]) == "Thử việc tối đa bao nhiêu ngày?"
    # The editor's "<" and "&" are text.
    assert text(first.xpath(".//div[@class='tsp-qa__answer']")[0]) == (
        "Không quá 60 ngày với công việc cần trình độ cao đẳng. Lương < 85% là sai & trái luật.")
    assert first.xpath(".//div[@class='tsp-qa__answer']//strong/text()") == ["60 ngày"]
    for item, key, article in ((first, "45/2019/QH14", "Điều 25"),
                               (old, "10/2012/QH13", "Điều 27")):
        (basis,) = item.xpath(".//ul[@class='tsp-basis__list']/li")
        assert text(basis).startswith(f"{article}, Bộ luật {key} — Bộ luật Lao động")
        assert basis.xpath(".//span[contains(@class, 'tsp-status')]/text()") == [DOCS[key]]
        assert "tính đến 23/11/2026" in text(item)
    (more,) = first.xpath(".//p[@class='tsp-qa__more']/a")
    assert more.get("href") == "../../lao-dong/thu-viec/#thoi-gian-thu-viec"
    assert old.xpath(".//p[@class='tsp-qa__more']") == []


def test_what_no_legal_reviewer_checked_says_so(site: Path) -> None:
    """The Q&A file is `reviewed: false` (by default): its page says so; the situation is
    `reviewed: true`: its pages do not."""
    notes = content(tree(site, qa_url("lao-dong"))).xpath(".//p[@class='tsp-unreviewed']")
    assert [text(n) for n in notes] == [
        "Nội dung này chưa được chuyên gia pháp lý rà soát. Hãy đối chiếu với văn bản gốc "
        "trước khi sử dụng."]
    for step in ("", "phai-van-ban"):
        url = situation_step_url("hop-dong", step) if step else situation_url("hop-dong")
        assert content(tree(site, url)).xpath(".//p[@class='tsp-unreviewed']") == []


def test_faqpage_json_ld(site: Path) -> None:
    (script,) = tree(site, qa_url("lao-dong")).xpath("//script[@type='application/ld+json']")
    data = json.loads(script.text)
    assert (data["@type"], data["url"], data["name"]) == ("FAQPage", "./", "Hỏi đáp: Lao động")
    first, old = data["mainEntity"]
    assert first["@type"] == "Question" and first["name"] == "Thử việc tối đa bao nhiêu ngày?"
    answer = first["acceptedAnswer"]
    assert (answer["@type"], answer["url"]) == ("Answer", "./#thu-viec-toi-da-bao-nhieu-ngay")
    assert answer["text"] == ("Không quá 60 ngày với công việc cần trình độ cao đẳng. Lương < "
                              "85% là sai & trái luật.")
    assert [(c["legislationIdentifier"], c["legislationLegalForce"]) for c in
            (*answer["citation"], *old["acceptedAnswer"]["citation"])] == [
        ("45/2019/QH14", "https://schema.org/InForce"),
        ("10/2012/QH13", "https://schema.org/NotInForce")]
    # `</` in the editors' text cannot end the script early.
    assert "</" not in script.text


def test_explainers_and_the_home_page_link_to_the_answers(site: Path) -> None:
    links = tree(site, "lao-dong/thu-viec").xpath("//section[@class='tsp-answers']//a")
    assert [(a.get("href"), text(a)) for a in links] == [
        ("../../hoi-dap/lao-dong/#thu-viec-toi-da-bao-nhieu-ngay",
         "Thử việc tối đa bao nhiêu ngày?"),
        ("../../tinh-huong/hop-dong/", "Tôi có phải ký hợp đồng lao động bằng văn bản không?")]
    home = tree(site, "").xpath("//section[@aria-labelledby='hoi-dap-tinh-huong']//a/@href")
    assert home == ["hoi-dap/", "tinh-huong/"]
    lists = [tree(site, url).xpath("//*[@id='__noi-dung']//ul/li/a/@href")
             for url in ("hoi-dap/", "tinh-huong/")]
    assert lists == [["lao-dong/"], ["hop-dong/"]]
    field = tree(site, "lao-dong").xpath("//section[@aria-labelledby='hoi-dap-linh-vuc']//a")
    assert [(a.get("href"), text(a)) for a in field] == [
        ("../hoi-dap/lao-dong/", "Hỏi đáp: Lao động"),
        ("../tinh-huong/hop-dong/",
         "Tình huống: Tôi có phải ký hợp đồng lao động bằng văn bản không?")]


# ---- situations without JavaScript ---------------------------------------------------------


def visible_step(page: Any) -> Any:
    steps = content(page).xpath(".//section[@data-tsp-step]")
    shown = [s for s in steps if s.get("hidden") is None]
    assert len(shown) == 1, [s.get("data-tsp-step") for s in shown]
    return shown[0]


def follow(site: Path, url: str, href: str) -> str:
    """The site-relative page a plain link on page `url` leads to."""
    target = posixpath.normpath(posixpath.join(url, href))
    target = "" if target == "." else target + "/"
    assert (site / target / "index.html").is_file(), target
    return target


def test_every_path_walked_by_plain_links_ends_in_its_outcome(site: Path) -> None:
    walked: dict[tuple[str, ...], str] = {}
    pending: list[tuple[str, tuple[str, ...]]] = [(situation_url("hop-dong"), ())]
    while pending:
        url, answers = pending.pop()
        step = visible_step(tree(site, url))
        heading = text(step.xpath("./h2")[0])
        options = step.xpath(".//ul[@class='tsp-step__options']//a")
        if not options:
            assert heading == "Kết luận"
            walked[answers] = text(step.xpath(".//div[@class='tsp-step__outcome']")[0])
            assert step.xpath(".//ul[@class='tsp-basis__list']/li")
            continue
        assert heading == QUESTIONS[step.get("data-tsp-step")]
        for link in options:
            pending.append((follow(site, url, link.get("href")), (*answers, text(link))))
    assert walked == WALKS


def test_an_outcome_page_shows_its_basis_and_explainer_and_a_way_back(site: Path) -> None:
    url = situation_step_url("hop-dong", "phai-van-ban")
    step = visible_step(tree(site, url))
    assert text(step.xpath(".//ul[@class='tsp-basis__list']/li")[0]).startswith(
        "Điều 14, Bộ luật 45/2019/QH14")
    assert step.xpath(".//p[@class='tsp-step__more']/a/@href") == [
        "../../../lao-dong/thu-viec/#thoi-gian-thu-viec"]
    (again,) = step.xpath(".//p[@class='tsp-step__again']/a")
    assert follow(site, url, again.get("href")) == situation_url("hop-dong")
    # The script is external (strict CSP), and a live region says the new question.
    page = tree(site, url)
    assert page.xpath("//title/text()")[0].startswith(
        "Phải giao kết hợp đồng lao động bằng văn bản. — Tôi có phải ký")
    assert page.xpath("//*[@id='__noi-dung']//script[not(@src)]") == []
    assert page.xpath("//*[@data-tsp-live]/@aria-live") == ["polite"]


def test_the_answer_pages_are_valid_html(site: Path) -> None:
    pages = [site / u / "index.html" for u in (
        "hoi-dap/", qa_url("lao-dong"), "tinh-huong/", situation_url("hop-dong"),
        situation_step_url("hop-dong", "co-the-loi-noi"), "lao-dong/thu-viec/")]
    errors = vnu_errors(pages)
    assert errors == [], describe_html(errors, site)


# ---- the search index ----------------------------------------------------------------------


def test_the_search_index_holds_each_question_and_each_situation(tmp_path: Path) -> None:
    library, problems = load_library(write_library(tmp_path / "lib"), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    documents = dict(answer_documents(library, fold_d))
    assert list(documents) == [qa_url("lao-dong"), situation_url("hop-dong")]
    qa = lxml_html.fromstring(documents[qa_url("lao-dong")])
    assert qa.xpath("//main//h2/@id") == ["thu-viec-toi-da-bao-nhieu-ngay",
                                          "luat-cu-cho-thu-viec-bao-lau"]
    meta = {m.get("data-pagefind-meta"): m.text for m in qa.xpath("//span[@data-pagefind-meta]")}
    assert meta["kind"] == "qa"
    assert json.loads(meta["answers"])[0] == {
        "id": "thu-viec-toi-da-bao-nhieu-ngay", "question": "Thử việc tối đa bao nhiêu ngày?",
        "answer": "Không quá 60 ngày với công việc cần trình độ cao đẳng.",
        "basis": "Điều 25 Bộ luật 45/2019/QH14"}
    situation = lxml_html.fromstring(documents[situation_url("hop-dong")])
    words = situation.xpath("string(//main)")  # in the index's spelling of đ (search.py)
    assert fold_d("Tôi có phải ký hợp đồng lao động bằng văn bản không?") in words
    assert "Có thể giao kết bằng lời nói (< 1 tháng)." in words  # the outcomes, as text
    meta = {m.get("data-pagefind-meta"): m.text
            for m in situation.xpath("//span[@data-pagefind-meta]")}
    assert (meta["kind"], json.loads(meta["outcomes"])) == ("situation", [
        "Phải giao kết hợp đồng lao động bằng văn bản.",
        "Có thể giao kết bằng lời nói (< 1 tháng)."])


# ---- catalogue and OAI-PMH -----------------------------------------------------------------


def test_catalogue_records_of_their_own(site: Path) -> None:
    data = json.loads((site / CATALOGUE).read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_SOURCE.read_text("utf-8")))
    assert [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)] == []
    items = {i["id"]: i for i in data["items"]}
    qa = items["qa/lao-dong/thu-viec-toi-da-bao-nhieu-ngay"]
    assert {k: qa[k] for k in ("type", "title", "url", "anchor", "explainer", "section",
                               "asked", "answer", "basis")} == {
        "type": "qa", "title": "Thử việc tối đa bao nhiêu ngày?", "url": "hoi-dap/lao-dong/",
        "anchor": "thu-viec-toi-da-bao-nhieu-ngay", "explainer": "thu-viec",
        "section": "thoi-gian-thu-viec", "asked": "q-7",
        "answer": "Không quá 60 ngày với công việc cần trình độ cao đẳng.",
        "basis": [{"document": "45/2019/QH14", "article": "25"}]}
    assert [d["status"] for d in items["qa/lao-dong/luat-cu-cho-thu-viec-bao-lau"]
            ["documents"]] == ["expired"]
    situation = items["situation/hop-dong"]
    assert (situation["steps"], situation["explainers"]) == (4, ["thu-viec"])
    assert [f["path"] for f in situation["files"]] == [
        f"tinh-huong/hop-dong/{s}index.html"
        for s in ("", "giup-viec/", "phai-van-ban/", "co-the-loi-noi/")]


def test_oai_records_of_their_own(site: Path) -> None:
    root = etree.parse(str(site / OAI_FILE)).getroot()
    ns = {"oai": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/"}
    ids = root.xpath("//oai:record/oai:header/oai:identifier/text()", namespaces=ns)
    host = "tu-sach-thu.invalid"
    assert len(ids) == 4  # the explainer, both Q&A items, the situation
    assert {f"oai:{host}:hoi-dap/lao-dong/thu-viec-toi-da-bao-nhieu-ngay",
            f"oai:{host}:hoi-dap/lao-dong/luat-cu-cho-thu-viec-bao-lau",
            f"oai:{host}:tinh-huong/hop-dong"} <= set(ids)
    (record,) = root.xpath("//oai:record[oai:header/oai:identifier = $id]", namespaces=ns,
                           id=f"oai:{host}:tinh-huong/hop-dong")
    assert record.xpath(".//dc:type/text()", namespaces=ns) == ["InteractiveResource"]
    assert record.xpath(".//dc:identifier/text()", namespaces=ns) == ["tinh-huong/hop-dong/"]
