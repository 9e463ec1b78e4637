"""Precompressed copies (`.br`, `.gz`) beside the site's text files, for servers and CDNs
that serve them as they are (nginx `gzip_static`/`brotli_static`, Caddy `precompressed`).

The level fits the file: what keeps its bytes from build to build (content-hashed assets,
media) is compressed once at the maximum; pages and the build's other files change with
any edit of the library (every page names the search index), so they get a fast level,
≈ 10 % larger than brotli 11 and as small as gzip 9 for a page, fifty times faster.
Every copy also goes through a content-addressed cache (`<cache>/precompressed/`): a file
whose bytes a build has seen is linked from there, not compressed again.
"""

from __future__ import annotations

import hashlib
import math
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import brotli

from generators.atomic import replacing
from generators.cache import key
from generators.site.headers import HEADERS_FILE, REVALIDATE, cache_rule
from generators.workers import pool_size, process_pool

# Text and WebAssembly. Not Pagefind's .pagefind/.pf_* files: they are gzip already, which
# Pagefind unpacks itself; nor media, fonts (woff2 is brotli inside) or archives.
COMPRESSIBLE = frozenset({".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".vtt",
                          ".txt", ".webmanifest", ".wasm"})
MIN_SIZE = 512
"""Below this, headers cost more than compression saves."""
SUFFIXES = (".br", ".gz")
CACHE_KIND = "precompressed"
"""The cache's folder of copies (see generators/cache.py)."""
SCHEMA = 1
"""Part of every cached copy's key: bumped when the same level gives other bytes."""


@dataclass(frozen=True)
class Levels:
    brotli: int
    gzip: int

    def of(self, suffix: str) -> int:
        return self.brotli if suffix == ".br" else self.gzip


MAXIMUM = Levels(brotli=11, gzip=9)
FAST = Levels(brotli=6, gzip=6)
"""Measured on the pages of a 1,000-explainer build (benchmarks/bench_build.py): brotli 6
is the smallest of 4–7 for the time, and gzip 6 as small as 9 (big feeds ≈ 4 % larger)."""


def levels_for(rel: str) -> Levels:
    """The levels for the site file at `rel` (`assets/tusach/tusach.0123456789.css`): the
    maximum where the cache policy says its bytes outlive a build (headers.cache_rule)."""
    return FAST if cache_rule(f"/{rel}") is REVALIDATE else MAXIMUM


@dataclass(frozen=True)
class Precompressed:
    """What `precompress` did: bytes of copies in the site, copies made and reused."""

    bytes: int = 0
    made: int = 0
    reused: int = 0


def precompress(out: Path, jobs: int | None = None,
                cache_dir: Path | None = None) -> Precompressed:
    """Write `name.br` and `name.gz` beside every compressible file in `out` where that copy
    is smaller (and remove a copy left from an earlier run that no longer is, or whose file
    is gone). Deterministic: the same input gives the same bytes (no file name or time in the
    gzip header). With `cache_dir`, copies come from its cache, which then keeps only the
    copies this site uses."""
    folder = cache_dir / CACHE_KIND if cache_dir else None
    if folder:
        folder.mkdir(parents=True, exist_ok=True)
    found = sorted(_compressible(out), key=lambda p: (-p[0].stat().st_size, p[0]))
    work = [(path, levels_for(path.relative_to(out).as_posix()), copied)
            for path, copied in found]
    jobs = min(pool_size(jobs, 8), len(work))
    one = partial(_compress_one, folder=folder)
    if jobs < 2:
        results = list(map(one, work))
    else:
        # Processes, not threads: the brotli binding keeps the GIL while it compresses.
        # Largest files first, so that no worker is left with a big one at the end.
        with process_pool(jobs) as pool:
            results = list(pool.map(one, work, chunksize=max(1, min(32, len(work) // 64))))
    if folder:
        _prune(folder, {name for done in results for name in done.entries})
    return Precompressed(sum(d.bytes for d in results), sum(d.made for d in results),
                         sum(d.reused for d in results))


def _compressible(out: Path) -> Iterator[tuple[Path, bool]]:
    """Every file to compress, and whether a copy of it (from an earlier run) is there."""
    for folder, _, names in os.walk(out):
        present = set(names)
        for name in names:
            path = Path(folder, name)
            stem, suffix = os.path.splitext(name)
            if suffix in SUFFIXES and os.path.splitext(stem)[1] in COMPRESSIBLE \
                    and stem not in present:
                path.unlink()  # the copy of a file that is no longer there
            elif suffix in COMPRESSIBLE and name != HEADERS_FILE:
                yield path, any(name + copy in present for copy in SUFFIXES)


@dataclass(frozen=True)
class _Done:
    bytes: int
    made: int
    reused: int
    entries: tuple[str, ...]
    """Names of the cache entries the file's copies came from."""


def _compress_one(work: tuple[Path, Levels, bool], folder: Path | None) -> _Done:
    path, levels, copied = work
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest() if folder else ""
    added = made = reused = 0
    entries: list[str] = []
    for suffix in SUFFIXES:
        target = path.with_name(path.name + suffix)
        if copied:
            target.unlink(missing_ok=True)  # a copy from an earlier run would be stale
        if len(data) < MIN_SIZE:
            continue
        level = levels.of(suffix)
        entry = folder / (key(SCHEMA, suffix, level, _version(suffix), digest) + suffix) \
            if folder else None
        packed = _cached(entry, data, suffix) if entry else None
        fresh = packed is None
        if packed is None:
            packed = _pack(data, suffix, level)
        made, reused = made + fresh, reused + (not fresh)
        smaller = len(packed) < len(data)
        if smaller:
            if entry and not fresh:
                _link_or_write(entry, target, packed)
            else:
                target.write_bytes(packed)
            added += len(packed)
        if entry:
            entries.append(entry.name)
            if fresh:
                _store(entry, packed, target if smaller else None)
    return _Done(added, made, reused, tuple(entries))


def _cached(entry: Path, data: bytes, suffix: str) -> bytes | None:
    """The cached copy of `data`, or None: missing, or not unpacking to `data` (torn,
    corrupt): a cache entry is trusted only once checked."""
    try:
        packed = entry.read_bytes()
        unpacked = brotli.decompress(packed) if suffix == ".br" else zlib.decompress(packed, 31)
    except (OSError, brotli.error, zlib.error):
        return None
    return packed if unpacked == data else None


def _link_or_write(entry: Path, target: Path, packed: bytes) -> None:
    """A cached copy into the site: linked where the file system allows."""
    try:
        os.link(entry, target)
    except OSError:  # another file system, or another build's cache just pruned it
        target.write_bytes(packed)


def _store(entry: Path, packed: bytes, written: Path | None) -> None:
    """A new copy into the cache, under its name only once whole: the site's copy
    (`written`, whole already) linked to it, or to a temporary name that replaces an entry
    there (one that did not unpack to its bytes); else written (no sync: every read checks
    the copy, see _cached)."""
    if written:
        try:
            os.link(written, entry)
            return
        except OSError:
            pass
        temp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
        try:
            temp.unlink(missing_ok=True)  # a killed build's, with the same process id
            os.link(written, temp)
            os.replace(temp, entry)
            return
        except OSError:
            temp.unlink(missing_ok=True)  # another file system: write it
    with replacing(entry, sync=False) as temp:
        temp.write_bytes(packed)


def _pack(data: bytes, suffix: str, level: int) -> bytes:
    if suffix == ".br":
        # A window no larger than the file: same output size, half the time on small files.
        window = min(max(math.ceil(math.log2(len(data) + 1)), 10), 24)
        return bytes(brotli.compress(data, quality=level, lgwin=window))
    # zlib's own gzip header: no file name, mtime 0 (what gzip.compress(mtime=0) writes).
    return zlib.compress(data, level, wbits=31)


def _version(suffix: str) -> str:
    if suffix == ".br":
        return f"brotli {brotli.__version__}"
    return f"zlib {zlib.ZLIB_RUNTIME_VERSION}"


def _prune(folder: Path, used: set[str]) -> int:
    """Delete the cached copies this site no longer uses; returns how many. Temporary files
    (another build's, or a killed one's) are left to FileCache.discard_leftovers."""
    stale = [e.path for e in os.scandir(folder)
             if not e.name.startswith(".") and e.name not in used]
    for path in stale:
        Path(path).unlink(missing_ok=True)
    return len(stale)
