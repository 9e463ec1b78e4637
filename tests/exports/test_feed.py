"""atom.xml read by a real feed reader's parser (feedparser)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import feedparser
import pytest

from generators.exports.feed import write_feed
from tests.exports.test_catalogue import SITE_NAME, SmallSite, small_site

SITE_URL = "https://phapluat.example.vn/tu-sach/"


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> SmallSite:
    return small_site(tmp_path_factory)


def links(entry: Any, rel: str) -> list[tuple[str, str, str]]:
    return [(link["href"], link["type"], link.get("length", ""))
            for link in entry.links if link["rel"] == rel]


def test_the_feed_lists_every_version_newest_first(exported: SmallSite) -> None:
    parsed = feedparser.parse((exported.site / "atom.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    feed = parsed.feed
    assert (feed.title, feed.updated, feed.language, feed.author, feed.rights) == (
        SITE_NAME, "2026-11-10T00:00:00Z", "vi", SITE_NAME, "© Sở Tư pháp")
    assert [(e.title, e.updated, e.title_detail.language) for e in parsed.entries] == [
        ("Làm sổ đỏ lần đầu", "2026-11-10T00:00:00Z", "vi"),
        ("First land certificate", "2026-11-10T00:00:00Z", "en"),
        ("Thử việc tối đa bao lâu?", "2026-11-01T00:00:00Z", "vi"),
        ("How long is probation?", "2026-11-01T00:00:00Z", "en")]  # no draft
    ids = [e.id for e in parsed.entries]
    assert len(set(ids)) == 4 and all(i.startswith("urn:uuid:") for i in ids)


def test_entries_link_their_page_audio_and_ebook(exported: SmallSite) -> None:
    parsed = feedparser.parse((exported.site / "atom.xml").read_bytes())
    vietnamese, english = parsed.entries[2], parsed.entries[3]
    book = exported.media.audio["thu-viec"][0]
    ebook = exported.media.ebooks["thu-viec"]
    assert links(vietnamese, "alternate") == [("lao-dong/thu-viec/", "text/html", "")]
    assert links(vietnamese, "enclosure") == [
        ("sach-noi/thu-viec/vi-bac.mp3", "audio/mpeg", str(book.size)),
        ("sach-dien-tu/thu-viec.epub", "application/epub+zip", str(ebook.size))]
    assert (vietnamese.summary, vietnamese.tags[0].term, vietnamese.tags[0].label) == (
        "Mô tả ngắn.", "lao-dong", "Lao động")
    english_book = exported.media.translated_audio[("thu-viec", "en")][0]
    assert links(english, "alternate") == [("en/lao-dong/thu-viec/", "text/html", "")]
    assert links(english, "related") == [("lao-dong/thu-viec/", "text/html", "")]
    assert links(english, "enclosure") == [
        ("sach-noi/thu-viec/en/en-espeak.mp3", "audio/mpeg", str(english_book.size)),
        ("sach-dien-tu/thu-viec.en.epub", "application/epub+zip",
         str(exported.media.ebooks["thu-viec.en"].size))]
    assert links(parsed.entries[0], "enclosure") == [
        ("sach-noi/so-do/vi-bac.mp3", "audio/mpeg",
         str(exported.media.audio["so-do"][0].size))]


def test_with_a_site_url_every_address_is_absolute(exported: SmallSite, tmp_path: Path) -> None:
    write_feed(tmp_path, exported.library, exported.media, site_name=SITE_NAME,
               site_url=SITE_URL.rstrip("/"))
    parsed = feedparser.parse((tmp_path / "atom.xml").read_bytes())
    assert parsed.bozo == 0
    assert parsed.feed.id == SITE_URL + "atom.xml"
    assert [link["href"] for link in parsed.feed.links] == [SITE_URL + "atom.xml", SITE_URL]
    assert [e.id for e in parsed.entries] == [
        SITE_URL + "dat-dai/so-do/", SITE_URL + "en/dat-dai/so-do/",
        SITE_URL + "lao-dong/thu-viec/", SITE_URL + "en/lao-dong/thu-viec/"]
    hrefs = [link["href"] for e in parsed.entries for link in e.links]
    assert len(hrefs) == 12 and all(h.startswith(SITE_URL) for h in hrefs)
    assert "rights" not in parsed.feed


def test_entry_ids_do_not_depend_on_the_build(exported: SmallSite, tmp_path: Path) -> None:
    write_feed(tmp_path, exported.library, exported.media, site_name=SITE_NAME, site_url=None)
    again = feedparser.parse((tmp_path / "atom.xml").read_bytes())
    first = feedparser.parse((exported.site / "atom.xml").read_bytes())
    assert [e.id for e in again.entries] == [e.id for e in first.entries]
    assert again.feed.id == first.feed.id
