"""The feeds of all bulletins a source system or an operator polls: RSS 2.0 with enclosures
(ElementTree escapes) and JSON Feed 1.1 (json escapes)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from generators.media import BulletinAudio
from generators.urls import BULLETIN_FEED, BULLETIN_JSON_FEED, BULLETINS_URL

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("itunes", ITUNES)
ET.register_namespace("podcast", PODCAST)
ET.register_namespace("atom", ATOM)


def _published(item: BulletinAudio, built: date) -> datetime:
    day = date.fromisoformat(item.valid_from) if item.valid_from else built
    return datetime.combine(day, time(0, 0), UTC)


def _summary(item: BulletinAudio) -> str:
    return " ".join(s for p in item.parts[1:-1] for s in p.sentences[:1]) or item.title


def rss(items: Sequence[BulletinAudio], base: str, title: str, built: date) -> bytes:
    root = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(root, "channel")
    _text(channel, "title", title)
    _text(channel, "link", base + BULLETINS_URL)
    _text(channel, "description", "Bản tin pháp luật cho loa truyền thanh cơ sở")
    _text(channel, "language", "vi")
    _text(channel, "lastBuildDate", format_datetime(datetime.combine(built, time(0, 0), UTC)))
    if base:
        ET.SubElement(channel, f"{{{ATOM}}}link", {"href": base + BULLETIN_FEED, "rel": "self",
                                                   "type": "application/rss+xml"})
    for item in items:
        entry = ET.SubElement(channel, "item")
        _text(entry, "title", item.title)
        _text(entry, "link", base + item.url())
        _text(entry, "description", _summary(item))
        _text(entry, "guid", f"{item.key}/{item.sha256[:16]}", isPermaLink="false")
        _text(entry, "pubDate", format_datetime(_published(item, built)))
        ET.SubElement(entry, "enclosure", {"url": base + item.url(".mp3"),
                                           "length": str(item.size), "type": "audio/mpeg"})
        _text(entry, f"{{{ITUNES}}}duration", str(round(item.duration)))
        ET.SubElement(entry, f"{{{PODCAST}}}transcript", {
            "url": base + item.url(".txt"), "type": "text/plain", "language": item.lang})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def json_feed(items: Sequence[BulletinAudio], base: str, title: str, built: date) -> bytes:
    feed = {
        "version": "https://jsonfeed.org/version/1.1", "title": title, "language": "vi",
        "home_page_url": base + BULLETINS_URL, "feed_url": base + BULLETIN_JSON_FEED,
        "items": [{
            "id": f"{item.key}/{item.sha256[:16]}", "url": base + item.url(),
            "title": item.title, "language": item.lang, "summary": _summary(item),
            "content_text": "\n".join(s for p in item.parts for s in p.sentences),
            "date_published": _published(item, built).isoformat(),
            "attachments": [{"url": base + item.url(".mp3"), "mime_type": "audio/mpeg",
                             "size_in_bytes": item.size,
                             "duration_in_seconds": round(item.duration)}],
            "_bulletin": {"description": base + item.url(".json"),
                          "schedule": item.schedule, "areas": list(item.areas),
                          "valid_from": item.valid_from or None,
                          "valid_to": item.valid_to or None, "sha256": item.sha256},
        } for item in items],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode()


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element
