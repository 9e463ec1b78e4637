"""Benchmark: the publishing stages on the starter library.

Run by hand, not in CI:  .venv/bin/python benchmarks/bench_publish.py [--jobs N]
Builds the starter library once (media from the project's cache, `.cache` or --cache-dir),
then times:
the e-books cold (empty cache) and warm, with their sizes; the catalogue, OAI-PMH and Atom
files; precompression of the site (.gz/.br) when the build has it; a mirror into a folder,
first and again (nothing to send); and a BagIt bag. Prints one line per figure.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generators.config import CLI_STAGES, load_config  # noqa: E402
from generators.ebooks import render_ebooks  # noqa: E402  (after the path fix)
from generators.exports.publish import write_exports  # noqa: E402
from generators.library import load_library  # noqa: E402
from generators.pipeline import build  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "publish"
TODAY = date(2026, 11, 23)


def _kb(size: float) -> str:
    return f"{size / 1000:.0f} KB"


def _mirror(site: Path, target: str, *extra: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "build.py"), "mirror", "--quiet", "--to", target,
                    "--site-dir", str(site), *extra], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--jobs", type=int, default=None)
    args.add_argument("--cache-dir", type=Path, default=ROOT / ".cache",
                      help="the media cache the build reuses (default .cache)")
    options = args.parse_args()
    jobs = options.jobs
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    library, problems = load_library(ROOT, TODAY)
    assert library is not None, [p.format() for p in problems.errors]

    cold = time.perf_counter()
    report = render_ebooks(library, OUT / "cache", jobs, site_name="Tủ sách pháp luật số")
    cold = time.perf_counter() - cold
    warm = time.perf_counter()
    render_ebooks(library, OUT / "cache", jobs, site_name="Tủ sách pháp luật số")
    warm = time.perf_counter() - warm
    sizes = sorted(b.size for b in report.media.ebooks.values())
    singles = [b.size for b in report.media.ebooks.values() if b.kind != "field"]
    fields = [b.size for b in report.media.ebooks.values() if b.kind == "field"]
    print(f"e-books: {len(sizes)} books cold {cold:.1f} s ({cold / len(sizes):.2f} s per book, "
          f"no infographics), warm {warm:.2f} s")
    print(f"e-book sizes: explainer/translation median {_kb(statistics.median(singles))} "
          f"(max {_kb(max(singles))}), field median {_kb(statistics.median(fields))} "
          f"(max {_kb(max(fields))})")

    site = OUT / "site"
    started = time.perf_counter()
    built = build(load_config(ROOT, site_dir=site, today=TODAY, cache_dir=options.cache_dir,
                              jobs=jobs, stages=CLI_STAGES))
    assert built.ok, [p.format() for p in built.errors]
    print(f"build (media cached): {time.perf_counter() - started:.1f} s")
    media = built.media
    copy = OUT / "exports"
    shutil.copytree(site, copy)
    started = time.perf_counter()
    catalogue = write_exports(copy, library, media, site_name="Tủ sách pháp luật số",
                              site_url="https://phapluat.example.gov.vn/tu-sach/")
    seconds = time.perf_counter() - started
    print(f"catalogue + OAI-PMH + Atom: {seconds:.2f} s; catalogue.json "
          f"{_kb(catalogue.size)} ({len(catalogue.items)} items), oai-pmh.xml "
          f"{_kb((copy / 'oai-pmh.xml').stat().st_size)}, atom.xml "
          f"{_kb((copy / 'atom.xml').stat().st_size)}")

    compressed = list(site.rglob("*.br"))
    if compressed:
        originals = [p.with_suffix("") for p in compressed]
        raw = sum(p.stat().st_size for p in originals)
        br = sum(p.stat().st_size for p in compressed)
        gz = sum(Path(f"{p}.gz").stat().st_size for p in originals if Path(f"{p}.gz").exists())
        print(f"precompressed: {len(compressed)} files, {_kb(raw)} → brotli {_kb(br)}"
              f"{f', gzip {_kb(gz)}' if gz else ''}")

    repository = OUT / "kho"
    first = _mirror(site, repository.as_uri())
    objects = [p for p in (repository / "objects").rglob("*") if p.is_file()]
    again = _mirror(site, repository.as_uri())
    print(f"mirror to a folder: first {first:.1f} s ({len(objects)} objects, "
          f"{sum(p.stat().st_size for p in objects) / 1e6:.1f} MB), again {again:.1f} s "
          "(nothing sent; both include starting Python)")
    bag = _mirror(site, (OUT / "bag").as_uri(), "--bagit")
    print(f"BagIt bag: {bag:.1f} s")


if __name__ == "__main__":
    main()
