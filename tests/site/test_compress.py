"""Precompressed .br/.gz copies: faithful, deterministic, and only where they help."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli
import pytest

from generators.site.compress import MIN_SIZE, precompress

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
    added = precompress(site)
    made = copies(site)
    assert sorted(made) == sorted(f"{rel}{s}" for rel in COMPRESSED for s in (".br", ".gz"))
    assert added == sum(len(data) for data in made.values())
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


def test_an_empty_site(tmp_path: Path) -> None:
    assert precompress(tmp_path) == 0
