"""Direct answers on the static site: a page per Q&A file (`qa_url`, FAQPage JSON-LD), a
page per legal situation and per step of it (`situation_url`, `situation_step_url`), their
lists, and links to them at the end of the explainers they point to.

A situation works without JavaScript: each step is a page of its own that shows only its
question, each option a plain link to the next step's page. Every page of a situation also
carries the other steps, hidden; `assets/answers/situation.js` then walks them in place
(no reload, `history.pushState`, so Back goes back a step), moves the focus to the new
question and says it in a live region.

A translated Q&A file or situation has the same pages under `<lang>/`, in its language:
interface strings from `ui` (Vietnamese, marked lang="vi", where the language has none),
what stays Vietnamese (fields, cited documents and their statuses, an untranslated
explainer, the recordings) marked lang="vi", and a FAQPage JSON-LD of its own. The lists
exist in Vietnamese only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

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
from generators.site.pages import SitePage, TocEntry, vietnamese_ui
from generators.site.quizzes import article_text, explanation_html
from generators.site.ui import UI, load_ui
from generators.urls import (
    DOCUMENTS_URL,
    QA_URL,
    SITUATIONS_URL,
    language_home_url,
    qa_item_url,
    qa_url,
    situation_step_url,
    situation_url,
    translated_url,
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
    """Where to read more: an explainer (at a section) that is published, or its
    translation into the page's language."""

    title: str
    href: str
    section: str
    """The section's title, or "" for the whole explainer."""
    lang: str
    """The language of the page it leads to (and of `text`)."""
    text: str
    """The link's text: the title, then the section's (" — mục “…”")."""


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


def further(library: Library, slug: str | None, section: str | None,
            lang: str = VIETNAMESE) -> Further | None:
    """The published explainer `slug` (at `section`), or None (unpublished: no link); for
    a page in `lang`, the explainer's translation into it when there is one (whole: its
    sections are not the Vietnamese ones)."""
    explainer = next((e for e in library.published if e.slug == slug), None)
    if explainer is None:
        return None
    translation = next((t for t in explainer.translations if t.lang == lang), None)
    if lang != VIETNAMESE and translation is not None:
        return Further(translation.title, translated_url(explainer, translation), "", lang,
                       translation.title)
    heading = next((h.text for h in explainer.body.headings if h.anchor == section), "")
    text = explainer.title
    if heading:
        text += " — " + vietnamese_ui(library).text("read_more_section", section=heading)
    return Further(explainer.title, explainer.url + (f"#{section}" if heading else ""), heading,
                   VIETNAMESE, text)


def _base(lang: str) -> str:
    """Where a language's pages are: `<lang>/` ("" for Vietnamese)."""
    return "" if lang == VIETNAMESE else language_home_url(lang)


def shown_items(library: Library, bank: QABank,
                lang: str = VIETNAMESE) -> tuple[ShownItem, ...]:
    """The items as the page in `lang` shows them (`bank` already in that language)."""
    url = _base(lang) + qa_url(bank.key)
    return tuple(ShownItem(i, first_sentence(i.answer), explanation_html(library, i.answer, url),
                           cited(library, i.basis), further(library, i.explainer, i.section,
                                                            lang))
                 for i in bank.items)


def shown_steps(library: Library, situation: Situation,
                lang: str = VIETNAMESE) -> tuple[ShownStep, ...]:
    """The steps as their pages in `lang` show them (`situation` already in it)."""
    base = _base(lang)

    def page(step: str) -> str:
        return base + (situation_url(situation.key) if step == situation.start else
                       situation_step_url(situation.key, step))

    out = []
    for step in situation.steps.values():
        html = explanation_html(library, step.outcome, page(step.id)) if step.outcome else ""
        own = step.question or first_sentence(step.outcome or "")
        title = situation.title if step.id == situation.start else f"{own} — {situation.title}"
        out.append(ShownStep(step, page(step.id), html, cited(library, step.basis),
                             further(library, step.explainer, step.section, lang),
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


def _ui_for(library: Library, lang: str) -> UI:
    """The interface strings of a page in `lang` (Vietnamese where it has none)."""
    vietnamese = vietnamese_ui(library)
    if lang == VIETNAMESE:
        return vietnamese
    return load_ui(library).get(lang) or UI(lang, {}, vietnamese.strings)


def _marked(ui: UI, key: str, **names: str) -> Markup:
    """The string `key` with `names` (kept in Vietnamese: fields, documents) filled in, each
    marked `lang="vi"` on a page in another language."""
    if ui.lang == VIETNAMESE or ui.lang_of(key) == VIETNAMESE:
        return ui(key, **names)
    return Markup(escape(ui.raw(key))).format(
        **{k: Markup('<span lang="vi">{}</span>').format(v) for k, v in names.items()})


def qa_title(library: Library, bank: QABank, ui: UI) -> tuple[str, Markup | str]:
    """A Q&A page's title in `ui.lang` (`bank` in that language), as text and as HTML:
    `title:` as written, else named after its field ("Hỏi đáp: Lao động"), the field's
    name marked lang="vi" on a translation."""
    if bank.title:
        return bank.title, bank.title
    field = library.fields.get(bank.field)
    name = field.title if field else bank.field
    return ui.text("qa_title", field=name), _marked(ui, "qa_title", field=name)


def _questions(ui: UI, count: int) -> str:
    return ui.text("qa_question" if count == 1 else "qa_questions", n=count)


def _crumbs(library: Library, ui: UI, list_url: str, list_key: str
            ) -> list[tuple[str, Markup | str, str | None]]:
    """(target, label, hreflang) of the crumbs above a page in `ui.lang`: the home page and
    the list; a translation's go to its language's home and the (Vietnamese) list."""
    if ui.lang == VIETNAMESE:
        return [("", ui("home"), None), (list_url, ui(list_key), None)]
    language = library.languages.get(ui.lang)
    return [(language_home_url(ui.lang), language.name if language else ui.lang, None),
            (list_url, ui(f"{list_key}_vi"), VIETNAMESE)]


def _qa_pages(library: Library, media: SiteMedia, site_url: str | None,
              site_name: str) -> list[SitePage]:
    banks = sorted(library.qa.values(), key=lambda b: (bank_title(library, b), b.key))
    vi_ui = vietnamese_ui(library)
    out = [SitePage(QA_URL, vi_ui.text("qa_list"), vi_ui.text("qa_list_description"),
                    "qa_list", "qa_list.html.j2",
                    {"banks": [(b, bank_title(library, b)) for b in banks], "qa_url": qa_url,
                     "library": library, "ui": vi_ui, "situations_url": SITUATIONS_URL
                     if library.situations else None})]
    for source in banks:
        versions = _versions(source, qa_url(source.key))
        # The answers are read aloud in Vietnamese only: a translation offers those clips,
        # marked as Vietnamese (the page, its JSON-LD).
        audio = {i: c for (b, i), c in media.answers.items() if b == source.key}
        for lang, bank in [(VIETNAMESE, source)] + [
                (t.lang, translated_bank(source, t)) for t in source.translations]:
            ui = _ui_for(library, lang)
            url = _base(lang) + qa_url(bank.key)
            field = library.fields.get(bank.field)
            title, heading = qa_title(library, bank, ui)
            items = shown_items(library, bank, lang)
            values = {"bank": bank, "title": title, "heading": heading, "items": items,
                      "library": library, "field": field, "ui": ui, "lang": lang,
                      "crumbs": _crumbs(library, ui, QA_URL, "qa_list"), "audio": audio,
                      "stale": _stale(library, source, lang, qa_url(source.key)),
                      "unreviewed": _unreviewed(source, lang),
                      "legal_unreviewed": not source.reviewed}
            # No table of contents: on a translation, outside the navigation, Material's label
            # for it would name no control; the Vietnamese page is laid out the same.
            page = SitePage(url, title, ui.text("qa_description",
                                                questions=_questions(ui, len(items))),
                            "qa", "qa.html.j2", values, **_language(library, lang, versions))
            page.meta["tsp_jsonld"] = jsonld_script(faq_jsonld(
                library, bank, items, site_url, site_name=site_name, audio=audio, lang=lang,
                title=title))
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
    return {"ui": _ui_for(library, lang), "lang": lang, "url": url}


def _unreviewed(source: QABank | Situation, lang: str) -> bool:
    """Whether the page is a translation no native speaker has checked yet (it says so,
    as a translated explainer does)."""
    return any(t.lang == lang and not t.reviewed for t in source.translations)


def _language(library: Library, lang: str, versions: tuple[tuple[str, str], ...]
              ) -> dict[str, Any]:
    language = library.languages.get(lang)
    return {"lang": lang, "direction": language.dir if language else "ltr",
            "alternates": versions}


def _situation_pages(library: Library) -> list[SitePage]:
    situations = sorted(library.situations.values(), key=lambda s: (s.title, s.key))
    vi_ui = vietnamese_ui(library)
    out = [SitePage(SITUATIONS_URL, vi_ui.text("situations"),
                    vi_ui.text("situations_description"), "situations", "situations.html.j2",
                    {"situations": situations, "situation_url": situation_url,
                     "library": library, "ui": vi_ui})]
    for source in situations:
        for lang, situation in [(VIETNAMESE, source)] + [
                (t.lang, translated_situation(source, t)) for t in source.translations]:
            ui = _ui_for(library, lang)
            base = _base(lang)
            steps = shown_steps(library, situation, lang)
            crumbs = _crumbs(library, ui, SITUATIONS_URL, "situations")
            for shown in steps:
                values = {"situation": situation, "steps": steps, "current": shown,
                          "start_url": base + situation_url(situation.key), "ui": ui,
                          "lang": lang, "crumbs": crumbs, "library": library,
                          "field": library.fields.get(situation.field),
                          "stale": _stale(library, source, lang, shown.url.removeprefix(base)),
                          "unreviewed": _unreviewed(source, lang),
                      "legal_unreviewed": not source.reviewed}
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
    ui = vietnamese_ui(library)
    links += [(ui.text("situation_link", title=s.title), situation_url(s.key)) for s in
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
           "bank_title", "basis_text", "cited", "further", "plan", "qa_title", "shown_items",
           "shown_steps"]
