"""The audiobook stage: Library → speech scripts → engines → cached chapters → MP3 books.

Chapters are the unit of work and of caching: editing one section re-synthesises one
chapter; the book is then re-assembled (loudness, MP3, ID3 chapters) from cached chapters.
espeak-ng chapters run in a pool of processes (the engine is single-threaded C), edge-tts
chapters in at most four threads (the service allows few connections).
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import time
import wave
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import (
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
)
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from generators.cache import FileCache, key
from generators.errors import EngineError
from generators.library.model import (
    VIETNAMESE,
    Explainer,
    Library,
    Recording,
    Translation,
    Voice,
)
from generators.media import AnswerClip, Audiobook, ChapterMark, Cue, SiteMedia
from generators.progress import Progress
from generators.speech.answers import AnswerPlan, answer_plans, assemble_answers
from generators.speech.edge import MAX_CONNECTIONS, EdgeEngine
from generators.speech.model import ChapterAudio, ChapterScript, SpeechScript
from generators.speech.script import speech_script
from generators.stage import StageReport
from generators.workers import new_pool, pool_size, stop

SCHEMA = 1
"""Bump when an audiobook changes for the same input."""
RATE = 165  # espeak-ng words per minute: clear, not slow
GAP = 0.8  # seconds of silence between chapters
BITRATE = 48  # kbps, mono MP3: clear speech at 24 kHz, a quarter less to download than 64
RECORDING = "nguoi-doc"
RECORDING_LABEL = "Người đọc"
ONLINE_ENGINES = frozenset({EdgeEngine.name})
"""Engines that call a service over the network: never run with --offline."""
OFFLINE_REASON = "--offline: không gọi dịch vụ edge-tts, chưa có âm thanh lưu sẵn"


class Engine(Protocol):
    name: str

    def version(self) -> str: ...

    def synthesize(self, sentences: Sequence[str], voice: str, out_wav: Path) -> list[
        tuple[float, float]]: ...


@dataclass
class _Shelves:
    """What the audio stage collects while it runs (returned as a StageReport)."""

    books: dict[str, list[Audiobook]] = field(default_factory=dict)
    """Explainer slug → its Vietnamese audiobooks, the default voice first."""
    translated: dict[tuple[str, str], list[Audiobook]] = field(default_factory=dict)
    """(slug, language) → a translation's audiobooks: a recording, or the voices of
    `voices.yml` for that language; none when neither exists (the page says so)."""
    synthesized: int = 0
    reused: int = 0
    characters: int = 0
    """Characters synthesised in this run (for the benchmark)."""
    fallbacks: list[str] = field(default_factory=list)
    """One line per voice that could not be made for an explainer (the others were)."""
    answers: dict[tuple[str, str], AnswerClip] = field(default_factory=dict)
    """(Q&A file, item id) → the answer read aloud."""

    def report(self, seconds: float) -> StageReport:
        books = sum(len(b) for b in self.books.values())
        minutes = sum(b.duration for bs in self.books.values() for b in bs) / 60
        translated = sum(len(b) for b in self.translated.values())
        other = f" và {translated} tệp cho {len(self.translated)} bản dịch" if translated else ""
        answers = f", {len(self.answers)} câu trả lời hỏi đáp" if self.answers else ""
        summary = (f"Sách nói: {books} tệp cho {len(self.books)} bài{other}{answers}, "
                   f"{minutes:.0f} phút; {self.synthesized} chương đọc mới, {self.reused} "
                   "chương dùng lại.")
        return StageReport(
            "audio", built=self.synthesized, reused=self.reused, failed=len(self.fallbacks),
            seconds=seconds, notices=list(self.fallbacks), summary=[summary],
            media=SiteMedia(audio=self.books, translated_audio=self.translated,
                            answers=self.answers),
            details={"characters": self.characters})


@dataclass(frozen=True)
class _ChapterJob:
    engine: str
    voice: str
    sentences: tuple[str, ...]
    name: str


def default_engines() -> dict[str, Engine]:
    from generators.speech.espeak import EspeakEngine

    return {"espeak": EspeakEngine(), "edge": EdgeEngine()}


def render_audiobooks(
    library: Library,
    cache_dir: Path,
    jobs: int | None = None,
    progress: Progress | None = None,
    engines: Mapping[str, Engine] | None = None,
    network: bool = True,
) -> StageReport:
    """Make (or reuse) every audiobook of the library's published explainers; without
    `network`, online voices (edge-tts) use only their cached chapters.

    `built` counts chapters read in this run, `reused` those found in the cache, `failed`
    the voices left out (each with a notice); `details["characters"]` the characters read.
    """
    started = time.perf_counter()
    progress = progress or Progress(quiet=True)
    engines = dict(engines) if engines is not None else default_engines()
    cache = FileCache(cache_dir)
    cache.discard_leftovers()
    report = _Shelves()
    plans: list[_Plan] = []
    pending: dict[str, _ChapterJob] = {}
    versions = {name: engine.version() for name, engine in engines.items()}
    for explainer in library.published:
        if not explainer.audio:
            continue
        for item in explainer.versions:
            lang = item.lang if isinstance(item, Translation) else VIETNAMESE
            recording = library.audiobooks.recordings.get((explainer.slug, lang))
            if recording is not None:
                book = _recording_book(library, explainer, item, lang, recording, cache)
                _shelf(report, explainer.slug, lang).append(book)
                continue
            voices = _voices(library, lang)
            if not voices:
                continue
            script = speech_script(item, library.audiobooks.lexicon, lang)
            for voice in voices:
                if voice.engine not in engines:
                    report.fallbacks.append(f"{item.path}: giọng '{voice.key}' dùng bộ đọc "
                                            f"'{voice.engine}' không có ở đây — bỏ qua giọng này")
                    continue
                names = []
                for chapter in script.chapters:
                    spoken = tuple(s.spoken for s in chapter.sentences)
                    name = key(SCHEMA, "chapter", voice.engine, versions[voice.engine],
                               voice.voice, RATE, spoken)
                    names.append(name)
                    if cache.load("chapters", name, ".wav") is None:
                        pending[name] = _ChapterJob(voice.engine, voice.voice, spoken, name)
                plans.append(_Plan(explainer, item, lang, voice, script, names))
    answers = _answer_plans(library, engines, versions, cache, pending)
    report.reused = sum(len(p.names) for p in plans) + len(answers) - len(pending)
    offline = {} if network else {name: OFFLINE_REASON for name, job in pending.items()
                                  if job.engine in ONLINE_ENGINES}
    todo = [job for name, job in pending.items() if name not in offline]
    failed = {**offline, **_synthesize(todo, engines, cache, jobs, progress, report)}
    _assemble(library, plans, failed, cache, jobs, progress, report)
    report.answers, notices = assemble_answers(answers, failed, cache, BITRATE)
    report.fallbacks += notices
    return report.report(time.perf_counter() - started)


def _answer_plans(library: Library, engines: Mapping[str, Engine], versions: Mapping[str, str],
                  cache: FileCache, pending: dict[str, _ChapterJob]) -> list[AnswerPlan]:
    """The Q&A answers to read with the default Vietnamese voice (none without one); their
    chapters not in the cache join `pending`."""
    voices = _voices(library)
    if not library.qa or not voices or voices[0].engine not in engines:
        return []
    voice = voices[0]
    plans = answer_plans(library, voice, {"engine": voice.engine,
                                          "version": versions[voice.engine],
                                          "voice": voice.voice, "rate": RATE})
    for plan in plans:
        if cache.load("chapters", plan.chapter, ".wav") is None:
            pending[plan.chapter] = _ChapterJob(
                voice.engine, voice.voice, tuple(s.spoken for s in plan.script.sentences),
                plan.chapter)
    return plans


@dataclass(frozen=True)
class _Plan:
    """One audiobook to make: an explainer or translation read by one voice."""

    explainer: Explainer
    item: Explainer | Translation
    lang: str
    voice: Voice
    script: SpeechScript
    names: list[str]


def _shelf(report: _Shelves, slug: str, lang: str) -> list[Audiobook]:
    if lang == VIETNAMESE:
        return report.books.setdefault(slug, [])
    return report.translated.setdefault((slug, lang), [])


def _voices(library: Library, lang: str = VIETNAMESE) -> list[Voice]:
    """The library's voices for `lang`, the default first."""
    voices = [v for v in library.audiobooks.voices.values() if v.lang == lang]
    default = library.audiobooks.default_voice
    return sorted(voices, key=lambda v: (v.key != default, list(library.audiobooks.voices)
                                         .index(v.key)))


# ---- synthesis ------------------------------------------------------------------------------

_ENGINES: dict[str, Engine] = {}
"""The engines of this process; forked workers inherit them (see `_run_chapter`)."""


def _run_chapter(job: _ChapterJob, wav: Path) -> dict[str, Any]:
    engine = _ENGINES[job.engine]
    timings = engine.synthesize(list(job.sentences), job.voice, wav)
    with wave.open(str(wav), "rb") as audio:
        duration = audio.getnframes() / audio.getframerate()
    return {"timings": timings, "duration": duration}


def _synthesize(jobs_todo: list[_ChapterJob], engines: Mapping[str, Engine], cache: FileCache,
                jobs: int | None, progress: Progress, report: _Shelves) -> dict[str, str]:
    """Synthesise the chapters not in the cache; returns failed chapter name → why."""
    failed: dict[str, str] = {}
    if not jobs_todo:
        return failed
    _ENGINES.clear()
    _ENGINES.update(engines)
    local = [j for j in jobs_todo if j.engine != "espeak"]
    forked = [j for j in jobs_todo if j.engine == "espeak"]
    workers = pool_size(jobs, 8)
    with progress.bar("Đọc thành tiếng (tổng hợp giọng nói)", unit="chương") as tick:
        done = 0
        futures: dict[Future[dict[str, Any]], _ChapterJob] = {}
        context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        # One worker (or no fork): the process's own thread; the engine serialises itself.
        pool: Executor = new_pool(workers, context) \
            if workers > 1 and context else ThreadPoolExecutor(1)
        threads = ThreadPoolExecutor(MAX_CONNECTIONS)
        try:
            for job in forked:
                wav = cache.path("chapters", job.name, ".wav")
                futures[pool.submit(_run_chapter, job, wav)] = job
            for job in local:
                wav = cache.path("chapters", job.name, ".wav")
                futures[threads.submit(_run_chapter, job, wav)] = job
            for future in as_completed(futures):
                job = futures[future]
                try:
                    record = future.result()
                except EngineError as exc:
                    failed[job.name] = str(exc)
                else:
                    cache.store("chapters", job.name, ".wav", record)
                    report.synthesized += 1
                    report.characters += sum(len(s) for s in job.sentences)
                done += 1
                tick(done, len(futures))
        except BaseException:  # Ctrl+C, SIGTERM, a bug: end the workers now
            if isinstance(pool, ProcessPoolExecutor):
                stop(pool)
            raise
        finally:
            pool.shutdown(cancel_futures=True)
            threads.shutdown(cancel_futures=True)
            _ENGINES.clear()
    return failed


# ---- books ----------------------------------------------------------------------------------


def _assemble(library: Library, plans: Sequence[_Plan],
              failed: Mapping[str, str], cache: FileCache, jobs: int | None,
              progress: Progress, report: _Shelves) -> None:
    from generators.speech.audio import encoding_settings

    todo = []
    missed: dict[tuple[str, str], list[str]] = {}
    for plan in plans:
        explainer, voice, script, names = plan.explainer, plan.voice, plan.script, plan.names
        why = next((failed[n] for n in names if n in failed), None)
        if why is not None:
            missed.setdefault((voice.key, why), []).append(plan.item.path)
            continue
        records = [cache.load("chapters", n, ".wav") for n in names]
        if any(r is None for r in records):
            continue
        chapters = _chapter_audio(script.chapters, names, records, cache)
        meta = _meta(library, explainer, plan.item, plan.lang, voice.label)
        name = key(SCHEMA, "book", names, [(c.title, c.anchor) for c in script.chapters], GAP,
                   BITRATE, encoding_settings(), meta)
        todo.append((plan, name, chapters, meta))
    for (voice_key, why), paths in missed.items():
        where = paths[0] if len(paths) == 1 else f"{len(paths)} bài (từ {paths[0]})"
        report.fallbacks.append(f"{where}: không tạo được giọng '{voice_key}' ({why}) — "
                                "trang chỉ có các giọng đọc còn lại")
    missing = [t for t in todo if cache.load("books", t[1], ".mp3") is None]
    if missing:
        workers = pool_size(jobs, 8)
        with progress.bar("Ghép sách nói (MP3, chuẩn âm lượng)", unit="sách") as tick, \
                ThreadPoolExecutor(workers) as threads:
            futures = {threads.submit(_encode, cache, t[1], t[2], t[3]): t[0] for t in missing}
            for done, future in enumerate(as_completed(futures), 1):
                plan = futures[future]
                try:
                    future.result()
                except EngineError as exc:  # name the explainer, not a cache file
                    raise EngineError(f"{plan.item.path}: sách nói giọng '{plan.voice.key}': "
                                      f"{exc}") from exc
                tick(done, len(missing))
    for plan, name, chapters, _ in todo:
        record = cache.load("books", name, ".mp3")
        if record is None:  # pragma: no cover - _encode raised already
            continue
        marks = tuple(ChapterMark(**m) for m in record["marks"])
        cues = _book_cues(chapters, marks)
        _shelf(report, plan.explainer.slug, plan.lang).append(Audiobook(
            plan.explainer.slug, plan.lang, plan.voice.key, plan.voice.label, plan.voice.engine,
            cache.path("books", name, ".mp3"), cache.path("books", name, ".vtt"),
            cache.path("books", name, ".chapters.json"), record["duration"], record["size"],
            marks, cues))


def _chapter_audio(chapters: Sequence[ChapterScript], names: Sequence[str],
                   records: Sequence[dict[str, Any] | None], cache: FileCache,
                   ) -> list[ChapterAudio]:
    out = []
    for chapter, name, record in zip(chapters, names, records, strict=True):
        assert record is not None
        cues = tuple(Cue(start, end, s.shown) for (start, end), s in
                     zip(record["timings"], chapter.sentences, strict=True) if s.shown)
        out.append(ChapterAudio(chapter.title, chapter.anchor, cache.path("chapters", name, ".wav"),
                                float(record["duration"]), cues))
    return out


def _meta(library: Library, explainer: Explainer, item: Explainer | Translation, lang: str,
          artist: str) -> dict[str, str]:
    field_title = library.fields[explainer.field].title
    return {"title": item.title, "album": f"Tủ sách pháp luật số — {field_title}",
            "artist": artist, "lang": lang}


def _encode(cache: FileCache, name: str, chapters: list[ChapterAudio],
            meta: dict[str, str]) -> None:
    from generators.speech.audio import encode_audiobook, write_json_chapters, write_webvtt

    mp3 = cache.path("books", name, ".mp3")
    marks = encode_audiobook(chapters, mp3, title=meta["title"], album=meta["album"],
                             artist=meta["artist"], lang=meta["lang"], bitrate_kbps=BITRATE,
                             gap=GAP)
    write_webvtt(_book_cues(chapters, tuple(marks)), cache.path("books", name, ".vtt"))
    write_json_chapters(marks, cache.path("books", name, ".chapters.json"), title=meta["title"])
    duration = marks[-1].end if marks else 0.0
    cache.store("books", name, ".mp3", {"marks": [m.__dict__ for m in marks],
                                        "duration": duration})


def _book_cues(chapters: Sequence[ChapterAudio], marks: Sequence[ChapterMark]) -> tuple[Cue, ...]:
    """Each sentence's cue moved to where its chapter starts in the book."""
    cues = []
    for chapter, mark in zip(chapters, marks, strict=True):
        for cue in chapter.cues:
            # Resampling may lengthen the file by a sample or two; stay inside the chapter.
            end = min(round(mark.start + cue.end, 3), mark.end)
            cues.append(Cue(min(round(mark.start + cue.start, 3), end), end, cue.text))
    return tuple(cues)


# ---- human recordings -----------------------------------------------------------------------



def _recording_book(library: Library, explainer: Explainer, item: Explainer | Translation,
                    lang: str, recording: Recording, cache: FileCache) -> Audiobook:
    """A person's narration: same loudness, format and tags; chapters from its sidecar
    (checked by the library loader), else one chapter."""
    from generators.speech.audio import (
        encode_recording,
        encoding_settings,
        write_json_chapters,
        write_webvtt,
    )

    starts = list(recording.chapters) or [(0.0, item.title)]
    digest = hashlib.sha256(recording.path.read_bytes()).hexdigest()
    meta = _meta(library, explainer, item, lang, RECORDING_LABEL)
    name = key(SCHEMA, "recording", digest, starts, BITRATE, encoding_settings(), meta)
    record = cache.load("books", name, ".mp3")
    if record is None:
        mp3 = cache.path("books", name, ".mp3")
        duration = encode_recording(recording.path, mp3, title=meta["title"],
                                    album=meta["album"], artist=meta["artist"],
                                    lang=meta["lang"], marks=_marks(starts, None),
                                    bitrate_kbps=BITRATE)
        marks = _marks(starts, duration)
        write_json_chapters(marks, cache.path("books", name, ".chapters.json"),
                            title=meta["title"])
        write_webvtt([Cue(m.start, m.end, m.title) for m in marks],
                     cache.path("books", name, ".vtt"))
        cache.store("books", name, ".mp3", {"marks": [m.__dict__ for m in marks],
                                            "duration": duration})
        record = cache.load("books", name, ".mp3")
        assert record is not None
    marks_t = tuple(ChapterMark(**m) for m in record["marks"])
    return Audiobook(explainer.slug, lang, RECORDING, RECORDING_LABEL, "recording",
                     cache.path("books", name, ".mp3"), cache.path("books", name, ".vtt"),
                     cache.path("books", name, ".chapters.json"), record["duration"],
                     record["size"], marks_t, tuple(Cue(m.start, m.end, m.title)
                                                    for m in marks_t))


def _marks(starts: Iterable[tuple[float, str]], duration: float | None) -> list[ChapterMark]:
    items = list(starts)
    end = duration if duration is not None else (items[-1][0] + 1.0 if items else 0.0)
    return [ChapterMark(title, "", start, items[i + 1][0] if i + 1 < len(items) else end)
            for i, (start, title) in enumerate(items)]
