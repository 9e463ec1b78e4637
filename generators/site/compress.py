"""Precompressed copies (`.br`, `.gz`) beside the site's text files, for servers and CDNs
that serve them as they are (nginx `gzip_static`/`brotli_static`, Caddy `precompressed`):
maximum compression once at build time instead of a quick one on every request."""

from __future__ import annotations

import gzip
import math
import os
from collections.abc import Iterator
from pathlib import Path

import brotli

from generators.site.headers import HEADERS_FILE
from generators.workers import pool_size, process_pool

# Text and WebAssembly. Not Pagefind's .pagefind/.pf_* files: they are gzip already, which
# Pagefind unpacks itself; nor media, fonts (woff2 is brotli inside) or archives.
COMPRESSIBLE = frozenset({".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".vtt",
                          ".txt", ".webmanifest", ".wasm"})
MIN_SIZE = 512
"""Below this, headers cost more than compression saves."""
SUFFIXES = (".br", ".gz")


def precompress(out: Path, jobs: int | None = None) -> int:
    """Write `name.br` (brotli 11) and `name.gz` (gzip 9) beside every compressible file in
    `out` where that copy is smaller; returns the bytes added. Deterministic: the same
    input gives the same bytes (no file name or time in the gzip header)."""
    files = sorted(_compressible(out), key=lambda p: (-p.stat().st_size, p))
    jobs = min(pool_size(jobs, 8), len(files))
    if jobs < 2:
        return sum(map(_compress_one, files))
    # Processes, not threads: the brotli binding keeps the GIL while it compresses.
    # Largest files first, so that no worker is left with a big one at the end.
    with process_pool(jobs) as pool:
        return sum(pool.map(_compress_one, files, chunksize=4))


def _compressible(out: Path) -> Iterator[Path]:
    for folder, _, names in os.walk(out):
        for name in names:
            path = Path(folder, name)
            if path.suffix in COMPRESSIBLE and name != HEADERS_FILE:
                yield path


def _compress_one(path: Path) -> int:
    data = path.read_bytes()
    added = 0
    for suffix in SUFFIXES:
        target = path.with_name(path.name + suffix)
        packed = _pack(data, suffix) if len(data) >= MIN_SIZE else None
        if packed is None or len(packed) >= len(data):
            target.unlink(missing_ok=True)  # a copy from an earlier run would be stale
            continue
        target.write_bytes(packed)
        added += len(packed)
    return added


def _pack(data: bytes, suffix: str) -> bytes:
    if suffix == ".br":
        # A window no larger than the file: same output size, half the time on small files.
        window = min(max(math.ceil(math.log2(len(data) + 1)), 10), 24)
        return bytes(brotli.compress(data, quality=11, lgwin=window))
    return gzip.compress(data, compresslevel=9, mtime=0)
