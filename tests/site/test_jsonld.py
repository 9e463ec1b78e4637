"""schema.org JSON-LD of explainer and translation pages, and its <script> element."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import pytest

from generators.site.jsonld import (
    explainer_jsonld,
    iso_duration,
    jsonld_script,
)
from tests.exports.test_catalogue import SITE_NAME, SmallSite, small_site

SITE_URL = "https://phapluat.example.vn/tu-sach/"


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> SmallSite:
    return small_site(tmp_path_factory)


def jsonld(built: SmallSite, slug: str, lang: str = "vi",
           site_url: str | None = SITE_URL) -> dict[str, Any]:
    explainer = built.library.explainer(slug)
    item = explainer if lang == "vi" else next(t for t in explainer.translations
                                               if t.lang == lang)
    return explainer_jsonld(built.library, item, built.media, site_url, site_name=SITE_NAME)


def test_an_explainer_is_an_article_about_the_legislation_it_explains(
        exported: SmallSite) -> None:
    data = jsonld(exported, "thu-viec")
    organization = {"@type": "Organization", "name": SITE_NAME, "url": SITE_URL}
    page = SITE_URL + "lao-dong/thu-viec/"
    assert {k: v for k, v in data.items() if k not in ("audio", "video", "associatedMedia")} == {
        "@context": "https://schema.org", "@type": "Article", "@id": page + "#bai-viet",
        "url": page, "mainEntityOfPage": page, "headline": "Thử việc tối đa bao lâu?",
        "description": "Mô tả ngắn.", "inLanguage": "vi", "dateModified": "2026-11-01",
        "isAccessibleForFree": True, "publisher": organization, "author": organization,
        "isPartOf": {"@type": "WebSite", "name": SITE_NAME, "url": SITE_URL},
        "articleSection": "Lao động", "keywords": "thử việc",
        "audience": [{"@type": "Audience", "audienceType": "Người lao động"}],
        "image": SITE_URL + "the-chia-se/thu-viec.png",
        "about": [{
            "@type": "Legislation", "@id": SITE_URL + "van-ban/45-2019-qh14/",
            "legislationIdentifier": "45/2019/QH14", "name": "Bộ luật Lao động",
            "legislationType": "Bộ luật", "legislationDate": "2019-11-20",
            "legislationPassedBy": {"@type": "Organization", "name": "Quốc hội"},
            "legislationJurisdiction": "VN",
            "legislationLegalForce": "https://schema.org/InForce",
            "url": "https://example.org/blld"}],
        "encoding": [{"@type": "MediaObject", "name": "Thử việc tối đa bao lâu?",
                      "contentUrl": SITE_URL + "sach-dien-tu/thu-viec.epub",
                      "encodingFormat": "application/epub+zip", "inLanguage": "vi"}],
        "workTranslation": [{"@type": "Article", "@id": SITE_URL + "en/lao-dong/thu-viec/#bai-viet",
                             "url": SITE_URL + "en/lao-dong/thu-viec/",
                             "headline": "How long is probation?", "inLanguage": "en"}],
    }


def test_audio_video_and_infographics(exported: SmallSite) -> None:
    data = jsonld(exported, "thu-viec")
    book = exported.media.audio["thu-viec"][0]
    (audio,) = data["audio"]
    assert audio == {
        "@type": "AudioObject", "name": "Thử việc tối đa bao lâu? (Giọng miền Bắc)",
        "contentUrl": SITE_URL + "sach-noi/thu-viec/vi-bac.mp3", "encodingFormat": "audio/mpeg",
        "duration": iso_duration(book.duration), "inLanguage": "vi",
        "caption": {"@type": "MediaObject", "contentUrl": SITE_URL + "sach-noi/thu-viec/vi-bac.vtt",
                    "encodingFormat": "text/vtt", "inLanguage": "vi"},
        "transcript": " ".join(cue.text for cue in book.cues)}
    assert "Không quá 60 ngày." in audio["transcript"]
    assert data["video"] == {
        "@type": "VideoObject", "name": "Thử việc tối đa bao lâu?", "description": "Mô tả ngắn.",
        "thumbnailUrl": SITE_URL + "video/thu-viec/poster.jpg", "uploadDate": "2026-11-01",
        "duration": "PT12S", "contentUrl": SITE_URL + "video/thu-viec/video.mp4",
        "encodingFormat": "video/mp4", "width": 1280, "height": 720, "inLanguage": "vi",
        "caption": {"@type": "MediaObject", "contentUrl": SITE_URL + "video/thu-viec/phu-de.vi.vtt",
                    "encodingFormat": "text/vtt", "inLanguage": "vi"}}
    assert data["associatedMedia"] == [{
        "@type": "ImageObject", "name": "Các bước thử việc",
        "contentUrl": SITE_URL + "infographic/cac-buoc/doc.png", "encodingFormat": "image/png",
        "width": 1080, "height": 1350, "inLanguage": "vi"}]


def test_legal_force_follows_the_status_on_the_build_date(exported: SmallSite) -> None:
    about = jsonld(exported, "so-do")["about"]
    assert [(d["legislationIdentifier"], d["legislationLegalForce"], d.get("expires"))
            for d in about] == [
        ("31/2024/QH15", "https://schema.org/InForce", None),
        ("10/2012/QH13", "https://schema.org/NotInForce", "2021-01-01"),  # expired
        ("99/2027/QH15", "https://schema.org/NotInForce", None)]  # not yet in force


def test_a_translation_points_at_its_source(exported: SmallSite) -> None:
    data = jsonld(exported, "thu-viec", "en")
    assert (data["@id"], data["inLanguage"], data["headline"], data["creditText"]) == (
        SITE_URL + "en/lao-dong/thu-viec/#bai-viet", "en", "How long is probation?",
        "Lan Nguyễn")
    assert data["translationOfWork"] == {
        "@type": "Article", "@id": SITE_URL + "lao-dong/thu-viec/#bai-viet",
        "url": SITE_URL + "lao-dong/thu-viec/", "headline": "Thử việc tối đa bao lâu?",
        "inLanguage": "vi"}
    assert "workTranslation" not in data
    assert [a["contentUrl"] for a in data["audio"]] == [
        SITE_URL + "sach-noi/thu-viec/en/en-espeak.mp3"]
    assert data["encoding"][0]["contentUrl"] == SITE_URL + "sach-dien-tu/thu-viec.en.epub"
    assert data["video"]["inLanguage"] == "vi"  # the video exists in Vietnamese only
    assert data["image"] == SITE_URL + "the-chia-se/thu-viec.en.png"
    stale = jsonld(exported, "so-do", "en")
    assert ("creditText" in stale, "encoding" in stale, "video" in stale) == (False, False, False)


def strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


@pytest.mark.parametrize(("slug", "lang"), [("thu-viec", "vi"), ("thu-viec", "en")])
def test_without_a_site_url_addresses_resolve_from_the_page(exported: SmallSite, slug: str,
                                                            lang: str) -> None:
    absolute = dict(strings(jsonld(exported, slug, lang)))
    relative = dict(strings(jsonld(exported, slug, lang, site_url=None)))
    page = SITE_URL + ("lao-dong/thu-viec/" if lang == "vi" else "en/lao-dong/thu-viec/")
    ours = {path: url for path, url in absolute.items() if url.startswith(SITE_URL)}
    assert len(ours) > 15
    for path, url in ours.items():
        assert "://" not in relative[path], path
        assert urljoin(page, relative[path]) == url, path
    others = {path: value for path, value in absolute.items() if path not in ours}
    assert {path: relative[path] for path in others} == others


def test_the_script_element_is_safe_compact_json() -> None:
    data = {"headline": "Đóng </script><script>alert(1)</script> <!-- x -->", "n": [1, 2]}
    html = str(jsonld_script(data))
    match = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', html, re.S)
    assert match is not None
    inner = match.group(1)
    assert "</" not in inner and "<!--" not in inner
    assert inner == ('{"headline":"Đóng <\\/script><script>alert(1)<\\/script> \\u003c!-- x -->",'
                     '"n":[1,2]}')
    assert json.loads(inner) == data
    assert jsonld_script(data).__html__() == html  # Markup: Jinja2 will not escape it again


def test_iso_durations() -> None:
    assert [iso_duration(s) for s in (0, 0.4, 5, 185.4, 3600, 3725.6)] == [
        "PT0S", "PT0S", "PT5S", "PT3M5S", "PT1H", "PT1H2M6S"]
