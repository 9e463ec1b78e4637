"""Audiobooks on the built starter site: the player, the audiobooks page, the podcast feeds."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from lxml import html as lxml_html
from playwright.sync_api import expect

from generators.speech.audio import measure, read_id3_chapters
from tests.conftest import ROOT

EXPLAINER = "lao-dong/thoi-gian-thu-viec/"
SLUG = "thoi-gian-thu-viec"
VOICES = ["vi-bac", "vi-trung", "vi-nam"]
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"


def page_tree(site: Path, rel: str) -> Any:
    return lxml_html.fromstring((site / rel / "index.html").read_bytes())


def sections_of(slug: str) -> list[str]:
    source = next(ROOT.glob(f"content/*/{slug}.md")).read_text("utf-8")
    return re.findall(r"^## (.+)$", source, re.MULTILINE)


def test_every_voice_of_every_explainer_is_published_with_its_chapters(built_site: Path) -> None:
    explainers = [p.stem for p in ROOT.glob("content/*/*.md") if p.stem.count(".") == 0]
    for slug in explainers:
        for voice in VOICES:
            mp3 = built_site / "sach-noi" / slug / f"{voice}.mp3"
            assert mp3.is_file(), mp3
            chapters = json.loads((mp3.parent / f"{voice}.chapters.json")
                                  .read_text("utf-8"))["chapters"]
            assert [c["title"] for c in chapters][1:] == sections_of(slug)
        # The online voice could not be reached: no file, no dead link.
        assert not (built_site / "sach-noi" / slug / "vi-hoaimy.mp3").exists()
    mp3 = built_site / "sach-noi" / SLUG / "vi-bac.mp3"
    loudness = measure(mp3)
    assert loudness.integrated_lufs == pytest.approx(-19, abs=1)
    assert loudness.true_peak_dbtp <= -1
    assert [m.title for m in read_id3_chapters(mp3)][1:] == sections_of(SLUG)


def test_the_explainer_page_carries_the_player_chapters_and_transcript(built_site: Path) -> None:
    tree = page_tree(built_site, EXPLAINER)
    audio = tree.xpath("//section[contains(@class, 'tsp-audio')]//audio")[0]
    assert audio.get("src") == f"../../sach-noi/{SLUG}/vi-bac.mp3"
    assert audio.get("preload") == "none" and audio.get("controls") is not None
    options = tree.xpath("//select[@data-act='voice']/option")
    assert [o.get("value") for o in options] == VOICES
    assert [o.text for o in options] == ["Giọng miền Bắc", "Giọng miền Trung", "Giọng miền Nam"]
    speeds = [o.get("value") for o in tree.xpath("//select[@data-act='rate']/option")]
    assert speeds == ["0.75", "1", "1.25", "1.5", "1.75", "2"]
    chapters = [a.text for a in tree.xpath("//ol[contains(@class, 'tsp-chapters')]//a")]
    assert chapters == ["Mở đầu", *sections_of(SLUG)]
    vtt = (built_site / "sach-noi" / SLUG / "vi-bac.vtt").read_text("utf-8")
    cues = tree.xpath("//*[@data-cue]")
    assert len(cues) == vtt.count(" --> ")
    assert [c.text for c in cues][:1] == ["Thử việc được bao lâu và lương thử việc ít nhất là "
                                          "bao nhiêu?"]
    download = tree.xpath("//a[contains(@class, 'tsp-audio__download')]")[0]
    assert re.fullmatch(r"Tải sách nói \(MP3, \d+,\d MB\)", download.text_content())
    # "Save for offline" keeps the default voice and its transcript too.
    saved = tree.xpath("//div[contains(@class, 'tsp-offline')]")[0].get("data-tsp-save")
    assert f"sach-noi/{SLUG}/vi-bac.mp3" in saved and f"sach-noi/{SLUG}/vi-bac.vtt" in saved


def test_the_audiobooks_page_and_feeds(built_site: Path) -> None:
    tree = page_tree(built_site, "sach-noi/")
    assert tree.xpath("//h1")[0].text == "Sách nói"
    links = {a.get("href") for a in tree.xpath("//h3[contains(@class, 'tsp-card__title')]/a")}
    assert f"../lao-dong/{SLUG}/#nghe-bai-nay" in links
    assert len(links) == len([p for p in ROOT.glob("content/*/*.md") if "." not in p.stem])
    home = (built_site / "index.html").read_text("utf-8")
    assert 'href="sach-noi/"' in home  # in the navigation

    feed = ET.parse(built_site / "sach-noi" / "podcast.xml").getroot()
    channel = feed.find("channel")
    assert channel is not None and channel.findtext("language") == "vi"
    items = channel.findall("item")
    assert len(items) == len(links)
    for item in items:
        enclosure = item.find("enclosure")
        assert enclosure is not None and enclosure.get("type") == "audio/mpeg"
        url = enclosure.get("url") or ""
        assert (built_site / url).stat().st_size == int(enclosure.get("length") or 0)
        assert int(item.findtext(f"{ITUNES}duration") or 0) > 30
        chapters = item.find(f"{PODCAST}chapters")
        transcript = item.find(f"{PODCAST}transcript")
        assert chapters is not None and transcript is not None
        assert (built_site / (chapters.get("url") or "")).is_file()
        assert (built_site / (transcript.get("url") or "")).is_file()
        assert transcript.get("type") == "text/vtt" and transcript.get("language") == "vi"
    lao_dong = ET.parse(built_site / "sach-noi" / "lao-dong.xml").getroot()
    assert len(lao_dong.findall("channel/item")) == 3


@pytest.mark.browser
def test_a_listener_uses_the_player_with_the_keyboard(page: Any, base_url: str) -> None:
    page.goto(base_url + EXPLAINER)
    play = page.get_by_role("button", name="Phát")
    expect(play).to_be_visible()
    assert page.locator(".tsp-audio audio").evaluate("a => a.controls") is False
    play.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Tạm dừng")).to_have_attribute("aria-pressed", "true")
    page.wait_for_function("() => document.querySelector('.tsp-audio audio').currentTime > 0.3")

    # The third chapter, by keyboard.
    third = page.locator(".tsp-chapters a").nth(2)
    third.focus()
    page.keyboard.press("Enter")
    marks = json.loads(page.locator(".tsp-chapters").get_attribute("data-marks") or "[]")
    page.wait_for_function("m => Math.abs(document.querySelector('.tsp-audio audio')"
                           ".currentTime - m) < 1.5", arg=marks[2])
    expect(page.locator(".tsp-player__now")).to_have_text(
        "Đang nghe chương 3: " + third.inner_text())
    expect(third).to_have_attribute("aria-current", "true")

    # Faster, then 15 s forward.
    page.get_by_label("Tốc độ").select_option("1.5")
    assert page.locator(".tsp-audio audio").evaluate("a => a.playbackRate") == 1.5
    before = page.locator(".tsp-audio audio").evaluate("a => a.currentTime")
    page.get_by_role("button", name="Tới 15 giây").click()
    after = page.locator(".tsp-audio audio").evaluate("a => a.currentTime")
    assert after - before == pytest.approx(15, abs=1.5)

    # The transcript follows.
    page.locator(".tsp-transcript summary").click()
    expect(page.locator(".tsp-cue--now")).to_have_count(1)

    # Another voice: same chapter, same speed.
    page.get_by_label("Giọng đọc").select_option("vi-nam")
    page.wait_for_function("() => document.querySelector('.tsp-audio audio').src"
                           ".endsWith('/vi-nam.mp3')")
    page.wait_for_function("() => { const a = document.querySelector('.tsp-audio audio');"
                           " return a.readyState > 0 && !a.seeking; }")
    voice_marks = json.loads(page.locator("select[data-act=voice] option[value=vi-nam]")
                             .get_attribute("data-marks") or "[]")
    now = page.locator(".tsp-audio audio").evaluate("a => a.currentTime")
    assert voice_marks[2] <= now < voice_marks[3]
    assert page.locator(".tsp-audio audio").evaluate("a => a.playbackRate") == 1.5
