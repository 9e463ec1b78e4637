"""Plan the bookshelf's pages from the Library: URLs, titles and content HTML."""

from __future__ import annotations

import heapq
import json
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generators.config import DEFAULT_SITE_NAME
from generators.infographics import text_alternative
from generators.library.data import built_in_ui
from generators.library.model import VIETNAMESE, DocumentStatus, Explainer, Library
from generators.media import Audiobook, InfographicFiles, SiteMedia, Video
from generators.site.bundle import format_size
from generators.site.escaping import escaping
from generators.site.i18n import marked_body, versions
from generators.site.jsonld import explainer_jsonld, jsonld_script
from generators.site.static import asset
from generators.site.ui import UI, load_ui
from generators.urls import (
    AUDIENCES_URL,
    AUDIO_URL,
    BUNDLE_URL,
    DOCUMENTS_URL,
    FIELD_BOOKS,
    INFOGRAPHICS_URL,
    OFFLINE_URL,
    PAGE_PREFIX,
    PODCAST_FEED,
    SEARCH_URL,
    card_url,
    relative_url,
)

PAGE_SIZE = 50
RELATED = 4


@dataclass(frozen=True)
class TocEntry:
    level: int
    title: str
    anchor: str


@dataclass(frozen=True)
class SitePage:
    """One page of the site: where it goes, what it says, and its table of contents.

    Its HTML is rendered on first use, so planning is cheap and rendering happens in
    whichever process builds the page.
    """

    url: str
    title: str
    description: str
    kind: str
    template: str
    values: dict[str, Any]
    lastmod: date | None = None
    toc: tuple[TocEntry, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    lang: str = VIETNAMESE
    """The page's language (`<html lang>`); its search index is that language's."""
    direction: str = "ltr"
    alternates: tuple[tuple[str, str], ...] = ()
    """(language, site-relative URL) of every language version, this page's included."""

    @cached_property
    def html(self) -> str:
        """The page's content HTML (inside Material's layout)."""
        return _render(self.template, self.url, **self.values)

    @property
    def src_uri(self) -> str:
        """The virtual Markdown file MkDocs renders this page from."""
        return f"{self.url}index.md" if self.url else "index.md"


_ENV = escaping(Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,
))
_ENV.globals["asset"] = asset
_ENV.filters["clock"] = lambda seconds: (
    f"{int(seconds) // 3600}:{int(seconds) % 3600 // 60:02d}:{int(seconds) % 60:02d}"
    if seconds >= 3600 else f"{int(seconds) // 60}:{int(seconds) % 60:02d}")
_ENV.filters["filesize"] = format_size
_ENV.filters["vndate"] = lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}" if d else ""
_STATUS_CLASS = {DocumentStatus.IN_FORCE: "in-force", DocumentStatus.EXPIRED: "expired",
                 DocumentStatus.NOT_YET: "not-yet"}
_ENV.filters["status_class"] = lambda s: _STATUS_CLASS[s]


def _render(template: str, page_url: str, **values: Any) -> str:
    def url(target: str) -> str:
        return relative_url(target, page_url)

    return _ENV.get_template(template).render(url=url, **values)


def plan_pages(library: Library, search_tag: str = "", bundle: bool = False,
               media: SiteMedia | None = None, *, site_url: str | None = None,
               site_name: str = DEFAULT_SITE_NAME) -> Iterator[SitePage]:
    """Every page of the site, bookshelf pages first.

    `search_tag` identifies the search index the search page must load (see search.py);
    `bundle` says whether the offline ZIP is built (the home page links to it); `media`
    holds the audiobooks, infographics, videos, share cards and e-books made for the
    pages; `site_url` and `site_name` go into each explainer's schema.org JSON-LD.
    """
    media = media or SiteMedia()
    audio = media.audio
    yield _home(library, bundle)
    yield from _field_pages(library, media)
    yield from _audience_pages(library)
    yield from _document_pages(library)
    yield SitePage(SEARCH_URL, "Tìm kiếm", "Tìm bài giải thích pháp luật", "search",
                   "search.html.j2", {"search_tag": search_tag})
    yield SitePage(OFFLINE_URL, "Chưa có trang này trên máy", "Trang báo không có mạng",
                   "offline", "offline.html.j2", {"search_url": SEARCH_URL})
    if audio:
        yield _audiobooks_page(library, audio)
    if media.infographics:
        yield _infographics_page(library, media.infographics)
    related = related_explainers(library)
    ui = vietnamese_ui(library)
    for explainer in library.published:
        page = _explainer_page(library, explainer, related[explainer.slug], media, ui)
        page.meta["tsp_jsonld"] = jsonld_script(explainer_jsonld(
            library, explainer, media, site_url, site_name=site_name))
        yield page


def _home(library: Library, bundle: bool) -> SitePage:
    shelves = [(f, library.in_field(f.key)) for f in library.fields.values()]
    citations = Counter(k for e in library.published for k in e.documents)
    top_documents = [library.documents[k] for k, _ in
                     sorted(citations.items(), key=lambda kv: (-kv[1], kv[0]))[:10]]
    values = dict(
        library=library, shelves=[s for s in shelves if s[1]], newest=library.published[:10],
        audiences=[(a, len(library.for_audience(a.key))) for a in library.audiences.values()],
        documents=top_documents, citations=citations, search_url=SEARCH_URL,
        documents_url=DOCUMENTS_URL, audiences_url=AUDIENCES_URL, total=len(library.published),
        bundle_url=BUNDLE_URL if bundle else None,
    )
    return SitePage("", "Tủ sách pháp luật số", "Giải thích pháp luật bằng lời dễ hiểu", "home",
                    "home.html.j2", values)


def _paginate(base: str, items: Sequence[Explainer]) -> Iterator[tuple[str, Sequence[Explainer],
                                                                     dict[str, Any]]]:
    """Split a long list into pages `base`, `base/trang-2/`, …"""
    pages = max(1, -(-len(items) // PAGE_SIZE))
    urls = [base if n == 1 else f"{base}{PAGE_PREFIX}{n}/" for n in range(1, pages + 1)]
    for n in range(1, pages + 1):
        chunk = items[(n - 1) * PAGE_SIZE: n * PAGE_SIZE]
        yield urls[n - 1], chunk, {"number": n, "count": pages, "urls": urls,
                                   "total": len(items)}


def _field_pages(library: Library, media: SiteMedia) -> Iterator[SitePage]:
    ui = vietnamese_ui(library)
    for fld in library.fields.values():
        items = library.in_field(fld.key)
        if not items:  # not on the shelf, not in the nav: no page either
            continue
        ebook = media.ebooks.get(f"{FIELD_BOOKS}{fld.key}")
        label = f"Tải cả lĩnh vực {fld.title} thành một cuốn sách điện tử ({len(items)} bài; " \
                f"EPUB, {format_size(ebook.size)})" if ebook else ""
        for url, chunk, pager in _paginate(f"{fld.key}/", items):
            title = fld.title if pager["number"] == 1 else f"{fld.title} (trang {pager['number']})"
            values = dict(title=title, lead=fld.description, items=chunk, pager=pager,
                          library=library, crumbs=[("", "Trang chủ")], kind="field",
                          search_url=SEARCH_URL, ebook=ebook, ebook_label=label, ui=ui)
            yield SitePage(url, title, fld.description or f"Các bài về {fld.title}", "field",
                           "listing.html.j2", values)


def vietnamese_ui(library: Library) -> UI:
    """The interface strings of Vietnamese pages (the library may override them)."""
    return load_ui(library).get(VIETNAMESE) or UI(VIETNAMESE, built_in_ui(VIETNAMESE),
                                                   built_in_ui(VIETNAMESE))


def _audience_pages(library: Library) -> Iterator[SitePage]:
    rows = [(a, len(library.for_audience(a.key))) for a in library.audiences.values()]
    yield SitePage(AUDIENCES_URL, "Theo đối tượng", "Bài giải thích theo đối tượng",
                   "audiences", "audiences.html.j2", {"rows": rows})
    for audience in library.audiences.values():
        base = f"{AUDIENCES_URL}{audience.key}/"
        for url, chunk, pager in _paginate(base, library.for_audience(audience.key)):
            title = f"Dành cho: {audience.title}"
            values = dict(title=title, lead=audience.description, items=chunk, pager=pager,
                          library=library, kind="audience", search_url=SEARCH_URL, ebook=None,
                          crumbs=[("", "Trang chủ"), (AUDIENCES_URL, "Theo đối tượng")])
            yield SitePage(url, title, audience.description or title, "audience",
                           "listing.html.j2", values)


def _document_pages(library: Library) -> Iterator[SitePage]:
    documents = library.cited_documents
    citations = Counter(k for e in library.published for k in e.documents)
    yield SitePage(DOCUMENTS_URL, "Văn bản pháp luật", "Các văn bản được giải thích",
                   "documents", "documents.html.j2",
                   {"documents": documents, "citations": citations})
    for document in documents:
        base = f"{DOCUMENTS_URL}{document.slug}/"
        for url, chunk, pager in _paginate(base, library.citing(document.key)):
            replacement = library.documents.get(document.replaced_by or "")
            values = dict(document=document, items=chunk, pager=pager, library=library,
                          replacement=replacement, documents_url=DOCUMENTS_URL)
            title = f"{document.type} {document.key}"
            yield SitePage(url, title, document.title, "document", "document.html.j2", values)


def _audiobooks_page(library: Library, audio: Mapping[str, Sequence[Audiobook]]) -> SitePage:
    shelves = [(f, [(e, audio[e.slug]) for e in library.in_field(f.key) if e.slug in audio])
               for f in library.fields.values()]
    values = dict(library=library, shelves=[s for s in shelves if s[1]], feed=PODCAST_FEED,
                  audio_url=AUDIO_URL)
    return SitePage(AUDIO_URL, "Sách nói", "Nghe các bài giải thích pháp luật", "audiobooks",
                    "audiobooks.html.j2", values)


def _infographics_page(library: Library,
                       infographics: Mapping[str, InfographicFiles]) -> SitePage:
    shown_in: dict[str, list[Explainer]] = defaultdict(list)
    for e in library.published:
        for name in e.infographics:
            shown_in[name].append(e)
    items = sorted(infographics.values(), key=lambda f: (f.title, f.name))
    values = dict(items=[figure(library, files) for files in items], shown_in=shown_in,
                  library=library)
    return SitePage(INFOGRAPHICS_URL, "Infographic", "Thông tin pháp luật bằng hình, để xem "
                    "và chia sẻ", "infographics", "infographics.html.j2", values)


def figure(library: Library, files: InfographicFiles) -> dict[str, Any]:
    """An infographic as the templates show it: files, and its data as text."""
    info = library.infographics[files.name]
    return {"files": files, "text": text_alternative(library, info)}


def _explainer_page(library: Library, explainer: Explainer, related: Sequence[Explainer],
                    media: SiteMedia, ui: UI) -> SitePage:
    url = explainer.url
    books = media.audio.get(explainer.slug, ())
    body_html, terms = marked_body(library, explainer.body.html, VIETNAMESE, url)
    langs = versions(library, explainer)
    values = dict(
        body_html=body_html, terms=terms, versions=langs if len(langs) > 1 else (),
        figures=[figure(library, media.infographics[name]) for name in explainer.infographics
                 if name in media.infographics],
        video=media.videos.get(explainer.slug), video_sizes=video_sizes(
            media.videos.get(explainer.slug)),
        books=list(books), marks_json=marks_json(books),
        e=explainer, library=library, related=related, field=library.fields[explainer.field],
        documents=[library.documents[k] for k in explainer.documents],
        audiences=[library.audiences[k] for k in explainer.audiences],
        documents_url=DOCUMENTS_URL, audiences_url=AUDIENCES_URL,
        ebook=media.ebooks.get(explainer.slug), ebook_label="", ui=ui,
    )
    toc = [TocEntry(h.level, h.text, h.anchor) for h in explainer.body.headings
           if h.level in (2, 3)]
    if values["figures"]:
        toc.append(TocEntry(2, "Infographic", "infographic"))
    if values["video"]:
        toc.append(TocEntry(2, "Xem video", "xem-video"))
    if values["ebook"]:
        toc.append(TocEntry(2, "Sách điện tử", "sach-dien-tu"))
    if terms:
        toc.append(TocEntry(2, "Thuật ngữ trong bài", "thuat-ngu-trong-bai"))
    if explainer.documents:
        toc.append(TocEntry(2, "Văn bản được trích dẫn", "van-ban-duoc-trich-dan"))
    meta: dict[str, Any] = {"field": library.fields[explainer.field].title}
    if explainer.slug in media.cards:
        meta["tsp_image"] = card_url(explainer.slug)
    return SitePage(url, explainer.title, explainer.description, "explainer",
                    "explainer.html.j2", values, lastmod=explainer.updated, toc=tuple(toc),
                    meta=meta, alternates=tuple((v.lang, v.url) for v in langs)
                    if len(langs) > 1 else ())


def video_sizes(video: Video | None) -> dict[str, int]:
    if video is None:
        return {}
    return {"web": video.web.stat().st_size, "vertical": video.vertical.stat().st_size}


def marks_json(books: Sequence[Audiobook]) -> dict[str, str]:
    """Each voice's chapter starts, for the player to jump by chapter in any voice."""
    return {b.voice: json.dumps([round(m.start, 3) for m in b.marks]) for b in books}


def related_explainers(library: Library) -> dict[str, list[Explainer]]:
    """Up to RELATED explainers per explainer: shared documents and tags, then same field.

    The choice depends only on each published explainer's slug, field, documents and tags
    and their order, so it is remembered by exactly those: the live preview plans again on
    every save, and an edit to a title or a body reuses it.
    """
    signature = tuple((e.slug, e.field, tuple(e.documents), tuple(e.tags))
                      for e in library.published)
    return {slug: [library.explainer(s) for s in picked]
            for slug, picked in _related_slugs(signature).items()}


_Relatedness = tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...]
"""(slug, field, documents, tags) of every published explainer, newest first."""


@lru_cache(maxsize=2)
def _related_slugs(published: _Relatedness) -> dict[str, tuple[str, ...]]:
    """The related explainers' slugs; inverted indexes keep the cost growing with the
    library, not its square."""
    by_key: dict[str, list[tuple[str, str]]] = defaultdict(list)
    by_field: dict[str, list[str]] = defaultdict(list)
    for slug, field_key, documents, tags in published:
        by_field[field_key].append(slug)
        for key in (*(f"d:{d}" for d in documents), *(f"t:{t}" for t in tags)):
            if len(by_key[key]) < 64:
                by_key[key].append((slug, field_key))
    out: dict[str, tuple[str, ...]] = {}
    for slug, field_key, documents, tags in published:
        scores: dict[str, int] = {}
        for key, weight in (*((f"d:{d}", 2) for d in documents), *((f"t:{t}", 1) for t in tags)):
            for other, other_field in by_key[key]:
                if other != slug:
                    scores[other] = scores.get(other, 0) + weight + (other_field == field_key)
        picked = [s for _, s in heapq.nsmallest(RELATED, ((-n, s) for s, n in scores.items()))]
        if len(picked) < RELATED:
            seen = {slug, *picked}
            for other in by_field[field_key]:
                if other not in seen:
                    picked.append(other)
                    if len(picked) == RELATED:
                        break
        out[slug] = tuple(picked)
    return out
