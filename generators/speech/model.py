"""The speech stage's data: what is read aloud, and the audio made from it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generators.urls import audio_url


@dataclass(frozen=True)
class Sentence:
    """One sentence: as the reader sees it (transcript) and as the engine should say it."""

    shown: str
    spoken: str
    kind: str = "text"
    """Where it comes from: "text", "row" (a table row read out) or "note" (a footnote):
    the video's slides show the text, not the rows and notes read for listeners."""


@dataclass(frozen=True)
class ChapterScript:
    """One chapter: the opening (title and description) or one `##` section."""

    title: str
    anchor: str
    """The section's anchor on the page; "" for the opening."""
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class SpeechScript:
    """Everything an audiobook says, chapter by chapter, built from the Library model."""

    slug: str
    lang: str
    title: str
    chapters: tuple[ChapterScript, ...]


@dataclass(frozen=True)
class Cue:
    """A stretch of audio and the text said in it (seconds from the start of its file)."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class ChapterAudio:
    """A chapter's speech as mono 16-bit PCM WAV, with a cue per sentence."""

    title: str
    anchor: str
    wav: Path
    duration: float
    cues: tuple[Cue, ...]


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
