"""The site's URL rules (generators/urls.py): the addresses pages and files are published at."""

from __future__ import annotations

import pytest

from generators import urls
from generators.library.model import VIETNAMESE


def test_the_bookshelf_language_is_the_library_one() -> None:
    assert urls.VIETNAMESE == VIETNAMESE


def test_pages() -> None:
    assert urls.explainer_url("lao-dong", "thu-viec") == "lao-dong/thu-viec/"
    assert urls.translation_url("vi", "lao-dong", "thu-viec") == "lao-dong/thu-viec/"
    assert urls.translation_url("en", "lao-dong", "thu-viec") == "en/lao-dong/thu-viec/"
    assert urls.language_home_url("hmn") == "hmn/"
    assert urls.language_search_url("hmn") == "hmn/tim-kiem/"


def test_files() -> None:
    assert urls.audio_url("thu-viec", "vi", "nu", ".mp3") == "sach-noi/thu-viec/nu.mp3"
    assert urls.audio_url("thu-viec", "en", "nu", ".vtt") == "sach-noi/thu-viec/en/nu.vtt"
    assert urls.PODCAST_FEED == urls.podcast_feed_url("podcast") == "sach-noi/podcast.xml"
    assert urls.infographic_url("cac-buoc", "doc", ".png") == "infographic/cac-buoc/doc.png"
    assert urls.video_url("thu-viec", "vertical") == "video/thu-viec/video-doc.mp4"
    assert urls.ebook_url("linh-vuc/lao-dong") == "sach-dien-tu/linh-vuc/lao-dong.epub"
    assert urls.card_url("") == "the-chia-se/tu-sach.png"
    assert urls.BUNDLE_URL == "tai-ve/tu-sach-phap-luat-so.zip"
    with pytest.raises(ValueError, match="unknown video part"):
        urls.video_url("thu-viec", "audio")


def test_addresses() -> None:
    assert urls.site_base("https://example.org/tu-sach") == "https://example.org/tu-sach/"
    assert urls.site_base(None) == ""
    assert urls.site_host("https://example.org/tu-sach/", "x") == "example.org"
    assert urls.site_host(None, "tu-sach-thu") == "tu-sach-thu.invalid"
    assert urls.site_host(None, "") == "tu-sach.invalid"
    assert urls.repository_url(None, "a") == "http://a.invalid/oai-pmh.xml"


def test_direct_answers() -> None:
    assert urls.qa_url("lao-dong") == "hoi-dap/lao-dong/"
    assert urls.qa_item_url("lao-dong", "thu-viec") == "hoi-dap/lao-dong/#thu-viec"
    assert urls.situation_url("hop-dong") == "tinh-huong/hop-dong/"
    assert urls.situation_step_url("hop-dong", "giup-viec") == "tinh-huong/hop-dong/giup-viec/"
    assert urls.qa_audio_url("lao-dong", "thu-viec", "vi-bac", ".mp3") == \
        "sach-noi/hoi-dap/lao-dong/thu-viec/vi-bac.mp3"
    # The question form lives under the Q&A folder: no Q&A file may take its name.
    assert urls.QUESTION_URL.startswith(urls.QA_URL)
    assert urls.QA_RESERVED == {"gui-cau-hoi"}
