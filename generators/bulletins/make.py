"""The bulletin stage's work: plan every bulletin (the editors' and those on new documents,
in each language that can be made), fit and voice its parts, encode it per profile (cached),
and write the station's files and the feeds."""

from __future__ import annotations

import hashlib
import math
import tempfile
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from generators.bulletins import feeds, station
from generators.bulletins.audio import WORK_RATE, encode_bulletin, segment, settings
from generators.bulletins.fit import GAP, within
from generators.bulletins.model import BulletinPlan
from generators.bulletins.plans import Setting, plan_all
from generators.bulletins.voicing import VoicedPart, Voicer, voice_fitted, voice_fixed
from generators.cache import FileCache, key
from generators.errors import EngineError
from generators.library.model import BulletinProfile, Library
from generators.media import BulletinAudio, BulletinPart
from generators.progress import Progress
from generators.shared_cache import SharedCache, Tiered
from generators.speech.books import Engine
from generators.tasks import LocalRunner, TaskRunner
from generators.urls import BULLETIN_FEED, BULLETIN_JSON_FEED, site_base, site_host

SCHEMA = 1
"""Bump when a bulletin's MP3 changes for the same parts."""


@dataclass
class Voiced:
    """One bulletin's parts, voiced and fitted, in the order they are heard."""

    plan: BulletinPlan
    parts: list[VoicedPart]

    @property
    def seconds(self) -> float:
        return sum(p.seconds for p in self.parts) + GAP * (len(self.parts) - 1)


@dataclass
class Outcome:
    """What a bulletin build made (for the stage's report and the commands)."""

    bulletins: list[BulletinAudio] = field(default_factory=list)
    feeds: dict[str, Path] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    new_documents: list[str] = field(default_factory=list)
    """One line per bulletin written for a document about to take effect."""
    parts_built: int = 0
    parts_reused: int = 0
    encoded: int = 0


# ---- voicing -------------------------------------------------------------------------------


def voice_plan(plan: BulletinPlan, voicer: Voicer, lexicon: Mapping[str, str]) -> Voiced:
    """The plan's parts voiced: opening and closing whole, each explainer fitted to an equal
    share of what the target length leaves."""
    opening = voice_fixed(voicer, plan.voice, plan.opening)
    closing = voice_fixed(voicer, plan.voice, plan.closing)
    jingles = sum(segment(p, False).samples / WORK_RATE for p in _jingles(plan))
    segments = 2 + len(plan.parts) + len(_jingles(plan))
    left = plan.seconds - opening.seconds - closing.seconds - jingles - GAP * (segments - 1)
    # Whole seconds: the opening says the date, so it changes from day to day by a word or
    # two; the explainers' parts should not change with it.
    share = max(float(math.floor(left / max(1, len(plan.parts)))), 5.0)
    pace = voicer.pace(plan.voice, plan.lang, lexicon)
    middle = [voice_fitted(voicer, plan.voice, part, share, pace) for part in plan.parts]
    return Voiced(plan, [opening, *middle, closing])


def _jingles(plan: BulletinPlan) -> list[Path]:
    return [p for p in (plan.profile.intro, plan.profile.outro) if p is not None]


# ---- the whole build ------------------------------------------------------------------------


def make_bulletins(library: Library, setting: Setting, work: Path,
                   engines: Mapping[str, Engine], progress: Progress | None = None,
                   runner: TaskRunner | None = None, shared: SharedCache | None = None,
                   ) -> Outcome:
    """Every bulletin's MP3 (cached), its station files and the feeds, written into `work`.

    The parts are voiced and fitted here (the fit measures each try); the MP3s are encoded
    by `runner` (default: threads here; a Dask cluster with --scheduler) and kept in the
    working cache, and in `shared` when given."""
    progress = progress or Progress(quiet=True)
    cache = FileCache(setting.cache_dir)
    outcome = Outcome()
    plans, outcome.notices = plan_all(library, setting)
    voicer = Voicer(engines, cache)
    voiced: list[Voiced] = []
    with progress.bar("Bản tin loa: đọc và canh độ dài", unit="bản tin") as tick:
        for done, plan in enumerate(plans, 1):
            if plan.voice.engine != "espeak" and not setting.network:
                outcome.notices.append(f"bản tin '{plan.key}': --offline, giọng "
                                       f"'{plan.voice.key}' cần mạng — chưa làm")
                continue
            try:
                voiced.append(voice_plan(plan, voicer, library.audiobooks.lexicon))
            except EngineError as exc:  # an online voice out of reach: the others go on
                outcome.notices.append(f"bản tin '{plan.key}': giọng '{plan.voice.key}' không "
                                       f"đọc được ({exc}) — chưa làm")
            tick(done, len(plans))
    outcome.parts_built, outcome.parts_reused = voicer.built, voicer.reused
    jobs = [(v, _mp3_name(v)) for v in voiced]
    tier = Tiered(cache, shared)
    todo, seen = [], set()
    for job in jobs:
        if job[1] not in seen and tier.load("bulletins", job[1], (".mp3",)) is None:
            todo.append(job)
        seen.add(job[1])
    if todo:
        runner = runner or LocalRunner(setting.jobs or 2, processes=False)
        with progress.bar("Bản tin loa: mã hoá MP3, chuẩn độ to", unit="bản tin") as tick, \
                closing(runner.run(encode_bulletin_task, todo, _bulletin_job)) as outcomes:
            for done, (index, made) in enumerate(outcomes, 1):
                if isinstance(made, Exception):
                    raise made
                tier.keep("bulletins", todo[index][1], {".mp3": made.mp3}, {
                    "spans": made.spans, "duration": made.duration,
                    "sha256": hashlib.sha256(made.mp3).hexdigest(), "loudness": made.loudness})
                tick(done, len(todo))
    outcome.notices += tier.notices()
    outcome.encoded = len(todo)
    base = site_base(setting.site_url)
    host = site_host(setting.site_url, "tu-sach")
    for item, name in jobs:
        record = cache.load("bulletins", name, ".mp3")
        assert record is not None  # made above, or the task's error was raised
        audio = _audio(item, cache.path("bulletins", name, ".mp3"), record, setting.today)
        if not within(audio.duration, item.plan.seconds):
            outcome.notices.append(
                f"bản tin '{audio.key}' dài {_clock(audio.duration)}, mục tiêu "
                f"{_clock(item.plan.seconds)} ± 10 %: các bài không đủ (hoặc quá nhiều) nội "
                "dung để canh cho vừa — viết 'bulletin:' trong bài, hoặc đổi 'minutes'")
        description = station.describe(audio, library, item.plan.profile, base, setting.today,
                                       record["loudness"])
        ics = station.calendar(audio, base, host, setting.today)
        files = station.write_station_files(audio, work / audio.name, description, ics,
                                            setting.today)
        outcome.bulletins.append(replace(audio, files=files))
        if item.plan.bulletin.document is not None:
            outcome.new_documents.append(f"{item.plan.bulletin.document} → bản tin "
                                         f"'{audio.key}' ({audio.title})")
    title = f"{setting.site_name} — Bản tin pháp luật"
    if outcome.bulletins:
        for url, data in ((BULLETIN_FEED, feeds.rss(outcome.bulletins, base, title,
                                                    setting.today)),
                          (BULLETIN_JSON_FEED, feeds.json_feed(outcome.bulletins, base, title,
                                                               setting.today))):
            target = work / Path(url).name
            target.write_bytes(data)
            outcome.feeds[url] = target
    return outcome


def _mp3_name(voiced: Voiced) -> str:
    plan = voiced.plan
    jingles = [hashlib.sha256(p.read_bytes()).hexdigest() for p in _jingles(plan)]
    return key(SCHEMA, "bulletin", [p.wav.name for p in voiced.parts], jingles, GAP,
               settings(plan.profile), plan.title, plan.voice.label)


@dataclass(frozen=True)
class BulletinJob:
    """One bulletin to encode, as a pure task (generators/tasks.py): its parts' WAVs and the
    profile's jingles as bytes in, the MP3 and its measurements out."""

    name: str
    parts: tuple[bytes, ...]
    intro: tuple[str, bytes] | None
    """The jingle's file name and bytes."""
    outro: tuple[str, bytes] | None
    profile: BulletinProfile
    title: str
    artist: str
    settings: str
    """`settings(profile)` where the build keyed the bulletin."""


@dataclass(frozen=True)
class BulletinMade:
    mp3: bytes
    spans: list[tuple[float, float]]
    """Each part's (start, end) in seconds."""
    duration: float
    loudness: dict[str, float]


def _bulletin_job(item: tuple[Voiced, str]) -> BulletinJob:
    voiced, name = item
    profile = voiced.plan.profile

    def jingle(path: Path | None) -> tuple[str, bytes] | None:
        return None if path is None else (path.name, path.read_bytes())

    return BulletinJob(name, tuple(p.wav.read_bytes() for p in voiced.parts),
                       jingle(profile.intro), jingle(profile.outro), profile,
                       voiced.plan.title, voiced.plan.voice.label, settings(profile))


def encode_bulletin_task(job: BulletinJob) -> BulletinMade:
    """Join, shape and encode one bulletin in a scratch folder of its own (a task)."""
    here = settings(job.profile)
    if here != job.settings:
        raise EngineError(f"bản tin {job.title}: máy chạy việc có {here}, bản dựng cần "
                          f"{job.settings} — cài cùng phiên bản ở mọi máy")
    with tempfile.TemporaryDirectory(prefix="tusach-bulletin-") as scratch:
        folder = Path(scratch)
        parts = []
        for i, data in enumerate(job.parts):
            (folder / f"{i}.wav").write_bytes(data)
            parts.append(segment(folder / f"{i}.wav", True))
        jingles = []
        for where, found in (("intro", job.intro), ("outro", job.outro)):
            if found is not None:
                (folder / where).mkdir()
                (folder / where / found[0]).write_bytes(found[1])
                jingles.append(segment(folder / where / found[0], False))
        intro = jingles[:1] if job.intro else []
        outro = jingles[-1:] if job.outro else []
        segments = [*intro, *parts, *outro]
        mp3 = folder / f"{job.name}.mp3"
        starts, loudness = encode_bulletin(segments, GAP, job.profile, mp3, title=job.title,
                                           artist=job.artist)
        offset = len(intro)
        spans = [(starts[offset + i], starts[offset + i] + seg.samples / WORK_RATE)
                 for i, seg in enumerate(parts)]
        return BulletinMade(mp3.read_bytes(), spans, loudness.duration,
                            {"integrated_lufs": loudness.integrated_lufs,
                             "true_peak_dbtp": loudness.true_peak_dbtp})


def _audio(voiced: Voiced, mp3: Path, record: Mapping[str, Any], today: date,
           ) -> BulletinAudio:
    """The bulletin as the site and the station get it (valid from the build date unless
    bulletins.yml says when)."""
    plan = voiced.plan
    bulletin = plan.bulletin
    parts = tuple(BulletinPart(p.script.title, p.script.explainer, p.script.documents,
                               tuple(s.shown for s in p.script.sentences), start, end)
                  for p, (start, end) in zip(voiced.parts, record["spans"], strict=True))
    return BulletinAudio(
        plan.key, bulletin.name, plan.title, plan.lang, plan.voice.key, plan.voice.label,
        plan.profile.key, mp3, float(record["duration"]), int(record["size"]),
        str(record["sha256"]), parts, bulletin.minutes, bulletin.schedule, bulletin.areas,
        (bulletin.valid_from or today).isoformat(),
        bulletin.valid_to.isoformat() if bulletin.valid_to else "", bulletin.document)


def preview(library: Library, setting: Setting, name: str, engines: Mapping[str, Engine],
            ) -> list[str] | None:
    """The script of bulletin `name` as the build would read it (parts voiced, from the
    cache when they are there, to measure them), with each part's length; None if unknown."""
    plans, notes = plan_all(library, setting, only=name)
    if not plans:
        return notes if notes else None
    voicer = Voicer(engines, FileCache(setting.cache_dir))
    lines: list[str] = []
    for plan in plans:
        voiced = voice_plan(plan, voicer, library.audiobooks.lexicon)
        lines += [f"# {plan.title} [{plan.key}, {plan.lang}, giọng {plan.voice.key}, "
                  f"cấu hình {plan.profile.key}]",
                  f"# Độ dài: {_clock(voiced.seconds)} (mục tiêu {_clock(plan.seconds)} ± 10 %, "
                  "chưa kể nhạc hiệu)", ""]
        for part in voiced.parts:
            lines.append(f"## {part.script.title} ({_clock(part.seconds)})")
            lines += [s.shown for s in part.script.sentences]
            lines.append("")
    return [*lines, *(f"⚠ {n}" for n in notes)]


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def summary_lines(outcome: Outcome) -> list[str]:
    minutes = sum(b.duration for b in outcome.bulletins) / 60
    said = f"{minutes:.1f}".replace(".", ",")
    lines = [f"Bản tin loa: {len(outcome.bulletins)} bản tin, {said} phút; "
             f"{outcome.parts_built} phần đọc mới, {outcome.parts_reused} phần dùng lại; "
             f"{outcome.encoded} tệp MP3 mới."]
    lines += [f"Bản tin văn bản sắp có hiệu lực: {line}" for line in outcome.new_documents]
    return lines


__all__ = ["Outcome", "make_bulletins", "preview", "summary_lines"]
