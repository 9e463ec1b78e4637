"""A national build, simulated: 34 provinces, 20,000 explainers in all, 3 voices, videos for
10 %, scheduled on 1, 8 and 64 workers from per-item costs measured on this machine.

Run by hand, not in CI:
    .venv/bin/python benchmarks/simulate_national.py --measure   # time real pieces (≈ 5 min)
    .venv/bin/python benchmarks/simulate_national.py             # the simulation (seconds)

`--measure` times the real pieces here and writes benchmarks/national_costs.json (with the
date, load average and versions): a media-off build of two sizes (a province's site build is
the fixed part plus the per-page slope), chapters read and encoded per 1,000 characters, a
book's assembly per 1,000 characters, one video's segments, track and MP4, a share card,
and the Dask path's per-task overhead, transfer cost per MB and scheduler throughput, on a
real local scheduler with two workers (tests/dask_cluster.py).

The simulation builds the task graph (chapters → books per voice, segments and the
narration's track → each video's MP4, cards, and each province's site build after all its
media) and list-schedules it (`schedule`: HEFT without insertion). A worker is one core of
this machine. Every task pays the Dask overhead, and its input and result cross the network
(our DaskRunner sends both through the scheduler and the build, wherever the task runs); the
scheduler's own throughput bounds the whole (one task at a time). What is left out: see the
README, "National build, simulated".
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COSTS = ROOT / "benchmarks" / "national_costs.json"
PROVINCES = 34
EXPLAINERS = 20_000
VOICES = 3
VIDEO_SHARE = 0.10
WORKERS = (1, 8, 64)


# ---- the scheduler ------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One piece of work: `seconds` on one worker, after the tasks at indexes `needs`."""

    kind: str
    seconds: float
    needs: tuple[int, ...] = ()
    output_mb: float = 0.0
    """What its result weighs for a task that runs on another worker."""


@dataclass(frozen=True)
class Schedule:
    makespan: float
    """When the last task ends (seconds)."""
    critical_path: float
    """The longest chain of tasks, overheads included, transfers not: no number of
    workers finishes sooner."""
    work: float
    """Every task's seconds and overheads, summed: one worker's makespan without
    transfers."""
    busy: dict[str, float] = field(default_factory=dict)
    """Seconds of work by task kind."""


def schedule(tasks: Sequence[Task], workers: int, overhead: float = 0.0,
             transfer_s_per_mb: float = 0.0) -> Schedule:
    """List-schedule `tasks` (each after the ones it needs, which come before it) on
    `workers` identical workers; every task costs `overhead` more, and a task waits
    `output_mb × transfer_s_per_mb` for each input made on another worker.

    HEFT without insertion: tasks by upward rank (the longest path from the task to the
    end, transfers included), each on the worker where it starts first (a worker holding
    an input, else the first free one)."""
    if workers < 1:
        raise ValueError("workers must be ≥ 1")
    n = len(tasks)
    for index, task in enumerate(tasks):
        if task.seconds < 0 or any(not 0 <= need < index for need in task.needs):
            raise ValueError(f"task {index} ({task.kind}): negative time or needs a task "
                             "that does not come before it")
    comm = transfer_s_per_mb if workers > 1 else 0.0
    successors: list[list[int]] = [[] for _ in range(n)]
    for index, task in enumerate(tasks):
        for need in task.needs:
            successors[need].append(index)
    rank = [0.0] * n
    for index in range(n - 1, -1, -1):
        task = tasks[index]
        later = max((rank[s] for s in successors[index]), default=None)
        rank[index] = task.seconds + overhead + (
            0.0 if later is None else later + task.output_mb * comm)
    longest = [0.0] * n
    for index, task in enumerate(tasks):
        longest[index] = task.seconds + overhead + max((longest[k] for k in task.needs),
                                                       default=0.0)
    free = [0.0] * workers
    idle = [(0.0, w) for w in range(workers)]  # (free at, worker), stale entries skipped
    where = [0] * n
    finish = [0.0] * n
    for index in sorted(range(n), key=lambda i: (-rank[i], i)):
        task = tasks[index]
        holders = {where[k] for k in task.needs}
        remote = max((finish[k] + tasks[k].output_mb * comm for k in task.needs), default=0.0)
        popped = []
        while idle:  # the first free worker that holds no input
            at, w = heapq.heappop(idle)
            if at != free[w]:
                continue
            popped.append((at, w))
            if w not in holders:
                break
        for entry in popped:
            heapq.heappush(idle, entry)
        candidates = holders | {w for _, w in popped[-1:]}
        best_start, best = math.inf, 0
        for w in sorted(candidates):
            ready = max((finish[k] + (0.0 if where[k] == w else tasks[k].output_mb * comm)
                         for k in task.needs), default=0.0) if w in holders else remote
            start = max(free[w], ready)
            if start < best_start:
                best_start, best = start, w
        where[index] = best
        finish[index] = free[best] = best_start + task.seconds + overhead
        heapq.heappush(idle, (free[best], best))
    busy: dict[str, float] = {}
    for task in tasks:
        busy[task.kind] = busy.get(task.kind, 0.0) + task.seconds + overhead
    return Schedule(max(finish, default=0.0), max(longest, default=0.0),
                    sum(busy.values()), busy)


# ---- the national build's graph -------------------------------------------------------------


def national_graph(costs: dict[str, Any], *, provinces: int = PROVINCES,
                   explainers: int = EXPLAINERS, voices: int = VOICES,
                   video_share: float = VIDEO_SHARE, dask: bool = True) -> list[Task]:
    """The tasks of a cold national build from the measured `costs` (national_costs.json).

    Explainers are spread evenly over provinces, each shaped like the starter library's
    average (chapters, characters); every `1 / video_share`-th has a video. With `dask`,
    each task's input and result cross the network once each (through the scheduler)."""
    c, shape = costs["costs"], costs["shape"]
    per_mb = c["dask_transfer_s_per_mb"] if dask else 0.0
    chapters = max(1, round(shape["chapters_per_explainer"]))
    chars = shape["characters_per_chapter"]
    wav_mb = shape["wav_mb_per_1000_chars"] * chars / 1000
    mp3_mb = shape["mp3_mb_per_1000_chars"] * chars * chapters / 1000
    chapter_s = c["chapter_s_per_1000_chars"] * chars / 1000
    book_s = c["book_s_per_1000_chars"] * chars * chapters / 1000
    every = round(1 / video_share) if video_share > 0 else 0
    tasks: list[Task] = []

    def add(kind: str, seconds: float, needs: Sequence[int] = (), in_mb: float = 0.0,
            out_mb: float = 0.0) -> int:
        tasks.append(Task(kind, seconds + (in_mb + out_mb) * per_mb, tuple(needs), out_mb))
        return len(tasks) - 1

    for province in range(provinces):
        count = explainers // provinces + (1 if province < explainers % provinces else 0)
        media: list[int] = []
        for e in range(count):
            books = []
            for _ in range(voices):
                made = [add("chapter", chapter_s, out_mb=wav_mb) for _ in range(chapters)]
                books.append(add("book", book_s, made, in_mb=wav_mb * chapters,
                                 out_mb=mp3_mb))
            media += books
            media.append(add("card", c["card_s"], out_mb=shape["card_mb"]))
            if every and e % every == 0:
                track = add("video track", c["video_track_s"], books[:1], in_mb=mp3_mb,
                            out_mb=shape["video_track_mb"])
                segments = [add("video segment", c["video_segment_s"],
                                out_mb=shape["video_segment_mb"])
                            for _ in range(round(shape["video_segments"]))]
                media.append(add("video", c["video_mux_s"], [track, *segments],
                                 in_mb=shape["video_track_mb"]
                                 + shape["video_segment_mb"] * len(segments),
                                 out_mb=shape["video_mb"]))
        # The site build runs where the media are (the build machine), after all of them.
        add("site build", c["site_fixed_s"] + c["page_s"] * count, media)
    return tasks


def simulate(costs: dict[str, Any]) -> None:
    c = costs["costs"]
    tasks = national_graph(costs)
    print(f"costs measured {costs['measured']} (load average {costs['load_average']}), "
          f"{costs['machine']}")
    kinds: dict[str, int] = {}
    for task in tasks:
        kinds[task.kind] = kinds.get(task.kind, 0) + 1
    print(f"{PROVINCES} provinces, {EXPLAINERS:,} explainers, {VOICES} voices, videos for "
          f"{VIDEO_SHARE:.0%}: {len(tasks):,} tasks (" +
          ", ".join(f"{n:,} {k}" for k, n in kinds.items()) + ")")
    local = schedule(national_graph(costs, dask=False), 1)
    print(f"  1 worker, local pool (no Dask): {_hours(local.makespan)}")
    bound = len(tasks) * c["dask_scheduler_s_per_task"]
    for workers in WORKERS:
        result = schedule(tasks, workers, c["dask_task_overhead_s"], 0.0)
        wall = max(result.makespan, bound)
        note = " (scheduler-bound)" if bound > result.makespan else ""
        print(f"  {workers:2} worker{'s' if workers > 1 else ' '} on Dask: {_hours(wall)}"
              f"{note}; list schedule {_hours(result.makespan)}, "
              f"{result.work / workers / result.makespan:.0%} busy")
        if workers == WORKERS[-1]:
            print(f"  critical path: {_hours(result.critical_path)}; scheduler throughput "
                  f"bound: {_hours(bound)}; work: {_hours(result.work)} (" +
                  ", ".join(f"{k} {v / result.work:.0%}" for k, v in result.busy.items()) + ")")


def _hours(seconds: float) -> str:
    return f"{seconds / 3600:6.2f} h" if seconds >= 3600 else f"{seconds / 60:5.1f} min"


# ---- measuring ------------------------------------------------------------------------------


def measure() -> dict[str, Any]:
    """Time the real pieces on this machine (one at a time, one core each)."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    load = [round(x, 2) for x in os.getloadavg()]
    costs: dict[str, float] = {}
    shape: dict[str, float] = {}
    for step in (_measure_audio, _measure_video, _measure_card, _measure_site, _measure_dask):
        started = time.perf_counter()
        step(costs, shape)
        print(f"  {step.__name__[9:]}: measured in {time.perf_counter() - started:.0f} s",
              flush=True)
    from generators.ffmpeg import ffmpeg_version
    from generators.speech.espeak import EspeakEngine

    return {
        "measured": date.today().isoformat(),
        "load_average": load + [round(x, 2) for x in os.getloadavg()],
        "machine": f"{os.cpu_count()} cores; a worker = one of them",
        "versions": {"espeak": EspeakEngine().version(), "ffmpeg": ffmpeg_version(),
                     "python": sys.version.split()[0]},
        "costs": {k: round(v, 6) for k, v in costs.items()},
        "shape": {k: round(v, 6) for k, v in shape.items()},
    }


def _measure_audio(costs: dict[str, float], shape: dict[str, float]) -> None:
    """Chapters read (task: text → WAV bytes) and a book assembled from 12 of them (task:
    WAVs → MP3, WebVTT, JSON chapters), one at a time, in the default voice; the starter
    library's shape (chapters per book, characters per chapter, MB per 1,000 characters)."""
    import tempfile

    from generators.cache import FileCache
    from generators.library import load_library
    from generators.shared_cache import Tiered
    from generators.speech.audio import encoding_settings
    from generators.speech.books import _plan_books, chapter_jobs
    from generators.speech.espeak import EspeakEngine
    from generators.speech.tasks import (
        ENGINES,
        BookChapter,
        BookJob,
        encode_book,
        synthesize_chapter,
    )

    library, problems = load_library(ROOT, date(2026, 11, 23))
    assert library is not None, [p.format() for p in problems.errors]
    engines = {"espeak": EspeakEngine()}
    jobs = chapter_jobs(library, engines)
    versions = {name: engine.version() for name, engine in engines.items()}
    with tempfile.TemporaryDirectory() as empty:  # Q&A answers are not books: plans only
        plans = _plan_books(library, engines, versions, Tiered(FileCache(Path(empty)), None),
                            {}, [], lambda *_: None)
    shape["chapters_per_explainer"] = sum(len(p.names) for p in plans) / len(plans)
    chars = [sum(len(s) for s in j.sentences) for j in jobs]
    shape["characters_per_chapter"] = sum(chars) / len(chars)
    ENGINES.update(engines)
    first = jobs[0].voice
    sample = [j for j in jobs if j.voice == first][:12]
    started = time.perf_counter()
    made = [synthesize_chapter(j) for j in sample]
    read = time.perf_counter() - started
    sample_chars = sum(len(s) for j in sample for s in j.sentences)
    shape["wav_mb_per_1000_chars"] = sum(len(m.wav) for m in made) / 1e6 / sample_chars * 1000
    book = BookJob("bench", tuple(BookChapter(f"Chương {i}", f"c{i}", m.wav, m.duration, ())
                                  for i, m in enumerate(made)),
                   {"title": "Bench", "album": "Bench", "artist": "Bench", "lang": "vi"},
                   48, 0.8, encoding_settings())
    started = time.perf_counter()
    out = encode_book(book)
    assembled = time.perf_counter() - started
    costs["chapter_s_per_1000_chars"] = read / sample_chars * 1000
    costs["book_s_per_1000_chars"] = assembled / sample_chars * 1000
    shape["mp3_mb_per_1000_chars"] = len(out.files[".mp3"]) / 1e6 / sample_chars * 1000


def _measure_video(costs: dict[str, float], shape: dict[str, float]) -> None:
    """The starter explainer `thoi-gian-thu-viec` (video: true), landscape form, without
    its infographic slides: its segments one at a time, the narration's track, the MP4."""
    import dataclasses
    import shutil
    from types import MappingProxyType

    from generators.cache import FileCache
    from generators.config import DEFAULT_SITE_NAME
    from generators.library import load_library
    from generators.speech.books import render_audiobooks
    from generators.speech.espeak import EspeakEngine
    from generators.stage import StageReport
    from generators.video.encode import encode_segment_task
    from generators.video.render import (
        SEGMENTS,
        TRACKS,
        VIDEOS,
        _audio_job,
        _mux_job,
        _plan,
        _segment_job,
    )
    from generators.video.slides import FORMS

    slug = "thoi-gian-thu-viec"
    out = ROOT / "benchmarks" / "out" / "national-video"
    shutil.rmtree(out, ignore_errors=True)
    starter, _ = load_library(ROOT, date(2026, 11, 23))
    assert starter is not None
    library = dataclasses.replace(starter, explainers=(starter.explainer(slug),),
                                  qa=MappingProxyType({}))
    audio = render_audiobooks(library, out / "audio", 1, engines={"espeak": EspeakEngine()})
    book = audio.media.audio[slug][0]
    cache = FileCache(out / "cache")
    plan = _plan(library, library.explainer(slug), book, {}, DEFAULT_SITE_NAME,
                 StageReport("video"))
    form = FORMS[0]
    segments = plan.segments[form.name]
    started = time.perf_counter()
    for segment in segments:  # the task, then kept in the cache as the stage does
        path = cache.path(SEGMENTS, segment.key, ".mp4")
        path.write_bytes(encode_segment_task(_segment_job(segment)))
        cache.store(SEGMENTS, segment.key, ".mp4", {"frames": segment.frames})
    costs["video_segment_s"] = (time.perf_counter() - started) / len(segments)
    started = time.perf_counter()
    _audio_job(cache, plan)()
    costs["video_track_s"] = time.perf_counter() - started
    started = time.perf_counter()
    _mux_job(cache, plan, form)()
    costs["video_mux_s"] = time.perf_counter() - started
    shape["video_segments"] = len(segments)
    videos = cache.root / VIDEOS
    shape["video_mb"] = (videos / f"{plan.video_keys[form.name]}.mp4").stat().st_size / 1e6
    parts = [p for p in cache.root.rglob("*") if p.is_file() and p.suffix != ".json"]
    shape["video_segment_mb"] = sum(p.stat().st_size for p in parts if p.parent.name ==
                                    SEGMENTS) / 1e6 / len(segments)
    tracks = [p for p in parts if p.parent.name == TRACKS]
    shape["video_track_mb"] = max((p.stat().st_size for p in tracks), default=0) / 1e6


def _measure_card(costs: dict[str, float], shape: dict[str, float]) -> None:
    """Share cards of the starter library drawn one at a time: seconds and MB per card."""
    import shutil

    from generators.cards import render_cards
    from generators.library import load_library

    library, _ = load_library(ROOT, date(2026, 11, 23))
    assert library is not None
    out = ROOT / "benchmarks" / "out" / "national-cards"
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    report = render_cards(library, "Tủ sách pháp luật số", out, 1)
    seconds = time.perf_counter() - started
    pngs = list(out.rglob("*.png"))
    costs["card_s"] = seconds / max(1, report.built)
    shape["card_mb"] = sum(p.stat().st_size for p in pngs) / 1e6 / max(1, len(pngs))


def _measure_site(costs: dict[str, float], shape: dict[str, float]) -> None:
    """The media-off build (bench_build.py's) of two generated libraries: the per-page
    slope and the fixed part of a province's site build."""
    import bench_build  # benchmarks/, on the path

    sizes = (20, 80)
    walls = []
    for n in sizes:
        root = ROOT / "benchmarks" / "out" / f"national-site-{n}"
        bench_build.make_library(root, n)
        walls.append(bench_build.time_ours(root).wall)
        pages = list((root / "site").rglob("bai-*/index.html"))
        assert len(pages) == n, f"the build of {n} explainers made {len(pages)} pages"
    slope = (walls[1] - walls[0]) / (sizes[1] - sizes[0])
    costs["page_s"] = slope
    costs["site_fixed_s"] = max(0.0, walls[0] - slope * sizes[0])


def _noop(data: bytes) -> bytes:
    return data


def _measure_dask(costs: dict[str, float], shape: dict[str, float]) -> None:
    """A real scheduler and two workers on loopback (tests/dask_cluster.py): a task's round
    trip one at a time (the overhead a task pays), 8 MB each way (transfer per MB), and
    2,000 empty tasks at once (the scheduler's throughput)."""
    import tempfile

    from distributed import Client

    from tests.dask_cluster import start_cluster

    with tempfile.TemporaryDirectory(prefix="national-dask-") as folder:
        cluster = start_cluster(Path(folder) / "dask")
        try:
            with Client(cluster.address, set_as_default=False) as client:
                for i in range(20):  # warm up: connections, imports
                    client.submit(_noop, b"", pure=False, key=f"warm-{i}").result()
                rounds = 100
                started = time.perf_counter()
                for i in range(rounds):
                    client.submit(_noop, b"", pure=False, key=f"empty-{i}").result()
                overhead = (time.perf_counter() - started) / rounds
                payload = os.urandom(8_000_000)
                started = time.perf_counter()
                for i in range(5):
                    client.submit(_noop, payload, pure=False, key=f"big-{i}").result()
                per_mb = max(0.0, (time.perf_counter() - started) / 5 - overhead) / 16
                many = 2000
                started = time.perf_counter()
                futures = [client.submit(_noop, b"", pure=False, key=f"many-{i}")
                           for i in range(many)]
                client.gather(futures)
                throughput = (time.perf_counter() - started) / many
        finally:
            cluster.stop()
    costs["dask_task_overhead_s"] = overhead
    costs["dask_transfer_s_per_mb"] = per_mb
    costs["dask_scheduler_s_per_task"] = throughput


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--measure", action="store_true",
                        help=f"time the real pieces here and write {COSTS.name} first")
    args = parser.parse_args()
    if args.measure:
        costs = measure()
        COSTS.write_text(json.dumps(costs, ensure_ascii=False, indent=2) + "\n", "utf-8")
        print(f"wrote {COSTS.relative_to(ROOT)}")
    costs = json.loads(COSTS.read_text("utf-8"))
    simulate(costs)


if __name__ == "__main__":
    main()
