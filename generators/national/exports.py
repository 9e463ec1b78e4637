"""The portal's machine-readable exports across provinces, in the shapes and namespaces of
the bookshelf's own (generators/exports; ElementTree does the escaping, as there):
`catalogue.json` (every province's items, each with its province and a stable id),
`oai-pmh.xml` (an OAI-PMH Static Repository of every explainer and translation) and
`atom.xml` (the newest changes).

Deterministic: sorted, and no date but those the provinces' catalogues carry.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date as Day
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from generators.atomic import replacing
from generators.exports.feed import ATOM, XML_LANG, atom_link, atom_text, stamp
from generators.exports.oai import MAX_RECORDS, dc_record, left_out_warning, static_repository
from generators.library.text import ascii_slug
from generators.national.repository import Province
from generators.urls import ATOM_FILE, CATALOGUE, OAI_FILE, VIETNAMESE, oai_base_url, site_host

FORMAT = "tusach-national-catalogue/1"
VERSIONS = ("explainer", "translation")
"""The items that are records (OAI-PMH) and entries (Atom), as in a province's own exports."""
FEED_ENTRIES = 500
"""The feed tells what changed last, not the whole country's bookshelf."""


@dataclass(frozen=True)
class Exported:
    items: int
    records: int
    left_out: int
    """OAI-PMH records beyond MAX_RECORDS (the oldest)."""

    @property
    def warning(self) -> str:
        return left_out_warning(self.left_out)


def national_id(province: Province, item: Mapping[str, Any]) -> str:
    """`<province>/<the item's id in its province>`: the same in every build."""
    return f"{province.key}/{item['id']}"


def _versions(provinces: Sequence[Province]) -> list[tuple[Province, Mapping[str, Any]]]:
    """Explainers and translations of every province, newest first, then by national id."""
    found = [(p, item) for p in provinces for item in p.items if item.get("type") in VERSIONS]
    return sorted(found, key=lambda v: (-_day(str(v[1]["updated"])).toordinal(),
                                        national_id(*v)))


def _write(path: Path, data: bytes) -> None:
    with replacing(path) as temp:
        temp.write_bytes(data)


def write_catalogue(out: Path, provinces: Sequence[Province], *, name: str, url: str | None,
                    date: str) -> int:
    """`catalogue.json`: each item as its province's catalogue gives it, with `id` made
    national, the province's own id in `source_id`, and `province` (its key); addresses stay
    relative to that province's `url`."""
    items = [{**item, "id": national_id(p, item), "source_id": item["id"], "province": p.key}
             for p in provinces for item in p.items]
    items.sort(key=lambda item: str(item["id"]))
    data = {"format": FORMAT, "name": name, "url": url, "language": VIETNAMESE, "date": date,
            "provinces": [{"key": p.key, "name": p.name, "url": p.url, "date": p.date,
                           "catalogue_sha256": p.catalogue_sha256, "items": len(p.items),
                           "explainers": len(p.explainers)} for p in provinces],
            "items": items}
    _write(out / CATALOGUE,
           (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode())
    return len(items)


def write_oai(out: Path, provinces: Sequence[Province], *, name: str, url: str | None,
              date: str) -> tuple[int, int]:
    """`oai-pmh.xml`; returns (records written, records left out)."""
    host = site_host(url, ascii_slug(name))
    chosen = _versions(provinces)
    left_out = max(0, len(chosen) - MAX_RECORDS)
    chosen = sorted(chosen[:MAX_RECORDS], key=lambda v: national_id(*v))
    earliest = min((str(item["updated"]) for _, item in chosen), default=date)
    sample = f"oai:{host}:{national_id(*chosen[0])}" if chosen else f"oai:{host}:tinh/ten-bai"
    records = [dc_record(f"oai:{host}:{national_id(province, item)}", str(item["updated"]),
                         _dublin_core(province, item)) for province, item in chosen]
    _write(out / OAI_FILE, static_repository(
        records, name=name, base=oai_base_url(url, ascii_slug(name), None),
        email=f"webmaster@{host}", earliest=earliest, host=host, sample=sample))
    return len(chosen), left_out


def _dublin_core(province: Province, item: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    field = str(item.get("field") or "")
    documents = [d for d in item.get("documents") or [] if isinstance(d, dict)]
    return [
        ("title", str(item["title"])),
        ("subject", province.field_titles.get(field, field) or None),
        *(("subject", str(tag)) for tag in item.get("tags") or [] if isinstance(tag, str)),
        ("description", _str(item.get("description"))),
        ("publisher", province.name), ("coverage", province.name),
        ("date", str(item["updated"])), ("type", "Text"), ("format", "text/html"),
        ("identifier", province.url + str(item["url"])),
        ("language", str(item.get("language") or VIETNAMESE)),
        *(("relation", f"{_str(d.get('title'))} ({_str(d.get('key'))})") for d in documents
          if d.get("title") and d.get("key")),
        *(("relation", str(d["url"])) for d in documents if isinstance(d.get("url"), str)),
    ]


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def write_feed(out: Path, provinces: Sequence[Province], *, name: str, url: str | None,
               date: str) -> int:
    """`atom.xml`: the FEED_ENTRIES newest explainers and translations of every province."""
    chosen = _versions(provinces)[:FEED_ENTRIES]
    base = url or ""
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: VIETNAMESE})
    host = site_host(url, ascii_slug(name))
    atom_text(feed, "id", base + ATOM_FILE if base else f"tag:{host},{date}:{ATOM_FILE}")
    atom_text(feed, "title", name)
    atom_text(feed, "subtitle", "Bài giải thích pháp luật mới và vừa cập nhật của các tỉnh")
    atom_text(feed, "updated", stamp(_day(str(chosen[0][1]["updated"]) if chosen else date)))
    author = ET.SubElement(feed, "author")
    atom_text(author, "name", name)
    atom_link(feed, base + ATOM_FILE, "self", "application/atom+xml")
    atom_link(feed, base or "./", "alternate", "text/html")
    for province, item in chosen:
        lang = str(item.get("language") or VIETNAMESE)
        entry = ET.SubElement(feed, "entry", {XML_LANG: lang})
        page = province.url + str(item["url"])
        atom_text(entry, "id", page)
        atom_text(entry, "title", str(item["title"]))
        atom_text(entry, "updated", stamp(_day(str(item["updated"]))))
        writer = ET.SubElement(entry, "author")
        atom_text(writer, "name", province.name)
        atom_text(writer, "uri", province.url)
        atom_link(entry, page, "alternate", "text/html", hreflang=lang)
        field = str(item.get("field") or "")
        if field:
            ET.SubElement(entry, "category", {"term": field,
                                              "label": province.field_titles.get(field, field)})
        description = _str(item.get("description"))
        if description:
            atom_text(entry, "summary", description)
    ET.indent(feed)
    _write(out / ATOM_FILE, ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n")
    return len(chosen)


def _day(text: str) -> Day:
    return Day.fromisoformat(text)


def write_exports(out: Path, provinces: Sequence[Province], *, name: str, url: str | None,
                  date: str) -> Exported:
    items = write_catalogue(out, provinces, name=name, url=url, date=date)
    records, left_out = write_oai(out, provinces, name=name, url=url, date=date)
    write_feed(out, provinces, name=name, url=url, date=date)
    return Exported(items, records, left_out)
