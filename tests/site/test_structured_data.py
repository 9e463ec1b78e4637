"""schema.org JSON-LD in the built pages: the Article, the laws it is about, its audio,
video and e-book, and the links between an explainer and its translations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lxml import html as lxml_html

SOURCE = "lao-dong/thoi-gian-thu-viec/"


def jsonld(site: Path, rel: str) -> list[dict[str, Any]]:
    tree = lxml_html.fromstring((site / rel / "index.html").read_bytes())
    return [json.loads(s.text) for s in tree.xpath("//script[@type='application/ld+json']")]


def test_an_explainer_page_describes_itself_as_an_article_about_laws(built_site: Path) -> None:
    [data] = jsonld(built_site, SOURCE)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["inLanguage"] == "vi"
    title = lxml_html.fromstring((built_site / SOURCE / "index.html").read_bytes()) \
        .xpath("//h1")[0].text_content()
    assert data["headline"] == title
    laws = data["about"]
    assert laws and all(law["@type"] == "Legislation" for law in laws)
    assert "45/2019/QH14" in [law["legislationIdentifier"] for law in laws]
    # Every URL in it leads to a file of the site (relative: the test build has no site_url).
    audio = data["audio"]
    assert [a["@type"] for a in audio] == ["AudioObject"] * len(audio) and len(audio) == 3
    video = data["video"]
    assert video["@type"] == "VideoObject"
    for url in [a["contentUrl"] for a in audio] + [video["contentUrl"], video["thumbnailUrl"]]:
        assert (built_site / SOURCE / url).resolve().is_file(), url
    assert [t["inLanguage"] for t in data["workTranslation"]] == ["en", "hmn"]


def test_a_translation_points_back_to_its_source(built_site: Path) -> None:
    [data] = jsonld(built_site, "en/" + SOURCE)
    assert data["inLanguage"] == "en"
    assert data["translationOfWork"]["inLanguage"] == "vi"


def test_bookshelf_pages_carry_no_article_data(built_site: Path) -> None:
    assert jsonld(built_site, "") == []
    assert jsonld(built_site, "lao-dong/") == []
