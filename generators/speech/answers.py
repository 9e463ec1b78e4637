"""Each Q&A answer read aloud by the library's default Vietnamese voice: the question, the
answer and its basis, one short MP3 with captions per item, cached like audiobook chapters
(the same synthesis pool and cache; editing one answer re-reads one answer)."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass

from generators.cache import FileCache, key
from generators.errors import EngineError
from generators.library.basis import article_text
from generators.library.model import Basis, Library, QABank, QAItem, Voice
from generators.media import AnswerClip, Cue
from generators.speech.model import ChapterAudio, ChapterScript
from generators.speech.script import answer_script
from generators.tasks import LocalRunner

SCHEMA = 1
"""Bump when a clip changes for the same input."""


@dataclass(frozen=True)
class AnswerPlan:
    """One answer to read: its script and the name of its chapter in the cache."""

    bank: QABank
    item: QAItem
    voice: Voice
    script: ChapterScript
    chapter: str


def basis_words(library: Library, basis: tuple[Basis, ...]) -> list[str]:
    """"Điều 25 Bộ luật Lao động" for each basis: what the listener hears."""
    out = []
    for b in basis:
        doc = library.documents.get(b.document)
        name = f"{doc.type} {doc.title}" if doc and not doc.title.startswith(doc.type) \
            else (doc.title if doc else b.document)
        out.append(" ".join(p for p in (article_text(b.article), name) if p))
    return list(dict.fromkeys(out))


def answer_plans(library: Library, voice: Voice, chapter_name: Mapping[str, object],
                 ) -> list[AnswerPlan]:
    """Every Q&A item's plan for `voice`; `chapter_name` holds what a chapter's cache name
    is made of besides its sentences (engine, engine version, voice, rate)."""
    plans = []
    for bank in sorted(library.qa.values(), key=lambda b: b.key):
        for item in bank.items:
            script = answer_script(item.question, item.answer,
                                   basis_words(library, item.basis),
                                   library.audiobooks.lexicon, item.id)
            spoken = tuple(s.spoken for s in script.sentences)
            name = key(SCHEMA, "answer-chapter", *chapter_name.values(), spoken)
            plans.append(AnswerPlan(bank, item, voice, script, name))
    return plans


def assemble_answers(plans: list[AnswerPlan], failed: Mapping[str, str], cache: FileCache,
                     bitrate: int, workers: int = 1,
                     ) -> tuple[dict[tuple[str, str], AnswerClip], list[str]]:
    """The clips whose chapter was read (encoded once, in `workers` threads, then cached),
    and a notice per voice whose answers could not be read."""
    from generators.speech.audio import encoding_settings

    settings = encoding_settings()
    missed: dict[str, int] = {}
    ready: list[tuple[AnswerPlan, str, ChapterAudio]] = []
    for plan in plans:
        if plan.chapter in failed:
            missed[failed[plan.chapter]] = missed.get(failed[plan.chapter], 0) + 1
            continue
        record = cache.load("chapters", plan.chapter, ".wav")
        if record is None:
            continue
        cues = tuple(Cue(start, end, s.shown) for (start, end), s in
                     zip(record["timings"], plan.script.sentences, strict=True) if s.shown)
        chapter = ChapterAudio(plan.item.question, plan.item.id,
                               cache.path("chapters", plan.chapter, ".wav"),
                               float(record["duration"]), cues)
        name = key(SCHEMA, "answer", plan.chapter, plan.item.question, bitrate, settings)
        ready.append((plan, name, chapter))
    todo = {name: (plan, name, chapter, cache, bitrate) for plan, name, chapter in ready
            if cache.load("answers", name, ".mp3") is None}
    jobs = list(todo.values())
    # ffmpeg does the work: threads keep the machine's cores busy, one clip each.
    with closing(LocalRunner(workers, processes=False).run(_encode_answer, jobs)) as outcomes:
        for _, outcome in outcomes:
            if isinstance(outcome, Exception):
                raise outcome
    clips: dict[tuple[str, str], AnswerClip] = {}
    for plan, name, _ in ready:
        book = cache.load("answers", name, ".mp3")
        assert book is not None
        clips[(plan.bank.key, plan.item.id)] = AnswerClip(
            plan.bank.key, plan.item.id, plan.voice.key, plan.voice.label,
            cache.path("answers", name, ".mp3"), cache.path("answers", name, ".vtt"),
            float(book["duration"]), int(book["size"]))
    notices = [f"qa/: {count} câu trả lời không đọc được ({why})" for why, count in
               missed.items()]
    return clips, notices


def _encode_answer(job: tuple[AnswerPlan, str, ChapterAudio, FileCache, int]) -> None:
    """Encode one answer's clip and captions into the working cache (in a thread)."""
    from generators.speech.audio import encode_audiobook, write_webvtt

    plan, name, chapter, cache, bitrate = job
    mp3 = cache.path("answers", name, ".mp3")
    try:
        marks = encode_audiobook([chapter], mp3, title=plan.item.question,
                                 album="Tủ sách pháp luật số — Hỏi đáp",
                                 artist=plan.voice.label, lang="vi",
                                 bitrate_kbps=bitrate, gap=0)
    except EngineError as exc:
        raise EngineError(f"{plan.bank.path}:{plan.item.line}: đọc câu trả lời: "
                          f"{exc}") from exc
    write_webvtt(chapter.cues, cache.path("answers", name, ".vtt"))
    cache.store("answers", name, ".mp3", {"duration": marks[-1].end})
