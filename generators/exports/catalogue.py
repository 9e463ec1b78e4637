"""`catalogue.json`: every explainer, translation, audiobook, video, infographic, e-book,
Q&A item and legal situation of a built site, with addresses, languages, cited documents,
dates, sizes and sha256.

Written from the model and the files already in the built folder, never from the clock:
two builds of one commit give the same bytes. `catalogue.schema.json` describes it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from generators.atomic import replacing
from generators.cards import CARD_SIZE, card_key
from generators.errors import TuSachError
from generators.exports.answers import catalogue_items as answer_items
from generators.infographics import FORMATS
from generators.library.model import (
    VIETNAMESE,
    Document,
    DocumentStatus,
    Explainer,
    Library,
    Translation,
)
from generators.media import Audiobook, BulletinAudio, Ebook, InfographicFiles, SiteMedia, Video
from generators.translations.status import TranslationState, state_of
from generators.urls import (
    ATOM_FILE,
    CATALOGUE,
    CATALOGUE_SCHEMA,
    OAI_FILE,
    card_url,
    page_url,
    site_base,
)
from generators.video.slides import VERTICAL, WEB
from generators.works import audiobooks_of, cited, version_id, versions

FORMAT = "tusach-catalogue/1"
SCHEMA_SOURCE = Path(__file__).with_name(CATALOGUE_SCHEMA)
COMPANIONS = {CATALOGUE_SCHEMA: "application/schema+json", OAI_FILE: "text/xml",
              ATOM_FILE: "application/atom+xml"}
"""The files written beside the catalogue (before it), with their media types."""
MEDIA_TYPES = {".html": "text/html", ".mp3": "audio/mpeg", ".vtt": "text/vtt",
               ".json": "application/json", ".mp4": "video/mp4", ".jpg": "image/jpeg",
               ".png": "image/png", ".svg": "image/svg+xml", ".epub": "application/epub+zip",
               ".m3u": "audio/x-mpegurl", ".ics": "text/calendar", ".zip": "application/zip",
               ".txt": "text/plain"}
BULLETIN_ROLES = {".json": "description", ".m3u": "playlist", ".ics": "calendar",
                  ".txt": "script", ".zip": "archive"}
STATUS_CODES = {DocumentStatus.IN_FORCE: "in_force", DocumentStatus.NOT_YET: "not_yet_in_force",
                DocumentStatus.EXPIRED: "expired"}
"""A document's status at the build date, as a code that does not depend on the wording."""
TRANSLATION_STATES = {TranslationState.UP_TO_DATE: "up_to_date", TranslationState.STALE: "stale"}


class CatalogueError(TuSachError):
    """A file the catalogue must list is not in the built site (a bug of an earlier stage)."""


@dataclass(frozen=True)
class Catalogue:
    """The written `catalogue.json`: its place, its bytes' size and hash, and what it lists."""

    path: Path
    items: tuple[Mapping[str, Any], ...]
    companions: tuple[Mapping[str, Any], ...]
    size: int
    sha256: str
    warnings: tuple[str, ...] = ()
    """For the build summary (e.g. OAI-PMH records left out)."""

    def count(self, kind: str) -> int:
        """How many items of one type ("explainer", "audiobook", …) it lists."""
        return sum(1 for item in self.items if item["type"] == kind)


def document_entry(document: Document) -> dict[str, Any]:
    return {"key": document.key, "type": document.type, "title": document.title,
            "issuer": document.issuer, "issued": document.issued.isoformat(),
            "effective": document.effective.isoformat(),
            "expires": document.expires.isoformat() if document.expires else None,
            "replaced_by": document.replaced_by, "url": document.url,
            "status": STATUS_CODES[document.status], "status_label": document.status.value}


# ---- the catalogue -----------------------------------------------------------------------


def write_schema(out: Path) -> Path:
    """Copy the shipped JSON Schema into the site as `catalogue.schema.json`."""
    target = out / CATALOGUE_SCHEMA
    with replacing(target) as temp:
        shutil.copyfile(SCHEMA_SOURCE, temp)
    return target


def write_catalogue(out: Path, library: Library, media: SiteMedia, *, site_name: str,
                    site_url: str | None) -> Catalogue:
    """Write `out/catalogue.json` for the site built in `out` (pages and media already
    there); lists the companion files present (`catalogue.schema.json`, `oai-pmh.xml`,
    `atom.xml`), so it must be written after them. Raises CatalogueError for a missing file."""
    if not (out / CATALOGUE_SCHEMA).is_file():
        write_schema(out)
    items = sorted(catalogue_items(out, library, media), key=lambda item: item["id"])
    companions = [{"path": name, "media_type": kind, **_digest(out, name)}
                  for name, kind in sorted(COMPANIONS.items()) if (out / name).is_file()]
    data = {"$schema": CATALOGUE_SCHEMA, "format": FORMAT, "name": site_name,
            "url": site_base(site_url) or None, "language": VIETNAMESE,
            "date": library.build_date.isoformat(),
            "items": items, "companions": companions}
    payload = (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    target = out / CATALOGUE
    with replacing(target) as temp:
        temp.write_bytes(payload)
    return Catalogue(target, tuple(items), tuple(companions), len(payload),
                     hashlib.sha256(payload).hexdigest())


def catalogue_items(out: Path, library: Library, media: SiteMedia) -> Iterator[dict[str, Any]]:
    """Every item of the catalogue, in no particular order."""
    for explainer, translation in versions(library):
        yield _version_item(out, library, media, explainer, translation)
        for book in audiobooks_of(media, explainer, translation):
            yield _audiobook_item(out, library, explainer, translation, book)
    for explainer in library.published:
        video = media.videos.get(explainer.slug)
        if video is not None:
            yield _video_item(out, library, explainer, video)
    for files in media.infographics.values():
        yield _infographic_item(out, library, files)
    for ebook in media.ebooks.values():
        item = _ebook_item(out, library, ebook)
        if item is not None:
            yield item
    yield from answer_items(out, library, media, _file, document_entry)
    for bulletin in media.bulletins.values():
        yield _bulletin_item(out, library, bulletin)


def _digest(out: Path, rel: str) -> dict[str, Any]:
    path = out / rel
    try:
        with path.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        raise CatalogueError(f"danh mục: thiếu tệp '{rel}' trong trang đã dựng") from None
    return {"size": path.stat().st_size, "sha256": digest}


def _file(out: Path, rel: str, role: str, **extra: Any) -> dict[str, Any]:
    media_type = MEDIA_TYPES[Path(rel).suffix]
    return {"path": rel, "media_type": media_type, "role": role, **_digest(out, rel), **extra}


def _page_file(out: Path, url: str) -> dict[str, Any]:
    return _file(out, f"{url}index.html", "page")


def _common(library: Library, explainer: Explainer | None, *, id: str, type: str, title: str,
            language: str, url: str, documents: Sequence[str], updated: date,
            files: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": id, "type": type, "title": title, "language": language, "url": url,
            "explainer": explainer.slug if explainer else None,
            "field": explainer.field if explainer else None,
            "documents": [document_entry(d) for d in cited(library, documents)],
            "updated": updated.isoformat(), "files": files}


def _related(library: Library, media: SiteMedia, explainer: Explainer,
             translation: Translation | None) -> list[str]:
    """Ids of the other items made from this version (its audio, e-book, video, …)."""
    key = version_id(explainer, translation)
    ids = [f"audiobook/{key}/{b.voice}" for b in audiobooks_of(media, explainer, translation)]
    if key in media.ebooks:
        ids.append(f"ebook/{key}")
    if translation is None:
        ids += [f"translation/{explainer.slug}.{t.lang}" for t in explainer.translations]
        if explainer.slug in media.videos:
            ids.append(f"video/{explainer.slug}")
        ids += [f"infographic/{name}" for name in explainer.infographics
                if name in media.infographics]
    else:
        ids.append(f"explainer/{explainer.slug}")
    return sorted(ids)


def _version_item(out: Path, library: Library, media: SiteMedia, explainer: Explainer,
                  translation: Translation | None) -> dict[str, Any]:
    url = page_url(explainer, translation)
    files = [_page_file(out, url)]
    key = card_key(explainer.slug, translation.lang if translation else VIETNAMESE)
    if key in media.cards:
        files.append(_file(out, card_url(key), "card", width=CARD_SIZE[0],
                           height=CARD_SIZE[1]))
    text = translation or explainer
    item = _common(library, explainer, id=("translation/" if translation else "explainer/")
                   + version_id(explainer, translation),
                   type="translation" if translation else "explainer", title=text.title,
                   language=translation.lang if translation else VIETNAMESE, url=url,
                   documents=explainer.documents, updated=explainer.updated, files=files)
    item |= {"description": text.description, "reviewed": text.reviewed,
             "audiences": list(explainer.audiences), "tags": list(explainer.tags),
             "related": _related(library, media, explainer, translation)}
    if translation is None:
        item["translations"] = sorted(t.lang for t in explainer.translations)
    else:
        item |= {"source": f"explainer/{explainer.slug}", "translators":
                 list(translation.translators), "translation_state":
                 TRANSLATION_STATES[state_of(explainer, translation)]}
    return item


def _audiobook_item(out: Path, library: Library, explainer: Explainer,
                    translation: Translation | None, book: Audiobook) -> dict[str, Any]:
    files = [_file(out, book.url(".mp3"), "audio"), _file(out, book.url(".vtt"), "captions"),
             _file(out, book.url(".chapters.json"), "chapters")]
    item = _common(library, explainer,
                   id=f"audiobook/{version_id(explainer, translation)}/{book.voice}",
                   type="audiobook", title=(translation or explainer).title, language=book.lang,
                   url=book.url(".mp3"), documents=explainer.documents,
                   updated=explainer.updated, files=files)
    return item | {"voice": book.voice, "voice_label": book.label, "engine": book.engine,
                   "duration": round(book.duration, 3), "chapters": len(book.marks),
                   "page": page_url(explainer, translation)}


def _video_item(out: Path, library: Library, explainer: Explainer,
                video: Video) -> dict[str, Any]:
    files = [_file(out, video.url("web"), "video", width=WEB.width, height=WEB.height),
             _file(out, video.url("vertical"), "video-vertical", width=VERTICAL.width,
                   height=VERTICAL.height),
             _file(out, video.url("vtt"), "captions"),
             _file(out, video.url("poster"), "poster", width=WEB.width, height=WEB.height)]
    item = _common(library, explainer, id=f"video/{explainer.slug}", type="video",
                   title=explainer.title, language=VIETNAMESE, url=video.url("web"),
                   documents=explainer.documents, updated=explainer.updated, files=files)
    return item | {"description": explainer.description, "duration": round(video.duration, 3),
                   "width": WEB.width, "height": WEB.height, "page": explainer.url}


def _infographic_item(out: Path, library: Library, files: InfographicFiles) -> dict[str, Any]:
    shown_in = sorted((e for e in library.published if files.name in e.infographics),
                      key=lambda e: e.slug)
    # No date of its own: it changes with the explainers that show it.
    updated = max((e.updated for e in shown_in), default=library.build_date)
    info = library.infographics.get(files.name)
    listed = []
    for fmt in sorted(files.svg):
        width, height = FORMATS[fmt]
        listed += [_file(out, files.url(fmt, ".svg"), "image", format=fmt, width=width,
                         height=height),
                   _file(out, files.url(fmt, ".png"), "image", format=fmt, width=width,
                         height=height)]
    first = sorted(files.png)[0]
    item = _common(library, None, id=f"infographic/{files.name}", type="infographic",
                   title=files.title, language=VIETNAMESE, url=files.url(first, ".png"),
                   documents=[info.source] if info and info.source else [],
                   updated=updated, files=listed)
    return item | {"kind": files.type, "explainers": [e.slug for e in shown_in]}


def _bulletin_item(out: Path, library: Library, bulletin: BulletinAudio) -> dict[str, Any]:
    files = [_file(out, bulletin.url(".mp3"), "audio"),
             *(_file(out, bulletin.url(ext), BULLETIN_ROLES[ext]) for ext in
               sorted(bulletin.files)), _page_file(out, bulletin.url())]
    slugs = [p.explainer for p in bulletin.parts if p.explainer]
    read = [library.explainer(slug) for slug in slugs]
    documents = list(dict.fromkeys(key for p in bulletin.parts for key, _ in p.documents))
    item = _common(library, None, id=f"bulletin/{bulletin.key}", type="bulletin",
                   title=bulletin.title, language=bulletin.lang, url=bulletin.url(".mp3"),
                   documents=documents,
                   updated=max((e.updated for e in read), default=library.build_date),
                   files=files)
    return item | {"explainers": slugs, "duration": round(bulletin.duration, 3),
                   "minutes": bulletin.minutes, "voice": bulletin.voice,
                   "profile": bulletin.profile, "page": bulletin.url(),
                   "valid_from": bulletin.valid_from, "valid_to": bulletin.valid_to or None,
                   "schedule": bulletin.schedule, "areas": list(bulletin.areas),
                   "new_document": bulletin.document}


def _ebook_item(out: Path, library: Library, ebook: Ebook) -> dict[str, Any] | None:
    """The e-book's item; None for one whose explainer or field is not published."""
    files = [_file(out, ebook.url, "epub")]
    common: dict[str, Any] = dict(id=f"ebook/{ebook.key}", type="ebook", title=ebook.title,
                                  language=ebook.lang, url=ebook.url, files=files)
    if ebook.kind == "field":
        explainers = library.in_field(ebook.slug)
        if not explainers:
            return None
        documents = [k for e in explainers for k in e.documents]
        item = _common(library, None, documents=documents,
                       updated=max(e.updated for e in explainers), **common)
        return item | {"kind": ebook.kind, "field": ebook.slug,
                       "explainers": sorted(e.slug for e in explainers),
                       "page": f"{ebook.slug}/"}
    explainer = next((e for e in library.published if e.slug == ebook.slug), None)
    if explainer is None:
        return None
    translation = next((t for t in explainer.translations if t.lang == ebook.lang), None)
    item = _common(library, explainer, documents=explainer.documents,
                   updated=explainer.updated, **common)
    return item | {"kind": ebook.kind, "page": page_url(explainer, translation)}


__all__ = ["FORMAT", "Catalogue", "CatalogueError", "write_catalogue", "write_schema"]
