"""What the media stages hand to the site and the exports: each stage's output type
(`Audiobook` with its `ChapterMark`s and `Cue`s, `InfographicFiles`, `Video`, `Ebook`) and
`SiteMedia`, which holds them all for the pages. Neutral ground: producers and consumers
import from here, so no stage imports another to learn the shape of its results.

It imports nothing from the project but `generators.urls` (the files' addresses)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

from generators.urls import (
    audio_url,
    bulletin_url,
    ebook_url,
    infographic_url,
    qa_audio_url,
    video_url,
)

# ---- audio (generators.speech) --------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    """A stretch of audio and the text said in it (seconds from the start of its file)."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class ChapterMark:
    """Where a chapter starts and ends in the finished audiobook (seconds)."""

    title: str
    anchor: str
    start: float
    end: float


@dataclass(frozen=True)
class Audiobook:
    """One explainer read by one voice (or a person): the files and what is in them."""

    slug: str
    lang: str
    voice: str
    label: str
    engine: str
    mp3: Path
    vtt: Path
    chapters_json: Path
    duration: float
    size: int
    marks: tuple[ChapterMark, ...]
    cues: tuple[Cue, ...]

    def url(self, ext: str) -> str:
        """The published file, relative to the site root: `sach-noi/<slug>/<voice>.mp3`,
        and `sach-noi/<slug>/<lang>/<voice>.mp3` for a translation's."""
        return audio_url(self.slug, self.lang, self.voice, ext)


@dataclass(frozen=True)
class AnswerClip:
    """One Q&A answer read aloud (the question, the answer, its basis) by the default voice."""

    bank: str
    item: str
    voice: str
    label: str
    mp3: Path
    vtt: Path
    duration: float
    size: int

    def url(self, ext: str) -> str:
        """`sach-noi/hoi-dap/<file>/<item>/<voice>.mp3` (or `.vtt`)."""
        return qa_audio_url(self.bank, self.item, self.voice, ext)


# ---- infographics (generators.infographics) ---------------------------------------------------


@dataclass(frozen=True)
class InfographicFiles:
    """One infographic's cached files, by format."""

    name: str
    title: str
    type: str
    svg: Mapping[str, Path]
    png: Mapping[str, Path]

    def url(self, fmt: str, ext: str) -> str:
        """Site-relative URL, e.g. `infographic/cac-buoc-hoa-giai/doc.png`."""
        return infographic_url(self.name, fmt, ext)


# ---- video (generators.video) ----------------------------------------------------------------


@dataclass(frozen=True)
class Video:
    """An explainer's video in both forms, with its captions and poster (cached files)."""

    slug: str
    web: Path
    """1280×720 MP4, captions as a separate track (`vtt`)."""
    vertical: Path
    """720×1280 MP4 with the captions burned in, for social media."""
    vtt: Path
    """WebVTT captions of the web form."""
    poster: Path
    """1280×720 JPEG: the title slide."""
    duration: float
    cues: tuple[Cue, ...]
    """The caption cues (video time, lines joined by "\\n")."""

    def url(self, part: str) -> str:
        """The published file, relative to the site root: `video/<slug>/video.mp4` for
        "web", `video-doc.mp4` for "vertical", `phu-de.vi.vtt` for "vtt", `poster.jpg`."""
        return video_url(self.slug, part)


# ---- e-books (generators.ebooks) -------------------------------------------------------------


@dataclass(frozen=True)
class Ebook:
    """One EPUB 3 file: an explainer (or a translation of one), or a field's whole book."""

    key: str
    """`<slug>` for an explainer, `<slug>.<lang>` for a translation, `linh-vuc/<field>`."""
    kind: str
    """"explainer", "translation" or "field"."""
    slug: str
    """The explainer's slug, or the field's key."""
    lang: str
    title: str
    path: Path
    """The cached file (never changes under its name)."""
    size: int

    @property
    def url(self) -> str:
        """The published file, relative to the site root: `sach-dien-tu/<key>.epub`."""
        return ebook_url(self.key)


# ---- commune-loudspeaker bulletins (generators.bulletins) -----------------------------------


@dataclass(frozen=True)
class BulletinPart:
    """One part of a bulletin (opening, an explainer, closing) and where it is in the MP3."""

    title: str
    explainer: str
    """The explainer's slug; "" for the opening and the closing."""
    documents: tuple[tuple[str, str], ...]
    """(document key, its status at the build date) of the explainer's sources."""
    sentences: tuple[str, ...]
    """What is said, as the editor wrote it (digits, abbreviations)."""
    start: float
    end: float


@dataclass(frozen=True)
class BulletinAudio:
    """One bulletin as the station gets it: the MP3, its script, and the files beside it."""

    key: str
    """`<name>`, or `<name>.<lang>` for a version in another language."""
    name: str
    title: str
    lang: str
    voice: str
    voice_label: str
    profile: str
    mp3: Path
    duration: float
    size: int
    sha256: str
    parts: tuple[BulletinPart, ...]
    minutes: float
    """The target length."""
    schedule: str | None = None
    areas: tuple[str, ...] = ()
    valid_from: str = ""
    valid_to: str = ""
    """ISO dates; "" when open-ended."""
    document: str | None = None
    """The new document it announces (`new_documents:`), else None."""
    files: Mapping[str, Path] = field(default_factory=dict)
    """Extension (`.json`, `.m3u`, `.ics`, `.zip`, `.txt`) → the file made for the station."""

    def url(self, ext: str = "") -> str:
        """Its page, or a file: `ban-tin/<name>/<key><ext>`."""
        return bulletin_url(self.key, ext)


# ---- all of it, for the site ------------------------------------------------------------------


@dataclass(frozen=True)
class SiteMedia:
    """What the media stages made, for the pages to show (each part may be empty)."""

    audio: Mapping[str, Sequence[Audiobook]] = field(default_factory=dict)
    """Explainer slug → its Vietnamese audiobooks, default voice first."""
    translated_audio: Mapping[tuple[str, str], Sequence[Audiobook]] = field(
        default_factory=dict)
    """(slug, language) → a translation's audiobooks."""
    infographics: Mapping[str, InfographicFiles] = field(default_factory=dict)
    videos: Mapping[str, Video] = field(default_factory=dict)
    cards: Mapping[str, Path] = field(default_factory=dict)
    """Explainer slug (SITE_CARD for the bookshelf) → its share card PNG."""
    ebooks: Mapping[str, Ebook] = field(default_factory=dict)
    """Ebook.key (`<slug>`, `<slug>.<lang>`, `linh-vuc/<field>`) → the EPUB."""
    answers: Mapping[tuple[str, str], AnswerClip] = field(default_factory=dict)
    """(Q&A file, item id) → its answer read aloud."""
    bulletins: Mapping[str, BulletinAudio] = field(default_factory=dict)
    """BulletinAudio.key → the bulletin, in the order of bulletins.yml (new documents last)."""
    bulletin_feeds: Mapping[str, Path] = field(default_factory=dict)
    """Site-relative URL (the RSS and JSON feeds of all bulletins) → the file."""

    def merged(self, other: SiteMedia) -> SiteMedia:
        """These media with what `other` adds (a later stage's part wins where both have one)."""
        return SiteMedia(**{f.name: {**getattr(self, f.name), **getattr(other, f.name)}
                            for f in fields(SiteMedia)})
