"""The pages in other languages than Vietnamese: each translation under `<lang>/…`, a home
and a search page per language, the list of languages, the glossary, and the editors'
translation status page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from generators.cards import card_key
from generators.config import DEFAULT_SITE_NAME
from generators.library.answer_texts import bank_title, translated_bank
from generators.library.model import Explainer, Library, Translation
from generators.media import SiteMedia
from generators.site.answers import qa_title
from generators.site.i18n import marked_body, versions
from generators.site.jsonld import explainer_jsonld, jsonld_script
from generators.site.pages import (
    SitePage,
    figure,
    marks_json,
    video_sizes,
)
from generators.site.ui import UI, load_ui
from generators.translations.status import TranslationState, translation_status
from generators.urls import (
    GLOSSARY_URL,
    LANGUAGES_URL,
    STATUS_URL,
    card_url,
    language_home_url,
    language_search_url,
    qa_url,
    situation_url,
    translated_url,
)


def plan_language_pages(library: Library, media: SiteMedia | None = None,
                        search_tag: str = "", *, site_url: str | None = None,
                        site_name: str = DEFAULT_SITE_NAME) -> Iterator[SitePage]:
    """Every page that exists because the library has other languages or a glossary;
    `site_url` and `site_name` go into each translation's schema.org JSON-LD."""
    media = media or SiteMedia()
    ui = load_ui(library)
    statuses = translation_status(library)
    stale = {(s.slug, s.lang) for s in statuses if s.state is TranslationState.STALE}
    by_lang: dict[str, list[tuple[Explainer, Translation]]] = {}
    for explainer in library.published:
        for translation in explainer.translations:
            by_lang.setdefault(translation.lang, []).append((explainer, translation))
            page = _translation_page(library, explainer, translation, ui[translation.lang],
                                     (explainer.slug, translation.lang) in stale, media)
            page.meta["tsp_jsonld"] = jsonld_script(explainer_jsonld(
                library, translation, media, site_url, site_name=site_name))
            yield page
    # A language with translated Q&A or situations only has a home too: their pages'
    # crumbs lead there.
    answered = {t.lang for bank in library.qa.values() for t in bank.translations}
    answered |= {t.lang for s in library.situations.values() for t in s.translations}
    for lang in sorted(by_lang.keys() | answered):
        yield _language_home(library, lang, by_lang.get(lang, []), ui[lang],
                             _answers_in(library, lang, ui[lang]))
        yield _language_search(library, lang, ui[lang], search_tag)
    if by_lang:
        counts = {lang: len(items) for lang, items in by_lang.items()}
        yield SitePage(LANGUAGES_URL, "Ngôn ngữ khác", "Các bài đã được dịch sang tiếng dân "
                       "tộc và tiếng nước ngoài", "languages", "languages.html.j2",
                       {"library": library, "counts": counts})
    if library.glossary:
        yield _glossary_page(library)
    if statuses:
        yield SitePage(STATUS_URL, "Tình trạng bản dịch", "Dành cho biên tập viên: bản dịch nào "
                       "đã cập nhật, đã cũ hay chưa có", "translation-status",
                       "translation_status.html.j2",
                       {"library": library, "statuses": statuses, "states": TranslationState},
                       meta={"robots": "noindex"})


def _page_values(library: Library, lang: str, ui: UI) -> dict[str, Any]:
    language = library.languages[lang]
    return {"ui": ui, "lang": lang, "page_lang": lang, "language": language, "library": library,
            "home_url": language_home_url(lang), "search_url": language_search_url(lang)}


def _translation_page(library: Library, explainer: Explainer, translation: Translation,
                      ui: UI, stale: bool, media: SiteMedia) -> SitePage:
    url = translated_url(explainer, translation)
    body_html, terms = marked_body(library, translation.body.html, translation.lang, url)
    langs = versions(library, explainer, translation.lang)
    books = media.translated_audio.get((explainer.slug, translation.lang), ())
    values = {
        **_page_values(library, translation.lang, ui),
        "e": explainer, "t": translation, "stale": stale, "body_html": body_html,
        "terms": terms, "versions": langs, "field": library.fields[explainer.field],
        "documents": [library.documents[k] for k in explainer.documents],
        # Pictures and videos exist in Vietnamese only: shown, marked as Vietnamese.
        "figures": [figure(library, media.infographics[name]) for name in explainer.infographics
                    if name in media.infographics],
        "video": media.videos.get(explainer.slug),
        "video_sizes": video_sizes(media.videos.get(explainer.slug)),
        "books": list(books), "marks_json": marks_json(books),
        "vi_books": bool(media.audio.get(explainer.slug)),
        "ebook": media.ebooks.get(f"{explainer.slug}.{translation.lang}"), "ebook_label": "",
    }
    language = library.languages[translation.lang]
    meta = {"field": library.fields[explainer.field].title}
    key = card_key(explainer.slug, translation.lang)
    if key in media.cards:
        meta["tsp_image"] = card_url(key)
    return SitePage(url, translation.title, translation.description, "translation",
                    "translation.html.j2", values, lastmod=explainer.updated, meta=meta,
                    lang=translation.lang, direction=language.dir,
                    alternates=tuple((v.lang, v.url) for v in langs))


def _answers_in(library: Library, lang: str,
                ui: UI) -> list[tuple[Markup | str, str, str, str]]:
    """(title, URL, Vietnamese title, its URL) of each Q&A file and situation translated
    into `lang`; a Q&A file's title as its page's."""
    out = []
    for bank in sorted(library.qa.values(), key=lambda b: b.key):
        for t in bank.translations:
            if t.lang == lang:
                out.append((qa_title(library, translated_bank(bank, t), ui)[1],
                            language_home_url(lang) + qa_url(bank.key),
                            bank_title(library, bank), qa_url(bank.key)))
    for situation in sorted(library.situations.values(), key=lambda s: s.key):
        for t in situation.translations:
            if t.lang == lang:
                out.append((t.texts.get("title", situation.title),
                            language_home_url(lang) + situation_url(situation.key),
                            situation.title, situation_url(situation.key)))
    return out


def _language_home(library: Library, lang: str, items: list[tuple[Explainer, Translation]],
                   ui: UI, answers: list[tuple[Markup | str, str, str, str]]) -> SitePage:
    shelves: dict[str, list[tuple[Explainer, Translation]]] = {}
    for explainer, translation in sorted(items, key=lambda it: (it[1].title, it[0].slug)):
        shelves.setdefault(explainer.field, []).append((explainer, translation))
    values = {**_page_values(library, lang, ui), "count": len(items),
              "shelves": [(library.fields[k], shelves[k]) for k in library.fields
                          if k in shelves], "answers": answers}
    language = library.languages[lang]
    return SitePage(language_home_url(lang), f"{language.name} — {ui.text('language_home')}",
                    ui.text("lead_home", count=len(items)) if items else ui.text("answers"),
                    "language-home",
                    "language_home.html.j2", values, lang=lang, direction=language.dir)


_SEARCH_MESSAGES = ("search_count", "search_none", "search_partial", "search_failed",
                    "search_busy", "search_result_field", "search_chosen_filters",
                    "search_understood", "search_by_field", "search_by_audience",
                    "search_by_type", "search_by_document", "search_answered", "search_basis",
                    "search_situation", "search_section")


def _language_search(library: Library, lang: str, ui: UI, search_tag: str) -> SitePage:
    language = library.languages[lang]
    values = {**_page_values(library, lang, ui), "search_tag": search_tag,
              "messages": {key.removeprefix("search_"): ui.raw(key) for key in _SEARCH_MESSAGES}}
    return SitePage(language_search_url(lang), f"{ui.text('search')} — {language.name}",
                    ui.text("search_label"), "language-search", "language_search.html.j2",
                    values, lang=lang, direction=language.dir)


def _glossary_page(library: Library) -> SitePage:
    from generators.library.glossary import glossary_anchor

    terms = sorted(library.glossary.values(), key=lambda t: (glossary_anchor(t.term), t.term))
    values = {"terms": [(glossary_anchor(t.term), t) for t in terms], "library": library,
              "languages": library.languages}
    return SitePage(GLOSSARY_URL, "Thuật ngữ pháp luật", "Giải thích các thuật ngữ pháp luật "
                    "bằng lời dễ hiểu", "glossary", "glossary.html.j2", values)

