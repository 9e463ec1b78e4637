"""Benchmark: commune-loudspeaker bulletins on the starter library, cold (empty cache) and
warm (everything cached): bulletin minutes per second of build time.

Run by hand, not in CI:  .venv/bin/python benchmarks/bench_bulletins.py [--jobs N]
The starter bulletin (two explainers, four minutes, the horn profile) is made in each of the
three espeak-ng voices, in a copy of the library, so that several bulletins share the work.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generators.bulletins.make import make_bulletins  # noqa: E402  (after the path fix)
from generators.bulletins.plans import Setting  # noqa: E402
from generators.library import load_library  # noqa: E402
from generators.speech.espeak import EspeakEngine  # noqa: E402

VOICES = ("vi-bac", "vi-trung", "vi-nam")


def _library(folder: Path) -> Path:
    for name in ("content", "audiobooks", "infographics"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    spec = yaml.safe_load((ROOT / "audiobooks/bulletins.yml").read_text("utf-8"))
    starter = spec["bulletins"][0]
    spec["bulletins"] = [{**starter, "name": f"{starter['name']}-{voice}", "voice": voice,
                          "explainers": list(starter["explainers"]),
                          "areas": list(starter.get("areas", []))}
                         for voice in VOICES]
    spec.pop("new_documents", None)
    (folder / "audiobooks/bulletins.yml").write_text(yaml.safe_dump(spec, allow_unicode=True),
                                                      "utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = _library(Path(scratch) / "lib")
        library, problems = load_library(root, date(2026, 12, 1))
        assert library is not None, [p.format() for p in problems.errors]
        setting = Setting(date(2026, 12, 1), "Tủ sách pháp luật số",
                          "https://tusach.example.gov.vn/", Path(scratch) / "cache", args.jobs)
        rows = []
        for run in ("cold", "warm"):
            work = Path(scratch) / run
            work.mkdir()
            started = time.perf_counter()
            outcome = make_bulletins(library, setting, work, {"espeak": EspeakEngine()})
            rows.append((run, time.perf_counter() - started, outcome))
    minutes = sum(b.duration for b in rows[0][2].bulletins) / 60
    print(f"{len(rows[0][2].bulletins)} bulletins, {minutes:.1f} min of audio "
          f"(target {sum(b.minutes for b in rows[0][2].bulletins):.0f} min)")
    for run, seconds, outcome in rows:
        print(f"  {run}: {seconds:6.1f} s → {minutes / seconds:.2f} bulletin minutes per second "
              f"({outcome.parts_built} parts voiced, {outcome.parts_reused} reused, "
              f"{outcome.encoded} MP3 encoded)")


if __name__ == "__main__":
    main()
