"""An explainer and its translations as versions of one work: their keys (`version_id`),
their order (`versions`), their audiobooks (`audiobooks_of`) and the documents they cite
(`cited`). Shared by what the site embeds (JSON-LD, `generators.site.jsonld`) and what the
exports write (catalogue, OAI-PMH, Atom), so neither imports the other.

It imports only the library's model and `generators.media`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generators.library.model import Document, Explainer, Library, Translation
from generators.media import Audiobook, SiteMedia


def versions(library: Library) -> Iterator[tuple[Explainer, Translation | None]]:
    """Every published explainer and each of its translations, by slug then language."""
    for explainer in sorted(library.published, key=lambda e: e.slug):
        yield explainer, None
        for translation in sorted(explainer.translations, key=lambda t: t.lang):
            yield explainer, translation


def audiobooks_of(media: SiteMedia, explainer: Explainer,
                  translation: Translation | None) -> Sequence[Audiobook]:
    """The audiobooks of a version (the default voice first), or none."""
    if translation is None:
        return media.audio.get(explainer.slug, ())
    return media.translated_audio.get((explainer.slug, translation.lang), ())


def version_id(explainer: Explainer, translation: Translation | None) -> str:
    """`<slug>` or `<slug>.<lang>`: the key of a version in catalogue, OAI and e-book names."""
    return explainer.slug if translation is None else f"{explainer.slug}.{translation.lang}"


def cited(library: Library, keys: Sequence[str]) -> list[Document]:
    """The registry entries of `keys`, in the editor's order, unknown keys left out."""
    return [library.documents[k] for k in dict.fromkeys(keys) if k in library.documents]
