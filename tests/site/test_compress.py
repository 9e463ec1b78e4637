"""Precompressed .br/.gz copies: faithful, deterministic, only where they help, at the level
that fits the file, and from the cache when the file is unchanged."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli
import pytest

from generators.site import compress
from generators.site.compress import (
    CACHE_KIND,
    FAST,
    MAXIMUM,
    MIN_SIZE,
    levels_for,
    precompress,
)

TEXT = ("Người lao động thử việc không quá 60 ngày. " * 200).encode("utf-8")
RANDOM = os.urandom(4096)


def make_site(root: Path) -> Path:
    files = {
        "index.html": TEXT, "lao-dong/index.html": TEXT + b"<p>2</p>",
        "assets/tusach/tusach.0123456789.css": TEXT, "sw.js": TEXT,
        "manifest.webmanifest": TEXT, "sitemap.xml": TEXT, "catalogue.json": TEXT,
        "sach-noi/x/vi-bac.vtt": TEXT, "infographic/x/doc.svg": TEXT, "robots.txt": TEXT,
        "small.html": "<p>ngắn</p>".encode(), "random.js": RANDOM,
        "sach-noi/x/vi-bac.mp3": TEXT, "the-chia-se/x.png": TEXT,
        "assets/tusach/fonts/a.0123456789.woff2": TEXT, "tai-ve/bundle.zip": TEXT,
        "sach-dien-tu/x.epub": TEXT, "pagefind/wasm.vi.pagefind": gzip.compress(TEXT),
        "pagefind/fragment/vi_7e7a62f.pf_fragment": gzip.compress(TEXT),
        "pagefind/index/vi_7e7a62f.pf_index": TEXT, "_headers": TEXT,
    }
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


COMPRESSED = ["index.html", "lao-dong/index.html", "assets/tusach/tusach.0123456789.css",
              "sw.js", "manifest.webmanifest", "sitemap.xml", "catalogue.json",
              "sach-noi/x/vi-bac.vtt", "infographic/x/doc.svg", "robots.txt"]


def copies(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.suffix in (".br", ".gz")}


def test_text_files_get_copies_that_decompress_to_the_original(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    done = precompress(site)
    made = copies(site)
    assert sorted(made) == sorted(f"{rel}{s}" for rel in COMPRESSED for s in (".br", ".gz"))
    assert done.bytes == sum(len(data) for data in made.values())
    for rel in COMPRESSED:
        original = (site / rel).read_bytes()
        assert brotli.decompress(made[f"{rel}.br"]) == original
        assert gzip.decompress(made[f"{rel}.gz"]) == original
        assert len(made[f"{rel}.br"]) < len(original)


def test_gzip_copies_carry_no_name_and_no_time(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    precompress(site)
    header = (site / "index.html.gz").read_bytes()[:10]
    assert header[:3] == b"\x1f\x8b\x08"
    assert header[3] == 0  # flags: no FNAME, no comment
    assert header[4:8] == b"\0\0\0\0"  # mtime


def test_two_runs_give_the_same_bytes(tmp_path: Path) -> None:
    first = make_site(tmp_path / "a")
    second = make_site(tmp_path / "b")
    precompress(first, jobs=2)
    precompress(second, jobs=1)
    assert copies(first) == copies(second)
    again = copies(first)
    precompress(first)  # over its own copies: none is compressed again
    assert copies(first) == again


@pytest.mark.parametrize("rel", ["small.html", "random.js", "sach-noi/x/vi-bac.mp3",
                                 "the-chia-se/x.png", "assets/tusach/fonts/a.0123456789.woff2",
                                 "tai-ve/bundle.zip", "sach-dien-tu/x.epub",
                                 "pagefind/wasm.vi.pagefind",
                                 "pagefind/fragment/vi_7e7a62f.pf_fragment",
                                 "pagefind/index/vi_7e7a62f.pf_index", "_headers"])
def test_skipped_small_incompressible_binary_and_pagefind_files(tmp_path: Path, rel: str) -> None:
    site = make_site(tmp_path)
    precompress(site)
    assert not (site / f"{rel}.br").exists()
    assert not (site / f"{rel}.gz").exists()


def test_a_copy_that_no_longer_helps_is_removed(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    precompress(site)
    (site / "index.html").write_bytes(b"x" * (MIN_SIZE - 1))
    precompress(site)
    assert not (site / "index.html.br").exists()
    assert not (site / "index.html.gz").exists()


def test_a_copy_whose_file_is_gone_is_removed(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    precompress(site)
    (site / "lao-dong" / "index.html").unlink()
    precompress(site)
    assert not (site / "lao-dong" / "index.html.br").exists()
    assert not (site / "lao-dong" / "index.html.gz").exists()
    assert (site / "index.html.br").exists()


def test_an_empty_site(tmp_path: Path) -> None:
    assert precompress(tmp_path).bytes == 0


@pytest.mark.parametrize(("rel", "levels"), [
    ("assets/tusach/tusach.0123456789.css", MAXIMUM),
    ("assets/stylesheets/main.57a0d79d.min.css", MAXIMUM),
    ("sach-noi/x/vi-bac.vtt", MAXIMUM), ("infographic/x/doc.svg", MAXIMUM),
    ("index.html", FAST), ("lao-dong/bai/index.html", FAST), ("sw.js", FAST),
    ("catalogue.json", FAST), ("sitemap.xml", FAST), ("pagefind/pagefind.js", FAST),
    ("assets/tusach/LICENSE.txt", FAST),
])
def test_the_level_fits_the_file(rel: str, levels: compress.Levels) -> None:
    """What keeps its bytes across builds (a hash in its name, media) gets the maximum."""
    assert levels_for(rel) == levels


def test_pages_fast_hashed_assets_at_the_maximum(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    precompress(site)
    page = (site / "index.html").read_bytes()
    css = (site / "assets/tusach/tusach.0123456789.css").read_bytes()
    assert (site / "index.html.br").read_bytes() == compress._pack(page, ".br", 6)
    assert (site / "index.html.gz").read_bytes() == compress._pack(page, ".gz", 6)
    assert (site / "assets/tusach/tusach.0123456789.css.br").read_bytes() \
        == compress._pack(css, ".br", 11)
    assert (site / "assets/tusach/tusach.0123456789.css.gz").read_bytes() \
        == gzip.compress(css, 9, mtime=0)


def cached_copies(cache: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((cache / CACHE_KIND).iterdir())}


def test_an_unchanged_file_takes_its_copies_from_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    first = precompress(make_site(tmp_path / "a"), jobs=1, cache_dir=cache)
    assert first.made > 0  # and reused: identical files share one entry
    expected = copies(tmp_path / "a")

    def no_packing(*args: object) -> bytes:
        raise AssertionError("compressed again")

    monkeypatch.setattr(compress, "_pack", no_packing)
    second_site = make_site(tmp_path / "b")
    second = precompress(second_site, jobs=1, cache_dir=cache)
    assert (second.made, second.reused, second.bytes) \
        == (0, first.made + first.reused, first.bytes)
    assert copies(second_site) == expected
    # Linked, not copied: same file as the cache's entry.
    inodes = {p.stat().st_ino for p in (cache / CACHE_KIND).iterdir()}
    assert (second_site / "index.html.br").stat().st_ino in inodes


def test_the_cache_gives_the_same_bytes_as_no_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    precompress(make_site(tmp_path / "a"), jobs=2, cache_dir=cache)
    precompress(make_site(tmp_path / "b"), jobs=2, cache_dir=cache)
    precompress(make_site(tmp_path / "c"))
    assert copies(tmp_path / "a") == copies(tmp_path / "b") == copies(tmp_path / "c")


@pytest.mark.parametrize("damage", ["flipped", "truncated", "empty"])
def test_a_corrupt_cache_entry_is_made_again(tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    first = precompress(make_site(tmp_path / "a"), jobs=1, cache_dir=cache)
    expected = copies(tmp_path / "a")  # before the damage: the site's copies are links
    good = cached_copies(cache)
    for entry in (cache / CACHE_KIND).iterdir():
        data = entry.read_bytes()
        entry.write_bytes({"flipped": data[:-12] + bytes([data[-12] ^ 1]) + data[-11:],
                           "truncated": data[: len(data) // 2], "empty": b""}[damage])
    site = make_site(tmp_path / "b")
    again = precompress(site, jobs=1, cache_dir=cache)
    assert (again.made, again.reused) == (first.made, first.reused)
    assert copies(site) == expected
    assert cached_copies(cache) == good


def test_the_cache_keeps_only_the_copies_the_site_uses(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    site = make_site(tmp_path / "a")
    precompress(site, jobs=1, cache_dir=cache)
    before = set(cached_copies(cache))
    leftover = cache / CACHE_KIND / ".x.br.123.tmp"
    leftover.write_bytes(b"another build's")
    (site / "lao-dong" / "index.html").write_bytes(TEXT + "<p>sửa</p>".encode())
    precompress(site, jobs=1, cache_dir=cache)
    after = set(cached_copies(cache)) - {leftover.name}
    assert len(before - after) == 2 and len(after - before) == 2  # the page's old .br/.gz
    assert leftover.exists()


def test_without_links_the_copies_are_written(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache on another file system than the site: copies and entries written, not linked."""
    def cross_device(*args: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    cache = tmp_path / "cache"
    expected = copies(precompress_plain(tmp_path / "plain"))
    monkeypatch.setattr(compress.os, "link", cross_device)
    for name in ("a", "b"):
        site = make_site(tmp_path / name)
        precompress(site, jobs=1, cache_dir=cache)
        assert copies(site) == expected
    assert precompress(make_site(tmp_path / "c"), jobs=1, cache_dir=cache).made == 0


def precompress_plain(root: Path) -> Path:
    site = make_site(root)
    precompress(site, jobs=1)
    return site
