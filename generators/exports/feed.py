"""`atom.xml`: an Atom 1.0 feed of changes, one entry per published explainer and per
translation, newest `updated` first, with its audio and e-book as enclosures.

Every date comes from the model (`Explainer.updated`), so the feed changes only when the
library does. Links are absolute when the site URL is known, else relative to the feed,
which sits at the site root (Atom resolves them against the feed's own address).
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

from generators.atomic import replacing
from generators.library.model import VIETNAMESE, Explainer, Library, Translation
from generators.library.text import ascii_slug
from generators.media import SiteMedia
from generators.urls import ATOM_FILE, page_url, site_base, site_host
from generators.works import audiobooks_of, version_id, versions

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def stamp(day: date) -> str:
    """An RFC 3339 date-time for a model date: midnight UTC of that day."""
    return f"{day.isoformat()}T00:00:00Z"


def entry_id(site_name: str, site_url: str | None, explainer: Explainer,
             translation: Translation | None) -> str:
    """The page's absolute URL when the site URL is known; else a name-based UUID URN,
    the same in every build, from the site's host and the version's key."""
    base = site_base(site_url)
    if base:
        return base + page_url(explainer, translation)
    name = f"{site_host(site_url, ascii_slug(site_name))}/{version_id(explainer, translation)}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def write_feed(out: Path, library: Library, media: SiteMedia, *, site_name: str,
               site_url: str | None, rights: str | None = None) -> Path:
    """Write `out/atom.xml`."""
    base = site_base(site_url)
    ordered = sorted(versions(library), key=lambda v: (
        -v[0].updated.toordinal(), version_id(*v)))
    # Atom as the default namespace, declared by hand: ElementTree's own way needs every
    # attribute qualified, and a registered "" prefix would leak into other feeds.
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: VIETNAMESE})
    host = site_host(site_url, ascii_slug(site_name))
    atom_text(feed, "id", base + ATOM_FILE if base else
          f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, host)}")
    atom_text(feed, "title", site_name)
    atom_text(feed, "subtitle", "Bài giải thích pháp luật mới và vừa cập nhật")
    updated = ordered[0][0].updated if ordered else library.build_date
    atom_text(feed, "updated", stamp(updated))
    author = ET.SubElement(feed, "author")
    atom_text(author, "name", site_name)
    atom_link(feed, base + ATOM_FILE, "self", "application/atom+xml")
    atom_link(feed, base or "./", "alternate", "text/html")
    if rights:
        atom_text(feed, "rights", rights)
    for explainer, translation in ordered:
        feed.append(_entry(library, media, explainer, translation, base, site_name, site_url))
    ET.indent(feed)
    target = out / ATOM_FILE
    with replacing(target) as temp:
        temp.write_bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n")
    return target


def _entry(library: Library, media: SiteMedia, explainer: Explainer,
           translation: Translation | None, base: str, site_name: str,
           site_url: str | None) -> ET.Element:
    text = translation or explainer
    lang = translation.lang if translation else VIETNAMESE
    entry = ET.Element("entry", {XML_LANG: lang})
    atom_text(entry, "id", entry_id(site_name, site_url, explainer, translation))
    atom_text(entry, "title", text.title)
    atom_text(entry, "updated", stamp(explainer.updated))
    atom_link(entry, base + page_url(explainer, translation), "alternate", "text/html",
          hreflang=lang)
    if translation is not None:
        atom_link(entry, base + page_url(explainer), "related", "text/html", hreflang=VIETNAMESE,
              title=explainer.title)
    field = library.fields[explainer.field]
    ET.SubElement(entry, "category", {"term": field.key, "label": field.title})
    atom_text(entry, "summary", text.description)
    for book in audiobooks_of(media, explainer, translation):
        atom_link(entry, base + book.url(".mp3"), "enclosure", "audio/mpeg", length=book.size,
              hreflang=book.lang, title=book.label)
    ebook = media.ebooks.get(version_id(explainer, translation))
    if ebook is not None:
        atom_link(entry, base + ebook.url, "enclosure", "application/epub+zip", length=ebook.size,
              hreflang=ebook.lang, title=ebook.title)
    return entry


def atom_link(parent: ET.Element, href: str, rel: str, media_type: str, *,
              length: int | None = None, hreflang: str | None = None,
              title: str | None = None) -> None:
    """An Atom `link` (attributes escaped by ElementTree)."""
    attrs = {"href": href, "rel": rel, "type": media_type}
    if hreflang:
        attrs["hreflang"] = hreflang
    if length is not None:
        attrs["length"] = str(length)
    if title:
        attrs["title"] = title
    ET.SubElement(parent, "link", attrs)


def atom_text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    """An Atom element holding `text` (the feed's namespace is the default one)."""
    element = ET.SubElement(parent, tag)
    element.text = text
    return element
