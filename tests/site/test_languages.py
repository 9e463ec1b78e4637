"""Translations on the site: pages under <lang>/ (3-letter codes too), the switcher,
hreflang, per-language sitemap links, search and audio, the glossary, stale notices."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from lxml import html as lxml_html
from playwright.sync_api import expect

from generators.config import load_config
from generators.pipeline import build
from tests.conftest import TODAY, LibraryMaker, explainer

SOURCE = "lao-dong/thoi-gian-thu-viec/"


def page_tree(site: Path, rel: str) -> Any:
    return lxml_html.fromstring((site / rel / "index.html").read_bytes())


def switcher(tree: Any) -> list[tuple[str, str | None]]:
    """(language code, link or None for the current one) of the language switcher."""
    out = []
    for li in tree.xpath("//nav[contains(@class,'tsp-langs')]//li"):
        link = li.xpath("./a")
        out.append((li[0].get("lang"), link[0].get("href") if link else None))
    return out


def alternates(tree: Any) -> dict[str, str]:
    return {link.get("hreflang"): link.get("href")
            for link in tree.xpath("//head/link[@rel='alternate'][@hreflang]")}


def test_a_translation_is_published_under_its_language_with_a_3_letter_code(
        built_site: Path) -> None:
    for lang in ("en", "hmn"):
        tree = page_tree(built_site, f"{lang}/{SOURCE}")
        assert tree.get("lang") == lang
        assert tree.xpath("//h1")[0].text_content() != page_tree(
            built_site, SOURCE).xpath("//h1")[0].text_content()
    english = page_tree(built_site, f"en/{SOURCE}")
    assert english.xpath("//h1")[0].text_content().startswith("How long")
    # Not checked by a native speaker: the page says so, in the page's language...
    notes = [p.text_content() for p in english.xpath("//p[@role='note']")]
    assert "This translation has not yet been checked by a native speaker." in notes[0]
    # ...or in Vietnamese, marked as such, where the language has no interface strings.
    hmong = page_tree(built_site, f"hmn/{SOURCE}")
    note = hmong.xpath("//p[@role='note']/span[@lang='vi']")[0]
    assert note.text_content().startswith("Bản dịch này chưa được người bản ngữ kiểm tra")


def test_switcher_offers_only_the_languages_an_explainer_exists_in(built_site: Path) -> None:
    assert switcher(page_tree(built_site, SOURCE)) == [
        ("vi", None), ("en", "../../en/lao-dong/thoi-gian-thu-viec/"),
        ("hmn", "../../hmn/lao-dong/thoi-gian-thu-viec/")]
    assert switcher(page_tree(built_site, f"hmn/{SOURCE}")) == [
        ("vi", "../../../lao-dong/thoi-gian-thu-viec/"),
        ("en", "../../../en/lao-dong/thoi-gian-thu-viec/"), ("hmn", None)]
    untranslated = page_tree(built_site, "dat-dai/cap-so-do-lan-dau/")
    assert switcher(untranslated) == [] and alternates(untranslated) == {}


def test_every_version_names_all_versions_for_search_engines(built_site: Path) -> None:
    assert alternates(page_tree(built_site, SOURCE)) == {
        "vi": "./", "x-default": "./", "en": "../../en/lao-dong/thoi-gian-thu-viec/",
        "hmn": "../../hmn/lao-dong/thoi-gian-thu-viec/"}
    assert alternates(page_tree(built_site, f"en/{SOURCE}")) == {
        "vi": "../../../lao-dong/thoi-gian-thu-viec/",
        "x-default": "../../../lao-dong/thoi-gian-thu-viec/", "en": "./",
        "hmn": "../../../hmn/lao-dong/thoi-gian-thu-viec/"}
    sitemap = (built_site / "sitemap.xml").read_text("utf-8")
    row = re.search(r"<url><loc>en/lao-dong/thoi-gian-thu-viec/</loc>.*?</url>", sitemap)[0]
    assert re.findall(r'hreflang="([^"]+)" href="([^"]+)"', row) == [
        ("vi", "lao-dong/thoi-gian-thu-viec/"), ("en", "en/lao-dong/thoi-gian-thu-viec/"),
        ("hmn", "hmn/lao-dong/thoi-gian-thu-viec/")]
    assert "bien-tap/" not in sitemap  # the editors' page is not a landing page


def test_each_language_has_a_home_listing_what_exists_in_it(built_site: Path) -> None:
    home = page_tree(built_site, "en/")
    assert home.get("lang") == "en"
    links = sorted(a.get("href") for a in home.xpath("//li[@class='tsp-card']//h4/a"))
    assert links == ["an-ninh-mang/nhan-biet-lua-dao-truc-tuyen/",
                     "hoa-giai-co-so/hoa-giai-o-co-so-la-gi/", "lao-dong/thoi-gian-thu-viec/"]
    languages = page_tree(built_site, "ngon-ngu/")
    assert [a.text_content() for a in languages.xpath("//ul[@class='tsp-languages']//a")] == [
        "English", "Hmoob"]


def test_audio_where_the_language_has_a_voice_and_a_note_where_not(built_site: Path) -> None:
    english = page_tree(built_site, f"en/{SOURCE}")
    audio = english.xpath("//section[contains(@class,'tsp-audio')]//audio")[0]
    assert audio.get("src") == "../../../sach-noi/thoi-gian-thu-viec/en/en-espeak.mp3"
    assert (built_site / "sach-noi/thoi-gian-thu-viec/en/en-espeak.mp3").is_file()
    hmong = page_tree(built_site, f"hmn/{SOURCE}")
    assert hmong.xpath("//audio") == []
    note = hmong.xpath("//p[@class='tsp-noaudio']")[0]
    assert "Chưa có sách nói bằng tiếng này" in note.text_content()
    assert note.xpath(".//a/@href") == ["../../../lao-dong/thoi-gian-thu-viec/#nghe-bai-nay"]


def test_glossary_terms_are_marked_and_defined_on_the_page(built_site: Path) -> None:
    glossary = page_tree(built_site, "thuat-ngu/")
    ids = glossary.xpath("//dl[@class='tsp-glossary']/dt/@id")
    assert len(ids) >= 30
    tree = page_tree(built_site, SOURCE)
    terms = tree.xpath("//div[@class='tsp-body']//a[@class='tsp-term']")
    assert terms, "no glossary term marked"
    for term in terms:
        definition = tree.xpath(f"//dd[@id='{term.get('aria-describedby')}']")
        assert definition and definition[0].text_content().strip()
        assert term.get("href").split("#")[1] in ids
        assert term.xpath("./dfn")


def test_editors_see_each_translation_state(built_site: Path) -> None:
    tree = page_tree(built_site, "bien-tap/ban-dich/")
    assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"]
    rows = {(r.xpath("./th")[0].text_content(), r.xpath("./td")[0].text_content()):
            r.xpath("./td")[1].text_content() for r in tree.xpath("//tbody/tr")}
    title = page_tree(built_site, SOURCE).xpath("//h1")[0].text_content()
    assert rows[(title, "Tiếng H'Mông (hmn)")] == "cập nhật"
    assert rows[(page_tree(built_site, "dat-dai/cap-so-do-lan-dau/").xpath("//h1")[0]
                 .text_content(), "Tiếng Anh (en)")] == "chưa có"


def test_a_stale_translation_says_so_and_links_the_vietnamese_page(
        tmp_library: LibraryMaker, tmp_path: Path) -> None:
    translation = ('---\ntitle: "Trial work"\ndescription: "Short."\n'
                   'source_hash: "0000"\n---\n## Trial period\n\nAt most 60 days.\n')
    root = tmp_library({
        "content/_data/languages.yml": "vi:\n  name: Tiếng Việt\n  name_vi: Tiếng Việt\n"
                                       "en:\n  name: English\n  name_vi: Tiếng Anh\n"
                                       "rad:\n  name: Rhade\n  name_vi: Tiếng Ê Đê\n",
        "content/lao-dong/thu-viec.en.md": translation,
        "content/lao-dong/thu-viec.rad.md": translation.replace('source_hash: "0000"\n', ""),
        "content/dat-dai/so-do.md": explainer("Sổ đỏ", "dat-dai", "[]"),
    })
    report = build(load_config(root, site_dir=tmp_path / "site", today=TODAY, search=False,
                               stages={"compress"}))
    assert report.ok, report.errors
    assert report.detail("translations", "counts") == "Bản dịch: 0 cập nhật, 2 cũ, 2 chưa có."
    for lang in ("en", "rad"):
        tree = page_tree(tmp_path / "site", f"{lang}/lao-dong/thu-viec/")
        assert tree.get("lang") == lang
        stale = tree.xpath("//p[contains(@class,'tsp-stale')]")[0]
        assert stale.xpath(".//a/@href") == ["../../../lao-dong/thu-viec/"]
    english = page_tree(tmp_path / "site", "en/lao-dong/thu-viec/")
    assert english.xpath("//p[contains(@class,'tsp-stale')]")[0].text_content().startswith(
        "The Vietnamese original was changed after this translation was made")
    # No interface strings for Ê Đê: the notice is in Vietnamese, marked so.
    rhade = page_tree(tmp_path / "site", "rad/lao-dong/thu-viec/")
    assert rhade.xpath("//p[contains(@class,'tsp-stale')]/span[@lang='vi']")


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "query", "prefix"), [
    ("en", "trial period", "en/"), ("hmn", "sim ua haujlwm", "hmn/")])
def test_each_language_searches_its_own_pages(page: Any, base_url: str, lang: str, query: str,
                                              prefix: str) -> None:
    page.goto(f"{base_url}{lang}/tim-kiem/?q={quote(query)}")
    expect(page.locator("#tsp-search")).to_have_attribute("data-done", re.compile(".+"),
                                                          timeout=15000)
    links = [a.evaluate("a => a.href") for a in page.locator("#tsp-search-results h2 a").all()]
    assert links, page.locator("#tsp-search-status").inner_text()
    assert all(link.startswith(base_url + prefix) for link in links), links
    # A result points to its best section: the page, at one of its headings.
    assert any(link.split("#")[0].endswith(f"{prefix}lao-dong/thoi-gian-thu-viec/")
               for link in links), links


@pytest.mark.browser
def test_vietnamese_search_never_shows_translations(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}tim-kiem/?q={quote('thử việc')}")
    expect(page.locator("#tsp-search")).to_have_attribute("data-done", re.compile(".+"),
                                                          timeout=15000)
    links = [a.evaluate("a => a.href") for a in page.locator("#tsp-search-results h2 a").all()]
    assert links and not any(f"{base_url}en/" in u or f"{base_url}hmn/" in u for u in links)


def test_a_translation_shares_its_own_card_and_shows_the_vietnamese_media(
        built_site: Path) -> None:
    tree = page_tree(built_site, f"en/{SOURCE}")
    meta = {m.get("property"): m.get("content") for m in tree.xpath("//head/meta[@property]")}
    assert (meta["og:type"], meta["og:locale"]) == ("article", "en_US")
    assert meta["og:image"] == "../../../the-chia-se/thoi-gian-thu-viec.en.png"
    assert (built_site / "the-chia-se/thoi-gian-thu-viec.en.png").is_file()
    # The infographic and the video exist in Vietnamese: shown, and marked as such.
    section = tree.xpath("//section[@aria-labelledby='infographic']")[0]
    assert section.xpath("./h2")[0].text_content() == "Infographics (in Vietnamese)"
    assert section.xpath("./div/@lang") == ["vi"]
    assert section.xpath(".//figure//img")
    assert tree.xpath("//div[@lang='vi']/section[@aria-labelledby='xem-video']//video")
