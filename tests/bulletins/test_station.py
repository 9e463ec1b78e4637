"""What a station takes: the JSON description, the M3U playlist, the iCalendar schedule
(parsed with icalendar), the ZIP, and the feeds of all bulletins (parsed with feedparser)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import feedparser
import icalendar

from generators.urls import BULLETIN_FEED, BULLETIN_JSON_FEED
from tests.bulletins.conftest import Built

BASE = "https://tusach.example.gov.vn/"


def _item(built: Built, key: str = "lao-dong"):  # type: ignore[no-untyped-def]
    return {b.key: b for b in built.outcome.bulletins}[key]


def test_the_description_says_what_a_source_system_needs(built: Built) -> None:
    item = _item(built)
    data = json.loads(item.files[".json"].read_text("utf-8"))
    assert data["format"] == "tusach-bulletin" and data["title"] == item.title
    assert data["duration"] == round(item.duration, 3) and data["target_minutes"] == 1.5
    assert data["audio"]["sha256"] == hashlib.sha256(item.mp3.read_bytes()).hexdigest()
    assert data["audio"]["url"] == f"{BASE}ban-tin/lao-dong/lao-dong.mp3"
    assert data["voice"] == {"key": "vi-bac", "label": "Giọng miền Bắc"}
    assert data["profile"]["key"] == "loa" and data["profile"]["loudness"] == -16
    assert (data["valid_from"], data["valid_to"]) == ("2026-11-23", "2026-12-31")
    assert data["areas"] == ["xa-a", "xa-b"]
    assert data["schedule"] == {"rrule": "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=6;BYMINUTE=30",
                                "timezone": "Asia/Ho_Chi_Minh"}
    parts = data["parts"]
    assert [p["explainer"] for p in parts] == [None, "thu-viec", "nghi-viec", None]
    assert parts[1]["url"] == f"{BASE}lao-dong/thu-viec/"
    assert parts[1]["documents"] == [{"key": "45/2019/QH14", "title": "Bộ luật Lao động",
                                      "status": "đang có hiệu lực"}]


def test_the_playlist_names_the_mp3_beside_it(built: Built) -> None:
    item = _item(built)
    assert item.files[".m3u"].read_text("utf-8") == (
        f"#EXTM3U\n#EXTINF:{round(item.duration)},Bản tin pháp luật về lao động\nlao-dong.mp3\n")


def test_the_schedule_is_an_icalendar_rrule_in_local_time(built: Built) -> None:
    item = _item(built)
    calendar = icalendar.Calendar.from_ical(item.files[".ics"].read_bytes())
    (event,) = calendar.walk("VEVENT")
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO", "TH"]
    assert rule["BYHOUR"] == [6] and rule["BYMINUTE"] == [30]
    assert rule["UNTIL"][0].date().isoformat() == "2026-12-31"
    start = event.decoded("DTSTART")
    # 2026-11-23 is a Monday: the first slot is that day at 6:30, Vietnam's time.
    assert start == datetime(2026, 11, 23, 6, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert event.decoded("DURATION").total_seconds() == round(item.duration)
    assert str(event["SUMMARY"]) == item.title
    assert str(event["ATTACH"]) == f"{BASE}ban-tin/lao-dong/lao-dong.mp3"
    assert calendar.walk("VTIMEZONE")  # readers without the tz database still place it
    assert ".ics" not in _item(built, "thu-viec-loa-nho").files  # no schedule, no calendar


def test_the_zip_holds_everything_for_upload_by_hand(built: Built) -> None:
    item = _item(built)
    with zipfile.ZipFile(item.files[".zip"]) as archive:
        assert sorted(archive.namelist()) == ["lao-dong.ics", "lao-dong.json", "lao-dong.m3u",
                                              "lao-dong.mp3", "lao-dong.txt"]
        assert archive.read("lao-dong.mp3") == item.mp3.read_bytes()
    script = item.files[".txt"].read_text("utf-8")
    assert script.startswith("Bản tin pháp luật về lao động\n\n[Mở đầu]\nSau đây là bản tin")


def test_the_feeds_parse_and_carry_every_bulletin_with_its_mp3(built: Built) -> None:
    rss = feedparser.parse(built.outcome.feeds[BULLETIN_FEED].read_bytes())
    assert not rss.bozo, rss.bozo_exception
    assert [e.title for e in rss.entries] == ["Bản tin pháp luật về lao động", "Thử việc"]
    for entry, item in zip(rss.entries, built.outcome.bulletins, strict=True):
        (enclosure,) = entry.enclosures
        assert enclosure.href == BASE + item.url(".mp3")
        assert enclosure.type == "audio/mpeg" and int(enclosure.length) == item.size
        assert entry.link == BASE + item.url()
    feed = json.loads(built.outcome.feeds[BULLETIN_JSON_FEED].read_text("utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    first = feed["items"][0]
    assert first["attachments"][0]["url"] == f"{BASE}ban-tin/lao-dong/lao-dong.mp3"
    assert first["_bulletin"]["schedule"] == "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=6;BYMINUTE=30"
    assert [i["title"] for i in feed["items"]] == ["Bản tin pháp luật về lao động", "Thử việc"]
