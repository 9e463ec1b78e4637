"""The audiobook stage: Library → speech scripts → engines → cached chapters → MP3 books.

Chapters are the unit of work and of caching: editing one section re-synthesises one
chapter; the book is then re-assembled (loudness, MP3, ID3 chapters) from cached chapters.
Both are pure tasks (generators/speech/tasks.py) run by a TaskRunner: espeak-ng chapters in
a pool of processes (the engine is single-threaded C) or on a Dask cluster, books in threads
(ffmpeg does the work) or on the cluster, edge-tts chapters always in at most four threads of
this process (the service allows few connections). What they return is kept in the working
cache and, when configured, the shared one (generators/shared_cache.py).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
from generators.shared_cache import SharedCache, Tiered
from generators.speech.answers import AnswerPlan, answer_plans, assemble_answers
from generators.speech.edge import MAX_CONNECTIONS, EdgeEngine
from generators.speech.model import ChapterAudio, ChapterScript, SpeechScript
from generators.speech.script import speech_script
from generators.speech.tasks import (
    ENGINES,
    BookChapter,
    BookJob,
    BookMade,
    ChapterJob,
    ChapterMade,
    Engine,
    RecordingJob,
    book_cues,
    default_engines,
    encode_book,
    encode_recording_task,
    synthesize_chapter,
)
from generators.stage import StageReport
from generators.tasks import LocalRunner, TaskRunner
from generators.workers import pool_size

SCHEMA = 1
"""Bump when an audiobook changes for the same input."""
RATE = 165  # espeak-ng words per minute: clear, not slow
GAP = 0.8  # seconds of silence between chapters
BITRATE = 48  # kbps, mono MP3: clear speech at 24 kHz, a quarter less to download than 64
RECORDING = "nguoi-doc"
RECORDING_LABEL = "Người đọc"
ONLINE_ENGINES = frozenset({EdgeEngine.name})
"""Engines that call a service over the network: never run with --offline."""
FILES = {"chapters": (".wav",), "books": (".mp3", ".vtt", ".chapters.json")}
"""The files of a cached piece of each kind (the first is the one its record validates)."""
OFFLINE_REASON = "--offline: không gọi dịch vụ edge-tts, chưa có âm thanh lưu sẵn"


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
    phases: dict[str, float] = field(default_factory=dict)
    """Seconds spent up to the end of synthesis (planning included), on the books, on the
    Q&A clips (for the benchmark)."""

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
            details={"characters": self.characters, "phases": dict(self.phases)})


def render_audiobooks(
    library: Library,
    cache_dir: Path,
    jobs: int | None = None,
    progress: Progress | None = None,
    engines: Mapping[str, Engine] | None = None,
    network: bool = True,
    runner: TaskRunner | None = None,
    shared: SharedCache | None = None,
) -> StageReport:
    """Make (or reuse) every audiobook of the library's published explainers; without
    `network`, online voices (edge-tts) use only their cached chapters.

    Chapters and books are made by `runner` (default: the local pool of `jobs` workers; a
    Dask cluster with --scheduler) as pure tasks; what they return is written into the
    working cache at `cache_dir`, and into `shared` (--cache-dir s3://…) when given, which
    is also where a piece missing from the working cache is looked for first.

    `built` counts chapters read in this run, `reused` those found in a cache, `failed`
    the voices left out (each with a notice); `details["characters"]` the characters read,
    `details["phases"]` the seconds of synthesis, books and Q&A clips.
    """
    started = time.perf_counter()
    progress = progress or Progress(quiet=True)
    engines = dict(engines) if engines is not None else default_engines()
    cache = FileCache(cache_dir)
    cache.discard_leftovers()
    tier = Tiered(cache, shared)
    runner = runner or LocalRunner(pool_size(jobs, 8))
    books = runner if not isinstance(runner, LocalRunner) \
        else LocalRunner(pool_size(jobs, 8), processes=False)  # ffmpeg does the work
    report = _Shelves()
    pending: dict[str, ChapterJob] = {}
    versions = {name: engine.version() for name, engine in engines.items()}

    def recorded(explainer: Explainer, item: Explainer | Translation, lang: str,
                 recording: Recording) -> None:
        book = _recording_book(library, explainer, item, lang, recording, tier, books)
        _shelf(report, explainer.slug, lang).append(book)

    plans = _plan_books(library, engines, versions, tier, pending, report.fallbacks, recorded)
    answers = _answer_plans(library, engines, versions, tier, pending)
    report.reused = sum(len(p.names) for p in plans) + len(answers) - len(pending)
    offline = {} if network else {name: OFFLINE_REASON for name, job in pending.items()
                                  if job.engine in ONLINE_ENGINES}
    todo = [job for name, job in pending.items() if name not in offline]
    ENGINES.clear()
    ENGINES.update(engines)
    try:
        failed = {**offline, **_synthesize(todo, runner, tier, progress, report)}
        report.phases["synthesis"] = time.perf_counter() - started
        _assemble(library, plans, failed, tier, books, progress, report)
        report.phases["books"] = time.perf_counter() - started - report.phases["synthesis"]
    finally:
        ENGINES.clear()
    # The answers' chapters are in the working cache now (read here or fetched by `tier`);
    # their short MP3s are encoded here, in threads (ffmpeg does the work).
    report.answers, notices = assemble_answers(answers, failed, cache, BITRATE,
                                               pool_size(jobs, 8))
    report.phases["answers"] = time.perf_counter() - started - sum(report.phases.values())
    report.fallbacks += notices
    report.fallbacks.extend(tier.notices())
    return report.report(time.perf_counter() - started)


def chapter_jobs(library: Library, engines: Mapping[str, Engine]) -> list[ChapterJob]:
    """Every chapter a build with an empty cache reads, books' then answers', in the order
    the stage sends them (for the benchmark: the engine alone on the stage's own text)."""
    import tempfile

    versions = {name: engine.version() for name, engine in engines.items()}
    pending: dict[str, ChapterJob] = {}
    with tempfile.TemporaryDirectory(prefix="tusach-plan-") as empty:
        tier = Tiered(FileCache(Path(empty)), None)
        _plan_books(library, engines, versions, tier, pending, [], lambda *_: None)
        _answer_plans(library, engines, versions, tier, pending)
    return list(pending.values())


def _plan_books(library: Library, engines: Mapping[str, Engine], versions: Mapping[str, str],
                tier: Tiered, pending: dict[str, ChapterJob], fallbacks: list[str],
                recorded: Callable[[Explainer, Explainer | Translation, str, Recording], None],
                ) -> list[_Plan]:
    """The books to make, each voice of each published explainer and translation; their
    chapters not in a cache join `pending`. A human recording goes to `recorded` instead."""
    plans: list[_Plan] = []
    for explainer in library.published:
        if not explainer.audio:
            continue
        for item in explainer.versions:
            lang = item.lang if isinstance(item, Translation) else VIETNAMESE
            recording = library.audiobooks.recordings.get((explainer.slug, lang))
            if recording is not None:
                recorded(explainer, item, lang, recording)
                continue
            voices = _voices(library, lang)
            if not voices:
                continue
            script = speech_script(item, library.audiobooks.lexicon, lang)
            for voice in voices:
                if voice.engine not in engines:
                    fallbacks.append(f"{item.path}: giọng '{voice.key}' dùng bộ đọc "
                                     f"'{voice.engine}' không có ở đây — bỏ qua giọng này")
                    continue
                names = []
                for chapter in script.chapters:
                    spoken = tuple(s.spoken for s in chapter.sentences)
                    name = key(SCHEMA, "chapter", voice.engine, versions[voice.engine],
                               voice.voice, RATE, spoken)
                    names.append(name)
                    if name not in pending and \
                            tier.load("chapters", name, FILES["chapters"]) is None:
                        pending[name] = ChapterJob(voice.engine, versions[voice.engine],
                                                   voice.voice, spoken, name)
                plans.append(_Plan(explainer, item, lang, voice, script, names))
    return plans


def _answer_plans(library: Library, engines: Mapping[str, Engine], versions: Mapping[str, str],
                  tier: Tiered, pending: dict[str, ChapterJob]) -> list[AnswerPlan]:
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
        if plan.chapter not in pending and \
                tier.load("chapters", plan.chapter, FILES["chapters"]) is None:
            pending[plan.chapter] = ChapterJob(
                voice.engine, versions[voice.engine], voice.voice,
                tuple(s.spoken for s in plan.script.sentences), plan.chapter)
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


def _synthesize(todo: list[ChapterJob], runner: TaskRunner, tier: Tiered,
                progress: Progress, report: _Shelves) -> dict[str, str]:
    """Synthesise the chapters not in a cache; returns failed chapter name → why.

    espeak-ng chapters go to `runner`; online ones (edge-tts) stay in this process, in at
    most MAX_CONNECTIONS threads: the service allows few connections, and the engine turns
    itself off for the build after the first sign that the service is unreachable."""
    failed: dict[str, str] = {}
    if not todo:
        return failed
    online = [j for j in todo if j.engine in ONLINE_ENGINES]
    offline = [j for j in todo if j.engine not in ONLINE_ENGINES]
    with progress.bar("Đọc thành tiếng (tổng hợp giọng nói)", unit="chương") as tick:
        done = 0
        for jobs, where in ((offline, runner), (online, LocalRunner(MAX_CONNECTIONS, False))):
            with closing(where.run(synthesize_chapter, jobs)) as outcomes:
                for index, outcome in outcomes:
                    job = jobs[index]
                    if isinstance(outcome, EngineError):
                        failed[job.name] = str(outcome)
                    elif isinstance(outcome, Exception):
                        raise outcome
                    else:
                        _keep_chapter(tier, job, outcome)
                        report.synthesized += 1
                        report.characters += sum(len(s) for s in job.sentences)
                    done += 1
                    tick(done, len(todo))
    return failed


def _keep_chapter(tier: Tiered, job: ChapterJob, made: ChapterMade) -> None:
    record = {"timings": [list(t) for t in made.timings], "duration": made.duration}
    tier.keep("chapters", job.name, {".wav": made.wav}, record)


# ---- books ----------------------------------------------------------------------------------


def _assemble(library: Library, plans: Sequence[_Plan],
              failed: Mapping[str, str], tier: Tiered, runner: TaskRunner,
              progress: Progress, report: _Shelves) -> None:
    from generators.speech.audio import encoding_settings

    settings = encoding_settings()
    cache = tier.cache
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
                   BITRATE, settings, meta)
        todo.append((plan, name, chapters, meta))
    for (voice_key, why), paths in missed.items():
        where = paths[0] if len(paths) == 1 else f"{len(paths)} bài (từ {paths[0]})"
        report.fallbacks.append(f"{where}: không tạo được giọng '{voice_key}' ({why}) — "
                                "trang chỉ có các giọng đọc còn lại")
    missing, seen = [], set()
    for item in todo:
        if item[1] not in seen and tier.load("books", item[1], FILES["books"]) is None:
            missing.append(item)
        seen.add(item[1])
    if missing:
        jobs = [(name, chapters, meta, settings) for _, name, chapters, meta in missing]
        with progress.bar("Ghép sách nói (MP3, chuẩn âm lượng)", unit="sách") as tick, \
                closing(runner.run(encode_book, jobs, _book_job)) as outcomes:
            for done, (index, outcome) in enumerate(outcomes, 1):
                plan = missing[index][0]
                if isinstance(outcome, EngineError):  # name the explainer, not a cache file
                    raise EngineError(f"{plan.item.path}: sách nói giọng '{plan.voice.key}': "
                                      f"{outcome}") from outcome
                if isinstance(outcome, Exception):
                    raise outcome
                _keep_book(tier, jobs[index][0], outcome)
                tick(done, len(missing))
    for plan, name, chapters, _ in todo:
        record = cache.load("books", name, ".mp3")
        if record is None:  # pragma: no cover - the task raised already
            continue
        marks = tuple(ChapterMark(**m) for m in record["marks"])
        cues = book_cues(chapters, marks)
        _shelf(report, plan.explainer.slug, plan.lang).append(Audiobook(
            plan.explainer.slug, plan.lang, plan.voice.key, plan.voice.label, plan.voice.engine,
            cache.path("books", name, ".mp3"), cache.path("books", name, ".vtt"),
            cache.path("books", name, ".chapters.json"), record["duration"], record["size"],
            marks, cues))


def _book_job(arg: tuple[str, list[ChapterAudio], dict[str, str], str]) -> BookJob:
    """A book's task input: its chapters' audio read from the working cache."""
    name, chapters, meta, settings = arg
    return BookJob(name, tuple(BookChapter(c.title, c.anchor, c.wav.read_bytes(), c.duration,
                                           c.cues) for c in chapters), meta, BITRATE, GAP,
                   settings)


def _keep_book(tier: Tiered, name: str, made: BookMade) -> None:
    record = {"marks": [m.__dict__ for m in made.marks], "duration": made.duration}
    tier.keep("books", name, {ext: made.files[ext] for ext in FILES["books"]}, record)


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


# ---- human recordings -----------------------------------------------------------------------



def _recording_book(library: Library, explainer: Explainer, item: Explainer | Translation,
                    lang: str, recording: Recording, tier: Tiered, runner: TaskRunner,
                    ) -> Audiobook:
    """A person's narration: same loudness, format and tags; chapters from its sidecar
    (checked by the library loader), else one chapter. Encoded by a task (its bytes
    travel), kept like a synthesised book."""
    from generators.speech.audio import encoding_settings

    starts = list(recording.chapters) or [(0.0, item.title)]
    data = recording.path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    meta = _meta(library, explainer, item, lang, RECORDING_LABEL)
    settings = encoding_settings()
    name = key(SCHEMA, "recording", digest, starts, BITRATE, settings, meta)
    if tier.load("books", name, FILES["books"]) is None:
        job = RecordingJob(name, data, recording.path.name, tuple(starts), meta, BITRATE,
                           settings)
        with closing(runner.run(encode_recording_task, [job])) as outcomes:
            for _, outcome in outcomes:
                if isinstance(outcome, Exception):
                    raise outcome
                _keep_book(tier, name, outcome)
    cache = tier.cache
    record = cache.load("books", name, ".mp3")
    assert record is not None
    marks_t = tuple(ChapterMark(**m) for m in record["marks"])
    return Audiobook(explainer.slug, lang, RECORDING, RECORDING_LABEL, "recording",
                     cache.path("books", name, ".mp3"), cache.path("books", name, ".vtt"),
                     cache.path("books", name, ".chapters.json"), record["duration"],
                     record["size"], marks_t, tuple(Cue(m.start, m.end, m.title)
                                                    for m in marks_t))
