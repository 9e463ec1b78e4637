"""Benchmark: the audiobook stage on the starter library, cold (empty cache) and warm.

Run by hand, not in CI:  .venv/bin/python benchmarks/bench_audio.py [--jobs N]
Prints the stage's time cold and warm, characters synthesised per second (espeak-ng, all
three voices, wall clock on all workers), minutes of audio and minutes of audio per MB.
The online voice is left out (no network here); `bench_espeak.py` measures the engine alone.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generators.library import load_library  # noqa: E402  (after the path fix)
from generators.speech.books import render_audiobooks  # noqa: E402
from generators.speech.espeak import EspeakEngine  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    library, problems = load_library(ROOT, date(2026, 11, 23))
    assert library is not None, [p.format() for p in problems.errors]
    cache = ROOT / "benchmarks" / "out" / "audio-cache"
    shutil.rmtree(cache, ignore_errors=True)
    engines = {"espeak": EspeakEngine()}
    rows = []
    for run in ("cold", "warm"):
        started = time.perf_counter()
        report = render_audiobooks(library, cache, args.jobs, engines=engines)
        rows.append((run, time.perf_counter() - started, report))
    books = [b for bs in rows[0][2].books.values() for b in bs]
    minutes = sum(b.duration for b in books) / 60
    megabytes = sum(b.size for b in books) / 1e6
    characters = rows[0][2].characters
    print(f"{len(library.published)} explainers, {len(books)} audiobooks, "
          f"{minutes:.1f} min of audio, {megabytes:.1f} MB")
    for run, seconds, report in rows:
        print(f"  {run}: {seconds:6.1f} s  ({report.built} chapters synthesised, "
              f"{report.reused} reused)")
    print(f"  characters synthesised: {characters:,} → {characters / rows[0][1]:,.0f} chars/s "
          "for the whole cold stage (synthesis + MP3)")
    print(f"  audio minutes per MB: {minutes / megabytes:.2f}; realtime factor cold: "
          f"{minutes * 60 / rows[0][1]:.0f}×")


if __name__ == "__main__":
    main()
