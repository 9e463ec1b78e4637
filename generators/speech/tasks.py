"""The audiobook's two pure tasks, run by generators/tasks.py on the local pool or on Dask
workers: a chapter's text → its WAV bytes and timings; a book's chapters → its MP3, WebVTT
and JSON chapters. They read no file of the build and write none (only scratch files in a
temporary folder of their own), so a worker needs the programs, not the build's disk.

Each task checks that its worker has the engine or encoder the build keyed the piece by: a
worker with another espeak-ng or ffmpeg would make other bytes under the same cache key.
"""

from __future__ import annotations

import tempfile
import wave
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generators.errors import EngineError
from generators.media import ChapterMark, Cue


class Engine(Protocol):
    name: str

    def version(self) -> str: ...

    def synthesize(self, sentences: Sequence[str], voice: str, out_wav: Path) -> list[
        tuple[float, float]]: ...


ENGINES: dict[str, Engine] = {}
"""The engines the build chose (tests: fakes), for tasks run in its process or in workers
forked from it; a Dask worker makes the default ones."""


def default_engines() -> dict[str, Engine]:
    from generators.speech.edge import EdgeEngine
    from generators.speech.espeak import EspeakEngine

    return {"espeak": EspeakEngine(), "edge": EdgeEngine()}


def engine_for(name: str) -> Engine:
    """The engine called `name` in this process."""
    engine = ENGINES.get(name)
    if engine is None:
        engine = default_engines().get(name)
        if engine is None:
            raise EngineError(f"máy chạy việc không có bộ đọc '{name}'")
        ENGINES[name] = engine
    return engine


@dataclass(frozen=True)
class ChapterJob:
    """One chapter to read: its sentences as spoken, by `engine` at `version`."""

    engine: str
    version: str
    voice: str
    sentences: tuple[str, ...]
    name: str
    """Its cache key (also the scratch file's name)."""


@dataclass(frozen=True)
class ChapterMade:
    wav: bytes
    """Mono 16-bit PCM WAV."""
    timings: list[tuple[float, float]]
    """Each sentence's (start, end) in seconds."""
    duration: float


def synthesize_chapter(job: ChapterJob) -> ChapterMade:
    """Read one chapter aloud (a task)."""
    engine = engine_for(job.engine)
    here = engine.version()
    if here != job.version:
        raise EngineError(f"máy chạy việc có {here}, bản dựng cần {job.version} — cài cùng "
                          "phiên bản ở mọi máy")
    with tempfile.TemporaryDirectory(prefix="tusach-chapter-") as scratch:
        wav = Path(scratch) / f"{job.name}.wav"
        timings = engine.synthesize(list(job.sentences), job.voice, wav)
        with wave.open(str(wav), "rb") as audio:
            duration = audio.getnframes() / audio.getframerate()
        return ChapterMade(wav.read_bytes(), [(float(a), float(b)) for a, b in timings],
                           duration)


@dataclass(frozen=True)
class BookChapter:
    title: str
    anchor: str
    wav: bytes
    duration: float
    cues: tuple[Cue, ...]


@dataclass(frozen=True)
class BookJob:
    """One audiobook to assemble from its chapters' audio."""

    name: str
    """Its cache key (the MP3's name in messages)."""
    chapters: tuple[BookChapter, ...]
    meta: Mapping[str, str]
    """title, album, artist, lang."""
    bitrate: int
    gap: float
    settings: str
    """`encoding_settings()` where the build keyed the book."""


@dataclass(frozen=True)
class BookMade:
    files: dict[str, bytes]
    """".mp3", ".vtt", ".chapters.json"."""
    marks: list[ChapterMark]
    duration: float


def encode_book(job: BookJob) -> BookMade:
    """Join, normalise and tag one audiobook; its WebVTT and JSON chapters (a task)."""
    from generators.speech import audio
    from generators.speech.model import ChapterAudio

    here = audio.encoding_settings()
    if here != job.settings:
        raise EngineError(f"máy chạy việc có {here}, bản dựng cần {job.settings} — cài cùng "
                          "phiên bản ở mọi máy")
    with tempfile.TemporaryDirectory(prefix="tusach-book-") as scratch:
        folder = Path(scratch)
        chapters = []
        for i, chapter in enumerate(job.chapters):
            wav = folder / f"{i}.wav"
            wav.write_bytes(chapter.wav)
            chapters.append(ChapterAudio(chapter.title, chapter.anchor, wav, chapter.duration,
                                         chapter.cues))
        mp3 = folder / f"{job.name}.mp3"
        meta = job.meta
        marks = audio.encode_audiobook(chapters, mp3, title=meta["title"], album=meta["album"],
                                       artist=meta["artist"], lang=meta["lang"],
                                       bitrate_kbps=job.bitrate, gap=job.gap)
        vtt, chapters_json = folder / f"{job.name}.vtt", folder / f"{job.name}.chapters.json"
        audio.write_webvtt(book_cues(chapters, marks), vtt)
        audio.write_json_chapters(marks, chapters_json, title=meta["title"])
        files = {".mp3": mp3.read_bytes(), ".vtt": vtt.read_bytes(),
                 ".chapters.json": chapters_json.read_bytes()}
    return BookMade(files, marks, marks[-1].end if marks else 0.0)


@dataclass(frozen=True)
class RecordingJob:
    """A person's narration to bring to the audiobook format."""

    name: str
    source: bytes
    """The recording's file (MP3, WAV, Ogg …)."""
    source_name: str
    """Its file name (ffmpeg's messages name it)."""
    starts: tuple[tuple[float, str], ...]
    """Each chapter's start (seconds) and title."""
    meta: Mapping[str, str]
    bitrate: int
    settings: str


def encode_recording_task(job: RecordingJob) -> BookMade:
    """Normalise and tag one human recording; its WebVTT and JSON chapters (a task)."""
    from generators.speech import audio

    here = audio.encoding_settings()
    if here != job.settings:
        raise EngineError(f"máy chạy việc có {here}, bản dựng cần {job.settings} — cài cùng "
                          "phiên bản ở mọi máy")
    with tempfile.TemporaryDirectory(prefix="tusach-recording-") as scratch:
        folder = Path(scratch)
        source = folder / job.source_name
        source.write_bytes(job.source)
        mp3 = folder / f"{job.name}.mp3"
        meta = job.meta
        duration = audio.encode_recording(source, mp3, title=meta["title"],
                                          album=meta["album"], artist=meta["artist"],
                                          lang=meta["lang"],
                                          marks=recording_marks(job.starts, None),
                                          bitrate_kbps=job.bitrate)
        marks = recording_marks(job.starts, duration)
        vtt, chapters_json = folder / f"{job.name}.vtt", folder / f"{job.name}.chapters.json"
        audio.write_json_chapters(marks, chapters_json, title=meta["title"])
        audio.write_webvtt([Cue(m.start, m.end, m.title) for m in marks], vtt)
        files = {".mp3": mp3.read_bytes(), ".vtt": vtt.read_bytes(),
                 ".chapters.json": chapters_json.read_bytes()}
    return BookMade(files, marks, duration)


def recording_marks(starts: Iterable[tuple[float, str]], duration: float | None,
                    ) -> list[ChapterMark]:
    """Chapter marks from their starts; the last ends at `duration` (when known)."""
    items = list(starts)
    end = duration if duration is not None else (items[-1][0] + 1.0 if items else 0.0)
    return [ChapterMark(title, "", start, items[i + 1][0] if i + 1 < len(items) else end)
            for i, (start, title) in enumerate(items)]


class _Timed(Protocol):
    @property
    def cues(self) -> tuple[Cue, ...]: ...


def book_cues(chapters: Sequence[_Timed], marks: Sequence[ChapterMark]) -> tuple[Cue, ...]:
    """Each sentence's cue moved to where its chapter starts in the book."""
    cues = []
    for chapter, mark in zip(chapters, marks, strict=True):
        for cue in chapter.cues:
            # Resampling may lengthen the file by a sample or two; stay inside the chapter.
            end = min(round(mark.start + cue.end, 3), mark.end)
            cues.append(Cue(min(round(mark.start + cue.start, 3), end), end, cue.text))
    return tuple(cues)


__all__ = ["ENGINES", "BookChapter", "BookJob", "BookMade", "ChapterJob", "ChapterMade",
           "Engine", "RecordingJob", "book_cues", "default_engines", "encode_book",
           "encode_recording_task", "engine_for", "recording_marks", "synthesize_chapter"]
