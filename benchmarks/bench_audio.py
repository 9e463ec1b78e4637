"""Benchmark: the audiobook stage on the starter library against the engine alone.

Run by hand, not in CI:  .venv/bin/python benchmarks/bench_audio.py [--jobs N] [--check]
In one run, on the same cores: eSpeak NG alone reading exactly the chapters the stage reads
(a pool of `jobs` processes, nothing else done with the audio), then the stage cold (empty
cache) and warm. Prints chars/s of each, their ratio, where the stage's cold time went
(synthesis, books, Q&A clips), minutes of audio and minutes per MB. With --check, every
book's loudness and true peak, measured on the MP3 (as tests do). The online voice is left
out (no network here); `bench_espeak.py` measures the engine on one text.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generators.ffmpeg import ffmpeg_version  # noqa: E402  (after the path fix)
from generators.library import load_library  # noqa: E402
from generators.speech.audio import measure  # noqa: E402
from generators.speech.books import chapter_jobs, render_audiobooks  # noqa: E402
from generators.speech.espeak import EspeakEngine  # noqa: E402
from generators.speech.tasks import ChapterJob  # noqa: E402
from generators.workers import new_pool, pool_size  # noqa: E402


def speak(job: ChapterJob) -> int:
    """The engine alone on one chapter: its WAV written to a scratch file and dropped."""
    with tempfile.TemporaryDirectory(prefix="bench-espeak-") as scratch:
        EspeakEngine().synthesize(list(job.sentences), job.voice, Path(scratch) / "c.wav")
    return sum(len(s) for s in job.sentences)


def engine_alone(jobs: list[ChapterJob], workers: int) -> float:
    """Seconds for a pool of `workers` processes to read every chapter."""
    import multiprocessing as mp

    started = time.perf_counter()
    pool = new_pool(workers, mp.get_context("fork"))
    try:
        list(pool.map(speak, jobs))
    finally:
        pool.shutdown()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--check", action="store_true",
                        help="measure every book's loudness and true peak afterwards")
    args = parser.parse_args()
    library, problems = load_library(ROOT, date(2026, 11, 23))
    assert library is not None, [p.format() for p in problems.errors]
    engine = EspeakEngine()
    engines = {"espeak": engine}
    workers = pool_size(args.jobs, 8)
    print(f"{date.today()}, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}, "
          f"{os.cpu_count()} cores, {workers} workers")
    print(f"{engine.version()}; {ffmpeg_version()}")

    jobs = chapter_jobs(library, engines)
    characters = sum(len(s) for job in jobs for s in job.sentences)
    alone = engine_alone(jobs, workers)
    cache = ROOT / "benchmarks" / "out" / "audio-cache"
    shutil.rmtree(cache, ignore_errors=True)
    rows = []
    for run in ("cold", "warm"):
        started = time.perf_counter()
        report = render_audiobooks(library, cache, args.jobs, engines=engines)
        rows.append((run, time.perf_counter() - started, report))
    cold = rows[0][2]
    assert cold.details["characters"] == characters, (cold.details["characters"], characters)
    books = [b for bs in cold.media.audio.values() for b in bs]
    minutes = sum(b.duration for b in books) / 60
    megabytes = sum(b.size for b in books) / 1e6
    print(f"{len(library.published)} explainers, {len(books)} audiobooks, "
          f"{len(cold.media.answers)} Q&A clips, {len(jobs)} chapters, {characters:,} chars; "
          f"books: {minutes:.1f} min of audio, {megabytes:.1f} MB")
    print(f"  engine alone: {alone:6.1f} s  → {characters / alone:7,.0f} chars/s")
    for run, seconds, report in rows:
        print(f"  stage {run}: {seconds:6.1f} s  → {characters / seconds:7,.0f} chars/s  "
              f"({report.built} chapters synthesised, {report.reused} reused)")
    phases = cold.details["phases"]
    print("  stage cold, where the time went: " +
          ", ".join(f"{name} {seconds:.1f} s" for name, seconds in phases.items()))
    print(f"  ratio stage cold / engine alone: {alone / rows[0][1]:.0%} of the engine's "
          "throughput")
    print(f"  audio minutes per MB: {minutes / megabytes:.2f}; realtime factor cold: "
          f"{minutes * 60 / rows[0][1]:.0f}×")
    if args.check:
        found = [measure(b.mp3) for b in books]
        lufs = [m.integrated_lufs for m in found]
        peaks = [m.true_peak_dbtp for m in found]
        print(f"  books on MP3: {min(lufs):.1f} … {max(lufs):.1f} LUFS integrated, "
              f"true peak ≤ {max(peaks):.1f} dBTP")


if __name__ == "__main__":
    main()
