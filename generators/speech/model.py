"""The speech stage's data: what is read aloud, and the audio made from it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generators.media import Cue


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
class ChapterAudio:
    """A chapter's speech as mono 16-bit PCM WAV, with a cue per sentence."""

    title: str
    anchor: str
    wav: Path
    duration: float
    cues: tuple[Cue, ...]
