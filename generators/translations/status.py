"""Is each translation up to date with its Vietnamese source? And the translator's `confirm`.

A translation records in `source_hash` the hash of the Vietnamese source it was made from
(`Explainer.source_hash`: sha256 of the source file as the library reads it — UTF-8, NFC,
`\\n` line ends, no BOM). The same hash now: up to date; another one, or none recorded:
stale; no `<slug>.<lang>.md`: missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from generators.atomic import replacing
from generators.errors import TuSachError
from generators.library.answer_texts import bank_title
from generators.library.model import (
    VIETNAMESE,
    Explainer,
    Library,
    QABank,
    Situation,
    Translation,
)
from generators.translations.frontmatter import set_key, yaml_hash
from generators.urls import qa_url, situation_url


class TranslationState(Enum):
    """A translation's state against the current Vietnamese source (Vietnamese labels)."""

    UP_TO_DATE = "cập nhật"
    STALE = "cũ"
    MISSING = "chưa có"


class UsageError(TuSachError):
    """The command named something that is not there (a slug, a language, a translation)."""


@dataclass(frozen=True)
class TranslationStatus:
    """One published explainer in one language of `languages.yml`."""

    slug: str
    path: str
    """Project-relative path of the Vietnamese source."""
    lang: str
    state: TranslationState
    translation_path: str | None
    """Project-relative path of `<slug>.<lang>.md`, None when missing."""
    reviewed: bool
    recorded_hash: str | None
    """The `source_hash` the translation records (None: never confirmed)."""
    current_hash: str
    title: str = field(default="", compare=False)
    """The Vietnamese title, and the page's URL, for the status page."""
    url: str = field(default="", compare=False)

    @property
    def confirmed(self) -> bool:
        """Did the tooling ever record which source this translation follows?"""
        return self.recorded_hash is not None

    @property
    def note(self) -> str:
        """Why a translation is stale or missing, in a few words (empty when up to date)."""
        if self.state is TranslationState.MISSING:
            return "chưa dịch"
        if self.state is TranslationState.STALE:
            return "chưa xác nhận (không có source_hash)" if not self.confirmed \
                else "bài gốc đã sửa sau khi dịch"
        return ""


def state_of(explainer: Explainer, translation: Translation | None) -> TranslationState:
    if translation is None:
        return TranslationState.MISSING
    if translation.source_hash == explainer.source_hash:
        return TranslationState.UP_TO_DATE
    return TranslationState.STALE


def translation_status(library: Library) -> list[TranslationStatus]:
    """Every published explainer, then every Q&A file and situation (slug `qa/<name>`,
    `situations/<name>`), × every language except Vietnamese: by source path, then in the
    order of `languages.yml`."""
    languages = [code for code in library.languages if code != VIETNAMESE]
    out: list[TranslationStatus] = []
    for explainer in sorted(library.published, key=lambda e: e.path):
        by_lang = {t.lang: t for t in explainer.translations}
        for lang in languages:
            translation = by_lang.get(lang)
            out.append(TranslationStatus(
                slug=explainer.slug, path=explainer.path, lang=lang,
                state=state_of(explainer, translation),
                translation_path=translation.path if translation else None,
                reviewed=translation.reviewed if translation else False,
                recorded_hash=translation.source_hash if translation else None,
                current_hash=explainer.source_hash,
                title=explainer.title, url=explainer.url,
            ))
    sources: list[QABank | Situation] = [*library.qa.values(), *library.situations.values()]
    for source in sorted(sources, key=lambda s: s.path):
        by_lang_texts = {t.lang: t for t in source.translations}
        for lang in languages:
            text = by_lang_texts.get(lang)
            out.append(TranslationStatus(
                slug=source.path.removesuffix(".yml"), path=source.path, lang=lang,
                state=TranslationState.MISSING if text is None
                else TranslationState.UP_TO_DATE if text.source_hash == source.source_hash
                else TranslationState.STALE,
                translation_path=text.path if text else None,
                reviewed=text.reviewed if text else False,
                recorded_hash=text.source_hash if text else None,
                current_hash=source.source_hash,
                title=bank_title(library, source) if isinstance(source, QABank)
                else source.title,
                url=qa_url(source.key) if isinstance(source, QABank)
                else situation_url(source.key),
            ))
    return out


def summary_counts(statuses: Iterable[TranslationStatus]) -> dict[TranslationState, int]:
    """How many translations are in each state (every state present, in the enum's order)."""
    counts = dict.fromkeys(TranslationState, 0)
    for status in statuses:
        counts[status.state] += 1
    return counts


def summary_line(statuses: Iterable[TranslationStatus]) -> str:
    """`Bản dịch: 2 cập nhật, 1 cũ, 3 chưa có.` for the build summary."""
    counts = summary_counts(statuses)
    return "Bản dịch: " + ", ".join(f"{n} {state.value}" for state, n in counts.items()) + "."


def attention_lines(statuses: Iterable[TranslationStatus]) -> list[str]:
    """One line per stale or missing translation, e.g.
    `content/lao-dong/thu-viec.en.md: cũ — bài gốc đã sửa sau khi dịch`."""
    lines = []
    for status in statuses:
        if status.state is TranslationState.UP_TO_DATE:
            continue
        where = status.translation_path or f"{status.path} ({status.lang})"
        lines.append(f"{where}: {status.state.value} — {status.note}")
    return lines


def find_translation(library: Library, slug: str, lang: str) -> tuple[Explainer,
                                                                     Translation | None]:
    """The explainer `slug` and its translation into `lang` (None if not written yet).

    Raises UsageError for an unknown slug or language.
    """
    check_language(library, lang)
    try:
        explainer = library.explainer(slug)
    except KeyError:
        raise UsageError(f"không có bài '{slug}' trong thư viện") from None
    return explainer, next((t for t in explainer.translations if t.lang == lang), None)


def check_language(library: Library, lang: str) -> None:
    if lang == VIETNAMESE:
        raise UsageError("tiếng Việt là ngôn ngữ gốc; chọn một ngôn ngữ dịch trong "
                         "languages.yml")
    if lang not in library.languages:
        known = ", ".join(c for c in library.languages if c != VIETNAMESE) or "chưa có"
        raise UsageError(f"ngôn ngữ '{lang}' không có trong content/_data/languages.yml "
                         f"(có: {known})")


def confirm(root: Path, library: Library, slug: str, lang: str) -> Path:
    """Record that the translation of `slug` into `lang` follows the current Vietnamese
    source: its `source_hash:` line is rewritten (or added after `description:`), every
    other byte of the file stays. Returns the translation's path; writes nothing when the
    hash is already the current one. Raises UsageError when there is no such translation."""
    explainer, translation = find_translation(library, slug, lang)
    if translation is None:
        raise UsageError(f"chưa có bản dịch '{lang}' của bài '{slug}' "
                         f"({explainer.path.removesuffix('.md')}.{lang}.md)")
    path = root / translation.path
    if translation.source_hash == explainer.source_hash:
        return path
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    updated = set_key(text, "source_hash", yaml_hash(explainer.source_hash), "description")
    with replacing(path) as temp:
        temp.write_bytes((b"\xef\xbb\xbf" if bom else b"") + updated.encode("utf-8"))
    return path
