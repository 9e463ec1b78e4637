"""Translated Q&A and situation pages in their own language: the interface strings in the
page's language (Vietnamese, marked lang="vi", where it has none), what stays Vietnamese
(fields, documents and their statuses, the explainer it leads to) marked so, a FAQPage
JSON-LD of their own, and the answers' Vietnamese recordings offered as what they are;
the Vietnamese pages as they were."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from generators.config import load_config
from generators.library import load_library
from generators.pipeline import build
from generators.site import answers
from generators.speech.espeak import EspeakEngine
from generators.urls import qa_url, situation_step_url, situation_url
from tests.conftest import LANGUAGES, TODAY
from tests.site.conftest import Serve
from tests.site.test_answers import write_library
from tests.site.test_html_validity import describe as describe_html
from tests.site.test_html_validity import vnu_errors
from tests.site.test_quiz_browser import axe

VOICES = """\
default: vi-bac
voices:
  vi-bac: {lang: vi, engine: espeak, voice: vi, label: Giọng miền Bắc}
"""
# ASCII only, so any other letter on these pages outside lang="vi" is a Vietnamese string
# left untranslated.
QA_TEXTS = {
    "thu-viec-toi-da-bao-nhieu-ngay.question": "How long can probation last?",
    "thu-viec-toi-da-bao-nhieu-ngay.answer": "At most **60 days** for work that needs a "
                                             "college degree. Pay < 85% is against the law.",
    "luat-cu-cho-thu-viec-bao-lau.question": "How long did the old law allow?",
    "luat-cu-cho-thu-viec-bao-lau.answer": "Under the old law, at most 60 days.",
}
SITUATION_TEXTS = {
    "title": "Must I sign a written labour contract?",
    "thoi-han.question": "How long does the work last?",
    "thoi-han.option.giup-viec": "Under 1 month",
    "thoi-han.option.phai-van-ban": "1 month or more",
    "giup-viec.question": "Is it domestic work?",
    "giup-viec.option.phai-van-ban": "Yes",
    "giup-viec.option.co-the-loi-noi": "No",
    "phai-van-ban.outcome": "The contract must be in writing.",
    "co-the-loi-noi.outcome": "It may be made orally (< 1 month).",
}
ITEM = "thu-viec-toi-da-bao-nhieu-ngay"
EN_QA = "en/" + qa_url("lao-dong")
HMN_QA = "hmn/" + qa_url("lao-dong")
OUTCOME = "en/" + situation_step_url("hop-dong", "phai-van-ban")
TYPOGRAPHY = set("“”‘’—–…·")


def texts_file(texts: dict[str, str]) -> str:
    return "texts:\n" + "".join(f"  {k}: {json.dumps(v)}\n" for k, v in texts.items())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_library(tmp_path_factory.mktemp("answers-translated") / "lib")
    # H'Mông: a language the tool has no interface strings for.
    extra = {"content/_data/languages.yml": LANGUAGES + "hmn:\n  name: Hmoob\n  name_vi: "
                                                        "Tiếng H'Mông\n",
             "audiobooks/voices.yml": VOICES, "qa/lao-dong.en.yml": texts_file(QA_TEXTS),
             "qa/lao-dong.hmn.yml": texts_file({k: v.replace("How", "Hmoob")
                                                for k, v in QA_TEXTS.items()}),
             "situations/hop-dong.en.yml": texts_file(SITUATION_TEXTS)}
    for rel, text in extra.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    # The situation's translation is of the current Vietnamese (not stale), unreviewed.
    library, _ = load_library(root, TODAY)
    assert library is not None
    (root / "situations/hop-dong.en.yml").write_text(
        f"source_hash: {library.situations['hop-dong'].source_hash}\n"
        + texts_file(SITUATION_TEXTS), "utf-8")
    out = tmp_path_factory.mktemp("answers-translated-site") / "site"
    config = load_config(root, site_dir=out, today=TODAY, search=False, service_worker=False,
                         cache_dir=tmp_path_factory.mktemp("answers-translated-cache"),
                         stages={"audio"})
    report = build(config, engines={"espeak": EspeakEngine()})
    assert report.ok, [p.format() for p in report.errors]
    return out


def tree(site: Path, url: str) -> Any:
    return lxml_html.fromstring((site / url / "index.html").read_bytes())


def content(page: Any) -> Any:
    return page.xpath("//*[@id='__noi-dung']")[0]


def text(element: Any) -> str:
    return " ".join(element.text_content().split())


def lang_at(element: Any) -> str:
    return str(element.xpath("ancestor-or-self::*[@lang][1]/@lang")[0])


def vietnamese_left(page: Any, attributes: bool = True) -> list[str]:
    """The texts (and `attributes`) of the page's content not marked lang="vi" that hold a
    letter outside ASCII (the translations here are ASCII)."""
    lang = page.get("lang")
    found = []
    for element in content(page).iter():
        if not isinstance(element.tag, str):
            continue
        pieces = [(element.text, lang_at(element))]
        parent = element.getparent()
        pieces.append((element.tail, lang_at(parent) if parent is not None else lang))
        pieces += [(element.get(a), lang_at(element)) for a in
                   ("aria-label", "label", "title", "alt", "data-tsp-title") if attributes]
        found += [piece for piece, where in pieces if piece and where != "vi"
                  and any(ord(c) > 127 and c not in TYPOGRAPHY for c in piece)]
    return found


def follow(site: Path, url: str, href: str) -> str:
    target = posixpath.normpath(posixpath.join(url, href))
    target = "" if target == "." else target + "/"
    assert (site / target / "index.html").is_file(), target
    return target


# ---- the Q&A page ------------------------------------------------------------------------


def test_a_translated_qa_page_speaks_its_language(site: Path) -> None:
    page = tree(site, EN_QA)
    assert page.get("lang") == "en"
    assert vietnamese_left(page) == []
    main = content(page)
    crumbs = main.xpath(".//nav[@class='tsp-crumbs']")[0]
    assert crumbs.get("aria-label") == "Breadcrumbs"
    assert [(a.get("href"), a.get("hreflang"), text(a)) for a in crumbs.xpath(".//a")] == [
        ("../../", None, "English"),
        ("../../../hoi-dap/", "vi", "Questions and answers (in Vietnamese)")]
    assert follow(site, EN_QA, "../../") == "en/"
    assert text(main.xpath(".//h1")[0]) == "Questions and answers: Lao động"
    assert main.xpath(".//h1/span[@lang='vi']/text()") == ["Lao động"]
    assert text(main.xpath(".//p[@class='tsp-qa__facts']")[0]) == "2 questions · Topic Lao động"
    first = main.xpath(f".//section[@id='{ITEM}']")[0]
    assert text(first.xpath(".//div[@class='tsp-qa__answer']")[0]) == (
        "At most 60 days for work that needs a college degree. Pay < 85% is against the law.")
    assert text(first.xpath(".//p[@class='tsp-basis__label']")[0]) == (
        "Legal basis (status as of 23/11/2026):")
    # The cited articles, documents and statuses are Vietnamese, and marked so.
    (basis,) = first.xpath(".//ul[@class='tsp-basis__list'][@lang='vi']/li")
    assert text(basis).startswith("Điều 25, Bộ luật 45/2019/QH14 — Bộ luật Lao động")
    assert basis.xpath(".//span[contains(@class, 'tsp-status')]/text()") == ["Đang có hiệu lực"]
    # The explainer exists in Vietnamese only: the link says so.
    (more,) = first.xpath(".//p[@class='tsp-qa__more']")
    assert text(more).startswith("Read more (in Vietnamese): ")
    (link,) = more.xpath("./a[@hreflang='vi'][@lang='vi']")
    assert follow(site, EN_QA, link.get("href").split("#")[0]) == "lao-dong/thu-viec/"
    # A Vietnamese title, yet the description (the search result's text) is English.
    assert page.xpath("//meta[@name='description']/@content") == [
        "2 questions with short answers and their legal basis"]


def test_a_language_without_strings_of_its_own_falls_back_to_marked_vietnamese(
        site: Path) -> None:
    page = tree(site, HMN_QA)
    assert page.get("lang") == "hmn"
    # An attribute cannot mark a part of itself: there the fallback is plain Vietnamese.
    assert vietnamese_left(page, attributes=False) == []
    assert content(page).xpath(".//strong/span[@lang='vi']/text()")[0] == "Căn cứ pháp lý"
    assert "Hmoob long can probation last?" in text(content(page))


def test_a_translated_qa_page_offers_the_vietnamese_recording_as_such(site: Path) -> None:
    page = tree(site, EN_QA)
    (audio,) = page.xpath(f"//section[@id='{ITEM}']//audio")
    clip = f"../../../sach-noi/hoi-dap/lao-dong/{ITEM}/vi-bac"
    assert (audio.get("src"), audio.get("lang")) == (clip + ".mp3", "vi")
    assert [(t.get("src"), t.get("srclang"), t.get("label")) for t in audio.xpath("./track")] == [
        (clip + ".vtt", "vi", "Vietnamese")]
    (label,) = page.xpath(f"//*[@id='{audio.get('aria-labelledby')}']")
    assert lang_at(label) == "en"
    assert text(label) == ("No recording in English yet; listen to the answer in Vietnamese "
                           "(Giọng miền Bắc)")
    # (libxml2 does not know <track> is void: the link is inside it.)
    assert audio.xpath(".//a[@lang='en']/text()") == [
        "Download the answer read aloud in Vietnamese (MP3)"]
    # The Vietnamese page's player as it was.
    (vietnamese,) = tree(site, qa_url("lao-dong")).xpath(f"//section[@id='{ITEM}']//audio")
    assert vietnamese.get("lang") is None
    assert vietnamese.get("aria-label") == (
        "Nghe câu trả lời: Thử việc tối đa bao nhiêu ngày? (Giọng miền Bắc)")


def faq(site: Path, url: str) -> Any:
    (script,) = tree(site, url).xpath("//script[@type='application/ld+json']")
    return json.loads(script.text)


def test_a_translated_qa_page_has_its_own_faqpage(site: Path) -> None:
    data = faq(site, EN_QA)
    assert (data["@type"], data["inLanguage"], data["url"], data["@id"], data["name"]) == (
        "FAQPage", "en", "./", "./#hoi-dap", "Questions and answers: Lao động")
    assert [(q["name"], q["acceptedAnswer"]["text"], q["url"]) for q in data["mainEntity"]] == [
        ("How long can probation last?", "At most 60 days for work that needs a college "
         "degree. Pay < 85% is against the law.", f"./#{ITEM}"),
        ("How long did the old law allow?", "Under the old law, at most 60 days.",
         "./#luat-cu-cho-thu-viec-bao-lau")]
    answer = data["mainEntity"][0]["acceptedAnswer"]
    assert [c["legislationIdentifier"] for c in answer["citation"]] == ["45/2019/QH14"]
    audio = answer["audio"]
    assert (audio["@type"], audio["inLanguage"], audio["contentUrl"]) == (
        "AudioObject", "vi", f"../../../sach-noi/hoi-dap/lao-dong/{ITEM}/vi-bac.mp3")
    assert data["translationOfWork"] == {"@type": "FAQPage", "inLanguage": "vi",
                                         "@id": "../../../hoi-dap/lao-dong/#hoi-dap",
                                         "url": "../../../hoi-dap/lao-dong/"}
    # The Vietnamese page's stays its own.
    vietnamese = faq(site, qa_url("lao-dong"))
    assert (vietnamese["inLanguage"], vietnamese["url"], vietnamese["name"]) == (
        "vi", "./", "Hỏi đáp: Lao động")
    assert vietnamese["mainEntity"][0]["name"] == "Thử việc tối đa bao nhiêu ngày?"
    assert "translationOfWork" not in vietnamese


# ---- the situation -----------------------------------------------------------------------


def shown(page: Any) -> Any:
    (step,) = [s for s in content(page).xpath(".//section[@data-tsp-step]")
               if s.get("hidden") is None]
    return step


def test_a_translated_situation_walked_to_its_outcome_speaks_its_language(site: Path) -> None:
    url = "en/" + situation_url("hop-dong")
    for label in ("Under 1 month", "Yes"):
        page = tree(site, url)
        assert vietnamese_left(page) == [], url
        (link,) = [a for a in shown(page).xpath(".//a") if text(a) == label]
        url = follow(site, url, link.get("href"))
    assert url == OUTCOME
    page = tree(site, url)
    assert page.get("lang") == "en"
    assert vietnamese_left(page) == []
    crumbs = content(page).xpath(".//nav[@class='tsp-crumbs']//a")
    assert [(follow(site, url, a.get("href")), a.get("hreflang"), text(a)) for a in crumbs] == [
        ("en/", None, "English"), ("tinh-huong/", "vi", "Legal situations (in Vietnamese)")]
    step = shown(page)
    assert text(step.xpath("./h2")[0]) == "Conclusion"
    assert text(step.xpath(".//div[@class='tsp-step__outcome']")[0]) == (
        "The contract must be in writing.")
    assert step.xpath(".//ul[@class='tsp-basis__list']/@lang") == ["vi"]
    assert text(step.xpath(".//p[@class='tsp-step__more']")[0]).startswith(
        "Read more (in Vietnamese): Thử việc tối đa bao lâu?")
    (again,) = step.xpath(".//p[@class='tsp-step__again']/a")
    assert text(again) == "Start again from the first question"
    assert follow(site, url, again.get("href")) == "en/" + situation_url("hop-dong")
    # Not checked by a native speaker: the page says so, in English.
    assert [text(p) for p in content(page).xpath(".//p[@role='note']")] == [
        "This translation has not yet been checked by a native speaker. If anything is "
        "unclear, read the Vietnamese original."]


def test_the_vietnamese_pages_keep_their_vietnamese_interface(site: Path) -> None:
    page = tree(site, situation_step_url("hop-dong", "phai-van-ban"))
    assert text(shown(page).xpath("./h2")[0]) == "Kết luận"
    assert content(page).xpath(".//p[@role='note']") == []
    assert [text(a) for a in content(page).xpath(".//nav[@class='tsp-crumbs']//a")] == [
        "Trang chủ", "Tình huống pháp lý"]
    qa = content(tree(site, qa_url("lao-dong")))
    assert text(qa.xpath(".//p[@class='tsp-qa__facts']")[0]) == "2 câu hỏi · Lĩnh vực Lao động"
    assert qa.xpath(".//ul[@class='tsp-basis__list']/@lang") == []


def test_the_translated_pages_are_valid_html(site: Path) -> None:
    pages = [site / u / "index.html" for u in (
        EN_QA, HMN_QA, "en/" + situation_url("hop-dong"), OUTCOME)]
    errors = vnu_errors(pages)
    assert errors == [], describe_html(errors, site)


@pytest.mark.browser
def test_axe_finds_nothing_on_the_translated_pages(site: Path, serve: Serve,
                                                   browser: Any) -> None:
    served = serve(site)
    context = browser.new_context(locale="en-GB", service_workers="block")
    try:
        page = context.new_page()
        for url in (EN_QA, HMN_QA, OUTCOME):
            page.goto(served + url)
            axe(page, url)
    finally:
        context.close()


def test_read_more_leads_to_the_explainer_in_the_page_language_when_translated(
        tmp_path: Path) -> None:
    root = write_library(tmp_path / "lib")
    (root / "qa/lao-dong.en.yml").write_text(texts_file(QA_TEXTS), "utf-8")
    (root / "content/lao-dong/thu-viec.en.md").write_text(
        '---\ntitle: "Probation"\ndescription: "How long."\n---\n## Probation\n\nAt most 60 '
        'days.\n', "utf-8")
    library, problems = load_library(root, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    (page,) = [p for p in answers.plan(library, []) if p.url == EN_QA]
    (more,) = lxml_html.fromstring(page.html).xpath(f"//section[@id='{ITEM}']"
                                                    "//p[@class='tsp-qa__more']")
    # The whole translation: its sections are not the Vietnamese ones.
    assert text(more) == "Read more: Probation"
    assert [(a.get("href"), a.get("hreflang")) for a in more.xpath("./a")] == [
        ("../../lao-dong/thu-viec/", None)]


def test_the_language_home_lists_them_as_their_pages_name_them(site: Path) -> None:
    """A language with translated Q&A and situations only (no explainer) has a home too:
    their crumbs lead there."""
    home = content(tree(site, "en/")).xpath(".//section[@aria-labelledby='hoi-dap']")[0]
    links = home.xpath(".//h3/a")
    assert [(text(a), a.get("href")) for a in links] == [
        ("Questions and answers: Lao động", "hoi-dap/lao-dong/"),
        ("Must I sign a written labour contract?", "tinh-huong/hop-dong/")]
    assert links[0].xpath("./span[@lang='vi']/text()") == ["Lao động"]
    assert (site / "hmn" / "index.html").is_file()
    # No explainer to count, search or shelve: none of "0 explainers", a search box or an
    # empty "By topic".
    page = content(tree(site, "en/"))
    assert page.xpath(".//p[@class='tsp-lead'] | .//form | .//*[@id='theo-linh-vuc']") == []
