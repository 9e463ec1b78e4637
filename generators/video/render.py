"""The video stage: explainers with `video: true` → slides + narration + captions → MP4s.

Plan first, then encode what the cache lacks: every slide becomes one H.264 segment per
form (the unit of caching: editing a section re-encodes its slides, and, where the new
narration moves a slide boundary across a frame, the slides after it), the narration
becomes one AAC track, and each form's MP4 is the segments joined without re-encoding
plus the AAC track. Segments are pure tasks (encode.encode_segment_task) run on the local
threads or a Dask cluster; tracks and posters are then made in a bounded thread pool (the
work is in ffmpeg subprocesses), then the MP4s are joined.
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
from generators.config import DEFAULT_SITE_NAME
from generators.ffmpeg import ffmpeg_version
from generators.graphics.fonts import fonts_version
from generators.graphics.raster import renderer_version, svg_to_png
from generators.library.model import Explainer, Library
from generators.media import Audiobook, ChapterMark, Cue, SiteMedia, Video
from generators.progress import Progress
from generators.shared_cache import SharedCache, Tiered
from generators.speech.audio import write_webvtt
from generators.speech.model import ChapterScript
from generators.speech.script import speech_script
from generators.stage import StageReport, make_missing
from generators.tasks import LocalRunner, TaskRunner
from generators.video.captions import Window, ass_text, caption_cues
from generators.video.encode import (
    FPS,
    SegmentJob,
    audio_settings,
    encode_audio,
    encode_segment_task,
    encoder_settings,
    mux,
    png_to_jpeg,
    segment_versions,
)
from generators.video.slides import (
    FORMS,
    VERTICAL,
    WEB,
    CitedDocument,
    ClosingSlide,
    Form,
    InfographicSlide,
    SectionSlide,
    Slide,
    TitleSlide,
    slide_label,
    slide_svg,
)
from generators.video.timeline import CLOSING_MS, best_chapter, frame_at, framed, shots
from generators.workers import pool_size

SCHEMA = 1
"""Bump when a video changes for the same input."""
POSTER_QUALITY = 4
"""mjpeg qscale of the poster: ≈ 40 KB for a title slide, text still crisp."""
SEGMENTS, TRACKS, VIDEOS = "video-segments", "video-audio", "videos"
"""Cache folders."""


@dataclass(frozen=True)
class _Segment:
    key: str
    form: Form
    svg: str
    frames: int
    ass: str
    what: str


@dataclass
class _Plan:
    explainer: Explainer
    book: Audiobook
    frames: int
    cues: tuple[Cue, ...]
    segments: dict[str, list[_Segment]] = field(default_factory=dict)
    audio_key: str = ""
    video_keys: dict[str, str] = field(default_factory=dict)
    vtt_key: str = ""
    poster_key: str = ""
    poster_svg: str = ""

    @property
    def seconds(self) -> float:
        return self.frames / FPS


def render_videos(library: Library, audiobooks: Mapping[str, Sequence[Audiobook]],
                  infographics: Mapping[str, Any], cache_dir: Path, jobs: int | None = None,
                  progress: Progress | None = None, *, site_name: str = DEFAULT_SITE_NAME,
                  runner: TaskRunner | None = None, shared: SharedCache | None = None,
                  ) -> StageReport:
    """Make (or reuse) the video of every published explainer with `video: true`.

    `built`/`reused` count files (segments, audio tracks, MP4s, captions, posters);
    `details["segments"]` the slide segments encoded in this run; each explainer left
    out, or shown without a picture or captions, has a notice saying why.

    Segments are encoded by `runner` (default: threads here; a Dask cluster with
    --scheduler) and kept in the working cache, and in `shared` when given; tracks, posters,
    captions and the MP4s are made here (they read the audiobook and the segments' files).

    `audiobooks` maps a slug to its audiobooks, the default voice first (the narration);
    `infographics` maps a name to an object whose `.png` maps "ngang" (1200×630) and
    "doc" (1080×1350) to PNG files. Explainers without an audiobook get a warning.
    """
    started = time.perf_counter()
    progress = progress or Progress(quiet=True)
    cache = FileCache(cache_dir)
    report = StageReport("video")
    plans: list[_Plan] = []
    for explainer in library.published:
        if not explainer.video:
            continue
        books = audiobooks.get(explainer.slug) or ()
        if not explainer.audio:
            report.notices.append(f"{explainer.path}: video: true nhưng bài không có sách nói "
                                   "(audio: false) — bỏ qua video")
            continue
        if not books:
            report.notices.append(f"{explainer.path}: video: true nhưng chưa có sách nói của "
                                   "bài — bỏ qua video")
            continue
        plans.append(_plan(library, explainer, books[0], infographics, site_name, report))
    workers = pool_size(jobs, 8)
    _make(plans, Tiered(cache, shared), runner or LocalRunner(workers, processes=False),
          workers, progress, report)
    report.notices.extend(Tiered(cache, shared).notices())
    videos: dict[str, Video] = {}
    for plan in plans:
        slug = plan.explainer.slug
        videos[slug] = Video(
            slug, cache.path(VIDEOS, plan.video_keys[WEB.name], ".mp4"),
            cache.path(VIDEOS, plan.video_keys[VERTICAL.name], ".mp4"),
            cache.path(VIDEOS, plan.vtt_key, ".vtt"), cache.path(VIDEOS, plan.poster_key, ".jpg"),
            plan.seconds, plan.cues)
    report.media = SiteMedia(videos=videos)
    if videos or report.notices:
        minutes = f"{sum(v.duration for v in videos.values()) / 60:.1f}".replace(".", ",")
        report.summary.append(
            f"Video: {len(videos)} bài, {minutes} phút, mỗi bài một video ngang có phụ đề và "
            f"một video dọc; {report.built} đoạn dựng mới, {report.reused} đoạn dùng lại.")
    report.seconds = time.perf_counter() - started
    return report


# ---- planning -------------------------------------------------------------------------------


def _plan(library: Library, explainer: Explainer, book: Audiobook, infographics: Mapping[str, Any],
          site_name: str, report: StageReport) -> _Plan:
    """Slides, timeline, captions and cache keys of one explainer's video (no encoding)."""
    script = speech_script(explainer, library.audiobooks.lexicon)
    marks = list(book.marks) or [ChapterMark(explainer.title, "", 0.0, book.duration)]
    numbers = _chapters_of_marks(marks, script.chapters)
    sections = len(script.chapters) - 1
    title = TitleSlide(library.fields[explainer.field].title, explainer.title,
                       explainer.description, site_name,
                       f"Cập nhật {explainer.updated:%d/%m/%Y}")
    slides: list[Slide] = []
    for index, (mark, number) in enumerate(zip(marks, numbers, strict=True)):
        if number == 0 or (number is None and index == 0):
            slides.append(title)
        elif number is None:  # a recording's chapter that is not a section: its title only
            slides.append(SectionSlide(explainer.title, index, max(sections, index), mark.title,
                                       ()))
        else:
            chapter = script.chapters[number]
            # The slide shows what the section says, not the table rows and footnotes
            # that are read out for listeners (the page and the captions have those).
            slides.append(SectionSlide(explainer.title, number, sections, chapter.title,
                                       tuple(s.shown for s in chapter.sentences[1:]
                                             if s.kind == "text")))
    texts = [" ".join(s.shown for s in script.chapters[n].sentences) if n is not None
             else m.title for m, n in zip(marks, numbers, strict=True)]
    extra = _place_infographics(library, explainer, texts, infographics, report)
    documents = tuple(CitedDocument(d.type, d.key, d.title, d.status) for d in
                      (library.documents.get(k) for k in explainer.documents) if d is not None)
    closing = ClosingSlide(documents, site_name)
    timeline = framed(shots(marks, slides, extra, closing, book.duration), FPS)
    total = frame_at(round(book.duration * 1000) + CLOSING_MS, FPS)
    if book.engine == "recording":
        report.notices.append(f"{explainer.path}: sách nói là bản ghi âm, không có mốc thời "
                               "gian từng câu — video không có phụ đề")
        cues: tuple[Cue, ...] = ()
    else:
        cues = caption_cues(book.cues, min(book.duration, total / FPS))
    plan = _Plan(explainer, book, total, cues)
    versions = [encoder_settings(), fonts_version(), renderer_version()]
    for form in FORMS:
        segments = []
        for part in timeline:
            shot = part.shot
            svg = slide_svg(shot.slide, form)
            ass = ass_text(cues, Window(shot.start_ms, shot.end_ms)) if form is VERTICAL else ""
            name = key(SCHEMA, "segment", form.name, _sha(svg.encode("utf-8")), part.frames,
                       versions, ass)
            what = f"{explainer.path}: video {'dọc' if form is VERTICAL else 'ngang'}, " \
                   f"{slide_label(shot.slide)}"
            segments.append(_Segment(name, form, svg, part.frames, ass, what))
        plan.segments[form.name] = segments
    plan.audio_key = key(SCHEMA, "audio", _sha(book.mp3.read_bytes()), total, FPS,
                         audio_settings())
    for form in FORMS:
        plan.video_keys[form.name] = key(SCHEMA, "mp4", form.name,
                                         [s.key for s in plan.segments[form.name]],
                                         plan.audio_key, explainer.title, ffmpeg_version())
    plan.vtt_key = key(SCHEMA, "vtt", [(c.start, c.end, c.text) for c in cues])
    plan.poster_svg = slide_svg(title, WEB)
    plan.poster_key = key(SCHEMA, "poster", _sha(plan.poster_svg.encode("utf-8")), versions,
                          POSTER_QUALITY)
    return plan


def _chapters_of_marks(marks: Sequence[ChapterMark], chapters: Sequence[ChapterScript],
                       ) -> list[int | None]:
    """The index of the script chapter each chapter mark reads: one for one when the titles
    agree (a synthesised book), else by title (a recording's own chapters), else None."""
    if [m.title for m in marks] == [c.title for c in chapters]:
        return list(range(len(chapters)))
    by_title = {c.title: i for i, c in reversed(list(enumerate(chapters)))}
    return [by_title.get(m.title) for m in marks]


def _place_infographics(library: Library, explainer: Explainer, texts: Sequence[str],
                        infographics: Mapping[str, Any], report: StageReport,
                        ) -> dict[int, list[Slide]]:
    """Mark index → the infographic slides shown in the second half of that chapter
    (`texts`: what each chapter says)."""
    candidates = list(range(1, len(texts))) or [0]
    extra: dict[int, list[Slide]] = {}
    for name in explainer.infographics:
        files = infographics.get(name)
        pngs = getattr(files, "png", None) or {}
        if "ngang" not in pngs or "doc" not in pngs:
            report.notices.append(f"{explainer.path}: infographic '{name}' chưa có ảnh PNG — "
                                   "video không có hình này")
            continue
        spec = library.infographics.get(name)
        text = " ".join([spec.title, *_strings(spec.data)]) if spec else name
        chosen = candidates[best_chapter(text, [texts[i] for i in candidates])]
        slide = InfographicSlide(name, ((WEB.name, Path(pngs["ngang"])),
                                        (VERTICAL.name, Path(pngs["doc"]))))
        extra.setdefault(chosen, []).append(slide)
    return extra


def _strings(value: Any) -> list[str]:
    """Every string inside an infographic spec's data (titles, items, cells)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---- making ---------------------------------------------------------------------------------


def _make(plans: Sequence[_Plan], tier: Tiered, runner: TaskRunner, workers: int,
          progress: Progress, report: StageReport) -> None:
    """Encode what the cache lacks: segments, tracks and posters, then the MP4s."""
    cache = tier.cache
    # (kind, key, ext) → the job that makes it; a piece two plans share is made once.
    first: dict[tuple[str, str, str], Callable[[], None]] = {}
    second: dict[tuple[str, str, str], Callable[[], None]] = {}

    def need(where: dict[tuple[str, str, str], Callable[[], None]], kind: str, name: str,
             ext: str, job: Callable[[], None]) -> None:
        if (kind, name, ext) not in first and (kind, name, ext) not in second:
            where[(kind, name, ext)] = job

    wanted: dict[str, _Segment] = {}
    for plan in plans:  # the audio track first: it is the longest single job
        need(first, TRACKS, plan.audio_key, ".m4a", _audio_job(cache, plan))
        for form in FORMS:
            for segment in plan.segments[form.name]:
                wanted.setdefault(segment.key, segment)
        need(first, VIDEOS, plan.poster_key, ".jpg", _poster_job(cache, plan))
        need(first, VIDEOS, plan.vtt_key, ".vtt", _vtt_job(cache, plan))
        for form in FORMS:
            need(second, VIDEOS, plan.video_keys[form.name], ".mp4", _mux_job(cache, plan, form))
    # The slides' segments (the bulk of the work) are tasks, for the local threads or the
    # cluster; then the tracks, posters and captions; then the MP4s are muxed from them.
    todo = [s for s in wanted.values() if tier.load(SEGMENTS, s.key, (".mp4",)) is None]
    if todo:
        with progress.bar("Dựng video", unit="phần") as tick, \
                closing(runner.run(encode_segment_task, todo, _segment_job)) as outcomes:
            for done, (index, outcome) in enumerate(outcomes, 1):
                if isinstance(outcome, Exception):
                    raise outcome
                segment = todo[index]
                tier.keep(SEGMENTS, segment.key, {".mp4": outcome}, {"frames": segment.frames})
                tick(done, len(todo))
    report.built += len(todo)
    report.reused += len(wanted) - len(todo)
    report.details["segments"] = len(todo)

    def cached(piece: tuple[str, str, str]) -> bool:
        return cache.load(*piece) is not None

    for wave, label in ((first, "Dựng video"), (second, "Ghép video")):
        made = make_missing(list(wave), cached=cached, make=_run(wave), workers=workers,
                            progress=progress, label=label, unit="phần")
        report.built += made.built
        report.reused += made.reused


def _run(jobs: dict[tuple[str, str, str], Callable[[], None]],
         ) -> Callable[[tuple[str, str, str]], None]:
    """Make one piece of a wave."""
    def run(piece: tuple[str, str, str]) -> None:
        jobs[piece]()
    return run


def _segment_job(segment: _Segment) -> SegmentJob:
    return SegmentJob(segment.key, segment.svg, segment.form.width, segment.form.height,
                      segment.frames, segment.ass, segment.what, segment_versions())


def _audio_job(cache: FileCache, plan: _Plan) -> Callable[[], None]:
    def run() -> None:
        encode_audio(plan.book.mp3, plan.seconds, cache.path(TRACKS, plan.audio_key, ".m4a"),
                     f"{plan.explainer.path}: âm thanh của video")
        cache.store(TRACKS, plan.audio_key, ".m4a", {"seconds": plan.seconds})

    return run


def _poster_job(cache: FileCache, plan: _Plan) -> Callable[[], None]:
    def run() -> None:
        what = f"{plan.explainer.path}: ảnh bìa video"
        png = svg_to_png(plan.poster_svg, WEB.width, WEB.height, what)
        png_to_jpeg(png, cache.path(VIDEOS, plan.poster_key, ".jpg"), what, POSTER_QUALITY)
        cache.store(VIDEOS, plan.poster_key, ".jpg", {})

    return run


def _vtt_job(cache: FileCache, plan: _Plan) -> Callable[[], None]:
    def run() -> None:
        write_webvtt(plan.cues, cache.path(VIDEOS, plan.vtt_key, ".vtt"))
        cache.store(VIDEOS, plan.vtt_key, ".vtt", {"cues": len(plan.cues)})

    return run


def _mux_job(cache: FileCache, plan: _Plan, form: Form) -> Callable[[], None]:
    def run() -> None:
        name = plan.video_keys[form.name]
        segments = [cache.path(SEGMENTS, s.key, ".mp4") for s in plan.segments[form.name]]
        mux(segments, cache.path(TRACKS, plan.audio_key, ".m4a"),
            cache.path(VIDEOS, name, ".mp4"),
            f"{plan.explainer.path}: video {'dọc' if form is VERTICAL else 'ngang'}",
            title=plan.explainer.title)
        cache.store(VIDEOS, name, ".mp4", {"seconds": plan.seconds, "form": form.name})

    return run
