"""Podcast feeds (RSS 2.0 with the iTunes and Podcasting 2.0 tags) for the audiobooks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, time
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from generators.config import DEFAULT_SITE_NAME
from generators.library.model import Explainer, Library
from generators.media import Audiobook
from generators.site.static import asset_url
from generators.urls import AUDIO_URL, podcast_feed_url

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("itunes", ITUNES)
ET.register_namespace("podcast", PODCAST)
ET.register_namespace("atom", ATOM)


def write_feeds(site_dir: Path, library: Library, audio: Mapping[str, Sequence[Audiobook]],
                settings: Mapping[str, Any], site_url: str | None) -> list[str]:
    """`sach-noi/podcast.xml` (every audiobook) and `sach-noi/<field>.xml`; returns their
    URLs. Each explainer is one episode, in its default voice."""
    base = (site_url.rstrip("/") + "/") if site_url else ""
    name = str(settings.get("site_name") or DEFAULT_SITE_NAME)
    written = []
    feeds = [("podcast", f"{name} — Sách nói", list(library.published))]
    feeds += [(f.key, f"{name} — Sách nói: {f.title}", list(library.in_field(f.key)))
              for f in library.fields.values()]
    for key, title, explainers in feeds:
        episodes = [e for e in explainers if e.slug in audio]
        if not episodes:
            continue
        rel = podcast_feed_url(key)
        xml = _feed(library, title, base, rel, episodes, audio, settings)
        (site_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / rel).write_bytes(xml)
        written.append(rel)
    return written


def _feed(library: Library, title: str, base: str, rel: str, episodes: Sequence[Explainer],
          audio: Mapping[str, Sequence[Audiobook]], settings: Mapping[str, Any]) -> bytes:
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    _text(channel, "title", title)
    _text(channel, "link", base + AUDIO_URL)
    _text(channel, "description", str(settings.get("site_description") or title))
    _text(channel, "language", "vi")
    if base:
        ET.SubElement(channel, f"{{{ATOM}}}link", {"href": base + rel, "rel": "self",
                                                   "type": "application/rss+xml"})
    _text(channel, f"{{{ITUNES}}}author", str(settings.get("copyright") or title))
    ET.SubElement(channel, f"{{{ITUNES}}}image",
                  {"href": base + asset_url("icons/icon-512.png")})
    ET.SubElement(channel, f"{{{ITUNES}}}category", {"text": "Government"})
    _text(channel, f"{{{ITUNES}}}explicit", "false")
    ordered = sorted(episodes, key=lambda e: (e.updated, e.slug), reverse=True)
    for explainer in ordered:
        book = audio[explainer.slug][0]
        item = ET.SubElement(channel, "item")
        _text(item, "title", explainer.title)
        _text(item, "link", base + explainer.url)
        _text(item, "description", explainer.description)
        _text(item, "guid", f"{explainer.slug}/{book.voice}/{book.mp3.stem}",
              isPermaLink="false")
        stamp = datetime.combine(explainer.updated, time(0, 0), UTC)
        _text(item, "pubDate", format_datetime(stamp))
        ET.SubElement(item, "enclosure", {"url": base + book.url(".mp3"),
                                          "length": str(book.size), "type": "audio/mpeg"})
        _text(item, f"{{{ITUNES}}}duration", str(round(book.duration)))
        ET.SubElement(item, f"{{{PODCAST}}}chapters", {"url": base + book.url(".chapters.json"),
                                                       "type": "application/json+chapters"})
        ET.SubElement(item, f"{{{PODCAST}}}transcript", {"url": base + book.url(".vtt"),
                                                         "type": "text/vtt", "language": "vi"})
    ET.indent(rss)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element
