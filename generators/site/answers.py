"""Direct answers on the static site: a page per Q&A file (`qa_url`, FAQPage JSON-LD), a
page per legal situation and per step of it (`situation_url`, `situation_step_url`), their
lists, and links to them at the end of the explainers they point to.

A situation works without JavaScript: each step is a page of its own that shows only its
question, each option a plain link to the next step's page. Every page of a situation also
carries the other steps, hidden; `assets/answers/situation.js` then walks them in place
(no reload, `history.pushState`, so Back goes back a step), moves the focus to the new
question and says it in a live region.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generators.config import DEFAULT_SITE_NAME
from generators.library.answer_texts import bank_title, translated_bank, translated_situation
from generators.library.model import (
    VIETNAMESE,
    Basis,
    DocumentStatus,
    Library,
    QABank,
    QAItem,
    Situation,
    SituationStep,
)
from generators.library.sentences import first_sentence
from generators.media import SiteMedia
from generators.site.jsonld import faq_jsonld, jsonld_script
from generators.site.pages import SitePage, TocEntry
from generators.site.quizzes import article_text, explanation_html
from generators.site.ui import load_ui
from generators.urls import (
    DOCUMENTS_URL,
    QA_URL,
    SITUATIONS_URL,
    language_home_url,
    qa_item_url,
    qa_url,
    situation_step_url,
    situation_url,
)

ASSETS = frozenset({"answers"})
"""The optional asset folder the situation pages load (static.OPTIONAL)."""
ANSWERS_ID = "hoi-dap-lien-quan"
"""The explainer section listing the Q&A and situations that point to it (PAGE_IDS)."""


@dataclass(frozen=True)
class Cited:
    """One basis as a page shows it: the article, the document, its status at the build date."""

    article: str
    document: str
    """"Bộ luật 45/2019/QH14" (the key alone when the library does not know it)."""
    title: str
    href: str | None
    status: DocumentStatus | None


@dataclass(frozen=True)
class Further:
    """Where to read more: an explainer (at a section) that is published."""

    title: str
    href: str
    section: str
    """The section's title, or "" for the whole explainer."""


@dataclass(frozen=True)
class ShownItem:
    item: QAItem
    short: str
    """The answer's first sentence, as text."""
    html: str
    basis: tuple[Cited, ...]
    further: Further | None


@dataclass(frozen=True)
class ShownStep:
    step: SituationStep
    url: str
    """The step's own page (the situation's for its first step)."""
    html: str
    """The outcome as sanitised HTML ("" for a question)."""
    basis: tuple[Cited, ...]
    further: Further | None
    options: tuple[tuple[str, str, str], ...]
    """(label, next step's id, its page) of each option."""
    title: str
    """The page's title: the situation's for its first step, else the step's question or
    the outcome's first sentence, then the situation's."""


def cited(library: Library, basis: Sequence[Basis]) -> tuple[Cited, ...]:
    """The cited articles; a document links to its page when the site has one, else to its
    official address."""
    with_pages = {d.key for d in library.cited_documents}
    out = []
    for b in basis:
        doc = library.documents.get(b.document)
        if doc is None:
            out.append(Cited(article_text(b.article), b.document, "", None, None))
            continue
        href = f"{DOCUMENTS_URL}{doc.slug}/" if doc.key in with_pages else doc.url
        out.append(Cited(article_text(b.article), f"{doc.type} {doc.key}", doc.title, href,
                         doc.status))
    return tuple(out)


def further(library: Library, slug: str | None, section: str | None) -> Further | None:
    """The published explainer `slug` (at `section`), or None (unpublished: no link)."""
    explainer = next((e for e in library.published if e.slug == slug), None)
    if explainer is None:
        return None
    heading = next((h.text for h in explainer.body.headings if h.anchor == section), "")
    return Further(explainer.title, explainer.url + (f"#{section}" if heading else ""), heading)


def shown_items(library: Library, bank: QABank, base: str = "") -> tuple[ShownItem, ...]:
    """The items as the page shows them; `base` is a translation's `<lang>/`."""
    url = base + qa_url(bank.key)
    return tuple(ShownItem(i, first_sentence(i.answer), explanation_html(library, i.answer, url),
                           cited(library, i.basis), further(library, i.explainer, i.section))
                 for i in bank.items)


def shown_steps(library: Library, situation: Situation,
                base: str = "") -> tuple[ShownStep, ...]:
    """The steps as their pages show them; `base` is a translation's `<lang>/`."""
    def page(step: str) -> str:
        return base + (situation_url(situation.key) if step == situation.start else
                       situation_step_url(situation.key, step))

    out = []
    for step in situation.steps.values():
        html = explanation_html(library, step.outcome, page(step.id)) if step.outcome else ""
        own = step.question or first_sentence(step.outcome or "")
        title = situation.title if step.id == situation.start else f"{own} — {situation.title}"
        out.append(ShownStep(step, page(step.id), html, cited(library, step.basis),
                             further(library, step.explainer, step.section),
                             tuple((o.label, o.next, page(o.next)) for o in step.options),
                             title))
    return tuple(out)


def plan(library: Library, pages: Sequence[SitePage], media: SiteMedia | None = None, *,
         site_url: str | None = None, site_name: str = DEFAULT_SITE_NAME) -> list[SitePage]:
    """`pages` with links to the Q&A and situations on the home page and on the explainers
    they point to, followed by their pages (with each answer read aloud, when `media` has
    it). Without any, `pages` unchanged."""
    if not library.qa and not library.situations:
        return list(pages)
    out = []
    for page in pages:
        if page.kind == "home":
            page.values["answers"] = {"qa": QA_URL if library.qa else None,
                                      "situations": SITUATIONS_URL if library.situations
                                      else None}
        elif page.kind == "explainer":
            page = _with_answers(library, page)
        elif page.kind == "field":
            _field_links(library, page)
        out.append(page)
    if library.qa:
        out += _qa_pages(library, media or SiteMedia(), site_url, site_name)
    if library.situations:
        out += _situation_pages(library)
    return out


def _qa_pages(library: Library, media: SiteMedia, site_url: str | None,
              site_name: str) -> list[SitePage]:
    banks = sorted(library.qa.values(), key=lambda b: (bank_title(library, b), b.key))
    out = [SitePage(QA_URL, "Hỏi đáp pháp luật", "Câu hỏi thường gặp và câu trả lời ngắn, kèm "
                    "điều luật làm căn cứ", "qa_list", "qa_list.html.j2",
                    {"banks": [(b, bank_title(library, b)) for b in banks], "qa_url": qa_url,
                     "library": library, "situations_url": SITUATIONS_URL
                     if library.situations else None})]
    for source in banks:
        versions = _versions(source, qa_url(source.key))
        for lang, bank in [(VIETNAMESE, source)] + [
                (t.lang, translated_bank(source, t)) for t in source.translations]:
            base = "" if lang == VIETNAMESE else language_home_url(lang)
            title = bank_title(library, bank)
            items = shown_items(library, bank, base)
            # The audio and the JSON-LD are the Vietnamese page's.
            audio = {i: c for (b, i), c in media.answers.items()
                     if b == bank.key} if not base else {}
            values = {"bank": bank, "title": title, "items": items, "library": library,
                      "field": library.fields.get(bank.field), "qa_list_url": QA_URL,
                      "audio": audio, "stale": _stale(library, source, lang,
                                                      qa_url(source.key))}
            # No table of contents: a page outside the navigation has no Material toggle
            # for it (the label would name no control).
            page = SitePage(base + qa_url(bank.key), title, f"{len(items)} câu hỏi và câu "
                            "trả lời ngắn, kèm căn cứ pháp lý", "qa", "qa.html.j2", values,
                            **_language(library, lang, versions))
            if not base:
                page.meta["tsp_jsonld"] = jsonld_script(faq_jsonld(
                    library, bank, items, site_url, site_name=site_name, audio=audio))
            out.append(page)
    return out


def _versions(source: QABank | Situation, url: str) -> tuple[tuple[str, str], ...]:
    """(language, URL) of every language version of a page; none without translations."""
    if not source.translations:
        return ()
    return ((VIETNAMESE, url), *((t.lang, language_home_url(t.lang) + url)
                                 for t in source.translations))


def _stale(library: Library, source: QABank | Situation, lang: str,
           url: str) -> dict[str, Any] | None:
    """What a translation's page says when the Vietnamese changed since (None if it did
    not, and on the Vietnamese page)."""
    translation = next((t for t in source.translations if t.lang == lang), None)
    if translation is None or translation.source_hash == source.source_hash:
        return None
    return {"ui": load_ui(library)[lang], "lang": lang, "url": url}


def _language(library: Library, lang: str, versions: tuple[tuple[str, str], ...]
              ) -> dict[str, Any]:
    language = library.languages.get(lang)
    return {"lang": lang, "direction": language.dir if language else "ltr",
            "alternates": versions}


def _situation_pages(library: Library) -> list[SitePage]:
    situations = sorted(library.situations.values(), key=lambda s: (s.title, s.key))
    out = [SitePage(SITUATIONS_URL, "Tình huống pháp lý", "Trả lời từng câu hỏi để biết quy "
                    "định nào áp dụng cho trường hợp của bạn", "situations",
                    "situations.html.j2", {"situations": situations,
                                           "situation_url": situation_url, "library": library})]
    for source in situations:
        for lang, situation in [(VIETNAMESE, source)] + [
                (t.lang, translated_situation(source, t)) for t in source.translations]:
            base = "" if lang == VIETNAMESE else language_home_url(lang)
            steps = shown_steps(library, situation, base)
            for shown in steps:
                values = {"situation": situation, "steps": steps, "current": shown,
                          "start_url": base + situation_url(situation.key),
                          "list_url": SITUATIONS_URL, "library": library,
                          "field": library.fields.get(situation.field),
                          "stale": _stale(library, source, lang, shown.url.removeprefix(base))}
                versions = _versions(source, shown.url.removeprefix(base))
                out.append(SitePage(shown.url, shown.title,
                                    situation.description or situation.title, "situation",
                                    "situation.html.j2", values,
                                    **_language(library, lang, versions)))
    return out


def _field_links(library: Library, page: SitePage) -> None:
    """A field's page links to its Q&A pages and situations."""
    field = page.url.split("/", 1)[0]
    links = [(bank_title(library, b), qa_url(b.key)) for b in
             sorted(library.qa.values(), key=lambda b: (bank_title(library, b), b.key))
             if b.field == field]
    links += [(f"Tình huống: {s.title}", situation_url(s.key)) for s in
              sorted(library.situations.values(), key=lambda s: (s.title, s.key))
              if s.field == field]
    if links:
        page.values["field_answers"] = links


def _with_answers(library: Library, page: SitePage) -> SitePage:
    slug = page.values["e"].slug
    questions = [(item.question, qa_item_url(bank.key, item.id))
                 for bank, item in library.qa_for(slug)]
    situations = [(s.title, situation_url(s.key)) for s in
                  sorted(library.situations.values(), key=lambda s: (s.title, s.key))
                  if any(step.explainer == slug for step in s.steps.values())]
    if not questions and not situations:
        return page
    page.values["answers"] = {"questions": questions, "situations": situations}
    return dataclasses.replace(page, toc=(*page.toc, TocEntry(2, "Hỏi đáp liên quan",
                                                               ANSWERS_ID)))


def assets_for(library: Library) -> frozenset[str]:
    """The optional asset folders these pages need (none without a situation)."""
    return ASSETS if library.situations else frozenset()


def basis_text(library: Library, basis: Sequence[Basis]) -> str:
    """`Điều 25 Bộ luật 45/2019/QH14; …`: the basis in one line, each once."""
    parts = []
    for c in cited(library, basis):
        parts.append(" ".join(p for p in (c.article, c.document) if p))
    return "; ".join(dict.fromkeys(parts))


__all__ = ["ANSWERS_ID", "ASSETS", "Cited", "Further", "ShownItem", "ShownStep", "assets_for",
           "bank_title", "basis_text", "cited", "further", "plan", "shown_items",
           "shown_steps"]
