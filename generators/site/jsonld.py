"""schema.org JSON-LD for an explainer page or a translation page: an `Article` about the
`Legislation` it explains, with its audio (`AudioObject`), video (`VideoObject`), e-book
(`encoding`) and infographics (`associatedMedia`), and the links between a translation and
its Vietnamese source (`translationOfWork` / `workTranslation`); for a Q&A page, an
`FAQPage` whose answers cite the `Legislation` they rest on.

Addresses are absolute when the site URL is known; without it they are relative to the page
the JSON-LD sits in, because JSON-LD resolves relative IRIs against the page's address.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from generators.cards import card_key
from generators.config import DEFAULT_SITE_NAME
from generators.infographics import FORMATS
from generators.library.model import (
    VIETNAMESE,
    Document,
    DocumentStatus,
    Explainer,
    Library,
    QABank,
    Translation,
)
from generators.library.sentences import plain_text
from generators.media import AnswerClip, Audiobook, SiteMedia, Video
from generators.urls import (
    DOCUMENTS_URL,
    card_url,
    language_home_url,
    page_url,
    qa_url,
    relative_url,
    site_base,
)
from generators.video.slides import WEB
from generators.works import audiobooks_of, cited, version_id

CONTEXT = "https://schema.org"
LEGAL_FORCE = {DocumentStatus.IN_FORCE: "InForce", DocumentStatus.NOT_YET: "NotInForce",
               DocumentStatus.EXPIRED: "NotInForce"}
"""Our statuses know no partial force, so `PartiallyInForce` is never said."""


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration, whole seconds: 185.4 → `PT3M5S`, 3600 → `PT1H`, 0 → `PT0S`."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours}H" if hours else "", f"{minutes}M" if minutes else "",
             f"{secs}S" if secs or not total else ""]
    return "PT" + "".join(parts)


class _Urls:
    """Site-relative addresses as this page's JSON-LD writes them."""

    def __init__(self, site_url: str | None, page: str) -> None:
        self.base = site_base(site_url)
        self.page = page

    def __call__(self, target: str) -> str:
        return self.base + target if self.base else relative_url(target, self.page)


def explainer_jsonld(library: Library, item: Explainer | Translation, media: SiteMedia,
                     site_url: str | None, *, site_name: str = DEFAULT_SITE_NAME,
                     ) -> dict[str, Any]:
    """The JSON-LD of the page of `item` (an explainer, or a translation of one)."""
    if isinstance(item, Translation):
        explainer, translation = library.explainer(item.slug), item
    else:
        explainer, translation = item, None
    text = translation or explainer
    lang = translation.lang if translation else VIETNAMESE
    url = _Urls(site_url, page_url(explainer, translation))
    organization = {"@type": "Organization", "name": site_name, "url": url("")}
    data: dict[str, Any] = {
        "@context": CONTEXT, "@type": "Article", "@id": url(url.page) + "#bai-viet",
        "url": url(url.page), "mainEntityOfPage": url(url.page),
        "headline": text.title, "description": text.description, "inLanguage": lang,
        "dateModified": explainer.updated.isoformat(), "isAccessibleForFree": True,
        "publisher": organization, "author": organization,
        "isPartOf": {"@type": "WebSite", "name": site_name, "url": url("")},
        "articleSection": library.fields[explainer.field].title,
        "about": [legislation(d, url) for d in cited(library, explainer.documents)],
    }
    if explainer.tags:
        data["keywords"] = ", ".join(explainer.tags)
    audiences = [library.audiences[k].title for k in explainer.audiences
                 if k in library.audiences]
    if audiences:
        data["audience"] = [{"@type": "Audience", "audienceType": a} for a in audiences]
    card = card_key(explainer.slug, lang)
    if card in media.cards:
        data["image"] = url(card_url(card))
    books = audiobooks_of(media, explainer, translation)
    if books:
        data["audio"] = audio_objects(books, text.title, url)
    video = media.videos.get(explainer.slug)
    if video is not None:
        data["video"] = video_object(video, explainer, url)
    ebook = media.ebooks.get(version_id(explainer, translation))
    if ebook is not None:
        data["encoding"] = [{"@type": "MediaObject", "name": ebook.title,
                             "contentUrl": url(ebook.url),
                             "encodingFormat": "application/epub+zip", "inLanguage": lang}]
    figures = [_image(media, name, url) for name in explainer.infographics
               if name in media.infographics]
    if figures:
        data["associatedMedia"] = figures
    data |= _translations(explainer, translation, url)
    return data


def legislation(document: Document, url: _Urls) -> dict[str, Any]:
    """A cited document as schema.org `Legislation`, with its force on the build date."""
    data: dict[str, Any] = {
        "@type": "Legislation", "@id": url(f"{DOCUMENTS_URL}{document.slug}/"),
        "legislationIdentifier": document.key, "name": document.title,
        "legislationType": document.type, "legislationDate": document.issued.isoformat(),
        "legislationPassedBy": {"@type": "Organization", "name": document.issuer},
        "legislationJurisdiction": "VN",
        "legislationLegalForce": f"{CONTEXT}/{LEGAL_FORCE[document.status]}",
    }
    if document.expires:
        data["expires"] = document.expires.isoformat()
    if document.url:
        data["url"] = document.url
    return data


def audio_objects(books: Sequence[Audiobook], title: str, url: _Urls) -> list[dict[str, Any]]:
    """One `AudioObject` per voice; the transcript once, on the first (default) voice."""
    out = []
    for index, book in enumerate(books):
        data: dict[str, Any] = {
            "@type": "AudioObject", "name": f"{title} ({book.label})",
            "contentUrl": url(book.url(".mp3")), "encodingFormat": "audio/mpeg",
            "duration": iso_duration(book.duration), "inLanguage": book.lang,
            "caption": {"@type": "MediaObject", "contentUrl": url(book.url(".vtt")),
                        "encodingFormat": "text/vtt", "inLanguage": book.lang},
        }
        if index == 0 and book.cues:
            data["transcript"] = " ".join(cue.text for cue in book.cues)
        out.append(data)
    return out


def video_object(video: Video, explainer: Explainer, url: _Urls) -> dict[str, Any]:
    return {
        "@type": "VideoObject", "name": explainer.title, "description": explainer.description,
        "thumbnailUrl": url(video.url("poster")), "uploadDate": explainer.updated.isoformat(),
        "duration": iso_duration(video.duration), "contentUrl": url(video.url("web")),
        "encodingFormat": "video/mp4", "width": WEB.width, "height": WEB.height,
        "inLanguage": VIETNAMESE,
        "caption": {"@type": "MediaObject", "contentUrl": url(video.url("vtt")),
                    "encodingFormat": "text/vtt", "inLanguage": VIETNAMESE},
    }


def _image(media: SiteMedia, name: str, url: _Urls) -> dict[str, Any]:
    files = media.infographics[name]
    fmt = sorted(files.png)[0]
    width, height = FORMATS[fmt]
    return {"@type": "ImageObject", "name": files.title, "contentUrl": url(files.url(fmt, ".png")),
            "encodingFormat": "image/png", "width": width, "height": height,
            "inLanguage": VIETNAMESE}


def _translations(explainer: Explainer, translation: Translation | None,
                  url: _Urls) -> dict[str, Any]:
    def work(text: Explainer | Translation, lang: str, target: str) -> dict[str, Any]:
        return {"@type": "Article", "@id": url(target) + "#bai-viet", "url": url(target),
                "headline": text.title, "inLanguage": lang}

    if translation is not None:
        return {"translationOfWork": work(explainer, VIETNAMESE, page_url(explainer)),
                # Credits are free text (people, teams, "machine translation, edited").
                **({"creditText": "; ".join(translation.translators)}
                   if translation.translators else {})}
    if not explainer.translations:
        return {}
    return {"workTranslation": [work(t, t.lang, page_url(explainer, t))
                                for t in sorted(explainer.translations, key=lambda t: t.lang)]}


def jsonld_script(data: dict[str, Any]) -> Markup:
    """`<script type="application/ld+json">…</script>`, safe inside HTML: compact UTF-8
    JSON where `</` cannot end the script and `<!--` cannot open a comment state."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("</", "<\\/").replace("<!--", "\\u003c!--")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def faq_jsonld(library: Library, bank: QABank, items: Sequence[Any], site_url: str | None, *,
               site_name: str = DEFAULT_SITE_NAME,
               audio: Mapping[str, AnswerClip] | None = None, lang: str = VIETNAMESE,
               title: str | None = None) -> dict[str, Any]:
    """A Q&A page as schema.org `FAQPage`: each item a `Question` whose `acceptedAnswer` is
    the answer's text, with the documents it rests on as `citation` (`Legislation`) and the
    answer read aloud (`audio`, item id → clip) as an `AudioObject`. `items` are the page's
    shown items (`generators.site.answers.ShownItem`: `.item`).

    For a translation (`lang`; `bank` translated, `title` its page's), the page under
    `<lang>/` in that language, a `translationOfWork` of the Vietnamese page; the answers
    are read aloud in Vietnamese only, so its audio says `inLanguage: vi`."""
    source = qa_url(bank.key)
    url = _Urls(site_url, source if lang == VIETNAMESE else language_home_url(lang) + source)
    questions = []
    for shown in items:
        item = shown.item
        answer: dict[str, Any] = {"@type": "Answer", "text": plain_text(item.answer),
                                  "url": url(url.page) + f"#{item.id}"}
        documents = cited(library, [b.document for b in item.basis])
        if documents:
            answer["citation"] = [legislation(d, url) for d in documents]
        clip = (audio or {}).get(item.id)
        if clip is not None:
            answer["audio"] = {"@type": "AudioObject", "contentUrl": url(clip.url(".mp3")),
                               "encodingFormat": "audio/mpeg", "inLanguage": VIETNAMESE,
                               "duration": iso_duration(clip.duration),
                               "caption": {"@type": "MediaObject",
                                           "contentUrl": url(clip.url(".vtt")),
                                           "encodingFormat": "text/vtt"}}
        questions.append({"@type": "Question", "name": item.question,
                          "url": url(url.page) + f"#{item.id}", "acceptedAnswer": answer})
    field = library.fields.get(bank.field)
    data = {"@context": CONTEXT, "@type": "FAQPage", "@id": url(url.page) + "#hoi-dap",
            "url": url(url.page), "inLanguage": lang,
            "name": title or bank.title or (f"Hỏi đáp: {field.title}" if field else bank.key),
            "isPartOf": {"@type": "WebSite", "name": site_name, "url": url("")},
            "dateModified": library.build_date.isoformat(), "mainEntity": questions}
    if lang != VIETNAMESE:
        data["translationOfWork"] = {"@type": "FAQPage", "@id": url(source) + "#hoi-dap",
                                     "url": url(source), "inLanguage": VIETNAMESE}
    return data
