"""What every page needs to know about languages: which versions of an explainer exist
(for the switcher and `hreflang`), and the glossary terms marked in a body."""

from __future__ import annotations

from dataclasses import dataclass

from generators.library.glossary import MarkedTerm, mark_terms
from generators.library.model import VIETNAMESE, Explainer, Language, Library
from generators.urls import GLOSSARY_URL, relative_url, translation_url


@dataclass(frozen=True)
class Version:
    """One language version of an explainer: for the language switcher and hreflang."""

    lang: str
    language: Language
    url: str
    current: bool = False


def versions(library: Library, explainer: Explainer, current: str = VIETNAMESE,
             ) -> tuple[Version, ...]:
    """The explainer in Vietnamese and in each language it has been translated into (only
    those: a switcher never offers a language the explainer does not exist in)."""
    langs = [VIETNAMESE, *(t.lang for t in explainer.translations
                           if t.lang in library.languages)]
    return tuple(Version(lang, library.languages[lang] if lang in library.languages
                         else Language(VIETNAMESE, "Tiếng Việt", "Tiếng Việt"),
                         translation_url(lang, explainer.field, explainer.slug), lang == current)
                 for lang in langs)


def marked_body(library: Library, html: str, lang: str, page_url: str,
                ) -> tuple[str, list[MarkedTerm]]:
    """The body with the first use of each glossary term linked to its definition."""
    if not library.glossary:
        return html, []
    return mark_terms(html, library.glossary, lang, relative_url(GLOSSARY_URL, page_url))
